/*
 * ping.c - forwarding the routed ping.  Policy, so that a failure shows
 * where the path broke: a hop whose next link is down, or whose table
 * is full, answers at once with the partial path; a hop whose next hop
 * does not answer in time answers with the partial path when its own,
 * shorter, deadline expires (each hop waits a quarter of the request
 * timeout less than the hop before it, so answers beat the gateway's
 * deadline).  A reply is accepted only from the link the request went
 * to, and only while its entry lives.
 */
#include <string.h>

#include "config.h"
#include "log.h"
#include "ping.h"
#include "reqtab.h"
#include "worker.h"

static struct wrk_reqtab	*ping_tab;
static uint64_t			 ping_logged_ms;

static void	ping_partial(struct wrk_link *, uint32_t,
		    const struct ms_ping *, const char *);
static void	ping_expired(const struct wrk_req *, void *);

int
wrk_ping_init(uint32_t cap)
{
	if ((ping_tab = wrk_req_new(cap)) == NULL) {
		log_warn("ping table of %u", cap);
		return -1;
	}
	return 0;
}

void
wrk_ping_fini(void)
{
	wrk_req_free(ping_tab);
	ping_tab = NULL;
}

uint32_t
wrk_ping_timeout_ms(uint32_t request_timeout_ms, uint32_t nhops)
{
	if (nhops == 0 || nhops > MS_PING_HOPS)
		return 0;
	return (uint32_t)((uint64_t)request_timeout_ms *
	    (MS_PING_HOPS + 1 - nhops) / MS_PING_HOPS);
}

/* ping_partial - answer upstream with the path as far as it got. */
static void
ping_partial(struct wrk_link *up, uint32_t reqid, const struct ms_ping *p,
    const char *why)
{
	uint64_t	now = wrk_now_ms();

	if (now - ping_logged_ms >= 1000) {
		ping_logged_ms = now;
		log_warnx("ping from %s stopped after %u hops: %s",
		    wrk_link_name(up), p->nhops, why);
	}
	(void)wrk_send(up, MS_LINK_PONG, reqid, p, sizeof(*p));
}

void
wrk_ping_forward(struct wrk_link *from, const struct ms_hdr *h,
    const void *payload, struct wrk_link *next)
{
	struct wrk_req	*r;
	struct ms_ping	 p;
	uint32_t	 tmo;

	memcpy(&p, payload, sizeof(p));
	if (p.nhops >= MS_PING_HOPS) {
		ping_partial(from, h->reqid, &p, "path already full");
		return;
	}
	wrk_self_hop(&p.hop[p.nhops++]);
	if (next == NULL || !wrk_link_up(next)) {
		ping_partial(from, h->reqid, &p, "next hop not connected");
		return;
	}
	tmo = wrk_ping_timeout_ms(wrk_cfg()->ipc_request_timeout_ms,
	    p.nhops);
	if ((r = wrk_req_add(ping_tab, wrk_now_ms() + tmo)) == NULL) {
		ping_partial(from, h->reqid, &p, "too many pending pings");
		return;
	}
	r->up = from;
	r->up_reqid = h->reqid;
	r->down = next;
	r->ping = p;
	if (wrk_send(next, MS_LINK_PING, r->reqid, &p, sizeof(p)) == -1) {
		wrk_req_del(ping_tab, r);
		ping_partial(from, h->reqid, &p, "next hop's queue is full");
		return;
	}
	wrk_wakeup_in(tmo);
}

void
wrk_ping_answer(struct wrk_link *from, const struct ms_hdr *h,
    const void *payload)
{
	struct ms_ping	p;

	memcpy(&p, payload, sizeof(p));
	if (p.nhops < MS_PING_HOPS)
		wrk_self_hop(&p.hop[p.nhops++]);
	(void)wrk_send(from, MS_LINK_PONG, h->reqid, &p, sizeof(p));
}

void
wrk_ping_reply(struct wrk_link *from, const struct ms_hdr *h,
    const void *payload)
{
	struct wrk_req	*r;

	r = wrk_req_find(ping_tab, h->reqid);
	if (r == NULL || r->down != from) {
		log_debug("late or unknown PONG %08x from %s", h->reqid,
		    wrk_link_name(from));
		return;
	}
	(void)wrk_send(r->up, MS_LINK_PONG, r->up_reqid, payload,
	    sizeof(struct ms_ping));
	wrk_req_del(ping_tab, r);
}

void
wrk_ping_link_reset(struct wrk_link *down)
{
	struct wrk_req	*r;
	uint32_t	 i;

	for (i = 0; i < wrk_req_cap(ping_tab); i++) {
		if ((r = wrk_req_at(ping_tab, i)) == NULL || r->down != down)
			continue;
		ping_partial(r->up, r->up_reqid, &r->ping,
		    "next hop restarted");
		wrk_req_del(ping_tab, r);
	}
}

static void
ping_expired(const struct wrk_req *r, void *arg)
{
	(void)arg;
	ping_partial(r->up, r->up_reqid, &r->ping, "next hop timed out");
}

int64_t
wrk_ping_tick(uint64_t now_ms)
{
	return wrk_req_expire(ping_tab, now_ms, ping_expired, NULL);
}
