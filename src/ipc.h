/*
 * ipc.h - one nng pair1 link between two workers, driven by a libev
 * loop: non-blocking sends with a bounded tx ring, a receive budget per
 * wakeup, header and role checks, and the link protocol (MS_LINK_HELLO
 * on every new pipe, per-pipe sequence numbers, peer epoch tracking,
 * MS_LINK_RESYNC on a gap).  nng error codes stop here: callers get
 * 0 or -1.  Every callback runs on the loop thread.
 */
#ifndef MS_IPC_H
#define MS_IPC_H

#include <stddef.h>
#include <stdint.h>

#include "proto.h"

struct ev_loop;
struct ms_ipc_link;

struct ms_ipc_self {			/* who we are, sent in MS_LINK_HELLO */
	uint32_t	role;
	uint32_t	index;
	uint32_t	pid;
	uint32_t	epoch;		/* ms_epoch_new(), once per process */
};

struct ms_ipc_opts {
	uint32_t	sendbuf;	/* NNG_OPT_SENDBUF, messages */
	uint32_t	recvbuf;	/* NNG_OPT_RECVBUF, messages */
	uint32_t	queue_limit;	/* our tx ring; never grows beyond */
	uint32_t	reconnect_min_ms;
	uint32_t	reconnect_max_ms;
};

/*
 * Callbacks.  msg gets every checked message except MS_LINK_HELLO and
 * MS_LINK_RESYNC, which the link handles itself; restart runs after a
 * HELLO from a new epoch of a peer already seen; resync runs when the
 * peer asks for one.  Only msg is mandatory.
 */
struct ms_ipc_cbs {
	void	(*msg)(struct ms_ipc_link *, const struct ms_hdr *,
		    const void *payload, void *arg);
	void	(*restart)(struct ms_ipc_link *, void *arg);
	void	(*resync)(struct ms_ipc_link *, void *arg);
};

struct ms_ipc_stats {
	uint64_t	msgs_in;
	uint64_t	msgs_out;
	uint64_t	dropped_full;
	uint64_t	dropped_bad;
	uint64_t	gaps;
	uint64_t	restarts;
	uint32_t	queued;
	uint32_t	up;
	uint32_t	peer_epoch;	/* last HELLO's epoch, 0 = none yet */
	uint32_t	peer_pid;
};

/*
 * ms_ipc_open - open a pair1 socket to peer_role/peer_index, listen on
 * (listener != 0) or dial (non-blocking, retried by nng) url, and start
 * its watchers on loop.  Returns the link, or NULL with errno set
 * (EADDRINUSE if the address is taken, EINVAL otherwise); logged.
 */
struct ms_ipc_link *ms_ipc_open(struct ev_loop *, const char *url,
	    int listener, const struct ms_ipc_self *, uint32_t peer_role,
	    uint32_t peer_index, const struct ms_ipc_opts *,
	    const struct ms_ipc_cbs *, void *arg);
/* ms_ipc_close - stop watchers, close the socket, remove an ipc file. */
void	ms_ipc_close(struct ms_ipc_link *);
/*
 * ms_ipc_unlink - remove the socket file of an ipc:// listener without
 * touching nng: for a process about to _exit() because its supervisor
 * is gone.
 */
void	ms_ipc_unlink(struct ms_ipc_link *);
/*
 * ms_ipc_send - send or queue one message.  Returns 0, or -1 when the
 * ring is at queue_limit (counted; logged at most once per second) or
 * on an nng error (logged).
 */
int	ms_ipc_send(struct ms_ipc_link *, uint16_t type, uint32_t reqid,
	    const void *payload, size_t len);
/* ms_ipc_set_opts - apply reloaded buffers, reconnect times, limit. */
int	ms_ipc_set_opts(struct ms_ipc_link *, const struct ms_ipc_opts *);
int	ms_ipc_up(const struct ms_ipc_link *);
void	ms_ipc_get_stats(const struct ms_ipc_link *, struct ms_ipc_stats *);
const char *ms_ipc_peer_name(const struct ms_ipc_link *);	/* "room[0]" */
uint32_t ms_ipc_peer_role(const struct ms_ipc_link *);
uint32_t ms_ipc_peer_index(const struct ms_ipc_link *);
const char *ms_ipc_url(const struct ms_ipc_link *);
void	*ms_ipc_arg(const struct ms_ipc_link *);
/* ms_ipc_recv_fd - nng's level-signalled receive fd (tests poll it). */
int	ms_ipc_recv_fd(const struct ms_ipc_link *);

#endif /* MS_IPC_H */
