/*
 * pst_social.c - the player-service requests from the gateways: info
 * (MS_PST_INFO), profile (MS_PST_PROFILE, no reply), buddies
 * (MS_PST_BUDDY) and the order (MS_PST_ORDER).  The answers are built
 * by pst_info.c; this file sends them with the request's reqid on its
 * link, and tells a buddy who is online that somebody took it up or
 * dropped it (a blue line, packet 10).
 */
#include <string.h>

#include "log.h"
#include "macroman.h"
#include "pst.h"
#include "worker.h"

static void	pst_utf8_field(const char *, size_t, char *, size_t);
static void	pst_buddy_tell(const struct ms_pst_buddy *);

void
pst_info(struct wrk_link *l, const struct ms_hdr *h,
    const struct ms_pst_info *q)
{
	static struct ms_pst_info_rep	r;	/* 1.5 KiB: off the stack */

	if (pst.ladder_users < 0)
		pst.ladder_users = pst_db_ladder_users(pst.db);
	if (pst_info_build(pst.db, pst.pres, q->target,
	    pst.ladder_users < 0 ? 0 : (uint32_t)pst.ladder_users, &r) == -1) {
		log_warnx("store: INFO about %u: database error", q->target);
		memset(&r, 0, sizeof(r));
		r.code = 1;
		r.target = q->target;
		r.order = -1;
	}
	r.sid = q->sid;
	if (wrk_send(l, MS_PST_INFO_REP, h->reqid, &r, sizeof(r)) == -1)
		log_warnx("store: INFO reply for sid %u lost", q->sid);
}

/* A MacRoman field of cap bytes, maybe unterminated, to UTF-8. */
static void
pst_utf8_field(const char *mac, size_t cap, char *out, size_t outcap)
{
	(void)ms_macroman_to_utf8((const uint8_t *)mac, strnlen(mac, cap),
	    out, outcap, NULL);
}

/* Guests and unknown ids have no profile to keep: silently ignored. */
void
pst_profile(struct wrk_link *l, const struct ms_pst_profile *q)
{
	static struct pst_profile	p;

	if (q->user_id < 1 || q->user_id > PST_ID_MAX)
		return;
	pst_utf8_field(q->city, sizeof(q->city), p.city, sizeof(p.city));
	pst_utf8_field(q->state, sizeof(q->state), p.state, sizeof(p.state));
	pst_utf8_field(q->country, sizeof(q->country), p.country,
	    sizeof(p.country));
	pst_utf8_field(q->quote, sizeof(q->quote), p.quote, sizeof(p.quote));
	if (pst_db_profile_put(pst.db, q->user_id, &p) == -1)
		log_warnx("store: profile of user %u from %s not stored",
		    q->user_id, wrk_link_name(l));
}

/* README 12.4: Bungie told the buddy with a blue line. */
static void
pst_buddy_tell(const struct ms_pst_buddy *q)
{
	struct pst_account	a;
	struct pst_push_msg	m;
	char			text[MS_TEXT_MAX];

	if (pst_db_acct_by_id(pst.db, q->user_id, &a) != 0)
		return;
	if (q->op == MS_BUDDY_ADD)
		pst_text(text, sizeof(text), "%s wants to be your buddy!",
		    a.name);
	else
		pst_text(text, sizeof(text), "%s no longer wants to be your "
		    "buddy.", a.name);
	if (pst_push_motd(pst.pres, q->buddy_id, text, &m) == 0)
		pst_push_send(&m, NULL);
}

void
pst_buddy(struct wrk_link *l, const struct ms_hdr *h,
    const struct ms_pst_buddy *q)
{
	struct ms_pst_buddy_rep	r;
	int			changed;

	if (pst_buddy_do(pst.db, pst.pres, q, &r, &changed) == -1)
		log_warnx("store: BUDDY %u of user %u: database error", q->op,
		    q->user_id);
	if (wrk_send(l, MS_PST_BUDDY_REP, h->reqid, &r, sizeof(r)) == -1)
		log_warnx("store: BUDDY reply for sid %u lost", q->sid);
	if (changed)
		pst_buddy_tell(q);
}

void
pst_order(struct wrk_link *l, const struct ms_hdr *h,
    const struct ms_pst_order *q)
{
	struct ms_pst_order_rep	r;

	if (pst_order_do(pst.db, pst.pres, q->user_id, &r) == -1)
		log_warnx("store: ORDER of user %u: database error",
		    q->user_id);
	r.sid = q->sid;
	if (wrk_send(l, MS_PST_ORDER_REP, h->reqid, &r, sizeof(r)) == -1)
		log_warnx("store: ORDER reply for sid %u lost", q->sid);
}
