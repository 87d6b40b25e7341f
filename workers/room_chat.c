/*
 * room_chat.c - chat lines (200), private messages (201) and the dot
 * commands (README 9.8, 14).  Every line is stamped with the sender's
 * real user id and nick before it leaves (anti-spoofing, as GoS does)
 * and is encoded once, whatever the number of recipients.  Commands are
 * answered with blue-bar lines to the sender and never relayed.  Each
 * gateway's chat is taken once and in order (chat_seq after its
 * MS_ROOM_CHAT_BASE) and acknowledged in the flush (MS_ROOM_ACK), so
 * that a gateway can send again what a crashed worker never handled.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "log.h"
#include "macroman.h"
#include "room.h"

#define ROOM_CHAT_KIND_ROOM	0	/* MS_ROOM_CHAT kinds */
#define ROOM_CHAT_KIND_PRIVATE	1
/* Room for 201's prefix and a sender name longer than the client's. */
#define ROOM_CHAT_BLOB_MAX	(ROOM_OUT_PAYLOAD_MAX - 8 - MW_NICK_MAX)
#define ROOM_CMD_WORD		16	/* longest command name echoed */
#define ROOM_NOT_IN_ROOM	"Player not in a room!"

static int	room_seq_after(uint32_t, uint32_t);
static int	room_chat_take(struct room_ctx *, uint32_t,
		    const struct ms_room_chat *);
static int	room_is_command(const char *);
static void	room_chat_room(struct room_ctx *, const struct room_member *,
		    const struct mw_chat *);
static void	room_chat_private(struct room_ctx *,
		    const struct room_member *, const struct ms_room_chat *,
		    const struct mw_chat *);
static void	room_not_in_room(struct room_ctx *,
		    const struct room_member *);
static void	room_cmd_help(struct room_ctx *, const struct room_member *);
static void	room_cmd_time(struct room_ctx *, const struct room_member *);
static void	room_cmd_who(struct room_ctx *, const struct room_member *);

/* room_seq_after - a comes after b, modulo 2^32 */
static int
room_seq_after(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

/*
 * room_chat_base - where a gateway's chat goes on.  The first base of
 * a replay is the truth (whatever came before it was meant for the
 * worker that crashed and comes again); any other base only moves on,
 * so chat handled already is not handled twice.
 */
void
room_chat_base(struct room_ctx *ctx, uint32_t gw,
    const struct ms_room_chat_seq *b)
{
	struct room_gwchat	*g;

	if (gw >= MS_CFG_WORKERS_MAX)
		return;
	g = &ctx->gwchat[gw];
	if ((b->replay && !g->replayed) || !g->based) {
		g->last = g->acked = b->chat_seq;
		g->based = 1;
		g->replayed |= b->replay != 0;
	} else if (room_seq_after(b->chat_seq, g->last))
		g->last = g->acked = b->chat_seq;
}

/* room_chat_forget - gw restarted: its next chat starts a new stream. */
void
room_chat_forget(struct room_ctx *ctx, uint32_t gw)
{
	if (gw < MS_CFG_WORKERS_MAX)
		memset(&ctx->gwchat[gw], 0, sizeof(ctx->gwchat[gw]));
}

/* room_chat_take - 1 if this chat is to be handled (it now counts). */
static int
room_chat_take(struct room_ctx *ctx, uint32_t gw,
    const struct ms_room_chat *c)
{
	struct room_gwchat	*g;

	if (gw >= MS_CFG_WORKERS_MAX)
		return 0;
	g = &ctx->gwchat[gw];
	if (!g->based) {
		log_debug("room: gateway[%u] chat %u before its base dropped",
		    gw, c->chat_seq);
		return 0;
	}
	if (!room_seq_after(c->chat_seq, g->last)) {
		log_debug("room: gateway[%u] chat %u again, dropped", gw,
		    c->chat_seq);
		return 0;
	}
	if (c->chat_seq != g->last + 1)
		log_info("room: gateway[%u] chat %u after %u", gw,
		    c->chat_seq, g->last);
	g->last = c->chat_seq;
	return 1;
}

/*
 * room_chat_acks - a MS_ROOM_ACK to each gateway whose chat moved on,
 * unless it had one in the last ROOM_ACK_MS; ms until one is owed, or
 * -1 when none is.
 */
int64_t
room_chat_acks(struct room_ctx *ctx, uint64_t now_ms)
{
	struct ms_room_chat_seq	 a;
	struct room_gwchat	*g;
	uint32_t		 gw;
	int64_t			 due = -1, left;

	for (gw = 0; gw < ctx->ngw && gw < MS_CFG_WORKERS_MAX; gw++) {
		g = &ctx->gwchat[gw];
		if (!g->based || g->acked == g->last)
			continue;
		left = (int64_t)(g->ack_ms + ROOM_ACK_MS) - (int64_t)now_ms;
		a.chat_seq = g->last;
		a.replay = 0;
		if (left <= 0 && ctx->out.send(ctx->out.arg, gw, MS_ROOM_ACK,
		    0, &a, sizeof(a)) == 0) {
			g->acked = g->last;
			g->ack_ms = now_ms;
			continue;
		}
		left = left > 0 ? left : ROOM_ACK_MS;
		if (due < 0 || left < due)
			due = left;
	}
	return due;
}

/* GoS rule: '.' then a letter; ". . ." and ".5" are ordinary lines. */
static int
room_is_command(const char *msg)
{
	return msg[0] == '.' && isalpha((unsigned char)msg[1]);
}

void
room_chat(struct room_ctx *ctx, uint32_t gw, const struct ms_room_chat *c,
    const uint8_t *blob)
{
	struct room_member	*m;
	struct mw_chat		 chat;
	int			 rv;

	if (!room_chat_take(ctx, gw, c))
		return;
	if ((m = room_member_sess(ctx, gw, c->sid)) == NULL) {
		log_debug("room: chat from unknown gateway[%u] sid %u", gw,
		    c->sid);
		return;
	}
	if (c->blob_len == 0 || c->blob_len > ROOM_CHAT_BLOB_MAX) {
		log_debug("room: sid %u: %u-byte chat blob dropped", c->sid,
		    c->blob_len);
		return;
	}
	if ((rv = mw_decode_room_broadcast(blob, c->blob_len, &chat)) !=
	    MW_OK) {
		log_debug("room: sid %u: chat blob: %s", c->sid,
		    mw_strerror(rv));
		return;
	}
	chat.player_id = m->user_id;
	chat.sender = m->nick;
	if (room_is_command(chat.message))
		room_command(ctx, m, chat.message);
	else if (c->kind == ROOM_CHAT_KIND_ROOM)
		room_chat_room(ctx, m, &chat);
	else if (c->kind == ROOM_CHAT_KIND_PRIVATE)
		room_chat_private(ctx, m, c, &chat);
	else
		log_debug("room: sid %u: chat kind %u", c->sid, c->kind);
}

/* 200: every listening member, the sender included (its echo). */
static void
room_chat_room(struct room_ctx *ctx, const struct room_member *m,
    const struct mw_chat *chat)
{
	const struct room_room	*r = m->room;
	const struct room_member *o;
	size_t			 len;
	uint32_t		 i;

	if (mw_encode_room_broadcast(ctx->pkt, sizeof(ctx->pkt), &len,
	    chat) != MW_OK || room_out_begin(&ctx->out,
	    MW_T_ROOM_BROADCAST, ctx->pkt + MW_HEADER_SIZE,
	    len - MW_HEADER_SIZE) == -1)
		return;
	for (i = 0; i < r->n; i++) {
		o = r->members[i];
		if (o->mode == ROOM_LISTENING)
			room_out_add(&ctx->out, o->gw, o->sid);
	}
	room_out_end(&ctx->out);
}

/* 201: the target if present and listening, the sender if it echoes. */
static void
room_chat_private(struct room_ctx *ctx, const struct room_member *m,
    const struct ms_room_chat *c, const struct mw_chat *chat)
{
	struct mw_directed_data	 d;
	struct room_member	*t;
	size_t			 len;

	t = room_member_user(ctx, m->room, c->target);
	if (t == NULL && (m->flags & MS_USER_ALEPHONE))
		room_not_in_room(ctx, m);
	d.target_player_id = c->target;
	d.local_echo = c->echo;
	d.chat = *chat;
	if (mw_encode_directed_data(ctx->pkt, sizeof(ctx->pkt), &len, &d) !=
	    MW_OK || room_out_begin(&ctx->out, MW_T_DIRECTED_DATA,
	    ctx->pkt + MW_HEADER_SIZE, len - MW_HEADER_SIZE) == -1)
		return;
	if (t != NULL && t->mode == ROOM_LISTENING)
		room_out_add(&ctx->out, t->gw, t->sid);
	if (c->echo != 0 && c->target != m->user_id &&
	    m->mode == ROOM_LISTENING)
		room_out_add(&ctx->out, m->gw, m->sid);
	room_out_end(&ctx->out);
}

/* Aleph One expects error 10 for an absent target (A1S does); Myth not. */
static void
room_not_in_room(struct room_ctx *ctx, const struct room_member *m)
{
	struct mw_server_message	sm;
	size_t				len;

	memset(&sm, 0, sizeof(sm));
	sm.code = MW_MSG_PLAYER_NOT_IN_ROOM;
	sm.text = ROOM_NOT_IN_ROOM;
	if (m->mode != ROOM_LISTENING || mw_encode_server_message(ctx->pkt2,
	    sizeof(ctx->pkt2), &len, &sm) != MW_OK)
		return;
	(void)room_out_one(&ctx->out, m->gw, m->sid, MW_T_SERVER_MESSAGE,
	    ctx->pkt2 + MW_HEADER_SIZE, len - MW_HEADER_SIZE);
}

/* room_command - a dot command from m; line starts with '.'. */
void
room_command(struct room_ctx *ctx, const struct room_member *m,
    const char *line)
{
	char	word[ROOM_CMD_WORD + 1], text[ROOM_TEXT_LINE + 1];
	size_t	n;

	n = strcspn(line + 1, " \t");
	if (n > ROOM_CMD_WORD)
		n = ROOM_CMD_WORD;
	memcpy(word, line + 1, n);
	word[n] = '\0';
	if (strcasecmp(word, "help") == 0)
		room_cmd_help(ctx, m);
	else if (strcasecmp(word, "time") == 0)
		room_cmd_time(ctx, m);
	else if (strcasecmp(word, "who") == 0)
		room_cmd_who(ctx, m);
	else {
		(void)snprintf(text, sizeof(text), "Unknown command '.%s'.",
		    word);
		room_send_text(ctx, m, text);
	}
}

static void
room_cmd_help(struct room_ctx *ctx, const struct room_member *m)
{
	room_send_text(ctx, m, "Commands:");
	room_send_text(ctx, m, ".help - this list");
	room_send_text(ctx, m, ".time - the server's date and time (UTC)");
	room_send_text(ctx, m, ".who - the players in this room");
}

static void
room_cmd_time(struct room_ctx *ctx, const struct room_member *m)
{
	char		text[ROOM_TEXT_LINE + 1];
	struct tm	tm;
	time_t		now = time(NULL);

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(text, sizeof(text), "Server time: %Y-%m-%d %H:%M:%S UTC",
	    &tm) == 0)
		return;
	room_send_text(ctx, m, text);
}

/* .who: a count line, then the nicks packed into lines of <= 120. */
static void
room_cmd_who(struct room_ctx *ctx, const struct room_member *m)
{
	const struct room_room	*r = m->room;
	char			 text[ROOM_TEXT_LINE + 1], name[64];
	size_t			 len = 0, nl;
	uint32_t		 i;

	if (ms_utf8_to_macroman(r->name, strlen(r->name), (uint8_t *)name,
	    sizeof(name), NULL) == -1)
		name[0] = '\0';
	(void)snprintf(text, sizeof(text), "%u player%s in %s:", r->n,
	    r->n == 1 ? "" : "s", name);
	room_send_text(ctx, m, text);
	for (i = 0; i < r->n; i++) {
		nl = strlen(r->members[i]->nick);
		if (len > 0 && len + 2 + nl > ROOM_TEXT_LINE) {
			room_send_text(ctx, m, text);
			len = 0;
		}
		if (len > 0) {
			memcpy(text + len, ", ", 2);
			len += 2;
		}
		memcpy(text + len, r->members[i]->nick, nl);
		len += nl;
		text[len] = '\0';
	}
	if (len > 0)
		room_send_text(ctx, m, text);
}
