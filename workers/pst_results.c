/*
 * pst_results.c - game results and ratings on the store's database
 * (schema 2; best rating and caste since 3; pst_db.c).  A result is
 * stored exactly once: its row goes in with ON CONFLICT(result_key) DO
 * NOTHING, and its teams, players and rating changes follow in the same
 * IMMEDIATE transaction only when the row was new, so a resent report
 * changes nothing.  Only registered players (ids 1..PST_ID_MAX) on a
 * placed team of a ranked result are rated (gs_rank.h); guests keep a
 * NULL user_id and no rating.  Texts arrive MacRoman and are stored
 * UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "gs_rank.h"
#include "gs_result.h"
#include "log.h"
#include "macroman.h"
#include "pst.h"

_Static_assert(PST_RESULT_PLAYERS == GS_PLAYERS_MAX,
    "a stored result holds every player of a derived one");

struct pst_rate {			/* the rating work of one result */
	int			n;
	int8_t			of[GS_PLAYERS_MAX];	/* player -> e[], -1 */
	struct gs_rank_ent	e[GS_PLAYERS_MAX];
	struct pst_rating	old[GS_PLAYERS_MAX];
};

static int64_t	pst_user_id(uint32_t);
static void	pst_utf8(const char *, char *, size_t);
static void	pst_res_text(sqlite3_stmt *, int, char *, size_t);
static int	pst_bind_ints(struct pst_db *, sqlite3_stmt *, int,
		    const int64_t *, int);
static int	pst_run(struct pst_db *, sqlite3_stmt *);
static int	pst_res_insert(struct pst_db *, const struct gs_result *,
		    int64_t *);
static int	pst_res_teams(struct pst_db *, const struct gs_result *,
		    int64_t);
static int	pst_rate_load(struct pst_db *, const struct gs_result *,
		    struct pst_rate *);
static int	pst_res_player(struct pst_db *, const struct gs_result *,
		    int64_t, int, const struct pst_rate *);
static int	pst_rating_put(struct pst_db *, const struct pst_rating *);
static int	pst_rate_save(struct pst_db *, const struct gs_result *,
		    const struct pst_rate *);
static int	pst_ladder_read(struct pst_db *, struct gs_caste_ent **,
		    size_t *);
static int	pst_ladder_write(struct pst_db *, const struct gs_caste_ent *,
		    size_t);
static void	pst_row_result(sqlite3_stmt *, struct pst_result_row *);
static void	pst_row_player(sqlite3_stmt *, struct pst_result_player *);
static int	pst_row_players(struct pst_db *, struct pst_result_row *);

/* Guests and the null id get no user_id: 0 here, NULL in the table. */
static int64_t
pst_user_id(uint32_t id)
{
	return id >= 1 && id <= PST_ID_MAX ? (int64_t)id : 0;
}

static void
pst_utf8(const char *mac, char *out, size_t cap)
{
	(void)ms_macroman_to_utf8((const uint8_t *)mac, strlen(mac), out,
	    cap, NULL);
}

static void
pst_res_text(sqlite3_stmt *st, int i, char *out, size_t cap)
{
	const unsigned char	*t = sqlite3_column_text(st, i);

	snprintf(out, cap, "%s", t != NULL ? (const char *)t : "");
}

/* pst_bind_ints - v[0..n) to parameters first, first + 1, ... */
static int
pst_bind_ints(struct pst_db *db, sqlite3_stmt *st, int first,
    const int64_t *v, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		if (pst_db_bind_int(db, st, first + i, v[i]) == -1)
			return -1;
	return 0;
}

/* pst_run - step a bound statement that returns no rows, then reset. */
static int
pst_run(struct pst_db *db, sqlite3_stmt *st)
{
	int	rc = pst_db_step(db, st);

	pst_db_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* 1 with *id_r when the row is new, 0 when the key was stored before. */
static int
pst_res_insert(struct pst_db *db, const struct gs_result *r, int64_t *id_r)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_RES_ADD);
	char		 game[PST_GAME_UTF8], map[PST_MAP_UTF8];
	const int64_t	 head[] = { (int64_t)r->key, r->room_id, r->room_type,
	    r->game_id };
	const int64_t	 tail[] = { r->game_type, r->scoring, r->option_flags,
	    r->time_limit, r->started, r->ended, r->ended_code, r->duration,
	    r->host_id, gs_result_ranked(r) };

	pst_utf8(r->game_name, game, sizeof(game));
	pst_utf8(r->map_name, map, sizeof(map));
	if (pst_bind_ints(db, st, 1, head, 4) == -1 ||
	    pst_db_bind_text(db, st, 5, game) == -1 ||
	    pst_db_bind_text(db, st, 6, map) == -1 ||
	    pst_bind_ints(db, st, 7, tail, 10) == -1 || pst_run(db, st) == -1) {
		pst_db_reset(st);
		return -1;
	}
	if (pst_db_changes(db) == 0)
		return 0;
	*id_r = pst_db_last_id(db);
	return 1;
}

static int
pst_res_teams(struct pst_db *db, const struct gs_result *r, int64_t id)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_RES_TEAM_ADD);
	int		 i;

	for (i = 0; i < r->nteams; i++) {
		const struct gs_team	*t = &r->teams[i];
		const int64_t		 v[] = { id, i, t->place, t->tie,
		    t->spectators, t->eliminated };

		if (pst_bind_ints(db, st, 1, v, 6) == -1 ||
		    pst_run(db, st) == -1) {
			pst_db_reset(st);
			return -1;
		}
	}
	return 0;
}

/* The players to rate, their stored ratings, and the new ones. */
static int
pst_rate_load(struct pst_db *db, const struct gs_result *r,
    struct pst_rate *rt)
{
	const struct gs_player	*p;
	const struct gs_team	*t;
	int			 i, k, rc;

	memset(rt, 0, sizeof(*rt));
	memset(rt->of, -1, sizeof(rt->of));
	if (!gs_result_ranked(r))
		return 0;
	for (i = 0; i < r->nplayers; i++) {
		p = &r->players[i];
		t = &r->teams[p->team];
		if (t->spectators || pst_user_id(p->id) == 0)
			continue;
		k = rt->n++;
		rt->of[i] = (int8_t)k;
		if ((rc = pst_rating_get(db, p->id, &rt->old[k])) == -1)
			return -1;
		if (rc == 1) {
			rt->old[k].user_id = p->id;
			rt->old[k].rating = GS_RATING_START;
			rt->old[k].caste = GS_CASTE_NONE;
			rt->old[k].best_caste = GS_CASTE_NONE;
		}
		rt->e[k].rating = rt->old[k].rating;
		rt->e[k].team = p->team;
		rt->e[k].place = t->place;
		rt->e[k].dropped = p->dropped;
	}
	gs_rank_rate(rt->e, (size_t)rt->n);
	return 0;
}

static int
pst_res_player(struct pst_db *db, const struct gs_result *r, int64_t id,
    int i, const struct pst_rate *rt)
{
	sqlite3_stmt			*st;
	const struct gs_player		*p = &r->players[i];
	const struct gs_team		*t = &r->teams[p->team];
	const struct gs_rank_ent	*e = NULL;
	char				 nick[PST_UTF8_MAX];
	const int64_t			 v[] = { p->team, t->place, t->tie,
	    p->host, p->captain, p->dropped, p->units_killed, p->units_lost,
	    p->damage_given, p->damage_taken };
	int				 ok;

	/* Unbound parameters are NULL: guests' user_id, unrated ratings. */
	st = pst_db_stmt(db, PST_ST_RES_PLAYER_ADD);
	if (rt->of[i] >= 0)
		e = &rt->e[rt->of[i]];
	pst_utf8(p->nick, nick, sizeof(nick));
	ok = pst_db_bind_int(db, st, 1, id) == 0 &&
	    pst_db_bind_int(db, st, 2, i) == 0 &&
	    (pst_user_id(p->id) == 0 || pst_db_bind_int(db, st, 3,
	    pst_user_id(p->id)) == 0) &&
	    pst_db_bind_text(db, st, 4, nick) == 0 &&
	    pst_bind_ints(db, st, 5, v, 10) == 0;
	if (ok && e != NULL && e->opponents > 0)
		ok = pst_db_bind_int(db, st, 15, e->rating) == 0 &&
		    pst_db_bind_int(db, st, 16, e->after) == 0;
	if (!ok || pst_run(db, st) == -1) {
		pst_db_reset(st);
		return -1;
	}
	return 0;
}

static int
pst_rating_put(struct pst_db *db, const struct pst_rating *g)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_RATING_PUT);
	const int64_t	 v[] = { g->user_id, g->rating, g->games, g->wins,
	    g->losses, g->ties, g->caste, g->position, g->updated,
	    g->best_rating, g->best_caste };

	if (pst_bind_ints(db, st, 1, v, 11) == -1 || pst_run(db, st) == -1) {
		pst_db_reset(st);
		return -1;
	}
	return 0;
}

/*
 * A player's ladder caste moves only when pst_ratings_castes() runs
 * (Bungie recomputed it every two hours); the caste of a player still
 * off the ladder depends on nothing but games, so it is kept current.
 */
static int
pst_rate_save(struct pst_db *db, const struct gs_result *r,
    const struct pst_rate *rt)
{
	const struct gs_team	*t;
	struct pst_rating	 g;
	int			 i, k;

	for (i = 0; i < r->nplayers; i++) {
		if ((k = rt->of[i]) < 0 || rt->e[k].opponents == 0)
			continue;
		g = rt->old[k];
		t = &r->teams[r->players[i].team];
		g.rating = rt->e[k].after;
		g.games++;
		switch (gs_rank_outcome(t->place, t->tie, rt->e[k].dropped)) {
		case GS_WIN:
			g.wins++;
			break;
		case GS_TIE:
			g.ties++;
			break;
		default:
			g.losses++;
		}
		if (g.games <= GS_RANK_ACTIVE)
			g.caste = gs_rank_caste_games(g.games);
		if (g.rating > g.best_rating)
			g.best_rating = g.rating;
		if (g.caste > g.best_caste)
			g.best_caste = g.caste;
		g.updated = r->ended;
		if (pst_rating_put(db, &g) == -1)
			return -1;
	}
	return 0;
}

int
pst_result_store(struct pst_db *db, const struct gs_result *r)
{
	struct pst_rate	rt;
	int64_t		id = 0;
	int		i, rc;

	if (pst_db_begin(db) == -1)
		return -1;
	if ((rc = pst_res_insert(db, r, &id)) != 1) {
		pst_db_rollback(db);
		return rc;
	}
	if (pst_res_teams(db, r, id) == -1 || pst_rate_load(db, r, &rt) == -1)
		goto fail;
	for (i = 0; i < r->nplayers; i++)
		if (pst_res_player(db, r, id, i, &rt) == -1)
			goto fail;
	if (pst_rate_save(db, r, &rt) == -1 || pst_db_commit(db) == -1)
		goto fail;
	return 1;
fail:
	log_warnx("store: result %016llx not stored",
	    (unsigned long long)r->key);
	pst_db_rollback(db);
	return -1;
}

int
pst_rating_get(struct pst_db *db, int64_t user_id, struct pst_rating *g)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_RATING_GET);
	int		 rc = -1;

	memset(g, 0, sizeof(*g));
	if (pst_db_bind_int(db, st, 1, user_id) == 0)
		rc = pst_db_step(db, st);
	if (rc == SQLITE_ROW) {
		g->user_id = sqlite3_column_int64(st, 0);
		g->rating = sqlite3_column_int(st, 1);
		g->games = sqlite3_column_int(st, 2);
		g->wins = sqlite3_column_int(st, 3);
		g->losses = sqlite3_column_int(st, 4);
		g->ties = sqlite3_column_int(st, 5);
		g->caste = sqlite3_column_int(st, 6);
		g->position = (uint32_t)sqlite3_column_int64(st, 7);
		g->updated = sqlite3_column_int64(st, 8);
		g->best_rating = sqlite3_column_int(st, 9);
		g->best_caste = sqlite3_column_int(st, 10);
	}
	pst_db_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* Inside the caller's transaction, so the count and the rows agree. */
static int
pst_ladder_read(struct pst_db *db, struct gs_caste_ent **v_r, size_t *n_r)
{
	sqlite3_stmt		*cnt = pst_db_stmt(db, PST_ST_RATING_COUNT);
	sqlite3_stmt		*st = pst_db_stmt(db, PST_ST_RATING_LADDER);
	struct gs_caste_ent	*v;
	int64_t			 total = -1;
	size_t			 n = 0;
	int			 rc;

	if (pst_db_step(db, cnt) == SQLITE_ROW)
		total = sqlite3_column_int64(cnt, 0);
	pst_db_reset(cnt);
	if (total < 0 || (v = calloc((size_t)total + 1, sizeof(*v))) == NULL)
		return -1;
	while ((rc = pst_db_step(db, st)) == SQLITE_ROW &&
	    n < (size_t)total) {
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].rating = sqlite3_column_int(st, 1);
		v[n++].games = sqlite3_column_int(st, 2);
	}
	pst_db_reset(st);
	if (rc == -1) {
		free(v);
		return -1;
	}
	*v_r = v;
	*n_r = n;
	return 0;
}

static int
pst_ladder_write(struct pst_db *db, const struct gs_caste_ent *v, size_t n)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_RATING_CASTE);
	size_t		 i;

	for (i = 0; i < n; i++) {
		const int64_t	a[] = { v[i].caste, v[i].position, v[i].id };

		if (pst_bind_ints(db, st, 1, a, 3) == -1 ||
		    pst_run(db, st) == -1) {
			pst_db_reset(st);
			return -1;
		}
	}
	return 0;
}

/* Accounts deleted since they played hold no place on the ladder. */
int
pst_ratings_castes(struct pst_db *db)
{
	struct gs_caste_ent	*v = NULL;
	size_t			 n = 0;

	if (pst_db_begin(db) == -1)
		return -1;
	if (pst_ladder_read(db, &v, &n) == -1) {
		pst_db_rollback(db);
		return -1;
	}
	gs_rank_castes(v, n);
	if (pst_ladder_write(db, v, n) == -1 || pst_db_commit(db) == -1) {
		free(v);
		pst_db_rollback(db);
		return -1;
	}
	free(v);
	return 0;
}

static void
pst_row_result(sqlite3_stmt *st, struct pst_result_row *w)
{
	memset(w, 0, sizeof(*w));
	w->id = sqlite3_column_int64(st, 0);
	w->key = (uint64_t)sqlite3_column_int64(st, 1);
	w->room_id = (uint32_t)sqlite3_column_int64(st, 2);
	w->room_type = (uint32_t)sqlite3_column_int64(st, 3);
	w->game_id = (uint32_t)sqlite3_column_int64(st, 4);
	pst_res_text(st, 5, w->game_name, sizeof(w->game_name));
	pst_res_text(st, 6, w->map_name, sizeof(w->map_name));
	w->game_type = sqlite3_column_int(st, 7);
	w->scoring = sqlite3_column_int(st, 8);
	w->option_flags = (uint32_t)sqlite3_column_int64(st, 9);
	w->time_limit = sqlite3_column_int(st, 10);
	w->started = sqlite3_column_int64(st, 11);
	w->ended = sqlite3_column_int64(st, 12);
	w->ended_code = sqlite3_column_int(st, 13);
	w->duration = sqlite3_column_int(st, 14);
	w->host_id = (uint32_t)sqlite3_column_int64(st, 15);
	w->ranked = sqlite3_column_int(st, 16);
}

static void
pst_row_player(sqlite3_stmt *st, struct pst_result_player *p)
{
	p->user_id = sqlite3_column_int64(st, 0);
	pst_res_text(st, 1, p->nick, sizeof(p->nick));
	p->team = sqlite3_column_int(st, 2);
	p->place = sqlite3_column_int(st, 3);
	p->tie = sqlite3_column_int(st, 4);
	p->spectator = sqlite3_column_int(st, 5);
	p->host = sqlite3_column_int(st, 6);
	p->captain = sqlite3_column_int(st, 7);
	p->dropped = sqlite3_column_int(st, 8);
	p->units_killed = sqlite3_column_int(st, 9);
	p->units_lost = sqlite3_column_int(st, 10);
	p->damage_given = sqlite3_column_int(st, 11);
	p->damage_taken = sqlite3_column_int(st, 12);
	p->rated = sqlite3_column_type(st, 13) != SQLITE_NULL;
	p->rating_before = sqlite3_column_int(st, 13);
	p->rating_after = sqlite3_column_int(st, 14);
}

static int
pst_row_players(struct pst_db *db, struct pst_result_row *w)
{
	sqlite3_stmt	*st = pst_db_stmt(db, PST_ST_RES_PLAYERS);
	int		 rc = -1;

	if (pst_db_bind_int(db, st, 1, w->id) == 0)
		while (w->nplayers < PST_RESULT_PLAYERS &&
		    (rc = pst_db_step(db, st)) == SQLITE_ROW)
			pst_row_player(st, &w->players[w->nplayers++]);
	pst_db_reset(st);
	return rc == -1 ? -1 : 0;
}

int
pst_results_recent(struct pst_db *db, const char *key, int n,
    int (*cb)(const struct pst_result_row *, void *), void *arg)
{
	sqlite3_stmt		*st = pst_db_stmt(db, PST_ST_RES_RECENT);
	struct pst_account	 a;
	struct pst_result_row	 w;
	int			 rc;

	memset(&a, 0, sizeof(a));
	if (key != NULL && (rc = pst_db_acct_get(db, key, &a)) != 0)
		return rc;
	n = n < 1 ? 1 : n > PST_RESULTS_MAX ? PST_RESULTS_MAX : n;
	rc = -1;
	if (pst_db_bind_int(db, st, 1, a.id) == 0 &&
	    pst_db_bind_int(db, st, 2, n) == 0)
		while ((rc = pst_db_step(db, st)) == SQLITE_ROW) {
			pst_row_result(st, &w);
			if (pst_row_players(db, &w) == -1) {
				rc = -1;
				break;
			}
			if (cb(&w, arg) != 0)
				break;
		}
	pst_db_reset(st);
	return rc == -1 ? -1 : 0;
}
