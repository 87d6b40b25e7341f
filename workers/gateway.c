/*
 * gateway.c - the gateway role: it takes the client listeners handed
 * over by the supervisor (fd 4 login, fd 5 HTTP if enabled, fds 6.. one
 * per room in config order), serves HTTP, runs the background health
 * ping, and routes what the store and the rooms send to the client
 * side (gw_conn.c and friends).  The room listeners are fixed at
 * spawn: a reload may change room settings, never the listener count.
 * What a restarted room worker says before its HELLO reached us is
 * dropped (gw_stale).
 */
#include <sys/socket.h>

#include <errno.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <ev.h>
#include <sodium.h>

#include "config.h"
#include "gw.h"
#include "log.h"
#include "worker.h"

static ev_timer		 health_w;
static struct gw_probe	*health_probe;	/* background probe in flight */
static uint32_t		 health_ms;	/* interval health_w runs with */
static uint32_t		 nroom_fds;	/* fixed at spawn */
/* Per room worker, the epoch we talk to; 0: whoever speaks next. */
static uint32_t		 room_epoch[MS_CFG_WORKERS_MAX];

static int	gw_init(const struct ms_config *);
static int	gw_reload(const struct ms_config *);
static void	gw_dispatch(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	gw_peer_restart(struct wrk_link *);
static void	gw_resync(struct wrk_link *);
static int	gw_stale(struct wrk_link *, const struct ms_hdr *);
static void	gw_ack(struct wrk_link *, const void *);
static void	gw_shutdown(void);
static int64_t	gw_tick(uint64_t);
static int	gw_clients_init(const struct ms_config *);
static void	gw_auth_rep(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	gw_claim_rep(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	gw_join_rep(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	gw_roster(const struct ms_hdr *, const void *);
static int	gw_check_listener(int, const char *);
static int	gw_check_fds(const struct ms_config *);
static void	gw_health_arm(uint32_t);
static void	gw_health_cb(struct ev_loop *, ev_timer *, int);
static void	gw_health_done(const struct gw_probe *, void *);

const struct wrk_role	wrk_role_gateway = {
	.name = "gateway",
	.init = gw_init,
	.reload = gw_reload,
	.dispatch = gw_dispatch,
	.on_peer_restart = gw_peer_restart,
	.on_resync = gw_resync,
	.tick = gw_tick,
	.shutdown = gw_shutdown,
	.flush = gw_conn_flush,
};

static int
gw_check_listener(int fd, const char *what)
{
	socklen_t	len = sizeof(int);
	int		on = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == -1) {
		log_warn("fd %d (%s listener) from the supervisor", fd, what);
		return -1;
	}
	if (!on) {
		log_warnx("fd %d (%s listener) from the supervisor is not a "
		    "listening socket", fd, what);
		return -1;
	}
	return 0;
}

static int
gw_check_fds(const struct ms_config *cfg)
{
	uint32_t	i;

	if (gw_check_listener(GW_LOGIN_FD, "login") == -1)
		return -1;
	if (cfg->http_port != 0 && gw_check_listener(GW_HTTP_FD,
	    "HTTP") == -1)
		return -1;
	for (i = 0; i < cfg->nrooms; i++)
		if (gw_check_listener(GW_ROOM_FD0 + (int)i, "room") == -1)
			return -1;
	nroom_fds = cfg->nrooms;
	return 0;
}

static int
gw_init(const struct ms_config *cfg)
{
	if (gw_check_fds(cfg) == -1)
		return EX_OSERR;
	if (gw_probe_init(cfg->ipc_queue_limit) == -1)
		return EX_OSERR;
	if (cfg->http_port != 0 && gw_http_init(GW_HTTP_FD) == -1)
		return EX_OSERR;
	if (gw_clients_init(cfg) == -1)
		return EX_OSERR;
	ev_init(&health_w, gw_health_cb);
	gw_health_arm(cfg->health_interval_ms);
	return 0;
}

static int
gw_clients_init(const struct ms_config *cfg)
{
	if (sodium_init() < 0) {
		log_warnx("libsodium does not initialise");
		return -1;
	}
	if (gw_req_init(cfg->ipc_queue_limit) == -1)
		return -1;
	gw_room_init(cfg, nroom_fds);
	gw_roster_init();
	gw_roomlist_init();
	gw_sweep_init();
	if (gw_game_init(cfg) == -1 || gw_svc_init(cfg) == -1)
		return -1;
	return gw_conn_init(cfg, nroom_fds);
}

static int
gw_reload(const struct ms_config *cfg)
{
	if (cfg->health_interval_ms != health_ms)
		gw_health_arm(cfg->health_interval_ms);
	gw_conn_reload(cfg);
	return 0;
}

/* gw_tick - one wakeup serves probes, request deadlines and replays. */
static int64_t
gw_tick(uint64_t now_ms)
{
	int64_t	t[6], next = -1;
	int	i;

	t[0] = gw_probe_tick(now_ms);
	t[1] = gw_req_tick(now_ms);
	t[2] = gw_replay_tick(now_ms);
	t[3] = gw_chat_tick(now_ms);
	t[4] = gw_game_tick(now_ms);
	t[5] = gw_svc_tick(now_ms);
	for (i = 0; i < 6; i++)
		if (t[i] >= 0 && (next < 0 || t[i] < next))
			next = t[i];
	return next;
}

static void
gw_health_arm(uint32_t ms)
{
	health_ms = ms;
	ev_timer_stop(EV_DEFAULT, &health_w);
	if (ms == 0)
		return;
	ev_timer_set(&health_w, ms / 1000.0, ms / 1000.0);
	ev_timer_start(EV_DEFAULT, &health_w);
}

static void
gw_health_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	if (health_probe == NULL)
		health_probe = gw_probe_start(gw_health_done, NULL);
}

static void
gw_health_done(const struct gw_probe *p, void *arg)
{
	const struct gw_path	*path;
	const struct ms_ping_hop *last;
	uint32_t		 i;

	(void)arg;
	health_probe = NULL;
	for (i = 0; i < p->npaths; i++) {
		path = &p->paths[i];
		if (path->ok)
			continue;
		last = &path->ping.hop[path->ping.nhops - 1];
		log_warnx("health: ping via room[%u] failed: reached %s[%u] "
		    "after %u of %d hops", path->room, ms_role_name(last->role),
		    last->index, path->ping.nhops, MS_PING_HOPS);
	}
	if (p->npaths > 0 && p->nok == p->npaths)
		log_debug("health: %u paths ok in %llu us", p->npaths,
		    (unsigned long long)p->rtt_us);
}

/*
 * gw_stale - a message from a room worker that restarted, sent before
 * we had its HELLO (it answered what we had queued for the worker it
 * replaces).  Dropped: the restart resends every unanswered request
 * and the roster covers the rest; taken, it would land before the
 * rosters are held.
 */
static int
gw_stale(struct wrk_link *l, const struct ms_hdr *h)
{
	uint32_t	i = wrk_link_peer_index(l);

	if (wrk_link_peer_role(l) != MS_ROLE_ROOM || i >= MS_CFG_WORKERS_MAX)
		return 0;
	if (room_epoch[i] == 0)
		room_epoch[i] = h->epoch;
	if (h->epoch == room_epoch[i])
		return 0;
	log_debug("%s from %s's successor before its HELLO dropped",
	    ms_msg_name(h->type), wrk_link_name(l));
	return 1;
}

static void
gw_dispatch(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	if (gw_stale(l, h))
		return;
	switch (h->type) {
	case MS_LINK_PONG:
		gw_probe_pong(l, h, p);
		break;
	case MS_PST_AUTH_REP:
		gw_auth_rep(l, h, p);
		break;
	case MS_PST_CLAIM_REP:
		gw_claim_rep(l, h, p);
		break;
	case MS_ROOM_JOIN_REP:
		gw_join_rep(l, h, p);
		break;
	case MS_ROOM_DELIVER:
		gw_deliver(l, p, h->len);
		break;
	case MS_ROOM_COUNTS:
		gw_roomlist_counts(p, h->len);
		break;
	case MS_ROOM_ROSTER:
		gw_roster(h, p);
		break;
	case MS_GW_KICK:
		gw_kick(p);
		break;
	case MS_ROOM_ACK:
		gw_ack(l, p);
		break;
	case MS_GS_LIST:
	case MS_GS_SNAPSHOT:
		gw_game_list(h->type, p, h->len);
		break;
	case MS_GS_SCORE_REP:
		gw_game_score_rep(p);
		break;
	case MS_GS_GONE:
		gw_game_gone(p);
		break;
	case MS_PST_INFO_REP:
	case MS_PST_BUDDY_REP:
	case MS_PST_ORDER_REP:
	case MS_GW_PUSH:
	case MS_ROOM_FIND_REP:
		gw_svc_reply(l, h, p);
		break;
	default:
		log_debug("%s from %s not handled", ms_msg_name(h->type),
		    wrk_link_name(l));
	}
}

static void
gw_auth_rep(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	struct ms_pst_auth_rep	 r;
	struct gw_conn		*c;

	memcpy(&r, p, sizeof(r));
	if ((c = gw_req_reply(l, h, r.sid)) != NULL)
		gw_login_auth_rep(c, &r);
}

static void
gw_claim_rep(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	struct ms_pst_claim_rep	 r;
	struct gw_conn		*c;

	memcpy(&r, p, sizeof(r));
	if (h->reqid != 0 && (c = gw_req_reply(l, h, r.sid)) != NULL)
		gw_room_claim_rep(c, &r);
}

static void
gw_join_rep(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	struct ms_room_join_rep	 r;
	struct gw_conn		*c;

	memcpy(&r, p, sizeof(r));
	if (h->reqid != 0 && (c = gw_req_reply(l, h, r.sid)) != NULL)
		gw_room_join_rep(c, &r);
}

static void
gw_roster(const struct ms_hdr *h, const void *p)
{
	gw_roster_sync(p, h->len);
}

static void
gw_ack(struct wrk_link *l, const void *p)
{
	struct ms_room_chat_seq	a;

	memcpy(&a, p, sizeof(a));
	gw_chat_ack(l, &a);
}

/* A restarted peer lost what we had told it: tell it again. */
static void
gw_peer_restart(struct wrk_link *l)
{
	gw_probe_link_reset(l);
	if (wrk_link_peer_role(l) == MS_ROLE_ROOM &&
	    wrk_link_peer_index(l) < MS_CFG_WORKERS_MAX) {
		room_epoch[wrk_link_peer_index(l)] = 0;
		gw_roster_hold(l);
		gw_chat_restart(l, 1);
	}
	gw_svc_link_reset(l);
	if (wrk_link_peer_role(l) == MS_ROLE_GAME)
		gw_game_replay(l);
	gw_replay(l);
}

/* The same peer on a new pipe: what the old pipe carried may be lost. */
static void
gw_resync(struct wrk_link *l)
{
	gw_chat_restart(l, 0);
	gw_svc_link_reset(l);
	if (wrk_link_peer_role(l) == MS_ROLE_GAME)
		gw_game_replay(l);
	gw_replay(l);
}

static void
gw_shutdown(void)
{
	ev_timer_stop(EV_DEFAULT, &health_w);
	gw_http_fini();
	if (health_probe != NULL)
		gw_probe_cancel(health_probe);
	health_probe = NULL;
	gw_probe_fini();
	/*
	 * The supervisor keeps its copies: closing ours refuses nobody.
	 * The peers stop next and hear of no session ending (gw_room_end).
	 */
	gw_room_quiet();
	gw_conn_fini();
	gw_sweep_fini();
	gw_roomlist_fini();
	gw_replay_fini();
	gw_chat_fini();
	gw_roster_fini();
	gw_game_fini();
	gw_svc_fini();
	gw_req_fini();
}
