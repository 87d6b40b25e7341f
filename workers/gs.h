/*
 * gs.h - the game worker's state, kept apart from nng and libev so that
 * the tests drive it directly.  gs_table.c holds every listed game by
 * its host session (gateway index, sid) and by game id (the host's user
 * id), decides what the room lists must show (add, change held back by
 * the coalescing interval, delete) and queues it for the loop turn;
 * gs_list.c turns a turn's queue, or a whole table, into MS_GS_LIST and
 * MS_GS_SNAPSHOT messages through a sink; gs_score.c turns score
 * reports into results and keeps them until the store answers;
 * gs_admin.c writes the `games` verb's text.  Every game in the table
 * is listed (or announced in the current turn): a game refused for
 * game.max_games is never stored.
 */
#ifndef GS_H
#define GS_H

#include <sys/queue.h>

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "gs_result.h"
#include "proto.h"

#define GS_OUT_NONE	0		/* gs_ent.out: nothing this turn */
#define GS_OUT_ADD	1		/* an add goes out in the flush */
#define GS_OUT_CHANGE	2		/* a change goes out in the flush */

/*
 * Largest MS_GS_LIST / MS_GS_SNAPSHOT payload.  nng counts pair1's
 * 4-byte header against the receiver's limit and a refused message
 * closes the pipe: keep well clear, as the room worker does.
 */
#define GS_MSG_SLACK	64
#define GS_MSG_MAX	(MS_MSG_MAX - sizeof(struct ms_hdr) - GS_MSG_SLACK)

struct gs_ent {
	TAILQ_ENTRY(gs_ent)	 all;		/* gs_tbl.all, oldest first */
	TAILQ_ENTRY(gs_ent)	 q;		/* gs_tbl.turn or .held */
	struct gs_ent		*next_key;	/* chain by (gw, sid) */
	struct gs_ent		*next_uid;	/* chain by user_id */
	uint32_t		 gw;
	uint32_t		 sid;
	uint32_t		 room_id;
	uint32_t		 user_id;	/* the game id on the wire */
	uint32_t		 ipv4;		/* network order */
	uint32_t		 flags;		/* as the last MS_GS_HOST */
	uint16_t		 port;
	int16_t			 order;
	int32_t			 limit_s;	/* -1 untimed */
	int64_t			 started;	/* unix ms, 0 = open */
	uint32_t		 desc_len;
	uint32_t		 nplayers;
	uint32_t		 players[MS_GS_PLAYERS_MAX];
	uint64_t		 updated_ms;	/* last non-replay update */
	uint64_t		 seen;		/* gs_tbl.hosts at last HOST */
	uint64_t		 sent_ms;	/* last add/change sent */
	uint8_t			 out;		/* GS_OUT_* queued in .turn */
	uint8_t			 held;		/* a change waits in .held */
	uint8_t			 mark;		/* gs_list.c, during a flush */
	uint8_t			 desc[MS_GS_DESC_MAX];
};

/* A delete of this turn: what its list entry needs once the game is gone. */
struct gs_del {
	uint32_t	room_id;
	uint32_t	game_id;
	uint32_t	ipv4;
	uint16_t	port;
	uint8_t		mark;
};

TAILQ_HEAD(gs_ent_list, gs_ent);

/* gs_gone_fn - tell gateway gw that session sid's game was dropped. */
typedef void	gs_gone_fn(void *arg, uint32_t gw, uint32_t sid,
		    uint32_t user_id, const char *text);

struct gs_tbl {
	struct gs_ent_list	 all;
	struct gs_ent_list	 turn;		/* out != NONE, queue order */
	struct gs_ent_list	 held;		/* held changes */
	struct gs_ent		**by_key;
	struct gs_ent		**by_uid;
	size_t			 nbuckets;	/* power of two */
	size_t			 n;
	uint64_t		 hosts;		/* MS_GS_HOST taken, ever */
	struct gs_del		*dels;		/* this turn's deletes */
	size_t			 ndels;
	size_t			 dels_cap;
	uint32_t		 max_games;
	uint64_t		 coalesce_ms;
	uint32_t		 idle_s;
	gs_gone_fn		*gone;
	void			*gone_arg;
};

enum gs_up {
	GS_UP_SAME = 0,		/* nothing the list shows changed */
	GS_UP_ADD,		/* a new game */
	GS_UP_CHANGE,		/* a change, queued or held */
	GS_UP_MOVE,		/* another room (or game id): delete + add */
	GS_UP_FULL		/* not listed: game.max_games reached */
};

int		 gs_tbl_init(struct gs_tbl *, gs_gone_fn *, void *);
void		 gs_tbl_fini(struct gs_tbl *);
void		 gs_tbl_config(struct gs_tbl *, uint32_t max_games,
		    uint32_t coalesce_ms, uint32_t idle_s);
/*
 * gs_tbl_upsert - the whole state of session (gw, h->sid)'s game, desc
 * holding h->desc_len bytes (checked by the caller).  now is the
 * monotonic clock in ms.
 */
enum gs_up	 gs_tbl_upsert(struct gs_tbl *, uint32_t gw,
		    const struct ms_gs_host *h, const uint8_t *desc,
		    uint64_t now);
/* gs_tbl_remove - 1 if (gw, sid) had a game (now deleted), else 0. */
int		 gs_tbl_remove(struct gs_tbl *, uint32_t gw, uint32_t sid);
/* gs_tbl_gateway_gone - delete every game of gw; the count. */
size_t		 gs_tbl_gateway_gone(struct gs_tbl *, uint32_t gw);
/*
 * gs_tbl_gateway_stale - delete gw's games whose last MS_GS_HOST came
 * before host number cut (a replay that did not mention them); count.
 */
size_t		 gs_tbl_gateway_stale(struct gs_tbl *, uint32_t gw,
		    uint64_t cut);
/* gs_tbl_room_gone - delete every game of room_id, telling the hosts. */
size_t		 gs_tbl_room_gone(struct gs_tbl *, uint32_t room_id);
/* gs_tbl_expire - delete open games idle for idle_s; the count. */
size_t		 gs_tbl_expire(struct gs_tbl *, uint64_t now);
/*
 * gs_tbl_release - queue the held changes whose interval ended; returns
 * the ms until the next one ends, or -1 if none is held.
 */
int64_t		 gs_tbl_release(struct gs_tbl *, uint64_t now);
/*
 * gs_tbl_turn_done - the turn's queue went out (sent = 1, at now) or
 * was dropped (sent = 0, while recovering: a snapshot will follow).
 */
/* gs_tbl_held_due - ms until the first held change is due, or -1. */
int64_t		 gs_tbl_held_due(const struct gs_tbl *, uint64_t now);
void		 gs_tbl_turn_done(struct gs_tbl *, int sent, uint64_t now);
struct gs_ent	*gs_tbl_find(const struct gs_tbl *, uint32_t gw,
		    uint32_t sid);
struct gs_ent	*gs_tbl_find_uid(const struct gs_tbl *, uint32_t user_id);
int		 gs_ent_started(const struct gs_ent *);

/*
 * gs_list.c.  A sink takes one finished MS_GS_LIST or MS_GS_SNAPSHOT
 * payload; the caller sends the same bytes to the gateways concerned.
 */
typedef void	gs_sink_fn(void *arg, uint16_t type, const void *payload,
		    size_t len);

/* gs_entry_make - the packet 2 entry of e (verb add or change). */
void		 gs_entry_make(const struct gs_ent *e, int verb,
		    int64_t now_wall_ms, struct mw_game_entry *out);
/* gs_list_flush - the turn's queue as MS_GS_LIST; the messages sent. */
size_t		 gs_list_flush(struct gs_tbl *, int64_t now_wall_ms,
		    gs_sink_fn *, void *);
/* gs_list_snapshot - every room's list as MS_GS_SNAPSHOT; messages. */
size_t		 gs_list_snapshot(const struct gs_tbl *,
		    const uint32_t *room_ids, size_t nrooms,
		    int64_t now_wall_ms, gs_sink_fn *, void *);

/*
 * gs_score.c.  gs_score_result - a MS_GS_SCORE payload of len bytes
 * turned into a result; 0, or -1 with the reason in *why.
 */
int		 gs_score_result(const void *payload, size_t len,
		    uint32_t room_type, int64_t now_wall_ms,
		    struct gs_result *r, const char **why);

struct gs_pend {
	TAILQ_ENTRY(gs_pend)	 q;
	uint32_t		 reqid;		/* of the MS_PST_RESULT */
	uint32_t		 gw;
	uint32_t		 gw_gen;	/* gateway restarts seen */
	uint32_t		 sid;
	uint32_t		 seq;
	struct gs_result	 r;
};
TAILQ_HEAD(gs_pend_list, gs_pend);

/* gs_store_fn - one result to the store; 0 or -1 when refused. */
typedef int	gs_store_fn(void *arg, uint32_t reqid,
		    const struct gs_result *);
/* gs_reply_fn - MS_GS_SCORE_REP to gateway gw. */
typedef void	gs_reply_fn(void *arg, uint32_t gw,
		    const struct ms_gs_score_rep *);

struct gs_results {
	struct gs_pend_list	 pend;		/* oldest first */
	size_t			 n;
	size_t			 max;		/* game.result_queue */
	uint32_t		 next_reqid;
	uint32_t		 gw_gen[MS_CFG_WORKERS_MAX];
	gs_store_fn		*store;
	gs_reply_fn		*reply;
	void			*arg;
};

void		 gs_results_init(struct gs_results *, size_t max,
		    gs_store_fn *, gs_reply_fn *, void *);
void		 gs_results_fini(struct gs_results *);
/*
 * gs_results_take - a score report from gateway gw: refused or busy
 * answered at once, else queued and sent to the store.
 */
void		 gs_results_take(struct gs_results *, uint32_t gw,
		    const void *payload, size_t len, uint32_t room_type,
		    int64_t now_wall_ms);
/* gs_results_answer - the store's MS_PST_RESULT_REP for reqid. */
int		 gs_results_answer(struct gs_results *, uint32_t reqid,
		    const struct ms_pst_result_rep *);
/* gs_results_resend - a restarted store: everything pending, in order. */
size_t		 gs_results_resend(struct gs_results *);
/* gs_results_gateway_gone - answers for gw's old sessions are dropped. */
void		 gs_results_gateway_gone(struct gs_results *, uint32_t gw);

/*
 * gs_admin.c.  gs_admin_games - the `games` verb: one line per game by
 * room then game id, then the count; at most cap bytes with the NUL.
 */
void		 gs_admin_games(const struct gs_tbl *, int64_t now_wall_ms,
		    char *buf, size_t cap);

#endif /* GS_H */
