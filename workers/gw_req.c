/*
 * gw_req.c - the requests a session has out (MS_PST_AUTH, MS_PST_CLAIM
 * to the store, MS_ROOM_JOIN to a room worker): at most one per
 * connection, its body kept in the connection so that a restarted peer
 * gets it again with the same reqid (the peers make them idempotent).
 * Invariants: c->reqid != 0 exactly while the table holds an entry for
 * c (ctx_slot = sid); a reply counts only from the link it went to and
 * only for the connection that is still waiting for it.
 */
#include <string.h>

#include "gw.h"
#include "log.h"
#include "reqtab.h"
#include "worker.h"

static struct wrk_reqtab	*reqs;

static int	gw_req_expired(struct wrk_req *, uint64_t);
static int	gw_req_xmit(struct gw_conn *, struct wrk_link *, uint32_t);

int
gw_req_init(uint32_t cap)
{
	if ((reqs = wrk_req_new(cap)) == NULL) {
		log_warn("request table");
		return -1;
	}
	return 0;
}

void
gw_req_fini(void)
{
	wrk_req_free(reqs);
	reqs = NULL;
}

static int
gw_req_xmit(struct gw_conn *c, struct wrk_link *l, uint32_t reqid)
{
	switch (c->req_kind) {
	case GW_REQ_AUTH:
		return wrk_send(l, MS_PST_AUTH, reqid, &c->req.auth,
		    sizeof(c->req.auth));
	case GW_REQ_CLAIM:
		return wrk_send(l, MS_PST_CLAIM, reqid, &c->req.claim,
		    sizeof(c->req.claim));
	case GW_REQ_JOIN:
		return wrk_send(l, MS_ROOM_JOIN, reqid, &c->req.join,
		    sizeof(c->req.join));
	}
	return -1;
}

/*
 * gw_req_send - c->req holds the body.  Reading pauses until the reply,
 * so the client's next packets are seen in the state the reply leads to.
 */
int
gw_req_send(struct gw_conn *c, enum gw_req_kind kind, struct wrk_link *l)
{
	uint32_t	 timeout = wrk_cfg()->ipc_request_timeout_ms;
	struct wrk_req	*r;

	if (l == NULL || (r = wrk_req_add(reqs, gw_now() + timeout)) == NULL)
		return -1;
	c->req_kind = (uint8_t)kind;
	if (gw_req_xmit(c, l, r->reqid) == -1) {
		wrk_req_del(reqs, r);
		return -1;
	}
	r->down = l;
	r->ctx_slot = c->sid;
	c->reqid = r->reqid;
	gw_conn_pause(c);
	wrk_wakeup_in(timeout);
	return 0;
}

/* gw_req_reply - the waiting connection, or NULL for a stale reply. */
struct gw_conn *
gw_req_reply(struct wrk_link *l, const struct ms_hdr *h, uint32_t sid)
{
	struct wrk_req	*r;
	struct gw_conn	*c;

	if ((r = wrk_req_find(reqs, h->reqid)) == NULL || r->down != l ||
	    r->ctx_slot != sid) {
		log_debug("%s from %s: no request %08x for sid %u",
		    ms_msg_name(h->type), wrk_link_name(l), h->reqid, sid);
		return NULL;
	}
	wrk_req_del(reqs, r);
	if ((c = gw_conn_by_sid(sid)) == NULL || c->reqid != h->reqid)
		return NULL;
	c->reqid = 0;
	return c;
}

void
gw_req_forget(struct gw_conn *c)
{
	struct wrk_req	*r;

	if (c->reqid != 0 && (r = wrk_req_find(reqs, c->reqid)) != NULL)
		wrk_req_del(reqs, r);
	c->reqid = 0;
}

/* gw_req_resend - l's peer restarted: whatever it had not answered. */
void
gw_req_resend(struct wrk_link *l)
{
	struct wrk_req	*r;
	struct gw_conn	*c;
	uint32_t	 i, n = 0;

	for (i = 0; i < wrk_req_cap(reqs); i++) {
		if ((r = wrk_req_at(reqs, i)) == NULL || r->down != l)
			continue;
		if ((c = gw_conn_by_sid(r->ctx_slot)) == NULL)
			continue;
		r->deadline_ms = gw_now() + wrk_cfg()->ipc_request_timeout_ms;
		if (gw_req_xmit(c, l, r->reqid) == 0)
			n++;
	}
	if (n > 0)
		log_info("resent %u pending requests to %s", n,
		    wrk_link_name(l));
}

/* gw_busy - no answer in time, or no room to ask: a clean refusal. */
void
gw_busy(struct gw_conn *c)
{
	gw_send_message(c, MW_MSG_BAD_USER_OR_PASSWORD,
	    "server busy, try again");
	gw_stats.drops[GW_DROP_TIMEOUT]++;
	gw_conn_close_after(c);
}

/*
 * gw_req_expired - no answer in time.  While the link is down the peer
 * is restarting and will get the request again: keep waiting (the
 * login timeout still bounds the client).
 */
static int
gw_req_expired(struct wrk_req *r, uint64_t now_ms)
{
	struct gw_conn	*c;

	if (!wrk_link_up(r->down)) {
		r->deadline_ms = now_ms + wrk_cfg()->ipc_request_timeout_ms;
		return 0;
	}
	c = gw_conn_by_sid(r->ctx_slot);
	if (c == NULL || c->reqid != r->reqid) {
		wrk_req_del(reqs, r);
		return 1;
	}
	if (gw_log_ok())
		log_info("client %u: %s got no answer from %s in time",
		    c->sid, c->req_kind == GW_REQ_AUTH ? "login" :
		    c->req_kind == GW_REQ_CLAIM ? "room claim" : "room join",
		    wrk_link_name(r->down));
	wrk_req_del(reqs, r);
	c->reqid = 0;
	gw_busy(c);
	return 1;
}

/* gw_req_tick - expire what is due; ms until the next deadline, or -1 */
int64_t
gw_req_tick(uint64_t now_ms)
{
	struct wrk_req	*r;
	uint64_t	 next = UINT64_MAX;
	uint32_t	 i;

	if (reqs == NULL)
		return -1;
	for (i = 0; i < wrk_req_cap(reqs); i++) {
		if ((r = wrk_req_at(reqs, i)) == NULL)
			continue;
		if (r->deadline_ms <= now_ms && gw_req_expired(r, now_ms))
			continue;
		if (r->deadline_ms < next)
			next = r->deadline_ms;
	}
	return next == UINT64_MAX ? -1 : (int64_t)(next - now_ms);
}
