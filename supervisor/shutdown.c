/*
 * shutdown.c - SIGTERM/SIGINT: stop the workers role by role, gateway
 * -> room -> game -> store, so new traffic stops first and the last
 * writes land last.  Each stage waits for its workers to exit (they get
 * stop_timeout_ms before SIGKILL); then the supervisor removes what it
 * created and exits 0.
 */
#include <stdlib.h>
#include <unistd.h>

#include "control.h"
#include "log.h"
#include "sup.h"

static const int stop_order[] = {
	MS_ROLE_GATEWAY, MS_ROLE_ROOM, MS_ROLE_GAME, MS_ROLE_STORE
};
#define NSTAGES	((int)(sizeof(stop_order) / sizeof(stop_order[0])))

static void
shutdown_finish(void)
{
	size_t	i;

	for (i = 0; i < sup.nchild; i++)
		ev_timer_stop(sup.loop, &sup.child[i].restart_w);
	sup_listen_close(&sup.lst);
	sup_control_close(sup.cfg->control_socket);
	sup_rundir_cleanup(sup.cfg->rundir, sup.made_rundir);
	log_info("all workers stopped; exiting");
	ev_break(sup.loop, EVBREAK_ALL);
}

static void
shutdown_stage(int role)
{
	size_t	i;

	log_info("stopping %s workers", ms_role_name((uint32_t)role));
	for (i = 0; i < sup.nchild; i++) {
		struct sup_child *c = &sup.child[i];

		ev_timer_stop(sup.loop, &c->restart_w);
		if ((int)c->role == role && c->pid != -1)
			sup_child_stop(c, 0);
	}
}

/*
 * sup_shutdown_step - advance to the next stage once the current one
 * has no process left; called at start and after every worker exit.
 */
void
sup_shutdown_step(void)
{
	if (!sup.shutting_down || sup.stop_stage >= NSTAGES)
		return;
	while (sup_children_running(stop_order[sup.stop_stage]) == 0) {
		if (++sup.stop_stage == NSTAGES) {
			shutdown_finish();
			return;
		}
		shutdown_stage(stop_order[sup.stop_stage]);
	}
}

void
sup_shutdown_begin(void)
{
	size_t	i;

	if (sup.shutting_down)
		return;
	sup.shutting_down = 1;
	log_info("shutting down");
	for (i = 0; i < sup.nchild; i++)
		ev_timer_stop(sup.loop, &sup.child[i].restart_w);
	sup.stop_stage = 0;
	shutdown_stage(stop_order[0]);
	sup_shutdown_step();
}
