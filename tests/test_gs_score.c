/*
 * test_gs_score.c - score reports as the gateway sends them (struct
 * ms_gs_score, the host's game data, the 112 payload from the real
 * encoder) turned into results: the key from the millisecond start,
 * seconds in the result, the room type; refusals of bad lengths, a game
 * that never started and a report gs_result refuses; and the queue to
 * the store: answers passed on, refusals and a full queue answered at
 * once, everything pending sent again in order to a restarted store,
 * answers for a restarted gateway's sessions dropped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "test_gs_lib.h"

#define WALL		1700000600000LL
#define STARTED		1700000000250LL

struct fx {
	uint8_t			 msg[4096];
	size_t			 len;
	struct mw_score_player	 rec[2];
	struct mw_game_score	 in;
	/* the fake store and gateway */
	uint32_t		 stored[16];
	uint64_t		 stored_key[16];
	size_t			 nstored;
	int			 store_refuses;
	struct ms_gs_score_rep	 reps[16];
	uint32_t		 rep_gw[16];
	size_t			 nreps;
};

static struct fx	fx;

/* report - a 2-player duel in room 3, hosted by 100, as MS_GS_SCORE. */
static void
report(uint32_t sid, uint32_t seq, int16_t captain)
{
	struct ms_gs_score	s;
	uint8_t			pkt[2048];
	size_t			plen;

	memset(fx.rec, 0, sizeof(fx.rec));
	fx.rec[0].bungie_net_player_id = 100;
	fx.rec[0].player_finished_game_flag = 1;
	fx.rec[0].team_index = 0;
	fx.rec[1].bungie_net_player_id = 101;
	fx.rec[1].player_finished_game_flag = 1;
	fx.rec[1].team_index = 1;
	memset(&fx.in, 0, sizeof(fx.in));
	fx.in.game_id = 100;
	fx.in.actual_time_elapsed = 590;
	fx.in.reporting_player_id = 100;
	fx.in.number_of_players = 2;
	fx.in.number_of_teams = 2;
	fx.in.teams[0].team_valid_flag = 1;
	fx.in.teams[0].captain_player_index = captain;
	fx.in.teams[1].team_valid_flag = 1;
	fx.in.teams[1].place = 1;
	fx.in.teams[1].captain_player_index = 1;
	fx.in.player_v = fx.rec;
	fx.in.player_n = 2;
	assert_int_equal(mw_encode_game_score(pkt, sizeof(pkt), &plen,
	    &fx.in), MW_OK);
	memset(&s, 0, sizeof(s));
	tg_host(&s.host, sid, 3, 100, "Duel", 0);
	s.host.players[1] = 101;
	s.host.nplayers = 2;
	s.host.started = STARTED;
	s.host.flags = MS_GS_STARTED;
	s.host.limit_s = 600;
	s.seq = seq;
	s.score_len = (uint32_t)(plen - MW_HEADER_SIZE);
	memcpy(fx.msg, &s, sizeof(s));
	memcpy(fx.msg + sizeof(s), tg_desc, s.host.desc_len);
	memcpy(fx.msg + sizeof(s) + s.host.desc_len, pkt + MW_HEADER_SIZE,
	    s.score_len);
	fx.len = sizeof(s) + s.host.desc_len + s.score_len;
}

static int
fake_store(void *arg, uint32_t reqid, const struct gs_result *r)
{
	(void)arg;
	if (fx.store_refuses)
		return -1;
	assert_true(fx.nstored < 16);
	fx.stored_key[fx.nstored] = r->key;
	fx.stored[fx.nstored++] = reqid;
	return 0;
}

static void
fake_reply(void *arg, uint32_t gw, const struct ms_gs_score_rep *rep)
{
	(void)arg;
	assert_true(fx.nreps < 16);
	fx.rep_gw[fx.nreps] = gw;
	fx.reps[fx.nreps++] = *rep;
}

static int
setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof(fx));
	return 0;
}

static void
test_valid(void **state)
{
	struct gs_result	 r;
	const char		*why = NULL;

	(void)state;
	report(7, 1, 0);
	assert_int_equal(gs_score_result(fx.msg, fx.len, 1, WALL, &r, &why),
	    0);
	assert_true(r.key == gs_result_key(3, 100, STARTED, 100));
	assert_int_equal(r.room_id, 3);
	assert_int_equal(r.room_type, 1);
	assert_int_equal(r.host_id, 100);
	assert_int_equal(r.game_id, 100);
	assert_int_equal(r.started, STARTED / 1000);
	assert_int_equal(r.ended, WALL / 1000);
	assert_int_equal(r.duration, 590);
	assert_string_equal(r.game_name, "Duel");
	assert_string_equal(r.map_name, "Forest Heart");
	assert_int_equal(r.nplayers, 2);
	assert_int_equal(r.players[0].id, 100);
	assert_int_equal(r.players[0].host, 1);
	assert_string_equal(r.players[0].nick, "");
	assert_int_equal(r.teams[0].place, 1);
	assert_int_equal(r.teams[1].place, 2);
}

static void
test_refused(void **state)
{
	struct ms_gs_score	 s;
	struct gs_result	 r;
	const char		*why = NULL;

	(void)state;
	report(7, 1, 0);
	assert_int_equal(gs_score_result(fx.msg, fx.len - 1, 1, WALL, &r,
	    &why), -1);
	assert_string_equal(why, "lengths do not add up");
	assert_int_equal(gs_score_result(fx.msg, 100, 1, WALL, &r, &why), -1);
	/* No start, no key. */
	memcpy(&s, fx.msg, sizeof(s));
	s.host.started = 0;
	memcpy(fx.msg, &s, sizeof(s));
	assert_int_equal(gs_score_result(fx.msg, fx.len, 1, WALL, &r, &why),
	    -1);
	assert_string_equal(why, "the game never started");
	/* A captain outside the records: gs_result refuses the report. */
	report(7, 1, 5);
	assert_int_equal(gs_score_result(fx.msg, fx.len, 1, WALL, &r, &why),
	    -1);
	assert_string_equal(why, "a captain or place out of range");
	/* Game data cut short: the description does not decode. */
	report(7, 1, 0);
	memcpy(&s, fx.msg, sizeof(s));
	s.host.desc_len = 100;
	s.score_len = (uint32_t)(fx.len - sizeof(s) - 100);
	memcpy(fx.msg, &s, sizeof(s));
	assert_int_equal(gs_score_result(fx.msg, fx.len, 1, WALL, &r, &why),
	    -1);
	assert_non_null(strstr(why, "game data"));
}

static void
test_queue(void **state)
{
	struct gs_results		rs;
	struct ms_pst_result_rep	ans;

	(void)state;
	gs_results_init(&rs, 2, fake_store, fake_reply, NULL);
	report(7, 1, 0);
	gs_results_take(&rs, 0, fx.msg, fx.len, 1, WALL);
	assert_int_equal(fx.nstored, 1);
	assert_int_equal(fx.nreps, 0);
	/* The same report again while pending: no second result. */
	gs_results_take(&rs, 0, fx.msg, fx.len, 1, WALL);
	assert_int_equal(fx.nstored, 1);
	assert_int_equal(rs.n, 1);
	report(8, 2, 0);
	gs_results_take(&rs, 1, fx.msg, fx.len, 1, WALL);
	assert_int_equal(fx.nstored, 2);
	/* Full: busy at once, nothing sent. */
	report(9, 3, 0);
	gs_results_take(&rs, 1, fx.msg, fx.len, 1, WALL);
	assert_int_equal(fx.nstored, 2);
	assert_int_equal(fx.nreps, 1);
	assert_int_equal(fx.reps[0].status, MS_GS_SCORE_BUSY);
	assert_int_equal(fx.reps[0].sid, 9);
	assert_int_equal(fx.reps[0].seq, 3);
	/* Refused at once, with key 0. */
	report(10, 4, 5);
	gs_results_take(&rs, 0, fx.msg, fx.len, 1, WALL);
	assert_int_equal(fx.nreps, 2);
	assert_int_equal(fx.reps[1].status, MS_GS_SCORE_REFUSED);
	assert_true(fx.reps[1].key == 0);
	/* The store restarted: both again, in order, same reqids. */
	assert_int_equal(gs_results_resend(&rs), 2);
	assert_int_equal(fx.nstored, 4);
	assert_int_equal(fx.stored[2], fx.stored[0]);
	assert_int_equal(fx.stored[3], fx.stored[1]);
	/* The answer goes to the gateway that asked. */
	ans.key = fx.stored_key[0];
	ans.status = MS_GS_SCORE_STORED;
	ans.pad = 0;
	assert_int_equal(gs_results_answer(&rs, fx.stored[0], &ans), 0);
	assert_int_equal(fx.nreps, 3);
	assert_int_equal(fx.rep_gw[2], 0);
	assert_int_equal(fx.reps[2].sid, 7);
	assert_int_equal(fx.reps[2].seq, 1);
	assert_int_equal(fx.reps[2].status, MS_GS_SCORE_STORED);
	assert_true(fx.reps[2].key == fx.stored_key[0]);
	assert_int_equal(gs_results_answer(&rs, fx.stored[0], &ans), -1);
	/* Gateway 1 restarted meanwhile: its answer is dropped. */
	gs_results_gateway_gone(&rs, 1);
	ans.status = MS_GS_SCORE_DUPLICATE;
	assert_int_equal(gs_results_answer(&rs, fx.stored[1], &ans), 0);
	assert_int_equal(fx.nreps, 3);
	assert_int_equal(rs.n, 0);
	/* The store's link refuses: busy, nothing kept. */
	fx.store_refuses = 1;
	report(11, 5, 0);
	gs_results_take(&rs, 0, fx.msg, fx.len, 1, WALL);
	assert_int_equal(fx.reps[3].status, MS_GS_SCORE_BUSY);
	assert_int_equal(rs.n, 0);
	gs_results_fini(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_valid, setup),
		cmocka_unit_test_setup(test_refused, setup),
		cmocka_unit_test_setup(test_queue, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
