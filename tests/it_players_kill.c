/*
 * it_players_kill.c - recovery scenarios of tests/it_players: SIGKILL of
 * the room worker while its clients chat (nobody is disconnected, the
 * gateway replays its sessions, every client's player list is right
 * again within 500 ms of the new worker's appearance, chat flows), and
 * SIGKILL of the store while a login waits for its password check and
 * while mythmetactl adds an account (the login completes once, the
 * room clients stay, the account exists at most once).
 */
#include <sys/types.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "it_players.h"

#define KILL_N		24	/* clients in the killed worker's room */
#define WATCH_N		3	/* clients in a room of another worker */
#define CHAT_EVERY_S	0.01
#define PID_MS		5000	/* the supervisor respawns the worker */
#define LISTS_MS	500	/* lists right after the new worker */
#define LATE_MS		5000	/* how late, when they were not */
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

struct newpid {
	const char	*role;
	unsigned	 index;
	pid_t		 old, pid;
	uint64_t	 last;
};

struct lists {
	struct itp_client	**v;
	size_t			  n;
	uint32_t		  maybe;
	char			  why[WHY_MAX];
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

/* newpid_pred - a live worker of that role and index, not the old one */
static int
newpid_pred(void *arg)
{
	struct newpid	*np = arg;
	uint64_t	 now = itp_now_ms();

	if (now - np->last < 2)
		return 0;
	np->last = now;
	np->pid = itp_worker_pid(np->role, np->index);
	return np->pid > 0 && np->pid != np->old;
}

static pid_t
wait_new_pid(const char *role, unsigned index, pid_t old)
{
	struct newpid	np = { role, index, old, -1, 0 };

	if (!itp_wait(newpid_pred, &np, PID_MS))
		fail_msg("no new %s[%u] within %d ms after killing pid %d",
		    role, index, PID_MS, (int)old);
	return np.pid;
}

static int
lists_pred(void *arg)
{
	struct lists	*l = arg;
	size_t		 i;

	for (i = 0; i < l->n; i++)
		if (!l->v[i]->closed && roster_check(l->v[i], l->v, l->n,
		    l->maybe, l->why, sizeof(l->why)) == -1)
			return 0;
	return 1;
}

static int
wait_lists(struct itp_client **v, size_t n, uint32_t maybe, int ms,
    char *why, size_t whysize)
{
	struct lists	l;
	int		ok;

	memset(&l, 0, sizeof(l));
	l.v = v;
	l.n = n;
	l.maybe = maybe;
	ok = itp_wait(lists_pred, &l, ms);
	snprintf(why, whysize, "%s", l.why);
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
	EXPECT(wait_lists(v, n, 0, LINE_MS, why, sizeof(why)), "before any "
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

/* after_kill - what the clients do while the worker is gone */
static struct itp_client *
after_kill(struct itp_client **v)
{
	struct itp_client	*joiner;
	char			 nick[MW_NICK_MAX + 1];

	itp_drop(v[0], 0);		/* a leaver: just closes */
	joiner = itp_new(MYTH, uniq(nick, sizeof(nick), "Late"), "", nick);
	(void)itp_go(joiner, r_kill);
	return joiner;
}

static void
report_lists(struct itp_client **v, size_t n, uint32_t maybe,
    uint64_t t_up, const char *when)
{
	char	why[WHY_MAX], later[WHY_MAX];
	int	ok, left = LISTS_MS - (int)(itp_now_ms() - t_up);

	ok = wait_lists(v, n, maybe, left > 0 ? left : 0, why, sizeof(why));
	if (ok)
		return;
	/* for the report: late, or wrong for good? */
	if (wait_lists(v, n, maybe, LATE_MS, later, sizeof(later)))
		snprintf(later, sizeof(later), "right after %llu ms",
		    (unsigned long long)(itp_now_ms() - t_up));
	else
		snprintf(later, sizeof(later), "still wrong after %d ms",
		    LATE_MS);
	fail_msg("player lists %s: %s; %s", when, why, later);
}

void
t_kill_room(void **state)
{
	static struct itp_client	*v[KILL_N + 1], *w[WATCH_N];
	struct itp_client		*joiner;
	uint64_t			 t_kill, t_up;
	pid_t				 old, pid;
	unsigned			 worker = (unsigned)itp_room_worker(r_kill);
	char				 text[32], why[WHY_MAX];

	(void)state;
	EXPECT(itp_room_worker(r_main) != (int)worker, "rooms %d and %d "
	    "share a worker, want two", ROOM_ID_MAIN, ROOM_ID_KILL);
	fill_room(w, WATCH_N, r_main, "Calm");
	fill_room(v, KILL_N, r_kill, "Kin");
	old = itp_worker_pid("room", worker);
	EXPECT(old > 0, "no room[%u] worker found", worker);
	chatter_start(&chatter, v, KILL_N);
	itp_settle(300);
	t_kill = itp_now_ms();
	EXPECT(kill(old, SIGKILL) == 0, "kill room[%u] %d failed", worker,
	    (int)old);
	joiner = after_kill(v);
	pid = wait_new_pid("room", worker, old);
	t_up = itp_now_ms();
	need_connected(v + 1, KILL_N - 1);
	report_lists(v + 1, KILL_N - 1, itp_uid(joiner), t_up,
	    "500 ms after the new room worker");
	printf("# room[%u] %d -> %d: up after %llu ms, lists right %llu ms "
	    "later\n", worker, (int)old, (int)pid, (unsigned long long)(t_up -
	    t_kill), (unsigned long long)(itp_now_ms() - t_up));
	v[KILL_N] = joiner;
	EXPECT(itp_wait_one(joiner, itp_cp_in_room, NULL, JOINER_MS) &&
	    !joiner->closed, "joiner during the outage: got in_room %d (%s), "
	    "want in the room", joiner->in_room, joiner->reason);
	EXPECT(wait_lists(v + 1, KILL_N, 0, JOINER_MS, why, sizeof(why)),
	    "player lists with the joiner: %s", why);
	chatter_stop(&chatter);
	snprintf(text, sizeof(text), "back again %u", chatter.sent);
	EXPECT(mcl_chat(v[1]->s, text) == 0 && itp_flush(v[1]) == 0,
	    "%s: could not chat", v[1]->nick);
	hear_all(v + 1, KILL_N, text, itp_uid(v[1]));
	need_connected(v + 1, KILL_N);
	need_connected(w, WATCH_N);
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
