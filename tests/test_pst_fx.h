/*
 * test_pst_fx.h - the fixture the store's database tests share: a
 * mkdtemp directory with a database path in it, opened and reopened
 * through pst_db_open(), and raw SQL on a second connection to look at
 * (or break) what the store wrote.
 */
#ifndef MS_TEST_PST_FX_H
#define MS_TEST_PST_FX_H

#include <stdint.h>

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

#endif /* MS_TEST_PST_FX_H */
