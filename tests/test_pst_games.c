/*
 * test_pst_games.c - the store's side of the games issue, with the
 * worker API stubbed (test_pst_stub.c) on a real database: a v2 file
 * upgraded to schema 3 with its data kept, MS_PST_RESULT (nick filling,
 * the duplicate, refusals, same reqid and link), player info statistics
 * (ranked, unranked, co-op, a draw, a dropped player, a spectator),
 * guests and unknown players, profiles, the ladder tick, the admin
 * verbs user info and results, and a throughput figure for results.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "gs_rank.h"
#include "gs_result.h"
#include "test_pst_fx.h"
#include "test_pst_stub.h"

#define GUEST	(PST_GUEST_MIN + 9)

/* res_init - pst_fx_result() named after its key */
static void
res_init(struct gs_result *r, uint64_t key, uint32_t room_type,
    int scoring)
{
	pst_fx_result(r, key, room_type, scoring);
	snprintf(r->game_name, sizeof(r->game_name), "Night %llu",
	    (unsigned long long)key);
}

/* res_player - pst_fx_player() with damage given (and half taken) */
static void
res_player(struct gs_result *r, uint32_t id, const char *nick, int dropped,
    int32_t given)
{
	struct gs_player	*p = pst_fx_player(r, id, nick, dropped);

	p->damage_given = given;
	p->damage_taken = given / 2;
}

static void
duel(struct gs_result *r, uint64_t key, uint32_t rt, int scoring,
    uint32_t winner, uint32_t loser)
{
	res_init(r, key, rt, scoring);
	pst_fx_team(r, 1, 0, 0);
	res_player(r, winner, "W", 0, 100);
	pst_fx_team(r, 2, 0, 0);
	res_player(r, loser, "L", 0, 10);
}

/* relay - r as the game worker sends it; the reply it got. */
static const struct ms_pst_result_rep *
relay(const void *body, size_t len, uint32_t reqid)
{
	struct ms_hdr	h;

	memset(&h, 0, sizeof(h));
	h.type = MS_PST_RESULT;
	h.reqid = reqid;
	h.len = (uint32_t)len;
	stub_nsent = 0;
	pst_result(&stub_game, &h, body);
	assert_int_equal(stub_nsent, 1);
	assert_int_equal(stub_sent[0].type, MS_PST_RESULT_REP);
	assert_int_equal(stub_sent[0].reqid, reqid);
	assert_ptr_equal(stub_sent[0].link, &stub_game);
	return (const struct ms_pst_result_rep *)stub_sent[0].body;
}

/* --- schema 3 --- */

static const char	v2_schema[] =
	PST_FX_V1_TABLES
	"CREATE TABLE results (id INTEGER PRIMARY KEY,"
	" result_key INTEGER NOT NULL UNIQUE, room_id INTEGER NOT NULL,"
	" room_type INTEGER NOT NULL, game_id INTEGER NOT NULL,"
	" game_name TEXT NOT NULL, map_name TEXT NOT NULL,"
	" game_type INTEGER NOT NULL, scoring INTEGER NOT NULL,"
	" option_flags INTEGER NOT NULL, time_limit INTEGER NOT NULL,"
	" started INTEGER NOT NULL, ended INTEGER NOT NULL,"
	" ended_code INTEGER NOT NULL, duration INTEGER NOT NULL,"
	" host_id INTEGER NOT NULL, ranked INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE result_teams (result_id INTEGER NOT NULL"
	" REFERENCES results(id) ON DELETE CASCADE, team INTEGER NOT NULL,"
	" place INTEGER NOT NULL, tie INTEGER NOT NULL,"
	" spectators INTEGER NOT NULL, eliminated INTEGER NOT NULL,"
	" PRIMARY KEY (result_id, team));"
	"CREATE TABLE result_players (result_id INTEGER NOT NULL"
	" REFERENCES results(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
	" user_id INTEGER, nick TEXT NOT NULL, team INTEGER NOT NULL,"
	" place INTEGER NOT NULL, tie INTEGER NOT NULL, host INTEGER NOT NULL,"
	" captain INTEGER NOT NULL, dropped INTEGER NOT NULL,"
	" units_killed INTEGER NOT NULL, units_lost INTEGER NOT NULL,"
	" damage_given INTEGER NOT NULL, damage_taken INTEGER NOT NULL,"
	" rating_before INTEGER, rating_after INTEGER,"
	" PRIMARY KEY (result_id, seq));"
	"CREATE INDEX result_players_user ON result_players(user_id,"
	" result_id);"
	"CREATE TABLE ratings (user_id INTEGER PRIMARY KEY,"
	" rating INTEGER NOT NULL, games INTEGER NOT NULL DEFAULT 0,"
	" wins INTEGER NOT NULL DEFAULT 0, losses INTEGER NOT NULL DEFAULT 0,"
	" ties INTEGER NOT NULL DEFAULT 0, caste INTEGER NOT NULL DEFAULT -1,"
	" position INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL);"
	"INSERT INTO accounts (name, name_key, pw_hash, order_id, created)"
	" VALUES ('Old', 'old', '$h', 7, 7), ('Two', 'two', '$h', -1, 8);"
	"INSERT INTO ratings VALUES (1, 1620, 9, 5, 4, 0, 12, 3, 99);"
	"INSERT INTO results VALUES (1, 555, 2, 1, 1, 'g', 'm', 0, 5, 0, 0,"
	" 1, 2, 0, 1, 1, 1);"
	"INSERT INTO meta VALUES ('guest_next', 1073741900);"
	"PRAGMA user_version = 2;";

static void
test_upgrade_v2(void **state)
{
	struct pst_fx		*fx = *state;
	struct pst_rating	 g;
	struct pst_account	 a;
	struct gs_result	 r;
	uint32_t		 ids[16];
	int			 n;

	pst_db_close(fx->db);
	fx->db = NULL;
	remove(fx->path);
	pst_fx_exec(fx->path, v2_schema);
	pst_fx_open(fx);
	pst.db = fx->db;
	assert_int_equal(pst_fx_int(fx->path, "PRAGMA user_version"), 3);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM "
	    "sqlite_master WHERE name IN ('profiles', 'buddies', 'orders')"),
	    3);
	/* Kept: accounts, ratings (best = current), results, the guests. */
	assert_int_equal(pst_db_acct_get(fx->db, "old", &a), 0);
	assert_int_equal(a.id, 1);
	assert_int_equal(a.order, -1);	/* no order existed before */
	assert_int_equal(pst_rating_get(fx->db, 1, &g), 0);
	assert_int_equal(g.rating, 1620);
	assert_int_equal(g.best_rating, 1620);
	assert_int_equal(g.best_caste, 12);
	assert_int_equal(g.position, 3);
	assert_int_equal(pst_fx_int(fx->path, "SELECT value FROM meta"),
	    1073741900);
	duel(&r, 555, 1, 5, 1, 2);
	assert_int_equal(pst_result_store(fx->db, &r), 0);
	/* The new tables work, and cascade with the account. */
	assert_int_equal(pst_db_buddy_add(fx->db, 1, 2), 0);
	assert_int_equal(pst_db_buddy_list(fx->db, 1, ids, &n), 0);
	assert_int_equal(n, 1);
	pst_fx_open(fx);		/* nothing left to migrate */
	pst.db = fx->db;
	assert_int_equal(pst_fx_int(fx->path, "PRAGMA user_version"), 3);
	assert_int_equal(pst_db_acct_del(fx->db, "two", &a.id), 0);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM buddies"),
	    0);
}

/* --- MS_PST_RESULT --- */

struct first {
	struct pst_result_row	w;
	int			n;
};

static int
first_cb(const struct pst_result_row *w, void *arg)
{
	struct first	*f = arg;

	if (f->n++ == 0)
		f->w = *w;
	return 0;
}

static void
test_result_relay(void **state)
{
	struct pst_fx			*fx = *state;
	const struct ms_pst_result_rep	*rep;
	struct gs_result		 r, bad;
	struct first			 f;

	pst_fx_accounts(fx->db, 3);
	assert_int_equal(pst_fx_account(fx->db, "Zo\xc3\xab"), 4);
	res_init(&r, 0xfedcba9876543210ULL, 1, 5);
	pst_fx_team(&r, 1, 0, 0);
	res_player(&r, 4, "", 0, 5);		/* registered, no nick */
	res_player(&r, GUEST, "", 0, 5);	/* a guest, no nick */
	pst_fx_team(&r, 2, 0, 0);
	res_player(&r, 2, "Bobby", 0, 5);	/* a nick of its own */
	pst.ladder_dirty = 0;
	rep = relay(&r, sizeof(r), 41);
	assert_int_equal(rep->status, MS_GS_SCORE_STORED);
	assert_true(rep->key == 0xfedcba9876543210ULL);
	assert_int_equal(pst.ladder_dirty, 1);
	memset(&f, 0, sizeof(f));
	assert_int_equal(pst_results_recent(fx->db, NULL, 5, first_cb, &f), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.w.players[0].nick, "Zo\xc3\xab");
	assert_string_equal(f.w.players[1].nick, "Guest");
	assert_int_equal(f.w.players[1].user_id, 0);
	assert_string_equal(f.w.players[2].nick, "Bobby");
	/* Again (a restarted game worker): a duplicate, nothing changes. */
	rep = relay(&r, sizeof(r), 42);
	assert_int_equal(rep->status, MS_GS_SCORE_DUPLICATE);
	assert_true(rep->key == r.key);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM results"),
	    1);
	/* Not a result: refused with key 0. */
	rep = relay(&r, sizeof(r) - 8, 43);
	assert_int_equal(rep->status, MS_GS_SCORE_REFUSED);
	assert_true(rep->key == 0);
	bad = r;
	bad.key = 7;
	bad.players[1].team = bad.nteams;
	rep = relay(&bad, sizeof(bad), 44);
	assert_int_equal(rep->status, MS_GS_SCORE_REFUSED);
	bad = r;
	bad.key = 8;
	bad.nplayers = GS_PLAYERS_MAX + 1;
	assert_int_equal(relay(&bad, sizeof(bad), 45)->status,
	    MS_GS_SCORE_REFUSED);
	/* Unranked: stored, the ladder has nothing new. */
	pst.ladder_dirty = 0;
	duel(&r, 9, GS_ROOM_UNRANKED, 0, 1, 2);
	assert_int_equal(relay(&r, sizeof(r), 46)->status, MS_GS_SCORE_STORED);
	assert_int_equal(pst.ladder_dirty, 0);
	/* A failure (injected) is BUSY, offered again; nothing is left. */
	pst_fx_exec(fx->path, "CREATE TRIGGER no BEFORE INSERT ON "
	    "result_players BEGIN SELECT RAISE(ABORT, 'injected'); END;");
	duel(&r, 10, 1, 0, 1, 2);
	assert_int_equal(relay(&r, sizeof(r), 47)->status, MS_GS_SCORE_BUSY);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM results"),
	    2);
}

/* Not a timing assertion: a figure for the report. */
static void
test_result_rate(void **state)
{
	struct pst_fx		*fx = *state;
	struct gs_result	 r;
	struct timespec		 t0, t1;
	double			 s;
	int			 i, n = 4000;

	pst_fx_accounts(fx->db, 3);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		res_init(&r, 1000 + (uint64_t)i, 1, i % 16);
		pst_fx_team(&r, 1, 0, 0);
		res_player(&r, 1 + (uint32_t)i % 3, "", 0, 100);
		res_player(&r, GUEST, "", 0, 100);
		pst_fx_team(&r, 2, 0, 0);
		res_player(&r, 1 + (uint32_t)(i + 1) % 3, "", 0, 10);
		res_player(&r, GUEST + 1, "G2", 1, 10);
		assert_int_equal(relay(&r, sizeof(r), (uint32_t)i)->status,
		    MS_GS_SCORE_STORED);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("# %d results (4 players, 2 rated) stored in %.3f s: %.0f/s "
	    "(WAL, synchronous=NORMAL)\n", n, s, n / s);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(pst_ratings_castes(fx->db), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# ladder pass over 3 accounts: %.1f ms\n",
	    ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e6);
}

/* The ladder pass over many accounts: a figure, no assertion on it. */
static void
test_ladder_rate(void **state)
{
	struct pst_fx	*fx = *state;
	struct timespec	 t0, t1;
	int		 pass;

	pst_fx_exec(fx->path, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM n WHERE i < 100000) INSERT INTO accounts "
	    "(name, name_key, pw_hash, created) SELECT 'u' || i, 'u' || i, "
	    "'$x', 1 FROM n; INSERT INTO ratings (user_id, rating, games, "
	    "updated) SELECT id, 1000 + (id * 7919) % 1000, 4 + id % 50, 1 "
	    "FROM accounts;");
	for (pass = 0; pass < 2; pass++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_int_equal(pst_ratings_castes(fx->db), 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("# ladder pass %d over 100000 rated accounts: %.0f ms\n",
		    pass + 1, ((t1.tv_sec - t0.tv_sec) * 1e9 +
		    (t1.tv_nsec - t0.tv_nsec)) / 1e6);
	}
	assert_int_equal(pst_db_ladder_users(fx->db), 100000);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM ratings "
	    "WHERE position = 1 AND caste = 16"), 1);
}

static void
test_ladder_tick(void **state)
{
	struct pst_fx		*fx = *state;
	struct gs_result	 r;
	int			 i;

	pst_fx_accounts(fx->db, 3);
	stub_cfg.ladder_interval_s = 2;
	for (i = 0; i < 4; i++) {
		duel(&r, 100 + (uint64_t)i, 1, 5, 1, 2);
		assert_int_equal(relay(&r, sizeof(r), 1)->status,
		    MS_GS_SCORE_STORED);
	}
	assert_int_equal(pst_fx_int(fx->path, "SELECT position FROM ratings "
	    "WHERE user_id = 1"), 0);
	assert_int_equal(pst_ladder_tick(10000), 2000);	/* first: arms */
	assert_int_equal(pst_ladder_tick(11000), 1000);
	assert_int_equal(pst_ladder_tick(12000), 2000);	/* the pass */
	assert_int_equal(pst.ladder_dirty, 0);
	assert_int_equal(pst_fx_int(fx->path, "SELECT position * 100 + caste"
	    " FROM ratings WHERE user_id = 1"), 116);
	assert_int_equal(pst_fx_int(fx->path, "SELECT best_caste FROM "
	    "ratings WHERE user_id = 2"), 15);
	/* Nothing new: the next pass writes nothing (a trigger would say). */
	pst_fx_exec(fx->path, "CREATE TRIGGER no BEFORE UPDATE ON ratings "
	    "BEGIN SELECT RAISE(ABORT, 'injected'); END;");
	pst.ladder_dirty = 1;
	assert_int_equal(pst_ladder_tick(14000), 2000);
	assert_int_equal(pst.ladder_dirty, 0);
}

/* --- player info --- */

static void
info(uint32_t target, struct ms_pst_info_rep *r)
{
	struct ms_pst_info	q = { 12, 1, target, 0 };
	struct ms_hdr		h = { .type = MS_PST_INFO, .reqid = 77 };

	stub_nsent = 0;
	pst_info(&stub_gw1, &h, &q);
	assert_int_equal(stub_nsent, 1);
	assert_int_equal(stub_sent[0].type, MS_PST_INFO_REP);
	assert_int_equal(stub_sent[0].reqid, 77);
	assert_ptr_equal(stub_sent[0].link, &stub_gw1);
	memcpy(r, stub_sent[0].body, sizeof(*r));
	assert_int_equal(r->sid, 12);
	assert_int_equal(r->target, target);
}

static void
score(const struct ms_score *s, int games, int wins, int losses, int ties,
    int disconnects)
{
	assert_int_equal(s->games, games);
	assert_int_equal(s->wins, wins);
	assert_int_equal(s->losses, losses);
	assert_int_equal(s->ties, ties);
	assert_int_equal(s->disconnects, disconnects);
}

static void
test_info_stats(void **state)
{
	struct pst_fx		*fx = *state;
	static struct ms_pst_info_rep	r;
	struct gs_result	 g;
	struct pst_rating	 rt;

	pst_fx_accounts(fx->db, 3);
	/* Ranked CTF (5): Ann beats Bob. */
	duel(&g, 1, 1, 5, 1, 2);
	assert_int_equal(pst_result_store(fx->db, &g), 1);
	/* Unranked body count (0): Bob beats Ann. */
	duel(&g, 2, GS_ROOM_UNRANKED, 0, 2, 1);
	assert_int_equal(pst_result_store(fx->db, &g), 1);
	/* Co-op in a ranked room: counts nowhere. */
	duel(&g, 3, 1, 13, 1, 2);
	g.coop = 1;
	g.option_flags = GS_OPT_COOP;
	assert_int_equal(pst_result_store(fx->db, &g), 1);
	/* A draw, CTF: Ann and Cid both first. */
	res_init(&g, 4, 1, 5);
	pst_fx_team(&g, 1, 1, 0);
	res_player(&g, 1, "A", 0, 40);
	pst_fx_team(&g, 1, 1, 0);
	res_player(&g, 3, "C", 0, 40);
	assert_int_equal(pst_result_store(fx->db, &g), 1);
	/* Last man (2): Ann's team first but she dropped; Cid watched. */
	res_init(&g, 5, 2, 2);
	pst_fx_team(&g, 1, 0, 0);
	res_player(&g, 1, "A", 1, 7);
	pst_fx_team(&g, 2, 0, 0);
	res_player(&g, 2, "B", 0, 7);
	pst_fx_team(&g, 0, 0, 1);
	res_player(&g, 3, "C", 0, 0);
	assert_int_equal(pst_result_store(fx->db, &g), 1);
	pst.ladder_users = 42;			/* cached total */
	info(1, &r);
	assert_int_equal(r.code, 0);
	assert_string_equal(r.login, "Ann");
	assert_int_equal(r.flags, 0);
	assert_int_equal(r.order, -1);
	assert_int_equal(r.total_users, 42);
	score(&r.ranked, 3, 1, 1, 1, 1);
	score(&r.unranked, 1, 0, 1, 0, 0);
	score(&r.ranked_by_type[5], 2, 1, 0, 1, 0);
	score(&r.ranked_by_type[2], 1, 0, 1, 0, 1);
	score(&r.ranked_by_type[13], 0, 0, 0, 0, 0);
	assert_int_equal(r.ranked.damage_given, 100 + 40 + 7);
	assert_int_equal(r.ranked.damage_taken, 50 + 20 + 3);
	assert_int_equal(r.unranked.damage_given, 10);
	assert_int_equal(pst_rating_get(fx->db, 1, &rt), 0);
	assert_int_equal(r.ranked.points, rt.rating);
	assert_int_equal(r.ranked.best_points, 1516);
	assert_int_equal(r.ranked.caste, 2);		/* 3 games */
	assert_int_equal(r.ranked.best_caste, 2);
	assert_int_equal(r.ranked.position, 0);
	assert_int_equal(r.unranked.caste, -1);
	assert_int_equal(r.ranked_by_type[5].caste, -1);
	/* Cid: the draw counts, watching does not. */
	info(3, &r);
	score(&r.ranked, 1, 0, 0, 1, 0);
	score(&r.ranked_by_type[2], 0, 0, 0, 0, 0);
	/* Admin flag; a guest online; a guest gone; nobody. */
	pst_fx_exec(fx->path, "UPDATE accounts SET admin = 1 WHERE id = 2");
	info(2, &r);
	assert_int_equal(r.flags, MS_USER_ADMIN);
	stub_online(GUEST, 0, 5, 1);
	info(GUEST, &r);
	assert_int_equal(r.code, 0);
	assert_int_equal(r.flags, MS_USER_GUEST);
	assert_string_equal(r.login, "Guest");
	score(&r.ranked, 0, 0, 0, 0, 0);
	assert_int_equal(r.ranked.caste, -1);
	info(GUEST + 1, &r);
	assert_int_equal(r.code, 1);
	info(99, &r);
	assert_int_equal(r.code, 1);
	info(0, &r);
	assert_int_equal(r.code, 1);
	/* The ladder count is read when unknown. */
	pst.ladder_users = -1;
	info(1, &r);
	assert_int_equal(r.total_users, 0);
}

static void
profile(uint32_t uid, const char *city, const char *quote)
{
	struct ms_pst_profile	p;

	memset(&p, 0, sizeof(p));
	p.user_id = uid;
	snprintf(p.city, sizeof(p.city), "%s", city);
	snprintf(p.country, sizeof(p.country), "Narnia");
	memset(p.quote, 'q', sizeof(p.quote));	/* no NUL at all */
	if (quote != NULL)
		snprintf(p.quote, sizeof(p.quote), "%s", quote);
	stub_nsent = 0;
	pst_profile(&stub_gw0, &p);
	assert_int_equal(stub_nsent, 0);	/* no reply */
}

static void
test_profile(void **state)
{
	struct pst_fx		*fx = *state;
	static struct ms_pst_info_rep	r;
	struct pst_profile	 p;

	pst_fx_accounts(fx->db, 3);
	profile(1, "Z\x9frich", "Let's go");	/* MacRoman u-umlaut */
	info(1, &r);
	assert_string_equal(r.city, "Z\x9frich");
	assert_string_equal(r.state, "");
	assert_string_equal(r.country, "Narnia");
	assert_string_equal(r.quote, "Let's go");
	assert_int_equal(pst_db_profile_get(fx->db, 1, &p), 0);
	assert_string_equal(p.city, "Z\xc3\xbcrich");
	/* Replaced as a whole; an unterminated field is cut to fit. */
	profile(1, "Bern", NULL);
	info(1, &r);
	assert_string_equal(r.city, "Bern");
	assert_int_equal(strlen(r.quote), MS_QUOTE_MAX - 1);
	/* Guests and unknown ids: nothing kept. */
	profile(GUEST, "Nowhere", "x");
	profile(99, "Nowhere", "x");
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM profiles"),
	    1);
}

/* --- admin verbs --- */

static void
test_admin_user_info(void **state)
{
	struct pst_fx		*fx = *state;
	struct gs_result	 g;

	pst_fx_accounts(fx->db, 3);
	stub_admin(MS_ADMIN_OK, "user 'Ann' id 1\norder: none\nrating: never "
	    "rated\noffline", "user", "info", "ann", NULL);
	duel(&g, 1, 1, 5, 1, 2);
	assert_int_equal(pst_result_store(fx->db, &g), 1);
	stub_admin(MS_ADMIN_OK, "order 'Knights' created (id 1)", "order",
	    "create", "Knights", NULL);
	stub_admin(MS_ADMIN_OK, "added to", "order", "add", "knights", "ann",
	    NULL);
	stub_online(1, 1, 33, 0);
	pst_fx_exec(fx->path, "UPDATE accounts SET admin = 1 WHERE id = 1");
	stub_admin(MS_ADMIN_OK, "user 'Ann' id 1, administrator\norder: "
	    "'Knights' (id 1)\nrating 1516 (best 1516), caste 1 (best 1), "
	    "ladder position 0 (not on the ladder)\nranked games 1: 1 won, "
	    "0 lost, 0 tied\nonline in room 3 on gateway[1] (sid 33)", "user",
	    "info", "Ann", NULL);
	stub_admin(MS_ADMIN_OK, "banned permanently", "user", "ban", "bob",
	    NULL);
	stub_admin(MS_ADMIN_OK, "user 'Bob' id 2, banned permanently", "user",
	    "info", "bob", NULL);
	stub_admin(MS_ADMIN_FAIL, "no such user 'zed'", "user", "info", "zed",
	    NULL);
	stub_admin(MS_ADMIN_FAIL, "usage: user info NAME", "user", "info",
	    NULL);
}

static void
test_admin_results(void **state)
{
	struct pst_fx		*fx = *state;
	struct gs_result	 g;
	char			 key[16];
	int			 i;

	pst_fx_accounts(fx->db, 3);
	stub_admin(MS_ADMIN_OK, "0 result(s), newest first", "results", NULL);
	duel(&g, 1, 1, 5, 1, 2);
	assert_int_equal(pst_result_store(fx->db, &g), 1);
	res_init(&g, 2, 0, 2);
	pst_fx_team(&g, 1, 0, 0);
	res_player(&g, 3, "Cid", 0, 1);
	pst_fx_team(&g, 2, 0, 0);
	res_player(&g, GUEST, "Guest", 1, 1);
	pst_fx_team(&g, 0, 0, 1);
	res_player(&g, 1, "Ann", 0, 0);
	assert_int_equal(pst_result_store(fx->db, &g), 1);
	stub_admin(MS_ADMIN_OK, "2 result(s), newest first\n#2 1970-01-01 "
	    "00:26 UTC room 2 'Night 2' on 'Forest Heart', Last Man on the "
	    "Hill, 600 s\n  Cid: team 0, place 1\n  Guest: team 1, place 2, "
	    "dropped\n  Ann: spectator\n#1 ", "results", NULL);
	stub_admin(MS_ADMIN_OK, "Capture the Flag, 600 s, ranked\n  W: team "
	    "0, place 1, rating 1500 -> 1516\n  L: team 1, place 2, rating "
	    "1500 -> 1484", "results", NULL);
	stub_admin(MS_ADMIN_OK, "1 result(s), newest first\n#1 ", "results",
	    "--user", "BOB", NULL);
	stub_admin(MS_ADMIN_OK, "1 result(s), newest first\n#2 ", "results",
	    "1", NULL);
	stub_admin(MS_ADMIN_OK, "1 result(s), newest first\n#2", "results",
	    "1", "--user", "ann", NULL);
	stub_admin(MS_ADMIN_FAIL, "no such user 'zed'", "results", "--user",
	    "zed", NULL);
	stub_admin(MS_ADMIN_FAIL, "usage: results [--user NAME] [COUNT]",
	    "results", "0", NULL);
	stub_admin(MS_ADMIN_FAIL, "usage: results", "results", "101", NULL);
	stub_admin(MS_ADMIN_FAIL, "usage: results", "results", "5", "6",
	    NULL);
	stub_admin(MS_ADMIN_FAIL, "usage: results", "results", "--user", NULL);
	/* 100 results do not fit one answer: it says how much is left. */
	for (i = 0; i < 120; i++) {
		duel(&g, 10 + (uint64_t)i, 1, 5, 1, 2);
		snprintf(g.game_name, sizeof(g.game_name), "a rather long "
		    "game name %d", i);
		(void)key;
		assert_int_equal(pst_result_store(fx->db, &g), 1);
	}
	stub_admin(MS_ADMIN_OK, "100 result(s), newest first\n#122 ",
	    "results", "100", NULL);
	assert_non_null(strstr(stub_admin_text, "more"));
	assert_true(strlen(stub_admin_text) < 8000);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, stub_setup, stub_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_upgrade_v2),
		T(test_result_relay),
		T(test_result_rate),
		T(test_ladder_rate),
		T(test_ladder_tick),
		T(test_info_stats),
		T(test_profile),
		T(test_admin_user_info),
		T(test_admin_results),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
