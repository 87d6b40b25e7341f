/*
 * restart.c - what to do when a worker exits (ARCHITECTURE.md, "Restart
 * policy").  A run that was READY for healthy_after_ms or longer earns
 * an immediate restart and forgets past failures; anything shorter is a
 * quick failure with exponential backoff, and the crashloop_limit-th
 * quick failure in a row parks the worker with a slow probe.
 */
#include <sys/wait.h>

#include <sysexits.h>

#include "restart.h"

/* sup_restart_classify - waitpid() status to an exit kind. */
enum sup_exit_kind
sup_restart_classify(int wait_status, int requested)
{
	int	code;

	if (requested)
		return SUP_EXIT_REQUESTED;
	if (!WIFEXITED(wait_status))
		return SUP_EXIT_CRASH;
	code = WEXITSTATUS(wait_status);
	if (code == EX_USAGE || code == EX_NOPERM || code == EX_CONFIG)
		return SUP_EXIT_PERMANENT;
	return SUP_EXIT_CRASH;
}

static uint32_t
backoff_delay(const struct ms_cfg_restart *rc, uint32_t streak)
{
	uint64_t	d = rc->backoff_base_ms;
	uint32_t	i;

	for (i = 1; i < streak && d < rc->backoff_max_ms; i++)
		d *= 2;
	return d > rc->backoff_max_ms ? rc->backoff_max_ms : (uint32_t)d;
}

enum sup_action
sup_restart_decide(const struct ms_cfg_restart *rc,
    struct sup_restart_state *st, enum sup_exit_kind kind, uint64_t now_ms,
    uint32_t *delay_ms)
{
	int	healthy;

	*delay_ms = 0;
	healthy = st->ready_at_ms != 0 && now_ms >= st->ready_at_ms &&
	    now_ms - st->ready_at_ms >= rc->healthy_after_ms;
	st->ready_at_ms = 0;
	if (kind == SUP_EXIT_REQUESTED)
		return SUP_STAY_DOWN;
	if (kind == SUP_EXIT_PERMANENT) {
		st->parked = 1;
		return SUP_STAY_DOWN;
	}
	if (healthy) {
		st->streak = 0;
		return SUP_RESTART;
	}
	if (st->streak < UINT32_MAX)
		st->streak++;
	if (st->streak >= rc->crashloop_limit) {
		st->parked = 1;
		*delay_ms = rc->park_retry_ms;
		return SUP_PARK;
	}
	*delay_ms = backoff_delay(rc, st->streak);
	return SUP_RESTART;
}

const char *
sup_restart_action_name(enum sup_action a)
{
	switch (a) {
	case SUP_RESTART:
		return "restart";
	case SUP_PARK:
		return "park";
	case SUP_STAY_DOWN:
		return "stay down";
	}
	return "unknown";
}
