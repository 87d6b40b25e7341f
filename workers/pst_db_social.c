/*
 * pst_db_social.c - profiles, buddies, orders and a player's statistics
 * on the prepared statements of pst_db.c (schema 3).  Every change runs
 * in one IMMEDIATE transaction that re-checks its rules (the list is not
 * full, the account is in no other order), so two requests can never
 * both take the last place.  Texts are UTF-8 here.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "pst.h"

static void	pst_col(sqlite3_stmt *, int, char *, size_t);
static int	pst_done(struct pst_db *, sqlite3_stmt *);
static int	pst_ints(struct pst_db *, sqlite3_stmt *, int64_t, int64_t,
		    int64_t, int);
static int	pst_count(struct pst_db *, enum pst_stmt_id, int64_t,
		    int64_t *);
static void	pst_row_order(sqlite3_stmt *, struct pst_order *);
static int	pst_order_query(struct pst_db *, enum pst_stmt_id,
		    const char *, int64_t, struct pst_order *);
static int	pst_buddy_slots(struct pst_db *, int64_t, int64_t, int *,
		    int *);
static int	pst_tx_end(struct pst_db *, int);

static void
pst_col(sqlite3_stmt *st, int i, char *out, size_t cap)
{
	const unsigned char	*t = sqlite3_column_text(st, i);

	snprintf(out, cap, "%s", t != NULL ? (const char *)t : "");
}

/* pst_done - step a bound statement that returns no row; then reset. */
static int
pst_done(struct pst_db *db, sqlite3_stmt *st)
{
	int	rc = pst_db_step(db, st);

	pst_db_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* pst_ints - bind the first n of a, b, c to parameters 1.. */
static int
pst_ints(struct pst_db *db, sqlite3_stmt *st, int64_t a, int64_t b,
    int64_t c, int n)
{
	const int64_t	v[3] = { a, b, c };
	int		i;

	for (i = 0; i < n; i++)
		if (pst_db_bind_int(db, st, i + 1, v[i]) == -1) {
			pst_db_reset(st);
			return -1;
		}
	return 0;
}

static int
pst_count(struct pst_db *db, enum pst_stmt_id id, int64_t arg, int64_t *n)
{
	sqlite3_stmt	*st = pst_db_stmt(db, id);
	int		 rc = -1;

	if (pst_ints(db, st, arg, 0, 0, 1) == -1)
		return -1;
	if ((rc = pst_db_step(db, st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	pst_db_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* pst_tx_end - commit when rc is 0, else roll back; rc or -1. */
static int
pst_tx_end(struct pst_db *db, int rc)
{
	if (rc != 0) {
		pst_db_rollback(db);
		return rc;
	}
	return pst_db_commit(db);
}

/* --- profiles --- */

int
pst_db_profile_get(struct pst_db *db, int64_t uid, struct pst_profile *p)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_PROFILE_GET);
	int		 rc;

	memset(p, 0, sizeof(*p));
	if (pst_ints(db, st, uid, 0, 0, 1) == -1)
		return -1;
	if ((rc = pst_db_step(db, st)) == SQLITE_ROW) {
		pst_col(st, 0, p->city, sizeof(p->city));
		pst_col(st, 1, p->state, sizeof(p->state));
		pst_col(st, 2, p->country, sizeof(p->country));
		pst_col(st, 3, p->quote, sizeof(p->quote));
	}
	pst_db_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* The account must exist (foreign key): 1 when it does not. */
int
pst_db_profile_put(struct pst_db *db, int64_t uid,
    const struct pst_profile *p)
{
	struct pst_account	 a;
	sqlite3_stmt		*st = pst_db_stmt(db, PST_ST_PROFILE_PUT);
	int			 rc;

	if (pst_db_begin(db) == -1)
		return -1;
	if ((rc = pst_db_acct_by_id(db, uid, &a)) != 0)
		return pst_tx_end(db, rc);
	if (pst_ints(db, st, uid, 0, 0, 1) == -1 ||
	    pst_db_bind_text(db, st, 2, p->city) == -1 ||
	    pst_db_bind_text(db, st, 3, p->state) == -1 ||
	    pst_db_bind_text(db, st, 4, p->country) == -1 ||
	    pst_db_bind_text(db, st, 5, p->quote) == -1) {
		pst_db_reset(st);
		return pst_tx_end(db, -1);
	}
	return pst_tx_end(db, pst_done(db, st));
}

/* --- buddies --- */

int
pst_db_buddy_list(struct pst_db *db, int64_t owner, uint32_t *ids, int *n_r)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_BUDDY_LIST);
	int		 rc = -1;

	*n_r = 0;
	if (pst_ints(db, st, owner, 0, 0, 1) == -1)
		return -1;
	while ((rc = pst_db_step(db, st)) == SQLITE_ROW &&
	    *n_r < MS_BUDDIES_MAX)
		ids[(*n_r)++] = (uint32_t)sqlite3_column_int64(st, 0);
	pst_db_reset(st);
	return rc == -1 ? -1 : 0;
}

/*
 * pst_buddy_slots - *free_r the lowest free slot (-1 none), *has_r 1 if
 * buddy is listed already.
 */
static int
pst_buddy_slots(struct pst_db *db, int64_t owner, int64_t buddy,
    int *free_r, int *has_r)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_BUDDY_LIST);
	int		 used[MS_BUDDIES_MAX] = { 0 };
	int		 rc, i;
	int64_t		 slot;

	*has_r = 0;
	*free_r = -1;
	if (pst_ints(db, st, owner, 0, 0, 1) == -1)
		return -1;
	while ((rc = pst_db_step(db, st)) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 0) == buddy)
			*has_r = 1;
		slot = sqlite3_column_int64(st, 1);
		if (slot >= 0 && slot < MS_BUDDIES_MAX)
			used[slot] = 1;
	}
	pst_db_reset(st);
	for (i = 0; i < MS_BUDDIES_MAX && *free_r == -1; i++)
		if (!used[i])
			*free_r = i;
	return rc == -1 ? -1 : 0;
}

int
pst_db_buddy_add(struct pst_db *db, int64_t owner, int64_t buddy)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_BUDDY_ADD);
	int		 slot, has;

	if (pst_db_begin(db) == -1)
		return -1;
	if (pst_buddy_slots(db, owner, buddy, &slot, &has) == -1)
		return pst_tx_end(db, -1);
	if (has || slot == -1)
		return pst_tx_end(db, has ? 1 : 2);
	if (pst_ints(db, st, owner, slot, buddy, 3) == -1)
		return pst_tx_end(db, -1);
	return pst_tx_end(db, pst_done(db, st));
}

int
pst_db_buddy_del(struct pst_db *db, int64_t owner, int64_t buddy)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_BUDDY_DEL);

	if (pst_db_begin(db) == -1)
		return -1;
	if (pst_ints(db, st, owner, buddy, 0, 2) == -1 ||
	    pst_done(db, st) == -1)
		return pst_tx_end(db, -1);
	return pst_tx_end(db, pst_db_changes(db) == 0 ? 1 : 0);
}

int
pst_db_buddy_owners(struct pst_db *db, int64_t buddy,
    int (*cb)(int64_t, void *), void *arg)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_BUDDY_OWNERS);
	int		 rc;

	if (pst_ints(db, st, buddy, 0, 0, 1) == -1)
		return -1;
	while ((rc = pst_db_step(db, st)) == SQLITE_ROW)
		if (cb(sqlite3_column_int64(st, 0), arg) != 0)
			break;
	pst_db_reset(st);
	return rc == -1 ? -1 : 0;
}

/* --- orders --- */

static void
pst_row_order(sqlite3_stmt *st, struct pst_order *o)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(st, 0);
	pst_col(st, 1, o->name, sizeof(o->name));
	pst_col(st, 2, o->key, sizeof(o->key));
	o->created = sqlite3_column_int64(st, 3);
}

static int
pst_order_query(struct pst_db *db, enum pst_stmt_id id, const char *key,
    int64_t oid, struct pst_order *o)
{
	sqlite3_stmt	*st = pst_db_stmt(db, id);
	int		 rc = -1;

	if ((key != NULL ? pst_db_bind_text(db, st, 1, key) :
	    pst_db_bind_int(db, st, 1, oid)) == 0)
		rc = pst_db_step(db, st);
	if (rc == SQLITE_ROW)
		pst_row_order(st, o);
	pst_db_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
pst_db_order_get(struct pst_db *db, const char *key, struct pst_order *o)
{
	return pst_order_query(db, PST_ST_ORDER_GET, key, 0, o);
}

int
pst_db_order_by_id(struct pst_db *db, int64_t id, struct pst_order *o)
{
	if (id < 1 || id > PST_ORDER_ID_MAX)
		return 1;
	return pst_order_query(db, PST_ST_ORDER_BY_ID, NULL, id, o);
}

/* Ids are never reused (AUTOINCREMENT) and must fit the wire's i16. */
int
pst_db_order_add(struct pst_db *db, const struct pst_name *nm, int64_t now,
    int64_t *id_r)
{
	struct pst_order	 o;
	sqlite3_stmt		*st = pst_db_stmt(db, PST_ST_ORDER_ADD);
	int			 rc;

	if (pst_db_begin(db) == -1)
		return -1;
	if ((rc = pst_db_order_get(db, nm->key, &o)) != 1)
		return pst_tx_end(db, rc == 0 ? 1 : -1);
	if (pst_db_bind_text(db, st, 1, nm->utf8) == -1 ||
	    pst_db_bind_text(db, st, 2, nm->key) == -1 ||
	    pst_db_bind_int(db, st, 3, now) == -1 || pst_done(db, st) == -1) {
		pst_db_reset(st);
		return pst_tx_end(db, -1);
	}
	*id_r = pst_db_last_id(db);
	if (*id_r < 1 || *id_r > PST_ORDER_ID_MAX)
		return pst_tx_end(db, 2);
	return pst_tx_end(db, 0);
}

int
pst_db_order_del(struct pst_db *db, int64_t id)
{
	sqlite3_stmt	*clr = pst_db_stmt(db, PST_ST_ORDER_CLEAR);
	sqlite3_stmt	*del = pst_db_stmt(db, PST_ST_ORDER_DEL);

	if (pst_db_begin(db) == -1)
		return -1;
	if (pst_ints(db, clr, id, 0, 0, 1) == -1 || pst_done(db, clr) == -1 ||
	    pst_ints(db, del, id, 0, 0, 1) == -1 || pst_done(db, del) == -1)
		return pst_tx_end(db, -1);
	return pst_tx_end(db, pst_db_changes(db) == 0 ? 1 : 0);
}

int
pst_db_order_join(struct pst_db *db, int64_t order, int64_t uid,
    uint32_t max)
{
	struct pst_account	 a;
	sqlite3_stmt		*st = pst_db_stmt(db, PST_ST_ORDER_SET);
	int64_t			 n = 0;
	int			 rc;

	if (pst_db_begin(db) == -1)
		return -1;
	if ((rc = pst_db_acct_by_id(db, uid, &a)) != 0)
		return pst_tx_end(db, -1);
	if (a.order == order)
		return pst_tx_end(db, PST_JOIN_SAME);
	if (a.order != -1)
		return pst_tx_end(db, PST_JOIN_OTHER);
	if (pst_count(db, PST_ST_ORDER_COUNT, order, &n) == -1)
		return pst_tx_end(db, -1);
	if (n >= (int64_t)max)
		return pst_tx_end(db, PST_JOIN_FULL);
	if (pst_ints(db, st, order, uid, 0, 2) == -1)
		return pst_tx_end(db, -1);
	return pst_tx_end(db, pst_done(db, st));
}

int
pst_db_order_leave(struct pst_db *db, int64_t order, int64_t uid)
{
	struct pst_account	 a;
	sqlite3_stmt		*st = pst_db_stmt(db, PST_ST_ORDER_SET);
	int			 rc;

	if (pst_db_begin(db) == -1)
		return -1;
	if ((rc = pst_db_acct_by_id(db, uid, &a)) != 0)
		return pst_tx_end(db, rc);
	if (a.order != order)
		return pst_tx_end(db, 1);
	if (pst_ints(db, st, -1, uid, 0, 2) == -1)
		return pst_tx_end(db, -1);
	return pst_tx_end(db, pst_done(db, st));
}

int
pst_db_order_members(struct pst_db *db, int64_t order, uint32_t *ids,
    int max, int *n_r)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_ORDER_MEMBERS);
	int		 rc;

	*n_r = 0;
	if (pst_ints(db, st, order, max, 0, 2) == -1)
		return -1;
	while ((rc = pst_db_step(db, st)) == SQLITE_ROW && *n_r < max)
		ids[(*n_r)++] = (uint32_t)sqlite3_column_int64(st, 0);
	pst_db_reset(st);
	return rc == -1 ? -1 : 0;
}

int
pst_db_order_list(struct pst_db *db,
    int (*cb)(const struct pst_order *, void *), void *arg)
{
	sqlite3_stmt		*st = pst_db_stmt(db, PST_ST_ORDER_LIST);
	struct pst_order	 o;
	int			 rc;

	while ((rc = pst_db_step(db, st)) == SQLITE_ROW) {
		pst_row_order(st, &o);
		o.members = (uint32_t)sqlite3_column_int64(st, 4);
		if (cb(&o, arg) != 0)
			break;
	}
	pst_db_reset(st);
	return rc == -1 ? -1 : 0;
}

/* --- statistics --- */

int
pst_db_stats(struct pst_db *db, int64_t uid,
    int (*cb)(const struct pst_stat_row *, void *), void *arg)
{
	sqlite3_stmt		*st = pst_db_stmt(db, PST_ST_STATS);
	struct pst_stat_row	 w;
	int			 rc;

	if (pst_ints(db, st, uid, 0, 0, 1) == -1)
		return -1;
	while ((rc = pst_db_step(db, st)) == SQLITE_ROW) {
		w.ranked = sqlite3_column_int(st, 0);
		w.scoring = sqlite3_column_int(st, 1);
		w.games = sqlite3_column_int(st, 2);
		w.wins = sqlite3_column_int(st, 3);
		w.ties = sqlite3_column_int(st, 4);
		w.dropped = sqlite3_column_int(st, 5);
		w.damage_given = sqlite3_column_int64(st, 6);
		w.damage_taken = sqlite3_column_int64(st, 7);
		if (cb(&w, arg) != 0)
			break;
	}
	pst_db_reset(st);
	return rc == -1 ? -1 : 0;
}

int64_t
pst_db_ladder_users(struct pst_db *db)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_LADDER_USERS);
	int64_t		 n = -1;

	if (pst_db_step(db, st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	pst_db_reset(st);
	return n;
}
