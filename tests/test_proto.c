/*
 * test_proto.c - the message list and the checks every receiver runs:
 * unique numbers and names, ms_hdr_check's accept/reject table, the
 * sender/receiver masks, the MS_CTL_CONFIG decoder, and the control
 * channel over a real SOCK_SEQPACKET socketpair (round trip, EOF,
 * oversize).
 */
#include <sys/socket.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctl.h"
#include "proto.h"

struct entry {
	const char	*name;
	unsigned	 num;
	uint32_t	 size;
};

static const struct entry	list[] = {
#define X(name, num, from, to, size)	{ #name, num, (uint32_t)(size) },
	MS_MSG_LIST(X)
#undef X
};
#define NLIST	(sizeof(list) / sizeof(list[0]))

static unsigned char	buf[MS_MSG_MAX + 64];

static void
test_list_unique(void **state)
{
	size_t	i, j;
	int	known;

	(void)state;
	for (i = 0; i < NLIST; i++) {
		assert_string_equal(ms_msg_name((uint16_t)list[i].num),
		    list[i].name);
		assert_int_equal(ms_msg_payload_size((uint16_t)list[i].num,
		    &known), list[i].size);
		assert_int_equal(known, 1);
		for (j = i + 1; j < NLIST; j++) {
			assert_int_not_equal(list[i].num, list[j].num);
			assert_string_not_equal(list[i].name, list[j].name);
		}
	}
	assert_string_equal(ms_msg_name(9999), "MS_UNKNOWN");
	ms_msg_payload_size(9999, &known);
	assert_int_equal(known, 0);
}

/* build - header (possibly lying) + plen payload bytes into buf. */
static size_t
build(uint16_t version, uint16_t type, uint32_t len, uint32_t epoch,
    size_t plen)
{
	struct ms_hdr	h;

	memset(&h, 0, sizeof(h));
	h.version = version;
	h.type = type;
	h.len = len;
	h.epoch = epoch;
	memcpy(buf, &h, sizeof(h));
	memset(buf + sizeof(h), 0, plen);
	return sizeof(h) + plen;
}

static void
test_hdr_check(void **state)
{
	const char	*why;
	size_t		 n, hs = sizeof(struct ms_ping);

	(void)state;
	n = build(MS_PROTO_VERSION, MS_LINK_PING, hs, 1, hs);
	assert_int_equal(ms_hdr_check(buf, n, &why), 0);
	n = build(MS_PROTO_VERSION, MS_CTL_STOP, 0, 1, 0);
	assert_int_equal(ms_hdr_check(buf, n, &why), 0);
	assert_int_equal(ms_hdr_check(buf, sizeof(struct ms_hdr) - 1, &why),
	    -1);
	assert_non_null(why);
	assert_int_equal(ms_hdr_check(buf, MS_MSG_MAX + 1, &why), -1);
	n = build(MS_PROTO_VERSION + 1, MS_CTL_STOP, 0, 1, 0);
	assert_int_equal(ms_hdr_check(buf, n, &why), -1);
	n = build(MS_PROTO_VERSION, MS_CTL_STOP, 4, 1, 0);	/* len lies */
	assert_int_equal(ms_hdr_check(buf, n, &why), -1);
	n = build(MS_PROTO_VERSION, 9999, 0, 1, 0);
	assert_int_equal(ms_hdr_check(buf, n, &why), -1);
	n = build(MS_PROTO_VERSION, MS_LINK_PING, hs - 8, 1, hs - 8);
	assert_int_equal(ms_hdr_check(buf, n, &why), -1);
	n = build(MS_PROTO_VERSION, MS_CTL_STOP, 0, 0, 0);	/* epoch 0 */
	assert_int_equal(ms_hdr_check(buf, n, &why), -1);
	n = build(MS_PROTO_VERSION, MS_CTL_CONFIG, 100, 1, 100); /* VAR */
	assert_int_equal(ms_hdr_check(buf, n, &why), 0);
}

static void
test_role_ok(void **state)
{
	(void)state;
	assert_int_equal(ms_msg_role_ok(MS_CTL_HELLO, MS_ROLE_ROOM, 0), 0);
	assert_int_equal(ms_msg_role_ok(MS_CTL_HELLO, MS_ROLE_SUPERVISOR, 0),
	    -1);
	assert_int_equal(ms_msg_role_ok(MS_CTL_HELLO, MS_ROLE_SUPERVISOR, 1),
	    0);
	assert_int_equal(ms_msg_role_ok(MS_LINK_PING, MS_ROLE_GATEWAY, 0), 0);
	assert_int_equal(ms_msg_role_ok(MS_LINK_PING, MS_ROLE_GATEWAY, 1),
	    -1);
	assert_int_equal(ms_msg_role_ok(MS_LINK_PING, MS_ROLE_STORE, 1), 0);
	assert_int_equal(ms_msg_role_ok(MS_LINK_PONG, MS_ROLE_STORE, 0), 0);
	assert_int_equal(ms_msg_role_ok(MS_LINK_PONG, MS_ROLE_STORE, 1), -1);
	assert_int_equal(ms_msg_role_ok(9999, MS_ROLE_STORE, 1), -1);
	assert_int_equal(ms_msg_role_ok(MS_LINK_PING, MS_ROLE_MAX, 1), -1);
}

/* config_payload - struct ms_ctl_config + text (+ NUL) into buf. */
static size_t
config_payload(uint32_t text_len, const char *text, size_t tlen)
{
	struct ms_ctl_config	c;

	memset(&c, 0, sizeof(c));
	c.generation = 7;
	c.text_len = text_len;
	memset(c.secret, 0xa5, sizeof(c.secret));
	memcpy(buf, &c, sizeof(c));
	memcpy(buf + sizeof(c), text, tlen);
	return sizeof(c) + tlen;
}

static void
test_config_decode(void **state)
{
	const uint8_t	*secret;
	const char	*text;
	uint32_t	 gen;
	size_t		 n;

	(void)state;
	n = config_payload(3, "a=1", 4);
	assert_int_equal(ms_ctl_config_decode(buf, n, &gen, &secret, &text), 0);
	assert_int_equal(gen, 7);
	assert_int_equal(secret[0], 0xa5);
	assert_int_equal(secret[MS_SECRET_SIZE - 1], 0xa5);
	assert_string_equal(text, "a=1");
	n = config_payload(3, "a=1x", 4);		/* no NUL */
	assert_int_equal(ms_ctl_config_decode(buf, n, &gen, &secret, &text), -1);
	n = config_payload(3, "a\0001", 4);		/* embedded NUL */
	assert_int_equal(ms_ctl_config_decode(buf, n, &gen, &secret, &text), -1);
	n = config_payload(5, "a=1", 4);		/* wrong length */
	assert_int_equal(ms_ctl_config_decode(buf, n, &gen, &secret, &text), -1);
	assert_int_equal(ms_ctl_config_decode(buf, 8, &gen, &secret, &text), -1);
}

static void
test_ctl_round_trip(void **state)
{
	struct ms_ctl_heartbeat	hb = { 5, 1234 }, got;
	struct ms_hdr		h;
	const char		*why = NULL;
	int			sv[2];
	ssize_t			n;

	(void)state;
	assert_int_equal(ms_ctl_socketpair(sv), 0);
	assert_int_equal(ms_ctl_send(sv[0], MS_CTL_HEARTBEAT, 9, 77, &hb,
	    sizeof(hb)), 0);
	n = ms_ctl_recv(sv[1], buf, MS_MSG_MAX, &why);
	assert_int_equal(n, sizeof(h) + sizeof(hb));
	memcpy(&h, buf, sizeof(h));
	memcpy(&got, buf + sizeof(h), sizeof(got));
	assert_int_equal(h.type, MS_CTL_HEARTBEAT);
	assert_int_equal(h.reqid, 9);
	assert_int_equal(h.epoch, 77);
	assert_int_equal(got.seq, 5);
	assert_int_equal(got.sent_ms, 1234);
	assert_int_equal(ms_ctl_recv(sv[1], buf, MS_MSG_MAX, &why), -1);
	assert_int_equal(errno, EAGAIN);
	close(sv[0]);
	assert_int_equal(ms_ctl_recv(sv[1], buf, MS_MSG_MAX, &why), 0);
	close(sv[1]);
}

static void
test_ctl_oversize_and_bad(void **state)
{
	const char	*why = NULL;
	int		 sv[2];
	size_t		 n;

	(void)state;
	assert_int_equal(ms_ctl_socketpair(sv), 0);
	assert_int_equal(ms_ctl_send(sv[0], MS_CTL_CONFIG, 0, 1, buf,
	    MS_MSG_MAX), -1);
	assert_int_equal(errno, EMSGSIZE);
	/* A datagram that fails the header check is EPROTO with a reason. */
	n = build(MS_PROTO_VERSION + 1, MS_CTL_STOP, 0, 1, 0);
	assert_int_equal(send(sv[0], buf, n, 0), (ssize_t)n);
	assert_int_equal(ms_ctl_recv(sv[1], buf, MS_MSG_MAX, &why), -1);
	assert_int_equal(errno, EPROTO);
	assert_non_null(why);
	/* Larger than the receiver's buffer: truncated, so rejected. */
	n = build(MS_PROTO_VERSION, MS_CTL_CONFIG, MS_MSG_MAX, 1, MS_MSG_MAX);
	assert_int_equal(send(sv[0], buf, n, 0), (ssize_t)n);
	why = NULL;
	assert_int_equal(ms_ctl_recv(sv[1], buf, MS_MSG_MAX, &why), -1);
	assert_int_equal(errno, EPROTO);
	assert_non_null(why);
	close(sv[0]);
	close(sv[1]);
}

static void
test_epoch_and_build(void **state)
{
	struct ms_hdr	h;
	int		i;

	(void)state;
	for (i = 0; i < 100; i++)
		assert_int_not_equal(ms_epoch_new(), 0);
	assert_int_equal(ms_msg_build(buf, sizeof(buf), MS_CTL_STOP, 3, 4, 5,
	    NULL, 0), sizeof(h));
	memcpy(&h, buf, sizeof(h));
	assert_int_equal(h.version, MS_PROTO_VERSION);
	assert_int_equal(h.seq, 5);
	assert_int_equal(ms_msg_build(buf, 8, MS_CTL_STOP, 0, 1, 0, NULL, 0),
	    -1);
	assert_int_equal(ms_msg_build(buf, sizeof(buf), MS_CTL_CONFIG, 0, 1,
	    0, buf, MS_MSG_MAX), -1);
	assert_int_equal(ms_role_parse("room"), MS_ROLE_ROOM);
	assert_int_equal(ms_role_parse("supervisor"), -1);
	assert_string_equal(ms_role_name(MS_ROLE_GATEWAY), "gateway");
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_list_unique),
		cmocka_unit_test(test_hdr_check),
		cmocka_unit_test(test_role_ok),
		cmocka_unit_test(test_config_decode),
		cmocka_unit_test(test_ctl_round_trip),
		cmocka_unit_test(test_ctl_oversize_and_bad),
		cmocka_unit_test(test_epoch_and_build),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
