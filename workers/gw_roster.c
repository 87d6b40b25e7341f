/*
 * gw_roster.c - per room slot, the player_list entries (README 7.2 aux
 * + 7.3 data) our clients in that room have been shown: every packet 1
 * that passes through gw_deliver.c is applied (add and change replace,
 * delete removes).  When a room worker restarts, the rosters of its
 * rooms are held (what the new worker says before it has every session
 * back is not what the clients saw) until it sends its rebuilt roster
 * (MS_ROOM_ROSTER, maybe in parts); the difference goes to our clients
 * in the room as deletes, adds and changes, a client that entered
 * meanwhile gets the whole roster, and the new roster is adopted.
 * Invariants: a roster holds at most 2 x capacity + 16 entries, one per
 * player id; an empty room slot keeps an empty roster.
 */
#include <stdlib.h>
#include <string.h>

#include "gw.h"
#include "log.h"
#include "worker.h"

#define GW_AUX_SIZE	24
#define GW_RBUCKETS	256
#define GW_RENT_MAX	(GW_AUX_SIZE + MW_PLAYER_DATA_MAX)

struct gw_rent {
	struct gw_rent	*next;
	uint32_t	 id;
	uint16_t	 len;		/* aux + data */
	uint8_t		 b[GW_RENT_MAX];
};

struct gw_roster {
	struct gw_rent	*b[GW_RBUCKETS];
	uint32_t	 n;
};

/* A packet 1 under construction for one slot. */
struct gw_plist {
	uint32_t	slot;
	int		fresh;		/* for the members that are fresh */
	size_t		len;
	uint8_t		p[MW_MYTH_OUT_MAX - MW_HEADER_SIZE];
};

static struct gw_roster	rosters[MS_CFG_ROOMS_MAX];
static struct gw_roster	*parts[MS_CFG_ROOMS_MAX];	/* being gathered */
static uint8_t		 held[MS_CFG_ROOMS_MAX];
static struct gw_plist	plist;

static uint32_t	gw_be32(const uint8_t *);
static size_t	gw_rent_size(const uint8_t *);
static struct gw_rent **gw_roster_find(struct gw_roster *, uint32_t);
static void	gw_roster_put(struct gw_roster *, const uint8_t *, size_t,
		    uint32_t);
static void	gw_roster_free(struct gw_roster *);
static uint32_t	gw_roster_limit(uint32_t);
static void	gw_roster_load(struct gw_roster *, const uint8_t *, size_t,
		    uint32_t);
static void	gw_roster_diff(uint32_t, struct gw_roster *,
		    struct gw_roster *);
static void	gw_roster_whole(uint32_t, struct gw_roster *);
static void	gw_plist_add(const uint8_t *, size_t, uint16_t);
static void	gw_plist_flush(int);

void
gw_roster_init(void)
{
	memset(rosters, 0, sizeof(rosters));
}

void
gw_roster_fini(void)
{
	uint32_t	i;

	for (i = 0; i < MS_CFG_ROOMS_MAX; i++) {
		gw_roster_free(&rosters[i]);
		if (parts[i] != NULL)
			gw_roster_free(parts[i]);
		free(parts[i]);
		parts[i] = NULL;
	}
}

static uint32_t
gw_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* gw_rent_size - one entry of a list mw_decode_player_list() accepted */
static size_t
gw_rent_size(const uint8_t *e)
{
	return GW_AUX_SIZE + (size_t)(e[18] << 8 | e[19]);
}

static struct gw_rent **
gw_roster_find(struct gw_roster *r, uint32_t id)
{
	struct gw_rent	**pp = &r->b[id % GW_RBUCKETS];

	while (*pp != NULL && (*pp)->id != id)
		pp = &(*pp)->next;
	return pp;
}

static uint32_t
gw_roster_limit(uint32_t slot)
{
	const struct ms_cfg_room	*r;

	r = ms_cfg_room_find(wrk_cfg(), gw_room_slot_id(slot));
	return r != NULL ? 2 * r->capacity + 16 : 16;
}

/* gw_roster_put - apply one entry by its verb. */
static void
gw_roster_put(struct gw_roster *r, const uint8_t *e, size_t len,
    uint32_t limit)
{
	uint32_t	  id = gw_be32(e + 8);
	struct gw_rent	**pp = gw_roster_find(r, id), *x = *pp;

	if ((e[0] << 8 | e[1]) == MW_VERB_DELETE) {
		if (x != NULL) {
			*pp = x->next;
			free(x);
			r->n--;
		}
		return;
	}
	if (x == NULL) {
		if (r->n >= limit || (x = calloc(1, sizeof(*x))) == NULL) {
			log_warnx("roster: entry for player %u dropped", id);
			return;
		}
		x->id = id;
		*pp = x;
		r->n++;
	}
	x->len = (uint16_t)len;
	memcpy(x->b, e, len);
	x->b[0] = x->b[1] = 0;		/* stored as an add */
}

static void
gw_roster_free(struct gw_roster *r)
{
	struct gw_rent	*x;
	uint32_t	 i;

	for (i = 0; i < GW_RBUCKETS; i++)
		while ((x = r->b[i]) != NULL) {
			r->b[i] = x->next;
			free(x);
		}
	r->n = 0;
}

static void
gw_roster_load(struct gw_roster *r, const uint8_t *p, size_t len,
    uint32_t limit)
{
	size_t	off, n;

	for (off = 0; off < len; off += n) {
		n = gw_rent_size(p + off);
		if (n <= GW_RENT_MAX)
			gw_roster_put(r, p + off, n, limit);
	}
}

void
gw_roster_apply(uint32_t slot, const uint8_t *p, size_t len)
{
	struct mw_iter	it;

	if (held[slot])
		return;
	if (mw_decode_player_list(p, len, &it) != MW_OK) {
		log_warnx("roster: undecodable player list delivered");
		return;
	}
	gw_roster_load(&rosters[slot], p, len, gw_roster_limit(slot));
}

void
gw_roster_clear(uint32_t slot)
{
	gw_roster_free(&rosters[slot]);
}

/* gw_roster_hold - l's room worker restarted: keep its rooms' rosters. */
void
gw_roster_hold(struct wrk_link *l)
{
	uint32_t	slot;

	for (slot = 0; slot < gw_room_slots(); slot++)
		if (gw_room_link(gw_room_slot_id(slot)) == l)
			held[slot] = 1;
}

int
gw_roster_held(uint32_t slot)
{
	return held[slot];
}

/*
 * gw_roster_sync - MS_ROOM_ROSTER: struct ms_room_roster + entries, a
 * long roster in parts (MS_ROSTER_MORE) gathered before the diff.
 */
void
gw_roster_sync(const uint8_t *p, size_t len)
{
	struct ms_room_roster	h;
	struct mw_iter		it;
	uint32_t		id;
	int			slot;

	if (len >= sizeof(h))
		memcpy(&h, p, sizeof(h));
	if (len < sizeof(h) || h.len != len - sizeof(h) ||
	    mw_decode_player_list(p + sizeof(h), h.len, &it) != MW_OK) {
		log_warnx("malformed MS_ROOM_ROSTER (%zu bytes) ignored", len);
		return;
	}
	id = h.room_id & ~MS_ROSTER_MORE;
	if ((slot = gw_room_slot_of(id)) < 0)
		return;
	if (parts[slot] == NULL &&
	    (parts[slot] = calloc(1, sizeof(*parts[slot]))) == NULL) {
		log_warn("roster");
		return;
	}
	gw_roster_load(parts[slot], p + sizeof(h), h.len,
	    gw_roster_limit((uint32_t)slot));
	if (h.room_id & MS_ROSTER_MORE)
		return;
	held[slot] = 0;
	if (!TAILQ_EMPTY(gw_room_members((uint32_t)slot))) {
		gw_roster_diff((uint32_t)slot, &rosters[slot], parts[slot]);
		gw_roster_whole((uint32_t)slot, parts[slot]);
		gw_roster_free(&rosters[slot]);
		rosters[slot] = *parts[slot];
	} else
		gw_roster_free(parts[slot]);
	free(parts[slot]);
	parts[slot] = NULL;
}

/* gw_roster_diff - what our clients missed, as one or more packets 1. */
static void
gw_roster_diff(uint32_t slot, struct gw_roster *old, struct gw_roster *new)
{
	struct gw_rent	*x, *y;
	uint32_t	 i;

	plist.slot = slot;
	plist.fresh = 0;
	plist.len = 0;
	for (i = 0; i < GW_RBUCKETS; i++)
		for (x = old->b[i]; x != NULL; x = x->next)
			if (*gw_roster_find(new, x->id) == NULL)
				gw_plist_add(x->b, x->len, MW_VERB_DELETE);
	for (i = 0; i < GW_RBUCKETS; i++)
		for (x = new->b[i]; x != NULL; x = x->next) {
			y = *gw_roster_find(old, x->id);
			if (y == NULL)
				gw_plist_add(x->b, x->len, MW_VERB_ADD);
			else if (y->len != x->len ||
			    memcmp(y->b, x->b, x->len) != 0)
				gw_plist_add(x->b, x->len, MW_VERB_CHANGE);
		}
	gw_plist_flush(0);
}

/* gw_roster_whole - for those who entered while it was held: all adds. */
static void
gw_roster_whole(uint32_t slot, struct gw_roster *r)
{
	struct gw_rent	*x;
	uint32_t	 i;

	struct gw_conn	*c;

	plist.slot = slot;
	plist.fresh = 1;
	plist.len = 0;
	for (i = 0; i < GW_RBUCKETS; i++)
		for (x = r->b[i]; x != NULL; x = x->next)
			gw_plist_add(x->b, x->len, MW_VERB_ADD);
	gw_plist_flush(1);
	TAILQ_FOREACH(c, gw_room_members(slot), room_e)
		c->fresh = 0;
}

static void
gw_plist_add(const uint8_t *e, size_t len, uint16_t verb)
{
	if (plist.len + len > sizeof(plist.p))
		gw_plist_flush(plist.fresh);
	memcpy(plist.p + plist.len, e, len);
	plist.p[plist.len] = (uint8_t)(verb >> 8);
	plist.p[plist.len + 1] = (uint8_t)verb;
	plist.len += len;
}

/* gw_plist_flush - to the members that entered while held, or the rest */
static void
gw_plist_flush(int fresh)
{
	struct gw_conn	*c, *tmp;

	if (plist.len == 0)
		return;
	TAILQ_FOREACH_SAFE(c, gw_room_members(plist.slot), room_e, tmp)
		if (c->fresh == (unsigned)fresh)
			gw_send_raw(c, MW_T_PLAYER_LIST, plist.p, plist.len);
	plist.len = 0;
}
