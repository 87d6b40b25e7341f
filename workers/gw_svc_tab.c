/*
 * gw_svc_tab.c - the gateway's pending player-service requests (see
 * gw.h): a wrk_reqtab gives the bound, the reqid and the deadline; each
 * entry's ctx is a struct gw_svc_req allocated with it.  The entries of
 * the room workers' answers are decoded and added again one by one, so
 * a malformed answer is refused whole and the packet built here is one
 * the client can parse, cut at an entry boundary.
 * Invariants: an entry and its request live and die together; the
 * packet never holds more than max entries nor more than
 * MW_MYTH_OUT_MAX bytes (header included); a room worker counts once.
 */
#include <stdlib.h>
#include <string.h>

#include "gw.h"
#include "log.h"
#include "reqtab.h"

static struct wrk_req	*gw_svc_slot(struct wrk_reqtab *,
			    const struct gw_svc_req *);

static struct wrk_req *
gw_svc_slot(struct wrk_reqtab *t, const struct gw_svc_req *r)
{
	struct wrk_req	*e = wrk_req_find(t, r->reqid);

	return e != NULL && e->ctx == r ? e : NULL;
}

struct gw_svc_req *
gw_svc_add(struct wrk_reqtab *t, uint32_t sid, enum gw_svc_kind kind,
    uint64_t deadline_ms)
{
	struct gw_svc_req	*r;
	struct wrk_req		*e;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	if ((e = wrk_req_add(t, deadline_ms)) == NULL) {
		free(r);
		return NULL;
	}
	e->ctx = r;
	e->ctx_slot = sid;
	r->reqid = e->reqid;
	r->sid = sid;
	r->kind = (uint8_t)kind;
	return r;
}

struct gw_svc_req *
gw_svc_find(struct wrk_reqtab *t, uint32_t reqid)
{
	struct wrk_req	*e = wrk_req_find(t, reqid);

	return e != NULL ? e->ctx : NULL;
}

struct gw_svc_req *
gw_svc_at(struct wrk_reqtab *t, uint32_t i, uint64_t *deadline_ms)
{
	struct wrk_req	*e = wrk_req_at(t, i);

	if (e == NULL)
		return NULL;
	if (deadline_ms != NULL)
		*deadline_ms = e->deadline_ms;
	return e->ctx;
}

void
gw_svc_deadline(struct wrk_reqtab *t, struct gw_svc_req *r,
    uint64_t deadline_ms)
{
	struct wrk_req	*e = gw_svc_slot(t, r);

	if (e != NULL)
		e->deadline_ms = deadline_ms;
}

void
gw_svc_del(struct wrk_reqtab *t, struct gw_svc_req *r)
{
	struct wrk_req	*e = gw_svc_slot(t, r);

	if (e != NULL)
		wrk_req_del(t, e);
	free(r->buf);
	free(r);
}

/* gw_svc_rooms - the store phase is over: entries are collected now. */
int
gw_svc_rooms(struct gw_svc_req *r, uint16_t type, uint32_t max)
{
	if (r->buf == NULL && (r->buf = malloc(GW_SVC_LIST_BUF)) == NULL)
		return -1;
	if (mw_list_begin(&r->list, type, r->buf, GW_SVC_LIST_BUF,
	    MW_MYTH_OUT_MAX) != MW_OK)
		return -1;
	r->rooms = 1;
	r->full = 0;
	r->type = type;
	r->max = max;
	r->store = NULL;
	r->waiting = 0;
	return 0;
}

static int
gw_svc_complete(const struct gw_svc_req *r)
{
	return r->waiting == 0 || r->full || r->list.count >= r->max;
}

int
gw_svc_done(struct gw_svc_req *r, uint32_t w)
{
	if (w < MS_CFG_WORKERS_MAX)
		r->waiting &= ~(1u << w);
	return gw_svc_complete(r);
}

int
gw_svc_collect(struct gw_svc_req *r, uint32_t w, const void *p, size_t len)
{
	struct ms_room_find_rep	rep;
	struct mw_search_entry	e;
	struct mw_iter		it;
	int			rv;

	if (!r->rooms || w >= MS_CFG_WORKERS_MAX ||
	    !(r->waiting & (1u << w)) || len < sizeof(rep))
		return -1;
	memcpy(&rep, p, sizeof(rep));
	if (rep.len != len - sizeof(rep) ||
	    mw_decode_search_list((const uint8_t *)p + sizeof(rep), rep.len,
	    r->type, &it) != MW_OK || it.count != rep.n)
		return -1;
	while (!r->full && r->list.count < r->max &&
	    mw_search_list_next(&it, &e)) {
		rv = mw_list_add_search(&r->list, &e);
		if (rv == MW_LIST_FULL)
			r->full = 1;
		else if (rv != MW_OK)
			log_debug("find entry of user %u left out: %s",
			    e.aux.player_id, mw_strerror(rv));
	}
	return gw_svc_done(r, w);
}

const uint8_t *
gw_svc_list(struct gw_svc_req *r, size_t *len)
{
	size_t	n;

	if (!r->rooms || r->buf == NULL) {
		*len = 0;
		return NULL;
	}
	(void)mw_list_end(&r->list, &n);
	*len = n - MW_HEADER_SIZE;
	return r->buf + MW_HEADER_SIZE;
}
