/*
 * store.c - the store role (persistence): the one worker that touches
 * the database and the only one allowed disk I/O on its loop.  This
 * file is the glue: it opens the database, starts the argon2id pool and
 * wires its results into the loop with an ev_async, routes messages
 * (auth, claim, release, player services, results, the routed ping)
 * and admin commands to the pst_* handlers, drops a gateway's sessions
 * when it restarts, and runs the timed work (ladder pass, offline
 * pushes) from one tick.
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
static int	pst_from(struct wrk_link *, const struct ms_hdr *, uint32_t);
static void	pst_dispatch_games(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static int64_t	pst_tick(uint64_t);

const struct wrk_role	wrk_role_store = {
	.name = "store",
	.init = pst_init,
	.dispatch = pst_dispatch,
	.on_peer_restart = pst_peer_restart,
	.shutdown = pst_shutdown,
	.admin = pst_role_admin,
	.tick = pst_tick,
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
	if ((pst.pres = pst_pres_new(cfg->presence_max)) == NULL) {
		log_warnx("store: cannot allocate the presence table");
		return EX_OSERR;
	}
	pst_guest_init(&pst.guest);
	pst_push_reset();
	/* The last run may have stored rated results and died before a pass. */
	pst.ladder_dirty = 1;
	pst.ladder_due_ms = 0;
	pst.ladder_users = -1;
	wrk_wakeup_in((uint64_t)cfg->ladder_interval_s * 1000);
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
	return pst_from(l, h, MS_ROLE_GATEWAY);
}

static int
pst_from(struct wrk_link *l, const struct ms_hdr *h, uint32_t role)
{
	if (wrk_link_peer_role(l) == role)
		return 1;
	log_warnx("store: %s from %s ignored: only a %s sends it",
	    ms_msg_name(h->type), wrk_link_name(l), ms_role_name(role));
	return 0;
}

/* The games issue's messages: results and the player services. */
static void
pst_dispatch_games(struct wrk_link *l, const struct ms_hdr *h,
    const void *p)
{
	if (h->type == MS_PST_RESULT) {
		if (pst_from(l, h, MS_ROLE_GAME))
			pst_result(l, h, p);
		return;
	}
	if (!pst_from_gateway(l, h))
		return;
	switch (h->type) {
	case MS_PST_INFO:
		pst_info(l, h, p);
		break;
	case MS_PST_PROFILE:
		pst_profile(l, p);
		break;
	case MS_PST_BUDDY:
		pst_buddy(l, h, p);
		break;
	case MS_PST_ORDER:
		pst_order(l, h, p);
		break;
	}
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
	case MS_PST_RESULT:
	case MS_PST_INFO:
	case MS_PST_PROFILE:
	case MS_PST_BUDDY:
	case MS_PST_ORDER:
		pst_dispatch_games(l, h, p);
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
	n = pst_pres_drop_gw(pst.pres, wrk_link_peer_index(l),
	    pst_push_offline);
	log_info("store: %s restarted; %u session(s) dropped",
	    wrk_link_name(l), n);
}

static int64_t
pst_tick(uint64_t now_ms)
{
	int64_t	a, b;

	if (pst.stopping || pst.db == NULL)
		return -1;
	a = pst_ladder_tick(now_ms);
	b = pst_push_tick(now_ms);
	return b >= 0 && b < a ? b : a;
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
