/*
 * gs_admin.c - the `games` verb of mythmetactl: every listed game, one
 * line each, by room then game id, then the count.  Names come from the
 * host's description, MacRoman made safe for a terminal.  The answer
 * never exceeds its buffer: lines that do not fit are counted instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs.h"
#include "macroman.h"

#define GS_ADMIN_TAIL	64	/* kept free for the closing lines */
#define GS_NAME_TEXT	(4 * GS_MAP_NAME_SIZE)	/* escapes grow 4x */

static int	gs_ent_cmp(const void *, const void *);
static void	gs_admin_names(const struct gs_ent *, char *, char *,
		    uint32_t *);
static int	gs_admin_line(const struct gs_ent *, int64_t, char *, size_t);

static int
gs_ent_cmp(const void *a, const void *b)
{
	const struct gs_ent	*x = *(const struct gs_ent *const *)a;
	const struct gs_ent	*y = *(const struct gs_ent *const *)b;

	if (x->room_id != y->room_id)
		return x->room_id < y->room_id ? -1 : 1;
	if (x->user_id != y->user_id)
		return x->user_id < y->user_id ? -1 : 1;
	return 0;
}

/* gs_admin_names - game and map names, and the players the host shows. */
static void
gs_admin_names(const struct gs_ent *e, char *game, char *map,
    uint32_t *players)
{
	struct mw_game_desc	d;

	*players = e->nplayers;
	if (mw_decode_game_data(e->desc, e->desc_len, &d) != MW_OK) {
		(void)snprintf(game, GS_NAME_TEXT, "?");
		(void)snprintf(map, GS_NAME_TEXT, "?");
		return;
	}
	(void)ms_macroman_sanitize((const uint8_t *)d.game_name,
	    strlen(d.game_name), game, GS_NAME_TEXT, NULL);
	(void)ms_macroman_sanitize((const uint8_t *)d.map_name,
	    strlen(d.map_name), map, GS_NAME_TEXT, NULL);
	if (d.player_count > 0)
		*players = (uint32_t)d.player_count;
}

static int
gs_admin_line(const struct gs_ent *e, int64_t now_wall_ms, char *buf,
    size_t cap)
{
	struct mw_game_entry	ge;
	char			game[GS_NAME_TEXT], map[GS_NAME_TEXT];
	char			state[48];
	uint32_t		players;

	gs_admin_names(e, game, map, &players);
	gs_entry_make(e, MW_VERB_ADD, now_wall_ms, &ge);
	if (!gs_ent_started(e))
		(void)snprintf(state, sizeof(state), "open");
	else if (ge.aux.seconds_remaining < 0)
		(void)snprintf(state, sizeof(state), "running untimed");
	else
		(void)snprintf(state, sizeof(state), "running %d s left",
		    ge.aux.seconds_remaining);
	return snprintf(buf, cap, "room %u game %u host %u \"%s\" on \"%s\" "
	    "players %u %s\n", e->room_id, e->user_id, e->user_id, game, map,
	    players, state);
}

void
gs_admin_games(const struct gs_tbl *t, int64_t now_wall_ms, char *buf,
    size_t cap)
{
	const struct gs_ent	**v;
	const struct gs_ent	*e;
	size_t			 i = 0, len = 0, n = t->n;
	int			 w;

	if (cap <= GS_ADMIN_TAIL) {
		(void)snprintf(buf, cap, "%zu games", n);
		return;
	}
	buf[0] = '\0';
	if (n > 0 && (v = calloc(n, sizeof(*v))) != NULL) {
		TAILQ_FOREACH(e, &t->all, all)
			v[i++] = e;
		qsort(v, n, sizeof(*v), gs_ent_cmp);
		for (i = 0; i < n; i++) {
			w = gs_admin_line(v[i], now_wall_ms, buf + len,
			    cap - GS_ADMIN_TAIL - len);
			if (w < 0 || (size_t)w >= cap - GS_ADMIN_TAIL - len) {
				buf[len] = '\0';
				break;
			}
			len += (size_t)w;
		}
		free(v);
		if (i < n)
			len += (size_t)snprintf(buf + len, cap - len,
			    "... and %zu more\n", n - i);
	}
	/* mythmetactl ends the answer with its own newline. */
	(void)snprintf(buf + len, cap - len, "%zu game%s", n,
	    n == 1 ? "" : "s");
}
