/*
 * gw_svc.c - player services (README 12) at the gateway: the packets a
 * client in a room sends for them (117-122), the requests they become
 * (to the store, to every room worker, or first one then the other),
 * the replies turned into packets 14-17, 19 and 20, and the store's
 * pushes (MS_GW_PUSH).  Queries share the chat token bucket of the
 * session.  A request whose session has gone is answered to nobody;
 * one that waits on room workers is answered with what it has when the
 * deadline (ipc.request_timeout_ms) passes or a worker it waits on
 * restarts; one that waits on the store is dropped then (the store's
 * restart lost it, and a service query is cheap to repeat).
 */
#include <string.h>

#include "gw.h"
#include "log.h"
#include "mstr.h"
#include "reqtab.h"
#include "worker.h"

#define GW_SVC_SLOW	"You are sending requests too fast."
#define GW_SVC_BUSY	"The server is busy; please try again."
#define GW_SVC_GUEST	"Guests cannot keep a buddy list."
#define GW_SVC_UNCHANGED "Your buddy list was not changed."

static struct wrk_reqtab	*svc;

static struct gw_conn	*gw_svc_conn(uint32_t sid);
static void	gw_svc_busy(struct gw_conn *);
static struct gw_svc_req *gw_svc_ask_store(struct gw_conn *,
		    enum gw_svc_kind, uint16_t, const void *, size_t);
static void	gw_svc_ask_rooms(struct gw_svc_req *, uint16_t,
		    const struct ms_room_find *);
static void	gw_svc_finish(struct gw_svc_req *);
static void	gw_svc_send_19(struct gw_conn *,
		    const struct ms_pst_buddy_rep *);
static void	gw_svc_send_20(struct gw_conn *,
		    const struct ms_pst_order_rep *);
static void	gw_svc_info_query(struct gw_conn *, const uint8_t *, size_t);
static void	gw_svc_profile(struct gw_conn *, const uint8_t *, size_t);
static void	gw_svc_search(struct gw_conn *, const uint8_t *, size_t);
static void	gw_svc_buddy_query(struct gw_conn *, const uint8_t *, size_t);
static void	gw_svc_buddy_update(struct gw_conn *, const uint8_t *,
		    size_t);
static void	gw_svc_order_query(struct gw_conn *, const uint8_t *, size_t);
static void	gw_svc_info_rep(struct gw_svc_req *, const void *);
static void	gw_svc_buddy_rep(struct gw_svc_req *, const void *);
static void	gw_svc_order_rep(struct gw_svc_req *, const void *);
static void	gw_svc_found(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	gw_svc_push(const void *);

int
gw_svc_init(const struct ms_config *cfg)
{
	if ((svc = wrk_req_new(cfg->ipc_queue_limit)) == NULL) {
		log_warn("service request table");
		return -1;
	}
	return 0;
}

void
gw_svc_fini(void)
{
	struct gw_svc_req	*r;
	uint32_t		 i;

	if (svc == NULL)
		return;
	for (i = 0; i < wrk_req_cap(svc); i++)
		if ((r = gw_svc_at(svc, i, NULL)) != NULL)
			gw_svc_del(svc, r);
	wrk_req_free(svc);
	svc = NULL;
}

/* gw_svc_conn - the session, if it is still in its room. */
static struct gw_conn *
gw_svc_conn(uint32_t sid)
{
	struct gw_conn	*c = gw_conn_by_sid(sid);

	return c != NULL && !c->dead && c->state == GW_S_ROOM ? c : NULL;
}

static void
gw_svc_busy(struct gw_conn *c)
{
	gw_send_text(c, MW_T_MESSAGE_OF_THE_DAY, GW_SVC_BUSY);
}

/* --- client packets --- */

void
gw_svc_packet(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len)
{
	const struct ms_config	*cfg = wrk_cfg();

	if (type == MW_T_UPDATE_PLAYER_INFORMATION &&
	    c->dialect != MW_DIALECT_MYTH) {
		log_debug("client %u: Aleph One packet 122 skipped in the "
		    "room", c->sid);
		return;
	}
	if (gw_bucket_take(&c->chat, gw_now(), cfg->chat_rate,
	    cfg->chat_burst) == -1) {
		gw_send_text(c, MW_T_MESSAGE_OF_THE_DAY, GW_SVC_SLOW);
		return;
	}
	switch (type) {
	case MW_T_PLAYER_INFO_QUERY:
		gw_svc_info_query(c, p, len);
		break;
	case MW_T_UPDATE_PLAYER_INFORMATION:
		gw_svc_profile(c, p, len);
		break;
	case MW_T_PLAYER_SEARCH_QUERY:
		gw_svc_search(c, p, len);
		break;
	case MW_T_BUDDY_QUERY:
		gw_svc_buddy_query(c, p, len);
		break;
	case MW_T_UPDATE_BUDDY:
		gw_svc_buddy_update(c, p, len);
		break;
	case MW_T_ORDER_QUERY:
		gw_svc_order_query(c, p, len);
		break;
	}
}

/* gw_svc_ask_store - a request to the store, or NULL (told "busy"). */
static struct gw_svc_req *
gw_svc_ask_store(struct gw_conn *c, enum gw_svc_kind kind, uint16_t type,
    const void *body, size_t len)
{
	uint32_t		 timeout = wrk_cfg()->ipc_request_timeout_ms;
	struct wrk_link		*l = wrk_link_find(MS_ROLE_STORE, 0);
	struct gw_svc_req	*r;

	if (l == NULL || (r = gw_svc_add(svc, c->sid, kind,
	    gw_now() + timeout)) == NULL) {
		gw_svc_busy(c);
		return NULL;
	}
	if (wrk_send(l, type, r->reqid, body, len) == -1) {
		gw_svc_del(svc, r);
		gw_svc_busy(c);
		return NULL;
	}
	r->store = l;
	wrk_wakeup_in(timeout);
	return r;
}

/*
 * gw_svc_ask_rooms - f to every room worker that is up.  Nobody to ask
 * (no worker, no id): answered at once, empty.
 */
static void
gw_svc_ask_rooms(struct gw_svc_req *r, uint16_t type,
    const struct ms_room_find *f)
{
	uint32_t	 timeout = wrk_cfg()->ipc_request_timeout_ms;
	struct wrk_link	*l;
	struct gw_conn	*c;
	uint32_t	 w;
	size_t		 i;

	if (gw_svc_rooms(r, type, f->max) == -1) {
		log_warn("service request");
		if ((c = gw_svc_conn(r->sid)) != NULL)
			gw_svc_busy(c);
		gw_svc_del(svc, r);
		return;
	}
	for (i = 0; f->max > 0 && (f->kind != MS_FIND_IDS || f->nids > 0) &&
	    i < wrk_link_count(); i++) {
		l = wrk_link_at(i);
		w = wrk_link_peer_index(l);
		if (wrk_link_peer_role(l) != MS_ROLE_ROOM || !wrk_link_up(l) ||
		    w >= MS_CFG_WORKERS_MAX || (r->waiting & (1u << w)))
			continue;
		if (wrk_send(l, MS_ROOM_FIND, r->reqid, f, sizeof(*f)) == 0)
			r->waiting |= 1u << w;
	}
	if (r->waiting == 0) {
		gw_svc_finish(r);
		return;
	}
	gw_svc_deadline(svc, r, gw_now() + timeout);
	wrk_wakeup_in(timeout);
}

static void
gw_svc_info_query(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_player_info_query	q;
	struct ms_pst_info		m;
	int				rc;

	if ((rc = mw_decode_player_info_query(p, len, &q)) != MW_OK) {
		gw_conn_drop(c, GW_DROP_INPUT, "bad player info query: %s",
		    mw_strerror(rc));
		return;
	}
	memset(&m, 0, sizeof(m));
	m.sid = c->sid;
	m.user_id = c->user_id;
	m.target = q.player_id;
	(void)gw_svc_ask_store(c, GW_SVC_INFO, MS_PST_INFO, &m, sizeof(m));
}

/* 122: stored for registered players; no answer either way. */
static void
gw_svc_profile(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_update_player_information	u;
	struct ms_pst_profile			m;
	struct wrk_link				*l;
	int					rc;

	if ((rc = mw_decode_update_player_information(p, len, &u)) != MW_OK) {
		gw_conn_drop(c, GW_DROP_INPUT, "bad player information: %s",
		    mw_strerror(rc));
		return;
	}
	if (c->uflags & MS_USER_GUEST)
		return;
	memset(&m, 0, sizeof(m));
	m.user_id = c->user_id;
	ms_strlcpy(m.city, u.city, sizeof(m.city));
	ms_strlcpy(m.state, u.state, sizeof(m.state));
	ms_strlcpy(m.country, u.country, sizeof(m.country));
	ms_strlcpy(m.quote, u.quote, sizeof(m.quote));
	if ((l = wrk_link_find(MS_ROLE_STORE, 0)) == NULL ||
	    wrk_send(l, MS_PST_PROFILE, 0, &m, sizeof(m)) == -1)
		gw_svc_busy(c);
}

/* 117: rooms only.  An empty fragment finds nobody. */
static void
gw_svc_search(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct ms_room_find	 f;
	struct gw_svc_req	*r;
	struct mw_text		 t;
	int			 rc;

	if ((rc = mw_decode_player_search_query(p, len, &t)) != MW_OK) {
		gw_conn_drop(c, GW_DROP_INPUT, "bad player search: %s",
		    mw_strerror(rc));
		return;
	}
	if (t.text[0] == '\0') {
		gw_send_empty(c, MW_T_PLAYER_SEARCH_LIST);
		return;
	}
	if ((r = gw_svc_add(svc, c->sid, GW_SVC_SEARCH, gw_now())) == NULL) {
		gw_svc_busy(c);
		return;
	}
	memset(&f, 0, sizeof(f));
	f.kind = MS_FIND_NAME;
	f.max = wrk_cfg()->search_results;
	ms_strlcpy(f.name, t.text, sizeof(f.name));
	gw_svc_ask_rooms(r, MW_T_PLAYER_SEARCH_LIST, &f);
}

/* 118: the store's list, then who of it is in a room. */
static void
gw_svc_buddy_query(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct ms_pst_buddy_rep	none;
	struct ms_pst_buddy	m;

	if (mw_decode_buddy_query(p, len) != MW_OK)
		log_debug("client %u: buddy query with %zu bytes", c->sid, len);
	if (c->uflags & MS_USER_GUEST) {
		memset(&none, 0, sizeof(none));
		gw_send_empty(c, MW_T_BUDDY_LIST);
		gw_svc_send_19(c, &none);
		return;
	}
	memset(&m, 0, sizeof(m));
	m.sid = c->sid;
	m.user_id = c->user_id;
	m.op = MS_BUDDY_QUERY;
	(void)gw_svc_ask_store(c, GW_SVC_BUDDIES, MS_PST_BUDDY, &m,
	    sizeof(m));
}

/* 120 */
static void
gw_svc_buddy_update(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_update_buddy	u;
	struct ms_pst_buddy	m;
	int			rc;

	if ((rc = mw_decode_update_buddy(p, len, &u)) != MW_OK) {
		gw_conn_drop(c, GW_DROP_INPUT, "bad update buddy: %s",
		    mw_strerror(rc));
		return;
	}
	if (c->uflags & MS_USER_GUEST) {
		gw_send_text(c, MW_T_MESSAGE_OF_THE_DAY, GW_SVC_GUEST);
		return;
	}
	memset(&m, 0, sizeof(m));
	m.sid = c->sid;
	m.user_id = c->user_id;
	m.buddy_id = (uint32_t)u.buddy_id;
	m.op = u.add ? MS_BUDDY_ADD : MS_BUDDY_REMOVE;
	(void)gw_svc_ask_store(c, GW_SVC_BUDDY, MS_PST_BUDDY, &m, sizeof(m));
}

/* 119: the store's member list, then who of it is in a room. */
static void
gw_svc_order_query(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct ms_pst_order	m;

	if (mw_decode_order_query(p, len) != MW_OK)
		log_debug("client %u: order query with %zu bytes", c->sid, len);
	if (c->uflags & MS_USER_GUEST) {
		gw_send_empty(c, MW_T_ORDER_LIST);
		return;
	}
	m.sid = c->sid;
	m.user_id = c->user_id;
	(void)gw_svc_ask_store(c, GW_SVC_ORDER, MS_PST_ORDER, &m, sizeof(m));
}

/* --- replies --- */

static void
gw_svc_send_19(struct gw_conn *c, const struct ms_pst_buddy_rep *rep)
{
	struct mw_buddy_list	b;
	uint8_t			*pkt;
	size_t			n;

	gw_svc_buddies(rep, &b);
	if ((pkt = gw_pkt_begin(c, 8 * MW_BUDDIES)) != NULL &&
	    mw_encode_update_player_buddy_list(pkt, GW_PKT_CAP(8 * MW_BUDDIES),
	    &n, &b) == MW_OK)
		gw_pkt_end(c, pkt, n);
}

static void
gw_svc_send_20(struct gw_conn *c, const struct ms_pst_order_rep *rep)
{
	struct mw_order_member	v[MS_ORDER_MEMBERS_MAX];
	size_t			cap = 4 + 8 * MS_ORDER_MEMBERS_MAX;
	size_t			nv, n;
	uint8_t			*pkt;

	nv = gw_svc_members(rep, v, MS_ORDER_MEMBERS_MAX);
	if ((pkt = gw_pkt_begin(c, cap)) != NULL &&
	    mw_encode_update_order_member_list(pkt, GW_PKT_CAP(cap), &n, v,
	    nv) == MW_OK)
		gw_pkt_end(c, pkt, n);
}

/* gw_svc_finish - the collected entries (and 19 or 20) to the asker. */
static void
gw_svc_finish(struct gw_svc_req *r)
{
	struct gw_conn	*c = gw_svc_conn(r->sid);
	const uint8_t	*p;
	size_t		 len;

	if (c != NULL) {
		p = gw_svc_list(r, &len);
		gw_send_raw(c, r->type, p, len);
		if (r->kind == GW_SVC_BUDDIES)
			gw_svc_send_19(c, &r->kept.buddy);
		else if (r->kind == GW_SVC_ORDER)
			gw_svc_send_20(c, &r->kept.order);
	}
	gw_svc_del(svc, r);
}

void
gw_svc_reply(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	struct gw_svc_req	*r;
	uint32_t		 sid;
	int			 kind_ok;

	if (h->type == MS_GW_PUSH) {
		gw_svc_push(p);
		return;
	}
	if (h->type == MS_ROOM_FIND_REP) {
		gw_svc_found(l, h, p);
		return;
	}
	memcpy(&sid, p, sizeof(sid));	/* every store reply begins so */
	r = gw_svc_find(svc, h->reqid);
	kind_ok = r != NULL && ((h->type == MS_PST_INFO_REP &&
	    r->kind == GW_SVC_INFO) || (h->type == MS_PST_BUDDY_REP &&
	    (r->kind == GW_SVC_BUDDIES || r->kind == GW_SVC_BUDDY)) ||
	    (h->type == MS_PST_ORDER_REP && r->kind == GW_SVC_ORDER));
	if (!kind_ok || r->rooms || r->store != l || r->sid != sid) {
		log_debug("%s from %s: no request %08x for sid %u",
		    ms_msg_name(h->type), wrk_link_name(l), h->reqid, sid);
		return;
	}
	if (h->type == MS_PST_INFO_REP)
		gw_svc_info_rep(r, p);
	else if (h->type == MS_PST_BUDDY_REP)
		gw_svc_buddy_rep(r, p);
	else
		gw_svc_order_rep(r, p);
}

/* code 1 (no such player): no answer, as GoS does. */
static void
gw_svc_info_rep(struct gw_svc_req *r, const void *p)
{
	struct ms_pst_info_rep	 rep;
	struct mw_player_info	 pi;
	struct gw_conn		*c = gw_svc_conn(r->sid);
	uint8_t			*pkt;
	size_t			 n;

	gw_svc_del(svc, r);
	memcpy(&rep, p, sizeof(rep));
	if (c == NULL || rep.code != 0)
		return;
	gw_svc_info(&rep, &pi);
	if ((pkt = gw_pkt_begin(c, GW_SVC_INFO_MAX)) == NULL)
		return;
	if (mw_encode_player_info(pkt, GW_PKT_CAP(GW_SVC_INFO_MAX), &n,
	    &pi) != MW_OK) {
		log_warnx("player info of user %u does not encode",
		    rep.target);
		return;
	}
	gw_pkt_end(c, pkt, n);
}

/* 120: 19 or why not; 118: the rooms are asked next (or an empty 15). */
static void
gw_svc_buddy_rep(struct gw_svc_req *r, const void *p)
{
	struct ms_pst_buddy_rep	 *rep = &r->kept.buddy;
	struct gw_conn		 *c = gw_svc_conn(r->sid);
	struct ms_room_find	  f;
	uint32_t		  i;

	memcpy(rep, p, sizeof(*rep));
	rep->text[sizeof(rep->text) - 1] = '\0';
	if (rep->n > MS_BUDDIES_MAX)
		rep->n = MS_BUDDIES_MAX;
	if (c != NULL && r->kind == GW_SVC_BUDDY) {
		if (rep->code == 0)
			gw_svc_send_19(c, rep);
		else
			gw_send_text(c, MW_T_MESSAGE_OF_THE_DAY,
			    rep->text[0] != '\0' ? rep->text :
			    GW_SVC_UNCHANGED);
	} else if (c != NULL && rep->code != 0) {
		gw_send_empty(c, MW_T_BUDDY_LIST);
		if (rep->text[0] != '\0')
			gw_send_text(c, MW_T_MESSAGE_OF_THE_DAY, rep->text);
	}
	if (c == NULL || r->kind == GW_SVC_BUDDY || rep->code != 0) {
		gw_svc_del(svc, r);
		return;
	}
	memset(&f, 0, sizeof(f));
	f.kind = MS_FIND_IDS;
	f.max = MS_BUDDIES_MAX;
	for (i = 0; i < rep->n; i++)
		if (rep->buddies[i].id != 0)
			f.ids[f.nids++] = rep->buddies[i].id;
	gw_svc_ask_rooms(r, MW_T_BUDDY_LIST, &f);
}

/* code 1 (in no order), or any refusal: an empty 16. */
static void
gw_svc_order_rep(struct gw_svc_req *r, const void *p)
{
	struct ms_pst_order_rep	*rep = &r->kept.order;
	struct gw_conn		*c = gw_svc_conn(r->sid);
	struct ms_room_find	 f;
	uint32_t		 i;

	memcpy(rep, p, sizeof(*rep));
	if (rep->n > MS_ORDER_MEMBERS_MAX)
		rep->n = MS_ORDER_MEMBERS_MAX;
	if (c == NULL || rep->code != 0) {
		if (c != NULL)
			gw_send_empty(c, MW_T_ORDER_LIST);
		gw_svc_del(svc, r);
		return;
	}
	memset(&f, 0, sizeof(f));
	f.kind = MS_FIND_IDS;
	f.max = rep->n;
	for (i = 0; i < rep->n && f.nids < MS_FIND_IDS_MAX; i++)
		if (rep->members[i].id != 0)
			f.ids[f.nids++] = rep->members[i].id;
	gw_svc_ask_rooms(r, MW_T_ORDER_LIST, &f);
}

static void
gw_svc_found(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	struct gw_svc_req	*r = gw_svc_find(svc, h->reqid);
	int			 rc = -1;

	if (r != NULL && wrk_link_peer_role(l) == MS_ROLE_ROOM)
		rc = gw_svc_collect(r, wrk_link_peer_index(l), p, h->len);
	if (rc == -1)
		log_debug("%s from %s: no request %08x waits for it, or "
		    "malformed", ms_msg_name(h->type), wrk_link_name(l),
		    h->reqid);
	else if (rc == 1)
		gw_svc_finish(r);
}

/* MS_GW_PUSH: only to a session in a room that listens (README 9.10). */
static void
gw_svc_push(const void *p)
{
	struct ms_gw_push	 m;
	struct gw_conn		*c;

	memcpy(&m, p, sizeof(m));
	if (m.len > MS_PUSH_MAX) {
		log_warnx("push of %u bytes for sid %u dropped", m.len,
		    m.sid);
		return;
	}
	if ((c = gw_svc_conn(m.sid)) == NULL || c->mode != 0) {
		log_debug("push of packet %u for sid %u dropped: not in a "
		    "room, or deaf", m.type, m.sid);
		return;
	}
	gw_send_raw(c, m.type, m.payload, m.len);
}

/* --- deadlines and peers --- */

/* gw_svc_tick - rooms that did not answer in time are done without. */
int64_t
gw_svc_tick(uint64_t now_ms)
{
	struct gw_svc_req	*r;
	uint64_t		 dl, next = UINT64_MAX;
	uint32_t		 i;

	if (svc == NULL)
		return -1;
	for (i = 0; i < wrk_req_cap(svc); i++) {
		if ((r = gw_svc_at(svc, i, &dl)) == NULL)
			continue;
		if (dl > now_ms) {
			if (dl < next)
				next = dl;
			continue;
		}
		if (r->rooms) {
			gw_svc_finish(r);
			continue;
		}
		if (gw_log_ok())
			log_info("client %u: service request got no answer "
			    "from the store in time", r->sid);
		gw_svc_del(svc, r);
	}
	return next == UINT64_MAX ? -1 : (int64_t)(next - now_ms);
}

/*
 * gw_svc_link_reset - what l's peer may never answer: a room worker's
 * part of a collection is given up, a store request dropped.
 */
void
gw_svc_link_reset(struct wrk_link *l)
{
	struct gw_svc_req	*r;
	uint32_t		 i, w = wrk_link_peer_index(l);
	int			 room;

	if (svc == NULL)
		return;
	room = wrk_link_peer_role(l) == MS_ROLE_ROOM;
	for (i = 0; i < wrk_req_cap(svc); i++) {
		if ((r = gw_svc_at(svc, i, NULL)) == NULL)
			continue;
		if (!r->rooms && r->store == l)
			gw_svc_del(svc, r);
		else if (r->rooms && room && w < MS_CFG_WORKERS_MAX &&
		    (r->waiting & (1u << w)) && gw_svc_done(r, w))
			gw_svc_finish(r);
	}
}
