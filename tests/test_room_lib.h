/*
 * test_room_lib.h - a room state driven without a loop for the room
 * tests: a config with rooms, a fake send that keeps every message,
 * helpers to join, chat and flush, and lookups of what a session was
 * delivered (walking MS_ROOM_DELIVER batches with the real decoder).
 */
#ifndef TEST_ROOM_LIB_H
#define TEST_ROOM_LIB_H

#include <stddef.h>
#include <stdint.h>

#include "room.h"

#define RT_MSGS_MAX	8192
#define RT_PKTS_MAX	4096

struct rt_msg {
	uint32_t	 gw;
	uint16_t	 type;
	uint32_t	 reqid;
	size_t		 len;
	uint8_t		*p;
};

/* One packet as a session got it: type and payload (no header). */
struct rt_pkt {
	uint16_t	 type;
	size_t		 len;
	const uint8_t	*p;
};

struct rt {
	struct ms_config	*cfg;
	struct room_ctx		*ctx;
	struct rt_msg		 msgs[RT_MSGS_MAX];
	size_t			 nmsgs;
	int			 refuse;	/* fake link refuses sends */
	struct rt_pkt		 pkts[RT_PKTS_MAX];
	uint32_t		 chat_seq[MS_CFG_WORKERS_MAX];	/* last sent */
	uint64_t		 now_ms;	/* rt_flush's clock, from 0 */
};

extern struct rt	rt;

/* rt_setup - nrooms rooms (ids 10, 11, ...) of capacity cap, 2 gateways. */
void	rt_setup(uint32_t nrooms, uint32_t cap);
/* rt_setup_recovering - as rt_setup, but the rosters are still owed. */
void	rt_setup_recovering(uint32_t nrooms, uint32_t cap);
void	rt_teardown(void);
void	rt_clear(void);
void	rt_flush(void);
int	rt_join(uint32_t gw, uint32_t sid, uint32_t room, uint32_t uid,
	    uint32_t flags, const char *nick);
void	rt_session(uint32_t gw, uint32_t sid, uint32_t verb, uint32_t arg);
/* rt_chat - the next chat_seq of gw; a base (0) first if none came. */
void	rt_chat(uint32_t gw, uint32_t sid, uint32_t kind, uint32_t target,
	    uint32_t echo, uint32_t uid, const char *name, const char *msg);
void	rt_chat_base(uint32_t gw, uint32_t seq, int replay);
/* rt_say - a room line with this chat_seq, no base sent for it. */
void	rt_say(uint32_t gw, uint32_t seq, uint32_t sid, const char *msg);
/* rt_count - messages of a type (to any gateway when gw is -1). */
size_t	rt_count(uint16_t type, int gw);
const struct rt_msg *rt_nth(uint16_t type, int gw, size_t n);
/* rt_got - packets (flushed) delivered to (gw, sid), in order. */
size_t	rt_got(uint32_t gw, uint32_t sid);
size_t	rt_got_type(uint32_t gw, uint32_t sid, uint16_t type);
/* rt_entries - the player_list entries of a packet-1 payload. */
size_t	rt_entries(const struct rt_pkt *, struct mw_player_entry *, size_t);
/* rt_text - the text of a packet-10 payload. */
const char *rt_text(const struct rt_pkt *);

#endif /* TEST_ROOM_LIB_H */
