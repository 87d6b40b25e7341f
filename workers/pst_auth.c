/*
 * pst_auth.c - MS_PST_AUTH: the end of a client's login.  Guests are
 * checked on the loop at once; a registered user's password goes to the
 * argon2id pool and the request finishes in pst_auth_done() on the loop.
 * Every request is answered exactly once, with the gateway's reqid, on
 * the link it came from.  Codes: 0, 1 (busy or server error), 3, 6, 14,
 * 16, 17 (protocol README 8.10); texts are MacRoman, < MS_TEXT_MAX.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "macroman.h"
#include "pst.h"
#include "worker.h"

#define PST_T_BUSY	"The server is busy, please try again later."
#define PST_T_BADPW	"Incorrect user name or password."

/* A login waiting for its password check; owned by the hash job. */
struct pst_auth_req {
	struct wrk_link	*link;
	uint32_t	 reqid;
	uint32_t	 sid;
	uint32_t	 ipv4;
	int64_t		 user_id;
	char		 name[PST_UTF8_MAX];	/* for the log */
};

static void	pst_auth_reply(struct wrk_link *, uint32_t, uint32_t, int32_t,
		    const char *);
static void	pst_auth_ok(struct wrk_link *, uint32_t, uint32_t, uint32_t,
		    uint32_t, int, int);
static void	pst_auth_guest(struct wrk_link *, const struct ms_hdr *,
		    const struct ms_pst_auth *, const struct pst_name *);
static void	pst_auth_user(struct wrk_link *, const struct ms_hdr *,
		    const struct ms_pst_auth *, const struct pst_name *);
static void	pst_auth_done(int, const char *, void *);
static void	pst_auth_finish(const struct pst_auth_req *);
static void	pst_auth_banned(struct wrk_link *, uint32_t, uint32_t,
		    const struct pst_ban *);

static void
pst_auth_reply(struct wrk_link *l, uint32_t reqid, uint32_t sid,
    int32_t code, const char *text)
{
	struct ms_pst_auth_rep	r;

	memset(&r, 0, sizeof(r));
	r.sid = sid;
	r.code = code;
	r.order = -1;
	r.caste = -1;
	pst_text(r.text, sizeof(r.text), "%s", text);
	if (wrk_send(l, MS_PST_AUTH_REP, reqid, &r, sizeof(r)) == -1)
		log_warnx("store: AUTH reply for sid %u lost", sid);
}

static void
pst_auth_ok(struct wrk_link *l, uint32_t reqid, uint32_t sid, uint32_t uid,
    uint32_t flags, int order, int caste)
{
	struct ms_pst_auth_rep	r;

	memset(&r, 0, sizeof(r));
	r.sid = sid;
	r.user_id = uid;
	r.flags = flags;
	r.order = (int16_t)(order >= -1 && order <= INT16_MAX ? order : -1);
	r.caste = (int16_t)(caste >= -1 && caste <= INT16_MAX ? caste : -1);
	if (wrk_send(l, MS_PST_AUTH_REP, reqid, &r, sizeof(r)) == -1)
		log_warnx("store: AUTH reply for sid %u lost", sid);
}

static void
pst_auth_banned(struct wrk_link *l, uint32_t reqid, uint32_t sid,
    const struct pst_ban *b)
{
	struct ms_pst_auth_rep	r;

	memset(&r, 0, sizeof(r));
	r.sid = sid;
	r.code = 14;
	r.order = -1;
	r.caste = -1;
	pst_ban_text(r.text, sizeof(r.text), b);
	if (wrk_send(l, MS_PST_AUTH_REP, reqid, &r, sizeof(r)) == -1)
		log_warnx("store: AUTH reply for sid %u lost", sid);
}

/*
 * pst_auth - exactly once: a gateway that restarts, or times a request
 * out, asks again with a new reqid.  AUTH changes nothing but
 * last_login and the guest sequence, so running it twice is harmless
 * (at worst a guest id is skipped); presence is only recorded by CLAIM,
 * which is idempotent per (gateway, sid).  A late reply for a reqid the
 * gateway forgot is dropped by its request table.
 */
void
pst_auth(struct wrk_link *l, const struct ms_hdr *h,
    const struct ms_pst_auth *a)
{
	struct pst_name	nm;
	char		safe[4 * MS_NAME_MAX];

	if (pst_name_client(a->username, sizeof(a->username), &nm) == -1) {
		(void)ms_macroman_sanitize((const uint8_t *)a->username,
		    sizeof(a->username), safe, sizeof(safe), NULL);
		log_debug("store: login of sid %u from %s refused: invalid "
		    "name \"%s\"", a->sid, wrk_link_name(l), safe);
		pst_auth_reply(l, h->reqid, a->sid, 3, "Invalid user name.");
		return;
	}
	if (a->flags & MS_USER_GUEST)
		pst_auth_guest(l, h, a, &nm);
	else
		pst_auth_user(l, h, a, &nm);
}

static void
pst_auth_guest(struct wrk_link *l, const struct ms_hdr *h,
    const struct ms_pst_auth *a, const struct pst_name *nm)
{
	struct pst_account	acct;
	struct pst_ban		ban;
	uint32_t		id;
	int			rc;

	if (!wrk_cfg()->allow_guests) {
		pst_auth_reply(l, h->reqid, a->sid, 16,
		    "Guests are not allowed on this server.");
		return;
	}
	if ((rc = pst_db_acct_get(pst.db, nm->key, &acct)) == 0) {
		pst_auth_reply(l, h->reqid, a->sid, 17,
		    "That name belongs to a registered player.");
		return;
	}
	if (rc == -1 || (rc = pst_banned(NULL, a->ipv4, &ban)) == -1 ||
	    (rc == 1 && pst_guest_next(pst.db, &pst.guest, &id) == -1)) {
		pst_auth_reply(l, h->reqid, a->sid, PST_CODE_BUSY, PST_T_BUSY);
		return;
	}
	if (rc == 0) {
		pst_auth_banned(l, h->reqid, a->sid, &ban);
		return;
	}
	log_debug("store: guest \"%s\" is %08x (sid %u)", nm->utf8, id,
	    a->sid);
	pst_auth_ok(l, h->reqid, a->sid, id, MS_USER_GUEST, -1, -1);
}

static void
pst_auth_user(struct wrk_link *l, const struct ms_hdr *h,
    const struct ms_pst_auth *a, const struct pst_name *nm)
{
	struct pst_account	 acct;
	struct pst_auth_req	*q;
	size_t			 pwlen;
	int			 rc;

	pwlen = strnlen(a->password, sizeof(a->password));
	if ((rc = pst_db_acct_get(pst.db, nm->key, &acct)) == 1 ||
	    pwlen == 0 || pwlen == sizeof(a->password)) {
		log_debug("store: login of \"%s\" refused: %s", nm->utf8,
		    rc == 1 ? "no such account" : "no password");
		pst_auth_reply(l, h->reqid, a->sid, 3, PST_T_BADPW);
		return;
	}
	if (rc == -1 || (q = calloc(1, sizeof(*q))) == NULL) {
		pst_auth_reply(l, h->reqid, a->sid, PST_CODE_BUSY, PST_T_BUSY);
		return;
	}
	q->link = l;
	q->reqid = h->reqid;
	q->sid = a->sid;
	q->ipv4 = a->ipv4;
	q->user_id = acct.id;
	memcpy(q->name, nm->utf8, sizeof(q->name));
	if (pst_hash_verify(pst.hash, acct.pw_hash,
	    (const uint8_t *)a->password, pwlen, pst_auth_done, q) == -1) {
		free(q);
		log_info("store: login of \"%s\" refused: hash queue full",
		    nm->utf8);
		pst_auth_reply(l, h->reqid, a->sid, PST_CODE_BUSY, PST_T_BUSY);
	}
}

static void
pst_auth_done(int result, const char *hash, void *arg)
{
	struct pst_auth_req	*q = arg;

	(void)hash;
	if (result == PST_HASH_OK && !pst.stopping)
		pst_auth_finish(q);
	else if (result == PST_HASH_MISMATCH || result == PST_HASH_ERROR) {
		log_debug("store: login of \"%s\" refused: wrong password",
		    q->name);
		pst_auth_reply(q->link, q->reqid, q->sid, 3, PST_T_BADPW);
	} else
		pst_auth_reply(q->link, q->reqid, q->sid, PST_CODE_BUSY,
		    PST_T_BUSY);
	free(q);
}

/* The account is read again: an admin may have changed it meanwhile. */
static void
pst_auth_finish(const struct pst_auth_req *q)
{
	struct pst_account	acct;
	struct pst_rating	g;
	struct pst_ban		ban;
	int			rc;

	if ((rc = pst_db_acct_by_id(pst.db, q->user_id, &acct)) == 1) {
		pst_auth_reply(q->link, q->reqid, q->sid, 3, PST_T_BADPW);
		return;
	}
	if (rc == 0 && (rc = pst_banned(acct.key, q->ipv4, &ban)) == 0) {
		log_info("store: login of \"%s\" refused: banned", q->name);
		pst_auth_banned(q->link, q->reqid, q->sid, &ban);
		return;
	}
	if (rc == 1 && wrk_cfg()->duplicate_login == MS_DUP_REFUSE_NEW &&
	    pst_pres_get(pst.pres, (uint32_t)acct.id) != NULL) {
		pst_auth_reply(q->link, q->reqid, q->sid, 6,
		    "This account is already logged in.");
		return;
	}
	if (rc == -1 || (rc = pst_db_acct_login(pst.db, acct.id,
	    pst_wallclock())) != 0) {
		pst_auth_reply(q->link, q->reqid, q->sid,
		    rc == 1 ? 3 : PST_CODE_BUSY, rc == 1 ? PST_T_BADPW :
		    PST_T_BUSY);
		return;
	}
	log_debug("store: \"%s\" (id %lld) logged in, sid %u", acct.name,
	    (long long)acct.id, q->sid);
	/* Never rated (or a read error): no caste icon, not a refusal. */
	if (pst_rating_get(pst.db, acct.id, &g) != 0)
		g.caste = -1;
	pst_auth_ok(q->link, q->reqid, q->sid, (uint32_t)acct.id,
	    acct.admin ? MS_USER_ADMIN : 0, acct.order, g.caste);
}
