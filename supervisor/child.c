/*
 * child.c - one record per worker and its life cycle: spawn, the
 * HELLO -> CONFIG -> READY handshake, heartbeats, deadlines, and what
 * happens when it exits.  A worker's misbehaviour (a malformed control
 * message, a missed deadline) costs that worker a restart; nothing here
 * ever takes the supervisor down.
 */
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "ctl.h"
#include "log.h"
#include "sup.h"

static void	child_exit_cb(struct ev_loop *, ev_child *, int);
static void	child_ctl_cb(struct ev_loop *, ev_io *, int);
static void	child_ready_cb(struct ev_loop *, ev_timer *, int);
static void	child_hb_cb(struct ev_loop *, ev_timer *, int);
static void	child_restart_cb(struct ev_loop *, ev_timer *, int);
static void	child_killer_cb(struct ev_loop *, ev_timer *, int);

static double
secs(uint32_t ms)
{
	return (double)ms / 1000.0;
}

static void
child_add(enum ms_role role, unsigned index)
{
	struct sup_child	*c = &sup.child[sup.nchild++];

	memset(c, 0, sizeof(*c));
	c->role = role;
	c->index = index;
	c->pid = -1;
	c->ctl_fd = -1;
	c->state = CH_DOWN;
	if (role == MS_ROLE_ROOM || role == MS_ROLE_GATEWAY)
		snprintf(c->name, sizeof(c->name), "%s[%u]",
		    ms_role_name(role), index);
	else
		snprintf(c->name, sizeof(c->name), "%s", ms_role_name(role));
	ev_init(&c->ready_w, child_ready_cb);
	ev_init(&c->hb_w, child_hb_cb);
	ev_init(&c->restart_w, child_restart_cb);
	ev_init(&c->kill_w, child_killer_cb);
	c->ready_w.data = c->hb_w.data = c->restart_w.data = c;
	c->kill_w.data = c;
}

/* sup_children_init - the worker set: store, game, rooms, gateways. */
void
sup_children_init(void)
{
	unsigned	i;

	sup.nchild = 0;
	child_add(MS_ROLE_STORE, 0);
	child_add(MS_ROLE_GAME, 0);
	for (i = 0; i < sup.cfg->room_workers; i++)
		child_add(MS_ROLE_ROOM, i);
	for (i = 0; i < sup.cfg->gateway_workers; i++)
		child_add(MS_ROLE_GATEWAY, i);
}

void
sup_child_start(struct sup_child *c)
{
	pid_t	pid;
	int	fd;

	ev_timer_stop(sup.loop, &c->restart_w);
	if ((pid = sup_spawn(c, &fd)) == -1) {
		c->state = CH_DOWN;
		ev_timer_set(&c->restart_w, 1.0, 0.);
		ev_timer_start(sup.loop, &c->restart_w);
		return;
	}
	/* libev wants the child watcher started before the loop runs on. */
	ev_child_init(&c->child_w, child_exit_cb, pid, 0);
	c->child_w.data = c;
	ev_child_start(sup.loop, &c->child_w);
	c->pid = pid;
	c->ctl_fd = fd;
	c->state = CH_STARTING;
	c->stop_requested = 0;
	c->epoch = 0;
	ev_io_init(&c->ctl_w, child_ctl_cb, fd, EV_READ);
	c->ctl_w.data = c;
	ev_io_start(sup.loop, &c->ctl_w);
	ev_timer_set(&c->ready_w, secs(sup.cfg->ready_timeout_ms), 0.);
	ev_timer_start(sup.loop, &c->ready_w);
	log_info("%s: spawned pid %ld", c->name, (long)pid);
}

/* sup_child_kill - SIGKILL a misbehaving worker; its exit is a crash. */
void
sup_child_kill(struct sup_child *c, const char *why)
{
	if (c->pid == -1)
		return;
	log_warnx("%s[%ld]: %s; killing it", c->name, (long)c->pid, why);
	kill(c->pid, SIGKILL);
}

/*
 * sup_child_stop - ask for a graceful exit that does not count as a
 * crash; SIGKILL after stop_timeout_ms.  respawn = deliberate restart.
 */
void
sup_child_stop(struct sup_child *c, int respawn)
{
	c->respawn_after_stop = respawn;
	if (c->pid == -1) {
		if (respawn && !sup.shutting_down)
			sup_child_start(c);
		return;
	}
	c->stop_requested = 1;
	c->state = CH_STOPPING;
	if (c->ctl_fd != -1)
		(void)ms_ctl_send(c->ctl_fd, MS_CTL_STOP, 0, sup.epoch, NULL,
		    0);
	kill(c->pid, SIGTERM);
	ev_timer_set(&c->kill_w, secs(sup.cfg->stop_timeout_ms), 0.);
	ev_timer_start(sup.loop, &c->kill_w);
}

static void
child_killer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sup_child	*c = w->data;

	(void)loop;
	(void)revents;
	if (c->pid != -1) {
		log_warnx("%s[%ld]: did not stop within %u ms; SIGKILL",
		    c->name, (long)c->pid, sup.cfg->stop_timeout_ms);
		kill(c->pid, SIGKILL);
	}
}

/* sup_child_send_config - the current generation and its exact text. */
void
sup_child_send_config(struct sup_child *c)
{
	static char		 buf[MS_MSG_MAX];
	struct ms_ctl_config	 cc;
	size_t			 len = strlen(sup.cfg_text);

	cc.generation = sup.gen;
	cc.text_len = (uint32_t)len;
	memcpy(cc.secret, sup.secret, sizeof(cc.secret));
	memcpy(buf, &cc, sizeof(cc));
	memcpy(buf + sizeof(cc), sup.cfg_text, len + 1);
	if (ms_ctl_send(c->ctl_fd, MS_CTL_CONFIG, sup.gen, sup.epoch, buf,
	    sizeof(cc) + len + 1) == -1)
		sup_child_kill(c, "cannot send its config");
}

int
sup_children_running(int role)
{
	size_t	i;
	int	n = 0;

	for (i = 0; i < sup.nchild; i++)
		if ((int)sup.child[i].role == role && sup.child[i].pid != -1)
			n++;
	return n;
}

static void
child_on_hello(struct sup_child *c, const struct ms_hdr *h, const void *p)
{
	struct ms_ctl_hello	hello;

	memcpy(&hello, p, sizeof(hello));
	if (hello.role != (uint32_t)c->role || hello.index != c->index ||
	    hello.proto_version != MS_PROTO_VERSION) {
		sup_child_kill(c, "HELLO does not match its role, index or "
		    "protocol version");
		return;
	}
	c->epoch = h->epoch;
	sup_child_send_config(c);
}

static void
child_on_ready(struct sup_child *c, const void *p)
{
	struct ms_ctl_gen	g;

	memcpy(&g, p, sizeof(g));
	if (c->state != CH_STARTING)
		return;
	ev_timer_stop(sup.loop, &c->ready_w);
	c->state = CH_READY;
	c->acked_gen = g.generation;
	c->rs.ready_at_ms = sup_now_ms();
	c->rs.parked = 0;
	c->hb_echo_ms = sup_now_ms();
	ev_timer_set(&c->hb_w, 0., secs(sup.cfg->heartbeat_interval_ms));
	ev_timer_again(sup.loop, &c->hb_w);
	log_info("%s[%ld]: READY (generation %u)", c->name, (long)c->pid,
	    g.generation);
	if (g.generation != sup.gen)
		sup_child_send_config(c);
}

static void
child_on_gen_ack(struct sup_child *c, const void *p)
{
	struct ms_ctl_gen	g;

	memcpy(&g, p, sizeof(g));
	sup_reload_ack(c, g.generation, g.status);
}

static void
child_on_heartbeat(struct sup_child *c, const void *p)
{
	struct ms_ctl_heartbeat	hb;

	memcpy(&hb, p, sizeof(hb));
	if (hb.seq == c->hb_seq)
		c->hb_echo_ms = sup_now_ms();
}

static void
child_on_admin_rep(struct sup_child *c, const struct ms_hdr *h,
    const void *p)
{
	struct ms_ctl_admin_rep	r;
	const char		*text = (const char *)p + sizeof(r);

	if (h->len < sizeof(r) + 1) {
		sup_child_kill(c, "sent a malformed admin answer");
		return;
	}
	memcpy(&r, p, sizeof(r));
	if (r.len != h->len - sizeof(r) || text[r.len - 1] != '\0') {
		sup_child_kill(c, "sent a malformed admin answer");
		return;
	}
	sup_control_reply(c, h->reqid, r.status, text);
}

static void
child_dispatch(struct sup_child *c, const void *msg)
{
	struct ms_hdr	 h;
	const char	*p = (const char *)msg + sizeof(h);

	memcpy(&h, msg, sizeof(h));
	if (ms_msg_role_ok(h.type, c->role, 0) == -1) {
		sup_child_kill(c, "sent a message its role may not send");
		return;
	}
	switch (h.type) {
	case MS_CTL_HELLO:
		child_on_hello(c, &h, p);
		break;
	case MS_CTL_READY:
		child_on_ready(c, p);
		break;
	case MS_CTL_CFG_ACK:
		child_on_gen_ack(c, p);
		break;
	case MS_CTL_HEARTBEAT:
		child_on_heartbeat(c, p);
		break;
	case MS_CTL_ADMIN_REP:
		child_on_admin_rep(c, &h, p);
		break;
	default:
		sup_child_kill(c, "sent an unexpected control message");
		break;
	}
}

static void
child_ctl_close(struct sup_child *c)
{
	if (c->ctl_fd == -1)
		return;
	ev_io_stop(sup.loop, &c->ctl_w);
	close(c->ctl_fd);
	c->ctl_fd = -1;
}

static void
child_ctl_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	static char		 buf[MS_MSG_MAX];
	struct sup_child	*c = w->data;
	const char		*why = NULL;
	ssize_t			 n;
	int			 budget;

	(void)loop;
	(void)revents;
	for (budget = 0; budget < 64 && c->ctl_fd != -1; budget++) {
		n = ms_ctl_recv(c->ctl_fd, buf, sizeof(buf), &why);
		if (n == -1 && errno == EAGAIN)
			return;
		if (n == 0) {		/* the exit status follows */
			child_ctl_close(c);
			return;
		}
		if (n == -1) {
			sup_child_kill(c, why != NULL ? why :
			    "control channel error");
			child_ctl_close(c);
			return;
		}
		child_dispatch(c, buf);
	}
}

static void
child_ready_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sup_child	*c = w->data;

	(void)loop;
	(void)revents;
	if (c->state == CH_STARTING)
		sup_child_kill(c, "not READY in time");
}

static void
child_hb_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sup_child	*c = w->data;
	struct ms_ctl_heartbeat	 hb;
	uint64_t		 now = sup_now_ms();

	(void)loop;
	(void)revents;
	if (c->state != CH_READY || c->ctl_fd == -1)
		return;
	if (now - c->hb_echo_ms > sup.cfg->heartbeat_timeout_ms) {
		sup_child_kill(c, "missed its heartbeats");
		return;
	}
	hb.seq = ++c->hb_seq;
	hb.sent_ms = now;
	if (ms_ctl_send(c->ctl_fd, MS_CTL_HEARTBEAT, 0, sup.epoch, &hb,
	    sizeof(hb)) == -1 && errno != EAGAIN)
		log_warn("%s: heartbeat", c->name);
}

static void
child_restart_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sup_child	*c = w->data;

	(void)loop;
	(void)revents;
	if (!sup.shutting_down && c->pid == -1)
		sup_child_start(c);
}

static void
child_log_exit(struct sup_child *c, pid_t pid, int status,
    enum sup_action a, uint32_t delay)
{
	char	cause[64], decision[96];

	if (WIFEXITED(status))
		snprintf(cause, sizeof(cause), "exited with status %d",
		    WEXITSTATUS(status));
	else
		snprintf(cause, sizeof(cause), "killed by signal %d%s",
		    WTERMSIG(status), WCOREDUMP(status) ?
		    " (core dumped)" : "");
	if (c->stop_requested)
		snprintf(decision, sizeof(decision), "%s",
		    c->respawn_after_stop && !sup.shutting_down ?
		    "stopped on request; restarting" : "stopped on request");
	else if (a == SUP_RESTART)
		snprintf(decision, sizeof(decision), "restart #%u in %.1fs",
		    c->restarts + 1, secs(delay));
	else if (a == SUP_PARK)
		snprintf(decision, sizeof(decision), "parked after %u quick "
		    "failures; service degraded; next try in %.0fs",
		    c->rs.streak, secs(delay));
	else
		snprintf(decision, sizeof(decision), "not restarted "
		    "(permanent error); fix the cause and reload");
	if (a == SUP_PARK || (a == SUP_STAY_DOWN && !c->stop_requested))
		log_crit("%s[%ld] %s; %s", c->name, (long)pid, cause,
		    decision);
	else if (c->stop_requested)
		log_info("%s[%ld] %s; %s", c->name, (long)pid, cause,
		    decision);
	else
		log_warnx("%s[%ld] %s; %s", c->name, (long)pid, cause,
		    decision);
}

static void
child_after_exit(struct sup_child *c, enum sup_action a, uint32_t delay)
{
	if (sup.shutting_down) {
		c->state = CH_DOWN;
		sup_shutdown_step();
		return;
	}
	if (c->stop_requested) {
		c->state = CH_DOWN;
		if (c->respawn_after_stop)
			sup_child_start(c);
		return;
	}
	c->state = a == SUP_RESTART ? CH_DOWN : CH_PARKED;
	if (a == SUP_STAY_DOWN)
		return;
	c->restarts++;
	if (delay == 0) {
		sup_child_start(c);
		return;
	}
	ev_timer_set(&c->restart_w, secs(delay), 0.);
	ev_timer_start(sup.loop, &c->restart_w);
}

static void
child_exit_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct sup_child	*c = w->data;
	enum sup_exit_kind	 kind;
	enum sup_action		 a;
	uint32_t		 delay;
	pid_t			 pid = c->pid;

	(void)revents;
	ev_child_stop(loop, w);
	ev_timer_stop(loop, &c->ready_w);
	ev_timer_stop(loop, &c->hb_w);
	ev_timer_stop(loop, &c->kill_w);
	child_ctl_close(c);
	c->pid = -1;
	kind = sup_restart_classify(w->rstatus, c->stop_requested ||
	    sup.shutting_down);
	a = sup_restart_decide(&sup.cfg->restart, &c->rs, kind, sup_now_ms(),
	    &delay);
	child_log_exit(c, pid, w->rstatus, a, delay);
	child_after_exit(c, a, delay);
	sup_reload_forget(c);
	sup_control_child_gone(c);
}
