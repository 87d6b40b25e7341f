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

#define MS_PROTO_VERSION	3
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

/* --- games (games issue): hosted games, results, player services --- */

/*
 * A hosted game is named by its host's session (gateway index, sid);
 * its game id on the wire is the host's user id (README 7.4), one game
 * per player.  The gateway keeps each host session's whole game state
 * (the last 104, the player list of 111, the start of 114) and sends
 * all of it in one MS_GS_HOST on every change, so a message is an
 * idempotent upsert and the replay to a restarted game worker is the
 * same message flagged MS_SESS_REPLAY.  The game worker only derives.
 */
#define MS_GS_PLAYERS_MAX	32	/* ids of packet 111 kept per game */
#define MS_GS_DESC_MAX		1024	/* game data, README 7.5 and 17 */
#define MS_GS_STARTED		0x0200	/* ms_gs_host.flags: 114 was seen */

/*
 * MS_GS_HOST - gateway -> game: struct ms_gs_host, then desc_len bytes
 * of game data (README 7.5) as the host sent it.  ipv4 is the address
 * of the host's room connection (network order); port and order come
 * from the 104.  started is the wall-clock time in milliseconds when the
 * gateway saw the 114 (0 before), kept by the gateway because it is part
 * of the result's idempotent key (milliseconds, so that two games of one
 * host never share a key); limit_s is the game length in seconds from
 * the 114 (-1 untimed; Aleph One ticks already converted).
 */
struct ms_gs_host {
	uint32_t	sid;
	uint32_t	room_id;
	uint32_t	user_id;
	uint32_t	ipv4;
	uint16_t	port;
	int16_t		order;
	uint32_t	flags;		/* MS_USER_*, MS_SESS_REPLAY, STARTED */
	int64_t		started;	/* unix ms, 0 = not started */
	int32_t		limit_s;	/* -1 untimed */
	uint32_t	desc_len;	/* <= MS_GS_DESC_MAX */
	uint32_t	nplayers;	/* ids used in players[] */
	uint32_t	pad;
	uint32_t	players[MS_GS_PLAYERS_MAX];	/* packet 111 */
};
_Static_assert(sizeof(struct ms_gs_host) == 176, "wire format");

/*
 * MS_GS_REMOVE - gateway -> game: the session's game is gone (105, the
 * host left the room or disconnected).  No reply.  Ignored unless
 * (gateway, sid) still owns a game.
 */
struct ms_gs_remove {
	uint32_t	sid;
	uint32_t	user_id;
	uint32_t	room_id;
	uint32_t	pad;
};
_Static_assert(sizeof(struct ms_gs_remove) == 16, "wire format");

/*
 * MS_GS_SCORE - gateway -> game: a host's score report (112) while its
 * game has started: struct ms_gs_score, then host.desc_len bytes of game
 * data, then score_len bytes of the 112 payload as the client sent it.
 * It carries the game's whole state, so it can be handled (and resent
 * after a crash) even once the game itself is gone.  The gateway keeps
 * it until MS_GS_SCORE_REP with the same sid and seq, and sends it again
 * after its replay when the game worker restarts; the store keeps a
 * result once by its key (room, host, start, game id).
 */
struct ms_gs_score {
	uint32_t	seq;		/* per gateway, 1, 2, ... */
	uint32_t	score_len;
	struct ms_gs_host host;
};
_Static_assert(sizeof(struct ms_gs_score) == 184, "wire format");

#define MS_GS_SCORE_STORED	1	/* a new result */
#define MS_GS_SCORE_DUPLICATE	0	/* that result was stored already */
#define MS_GS_SCORE_REFUSED	(-1)	/* not a result (logged) */
#define MS_GS_SCORE_BUSY	(-2)	/* game.result_queue full: offer it
					   again in a second */
struct ms_gs_score_rep {
	uint32_t	sid;
	uint32_t	seq;
	int32_t		status;		/* MS_GS_SCORE_* */
	uint32_t	pad;
	uint64_t	key;		/* the result's key, 0 if refused */
};
_Static_assert(sizeof(struct ms_gs_score_rep) == 24, "wire format");

/*
 * A gateway's replay (after a game-worker restart or a new pipe) is
 * MS_GS_REPLAY_BEGIN, a MS_GS_HOST flagged MS_SESS_REPLAY for every
 * session that hosts a game when it began, the pending MS_GS_SCORE, then
 * MS_GS_REPLAY_DONE.  Normal traffic goes on meanwhile.  The replay names
 * every game the gateway hosts: a game of that gateway not updated since
 * the BEGIN is gone (its MS_GS_REMOVE was lost with the old pipe) and is
 * deleted at the DONE.  A replay whose BEGIN the link refused deletes
 * nothing.
 */

/*
 * MS_GS_LIST - game -> every gateway, at most one per loop turn: the
 * game-list changes of that turn.  A sequence of records, each struct
 * ms_gs_rec then len bytes padded with zeros to a multiple of 4; the len
 * bytes are a packet 2 payload (README 9.5: game_aux + data entries,
 * verbs 0 add, 1 delete, 2 change) ready for that room's members, never
 * larger than MS_GS_LIST_MAX.  MS_GS_SNAPSHOT - game -> gateway, same
 * records with every entry an add: the whole list of each room (every
 * configured room, an empty record for a room without games), after a
 * game-worker restart once every gateway has replayed (or a deadline
 * passed), and to a gateway that restarted.  A room whose list does not
 * fit one record comes in several, every one but the last with
 * MS_GS_MORE or'ed into room_id.  The gateway diffs a snapshot against
 * the list it keeps per room and sends its clients what they missed.
 */
#define MS_GS_LIST_MAX		7996	/* GoS's split point, README 17 */
#define MS_GS_MORE		0x80000000u
struct ms_gs_rec {
	uint32_t	room_id;
	uint32_t	len;
};
_Static_assert(sizeof(struct ms_gs_rec) == 8, "wire format");

/*
 * MS_GS_GONE - game -> gateway: the worker removed a session's game
 * itself (not refreshed for game.idle_timeout_s): the gateway forgets
 * the game state it keeps for the replay and tells the host text.
 */
struct ms_gs_gone {
	uint32_t	sid;
	uint32_t	user_id;
	char		text[MS_TEXT_MAX];
};
_Static_assert(sizeof(struct ms_gs_gone) == 136, "wire format");

/*
 * MS_PST_RESULT - game -> store: one struct gs_result (workers/
 * gs_result.h; same binary, so the layout is shared), exactly
 * sizeof(struct gs_result) bytes.  MS_PST_RESULT_REP (same reqid): the
 * key and MS_GS_SCORE_STORED, _DUPLICATE or _REFUSED.  The game worker
 * keeps a result until answered and sends it again to a restarted
 * store.  A database failure is answered MS_GS_SCORE_BUSY, so the
 * gateway offers the report again.
 */
struct ms_pst_result_rep {
	uint64_t	key;
	int32_t		status;
	uint32_t	pad;
};
_Static_assert(sizeof(struct ms_pst_result_rep) == 16, "wire format");

/*
 * Player services (README 12).  MS_PST_INFO - gateway -> store for 121:
 * who asks (sid) about target.  MS_PST_INFO_REP: code 0 and the fields
 * of packet 17, or code 1: no such player (no packet is sent).  Score
 * fields follow README 7.7; ranked_by_type is indexed by scoring mode.
 */
struct ms_score {
	int32_t		games, wins, losses, ties;
	int32_t		damage_given, damage_taken, disconnects;
	int32_t		points, caste, best_points, best_caste;
	uint32_t	position;	/* ladder position, 0 = not on it */
};
_Static_assert(sizeof(struct ms_score) == 48, "wire format");

struct ms_pst_info {
	uint32_t	sid;
	uint32_t	user_id;	/* the asker */
	uint32_t	target;
	uint32_t	pad;
};
_Static_assert(sizeof(struct ms_pst_info) == 16, "wire format");

#define MS_PROFILE_MAX		128	/* each of city, state, country */
#define MS_QUOTE_MAX		256
struct ms_pst_info_rep {
	uint32_t	sid;
	int32_t		code;		/* 0 found, 1 no such player */
	uint32_t	target;
	uint32_t	flags;		/* MS_USER_GUEST, MS_USER_ADMIN */
	int16_t		order;		/* -1 none */
	int16_t		pad16;
	uint32_t	total_users;	/* on the ladder */
	struct ms_score	unranked, ranked;
	struct ms_score	ranked_by_type[16];
	char		login[MS_NAME_MAX];
	char		order_name[MS_NAME_MAX];
	char		city[MS_PROFILE_MAX];
	char		state[MS_PROFILE_MAX];
	char		country[MS_PROFILE_MAX];
	char		quote[MS_QUOTE_MAX];
};
_Static_assert(sizeof(struct ms_pst_info_rep) == 1592, "wire format");

/* MS_PST_PROFILE - gateway -> store for 122 (registered players only). */
struct ms_pst_profile {
	uint32_t	user_id;
	uint32_t	pad;
	char		city[MS_PROFILE_MAX];
	char		state[MS_PROFILE_MAX];
	char		country[MS_PROFILE_MAX];
	char		quote[MS_QUOTE_MAX];
};
_Static_assert(sizeof(struct ms_pst_profile) == 648, "wire format");

/*
 * MS_PST_BUDDY - gateway -> store: op 2 query (118), 1 add or 0 remove
 * (120).  MS_PST_BUDDY_REP: code 0 or a server_message code with text,
 * and the asker's buddies with their state (README 7.7 buddy_entry:
 * 2 online, 3 offline) for packet 19, in slot order.
 */
#define MS_BUDDIES_MAX		16	/* README 12.4 */
#define MS_BUDDY_REMOVE		0
#define MS_BUDDY_ADD		1
#define MS_BUDDY_QUERY		2
struct ms_pst_buddy {
	uint32_t	sid;
	uint32_t	user_id;
	uint32_t	buddy_id;
	uint32_t	op;
};
_Static_assert(sizeof(struct ms_pst_buddy) == 16, "wire format");

struct ms_buddy_ent {
	uint32_t	id;
	uint32_t	active;		/* README 7.7 */
};
_Static_assert(sizeof(struct ms_buddy_ent) == 8, "wire format");

struct ms_pst_buddy_rep {
	uint32_t	sid;
	int32_t		code;
	uint32_t	op;
	uint32_t	n;
	struct ms_buddy_ent buddies[MS_BUDDIES_MAX];
	char		text[MS_TEXT_MAX];
};
_Static_assert(sizeof(struct ms_pst_buddy_rep) == 272, "wire format");

/*
 * MS_PST_ORDER - gateway -> store for 119: the asker's order.  Reply:
 * code 0 and the members (online = a session is in a room now), or
 * code 1: in no order.
 */
#define MS_ORDER_MEMBERS_MAX	64
struct ms_pst_order {
	uint32_t	sid;
	uint32_t	user_id;
};
_Static_assert(sizeof(struct ms_pst_order) == 8, "wire format");

struct ms_pst_order_rep {
	uint32_t	sid;
	int32_t		code;
	int32_t		order;
	uint32_t	n;
	char		name[MS_NAME_MAX];
	struct ms_buddy_ent members[MS_ORDER_MEMBERS_MAX];	/* active:
					   1 online, 0 offline */
};
_Static_assert(sizeof(struct ms_pst_order_rep) == 560, "wire format");

/*
 * MS_GW_PUSH - store -> gateway: one wire packet for one session,
 * already encoded (README 6 payload without header): 19 when a buddy
 * comes or goes, 20 when an order member does, 10 for a blue line
 * ("... wants to be your buddy!").
 */
#define MS_PUSH_MAX		1024
struct ms_gw_push {
	uint32_t	sid;
	uint16_t	type;		/* wire packet type */
	uint16_t	len;		/* <= MS_PUSH_MAX */
	uint8_t		payload[MS_PUSH_MAX];
};
_Static_assert(sizeof(struct ms_gw_push) == 1032, "wire format");

/*
 * MS_ROOM_FIND - gateway -> every room worker: the members matching
 * ids[] (kind 0) or whose nick contains name, case-insensitively
 * (kind 1), at most max.  MS_ROOM_FIND_REP (same reqid): n entries in
 * the layout of packets 14/15/16 (README 12.3: i32 room_id + player_aux
 * + player data), len bytes after the struct.
 */
#define MS_FIND_IDS		0
#define MS_FIND_NAME		1
#define MS_FIND_IDS_MAX		64
struct ms_room_find {
	uint32_t	kind;
	uint32_t	max;
	uint32_t	nids;
	uint32_t	pad;
	uint32_t	ids[MS_FIND_IDS_MAX];
	char		name[MS_NAME_MAX];
};
_Static_assert(sizeof(struct ms_room_find) == 304, "wire format");

struct ms_room_find_rep {
	uint32_t	n;
	uint32_t	len;
};
_Static_assert(sizeof(struct ms_room_find_rep) == 8, "wire format");

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
	    sizeof(struct ms_room_chat_seq))				\
	X(MS_ROOM_FIND,		309, MS_R_GW, MS_R_ROOM,		\
	    sizeof(struct ms_room_find))				\
	X(MS_ROOM_FIND_REP,	310, MS_R_ROOM, MS_R_GW, MS_SIZE_VAR)	\
	X(MS_GS_HOST,		500, MS_R_GW, MS_R_GAME, MS_SIZE_VAR)	\
	X(MS_GS_REMOVE,		501, MS_R_GW, MS_R_GAME,		\
	    sizeof(struct ms_gs_remove))				\
	X(MS_GS_SCORE,		502, MS_R_GW, MS_R_GAME, MS_SIZE_VAR)	\
	X(MS_GS_SCORE_REP,	503, MS_R_GAME, MS_R_GW,		\
	    sizeof(struct ms_gs_score_rep))				\
	X(MS_GS_REPLAY_DONE,	504, MS_R_GW, MS_R_GAME, 0)		\
	X(MS_GS_REPLAY_BEGIN,	508, MS_R_GW, MS_R_GAME, 0)		\
	X(MS_GS_LIST,		505, MS_R_GAME, MS_R_GW, MS_SIZE_VAR)	\
	X(MS_GS_SNAPSHOT,	506, MS_R_GAME, MS_R_GW, MS_SIZE_VAR)	\
	X(MS_GS_GONE,		507, MS_R_GAME, MS_R_GW,		\
	    sizeof(struct ms_gs_gone))					\
	X(MS_PST_RESULT,	210, MS_R_GAME, MS_R_STORE, MS_SIZE_VAR) \
	X(MS_PST_RESULT_REP,	211, MS_R_STORE, MS_R_GAME,		\
	    sizeof(struct ms_pst_result_rep))				\
	X(MS_PST_INFO,		212, MS_R_GW, MS_R_STORE,		\
	    sizeof(struct ms_pst_info))					\
	X(MS_PST_INFO_REP,	213, MS_R_STORE, MS_R_GW,		\
	    sizeof(struct ms_pst_info_rep))				\
	X(MS_PST_PROFILE,	214, MS_R_GW, MS_R_STORE,		\
	    sizeof(struct ms_pst_profile))				\
	X(MS_PST_BUDDY,		215, MS_R_GW, MS_R_STORE,		\
	    sizeof(struct ms_pst_buddy))				\
	X(MS_PST_BUDDY_REP,	216, MS_R_STORE, MS_R_GW,		\
	    sizeof(struct ms_pst_buddy_rep))				\
	X(MS_PST_ORDER,		217, MS_R_GW, MS_R_STORE,		\
	    sizeof(struct ms_pst_order))				\
	X(MS_PST_ORDER_REP,	218, MS_R_STORE, MS_R_GW,		\
	    sizeof(struct ms_pst_order_rep))				\
	X(MS_GW_PUSH,		401, MS_R_STORE, MS_R_GW,		\
	    sizeof(struct ms_gw_push))

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
