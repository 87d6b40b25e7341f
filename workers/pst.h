/*
 * pst.h - the store worker's internal interfaces: names (pst_name.c),
 * the database (pst_db*.c), the argon2id pool (pst_hash.c), presence
 * (pst_presence.c) and the request handlers (pst_auth.c, pst_claim.c,
 * pst_admin.c).  Canonical name form: the MacRoman bytes a client
 * types, with formatting codes removed and spaces trimmed; the database
 * stores that form converted to UTF-8 (accounts.name) and its
 * case-folded twin (accounts.name_key).  Texts for clients are MacRoman.
 */
#ifndef MS_PST_H
#define MS_PST_H

#include <stddef.h>
#include <stdint.h>

#include "proto.h"

/* --- names (pst_name.c) --- */

#define PST_NAME_CHARS	31		/* protocol README 17 */
#define PST_UTF8_MAX	(PST_NAME_CHARS * 3 + 1)
#define PST_PW_CHARS	15		/* Myth limit: any client can type it */

struct pst_name {
	uint8_t	mac[PST_NAME_CHARS + 1];	/* normalised, NUL-ended */
	size_t	len;				/* 1..PST_NAME_CHARS */
	char	utf8[PST_UTF8_MAX];		/* accounts.name */
	char	key[PST_UTF8_MAX];		/* accounts.name_key */
};

/* pst_name_norm - strip |p|b|i|l|r|c|s|u, trim; length or -1. */
int	pst_name_norm(const uint8_t *in, size_t inlen, uint8_t *out,
	    size_t outcap);
/* pst_name_client - from a wire field of cap bytes; 0 or -1. */
int	pst_name_client(const char *field, size_t cap, struct pst_name *);
/* pst_name_admin - from UTF-8 typed by an operator; 0 or -1. */
int	pst_name_admin(const char *utf8, struct pst_name *);
/* pst_pw_admin - UTF-8 password to MacRoman; length 1..15 or -1. */
int	pst_pw_admin(const char *utf8, uint8_t *out, size_t outcap);

/* --- database (pst_db.c, pst_db_acct.c) --- */

#define PST_DB_VERSION	3		/* schema this code writes */
#define PST_ID_MAX	0x3fffffffu	/* registered ids: 1..PST_ID_MAX */
#define PST_GUEST_MIN	0x40000000u	/* guest ids: [MIN, END) */
#define PST_GUEST_END	0x80000000u
#define PST_GUEST_BLOCK	1024		/* ids reserved per write */
#define PST_HASH_MAX	128		/* crypto_pwhash_STRBYTES */
#define PST_REASON_MAX	96		/* leaves room in MS_TEXT_MAX */
#define PST_VALUE_MAX	PST_UTF8_MAX	/* ban value: name key or IPv4 */

struct pst_db;

struct pst_account {
	int64_t	id;
	char	name[PST_UTF8_MAX];
	char	key[PST_UTF8_MAX];
	char	pw_hash[PST_HASH_MAX];
	int	admin;
	int	order;
	int64_t	created;
	int64_t	last_login;		/* 0 = never */
};

#define PST_BAN_USER	"user"
#define PST_BAN_IP	"ip"

struct pst_ban {
	char	kind[8];
	char	value[PST_VALUE_MAX];	/* name key (UTF-8) or dotted IPv4 */
	char	reason[PST_REASON_MAX];
	int64_t	created;
	int64_t	expires;		/* wall clock s; 0 = never */
};

/* Lookups and changes return 0 (done/found), 1 (none), -1 (error). */
int	pst_db_open(const char *path, struct pst_db **);	/* 0 or EX_* */
void	pst_db_close(struct pst_db *);
int	pst_db_acct_get(struct pst_db *, const char *key,
	    struct pst_account *);
int	pst_db_acct_by_id(struct pst_db *, int64_t id, struct pst_account *);
int	pst_db_acct_add(struct pst_db *, const struct pst_name *,
	    const char *pw_hash, int admin, int64_t now, int64_t *id_r);
int	pst_db_acct_passwd(struct pst_db *, const char *key,
	    const char *pw_hash);
int	pst_db_acct_del(struct pst_db *, const char *key, int64_t *id_r);
int	pst_db_acct_login(struct pst_db *, int64_t id, int64_t now);
/* The list walkers stop when cb returns non-zero. */
int	pst_db_acct_list(struct pst_db *,
	    int (*cb)(const struct pst_account *, void *), void *);
int	pst_db_ban_add(struct pst_db *, const struct pst_ban *, int64_t now);
int	pst_db_ban_del(struct pst_db *, const char *kind, const char *value);
int	pst_db_ban_find(struct pst_db *, const char *kind, const char *value,
	    int64_t now, struct pst_ban *);
int	pst_db_ban_list(struct pst_db *, int64_t now,
	    int (*cb)(const struct pst_ban *, void *), void *);
/* pst_db_guest_reserve - the next block [*first, *end); 0 or -1. */
int	pst_db_guest_reserve(struct pst_db *, uint32_t count,
	    uint32_t *first_r, uint32_t *end_r);

/* Internal to pst_db*.c: statements are prepared once, at open. */
struct sqlite3_stmt;
enum pst_stmt_id {
	PST_ST_BEGIN, PST_ST_COMMIT, PST_ST_ROLLBACK,
	PST_ST_ACCT_GET, PST_ST_ACCT_BY_ID, PST_ST_ACCT_ADD,
	PST_ST_ACCT_PASSWD, PST_ST_ACCT_DEL, PST_ST_ACCT_LOGIN,
	PST_ST_ACCT_LIST, PST_ST_BAN_ADD, PST_ST_BAN_DEL, PST_ST_BAN_FIND,
	PST_ST_BAN_LIST, PST_ST_BAN_PURGE, PST_ST_META_GET, PST_ST_META_SET,
	PST_ST_RES_ADD, PST_ST_RES_TEAM_ADD, PST_ST_RES_PLAYER_ADD,
	PST_ST_RES_RECENT, PST_ST_RES_PLAYERS, PST_ST_RATING_GET,
	PST_ST_RATING_PUT, PST_ST_RATING_COUNT, PST_ST_RATING_LADDER,
	PST_ST_RATING_CASTE,
	PST_ST_PROFILE_GET, PST_ST_PROFILE_PUT, PST_ST_BUDDY_LIST,
	PST_ST_BUDDY_ADD, PST_ST_BUDDY_DEL, PST_ST_BUDDY_OWNERS,
	PST_ST_ORDER_ADD, PST_ST_ORDER_GET, PST_ST_ORDER_BY_ID,
	PST_ST_ORDER_DEL, PST_ST_ORDER_CLEAR, PST_ST_ORDER_LIST,
	PST_ST_ORDER_SET, PST_ST_ORDER_COUNT, PST_ST_ORDER_MEMBERS,
	PST_ST_STATS, PST_ST_LADDER_USERS,
	PST_ST_COUNT
};
struct sqlite3_stmt *pst_db_stmt(struct pst_db *, enum pst_stmt_id);
/* pst_db_step - one step; SQLITE_ROW/SQLITE_DONE or -1 (logged). */
int	pst_db_step(struct pst_db *, struct sqlite3_stmt *);
void	pst_db_reset(struct sqlite3_stmt *);
int	pst_db_begin(struct pst_db *);
int	pst_db_commit(struct pst_db *);
void	pst_db_rollback(struct pst_db *);
/* pst_db_bind_text - bind or log; 0 or -1. */
int	pst_db_bind_text(struct pst_db *, struct sqlite3_stmt *, int,
	    const char *);
int	pst_db_bind_int(struct pst_db *, struct sqlite3_stmt *, int, int64_t);
int	pst_db_changes(struct pst_db *);
int64_t	pst_db_last_id(struct pst_db *);

/* --- game results and ratings (pst_results.c) --- */

#define PST_RESULT_PLAYERS	32	/* GS_PLAYERS_MAX */
#define PST_RESULTS_MAX		1000	/* rows one recent query returns */
#define PST_GAME_UTF8		(31 * 3 + 1)
#define PST_MAP_UTF8		(63 * 3 + 1)

struct gs_result;

struct pst_result_player {
	int64_t	user_id;		/* 0 for guests */
	char	nick[PST_UTF8_MAX];
	int	team;			/* index in the result's team order */
	int	place;			/* 1-based; 0 spectators */
	int	tie, spectator, host, captain, dropped;
	int32_t	units_killed, units_lost, damage_given, damage_taken;
	int	rated;			/* rating_* are meaningful */
	int32_t	rating_before, rating_after;
};

struct pst_result_row {
	int64_t			 id;
	uint64_t		 key;
	uint32_t		 room_id, room_type, host_id, game_id;
	char			 game_name[PST_GAME_UTF8];
	char			 map_name[PST_MAP_UTF8];
	int			 game_type, scoring, ended_code;
	int			 ranked;	/* room and game may rate */
	uint32_t		 option_flags;
	int32_t			 time_limit, duration;
	int64_t			 started, ended;
	int			 nplayers;
	struct pst_result_player players[PST_RESULT_PLAYERS];
};

struct pst_rating {
	int64_t		user_id;
	int32_t		rating;
	int32_t		games, wins, losses, ties;
	int		caste;		/* README 11.3; -1 none yet */
	uint32_t	position;	/* ladder, 1 = best; 0 not active */
	int64_t		updated;
	int32_t		best_rating;	/* highest rating after a game */
	int		best_caste;	/* highest caste held; -1 none */
};

/* pst_result_store - 1 stored, 0 already stored (nothing changed), -1. */
int	pst_result_store(struct pst_db *, const struct gs_result *);
/* pst_ratings_castes - README 11.4 over every rated account; 0 or -1. */
int	pst_ratings_castes(struct pst_db *);
/* pst_rating_get - 0 found, 1 never rated, -1 error. */
int	pst_rating_get(struct pst_db *, int64_t user_id, struct pst_rating *);
/*
 * pst_results_recent - the n newest results, of account key only when
 * key != NULL; cb stops the walk by returning non-zero.  0, 1 (no such
 * account) or -1.
 */
int	pst_results_recent(struct pst_db *, const char *key, int n,
	    int (*cb)(const struct pst_result_row *, void *), void *);

/* --- profiles, buddies, orders, statistics (pst_db_social.c) --- */

#define PST_PROFILE_UTF8	(MS_PROFILE_MAX * 3)	/* MacRoman x 3 */
#define PST_QUOTE_UTF8		(MS_QUOTE_MAX * 3)
#define PST_ORDER_ID_MAX	INT16_MAX	/* an i16 on the wire */

struct pst_profile {			/* UTF-8, as stored */
	char	city[PST_PROFILE_UTF8];
	char	state[PST_PROFILE_UTF8];
	char	country[PST_PROFILE_UTF8];
	char	quote[PST_QUOTE_UTF8];
};

struct pst_order {
	int64_t		id;
	char		name[PST_UTF8_MAX];
	char		key[PST_UTF8_MAX];
	int64_t		created;
	uint32_t	members;	/* pst_db_order_list only */
};

/* One group of a player's results (pst_db_stats). */
struct pst_stat_row {
	int		ranked;		/* room type != 0, and rated */
	int		scoring;
	int32_t		games, wins, ties, dropped;
	int64_t		damage_given, damage_taken;
};

/* Results: 0 done/found, 1 none (see each), -1 database error. */
int	pst_db_profile_get(struct pst_db *, int64_t uid, struct pst_profile *);
int	pst_db_profile_put(struct pst_db *, int64_t uid,
	    const struct pst_profile *);
/* pst_db_buddy_list - owner's buddies in slot order (<= MS_BUDDIES_MAX). */
int	pst_db_buddy_list(struct pst_db *, int64_t owner, uint32_t *ids,
	    int *n_r);
/* add: 0 added, 1 was there already, 2 list full; del: 1 not there. */
int	pst_db_buddy_add(struct pst_db *, int64_t owner, int64_t buddy);
int	pst_db_buddy_del(struct pst_db *, int64_t owner, int64_t buddy);
/* pst_db_buddy_owners - every account that lists buddy; cb may stop. */
int	pst_db_buddy_owners(struct pst_db *, int64_t buddy,
	    int (*cb)(int64_t owner, void *), void *);
/* order_add: 1 the name is taken, 2 no order id left. */
int	pst_db_order_add(struct pst_db *, const struct pst_name *, int64_t now,
	    int64_t *id_r);
int	pst_db_order_get(struct pst_db *, const char *key, struct pst_order *);
int	pst_db_order_by_id(struct pst_db *, int64_t id, struct pst_order *);
/* order_del: its members leave it in the same transaction. */
int	pst_db_order_del(struct pst_db *, int64_t id);
#define PST_JOIN_OTHER	1		/* in another order already */
#define PST_JOIN_FULL	2		/* max members reached */
#define PST_JOIN_SAME	3		/* a member already */
int	pst_db_order_join(struct pst_db *, int64_t order, int64_t uid,
	    uint32_t max);
/* order_leave: 1 uid is not in that order. */
int	pst_db_order_leave(struct pst_db *, int64_t order, int64_t uid);
/* order_members - ids by id, at most max; *n_r how many. */
int	pst_db_order_members(struct pst_db *, int64_t order, uint32_t *ids,
	    int max, int *n_r);
int	pst_db_order_list(struct pst_db *,
	    int (*cb)(const struct pst_order *, void *), void *);
/* pst_db_stats - the player's results grouped by (ranked, scoring). */
int	pst_db_stats(struct pst_db *, int64_t uid,
	    int (*cb)(const struct pst_stat_row *, void *), void *);
/* pst_db_ladder_users - accounts holding a ladder position; -1 error. */
int64_t	pst_db_ladder_users(struct pst_db *);

/* --- player services (pst_info.c): pure over the database + presence */

struct pst_pres;
/* pst_info_build - code 0 or 1 in r; -1 on a database error. */
int	pst_info_build(struct pst_db *, const struct pst_pres *,
	    uint32_t target, uint32_t total_users, struct ms_pst_info_rep *);
/* pst_buddy_do - the 118/120 answer in r (the change made, if any). */
int	pst_buddy_do(struct pst_db *, const struct pst_pres *,
	    const struct ms_pst_buddy *, struct ms_pst_buddy_rep *,
	    int *changed_r);
void	pst_buddy_fill(struct pst_db *, const struct pst_pres *,
	    int64_t owner, struct ms_pst_buddy_rep *);
/* pst_order_do - the 119 answer; -1 database error. */
int	pst_order_do(struct pst_db *, const struct pst_pres *, uint32_t uid,
	    struct ms_pst_order_rep *);
/* pst_mac_name - an account or order name (UTF-8) into a MacRoman field */
void	pst_mac_name(const char *utf8, char *out, size_t cap);

/* --- buddy/order online pushes (pst_push.c) --- */

/* One packet for one online session, already a wire payload. */
struct pst_push_msg {
	uint32_t	user_id;	/* recipient */
	uint32_t	gw;
	uint32_t	sid;
	uint16_t	type;		/* MW_T_UPDATE_* or MOTD */
	uint16_t	len;
	uint8_t		payload[MS_PUSH_MAX];
};
typedef void	pst_push_fn(const struct pst_push_msg *, void *);

#define PST_PUSH_OTHERS	0x1	/* the buddies' owners, the order */
#define PST_PUSH_SELF	0x2	/* the account's own 19 and 20 */
/*
 * pst_push_plan - what user's coming online (it is in presence) or going
 * offline (it is not) means for the online accounts: a 19 to every one
 * that lists it, a 20 to every online member of its order, and with
 * PST_PUSH_SELF its own 19/20.  Pure over db + presence; 0 or -1.
 */
int	pst_push_plan(struct pst_db *, const struct pst_pres *,
	    uint32_t user_id, int what, pst_push_fn *, void *);
/* pst_push_order - a 20 to every online member of order but except. */
int	pst_push_order(struct pst_db *, const struct pst_pres *,
	    int64_t order, uint32_t except, pst_push_fn *, void *);
/* pst_push_motd - a 10 with text (MacRoman) for an online user; 0/1. */
int	pst_push_motd(const struct pst_pres *, uint32_t user_id,
	    const char *text, struct pst_push_msg *);
/* The running store: send, and the grace that hides room changes. */
void	pst_push_send(const struct pst_push_msg *, void *);
void	pst_push_online(uint32_t user_id);
void	pst_push_offline(uint32_t user_id);
/* pst_push_tick - offline pushes whose grace ended; next delay ms or -1 */
int64_t	pst_push_tick(uint64_t now_ms);
void	pst_push_reset(void);

/* --- results from the game worker and the ladder (pst_relay.c) --- */

/* pst_result_fill - empty nicks: account name or "Guest"; 0 or -1. */
int	pst_result_fill(struct pst_db *, struct gs_result *);
/* pst_result_check - a result from the game worker is sound; 0 or -1 */
int	pst_result_check(struct gs_result *);

/* --- guest ids (pst_db_acct.c): reserved in blocks, never reused --- */

struct pst_guest {
	uint32_t	next;		/* next id to hand out */
	uint32_t	end;		/* reserved up to here (exclusive) */
};
void	pst_guest_init(struct pst_guest *);
int	pst_guest_next(struct pst_db *, struct pst_guest *, uint32_t *id_r);

/* --- argon2id pool (pst_hash.c) --- */

#define PST_HASH_OK		0	/* verified, or hashed */
#define PST_HASH_MISMATCH	1	/* wrong password */
#define PST_HASH_ERROR		(-1)	/* bad stored hash, no memory */
#define PST_HASH_CANCELLED	(-2)	/* pool stopped first */

struct pst_hash;
/*
 * Completion, on the loop thread (pst_hash_collect or pst_hash_free).
 * hash is the new hash string for make jobs that succeeded, else NULL.
 */
typedef void	pst_hash_done_fn(int result, const char *hash, void *arg);

/* notify runs on a pool thread when results wait: wake the loop. */
struct pst_hash *pst_hash_new(uint32_t nthreads, uint32_t cap,
	    void (*notify)(void *), void *notify_arg);
/* Submit: 0, or -1 when cap jobs are outstanding (answer "busy"). */
int	pst_hash_verify(struct pst_hash *, const char *stored,
	    const uint8_t *pw, size_t pwlen, pst_hash_done_fn *, void *);
int	pst_hash_make(struct pst_hash *, const uint8_t *pw, size_t pwlen,
	    uint64_t ops, size_t mem_bytes, pst_hash_done_fn *, void *);
void	pst_hash_collect(struct pst_hash *);
uint32_t pst_hash_outstanding(struct pst_hash *);
/* pst_hash_free - join the threads; queued jobs end CANCELLED. */
void	pst_hash_free(struct pst_hash *);

/* --- presence (pst_presence.c): pure, no I/O --- */

struct pst_pres_ent {
	uint32_t	user_id;	/* 0 = free slot */
	uint32_t	gw;		/* gateway index */
	uint32_t	sid;
	uint32_t	room_id;
	uint32_t	ipv4;		/* network order */
	uint32_t	flags;
	char		name[MS_NAME_MAX];	/* MacRoman, as claimed */
};

enum pst_claim_res {
	PST_CLAIM_NEW,		/* recorded */
	PST_CLAIM_SAME,		/* same (gw, sid) again: updated */
	PST_CLAIM_KICKED,	/* replaced: *old must be kicked */
	PST_CLAIM_REFUSED,	/* present elsewhere, policy refuse_new */
	PST_CLAIM_FULL		/* bound reached */
};

struct pst_pres;
/* pst_pres_new - max: sessions in rooms, all gateways (presence_max). */
struct pst_pres *pst_pres_new(uint32_t max);
void	pst_pres_free(struct pst_pres *);
enum pst_claim_res pst_pres_claim(struct pst_pres *, uint32_t policy,
	    const struct pst_pres_ent *, struct pst_pres_ent *old_r);
/* pst_pres_release - 1 if removed (it still was that session's). */
int	pst_pres_release(struct pst_pres *, uint32_t user_id, uint32_t gw,
	    uint32_t sid);
const struct pst_pres_ent *pst_pres_get(const struct pst_pres *,
	    uint32_t user_id);
/* pst_pres_drop_gw - every session of gw; gone (may be NULL) of each. */
uint32_t pst_pres_drop_gw(struct pst_pres *, uint32_t gw,
	    void (*gone)(uint32_t user_id));
uint32_t pst_pres_count(const struct pst_pres *);
/* pst_pres_remove_ip - move up to max entries with ipv4 to out[]. */
uint32_t pst_pres_remove_ip(struct pst_pres *, uint32_t ipv4,
	    struct pst_pres_ent *out, uint32_t max);
/* pst_pres_remove - take user_id's entry out; 1 if it was there. */
int	pst_pres_remove(struct pst_pres *, uint32_t user_id,
	    struct pst_pres_ent *out);

/* --- the running store (store.c) and its handlers --- */

#define PST_CODE_BUSY	1	/* "try later" for server-side failures */
#define PST_CODE_REFUSED 4	/* a player service said no: see the text */

struct wrk_link;

struct pst_ctx {
	struct pst_db		*db;
	struct pst_hash		*hash;
	struct pst_pres		*pres;
	struct pst_guest	 guest;
	int			 stopping;
	int			 ladder_dirty;	/* a rated result since */
	uint64_t		 ladder_due_ms;
	int64_t			 ladder_users;	/* cached; -1 unknown */
};

extern struct pst_ctx	pst;

int64_t	pst_wallclock(void);
/* pst_text - UTF-8 printf into a MacRoman client text field. */
void	pst_text(char *out, size_t outcap, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* pst_ban_text - "locked until ...: reason" for a client, MacRoman. */
void	pst_ban_text(char *out, size_t outcap, const struct pst_ban *);
/* pst_time_str - "2024-05-01 12:00 UTC". */
void	pst_time_str(int64_t t, char *out, size_t outcap);
/* pst_kick - MS_GW_KICK to the gateway of a presence entry. */
void	pst_kick(const struct pst_pres_ent *, int32_t code, const char *text);
/*
 * pst_banned - the ban that applies to account key (NULL for guests) or
 * to the address: 0 banned (*b filled), 1 not banned, -1 error.
 */
int	pst_banned(const char *key, uint32_t ipv4, struct pst_ban *b);
/* pst_ipv4_str - dotted quad of a network-order address. */
void	pst_ipv4_str(uint32_t ipv4, char *out, size_t outcap);

void	pst_auth(struct wrk_link *, const struct ms_hdr *,
	    const struct ms_pst_auth *);
void	pst_claim(struct wrk_link *, const struct ms_hdr *,
	    const struct ms_pst_claim *);
void	pst_release(struct wrk_link *, const struct ms_pst_release *);
void	pst_admin(uint32_t reqid, int argc, char **argv);
void	pst_result(struct wrk_link *, const struct ms_hdr *, const void *);
void	pst_info(struct wrk_link *, const struct ms_hdr *,
	    const struct ms_pst_info *);
void	pst_profile(struct wrk_link *, const struct ms_pst_profile *);
void	pst_buddy(struct wrk_link *, const struct ms_hdr *,
	    const struct ms_pst_buddy *);
void	pst_order(struct wrk_link *, const struct ms_hdr *,
	    const struct ms_pst_order *);
/* pst_ladder_tick - recompute castes when due; next delay in ms. */
int64_t	pst_ladder_tick(uint64_t now_ms);

/* --- admin helpers shared by pst_admin.c and pst_admin_games.c --- */

#define PST_ADMIN_TEXT	7900		/* < the control socket's 8192 */
#define PST_RESULTS_USAGE "results [--user NAME] [COUNT]"

struct pst_out {
	char		buf[PST_ADMIN_TEXT];
	size_t		len;
	uint32_t	lines;		/* counted, shown or not */
	uint32_t	dropped;	/* did not fit */
};

void	pst_reply(uint32_t, int32_t, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
int	pst_admin_name(uint32_t, const char *, struct pst_name *);
void	pst_out_line(struct pst_out *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	pst_list_reply(uint32_t, int, const struct pst_out *, const char *);
void	pst_user_info(uint32_t, int, char **);
void	pst_order_admin(uint32_t, int, char **);
void	pst_results_admin(uint32_t, int, char **);

#endif /* MS_PST_H */
