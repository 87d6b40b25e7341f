/*
 * room_out.c - per-gateway MS_ROOM_DELIVER batches and their decoder.
 * Invariants: a buffer only ever holds whole, consistent records (the
 * open record's nsids is patched on every add), so it can be sent at
 * any moment; no record is larger than one message; a buffer never
 * holds more than buf_max (room.deliver_buffer): reaching it sends the
 * batch early rather than dropping.  The only loss is a link refusing a
 * message, which is counted and logged at most once per second.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "room_out.h"

#define ROOM_OUT_BUF_MIN	(64 * 1024)
#define ROOM_REC_HDR		sizeof(struct ms_deliver_rec)
#define ROOM_PAD4(n)		(((n) + 3) & ~(size_t)3)
#define ROOM_NSIDS_MAX		UINT16_MAX

_Static_assert(ROOM_OUT_BUF_FLOOR >= ROOM_OUT_MSG_MAX &&
    ROOM_OUT_BUF_MIN <= ROOM_OUT_BUF_FLOOR, "a record fits the least buffer");

static size_t	room_rec_size(const uint8_t *);
static int	room_rec_usable(const struct room_out *,
		    const struct room_outbuf *);
static int	room_rec_open(struct room_out *, struct room_outbuf *);
static int	room_buf_reserve(struct room_out *, struct room_outbuf *,
		    size_t);
static void	room_buf_send(struct room_out *, uint32_t);
static void	room_buf_trim(struct room_out *, struct room_outbuf *);
static void	room_send_part(struct room_out *, uint32_t, const uint8_t *,
		    size_t);

void
room_out_init(struct room_out *o, uint32_t ngw, room_send_fn *send,
    void *arg)
{
	uint32_t	i;

	memset(o, 0, sizeof(*o));
	o->ngw = ngw < MS_CFG_WORKERS_MAX ? ngw : MS_CFG_WORKERS_MAX;
	o->buf_max = ROOM_OUT_BUF_DEFAULT;
	o->send = send;
	o->arg = arg;
	for (i = 0; i < MS_CFG_WORKERS_MAX; i++)
		o->gw[i].rec = SIZE_MAX;
}

void
room_out_fini(struct room_out *o)
{
	uint32_t	i;

	for (i = 0; i < MS_CFG_WORKERS_MAX; i++) {
		free(o->gw[i].buf);
		o->gw[i].buf = NULL;
		o->gw[i].len = o->gw[i].cap = 0;
	}
}

void
room_out_limit(struct room_out *o, size_t bytes)
{
	if (bytes < ROOM_OUT_BUF_FLOOR)
		bytes = ROOM_OUT_BUF_FLOOR;
	if (bytes > ROOM_OUT_BUF_CEIL)
		bytes = ROOM_OUT_BUF_CEIL;
	o->buf_max = bytes;
}

/* room_rec_size - bytes of the record whose header is at p. */
static size_t
room_rec_size(const uint8_t *p)
{
	struct ms_deliver_rec	r;

	memcpy(&r, p, sizeof(r));
	return ROOM_REC_HDR + ROOM_PAD4(r.len) + 4 * (size_t)r.nsids;
}

int
room_out_begin(struct room_out *o, uint16_t type, const void *p, size_t len)
{
	if (len > ROOM_OUT_PAYLOAD_MAX) {
		log_warnx("room: %zu-byte packet %u too big to deliver", len,
		    type);
		o->pl = NULL;
		return -1;
	}
	o->pl = len > 0 ? p : (const uint8_t *)"";
	o->pl_len = len;
	o->pl_type = type;
	if (++o->serial == 0)
		o->serial = 1;
	return 0;
}

/* A broadcast appends to its own record while that can take a sid. */
static int
room_rec_usable(const struct room_out *o, const struct room_outbuf *b)
{
	struct ms_deliver_rec	r;

	if (b->rec == SIZE_MAX || b->serial != o->serial)
		return 0;
	memcpy(&r, b->buf + b->rec, sizeof(r));
	return r.nsids < ROOM_NSIDS_MAX &&
	    b->len - b->rec + 4 <= ROOM_OUT_MSG_MAX;
}

/* room_rec_open - header and payload of a new record, room for a sid. */
static int
room_rec_open(struct room_out *o, struct room_outbuf *b)
{
	struct ms_deliver_rec	r;
	size_t			padded = ROOM_PAD4(o->pl_len);

	if (room_buf_reserve(o, b, ROOM_REC_HDR + padded + 4) == -1)
		return -1;
	r.type = o->pl_type;
	r.nsids = 0;
	r.len = (uint32_t)o->pl_len;
	b->rec = b->len;
	b->serial = o->serial;
	memcpy(b->buf + b->len, &r, sizeof(r));
	memcpy(b->buf + b->len + ROOM_REC_HDR, o->pl, o->pl_len);
	memset(b->buf + b->len + ROOM_REC_HDR + o->pl_len, 0,
	    padded - o->pl_len);
	b->len += ROOM_REC_HDR + padded;
	o->st.records++;
	return 0;
}

void
room_out_add(struct room_out *o, uint32_t gw, uint32_t sid)
{
	struct room_outbuf	*b;
	struct ms_deliver_rec	 r;

	if (o->pl == NULL || gw >= o->ngw)
		return;
	b = &o->gw[gw];
	if (!room_rec_usable(o, b)) {
		if (room_rec_open(o, b) == -1)
			return;
	} else if (room_buf_reserve(o, b, 4) == -1)
		return;
	else if (b->rec == SIZE_MAX && room_rec_open(o, b) == -1)
		return;		/* sent early: the record starts again */
	memcpy(b->buf + b->len, &sid, 4);
	b->len += 4;
	memcpy(&r, b->buf + b->rec, sizeof(r));
	r.nsids++;
	memcpy(b->buf + b->rec, &r, sizeof(r));
}

void
room_out_end(struct room_out *o)
{
	o->pl = NULL;
}

int
room_out_one(struct room_out *o, uint32_t gw, uint32_t sid, uint16_t type,
    const void *p, size_t len)
{
	if (room_out_begin(o, type, p, len) == -1)
		return -1;
	room_out_add(o, gw, sid);
	room_out_end(o);
	return 0;
}

/*
 * room_buf_reserve - make room for need more bytes: grow up to the
 * bound, else send what is there now (which closes the open record)
 * and try again with the buffer empty.  The bound counts even when a
 * reload lowered it below what is allocated.
 */
static int
room_buf_reserve(struct room_out *o, struct room_outbuf *b, size_t need)
{
	size_t	 ncap;
	uint8_t	*nbuf;

	if (b->len + need <= b->cap && b->len + need <= o->buf_max)
		return 0;
	ncap = b->cap == 0 ? ROOM_OUT_BUF_MIN : b->cap * 2;
	if (ncap > o->buf_max)
		ncap = o->buf_max;
	if (ncap > b->cap && b->len + need <= ncap &&
	    (nbuf = realloc(b->buf, ncap)) != NULL) {
		b->buf = nbuf;
		b->cap = ncap;
		return 0;
	}
	if (b->len == 0)
		return -1;	/* no memory: a record fits buf_max */
	room_buf_send(o, (uint32_t)(b - o->gw));
	o->st.early++;
	return room_buf_reserve(o, b, need);
}

/* room_buf_trim - an empty buffer over a lowered bound is given back. */
static void
room_buf_trim(struct room_out *o, struct room_outbuf *b)
{
	if (b->len > 0 || b->cap <= o->buf_max)
		return;
	free(b->buf);
	b->buf = NULL;
	b->cap = 0;
}

static void
room_send_part(struct room_out *o, uint32_t gw, const uint8_t *p,
    size_t len)
{
	if (o->send(o->arg, gw, MS_ROOM_DELIVER, 0, p, len) == 0) {
		o->st.msgs++;
		return;
	}
	o->st.dropped_msgs++;
	o->st.dropped_bytes += len;
	if (o->now_ms - o->warned_ms >= 1000 || o->warned_ms == 0) {
		o->warned_ms = o->now_ms != 0 ? o->now_ms : 1;
		log_warnx("room: delivery batch of %zu bytes to gateway[%u] "
		    "dropped (%llu batches lost so far)", len, gw,
		    (unsigned long long)o->st.dropped_msgs);
	}
}

/* room_buf_send - the buffer as messages cut at record boundaries. */
static void
room_buf_send(struct room_out *o, uint32_t gw)
{
	struct room_outbuf	*b = &o->gw[gw];
	size_t			 start = 0, off = 0, rs;

	while (off < b->len) {
		rs = room_rec_size(b->buf + off);
		if (off + rs - start > ROOM_OUT_MSG_MAX) {
			room_send_part(o, gw, b->buf + start, off - start);
			start = off;
		}
		off += rs;
	}
	if (off > start)
		room_send_part(o, gw, b->buf + start, off - start);
	b->len = 0;
	b->rec = SIZE_MAX;
	room_buf_trim(o, b);
}

void
room_out_flush(struct room_out *o, uint64_t now_ms)
{
	uint32_t	i;

	o->now_ms = now_ms;
	o->pl = NULL;
	for (i = 0; i < o->ngw; i++)
		if (o->gw[i].len > 0)
			room_buf_send(o, i);
}

void
room_out_discard(struct room_out *o, uint32_t gw)
{
	if (gw >= o->ngw)
		return;
	o->gw[gw].len = 0;
	o->gw[gw].rec = SIZE_MAX;
	room_buf_trim(o, &o->gw[gw]);
}

size_t
room_out_pending(const struct room_out *o, uint32_t gw)
{
	return gw < o->ngw ? o->gw[gw].len : 0;
}

/* --- decoder --- */

void
room_deliver_iter_init(struct room_deliver_iter *it, const void *p,
    size_t len)
{
	it->p = p;
	it->len = len;
	it->off = 0;
}

int
room_deliver_next(struct room_deliver_iter *it, struct room_deliver *d)
{
	struct ms_deliver_rec	r;
	size_t			left = it->len - it->off, need;

	if (left == 0)
		return 0;
	if (left < sizeof(r))
		return -1;
	memcpy(&r, it->p + it->off, sizeof(r));
	if (r.len > ROOM_OUT_PAYLOAD_MAX)
		return -1;
	need = ROOM_REC_HDR + ROOM_PAD4((size_t)r.len) + 4 * (size_t)r.nsids;
	if (need > left)
		return -1;
	d->type = r.type;
	d->nsids = r.nsids;
	d->len = r.len;
	d->payload = it->p + it->off + ROOM_REC_HDR;
	d->sids = d->payload + ROOM_PAD4((size_t)r.len);
	it->off += need;
	return 1;
}

int
room_deliver_check(const void *p, size_t len)
{
	struct room_deliver_iter	it;
	struct room_deliver		d;
	int				rv;

	room_deliver_iter_init(&it, p, len);
	while ((rv = room_deliver_next(&it, &d)) == 1)
		;
	return rv;
}

uint32_t
room_deliver_sid(const struct room_deliver *d, size_t i)
{
	uint32_t	sid;

	memcpy(&sid, d->sids + 4 * i, sizeof(sid));
	return sid;
}
