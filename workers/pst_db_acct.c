/*
 * pst_db_acct.c - accounts, bans and the guest id sequence on top of
 * the prepared statements of pst_db.c.  Every change runs in one
 * IMMEDIATE transaction that also re-checks what it depends on (the
 * name is free, the account still exists), so concurrent admin verbs
 * cannot interleave.  Registered ids stay in 1..PST_ID_MAX and are never
 * reused (AUTOINCREMENT); guest ids come from [PST_GUEST_MIN,
 * PST_GUEST_END) in blocks whose end is written before any id is used.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "pst.h"

#define PST_META_GUEST	"guest_next"

static void	pst_col_text(sqlite3_stmt *, int, char *, size_t);
static void	pst_row_acct(sqlite3_stmt *, struct pst_account *);
static void	pst_row_ban(sqlite3_stmt *, struct pst_ban *);
static int	pst_acct_query(struct pst_db *, enum pst_stmt_id, const char *,
		    int64_t, struct pst_account *);
static int	pst_acct_insert(struct pst_db *, const struct pst_name *,
		    const char *, int, int64_t, int64_t *);
static int	pst_change(struct pst_db *, enum pst_stmt_id, const char *,
		    const char *);
static int	pst_ban_insert(struct pst_db *, const struct pst_ban *,
		    int64_t);
static int	pst_meta_get(struct pst_db *, const char *, int64_t *);

static void
pst_col_text(sqlite3_stmt *st, int i, char *out, size_t cap)
{
	const unsigned char	*t = sqlite3_column_text(st, i);

	snprintf(out, cap, "%s", t != NULL ? (const char *)t : "");
}

static void
pst_row_acct(sqlite3_stmt *st, struct pst_account *a)
{
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(st, 0);
	pst_col_text(st, 1, a->name, sizeof(a->name));
	pst_col_text(st, 2, a->key, sizeof(a->key));
	pst_col_text(st, 3, a->pw_hash, sizeof(a->pw_hash));
	a->admin = sqlite3_column_int(st, 4) != 0;
	a->order = sqlite3_column_int(st, 5);
	a->created = sqlite3_column_int64(st, 6);
	a->last_login = sqlite3_column_int64(st, 7);
}

static void
pst_row_ban(sqlite3_stmt *st, struct pst_ban *b)
{
	memset(b, 0, sizeof(*b));
	pst_col_text(st, 0, b->kind, sizeof(b->kind));
	pst_col_text(st, 1, b->value, sizeof(b->value));
	pst_col_text(st, 2, b->reason, sizeof(b->reason));
	b->created = sqlite3_column_int64(st, 3);
	b->expires = sqlite3_column_int64(st, 4);
}

/* By key when key != NULL, else by id. */
static int
pst_acct_query(struct pst_db *db, enum pst_stmt_id id, const char *key,
    int64_t uid, struct pst_account *a)
{
	sqlite3_stmt	*st = pst_db_stmt(db, id);
	int		 rc = -1;

	if ((key != NULL ? pst_db_bind_text(db, st, 1, key) :
	    pst_db_bind_int(db, st, 1, uid)) == 0)
		rc = pst_db_step(db, st);
	if (rc == SQLITE_ROW)
		pst_row_acct(st, a);
	pst_db_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
pst_db_acct_get(struct pst_db *db, const char *key, struct pst_account *a)
{
	return pst_acct_query(db, PST_ST_ACCT_GET, key, 0, a);
}

int
pst_db_acct_by_id(struct pst_db *db, int64_t id, struct pst_account *a)
{
	return pst_acct_query(db, PST_ST_ACCT_BY_ID, NULL, id, a);
}

/* Inside the caller's transaction: the insert and the id range. */
static int
pst_acct_insert(struct pst_db *db, const struct pst_name *nm,
    const char *hash, int admin, int64_t now, int64_t *id_r)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_ACCT_ADD);
	int		 rc = -1;

	if (pst_db_bind_text(db, st, 1, nm->utf8) == 0 &&
	    pst_db_bind_text(db, st, 2, nm->key) == 0 &&
	    pst_db_bind_text(db, st, 3, hash) == 0 &&
	    pst_db_bind_int(db, st, 4, admin != 0) == 0 &&
	    pst_db_bind_int(db, st, 5, now) == 0)
		rc = pst_db_step(db, st);
	pst_db_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	*id_r = pst_db_last_id(db);
	if (*id_r < 1 || *id_r > (int64_t)PST_ID_MAX) {
		log_warnx("store: account id %lld is outside 1..%u; refusing "
		    "to add \"%s\"", (long long)*id_r, PST_ID_MAX, nm->utf8);
		return -1;
	}
	return 0;
}

int
pst_db_acct_add(struct pst_db *db, const struct pst_name *nm,
    const char *hash, int admin, int64_t now, int64_t *id_r)
{
	struct pst_account	a;
	int			rc;

	if (pst_db_begin(db) == -1)
		return -1;
	if ((rc = pst_db_acct_get(db, nm->key, &a)) != 1) {
		pst_db_rollback(db);
		return rc == 0 ? 1 : -1;
	}
	if (pst_acct_insert(db, nm, hash, admin, now, id_r) == -1) {
		pst_db_rollback(db);
		return -1;
	}
	return pst_db_commit(db);
}

/*
 * pst_change - one UPDATE/DELETE with two bound texts in its own
 * transaction; 1 when it matched no row.
 */
static int
pst_change(struct pst_db *db, enum pst_stmt_id id, const char *a,
    const char *b)
{
	sqlite3_stmt	*st = pst_db_stmt(db, id);
	int		 rc = -1, n;

	if (pst_db_begin(db) == -1)
		return -1;
	if (pst_db_bind_text(db, st, 1, a) == 0 &&
	    pst_db_bind_text(db, st, 2, b) == 0)
		rc = pst_db_step(db, st);
	pst_db_reset(st);
	n = pst_db_changes(db);
	if (rc != SQLITE_DONE || n == 0) {
		pst_db_rollback(db);
		return rc != SQLITE_DONE ? -1 : 1;
	}
	return pst_db_commit(db);
}

int
pst_db_acct_passwd(struct pst_db *db, const char *key, const char *hash)
{
	return pst_change(db, PST_ST_ACCT_PASSWD, hash, key);
}

int
pst_db_acct_login(struct pst_db *db, int64_t id, int64_t now)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_ACCT_LOGIN);
	int		 rc = -1;

	if (pst_db_begin(db) == -1)
		return -1;
	if (pst_db_bind_int(db, st, 1, now) == 0 &&
	    pst_db_bind_int(db, st, 2, id) == 0)
		rc = pst_db_step(db, st);
	pst_db_reset(st);
	if (rc != SQLITE_DONE || pst_db_changes(db) == 0) {
		pst_db_rollback(db);
		return rc != SQLITE_DONE ? -1 : 1;
	}
	return pst_db_commit(db);
}

/* The account and the bans on its name go together. */
int
pst_db_acct_del(struct pst_db *db, const char *key, int64_t *id_r)
{
	struct pst_account	 a;
	sqlite3_stmt		*ban = pst_db_stmt(db, PST_ST_BAN_DEL);
	sqlite3_stmt		*del = pst_db_stmt(db, PST_ST_ACCT_DEL);
	int			 rc, r1 = -1, r2 = -1;

	if (pst_db_begin(db) == -1)
		return -1;
	if ((rc = pst_db_acct_get(db, key, &a)) != 0) {
		pst_db_rollback(db);
		return rc;
	}
	if (pst_db_bind_text(db, ban, 1, PST_BAN_USER) == 0 &&
	    pst_db_bind_text(db, ban, 2, key) == 0)
		r1 = pst_db_step(db, ban);
	pst_db_reset(ban);
	if (r1 == SQLITE_DONE && pst_db_bind_int(db, del, 1, a.id) == 0)
		r2 = pst_db_step(db, del);
	pst_db_reset(del);
	if (r2 != SQLITE_DONE) {
		pst_db_rollback(db);
		return -1;
	}
	*id_r = a.id;
	return pst_db_commit(db);
}

int
pst_db_acct_list(struct pst_db *db,
    int (*cb)(const struct pst_account *, void *), void *arg)
{
	sqlite3_stmt		*st = pst_db_stmt(db, PST_ST_ACCT_LIST);
	struct pst_account	 a;
	int			 rc;

	while ((rc = pst_db_step(db, st)) == SQLITE_ROW) {
		pst_row_acct(st, &a);
		if (cb(&a, arg) != 0)
			break;
	}
	pst_db_reset(st);
	return rc == -1 ? -1 : 0;
}

static int
pst_ban_insert(struct pst_db *db, const struct pst_ban *b, int64_t now)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_BAN_ADD);
	int		 rc = -1;

	if (pst_db_bind_text(db, st, 1, b->kind) == 0 &&
	    pst_db_bind_text(db, st, 2, b->value) == 0 &&
	    pst_db_bind_text(db, st, 3, b->reason) == 0 &&
	    pst_db_bind_int(db, st, 4, now) == 0 &&
	    pst_db_bind_int(db, st, 5, b->expires) == 0)
		rc = pst_db_step(db, st);
	pst_db_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A new ban replaces the old one on the same value; expired ones go. */
int
pst_db_ban_add(struct pst_db *db, const struct pst_ban *b, int64_t now)
{
	sqlite3_stmt	*purge = pst_db_stmt(db, PST_ST_BAN_PURGE);
	sqlite3_stmt	*del = pst_db_stmt(db, PST_ST_BAN_DEL);
	int		 r1 = -1, r2 = -1;

	if (pst_db_begin(db) == -1)
		return -1;
	if (pst_db_bind_int(db, purge, 1, now) == 0)
		r1 = pst_db_step(db, purge);
	pst_db_reset(purge);
	if (r1 == SQLITE_DONE && pst_db_bind_text(db, del, 1, b->kind) == 0 &&
	    pst_db_bind_text(db, del, 2, b->value) == 0)
		r2 = pst_db_step(db, del);
	pst_db_reset(del);
	if (r2 != SQLITE_DONE || pst_ban_insert(db, b, now) == -1) {
		pst_db_rollback(db);
		return -1;
	}
	return pst_db_commit(db);
}

int
pst_db_ban_del(struct pst_db *db, const char *kind, const char *value)
{
	return pst_change(db, PST_ST_BAN_DEL, kind, value);
}

int
pst_db_ban_find(struct pst_db *db, const char *kind, const char *value,
    int64_t now, struct pst_ban *b)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_BAN_FIND);
	int		 rc = -1;

	if (pst_db_bind_text(db, st, 1, kind) == 0 &&
	    pst_db_bind_text(db, st, 2, value) == 0 &&
	    pst_db_bind_int(db, st, 3, now) == 0)
		rc = pst_db_step(db, st);
	if (rc == SQLITE_ROW)
		pst_row_ban(st, b);
	pst_db_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
pst_db_ban_list(struct pst_db *db, int64_t now,
    int (*cb)(const struct pst_ban *, void *), void *arg)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_BAN_LIST);
	struct pst_ban	 b;
	int		 rc = -1;

	if (pst_db_bind_int(db, st, 1, now) == 0) {
		while ((rc = pst_db_step(db, st)) == SQLITE_ROW) {
			pst_row_ban(st, &b);
			if (cb(&b, arg) != 0)
				break;
		}
	}
	pst_db_reset(st);
	return rc == -1 ? -1 : 0;
}

/* 0 with *v, 1 when the key is absent, -1 on error. */
static int
pst_meta_get(struct pst_db *db, const char *key, int64_t *v)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_META_GET);
	int		 rc = -1;

	if (pst_db_bind_text(db, st, 1, key) == 0)
		rc = pst_db_step(db, st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	pst_db_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/*
 * pst_db_guest_reserve - the stored value is the first id nobody was
 * given yet.  It moves past the block in the same transaction that
 * hands the block out, so a crash can only waste ids, never repeat one.
 */
int
pst_db_guest_reserve(struct pst_db *db, uint32_t count, uint32_t *first_r,
    uint32_t *end_r)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_META_SET);
	int64_t		 v = PST_GUEST_MIN, end;
	int		 rc = -1;

	if (count == 0 || pst_db_begin(db) == -1)
		return -1;
	if (pst_meta_get(db, PST_META_GUEST, &v) == -1)
		goto fail;
	if (v < PST_GUEST_MIN || v >= PST_GUEST_END)
		v = PST_GUEST_MIN;	/* absent, or wrapped */
	end = v + count > PST_GUEST_END ? PST_GUEST_END : v + count;
	if (pst_db_bind_text(db, st, 1, PST_META_GUEST) == 0 &&
	    pst_db_bind_int(db, st, 2, end == PST_GUEST_END ?
	    PST_GUEST_MIN : end) == 0)
		rc = pst_db_step(db, st);
	pst_db_reset(st);
	if (rc != SQLITE_DONE || pst_db_commit(db) == -1)
		goto fail;
	*first_r = (uint32_t)v;
	*end_r = (uint32_t)end;
	return 0;
fail:
	pst_db_rollback(db);
	return -1;
}

void
pst_guest_init(struct pst_guest *g)
{
	g->next = g->end = 0;
}

int
pst_guest_next(struct pst_db *db, struct pst_guest *g, uint32_t *id_r)
{
	if (g->next >= g->end &&
	    pst_db_guest_reserve(db, PST_GUEST_BLOCK, &g->next, &g->end) == -1)
		return -1;
	*id_r = g->next++;
	return 0;
}
