/*
 * pst_claim.c - MS_PST_CLAIM and MS_PST_RELEASE: sessions entering and
 * leaving rooms, recorded in the presence table.  A claim is checked
 * against the bans again (they may be newer than the login) and then
 * against the duplicate-login policy.  Claims are idempotent per
 * (gateway, sid), so resends and the replays a gateway sends after a
 * store restart (MS_SESS_REPLAY) need no special case: they land in the
 * same code and, for the same session, only refresh its entry.  An
 * account's first session and its last release are what its buddies
 * and its order hear about (pst_online.c); a replaced session is
 * neither.
 */
#include <string.h>

#include "config.h"
#include "log.h"
#include "pst.h"
#include "worker.h"

static void	pst_claim_reply(struct wrk_link *, uint32_t, uint32_t, int32_t,
		    const char *);
static int	pst_claim_valid(const struct ms_pst_claim *);
static int	pst_claim_bans(struct wrk_link *, const struct ms_hdr *,
		    const struct ms_pst_claim *);
static void	pst_claim_record(struct wrk_link *, const struct ms_hdr *,
		    const struct ms_pst_claim *);

static void
pst_claim_reply(struct wrk_link *l, uint32_t reqid, uint32_t sid,
    int32_t code, const char *text)
{
	struct ms_pst_claim_rep	r;

	memset(&r, 0, sizeof(r));
	r.sid = sid;
	r.code = code;
	/* Ban sentences arrive converted already; the rest is ASCII. */
	memcpy(r.text, text, strnlen(text, sizeof(r.text) - 1));
	if (wrk_send(l, MS_PST_CLAIM_REP, reqid, &r, sizeof(r)) == -1)
		log_warnx("store: CLAIM reply for sid %u lost", sid);
}

static int
pst_claim_valid(const struct ms_pst_claim *c)
{
	if (c->user_id == 0 ||
	    strnlen(c->username, sizeof(c->username)) == sizeof(c->username))
		return 0;
	if (c->flags & MS_USER_GUEST)
		return c->user_id >= PST_GUEST_MIN;
	return c->user_id <= PST_ID_MAX;
}

/* 0 when the session may go on; otherwise it has been answered. */
static int
pst_claim_bans(struct wrk_link *l, const struct ms_hdr *h,
    const struct ms_pst_claim *c)
{
	struct pst_account	 acct;
	struct pst_ban		 ban;
	char			 text[MS_TEXT_MAX];
	const char		*key = NULL;
	int			 rc = 0;

	if (!(c->flags & MS_USER_GUEST)) {
		rc = pst_db_acct_by_id(pst.db, c->user_id, &acct);
		key = acct.key;
	}
	if (rc == 0 && (rc = pst_banned(key, c->ipv4, &ban)) == 1)
		return 0;
	if (pst_pres_release(pst.pres, c->user_id, wrk_link_peer_index(l),
	    c->sid) == 1)
		pst_push_offline(c->user_id);
	if (rc == 0) {
		pst_ban_text(text, sizeof(text), &ban);
		pst_claim_reply(l, h->reqid, c->sid, 14, text);
	} else if (rc == 1)
		pst_claim_reply(l, h->reqid, c->sid, 3,
		    "This account no longer exists.");
	else
		pst_claim_reply(l, h->reqid, c->sid, PST_CODE_BUSY,
		    "The server is busy, please try again later.");
	return -1;
}

static void
pst_claim_record(struct wrk_link *l, const struct ms_hdr *h,
    const struct ms_pst_claim *c)
{
	struct pst_pres_ent	e, old;

	memset(&e, 0, sizeof(e));
	e.user_id = c->user_id;
	e.gw = wrk_link_peer_index(l);
	e.sid = c->sid;
	e.room_id = c->room_id;
	e.ipv4 = c->ipv4;
	e.flags = c->flags & ~MS_SESS_REPLAY;
	memcpy(e.name, c->username, sizeof(e.name));
	switch (pst_pres_claim(pst.pres, wrk_cfg()->duplicate_login, &e,
	    &old)) {
	case PST_CLAIM_NEW:
		pst_claim_reply(l, h->reqid, c->sid, 0, "");
		pst_push_online(c->user_id);
		break;
	case PST_CLAIM_SAME:
		pst_claim_reply(l, h->reqid, c->sid, 0, "");
		break;
	case PST_CLAIM_KICKED:
		pst_kick(&old, 6, "This account logged in elsewhere.");
		pst_claim_reply(l, h->reqid, c->sid, 0, "");
		break;
	case PST_CLAIM_REFUSED:
		pst_claim_reply(l, h->reqid, c->sid, 12,
		    "This account is already logged in!");
		break;
	case PST_CLAIM_FULL:
		log_warnx("store: presence table full (%u sessions)",
		    pst_pres_count(pst.pres));
		pst_claim_reply(l, h->reqid, c->sid, 13, "The server is full.");
		break;
	}
}

void
pst_claim(struct wrk_link *l, const struct ms_hdr *h,
    const struct ms_pst_claim *c)
{
	if (!pst_claim_valid(c)) {
		log_warnx("store: malformed CLAIM from %s (sid %u, user %u, "
		    "flags %#x)", wrk_link_name(l), c->sid, c->user_id,
		    c->flags);
		pst_claim_reply(l, h->reqid, c->sid, 3, "Invalid session.");
		return;
	}
	if (pst_claim_bans(l, h, c) == 0)
		pst_claim_record(l, h, c);
}

void
pst_release(struct wrk_link *l, const struct ms_pst_release *r)
{
	if (pst_pres_release(pst.pres, r->user_id, wrk_link_peer_index(l),
	    r->sid) == 1)
		pst_push_offline(r->user_id);
	else
		log_debug("store: RELEASE of user %u sid %u from %s: not its "
		    "session (replaced, or never claimed)", r->user_id, r->sid,
		    wrk_link_name(l));
}
