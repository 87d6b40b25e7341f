/*
 * gw_replay.c - recovery when a peer restarted (new epoch) or asks for
 * a resync.  The gateway is the source of truth for sessions
 * (ARCHITECTURE.md): the store gets every unanswered request again and
 * a MS_PST_CLAIM (MS_SESS_REPLAY) for every session it may hold; a room
 * worker gets its unanswered joins again, a MS_ROOM_JOIN
 * (MS_SESS_REPLAY, current player data, state and mode) for every
 * session in one of its rooms, the chat it has not acknowledged
 * (gw_chat.c, after a base), then REPLAY_DONE.  Replayed messages
 * carry reqid 0 and their replies are ignored.  A replay is a job: the
 * sids are listed at once and sent in batches that keep the link's
 * bounded queue half free, so thousands of sessions never overflow it;
 * a second restart of the same peer starts its job over.  What clients
 * do in a room while its worker is down or being replayed to (modes,
 * states, leaves) is held, up to GW_HELD_MAX bytes per worker, and goes
 * out after the replay: sent earlier it would reach a worker that does
 * not know the session yet.
 */
#include <stdlib.h>
#include <string.h>

#include "gw.h"
#include "log.h"
#include "worker.h"

#define GW_JOBS		(1 + MS_CFG_WORKERS_MAX)
#define GW_HELD_MAX	(256 * 1024)	/* bytes held per room worker */
#define GW_HELD_STALE_MS 3000	/* up with no replay: send anyway */

/* One held message: struct gw_hrec, then len bytes. */
struct gw_hrec {
	uint16_t	type;
	uint16_t	pad;
	uint32_t	len;
};

struct gw_held {
	uint8_t		*buf;
	size_t		 len;
	size_t		 off;		/* sent so far */
	uint64_t	 since_ms;	/* first byte held */
	uint64_t	 lost;
};

struct gw_job {
	struct wrk_link	*l;		/* NULL = free */
	uint32_t	*sids;
	uint32_t	 n;
	uint32_t	 next;
	uint32_t	 sent;
	int		 running;
};

static struct gw_job	jobs[GW_JOBS];
static struct gw_held	held[MS_CFG_WORKERS_MAX];

static struct gw_job *gw_job_for(struct wrk_link *);
static void	gw_job_end(struct gw_job *);
static int	gw_job_run(struct gw_job *);
static void	gw_job_one(struct gw_job *, struct gw_conn *);
static int	gw_job_wants(struct wrk_link *, const struct gw_conn *);
static void	gw_claim_replay(struct wrk_link *, const struct gw_conn *);
static void	gw_join_replay(struct wrk_link *, const struct gw_conn *);
static struct gw_held *gw_held_of(struct wrk_link *);
static int	gw_held_next(struct wrk_link *);

void
gw_replay(struct wrk_link *l)
{
	struct gw_job	*j;
	struct gw_conn	*c;

	if (wrk_link_peer_role(l) != MS_ROLE_STORE &&
	    wrk_link_peer_role(l) != MS_ROLE_ROOM)
		return;
	gw_req_resend(l);
	if ((j = gw_job_for(l)) == NULL)
		return;
	j->running = 1;
	TAILQ_FOREACH(c, gw_conn_all(), entry)
		if (gw_job_wants(l, c))
			j->n++;
	if (j->n > 0 && (j->sids = calloc(j->n, sizeof(*j->sids))) == NULL) {
		log_warn("replay to %s", wrk_link_name(l));
		j->n = 0;
	}
	j->n = 0;
	TAILQ_FOREACH(c, gw_conn_all(), entry)
		if (j->sids != NULL && gw_job_wants(l, c))
			j->sids[j->n++] = c->sid;
	if (gw_job_run(j))
		wrk_wakeup_in(1);
}

static struct gw_job *
gw_job_for(struct wrk_link *l)
{
	struct gw_job	*free_j = NULL;
	uint32_t	 i;

	for (i = 0; i < GW_JOBS; i++) {
		if (jobs[i].l == l) {
			gw_job_end(&jobs[i]);
			return &jobs[i];
		}
		if (jobs[i].l == NULL && free_j == NULL)
			free_j = &jobs[i];
	}
	if (free_j != NULL) {
		memset(free_j, 0, sizeof(*free_j));
		free_j->l = l;
	}
	return free_j;
}

static void
gw_job_end(struct gw_job *j)
{
	struct wrk_link	*l = j->l;

	free(j->sids);
	memset(j, 0, sizeof(*j));
	j->l = l;
}

/*
 * gw_job_wants - the store may hold every claimed session; a room
 * worker every session in one of its rooms.  A pending claim or join
 * was resent by gw_req_resend() already.
 */
static int
gw_job_wants(struct wrk_link *l, const struct gw_conn *c)
{
	if (wrk_link_peer_role(l) == MS_ROLE_STORE)
		return c->claimed && !(c->reqid != 0 &&
		    c->req_kind == GW_REQ_CLAIM);
	return c->in_room && gw_room_link(c->room_id) == l;
}

/* gw_job_run - one batch; 1 while there is more to send. */
static int
gw_job_run(struct gw_job *j)
{
	struct ms_room_session	 done = { 0, MS_ROOM_REPLAY_DONE, 0, 0 };
	struct gw_conn		*c;

	for (;;) {
		if (!gw_link_room(j->l))
			return 1;
		if (j->next < j->n) {
			c = gw_conn_by_sid(j->sids[j->next++]);
			if (c != NULL && gw_job_wants(j->l, c))
				gw_job_one(j, c);
		} else if (!gw_chat_replay(j->l) && !gw_held_next(j->l))
			break;
	}
	if (wrk_link_peer_role(j->l) == MS_ROLE_ROOM)
		(void)wrk_send(j->l, MS_ROOM_SESSION, 0, &done, sizeof(done));
	log_info("replayed %u sessions to %s", j->sent, wrk_link_name(j->l));
	free(j->sids);
	memset(j, 0, sizeof(*j));
	return 0;
}

static void
gw_job_one(struct gw_job *j, struct gw_conn *c)
{
	if (wrk_link_peer_role(j->l) == MS_ROLE_STORE)
		gw_claim_replay(j->l, c);
	else
		gw_join_replay(j->l, c);
	j->sent++;
}

/*
 * gw_replay_tick - continue unfinished jobs; send what is held for a
 * worker that came back without a replay (ms until next, or -1).
 */
int64_t
gw_replay_tick(uint64_t now_ms)
{
	struct wrk_link	*l;
	uint32_t	 i;
	int		 more = 0;

	for (i = 0; i < GW_JOBS; i++)
		if (jobs[i].running && gw_job_run(&jobs[i]))
			more = 1;
	for (i = 0; i < MS_CFG_WORKERS_MAX; i++) {
		if (held[i].len == 0)
			continue;
		more = 1;
		l = wrk_link_find(MS_ROLE_ROOM, i);
		if (l == NULL || !wrk_link_up(l) || gw_replay_busy(l) ||
		    now_ms - held[i].since_ms < GW_HELD_STALE_MS)
			continue;
		log_info("%s is back without a replay: sending what was "
		    "held", wrk_link_name(l));
		while (gw_link_room(l) && gw_held_next(l))
			;
	}
	return more ? 1 : -1;
}

void
gw_replay_fini(void)
{
	uint32_t	i;

	for (i = 0; i < GW_JOBS; i++) {
		free(jobs[i].sids);
		memset(&jobs[i], 0, sizeof(jobs[i]));
	}
	for (i = 0; i < MS_CFG_WORKERS_MAX; i++) {
		free(held[i].buf);
		memset(&held[i], 0, sizeof(held[i]));
	}
}

static struct gw_held *
gw_held_of(struct wrk_link *l)
{
	uint32_t	i = wrk_link_peer_index(l);

	return i < MS_CFG_WORKERS_MAX ? &held[i] : NULL;
}

/* gw_link_room - the link's bounded queue is at most half full */
int
gw_link_room(struct wrk_link *l)
{
	struct wrk_link_stats	st;

	wrk_link_stats(l, &st);
	return st.queued < wrk_cfg()->ipc_queue_limit / 2;
}

/* gw_replay_busy - a replay to l is under way */
int
gw_replay_busy(struct wrk_link *l)
{
	uint32_t	i;

	for (i = 0; i < GW_JOBS; i++)
		if (jobs[i].l == l && jobs[i].running)
			return 1;
	return 0;
}

/*
 * gw_room_tx - a session message for a room worker: sent, or held
 * while the worker is down or being replayed to (and behind anything
 * held before it, so the order stays).
 */
void
gw_room_tx(struct wrk_link *l, uint16_t type, const void *p, size_t len)
{
	struct gw_held	*h = gw_held_of(l);
	struct gw_hrec	 r = { type, 0, (uint32_t)len };
	size_t		 need = sizeof(r) + len;
	uint8_t		*nb;

	if (h == NULL || (wrk_link_up(l) && !gw_replay_busy(l) &&
	    h->len == 0)) {
		(void)wrk_send(l, type, 0, p, len);
		return;
	}
	if (h->len + need > GW_HELD_MAX ||
	    (nb = realloc(h->buf, h->len + need)) == NULL) {
		if (h->lost++ % 1000 == 0)
			log_warnx("%s down: %llu messages for it lost",
			    wrk_link_name(l), (unsigned long long)h->lost);
		return;
	}
	if (h->len == 0)
		h->since_ms = gw_now();
	log_debug("%s %s: %s held", wrk_link_name(l), wrk_link_up(l) ?
	    "replaying" : "down", ms_msg_name(type));
	h->buf = nb;
	memcpy(h->buf + h->len, &r, sizeof(r));
	memcpy(h->buf + h->len + sizeof(r), p, len);
	h->len += need;
	wrk_wakeup_in(GW_HELD_STALE_MS);
}

/* gw_held_next - send one held message; 0 when none is left. */
static int
gw_held_next(struct wrk_link *l)
{
	struct gw_held	*h = gw_held_of(l);
	struct gw_hrec	 r;

	if (h == NULL || h->off == h->len) {
		if (h != NULL && h->len > 0) {
			free(h->buf);
			h->buf = NULL;
			h->len = h->off = 0;
		}
		return 0;
	}
	memcpy(&r, h->buf + h->off, sizeof(r));
	(void)wrk_send(l, r.type, 0, h->buf + h->off + sizeof(r), r.len);
	h->off += sizeof(r) + r.len;
	return 1;
}

static void
gw_claim_replay(struct wrk_link *l, const struct gw_conn *c)
{
	struct ms_pst_claim	m;

	memset(&m, 0, sizeof(m));
	m.sid = c->sid;
	m.user_id = c->user_id;
	m.ipv4 = c->ipv4;
	m.room_id = c->room_id;
	m.flags = c->uflags | MS_SESS_REPLAY;
	memcpy(m.username, c->username, sizeof(m.username));
	(void)wrk_send(l, MS_PST_CLAIM, 0, &m, sizeof(m));
}

static void
gw_join_replay(struct wrk_link *l, const struct gw_conn *c)
{
	struct ms_room_join	j;

	memset(&j, 0, sizeof(j));
	j.sid = c->sid;
	j.room_id = c->room_id;
	j.user_id = c->user_id;
	j.flags = c->uflags | MS_SESS_REPLAY |
	    (c->mode == 1 ? MS_USER_DEAF : 0);
	j.caste = c->caste;
	j.order = c->order;
	j.player_data_len = c->pdata_len;
	memcpy(j.player_data, c->pdata, c->pdata_len);
	(void)wrk_send(l, MS_ROOM_JOIN, 0, &j, sizeof(j));
}
