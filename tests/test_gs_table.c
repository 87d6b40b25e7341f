/*
 * test_gs_table.c - the game table's decisions with an injected clock:
 * add, change and no-op upserts, a room move, one game per player
 * across sessions, removal, game.max_games, idle expiry (replays do not
 * refresh a game, running games never expire), the coalescing of a
 * burst of changes, and what a gateway's or a room's end deletes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "test_gs_lib.h"

static size_t
turn_len(void)
{
	struct gs_ent	*e;
	size_t		 n = 0;

	TAILQ_FOREACH(e, &tg.t.turn, q)
		n++;
	return n;
}

static size_t
held_len(void)
{
	struct gs_ent	*e;
	size_t		 n = 0;

	TAILQ_FOREACH(e, &tg.t.held, q)
		n++;
	return n;
}

static void
test_add_change_same(void **state)
{
	struct ms_gs_host	 h;
	struct gs_ent		*e;
	uint64_t		 t = TG_T0;

	(void)state;
	tg_host(&h, 7, 1, 42, "Duel", 0);
	assert_int_equal(tg_up(0, &h, t), GS_UP_ADD);
	assert_non_null(e = gs_tbl_find(&tg.t, 0, 7));
	assert_ptr_equal(gs_tbl_find_uid(&tg.t, 42), e);
	assert_int_equal(e->out, GS_OUT_ADD);
	assert_int_equal(turn_len(), 1);
	/* A second update in the same turn changes nothing queued. */
	h.port = 4000;
	assert_int_equal(tg_up(0, &h, t), GS_UP_CHANGE);
	assert_int_equal(e->out, GS_OUT_ADD);
	assert_int_equal(turn_len(), 1);
	gs_tbl_turn_done(&tg.t, 1, t);
	assert_int_equal(turn_len(), 0);
	/* The same state again: nothing for the list. */
	assert_int_equal(tg_up(0, &h, t + 1000), GS_UP_SAME);
	assert_int_equal(turn_len(), 0);
	/* Players of 111 and the order flag are not shown. */
	h.players[1] = 43;
	h.nplayers = 2;
	h.order = 1;
	assert_int_equal(tg_up(0, &h, t + 1000), GS_UP_SAME);
	assert_int_equal(e->nplayers, 2);
	/* The description, the start and the limit are. */
	tg_host(&h, 7, 1, 42, "Duel 2", 0);
	h.port = 4000;
	assert_int_equal(tg_up(0, &h, t + 1000), GS_UP_CHANGE);
	assert_int_equal(e->out, GS_OUT_CHANGE);
	gs_tbl_turn_done(&tg.t, 1, t + 1000);
	h.started = 1700000000123LL;
	h.flags |= MS_GS_STARTED;
	h.limit_s = 600;
	assert_int_equal(tg_up(0, &h, t + 2000), GS_UP_CHANGE);
	assert_int_equal(gs_ent_started(e), 1);
	assert_int_equal(tg.t.n, 1);
	assert_int_equal(tg.t.ndels, 0);
}

static void
test_room_move(void **state)
{
	struct ms_gs_host	 h;
	struct gs_ent		*e;

	(void)state;
	tg_host(&h, 7, 1, 42, "Duel", 0);
	assert_int_equal(tg_up(0, &h, TG_T0), GS_UP_ADD);
	gs_tbl_turn_done(&tg.t, 1, TG_T0);
	h.room_id = 2;
	assert_int_equal(tg_up(0, &h, TG_T0 + 10), GS_UP_MOVE);
	assert_int_equal(tg.t.ndels, 1);
	assert_int_equal(tg.t.dels[0].room_id, 1);
	assert_int_equal(tg.t.dels[0].game_id, 42);
	e = gs_tbl_find(&tg.t, 0, 7);
	assert_int_equal(e->room_id, 2);
	assert_int_equal(e->out, GS_OUT_ADD);
	/* Moved again before the flush: the add was never seen. */
	h.room_id = 3;
	assert_int_equal(tg_up(0, &h, TG_T0 + 20), GS_UP_MOVE);
	assert_int_equal(tg.t.ndels, 1);
	assert_int_equal(turn_len(), 1);
}

static void
test_same_user_other_session(void **state)
{
	struct ms_gs_host	h;

	(void)state;
	tg_host(&h, 5, 1, 42, "Old", 0);
	assert_int_equal(tg_up(1, &h, TG_T0), GS_UP_ADD);
	gs_tbl_turn_done(&tg.t, 1, TG_T0);
	tg_host(&h, 9, 1, 42, "New", 0);
	assert_int_equal(tg_up(0, &h, TG_T0 + 5), GS_UP_ADD);
	assert_int_equal(tg.t.n, 1);
	assert_null(gs_tbl_find(&tg.t, 1, 5));
	assert_non_null(gs_tbl_find(&tg.t, 0, 9));
	assert_int_equal(tg.t.ndels, 1);
	assert_int_equal(tg.t.dels[0].game_id, 42);
	assert_int_equal(tg.ngone, 1);
	assert_int_equal(tg.gone[0].gw, 1);
	assert_int_equal(tg.gone[0].sid, 5);
}

static void
test_remove(void **state)
{
	struct ms_gs_host	h;

	(void)state;
	tg_host(&h, 7, 1, 42, "Duel", 0);
	(void)tg_up(0, &h, TG_T0);
	gs_tbl_turn_done(&tg.t, 1, TG_T0);
	assert_int_equal(gs_tbl_remove(&tg.t, 0, 8), 0);
	assert_int_equal(gs_tbl_remove(&tg.t, 1, 7), 0);
	assert_int_equal(gs_tbl_remove(&tg.t, 0, 7), 1);
	assert_int_equal(tg.t.n, 0);
	assert_int_equal(tg.t.ndels, 1);
	assert_int_equal(tg.t.dels[0].room_id, 1);
	assert_null(gs_tbl_find_uid(&tg.t, 42));
	gs_tbl_turn_done(&tg.t, 1, TG_T0);
	/* Added and removed within one turn: the list never hears of it. */
	(void)tg_up(0, &h, TG_T0 + 10);
	assert_int_equal(gs_tbl_remove(&tg.t, 0, 7), 1);
	assert_int_equal(tg.t.ndels, 0);
	assert_int_equal(turn_len(), 0);
	assert_int_equal(tg.ngone, 0);
}

static void
test_max_games(void **state)
{
	struct ms_gs_host	h;

	(void)state;
	gs_tbl_config(&tg.t, 2, 250, 1800);
	tg_host(&h, 1, 1, 101, "A", 0);
	assert_int_equal(tg_up(0, &h, TG_T0), GS_UP_ADD);
	tg_host(&h, 2, 1, 102, "B", 0);
	assert_int_equal(tg_up(0, &h, TG_T0), GS_UP_ADD);
	tg_host(&h, 3, 1, 103, "C", 0);
	assert_int_equal(tg_up(0, &h, TG_T0), GS_UP_FULL);
	assert_int_equal(tg.t.n, 2);
	assert_null(gs_tbl_find(&tg.t, 0, 3));
	assert_int_equal(tg.ngone, 1);
	assert_int_equal(tg.gone[0].sid, 3);
	assert_string_equal(tg.gone[0].text, "The server lists too many "
	    "games; yours was not added.");
	/* Updates of listed games still pass. */
	tg_host(&h, 1, 1, 101, "A2", 0);
	assert_int_equal(tg_up(0, &h, TG_T0), GS_UP_CHANGE);
}

static void
test_idle_expiry(void **state)
{
	struct ms_gs_host	h;

	(void)state;
	gs_tbl_config(&tg.t, 100, 250, 60);
	tg_host(&h, 1, 1, 101, "Open", 0);
	(void)tg_up(0, &h, TG_T0);
	tg_host(&h, 2, 1, 102, "Running", 0);
	h.started = 1700000000000LL;
	h.flags = MS_GS_STARTED;
	(void)tg_up(0, &h, TG_T0);
	tg_host(&h, 3, 1, 103, "Refreshed", 0);
	(void)tg_up(1, &h, TG_T0);
	gs_tbl_turn_done(&tg.t, 1, TG_T0);
	/* A replay does not count as an update; a real one does. */
	tg_host(&h, 1, 1, 101, "Open", 0);
	h.flags = MS_SESS_REPLAY;
	(void)tg_up(0, &h, TG_T0 + 30000);
	tg_host(&h, 3, 1, 103, "Refreshed", 0);
	(void)tg_up(1, &h, TG_T0 + 30000);
	assert_int_equal(gs_tbl_expire(&tg.t, TG_T0 + 59999), 0);
	assert_int_equal(gs_tbl_expire(&tg.t, TG_T0 + 60000), 1);
	assert_null(gs_tbl_find(&tg.t, 0, 1));
	assert_int_equal(tg.ngone, 1);
	assert_int_equal(tg.gone[0].user_id, 101);
	assert_string_equal(tg.gone[0].text, "Your game was removed from "
	    "the list: it was not updated for 1 minute.");
	assert_int_equal(tg.t.ndels, 1);
	assert_int_equal(gs_tbl_expire(&tg.t, TG_T0 + 90000), 1);
	assert_null(gs_tbl_find(&tg.t, 1, 3));
	/* Running games stay however long they run. */
	assert_int_equal(gs_tbl_expire(&tg.t, TG_T0 + 86400000), 0);
	assert_non_null(gs_tbl_find(&tg.t, 0, 2));
	gs_tbl_config(&tg.t, 100, 250, 1800);
	tg_host(&h, 4, 1, 104, "X", 0);
	(void)tg_up(0, &h, TG_T0);
	assert_int_equal(gs_tbl_expire(&tg.t, TG_T0 + 1800000), 1);
	assert_string_equal(tg.gone[tg.ngone - 1].text, "Your game was "
	    "removed from the list: it was not updated for 30 minutes.");
}

/*
 * Ten updates within the interval: the first goes out at once, the
 * other nine become one change, sent when the interval ends, with the
 * last state.
 */
static void
test_coalesce_burst(void **state)
{
	struct ms_gs_host	h;
	char			name[16];
	uint64_t		t1 = TG_T0 + 1000;
	int			i;

	(void)state;
	tg_host(&h, 7, 1, 42, "v0", 0);
	(void)tg_up(0, &h, TG_T0);
	assert_int_equal(tg_flush(TG_T0, 0), 1);
	for (i = 1; i <= 10; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		tg_host(&h, 7, 1, 42, name, 0);
		assert_int_equal(tg_up(0, &h, t1 + 10 * (i - 1)),
		    GS_UP_CHANGE);
		(void)tg_flush(t1 + 10 * (i - 1), 0);
	}
	tg_parse();
	assert_int_equal(tg.nmsgs, 2);
	assert_int_equal(tg.nents, 2);
	assert_int_equal(tg.ents[0].aux.verb, MW_VERB_ADD);
	assert_int_equal(tg.ents[1].aux.verb, MW_VERB_CHANGE);
	assert_string_equal(tg_name(&tg.ents[1]), "v1");
	assert_int_equal(held_len(), 1);
	assert_int_equal(gs_tbl_held_due(&tg.t, t1 + 90), 160);
	assert_int_equal(gs_tbl_release(&tg.t, t1 + 249), 1);
	assert_int_equal(turn_len(), 0);
	assert_int_equal(gs_tbl_release(&tg.t, t1 + 250), -1);
	assert_int_equal(held_len(), 0);
	assert_int_equal(turn_len(), 1);
	tg_clear();
	assert_int_equal(tg_flush(t1 + 250, 0), 1);
	tg_parse();
	assert_int_equal(tg.nents, 1);
	assert_int_equal(tg.ents[0].aux.verb, MW_VERB_CHANGE);
	assert_string_equal(tg_name(&tg.ents[0]), "v10");
	/* Quiet for a whole interval: the next change goes at once. */
	tg_host(&h, 7, 1, 42, "v11", 0);
	(void)tg_up(0, &h, t1 + 500);
	assert_int_equal(turn_len(), 1);
}

static void
test_delete_drops_held(void **state)
{
	struct ms_gs_host	h;

	(void)state;
	tg_host(&h, 7, 1, 42, "v0", 0);
	(void)tg_up(0, &h, TG_T0);
	gs_tbl_turn_done(&tg.t, 1, TG_T0);
	tg_host(&h, 7, 1, 42, "v1", 0);
	assert_int_equal(tg_up(0, &h, TG_T0 + 10), GS_UP_CHANGE);
	assert_int_equal(held_len(), 1);
	assert_int_equal(turn_len(), 0);
	assert_int_equal(gs_tbl_remove(&tg.t, 0, 7), 1);
	assert_int_equal(held_len(), 0);
	assert_int_equal(tg.t.ndels, 1);
	assert_int_equal(gs_tbl_release(&tg.t, TG_T0 + 1000), -1);
	assert_int_equal(turn_len(), 0);
}

static void
test_gateway_and_room_gone(void **state)
{
	struct ms_gs_host	h;

	(void)state;
	tg_host(&h, 1, 1, 101, "A", 0);
	(void)tg_up(0, &h, TG_T0);
	tg_host(&h, 2, 2, 102, "B", 0);
	(void)tg_up(0, &h, TG_T0);
	tg_host(&h, 1, 2, 103, "C", 0);
	(void)tg_up(1, &h, TG_T0);
	gs_tbl_turn_done(&tg.t, 1, TG_T0);
	assert_int_equal(gs_tbl_gateway_gone(&tg.t, 0), 2);
	assert_int_equal(tg.t.n, 1);
	assert_int_equal(tg.t.ndels, 2);
	assert_int_equal(tg.ngone, 0);		/* nobody left to tell */
	assert_int_equal(gs_tbl_room_gone(&tg.t, 2), 1);
	assert_int_equal(tg.t.n, 0);
	assert_int_equal(tg.ngone, 1);
	assert_int_equal(tg.gone[0].gw, 1);
	assert_int_equal(tg.gone[0].user_id, 103);
}

/*
 * A gateway's replay names all its games: those it left out (their
 * remove lost with a broken pipe) go at its end; other gateways' stay.
 */
static void
test_replay_stale(void **state)
{
	struct ms_gs_host	h;
	uint64_t		cut;

	(void)state;
	tg_host(&h, 1, 1, 101, "Kept", 0);
	(void)tg_up(0, &h, TG_T0);
	tg_host(&h, 2, 1, 102, "Stale", 0);
	(void)tg_up(0, &h, TG_T0);
	tg_host(&h, 3, 1, 103, "Other gateway", 0);
	(void)tg_up(1, &h, TG_T0);
	gs_tbl_turn_done(&tg.t, 1, TG_T0);
	cut = tg.t.hosts + 1;		/* the replay starts */
	tg_host(&h, 1, 1, 101, "Kept", 0);
	h.flags |= MS_SESS_REPLAY;
	assert_int_equal(tg_up(0, &h, TG_T0 + 5), GS_UP_SAME);
	assert_int_equal(gs_tbl_gateway_stale(&tg.t, 0, cut), 1);
	assert_null(gs_tbl_find(&tg.t, 0, 2));
	assert_non_null(gs_tbl_find(&tg.t, 0, 1));
	assert_non_null(gs_tbl_find(&tg.t, 1, 3));
	assert_int_equal(tg.t.ndels, 1);
	/* An empty replay: every game of that gateway goes. */
	assert_int_equal(gs_tbl_gateway_stale(&tg.t, 0, tg.t.hosts + 1), 1);
	assert_int_equal(tg.t.n, 1);
}

/* Many games: the hash grows and every game is still found. */
static void
test_many(void **state)
{
	struct ms_gs_host	h;
	uint32_t		i;

	(void)state;
	gs_tbl_config(&tg.t, 5000, 250, 1800);
	for (i = 0; i < 3000; i++) {
		tg_host(&h, i, 1 + i % 3, 1000 + i, "G", 0);
		assert_int_equal(tg_up(i % 2, &h, TG_T0), GS_UP_ADD);
	}
	assert_true(tg.t.nbuckets >= 3000);
	for (i = 0; i < 3000; i++) {
		assert_non_null(gs_tbl_find(&tg.t, i % 2, i));
		assert_non_null(gs_tbl_find_uid(&tg.t, 1000 + i));
	}
	assert_int_equal(gs_tbl_gateway_gone(&tg.t, 1), 1500);
	assert_null(gs_tbl_find(&tg.t, 1, 1));
	assert_non_null(gs_tbl_find(&tg.t, 0, 2));
}

#define T(f)	cmocka_unit_test_setup_teardown(f, tg_setup, tg_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_add_change_same),
		T(test_room_move),
		T(test_same_user_other_session),
		T(test_remove),
		T(test_max_games),
		T(test_idle_expiry),
		T(test_replay_stale),
		T(test_coalesce_burst),
		T(test_delete_drops_held),
		T(test_gateway_and_room_gone),
		T(test_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
