/*
 * test_pst_results.c - game results in the store's database (mkdtemp):
 * migration of a v1 file to schema 2 with its accounts kept, a result
 * stored once however often it is resent (ratings move once), unranked
 * rooms and co-op games stored without ratings, guests stored without a
 * user id and never rated, a failure half-way leaving nothing behind,
 * the caste pass over rated accounts, and the recent-results walk.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "gs_rank.h"
#include "gs_result.h"
#include "pst.h"
#include "test_pst_fx.h"

#define GUEST	(PST_GUEST_MIN + 7)

static int
fx_setup(void **state)
{
	return pst_fx_setup(state, "store.db");
}

/* res_init - pst_fx_result() with scoring 5 and a Mac Roman name */
static void
res_init(struct gs_result *r, uint64_t key, uint32_t room_type)
{
	pst_fx_result(r, key, room_type, 5);
	snprintf(r->game_name, sizeof(r->game_name), "Caf\x8e night");
}

/* res_player - pst_fx_player() with units killed after its id */
static void
res_player(struct gs_result *r, uint32_t id, const char *nick, int dropped)
{
	pst_fx_player(r, id, nick, dropped)->units_killed =
	    (int32_t)(id % 1000) * 3;
}

/* duel - winner beats loser in room type rt. */
static void
duel(struct gs_result *r, uint64_t key, uint32_t rt, uint32_t winner,
    uint32_t loser)
{
	res_init(r, key, rt);
	pst_fx_team(r, 1, 0, 0);
	res_player(r, winner, winner == GUEST ? "Guest" : "W", 0);
	pst_fx_team(r, 2, 0, 0);
	res_player(r, loser, loser == GUEST ? "Guest" : "L", 0);
}

static int32_t
rating(struct pst_fx *fx, int64_t id)
{
	struct pst_rating	g;
	int			rc = pst_rating_get(fx->db, id, &g);

	assert_int_not_equal(rc, -1);
	return rc == 0 ? g.rating : -1;
}

static const char	v1_schema[] =
	PST_FX_V1_TABLES
	"INSERT INTO accounts (name, name_key, pw_hash, created)"
	" VALUES ('Old', 'old', '$h', 7);"
	"INSERT INTO meta VALUES ('guest_next', 1073741900);"
	"PRAGMA user_version = 1;";

static void
test_migrate_v1(void **state)
{
	struct pst_fx		*fx = *state;
	struct pst_account	 a;
	struct gs_result	 r;

	pst_fx_exec(fx->path, v1_schema);
	assert_int_equal(pst_fx_int(fx->path, "PRAGMA user_version"), 1);
	pst_fx_open(fx);
	assert_int_equal(pst_fx_int(fx->path, "PRAGMA user_version"),
	    PST_DB_VERSION);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM "
	    "sqlite_master WHERE name IN ('results', 'result_teams', "
	    "'result_players', 'ratings')"), 4);
	assert_int_equal(pst_db_acct_get(fx->db, "old", &a), 0);
	assert_int_equal(a.id, 1);
	assert_int_equal(pst_fx_int(fx->path, "SELECT value FROM meta"),
	    1073741900);
	duel(&r, 77, 1, 1, GUEST);
	assert_int_equal(pst_result_store(fx->db, &r), 1);
	pst_fx_open(fx);		/* a second open migrates nothing */
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM results"),
	    1);
}

static void
test_store_once(void **state)
{
	struct pst_fx		*fx = *state;
	struct gs_result	 r;
	struct pst_rating	 g;

	pst_fx_open(fx);
	pst_fx_accounts(fx->db, 3);
	duel(&r, 0xc93840f44341d35bULL, 1, 1, 2);
	assert_int_equal(pst_result_store(fx->db, &r), 1);
	assert_int_equal(pst_result_store(fx->db, &r), 0);
	pst_fx_open(fx);		/* resent after a restart */
	r.ended = 1700;		/* a later copy of the same report */
	assert_int_equal(pst_result_store(fx->db, &r), 0);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM results"),
	    1);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM "
	    "result_teams"), 2);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM "
	    "result_players"), 2);
	assert_int_equal(pst_fx_int(fx->path, "SELECT ended FROM results"),
	    1600);
	assert_int_equal(pst_rating_get(fx->db, 1, &g), 0);
	assert_int_equal(g.rating, 1516);
	assert_int_equal(g.games, 1);
	assert_int_equal(g.wins, 1);
	assert_int_equal(g.losses, 0);
	assert_int_equal(g.caste, 1);
	assert_int_equal(g.updated, 1600);
	assert_int_equal(pst_rating_get(fx->db, 2, &g), 0);
	assert_int_equal(g.rating, 1484);
	assert_int_equal(g.losses, 1);
	assert_int_equal(pst_fx_int(fx->path, "SELECT rating_before * 10000 + "
	    "rating_after FROM result_players WHERE user_id = 2"), 15001484);
	/* A different game of the same two: a second change. */
	duel(&r, 2, 1, 2, 1);
	assert_int_equal(pst_result_store(fx->db, &r), 1);
	assert_int_equal(rating(fx, 1), 1516 - 17);
	assert_int_equal(rating(fx, 2), 1484 + 17);
}

/* Unranked rooms and co-op games: the result, no rating. */
static void
test_unranked(void **state)
{
	struct pst_fx		*fx = *state;
	struct gs_result	 r;

	pst_fx_open(fx);
	pst_fx_accounts(fx->db, 3);
	duel(&r, 10, GS_ROOM_UNRANKED, 1, 2);
	assert_int_equal(pst_result_store(fx->db, &r), 1);
	duel(&r, 11, 1, 1, 2);
	r.coop = 1;
	r.option_flags = GS_OPT_COOP;
	assert_int_equal(pst_result_store(fx->db, &r), 1);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM results"),
	    2);
	assert_int_equal(pst_fx_int(fx->path, "SELECT sum(ranked) FROM "
	    "results"), 0);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM ratings"),
	    0);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM "
	    "result_players WHERE rating_before IS NOT NULL"), 0);
}

/* Guests are stored without a user id and neither rated nor rated on. */
static void
test_guests(void **state)
{
	struct pst_fx		*fx = *state;
	struct gs_result	 r;

	pst_fx_open(fx);
	pst_fx_accounts(fx->db, 3);
	duel(&r, 20, 1, GUEST, 1);
	assert_int_equal(pst_result_store(fx->db, &r), 1);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM "
	    "result_players WHERE user_id IS NULL AND nick = 'Guest'"), 1);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM ratings"),
	    0);
	/* Free-for-all: ann and bob rate each other, the guest is air. */
	res_init(&r, 21, 1);
	pst_fx_team(&r, 1, 0, 0);
	res_player(&r, GUEST, "Guest", 0);
	pst_fx_team(&r, 2, 0, 0);
	res_player(&r, 1, "Ann", 0);
	pst_fx_team(&r, 3, 0, 0);
	res_player(&r, 2, "Bob", 0);
	pst_fx_team(&r, 0, 0, 1);
	res_player(&r, 3, "Cid", 0);
	assert_int_equal(pst_result_store(fx->db, &r), 1);
	assert_int_equal(rating(fx, 1), 1516);
	assert_int_equal(rating(fx, 2), 1484);
	assert_int_equal(rating(fx, 3), -1);	/* spectator */
	assert_int_equal(pst_fx_int(fx->path, "SELECT losses FROM ratings "
	    "WHERE user_id = 1"), 1);		/* place 2: a loss */
}

/* A failure late in the transaction takes the result row with it. */
static void
test_half_write(void **state)
{
	struct pst_fx		*fx = *state;
	struct gs_result	 r;

	pst_fx_open(fx);
	pst_fx_accounts(fx->db, 3);
	pst_fx_exec(fx->path, "CREATE TRIGGER no_rate BEFORE INSERT ON ratings "
	    "BEGIN SELECT RAISE(ABORT, 'injected'); END;");
	duel(&r, 30, 1, 1, 2);
	assert_int_equal(pst_result_store(fx->db, &r), -1);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM results"),
	    0);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM "
	    "result_players"), 0);
	pst_fx_exec(fx->path, "DROP TRIGGER no_rate;");
	assert_int_equal(pst_result_store(fx->db, &r), 1);
	assert_int_equal(rating(fx, 1), 1516);
}

static void
test_castes(void **state)
{
	struct pst_fx		*fx = *state;
	struct pst_rating	 g;

	pst_fx_open(fx);
	pst_fx_accounts(fx->db, 3);
	/* cid leads with 5 games; ann has 4; bob is new; 99 is deleted. */
	pst_fx_exec(fx->path, "INSERT INTO ratings (user_id, rating, games,"
	    " caste, updated) VALUES (1, 1600, 4, 2, 1), (2, 1700, 2, 2, 1),"
	    " (3, 1650, 5, 2, 1), (99, 2500, 40, -1, 1);");
	assert_int_equal(pst_ratings_castes(fx->db), 0);
	assert_int_equal(pst_rating_get(fx->db, 3, &g), 0);
	assert_int_equal(g.caste, GS_CASTE_COMET);
	assert_int_equal(g.position, 1);
	assert_int_equal(pst_rating_get(fx->db, 1, &g), 0);
	assert_int_equal(g.caste, 15);
	assert_int_equal(g.position, 2);
	assert_int_equal(pst_rating_get(fx->db, 2, &g), 0);
	assert_int_equal(g.caste, 2);
	assert_int_equal(g.position, 0);
	assert_int_equal(pst_rating_get(fx->db, 99, &g), 0);
	assert_int_equal(g.caste, -1);
	assert_int_equal(g.position, 0);
	assert_int_equal(pst_rating_get(fx->db, 42, &g), 1);
}

struct seen {
	int			n;
	int64_t			ids[8];
	struct pst_result_row	first;
};

static int
seen_cb(const struct pst_result_row *w, void *arg)
{
	struct seen	*s = arg;

	if (s->n == 0)
		s->first = *w;
	s->ids[s->n++] = w->id;
	return s->n == 8;
}

static void
recent(struct pst_fx *fx, const char *key, int n, struct seen *s, int rv)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(pst_results_recent(fx->db, key, n, seen_cb, s), rv);
}

static void
test_recent(void **state)
{
	struct pst_fx			*fx = *state;
	struct gs_result		 r;
	struct seen			 s;
	const struct pst_result_player	*p;

	pst_fx_open(fx);
	pst_fx_accounts(fx->db, 3);
	duel(&r, 0xc93840f44341d35bULL, 1, 1, 2);	/* id 1 */
	assert_int_equal(pst_result_store(fx->db, &r), 1);
	duel(&r, 41, 1, 2, 3);				/* id 2 */
	assert_int_equal(pst_result_store(fx->db, &r), 1);
	duel(&r, 42, 0, GUEST, 1);			/* id 3 */
	r.players[1].dropped = 1;
	assert_int_equal(pst_result_store(fx->db, &r), 1);
	recent(fx, NULL, 10, &s, 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.ids[0], 3);
	assert_int_equal(s.ids[2], 1);
	recent(fx, "ann", 10, &s, 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.ids[0], 3);
	assert_int_equal(s.ids[1], 1);
	recent(fx, "ann", 1, &s, 0);
	assert_int_equal(s.n, 1);
	recent(fx, "cid", 0, &s, 0);		/* n is at least 1 */
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], 2);
	recent(fx, "nobody", 10, &s, 1);
	assert_int_equal(s.n, 0);
	/* The newest, whole: MacRoman 0x8E is e-acute in UTF-8. */
	recent(fx, NULL, 10, &s, 0);
	assert_string_equal(s.first.game_name, "Caf\xc3\xa9 night");
	assert_string_equal(s.first.map_name, "Forest Heart");
	assert_int_equal(s.first.ranked, 0);
	assert_int_equal(s.first.nplayers, 2);
	p = &s.first.players[0];
	assert_int_equal(p->user_id, 0);
	assert_string_equal(p->nick, "Guest");
	assert_int_equal(p->place, 1);
	assert_int_equal(p->captain, 1);
	assert_int_equal(p->rated, 0);
	p = &s.first.players[1];
	assert_int_equal(p->user_id, 1);
	assert_int_equal(p->dropped, 1);
	assert_int_equal(p->host, 1);
	assert_int_equal(p->units_killed, 3);
	recent(fx, "bob", 10, &s, 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.first.ranked, 1);
}

/* A tournament room rates; the key's top bit survives the round trip. */
static void
test_recent_rated(void **state)
{
	struct pst_fx		*fx = *state;
	struct gs_result	 r;
	struct seen		 s;

	pst_fx_open(fx);
	pst_fx_accounts(fx->db, 3);
	duel(&r, 0xc93840f44341d35bULL, 2, 1, 2);	/* tournament room */
	assert_int_equal(pst_result_store(fx->db, &r), 1);
	recent(fx, "bob", 5, &s, 0);
	assert_int_equal(s.n, 1);
	assert_true(s.first.key == 0xc93840f44341d35bULL);
	assert_int_equal(s.first.ranked, 1);
	assert_int_equal(s.first.room_type, 2);
	assert_int_equal(s.first.started, 1000);
	assert_int_equal(s.first.duration, 600);
	assert_int_equal(s.first.players[1].rated, 1);
	assert_int_equal(s.first.players[1].rating_before, 1500);
	assert_int_equal(s.first.players[1].rating_after, 1484);
	assert_int_equal(s.first.players[1].spectator, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_v1, fx_setup,
		    pst_fx_teardown),
		cmocka_unit_test_setup_teardown(test_store_once, fx_setup,
		    pst_fx_teardown),
		cmocka_unit_test_setup_teardown(test_unranked, fx_setup,
		    pst_fx_teardown),
		cmocka_unit_test_setup_teardown(test_guests, fx_setup,
		    pst_fx_teardown),
		cmocka_unit_test_setup_teardown(test_half_write, fx_setup,
		    pst_fx_teardown),
		cmocka_unit_test_setup_teardown(test_castes, fx_setup,
		    pst_fx_teardown),
		cmocka_unit_test_setup_teardown(test_recent, fx_setup,
		    pst_fx_teardown),
		cmocka_unit_test_setup_teardown(test_recent_rated, fx_setup,
		    pst_fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
