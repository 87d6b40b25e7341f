/*
 * gw_game.c - the game packets of a room session (README 10) and the
 * game state of each host session.  The gateway is the source of truth
 * for a hosted game: the last 104 (checked first: gw_game_check.c), the
 * player list of 111, the start of 114; every change goes to the game
 * worker whole, in one MS_GS_HOST, so each message is an idempotent
 * upsert and the replay after a restart is the same message again
 * (gw_game_replay.c).  112 goes to gw_game_score.c, 116 to
 * gw_game_list.c.  A MS_GS_HOST or MS_GS_REMOVE the link refuses (its
 * queue full) is sent again from the tick: a host is marked dirty, a
 * remove is kept in a table until it goes or the session hosts again
 * (its next MS_GS_HOST says everything).  That table holds at most
 * ipc.queue_limit removes, as many as the link queues itself; beyond
 * it a remove is lost and logged.  Invariants: c->game is set only for
 * a session in a room, and freed when it leaves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw.h"
#include "gw_game.h"
#include "log.h"
#include "worker.h"

#define GW_RETRY_MS	100

static struct ms_gs_remove *removes;	/* refused, kept for a retry */
static uint32_t		   nremoves, removes_max;	/* ipc.queue_limit */
static uint32_t		   ndirty;	/* hosts whose HOST waits */
static int		   quiet;	/* stopping: say nothing */

static void	gw_game_create(struct gw_conn *, const uint8_t *, size_t);
static void	gw_game_players(struct gw_conn *, const uint8_t *, size_t);
static void	gw_game_start(struct gw_conn *, const uint8_t *, size_t);
static void	gw_game_remove(struct gw_conn *);
static void	gw_game_send(struct gw_conn *);
static void	gw_game_drop(struct gw_conn *);
static void	gw_game_forget(struct gw_conn *);
static void	gw_game_remove_tx(const struct ms_gs_remove *);
static void	gw_game_removes_cancel(uint32_t sid);
static int	gw_game_has(const struct gw_ghost *, uint32_t);

int
gw_game_init(const struct ms_config *cfg)
{
	if ((removes = calloc(cfg->ipc_queue_limit, sizeof(*removes))) ==
	    NULL) {
		log_warn("gateway: table of %u game removes",
		    cfg->ipc_queue_limit);
		return -1;
	}
	removes_max = cfg->ipc_queue_limit;
	nremoves = 0;
	gw_glist_init();
	return 0;
}

void
gw_game_fini(void)
{
	gw_greplay_fini();
	gw_score_fini();
	gw_glist_fini();
	free(removes);
	removes = NULL;
	removes_max = 0;
	nremoves = ndirty = 0;
}

void
gw_game_quiet(void)
{
	quiet = 1;
}

int64_t
gw_game_tick(uint64_t now_ms)
{
	int64_t	t[3], next = -1;
	int	i;

	t[0] = gw_game_host_tick(now_ms);
	t[1] = gw_score_tick(now_ms);
	t[2] = gw_greplay_tick(now_ms);
	for (i = 0; i < 3; i++)
		if (t[i] >= 0 && (next < 0 || t[i] < next))
			next = t[i];
	return next;
}

struct wrk_link *
gw_game_link(void)
{
	return wrk_link_find(MS_ROLE_GAME, 0);
}

void
gw_game_packet(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len)
{
	switch (type) {
	case MW_T_CREATE_GAME:
		gw_game_create(c, p, len);
		break;
	case MW_T_REMOVE_GAME:
		gw_game_remove(c);
		break;
	case MW_T_GAME_PLAYER_LIST:
		gw_game_players(c, p, len);
		break;
	case MW_T_START_GAME:
		gw_game_start(c, p, len);
		break;
	case MW_T_GAME_SCORE:
		gw_score_packet(c, p, len);
		break;
	case MW_T_GAME_SEARCH_QUERY:
		gw_glist_search(c, p, len);
		break;
	default:		/* 113: GoS ignores it too (README 10.5) */
		log_debug("client %u: game packet %u ignored", c->sid, type);
	}
}

/* 104: a new game or the whole new description of the session's game. */
static void
gw_game_create(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_create_game	 cg;
	struct gw_ghost		*g;
	char			 why[MS_TEXT_MAX];

	if (gg_create_check(p, len, &cg, why, sizeof(why)) == -1) {
		if (gw_log_ok())
			log_info("client %u: user %u: game of %zu bytes "
			    "refused: %s", c->sid, c->user_id, len, why);
		gw_send_text(c, MW_T_MESSAGE_OF_THE_DAY, why);
		return;
	}
	if ((g = c->game) == NULL) {
		if ((g = calloc(1, sizeof(*g))) == NULL) {
			log_warn("client %u: game", c->sid);
			return;
		}
		g->h.sid = c->sid;
		g->h.room_id = c->room_id;
		g->h.user_id = c->user_id;
		g->h.ipv4 = c->ipv4;
		g->h.flags = c->uflags & (MS_USER_GUEST | MS_USER_ADMIN |
		    MS_USER_ALEPHONE);
		g->h.limit_s = -1;
		c->game = g;
		gw_game_removes_cancel(c->sid);
	}
	g->h.port = cg.port;
	g->h.order = cg.order;
	g->h.desc_len = (uint32_t)cg.data_len;
	memcpy(g->desc, cg.data, cg.data_len);
	gw_game_send(c);
}

static int
gw_game_has(const struct gw_ghost *g, uint32_t id)
{
	uint32_t	i;

	for (i = 0; i < g->h.nplayers; i++)
		if (g->h.players[i] == id)
			return 1;
	return 0;
}

/* 111: replaced before the start, added to while it runs (README 10.3) */
static void
gw_game_players(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_game_player_list	 pl;
	struct gw_ghost			*g = c->game;
	int32_t				 id;
	int				 rc;

	if (g == NULL) {
		log_debug("client %u: 111 without a game ignored", c->sid);
		return;
	}
	if ((rc = mw_decode_game_player_list(p, len, &pl)) != MW_OK) {
		if (gw_log_ok())
			log_info("client %u: bad game player list ignored: %s",
			    c->sid, mw_strerror(rc));
		return;
	}
	if (!(g->h.flags & MS_GS_STARTED))
		g->h.nplayers = 0;
	while (mw_game_player_next(&pl.players, &id) == 1)
		if (g->h.nplayers < MS_GS_PLAYERS_MAX &&
		    !gw_game_has(g, (uint32_t)id))
			g->h.players[g->h.nplayers++] = (uint32_t)id;
	gw_game_send(c);
}

/* 114: the start, in unix milliseconds (part of the result's key). */
static void
gw_game_start(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_start_game	 s;
	struct gw_ghost		*g = c->game;
	int32_t			 secs;
	int			 rc;

	if (g == NULL) {
		log_debug("client %u: 114 without a game ignored", c->sid);
		return;
	}
	if ((rc = mw_decode_start_game(p, len, &s)) != MW_OK) {
		if (gw_log_ok())
			log_info("client %u: bad start_game ignored: %s",
			    c->sid, mw_strerror(rc));
		return;
	}
	secs = mw_start_game_seconds(&s, c->dialect);
	g->h.started = wrk_wall_ms();
	g->h.limit_s = secs > 0 ? secs : -1;
	g->h.flags |= MS_GS_STARTED;
	gw_game_send(c);
}

/* 105 */
static void
gw_game_remove(struct gw_conn *c)
{
	if (c->game == NULL) {
		log_debug("client %u: 105 without a game ignored", c->sid);
		return;
	}
	gw_game_drop(c);
}

void
gw_game_end(struct gw_conn *c)
{
	c->g_listed = 0;
	if (c->game != NULL)
		gw_game_drop(c);
}

/* gw_game_drop - the game is gone: the worker hears of it, we forget. */
static void
gw_game_drop(struct gw_conn *c)
{
	struct ms_gs_remove	r;

	memset(&r, 0, sizeof(r));
	r.sid = c->sid;
	r.user_id = c->game->h.user_id;
	r.room_id = c->game->h.room_id;
	gw_game_forget(c);
	if (!quiet)
		gw_game_remove_tx(&r);
}

static void
gw_game_forget(struct gw_conn *c)
{
	if (c->game->dirty)
		ndirty--;
	free(c->game);
	c->game = NULL;
}

void
gw_game_gone(const void *p)
{
	struct ms_gs_gone	 g;
	struct gw_conn		*c;

	memcpy(&g, p, sizeof(g));
	g.text[sizeof(g.text) - 1] = '\0';
	if ((c = gw_conn_by_sid(g.sid)) == NULL || c->dead ||
	    c->user_id != g.user_id)
		return;
	log_debug("client %u: game of user %u removed by the game worker",
	    c->sid, c->user_id);
	if (c->game != NULL)
		gw_game_forget(c);
	if (g.text[0] != '\0')
		gw_send_text(c, MW_T_MESSAGE_OF_THE_DAY, g.text);
}

int
gw_game_host_tx(struct wrk_link *l, struct gw_conn *c, uint32_t flags)
{
	uint8_t			 buf[sizeof(struct ms_gs_host) +
				     MS_GS_DESC_MAX];
	struct gw_ghost		*g = c->game;
	struct ms_gs_host	 h = g->h;

	h.flags |= flags;
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), g->desc, h.desc_len);
	if (wrk_send(l, MS_GS_HOST, 0, buf, sizeof(h) + h.desc_len) == -1)
		return -1;
	if (g->dirty) {
		g->dirty = 0;
		ndirty--;
	}
	return 0;
}

/* gw_game_send - the state changed: tell the worker, or mark it dirty. */
static void
gw_game_send(struct gw_conn *c)
{
	struct wrk_link	*l;

	if ((l = gw_game_link()) != NULL && gw_game_host_tx(l, c, 0) == 0)
		return;
	if (!c->game->dirty) {
		c->game->dirty = 1;
		ndirty++;
	}
	wrk_wakeup_in(GW_RETRY_MS);
}

static void
gw_game_remove_tx(const struct ms_gs_remove *r)
{
	struct wrk_link	*l;

	if ((l = gw_game_link()) != NULL &&
	    wrk_send(l, MS_GS_REMOVE, 0, r, sizeof(*r)) == 0)
		return;
	if (nremoves == removes_max) {
		log_warnx("game of sid %u: MS_GS_REMOVE lost (the link to "
		    "the game worker is full)", r->sid);
		return;
	}
	removes[nremoves++] = *r;
	wrk_wakeup_in(GW_RETRY_MS);
}

static void
gw_game_removes_cancel(uint32_t sid)
{
	uint32_t	i;

	for (i = 0; i < nremoves; i++)
		if (removes[i].sid == sid) {
			removes[i] = removes[--nremoves];
			return;
		}
}

/* gw_game_host_tick - what the link refused, again, in order of age. */
int64_t
gw_game_host_tick(uint64_t now_ms)
{
	struct wrk_link	*l = gw_game_link();
	struct gw_conn	*c;
	uint32_t	 i, n;

	(void)now_ms;
	if (l == NULL || (ndirty == 0 && nremoves == 0))
		return -1;
	for (i = n = 0; i < nremoves; i++)
		if (wrk_send(l, MS_GS_REMOVE, 0, &removes[i],
		    sizeof(removes[i])) == -1)
			removes[n++] = removes[i];
	nremoves = n;
	if (ndirty > 0)
		TAILQ_FOREACH(c, gw_conn_all(), entry)
			if (c->game != NULL && c->game->dirty &&
			    gw_game_host_tx(l, c, 0) == -1)
				break;
	return ndirty > 0 || nremoves > 0 ? GW_RETRY_MS : -1;
}
