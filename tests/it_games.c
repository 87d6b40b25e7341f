/*
 * it_games.c - the games integration tests against the real daemon
 * (started by tests/it_games.sh): the cmocka group and the helpers the
 * scenario files share - players entering rooms with the recorder on,
 * games described and scored, waits on game lists and blue lines, and
 * mythmetactl's results and ratings.  Scenarios: it_games_list.c (the
 * game list), it_games_score.c (results, the worker kill),
 * it_games_svc.c (player services).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it_games.h"

#define GAME_PORT	3453
#define CTL_OUT		16384
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

int	r_main = -1, r_ranked = -1, r_side = -1, r_kill = -1;

const char *
dname(enum mw_dialect d)
{
	return d == MYTH ? "Myth" : "Aleph One";
}

/*
 * enter - a room connection with the recorder on from its first byte
 * (the group setup makes itg_hook() the harness's room hook)
 */
int
enter(struct itp_client *c, int room)
{
	return itp_join(c, room, LOGIN_MS);
}

/*
 * player - itp_new_player() in a room: the login connection is not
 * recorded, the room one is.
 */
struct itp_client *
player(enum mw_dialect d, const char *user, const char *nick, int room)
{
	struct itp_client	*c;

	c = itp_new_player(d, user, nick);
	if (itp_login(c, LOGIN_MS) == 0)
		(void)enter(c, room);
	return c;
}

struct itp_client *
guest(enum mw_dialect d, const char *prefix, int room)
{
	char	nick[MW_NICK_MAX + 1];

	return player(d, NULL, uniq(nick, sizeof(nick), prefix), room);
}

void
need_in_room(const struct itp_client *c)
{
	if (c->in_room && !c->closed && itp_member(c, itp_uid(c)) != NULL)
		return;
	fail_msg("%s (%s): got in_room %d, closed %d (%s); want in the room",
	    c->nick, dname(c->dialect), c->in_room, c->closed, c->reason);
}

/* flush - an mcl_* action's result, then write it out */
int
flush(struct itp_client *c, int rc)
{
	if (rc == -1)
		return -1;
	return itp_flush(c);
}

/*
 * send_game - a 104 whose game data carries the name and, in
 * random_seed, a version number the tests look for.
 */
int
send_game(struct itp_client *c, const char *name, uint32_t seed,
    int32_t limit_s)
{
	struct mw_game_desc	d;

	memset(&d, 0, sizeof(d));
	d.scoring = 0;
	d.time_limit = c->dialect == MYTH ? limit_s : limit_s * 30;
	d.maximum_players = 16;
	d.maximum_teams = 16;
	d.random_seed = seed;
	d.player_count = 1;
	d.game_name = name;
	d.map_name = "Bagrada";
	if (c->s == NULL)
		return -1;
	return flush(c, mcl_create_game_desc(c->s, GAME_PORT, 0, &d));
}

/* ---- predicates on the recorder ---- */

int
cp_game(const struct itp_client *c, const void *arg)
{
	const struct itg_want	*w = arg;
	const struct itg_game	*g = itg_game(c, (int32_t)itp_uid(w->host));

	return g != NULL && g->seed == w->seed;
}

int
cp_no_game(const struct itp_client *c, const void *arg)
{
	const struct itg_want	*w = arg;

	return itg_game(c, (int32_t)itp_uid(w->host)) == NULL;
}

int
cp_blue(const struct itp_client *c, const void *arg)
{
	const struct itg_want	*w = arg;

	return itg_blue_count(c, w->text) >= (w->n ? w->n : 1);
}

int
cp_seconds(const struct itp_client *c, const void *arg)
{
	const struct itg_want	*w = arg;
	const struct itg_game	*g = itg_game(c, (int32_t)itp_uid(w->host));

	return g != NULL && g->seconds >= w->seconds_lo &&
	    g->seconds <= w->seconds_hi;
}

/* need_game - c lists host's game at this version, as the host sent it */
void
need_game(struct itp_client *c, const struct itp_client *host,
    uint32_t seed)
{
	struct itg_want		 w = { host, seed, 0, 0, NULL, 0 };
	const struct itg_game	*g;
	int32_t			 id = (int32_t)itp_uid(host);

	EXPECT(itp_wait_one(c, cp_game, &w, SEE_MS), "%s: game %d (%s host) "
	    "at version %u: got %s (version %u), want it listed", c->nick,
	    id, dname(host->dialect), seed, itg_game(c, id) ? "listed" :
	    "not listed", itg_game(c, id) ? itg_game(c, id)->seed : 0);
	g = itg_game(c, id);
	EXPECT(g->creator == id, "%s: game %d creating_player_id %d, want "
	    "the host's id %d", c->nick, id, g->creator, id);
	EXPECT(g->port == GAME_PORT, "%s: game %d port %u, want %u", c->nick,
	    id, g->port, GAME_PORT);
	EXPECT(g->host == 0x7f000001u, "%s: game %d address %08x, want the "
	    "host's 7f000001", c->nick, id, g->host);
}

void
need_no_game(struct itp_client *c, const struct itp_client *host)
{
	struct itg_want	w = { host, 0, 0, 0, NULL, 0 };

	EXPECT(itp_wait_one(c, cp_no_game, &w, SEE_MS), "%s: %s's game %u "
	    "still listed, want it deleted", c->nick, host->nick,
	    itp_uid(host));
}

/*
 * score - the host's 112: player i of v on team i, placed i (v[0]
 * wins), everyone finished.
 */
int
score(struct itp_client *host, struct itp_client **v, size_t n)
{
	int	team[MW_SCORE_TEAMS], fin[MW_SCORE_TEAMS];
	size_t	i;

	if (n > MW_SCORE_TEAMS)
		return -1;
	for (i = 0; i < n; i++) {
		team[i] = (int)i;
		fin[i] = 1;
	}
	return score_teams(host, v, n, team, team, fin);
}

/*
 * score_teams - the host's 112: player i of v on team team[i] (teams
 * numbered from 0, each used), that team placed place[i], the first
 * player of a team its captain.
 */
int
score_teams(struct itp_client *host, struct itp_client **v, size_t n,
    const int *team, const int *place, const int *finished)
{
	struct mw_score_player	p[MW_SCORE_TEAMS];
	struct mw_game_score	s;
	size_t			i, t;
	int			nteams = 0;

	memset(&s, 0, sizeof(s));
	memset(p, 0, sizeof(p));
	if (n > MW_SCORE_TEAMS || host->s == NULL)
		return -1;
	s.game_id = itp_uid(host);
	s.game_scoring = 0;
	s.time_limit = 600;
	s.actual_time_elapsed = 300;
	s.reporting_player_id = (int32_t)itp_uid(host);
	s.number_of_players = (int16_t)n;
	for (i = n; i-- > 0;) {
		t = (size_t)team[i];
		if (t >= MW_SCORE_TEAMS)
			return -1;
		s.teams[t].place = (int16_t)place[i];
		s.teams[t].captain_player_index = (int16_t)i;
		s.teams[t].team_valid_flag = 1;
		if (team[i] + 1 > nteams)
			nteams = team[i] + 1;
	}
	s.number_of_teams = (int16_t)nteams;
	for (i = 0; i < n; i++) {
		p[i].team_index = (int16_t)team[i];
		p[i].player_finished_game_flag = (int16_t)finished[i];
		p[i].time_played = 300;
		p[i].units_killed = (int32_t)(10 - i);
		p[i].units_lost = (int32_t)i;
		p[i].points_killed = (int32_t)(100 - i);
		p[i].points_lost = (int32_t)(i * 10);
		p[i].bungie_net_player_id = (int32_t)itp_uid(v[i]);
	}
	s.player_v = p;
	s.player_n = n;
	return flush(host, mcl_game_score(host->s, &s));
}

/* ---- mythmetactl ---- */

static size_t
count_lines_with(const char *out, const char *text)
{
	const char	*p = out, *nl;
	size_t		 n = 0;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (memmem(p, (size_t)(nl - p), text, strlen(text)) != NULL)
			n++;
		p = *nl == '\n' ? nl + 1 : nl;
	}
	return n;
}

/*
 * ctl_results - results listing this (unique) game name: `mythmetactl
 * results 100` prints a line per result with its game name; -1 if it
 * cannot be run.
 */
int
ctl_results(const char *game)
{
	static char	out[CTL_OUT];
	int		rc;

	rc = itp_ctl(out, sizeof(out), "results", "100", NULL);
	if (rc != 0) {
		printf("# mythmetactl results: exit %d: %.200s\n", rc, out);
		return -1;
	}
	return (int)count_lines_with(out, game);
}

/* ctl_rating - the number after "rating" in `user info NAME`; -1 none */
int
ctl_rating(const char *user)
{
	char		 out[ITP_OUT_MAX];
	const char	*p;
	int		 rc;

	rc = itp_ctl(out, sizeof(out), "user", "info", user, NULL);
	if (rc != 0) {
		printf("# mythmetactl user info %s: exit %d: %.200s\n", user,
		    rc, out);
		return -1;
	}
	if ((p = strstr(out, "rating")) == NULL)
		return -1;
	p += 6;
	while (*p != '\0' && *p != '\n' && !isdigit((unsigned char)*p))
		p++;
	return isdigit((unsigned char)*p) ? atoi(p) : -1;
}

/* ---- the group ---- */

/*
 * group_setup - r_* in the order of the ROOM_ID_* they stand for; every
 * room session recorded from its first byte
 */
static int
group_setup(void **state)
{
	int *const	rooms[] = { &r_main, &r_ranked, &r_side, &r_kill };

	(void)state;
	itp_room_hook = itg_hook;
	return itp_init_rooms("it_games", rooms, nitems(rooms));
}

static int
group_teardown(void **state)
{
	(void)state;
	itg_rec_free_all();
	itp_fini();
	return 0;
}

/*
 * teardown - every scenario ends with its connections closed, and the
 * server is given a moment to delete their games, so the next scenario
 * starts from empty lists.
 */
static int
teardown(void **state)
{
	(void)state;
	kill_cleanup();
	itp_free_all();
	itg_rec_free_all();
	itp_settle(50);
	return 0;
}

#define T(name, fn, st)	{ name, fn, NULL, teardown, (void *)(st) }

static const enum mw_dialect dialects[] = { MYTH, A1 };

/* a team game, a draw between two, a player leaving before the end */
static const struct rank_case rank_cases[] = {
	{ 4, { "rowan", "sloe", "teak", "umber" }, { 0, 0, 1, 1 },
	    { 0, 0, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, -1, -1 } },
	{ 2, { "vetch", "willow" }, { 0, 1 }, { 0, 0 }, { 1, 1 },
	    { 0, 0 } },
	{ 2, { "yew", "zelkova" }, { 0, 1 }, { 1, 0 }, { 1, 0 },
	    { 1, -1 } },
};

static const struct score_case score_cases[] = {
	{ MYTH, 1, "ash", "beech" },
	{ A1, 1, "cherry", "damson" },
	{ MYTH, 0, "elder", "fig" },
	{ A1, 0, "ginkgo", "holly" },
};

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T("create_update_myth", t_create_update, &dialects[0]),
		T("create_update_alephone", t_create_update, &dialects[1]),
		T("coalesce_burst", t_coalesce, NULL),
		T("start_myth", t_start, &dialects[0]),
		T("start_alephone", t_start, &dialects[1]),
		T("remove_game", t_remove, NULL),
		T("host_disconnect_myth", t_host_disconnect, &dialects[0]),
		T("host_disconnect_alephone", t_host_disconnect,
		    &dialects[1]),
		T("host_changes_room", t_host_changes_room, NULL),
		T("newcomer_gets_list", t_newcomer, NULL),
		T("oversize_myth", t_oversize, &dialects[0]),
		T("oversize_alephone", t_oversize, &dialects[1]),
		T("room_list_game_counts", t_room_counts, NULL),
		T("score_ranked_myth", t_score, &score_cases[0]),
		T("score_ranked_alephone", t_score, &score_cases[1]),
		T("score_unranked_myth", t_score, &score_cases[2]),
		T("score_unranked_alephone", t_score, &score_cases[3]),
		T("ranked_team_game", t_rank, &rank_cases[0]),
		T("ranked_draw", t_rank, &rank_cases[1]),
		T("ranked_player_left_early", t_rank, &rank_cases[2]),
		T("player_info", t_player_info, NULL),
		T("player_search", t_player_search, NULL),
		T("buddies", t_buddies, NULL),
		T("order_query", t_order, NULL),
		T("game_search", t_game_search, NULL),
		T("kill_game_worker", t_kill_game, NULL),
		T("idle_timeout", t_idle_timeout, NULL),
	};

	return itp_run(tests, nitems(tests), group_setup, group_teardown);
}
