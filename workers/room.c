/*
 * room.c - the room role's glue: decodes what the gateways send into
 * calls on the room state (room_state.c and friends), forwards the
 * routed ping to the game worker and its answers back, sends the
 * iteration's batches in flush, and relays mythmetactl verbs.  Only
 * messages from gateway links reach the room state; anything else is
 * logged and dropped.
 */
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "config.h"
#include "log.h"
#include "ping.h"
#include "room.h"
#include "worker.h"

#define ROOM_ADMIN_TEXT	8000	/* below the control socket's 8192 */

static struct room_ctx	*ctx;

static int	room_init(const struct ms_config *);
static int	room_reload(const struct ms_config *);
static void	room_dispatch(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	room_peer_restart(struct wrk_link *);
static void	room_resync(struct wrk_link *);
static int64_t	room_tick(uint64_t);
static void	room_turn(void);
static void	room_role_admin(uint32_t, int, char **);
static void	room_shutdown(void);
static int	room_send(void *, uint32_t, uint16_t, uint32_t, const void *,
		    size_t);
static int	room_gw_of(struct wrk_link *, uint32_t *);
static void	room_links_poll(uint64_t);
static void	room_on_join(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	room_on_session(struct wrk_link *, const void *);
static void	room_on_chat(struct wrk_link *, const struct ms_hdr *,
		    const void *);
static void	room_on_chat_base(struct wrk_link *, const void *);

const struct wrk_role	wrk_role_room = {
	.name = "room",
	.init = room_init,
	.reload = room_reload,
	.dispatch = room_dispatch,
	.on_peer_restart = room_peer_restart,
	.on_resync = room_resync,
	.tick = room_tick,
	.shutdown = room_shutdown,
	.flush = room_turn,
	.admin = room_role_admin,
};

static int
room_init(const struct ms_config *cfg)
{
	if (wrk_ping_init(cfg->ipc_queue_limit) == -1)
		return EX_OSERR;
	if ((ctx = malloc(sizeof(*ctx))) == NULL ||
	    room_ctx_init(ctx, cfg, wrk_self_index(), room_send, NULL) == -1) {
		log_warn("room state");
		free(ctx);
		ctx = NULL;
		return EX_OSERR;
	}
	room_out_limit(&ctx->out, cfg->deliver_buffer);
	wrk_wakeup_in(ROOM_LINK_POLL_MS);
	return 0;
}

static int
room_reload(const struct ms_config *cfg)
{
	room_ctx_reload(ctx, cfg);
	room_out_limit(&ctx->out, cfg->deliver_buffer);
	return 0;
}

static void
room_shutdown(void)
{
	wrk_ping_fini();
	if (ctx != NULL) {
		(void)room_flush(ctx, wrk_now_ms());
		room_ctx_fini(ctx);
		free(ctx);
		ctx = NULL;
	}
}

/* room_send - the state's way out: gateway index -> link. */
static int
room_send(void *arg, uint32_t gw, uint16_t type, uint32_t reqid,
    const void *payload, size_t len)
{
	struct wrk_link	*l = wrk_link_find(MS_ROLE_GATEWAY, gw);

	(void)arg;
	if (l == NULL)
		return -1;
	return wrk_send(l, type, reqid, payload, len);
}

static int
room_gw_of(struct wrk_link *l, uint32_t *gw)
{
	if (wrk_link_peer_role(l) != MS_ROLE_GATEWAY) {
		log_warnx("room: gateway message from %s dropped",
		    wrk_link_name(l));
		return -1;
	}
	*gw = wrk_link_peer_index(l);
	room_recover_gateway_seen(ctx, wrk_now_ms());
	return 0;
}

static void
room_dispatch(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	switch (h->type) {
	case MS_LINK_PING:
		wrk_ping_forward(l, h, p, wrk_link_find(MS_ROLE_GAME, 0));
		break;
	case MS_LINK_PONG:
		wrk_ping_reply(l, h, p);
		break;
	case MS_ROOM_JOIN:
		room_on_join(l, h, p);
		break;
	case MS_ROOM_SESSION:
		room_on_session(l, p);
		break;
	case MS_ROOM_CHAT:
		room_on_chat(l, h, p);
		break;
	case MS_ROOM_CHAT_BASE:
		room_on_chat_base(l, p);
		break;
	case MS_ROOM_FIND:	/* answered on the link it came from */
		if (wrk_link_peer_role(l) == MS_ROLE_GATEWAY)
			room_find_reply(ctx, wrk_link_peer_index(l), h->reqid,
			    p);
		break;
	default:
		log_debug("%s from %s not handled", ms_msg_name(h->type),
		    wrk_link_name(l));
	}
}

static void
room_on_join(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	struct ms_room_join	j;
	uint32_t		gw;

	if (room_gw_of(l, &gw) == -1)
		return;
	memcpy(&j, p, sizeof(j));
	room_join(ctx, gw, h->reqid, &j);
}

static void
room_on_session(struct wrk_link *l, const void *p)
{
	struct ms_room_session	s;
	uint32_t		gw;

	if (room_gw_of(l, &gw) == -1)
		return;
	memcpy(&s, p, sizeof(s));
	room_session(ctx, gw, &s);
}

static void
room_on_chat(struct wrk_link *l, const struct ms_hdr *h, const void *p)
{
	struct ms_room_chat	c;
	uint32_t		gw;

	if (room_gw_of(l, &gw) == -1)
		return;
	if (h->len < sizeof(c)) {
		log_warnx("room: short MS_ROOM_CHAT from %s", wrk_link_name(l));
		return;
	}
	memcpy(&c, p, sizeof(c));
	if (c.blob_len != h->len - sizeof(c)) {
		log_warnx("room: MS_ROOM_CHAT from %s: blob_len %u, %zu bytes",
		    wrk_link_name(l), c.blob_len, (size_t)h->len - sizeof(c));
		return;
	}
	room_chat(ctx, gw, &c, (const uint8_t *)p + sizeof(c));
}

static void
room_on_chat_base(struct wrk_link *l, const void *p)
{
	struct ms_room_chat_seq	b;
	uint32_t		gw;

	if (room_gw_of(l, &gw) == -1)
		return;
	memcpy(&b, p, sizeof(b));
	room_chat_base(ctx, gw, &b);
}

/*
 * A restarted game forgot our pings; a restarted gateway lost its
 * sessions, so its members leave.
 */
static void
room_peer_restart(struct wrk_link *l)
{
	wrk_ping_link_reset(l);
	if (wrk_link_peer_role(l) == MS_ROLE_GATEWAY)
		room_gateway_gone(ctx, wrk_link_peer_index(l));
}

static void
room_resync(struct wrk_link *l)
{
	if (wrk_link_peer_role(l) == MS_ROLE_GATEWAY)
		room_recover_resync(ctx, wrk_link_peer_index(l));
}

/* Links report no "up" event to roles: look while recovery waits. */
static void
room_links_poll(uint64_t now)
{
	struct wrk_link	*l;
	size_t		 i;

	for (i = 0; i < wrk_link_count(); i++) {
		l = wrk_link_at(i);
		if (wrk_link_peer_role(l) == MS_ROLE_GATEWAY && wrk_link_up(l))
			room_recover_gateway_seen(ctx, now);
	}
}

static int64_t
room_tick(uint64_t now)
{
	int64_t	a, b;

	a = wrk_ping_tick(now);
	room_links_poll(now);
	b = room_recover_tick(ctx, now);
	if (a < 0 || (b >= 0 && b < a))
		return b;
	return a;
}

/* room_turn - the turn's batches; a wakeup for acks held back. */
static void
room_turn(void)
{
	int64_t	due;

	if (ctx != NULL && (due = room_flush(ctx, wrk_now_ms())) >= 0)
		wrk_wakeup_in((uint64_t)due);
}

static void
room_role_admin(uint32_t reqid, int argc, char **argv)
{
	static char	text[ROOM_ADMIN_TEXT];
	int		status;

	status = room_admin(ctx, argc, argv, text, sizeof(text));
	wrk_admin_reply(reqid, status, text);
}
