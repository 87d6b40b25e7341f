/*
 * gs_list.c - game lists as the gateways receive them: packet 2 entries
 * (README 7.4, 9.5) grouped by room into records of at most one Myth
 * list packet (MW_MYTH_OUT_MAX with its header, so the payload stays
 * under MS_GS_LIST_MAX), records packed into MS_GS_LIST or
 * MS_GS_SNAPSHOT payloads of at most GS_MSG_MAX bytes.  Within a room,
 * a turn's deletes come before its adds and changes: a game id that
 * left one session and came back with another is deleted, then added.
 */
#include <arpa/inet.h>

#include <string.h>

#include "gs.h"
#include "log.h"

struct gs_msg {				/* one message being filled */
	uint16_t	 type;
	size_t		 len;
	size_t		 nsent;
	gs_sink_fn	*sink;
	void		*arg;
	uint8_t		 buf[GS_MSG_MAX];
};

struct gs_rec {				/* one room's record being filled */
	uint32_t	 room_id;
	struct mw_list	 l;
	uint8_t		 pkt[MW_MYTH_OUT_MAX + MW_CIPHER_OVERHEAD];
};

/* One of each: the worker is single-threaded and they are large. */
static struct gs_msg	gs_m;
static struct gs_rec	gs_r;

static int32_t	gs_seconds_left(const struct gs_ent *, int64_t);
static void	gs_msg_begin(struct gs_msg *, uint16_t, gs_sink_fn *,
		    void *);
static void	gs_msg_emit(struct gs_msg *);
static void	gs_msg_add(struct gs_msg *, uint32_t, const uint8_t *,
		    size_t);
static void	gs_rec_begin(struct gs_rec *, uint32_t);
static void	gs_rec_put(struct gs_msg *, struct gs_rec *, int);
static void	gs_rec_add(struct gs_msg *, struct gs_rec *,
		    const struct mw_game_entry *, int);
static void	gs_del_make(const struct gs_del *, struct mw_game_entry *);
static int	gs_next_room(struct gs_tbl *, uint32_t *);
static void	gs_flush_room(struct gs_tbl *, struct gs_msg *, uint32_t,
		    int64_t);

/*
 * README 7.4: before the start GoS shows 0 and Aleph One servers -1;
 * once running, the time left, -1 when untimed (a limit of 0 is
 * untimed too, as GoS has it).
 */
static int32_t
gs_seconds_left(const struct gs_ent *e, int64_t now_wall_ms)
{
	int64_t	elapsed = 0, left;

	if (!gs_ent_started(e))
		return (e->flags & MS_USER_ALEPHONE) ? -1 : 0;
	if (e->limit_s <= 0)
		return -1;
	if (e->started != 0 && now_wall_ms > e->started)
		elapsed = (now_wall_ms - e->started) / 1000;
	left = (int64_t)e->limit_s - elapsed;
	return left > 0 ? (int32_t)left : 0;
}

void
gs_entry_make(const struct gs_ent *e, int verb, int64_t now_wall_ms,
    struct mw_game_entry *out)
{
	memset(out, 0, sizeof(*out));
	out->aux.game_id = (int32_t)e->user_id;
	out->aux.host = ntohl(e->ipv4);	/* the encoder writes big-endian */
	out->aux.port = e->port;
	out->aux.verb = (int8_t)verb;
	out->aux.game_version = 0;
	out->aux.seconds_remaining = gs_seconds_left(e, now_wall_ms);
	out->aux.creating_player_id = (int32_t)e->user_id;
	out->data = e->desc;
	out->data_len = e->desc_len;
}

static void
gs_del_make(const struct gs_del *d, struct mw_game_entry *out)
{
	memset(out, 0, sizeof(*out));
	out->aux.game_id = (int32_t)d->game_id;
	out->aux.host = ntohl(d->ipv4);
	out->aux.port = d->port;
	out->aux.verb = MW_VERB_DELETE;
	out->aux.creating_player_id = (int32_t)d->game_id;
}

static void
gs_msg_begin(struct gs_msg *m, uint16_t type, gs_sink_fn *sink, void *arg)
{
	m->type = type;
	m->len = 0;
	m->nsent = 0;
	m->sink = sink;
	m->arg = arg;
}

static void
gs_msg_emit(struct gs_msg *m)
{
	if (m->len == 0)
		return;
	m->sink(m->arg, m->type, m->buf, m->len);
	m->nsent++;
	m->len = 0;
}

/* gs_msg_add - one record; a full message goes out first. */
static void
gs_msg_add(struct gs_msg *m, uint32_t room_id, const uint8_t *p, size_t len)
{
	struct ms_gs_rec	rec;
	size_t			padded = (len + 3) & ~(size_t)3;

	if (m->len + sizeof(rec) + padded > sizeof(m->buf))
		gs_msg_emit(m);
	rec.room_id = room_id;
	rec.len = (uint32_t)len;
	memcpy(m->buf + m->len, &rec, sizeof(rec));
	m->len += sizeof(rec);
	memcpy(m->buf + m->len, p, len);
	memset(m->buf + m->len + len, 0, padded - len);
	m->len += padded;
}

static void
gs_rec_begin(struct gs_rec *r, uint32_t room_id)
{
	r->room_id = room_id;
	(void)mw_list_begin(&r->l, MW_T_GAME_LIST, r->pkt, sizeof(r->pkt),
	    MW_MYTH_OUT_MAX);
}

/* gs_rec_put - the record's payload (no packet header) into m. */
static void
gs_rec_put(struct gs_msg *m, struct gs_rec *r, int more)
{
	gs_msg_add(m, r->room_id | (more ? MS_GS_MORE : 0),
	    r->pkt + MW_HEADER_SIZE, r->l.len - MW_HEADER_SIZE);
	gs_rec_begin(r, r->room_id);
}

/* gs_rec_add - e into r; a full record is closed (MORE if asked). */
static void
gs_rec_add(struct gs_msg *m, struct gs_rec *r, const struct mw_game_entry *e,
    int more)
{
	int	rc;

	if ((rc = mw_list_add_game(&r->l, e)) == MW_LIST_FULL) {
		gs_rec_put(m, r, more);
		rc = mw_list_add_game(&r->l, e);
	}
	if (rc != MW_OK)
		log_warnx("game: game %d left out of room %u's list: %s",
		    e->aux.game_id, r->room_id, mw_strerror(rc));
}

/* gs_next_room - the room of the first event of the turn not yet out. */
static int
gs_next_room(struct gs_tbl *t, uint32_t *room_r)
{
	struct gs_ent	*e;
	size_t		 i;

	for (i = 0; i < t->ndels; i++)
		if (!t->dels[i].mark) {
			*room_r = t->dels[i].room_id;
			return 1;
		}
	TAILQ_FOREACH(e, &t->turn, q)
		if (!e->mark) {
			*room_r = e->room_id;
			return 1;
		}
	return 0;
}

static void
gs_flush_room(struct gs_tbl *t, struct gs_msg *m, uint32_t room,
    int64_t now_wall_ms)
{
	struct mw_game_entry	 ge;
	struct gs_ent		*e;
	size_t			 i;

	gs_rec_begin(&gs_r, room);
	for (i = 0; i < t->ndels; i++)
		if (!t->dels[i].mark && t->dels[i].room_id == room) {
			t->dels[i].mark = 1;
			gs_del_make(&t->dels[i], &ge);
			gs_rec_add(m, &gs_r, &ge, 0);
		}
	TAILQ_FOREACH(e, &t->turn, q)
		if (!e->mark && e->room_id == room) {
			e->mark = 1;
			gs_entry_make(e, e->out == GS_OUT_ADD ? MW_VERB_ADD :
			    MW_VERB_CHANGE, now_wall_ms, &ge);
			gs_rec_add(m, &gs_r, &ge, 0);
		}
	gs_rec_put(m, &gs_r, 0);
}

size_t
gs_list_flush(struct gs_tbl *t, int64_t now_wall_ms, gs_sink_fn *sink,
    void *arg)
{
	struct gs_ent	*e;
	uint32_t	 room;
	size_t		 i;

	for (i = 0; i < t->ndels; i++)
		t->dels[i].mark = 0;
	TAILQ_FOREACH(e, &t->turn, q)
		e->mark = 0;
	gs_msg_begin(&gs_m, MS_GS_LIST, sink, arg);
	while (gs_next_room(t, &room))
		gs_flush_room(t, &gs_m, room, now_wall_ms);
	gs_msg_emit(&gs_m);
	return gs_m.nsent;
}

/*
 * Every configured room gets at least one record, an empty one when it
 * has no game, so that the gateway clears what it showed there.
 */
size_t
gs_list_snapshot(const struct gs_tbl *t, const uint32_t *room_ids,
    size_t nrooms, int64_t now_wall_ms, gs_sink_fn *sink, void *arg)
{
	struct mw_game_entry	 ge;
	const struct gs_ent	*e;
	size_t			 i;

	gs_msg_begin(&gs_m, MS_GS_SNAPSHOT, sink, arg);
	for (i = 0; i < nrooms; i++) {
		gs_rec_begin(&gs_r, room_ids[i]);
		TAILQ_FOREACH(e, &t->all, all)
			if (e->room_id == room_ids[i]) {
				gs_entry_make(e, MW_VERB_ADD, now_wall_ms, &ge);
				gs_rec_add(&gs_m, &gs_r, &ge, 1);
			}
		gs_rec_put(&gs_m, &gs_r, 0);
	}
	gs_msg_emit(&gs_m);
	return gs_m.nsent;
}
