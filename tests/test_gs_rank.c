/*
 * test_gs_rank.c - the rating formula by hand-computed examples (duels,
 * upsets, draws, free-for-all, teams, dropped players, the clamps), its
 * symmetry over a grid of ratings, the stats outcome of README 11.1, and
 * the caste ladder of README 11.4: the unranked castes by games, the
 * named positions, and the band breakpoints for 9, 100 and 1000 active
 * players, with equals never split by a breakpoint.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "gs_rank.h"

static struct gs_rank_ent
ent(int32_t rating, int team, int place, int dropped)
{
	struct gs_rank_ent	e = { 0 };

	e.rating = rating;
	e.team = team;
	e.place = place;
	e.dropped = dropped;
	return e;
}

static void
test_expect(void **state)
{
	int32_t	d, prev = 0;

	(void)state;
	assert_int_equal(gs_rank_expect(0), 5000);
	assert_int_equal(gs_rank_expect(400), 9091);
	assert_int_equal(gs_rank_expect(-400), 909);
	assert_int_equal(gs_rank_expect(12), 5172);	/* 5000 + 359*12/25 */
	assert_int_equal(gs_rank_expect(800), 9901);
	assert_int_equal(gs_rank_expect(5000), 9901);
	assert_int_equal(gs_rank_expect(INT32_MIN + 1), 99);
	for (d = -1000; d <= 1000; d++) {
		assert_int_equal(gs_rank_expect(d) + gs_rank_expect(-d),
		    GS_RANK_SCALE);
		assert_true(gs_rank_expect(d) >= prev);
		prev = gs_rank_expect(d);
	}
}

static void
test_duel(void **state)
{
	struct gs_rank_ent	v[2];

	(void)state;
	v[0] = ent(1500, 0, 1, 0);
	v[1] = ent(1500, 1, 2, 0);
	gs_rank_rate(v, 2);
	assert_int_equal(v[0].after, 1516);
	assert_int_equal(v[1].after, 1484);
	assert_int_equal(v[0].opponents, 1);
	/* The favourite wins: round(32 * 2403 / 10000) = 8. */
	v[0] = ent(1700, 0, 1, 0);
	v[1] = ent(1500, 1, 2, 0);
	gs_rank_rate(v, 2);
	assert_int_equal(v[0].after, 1708);
	assert_int_equal(v[1].after, 1492);
	/* The upset: round(32 * 7597 / 10000) = 24. */
	v[0] = ent(1700, 0, 2, 0);
	v[1] = ent(1500, 1, 1, 0);
	gs_rank_rate(v, 2);
	assert_int_equal(v[0].after, 1676);
	assert_int_equal(v[1].after, 1524);
}

static void
test_draw(void **state)
{
	struct gs_rank_ent	v[2];

	(void)state;
	v[0] = ent(1500, 0, 1, 0);
	v[1] = ent(1500, 1, 1, 0);
	gs_rank_rate(v, 2);
	assert_int_equal(v[0].after, 1500);
	assert_int_equal(v[1].after, 1500);
	v[0] = ent(1700, 0, 1, 0);
	v[1] = ent(1500, 1, 1, 0);
	gs_rank_rate(v, 2);
	assert_int_equal(v[0].after, 1692);
	assert_int_equal(v[1].after, 1508);
}

/* Two players: whatever the ratings and result, no points appear. */
static void
test_symmetry(void **state)
{
	struct gs_rank_ent	v[2];
	int32_t			a, b;
	int			pa, pb;

	(void)state;
	for (a = 1000; a <= 2400; a += 37)
		for (b = 1000; b <= 2400; b += 53)
			for (pa = 1; pa <= 2; pa++)
				for (pb = 1; pb <= 2; pb++) {
					v[0] = ent(a, 0, pa, 0);
					v[1] = ent(b, 1, pb, 0);
					gs_rank_rate(v, 2);
					assert_int_equal(v[0].after - a,
					    b - v[1].after);
				}
}

static void
test_free_for_all(void **state)
{
	struct gs_rank_ent	v[4];
	int			i, sum = 0;

	(void)state;
	for (i = 0; i < 4; i++)
		v[i] = ent(1500, i, i + 1, 0);
	gs_rank_rate(v, 4);
	assert_int_equal(v[0].after, 1516);	/* 3 wins of 3 */
	assert_int_equal(v[1].after, 1505);	/* 32 * 5000 / 30000 */
	assert_int_equal(v[2].after, 1495);
	assert_int_equal(v[3].after, 1484);
	for (i = 0; i < 4; i++) {
		assert_int_equal(v[i].opponents, 3);
		sum += v[i].after - 1500;
	}
	assert_int_equal(sum, 0);
}

/* Teammates are not opponents; each pair across teams is one game. */
static void
test_teams(void **state)
{
	struct gs_rank_ent	v[4];

	(void)state;
	v[0] = ent(1500, 7, 1, 0);
	v[1] = ent(1500, 7, 1, 0);
	v[2] = ent(1500, 3, 2, 0);
	v[3] = ent(1500, 3, 2, 0);
	gs_rank_rate(v, 4);
	assert_int_equal(v[0].after, 1516);
	assert_int_equal(v[1].after, 1516);
	assert_int_equal(v[2].after, 1484);
	assert_int_equal(v[3].after, 1484);
	assert_int_equal(v[0].opponents, 2);
	v[0] = ent(1600, 7, 1, 0);
	v[1] = ent(1400, 7, 1, 0);
	v[2] = ent(1500, 3, 2, 0);
	v[3] = ent(1500, 3, 2, 0);
	gs_rank_rate(v, 4);
	assert_int_equal(v[0].after, 1612);	/* 32 * 7198 / 20000 */
	assert_int_equal(v[1].after, 1420);	/* 32 * 12802 / 20000 */
	assert_int_equal(v[2].after, 1484);
	assert_int_equal(v[3].after, 1484);
	/* One team only: nobody to win against. */
	v[2].team = v[3].team = 7;
	gs_rank_rate(v, 4);
	assert_int_equal(v[0].after, 1600);
	assert_int_equal(v[0].opponents, 0);
}

static void
test_dropped(void **state)
{
	struct gs_rank_ent	v[3];

	(void)state;
	/* On the winning team, but left: lost to the one who stayed. */
	v[0] = ent(1500, 0, 1, 1);
	v[1] = ent(1500, 0, 1, 0);
	v[2] = ent(1500, 1, 2, 0);
	gs_rank_rate(v, 3);
	assert_int_equal(v[0].after, 1484);
	assert_int_equal(v[1].after, 1516);
	assert_int_equal(v[2].after, 1500);	/* +16 - 16 over 2 */
	/* Both sides left: a draw between them. */
	v[0] = ent(1500, 0, 1, 1);
	v[1] = ent(1500, 1, 2, 1);
	gs_rank_rate(v, 2);
	assert_int_equal(v[0].after, 1500);
	assert_int_equal(v[1].after, 1500);
}

static void
test_clamp(void **state)
{
	struct gs_rank_ent	v[2];

	(void)state;
	v[0] = ent(GS_RATING_MAX, 0, 1, 0);
	v[1] = ent(GS_RATING_MAX - 1, 1, 2, 0);
	gs_rank_rate(v, 2);
	assert_int_equal(v[0].after, GS_RATING_MAX);
	v[0] = ent(GS_RATING_MIN, 0, 2, 0);
	v[1] = ent(GS_RATING_MIN + 1, 1, 1, 0);
	gs_rank_rate(v, 2);
	assert_int_equal(v[0].after, GS_RATING_MIN);
	/* Out-of-range input is neither overflowed nor kept. */
	v[0] = ent(INT32_MAX, 0, 2, 0);
	v[1] = ent(INT32_MIN, 1, 1, 0);
	gs_rank_rate(v, 2);
	assert_int_equal(v[0].after, GS_RATING_MAX);
	assert_int_equal(v[1].after, GS_RATING_MIN);
}

static void
test_outcome(void **state)
{
	(void)state;
	assert_int_equal(gs_rank_outcome(1, 0, 0), GS_WIN);
	assert_int_equal(gs_rank_outcome(1, 1, 0), GS_TIE);
	assert_int_equal(gs_rank_outcome(2, 0, 0), GS_LOSS);
	assert_int_equal(gs_rank_outcome(2, 1, 0), GS_LOSS);
	assert_int_equal(gs_rank_outcome(1, 0, 1), GS_LOSS);
	assert_int_equal(gs_rank_outcome(1, 1, 1), GS_LOSS);
}

static void
test_castes_by_games(void **state)
{
	struct gs_caste_ent	v[5] = { { 0 } };
	int			i;

	(void)state;
	assert_int_equal(gs_rank_caste_games(0), 0);
	assert_int_equal(gs_rank_caste_games(1), 1);
	assert_int_equal(gs_rank_caste_games(2), 2);
	assert_int_equal(gs_rank_caste_games(3), 2);
	for (i = 0; i < 5; i++) {
		v[i].id = i;
		v[i].games = i;
		v[i].rating = 2000 - i;	/* the best have the fewest games */
	}
	gs_rank_castes(v, 5);
	assert_int_equal(v[0].id, 4);
	assert_int_equal(v[0].caste, GS_CASTE_COMET);
	assert_int_equal(v[0].position, 1);
	for (i = 1; i < 5; i++) {
		assert_int_equal(v[i].id, i - 1);
		assert_int_equal(v[i].position, 0);
		assert_int_equal(v[i].caste, gs_rank_caste_games(i - 1));
	}
	gs_rank_castes(v, 0);
}

/* ladder - n active players, distinct ratings, given worst first. */
static struct gs_caste_ent *
ladder(size_t n)
{
	struct gs_caste_ent	*v = calloc(n, sizeof(*v));
	size_t			 i;

	assert_non_null(v);
	for (i = 0; i < n; i++) {
		v[i].id = (int64_t)i;
		v[i].rating = (int32_t)(1000 + i);
		v[i].games = 10;
	}
	gs_rank_castes(v, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(v[i].position, i + 1);
		assert_int_equal(v[i].rating, 1000 + (n - 1 - i));
	}
	return v;
}

struct mark {
	uint32_t	position;
	int		caste;
};

/* Each mark: the caste at that position and up to the next mark. */
static void
check_marks(const struct gs_caste_ent *v, size_t n, const struct mark *m,
    size_t nm)
{
	size_t	i, k = 0;

	for (i = 0; i < n; i++) {
		while (k + 1 < nm && m[k + 1].position <= i + 1)
			k++;
		if (v[i].caste != m[k].caste)
			fail_msg("position %zu: caste %d, want %d", i + 1,
			    v[i].caste, m[k].caste);
	}
}

static const struct mark	named[] = {
	{ 1, 16 }, { 2, 15 }, { 3, 14 }, { 4, 13 }, { 6, 12 }
};

static void
test_ladder_small(void **state)
{
	static const struct mark	nine[] = {
		{ 1, 16 }, { 2, 15 }, { 3, 14 }, { 4, 13 }, { 6, 12 },
		{ 9, 6 }	/* 6..11 % of 9 round to nobody; 12 % to one */
	};
	struct gs_caste_ent		*v;

	(void)state;
	v = ladder(8);
	check_marks(v, 8, named, sizeof(named) / sizeof(named[0]));
	free(v);
	v = ladder(9);
	check_marks(v, 9, nine, sizeof(nine) / sizeof(nine[0]));
	free(v);
	v = ladder(1);
	assert_int_equal(v[0].caste, GS_CASTE_COMET);
	free(v);
}

static void
test_ladder_100(void **state)
{
	static const struct mark	m[] = {
		{ 1, 16 }, { 2, 15 }, { 3, 14 }, { 4, 13 }, { 6, 12 },
		{ 9, 11 }, { 15, 10 }, { 22, 9 }, { 31, 8 }, { 41, 7 },
		{ 52, 6 }, { 64, 5 }, { 78, 4 }, { 93, 3 }
	};
	struct gs_caste_ent		*v = ladder(100);

	(void)state;
	check_marks(v, 100, m, sizeof(m) / sizeof(m[0]));
	free(v);
}

static void
test_ladder_1000(void **state)
{
	static const struct mark	m[] = {
		{ 1, 16 }, { 2, 15 }, { 3, 14 }, { 4, 13 }, { 6, 12 },
		{ 9, 11 }, { 69, 10 }, { 139, 9 }, { 229, 8 }, { 329, 7 },
		{ 439, 6 }, { 559, 5 }, { 699, 4 }, { 849, 3 }
	};
	struct gs_caste_ent		*v = ladder(1000);

	(void)state;
	check_marks(v, 1000, m, sizeof(m) / sizeof(m[0]));
	free(v);
}

/* Equals across a breakpoint share the upper caste; games break ties. */
static void
test_ladder_ties(void **state)
{
	struct gs_caste_ent	v[100];
	int			i;

	(void)state;
	for (i = 0; i < 100; i++) {
		v[i].id = 100 - i;
		v[i].rating = 2000 - i;
		v[i].games = 10;
	}
	v[1].rating = 2000;		/* level with #1 */
	v[14].rating = v[13].rating;	/* #15 level with #14 */
	v[20].rating = v[21].rating;	/* #21 and #22: same rating */
	v[21].games = 11;		/* but #22 played more */
	gs_rank_castes(v, 100);
	assert_int_equal(v[0].caste, 16);
	assert_int_equal(v[1].caste, 16);
	assert_int_equal(v[0].id, 99);	/* equal rating and games: id */
	assert_int_equal(v[2].caste, 14);
	assert_int_equal(v[13].caste, 11);
	assert_int_equal(v[14].caste, 11);
	assert_int_equal(v[15].caste, 10);
	assert_int_equal(v[20].games, 11);
	assert_int_equal(v[20].caste, 10);
	assert_int_equal(v[21].caste, 9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expect),
		cmocka_unit_test(test_duel),
		cmocka_unit_test(test_draw),
		cmocka_unit_test(test_symmetry),
		cmocka_unit_test(test_free_for_all),
		cmocka_unit_test(test_teams),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_clamp),
		cmocka_unit_test(test_outcome),
		cmocka_unit_test(test_castes_by_games),
		cmocka_unit_test(test_ladder_small),
		cmocka_unit_test(test_ladder_100),
		cmocka_unit_test(test_ladder_1000),
		cmocka_unit_test(test_ladder_ties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
