/*
 * control.c - the control socket mythmetactl(8) talks to.  Only root
 * (mode 0600) can connect.  Each client sends one command at a time; a
 * command that concerns workers is relayed to them as MS_CTL_ADMIN with
 * a fresh reqid and answered when every worker asked has answered (or
 * after CTL_TIMEOUT), so a slow password hash never blocks the loop.
 * At most supervisor.control_clients clients at once, read at each
 * accept (so a reload applies to the next one); each is allocated when
 * it connects and freed when it leaves.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "ctl.h"
#include "log.h"
#include "sup.h"

#define CTL_TIMEOUT	30.0	/* seconds for workers to answer */

struct ctl_client {
	int		 fd;
	uint32_t	 slot;		/* in clients[] */
	int		 busy;		/* a relayed command is in flight */
	uint32_t	 reqid;
	int		 nwait;		/* workers yet to answer */
	int		 nok, nfail;
	unsigned char	 wait[SUP_CHILDREN_MAX];
	char		 text[CTLSOCK_MSG_MAX];
	size_t		 tlen;
	ev_io		 rd_w;
	ev_timer	 tmo_w;
};

static struct ctl_client *clients[CTLSOCK_CLIENTS_CEIL];	/* NULL: free */
static uint32_t		 nclients;
static int		 listen_fd = -1;
static ev_io		 accept_w;
static uint32_t		 next_reqid = 1;

static void	ctl_accept_cb(struct ev_loop *, ev_io *, int);
static void	ctl_read_cb(struct ev_loop *, ev_io *, int);
static void	ctl_timeout_cb(struct ev_loop *, ev_timer *, int);

static void
ctl_answer(struct ctl_client *cl, int status, const char *text)
{
	char	buf[CTLSOCK_MSG_MAX + 1];
	size_t	len = strnlen(text, CTLSOCK_MSG_MAX - 1);

	if (cl->fd == -1)
		return;
	buf[0] = (char)status;
	memcpy(buf + 1, text, len);
	if (send(cl->fd, buf, len + 1, MSG_NOSIGNAL | MSG_DONTWAIT) == -1)
		log_warn("control: answer lost");
}

static void
ctl_client_free(struct ctl_client *cl)
{
	ev_io_stop(sup.loop, &cl->rd_w);
	ev_timer_stop(sup.loop, &cl->tmo_w);
	if (cl->fd != -1)
		close(cl->fd);
	clients[cl->slot] = NULL;
	nclients--;
	free(cl);
}

/* Append one worker's line to the aggregated answer. */
static void
ctl_text_add(struct ctl_client *cl, const char *text)
{
	size_t	len = strlen(text);

	if (len == 0 || cl->tlen + len + 2 > sizeof(cl->text))
		return;
	if (cl->tlen > 0 && cl->text[cl->tlen - 1] != '\n')
		cl->text[cl->tlen++] = '\n';
	memcpy(cl->text + cl->tlen, text, len + 1);
	cl->tlen += len;
}

static void
ctl_finish(struct ctl_client *cl)
{
	ev_timer_stop(sup.loop, &cl->tmo_w);
	cl->busy = 0;
	if (cl->nok > 0)
		ctl_answer(cl, CTLSOCK_OK, cl->text);
	else if (cl->nfail > 0)
		ctl_answer(cl, CTLSOCK_FAIL, cl->text);
	else
		ctl_answer(cl, CTLSOCK_FAIL, "not found");
	ev_io_start(sup.loop, &cl->rd_w);	/* EOF there frees the slot */
}

/* status - one line per worker, for operators and the tests. */
static void
ctl_status(struct ctl_client *cl)
{
	static const char *const states[] = {
		"down", "starting", "ready", "stopping", "parked"
	};
	char	line[160];
	size_t	i;

	cl->tlen = 0;
	cl->text[0] = '\0';
	snprintf(line, sizeof(line), "supervisor pid %ld generation %u%s",
	    (long)getpid(), sup.gen, sup.reloading ? " (reloading)" : "");
	ctl_text_add(cl, line);
	for (i = 0; i < sup.nchild; i++) {
		const struct sup_child *c = &sup.child[i];

		snprintf(line, sizeof(line), "%-12s %-8s pid %-7ld restarts "
		    "%u quick-failures %u", c->name, states[c->state],
		    (long)c->pid, c->restarts, c->rs.streak);
		ctl_text_add(cl, line);
	}
	ctl_answer(cl, CTLSOCK_OK, cl->text);
}

static int
ctl_send_admin(struct sup_child *c, uint32_t reqid, const char *words,
    size_t len, uint32_t argc)
{
	static char		buf[MS_MSG_MAX];
	struct ms_ctl_admin	a;

	a.argc = argc;
	a.len = (uint32_t)len;
	memcpy(buf, &a, sizeof(a));
	memcpy(buf + sizeof(a), words, len);
	return ms_ctl_send(c->ctl_fd, MS_CTL_ADMIN, reqid, sup.epoch, buf,
	    sizeof(a) + len);
}

/* Relay the words to every READY worker of role; answer later. */
static void
ctl_relay(struct ctl_client *cl, int role, const char *words, size_t len,
    uint32_t argc)
{
	size_t	i;

	memset(cl->wait, 0, sizeof(cl->wait));
	cl->nwait = cl->nok = cl->nfail = 0;
	cl->tlen = 0;
	cl->text[0] = '\0';
	cl->reqid = next_reqid++;
	for (i = 0; i < sup.nchild; i++) {
		struct sup_child *c = &sup.child[i];

		if ((int)c->role != role || c->state != CH_READY ||
		    ctl_send_admin(c, cl->reqid, words, len, argc) == -1)
			continue;
		cl->wait[i] = 1;
		cl->nwait++;
	}
	if (cl->nwait == 0) {
		snprintf(cl->text, sizeof(cl->text), "no %s worker is "
		    "running", ms_role_name((uint32_t)role));
		ctl_answer(cl, CTLSOCK_FAIL, cl->text);
		return;
	}
	cl->busy = 1;
	ev_io_stop(sup.loop, &cl->rd_w);	/* one command at a time */
	ev_timer_set(&cl->tmo_w, CTL_TIMEOUT, 0.);
	ev_timer_start(sup.loop, &cl->tmo_w);
}

/* Which worker role a verb belongs to; -1 if the supervisor's own. */
static int
ctl_target(const char *verb)
{
	static const struct {
		const char	*verb;
		int		 role;
	} routes[] = {
		{ "user", MS_ROLE_STORE }, { "ip", MS_ROLE_STORE },
		{ "ban", MS_ROLE_STORE }, { "kick", MS_ROLE_ROOM },
		{ "motd", MS_ROLE_ROOM }, { "who", MS_ROLE_ROOM },
		{ "order", MS_ROLE_STORE }, { "results", MS_ROLE_STORE },
		{ "games", MS_ROLE_GAME },
	};
	size_t	i;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (strcmp(verb, routes[i].verb) == 0)
			return routes[i].role;
	return -1;
}

static void
ctl_command(struct ctl_client *cl, const char *words, size_t len)
{
	uint32_t	argc = 0;
	size_t		i;
	int		role;

	for (i = 0; i < len; i++)
		if (words[i] == '\0')
			argc++;
	if (len == 0 || words[len - 1] != '\0' || argc > CTLSOCK_ARGS_MAX) {
		ctl_answer(cl, CTLSOCK_USAGE, "malformed command");
		return;
	}
	if (strcmp(words, "status") == 0)
		ctl_status(cl);
	else if (strcmp(words, "reload") == 0) {
		sup_reload();
		snprintf(cl->text, sizeof(cl->text), "reload %s; generation "
		    "%u", sup.reloading ? "in progress" : "done or refused "
		    "(see the log)", sup.gen);
		ctl_answer(cl, CTLSOCK_OK, cl->text);
	} else if ((role = ctl_target(words)) != -1)
		ctl_relay(cl, role, words, len, argc);
	else
		ctl_answer(cl, CTLSOCK_USAGE, "unknown command; see "
		    "mythmetactl(8)");
}

static void
ctl_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct ctl_client	*cl = w->data;
	char			 buf[CTLSOCK_MSG_MAX];
	ssize_t			 n;

	(void)loop;
	(void)revents;
	n = recv(cl->fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		ctl_client_free(cl);
		return;
	}
	if ((size_t)n > sizeof(buf)) {
		ctl_answer(cl, CTLSOCK_USAGE, "command too long");
		return;
	}
	ctl_command(cl, buf, (size_t)n);
}

static void
ctl_accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct ctl_client	*cl;
	uint32_t		 i, max = sup.cfg->control_clients;
	int			 fd;

	(void)revents;
	fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd == -1)
		return;
	if (max > CTLSOCK_CLIENTS_CEIL)
		max = CTLSOCK_CLIENTS_CEIL;
	if (nclients >= max) {
		log_warnx("control: %u clients (supervisor.control_clients); "
		    "connection refused", nclients);
		close(fd);
		return;
	}
	if ((cl = calloc(1, sizeof(*cl))) == NULL) {
		log_warn("control: client");
		close(fd);
		return;
	}
	for (i = 0; clients[i] != NULL; i++)
		;
	clients[i] = cl;
	nclients++;
	cl->slot = i;
	cl->fd = fd;
	ev_io_init(&cl->rd_w, ctl_read_cb, fd, EV_READ);
	cl->rd_w.data = cl;
	ev_init(&cl->tmo_w, ctl_timeout_cb);
	cl->tmo_w.data = cl;
	ev_io_start(loop, &cl->rd_w);
}

static void
ctl_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct ctl_client	*cl = w->data;

	(void)loop;
	(void)revents;
	memset(cl->wait, 0, sizeof(cl->wait));
	cl->nwait = 0;
	ctl_text_add(cl, "timed out waiting for the workers");
	cl->nfail++;
	cl->nok = 0;
	ctl_finish(cl);
}

void
sup_control_reply(struct sup_child *c, uint32_t reqid, int32_t status,
    const char *text)
{
	size_t	i, ci = (size_t)(c - sup.child);

	for (i = 0; i < CTLSOCK_CLIENTS_CEIL; i++) {
		struct ctl_client *cl = clients[i];

		if (cl == NULL || !cl->busy || cl->reqid != reqid ||
		    !cl->wait[ci])
			continue;
		cl->wait[ci] = 0;
		cl->nwait--;
		if (status == MS_ADMIN_OK)
			cl->nok++;
		else if (status != MS_ADMIN_NOT_HERE)
			cl->nfail++;
		if (status != MS_ADMIN_NOT_HERE)
			ctl_text_add(cl, text);
		if (cl->nwait == 0)
			ctl_finish(cl);
		return;
	}
}

/* A worker that exits owes no answer; say so in the reply. */
void
sup_control_child_gone(struct sup_child *c)
{
	size_t	i, ci = (size_t)(c - sup.child);
	char	line[96];

	for (i = 0; i < CTLSOCK_CLIENTS_CEIL; i++) {
		if (clients[i] == NULL || !clients[i]->busy ||
		    !clients[i]->wait[ci])
			continue;
		snprintf(line, sizeof(line), "%s exited before answering",
		    c->name);
		sup_control_reply(c, clients[i]->reqid, MS_ADMIN_FAIL, line);
	}
}

int
sup_control_open(const char *path)
{
	struct sockaddr_un	sun;
	mode_t			old;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_warnx("control socket path %s too long", path);
		return -1;
	}
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (listen_fd == -1) {
		log_warn("control socket");
		return -1;
	}
	/* The pidfile lock proves no other instance owns this socket. */
	(void)unlink(path);
	old = umask(077);
	if (bind(listen_fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    chmod(path, 0600) == -1 ||
	    listen(listen_fd, (int)sup.cfg->control_clients) == -1) {
		umask(old);
		log_warn("control socket %s", path);
		close(listen_fd);
		listen_fd = -1;
		return -1;
	}
	umask(old);
	return 0;
}

/* sup_control_start - watch the socket opened by sup_control_open. */
void
sup_control_start(void)
{
	if (listen_fd == -1)
		return;
	ev_io_init(&accept_w, ctl_accept_cb, listen_fd, EV_READ);
	ev_io_start(sup.loop, &accept_w);
}

void
sup_control_close(const char *path)
{
	size_t	i;

	if (listen_fd == -1)
		return;
	for (i = 0; i < CTLSOCK_CLIENTS_CEIL; i++)
		if (clients[i] != NULL)
			ctl_client_free(clients[i]);
	ev_io_stop(sup.loop, &accept_w);
	close(listen_fd);
	listen_fd = -1;
	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("unlink %s", path);
}
