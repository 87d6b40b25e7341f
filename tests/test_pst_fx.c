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
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "gs_result.h"
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

int64_t
pst_fx_account(struct pst_db *db, const char *name)
{
	struct pst_name	nm;
	int64_t		id;

	assert_int_equal(pst_name_admin(name, &nm), 0);
	assert_int_equal(pst_db_acct_add(db, &nm, "$x", 0, 1, &id), 0);
	return id;
}

void
pst_fx_accounts(struct pst_db *db, int n)
{
	static const char *const	names[] = {
		"Ann", "Bob", "Cid", "Dan"
	};
	int				i;

	assert_true(n <= 4);
	for (i = 0; i < n; i++)
		assert_int_equal(pst_fx_account(db, names[i]), i + 1);
}

void
pst_fx_result(struct gs_result *r, uint64_t key, uint32_t room_type,
    int scoring)
{
	memset(r, 0, sizeof(*r));
	r->key = key;
	r->room_id = 2;
	r->room_type = room_type;
	r->host_id = 1;
	r->game_id = 1;
	snprintf(r->map_name, sizeof(r->map_name), "Forest Heart");
	r->scoring = (int16_t)scoring;
	r->started = 1000;
	r->ended = 1600;
	r->duration = 600;
}

void
pst_fx_team(struct gs_result *r, int16_t place, int tie, int spectators)
{
	struct gs_team	*t = &r->teams[r->nteams++];

	t->place = place;
	t->tie = (uint8_t)tie;
	t->spectators = (uint8_t)spectators;
	t->first = r->nplayers;
}

struct gs_player *
pst_fx_player(struct gs_result *r, uint32_t id, const char *nick,
    int dropped)
{
	struct gs_team		*t = &r->teams[r->nteams - 1];
	struct gs_player	*p = &r->players[r->nplayers++];

	p->id = id;
	snprintf(p->nick, sizeof(p->nick), "%s", nick);
	p->team = (uint8_t)(r->nteams - 1);
	p->captain = t->count == 0 && !t->spectators;
	p->host = id == r->host_id;
	p->dropped = (uint8_t)dropped;
	t->count++;
	return p;
}
