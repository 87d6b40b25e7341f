/*
 * gateway.c - the gateway role: it holds the client listeners handed
 * over by the supervisor (fd 4 login, fd 5 HTTP if enabled, fds 6.. one
 * per room in config order), serves HTTP, and runs the background
 * health ping.  The login and room listeners are held, not accepted
 * from: the players issue adds the login state machine; until then new
 * connections wait in the kernel backlog rather than being refused.
 */
#include <sys/socket.h>

#include <errno.h>
#include <sysexits.h>
#include <unistd.h>

#include <ev.h>

#include "config.h"
#include "gw.h"
#include "log.h"
#include "worker.h"

#define GW_LOGIN_FD	MS_LISTEN_FD0
#define GW_HTTP_FD	(MS_LISTEN_FD0 + 1)
#define GW_ROOM_FD0	(MS_LISTEN_FD0 + 2)

static ev_timer		 health_w;
static struct gw_probe	*health_probe;	/* background probe in flight */
static uint32_t		 health_ms;	/* interval health_w runs with */
static uint32_t		 nroom_fds;	/* fixed at spawn */

static int	gw_init(const struct ms_config *);
static int	gw_reload(const struct ms_config *);
static void	gw_dispatch(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	gw_peer_restart(struct wrk_link *);
static void	gw_shutdown(void);
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
	.tick = gw_probe_tick,
	.shutdown = gw_shutdown,
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
	ev_init(&health_w, gw_health_cb);
	gw_health_arm(cfg->health_interval_ms);
	return 0;
}

static int
gw_reload(const struct ms_config *cfg)
{
	if (cfg->health_interval_ms != health_ms)
		gw_health_arm(cfg->health_interval_ms);
	return 0;
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

static void
gw_dispatch(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	switch (h->type) {
	case MS_LINK_PONG:
		gw_probe_pong(l, h, p);
		break;
	default:
		log_debug("%s from %s not handled yet", ms_msg_name(h->type),
		    wrk_link_name(l));
	}
}

/* The players issue replays sessions here; for now: fail its pings. */
static void
gw_peer_restart(struct wrk_link *l)
{
	gw_probe_link_reset(l);
}

static void
gw_shutdown(void)
{
	uint32_t	i;

	ev_timer_stop(EV_DEFAULT, &health_w);
	gw_http_fini();
	if (health_probe != NULL)
		gw_probe_cancel(health_probe);
	health_probe = NULL;
	gw_probe_fini();
	/* The supervisor keeps its copies: closing ours refuses nobody. */
	(void)close(GW_LOGIN_FD);
	for (i = 0; i < nroom_fds; i++)
		(void)close(GW_ROOM_FD0 + (int)i);
}
