/*
 * wrk_ctl.c - the worker's end of the control channel (fd 3): HELLO at
 * start, CONFIG (first one and reloads), HEARTBEAT echo, STOP, and EOF.
 * Anything the supervisor sends that fails the checks is a protocol
 * violation: the worker exits EX_SOFTWARE and gets restarted.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <ev.h>

#include "config.h"
#include "ctl.h"
#include "log.h"
#include "proto.h"
#include "wrk_int.h"

#define CTL_BUDGET	16	/* datagrams per wakeup */

/* The per-run secret from the supervisor (token keys); see proto.h. */
static uint8_t	ctl_secret[MS_SECRET_SIZE];

const uint8_t *
wrk_secret(void)
{
	return ctl_secret;
}

static ev_io		ctl_w;
static unsigned char	ctl_buf[MS_MSG_MAX];

static void	ctl_cb(struct ev_loop *, ev_io *, int);
static void	ctl_dispatch(const struct ms_hdr *, const void *);
static void	ctl_violation(const char *) __attribute__((noreturn));
static void	ctl_config(const void *, size_t);
static void	ctl_heartbeat(const struct ms_hdr *, const void *);
static void	ctl_flatten(char *);
static void	ctl_admin(const struct ms_hdr *, const void *);

int
wrk_ctl_send(uint16_t type, uint32_t reqid, const void *p, size_t len)
{
	if (ms_ctl_send(MS_CTL_FD, type, reqid, wrk.epoch, p, len) == -1) {
		log_warn("control channel: send %s", ms_msg_name(type));
		return -1;
	}
	return 0;
}

/* wrk_ctl_start - check fd 3, say HELLO and start listening on it. */
int
wrk_ctl_start(void)
{
	struct ms_ctl_hello	hello;
	socklen_t		len = sizeof(int);
	int			type;

	if (getsockopt(MS_CTL_FD, SOL_SOCKET, SO_TYPE, &type, &len) == -1 ||
	    type != SOCK_SEQPACKET) {
		log_warnx("fd %d is not the control channel (a SOCK_SEQPACKET "
		    "socket from the supervisor); run mythmetad without -P",
		    MS_CTL_FD);
		return -1;
	}
	hello.role = wrk.role_id;
	hello.index = wrk.index;
	hello.pid = wrk.pid;
	hello.proto_version = MS_PROTO_VERSION;
	if (wrk_ctl_send(MS_CTL_HELLO, 0, &hello, sizeof(hello)) == -1)
		return -1;
	ev_io_init(&ctl_w, ctl_cb, MS_CTL_FD, EV_READ);
	ev_io_start(wrk.loop, &ctl_w);
	return 0;
}

static void
ctl_violation(const char *why)
{
	log_warnx("control channel: protocol violation: %s", why);
	exit(EX_SOFTWARE);
}

static void
ctl_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct ms_hdr	h;
	const char	*why = "";
	ssize_t		 n;
	int		 i;

	(void)loop;
	(void)w;
	(void)revents;
	for (i = 0; i < CTL_BUDGET; i++) {
		n = ms_ctl_recv(MS_CTL_FD, ctl_buf, sizeof(ctl_buf), &why);
		if (n == -1 && errno == EAGAIN)
			return;
		if (n == 0 || (n == -1 && errno == ECONNRESET)) {
			log_info("supervisor gone (EOF on control channel); "
			    "exiting");
			wrk_exit_now();
		}
		if (n == -1 && errno == EPROTO)
			ctl_violation(why);
		if (n == -1) {
			log_warn("control channel: recv");
			exit(EX_OSERR);
		}
		memcpy(&h, ctl_buf, sizeof(h));
		ctl_dispatch(&h, ctl_buf + sizeof(h));
	}
}

static void
ctl_dispatch(const struct ms_hdr *h, const void *payload)
{
	if (ms_msg_role_ok(h->type, MS_ROLE_SUPERVISOR, 0) == -1 ||
	    ms_msg_role_ok(h->type, wrk.role_id, 1) == -1)
		ctl_violation(ms_msg_name(h->type));
	switch (h->type) {
	case MS_CTL_CONFIG:
		ctl_config(payload, h->len);
		break;
	case MS_CTL_HEARTBEAT:
		ctl_heartbeat(h, payload);
		break;
	case MS_CTL_STOP:
		wrk_stop("stop requested by the supervisor");
		break;
	case MS_CTL_ADMIN:
		ctl_admin(h, payload);
		break;
	default:
		ctl_violation(ms_msg_name(h->type));
	}
}

static void
ctl_heartbeat(const struct ms_hdr *h, const void *payload)
{
	(void)wrk_ctl_send(MS_CTL_HEARTBEAT, h->reqid, payload, h->len);
}

/* ctl_flatten - one log line per message: the parser's lines joined. */
static void
ctl_flatten(char *s)
{
	size_t	n = strlen(s);

	while (n > 0 && s[n - 1] == '\n')
		s[--n] = '\0';
	for (; *s != '\0'; s++)
		if (*s == '\n')
			*s = ';';
}

static void
ctl_config(const void *payload, size_t len)
{
	struct ms_ctl_gen	 ack;
	struct ms_config	*cfg;
	const uint8_t		*secret;
	const char		*text;
	uint32_t		 gen;
	char			 err[2048];

	if (ms_ctl_config_decode(payload, len, &gen, &secret, &text) == -1)
		ctl_violation("malformed MS_CTL_CONFIG");
	memcpy(ctl_secret, secret, sizeof(ctl_secret));
	err[0] = '\0';
	if (ms_cfg_parse(text, "config", &cfg, err, sizeof(err)) == -1) {
		ctl_flatten(err);
		log_warnx("config generation %u rejected: %s", gen, err);
		if (!wrk.configured)
			exit(EX_CONFIG);
		ack.generation = gen;
		ack.status = -1;
		(void)wrk_ctl_send(MS_CTL_CFG_ACK, 0, &ack, sizeof(ack));
		return;
	}
	if (!wrk.configured) {
		wrk_configured(cfg, gen);
		return;
	}
	ack.generation = gen;
	ack.status = wrk_reconfigure(cfg, gen);
	(void)wrk_ctl_send(MS_CTL_CFG_ACK, 0, &ack, sizeof(ack));
}

#define ADMIN_ARGS_MAX	32

/*
 * ctl_admin - split a relayed mythmetactl command into words and hand
 * it to the role.  A malformed command is the supervisor's bug, but it
 * is answered, not fatal: the admin sees the refusal.
 */
static void
ctl_admin(const struct ms_hdr *h, const void *payload)
{
	static char		 buf[MS_MSG_MAX];
	struct ms_ctl_admin	 a;
	char			*argv[ADMIN_ARGS_MAX + 1], *p, *end;
	uint32_t		 argc = 0;

	if (h->len < sizeof(a)) {
		wrk_admin_reply(h->reqid, MS_ADMIN_FAIL, "malformed command");
		return;
	}
	memcpy(&a, payload, sizeof(a));
	if (a.len != h->len - sizeof(a) || a.len == 0 ||
	    a.argc == 0 || a.argc > ADMIN_ARGS_MAX ||
	    ((const char *)payload)[h->len - 1] != '\0') {
		wrk_admin_reply(h->reqid, MS_ADMIN_FAIL, "malformed command");
		return;
	}
	memcpy(buf, (const char *)payload + sizeof(a), a.len);
	end = buf + a.len;
	for (p = buf; p < end && argc < a.argc; p += strlen(p) + 1)
		argv[argc++] = p;
	if (argc != a.argc || p != end) {
		wrk_admin_reply(h->reqid, MS_ADMIN_FAIL, "malformed command");
		return;
	}
	argv[argc] = NULL;
	if (wrk.role->admin == NULL) {
		wrk_admin_reply(h->reqid, MS_ADMIN_NOT_HERE, "");
		return;
	}
	wrk.role->admin(h->reqid, (int)argc, argv);
}

void
wrk_admin_reply(uint32_t reqid, int32_t status, const char *text)
{
	static char		buf[MS_MSG_MAX];
	struct ms_ctl_admin_rep	r;
	size_t			len;

	len = strnlen(text, sizeof(buf) - sizeof(r) - 1);
	r.status = status;
	r.len = (uint32_t)len + 1;
	memcpy(buf, &r, sizeof(r));
	memcpy(buf + sizeof(r), text, len);
	buf[sizeof(r) + len] = '\0';
	if (wrk_ctl_send(MS_CTL_ADMIN_REP, reqid, buf, sizeof(r) + len + 1) ==
	    -1)
		log_warnx("admin reply %u could not be sent", reqid);
}
