/*
 * it_players_harness.c - client sessions for the players integration
 * tests: non-blocking TCP connections to 127.0.0.1 driven by one libev
 * loop through mclient's fd helpers, the login -> room chain, and the
 * records each event leaves in its client.  A session the server ends
 * is drained until the server closes the socket, so a test can tell
 * "refused and closed" from "refused and left open".
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "it_players_harness.h"
#include "mclient.h"
#include "wire.h"

static struct itp_client	*clients[ITP_CLIENTS_MAX];
static size_t			 nclients;

itp_hook_fn	*itp_room_hook;

static void	io_cb(struct ev_loop *, ev_io *, int);
static void	on_event(void *, const struct mcl_event *);

static void *
grow(void *v, size_t *cap, size_t elem)
{
	size_t	ncap = *cap == 0 ? 16 : *cap * 2;

	if ((v = realloc(v, ncap * elem)) == NULL)
		abort();
	*cap = ncap;
	return v;
}

static void
copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

/* arm - the watcher wants what the session wants (read only once over) */
static void
arm(struct itp_client *c)
{
	int	want = EV_READ;

	if (c->fd == -1)
		return;
	if (c->connecting || (!c->closed && c->s != NULL &&
	    mcl_wants_write(c->s)))
		want |= EV_WRITE;
	if (ev_is_active(&c->io) && (c->io.events & (EV_READ | EV_WRITE)) ==
	    want)
		return;
	ev_io_stop(itp_loop, &c->io);
	ev_io_set(&c->io, c->fd, want);
	ev_io_start(itp_loop, &c->io);
}

static void
fd_close(struct itp_client *c)
{
	if (c->fd == -1)
		return;
	ev_io_stop(itp_loop, &c->io);
	close(c->fd);
	c->fd = -1;
	c->connecting = 0;
}

static void
session_free(struct itp_client *c)
{
	fd_close(c);
	mcl_free(c->s);
	c->s = NULL;
}

/* conn_reset - forget what the previous connection received */
static void
conn_reset(struct itp_client *c)
{
	session_free(c);
	c->closed = c->eof = c->dropped = 0;
	c->failed_code = -1;
	c->reason[0] = '\0';
	c->nseq = c->ncodes = 0;
	c->in_room = 0;
	c->room_uid = 0;
	c->nkeepalive = 0;
	c->blammed = 0;
	c->blam[0] = '\0';
	c->nroster = c->nlines = 0;
}

static int
conn_open(struct itp_client *c, uint16_t port)
{
	struct sockaddr_in	sin;
	int			fd;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
	    errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	c->fd = fd;
	c->connecting = 1;
	ev_io_init(&c->io, io_cb, fd, EV_READ | EV_WRITE);
	c->io.data = c;
	ev_io_start(itp_loop, &c->io);
	return 0;
}

static int
session_start(struct itp_client *c, enum mcl_mode mode, uint16_t port)
{
	struct mcl_params	p;

	memset(&p, 0, sizeof(p));
	p.dialect = c->dialect;
	p.mode = mode;
	p.username = c->user;
	p.password = c->pass;
	if (mode == MCL_ROOM)
		memcpy(p.token, c->token, sizeof(p.token));
	p.player.nick = c->nick;
	p.player.team = "itp";
	p.player.primary.red = 0x4000;
	p.player.secondary.blue = 0x8000;
	p.player.caste_bitmap = -1;
	p.on_event = on_event;
	p.arg = c;
	if ((c->s = mcl_new(&p)) == NULL || conn_open(c, port) == -1) {
		snprintf(c->reason, sizeof(c->reason), "start: %s",
		    strerror(errno));
		c->closed = 1;
		return -1;
	}
	return 0;
}

struct itp_client *
itp_new(enum mw_dialect d, const char *user, const char *pass,
    const char *nick)
{
	struct itp_client	*c;

	if (nclients == ITP_CLIENTS_MAX || (c = calloc(1, sizeof(*c))) ==
	    NULL)
		abort();
	c->dialect = d;
	copy(c->user, sizeof(c->user), user);
	copy(c->pass, sizeof(c->pass), pass);
	copy(c->nick, sizeof(c->nick), nick);
	c->fd = -1;
	c->room = -1;
	c->goal_room = -1;
	c->failed_code = -1;
	clients[nclients++] = c;
	return c;
}

/*
 * itp_new_player - an account (password "pw-NAME") or, with user NULL,
 * a guest (Myth: the nick as name and no password; Aleph One: the name
 * "guest"); not connected yet.
 */
struct itp_client *
itp_new_player(enum mw_dialect d, const char *user, const char *nick)
{
	char	pass[MCL_PASSWORD_MAX + 2];

	if (user == NULL)
		return itp_new(d, d == MW_DIALECT_MYTH ? nick : "guest", "",
		    nick);
	snprintf(pass, sizeof(pass), "pw-%s", user);
	return itp_new(d, user, pass, nick);
}

/* itp_clone - the same player (token and ids), no connection yet */
struct itp_client *
itp_clone(const struct itp_client *o)
{
	struct itp_client	*c;

	c = itp_new(o->dialect, o->user, o->pass, o->nick);
	c->logged_in = o->logged_in;
	c->user_id = o->user_id;
	memcpy(c->token, o->token, sizeof(c->token));
	c->nrooms = o->nrooms;
	memcpy(c->rooms, o->rooms, sizeof(c->rooms));
	return c;
}

/* itp_go - log in on the login port, then (room >= 0) enter the room */
int
itp_go(struct itp_client *c, int room)
{
	conn_reset(c);
	c->logged_in = 0;
	c->nlogins = 0;
	c->room = -1;
	c->goal_room = room;
	return session_start(c, MCL_LOGIN, itp_env.login_port);
}

int
itp_enter(struct itp_client *c, int room)
{
	conn_reset(c);
	c->goal_room = -1;
	c->room = room;
	if (room < 0 || (size_t)room >= itp_env.nrooms) {
		c->closed = 1;
		copy(c->reason, sizeof(c->reason), "no such room");
		return -1;
	}
	if (session_start(c, MCL_ROOM, itp_env.room_port[room]) == -1)
		return -1;
	if (itp_room_hook != NULL)
		itp_room_hook(c);
	return 0;
}

/* itp_drop - the test ends the connection (polite: logout first) */
void
itp_drop(struct itp_client *c, int polite)
{
	if (c->s != NULL && !c->closed && polite && mcl_logout(c->s) == 0)
		(void)mcl_on_writable(c->s, c->fd);
	if (!c->closed) {
		c->dropped = 1;
		c->closed = 1;
		copy(c->reason, sizeof(c->reason), "dropped by the test");
	}
	session_free(c);
}

/* itp_flush - after an action outside the loop: write what we can */
int
itp_flush(struct itp_client *c)
{
	if (c->s == NULL || c->closed || c->fd == -1)
		return -1;
	if (!c->connecting && mcl_on_writable(c->s, c->fd) == -1)
		return -1;
	arm(c);
	return 0;
}

/* itp_send_blob - a whole packet from a wire encoder, sent as is */
int
itp_send_blob(struct itp_client *c, uint16_t type, const uint8_t *pkt,
    size_t len)
{
	if (c->s == NULL || len < MW_HEADER_SIZE ||
	    mcl_send_raw(c->s, type, pkt + MW_HEADER_SIZE,
	    len - MW_HEADER_SIZE) == -1)
		return -1;
	return itp_flush(c);
}

/* itp_raw_write - bytes straight onto the socket, past the session */
int
itp_raw_write(struct itp_client *c, const void *buf, size_t n)
{
	const uint8_t	*p = buf;
	ssize_t		 r;
	int		 tries;

	for (tries = 0; n > 0 && tries < 1000; tries++) {
		if ((r = send(c->fd, p, n, MSG_NOSIGNAL)) == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return n == 0 ? 0 : -1;
}

void
itp_free_all(void)
{
	size_t	i;

	for (i = 0; i < nclients; i++) {
		session_free(clients[i]);
		free(clients[i]->roster);
		free(clients[i]->lines);
		free(clients[i]);
		clients[i] = NULL;
	}
	nclients = 0;
}

/* ---- I/O ---- */

static int
connect_done(struct itp_client *c)
{
	int		err = 0;
	socklen_t	len = sizeof(err);

	c->connecting = 0;
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		err = errno;
	if (err == 0)
		return 0;
	mcl_close(c->s, strerror(err));
	snprintf(c->reason, sizeof(c->reason), "connect: %s", strerror(err));
	c->eof = 1;
	fd_close(c);
	return -1;
}

/* drain - a session is over: read until the server closes the socket */
static void
drain(struct itp_client *c)
{
	char	buf[4096];
	ssize_t	n;
	int	i;

	for (i = 0; i < 16; i++) {
		n = read(c->fd, buf, sizeof(buf));
		if (n > 0)
			continue;
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		c->eof = 1;
		fd_close(c);
		return;
	}
}

static int
peer_closed(const char *reason)
{
	return strncmp(reason, "connection closed", 17) == 0 ||
	    strncmp(reason, "read:", 5) == 0 || strncmp(reason, "write:", 6) ==
	    0;
}

/* after_login - a finished login connection hands over to the room */
static int
after_login(struct itp_client *c)
{
	int	room = c->goal_room;

	if (c->room != -1 || !c->logged_in || room < 0)
		return 0;
	(void)itp_enter(c, room);
	return 1;
}

static void
session_over(struct itp_client *c)
{
	if (after_login(c))
		return;
	if (peer_closed(c->reason)) {
		c->eof = 1;
		fd_close(c);
		return;
	}
	arm(c);
}

static void
io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct itp_client	*c = w->data;

	(void)loop;
	if (c->connecting && (revents & (EV_READ | EV_WRITE)) &&
	    connect_done(c) == -1)
		return;
	if (c->closed) {
		drain(c);
		return;
	}
	if ((revents & EV_READ) && mcl_on_readable(c->s, c->fd) == -1) {
		session_over(c);
		return;
	}
	if ((revents & EV_WRITE) && mcl_on_writable(c->s, c->fd) == -1) {
		session_over(c);
		return;
	}
	if (!after_login(c))
		arm(c);
}

/* ---- records ---- */

static void
rec_seq(struct itp_client *c, const struct mcl_event *ev)
{
	if (c->nseq == ITP_SEQ_MAX)
		return;
	c->seq_code[c->nseq] = ev->type == MCL_EV_SERVER_MESSAGE ?
	    ev->u.msg.code : -1;
	c->seq[c->nseq++] = ev->packet;
}

static void
rec_rooms(struct itp_client *c, const struct mcl_event *ev)
{
	struct mw_iter	it = ev->u.list;
	size_t		i;

	if (c->room != -1)
		return;		/* count updates in a room */
	for (i = 0; i < ITP_ROOMS_MAX; i++)
		if (mw_room_list_next(&it, &c->rooms[i]) != 1)
			break;
	c->nrooms = i;
}

static size_t
roster_find(const struct itp_client *c, uint32_t id)
{
	size_t	i;

	for (i = 0; i < c->nroster; i++)
		if (c->roster[i].id == id)
			return i;
	return SIZE_MAX;
}

static void
roster_apply(struct itp_client *c, const struct mw_player_entry *e)
{
	size_t	i = roster_find(c, e->aux.player_id);

	if (e->aux.verb == MW_VERB_DELETE) {
		if (i != SIZE_MAX)
			c->roster[i] = c->roster[--c->nroster];
		return;
	}
	if (i == SIZE_MAX && e->aux.verb != MW_VERB_ADD)
		return;		/* a change for someone never added */
	if (i == SIZE_MAX) {
		if (c->nroster == c->roster_cap)
			c->roster = grow(c->roster, &c->roster_cap,
			    sizeof(*c->roster));
		i = c->nroster++;
		c->roster[i].id = e->aux.player_id;
	}
	copy(c->roster[i].nick, sizeof(c->roster[i].nick), e->data.nick);
}

static void
rec_players(struct itp_client *c, const struct mcl_event *ev)
{
	struct mw_iter		it = ev->u.list;
	struct mw_player_entry	e;
	size_t			n;

	for (n = 0; n <= ev->u.list.count; n++) {
		if (mw_player_list_next(&it, &e) != 1)
			break;
		roster_apply(c, &e);
	}
}

static void
rec_line(struct itp_client *c, uint16_t packet, const struct mw_chat *ch,
    uint32_t target, uint32_t echo)
{
	struct itp_line	*l;

	if (c->nlines == ITP_LINES_MAX)
		return;
	if (c->nlines == c->lines_cap)
		c->lines = grow(c->lines, &c->lines_cap, sizeof(*c->lines));
	l = &c->lines[c->nlines++];
	l->packet = packet;
	l->player_id = ch->player_id;
	l->target = target;
	l->echo = echo;
	copy(l->sender, sizeof(l->sender), ch->sender);
	copy(l->text, sizeof(l->text), ch->message);
}

static void
rec_login(struct itp_client *c, const struct mcl_event *ev)
{
	c->nlogins++;
	c->user_id = ev->u.login.user_id;
	memcpy(c->token, ev->u.login.token, sizeof(c->token));
}

static void
rec_code(struct itp_client *c, int32_t code)
{
	if (c->ncodes < ITP_CODES_MAX)
		c->codes[c->ncodes++] = code;
}

static void
on_state(struct itp_client *c, const struct mcl_event *ev)
{
	switch (ev->type) {
	case MCL_EV_LOGGED_IN:
		c->logged_in = 1;
		break;
	case MCL_EV_IN_ROOM:
		c->in_room = 1;
		break;
	case MCL_EV_LOGIN_FAILED:
		c->failed_code = ev->u.failed.code;
		break;
	case MCL_EV_CLOSED:
		c->closed = 1;
		copy(c->reason, sizeof(c->reason), ev->u.closed.reason);
		break;
	default:
		break;
	}
}

static void
on_event(void *arg, const struct mcl_event *ev)
{
	struct itp_client	*c = arg;

	if (ev->type < MCL_EV_LOGGED_IN && ev->type != MCL_EV_SESSION_KEY)
		rec_seq(c, ev);
	switch (ev->type) {
	case MCL_EV_ROOM_LIST:
		rec_rooms(c, ev);
		break;
	case MCL_EV_PLAYER_LIST:
		rec_players(c, ev);
		break;
	case MCL_EV_SERVER_MESSAGE:
		rec_code(c, ev->u.msg.code);
		break;
	case MCL_EV_USER_LOGIN:
		rec_login(c, ev);
		break;
	case MCL_EV_ROOM_LOGIN:
		c->room_uid = ev->u.room.user_id;
		break;
	case MCL_EV_KEEPALIVE:
		c->nkeepalive++;
		break;
	case MCL_EV_BLAMMED:
		c->blammed = 1;
		copy(c->blam, sizeof(c->blam), ev->u.text.text);
		break;
	case MCL_EV_CHAT:
		rec_line(c, MW_T_ROOM_BROADCAST, &ev->u.chat, 0, 0);
		break;
	case MCL_EV_PRIVATE:
		rec_line(c, MW_T_DIRECTED_DATA, &ev->u.pm.chat,
		    ev->u.pm.target_player_id, ev->u.pm.local_echo);
		break;
	default:
		on_state(c, ev);
		break;
	}
}

/* ---- queries ---- */

uint32_t
itp_uid(const struct itp_client *c)
{
	return c->room_uid != 0 ? c->room_uid : (uint32_t)c->user_id;
}

const struct itp_member *
itp_member(const struct itp_client *c, uint32_t id)
{
	size_t	i = roster_find(c, id);

	return i == SIZE_MAX ? NULL : &c->roster[i];
}

const struct itp_line *
itp_line(const struct itp_client *c, const char *text)
{
	size_t	i;

	for (i = 0; i < c->nlines; i++)
		if (strcmp(c->lines[i].text, text) == 0)
			return &c->lines[i];
	return NULL;
}

size_t
itp_count_lines(const struct itp_client *c, const char *text)
{
	size_t	i, n = 0;

	for (i = 0; i < c->nlines; i++)
		if (strcmp(c->lines[i].text, text) == 0)
			n++;
	return n;
}

int
itp_has_code(const struct itp_client *c, int32_t code)
{
	size_t	i;

	for (i = 0; i < c->ncodes; i++)
		if (c->codes[i] == code)
			return 1;
	return 0;
}

/* itp_seq_index - where packet type first came on this connection */
int
itp_seq_index(const struct itp_client *c, uint16_t type)
{
	size_t	i;

	for (i = 0; i < c->nseq; i++)
		if (c->seq[i] == type)
			return (int)i;
	return -1;
}

/* itp_disconnected - a room connection ended without the test asking */
int
itp_disconnected(const struct itp_client *c)
{
	return c->room >= 0 && c->closed && !c->dropped;
}
