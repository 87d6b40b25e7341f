/*
 * gw_game_cache.c - a room's game list as the game worker last
 * described it (README 9.5): entries keyed by game id in arrival order,
 * kept as adds, with the end of a running timed game on the monotonic
 * clock so a newcomer's list counts down from now.  Also the packets
 * built from it: a whole list, the difference between two lists, each
 * split under MS_GS_LIST_MAX as GoS splits its lists.
 */
#include <stdlib.h>
#include <string.h>

#include "gw_game.h"

static struct gg_game **gg_slot(const struct gg_room *, int32_t);
static void	gg_unlink(struct gg_room *, struct gg_game *);
static int	gg_put(struct gg_room *, const struct mw_game_entry *,
		    uint64_t, uint32_t *, uint32_t);
static void	gg_pkt_flush(struct gg_pkt *);

void
gg_room_init(struct gg_room *r)
{
	memset(r, 0, sizeof(*r));
	TAILQ_INIT(&r->all);
}

void
gg_room_free(struct gg_room *r, uint32_t *total)
{
	struct gg_game	*g;

	while ((g = TAILQ_FIRST(&r->all)) != NULL) {
		TAILQ_REMOVE(&r->all, g, order);
		free(g);
	}
	*total -= r->n;
	gg_room_init(r);
}

static struct gg_game **
gg_slot(const struct gg_room *r, int32_t id)
{
	struct gg_game * const	*pp = &r->b[(uint32_t)id % GG_BUCKETS];

	while (*pp != NULL && (*pp)->aux.game_id != id)
		pp = &(*pp)->hnext;
	return (struct gg_game **)(uintptr_t)pp;
}

struct gg_game *
gg_room_find(const struct gg_room *r, int32_t id)
{
	return *gg_slot(r, id);
}

static void
gg_unlink(struct gg_room *r, struct gg_game *g)
{
	struct gg_game	**pp = gg_slot(r, g->aux.game_id);

	*pp = g->hnext;
	TAILQ_REMOVE(&r->all, g, order);
	free(g);
	r->n--;
}

/* gg_put - an add or change: replace in place, or append (bounded). */
static int
gg_put(struct gg_room *r, const struct mw_game_entry *e, uint64_t now,
    uint32_t *total, uint32_t max)
{
	struct gg_game	**pp = gg_slot(r, e->aux.game_id), *old = *pp, *g;

	if (old == NULL && *total >= max)
		return -1;
	if ((g = malloc(sizeof(*g) + e->data_len)) == NULL)
		return -1;
	memset(g, 0, sizeof(*g));
	g->aux = e->aux;
	g->aux.verb = MW_VERB_ADD;
	g->aux.game_data_size = (int16_t)e->data_len;
	if (e->aux.seconds_remaining > 0)
		g->deadline_ms = now + (uint64_t)e->aux.seconds_remaining *
		    1000;
	g->len = (uint16_t)e->data_len;
	memcpy(g->data, e->data, e->data_len);
	if (old != NULL) {
		g->hnext = old->hnext;
		TAILQ_INSERT_AFTER(&r->all, old, g, order);
		TAILQ_REMOVE(&r->all, old, order);
		free(old);
	} else {
		TAILQ_INSERT_TAIL(&r->all, g, order);
		r->n++;
		(*total)++;
	}
	*pp = g;
	return 0;
}

int
gg_room_apply(struct gg_room *r, const uint8_t *p, size_t len,
    uint64_t now_ms, uint32_t *total, uint32_t max)
{
	struct mw_game_entry	 e;
	struct mw_iter		 it;
	struct gg_game		*g;
	int			 dropped = 0;

	if (mw_decode_game_list(p, len, MW_T_GAME_LIST, &it) != MW_OK)
		return -1;
	while (mw_game_list_next(&it, &e) == 1) {
		if (e.aux.verb == MW_VERB_DELETE) {
			if ((g = gg_room_find(r, e.aux.game_id)) != NULL) {
				gg_unlink(r, g);
				(*total)--;
			}
		} else if (gg_put(r, &e, now_ms, total, max) == -1)
			dropped++;
	}
	return dropped;
}

void
gg_room_adopt(struct gg_room *dst, struct gg_room *src, uint32_t *total)
{
	gg_room_free(dst, total);
	*dst = *src;
	TAILQ_INIT(&dst->all);
	TAILQ_CONCAT(&dst->all, &src->all, order);
	*total += dst->n;
	gg_room_init(src);
}

int32_t
gg_remaining(const struct gg_game *g, uint64_t now_ms)
{
	uint64_t	left;

	if (g->deadline_ms == 0)
		return g->aux.seconds_remaining;
	if (g->deadline_ms <= now_ms)
		return 0;
	left = (g->deadline_ms - now_ms + 999) / 1000;
	return left > INT32_MAX ? INT32_MAX : (int32_t)left;
}

void
gg_entry(const struct gg_game *g, int verb, uint64_t now_ms,
    struct mw_game_entry *e)
{
	e->aux = g->aux;
	e->aux.verb = (int8_t)verb;
	e->aux.seconds_remaining = gg_remaining(g, now_ms);
	e->data = g->data;
	e->data_len = g->len;
}

/*
 * gg_same - nothing a client would see changed.  A countdown is the
 * same while the two ends lie within GG_SAME_MS: a snapshot taken a
 * moment later says a second less.
 */
int
gg_same(const struct gg_game *a, const struct gg_game *b)
{
	struct mw_game_aux	x = a->aux, y = b->aux;
	uint64_t		d;

	if ((a->deadline_ms == 0) != (b->deadline_ms == 0))
		return 0;
	if (a->deadline_ms != 0) {
		d = a->deadline_ms > b->deadline_ms ? a->deadline_ms -
		    b->deadline_ms : b->deadline_ms - a->deadline_ms;
		if (d > GG_SAME_MS)
			return 0;
		x.seconds_remaining = y.seconds_remaining = 0;
	}
	return x.game_id == y.game_id && x.host == y.host &&
	    x.port == y.port && x.game_version == y.game_version &&
	    x.seconds_remaining == y.seconds_remaining &&
	    x.creating_player_id == y.creating_player_id &&
	    a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

void
gg_pkt_begin(struct gg_pkt *k, uint16_t type, gg_emit_fn *emit, void *arg)
{
	k->type = type;
	k->npkts = k->nents = 0;
	k->max = 0;
	k->one = 0;
	k->emit = emit;
	k->arg = arg;
	(void)mw_list_begin(&k->l, type, k->buf, sizeof(k->buf),
	    MS_GS_LIST_MAX);
}

static void
gg_pkt_flush(struct gg_pkt *k)
{
	size_t	len;

	(void)mw_list_end(&k->l, &len);
	k->emit(k->arg, k->buf + MW_HEADER_SIZE, len - MW_HEADER_SIZE);
	k->npkts++;
	(void)mw_list_begin(&k->l, k->type, k->buf, sizeof(k->buf),
	    MS_GS_LIST_MAX);
}

int
gg_pkt_add(struct gg_pkt *k, const struct mw_game_entry *e)
{
	int	rc;

	if (k->max != 0 && k->nents >= k->max)
		return -1;
	if ((rc = mw_list_add_game(&k->l, e)) == MW_LIST_FULL) {
		if (k->one)
			return -1;
		gg_pkt_flush(k);
		rc = mw_list_add_game(&k->l, e);
	}
	if (rc != MW_OK)
		return -1;
	k->nents++;
	return 0;
}

void
gg_pkt_end(struct gg_pkt *k, int always)
{
	if (k->l.count > 0 || (always && k->npkts == 0))
		gg_pkt_flush(k);
}

void
gg_full(const struct gg_room *r, uint64_t now_ms, struct gg_pkt *k)
{
	struct mw_game_entry	 e;
	const struct gg_game	*g;

	TAILQ_FOREACH(g, &r->all, order) {
		gg_entry(g, MW_VERB_ADD, now_ms, &e);
		(void)gg_pkt_add(k, &e);
	}
}

/* gg_diff - deletes for games gone, then adds and changes in new order */
void
gg_diff(const struct gg_room *old, const struct gg_room *new,
    uint64_t now_ms, struct gg_pkt *k)
{
	struct mw_game_entry	 e;
	const struct gg_game	*g, *o;

	TAILQ_FOREACH(g, &old->all, order)
		if (gg_room_find(new, g->aux.game_id) == NULL) {
			gg_entry(g, MW_VERB_DELETE, now_ms, &e);
			(void)gg_pkt_add(k, &e);
		}
	TAILQ_FOREACH(g, &new->all, order) {
		if ((o = gg_room_find(old, g->aux.game_id)) == NULL)
			gg_entry(g, MW_VERB_ADD, now_ms, &e);
		else if (!gg_same(o, g))
			gg_entry(g, MW_VERB_CHANGE, now_ms, &e);
		else
			continue;
		(void)gg_pkt_add(k, &e);
	}
}
