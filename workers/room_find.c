/*
 * room_find.c - MS_ROOM_FIND: which members of this worker's rooms a
 * gateway is looking for, by user id (buddy list 118, order list 119)
 * or by a fragment of the nick (player search 117), answered at once.
 * The entries are in the layout of packets 14/15/16 (README 12.3: i32
 * room_id, player_aux, player data) as mw_list_add_search() writes them,
 * so a gateway can concatenate the answers of every room worker.
 * Nicks are MacRoman and compare with ASCII case folding only: a letter
 * above 0x7f matches only itself.  An empty fragment matches nobody.
 * Invariant: one answer fits one message (the Myth packet ceiling of
 * the list encoder is far below MS_MSG_MAX) and holds at most max
 * entries.
 */
#include <string.h>

#include "log.h"
#include "room.h"

/* The answer is built in place of a packet: the header becomes ours. */
_Static_assert(sizeof(struct ms_room_find_rep) == MW_HEADER_SIZE,
    "a find answer is built in place of the packet header");
/* header, payload and nng's 4 bytes within one message */
#define ROOM_FIND_MSG_MAX	(MS_MSG_MAX - sizeof(struct ms_hdr) - 4)

static int	room_find_fold(unsigned char);
static int	room_find_put(struct mw_list *, const struct room_room *,
		    const struct room_member *);
static void	room_find_ids(struct room_ctx *, const struct ms_room_find *,
		    struct mw_list *, uint32_t);
static void	room_find_name(struct room_ctx *, const char *,
		    struct mw_list *, uint32_t);

static int
room_find_fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* room_find_match - hay contains needle, ASCII letters folded. */
int
room_find_match(const char *hay, const char *needle)
{
	const unsigned char	*h = (const unsigned char *)hay;
	const unsigned char	*n = (const unsigned char *)needle;
	size_t			 i, j;

	if (n[0] == '\0')
		return 0;
	for (i = 0; h[i] != '\0'; i++) {
		for (j = 0; n[j] != '\0' && h[i + j] != '\0' &&
		    room_find_fold(h[i + j]) == room_find_fold(n[j]); j++)
			;
		if (n[j] == '\0')
			return 1;
	}
	return 0;
}

/* room_find_put - 0 when the answer is full (m left out), else 1. */
static int
room_find_put(struct mw_list *l, const struct room_room *r,
    const struct room_member *m)
{
	struct mw_player_entry	pe;
	struct mw_search_entry	se;
	int			rv;

	room_entry(m, MW_VERB_ADD, &pe);
	se.room_id = (int32_t)r->id;
	se.aux = pe.aux;
	se.data = pe.data;
	if ((rv = mw_list_add_search(l, &se)) == MW_OK)
		return 1;
	if (rv != MW_LIST_FULL)
		log_warnx("room: find entry of user %u: %s", m->user_id,
		    mw_strerror(rv));
	return rv != MW_LIST_FULL;
}

/* By id through the (room, user) hash: O(rooms x ids), not O(members). */
static void
room_find_ids(struct room_ctx *ctx, const struct ms_room_find *f,
    struct mw_list *l, uint32_t max)
{
	const struct room_room	*r;
	struct room_member	*m;
	uint32_t		 nids, i, j;
	size_t			 k;

	nids = f->nids < MS_FIND_IDS_MAX ? f->nids : MS_FIND_IDS_MAX;
	for (k = 0; k < MS_CFG_ROOMS_MAX; k++) {
		r = &ctx->rooms[k];
		if (!r->live || r->n == 0)
			continue;
		for (i = 0; i < nids; i++) {
			if (l->count >= max)
				return;
			for (j = 0; j < i && f->ids[j] != f->ids[i]; j++)
				;
			if (j < i || f->ids[i] == 0)
				continue;	/* asked twice, or nobody */
			if ((m = room_member_user(ctx, r, f->ids[i])) != NULL &&
			    !room_find_put(l, r, m))
				return;
		}
	}
}

static void
room_find_name(struct room_ctx *ctx, const char *name, struct mw_list *l,
    uint32_t max)
{
	const struct room_room	*r;
	uint32_t		 i;
	size_t			 k;

	for (k = 0; k < MS_CFG_ROOMS_MAX; k++) {
		r = &ctx->rooms[k];
		if (!r->live)
			continue;
		for (i = 0; i < r->n; i++) {
			if (l->count >= max)
				return;
			if (room_find_match(r->members[i]->nick, name) &&
			    !room_find_put(l, r, r->members[i]))
				return;
		}
	}
}

/*
 * room_find_build - the answer to f in out (cap bytes; at least
 * MW_HEADER_SIZE + MW_CIPHER_OVERHEAD): struct ms_room_find_rep, then
 * the entries.  Returns the bytes to send.
 */
size_t
room_find_build(struct room_ctx *ctx, const struct ms_room_find *f,
    uint8_t *out, size_t cap)
{
	struct ms_room_find_rep	rep;
	struct mw_list		l;
	char			name[MS_NAME_MAX];
	size_t			len;

	(void)mw_list_begin(&l, MW_T_PLAYER_SEARCH_LIST, out, cap,
	    ROOM_FIND_MSG_MAX);
	if (f->kind == MS_FIND_IDS)
		room_find_ids(ctx, f, &l, f->max);
	else if (f->kind == MS_FIND_NAME) {
		memcpy(name, f->name, sizeof(name));
		name[sizeof(name) - 1] = '\0';
		room_find_name(ctx, name, &l, f->max);
	}
	(void)mw_list_end(&l, &len);
	rep.n = (uint32_t)l.count;
	rep.len = (uint32_t)(len - MW_HEADER_SIZE);
	memcpy(out, &rep, sizeof(rep));
	return len;
}

/* room_find_reply - MS_ROOM_FIND from gateway gw: answered now. */
void
room_find_reply(struct room_ctx *ctx, uint32_t gw, uint32_t reqid,
    const void *p)
{
	struct ms_room_find	f;
	size_t			len;

	memcpy(&f, p, sizeof(f));
	if (f.kind != MS_FIND_IDS && f.kind != MS_FIND_NAME)
		log_warnx("room: MS_ROOM_FIND of kind %u from gateway[%u]: "
		    "answered empty", f.kind, gw);
	len = room_find_build(ctx, &f, ctx->pkt, sizeof(ctx->pkt));
	if (ctx->out.send(ctx->out.arg, gw, MS_ROOM_FIND_REP, reqid, ctx->pkt,
	    len) == -1)
		log_debug("room: find answer to gateway[%u] refused", gw);
}
