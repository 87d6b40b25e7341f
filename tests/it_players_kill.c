/*
 * it_players_kill.c - recovery scenarios: SIGKILL of a room worker while
 * its clients chat (nobody is disconnected; every player list is right
 * within 500 ms of the new worker, also with a leaver or a joiner in the
 * outage; chat flows again; a line said in the outage arrives; a
 * newcomer sees the rebuilt room) and of the store while a login waits
 * for its password check and while mythmetactl adds an account (the
 * login completes once, presence is rebuilt, the account exists once).
 */
#include <sys/types.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "it_players.h"

#define KILL_N		24	/* clients in the killed worker's room */
#define WATCH_N		3	/* clients in a room of another worker */
#define CHAT_EVERY_S	0.01
#define CHAT_BEFORE_MS	300	/* chatting before the kill */
#define PID_MS		5000	/* the supervisor respawns the worker */
#define LISTS_MS	500	/* lists right after the new worker */
#define LATE_MS		5000	/* how late, when they were not */
#define MARKER_TRIES	30	/* a chat line every MARKER_MS until heard */
#define MARKER_MS	100
#define JOINER_MS	3000
#define LINE_MS		5000
#define LOGIN_MS	10000
#define STORE_TRIES	3
#define WINDOW_MS	15	/* after 115 went out: AUTH is hashing */
#define ADD_KILL_MS	30	/* after mythmetactl started */

struct chatter {
	ev_timer		  t;
	struct itp_client	**v;
	size_t			  n, next;
	unsigned		  sent;
};

static struct chatter	chatter;	/* outlives a failed scenario */

struct lists {
	struct itp_client	**who;		/* whose lists to check */
	size_t			  nwho;
	struct itp_client	**all;		/* the room as it is */
	size_t			  nall;
	const struct itp_client	 *maybe;	/* may be listed or not */
	char			  why[WHY_MAX];
};

/* the clients of one room-worker outage; static: a failure longjmps */
struct outage {
	struct itp_client	*v[KILL_N + 1];	/* members, then one more */
	struct itp_client	*w[WATCH_N];	/* room of the other worker */
	unsigned		 worker;
	pid_t			 old, pid;
	uint64_t		 t_kill, t_up;
};

static void
chatter_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct chatter		*ch = w->data;
	struct itp_client	*c = NULL;
	char			 text[32];
	size_t			 i;

	(void)loop;
	(void)revents;
	for (i = 0; i < ch->n; i++) {
		c = ch->v[ch->next++ % ch->n];
		if (c->s != NULL && c->in_room && !c->closed)
			break;
	}
	if (i == ch->n)
		return;
	snprintf(text, sizeof(text), "chatter %u", ++ch->sent);
	if (mcl_chat(c->s, text) == 0)
		(void)itp_flush(c);
}

static void
chatter_start(struct chatter *ch, struct itp_client **v, size_t n)
{
	memset(ch, 0, sizeof(*ch));
	ch->v = v;
	ch->n = n;
	ev_timer_init(&ch->t, chatter_cb, CHAT_EVERY_S, CHAT_EVERY_S);
	ch->t.data = ch;
	ev_timer_start(itp_loop, &ch->t);
}

static void
chatter_stop(struct chatter *ch)
{
	ev_timer_stop(itp_loop, &ch->t);
}

/* kill_cleanup - the teardown's part: no timer may outlive its test */
void
kill_cleanup(void)
{
	chatter_stop(&chatter);
}

static pid_t
wait_new_pid(const char *role, unsigned index, pid_t old)
{
	pid_t	pid;

	if ((pid = itp_wait_new_pid(role, index, old, PID_MS)) == -1)
		fail_msg("no new %s[%u] within %d ms after killing pid %d",
		    role, index, PID_MS, (int)old);
	return pid;
}

static int
lists_pred(void *arg)
{
	struct lists	*l = arg;
	size_t		 i;

	for (i = 0; i < l->nwho; i++)
		if (!l->who[i]->closed && roster_check(l->who[i], l->all,
		    l->nall, l->maybe, l->why, sizeof(l->why)) == -1)
			return 0;
	return 1;
}

/* wait_lists - every open client of who lists exactly all (+ maybe) */
static int
wait_lists(struct itp_client **who, size_t nwho, struct itp_client **all,
    size_t nall, const struct itp_client *maybe, int ms, char *why)
{
	struct lists	l;
	int		ok;

	memset(&l, 0, sizeof(l));
	l.who = who;
	l.nwho = nwho;
	l.all = all;
	l.nall = nall;
	l.maybe = maybe;
	ok = itp_wait(lists_pred, &l, ms);
	snprintf(why, WHY_MAX, "%s", l.why);
	return ok;
}

/* fill_room - n guests of both dialects in room, all in, all listed */
static void
fill_room(struct itp_client **v, size_t n, int room, const char *prefix)
{
	char	nick[MW_NICK_MAX + 1], why[WHY_MAX];
	size_t	i;

	for (i = 0; i < n; i++) {
		uniq(nick, sizeof(nick), prefix);
		v[i] = itp_new(i % 2 ? A1 : MYTH, i % 2 ? "guest" : nick, "",
		    nick);
		(void)itp_go(v[i], room);
	}
	(void)itp_wait_all(v, n, itp_cp_in_room, NULL, LOGIN_MS);
	for (i = 0; i < n; i++)
		need_in_room(v[i]);
	EXPECT(wait_lists(v, n, v, n, NULL, LINE_MS, why), "before any "
	    "kill, the player lists are wrong: %s", why);
}

static void
hear_all(struct itp_client **v, size_t n, const char *text, uint32_t from)
{
	size_t	i;

	(void)itp_wait_all(v, n, itp_cp_line, text, LINE_MS);
	for (i = 0; i < n; i++)
		need_line(v[i], text, from);
}

/*
 * check_lists - every client of v (n) lists exactly v (+ maybe) within
 * budget ms of the new worker's appearance; if not, find out for the
 * report whether they are late or wrong for good.
 */
static void
check_lists(const struct outage *o, struct itp_client **v, size_t n,
    const struct itp_client *maybe, int budget, const char *when)
{
	char	why[WHY_MAX], later[WHY_MAX];
	int	left = budget - (int)(itp_now_ms() - o->t_up);

	if (wait_lists(v, n, v, n, maybe, left > 0 ? left : 0, why)) {
		printf("# lists right %llu ms after the new worker\n",
		    (unsigned long long)(itp_now_ms() - o->t_up));
		return;
	}
	if (wait_lists(v, n, v, n, maybe, LATE_MS, later))
		snprintf(later, sizeof(later), "right only after %llu ms",
		    (unsigned long long)(itp_now_ms() - o->t_up));
	else
		snprintf(later, sizeof(later), "still wrong %d ms later",
		    LATE_MS);
	fail_msg("player lists %s: %s; %s", when, why, later);
}

/* outage_begin - clients in place and chatting, then SIGKILL */
static void
outage_begin(struct outage *o)
{
	memset(o, 0, sizeof(*o));
	o->worker = (unsigned)itp_room_worker(r_kill);
	EXPECT(itp_room_worker(r_main) != (int)o->worker, "rooms %d and %d "
	    "share a worker, want two", ROOM_ID_MAIN, ROOM_ID_KILL);
	fill_room(o->w, WATCH_N, r_main, "Calm");
	fill_room(o->v, KILL_N, r_kill, "Kin");
	o->old = itp_worker_pid("room", o->worker);
	EXPECT(o->old > 0, "no room[%u] worker found", o->worker);
	chatter_start(&chatter, o->v, KILL_N);
	itp_settle(CHAT_BEFORE_MS);
	o->t_kill = itp_now_ms();
	EXPECT(kill(o->old, SIGKILL) == 0, "kill room[%u] %d failed",
	    o->worker, (int)o->old);
}

static void
outage_up(struct outage *o)
{
	o->pid = wait_new_pid("room", o->worker, o->old);
	o->t_up = itp_now_ms();
	printf("# room[%u] %d -> %d, %llu ms after the kill\n", o->worker,
	    (int)o->old, (int)o->pid, (unsigned long long)(o->t_up -
	    o->t_kill));
}

/*
 * outage_end - chat flows again, nobody was disconnected, and the lists
 * are still right: whatever the recovery sends a client precedes the
 * marker line on its connection.
 */
static void
outage_end(struct outage *o, struct itp_client **v, size_t n)
{
	char	text[32], why[WHY_MAX];
	int	i;

	chatter_stop(&chatter);
	for (i = 0; i < MARKER_TRIES; i++) {
		snprintf(text, sizeof(text), "back again %u.%d", chatter.sent,
		    i);
		EXPECT(mcl_chat(v[0]->s, text) == 0 && itp_flush(v[0]) == 0,
		    "%s: could not chat", v[0]->nick);
		if (itp_wait_all(v, n, itp_cp_line, text, MARKER_MS))
			break;
	}
	printf("# chat flows again %llu ms after the new worker (try %d)\n",
	    (unsigned long long)(itp_now_ms() - o->t_up), i);
	hear_all(v, n, text, itp_uid(v[0]));
	need_connected(v, n);
	need_connected(o->w, WATCH_N);
	EXPECT(wait_lists(v, n, v, n, NULL, 0, why), "player lists once "
	    "chat flows again: %s", why);
}

/* newcomer - after the recovery, a new player sees exactly the room */
static void
newcomer(struct itp_client **v, size_t n)
{
	struct itp_client	*c;
	char			 nick[MW_NICK_MAX + 1], why[WHY_MAX];

	c = itp_player(MYTH, NULL, uniq(nick, sizeof(nick), "Fresh"),
	    r_kill);
	need_in_room(c);
	v[n] = c;
	EXPECT(wait_lists(&c, 1, v, n + 1, NULL, LINE_MS, why), "a newcomer "
	    "after the recovery: %s", why);
}

/* t_kill_room - nobody comes or goes during the outage */
void
t_kill_room(void **state)
{
	static struct outage	o;

	(void)state;
	outage_begin(&o);
	outage_up(&o);
	need_connected(o.v, KILL_N);
	check_lists(&o, o.v, KILL_N, NULL, LISTS_MS,
	    "500 ms after the new room worker");
	outage_end(&o, o.v, KILL_N);
	newcomer(o.v, KILL_N);
}

/*
 * t_kill_room_chat - a line sent after the crash, while the worker is
 * down, is not "in flight at the crash" (ARCHITECTURE.md): it must
 * reach everybody once the room is back.
 */
void
t_kill_room_chat(void **state)
{
	static struct outage	o;
	char			text[32];

	(void)state;
	outage_begin(&o);
	chatter_stop(&chatter);
	uniq(text, sizeof(text), "said in the dark ");
	EXPECT(mcl_chat(o.v[1]->s, text) == 0 && itp_flush(o.v[1]) == 0,
	    "%s: could not chat", o.v[1]->nick);
	outage_up(&o);
	need_connected(o.v, KILL_N);
	hear_all(o.v, KILL_N, text, itp_uid(o.v[1]));
	outage_end(&o, o.v, KILL_N);
}

/* t_kill_room_leave - one client leaves while the worker is down */
void
t_kill_room_leave(void **state)
{
	static struct outage	o;

	(void)state;
	outage_begin(&o);
	itp_drop(o.v[0], 0);
	outage_up(&o);
	need_connected(o.v + 1, KILL_N - 1);
	check_lists(&o, o.v + 1, KILL_N - 1, NULL, LISTS_MS,
	    "500 ms after the new room worker, one left during the outage");
	outage_end(&o, o.v + 1, KILL_N - 1);
}

/* t_kill_room_join - one client enters while the worker is down */
void
t_kill_room_join(void **state)
{
	static struct outage	 o;
	struct itp_client	*j;
	char			 nick[MW_NICK_MAX + 1];

	(void)state;
	outage_begin(&o);
	j = itp_new(MYTH, uniq(nick, sizeof(nick), "Late"), "", nick);
	(void)itp_go(j, r_kill);
	outage_up(&o);
	need_connected(o.v, KILL_N);
	check_lists(&o, o.v, KILL_N, j, LISTS_MS,
	    "500 ms after the new room worker, one joining");
	EXPECT(itp_wait_one(j, itp_cp_in_room, NULL, JOINER_MS) &&
	    !j->closed, "%s, entering during the outage: got in_room %d "
	    "(%s), want in the room", j->nick, j->in_room, j->reason);
	o.v[KILL_N] = j;
	check_lists(&o, o.v, KILL_N + 1, NULL, JOINER_MS,
	    "with the player who entered during the outage");
	outage_end(&o, o.v, KILL_N + 1);
}

/* ---- the store ---- */

/* auth_pending - 115 is out and nothing came back yet: AUTH is hashing */
static int
auth_pending(const struct itp_client *c, const void *arg)
{
	const uint8_t	*p;

	(void)arg;
	if (c->closed || c->logged_in || c->s == NULL)
		return 1;
	return mcl_state(c->s) == MCL_S_VERSION_SENT &&
	    mcl_pending_output(c->s, &p) == 0;
}

/* kill_store_during - kill the store while c's password is checked */
static pid_t
kill_store_during(struct itp_client *c, pid_t *old)
{
	int	try;

	for (try = 0; try < STORE_TRIES; try++) {
		*old = itp_worker_pid("store", 0);
		EXPECT(*old > 0, "no store worker found");
		EXPECT(itp_go(c, -1) == 0, "gorse: login start failed");
		(void)itp_wait_one(c, auth_pending, NULL, LOGIN_MS);
		EXPECT(!c->closed, "gorse: got \"%s\" (code %d), want a "
		    "login", c->reason, c->failed_code);
		itp_settle(WINDOW_MS);
		if (!c->logged_in) {
			EXPECT(kill(*old, SIGKILL) == 0, "kill store failed");
			return wait_new_pid("store", 0, *old);
		}
		printf("# login finished before the kill; again\n");
	}
	fail_msg("gorse: the login never waited on the store for %d ms",
	    WINDOW_MS);
	return -1;
}

void
t_kill_store_login(void **state)
{
	static struct itp_client	*v[WATCH_N + 1];
	struct itp_client		*g, *h2;
	const int32_t			 code = MW_MSG_USER_ALREADY_LOGGED_IN;
	pid_t				 old, pid;
	uint64_t			 t_kill;

	(void)state;
	fill_room(v, WATCH_N, r_main, "Stayer");
	v[WATCH_N] = itp_player(MYTH, "hazel", "Hazel", r_main);
	need_in_room(v[WATCH_N]);
	g = itp_new(MYTH, "gorse", "pw-gorse", "Gorse");
	pid = kill_store_during(g, &old);
	t_kill = itp_now_ms();
	(void)itp_wait_one(g, itp_cp_logged_in, NULL, LOGIN_MS);
	EXPECT(g->logged_in && g->failed_code == -1, "gorse after the store "
	    "kill: got \"%s\" (code %d), want logged in", g->reason,
	    g->failed_code);
	EXPECT(g->nlogins == 1, "gorse: got %d packets 7, want 1",
	    g->nlogins);
	printf("# store %d -> %d; login done %llu ms after the kill\n",
	    (int)old, (int)pid, (unsigned long long)(itp_now_ms() - t_kill));
	EXPECT(itp_join(g, r_main, LOGIN_MS) == 0, "gorse into the room: got "
	    "\"%s\" (code %d), want in", g->reason, g->failed_code);
	need_connected(v, WATCH_N + 1);
	h2 = itp_player(MYTH, "hazel", "Hazel", r_main);
	need_in_room(h2);
	EXPECT(itp_wait_one(v[WATCH_N], itp_cp_code, &code, LINE_MS),
	    "hazel's first connection: got no code 6 (closed %d: %s); want "
	    "it: the new store should know hazel is online",
	    v[WATCH_N]->closed, v[WATCH_N]->reason);
	need_connected(v, WATCH_N);
	need_connected(&h2, 1);
}

/* count_user - lines of "user list" output with name as one word */
static size_t
count_user(const char *out, const char *name)
{
	char	copy[ITP_OUT_MAX], *line, *word, *l1, *w1;
	size_t	n = 0;

	snprintf(copy, sizeof(copy), "%s", out);
	for (line = strtok_r(copy, "\n", &l1); line != NULL;
	    line = strtok_r(NULL, "\n", &l1))
		for (word = strtok_r(line, " \t:,()", &w1); word != NULL;
		    word = strtok_r(NULL, " \t:,()", &w1))
			if (strcmp(word, name) == 0) {
				n++;
				break;
			}
	return n;
}

static int
list_ok(void *arg)
{
	char	*out = arg;
	int	 rc;

	rc = itp_ctl(out, ITP_OUT_MAX, "user", "list", NULL);
	if (rc != 0)
		itp_settle(20);		/* the store is not back yet */
	return rc == 0;
}

void
t_kill_store_write(void **state)
{
	static char		 out[ITP_OUT_MAX], list[ITP_OUT_MAX];
	const char *const	 args[] = { "user", "add", "racer", "pw-racer",
	    NULL };
	struct itp_client	*c;
	pid_t			 old, pid;
	int			 fd, rc, rc2;
	size_t			 n;

	(void)state;
	old = itp_worker_pid("store", 0);
	EXPECT(old > 0, "no store worker found");
	EXPECT(itp_wait(list_ok, list, LOGIN_MS), "user list before: %s",
	    list);
	EXPECT(count_user(list, "racer") == 0, "racer exists already");
	pid = itp_ctl_spawn(&fd, args);
	EXPECT(pid > 0, "could not run mythmetactl");
	itp_settle(ADD_KILL_MS);
	EXPECT(kill(old, SIGKILL) == 0, "kill store failed");
	rc = itp_ctl_finish(pid, fd, out, sizeof(out), LOGIN_MS);
	(void)wait_new_pid("store", 0, old);
	EXPECT(itp_wait(list_ok, list, LOGIN_MS), "user list after the "
	    "store kill: %s", list);
	n = count_user(list, "racer");
	printf("# user add across the store kill: exit %d (%s); %zu "
	    "account(s)\n", rc, out, n);
	EXPECT(n <= 1, "got %zu accounts named racer, want at most 1", n);
	EXPECT(rc != 0 || n == 1, "user add said done, got %zu accounts, "
	    "want 1", n);
	if (n == 0)
		return;
	rc2 = itp_ctl(out, sizeof(out), "user", "add", "racer", "other",
	    NULL);
	EXPECT(rc2 != 0, "a second user add racer: exit 0, want refused");
	c = itp_new(A1, "racer", "pw-racer", "Racer");
	EXPECT(itp_login(c, LOGIN_MS) == 0, "racer login: got \"%s\" (code "
	    "%d), want success", c->reason, c->failed_code);
}
