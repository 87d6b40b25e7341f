/*
 * room_list.c - what members see of each other: player_list entries
 * (README 7.2, 9.4), full lists split under the Myth packet limit, the
 * (empty, for now) game list, blue-bar texts (packet 10) and the
 * roster rebuilt after a restart.  Every broadcast encodes its packet
 * once and then only appends sids: the work per recipient is O(1).
 * Invariant: deaf members are never recipients.
 */
#include <string.h>

#include "log.h"
#include "room.h"

#define ROOM_AUX_GUEST	0x0002	/* player_aux.flags bit1: anonymous */

_Static_assert(sizeof(struct ms_room_roster) == MW_HEADER_SIZE,
    "a roster part is built in place of the packet header");

static void	room_emit(struct room_ctx *, const struct room_member *,
		    const uint8_t *, size_t);
static int	room_list_put(struct room_ctx *, struct mw_list *,
		    const struct room_member *, uint16_t,
		    const struct room_member *);
static void	room_bcast_pkt(struct room_ctx *, const struct room_room *,
		    const uint8_t *, size_t, const struct room_member *);

void
room_entry(const struct room_member *m, uint16_t verb,
    struct mw_player_entry *e)
{
	int	guest = (m->flags & MS_USER_GUEST) != 0;

	memset(&e->aux, 0, sizeof(e->aux));
	e->aux.verb = verb;
	e->aux.flags = guest ? ROOM_AUX_GUEST : 0;
	e->aux.player_id = m->user_id;
	/* Bungie: no icon for guests nor in unranked rooms. */
	e->aux.caste = guest || m->room->type == 0 ? -1 : m->caste;
	e->aux.order = m->order;
	e->data = m->pd;
}

/* room_emit - one whole encoded packet (header skipped) to m. */
static void
room_emit(struct room_ctx *ctx, const struct room_member *m,
    const uint8_t *pkt, size_t len)
{
	uint16_t	type = (uint16_t)(pkt[2] << 8 | pkt[3]);

	(void)room_out_one(&ctx->out, m->gw, m->sid, type,
	    pkt + MW_HEADER_SIZE, len - MW_HEADER_SIZE);
}

/*
 * room_list_put - add one entry to the packet in ctx->pkt; a full packet
 * goes to `to` (one recipient) and a new one is begun.  -1: entry
 * skipped (cannot be encoded at all; logged).
 */
static int
room_list_put(struct room_ctx *ctx, struct mw_list *l,
    const struct room_member *m, uint16_t verb, const struct room_member *to)
{
	struct mw_player_entry	e;
	size_t			len;
	int			rv;

	room_entry(m, verb, &e);
	if ((rv = mw_list_add_player(l, &e)) == MW_LIST_FULL) {
		(void)mw_list_end(l, &len);
		room_emit(ctx, to, ctx->pkt, len);
		(void)mw_list_begin(l, MW_T_PLAYER_LIST, ctx->pkt,
		    sizeof(ctx->pkt), 0);
		rv = mw_list_add_player(l, &e);
	}
	if (rv != MW_OK) {
		log_warnx("room: entry of user %u: %s", m->user_id,
		    mw_strerror(rv));
		return -1;
	}
	return 0;
}

/* room_send_full - every member (verb 0), then the game list, to m. */
void
room_send_full(struct room_ctx *ctx, const struct room_member *m)
{
	const struct room_room	*r = m->room;
	struct mw_list		 l;
	size_t			 len;
	uint32_t		 i;

	(void)mw_list_begin(&l, MW_T_PLAYER_LIST, ctx->pkt, sizeof(ctx->pkt),
	    0);
	for (i = 0; i < r->n; i++)
		(void)room_list_put(ctx, &l, r->members[i], MW_VERB_ADD, m);
	(void)mw_list_end(&l, &len);
	if (l.count > 0)
		room_emit(ctx, m, ctx->pkt, len);
	/*
	 * The games are the gateway's: it sends the room's whole game
	 * list in place of this empty one (gw_deliver.c), right after the
	 * players as clients expect.
	 */
	(void)room_out_one(&ctx->out, m->gw, m->sid, MW_T_GAME_LIST, NULL, 0);
}

/* room_bcast_pkt - one packet to every listening member but skip. */
static void
room_bcast_pkt(struct room_ctx *ctx, const struct room_room *r,
    const uint8_t *pkt, size_t len, const struct room_member *skip)
{
	const struct room_member	*o;
	uint16_t			 type;
	uint32_t			 i;

	type = (uint16_t)(pkt[2] << 8 | pkt[3]);
	if (room_out_begin(&ctx->out, type, pkt + MW_HEADER_SIZE,
	    len - MW_HEADER_SIZE) == -1)
		return;
	for (i = 0; i < r->n; i++) {
		o = r->members[i];
		if (o != skip && o->mode == ROOM_LISTENING)
			room_out_add(&ctx->out, o->gw, o->sid);
	}
	room_out_end(&ctx->out);
}

/* room_bcast_entry - one entry about m to its room (but skip). */
void
room_bcast_entry(struct room_ctx *ctx, const struct room_member *m,
    uint16_t verb, const struct room_member *skip)
{
	struct mw_player_entry	e;
	size_t			len;
	int			rv;

	room_entry(m, verb, &e);
	rv = mw_encode_player_list(ctx->pkt, sizeof(ctx->pkt), &len, &e, 1);
	if (rv != MW_OK) {
		log_warnx("room: entry of user %u: %s", m->user_id,
		    mw_strerror(rv));
		return;
	}
	room_bcast_pkt(ctx, m->room, ctx->pkt, len, skip);
}

/*
 * room_bcast_deletes - deletes for a chain (sess_next) of members
 * already taken out of r, packed several to a packet.
 */
void
room_bcast_deletes(struct room_ctx *ctx, struct room_room *r,
    struct room_member *gone)
{
	struct mw_player_entry	e;
	struct mw_list		l;
	size_t			len;
	int			rv;

	(void)mw_list_begin(&l, MW_T_PLAYER_LIST, ctx->pkt, sizeof(ctx->pkt),
	    0);
	for (; gone != NULL; gone = gone->sess_next) {
		room_entry(gone, MW_VERB_DELETE, &e);
		if ((rv = mw_list_add_player(&l, &e)) == MW_LIST_FULL) {
			(void)mw_list_end(&l, &len);
			room_bcast_pkt(ctx, r, ctx->pkt, len, NULL);
			(void)mw_list_begin(&l, MW_T_PLAYER_LIST, ctx->pkt,
			    sizeof(ctx->pkt), 0);
			rv = mw_list_add_player(&l, &e);
		}
		if (rv != MW_OK)
			log_warnx("room: delete of user %u: %s",
			    gone->user_id, mw_strerror(rv));
	}
	(void)mw_list_end(&l, &len);
	if (l.count > 0)
		room_bcast_pkt(ctx, r, ctx->pkt, len, NULL);
}

/* room_send_text - one blue-bar line (packet 10) to m. */
void
room_send_text(struct room_ctx *ctx, const struct room_member *m,
    const char *text)
{
	struct mw_text	t = { text };
	size_t		len;

	if (m->mode != ROOM_LISTENING ||
	    mw_encode_message_of_the_day(ctx->pkt2, sizeof(ctx->pkt2), &len,
	    &t) != MW_OK)
		return;
	room_emit(ctx, m, ctx->pkt2, len);
}

/* room_bcast_text - one blue-bar line to every listening member of r. */
void
room_bcast_text(struct room_ctx *ctx, struct room_room *r, const char *text)
{
	struct mw_text	t = { text };
	size_t		len;

	if (mw_encode_message_of_the_day(ctx->pkt2, sizeof(ctx->pkt2), &len,
	    &t) == MW_OK)
		room_bcast_pkt(ctx, r, ctx->pkt2, len, NULL);
}

/*
 * room_line_next - copy the next non-empty line of *pp into line (cut
 * at size - 1 characters, the rest becomes the next line); 0 at the end.
 */
int
room_line_next(const char **pp, char *line, size_t size)
{
	const char	*p = *pp;
	size_t		 n;

	while (*p == '\n' || *p == '\r')
		p++;
	if (*p == '\0')
		return 0;
	n = strcspn(p, "\r\n");
	if (n > size - 1)
		n = size - 1;
	memcpy(line, p, n);
	line[n] = '\0';
	*pp = p + n;
	return 1;
}

/* room_send_motd - the room's runtime MOTD, else room.motd, to m. */
void
room_send_motd(struct room_ctx *ctx, const struct room_member *m)
{
	const char	*p = m->room->motd[0] != '\0' ? m->room->motd :
			    ctx->motd;
	char		 line[ROOM_TEXT_LINE + 1];

	while (room_line_next(&p, line, sizeof(line)))
		room_send_text(ctx, m, line);
}

/*
 * room_roster - entries (verb 0) of r's members from *next on, as many
 * as fit one packet-sized part, written at out + MW_HEADER_SIZE (the
 * caller puts its struct ms_room_roster in the first bytes).  Returns
 * the entry bytes; *next moves past the members written.
 */
size_t
room_roster(const struct room_room *r, size_t *next, uint8_t *out,
    size_t cap)
{
	struct mw_player_entry	e;
	struct mw_list		l;
	size_t			len;

	if (mw_list_begin(&l, MW_T_PLAYER_LIST, out, cap, cap) != MW_OK)
		return 0;
	for (; *next < r->n; (*next)++) {
		room_entry(r->members[*next], MW_VERB_ADD, &e);
		if (mw_list_add_player(&l, &e) == MW_LIST_FULL)
			break;
	}
	(void)mw_list_end(&l, &len);
	return len - MW_HEADER_SIZE;
}
