/*
 * pst_push.c - who must hear that an account came or went (protocol
 * README 12.4, 12.5), decided from the database and the presence table
 * alone: every online account that lists it gets its own buddy list
 * again (19), every online member of its order the member list (20).
 * The packets are encoded here with the wire encoders; the caller's
 * function sends them (pst_online.c) or, in the tests, keeps them.
 */
#include <string.h>

#include "pst.h"
#include "wire.h"

#define PST_ENC_CAP	(MS_PUSH_MAX + MW_HEADER_SIZE + MW_CIPHER_OVERHEAD)

struct pst_plan {
	struct pst_db		*db;
	const struct pst_pres	*pres;
	uint32_t		 user_id;
	pst_push_fn		*fn;
	void			*arg;
	int			 rc;
};

static int	pst_push_to(const struct pst_pres *, uint32_t, uint16_t,
		    const uint8_t *, size_t, struct pst_push_msg *);
static int	pst_push_buddies(struct pst_db *, const struct pst_pres *,
		    uint32_t, int, pst_push_fn *, void *);
static int	pst_owner_cb(int64_t, void *);
static int	pst_order_to(struct pst_db *, const struct pst_pres *, int64_t,
		    uint32_t, uint32_t, pst_push_fn *, void *);

/*
 * pst_push_to - the packet enc (a whole wire packet) for user's session,
 * without its header; 1 when user is not online.
 */
static int
pst_push_to(const struct pst_pres *pres, uint32_t user, uint16_t type,
    const uint8_t *enc, size_t len, struct pst_push_msg *m)
{
	const struct pst_pres_ent	*e;

	if ((e = pst_pres_get(pres, user)) == NULL)
		return 1;
	if (len < MW_HEADER_SIZE || len - MW_HEADER_SIZE > MS_PUSH_MAX)
		return -1;
	memset(m, 0, sizeof(*m));
	m->user_id = user;
	m->gw = e->gw;
	m->sid = e->sid;
	m->type = type;
	m->len = (uint16_t)(len - MW_HEADER_SIZE);
	memcpy(m->payload, enc + MW_HEADER_SIZE, m->len);
	return 0;
}

/* owner's whole list, with states, to owner if online (and not empty). */
static int
pst_push_buddies(struct pst_db *db, const struct pst_pres *pres,
    uint32_t owner, int even_empty, pst_push_fn *fn, void *arg)
{
	struct mw_buddy_list	l;
	struct pst_push_msg	m;
	uint8_t			enc[PST_ENC_CAP];
	uint32_t		ids[MS_BUDDIES_MAX];
	size_t			len;
	int			i, n, rc;

	if (pst_pres_get(pres, owner) == NULL)
		return 0;
	if (pst_db_buddy_list(db, owner, ids, &n) == -1)
		return -1;
	if (n == 0 && !even_empty)
		return 0;
	memset(&l, 0, sizeof(l));
	for (i = 0; i < n; i++) {
		l.buddies[i].player_id = ids[i];
		l.buddies[i].active = pst_pres_get(pres, ids[i]) != NULL ?
		    2 : 3;
	}
	if (mw_encode_update_player_buddy_list(enc, sizeof(enc), &len, &l) !=
	    MW_OK)
		return -1;
	if ((rc = pst_push_to(pres, owner, MW_T_UPDATE_PLAYER_BUDDY_LIST, enc,
	    len, &m)) != 0)
		return rc == 1 ? 0 : -1;
	fn(&m, arg);
	return 0;
}

int
pst_push_order(struct pst_db *db, const struct pst_pres *pres,
    int64_t order, uint32_t except, pst_push_fn *fn, void *arg)
{
	return pst_order_to(db, pres, order, 0, except, fn, arg);
}

/* pst_order_to - to the online members but except, or only to only. */
static int
pst_order_to(struct pst_db *db, const struct pst_pres *pres, int64_t order,
    uint32_t only, uint32_t except, pst_push_fn *fn, void *arg)
{
	struct mw_order_member	v[MS_ORDER_MEMBERS_MAX];
	struct pst_push_msg	m;
	uint8_t			enc[PST_ENC_CAP];
	uint32_t		ids[MS_ORDER_MEMBERS_MAX];
	size_t			len;
	int			i, n, rc;

	if (order < 1)
		return 0;
	if (pst_db_order_members(db, order, ids, MS_ORDER_MEMBERS_MAX, &n) ==
	    -1)
		return -1;
	for (i = 0; i < n; i++) {
		v[i].player_id = ids[i];
		v[i].online = pst_pres_get(pres, ids[i]) != NULL;
	}
	if (mw_encode_update_order_member_list(enc, sizeof(enc), &len, v,
	    (size_t)n) != MW_OK)
		return -1;
	for (i = 0; i < n; i++) {
		if (ids[i] == except || !v[i].online ||
		    (only != 0 && ids[i] != only))
			continue;
		if ((rc = pst_push_to(pres, ids[i],
		    MW_T_UPDATE_ORDER_MEMBER_LIST, enc, len, &m)) == -1)
			return -1;
		if (rc == 0)
			fn(&m, arg);
	}
	return 0;
}

static int
pst_owner_cb(int64_t owner, void *arg)
{
	struct pst_plan	*p = arg;

	if (owner == p->user_id)
		return 0;
	if (pst_push_buddies(p->db, p->pres, (uint32_t)owner, 1, p->fn,
	    p->arg) == -1) {
		p->rc = -1;
		return 1;
	}
	return 0;
}

int
pst_push_plan(struct pst_db *db, const struct pst_pres *pres,
    uint32_t user_id, int what, pst_push_fn *fn, void *arg)
{
	struct pst_plan		p = { db, pres, user_id, fn, arg, 0 };
	struct pst_account	a;
	int			rc;

	if (user_id < 1 || user_id > PST_ID_MAX)
		return 0;		/* guests are nobody's buddy */
	if ((rc = pst_db_acct_by_id(db, user_id, &a)) != 0)
		return rc == 1 ? 0 : -1;
	if ((what & PST_PUSH_OTHERS) &&
	    pst_db_buddy_owners(db, user_id, pst_owner_cb, &p) == -1)
		return -1;
	if (p.rc == -1)
		return -1;
	if ((what & PST_PUSH_SELF) &&
	    pst_push_buddies(db, pres, user_id, 0, fn, arg) == -1)
		return -1;
	if (a.order == -1)
		return 0;
	switch (what & (PST_PUSH_OTHERS | PST_PUSH_SELF)) {
	case PST_PUSH_OTHERS | PST_PUSH_SELF:
		return pst_order_to(db, pres, a.order, 0, 0, fn, arg);
	case PST_PUSH_OTHERS:
		return pst_order_to(db, pres, a.order, 0, user_id, fn, arg);
	case PST_PUSH_SELF:
		return pst_order_to(db, pres, a.order, user_id, 0, fn, arg);
	default:
		return 0;
	}
}

int
pst_push_motd(const struct pst_pres *pres, uint32_t user, const char *text,
    struct pst_push_msg *m)
{
	struct mw_text	t = { text };
	uint8_t		enc[PST_ENC_CAP];
	size_t		len;

	if (mw_encode_message_of_the_day(enc, sizeof(enc), &len, &t) != MW_OK)
		return -1;
	return pst_push_to(pres, user, MW_T_MESSAGE_OF_THE_DAY, enc, len, m);
}
