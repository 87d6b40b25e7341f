/*
 * pst_db.c - the SQLite handle: open (parent directory, pragmas),
 * schema migration by PRAGMA user_version, the prepared statements and
 * the transaction helpers.  Each migration step runs in one transaction
 * together with its user_version bump, so a crash leaves the old or the
 * new schema, never half of one.  A database newer than PST_DB_VERSION
 * is refused untouched.  Every sqlite3 return code is checked and each
 * failure is logged once, here, with sqlite3_errmsg.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <sqlite3.h>

#include "gs_result.h"
#include "log.h"
#include "pst.h"

#define PST_BUSY_MS	100	/* an operator's sqlite3 shell may lock */

struct pst_db {
	sqlite3		*h;
	char		 path[PATH_MAX];
	sqlite3_stmt	*st[PST_ST_COUNT];
};

/* Step n upgrades a database at user_version n - 1 to n. */
static const char *const pst_migrations[PST_DB_VERSION] = {
	"CREATE TABLE accounts ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" name TEXT NOT NULL,"
	" name_key TEXT NOT NULL UNIQUE,"
	" pw_hash TEXT NOT NULL,"
	" admin INTEGER NOT NULL DEFAULT 0,"
	" order_id INTEGER NOT NULL DEFAULT -1,"
	" created INTEGER NOT NULL,"
	" last_login INTEGER);"
	"CREATE TABLE bans ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT CHECK(kind IN ('user','ip')),"
	" value TEXT NOT NULL,"
	" reason TEXT NOT NULL DEFAULT '',"
	" created INTEGER NOT NULL,"
	" expires INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX bans_kind_value ON bans(kind, value);"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER);",
	/* 2: game results (pst_results.c); result_key makes them idempotent */
	"CREATE TABLE results ("
	" id INTEGER PRIMARY KEY,"
	" result_key INTEGER NOT NULL UNIQUE,"
	" room_id INTEGER NOT NULL,"
	" room_type INTEGER NOT NULL,"
	" game_id INTEGER NOT NULL,"
	" game_name TEXT NOT NULL,"
	" map_name TEXT NOT NULL,"
	" game_type INTEGER NOT NULL,"
	" scoring INTEGER NOT NULL,"
	" option_flags INTEGER NOT NULL,"
	" time_limit INTEGER NOT NULL,"
	" started INTEGER NOT NULL,"
	" ended INTEGER NOT NULL,"
	" ended_code INTEGER NOT NULL,"
	" duration INTEGER NOT NULL,"
	" host_id INTEGER NOT NULL,"
	" ranked INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE result_teams ("
	" result_id INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE,"
	" team INTEGER NOT NULL,"
	" place INTEGER NOT NULL,"
	" tie INTEGER NOT NULL,"
	" spectators INTEGER NOT NULL,"
	" eliminated INTEGER NOT NULL,"
	" PRIMARY KEY (result_id, team));"
	"CREATE TABLE result_players ("
	" result_id INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE,"
	" seq INTEGER NOT NULL,"
	" user_id INTEGER,"
	" nick TEXT NOT NULL,"
	" team INTEGER NOT NULL,"
	" place INTEGER NOT NULL,"
	" tie INTEGER NOT NULL,"
	" host INTEGER NOT NULL,"
	" captain INTEGER NOT NULL,"
	" dropped INTEGER NOT NULL,"
	" units_killed INTEGER NOT NULL,"
	" units_lost INTEGER NOT NULL,"
	" damage_given INTEGER NOT NULL,"
	" damage_taken INTEGER NOT NULL,"
	" rating_before INTEGER,"
	" rating_after INTEGER,"
	" PRIMARY KEY (result_id, seq));"
	"CREATE INDEX result_players_user ON result_players(user_id,"
	" result_id);"
	"CREATE TABLE ratings ("
	" user_id INTEGER PRIMARY KEY,"
	" rating INTEGER NOT NULL,"
	" games INTEGER NOT NULL DEFAULT 0,"
	" wins INTEGER NOT NULL DEFAULT 0,"
	" losses INTEGER NOT NULL DEFAULT 0,"
	" ties INTEGER NOT NULL DEFAULT 0,"
	" caste INTEGER NOT NULL DEFAULT -1,"
	" position INTEGER NOT NULL DEFAULT 0,"
	" updated INTEGER NOT NULL);",
	/*
	 * 3: player services (pst_db_social.c).  Order membership is the
	 * accounts.order_id of schema 1, so one order per account holds by
	 * construction; no order existed before, so stray ids are cleared.
	 */
	"CREATE TABLE profiles ("
	" user_id INTEGER PRIMARY KEY REFERENCES accounts(id)"
	" ON DELETE CASCADE,"
	" city TEXT NOT NULL DEFAULT '',"
	" state TEXT NOT NULL DEFAULT '',"
	" country TEXT NOT NULL DEFAULT '',"
	" quote TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE buddies ("
	" owner INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" slot INTEGER NOT NULL CHECK (slot >= 0 AND slot < 16),"
	" buddy INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" PRIMARY KEY (owner, slot),"
	" UNIQUE (owner, buddy));"
	"CREATE INDEX buddies_buddy ON buddies(buddy);"
	"CREATE TABLE orders ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" name TEXT NOT NULL,"
	" name_key TEXT NOT NULL UNIQUE,"
	" created INTEGER NOT NULL);"
	"UPDATE accounts SET order_id = -1 WHERE order_id != -1;"
	"CREATE INDEX accounts_order ON accounts(order_id);"
	"ALTER TABLE ratings ADD COLUMN best_rating INTEGER NOT NULL"
	" DEFAULT 0;"
	"ALTER TABLE ratings ADD COLUMN best_caste INTEGER NOT NULL"
	" DEFAULT -1;"
	"UPDATE ratings SET best_rating = rating, best_caste = caste;",
};

static const char *const pst_sql[PST_ST_COUNT] = {
	[PST_ST_BEGIN] = "BEGIN IMMEDIATE",
	[PST_ST_COMMIT] = "COMMIT",
	[PST_ST_ROLLBACK] = "ROLLBACK",
	[PST_ST_ACCT_GET] = "SELECT id, name, name_key, pw_hash, admin,"
	    " order_id, created, last_login FROM accounts WHERE name_key = ?",
	[PST_ST_ACCT_BY_ID] = "SELECT id, name, name_key, pw_hash, admin,"
	    " order_id, created, last_login FROM accounts WHERE id = ?",
	[PST_ST_ACCT_ADD] = "INSERT INTO accounts (name, name_key, pw_hash,"
	    " admin, created) VALUES (?, ?, ?, ?, ?)",
	[PST_ST_ACCT_PASSWD] = "UPDATE accounts SET pw_hash = ?"
	    " WHERE name_key = ?",
	[PST_ST_ACCT_DEL] = "DELETE FROM accounts WHERE id = ?",
	[PST_ST_ACCT_LOGIN] = "UPDATE accounts SET last_login = ?"
	    " WHERE id = ?",
	[PST_ST_ACCT_LIST] = "SELECT id, name, name_key, pw_hash, admin,"
	    " order_id, created, last_login FROM accounts ORDER BY id",
	[PST_ST_BAN_ADD] = "INSERT INTO bans (kind, value, reason, created,"
	    " expires) VALUES (?, ?, ?, ?, ?)",
	[PST_ST_BAN_DEL] = "DELETE FROM bans WHERE kind = ? AND value = ?",
	[PST_ST_BAN_FIND] = "SELECT kind, value, reason, created, expires"
	    " FROM bans WHERE kind = ? AND value = ?"
	    " AND (expires = 0 OR expires > ?)"
	    " ORDER BY expires = 0 DESC, expires DESC LIMIT 1",
	[PST_ST_BAN_LIST] = "SELECT kind, value, reason, created, expires"
	    " FROM bans WHERE expires = 0 OR expires > ?"
	    " ORDER BY kind, value",
	[PST_ST_BAN_PURGE] = "DELETE FROM bans"
	    " WHERE expires != 0 AND expires <= ?",
	[PST_ST_META_GET] = "SELECT value FROM meta WHERE key = ?",
	[PST_ST_META_SET] = "INSERT OR REPLACE INTO meta (key, value)"
	    " VALUES (?, ?)",
	[PST_ST_RES_ADD] = "INSERT INTO results (result_key, room_id,"
	    " room_type, game_id, game_name, map_name, game_type, scoring,"
	    " option_flags, time_limit, started, ended, ended_code, duration,"
	    " host_id, ranked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?) ON CONFLICT(result_key) DO NOTHING",
	[PST_ST_RES_TEAM_ADD] = "INSERT INTO result_teams (result_id, team,"
	    " place, tie, spectators, eliminated) VALUES (?, ?, ?, ?, ?, ?)",
	[PST_ST_RES_PLAYER_ADD] = "INSERT INTO result_players (result_id,"
	    " seq, user_id, nick, team, place, tie, host, captain, dropped,"
	    " units_killed, units_lost, damage_given, damage_taken,"
	    " rating_before, rating_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?, ?, ?, ?, ?)",
	[PST_ST_RES_RECENT] = "SELECT id, result_key, room_id, room_type,"
	    " game_id, game_name, map_name, game_type, scoring, option_flags,"
	    " time_limit, started, ended, ended_code, duration, host_id, ranked"
	    " FROM results WHERE ?1 = 0 OR id IN (SELECT result_id"
	    " FROM result_players WHERE user_id = ?1)"
	    " ORDER BY id DESC LIMIT ?2",
	[PST_ST_RES_PLAYERS] = "SELECT p.user_id, p.nick, p.team, p.place,"
	    " p.tie, t.spectators, p.host, p.captain, p.dropped,"
	    " p.units_killed, p.units_lost, p.damage_given, p.damage_taken,"
	    " p.rating_before, p.rating_after FROM result_players p"
	    " JOIN result_teams t ON t.result_id = p.result_id"
	    " AND t.team = p.team WHERE p.result_id = ? ORDER BY p.seq",
	[PST_ST_RATING_GET] = "SELECT user_id, rating, games, wins, losses,"
	    " ties, caste, position, updated, best_rating, best_caste"
	    " FROM ratings WHERE user_id = ?",
	[PST_ST_RATING_PUT] = "INSERT OR REPLACE INTO ratings (user_id,"
	    " rating, games, wins, losses, ties, caste, position, updated,"
	    " best_rating, best_caste)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[PST_ST_RATING_COUNT] = "SELECT count(*) FROM ratings r"
	    " JOIN accounts a ON a.id = r.user_id",
	[PST_ST_RATING_LADDER] = "SELECT r.user_id, r.rating, r.games"
	    " FROM ratings r JOIN accounts a ON a.id = r.user_id",
	/* Rows that keep their place are not written: most of them. */
	[PST_ST_RATING_CASTE] = "UPDATE ratings SET caste = ?1, position = ?2,"
	    " best_caste = max(best_caste, ?1) WHERE user_id = ?3"
	    " AND (caste != ?1 OR position != ?2)",
	[PST_ST_PROFILE_GET] = "SELECT city, state, country, quote"
	    " FROM profiles WHERE user_id = ?",
	[PST_ST_PROFILE_PUT] = "INSERT INTO profiles (user_id, city, state,"
	    " country, quote) VALUES (?, ?, ?, ?, ?) ON CONFLICT(user_id)"
	    " DO UPDATE SET city = excluded.city, state = excluded.state,"
	    " country = excluded.country, quote = excluded.quote",
	[PST_ST_BUDDY_LIST] = "SELECT buddy, slot FROM buddies"
	    " WHERE owner = ? ORDER BY slot",
	[PST_ST_BUDDY_ADD] = "INSERT INTO buddies (owner, slot, buddy)"
	    " VALUES (?, ?, ?)",
	[PST_ST_BUDDY_DEL] = "DELETE FROM buddies WHERE owner = ?"
	    " AND buddy = ?",
	[PST_ST_BUDDY_OWNERS] = "SELECT owner FROM buddies WHERE buddy = ?",
	[PST_ST_ORDER_ADD] = "INSERT INTO orders (name, name_key, created)"
	    " VALUES (?, ?, ?)",
	[PST_ST_ORDER_GET] = "SELECT id, name, name_key, created FROM orders"
	    " WHERE name_key = ?",
	[PST_ST_ORDER_BY_ID] = "SELECT id, name, name_key, created"
	    " FROM orders WHERE id = ?",
	[PST_ST_ORDER_DEL] = "DELETE FROM orders WHERE id = ?",
	[PST_ST_ORDER_CLEAR] = "UPDATE accounts SET order_id = -1"
	    " WHERE order_id = ?",
	[PST_ST_ORDER_LIST] = "SELECT o.id, o.name, o.name_key, o.created,"
	    " (SELECT count(*) FROM accounts a WHERE a.order_id = o.id)"
	    " FROM orders o ORDER BY o.id",
	[PST_ST_ORDER_SET] = "UPDATE accounts SET order_id = ? WHERE id = ?",
	[PST_ST_ORDER_COUNT] = "SELECT count(*) FROM accounts"
	    " WHERE order_id = ?",
	[PST_ST_ORDER_MEMBERS] = "SELECT id FROM accounts WHERE order_id = ?"
	    " ORDER BY id LIMIT ?",
	/*
	 * README 11.1 item 6: spectators and co-op games (option bit 7)
	 * never count; a ranked room's game counts as ranked only for a
	 * player it rated.
	 */
	[PST_ST_STATS] = "SELECT r.room_type != 0, r.scoring, count(*),"
	    " sum(p.place = 1 AND p.tie = 0 AND p.dropped = 0),"
	    " sum(p.place = 1 AND p.tie != 0 AND p.dropped = 0),"
	    " sum(p.dropped != 0), sum(p.damage_given), sum(p.damage_taken)"
	    " FROM result_players p"
	    " JOIN results r ON r.id = p.result_id"
	    " JOIN result_teams t ON t.result_id = p.result_id"
	    " AND t.team = p.team"
	    " WHERE p.user_id = ?1 AND t.spectators = 0"
	    " AND (r.option_flags & 128) = 0"
	    " AND (r.room_type = 0 OR p.rating_before IS NOT NULL)"
	    " GROUP BY 1, 2",
	[PST_ST_LADDER_USERS] = "SELECT count(*) FROM ratings r"
	    " JOIN accounts a ON a.id = r.user_id WHERE r.position > 0",
};

_Static_assert(GS_OPT_COOP == 128, "PST_ST_STATS spells the co-op bit");

static int	pst_mkdirs(const char *);
static int	pst_create(const char *);
static int	pst_exec(struct pst_db *, const char *);
static int	pst_pragmas(struct pst_db *);
static int	pst_user_version(struct pst_db *, int *);
static int	pst_migrate(struct pst_db *);
static int	pst_migrate_step(struct pst_db *, int);
static int	pst_prepare(struct pst_db *);
static int	pst_db_simple(struct pst_db *, enum pst_stmt_id);

/* pst_mkdirs - every missing parent of path, mode 0750; errno kept. */
static int
pst_mkdirs(const char *path)
{
	char	dir[PATH_MAX];
	size_t	i, len = strlen(path);
	int	saved;

	if (len >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(dir, path, len + 1);
	while (len > 0 && dir[len - 1] != '/')
		len--;
	for (i = 1; i < len; i++) {
		if (dir[i] != '/')
			continue;
		dir[i] = '\0';
		if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
			saved = errno;
			log_warn("store: cannot create %s", dir);
			errno = saved;
			return -1;
		}
		dir[i] = '/';
	}
	return 0;
}

/*
 * pst_create - the file exists with mode 0640 before SQLite opens it:
 * it holds password hashes, and SQLite gives the -wal and -shm files
 * the mode of the database file.
 */
static int
pst_create(const char *path)
{
	int	fd, saved;

	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640)) == -1) {
		saved = errno;
		log_warn("store: cannot open %s", path);
		errno = saved;
		return -1;
	}
	close(fd);
	return 0;
}

static int
pst_exec(struct pst_db *db, const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_warnx("store: %s: %s", db->path,
		    err != NULL ? err : sqlite3_errmsg(db->h));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* WAL needs a reply check: a read-only or odd file keeps its mode. */
static int
pst_pragmas(struct pst_db *db)
{
	sqlite3_stmt	*st;
	int		 ok = 0;

	if (sqlite3_busy_timeout(db->h, PST_BUSY_MS) != SQLITE_OK ||
	    pst_exec(db, "PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = NORMAL;") == -1)
		return -1;
	if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL) != SQLITE_OK) {
		log_warnx("store: %s: %s", db->path, sqlite3_errmsg(db->h));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL)
		ok = strcmp((const char *)sqlite3_column_text(st, 0),
		    "wal") == 0;
	sqlite3_finalize(st);
	if (!ok)
		log_warnx("store: %s: cannot switch to WAL mode: %s",
		    db->path, sqlite3_errmsg(db->h));
	return ok ? 0 : -1;
}

static int
pst_user_version(struct pst_db *db, int *v)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK) {
		log_warnx("store: %s: %s", db->path, sqlite3_errmsg(db->h));
		return -1;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	else
		log_warnx("store: %s: cannot read user_version: %s",
		    db->path, sqlite3_errmsg(db->h));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int
pst_migrate_step(struct pst_db *db, int to)
{
	char	bump[64];

	snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", to);
	if (pst_exec(db, "BEGIN IMMEDIATE") == -1)
		return -1;
	if (pst_exec(db, pst_migrations[to - 1]) == -1 ||
	    pst_exec(db, bump) == -1 || pst_exec(db, "COMMIT") == -1) {
		(void)sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		log_warnx("store: %s: migration to schema %d failed",
		    db->path, to);
		return -1;
	}
	log_info("store: %s: schema migrated to version %d", db->path, to);
	return 0;
}

/* 0, or an exit status: EX_CONFIG for a database from the future. */
static int
pst_migrate(struct pst_db *db)
{
	int	v;

	if (pst_user_version(db, &v) == -1)
		return EX_IOERR;
	if (v > PST_DB_VERSION || v < 0) {
		log_warnx("store: %s has schema version %d but this mythmetad "
		    "knows versions up to %d; refusing to use it (upgrade "
		    "mythmetad or point store.path elsewhere)", db->path, v,
		    PST_DB_VERSION);
		return EX_CONFIG;
	}
	for (; v < PST_DB_VERSION; v++)
		if (pst_migrate_step(db, v + 1) == -1)
			return EX_IOERR;
	return 0;
}

static int
pst_prepare(struct pst_db *db)
{
	int	i;

	for (i = 0; i < PST_ST_COUNT; i++) {
		if (sqlite3_prepare_v3(db->h, pst_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &db->st[i], NULL) !=
		    SQLITE_OK) {
			log_warnx("store: %s: cannot prepare \"%s\": %s",
			    db->path, pst_sql[i], sqlite3_errmsg(db->h));
			return -1;
		}
	}
	return 0;
}

int
pst_db_open(const char *path, struct pst_db **db_r)
{
	struct pst_db	*db;
	int		 rv = EX_IOERR;

	*db_r = NULL;
	if ((db = calloc(1, sizeof(*db))) == NULL) {
		log_warn("store: calloc");
		return EX_OSERR;
	}
	snprintf(db->path, sizeof(db->path), "%s", path);
	if (pst_mkdirs(path) == -1 || pst_create(path) == -1) {
		rv = errno == EACCES || errno == EPERM ? EX_NOPERM : EX_IOERR;
		goto fail;
	}
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_warnx("store: cannot open %s: %s", path,
		    db->h != NULL ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	if (pst_pragmas(db) == -1 || (rv = pst_migrate(db)) != 0 ||
	    (rv = EX_IOERR, pst_prepare(db) == -1))
		goto fail;
	*db_r = db;
	return 0;
fail:
	pst_db_close(db);
	return rv;
}

void
pst_db_close(struct pst_db *db)
{
	int	i;

	if (db == NULL)
		return;
	for (i = 0; i < PST_ST_COUNT; i++)
		sqlite3_finalize(db->st[i]);
	if (db->h != NULL && sqlite3_close(db->h) != SQLITE_OK)
		log_warnx("store: closing %s: %s", db->path,
		    sqlite3_errmsg(db->h));
	free(db);
}

sqlite3_stmt *
pst_db_stmt(struct pst_db *db, enum pst_stmt_id id)
{
	return db->st[id];
}

int
pst_db_step(struct pst_db *db, sqlite3_stmt *st)
{
	int	rc = sqlite3_step(st);

	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	log_warnx("store: %s: \"%s\": %s", db->path, sqlite3_sql(st),
	    sqlite3_errmsg(db->h));
	return -1;
}

/* Always leave a statement reusable and holding no pointers. */
void
pst_db_reset(sqlite3_stmt *st)
{
	(void)sqlite3_reset(st);
	(void)sqlite3_clear_bindings(st);
}

int
pst_db_bind_text(struct pst_db *db, sqlite3_stmt *st, int i, const char *s)
{
	if (sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) == SQLITE_OK)
		return 0;
	log_warnx("store: bind: %s", sqlite3_errmsg(db->h));
	return -1;
}

int
pst_db_bind_int(struct pst_db *db, sqlite3_stmt *st, int i, int64_t v)
{
	if (sqlite3_bind_int64(st, i, v) == SQLITE_OK)
		return 0;
	log_warnx("store: bind: %s", sqlite3_errmsg(db->h));
	return -1;
}

int
pst_db_changes(struct pst_db *db)
{
	return sqlite3_changes(db->h);
}

int64_t
pst_db_last_id(struct pst_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

static int
pst_db_simple(struct pst_db *db, enum pst_stmt_id id)
{
	sqlite3_stmt	*st = db->st[id];
	int		 rc = pst_db_step(db, st);

	pst_db_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
pst_db_begin(struct pst_db *db)
{
	return pst_db_simple(db, PST_ST_BEGIN);
}

int
pst_db_commit(struct pst_db *db)
{
	if (pst_db_simple(db, PST_ST_COMMIT) == 0)
		return 0;
	pst_db_rollback(db);
	return -1;
}

/* After a failed COMMIT SQLite may already have rolled back. */
void
pst_db_rollback(struct pst_db *db)
{
	if (sqlite3_get_autocommit(db->h))
		return;
	(void)pst_db_simple(db, PST_ST_ROLLBACK);
}
