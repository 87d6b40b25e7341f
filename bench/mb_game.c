/*
 * mb_game.c - the game scenario inside a worker process (-G, -g): the
 * hosting users describe a game at t0 and update it at -u per second,
 * paced like the chat; with -S they also cycle 114 start, 111 players,
 * 112 score, wait for their "Game result recorded." line, 104 update.
 * Every 104 carries its send time in the game data's plugin_data
 * (mb_stamp.c), so a room member that receives the change times it; a
 * member remembers the last stamp of each game, because a change that
 * a 114 causes repeats the last description and its old stamp.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "mb.h"
#include "mclient.h"
#include "wire.h"

#define GAME_PORT	6000
#define GAME_LIMIT_S	600
#define RECORDED	"Game result recorded."
#define CYCLE_TICK_S	0.01	/* -S: starts due, answers overdue */
#define CYCLE_TICK_MAX	0.002	/* -S max: starts held by the gap */
#define CYCLE_TIMEOUT	(5 * MB_NS)
#define CYCLE_GAP_NS	2000000ULL	/* a result's key holds the start's
					   millisecond: two starts of one
					   host in one would be one result */

static void	game_cb(struct ev_loop *, ev_timer *, int);
static void	cycle_cb(struct ev_loop *, ev_timer *, int);

static int
in_window(const struct mb_worker *w, uint64_t t)
{
	return t >= w->go.t1 && t <= w->go.t2;
}

int
mb_game_setup(struct mb_worker *w)
{
	uint32_t	i;

	ev_init(&w->game_tick, game_cb);
	w->game_tick.data = w;
	ev_init(&w->cycle_tick, cycle_cb);
	w->cycle_tick.data = w;
	mb_hist_init(&w->res.game);
	mb_hist_init(&w->res.cycle);
	if (mb_opts_games(w->o) == 0)
		return 0;
	if ((w->hosts = calloc(w->n, sizeof(*w->hosts))) == NULL ||
	    (w->seen = calloc((size_t)w->n * MB_SEEN_MAX,
	    sizeof(*w->seen))) == NULL)
		return -1;
	for (i = 0; i < w->n; i++) {
		w->u[i].seen = &w->seen[(size_t)i * MB_SEEN_MAX];
		if (mb_opts_hosts(w->o, w->u[i].id)) {
			w->u[i].hosting = 1;
			w->hosts[w->nhosts++] = i;
		}
	}
	w->game_rate = (double)w->nhosts * w->o->update_rate;
	return 0;
}

void
mb_game_free(struct mb_worker *w)
{
	free(w->hosts);
	free(w->seen);
	w->hosts = NULL;
	w->seen = NULL;
}

/* put_game - queue a 104 stamped now; 0 or -1 (counted) */
static int
put_game(struct mb_user *u, uint64_t now)
{
	struct mw_game_desc	d;
	uint8_t			plugin[MW_PLUGIN_DATA_SIZE];
	char			name[MB_NAME_MAX + 1];

	memset(&d, 0, sizeof(d));
	mb_game_stamp_put(plugin, now);
	snprintf(name, sizeof(name), "mb%u", u->id);
	d.time_limit = u->dialect == MW_DIALECT_MYTH ? GAME_LIMIT_S :
	    GAME_LIMIT_S * 30;
	d.maximum_players = 16;
	d.maximum_teams = 16;
	d.player_count = 1;
	d.plugin_data = plugin;
	d.game_name = name;
	d.map_name = "Bench";
	if (mcl_create_game_desc(u->s, GAME_PORT, 0, &d) == -1) {
		if (errno == ENOBUFS)
			u->w->res.errors[MB_E_SENDBUF]++;
		return -1;
	}
	return 0;
}

/* update - a 104 counted as an update of the window when it is in it */
static int
update(struct mb_user *u)
{
	struct mb_worker	*w = u->w;
	uint64_t		 now = mb_now();

	if (put_game(u, now) == -1)
		return -1;
	if (in_window(w, now)) {
		w->res.game_updates++;
		w->res.game_room_sent[u->room]++;
	}
	return 0;
}

/*
 * start_cycle - 114, 111 with the host alone, 112 with the host first:
 * queued only (this may run inside mclient's callback); the caller
 * sends them.
 */
static int
start_cycle(struct mb_user *u)
{
	struct mw_score_player	p;
	struct mw_game_score	sc;
	struct mb_worker	*w = u->w;
	int32_t			id = (int32_t)u->user_id;

	memset(&sc, 0, sizeof(sc));
	memset(&p, 0, sizeof(p));
	sc.game_id = u->user_id;
	sc.time_limit = GAME_LIMIT_S;
	sc.actual_time_elapsed = 1;
	sc.reporting_player_id = id;
	sc.number_of_players = 1;
	sc.number_of_teams = 1;
	sc.teams[0].team_valid_flag = 1;
	p.player_finished_game_flag = 1;
	p.bungie_net_player_id = id;
	sc.player_v = &p;
	sc.player_n = 1;
	if (mcl_start_game(u->s, GAME_LIMIT_S) == -1 ||
	    mcl_game_players(u->s, u->user_id, &id, 1) == -1 ||
	    mcl_game_score(u->s, &sc) == -1) {
		if (errno == ENOBUFS)
			w->res.errors[MB_E_SENDBUF]++;
		return -1;
	}
	u->t_cycle = mb_now();
	u->cycle = MB_C_WAIT;
	if (in_window(w, u->t_cycle)) {
		w->res.starts++;
		w->res.scores++;
	}
	return 0;
}

/* mb_game_begin - at t0: every host in a room lists its game */
void
mb_game_begin(struct mb_worker *w)
{
	struct mb_user	*u;
	double		 tick;
	uint32_t	 i;

	for (i = 0; i < w->nhosts; i++) {
		u = &w->u[w->hosts[i]];
		if (u->phase != MB_P_IN_ROOM)
			continue;
		w->res.hosts++;
		if (w->o->score_rate != 0)
			u->cycle = MB_C_READY;
		(void)mb_user_queued(u, put_game(u, mb_now()));
	}
	if (w->game_rate > 0) {
		ev_timer_set(&w->game_tick, mb_worker_period(w->game_rate),
		    mb_worker_period(w->game_rate));
		ev_timer_start(w->loop, &w->game_tick);
	}
	if (w->nhosts > 0 && w->o->score_rate != 0) {
		tick = w->o->score_rate == MB_SCORE_MAX ? CYCLE_TICK_MAX :
		    CYCLE_TICK_S;
		ev_timer_set(&w->cycle_tick, tick, tick);
		ev_timer_start(w->loop, &w->cycle_tick);
	}
}

void
mb_game_stop(struct mb_worker *w)
{
	ev_timer_stop(w->loop, &w->game_tick);
	ev_timer_stop(w->loop, &w->cycle_tick);
}

/* next_host - round robin over the hosts in a room */
static struct mb_user *
next_host(struct mb_worker *w)
{
	struct mb_user	*u;
	uint32_t	 i;

	for (i = 0; i < w->nhosts; i++) {
		u = &w->u[w->hosts[w->game_rr]];
		w->game_rr = (w->game_rr + 1) % w->nhosts;
		if (u->phase == MB_P_IN_ROOM)
			return u;
	}
	return NULL;
}

static void
game_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct mb_worker	*w = t->data;
	struct mb_user		*u;
	uint64_t		 n;

	(void)loop;
	(void)revents;
	for (n = mb_worker_due(w, w->game_rate, &w->game_sched,
	    &w->res.game_skipped); n > 0; n--) {
		if ((u = next_host(w)) == NULL)
			return;
		(void)mb_user_queued(u, update(u));
	}
}

/* cycle_due - this host's next cycle may start (max: after a gap) */
static int
cycle_due(const struct mb_user *u, uint64_t now)
{
	double	rate = u->w->o->score_rate;

	if (u->t_cycle == 0)
		return 1;
	if (rate == MB_SCORE_MAX)
		return now >= u->t_cycle + CYCLE_GAP_NS;
	return now >= u->t_cycle + (uint64_t)(1e9 / rate);
}

/* cycle_cb - start the cycles due; give up on answers overdue */
static void
cycle_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct mb_worker	*w = t->data;
	struct mb_user		*u;
	uint64_t		 now = mb_now();
	uint32_t		 i;

	(void)loop;
	(void)revents;
	for (i = 0; i < w->nhosts; i++) {
		u = &w->u[w->hosts[i]];
		if (u->phase != MB_P_IN_ROOM)
			continue;
		if (u->cycle == MB_C_WAIT && now - u->t_cycle > CYCLE_TIMEOUT) {
			if (in_window(w, now))
				w->res.score_timeouts++;
			u->cycle = MB_C_READY;
		}
		if (u->cycle == MB_C_READY && cycle_due(u, now))
			(void)mb_user_queued(u, start_cycle(u));
	}
}

/*
 * mb_game_notice - a blue line: 1 if it is the host's "Game result
 * recorded." (counted; then the cycle's 104, and at -S max the next
 * cycle, queued), 0 for the caller to judge.  Runs inside mclient's
 * callback: it queues, the io watcher sends.
 */
int
mb_game_notice(struct mb_user *u, const char *text)
{
	struct mb_worker	*w = u->w;
	uint64_t		 now;

	if (!u->hosting || strcmp(text, RECORDED) != 0)
		return 0;
	now = mb_now();
	if (in_window(w, now)) {
		w->res.recorded++;
		if (u->cycle == MB_C_WAIT)
			mb_hist_add(&w->res.cycle, now - u->t_cycle);
	}
	if (u->cycle != MB_C_WAIT || !w->sending)
		return 1;
	u->cycle = MB_C_READY;
	(void)update(u);
	if (w->o->score_rate == MB_SCORE_MAX && cycle_due(u, now))
		(void)start_cycle(u);
	return 1;
}

/* mb_game_list - a packet 2: time each entry with a new stamp */
void
mb_game_list(struct mb_user *u, const struct mw_iter *list)
{
	struct mb_worker	*w = u->w;
	struct mw_iter		 it = *list;
	struct mw_game_entry	 e;
	uint64_t		 t, now;

	if (u->seen == NULL || w->go.t1 == 0)
		return;
	now = mb_now();
	while (mw_game_list_next(&it, &e) == 1) {
		if (e.aux.verb == MW_VERB_DELETE ||
		    (t = mb_game_stamp(e.data, e.data_len)) == 0 ||
		    !mb_game_seen(u->seen, &u->seen_next, e.aux.game_id,
		    t))
			continue;
		if (in_window(w, now))
			w->res.game_seen++;
		if (!in_window(w, t))
			continue;
		w->res.game_delivered++;
		mb_hist_add(&w->res.game, now > t ? now - t : 0);
	}
}
