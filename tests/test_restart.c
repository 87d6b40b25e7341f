/*
 * test_restart.c - every branch of the supervisor's restart policy, as
 * tables of (exit kind, time since READY) -> (action, delay).
 */
#include <sys/wait.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sysexits.h>

#include <cmocka.h>

#include "restart.h"

static const struct ms_cfg_restart rc = {
	.backoff_base_ms = 1000,
	.backoff_max_ms = 30000,
	.healthy_after_ms = 30000,
	.crashloop_limit = 6,
	.park_retry_ms = 300000,
};

struct step {
	enum sup_exit_kind	kind;
	int64_t			ready_for_ms;	/* -1 = never READY */
	enum sup_action		want_action;
	uint32_t		want_delay;
	uint32_t		want_streak;
	int			want_parked;
};

static void
run_steps(const struct ms_cfg_restart *conf, const struct step *s, size_t n)
{
	struct sup_restart_state	st = { 0, 0, 0 };
	uint64_t			now = 100000000;
	uint32_t			delay;
	enum sup_action			a;
	size_t				i;

	for (i = 0; i < n; i++) {
		now += 100000;
		st.ready_at_ms = s[i].ready_for_ms < 0 ? 0 :
		    now - (uint64_t)s[i].ready_for_ms;
		a = sup_restart_decide(conf, &st, s[i].kind, now, &delay);
		if (a != s[i].want_action)
			fail_msg("step %zu: got action %s, want %s", i,
			    sup_restart_action_name(a),
			    sup_restart_action_name(s[i].want_action));
		if (delay != s[i].want_delay)
			fail_msg("step %zu: got delay %u, want %u", i, delay,
			    s[i].want_delay);
		if (st.streak != s[i].want_streak)
			fail_msg("step %zu: got streak %u, want %u", i,
			    st.streak, s[i].want_streak);
		if (st.parked != s[i].want_parked)
			fail_msg("step %zu: got parked %d, want %d", i,
			    st.parked, s[i].want_parked);
		assert_int_equal(st.ready_at_ms, 0);
	}
}

/* 1, 2, 4, 8, 16 s, then the 6th quick failure parks with a 5 min probe. */
static void
test_backoff_then_park(void **state)
{
	static const struct step s[] = {
		{ SUP_EXIT_CRASH, 500, SUP_RESTART, 1000, 1, 0 },
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 2000, 2, 0 },
		{ SUP_EXIT_CRASH, 29999, SUP_RESTART, 4000, 3, 0 },
		{ SUP_EXIT_CRASH, 0, SUP_RESTART, 8000, 4, 0 },
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 16000, 5, 0 },
		{ SUP_EXIT_CRASH, -1, SUP_PARK, 300000, 6, 1 },
		{ SUP_EXIT_CRASH, -1, SUP_PARK, 300000, 7, 1 },
	};

	(void)state;
	run_steps(&rc, s, sizeof(s) / sizeof(s[0]));
}

/* A run READY for >= healthy_after restarts at once and clears the streak. */
static void
test_healthy_run_resets(void **state)
{
	static const struct step s[] = {
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 1000, 1, 0 },
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 2000, 2, 0 },
		{ SUP_EXIT_CRASH, 30000, SUP_RESTART, 0, 0, 0 },
		{ SUP_EXIT_CRASH, 10, SUP_RESTART, 1000, 1, 0 },
		{ SUP_EXIT_CRASH, 3600000, SUP_RESTART, 0, 0, 0 },
	};

	(void)state;
	run_steps(&rc, s, sizeof(s) / sizeof(s[0]));
}

/* The delay never exceeds backoff_max_ms, however long the streak. */
static void
test_backoff_cap(void **state)
{
	struct ms_cfg_restart	conf = rc;
	static const struct step s[] = {
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 1000, 1, 0 },
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 2000, 2, 0 },
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 4000, 3, 0 },
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 8000, 4, 0 },
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 16000, 5, 0 },
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 30000, 6, 0 },
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 30000, 7, 0 },
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 30000, 8, 0 },
	};

	(void)state;
	conf.crashloop_limit = 100;
	run_steps(&conf, s, sizeof(s) / sizeof(s[0]));
}

/* Permanent exit codes are never restarted; requested exits never count. */
static void
test_permanent_and_requested(void **state)
{
	static const struct step s[] = {
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 1000, 1, 0 },
		{ SUP_EXIT_REQUESTED, -1, SUP_STAY_DOWN, 0, 1, 0 },
		{ SUP_EXIT_REQUESTED, 50000, SUP_STAY_DOWN, 0, 1, 0 },
		{ SUP_EXIT_CRASH, -1, SUP_RESTART, 2000, 2, 0 },
		{ SUP_EXIT_PERMANENT, 50000, SUP_STAY_DOWN, 0, 2, 1 },
	};

	(void)state;
	run_steps(&rc, s, sizeof(s) / sizeof(s[0]));
}

static void
test_classify(void **state)
{
	static const struct {
		int			status;
		int			requested;
		enum sup_exit_kind	want;
	} t[] = {
		{ EX_CONFIG << 8, 0, SUP_EXIT_PERMANENT },
		{ EX_NOPERM << 8, 0, SUP_EXIT_PERMANENT },
		{ EX_USAGE << 8, 0, SUP_EXIT_PERMANENT },
		{ EX_SOFTWARE << 8, 0, SUP_EXIT_CRASH },
		{ 0, 0, SUP_EXIT_CRASH },	/* unasked exit 0 is a crash */
		{ 1 << 8, 0, SUP_EXIT_CRASH },
		{ SIGKILL, 0, SUP_EXIT_CRASH },
		{ SIGSEGV | 0x80, 0, SUP_EXIT_CRASH },
		{ SIGKILL, 1, SUP_EXIT_REQUESTED },
		{ EX_CONFIG << 8, 1, SUP_EXIT_REQUESTED },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		enum sup_exit_kind got;

		got = sup_restart_classify(t[i].status, t[i].requested);
		if (got != t[i].want)
			fail_msg("row %zu: got kind %d, want %d", i, got,
			    t[i].want);
	}
}

/* A clock that went backwards must not count as a healthy run. */
static void
test_ready_in_future(void **state)
{
	struct sup_restart_state	st = { 0, 5000, 0 };
	uint32_t			delay;

	(void)state;
	assert_int_equal(sup_restart_decide(&rc, &st, SUP_EXIT_CRASH, 1000,
	    &delay), SUP_RESTART);
	assert_int_equal(delay, 1000);
	assert_int_equal(st.streak, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff_then_park),
		cmocka_unit_test(test_healthy_run_resets),
		cmocka_unit_test(test_backoff_cap),
		cmocka_unit_test(test_permanent_and_requested),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_ready_in_future),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
