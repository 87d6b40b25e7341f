/*
 * gs_table.c - every listed game, by host session (gateway, sid) and by
 * game id (the host's user id: one game per player), and what the room
 * lists must be told about it.  Invariants: a game is in the table only
 * while it is listed or announced in this turn; an entry sits on at
 * most one of the turn queue (out != GS_OUT_NONE) and the held list
 * (held); a delete of a game whose add never went out sends nothing;
 * adds and deletes are never held, a delete drops a held change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs.h"

#define GS_BUCKETS0	1024

static size_t	gs_hash_key(const struct gs_tbl *, uint32_t, uint32_t);
static size_t	gs_hash_uid(const struct gs_tbl *, uint32_t);
static int	gs_rehash(struct gs_tbl *, size_t);
static void	gs_link(struct gs_tbl *, struct gs_ent *);
static void	gs_unlink_key(struct gs_tbl *, struct gs_ent *);
static void	gs_unlink_uid(struct gs_tbl *, struct gs_ent *);
static void	gs_dequeue(struct gs_tbl *, struct gs_ent *);
static void	gs_queue(struct gs_tbl *, struct gs_ent *, uint8_t);
static int	gs_del_push(struct gs_tbl *, uint32_t, uint32_t, uint32_t,
		    uint16_t);
static void	gs_delete(struct gs_tbl *, struct gs_ent *);
static void	gs_drop(struct gs_tbl *, struct gs_ent *, const char *);
static int	gs_visible_differs(const struct gs_ent *,
		    const struct ms_gs_host *, const uint8_t *);
static void	gs_fill(struct gs_ent *, const struct ms_gs_host *,
		    const uint8_t *);
static void	gs_change(struct gs_tbl *, struct gs_ent *, uint64_t);
static enum gs_up gs_insert(struct gs_tbl *, uint32_t,
		    const struct ms_gs_host *, const uint8_t *, uint64_t);
static enum gs_up gs_update(struct gs_tbl *, struct gs_ent *,
		    const struct ms_gs_host *, const uint8_t *, uint64_t);
static void	gs_evict_uid(struct gs_tbl *, uint32_t,
		    const struct gs_ent *);

static size_t
gs_hash_key(const struct gs_tbl *t, uint32_t gw, uint32_t sid)
{
	uint32_t	h = sid * 0x9e3779b1u ^ (gw + 1) * 0x85ebca6bu;

	return (h ^ (h >> 15)) & (t->nbuckets - 1);
}

static size_t
gs_hash_uid(const struct gs_tbl *t, uint32_t uid)
{
	uint32_t	h = uid * 0x9e3779b1u;

	return (h ^ (h >> 15)) & (t->nbuckets - 1);
}

int
gs_tbl_init(struct gs_tbl *t, gs_gone_fn *gone, void *arg)
{
	memset(t, 0, sizeof(*t));
	TAILQ_INIT(&t->all);
	TAILQ_INIT(&t->turn);
	TAILQ_INIT(&t->held);
	t->gone = gone;
	t->gone_arg = arg;
	t->max_games = 10000;
	t->coalesce_ms = 250;
	t->idle_s = 1800;
	return gs_rehash(t, GS_BUCKETS0);
}

void
gs_tbl_fini(struct gs_tbl *t)
{
	struct gs_ent	*e;

	while ((e = TAILQ_FIRST(&t->all)) != NULL) {
		TAILQ_REMOVE(&t->all, e, all);
		free(e);
	}
	free(t->by_key);
	free(t->by_uid);
	free(t->dels);
	memset(t, 0, sizeof(*t));
}

void
gs_tbl_config(struct gs_tbl *t, uint32_t max_games, uint32_t coalesce_ms,
    uint32_t idle_s)
{
	t->max_games = max_games;
	t->coalesce_ms = coalesce_ms;
	t->idle_s = idle_s;
}

/* gs_rehash - nb buckets (a power of two); the old ones on failure. */
static int
gs_rehash(struct gs_tbl *t, size_t nb)
{
	struct gs_ent	**k, **u, *e;

	k = calloc(nb, sizeof(*k));
	u = calloc(nb, sizeof(*u));
	if (k == NULL || u == NULL) {
		free(k);
		free(u);
		return -1;
	}
	free(t->by_key);
	free(t->by_uid);
	t->by_key = k;
	t->by_uid = u;
	t->nbuckets = nb;
	TAILQ_FOREACH(e, &t->all, all)
		gs_link(t, e);
	return 0;
}

static void
gs_link(struct gs_tbl *t, struct gs_ent *e)
{
	size_t	k = gs_hash_key(t, e->gw, e->sid);
	size_t	u = gs_hash_uid(t, e->user_id);

	e->next_key = t->by_key[k];
	t->by_key[k] = e;
	e->next_uid = t->by_uid[u];
	t->by_uid[u] = e;
}

static void
gs_unlink_key(struct gs_tbl *t, struct gs_ent *e)
{
	struct gs_ent	**pp = &t->by_key[gs_hash_key(t, e->gw, e->sid)];

	while (*pp != e)
		pp = &(*pp)->next_key;
	*pp = e->next_key;
}

static void
gs_unlink_uid(struct gs_tbl *t, struct gs_ent *e)
{
	struct gs_ent	**pp = &t->by_uid[gs_hash_uid(t, e->user_id)];

	while (*pp != e)
		pp = &(*pp)->next_uid;
	*pp = e->next_uid;
}

struct gs_ent *
gs_tbl_find(const struct gs_tbl *t, uint32_t gw, uint32_t sid)
{
	struct gs_ent	*e = t->by_key[gs_hash_key(t, gw, sid)];

	while (e != NULL && (e->gw != gw || e->sid != sid))
		e = e->next_key;
	return e;
}

struct gs_ent *
gs_tbl_find_uid(const struct gs_tbl *t, uint32_t uid)
{
	struct gs_ent	*e = t->by_uid[gs_hash_uid(t, uid)];

	while (e != NULL && e->user_id != uid)
		e = e->next_uid;
	return e;
}

int
gs_ent_started(const struct gs_ent *e)
{
	return e->started != 0 || (e->flags & MS_GS_STARTED) != 0;
}

static void
gs_dequeue(struct gs_tbl *t, struct gs_ent *e)
{
	if (e->out != GS_OUT_NONE)
		TAILQ_REMOVE(&t->turn, e, q);
	else if (e->held)
		TAILQ_REMOVE(&t->held, e, q);
	e->out = GS_OUT_NONE;
	e->held = 0;
}

static void
gs_queue(struct gs_tbl *t, struct gs_ent *e, uint8_t out)
{
	gs_dequeue(t, e);
	e->out = out;
	TAILQ_INSERT_TAIL(&t->turn, e, q);
}

/*
 * gs_del_push - remember a delete for the flush.  The array only grows
 * to the number of games listed at the start of the turn.  Out of
 * memory the delete is lost: logged by the caller's flush as a gap the
 * next snapshot repairs, which is better than keeping a dead game.
 */
static int
gs_del_push(struct gs_tbl *t, uint32_t room_id, uint32_t game_id,
    uint32_t ipv4, uint16_t port)
{
	struct gs_del	*d;
	size_t		 cap;

	if (t->ndels == t->dels_cap) {
		cap = t->dels_cap == 0 ? 64 : 2 * t->dels_cap;
		if ((d = reallocarray(t->dels, cap, sizeof(*d))) == NULL)
			return -1;
		t->dels = d;
		t->dels_cap = cap;
	}
	d = &t->dels[t->ndels++];
	memset(d, 0, sizeof(*d));
	d->room_id = room_id;
	d->game_id = game_id;
	d->ipv4 = ipv4;
	d->port = port;
	return 0;
}

/* gs_delete - e leaves the table and, if it was shown, the list. */
static void
gs_delete(struct gs_tbl *t, struct gs_ent *e)
{
	if (e->out != GS_OUT_ADD)
		(void)gs_del_push(t, e->room_id, e->user_id, e->ipv4, e->port);
	gs_dequeue(t, e);
	gs_unlink_key(t, e);
	gs_unlink_uid(t, e);
	TAILQ_REMOVE(&t->all, e, all);
	t->n--;
	free(e);
}

/* gs_drop - deleted by this worker: the host's gateway must know. */
static void
gs_drop(struct gs_tbl *t, struct gs_ent *e, const char *text)
{
	uint32_t	gw = e->gw, sid = e->sid, uid = e->user_id;

	gs_delete(t, e);
	if (t->gone != NULL)
		t->gone(t->gone_arg, gw, sid, uid, text);
}

/* What packet 2 shows: address, description and the running clock. */
static int
gs_visible_differs(const struct gs_ent *e, const struct ms_gs_host *h,
    const uint8_t *desc)
{
	return e->ipv4 != h->ipv4 || e->port != h->port ||
	    e->started != h->started || e->limit_s != h->limit_s ||
	    ((e->flags ^ h->flags) & MS_GS_STARTED) != 0 ||
	    e->desc_len != h->desc_len ||
	    memcmp(e->desc, desc, h->desc_len) != 0;
}

static void
gs_fill(struct gs_ent *e, const struct ms_gs_host *h, const uint8_t *desc)
{
	e->room_id = h->room_id;
	e->user_id = h->user_id;
	e->ipv4 = h->ipv4;
	e->flags = h->flags & ~(uint32_t)MS_SESS_REPLAY;
	e->port = h->port;
	e->order = h->order;
	e->limit_s = h->limit_s;
	e->started = h->started;
	e->desc_len = h->desc_len;
	memcpy(e->desc, desc, h->desc_len);
	e->nplayers = h->nplayers;
	memset(e->players, 0, sizeof(e->players));
	memcpy(e->players, h->players, h->nplayers * sizeof(h->players[0]));
}

/*
 * gs_change - the first change after a quiet interval goes out in this
 * turn; later ones wait until coalesce_ms after the last one sent and
 * then go out once, with the state of that moment.
 */
static void
gs_change(struct gs_tbl *t, struct gs_ent *e, uint64_t now)
{
	if (e->out != GS_OUT_NONE || e->held)
		return;
	if (now < e->sent_ms + t->coalesce_ms) {
		e->held = 1;
		TAILQ_INSERT_TAIL(&t->held, e, q);
		return;
	}
	gs_queue(t, e, GS_OUT_CHANGE);
}

/* One game per player: an older game of uid elsewhere goes first. */
static void
gs_evict_uid(struct gs_tbl *t, uint32_t uid, const struct gs_ent *keep)
{
	struct gs_ent	*o = gs_tbl_find_uid(t, uid);

	if (o != NULL && o != keep)
		gs_drop(t, o, "Your game was replaced by the one you host "
		    "from another session.");
}

static enum gs_up
gs_insert(struct gs_tbl *t, uint32_t gw, const struct ms_gs_host *h,
    const uint8_t *desc, uint64_t now)
{
	struct gs_ent	*e;

	gs_evict_uid(t, h->user_id, NULL);
	if (t->n >= t->max_games || (e = calloc(1, sizeof(*e))) == NULL) {
		if (t->gone != NULL)
			t->gone(t->gone_arg, gw, h->sid, h->user_id, "The "
			    "server lists too many games; yours was not "
			    "added.");
		return GS_UP_FULL;
	}
	e->gw = gw;
	e->sid = h->sid;
	gs_fill(e, h, desc);
	e->updated_ms = now;
	TAILQ_INSERT_TAIL(&t->all, e, all);
	t->n++;
	/* A failed rehash keeps the old buckets: slower, still right. */
	if (t->n <= t->nbuckets || gs_rehash(t, 2 * t->nbuckets) == -1)
		gs_link(t, e);
	gs_queue(t, e, GS_OUT_ADD);
	return GS_UP_ADD;
}

static enum gs_up
gs_update(struct gs_tbl *t, struct gs_ent *e, const struct ms_gs_host *h,
    const uint8_t *desc, uint64_t now)
{
	int	moved, visible;

	if (h->user_id != e->user_id)
		gs_evict_uid(t, h->user_id, e);
	moved = h->room_id != e->room_id || h->user_id != e->user_id;
	visible = gs_visible_differs(e, h, desc);
	if (moved && e->out != GS_OUT_ADD)
		(void)gs_del_push(t, e->room_id, e->user_id, e->ipv4, e->port);
	gs_unlink_uid(t, e);
	gs_fill(e, h, desc);
	e->next_uid = t->by_uid[gs_hash_uid(t, e->user_id)];
	t->by_uid[gs_hash_uid(t, e->user_id)] = e;
	if ((h->flags & MS_SESS_REPLAY) == 0)
		e->updated_ms = now;
	if (moved) {
		gs_queue(t, e, GS_OUT_ADD);
		return GS_UP_MOVE;
	}
	if (!visible)
		return GS_UP_SAME;
	gs_change(t, e, now);
	return GS_UP_CHANGE;
}

enum gs_up
gs_tbl_upsert(struct gs_tbl *t, uint32_t gw, const struct ms_gs_host *h,
    const uint8_t *desc, uint64_t now)
{
	struct gs_ent	*e = gs_tbl_find(t, gw, h->sid);
	enum gs_up	 up;

	t->hosts++;
	if (e == NULL)
		up = gs_insert(t, gw, h, desc, now);
	else
		up = gs_update(t, e, h, desc, now);
	if ((e = gs_tbl_find(t, gw, h->sid)) != NULL)
		e->seen = t->hosts;
	return up;
}

int
gs_tbl_remove(struct gs_tbl *t, uint32_t gw, uint32_t sid)
{
	struct gs_ent	*e = gs_tbl_find(t, gw, sid);

	if (e == NULL)
		return 0;
	gs_delete(t, e);
	return 1;
}

/* The gateway lost its sessions: nobody there to tell. */
size_t
gs_tbl_gateway_gone(struct gs_tbl *t, uint32_t gw)
{
	return gs_tbl_gateway_stale(t, gw, UINT64_MAX);
}

/* What a gateway's replay left out, it no longer hosts. */
size_t
gs_tbl_gateway_stale(struct gs_tbl *t, uint32_t gw, uint64_t cut)
{
	struct gs_ent	*e, *next;
	size_t		 n = 0;

	for (e = TAILQ_FIRST(&t->all); e != NULL; e = next) {
		next = TAILQ_NEXT(e, all);
		if (e->gw == gw && e->seen < cut) {
			gs_delete(t, e);
			n++;
		}
	}
	return n;
}

size_t
gs_tbl_room_gone(struct gs_tbl *t, uint32_t room_id)
{
	struct gs_ent	*e, *next;
	size_t		 n = 0;

	for (e = TAILQ_FIRST(&t->all); e != NULL; e = next) {
		next = TAILQ_NEXT(e, all);
		if (e->room_id == room_id) {
			gs_drop(t, e, "Your game was removed from the list: "
			    "its room was closed.");
			n++;
		}
	}
	return n;
}

/* Running games are never timed out: their hosts are busy playing. */
size_t
gs_tbl_expire(struct gs_tbl *t, uint64_t now)
{
	struct gs_ent	*e, *next;
	uint64_t	 idle_ms = (uint64_t)t->idle_s * 1000;
	char		 text[MS_TEXT_MAX];
	size_t		 n = 0;

	if (t->idle_s % 60 == 0)
		(void)snprintf(text, sizeof(text), "Your game was removed "
		    "from the list: it was not updated for %u minute%s.",
		    t->idle_s / 60, t->idle_s == 60 ? "" : "s");
	else
		(void)snprintf(text, sizeof(text), "Your game was removed "
		    "from the list: it was not updated for %u seconds.",
		    t->idle_s);
	for (e = TAILQ_FIRST(&t->all); e != NULL; e = next) {
		next = TAILQ_NEXT(e, all);
		if (!gs_ent_started(e) && now >= e->updated_ms + idle_ms) {
			gs_drop(t, e, text);
			n++;
		}
	}
	return n;
}

int64_t
gs_tbl_held_due(const struct gs_tbl *t, uint64_t now)
{
	const struct gs_ent	*e;
	uint64_t		 due, first = UINT64_MAX;

	TAILQ_FOREACH(e, &t->held, q) {
		due = e->sent_ms + t->coalesce_ms;
		if (due < first)
			first = due;
	}
	if (first == UINT64_MAX)
		return -1;
	return first > now ? (int64_t)(first - now) : 0;
}

int64_t
gs_tbl_release(struct gs_tbl *t, uint64_t now)
{
	struct gs_ent	*e, *next;
	uint64_t	 due, first = UINT64_MAX;

	for (e = TAILQ_FIRST(&t->held); e != NULL; e = next) {
		next = TAILQ_NEXT(e, q);
		due = e->sent_ms + t->coalesce_ms;
		if (now >= due)
			gs_queue(t, e, GS_OUT_CHANGE);
		else if (due < first)
			first = due;
	}
	return first == UINT64_MAX ? -1 : (int64_t)(first - now);
}

void
gs_tbl_turn_done(struct gs_tbl *t, int sent, uint64_t now)
{
	struct gs_ent	*e;

	while ((e = TAILQ_FIRST(&t->turn)) != NULL) {
		TAILQ_REMOVE(&t->turn, e, q);
		e->out = GS_OUT_NONE;
		if (sent)
			e->sent_ms = now;
	}
	t->ndels = 0;
}
