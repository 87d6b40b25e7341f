/*
 * wire_player.c - player structures (README 7.2, 7.3, 7.7) and the
 * packets built from them: player lists (1), the server's copy of the
 * player data (8), set player data (103), search/buddy/order lists (14,
 * 15, 16), player info (17, 121), buddies (19, 120), order members (20),
 * player search (117) and the Myth meaning of 122.
 * Invariant: a player-data block is read only inside the length its
 * header or packet declares; encoders never emit a nick or team longer
 * than 31 characters, so every block stays within 128 bytes.
 */
#include <string.h>

#include "wire.h"
#include "wire_buf.h"

static int	get_player_entry(struct mw_rd *, void *);
static void	put_player_entry(struct mw_wr *, const void *);
static int	get_search_entry(struct mw_rd *, void *);
static void	put_search_entry(struct mw_wr *, const void *);
static int	get_member(struct mw_rd *, void *);
static void	put_member(struct mw_wr *, const void *);

void
mw_get_rgb(struct mw_rd *r, struct mw_rgb *c)
{
	c->red = mw_rd_u16(r);
	c->green = mw_rd_u16(r);
	c->blue = mw_rd_u16(r);
	c->flags = mw_rd_u16(r);
}

void
mw_put_rgb(struct mw_wr *w, const struct mw_rgb *c)
{
	mw_wr_u16(w, c->red);
	mw_wr_u16(w, c->green);
	mw_wr_u16(w, c->blue);
	mw_wr_u16(w, c->flags);
}

void
mw_get_player_aux(struct mw_rd *r, struct mw_player_aux *a)
{
	a->verb = mw_rd_u16(r);
	a->flags = mw_rd_u16(r);
	a->ranking = mw_rd_i32(r);
	a->player_id = mw_rd_u32(r);
	a->room_id = mw_rd_i32(r);
	a->caste = mw_rd_i16(r);
	a->player_data_length = mw_rd_i16(r);
	a->order = mw_rd_i16(r);
	mw_rd_skip(r, 2);
}

/* mw_put_player_aux - the aux header of a data block of size bytes */
void
mw_put_player_aux(struct mw_wr *w, const struct mw_player_aux *a,
    size_t size)
{
	mw_wr_u16(w, a->verb);
	mw_wr_u16(w, a->flags);
	mw_wr_i32(w, a->ranking);
	mw_wr_u32(w, a->player_id);
	mw_wr_i32(w, a->room_id);
	mw_wr_i16(w, a->caste);
	mw_wr_i16(w, (int16_t)size);
	mw_wr_i16(w, a->order);
	mw_wr_zero(w, 2);
}

/*
 * mw_get_player_data - one block of exactly size bytes.  Bytes after the
 * team string stay inside the block and are ignored: the block length is
 * the sender's to choose, the strings are what matter.
 */
int
mw_get_player_data(struct mw_rd *r, size_t size, struct mw_player_data *d)
{
	struct mw_rd	 b;
	const uint8_t	*blk;

	if (size > mw_rd_left(r)) {
		mw_rd_fail(r, r->err != MW_OK ? r->err : MW_E_COUNT);
		return r->err;
	}
	if ((blk = mw_rd_span(r, size)) == NULL)
		return r->err;
	mw_rd_init(&b, blk, size);
	d->coat_of_arms = mw_rd_i8(&b);
	d->caste_bitmap = mw_rd_i8(&b);
	d->state = mw_rd_i16(&b);
	mw_get_rgb(&b, &d->primary);
	mw_get_rgb(&b, &d->secondary);
	d->order_index = mw_rd_i16(&b);
	d->game_version = mw_rd_i16(&b);
	d->build_number = mw_rd_i16(&b);
	mw_rd_skip(&b, 12);
	d->nick = mw_rd_cstr(&b);
	d->team = mw_rd_cstr(&b);
	mw_rd_fail(r, b.err);
	return r->err;
}

size_t
mw_player_data_size(const struct mw_player_data *d)
{
	return MW_PLAYER_DATA_FIXED + (d->nick ? strlen(d->nick) : 0) + 1 +
	    (d->team ? strlen(d->team) : 0) + 1;
}

void
mw_put_player_data(struct mw_wr *w, const struct mw_player_data *d)
{
	mw_wr_i8(w, d->coat_of_arms);
	mw_wr_i8(w, d->caste_bitmap);
	mw_wr_i16(w, d->state);
	mw_put_rgb(w, &d->primary);
	mw_put_rgb(w, &d->secondary);
	mw_wr_i16(w, d->order_index);
	mw_wr_i16(w, d->game_version);
	mw_wr_i16(w, d->build_number);
	mw_wr_zero(w, 12);
	mw_wr_cstr(w, d->nick, MW_NICK_MAX);
	mw_wr_cstr(w, d->team, MW_NICK_MAX);
}

static int
get_player_entry(struct mw_rd *r, void *v)
{
	struct mw_player_entry	*e = v;

	mw_get_player_aux(r, &e->aux);
	if (r->err == MW_OK && e->aux.player_data_length < 0)
		mw_rd_fail(r, MW_E_COUNT);
	return mw_get_player_data(r, (size_t)e->aux.player_data_length,
	    &e->data);
}

static void
put_player_entry(struct mw_wr *w, const void *v)
{
	const struct mw_player_entry	*e = v;

	mw_put_player_aux(w, &e->aux, mw_player_data_size(&e->data));
	mw_put_player_data(w, &e->data);
}

int
mw_decode_player_list(const uint8_t *p, size_t len, struct mw_iter *it)
{
	struct mw_player_entry	e;

	return mw_list_scan(p, len, MW_T_PLAYER_LIST, get_player_entry, &e,
	    it);
}

int
mw_player_list_next(struct mw_iter *it, struct mw_player_entry *e)
{
	if (it->type != MW_T_PLAYER_LIST)
		return 0;
	return mw_iter_next(it, get_player_entry, e);
}

int
mw_encode_player_list(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_player_entry *v, size_t n)
{
	return mw_list_encode(out, cap, len_r, MW_T_PLAYER_LIST,
	    put_player_entry, v, sizeof(*v), n);
}

int
mw_list_add_player(struct mw_list *l, const struct mw_player_entry *e)
{
	return mw_list_add(l, l->type == MW_T_PLAYER_LIST, put_player_entry,
	    e);
}

int
mw_decode_set_player_data_from_metaserver(const uint8_t *p, size_t len,
    struct mw_player_entry *e)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	get_player_entry(&r, e);
	return mw_rd_end(&r);
}

int
mw_encode_set_player_data_from_metaserver(uint8_t *out, size_t cap,
    size_t *len_r, const struct mw_player_entry *e)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_SET_PLAYER_DATA_FROM_METASERVER);
	put_player_entry(&w, e);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_set_player_data(const uint8_t *p, size_t len,
    struct mw_player_data *d)
{
	struct mw_rd	r;

	if (len > MW_PLAYER_DATA_MAX)
		return MW_E_RANGE;
	mw_rd_init(&r, p, len);
	return mw_get_player_data(&r, len, d);
}

int
mw_encode_set_player_data(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_player_data *d)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_SET_PLAYER_DATA);
	mw_put_player_data(&w, d);
	return mw_pkt_end(&w, len_r);
}

static int
get_search_entry(struct mw_rd *r, void *v)
{
	struct mw_search_entry	*e = v;
	struct mw_player_entry	 pe;

	e->room_id = mw_rd_i32(r);
	get_player_entry(r, &pe);
	e->aux = pe.aux;
	e->data = pe.data;
	return r->err;
}

static void
put_search_entry(struct mw_wr *w, const void *v)
{
	const struct mw_search_entry	*e = v;

	mw_wr_i32(w, e->room_id);
	mw_put_player_aux(w, &e->aux, mw_player_data_size(&e->data));
	mw_put_player_data(w, &e->data);
}

static int
is_search_type(uint16_t type)
{
	return type == MW_T_PLAYER_SEARCH_LIST || type == MW_T_BUDDY_LIST ||
	    type == MW_T_ORDER_LIST;
}

int
mw_decode_search_list(const uint8_t *p, size_t len, uint16_t type,
    struct mw_iter *it)
{
	struct mw_search_entry	e;

	if (!is_search_type(type))
		return MW_E_TYPE;
	return mw_list_scan(p, len, type, get_search_entry, &e, it);
}

int
mw_search_list_next(struct mw_iter *it, struct mw_search_entry *e)
{
	if (!is_search_type(it->type))
		return 0;
	return mw_iter_next(it, get_search_entry, e);
}

int
mw_encode_search_list(uint8_t *out, size_t cap, size_t *len_r,
    uint16_t type, const struct mw_search_entry *v, size_t n)
{
	if (!is_search_type(type))
		return MW_E_TYPE;
	return mw_list_encode(out, cap, len_r, type, put_search_entry, v,
	    sizeof(*v), n);
}

int
mw_list_add_search(struct mw_list *l, const struct mw_search_entry *e)
{
	return mw_list_add(l, is_search_type(l->type), put_search_entry, e);
}

int
mw_decode_update_player_buddy_list(const uint8_t *p, size_t len,
    struct mw_buddy_list *b)
{
	struct mw_rd	r;
	size_t		i;

	mw_rd_init(&r, p, len);
	for (i = 0; i < MW_BUDDIES; i++) {
		b->buddies[i].player_id = mw_rd_u32(&r);
		b->buddies[i].active = mw_rd_u8(&r);
		mw_rd_skip(&r, 3);
	}
	return mw_rd_end(&r);
}

int
mw_encode_update_player_buddy_list(uint8_t *out, size_t cap,
    size_t *len_r, const struct mw_buddy_list *b)
{
	struct mw_wr	w;
	size_t		i;

	mw_pkt_begin(&w, out, cap, MW_T_UPDATE_PLAYER_BUDDY_LIST);
	for (i = 0; i < MW_BUDDIES; i++) {
		mw_wr_u32(&w, b->buddies[i].player_id);
		mw_wr_u8(&w, b->buddies[i].active);
		mw_wr_zero(&w, 3);
	}
	return mw_pkt_end(&w, len_r);
}

static int
get_member(struct mw_rd *r, void *v)
{
	struct mw_order_member	*m = v;

	m->player_id = mw_rd_u32(r);
	m->online = mw_rd_u32(r);
	return r->err;
}

static void
put_member(struct mw_wr *w, const void *v)
{
	const struct mw_order_member	*m = v;

	mw_wr_u32(w, m->player_id);
	mw_wr_u32(w, m->online);
}

/* 20: the count must describe the payload exactly */
int
mw_decode_update_order_member_list(const uint8_t *p, size_t len,
    struct mw_iter *it)
{
	struct mw_order_member	m;
	struct mw_rd		r;
	int32_t			n;

	mw_rd_init(&r, p, len);
	n = mw_rd_i32(&r);
	if (r.err != MW_OK)
		return r.err;
	if (n < 0 || (size_t)n != (len - 4) / 8 || (len - 4) % 8 != 0)
		return MW_E_COUNT;
	return mw_list_scan(p + 4, len - 4, MW_T_UPDATE_ORDER_MEMBER_LIST,
	    get_member, &m, it);
}

int
mw_order_member_next(struct mw_iter *it, struct mw_order_member *m)
{
	if (it->type != MW_T_UPDATE_ORDER_MEMBER_LIST)
		return 0;
	return mw_iter_next(it, get_member, m);
}

int
mw_encode_update_order_member_list(uint8_t *out, size_t cap,
    size_t *len_r, const struct mw_order_member *v, size_t n)
{
	struct mw_wr	w;
	size_t		i;

	if (n > INT32_MAX)
		return MW_E_RANGE;
	mw_pkt_begin(&w, out, cap, MW_T_UPDATE_ORDER_MEMBER_LIST);
	mw_wr_i32(&w, (int32_t)n);
	for (i = 0; i < n; i++)
		put_member(&w, &v[i]);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_player_search_query(const uint8_t *p, size_t len,
    struct mw_text *t)
{
	return mw_text_decode(p, len, t);
}

int
mw_encode_player_search_query(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_text *t)
{
	return mw_text_encode(out, cap, len_r, MW_T_PLAYER_SEARCH_QUERY, t);
}

int
mw_decode_update_buddy(const uint8_t *p, size_t len,
    struct mw_update_buddy *u)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	u->buddy_id = mw_rd_i32(&r);
	u->add = mw_rd_u32(&r);
	return mw_rd_end(&r);
}

int
mw_encode_update_buddy(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_update_buddy *u)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_UPDATE_BUDDY);
	mw_wr_i32(&w, u->buddy_id);
	mw_wr_u32(&w, u->add);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_player_info_query(const uint8_t *p, size_t len,
    struct mw_player_info_query *q)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	q->player_id = mw_rd_u32(&r);
	return mw_rd_end(&r);
}

int
mw_encode_player_info_query(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_player_info_query *q)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_PLAYER_INFO_QUERY);
	mw_wr_u32(&w, q->player_id);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_update_player_information(const uint8_t *p, size_t len,
    struct mw_update_player_information *u)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	u->city = mw_rd_cstr(&r);
	u->state = mw_rd_cstr(&r);
	u->country = mw_rd_cstr(&r);
	u->quote = mw_rd_cstr(&r);
	return mw_rd_end_pad(&r);
}

int
mw_encode_update_player_information(uint8_t *out, size_t cap,
    size_t *len_r, const struct mw_update_player_information *u)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_UPDATE_PLAYER_INFORMATION);
	mw_wr_cstr(&w, u->city, SIZE_MAX);
	mw_wr_cstr(&w, u->state, SIZE_MAX);
	mw_wr_cstr(&w, u->country, SIZE_MAX);
	mw_wr_cstr(&w, u->quote, SIZE_MAX);
	return mw_pkt_end(&w, len_r);
}
