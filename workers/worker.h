/*
 * worker.h - the worker skeleton's API for role code.  The skeleton owns
 * the libev loop, the control channel (fd 3), the nng links and the
 * signals; a role supplies callbacks and talks to peers only through
 * wrk_send(), so role logic never sees libev or nng.  All callbacks run
 * on the loop thread.  wrk_main() is the entry point for `mythmetad -P`.
 */
#ifndef MS_WORKER_H
#define MS_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "proto.h"

struct ms_config;
struct wrk_link;			/* one nng link to one peer worker */

struct wrk_link_stats {
	uint64_t	msgs_in;
	uint64_t	msgs_out;
	uint64_t	dropped_full;	/* sends refused: queue at limit */
	uint64_t	dropped_bad;	/* received and failed the checks */
	uint64_t	gaps;		/* seq gaps seen (resync asked) */
	uint64_t	restarts;	/* peer epoch changes seen */
	uint32_t	queued;		/* messages waiting in our tx ring */
	uint32_t	up;		/* 1 while a pipe is connected */
};

/*
 * struct wrk_role - what a role plugs into the skeleton.  init() runs
 * once the first config is parsed and the links are open; reload() gets
 * the new config after it has been parsed (the old object stays valid
 * during the call).  tick() runs when a wrk_wakeup_in() delay expires and
 * returns the next delay in ms, or -1 for none.  Any member may be NULL.
 */
struct wrk_role {
	const char	*name;
	int		(*init)(const struct ms_config *);
	int		(*reload)(const struct ms_config *);
	void		(*dispatch)(struct wrk_link *, const struct ms_hdr *,
			    const void *payload);
	void		(*on_peer_restart)(struct wrk_link *);
	void		(*on_resync)(struct wrk_link *);
	int64_t		(*tick)(uint64_t now_ms);
	void		(*shutdown)(void);
	/*
	 * flush() runs once per loop iteration, just before the loop
	 * waits: the place to send what the iteration batched (one nng
	 * message per peer per turn, one write per client per turn).
	 */
	void		(*flush)(void);
	/*
	 * admin() gets one mythmetactl command relayed by the supervisor
	 * (argv[0] is the verb); it must answer exactly once, now or
	 * later, with wrk_admin_reply(reqid, ...).  NULL: the skeleton
	 * answers MS_ADMIN_NOT_HERE.
	 */
	void		(*admin)(uint32_t reqid, int argc, char **argv);
};

extern const struct wrk_role wrk_role_store;
extern const struct wrk_role wrk_role_game;
extern const struct wrk_role wrk_role_room;
extern const struct wrk_role wrk_role_gateway;

/* wrk_main - `mythmetad -P role -I index -L logdest [-v]`; exit status. */
int		 wrk_main(int argc, char **argv);

/*
 * wrk_send - one message to the peer of a link.  Returns 0 when sent or
 * queued, -1 when the link's bounded queue is full (already logged, at
 * most once per second): the caller decides what a refusal means.
 */
int		 wrk_send(struct wrk_link *, uint16_t type, uint32_t reqid,
		    const void *payload, size_t len);
/* wrk_link_find - the link to peer role/index, or NULL if none. */
struct wrk_link	*wrk_link_find(uint32_t role, uint32_t index);
size_t		 wrk_link_count(void);
struct wrk_link	*wrk_link_at(size_t i);
uint32_t	 wrk_link_peer_role(const struct wrk_link *);
uint32_t	 wrk_link_peer_index(const struct wrk_link *);
const char	*wrk_link_name(const struct wrk_link *);	/* "room[0]" */
int		 wrk_link_up(const struct wrk_link *);
void		 wrk_link_stats(const struct wrk_link *,
		    struct wrk_link_stats *);

/* The running process and its current config (swapped on reload). */
const struct ms_config *wrk_cfg(void);
uint32_t	 wrk_self_role(void);
uint32_t	 wrk_self_index(void);
uint32_t	 wrk_epoch(void);
/* wrk_secret - MS_SECRET_SIZE bytes chosen by the supervisor per run. */
const uint8_t	*wrk_secret(void);
/* wrk_self_hop - this process as one entry of a ping path. */
void		 wrk_self_hop(struct ms_ping_hop *);
uint64_t	 wrk_now_ms(void);		/* monotonic */
uint64_t	 wrk_now_us(void);		/* monotonic */
int64_t		 wrk_wall_ms(void);		/* unix time, ms */
/* wrk_admin_reply - answer MS_CTL_ADMIN reqid (status MS_ADMIN_*). */
void		 wrk_admin_reply(uint32_t reqid, int32_t status,
		    const char *text);
/* wrk_wakeup_in - call role->tick() in about ms milliseconds. */
void		 wrk_wakeup_in(uint64_t ms);

#endif /* MS_WORKER_H */
