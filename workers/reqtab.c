/*
 * reqtab.c - bounded pending-request table.  Invariants: count + nfree
 * == cap; a slot's generation changes on every reuse and is never 0, so
 * no live reqid is 0 and no reqid repeats until 65535 reuses of a slot.
 */
#include <stdlib.h>
#include <string.h>

#include "reqtab.h"

struct wrk_reqtab {
	uint32_t	 cap;
	uint32_t	 count;
	uint32_t	 nfree;
	uint32_t	*freelist;	/* stack of free slots */
	uint16_t	*gen;		/* per slot, last generation used */
	struct wrk_req	*e;
};

struct wrk_reqtab *
wrk_req_new(uint32_t cap)
{
	struct wrk_reqtab	*t;
	uint32_t		 i;

	if (cap == 0 || cap > WRK_REQ_CAP_MAX)
		cap = cap == 0 ? 1 : WRK_REQ_CAP_MAX;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->freelist = calloc(cap, sizeof(*t->freelist));
	t->gen = calloc(cap, sizeof(*t->gen));
	t->e = calloc(cap, sizeof(*t->e));
	if (t->freelist == NULL || t->gen == NULL || t->e == NULL) {
		wrk_req_free(t);
		return NULL;
	}
	t->cap = cap;
	for (i = 0; i < cap; i++)
		t->freelist[i] = cap - 1 - i;	/* slot 0 comes out first */
	t->nfree = cap;
	return t;
}

void
wrk_req_free(struct wrk_reqtab *t)
{
	if (t == NULL)
		return;
	free(t->freelist);
	free(t->gen);
	free(t->e);
	free(t);
}

struct wrk_req *
wrk_req_add(struct wrk_reqtab *t, uint64_t deadline_ms)
{
	struct wrk_req	*r;
	uint32_t	 slot;

	if (t->nfree == 0)
		return NULL;
	slot = t->freelist[--t->nfree];
	if (++t->gen[slot] == 0)
		t->gen[slot] = 1;
	r = &t->e[slot];
	memset(r, 0, sizeof(*r));
	r->reqid = (uint32_t)t->gen[slot] << 16 | slot;
	r->deadline_ms = deadline_ms;
	t->count++;
	return r;
}

struct wrk_req *
wrk_req_find(struct wrk_reqtab *t, uint32_t reqid)
{
	uint32_t	slot = reqid & 0xffff;

	if (reqid == 0 || slot >= t->cap || t->e[slot].reqid != reqid)
		return NULL;
	return &t->e[slot];
}

void
wrk_req_del(struct wrk_reqtab *t, struct wrk_req *r)
{
	uint32_t	slot = (uint32_t)(r - t->e);

	if (r->reqid == 0)
		return;
	r->reqid = 0;
	t->freelist[t->nfree++] = slot;
	t->count--;
}

uint32_t
wrk_req_count(const struct wrk_reqtab *t)
{
	return t->count;
}

uint32_t
wrk_req_cap(const struct wrk_reqtab *t)
{
	return t->cap;
}

struct wrk_req *
wrk_req_at(struct wrk_reqtab *t, uint32_t i)
{
	return i < t->cap && t->e[i].reqid != 0 ? &t->e[i] : NULL;
}

int64_t
wrk_req_expire(struct wrk_reqtab *t, uint64_t now_ms,
    void (*cb)(const struct wrk_req *, void *), void *arg)
{
	struct wrk_req	 copy;
	uint64_t	 next = UINT64_MAX;
	uint32_t	 i;

	for (i = 0; i < t->cap; i++) {
		if (t->e[i].reqid == 0)
			continue;
		if (t->e[i].deadline_ms > now_ms) {
			if (t->e[i].deadline_ms < next)
				next = t->e[i].deadline_ms;
			continue;
		}
		copy = t->e[i];
		wrk_req_del(t, &t->e[i]);
		cb(&copy, arg);
	}
	if (next == UINT64_MAX)
		return t->count > 0 ? 0 : -1;	/* cb added some: look again */
	return (int64_t)(next - now_ms);
}
