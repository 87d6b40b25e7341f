/*
 * test_gs_list.c - what the gateways receive, read back with the real
 * packet 2 decoder: verbs and their order within a room, the aux fields
 * (address byte order, seconds remaining for Myth, Aleph One, running
 * and untimed games), rooms of many 1 KB games cut into records of at
 * most MS_GS_LIST_MAX bytes and messages of at most GS_MSG_MAX,
 * snapshots (an empty record for an empty room, MS_GS_MORE on every
 * part of a room but the last), and the admin verb's text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "test_gs_lib.h"

#define WALL	1700000000000LL		/* an injected wall clock, ms */

static void
test_verbs(void **state)
{
	struct ms_gs_host	h;

	(void)state;
	tg_host(&h, 1, 1, 101, "A", 0);
	(void)tg_up(0, &h, TG_T0);
	tg_host(&h, 2, 1, 102, "B", 0);
	(void)tg_up(0, &h, TG_T0);
	tg_host(&h, 3, 2, 103, "C", 0);
	(void)tg_up(0, &h, TG_T0);
	assert_int_equal(tg_flush(TG_T0, WALL), 1);
	tg_parse();
	assert_int_equal(tg.msgs[0].type, MS_GS_LIST);
	assert_int_equal(tg.nrecs, 2);
	assert_int_equal(tg.nents, 3);
	assert_int_equal(tg.ents[0].room_id, 1);
	assert_int_equal(tg.ents[1].room_id, 1);
	assert_int_equal(tg.ents[2].room_id, 2);
	assert_int_equal(tg.ents[2].more, 0);
	assert_int_equal(tg.ents[0].aux.verb, MW_VERB_ADD);
	assert_string_equal(tg_name(&tg.ents[1]), "B");
	tg_clear();

	/* One turn: a change, a delete, and user 102 hosting anew. */
	tg_host(&h, 1, 1, 101, "A2", 0);
	(void)tg_up(0, &h, TG_T0 + 1000);
	assert_int_equal(gs_tbl_remove(&tg.t, 0, 3), 1);
	tg_host(&h, 9, 1, 102, "B2", 0);
	(void)tg_up(1, &h, TG_T0 + 1000);
	assert_int_equal(tg_flush(TG_T0 + 1000, WALL), 1);
	tg_parse();
	assert_int_equal(tg.nents, 4);
	/* Room 2's delete, then room 1: 102's delete before its add. */
	assert_int_equal(tg.ents[0].room_id, 2);
	assert_int_equal(tg.ents[0].aux.verb, MW_VERB_DELETE);
	assert_int_equal(tg.ents[0].aux.game_id, 103);
	assert_int_equal(tg.ents[0].data_len, 0);
	assert_int_equal(tg.ents[1].room_id, 1);
	assert_int_equal(tg.ents[1].aux.verb, MW_VERB_DELETE);
	assert_int_equal(tg.ents[1].aux.game_id, 102);
	assert_int_equal(tg.ents[2].aux.verb, MW_VERB_CHANGE);
	assert_int_equal(tg.ents[2].aux.game_id, 101);
	assert_string_equal(tg_name(&tg.ents[2]), "A2");
	assert_int_equal(tg.ents[3].aux.verb, MW_VERB_ADD);
	assert_int_equal(tg.ents[3].aux.game_id, 102);
	assert_string_equal(tg_name(&tg.ents[3]), "B2");
	tg_clear();
	/* Nothing happened: no message at all. */
	assert_int_equal(tg_flush(TG_T0 + 2000, WALL), 0);
}

static void
test_aux(void **state)
{
	struct ms_gs_host	h;
	struct gs_ent		*e;
	struct mw_game_entry	ge;

	(void)state;
	tg_host(&h, 1, 1, 101, "A", 0);
	(void)tg_up(0, &h, TG_T0);
	(void)tg_flush(TG_T0, WALL);
	tg_parse();
	assert_int_equal(tg.ents[0].aux.game_id, 101);
	assert_int_equal(tg.ents[0].aux.creating_player_id, 101);
	assert_int_equal(tg.ents[0].aux.host, 0x0a010203);
	assert_int_equal(tg.ents[0].aux.port, 3453);
	assert_int_equal(tg.ents[0].aux.game_version, 0);
	assert_int_equal(tg.ents[0].aux.seconds_remaining, 0);
	assert_int_equal(tg.ents[0].data_len, h.desc_len);
	assert_memory_equal(tg.ents[0].data, tg_desc, h.desc_len);

	e = gs_tbl_find(&tg.t, 0, 1);
	e->flags |= MS_USER_ALEPHONE;		/* A1 servers show -1 */
	gs_entry_make(e, MW_VERB_ADD, WALL, &ge);
	assert_int_equal(ge.aux.seconds_remaining, -1);
	e->started = WALL - 100500;		/* 100.5 s ago, 600 s long */
	e->flags |= MS_GS_STARTED;
	e->limit_s = 600;
	gs_entry_make(e, MW_VERB_CHANGE, WALL, &ge);
	assert_int_equal(ge.aux.seconds_remaining, 500);
	assert_int_equal(ge.aux.verb, MW_VERB_CHANGE);
	e->flags &= ~(uint32_t)MS_USER_ALEPHONE;
	e->limit_s = 60;			/* over time: 0, not negative */
	gs_entry_make(e, MW_VERB_CHANGE, WALL, &ge);
	assert_int_equal(ge.aux.seconds_remaining, 0);
	e->limit_s = -1;
	gs_entry_make(e, MW_VERB_CHANGE, WALL, &ge);
	assert_int_equal(ge.aux.seconds_remaining, -1);
	e->limit_s = 0;				/* GoS: 0 is untimed */
	gs_entry_make(e, MW_VERB_CHANGE, WALL, &ge);
	assert_int_equal(ge.aux.seconds_remaining, -1);
}

/* 30 games of 1000 bytes in one room: several records, each decodable. */
static void
test_split_room(void **state)
{
	struct ms_gs_host	h;
	uint32_t		i, seen[30];
	size_t			k;

	(void)state;
	for (i = 0; i < 30; i++) {
		tg_host(&h, i, 1, 100 + i, "Big", 1000);
		(void)tg_up(0, &h, TG_T0);
	}
	assert_int_equal(tg_flush(TG_T0, WALL), 1);
	tg_parse();
	assert_int_equal(tg.nents, 30);
	assert_true(tg.nrecs >= 4);		/* ~7 entries of 1032 bytes */
	assert_true(tg.rec_len_max <= MW_MYTH_OUT_MAX - MW_HEADER_SIZE);
	memset(seen, 0, sizeof(seen));
	for (k = 0; k < tg.nents; k++) {
		assert_int_equal(tg.ents[k].room_id, 1);
		assert_int_equal(tg.ents[k].data_len, 1000);
		seen[tg.ents[k].aux.game_id - 100]++;
	}
	for (i = 0; i < 30; i++)
		assert_int_equal(seen[i], 1);
}

static void
test_snapshot(void **state)
{
	static const uint32_t	rooms[] = { 1, 2, 3 };
	struct ms_gs_host	h;
	uint32_t		i;
	size_t			k, last1 = 0;

	(void)state;
	for (i = 0; i < 30; i++) {
		tg_host(&h, i, 1, 100 + i, "Big", 1000);
		(void)tg_up(0, &h, TG_T0);
	}
	tg_host(&h, 50, 3, 150, "Small", 0);
	(void)tg_up(1, &h, TG_T0);
	(void)tg_flush(TG_T0, WALL);
	tg_clear();
	assert_int_equal(gs_list_snapshot(&tg.t, rooms, 3, WALL, tg_sink,
	    NULL), 1);
	assert_int_equal(tg.msgs[0].type, MS_GS_SNAPSHOT);
	tg_parse();
	assert_int_equal(tg.nents, 31);
	/* Room 1's parts: MORE on all but its last; room 2 empty; room 3. */
	for (k = 0; k < 30; k++) {
		assert_int_equal(tg.ents[k].room_id, 1);
		assert_int_equal(tg.ents[k].aux.verb, MW_VERB_ADD);
		last1 = tg.ents[k].rec;
	}
	for (k = 0; k < 30; k++)
		assert_int_equal(tg.ents[k].more, tg.ents[k].rec != last1);
	assert_int_equal(tg.ents[30].room_id, 3);
	assert_int_equal(tg.ents[30].more, 0);
	assert_int_equal(tg.ents[30].rec, last1 + 2);	/* room 2 between */
	assert_int_equal(tg.nrecs, last1 + 3);
}

/* An empty record per room when nothing is listed anywhere. */
static void
test_snapshot_empty(void **state)
{
	static const uint32_t	rooms[] = { 4, 5 };
	struct ms_gs_rec	rec;

	(void)state;
	assert_int_equal(gs_list_snapshot(&tg.t, rooms, 2, WALL, tg_sink,
	    NULL), 1);
	assert_int_equal(tg.msgs[0].len, 2 * sizeof(rec));
	memcpy(&rec, tg.msgs[0].p, sizeof(rec));
	assert_int_equal(rec.room_id, 4);
	assert_int_equal(rec.len, 0);
	memcpy(&rec, tg.msgs[0].p + sizeof(rec), sizeof(rec));
	assert_int_equal(rec.room_id, 5);
	assert_int_equal(rec.len, 0);
}

/* More than one message's worth: several messages, nothing lost. */
static void
test_many_messages(void **state)
{
	static const uint32_t	rooms[] = { 1, 2 };
	struct ms_gs_host	h;
	uint32_t		i;
	size_t			k;

	(void)state;
	gs_tbl_config(&tg.t, 1000, 250, 1800);
	for (i = 0; i < 200; i++) {
		tg_host(&h, i, 1 + i % 2, 1000 + i, "Big", 1000);
		(void)tg_up(0, &h, TG_T0);
	}
	k = tg_flush(TG_T0, WALL);
	assert_true(k >= 4);			/* 200 KB in < 64 KB parts */
	tg_parse();
	assert_int_equal(tg.nents, 200);
	for (k = 0; k < tg.nmsgs; k++)
		assert_int_equal(tg.msgs[k].type, MS_GS_LIST);
	tg_clear();
	assert_true(gs_list_snapshot(&tg.t, rooms, 2, WALL, tg_sink,
	    NULL) >= 4);
	tg_parse();
	assert_int_equal(tg.nents, 200);
}

static void
test_admin(void **state)
{
	struct ms_gs_host	h;
	struct gs_ent		*e;
	char			buf[8000];
	uint32_t		i;

	(void)state;
	tg_host(&h, 1, 2, 42, "Late", 0);
	(void)tg_up(0, &h, TG_T0);
	tg_host(&h, 2, 1, 77, "Caf\x8e", 0);	/* MacRoman e acute */
	(void)tg_up(0, &h, TG_T0);
	tg_host(&h, 3, 1, 9, "Duel", 0);
	h.started = WALL - 60000;
	h.flags = MS_GS_STARTED;
	h.limit_s = 600;
	(void)tg_up(0, &h, TG_T0);
	gs_admin_games(&tg.t, WALL, buf, sizeof(buf));
	assert_string_equal(buf,
	    "room 1 game 9 host 9 \"Duel\" on \"Forest Heart\" players 2 "
	    "running 540 s left\n"
	    "room 1 game 77 host 77 \"Caf\xc3\xa9\" on \"Forest Heart\" "
	    "players 2 open\n"
	    "room 2 game 42 host 42 \"Late\" on \"Forest Heart\" players 2 "
	    "open\n"
	    "3 games");
	e = gs_tbl_find(&tg.t, 0, 3);
	e->limit_s = -1;
	gs_admin_games(&tg.t, WALL, buf, sizeof(buf));
	assert_non_null(strstr(buf, "running untimed\n"));
	/* Too many for the buffer: cut, counted, under the cap. */
	for (i = 0; i < 90; i++) {
		tg_host(&h, 100 + i, 3, 1000 + i, "Filler", 0);
		(void)tg_up(0, &h, TG_T0);
	}
	gs_admin_games(&tg.t, WALL, buf, 1000);
	assert_true(strlen(buf) < 1000);
	assert_non_null(strstr(buf, "... and "));
	assert_non_null(strstr(buf, " more\n93 games"));
}

#define T(f)	cmocka_unit_test_setup_teardown(f, tg_setup, tg_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_verbs),
		T(test_aux),
		T(test_split_room),
		T(test_snapshot),
		T(test_snapshot_empty),
		T(test_many_messages),
		T(test_admin),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
