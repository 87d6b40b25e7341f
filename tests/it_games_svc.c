/*
 * it_games_svc.c - player services (README 12): player info (121 ->
 * 17), player search (117 -> 14), buddies (120 -> 19 and a blue line
 * to the buddy, 118 -> 15 + 19, a 19 when a buddy comes or goes),
 * orders made with mythmetactl (119 -> 16), game search (116 -> 13,
 * at most game.search_results, always answered).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it_games.h"

#define SEARCH_MAX	5	/* game.search_results, the default */
#define HUNT_N		7	/* games matching the search, > SEARCH_MAX */
#define BUDDY_ONLINE	2	/* README 7.7 buddy_entry.active */
#define BUDDY_OFFLINE	3

struct counter_want {
	size_t		 off;		/* of the counter in struct itg_rec */
	unsigned	 n;
};

#define REC_COUNTER(field)	offsetof(struct itg_rec, field)

static int
cp_counter(const struct itp_client *c, const void *arg)
{
	const struct counter_want	*w = arg;
	const struct itg_rec		*r;

	r = itg_rec((struct itp_client *)c);
	return *(const unsigned *)(const void *)((const char *)r + w->off) >=
	    w->n;
}

/* answer - wait for the counter at off to pass its present value */
static void
answer(struct itp_client *c, size_t off, unsigned before, const char *what)
{
	struct counter_want	w = { off, before + 1 };

	EXPECT(itp_wait_one(c, cp_counter, &w, SEE_MS), "%s (%s): got no %s, "
	    "want one", c->nick, dname(c->dialect), what);
}

/*
 * t_player_info - 121 about an account in another room: 17 with its
 * login name (or, as GoS sends it, its id in decimal).
 */
void
t_player_info(void **state)
{
	struct itp_client	*x, *y;
	const struct itg_rec	*r;
	char			 id[16];

	(void)state;
	x = player(MYTH, "maple", "Maple", r_side);
	y = guest(A1, "Curious", r_main);
	need_in_room(x);
	need_in_room(y);
	r = itg_rec(y);
	EXPECT(flush(y, mcl_player_info_query(y->s, itp_uid(x))) == 0,
	    "could not send 121");
	answer(y, REC_COUNTER(n17), 0, "17 (player_info)");
	snprintf(id, sizeof(id), "%u", itp_uid(x));
	EXPECT(strcmp(r->info_login, "maple") == 0 ||
	    strcmp(r->info_login, id) == 0, "%s: 17 about maple has login "
	    "\"%s\", want \"maple\" or \"%s\"", y->nick, r->info_login, id);
	EXPECT(r->info_ranked.games_played == 0, "%s: maple has %d ranked "
	    "games, want 0", y->nick, r->info_ranked.games_played);
	need_connected(&y, 1);
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

/*
 * t_player_search - 117 with a part of a nick, in another case: 14 has
 * the player, in its room.
 */
void
t_player_search(void **state)
{
	struct itp_client	*x, *y;
	const struct itg_found	*f;
	char			 part[MW_NICK_MAX + 1];

	(void)state;
	x = guest(MYTH, "SeekMeZq", r_side);
	y = guest(A1, "Seeker", r_main);
	need_in_room(x);
	need_in_room(y);
	snprintf(part, sizeof(part), "%s", x->nick + 4);
	lower(part);
	EXPECT(flush(y, mcl_player_search(y->s, part)) == 0,
	    "could not send 117");
	answer(y, REC_COUNTER(n14), 0, "14 (player_search_list)");
	f = itg_found(y, (int32_t)itp_uid(x));
	EXPECT(f != NULL, "%s: searching \"%s\" found %zu players, not %s "
	    "(%u)", y->nick, part, itg_rec(y)->nfound, x->nick, itp_uid(x));
	EXPECT(f->room_id == ROOM_ID_SIDE, "%s: %s found in room %d, want %d",
	    y->nick, x->nick, f->room_id, ROOM_ID_SIDE);
	EXPECT(strcmp(f->name, x->nick) == 0, "%s: found nick \"%s\", want "
	    "\"%s\"", y->nick, f->name, x->nick);
}

static int
cp_buddy(const struct itp_client *c, const void *arg)
{
	const int	*want = arg;	/* id, state */

	return itg_buddy_state(c, (uint32_t)want[0]) == want[1];
}

static void
need_buddy(struct itp_client *c, uint32_t id, int st, const char *when)
{
	int	want[2] = { (int)id, st };

	EXPECT(itp_wait_one(c, cp_buddy, want, SEE_MS), "%s: %s: buddy %u "
	    "has state %d in the last 19 (%u received), want %d", c->nick,
	    when, id, itg_buddy_state(c, id), itg_rec(c)->n19, st);
}

/*
 * t_buddies - nettle adds oak (online, in another room): nettle gets a
 * 19 with oak online, oak a blue line; 118 lists oak (15) with its
 * room; oak leaves: a 19 with oak offline; oak is back: online again.
 */
void
t_buddies(void **state)
{
	struct itp_client	*x, *y;
	const struct itg_found	*f;
	struct itg_want		 w = { NULL, 0, 0, 0, "", 0 };
	uint32_t		 yid;
	unsigned		 n15;

	(void)state;
	x = player(MYTH, "nettle", "Nettle", r_main);
	y = player(A1, "oak", "Oak", r_side);
	need_in_room(x);
	need_in_room(y);
	yid = itp_uid(y);
	itp_settle(100);
	w.n = itg_rec(y)->nblue + 1;
	EXPECT(flush(x, mcl_update_buddy(x->s, (int32_t)yid, 1)) == 0,
	    "could not send 120");
	need_buddy(x, yid, BUDDY_ONLINE, "after 120 add");
	EXPECT(itp_wait_one(y, cp_blue, &w, SEE_MS), "%s: no blue line when "
	    "nettle added it as a buddy, want one", y->nick);
	n15 = itg_rec(x)->n15;
	EXPECT(flush(x, mcl_buddy_query(x->s)) == 0, "could not send 118");
	answer(x, REC_COUNTER(n15), n15, "15 (buddy_list)");
	f = itg_found(x, (int32_t)yid);
	EXPECT(f != NULL && f->room_id == ROOM_ID_SIDE, "%s: 15 lists oak "
	    "%s (room %d), want it in room %d", x->nick, f ? "" : "not at all",
	    f ? f->room_id : -1, ROOM_ID_SIDE);
	itp_drop(y, 1);
	need_buddy(x, yid, BUDDY_OFFLINE, "oak logged out");
	y = player(A1, "oak", "Oak", r_side);
	need_in_room(y);
	need_buddy(x, yid, BUDDY_ONLINE, "oak came back");
	need_connected(&x, 1);
}

static int
member_of(const struct itp_client *c, uint32_t id)
{
	const struct itg_rec	*r = itg_rec((struct itp_client *)c);
	size_t			 i;

	for (i = 0; i < r->nmembers; i++)
		if (r->members[i].player_id == id)
			return 1;
	return 0;
}

/* t_order - an order of pine and quince: pine's 119 lists quince (16) */
void
t_order(void **state)
{
	struct itp_client	*x, *y;
	char			 out[ITP_OUT_MAX], order[24];
	int			 rc;

	(void)state;
	uniq(order, sizeof(order), "Wolves");
	rc = itp_ctl(out, sizeof(out), "order", "create", order, NULL);
	EXPECT(rc == 0, "order create %s: exit %d (%s)", order, rc, out);
	rc = itp_ctl(out, sizeof(out), "order", "add", order, "pine", NULL);
	EXPECT(rc == 0, "order add %s pine: exit %d (%s)", order, rc, out);
	rc = itp_ctl(out, sizeof(out), "order", "add", order, "quince",
	    NULL);
	EXPECT(rc == 0, "order add %s quince: exit %d (%s)", order, rc, out);
	rc = itp_ctl(out, sizeof(out), "order", "list", NULL);
	EXPECT(rc == 0 && strstr(out, order) != NULL, "order list: exit %d, "
	    "want %s in \"%s\"", rc, order, out);
	x = player(MYTH, "pine", "Pine", r_main);
	y = player(A1, "quince", "Quince", r_side);
	need_in_room(x);
	need_in_room(y);
	EXPECT(flush(x, mcl_order_query(x->s)) == 0, "could not send 119");
	answer(x, REC_COUNTER(n16), 0, "16 (order_list)");
	EXPECT(itg_found(x, (int32_t)itp_uid(y)) != NULL, "%s: 16 has %zu "
	    "members, not quince (%u)", x->nick, itg_rec(x)->nfound,
	    itp_uid(y));
	if (itg_rec(x)->n20 > 0)
		EXPECT(member_of(x, itp_uid(y)), "%s: 20 lacks quince",
		    x->nick);
	need_connected(&x, 1);
}

static void
search(struct itp_client *c, const char *name)
{
	struct mw_game_search_query	q;
	unsigned			n13 = itg_rec(c)->n13;

	memset(&q, 0, sizeof(q));
	q.veterans = q.unit_trading = q.teams = q.alliances =
	    q.enemy_visibility = 2;	/* don't care */
	q.game_name = name;
	q.map_name = "";
	EXPECT(flush(c, mcl_game_search(c->s, &q)) == 0,
	    "could not send 116");
	answer(c, REC_COUNTER(n13), n13, "13 (game_list_pref)");
}

/*
 * t_game_search - HUNT_N games named Hunt<n>..., one other: a search
 * for "Hunt<n>" gets at most SEARCH_MAX of them and nothing else; a
 * search nothing matches is answered, empty.
 */
void
t_game_search(void **state)
{
	struct itp_client	*h[HUNT_N + 1], *s;
	const struct itg_rec	*r;
	char			 tag[16], name[32];
	size_t			 i;

	(void)state;
	uniq(tag, sizeof(tag), "Hunt");
	for (i = 0; i <= HUNT_N; i++) {
		h[i] = guest(i % 2 ? A1 : MYTH, "Prey", i % 2 ? r_side :
		    r_main);
		need_in_room(h[i]);
		snprintf(name, sizeof(name), "%s%s%zu", i < HUNT_N ? tag :
		    "Other", i < HUNT_N ? "x" : tag, i);
		EXPECT(send_game(h[i], name, 1, 600) == 0,
		    "could not send 104");
	}
	s = guest(MYTH, "Hunter", r_main);
	need_in_room(s);
	for (i = 0; i <= HUNT_N; i++)
		need_game(h[i], h[i], 1);
	search(s, tag);
	r = itg_rec(s);
	EXPECT(r->nfound >= 1 && r->nfound <= SEARCH_MAX, "%s: 13 for \"%s\" "
	    "has %zu games, want 1..%d", s->nick, tag, r->nfound, SEARCH_MAX);
	for (i = 0; i < r->nfound; i++)
		EXPECT(strncmp(r->found[i].name, tag, strlen(tag)) == 0,
		    "%s: 13 for \"%s\" has game \"%s\"", s->nick, tag,
		    r->found[i].name);
	search(s, "NothingIsCalledThis");
	EXPECT(r->nfound == 0, "%s: 13 for a name nobody uses has %zu "
	    "games, want 0", s->nick, r->nfound);
	need_connected(&s, 1);
}
