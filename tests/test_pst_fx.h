/*
 * test_pst_fx.h - the fixture the store's database tests share: a
 * mkdtemp directory with a database path in it, opened and reopened
 * through pst_db_open(), raw SQL on a second connection to look at (or
 * break) what the store wrote, accounts, and game results to store.
 */
#ifndef MS_TEST_PST_FX_H
#define MS_TEST_PST_FX_H

#include <stdint.h>

/*
 * PST_FX_V1_TABLES - the tables of schema 1 as an old file has them
 * (schema 2 added tables, not changed these): SQL for pst_fx_exec().
 */
#define PST_FX_V1_TABLES						\
	"CREATE TABLE accounts (id INTEGER PRIMARY KEY AUTOINCREMENT,"	\
	" name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,"		\
	" pw_hash TEXT NOT NULL, admin INTEGER NOT NULL DEFAULT 0,"	\
	" order_id INTEGER NOT NULL DEFAULT -1, created INTEGER NOT NULL," \
	" last_login INTEGER);"						\
	"CREATE TABLE bans (id INTEGER PRIMARY KEY,"			\
	" kind TEXT CHECK(kind IN ('user','ip')), value TEXT NOT NULL,"	\
	" reason TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL,"	\
	" expires INTEGER NOT NULL DEFAULT 0);"				\
	"CREATE INDEX bans_kind_value ON bans(kind, value);"		\
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER);"

struct gs_player;
struct gs_result;
struct pst_db;

struct pst_fx {
	char		 dir[64];
	char		 path[128];
	struct pst_db	*db;
};

/* pst_fx_setup - a fresh directory; the database at dir/dbrel. */
int	pst_fx_setup(void **state, const char *dbrel);
int	pst_fx_teardown(void **state);
/* pst_fx_open - (re)open fx->path as the store does. */
void	pst_fx_open(struct pst_fx *);
/* pst_fx_int - one integer from SQL on another connection; NULL = -999. */
int64_t	pst_fx_int(const char *path, const char *sql);
void	pst_fx_exec(const char *path, const char *sql);

/* pst_fx_account - an account without the hash pool; its id. */
int64_t	pst_fx_account(struct pst_db *, const char *name);
/* pst_fx_accounts - the first n of accounts 1 Ann, 2 Bob, 3 Cid, 4 Dan. */
void	pst_fx_accounts(struct pst_db *, int n);

/*
 * pst_fx_result - a result without teams: game 1 of player 1 in room 2
 * (room_type), scoring, on Forest Heart, 600 s from 1000 to 1600.
 */
void	pst_fx_result(struct gs_result *, uint64_t key, uint32_t room_type,
	    int scoring);
void	pst_fx_team(struct gs_result *, int16_t place, int tie,
	    int spectators);
/* pst_fx_player - onto the last team; the first there is its captain. */
struct gs_player *pst_fx_player(struct gs_result *, uint32_t id,
	    const char *nick, int dropped);

#endif /* MS_TEST_PST_FX_H */
