/*
 * mb_worker.c - one worker process: a libev loop that logs its share of
 * the users in (at most inflight_max at a time), says READY, and on GO
 * runs the timed phases: chat and private lines paced by timers from
 * t0, the measured window [t1, t2], a drain, then logout and RESULT.
 * Received lines carry their send time; latency is receive minus send.
 * The game scenario (hosts, their updates and score cycles) is
 * mb_game.c's; hosts do not chat.
 */
#include <sys/resource.h>
#include <sys/time.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "mb.h"

#define TICK_MIN	0.001	/* pacing timer period at high rates */
#define CATCHUP_S	0.05	/* at most this much lag is caught up */
#define RETRY_S		0.01	/* -L: pause after a failed login */
#define LINE_MAX	64

static int	setup(struct mb_worker *, const struct mb_opts *, uint32_t,
		    uint32_t);
static void	pump(struct mb_worker *);
static void	ctl_cb(struct ev_loop *, ev_io *, int);
static void	phase_cb(struct ev_loop *, ev_timer *, int);
static void	chat_cb(struct ev_loop *, ev_timer *, int);
static void	pm_cb(struct ev_loop *, ev_timer *, int);
static void	arm_phase(struct mb_worker *);
static void	finish(struct mb_worker *);

static int
setup(struct mb_worker *w, const struct mb_opts *o, uint32_t first,
    uint32_t count)
{
	double		share = (double)count / (double)o->users;
	uint32_t	i;

	w->o = o;
	w->n = count;
	w->chat_rate = o->chat_rate * share;
	w->pm_rate = o->pm_rate * share;
	w->inflight_max = (uint32_t)((double)o->inflight * share + 0.999);
	if (w->inflight_max == 0)
		w->inflight_max = 1;
	mb_result_init(&w->res);
	if ((w->loop = ev_default_loop(0)) == NULL ||
	    (w->u = calloc(count, sizeof(*w->u))) == NULL)
		return -1;
	for (i = 0; i < count; i++)
		mb_user_init(w, &w->u[i], first + i);
	if (mb_game_setup(w) == -1)
		return -1;
	ev_io_init(&w->ctl, ctl_cb, w->rfd, EV_READ);
	w->ctl.data = w;
	ev_io_start(w->loop, &w->ctl);
	ev_init(&w->phase, phase_cb);
	w->phase.data = w;
	ev_init(&w->chat_tick, chat_cb);
	w->chat_tick.data = w;
	ev_init(&w->pm_tick, pm_cb);
	w->pm_tick.data = w;
	return 0;
}

int
mb_worker_main(const struct mb_opts *o, uint32_t first, uint32_t count,
    int rfd, int wfd)
{
	struct mb_worker	*w;
	int			 rc;

	signal(SIGPIPE, SIG_IGN);
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return 1;
	w->rfd = rfd;
	w->wfd = wfd;
	if (setup(w, o, first, count) == -1) {
		perror("mythmeta-bench: worker");
		return 1;
	}
	if (o->mode == MB_M_LOGIN) {
		w->settled = w->n;
		(void)mb_write_msg(w->wfd, MB_MSG_READY, NULL, 0);
	} else
		pump(w);
	ev_run(w->loop, 0);
	finish(w);
	rc = w->aborted ? 1 : 0;
	mb_game_free(w);
	free(w->u);
	free(w);
	return rc;
}

/* check_ready - the login phase is over once every user settled */
static void
check_ready(struct mb_worker *w)
{
	if (w->settled != w->n || w->res.t_login_end != 0)
		return;
	w->res.t_login_end = mb_now();
	if (mb_write_msg(w->wfd, MB_MSG_READY, NULL, 0) == -1) {
		w->aborted = 1;
		ev_break(w->loop, EVBREAK_ALL);
	}
}

/*
 * pump - start logins up to the in-flight limit.  A login that fails
 * at once settles inside the loop below; the guard turns that nested
 * call into a no-op instead of a recursion as deep as the user count.
 */
static void
pump(struct mb_worker *w)
{
	if (w->pumping)
		return;
	w->pumping = 1;
	if (w->res.t_login_start == 0)
		w->res.t_login_start = mb_now();
	while (w->inflight < w->inflight_max && w->next < w->n) {
		w->inflight++;
		(void)mb_user_login(&w->u[w->next++]);
	}
	w->pumping = 0;
	check_ready(w);
}

/* login_settled - -L: count a login in the window, start the next */
static void
login_settled(struct mb_worker *w, struct mb_user *u, int ok)
{
	uint64_t	now = mb_now();

	if (ok) {
		w->res.login_ok++;
		if (now >= w->go.t1 && now <= w->go.t2) {
			w->res.logins_window++;
			mb_hist_add(&w->res.login, now - u->t_start);
		}
		if (w->sending)
			(void)mb_user_login(u);
		return;
	}
	if (w->sending) {
		ev_timer_set(&u->timer, RETRY_S, 0.);
		ev_timer_start(w->loop, &u->timer);
	}
}

void
mb_worker_settled(struct mb_worker *w, struct mb_user *u, int ok)
{
	if (w->o->mode == MB_M_LOGIN) {
		login_settled(w, u, ok);
		return;
	}
	w->inflight--;
	w->settled++;
	if (ok) {
		w->res.login_ok++;
		if (u->dialect == MW_DIALECT_MYTH)
			w->res.users_myth++;
		else
			w->res.users_alephone++;
		mb_hist_add(&w->res.login, mb_now() - u->t_start);
	}
	pump(w);
}

/* skip_field - past one number and the space after it; NULL if none */
static const char *
skip_field(const char *s)
{
	if (*s < '0' || *s > '9')
		return NULL;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == ' ' ? s + 1 : NULL;
}

/* parse_line - the send time of "mb <sender> <seq> <t_ns>" */
static int
parse_line(const char *s, uint64_t *t_ns)
{
	char	*end;

	if (s == NULL || strncmp(s, "mb ", 3) != 0 ||
	    (s = skip_field(s + 3)) == NULL || (s = skip_field(s)) == NULL)
		return -1;
	errno = 0;
	*t_ns = strtoull(s, &end, 10);
	return end == s || *end != '\0' || errno != 0 ? -1 : 0;
}

/* mb_worker_line - one of our lines came back: count it, time it */
void
mb_worker_line(struct mb_worker *w, const char *text, int pm)
{
	uint64_t	t, now = mb_now();
	int		in_window = now >= w->go.t1 && now <= w->go.t2;
	int		sent_in = 0;

	if (w->go.t1 == 0 || parse_line(text, &t) == -1)
		return;
	sent_in = t >= w->go.t1 && t <= w->go.t2;
	if (t > now)
		t = now;
	if (pm) {
		w->res.pm_deliveries += in_window;
		w->res.pm_delivered += sent_in;
		if (sent_in)
			mb_hist_add(&w->res.pm, now - t);
		return;
	}
	w->res.deliveries += in_window;
	w->res.delivered += sent_in;
	if (sent_in)
		mb_hist_add(&w->res.chat, now - t);
}

/* ctl_cb - the parent's GO; EOF means it is gone, so are we */
static void
ctl_cb(struct ev_loop *loop, ev_io *io, int revents)
{
	struct mb_worker	*w = io->data;
	struct mb_msg_hdr	 h;
	ssize_t			 n;

	(void)revents;
	n = read(w->rfd, &h, sizeof(h));
	if (n == -1 && errno == EINTR)
		return;
	if (n == (ssize_t)sizeof(h) && h.type == MB_MSG_GO &&
	    h.size == sizeof(w->go) &&
	    read(w->rfd, &w->go, sizeof(w->go)) == (ssize_t)sizeof(w->go)) {
		w->step = 0;
		arm_phase(w);
		return;
	}
	w->aborted = 1;
	ev_io_stop(loop, io);
	ev_break(loop, EVBREAK_ALL);
}

static void
arm_phase(struct mb_worker *w)
{
	uint64_t	at[4] = { w->go.t0, w->go.t1, w->go.t2,
	    w->go.t2 + MB_DRAIN_NS };
	uint64_t	now = mb_now();

	ev_timer_set(&w->phase, at[w->step] > now ?
	    (double)(at[w->step] - now) / 1e9 : 0., 0.);
	ev_timer_start(w->loop, &w->phase);
}

double
mb_worker_period(double rate)
{
	return rate * TICK_MIN > 1 ? TICK_MIN : 1.0 / rate;
}

static void
begin_sending(struct mb_worker *w)
{
	uint32_t	i;

	w->sending = 1;
	if (w->o->mode == MB_M_LOGIN) {
		for (i = 0; i < w->n; i++)
			(void)mb_user_login(&w->u[i]);
		return;
	}
	if (w->o->mode != MB_M_CHAT)
		return;
	if (w->chat_rate > 0) {
		ev_timer_set(&w->chat_tick, mb_worker_period(w->chat_rate),
		    mb_worker_period(w->chat_rate));
		ev_timer_start(w->loop, &w->chat_tick);
	}
	if (w->pm_rate > 0) {
		ev_timer_set(&w->pm_tick, mb_worker_period(w->pm_rate),
		    mb_worker_period(w->pm_rate));
		ev_timer_start(w->loop, &w->pm_tick);
	}
	mb_game_begin(w);
}

/* open_window - who listens from now on: the expected deliveries */
static void
open_window(struct mb_worker *w)
{
	uint32_t	i;

	for (i = 0; i < w->n; i++)
		if (w->u[i].phase == MB_P_IN_ROOM)
			w->res.room_members[w->u[i].room]++;
}

static void
phase_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct mb_worker	*w = t->data;

	(void)revents;
	switch (w->step++) {
	case 0:
		begin_sending(w);
		break;
	case 1:
		open_window(w);
		break;
	case 2:
		w->sending = 0;
		ev_timer_stop(loop, &w->chat_tick);
		ev_timer_stop(loop, &w->pm_tick);
		mb_game_stop(w);
		break;
	default:
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	arm_phase(w);
}

/*
 * mb_worker_due - packets owed at this rate since t0.  After a stall
 * (this process starved of CPU) at most CATCHUP_S worth go out at once;
 * the rest are counted as skipped rather than sent as a burst.
 */
uint64_t
mb_worker_due(struct mb_worker *w, double rate, uint64_t *sched,
    uint64_t *skipped)
{
	uint64_t	now = mb_now(), total, n, cap;

	if (now < w->go.t0)
		return 0;
	total = (uint64_t)((double)(now - w->go.t0) / 1e9 * rate);
	n = total > *sched ? total - *sched : 0;
	*sched = total;
	cap = (uint64_t)(rate * CATCHUP_S) + 1;
	if (n > cap) {
		*skipped += n - cap;
		n = cap;
	}
	return n;
}

/* next_in_room - round robin over the users in a room that chat */
static struct mb_user *
next_in_room(struct mb_worker *w, uint32_t *rr)
{
	struct mb_user	*u;
	uint32_t	 i;

	for (i = 0; i < w->n; i++) {
		u = &w->u[*rr];
		*rr = (*rr + 1) % w->n;
		if (u->phase == MB_P_IN_ROOM && !u->hosting)
			return u;
	}
	return NULL;
}

static int
in_window(const struct mb_worker *w, uint64_t t)
{
	return t >= w->go.t1 && t <= w->go.t2;
}

static void
chat_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct mb_worker	*w = t->data;
	struct mb_user		*u;
	char			 line[LINE_MAX];
	uint64_t		 n, now;

	(void)loop;
	(void)revents;
	for (n = mb_worker_due(w, w->chat_rate, &w->chat_sched,
	    &w->res.chats_skipped); n > 0; n--) {
		if ((u = next_in_room(w, &w->chat_rr)) == NULL)
			return;
		now = mb_now();
		snprintf(line, sizeof(line), "mb %u %llu %llu", u->id,
		    (unsigned long long)++w->seq, (unsigned long long)now);
		if (mb_user_chat(u, line) == 0 && in_window(w, now)) {
			w->res.chats_sent++;
			w->res.room_sent[u->room]++;
		}
	}
}

/* partner - another of our users in the same room, or NULL */
static struct mb_user *
partner(struct mb_worker *w, const struct mb_user *u)
{
	uint32_t	i = (uint32_t)(u - w->u), k;
	struct mb_user	*v;

	for (k = 1; k < w->n; k++) {
		v = &w->u[(i + k) % w->n];
		if (v->phase == MB_P_IN_ROOM && v->room == u->room)
			return v;
	}
	return NULL;
}

static void
pm_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct mb_worker	*w = t->data;
	struct mb_user		*u, *v;
	char			 line[LINE_MAX];
	uint64_t		 n, now;

	(void)loop;
	(void)revents;
	for (n = mb_worker_due(w, w->pm_rate, &w->pm_sched,
	    &w->res.chats_skipped); n > 0; n--) {
		if ((u = next_in_room(w, &w->pm_rr)) == NULL ||
		    (v = partner(w, u)) == NULL)
			return;
		now = mb_now();
		snprintf(line, sizeof(line), "mb %u %llu %llu", u->id,
		    (unsigned long long)++w->seq, (unsigned long long)now);
		if (mb_user_private(u, v->user_id, line) == 0 &&
		    in_window(w, now))
			w->res.pms_sent++;
	}
}

/* finish - log everyone out, then report (unless the parent is gone) */
static void
finish(struct mb_worker *w)
{
	struct rusage	ru;
	uint32_t	i;

	for (i = 0; i < w->n; i++)
		mb_user_logout(&w->u[i]);
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		w->res.cpu_ns = ((uint64_t)ru.ru_utime.tv_sec +
		    (uint64_t)ru.ru_stime.tv_sec) * MB_NS +
		    ((uint64_t)ru.ru_utime.tv_usec +
		    (uint64_t)ru.ru_stime.tv_usec) * 1000;
	if (!w->aborted)
		(void)mb_write_msg(w->wfd, MB_MSG_RESULT, &w->res,
		    sizeof(w->res));
	close(w->wfd);
	close(w->rfd);
}
