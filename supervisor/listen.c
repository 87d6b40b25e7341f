/*
 * listen.c - the listening sockets the supervisor owns and hands to the
 * gateway workers (login port, HTTP port, one port per room).  Keeping
 * them here means a gateway restart never refuses a connection: the
 * kernel queues it in the backlog until the new gateway accepts.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sup.h"

static int
listen_one(const char *addr, int port, int backlog)
{
	struct sockaddr_in	sin;
	int			fd, on = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		log_warnx("listen: bad address %s", addr);
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("socket");
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, backlog) == -1) {
		log_warn("listen on %s:%d", addr, port);
		close(fd);
		return -1;
	}
	return fd;
}

/* Take over reuse's socket for this port, or bind a new one. */
static int
listen_port(const struct ms_config *cfg, int port,
    const struct sup_listeners *reuse)
{
	int	i;

	if (reuse != NULL) {
		if (port == (int)cfg->login_port && reuse->login_fd != -1)
			return dup(reuse->login_fd);
		for (i = 0; i < reuse->nrooms; i++)
			if (reuse->room_port[i] == port)
				return dup(reuse->room_fd[i]);
	}
	return listen_one(cfg->listen_address, port, (int)cfg->backlog);
}

/*
 * sup_listen_open - open every listener the config names.  On reload,
 * ports that stay the same reuse the old socket (no rebind race, no
 * refused connection); on any failure nothing is left half-open.
 */
int
sup_listen_open(const struct ms_config *cfg, struct sup_listeners *l,
    const struct sup_listeners *reuse)
{
	uint32_t	i;

	memset(l, 0, sizeof(*l));
	l->http_fd = -1;
	if ((l->login_fd = listen_port(cfg, (int)cfg->login_port, reuse)) ==
	    -1)
		goto fail;
	if (cfg->http_port != 0) {
		if (reuse != NULL && reuse->http_fd != -1)
			l->http_fd = dup(reuse->http_fd);
		else
			l->http_fd = listen_one(cfg->listen_address,
			    (int)cfg->http_port, (int)cfg->backlog);
		if (l->http_fd == -1)
			goto fail;
	}
	for (i = 0; i < cfg->nrooms; i++) {
		l->room_port[i] = (int)cfg->rooms[i].port;
		l->room_fd[i] = listen_port(cfg, l->room_port[i], reuse);
		if (l->room_fd[i] == -1)
			goto fail;
		l->nrooms++;
	}
	return 0;
fail:
	sup_listen_close(l);
	return -1;
}

void
sup_listen_close(struct sup_listeners *l)
{
	int	i;

	if (l->login_fd != -1)
		close(l->login_fd);
	if (l->http_fd != -1)
		close(l->http_fd);
	for (i = 0; i < l->nrooms; i++)
		close(l->room_fd[i]);
	l->login_fd = l->http_fd = -1;
	l->nrooms = 0;
}

/* sup_listen_same - 1 if both configs need exactly the same sockets. */
int
sup_listen_same(const struct ms_config *a, const struct ms_config *b)
{
	uint32_t	i;

	if (a->nrooms != b->nrooms)
		return 0;
	for (i = 0; i < a->nrooms; i++)
		if (a->rooms[i].port != b->rooms[i].port)
			return 0;
	return 1;
}
