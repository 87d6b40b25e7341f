/*
 * test_room_state.c - rooms and members: joins (accepted, room full,
 * guests refused, replays past capacity, a user's older session
 * replaced, a join sent again), what the newcomer and the others get
 * and in which order, leaves, state and mode changes, deaf members
 * getting nothing, full lists split under the Myth limit, counts, a
 * gateway's members dropped at once, and the rosters of restart
 * recovery.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "test_room_lib.h"

static void
expect_join_rep(uint32_t gw, uint32_t sid, int32_t code, uint32_t maxp)
{
	const struct rt_msg	*m = rt_nth(MS_ROOM_JOIN_REP, (int)gw, 0);
	struct ms_room_join_rep	 rep;

	assert_non_null(m);
	assert_int_equal(m->len, sizeof(rep));
	memcpy(&rep, m->p, sizeof(rep));
	assert_int_equal(rep.sid, sid);
	assert_int_equal(rep.code, code);
	assert_int_equal(rep.max_players, maxp);
	assert_int_equal(m->reqid, 1000 + sid);
}

static void
test_join_ok(void **state)
{
	struct mw_player_entry	e[4];
	const struct rt_msg	*c;
	struct ms_room_count	rc;

	(void)state;
	rt_setup(2, 50);
	rt_join(0, 1, 10, 101, 0, "Alice");
	/* The reply leaves at once, deliveries only in the flush. */
	assert_int_equal(rt.nmsgs, 1);
	expect_join_rep(0, 1, 0, 50);
	rt_flush();
	assert_int_equal(rt_got(0, 1), 4);
	assert_int_equal(rt.pkts[0].type, MW_T_PLAYER_LIST);
	assert_int_equal(rt.pkts[1].type, MW_T_GAME_LIST);
	assert_int_equal(rt.pkts[1].len, 0);
	assert_string_equal(rt_text(&rt.pkts[2]), "Welcome!");
	assert_string_equal(rt_text(&rt.pkts[3]), "Second line");
	assert_int_equal(rt_entries(&rt.pkts[0], e, 4), 1);
	assert_int_equal(e[0].aux.verb, MW_VERB_ADD);
	assert_int_equal(e[0].aux.player_id, 101);
	assert_int_equal(e[0].aux.flags, 0);
	assert_int_equal(e[0].aux.caste, -1);	/* unranked room */
	assert_int_equal(e[0].aux.order, -1);
	assert_string_equal(e[0].data.nick, "Alice");
	assert_string_equal(e[0].data.team, "Team");
	/* Counts: one message per gateway with the changed room. */
	assert_int_equal(rt_count(MS_ROOM_COUNTS, 0), 1);
	assert_int_equal(rt_count(MS_ROOM_COUNTS, 1), 1);
	c = rt_nth(MS_ROOM_COUNTS, 1, 0);
	assert_int_equal(c->len, sizeof(rc));
	memcpy(&rc, c->p, sizeof(rc));
	assert_int_equal(rc.room_id, 10);
	assert_int_equal(rc.players, 1);
	rt_teardown();
}

static void
test_join_others(void **state)
{
	struct mw_player_entry	e[4];

	(void)state;
	rt_setup(2, 50);
	rt_join(0, 1, 11, 101, 0, "Alice");
	rt_join(1, 7, 11, 102, MS_USER_GUEST, "Guest 1");
	rt_flush();
	rt_clear();
	rt_join(1, 8, 11, 103, 0, "Carol");
	rt_flush();
	/* Alice and the guest each get one add for Carol. */
	assert_int_equal(rt_got(0, 1), 1);
	assert_int_equal(rt_entries(&rt.pkts[0], e, 4), 1);
	assert_int_equal(e[0].aux.verb, MW_VERB_ADD);
	assert_int_equal(e[0].aux.player_id, 103);
	assert_int_equal(e[0].aux.caste, 7);	/* ranked room */
	assert_int_equal(rt_got(1, 7), 1);
	/* Carol gets everybody, the guest marked (flags bit1, no icon). */
	assert_int_equal(rt_got_type(1, 8, MW_T_PLAYER_LIST), 1);
	assert_int_equal(rt_entries(&rt.pkts[0], e, 4), 3);
	assert_int_equal(e[1].aux.player_id, 102);
	assert_int_equal(e[1].aux.flags, 2);
	assert_int_equal(e[1].aux.caste, -1);
	/* Both gateways' recipients are in their own batch. */
	assert_int_equal(rt_count(MS_ROOM_DELIVER, 0), 1);
	assert_int_equal(rt_count(MS_ROOM_DELIVER, 1), 1);
	rt_teardown();
}

/*
 * A fresh join for a session held already (the copy queued for a
 * crashed worker, then the gateway's resend) is answered again, and the
 * newcomer gets its list again; the others hear of it once.
 */
static void
test_join_again(void **state)
{
	struct mw_player_entry	e[4];

	(void)state;
	rt_setup(2, 50);
	rt_join(0, 1, 10, 101, 0, "Alice");
	rt_join(0, 2, 10, 102, 0, "Bob");
	rt_flush();
	assert_int_equal(rt_got_type(0, 1, MW_T_PLAYER_LIST), 2);
	rt_clear();
	rt_join(0, 2, 10, 102, 0, "Bob");
	expect_join_rep(0, 2, 0, 50);
	rt_flush();
	assert_int_equal(rt_got(0, 1), 0);		/* no delete, no add */
	assert_int_equal(rt_got_type(0, 2, MW_T_PLAYER_LIST), 1);
	assert_int_equal(rt_entries(&rt.pkts[0], e, 4), 2);
	assert_int_equal(rt_got_type(0, 2, MW_T_MESSAGE_OF_THE_DAY), 0);
	assert_int_equal(room_find(rt.ctx, 10)->n, 2);
	assert_int_equal(rt_count(MS_ROOM_COUNTS, -1), 0);
	rt_teardown();
}

static void
test_join_full_and_guest(void **state)
{
	(void)state;
	rt_setup(2, 2);
	rt_join(0, 1, 10, 101, 0, "A");
	rt_join(0, 2, 10, 102, 0, "B");
	rt_flush();
	rt_clear();
	rt_join(0, 3, 10, 103, 0, "C");
	expect_join_rep(0, 3, 13, 0);
	rt_flush();
	assert_int_equal(rt_count(MS_ROOM_DELIVER, -1), 0);
	assert_int_equal(room_find(rt.ctx, 10)->n, 2);
	assert_null(room_member_sess(rt.ctx, 0, 3));
	rt_teardown();

	rt_setup(2, 2);
	rt.cfg->rooms[1].guests = 0;
	room_ctx_reload(rt.ctx, rt.cfg);
	rt_join(1, 4, 11, 104, MS_USER_GUEST, "Guest");
	expect_join_rep(1, 4, 4, 0);
	assert_int_equal(rt.ctx->nmembers, 0);
	rt_teardown();
}

static void
test_join_replay(void **state)
{
	(void)state;
	rt_setup(2, 1);
	rt_join(0, 1, 10, 101, MS_SESS_REPLAY, "A");
	rt_join(1, 2, 10, 102, MS_SESS_REPLAY | MS_USER_GUEST, "B");
	rt_join(1, 3, 10, 103, MS_SESS_REPLAY | MS_USER_DEAF, "C");
	rt_flush();
	assert_int_equal(room_find(rt.ctx, 10)->n, 3);
	assert_int_equal(rt_count(MS_ROOM_JOIN_REP, -1), 0);
	assert_int_equal(rt_count(MS_ROOM_DELIVER, -1), 0);
	assert_int_equal(room_member_sess(rt.ctx, 1, 3)->mode, ROOM_DEAF);
	/* The same replay again changes nothing. */
	rt_join(0, 1, 10, 101, MS_SESS_REPLAY, "A");
	assert_int_equal(room_find(rt.ctx, 10)->n, 3);
	/* A fresh join still honours the capacity. */
	rt_join(0, 4, 10, 104, 0, "D");
	expect_join_rep(0, 4, 13, 0);
	rt_teardown();
}

static void
test_join_replaces_user(void **state)
{
	struct mw_player_entry	e[4];

	(void)state;
	rt_setup(2, 2);
	rt_join(0, 1, 10, 101, 0, "A");
	rt_join(0, 2, 10, 102, 0, "B");
	rt_flush();
	rt_clear();
	rt_join(1, 9, 10, 101, 0, "A again");	/* full, but a replacement */
	expect_join_rep(1, 9, 0, 2);
	rt_flush();
	assert_null(room_member_sess(rt.ctx, 0, 1));
	assert_int_equal(room_find(rt.ctx, 10)->n, 2);
	assert_int_equal(rt_got(0, 1), 0);
	assert_int_equal(rt_got(0, 2), 2);
	assert_int_equal(rt_entries(&rt.pkts[0], e, 4), 1);
	assert_int_equal(e[0].aux.verb, MW_VERB_DELETE);
	assert_int_equal(rt_entries(&rt.pkts[1], e, 4), 1);
	assert_int_equal(e[0].aux.verb, MW_VERB_ADD);
	assert_string_equal(e[0].data.nick, "A again");
	rt_teardown();
}

static void
test_leave(void **state)
{
	struct mw_player_entry	e[4];
	struct ms_room_count	rc;

	(void)state;
	rt_setup(2, 50);
	rt_join(0, 1, 10, 101, 0, "A");
	rt_join(1, 2, 10, 102, 0, "B");
	rt_flush();
	rt_clear();
	rt_session(0, 1, MS_ROOM_LEAVE, 0);
	rt_session(0, 1, MS_ROOM_LEAVE, 0);	/* unknown now: ignored */
	rt_flush();
	assert_int_equal(rt_got(1, 2), 1);
	assert_int_equal(rt_entries(&rt.pkts[0], e, 4), 1);
	assert_int_equal(e[0].aux.verb, MW_VERB_DELETE);
	assert_int_equal(e[0].aux.player_id, 101);
	assert_int_equal(rt_got(0, 1), 0);
	memcpy(&rc, rt_nth(MS_ROOM_COUNTS, 0, 0)->p, sizeof(rc));
	assert_int_equal(rc.players, 1);
	/* Nothing changed: no counts at all. */
	rt_clear();
	rt_flush();
	assert_int_equal(rt.nmsgs, 0);
	rt_teardown();
}

static void
expect_change(uint32_t gw, uint32_t sid, uint32_t uid, int16_t st)
{
	struct mw_player_entry	e[2];

	assert_int_equal(rt_got(gw, sid), 1);
	assert_int_equal(rt_entries(&rt.pkts[0], e, 2), 1);
	assert_int_equal(e[0].aux.verb, MW_VERB_CHANGE);
	assert_int_equal(e[0].aux.player_id, uid);
	assert_int_equal(e[0].data.state, st);
}

static void
test_state_and_mode(void **state)
{
	(void)state;
	rt_setup(2, 50);
	rt_join(0, 1, 10, 101, 0, "A");
	rt_join(0, 2, 10, 102, 0, "B");
	rt_flush();
	rt_clear();
	rt_session(0, 1, MS_ROOM_SET_STATE, 1);
	rt_flush();
	expect_change(0, 1, 101, 1);	/* the sender sees itself too */
	expect_change(0, 2, 101, 1);
	rt_clear();
	rt_session(0, 1, MS_ROOM_SET_MODE, 1);
	rt_flush();
	assert_int_equal(rt_got(0, 1), 0);	/* deaf: nothing at all */
	expect_change(0, 2, 101, 1);
	rt_clear();
	/* While deaf: no chat, no lists, no adds, no full update. */
	rt_chat(0, 2, 0, 0, 0, 102, "B", "hello");
	rt_join(1, 3, 10, 103, 0, "C");
	rt_session(0, 1, MS_ROOM_FULL_UPDATE, 0);
	rt_session(0, 2, MS_ROOM_SET_STATE, 1);
	rt_flush();
	assert_int_equal(rt_got(0, 1), 0);
	assert_int_equal(rt_got_type(0, 2, MW_T_ROOM_BROADCAST), 1);
	rt_clear();
	rt_session(0, 1, MS_ROOM_SET_MODE, 0);
	rt_flush();
	expect_change(0, 1, 101, 0);
	expect_change(1, 3, 101, 0);
	rt_clear();
	rt_session(0, 1, MS_ROOM_SET_MODE, 7);	/* unknown mode: ignored */
	rt_flush();
	assert_int_equal(rt_count(MS_ROOM_DELIVER, -1), 0);
	rt_teardown();
}

static void
test_full_list_split(void **state)
{
	struct mw_player_entry	e[400];
	char			nick[32];
	size_t			i, n, total = 0;
	uint32_t		k;

	(void)state;
	rt_setup(2, 1000);
	for (k = 0; k < 300; k++) {
		snprintf(nick, sizeof(nick), "Player number %u xxxxxxxxxx", k);
		rt_join(k % 2, k + 1, 10, 1000 + k, 0, nick);
	}
	rt_flush();
	rt_clear();
	rt_session(1, 2, MS_ROOM_FULL_UPDATE, 0);
	rt_flush();
	n = rt_got_type(1, 2, MW_T_PLAYER_LIST);
	assert_true(n >= 3);
	for (i = 0; i < n; i++) {
		assert_true(rt.pkts[i].len + MW_HEADER_SIZE <= MW_MYTH_OUT_MAX);
		total += rt_entries(&rt.pkts[i], e + total, 400 - total);
	}
	assert_int_equal(total, 300);
	for (i = 0; i < total; i++)
		assert_int_equal(e[i].aux.verb, MW_VERB_ADD);
	assert_int_equal(rt_got_type(1, 2, MW_T_GAME_LIST), 1);
	rt_teardown();
}

static void
test_gateway_gone(void **state)
{
	struct mw_player_entry	e[300];
	size_t			i, n, total = 0;
	uint32_t		k;

	(void)state;
	rt_setup(2, 1000);
	for (k = 0; k < 200; k++)
		rt_join(k % 2, k + 1, 10 + (k % 4 == 0), 1000 + k, 0, "Nick");
	rt_flush();
	rt_clear();
	rt_join(1, 900, 10, 5000, 0, "late");	/* batched, then moot */
	room_gateway_gone(rt.ctx, 1);
	rt_flush();
	assert_int_equal(rt.ctx->nmembers, 100);
	assert_int_equal(rt_count(MS_ROOM_DELIVER, 1), 0);
	/* Gateway 0's members of room 10: the add, then packed deletes. */
	n = rt_got_type(0, 3, MW_T_PLAYER_LIST);
	assert_true(n >= 2 && n < 5);
	for (i = 0; i < n; i++)
		total += rt_entries(&rt.pkts[i], e + total, 300 - total);
	assert_int_equal(e[0].aux.verb, MW_VERB_ADD);
	for (i = 1; i < total; i++)
		assert_int_equal(e[i].aux.verb, MW_VERB_DELETE);
	assert_int_equal(total, 1 + 101);	/* 100 of room 10, "late" */
	assert_int_equal(rt_got(0, 1), 0);	/* room 11 saw nothing */
	/* The restarted gateway is owed every count. */
	assert_int_equal(rt_count(MS_ROOM_COUNTS, 1), 1);
	assert_int_equal(rt_nth(MS_ROOM_COUNTS, 1, 0)->len,
	    2 * sizeof(struct ms_room_count));
	rt_teardown();
}

static void
test_recovery_all_replayed(void **state)
{
	struct ms_room_roster	hdr;
	struct mw_player_entry	e[4];
	const struct rt_msg	*m;
	struct mw_iter		it;

	(void)state;
	rt_setup_recovering(2, 10);
	rt_join(0, 1, 10, 101, MS_SESS_REPLAY, "A");
	rt_session(0, 0, MS_ROOM_REPLAY_DONE, 0);
	rt_flush();
	assert_int_equal(rt.nmsgs, 0);		/* gateway 1 still owes */
	rt_join(1, 2, 10, 102, MS_SESS_REPLAY, "B");
	rt_session(1, 0, MS_ROOM_REPLAY_DONE, 0);
	rt_flush();
	assert_int_equal(rt_count(MS_ROOM_ROSTER, 0), 2);	/* 2 rooms */
	assert_int_equal(rt_count(MS_ROOM_ROSTER, 1), 2);
	assert_int_equal(rt_count(MS_ROOM_COUNTS, 1), 1);
	m = rt_nth(MS_ROOM_ROSTER, 1, 0);
	memcpy(&hdr, m->p, sizeof(hdr));
	assert_int_equal(hdr.room_id, 10);
	assert_int_equal(hdr.len, m->len - sizeof(hdr));
	assert_int_equal(mw_decode_player_list(m->p + sizeof(hdr), hdr.len,
	    &it), MW_OK);
	assert_int_equal(it.count, 2);
	assert_int_equal(mw_player_list_next(&it, &e[0]), 1);
	assert_int_equal(e[0].aux.verb, MW_VERB_ADD);
	assert_int_equal(rt_nth(MS_ROOM_COUNTS, 0, 0)->len,
	    2 * sizeof(struct ms_room_count));
	/* A late gateway replaying again: everyone gets the rosters. */
	rt_clear();
	rt_session(1, 0, MS_ROOM_REPLAY_DONE, 0);
	rt_flush();
	assert_int_equal(rt_count(MS_ROOM_ROSTER, 0), 2);
	rt_teardown();
}

static void
test_recovery_deadline(void **state)
{
	struct ms_room_roster	hdr;
	size_t			i, n, entries = 0;
	uint32_t		k;
	struct mw_iter		it;

	(void)state;
	rt_setup_recovering(1, 10);
	assert_int_equal(room_recover_tick(rt.ctx, 5000), ROOM_LINK_POLL_MS);
	for (k = 0; k < 600; k++)
		rt_join(0, k + 1, 10, 100 + k, MS_SESS_REPLAY, "A long nick");
	room_recover_gateway_seen(rt.ctx, 5000);
	room_recover_gateway_seen(rt.ctx, 5100);	/* first one counts */
	assert_int_equal(room_recover_tick(rt.ctx, 5299), 1);
	rt_flush();
	assert_int_equal(rt.nmsgs, 0);
	assert_int_equal(room_recover_tick(rt.ctx, 5300), -1);
	rt_flush();
	/* 600 entries do not fit one message: parts, MORE on all but last. */
	n = rt_count(MS_ROOM_ROSTER, 0);
	assert_true(n >= 2);
	for (i = 0; i < n; i++) {
		memcpy(&hdr, rt_nth(MS_ROOM_ROSTER, 0, i)->p, sizeof(hdr));
		assert_int_equal(hdr.room_id & ~MS_ROSTER_MORE, 10);
		assert_int_equal((hdr.room_id & MS_ROSTER_MORE) != 0,
		    i + 1 < n);
		assert_int_equal(mw_decode_player_list(rt_nth(MS_ROOM_ROSTER,
		    0, i)->p + sizeof(hdr), hdr.len, &it), MW_OK);
		entries += it.count;
	}
	assert_int_equal(entries, 600);
	assert_int_equal(room_recover_tick(rt.ctx, 9999), -1);
	rt_teardown();
}

static void
test_resync_and_reload(void **state)
{
	(void)state;
	rt_setup(2, 10);
	rt_join(0, 1, 10, 101, 0, "A");
	rt_join(1, 2, 11, 102, 0, "B");
	rt_flush();
	rt_clear();
	room_recover_resync(rt.ctx, 1);
	rt_flush();
	assert_int_equal(rt_count(MS_ROOM_ROSTER, 1), 2);
	assert_int_equal(rt_count(MS_ROOM_ROSTER, 0), 0);
	assert_int_equal(rt_count(MS_ROOM_COUNTS, 1), 1);
	rt_clear();
	/* Room 11 leaves the config: its player is told and dropped. */
	rt.cfg->nrooms = 1;
	rt.cfg->rooms[0].capacity = 1;
	room_ctx_reload(rt.ctx, rt.cfg);
	assert_int_equal(rt_count(MS_GW_KICK, 1), 1);
	assert_null(room_find(rt.ctx, 11));
	assert_int_equal(room_find(rt.ctx, 10)->n, 1);
	assert_int_equal(room_find(rt.ctx, 10)->capacity, 1);
	assert_int_equal(rt.ctx->nmembers, 1);
	rt_teardown();
}

static void
test_bad_joins(void **state)
{
	struct ms_room_join	j;

	(void)state;
	rt_setup(1, 10);
	rt_join(0, 1, 99, 101, 0, "A");		/* not our room */
	expect_join_rep(0, 1, 15, 0);
	rt_clear();
	memset(&j, 0, sizeof(j));
	j.sid = 2;
	j.room_id = 10;
	j.player_data_len = 3;			/* truncated block */
	room_join(rt.ctx, 0, 1002, &j);
	expect_join_rep(0, 2, 15, 0);
	rt_clear();
	j.flags = MS_SESS_REPLAY;
	room_join(rt.ctx, 0, 0, &j);		/* a refused replay: kicked */
	assert_int_equal(rt_count(MS_GW_KICK, 0), 1);
	rt_session(5, 0, MS_ROOM_REPLAY_DONE, 0);	/* no such gateway */
	assert_int_equal(rt.ctx->nmembers, 0);
	rt_teardown();
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_join_ok),
		cmocka_unit_test(test_join_others),
		cmocka_unit_test(test_join_again),
		cmocka_unit_test(test_join_full_and_guest),
		cmocka_unit_test(test_join_replay),
		cmocka_unit_test(test_join_replaces_user),
		cmocka_unit_test(test_leave),
		cmocka_unit_test(test_state_and_mode),
		cmocka_unit_test(test_full_list_split),
		cmocka_unit_test(test_gateway_gone),
		cmocka_unit_test(test_recovery_all_replayed),
		cmocka_unit_test(test_recovery_deadline),
		cmocka_unit_test(test_resync_and_reload),
		cmocka_unit_test(test_bad_joins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
