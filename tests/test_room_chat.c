/*
 * test_room_chat.c - chat and private messages: lines stamped with the
 * sender's real id and nick, delivered once per listening member (the
 * sender included) in one record per gateway; private lines to present
 * and absent targets, with and without echo, error 10 for Aleph One
 * senders only; dot commands answered and never relayed; bad blobs;
 * each gateway's chat taken after its base, once and in order, and
 * acknowledged after the deliveries, at most every ROOM_ACK_MS
 * (replay bases, a gateway's restart).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "test_room_lib.h"

static int
setup(void **state)
{
	(void)state;
	rt_setup(2, 50);
	rt_join(0, 1, 10, 101, 0, "Alice");
	rt_join(0, 2, 10, 102, MS_USER_ALEPHONE, "Bob");
	rt_join(1, 3, 10, 103, 0, "Carol");
	rt_join(1, 4, 11, 104, 0, "Dave");	/* another room */
	rt_flush();
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
decode_chat(const struct rt_pkt *p, struct mw_chat *c)
{
	assert_int_equal(p->type, MW_T_ROOM_BROADCAST);
	assert_int_equal(mw_decode_room_broadcast(p->p, p->len, c), MW_OK);
}

static void
test_chat_stamped(void **state)
{
	struct mw_chat	c;
	uint32_t	sid;

	(void)state;
	rt_chat(0, 2, 0, 0, 0, 666, "Alice", "hi all");	/* spoofed */
	rt_flush();
	for (sid = 1; sid <= 3; sid++) {
		assert_int_equal(rt_got(sid == 3, sid), 1);
		decode_chat(&rt.pkts[0], &c);
		assert_int_equal(c.player_id, 102);
		assert_string_equal(c.sender, "Bob");
		assert_string_equal(c.message, "hi all");
		assert_int_equal(c.color.red, 0x1234);
	}
	assert_int_equal(rt_got(1, 4), 0);		/* other room */
	assert_int_equal(rt_count(MS_ROOM_DELIVER, 0), 1);
	assert_int_equal(rt_count(MS_ROOM_DELIVER, 1), 1);
}

static void
test_chat_deaf(void **state)
{
	(void)state;
	rt_session(1, 3, MS_ROOM_SET_MODE, 1);
	rt_flush();
	rt_clear();
	rt_chat(0, 1, 0, 0, 0, 101, "Alice", "anyone?");
	rt_chat(0, 1, 1, 103, 1, 101, "Alice", "psst");
	rt_flush();
	assert_int_equal(rt_got(1, 3), 0);
	/* Alice: her line back, and the echo of the private one. */
	assert_int_equal(rt_got(0, 1), 2);
	assert_int_equal(rt.pkts[1].type, MW_T_DIRECTED_DATA);
}

static void
expect_private(uint32_t gw, uint32_t sid, uint32_t target, uint32_t echo)
{
	struct mw_directed_data	d;

	assert_int_equal(rt_got(gw, sid), 1);
	assert_int_equal(rt.pkts[0].type, MW_T_DIRECTED_DATA);
	assert_int_equal(mw_decode_directed_data(rt.pkts[0].p, rt.pkts[0].len,
	    &d), MW_OK);
	assert_int_equal(d.target_player_id, target);
	assert_int_equal(d.local_echo, echo);
	assert_int_equal(d.chat.player_id, 101);
	assert_string_equal(d.chat.sender, "Alice");
	assert_string_equal(d.chat.message, "secret");
}

static void
test_private(void **state)
{
	(void)state;
	rt_chat(0, 1, 1, 103, 1, 101, "X", "secret");	/* echo */
	rt_flush();
	expect_private(1, 3, 103, 1);
	expect_private(0, 1, 103, 1);
	assert_int_equal(rt_got(0, 2), 0);
	rt_clear();
	rt_chat(0, 1, 1, 103, 0, 101, "X", "secret");	/* no echo */
	rt_flush();
	expect_private(1, 3, 103, 0);
	assert_int_equal(rt_got(0, 1), 0);
	rt_clear();
	rt_chat(0, 1, 1, 101, 1, 101, "X", "secret");	/* to oneself */
	rt_flush();
	expect_private(0, 1, 101, 1);
}

static void
test_private_absent(void **state)
{
	struct mw_server_message	sm;

	(void)state;
	rt_chat(0, 1, 1, 104, 1, 101, "Alice", "secret");  /* Myth sender */
	rt_flush();
	assert_int_equal(rt_got(1, 4), 0);	/* in another room */
	expect_private(0, 1, 104, 1);		/* only the echo */
	rt_clear();
	rt_chat(0, 2, 1, 999, 1, 102, "Bob", "hello?");	/* Aleph One */
	rt_flush();
	assert_int_equal(rt_got_type(0, 2, MW_T_SERVER_MESSAGE), 1);
	assert_int_equal(mw_decode_server_message(rt.pkts[0].p,
	    rt.pkts[0].len, &sm), MW_OK);
	assert_int_equal(sm.code, 10);
	assert_string_equal(sm.text, "Player not in a room!");
	assert_int_equal(rt_got_type(0, 2, MW_T_DIRECTED_DATA), 1);
}

static void
test_commands(void **state)
{
	size_t	n;

	(void)state;
	rt_chat(0, 1, 0, 0, 0, 101, "Alice", ".help");
	rt_flush();
	n = rt_got(0, 1);
	assert_true(n >= 3);
	assert_int_equal(rt.pkts[0].type, MW_T_MESSAGE_OF_THE_DAY);
	assert_int_equal(rt_got(0, 2), 0);		/* not relayed */
	rt_clear();
	rt_chat(0, 1, 0, 0, 0, 101, "Alice", ".TIME please");
	rt_flush();
	assert_int_equal(rt_got(0, 1), 1);
	assert_memory_equal(rt_text(&rt.pkts[0]), "Server time: ", 13);
	rt_clear();
	rt_chat(1, 3, 1, 101, 1, 103, "Carol", ".who");
	rt_flush();
	assert_int_equal(rt_got(1, 3), 2);
	assert_string_equal(rt_text(&rt.pkts[0]), "3 players in Room 10:");
	assert_string_equal(rt_text(&rt.pkts[1]), "Alice, Bob, Carol");
	assert_int_equal(rt_got(0, 1), 0);
	rt_clear();
	rt_chat(0, 1, 0, 0, 0, 101, "Alice", ".frobnicate now");
	rt_chat(0, 1, 0, 0, 0, 101, "Alice", ".5 is not a command");
	rt_flush();
	assert_int_equal(rt_got_type(0, 1, MW_T_MESSAGE_OF_THE_DAY), 1);
	assert_string_equal(rt_text(&rt.pkts[0]),
	    "Unknown command '.frobnicate'.");
	assert_int_equal(rt_got_type(0, 2, MW_T_ROOM_BROADCAST), 1);
}

static void
test_who_wraps(void **state)
{
	char		nick[32];
	size_t		i, n;
	uint32_t	k;

	(void)state;
	for (k = 0; k < 40; k++) {
		snprintf(nick, sizeof(nick), "Somebody%02u", k);
		rt_join(0, 100 + k, 10, 500 + k, 0, nick);
	}
	rt_flush();
	rt_clear();
	rt_chat(0, 1, 0, 0, 0, 101, "Alice", ".who");
	rt_flush();
	n = rt_got(0, 1);
	assert_true(n >= 5);
	for (i = 0; i < n; i++)
		assert_true(strlen(rt_text(&rt.pkts[i])) <= ROOM_TEXT_LINE);
}

static void
test_bad_blobs(void **state)
{
	struct ms_room_chat	c;
	uint8_t			blob[32];

	(void)state;
	memset(&c, 0, sizeof(c));
	memset(blob, 'x', sizeof(blob));
	rt_chat_base(0, 0, 0);
	c.sid = 1;
	c.chat_seq = 1;
	room_chat(rt.ctx, 0, &c, blob);			/* empty */
	c.blob_len = sizeof(blob);			/* no NULs */
	c.chat_seq = 2;
	room_chat(rt.ctx, 0, &c, blob);
	c.blob_len = ROOM_OUT_PAYLOAD_MAX;		/* oversize */
	c.chat_seq = 3;
	room_chat(rt.ctx, 0, &c, blob);
	rt.chat_seq[0] = 3;
	rt_chat(0, 77, 0, 0, 0, 1, "ghost", "boo");	/* unknown sid */
	rt_chat(0, 1, 5, 0, 0, 101, "Alice", "kind 5");	/* unknown kind */
	rt_flush();
	/* nothing delivered; handled all the same (acknowledged) */
	assert_int_equal(rt.nmsgs, 1);
	assert_int_equal(rt.msgs[0].type, MS_ROOM_ACK);
}

/* acked - chat_seq of the one MS_ROOM_ACK to gw, or 0 if none */
static uint32_t
acked(int gw)
{
	const struct rt_msg	*m = rt_nth(MS_ROOM_ACK, gw, 0);
	struct ms_room_chat_seq	 a;

	if (m == NULL)
		return 0;
	assert_int_equal(rt_count(MS_ROOM_ACK, gw), 1);
	assert_int_equal(m->len, sizeof(a));
	memcpy(&a, m->p, sizeof(a));
	return a.chat_seq;
}

/* heard - room lines Carol (gateway 1) got in what was flushed */
static size_t
heard(void)
{
	size_t	n = rt_got_type(1, 3, MW_T_ROOM_BROADCAST);

	rt_clear();
	return n;
}

/* Chat before a base was meant for a predecessor: not taken, no ack. */
static void
test_chat_needs_base(void **state)
{
	size_t	i;

	(void)state;
	rt_say(0, 5, 1, "early");
	rt_flush();
	assert_int_equal(acked(0), 0);
	assert_int_equal(heard(), 0);
	rt_chat_base(0, 4, 0);
	rt_say(0, 5, 1, "now");
	rt_flush();
	assert_int_equal(acked(0), 5);
	/* the ack follows the deliveries it stands for */
	for (i = 0; i < rt.nmsgs; i++)
		if (rt.msgs[i].type == MS_ROOM_ACK)
			break;
	assert_true(i > 0 && rt.msgs[i - 1].type == MS_ROOM_DELIVER);
	assert_int_equal(heard(), 1);
}

/* Each chat_seq once, in order; a gap is taken; old ones are not. */
static void
test_chat_once(void **state)
{
	(void)state;
	rt_chat_base(0, 10, 0);
	rt_say(0, 11, 1, "a");
	rt_say(0, 12, 2, "b");
	rt_flush();
	assert_int_equal(acked(0), 12);
	assert_int_equal(heard(), 2);
	rt_say(0, 12, 2, "b");
	rt_say(0, 11, 1, "a");
	rt_flush();
	assert_int_equal(acked(0), 0);
	assert_int_equal(heard(), 0);
	rt_say(0, 14, 1, "after a gap");
	rt_chat_base(0, 13, 0);		/* a later base never goes back */
	rt_say(0, 14, 1, "after a gap");
	rt_flush();
	assert_int_equal(acked(0), 14);
	assert_int_equal(heard(), 1);
}

/*
 * The first replay's base overrides what a restarted worker took
 * before it (chat queued for its predecessor behind a stale base):
 * the lines sent again are handled, at least once.  A later replay of
 * the same gateway (a resync) only moves on: nothing twice.
 */
static void
test_chat_replay_base(void **state)
{
	(void)state;
	rt_chat_base(0, 20, 0);
	rt_say(0, 21, 9, "stale, from nobody we know");
	rt_flush();
	assert_int_equal(acked(0), 21);
	rt_clear();
	rt_chat_base(0, 18, 1);
	rt_say(0, 19, 1, "a");
	rt_say(0, 20, 1, "b");
	rt_say(0, 21, 1, "c");
	rt_flush();
	assert_int_equal(acked(0), 21);
	assert_int_equal(heard(), 3);
	rt_chat_base(0, 19, 1);
	rt_say(0, 21, 1, "c");
	rt_say(0, 22, 1, "d");
	rt_flush();
	assert_int_equal(acked(0), 22);
	assert_int_equal(heard(), 1);
}

/* At most one ack per ROOM_ACK_MS; the flush says when one is owed. */
static void
test_chat_ack_pace(void **state)
{
	(void)state;
	rt_chat_base(0, 0, 0);
	rt_say(0, 1, 1, "a");
	assert_int_equal(room_flush(rt.ctx, 5000), -1);
	assert_int_equal(acked(0), 1);
	rt_clear();
	rt_say(0, 2, 1, "b");
	assert_int_equal(room_flush(rt.ctx, 5004), ROOM_ACK_MS - 4);
	assert_int_equal(acked(0), 0);
	assert_int_equal(heard(), 1);
	assert_int_equal(room_flush(rt.ctx, 5000 + ROOM_ACK_MS), -1);
	assert_int_equal(acked(0), 2);
}

/* A gateway that restarted starts a new stream: a base first. */
static void
test_chat_gateway_gone(void **state)
{
	(void)state;
	rt_chat_base(1, 0, 0);
	rt_say(1, 1, 3, "before");
	room_gateway_gone(rt.ctx, 1);
	rt_flush();
	rt_clear();
	rt_say(1, 2, 3, "after");
	rt_flush();
	assert_int_equal(acked(1), 0);
	assert_int_equal(rt_count(MS_ROOM_DELIVER, -1), 0);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_setup_teardown(test_chat_stamped, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chat_deaf, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_private_absent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_commands, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_who_wraps, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_blobs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chat_needs_base, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chat_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chat_replay_base, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chat_ack_pace, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chat_gateway_gone, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
