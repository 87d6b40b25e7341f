/*
 * gw_game.h - the pure pieces of the gateway's games side, compiled
 * alone by their unit tests: a room's game list as the game worker
 * last described it (gw_game_cache.c), packet 2/13 building split under
 * MS_GS_LIST_MAX, the checks of a 104 and the matching of a 116
 * (gw_game_check.c).  No I/O, no clock: the time is an argument.
 * Invariants: a room holds one entry per game id, every entry stored
 * as an add; a cache never holds more entries than the bound given to
 * gg_room_apply(), counted in the caller's total.
 */
#ifndef MS_GW_GAME_H
#define MS_GW_GAME_H

#include <sys/queue.h>

#include <stddef.h>
#include <stdint.h>

#include "proto.h"
#include "wire.h"

#define GG_BUCKETS	64
#define GG_NAME_MAX	31	/* README 17: game name, chars */
#define GG_MAP_MAX	63	/* ... and map name */
#define GG_SAME_MS	2000	/* deadlines this close are one game's */

struct gg_game {
	TAILQ_ENTRY(gg_game) order;	/* in the room, oldest first */
	struct gg_game	*hnext;		/* bucket chain */
	struct mw_game_aux aux;		/* verb 0, as last received */
	uint64_t	 deadline_ms;	/* a running timed game's end,
					   monotonic; 0 = none */
	uint16_t	 len;
	uint8_t		 data[];	/* len bytes of game data */
};

TAILQ_HEAD(gg_list, gg_game);

struct gg_room {
	struct gg_list	 all;
	struct gg_game	*b[GG_BUCKETS];
	uint32_t	 n;
};

void		 gg_room_init(struct gg_room *);
/* gg_room_free - every entry; *total goes down by their number. */
void		 gg_room_free(struct gg_room *, uint32_t *total);
/*
 * gg_room_apply - one packet 2 payload (adds, deletes, changes) into
 * the room: -1 if it does not decode (nothing applied), else the number
 * of adds or changes of unknown games left out because *total reached
 * max.  now_ms turns a positive seconds_remaining into a deadline.
 */
int		 gg_room_apply(struct gg_room *, const uint8_t *, size_t,
		    uint64_t now_ms, uint32_t *total, uint32_t max);
struct gg_game	*gg_room_find(const struct gg_room *, int32_t game_id);
/* gg_room_adopt - dst takes src's entries (src ends empty). */
void		 gg_room_adopt(struct gg_room *dst, struct gg_room *src,
		    uint32_t *total);
int32_t		 gg_remaining(const struct gg_game *, uint64_t now_ms);
/* gg_entry - a wire entry for g with verb and a current countdown. */
void		 gg_entry(const struct gg_game *, int verb, uint64_t now_ms,
		    struct mw_game_entry *);
int		 gg_same(const struct gg_game *, const struct gg_game *);

/*
 * Packet builder: entries go into packets of at most MS_GS_LIST_MAX
 * bytes (header included); each full packet's payload is handed to emit.
 */
typedef void	 gg_emit_fn(void *arg, const uint8_t *payload, size_t len);

struct gg_pkt {
	struct mw_list	 l;
	uint16_t	 type;		/* MW_T_GAME_LIST or _PREF */
	uint32_t	 npkts;		/* emitted so far */
	uint32_t	 nents;		/* entries taken so far */
	uint32_t	 max;		/* entries at most; 0 = no bound */
	int		 one;		/* one packet, the rest left */
	gg_emit_fn	*emit;
	void		*arg;
	uint8_t		 buf[MS_GS_LIST_MAX + MW_CIPHER_OVERHEAD];
};

void		 gg_pkt_begin(struct gg_pkt *, uint16_t type, gg_emit_fn *,
		    void *arg);
/* gg_pkt_add - 0, or -1: left out (bound reached, or does not encode). */
int		 gg_pkt_add(struct gg_pkt *, const struct mw_game_entry *);
/* gg_pkt_end - emit the rest; with always, one empty packet if none. */
void		 gg_pkt_end(struct gg_pkt *, int always);
/* gg_full - the whole room as adds; gg_diff - old -> new as verbs. */
void		 gg_full(const struct gg_room *, uint64_t now_ms,
		    struct gg_pkt *);
void		 gg_diff(const struct gg_room *old,
		    const struct gg_room *new, uint64_t now_ms,
		    struct gg_pkt *);

/*
 * gg_create_check - a 104 payload: 0 with *cg filled, or -1 with why
 * (a line for the client that names the limit).
 */
int		 gg_create_check(const uint8_t *, size_t,
		    struct mw_create_game *cg, char *why, size_t whylen);
/* gg_search_match - 1 if the game data matches the 116 query. */
int		 gg_search_match(const struct mw_game_search_query *,
		    const uint8_t *data, size_t len);

#endif /* MS_GW_GAME_H */
