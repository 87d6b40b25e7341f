/*
 * ping.h - the routed health ping as seen by the hops after the
 * gateway: room and game forward it downstream, store answers it, and
 * every PONG retraces the path by each hop's own reqid.  Loop-free.
 */
#ifndef MS_PING_H
#define MS_PING_H

#include <stdint.h>

#include "proto.h"

struct wrk_link;

int	wrk_ping_init(uint32_t cap);
void	wrk_ping_fini(void);
/* wrk_ping_forward - PING from `from`: append this hop, send it on. */
void	wrk_ping_forward(struct wrk_link *from, const struct ms_hdr *,
	    const void *payload, struct wrk_link *next);
/* wrk_ping_answer - the last hop: append this hop, PONG straight back. */
void	wrk_ping_answer(struct wrk_link *from, const struct ms_hdr *,
	    const void *payload);
/* wrk_ping_reply - PONG from downstream: hand it to whoever asked. */
void	wrk_ping_reply(struct wrk_link *from, const struct ms_hdr *,
	    const void *payload);
/* wrk_ping_link_reset - `down` restarted: answer what it will never. */
void	wrk_ping_link_reset(struct wrk_link *down);
int64_t	wrk_ping_tick(uint64_t now_ms);
/* wrk_ping_timeout_ms - how long a hop holding nhops entries waits. */
uint32_t wrk_ping_timeout_ms(uint32_t request_timeout_ms, uint32_t nhops);

#endif /* MS_PING_H */
