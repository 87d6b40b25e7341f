/*
 * test_gw_game_host.c - the gateway's host sessions and score reports
 * (gw_game.c, gw_game_score.c, gw_game_replay.c) with the links and
 * the connections stubbed: a 104 becomes one whole MS_GS_HOST (a bad
 * one a blue line and nothing sent), 111 and 114 update it, 105 and the
 * end of the session remove it (a refused remove is sent again, up to
 * ipc.queue_limit of them); a started host's 112 becomes one
 * numbered MS_GS_SCORE kept until answered (stored: a blue line; busy:
 * sent again a second later) even when the host is gone; a restarted
 * game worker gets REPLAY_BEGIN, every host (flagged as a replay),
 * then the pending scores in order, then REPLAY_DONE, going on from the
 * tick where the link refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "gw.h"
#include "worker.h"

#define SENT_MAX	64
#define MSG_MAX		4096

struct sent {
	uint16_t	type;
	size_t		len;
	uint8_t		p[MSG_MAX];
};

static int		 link_token;
static int		 refuse;	/* wrk_send says -1 */
static int		 room_left = 1000;	/* gw_link_room() answers */
static uint64_t		 now = 1000000;
static struct sent	 sent[SENT_MAX];
static size_t		 nsent;
static char		 blue[8][MS_TEXT_MAX];
static size_t		 nblue;
static struct ms_config	 cfg;
static struct gw_conn_list conns = TAILQ_HEAD_INITIALIZER(conns);

/* ---- stubs ---- */

struct wrk_link *
wrk_link_find(uint32_t role, uint32_t index)
{
	return role == MS_ROLE_GAME && index == 0 ?
	    (struct wrk_link *)&link_token : NULL;
}

const char *
wrk_link_name(const struct wrk_link *l)
{
	(void)l;
	return "game[0]";
}

const struct ms_config *
wrk_cfg(void)
{
	return &cfg;
}

void
wrk_wakeup_in(uint64_t ms)
{
	(void)ms;
}

int
wrk_send(struct wrk_link *l, uint16_t type, uint32_t reqid,
    const void *payload, size_t len)
{
	(void)l;
	(void)reqid;
	if (refuse)
		return -1;
	assert_true(nsent < SENT_MAX);
	assert_true(len <= MSG_MAX);
	sent[nsent].type = type;
	sent[nsent].len = len;
	if (len > 0)
		memcpy(sent[nsent].p, payload, len);
	nsent++;
	return 0;
}

int
gw_link_room(struct wrk_link *l)
{
	(void)l;
	return room_left-- > 0;
}

uint64_t
gw_now(void)
{
	return now;
}

/* The wall clock is real: a start is checked to be in unix ms. */
int64_t
wrk_wall_ms(void)
{
	return (int64_t)time(NULL) * 1000;
}

int
gw_log_ok(void)
{
	return 1;
}

struct gw_conn_list *
gw_conn_all(void)
{
	return &conns;
}

struct gw_conn *
gw_conn_by_sid(uint32_t sid)
{
	struct gw_conn	*c;

	TAILQ_FOREACH(c, &conns, entry)
		if (c->sid == sid)
			return c;
	return NULL;
}

void
gw_send_text(struct gw_conn *c, uint16_t type, const char *text)
{
	(void)c;
	assert_int_equal(type, MW_T_MESSAGE_OF_THE_DAY);
	assert_true(nblue < 8);
	(void)snprintf(blue[nblue++], sizeof(blue[0]), "%s", text);
}

void gw_glist_init(void) { }
void gw_glist_fini(void) { }
void gw_glist_restart(void) { }

void
gw_glist_search(struct gw_conn *c, const uint8_t *p, size_t len)
{
	(void)c;
	(void)p;
	(void)len;
}

/* ---- helpers ---- */

static struct gw_conn	conn[3];

static int
setup(void **state)
{
	uint32_t	i;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.game_result_queue = 4;
	cfg.ipc_queue_limit = 2;	/* refused removes kept at most */
	TAILQ_INIT(&conns);
	for (i = 0; i < 3; i++) {
		memset(&conn[i], 0, sizeof(conn[i]));
		conn[i].sid = 10 + i;
		conn[i].user_id = 100 + i;
		conn[i].room_id = 1;
		conn[i].ipv4 = 0x0100007f;
		conn[i].in_room = 1;
		TAILQ_INSERT_TAIL(&conns, &conn[i], entry);
	}
	conn[1].dialect = MW_DIALECT_ALEPHONE;
	conn[1].uflags = MS_USER_ALEPHONE;
	nsent = nblue = 0;
	refuse = 0;
	room_left = 1000;
	return gw_game_init(&cfg);
}

static int
teardown(void **state)
{
	uint32_t	i;

	(void)state;
	for (i = 0; i < 3; i++)
		gw_game_end(&conn[i]);
	gw_game_fini();
	return 0;
}

/* create - a 104 of the 568-byte frame and two names from c. */
static void
create(struct gw_conn *c, uint16_t port, const char *name, size_t pad)
{
	uint8_t	p[4 + MW_GAME_DATA_MAX + 64];
	size_t	n = 4 + MW_GAME_DATA_FIXED;

	memset(p, 0, sizeof(p));
	p[0] = (uint8_t)(port >> 8);
	p[1] = (uint8_t)port;
	p[3] = 1;				/* order 1 */
	memcpy(p + n, name, strlen(name) + 1);
	n += strlen(name) + 1;
	memcpy(p + n, "Map", 4);
	n += 4 + pad;
	assert_true(n <= sizeof(p));
	gw_game_packet(c, MW_T_CREATE_GAME, p, n);
}

static void
start(struct gw_conn *c, int32_t t)
{
	uint8_t	p[12];

	memset(p, 0, sizeof(p));
	p[0] = (uint8_t)((uint32_t)t >> 24);
	p[1] = (uint8_t)((uint32_t)t >> 16);
	p[2] = (uint8_t)((uint32_t)t >> 8);
	p[3] = (uint8_t)t;
	gw_game_packet(c, MW_T_START_GAME, p, sizeof(p));
}

static void
players(struct gw_conn *c, const int32_t *ids, size_t n)
{
	uint8_t	p[4 + 4 * 40];
	size_t	i;

	memset(p, 0, 4);
	for (i = 0; i < n; i++) {
		p[4 + 4 * i] = (uint8_t)((uint32_t)ids[i] >> 24);
		p[5 + 4 * i] = (uint8_t)((uint32_t)ids[i] >> 16);
		p[6 + 4 * i] = (uint8_t)((uint32_t)ids[i] >> 8);
		p[7 + 4 * i] = (uint8_t)ids[i];
	}
	gw_game_packet(c, MW_T_GAME_PLAYER_LIST, p, 4 + 4 * n);
}

/* score - a 112 with the fixed part and one player record. */
static void
score(struct gw_conn *c, uint8_t mark, size_t len)
{
	uint8_t	p[220 + 28];

	memset(p, 0, sizeof(p));
	p[5] = mark;				/* game_ended_code */
	gw_game_packet(c, MW_T_GAME_SCORE, p, len);
}

static struct ms_gs_host
host_of(const struct sent *s)
{
	struct ms_gs_host	h;

	assert_int_equal(s->type, MS_GS_HOST);
	assert_true(s->len >= sizeof(h));
	memcpy(&h, s->p, sizeof(h));
	assert_int_equal(s->len, sizeof(h) + h.desc_len);
	return h;
}

static struct ms_gs_score
score_of(const struct sent *s)
{
	struct ms_gs_score	m;

	assert_int_equal(s->type, MS_GS_SCORE);
	assert_true(s->len >= sizeof(m));
	memcpy(&m, s->p, sizeof(m));
	assert_int_equal(s->len, sizeof(m) + m.host.desc_len + m.score_len);
	return m;
}

static void
reply(uint32_t sid, uint32_t seq, int32_t status)
{
	struct ms_gs_score_rep	r;

	memset(&r, 0, sizeof(r));
	r.sid = sid;
	r.seq = seq;
	r.status = status;
	gw_game_score_rep(&r);
}

/* ---- tests ---- */

static void
t_create(void **state)
{
	struct ms_gs_host	h;

	(void)state;
	create(&conn[0], 3453, "Game", 0);
	assert_int_equal(nsent, 1);
	h = host_of(&sent[0]);
	assert_int_equal(h.sid, 10);
	assert_int_equal(h.user_id, 100);
	assert_int_equal(h.room_id, 1);
	assert_int_equal(h.ipv4, 0x0100007f);
	assert_int_equal(h.port, 3453);
	assert_int_equal(h.order, 1);
	assert_int_equal(h.started, 0);
	assert_int_equal(h.limit_s, -1);
	assert_int_equal(h.desc_len, MW_GAME_DATA_FIXED + 5 + 4);
	assert_string_equal((char *)sent[0].p + sizeof(h) +
	    MW_GAME_DATA_FIXED, "Game");

	/* An update: the whole state again. */
	create(&conn[0], 4000, "Game 2", 0);
	assert_int_equal(nsent, 2);
	h = host_of(&sent[1]);
	assert_int_equal(h.port, 4000);
	assert_int_equal(h.desc_len, MW_GAME_DATA_FIXED + 7 + 4);

	/* Refused: a blue line naming the limit, nothing sent, kept. */
	create(&conn[0], 5000, "Big", MW_GAME_DATA_MAX + 1 -
	    (MW_GAME_DATA_FIXED + 4 + 4));
	assert_int_equal(nsent, 2);
	assert_int_equal(nblue, 1);
	assert_non_null(strstr(blue[0], "1025"));
	assert_non_null(strstr(blue[0], "1024"));
	create(&conn[0], 5000, "A name much longer than 31 chars", 0);
	assert_int_equal(nsent, 2);
	assert_int_equal(nblue, 2);
	assert_non_null(conn[0].game);
	assert_int_equal(conn[0].game->h.port, 4000);

	/* Aleph One hosts are flagged. */
	create(&conn[1], 4226, "A1", 0);
	h = host_of(&sent[2]);
	assert_true(h.flags & MS_USER_ALEPHONE);

	/* A refused MS_GS_HOST goes from the tick, once. */
	refuse = 1;
	create(&conn[2], 4227, "Later", 0);
	refuse = 0;
	assert_int_equal(nsent, 3);
	(void)gw_game_tick(now);
	assert_int_equal(nsent, 4);
	assert_int_equal(host_of(&sent[3]).sid, 12);
	assert_int_equal(gw_game_tick(now), -1);
	assert_int_equal(nsent, 4);
}

static void
t_start_players(void **state)
{
	const int32_t		ids[] = { 100, 101, 102 }, more[] = { 102,
				    103 };
	struct ms_gs_host	h;

	(void)state;
	/* Not a host: nothing. */
	start(&conn[0], 600);
	players(&conn[0], ids, 3);
	assert_int_equal(nsent, 0);

	create(&conn[0], 3453, "Game", 0);
	players(&conn[0], ids, 3);
	players(&conn[0], ids, 2);	/* replaced before the start */
	h = host_of(&sent[2]);
	assert_int_equal(h.nplayers, 2);
	start(&conn[0], 600);
	h = host_of(&sent[3]);
	assert_true(h.flags & MS_GS_STARTED);
	assert_int_equal(h.limit_s, 600);
	assert_true(h.started > 1600000000000LL);	/* unix ms */
	players(&conn[0], more, 2);		/* added to after it */
	h = host_of(&sent[4]);
	assert_int_equal(h.nplayers, 4);
	assert_int_equal(h.players[2], 102);
	assert_int_equal(h.players[3], 103);

	/* Aleph One: ticks; untimed. */
	create(&conn[1], 4226, "A1", 0);
	start(&conn[1], 30 * 900);
	h = host_of(&sent[nsent - 1]);
	assert_int_equal(h.limit_s, 900);
	start(&conn[1], INT32_MIN);
	h = host_of(&sent[nsent - 1]);
	assert_int_equal(h.limit_s, -1);
}

static void
t_remove(void **state)
{
	struct ms_gs_remove	r;

	(void)state;
	gw_game_packet(&conn[0], MW_T_REMOVE_GAME, NULL, 0);
	assert_int_equal(nsent, 0);
	create(&conn[0], 3453, "Game", 0);
	conn[0].g_listed = 1;
	gw_game_packet(&conn[0], MW_T_REMOVE_GAME, NULL, 0);
	/* It still sees the list, and its game's delete in it. */
	assert_int_equal(conn[0].g_listed, 1);
	assert_int_equal(nsent, 2);
	assert_int_equal(sent[1].type, MS_GS_REMOVE);
	memcpy(&r, sent[1].p, sizeof(r));
	assert_int_equal(r.sid, 10);
	assert_int_equal(r.user_id, 100);
	assert_null(conn[0].game);

	create(&conn[0], 3453, "Game", 0);
	gw_game_end(&conn[0]);
	assert_int_equal(sent[3].type, MS_GS_REMOVE);
	assert_null(conn[0].game);
	assert_int_equal(conn[0].g_listed, 0);

	/* A refused remove goes from the tick. */
	create(&conn[0], 3453, "Game", 0);
	refuse = 1;
	gw_game_end(&conn[0]);
	refuse = 0;
	assert_int_equal(nsent, 5);
	(void)gw_game_tick(now);
	assert_int_equal(nsent, 6);
	assert_int_equal(sent[5].type, MS_GS_REMOVE);
	assert_int_equal(gw_game_tick(now), -1);
}

/* Refused removes are kept up to ipc.queue_limit; one more is lost. */
static void
t_remove_bound(void **state)
{
	struct ms_gs_remove	r;
	uint32_t		i;

	(void)state;
	for (i = 0; i < 3; i++)
		create(&conn[i], 3453, "Game", 0);
	nsent = 0;
	refuse = 1;
	for (i = 0; i < 3; i++)
		gw_game_end(&conn[i]);
	refuse = 0;
	(void)gw_game_tick(now);
	assert_int_equal(nsent, 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(sent[i].type, MS_GS_REMOVE);
		memcpy(&r, sent[i].p, sizeof(r));
		assert_int_equal(r.sid, 10 + i);
	}
	assert_int_equal(gw_game_tick(now), -1);
}

static void
t_score(void **state)
{
	struct ms_gs_score	m;

	(void)state;
	create(&conn[0], 3453, "Game", 0);
	score(&conn[0], 0, 248);		/* not started: ignored */
	assert_int_equal(nsent, 1);
	start(&conn[0], 600);
	score(&conn[1], 0, 248);		/* not the host: ignored */
	score(&conn[0], 0, 219);		/* malformed: ignored */
	assert_int_equal(nsent, 2);
	score(&conn[0], 7, 248);
	assert_int_equal(nsent, 3);
	m = score_of(&sent[2]);
	assert_int_equal(m.seq, 1);
	assert_int_equal(m.score_len, 248);
	assert_int_equal(m.host.sid, 10);
	assert_true(m.host.flags & MS_GS_STARTED);
	assert_int_equal(sent[2].p[sizeof(m) + m.host.desc_len + 5], 7);
	score(&conn[0], 0, 248);		/* one pending already */
	assert_int_equal(nsent, 3);

	/* Busy: again a second later. */
	reply(10, 1, MS_GS_SCORE_BUSY);
	assert_int_equal(nsent, 3);
	now += 500;
	(void)gw_game_tick(now);
	assert_int_equal(nsent, 3);
	now += 600;
	(void)gw_game_tick(now);
	assert_int_equal(nsent, 4);
	assert_int_equal(score_of(&sent[3]).seq, 1);

	/* Stored: the host hears of it; the next report is seq 2. */
	reply(10, 2, MS_GS_SCORE_STORED);	/* not ours */
	assert_int_equal(nblue, 0);
	reply(10, 1, MS_GS_SCORE_STORED);
	assert_int_equal(nblue, 1);
	assert_string_equal(blue[0], "Game result recorded.");
	score(&conn[0], 0, 248);
	assert_int_equal(score_of(&sent[4]).seq, 2);
	reply(10, 2, MS_GS_SCORE_DUPLICATE);
	assert_int_equal(nblue, 1);
	assert_int_equal(gw_game_tick(now), -1);
}

/* The host leaves at once: the score stays and is answered. */
static void
t_score_outlives_host(void **state)
{
	(void)state;
	create(&conn[0], 3453, "Game", 0);
	start(&conn[0], 0);
	score(&conn[0], 0, 248);
	gw_game_end(&conn[0]);
	TAILQ_REMOVE(&conns, &conn[0], entry);
	assert_int_equal(sent[nsent - 1].type, MS_GS_REMOVE);
	gw_game_replay((struct wrk_link *)&link_token);
	assert_int_equal(sent[nsent - 2].type, MS_GS_SCORE);
	assert_int_equal(sent[nsent - 1].type, MS_GS_REPLAY_DONE);
	reply(10, 1, MS_GS_SCORE_STORED);
	assert_int_equal(nblue, 0);
	assert_int_equal(gw_game_tick(now), -1);
}

static void
t_queue_bound(void **state)
{
	uint32_t	i;

	(void)state;
	cfg.game_result_queue = 2;
	for (i = 0; i < 3; i++) {
		create(&conn[i], 3453, "Game", 0);
		start(&conn[i], 0);
		score(&conn[i], 0, 248);
	}
	/* 3 x (HOST, HOST) + 2 scores: the third refused. */
	assert_int_equal(nsent, 8);
	assert_int_equal(sent[5].type, MS_GS_SCORE);
	assert_int_equal(sent[7].type, MS_GS_HOST);
	reply(11, 2, MS_GS_SCORE_DUPLICATE);
	score(&conn[2], 0, 248);
	assert_int_equal(nsent, 9);
	assert_int_equal(score_of(&sent[8]).seq, 3);
}

static void
t_replay(void **state)
{
	struct ms_gs_host	h;
	size_t			base;

	(void)state;
	create(&conn[0], 3453, "Zero", 0);
	create(&conn[2], 3455, "Two", 0);
	start(&conn[0], 0);
	start(&conn[2], 0);
	score(&conn[2], 0, 248);
	score(&conn[0], 0, 248);
	base = nsent;

	/* BEGIN at once; then the link takes three and refuses. */
	room_left = 3;
	gw_game_replay((struct wrk_link *)&link_token);
	assert_int_equal(sent[base].type, MS_GS_REPLAY_BEGIN);
	assert_int_equal(sent[base].len, 0);
	base++;
	assert_int_equal(nsent, base + 3);
	h = host_of(&sent[base]);
	assert_int_equal(h.sid, 10);
	assert_true(h.flags & MS_SESS_REPLAY);
	assert_true(h.flags & MS_GS_STARTED);
	h = host_of(&sent[base + 1]);
	assert_int_equal(h.sid, 12);
	assert_int_equal(score_of(&sent[base + 2]).seq, 1);

	/* Meanwhile a host changes: sent now, not held. */
	create(&conn[2], 4000, "Two", 0);
	assert_int_equal(nsent, base + 4);
	assert_false(host_of(&sent[base + 3]).flags & MS_SESS_REPLAY);

	room_left = 1000;
	(void)gw_game_tick(now);
	assert_int_equal(nsent, base + 6);
	assert_int_equal(score_of(&sent[base + 4]).seq, 2);
	assert_int_equal(sent[base + 5].type, MS_GS_REPLAY_DONE);
	assert_int_equal(sent[base + 5].len, 0);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_setup_teardown(t_create, setup, teardown),
		cmocka_unit_test_setup_teardown(t_start_players, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(t_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(t_remove_bound, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(t_score, setup, teardown),
		cmocka_unit_test_setup_teardown(t_score_outlives_host, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(t_queue_bound, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(t_replay, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
