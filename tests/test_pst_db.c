/*
 * test_pst_db.c - the store's database in a mkdtemp directory: schema
 * creation (parents, mode, WAL, user_version), migration of an empty
 * v0 file, refusal of a newer schema, accounts, name uniqueness, bans
 * and their expiry, the guest sequence across reopen and its wrap, the
 * id range, and writes that fail (a locked database) reported as errors
 * with nothing half-written.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pst.h"
#include "test_pst_fx.h"

static int
fx_setup(void **state)
{
	return pst_fx_setup(state, "a/b/store.db");
}

/* make_parents - a/b of the fixture's path, for a file made by hand. */
static void
make_parents(struct pst_fx *fx)
{
	char	sub[160];

	snprintf(sub, sizeof(sub), "%s/a", fx->dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof(sub), "%s/a/b", fx->dir);
	assert_int_equal(mkdir(sub, 0700), 0);
}

static void
name(const char *s, struct pst_name *nm)
{
	assert_int_equal(pst_name_admin(s, nm), 0);
}

static void
test_create(void **state)
{
	struct pst_fx	*fx = *state;
	struct stat	 sb;
	char		 parent[160];

	pst_fx_open(fx);
	snprintf(parent, sizeof(parent), "%s/a/b", fx->dir);
	assert_int_equal(stat(parent, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0750);
	assert_int_equal(stat(fx->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	assert_int_equal(pst_fx_int(fx->path, "PRAGMA user_version"),
	    PST_DB_VERSION);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM "
	    "sqlite_master WHERE name IN ('accounts', 'bans', 'meta')"), 3);
	pst_db_close(fx->db);
	fx->db = NULL;
	/* WAL is persistent: a fresh connection sees it. */
	assert_int_equal(pst_fx_int(fx->path, "SELECT journal_mode = 'wal' "
	    "FROM pragma_journal_mode"), 1);
	pst_fx_open(fx);		/* and reopening is a no-op migration */
}

static void
test_migrate_v0(void **state)
{
	struct pst_fx	*fx = *state;

	make_parents(fx);
	/* A v0 database: valid, user_version 0, none of our tables. */
	pst_fx_exec(fx->path, "CREATE TABLE unrelated (x); DROP TABLE "
	    "unrelated;");
	assert_int_equal(pst_fx_int(fx->path, "PRAGMA user_version"), 0);
	pst_fx_open(fx);
	assert_int_equal(pst_fx_int(fx->path, "PRAGMA user_version"),
	    PST_DB_VERSION);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM accounts"),
	    0);
}

static void
test_refuse_newer(void **state)
{
	struct pst_fx	*fx = *state;

	make_parents(fx);
	pst_fx_exec(fx->path, "CREATE TABLE future (x); "
	    "PRAGMA user_version = 99;");
	assert_int_equal(pst_db_open(fx->path, &fx->db), EX_CONFIG);
	assert_null(fx->db);
	/* Untouched. */
	assert_int_equal(pst_fx_int(fx->path, "PRAGMA user_version"), 99);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM "
	    "sqlite_master WHERE name = 'accounts'"), 0);
}

static void
test_accounts(void **state)
{
	struct pst_fx		*fx = *state;
	struct pst_account	 a;
	struct pst_name		 nm;
	int64_t			 id, id2;

	pst_fx_open(fx);
	name("Bob", &nm);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h1", 0, 1000, &id),
	    0);
	assert_int_equal(id, 1);
	assert_int_equal(pst_db_acct_get(fx->db, "bob", &a), 0);
	assert_string_equal(a.name, "Bob");
	assert_string_equal(a.pw_hash, "$h1");
	assert_int_equal(a.admin, 0);
	assert_int_equal(a.order, -1);
	assert_int_equal(a.created, 1000);
	assert_int_equal(a.last_login, 0);
	assert_int_equal(pst_db_acct_login(fx->db, id, 2000), 0);
	assert_int_equal(pst_db_acct_by_id(fx->db, id, &a), 0);
	assert_int_equal(a.last_login, 2000);
	assert_int_equal(pst_db_acct_passwd(fx->db, "bob", "$h2"), 0);
	assert_int_equal(pst_db_acct_get(fx->db, "bob", &a), 0);
	assert_string_equal(a.pw_hash, "$h2");
	assert_int_equal(pst_db_acct_passwd(fx->db, "nobody", "$h"), 1);
	assert_int_equal(pst_db_acct_del(fx->db, "bob", &id2), 0);
	assert_int_equal(id2, id);
	assert_int_equal(pst_db_acct_get(fx->db, "bob", &a), 1);
	assert_int_equal(pst_db_acct_del(fx->db, "bob", &id2), 1);
	assert_int_equal(pst_db_acct_login(fx->db, id, 3000), 1);
	/* Ids are never reused, even after a delete. */
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h3", 1, 1000, &id2),
	    0);
	assert_int_equal(id2, 2);
	assert_int_equal(pst_db_acct_by_id(fx->db, id2, &a), 0);
	assert_int_equal(a.admin, 1);
}

static void
test_unique(void **state)
{
	struct pst_fx	*fx = *state;
	struct pst_name	 nm;
	int64_t		 id;

	pst_fx_open(fx);
	name("Bob", &nm);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h", 0, 1, &id), 0);
	name("BOB", &nm);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h", 0, 1, &id), 1);
	name("|bbob|p ", &nm);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h", 0, 1, &id), 1);
	name("\xc3\x84ke", &nm);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h", 0, 1, &id), 0);
	name("\xc3\xa4KE", &nm);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h", 0, 1, &id), 1);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM accounts"),
	    2);
}

static struct pst_ban
mkban(const char *kind, const char *value, const char *reason,
    int64_t expires)
{
	struct pst_ban	b;

	memset(&b, 0, sizeof(b));
	snprintf(b.kind, sizeof(b.kind), "%s", kind);
	snprintf(b.value, sizeof(b.value), "%s", value);
	snprintf(b.reason, sizeof(b.reason), "%s", reason);
	b.expires = expires;
	return b;
}

static int
count_cb(const struct pst_ban *b, void *arg)
{
	(void)b;
	(*(int *)arg)++;
	return 0;
}

static void
test_bans(void **state)
{
	struct pst_fx	*fx = *state;
	struct pst_ban	 b, got;
	int		 n = 0;

	pst_fx_open(fx);
	b = mkban(PST_BAN_USER, "bob", "spam", 1010);
	assert_int_equal(pst_db_ban_add(fx->db, &b, 1000), 0);
	assert_int_equal(pst_db_ban_find(fx->db, PST_BAN_USER, "bob", 1005,
	    &got), 0);
	assert_string_equal(got.reason, "spam");
	assert_int_equal(got.expires, 1010);
	assert_int_equal(got.created, 1000);
	/* Expired bans do not match. */
	assert_int_equal(pst_db_ban_find(fx->db, PST_BAN_USER, "bob", 1010,
	    &got), 1);
	assert_int_equal(pst_db_ban_find(fx->db, PST_BAN_IP, "bob", 1005,
	    &got), 1);
	/* A new ban replaces the old one: permanent now. */
	b = mkban(PST_BAN_USER, "bob", "", 0);
	assert_int_equal(pst_db_ban_add(fx->db, &b, 1001), 0);
	assert_int_equal(pst_db_ban_find(fx->db, PST_BAN_USER, "bob",
	    1 << 30, &got), 0);
	assert_int_equal(got.expires, 0);
	b = mkban(PST_BAN_IP, "10.0.0.1", "flood", 1020);
	assert_int_equal(pst_db_ban_add(fx->db, &b, 1001), 0);
	assert_int_equal(pst_db_ban_list(fx->db, 1005, count_cb, &n), 0);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(pst_db_ban_list(fx->db, 1030, count_cb, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pst_db_ban_del(fx->db, PST_BAN_USER, "bob"), 0);
	assert_int_equal(pst_db_ban_del(fx->db, PST_BAN_USER, "bob"), 1);
	assert_int_equal(pst_db_ban_find(fx->db, PST_BAN_USER, "bob", 1005,
	    &got), 1);
	/* Adding a ban purges the expired ones. */
	b = mkban(PST_BAN_IP, "10.0.0.2", "", 0);
	assert_int_equal(pst_db_ban_add(fx->db, &b, 5000), 0);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM bans"), 1);
}

/* Deleting an account drops the bans on its name with it. */
static void
test_del_drops_bans(void **state)
{
	struct pst_fx	*fx = *state;
	struct pst_name	 nm;
	struct pst_ban	 b, got;
	int64_t		 id;

	pst_fx_open(fx);
	name("bob", &nm);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h", 0, 1, &id), 0);
	b = mkban(PST_BAN_USER, "bob", "", 0);
	assert_int_equal(pst_db_ban_add(fx->db, &b, 1), 0);
	assert_int_equal(pst_db_acct_del(fx->db, "bob", &id), 0);
	assert_int_equal(pst_db_ban_find(fx->db, PST_BAN_USER, "bob", 2,
	    &got), 1);
}

static void
test_guest_sequence(void **state)
{
	struct pst_fx		*fx = *state;
	struct pst_guest	 g;
	uint32_t		 id, first, last = 0;
	int			 i;

	pst_fx_open(fx);
	pst_guest_init(&g);
	assert_int_equal(pst_guest_next(fx->db, &g, &first), 0);
	assert_int_equal(first, PST_GUEST_MIN);
	for (i = 0; i < 2000; i++) {
		assert_int_equal(pst_guest_next(fx->db, &g, &id), 0);
		assert_true(id > first + (uint32_t)i - 1);
		last = id;
	}
	assert_int_equal(last, PST_GUEST_MIN + 2000);
	/* 2001 ids from two blocks of 1024: two writes. */
	assert_int_equal(pst_fx_int(fx->path, "SELECT value FROM meta WHERE "
	    "key = 'guest_next'"), PST_GUEST_MIN + 2 * PST_GUEST_BLOCK);
	pst_fx_open(fx);	/* a restart: the rest of the block is lost */
	pst_guest_init(&g);
	assert_int_equal(pst_guest_next(fx->db, &g, &id), 0);
	assert_true(id > last);
	assert_int_equal(id, PST_GUEST_MIN + 2 * PST_GUEST_BLOCK);
}

static void
test_guest_wrap(void **state)
{
	struct pst_fx		*fx = *state;
	struct pst_guest	 g;
	uint32_t		 id, i;
	char			 sql[128];

	pst_fx_open(fx);
	snprintf(sql, sizeof(sql), "INSERT INTO meta VALUES ('guest_next', "
	    "%u)", PST_GUEST_END - 3);
	pst_fx_exec(fx->path, sql);
	pst_guest_init(&g);
	for (i = 0; i < 3; i++) {
		assert_int_equal(pst_guest_next(fx->db, &g, &id), 0);
		assert_int_equal(id, PST_GUEST_END - 3 + i);
	}
	assert_int_equal(pst_guest_next(fx->db, &g, &id), 0);
	assert_int_equal(id, PST_GUEST_MIN);
}

static void
test_id_range(void **state)
{
	struct pst_fx	*fx = *state;
	struct pst_name	 nm;
	int64_t		 id;
	char		 sql[128];

	pst_fx_open(fx);
	name("first", &nm);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h", 0, 1, &id), 0);
	snprintf(sql, sizeof(sql), "UPDATE sqlite_sequence SET seq = %u "
	    "WHERE name = 'accounts'", PST_ID_MAX);
	pst_fx_exec(fx->path, sql);
	name("second", &nm);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h", 0, 1, &id), -1);
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM accounts"),
	    1);
}

/* Another connection holds the write lock: every write must fail. */
static void
test_write_failure(void **state)
{
	struct pst_fx		*fx = *state;
	struct pst_name		 nm;
	struct pst_ban		 b = mkban(PST_BAN_IP, "10.1.1.1", "", 0);
	struct pst_guest	 g;
	sqlite3			*h;
	uint32_t		 gid;
	int64_t			 id;

	pst_fx_open(fx);
	name("bob", &nm);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h", 0, 1, &id), 0);
	assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	name("carol", &nm);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h", 0, 1, &id), -1);
	assert_int_equal(pst_db_acct_passwd(fx->db, "bob", "$x"), -1);
	assert_int_equal(pst_db_acct_login(fx->db, 1, 5), -1);
	assert_int_equal(pst_db_ban_add(fx->db, &b, 1), -1);
	pst_guest_init(&g);
	assert_int_equal(pst_guest_next(fx->db, &g, &gid), -1);
	assert_int_equal(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	/* Nothing was half-written, and the handle still works. */
	assert_int_equal(pst_fx_int(fx->path, "SELECT count(*) FROM accounts"),
	    1);
	assert_int_equal(pst_fx_int(fx->path, "SELECT pw_hash = '$h' FROM "
	    "accounts"), 1);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h", 0, 1, &id), 0);
	assert_int_equal(pst_guest_next(fx->db, &g, &gid), 0);
}

/*
 * A statement fails in the middle of a transaction (a trigger raises):
 * what the transaction already did is rolled back with it.
 */
static void
test_half_write(void **state)
{
	struct pst_fx		*fx = *state;
	struct pst_account	 a;
	struct pst_name		 nm;
	struct pst_ban		 b, got;
	int64_t			 id;

	pst_fx_open(fx);
	name("bob", &nm);
	assert_int_equal(pst_db_acct_add(fx->db, &nm, "$h", 0, 1, &id), 0);
	b = mkban(PST_BAN_USER, "bob", "old", 0);
	assert_int_equal(pst_db_ban_add(fx->db, &b, 1), 0);
	pst_fx_exec(fx->path, "CREATE TRIGGER no_ins BEFORE INSERT ON bans "
	    "BEGIN SELECT RAISE(ABORT, 'injected'); END;"
	    "CREATE TRIGGER no_del BEFORE DELETE ON accounts "
	    "BEGIN SELECT RAISE(ABORT, 'injected'); END;");
	b = mkban(PST_BAN_USER, "bob", "new", 0);
	assert_int_equal(pst_db_ban_add(fx->db, &b, 2), -1);
	assert_int_equal(pst_db_ban_find(fx->db, PST_BAN_USER, "bob", 3,
	    &got), 0);
	assert_string_equal(got.reason, "old");
	assert_int_equal(pst_db_acct_del(fx->db, "bob", &id), -1);
	assert_int_equal(pst_db_ban_find(fx->db, PST_BAN_USER, "bob", 3,
	    &got), 0);
	assert_int_equal(pst_db_acct_get(fx->db, "bob", &a), 0);
}

static void
test_open_failure(void **state)
{
	struct pst_fx	*fx = *state;
	char		 file[160], bad[200];
	FILE		*f;

	/* The parent "directory" is a file. */
	snprintf(file, sizeof(file), "%s/plain", fx->dir);
	assert_non_null(f = fopen(file, "w"));
	fclose(f);
	snprintf(bad, sizeof(bad), "%s/sub/store.db", file);
	assert_int_not_equal(pst_db_open(bad, &fx->db), 0);
	assert_null(fx->db);
	/* Not a database at all. */
	assert_non_null(f = fopen(file, "w"));
	fputs("this is not an SQLite file, not even close; ........", f);
	fclose(f);
	assert_int_not_equal(pst_db_open(file, &fx->db), 0);
	assert_null(fx->db);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, fx_setup, pst_fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create),
		T(test_migrate_v0),
		T(test_refuse_newer),
		T(test_accounts),
		T(test_unique),
		T(test_bans),
		T(test_del_drops_bans),
		T(test_guest_sequence),
		T(test_guest_wrap),
		T(test_id_range),
		T(test_write_failure),
		T(test_half_write),
		T(test_open_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
