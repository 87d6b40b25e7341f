/*
 * it_players.c - the players integration tests against the real daemon
 * (started by tests/it_players.sh): the cmocka group, the helpers the
 * scenario files share, and the login scenarios - both dialects as
 * guest and as account, refused logins (wrong password, unknown user,
 * a guest with an account's name, banned accounts, guests in a room
 * without guests) and a ban that disconnects a player online.  Room
 * scenarios are in it_players_room.c, kill tests in it_players_kill.c.
 */
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "it_players.h"

#define LOGIN_MS	10000
#define CLOSE_MS	3000
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

int	r_main = -1, r_ranked = -1, r_bulk = -1, r_kill = -1;

struct login_case {
	enum mw_dialect	 dialect;
	const char	*user;		/* NULL: guest */
	const char	*nick;
};

struct refused_case {
	enum mw_dialect	 dialect;
	const char	*user;
	const char	*pass;
	int32_t		 code;
};

static const struct login_case login_cases[] = {
	{ MYTH, NULL, "MythGuest" },
	{ MYTH, "alder", "Alder" },
	{ A1, NULL, "AlephGuest" },
	{ A1, "birch", "Birch" },
};

static const struct refused_case refused_cases[] = {
	{ MYTH, "cedar", "wrong-pass", MW_MSG_BAD_USER_OR_PASSWORD },
	{ A1, "cedar", "wrong-pass", MW_MSG_BAD_USER_OR_PASSWORD },
	{ MYTH, "nosuchuser", "whatever", MW_MSG_BAD_USER_OR_PASSWORD },
	{ MYTH, "cedar", "", MW_MSG_GUEST_NAME_TAKEN },
};

/* ---- helpers shared by the scenario files ---- */

static const char *
dialect_name(enum mw_dialect d)
{
	return d == MYTH ? "Myth" : "Aleph One";
}

void
need_in_room(const struct itp_client *c)
{
	if (c->in_room && !c->closed && itp_member(c, itp_uid(c)) != NULL)
		return;
	fail_msg("%s (%s): got in_room %d, closed %d (%s), own entry %s; "
	    "want in the room with its own player-list entry", c->nick,
	    dialect_name(c->dialect), c->in_room, c->closed, c->reason,
	    itp_member(c, itp_uid(c)) != NULL ? "seen" : "missing");
}

/* need_line - text arrived, stamped with the real sender's id and nick */
void
need_line(const struct itp_client *c, const char *text, uint32_t from)
{
	const struct itp_line	*l = itp_line(c, text);
	const struct itp_member	*m = itp_member(c, from);

	EXPECT(l != NULL, "%s: got no line \"%s\", want it", c->nick, text);
	EXPECT(l->player_id == from, "%s: \"%s\" from id %u, want %u",
	    c->nick, text, l->player_id, from);
	EXPECT(m != NULL, "%s: sender %u not in its player list", c->nick,
	    from);
	EXPECT(strcmp(l->sender, m->nick) == 0, "%s: \"%s\" sender name "
	    "\"%s\", want \"%s\"", c->nick, text, l->sender, m->nick);
}

static int
in_set(uint32_t id, struct itp_client **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (v[i]->in_room && !v[i]->closed && itp_uid(v[i]) == id)
			return 1;
	return 0;
}

/* whois - what the harness knows of the client with that nick */
static const char *
whois(const char *nick, struct itp_client **v, size_t n)
{
	static char	buf[96];
	size_t		i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i]->nick, nick) == 0) {
			snprintf(buf, sizeof(buf), "that client: uid %u, "
			    "in_room %d, closed %d", itp_uid(v[i]),
			    v[i]->in_room, v[i]->closed);
			return buf;
		}
	return "no such client in the set";
}

/*
 * roster_check - c's player list holds every open member of v and
 * nobody else but maybe (NULL: nobody); 0 if so, else -1 and why.
 */
int
roster_check(const struct itp_client *c, struct itp_client **v, size_t n,
    const struct itp_client *maybe, char *why, size_t whysize)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (!v[i]->in_room || v[i]->closed ||
		    itp_member(c, itp_uid(v[i])) != NULL)
			continue;
		snprintf(why, whysize, "%s lacks %s (%u) (%zu listed)",
		    c->nick, v[i]->nick, itp_uid(v[i]), c->nroster);
		return -1;
	}
	for (i = 0; i < c->nroster; i++) {
		if (in_set(c->roster[i].id, v, n) ||
		    (maybe != NULL && c->roster[i].id == itp_uid(maybe)))
			continue;
		snprintf(why, whysize, "%s lists %s (%u), who is not there "
		    "(%zu listed, %s)", c->nick, c->roster[i].nick,
		    c->roster[i].id, c->nroster, whois(c->roster[i].nick, v,
		    n));
		return -1;
	}
	return 0;
}

/* ---- login ---- */

static void
check_room_list(const struct itp_client *c)
{
	size_t	i, k;
	int	room;

	EXPECT(c->nrooms == itp_env.nrooms, "%s: got %zu rooms, want %zu",
	    c->nick, c->nrooms, itp_env.nrooms);
	for (i = 0; i < c->nrooms; i++) {
		room = itp_room_index(c->rooms[i].room_id);
		EXPECT(room >= 0, "%s: got room id %d, want one of the "
		    "configured", c->nick, c->rooms[i].room_id);
		EXPECT(c->rooms[i].port == itp_env.room_port[room],
		    "%s: room %d port %u, want %u", c->nick,
		    c->rooms[i].room_id, c->rooms[i].port,
		    itp_env.room_port[room]);
		EXPECT(c->rooms[i].host == INADDR_LOOPBACK, "%s: room %d "
		    "host %08x, want 7f000001", c->nick, c->rooms[i].room_id,
		    c->rooms[i].host);
		for (k = 0; k < i; k++)
			EXPECT(c->rooms[k].room_id != c->rooms[i].room_id,
			    "%s: room %d listed twice", c->nick,
			    c->rooms[i].room_id);
	}
}

/* check_login_order - README 8.1 / 8.2: 7, then (Myth) 8, then 0 */
static void
check_login_order(const struct itp_client *c)
{
	int	i7 = itp_seq_index(c, MW_T_USER_SUCCESSFUL_LOGIN);
	int	i8 = itp_seq_index(c,
	    MW_T_SET_PLAYER_DATA_FROM_METASERVER);
	int	i0 = itp_seq_index(c, MW_T_ROOM_LIST);
	size_t	k;
	int	zero = 1;

	EXPECT(c->nlogins == 1, "%s: got %d packets 7, want 1", c->nick,
	    c->nlogins);
	for (k = 0; k < MW_TOKEN_SIZE; k++)
		zero &= c->token[k] == 0;
	EXPECT(!zero, "%s: got an all-zero token, want a token", c->nick);
	EXPECT(c->user_id != 0, "%s: got user id 0, want an id", c->nick);
	if (c->dialect == MYTH)
		EXPECT(i8 > i7 && i0 > i8, "%s: got 7 at %d, 8 at %d, 0 at "
		    "%d; want 7, 8, 0 in that order", c->nick, i7, i8, i0);
	else
		EXPECT(i7 >= 0 && i0 > i7, "%s: got 7 at %d, 0 at %d; want "
		    "7 before 0", c->nick, i7, i0);
}

/* check_room_entry - README 9.1: 9, 3 code 8, then lists with us */
void
check_room_entry(const struct itp_client *c)
{
	const struct itp_member	*self;

	need_in_room(c);
	EXPECT(c->nseq >= 2 && c->seq[0] == MW_T_ROOM_LOGIN_SUCCESSFUL,
	    "%s: first packet %u, want 9", c->nick, c->nseq ? c->seq[0] : 0);
	EXPECT(c->seq[1] == MW_T_SERVER_MESSAGE &&
	    c->seq_code[1] == MW_MSG_LOGIN_SUCCESSFUL, "%s: second packet "
	    "%u code %d, want 3 code 8", c->nick, c->seq[1], c->seq_code[1]);
	EXPECT(c->room_uid == (uint32_t)c->user_id, "%s: room user id %u, "
	    "want %d (from packet 7)", c->nick, c->room_uid, c->user_id);
	self = itp_member(c, c->room_uid);
	EXPECT(strstr(self->nick, c->nick) != NULL, "%s: own entry shows "
	    "\"%s\", want the nick in it", c->nick, self->nick);
}

static void
t_login(void **state)
{
	const struct login_case	*lc = *state;
	struct itp_client	*c;
	const char		*user;
	char			 nick[MW_NICK_MAX + 1];
	char			 pass[MCL_PASSWORD_MAX + 2];

	uniq(nick, sizeof(nick), lc->nick);
	pass[0] = '\0';
	if (lc->user != NULL)
		snprintf(pass, sizeof(pass), "pw-%s", lc->user);
	user = lc->user != NULL ? lc->user : lc->dialect == MYTH ? nick :
	    "guest";
	c = itp_new(lc->dialect, user, pass, nick);
	EXPECT(itp_login(c, LOGIN_MS) == 0, "%s: login: got \"%s\" (code "
	    "%d), want success", nick, c->reason, c->failed_code);
	check_login_order(c);
	check_room_list(c);
	EXPECT(itp_join(c, r_main, LOGIN_MS) == 0, "%s: room login: got "
	    "\"%s\" (code %d), want success", nick, c->reason,
	    c->failed_code);
	check_room_entry(c);
}

/* expect_refused - code on the way in, then the server closes */
static void
expect_refused(struct itp_client *c, int32_t code)
{
	EXPECT(c->closed && !c->logged_in, "%s: got logged in %d, closed "
	    "%d; want refused", c->user, c->logged_in, c->closed);
	EXPECT(c->failed_code == code, "%s: got code %d (%s), want %d",
	    c->user, c->failed_code, c->reason, code);
	EXPECT(itp_wait_one(c, itp_cp_eof, NULL, CLOSE_MS), "%s: the "
	    "server kept the connection open after code %d, want it closed",
	    c->user, code);
}

static void
t_refused(void **state)
{
	const struct refused_case	*rc = *state;
	struct itp_client		*c;

	c = itp_new(rc->dialect, rc->user, rc->pass, rc->user);
	(void)itp_login(c, LOGIN_MS);
	expect_refused(c, rc->code);
}

static void
t_banned(void **state)
{
	struct itp_client	*c;
	char			 out[ITP_OUT_MAX];
	int			 rc;

	(void)state;
	rc = itp_ctl(out, sizeof(out), "user", "ban", "dogwood", NULL);
	EXPECT(rc == 0, "user ban dogwood: exit %d (%s), want 0", rc, out);
	c = itp_new(MYTH, "dogwood", "pw-dogwood", "Dogwood");
	(void)itp_login(c, LOGIN_MS);
	expect_refused(c, MW_MSG_ACCOUNT_LOCKED);
	c = itp_new(A1, "dogwood", "pw-dogwood", "Dogwood");
	(void)itp_login(c, LOGIN_MS);
	expect_refused(c, MW_MSG_ACCOUNT_LOCKED);
}

/* t_ban_online - the banned player is told 14 and closed; others see */
static void
t_ban_online(void **state)
{
	struct itp_client	*elm, *w;
	char			 out[ITP_OUT_MAX], nick[MW_NICK_MAX + 1];
	const int32_t		 code = MW_MSG_ACCOUNT_LOCKED;
	uint32_t		 id;
	int			 rc;

	(void)state;
	elm = itp_player(MYTH, "elm", "Elm", r_main);
	w = itp_player(A1, NULL, uniq(nick, sizeof(nick), "Witness"), r_main);
	need_in_room(elm);
	need_in_room(w);
	id = itp_uid(elm);
	EXPECT(itp_wait_one(w, itp_cp_member, &id, CLOSE_MS), "witness "
	    "never saw elm (%u) enter", id);
	rc = itp_ctl(out, sizeof(out), "user", "ban", "elm", "0", "testing",
	    NULL);
	EXPECT(rc == 0, "user ban elm: exit %d (%s), want 0", rc, out);
	EXPECT(itp_wait_one(elm, itp_cp_code, &code, CLOSE_MS), "elm: got "
	    "no code 14 (closed %d: %s), want it", elm->closed, elm->reason);
	EXPECT(itp_wait_one(elm, itp_cp_eof, NULL, CLOSE_MS), "elm: still "
	    "connected after code 14, want closed");
	EXPECT(itp_wait_one(w, itp_cp_not_member, &id, CLOSE_MS), "witness "
	    "still lists elm after the ban, want a delete");
	need_connected(&w, 1);
}

/* t_guest_ranked - a room without guests refuses them (code 4) */
static void
t_guest_ranked(void **state)
{
	struct itp_client	*c;
	char			 nick[MW_NICK_MAX + 1];

	(void)state;
	c = itp_player(MYTH, NULL, uniq(nick, sizeof(nick), "Rover"),
	    r_ranked);
	EXPECT(c->closed && !c->in_room, "%s: got in_room %d, want refused",
	    nick, c->in_room);
	EXPECT(c->failed_code == MW_MSG_USER_NOT_LOGGED_IN, "%s: got code "
	    "%d (%s), want 4", nick, c->failed_code, c->reason);
	EXPECT(itp_wait_one(c, itp_cp_eof, NULL, CLOSE_MS), "%s: left "
	    "open after code 4, want closed", nick);
}

/* ---- the group ---- */

/* group_setup - r_* in the order of the ROOM_ID_* they stand for */
static int
group_setup(void **state)
{
	int *const	rooms[] = { &r_main, &r_ranked, &r_bulk, &r_kill };

	(void)state;
	return itp_init_rooms("it_players", rooms, nitems(rooms));
}

static int
group_teardown(void **state)
{
	(void)state;
	itp_fini();
	return 0;
}

/* teardown - every scenario ends with all its connections closed */
static int
teardown(void **state)
{
	(void)state;
	kill_cleanup();
	itp_free_all();
	return 0;
}

#define T(name, fn, st)	{ name, fn, NULL, teardown, (void *)(st) }

static const struct bad_case bad_cases[] = {
	{ MYTH, BAD_GARBAGE }, { A1, BAD_GARBAGE },
	{ MYTH, BAD_OVERSIZE }, { A1, BAD_OVERSIZE },
	{ MYTH, BAD_MAGIC }, { A1, BAD_MAGIC },
};

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T("login_myth_guest", t_login, &login_cases[0]),
		T("login_myth_account", t_login, &login_cases[1]),
		T("login_alephone_guest", t_login, &login_cases[2]),
		T("login_alephone_account", t_login, &login_cases[3]),
		T("refused_myth_wrong_password", t_refused,
		    &refused_cases[0]),
		T("refused_alephone_wrong_password", t_refused,
		    &refused_cases[1]),
		T("refused_unknown_user", t_refused, &refused_cases[2]),
		T("refused_guest_with_account_name", t_refused,
		    &refused_cases[3]),
		T("refused_banned_account", t_banned, NULL),
		T("ban_disconnects_online_player", t_ban_online, NULL),
		T("guest_refused_in_ranked_room", t_guest_ranked, NULL),
		T("two_players_see_each_other", t_see_each_other, NULL),
		T("chat_echo_and_delivery", t_chat, NULL),
		T("chat_spoofed_sender_overwritten", t_chat_spoofed, NULL),
		T("private_message", t_private, NULL),
		T("private_message_absent_target", t_private_absent, NULL),
		T("room_change_account_old_open", t_room_change_account,
		    NULL),
		T("room_change_guest", t_room_change_guest, NULL),
		T("kick", t_kick, NULL),
		T("keepalive_to_silent_client", t_keepalive, NULL),
		T("bad_input_myth_garbage", t_bad_input, &bad_cases[0]),
		T("bad_input_alephone_garbage", t_bad_input, &bad_cases[1]),
		T("bad_input_myth_oversize", t_bad_input, &bad_cases[2]),
		T("bad_input_alephone_oversize", t_bad_input,
		    &bad_cases[3]),
		T("bad_input_myth_bad_magic", t_bad_input, &bad_cases[4]),
		T("bad_input_alephone_bad_magic", t_bad_input,
		    &bad_cases[5]),
		T("broadcast_500_clients", t_broadcast_500, NULL),
		T("kill_room_worker_while_chatting", t_kill_room, NULL),
		T("kill_room_worker_one_leaves", t_kill_room_leave, NULL),
		T("kill_room_worker_chat_during_outage", t_kill_room_chat,
		    NULL),
		T("kill_room_worker_one_enters", t_kill_room_join, NULL),
		T("kill_store_during_login", t_kill_store_login, NULL),
		T("kill_store_during_user_add", t_kill_store_write, NULL),
	};

	return itp_run(tests, nitems(tests), group_setup, group_teardown);
}
