/*
 * store.c - the store role (persistence): the one worker that touches
 * the database and the only one allowed disk I/O on its loop.  This
 * file is the glue: it opens the database, starts the argon2id pool and
 * wires its results into the loop with an ev_async, routes messages
 * (auth, claim, release, the routed ping) and admin commands to the
 * pst_* handlers, and drops a gateway's sessions when it restarts.
 */
#include <string.h>
#include <sysexits.h>

#include <ev.h>
#include <sodium.h>

#include "config.h"
#include "log.h"
#include "ping.h"
#include "pst.h"
#include "worker.h"

struct pst_ctx		pst;
static ev_async		pst_async_w;	/* pool results are waiting */

static int	pst_init(const struct ms_config *);
static void	pst_dispatch(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	pst_peer_restart(struct wrk_link *);
static void	pst_shutdown(void);
static void	pst_role_admin(uint32_t, int, char **);
static void	pst_notify(void *);
static void	pst_async_cb(struct ev_loop *, ev_async *, int);
static int	pst_from_gateway(struct wrk_link *, const struct ms_hdr *);

const struct wrk_role	wrk_role_store = {
	.name = "store",
	.init = pst_init,
	.dispatch = pst_dispatch,
	.on_peer_restart = pst_peer_restart,
	.shutdown = pst_shutdown,
	.admin = pst_role_admin,
};

/* Runs on a pool thread: ev_async_send is the one thread-safe call. */
static void
pst_notify(void *arg)
{
	(void)arg;
	ev_async_send(EV_DEFAULT, &pst_async_w);
}

static void
pst_async_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	if (pst.hash != NULL)
		pst_hash_collect(pst.hash);
}

static int
pst_init(const struct ms_config *cfg)
{
	int	rv;

	if (sodium_init() < 0) {
		log_warnx("store: libsodium cannot initialise");
		return EX_SOFTWARE;
	}
	if ((rv = pst_db_open(cfg->store_path, &pst.db)) != 0)
		return rv;
	if ((pst.pres = pst_pres_new(PST_PRES_MAX)) == NULL) {
		log_warnx("store: cannot allocate the presence table");
		return EX_OSERR;
	}
	pst_guest_init(&pst.guest);
	ev_async_init(&pst_async_w, pst_async_cb);
	ev_async_start(EV_DEFAULT, &pst_async_w);
	/* hash_queue counts the waiting jobs; the pool's cap all of them. */
	if ((pst.hash = pst_hash_new(cfg->hash_threads, cfg->hash_queue +
	    cfg->hash_threads, pst_notify, NULL)) == NULL) {
		log_warnx("store: cannot start %u hash threads",
		    cfg->hash_threads);
		return EX_OSERR;
	}
	log_info("store: %s open (schema %d), %u hash threads, queue %u",
	    cfg->store_path, PST_DB_VERSION, cfg->hash_threads,
	    cfg->hash_queue);
	return 0;
}

/* Session messages only make sense from a gateway: others are bugs. */
static int
pst_from_gateway(struct wrk_link *l, const struct ms_hdr *h)
{
	if (wrk_link_peer_role(l) == MS_ROLE_GATEWAY)
		return 1;
	log_warnx("store: %s from %s ignored: only gateways send it",
	    ms_msg_name(h->type), wrk_link_name(l));
	return 0;
}

static void
pst_dispatch(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	switch (h->type) {
	case MS_LINK_PING:
		wrk_ping_answer(l, h, p);
		break;
	case MS_PST_AUTH:
		if (pst_from_gateway(l, h))
			pst_auth(l, h, p);
		break;
	case MS_PST_CLAIM:
		if (pst_from_gateway(l, h))
			pst_claim(l, h, p);
		break;
	case MS_PST_RELEASE:
		if (pst_from_gateway(l, h))
			pst_release(l, p);
		break;
	default:
		log_warnx("store: unexpected %s from %s", ms_msg_name(h->type),
		    wrk_link_name(l));
	}
}

/*
 * A gateway with a new epoch lost all its sessions: forget them.  The
 * sessions it still has (none, today) would come back as replays.
 */
static void
pst_peer_restart(struct wrk_link *l)
{
	uint32_t	n;

	if (wrk_link_peer_role(l) != MS_ROLE_GATEWAY)
		return;
	n = pst_pres_drop_gw(pst.pres, wrk_link_peer_index(l));
	log_info("store: %s restarted; %u session(s) dropped",
	    wrk_link_name(l), n);
}

static void
pst_role_admin(uint32_t reqid, int argc, char **argv)
{
	if (pst.stopping || pst.db == NULL) {
		wrk_admin_reply(reqid, MS_ADMIN_FAIL, "the store is stopping");
		return;
	}
	pst_admin(reqid, argc, argv);
}

/*
 * Joining the pool waits for the hashes in progress (argon2id cannot be
 * interrupted); their requests and the queued ones are answered
 * "busy" before the links drain.
 */
static void
pst_shutdown(void)
{
	pst.stopping = 1;
	pst_hash_free(pst.hash);
	pst.hash = NULL;
	ev_async_stop(EV_DEFAULT, &pst_async_w);
	pst_pres_free(pst.pres);
	pst.pres = NULL;
	pst_db_close(pst.db);
	pst.db = NULL;
}
