/*
 * gw_room.c - room-port sessions up to the room (README 9.1): 101, the
 * 103 sent right after it (or a minimal player data block after 2 s),
 * the token, MS_PST_CLAIM to the store, MS_ROOM_JOIN to the room worker
 * owning the room, then 9 and 3 (code 8) before anything the room
 * delivers; and the end of a session (LEAVE, RELEASE).  A slot is a
 * room listener, in the order of the config at spawn.  Invariants:
 * c->claimed / c->joined are set when the request goes out and cleared
 * only by a refusal, so the end of a session always undoes what a peer
 * may hold; a slot's member list holds exactly its sessions in the room.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gw.h"
#include "log.h"
#include "worker.h"

static struct gw_conn_list members[MS_CFG_ROOMS_MAX];
static uint32_t		   nmembers[MS_CFG_ROOMS_MAX];
static uint32_t		   slot_ids[MS_CFG_ROOMS_MAX];
static uint32_t		   nslots;
static int		   quiet;	/* stopping: tell the peers nothing */

static void	gw_room_rlogin(struct gw_conn *, uint16_t, const uint8_t *,
		    size_t);
static void	gw_room_await_pdata(struct gw_conn *, uint16_t,
		    const uint8_t *, size_t);
static void	gw_room_hello(struct gw_conn *, const uint8_t *, size_t);
static void	gw_room_pdata(struct gw_conn *, const uint8_t *, size_t);
static void	gw_room_verify(struct gw_conn *);
static int	gw_room_token(struct gw_conn *);
static void	gw_room_claim(struct gw_conn *);
static void	gw_room_join(struct gw_conn *);
static void	gw_room_refuse(struct gw_conn *, int32_t, const char *);
static void	gw_room_enter(struct gw_conn *, uint32_t);
static int	gw_room_type(uint32_t);

void
gw_room_init(const struct ms_config *cfg, uint32_t n)
{
	uint32_t	i;

	nslots = n;
	for (i = 0; i < n; i++) {
		TAILQ_INIT(&members[i]);
		slot_ids[i] = cfg->rooms[i].id;
	}
}

struct gw_conn_list *
gw_room_members(uint32_t slot)
{
	return &members[slot];
}

uint32_t
gw_room_slots(void)
{
	return nslots;
}

uint32_t
gw_room_slot_id(uint32_t slot)
{
	return slot_ids[slot];
}

int
gw_room_slot_of(uint32_t room_id)
{
	uint32_t	i;

	for (i = 0; i < nslots; i++)
		if (slot_ids[i] == room_id)
			return (int)i;
	return -1;
}

/* gw_room_link - the room worker owning room_id in the current config. */
struct wrk_link *
gw_room_link(uint32_t room_id)
{
	const struct ms_config		*cfg = wrk_cfg();
	const struct ms_cfg_room	*r = ms_cfg_room_find(cfg, room_id);

	if (r == NULL)
		return NULL;
	return wrk_link_find(MS_ROLE_ROOM,
	    (uint32_t)(r - cfg->rooms) % cfg->room_workers);
}

/* gw_room_type - 0 unranked, 1 ranked, 2 tournament (config), -1 gone */
static int
gw_room_type(uint32_t room_id)
{
	const struct ms_cfg_room	*r;

	r = ms_cfg_room_find(wrk_cfg(), room_id);
	return r != NULL ? (int)r->type : -1;
}

void
gw_room_packet(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len)
{
	switch (c->state) {
	case GW_S_RLOGIN:
		gw_room_rlogin(c, type, p, len);
		break;
	case GW_S_PDATA:
		gw_room_await_pdata(c, type, p, len);
		break;
	case GW_S_ROOM:
		gw_inroom_packet(c, type, p, len);
		break;
	default:
		log_debug("client %u: packet %u skipped in state %u", c->sid,
		    type, c->state);
	}
}

static void
gw_room_rlogin(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len)
{
	if (type == MW_T_ROOM_LOGIN)
		gw_room_hello(c, p, len);
	else
		gw_conn_drop(c, GW_DROP_INPUT, "packet %u before 101", type);
}

/* Another packet before 103: go on without (README 9.1 step 3). */
static void
gw_room_await_pdata(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len)
{
	if (type == MW_T_SET_PLAYER_DATA) {
		gw_room_pdata(c, p, len);
		return;
	}
	log_debug("client %u: packet %u instead of 103 skipped", c->sid,
	    type);
	gw_room_pdata_timeout(c);
}

static void
gw_room_hello(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_room_login	rl;
	int			rc;

	if ((rc = mw_decode_room_login(p, len, &rl)) != MW_OK) {
		gw_conn_drop(c, GW_DROP_INPUT, "bad room login: %s",
		    mw_strerror(rc));
		return;
	}
	memcpy(c->token, rl.token, sizeof(c->token));
	(void)snprintf(c->username, sizeof(c->username), "%s", rl.name);
	c->state = GW_S_PDATA;
	gw_sweep_short(c, gw_now() + GW_PDATA_WAIT_MS);
}

static void
gw_room_pdata(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_player_data	pd;
	int			rc;

	if ((rc = mw_decode_set_player_data(p, len, &pd)) != MW_OK ||
	    len > sizeof(c->pdata)) {
		gw_conn_drop(c, GW_DROP_INPUT, "bad player data: %s",
		    rc != MW_OK ? mw_strerror(rc) : "too long");
		return;
	}
	memcpy(c->pdata, p, len);
	c->pdata_len = (uint16_t)len;
	gw_sweep_unshort(c);
	gw_room_verify(c);
}

/* No 103 in time (or another packet first): the login name will do. */
void
gw_room_pdata_timeout(struct gw_conn *c)
{
	size_t	n = strlen(c->username);

	gw_sweep_unshort(c);
	memset(c->pdata, 0, sizeof(c->pdata));
	memcpy(c->pdata + MW_PLAYER_DATA_FIXED, c->username, n);
	c->pdata_len = (uint16_t)(MW_PLAYER_DATA_FIXED + n + 2);
	gw_room_verify(c);
}

static void
gw_room_refuse(struct gw_conn *c, int32_t code, const char *text)
{
	gw_stats.room_logins_refused++;
	gw_send_message(c, code, text);
	gw_conn_close_after(c);
}

static int
gw_room_token(struct gw_conn *c)
{
	struct gw_token	t;

	if (gw_token_check(c->token, wrk_secret(), (uint64_t)time(NULL),
	    &t) == -1)
		return -1;
	c->user_id = t.user_id;
	c->uflags = t.flags & (MS_USER_GUEST | MS_USER_ADMIN);
	if (c->dialect == MW_DIALECT_ALEPHONE)
		c->uflags |= MS_USER_ALEPHONE;
	c->order = t.order;
	c->caste = t.caste;
	return 0;
}

static void
gw_room_verify(struct gw_conn *c)
{
	if (gw_room_token(c) == -1) {
		if (gw_log_ok())
			log_info("client %u: room login with a bad or expired "
			    "token", c->sid);
		gw_room_refuse(c, MW_MSG_USER_NOT_LOGGED_IN,
		    "User not logged in.");
		return;
	}
	c->room_id = slot_ids[c->slot];
	if (gw_room_link(c->room_id) == NULL) {
		gw_room_refuse(c, MW_MSG_ROOM_FULL, "This room is closed.");
		return;
	}
	gw_room_claim(c);
}

static void
gw_room_claim(struct gw_conn *c)
{
	struct ms_pst_claim	*m = &c->req.claim;

	memset(m, 0, sizeof(*m));
	m->sid = c->sid;
	m->user_id = c->user_id;
	m->ipv4 = c->ipv4;
	m->room_id = c->room_id;
	m->flags = c->uflags;
	(void)snprintf(m->username, sizeof(m->username), "%s", c->username);
	c->state = GW_S_CLAIM;
	c->claimed = 1;
	if (gw_req_send(c, GW_REQ_CLAIM, wrk_link_find(MS_ROLE_STORE,
	    0)) == -1)
		gw_busy(c);
}

void
gw_room_claim_rep(struct gw_conn *c, const struct ms_pst_claim_rep *r)
{
	char	text[MS_TEXT_MAX];

	if (c->state != GW_S_CLAIM)
		return;
	if (r->code != 0) {
		c->claimed = 0;
		(void)snprintf(text, sizeof(text), "%.*s",
		    (int)sizeof(r->text) - 1, r->text);
		gw_room_refuse(c, r->code, text);
		return;
	}
	gw_room_join(c);
}

static void
gw_room_join(struct gw_conn *c)
{
	struct ms_room_join	*j = &c->req.join;

	memset(j, 0, sizeof(*j));
	j->sid = c->sid;
	j->room_id = c->room_id;
	j->user_id = c->user_id;
	j->flags = c->uflags;
	/* Unranked rooms show no caste (README 11.4); the replay too. */
	if (gw_room_type(c->room_id) == 0)
		c->caste = -1;
	j->caste = c->caste;
	j->order = c->order;
	j->player_data_len = c->pdata_len;
	memcpy(j->player_data, c->pdata, c->pdata_len);
	c->state = GW_S_JOIN;
	c->joined = 1;
	if (gw_req_send(c, GW_REQ_JOIN, gw_room_link(c->room_id)) == -1)
		gw_busy(c);
}

void
gw_room_join_rep(struct gw_conn *c, const struct ms_room_join_rep *r)
{
	if (c->state != GW_S_JOIN)
		return;
	if (r->code != 0) {
		c->joined = 0;
		gw_room_refuse(c, r->code, r->code == MW_MSG_ROOM_FULL ?
		    "The desired room is full!" : "You may not enter this "
		    "room.");
		return;
	}
	gw_room_enter(c, r->max_players);
	gw_conn_resume(c);
}

/* gw_room_enter - 9 then 3 (code 8) first: Aleph One insists. */
static void
gw_room_enter(struct gw_conn *c, uint32_t max_players)
{
	struct mw_room_login_successful	ok;
	uint8_t				*p;
	size_t				 n;

	ok.user_id = c->user_id;
	ok.maximum_players_per_room = (int16_t)(max_players > INT16_MAX ?
	    INT16_MAX : max_players);
	if ((p = gw_pkt_begin(c, 8)) == NULL)
		return;
	if (mw_encode_room_login_successful(p, GW_PKT_CAP(8), &n, &ok) ==
	    MW_OK)
		gw_pkt_end(c, p, n);
	gw_send_message(c, MW_MSG_LOGIN_SUCCESSFUL, "");
	c->state = GW_S_ROOM;
	c->in_room = 1;
	c->fresh = gw_roster_held(c->slot);
	c->last_ka_ms = gw_now();
	gw_bucket_init(&c->chat, gw_now(), wrk_cfg()->chat_burst);
	TAILQ_INSERT_TAIL(&members[c->slot], c, room_e);
	nmembers[c->slot]++;
	gw_stats.room_logins_ok++;
	log_debug("client %u: user %u entered room %u", c->sid, c->user_id,
	    c->room_id);
}

/*
 * gw_room_quiet - the gateway stops (the peers stop after it): sessions
 * end without LEAVE or RELEASE.  nng 1.5 may leak a message handed to
 * it just before its socket is closed, which the stop does at once.
 */
void
gw_room_quiet(void)
{
	quiet = 1;
	gw_game_quiet();
}

/* gw_room_end - the connection is going: undo what the peers hold. */
void
gw_room_end(struct gw_conn *c)
{
	struct ms_room_session	s = { c->sid, MS_ROOM_LEAVE, 0, 0 };
	struct ms_pst_release	r = { c->sid, c->user_id };
	struct wrk_link		*l;

	if (quiet)
		c->joined = c->claimed = 0;
	gw_game_end(c);
	if (c->joined && (l = gw_room_link(c->room_id)) != NULL)
		gw_room_tx(l, MS_ROOM_SESSION, &s, sizeof(s));
	if (c->claimed && (l = wrk_link_find(MS_ROLE_STORE, 0)) != NULL)
		(void)wrk_send(l, MS_PST_RELEASE, 0, &r, sizeof(r));
	c->joined = c->claimed = 0;
	if (!c->in_room)
		return;
	c->in_room = 0;
	TAILQ_REMOVE(&members[c->slot], c, room_e);
	/* Nobody left to show the roster to: it would only go stale. */
	if (--nmembers[c->slot] == 0)
		gw_roster_clear(c->slot);
}

void
gw_room_send_all(uint32_t slot, uint16_t type, const uint8_t *payload,
    size_t len)
{
	struct gw_conn	*c, *tmp;

	TAILQ_FOREACH_SAFE(c, &members[slot], room_e, tmp)
		gw_send_raw(c, type, payload, len);
}
