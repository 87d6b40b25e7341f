/*
 * gw_login.c - the login port (README 8.12), both dialects.  Myth: 100
 * -> 6 -> 109 (kept; empty = guest) -> 12 -> 115 (version check) ->
 * MS_PST_AUTH -> 7, 8, 0 and close.  Aleph One: 100 -> 12 (guest) or 6
 * -> 109 -> MS_PST_AUTH at once -> 12; then 115 -> (guest: AUTH) -> 7,
 * 0, and 122 is answered with an empty 18 until 102 or EOF.  Any other
 * packet in a state gets code 0 and a close; the password is wiped as
 * soon as the store has it.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "gw.h"
#include "log.h"
#include "mpassword.h"
#include "worker.h"

#define GW_BUILD_NEW_CODES 428	/* codes 16/17 exist from this build */

static uint16_t	gw_login_expect(uint8_t);
static void	gw_login_hello(struct gw_conn *, const uint8_t *, size_t);
static int	gw_login_parse(struct gw_conn *, const uint8_t *, size_t,
		    struct mw_login *);
static void	gw_login_password(struct gw_conn *, const uint8_t *,
		    size_t);
static void	gw_login_version(struct gw_conn *, const uint8_t *, size_t);
static void	gw_login_hub(struct gw_conn *, uint16_t);
static void	gw_login_auth(struct gw_conn *);
static void	gw_login_success(struct gw_conn *);
static void	gw_login_refuse(struct gw_conn *, int32_t, const char *);
static void	gw_login_unexpected(struct gw_conn *, uint16_t);
static void	gw_send_challenge(struct gw_conn *);
static void	gw_send_welcome(struct gw_conn *);
static void	gw_send_pdata(struct gw_conn *);

/* gw_login_expect - the one packet each waiting state accepts */
static uint16_t
gw_login_expect(uint8_t state)
{
	switch (state) {
	case GW_S_LOGIN:
		return MW_T_LOGIN;
	case GW_S_PASSWORD:
		return MW_T_PASSWORD_RESPONSE;
	case GW_S_VERSION:
		return MW_T_VERSION_CONTROL;
	}
	return UINT16_MAX;
}

void
gw_login_packet(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len)
{
	if (type == MW_T_KEEPALIVE)
		return;		/* proof of life in any state */
	if (c->state == GW_S_HUB) {
		gw_login_hub(c, type);
		return;
	}
	if (type != gw_login_expect(c->state)) {
		gw_login_unexpected(c, type);
		return;
	}
	switch (c->state) {
	case GW_S_LOGIN:
		gw_login_hello(c, p, len);
		break;
	case GW_S_PASSWORD:
		gw_login_password(c, p, len);
		break;
	case GW_S_VERSION:
		gw_login_version(c, p, len);
		break;
	}
}

static void
gw_login_unexpected(struct gw_conn *c, uint16_t type)
{
	if (gw_log_ok())
		log_info("client %u: packet %u (%s) out of turn in the login",
		    c->sid, type, mw_type_name(type));
	gw_stats.drops[GW_DROP_INPUT]++;
	gw_login_refuse(c, MW_MSG_SYNTAX_ERROR,
	    "Syntax error (unrecognized command).");
}

static void
gw_login_refuse(struct gw_conn *c, int32_t code, const char *text)
{
	gw_stats.logins_refused++;
	sodium_memzero(c->password, sizeof(c->password));
	gw_send_message(c, code, text);
	gw_conn_close_after(c);
}

/* gw_login_parse - README 8.3: the connection's dialect picks the layout */
static int
gw_login_parse(struct gw_conn *c, const uint8_t *p, size_t len,
    struct mw_login *l)
{
	enum mw_dialect	app = mw_login_dialect(p, len);
	int		rc;

	if (c->cipher != (app == MW_DIALECT_MYTH)) {
		gw_login_refuse(c, MW_MSG_GAMES_NOT_ALLOWED, c->cipher ?
		    "Login failed (Games not allowed at this time)." :
		    "Myth II must use the encrypted protocol.");
		return -1;
	}
	if ((rc = mw_decode_login(p, len, app, l)) != MW_OK) {
		if (gw_log_ok())
			log_info("client %u: bad login packet: %s", c->sid,
			    mw_strerror(rc));
		gw_login_refuse(c, app == MW_DIALECT_MYTH ?
		    MW_MSG_GAMES_NOT_ALLOWED : MW_MSG_SYNTAX_ERROR,
		    "Login failed (bad login packet).");
		return -1;
	}
	if (l->player_data_size < 0 ||
	    l->player_data_size > MW_PLAYER_DATA_MAX) {
		gw_login_refuse(c, MW_MSG_SYNTAX_ERROR,
		    "Login failed (bad player data).");
		return -1;
	}
	return 0;
}

static void
gw_login_hello(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_login	l;
	const char	*u;

	if (gw_login_parse(c, p, len, &l) == -1)
		return;
	(void)snprintf(c->username, sizeof(c->username), "%s", l.username);
	c->pdata_len = (uint16_t)l.player_data_size;
	memcpy(c->pdata, p + MW_A1_LOGIN_FIXED, c->pdata_len);
	c->build = l.player.build_number;
	u = c->username;
	if (c->dialect == MW_DIALECT_MYTH) {
		gw_send_challenge(c);
		c->state = GW_S_PASSWORD;
	} else if (u[0] == '\0' || strcasecmp(u, "guest") == 0) {
		c->uflags |= MS_USER_GUEST | MS_USER_ALEPHONE;
		gw_send_empty(c, MW_T_SEND_VERSIONS);
		c->state = GW_S_VERSION;
	} else {
		c->uflags |= MS_USER_ALEPHONE;
		gw_send_challenge(c);
		c->state = GW_S_PASSWORD;
	}
}

/* Scheme 0, zero salt: the Myth channel is already scrambled (8.4). */
static void
gw_send_challenge(struct gw_conn *c)
{
	struct mw_password_challenge	ch;
	uint8_t				*p;
	size_t				 n;

	memset(&ch, 0, sizeof(ch));
	ch.authentication_type = MPW_PLAINTEXT;
	if ((p = gw_pkt_begin(c, sizeof(ch))) == NULL)
		return;
	if (mw_encode_password_challenge(p, GW_PKT_CAP(sizeof(ch)), &n,
	    &ch) == MW_OK)
		gw_pkt_end(c, p, n);
}

static void
gw_login_password(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_password_response	pr;
	int				rc;

	rc = mw_decode_password_response(p, len, c->dialect, &pr);
	if (rc != MW_OK) {
		gw_stats.drops[GW_DROP_INPUT]++;
		gw_login_refuse(c, MW_MSG_BAD_USER_OR_PASSWORD,
		    "Login failed (Bad user or Password).");
		return;
	}
	(void)snprintf(c->password, sizeof(c->password), "%s", pr.text);
	sodium_memzero(&pr, sizeof(pr));
	if (c->dialect == MW_DIALECT_ALEPHONE) {
		c->early = 1;
		gw_login_auth(c);
		return;
	}
	if (c->password[0] == '\0')
		c->uflags |= MS_USER_GUEST;
	gw_send_empty(c, MW_T_SEND_VERSIONS);
	c->state = GW_S_VERSION;
}

static void
gw_login_version(struct gw_conn *c, const uint8_t *p, size_t len)
{
	const struct ms_config		*cfg = wrk_cfg();
	struct mw_version_control	 v;

	if (mw_decode_version_control(p, len, &v) != MW_OK) {
		gw_login_unexpected(c, MW_T_VERSION_CONTROL);
		return;
	}
	if (c->dialect == MW_DIALECT_MYTH &&
	    (v.application_version < (int32_t)cfg->min_myth_version ||
	    v.build_number < (int32_t)cfg->min_myth_build)) {
		if (gw_log_ok())
			log_info("client %u: Myth version %d build %d is too "
			    "old", c->sid, v.application_version,
			    v.build_number);
		gw_login_refuse(c, MW_MSG_INVALID_VERSION,
		    "Login failed (Invalid Game Version number).");
		return;
	}
	if (c->authed)
		gw_login_success(c);
	else
		gw_login_auth(c);
}

/* gw_login_auth - guests of Aleph One are known by their nick. */
static void
gw_login_auth(struct gw_conn *c)
{
	struct ms_pst_auth	*a = &c->req.auth;
	struct mw_player_data	 pd;
	const char		*name = c->username;

	memset(a, 0, sizeof(*a));
	a->sid = c->sid;
	a->ipv4 = c->ipv4;
	a->flags = c->uflags;
	if ((c->uflags & MS_USER_GUEST) && c->dialect == MW_DIALECT_ALEPHONE)
		name = mw_decode_set_player_data(c->pdata, c->pdata_len,
		    &pd) == MW_OK && pd.nick[0] != '\0' ? pd.nick : "guest";
	(void)snprintf(a->username, sizeof(a->username), "%s", name);
	memcpy(a->password, c->password, sizeof(a->password));
	sodium_memzero(c->password, sizeof(c->password));
	c->state = GW_S_AUTH;
	if (gw_req_send(c, GW_REQ_AUTH, wrk_link_find(MS_ROLE_STORE, 0)) == -1)
		gw_busy(c);
}

void
gw_login_auth_rep(struct gw_conn *c, const struct ms_pst_auth_rep *r)
{
	char	text[MS_TEXT_MAX];
	int32_t	code = r->code;

	sodium_memzero(&c->req, sizeof(c->req));
	if (c->state != GW_S_AUTH)
		return;
	if (code != 0) {
		if ((code == MW_MSG_GUESTS_DISALLOWED ||
		    code == MW_MSG_GUEST_NAME_TAKEN) &&
		    (c->dialect != MW_DIALECT_MYTH ||
		    c->build < GW_BUILD_NEW_CODES))
			code = MW_MSG_BAD_USER_OR_PASSWORD;
		(void)snprintf(text, sizeof(text), "%.*s",
		    (int)sizeof(r->text) - 1, r->text);
		log_debug("client %u: login of \"%s\" refused: code %d",
		    c->sid, c->username, r->code);
		gw_login_refuse(c, code, text);
		return;
	}
	c->user_id = r->user_id;
	c->uflags |= r->flags & (MS_USER_GUEST | MS_USER_ADMIN);
	c->order = r->order;
	c->caste = r->caste;
	c->authed = 1;
	if (c->early) {
		c->early = 0;
		gw_send_empty(c, MW_T_SEND_VERSIONS);
		c->state = GW_S_VERSION;
	} else
		gw_login_success(c);
	gw_conn_resume(c);
}

static void
gw_login_success(struct gw_conn *c)
{
	gw_stats.logins_ok++;
	log_debug("client %u: \"%s\" logged in as user %u%s", c->sid,
	    c->username, c->user_id, c->uflags & MS_USER_GUEST ?
	    " (guest)" : "");
	gw_send_welcome(c);
	if (c->dialect == MW_DIALECT_MYTH)
		gw_send_pdata(c);
	gw_roomlist_send(c);
	if (c->dialect == MW_DIALECT_MYTH)
		gw_conn_close_after(c);
	else
		c->state = GW_S_HUB;
}

/* gw_send_welcome - packet 7 with a fresh token. */
static void
gw_send_welcome(struct gw_conn *c)
{
	struct mw_user_successful_login	w;
	struct gw_token			t;
	uint8_t				*p;
	size_t				 n;

	memset(&t, 0, sizeof(t));
	t.user_id = c->user_id;
	t.expiry = (uint32_t)time(NULL) + wrk_cfg()->token_lifetime_s;
	t.order = c->order;
	t.caste = c->caste;
	t.flags = (uint8_t)(c->uflags & (MS_USER_GUEST | MS_USER_ADMIN |
	    MS_USER_ALEPHONE));
	memset(&w, 0, sizeof(w));
	w.user_id = (int32_t)c->user_id;
	w.order = w.order_again = c->order;
	gw_token_make(w.token, &t, wrk_secret());
	if ((p = gw_pkt_begin(c, 8 + MW_TOKEN_SIZE)) == NULL)
		return;
	if (mw_encode_user_successful_login(p, GW_PKT_CAP(8 + MW_TOKEN_SIZE),
	    &n, &w) == MW_OK)
		gw_pkt_end(c, p, n);
}

/* gw_send_pdata - packet 8: what the rooms will show (README 8.8). */
static void
gw_send_pdata(struct gw_conn *c)
{
	struct mw_player_entry	e;
	size_t			cap = 24 + MW_PLAYER_DATA_MAX, n;
	uint8_t			*p;

	memset(&e, 0, sizeof(e));
	if (mw_decode_set_player_data(c->pdata, c->pdata_len, &e.data) !=
	    MW_OK)
		return;
	e.aux.player_id = c->user_id;
	e.aux.caste = c->caste;
	e.aux.order = c->order;
	if ((p = gw_pkt_begin(c, cap)) == NULL)
		return;
	if (mw_encode_set_player_data_from_metaserver(p, GW_PKT_CAP(cap), &n,
	    &e) == MW_OK)
		gw_pkt_end(c, p, n);
}

/* gw_login_hub - Aleph One after its room list (README 8.2, 16.1). */
static void
gw_login_hub(struct gw_conn *c, uint16_t type)
{
	if (type == MW_T_REMOTE_HUB_REQUEST)
		gw_send_empty(c, MW_T_REMOTE_HUB_LIST);
	else if (type == MW_T_LOGOUT)
		gw_conn_close_after(c);
	else
		gw_login_unexpected(c, type);
}
