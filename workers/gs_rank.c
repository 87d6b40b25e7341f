/*
 * gs_rank.c - the rating formula and the caste ladder (gs_rank.h).
 * Integers only.  The expected score of a pair comes from a table of the
 * logistic curve 1 / (1 + 10^(-d/400)) every 25 points, interpolated
 * linearly, and the two sides of a pair always add up to GS_RANK_SCALE;
 * every division rounds half away from zero.  Together these make a
 * two-player game move both ratings by the same amount, in opposite
 * directions, and a draw between equals move nothing.
 */
#include <limits.h>
#include <stdlib.h>

#include "gs_rank.h"

#define GS_EXPECT_STEP	25
#define GS_NAMED	8	/* ladder positions with a named caste */
#define GS_LOW_CASTE	3

/* 10000 / (1 + 10^(-d / 400)) for d = 0, 25, ..., 800, rounded. */
static const int16_t	gs_expect_tab[] = {
	5000, 5359, 5715, 6063, 6401, 6725, 7034, 7325, 7597, 7850, 8083,
	8296, 8490, 8666, 8823, 8965, 9091, 9203, 9302, 9390, 9468, 9536,
	9595, 9648, 9693, 9733, 9768, 9799, 9825, 9848, 9868, 9886, 9901
};
#define GS_EXPECT_N	(sizeof(gs_expect_tab) / sizeof(gs_expect_tab[0]))
#define GS_EXPECT_FLAT	((int64_t)(GS_EXPECT_N - 1) * GS_EXPECT_STEP)

/* README 11.4: positions 1-8, then castes 11..3 by share of the ladder. */
static const int	gs_named[GS_NAMED] = { 16, 15, 14, 13, 13, 12, 12, 12 };
static const struct {
	int	caste;
	int	pct;
} gs_bands[] = {
	{ 11, 6 }, { 10, 7 }, { 9, 9 }, { 8, 10 }, { 7, 11 }, { 6, 12 },
	{ 5, 14 }, { 4, 15 }, { GS_LOW_CASTE, 16 }
};
#define GS_BANDS	(sizeof(gs_bands) / sizeof(gs_bands[0]))

static int64_t	gs_div(int64_t, int64_t);
static int	gs_eff_place(const struct gs_rank_ent *);
static int32_t	gs_pair(const struct gs_rank_ent *, const struct gs_rank_ent *);
static int32_t	gs_clamp(int64_t);
static int	gs_caste_cmp(const void *, const void *);
static int	gs_same_rank(const struct gs_caste_ent *,
		    const struct gs_caste_ent *);
static void	gs_ladder(struct gs_caste_ent *, size_t);

/* gs_div - num / den rounded half away from zero; den > 0. */
static int64_t
gs_div(int64_t num, int64_t den)
{
	if (num < 0)
		return -((-num * 2 + den) / (den * 2));
	return (num * 2 + den) / (den * 2);
}

int32_t
gs_rank_expect(int32_t diff)
{
	int64_t	d = diff < 0 ? -(int64_t)diff : diff;
	int64_t	i, e;

	if (d >= GS_EXPECT_FLAT)
		e = gs_expect_tab[GS_EXPECT_N - 1];
	else {
		i = d / GS_EXPECT_STEP;
		e = gs_expect_tab[i] + gs_div((gs_expect_tab[i + 1] -
		    gs_expect_tab[i]) * (d % GS_EXPECT_STEP), GS_EXPECT_STEP);
	}
	return (int32_t)(diff < 0 ? GS_RANK_SCALE - e : e);
}

/* A player who left lost to everyone who stayed. */
static int
gs_eff_place(const struct gs_rank_ent *e)
{
	return e->dropped ? INT_MAX : e->place;
}

/* gs_pair - actual minus expected score of a against b, in 1/SCALE. */
static int32_t
gs_pair(const struct gs_rank_ent *a, const struct gs_rank_ent *b)
{
	int	pa = gs_eff_place(a), pb = gs_eff_place(b);
	int64_t	d = (int64_t)a->rating - b->rating;
	int32_t	s;

	/* The curve is flat beyond the table: clamping keeps int32 safe. */
	if (d > GS_EXPECT_FLAT || d < -GS_EXPECT_FLAT)
		d = d < 0 ? -GS_EXPECT_FLAT : GS_EXPECT_FLAT;
	s = pa < pb ? GS_RANK_SCALE : pa == pb ? GS_RANK_SCALE / 2 : 0;
	return s - gs_rank_expect((int32_t)d);
}

static int32_t
gs_clamp(int64_t r)
{
	if (r < GS_RATING_MIN)
		return GS_RATING_MIN;
	return r > GS_RATING_MAX ? GS_RATING_MAX : (int32_t)r;
}

/*
 * K is shared out over the opponents: beating everyone in a game of
 * eight is worth as much as beating the one opponent of a duel.
 */
void
gs_rank_rate(struct gs_rank_ent *v, size_t n)
{
	int64_t	sum;
	size_t	i, j;

	for (i = 0; i < n; i++) {
		sum = 0;
		v[i].opponents = 0;
		for (j = 0; j < n; j++) {
			if (v[j].team == v[i].team)
				continue;
			sum += gs_pair(&v[i], &v[j]);
			v[i].opponents++;
		}
		v[i].after = v[i].rating;
		if (v[i].opponents > 0)
			v[i].after = gs_clamp(v[i].rating + gs_div(GS_RANK_K *
			    sum, (int64_t)GS_RANK_SCALE * v[i].opponents));
	}
}

enum gs_outcome
gs_rank_outcome(int place, int tie, int dropped)
{
	if (dropped || place != 1)
		return GS_LOSS;
	return tie ? GS_TIE : GS_WIN;
}

int
gs_rank_caste_games(int32_t games)
{
	if (games <= 0)
		return 0;
	return games == 1 ? 1 : 2;
}

static int
gs_caste_cmp(const void *pa, const void *pb)
{
	const struct gs_caste_ent	*a = pa, *b = pb;
	int				 aa = a->games > GS_RANK_ACTIVE;
	int				 ab = b->games > GS_RANK_ACTIVE;

	if (aa != ab)
		return ab - aa;
	if (a->rating != b->rating)
		return a->rating > b->rating ? -1 : 1;
	if (a->games != b->games)
		return a->games > b->games ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int
gs_same_rank(const struct gs_caste_ent *a, const struct gs_caste_ent *b)
{
	return a->rating == b->rating && a->games == b->games;
}

/*
 * gs_ladder - v[0..n) are the active players, best first.  A band whose
 * share rounds down to nobody is skipped; players left over when every
 * band is full stay in the lowest band.  A player level with the one
 * before (same rating and games) takes that player's caste: a breakpoint
 * never splits equals, though the equal still fills a place of its band.
 */
static void
gs_ladder(struct gs_caste_ent *v, size_t n)
{
	size_t	p, band = 0;
	int64_t	left = (int64_t)gs_bands[0].pct * (int64_t)n / 100;

	for (p = 0; p < n; p++) {
		v[p].position = (uint32_t)(p + 1);
		if (p < GS_NAMED)
			v[p].caste = gs_named[p];
		else {
			while (left == 0 && band + 1 < GS_BANDS) {
				band++;
				left = (int64_t)gs_bands[band].pct *
				    (int64_t)n / 100;
			}
			if (left > 0)
				left--;
			v[p].caste = gs_bands[band].caste;
		}
		if (p > 0 && gs_same_rank(&v[p], &v[p - 1]))
			v[p].caste = v[p - 1].caste;
	}
}

void
gs_rank_castes(struct gs_caste_ent *v, size_t n)
{
	size_t	i, active;

	if (n == 0)
		return;
	qsort(v, n, sizeof(*v), gs_caste_cmp);
	for (active = 0; active < n && v[active].games > GS_RANK_ACTIVE;
	    active++)
		;
	gs_ladder(v, active);
	for (i = active; i < n; i++) {
		v[i].position = 0;
		v[i].caste = gs_rank_caste_games(v[i].games);
	}
}
