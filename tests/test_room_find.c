/*
 * test_room_find.c - MS_ROOM_FIND on a room worker's state: members by
 * user id (absent, repeated and zero ids skipped) and by a fragment of
 * the nick (ASCII case folded, MacRoman letters only themselves, empty
 * fragment finds nobody), at most max entries, an answer that stays
 * within one message and one Myth packet when many match, and the
 * reply itself (reqid, gateway, layout the gateway decodes as 14/15/16).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "test_room_lib.h"

#define FIND_BUF	(ROOM_PKT_MAX)

static uint8_t	buf[FIND_BUF];

/* find - run f, check the answer's framing, decode its entries into v. */
static size_t
find(const struct ms_room_find *f, struct mw_search_entry *v, size_t max)
{
	struct ms_room_find_rep	rep;
	struct mw_iter		it;
	size_t			len, n = 0;

	len = room_find_build(rt.ctx, f, buf, sizeof(buf));
	assert_true(len >= sizeof(rep));
	assert_true(len <= MS_MSG_MAX - sizeof(struct ms_hdr) - 4);
	memcpy(&rep, buf, sizeof(rep));
	assert_int_equal(rep.len, len - sizeof(rep));
	assert_int_equal(mw_decode_search_list(buf + sizeof(rep), rep.len,
	    MW_T_PLAYER_SEARCH_LIST, &it), MW_OK);
	assert_int_equal(it.count, rep.n);
	while (n < max && mw_search_list_next(&it, &v[n]) == 1)
		n++;
	assert_int_equal(n, rep.n < max ? rep.n : max);
	return rep.n;
}

static void
by_name(struct ms_room_find *f, const char *name, uint32_t max)
{
	memset(f, 0, sizeof(*f));
	f->kind = MS_FIND_NAME;
	f->max = max;
	snprintf(f->name, sizeof(f->name), "%s", name);
}

static int
setup(void **state)
{
	(void)state;
	rt_setup(2, 50);
	rt_join(0, 1, 10, 101, 0, "Alice");
	rt_join(0, 2, 10, 102, MS_USER_GUEST, "Bob");
	rt_join(1, 3, 11, 103, 0, "MALIK the Great");
	rt_join(1, 4, 11, 104, 0, "Dave");
	rt_join(1, 5, 10, 105, 0, "\x80lise");	/* MacRoman A-umlaut */
	rt_clear();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	rt_teardown();
	return 0;
}

static void
test_match(void **state)
{
	(void)state;
	assert_true(room_find_match("Alice", "ali"));
	assert_true(room_find_match("Alice", "ICE"));
	assert_true(room_find_match("Alice", "Alice"));
	assert_false(room_find_match("Alice", "Alicea"));
	assert_false(room_find_match("Alice", ""));
	assert_false(room_find_match("", "a"));
	assert_true(room_find_match("aaab", "aab"));
	/* Only ASCII folds: 0x80 (A-umlaut) is not 0x8a (a-umlaut). */
	assert_true(room_find_match("\x80lise", "\x80L"));
	assert_false(room_find_match("\x80lise", "\x8alise"));
}

static void
test_ids(void **state)
{
	struct mw_search_entry	v[8];
	struct ms_room_find	f;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.kind = MS_FIND_IDS;
	f.max = 16;
	f.nids = 6;
	f.ids[0] = 104;
	f.ids[1] = 999;		/* nobody */
	f.ids[2] = 101;
	f.ids[3] = 104;		/* asked twice */
	f.ids[4] = 0;
	f.ids[5] = 102;
	f.ids[6] = 103;		/* past nids */
	assert_int_equal(find(&f, v, 8), 3);
	/* room by room (10 first), ids in the order asked */
	assert_int_equal(v[0].aux.player_id, 101);
	assert_int_equal(v[0].room_id, 10);
	assert_string_equal(v[0].data.nick, "Alice");
	assert_int_equal(v[0].aux.caste, -1);		/* unranked room */
	assert_int_equal(v[1].aux.player_id, 102);
	assert_int_equal(v[1].aux.flags, 0x0002);	/* guest */
	assert_int_equal(v[2].aux.player_id, 104);
	assert_int_equal(v[2].room_id, 11);
	assert_int_equal(v[2].aux.caste, 7);		/* ranked room */
	assert_int_equal(v[2].aux.verb, 0);
	assert_string_equal(v[2].data.team, "Team");

	f.max = 2;
	assert_int_equal(find(&f, v, 8), 2);
	assert_int_equal(v[1].aux.player_id, 102);
	f.nids = 0;
	f.max = 16;
	assert_int_equal(find(&f, v, 8), 0);
	/* a member who left is not found */
	rt_session(0, 1, MS_ROOM_LEAVE, 0);
	f.nids = 1;
	f.ids[0] = 101;
	assert_int_equal(find(&f, v, 8), 0);
}

static void
test_name(void **state)
{
	struct mw_search_entry	v[8];
	struct ms_room_find	f;

	(void)state;
	by_name(&f, "LI", 16);
	assert_int_equal(find(&f, v, 8), 3);
	assert_string_equal(v[0].data.nick, "Alice");
	assert_string_equal(v[1].data.nick, "\x80lise");
	assert_string_equal(v[2].data.nick, "MALIK the Great");
	assert_int_equal(v[2].room_id, 11);
	by_name(&f, "li", 2);
	assert_int_equal(find(&f, v, 8), 2);
	by_name(&f, "", 16);
	assert_int_equal(find(&f, v, 8), 0);
	by_name(&f, "zzz", 16);
	assert_int_equal(find(&f, v, 8), 0);
	by_name(&f, "li", 0);
	assert_int_equal(find(&f, v, 8), 0);
	/* an unterminated name is cut, not overrun */
	by_name(&f, "", 16);
	memset(f.name, 'a', sizeof(f.name));
	assert_int_equal(find(&f, v, 8), 0);
	/* an unknown kind finds nobody */
	by_name(&f, "li", 16);
	f.kind = 7;
	assert_int_equal(find(&f, v, 8), 0);
}

/* Many matches: cut at an entry boundary within one Myth packet. */
static void
test_size_cap(void **state)
{
	static struct mw_search_entry	v[1024];
	struct ms_room_find		f;
	char				nick[40];
	uint32_t			i, n;
	size_t				len;

	(void)state;
	rt_teardown();
	rt_setup(2, 400);
	for (i = 0; i < 700; i++) {
		snprintf(nick, sizeof(nick), "Player %04u with a long nick", i);
		rt_join(i % 2, 10 + i, 10 + i % 2, 1000 + i, 0, nick);
		if (i % 50 == 49)
			rt_clear();
	}
	rt_clear();
	by_name(&f, "LONG NICK", 5000);
	n = (uint32_t)find(&f, v, 1024);
	len = room_find_build(rt.ctx, &f, buf, sizeof(buf));
	/* 100 bytes an entry: 327 fit under the Myth ceiling */
	assert_true(n > 250);
	assert_true(n < 700);
	assert_true(len <= MW_IN_MAX_CEILING - MW_CIPHER_OVERHEAD);
	assert_true(len + 100 > MW_IN_MAX_CEILING - MW_CIPHER_OVERHEAD);
	assert_int_equal(v[0].aux.player_id, 1000);
	assert_int_equal(v[1].aux.player_id, 1002);	/* room 10 first */
}

static void
test_reply(void **state)
{
	struct mw_search_entry	 v[4];
	struct ms_room_find_rep	 rep;
	const struct rt_msg	*m;
	struct ms_room_find	 f;
	struct mw_iter		 it;

	(void)state;
	by_name(&f, "dave", 16);
	room_find_reply(rt.ctx, 1, 0x00420007, &f);
	assert_int_equal(rt.nmsgs, 1);
	m = rt_nth(MS_ROOM_FIND_REP, 1, 0);
	assert_non_null(m);
	assert_int_equal(m->reqid, 0x00420007);
	memcpy(&rep, m->p, sizeof(rep));
	assert_int_equal(rep.n, 1);
	assert_int_equal(rep.len, m->len - sizeof(rep));
	/* the gateway reads the entries as a 15 or a 16 just as well */
	assert_int_equal(mw_decode_search_list(m->p + sizeof(rep), rep.len,
	    MW_T_BUDDY_LIST, &it), MW_OK);
	assert_int_equal(mw_search_list_next(&it, &v[0]), 1);
	assert_int_equal(v[0].aux.player_id, 104);
	/* a refused send is not fatal */
	rt.refuse = 1;
	room_find_reply(rt.ctx, 0, 9, &f);
	rt.refuse = 0;
	assert_int_equal(rt.nmsgs, 1);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_cap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reply, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
