/*
 * test_room_out.c - MS_ROOM_DELIVER batches: records encode and decode
 * back (payload lengths around the 4-byte padding), one broadcast is
 * one record per gateway, long sid lists split across records, big
 * batches across messages (each under MS_MSG_MAX), one message per
 * gateway per flush, early sends at the buffer bound (room.deliver_buffer,
 * also lowered at run time), refused sends counted, discards, and a
 * decoder that refuses malformed batches.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "room_out.h"

#define MSGS_MAX	512

struct msg {
	uint32_t	 gw;
	size_t		 len;
	uint8_t		*p;
};

static struct msg	msgs[MSGS_MAX];
static size_t		nmsgs;
static int		refuse;

static int
fake_send(void *arg, uint32_t gw, uint16_t type, uint32_t reqid,
    const void *p, size_t len)
{
	(void)arg;
	assert_int_equal(type, MS_ROOM_DELIVER);
	assert_int_equal(reqid, 0);
	assert_true(len > 0 && len <= ROOM_OUT_MSG_MAX);
	if (refuse)
		return -1;
	assert_true(nmsgs < MSGS_MAX);
	msgs[nmsgs].gw = gw;
	msgs[nmsgs].len = len;
	msgs[nmsgs].p = malloc(len);
	assert_non_null(msgs[nmsgs].p);
	memcpy(msgs[nmsgs++].p, p, len);
	return 0;
}

static void
reset(void)
{
	while (nmsgs > 0)
		free(msgs[--nmsgs].p);
	refuse = 0;
}

static int
setup(void **state)
{
	struct room_out	*o = calloc(1, sizeof(*o));

	assert_non_null(o);
	room_out_init(o, 3, fake_send, NULL);
	*state = o;
	return 0;
}

static int
teardown(void **state)
{
	room_out_fini(*state);
	free(*state);
	reset();
	return 0;
}

/* total_sids - sids for (gw, sid) over every captured message. */
static size_t
total_sids(uint32_t gw, uint32_t sid, size_t *records)
{
	struct room_deliver_iter	it;
	struct room_deliver		d;
	size_t				i, k, n = 0;

	*records = 0;
	for (i = 0; i < nmsgs; i++) {
		if (msgs[i].gw != gw)
			continue;
		assert_int_equal(room_deliver_check(msgs[i].p, msgs[i].len),
		    0);
		room_deliver_iter_init(&it, msgs[i].p, msgs[i].len);
		while (room_deliver_next(&it, &d) == 1) {
			(*records)++;
			for (k = 0; k < d.nsids; k++)
				if (room_deliver_sid(&d, k) == sid ||
				    sid == UINT32_MAX)
					n++;
		}
	}
	return n;
}

static void
test_round_trip(void **state)
{
	struct room_out			*o = *state;
	struct room_deliver_iter	 it;
	struct room_deliver		 d;
	uint8_t				 pl[16];
	size_t				 len;

	for (len = 0; len < sizeof(pl); len++)
		pl[len] = (uint8_t)(0xa0 + len);
	for (len = 0; len <= 9; len++) {
		assert_int_equal(room_out_begin(o, (uint16_t)(200 + len), pl,
		    len), 0);
		room_out_add(o, 1, (uint32_t)len);
		room_out_add(o, 1, 1000 + (uint32_t)len);
		room_out_end(o);
		room_out_add(o, 1, 5);		/* after end: ignored */
	}
	room_out_flush(o, 1);
	assert_int_equal(nmsgs, 1);
	assert_int_equal(msgs[0].gw, 1);
	room_deliver_iter_init(&it, msgs[0].p, msgs[0].len);
	for (len = 0; len <= 9; len++) {
		assert_int_equal(room_deliver_next(&it, &d), 1);
		assert_int_equal(d.type, 200 + len);
		assert_int_equal(d.len, len);
		assert_int_equal(d.nsids, 2);
		assert_memory_equal(d.payload, pl, len);
		assert_int_equal(room_deliver_sid(&d, 0), len);
		assert_int_equal(room_deliver_sid(&d, 1), 1000 + len);
		/* Records stay 4-aligned: payloads are padded. */
		assert_int_equal((size_t)(d.sids - msgs[0].p) % 4, 0);
	}
	assert_int_equal(room_deliver_next(&it, &d), 0);
	assert_int_equal(room_out_pending(o, 1), 0);
}

static void
test_one_message_per_gateway(void **state)
{
	struct room_out	*o = *state;
	size_t		 recs, i;
	uint32_t	 sid;

	for (i = 0; i < 50; i++) {
		assert_int_equal(room_out_begin(o, 200, "hello", 5), 0);
		for (sid = 0; sid < 30; sid++)
			room_out_add(o, sid % 3, sid);
		room_out_end(o);
		assert_int_equal(room_out_one(o, 2, 99, 10, "x", 1), 0);
	}
	room_out_flush(o, 1);
	assert_int_equal(nmsgs, 3);
	assert_int_equal(total_sids(0, UINT32_MAX, &recs), 50 * 10);
	assert_int_equal(recs, 50);		/* one record per broadcast */
	assert_int_equal(total_sids(2, 99, &recs), 50);
	assert_int_equal(recs, 100);
	room_out_flush(o, 2);			/* nothing new: nothing sent */
	assert_int_equal(nmsgs, 3);
}

static void
test_sids_split_records(void **state)
{
	struct room_out	*o = *state;
	size_t		 recs;
	uint32_t	 sid;

	assert_int_equal(room_out_begin(o, 200, "chat", 4), 0);
	for (sid = 0; sid < 70000; sid++)
		room_out_add(o, 0, sid);
	room_out_end(o);
	room_out_flush(o, 1);
	assert_int_equal(total_sids(0, UINT32_MAX, &recs), 70000);
	assert_true(recs >= 5);		/* ~16k sids fit one message */
	assert_true(nmsgs >= recs);
	assert_int_equal(total_sids(0, 69999, &recs), 1);
}

static void
test_batch_split_messages(void **state)
{
	struct room_out	*o = *state;
	static uint8_t	 big[ROOM_OUT_PAYLOAD_MAX + 1];
	size_t		 recs, i;

	for (i = 0; i < 40; i++)
		assert_int_equal(room_out_one(o, 0, (uint32_t)i, 1, big,
		    3000 + i), 0);
	assert_int_equal(room_out_one(o, 0, 77, 1, big,
	    ROOM_OUT_PAYLOAD_MAX), 0);
	assert_int_equal(room_out_begin(o, 1, big, ROOM_OUT_PAYLOAD_MAX + 1),
	    -1);
	room_out_add(o, 0, 78);			/* refused begin: ignored */
	room_out_flush(o, 1);
	assert_true(nmsgs >= 3);
	assert_int_equal(total_sids(0, UINT32_MAX, &recs), 41);
	assert_int_equal(recs, 41);
	assert_int_equal(total_sids(0, 78, &recs), 0);
}

static void
test_bound_sends_early(void **state)
{
	struct room_out	*o = *state;
	static uint8_t	 big[20000];
	size_t		 recs, i;

	/* 100 x 20 kB > the default bound: sent early, nothing lost. */
	for (i = 0; i < 100; i++)
		assert_int_equal(room_out_one(o, 1, (uint32_t)i, 1, big,
		    sizeof(big)), 0);
	assert_true(o->st.early > 0);
	assert_true(nmsgs > 0);
	assert_true(room_out_pending(o, 1) <= ROOM_OUT_BUF_DEFAULT);
	room_out_flush(o, 1);
	assert_int_equal(total_sids(1, UINT32_MAX, &recs), 100);
	assert_int_equal(o->st.dropped_msgs, 0);
}

/*
 * room.deliver_buffer: clamped to [one message, the ceiling]; at the
 * least value every largest record still goes, one batch each; a bound
 * lowered under a grown buffer applies at once and the buffer shrinks
 * once sent.
 */
static void
test_bound_configured(void **state)
{
	struct room_out	*o = *state;
	static uint8_t	 big[ROOM_OUT_PAYLOAD_MAX], mid[20000];
	size_t		 recs, i, early;

	room_out_limit(o, 1);
	assert_int_equal(o->buf_max, ROOM_OUT_BUF_FLOOR);
	room_out_limit(o, SIZE_MAX);
	assert_int_equal(o->buf_max, ROOM_OUT_BUF_CEIL);
	room_out_limit(o, ROOM_OUT_BUF_FLOOR);
	for (i = 0; i < 5; i++) {
		assert_int_equal(room_out_one(o, 2, (uint32_t)i, 1, big,
		    sizeof(big)), 0);
		assert_true(room_out_pending(o, 2) <= ROOM_OUT_BUF_FLOOR);
	}
	assert_true(o->st.early >= 2);		/* two fit a buffer at most */
	room_out_flush(o, 1);
	assert_int_equal(total_sids(2, UINT32_MAX, &recs), 5);
	assert_int_equal(recs, 5);
	assert_int_equal(nmsgs, 5);
	/* Grown under a big bound, then the bound drops. */
	reset();
	room_out_limit(o, 4 * ROOM_OUT_BUF_FLOOR);
	for (i = 0; i < 10; i++)
		assert_int_equal(room_out_one(o, 1, (uint32_t)i, 1, mid,
		    sizeof(mid)), 0);
	assert_true(o->gw[1].cap > ROOM_OUT_BUF_FLOOR);
	early = o->st.early;
	room_out_limit(o, ROOM_OUT_BUF_FLOOR);
	assert_int_equal(room_out_one(o, 1, 10, 1, mid, sizeof(mid)), 0);
	assert_true(o->st.early > early);	/* the new bound counts */
	assert_true(room_out_pending(o, 1) <= ROOM_OUT_BUF_FLOOR);
	assert_true(o->gw[1].cap <= ROOM_OUT_BUF_FLOOR);
	room_out_flush(o, 2);
	assert_int_equal(total_sids(1, UINT32_MAX, &recs), 11);
	assert_int_equal(o->st.dropped_msgs, 0);
}

static void
test_refused_and_discard(void **state)
{
	struct room_out	*o = *state;

	assert_int_equal(room_out_one(o, 0, 1, 10, "a", 1), 0);
	assert_int_equal(room_out_one(o, 1, 1, 10, "a", 1), 0);
	refuse = 1;
	room_out_flush(o, 5000);
	assert_int_equal(o->st.dropped_msgs, 2);
	assert_int_equal(room_out_pending(o, 0), 0);
	refuse = 0;
	assert_int_equal(room_out_one(o, 2, 1, 10, "a", 1), 0);
	room_out_discard(o, 2);
	room_out_add(o, 7, 1);			/* no such gateway */
	room_out_flush(o, 5001);
	assert_int_equal(nmsgs, 0);
}

static void
test_decoder_refuses(void **state)
{
	struct ms_deliver_rec		r = { 200, 2, 5 };
	struct room_deliver_iter	it;
	struct room_deliver		d;
	uint8_t				buf[64];

	(void)state;
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &r, sizeof(r));
	/* 8 + 8 (5 padded) + 2 sids = 24 bytes exactly. */
	assert_int_equal(room_deliver_check(buf, 24), 0);
	assert_int_equal(room_deliver_check(buf, 23), -1);
	assert_int_equal(room_deliver_check(buf, 25), -1);
	assert_int_equal(room_deliver_check(buf, 4), -1);
	assert_int_equal(room_deliver_check(buf, 0), 0);
	r.len = ROOM_OUT_PAYLOAD_MAX + 1;
	memcpy(buf, &r, sizeof(r));
	room_deliver_iter_init(&it, buf, sizeof(buf));
	assert_int_equal(room_deliver_next(&it, &d), -1);
	r.len = 0;
	r.nsids = 100;
	memcpy(buf, &r, sizeof(r));
	assert_int_equal(room_deliver_check(buf, sizeof(buf)), -1);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_one_message_per_gateway,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sids_split_records, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_batch_split_messages,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bound_configured, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bound_sends_early, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused_and_discard,
		    setup, teardown),
		cmocka_unit_test(test_decoder_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
