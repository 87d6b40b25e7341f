/*
 * game.c - the game role (hosted games, results, rankings).  For now it
 * forwards the routed ping from rooms and gateways to the store and the
 * answers back; game state and its resync come with the games issue.
 */
#include <sysexits.h>

#include "config.h"
#include "log.h"
#include "ping.h"
#include "worker.h"

static int	gs_init(const struct ms_config *);
static void	gs_dispatch(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	gs_peer_restart(struct wrk_link *);
static void	gs_shutdown(void);

const struct wrk_role	wrk_role_game = {
	.name = "game",
	.init = gs_init,
	.dispatch = gs_dispatch,
	.on_peer_restart = gs_peer_restart,
	.tick = wrk_ping_tick,
	.shutdown = gs_shutdown,
};

static int
gs_init(const struct ms_config *cfg)
{
	return wrk_ping_init(cfg->ipc_queue_limit) == 0 ? 0 : EX_OSERR;
}

static void
gs_shutdown(void)
{
	wrk_ping_fini();
}

static void
gs_dispatch(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	switch (h->type) {
	case MS_LINK_PING:
		wrk_ping_forward(l, h, p, wrk_link_find(MS_ROLE_STORE, 0));
		break;
	case MS_LINK_PONG:
		wrk_ping_reply(l, h, p);
		break;
	default:
		log_debug("%s from %s not handled yet", ms_msg_name(h->type),
		    wrk_link_name(l));
	}
}

/* A restarted store forgot our pings; gateways will replay later. */
static void
gs_peer_restart(struct wrk_link *l)
{
	wrk_ping_link_reset(l);
}
