/*
 * gw_limit.c - flood limits: the chat token bucket (tokens in
 * thousandths, refilled by elapsed time, never above the burst) and the
 * per-address connection table, an open-addressing hash of IPv4
 * address -> live connections with linear probing and backward-shift
 * deletion.  Invariants: the table never holds more than max_addrs
 * addresses (at most half its slots), so probes stay short and memory
 * is fixed at creation; an address with no connection has no slot.
 */
#include <stdlib.h>

#include "gw.h"

struct gw_ipent {
	uint32_t	ip;
	uint32_t	count;		/* 0 = free slot */
};

struct gw_iptab {
	uint32_t	 mask;		/* slots - 1, slots a power of two */
	uint32_t	 max;		/* addresses at most */
	uint32_t	 used;
	struct gw_ipent	*e;
};

static uint32_t	gw_iptab_home(const struct gw_iptab *, uint32_t);
static uint32_t	gw_iptab_find(const struct gw_iptab *, uint32_t);

void
gw_bucket_init(struct gw_bucket *b, uint64_t now_ms, uint32_t burst)
{
	b->last_ms = now_ms;
	b->milli = (uint64_t)burst * 1000;
}

int
gw_bucket_take(struct gw_bucket *b, uint64_t now_ms, uint32_t rate,
    uint32_t burst)
{
	uint64_t	cap = (uint64_t)burst * 1000;

	/* rate lines per second is rate thousandths per millisecond */
	if (now_ms > b->last_ms) {
		b->milli += (now_ms - b->last_ms) * rate;
		b->last_ms = now_ms;
	}
	if (b->milli > cap)
		b->milli = cap;
	if (b->milli < 1000)
		return -1;
	b->milli -= 1000;
	return 0;
}

struct gw_iptab *
gw_iptab_new(uint32_t max_addrs)
{
	struct gw_iptab	*t;
	uint32_t	 slots = 16;

	if (max_addrs == 0)
		max_addrs = 1;
	while (slots / 2 < max_addrs)
		slots *= 2;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((t->e = calloc(slots, sizeof(*t->e))) == NULL) {
		free(t);
		return NULL;
	}
	t->mask = slots - 1;
	t->max = max_addrs;
	return t;
}

void
gw_iptab_free(struct gw_iptab *t)
{
	if (t == NULL)
		return;
	free(t->e);
	free(t);
}

static uint32_t
gw_iptab_home(const struct gw_iptab *t, uint32_t ip)
{
	uint32_t	h = ip * 2654435761u;

	return (h ^ h >> 16) & t->mask;
}

/* gw_iptab_find - the slot holding ip, or the free slot ending its run */
static uint32_t
gw_iptab_find(const struct gw_iptab *t, uint32_t ip)
{
	uint32_t	i = gw_iptab_home(t, ip);

	while (t->e[i].count != 0 && t->e[i].ip != ip)
		i = (i + 1) & t->mask;
	return i;
}

int
gw_iptab_add(struct gw_iptab *t, uint32_t ip, uint32_t limit)
{
	uint32_t	i = gw_iptab_find(t, ip);

	if (t->e[i].count != 0) {
		if (t->e[i].count >= limit)
			return -1;
		t->e[i].count++;
		return 0;
	}
	if (limit == 0)
		return -1;
	if (t->used >= t->max)
		return -2;
	t->e[i].ip = ip;
	t->e[i].count = 1;
	t->used++;
	return 0;
}

void
gw_iptab_del(struct gw_iptab *t, uint32_t ip)
{
	uint32_t	i = gw_iptab_find(t, ip), j, h;

	if (t->e[i].count == 0 || --t->e[i].count > 0)
		return;
	t->used--;
	/* Backward shift: pull later run members into the hole. */
	for (j = (i + 1) & t->mask; t->e[j].count != 0;
	    j = (j + 1) & t->mask) {
		h = gw_iptab_home(t, t->e[j].ip);
		if (((j - h) & t->mask) >= ((j - i) & t->mask)) {
			t->e[i] = t->e[j];
			t->e[j].count = 0;
			i = j;
		}
	}
}

uint32_t
gw_iptab_count(const struct gw_iptab *t, uint32_t ip)
{
	return t->e[gw_iptab_find(t, ip)].count;
}

uint32_t
gw_iptab_addrs(const struct gw_iptab *t)
{
	return t->used;
}

uint32_t
gw_iptab_max(const struct gw_iptab *t)
{
	return t->max;
}
