/*
 * ipc.c - nng pair1 links inside a libev loop.  Invariants: every
 * message a link hands to nng is stamped with the next seq of the
 * current pipe at the moment nng accepts it (so queued messages keep
 * their order and numbering); the tx ring never holds more than
 * queue_limit messages; pipe events cross from nng threads to the loop
 * only through the ev_async and two atomic counters.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>
#include <nng/nng.h>
#include <nng/protocol/pair1/pair.h>

#include "ipc.h"
#include "log.h"
#include "proto.h"

#define IPC_RX_BUDGET	64	/* messages per wakeup; level-signalled fd */
#define IPC_LOG_GAP_MS	1000	/* rate limit for repeated warnings */

struct ms_ipc_link {
	struct ev_loop		*loop;
	nng_socket		 sock;
	ev_io			 rx_w;
	ev_io			 tx_w;		/* active while ring_len > 0 */
	ev_async		 pipe_w;
	atomic_uint		 adds;		/* bumped on nng threads */
	atomic_uint		 rems;
	unsigned		 seen_adds;
	int			 up;
	int			 listener;
	char			*url;
	char			 name[32];	/* "room[0]" */
	struct ms_ipc_self	 self;
	uint32_t		 peer_role;
	uint32_t		 peer_index;
	struct ms_ipc_cbs	 cbs;
	void			*arg;
	nng_msg			**ring;		/* ring_cap slots, FIFO */
	uint32_t		 ring_cap;
	uint32_t		 ring_head;
	uint32_t		 ring_len;
	uint32_t		 queue_limit;	/* <= ring_cap */
	uint32_t		 tx_seq;	/* stamped on the next send */
	uint32_t		 rx_pipe;	/* pipe of the last message */
	uint32_t		 rx_next;	/* expected; 0 = until HELLO */
	double			 full_logged;	/* ev_now of the last warning */
	double			 bad_logged;
	struct ms_ipc_stats	 st;
};

/*
 * nng counts its protocol header (pair1: a 4-byte hop count) against
 * NNG_OPT_RECVMAXSZ, and silently drops a larger message and resets the
 * pipe; leave room for it so every message up to MS_MSG_MAX arrives.
 */
#define IPC_PROTO_HDR_MAX	64

static int	ipc_set_sockopts(struct ms_ipc_link *,
		    const struct ms_ipc_opts *);
static int	ipc_ring_size(struct ms_ipc_link *, uint32_t);
static uint32_t	ipc_seq_next(uint32_t);
static int	ipc_ratelimit(struct ms_ipc_link *, double *);
static int	ipc_tx_try(struct ms_ipc_link *, nng_msg *);
static void	ipc_tx_full(struct ms_ipc_link *, uint16_t);
static void	ipc_tx_cb(struct ev_loop *, ev_io *, int);
static void	ipc_rx_cb(struct ev_loop *, ev_io *, int);
static void	ipc_rx_one(struct ms_ipc_link *, nng_msg *);
static void	ipc_rx_bad(struct ms_ipc_link *, uint16_t, const char *);
static void	ipc_rx_hello(struct ms_ipc_link *, const struct ms_hdr *,
		    const void *);
static void	ipc_rx_seq(struct ms_ipc_link *, const struct ms_hdr *);
static void	ipc_pipe_notify(nng_pipe, nng_pipe_ev, void *);
static void	ipc_pipe_cb(struct ev_loop *, ev_async *, int);
static int	ipc_start(struct ms_ipc_link *);
static void	ipc_free(struct ms_ipc_link *);

static uint32_t
ipc_seq_next(uint32_t seq)
{
	return seq + 1 == 0 ? 1 : seq + 1;
}

static int
ipc_ratelimit(struct ms_ipc_link *l, double *last)
{
	double	now = ev_now(l->loop);

	if (*last != 0 && now - *last < IPC_LOG_GAP_MS / 1000.0)
		return 0;
	*last = now;
	return 1;
}

static int
ipc_set_sockopts(struct ms_ipc_link *l, const struct ms_ipc_opts *o)
{
	int	rv;

	/* pair1 buffers nothing by default: back-to-back sends would fail. */
	if ((rv = nng_socket_set_int(l->sock, NNG_OPT_SENDBUF,
	    (int)o->sendbuf)) != 0 ||
	    (rv = nng_socket_set_int(l->sock, NNG_OPT_RECVBUF,
	    (int)o->recvbuf)) != 0 ||
	    (rv = nng_socket_set_size(l->sock, NNG_OPT_RECVMAXSZ,
	    MS_MSG_MAX + IPC_PROTO_HDR_MAX)) != 0 ||
	    (rv = nng_socket_set_ms(l->sock, NNG_OPT_RECONNMINT,
	    (nng_duration)o->reconnect_min_ms)) != 0 ||
	    (rv = nng_socket_set_ms(l->sock, NNG_OPT_RECONNMAXT,
	    (nng_duration)o->reconnect_max_ms)) != 0) {
		log_warnx("link %s: socket options: %s", l->name,
		    nng_strerror(rv));
		return -1;
	}
	return 0;
}

/* ipc_ring_size - grow the ring to hold limit; it never shrinks. */
static int
ipc_ring_size(struct ms_ipc_link *l, uint32_t limit)
{
	nng_msg		**r;
	uint32_t	  i;

	if (limit > l->ring_cap) {
		if ((r = calloc(limit, sizeof(*r))) == NULL)
			return -1;
		for (i = 0; i < l->ring_len; i++)
			r[i] = l->ring[(l->ring_head + i) % l->ring_cap];
		free(l->ring);
		l->ring = r;
		l->ring_cap = limit;
		l->ring_head = 0;
	}
	l->queue_limit = limit;
	return 0;
}

struct ms_ipc_link *
ms_ipc_open(struct ev_loop *loop, const char *url, int listener,
    const struct ms_ipc_self *self, uint32_t peer_role, uint32_t peer_index,
    const struct ms_ipc_opts *opts, const struct ms_ipc_cbs *cbs, void *arg)
{
	struct ms_ipc_link	*l;
	int			 rv;

	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->url = strdup(url)) == NULL) {
		free(l);
		log_warn("link to %s[%u]", ms_role_name(peer_role), peer_index);
		return NULL;
	}
	l->loop = loop;
	l->listener = listener;
	l->self = *self;
	l->peer_role = peer_role;
	l->peer_index = peer_index;
	l->cbs = *cbs;
	l->arg = arg;
	l->tx_seq = 1;
	snprintf(l->name, sizeof(l->name), "%s[%u]", ms_role_name(peer_role),
	    peer_index);
	if ((rv = nng_pair1_open(&l->sock)) != 0) {
		log_warnx("link %s: open: %s", l->name, nng_strerror(rv));
		free(l->url);
		free(l);
		errno = EINVAL;
		return NULL;
	}
	if (ipc_ring_size(l, opts->queue_limit) == -1 ||
	    ipc_set_sockopts(l, opts) == -1 || ipc_start(l) == -1) {
		rv = errno;
		ipc_free(l);
		errno = rv;
		return NULL;
	}
	return l;
}

/* ipc_start - watchers first: pipe events may fire inside listen/dial. */
static int
ipc_start(struct ms_ipc_link *l)
{
	int	rv, rxfd, txfd;

	ev_async_init(&l->pipe_w, ipc_pipe_cb);
	l->pipe_w.data = l;
	ev_async_start(l->loop, &l->pipe_w);
	if ((rv = nng_pipe_notify(l->sock, NNG_PIPE_EV_ADD_POST,
	    ipc_pipe_notify, l)) != 0 ||
	    (rv = nng_pipe_notify(l->sock, NNG_PIPE_EV_REM_POST,
	    ipc_pipe_notify, l)) != 0)
		goto fail;
	rv = l->listener ? nng_listen(l->sock, l->url, NULL, 0) :
	    nng_dial(l->sock, l->url, NULL, NNG_FLAG_NONBLOCK);
	if (rv != 0 ||
	    (rv = nng_socket_get_int(l->sock, NNG_OPT_RECVFD, &rxfd)) != 0 ||
	    (rv = nng_socket_get_int(l->sock, NNG_OPT_SENDFD, &txfd)) != 0)
		goto fail;
	ev_io_init(&l->rx_w, ipc_rx_cb, rxfd, EV_READ);
	l->rx_w.data = l;
	ev_io_start(l->loop, &l->rx_w);
	ev_io_init(&l->tx_w, ipc_tx_cb, txfd, EV_READ);
	l->tx_w.data = l;
	return 0;
fail:
	log_warnx("link %s: %s %s: %s", l->name, l->listener ? "listen" :
	    "dial", l->url, nng_strerror(rv));
	errno = rv == NNG_EADDRINUSE ? EADDRINUSE : EINVAL;
	return -1;
}

static void
ipc_free(struct ms_ipc_link *l)
{
	/* The fds belong to nng: stop watching them before it closes them. */
	ev_io_stop(l->loop, &l->rx_w);
	ev_io_stop(l->loop, &l->tx_w);
	nng_close(l->sock);	/* returns after the last pipe callback */
	ev_async_stop(l->loop, &l->pipe_w);
	while (l->ring_len > 0) {
		nng_msg_free(l->ring[l->ring_head]);
		l->ring_head = (l->ring_head + 1) % l->ring_cap;
		l->ring_len--;
	}
	free(l->ring);
	free(l->url);
	free(l);
}

void
ms_ipc_close(struct ms_ipc_link *l)
{
	if (l == NULL)
		return;
	ms_ipc_unlink(l);
	ipc_free(l);
}

void
ms_ipc_unlink(struct ms_ipc_link *l)
{
	static const char	pfx[] = "ipc://";

	if (l == NULL || !l->listener ||
	    strncmp(l->url, pfx, sizeof(pfx) - 1) != 0)
		return;
	if (unlink(l->url + sizeof(pfx) - 1) == -1 && errno != ENOENT)
		log_warn("link %s: unlink %s", l->name, l->url);
}

int
ms_ipc_set_opts(struct ms_ipc_link *l, const struct ms_ipc_opts *o)
{
	if (ipc_ring_size(l, o->queue_limit) == -1) {
		log_warn("link %s: queue of %u", l->name, o->queue_limit);
		return -1;
	}
	return ipc_set_sockopts(l, o);
}

/* --- sending --- */

static int
ipc_tx_try(struct ms_ipc_link *l, nng_msg *m)
{
	unsigned char	*b = nng_msg_body(m);
	uint16_t	 type;
	uint32_t	 seq;
	int		 rv;

	memcpy(&type, b + offsetof(struct ms_hdr, type), sizeof(type));
	seq = type == MS_LINK_HELLO ? 0 : l->tx_seq;
	memcpy(b + offsetof(struct ms_hdr, seq), &seq, sizeof(seq));
	if ((rv = nng_sendmsg(l->sock, m, NNG_FLAG_NONBLOCK)) != 0)
		return rv;
	/* HELLO opens a new numbering: the next message on this pipe is 1. */
	l->tx_seq = ipc_seq_next(seq);
	l->st.msgs_out++;
	return 0;
}

static void
ipc_tx_full(struct ms_ipc_link *l, uint16_t type)
{
	l->st.dropped_full++;
	if (ipc_ratelimit(l, &l->full_logged))
		log_warnx("link %s: send queue full (%u), %s refused "
		    "(%llu refused so far)", l->name, l->queue_limit,
		    ms_msg_name(type), (unsigned long long)l->st.dropped_full);
}

int
ms_ipc_send(struct ms_ipc_link *l, uint16_t type, uint32_t reqid,
    const void *payload, size_t len)
{
	nng_msg	*m;
	int	 rv;

	if (l->ring_len > 0 && l->ring_len >= l->queue_limit) {
		ipc_tx_full(l, type);
		return -1;
	}
	if (len > MS_MSG_MAX - sizeof(struct ms_hdr) ||
	    (rv = nng_msg_alloc(&m, sizeof(struct ms_hdr) + len)) != 0) {
		log_warnx("link %s: cannot build %s of %zu bytes", l->name,
		    ms_msg_name(type), len);
		return -1;
	}
	ms_msg_build(nng_msg_body(m), nng_msg_len(m), type, reqid,
	    l->self.epoch, 0, payload, len);
	if (l->ring_len == 0 && (rv = ipc_tx_try(l, m)) != NNG_EAGAIN) {
		if (rv == 0)
			return 0;
		log_warnx("link %s: send %s: %s", l->name, ms_msg_name(type),
		    nng_strerror(rv));
		nng_msg_free(m);
		return -1;
	}
	if (l->ring_len >= l->queue_limit) {
		nng_msg_free(m);
		ipc_tx_full(l, type);
		return -1;
	}
	l->ring[(l->ring_head + l->ring_len) % l->ring_cap] = m;
	l->ring_len++;
	ev_io_start(l->loop, &l->tx_w);
	return 0;
}

/* ipc_tx_cb - nng can take more: drain the ring in order. */
static void
ipc_tx_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct ms_ipc_link	*l = w->data;
	int			 rv;

	(void)loop;
	(void)revents;
	while (l->ring_len > 0) {
		rv = ipc_tx_try(l, l->ring[l->ring_head]);
		if (rv == NNG_EAGAIN)
			return;
		if (rv != 0) {
			log_warnx("link %s: send: %s", l->name,
			    nng_strerror(rv));
			nng_msg_free(l->ring[l->ring_head]);
		}
		l->ring_head = (l->ring_head + 1) % l->ring_cap;
		l->ring_len--;
	}
	ev_io_stop(l->loop, &l->tx_w);
}

/* --- receiving --- */

static void
ipc_rx_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct ms_ipc_link	*l = w->data;
	nng_msg			*m;
	int			 n, rv;

	(void)loop;
	(void)revents;
	for (n = 0; n < IPC_RX_BUDGET; n++) {
		if ((rv = nng_recvmsg(l->sock, &m, NNG_FLAG_NONBLOCK)) != 0) {
			if (rv == NNG_EAGAIN)
				return;
			/* A level-signalled fd would spin on a dead socket. */
			log_warnx("link %s: recv: %s; link stopped", l->name,
			    nng_strerror(rv));
			ev_io_stop(l->loop, &l->rx_w);
			return;
		}
		ipc_rx_one(l, m);
		nng_msg_free(m);
	}
	/* Budget spent: the fd stays readable and libev calls again. */
}

static void
ipc_rx_bad(struct ms_ipc_link *l, uint16_t type, const char *why)
{
	l->st.dropped_bad++;
	if (ipc_ratelimit(l, &l->bad_logged))
		log_warnx("link %s: dropped %s: %s (%llu dropped so far)",
		    l->name, ms_msg_name(type), why,
		    (unsigned long long)l->st.dropped_bad);
}

static void
ipc_rx_one(struct ms_ipc_link *l, nng_msg *m)
{
	const unsigned char	*b = nng_msg_body(m);
	struct ms_hdr		 h;
	const char		*why;
	uint32_t		 pipe;

	if (ms_hdr_check(b, nng_msg_len(m), &why) == -1) {
		ipc_rx_bad(l, 0, why);
		return;
	}
	memcpy(&h, b, sizeof(h));
	if (h.type < MS_LINK_HELLO ||
	    ms_msg_role_ok(h.type, l->peer_role, 0) == -1 ||
	    ms_msg_role_ok(h.type, l->self.role, 1) == -1) {
		ipc_rx_bad(l, h.type, "not allowed on this link");
		return;
	}
	/* A new pipe restarts the numbering; wait for its HELLO. */
	pipe = (uint32_t)nng_pipe_id(nng_msg_get_pipe(m));
	if (pipe != l->rx_pipe) {
		l->rx_pipe = pipe;
		l->rx_next = 0;
	}
	l->st.msgs_in++;
	if (h.type == MS_LINK_HELLO) {
		ipc_rx_hello(l, &h, b + sizeof(h));
		return;
	}
	ipc_rx_seq(l, &h);
	if (h.type == MS_LINK_RESYNC) {
		log_info("link %s: peer asks for a resync", l->name);
		if (l->cbs.resync != NULL)
			l->cbs.resync(l, l->arg);
		return;
	}
	l->cbs.msg(l, &h, b + sizeof(h), l->arg);
}

static void
ipc_rx_hello(struct ms_ipc_link *l, const struct ms_hdr *h, const void *p)
{
	struct ms_link_hello	hello;
	uint32_t		prev = l->st.peer_epoch;

	memcpy(&hello, p, sizeof(hello));
	if (hello.role != l->peer_role || hello.index != l->peer_index) {
		ipc_rx_bad(l, h->type, "HELLO from the wrong peer");
		return;
	}
	l->rx_next = 1;
	l->st.peer_epoch = h->epoch;
	l->st.peer_pid = hello.pid;
	if (prev == 0) {
		log_info("link %s: peer up (pid %u, epoch %08x)", l->name,
		    hello.pid, h->epoch);
	} else if (prev != h->epoch) {
		l->st.restarts++;
		log_info("peer %s restarted (epoch %08x -> %08x)", l->name,
		    prev, h->epoch);
		if (l->cbs.restart != NULL)
			l->cbs.restart(l, l->arg);
	} else {
		/* Same process, new pipe: the old pipe may have lost some. */
		log_warnx("link %s: reconnected to the same peer (epoch %08x); "
		    "asking for a resync", l->name, h->epoch);
		ms_ipc_send(l, MS_LINK_RESYNC, 0, NULL, 0);
	}
}

static void
ipc_rx_seq(struct ms_ipc_link *l, const struct ms_hdr *h)
{
	if (l->rx_next == 0)
		return;		/* sent before the peer saw this pipe */
	if (h->seq != l->rx_next) {
		l->st.gaps++;
		log_warnx("link %s: seq gap (expected %u, got %u); asking for "
		    "a resync", l->name, l->rx_next, h->seq);
		ms_ipc_send(l, MS_LINK_RESYNC, 0, NULL, 0);
	}
	l->rx_next = ipc_seq_next(h->seq);
}

/* --- pipe events --- */

/* ipc_pipe_notify - runs on an nng thread: count and wake the loop. */
static void
ipc_pipe_notify(nng_pipe p, nng_pipe_ev ev, void *arg)
{
	struct ms_ipc_link	*l = arg;

	(void)p;
	if (ev == NNG_PIPE_EV_ADD_POST)
		atomic_fetch_add(&l->adds, 1);
	else
		atomic_fetch_add(&l->rems, 1);
	ev_async_send(l->loop, &l->pipe_w);
}

static void
ipc_pipe_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct ms_ipc_link	*l = w->data;
	unsigned		 rems, adds;
	int			 was = l->up, fresh;

	(void)loop;
	(void)revents;
	/* rems first: a pipe counted in rems is always counted in adds. */
	rems = atomic_load(&l->rems);
	adds = atomic_load(&l->adds);
	fresh = adds != l->seen_adds;
	l->seen_adds = adds;
	l->up = (int)(adds - rems) > 0;
	if (l->up && fresh) {
		struct ms_link_hello	hello = { l->self.role, l->self.index,
		    l->self.pid, 0 };

		log_debug("link %s: connected", l->name);
		ms_ipc_send(l, MS_LINK_HELLO, 0, &hello, sizeof(hello));
	} else if (was && !l->up)
		log_info("link %s: disconnected", l->name);
}

/* --- accessors --- */

int
ms_ipc_up(const struct ms_ipc_link *l)
{
	return l->up;
}

void
ms_ipc_get_stats(const struct ms_ipc_link *l, struct ms_ipc_stats *st)
{
	*st = l->st;
	st->queued = l->ring_len;
	st->up = (uint32_t)l->up;
}

const char *
ms_ipc_peer_name(const struct ms_ipc_link *l)
{
	return l->name;
}

uint32_t
ms_ipc_peer_role(const struct ms_ipc_link *l)
{
	return l->peer_role;
}

uint32_t
ms_ipc_peer_index(const struct ms_ipc_link *l)
{
	return l->peer_index;
}

const char *
ms_ipc_url(const struct ms_ipc_link *l)
{
	return l->url;
}

void *
ms_ipc_arg(const struct ms_ipc_link *l)
{
	return l->arg;
}

int
ms_ipc_recv_fd(const struct ms_ipc_link *l)
{
	return l->rx_w.fd;
}
