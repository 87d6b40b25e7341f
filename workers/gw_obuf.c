/*
 * gw_obuf.c - one client's pending output.  Invariants: off <= len <=
 * cap, and len - off (the unsent bytes) plus any reservation never
 * exceeds the caller's limit, so a slow reader costs at most that much
 * memory.  The buffer grows by doubling from GW_OBUF_MIN; once drained
 * a grown buffer is freed, so a burst does not pin memory for good.
 */
#include <stdlib.h>
#include <string.h>

#include "gw.h"

#define GW_OBUF_MIN	2048

static size_t
gw_obuf_grow_to(size_t cap, size_t need, size_t limit)
{
	size_t	n = cap < GW_OBUF_MIN ? GW_OBUF_MIN : cap;

	while (n < need && n < limit)
		n *= 2;
	return n < limit ? n : limit;
}

uint8_t *
gw_obuf_reserve(struct gw_obuf *b, size_t n, size_t limit)
{
	size_t	 pending = b->len - b->off, cap;
	uint8_t	*p;

	if (n > limit || pending > limit - n)
		return NULL;
	if (b->cap - b->len >= n)
		return b->p + b->len;
	if (b->off > 0) {
		memmove(b->p, b->p + b->off, pending);
		b->off = 0;
		b->len = pending;
		if (b->cap - b->len >= n)
			return b->p + b->len;
	}
	cap = gw_obuf_grow_to(b->cap, pending + n, limit);
	if ((p = realloc(b->p, cap)) == NULL)
		return NULL;
	b->p = p;
	b->cap = cap;
	return b->p + b->len;
}

void
gw_obuf_commit(struct gw_obuf *b, size_t n)
{
	b->len += n;
}

void
gw_obuf_consume(struct gw_obuf *b, size_t n)
{
	b->off += n;
	if (b->off < b->len)
		return;
	if (b->cap > GW_OBUF_MIN)
		gw_obuf_free(b);
	b->off = b->len = 0;
}

size_t
gw_obuf_pending(const struct gw_obuf *b)
{
	return b->len - b->off;
}

void
gw_obuf_free(struct gw_obuf *b)
{
	free(b->p);
	b->p = NULL;
	b->off = b->len = b->cap = 0;
}
