/*
 * wrk_link.c - this worker's links, taken from the static table in
 * src/topology.c, and the role-facing link API.  Links are opened once
 * from the boot config and live until exit, so role code may keep
 * struct wrk_link pointers (e.g. in pending-request tables).
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "ipc.h"
#include "log.h"
#include "topology.h"
#include "wrk_int.h"

/* game: store + every room + every gateway is the most any role has. */
#define WRK_LINKS_MAX	(1 + 2 * MS_CFG_WORKERS_MAX)

struct wrk_link {
	struct ms_ipc_link	*ipc;
	uint32_t		 role;
	uint32_t		 index;
};

static struct wrk_link	links[WRK_LINKS_MAX];
static size_t		nlinks;

static void	link_msg(struct ms_ipc_link *, const struct ms_hdr *,
		    const void *, void *);
static void	link_restart(struct ms_ipc_link *, void *);
static void	link_resync(struct ms_ipc_link *, void *);
static void	link_opts(const struct ms_config *, struct ms_ipc_opts *);
static int	link_open_one(const struct ms_config *,
		    const struct ms_topo_link *);

static const struct ms_ipc_cbs	link_cbs = {
	link_msg, link_restart, link_resync
};

static void
link_opts(const struct ms_config *cfg, struct ms_ipc_opts *o)
{
	o->sendbuf = cfg->ipc_sendbuf;
	o->recvbuf = cfg->ipc_recvbuf;
	o->queue_limit = cfg->ipc_queue_limit;
	o->reconnect_min_ms = cfg->ipc_reconnect_min_ms;
	o->reconnect_max_ms = cfg->ipc_reconnect_max_ms;
}

static int
link_open_one(const struct ms_config *cfg, const struct ms_topo_link *t)
{
	struct ms_ipc_self	 self;
	struct ms_ipc_opts	 opts;
	struct wrk_link		*wl = &links[nlinks];
	char			 url[MS_TOPO_URL_MAX];
	int			 listener;

	listener = t->lrole == wrk.role_id && t->lindex == wrk.index;
	wl->role = listener ? t->drole : t->lrole;
	wl->index = listener ? t->dindex : t->lindex;
	if (ms_topo_url(cfg, t, url, sizeof(url)) == -1) {
		log_warnx("link %s[%u]: no usable %s URL (rundir too long or "
		    "port out of range?)", ms_role_name(wl->role), wl->index,
		    cfg->ipc_transport);
		return -1;
	}
	self.role = wrk.role_id;
	self.index = wrk.index;
	self.pid = wrk.pid;
	self.epoch = wrk.epoch;
	link_opts(cfg, &opts);
	wl->ipc = ms_ipc_open(wrk.loop, url, listener, &self, wl->role,
	    wl->index, &opts, &link_cbs, wl);
	if (wl->ipc == NULL)
		return -1;
	log_debug("link %s: %s %s", ms_ipc_peer_name(wl->ipc),
	    listener ? "listening on" : "dialing", url);
	nlinks++;
	return 0;
}

int
wrk_links_open(const struct ms_config *cfg)
{
	struct ms_topo_link	table[MS_TOPO_LINKS_MAX];
	int			n, i;

	if ((n = ms_topo_build(cfg, table, MS_TOPO_LINKS_MAX)) == -1) {
		log_warnx("cannot build the link table for %u room and %u "
		    "gateway workers", cfg->room_workers,
		    cfg->gateway_workers);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!ms_topo_involves(&table[i], wrk.role_id, wrk.index))
			continue;
		if (nlinks >= WRK_LINKS_MAX || link_open_one(cfg,
		    &table[i]) == -1)
			return -1;
	}
	return 0;
}

void
wrk_links_reload(const struct ms_config *cfg)
{
	struct ms_ipc_opts	opts;
	size_t			i;

	link_opts(cfg, &opts);
	for (i = 0; i < nlinks; i++)
		(void)ms_ipc_set_opts(links[i].ipc, &opts);
}

/* wrk_links_idle - 1 when no link holds queued messages. */
int
wrk_links_idle(void)
{
	struct ms_ipc_stats	st;
	size_t			i;

	for (i = 0; i < nlinks; i++) {
		ms_ipc_get_stats(links[i].ipc, &st);
		if (st.queued > 0 && st.up)
			return 0;
	}
	return 1;
}

void
wrk_links_close(void)
{
	while (nlinks > 0) {
		nlinks--;
		ms_ipc_close(links[nlinks].ipc);
		links[nlinks].ipc = NULL;
	}
}

void
wrk_links_unlink(void)
{
	size_t	i;

	for (i = 0; i < nlinks; i++)
		ms_ipc_unlink(links[i].ipc);
}

static void
link_msg(struct ms_ipc_link *l, const struct ms_hdr *h, const void *p,
    void *arg)
{
	(void)l;
	if (wrk.stopping || wrk.role->dispatch == NULL)
		return;
	if (ms_log_getverbose() >= 2)	/* per-message traces: -vv */
		log_debug("link %s: %s reqid %08x seq %u",
		    ms_ipc_peer_name(l), ms_msg_name(h->type), h->reqid,
		    h->seq);
	wrk.role->dispatch(arg, h, p);
}

static void
link_restart(struct ms_ipc_link *l, void *arg)
{
	(void)l;
	if (!wrk.stopping && wrk.role->on_peer_restart != NULL)
		wrk.role->on_peer_restart(arg);
}

static void
link_resync(struct ms_ipc_link *l, void *arg)
{
	(void)l;
	if (!wrk.stopping && wrk.role->on_resync != NULL)
		wrk.role->on_resync(arg);
}

/* --- role API --- */

int
wrk_send(struct wrk_link *wl, uint16_t type, uint32_t reqid,
    const void *payload, size_t len)
{
	return ms_ipc_send(wl->ipc, type, reqid, payload, len);
}

struct wrk_link *
wrk_link_find(uint32_t role, uint32_t index)
{
	size_t	i;

	for (i = 0; i < nlinks; i++)
		if (links[i].role == role && links[i].index == index)
			return &links[i];
	return NULL;
}

size_t
wrk_link_count(void)
{
	return nlinks;
}

struct wrk_link *
wrk_link_at(size_t i)
{
	return i < nlinks ? &links[i] : NULL;
}

uint32_t
wrk_link_peer_role(const struct wrk_link *wl)
{
	return wl->role;
}

uint32_t
wrk_link_peer_index(const struct wrk_link *wl)
{
	return wl->index;
}

const char *
wrk_link_name(const struct wrk_link *wl)
{
	return ms_ipc_peer_name(wl->ipc);
}

int
wrk_link_up(const struct wrk_link *wl)
{
	return ms_ipc_up(wl->ipc);
}

void
wrk_link_stats(const struct wrk_link *wl, struct wrk_link_stats *st)
{
	struct ms_ipc_stats	s;

	ms_ipc_get_stats(wl->ipc, &s);
	st->msgs_in = s.msgs_in;
	st->msgs_out = s.msgs_out;
	st->dropped_full = s.dropped_full;
	st->dropped_bad = s.dropped_bad;
	st->gaps = s.gaps;
	st->restarts = s.restarts;
	st->queued = s.queued;
	st->up = s.up;
}
