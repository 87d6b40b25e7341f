/*
 * gw_probe.c - health probes: one routed ping per room worker, started
 * together, resolved one by one (answer, partial answer, peer restart
 * or timeout), finished when the last path resolves.  Bounded: at most
 * http_max_clients + 1 live probes (every HTTP client plus the
 * background check) and ipc_queue_limit pending pings.  A probe's done
 * callback never runs inside gw_probe_start(), so the caller can store
 * the pointer first.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "gw.h"
#include "log.h"
#include "reqtab.h"
#include "worker.h"

struct gw_stats			gw_stats;

static struct wrk_reqtab	*probe_tab;
static struct gw_probe		*probes;	/* live ones */
static uint32_t			 nprobes;

static void	probe_send(struct gw_probe *, struct wrk_link *, uint32_t);
static void	probe_resolve(struct gw_probe *, uint32_t, int);
static void	probe_finish(struct gw_probe *);
static void	probe_expired(const struct wrk_req *, void *);
static void	probe_finish_idle(void);

int
gw_probe_init(uint32_t cap)
{
	if ((probe_tab = wrk_req_new(cap)) == NULL) {
		log_warn("probe table of %u", cap);
		return -1;
	}
	return 0;
}

void
gw_probe_fini(void)
{
	struct gw_probe	*p;

	while ((p = probes) != NULL) {
		probes = p->next;
		free(p);
	}
	nprobes = 0;
	wrk_req_free(probe_tab);
	probe_tab = NULL;
}

struct gw_probe *
gw_probe_start(gw_probe_done_fn *done, void *arg)
{
	struct gw_probe	*p;
	struct wrk_link	*l;
	uint32_t	 j;

	if (nprobes >= wrk_cfg()->http_max_clients + 1) {
		gw_stats.probes_refused++;
		return NULL;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		log_warn("health probe");
		return NULL;
	}
	p->start_us = wrk_now_us();
	p->done = done;
	p->arg = arg;
	for (j = 0; j < MS_CFG_WORKERS_MAX; j++) {
		if ((l = wrk_link_find(MS_ROLE_ROOM, j)) == NULL)
			break;
		probe_send(p, l, j);
	}
	p->next = probes;
	probes = p;
	nprobes++;
	if (p->pending == 0)
		wrk_wakeup_in(0);	/* finish it from the loop, not here */
	return p;
}

void
gw_probe_cancel(struct gw_probe *p)
{
	p->done = NULL;
	p->arg = NULL;
}

/* probe_send - path j: gateway hop, then to room j or fail at once. */
static void
probe_send(struct gw_probe *p, struct wrk_link *l, uint32_t j)
{
	struct gw_path	*path = &p->paths[p->npaths++];
	struct wrk_req	*r;
	uint32_t	 tmo = wrk_cfg()->ipc_request_timeout_ms;

	path->room = j;
	path->ping.sent_ms = wrk_now_ms();
	path->ping.nhops = 1;
	wrk_self_hop(&path->ping.hop[0]);
	gw_stats.pings_sent++;
	if (!wrk_link_up(l) ||
	    (r = wrk_req_add(probe_tab, wrk_now_ms() + tmo)) == NULL) {
		probe_resolve(p, j, 0);
		return;
	}
	r->down = l;
	r->ctx = p;
	r->ctx_slot = j;
	r->ping = path->ping;
	if (wrk_send(l, MS_LINK_PING, r->reqid, &path->ping,
	    sizeof(path->ping)) == -1) {
		wrk_req_del(probe_tab, r);
		probe_resolve(p, j, 0);
		return;
	}
	p->pending++;
	wrk_wakeup_in(tmo);
}

static void
probe_resolve(struct gw_probe *p, uint32_t j, int ok)
{
	struct gw_path	*path = &p->paths[j];

	path->done = 1;
	path->ok = ok;
	path->rtt_us = wrk_now_us() - p->start_us;
	if (ok) {
		p->nok++;
		gw_stats.pings_ok++;
	} else
		gw_stats.pings_failed++;
}

static void
probe_finish(struct gw_probe *p)
{
	struct gw_probe	**pp;

	for (pp = &probes; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			nprobes--;
			break;
		}
	}
	p->rtt_us = wrk_now_us() - p->start_us;
	if (p->done != NULL)
		p->done(p, p->arg);
	free(p);
}

void
gw_probe_pong(struct wrk_link *l, const struct ms_hdr *h, const void *pl)
{
	struct gw_probe	*p;
	struct gw_path	*path;
	struct wrk_req	*r;

	if ((r = wrk_req_find(probe_tab, h->reqid)) == NULL || r->down != l) {
		log_debug("late or unknown PONG %08x from %s", h->reqid,
		    wrk_link_name(l));
		return;
	}
	p = r->ctx;
	path = &p->paths[r->ctx_slot];
	memcpy(&path->ping, pl, sizeof(path->ping));
	probe_resolve(p, r->ctx_slot, path->ping.nhops == MS_PING_HOPS &&
	    path->ping.hop[MS_PING_HOPS - 1].role == MS_ROLE_STORE);
	wrk_req_del(probe_tab, r);
	if (--p->pending == 0)
		probe_finish(p);
}

/* Resolved entries leave the table before a probe can be freed. */
static void
probe_expired(const struct wrk_req *r, void *arg)
{
	struct gw_probe	*p = r->ctx;

	(void)arg;
	log_debug("ping via %s timed out", wrk_link_name(r->down));
	probe_resolve(p, r->ctx_slot, 0);
	if (--p->pending == 0)
		probe_finish(p);
}

void
gw_probe_link_reset(struct wrk_link *down)
{
	struct wrk_req	*r, copy;
	uint32_t	 i;

	for (i = 0; i < wrk_req_cap(probe_tab); i++) {
		if ((r = wrk_req_at(probe_tab, i)) == NULL || r->down != down)
			continue;
		copy = *r;
		wrk_req_del(probe_tab, r);
		probe_expired(&copy, NULL);
	}
}

static void
probe_finish_idle(void)
{
	struct gw_probe	*p;
	int		 again = 1;

	while (again) {
		again = 0;
		for (p = probes; p != NULL; p = p->next) {
			if (p->pending == 0) {
				probe_finish(p);	/* list changed */
				again = 1;
				break;
			}
		}
	}
}

int64_t
gw_probe_tick(uint64_t now_ms)
{
	probe_finish_idle();
	return wrk_req_expire(probe_tab, now_ms, probe_expired, NULL);
}
