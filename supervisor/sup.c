/*
 * sup.c - the supervisor's run: take the resources only it may hold
 * (pidfile, listeners, runtime directory), detach, start the workers,
 * and turn signals into actions inside the loop.  Nothing here ever
 * exits because a worker failed.
 */
#include <sys/random.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "autoconf.h"
#include "control.h"
#include "log.h"
#include "sup.h"

struct sup	sup;

uint64_t
sup_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
sup_signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)loop;
	(void)revents;
	switch (w->signum) {
	case SIGHUP:
		log_info("SIGHUP: reloading %s", sup.conf_path);
		sup_reload();
		break;
	case SIGTERM:
	case SIGINT:
		sup_shutdown_begin();
		break;
	case SIGUSR1:
		ms_log_reopen();
		sup_logfile_reopen(sup.cfg->log_file);
		break;
	}
}

static void
sup_signals(void)
{
	static const int	sigs[] = { SIGHUP, SIGTERM, SIGINT, SIGUSR1 };
	size_t			i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		ev_signal_init(&sup.sig_w[i], sup_signal_cb, sigs[i]);
		ev_signal_start(sup.loop, &sup.sig_w[i]);
	}
}

/* Everything that can fail with a message for the operator's terminal. */
static int
sup_acquire(void)
{
	if (sup_resolve_user(sup.cfg, &sup.drop_privs, &sup.uid,
	    &sup.gid) == -1)
		return -1;
	if ((sup.pid_fd = sup_pidfile_open(sup.cfg->pidfile)) == -1)
		return -1;
	if (sup_rundir_prepare(sup.cfg->rundir, sup.drop_privs, sup.uid,
	    sup.gid, &sup.made_rundir) == -1)
		return -1;
	if (sup_datadir_prepare(sup.cfg->store_path, sup.drop_privs, sup.uid,
	    sup.gid) == -1)
		return -1;
	if (sup_listen_open(sup.cfg, &sup.lst, NULL) == -1)
		return -1;
	if (sup_control_open(sup.cfg->control_socket) == -1)
		return -1;
	return 0;
}

static void
sup_log_setup(void)
{
	int	fac;

	fac = ms_log_facility_parse(sup.cfg->log_facility);
	sup.to_stderr = sup.foreground || sup.cfg->log_file[0] != '\0';
	ms_log_init(sup.to_stderr, fac == -1 ? LOG_DAEMON : fac);
	ms_log_procinit("supervisor");
	if (sup.verbose < (int)sup.cfg->log_verbose)
		sup.verbose = (int)sup.cfg->log_verbose;
	ms_log_setverbose(sup.verbose);
}

static void
sup_start_workers(void)
{
	size_t	i;

	sup_children_init();
	for (i = 0; i < sup.nchild; i++)
		sup_child_start(&sup.child[i]);
}

/*
 * sup_run - the daemon proper, after the config was read and checked.
 * Returns the process exit status.
 */
int
sup_run(void)
{
	sup.log_pipe_wr = -1;
	sup.pid_fd = -1;
	sup.lst.login_fd = sup.lst.http_fd = -1;
	sup.epoch = ms_epoch_new();
	sup.gen = 1;
	if (getrandom(sup.secret, sizeof(sup.secret), 0) !=
	    (ssize_t)sizeof(sup.secret)) {
		log_warn("getrandom");
		return EX_OSERR;
	}
	sup_log_setup();
	if (sup_acquire() == -1) {
		/*
		 * Leave nothing behind that a retry would mistake for its
		 * own, but only once the pidfile lock showed these files
		 * are ours and not a running instance's.
		 */
		if (sup.pid_fd != -1) {
			sup_listen_close(&sup.lst);
			sup_rundir_cleanup(sup.cfg->rundir, sup.made_rundir);
			sup_pidfile_remove(sup.cfg->pidfile, sup.pid_fd);
		}
		return EX_OSERR;
	}
	if (!sup.foreground && sup_daemonize() == -1) {
		log_warn("daemonize");
		return EX_OSERR;
	}
	if (sup_pidfile_write(sup.pid_fd) == -1)
		log_warn("write pidfile %s", sup.cfg->pidfile);
	sup.loop = ev_default_loop(EVFLAG_AUTO);
	if (sup.cfg->log_file[0] != '\0' && (sup.log_pipe_wr =
	    sup_logfile_start(sup.loop, sup.cfg->log_file)) == -1)
		return EX_OSERR;
	sup_signals();
	sup_control_start();
	log_info("mythmetad %s starting: protocol %d, config %s generation "
	    "%u, pid %ld", PACKAGE_VERSION, MS_PROTO_VERSION, sup.conf_path,
	    sup.gen, (long)getpid());
	sup_start_workers();
	ev_run(sup.loop, 0);
	sup_pidfile_remove(sup.cfg->pidfile, sup.pid_fd);
	return 0;
}
