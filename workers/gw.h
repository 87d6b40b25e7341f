/*
 * gw.h - shared between the gateway's files: health probes, counters,
 * the HTTP server, and the client side (connections, login and room
 * sessions, deliveries, recovery).  A connection is freed only in the
 * flush at the end of a loop turn, so a struct gw_conn stays readable
 * for the rest of the turn after gw_conn_drop(); code that may drop a
 * connection checks c->dead before touching it again.
 */
#ifndef MS_GW_H
#define MS_GW_H

#include <sys/queue.h>

#include <stddef.h>
#include <stdint.h>

#include <ev.h>

#include "config.h"
#include "mcipher.h"
#include "proto.h"
#include "wire.h"

/* glibc's sys/queue.h lacks it */
#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = TAILQ_FIRST(head);					\
	    (var) != NULL && ((tvar) = TAILQ_NEXT(var, field), 1);	\
	    (var) = (tvar))
#endif

struct wrk_link;
struct gw_probe;
struct gw_ghost;

typedef void	gw_probe_done_fn(const struct gw_probe *, void *arg);

struct gw_path {
	struct ms_ping	ping;		/* as answered, or as sent */
	uint32_t	room;		/* room worker index */
	int		ok;		/* reached the store and came back */
	int		done;
	uint64_t	rtt_us;
};

struct gw_probe {
	uint32_t	 npaths;
	uint32_t	 pending;
	uint32_t	 nok;
	uint64_t	 start_us;
	uint64_t	 rtt_us;	/* until the last path resolved */
	struct gw_path	 paths[MS_CFG_WORKERS_MAX];
	gw_probe_done_fn *done;		/* NULL once cancelled */
	void		*arg;
	struct gw_probe	*next;		/* gw_probe.c's list of live probes */
};

/* Why a client connection was dropped (metrics). */
enum gw_drop {
	GW_DROP_NONE,		/* ordinary end: EOF, logout, after a reply */
	GW_DROP_OUTPUT,		/* output buffer cap */
	GW_DROP_INPUT,		/* bad input */
	GW_DROP_TIMEOUT,	/* login, idle or request timeout */
	GW_DROP_PER_IP,		/* per-address cap */
	GW_DROP_FULL,		/* max_clients */
	GW_DROP_MAX
};

struct gw_stats {
	uint64_t	pings_sent;
	uint64_t	pings_ok;
	uint64_t	pings_failed;
	uint64_t	probes_refused;	/* too many probes at once */
	uint64_t	http_requests;
	uint32_t	http_clients;
	uint32_t	clients_login;	/* connected to the login port */
	uint32_t	clients_room;	/* connected to a room port */
	uint64_t	logins_ok;
	uint64_t	logins_refused;
	uint64_t	room_logins_ok;
	uint64_t	room_logins_refused;
	uint64_t	chat_refused;	/* over the chat rate */
	uint64_t	drops[GW_DROP_MAX];
};

extern struct gw_stats	gw_stats;

/* gw_probe.c */
int		 gw_probe_init(uint32_t cap);
void		 gw_probe_fini(void);
/* gw_probe_start - ping every room; done runs later, never inside. */
struct gw_probe	*gw_probe_start(gw_probe_done_fn *, void *arg);
void		 gw_probe_cancel(struct gw_probe *);
void		 gw_probe_pong(struct wrk_link *, const struct ms_hdr *,
		    const void *);
void		 gw_probe_link_reset(struct wrk_link *);
int64_t		 gw_probe_tick(uint64_t now_ms);

/* gw_http.c */
int		 gw_http_init(int fd);
void		 gw_http_fini(void);

/* --- the client side --- */

#define GW_LOGIN_FD	MS_LISTEN_FD0
#define GW_HTTP_FD	(MS_LISTEN_FD0 + 1)
#define GW_ROOM_FD0	(MS_LISTEN_FD0 + 2)
#define GW_PDATA_WAIT_MS 2000	/* 101 -> 103 (README 9.1 step 3) */
/* gw_pkt_begin() space for n payload bytes, as the encoders count it */
#define GW_PKT_CAP(n)	((n) + MW_HEADER_SIZE + MC_OVERHEAD)

/*
 * gw_obuf.c - one client's pending output: grows in steps up to a
 * limit and never beyond it.  off..len is unsent; len..cap is free.
 */
struct gw_obuf {
	uint8_t		*p;
	size_t		 off;
	size_t		 len;
	size_t		 cap;
};

/* gw_obuf_reserve - n free bytes at the tail, or NULL: over limit/ENOMEM */
uint8_t		*gw_obuf_reserve(struct gw_obuf *, size_t n, size_t limit);
void		 gw_obuf_commit(struct gw_obuf *, size_t n);
void		 gw_obuf_consume(struct gw_obuf *, size_t n);
size_t		 gw_obuf_pending(const struct gw_obuf *);
void		 gw_obuf_free(struct gw_obuf *);

/* gw_limit.c - chat token bucket and the per-address connection table. */
struct gw_bucket {
	uint64_t	last_ms;
	uint64_t	milli;		/* tokens x 1000 */
};

void		 gw_bucket_init(struct gw_bucket *, uint64_t now_ms,
		    uint32_t burst);
/* gw_bucket_take - 0 and one token taken, or -1: over the rate. */
int		 gw_bucket_take(struct gw_bucket *, uint64_t now_ms,
		    uint32_t rate, uint32_t burst);

struct gw_iptab;
struct gw_iptab	*gw_iptab_new(uint32_t max_addrs);
void		 gw_iptab_free(struct gw_iptab *);
/* gw_iptab_add - 0, -1 when ip is at limit, -2 when the table is full */
int		 gw_iptab_add(struct gw_iptab *, uint32_t ip, uint32_t limit);
void		 gw_iptab_del(struct gw_iptab *, uint32_t ip);
uint32_t	 gw_iptab_count(const struct gw_iptab *, uint32_t ip);
uint32_t	 gw_iptab_addrs(const struct gw_iptab *);
uint32_t	 gw_iptab_max(const struct gw_iptab *);

/* gw_token.c - the 32-byte room token of packet 7 (README 8.7). */
struct gw_token {
	uint32_t	user_id;
	uint32_t	expiry;		/* unix seconds */
	int16_t		order;
	int16_t		caste;
	uint8_t		flags;		/* MS_USER_GUEST/ADMIN/ALEPHONE */
};

void		 gw_token_make(uint8_t out[MW_TOKEN_SIZE],
		    const struct gw_token *, const uint8_t *key);
/* gw_token_check - 0 with *t filled, or -1: forged or expired. */
int		 gw_token_check(const uint8_t tok[MW_TOKEN_SIZE],
		    const uint8_t *key, uint64_t now_s, struct gw_token *t);

enum gw_port {
	GW_PORT_LOGIN,
	GW_PORT_ROOM
};

enum gw_state {
	GW_S_FIRST,		/* no packet yet: dialect unknown */
	GW_S_LOGIN,		/* login: 100 expected */
	GW_S_PASSWORD,		/* login: 109 expected */
	GW_S_VERSION,		/* login: 115 expected */
	GW_S_AUTH,		/* login: MS_PST_AUTH pending */
	GW_S_HUB,		/* login, A1: done; 122 or 102 expected */
	GW_S_RLOGIN,		/* room: 101 expected */
	GW_S_PDATA,		/* room: 103 expected */
	GW_S_CLAIM,		/* room: MS_PST_CLAIM pending */
	GW_S_JOIN,		/* room: MS_ROOM_JOIN pending */
	GW_S_ROOM,		/* room: in the room */
	GW_S_CLOSING		/* output drains, then close */
};

enum gw_req_kind {
	GW_REQ_NONE,
	GW_REQ_AUTH,
	GW_REQ_CLAIM,
	GW_REQ_JOIN
};

struct gw_conn {
	TAILQ_ENTRY(gw_conn) entry;	/* every connection, or the reap list */
	TAILQ_ENTRY(gw_conn) dirty_e;	/* output waiting for the flush */
	TAILQ_ENTRY(gw_conn) room_e;	/* in its room slot's list */
	TAILQ_ENTRY(gw_conn) short_e;	/* with a short deadline pending */
	struct gw_conn	*hnext;		/* sid hash chain */
	int		 fd;
	uint32_t	 sid;		/* never reused in this epoch */
	uint32_t	 ipv4;		/* network order */
	uint8_t		 port;		/* enum gw_port */
	uint8_t		 slot;		/* room listener index */
	uint8_t		 state;		/* enum gw_state */
	uint8_t		 dialect;	/* enum mw_dialect, once known */
	unsigned	 dead:1;	/* dropped; freed in the flush */
	unsigned	 dirty:1;	/* on the dirty list */
	unsigned	 paused:1;	/* input waits for a reply */
	unsigned	 key_sent:1;	/* our 203 went out */
	unsigned	 cipher:1;	/* key agreed: payloads encrypted */
	unsigned	 in_room:1;	/* on its slot's list */
	unsigned	 in_short:1;	/* on the short-deadline list */
	unsigned	 claimed:1;	/* MS_PST_CLAIM sent: RELEASE at end */
	unsigned	 joined:1;	/* MS_ROOM_JOIN sent: LEAVE at end */
	unsigned	 rl_stale:1;	/* deaf while the room list changed */
	unsigned	 authed:1;	/* login: the store said yes */
	unsigned	 early:1;	/* login, A1: AUTH before 115 */
	unsigned	 fresh:1;	/* entered while its roster was held */
	uint64_t	 accepted_ms;
	uint64_t	 last_rx_ms;
	uint64_t	 last_ka_ms;	/* our last keepalive */
	uint64_t	 short_ms;	/* grace or 103 deadline */
	uint64_t	 close_ms;	/* CLOSING: give up draining then */
	ev_io		 rd_w;
	ev_io		 wr_w;
	uint8_t		*in;		/* max_packet + MC_OVERHEAD bytes */
	size_t		 in_len;
	size_t		 in_cap;
	struct gw_obuf	 out;
	struct mc_keypair kp;
	struct mc_key	 key;

	/* the session (login or room) */
	uint32_t	 reqid;		/* pending request, 0 = none */
	uint8_t		 req_kind;	/* enum gw_req_kind */
	union {
		struct ms_pst_auth	auth;
		struct ms_pst_claim	claim;
		struct ms_room_join	join;
	} req;				/* kept for a resend */
	uint32_t	 user_id;
	uint32_t	 uflags;	/* MS_USER_* */
	int16_t		 order;
	int16_t		 caste;
	int16_t		 build;		/* Myth build from the login data */
	uint16_t	 mode;		/* set_player_mode */
	uint32_t	 room_id;
	char		 username[MS_NAME_MAX];
	char		 password[MS_PASSWORD_MAX];
	uint8_t		 token[MW_TOKEN_SIZE];
	uint8_t		 pdata[MW_PLAYER_DATA_MAX];
	uint16_t	 pdata_len;
	struct gw_bucket chat;

	/* games (gw_game*.c) */
	struct gw_ghost	*game;		/* games: the game it hosts, or NULL */
	unsigned	 g_listed:1;	/* games: shown its room's game list */
};

TAILQ_HEAD(gw_conn_list, gw_conn);

/* gw_conn.c - listeners, connection life, reads, coalesced writes. */
int		 gw_conn_init(const struct ms_config *, uint32_t nroom_fds);
void		 gw_conn_reload(const struct ms_config *);
void		 gw_conn_fini(void);
void		 gw_conn_flush(void);
struct gw_conn	*gw_conn_by_sid(uint32_t sid);
struct gw_conn_list *gw_conn_all(void);
/* gw_conn_drop - close now; why is logged (rate-limited) unless NULL. */
void		 gw_conn_drop(struct gw_conn *, enum gw_drop,
		    const char *why, ...)
		    __attribute__((format(printf, 3, 4)));
/* gw_conn_close_after - stop reading; close once the output is sent. */
void		 gw_conn_close_after(struct gw_conn *);
void		 gw_conn_pause(struct gw_conn *);
void		 gw_conn_resume(struct gw_conn *);
void		 gw_conn_dirty(struct gw_conn *);
uint64_t	 gw_now(void);
/* gw_log_ok - the shared rate limit for per-client log lines */
int		 gw_log_ok(void);

/* gw_wire.c - packets to one client; the Myth key exchange. */
uint8_t		*gw_pkt_begin(struct gw_conn *, size_t payload_max);
void		 gw_pkt_end(struct gw_conn *, uint8_t *pkt, size_t len);
void		 gw_send_raw(struct gw_conn *, uint16_t type, const void *,
		    size_t);
void		 gw_send_message(struct gw_conn *, int32_t code,
		    const char *text);
void		 gw_send_text(struct gw_conn *, uint16_t type, const char *);
void		 gw_send_empty(struct gw_conn *, uint16_t type);
void		 gw_send_key(struct gw_conn *);
/* gw_wire_packet - one framed packet from the client: decrypt, route. */
void		 gw_wire_packet(struct gw_conn *, const struct mw_frame *);
void		 gw_wire_grace(struct gw_conn *);

/* gw_sweep.c - timeouts and keepalives without a timer per client. */
void		 gw_sweep_init(void);
void		 gw_sweep_fini(void);
void		 gw_sweep_short(struct gw_conn *, uint64_t deadline_ms);
void		 gw_sweep_unshort(struct gw_conn *);

/* gw_login.c - the login port. */
void		 gw_login_packet(struct gw_conn *, uint16_t type,
		    const uint8_t *p, size_t len);
void		 gw_login_auth_rep(struct gw_conn *,
		    const struct ms_pst_auth_rep *);

/* gw_room.c and gw_inroom.c - the room ports. */
void		 gw_room_init(const struct ms_config *, uint32_t nslots);
void		 gw_room_packet(struct gw_conn *, uint16_t type,
		    const uint8_t *p, size_t len);
void		 gw_room_pdata_timeout(struct gw_conn *);
void		 gw_room_claim_rep(struct gw_conn *,
		    const struct ms_pst_claim_rep *);
void		 gw_room_join_rep(struct gw_conn *,
		    const struct ms_room_join_rep *);
void		 gw_room_end(struct gw_conn *);
void		 gw_room_quiet(void);
struct gw_conn_list *gw_room_members(uint32_t slot);
uint32_t	 gw_room_slots(void);
uint32_t	 gw_room_slot_id(uint32_t slot);
int		 gw_room_slot_of(uint32_t room_id);
struct wrk_link	*gw_room_link(uint32_t room_id);
void		 gw_room_send_all(uint32_t slot, uint16_t type,
		    const uint8_t *payload, size_t len);
void		 gw_inroom_packet(struct gw_conn *, uint16_t type,
		    const uint8_t *p, size_t len);
void		 gw_room_session(struct gw_conn *, uint32_t verb,
		    uint32_t arg);

/* gw_req.c - requests to the store and the rooms awaiting replies. */
int		 gw_req_init(uint32_t cap);
void		 gw_req_fini(void);
/* gw_req_send - 0, or -1: refused (the caller answers "busy"). */
int		 gw_req_send(struct gw_conn *, enum gw_req_kind,
		    struct wrk_link *);
struct gw_conn	*gw_req_reply(struct wrk_link *, const struct ms_hdr *,
		    uint32_t sid);
void		 gw_req_forget(struct gw_conn *);
void		 gw_req_resend(struct wrk_link *);
int64_t		 gw_req_tick(uint64_t now_ms);
void		 gw_busy(struct gw_conn *);

/* gw_deliver.c - room -> client traffic. */
void		 gw_deliver(struct wrk_link *, const uint8_t *, size_t);
void		 gw_kick(const struct ms_gw_kick *);

/*
 * gw_chat.c - chat to the room workers, kept until acknowledged; per
 * worker at most gateway.chat_queue_lines lines of
 * gateway.chat_queue_bytes bytes.
 */
int		 gw_chat_send(struct wrk_link *, struct ms_room_chat *,
		    const uint8_t *blob);
void		 gw_chat_ack(struct wrk_link *,
		    const struct ms_room_chat_seq *);
void		 gw_chat_restart(struct wrk_link *, int fresh);
int		 gw_chat_replay(struct wrk_link *);
int64_t		 gw_chat_tick(uint64_t now_ms);
uint32_t	 gw_chat_pending(uint32_t worker);
void		 gw_chat_fini(void);

/* gw_roster.c - per room, the player entries our clients were shown. */
void		 gw_roster_init(void);
void		 gw_roster_fini(void);
void		 gw_roster_apply(uint32_t slot, const uint8_t *, size_t);
void		 gw_roster_clear(uint32_t slot);
void		 gw_roster_sync(const uint8_t *, size_t);
void		 gw_roster_hold(struct wrk_link *);
int		 gw_roster_held(uint32_t slot);

/* gw_roomlist.c - counts and packet 0. */
void		 gw_roomlist_init(void);
void		 gw_roomlist_fini(void);
void		 gw_roomlist_counts(const uint8_t *, size_t);
void		 gw_roomlist_send(struct gw_conn *);
void		 gw_roomlist_flush(void);

/* gw_replay.c - recovery after a peer restart. */
void		 gw_replay(struct wrk_link *);
int		 gw_replay_busy(struct wrk_link *);
int		 gw_link_room(struct wrk_link *);
int64_t		 gw_replay_tick(uint64_t now_ms);
void		 gw_room_tx(struct wrk_link *, uint16_t type, const void *,
		    size_t);
void		 gw_replay_fini(void);

/*
 * gw_game*.c - hosted games: the game packets of a room session and the
 * state of each host session kept for the replay (gw_game.c), score
 * reports until answered (gw_game_score.c), each room's game list as
 * the game worker last described it and its delivery to clients
 * (gw_game_list.c, gw_game_cache.c), the replay to a restarted game
 * worker (gw_game_replay.c).
 */
int		 gw_game_init(const struct ms_config *);
void		 gw_game_fini(void);
int64_t		 gw_game_tick(uint64_t now_ms);
void		 gw_game_packet(struct gw_conn *, uint16_t type,
		    const uint8_t *p, size_t len);
/* gw_game_end - the session leaves its room: its game goes with it. */
void		 gw_game_end(struct gw_conn *);
void		 gw_game_list(uint16_t msg_type, const void *p, size_t len);
void		 gw_game_score_rep(const void *p);
void		 gw_game_gone(const void *p);
void		 gw_game_replay(struct wrk_link *);
/* gw_game_quiet - the gateway stops: games end without a word. */
void		 gw_game_quiet(void);
/* gw_game_full - c's room's whole game list, for the room's empty one */
void		 gw_game_full(struct gw_conn *);
uint16_t	 gw_game_count(uint32_t room_id);
/* in gw_roomlist.c: a room's game count changed */
void		 gw_roomlist_games(void);

/* Between the gw_game*.c files. */
struct gw_ghost {			/* a host session's game */
	struct ms_gs_host h;
	uint8_t		 desc[MS_GS_DESC_MAX];
	unsigned	 dirty:1;	/* its MS_GS_HOST was refused */
};

struct wrk_link	*gw_game_link(void);
/* gw_game_host_tx - c's MS_GS_HOST (flags or'ed in): wrk_send's rc */
int		 gw_game_host_tx(struct wrk_link *, struct gw_conn *,
		    uint32_t flags);
int64_t		 gw_game_host_tick(uint64_t now_ms);
/* gw_game_list.c: the per-room lists, 116 */
void		 gw_glist_init(void);
void		 gw_glist_fini(void);
void		 gw_glist_restart(void);
void		 gw_glist_search(struct gw_conn *, const uint8_t *, size_t);
/* gw_game_score.c: 112 and the results waiting for an answer */
void		 gw_score_packet(struct gw_conn *, const uint8_t *, size_t);
int64_t		 gw_score_tick(uint64_t now_ms);
uint32_t	 gw_score_last_seq(void);
/*
 * gw_score_replay_next - send again the next pending score after *seq,
 * up to hi: 1 sent, 0 none left, -1 refused.
 */
int		 gw_score_replay_next(struct wrk_link *, uint32_t *seq,
		    uint32_t hi);
void		 gw_score_fini(void);
/* gw_game_replay.c */
int64_t		 gw_greplay_tick(uint64_t now_ms);
void		 gw_greplay_fini(void);

/*
 * gw_svc.c - player services (README 12): info, search, buddies,
 * orders; requests to the store and the room workers and their replies.
 */
int		 gw_svc_init(const struct ms_config *);
void		 gw_svc_fini(void);
int64_t		 gw_svc_tick(uint64_t now_ms);
void		 gw_svc_packet(struct gw_conn *, uint16_t type,
		    const uint8_t *p, size_t len);
void		 gw_svc_reply(struct wrk_link *, const struct ms_hdr *,
		    const void *p);
void		 gw_svc_link_reset(struct wrk_link *);

/*
 * gw_svc_tab.c - the pending service requests: a bounded wrk_reqtab
 * (ipc.queue_limit) whose entries point at a struct gw_svc_req.  A
 * request first waits on the store (store != NULL) or goes straight to
 * the room workers; once it asks the rooms (rooms = 1) it collects
 * their entries into one client packet (type 14, 15 or 16) of at most
 * max entries and MW_MYTH_OUT_MAX bytes, until every worker in waiting
 * has answered, the packet is full, or the deadline.  Pure: no clock,
 * no I/O.
 */
#define GW_SVC_LIST_BUF	(MW_MYTH_OUT_MAX + MW_CIPHER_OVERHEAD)

enum gw_svc_kind {
	GW_SVC_INFO,		/* 121: MS_PST_INFO */
	GW_SVC_SEARCH,		/* 117: rooms only, then 14 */
	GW_SVC_BUDDIES,		/* 118: MS_PST_BUDDY query, rooms, 15 + 19 */
	GW_SVC_BUDDY,		/* 120: MS_PST_BUDDY add/remove, then 19 */
	GW_SVC_ORDER		/* 119: MS_PST_ORDER, rooms, 16 + 20 */
};

struct wrk_reqtab;

struct gw_svc_req {
	uint32_t	 reqid;		/* the table's; on every message */
	uint32_t	 sid;		/* the asking session */
	uint8_t		 kind;		/* enum gw_svc_kind */
	uint8_t		 rooms;		/* asking the room workers now */
	uint8_t		 full;		/* the packet took no more */
	uint16_t	 type;		/* packet the entries go into */
	uint32_t	 waiting;	/* room workers (bit = index) owing */
	uint32_t	 max;		/* entries wanted at most */
	struct wrk_link	*store;		/* asked there, while !rooms */
	struct mw_list	 list;		/* the packet, once rooms */
	uint8_t		*buf;		/* GW_SVC_LIST_BUF bytes, once rooms */
	union {
		struct ms_pst_buddy_rep	buddy;	/* BUDDIES: for the 19 */
		struct ms_pst_order_rep	order;	/* ORDER: for the 20 */
	} kept;
};

struct gw_svc_req *gw_svc_add(struct wrk_reqtab *, uint32_t sid,
		    enum gw_svc_kind, uint64_t deadline_ms);
struct gw_svc_req *gw_svc_find(struct wrk_reqtab *, uint32_t reqid);
/* gw_svc_at - slot i's request, or NULL (for scans) */
struct gw_svc_req *gw_svc_at(struct wrk_reqtab *, uint32_t i,
		    uint64_t *deadline_ms);
void		 gw_svc_deadline(struct wrk_reqtab *, struct gw_svc_req *,
		    uint64_t deadline_ms);
void		 gw_svc_del(struct wrk_reqtab *, struct gw_svc_req *);
/* gw_svc_rooms - begin collecting; 0, or -1 (no memory) */
int		 gw_svc_rooms(struct gw_svc_req *, uint16_t type,
		    uint32_t max);
/*
 * gw_svc_collect - MS_ROOM_FIND_REP (p, len) from room worker w: 1 when
 * the request is complete, 0 while others owe, -1 when it is not
 * expected or malformed (nothing changed).
 */
int		 gw_svc_collect(struct gw_svc_req *, uint32_t w,
		    const void *p, size_t len);
/* gw_svc_done - a room worker no longer owes: 1 when complete */
int		 gw_svc_done(struct gw_svc_req *, uint32_t w);
/* gw_svc_list - the packet's payload so far (length in *len) */
const uint8_t	*gw_svc_list(struct gw_svc_req *, size_t *len);

/* gw_svc_pkt.c - packets 17, 19 and 20 from the store's replies. */
#define GW_SVC_INFO_MAX	(4356 + 7 * MS_QUOTE_MAX)	/* 17's payload */
/* gw_svc_info - terminates r's strings; pi's point into r */
void		 gw_svc_info(struct ms_pst_info_rep *r,
		    struct mw_player_info *pi);
void		 gw_svc_buddies(const struct ms_pst_buddy_rep *,
		    struct mw_buddy_list *);
size_t		 gw_svc_members(const struct ms_pst_order_rep *,
		    struct mw_order_member *, size_t max);

#endif /* MS_GW_H */
