/*
 * room.c - the room role (membership, chat, player lists).  For now it
 * forwards the routed ping from gateways to the game worker and the
 * answers back; rooms and their resync from the gateways come with the
 * rooms issue.
 */
#include <sysexits.h>

#include "config.h"
#include "log.h"
#include "ping.h"
#include "worker.h"

static int	room_init(const struct ms_config *);
static void	room_dispatch(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	room_peer_restart(struct wrk_link *);
static void	room_shutdown(void);

const struct wrk_role	wrk_role_room = {
	.name = "room",
	.init = room_init,
	.dispatch = room_dispatch,
	.on_peer_restart = room_peer_restart,
	.tick = wrk_ping_tick,
	.shutdown = room_shutdown,
};

static int
room_init(const struct ms_config *cfg)
{
	return wrk_ping_init(cfg->ipc_queue_limit) == 0 ? 0 : EX_OSERR;
}

static void
room_shutdown(void)
{
	wrk_ping_fini();
}

static void
room_dispatch(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	switch (h->type) {
	case MS_LINK_PING:
		wrk_ping_forward(l, h, p, wrk_link_find(MS_ROLE_GAME, 0));
		break;
	case MS_LINK_PONG:
		wrk_ping_reply(l, h, p);
		break;
	default:
		log_debug("%s from %s not handled yet", ms_msg_name(h->type),
		    wrk_link_name(l));
	}
}

/* A restarted game forgot our pings; a restarted gateway will replay. */
static void
room_peer_restart(struct wrk_link *l)
{
	wrk_ping_link_reset(l);
}
