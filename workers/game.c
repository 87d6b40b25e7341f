/*
 * game.c - the game role's glue: checks what the gateways send and
 * hands it to the game table (gs_table.c) and the result queue
 * (gs_score.c), sends each loop turn's list changes as one MS_GS_LIST
 * to every gateway in flush, snapshots after a restart (ours: once
 * every gateway replayed or GS_RECOVER_MS passed; a gateway's: to it),
 * and forwards the routed ping from rooms and gateways to the store and
 * the answers back.  No MS_GS_LIST leaves while recovering: the
 * snapshot that ends the recovery carries the whole state.
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "config.h"
#include "gs.h"
#include "log.h"
#include "ping.h"
#include "worker.h"

#define GS_RECOVER_MS	300	/* snapshot deadline after start */
#define GS_SWEEP_MS	1000	/* idle games looked for this often */
#define GS_ADMIN_TEXT	8000	/* below the control socket's 8192 */
#define GS_LOG_BURST	10	/* peer complaints logged per second */

struct gs_worker {
	struct gs_tbl		tbl;
	struct gs_results	res;
	uint32_t		ngw;
	int			recovering;
	uint64_t		recover_due;
	uint32_t		done_mask;	/* REPLAY_DONE seen */
	uint32_t		snap_mask;	/* owed a snapshot */
	/* per gateway: first host number after its replay began, 0 none */
	uint64_t		replay_from[MS_CFG_WORKERS_MAX];
	uint64_t		next_sweep;
	struct log_budget	log_budget;
};

static struct gs_worker	gs;

static int	gs_init(const struct ms_config *);
static int	gs_reload(const struct ms_config *);
static void	gs_dispatch(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	gs_peer_restart(struct wrk_link *);
static void	gs_resync(struct wrk_link *);
static int64_t	gs_tick(uint64_t);
static void	gs_flush(void);
static void	gs_admin(uint32_t, int, char **);
static void	gs_shutdown(void);
static int	gs_log_ok(void);
static void	gs_limits_set(const struct ms_config *);
static size_t	gs_room_ids(uint32_t *);
static uint32_t	gs_gw_all(void);
static int	gs_gw_of(struct wrk_link *, uint32_t *);
static void	gs_recover_end(const char *);
static void	gs_on_host(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	gs_on_remove(struct wrk_link *, const void *);
static void	gs_on_score(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	gs_on_replay_begin(struct wrk_link *);
static void	gs_on_replay_done(struct wrk_link *);
static void	gs_on_result_rep(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	gs_gone(void *, uint32_t, uint32_t, uint32_t, const char *);
static void	gs_sink_all(void *, uint16_t, const void *, size_t);
static void	gs_sink_mask(void *, uint16_t, const void *, size_t);
static int	gs_store_send(void *, uint32_t, const struct gs_result *);
static void	gs_reply_send(void *, uint32_t, const struct ms_gs_score_rep *);

const struct wrk_role	wrk_role_game = {
	.name = "game",
	.init = gs_init,
	.reload = gs_reload,
	.dispatch = gs_dispatch,
	.on_peer_restart = gs_peer_restart,
	.on_resync = gs_resync,
	.tick = gs_tick,
	.shutdown = gs_shutdown,
	.flush = gs_flush,
	.admin = gs_admin,
};

/* A misbehaving peer must not flood the log. */
static int
gs_log_ok(void)
{
	return log_budget_ok(&gs.log_budget, GS_LOG_BURST, wrk_now_ms());
}

static void
gs_limits_set(const struct ms_config *cfg)
{
	gs_tbl_config(&gs.tbl, cfg->game_max_games, cfg->game_coalesce_ms,
	    cfg->game_idle_timeout_s);
	gs.res.max = cfg->game_result_queue;
}

/* gs_room_ids - the configured rooms' ids, for a snapshot. */
static size_t
gs_room_ids(uint32_t *ids)
{
	const struct ms_config	*cfg = wrk_cfg();
	size_t			 i;

	for (i = 0; i < cfg->nrooms; i++)
		ids[i] = cfg->rooms[i].id;
	return i;
}

static uint32_t
gs_gw_all(void)
{
	return gs.ngw >= 32 ? UINT32_MAX : (1u << gs.ngw) - 1;
}

static int
gs_init(const struct ms_config *cfg)
{
	if (wrk_ping_init(cfg->ipc_queue_limit) == -1)
		return EX_OSERR;
	if (gs_tbl_init(&gs.tbl, gs_gone, NULL) == -1) {
		log_warn("game table");
		return EX_OSERR;
	}
	gs_results_init(&gs.res, cfg->game_result_queue, gs_store_send,
	    gs_reply_send, NULL);
	gs.ngw = cfg->gateway_workers < MS_CFG_WORKERS_MAX ?
	    cfg->gateway_workers : MS_CFG_WORKERS_MAX;
	gs_limits_set(cfg);
	gs.recovering = 1;
	gs.recover_due = wrk_now_ms() + GS_RECOVER_MS;
	gs.next_sweep = wrk_now_ms() + GS_SWEEP_MS;
	wrk_wakeup_in(GS_RECOVER_MS);
	return 0;
}

/*
 * New limits apply from now on; a room that is gone takes its games.
 * wrk_cfg() is still the old config during the call.
 */
static int
gs_reload(const struct ms_config *cfg)
{
	const struct ms_config	*old = wrk_cfg();
	uint32_t		 i, id;

	gs_limits_set(cfg);
	for (i = 0; i < old->nrooms; i++) {
		id = old->rooms[i].id;
		if (ms_cfg_room_find(cfg, id) == NULL &&
		    gs_tbl_room_gone(&gs.tbl, id) > 0)
			log_info("game: room %u closed: its games deleted",
			    id);
	}
	return 0;
}

static void
gs_shutdown(void)
{
	wrk_ping_fini();
	gs_results_fini(&gs.res);
	gs_tbl_fini(&gs.tbl);
}

static void
gs_dispatch(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	switch (h->type) {
	case MS_LINK_PING:
		wrk_ping_forward(l, h, p, wrk_link_find(MS_ROLE_STORE, 0));
		break;
	case MS_LINK_PONG:
		wrk_ping_reply(l, h, p);
		break;
	case MS_GS_HOST:
		gs_on_host(l, h, p);
		break;
	case MS_GS_REMOVE:
		gs_on_remove(l, p);
		break;
	case MS_GS_SCORE:
		gs_on_score(l, h, p);
		break;
	case MS_GS_REPLAY_BEGIN:
		gs_on_replay_begin(l);
		break;
	case MS_GS_REPLAY_DONE:
		gs_on_replay_done(l);
		break;
	case MS_PST_RESULT_REP:
		gs_on_result_rep(l, h, p);
		break;
	default:
		log_debug("%s from %s not handled", ms_msg_name(h->type),
		    wrk_link_name(l));
	}
}

static int
gs_gw_of(struct wrk_link *l, uint32_t *gw)
{
	if (wrk_link_peer_role(l) != MS_ROLE_GATEWAY ||
	    wrk_link_peer_index(l) >= MS_CFG_WORKERS_MAX) {
		if (gs_log_ok())
			log_warnx("game: gateway message from %s dropped",
			    wrk_link_name(l));
		return -1;
	}
	*gw = wrk_link_peer_index(l);
	return 0;
}

static void
gs_on_host(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	struct ms_gs_host	host;
	const char		*why = NULL;
	uint32_t		gw;

	if (gs_gw_of(l, &gw) == -1)
		return;
	if (h->len < sizeof(host))
		why = "short";
	else {
		memcpy(&host, p, sizeof(host));
		if (host.desc_len > MS_GS_DESC_MAX ||
		    h->len != sizeof(host) + host.desc_len)
			why = "desc_len does not match";
		else if (host.nplayers > MS_GS_PLAYERS_MAX)
			why = "too many players";
		else if (ms_cfg_room_find(wrk_cfg(), host.room_id) == NULL)
			why = "no such room";
	}
	if (why != NULL) {
		if (gs_log_ok())
			log_warnx("game: MS_GS_HOST from %s dropped: %s",
			    wrk_link_name(l), why);
		return;
	}
	(void)gs_tbl_upsert(&gs.tbl, gw, &host, (const uint8_t *)p +
	    sizeof(host), wrk_now_ms());
}

static void
gs_on_remove(struct wrk_link *l, const void *p)
{
	struct ms_gs_remove	r;
	uint32_t		gw;

	if (gs_gw_of(l, &gw) == -1)
		return;
	memcpy(&r, p, sizeof(r));
	(void)gs_tbl_remove(&gs.tbl, gw, r.sid);
}

static void
gs_on_score(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	const struct ms_cfg_room	*room;
	struct ms_gs_score		 s;
	uint32_t			 gw, type = GS_ROOM_UNRANKED;

	if (gs_gw_of(l, &gw) == -1)
		return;
	if (h->len >= sizeof(s)) {
		memcpy(&s, p, sizeof(s));
		if ((room = ms_cfg_room_find(wrk_cfg(), s.host.room_id)) !=
		    NULL)
			type = room->type;
		else
			log_info("game: result of game %u in room %u, no "
			    "longer configured: kept as unranked",
			    s.host.user_id, s.host.room_id);
	}
	gs_results_take(&gs.res, gw, p, h->len, type, wrk_wall_ms());
}

static void
gs_on_replay_begin(struct wrk_link *l)
{
	uint32_t	gw;

	if (gs_gw_of(l, &gw) == 0)
		gs.replay_from[gw] = gs.tbl.hosts + 1;
}

/*
 * A replay names every game the gateway hosts: one of its games not
 * heard of since the BEGIN lost its MS_GS_REMOVE on a broken pipe, and
 * goes.  A gateway that replays after the recovery ended (it came up
 * late, or replayed again) may still show games that went away
 * meanwhile: a snapshot lets it diff.
 */
static void
gs_on_replay_done(struct wrk_link *l)
{
	uint32_t	gw;
	size_t		n;

	if (gs_gw_of(l, &gw) == -1)
		return;
	if (gs.replay_from[gw] != 0 && (n = gs_tbl_gateway_stale(&gs.tbl,
	    gw, gs.replay_from[gw])) > 0)
		log_info("game: %zu games of gateway[%u] not in its replay: "
		    "deleted", n, gw);
	gs.replay_from[gw] = 0;
	if (!gs.recovering) {
		gs.snap_mask |= 1u << gw;
		return;
	}
	gs.done_mask |= 1u << gw;
	if ((gs.done_mask & gs_gw_all()) == gs_gw_all())
		gs_recover_end("every gateway replayed");
}

static void
gs_on_result_rep(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	struct ms_pst_result_rep	rep;

	if (wrk_link_peer_role(l) != MS_ROLE_STORE)
		return;
	memcpy(&rep, p, sizeof(rep));
	if (gs_results_answer(&gs.res, h->reqid, &rep) == -1)
		log_debug("game: answer %08x for no pending result",
		    h->reqid);
}

/* gs_recover_end - the snapshot goes out in this turn's flush. */
static void
gs_recover_end(const char *why)
{
	log_info("game: %zu games rebuilt; sending snapshots (%s)",
	    gs.tbl.n, why);
	gs.recovering = 0;
	gs.snap_mask = gs_gw_all();
}

/*
 * A restarted gateway lost its sessions: their games go, the others
 * hear it, and it gets the whole list.  A restarted store forgot what
 * it had not stored: everything pending goes again, in order.
 */
static void
gs_peer_restart(struct wrk_link *l)
{
	uint32_t	gw;
	size_t		n;

	wrk_ping_link_reset(l);
	if (wrk_link_peer_role(l) == MS_ROLE_STORE) {
		n = gs_results_resend(&gs.res);
		log_info("game: store restarted: %zu results sent again", n);
		return;
	}
	if (wrk_link_peer_role(l) != MS_ROLE_GATEWAY ||
	    (gw = wrk_link_peer_index(l)) >= MS_CFG_WORKERS_MAX)
		return;
	n = gs_tbl_gateway_gone(&gs.tbl, gw);
	gs.replay_from[gw] = 0;
	gs_results_gateway_gone(&gs.res, gw);
	gs.snap_mask |= 1u << gw;
	log_info("game: gateway[%u] restarted: its %zu games deleted", gw, n);
}

static void
gs_resync(struct wrk_link *l)
{
	uint32_t	gw;

	if (wrk_link_peer_role(l) == MS_ROLE_STORE)
		(void)gs_results_resend(&gs.res);
	else if (wrk_link_peer_role(l) == MS_ROLE_GATEWAY &&
	    (gw = wrk_link_peer_index(l)) < MS_CFG_WORKERS_MAX)
		gs.snap_mask |= 1u << gw;
}

static int64_t
gs_tick(uint64_t now)
{
	int64_t	next, b;

	next = wrk_ping_tick(now);
	if (gs.recovering && now >= gs.recover_due)
		gs_recover_end("deadline");
	else if (gs.recovering && (next < 0 ||
	    (int64_t)(gs.recover_due - now) < next))
		next = (int64_t)(gs.recover_due - now);
	if ((b = gs_tbl_release(&gs.tbl, now)) >= 0 && (next < 0 || b < next))
		next = b;
	if (now >= gs.next_sweep) {
		(void)gs_tbl_expire(&gs.tbl, now);
		gs.next_sweep = now + GS_SWEEP_MS;
	}
	b = (int64_t)(gs.next_sweep - now);
	return next < 0 || b < next ? b : next;
}

/* gs_flush - the turn's list changes, then the snapshots owed. */
static void
gs_flush(void)
{
	uint64_t	now = wrk_now_ms();
	int64_t		due;
	uint32_t	mask, ids[MS_CFG_ROOMS_MAX];

	if (gs.recovering)
		gs_tbl_turn_done(&gs.tbl, 0, now);
	else {
		if (!TAILQ_EMPTY(&gs.tbl.turn) || gs.tbl.ndels > 0)
			(void)gs_list_flush(&gs.tbl, wrk_wall_ms(), gs_sink_all,
			    NULL);
		gs_tbl_turn_done(&gs.tbl, 1, now);
		if ((mask = gs.snap_mask) != 0) {
			gs.snap_mask = 0;
			(void)gs_list_snapshot(&gs.tbl, ids, gs_room_ids(ids),
			    wrk_wall_ms(), gs_sink_mask, &mask);
		}
	}
	if ((due = gs_tbl_held_due(&gs.tbl, now)) >= 0)
		wrk_wakeup_in((uint64_t)due);
}

static void
gs_admin(uint32_t reqid, int argc, char **argv)
{
	static char	text[GS_ADMIN_TEXT];

	(void)argv;
	if (argc != 1) {
		wrk_admin_reply(reqid, MS_ADMIN_FAIL, "usage: games");
		return;
	}
	gs_admin_games(&gs.tbl, wrk_wall_ms(), text, sizeof(text));
	wrk_admin_reply(reqid, MS_ADMIN_OK, text);
}

static void
gs_gone(void *arg, uint32_t gw, uint32_t sid, uint32_t user_id,
    const char *text)
{
	struct wrk_link		*l = wrk_link_find(MS_ROLE_GATEWAY, gw);
	struct ms_gs_gone	 g;

	(void)arg;
	if (l == NULL)
		return;
	memset(&g, 0, sizeof(g));
	g.sid = sid;
	g.user_id = user_id;
	(void)snprintf(g.text, sizeof(g.text), "%s", text);
	if (wrk_send(l, MS_GS_GONE, 0, &g, sizeof(g)) == -1 && gs_log_ok())
		log_warnx("game: MS_GS_GONE to %s lost", wrk_link_name(l));
}

/* A gateway whose queue refused its changes gets a snapshot instead. */
static void
gs_sink_all(void *arg, uint16_t type, const void *p, size_t len)
{
	struct wrk_link	*l;
	size_t		 i;

	(void)arg;
	for (i = 0; i < wrk_link_count(); i++) {
		l = wrk_link_at(i);
		if (wrk_link_peer_role(l) != MS_ROLE_GATEWAY || !wrk_link_up(l))
			continue;
		if (wrk_send(l, type, 0, p, len) == -1 &&
		    wrk_link_peer_index(l) < MS_CFG_WORKERS_MAX)
			gs.snap_mask |= 1u << wrk_link_peer_index(l);
	}
}

static void
gs_sink_mask(void *arg, uint16_t type, const void *p, size_t len)
{
	const uint32_t	*mask = arg;
	struct wrk_link	*l;
	uint32_t	 gw;

	for (gw = 0; gw < MS_CFG_WORKERS_MAX; gw++) {
		if ((*mask & (1u << gw)) == 0 ||
		    (l = wrk_link_find(MS_ROLE_GATEWAY, gw)) == NULL)
			continue;
		if (wrk_send(l, type, 0, p, len) == -1)
			gs.snap_mask |= 1u << gw;	/* next turn */
	}
}

static int
gs_store_send(void *arg, uint32_t reqid, const struct gs_result *r)
{
	struct wrk_link	*l = wrk_link_find(MS_ROLE_STORE, 0);

	(void)arg;
	if (l == NULL)
		return -1;
	return wrk_send(l, MS_PST_RESULT, reqid, r, sizeof(*r));
}

static void
gs_reply_send(void *arg, uint32_t gw, const struct ms_gs_score_rep *rep)
{
	struct wrk_link	*l = wrk_link_find(MS_ROLE_GATEWAY, gw);

	(void)arg;
	if (l == NULL || wrk_send(l, MS_GS_SCORE_REP, 0, rep,
	    sizeof(*rep)) == -1)
		log_warnx("game: score answer to gateway[%u] lost", gw);
}
