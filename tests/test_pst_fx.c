/*
 * test_pst_fx.c - the shared database fixture of the store's tests
 * (see test_pst_fx.h).  The directory is removed at teardown.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pst.h"
#include "test_pst_fx.h"

int
pst_fx_setup(void **state, const char *dbrel)
{
	struct pst_fx	*fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_pst.XXXXXX");
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return -1;
	}
	snprintf(fx->path, sizeof(fx->path), "%s/%s", fx->dir, dbrel);
	*state = fx;
	return 0;
}

int
pst_fx_teardown(void **state)
{
	struct pst_fx	*fx = *state;
	char		 cmd[160];

	pst_db_close(fx->db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

void
pst_fx_open(struct pst_fx *fx)
{
	pst_db_close(fx->db);
	fx->db = NULL;
	assert_int_equal(pst_db_open(fx->path, &fx->db), 0);
}

int64_t
pst_fx_int(const char *path, const char *sql)
{
	sqlite3		*h;
	sqlite3_stmt	*st;
	int64_t		 v = -12345;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -999 :
		    sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

void
pst_fx_exec(const char *path, const char *sql)
{
	sqlite3	*h;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}
