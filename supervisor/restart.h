/*
 * restart.h - the supervisor's restart policy as a pure function: no
 * clock, no I/O, no globals.  The caller passes "now" and the exit kind
 * and gets back what to do, so every branch is a row in a unit test.
 */
#ifndef SUP_RESTART_H
#define SUP_RESTART_H

#include <stdint.h>

#include "config.h"

enum sup_exit_kind {
	SUP_EXIT_CRASH,		/* signal, unexpected exit, missed deadline */
	SUP_EXIT_PERMANENT,	/* EX_USAGE, EX_NOPERM, EX_CONFIG */
	SUP_EXIT_REQUESTED	/* we asked it to stop (reload, shutdown) */
};

enum sup_action {
	SUP_RESTART,		/* spawn again after *delay_ms (0 = now) */
	SUP_PARK,		/* crash loop: probe again after *delay_ms */
	SUP_STAY_DOWN		/* wait for a reload or an operator */
};

struct sup_restart_state {
	uint32_t	streak;		/* consecutive quick failures */
	uint64_t	ready_at_ms;	/* 0 = never READY in this run */
	int		parked;		/* set here; cleared by the caller */
};

enum sup_exit_kind sup_restart_classify(int wait_status, int requested);
enum sup_action	sup_restart_decide(const struct ms_cfg_restart *,
		    struct sup_restart_state *, enum sup_exit_kind,
		    uint64_t now_ms, uint32_t *delay_ms);
const char	*sup_restart_action_name(enum sup_action);

#endif /* SUP_RESTART_H */
