/*
 * reload.c - SIGHUP: read the file again, and either switch every
 * worker to the new generation or keep the old config whole.  A reload
 * never makes things worse: a broken file, a change that needs a full
 * restart, or a port that cannot be bound leaves the running generation
 * untouched and logs why.  Workers acknowledge each generation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "sup.h"

static unsigned	reload_acked, reload_restarted, reload_unparked;

static void
reload_log_errors(const char *err)
{
	char	buf[4096], *line, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", err);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		log_warnx("reload: %s", line);
}

/* Keys that only a full restart can change make the reload refuse. */
static int
reload_needs_restart(const struct ms_config *old, const struct ms_config *nc)
{
	int	changes[MS_ROLE_MAX], r;

	ms_cfg_diff(old, nc, changes);
	for (r = 0; r < MS_ROLE_MAX; r++)
		if (changes[r] & CF_SUPERVISOR)
			return 1;
	return 0;
}

static int
reload_swap_listeners(const struct ms_config *nc, int *changed_r)
{
	struct sup_listeners	nl;

	*changed_r = !sup_listen_same(sup.cfg, nc);
	if (!*changed_r)
		return 0;
	if (sup_listen_open(nc, &nl, &sup.lst) == -1)
		return -1;
	sup_listen_close(&sup.lst);
	sup.lst = nl;
	return 0;
}

static void
reload_mark(const struct ms_config *old, int listeners_changed)
{
	int	changes[MS_ROLE_MAX];
	size_t	i;

	ms_cfg_diff(old, sup.cfg, changes);
	for (i = 0; i < sup.nchild; i++) {
		struct sup_child *c = &sup.child[i];

		c->reload_restart = (changes[c->role] & CF_RESTART) ||
		    (listeners_changed && c->role == MS_ROLE_GATEWAY);
		c->reload_wait = 0;
		if (c->state == CH_READY) {
			c->reload_wait = 1;
			sup_child_send_config(c);
		} else if (c->state == CH_PARKED) {
			memset(&c->rs, 0, sizeof(c->rs));
			c->state = CH_DOWN;
			reload_unparked++;
			sup_child_start(c);
		}
	}
}

static void
reload_finish(void)
{
	size_t	i;

	ev_timer_stop(sup.loop, &sup.reload_w);
	sup.reloading = 0;
	for (i = 0; i < sup.nchild; i++) {
		struct sup_child *c = &sup.child[i];

		if (c->reload_wait) {
			log_warnx("%s: no CFG_ACK for generation %u in time",
			    c->name, sup.gen);
			c->reload_wait = 0;
			c->reload_restart = 1;
		}
		if (c->reload_restart && c->pid != -1) {
			reload_restarted++;
			sup_child_stop(c, 1);
		}
		c->reload_restart = 0;
	}
	log_info("reload generation %u: %u acknowledged, %u restarted, "
	    "%u unparked", sup.gen, reload_acked, reload_restarted,
	    reload_unparked);
}

static void
reload_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	reload_finish();
}

static int
reload_pending(void)
{
	size_t	i;

	for (i = 0; i < sup.nchild; i++)
		if (sup.child[i].reload_wait)
			return 1;
	return 0;
}

void
sup_reload_ack(struct sup_child *c, uint32_t gen, int32_t status)
{
	if (!sup.reloading || !c->reload_wait || gen != sup.gen)
		return;
	c->reload_wait = 0;
	c->acked_gen = gen;
	if (status != 0) {
		log_warnx("%s: could not apply generation %u; restarting it",
		    c->name, gen);
		c->reload_restart = 1;
	} else
		reload_acked++;
	if (!reload_pending())
		reload_finish();
}

/* sup_reload_forget - a worker that exits mid-reload owes no ack. */
void
sup_reload_forget(struct sup_child *c)
{
	if (!sup.reloading || !c->reload_wait)
		return;
	c->reload_wait = 0;
	if (!reload_pending())
		reload_finish();
}

static int
reload_read(char **text_r, struct ms_config **cfg_r)
{
	char	err[4096];

	err[0] = '\0';
	if (ms_cfg_read_file(sup.conf_path, text_r, cfg_r, err,
	    sizeof(err)) == -1) {
		reload_log_errors(err);
		return -1;
	}
	if (reload_needs_restart(sup.cfg, *cfg_r)) {
		log_warnx("reload: a changed setting needs a full restart "
		    "(see mythmetad.conf(5))");
		ms_cfg_free(*cfg_r);
		free(*text_r);
		return -1;
	}
	return 0;
}

void
sup_reload(void)
{
	struct ms_config	*nc, *old;
	char			*text;
	int			 lchanged;

	if (sup.reloading) {
		log_warnx("reload already in progress");
		return;
	}
	if (reload_read(&text, &nc) == -1)
		goto failed;
	if (reload_swap_listeners(nc, &lchanged) == -1) {
		ms_cfg_free(nc);
		free(text);
		goto failed;
	}
	old = sup.cfg;
	free(sup.cfg_text);
	sup.cfg = nc;
	sup.cfg_text = text;
	sup.gen++;
	ms_log_setverbose(sup.verbose > (int)nc->log_verbose ? sup.verbose :
	    (int)nc->log_verbose);
	reload_acked = reload_restarted = reload_unparked = 0;
	sup.reloading = 1;
	reload_mark(old, lchanged);
	ms_cfg_free(old);
	ev_timer_init(&sup.reload_w, reload_timeout_cb,
	    (double)sup.cfg->reload_timeout_ms / 1000.0, 0.);
	ev_timer_start(sup.loop, &sup.reload_w);
	if (!reload_pending())
		reload_finish();
	return;
failed:
	log_warnx("reload failed; keeping generation %u", sup.gen);
}
