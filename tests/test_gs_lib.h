/*
 * test_gs_lib.h - the game table driven without a loop for the game
 * worker's tests: hosts built with the real game-data encoder, a gone
 * callback and a list sink that keep everything, and a walk over the
 * captured MS_GS_LIST / MS_GS_SNAPSHOT payloads with the real packet 2
 * decoder.
 */
#ifndef TEST_GS_LIB_H
#define TEST_GS_LIB_H

#include <stddef.h>
#include <stdint.h>

#include "gs.h"

#define TG_GONE_MAX	64
#define TG_MSGS_MAX	64
#define TG_ENTS_MAX	512
#define TG_T0		1000000		/* the monotonic clock's start */

struct tg_gone {
	uint32_t	gw;
	uint32_t	sid;
	uint32_t	user_id;
	char		text[MS_TEXT_MAX];
};

struct tg_msg {
	uint16_t	 type;
	size_t		 len;
	uint8_t		*p;
};

/* One list entry as a gateway reads it, with its record. */
struct tg_ent {
	uint32_t		room_id;	/* without MS_GS_MORE */
	int			more;
	size_t			rec;		/* record number, from 0 */
	struct mw_game_aux	aux;
	size_t			data_len;
	uint8_t			data[MS_GS_DESC_MAX];
};

struct tg {
	struct gs_tbl	t;
	struct tg_gone	gone[TG_GONE_MAX];
	size_t		ngone;
	struct tg_msg	msgs[TG_MSGS_MAX];
	size_t		nmsgs;
	struct tg_ent	ents[TG_ENTS_MAX];
	size_t		nents;
	size_t		nrecs;
	size_t		rec_len_max;
};

extern struct tg	tg;

/* tg_setup, tg_teardown - a cmocka fixture: a fresh table, then none */
int	tg_setup(void **state);
int	tg_teardown(void **state);
/*
 * tg_host - a host state for (sid, room, uid) whose description names
 * the game `name` on map "Forest Heart", padded with zeros to size
 * bytes (0: as encoded).  The desc goes into tg_desc.
 */
extern uint8_t	tg_desc[MS_GS_DESC_MAX];
void	tg_host(struct ms_gs_host *, uint32_t sid, uint32_t room,
	    uint32_t uid, const char *name, size_t size);
enum gs_up tg_up(uint32_t gw, const struct ms_gs_host *, uint64_t now);
gs_sink_fn	tg_sink;
/* tg_flush - the turn as MS_GS_LIST into msgs, then turn_done at now. */
size_t	tg_flush(uint64_t now, int64_t wall_ms);
/* tg_parse - every captured message's entries into ents, in order. */
void	tg_parse(void);
void	tg_clear(void);
/* tg_name - the game name in an entry's game data. */
const char *tg_name(const struct tg_ent *);

#endif /* TEST_GS_LIB_H */
