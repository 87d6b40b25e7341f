/*
 * wire_room.c - packets of the room connection (README sections 7.1,
 * 7.6, 9, 13): room list (0), room login and its answer (101, 9), blue
 * messages and kicks (10, 21), proxy join (22), change room (106),
 * player mode (107, with the Aleph One session id) and chat (200, 201).
 * Invariant: a chat blob is relayed field for field, including the
 * length word clients fill in inconsistently (7.6).
 */
#include <string.h>

#include "wire.h"
#include "wire_buf.h"

#define ROOM_INFO_SIZE	24
#define CHAT_FIXED	24

static int	get_room(struct mw_rd *, void *);
static void	put_room(struct mw_wr *, const void *);

static int
get_room(struct mw_rd *r, void *v)
{
	struct mw_room	*m = v;

	m->room_id = mw_rd_i16(r);
	m->player_count = mw_rd_i16(r);
	m->host = mw_rd_u32(r);
	m->port = mw_rd_u16(r);
	m->game_count = mw_rd_i16(r);
	m->room_type = mw_rd_i16(r);
	m->room_flags = mw_rd_i16(r);
	mw_rd_skip(r, 8);
	return r->err;
}

static void
put_room(struct mw_wr *w, const void *v)
{
	const struct mw_room	*m = v;

	mw_wr_i16(w, m->room_id);
	mw_wr_i16(w, m->player_count);
	mw_wr_u32(w, m->host);
	mw_wr_u16(w, m->port);
	mw_wr_i16(w, m->game_count);
	mw_wr_i16(w, m->room_type);
	mw_wr_i16(w, m->room_flags);
	mw_wr_zero(w, 8);
}

/* 0: whole room records only; a partial one is a truncated packet */
int
mw_decode_room_list(const uint8_t *p, size_t len, struct mw_iter *it)
{
	struct mw_room	m;

	if (len % ROOM_INFO_SIZE != 0)
		return MW_E_TRUNC;
	return mw_list_scan(p, len, MW_T_ROOM_LIST, get_room, &m, it);
}

int
mw_room_list_next(struct mw_iter *it, struct mw_room *m)
{
	if (it->type != MW_T_ROOM_LIST)
		return 0;
	return mw_iter_next(it, get_room, m);
}

int
mw_encode_room_list(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_room *v, size_t n)
{
	return mw_list_encode(out, cap, len_r, MW_T_ROOM_LIST, put_room, v,
	    sizeof(*v), n);
}

int
mw_list_add_room(struct mw_list *l, const struct mw_room *m)
{
	return mw_list_add(l, l->type == MW_T_ROOM_LIST, put_room, m);
}

int
mw_decode_room_login_successful(const uint8_t *p, size_t len,
    struct mw_room_login_successful *s)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	s->user_id = mw_rd_u32(&r);
	s->maximum_players_per_room = mw_rd_i16(&r);
	mw_rd_skip(&r, 2);
	return mw_rd_end(&r);
}

int
mw_encode_room_login_successful(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_room_login_successful *s)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_ROOM_LOGIN_SUCCESSFUL);
	mw_wr_u32(&w, s->user_id);
	mw_wr_i16(&w, s->maximum_players_per_room);
	mw_wr_zero(&w, 2);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_message_of_the_day(const uint8_t *p, size_t len, struct mw_text *t)
{
	return mw_text_decode(p, len, t);
}

int
mw_encode_message_of_the_day(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_text *t)
{
	return mw_text_encode(out, cap, len_r, MW_T_MESSAGE_OF_THE_DAY, t);
}

int
mw_decode_you_just_got_blammed_sucka(const uint8_t *p, size_t len,
    struct mw_text *t)
{
	return mw_text_decode(p, len, t);
}

int
mw_encode_you_just_got_blammed_sucka(uint8_t *out, size_t cap,
    size_t *len_r, const struct mw_text *t)
{
	return mw_text_encode(out, cap, len_r,
	    MW_T_YOU_JUST_GOT_BLAMMED_SUCKA, t);
}

int
mw_decode_proxy_client_join(const uint8_t *p, size_t len,
    struct mw_proxy_client_join *j)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	j->port = mw_rd_u16(&r);
	mw_rd_fixstr(&r, j->host, sizeof(j->host));
	mw_rd_bytes(&r, j->auth_token, sizeof(j->auth_token));
	return mw_rd_end(&r);
}

int
mw_encode_proxy_client_join(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_proxy_client_join *j)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_PROXY_CLIENT_JOIN);
	mw_wr_u16(&w, j->port);
	mw_wr_fixstr(&w, j->host, sizeof(j->host));
	mw_wr_bytes(&w, j->auth_token, sizeof(j->auth_token));
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_room_login(const uint8_t *p, size_t len, struct mw_room_login *l)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	mw_rd_bytes(&r, l->token, sizeof(l->token));
	l->name = mw_rd_cstr(&r);
	return mw_rd_end_pad(&r);
}

int
mw_encode_room_login(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_room_login *l)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_ROOM_LOGIN);
	mw_wr_bytes(&w, l->token, sizeof(l->token));
	mw_wr_cstr(&w, l->name, MW_NAME_FIELD - 1);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_change_room(const uint8_t *p, size_t len, struct mw_change_room *c)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	c->room_id = mw_rd_i16(&r);
	return mw_rd_end(&r);
}

int
mw_encode_change_room(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_change_room *c)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_CHANGE_ROOM);
	mw_wr_i16(&w, c->room_id);
	return mw_pkt_end(&w, len_r);
}

/*
 * 107: Aleph One appends an opaque session id.  README 9.10 says to
 * accept and ignore extra bytes, so a Myth decode drops them.
 */
int
mw_decode_set_player_mode(const uint8_t *p, size_t len, enum mw_dialect d,
    struct mw_set_player_mode *m)
{
	struct mw_rd	r;
	size_t		left;

	mw_rd_init(&r, p, len);
	m->mode = mw_rd_i16(&r);
	left = mw_rd_left(&r);
	m->session_id = NULL;
	m->session_id_len = 0;
	if (d == MW_DIALECT_ALEPHONE && left > 0) {
		m->session_id_len = left;
		m->session_id = mw_rd_span(&r, left);
	}
	return r.err;
}

int
mw_encode_set_player_mode(uint8_t *out, size_t cap, size_t *len_r,
    enum mw_dialect d, const struct mw_set_player_mode *m)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_SET_PLAYER_MODE);
	mw_wr_i16(&w, m->mode);
	if (d == MW_DIALECT_ALEPHONE && m->session_id_len > 0)
		mw_wr_bytes(&w, m->session_id, m->session_id_len);
	return mw_pkt_end(&w, len_r);
}

static void
get_chat(struct mw_rd *r, struct mw_chat *c)
{
	c->type = mw_rd_i16(r);
	c->length = mw_rd_i16(r);
	mw_get_rgb(r, &c->color);
	c->flags = mw_rd_u16(r);
	mw_rd_skip(r, 2);
	c->player_id = mw_rd_u32(r);
	c->selected_player_id = mw_rd_u32(r);
	c->sender = mw_rd_cstr(r);
	c->message = mw_rd_cstr(r);
}

static void
put_chat(struct mw_wr *w, const struct mw_chat *c)
{
	mw_wr_i16(w, c->type);
	mw_wr_i16(w, c->length);
	mw_put_rgb(w, &c->color);
	mw_wr_u16(w, c->flags);
	mw_wr_zero(w, 2);
	mw_wr_u32(w, c->player_id);
	mw_wr_u32(w, c->selected_player_id);
	mw_wr_cstr(w, c->sender, SIZE_MAX);
	mw_wr_cstr(w, c->message, SIZE_MAX);
}

/* mw_chat_blob_length - the value A1S puts in chat.length */
int16_t
mw_chat_blob_length(const struct mw_chat *c)
{
	size_t	n = CHAT_FIXED + (c->sender ? strlen(c->sender) : 0) + 1 +
	    (c->message ? strlen(c->message) : 0) + 1;

	return n > INT16_MAX ? INT16_MAX : (int16_t)n;
}

int
mw_decode_room_broadcast(const uint8_t *p, size_t len, struct mw_chat *c)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	get_chat(&r, c);
	return mw_rd_end_pad(&r);
}

int
mw_encode_room_broadcast(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_chat *c)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_ROOM_BROADCAST);
	put_chat(&w, c);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_directed_data(const uint8_t *p, size_t len,
    struct mw_directed_data *d)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	d->target_player_id = mw_rd_u32(&r);
	d->local_echo = mw_rd_u32(&r);
	get_chat(&r, &d->chat);
	return mw_rd_end_pad(&r);
}

int
mw_encode_directed_data(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_directed_data *d)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_DIRECTED_DATA);
	mw_wr_u32(&w, d->target_player_id);
	mw_wr_u32(&w, d->local_echo);
	put_chat(&w, &d->chat);
	return mw_pkt_end(&w, len_r);
}
