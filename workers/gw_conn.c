/*
 * gw_conn.c - client connections: accepting on the login and room
 * listeners within max_clients and max_clients_per_ip, reading and
 * framing input, coalesced output (everything a turn produced leaves in
 * one write() per client from the flush; an EAGAIN hands the rest to a
 * write watcher), and the end of a connection.  Invariants: a dropped
 * connection leaves every index (sid hash, address table, lists) at
 * once and is freed only in the flush, so pointers stay valid for the
 * rest of the turn; input beyond max_packet closes the connection.
 */
#include <sys/socket.h>
#include <sys/uio.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>
#include <sodium.h>

#include "gw.h"
#include "log.h"
#include "worker.h"

#define GW_ACCEPT_BUDGET 64	/* accepts per wakeup and listener */
#define GW_READ_BUDGET	4	/* reads per wakeup and client */
#define GW_PAUSE_S	1.0	/* accepting pauses after EMFILE */
#define GW_SID_BUCKETS	16384	/* sid hash; chains absorb the rest */
#define GW_CLOSE_MS	5000	/* draining before a close, at most */
#define GW_LOG_PER_S	20	/* client log lines per second */

struct gw_listener {
	ev_io		 w;
	uint8_t		 port;
	uint8_t		 slot;
};

static struct gw_listener  lsn[1 + MS_CFG_ROOMS_MAX];
static uint32_t		   nlsn;
static ev_timer		   pause_w;
static struct gw_conn_list conns = TAILQ_HEAD_INITIALIZER(conns);
static struct gw_conn_list reap = TAILQ_HEAD_INITIALIZER(reap);
static struct gw_conn_list dirty = TAILQ_HEAD_INITIALIZER(dirty);
static struct gw_conn	  *sids[GW_SID_BUCKETS];
static uint32_t		   next_sid = 1;
static uint32_t		   nconns;
static struct gw_iptab	  *iptab;
static struct log_budget   log_budget;

static void	gw_accept_cb(struct ev_loop *, ev_io *, int);
static void	gw_pause_cb(struct ev_loop *, ev_timer *, int);
static void	gw_accept_pause(void);
static void	gw_conn_new(int, const struct sockaddr_in *,
		    const struct gw_listener *);
static struct gw_conn *gw_conn_alloc(int, uint32_t);
static int	gw_conn_admit(int, uint32_t);
static void	gw_conn_free(struct gw_conn *);
static void	gw_sid_add(struct gw_conn *);
static void	gw_sid_del(struct gw_conn *);
static void	gw_rd_cb(struct ev_loop *, ev_io *, int);
static void	gw_wr_cb(struct ev_loop *, ev_io *, int);
static int	gw_conn_read(struct gw_conn *);
static void	gw_conn_parse(struct gw_conn *);
static void	gw_conn_write(struct gw_conn *);
static void	gw_conn_stat(struct gw_conn *, int);

uint64_t
gw_now(void)
{
	return wrk_now_ms();
}

/* gw_log_ok - a client flood must not turn into a log flood. */
int
gw_log_ok(void)
{
	return log_budget_ok(&log_budget, GW_LOG_PER_S, gw_now());
}

static int
gw_listen_fd(int fd, uint8_t port, uint8_t slot)
{
	int	fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1) {
		log_warn("listener fd %d", fd);
		return -1;
	}
	lsn[nlsn].port = port;
	lsn[nlsn].slot = slot;
	ev_io_init(&lsn[nlsn].w, gw_accept_cb, fd, EV_READ);
	lsn[nlsn].w.data = &lsn[nlsn];
	ev_io_start(EV_DEFAULT, &lsn[nlsn].w);
	nlsn++;
	return 0;
}

int
gw_conn_init(const struct ms_config *cfg, uint32_t nroom_fds)
{
	uint32_t	i;

	if ((iptab = gw_iptab_new(cfg->max_clients)) == NULL) {
		log_warn("address table");
		return -1;
	}
	ev_init(&pause_w, gw_pause_cb);
	if (gw_listen_fd(GW_LOGIN_FD, GW_PORT_LOGIN, 0) == -1)
		return -1;
	for (i = 0; i < nroom_fds; i++)
		if (gw_listen_fd(GW_ROOM_FD0 + (int)i, GW_PORT_ROOM,
		    (uint8_t)i) == -1)
			return -1;
	return 0;
}

/* A larger max_clients needs a larger address table; rebuild it. */
void
gw_conn_reload(const struct ms_config *cfg)
{
	struct gw_iptab	*t;
	struct gw_conn	*c;

	if (cfg->max_clients <= gw_iptab_max(iptab))
		return;
	if ((t = gw_iptab_new(cfg->max_clients)) == NULL) {
		log_warn("address table for %u clients", cfg->max_clients);
		return;
	}
	TAILQ_FOREACH(c, &conns, entry)
		(void)gw_iptab_add(t, c->ipv4, UINT32_MAX);
	gw_iptab_free(iptab);
	iptab = t;
}

void
gw_conn_fini(void)
{
	struct gw_conn	*c;
	uint32_t	 i;

	for (i = 0; i < nlsn; i++) {
		ev_io_stop(EV_DEFAULT, &lsn[i].w);
		(void)close(lsn[i].w.fd);
	}
	nlsn = 0;
	ev_timer_stop(EV_DEFAULT, &pause_w);
	while ((c = TAILQ_FIRST(&conns)) != NULL)
		gw_conn_drop(c, GW_DROP_NONE, NULL);
	gw_conn_flush();
	gw_iptab_free(iptab);
	iptab = NULL;
}

struct gw_conn_list *
gw_conn_all(void)
{
	return &conns;
}

static void
gw_accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct gw_listener	*l = w->data;
	struct sockaddr_in	 sin;
	socklen_t		 slen;
	int			 i, fd;

	(void)loop;
	(void)revents;
	for (i = 0; i < GW_ACCEPT_BUDGET; i++) {
		slen = sizeof(sin);
		memset(&sin, 0, sizeof(sin));
		fd = accept4(w->fd, (struct sockaddr *)&sin, &slen,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN)
				gw_accept_pause();
			return;
		}
		gw_conn_new(fd, &sin, l);
	}
}

/* Out of descriptors: pause rather than spin on a readable listener. */
static void
gw_accept_pause(void)
{
	uint32_t	i;

	if (gw_log_ok())
		log_warn("accept; pausing for %.0f s", GW_PAUSE_S);
	for (i = 0; i < nlsn; i++)
		ev_io_stop(EV_DEFAULT, &lsn[i].w);
	ev_timer_set(&pause_w, GW_PAUSE_S, 0.);
	ev_timer_start(EV_DEFAULT, &pause_w);
}

static void
gw_pause_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	uint32_t	i;

	(void)w;
	(void)revents;
	for (i = 0; i < nlsn; i++)
		ev_io_start(loop, &lsn[i].w);
}

/* gw_conn_admit - the caps; over either, the socket is closed at once. */
static int
gw_conn_admit(int fd, uint32_t ip)
{
	const struct ms_config	*cfg = wrk_cfg();
	char			 a[INET_ADDRSTRLEN];
	int			 rv;

	if (nconns >= cfg->max_clients) {
		gw_stats.drops[GW_DROP_FULL]++;
		if (gw_log_ok())
			log_info("refused a client: %u connections "
			    "(gateway.max_clients)", nconns);
		close(fd);
		return -1;
	}
	if ((rv = gw_iptab_add(iptab, ip, cfg->max_clients_per_ip)) == 0)
		return 0;
	gw_stats.drops[GW_DROP_PER_IP]++;
	if (gw_log_ok())
		log_info("refused a client from %s: %s",
		    inet_ntop(AF_INET, &ip, a, sizeof(a)), rv == -1 ?
		    "gateway.max_clients_per_ip reached" :
		    "address table full");
	close(fd);
	return -1;
}

static void
gw_conn_new(int fd, const struct sockaddr_in *sin,
    const struct gw_listener *l)
{
	struct gw_conn	*c;
	int		 on = 1;

	if (gw_conn_admit(fd, sin->sin_addr.s_addr) == -1)
		return;
	if ((c = gw_conn_alloc(fd, wrk_cfg()->max_packet)) == NULL) {
		log_warn("client connection");
		gw_iptab_del(iptab, sin->sin_addr.s_addr);
		close(fd);
		return;
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	c->ipv4 = sin->sin_addr.s_addr;
	c->port = l->port;
	c->slot = l->slot;
	c->state = GW_S_FIRST;
	c->accepted_ms = c->last_rx_ms = c->last_ka_ms = gw_now();
	TAILQ_INSERT_TAIL(&conns, c, entry);
	gw_sid_add(c);
	nconns++;
	gw_conn_stat(c, 1);
	ev_io_start(EV_DEFAULT, &c->rd_w);
	gw_sweep_short(c, c->accepted_ms + wrk_cfg()->login_grace_ms);
}

static struct gw_conn *
gw_conn_alloc(int fd, uint32_t max_packet)
{
	struct gw_conn	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->in_cap = (size_t)max_packet + MC_OVERHEAD;
	if ((c->in = malloc(c->in_cap)) == NULL) {
		free(c);
		return NULL;
	}
	c->fd = fd;
	if ((c->sid = next_sid++) == 0)
		c->sid = next_sid++;
	ev_io_init(&c->rd_w, gw_rd_cb, fd, EV_READ);
	c->rd_w.data = c;
	ev_io_init(&c->wr_w, gw_wr_cb, fd, EV_WRITE);
	c->wr_w.data = c;
	return c;
}

static void
gw_conn_stat(struct gw_conn *c, int up)
{
	uint32_t	*n = c->port == GW_PORT_LOGIN ?
	    &gw_stats.clients_login : &gw_stats.clients_room;

	if (up)
		(*n)++;
	else
		(*n)--;
}

static void
gw_sid_add(struct gw_conn *c)
{
	struct gw_conn	**b = &sids[c->sid % GW_SID_BUCKETS];

	c->hnext = *b;
	*b = c;
}

static void
gw_sid_del(struct gw_conn *c)
{
	struct gw_conn	**pp = &sids[c->sid % GW_SID_BUCKETS];

	while (*pp != NULL && *pp != c)
		pp = &(*pp)->hnext;
	if (*pp != NULL)
		*pp = c->hnext;
}

struct gw_conn *
gw_conn_by_sid(uint32_t sid)
{
	struct gw_conn	*c = sids[sid % GW_SID_BUCKETS];

	while (c != NULL && c->sid != sid)
		c = c->hnext;
	return c;
}

/*
 * gw_conn_drop - the one way a connection ends.  The session's peers
 * hear of it first (LEAVE, RELEASE), then every index forgets it.
 */
void
gw_conn_drop(struct gw_conn *c, enum gw_drop why, const char *fmt, ...)
{
	char	a[INET_ADDRSTRLEN], text[160];
	va_list	ap;

	if (c->dead)
		return;
	if (fmt != NULL && gw_log_ok()) {
		va_start(ap, fmt);
		(void)vsnprintf(text, sizeof(text), fmt, ap);
		va_end(ap);
		log_info("client %u (%s): %s", c->sid, inet_ntop(AF_INET,
		    &c->ipv4, a, sizeof(a)), text);
	}
	gw_stats.drops[why]++;
	c->dead = 1;
	if (c->port == GW_PORT_ROOM)
		gw_room_end(c);
	gw_req_forget(c);
	gw_sweep_unshort(c);
	ev_io_stop(EV_DEFAULT, &c->rd_w);
	ev_io_stop(EV_DEFAULT, &c->wr_w);
	(void)close(c->fd);
	gw_sid_del(c);
	gw_iptab_del(iptab, c->ipv4);
	gw_conn_stat(c, 0);
	nconns--;
	if (c->dirty)
		TAILQ_REMOVE(&dirty, c, dirty_e);
	c->dirty = 0;
	TAILQ_REMOVE(&conns, c, entry);
	TAILQ_INSERT_TAIL(&reap, c, entry);
}

static void
gw_conn_free(struct gw_conn *c)
{
	sodium_memzero(c->password, sizeof(c->password));
	sodium_memzero(&c->req, sizeof(c->req));
	gw_obuf_free(&c->out);
	free(c->in);
	free(c);
}

void
gw_conn_close_after(struct gw_conn *c)
{
	if (c->dead || c->state == GW_S_CLOSING)
		return;
	c->state = GW_S_CLOSING;
	c->close_ms = gw_now() + GW_CLOSE_MS;
	ev_io_stop(EV_DEFAULT, &c->rd_w);
	gw_sweep_unshort(c);
	if (gw_obuf_pending(&c->out) == 0)
		gw_conn_drop(c, GW_DROP_NONE, NULL);
}

void
gw_conn_pause(struct gw_conn *c)
{
	c->paused = 1;
	ev_io_stop(EV_DEFAULT, &c->rd_w);
}

/* gw_conn_resume - packets that arrived meanwhile go first. */
void
gw_conn_resume(struct gw_conn *c)
{
	if (c->dead || !c->paused)
		return;
	c->paused = 0;
	gw_conn_parse(c);
	if (!c->dead && !c->paused && c->state != GW_S_CLOSING)
		ev_io_start(EV_DEFAULT, &c->rd_w);
}

void
gw_conn_dirty(struct gw_conn *c)
{
	if (c->dirty || c->dead || ev_is_active(&c->wr_w))
		return;
	c->dirty = 1;
	TAILQ_INSERT_TAIL(&dirty, c, dirty_e);
}

static void
gw_rd_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct gw_conn	*c = w->data;
	int		 i;

	(void)loop;
	(void)revents;
	for (i = 0; i < GW_READ_BUDGET; i++) {
		if (gw_conn_read(c) <= 0)
			return;
		gw_conn_parse(c);
		if (c->dead || c->paused || c->state == GW_S_CLOSING)
			return;
	}
}

/* gw_conn_read - 1 when bytes came, 0 when none (yet), -1 when gone. */
static int
gw_conn_read(struct gw_conn *c)
{
	ssize_t	n;

	/* Full only with a whole packet waiting: a read of 0 is not EOF. */
	if (c->in_len == c->in_cap)
		return 0;
	n = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n == -1) {
		gw_conn_drop(c, GW_DROP_NONE, "read: %s", strerror(errno));
		return -1;
	}
	if (n == 0) {
		gw_conn_drop(c, GW_DROP_NONE, c->state == GW_S_ROOM ||
		    c->state == GW_S_HUB ? NULL : "closed during login");
		return -1;
	}
	c->in_len += (size_t)n;
	c->last_rx_ms = gw_now();
	return 1;
}

/* gw_conn_parse - every whole packet in the buffer, unless paused. */
static void
gw_conn_parse(struct gw_conn *c)
{
	struct mw_limits	lim = { 0, 0 };
	struct mw_frame		f;
	size_t			off = 0;
	int			rc;

	lim.in_max = wrk_cfg()->max_packet + (c->cipher ? MC_OVERHEAD : 0);
	if (lim.in_max > c->in_cap)
		lim.in_max = c->in_cap;
	while (!c->dead && !c->paused && c->state != GW_S_CLOSING) {
		rc = mw_frame_next(c->in + off, c->in_len - off, &lim, &f);
		if (rc == MW_NEED_MORE)
			break;
		if (rc != MW_OK) {
			gw_conn_drop(c, GW_DROP_INPUT, "bad framing: %s",
			    mw_strerror(rc));
			return;
		}
		gw_wire_packet(c, &f);
		off += f.size;
	}
	if (c->dead || off == 0)
		return;
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
}

/* gw_conn_flush - one write per client with output from this turn. */
void
gw_conn_flush(void)
{
	struct gw_conn	*c;

	gw_roomlist_flush();
	while ((c = TAILQ_FIRST(&dirty)) != NULL) {
		TAILQ_REMOVE(&dirty, c, dirty_e);
		c->dirty = 0;
		gw_conn_write(c);
	}
	while ((c = TAILQ_FIRST(&reap)) != NULL) {
		TAILQ_REMOVE(&reap, c, entry);
		gw_conn_free(c);
	}
}

static void
gw_conn_write(struct gw_conn *c)
{
	size_t	pending = gw_obuf_pending(&c->out);
	ssize_t	n = 0;

	if (pending > 0)
		n = write(c->fd, c->out.p + c->out.off, pending);
	if (n == -1 && errno != EAGAIN && errno != EINTR) {
		gw_conn_drop(c, GW_DROP_NONE, errno == EPIPE ||
		    errno == ECONNRESET ? NULL : "write: %s",
		    strerror(errno));
		return;
	}
	if (n > 0)
		gw_obuf_consume(&c->out, (size_t)n);
	if (gw_obuf_pending(&c->out) > 0)
		ev_io_start(EV_DEFAULT, &c->wr_w);
	else {
		ev_io_stop(EV_DEFAULT, &c->wr_w);
		if (c->state == GW_S_CLOSING)
			gw_conn_drop(c, GW_DROP_NONE, NULL);
	}
}

static void
gw_wr_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	gw_conn_write(w->data);
}
