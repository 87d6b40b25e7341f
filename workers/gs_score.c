/*
 * gs_score.c - score reports (MS_GS_SCORE) turned into results and kept
 * until the store has answered for them.  A report carries the whole
 * game state, so it is handled the same whether its game is still
 * listed or not.  Invariants: at most game.result_queue results wait;
 * they are sent to the store in arrival order, again in that order to a
 * restarted store (which keeps a result once by its key); an answer is
 * passed on only to the gateway incarnation that asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs.h"
#include "log.h"

static const char *gs_err_name(int);
static int	gs_score_parse(const void *, size_t, struct ms_gs_score *,
		    const char **);
static void	gs_game_fill(const struct ms_gs_host *, uint32_t, int64_t,
		    const struct mw_game_desc *, struct gs_member *,
		    struct gs_game *);
static struct gs_pend *gs_pend_new(struct gs_results *, uint32_t,
		    const struct ms_gs_score *, const void *, size_t, uint32_t,
		    int64_t);
static void	gs_results_reply(struct gs_results *, uint32_t, uint32_t,
		    uint32_t, int32_t, uint64_t);
static struct gs_pend *gs_pend_find(struct gs_results *, uint32_t,
		    uint32_t, uint32_t);

static const char *
gs_err_name(int rc)
{
	switch (rc) {
	case GS_E_COUNT:
		return "a count does not fit";
	case GS_E_INDEX:
		return "a captain or place out of range";
	case GS_E_EMPTY:
		return "no team could be placed";
	case GS_E_ARG:
		return "no game description";
	}
	return "unknown error";
}

static int
gs_score_parse(const void *payload, size_t len, struct ms_gs_score *s,
    const char **why)
{
	if (len < sizeof(*s)) {
		*why = "shorter than its header";
		return -1;
	}
	memcpy(s, payload, sizeof(*s));
	if (s->host.desc_len > MS_GS_DESC_MAX ||
	    s->score_len > MS_MSG_MAX ||
	    sizeof(*s) + s->host.desc_len + s->score_len != len) {
		*why = "lengths do not add up";
		return -1;
	}
	if (s->host.nplayers > MS_GS_PLAYERS_MAX) {
		*why = "too many players";
		return -1;
	}
	if (s->host.started == 0) {
		*why = "the game never started";	/* no key without it */
		return -1;
	}
	return 0;
}

/* The game as the report describes it; nicks: the store fills them. */
static void
gs_game_fill(const struct ms_gs_host *h, uint32_t room_type,
    int64_t now_wall_ms, const struct mw_game_desc *d, struct gs_member *mem,
    struct gs_game *g)
{
	uint32_t	i;

	memset(mem, 0, MS_GS_PLAYERS_MAX * sizeof(*mem));
	for (i = 0; i < h->nplayers; i++)
		mem[i].id = h->players[i];
	memset(g, 0, sizeof(*g));
	g->room_id = h->room_id;
	g->room_type = room_type;
	g->host_id = g->game_id = h->user_id;
	g->started_ms = h->started;
	g->started = h->started / 1000;
	g->ended = now_wall_ms / 1000;
	g->desc = d;
	g->members = mem;
	g->nmembers = h->nplayers;
}

int
gs_score_result(const void *payload, size_t len, uint32_t room_type,
    int64_t now_wall_ms, struct gs_result *r, const char **why)
{
	static char		 buf[96];
	struct ms_gs_score	 s;
	struct mw_game_desc	 d;
	struct mw_game_score	 sc;
	struct gs_member	 mem[MS_GS_PLAYERS_MAX];
	struct gs_game		 g;
	const uint8_t		*desc = (const uint8_t *)payload + sizeof(s);
	int			 rc;

	if (gs_score_parse(payload, len, &s, why) == -1)
		return -1;
	if ((rc = mw_decode_game_data(desc, s.host.desc_len, &d)) != MW_OK) {
		(void)snprintf(buf, sizeof(buf), "game data: %s",
		    mw_strerror(rc));
		*why = buf;
		return -1;
	}
	if ((rc = mw_decode_game_score(desc + s.host.desc_len, s.score_len,
	    &sc)) != MW_OK) {
		(void)snprintf(buf, sizeof(buf), "score: %s", mw_strerror(rc));
		*why = buf;
		return -1;
	}
	gs_game_fill(&s.host, room_type, now_wall_ms, &d, mem, &g);
	if ((rc = gs_result_make(&g, &sc, r)) != GS_OK) {
		*why = gs_err_name(rc);
		return -1;
	}
	return 0;
}

void
gs_results_init(struct gs_results *rs, size_t max, gs_store_fn *store,
    gs_reply_fn *reply, void *arg)
{
	memset(rs, 0, sizeof(*rs));
	TAILQ_INIT(&rs->pend);
	rs->max = max;
	rs->next_reqid = 1;
	rs->store = store;
	rs->reply = reply;
	rs->arg = arg;
}

void
gs_results_fini(struct gs_results *rs)
{
	struct gs_pend	*p;

	while ((p = TAILQ_FIRST(&rs->pend)) != NULL) {
		TAILQ_REMOVE(&rs->pend, p, q);
		free(p);
	}
	rs->n = 0;
}

static void
gs_results_reply(struct gs_results *rs, uint32_t gw, uint32_t sid,
    uint32_t seq, int32_t status, uint64_t key)
{
	struct ms_gs_score_rep	rep;

	memset(&rep, 0, sizeof(rep));
	rep.sid = sid;
	rep.seq = seq;
	rep.status = status;
	rep.key = key;
	rs->reply(rs->arg, gw, &rep);
}

static struct gs_pend *
gs_pend_find(struct gs_results *rs, uint32_t gw, uint32_t sid, uint32_t seq)
{
	struct gs_pend	*p;

	TAILQ_FOREACH(p, &rs->pend, q)
		if (p->gw == gw && p->sid == sid && p->seq == seq &&
		    p->gw_gen == rs->gw_gen[gw])
			return p;
	return NULL;
}

/* gs_pend_new - the result of a report, or NULL once answered. */
static struct gs_pend *
gs_pend_new(struct gs_results *rs, uint32_t gw, const struct ms_gs_score *s,
    const void *payload, size_t len, uint32_t room_type, int64_t now_wall_ms)
{
	struct gs_pend	*p;
	const char	*why;

	if ((p = malloc(sizeof(*p))) == NULL) {
		gs_results_reply(rs, gw, s->host.sid, s->seq, MS_GS_SCORE_BUSY,
		    0);
		return NULL;
	}
	if (gs_score_result(payload, len, room_type, now_wall_ms, &p->r,
	    &why) == -1) {
		log_warnx("game: score report of game %u (gateway[%u] session "
		    "%u) refused: %s", s->host.user_id, gw, s->host.sid, why);
		gs_results_reply(rs, gw, s->host.sid, s->seq,
		    MS_GS_SCORE_REFUSED, 0);
		free(p);
		return NULL;
	}
	return p;
}

void
gs_results_take(struct gs_results *rs, uint32_t gw, const void *payload,
    size_t len, uint32_t room_type, int64_t now_wall_ms)
{
	struct ms_gs_score	 s;
	struct gs_pend		*p;

	if (len < sizeof(s) || gw >= MS_CFG_WORKERS_MAX) {
		log_warnx("game: score report from gateway[%u] dropped: "
		    "%zu bytes", gw, len);
		return;
	}
	memcpy(&s, payload, sizeof(s));
	if (gs_pend_find(rs, gw, s.host.sid, s.seq) != NULL)
		return;			/* asked again: the answer comes */
	if ((p = gs_pend_new(rs, gw, &s, payload, len, room_type,
	    now_wall_ms)) == NULL)
		return;
	if (rs->n >= rs->max) {
		gs_results_reply(rs, gw, s.host.sid, s.seq, MS_GS_SCORE_BUSY,
		    0);
		free(p);
		return;
	}
	if ((p->reqid = rs->next_reqid++) == 0)
		p->reqid = rs->next_reqid++;
	p->gw = gw;
	p->gw_gen = rs->gw_gen[gw];
	p->sid = s.host.sid;
	p->seq = s.seq;
	if (rs->store(rs->arg, p->reqid, &p->r) == -1) {
		gs_results_reply(rs, gw, p->sid, p->seq, MS_GS_SCORE_BUSY, 0);
		free(p);
		return;
	}
	TAILQ_INSERT_TAIL(&rs->pend, p, q);
	rs->n++;
}

int
gs_results_answer(struct gs_results *rs, uint32_t reqid,
    const struct ms_pst_result_rep *rep)
{
	struct gs_pend	*p;

	TAILQ_FOREACH(p, &rs->pend, q)
		if (p->reqid == reqid)
			break;
	if (p == NULL)
		return -1;
	TAILQ_REMOVE(&rs->pend, p, q);
	rs->n--;
	if (p->gw_gen == rs->gw_gen[p->gw])
		gs_results_reply(rs, p->gw, p->sid, p->seq, rep->status,
		    rep->key);
	free(p);
	return 0;
}

/*
 * A result the store link's queue refuses now stays pending: the next
 * restart or resync of the store sends it again.
 */
size_t
gs_results_resend(struct gs_results *rs)
{
	struct gs_pend	*p;
	size_t		 n = 0;

	TAILQ_FOREACH(p, &rs->pend, q)
		if (rs->store(rs->arg, p->reqid, &p->r) == 0)
			n++;
	return n;
}

void
gs_results_gateway_gone(struct gs_results *rs, uint32_t gw)
{
	if (gw < MS_CFG_WORKERS_MAX)
		rs->gw_gen[gw]++;
}
