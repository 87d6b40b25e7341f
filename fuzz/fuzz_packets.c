/*
 * fuzz_packets.c - libFuzzer target for every payload decoder of
 * src/wire.h.  Input: byte 0 = packet type id (255 = the bare game-data
 * block), byte 1 = variant (bit 0: Aleph One dialect), the rest is the
 * payload.  A payload that decodes is re-encoded; that packet must
 * decode again and re-encode to the same bytes, and where the layout is
 * canonical it must equal the input.  List packets are iterated to the
 * end and rebuilt with the split-aware list builder as well.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

#define OUT_CAP		(MW_IN_MAX_CEILING + 64)
#define MAX_ENTRIES	4096
#define T_GAME_DATA	255

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One input: which packet, the variant byte and the payload. */
struct fz_in {
	uint8_t		 type;
	uint8_t		 variant;
	enum mw_dialect	 d;
	const uint8_t	*p;
	size_t		 len;
};

typedef void	fz_fn(const struct fz_in *);

static uint8_t	out1[OUT_CAP], out2[OUT_CAP];

/* Scratch for list entries; one input at a time, so static is fine. */
static union {
	struct mw_room		rooms[MAX_ENTRIES];
	struct mw_player_entry	players[MAX_ENTRIES];
	struct mw_game_entry	games[MAX_ENTRIES];
	struct mw_search_entry	search[MAX_ENTRIES];
	struct mw_hub		hubs[MAX_ENTRIES];
	struct mw_order_member	members[MAX_ENTRIES];
	struct mw_score_player	scores[MAX_ENTRIES];
	int32_t			ids[MAX_ENTRIES];
} ent;

static void
must(int cond)
{
	if (!cond)
		abort();
}

/* framed - an encoder's output is one whole packet of the given type */
static const uint8_t *
framed(uint8_t *pkt, size_t len, uint16_t type, size_t *plen_r)
{
	struct mw_frame		f;
	struct mw_limits	lim = { MW_IN_MAX_CEILING, 0 };

	must(mw_frame_next(pkt, len, &lim, &f) == MW_OK);
	must(f.size == len && f.type == type);
	*plen_r = f.len;
	return f.payload;
}

/* same - second encoding equals the first; canonical: equals the input */
static void
same(size_t l1, size_t l2, const uint8_t *in, size_t inlen, int canon)
{
	must(l1 == l2 && memcmp(out1, out2, l1) == 0);
	if (canon)
		must(l1 == MW_HEADER_SIZE + inlen &&
		    memcmp(out1 + MW_HEADER_SIZE, in, inlen) == 0);
}

/*
 * FZ_STRUCT - decode, encode, decode the encoding, encode again.  The
 * first encode may refuse what a lenient decoder accepted (a 40-char
 * nick); after that nothing may fail.
 */
#define FZ_STRUCT(name, T, canon)					\
static void								\
fz_##name(const struct fz_in *in)					\
{									\
	T		 a, b;						\
	const uint8_t	*q;						\
	size_t		 l1, l2, ql;					\
									\
	memset(&a, 0, sizeof(a));					\
	memset(&b, 0, sizeof(b));					\
	if (mw_decode_##name(in->p, in->len, &a) != MW_OK ||		\
	    mw_encode_##name(out1, OUT_CAP, &l1, &a) != MW_OK)		\
		return;							\
	q = framed(out1, l1, in->type, &ql);				\
	must(mw_decode_##name(q, ql, &b) == MW_OK);			\
	must(mw_encode_##name(out2, OUT_CAP, &l2, &b) == MW_OK);	\
	same(l1, l2, in->p, in->len, (canon));				\
}

/* the same for the calls that take a dialect */
#define FZ_DIALECT(name, T, canon)					\
static void								\
fz_##name(const struct fz_in *in)					\
{									\
	T		 a, b;						\
	const uint8_t	*q;						\
	size_t		 l1, l2, ql;					\
									\
	memset(&a, 0, sizeof(a));					\
	memset(&b, 0, sizeof(b));					\
	if (mw_decode_##name(in->p, in->len, in->d, &a) != MW_OK ||	\
	    mw_encode_##name(out1, OUT_CAP, &l1, in->d, &a) != MW_OK)	\
		return;							\
	q = framed(out1, l1, in->type, &ql);				\
	must(mw_decode_##name(q, ql, in->d, &b) == MW_OK);		\
	must(mw_encode_##name(out2, OUT_CAP, &l2, in->d, &b) == MW_OK);	\
	same(l1, l2, in->p, in->len, (canon));				\
}

#define FZ_EMPTY(name, type)						\
static void								\
fz_##name(const struct fz_in *in)					\
{									\
	size_t	l1, l2;							\
									\
	if (mw_decode_##name(in->p, in->len) != MW_OK)			\
		return;							\
	must(in->len == 0);						\
	must(mw_encode_##name(out1, OUT_CAP, &l1) == MW_OK);		\
	must(mw_encode_##name(out2, OUT_CAP, &l2) == MW_OK);		\
	must(framed(out1, l1, (type), &l2) != NULL && l2 == 0);		\
}
MW_EMPTY_LIST(FZ_EMPTY)
#undef FZ_EMPTY

FZ_STRUCT(server_message, struct mw_server_message, 0)
FZ_STRUCT(url, struct mw_url, 0)
FZ_STRUCT(data_chunk, struct mw_data_chunk, 1)
FZ_STRUCT(password_challenge, struct mw_password_challenge, 1)
FZ_STRUCT(user_successful_login, struct mw_user_successful_login, 1)
FZ_STRUCT(set_player_data_from_metaserver, struct mw_player_entry, 0)
FZ_STRUCT(room_login_successful, struct mw_room_login_successful, 0)
FZ_STRUCT(message_of_the_day, struct mw_text, 0)
FZ_STRUCT(player_info, struct mw_player_info, 0)
FZ_STRUCT(update_info, struct mw_update_info, 1)
FZ_STRUCT(update_player_buddy_list, struct mw_buddy_list, 0)
FZ_STRUCT(you_just_got_blammed_sucka, struct mw_text, 0)
FZ_STRUCT(proxy_client_join, struct mw_proxy_client_join, 0)
FZ_STRUCT(room_login, struct mw_room_login, 0)
FZ_STRUCT(set_player_data, struct mw_player_data, 0)
FZ_STRUCT(create_game, struct mw_create_game, 1)
FZ_STRUCT(change_room, struct mw_change_room, 1)
FZ_STRUCT(data_chunk_reply, struct mw_data_chunk, 1)
FZ_STRUCT(start_game, struct mw_start_game, 0)
FZ_STRUCT(version_control, struct mw_version_control, 1)
FZ_STRUCT(game_search_query, struct mw_game_search_query, 0)
FZ_STRUCT(player_search_query, struct mw_text, 0)
FZ_STRUCT(update_buddy, struct mw_update_buddy, 1)
FZ_STRUCT(player_info_query, struct mw_player_info_query, 1)
FZ_STRUCT(update_player_information,
    struct mw_update_player_information, 0)
FZ_STRUCT(remote_hub_request, struct mw_text, 0)
FZ_STRUCT(room_broadcast, struct mw_chat, 0)
FZ_STRUCT(directed_data, struct mw_directed_data, 0)
FZ_STRUCT(session_key, struct mw_session_key, 1)
FZ_STRUCT(recording_stream_header, struct mw_film_header, 1)
FZ_STRUCT(recording_stream_command, struct mw_film_command, 1)
FZ_STRUCT(recording_stream_end, struct mw_film_end, 1)
FZ_DIALECT(login, struct mw_login, 0)
FZ_DIALECT(password_response, struct mw_password_response,
    in->d == MW_DIALECT_ALEPHONE)
FZ_DIALECT(set_player_mode, struct mw_set_player_mode,
    in->d == MW_DIALECT_ALEPHONE)
#undef FZ_STRUCT
#undef FZ_DIALECT

/* the encoders/decoders that take a list of entries as an array */
typedef int	list_dec_fn(const uint8_t *, size_t, uint16_t,
		    struct mw_iter *);
typedef int	list_next_fn(struct mw_iter *, void *);
typedef int	list_enc_fn(uint8_t *, size_t, size_t *, uint16_t,
		    const void *, size_t);
typedef int	list_add_fn(struct mw_list *, const void *);

struct list_ops {
	list_dec_fn	*dec;
	list_next_fn	*next;
	list_enc_fn	*enc;
	list_add_fn	*add;		/* NULL: no list builder */
	size_t		 size;		/* one entry in the scratch array */
	int		 canon;
};

/* collect - iterate to the end; the count must match what decode said */
static size_t
collect(const struct list_ops *o, struct mw_iter *it)
{
	size_t	n = 0, want = it->count;

	while (n < MAX_ENTRIES &&
	    o->next(it, (uint8_t *)&ent + n * o->size) == 1)
		n++;
	if (want <= MAX_ENTRIES)
		must(n == want && o->next(it, (uint8_t *)&ent + 0) == 0);
	return n;
}

/* rebuild - the list builder with a small split point: every packet
 * must decode and the entries must add up */
static void
rebuild(const struct list_ops *o, uint16_t type, size_t n, size_t limit)
{
	struct mw_list	l;
	struct mw_iter	it;
	size_t		i = 0, total = 0, len;
	int		rc;

	while (i < n) {
		must(mw_list_begin(&l, type, out2, OUT_CAP, limit) == MW_OK);
		while (i < n && (rc = o->add(&l,
		    (uint8_t *)&ent + i * o->size)) == MW_OK)
			i++;
		if (l.count == 0) {
			must(rc == MW_E_NOSPACE || rc == MW_E_RANGE);
			return;		/* an entry too big for the limit */
		}
		must(mw_list_end(&l, &len) == MW_OK && len <= limit);
		must(o->dec(out2 + MW_HEADER_SIZE, len - MW_HEADER_SIZE, type,
		    &it) == MW_OK && it.count == l.count);
		total += l.count;
	}
	must(total == n);
}

static void
fz_list(const struct list_ops *o, const struct fz_in *in)
{
	struct mw_iter	 it;
	const uint8_t	*q;
	size_t		 n, l1, l2, ql;

	if (o->dec(in->p, in->len, in->type, &it) != MW_OK ||
	    (n = collect(o, &it)) >= MAX_ENTRIES ||
	    o->enc(out1, OUT_CAP, &l1, in->type, &ent, n) != MW_OK)
		return;
	q = framed(out1, l1, in->type, &ql);
	must(o->dec(q, ql, in->type, &it) == MW_OK && it.count == n);
	must(collect(o, &it) == n);
	must(o->enc(out2, OUT_CAP, &l2, in->type, &ent, n) == MW_OK);
	same(l1, l2, in->p, in->len, o->canon);
	if (o->add != NULL)
		rebuild(o, in->type, n, 128 + (size_t)in->variant * 16);
}

/* adapters: give every list call the same shape */
#define ADAPT_DEC(name)							\
static int								\
dec_##name(const uint8_t *p, size_t len, uint16_t type,			\
    struct mw_iter *it)							\
{									\
	(void)type;							\
	return mw_decode_##name(p, len, it);				\
}
#define ADAPT_ENC(name, T)						\
static int								\
enc_##name(uint8_t *out, size_t cap, size_t *len_r, uint16_t type,	\
    const void *v, size_t n)						\
{									\
	(void)type;							\
	return mw_encode_##name(out, cap, len_r, (const T *)v, n);	\
}
#define ADAPT_NEXT(name, T)						\
static int								\
next_##name(struct mw_iter *it, void *v)				\
{									\
	return mw_##name##_next(it, (T *)v);				\
}
#define ADAPT_ADD(name, T)						\
static int								\
add_##name(struct mw_list *l, const void *v)				\
{									\
	return mw_list_add_##name(l, (const T *)v);			\
}
ADAPT_DEC(room_list)
ADAPT_DEC(player_list)
ADAPT_DEC(remote_hub_list)
ADAPT_ENC(room_list, struct mw_room)
ADAPT_ENC(player_list, struct mw_player_entry)
ADAPT_ENC(remote_hub_list, struct mw_hub)
ADAPT_NEXT(room_list, struct mw_room)
ADAPT_NEXT(player_list, struct mw_player_entry)
ADAPT_NEXT(remote_hub_list, struct mw_hub)
ADAPT_NEXT(game_list, struct mw_game_entry)
ADAPT_NEXT(search_list, struct mw_search_entry)
ADAPT_ADD(room, struct mw_room)
ADAPT_ADD(player, struct mw_player_entry)
ADAPT_ADD(game, struct mw_game_entry)
ADAPT_ADD(search, struct mw_search_entry)

static int
enc_game_list(uint8_t *out, size_t cap, size_t *len_r, uint16_t type,
    const void *v, size_t n)
{
	return mw_encode_game_list(out, cap, len_r, type, v, n);
}

static int
enc_search_list(uint8_t *out, size_t cap, size_t *len_r, uint16_t type,
    const void *v, size_t n)
{
	return mw_encode_search_list(out, cap, len_r, type, v, n);
}

static const struct list_ops room_ops = { dec_room_list, next_room_list,
    enc_room_list, add_room, sizeof(struct mw_room), 0 };
static const struct list_ops player_ops = { dec_player_list,
    next_player_list, enc_player_list, add_player,
    sizeof(struct mw_player_entry), 0 };
static const struct list_ops hub_ops = { dec_remote_hub_list,
    next_remote_hub_list, enc_remote_hub_list, NULL,
    sizeof(struct mw_hub), 1 };
static const struct list_ops game_ops = { mw_decode_game_list,
    next_game_list, enc_game_list, add_game, sizeof(struct mw_game_entry),
    0 };
static const struct list_ops search_ops = { mw_decode_search_list,
    next_search_list, enc_search_list, add_search,
    sizeof(struct mw_search_entry), 0 };

static void
fz_rooms(const struct fz_in *in)
{
	fz_list(&room_ops, in);
}

static void
fz_players(const struct fz_in *in)
{
	fz_list(&player_ops, in);
}

static void
fz_hubs(const struct fz_in *in)
{
	fz_list(&hub_ops, in);
}

static void
fz_games(const struct fz_in *in)
{
	fz_list(&game_ops, in);
}

static void
fz_search(const struct fz_in *in)
{
	fz_list(&search_ops, in);
}

/* 20: iterator over the records after a count */
static void
fz_order_members(const struct fz_in *in)
{
	struct mw_iter	 it;
	const uint8_t	*q;
	size_t		 n = 0, l1, l2, ql;

	if (mw_decode_update_order_member_list(in->p, in->len, &it) != MW_OK)
		return;
	while (n < MAX_ENTRIES && mw_order_member_next(&it,
	    &ent.members[n]) == 1)
		n++;
	if (n >= MAX_ENTRIES)
		return;
	must(n == it.count);
	must(mw_encode_update_order_member_list(out1, OUT_CAP, &l1,
	    ent.members, n) == MW_OK);
	q = framed(out1, l1, MW_T_UPDATE_ORDER_MEMBER_LIST, &ql);
	must(mw_decode_update_order_member_list(q, ql, &it) == MW_OK);
	must(mw_encode_update_order_member_list(out2, OUT_CAP, &l2,
	    ent.members, n) == MW_OK);
	same(l1, l2, in->p, in->len, 1);
}

/* 111: game id and player ids */
static void
fz_game_players(const struct fz_in *in)
{
	struct mw_game_player_list	 g;
	const uint8_t			*q;
	size_t				 n = 0, l1, l2, ql;

	if (mw_decode_game_player_list(in->p, in->len, &g) != MW_OK)
		return;
	while (n < MAX_ENTRIES && mw_game_player_next(&g.players,
	    &ent.ids[n]) == 1)
		n++;
	if (n >= MAX_ENTRIES)
		return;
	must(n == g.players.count);
	must(mw_encode_game_player_list(out1, OUT_CAP, &l1, g.game_id,
	    ent.ids, n) == MW_OK);
	q = framed(out1, l1, MW_T_GAME_PLAYER_LIST, &ql);
	must(mw_decode_game_player_list(q, ql, &g) == MW_OK);
	must(mw_encode_game_player_list(out2, OUT_CAP, &l2, g.game_id,
	    ent.ids, n) == MW_OK);
	same(l1, l2, in->p, in->len, 1);
}

/* 112: fixed part, 16 teams, then player records */
static void
fz_game_score(const struct fz_in *in)
{
	struct mw_game_score	 s, t;
	const uint8_t		*q;
	size_t			 n = 0, l1, l2, ql;

	if (mw_decode_game_score(in->p, in->len, &s) != MW_OK)
		return;
	while (n < MAX_ENTRIES && mw_score_player_next(&s.players,
	    &ent.scores[n]) == 1)
		n++;
	if (n >= MAX_ENTRIES)
		return;
	s.player_v = ent.scores;
	s.player_n = n;
	must(mw_encode_game_score(out1, OUT_CAP, &l1, &s) == MW_OK);
	q = framed(out1, l1, MW_T_GAME_SCORE, &ql);
	must(mw_decode_game_score(q, ql, &t) == MW_OK && t.players.count == n);
	t.player_v = ent.scores;
	t.player_n = n;
	must(mw_encode_game_score(out2, OUT_CAP, &l2, &t) == MW_OK);
	same(l1, l2, in->p, in->len, 1);
}

/* the bare game-data block: no header, trailing bytes ignored */
static void
fz_game_data(const struct fz_in *in)
{
	struct mw_game_desc	a, b;
	size_t			l1, l2;

	if (mw_decode_game_data(in->p, in->len, &a) != MW_OK ||
	    mw_encode_game_data(out1, OUT_CAP, &l1, &a) != MW_OK)
		return;
	must(l1 <= in->len && l1 <= MW_GAME_DATA_MAX);
	must(mw_decode_game_data(out1, l1, &b) == MW_OK);
	must(mw_encode_game_data(out2, OUT_CAP, &l2, &b) == MW_OK);
	must(l1 == l2 && memcmp(out1, out2, l1) == 0);
}

/* wire.h: decoders leave every char[] NUL-terminated */
static void
terminated(const char *field, size_t size)
{
	must(memchr(field, '\0', size) != NULL);
}

static void
fixstr_login(const struct fz_in *in)
{
	struct mw_login	l;

	if (mw_decode_login(in->p, in->len, in->d, &l) != MW_OK)
		return;
	terminated(l.application, sizeof(l.application));
	terminated(l.build_date, sizeof(l.build_date));
	terminated(l.build_time, sizeof(l.build_time));
	terminated(l.username, sizeof(l.username));
}

static void
fixstr_ranks(const struct fz_in *in)
{
	static struct mw_player_info	pi;
	struct mw_overall_ranking	*o = &pi.overall;
	size_t				 i;

	if (mw_decode_player_info(in->p, in->len, &pi) != MW_OK)
		return;
	terminated(o->unranked.top_ranked_player, MW_NAME_FIELD);
	terminated(o->ranked.top_ranked_player, MW_NAME_FIELD);
	terminated(o->order_unranked.top_ranked_player, MW_NAME_FIELD);
	terminated(o->order_ranked.top_ranked_player, MW_NAME_FIELD);
	for (i = 0; i < MW_GAME_TYPES; i++) {
		terminated(o->ranked_by_type[i].top_ranked_player,
		    MW_NAME_FIELD);
		terminated(o->order_ranked_by_type[i].top_ranked_player,
		    MW_NAME_FIELD);
	}
}

static void
fixstr_other(const struct fz_in *in)
{
	struct mw_proxy_client_join	j;
	struct mw_password_response	pr;

	if (in->type == MW_T_PROXY_CLIENT_JOIN &&
	    mw_decode_proxy_client_join(in->p, in->len, &j) == MW_OK)
		terminated(j.host, sizeof(j.host));
	if (in->type == MW_T_PASSWORD_RESPONSE &&
	    mw_decode_password_response(in->p, in->len, in->d, &pr) == MW_OK)
		terminated(pr.text, sizeof(pr.text));
}

/* helpers that interpret decoded values */
static void
fz_helpers(const struct fz_in *in)
{
	struct mw_start_game	sg;
	struct mw_chat		c;

	if (in->type == MW_T_LOGIN) {
		(void)mw_login_dialect(in->p, in->len);
		fixstr_login(in);
	}
	if (in->type == MW_T_PLAYER_INFO)
		fixstr_ranks(in);
	fixstr_other(in);
	if (in->type == MW_T_START_GAME &&
	    mw_decode_start_game(in->p, in->len, &sg) == MW_OK) {
		(void)mw_start_game_seconds(&sg, MW_DIALECT_MYTH);
		(void)mw_start_game_seconds(&sg, MW_DIALECT_ALEPHONE);
	}
	if (in->type == MW_T_ROOM_BROADCAST &&
	    mw_decode_room_broadcast(in->p, in->len, &c) == MW_OK)
		(void)mw_chat_blob_length(&c);
}

/* ids without a decoder: the raw encoder must carry them unchanged */
static void
fz_raw(const struct fz_in *in)
{
	const uint8_t	*q;
	size_t		 l1, ql;

	if (mw_encode_raw(out1, OUT_CAP, &l1, in->type, in->p,
	    in->len) != MW_OK)
		return;
	q = framed(out1, l1, in->type, &ql);
	must(ql == in->len && memcmp(q, in->p, ql) == 0);
	must(mw_type_name(in->type) != NULL);
}

#define ANY	(-1)

/* Which decoder each id gets; ids 18 and 122 depend on the dialect. */
static const struct {
	int	 type;
	int	 dialect;	/* ANY or the enum mw_dialect value */
	fz_fn	*fn;
} fz_table[] = {
	{ 0, ANY, fz_rooms },
	{ 1, ANY, fz_players },
	{ 2, ANY, fz_games },
	{ 3, ANY, fz_server_message },
	{ 4, ANY, fz_url },
	{ 5, ANY, fz_data_chunk },
	{ 6, ANY, fz_password_challenge },
	{ 7, ANY, fz_user_successful_login },
	{ 8, ANY, fz_set_player_data_from_metaserver },
	{ 9, ANY, fz_room_login_successful },
	{ 10, ANY, fz_message_of_the_day },
	{ 12, ANY, fz_send_versions },
	{ 13, ANY, fz_games },
	{ 14, ANY, fz_search },
	{ 15, ANY, fz_search },
	{ 16, ANY, fz_search },
	{ 17, ANY, fz_player_info },
	{ 18, MW_DIALECT_MYTH, fz_update_info },
	{ 18, MW_DIALECT_ALEPHONE, fz_hubs },
	{ 19, ANY, fz_update_player_buddy_list },
	{ 20, ANY, fz_order_members },
	{ 21, ANY, fz_you_just_got_blammed_sucka },
	{ 22, ANY, fz_proxy_client_join },
	{ 100, ANY, fz_login },
	{ 101, ANY, fz_room_login },
	{ 102, ANY, fz_logout },
	{ 103, ANY, fz_set_player_data },
	{ 104, ANY, fz_create_game },
	{ 105, ANY, fz_remove_game },
	{ 106, ANY, fz_change_room },
	{ 107, ANY, fz_set_player_mode },
	{ 108, ANY, fz_data_chunk_reply },
	{ 109, ANY, fz_password_response },
	{ 110, ANY, fz_request_full_update },
	{ 111, ANY, fz_game_players },
	{ 112, ANY, fz_game_score },
	{ 113, ANY, fz_reset_game },
	{ 114, ANY, fz_start_game },
	{ 115, ANY, fz_version_control },
	{ 116, ANY, fz_game_search_query },
	{ 117, ANY, fz_player_search_query },
	{ 118, ANY, fz_buddy_query },
	{ 119, ANY, fz_order_query },
	{ 120, ANY, fz_update_buddy },
	{ 121, ANY, fz_player_info_query },
	{ 122, MW_DIALECT_MYTH, fz_update_player_information },
	{ 122, MW_DIALECT_ALEPHONE, fz_remote_hub_request },
	{ 200, ANY, fz_room_broadcast },
	{ 201, ANY, fz_directed_data },
	{ 202, ANY, fz_keepalive },
	{ 203, ANY, fz_session_key },
	{ 204, ANY, fz_recording_stream_header },
	{ 205, ANY, fz_recording_stream_command },
	{ 206, ANY, fz_recording_stream_end },
	{ T_GAME_DATA, ANY, fz_game_data },
};

static fz_fn *
find_fn(const struct fz_in *in)
{
	size_t	i;

	for (i = 0; i < sizeof(fz_table) / sizeof(fz_table[0]); i++)
		if (fz_table[i].type == in->type &&
		    (fz_table[i].dialect == ANY ||
		    fz_table[i].dialect == (int)in->d))
			return fz_table[i].fn;
	return fz_raw;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in	in;

	if (size < 2)
		return 0;
	in.type = data[0];
	in.variant = data[1];
	in.d = (in.variant & 1) ? MW_DIALECT_ALEPHONE : MW_DIALECT_MYTH;
	in.p = data + 2;
	in.len = size - 2;
	find_fn(&in)(&in);
	fz_helpers(&in);
	return 0;
}
