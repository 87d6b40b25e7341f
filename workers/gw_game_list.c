/*
 * gw_game_list.c - each served room's game list as the game worker last
 * described it (gw_game_cache.c), and what clients see of it.
 * MS_GS_LIST records are applied and relayed as they are, as packet 2,
 * to the listening members already shown the list; a MS_GS_SNAPSHOT
 * (after a game-worker restart, or ours) is gathered per room and
 * replaces the list, the members getting only the difference.  The
 * room worker sends each newcomer (and a 110) an empty packet 2 right
 * after its player list; gw_deliver.c hands it to gw_game_full(), which
 * sends the room's whole list in its place, so it still comes after the
 * players, as clients expect.  Also the game counts of packet 0 and the
 * game search (116).  Deaf members get no list traffic (as the room
 * worker does with players): they ask again with 110.
 * Invariants: at most game.max_games entries in all rooms (total); a
 * member with g_listed set has seen every change since its full list.
 */
#include <stdlib.h>
#include <string.h>

#include "gw.h"
#include "gw_game.h"
#include "log.h"
#include "worker.h"

#define GW_SEARCH_SLOW	"You are searching too fast; try again later."

static struct gg_room	 rooms[MS_CFG_ROOMS_MAX];	/* by slot */
static struct gg_room	*parts[MS_CFG_ROOMS_MAX];	/* a snapshot */
static uint32_t		 nslots;
static uint32_t		 total;
static uint64_t		 nlost;		/* over game.max_games */
static struct gg_pkt	 pkt;

static int	gw_glist_check(const uint8_t *, size_t);
static void	gw_glist_apply(uint32_t, const uint8_t *, size_t);
static void	gw_glist_part(uint32_t, int, const uint8_t *, size_t);
static void	gw_glist_lost(uint32_t, int);
static void	gw_glist_bcast(void *, const uint8_t *, size_t);
static void	gw_glist_one(void *, const uint8_t *, size_t);

void
gw_glist_init(void)
{
	uint32_t	i;

	nslots = gw_room_slots();
	for (i = 0; i < MS_CFG_ROOMS_MAX; i++)
		gg_room_init(&rooms[i]);
	total = 0;
}

void
gw_glist_fini(void)
{
	uint32_t	i;

	gw_glist_restart();
	for (i = 0; i < MS_CFG_ROOMS_MAX; i++)
		gg_room_free(&rooms[i], &total);
}

/* gw_glist_restart - a snapshot being gathered will not be finished. */
void
gw_glist_restart(void)
{
	uint32_t	i, n;

	for (i = 0; i < MS_CFG_ROOMS_MAX; i++) {
		if (parts[i] == NULL)
			continue;
		n = parts[i]->n;
		gg_room_free(parts[i], &n);
		free(parts[i]);
		parts[i] = NULL;
	}
}

/* gw_glist_check - every record whole and a game list: 0, else -1. */
static int
gw_glist_check(const uint8_t *p, size_t len)
{
	struct ms_gs_rec	r;
	struct mw_iter		it;
	size_t			off, pad;

	for (off = 0; off < len; off += sizeof(r) + pad) {
		if (len - off < sizeof(r))
			return -1;
		memcpy(&r, p + off, sizeof(r));
		pad = ((size_t)r.len + 3) & ~(size_t)3;
		if (r.len > MS_GS_LIST_MAX || pad > len - off - sizeof(r) ||
		    mw_decode_game_list(p + off + sizeof(r), r.len,
		    MW_T_GAME_LIST, &it) != MW_OK)
			return -1;
	}
	return 0;
}

void
gw_game_list(uint16_t type, const void *vp, size_t len)
{
	const uint8_t		*p = vp;
	struct ms_gs_rec	 r;
	size_t			 off;
	int			 slot;

	if (gw_glist_check(p, len) == -1) {
		log_warnx("malformed %s (%zu bytes) from the game worker "
		    "ignored", ms_msg_name(type), len);
		return;
	}
	for (off = 0; off < len; off += sizeof(r) + ((r.len + 3) & ~3u)) {
		memcpy(&r, p + off, sizeof(r));
		if ((slot = gw_room_slot_of(r.room_id & ~MS_GS_MORE)) < 0)
			continue;
		if (type == MS_GS_LIST)
			gw_glist_apply((uint32_t)slot, p + off + sizeof(r),
			    r.len);
		else
			gw_glist_part((uint32_t)slot, (r.room_id &
			    MS_GS_MORE) != 0, p + off + sizeof(r), r.len);
	}
}

static void
gw_glist_lost(uint32_t slot, int n)
{
	if (n <= 0)
		return;
	if (nlost == 0 || (nlost + (uint64_t)n) / 1000 != nlost / 1000)
		log_warnx("room %u: games over game.max_games (%u) not "
		    "listed (%llu so far)", gw_room_slot_id(slot),
		    wrk_cfg()->game_max_games,
		    (unsigned long long)(nlost + (uint64_t)n));
	nlost += (uint64_t)n;
}

/* MS_GS_LIST: the changes into the cache and, as they are, to clients. */
static void
gw_glist_apply(uint32_t slot, const uint8_t *p, size_t len)
{
	uint32_t	before = rooms[slot].n;

	gw_glist_lost(slot, gg_room_apply(&rooms[slot], p, len, gw_now(),
	    &total, wrk_cfg()->game_max_games));
	if (len > 0)
		gw_glist_bcast(&slot, p, len);
	if (rooms[slot].n != before)
		gw_roomlist_games();
}

/* MS_GS_SNAPSHOT: one room's part; the last one settles the room. */
static void
gw_glist_part(uint32_t slot, int more, const uint8_t *p, size_t len)
{
	uint32_t	max = wrk_cfg()->game_max_games, others, n, before;

	if (parts[slot] == NULL) {
		if ((parts[slot] = malloc(sizeof(*parts[slot]))) == NULL) {
			log_warn("game list snapshot");
			return;
		}
		gg_room_init(parts[slot]);
	}
	/* What the room may hold once it replaces its list. */
	others = total - rooms[slot].n;
	n = parts[slot]->n;
	gw_glist_lost(slot, gg_room_apply(parts[slot], p, len, gw_now(), &n,
	    max > others ? max - others : 0));
	if (more)
		return;
	before = rooms[slot].n;
	gg_pkt_begin(&pkt, MW_T_GAME_LIST, gw_glist_bcast, &slot);
	gg_diff(&rooms[slot], parts[slot], gw_now(), &pkt);
	gg_pkt_end(&pkt, 0);
	gg_room_adopt(&rooms[slot], parts[slot], &total);
	free(parts[slot]);
	parts[slot] = NULL;
	if (rooms[slot].n != before)
		gw_roomlist_games();
}

/* gw_glist_bcast - a packet 2 to the room's members that have a list. */
static void
gw_glist_bcast(void *arg, const uint8_t *p, size_t len)
{
	uint32_t	 slot = *(uint32_t *)arg;
	struct gw_conn	*c, *tmp;

	TAILQ_FOREACH_SAFE(c, gw_room_members(slot), room_e, tmp)
		if (c->g_listed && c->mode == 0)
			gw_send_raw(c, MW_T_GAME_LIST, p, len);
}

static void
gw_glist_one(void *arg, const uint8_t *p, size_t len)
{
	struct gw_conn	*c = arg;

	gw_send_raw(c, pkt.type, p, len);
}

/* gw_game_full - the whole list (one empty packet if no games). */
void
gw_game_full(struct gw_conn *c)
{
	if (c->dead || !c->in_room)
		return;
	gg_pkt_begin(&pkt, MW_T_GAME_LIST, gw_glist_one, c);
	gg_full(&rooms[c->slot], gw_now(), &pkt);
	gg_pkt_end(&pkt, 1);
	c->g_listed = 1;
}

uint16_t
gw_game_count(uint32_t room_id)
{
	int	slot;

	if ((slot = gw_room_slot_of(room_id)) < 0)
		return 0;
	return rooms[slot].n > INT16_MAX ? INT16_MAX :
	    (uint16_t)rooms[slot].n;
}

/*
 * 116: packet 13 from the games of every room, at most
 * game.search_results, always answered (README 12.6), within the chat
 * rate: a search costs a token of the same bucket.
 */
void
gw_glist_search(struct gw_conn *c, const uint8_t *p, size_t len)
{
	const struct ms_config		*cfg = wrk_cfg();
	struct mw_game_search_query	 q;
	struct mw_game_entry		 e;
	const struct gg_game		*g;
	uint32_t			 s;
	int				 rc;

	if (gw_bucket_take(&c->chat, gw_now(), cfg->chat_rate,
	    cfg->chat_burst) == -1) {
		gw_stats.chat_refused++;
		gw_send_text(c, MW_T_MESSAGE_OF_THE_DAY, GW_SEARCH_SLOW);
		return;
	}
	gg_pkt_begin(&pkt, MW_T_GAME_LIST_PREF, gw_glist_one, c);
	pkt.max = cfg->game_search_results;
	pkt.one = 1;
	if ((rc = mw_decode_game_search_query(p, len, &q)) != MW_OK) {
		if (gw_log_ok())
			log_info("client %u: bad game search: %s", c->sid,
			    mw_strerror(rc));
		goto done;
	}
	for (s = 0; s < nslots; s++)
		TAILQ_FOREACH(g, &rooms[s].all, order) {
			if (!gg_search_match(&q, g->data, g->len))
				continue;
			gg_entry(g, MW_VERB_ADD, gw_now(), &e);
			if (gg_pkt_add(&pkt, &e) == -1)
				goto done;
		}
done:
	gg_pkt_end(&pkt, 1);
}
