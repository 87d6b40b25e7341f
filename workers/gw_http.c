/*
 * gw_http.c - the gateway's HTTP/1.0 endpoint on the fd-5 listener:
 * GET /health (a routed ping through every room worker; 200 or 503 with
 * the paths as JSON), GET /metrics (plain-text counters), 404 for the
 * rest.  Bounds: http_max_clients connections (accepting pauses at the
 * limit), 4 KiB per request, http_timeout_ms of idleness while reading
 * or writing, one request per connection, responses of at most 32 KiB.
 */
#include <sys/queue.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "config.h"
#include "gw.h"
#include "log.h"
#include "worker.h"

#define HTTP_REQ_MAX	4096
#define HTTP_OUT_MAX	(32 * 1024)
#define HTTP_ACCEPT_MAX	16	/* accepts per wakeup */
#define HTTP_PAUSE	1.0	/* after EMFILE, seconds */

struct http_conn {
	TAILQ_ENTRY(http_conn) entry;
	int		 fd;
	ev_io		 rd_w;
	ev_io		 wr_w;
	ev_timer	 idle_w;	/* stopped while a probe runs */
	struct gw_probe	*probe;
	size_t		 inlen;
	char		 in[HTTP_REQ_MAX + 1];
	char		*out;
	size_t		 outlen;
	size_t		 outoff;
};

/* Bounded text buffer: appends fail (and stick) once full. */
struct http_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 err;
};

static TAILQ_HEAD(, http_conn)	conns = TAILQ_HEAD_INITIALIZER(conns);
static ev_io			accept_w;
static ev_timer			pause_w;
static double			emfile_logged;

static void	http_accept_cb(struct ev_loop *, ev_io *, int);
static void	http_pause_cb(struct ev_loop *, ev_timer *, int);
static void	http_accept_err(struct ev_loop *);
static void	http_conn_new(struct ev_loop *, int);
static void	http_close(struct http_conn *);
static void	http_idle_arm(struct http_conn *);
static void	http_idle_cb(struct ev_loop *, ev_timer *, int);
static void	http_rd_cb(struct ev_loop *, ev_io *, int);
static void	http_wr_cb(struct ev_loop *, ev_io *, int);
static void	http_request(struct http_conn *);
static void	http_respond(struct http_conn *, int, const char *,
		    const struct http_buf *);
static void	http_simple(struct http_conn *, int, const char *);
static void	http_health(struct http_conn *);
static void	http_health_done(const struct gw_probe *, void *);
static void	http_metrics(struct http_conn *);
static void	http_json_path(struct http_buf *, const struct gw_path *);
static void	http_metrics_clients(struct http_buf *);
static void	buf_printf(struct http_buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static const char *http_reason(int);

int
gw_http_init(int fd)
{
	int	fl;

	/* The supervisor promises O_NONBLOCK; a blocking accept would hang. */
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1) {
		log_warn("HTTP listener fd %d", fd);
		return -1;
	}
	ev_io_init(&accept_w, http_accept_cb, fd, EV_READ);
	ev_io_start(EV_DEFAULT, &accept_w);
	ev_init(&pause_w, http_pause_cb);
	return 0;
}

void
gw_http_fini(void)
{
	struct http_conn	*c;

	/* http_close() resumes accepting, so stop accepting last. */
	while ((c = TAILQ_FIRST(&conns)) != NULL)
		http_close(c);
	ev_io_stop(EV_DEFAULT, &accept_w);
	ev_timer_stop(EV_DEFAULT, &pause_w);
}

static void
http_accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	int	i, fd;

	(void)revents;
	for (i = 0; i < HTTP_ACCEPT_MAX; i++) {
		if (gw_stats.http_clients >= wrk_cfg()->http_max_clients) {
			ev_io_stop(loop, w);	/* http_close resumes */
			return;
		}
		fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN)
				http_accept_err(loop);
			return;
		}
		http_conn_new(loop, fd);
	}
}

/* Out of descriptors: pause rather than spin on a readable listener. */
static void
http_accept_err(struct ev_loop *loop)
{
	if (ev_now(loop) - emfile_logged >= 1.0) {
		emfile_logged = ev_now(loop);
		log_warn("HTTP accept; pausing for %.0f s", HTTP_PAUSE);
	}
	ev_io_stop(loop, &accept_w);
	ev_timer_set(&pause_w, HTTP_PAUSE, 0.);
	ev_timer_start(loop, &pause_w);
}

static void
http_pause_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	ev_io_start(loop, &accept_w);
}

static void
http_conn_new(struct ev_loop *loop, int fd)
{
	struct http_conn	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("HTTP connection");
		close(fd);
		return;
	}
	c->fd = fd;
	ev_io_init(&c->rd_w, http_rd_cb, fd, EV_READ);
	c->rd_w.data = c;
	ev_io_init(&c->wr_w, http_wr_cb, fd, EV_WRITE);
	c->wr_w.data = c;
	ev_init(&c->idle_w, http_idle_cb);
	c->idle_w.data = c;
	ev_io_start(loop, &c->rd_w);
	http_idle_arm(c);
	TAILQ_INSERT_TAIL(&conns, c, entry);
	gw_stats.http_clients++;
}

static void
http_close(struct http_conn *c)
{
	ev_io_stop(EV_DEFAULT, &c->rd_w);
	ev_io_stop(EV_DEFAULT, &c->wr_w);
	ev_timer_stop(EV_DEFAULT, &c->idle_w);
	if (c->probe != NULL)
		gw_probe_cancel(c->probe);
	close(c->fd);
	TAILQ_REMOVE(&conns, c, entry);
	gw_stats.http_clients--;
	free(c->out);
	free(c);
	if (!ev_is_active(&pause_w))
		ev_io_start(EV_DEFAULT, &accept_w);
}

static void
http_idle_arm(struct http_conn *c)
{
	ev_timer_stop(EV_DEFAULT, &c->idle_w);
	ev_timer_set(&c->idle_w, wrk_cfg()->http_timeout_ms / 1000.0, 0.);
	ev_timer_start(EV_DEFAULT, &c->idle_w);
}

static void
http_idle_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	http_close(w->data);
}

static void
http_rd_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct http_conn	*c = w->data;
	ssize_t			 n;

	(void)loop;
	(void)revents;
	n = read(c->fd, c->in + c->inlen, HTTP_REQ_MAX - c->inlen);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		http_close(c);
		return;
	}
	c->inlen += (size_t)n;
	c->in[c->inlen] = '\0';
	http_idle_arm(c);
	if (strstr(c->in, "\r\n\r\n") != NULL ||
	    strstr(c->in, "\n\n") != NULL) {
		ev_io_stop(EV_DEFAULT, &c->rd_w);
		http_request(c);
	} else if (c->inlen == HTTP_REQ_MAX) {
		ev_io_stop(EV_DEFAULT, &c->rd_w);
		http_simple(c, 431, "request too large\n");
	}
}

/* http_request - one request line; headers are read and ignored. */
static void
http_request(struct http_conn *c)
{
	char	method[16], target[256], version[16], *q;

	gw_stats.http_requests++;
	if (sscanf(c->in, "%15s %255s %15s", method, target, version) != 3 ||
	    strncmp(version, "HTTP/", 5) != 0) {
		http_simple(c, 400, "bad request\n");
		return;
	}
	if ((q = strchr(target, '?')) != NULL)
		*q = '\0';
	if (strcmp(method, "GET") == 0 && strcmp(target, "/health") == 0)
		http_health(c);
	else if (strcmp(method, "GET") == 0 && strcmp(target, "/metrics") == 0)
		http_metrics(c);
	else
		http_simple(c, 404, "not found\n");
}

static const char *
http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	}
	return "Unknown";
}

static void
buf_printf(struct http_buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (b->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->cap - b->len)
		b->err = 1;
	else
		b->len += (size_t)n;
}

static void
http_respond(struct http_conn *c, int status, const char *ctype,
    const struct http_buf *body)
{
	struct http_buf	out = { NULL, 0, HTTP_OUT_MAX + 256, 0 };

	if (body->err) {
		status = 500;
		ctype = "text/plain";
	}
	if ((out.p = malloc(out.cap)) == NULL) {
		http_close(c);
		return;
	}
	buf_printf(&out, "HTTP/1.0 %d %s\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", status,
	    http_reason(status), ctype, body->err ? 0 : body->len,
	    body->err ? "" : body->p);
	c->out = out.p;
	c->outlen = out.len;
	c->outoff = 0;
	http_idle_arm(c);
	ev_io_start(EV_DEFAULT, &c->wr_w);
}

static void
http_simple(struct http_conn *c, int status, const char *text)
{
	struct http_buf	b = { (char *)(uintptr_t)text, strlen(text), 0, 0 };

	http_respond(c, status, "text/plain", &b);
}

static void
http_wr_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct http_conn	*c = w->data;
	ssize_t			 n;

	(void)loop;
	(void)revents;
	n = write(c->fd, c->out + c->outoff, c->outlen - c->outoff);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n == -1) {
		http_close(c);
		return;
	}
	c->outoff += (size_t)n;
	http_idle_arm(c);
	if (c->outoff == c->outlen) {
		(void)shutdown(c->fd, SHUT_WR);
		http_close(c);
	}
}

static void
http_health(struct http_conn *c)
{
	if ((c->probe = gw_probe_start(http_health_done, c)) == NULL) {
		http_simple(c, 503, "too many health checks running\n");
		return;
	}
	/* The probe ends by ipc_request_timeout_ms; don't race it. */
	ev_timer_stop(EV_DEFAULT, &c->idle_w);
}

static void
http_json_path(struct http_buf *b, const struct gw_path *path)
{
	const struct ms_ping_hop	*h;
	uint32_t			 i;

	buf_printf(b, "{\"room\":%u,\"ok\":%s,\"rtt_us\":%llu,\"hops\":[",
	    path->room, path->ok ? "true" : "false",
	    (unsigned long long)path->rtt_us);
	for (i = 0; i < path->ping.nhops && i < MS_PING_HOPS; i++) {
		h = &path->ping.hop[i];
		buf_printf(b, "%s{\"role\":\"%s\",\"index\":%u,\"pid\":%u,"
		    "\"epoch\":%u}", i > 0 ? "," : "", ms_role_name(h->role),
		    h->index, h->pid, h->epoch);
	}
	buf_printf(b, "]}");
}

static void
http_health_done(const struct gw_probe *p, void *arg)
{
	struct http_conn	*c = arg;
	char			 body[HTTP_OUT_MAX];
	struct http_buf		 b = { body, 0, sizeof(body), 0 };
	int			 ok = p->npaths > 0 && p->nok == p->npaths;
	uint32_t		 i;

	c->probe = NULL;
	buf_printf(&b, "{\"status\":\"%s\",\"rtt_us\":%llu,\"paths\":[",
	    ok ? "ok" : "fail", (unsigned long long)p->rtt_us);
	for (i = 0; i < p->npaths; i++) {
		buf_printf(&b, "%s", i > 0 ? "," : "");
		http_json_path(&b, &p->paths[i]);
	}
	buf_printf(&b, "]}\n");
	http_respond(c, ok ? 200 : 503, "application/json", &b);
}

static void
http_metrics_clients(struct http_buf *b)
{
	static const char *const drop[GW_DROP_MAX] = {
		NULL, "output_cap", "bad_input", "timeout", "per_ip_cap",
		"max_clients"
	};
	int	i;

	buf_printf(b, "mythmeta_clients{port=\"login\"} %u\n"
	    "mythmeta_clients{port=\"room\"} %u\n"
	    "mythmeta_logins{result=\"ok\"} %llu\n"
	    "mythmeta_logins{result=\"refused\"} %llu\n"
	    "mythmeta_room_logins{result=\"ok\"} %llu\n"
	    "mythmeta_room_logins{result=\"refused\"} %llu\n"
	    "mythmeta_chat_refused %llu\n", gw_stats.clients_login,
	    gw_stats.clients_room, (unsigned long long)gw_stats.logins_ok,
	    (unsigned long long)gw_stats.logins_refused,
	    (unsigned long long)gw_stats.room_logins_ok,
	    (unsigned long long)gw_stats.room_logins_refused,
	    (unsigned long long)gw_stats.chat_refused);
	for (i = 1; i < GW_DROP_MAX; i++)
		buf_printf(b, "mythmeta_client_drops{reason=\"%s\"} %llu\n",
		    drop[i], (unsigned long long)gw_stats.drops[i]);
}

static void
http_metrics(struct http_conn *c)
{
	char			 body[HTTP_OUT_MAX];
	struct http_buf		 b = { body, 0, sizeof(body), 0 };
	struct wrk_link_stats	 st;
	uint64_t		 restarts = 0, full = 0;
	size_t			 i;

	for (i = 0; i < wrk_link_count(); i++) {
		wrk_link_stats(wrk_link_at(i), &st);
		restarts += st.restarts;
		full += st.dropped_full;
	}
	buf_printf(&b, "mythmeta_pings_sent %llu\nmythmeta_pings_ok %llu\n"
	    "mythmeta_pings_failed %llu\nmythmeta_peer_restarts %llu\n"
	    "mythmeta_queue_dropped %llu\nmythmeta_http_clients %u\n",
	    (unsigned long long)gw_stats.pings_sent,
	    (unsigned long long)gw_stats.pings_ok,
	    (unsigned long long)gw_stats.pings_failed,
	    (unsigned long long)restarts, (unsigned long long)full,
	    gw_stats.http_clients);
	http_metrics_clients(&b);
	for (i = 0; i < wrk_link_count(); i++) {
		wrk_link_stats(wrk_link_at(i), &st);
		buf_printf(&b, "mythmeta_link_up{peer=\"%s\"} %u\n"
		    "mythmeta_link_queue_depth{peer=\"%s\"} %u\n",
		    wrk_link_name(wrk_link_at(i)), st.up,
		    wrk_link_name(wrk_link_at(i)), st.queued);
	}
	http_respond(c, 200, "text/plain; version=0.0.4", &b);
}
