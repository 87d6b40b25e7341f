/*
 * room_state.c - the rooms this worker owns and their members: joins
 * (checks, replacement of a user's older session, replays, repeats
 * answered again and told nobody else), leaves, modes and states, a
 * gateway's members dropped at once, and the room table rebuilt on
 * reload.  Lookups are O(1) through two hash tables.
 * Invariants: nmembers <= max_members (replays included); a deaf member
 * is never a recipient; JOIN_REP leaves before any delivery for the
 * session (it is sent at once, deliveries wait for the flush).
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "macroman.h"
#include "mstr.h"
#include "room.h"

#define ROOM_BUCKETS_MIN	1024
#define ROOM_BUCKETS_MAX	(1u << 18)
#define ROOM_CODE_BAD		MW_MSG_NOT_SUPPORTED	/* not ours, bad data */

static uint32_t	room_hash(uint32_t, uint32_t);
static uint32_t	room_max_members(const struct ms_config *);
static void	room_rooms_apply(struct room_ctx *, const struct ms_config *);
static void	room_room_close(struct room_ctx *, struct room_room *);
static struct room_room *room_slot_for(struct room_ctx *, uint32_t);
static int	room_link(struct room_ctx *, struct room_room *,
		    struct room_member *);
static void	room_unlink(struct room_ctx *, struct room_member *);
static void	room_unhash(struct room_member **, struct room_member *,
		    size_t);
static int	room_member_fill(struct room_member *,
		    const struct ms_room_join *);
static int32_t	room_join_check(struct room_ctx *, const struct room_room *,
		    const struct ms_room_join *, const struct room_member *);
static void	room_join_reply(struct room_ctx *, uint32_t, uint32_t,
		    const struct ms_room_join *, int32_t, uint32_t);
static void	room_join_refused(struct room_ctx *, uint32_t, uint32_t,
		    const struct ms_room_join *, int32_t);
static int	room_join_again(struct room_ctx *, uint32_t, uint32_t,
		    const struct ms_room_join *, const struct room_member *);
static void	room_welcome(struct room_ctx *, struct room_member *);
static void	room_drop(struct room_ctx *, struct room_member *, int);
static void	room_set_mode(struct room_ctx *, struct room_member *,
		    uint32_t);
static void	room_set_state(struct room_ctx *, struct room_member *,
		    uint32_t);

/* room_motd_set - operators write UTF-8, clients read MacRoman. */
void
room_motd_set(char *dst, size_t size, const char *utf8)
{
	if (ms_utf8_to_macroman(utf8, strlen(utf8), (uint8_t *)dst, size,
	    NULL) == -1)
		dst[0] = '\0';
}

int
room_owns(const struct ms_config *cfg, uint32_t pos, uint32_t self)
{
	return cfg->room_workers > 0 && pos % cfg->room_workers == self;
}

static uint32_t
room_hash(uint32_t a, uint32_t b)
{
	uint32_t	h = a * 0x9e3779b1u ^ b * 0x85ebca77u;

	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	return h ^ (h >> 12);
}

/* Every session lives on a gateway: their total bounds ours. */
static uint32_t
room_max_members(const struct ms_config *cfg)
{
	uint64_t	n = (uint64_t)cfg->max_clients * cfg->gateway_workers;

	if (n < ROOM_MEMBERS_FLOOR)
		n = ROOM_MEMBERS_FLOOR;
	return n > ROOM_MEMBERS_CEIL ? ROOM_MEMBERS_CEIL : (uint32_t)n;
}

int
room_ctx_init(struct room_ctx *ctx, const struct ms_config *cfg,
    uint32_t self, room_send_fn *send, void *arg)
{
	uint32_t	nb = ROOM_BUCKETS_MIN;

	memset(ctx, 0, offsetof(struct room_ctx, pkt));
	ctx->self = self;
	ctx->ngw = cfg->gateway_workers;
	ctx->max_members = room_max_members(cfg);
	while (nb < ctx->max_members && nb < ROOM_BUCKETS_MAX)
		nb <<= 1;
	ctx->mask = nb - 1;
	ctx->by_sess = calloc(nb, sizeof(*ctx->by_sess));
	ctx->by_user = calloc(nb, sizeof(*ctx->by_user));
	if (ctx->by_sess == NULL || ctx->by_user == NULL) {
		log_warn("room: member tables");
		room_ctx_fini(ctx);
		return -1;
	}
	room_out_init(&ctx->out, ctx->ngw, send, arg);
	room_motd_set(ctx->motd, sizeof(ctx->motd), cfg->motd);
	room_rooms_apply(ctx, cfg);
	return 0;
}

void
room_ctx_fini(struct room_ctx *ctx)
{
	size_t	i;

	for (i = 0; i < MS_CFG_ROOMS_MAX; i++) {
		while (ctx->by_sess != NULL && ctx->rooms[i].n > 0)
			room_drop(ctx, ctx->rooms[i].members[0], 0);
		free(ctx->rooms[i].members);
		ctx->rooms[i].members = NULL;
		ctx->rooms[i].live = 0;
	}
	free(ctx->by_sess);
	free(ctx->by_user);
	ctx->by_sess = ctx->by_user = NULL;
	room_out_fini(&ctx->out);
}

/*
 * room_ctx_reload - rooms may come, go or change; their members stay
 * where the room id stays.  The global cap follows max_clients.
 */
void
room_ctx_reload(struct room_ctx *ctx, const struct ms_config *cfg)
{
	room_motd_set(ctx->motd, sizeof(ctx->motd), cfg->motd);
	ctx->max_members = room_max_members(cfg);
	room_rooms_apply(ctx, cfg);
}

static struct room_room *
room_slot_for(struct room_ctx *ctx, uint32_t id)
{
	struct room_room	*r, *free_slot = NULL;
	size_t			 i;

	for (i = 0; i < MS_CFG_ROOMS_MAX; i++) {
		r = &ctx->rooms[i];
		if (r->live && r->id == id)
			return r;
		if (!r->live && free_slot == NULL)
			free_slot = r;
	}
	if (free_slot != NULL) {
		free_slot->n = 0;
		free_slot->motd[0] = '\0';
	}
	return free_slot;
}

static void
room_rooms_apply(struct room_ctx *ctx, const struct ms_config *cfg)
{
	const struct ms_cfg_room	*c;
	struct room_room		*r;
	int				 keep[MS_CFG_ROOMS_MAX] = { 0 };
	uint32_t			 p;

	for (p = 0; p < cfg->nrooms && p < MS_CFG_ROOMS_MAX; p++) {
		if (!room_owns(cfg, p, ctx->self))
			continue;
		c = &cfg->rooms[p];
		if ((r = room_slot_for(ctx, c->id)) == NULL)
			continue;	/* cannot happen: as many slots */
		r->live = 1;
		r->id = c->id;
		ms_strlcpy(r->name, c->name, sizeof(r->name));
		r->type = c->type;
		r->capacity = c->capacity;
		r->guests = c->guests;
		r->counts_dirty = 1;
		keep[r - ctx->rooms] = 1;
	}
	for (p = 0; p < MS_CFG_ROOMS_MAX; p++)
		if (ctx->rooms[p].live && !keep[p])
			room_room_close(ctx, &ctx->rooms[p]);
}

/* A room gone from this worker: its players must reconnect. */
static void
room_room_close(struct room_ctx *ctx, struct room_room *r)
{
	log_info("room %u (%s) is no longer served here; %u players "
	    "disconnected", r->id, r->name, r->n);
	while (r->n > 0) {
		room_kick(ctx, r->members[0], -1,
		    "This room has been closed.");
		room_drop(ctx, r->members[0], 0);
	}
	r->live = 0;
}

struct room_room *
room_find(struct room_ctx *ctx, uint32_t room_id)
{
	size_t	i;

	for (i = 0; i < MS_CFG_ROOMS_MAX; i++)
		if (ctx->rooms[i].live && ctx->rooms[i].id == room_id)
			return &ctx->rooms[i];
	return NULL;
}

struct room_member *
room_member_sess(struct room_ctx *ctx, uint32_t gw, uint32_t sid)
{
	struct room_member	*m;

	m = ctx->by_sess[room_hash(gw, sid) & ctx->mask];
	while (m != NULL && (m->gw != gw || m->sid != sid))
		m = m->sess_next;
	return m;
}

struct room_member *
room_member_user(struct room_ctx *ctx, const struct room_room *r,
    uint32_t user_id)
{
	struct room_member	*m;
	uint32_t		 slot = (uint32_t)(r - ctx->rooms);

	m = ctx->by_user[room_hash(slot, user_id) & ctx->mask];
	while (m != NULL && (m->room != r || m->user_id != user_id))
		m = m->user_next;
	return m;
}

static int
room_link(struct room_ctx *ctx, struct room_room *r, struct room_member *m)
{
	struct room_member	**v;
	uint32_t		  ncap, b;

	if (r->n == r->cap) {
		ncap = r->cap == 0 ? 16 : r->cap * 2;
		if ((v = reallocarray(r->members, ncap, sizeof(*v))) == NULL)
			return -1;
		r->members = v;
		r->cap = ncap;
	}
	m->room = r;
	m->slot = r->n;
	r->members[r->n++] = m;
	b = room_hash(m->gw, m->sid) & ctx->mask;
	m->sess_next = ctx->by_sess[b];
	ctx->by_sess[b] = m;
	b = room_hash((uint32_t)(r - ctx->rooms), m->user_id) & ctx->mask;
	m->user_next = ctx->by_user[b];
	ctx->by_user[b] = m;
	ctx->nmembers++;
	r->counts_dirty = 1;
	return 0;
}

static void
room_unhash(struct room_member **pp, struct room_member *m, size_t next_off)
{
	struct room_member	**link;

	while (*pp != NULL && *pp != m)
		pp = (struct room_member **)((char *)*pp + next_off);
	if (*pp == NULL)
		return;
	link = (struct room_member **)((char *)m + next_off);
	*pp = *link;
	*link = NULL;
}

static void
room_unlink(struct room_ctx *ctx, struct room_member *m)
{
	struct room_room	*r = m->room;
	uint32_t		 slot = (uint32_t)(r - ctx->rooms);

	r->members[m->slot] = r->members[--r->n];
	r->members[m->slot]->slot = m->slot;
	room_unhash(&ctx->by_sess[room_hash(m->gw, m->sid) & ctx->mask], m,
	    offsetof(struct room_member, sess_next));
	room_unhash(&ctx->by_user[room_hash(slot, m->user_id) & ctx->mask],
	    m, offsetof(struct room_member, user_next));
	ctx->nmembers--;
	r->counts_dirty = 1;
}

/* room_drop - remove and free; notify: the others get a delete. */
static void
room_drop(struct room_ctx *ctx, struct room_member *m, int notify)
{
	if (notify)
		room_bcast_entry(ctx, m, MW_VERB_DELETE, m);
	room_unlink(ctx, m);
	free(m);
}

void
room_leave(struct room_ctx *ctx, struct room_member *m)
{
	room_drop(ctx, m, 1);
}

int
room_kick(struct room_ctx *ctx, const struct room_member *m, int32_t code,
    const char *text)
{
	struct ms_gw_kick	k;

	memset(&k, 0, sizeof(k));
	k.sid = m->sid;
	k.code = code;
	ms_strlcpy(k.text, text, sizeof(k.text));
	return ctx->out.send(ctx->out.arg, m->gw, MS_GW_KICK, 0, &k,
	    sizeof(k));
}

/* room_member_fill - the join's fields; -1 if the player data is bad. */
static int
room_member_fill(struct room_member *m, const struct ms_room_join *j)
{
	if (j->player_data_len > sizeof(j->player_data) ||
	    mw_decode_set_player_data(j->player_data, j->player_data_len,
	    &m->pd) != MW_OK)
		return -1;
	ms_strlcpy(m->nick, m->pd.nick, sizeof(m->nick));
	ms_strlcpy(m->team, m->pd.team, sizeof(m->team));
	m->pd.nick = m->nick;
	m->pd.team = m->team;
	m->sid = j->sid;
	m->user_id = j->user_id;
	m->flags = j->flags & ~MS_SESS_REPLAY;
	m->caste = j->caste;
	m->order = j->order;
	m->mode = (j->flags & MS_USER_DEAF) ? ROOM_DEAF : ROOM_LISTENING;
	if (m->mode == ROOM_DEAF)
		m->pd.state = 1;	/* as room_set_mode shows it */
	return 0;
}

/* room_join_check - 0 or the refusal code of a fresh (non-replay) join. */
static int32_t
room_join_check(struct room_ctx *ctx, const struct room_room *r,
    const struct ms_room_join *j, const struct room_member *dup)
{
	uint32_t	n = r->n - (dup != NULL ? 1 : 0);

	if (j->flags & MS_SESS_REPLAY)
		return ctx->nmembers >= ctx->max_members && dup == NULL ?
		    MW_MSG_ROOM_FULL : 0;
	if ((j->flags & MS_USER_GUEST) && !r->guests)
		return MW_MSG_USER_NOT_LOGGED_IN;
	if (n >= r->capacity ||
	    (ctx->nmembers >= ctx->max_members && dup == NULL))
		return MW_MSG_ROOM_FULL;
	return 0;
}

static void
room_join_reply(struct room_ctx *ctx, uint32_t gw, uint32_t reqid,
    const struct ms_room_join *j, int32_t code, uint32_t max_players)
{
	struct ms_room_join_rep	rep;

	memset(&rep, 0, sizeof(rep));
	rep.sid = j->sid;
	rep.room_id = j->room_id;
	rep.code = code;
	rep.max_players = max_players;
	if (ctx->out.send(ctx->out.arg, gw, MS_ROOM_JOIN_REP, reqid, &rep,
	    sizeof(rep)) == -1)
		log_warnx("room: join reply for gateway[%u] sid %u lost", gw,
		    j->sid);
}

/*
 * A refused replay has no reply to carry the refusal (the client is
 * already in the room as far as its gateway knows): close the session.
 */
static void
room_join_refused(struct room_ctx *ctx, uint32_t gw, uint32_t reqid,
    const struct ms_room_join *j, int32_t code)
{
	struct room_member	m;

	if (!(j->flags & MS_SESS_REPLAY)) {
		room_join_reply(ctx, gw, reqid, j, code, 0);
		return;
	}
	memset(&m, 0, sizeof(m));
	m.gw = gw;
	m.sid = j->sid;
	(void)room_kick(ctx, &m, code, "The room could not take you back.");
}

void
room_join(struct room_ctx *ctx, uint32_t gw, uint32_t reqid,
    const struct ms_room_join *j)
{
	struct room_room	*r = room_find(ctx, j->room_id);
	struct room_member	*m, *old, *dup = NULL;
	int			 replay = (j->flags & MS_SESS_REPLAY) != 0;
	int32_t			 code;

	if (r == NULL || (m = calloc(1, sizeof(*m))) == NULL) {
		log_warnx("room: gateway[%u] sid %u: join to room %u refused "
		    "(%s)", gw, j->sid, j->room_id, r == NULL ? "not served "
		    "here" : "out of memory");
		room_join_refused(ctx, gw, reqid, j, ROOM_CODE_BAD);
		return;
	}
	m->gw = gw;
	if (room_member_fill(m, j) == -1) {
		log_warnx("room: gateway[%u] sid %u: bad player data", gw,
		    j->sid);
		free(m);
		room_join_refused(ctx, gw, reqid, j, ROOM_CODE_BAD);
		return;
	}
	if ((old = room_member_sess(ctx, gw, j->sid)) != NULL &&
	    room_join_again(ctx, gw, reqid, j, old)) {
		free(m);
		return;
	}
	if (old != NULL)
		room_drop(ctx, old, !replay);
	dup = room_member_user(ctx, r, j->user_id);
	if ((code = room_join_check(ctx, r, j, dup)) != 0) {
		free(m);
		room_join_refused(ctx, gw, reqid, j, code);
		return;
	}
	if (!replay)
		room_join_reply(ctx, gw, reqid, j, 0, r->capacity);
	if (dup != NULL)
		room_drop(ctx, dup, !replay);
	if (room_link(ctx, r, m) == -1) {
		log_warnx("room: out of memory for room %u", r->id);
		room_kick(ctx, m, MW_MSG_ROOM_FULL, "The room is full.");
		free(m);
		return;
	}
	if (!replay)
		room_welcome(ctx, m);
}

/*
 * room_join_again - a fresh join for a session held already: the
 * gateway asked again (after our restart its resend may follow the copy
 * queued for our predecessor; a resync resends too).  Joins are
 * idempotent: the same answer and the newcomer's list once more, and
 * nothing for the others, who heard of it once.  0: not a repeat.
 */
static int
room_join_again(struct room_ctx *ctx, uint32_t gw, uint32_t reqid,
    const struct ms_room_join *j, const struct room_member *old)
{
	if ((j->flags & MS_SESS_REPLAY) || old->room->id != j->room_id)
		return 0;
	log_debug("room: gateway[%u] sid %u: join again, answered again",
	    gw, j->sid);
	room_join_reply(ctx, gw, reqid, j, 0, old->room->capacity);
	if (old->mode == ROOM_LISTENING)
		room_send_full(ctx, old);
	return 1;
}

/* The newcomer's view first, then everybody else hears of it. */
static void
room_welcome(struct room_ctx *ctx, struct room_member *m)
{
	if (m->mode == ROOM_LISTENING) {
		room_send_full(ctx, m);
		room_send_motd(ctx, m);
	}
	room_bcast_entry(ctx, m, MW_VERB_ADD, m);
}

void
room_session(struct room_ctx *ctx, uint32_t gw,
    const struct ms_room_session *s)
{
	struct room_member	*m;

	if (s->verb == MS_ROOM_REPLAY_DONE) {
		room_recover_replay_done(ctx, gw);
		return;
	}
	if ((m = room_member_sess(ctx, gw, s->sid)) == NULL) {
		log_debug("room: verb %u for unknown gateway[%u] sid %u",
		    s->verb, gw, s->sid);
		return;
	}
	switch (s->verb) {
	case MS_ROOM_LEAVE:
		room_leave(ctx, m);
		break;
	case MS_ROOM_FULL_UPDATE:
		if (m->mode == ROOM_LISTENING)
			room_send_full(ctx, m);
		break;
	case MS_ROOM_SET_MODE:
		room_set_mode(ctx, m, s->arg);
		break;
	case MS_ROOM_SET_STATE:
		room_set_state(ctx, m, s->arg);
		break;
	default:
		log_debug("room: unknown session verb %u", s->verb);
	}
}

/*
 * Deaf (in a game) means no traffic at all, as GoS does; the others see
 * the player dimmed (state 1) until it listens again.
 */
static void
room_set_mode(struct room_ctx *ctx, struct room_member *m, uint32_t mode)
{
	if (mode > ROOM_DEAF) {
		log_debug("room: sid %u: mode %u ignored", m->sid, mode);
		return;
	}
	m->mode = (enum room_mode)mode;
	if (m->mode == ROOM_DEAF)
		m->flags |= MS_USER_DEAF;
	else
		m->flags &= ~MS_USER_DEAF;
	m->pd.state = m->mode == ROOM_DEAF ? 1 : 0;
	room_bcast_entry(ctx, m, MW_VERB_CHANGE, NULL);
}

/* 103 after login: only the state is taken (README 9.9, as GoS). */
static void
room_set_state(struct room_ctx *ctx, struct room_member *m, uint32_t state)
{
	m->pd.state = (int16_t)state;
	room_bcast_entry(ctx, m, MW_VERB_CHANGE, NULL);
}

/*
 * room_gateway_gone - a gateway restarted: its sessions are gone.  All
 * of a room's leavers are taken out first, so that no delete is sent
 * to a session of the dead gateway (its sids mean nothing any more).
 */
void
room_gateway_gone(struct room_ctx *ctx, uint32_t gw)
{
	struct room_room	*r;
	struct room_member	*gone, *m;
	size_t			 i;
	uint32_t		 k;

	room_out_discard(&ctx->out, gw);
	room_chat_forget(ctx, gw);
	if (gw < 32)
		ctx->rec.counts_mask |= 1u << gw;	/* it knows none */
	for (i = 0; i < MS_CFG_ROOMS_MAX; i++) {
		r = &ctx->rooms[i];
		gone = NULL;
		for (k = r->live ? r->n : 0; k > 0; k--) {
			m = r->members[k - 1];
			if (m->gw != gw)
				continue;
			room_unlink(ctx, m);
			m->sess_next = gone;
			gone = m;
		}
		if (gone == NULL)
			continue;
		room_bcast_deletes(ctx, r, gone);
		while ((m = gone) != NULL) {
			gone = m->sess_next;
			free(m);
		}
	}
}
