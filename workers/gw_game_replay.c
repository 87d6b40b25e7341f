/*
 * gw_game_replay.c - the game worker restarted (or its pipe came back
 * and may have lost messages): it gets, in this order,
 * MS_GS_REPLAY_BEGIN (sent at once, so that it precedes anything sent
 * later), a MS_GS_HOST flagged MS_SESS_REPLAY for every session that
 * hosts a game, every score still waiting for an answer in seq order,
 * then MS_GS_REPLAY_DONE.  Like gw_replay.c, a job: the hosts are listed at
 * once and sent while the link's queue is at most half full (refused:
 * the tick goes on a moment later).  Normal traffic is not held
 * meanwhile: each replayed message is built from the state when it
 * leaves, so a newer MS_GS_HOST or a MS_GS_REMOVE sent in between is
 * never undone by an older one, and a score born during the replay went
 * out on its own (the job stops at the seq it started with).  A second
 * restart starts the job over.
 */
#include <stdlib.h>
#include <string.h>

#include "gw.h"
#include "log.h"
#include "worker.h"

#define GW_GREPLAY_MS	10

static struct {
	struct wrk_link	*l;
	uint32_t	*sids;		/* the hosts when it began */
	uint32_t	 n;
	uint32_t	 next;
	uint32_t	 hosts;		/* sent */
	uint32_t	 seq;		/* scores sent up to this seq */
	uint32_t	 hi;		/* ... of those up to this one */
	uint32_t	 scores;
	int		 running;
} job;

static int	gw_greplay_run(void);

void
gw_game_replay(struct wrk_link *l)
{
	struct gw_conn	*c;
	uint32_t	 n = 0;

	gw_glist_restart();
	gw_greplay_fini();
	TAILQ_FOREACH(c, gw_conn_all(), entry)
		if (c->game != NULL)
			n++;
	if (n > 0 && (job.sids = calloc(n, sizeof(*job.sids))) == NULL) {
		log_warn("game replay to %s", wrk_link_name(l));
		n = 0;
	}
	TAILQ_FOREACH(c, gw_conn_all(), entry)
		if (c->game != NULL && job.n < n)
			job.sids[job.n++] = c->sid;
	job.l = l;
	/* Refused: the game worker then deletes nothing at the DONE. */
	if (wrk_send(l, MS_GS_REPLAY_BEGIN, 0, NULL, 0) == -1)
		log_info("game replay to %s without its BEGIN: games lost "
		    "meanwhile stay listed", wrk_link_name(l));
	job.hi = gw_score_last_seq();
	job.running = 1;
	if (gw_greplay_run())
		wrk_wakeup_in(GW_GREPLAY_MS);
}

/* gw_greplay_run - as much as the link takes now; 1 while more. */
static int
gw_greplay_run(void)
{
	struct gw_conn	*c;
	int		 rc;

	for (; job.next < job.n; job.next++) {
		if (!gw_link_room(job.l))
			return 1;
		c = gw_conn_by_sid(job.sids[job.next]);
		if (c == NULL || c->dead || c->game == NULL)
			continue;
		if (gw_game_host_tx(job.l, c, MS_SESS_REPLAY) == -1)
			return 1;
		job.hosts++;
	}
	for (;;) {
		if (!gw_link_room(job.l))
			return 1;
		if ((rc = gw_score_replay_next(job.l, &job.seq, job.hi)) == -1)
			return 1;
		if (rc == 0)
			break;
		job.scores++;
	}
	if (wrk_send(job.l, MS_GS_REPLAY_DONE, 0, NULL, 0) == -1)
		return 1;
	log_info("replayed %u games and %u results to %s", job.hosts,
	    job.scores, wrk_link_name(job.l));
	gw_greplay_fini();
	return 0;
}

int64_t
gw_greplay_tick(uint64_t now_ms)
{
	(void)now_ms;
	if (!job.running)
		return -1;
	return gw_greplay_run() ? GW_GREPLAY_MS : -1;
}

void
gw_greplay_fini(void)
{
	free(job.sids);
	memset(&job, 0, sizeof(job));
}
