/*
 * it_gw_smoke.c - a smoke test of the gateway's client side against the
 * real daemon, with the project's client library: a Myth II guest and
 * an Aleph One guest log in on the login port, enter the room on the
 * given room port with their tokens, and each says one line; both must
 * see both lines.  Usage: it_gw_smoke host login_port room_port.  Every
 * wait is bounded; exit status 0 on success, 1 with a reason on stderr.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mclient.h"

#define SMOKE_WAIT_MS	5000

struct smoke {
	const char		*who;
	struct mcl_session	*s;
	int			 fd;
	int			 logged_in;
	int			 in_room;
	int			 rooms;
	int			 lines;	/* chat lines seen */
	uint8_t			 token[MW_TOKEN_SIZE];
};

static const char	*host;

static void
die(const struct smoke *k, const char *what)
{
	fprintf(stderr, "it_gw_smoke: %s: %s (%s)\n", k->who, what,
	    k->s != NULL ? mcl_reason(k->s) : "no session");
	exit(1);
}

static uint64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
on_event(void *arg, const struct mcl_event *ev)
{
	struct smoke	*k = arg;

	switch (ev->type) {
	case MCL_EV_LOGGED_IN:
		k->logged_in = 1;
		memcpy(k->token, ev->u.logged_in.token, MW_TOKEN_SIZE);
		k->rooms = (int)ev->u.logged_in.rooms.count;
		break;
	case MCL_EV_IN_ROOM:
		k->in_room = 1;
		break;
	case MCL_EV_CHAT:
		k->lines++;
		break;
	default:
		break;
	}
}

static int
dial(int port)
{
	struct sockaddr_in	sin;
	int			fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1 ||
	    (fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
	    errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
start(struct smoke *k, enum mw_dialect d, enum mcl_mode mode, int port)
{
	struct mcl_params	p;

	memset(&p, 0, sizeof(p));
	p.dialect = d;
	p.mode = mode;
	p.username = d == MW_DIALECT_MYTH ? "smoke" : "guest";
	p.password = "";
	p.player.nick = k->who;
	p.player.team = "smoke";
	memcpy(p.token, k->token, MW_TOKEN_SIZE);
	p.on_event = on_event;
	p.arg = k;
	if (k->s != NULL)
		mcl_free(k->s);
	if (k->fd != -1)
		close(k->fd);
	if ((k->s = mcl_new(&p)) == NULL || (k->fd = dial(port)) == -1)
		die(k, "cannot start a session");
}

/* pump - run the sessions until *flag >= want (or close when want < 0) */
static void
pump(struct smoke *k, int *flag, int want)
{
	uint64_t	end = now_ms() + SMOKE_WAIT_MS;
	struct pollfd	pfd;

	while (want < 0 || *flag < want) {
		if (now_ms() >= end)
			die(k, "timed out");
		pfd.fd = k->fd;
		pfd.events = POLLIN | (mcl_wants_write(k->s) ? POLLOUT : 0);
		if (poll(&pfd, 1, 50) == -1 && errno != EINTR)
			die(k, "poll");
		if ((pfd.revents & POLLOUT) && mcl_on_writable(k->s, k->fd) ==
		    -1)
			die(k, "closed while writing");
		if ((pfd.revents & (POLLIN | POLLHUP | POLLERR)) &&
		    mcl_on_readable(k->s, k->fd) == -1) {
			if (want < 0)
				return;
			die(k, "closed");
		}
	}
}

static void
login(struct smoke *k, enum mw_dialect d, int login_port)
{
	start(k, d, MCL_LOGIN, login_port);
	pump(k, &k->logged_in, 1);
	if (k->rooms < 1)
		die(k, "empty room list");
	if (d == MW_DIALECT_MYTH)
		pump(k, NULL, -1);	/* the server closes the login */
}

int
main(int argc, char **argv)
{
	struct smoke	m = { "Mythguest", NULL, -1, 0, 0, 0, 0, { 0 } };
	struct smoke	a = { "A1guest", NULL, -1, 0, 0, 0, 0, { 0 } };
	int		login_port, room_port;

	if (argc != 4) {
		fprintf(stderr, "usage: it_gw_smoke host login room\n");
		return 2;
	}
	host = argv[1];
	login_port = atoi(argv[2]);
	room_port = atoi(argv[3]);
	login(&m, MW_DIALECT_MYTH, login_port);
	login(&a, MW_DIALECT_ALEPHONE, login_port);
	printf("ok - Myth guest and Aleph One guest logged in\n");
	start(&m, MW_DIALECT_MYTH, MCL_ROOM, room_port);
	pump(&m, &m.in_room, 1);
	start(&a, MW_DIALECT_ALEPHONE, MCL_ROOM, room_port);
	pump(&a, &a.in_room, 1);
	printf("ok - both entered the room\n");
	if (mcl_chat(m.s, "hello from myth") == -1)
		die(&m, "chat");
	pump(&m, &m.lines, 1);
	if (mcl_chat(a.s, "hello from aleph one") == -1)
		die(&a, "chat");
	pump(&a, &a.lines, 2);
	pump(&m, &m.lines, 2);
	printf("ok - chat echoed to the sender and seen by the other\n");
	mcl_free(m.s);
	mcl_free(a.s);
	close(m.fd);
	close(a.fd);
	return 0;
}
