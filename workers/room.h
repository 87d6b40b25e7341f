/*
 * room.h - the room worker's state, shared by its files: rooms (fixed
 * slots, so members may point at them), members (hashed by (gateway,
 * sid) and by (room, user id)), the delivery batches and the restart
 * recovery.  Everything here is pure logic driven by room.c: no libev,
 * no nng; peers are reached only through the room_send_fn in room_out.
 * Invariant: a member is in exactly one room's array and in both hash
 * tables, or in none of them.
 */
#ifndef MS_ROOM_H
#define MS_ROOM_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "proto.h"
#include "room_out.h"
#include "wire.h"

#define ROOM_MOTD_MAX		MS_CFG_STR_MAX
#define ROOM_MEMBERS_FLOOR	1024	/* global cap when config is tiny */
#define ROOM_MEMBERS_CEIL	(1u << 20)
#define ROOM_RECOVER_MS		300	/* roster deadline after first link */
#define ROOM_LINK_POLL_MS	20	/* until a gateway link is up */
#define ROOM_PKT_MAX		(MW_IN_MAX_CEILING + MW_CIPHER_OVERHEAD)
#define ROOM_TEXT_LINE		120	/* packet 10 texts stay < 128 */
#define ROOM_ACK_MS		10	/* MS_ROOM_ACK to a gateway, at most */

enum room_mode {
	ROOM_LISTENING = 0,
	ROOM_DEAF = 1
};

struct room_room;

struct room_member {
	struct room_member	*sess_next;	/* by_sess chain */
	struct room_member	*user_next;	/* by_user chain */
	struct room_room	*room;
	uint32_t		 slot;		/* index in room->members */
	uint32_t		 gw;
	uint32_t		 sid;
	uint32_t		 user_id;
	uint32_t		 flags;		/* MS_USER_* */
	int16_t			 caste;
	int16_t			 order;
	enum room_mode		 mode;
	/* README 7.3, decoded; pd.nick/pd.team point at nick/team. */
	struct mw_player_data	 pd;
	char			 nick[MW_NICK_MAX + 1];
	char			 team[MW_NICK_MAX + 1];
};

struct room_room {
	int			 live;		/* slot in use */
	uint32_t		 id;
	char			 name[64];
	uint32_t		 type;
	uint32_t		 capacity;
	int			 guests;
	struct room_member	**members;	/* n used of cap */
	uint32_t		 n;
	uint32_t		 cap;
	int			 counts_dirty;
	char			 motd[ROOM_MOTD_MAX];	/* runtime; "" none */
};

struct room_recover {
	int		 roster_sent;	/* the post-restart roster went out */
	uint64_t	 first_up_ms;	/* first gateway seen; 0 = none */
	uint8_t		 done[MS_CFG_WORKERS_MAX];	/* REPLAY_DONE seen */
	uint32_t	 roster_mask;	/* gateways owed a roster, in flush */
	uint32_t	 counts_mask;	/* gateways owed every count */
};

/*
 * A gateway's chat stream as this worker takes it (MS_ROOM_CHAT_BASE,
 * MS_ROOM_ACK): no chat before a base; then each chat_seq once, in
 * order; acknowledged in a flush, after the deliveries it caused, at
 * most every ROOM_ACK_MS (an nng message per loop turn costs too much
 * CPU under load; a restart may deliver what the last ROOM_ACK_MS
 * handled twice).
 */
struct room_gwchat {
	int		 based;		/* a base came: chat is taken */
	int		 replayed;	/* a replay's base came */
	uint32_t	 last;		/* chat_seq handled last */
	uint32_t	 acked;		/* in the last MS_ROOM_ACK sent */
	uint64_t	 ack_ms;	/* when that went */
};

struct room_ctx {
	struct room_room	 rooms[MS_CFG_ROOMS_MAX];
	struct room_member	**by_sess;
	struct room_member	**by_user;
	uint32_t		 mask;		/* buckets - 1 */
	uint32_t		 nmembers;
	uint32_t		 max_members;
	uint32_t		 ngw;		/* gateway workers */
	uint32_t		 self;		/* this room worker's index */
	char			 motd[ROOM_MOTD_MAX];	/* room.motd */
	struct room_out		 out;
	struct room_recover	 rec;
	struct room_gwchat	 gwchat[MS_CFG_WORKERS_MAX];
	uint8_t			 pkt[ROOM_PKT_MAX];	/* encode scratch */
	uint8_t			 pkt2[ROOM_PKT_MAX];
};

/* room_state.c - rooms, members, joins, leaves, modes, states */
void	room_motd_set(char *, size_t, const char *utf8);
int	room_ctx_init(struct room_ctx *, const struct ms_config *,
	    uint32_t self, room_send_fn *, void *arg);
void	room_ctx_fini(struct room_ctx *);
void	room_ctx_reload(struct room_ctx *, const struct ms_config *);
int	room_owns(const struct ms_config *, uint32_t pos, uint32_t self);
struct room_room *room_find(struct room_ctx *, uint32_t room_id);
struct room_member *room_member_sess(struct room_ctx *, uint32_t gw,
	    uint32_t sid);
struct room_member *room_member_user(struct room_ctx *,
	    const struct room_room *, uint32_t user_id);
void	room_join(struct room_ctx *, uint32_t gw, uint32_t reqid,
	    const struct ms_room_join *);
void	room_session(struct room_ctx *, uint32_t gw,
	    const struct ms_room_session *);
void	room_leave(struct room_ctx *, struct room_member *);
void	room_gateway_gone(struct room_ctx *, uint32_t gw);
/* room_kick - ask the member's gateway to close it (code -1: blammed). */
int	room_kick(struct room_ctx *, const struct room_member *, int32_t code,
	    const char *text);

/* room_list.c - player list entries and the packets built from them */
void	room_entry(const struct room_member *, uint16_t verb,
	    struct mw_player_entry *);
void	room_send_full(struct room_ctx *, const struct room_member *);
void	room_bcast_entry(struct room_ctx *, const struct room_member *,
	    uint16_t verb, const struct room_member *skip);
void	room_bcast_deletes(struct room_ctx *, struct room_room *,
	    struct room_member *gone);
void	room_send_text(struct room_ctx *, const struct room_member *,
	    const char *text);
void	room_bcast_text(struct room_ctx *, struct room_room *,
	    const char *text);
void	room_send_motd(struct room_ctx *, const struct room_member *);
int	room_line_next(const char **, char *line, size_t size);
size_t	room_roster(const struct room_room *, size_t *next, uint8_t *out,
	    size_t cap);

/* room_chat.c - chat lines, private messages, dot commands */
void	room_chat(struct room_ctx *, uint32_t gw, const struct ms_room_chat *,
	    const uint8_t *blob);
void	room_chat_base(struct room_ctx *, uint32_t gw,
	    const struct ms_room_chat_seq *);
void	room_chat_forget(struct room_ctx *, uint32_t gw);
int64_t	room_chat_acks(struct room_ctx *, uint64_t now_ms);
void	room_command(struct room_ctx *, const struct room_member *,
	    const char *line);

/* room_recover.c - restart recovery and the per-turn extras */
void	room_recover_gateway_seen(struct room_ctx *, uint64_t now_ms);
void	room_recover_replay_done(struct room_ctx *, uint32_t gw);
int64_t	room_recover_tick(struct room_ctx *, uint64_t now_ms);
void	room_recover_resync(struct room_ctx *, uint32_t gw);
int64_t	room_flush(struct room_ctx *, uint64_t now_ms);

/* room_find.c - MS_ROOM_FIND: members by user id or nick fragment */
int	room_find_match(const char *nick, const char *fragment);
size_t	room_find_build(struct room_ctx *, const struct ms_room_find *,
	    uint8_t *out, size_t cap);
void	room_find_reply(struct room_ctx *, uint32_t gw, uint32_t reqid,
	    const void *);

/* room_admin.c - mythmetactl verbs; the answer goes into text */
int	room_admin(struct room_ctx *, int argc, char **argv, char *text,
	    size_t textlen);

#endif /* MS_ROOM_H */
