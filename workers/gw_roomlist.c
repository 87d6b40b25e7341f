/*
 * gw_roomlist.c - room_list (packet 0, README 7.1 and 8.9): the config's
 * rooms with the player counts the room workers announce
 * (MS_ROOM_COUNTS) and the game counts of the lists the gateway keeps
 * (gw_game_list.c), the host every client should connect to, and bit 2
 * of room_flags for a guest facing a room without guests.  Sent at the
 * end of each login; re-sent to every listening room client when counts
 * change, at most once per gateway.room_list_interval_ms.  Deaf clients
 * are marked stale instead and get it when they listen again.
 */
#include <arpa/inet.h>

#include <string.h>

#include <ev.h>

#include "gw.h"
#include "log.h"
#include "worker.h"

#define GW_RL_NOT_ALLOWED	0x0004

struct gw_count {
	uint32_t	room_id;
	uint16_t	players;
	uint16_t	games;
};

static struct gw_count	counts[MS_CFG_ROOMS_MAX];
static uint32_t		ncounts;
static ev_timer		rl_w;
static uint64_t		last_push_ms;
static int		due;		/* push in the next flush */

static void	gw_roomlist_cb(struct ev_loop *, ev_timer *, int);
static void	gw_roomlist_push(void);
static void	gw_roomlist_count(uint32_t, uint16_t *, uint16_t *);
static uint32_t	gw_roomlist_host(const struct ms_config *);
static size_t	gw_roomlist_build(uint8_t *, size_t, int);

void
gw_roomlist_init(void)
{
	ev_init(&rl_w, gw_roomlist_cb);
}

void
gw_roomlist_fini(void)
{
	ev_timer_stop(EV_DEFAULT, &rl_w);
}

static void
gw_roomlist_count(uint32_t room_id, uint16_t *players, uint16_t *games)
{
	uint32_t	i;

	*players = 0;
	/* The room workers know no games (their count is 0): ours. */
	*games = gw_game_count(room_id);
	for (i = 0; i < ncounts; i++)
		if (counts[i].room_id == room_id) {
			*players = counts[i].players;
			return;
		}
}

/* gw_roomlist_counts - MS_ROOM_COUNTS: n x struct ms_room_count. */
void
gw_roomlist_counts(const uint8_t *p, size_t len)
{
	struct ms_room_count	rc;
	uint32_t		i;
	size_t			off;

	if (len % sizeof(rc) != 0) {
		log_warnx("MS_ROOM_COUNTS of %zu bytes ignored", len);
		return;
	}
	for (off = 0; off < len; off += sizeof(rc)) {
		memcpy(&rc, p + off, sizeof(rc));
		for (i = 0; i < ncounts; i++)
			if (counts[i].room_id == rc.room_id)
				break;
		if (i == ncounts && ncounts == MS_CFG_ROOMS_MAX)
			continue;
		if (i == ncounts)
			ncounts++;
		counts[i].room_id = rc.room_id;
		counts[i].players = rc.players;
		counts[i].games = rc.games;
	}
	gw_roomlist_games();
}

/*
 * gw_roomlist_games - counts changed (players here, games in
 * gw_game_list.c): a push in the flush, or once the interval is over.
 */
void
gw_roomlist_games(void)
{
	if (ev_is_active(&rl_w))
		return;
	if (gw_now() - last_push_ms >= wrk_cfg()->room_list_interval_ms)
		due = 1;
	else {
		ev_timer_set(&rl_w, (double)(wrk_cfg()->room_list_interval_ms -
		    (gw_now() - last_push_ms)) / 1000.0, 0.);
		ev_timer_start(EV_DEFAULT, &rl_w);
	}
}

static void
gw_roomlist_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	due = 1;
}

void
gw_roomlist_flush(void)
{
	if (!due)
		return;
	due = 0;
	last_push_ms = gw_now();
	gw_roomlist_push();
}

/* README 7.1: Aleph One needs a routable host; 0 = the login host. */
static uint32_t
gw_roomlist_host(const struct ms_config *cfg)
{
	const char	*a = cfg->public_address[0] != '\0' ?
	    cfg->public_address : cfg->listen_address;
	struct in_addr	 in;

	if (inet_pton(AF_INET, a, &in) != 1)
		return 0;
	return ntohl(in.s_addr);
}

/* gw_roomlist_build - packet 0 into out; 0 if it does not encode. */
static size_t
gw_roomlist_build(uint8_t *out, size_t cap, int guest)
{
	const struct ms_config	*cfg = wrk_cfg();
	struct mw_room		 r[MS_CFG_ROOMS_MAX];
	uint16_t		 np, ng;
	uint32_t		 i;
	size_t			 n;

	memset(r, 0, sizeof(r));
	for (i = 0; i < cfg->nrooms; i++) {
		gw_roomlist_count(cfg->rooms[i].id, &np, &ng);
		r[i].room_id = (int16_t)cfg->rooms[i].id;
		r[i].player_count = (int16_t)np;
		r[i].host = gw_roomlist_host(cfg);
		r[i].port = (uint16_t)cfg->rooms[i].port;
		r[i].game_count = (int16_t)ng;
		r[i].room_type = (int16_t)cfg->rooms[i].type;
		if (guest && !cfg->rooms[i].guests)
			r[i].room_flags = GW_RL_NOT_ALLOWED;
	}
	if (mw_encode_room_list(out, cap, &n, r, cfg->nrooms) != MW_OK)
		return 0;
	return n;
}

void
gw_roomlist_send(struct gw_conn *c)
{
	uint8_t	buf[GW_PKT_CAP(24 * MS_CFG_ROOMS_MAX)];
	size_t	n;

	n = gw_roomlist_build(buf, sizeof(buf), c->uflags & MS_USER_GUEST);
	if (n > 0)
		gw_send_raw(c, MW_T_ROOM_LIST, buf + MW_HEADER_SIZE,
		    n - MW_HEADER_SIZE);
}

/* Two variants (guest or not), built once, copied to every listener. */
static void
gw_roomlist_push(void)
{
	uint8_t		 pkt[2][GW_PKT_CAP(24 * MS_CFG_ROOMS_MAX)];
	size_t		 n[2];
	struct gw_conn	*c, *tmp;
	uint32_t	 s;
	int		 g;

	n[0] = gw_roomlist_build(pkt[0], sizeof(pkt[0]), 0);
	n[1] = gw_roomlist_build(pkt[1], sizeof(pkt[1]), 1);
	if (n[0] == 0 || n[1] == 0)
		return;
	for (s = 0; s < gw_room_slots(); s++)
		TAILQ_FOREACH_SAFE(c, gw_room_members(s), room_e, tmp) {
			if (c->mode != 0) {
				c->rl_stale = 1;
				continue;
			}
			g = (c->uflags & MS_USER_GUEST) != 0;
			gw_send_raw(c, MW_T_ROOM_LIST, pkt[g] + MW_HEADER_SIZE,
			    n[g] - MW_HEADER_SIZE);
		}
}
