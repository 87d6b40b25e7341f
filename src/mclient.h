/*
 * mclient.h - the metaserver protocol client: one non-blocking session
 * (login or room connection, Myth II 1.8 or Aleph One dialect) as a
 * state machine fed with bytes and drained of bytes.  It never owns the
 * socket or the event loop, never blocks, and allocates only in
 * mcl_new(): input and output buffers are fixed at creation, so a full
 * output buffer is an error (ENOBUFS), never growth.
 */
#ifndef MCL_MCLIENT_H
#define MCL_MCLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "mcipher.h"
#include "wire.h"

#define MCL_IN_CAP_DEFAULT	MW_IN_MAX_DEFAULT
#define MCL_OUT_CAP_DEFAULT	4096
#define MCL_CAP_MIN		512	/* both buffers: a login fits */
#define MCL_PASSWORD_MAX	15	/* Myth's 16-byte field with its NUL */
#define MCL_REASON_MAX		160

/*
 * What the connection is for.  A login session ends in MCL_EV_LOGGED_IN
 * with the token; a room session starts from that token.  Changing room
 * is a new MCL_ROOM session on the other room's port with the same
 * token (README 9.11); the old session is simply freed (send
 * mcl_logout() first to be polite).
 */
enum mcl_mode {
	MCL_LOGIN,
	MCL_ROOM
};

enum mcl_state {
	MCL_S_KEY_EXCHANGE,	/* Myth: our 203 queued, theirs awaited */
	MCL_S_LOGIN_SENT,	/* 100 sent: 6, 12 or 3 expected */
	MCL_S_PASSWORD_SENT,	/* 109 sent: 12 or 3 expected */
	MCL_S_VERSION_SENT,	/* 115 sent: 7, (8), 0 expected */
	MCL_S_LOGGED_IN,	/* room list received; the server may close */
	MCL_S_ROOM_LOGIN_SENT,	/* 101 + 103 sent: 9 expected */
	MCL_S_ROOM_ACCEPTED,	/* 9 received: 3 code 8 expected */
	MCL_S_IN_ROOM,		/* normal room traffic */
	MCL_S_CLOSED		/* mcl_reason() says why; close the fd */
};

/*
 * Events.  Every packet the server may send in the current state gives
 * exactly one packet event (its decoded struct in the union); one that
 * is illegal there or does not decode closes the session instead.  The
 * state machine adds state events after the packet that caused them.
 * Pointers in an event (strings, iterators, payload) point into the
 * session's input buffer and are valid only during the callback; copy
 * an iterator before walking it.  The callback may call the actions
 * and mcl_close(), but not mcl_feed(), mcl_on_readable() or mcl_free().
 */
enum mcl_ev_type {
	MCL_EV_ROOM_LIST,		/* 0: u.list, mw_room_list_next() */
	MCL_EV_PLAYER_LIST,		/* 1: u.list, mw_player_list_next() */
	MCL_EV_GAME_LIST,		/* 2, 13: u.list, mw_game_list_next() */
	MCL_EV_SERVER_MESSAGE,		/* 3: u.msg */
	MCL_EV_URL,			/* 4: u.url */
	MCL_EV_DATA_CHUNK,		/* 5: u.chunk */
	MCL_EV_PASSWORD_CHALLENGE,	/* 6: u.challenge (answered) */
	MCL_EV_USER_LOGIN,		/* 7: u.login */
	MCL_EV_PLAYER_DATA,		/* 8: u.player */
	MCL_EV_ROOM_LOGIN,		/* 9: u.room */
	MCL_EV_MOTD,			/* 10: u.text */
	MCL_EV_SEND_VERSIONS,		/* 12 (answered) */
	MCL_EV_SEARCH_LIST,		/* 14, 15, 16: u.list */
	MCL_EV_PLAYER_INFO,		/* 17: u.info */
	MCL_EV_UPDATE_INFO,		/* 18 Myth: u.update */
	MCL_EV_HUB_LIST,		/* 18 Aleph One: u.list */
	MCL_EV_BUDDY_LIST,		/* 19: u.buddies */
	MCL_EV_ORDER_MEMBERS,		/* 20: u.list */
	MCL_EV_BLAMMED,			/* 21: u.text (kicked) */
	MCL_EV_PROXY_JOIN,		/* 22: u.proxy */
	MCL_EV_CHAT,			/* 200: u.chat */
	MCL_EV_PRIVATE,			/* 201: u.pm */
	MCL_EV_KEEPALIVE,		/* 202 (answered) */
	MCL_EV_SESSION_KEY,		/* 203: u.key (cipher now on) */
	MCL_EV_OTHER,			/* 11, ids no server sends: skipped */
	MCL_EV_LOGGED_IN,		/* state: u.logged_in */
	MCL_EV_IN_ROOM,			/* state: u.in_room */
	MCL_EV_LOGIN_FAILED,		/* state: u.failed; CLOSED follows */
	MCL_EV_CLOSED			/* state: u.closed; the last event */
};

struct mcl_event {
	enum mcl_ev_type	 type;
	uint16_t		 packet;	/* type id; 0: state event */
	const uint8_t		*payload;	/* plaintext payload */
	size_t			 len;
	union {
		struct mw_iter			 list;
		struct mw_server_message	 msg;
		struct mw_url			 url;
		struct mw_data_chunk		 chunk;
		struct mw_password_challenge	 challenge;
		struct mw_user_successful_login	 login;
		struct mw_player_entry		 player;
		struct mw_room_login_successful	 room;
		struct mw_text			 text;
		const struct mw_player_info	*info;
		struct mw_update_info		 update;
		struct mw_buddy_list		 buddies;
		struct mw_proxy_client_join	 proxy;
		struct mw_chat			 chat;
		struct mw_directed_data		 pm;
		struct mw_session_key		 key;
		struct {
			int32_t		 user_id;
			const uint8_t	*token;	/* MW_TOKEN_SIZE bytes */
			struct mw_iter	 rooms;	/* mw_room_list_next() */
		} logged_in;
		struct {
			uint32_t	 user_id;
			int16_t		 max_players;
		} in_room;
		struct {
			int32_t		 code;	/* MW_MSG_* */
			const char	*text;
		} failed;
		struct {
			const char	*reason;
		} closed;
	} u;
};

typedef void	mcl_event_fn(void *arg, const struct mcl_event *);

/*
 * Guests (README 8.4): Myth logs in as a guest with an empty password;
 * Aleph One with the user name "" or "guest" (the server then skips
 * the challenge).  Password schemes 0 and 1 are answered; scheme 4 (the
 * Aleph One HTTPS token) needs a web service and closes the session.
 * Strings are sent as given: MacRoman bytes (see macroman.h).
 */
struct mcl_params {
	enum mw_dialect		 dialect;
	enum mcl_mode		 mode;
	const char		*username;	/* <= 31; A1 guest: "", guest */
	const char		*password;	/* <= 15 (A1 16); "": guest */
	uint8_t			 token[MW_TOKEN_SIZE];	/* MCL_ROOM only */
	struct mw_player_data	 player;	/* nick, team, colours; the
						   strings are copied.  0 in
						   game_version/build_number
						   = dialect default */
	struct mw_version_control version;	/* all 0 = dialect default */
	size_t			 in_cap;	/* 0 = MCL_IN_CAP_DEFAULT */
	size_t			 out_cap;	/* 0 = MCL_OUT_CAP_DEFAULT */
	struct mw_limits	 limits;	/* in_max: largest packet in */
	mcl_event_fn		*on_event;	/* may be NULL */
	void			*arg;
	mc_random_fn		 rnd;		/* NULL = mc_getrandom */
	void			*rnd_arg;
};

struct mcl_stats {
	uint64_t	packets_in, packets_out;
	uint64_t	bytes_in, bytes_out;
};

struct mcl_session;

/*
 * mcl_new - a session whose first packets (Myth 203; Aleph One 100, or
 * 101 + 103) are already queued: connect the socket, then write.
 * Returns NULL with errno EINVAL (bad parameter), ENOMEM or EIO (the
 * random source failed).
 */
struct mcl_session	*mcl_new(const struct mcl_params *);
void			 mcl_free(struct mcl_session *);

/*
 * Feed/drain core.  mcl_feed() takes any number of received bytes (in
 * any split) and runs the callback for each packet; it returns 0, or -1
 * once the session is CLOSED.  The output is one contiguous run:
 * mcl_pending_output() shows it, mcl_consume_output() drops n bytes of
 * it after they were sent.
 */
int	mcl_feed(struct mcl_session *, const void *buf, size_t n);
size_t	mcl_pending_output(const struct mcl_session *, const uint8_t **);
void	mcl_consume_output(struct mcl_session *, size_t n);

/*
 * fd helpers for a non-blocking socket, e.g. from one libev io watcher:
 *
 *	if (revents & EV_READ && mcl_on_readable(s, fd) == -1)
 *		goto closed;
 *	if (revents & EV_WRITE && mcl_on_writable(s, fd) == -1)
 *		goto closed;
 *	want = EV_READ | (mcl_wants_write(s) ? EV_WRITE : 0);
 *	(re-arm the watcher if want changed; after any mcl_<action>()
 *	 call outside the watcher, do the same)
 *
 * Both read/write only until EAGAIN (reads: at most a few buffers per
 * call, so one busy session cannot starve the loop) and return 0, or
 * -1 when the session is CLOSED (EOF, socket error, protocol error):
 * then close the fd and mcl_free() the session.
 */
int	mcl_on_readable(struct mcl_session *, int fd);
int	mcl_on_writable(struct mcl_session *, int fd);
int	mcl_wants_write(const struct mcl_session *);

/* mcl_close - move to CLOSED now (e.g. on a timeout); emits the event. */
void	mcl_close(struct mcl_session *, const char *reason);

enum mcl_state		 mcl_state(const struct mcl_session *);
const char		*mcl_state_name(enum mcl_state);
const char		*mcl_event_name(enum mcl_ev_type);
const char		*mcl_reason(const struct mcl_session *);
enum mw_dialect		 mcl_dialect(const struct mcl_session *);
int32_t			 mcl_user_id(const struct mcl_session *);
const uint8_t		*mcl_token(const struct mcl_session *);
void			 mcl_get_stats(const struct mcl_session *,
			    struct mcl_stats *);

/*
 * Actions.  Each queues one packet (encrypted on Myth) and returns 0, or
 * -1 with errno ENOTCONN (wrong state: room actions need IN_ROOM),
 * ENOBUFS (output buffer full: drain and retry) or EINVAL (a field the
 * packet cannot carry).  None of them changes the state.
 */
int	mcl_chat(struct mcl_session *, const char *text);
int	mcl_private(struct mcl_session *, uint32_t target_id,
	    const char *text);
/* mode 0 listening, 1 deaf; the session id goes out on Aleph One only */
int	mcl_set_mode(struct mcl_session *, int16_t mode,
	    const uint8_t *session_id, size_t len);
/* 103 with the session's player data and this state (0 idle, 1 game) */
int	mcl_set_state(struct mcl_session *, int16_t state);
/* 104: data is the opaque game data (<= 1024), order = A1 hub id */
int	mcl_create_game(struct mcl_session *, uint16_t port, int16_t order,
	    const uint8_t *data, size_t len);
int	mcl_create_game_desc(struct mcl_session *, uint16_t port,
	    int16_t order, const struct mw_game_desc *);
/* 114: seconds <= 0 = untimed; Aleph One gets ticks (README 10.2) */
int	mcl_start_game(struct mcl_session *, int32_t seconds);
int	mcl_remove_game(struct mcl_session *);
int	mcl_game_players(struct mcl_session *, uint32_t game_id,
	    const int32_t *ids, size_t n);
int	mcl_game_score(struct mcl_session *, const struct mw_game_score *);
int	mcl_request_full_update(struct mcl_session *);
int	mcl_player_info_query(struct mcl_session *, uint32_t player_id);
/* 113: Bungie's per-round reset; servers may ignore it */
int	mcl_reset_game(struct mcl_session *);
/* 116: preferences as in README 12.6; names: substrings, "" = any */
int	mcl_game_search(struct mcl_session *,
	    const struct mw_game_search_query *);
/* 117: players whose nick contains text */
int	mcl_player_search(struct mcl_session *, const char *text);
/* 118 and 119: the player's buddies, the player's order */
int	mcl_buddy_query(struct mcl_session *);
int	mcl_order_query(struct mcl_session *);
/* 120: add (1) or remove (0) a buddy */
int	mcl_update_buddy(struct mcl_session *, int32_t buddy_id, int add);
/* 122, Myth meaning: city, state, country and quote (NULL = "") */
int	mcl_update_player_info(struct mcl_session *,
	    const struct mw_update_player_information *);
/* keepalive and logout work on login and room connections alike */
int	mcl_keepalive(struct mcl_session *);
int	mcl_logout(struct mcl_session *);
/* any packet as is (after the key exchange: encrypted), for tests */
int	mcl_send_raw(struct mcl_session *, uint16_t type,
	    const void *payload, size_t len);

/*
 * mcl_set_event_fn - replace the callback (and its argument) from now
 * on; the previous ones are stored in *fn_r and *arg_r when not NULL,
 * so a recorder can sit in front of another and pass each event on.
 */
void	mcl_set_event_fn(struct mcl_session *, mcl_event_fn *fn, void *arg,
	    mcl_event_fn **fn_r, void **arg_r);

#endif /* MCL_MCLIENT_H */
