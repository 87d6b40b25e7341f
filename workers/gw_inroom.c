/*
 * gw_inroom.c - what a client in a room may send (README 9.8-9.14):
 * chat (200, 201) within the token bucket of gateway.chat_rate and
 * chat_burst, then relayed whole to the room worker (through gw_chat.c,
 * which keeps it until the worker has handled it); 103 (state only),
 * 107 (mode), 110, 202 and 102.  Game packets go to gw_game.c, player
 * services (README 12) to gw_svc.c.  Other types are skipped, never
 * fatal (README 3).  A refused chat line (over the rate,
 * or the worker's queue full) costs the client a notice, not the
 * connection.
 */
#include <string.h>

#include "gw.h"
#include "log.h"
#include "worker.h"

#define GW_CHAT_SLOW	"You are sending messages too fast; that line " \
			"was not delivered."

static void	gw_inroom_chat(struct gw_conn *, uint16_t, const uint8_t *,
		    size_t);
static int	gw_inroom_chat_check(struct gw_conn *, uint16_t,
		    const uint8_t *, size_t, struct ms_room_chat *);
static void	gw_inroom_slow(struct gw_conn *);
static void	gw_inroom_state(struct gw_conn *, const uint8_t *, size_t);
static void	gw_inroom_mode(struct gw_conn *, const uint8_t *, size_t);

void
gw_inroom_packet(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len)
{
	switch (type) {
	case MW_T_ROOM_BROADCAST:
	case MW_T_DIRECTED_DATA:
		gw_inroom_chat(c, type, p, len);
		break;
	case MW_T_SET_PLAYER_DATA:
		gw_inroom_state(c, p, len);
		break;
	case MW_T_SET_PLAYER_MODE:
		gw_inroom_mode(c, p, len);
		break;
	case MW_T_REQUEST_FULL_UPDATE:
		gw_room_session(c, MS_ROOM_FULL_UPDATE, 0);
		break;
	case MW_T_KEEPALIVE:
		break;		/* the read itself was the proof of life */
	case MW_T_LOGOUT:
		gw_conn_drop(c, GW_DROP_NONE, NULL);
		break;
	case MW_T_CREATE_GAME:
	case MW_T_REMOVE_GAME:
	case MW_T_GAME_PLAYER_LIST:
	case MW_T_GAME_SCORE:
	case MW_T_RESET_GAME:
	case MW_T_START_GAME:
	case MW_T_GAME_SEARCH_QUERY:
		gw_game_packet(c, type, p, len);
		break;
	case MW_T_PLAYER_SEARCH_QUERY:
	case MW_T_BUDDY_QUERY:
	case MW_T_ORDER_QUERY:
	case MW_T_UPDATE_BUDDY:
	case MW_T_PLAYER_INFO_QUERY:
	case MW_T_UPDATE_PLAYER_INFORMATION:
		gw_svc_packet(c, type, p, len);
		break;
	default:
		log_debug("client %u: packet %u (%s) skipped in the room",
		    c->sid, type, mw_type_name(type));
	}
}

void
gw_room_session(struct gw_conn *c, uint32_t verb, uint32_t arg)
{
	struct ms_room_session	s = { c->sid, verb, arg, 0 };
	struct wrk_link		*l;

	if ((l = gw_room_link(c->room_id)) != NULL)
		gw_room_tx(l, MS_ROOM_SESSION, &s, sizeof(s));
}

/* gw_inroom_chat_check - decode enough to know the room can parse it. */
static int
gw_inroom_chat_check(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len, struct ms_room_chat *m)
{
	struct mw_directed_data	dd;
	struct mw_chat		ch;
	int			rc;

	memset(m, 0, sizeof(*m));
	m->sid = c->sid;
	if (type == MW_T_ROOM_BROADCAST) {
		rc = mw_decode_room_broadcast(p, len, &ch);
		m->blob_len = (uint32_t)len;
		return rc;
	}
	if ((rc = mw_decode_directed_data(p, len, &dd)) != MW_OK)
		return rc;
	m->kind = 1;
	m->target = dd.target_player_id;
	m->echo = dd.local_echo != 0;
	m->blob_len = (uint32_t)len - 8;
	return MW_OK;
}

static void
gw_inroom_chat(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len)
{
	const struct ms_config	*cfg = wrk_cfg();
	struct ms_room_chat	 m;
	struct wrk_link		*l;
	int			 rc;

	if (gw_bucket_take(&c->chat, gw_now(), cfg->chat_rate,
	    cfg->chat_burst) == -1) {
		gw_inroom_slow(c);
		return;
	}
	if ((rc = gw_inroom_chat_check(c, type, p, len, &m)) != MW_OK) {
		gw_conn_drop(c, GW_DROP_INPUT, "bad chat packet %u: %s", type,
		    mw_strerror(rc));
		return;
	}
	if ((l = gw_room_link(c->room_id)) != NULL &&
	    gw_chat_send(l, &m, p + (len - m.blob_len)) == -1)
		gw_inroom_slow(c);
}

/* gw_inroom_slow - a line refused: the rate, or too much unhandled. */
static void
gw_inroom_slow(struct gw_conn *c)
{
	gw_stats.chat_refused++;
	gw_send_text(c, MW_T_MESSAGE_OF_THE_DAY, GW_CHAT_SLOW);
}

/* 103 in a room changes the state field only (README 9.9). */
static void
gw_inroom_state(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_player_data	pd;
	int			rc;

	if ((rc = mw_decode_set_player_data(p, len, &pd)) != MW_OK) {
		gw_conn_drop(c, GW_DROP_INPUT, "bad player data: %s",
		    mw_strerror(rc));
		return;
	}
	c->pdata[2] = (uint8_t)((uint16_t)pd.state >> 8);
	c->pdata[3] = (uint8_t)pd.state;
	gw_room_session(c, MS_ROOM_SET_STATE, (uint16_t)pd.state);
}

static void
gw_inroom_mode(struct gw_conn *c, const uint8_t *p, size_t len)
{
	struct mw_set_player_mode	m;
	int				rc;

	rc = mw_decode_set_player_mode(p, len, c->dialect, &m);
	if (rc != MW_OK || m.mode < 0 || m.mode > 2) {
		gw_conn_drop(c, GW_DROP_INPUT, "bad player mode (%s, %d)",
		    mw_strerror(rc), rc == MW_OK ? m.mode : -1);
		return;
	}
	c->mode = (uint16_t)m.mode;
	gw_room_session(c, MS_ROOM_SET_MODE, c->mode);
	if (c->mode == 0 && c->rl_stale) {
		c->rl_stale = 0;
		gw_roomlist_send(c);
	}
}
