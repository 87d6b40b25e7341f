/*
 * worker.c - the process skeleton behind `mythmetad -P role`: options,
 * logging, signals, the watchdog, the first config and reloads, the
 * role's wakeup timer, graceful stop.  One libev default loop; nothing
 * here blocks.  Config objects: boot_cfg (links and inherited fds were
 * built from it) lives until exit; a reload swaps in a new current
 * config only after the role accepted it, and frees the previous one.
 */
#include <sys/prctl.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>

#include "config.h"
#include "log.h"
#include "proto.h"
#include "wrk_int.h"

#define WATCHDOG_SECS	30	/* a loop stuck this long dies of SIGALRM */
#define WATCHDOG_REARM	10.0
#define FLUSH_POLL	0.01	/* graceful stop: check the tx rings */
#define FLUSH_MAX	1.0	/* ...for at most this long */

struct wrk_state	wrk;

static ev_signal	term_w;
static ev_timer		watchdog_w;
static ev_timer		tick_w;
static ev_timer		flush_w;
static ev_prepare	turn_w;		/* role->flush once per iteration */
static uint64_t		tick_due_ms;	/* 0 = tick_w not armed */
static double		flush_start;

static long	wrk_index_parse(const char *);
static int	wrk_args(int, char **);
static void	wrk_usage(void);
static void	wrk_proc_init(void);
static void	wrk_watchers_start(void);
static void	wrk_term_cb(struct ev_loop *, ev_signal *, int);
static void	wrk_watchdog_cb(struct ev_loop *, ev_timer *, int);
static void	wrk_tick_cb(struct ev_loop *, ev_timer *, int);
static void	wrk_flush_cb(struct ev_loop *, ev_timer *, int);
static void	wrk_turn_cb(struct ev_loop *, ev_prepare *, int);
static void	wrk_verbose(const struct ms_config *);
static const struct wrk_role *wrk_role_of(uint32_t);

static void
wrk_usage(void)
{
	fprintf(stderr, "usage: mythmetad -P store|game|room|gateway "
	    "-I index -L stderr|facility [-v]\n");
}

static const struct wrk_role *
wrk_role_of(uint32_t role)
{
	switch (role) {
	case MS_ROLE_STORE:
		return &wrk_role_store;
	case MS_ROLE_GAME:
		return &wrk_role_game;
	case MS_ROLE_ROOM:
		return &wrk_role_room;
	case MS_ROLE_GATEWAY:
		return &wrk_role_gateway;
	}
	return NULL;
}

static long
wrk_index_parse(const char *s)
{
	char	*end;
	long	 idx;

	errno = 0;
	idx = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || idx < 0 ||
	    idx >= MS_CFG_WORKERS_MAX)
		return -1;
	return idx;
}

static int
wrk_args(int argc, char **argv)
{
	const char	*logdest = NULL;
	int		 ch, role = -1, fac = 0;
	long		 idx = -1;

	optind = 1;
	while ((ch = getopt(argc, argv, "P:I:L:v")) != -1) {
		switch (ch) {
		case 'P':
			role = ms_role_parse(optarg);
			break;
		case 'I':
			idx = wrk_index_parse(optarg);
			break;
		case 'L':
			logdest = optarg;
			break;
		case 'v':
			wrk.verbose++;
			break;
		default:
			return -1;
		}
	}
	if (optind != argc || role == -1 || idx == -1 || logdest == NULL)
		return -1;
	if (strcmp(logdest, "stderr") != 0 &&
	    (fac = ms_log_facility_parse(logdest)) == -1)
		return -1;
	if ((role == MS_ROLE_STORE || role == MS_ROLE_GAME) && idx != 0)
		return -1;
	wrk.role_id = (uint32_t)role;
	wrk.index = (uint32_t)idx;
	ms_log_init(strcmp(logdest, "stderr") == 0, fac);
	return 0;
}

/* wrk_proc_init - name, signals: everything a fresh exec needs. */
static void
wrk_proc_init(void)
{
	char	comm[16];

	snprintf(wrk.procname, sizeof(wrk.procname), "%s[%u]",
	    ms_role_name(wrk.role_id), wrk.index);
	ms_log_procinit(wrk.procname);
	ms_log_setverbose(wrk.verbose);
	snprintf(comm, sizeof(comm), "ms-%s", ms_role_name(wrk.role_id));
	(void)prctl(PR_SET_NAME, comm, 0, 0, 0);
	/* ^C and reloads go to the supervisor; reloads arrive on fd 3. */
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, SIG_DFL);
	wrk.pid = (uint32_t)getpid();
	wrk.epoch = ms_epoch_new();
	wrk.role = wrk_role_of(wrk.role_id);
}

static void
wrk_watchers_start(void)
{
	ev_signal_init(&term_w, wrk_term_cb, SIGTERM);
	ev_signal_start(wrk.loop, &term_w);
	ev_timer_init(&watchdog_w, wrk_watchdog_cb, WATCHDOG_REARM,
	    WATCHDOG_REARM);
	ev_timer_start(wrk.loop, &watchdog_w);
	alarm(WATCHDOG_SECS);
	ev_init(&tick_w, wrk_tick_cb);
	ev_init(&flush_w, wrk_flush_cb);
	ev_prepare_init(&turn_w, wrk_turn_cb);
	ev_prepare_start(wrk.loop, &turn_w);
}

/* What the role batched during this iteration leaves before we wait. */
static void
wrk_turn_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	if (wrk.configured && wrk.role->flush != NULL)
		wrk.role->flush();
}

int
wrk_main(int argc, char **argv)
{
	if (wrk_args(argc, argv) == -1) {
		wrk_usage();
		return EX_USAGE;
	}
	wrk_proc_init();
	if ((wrk.loop = ev_default_loop(EVFLAG_AUTO)) == NULL) {
		log_warnx("cannot initialise the event loop");
		return EX_OSERR;
	}
	wrk_watchers_start();
	if (wrk_ctl_start() == -1)
		return EX_OSERR;
	log_debug("started (pid %u, epoch %08x, proto %u)", wrk.pid,
	    wrk.epoch, MS_PROTO_VERSION);
	ev_run(wrk.loop, 0);
	wrk_links_close();
	if (wrk.cfg != wrk.boot_cfg)
		ms_cfg_free(wrk.cfg);
	ms_cfg_free(wrk.boot_cfg);
	log_info("stopped");
	return 0;
}

static void
wrk_verbose(const struct ms_config *cfg)
{
	int	v = (int)cfg->log_verbose;

	ms_log_setverbose(v > wrk.verbose ? v : wrk.verbose);
}

/* wrk_configured - first config: check, open links, init role, READY. */
void
wrk_configured(struct ms_config *cfg, uint32_t gen)
{
	struct ms_ctl_gen	ready;
	int			rv;

	if (geteuid() == 0 && cfg->user[0] != '\0') {
		log_warnx("running as root although user \"%s\" is "
		    "configured: the privilege drop failed", cfg->user);
		exit(EX_NOPERM);
	}
	wrk.boot_cfg = wrk.cfg = cfg;
	wrk.gen = gen;
	wrk.configured = 1;
	wrk_verbose(cfg);
	if (wrk_links_open(cfg) == -1)
		exit(EX_OSERR);
	if (wrk.role->init != NULL && (rv = wrk.role->init(cfg)) != 0)
		exit(rv);
	ready.generation = gen;
	ready.status = 0;
	if (wrk_ctl_send(MS_CTL_READY, 0, &ready, sizeof(ready)) == -1)
		exit(EX_OSERR);
	log_info("ready (generation %u, epoch %08x, pid %u)", gen, wrk.epoch,
	    wrk.pid);
}

/* wrk_reconfigure - a reload; returns the CFG_ACK status. */
int
wrk_reconfigure(struct ms_config *cfg, uint32_t gen)
{
	struct ms_config	*old = wrk.cfg;

	if (wrk.role->reload != NULL && wrk.role->reload(cfg) == -1) {
		log_warnx("config generation %u refused by the %s role", gen,
		    wrk.role->name);
		ms_cfg_free(cfg);
		return -1;
	}
	wrk_links_reload(cfg);
	wrk_verbose(cfg);
	wrk.cfg = cfg;
	wrk.gen = gen;
	if (old != wrk.boot_cfg)
		ms_cfg_free(old);
	log_info("config generation %u applied", gen);
	return 0;
}

/* wrk_stop - graceful: role first, then let the tx rings drain. */
void
wrk_stop(const char *why)
{
	if (wrk.stopping)
		return;
	wrk.stopping = 1;
	log_info("stopping (%s)", why);
	if (wrk.configured && wrk.role->shutdown != NULL)
		wrk.role->shutdown();
	ev_timer_stop(wrk.loop, &tick_w);
	flush_start = ev_now(wrk.loop);
	ev_timer_set(&flush_w, 0., FLUSH_POLL);
	ev_timer_start(wrk.loop, &flush_w);
}

static void
wrk_flush_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	if (!wrk_links_idle() && ev_now(loop) - flush_start < FLUSH_MAX)
		return;
	wrk_links_close();
	ev_break(loop, EVBREAK_ALL);
}

/* wrk_exit_now - unsupervised is not an option: no flush, no nng. */
void
wrk_exit_now(void)
{
	wrk_links_unlink();
	_exit(0);
}

static void
wrk_term_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	wrk_stop("SIGTERM");
}

static void
wrk_watchdog_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	alarm(WATCHDOG_SECS);
}

static void
wrk_tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	int64_t	next;

	(void)loop;
	(void)w;
	(void)revents;
	tick_due_ms = 0;
	if (wrk.stopping || wrk.role->tick == NULL)
		return;
	if ((next = wrk.role->tick(wrk_now_ms())) >= 0)
		wrk_wakeup_in((uint64_t)next);
}

void
wrk_wakeup_in(uint64_t ms)
{
	uint64_t	due = wrk_now_ms() + ms;

	if (wrk.stopping || (tick_due_ms != 0 && tick_due_ms <= due))
		return;
	tick_due_ms = due;
	ev_timer_stop(wrk.loop, &tick_w);
	ev_timer_set(&tick_w, (double)ms / 1000.0, 0.);
	ev_timer_start(wrk.loop, &tick_w);
}

/* --- accessors for role code --- */

const struct ms_config *
wrk_cfg(void)
{
	return wrk.cfg;
}

uint32_t
wrk_self_role(void)
{
	return wrk.role_id;
}

uint32_t
wrk_self_index(void)
{
	return wrk.index;
}

uint32_t
wrk_epoch(void)
{
	return wrk.epoch;
}

void
wrk_self_hop(struct ms_ping_hop *hop)
{
	hop->role = wrk.role_id;
	hop->index = wrk.index;
	hop->pid = wrk.pid;
	hop->epoch = wrk.epoch;
}

uint64_t
wrk_now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

uint64_t
wrk_now_ms(void)
{
	return wrk_now_us() / 1000;
}

int64_t
wrk_wall_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
