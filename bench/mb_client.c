/*
 * mb_client.c - one simulated user: its login connection, then its room
 * connection with the token, driven by src/mclient.h from one libev io
 * watcher and one timer.  Sessions are freed only outside mclient's
 * callback: the callback sets flags, the io callback acts on them.
 * Every failure is counted once, by kind, in the worker's result.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "mb.h"
#include "mclient.h"
#include "wire.h"

#define ROOM_NOT_FOR_US	0x0004		/* room_flags bit2 (README 7.1) */
#define VERBOSE_MAX	20		/* -v lines per worker process */

static int	open_socket(const struct mb_opts *, uint16_t);
static int	start(struct mb_user *, enum mcl_mode, uint16_t);
static void	io_cb(struct ev_loop *, ev_io *, int);
static void	timeout_cb(struct ev_loop *, ev_timer *, int);
static void	on_event(void *, const struct mcl_event *);
static void	after_io(struct mb_user *, int);
static void	teardown(struct mb_user *);
static void	say(struct mb_user *, const char *, const char *);
static void	fail(struct mb_user *, enum mb_err);
static void	rearm(struct mb_user *);
static int	pick_room(struct mb_user *, struct mw_iter);

void
mb_user_init(struct mb_worker *w, struct mb_user *u, uint32_t id)
{
	const struct mb_opts	*o = w->o;

	memset(u, 0, sizeof(*u));
	u->w = w;
	u->id = id;
	u->fd = -1;
	u->phase = MB_P_IDLE;
	if (o->dialect == MB_D_MIX)
		u->dialect = id % 2 ? MW_DIALECT_ALEPHONE : MW_DIALECT_MYTH;
	else
		u->dialect = o->dialect == MB_D_ALEPHONE ?
		    MW_DIALECT_ALEPHONE : MW_DIALECT_MYTH;
	ev_init(&u->io, io_cb);
	u->io.data = u;
	ev_init(&u->timer, timeout_cb);
	u->timer.data = u;
}

/* open_socket - a non-blocking connect to the one address we may use */
static int
open_socket(const struct mb_opts *o, uint16_t port)
{
	struct sockaddr_in	sin;
	int			fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = o->addr;
	sin.sin_port = htons(port);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
	    errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
fill_params(struct mb_user *u, struct mcl_params *p, char *name,
    size_t size, char *nick)
{
	const struct mb_opts	*o = u->w->o;

	memset(p, 0, sizeof(*p));
	p->dialect = u->dialect;
	p->on_event = on_event;
	p->arg = u;
	snprintf(nick, MB_NAME_MAX + 1, "mb%u", u->id);
	p->player.nick = nick;
	p->player.team = "bench";
	p->player.primary.red = 0xffff;
	if (o->accounts) {
		(void)mb_opts_username(o, u->id, name, size);
		p->password = o->password;
	} else {
		snprintf(name, size, "%s", u->dialect == MW_DIALECT_ALEPHONE ?
		    "guest" : nick);
		p->password = "";
	}
	p->username = name;
}

/* start - a new session of this mode on this port, connect under way */
static int
start(struct mb_user *u, enum mcl_mode mode, uint16_t port)
{
	struct mcl_params	p;
	char			name[MB_NAME_MAX + 1], nick[MB_NAME_MAX + 1];

	fill_params(u, &p, name, sizeof(name), nick);
	p.mode = mode;
	memcpy(p.token, u->token, sizeof(p.token));
	if ((u->s = mcl_new(&p)) == NULL) {
		fail(u, MB_E_PROTOCOL);
		return -1;
	}
	if ((u->fd = open_socket(u->w->o, port)) == -1) {
		fail(u, MB_E_CONNECT);
		return -1;
	}
	u->connected = 0;
	ev_io_set(&u->io, u->fd, EV_WRITE);
	ev_io_start(u->w->loop, &u->io);
	/*
	 * On loopback the handshake is over by now: send at once rather
	 * than a loop turn later, which a busy worker makes long enough
	 * for the server to take an Aleph One client for a silent Myth one
	 * (gateway.login_grace_ms).  EAGAIN leaves it for the watcher.
	 */
	if (mcl_on_writable(u->s, u->fd) == -1) {
		fail(u, MB_E_CONNECT);
		return -1;
	}
	return 0;
}

/* mb_user_login - begin a login: login connection, then the room */
int
mb_user_login(struct mb_user *u)
{
	u->t_start = mb_now();
	u->logged_in = u->refused = u->kicked = 0;
	u->phase = MB_P_LOGIN;
	u->w->res.login_attempts++;
	ev_timer_stop(u->w->loop, &u->timer);
	ev_timer_set(&u->timer, u->w->o->login_timeout, 0.);
	ev_timer_start(u->w->loop, &u->timer);
	return start(u, MCL_LOGIN, u->w->o->login_port);
}

static void
timeout_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct mb_user	*u = t->data;

	(void)loop;
	(void)revents;
	if (u->phase == MB_P_LOGIN || u->phase == MB_P_ROOM)
		fail(u, MB_E_TIMEOUT);
	else if (u->phase == MB_P_IDLE && u->w->sending)
		(void)mb_user_login(u);		/* -L: retry delay over */
}

static int
connect_done(struct mb_user *u)
{
	socklen_t	len = sizeof(int);
	int		err = 0;

	if (getsockopt(u->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		return -1;
	if (err != 0) {
		errno = err;
		return -1;
	}
	u->connected = 1;
	return 0;
}

static void
io_cb(struct ev_loop *loop, ev_io *io, int revents)
{
	struct mb_user	*u = io->data;
	int		 rc = 0;

	(void)loop;
	if (!u->connected && connect_done(u) == -1) {
		fail(u, MB_E_CONNECT);
		return;
	}
	if (revents & EV_READ)
		rc = mcl_on_readable(u->s, u->fd);
	if (rc == 0 && (revents & EV_WRITE))
		rc = mcl_on_writable(u->s, u->fd);
	after_io(u, rc);
}

/* login_done - the login connection did its job: on to the room */
static void
login_done(struct mb_user *u)
{
	struct mb_worker	*w = u->w;

	teardown(u);
	if (w->o->mode == MB_M_LOGIN) {
		u->phase = MB_P_IDLE;
		mb_worker_settled(w, u, 1);
		return;
	}
	u->phase = MB_P_ROOM;
	(void)start(u, MCL_ROOM, u->room_port);
}

/* closed_kind - why a session we did not close ended */
static enum mb_err
closed_kind(const struct mb_user *u)
{
	const char	*why = mcl_reason(u->s);

	if (u->refused)
		return MB_E_REFUSED;
	if (u->kicked || strncmp(why, "connection closed", 17) == 0 ||
	    strncmp(why, "read:", 5) == 0 || strncmp(why, "write:", 6) == 0)
		return MB_E_CLOSED;
	return MB_E_PROTOCOL;
}

static void
after_io(struct mb_user *u, int rc)
{
	if (u->phase == MB_P_LOGIN && u->logged_in) {
		if (u->refused)
			fail(u, MB_E_REFUSED);	/* no room for us */
		else
			login_done(u);
		return;
	}
	if (rc == -1 || mcl_state(u->s) == MCL_S_CLOSED) {
		fail(u, closed_kind(u));
		return;
	}
	rearm(u);
}

static void
rearm(struct mb_user *u)
{
	int	want = EV_READ;

	if (!u->connected)
		want = EV_WRITE;
	else if (mcl_wants_write(u->s))
		want |= EV_WRITE;
	if ((u->io.events & (EV_READ | EV_WRITE)) == want)
		return;
	ev_io_stop(u->w->loop, &u->io);
	ev_io_set(&u->io, u->fd, want);
	ev_io_start(u->w->loop, &u->io);
}

static void
teardown(struct mb_user *u)
{
	ev_io_stop(u->w->loop, &u->io);
	if (u->fd != -1)
		close(u->fd);
	u->fd = -1;
	mcl_free(u->s);
	u->s = NULL;
	u->connected = 0;
}

/* say - -v: the first few failures and notices, each with its cause */
static void
say(struct mb_user *u, const char *what, const char *why)
{
	static const char *const phases[] = { "idle", "login", "room",
	    "in room", "gone" };

	if (u->w->o->verbose == 0 || u->w->said >= VERBOSE_MAX)
		return;
	u->w->said++;
	fprintf(stderr, "mythmeta-bench: user %u (%s, %s): %s: %.100s\n", u->id,
	    u->dialect == MW_DIALECT_MYTH ? "myth" : "alephone",
	    phases[u->phase], what, why);
}

/* fail - count it, drop the socket, tell the worker if mid-login */
static void
fail(struct mb_user *u, enum mb_err kind)
{
	enum mb_phase	was = u->phase;

	u->w->res.errors[kind]++;
	if (u->s != NULL && mcl_state(u->s) == MCL_S_CLOSED)
		say(u, mb_err_name(kind), mcl_reason(u->s));
	else
		say(u, mb_err_name(kind), kind == MB_E_CONNECT ?
		    strerror(errno) : "no answer in time");
	teardown(u);
	ev_timer_stop(u->w->loop, &u->timer);
	u->phase = MB_P_GONE;
	if (was == MB_P_LOGIN || was == MB_P_ROOM) {
		if (u->w->o->mode == MB_M_LOGIN)
			u->phase = MB_P_IDLE;
		mb_worker_settled(u->w, u, 0);
	}
}

static void
entered(struct mb_user *u, uint32_t user_id)
{
	u->user_id = user_id;
	u->phase = MB_P_IN_ROOM;
	ev_timer_stop(u->w->loop, &u->timer);
	mb_worker_settled(u->w, u, 1);
}

/*
 * notice - a server message, or a "blue bar" line once the chat began
 * (the welcome lines come before): mythmetad refuses lines over
 * gateway.chat_rate with one, other servers with a server message.
 */
static void
notice(struct mb_user *u, int32_t code, const char *text)
{
	if (u->phase != MB_P_IN_ROOM || code == MW_MSG_LOGIN_SUCCESSFUL)
		return;
	if (code == -1 && (u->w->go.t0 == 0 || mb_now() < u->w->go.t0))
		return;
	u->w->res.errors[MB_E_LIMITED]++;
	say(u, code == -1 ? "notice" : "server message", text);
}

/* on_event - mclient's callback: account, set flags, never free */
static void
on_event(void *arg, const struct mcl_event *ev)
{
	struct mb_user	*u = arg;

	switch (ev->type) {
	case MCL_EV_LOGGED_IN:
		memcpy(u->token, ev->u.logged_in.token, sizeof(u->token));
		u->logged_in = 1;
		if (pick_room(u, ev->u.logged_in.rooms) == -1)
			u->refused = 1;
		break;
	case MCL_EV_LOGIN_FAILED:
		u->refused = 1;
		break;
	case MCL_EV_IN_ROOM:
		entered(u, ev->u.in_room.user_id);
		break;
	case MCL_EV_CHAT:
		mb_worker_line(u->w, ev->u.chat.message, 0);
		break;
	case MCL_EV_PRIVATE:
		if (ev->u.pm.target_player_id == u->user_id)
			mb_worker_line(u->w, ev->u.pm.chat.message, 1);
		break;
	case MCL_EV_SERVER_MESSAGE:
		notice(u, ev->u.msg.code, ev->u.msg.text);
		break;
	case MCL_EV_GAME_LIST:
		if (ev->packet == MW_T_GAME_LIST)
			mb_game_list(u, &ev->u.list);
		break;
	case MCL_EV_MOTD:
		if (!mb_game_notice(u, ev->u.text.text))
			notice(u, -1, ev->u.text.text);
		break;
	case MCL_EV_BLAMMED:
		u->kicked = 1;
		break;
	default:
		break;
	}
}

/*
 * pick_room - the rooms this user may enter, by id; the user takes
 * number (id mod N) of the first N (-R), so users spread round-robin
 * and every process agrees on which room is which.
 */
static int
pick_room(struct mb_user *u, struct mw_iter it)
{
	struct mw_room	r, rooms[MB_ROOMS_MAX];
	size_t		n = 0, i, j;

	while (n < MB_ROOMS_MAX && mw_room_list_next(&it, &r) == 1) {
		if (r.room_flags & ROOM_NOT_FOR_US)
			continue;
		for (i = n; i > 0 && rooms[i - 1].room_id > r.room_id; i--)
			rooms[i] = rooms[i - 1];
		rooms[i] = r;
		n++;
	}
	if (u->w->o->rooms != 0 && n > u->w->o->rooms)
		n = u->w->o->rooms;
	if (n == 0)
		return -1;
	j = u->id % n;
	u->room = (uint8_t)j;
	u->room_port = rooms[j].port;
	return 0;
}

/* flush - write what a timer queued; the user may be gone after it */
static void
flush(struct mb_user *u)
{
	int	rc = 0;

	if (u->connected)
		rc = mcl_on_writable(u->s, u->fd);
	after_io(u, rc);
}

/* mb_user_queued - an mcl_* action's result: count a full buffer, send */
int
mb_user_queued(struct mb_user *u, int rc)
{
	if (rc == -1) {
		if (errno == ENOBUFS)
			u->w->res.errors[MB_E_SENDBUF]++;
		return -1;
	}
	flush(u);
	return 0;
}

int
mb_user_chat(struct mb_user *u, const char *text)
{
	if (u->phase != MB_P_IN_ROOM)
		return -1;
	return mb_user_queued(u, mcl_chat(u->s, text));
}

int
mb_user_private(struct mb_user *u, uint32_t target, const char *text)
{
	if (u->phase != MB_P_IN_ROOM)
		return -1;
	return mb_user_queued(u, mcl_private(u->s, target, text));
}

/* mb_user_logout - polite goodbye in a room; anything else is dropped */
void
mb_user_logout(struct mb_user *u)
{
	if (u->phase == MB_P_IN_ROOM && mcl_logout(u->s) == 0 &&
	    u->connected)
		(void)mcl_on_writable(u->s, u->fd);
	if (u->s != NULL)
		teardown(u);
	ev_timer_stop(u->w->loop, &u->timer);
	u->phase = MB_P_GONE;
}
