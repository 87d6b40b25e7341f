/*
 * test_wire_malformed.c - hostile and broken input: every prefix of every
 * packet (framing must say "need more", decoders must fail or decode a
 * shorter valid list, never read outside the payload: each payload is
 * copied into a heap block of exactly its size so ASan sees any
 * over-read), bad headers, counts and sizes that do not fit, strings
 * without NUL, over-long fixed fields, wrong exact sizes, short buffers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wire.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))
#define CAP	(MW_IN_MAX_CEILING + 64)

#define EQ(got, want) do {						\
	long long	g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ != w_)							\
		fail_msg("%s: got %lld, want %lld", #got, g_, w_);	\
} while (0)

typedef int	enc_fn(uint8_t *, size_t, size_t *);
typedef int	dec_fn(const uint8_t *, size_t);

static const struct mw_player_data pd = {
	.coat_of_arms = 1, .primary = { 1, 2, 3, 0 }, .order_index = -1,
	.game_version = 2180, .build_number = 428, .nick = "Nick",
	.team = "Team",
};

static const uint8_t	gdata[600] = { 0, 1, 2, 3 };

static int	enc_room1(uint8_t *, size_t, size_t *, const struct mw_room *);

/* Encoders of sample packets: one per row of the table below. */
#define ENC(name, fn, T, ...)						\
static int								\
e_##name(uint8_t *o, size_t c, size_t *l)				\
{									\
	T	s_ = __VA_ARGS__;					\
									\
	return fn(o, c, l, &s_);					\
}
#define ENC_D(name, fn, d, T, ...)					\
static int								\
e_##name(uint8_t *o, size_t c, size_t *l)				\
{									\
	T	s_ = __VA_ARGS__;					\
									\
	return fn(o, c, l, d, &s_);					\
}
/* Decoders with the struct on the stack, as a server would call them. */
#define DEC(name, fn, T)						\
static int								\
d_##name(const uint8_t *p, size_t n)					\
{									\
	T	s_;							\
									\
	return fn(p, n, &s_);						\
}
#define DEC_D(name, fn, d, T)						\
static int								\
d_##name(const uint8_t *p, size_t n)					\
{									\
	T	s_;							\
									\
	return fn(p, n, d, &s_);					\
}

ENC(room_list1, enc_room1, struct mw_room, { 1, 2, 3, 4, 5, 6, 7 })
ENC(server_message, mw_encode_server_message, struct mw_server_message,
    { 3, "bad", 0 })
ENC(url, mw_encode_url, struct mw_url, { 0, "m", "u" })
ENC(data_chunk, mw_encode_data_chunk, struct mw_data_chunk,
    { 0, 0, 0, gdata, 9 })
ENC(challenge, mw_encode_password_challenge, struct mw_password_challenge,
    { 4, { 1 } })
ENC(usl, mw_encode_user_successful_login, struct mw_user_successful_login,
    { 1, 2, 3, { 4 } })
ENC(update_info, mw_encode_update_info, struct mw_update_info,
    { 1, 2, 3, 4 })
ENC_D(login_myth, mw_encode_login, MW_DIALECT_MYTH, struct mw_login,
    { .application = "MYTH2", .username = "u", .player = pd })
ENC_D(login_a1, mw_encode_login, MW_DIALECT_ALEPHONE, struct mw_login,
    { .application = "MARATHON", .username = "u", .player = pd })
ENC_D(pw_myth, mw_encode_password_response, MW_DIALECT_MYTH,
    struct mw_password_response, { .key = "pass" })
ENC_D(pw_a1, mw_encode_password_response, MW_DIALECT_ALEPHONE,
    struct mw_password_response, { .key = "pass" })
ENC(version, mw_encode_version_control, struct mw_version_control,
    { 1, 2, 3, 4 })
ENC(session_key, mw_encode_session_key, struct mw_session_key, { { 1 } })
ENC(hub_request, mw_encode_remote_hub_request, struct mw_text, { "1" })
ENC(player_entry8, mw_encode_set_player_data_from_metaserver,
    struct mw_player_entry, { { 0 }, pd })
ENC(player_data, mw_encode_set_player_data, struct mw_player_data, pd)
ENC(buddy_list, mw_encode_update_player_buddy_list, struct mw_buddy_list,
    { { { 1, 2 } } })
ENC(search_query, mw_encode_player_search_query, struct mw_text, { "a" })
ENC(update_buddy, mw_encode_update_buddy, struct mw_update_buddy, { 1, 1 })
ENC(info_query, mw_encode_player_info_query, struct mw_player_info_query,
    { 1 })
ENC(upi, mw_encode_update_player_information,
    struct mw_update_player_information, { "a", "b", "c", "d" })
ENC(rls, mw_encode_room_login_successful,
    struct mw_room_login_successful, { 1, 2 })
ENC(motd, mw_encode_message_of_the_day, struct mw_text, { "hi" })
ENC(blammed, mw_encode_you_just_got_blammed_sucka, struct mw_text, { "x" })
ENC(proxy, mw_encode_proxy_client_join, struct mw_proxy_client_join,
    { 1, "1.2.3.4", { 0 } })
ENC(room_login, mw_encode_room_login, struct mw_room_login, { { 1 }, "n" })
ENC(change_room, mw_encode_change_room, struct mw_change_room, { 1 })
ENC_D(mode_myth, mw_encode_set_player_mode, MW_DIALECT_MYTH,
    struct mw_set_player_mode, { 1, NULL, 0 })
ENC_D(mode_a1, mw_encode_set_player_mode, MW_DIALECT_ALEPHONE,
    struct mw_set_player_mode, { 1, gdata, 3 })
ENC(chat, mw_encode_room_broadcast, struct mw_chat,
    { 0, 0, { 0 }, 0, 1, 2, "s", "m" })
ENC(directed, mw_encode_directed_data, struct mw_directed_data,
    { 1, 1, { 0, 0, { 0 }, 0, 1, 2, "s", "m" } })
ENC(create_game, mw_encode_create_game, struct mw_create_game,
    { 1, 2, gdata, 600 })
ENC(start_game, mw_encode_start_game, struct mw_start_game, { 1 })
ENC(game_search, mw_encode_game_search_query, struct mw_game_search_query,
    { 1, 2, 3, 4, 5, 6, 7, "g", "m" })
ENC(film_header, mw_encode_recording_stream_header, struct mw_film_header,
    { gdata, 12 })
ENC(film_command, mw_encode_recording_stream_command,
    struct mw_film_command, { 12, 1, 0, 5, gdata })
ENC(film_end, mw_encode_recording_stream_end, struct mw_film_end, { 1 })

DEC(room_list, mw_decode_room_list, struct mw_iter)
DEC(player_list, mw_decode_player_list, struct mw_iter)
DEC(server_message, mw_decode_server_message, struct mw_server_message)
DEC(url, mw_decode_url, struct mw_url)
DEC(data_chunk, mw_decode_data_chunk, struct mw_data_chunk)
DEC(challenge, mw_decode_password_challenge, struct mw_password_challenge)
DEC(usl, mw_decode_user_successful_login, struct mw_user_successful_login)
DEC(update_info, mw_decode_update_info, struct mw_update_info)
DEC(hub_list, mw_decode_remote_hub_list, struct mw_iter)
DEC_D(login_myth, mw_decode_login, MW_DIALECT_MYTH, struct mw_login)
DEC_D(login_a1, mw_decode_login, MW_DIALECT_ALEPHONE, struct mw_login)
DEC_D(pw_myth, mw_decode_password_response, MW_DIALECT_MYTH,
    struct mw_password_response)
DEC_D(pw_a1, mw_decode_password_response, MW_DIALECT_ALEPHONE,
    struct mw_password_response)
DEC(version, mw_decode_version_control, struct mw_version_control)
DEC(session_key, mw_decode_session_key, struct mw_session_key)
DEC(hub_request, mw_decode_remote_hub_request, struct mw_text)
DEC(player_entry8, mw_decode_set_player_data_from_metaserver,
    struct mw_player_entry)
DEC(player_data, mw_decode_set_player_data, struct mw_player_data)
DEC(player_info, mw_decode_player_info, struct mw_player_info)
DEC(buddy_list, mw_decode_update_player_buddy_list, struct mw_buddy_list)
DEC(members, mw_decode_update_order_member_list, struct mw_iter)
DEC(search_query, mw_decode_player_search_query, struct mw_text)
DEC(update_buddy, mw_decode_update_buddy, struct mw_update_buddy)
DEC(info_query, mw_decode_player_info_query, struct mw_player_info_query)
DEC(upi, mw_decode_update_player_information,
    struct mw_update_player_information)
DEC(rls, mw_decode_room_login_successful, struct mw_room_login_successful)
DEC(motd, mw_decode_message_of_the_day, struct mw_text)
DEC(blammed, mw_decode_you_just_got_blammed_sucka, struct mw_text)
DEC(proxy, mw_decode_proxy_client_join, struct mw_proxy_client_join)
DEC(room_login, mw_decode_room_login, struct mw_room_login)
DEC(change_room, mw_decode_change_room, struct mw_change_room)
DEC_D(mode_myth, mw_decode_set_player_mode, MW_DIALECT_MYTH,
    struct mw_set_player_mode)
DEC_D(mode_a1, mw_decode_set_player_mode, MW_DIALECT_ALEPHONE,
    struct mw_set_player_mode)
DEC(chat, mw_decode_room_broadcast, struct mw_chat)
DEC(directed, mw_decode_directed_data, struct mw_directed_data)
DEC(create_game, mw_decode_create_game, struct mw_create_game)
DEC(game_player_list, mw_decode_game_player_list,
    struct mw_game_player_list)
DEC(game_score, mw_decode_game_score, struct mw_game_score)
DEC(start_game, mw_decode_start_game, struct mw_start_game)
DEC(game_search, mw_decode_game_search_query, struct mw_game_search_query)
DEC(film_header, mw_decode_recording_stream_header, struct mw_film_header)
DEC(film_command, mw_decode_recording_stream_command,
    struct mw_film_command)
DEC(film_end, mw_decode_recording_stream_end, struct mw_film_end)

static int
d_game_list(const uint8_t *p, size_t n)
{
	struct mw_iter	it;

	return mw_decode_game_list(p, n, MW_T_GAME_LIST, &it);
}

static int
d_search_list(const uint8_t *p, size_t n)
{
	struct mw_iter	it;

	return mw_decode_search_list(p, n, MW_T_BUDDY_LIST, &it);
}

static int
d_game_data(const uint8_t *p, size_t n)
{
	struct mw_game_desc	g;

	return mw_decode_game_data(p, n, &g);
}

static int
enc_room1(uint8_t *o, size_t c, size_t *l, const struct mw_room *r)
{
	return mw_encode_room_list(o, c, l, r, 1);
}

static int
e_player_list(uint8_t *o, size_t c, size_t *l)
{
	struct mw_player_entry	e[2] = {
		{ { .verb = MW_VERB_ADD }, pd },
		{ { .verb = MW_VERB_CHANGE }, pd },
	};

	return mw_encode_player_list(o, c, l, e, 2);
}

static int
e_game_list(uint8_t *o, size_t c, size_t *l)
{
	struct mw_game_entry	e = { { 0 }, gdata, 600 };

	return mw_encode_game_list(o, c, l, MW_T_GAME_LIST, &e, 1);
}

static int
e_search_list(uint8_t *o, size_t c, size_t *l)
{
	struct mw_search_entry	e = { 1, { 0 }, pd };

	return mw_encode_search_list(o, c, l, MW_T_BUDDY_LIST, &e, 1);
}

static int
e_hub_list(uint8_t *o, size_t c, size_t *l)
{
	struct mw_hub	h[2] = { { 1, 2, 3 }, { 4, 5, 6 } };

	return mw_encode_remote_hub_list(o, c, l, h, 2);
}

static int
e_player_info(uint8_t *o, size_t c, size_t *l)
{
	static struct mw_player_info	pi = { .login = "1", .quote = "q" };

	return mw_encode_player_info(o, c, l, &pi);
}

static int
e_members(uint8_t *o, size_t c, size_t *l)
{
	struct mw_order_member	m[2] = { { 1, 1 }, { 2, 0 } };

	return mw_encode_update_order_member_list(o, c, l, m, 2);
}

static int
e_game_player_list(uint8_t *o, size_t c, size_t *l)
{
	int32_t	ids[2] = { 1, 2 };

	return mw_encode_game_player_list(o, c, l, 7, ids, 2);
}

static int
e_game_score(uint8_t *o, size_t c, size_t *l)
{
	static struct mw_score_player	sp[2];
	struct mw_game_score		s = { .player_v = sp, .player_n = 2 };

	return mw_encode_game_score(o, c, l, &s);
}

/*
 * exact: every shorter payload must fail.  trail: appending one non-zero
 * byte must fail.  Lists and open-ended payloads can be valid shorter or
 * longer; for them only "no over-read, no crash" is required.
 */
static const struct row {
	const char	*name;
	enc_fn		*enc;
	dec_fn		*dec;
	int		 exact;
	int		 trail;
} rows[] = {
	{ "room_list", e_room_list1, d_room_list, 0, 1 },
	{ "player_list", e_player_list, d_player_list, 0, 1 },
	{ "game_list", e_game_list, d_game_list, 0, 1 },
	{ "server_message", e_server_message, d_server_message, 1, 1 },
	{ "url", e_url, d_url, 1, 1 },
	{ "data_chunk", e_data_chunk, d_data_chunk, 1, 1 },
	{ "password_challenge", e_challenge, d_challenge, 1, 1 },
	{ "user_successful_login", e_usl, d_usl, 1, 1 },
	{ "set_player_data_from_metaserver", e_player_entry8,
	    d_player_entry8, 1, 1 },
	{ "room_login_successful", e_rls, d_rls, 1, 1 },
	{ "message_of_the_day", e_motd, d_motd, 1, 1 },
	{ "search_list", e_search_list, d_search_list, 0, 1 },
	{ "player_info", e_player_info, d_player_info, 1, 1 },
	{ "update_info", e_update_info, d_update_info, 1, 1 },
	{ "remote_hub_list", e_hub_list, d_hub_list, 0, 1 },
	{ "update_player_buddy_list", e_buddy_list, d_buddy_list, 1, 1 },
	{ "update_order_member_list", e_members, d_members, 1, 1 },
	{ "blammed", e_blammed, d_blammed, 1, 1 },
	{ "proxy_client_join", e_proxy, d_proxy, 1, 1 },
	{ "login_myth", e_login_myth, d_login_myth, 1, 1 },
	{ "login_alephone", e_login_a1, d_login_a1, 1, 1 },
	{ "room_login", e_room_login, d_room_login, 1, 1 },
	{ "set_player_data", e_player_data, d_player_data, 1, 0 },
	{ "create_game", e_create_game, d_create_game, 0, 0 },
	{ "change_room", e_change_room, d_change_room, 1, 1 },
	{ "set_player_mode_myth", e_mode_myth, d_mode_myth, 1, 0 },
	{ "set_player_mode_alephone", e_mode_a1, d_mode_a1, 0, 0 },
	{ "password_response_myth", e_pw_myth, d_pw_myth, 1, 1 },
	{ "password_response_alephone", e_pw_a1, d_pw_a1, 1, 1 },
	{ "game_player_list", e_game_player_list, d_game_player_list, 0, 1 },
	{ "game_score", e_game_score, d_game_score, 0, 1 },
	{ "start_game", e_start_game, d_start_game, 1, 1 },
	{ "version_control", e_version, d_version, 1, 1 },
	{ "game_search_query", e_game_search, d_game_search, 1, 1 },
	{ "player_search_query", e_search_query, d_search_query, 1, 1 },
	{ "update_buddy", e_update_buddy, d_update_buddy, 1, 1 },
	{ "player_info_query", e_info_query, d_info_query, 1, 1 },
	{ "update_player_information", e_upi, d_upi, 1, 1 },
	{ "remote_hub_request", e_hub_request, d_hub_request, 1, 1 },
	{ "room_broadcast", e_chat, d_chat, 1, 1 },
	{ "directed_data", e_directed, d_directed, 1, 1 },
	{ "session_key", e_session_key, d_session_key, 1, 1 },
	{ "recording_stream_header", e_film_header, d_film_header, 0, 0 },
	{ "recording_stream_command", e_film_command, d_film_command, 1, 1 },
	{ "recording_stream_end", e_film_end, d_film_end, 1, 1 },
};

static uint8_t	pkt[CAP];

/* dec_exact - run dec on a heap copy sized exactly n (ASan catches reads) */
static int
dec_exact(dec_fn *dec, const uint8_t *p, size_t n)
{
	uint8_t	*c = malloc(n > 0 ? n : 1);
	int	 rc;

	assert_non_null(c);
	memcpy(c, p, n);
	rc = dec(n > 0 ? c : c + 1, n);
	free(c);
	return rc;
}

static void
t_every_prefix(void **state)
{
	struct mw_frame	 f;
	size_t		 r, len, k;
	int		 rc;

	(void)state;
	for (r = 0; r < N(rows); r++) {
		assert_int_equal(rows[r].enc(pkt, CAP, &len), MW_OK);
		for (k = 0; k < len; k++) {
			rc = mw_frame_next(pkt, k, NULL, &f);
			if (rc != MW_NEED_MORE)
				fail_msg("%s prefix %zu: frame got %d, want "
				    "need more", rows[r].name, k, rc);
			EQ(f.size, k < MW_HEADER_SIZE ? MW_HEADER_SIZE : len);
		}
		assert_int_equal(mw_frame_next(pkt, len, NULL, &f), MW_OK);
		assert_int_equal(dec_exact(rows[r].dec, f.payload, f.len),
		    MW_OK);
		for (k = 0; k < f.len; k++) {
			rc = dec_exact(rows[r].dec, f.payload, k);
			if (rc > 0 || (rows[r].exact && rc == MW_OK))
				fail_msg("%s payload prefix %zu of %zu: got "
				    "%d, want an error", rows[r].name, k,
				    f.len, rc);
		}
	}
}

static void
t_trailing_byte(void **state)
{
	size_t	r, len;
	int	rc;

	(void)state;
	for (r = 0; r < N(rows); r++) {
		assert_int_equal(rows[r].enc(pkt, CAP, &len), MW_OK);
		pkt[len] = 0x5a;
		rc = dec_exact(rows[r].dec, pkt + MW_HEADER_SIZE,
		    len - MW_HEADER_SIZE + 1);
		if (rows[r].trail && rc >= 0)
			fail_msg("%s + 1 byte: got %d, want an error",
			    rows[r].name, rc);
		if (!rows[r].trail && rc != MW_OK)
			fail_msg("%s + 1 byte: got %d, want 0", rows[r].name,
			    rc);
	}
}

/* t_encode_short_buffer - every cap below need + 24 fails, writes inside */
static void
t_encode_short_buffer(void **state)
{
	uint8_t	*out;
	size_t	 r, len, need, cap;

	(void)state;
	for (r = 0; r < N(rows); r++) {
		assert_int_equal(rows[r].enc(pkt, CAP, &need), MW_OK);
		for (cap = 0; cap < need + MW_CIPHER_OVERHEAD; cap++) {
			out = malloc(cap > 0 ? cap : 1);
			assert_non_null(out);
			if (rows[r].enc(out, cap, &len) != MW_E_NOSPACE)
				fail_msg("%s cap %zu: want MW_E_NOSPACE",
				    rows[r].name, cap);
			free(out);
		}
		out = malloc(cap);
		assert_int_equal(rows[r].enc(out, cap, &len), MW_OK);
		EQ(len, need);
		free(out);
	}
}

static void
t_frame_bad_magic(void **state)
{
	uint8_t		h[8] = { 0xde, 0xad, 0, 202, 0, 0, 0, 8 };
	struct mw_frame	f;

	(void)state;
	h[0] = 0xdf;
	EQ(mw_frame_next(h, 1, NULL, &f), MW_E_MAGIC);
	EQ(mw_frame_next(h, 8, NULL, &f), MW_E_MAGIC);
	h[0] = 0xde;
	h[1] = 0xae;
	EQ(mw_frame_next(h, 2, NULL, &f), MW_E_MAGIC);
	h[1] = 0xad;
	EQ(mw_frame_next(h, 8, NULL, &f), MW_OK);
	EQ(mw_frame_next(h, 0, NULL, &f), MW_NEED_MORE);
}

static void
t_frame_lengths(void **state)
{
	uint8_t			h[8] = { 0xde, 0xad, 0, 1, 0, 0, 0, 0 };
	struct mw_frame		f;
	struct mw_limits	lim = { 100, 0 }, big = { 1u << 20, 0 };
	uint32_t		l;

	(void)state;
	for (l = 0; l < 8; l++) {
		h[7] = (uint8_t)l;
		EQ(mw_frame_next(h, 8, NULL, &f), MW_E_SHORTLEN);
	}
	mw_frame_set_length(h, MW_IN_MAX_DEFAULT);
	EQ(mw_frame_next(h, 8, NULL, &f), MW_NEED_MORE);
	EQ(f.size, MW_IN_MAX_DEFAULT);
	mw_frame_set_length(h, MW_IN_MAX_DEFAULT + 1);
	EQ(mw_frame_next(h, 8, NULL, &f), MW_E_OVERSIZE);
	mw_frame_set_length(h, 101);
	EQ(mw_frame_next(h, 8, &lim, &f), MW_E_OVERSIZE);
	mw_frame_set_length(h, MW_IN_MAX_CEILING);
	EQ(mw_frame_next(h, 8, &big, &f), MW_NEED_MORE);
	mw_frame_set_length(h, MW_IN_MAX_CEILING + 1);
	EQ(mw_frame_next(h, 8, &big, &f), MW_E_OVERSIZE);
	h[4] = 0x80;
	EQ(mw_frame_next(h, 8, &big, &f), MW_E_OVERSIZE);
}

/* t_frame_stream - many packets in one read, the last one partial */
static void
t_frame_stream(void **state)
{
	static uint8_t	buf[4096];
	struct mw_frame	f;
	size_t		off = 0, len, n = 0;
	int		rc;

	(void)state;
	while (off + 64 < sizeof(buf)) {
		assert_int_equal(e_chat(buf + off, sizeof(buf) - off, &len),
		    MW_OK);
		off += len;
		assert_int_equal(mw_encode_keepalive(buf + off,
		    sizeof(buf) - off, &len), MW_OK);
		off += len;
	}
	off -= 3;
	for (len = 0; (rc = mw_frame_next(buf + len, off - len, NULL,
	    &f)) == MW_OK; len += f.size)
		n++;
	EQ(rc, MW_NEED_MORE);
	EQ(f.size, MW_HEADER_SIZE);
	EQ(off - len, MW_HEADER_SIZE - 3);
	assert_true(n > 100);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* t_counts - size and count fields that promise more than is there */
static void
t_counts(void **state)
{
	uint8_t	*p = pkt + MW_HEADER_SIZE;
	size_t	 len, n;

	(void)state;
	assert_int_equal(e_player_list(pkt, CAP, &len), MW_OK);
	n = len - MW_HEADER_SIZE;
	put16(p + 18, 0x7fff);
	EQ(dec_exact(d_player_list, p, n), MW_E_COUNT);
	put16(p + 18, 0xffff);
	EQ(dec_exact(d_player_list, p, n), MW_E_COUNT);
	assert_int_equal(e_game_list(pkt, CAP, &len), MW_OK);
	n = len - MW_HEADER_SIZE;
	put16(p + 20, 601);
	EQ(dec_exact(d_game_list, p, n), MW_E_COUNT);
	put16(p + 20, 1025);
	EQ(dec_exact(d_game_list, p, n), MW_E_COUNT);
	assert_int_equal(e_members(pkt, CAP, &len), MW_OK);
	n = len - MW_HEADER_SIZE;
	put32(p, 3);
	EQ(dec_exact(d_members, p, n), MW_E_COUNT);
	put32(p, 0xffffffff);
	EQ(dec_exact(d_members, p, n), MW_E_COUNT);
	assert_int_equal(e_data_chunk(pkt, CAP, &len), MW_OK);
	n = len - MW_HEADER_SIZE;
	put32(p + 12, 10);
	EQ(dec_exact(d_data_chunk, p, n), MW_E_COUNT);
	assert_int_equal(e_film_command(pkt, CAP, &len), MW_OK);
	n = len - MW_HEADER_SIZE;
	put16(p, 13);
	EQ(dec_exact(d_film_command, p, n), MW_E_COUNT);
	put16(p, 4);
	EQ(dec_exact(d_film_command, p, n), MW_E_COUNT);
}

/* t_login_sizes - Myth exactly 276, A1 exactly 144 + player_data_size */
static void
t_login_sizes(void **state)
{
	uint8_t	*p = pkt + MW_HEADER_SIZE;
	size_t	 len, n;

	(void)state;
	assert_int_equal(e_login_myth(pkt, CAP, &len), MW_OK);
	n = len - MW_HEADER_SIZE;
	EQ(n, MW_MYTH_LOGIN_SIZE);
	EQ(dec_exact(d_login_myth, p, n - 1), MW_E_TRUNC);
	EQ(dec_exact(d_login_myth, p, n + 1), MW_E_TRAILING);
	put16(p + 14, 129);
	EQ(dec_exact(d_login_myth, p, n), MW_E_COUNT);
	put16(p + 14, 39);
	EQ(dec_exact(d_login_myth, p, n), MW_E_NONUL);
	assert_int_equal(e_login_a1(pkt, CAP, &len), MW_OK);
	n = len - MW_HEADER_SIZE;
	EQ(dec_exact(d_login_a1, p, n - 1), MW_E_COUNT);
	pkt[len] = 0;
	EQ(dec_exact(d_login_a1, p, n + 1), MW_E_TRAILING);
	put16(p + 14, (uint16_t)(n - MW_A1_LOGIN_FIXED + 1));
	EQ(dec_exact(d_login_a1, p, n), MW_E_COUNT);
	put16(p + 14, 200);
	EQ(dec_exact(d_login_a1, p, n), MW_E_COUNT);
}

/* t_fixed_no_nul - full char[N] fields still come out terminated */
static void
t_fixed_no_nul(void **state)
{
	uint8_t				*p = pkt + MW_HEADER_SIZE;
	struct mw_login			 l;
	struct mw_proxy_client_join	 j;
	size_t				 len;

	(void)state;
	assert_int_equal(e_login_myth(pkt, CAP, &len), MW_OK);
	memset(p + 16, 'A', 4 * MW_NAME_FIELD);
	assert_int_equal(mw_decode_login(p, len - MW_HEADER_SIZE,
	    MW_DIALECT_MYTH, &l), MW_OK);
	EQ(strlen(l.application), MW_NAME_FIELD - 1);
	EQ(strlen(l.build_date), MW_NAME_FIELD - 1);
	EQ(strlen(l.build_time), MW_NAME_FIELD - 1);
	EQ(strlen(l.username), MW_NAME_FIELD - 1);
	EQ(mw_login_dialect(p, len - MW_HEADER_SIZE), MW_DIALECT_ALEPHONE);
	assert_int_equal(e_proxy(pkt, CAP, &len), MW_OK);
	memset(p + 2, '9', MW_PROXY_HOST_SIZE);
	assert_int_equal(mw_decode_proxy_client_join(p, len - MW_HEADER_SIZE,
	    &j), MW_OK);
	EQ(strlen(j.host), MW_PROXY_HOST_SIZE - 1);
}

/*
 * t_strings_no_nul - a cstr must end inside its payload, and a player
 * block's strings inside the block even if a NUL follows it.
 */
static void
t_strings_no_nul(void **state)
{
	uint8_t	*p = pkt + MW_HEADER_SIZE;
	size_t	 len, n;

	(void)state;
	assert_int_equal(e_motd(pkt, CAP, &len), MW_OK);
	n = len - MW_HEADER_SIZE;
	p[n - 1] = '!';
	EQ(dec_exact(d_motd, p, n), MW_E_NONUL);
	assert_int_equal(e_chat(pkt, CAP, &len), MW_OK);
	n = len - MW_HEADER_SIZE;
	p[n - 1] = 'x';
	EQ(dec_exact(d_chat, p, n), MW_E_NONUL);
	assert_int_equal(e_player_list(pkt, CAP, &len), MW_OK);
	n = len - MW_HEADER_SIZE;
	p[24 + 38 + 5 + 4] = 'x';
	EQ(dec_exact(d_player_list, p, n), MW_E_NONUL);
	assert_int_equal(e_room_login(pkt, CAP, &len), MW_OK);
	n = len - MW_HEADER_SIZE;
	p[n - 1] = 'x';
	EQ(dec_exact(d_room_login, p, n), MW_E_NONUL);
	memset(p, 'x', MW_GAME_DATA_FIXED + 2);
	EQ(dec_exact(d_game_data, p, MW_GAME_DATA_FIXED + 2), MW_E_NONUL);
	p[MW_GAME_DATA_FIXED] = '\0';
	EQ(dec_exact(d_game_data, p, MW_GAME_DATA_FIXED + 2), MW_E_NONUL);
	p[MW_GAME_DATA_FIXED + 1] = '\0';
	EQ(dec_exact(d_game_data, p, MW_GAME_DATA_FIXED + 2), MW_OK);
}

/* t_wrong_sizes - fixed layouts one byte short or long, oversize fields */
static void
t_wrong_sizes(void **state)
{
	static const uint8_t	z[4096];
	uint8_t			pw[32];

	(void)state;
	EQ(dec_exact(d_version, z, 15), MW_E_TRUNC);
	EQ(dec_exact(d_version, z, 17), MW_E_TRAILING);
	EQ(dec_exact(d_session_key, z, 7), MW_E_TRUNC);
	EQ(dec_exact(d_session_key, z, 9), MW_E_TRAILING);
	EQ(dec_exact(d_pw_a1, z, 15), MW_E_TRUNC);
	EQ(dec_exact(d_pw_a1, z, 17), MW_E_TRAILING);
	EQ(dec_exact(d_room_list, z, 25), MW_E_TRUNC);
	EQ(dec_exact(d_hub_list, z, 9), MW_E_TRUNC);
	EQ(dec_exact(d_game_player_list, z, 7), MW_E_TRUNC);
	EQ(dec_exact(d_game_score, z, 220 + 27), MW_E_TRUNC);
	EQ(dec_exact(d_start_game, z, 11), MW_E_TRUNC);
	EQ(dec_exact(d_player_data, z, MW_PLAYER_DATA_MAX + 1), MW_E_RANGE);
	EQ(dec_exact(d_create_game, z, 4 + MW_GAME_DATA_MAX + 1), MW_E_RANGE);
	EQ(dec_exact(d_film_command, z, MW_FILM_COMMAND_MAX + 1),
	    MW_E_RANGE);
	EQ(mw_decode_keepalive(z, 1), MW_E_TRAILING);
	EQ(mw_decode_send_versions(z, 4), MW_E_TRAILING);
	memset(pw, 'p', sizeof(pw));
	pw[16] = '\0';
	EQ(dec_exact(d_pw_myth, pw, 17), MW_E_RANGE);
	pw[15] = '\0';
	EQ(dec_exact(d_pw_myth, pw, 17), MW_OK);
	pw[16] = 'x';
	EQ(dec_exact(d_pw_myth, pw, 17), MW_E_TRAILING);
}

/* t_encode_limits - encoders refuse what Myth clients cannot take */
static void
t_encode_limits(void **state)
{
	struct mw_player_data	d = pd;
	struct mw_create_game	c = { 1, 0, gdata, MW_GAME_DATA_MAX + 1 };
	struct mw_proxy_client_join j = { 1, "", { 0 } };
	size_t			len;

	(void)state;
	d.nick = "12345678901234567890123456789012";
	EQ(mw_encode_set_player_data(pkt, CAP, &len, &d), MW_E_RANGE);
	d.nick = "1234567890123456789012345678901";
	EQ(mw_encode_set_player_data(pkt, CAP, &len, &d), MW_OK);
	EQ(mw_encode_create_game(pkt, CAP, &len, &c), MW_E_RANGE);
	memset(j.host, 'h', sizeof(j.host));
	EQ(mw_encode_proxy_client_join(pkt, CAP, &len, &j), MW_E_RANGE);
	EQ(mw_encode_raw(pkt, CAP, &len, 200, NULL,
	    MW_IN_MAX_CEILING - MW_CIPHER_OVERHEAD - MW_HEADER_SIZE), MW_OK);
	EQ(len + MW_CIPHER_OVERHEAD, MW_IN_MAX_CEILING);
	EQ(mw_encode_raw(pkt, CAP, &len, 200, NULL,
	    MW_IN_MAX_CEILING - MW_CIPHER_OVERHEAD - MW_HEADER_SIZE + 1),
	    MW_E_NOSPACE);
	EQ(mw_decode_game_list(pkt, 0, MW_T_ROOM_LIST, &(struct mw_iter){ 0 }),
	    MW_E_TYPE);
}

static void
t_strerror(void **state)
{
	int	rc;

	(void)state;
	for (rc = MW_E_TYPE; rc <= MW_LIST_FULL; rc++)
		assert_string_not_equal(mw_strerror(rc), "unknown error");
	assert_string_equal(mw_strerror(99), "unknown error");
	assert_string_equal(mw_type_name(MW_T_KEEPALIVE), "keepalive");
	assert_string_equal(mw_type_name(999), "unknown");
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(t_every_prefix),
		cmocka_unit_test(t_trailing_byte),
		cmocka_unit_test(t_encode_short_buffer),
		cmocka_unit_test(t_frame_bad_magic),
		cmocka_unit_test(t_frame_lengths),
		cmocka_unit_test(t_frame_stream),
		cmocka_unit_test(t_counts),
		cmocka_unit_test(t_login_sizes),
		cmocka_unit_test(t_fixed_no_nul),
		cmocka_unit_test(t_strings_no_nul),
		cmocka_unit_test(t_wrong_sizes),
		cmocka_unit_test(t_encode_limits),
		cmocka_unit_test(t_strerror),
	};

	return cmocka_run_group_tests_name("wire_malformed", tests, NULL,
	    NULL);
}
