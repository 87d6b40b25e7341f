/*
 * mythmeta-bench.c - the load generator's parent process: options, the
 * file limit, the daemon samples, the run's time line (login phase,
 * GO with t0/t1/t2, window, results) and the output.  The simulated
 * users live in the worker processes (mb_worker.c); see
 * mythmeta-bench(1).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "mb.h"

#define GO_DELAY_NS	50000000ULL	/* GO reaches every worker first */
#define LOGOUT_NS	(10 * MB_NS)	/* logout and RESULT after drain */
#define REAP_NS		(2 * MB_NS)
#define READY_MAX_NS	(3600 * MB_NS)

static void
sleep_until(uint64_t t)
{
	struct timespec	ts;

	ts.tv_sec = (time_t)(t / MB_NS);
	ts.tv_nsec = (long)(t % MB_NS);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	    EINTR)
		;
}

static void
sample(const struct mb_summary *sm, struct mb_dsample *d)
{
	if (sm->sup_pid == 0)
		return;
	if (mb_daemon_sample(sm->sup_pid, d) == -1)
		fprintf(stderr, "mythmeta-bench: pid %ld: cannot read "
		    "/proc\n", (long)sm->sup_pid);
}

/*
 * ready_deadline - every user's login is bounded by the login timeout
 * and at most `inflight` run at once, so the phase is bounded too.
 */
static uint64_t
ready_deadline(const struct mb_opts *o)
{
	double		waves = (double)o->users / (double)o->inflight + 1;
	uint64_t	ns = (uint64_t)(waves * o->login_timeout * 1e9);

	return mb_now() + (ns < READY_MAX_NS ? ns : READY_MAX_NS);
}

/* run - the time line; returns how many workers reported a result */
static uint32_t
run(const struct mb_opts *o, struct mb_procs *ps, struct mb_summary *sm)
{
	struct mb_go	go;
	uint32_t	n = mb_procs_count(ps), got;

	if ((got = mb_procs_wait(ps, MB_MSG_READY, ready_deadline(o))) < n)
		fprintf(stderr, "mythmeta-bench: %u of %u workers finished "
		    "their logins in time\n", got, n);
	go.t0 = mb_now() + GO_DELAY_NS;
	go.t1 = go.t0 + (uint64_t)(o->warmup * 1e9);
	go.t2 = go.t1 + (uint64_t)(o->duration * 1e9);
	if (mb_procs_go(ps, &go) == 0)
		return 0;
	sleep_until(go.t1);
	sample(sm, &sm->d_before);
	sleep_until(go.t2);
	sample(sm, &sm->d_after);
	got = mb_procs_wait(ps, MB_MSG_RESULT, go.t2 + MB_DRAIN_NS +
	    LOGOUT_NS);
	mb_procs_merge(ps, &sm->r);
	return got;
}

int
main(int argc, char *argv[])
{
	struct mb_opts		 o;
	struct mb_summary	 sm;
	struct mb_procs		*ps;

	memset(&sm, 0, sizeof(sm));
	sm.o = &o;
	if (mb_opts_parse(&o, argc, argv) == -1) {
		mb_opts_usage(stderr);
		return EX_USAGE;
	}
	if (mb_daemon_pid(&o, &sm.sup_pid) == -1)
		return EX_NOINPUT;
	if (mb_raise_nofile((o.users + o.procs - 1) / o.procs) == -1)
		return EX_OSERR;
	signal(SIGPIPE, SIG_IGN);
	sample(&sm, &sm.d_start);
	if ((ps = mb_procs_start(&o)) == NULL)
		return EX_OSERR;
	sm.procs_ok = run(&o, ps, &sm);
	mb_procs_end(ps, mb_now() + REAP_NS);
	if (o.json)
		mb_out_json(stdout, &sm);
	else
		mb_out_text(stdout, &sm);
	if (sm.procs_ok < o.procs) {
		fprintf(stderr, "mythmeta-bench: %u of %u workers reported\n",
		    sm.procs_ok, o.procs);
		return EX_SOFTWARE;
	}
	return sm.r.login_ok > 0 ? 0 : EX_UNAVAILABLE;
}
