/*
 * test_gw_chat.c - the gateway's chat queue per room worker (gw_chat.c)
 * with the links stubbed: lines numbered and sent after a base, kept
 * until acknowledged, refused once the queue is full (lines or bytes:
 * gateway.chat_queue_lines and chat_queue_bytes, also lowered at run
 * time), held while the link is down or a replay runs, and sent again
 * in order after a restart (base of a replay) or a resync; acks during
 * a replay ignored.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gw.h"
#include "worker.h"

#define LINES		100		/* gateway.chat_queue_lines */
#define BYTES		262144		/* gateway.chat_queue_bytes */
#define SENT_MAX	(2 * LINES + 16)

struct sent {
	uint16_t	type;
	uint32_t	seq;		/* chat_seq, or the base's */
	uint32_t	replay;		/* base only */
	uint32_t	sid;		/* chat only */
	size_t		len;
};

static int	link_token;		/* its address is room[0]'s link */
static int	up = 1, busy, refuse;
static struct sent sent[SENT_MAX];
static size_t	nsent;
static struct ms_config cfg;		/* the chat_queue_* keys */

/* ---- stubs ---- */

const struct ms_config *
wrk_cfg(void)
{
	return &cfg;
}

uint32_t
wrk_link_peer_role(const struct wrk_link *l)
{
	(void)l;
	return MS_ROLE_ROOM;
}

uint32_t
wrk_link_peer_index(const struct wrk_link *l)
{
	(void)l;
	return 0;
}

int
wrk_link_up(const struct wrk_link *l)
{
	(void)l;
	return up;
}

struct wrk_link *
wrk_link_find(uint32_t role, uint32_t index)
{
	return role == MS_ROLE_ROOM && index == 0 ?
	    (struct wrk_link *)&link_token : NULL;
}

void
wrk_wakeup_in(uint64_t ms)
{
	(void)ms;
}

int
gw_replay_busy(struct wrk_link *l)
{
	(void)l;
	return busy;
}

int
gw_link_room(struct wrk_link *l)
{
	(void)l;
	return 1;
}

int
wrk_send(struct wrk_link *l, uint16_t type, uint32_t reqid,
    const void *payload, size_t len)
{
	struct ms_room_chat_seq	b;
	struct ms_room_chat	c;
	struct sent		*s;

	(void)l;
	(void)reqid;
	if (refuse)
		return -1;
	assert_true(nsent < SENT_MAX);
	s = &sent[nsent++];
	s->type = type;
	s->len = len;
	if (type == MS_ROOM_CHAT_BASE) {
		assert_int_equal(len, sizeof(b));
		memcpy(&b, payload, sizeof(b));
		s->seq = b.chat_seq;
		s->replay = b.replay;
		return 0;
	}
	assert_int_equal(type, MS_ROOM_CHAT);
	assert_true(len >= sizeof(c));
	memcpy(&c, payload, sizeof(c));
	assert_int_equal(len, sizeof(c) + c.blob_len);
	s->seq = c.chat_seq;
	s->sid = c.sid;
	return 0;
}

/* ---- helpers ---- */

static struct wrk_link *
link0(void)
{
	return (struct wrk_link *)&link_token;
}

/* say - a line of blob_len bytes from sid: gw_chat_send's result */
static int
say(uint32_t sid, size_t blob_len)
{
	static uint8_t		blob[32768];
	struct ms_room_chat	m;

	memset(&m, 0, sizeof(m));
	m.sid = sid;
	m.blob_len = (uint32_t)blob_len;
	return gw_chat_send(link0(), &m, blob);
}

static void
ack(uint32_t seq)
{
	struct ms_room_chat_seq	a = { seq, 0 };

	gw_chat_ack(link0(), &a);
}

static void
expect_base(size_t i, uint32_t seq, uint32_t replay)
{
	assert_true(i < nsent);
	assert_int_equal(sent[i].type, MS_ROOM_CHAT_BASE);
	assert_int_equal(sent[i].seq, seq);
	assert_int_equal(sent[i].replay, replay);
}

static void
expect_chat(size_t i, uint32_t seq, uint32_t sid)
{
	assert_true(i < nsent);
	assert_int_equal(sent[i].type, MS_ROOM_CHAT);
	assert_int_equal(sent[i].seq, seq);
	assert_int_equal(sent[i].sid, sid);
}

/* replay - what the replay job does: the chat part until it is done */
static void
replay(void)
{
	busy = 1;
	while (gw_chat_replay(link0()))
		;
	busy = 0;
}

static int
setup(void **state)
{
	(void)state;
	up = 1;
	busy = refuse = 0;
	nsent = 0;
	cfg.chat_queue_lines = LINES;
	cfg.chat_queue_bytes = BYTES;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	gw_chat_fini();
	return 0;
}

/* ---- the cases ---- */

/* A base first, then the lines in order; acked ones are forgotten. */
static void
test_numbered_and_acked(void **state)
{
	(void)state;
	assert_int_equal(say(11, 10), 0);
	assert_int_equal(say(12, 10), 0);
	assert_int_equal(say(11, 10), 0);
	assert_int_equal(nsent, 4);
	expect_base(0, 0, 0);
	expect_chat(1, 1, 11);
	expect_chat(2, 2, 12);
	expect_chat(3, 3, 11);
	assert_int_equal(gw_chat_pending(0), 3);
	ack(2);
	assert_int_equal(gw_chat_pending(0), 1);
	ack(2);				/* again: nothing */
	ack(9);				/* beyond what was sent: bogus */
	assert_int_equal(gw_chat_pending(0), 1);
	busy = 1;			/* during a replay: ignored */
	ack(3);
	busy = 0;
	assert_int_equal(gw_chat_pending(0), 1);
	ack(3);
	assert_int_equal(gw_chat_pending(0), 0);
}

/* Full by lines or by bytes: the line is refused, nothing grows. */
static void
test_bounded(void **state)
{
	size_t	i, big = 30000, fit;

	(void)state;
	up = 0;				/* nothing goes: all stays queued */
	for (i = 0; i < LINES; i++)
		assert_int_equal(say(1, 1), 0);
	assert_int_equal(say(1, 1), -1);
	assert_int_equal(gw_chat_pending(0), LINES);
	assert_int_equal(nsent, 0);
	gw_chat_fini();
	fit = BYTES / (big + sizeof(struct ms_room_chat) + 8);
	for (i = 0; i < fit; i++)
		assert_int_equal(say(1, big), 0);
	assert_int_equal(say(1, big), -1);
	assert_int_equal(gw_chat_pending(0), fit);
	/* what is acknowledged makes room (the rest moves to the front) */
	up = 1;
	gw_chat_restart(link0(), 0);
	replay();
	ack((uint32_t)(fit / 2));
	for (i = 0; i < fit / 2; i++)
		assert_int_equal(say(1, big), 0);
	assert_int_equal(say(1, big), -1);
	assert_int_equal(gw_chat_pending(0), fit);
}

/*
 * The bounds are read at each line (a reload): lowered under what is
 * queued, new lines are refused until the worker catches up, and the
 * buffer that grew past a lowered byte bound is given back once empty.
 */
static void
test_bounds_reloaded(void **state)
{
	size_t	i;

	(void)state;
	up = 0;
	for (i = 0; i < 10; i++)
		assert_int_equal(say(1, 20000), 0);
	cfg.chat_queue_lines = 5;
	assert_int_equal(say(1, 1), -1);
	cfg.chat_queue_lines = 11;
	assert_int_equal(say(1, 1), 0);
	assert_int_equal(say(1, 1), -1);
	cfg.chat_queue_lines = LINES;
	cfg.chat_queue_bytes = 65536;		/* about 200 kB queued */
	assert_int_equal(say(1, 1), -1);
	up = 1;
	gw_chat_restart(link0(), 0);
	replay();
	ack(11);
	assert_int_equal(gw_chat_pending(0), 0);
	/* Under the new bound now: three 20 kB lines fit, not four. */
	for (i = 0; i < 3; i++)
		assert_int_equal(say(1, 20000), 0);
	assert_int_equal(say(1, 20000), -1);
	assert_int_equal(gw_chat_pending(0), 3);
}

/*
 * Lines said while the worker is down wait; after its restart the
 * replay sends a base (replay 1, the last ack) and every line not
 * acknowledged, those the dead worker may have had included, in order.
 */
static void
test_resent_after_restart(void **state)
{
	size_t	i;

	(void)state;
	assert_int_equal(say(1, 5), 0);
	assert_int_equal(say(2, 5), 0);
	ack(1);
	assert_int_equal(say(3, 5), 0);	/* sent, then the worker died */
	up = 0;
	assert_int_equal(say(4, 5), 0);
	assert_int_equal(say(5, 5), 0);
	assert_int_equal(nsent, 4);
	up = 1;
	gw_chat_restart(link0(), 1);
	assert_int_equal(say(6, 5), 0);	/* during the replay: waits */
	assert_int_equal(nsent, 4);
	nsent = 0;
	replay();
	expect_base(0, 1, 1);
	for (i = 0; i < 5; i++)
		expect_chat(1 + i, (uint32_t)(2 + i), (uint32_t)(2 + i));
	assert_int_equal(nsent, 6);
	ack(6);
	assert_int_equal(gw_chat_pending(0), 0);
	nsent = 0;
	assert_int_equal(say(7, 5), 0);
	assert_int_equal(nsent, 1);
	expect_chat(0, 7, 7);
}

/* A resync of the same worker: a base that only moves on (replay 0). */
static void
test_resync(void **state)
{
	(void)state;
	assert_int_equal(say(1, 5), 0);
	assert_int_equal(say(2, 5), 0);
	gw_chat_restart(link0(), 0);
	nsent = 0;
	replay();
	expect_base(0, 0, 0);
	expect_chat(1, 1, 1);
	expect_chat(2, 2, 2);
	assert_int_equal(nsent, 3);
}

/* A link that refuses keeps the line for later, still in order. */
static void
test_refused_later(void **state)
{
	(void)state;
	assert_int_equal(say(1, 5), 0);
	refuse = 1;
	assert_int_equal(say(2, 5), 0);
	assert_int_equal(say(3, 5), 0);
	refuse = 0;
	assert_int_equal(gw_chat_tick(0), -1);
	assert_int_equal(nsent, 4);
	expect_chat(2, 2, 2);
	expect_chat(3, 3, 3);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_setup_teardown(test_numbered_and_acked, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounds_reloaded, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_resent_after_restart,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_resync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_later, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
