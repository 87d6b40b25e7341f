/*
 * pst_info.c - the answers of the player services (protocol README 12):
 * player info (121 -> 17), the buddy list (118, 120) and the order
 * (119), built from the database and the presence table only, so the
 * tests can drive them without a loop.  Names and profile texts are
 * stored UTF-8 and go back MacRoman, NUL-terminated, cut to the field.
 */
#include <stdio.h>
#include <string.h>

#include "gs_rank.h"
#include "macroman.h"
#include "pst.h"

#define PST_T_GUEST_BUDDY	"Guests cannot keep a buddy list."

static void	pst_score_init(struct ms_score *);
static int32_t	pst_clamp32(int64_t);
static void	pst_score_add(struct ms_score *, const struct pst_stat_row *);
static int	pst_stat_cb(const struct pst_stat_row *, void *);
static int	pst_info_user(struct pst_db *, uint32_t, uint32_t,
		    struct ms_pst_info_rep *);
static int	pst_info_ranks(struct pst_db *, int64_t,
		    struct ms_pst_info_rep *);
static int	pst_registered(struct pst_db *, uint32_t);
static int	pst_buddy_change(struct pst_db *, const struct ms_pst_buddy *,
		    struct ms_pst_buddy_rep *, int *);

void
pst_mac_name(const char *utf8, char *out, size_t cap)
{
	(void)ms_utf8_to_macroman(utf8, strlen(utf8), (uint8_t *)out, cap,
	    NULL);
}

/* Nothing known yet: no games, and no caste icon (-1). */
static void
pst_score_init(struct ms_score *s)
{
	memset(s, 0, sizeof(*s));
	s->caste = s->best_caste = GS_CASTE_NONE;
}

static int32_t
pst_clamp32(int64_t v)
{
	return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN :
	    (int32_t)v;
}

/* README 11.1 item 6: a place-1 tie is a tie; everything else a loss. */
static void
pst_score_add(struct ms_score *s, const struct pst_stat_row *w)
{
	s->games = pst_clamp32((int64_t)s->games + w->games);
	s->wins = pst_clamp32((int64_t)s->wins + w->wins);
	s->ties = pst_clamp32((int64_t)s->ties + w->ties);
	s->losses = pst_clamp32((int64_t)s->losses + w->games - w->wins -
	    w->ties);
	s->disconnects = pst_clamp32((int64_t)s->disconnects + w->dropped);
	s->damage_given = pst_clamp32((int64_t)s->damage_given +
	    w->damage_given);
	s->damage_taken = pst_clamp32((int64_t)s->damage_taken +
	    w->damage_taken);
}

static int
pst_stat_cb(const struct pst_stat_row *w, void *arg)
{
	struct ms_pst_info_rep	*r = arg;

	if (!w->ranked) {
		pst_score_add(&r->unranked, w);
		return 0;
	}
	pst_score_add(&r->ranked, w);
	if (w->scoring >= 0 && w->scoring < 16)
		pst_score_add(&r->ranked_by_type[w->scoring], w);
	return 0;
}

/* Points, castes and the ladder belong to the ranked datum only. */
static int
pst_info_ranks(struct pst_db *db, int64_t uid, struct ms_pst_info_rep *r)
{
	struct pst_rating	g;
	int			rc;

	if ((rc = pst_rating_get(db, uid, &g)) != 0)
		return rc == 1 ? 0 : -1;
	r->ranked.points = g.rating;
	r->ranked.caste = g.caste;
	r->ranked.best_points = g.best_rating;
	r->ranked.best_caste = g.best_caste;
	r->ranked.position = g.position;
	return 0;
}

static int
pst_info_user(struct pst_db *db, uint32_t target, uint32_t total,
    struct ms_pst_info_rep *r)
{
	struct pst_account	a;
	struct pst_order	o;
	struct pst_profile	p;
	int			rc;

	if ((rc = pst_db_acct_by_id(db, target, &a)) != 0) {
		r->code = 1;
		return rc == 1 ? 0 : -1;
	}
	pst_mac_name(a.name, r->login, sizeof(r->login));
	r->flags = a.admin ? MS_USER_ADMIN : 0;
	if (a.order != -1 && (rc = pst_db_order_by_id(db, a.order, &o)) != 1) {
		if (rc == -1)
			return -1;
		r->order = (int16_t)o.id;
		pst_mac_name(o.name, r->order_name, sizeof(r->order_name));
	}
	if ((rc = pst_db_profile_get(db, a.id, &p)) == -1)
		return -1;
	pst_mac_name(p.city, r->city, sizeof(r->city));
	pst_mac_name(p.state, r->state, sizeof(r->state));
	pst_mac_name(p.country, r->country, sizeof(r->country));
	pst_mac_name(p.quote, r->quote, sizeof(r->quote));
	r->total_users = total;
	if (pst_db_stats(db, a.id, pst_stat_cb, r) == -1 ||
	    pst_info_ranks(db, a.id, r) == -1)
		return -1;
	return 0;
}

/*
 * A guest has no record: it is somebody only while online.  The sid
 * is the caller's; everything else is filled here.
 */
int
pst_info_build(struct pst_db *db, const struct pst_pres *pres,
    uint32_t target, uint32_t total, struct ms_pst_info_rep *r)
{
	const struct pst_pres_ent	*e;
	int				 i;

	memset(r, 0, sizeof(*r));
	r->target = target;
	r->order = -1;
	pst_score_init(&r->unranked);
	pst_score_init(&r->ranked);
	for (i = 0; i < 16; i++)
		pst_score_init(&r->ranked_by_type[i]);
	if (target >= 1 && target <= PST_ID_MAX)
		return pst_info_user(db, target, total, r);
	if ((e = pst_pres_get(pres, target)) != NULL &&
	    (e->flags & MS_USER_GUEST)) {
		r->flags = MS_USER_GUEST;
		snprintf(r->login, sizeof(r->login), "Guest");
		r->total_users = total;
		return 0;
	}
	r->code = 1;
	return 0;
}

/* 1 when id is an account, 0 when not, -1 on error. */
static int
pst_registered(struct pst_db *db, uint32_t id)
{
	struct pst_account	a;
	int			rc;

	if (id < 1 || id > PST_ID_MAX)
		return 0;
	rc = pst_db_acct_by_id(db, id, &a);
	return rc == 0 ? 1 : rc == 1 ? 0 : -1;
}

void
pst_buddy_fill(struct pst_db *db, const struct pst_pres *pres,
    int64_t owner, struct ms_pst_buddy_rep *r)
{
	uint32_t	ids[MS_BUDDIES_MAX];
	int		i, n;

	memset(r->buddies, 0, sizeof(r->buddies));
	r->n = 0;
	if (pst_db_buddy_list(db, owner, ids, &n) == -1)
		return;
	for (i = 0; i < n; i++) {
		r->buddies[i].id = ids[i];
		r->buddies[i].active = pst_pres_get(pres, ids[i]) != NULL ?
		    2 : 3;
	}
	r->n = (uint32_t)n;
}

/* pst_buddy_change - add or remove; code and text on a refusal. */
static int
pst_buddy_change(struct pst_db *db, const struct ms_pst_buddy *q,
    struct ms_pst_buddy_rep *r, int *changed)
{
	int	rc;

	if (q->op == MS_BUDDY_REMOVE) {
		if ((rc = pst_db_buddy_del(db, q->user_id, q->buddy_id)) == -1)
			return -1;
		*changed = rc == 0;
		return 0;
	}
	if (q->buddy_id == q->user_id) {
		r->code = PST_CODE_REFUSED;
		pst_text(r->text, sizeof(r->text), "You cannot be your own "
		    "buddy.");
		return 0;
	}
	if ((rc = pst_registered(db, q->buddy_id)) != 1) {
		r->code = PST_CODE_REFUSED;
		pst_text(r->text, sizeof(r->text), "Only registered players "
		    "can be buddies.");
		return rc;
	}
	if ((rc = pst_db_buddy_add(db, q->user_id, q->buddy_id)) == -1)
		return -1;
	if (rc == 2) {
		r->code = PST_CODE_REFUSED;
		pst_text(r->text, sizeof(r->text), "Your buddy list is full "
		    "(%d buddies).", MS_BUDDIES_MAX);
	}
	*changed = rc == 0;
	return 0;
}

/*
 * pst_buddy_do - the list always comes back, after the change if one
 * was made; the owner's own account must exist.  -1 on a database error
 * (the reply then says busy).
 */
int
pst_buddy_do(struct pst_db *db, const struct pst_pres *pres,
    const struct ms_pst_buddy *q, struct ms_pst_buddy_rep *r, int *changed)
{
	int	rc = 0;

	memset(r, 0, sizeof(*r));
	r->sid = q->sid;
	r->op = q->op;
	*changed = 0;
	if ((rc = pst_registered(db, q->user_id)) != 1) {
		r->code = PST_CODE_REFUSED;
		pst_text(r->text, sizeof(r->text), PST_T_GUEST_BUDDY);
		return rc;
	}
	if (q->op == MS_BUDDY_ADD || q->op == MS_BUDDY_REMOVE)
		rc = pst_buddy_change(db, q, r, changed);
	else if (q->op != MS_BUDDY_QUERY) {
		r->code = PST_CODE_REFUSED;
		pst_text(r->text, sizeof(r->text), "Unknown buddy request.");
	}
	if (rc == -1) {
		r->code = PST_CODE_BUSY;
		pst_text(r->text, sizeof(r->text), "The server is busy, please "
		    "try again later.");
	}
	pst_buddy_fill(db, pres, q->user_id, r);
	return rc;
}

int
pst_order_do(struct pst_db *db, const struct pst_pres *pres, uint32_t uid,
    struct ms_pst_order_rep *r)
{
	struct pst_account	a;
	struct pst_order	o;
	uint32_t		ids[MS_ORDER_MEMBERS_MAX];
	int			i, n, rc;

	memset(r, 0, sizeof(*r));
	r->code = 1;
	r->order = -1;
	if (uid < 1 || uid > PST_ID_MAX)
		return 0;
	if ((rc = pst_db_acct_by_id(db, uid, &a)) != 0 || a.order == -1)
		return rc == -1 ? -1 : 0;
	if ((rc = pst_db_order_by_id(db, a.order, &o)) != 0)
		return rc == -1 ? -1 : 0;
	if (pst_db_order_members(db, o.id, ids, MS_ORDER_MEMBERS_MAX, &n) ==
	    -1)
		return -1;
	r->code = 0;
	r->order = (int32_t)o.id;
	pst_mac_name(o.name, r->name, sizeof(r->name));
	for (i = 0; i < n; i++) {
		r->members[i].id = ids[i];
		r->members[i].active = pst_pres_get(pres, ids[i]) != NULL;
	}
	r->n = (uint32_t)n;
	return 0;
}
