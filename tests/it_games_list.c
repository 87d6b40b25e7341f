/*
 * it_games_list.c - the room's game list (README 9.5, 10): a 104 is an
 * add for everyone in the room, the next ones changes, coalesced within
 * game.coalesce_ms; 114 makes seconds_remaining count; 105, the host
 * leaving or disconnecting delete it; a newcomer (and 110) gets the
 * whole list; oversize descriptions are refused with a blue line and
 * the connection stays; the room list counts games; an idle game goes.
 */
#include <stdio.h>
#include <string.h>

#include "it_games.h"

#define BURST_N		10
#define BURST_GAP_MS	10
#define QUIET_MS	(COALESCE_MS + 150)	/* past the merge window */
#define NEWCOMER_HOSTS	14	/* ~620 bytes each: > one 7996-byte packet */

static struct itp_client *
other_dialect(enum mw_dialect d, const char *prefix, int room)
{
	return guest(d == MYTH ? A1 : MYTH, prefix, room);
}

/* pair - a host of dialect d and a member of the other, both in room */
static void
pair(enum mw_dialect d, int room, struct itp_client **h,
    struct itp_client **m)
{
	*h = guest(d, "Host", room);
	*m = other_dialect(d, "Member", room);
	need_in_room(*h);
	need_in_room(*m);
}

void
t_create_update(void **state)
{
	const enum mw_dialect	*d = *state;
	struct itp_client	*h, *m;
	const struct itg_game	*g;
	int32_t			 id, before;
	char			 name[32];

	pair(*d, r_main, &h, &m);
	id = (int32_t)itp_uid(h);
	EXPECT(send_game(h, uniq(name, sizeof(name), "Create"), 1, 600) == 0,
	    "%s: could not send 104", h->nick);
	need_game(m, h, 1);
	need_game(h, h, 1);
	EXPECT(itg_count(m, id, MW_VERB_ADD, 0) == 1, "%s: got %zu adds of "
	    "game %d, want 1", m->nick, itg_count(m, id, MW_VERB_ADD, 0), id);
	g = itg_game(m, id);
	EXPECT(strcmp(g->name, name) == 0, "%s: game name \"%s\", want "
	    "\"%s\"", m->nick, g->name, name);
	before = *d == MYTH ? 0 : -1;
	EXPECT(g->seconds == before, "%s: seconds_remaining %d before the "
	    "start (%s host), want %d", m->nick, g->seconds, dname(*d),
	    before);
	itp_settle(QUIET_MS);
	EXPECT(send_game(h, name, 2, 600) == 0, "%s: could not send 104",
	    h->nick);
	need_game(m, h, 2);
	EXPECT(itg_count(m, id, MW_VERB_CHANGE, 0) >= 1 &&
	    itg_count(m, id, MW_VERB_ADD, 0) == 1, "%s: the update came as "
	    "%zu adds and %zu changes, want 1 add then a change", m->nick,
	    itg_count(m, id, MW_VERB_ADD, 0),
	    itg_count(m, id, MW_VERB_CHANGE, 0));
	need_connected(&h, 1);
	need_connected(&m, 1);
}

/*
 * t_coalesce - BURST_N updates within about 100 ms after a quiet spell:
 * the first goes out at once, the rest as one change with the last
 * state at the end of the interval.
 */
void
t_coalesce(void **state)
{
	struct itp_client	*h, *m;
	struct itg_want		 w;
	size_t			 from, n;
	int32_t			 id;
	uint32_t		 i;
	char			 name[32];

	(void)state;
	pair(MYTH, r_main, &h, &m);
	id = (int32_t)itp_uid(h);
	uniq(name, sizeof(name), "Burst");
	EXPECT(send_game(h, name, 1, 600) == 0, "could not send 104");
	need_game(m, h, 1);
	itp_settle(QUIET_MS);
	from = itg_rec(m)->nlog;
	for (i = 2; i < 2 + BURST_N; i++) {
		EXPECT(send_game(h, name, i, 600) == 0, "could not send 104");
		itp_settle(BURST_GAP_MS);
	}
	need_game(m, h, 1 + BURST_N);
	itp_settle(QUIET_MS);
	n = itg_count(m, id, MW_VERB_CHANGE, from);
	EXPECT(n >= 1 && n <= 2, "%s: %d updates in %d ms came as %zu "
	    "changes, want 1 or 2", m->nick, BURST_N, BURST_N * BURST_GAP_MS,
	    n);
	w.host = h;
	w.seed = 1 + BURST_N;
	EXPECT(cp_game(m, &w), "%s: last state %u, want %u", m->nick,
	    itg_game(m, id) ? itg_game(m, id)->seed : 0, w.seed);
}

/* start_seen - wait for a change after log index from; its seconds */
static int32_t
start_seen(struct itp_client *m, int32_t id, size_t from)
{
	uint64_t	end = itp_now_ms() + SEE_MS;

	while (itg_count(m, id, MW_VERB_CHANGE, from) == 0 &&
	    itp_now_ms() < end)
		itp_settle(10);
	EXPECT(itg_count(m, id, MW_VERB_CHANGE, from) > 0, "%s: no change "
	    "for game %d after 114, want one", m->nick, id);
	return itg_game(m, id)->seconds;
}

/*
 * t_start - 114 with 300 s: seconds_remaining is about 300 (Myth sends
 * seconds, Aleph One ticks); an untimed start shows -1.
 */
void
t_start(void **state)
{
	const enum mw_dialect	*d = *state;
	struct itp_client	*h, *h2, *m;
	int32_t			 id, s;
	size_t			 from;
	char			 name[32];

	pair(*d, r_main, &h, &m);
	h2 = guest(*d, "Coop", r_main);
	need_in_room(h2);
	EXPECT(send_game(h, uniq(name, sizeof(name), "Timed"), 1, 300) ==
	    0, "could not send 104");
	EXPECT(send_game(h2, uniq(name, sizeof(name), "Untimed"), 1, 0) ==
	    0, "could not send 104");
	need_game(m, h, 1);
	need_game(m, h2, 1);
	id = (int32_t)itp_uid(h);
	from = itg_rec(m)->nlog;
	EXPECT(flush(h, mcl_start_game(h->s, 300)) == 0, "could not send 114");
	s = start_seen(m, id, from);
	EXPECT(s >= 295 && s <= 300, "%s: %s game started for 300 s shows "
	    "seconds_remaining %d, want 295..300", m->nick, dname(*d), s);
	id = (int32_t)itp_uid(h2);
	from = itg_rec(m)->nlog;
	EXPECT(flush(h2, mcl_start_game(h2->s, 0)) == 0,
	    "could not send 114");
	s = start_seen(m, id, from);
	EXPECT(s == -1, "%s: untimed %s game shows seconds_remaining %d, "
	    "want -1", m->nick, dname(*d), s);
	need_connected(&h, 1);
}

void
t_remove(void **state)
{
	struct itp_client	*h, *m;
	int32_t			 id;
	char			 name[32];

	(void)state;
	pair(A1, r_main, &h, &m);
	id = (int32_t)itp_uid(h);
	EXPECT(send_game(h, uniq(name, sizeof(name), "Gone"), 1, 600) == 0,
	    "could not send 104");
	need_game(m, h, 1);
	EXPECT(flush(h, mcl_remove_game(h->s)) == 0, "could not send 105");
	need_no_game(m, h);
	need_no_game(h, h);
	EXPECT(itg_count(m, id, MW_VERB_DELETE, 0) == 1, "%s: %zu deletes "
	    "of game %d, want 1", m->nick,
	    itg_count(m, id, MW_VERB_DELETE, 0), id);
	need_connected(&h, 1);
}

/* t_host_disconnect - dropped without a word, and logged out politely */
void
t_host_disconnect(void **state)
{
	const enum mw_dialect	*d = *state;
	struct itp_client	*h, *h2, *m;
	char			 name[32];

	pair(*d, r_main, &h, &m);
	h2 = guest(*d, "Polite", r_main);
	need_in_room(h2);
	EXPECT(send_game(h, uniq(name, sizeof(name), "Drop"), 1, 600) == 0,
	    "could not send 104");
	EXPECT(send_game(h2, uniq(name, sizeof(name), "Bye"), 1, 600) == 0,
	    "could not send 104");
	need_game(m, h, 1);
	need_game(m, h2, 1);
	itp_drop(h, 0);
	need_no_game(m, h);
	itp_drop(h2, 1);
	need_no_game(m, h2);
	need_connected(&m, 1);
}

/*
 * t_host_changes_room - an account enters another room with its token:
 * its old connection is closed and its game deleted in the old room,
 * and a game it makes there shows in the new room only.
 */
void
t_host_changes_room(void **state)
{
	struct itp_client	*h, *h2, *m, *m2;
	char			 name[32];

	(void)state;
	h = player(MYTH, "ivy", "Ivy", r_main);
	m = guest(A1, "Stays", r_main);
	m2 = guest(MYTH, "Yonder", r_side);
	need_in_room(h);
	need_in_room(m);
	need_in_room(m2);
	EXPECT(send_game(h, uniq(name, sizeof(name), "Move"), 1, 600) == 0,
	    "could not send 104");
	need_game(m, h, 1);
	h2 = itp_clone(h);
	EXPECT(enter(h2, r_side) == 0, "ivy into room %d: got \"%s\", want "
	    "in", ROOM_ID_SIDE, h2->reason);
	need_no_game(m, h);
	EXPECT(itg_game(m2, (int32_t)itp_uid(h)) == NULL, "%s: lists ivy's "
	    "game from the other room", m2->nick);
	EXPECT(send_game(h2, name, 2, 600) == 0, "could not send 104");
	need_game(m2, h2, 2);
	itp_settle(100);
	EXPECT(itg_game(m, (int32_t)itp_uid(h2)) == NULL, "%s: lists ivy's "
	    "game of room %d", m->nick, ROOM_ID_SIDE);
	need_connected(&m, 1);
	need_connected(&h2, 1);
}

/* same_list - n lists exactly the games m lists, nothing else */
static void
same_list(struct itp_client *n, struct itp_client *m)
{
	const struct itg_rec	*rn = itg_rec(n), *rm = itg_rec(m);
	size_t			 i;

	EXPECT(rn->ngames == rm->ngames, "%s lists %zu games, %s %zu; want "
	    "the same", n->nick, rn->ngames, m->nick, rm->ngames);
	for (i = 0; i < rm->ngames; i++) {
		EXPECT(itg_game(n, rm->games[i].game_id) != NULL, "%s lacks "
		    "game %d", n->nick, rm->games[i].game_id);
		EXPECT(itg_game(n, rm->games[i].game_id)->seed ==
		    rm->games[i].seed, "%s: game %d at version %u, want %u",
		    n->nick, rm->games[i].game_id,
		    itg_game(n, rm->games[i].game_id)->seed,
		    rm->games[i].seed);
	}
}

/*
 * t_newcomer - NEWCOMER_HOSTS games, then someone enters: it gets them
 * all as adds after its player list, split into packets under the
 * client limit (a larger one would close the session); 110 sends the
 * whole list again.
 */
void
t_newcomer(void **state)
{
	struct itp_client	*h[NEWCOMER_HOSTS], *m, *n;
	size_t			 i, from;
	int			 i1, i2;
	char			 name[32];

	(void)state;
	m = guest(MYTH, "Old", r_main);
	need_in_room(m);
	for (i = 0; i < NEWCOMER_HOSTS; i++) {
		h[i] = guest(i % 2 ? A1 : MYTH, "Lister", r_main);
		need_in_room(h[i]);
		EXPECT(send_game(h[i], uniq(name, sizeof(name), "Many"),
		    (uint32_t)i + 5, 600) == 0, "could not send 104");
	}
	for (i = 0; i < NEWCOMER_HOSTS; i++)
		need_game(m, h[i], (uint32_t)i + 5);
	n = guest(A1, "New", r_main);
	need_in_room(n);
	for (i = 0; i < NEWCOMER_HOSTS; i++)
		need_game(n, h[i], (uint32_t)i + 5);
	same_list(n, m);
	i1 = itp_seq_index(n, MW_T_PLAYER_LIST);
	i2 = itp_seq_index(n, MW_T_GAME_LIST);
	EXPECT(i1 >= 0 && i2 > i1, "%s: player list at %d, game list at %d; "
	    "want the games after the players", n->nick, i1, i2);
	EXPECT(itg_rec(n)->bad_list == 0, "%s: %s", n->nick,
	    itg_rec(n)->bad_why);
	EXPECT(itg_rec(n)->npackets2 >= 2, "%s: %d games came in %u packet "
	    "2, want them split", n->nick, NEWCOMER_HOSTS,
	    itg_rec(n)->npackets2);
	from = itg_rec(n)->nlog;
	EXPECT(flush(n, mcl_request_full_update(n->s)) == 0,
	    "could not send 110");
	itp_settle(300);
	for (i = 0; i < NEWCOMER_HOSTS; i++)
		EXPECT(itg_count(n, (int32_t)itp_uid(h[i]), MW_VERB_ADD,
		    from) == 1, "%s: after 110, %zu adds of game %u, want 1",
		    n->nick, itg_count(n, (int32_t)itp_uid(h[i]), MW_VERB_ADD,
		    from), itp_uid(h[i]));
	need_connected(&n, 1);
}

/* ---- oversize ---- */

/* raw_104 - port and order (big-endian), then data as given */
static int
raw_104(struct itp_client *c, const uint8_t *data, size_t len)
{
	uint8_t	buf[4 + 2048];

	if (len > sizeof(buf) - 4)
		return -1;
	buf[0] = 3453 >> 8;
	buf[1] = 3453 & 0xff;
	buf[2] = buf[3] = 0;
	memcpy(buf + 4, data, len);
	return flush(c, mcl_send_raw(c->s, MW_T_CREATE_GAME, buf, len + 4));
}

/* game_data - the fixed part, then the two names as given */
static size_t
game_data(uint8_t *out, size_t cap, const char *name, const char *map)
{
	size_t	n = MW_GAME_DATA_FIXED, a = strlen(name), b = strlen(map);

	if (n + a + b + 2 > cap)
		return 0;
	memset(out, 0, n);
	out[19] = 16;			/* maximum_players */
	memcpy(out + n, name, a + 1);
	memcpy(out + n + a + 1, map, b + 1);
	return n + a + b + 2;
}

struct oversize_case {
	const char	*what;
	size_t		 name_len, map_len, pad_to;
};

static const struct oversize_case oversize_cases[] = {
	{ "1100 bytes of game data", 8, 8, 1100 },
	{ "a 32-character game name", 32, 8, 0 },
	{ "a 64-character map name", 8, 64, 0 },
};

/* refused - one more blue line, no game, and chat still works */
static void
refused(struct itp_client *h, struct itp_client *m, const char *what)
{
	struct itg_want	w = { NULL, 0, 0, 0, "", 0 };
	char		line[48];

	w.n = itg_rec(h)->nblue + 1;
	EXPECT(itp_wait_one(h, cp_blue, &w, SEE_MS), "%s (%s): got no blue "
	    "line after 104 with %s, want one", h->nick, dname(h->dialect),
	    what);
	itp_settle(COALESCE_MS);
	EXPECT(itg_game(m, (int32_t)itp_uid(h)) == NULL, "%s: lists the "
	    "game with %s, want it refused", m->nick, what);
	EXPECT(!h->closed, "%s: closed after 104 with %s (%s), want open",
	    h->nick, what, h->reason);
	uniq(line, sizeof(line), "still here ");
	EXPECT(flush(h, mcl_chat(h->s, line)) == 0, "%s: cannot chat",
	    h->nick);
	EXPECT(itp_wait_one(m, itp_cp_line, line, SEE_MS), "%s: no line "
	    "from %s after its refused 104, want it", m->nick, h->nick);
}

void
t_oversize(void **state)
{
	const enum mw_dialect	*d = *state;
	const struct oversize_case *oc;
	struct itp_client	*h, *m;
	uint8_t			 data[2048];
	char			 name[80], map[80];
	size_t			 i, n;

	pair(*d, r_main, &h, &m);
	itp_settle(100);	/* welcome lines are in */
	for (i = 0; i < sizeof(oversize_cases) / sizeof(*oversize_cases);
	    i++) {
		oc = &oversize_cases[i];
		memset(name, 'n', oc->name_len);
		name[oc->name_len] = '\0';
		memset(map, 'm', oc->map_len);
		map[oc->map_len] = '\0';
		n = game_data(data, sizeof(data), name, map);
		if (oc->pad_to > n) {
			memset(data + n, 0, oc->pad_to - n);
			n = oc->pad_to;
		}
		EXPECT(raw_104(h, data, n) == 0, "could not send 104");
		refused(h, m, oc->what);
	}
	EXPECT(send_game(h, uniq(name, sizeof(name), "Fine"), 3, 600) == 0,
	    "could not send 104");
	need_game(m, h, 3);
	need_connected(&h, 1);
}

/* ---- room list ---- */

static int
count_in(const struct mw_room *rooms, size_t n, int16_t id)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (rooms[i].room_id == id)
			return rooms[i].game_count;
	return -1;
}

static int
cp_count(const struct itp_client *c, const void *arg)
{
	const struct itg_rec	*r = itg_rec((struct itp_client *)c);
	const int		*want = arg;

	return count_in(r->rooms, r->nrooms, ROOM_ID_SIDE) == *want;
}

/* login_count - the game count of room 2 in a fresh login's room list */
static int
login_count(void)
{
	struct itp_client	*c;
	char			 nick[MW_NICK_MAX + 1];

	c = itp_new(MYTH, uniq(nick, sizeof(nick), "Counter"), "", nick);
	if (itp_login(c, LOGIN_MS) == -1)
		return -2;
	itp_drop(c, 0);
	return count_in(c->rooms, c->nrooms, ROOM_ID_SIDE);
}

/*
 * t_room_counts - two games in room 2: room lists in rooms and at
 * login count 2, after a 105 they count 1.
 */
void
t_room_counts(void **state)
{
	struct itp_client	*h1, *h2, *m;
	int			 want, got;
	char			 name[32];

	(void)state;
	m = guest(A1, "Census", r_main);
	h1 = guest(MYTH, "Counted", r_side);
	h2 = guest(A1, "Counted", r_side);
	need_in_room(m);
	need_in_room(h1);
	need_in_room(h2);
	EXPECT(send_game(h1, uniq(name, sizeof(name), "Cnt"), 1, 600) == 0,
	    "could not send 104");
	EXPECT(send_game(h2, uniq(name, sizeof(name), "Cnt"), 1, 600) == 0,
	    "could not send 104");
	need_game(h1, h2, 1);
	need_game(h2, h1, 1);
	want = 2;
	EXPECT(itp_wait_one(m, cp_count, &want, SEE_MS), "%s: room %d shows "
	    "%d games in the room list, want 2", m->nick, ROOM_ID_SIDE,
	    count_in(itg_rec(m)->rooms, itg_rec(m)->nrooms, ROOM_ID_SIDE));
	got = login_count();
	EXPECT(got == 2, "a login's room list: room %d has %d games, want 2",
	    ROOM_ID_SIDE, got);
	EXPECT(flush(h1, mcl_remove_game(h1->s)) == 0, "could not send 105");
	want = 1;
	EXPECT(itp_wait_one(m, cp_count, &want, SEE_MS), "%s: room %d shows "
	    "%d games after a 105, want 1", m->nick, ROOM_ID_SIDE,
	    count_in(itg_rec(m)->rooms, itg_rec(m)->nrooms, ROOM_ID_SIDE));
}

/* ---- idle ---- */

/*
 * t_idle_timeout - a game neither started nor updated for
 * game.idle_timeout_s goes (its host is told); a started one stays.
 */
void
t_idle_timeout(void **state)
{
	struct itp_client	*h, *h2, *m;
	struct itg_want		 w = { NULL, 0, 0, 0, "", 0 };
	uint64_t		 t0, dt;
	char			 name[32];

	(void)state;
	m = guest(MYTH, "Patient", r_side);
	h = guest(A1, "Idler", r_side);
	h2 = guest(MYTH, "Runner", r_side);
	need_in_room(m);
	need_in_room(h);
	need_in_room(h2);
	itp_settle(100);
	EXPECT(send_game(h2, uniq(name, sizeof(name), "Run"), 1, 600) == 0,
	    "could not send 104");
	need_game(m, h2, 1);
	EXPECT(flush(h2, mcl_start_game(h2->s, 600)) == 0,
	    "could not send 114");
	t0 = itp_now_ms();
	EXPECT(send_game(h, uniq(name, sizeof(name), "Idle"), 1, 600) == 0,
	    "could not send 104");
	need_game(m, h, 1);
	w.host = h;
	w.n = itg_rec(h)->nblue + 1;
	EXPECT(itp_wait_one(m, cp_no_game, &w, (IDLE_S + 5) * 1000), "%s: "
	    "idle game still listed after %d s, want it gone after %d s",
	    m->nick, IDLE_S + 5, IDLE_S);
	dt = itp_now_ms() - t0;
	printf("# idle game deleted %llu ms after its 104\n",
	    (unsigned long long)dt);
	EXPECT(dt >= IDLE_S * 1000 - 200, "idle game deleted after %llu ms, "
	    "want not before %d s", (unsigned long long)dt, IDLE_S);
	EXPECT(itp_wait_one(h, cp_blue, &w, SEE_MS), "%s: no blue line when "
	    "its game timed out, want one", h->nick);
	EXPECT(itg_game(m, (int32_t)itp_uid(h2)) != NULL, "%s: the started "
	    "game went too, want it kept", m->nick);
	need_connected(&h, 1);
}
