/*
 * mclient_recv.c - packets from the server: one table row per packet
 * type says in which states it may arrive, how it decodes into the
 * event union and what the state machine does after the event (README
 * 8.1, 8.2, 8.12, 9.1).  A packet in a state where a correct server
 * cannot send it, or one that does not decode, closes the session: the
 * integration tests rely on this client to catch server mistakes.
 */
#include <stdio.h>
#include <string.h>

#include "macroman.h"
#include "mclient.h"
#include "mclient_impl.h"
#include "wire.h"

#define ST(x)		MCL_STATE_BIT(MCL_S_##x)
#define LOGIN_STEPS	(ST(LOGIN_SENT) | ST(PASSWORD_SENT) | ST(VERSION_SENT))
#define ROOM_WAIT	(ST(ROOM_LOGIN_SENT) | ST(ROOM_ACCEPTED))
#define OPEN		(LOGIN_STEPS | ST(LOGGED_IN) | ROOM_WAIT | ST(IN_ROOM))
/* README 9.1: nothing but 9 and 3 may come before the room accepts us */
#define INFO		(OPEN & ~ROOM_WAIT)
#define ROOM		ST(IN_ROOM)

typedef int	rx_decode_fn(struct mcl_session *, const uint8_t *, size_t,
		    struct mcl_event *);
typedef int	rx_after_fn(struct mcl_session *, const struct mcl_event *);

struct rx {
	uint16_t	 type;
	enum mcl_ev_type ev;
	unsigned	 states;	/* MCL_STATE_BIT set where legal */
	rx_decode_fn	*decode;
	rx_after_fn	*after;		/* NULL: report only */
};

static rx_decode_fn	rx_room_list, rx_player_list, rx_game_list;
static rx_decode_fn	rx_server_message, rx_url, rx_data_chunk;
static rx_decode_fn	rx_password_challenge, rx_user_successful_login;
static rx_decode_fn	rx_set_player_data_from_metaserver;
static rx_decode_fn	rx_room_login_successful, rx_message_of_the_day;
static rx_decode_fn	rx_send_versions, rx_search_list, rx_18;
static rx_decode_fn	rx_update_player_buddy_list;
static rx_decode_fn	rx_update_order_member_list;
static rx_decode_fn	rx_you_just_got_blammed_sucka, rx_proxy_client_join;
static rx_decode_fn	rx_room_broadcast, rx_directed_data, rx_keepalive;
static rx_decode_fn	rx_raw;
static rx_after_fn	after_room_list, after_server_message;
static rx_after_fn	after_challenge, after_user_login, after_room_login;
static rx_after_fn	after_send_versions, after_keepalive;
static void	init_event(struct mcl_event *, enum mcl_ev_type, uint16_t,
		    const uint8_t *, size_t);
static int	bad_packet(struct mcl_session *, uint16_t, int);
static int	emit_checked(struct mcl_session *, struct mcl_event *);
static int	login_failed(struct mcl_session *,
		    const struct mw_server_message *);
static int	enter_room(struct mcl_session *);
static int	rx_key(struct mcl_session *, uint16_t, const uint8_t *,
		    size_t);
static int	rx_player_info(struct mcl_session *, const uint8_t *, size_t);
static const struct rx *find_rx(uint16_t);

static const struct rx rx_table[] = {
	{ 0, MCL_EV_ROOM_LIST, ST(VERSION_SENT) | ST(LOGGED_IN) | ROOM,
	    rx_room_list, after_room_list },
	{ 1, MCL_EV_PLAYER_LIST, ROOM, rx_player_list, NULL },
	{ 2, MCL_EV_GAME_LIST, ROOM, rx_game_list, NULL },
	{ 3, MCL_EV_SERVER_MESSAGE, OPEN, rx_server_message,
	    after_server_message },
	{ 4, MCL_EV_URL, INFO, rx_url, NULL },
	{ 5, MCL_EV_DATA_CHUNK, INFO, rx_data_chunk, NULL },
	{ 6, MCL_EV_PASSWORD_CHALLENGE, ST(LOGIN_SENT),
	    rx_password_challenge, after_challenge },
	{ 7, MCL_EV_USER_LOGIN, ST(VERSION_SENT), rx_user_successful_login,
	    after_user_login },
	{ 8, MCL_EV_PLAYER_DATA, ST(VERSION_SENT) | ST(LOGGED_IN) | ROOM,
	    rx_set_player_data_from_metaserver, NULL },
	{ 9, MCL_EV_ROOM_LOGIN, ST(ROOM_LOGIN_SENT),
	    rx_room_login_successful, after_room_login },
	{ 10, MCL_EV_MOTD, INFO, rx_message_of_the_day, NULL },
	{ 11, MCL_EV_OTHER, INFO, rx_raw, NULL },
	{ 12, MCL_EV_SEND_VERSIONS, ST(LOGIN_SENT) | ST(PASSWORD_SENT),
	    rx_send_versions, after_send_versions },
	{ 13, MCL_EV_GAME_LIST, ROOM, rx_game_list, NULL },
	{ 14, MCL_EV_SEARCH_LIST, ROOM, rx_search_list, NULL },
	{ 15, MCL_EV_SEARCH_LIST, ROOM, rx_search_list, NULL },
	{ 16, MCL_EV_SEARCH_LIST, ROOM, rx_search_list, NULL },
	{ 18, MCL_EV_UPDATE_INFO, INFO, rx_18, NULL },
	{ 19, MCL_EV_BUDDY_LIST, ROOM, rx_update_player_buddy_list, NULL },
	{ 20, MCL_EV_ORDER_MEMBERS, ROOM, rx_update_order_member_list, NULL },
	{ 21, MCL_EV_BLAMMED, INFO, rx_you_just_got_blammed_sucka, NULL },
	{ 22, MCL_EV_PROXY_JOIN, ROOM, rx_proxy_client_join, NULL },
	{ 200, MCL_EV_CHAT, ROOM, rx_room_broadcast, NULL },
	{ 201, MCL_EV_PRIVATE, ROOM, rx_directed_data, NULL },
	{ 202, MCL_EV_KEEPALIVE, OPEN, rx_keepalive, after_keepalive },
	{ 203, MCL_EV_SESSION_KEY, 0, rx_raw, NULL },
};

/* ids no server sends (client ids, unknown ones) are skipped: README 3 */
static const struct rx rx_other = { 0, MCL_EV_OTHER, INFO, rx_raw, NULL };

#define RX_PLAIN(name, field)						\
static int								\
rx_##name(struct mcl_session *s, const uint8_t *p, size_t len,		\
    struct mcl_event *ev)						\
{									\
	(void)s;							\
	return mw_decode_##name(p, len, &ev->u.field);			\
}
RX_PLAIN(room_list, list)
RX_PLAIN(player_list, list)
RX_PLAIN(server_message, msg)
RX_PLAIN(url, url)
RX_PLAIN(data_chunk, chunk)
RX_PLAIN(password_challenge, challenge)
RX_PLAIN(user_successful_login, login)
RX_PLAIN(set_player_data_from_metaserver, player)
RX_PLAIN(room_login_successful, room)
RX_PLAIN(message_of_the_day, text)
RX_PLAIN(update_player_buddy_list, buddies)
RX_PLAIN(update_order_member_list, list)
RX_PLAIN(you_just_got_blammed_sucka, text)
RX_PLAIN(proxy_client_join, proxy)
RX_PLAIN(room_broadcast, chat)
RX_PLAIN(directed_data, pm)
#undef RX_PLAIN

static int
rx_game_list(struct mcl_session *s, const uint8_t *p, size_t len,
    struct mcl_event *ev)
{
	(void)s;
	return mw_decode_game_list(p, len, ev->packet, &ev->u.list);
}

static int
rx_search_list(struct mcl_session *s, const uint8_t *p, size_t len,
    struct mcl_event *ev)
{
	(void)s;
	return mw_decode_search_list(p, len, ev->packet, &ev->u.list);
}

static int
rx_send_versions(struct mcl_session *s, const uint8_t *p, size_t len,
    struct mcl_event *ev)
{
	(void)s;
	(void)ev;
	return mw_decode_send_versions(p, len);
}

static int
rx_keepalive(struct mcl_session *s, const uint8_t *p, size_t len,
    struct mcl_event *ev)
{
	(void)s;
	(void)ev;
	return mw_decode_keepalive(p, len);
}

/* rx_18 - README 16.1 item 8: the dialect decides what 18 is */
static int
rx_18(struct mcl_session *s, const uint8_t *p, size_t len,
    struct mcl_event *ev)
{
	if (s->dialect == MW_DIALECT_ALEPHONE) {
		ev->type = MCL_EV_HUB_LIST;
		return mw_decode_remote_hub_list(p, len, &ev->u.list);
	}
	return mw_decode_update_info(p, len, &ev->u.update);
}

static int
rx_raw(struct mcl_session *s, const uint8_t *p, size_t len,
    struct mcl_event *ev)
{
	(void)s;
	(void)p;
	(void)len;
	(void)ev;
	return MW_OK;
}

static void
init_event(struct mcl_event *ev, enum mcl_ev_type t, uint16_t type,
    const uint8_t *p, size_t len)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = t;
	ev->packet = type;
	ev->payload = p;
	ev->len = len;
}

static int
bad_packet(struct mcl_session *s, uint16_t type, int rc)
{
	return mcl_fail(s, "bad %s packet (%u): %s", mw_type_name(type),
	    type, mw_strerror(rc));
}

static int
emit_checked(struct mcl_session *s, struct mcl_event *ev)
{
	mcl_emit(s, ev);
	return s->state == MCL_S_CLOSED ? -1 : 0;
}

/* after_room_list - the login's last packet (README 8.1 step 10) */
static int
after_room_list(struct mcl_session *s, const struct mcl_event *pe)
{
	struct mcl_event	ev;

	if (s->state != MCL_S_VERSION_SENT)
		return 0;
	if (!s->have_token)
		return mcl_fail(s, "room_list before user_successful_login");
	s->state = MCL_S_LOGGED_IN;
	init_event(&ev, MCL_EV_LOGGED_IN, 0, NULL, 0);
	ev.u.logged_in.user_id = s->user_id;
	ev.u.logged_in.token = s->token;
	ev.u.logged_in.rooms = pe->u.list;
	return emit_checked(s, &ev);
}

static int
login_failed(struct mcl_session *s, const struct mw_server_message *m)
{
	struct mcl_event	ev;
	char			text[96];

	init_event(&ev, MCL_EV_LOGIN_FAILED, 0, NULL, 0);
	ev.u.failed.code = m->code;
	ev.u.failed.text = m->text;
	mcl_emit(s, &ev);
	ms_macroman_sanitize((const uint8_t *)m->text, strlen(m->text), text,
	    sizeof(text), NULL);
	return mcl_fail(s, "login refused: code %d (%s)", (int)m->code, text);
}

static int
enter_room(struct mcl_session *s)
{
	struct mcl_event	ev;

	s->state = MCL_S_IN_ROOM;
	init_event(&ev, MCL_EV_IN_ROOM, 0, NULL, 0);
	ev.u.in_room.user_id = (uint32_t)s->user_id;
	ev.u.in_room.max_players = s->room_max;
	return emit_checked(s, &ev);
}

/*
 * after_server_message - README 8.10: codes 8, 9 and 10 are notices,
 * any other code during a login ends it; in a room the server closes
 * the connection itself after an error, so it is only reported.
 */
static int
after_server_message(struct mcl_session *s, const struct mcl_event *ev)
{
	int32_t	code = ev->u.msg.code;
	int	notice = code == MW_MSG_LOGIN_SUCCESSFUL ||
	    code == MW_MSG_LOGOUT_SUCCESSFUL ||
	    code == MW_MSG_PLAYER_NOT_IN_ROOM;

	if (s->state == MCL_S_ROOM_ACCEPTED && code == MW_MSG_LOGIN_SUCCESSFUL)
		return enter_room(s);
	if (s->state == MCL_S_ROOM_LOGIN_SENT &&
	    code == MW_MSG_LOGIN_SUCCESSFUL)
		return mcl_fail(s, "login_successful before "
		    "room_login_successful");
	if (s->state == MCL_S_LOGGED_IN || s->state == MCL_S_IN_ROOM ||
	    notice)
		return 0;
	return login_failed(s, &ev->u.msg);
}

static int
after_challenge(struct mcl_session *s, const struct mcl_event *ev)
{
	return mcl_send_password(s, &ev->u.challenge);
}

static int
after_send_versions(struct mcl_session *s, const struct mcl_event *ev)
{
	(void)ev;
	return mcl_send_versions(s);
}

static int
after_user_login(struct mcl_session *s, const struct mcl_event *ev)
{
	s->user_id = ev->u.login.user_id;
	memcpy(s->token, ev->u.login.token, sizeof(s->token));
	s->have_token = 1;
	return 0;
}

static int
after_room_login(struct mcl_session *s, const struct mcl_event *ev)
{
	s->user_id = (int32_t)ev->u.room.user_id;
	s->room_max = ev->u.room.maximum_players_per_room;
	s->state = MCL_S_ROOM_ACCEPTED;
	return 0;
}

/* after_keepalive - README 9.14: clients echo the server's keepalive */
static int
after_keepalive(struct mcl_session *s, const struct mcl_event *ev)
{
	(void)ev;
	if (mcl_keepalive(s) == -1)
		return mcl_fail(s, "keepalive answer: output buffer full");
	return 0;
}

/* rx_key - the only packet a Myth session takes before the cipher */
static int
rx_key(struct mcl_session *s, uint16_t type, const uint8_t *p, size_t len)
{
	struct mcl_event	ev;
	uint16_t		their[MC_WORDS];
	int			rc;

	if (type != MW_T_SESSION_KEY)
		return mcl_fail(s, "%s (%u) before session_key",
		    mw_type_name(type), type);
	init_event(&ev, MCL_EV_SESSION_KEY, type, p, len);
	if ((rc = mw_decode_session_key(p, len, &ev.u.key)) != MW_OK)
		return bad_packet(s, type, rc);
	mc_pub_decode(ev.u.key.key, their);
	mc_session_key(&s->kp, their, &s->key);
	s->cipher = 1;
	if (emit_checked(s, &ev) == -1)
		return -1;
	if (mcl_send_after_key(s) == -1)
		return mcl_fail(s, "login packets: output buffer full");
	return 0;
}

/* rx_player_info - 17 is too big for the event union: decoded here */
static int
rx_player_info(struct mcl_session *s, const uint8_t *p, size_t len)
{
	struct mw_player_info	info;
	struct mcl_event	ev;
	int			rc;

	if (s->state != MCL_S_IN_ROOM)
		return mcl_fail(s, "unexpected player_info in state %s",
		    mcl_state_name(s->state));
	init_event(&ev, MCL_EV_PLAYER_INFO, MW_T_PLAYER_INFO, p, len);
	if ((rc = mw_decode_player_info(p, len, &info)) != MW_OK)
		return bad_packet(s, MW_T_PLAYER_INFO, rc);
	ev.u.info = &info;
	return emit_checked(s, &ev);
}

void
mcl_set_event_fn(struct mcl_session *s, mcl_event_fn *fn, void *arg,
    mcl_event_fn **fn_r, void **arg_r)
{
	if (fn_r != NULL)
		*fn_r = s->on_event;
	if (arg_r != NULL)
		*arg_r = s->arg;
	s->on_event = fn;
	s->arg = arg;
}

static const struct rx *
find_rx(uint16_t type)
{
	size_t	i;

	for (i = 0; i < sizeof(rx_table) / sizeof(rx_table[0]); i++)
		if (rx_table[i].type == type)
			return &rx_table[i];
	return &rx_other;
}

int
mcl_dispatch(struct mcl_session *s, uint16_t type, const uint8_t *p,
    size_t len)
{
	const struct rx		*h;
	struct mcl_event	 ev;
	int			 rc;

	if (s->state == MCL_S_KEY_EXCHANGE)
		return rx_key(s, type, p, len);
	if (type == MW_T_PLAYER_INFO)
		return rx_player_info(s, p, len);
	h = find_rx(type);
	if ((h->states & MCL_STATE_BIT(s->state)) == 0)
		return mcl_fail(s, "unexpected %s (%u) in state %s",
		    mw_type_name(type), type, mcl_state_name(s->state));
	init_event(&ev, h->ev, type, p, len);
	if ((rc = h->decode(s, p, len, &ev)) != MW_OK)
		return bad_packet(s, type, rc);
	if (emit_checked(s, &ev) == -1)
		return -1;
	return h->after != NULL ? h->after(s, &ev) : 0;
}
