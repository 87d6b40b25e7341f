/*
 * proto.h - every message that crosses a process boundary, on the
 * control channel (fd 3, SOCK_SEQPACKET) or over an nng link between
 * workers.  MS_MSG_LIST is the single source of truth: the enum, the
 * log names, the sender/receiver check and the exact-size table are all
 * expanded from it.  Append only; never renumber; bump MS_PROTO_VERSION
 * whenever a payload layout changes.  Payloads are fixed-width integers
 * in host byte order (every process runs on one host from one binary).
 */
#ifndef MS_PROTO_H
#define MS_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MS_PROTO_VERSION	2
#define MS_MSG_MAX		(64 * 1024)	/* header + payload */
#define MS_SIZE_VAR		((uint32_t)-1)	/* has its own decoder */
#define MS_CTL_FD		3	/* control socketpair in every worker */
#define MS_LISTEN_FD0		4	/* first inherited listener (gateway) */

enum ms_role {
	MS_ROLE_SUPERVISOR = 0,
	MS_ROLE_STORE = 1,
	MS_ROLE_GAME = 2,
	MS_ROLE_ROOM = 3,
	MS_ROLE_GATEWAY = 4,
	MS_ROLE_MAX = 5
};

/* Bit masks for the sender/receiver columns of MS_MSG_LIST. */
#define MS_R_SUP	(1u << MS_ROLE_SUPERVISOR)
#define MS_R_STORE	(1u << MS_ROLE_STORE)
#define MS_R_GAME	(1u << MS_ROLE_GAME)
#define MS_R_ROOM	(1u << MS_ROLE_ROOM)
#define MS_R_GW		(1u << MS_ROLE_GATEWAY)
#define MS_R_WORKER	(MS_R_STORE | MS_R_GAME | MS_R_ROOM | MS_R_GW)

struct ms_hdr {
	uint16_t	version;	/* MS_PROTO_VERSION */
	uint16_t	type;		/* enum ms_msg_type */
	uint32_t	len;		/* payload bytes after this header */
	uint32_t	reqid;		/* request/reply correlation, or 0 */
	uint32_t	epoch;		/* sender's random start epoch, never 0 */
	uint32_t	seq;		/* per-link event sequence, 0 on ctl */
	uint32_t	pad;		/* 0; keeps payloads 8-byte aligned */
};
_Static_assert(sizeof(struct ms_hdr) == 24, "ms_hdr is wire format");

/* --- control channel (supervisor <-> worker, fd 3) --- */

struct ms_ctl_hello {			/* worker -> supervisor, first */
	uint32_t	role;		/* enum ms_role */
	uint32_t	index;		/* 0.. within the role */
	uint32_t	pid;
	uint32_t	proto_version;
};
_Static_assert(sizeof(struct ms_ctl_hello) == 16, "wire format");

/*
 * MS_CTL_CONFIG payload: struct ms_ctl_config followed by exactly
 * text_len bytes of validated libconfig text and one NUL.  The secret
 * is chosen by the supervisor once per run; gateways key the room
 * tokens they issue with it, so a token from one gateway is good at
 * every other, and none outlives the daemon.
 */
#define MS_SECRET_SIZE	32
struct ms_ctl_config {
	uint32_t	generation;
	uint32_t	text_len;	/* without the trailing NUL */
	uint8_t		secret[MS_SECRET_SIZE];
};
_Static_assert(sizeof(struct ms_ctl_config) == 40, "wire format");

struct ms_ctl_gen {			/* READY and CFG_ACK */
	uint32_t	generation;
	int32_t		status;		/* 0 = applied */
};
_Static_assert(sizeof(struct ms_ctl_gen) == 8, "wire format");

struct ms_ctl_heartbeat {		/* both directions, echoed */
	uint64_t	seq;
	uint64_t	sent_ms;	/* supervisor's monotonic clock */
};
_Static_assert(sizeof(struct ms_ctl_heartbeat) == 16, "wire format");

/* --- links between workers (nng) --- */

struct ms_link_hello {			/* first message on every new pipe */
	uint32_t	role;
	uint32_t	index;
	uint32_t	pid;
	uint32_t	pad;
};
_Static_assert(sizeof(struct ms_link_hello) == 16, "wire format");

#define MS_PING_HOPS	4
struct ms_ping_hop {
	uint32_t	role;
	uint32_t	index;
	uint32_t	pid;
	uint32_t	epoch;
};

/*
 * A routed health ping: gateway -> room -> game -> store and back.
 * Each worker appends itself to hop[] on the way out; replies retrace
 * the path by reqid, which each hop maps to the request it forwarded.
 */
struct ms_ping {
	uint64_t	sent_ms;	/* originating gateway's clock */
	uint32_t	nhops;		/* entries used in hop[] */
	uint32_t	pad;
	struct ms_ping_hop hop[MS_PING_HOPS];
};
_Static_assert(sizeof(struct ms_ping) == 16 + 16 * MS_PING_HOPS,
    "wire format");

/*
 * MS_CTL_ADMIN (supervisor -> worker) carries one mythmetactl command:
 * struct ms_ctl_admin, then len bytes holding argc NUL-terminated
 * words.  MS_CTL_ADMIN_REP (worker -> supervisor, same reqid): struct
 * ms_ctl_admin_rep, then len bytes of text ending in one NUL.
 */
struct ms_ctl_admin {
	uint32_t	argc;
	uint32_t	len;
};
_Static_assert(sizeof(struct ms_ctl_admin) == 8, "wire format");

#define MS_ADMIN_OK		0	/* done; text is the answer */
#define MS_ADMIN_NOT_HERE	1	/* not this worker's (e.g. no such
					   player in its rooms) */
#define MS_ADMIN_FAIL		2	/* refused; text says why */
struct ms_ctl_admin_rep {
	int32_t		status;
	uint32_t	len;
};
_Static_assert(sizeof(struct ms_ctl_admin_rep) == 8, "wire format");

/* --- players (players issue): sessions, store, rooms --- */

/*
 * A session is named by the gateway that owns it: (gateway index, sid).
 * sids are never reused within a gateway's epoch.  User flags travel
 * with every session message that needs them.
 */
#define MS_USER_GUEST		0x0001
#define MS_USER_ADMIN		0x0002
#define MS_USER_ALEPHONE	0x0004	/* dialect: Aleph One (else Myth) */
#define MS_USER_DEAF		0x0008	/* set_player_mode 1 (in a game) */
#define MS_SESS_REPLAY		0x0100	/* resent after a peer restart */

#define MS_TEXT_MAX		128	/* reason/kick texts, NUL included */
#define MS_NAME_MAX		32	/* login names, NUL included */
#define MS_PASSWORD_MAX		32	/* plaintext from packet 109 */
#define MS_PLAYER_DATA_MAX	128	/* protocol README 7.3 */

/*
 * MS_PST_AUTH - gateway -> store, at the end of the login flow: check
 * the password (argon2id, off the store's loop) or the guest rules, the
 * bans, and the duplicate-login policy.  The reply carries the same
 * reqid.  code is 0 or a server_message code of protocol README 8.10
 * (3 bad user/password, 6 already logged in, 14 locked, 16 guests not
 * allowed, 17 guest name taken); the gateway maps 16/17 to 3 for Myth
 * builds below 428.
 */
struct ms_pst_auth {
	uint32_t	sid;
	uint32_t	ipv4;		/* client address, network order */
	uint32_t	flags;		/* MS_USER_GUEST, MS_USER_ALEPHONE */
	uint32_t	pad;
	char		username[MS_NAME_MAX];
	char		password[MS_PASSWORD_MAX];	/* "" for guests */
};
_Static_assert(sizeof(struct ms_pst_auth) == 80, "wire format");

struct ms_pst_auth_rep {
	uint32_t	sid;
	int32_t		code;
	uint32_t	user_id;	/* guests: from the store's guest range */
	uint32_t	flags;		/* MS_USER_GUEST, MS_USER_ADMIN */
	int16_t		order;		/* order (clan) id, -1 none */
	int16_t		caste;		/* caste icon, -1 none */
	uint32_t	pad;
	char		text[MS_TEXT_MAX];	/* for the client if code != 0 */
};
_Static_assert(sizeof(struct ms_pst_auth_rep) == 152, "wire format");

/*
 * MS_PST_CLAIM - gateway -> store when a session enters a room (and
 * again, flagged MS_SESS_REPLAY, for every session in a room when the
 * store restarts).  The store keeps who is online where, checks bans by
 * user id and address, and applies the duplicate-login policy: refuse
 * the new session (reply code 12), or kick the old one (MS_GW_KICK
 * with code 6 to its gateway) and accept.  Idempotent per (gateway,
 * sid).  MS_PST_RELEASE (no reply) when the session ends.
 */
struct ms_pst_claim {
	uint32_t	sid;
	uint32_t	user_id;
	uint32_t	ipv4;
	uint32_t	room_id;
	uint32_t	flags;
	uint32_t	pad;
	char		username[MS_NAME_MAX];
};
_Static_assert(sizeof(struct ms_pst_claim) == 56, "wire format");

struct ms_pst_claim_rep {
	uint32_t	sid;
	int32_t		code;		/* 0, 12 duplicate, 14 banned */
	char		text[MS_TEXT_MAX];
};
_Static_assert(sizeof(struct ms_pst_claim_rep) == 136, "wire format");

struct ms_pst_release {
	uint32_t	sid;
	uint32_t	user_id;
};
_Static_assert(sizeof(struct ms_pst_release) == 8, "wire format");

/*
 * MS_GW_KICK - store or room -> gateway: close a session.  code >= 0:
 * send server_message(code, text) first (6 duplicate login, 14 banned);
 * code == -1: send you_just_got_blammed_sucka(text) (an admin kick).
 */
struct ms_gw_kick {
	uint32_t	sid;
	int32_t		code;
	char		text[MS_TEXT_MAX];
};
_Static_assert(sizeof(struct ms_gw_kick) == 136, "wire format");

/*
 * MS_ROOM_JOIN - gateway -> the room worker that owns room_id (the
 * room's position in the config's rooms list modulo room_workers).
 * The reply MS_ROOM_JOIN_REP (same reqid) comes before any delivery
 * for the session, so the gateway can send packets 9 and 3 (code 8)
 * first, as Aleph One requires.  code: 0, 13 room full, 4 guests not
 * allowed in this room.  A replayed join (MS_SESS_REPLAY) is accepted
 * without capacity checks and produces no deliveries.
 */
struct ms_room_join {
	uint32_t	sid;
	uint32_t	room_id;
	uint32_t	user_id;
	uint32_t	flags;
	int16_t		caste;
	int16_t		order;
	uint16_t	player_data_len;
	uint16_t	pad;
	uint8_t		player_data[MS_PLAYER_DATA_MAX];	/* README 7.3 */
};
_Static_assert(sizeof(struct ms_room_join) == 152, "wire format");

struct ms_room_join_rep {
	uint32_t	sid;
	uint32_t	room_id;
	int32_t		code;
	uint32_t	max_players;	/* for packet 9 */
};
_Static_assert(sizeof(struct ms_room_join_rep) == 16, "wire format");

/*
 * MS_ROOM_SESSION - gateway -> room, one small verb about a session:
 * leave, request full update (110), set mode (107: arg = mode), set
 * state (103 after login: arg = state).
 */
#define MS_ROOM_LEAVE		1
#define MS_ROOM_FULL_UPDATE	2
#define MS_ROOM_SET_MODE	3
#define MS_ROOM_SET_STATE	4
#define MS_ROOM_REPLAY_DONE	5	/* sid 0: this gateway has replayed */
struct ms_room_session {
	uint32_t	sid;
	uint32_t	verb;
	uint32_t	arg;
	uint32_t	pad;
};
_Static_assert(sizeof(struct ms_room_session) == 16, "wire format");

/*
 * MS_ROOM_CHAT - gateway -> room: struct ms_room_chat then blob_len
 * bytes, the chat blob of README 7.6 as the client sent it (the room
 * overwrites sender id and name).  kind 0: room_broadcast (200) to every
 * listening member including the sender; kind 1: directed_data (201) to
 * target, and back to the sender if echo.  chat_seq numbers a gateway's
 * chat to one room worker (1, 2, ... modulo 2^32): see MS_ROOM_ACK.
 */
struct ms_room_chat {
	uint32_t	sid;
	uint32_t	kind;
	uint32_t	target;
	uint32_t	echo;
	uint32_t	blob_len;
	uint32_t	chat_seq;
};
_Static_assert(sizeof(struct ms_room_chat) == 24, "wire format");

/*
 * MS_ROOM_DELIVER - room -> gateway: a batch of packets for that
 * gateway's sessions, one nng message per gateway per loop turn (never
 * one per recipient).  The payload is a sequence of records, each
 * struct ms_deliver_rec, then len payload bytes padded with zeros to a
 * multiple of 4, then nsids uint32_t sids.  The gateway frames (and for
 * Myth clients encrypts) the same payload once per recipient.
 */
struct ms_deliver_rec {
	uint16_t	type;		/* wire packet type (README 6) */
	uint16_t	nsids;
	uint32_t	len;		/* payload bytes, <= 32767 - 8 - 24 */
};
_Static_assert(sizeof(struct ms_deliver_rec) == 8, "wire format");

/*
 * MS_ROOM_COUNTS - room -> every gateway when its rooms' counts change
 * (coalesced per loop turn): n entries of struct ms_room_count.  The
 * gateways build room_list (packet 0) from them.
 */
struct ms_room_count {
	uint32_t	room_id;
	uint16_t	players;
	uint16_t	games;
};
_Static_assert(sizeof(struct ms_room_count) == 8, "wire format");

/*
 * MS_ROOM_ROSTER - room -> every gateway after a restart, once every
 * gateway has replayed (or a deadline passed): for one room, the
 * player_list entries (README 7.2 aux + 7.3 data, verb 0) of every
 * member as rebuilt.  struct ms_room_roster then len bytes of entries.
 * The gateway diffs it against the roster it last saw and sends its
 * clients in that room the adds and deletes they missed.
 */
struct ms_room_roster {
	uint32_t	room_id;
	uint32_t	len;
};
_Static_assert(sizeof(struct ms_room_roster) == 8, "wire format");
/*
 * A room's roster may not fit one message: it then comes in parts, in
 * order, every part but the last with MS_ROSTER_MORE or'ed into room_id.
 */
#define MS_ROSTER_MORE		0x80000000u

/*
 * Chat survives a room-worker restart (at least once): the gateway
 * keeps every MS_ROOM_CHAT the worker has not acknowledged and sends
 * them again, in order, after its replay.  MS_ROOM_CHAT_BASE - gateway
 * -> room: the next MS_ROOM_CHAT carries chat_seq + 1; a room worker
 * takes no chat from a gateway before its base (what came earlier was
 * meant for its predecessor and will come again).  replay is 1 when
 * the base belongs to a replay (after the sessions, before the chat
 * sent again): the first such base of a worker's life overrides what
 * it may have taken before.  MS_ROOM_ACK - room -> gateway, after the
 * deliveries it stands for, at most every few ms: every chat up to
 * chat_seq has been handled.  replay is 0 there.
 */
struct ms_room_chat_seq {
	uint32_t	chat_seq;
	uint32_t	replay;
};
_Static_assert(sizeof(struct ms_room_chat_seq) == 8, "wire format");

/* X(name, number, senders, receivers, exact payload size) */
#define MS_MSG_LIST(X)							\
	X(MS_CTL_HELLO,		1, MS_R_WORKER, MS_R_SUP,		\
	    sizeof(struct ms_ctl_hello))				\
	X(MS_CTL_CONFIG,	2, MS_R_SUP, MS_R_WORKER, MS_SIZE_VAR)	\
	X(MS_CTL_READY,		3, MS_R_WORKER, MS_R_SUP,		\
	    sizeof(struct ms_ctl_gen))					\
	X(MS_CTL_CFG_ACK,	4, MS_R_WORKER, MS_R_SUP,		\
	    sizeof(struct ms_ctl_gen))					\
	X(MS_CTL_HEARTBEAT,	5, MS_R_SUP | MS_R_WORKER,		\
	    MS_R_SUP | MS_R_WORKER, sizeof(struct ms_ctl_heartbeat))	\
	X(MS_CTL_STOP,		6, MS_R_SUP, MS_R_WORKER, 0)		\
	X(MS_CTL_ADMIN,		7, MS_R_SUP, MS_R_WORKER, MS_SIZE_VAR)	\
	X(MS_CTL_ADMIN_REP,	8, MS_R_WORKER, MS_R_SUP, MS_SIZE_VAR)	\
	X(MS_LINK_HELLO,	100, MS_R_WORKER, MS_R_WORKER,		\
	    sizeof(struct ms_link_hello))				\
	X(MS_LINK_RESYNC,	101, MS_R_WORKER, MS_R_WORKER, 0)	\
	X(MS_LINK_PING,		102, MS_R_GW | MS_R_ROOM | MS_R_GAME,	\
	    MS_R_ROOM | MS_R_GAME | MS_R_STORE, sizeof(struct ms_ping))	\
	X(MS_LINK_PONG,		103, MS_R_ROOM | MS_R_GAME | MS_R_STORE, \
	    MS_R_GW | MS_R_ROOM | MS_R_GAME, sizeof(struct ms_ping))	\
	X(MS_PST_AUTH,		200, MS_R_GW, MS_R_STORE,		\
	    sizeof(struct ms_pst_auth))					\
	X(MS_PST_AUTH_REP,	201, MS_R_STORE, MS_R_GW,		\
	    sizeof(struct ms_pst_auth_rep))				\
	X(MS_PST_CLAIM,		202, MS_R_GW, MS_R_STORE,		\
	    sizeof(struct ms_pst_claim))				\
	X(MS_PST_CLAIM_REP,	203, MS_R_STORE, MS_R_GW,		\
	    sizeof(struct ms_pst_claim_rep))				\
	X(MS_PST_RELEASE,	204, MS_R_GW, MS_R_STORE,		\
	    sizeof(struct ms_pst_release))				\
	X(MS_ROOM_JOIN,		300, MS_R_GW, MS_R_ROOM,		\
	    sizeof(struct ms_room_join))				\
	X(MS_ROOM_JOIN_REP,	301, MS_R_ROOM, MS_R_GW,		\
	    sizeof(struct ms_room_join_rep))				\
	X(MS_ROOM_SESSION,	302, MS_R_GW, MS_R_ROOM,		\
	    sizeof(struct ms_room_session))				\
	X(MS_ROOM_CHAT,		303, MS_R_GW, MS_R_ROOM, MS_SIZE_VAR)	\
	X(MS_ROOM_DELIVER,	304, MS_R_ROOM, MS_R_GW, MS_SIZE_VAR)	\
	X(MS_ROOM_COUNTS,	305, MS_R_ROOM, MS_R_GW, MS_SIZE_VAR)	\
	X(MS_ROOM_ROSTER,	306, MS_R_ROOM, MS_R_GW, MS_SIZE_VAR)	\
	X(MS_GW_KICK,		400, MS_R_STORE | MS_R_ROOM, MS_R_GW,	\
	    sizeof(struct ms_gw_kick))					\
	X(MS_ROOM_ACK,		307, MS_R_ROOM, MS_R_GW,		\
	    sizeof(struct ms_room_chat_seq))				\
	X(MS_ROOM_CHAT_BASE,	308, MS_R_GW, MS_R_ROOM,		\
	    sizeof(struct ms_room_chat_seq))

enum ms_msg_type {
#define MS_ENUM(name, num, from, to, size)	name = num,
	MS_MSG_LIST(MS_ENUM)
#undef MS_ENUM
};

const char	*ms_msg_name(uint16_t type);
const char	*ms_role_name(uint32_t role);
int		 ms_role_parse(const char *name);
/* Exact payload size, MS_SIZE_VAR, or -1 in *known = 0 if unknown. */
uint32_t	 ms_msg_payload_size(uint16_t type, int *known);
/* 0 if the role may send (to = 0) or receive (to = 1) this type. */
int		 ms_msg_role_ok(uint16_t type, uint32_t role, int receiving);
/*
 * ms_hdr_check - validate a received message of msglen bytes: length,
 * version, type, declared vs actual size, exact fixed sizes.  Returns 0
 * or -1 with a reason in *why.
 */
int		 ms_hdr_check(const void *msg, size_t msglen,
		    const char **why);
/* ms_hdr_fill - a header for a payload of plen bytes. */
void		 ms_hdr_fill(struct ms_hdr *, uint16_t type, uint32_t reqid,
		    uint32_t epoch, uint32_t seq, size_t plen);
/* ms_msg_build - header + payload into buf; returns total or -1. */
ssize_t		 ms_msg_build(void *buf, size_t buflen, uint16_t type,
		    uint32_t reqid, uint32_t epoch, uint32_t seq,
		    const void *payload, size_t plen);
/* Decoders for the MS_SIZE_VAR messages; they consume the whole body. */
int		 ms_ctl_config_decode(const void *payload, size_t plen,
		    uint32_t *gen_r, const uint8_t **secret_r,
		    const char **text_r);
uint32_t	 ms_epoch_new(void);

#endif /* MS_PROTO_H */
