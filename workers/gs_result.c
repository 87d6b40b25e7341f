/*
 * gs_result.c - the score report of README 11.1 turned into a result.
 * Only the first number_of_players records and number_of_teams team
 * records count; a report whose counts do not fit, or whose valid teams
 * name a place or captain outside them, is refused whole rather than
 * half believed.  Players are matched to the game's player list by id:
 * unknown ids are skipped, a listed id lands on at most one team (the
 * first that claims it), and the listed ids left over are spectators.
 */
#include <stdio.h>
#include <string.h>

#include "gs_result.h"

#define GS_FNV_OFFSET	0xcbf29ce484222325ULL
#define GS_FNV_PRIME	0x100000001b3ULL
#define GS_NONE		(-1)

struct gs_slot {			/* one player of a draft team */
	int8_t	member;			/* index into the player list */
	int8_t	rec;			/* score record, GS_NONE = spectator */
};

struct gs_draft {			/* a team before sorting */
	int16_t		place;
	uint8_t		spectators;
	uint8_t		eliminated;
	uint8_t		n;
	struct gs_slot	p[GS_PLAYERS_MAX];	/* p[0] is the captain */
};

struct gs_work {
	const struct gs_game		*g;
	const struct mw_game_score	*s;
	struct mw_score_player		 rec[GS_PLAYERS_MAX];
	int8_t				 rec_member[GS_PLAYERS_MAX];
	int				 nrec;
	uint8_t				 skip[GS_PLAYERS_MAX];	/* 0 or dup */
	uint8_t				 placed[GS_PLAYERS_MAX];
	struct gs_draft			 draft[GS_TEAMS_MAX + 1];
	int				 ndraft;
};

static uint64_t	gs_fnv(uint64_t, uint64_t, int);
static int	gs_check(const struct gs_game *, const struct mw_game_score *);
static int	gs_member_find(const struct gs_work *, uint32_t);
static void	gs_members(struct gs_work *);
static int	gs_records(struct gs_work *);
static int	gs_teams_check(const struct gs_work *);
static void	gs_slot_add(struct gs_work *, struct gs_draft *, int);
static void	gs_team_add(struct gs_work *, const struct mw_score_team *);
static void	gs_spectators(struct gs_work *);
static int	gs_draft_before(const struct gs_draft *,
		    const struct gs_draft *);
static void	gs_drafts_sort(struct gs_work *);
static int	gs_slot_before(const struct gs_work *, const struct gs_slot *,
		    const struct gs_slot *);
static void	gs_slots_sort(const struct gs_work *, struct gs_draft *);
static void	gs_player_fill(const struct gs_work *, const struct gs_slot *,
		    int, struct gs_player *);
static void	gs_layout(struct gs_work *, struct gs_result *);
static void	gs_ties(struct gs_result *);
static void	gs_header(const struct gs_work *, struct gs_result *);

/* gs_fnv - fold the low n bytes of v into h, least significant first. */
static uint64_t
gs_fnv(uint64_t h, uint64_t v, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= GS_FNV_PRIME;
	}
	return h;
}

/*
 * gs_result_key - FNV-1a 64 over room_id (4 bytes), host_id (4),
 * started (8, in ms) and game_id (4), each little-endian: the same game
 * reported again, by a resent report or a replay after a crash, gets
 * the same key, and two games differ in at least one of these.
 */
uint64_t
gs_result_key(uint32_t room_id, uint32_t host_id, int64_t started,
    uint32_t game_id)
{
	uint64_t	h = GS_FNV_OFFSET;

	h = gs_fnv(h, room_id, 4);
	h = gs_fnv(h, host_id, 4);
	h = gs_fnv(h, (uint64_t)started, 8);
	return gs_fnv(h, game_id, 4);
}

/* Co-op games are played against the computer: nobody to rate against. */
int
gs_result_ranked(const struct gs_result *r)
{
	return r->room_type != GS_ROOM_UNRANKED && !r->coop;
}

static int
gs_check(const struct gs_game *g, const struct mw_game_score *s)
{
	if (g->desc == NULL || (g->nmembers > 0 && g->members == NULL))
		return GS_E_ARG;
	if (g->nmembers > GS_PLAYERS_MAX)
		return GS_E_COUNT;
	if (s->number_of_players < 0 ||
	    s->number_of_players > GS_PLAYERS_MAX ||
	    (size_t)s->number_of_players > s->players.count)
		return GS_E_COUNT;
	if (s->number_of_teams < 0 || s->number_of_teams > GS_TEAMS_MAX)
		return GS_E_COUNT;
	return GS_OK;
}

static int
gs_member_find(const struct gs_work *w, uint32_t id)
{
	size_t	i;

	for (i = 0; i < w->g->nmembers; i++)
		if (!w->skip[i] && w->g->members[i].id == id)
			return (int)i;
	return GS_NONE;
}

/* A list naming someone twice must not make two players of them. */
static void
gs_members(struct gs_work *w)
{
	size_t	i, j;

	for (i = 0; i < w->g->nmembers; i++) {
		w->skip[i] = w->g->members[i].id == 0;
		for (j = 0; j < i && !w->skip[i]; j++)
			w->skip[i] = w->g->members[j].id ==
			    w->g->members[i].id;
	}
}

static int
gs_records(struct gs_work *w)
{
	struct mw_iter	it = w->s->players;
	int		i;

	for (i = 0; i < w->s->number_of_players; i++) {
		if (mw_score_player_next(&it, &w->rec[i]) != 1)
			return GS_E_COUNT;
		w->rec_member[i] = (int8_t)gs_member_find(w,
		    (uint32_t)w->rec[i].bungie_net_player_id);
	}
	w->nrec = i;
	return GS_OK;
}

/* Every valid team is checked before any is believed. */
static int
gs_teams_check(const struct gs_work *w)
{
	const struct mw_score_team	*t;
	int				 i;

	for (i = 0; i < w->s->number_of_teams; i++) {
		t = &w->s->teams[i];
		if (t->team_valid_flag == 0)
			continue;
		if (t->place < 0 || t->place >= GS_TEAMS_MAX ||
		    t->captain_player_index < 0 ||
		    t->captain_player_index >= w->nrec)
			return GS_E_INDEX;
	}
	return GS_OK;
}

/* gs_slot_add - record rec joins d unless unknown or already placed. */
static void
gs_slot_add(struct gs_work *w, struct gs_draft *d, int rec)
{
	int	m = w->rec_member[rec];

	if (m == GS_NONE || w->placed[m])
		return;
	w->placed[m] = 1;
	d->p[d->n].member = (int8_t)m;
	d->p[d->n++].rec = (int8_t)rec;
}

/*
 * gs_team_add - a captain missing from the player list drops the team
 * (co-op games report such fake teams); a captain already on a team
 * means a second record of the same team, dropped too.
 */
static void
gs_team_add(struct gs_work *w, const struct mw_score_team *t)
{
	struct gs_draft	*d = &w->draft[w->ndraft];
	int		 cap = t->captain_player_index, i;

	if (w->rec_member[cap] == GS_NONE || w->placed[w->rec_member[cap]])
		return;
	memset(d, 0, sizeof(*d));
	d->place = t->place + 1;
	if ((w->g->desc->option_flags & GS_OPT_COOP) &&
	    w->s->game_ended_code != 0)
		d->place = 2;
	d->eliminated = t->team_eliminated_flag != 0;
	gs_slot_add(w, d, cap);
	for (i = 0; i < w->nrec; i++)
		if (w->rec[i].team_index == w->rec[cap].team_index)
			gs_slot_add(w, d, i);
	w->ndraft++;
}

static void
gs_spectators(struct gs_work *w)
{
	struct gs_draft	*d = &w->draft[w->ndraft];
	size_t		 i;

	memset(d, 0, sizeof(*d));
	d->spectators = 1;
	for (i = 0; i < w->g->nmembers; i++) {
		if (w->skip[i] || w->placed[i])
			continue;
		d->p[d->n].member = (int8_t)i;
		d->p[d->n++].rec = GS_NONE;
	}
	if (d->n > 0)
		w->ndraft++;
}

static int
gs_draft_before(const struct gs_draft *a, const struct gs_draft *b)
{
	if (a->spectators != b->spectators)
		return b->spectators;
	return a->place < b->place;
}

/* Insertion sort: stable, so equal places keep the report's order. */
static void
gs_drafts_sort(struct gs_work *w)
{
	struct gs_draft	tmp;
	int		i, j;

	for (i = 1; i < w->ndraft; i++) {
		tmp = w->draft[i];
		for (j = i; j > 0 && gs_draft_before(&tmp, &w->draft[j - 1]);
		    j--)
			w->draft[j] = w->draft[j - 1];
		w->draft[j] = tmp;
	}
}

static int
gs_slot_before(const struct gs_work *w, const struct gs_slot *a,
    const struct gs_slot *b)
{
	const struct gs_member	*ma = &w->g->members[a->member];
	const struct gs_member	*mb = &w->g->members[b->member];
	int			 c = strcmp(ma->nick, mb->nick);

	return c != 0 ? c < 0 : ma->id < mb->id;
}

/* Captain first (placed teams), then by nick: README 11.1 item 4. */
static void
gs_slots_sort(const struct gs_work *w, struct gs_draft *d)
{
	struct gs_slot	tmp;
	int		i, j, lo = d->spectators ? 0 : 1;

	for (i = lo + 1; i < d->n; i++) {
		tmp = d->p[i];
		for (j = i; j > lo && gs_slot_before(w, &tmp, &d->p[j - 1]);
		    j--)
			d->p[j] = d->p[j - 1];
		d->p[j] = tmp;
	}
}

static void
gs_player_fill(const struct gs_work *w, const struct gs_slot *sl, int team,
    struct gs_player *p)
{
	const struct gs_member		*m = &w->g->members[sl->member];
	const struct mw_score_player	*rec;

	memset(p, 0, sizeof(*p));
	p->id = m->id;
	memcpy(p->nick, m->nick, sizeof(p->nick));
	p->nick[sizeof(p->nick) - 1] = '\0';
	p->team = (uint8_t)team;
	p->host = m->id == w->g->host_id;
	if (sl->rec == GS_NONE)
		return;
	rec = &w->rec[sl->rec];
	p->dropped = rec->player_finished_game_flag == 0;
	p->units_killed = rec->units_killed;
	p->units_lost = rec->units_lost;
	p->damage_given = rec->points_killed;
	p->damage_taken = rec->points_lost;
}

static void
gs_layout(struct gs_work *w, struct gs_result *r)
{
	struct gs_draft	*d;
	struct gs_team	*t;
	int		 i, j;

	for (i = 0; i < w->ndraft; i++) {
		d = &w->draft[i];
		t = &r->teams[i];
		gs_slots_sort(w, d);
		t->place = d->place;
		t->spectators = d->spectators;
		t->eliminated = d->eliminated;
		t->first = r->nplayers;
		t->count = d->n;
		for (j = 0; j < d->n; j++)
			gs_player_fill(w, &d->p[j], i,
			    &r->players[r->nplayers++]);
		if (!d->spectators)
			r->players[t->first].captain = 1;
	}
	r->nteams = (uint8_t)w->ndraft;
}

static void
gs_ties(struct gs_result *r)
{
	int	i;

	for (i = 1; i < r->nteams; i++) {
		if (r->teams[i].spectators ||
		    r->teams[i].place != r->teams[i - 1].place)
			continue;
		r->teams[i].tie = r->teams[i - 1].tie = 1;
	}
}

static void
gs_header(const struct gs_work *w, struct gs_result *r)
{
	const struct gs_game		*g = w->g;
	const struct mw_game_desc	*d = g->desc;

	r->key = gs_result_key(g->room_id, g->host_id, g->started_ms,
	    g->game_id);
	r->room_id = g->room_id;
	r->room_type = g->room_type;
	r->host_id = g->host_id;
	r->game_id = g->game_id;
	snprintf(r->game_name, sizeof(r->game_name), "%s",
	    d->game_name != NULL ? d->game_name : "");
	snprintf(r->map_name, sizeof(r->map_name), "%s",
	    d->map_name != NULL ? d->map_name : "");
	r->game_type = d->type;
	r->scoring = d->scoring;
	r->option_flags = d->option_flags;
	r->time_limit = d->time_limit;
	r->started = g->started;
	r->ended = g->ended;
	r->ended_code = w->s->game_ended_code;
	r->duration = w->s->actual_time_elapsed;
	r->coop = (d->option_flags & GS_OPT_COOP) != 0;
}

int
gs_result_make(const struct gs_game *g, const struct mw_game_score *s,
    struct gs_result *r)
{
	struct gs_work	w;
	int		i, rv;

	if ((rv = gs_check(g, s)) != GS_OK)
		return rv;
	memset(&w, 0, sizeof(w));
	w.g = g;
	w.s = s;
	gs_members(&w);
	if ((rv = gs_records(&w)) != GS_OK ||
	    (rv = gs_teams_check(&w)) != GS_OK)
		return rv;
	for (i = 0; i < s->number_of_teams; i++)
		if (s->teams[i].team_valid_flag != 0)
			gs_team_add(&w, &s->teams[i]);
	if (w.ndraft == 0)
		return GS_E_EMPTY;
	gs_spectators(&w);
	gs_drafts_sort(&w);
	memset(r, 0, sizeof(*r));
	gs_header(&w, r);
	gs_layout(&w, r);
	gs_ties(r);
	return GS_OK;
}
