/*
 * gw_game_score.c - a host's score report (112, README 10.4) until the
 * game worker has answered it.  Only the host of a started game
 * reports; its 112 becomes one MS_GS_SCORE carrying a copy of the
 * game's whole state, so it stands alone: it is kept here (not in the
 * connection, as the host may leave at once) in seq order, at most
 * game.result_queue of them, until MS_GS_SCORE_REP with its sid and seq.
 * A stored result earns the host a blue line; a busy worker gets the
 * report again a second later; one that never answers gets it again
 * after GW_SCORE_AGAIN_MS (the store keeps a result once by its key,
 * so a second copy costs nothing); a restarted worker gets every one
 * again in the replay.  seq counts from 1 per gateway run and never
 * comes back to 0 in practice (2^32 reports).
 */
#include <stdlib.h>
#include <string.h>

#include "gw.h"
#include "log.h"
#include "worker.h"

#define GW_SCORE_BUSY_MS	1000
#define GW_SCORE_AGAIN_MS	30000
#define GW_SCORE_STORED		"Game result recorded."

struct gw_score {
	TAILQ_ENTRY(gw_score) e;
	uint32_t	 seq;
	uint32_t	 sid;
	uint32_t	 user_id;
	uint64_t	 again_ms;	/* send again then */
	size_t		 len;
	uint8_t		 msg[];		/* MS_GS_SCORE payload */
};

static TAILQ_HEAD(, gw_score) pending = TAILQ_HEAD_INITIALIZER(pending);
static uint32_t		 npending;
static uint32_t		 last_seq;

static struct gw_score	*gw_score_new(struct gw_conn *, const uint8_t *,
			    size_t);
static struct gw_score	*gw_score_of(uint32_t sid);
static void		 gw_score_tx(struct gw_score *);
static void		 gw_score_free(struct gw_score *);

void
gw_score_packet(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_game_score	 s;
	struct gw_score		*x;
	int			 rc;

	if (c->game == NULL || !(c->game->h.flags & MS_GS_STARTED)) {
		log_debug("client %u: 112 from no running game's host "
		    "ignored", c->sid);
		return;
	}
	if ((rc = mw_decode_game_score(p, len, &s)) != MW_OK) {
		if (gw_log_ok())
			log_info("client %u: user %u: bad score report "
			    "ignored: %s", c->sid, c->user_id,
			    mw_strerror(rc));
		return;
	}
	if (gw_score_of(c->sid) != NULL) {
		log_debug("client %u: a score is pending already", c->sid);
		return;
	}
	if (npending >= wrk_cfg()->game_result_queue) {
		if (gw_log_ok())
			log_warnx("client %u: user %u: score report refused: "
			    "%u wait for the game worker (game.result_queue)",
			    c->sid, c->user_id, npending);
		return;
	}
	if ((x = gw_score_new(c, p, len)) != NULL)
		gw_score_tx(x);
}

static struct gw_score *
gw_score_new(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct ms_gs_score	 m;
	struct gw_score		*x;
	size_t			 n;

	n = sizeof(m) + c->game->h.desc_len + len;
	if (n > MS_MSG_MAX - sizeof(struct ms_hdr) ||
	    (x = malloc(sizeof(*x) + n)) == NULL) {
		log_warnx("client %u: score report of %zu bytes lost", c->sid,
		    len);
		return NULL;
	}
	if (++last_seq == 0)
		last_seq = 1;
	memset(&m, 0, sizeof(m));
	m.seq = last_seq;
	m.score_len = (uint32_t)len;
	m.host = c->game->h;
	memcpy(x->msg, &m, sizeof(m));
	memcpy(x->msg + sizeof(m), c->game->desc, m.host.desc_len);
	memcpy(x->msg + sizeof(m) + m.host.desc_len, p, len);
	x->seq = m.seq;
	x->sid = c->sid;
	x->user_id = c->user_id;
	x->len = n;
	TAILQ_INSERT_TAIL(&pending, x, e);
	npending++;
	return x;
}

static struct gw_score *
gw_score_of(uint32_t sid)
{
	struct gw_score	*x;

	TAILQ_FOREACH(x, &pending, e)
		if (x->sid == sid)
			return x;
	return NULL;
}

/* gw_score_tx - send it; refused, it goes again from the tick. */
static void
gw_score_tx(struct gw_score *x)
{
	struct wrk_link	*l = gw_game_link();
	uint64_t	 ms = GW_SCORE_AGAIN_MS;

	if (l == NULL || wrk_send(l, MS_GS_SCORE, 0, x->msg, x->len) == -1)
		ms = GW_SCORE_BUSY_MS;
	x->again_ms = gw_now() + ms;
	wrk_wakeup_in(ms);
}

static void
gw_score_free(struct gw_score *x)
{
	TAILQ_REMOVE(&pending, x, e);
	npending--;
	free(x);
}

void
gw_game_score_rep(const void *p)
{
	struct ms_gs_score_rep	 r;
	struct gw_score		*x;
	struct gw_conn		*c;

	memcpy(&r, p, sizeof(r));
	TAILQ_FOREACH(x, &pending, e)
		if (x->seq == r.seq && x->sid == r.sid)
			break;
	if (x == NULL) {
		log_debug("answer for score %u of sid %u: not pending", r.seq,
		    r.sid);
		return;
	}
	switch (r.status) {
	case MS_GS_SCORE_BUSY:
		x->again_ms = gw_now() + GW_SCORE_BUSY_MS;
		wrk_wakeup_in(GW_SCORE_BUSY_MS);
		return;
	case MS_GS_SCORE_STORED:
		if ((c = gw_conn_by_sid(x->sid)) != NULL && !c->dead &&
		    c->user_id == x->user_id)
			gw_send_text(c, MW_T_MESSAGE_OF_THE_DAY,
			    GW_SCORE_STORED);
		break;
	case MS_GS_SCORE_DUPLICATE:
		break;
	case MS_GS_SCORE_REFUSED:
		log_info("score %u of user %u: the game worker refused it",
		    x->seq, x->user_id);
		break;
	default:
		log_warnx("score %u of user %u: unknown answer %d", x->seq,
		    x->user_id, r.status);
	}
	gw_score_free(x);
}

int64_t
gw_score_tick(uint64_t now_ms)
{
	struct gw_score	*x;
	int64_t		 next = -1, d;

	TAILQ_FOREACH(x, &pending, e) {
		if (x->again_ms <= now_ms)
			gw_score_tx(x);
		d = (int64_t)(x->again_ms - now_ms);
		if (next < 0 || d < next)
			next = d;
	}
	return next;
}

uint32_t
gw_score_last_seq(void)
{
	return last_seq;
}

int
gw_score_replay_next(struct wrk_link *l, uint32_t *seq, uint32_t hi)
{
	struct gw_score	*x;

	TAILQ_FOREACH(x, &pending, e)
		if (x->seq > *seq && x->seq <= hi)
			break;
	if (x == NULL)
		return 0;
	if (wrk_send(l, MS_GS_SCORE, 0, x->msg, x->len) == -1)
		return -1;
	*seq = x->seq;
	x->again_ms = gw_now() + GW_SCORE_AGAIN_MS;
	return 1;
}

void
gw_score_fini(void)
{
	struct gw_score	*x;

	while ((x = TAILQ_FIRST(&pending)) != NULL)
		gw_score_free(x);
	last_seq = 0;
}
