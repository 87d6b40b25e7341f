/*
 * mclient_send.c - packets to the server: the login and room-login
 * flows (README 5.1, 8.1-8.6, 9.1-9.2) and the room actions (9.8-9.14,
 * 10).  Every packet is encoded straight into the output buffer's tail
 * and committed (encrypted on Myth) by mcl_out_commit(); nothing here
 * allocates, and a packet that does not fit is refused whole.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mclient.h"
#include "mclient_impl.h"
#include "mpassword.h"
#include "wire.h"

#define A1_TICKS	30	/* Aleph One start_game unit, per second */

static int	room_ready(const struct mcl_session *);
static int	open_ready(const struct mcl_session *);
static int	send_session_key(struct mcl_session *);
static void	fill_login(const struct mcl_session *, struct mw_login *);
static int	send_login(struct mcl_session *);
static int	send_player_data(struct mcl_session *);
static int	send_room_login(struct mcl_session *);
static void	fill_chat(const struct mcl_session *, struct mw_chat *,
		    const char *, uint32_t);
static int	send_empty(struct mcl_session *,
		    int (*)(uint8_t *, size_t, size_t *));

static int
room_ready(const struct mcl_session *s)
{
	if (s->state != MCL_S_IN_ROOM) {
		errno = ENOTCONN;
		return -1;
	}
	return 0;
}

/* open_ready - past the key exchange and not closed */
static int
open_ready(const struct mcl_session *s)
{
	if (s->state == MCL_S_KEY_EXCHANGE || s->state == MCL_S_CLOSED) {
		errno = ENOTCONN;
		return -1;
	}
	return 0;
}

static int
send_session_key(struct mcl_session *s)
{
	struct mw_session_key	k;
	uint8_t			*p;
	size_t			 cap, len = 0;
	int			 rc;

	mc_pub_encode(s->kp.pub, k.key);
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_session_key(p, cap, &len, &k);
	return mcl_out_commit(s, rc, len);
}

static void
fill_login(const struct mcl_session *s, struct mw_login *l)
{
	int	myth = s->dialect == MW_DIALECT_MYTH;

	memset(l, 0, sizeof(*l));
	l->platform_type = myth ? 201 : 4;
	l->flags = 1;		/* show the nick and colours we send */
	l->max_authentication = MPW_SIMPLE;
	snprintf(l->application, sizeof(l->application), "%s",
	    myth ? "MYTH2" : "MARATHON");
	snprintf(l->build_date, sizeof(l->build_date), "mythmeta");
	snprintf(l->build_time, sizeof(l->build_time), "mclient");
	snprintf(l->username, sizeof(l->username), "%s", s->username);
	l->player = s->player;
}

static int
send_login(struct mcl_session *s)
{
	struct mw_login	 l;
	uint8_t		*p;
	size_t		 cap, len = 0;
	int		 rc;

	fill_login(s, &l);
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_login(p, cap, &len, s->dialect, &l);
	return mcl_out_commit(s, rc, len);
}

static int
send_player_data(struct mcl_session *s)
{
	uint8_t	*p;
	size_t	 cap, len = 0;
	int	 rc;

	p = mcl_out_tail(s, &cap);
	rc = mw_encode_set_player_data(p, cap, &len, &s->player);
	return mcl_out_commit(s, rc, len);
}

/* send_room_login - 101, then 103 at once (README 9.1 step 3) */
static int
send_room_login(struct mcl_session *s)
{
	struct mw_room_login	 rl;
	uint8_t			*p;
	size_t			 cap, len = 0;
	int			 rc;

	memcpy(rl.token, s->token, sizeof(rl.token));
	rl.name = s->username;
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_room_login(p, cap, &len, &rl);
	if (mcl_out_commit(s, rc, len) == -1)
		return -1;
	return send_player_data(s);
}

/* mcl_send_first - what goes out as soon as the socket connects */
int
mcl_send_first(struct mcl_session *s)
{
	if (s->dialect == MW_DIALECT_MYTH) {
		s->state = MCL_S_KEY_EXCHANGE;
		return send_session_key(s);
	}
	return mcl_send_after_key(s);
}

int
mcl_send_after_key(struct mcl_session *s)
{
	if (s->mode == MCL_LOGIN) {
		s->state = MCL_S_LOGIN_SENT;
		return send_login(s);
	}
	s->state = MCL_S_ROOM_LOGIN_SENT;
	return send_room_login(s);
}

/*
 * mcl_send_password - README 8.4: the body mpassword builds is the whole
 * 109 payload (Myth: NUL-terminated text; Aleph One: 16 bytes).
 */
int
mcl_send_password(struct mcl_session *s,
    const struct mw_password_challenge *ch)
{
	uint8_t	 body[MPW_RESPONSE_MAX], *p;
	size_t	 n, cap, len = 0;
	int	 rc, flags;

	flags = s->dialect == MW_DIALECT_ALEPHONE ? MPW_F_PADDED : 0;
	if (mpw_respond(ch->authentication_type, flags, s->password,
	    ch->salt, body, &n) == -1)
		return mcl_fail(s, "password scheme %d: %s",
		    ch->authentication_type, strerror(errno));
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_raw(p, cap, &len, MW_T_PASSWORD_RESPONSE, body, n);
	explicit_bzero(body, sizeof(body));
	if (mcl_out_commit(s, rc, len) == -1)
		return mcl_fail(s, "password_response: output buffer full");
	s->state = MCL_S_PASSWORD_SENT;
	return 0;
}

int
mcl_send_versions(struct mcl_session *s)
{
	uint8_t	*p;
	size_t	 cap, len = 0;
	int	 rc;

	p = mcl_out_tail(s, &cap);
	rc = mw_encode_version_control(p, cap, &len, &s->version);
	if (mcl_out_commit(s, rc, len) == -1)
		return mcl_fail(s, "version_control: output buffer full");
	s->state = MCL_S_VERSION_SENT;
	return 0;
}

/* fill_chat - README 7.6, as Aleph One fills it: our id, nick, colour */
static void
fill_chat(const struct mcl_session *s, struct mw_chat *c, const char *text,
    uint32_t target)
{
	memset(c, 0, sizeof(*c));
	c->color = s->player.primary;
	c->player_id = (uint32_t)s->user_id;
	c->selected_player_id = target;
	if (target != 0 && s->dialect == MW_DIALECT_ALEPHONE)
		c->flags = 1;	/* private line */
	c->sender = s->nick;
	c->message = text != NULL ? text : "";
	c->length = mw_chat_blob_length(c);
}

int
mcl_chat(struct mcl_session *s, const char *text)
{
	struct mw_chat	 c;
	uint8_t		*p;
	size_t		 cap, len = 0;
	int		 rc;

	if (room_ready(s) == -1)
		return -1;
	fill_chat(s, &c, text, 0);
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_room_broadcast(p, cap, &len, &c);
	return mcl_out_commit(s, rc, len);
}

int
mcl_private(struct mcl_session *s, uint32_t target_id, const char *text)
{
	struct mw_directed_data	 d;
	uint8_t			*p;
	size_t			 cap, len = 0;
	int			 rc;

	if (room_ready(s) == -1)
		return -1;
	d.target_player_id = target_id;
	d.local_echo = 1;
	fill_chat(s, &d.chat, text, target_id);
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_directed_data(p, cap, &len, &d);
	return mcl_out_commit(s, rc, len);
}

int
mcl_set_mode(struct mcl_session *s, int16_t mode, const uint8_t *session_id,
    size_t n)
{
	struct mw_set_player_mode	 m;
	uint8_t				*p;
	size_t				 cap, len = 0;
	int				 rc;

	if (room_ready(s) == -1)
		return -1;
	m.mode = mode;
	m.session_id = session_id;
	m.session_id_len = session_id != NULL ? n : 0;
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_set_player_mode(p, cap, &len, s->dialect, &m);
	return mcl_out_commit(s, rc, len);
}

int
mcl_set_state(struct mcl_session *s, int16_t state)
{
	if (room_ready(s) == -1)
		return -1;
	s->player.state = state;
	return send_player_data(s);
}

int
mcl_create_game(struct mcl_session *s, uint16_t port, int16_t order,
    const uint8_t *data, size_t n)
{
	struct mw_create_game	 g;
	uint8_t			*p;
	size_t			 cap, len = 0;
	int			 rc;

	if (room_ready(s) == -1)
		return -1;
	g.port = port;
	g.order = order;
	g.data = data;
	g.data_len = n;
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_create_game(p, cap, &len, &g);
	return mcl_out_commit(s, rc, len);
}

int
mcl_create_game_desc(struct mcl_session *s, uint16_t port, int16_t order,
    const struct mw_game_desc *g)
{
	static const uint8_t	no_plugins[MW_PLUGIN_DATA_SIZE];
	struct mw_game_desc	d = *g;
	uint8_t			buf[MW_GAME_DATA_MAX];
	size_t			n = 0;

	if (room_ready(s) == -1)
		return -1;
	if (d.plugin_data == NULL)
		d.plugin_data = no_plugins;
	if (mw_encode_game_data(buf, sizeof(buf), &n, &d) != MW_OK) {
		errno = EINVAL;
		return -1;
	}
	return mcl_create_game(s, port, order, buf, n);
}

/* mcl_start_game - README 10.2: Myth counts seconds, Aleph One ticks */
int
mcl_start_game(struct mcl_session *s, int32_t seconds)
{
	struct mw_start_game	 st;
	uint8_t			*p;
	size_t			 cap, len = 0;
	int			 rc;

	if (room_ready(s) == -1)
		return -1;
	if (s->dialect == MW_DIALECT_MYTH)
		st.time = seconds > 0 ? seconds : 0;
	else if (seconds <= 0)
		st.time = INT32_MIN;
	else
		st.time = seconds > INT32_MAX / A1_TICKS ? INT32_MAX :
		    seconds * A1_TICKS;
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_start_game(p, cap, &len, &st);
	return mcl_out_commit(s, rc, len);
}

/* empty-payload packets: one line each through this helper */
static int
send_empty(struct mcl_session *s, int (*enc)(uint8_t *, size_t, size_t *))
{
	uint8_t	*p;
	size_t	 cap, len = 0;
	int	 rc;

	p = mcl_out_tail(s, &cap);
	rc = enc(p, cap, &len);
	return mcl_out_commit(s, rc, len);
}

int
mcl_remove_game(struct mcl_session *s)
{
	if (room_ready(s) == -1)
		return -1;
	return send_empty(s, mw_encode_remove_game);
}

int
mcl_request_full_update(struct mcl_session *s)
{
	if (room_ready(s) == -1)
		return -1;
	return send_empty(s, mw_encode_request_full_update);
}

int
mcl_keepalive(struct mcl_session *s)
{
	if (open_ready(s) == -1)
		return -1;
	return send_empty(s, mw_encode_keepalive);
}

int
mcl_logout(struct mcl_session *s)
{
	if (open_ready(s) == -1)
		return -1;
	return send_empty(s, mw_encode_logout);
}

int
mcl_game_players(struct mcl_session *s, uint32_t game_id,
    const int32_t *ids, size_t n)
{
	uint8_t	*p;
	size_t	 cap, len = 0;
	int	 rc;

	if (room_ready(s) == -1)
		return -1;
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_game_player_list(p, cap, &len, game_id, ids, n);
	return mcl_out_commit(s, rc, len);
}

int
mcl_game_score(struct mcl_session *s, const struct mw_game_score *sc)
{
	uint8_t	*p;
	size_t	 cap, len = 0;
	int	 rc;

	if (room_ready(s) == -1)
		return -1;
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_game_score(p, cap, &len, sc);
	return mcl_out_commit(s, rc, len);
}

int
mcl_player_info_query(struct mcl_session *s, uint32_t player_id)
{
	struct mw_player_info_query	 q;
	uint8_t				*p;
	size_t				 cap, len = 0;
	int				 rc;

	if (room_ready(s) == -1)
		return -1;
	q.player_id = player_id;
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_player_info_query(p, cap, &len, &q);
	return mcl_out_commit(s, rc, len);
}

int
mcl_reset_game(struct mcl_session *s)
{
	if (room_ready(s) == -1)
		return -1;
	return send_empty(s, mw_encode_reset_game);
}

int
mcl_game_search(struct mcl_session *s, const struct mw_game_search_query *q)
{
	struct mw_game_search_query	 g = *q;
	uint8_t				*p;
	size_t				 cap, len = 0;
	int				 rc;

	if (room_ready(s) == -1)
		return -1;
	if (g.game_name == NULL)
		g.game_name = "";
	if (g.map_name == NULL)
		g.map_name = "";
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_game_search_query(p, cap, &len, &g);
	return mcl_out_commit(s, rc, len);
}

int
mcl_player_search(struct mcl_session *s, const char *text)
{
	struct mw_text	 t;
	uint8_t		*p;
	size_t		 cap, len = 0;
	int		 rc;

	if (room_ready(s) == -1)
		return -1;
	t.text = text != NULL ? text : "";
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_player_search_query(p, cap, &len, &t);
	return mcl_out_commit(s, rc, len);
}

int
mcl_buddy_query(struct mcl_session *s)
{
	if (room_ready(s) == -1)
		return -1;
	return send_empty(s, mw_encode_buddy_query);
}

int
mcl_order_query(struct mcl_session *s)
{
	if (room_ready(s) == -1)
		return -1;
	return send_empty(s, mw_encode_order_query);
}

int
mcl_update_buddy(struct mcl_session *s, int32_t buddy_id, int add)
{
	struct mw_update_buddy	 b;
	uint8_t			*p;
	size_t			 cap, len = 0;
	int			 rc;

	if (room_ready(s) == -1)
		return -1;
	b.buddy_id = buddy_id;
	b.add = add ? 1 : 0;
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_update_buddy(p, cap, &len, &b);
	return mcl_out_commit(s, rc, len);
}

/* mcl_update_player_info - 122 means this on Myth only (README 16.1) */
int
mcl_update_player_info(struct mcl_session *s,
    const struct mw_update_player_information *u)
{
	struct mw_update_player_information	 v = *u;
	uint8_t					*p;
	size_t					 cap, len = 0;
	int					 rc;

	if (room_ready(s) == -1)
		return -1;
	if (s->dialect != MW_DIALECT_MYTH) {
		errno = EINVAL;
		return -1;
	}
	v.city = v.city != NULL ? v.city : "";
	v.state = v.state != NULL ? v.state : "";
	v.country = v.country != NULL ? v.country : "";
	v.quote = v.quote != NULL ? v.quote : "";
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_update_player_information(p, cap, &len, &v);
	return mcl_out_commit(s, rc, len);
}

int
mcl_send_raw(struct mcl_session *s, uint16_t type, const void *payload,
    size_t n)
{
	uint8_t	*p;
	size_t	 cap, len = 0;
	int	 rc;

	if (s->state == MCL_S_CLOSED) {
		errno = ENOTCONN;
		return -1;
	}
	p = mcl_out_tail(s, &cap);
	rc = mw_encode_raw(p, cap, &len, type, payload, n);
	return mcl_out_commit(s, rc, len);
}
