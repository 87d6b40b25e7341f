/*
 * gw_chat.c - what our clients say to each room worker, numbered and
 * kept until the worker acknowledges it (MS_ROOM_ACK), so that a line
 * said while a worker crashes or restarts reaches the next one (at
 * least once).  Per worker one FIFO of unacknowledged MS_ROOM_CHAT
 * messages, bounded by gateway.chat_queue_lines and chat_queue_bytes
 * (its buffer grows in steps up to that; both read at each line, so a
 * reload applies at once, and a buffer over a lowered bound is given
 * back once empty): when it is full the line is refused, never queued.
 * The part not sent yet goes out in order when the worker can take it:
 * never while the link is down or a replay to the worker runs (the
 * replay sends it), and only after a MS_ROOM_CHAT_BASE to the worker of
 * the moment.  Invariants:
 * the FIFO holds chat_seq acked + 1 .. next, one after the other;
 * off <= sent <= len.
 */
#include <stdlib.h>
#include <string.h>

#include "gw.h"
#include "log.h"
#include "worker.h"

struct gw_crec {			/* then len bytes of MS_ROOM_CHAT */
	uint32_t	seq;
	uint32_t	len;
};

struct gw_chatq {
	uint8_t		*buf;		/* cap bytes, grown to the bound */
	size_t		 cap;
	size_t		 off;		/* oldest unacknowledged record */
	size_t		 sent;		/* records before it went out */
	size_t		 len;
	uint32_t	 n;		/* records in off..len */
	uint32_t	 next;		/* chat_seq of the newest */
	uint32_t	 acked;		/* the worker has handled up to it */
	int		 based;		/* the worker has our base */
	int		 rebase;	/* replay: base it as new (replay 1) */
};

static struct gw_chatq	chatq[MS_CFG_WORKERS_MAX];

static struct gw_chatq *gw_chatq_of(struct wrk_link *);
static int	gw_chat_room(struct gw_chatq *, size_t);
static int	gw_chat_append(struct gw_chatq *, struct ms_room_chat *,
		    const uint8_t *);
static int	gw_chat_base(struct wrk_link *, struct gw_chatq *, int);
static int	gw_chat_one(struct wrk_link *, struct gw_chatq *);
static void	gw_chat_push(struct wrk_link *, struct gw_chatq *);
static int	gw_seq_after(uint32_t, uint32_t);

static struct gw_chatq *
gw_chatq_of(struct wrk_link *l)
{
	uint32_t	i = wrk_link_peer_index(l);

	if (wrk_link_peer_role(l) != MS_ROLE_ROOM || i >= MS_CFG_WORKERS_MAX)
		return NULL;
	return &chatq[i];
}

static int
gw_seq_after(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

/*
 * gw_chat_room - need more bytes at the tail: the acknowledged head is
 * given back first, then the buffer doubles up to chat_queue_bytes; -1
 * when a bound would be passed.
 */
static int
gw_chat_room(struct gw_chatq *q, size_t need)
{
	const struct ms_config	*cfg = wrk_cfg();
	size_t			 ncap, max = cfg->chat_queue_bytes;
	uint8_t			*nb;

	if (q->n >= cfg->chat_queue_lines || q->len - q->off + need > max)
		return -1;
	if (q->off > 0 && q->len + need > q->cap) {
		memmove(q->buf, q->buf + q->off, q->len - q->off);
		q->len -= q->off;
		q->sent -= q->off;
		q->off = 0;
	}
	if (q->len + need <= q->cap)
		return 0;
	ncap = q->cap > 0 ? q->cap : max / 16;
	while (ncap < q->len + need)
		ncap *= 2;
	if (ncap > max)
		ncap = max;
	if ((nb = realloc(q->buf, ncap)) == NULL) {
		log_warn("chat queue of %zu bytes", ncap);
		return -1;
	}
	q->buf = nb;
	q->cap = ncap;
	return 0;
}

/* gw_chat_append - numbered, at the tail; -1 when over a bound. */
static int
gw_chat_append(struct gw_chatq *q, struct ms_room_chat *m,
    const uint8_t *blob)
{
	struct gw_crec	r;
	size_t		need = sizeof(r) + sizeof(*m) + m->blob_len;

	if (gw_chat_room(q, need) == -1)
		return -1;
	m->chat_seq = r.seq = ++q->next;
	r.len = (uint32_t)(sizeof(*m) + m->blob_len);
	memcpy(q->buf + q->len, &r, sizeof(r));
	memcpy(q->buf + q->len + sizeof(r), m, sizeof(*m));
	memcpy(q->buf + q->len + sizeof(r) + sizeof(*m), blob, m->blob_len);
	q->len += need;
	q->n++;
	return 0;
}

/*
 * gw_chat_send - m (sid, kind, target, echo, blob_len) and its blob
 * for the worker behind l: 0 when taken (sent now or later), -1 when
 * the worker's queue is full and the line must be refused.
 */
int
gw_chat_send(struct wrk_link *l, struct ms_room_chat *m, const uint8_t *blob)
{
	struct gw_chatq	*q;

	if ((q = gw_chatq_of(l)) == NULL ||
	    gw_chat_append(q, m, blob) == -1)
		return -1;
	gw_chat_push(l, q);
	return 0;
}

static int
gw_chat_base(struct wrk_link *l, struct gw_chatq *q, int replay)
{
	struct ms_room_chat_seq	b = { q->acked, (uint32_t)replay };

	if (wrk_send(l, MS_ROOM_CHAT_BASE, 0, &b, sizeof(b)) == -1)
		return -1;
	q->based = 1;
	q->rebase = 0;
	return 0;
}

/* gw_chat_one - the next record not sent yet; 0 if none or refused. */
static int
gw_chat_one(struct wrk_link *l, struct gw_chatq *q)
{
	struct gw_crec	r;

	if (q->sent == q->len)
		return 0;
	memcpy(&r, q->buf + q->sent, sizeof(r));
	if (wrk_send(l, MS_ROOM_CHAT, 0, q->buf + q->sent + sizeof(r),
	    r.len) == -1)
		return 0;
	q->sent += sizeof(r) + r.len;
	return 1;
}

/* gw_chat_push - what is not sent yet, while the worker can take it. */
static void
gw_chat_push(struct wrk_link *l, struct gw_chatq *q)
{
	if (!wrk_link_up(l) || gw_replay_busy(l) || q->rebase)
		return;
	if (!q->based && gw_chat_base(l, q, 0) == -1)
		return;
	while (gw_link_room(l) && gw_chat_one(l, q))
		;
	if (q->sent != q->len)
		wrk_wakeup_in(1);
}

/*
 * gw_chat_restart - the worker restarted (fresh) or lost messages on
 * a broken pipe: everything unacknowledged goes again, after a base
 * that the replay job sends (gw_chat_replay).
 */
void
gw_chat_restart(struct wrk_link *l, int fresh)
{
	struct gw_chatq	*q;

	if ((q = gw_chatq_of(l)) == NULL)
		return;
	q->sent = q->off;
	q->based = 0;
	q->rebase = fresh ? 2 : 1;
}

/*
 * gw_chat_replay - the replay job's chat part: the base, then one
 * record per call; 0 when all is sent (or the link refused).
 */
int
gw_chat_replay(struct wrk_link *l)
{
	struct gw_chatq	*q;

	if ((q = gw_chatq_of(l)) == NULL)
		return 0;
	if (!q->based && gw_chat_base(l, q, q->rebase == 2) == -1)
		return 0;
	return q->buf != NULL && gw_chat_one(l, q);
}

/*
 * gw_chat_ack - MS_ROOM_ACK: forget what the worker handled.  Not
 * while a replay to it runs: such an ack may come from chat that was
 * meant for its predecessor and that the replay is sending again.
 */
void
gw_chat_ack(struct wrk_link *l, const struct ms_room_chat_seq *a)
{
	struct gw_chatq	*q;
	struct gw_crec	 r;

	if ((q = gw_chatq_of(l)) == NULL || gw_replay_busy(l) ||
	    !gw_seq_after(a->chat_seq, q->acked) ||
	    gw_seq_after(a->chat_seq, q->next))
		return;
	while (q->n > 0) {
		memcpy(&r, q->buf + q->off, sizeof(r));
		if (gw_seq_after(r.seq, a->chat_seq))
			break;
		q->off += sizeof(r) + r.len;
		q->n--;
	}
	q->acked = a->chat_seq;
	if (q->sent < q->off)
		q->sent = q->off;
	if (q->n == 0) {
		q->off = q->sent = q->len = 0;
		if (q->cap > wrk_cfg()->chat_queue_bytes) {
			free(q->buf);	/* over a lowered bound */
			q->buf = NULL;
			q->cap = 0;
		}
	}
}

/* gw_chat_tick - what a full link refused earlier; ms, or -1. */
int64_t
gw_chat_tick(uint64_t now_ms)
{
	struct wrk_link	*l;
	uint32_t	 i;
	int		 more = 0;

	(void)now_ms;
	for (i = 0; i < MS_CFG_WORKERS_MAX; i++) {
		if (chatq[i].sent == chatq[i].len ||
		    (l = wrk_link_find(MS_ROLE_ROOM, i)) == NULL)
			continue;
		gw_chat_push(l, &chatq[i]);
		if (chatq[i].sent != chatq[i].len && wrk_link_up(l))
			more = 1;
	}
	return more ? 1 : -1;
}

/* gw_chat_pending - lines not acknowledged by worker i (tests, stats) */
uint32_t
gw_chat_pending(uint32_t i)
{
	return i < MS_CFG_WORKERS_MAX ? chatq[i].n : 0;
}

void
gw_chat_fini(void)
{
	uint32_t	i;

	for (i = 0; i < MS_CFG_WORKERS_MAX; i++) {
		free(chatq[i].buf);
		memset(&chatq[i], 0, sizeof(chatq[i]));
	}
}
