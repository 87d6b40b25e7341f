/*
 * store.c - the store role (persistence).  For now it only ends the
 * routed ping; it is the one worker that will touch the database, and
 * the only one allowed disk I/O on its loop.
 */
#include "config.h"
#include "log.h"
#include "ping.h"
#include "worker.h"

static int	pst_init(const struct ms_config *);
static void	pst_dispatch(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	pst_peer_restart(struct wrk_link *);

const struct wrk_role	wrk_role_store = {
	.name = "store",
	.init = pst_init,
	.dispatch = pst_dispatch,
	.on_peer_restart = pst_peer_restart,
};

static int
pst_init(const struct ms_config *cfg)
{
	log_debug("store path \"%s\" (not opened yet)", cfg->store_path);
	return 0;
}

static void
pst_dispatch(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	switch (h->type) {
	case MS_LINK_PING:
		wrk_ping_answer(l, h, p);
		break;
	default:
		log_debug("%s from %s not handled yet", ms_msg_name(h->type),
		    wrk_link_name(l));
	}
}

/* Nothing to replay yet: the store keeps no per-peer state. */
static void
pst_peer_restart(struct wrk_link *l)
{
	log_debug("%s restarted; no store state to resync", wrk_link_name(l));
}
