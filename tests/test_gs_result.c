/*
 * test_gs_result.c - README 11.1 on score reports that went through the
 * real 112 encoder and decoder: free-for-all, teams and the order inside
 * them, draws, co-op losses and fake co-op teams, dropped players,
 * spectators, unknown and repeated ids, Bungie's 16 fixed records, the
 * idempotent key (pinned: stored keys must never change meaning), and
 * the malformed counts and indexes that refuse a report whole.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gs_result.h"
#include "wire.h"

#define FX_RECS		40

struct fx {
	struct mw_game_desc	desc;
	struct gs_member	mem[GS_PLAYERS_MAX + 1];
	struct gs_game		g;
	struct mw_game_score	in;		/* what the host encodes */
	struct mw_score_player	rec[FX_RECS];
	int			nplayers;	/* -1: number of records */
	uint8_t			pkt[2048];
	struct mw_game_score	s;		/* decoded */
	struct gs_result	r;
};

static struct fx	fx0;

static struct fx *
fx_new(void)
{
	struct fx	*fx = &fx0;

	memset(fx, 0, sizeof(*fx));
	fx->desc.game_name = "Duel";
	fx->desc.map_name = "Forest Heart";
	fx->desc.type = 1;
	fx->desc.scoring = 5;
	fx->desc.time_limit = 900;
	fx->g.room_id = 3;
	fx->g.room_type = 1;
	fx->g.host_id = 100;
	fx->g.game_id = 100;
	fx->g.started_ms = 1000250;
	fx->g.started = 1000;
	fx->g.ended = 1600;
	fx->g.desc = &fx->desc;
	fx->g.members = fx->mem;
	fx->in.game_id = 100;
	fx->in.actual_time_elapsed = 595;
	fx->in.reporting_player_id = 100;
	fx->nplayers = -1;
	return fx;
}

static void
member(struct fx *fx, uint32_t id, const char *nick)
{
	struct gs_member	*m = &fx->mem[fx->g.nmembers++];

	m->id = id;
	snprintf(m->nick, sizeof(m->nick), "%s", nick);
}

/* record - a score record; returns its index. */
static int
record(struct fx *fx, int32_t id, int16_t team, int16_t finished,
    int32_t kills)
{
	struct mw_score_player	*p = &fx->rec[fx->in.player_n];

	memset(p, 0, sizeof(*p));
	p->bungie_net_player_id = id;
	p->team_index = team;
	p->player_finished_game_flag = finished;
	p->units_killed = kills;
	p->units_lost = kills + 1;
	p->points_killed = kills * 10;
	p->points_lost = kills * 10 + 5;
	return (int)fx->in.player_n++;
}

static void
team(struct fx *fx, int t, int16_t place, int16_t captain)
{
	struct mw_score_team	*st = &fx->in.teams[t];

	st->place = place;
	st->captain_player_index = captain;
	st->team_valid_flag = 1;
	if (fx->in.number_of_teams <= t)
		fx->in.number_of_teams = (int16_t)(t + 1);
}

static int
run(struct fx *fx)
{
	size_t	len;

	fx->in.player_v = fx->rec;
	fx->in.number_of_players = (int16_t)(fx->nplayers >= 0 ?
	    fx->nplayers : (int)fx->in.player_n);
	assert_int_equal(mw_encode_game_score(fx->pkt, sizeof(fx->pkt), &len,
	    &fx->in), MW_OK);
	assert_int_equal(mw_decode_game_score(fx->pkt + MW_HEADER_SIZE,
	    len - MW_HEADER_SIZE, &fx->s), MW_OK);
	return gs_result_make(&fx->g, &fx->s, &fx->r);
}

/* in_team - the nicks of team t, in order, joined by spaces. */
static const char *
in_team(const struct gs_result *r, int t)
{
	static char	buf[512];
	size_t		len = 0;
	int		i;

	buf[0] = '\0';
	for (i = 0; i < r->teams[t].count; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    i > 0 ? " " : "", r->players[r->teams[t].first + i].nick);
	return buf;
}

static const struct gs_player *
by_id(const struct gs_result *r, uint32_t id)
{
	int	i;

	for (i = 0; i < r->nplayers; i++)
		if (r->players[i].id == id)
			return &r->players[i];
	fail_msg("player %u not in the result", id);
	return NULL;
}

static void
test_free_for_all(void **state)
{
	struct fx		*fx = fx_new();
	const struct gs_player	*p;

	(void)state;
	member(fx, 100, "Ann");
	member(fx, 101, "Bob");
	member(fx, 102, "Cid");
	team(fx, 0, 2, record(fx, 100, 0, 1, 3));
	team(fx, 1, 0, record(fx, 101, 1, 1, 9));
	team(fx, 2, 1, record(fx, 102, 2, 1, 5));
	assert_int_equal(run(fx), GS_OK);
	assert_int_equal(fx->r.nteams, 3);
	assert_int_equal(fx->r.nplayers, 3);
	assert_string_equal(in_team(&fx->r, 0), "Bob");
	assert_string_equal(in_team(&fx->r, 1), "Cid");
	assert_string_equal(in_team(&fx->r, 2), "Ann");
	assert_int_equal(fx->r.teams[0].place, 1);
	assert_int_equal(fx->r.teams[1].place, 2);
	assert_int_equal(fx->r.teams[2].place, 3);
	assert_int_equal(fx->r.teams[0].tie + fx->r.teams[1].tie +
	    fx->r.teams[2].tie, 0);
	p = by_id(&fx->r, 100);
	assert_int_equal(p->host, 1);
	assert_int_equal(p->captain, 1);
	assert_int_equal(p->team, 2);
	assert_int_equal(p->units_killed, 3);
	assert_int_equal(p->units_lost, 4);
	assert_int_equal(p->damage_given, 30);
	assert_int_equal(p->damage_taken, 35);
	assert_int_equal(by_id(&fx->r, 101)->host, 0);
	assert_string_equal(fx->r.game_name, "Duel");
	assert_string_equal(fx->r.map_name, "Forest Heart");
	assert_int_equal(fx->r.scoring, 5);
	assert_int_equal(fx->r.game_type, 1);
	assert_int_equal(fx->r.time_limit, 900);
	assert_int_equal(fx->r.duration, 595);
	assert_int_equal(fx->r.started, 1000);
	assert_int_equal(fx->r.ended, 1600);
	assert_int_equal(fx->r.coop, 0);
	assert_int_equal(gs_result_ranked(&fx->r), 1);
}

/* Captain first, the rest by nick; membership by the captain's index. */
static void
test_teams(void **state)
{
	struct fx	*fx = fx_new();

	(void)state;
	member(fx, 100, "Ann");
	member(fx, 101, "Bob");
	member(fx, 102, "Cid");
	member(fx, 103, "Zed");
	member(fx, 104, "Amy");
	record(fx, 100, 4, 1, 1);
	record(fx, 101, 7, 1, 1);
	team(fx, 0, 1, record(fx, 102, 4, 1, 1));
	record(fx, 103, 7, 1, 1);
	record(fx, 104, 7, 1, 1);
	team(fx, 1, 0, 1);
	assert_int_equal(run(fx), GS_OK);
	assert_int_equal(fx->r.nteams, 2);
	assert_string_equal(in_team(&fx->r, 0), "Bob Amy Zed");
	assert_string_equal(in_team(&fx->r, 1), "Cid Ann");
	assert_int_equal(fx->r.teams[0].place, 1);
	assert_int_equal(fx->r.teams[1].place, 2);
	assert_int_equal(by_id(&fx->r, 101)->captain, 1);
	assert_int_equal(by_id(&fx->r, 104)->captain, 0);
	assert_int_equal(by_id(&fx->r, 102)->captain, 1);
	assert_int_equal(by_id(&fx->r, 100)->team, 1);
	assert_int_equal(fx->r.teams[1].first, 3);
}

static void
test_draw(void **state)
{
	struct fx	*fx = fx_new();

	(void)state;
	member(fx, 100, "Ann");
	member(fx, 101, "Bob");
	member(fx, 102, "Cid");
	member(fx, 103, "Dan");
	team(fx, 0, 0, record(fx, 100, 0, 1, 1));
	team(fx, 1, 2, record(fx, 101, 1, 1, 1));
	team(fx, 2, 0, record(fx, 102, 2, 1, 1));
	team(fx, 3, 2, record(fx, 103, 3, 1, 1));
	assert_int_equal(run(fx), GS_OK);
	assert_string_equal(in_team(&fx->r, 0), "Ann");
	assert_string_equal(in_team(&fx->r, 1), "Cid");
	assert_int_equal(fx->r.teams[0].place, 1);
	assert_int_equal(fx->r.teams[1].place, 1);
	assert_int_equal(fx->r.teams[0].tie, 1);
	assert_int_equal(fx->r.teams[1].tie, 1);
	assert_int_equal(fx->r.teams[2].place, 3);
	assert_int_equal(fx->r.teams[3].place, 3);
	assert_int_equal(fx->r.teams[2].tie, 1);
	assert_int_equal(fx->r.teams[3].tie, 1);

	fx = fx_new();
	member(fx, 100, "Ann");
	member(fx, 101, "Bob");
	member(fx, 102, "Cid");
	team(fx, 0, 0, record(fx, 100, 0, 1, 1));
	team(fx, 1, 1, record(fx, 101, 1, 1, 1));
	team(fx, 2, 1, record(fx, 102, 2, 1, 1));
	assert_int_equal(run(fx), GS_OK);
	assert_int_equal(fx->r.teams[0].tie, 0);
	assert_int_equal(fx->r.teams[1].tie, 1);
	assert_int_equal(fx->r.teams[2].tie, 1);
}

/* A lost co-op game is place 2; the computer's team has no captain. */
static void
test_coop(void **state)
{
	struct fx	*fx = fx_new();
	int		 ended;

	(void)state;
	for (ended = 0; ended <= 2; ended += 2) {
		fx = fx_new();
		fx->desc.option_flags = GS_OPT_COOP | 0x2;
		fx->in.game_ended_code = (int16_t)ended;
		member(fx, 100, "Ann");
		member(fx, 101, "Bob");
		team(fx, 0, 0, record(fx, 100, 0, 1, 40));
		record(fx, 101, 0, 1, 30);
		team(fx, 1, 1, record(fx, 0, 1, 1, 0));
		team(fx, 2, 1, record(fx, 555, 2, 1, 0));
		assert_int_equal(run(fx), GS_OK);
		assert_int_equal(fx->r.nteams, 1);
		assert_int_equal(fx->r.nplayers, 2);
		assert_string_equal(in_team(&fx->r, 0), "Ann Bob");
		assert_int_equal(fx->r.teams[0].place, ended ? 2 : 1);
		assert_int_equal(fx->r.teams[0].tie, 0);
		assert_int_equal(fx->r.coop, 1);
		assert_int_equal(fx->r.ended_code, ended);
		assert_int_equal(gs_result_ranked(&fx->r), 0);
	}
	/* Not co-op: a non-zero end code leaves places alone. */
	fx = fx_new();
	fx->in.game_ended_code = 2;
	member(fx, 100, "Ann");
	team(fx, 0, 0, record(fx, 100, 0, 1, 40));
	assert_int_equal(run(fx), GS_OK);
	assert_int_equal(fx->r.teams[0].place, 1);
}

static void
test_dropped(void **state)
{
	struct fx	*fx = fx_new();

	(void)state;
	member(fx, 100, "Ann");
	member(fx, 101, "Bob");
	member(fx, 102, "Cid");
	team(fx, 0, 0, record(fx, 100, 0, 1, 5));
	record(fx, 101, 0, 0, 2);
	team(fx, 1, 1, record(fx, 102, 1, 1, 1));
	assert_int_equal(run(fx), GS_OK);
	assert_int_equal(by_id(&fx->r, 100)->dropped, 0);
	assert_int_equal(by_id(&fx->r, 101)->dropped, 1);
	assert_int_equal(by_id(&fx->r, 101)->units_killed, 2);
	assert_int_equal(by_id(&fx->r, 102)->dropped, 0);
}

/* Listed but never placed: one team after all others, no captain. */
static void
test_spectators(void **state)
{
	struct fx		*fx = fx_new();
	const struct gs_team	*t;

	(void)state;
	member(fx, 200, "Eve");
	member(fx, 101, "Bob");
	member(fx, 100, "Ann");
	member(fx, 102, "Cid");
	team(fx, 0, 1, record(fx, 101, 0, 1, 1));
	team(fx, 1, 0, record(fx, 102, 1, 1, 1));
	assert_int_equal(run(fx), GS_OK);
	assert_int_equal(fx->r.nteams, 3);
	t = &fx->r.teams[2];
	assert_int_equal(t->spectators, 1);
	assert_int_equal(t->place, 0);
	assert_int_equal(t->tie, 0);
	assert_string_equal(in_team(&fx->r, 2), "Ann Eve");
	assert_int_equal(by_id(&fx->r, 100)->captain, 0);
	assert_int_equal(by_id(&fx->r, 100)->host, 1);
	assert_int_equal(by_id(&fx->r, 100)->units_killed, 0);
	assert_int_equal(by_id(&fx->r, 200)->captain, 0);
	assert_int_equal(fx->r.teams[0].spectators, 0);
	assert_string_equal(in_team(&fx->r, 0), "Cid");
}

/* The captain's team goes; its listed players end up spectators. */
static void
test_captain_unlisted(void **state)
{
	struct fx	*fx = fx_new();

	(void)state;
	member(fx, 100, "Ann");
	member(fx, 101, "Bob");
	team(fx, 0, 0, record(fx, 300, 0, 1, 1));
	record(fx, 101, 0, 1, 1);
	team(fx, 1, 1, record(fx, 100, 1, 1, 1));
	assert_int_equal(run(fx), GS_OK);
	assert_int_equal(fx->r.nteams, 2);
	assert_string_equal(in_team(&fx->r, 0), "Ann");
	assert_int_equal(fx->r.teams[0].place, 2);
	assert_int_equal(fx->r.teams[1].spectators, 1);
	assert_string_equal(in_team(&fx->r, 1), "Bob");
}

/* Unknown ids vanish; an id listed or recorded twice counts once. */
static void
test_unknown_and_repeated(void **state)
{
	struct fx	*fx = fx_new();

	(void)state;
	member(fx, 100, "Ann");
	member(fx, 101, "Bob");
	member(fx, 100, "Ann again");
	member(fx, 0, "Nobody");
	team(fx, 0, 0, record(fx, 100, 0, 1, 1));
	record(fx, 999, 0, 1, 1);
	record(fx, 100, 0, 1, 7);
	team(fx, 1, 1, record(fx, 101, 1, 1, 1));
	team(fx, 2, 2, 2);		/* same captain again: a duplicate */
	assert_int_equal(run(fx), GS_OK);
	assert_int_equal(fx->r.nteams, 2);
	assert_int_equal(fx->r.nplayers, 2);
	assert_string_equal(in_team(&fx->r, 0), "Ann");
	assert_int_equal(by_id(&fx->r, 100)->units_killed, 1);
	assert_string_equal(in_team(&fx->r, 1), "Bob");
}

/* Bungie's 112 always had 16 records: those past the count are ignored. */
static void
test_fixed_records(void **state)
{
	struct fx	*fx = fx_new();
	int		 i;

	(void)state;
	member(fx, 100, "Ann");
	member(fx, 101, "Bob");
	team(fx, 0, 1, record(fx, 100, 0, 1, 1));
	team(fx, 1, 0, record(fx, 101, 1, 1, 1));
	for (i = 2; i < 16; i++)
		record(fx, 100, 0, 0, 66);
	fx->nplayers = 2;
	fx->in.teams[5].place = 99;	/* invalid team: never looked at */
	fx->in.teams[5].captain_player_index = 99;
	fx->in.teams[12].team_valid_flag = 1;	/* past number_of_teams */
	fx->in.teams[12].captain_player_index = 77;
	assert_int_equal(run(fx), GS_OK);
	assert_int_equal(fx->r.nplayers, 2);
	assert_int_equal(by_id(&fx->r, 100)->units_killed, 1);
	assert_int_equal(by_id(&fx->r, 100)->dropped, 0);
}

static struct fx *
fx_pair(void)
{
	struct fx	*fx = fx_new();

	member(fx, 100, "Ann");
	member(fx, 101, "Bob");
	team(fx, 0, 0, record(fx, 100, 0, 1, 1));
	team(fx, 1, 1, record(fx, 101, 1, 1, 1));
	return fx;
}

static void
test_malformed(void **state)
{
	struct fx	*fx;
	int		 i;

	(void)state;
	fx = fx_pair();
	fx->nplayers = 3;			/* more than the records */
	assert_int_equal(run(fx), GS_E_COUNT);
	fx = fx_pair();
	fx->in.teams[0].team_valid_flag = 0;
	fx->in.teams[1].team_valid_flag = 0;
	assert_int_equal(run(fx), GS_E_EMPTY);	/* nothing placed */
	fx = fx_pair();
	fx->in.teams[1].captain_player_index = 2;
	assert_int_equal(run(fx), GS_E_INDEX);
	fx = fx_pair();
	fx->in.teams[1].captain_player_index = -1;
	assert_int_equal(run(fx), GS_E_INDEX);
	fx = fx_pair();
	fx->in.teams[0].place = GS_TEAMS_MAX;
	assert_int_equal(run(fx), GS_E_INDEX);
	fx = fx_pair();
	fx->in.teams[0].place = -1;
	assert_int_equal(run(fx), GS_E_INDEX);
	fx = fx_pair();
	fx->in.number_of_teams = GS_TEAMS_MAX + 1;
	assert_int_equal(run(fx), GS_E_COUNT);
	fx = fx_pair();
	fx->in.number_of_teams = -1;
	assert_int_equal(run(fx), GS_E_COUNT);
	fx = fx_pair();
	for (i = 2; i <= GS_PLAYERS_MAX; i++)
		record(fx, 1000 + i, 0, 1, 0);
	assert_int_equal(run(fx), GS_E_COUNT);	/* 33 players */
	fx = fx_pair();
	for (i = 2; i <= GS_PLAYERS_MAX; i++)
		member(fx, 1000 + (uint32_t)i, "X");
	assert_int_equal(run(fx), GS_E_COUNT);	/* 33 listed */
	fx = fx_pair();
	fx->g.desc = NULL;
	assert_int_equal(run(fx), GS_E_ARG);
}

/* A negative number_of_players can only come off the wire. */
static void
test_negative_players(void **state)
{
	struct fx	*fx = fx_pair();

	(void)state;
	fx->nplayers = -1;
	assert_int_equal(run(fx), GS_OK);
	fx->s.number_of_players = -1;
	assert_int_equal(gs_result_make(&fx->g, &fx->s, &fx->r), GS_E_COUNT);
}

static void
test_key(void **state)
{
	struct fx	*fx = fx_pair();
	uint64_t	 k = gs_result_key(3, 100, 1000, 100);

	(void)state;
	assert_true(k == 0xc93840f44341d35bULL);
	assert_int_equal(run(fx), GS_OK);
	/* The key takes the start in ms; the result keeps seconds. */
	k = gs_result_key(3, 100, 1000250, 100);
	assert_true(fx->r.key == k);
	assert_int_equal(fx->r.started, 1000);
	assert_true(gs_result_key(4, 100, 1000, 100) != k);
	assert_true(gs_result_key(3, 101, 1000, 100) != k);
	assert_true(gs_result_key(3, 100, 1001, 100) != k);
	assert_true(gs_result_key(3, 100, 1000, 101) != k);
	/* A resent report of the same game: same key. */
	fx->in.actual_time_elapsed = 12;
	fx->g.ended = 9999;
	assert_int_equal(run(fx), GS_OK);
	assert_true(fx->r.key == k);
	/* A second game of the host started within the same second. */
	fx->g.started_ms = 1000900;
	assert_int_equal(run(fx), GS_OK);
	assert_true(fx->r.key != k);
	assert_int_equal(fx->r.started, 1000);
}

static void
test_unranked_room(void **state)
{
	struct fx	*fx = fx_pair();

	(void)state;
	fx->g.room_type = GS_ROOM_UNRANKED;
	assert_int_equal(run(fx), GS_OK);
	assert_int_equal(gs_result_ranked(&fx->r), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_for_all),
		cmocka_unit_test(test_teams),
		cmocka_unit_test(test_draw),
		cmocka_unit_test(test_coop),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_spectators),
		cmocka_unit_test(test_captain_unlisted),
		cmocka_unit_test(test_unknown_and_repeated),
		cmocka_unit_test(test_fixed_records),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_negative_players),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_unranked_room),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
