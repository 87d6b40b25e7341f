/*
 * test_ipc.c - real nng pair1 links through src/ipc.c, over ipc:// in a
 * mkdtemp directory and over tcp:// on 127.0.0.1, each driven by a real
 * libev loop.  Every wait is bounded both in loop turns and in time.
 */
#include <sys/stat.h>

#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <ev.h>
#include <nng/nng.h>
#include <nng/protocol/pair1/pair.h>

#include "ipc.h"
#include "log.h"
#include "proto.h"

#define WAIT_MS		3000	/* per condition; generous for ASan */
#define NMSG_MAX	256

struct side {
	struct ms_ipc_link	*link;
	struct ms_ipc_self	 self;
	int			 nmsg;
	struct ms_hdr		 hdr[NMSG_MAX];
	struct ms_ping		 last;
	int			 restarts;
	int			 resyncs;
};

struct fixture {
	struct ev_loop		*loop;
	char			 dir[64];
	char			 url[128];
	struct side		 lis;	/* store[0], listens */
	struct side		 dia;	/* game[0], dials */
	struct ms_ipc_opts	 opts;
	int			 want;	/* messages lis_has_all waits for */
};

static void
on_msg(struct ms_ipc_link *l, const struct ms_hdr *h, const void *p,
    void *arg)
{
	struct side	*s = arg;

	(void)l;
	if (s->nmsg < NMSG_MAX)
		s->hdr[s->nmsg] = *h;
	s->nmsg++;
	if (h->len == sizeof(s->last))
		memcpy(&s->last, p, sizeof(s->last));
}

static void
on_restart(struct ms_ipc_link *l, void *arg)
{
	(void)l;
	((struct side *)arg)->restarts++;
}

static void
on_resync(struct ms_ipc_link *l, void *arg)
{
	(void)l;
	((struct side *)arg)->resyncs++;
}

static const struct ms_ipc_cbs	cbs = { on_msg, on_restart, on_resync };

static void
tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
}

/* run_until - turn the loop until cond holds or WAIT_MS pass. */
static int
run_until(struct ev_loop *loop, int (*cond)(struct fixture *),
    struct fixture *f)
{
	ev_timer	tick;
	ev_tstamp	end;
	int		turns, ok = 0;

	ev_timer_init(&tick, tick_cb, 0.005, 0.005);
	ev_timer_start(loop, &tick);
	ev_now_update(loop);
	end = ev_now(loop) + WAIT_MS / 1000.0;
	for (turns = 0; turns < 100000 && !(ok = cond(f)); turns++) {
		if (ev_now(loop) > end)
			break;
		ev_run(loop, EVRUN_ONCE);
	}
	ev_timer_stop(loop, &tick);
	return ok;
}

static int
both_hello(struct fixture *f)
{
	struct ms_ipc_stats	a, b;

	ms_ipc_get_stats(f->lis.link, &a);
	ms_ipc_get_stats(f->dia.link, &b);
	return a.peer_epoch == f->dia.self.epoch &&
	    b.peer_epoch == f->lis.self.epoch;
}

static int
lis_has_one(struct fixture *f)
{
	return f->lis.nmsg >= 1;
}

static int
dia_has_one(struct fixture *f)
{
	return f->dia.nmsg >= 1;
}

static int
lis_has_all(struct fixture *f)
{
	return f->lis.nmsg >= f->want;
}

static int
dia_restarted(struct fixture *f)
{
	return f->dia.restarts >= 1 && both_hello(f);
}

static void
side_init(struct side *s, uint32_t role, uint32_t epoch)
{
	memset(s, 0, sizeof(*s));
	s->self.role = role;
	s->self.index = 0;
	s->self.pid = (uint32_t)getpid();
	s->self.epoch = epoch;
}

static int
setup(void **state)
{
	struct fixture	*f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	f->loop = ev_loop_new(EVFLAG_AUTO);
	strcpy(f->dir, "/tmp/test_ipc.XXXXXX");
	if (f->loop == NULL || mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->url, sizeof(f->url), "ipc://%s/store-0.game-0.sock",
	    f->dir);
	side_init(&f->lis, MS_ROLE_STORE, 0x11111111);
	side_init(&f->dia, MS_ROLE_GAME, 0x22222222);
	f->opts.sendbuf = 128;
	f->opts.recvbuf = 128;
	f->opts.queue_limit = 1024;
	f->opts.reconnect_min_ms = 1;
	f->opts.reconnect_max_ms = 50;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	ms_ipc_close(f->dia.link);
	ms_ipc_close(f->lis.link);
	rmdir(f->dir);
	ev_loop_destroy(f->loop);
	free(f);
	return 0;
}

static struct ms_ipc_link *
open_side(struct fixture *f, struct side *s, int listener)
{
	uint32_t	peer = listener ? MS_ROLE_GAME : MS_ROLE_STORE;

	return ms_ipc_open(f->loop, f->url, listener, &s->self, peer, 0,
	    &f->opts, &cbs, s);
}

static void
connect_pair(struct fixture *f)
{
	f->lis.link = open_side(f, &f->lis, 1);
	assert_non_null(f->lis.link);
	f->dia.link = open_side(f, &f->dia, 0);
	assert_non_null(f->dia.link);
	assert_true(run_until(f->loop, both_hello, f));
}

static void
ping_init(struct ms_ping *p, uint64_t v)
{
	memset(p, 0, sizeof(*p));
	p->sent_ms = v;
	p->nhops = 1;
	p->hop[0].role = MS_ROLE_GAME;
}

/* A PING one way, a PONG back: epoch, seq, reqid and payload intact. */
static void
round_trip(struct fixture *f)
{
	struct ms_ping	p;

	ping_init(&p, 42);
	assert_int_equal(ms_ipc_send(f->dia.link, MS_LINK_PING, 7, &p,
	    sizeof(p)), 0);
	assert_true(run_until(f->loop, lis_has_one, f));
	assert_int_equal(f->lis.hdr[0].type, MS_LINK_PING);
	assert_int_equal(f->lis.hdr[0].reqid, 7);
	assert_int_equal(f->lis.hdr[0].epoch, f->dia.self.epoch);
	assert_int_equal(f->lis.hdr[0].seq, 1);
	assert_int_equal(f->lis.last.sent_ms, 42);
	p.nhops = 2;
	assert_int_equal(ms_ipc_send(f->lis.link, MS_LINK_PONG, 7, &p,
	    sizeof(p)), 0);
	assert_true(run_until(f->loop, dia_has_one, f));
	assert_int_equal(f->dia.hdr[0].type, MS_LINK_PONG);
	assert_int_equal(f->dia.hdr[0].epoch, f->lis.self.epoch);
	assert_int_equal(f->dia.last.nhops, 2);
}

static void
test_roundtrip_ipc(void **state)
{
	struct fixture	*f = *state;
	struct stat	 sb;
	char		 path[128];

	connect_pair(f);
	round_trip(f);
	snprintf(path, sizeof(path), "%s/store-0.game-0.sock", f->dir);
	assert_int_equal(stat(path, &sb), 0);
	ms_ipc_close(f->lis.link);
	f->lis.link = NULL;
	assert_int_equal(stat(path, &sb), -1);	/* listener removed it */
}

static void
test_roundtrip_tcp(void **state)
{
	struct fixture	*f = *state;
	int		 i, port;

	port = 20000 + (int)(getpid() % 20000);
	for (i = 0; i < 50; i++, port++) {
		snprintf(f->url, sizeof(f->url), "tcp://127.0.0.1:%d", port);
		f->lis.link = open_side(f, &f->lis, 1);
		if (f->lis.link != NULL || errno != EADDRINUSE)
			break;
	}
	assert_non_null(f->lis.link);
	f->dia.link = open_side(f, &f->dia, 0);
	assert_non_null(f->dia.link);
	assert_true(run_until(f->loop, both_hello, f));
	round_trip(f);
}

static void
test_recv_fd_readable(void **state)
{
	struct fixture	*f = *state;
	struct pollfd	 pfd;
	struct ms_ping	 p;

	connect_pair(f);
	pfd.fd = ms_ipc_recv_fd(f->lis.link);
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 0), 0);
	ping_init(&p, 1);
	assert_int_equal(ms_ipc_send(f->dia.link, MS_LINK_PING, 1, &p,
	    sizeof(p)), 0);
	assert_int_equal(poll(&pfd, 1, WAIT_MS), 1);
	assert_true(pfd.revents & POLLIN);
}

/* send_n - n back-to-back sends; returns the deepest queue seen. */
static uint32_t
send_n(struct fixture *f, int n)
{
	struct ms_ipc_stats	st;
	struct ms_ping		p;
	uint32_t		deepest = 0;
	int			i;

	for (i = 0; i < n; i++) {
		ping_init(&p, (uint64_t)i);
		assert_int_equal(ms_ipc_send(f->dia.link, MS_LINK_PING,
		    (uint32_t)i, &p, sizeof(p)), 0);
		ms_ipc_get_stats(f->dia.link, &st);
		if (st.queued > deepest)
			deepest = st.queued;
	}
	return deepest;
}

/* All n arrived, numbered 1..n in the order sent, with no gap. */
static void
check_in_order(struct fixture *f, int n)
{
	struct ms_ipc_stats	st;
	int			i;

	f->want = n;
	assert_true(run_until(f->loop, lis_has_all, f));
	assert_int_equal(f->lis.nmsg, n);
	for (i = 0; i < n && i < NMSG_MAX; i++) {
		assert_int_equal(f->lis.hdr[i].seq, i + 1);
		assert_int_equal(f->lis.hdr[i].reqid, i);
	}
	ms_ipc_get_stats(f->lis.link, &st);
	assert_int_equal(st.gaps, 0);
}

static void
test_back_to_back_buffered(void **state)
{
	struct fixture	*f = *state;

	connect_pair(f);
	assert_int_equal(send_n(f, 100), 0);	/* nng took every one */
	check_in_order(f, 100);
}

/*
 * Without buffers nng refuses as soon as its pipe is busy; the ring
 * keeps the order.  3000 pings (over 300 KiB, more than a socket
 * buffer holds while the receiver's loop is not running) make the
 * refusal certain, where 100 could slip through on a fast machine.
 */
static void
test_back_to_back_unbuffered(void **state)
{
	struct fixture	*f = *state;

	f->opts.sendbuf = 0;
	f->opts.recvbuf = 0;
	f->opts.queue_limit = 4096;
	connect_pair(f);
	assert_true(send_n(f, 3000) > 0);
	check_in_order(f, 3000);
}

static void
test_queue_full(void **state)
{
	struct fixture		*f = *state;
	struct ms_ipc_stats	 st;
	struct ms_ping		 p;
	int			 i;

	f->opts.sendbuf = 0;
	f->opts.queue_limit = 4;
	f->dia.link = open_side(f, &f->dia, 0);	/* nobody listens */
	assert_non_null(f->dia.link);
	ping_init(&p, 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(ms_ipc_send(f->dia.link, MS_LINK_PING, 0, &p,
		    sizeof(p)), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(ms_ipc_send(f->dia.link, MS_LINK_PING, 0, &p,
		    sizeof(p)), -1);
	ms_ipc_get_stats(f->dia.link, &st);
	assert_int_equal(st.queued, 4);
	assert_int_equal(st.dropped_full, 3);
}

/* The listener goes away and comes back as a new process (epoch). */
static void
test_reconnect_restart(void **state)
{
	struct fixture	*f = *state;

	connect_pair(f);
	assert_int_equal(f->dia.restarts, 0);
	ms_ipc_close(f->lis.link);
	f->lis.link = NULL;
	f->lis.self.epoch = 0x33333333;
	f->lis.link = open_side(f, &f->lis, 1);
	assert_non_null(f->lis.link);
	assert_true(run_until(f->loop, dia_restarted, f));
	assert_int_equal(f->dia.restarts, 1);
	f->lis.nmsg = 0;
	f->dia.nmsg = 0;
	round_trip(f);		/* numbering restarted at 1 */
}

/* raw_send - play a misbehaving peer with a bare pair1 socket. */
static void
raw_send(nng_socket s, uint16_t type, uint32_t seq, const void *p,
    size_t plen)
{
	unsigned char	buf[256];
	ssize_t		n;

	n = ms_msg_build(buf, sizeof(buf), type, 0, 0x44444444, seq, p, plen);
	assert_true(n > 0);
	assert_int_equal(nng_send(s, buf, (size_t)n, 0), 0);
}

static int
lis_has_two(struct fixture *f)
{
	struct ms_ipc_stats	st;

	ms_ipc_get_stats(f->lis.link, &st);
	return f->lis.nmsg >= 2 && st.dropped_bad >= 2;
}

/* raw_expect - the next message the raw peer sees of a given type. */
static int
raw_expect(nng_socket s, uint16_t type)
{
	struct ms_hdr	h;
	char		*buf;
	size_t		 len;
	int		 i, found = 0;

	for (i = 0; i < 8 && !found; i++) {
		if (nng_recv(s, &buf, &len, NNG_FLAG_ALLOC) != 0)
			break;
		memcpy(&h, buf, sizeof(h));
		found = len >= sizeof(h) && h.type == type;
		nng_free(buf, len);
	}
	return found;
}

static void
test_seq_gap_and_bad(void **state)
{
	struct fixture		*f = *state;
	struct ms_link_hello	 hello = { MS_ROLE_GAME, 0, 1, 0 };
	struct ms_ipc_stats	 st;
	struct ms_ping		 p;
	nng_socket		 raw;

	f->lis.link = open_side(f, &f->lis, 1);
	assert_non_null(f->lis.link);
	assert_int_equal(nng_pair1_open(&raw), 0);
	assert_int_equal(nng_socket_set_ms(raw, NNG_OPT_RECVTIMEO, WAIT_MS),
	    0);
	assert_int_equal(nng_dial(raw, f->url, NULL, 0), 0);
	ping_init(&p, 0);
	raw_send(raw, MS_LINK_HELLO, 0, &hello, sizeof(hello));
	raw_send(raw, MS_LINK_PING, 1, &p, sizeof(p));
	raw_send(raw, MS_LINK_PING, 3, &p, sizeof(p));	/* 2 went missing */
	raw_send(raw, MS_CTL_STOP, 4, NULL, 0);		/* not a link type */
	raw_send(raw, MS_LINK_PONG, 5, &p, sizeof(p) - 8); /* wrong size */
	assert_true(run_until(f->loop, lis_has_two, f));
	ms_ipc_get_stats(f->lis.link, &st);
	assert_int_equal(st.gaps, 1);
	assert_int_equal(st.dropped_bad, 2);
	assert_int_equal(st.peer_epoch, 0x44444444);
	assert_true(raw_expect(raw, MS_LINK_RESYNC));
	nng_close(raw);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip_ipc, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_roundtrip_tcp, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_recv_fd_readable, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_back_to_back_buffered,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_back_to_back_unbuffered,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_full, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reconnect_restart, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_seq_gap_and_bad, setup,
		    teardown),
	};

	ms_log_init(1, 0);
	ms_log_procinit("test_ipc");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
