/*
 * mb_opts.c - mythmeta-bench's command line: defaults, parsing with
 * range checks, the account pattern (kept split around its one %d, so
 * user text never becomes a format string) and the users' login names.
 * Everything is checked here; the workers trust struct mb_opts.
 */
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mb.h"

#define OPTSTRING	"a:C:d:D:f:G:g:h:IjLm:n:p:P:r:R:S:s:t:u:vw:"

static void	defaults(struct mb_opts *);
static int	num(const char *, const char *, double, double, double *);
static int	integer(const char *, const char *, double, double,
		    uint32_t *);
static int	set_option(struct mb_opts *, int, const char *);
static int	set_host(struct mb_opts *, const char *);
static int	set_port(struct mb_opts *, const char *);
static int	set_pid(struct mb_opts *, const char *);
static int	set_pidfile(struct mb_opts *, const char *);
static int	set_dialect(struct mb_opts *, const char *);
static int	set_accounts(struct mb_opts *, const char *);
static int	set_score(struct mb_opts *, const char *);
static int	check(struct mb_opts *);

static void
defaults(struct mb_opts *o)
{
	long	ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	memset(o, 0, sizeof(*o));
	snprintf(o->host, sizeof(o->host), "127.0.0.1");
	o->addr.s_addr = htonl(INADDR_LOOPBACK);
	o->login_port = 6321;
	o->users = 100;
	o->procs = ncpu > 0 && ncpu < MB_PROCS_MAX ? (uint32_t)ncpu : 2;
	o->inflight = 256;
	o->chat_rate = 100;
	o->duration = 10;
	o->warmup = 2;
	o->login_timeout = 30;
	o->dialect = MB_D_MIX;
	o->mode = MB_M_CHAT;
	o->update_rate = 1;
}

void
mb_opts_usage(FILE *fp)
{
	fprintf(fp, "usage: mythmeta-bench [-IjLv] [-a pattern:password] "
	    "[-C inflight] [-D dialect]\n"
	    "\t[-d seconds] [-f pidfile] [-G games | -g share] "
	    "[-h address]\n"
	    "\t[-m pm_rate] [-n users] [-P procs] [-p port] [-R rooms] "
	    "[-r chat_rate]\n"
	    "\t[-S cycles | max] [-s pid] [-t timeout] [-u update_rate] "
	    "[-w warmup]\n");
}

static int
num(const char *opt, const char *s, double lo, double hi, double *out)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !(v >= lo) ||
	    !(v <= hi)) {
		fprintf(stderr, "mythmeta-bench: -%s %s: expected a number "
		    "from %g to %g\n", opt, s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

static int
integer(const char *opt, const char *s, double lo, double hi,
    uint32_t *out)
{
	double	v;

	if (num(opt, s, lo, hi, &v) == -1)
		return -1;
	if (v != (double)(uint32_t)v) {
		fprintf(stderr, "mythmeta-bench: -%s %s: expected a whole "
		    "number\n", opt, s);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

static int
set_host(struct mb_opts *o, const char *s)
{
	if (strlen(s) >= sizeof(o->host) ||
	    inet_pton(AF_INET, s, &o->addr) != 1) {
		fprintf(stderr, "mythmeta-bench: -h %s: expected an IPv4 "
		    "address\n", s);
		return -1;
	}
	snprintf(o->host, sizeof(o->host), "%s", s);
	return 0;
}

static int
set_port(struct mb_opts *o, const char *s)
{
	uint32_t	v;

	if (integer("p", s, 1, 65535, &v) == -1)
		return -1;
	o->login_port = (uint16_t)v;
	return 0;
}

/* set_pid - 4194304 is Linux's ceiling for pid_max */
static int
set_pid(struct mb_opts *o, const char *s)
{
	uint32_t	v;

	if (integer("s", s, 1, 4194304, &v) == -1)
		return -1;
	o->sup_pid = (pid_t)v;
	return 0;
}

static int
set_pidfile(struct mb_opts *o, const char *s)
{
	if (strlen(s) >= sizeof(o->pidfile)) {
		fprintf(stderr, "mythmeta-bench: -f: path too long\n");
		return -1;
	}
	snprintf(o->pidfile, sizeof(o->pidfile), "%s", s);
	return 0;
}

static int
set_dialect(struct mb_opts *o, const char *s)
{
	if (strcmp(s, "myth") == 0)
		o->dialect = MB_D_MYTH;
	else if (strcmp(s, "alephone") == 0)
		o->dialect = MB_D_ALEPHONE;
	else if (strcmp(s, "mix") == 0)
		o->dialect = MB_D_MIX;
	else {
		fprintf(stderr, "mythmeta-bench: -D %s: expected myth, "
		    "alephone or mix\n", s);
		return -1;
	}
	return 0;
}

/* set_accounts - "name%dsuffix:password", exactly one %d, no other % */
static int
set_accounts(struct mb_opts *o, const char *s)
{
	const char	*colon = strchr(s, ':'), *pct = strstr(s, "%d");
	size_t		 pre, post;

	if (colon == NULL || pct == NULL || pct > colon ||
	    memchr(pct + 2, '%', (size_t)(colon - pct - 2)) != NULL ||
	    memchr(s, '%', (size_t)(pct - s)) != NULL)
		goto bad;
	pre = (size_t)(pct - s);
	post = (size_t)(colon - pct - 2);
	if (pre + post + 7 > MB_NAME_MAX || strlen(colon + 1) > MB_PASS_MAX)
		goto bad;
	memcpy(o->name_pre, s, pre);
	o->name_pre[pre] = '\0';
	memcpy(o->name_post, pct + 2, post);
	o->name_post[post] = '\0';
	snprintf(o->password, sizeof(o->password), "%s", colon + 1);
	o->accounts = 1;
	return 0;
bad:
	fprintf(stderr, "mythmeta-bench: -a: expected name%%dsuffix:password "
	    "(name up to %d characters with the number, password up to "
	    "%d)\n", MB_NAME_MAX, MB_PASS_MAX);
	return -1;
}

/* set_score - start+score cycles per second per host, or "max" */
static int
set_score(struct mb_opts *o, const char *s)
{
	if (strcmp(s, "max") == 0) {
		o->score_rate = MB_SCORE_MAX;
		return 0;
	}
	return num("S", s, 0, 1000, &o->score_rate);
}

static int
set_option(struct mb_opts *o, int ch, const char *arg)
{
	char	opt[2] = { (char)ch, '\0' };

	switch (ch) {
	case 'a':
		return set_accounts(o, arg);
	case 'C':
		return integer(opt, arg, 1, 100000, &o->inflight);
	case 'd':
		return num(opt, arg, 0.1, 86400, &o->duration);
	case 'D':
		return set_dialect(o, arg);
	case 'f':
		return set_pidfile(o, arg);
	case 'G':
		return integer(opt, arg, 0, MB_USERS_MAX, &o->games);
	case 'g':
		return num(opt, arg, 0, 1, &o->game_share);
	case 'h':
		return set_host(o, arg);
	case 'I':
		o->mode = MB_M_IDLE;
		return 0;
	case 'j':
		o->json = 1;
		return 0;
	case 'L':
		o->mode = MB_M_LOGIN;
		return 0;
	case 'm':
		return num(opt, arg, 0, 1e7, &o->pm_rate);
	case 'n':
		return integer(opt, arg, 1, MB_USERS_MAX, &o->users);
	case 'p':
		return set_port(o, arg);
	case 'P':
		return integer(opt, arg, 1, MB_PROCS_MAX, &o->procs);
	case 'r':
		return num(opt, arg, 0, 1e7, &o->chat_rate);
	case 'R':
		return integer(opt, arg, 0, MB_ROOMS_MAX, &o->rooms);
	case 'S':
		return set_score(o, arg);
	case 's':
		return set_pid(o, arg);
	case 't':
		return num(opt, arg, 1, 600, &o->login_timeout);
	case 'u':
		return num(opt, arg, 0, 1000, &o->update_rate);
	case 'v':
		o->verbose++;
		return 0;
	case 'w':
		return num(opt, arg, 0, 3600, &o->warmup);
	default:
		return -1;
	}
}

static int
check(struct mb_opts *o)
{
	if (o->procs > o->users)
		o->procs = o->users;
	if (o->games > 0 && o->game_share > 0) {
		fprintf(stderr, "mythmeta-bench: -G and -g exclude each "
		    "other\n");
		return -1;
	}
	if (mb_opts_games(o) > o->users) {
		fprintf(stderr, "mythmeta-bench: -G %u: more games than "
		    "users\n", o->games);
		return -1;
	}
	if (mb_opts_games(o) > 0 && o->mode != MB_M_CHAT) {
		fprintf(stderr, "mythmeta-bench: games need the chat mode "
		    "(no -I or -L)\n");
		return -1;
	}
	if (o->sup_pid != 0 && o->pidfile[0] != '\0') {
		fprintf(stderr, "mythmeta-bench: -s and -f exclude each "
		    "other\n");
		return -1;
	}
	return 0;
}

/* mb_opts_parse - 0, or -1 after a message (the caller prints usage) */
int
mb_opts_parse(struct mb_opts *o, int argc, char *argv[])
{
	int	ch, modes = 0;

	defaults(o);
	while ((ch = getopt(argc, argv, OPTSTRING)) != -1) {
		if (ch == 'I' || ch == 'L')
			modes++;
		if (ch == '?' || set_option(o, ch, optarg) == -1)
			return -1;
	}
	if (optind != argc || modes > 1) {
		if (modes > 1)
			fprintf(stderr, "mythmeta-bench: -I and -L exclude "
			    "each other\n");
		return -1;
	}
	return check(o);
}

/* mb_opts_username - the account name, or a guest's name, of a user */
int
mb_opts_username(const struct mb_opts *o, uint32_t user, char *buf,
    size_t size)
{
	int	n;

	if (o->accounts)
		n = snprintf(buf, size, "%s%u%s", o->name_pre, user,
		    o->name_post);
	else
		n = snprintf(buf, size, "mb%u", user);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* mb_opts_games - how many users host a game */
uint32_t
mb_opts_games(const struct mb_opts *o)
{
	if (o->games > 0)
		return o->games;
	return (uint32_t)(o->game_share * (double)o->users + 0.5);
}

static uint32_t
gcd(uint32_t a, uint32_t b)
{
	uint32_t	t;

	while (b != 0) {
		t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/*
 * mb_opts_hosts - whether this user hosts: user * P mod users (P a
 * prime not dividing users, so a permutation) below the game count.
 * Users are spread over the rooms and the processes in order of their
 * number; the permutation spreads the hosts over both, evenly when the
 * rooms divide the users (P = 7919 is 9 modulo 10).
 */
int
mb_opts_hosts(const struct mb_opts *o, uint32_t user)
{
	static const uint32_t	primes[] = { 7919, 7907, 7901, 7883, 1 };
	uint32_t		g = mb_opts_games(o), p = 1;
	size_t			i;

	if (g == 0)
		return 0;
	for (i = 0; i < sizeof(primes) / sizeof(primes[0]); i++)
		if (gcd(primes[i] % o->users, o->users) == 1) {
			p = primes[i];
			break;
		}
	return (uint32_t)(((uint64_t)user * p) % o->users) < g;
}

const char *
mb_dialect_name(enum mb_dialect d)
{
	switch (d) {
	case MB_D_MYTH:
		return "myth";
	case MB_D_ALEPHONE:
		return "alephone";
	default:
		return "mix";
	}
}

const char *
mb_mode_name(enum mb_mode m)
{
	switch (m) {
	case MB_M_LOGIN:
		return "login";
	case MB_M_IDLE:
		return "idle";
	default:
		return "chat";
	}
}
