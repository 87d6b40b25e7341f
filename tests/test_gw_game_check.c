/*
 * test_gw_game_check.c - what the gateway makes of a client's 104 and
 * 116 (gw_game_check.c): a real game description (the protocol's
 * create_game vector) is taken; more than 1024 bytes, a name over 31 or
 * a map name over 63 characters, or data without the 568-byte frame and
 * two strings are refused with a reason naming the limit; a game search
 * matches type, scoring, the option preferences and the names as
 * README 12.6 and 11.6 say.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gw_game.h"
#include "tvec.h"

#define BUF	2048

static char	why[MS_TEXT_MAX];

/* create - a 104 payload: port, order, the 568-byte frame and names. */
static size_t
create(uint8_t *p, const char *name, const char *map, uint32_t opts)
{
	size_t	n = 4 + MW_GAME_DATA_FIXED;

	memset(p, 0, BUF);
	p[0] = 0x0d;
	p[1] = 0x7d;
	p[4 + 1] = 5;				/* type 5 */
	p[4 + 3] = 3;				/* scoring 3 */
	p[4 + 4] = (uint8_t)(opts >> 24);
	p[4 + 5] = (uint8_t)(opts >> 16);
	p[4 + 6] = (uint8_t)(opts >> 8);
	p[4 + 7] = (uint8_t)opts;
	memcpy(p + n, name, strlen(name) + 1);
	n += strlen(name) + 1;
	memcpy(p + n, map, strlen(map) + 1);
	return n + strlen(map) + 1;
}

static int
check(const uint8_t *p, size_t len)
{
	struct mw_create_game	cg;

	why[0] = '\0';
	return gg_create_check(p, len, &cg, why, sizeof(why));
}

static void
t_vector(void **state)
{
	struct mw_create_game	cg;
	uint8_t			pkt[BUF];
	size_t			n;

	(void)state;
	n = tvec_load("create_game.hex", pkt, sizeof(pkt));
	assert_true(n > MW_HEADER_SIZE + 4 + MW_GAME_DATA_FIXED);
	assert_int_equal(gg_create_check(pkt + MW_HEADER_SIZE,
	    n - MW_HEADER_SIZE, &cg, why, sizeof(why)), 0);
	assert_int_equal(cg.port, 3453);
	assert_int_equal(cg.data_len, n - MW_HEADER_SIZE - 4);
	assert_ptr_equal(cg.data, pkt + MW_HEADER_SIZE + 4);
}

static void
t_too_large(void **state)
{
	uint8_t	p[BUF];
	size_t	n;

	(void)state;
	n = create(p, "big", "map", 0);
	assert_int_equal(check(p, 4 + MW_GAME_DATA_MAX), 0);
	assert_int_equal(check(p, 4 + MW_GAME_DATA_MAX + 1), -1);
	assert_non_null(strstr(why, "1025"));
	assert_non_null(strstr(why, "1024"));
	assert_int_equal(check(p, n), 0);
}

static void
t_names(void **state)
{
	char	name[64], map[80];
	uint8_t	p[BUF];

	(void)state;
	memset(name, 'n', 31);
	name[31] = '\0';
	memset(map, 'm', 63);
	map[63] = '\0';
	assert_int_equal(check(p, create(p, name, map, 0)), 0);

	name[31] = 'n';
	name[32] = '\0';
	assert_int_equal(check(p, create(p, name, map, 0)), -1);
	assert_non_null(strstr(why, "31"));

	name[31] = '\0';
	map[63] = 'm';
	map[64] = '\0';
	assert_int_equal(check(p, create(p, name, map, 0)), -1);
	assert_non_null(strstr(why, "63"));
}

static void
t_malformed(void **state)
{
	uint8_t	p[BUF];
	size_t	n;

	(void)state;
	n = create(p, "g", "m", 0);
	/* The frame alone, the frame and one string, a cut name. */
	assert_int_equal(check(p, 4 + MW_GAME_DATA_FIXED), -1);
	assert_non_null(strstr(why, "568"));
	assert_int_equal(check(p, 4 + MW_GAME_DATA_FIXED + 2), -1);
	assert_int_equal(check(p, n - 1), -1);
	assert_int_equal(check(p, 3), -1);
	assert_int_equal(check(p, 0), -1);
	assert_int_equal(check(p, 4), -1);
	assert_int_equal(check(p, n), 0);
}

static struct mw_game_search_query
any(void)
{
	struct mw_game_search_query	q;

	q.game_type = q.game_scoring = -1;
	q.veterans = q.unit_trading = q.teams = q.alliances = 2;
	q.enemy_visibility = 2;
	q.game_name = "";
	q.map_name = "";
	return q;
}

static int
match(const struct mw_game_search_query *q, uint32_t opts)
{
	uint8_t	p[BUF];
	size_t	n;

	n = create(p, "Bob's Big Game", "Shiver", opts);
	return gg_search_match(q, p + 4, n - 4);
}

static void
t_search_type(void **state)
{
	struct mw_game_search_query	q = any();

	(void)state;
	assert_true(match(&q, 0));
	q.game_type = 5;
	assert_true(match(&q, 0));
	q.game_type = 4;
	assert_false(match(&q, 0));
	q = any();
	q.game_scoring = 3;
	assert_true(match(&q, 0));
	q.game_scoring = 0;
	assert_false(match(&q, 0));
}

/* Each preference against its bit: 0 required, 1 despised, else any. */
static void
t_search_options(void **state)
{
	struct {
		size_t		off;
		uint32_t	bit;
	} prefs[] = {
		{ offsetof(struct mw_game_search_query, veterans), 1u << 5 },
		{ offsetof(struct mw_game_search_query, unit_trading),
		    1u << 4 },
		{ offsetof(struct mw_game_search_query, teams), 1u << 1 },
		{ offsetof(struct mw_game_search_query, alliances), 1u << 13 },
		{ offsetof(struct mw_game_search_query, enemy_visibility),
		    1u << 2 },
	};
	struct mw_game_search_query	q;
	uint32_t			others = 1u << 14 | 1u << 0;
	size_t				i;
	int16_t				*pref;

	(void)state;
	for (i = 0; i < sizeof(prefs) / sizeof(prefs[0]); i++) {
		q = any();
		pref = (int16_t *)(void *)((char *)&q + prefs[i].off);
		*pref = 0;
		assert_true(match(&q, prefs[i].bit | others));
		assert_false(match(&q, others));
		*pref = 1;
		assert_false(match(&q, prefs[i].bit | others));
		assert_true(match(&q, others));
		*pref = 2;
		assert_true(match(&q, prefs[i].bit));
		assert_true(match(&q, 0));
		*pref = 7;
		assert_true(match(&q, prefs[i].bit));
		assert_true(match(&q, 0));
	}
}

static void
t_search_names(void **state)
{
	struct mw_game_search_query	q = any();
	uint8_t				p[BUF];

	(void)state;
	q.game_name = "big";
	assert_true(match(&q, 0));
	q.game_name = "BOB'S BIG GAME";
	assert_true(match(&q, 0));
	q.game_name = "small";
	assert_false(match(&q, 0));
	q.game_name = "Bob's Big Game!";
	assert_false(match(&q, 0));
	q = any();
	q.map_name = "hiv";
	assert_true(match(&q, 0));
	q.map_name = "Forest";
	assert_false(match(&q, 0));
	q.game_name = NULL;
	q.map_name = NULL;
	assert_true(match(&q, 0));
	/* Data that does not decode matches nothing. */
	memset(p, 0, sizeof(p));
	assert_false(gg_search_match(&q, p, 100));
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(t_vector),
		cmocka_unit_test(t_too_large),
		cmocka_unit_test(t_names),
		cmocka_unit_test(t_malformed),
		cmocka_unit_test(t_search_type),
		cmocka_unit_test(t_search_options),
		cmocka_unit_test(t_search_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
