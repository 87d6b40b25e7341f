/*
 * test_wire_roundtrip.c - encode -> frame -> decode -> compare for every
 * packet type, in both dialects where they differ, then re-encode the
 * decoded struct and require the same bytes (so every wire field made it
 * through).  Also checks that list building splits at the Myth limit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wire.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))
#define CAP	(MW_IN_MAX_CEILING + 64)

#define OK(call) do {							\
	int	rc_ = (call);						\
	if (rc_ != MW_OK)						\
		fail_msg("%s: got %d (%s), want 0", #call, rc_,		\
		    mw_strerror(rc_));					\
} while (0)
#define EQ(got, want) do {						\
	long long	g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ != w_)							\
		fail_msg("%s: got %lld, want %lld", #got, g_, w_);	\
} while (0)
#define STREQ(got, want) do {						\
	if ((got) == NULL || strcmp((got), (want)) != 0)		\
		fail_msg("%s: got '%s', want '%s'", #got,		\
		    (got) ? (got) : "(null)", (want));			\
} while (0)

#define PD_A_SIZE	(38 + 7 + 32)	/* pd_a's block on the wire */

static uint8_t	b1[CAP], b2[CAP];
static size_t	l1, l2;

/* framed - the payload of the packet in b1; checks header and type */
static const uint8_t *
framed(int rc, uint16_t type, size_t *n)
{
	struct mw_frame	f;

	if (rc != MW_OK)
		fail_msg("encode: got %d (%s), want 0", rc, mw_strerror(rc));
	OK(mw_frame_next(b1, l1, &(struct mw_limits){ MW_IN_MAX_CEILING, 0 },
	    &f));
	EQ(f.type, type);
	EQ(f.size, l1);
	*n = f.len;
	return f.payload;
}

/* again - the re-encoded packet in b2 must equal b1 */
static void
again(int rc)
{
	if (rc != MW_OK)
		fail_msg("re-encode: got %d (%s), want 0", rc,
		    mw_strerror(rc));
	EQ(l2, l1);
	if (memcmp(b1, b2, l1) != 0)
		fail_msg("re-encoded bytes differ");
}

static const struct mw_player_data pd_a = {
	.coat_of_arms = 7, .caste_bitmap = -2, .state = 1,
	.primary = { 1, 2, 3, 4 }, .secondary = { 65535, 40000, 5, 0 },
	.order_index = 12, .game_version = 2180, .build_number = 431,
	.nick = "|iNick", .team = "Team With A Long Name 123456789",
};

static const struct mw_player_data pd_b = {
	.coat_of_arms = 0, .state = 0, .order_index = -1,
	.game_version = 5000, .build_number = 0, .nick = "", .team = "",
};

static void
same_pd(const struct mw_player_data *d, const struct mw_player_data *w)
{
	EQ(d->coat_of_arms, w->coat_of_arms);
	EQ(d->caste_bitmap, w->caste_bitmap);
	EQ(d->state, w->state);
	EQ(memcmp(&d->primary, &w->primary, sizeof(w->primary)), 0);
	EQ(memcmp(&d->secondary, &w->secondary, sizeof(w->secondary)), 0);
	EQ(d->order_index, w->order_index);
	EQ(d->game_version, w->game_version);
	EQ(d->build_number, w->build_number);
	STREQ(d->nick, w->nick);
	STREQ(d->team, w->team);
}

static void
same_aux(const struct mw_player_aux *a, const struct mw_player_aux *w)
{
	EQ(a->verb, w->verb);
	EQ(a->flags, w->flags);
	EQ(a->ranking, w->ranking);
	EQ(a->player_id, w->player_id);
	EQ(a->room_id, w->room_id);
	EQ(a->caste, w->caste);
	EQ(a->order, w->order);
}

static const struct {
	const char	*name;
	uint16_t	 type;
	int		(*dec)(const uint8_t *, size_t);
	int		(*enc)(uint8_t *, size_t, size_t *);
} empties[] = {
#define EMPTY_ROW(n, t)	{ #n, t, mw_decode_##n, mw_encode_##n },
	MW_EMPTY_LIST(EMPTY_ROW)
#undef EMPTY_ROW
};

static void
t_empty(void **state)
{
	const uint8_t	*p;
	size_t		 i, n;

	(void)state;
	for (i = 0; i < N(empties); i++) {
		p = framed(empties[i].enc(b1, CAP, &l1), empties[i].type, &n);
		EQ(n, 0);
		OK(empties[i].dec(p, n));
		again(empties[i].enc(b2, CAP, &l2));
	}
	EQ(N(empties), 8);
}

static void
t_room_list(void **state)
{
	const struct mw_room	a[3] = {
		{ 26, 3, 0x7f000001, 6335, 1, 0, 0 },
		{ -1, 32767, 0xffffffff, 65535, -5, 2, 7 },
		{ 0, 0, 0, 0, 0, 0, 0 },
	};
	struct mw_room		b;
	struct mw_iter		it;
	const uint8_t		*p;
	size_t			n, i;

	(void)state;
	p = framed(mw_encode_room_list(b1, CAP, &l1, a, 3), MW_T_ROOM_LIST,
	    &n);
	OK(mw_decode_room_list(p, n, &it));
	EQ(it.count, 3);
	for (i = 0; mw_room_list_next(&it, &b) == 1; i++) {
		EQ(b.room_id, a[i].room_id);
		EQ(b.player_count, a[i].player_count);
		EQ(b.host, a[i].host);
		EQ(b.port, a[i].port);
		EQ(b.game_count, a[i].game_count);
		EQ(b.room_type, a[i].room_type);
		EQ(b.room_flags, a[i].room_flags);
	}
	EQ(i, 3);
}

static void
t_player_list(void **state)
{
	struct mw_player_entry	a[2] = {
		{ { 2, 1, -7, 99, 3, 16, 0, 5 }, pd_a },
		{ { 1, 0, 0, 1073741823, 0, -1, 0, -1 }, pd_b },
	};
	struct mw_player_entry	b[2];
	struct mw_iter		it;
	const uint8_t		*p;
	size_t			n, i;

	(void)state;
	p = framed(mw_encode_player_list(b1, CAP, &l1, a, 2),
	    MW_T_PLAYER_LIST, &n);
	OK(mw_decode_player_list(p, n, &it));
	EQ(it.count, 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(mw_player_list_next(&it, &b[i]), 1);
		same_aux(&b[i].aux, &a[i].aux);
		same_pd(&b[i].data, &a[i].data);
	}
	EQ(b[0].aux.player_data_length, PD_A_SIZE);
	assert_int_equal(mw_player_list_next(&it, &b[0]), 0);
	again(mw_encode_player_list(b2, CAP, &l2, b, 2));
}

static void
t_set_player_data_from_metaserver(void **state)
{
	struct mw_player_entry	a = { { 0, 0, 0, 42, 0, -1, 0, -1 }, pd_a };
	struct mw_player_entry	b;
	const uint8_t		*p;
	size_t			n;

	(void)state;
	p = framed(mw_encode_set_player_data_from_metaserver(b1, CAP, &l1,
	    &a), MW_T_SET_PLAYER_DATA_FROM_METASERVER, &n);
	OK(mw_decode_set_player_data_from_metaserver(p, n, &b));
	same_aux(&b.aux, &a.aux);
	same_pd(&b.data, &a.data);
	again(mw_encode_set_player_data_from_metaserver(b2, CAP, &l2, &b));
}

static void
t_set_player_data(void **state)
{
	struct mw_player_data	b;
	const uint8_t		*p;
	size_t			n;

	(void)state;
	p = framed(mw_encode_set_player_data(b1, CAP, &l1, &pd_a),
	    MW_T_SET_PLAYER_DATA, &n);
	OK(mw_decode_set_player_data(p, n, &b));
	same_pd(&b, &pd_a);
	again(mw_encode_set_player_data(b2, CAP, &l2, &b));
}

static void
t_search_lists(void **state)
{
	static const uint16_t	types[] = { MW_T_PLAYER_SEARCH_LIST,
	    MW_T_BUDDY_LIST, MW_T_ORDER_LIST };
	struct mw_search_entry	a[2] = {
		{ 3, { 0, 0, 0, 5, 0, 2, 0, 0 }, pd_a },
		{ 0, { 2, 0, 0, 6, 0, -1, 0, 9 }, pd_b },
	};
	struct mw_search_entry	b[2];
	struct mw_iter		it;
	const uint8_t		*p;
	size_t			n, i, t;

	(void)state;
	for (t = 0; t < N(types); t++) {
		p = framed(mw_encode_search_list(b1, CAP, &l1, types[t], a,
		    2), types[t], &n);
		OK(mw_decode_search_list(p, n, types[t], &it));
		for (i = 0; i < 2; i++) {
			assert_int_equal(mw_search_list_next(&it, &b[i]), 1);
			EQ(b[i].room_id, a[i].room_id);
			same_aux(&b[i].aux, &a[i].aux);
			same_pd(&b[i].data, &a[i].data);
		}
		again(mw_encode_search_list(b2, CAP, &l2, types[t], b, 2));
	}
}

/* fill - deterministic non-zero bytes so every field differs */
static void
fill(void *v, size_t n, unsigned seed)
{
	uint8_t	*p = v;
	size_t	 i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7 + 1);
}

static void
t_player_info(void **state)
{
	static struct mw_player_info	a, b;
	const uint8_t			*p;
	size_t				n, i;

	(void)state;
	fill(&a, sizeof(a), 3);
	a.overall.ranked.top_ranked_player[5] = '\0';
	for (i = 0; i < MW_GAME_TYPES; i++) {
		a.overall.ranked_by_type[i].top_ranked_player[0] = '\0';
		a.overall.order_ranked_by_type[i].top_ranked_player[0] = '\0';
	}
	a.overall.unranked.top_ranked_player[0] = '\0';
	a.overall.order_unranked.top_ranked_player[0] = '\0';
	a.overall.order_ranked.top_ranked_player[31] = '\0';
	a.login = "42";
	a.name = "Knight";
	a.order_name = "";
	a.city = "Madrigal";
	a.state = "";
	a.country = "The Province";
	a.quote = "Not one step back.";
	p = framed(mw_encode_player_info(b1, CAP, &l1, &a), MW_T_PLAYER_INFO,
	    &n);
	EQ(n, 4356 + 3 + 7 + 1 + 9 + 1 + 13 + 19);
	OK(mw_decode_player_info(p, n, &b));
	EQ(b.administrator_flag, a.administrator_flag);
	EQ(b.ranked_by_type[15].numerical_ranking,
	    a.ranked_by_type[15].numerical_ranking);
	EQ(b.overall.order_ranked_by_type[15].damage_received.best,
	    a.overall.order_ranked_by_type[15].damage_received.best);
	STREQ(b.overall.ranked.top_ranked_player,
	    a.overall.ranked.top_ranked_player);
	STREQ(b.quote, a.quote);
	STREQ(b.country, a.country);
	again(mw_encode_player_info(b2, CAP, &l2, &b));
}

static void
t_buddies_and_orders(void **state)
{
	struct mw_buddy_list		a, b;
	const struct mw_order_member	m[3] = { { 1, 1 }, { 2, 0 },
	    { 0xfffffffe, 1 } };
	struct mw_order_member		mb;
	struct mw_iter			it;
	const uint8_t			*p;
	size_t				n, i;

	(void)state;
	memset(&a, 0, sizeof(a));
	for (i = 0; i < MW_BUDDIES; i++) {
		a.buddies[i].player_id = (uint32_t)(i * 1000 + 1);
		a.buddies[i].active = (uint8_t)(i % 4);
	}
	p = framed(mw_encode_update_player_buddy_list(b1, CAP, &l1, &a),
	    MW_T_UPDATE_PLAYER_BUDDY_LIST, &n);
	EQ(n, 128);
	OK(mw_decode_update_player_buddy_list(p, n, &b));
	for (i = 0; i < MW_BUDDIES; i++) {
		EQ(b.buddies[i].player_id, a.buddies[i].player_id);
		EQ(b.buddies[i].active, a.buddies[i].active);
	}
	p = framed(mw_encode_update_order_member_list(b1, CAP, &l1, m, 3),
	    MW_T_UPDATE_ORDER_MEMBER_LIST, &n);
	OK(mw_decode_update_order_member_list(p, n, &it));
	EQ(it.count, 3);
	for (i = 0; mw_order_member_next(&it, &mb) == 1; i++) {
		EQ(mb.player_id, m[i].player_id);
		EQ(mb.online, m[i].online);
	}
	EQ(i, 3);
}

static void
t_small_player_queries(void **state)
{
	struct mw_update_buddy		ua = { -3, 1 }, ub;
	struct mw_player_info_query	qa = { 77 }, qb;
	struct mw_text			ta = { "kni" }, tb;
	const uint8_t			*p;
	size_t				n;

	(void)state;
	p = framed(mw_encode_update_buddy(b1, CAP, &l1, &ua),
	    MW_T_UPDATE_BUDDY, &n);
	OK(mw_decode_update_buddy(p, n, &ub));
	EQ(ub.buddy_id, -3);
	EQ(ub.add, 1);
	p = framed(mw_encode_player_info_query(b1, CAP, &l1, &qa),
	    MW_T_PLAYER_INFO_QUERY, &n);
	OK(mw_decode_player_info_query(p, n, &qb));
	EQ(qb.player_id, 77);
	p = framed(mw_encode_player_search_query(b1, CAP, &l1, &ta),
	    MW_T_PLAYER_SEARCH_QUERY, &n);
	OK(mw_decode_player_search_query(p, n, &tb));
	STREQ(tb.text, "kni");
	again(mw_encode_player_search_query(b2, CAP, &l2, &tb));
}

/* 122 and 18 mean different things per dialect (README 16.1 item 8) */
static void
t_dialect_122_18(void **state)
{
	struct mw_update_player_information	ua = { "c", "s", "", "q" }, ub;
	struct mw_text				ra = { "1.2" }, rb;
	struct mw_update_info			ia = { 100, 0x01020304, 1,
	    2 }, ib;
	const struct mw_hub			h[2] = { { 1, 0x0a000001,
	    5000 }, { 65535, 0, 0 } };
	struct mw_hub				hb;
	struct mw_iter				it;
	const uint8_t				*p;
	size_t					n, i;

	(void)state;
	p = framed(mw_encode_update_player_information(b1, CAP, &l1, &ua),
	    MW_T_UPDATE_PLAYER_INFORMATION, &n);
	OK(mw_decode_update_player_information(p, n, &ub));
	STREQ(ub.city, "c");
	STREQ(ub.country, "");
	STREQ(ub.quote, "q");
	p = framed(mw_encode_remote_hub_request(b1, CAP, &l1, &ra),
	    MW_T_REMOTE_HUB_REQUEST, &n);
	OK(mw_decode_remote_hub_request(p, n, &rb));
	STREQ(rb.text, "1.2");
	p = framed(mw_encode_update_info(b1, CAP, &l1, &ia),
	    MW_T_UPDATE_INFO, &n);
	OK(mw_decode_update_info(p, n, &ib));
	EQ(memcmp(&ia, &ib, sizeof(ia)), 0);
	p = framed(mw_encode_remote_hub_list(b1, CAP, &l1, h, 2),
	    MW_T_REMOTE_HUB_LIST, &n);
	OK(mw_decode_remote_hub_list(p, n, &it));
	for (i = 0; mw_remote_hub_list_next(&it, &hb) == 1; i++) {
		EQ(hb.hub_id, h[i].hub_id);
		EQ(hb.host, h[i].host);
		EQ(hb.port, h[i].port);
	}
	EQ(i, 2);
	p = framed(mw_encode_remote_hub_list(b1, CAP, &l1, h, 0),
	    MW_T_REMOTE_HUB_LIST, &n);
	OK(mw_decode_remote_hub_list(p, n, &it));
	EQ(it.count, 0);
}

static void
t_server_message(void **state)
{
	struct mw_server_message	a = { 14, "Your account has been "
	    "locked", 128 }, b;
	const uint8_t			*p;
	size_t				n;

	(void)state;
	p = framed(mw_encode_server_message(b1, CAP, &l1, &a),
	    MW_T_SERVER_MESSAGE, &n);
	EQ(n, 132);
	OK(mw_decode_server_message(p, n, &b));
	EQ(b.code, 14);
	EQ(b.pad_to, 128);
	STREQ(b.text, a.text);
	again(mw_encode_server_message(b2, CAP, &l2, &b));
	a.pad_to = 0;
	p = framed(mw_encode_server_message(b1, CAP, &l1, &a),
	    MW_T_SERVER_MESSAGE, &n);
	EQ(n, 4 + strlen(a.text) + 1);
}

static void
t_obsolete(void **state)
{
	static const uint8_t	data[5] = { 1, 2, 3, 4, 5 };
	struct mw_url		ua = { 1, "see", "http://x" }, ub;
	struct mw_data_chunk	ca = { 1, 2, 3, data, 5 }, cb;
	const uint8_t		*p;
	size_t			n;

	(void)state;
	p = framed(mw_encode_url(b1, CAP, &l1, &ua), MW_T_URL, &n);
	OK(mw_decode_url(p, n, &ub));
	EQ(ub.kind, 1);
	STREQ(ub.message, "see");
	STREQ(ub.url, "http://x");
	p = framed(mw_encode_data_chunk(b1, CAP, &l1, &ca), MW_T_DATA_CHUNK,
	    &n);
	OK(mw_decode_data_chunk(p, n, &cb));
	EQ(cb.flags, 1);
	EQ(cb.type, 2);
	EQ(cb.offset, 3);
	EQ(cb.length, 5);
	EQ(memcmp(cb.data, data, 5), 0);
	p = framed(mw_encode_data_chunk_reply(b1, CAP, &l1, &ca),
	    MW_T_DATA_CHUNK_REPLY, &n);
	OK(mw_decode_data_chunk_reply(p, n, &cb));
	again(mw_encode_data_chunk_reply(b2, CAP, &l2, &cb));
}

static void
t_login_packets(void **state)
{
	struct mw_password_challenge	ca = { 4, { 9, 8, 7 } }, cb;
	struct mw_user_successful_login	sa = { 1073741824, 0, 0, { 1, 2 } };
	struct mw_user_successful_login	sb;
	struct mw_version_control	va = { 1, 2, 3, 0 }, vb;
	struct mw_session_key		ka = { { 1, 2, 3, 4, 5, 6, 7, 8 } }, kb;
	const uint8_t			*p;
	size_t				n;

	(void)state;
	p = framed(mw_encode_password_challenge(b1, CAP, &l1, &ca),
	    MW_T_PASSWORD_CHALLENGE, &n);
	OK(mw_decode_password_challenge(p, n, &cb));
	EQ(memcmp(&ca, &cb, sizeof(ca)), 0);
	p = framed(mw_encode_user_successful_login(b1, CAP, &l1, &sa),
	    MW_T_USER_SUCCESSFUL_LOGIN, &n);
	OK(mw_decode_user_successful_login(p, n, &sb));
	EQ(memcmp(&sa, &sb, sizeof(sa)), 0);
	p = framed(mw_encode_version_control(b1, CAP, &l1, &va),
	    MW_T_VERSION_CONTROL, &n);
	OK(mw_decode_version_control(p, n, &vb));
	EQ(memcmp(&va, &vb, sizeof(va)), 0);
	p = framed(mw_encode_session_key(b1, CAP, &l1, &ka),
	    MW_T_SESSION_KEY, &n);
	OK(mw_decode_session_key(p, n, &kb));
	EQ(memcmp(&ka, &kb, sizeof(ka)), 0);
}

static void
login_dialect(enum mw_dialect d, size_t want_len)
{
	struct mw_login	a, b;
	const uint8_t	*p;
	size_t		n;

	memset(&a, 0, sizeof(a));
	a.metaserver_version = 3;
	a.platform_type = d == MW_DIALECT_MYTH ? 201 : 1;
	a.flags = 1;
	a.user_id = 5;
	a.max_authentication = 4;
	strcpy(a.application, d == MW_DIALECT_MYTH ? "MYTH2" : "MARATHON");
	strcpy(a.build_date, "Feb  2 2002");
	strcpy(a.build_time, "01:02:03");
	strcpy(a.username, "abcdefghijklmnopqrstuvwxyz01234");
	a.player = pd_a;
	a.country_code = d == MW_DIALECT_MYTH ? 49 : 0;
	p = framed(mw_encode_login(b1, CAP, &l1, d, &a), MW_T_LOGIN, &n);
	EQ(n, want_len);
	EQ(mw_login_dialect(p, n), d);
	OK(mw_decode_login(p, n, d, &b));
	EQ(b.metaserver_version, 3);
	EQ(b.platform_type, a.platform_type);
	EQ(b.flags, 1);
	EQ(b.user_id, 5);
	EQ(b.max_authentication, 4);
	EQ(b.player_data_size, PD_A_SIZE);
	STREQ(b.application, a.application);
	STREQ(b.build_date, a.build_date);
	STREQ(b.build_time, a.build_time);
	STREQ(b.username, a.username);
	EQ(b.country_code, a.country_code);
	same_pd(&b.player, &a.player);
	again(mw_encode_login(b2, CAP, &l2, d, &b));
}

static void
t_login_myth(void **state)
{
	(void)state;
	login_dialect(MW_DIALECT_MYTH, MW_MYTH_LOGIN_SIZE);
}

static void
t_login_alephone(void **state)
{
	(void)state;
	login_dialect(MW_DIALECT_ALEPHONE, MW_A1_LOGIN_FIXED + PD_A_SIZE);
}

static void
t_password_response(void **state)
{
	struct mw_password_response	a, b;
	const uint8_t			*p;
	size_t				n;

	(void)state;
	memset(&a, 0, sizeof(a));
	memcpy(a.key, "fifteen-chars-x", 15);
	p = framed(mw_encode_password_response(b1, CAP, &l1, MW_DIALECT_MYTH,
	    &a), MW_T_PASSWORD_RESPONSE, &n);
	EQ(n, 16);
	OK(mw_decode_password_response(p, n, MW_DIALECT_MYTH, &b));
	STREQ(b.text, "fifteen-chars-x");
	EQ(memcmp(a.key, b.key, sizeof(a.key)), 0);
	memcpy(a.key, "sixteen-chars-xy", 16);
	p = framed(mw_encode_password_response(b1, CAP, &l1,
	    MW_DIALECT_ALEPHONE, &a), MW_T_PASSWORD_RESPONSE, &n);
	EQ(n, 16);
	OK(mw_decode_password_response(p, n, MW_DIALECT_ALEPHONE, &b));
	STREQ(b.text, "sixteen-chars-xy");
	EQ(memcmp(a.key, b.key, sizeof(a.key)), 0);
	EQ(mw_encode_password_response(b1, CAP, &l1, MW_DIALECT_MYTH, &a),
	    MW_E_RANGE);
}

static void
t_room_packets(void **state)
{
	struct mw_room_login_successful	sa = { 7, 40 }, sb;
	struct mw_proxy_client_join	ja = { 61003, "10.1.2.3", { 1 } }, jb;
	struct mw_room_login		ra = { { 5, 6 }, "guest" }, rb;
	struct mw_change_room		ca = { -2 }, cb;
	const uint8_t			*p;
	size_t				n;

	(void)state;
	p = framed(mw_encode_room_login_successful(b1, CAP, &l1, &sa),
	    MW_T_ROOM_LOGIN_SUCCESSFUL, &n);
	OK(mw_decode_room_login_successful(p, n, &sb));
	EQ(sb.user_id, 7);
	EQ(sb.maximum_players_per_room, 40);
	p = framed(mw_encode_proxy_client_join(b1, CAP, &l1, &ja),
	    MW_T_PROXY_CLIENT_JOIN, &n);
	EQ(n, 66);
	OK(mw_decode_proxy_client_join(p, n, &jb));
	EQ(memcmp(&ja, &jb, sizeof(ja)), 0);
	p = framed(mw_encode_room_login(b1, CAP, &l1, &ra), MW_T_ROOM_LOGIN,
	    &n);
	OK(mw_decode_room_login(p, n, &rb));
	EQ(memcmp(ra.token, rb.token, sizeof(ra.token)), 0);
	STREQ(rb.name, "guest");
	p = framed(mw_encode_change_room(b1, CAP, &l1, &ca),
	    MW_T_CHANGE_ROOM, &n);
	OK(mw_decode_change_room(p, n, &cb));
	EQ(cb.room_id, -2);
}

static void
t_text_packets(void **state)
{
	struct mw_text	a = { "|bWelcome|p to the room" }, b;
	const uint8_t	*p;
	size_t		n;

	(void)state;
	p = framed(mw_encode_message_of_the_day(b1, CAP, &l1, &a),
	    MW_T_MESSAGE_OF_THE_DAY, &n);
	OK(mw_decode_message_of_the_day(p, n, &b));
	STREQ(b.text, a.text);
	p = framed(mw_encode_you_just_got_blammed_sucka(b1, CAP, &l1, &a),
	    MW_T_YOU_JUST_GOT_BLAMMED_SUCKA, &n);
	OK(mw_decode_you_just_got_blammed_sucka(p, n, &b));
	STREQ(b.text, a.text);
}

/* 107: Aleph One carries a session id, Myth does not (16.1 item 11) */
static void
t_set_player_mode(void **state)
{
	static const uint8_t		sid[4] = { 0xde, 0xad, 0, 1 };
	struct mw_set_player_mode	a = { 1, sid, 4 }, b;
	const uint8_t			*p;
	size_t				n;

	(void)state;
	p = framed(mw_encode_set_player_mode(b1, CAP, &l1,
	    MW_DIALECT_ALEPHONE, &a), MW_T_SET_PLAYER_MODE, &n);
	EQ(n, 6);
	OK(mw_decode_set_player_mode(p, n, MW_DIALECT_ALEPHONE, &b));
	EQ(b.mode, 1);
	EQ(b.session_id_len, 4);
	EQ(memcmp(b.session_id, sid, 4), 0);
	OK(mw_decode_set_player_mode(p, n, MW_DIALECT_MYTH, &b));
	EQ(b.session_id_len, 0);
	p = framed(mw_encode_set_player_mode(b1, CAP, &l1, MW_DIALECT_MYTH,
	    &a), MW_T_SET_PLAYER_MODE, &n);
	EQ(n, 2);
	OK(mw_decode_set_player_mode(p, n, MW_DIALECT_MYTH, &b));
	EQ(b.mode, 1);
}

static void
t_chat(void **state)
{
	struct mw_chat		a = { 0, 0, { 1, 2, 3, 13 }, 1, 42, 43,
	    "Sender", "a message" }, b;
	struct mw_directed_data	da, db;
	const uint8_t		*p;
	size_t			n;

	(void)state;
	a.length = mw_chat_blob_length(&a);
	EQ(a.length, 24 + 7 + 10);
	p = framed(mw_encode_room_broadcast(b1, CAP, &l1, &a),
	    MW_T_ROOM_BROADCAST, &n);
	OK(mw_decode_room_broadcast(p, n, &b));
	EQ(b.length, a.length);
	EQ(b.color.flags, 13);
	EQ(b.selected_player_id, 43);
	STREQ(b.sender, "Sender");
	STREQ(b.message, "a message");
	again(mw_encode_room_broadcast(b2, CAP, &l2, &b));
	da.target_player_id = 43;
	da.local_echo = 1;
	da.chat = a;
	p = framed(mw_encode_directed_data(b1, CAP, &l1, &da),
	    MW_T_DIRECTED_DATA, &n);
	OK(mw_decode_directed_data(p, n, &db));
	EQ(db.target_player_id, 43);
	EQ(db.local_echo, 1);
	STREQ(db.chat.message, "a message");
	again(mw_encode_directed_data(b2, CAP, &l2, &db));
}

static uint8_t	game_data[MW_GAME_DATA_MAX];
static size_t	game_data_len;

static void
make_game_data(void)
{
	static uint8_t		plugins[MW_PLUGIN_DATA_SIZE];
	struct mw_game_desc	g = { 3, 5, 0x40000001, -1, 0x6d617031, 4,
	    16, 7, -1, 99, 60, 2, plugins, (int32_t)0xC136E436, 5, 0x11, 3,
	    "Game", "Map" };
	struct mw_game_desc	h;
	size_t			n;

	fill(plugins, sizeof(plugins), 9);
	OK(mw_encode_game_data(game_data, sizeof(game_data), &game_data_len,
	    &g));
	EQ(game_data_len, MW_GAME_DATA_FIXED + 5 + 4);
	OK(mw_decode_game_data(game_data, game_data_len, &h));
	EQ(h.option_flags, 0x40000001);
	EQ(h.maximum_teams, -1);
	EQ(h.public_tags_checksum, (int32_t)0xC136E436);
	EQ(memcmp(h.plugin_data, plugins, sizeof(plugins)), 0);
	STREQ(h.map_name, "Map");
	OK(mw_encode_game_data(b2, CAP, &n, &h));
	EQ(n, game_data_len);
	EQ(memcmp(b2, game_data, n), 0);
}

static void
t_game_list(void **state)
{
	static const uint16_t	types[] = { MW_T_GAME_LIST,
	    MW_T_GAME_LIST_PREF };
	struct mw_game_entry	a[2], b[2];
	struct mw_iter		it;
	const uint8_t		*p;
	size_t			n, i, t;

	(void)state;
	make_game_data();
	memset(a, 0, sizeof(a));
	a[0].aux = (struct mw_game_aux){ 42, 0xcb007107, 3453, 2, 0, 600,
	    42, 0 };
	a[0].data = game_data;
	a[0].data_len = game_data_len;
	a[1].aux = (struct mw_game_aux){ 43, 1, 2, 1, 0, -1, 43, 0 };
	for (t = 0; t < N(types); t++) {
		p = framed(mw_encode_game_list(b1, CAP, &l1, types[t], a, 2),
		    types[t], &n);
		OK(mw_decode_game_list(p, n, types[t], &it));
		for (i = 0; i < 2; i++) {
			assert_int_equal(mw_game_list_next(&it, &b[i]), 1);
			EQ(b[i].aux.game_id, a[i].aux.game_id);
			EQ(b[i].aux.host, a[i].aux.host);
			EQ(b[i].aux.verb, a[i].aux.verb);
			EQ(b[i].aux.seconds_remaining,
			    a[i].aux.seconds_remaining);
			EQ(b[i].data_len, a[i].data_len);
		}
		EQ(memcmp(b[0].data, game_data, game_data_len), 0);
		again(mw_encode_game_list(b2, CAP, &l2, types[t], b, 2));
	}
}

static void
t_create_and_start(void **state)
{
	struct mw_create_game	ca = { 6000, 3, NULL, 0 }, cb;
	struct mw_start_game	sa = { INT32_MIN }, sb;
	const uint8_t		*p;
	size_t			n;

	(void)state;
	make_game_data();
	ca.data = game_data;
	ca.data_len = game_data_len;
	p = framed(mw_encode_create_game(b1, CAP, &l1, &ca),
	    MW_T_CREATE_GAME, &n);
	OK(mw_decode_create_game(p, n, &cb));
	EQ(cb.port, 6000);
	EQ(cb.order, 3);
	EQ(cb.data_len, game_data_len);
	again(mw_encode_create_game(b2, CAP, &l2, &cb));
	p = framed(mw_encode_start_game(b1, CAP, &l1, &sa), MW_T_START_GAME,
	    &n);
	OK(mw_decode_start_game(p, n, &sb));
	EQ(sb.time, INT32_MIN);
	EQ(mw_start_game_seconds(&sb, MW_DIALECT_ALEPHONE), -1);
	sb.time = 0;
	EQ(mw_start_game_seconds(&sb, MW_DIALECT_MYTH), -1);
	sb.time = 54000;
	EQ(mw_start_game_seconds(&sb, MW_DIALECT_ALEPHONE), 1800);
	EQ(mw_start_game_seconds(&sb, MW_DIALECT_MYTH), 54000);
}

static void
t_game_player_list_and_score(void **state)
{
	static const int32_t		ids[3] = { 1, -2, 3 };
	static struct mw_game_score	a, b;
	struct mw_score_player		sp[16], got;
	struct mw_game_player_list	g;
	int32_t				id;
	const uint8_t			*p;
	size_t				n, i;

	(void)state;
	p = framed(mw_encode_game_player_list(b1, CAP, &l1, 9, ids, 3),
	    MW_T_GAME_PLAYER_LIST, &n);
	OK(mw_decode_game_player_list(p, n, &g));
	EQ(g.game_id, 9);
	for (i = 0; mw_game_player_next(&g.players, &id) == 1; i++)
		EQ(id, ids[i]);
	EQ(i, 3);
	fill(&a, offsetof(struct mw_game_score, players), 5);
	fill(sp, sizeof(sp), 11);
	a.player_v = sp;
	a.player_n = 16;
	p = framed(mw_encode_game_score(b1, CAP, &l1, &a), MW_T_GAME_SCORE,
	    &n);
	EQ(n, 668);
	OK(mw_decode_game_score(p, n, &b));
	EQ(b.game_id, a.game_id);
	EQ(b.number_of_teams, a.number_of_teams);
	EQ(b.teams[15].time_of_elimination, a.teams[15].time_of_elimination);
	EQ(b.players.count, 16);
	for (i = 0; mw_score_player_next(&b.players, &got) == 1; i++)
		EQ(memcmp(&got, &sp[i], sizeof(got)), 0);
	EQ(i, 16);
}

static void
t_game_search_query(void **state)
{
	struct mw_game_search_query	a = { 1, 2, 0, 1, 2, 0, 1, "g", "" };
	struct mw_game_search_query	b;
	const uint8_t			*p;
	size_t				n;

	(void)state;
	p = framed(mw_encode_game_search_query(b1, CAP, &l1, &a),
	    MW_T_GAME_SEARCH_QUERY, &n);
	EQ(n, 16 + 2 + 1);
	OK(mw_decode_game_search_query(p, n, &b));
	EQ(b.unit_trading, 1);
	EQ(b.enemy_visibility, 1);
	STREQ(b.game_name, "g");
	STREQ(b.map_name, "");
	again(mw_encode_game_search_query(b2, CAP, &l2, &b));
}

static void
t_film(void **state)
{
	static const uint8_t	raw[20] = { 0, 1, 0, 2 };
	struct mw_film_header	ha = { raw, sizeof(raw) }, hb;
	struct mw_film_command	ca = { 28, 1, 2, 300, raw }, cb;
	struct mw_film_end	ea = { 9000 }, eb;
	const uint8_t		*p;
	size_t			n;

	(void)state;
	p = framed(mw_encode_recording_stream_header(b1, CAP, &l1, &ha),
	    MW_T_RECORDING_STREAM_HEADER, &n);
	OK(mw_decode_recording_stream_header(p, n, &hb));
	EQ(hb.len, sizeof(raw));
	p = framed(mw_encode_recording_stream_command(b1, CAP, &l1, &ca),
	    MW_T_RECORDING_STREAM_COMMAND, &n);
	EQ(n, 28);
	OK(mw_decode_recording_stream_command(p, n, &cb));
	EQ(cb.size, 28);
	EQ(cb.verb, 1);
	EQ(cb.player_index, 2);
	EQ(cb.time, 300);
	EQ(memcmp(cb.details, raw, 20), 0);
	p = framed(mw_encode_recording_stream_end(b1, CAP, &l1, &ea),
	    MW_T_RECORDING_STREAM_END, &n);
	OK(mw_decode_recording_stream_end(p, n, &eb));
	EQ(eb.end_time, 9000);
}

/*
 * t_list_split - 300 players with long names: every packet stays within
 * the Myth limit, nothing is lost or reordered across the split.
 */
static void
t_list_split(void **state)
{
	static uint8_t		stream[64 * 1024];
	struct mw_player_entry	e = { { 0 }, pd_a }, d;
	struct mw_list		l;
	struct mw_frame		f;
	struct mw_iter		it;
	size_t			off = 0, len, pkts = 0, got = 0, per;
	uint32_t		id;
	int			rc;

	(void)state;
	OK(mw_list_begin(&l, MW_T_PLAYER_LIST, stream, sizeof(stream), 0));
	for (id = 0; id < 300; id++) {
		e.aux.player_id = id;
		if ((rc = mw_list_add_player(&l, &e)) == MW_LIST_FULL) {
			OK(mw_list_end(&l, &len));
			assert_true(len <= MW_MYTH_OUT_MAX);
			off += len;
			OK(mw_list_begin(&l, MW_T_PLAYER_LIST, stream + off,
			    sizeof(stream) - off, 0));
			rc = mw_list_add_player(&l, &e);
		}
		OK(rc);
	}
	OK(mw_list_end(&l, &len));
	off += len;
	for (len = 0; len < off; len += f.size, pkts++) {
		OK(mw_frame_next(stream + len, off - len, NULL, &f));
		assert_true(f.size <= MW_MYTH_OUT_MAX);
		OK(mw_decode_player_list(f.payload, f.len, &it));
		while (mw_player_list_next(&it, &d) == 1)
			EQ(d.aux.player_id, got++);
	}
	EQ(got, 300);
	per = (MW_MYTH_OUT_MAX - MW_HEADER_SIZE) / (24 + PD_A_SIZE);
	EQ(pkts, (300 + per - 1) / per);
}

static void
t_list_limits(void **state)
{
	static uint8_t		buf[2048];
	struct mw_game_entry	g = { { 0 }, game_data, MW_GAME_DATA_MAX };
	struct mw_room		r = { 0 };
	struct mw_list		l;
	size_t			len;

	(void)state;
	OK(mw_list_begin(&l, MW_T_GAME_LIST, buf, sizeof(buf), 200));
	EQ(mw_list_add_game(&l, &g), MW_E_NOSPACE);
	EQ(mw_list_add_room(&l, &r), MW_E_TYPE);
	OK(mw_list_end(&l, &len));
	EQ(len, MW_HEADER_SIZE);
	g.data_len = MW_GAME_DATA_MAX + 1;
	OK(mw_list_begin(&l, MW_T_GAME_LIST, buf, sizeof(buf), 0));
	EQ(mw_list_add_game(&l, &g), MW_E_RANGE);
	EQ(mw_list_begin(&l, MW_T_ROOM_LIST, buf, 20, 0), MW_E_NOSPACE);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(t_empty),
		cmocka_unit_test(t_room_list),
		cmocka_unit_test(t_player_list),
		cmocka_unit_test(t_set_player_data_from_metaserver),
		cmocka_unit_test(t_set_player_data),
		cmocka_unit_test(t_search_lists),
		cmocka_unit_test(t_player_info),
		cmocka_unit_test(t_buddies_and_orders),
		cmocka_unit_test(t_small_player_queries),
		cmocka_unit_test(t_dialect_122_18),
		cmocka_unit_test(t_server_message),
		cmocka_unit_test(t_obsolete),
		cmocka_unit_test(t_login_packets),
		cmocka_unit_test(t_login_myth),
		cmocka_unit_test(t_login_alephone),
		cmocka_unit_test(t_password_response),
		cmocka_unit_test(t_room_packets),
		cmocka_unit_test(t_text_packets),
		cmocka_unit_test(t_set_player_mode),
		cmocka_unit_test(t_chat),
		cmocka_unit_test(t_game_list),
		cmocka_unit_test(t_create_and_start),
		cmocka_unit_test(t_game_player_list_and_score),
		cmocka_unit_test(t_game_search_query),
		cmocka_unit_test(t_film),
		cmocka_unit_test(t_list_split),
		cmocka_unit_test(t_list_limits),
	};

	return cmocka_run_group_tests_name("wire_roundtrip", tests, NULL,
	    NULL);
}
