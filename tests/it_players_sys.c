/*
 * it_players_sys.c - the harness's ties to the world outside the
 * sessions: the environment the script sets, the loop and its bounded
 * waits (a deadline in ms and a cap on loop turns, the loop woken at
 * least every 5 ms), client predicates, mythmetactl runs that keep the
 * loop serving the clients while they last, worker pids from /proc,
 * and the suites' shared scenario helpers and cmocka group.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>

#include "it_players_harness.h"

#define TURNS_MAX	50000000UL	/* loop turns per wait, at most */
#define TICK_S		0.005
#define CTL_ARGS_MAX	16
#define CTL_MS		10000
#define PID_POLL_MS	2	/* /proc read at most this often */

struct itp_env	 itp_env;
struct ev_loop	*itp_loop;

struct newpid {
	const char	*role;
	unsigned	 index;
	pid_t		 old, pid;
	uint64_t	 last;
};

uint64_t
itp_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static long
env_num(const char *name, long lo, long hi)
{
	const char	*s = getenv(name);
	char		*end;
	long		 v;

	if (s == NULL || *s == '\0') {
		fprintf(stderr, "it_players: %s is not set\n", name);
		return -1;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "it_players: %s=%s: not in %ld..%ld\n", name,
		    s, lo, hi);
		return -1;
	}
	return v;
}

/* parse_rooms - MSIT_ROOMS is "id:port,id:port,...", in config order */
static int
parse_rooms(const char *s)
{
	int	id, port, used;

	itp_env.nrooms = 0;
	while (s != NULL && *s != '\0') {
		if (itp_env.nrooms == ITP_ROOMS_MAX ||
		    sscanf(s, "%d:%d%n", &id, &port, &used) != 2 ||
		    port < 1 || port > 65535)
			return -1;
		itp_env.room_id[itp_env.nrooms] = (int16_t)id;
		itp_env.room_port[itp_env.nrooms++] = (uint16_t)port;
		s += used;
		if (*s == ',')
			s++;
	}
	return itp_env.nrooms > 0 ? 0 : -1;
}

int
itp_init(void)
{
	long	login, workers, sup, maxp;

	login = env_num("MSIT_LOGIN_PORT", 1, 65535);
	workers = env_num("MSIT_ROOM_WORKERS", 1, 16);
	sup = env_num("MSIT_SUP_PID", 2, 1L << 30);
	maxp = env_num("MSIT_MAX_PACKET", 512, 32767);
	itp_env.ctl = getenv("MSIT_CTL");
	itp_env.ctl_sock = getenv("MSIT_CTL_SOCK");
	if (login == -1 || workers == -1 || sup == -1 || maxp == -1 ||
	    itp_env.ctl == NULL || itp_env.ctl_sock == NULL ||
	    parse_rooms(getenv("MSIT_ROOMS")) == -1) {
		fprintf(stderr, "it_players: incomplete environment "
		    "(run through tests/it_players.sh)\n");
		return -1;
	}
	itp_env.login_port = (uint16_t)login;
	itp_env.room_workers = (unsigned)workers;
	itp_env.sup_pid = (pid_t)sup;
	itp_env.max_packet = (unsigned)maxp;
	signal(SIGPIPE, SIG_IGN);
	if ((itp_loop = ev_loop_new(EVFLAG_AUTO)) == NULL)
		return -1;
	return 0;
}

void
itp_fini(void)
{
	itp_free_all();
	if (itp_loop != NULL)
		ev_loop_destroy(itp_loop);
	itp_loop = NULL;
}

int
itp_room_index(int16_t room_id)
{
	size_t	i;

	for (i = 0; i < itp_env.nrooms; i++)
		if (itp_env.room_id[i] == room_id)
			return (int)i;
	return -1;
}

/* itp_room_worker - README of the contract: position modulo workers */
int
itp_room_worker(int room)
{
	return room % (int)itp_env.room_workers;
}

/* ---- waits ---- */

static void
tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
}

int
itp_wait(itp_pred_fn *pred, void *arg, int ms)
{
	uint64_t	deadline = itp_now_ms() + (uint64_t)ms;
	unsigned long	turns;
	ev_timer	tick;
	int		ok = 0;

	ev_timer_init(&tick, tick_cb, TICK_S, TICK_S);
	ev_timer_start(itp_loop, &tick);
	for (turns = 0; turns < TURNS_MAX; turns++) {
		if (pred(arg)) {
			ok = 1;
			break;
		}
		if (itp_now_ms() >= deadline)
			break;
		ev_run(itp_loop, EVRUN_ONCE);
	}
	ev_timer_stop(itp_loop, &tick);
	return ok;
}

struct all_arg {
	struct itp_client	**v;
	size_t			  n;
	itp_cpred_fn		 *fn;
	const void		 *arg;
};

static int
all_pred(void *arg)
{
	struct all_arg	*a = arg;
	size_t		 i;

	for (i = 0; i < a->n; i++)
		if (!a->fn(a->v[i], a->arg))
			return 0;
	return 1;
}

int
itp_wait_all(struct itp_client **v, size_t n, itp_cpred_fn *fn,
    const void *arg, int ms)
{
	struct all_arg	a = { v, n, fn, arg };

	return itp_wait(all_pred, &a, ms);
}

int
itp_wait_one(struct itp_client *c, itp_cpred_fn *fn, const void *arg,
    int ms)
{
	return itp_wait_all(&c, 1, fn, arg, ms);
}

static int
never(void *arg)
{
	(void)arg;
	return 0;
}

/* itp_settle - serve the clients for ms (for "nothing else arrives") */
void
itp_settle(int ms)
{
	(void)itp_wait(never, NULL, ms);
}

/* ---- client predicates ---- */

int
itp_cp_logged_in(const struct itp_client *c, const void *arg)
{
	(void)arg;
	return c->logged_in || c->closed;
}

int
itp_cp_over(const struct itp_client *c, const void *arg)
{
	(void)arg;
	return c->closed;
}

/* itp_cp_in_room - in the room with our own add seen, or over */
int
itp_cp_in_room(const struct itp_client *c, const void *arg)
{
	(void)arg;
	if (c->closed)
		return 1;
	return c->in_room && itp_member(c, itp_uid(c)) != NULL;
}

int
itp_cp_eof(const struct itp_client *c, const void *arg)
{
	(void)arg;
	return c->eof;
}

int
itp_cp_line(const struct itp_client *c, const void *text)
{
	return itp_line(c, text) != NULL;
}

int
itp_cp_member(const struct itp_client *c, const void *idp)
{
	return itp_member(c, *(const uint32_t *)idp) != NULL;
}

int
itp_cp_not_member(const struct itp_client *c, const void *idp)
{
	return itp_member(c, *(const uint32_t *)idp) == NULL;
}

int
itp_cp_code(const struct itp_client *c, const void *codep)
{
	return itp_has_code(c, *(const int32_t *)codep);
}

int
itp_cp_blammed(const struct itp_client *c, const void *arg)
{
	(void)arg;
	return c->blammed;
}

/* ---- blocking conveniences ---- */

int
itp_login(struct itp_client *c, int ms)
{
	if (itp_go(c, -1) == -1)
		return -1;
	(void)itp_wait_one(c, itp_cp_logged_in, NULL, ms);
	return c->logged_in ? 0 : -1;
}

int
itp_join(struct itp_client *c, int room, int ms)
{
	if (itp_enter(c, room) == -1)
		return -1;
	(void)itp_wait_one(c, itp_cp_in_room, NULL, ms);
	return c->in_room && !c->closed ? 0 : -1;
}

/*
 * itp_player - a player in a room: itp_new_player() logged in and
 * entered in one go.  Check itp_cp_in_room() and closed.
 */
struct itp_client *
itp_player(enum mw_dialect d, const char *user, const char *nick, int room)
{
	struct itp_client	*c;

	c = itp_new_player(d, user, nick);
	if (itp_go(c, room) == 0)
		(void)itp_wait_one(c, itp_cp_in_room, NULL, 10000);
	return c;
}

/* ---- mythmetactl ---- */

pid_t
itp_ctl_spawn(int *pipefd, const char *const *args)
{
	const char	*argv[CTL_ARGS_MAX + 4];
	size_t		 n = 0;
	int		 p[2];
	pid_t		 pid;

	argv[n++] = itp_env.ctl;
	argv[n++] = "-s";
	argv[n++] = itp_env.ctl_sock;
	while (*args != NULL && n < CTL_ARGS_MAX + 3)
		argv[n++] = *args++;
	argv[n] = NULL;
	if (pipe2(p, O_CLOEXEC) == -1)
		return -1;
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		dup2(p[1], STDERR_FILENO);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	*pipefd = p[0];
	return pid;
}

struct ctl_run {
	pid_t	 pid;
	int	 fd;
	char	*out;
	size_t	 cap, len;
	int	 status;
	int	 eof;
	int	 done;
};

static int
ctl_pred(void *arg)
{
	struct ctl_run	*r = arg;
	char		 buf[512];
	ssize_t		 n;
	size_t		 k;

	while ((n = read(r->fd, buf, sizeof(buf))) > 0) {
		k = (size_t)n;
		if (k > r->cap - 1 - r->len)
			k = r->cap - 1 - r->len;
		memcpy(r->out + r->len, buf, k);
		r->len += k;
		r->out[r->len] = '\0';
	}
	if (n == 0)
		r->eof = 1;
	if (r->eof && waitpid(r->pid, &r->status, WNOHANG) == r->pid)
		r->done = 1;
	return r->done;
}

/* itp_ctl_finish - collect the output and the exit status, bounded */
int
itp_ctl_finish(pid_t pid, int fd, char *out, size_t cap, int ms)
{
	char		scratch[ITP_OUT_MAX];
	struct ctl_run	r = { pid, fd, out, cap, 0, 0, 0, 0 };

	if (out == NULL || cap == 0) {
		r.out = scratch;
		r.cap = sizeof(scratch);
	}
	r.out[0] = '\0';
	if (!itp_wait(ctl_pred, &r, ms)) {
		kill(pid, SIGKILL);
		waitpid(pid, &r.status, 0);
		close(fd);
		return -1;
	}
	close(fd);
	return WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1;
}

/* itp_ctl - one command, NULL-terminated arguments; its exit status */
int
itp_ctl(char *out, size_t cap, const char *arg, ...)
{
	const char	*args[CTL_ARGS_MAX + 1];
	va_list		 ap;
	size_t		 n = 0;
	pid_t		 pid;
	int		 fd;

	va_start(ap, arg);
	for (; arg != NULL && n < CTL_ARGS_MAX; arg = va_arg(ap,
	    const char *))
		args[n++] = arg;
	va_end(ap);
	args[n] = NULL;
	if ((pid = itp_ctl_spawn(&fd, args)) == -1)
		return -1;
	return itp_ctl_finish(pid, fd, out, cap, CTL_MS);
}

/* ---- worker pids ---- */

static pid_t
stat_ppid(pid_t pid)
{
	char	path[64], buf[512], *p;
	FILE	*f;
	int	ppid = -1;
	size_t	n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 1, " %*c %d", &ppid) != 1)
		return -1;
	return (pid_t)ppid;
}

static int
cmdline_has(pid_t pid, const char *want)
{
	char	path[64], buf[1024];
	FILE	*f;
	size_t	n, i;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 2, f);
	fclose(f);
	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = ' ';
	buf[n + 1] = '\0';
	return strstr(buf, want) != NULL;
}

/* itp_worker_pid - a live worker of our daemon, as it_lib.sh finds it */
pid_t
itp_worker_pid(const char *role, unsigned index)
{
	char		 want[64];
	DIR		*d;
	struct dirent	*e;
	pid_t		 pid = -1, p;

	snprintf(want, sizeof(want), " -P %s -I %u ", role, index);
	if ((d = opendir("/proc")) == NULL)
		return -1;
	while (pid == -1 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		p = (pid_t)atoi(e->d_name);
		if (stat_ppid(p) == itp_env.sup_pid && cmdline_has(p, want))
			pid = p;
	}
	closedir(d);
	return pid;
}

/* newpid_pred - a live worker of that role and index, not the old one */
static int
newpid_pred(void *arg)
{
	struct newpid	*np = arg;
	uint64_t	 now = itp_now_ms();

	if (now - np->last < PID_POLL_MS)
		return 0;
	np->last = now;
	np->pid = itp_worker_pid(np->role, np->index);
	return np->pid > 0 && np->pid != np->old;
}

/*
 * itp_wait_new_pid - the worker the supervisor started in place of old
 * (role, index); -1 if none within ms.
 */
pid_t
itp_wait_new_pid(const char *role, unsigned index, pid_t old, int ms)
{
	struct newpid	np = { role, index, old, -1, 0 };

	return itp_wait(newpid_pred, &np, ms) ? np.pid : -1;
}

/* ---- the scenario files' helpers ---- */

/* uniq - a name no other run of a scenario uses (nicks, chat lines) */
char *
uniq(char *buf, size_t size, const char *prefix)
{
	static unsigned	n;

	snprintf(buf, size, "%s%u", prefix, ++n);
	return buf;
}

void
need_connected(struct itp_client **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (itp_disconnected(v[i]))
			fail_msg("%s: got a disconnect (%s), want none",
			    v[i]->nick, v[i]->reason);
}

/* ---- the cmocka group ---- */

/*
 * itp_init_rooms - the group setup's part: itp_init(), then *index[i]
 * the env index of room id i of the script; -1 (prog names the suite
 * in the message) if a room is missing.
 */
int
itp_init_rooms(const char *prog, int *const *index, size_t n)
{
	size_t	i;

	if (itp_init() == -1)
		return -1;
	for (i = 0; i < n; i++)
		if ((*index[i] = itp_room_index((int16_t)i)) < 0) {
			fprintf(stderr, "%s: MSIT_ROOMS lacks rooms 0-%zu\n",
			    prog, n - 1);
			return -1;
		}
	return 0;
}

/* itp_run - the suite's scenarios; MSIT_FILTER (a cmocka pattern) picks */
int
itp_run(const struct CMUnitTest *tests, size_t n, CMFixtureFunction setup,
    CMFixtureFunction teardown)
{
	const char	*filter = getenv("MSIT_FILTER");

	if (filter != NULL && *filter != '\0')
		cmocka_set_test_filter(filter);
	return _cmocka_run_group_tests("tests", tests, n, setup, teardown);
}
