/*
 * wire_login.c - packets of the login connection (README section 8 and
 * 16.1): server messages (3), url (4), data chunks (5, 108), password
 * challenge and response (6, 109), login success (7), both meanings of
 * 18 and 122, login in both layouts (100), versions (115), session key.
 * Invariants: the Myth login is exactly 276 bytes and the Aleph One login
 * exactly 144 + player_data_size; a password text is at most 15 chars.
 */
#include <string.h>

#include "wire.h"
#include "wire_buf.h"

#define MYTH_APP	"MYTH2"

static int	get_hub(struct mw_rd *, void *);
static void	put_hub(struct mw_wr *, const void *);

int
mw_decode_server_message(const uint8_t *p, size_t len,
    struct mw_server_message *m)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	m->code = mw_rd_i32(&r);
	m->text = mw_rd_cstr(&r);
	m->pad_to = r.off < len ? len - 4 : 0;
	return mw_rd_end_pad(&r);
}

/* GoS writes the text into a NUL-padded field: pad_to keeps that form */
int
mw_encode_server_message(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_server_message *m)
{
	struct mw_wr	w;
	size_t		end;

	mw_pkt_begin(&w, out, cap, MW_T_SERVER_MESSAGE);
	mw_wr_i32(&w, m->code);
	mw_wr_cstr(&w, m->text, SIZE_MAX);
	end = MW_HEADER_SIZE + 4 + m->pad_to;
	if (w.err == MW_OK && w.off < end)
		mw_wr_zero(&w, end - w.off);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_url(const uint8_t *p, size_t len, struct mw_url *u)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	u->kind = mw_rd_i32(&r);
	u->message = mw_rd_cstr(&r);
	u->url = mw_rd_cstr(&r);
	return mw_rd_end_pad(&r);
}

int
mw_encode_url(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_url *u)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_URL);
	mw_wr_i32(&w, u->kind);
	mw_wr_cstr(&w, u->message, SIZE_MAX);
	mw_wr_cstr(&w, u->url, SIZE_MAX);
	return mw_pkt_end(&w, len_r);
}

static int
decode_chunk(const uint8_t *p, size_t len, struct mw_data_chunk *c)
{
	struct mw_rd	r;
	int32_t		n;

	mw_rd_init(&r, p, len);
	c->flags = mw_rd_i32(&r);
	c->type = mw_rd_i32(&r);
	c->offset = mw_rd_i32(&r);
	n = mw_rd_i32(&r);
	if (r.err != MW_OK)
		return r.err;
	if (n < 0 || (size_t)n != mw_rd_left(&r))
		return MW_E_COUNT;
	c->length = (size_t)n;
	c->data = mw_rd_span(&r, c->length);
	return mw_rd_end(&r);
}

static int
encode_chunk(uint8_t *out, size_t cap, size_t *len_r, uint16_t type,
    const struct mw_data_chunk *c)
{
	struct mw_wr	w;

	if (c->length > INT32_MAX)
		return MW_E_RANGE;
	mw_pkt_begin(&w, out, cap, type);
	mw_wr_i32(&w, c->flags);
	mw_wr_i32(&w, c->type);
	mw_wr_i32(&w, c->offset);
	mw_wr_i32(&w, (int32_t)c->length);
	mw_wr_bytes(&w, c->data, c->length);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_data_chunk(const uint8_t *p, size_t len, struct mw_data_chunk *c)
{
	return decode_chunk(p, len, c);
}

int
mw_encode_data_chunk(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_data_chunk *c)
{
	return encode_chunk(out, cap, len_r, MW_T_DATA_CHUNK, c);
}

int
mw_decode_data_chunk_reply(const uint8_t *p, size_t len,
    struct mw_data_chunk *c)
{
	return decode_chunk(p, len, c);
}

int
mw_encode_data_chunk_reply(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_data_chunk *c)
{
	return encode_chunk(out, cap, len_r, MW_T_DATA_CHUNK_REPLY, c);
}

int
mw_decode_password_challenge(const uint8_t *p, size_t len,
    struct mw_password_challenge *c)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	c->authentication_type = mw_rd_i16(&r);
	mw_rd_bytes(&r, c->salt, sizeof(c->salt));
	return mw_rd_end(&r);
}

int
mw_encode_password_challenge(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_password_challenge *c)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_PASSWORD_CHALLENGE);
	mw_wr_i16(&w, c->authentication_type);
	mw_wr_bytes(&w, c->salt, sizeof(c->salt));
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_user_successful_login(const uint8_t *p, size_t len,
    struct mw_user_successful_login *s)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	s->user_id = mw_rd_i32(&r);
	s->order = mw_rd_i16(&r);
	s->order_again = mw_rd_i16(&r);
	mw_rd_bytes(&r, s->token, sizeof(s->token));
	return mw_rd_end(&r);
}

int
mw_encode_user_successful_login(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_user_successful_login *s)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_USER_SUCCESSFUL_LOGIN);
	mw_wr_i32(&w, s->user_id);
	mw_wr_i16(&w, s->order);
	mw_wr_i16(&w, s->order_again);
	mw_wr_bytes(&w, s->token, sizeof(s->token));
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_update_info(const uint8_t *p, size_t len, struct mw_update_info *u)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	u->size = mw_rd_i32(&r);
	u->host = mw_rd_u32(&r);
	u->port = mw_rd_i16(&r);
	u->port_again = mw_rd_i16(&r);
	return mw_rd_end(&r);
}

int
mw_encode_update_info(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_update_info *u)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_UPDATE_INFO);
	mw_wr_i32(&w, u->size);
	mw_wr_u32(&w, u->host);
	mw_wr_i16(&w, u->port);
	mw_wr_i16(&w, u->port_again);
	return mw_pkt_end(&w, len_r);
}

static int
get_hub(struct mw_rd *r, void *v)
{
	struct mw_hub	*h = v;

	h->hub_id = mw_rd_u16(r);
	h->host = mw_rd_u32(r);
	h->port = mw_rd_u16(r);
	return r->err;
}

static void
put_hub(struct mw_wr *w, const void *v)
{
	const struct mw_hub	*h = v;

	mw_wr_u16(w, h->hub_id);
	mw_wr_u32(w, h->host);
	mw_wr_u16(w, h->port);
}

int
mw_decode_remote_hub_list(const uint8_t *p, size_t len, struct mw_iter *it)
{
	struct mw_hub	h;

	return mw_list_scan(p, len, MW_T_REMOTE_HUB_LIST, get_hub, &h, it);
}

int
mw_remote_hub_list_next(struct mw_iter *it, struct mw_hub *h)
{
	if (it->type != MW_T_REMOTE_HUB_LIST)
		return 0;
	return mw_iter_next(it, get_hub, h);
}

int
mw_encode_remote_hub_list(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_hub *v, size_t n)
{
	return mw_list_encode(out, cap, len_r, MW_T_REMOTE_HUB_LIST, put_hub,
	    v, sizeof(*v), n);
}

/* The two layouts share offsets 4..143; only the first two swap. */
static void
get_login_head(struct mw_rd *r, enum mw_dialect d, struct mw_login *l)
{
	if (d == MW_DIALECT_MYTH) {
		l->metaserver_version = mw_rd_i16(r);
		l->platform_type = mw_rd_i16(r);
	} else {
		l->platform_type = mw_rd_i16(r);
		l->metaserver_version = mw_rd_i16(r);
	}
	l->flags = mw_rd_u32(r);
	l->user_id = mw_rd_u32(r);
	l->max_authentication = mw_rd_i16(r);
	l->player_data_size = mw_rd_i16(r);
	mw_rd_fixstr(r, l->application, sizeof(l->application));
	mw_rd_fixstr(r, l->build_date, sizeof(l->build_date));
	mw_rd_fixstr(r, l->build_time, sizeof(l->build_time));
	mw_rd_fixstr(r, l->username, sizeof(l->username));
	if (r->err == MW_OK && (l->player_data_size < 0 ||
	    l->player_data_size > MW_PLAYER_DATA_MAX))
		mw_rd_fail(r, MW_E_COUNT);
}

static void
put_login_head(struct mw_wr *w, enum mw_dialect d, const struct mw_login *l,
    size_t pds)
{
	if (d == MW_DIALECT_MYTH) {
		mw_wr_i16(w, l->metaserver_version);
		mw_wr_i16(w, l->platform_type);
	} else {
		mw_wr_i16(w, l->platform_type);
		mw_wr_i16(w, l->metaserver_version);
	}
	mw_wr_u32(w, l->flags);
	mw_wr_u32(w, l->user_id);
	mw_wr_i16(w, l->max_authentication);
	mw_wr_i16(w, (int16_t)pds);
	mw_wr_fixstr(w, l->application, sizeof(l->application));
	mw_wr_fixstr(w, l->build_date, sizeof(l->build_date));
	mw_wr_fixstr(w, l->build_time, sizeof(l->build_time));
	mw_wr_fixstr(w, l->username, sizeof(l->username));
}

/*
 * mw_decode_login - Myth: fixed 276 bytes, the player data sits in a
 * 128-byte field whose unused tail is ignored.  Aleph One: the block
 * follows the head directly and ends the packet.
 */
int
mw_decode_login(const uint8_t *p, size_t len, enum mw_dialect d,
    struct mw_login *l)
{
	struct mw_rd	 r, blk;
	const uint8_t	*field;

	memset(l, 0, sizeof(*l));
	if (d == MW_DIALECT_MYTH && len != MW_MYTH_LOGIN_SIZE)
		return len < MW_MYTH_LOGIN_SIZE ? MW_E_TRUNC : MW_E_TRAILING;
	mw_rd_init(&r, p, len);
	get_login_head(&r, d, l);
	if (d == MW_DIALECT_ALEPHONE) {
		mw_get_player_data(&r, (size_t)l->player_data_size,
		    &l->player);
		return mw_rd_end(&r);
	}
	if ((field = mw_rd_span(&r, MW_PLAYER_DATA_MAX)) == NULL)
		return r.err;
	mw_rd_init(&blk, field, MW_PLAYER_DATA_MAX);
	mw_get_player_data(&blk, (size_t)l->player_data_size, &l->player);
	mw_rd_fail(&r, blk.err);
	l->country_code = mw_rd_i16(&r);
	mw_rd_skip(&r, 2);
	return mw_rd_end(&r);
}

int
mw_encode_login(uint8_t *out, size_t cap, size_t *len_r, enum mw_dialect d,
    const struct mw_login *l)
{
	struct mw_wr	w;
	size_t		pds = mw_player_data_size(&l->player);
	size_t		start;

	mw_pkt_begin(&w, out, cap, MW_T_LOGIN);
	put_login_head(&w, d, l, pds);
	start = w.off;
	mw_put_player_data(&w, &l->player);
	if (d == MW_DIALECT_MYTH) {
		if (w.err == MW_OK)
			mw_wr_zero(&w, MW_PLAYER_DATA_MAX - (w.off - start));
		mw_wr_i16(&w, l->country_code);
		mw_wr_zero(&w, 2);
	}
	return mw_pkt_end(&w, len_r);
}

/* mw_login_dialect - README 8.3: the application name decides */
enum mw_dialect
mw_login_dialect(const uint8_t *p, size_t len)
{
	if (len >= 16 + sizeof(MYTH_APP) - 1 &&
	    memcmp(p + 16, MYTH_APP, sizeof(MYTH_APP) - 1) == 0)
		return MW_DIALECT_MYTH;
	return MW_DIALECT_ALEPHONE;
}

/*
 * mw_decode_password_response - Myth sends a cstr (up to 15 chars, NUL
 * padding tolerated); Aleph One always exactly 16 bytes, which may lack
 * a NUL.  Both end up as the zero-padded key plus its text.
 */
int
mw_decode_password_response(const uint8_t *p, size_t len,
    enum mw_dialect d, struct mw_password_response *pr)
{
	struct mw_rd	 r;
	const char	*s;
	size_t		 l;

	memset(pr, 0, sizeof(*pr));
	mw_rd_init(&r, p, len);
	if (d == MW_DIALECT_ALEPHONE) {
		mw_rd_bytes(&r, pr->key, sizeof(pr->key));
		l = strnlen((const char *)pr->key, sizeof(pr->key));
		memcpy(pr->text, pr->key, l);
		return mw_rd_end(&r);
	}
	if ((s = mw_rd_cstr(&r)) == NULL)
		return r.err;
	if ((l = strlen(s)) >= sizeof(pr->key))
		return MW_E_RANGE;
	memcpy(pr->key, s, l);
	memcpy(pr->text, s, l);
	return mw_rd_end_pad(&r);
}

int
mw_encode_password_response(uint8_t *out, size_t cap, size_t *len_r,
    enum mw_dialect d, const struct mw_password_response *pr)
{
	struct mw_wr	w;
	size_t		l = strnlen((const char *)pr->key, sizeof(pr->key));

	mw_pkt_begin(&w, out, cap, MW_T_PASSWORD_RESPONSE);
	if (d == MW_DIALECT_ALEPHONE)
		mw_wr_bytes(&w, pr->key, sizeof(pr->key));
	else if (l < sizeof(pr->key)) {
		mw_wr_bytes(&w, pr->key, l);
		mw_wr_u8(&w, 0);
	} else
		mw_wr_fail(&w, MW_E_RANGE);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_version_control(const uint8_t *p, size_t len,
    struct mw_version_control *v)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	v->platform_type = mw_rd_i32(&r);
	v->application_version = mw_rd_i32(&r);
	v->patch_number = mw_rd_i32(&r);
	v->build_number = mw_rd_i32(&r);
	return mw_rd_end(&r);
}

int
mw_encode_version_control(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_version_control *v)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_VERSION_CONTROL);
	mw_wr_i32(&w, v->platform_type);
	mw_wr_i32(&w, v->application_version);
	mw_wr_i32(&w, v->patch_number);
	mw_wr_i32(&w, v->build_number);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_session_key(const uint8_t *p, size_t len, struct mw_session_key *k)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	mw_rd_bytes(&r, k->key, sizeof(k->key));
	return mw_rd_end(&r);
}

int
mw_encode_session_key(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_session_key *k)
{
	return mw_encode_raw(out, cap, len_r, MW_T_SESSION_KEY, k->key,
	    sizeof(k->key));
}

int
mw_decode_remote_hub_request(const uint8_t *p, size_t len, struct mw_text *t)
{
	return mw_text_decode(p, len, t);
}

int
mw_encode_remote_hub_request(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_text *t)
{
	return mw_text_encode(out, cap, len_r, MW_T_REMOTE_HUB_REQUEST, t);
}
