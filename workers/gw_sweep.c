/*
 * gw_sweep.c - time limits without a timer per connection.  Short
 * deadlines (the Myth key grace after accept, the wait for 103 after
 * 101) live on a small list scanned by one timer armed for the
 * earliest; everything measured in seconds (login_timeout_ms,
 * idle_timeout_ms, keepalive_ms, draining before a close) is checked by
 * one periodic sweep over every connection.  Invariant: a connection
 * is on the short list exactly when c->in_short is set.
 */
#include <ev.h>

#include "gw.h"
#include "log.h"
#include "worker.h"

#define GW_SWEEP_S	0.5

static struct gw_conn_list shorts = TAILQ_HEAD_INITIALIZER(shorts);
static ev_timer		   short_w;
static ev_timer		   sweep_w;

static void	gw_short_cb(struct ev_loop *, ev_timer *, int);
static void	gw_short_arm(void);
static void	gw_short_fire(struct gw_conn *);
static void	gw_sweep_cb(struct ev_loop *, ev_timer *, int);
static void	gw_sweep_one(struct gw_conn *, uint64_t,
		    const struct ms_config *);

void
gw_sweep_init(void)
{
	ev_init(&short_w, gw_short_cb);
	ev_timer_init(&sweep_w, gw_sweep_cb, GW_SWEEP_S, GW_SWEEP_S);
	ev_timer_start(EV_DEFAULT, &sweep_w);
}

void
gw_sweep_fini(void)
{
	ev_timer_stop(EV_DEFAULT, &short_w);
	ev_timer_stop(EV_DEFAULT, &sweep_w);
}

void
gw_sweep_short(struct gw_conn *c, uint64_t deadline_ms)
{
	c->short_ms = deadline_ms;
	if (!c->in_short) {
		c->in_short = 1;
		TAILQ_INSERT_TAIL(&shorts, c, short_e);
	}
	gw_short_arm();
}

void
gw_sweep_unshort(struct gw_conn *c)
{
	if (!c->in_short)
		return;
	c->in_short = 0;
	TAILQ_REMOVE(&shorts, c, short_e);
}

/* gw_short_arm - for the earliest deadline on the (small) list. */
static void
gw_short_arm(void)
{
	struct gw_conn	*c;
	uint64_t	 next = UINT64_MAX, now = gw_now();

	TAILQ_FOREACH(c, &shorts, short_e)
		if (c->short_ms < next)
			next = c->short_ms;
	ev_timer_stop(EV_DEFAULT, &short_w);
	if (next == UINT64_MAX)
		return;
	ev_timer_set(&short_w, next > now ? (double)(next - now) / 1000.0 :
	    0., 0.);
	ev_timer_start(EV_DEFAULT, &short_w);
}

static void
gw_short_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct gw_conn	*c, *tmp;
	uint64_t	 now = gw_now();

	(void)loop;
	(void)w;
	(void)revents;
	TAILQ_FOREACH_SAFE(c, &shorts, short_e, tmp) {
		if (c->short_ms > now)
			continue;
		gw_sweep_unshort(c);
		gw_short_fire(c);
	}
	gw_short_arm();
}

static void
gw_short_fire(struct gw_conn *c)
{
	if (c->state == GW_S_FIRST)
		gw_wire_grace(c);
	else if (c->state == GW_S_PDATA)
		gw_room_pdata_timeout(c);
}

static void
gw_sweep_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	const struct ms_config	*cfg = wrk_cfg();
	struct gw_conn		*c, *tmp;
	uint64_t		 now = gw_now();

	(void)loop;
	(void)w;
	(void)revents;
	TAILQ_FOREACH_SAFE(c, gw_conn_all(), entry, tmp)
		gw_sweep_one(c, now, cfg);
}

static void
gw_sweep_one(struct gw_conn *c, uint64_t now, const struct ms_config *cfg)
{
	if (c->state == GW_S_CLOSING) {
		if (now >= c->close_ms)
			gw_conn_drop(c, GW_DROP_TIMEOUT, "output not taken "
			    "before the close");
		return;
	}
	if (now - c->last_rx_ms >= cfg->idle_timeout_ms) {
		gw_conn_drop(c, GW_DROP_TIMEOUT, "silent for %llu ms",
		    (unsigned long long)(now - c->last_rx_ms));
		return;
	}
	if (c->state != GW_S_ROOM) {
		if (now - c->accepted_ms >= cfg->login_timeout_ms)
			gw_conn_drop(c, GW_DROP_TIMEOUT, "login not done in "
			    "%u ms", cfg->login_timeout_ms);
		return;
	}
	/* Deaf clients get nothing, not even keepalives (README 9.10). */
	if (c->mode != 0 || now - c->last_rx_ms < cfg->keepalive_ms ||
	    now - c->last_ka_ms < cfg->keepalive_ms)
		return;
	c->last_ka_ms = now;
	gw_send_empty(c, MW_T_KEEPALIVE);
}
