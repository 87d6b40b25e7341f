/*
 * pst_presence.c - who is online where: user id -> (gateway, sid, room,
 * address, name).  Pure data structure and the duplicate-login rule; no
 * clock, no I/O.  Open addressing with linear probing and backward-shift
 * deletion (no tombstones), load factor <= 1/2, grown by doubling up to
 * the bound fixed at creation; a claim beyond it is refused.  One entry
 * per user id; a session is (gateway index, sid).
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "pst.h"

#define PST_PRES_SLOTS0	1024	/* power of two */

struct pst_pres {
	struct pst_pres_ent	*slot;	/* user_id 0 = empty */
	uint32_t		 mask;	/* slots - 1 */
	uint32_t		 count;
	uint32_t		 max;
};

static uint32_t	pst_home(const struct pst_pres *, uint32_t);
static int64_t	pst_find(const struct pst_pres *, uint32_t);
static void	pst_put(struct pst_pres *, const struct pst_pres_ent *);
static void	pst_del_at(struct pst_pres *, uint32_t);
static int	pst_grow(struct pst_pres *);

static uint32_t
pst_home(const struct pst_pres *t, uint32_t id)
{
	return (id * 2654435761u) & t->mask;
}

static int64_t
pst_find(const struct pst_pres *t, uint32_t id)
{
	uint32_t	i;

	for (i = pst_home(t, id); t->slot[i].user_id != 0;
	    i = (i + 1) & t->mask)
		if (t->slot[i].user_id == id)
			return i;
	return -1;
}

/* pst_put - the id must be absent and a slot free. */
static void
pst_put(struct pst_pres *t, const struct pst_pres_ent *e)
{
	uint32_t	i;

	for (i = pst_home(t, e->user_id); t->slot[i].user_id != 0;
	    i = (i + 1) & t->mask)
		;
	t->slot[i] = *e;
	t->count++;
}

/* Pull later members of the cluster back so lookups never stop short. */
static void
pst_del_at(struct pst_pres *t, uint32_t i)
{
	uint32_t	j = i, k;

	for (;;) {
		j = (j + 1) & t->mask;
		if (t->slot[j].user_id == 0)
			break;
		k = pst_home(t, t->slot[j].user_id);
		/* Leave j alone when its home lies cyclically in (i, j]. */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		t->slot[i] = t->slot[j];
		i = j;
	}
	memset(&t->slot[i], 0, sizeof(t->slot[i]));
	t->count--;
}

static int
pst_grow(struct pst_pres *t)
{
	struct pst_pres_ent	*old = t->slot, *n;
	uint32_t		 i, oldn = t->mask + 1;

	if ((n = calloc((size_t)oldn * 2, sizeof(*n))) == NULL) {
		log_warn("store: presence table of %u slots", oldn * 2);
		return -1;
	}
	t->slot = n;
	t->mask = oldn * 2 - 1;
	t->count = 0;
	for (i = 0; i < oldn; i++)
		if (old[i].user_id != 0)
			pst_put(t, &old[i]);
	free(old);
	return 0;
}

struct pst_pres *
pst_pres_new(uint32_t max)
{
	struct pst_pres	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((t->slot = calloc(PST_PRES_SLOTS0, sizeof(*t->slot))) == NULL) {
		free(t);
		return NULL;
	}
	t->mask = PST_PRES_SLOTS0 - 1;
	t->max = max;
	return t;
}

void
pst_pres_free(struct pst_pres *t)
{
	if (t == NULL)
		return;
	free(t->slot);
	free(t);
}

/*
 * pst_pres_claim - the duplicate-login rule.  The same (gw, sid) again
 * is a resend or a replay and only refreshes the entry.
 */
enum pst_claim_res
pst_pres_claim(struct pst_pres *t, uint32_t policy,
    const struct pst_pres_ent *e, struct pst_pres_ent *old_r)
{
	int64_t	i;

	if (e->user_id == 0)
		return PST_CLAIM_REFUSED;
	if ((i = pst_find(t, e->user_id)) >= 0) {
		*old_r = t->slot[i];
		if (old_r->gw == e->gw && old_r->sid == e->sid) {
			t->slot[i] = *e;
			return PST_CLAIM_SAME;
		}
		if (policy == MS_DUP_REFUSE_NEW)
			return PST_CLAIM_REFUSED;
		t->slot[i] = *e;
		return PST_CLAIM_KICKED;
	}
	if (t->count >= t->max)
		return PST_CLAIM_FULL;
	if ((t->count + 1) * 2 > t->mask + 1 && pst_grow(t) == -1)
		return PST_CLAIM_FULL;
	pst_put(t, e);
	return PST_CLAIM_NEW;
}

int
pst_pres_release(struct pst_pres *t, uint32_t user_id, uint32_t gw,
    uint32_t sid)
{
	int64_t	i;

	if (user_id == 0 || (i = pst_find(t, user_id)) < 0 ||
	    t->slot[i].gw != gw || t->slot[i].sid != sid)
		return 0;
	pst_del_at(t, (uint32_t)i);
	return 1;
}

const struct pst_pres_ent *
pst_pres_get(const struct pst_pres *t, uint32_t user_id)
{
	int64_t	i;

	if (user_id == 0 || (i = pst_find(t, user_id)) < 0)
		return NULL;
	return &t->slot[i];
}

int
pst_pres_remove(struct pst_pres *t, uint32_t user_id,
    struct pst_pres_ent *out)
{
	int64_t	i;

	if (user_id == 0 || (i = pst_find(t, user_id)) < 0)
		return 0;
	*out = t->slot[i];
	pst_del_at(t, (uint32_t)i);
	return 1;
}

/*
 * The scans re-examine slot i after a deletion: the backward shift may
 * have moved a not yet scanned entry into it.
 */
uint32_t
pst_pres_drop_gw(struct pst_pres *t, uint32_t gw,
    void (*gone)(uint32_t user_id))
{
	uint32_t	i = 0, n = 0, id;

	while (i <= t->mask) {
		if (t->slot[i].user_id != 0 && t->slot[i].gw == gw) {
			id = t->slot[i].user_id;
			pst_del_at(t, i);
			if (gone != NULL)
				gone(id);
			n++;
		} else
			i++;
	}
	return n;
}

uint32_t
pst_pres_remove_ip(struct pst_pres *t, uint32_t ipv4,
    struct pst_pres_ent *out, uint32_t max)
{
	uint32_t	i = 0, n = 0;

	while (i <= t->mask && n < max) {
		if (t->slot[i].user_id != 0 && t->slot[i].ipv4 == ipv4) {
			out[n++] = t->slot[i];
			pst_del_at(t, i);
		} else
			i++;
	}
	return n;
}

uint32_t
pst_pres_count(const struct pst_pres *t)
{
	return t->count;
}
