/*
 * it_games_score.c - results (README 10.4, 11): a host's 112 for its
 * started game is stored once (mythmetactl results), the host is told
 * "Game result recorded.", a resent report is not stored again; ranked
 * rooms move the ratings (mythmetactl user info) and the ranked games
 * count of packet 17, unranked rooms do not.  And the game worker
 * SIGKILLed with games listed and a report in flight: nobody is
 * disconnected, the lists are right again within RECOVER_MS of the
 * kill (changes made meanwhile included, a newcomer gets the whole
 * list) and the result is stored once.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "it_games.h"

#define RECORDED	"Game result recorded."
#define START_RATING	1500
#define PID_MS		5000
#define DUP_MS		500

void
kill_cleanup(void)
{
}

/* start - 111 with the players, 114 for 600 s, and the room sees it */
static void
start(struct itp_client *h, struct itp_client **v, size_t n,
    struct itp_client *m)
{
	struct itg_want	w = { h, 0, 1, 600, NULL, 0 };
	int32_t		ids[MW_SCORE_TEAMS];
	size_t		i;

	for (i = 0; i < n; i++)
		ids[i] = (int32_t)itp_uid(v[i]);
	EXPECT(flush(h, mcl_game_players(h->s, itp_uid(h), ids, n)) == 0,
	    "could not send 111");
	EXPECT(flush(h, mcl_start_game(h->s, 600)) == 0,
	    "could not send 114");
	EXPECT(itp_wait_one(m, cp_seconds, &w, SEE_MS), "%s: %s's game not "
	    "seen started", m->nick, h->nick);
}

static void
need_recorded(struct itp_client *h, size_t n, int ms)
{
	struct itg_want	w = { NULL, 0, 0, 0, RECORDED, n };

	EXPECT(itp_wait_one(h, cp_blue, &w, ms), "%s (%s): got %zu \""
	    RECORDED "\" lines, want %zu", h->nick, dname(h->dialect),
	    itg_blue_count(h, RECORDED), n);
}

static int
cp_info(const struct itp_client *c, const void *arg)
{
	(void)arg;
	return itg_rec((struct itp_client *)c)->n17 > 0;
}

/* ranked_games - packet 17's ranked games count of who, asked by c */
static int
ranked_games(struct itp_client *c, const struct itp_client *who)
{
	EXPECT(flush(c, mcl_player_info_query(c->s, itp_uid(who))) == 0,
	    "could not send 121");
	EXPECT(itp_wait_one(c, cp_info, NULL, SEE_MS), "%s: no 17 about %s, "
	    "want one", c->nick, who->nick);
	return itg_rec(c)->info_ranked.games_played;
}

/*
 * t_score - host and another account play; the host wins.  Ranked:
 * the host's rating rises above 1500, the other's falls, packet 17
 * counts one ranked game.  Unranked: the result is stored, ratings stay.
 * The same report again is not stored twice and not announced twice.
 */
void
t_score(void **state)
{
	const struct score_case	*sc = *state;
	struct itp_client	*h, *o, *v[2];
	int			 room = sc->ranked ? r_ranked : r_main;
	int			 n, rh, ro;
	char			 name[32];

	h = player(sc->dialect, sc->host, sc->host, room);
	o = player(sc->dialect == MYTH ? A1 : MYTH, sc->other, sc->other,
	    room);
	need_in_room(h);
	need_in_room(o);
	v[0] = h;
	v[1] = o;
	EXPECT(send_game(h, uniq(name, sizeof(name), "Score"), 1, 600) == 0,
	    "could not send 104");
	need_game(o, h, 1);
	start(h, v, 2, o);
	EXPECT(score(h, v, 2) == 0, "could not send 112");
	need_recorded(h, 1, SEE_MS);
	n = ctl_results(name);
	EXPECT(n == 1, "mythmetactl results: %d results of game %s, want 1",
	    n, name);
	rh = ctl_rating(sc->host);
	ro = ctl_rating(sc->other);
	if (sc->ranked) {
		EXPECT(rh > START_RATING && ro >= 0 && ro < START_RATING,
		    "ranked: ratings winner %s %d, loser %s %d; want above "
		    "and below %d", sc->host, rh, sc->other, ro,
		    START_RATING);
		n = ranked_games(o, h);
		EXPECT(n == 1, "%s: packet 17 of %s counts %d ranked games, "
		    "want 1", o->nick, h->nick, n);
	} else
		EXPECT((rh == -1 || rh == START_RATING) &&
		    (ro == -1 || ro == START_RATING), "unranked: ratings %s "
		    "%d, %s %d; want unchanged (%d or none)", sc->host, rh,
		    sc->other, ro, START_RATING);
	EXPECT(score(h, v, 2) == 0, "could not send 112");
	itp_settle(DUP_MS);
	EXPECT(itg_blue_count(h, RECORDED) == 1, "%s: %zu \"" RECORDED
	    "\" lines after a resent 112, want 1", h->nick,
	    itg_blue_count(h, RECORDED));
	n = ctl_results(name);
	EXPECT(n == 1, "mythmetactl results: %d results of game %s after a "
	    "resent 112, want 1", n, name);
	need_connected(v, 2);
}

/*
 * t_rank - a ranked game as the case describes it (teams, places, who
 * finished): one result, and each rating up, at 1500 or down.
 */
void
t_rank(void **state)
{
	const struct rank_case	*rc = *state;
	struct itp_client	*v[RANK_N];
	char			 name[32];
	int			 i, r, n;

	for (i = 0; i < rc->n; i++) {
		v[i] = player(i % 2 ? A1 : MYTH, rc->user[i], rc->user[i],
		    r_ranked);
		need_in_room(v[i]);
	}
	EXPECT(send_game(v[0], uniq(name, sizeof(name), "Rank"), 1, 600) ==
	    0, "could not send 104");
	need_game(v[1], v[0], 1);
	start(v[0], v, (size_t)rc->n, v[1]);
	EXPECT(score_teams(v[0], v, (size_t)rc->n, rc->team, rc->place,
	    rc->finished) == 0, "could not send 112");
	need_recorded(v[0], 1, SEE_MS);
	n = ctl_results(name);
	EXPECT(n == 1, "mythmetactl results: %d results of game %s, want 1",
	    n, name);
	for (i = 0; i < rc->n; i++) {
		r = ctl_rating(rc->user[i]);
		EXPECT(rc->want[i] > 0 ? r > START_RATING : rc->want[i] < 0 ?
		    r >= 0 && r < START_RATING : r == START_RATING, "%s "
		    "(team %d, place %d, finished %d): rating %d, want %s "
		    "%d", rc->user[i], rc->team[i], rc->place[i],
		    rc->finished[i], r, rc->want[i] > 0 ? "above" :
		    rc->want[i] < 0 ? "below" : "exactly", START_RATING);
	}
	need_connected(v, (size_t)rc->n);
}

/* ---- the game worker kill ---- */

#define KILL_WATCH	3

struct kill_scene {
	struct itp_client	*a, *b, *c, *p;	/* hosts, a's player */
	struct itp_client	*w[KILL_WATCH];
	char			 name[32];
};

/* right - w lists a (started) and b at version 2, not c */
static int
right(const struct itp_client *w, const struct kill_scene *k)
{
	const struct itg_game	*ga = itg_game(w, (int32_t)itp_uid(k->a));
	const struct itg_game	*gb = itg_game(w, (int32_t)itp_uid(k->b));

	return ga != NULL && ga->seconds > 0 && gb != NULL && gb->seed == 2 &&
	    itg_game(w, (int32_t)itp_uid(k->c)) == NULL;
}

static int
right_c(const struct itp_client *w, const void *arg)
{
	return right(w, arg);
}

static int
all_right(void *arg)
{
	const struct kill_scene	*k = arg;
	size_t			 i;

	for (i = 0; i < KILL_WATCH; i++)
		if (!right(k->w[i], k))
			return 0;
	return 1;
}

static void
kill_setup(struct kill_scene *k)
{
	struct itp_client	*v[2];
	size_t			 i;
	char			 name[32];

	k->a = player(MYTH, "juniper", "Juniper", r_kill);
	k->p = player(A1, "kale", "Kale", r_kill);
	k->b = guest(A1, "Bee", r_kill);
	k->c = guest(MYTH, "Sea", r_kill);
	for (i = 0; i < KILL_WATCH; i++) {
		k->w[i] = guest(i % 2 ? A1 : MYTH, "Watch", r_kill);
		need_in_room(k->w[i]);
	}
	need_in_room(k->a);
	need_in_room(k->p);
	need_in_room(k->b);
	need_in_room(k->c);
	EXPECT(send_game(k->a, uniq(k->name, sizeof(k->name), "Crash"), 1,
	    600) == 0, "could not send 104");
	EXPECT(send_game(k->b, uniq(name, sizeof(name), "Kept"), 1, 600) ==
	    0, "could not send 104");
	EXPECT(send_game(k->c, uniq(name, sizeof(name), "Lost"), 1, 600) ==
	    0, "could not send 104");
	v[0] = k->a;
	v[1] = k->p;
	start(k->a, v, 2, k->w[0]);
	for (i = 0; i < KILL_WATCH; i++) {
		need_game(k->w[i], k->b, 1);
		need_game(k->w[i], k->c, 1);
	}
}

void
t_kill_game(void **state)
{
	struct kill_scene	 k;
	struct itp_client	*v[2], *n, *all[9];
	pid_t			 old, pid;
	uint64_t		 t_kill, t_up, t_ok;
	size_t			 i;
	int			 ok, got;

	(void)state;
	memset(&k, 0, sizeof(k));
	kill_setup(&k);
	v[0] = k.a;
	v[1] = k.p;
	old = itp_worker_pid("game", 0);
	EXPECT(old > 0, "no game worker found");
	EXPECT(score(k.a, v, 2) == 0, "could not send 112");
	t_kill = itp_now_ms();
	EXPECT(kill(old, SIGKILL) == 0, "kill game worker %d failed",
	    (int)old);
	EXPECT(send_game(k.b, "Kept again", 2, 600) == 0,
	    "could not send 104");
	EXPECT(flush(k.c, mcl_remove_game(k.c->s)) == 0,
	    "could not send 105");
	pid = itp_wait_new_pid("game", 0, old, PID_MS);
	EXPECT(pid != -1, "no new game worker within %d ms of killing %d",
	    PID_MS, (int)old);
	t_up = itp_now_ms();
	ok = itp_wait(all_right, &k, RECOVER_MS + SEE_MS);
	t_ok = itp_now_ms();
	printf("# game worker %d -> %d after %llu ms; lists right %llu ms "
	    "after the kill\n", (int)old, (int)pid,
	    (unsigned long long)(t_up - t_kill),
	    (unsigned long long)(t_ok - t_kill));
	for (i = 0; i < KILL_WATCH; i++)
		EXPECT(right(k.w[i], &k), "%s: after the restart a %s, b %s "
		    "(version %u), c %s; want a started, b at version 2, c "
		    "gone", k.w[i]->nick, itg_game(k.w[i],
		    (int32_t)itp_uid(k.a)) ? "listed" : "missing",
		    itg_game(k.w[i], (int32_t)itp_uid(k.b)) ? "listed" :
		    "missing", itg_game(k.w[i], (int32_t)itp_uid(k.b)) ?
		    itg_game(k.w[i], (int32_t)itp_uid(k.b))->seed : 0,
		    itg_game(k.w[i], (int32_t)itp_uid(k.c)) ? "listed" :
		    "gone");
	EXPECT(ok && t_ok - t_kill <= RECOVER_MS, "lists right %llu ms "
	    "after the kill, want within %d ms", (unsigned long long)(t_ok -
	    t_kill), RECOVER_MS);
	need_recorded(k.a, 1, SEE_MS);
	itp_settle(DUP_MS);
	EXPECT(itg_blue_count(k.a, RECORDED) == 1, "%s: %zu \"" RECORDED
	    "\" lines, want 1", k.a->nick, itg_blue_count(k.a, RECORDED));
	got = ctl_results(k.name);
	EXPECT(got == 1, "mythmetactl results: %d results of game %s, want "
	    "1", got, k.name);
	n = guest(A1, "Late", r_kill);
	need_in_room(n);
	EXPECT(itp_wait_one(n, right_c, &k, SEE_MS), "%s: a newcomer's list "
	    "after the restart: a %s, b %s, c %s; want a, b at version 2",
	    n->nick, itg_game(n, (int32_t)itp_uid(k.a)) ? "listed" :
	    "missing", itg_game(n, (int32_t)itp_uid(k.b)) ? "listed" :
	    "missing", itg_game(n, (int32_t)itp_uid(k.c)) ? "listed" : "gone");
	EXPECT(itg_rec(n)->ngames == 2, "%s: %zu games listed, want 2",
	    n->nick, itg_rec(n)->ngames);
	all[0] = k.a;
	all[1] = k.b;
	all[2] = k.c;
	all[3] = k.p;
	all[4] = n;
	for (i = 0; i < KILL_WATCH; i++)
		all[5 + i] = k.w[i];
	need_connected(all, 5 + KILL_WATCH);
	for (i = 0; i < KILL_WATCH; i++)
		EXPECT(itg_rec(k.w[i])->bad_list == 0, "%s: %s",
		    k.w[i]->nick, itg_rec(k.w[i])->bad_why);
}
