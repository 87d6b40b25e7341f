/*
 * test_wire_vectors.c - every example packet in tests/vectors (except the
 * cipher ones, which the cipher tests own) is framed, decoded with its
 * decoder and dialect, checked field by field against the values written
 * in the file's comments, re-encoded and compared byte for byte.  A last
 * test fails when a .hex file appears that no test here covers.
 */
#include <sys/types.h>

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wire.h"
#include "tvec.h"

#define N(a)		(sizeof(a) / sizeof((a)[0]))
#define VEC_MAX		4096
#define OUT_CAP		(VEC_MAX + MW_CIPHER_OVERHEAD)

struct vec {
	uint8_t		 bytes[VEC_MAX];
	size_t		 size;		/* whole packet */
	const uint8_t	*p;		/* payload */
	size_t		 n;
};

/* One expected integer field: the expression, its value, the vector's. */
struct fw {
	const char	*name;
	long long	 got;
	long long	 want;
};

struct sw {
	const char	*name;
	const char	*got;
	const char	*want;
};

#define F(expr, val)	{ #expr, (long long)(expr), (long long)(val) }
#define S(expr, val)	{ #expr, (expr), (val) }
#define CHECK_FIELDS(...) do {						\
	const struct fw	f_[] = { __VA_ARGS__ };				\
	check_fields(f_, N(f_));					\
} while (0)
#define CHECK_STRS(...) do {						\
	const struct sw	s_[] = { __VA_ARGS__ };				\
	check_strs(s_, N(s_));						\
} while (0)
#define OK(call) do {							\
	int	rc_ = (call);						\
	if (rc_ != MW_OK)						\
		fail_msg("%s: got %d (%s), want 0", #call, rc_,		\
		    mw_strerror(rc_));					\
} while (0)

static uint8_t	out[OUT_CAP];
static uint8_t	aux_out[OUT_CAP];

static void
check_fields(const struct fw *f, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (f[i].got != f[i].want)
			fail_msg("%s: got %lld, want %lld", f[i].name,
			    f[i].got, f[i].want);
}

static void
check_strs(const struct sw *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (s[i].got == NULL)
			fail_msg("%s: got NULL, want '%s'", s[i].name,
			    s[i].want);
		if (strcmp(s[i].got, s[i].want) != 0)
			fail_msg("%s: got '%s', want '%s'", s[i].name,
			    s[i].got, s[i].want);
	}
}

static void
check_bytes(const char *what, const uint8_t *got, size_t glen,
    const uint8_t *want, size_t wlen)
{
	size_t	i;

	if (glen != wlen)
		fail_msg("%s: got %zu bytes, want %zu", what, glen, wlen);
	for (i = 0; i < wlen; i++)
		if (got[i] != want[i])
			fail_msg("%s: byte %zu got %02x, want %02x", what, i,
			    got[i], want[i]);
}

/* load - read a vector and frame it; it must be exactly one packet */
static void
load(struct vec *v, const char *file, uint16_t type)
{
	struct mw_frame	 f;

	v->size = tvec_load(file, v->bytes, VEC_MAX);
	OK(mw_frame_next(v->bytes, v->size, NULL, &f));
	CHECK_FIELDS(F(f.type, type), F(f.size, v->size),
	    F(f.len, v->size - MW_HEADER_SIZE));
	v->p = f.payload;
	v->n = f.len;
}

static void
same(const struct vec *v, size_t len)
{
	check_bytes("re-encoded packet", out, len, v->bytes, v->size);
}

static void
check_rgb(const char *what, const struct mw_rgb *c, const struct mw_rgb *w)
{
	const struct fw	f[] = {
		F(c->red, w->red), F(c->green, w->green),
		F(c->blue, w->blue), F(c->flags, w->flags),
	};

	(void)what;
	check_fields(f, N(f));
}

static void
check_pd(const struct mw_player_data *d, const struct mw_player_data *w)
{
	CHECK_FIELDS(F(d->coat_of_arms, w->coat_of_arms),
	    F(d->caste_bitmap, w->caste_bitmap), F(d->state, w->state),
	    F(d->order_index, w->order_index),
	    F(d->game_version, w->game_version),
	    F(d->build_number, w->build_number));
	check_rgb("primary", &d->primary, &w->primary);
	check_rgb("secondary", &d->secondary, &w->secondary);
	CHECK_STRS(S(d->nick, w->nick), S(d->team, w->team));
}

static void
check_aux(const struct mw_player_aux *a, const struct mw_player_aux *w)
{
	CHECK_FIELDS(F(a->verb, w->verb), F(a->flags, w->flags),
	    F(a->ranking, w->ranking), F(a->player_id, w->player_id),
	    F(a->room_id, w->room_id), F(a->caste, w->caste),
	    F(a->player_data_length, w->player_data_length),
	    F(a->order, w->order));
}

/* The player data most Myth vectors carry. */
static const struct mw_player_data knight = {
	.coat_of_arms = 3, .caste_bitmap = 0, .state = 0,
	.primary = { 65280, 0, 0, 0 }, .secondary = { 0, 0, 65280, 0 },
	.order_index = -1, .game_version = 2180, .build_number = 428,
	.nick = "|bKnight", .team = "Legion",
};

static const struct mw_player_data guest_bob = {
	.coat_of_arms = 0, .caste_bitmap = 0, .state = 0,
	.primary = { 0, 65280, 0, 0 }, .secondary = { 0, 0, 0, 0 },
	.order_index = -1, .game_version = 2180, .build_number = 428,
	.nick = "Guest Bob", .team = "",
};

static const uint8_t token_a0[MW_TOKEN_SIZE] = {
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa,
	0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5,
	0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
};

static const uint8_t zero512[MW_PLUGIN_DATA_SIZE];

/* The game description of create_game.hex and game_list_add.hex. */
static void
check_knights_game(const uint8_t *data, size_t len)
{
	struct mw_game_desc	g;
	size_t			n;

	OK(mw_decode_game_data(data, len, &g));
	CHECK_FIELDS(F(g.type, 0), F(g.scoring, 0),
	    F(g.option_flags, 16386), F(g.time_limit, 36000),
	    F(g.scenario_tag, 1835102257), F(g.difficulty_level, 2),
	    F(g.maximum_players, 8), F(g.initial_team_random_seed, 0),
	    F(g.maximum_teams, 4), F(g.random_seed, 305419896),
	    F(g.pregame_time_limit, 3600), F(g.plugin_count, 0),
	    F(g.public_tags_checksum, 16909060),
	    F(g.private_tags_checksum, 84281096), F(g.flags, 0),
	    F(g.player_count, 2));
	check_bytes("plugin_data", g.plugin_data, MW_PLUGIN_DATA_SIZE,
	    zero512, sizeof(zero512));
	CHECK_STRS(S(g.game_name, "Knight's game"),
	    S(g.map_name, "Forest Heart"));
	OK(mw_encode_game_data(aux_out, sizeof(aux_out), &n, &g));
	check_bytes("re-encoded game data", aux_out, n, data, len);
}

static void
t_blammed(void **state)
{
	struct vec	v;
	struct mw_text	t;
	size_t		len;

	(void)state;
	load(&v, "blammed.hex", MW_T_YOU_JUST_GOT_BLAMMED_SUCKA);
	OK(mw_decode_you_just_got_blammed_sucka(v.p, v.n, &t));
	CHECK_STRS(S(t.text, "Client ID 77 kicked by ID 42 for spam."));
	OK(mw_encode_you_just_got_blammed_sucka(out, sizeof(out), &len, &t));
	same(&v, len);
}

static void
t_chat(void **state)
{
	struct vec	v;
	struct mw_chat	c;
	size_t		len;

	(void)state;
	load(&v, "chat.hex", MW_T_ROOM_BROADCAST);
	OK(mw_decode_room_broadcast(v.p, v.n, &c));
	CHECK_FIELDS(F(c.type, 0), F(c.length, 44), F(c.color.red, 65535),
	    F(c.color.green, 0), F(c.color.blue, 0), F(c.color.flags, 0),
	    F(c.flags, 0), F(c.player_id, 42), F(c.selected_player_id, 0),
	    F(mw_chat_blob_length(&c), 44));
	CHECK_STRS(S(c.sender, "|bKnight"), S(c.message, "hello room"));
	OK(mw_encode_room_broadcast(out, sizeof(out), &len, &c));
	same(&v, len);
}

static void
t_create_game(void **state)
{
	struct vec		v;
	struct mw_create_game	c;
	size_t			len;

	(void)state;
	load(&v, "create_game.hex", MW_T_CREATE_GAME);
	OK(mw_decode_create_game(v.p, v.n, &c));
	CHECK_FIELDS(F(c.port, 3453), F(c.order, 0), F(c.data_len, 595));
	check_knights_game(c.data, c.data_len);
	OK(mw_encode_create_game(out, sizeof(out), &len, &c));
	same(&v, len);
}

static void
t_directed_data(void **state)
{
	struct vec		v;
	struct mw_directed_data	d;
	size_t			len;

	(void)state;
	load(&v, "directed_data.hex", MW_T_DIRECTED_DATA);
	OK(mw_decode_directed_data(v.p, v.n, &d));
	CHECK_FIELDS(F(d.target_player_id, 1073741824), F(d.local_echo, 1),
	    F(d.chat.type, 0), F(d.chat.length, 38),
	    F(d.chat.color.red, 65535), F(d.chat.color.green, 0),
	    F(d.chat.color.blue, 0), F(d.chat.color.flags, 0),
	    F(d.chat.flags, 1), F(d.chat.player_id, 42),
	    F(d.chat.selected_player_id, 1073741824));
	CHECK_STRS(S(d.chat.sender, "|bKnight"), S(d.chat.message, "psst"));
	OK(mw_encode_directed_data(out, sizeof(out), &len, &d));
	same(&v, len);
}

static void
server_message(const char *file, int32_t code, const char *text)
{
	struct vec			v;
	struct mw_server_message	m;
	size_t				len;

	load(&v, file, MW_T_SERVER_MESSAGE);
	OK(mw_decode_server_message(v.p, v.n, &m));
	CHECK_FIELDS(F(m.code, code), F(m.pad_to, 0));
	CHECK_STRS(S(m.text, text));
	OK(mw_encode_server_message(out, sizeof(out), &len, &m));
	same(&v, len);
}

static void
t_error_bad_user(void **state)
{
	(void)state;
	server_message("error_bad_user.hex", MW_MSG_BAD_USER_OR_PASSWORD,
	    "Login failed (Bad user or Password).");
}

static void
t_error_invalid_version(void **state)
{
	(void)state;
	server_message("error_invalid_version.hex", MW_MSG_INVALID_VERSION,
	    "Login failed (Invalid Game Version number).");
}

static void
t_server_message_login_successful(void **state)
{
	(void)state;
	server_message("server_message_login_successful.hex",
	    MW_MSG_LOGIN_SUCCESSFUL, "User logged in.");
}

static void
t_game_list_add(void **state)
{
	struct vec		v;
	struct mw_iter		it;
	struct mw_game_entry	e;
	size_t			len;

	(void)state;
	load(&v, "game_list_add.hex", MW_T_GAME_LIST);
	OK(mw_decode_game_list(v.p, v.n, MW_T_GAME_LIST, &it));
	CHECK_FIELDS(F(it.count, 1));
	assert_int_equal(mw_game_list_next(&it, &e), 1);
	CHECK_FIELDS(F(e.aux.game_id, 42), F(e.aux.host, 0xCB007107),
	    F(e.aux.port, 3453), F(e.aux.verb, MW_VERB_ADD),
	    F(e.aux.game_version, 0), F(e.aux.seconds_remaining, -1),
	    F(e.aux.creating_player_id, 42), F(e.aux.game_data_size, 595),
	    F(e.data_len, 595));
	check_knights_game(e.data, e.data_len);
	assert_int_equal(mw_game_list_next(&it, &e), 0);
	OK(mw_encode_game_list(out, sizeof(out), &len, MW_T_GAME_LIST, &e,
	    1));
	same(&v, len);
}

static void
t_game_player_list(void **state)
{
	static const int32_t		want[] = { 42, 1073741824 };
	struct vec			v;
	struct mw_game_player_list	g;
	int32_t				id, got[N(want)];
	size_t				len, i = 0;

	(void)state;
	load(&v, "game_player_list.hex", MW_T_GAME_PLAYER_LIST);
	OK(mw_decode_game_player_list(v.p, v.n, &g));
	CHECK_FIELDS(F(g.game_id, 42), F(g.players.count, N(want)));
	while (mw_game_player_next(&g.players, &id) == 1) {
		assert_true(i < N(want));
		got[i++] = id;
	}
	CHECK_FIELDS(F(i, 2), F(got[0], want[0]), F(got[1], want[1]));
	OK(mw_encode_game_player_list(out, sizeof(out), &len, g.game_id,
	    got, i));
	same(&v, len);
}

static void
check_score_player(const struct mw_score_player *g,
    const struct mw_score_player *w)
{
	CHECK_FIELDS(F(g->team_index, w->team_index),
	    F(g->player_finished_game_flag, w->player_finished_game_flag),
	    F(g->time_played, w->time_played),
	    F(g->units_killed, w->units_killed),
	    F(g->units_lost, w->units_lost),
	    F(g->points_killed, w->points_killed),
	    F(g->points_lost, w->points_lost),
	    F(g->bungie_net_player_id, w->bungie_net_player_id));
}

static void
check_teams(const struct mw_score_team *t)
{
	static const struct mw_score_team	want[2] = {
		{ 0, 0, 1, 0, 0 }, { 1, 1, 1, 1, 20000 },
	};
	static const struct mw_score_team	empty_team;
	const struct mw_score_team		*w;
	size_t					i;

	for (i = 0; i < MW_SCORE_TEAMS; i++, t++) {
		w = i < N(want) ? &want[i] : &empty_team;
		CHECK_FIELDS(F(t->place, w->place),
		    F(t->captain_player_index, w->captain_player_index),
		    F(t->team_valid_flag, w->team_valid_flag),
		    F(t->team_eliminated_flag, w->team_eliminated_flag),
		    F(t->time_of_elimination, w->time_of_elimination));
	}
}

static void
t_game_score(void **state)
{
	static const struct mw_score_player	want[2] = {
		{ 0, 1, 21000, 30, 5, 900, 150, 42 },
		{ 1, 1, 21000, 5, 30, 150, 900, 1073741824 },
	};
	struct vec				v;
	struct mw_game_score			s;
	struct mw_score_player			got[2];
	size_t					len, i;

	(void)state;
	load(&v, "game_score.hex", MW_T_GAME_SCORE);
	OK(mw_decode_game_score(v.p, v.n, &s));
	CHECK_FIELDS(F(s.game_id, 42), F(s.game_ended_code, 0),
	    F(s.game_scoring, 0), F(s.game_version, 2180),
	    F(s.time_limit, 36000), F(s.actual_time_elapsed, 21000),
	    F(s.reporting_player_id, 42), F(s.number_of_players, 2),
	    F(s.number_of_teams, 2), F(s.players.count, 2));
	check_teams(s.teams);
	for (i = 0; i < N(got) && mw_score_player_next(&s.players,
	    &got[i]) == 1; i++)
		check_score_player(&got[i], &want[i]);
	CHECK_FIELDS(F(i, 2));
	assert_int_equal(mw_score_player_next(&s.players, &got[0]), 0);
	s.player_v = got;
	s.player_n = i;
	OK(mw_encode_game_score(out, sizeof(out), &len, &s));
	same(&v, len);
}

/* empty - the vectors of packets without payload */
static void
empty(const char *file, uint16_t type,
    int (*dec)(const uint8_t *, size_t),
    int (*enc)(uint8_t *, size_t, size_t *))
{
	struct vec	v;
	size_t		len;

	load(&v, file, type);
	OK(dec(v.p, v.n));
	OK(enc(out, sizeof(out), &len));
	same(&v, len);
}

static void
t_keepalive(void **state)
{
	(void)state;
	empty("keepalive.hex", MW_T_KEEPALIVE, mw_decode_keepalive,
	    mw_encode_keepalive);
}

static void
t_remove_game(void **state)
{
	(void)state;
	empty("remove_game.hex", MW_T_REMOVE_GAME, mw_decode_remove_game,
	    mw_encode_remove_game);
}

static void
t_send_versions(void **state)
{
	(void)state;
	empty("send_versions.hex", MW_T_SEND_VERSIONS,
	    mw_decode_send_versions, mw_encode_send_versions);
}

static void
t_login_alephone(void **state)
{
	static const struct mw_player_data	want = {
		.coat_of_arms = 0, .caste_bitmap = 0, .state = 0,
		.primary = { 65535, 49152, 0, 0 },
		.secondary = { 0, 32768, 65535, 0 },
		.order_index = 0, .game_version = 5000, .build_number = 0,
		.nick = "Durandal", .team = "Red",
	};
	struct vec		v;
	struct mw_login		l;
	size_t			len;

	(void)state;
	load(&v, "login_alephone.hex", MW_T_LOGIN);
	CHECK_FIELDS(F(mw_login_dialect(v.p, v.n), MW_DIALECT_ALEPHONE));
	OK(mw_decode_login(v.p, v.n, MW_DIALECT_ALEPHONE, &l));
	CHECK_FIELDS(F(l.platform_type, 4), F(l.metaserver_version, 0),
	    F(l.flags, 1), F(l.user_id, 0), F(l.max_authentication, 4),
	    F(l.player_data_size, 51));
	CHECK_STRS(S(l.application, "MARATHON"),
	    S(l.build_date, "Jan  1 2024"), S(l.build_time, "12:00:00"),
	    S(l.username, "durandal"));
	check_pd(&l.player, &want);
	OK(mw_encode_login(out, sizeof(out), &len, MW_DIALECT_ALEPHONE, &l));
	same(&v, len);
}

static void
t_login_myth(void **state)
{
	struct vec	v;
	struct mw_login	l;
	size_t		len;

	(void)state;
	load(&v, "login_myth.hex", MW_T_LOGIN);
	CHECK_FIELDS(F(mw_login_dialect(v.p, v.n), MW_DIALECT_MYTH));
	OK(mw_decode_login(v.p, v.n, MW_DIALECT_MYTH, &l));
	CHECK_FIELDS(F(l.metaserver_version, 0), F(l.platform_type, 201),
	    F(l.flags, 1), F(l.user_id, 0), F(l.max_authentication, 1),
	    F(l.player_data_size, 54), F(l.country_code, 0));
	CHECK_STRS(S(l.application, "MYTH2"),
	    S(l.build_date, "Jan  1 2020"), S(l.build_time, "12:00:00"),
	    S(l.username, "knight"));
	check_pd(&l.player, &knight);
	OK(mw_encode_login(out, sizeof(out), &len, MW_DIALECT_MYTH, &l));
	same(&v, len);
}

static void
t_motd(void **state)
{
	struct vec	v;
	struct mw_text	t;
	size_t		len;

	(void)state;
	load(&v, "motd.hex", MW_T_MESSAGE_OF_THE_DAY);
	OK(mw_decode_message_of_the_day(v.p, v.n, &t));
	CHECK_STRS(S(t.text, "Welcome! Type .help for commands."));
	OK(mw_encode_message_of_the_day(out, sizeof(out), &len, &t));
	same(&v, len);
}

static void
challenge(const char *file, int16_t type, const uint8_t *salt)
{
	struct vec			v;
	struct mw_password_challenge	c;
	size_t				len;

	load(&v, file, MW_T_PASSWORD_CHALLENGE);
	OK(mw_decode_password_challenge(v.p, v.n, &c));
	CHECK_FIELDS(F(c.authentication_type, type));
	check_bytes("salt", c.salt, sizeof(c.salt), salt, MW_SALT_SIZE);
	OK(mw_encode_password_challenge(out, sizeof(out), &len, &c));
	same(&v, len);
}

static void
t_password_challenge(void **state)
{
	static const uint8_t	zero[MW_SALT_SIZE];

	(void)state;
	challenge("password_challenge.hex", 0, zero);
}

static void
t_password_challenge_alephone(void **state)
{
	static const uint8_t	salt[MW_SALT_SIZE] = {
		0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
		0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
	};

	(void)state;
	challenge("password_challenge_alephone.hex", 4, salt);
}

static void
t_password_response_myth(void **state)
{
	static const uint8_t		key[MW_KEY_SIZE] = "secret";
	struct vec			v;
	struct mw_password_response	r;
	size_t				len;

	(void)state;
	load(&v, "password_response_myth.hex", MW_T_PASSWORD_RESPONSE);
	OK(mw_decode_password_response(v.p, v.n, MW_DIALECT_MYTH, &r));
	CHECK_STRS(S(r.text, "secret"));
	check_bytes("key", r.key, sizeof(r.key), key, sizeof(key));
	OK(mw_encode_password_response(out, sizeof(out), &len,
	    MW_DIALECT_MYTH, &r));
	same(&v, len);
}

static void
t_password_response_simple(void **state)
{
	static const uint8_t		key[MW_KEY_SIZE] = {
		0x63, 0x1a, 0xa3, 0x8a, 0x63, 0x1a, 0xe5, 0x51,
		0x91, 0xf8, 0x67, 0x25, 0x8d, 0x54, 0x0b, 0x0d,
	};
	struct vec			v;
	struct mw_password_response	r;
	size_t				len;

	(void)state;
	load(&v, "password_response_simple.hex", MW_T_PASSWORD_RESPONSE);
	OK(mw_decode_password_response(v.p, v.n, MW_DIALECT_ALEPHONE, &r));
	check_bytes("key", r.key, sizeof(r.key), key, sizeof(key));
	CHECK_FIELDS(F(strlen(r.text), 16));
	OK(mw_encode_password_response(out, sizeof(out), &len,
	    MW_DIALECT_ALEPHONE, &r));
	same(&v, len);
}

static void
t_player_info_query(void **state)
{
	struct vec			v;
	struct mw_player_info_query	q;
	size_t				len;

	(void)state;
	load(&v, "player_info_query.hex", MW_T_PLAYER_INFO_QUERY);
	OK(mw_decode_player_info_query(v.p, v.n, &q));
	CHECK_FIELDS(F(q.player_id, 1073741824));
	OK(mw_encode_player_info_query(out, sizeof(out), &len, &q));
	same(&v, len);
}

/* player_list - decode, check against want/wpd, re-encode with a list */
static void
player_list(const char *file, const struct mw_player_aux *want,
    const struct mw_player_data *const *wpd, size_t n)
{
	struct vec		v;
	struct mw_iter		it;
	struct mw_player_entry	e;
	struct mw_list		l;
	size_t			i, len;

	load(&v, file, MW_T_PLAYER_LIST);
	OK(mw_decode_player_list(v.p, v.n, &it));
	CHECK_FIELDS(F(it.count, n));
	OK(mw_list_begin(&l, MW_T_PLAYER_LIST, out, sizeof(out), 0));
	for (i = 0; mw_player_list_next(&it, &e) == 1; i++) {
		assert_true(i < n);
		check_aux(&e.aux, &want[i]);
		check_pd(&e.data, wpd[i]);
		OK(mw_list_add_player(&l, &e));
	}
	CHECK_FIELDS(F(i, n));
	OK(mw_list_end(&l, &len));
	same(&v, len);
}

static void
t_player_list_add(void **state)
{
	static const struct mw_player_aux	aux[2] = {
		{ .verb = 0, .flags = 0, .ranking = 0, .player_id = 42,
		  .room_id = 0, .caste = 5, .player_data_length = 54,
		  .order = -1 },
		{ .verb = 0, .flags = 0, .ranking = 0,
		  .player_id = 1073741824, .room_id = 0, .caste = -1,
		  .player_data_length = 49, .order = -1 },
	};
	static const struct mw_player_data *const pd[2] = {
		&knight, &guest_bob
	};

	(void)state;
	player_list("player_list_add.hex", aux, pd, 2);
}

static void
t_player_list_delete(void **state)
{
	static const struct mw_player_aux	aux[1] = {
		{ .verb = 1, .flags = 0, .ranking = 0,
		  .player_id = 1073741824, .room_id = 0, .caste = -1,
		  .player_data_length = 49, .order = -1 },
	};
	static const struct mw_player_data *const pd[1] = { &guest_bob };

	(void)state;
	player_list("player_list_delete.hex", aux, pd, 1);
}

static void
t_proxy_client_join(void **state)
{
	static const uint8_t		zero[16];
	struct vec			v;
	struct mw_proxy_client_join	j;
	size_t				len;

	(void)state;
	load(&v, "proxy_client_join.hex", MW_T_PROXY_CLIENT_JOIN);
	OK(mw_decode_proxy_client_join(v.p, v.n, &j));
	CHECK_FIELDS(F(j.port, 61001));
	CHECK_STRS(S(j.host, "198.51.100.20"));
	check_bytes("auth_token", j.auth_token, sizeof(j.auth_token), zero,
	    sizeof(zero));
	OK(mw_encode_proxy_client_join(out, sizeof(out), &len, &j));
	same(&v, len);
}

static void
t_room_list(void **state)
{
	static const struct mw_room	want[2] = {
		{ .room_id = 0, .player_count = 12, .host = 0, .port = 6323,
		  .game_count = 2, .room_type = 0, .room_flags = 1 },
		{ .room_id = 3, .player_count = 4, .host = 0, .port = 6324,
		  .game_count = 0, .room_type = 1, .room_flags = 7 },
	};
	struct vec			v;
	struct mw_iter			it;
	struct mw_room			got[2];
	const struct mw_room		*m, *w;
	size_t				len, i;

	(void)state;
	load(&v, "room_list.hex", MW_T_ROOM_LIST);
	OK(mw_decode_room_list(v.p, v.n, &it));
	CHECK_FIELDS(F(it.count, 2));
	for (i = 0; i < 2; i++) {
		assert_int_equal(mw_room_list_next(&it, &got[i]), 1);
		m = &got[i];
		w = &want[i];
		CHECK_FIELDS(F(m->room_id, w->room_id),
		    F(m->player_count, w->player_count), F(m->host, w->host),
		    F(m->port, w->port), F(m->game_count, w->game_count),
		    F(m->room_type, w->room_type),
		    F(m->room_flags, w->room_flags));
	}
	assert_int_equal(mw_room_list_next(&it, &got[0]), 0);
	OK(mw_encode_room_list(out, sizeof(out), &len, got, 2));
	same(&v, len);
}

static void
t_room_login(void **state)
{
	struct vec		v;
	struct mw_room_login	l;
	size_t			len;

	(void)state;
	load(&v, "room_login.hex", MW_T_ROOM_LOGIN);
	OK(mw_decode_room_login(v.p, v.n, &l));
	check_bytes("token", l.token, sizeof(l.token), token_a0,
	    sizeof(token_a0));
	CHECK_STRS(S(l.name, "knight"));
	OK(mw_encode_room_login(out, sizeof(out), &len, &l));
	same(&v, len);
}

static void
t_room_login_successful(void **state)
{
	struct vec				v;
	struct mw_room_login_successful		s;
	size_t					len;

	(void)state;
	load(&v, "room_login_successful.hex", MW_T_ROOM_LOGIN_SUCCESSFUL);
	OK(mw_decode_room_login_successful(v.p, v.n, &s));
	CHECK_FIELDS(F(s.user_id, 42), F(s.maximum_players_per_room, 999));
	OK(mw_encode_room_login_successful(out, sizeof(out), &len, &s));
	same(&v, len);
}

static void
t_session_key(void **state)
{
	static const uint8_t	key[MW_SESSION_KEY_SIZE] = {
		0xd2, 0x04, 0x20, 0x4e, 0x07, 0x00, 0x00, 0x7d,
	};
	struct vec		v;
	struct mw_session_key	k;
	size_t			len;

	(void)state;
	load(&v, "session_key.hex", MW_T_SESSION_KEY);
	OK(mw_decode_session_key(v.p, v.n, &k));
	check_bytes("public_key", k.key, sizeof(k.key), key, sizeof(key));
	CHECK_FIELDS(F(k.key[0] | k.key[1] << 8, 1234),
	    F(k.key[2] | k.key[3] << 8, 20000),
	    F(k.key[4] | k.key[5] << 8, 7),
	    F(k.key[6] | k.key[7] << 8, 32000));
	OK(mw_encode_session_key(out, sizeof(out), &len, &k));
	same(&v, len);
}

static void
t_set_player_data(void **state)
{
	struct vec		v;
	struct mw_player_data	d;
	size_t			len;

	(void)state;
	load(&v, "set_player_data.hex", MW_T_SET_PLAYER_DATA);
	OK(mw_decode_set_player_data(v.p, v.n, &d));
	check_pd(&d, &knight);
	OK(mw_encode_set_player_data(out, sizeof(out), &len, &d));
	same(&v, len);
}

static void
t_set_player_data_from_metaserver(void **state)
{
	static const struct mw_player_aux	aux = {
		.verb = 0, .flags = 0, .ranking = 0, .player_id = 42,
		.room_id = 0, .caste = -1, .player_data_length = 54,
		.order = -1,
	};
	struct vec			v;
	struct mw_player_entry		e;
	size_t				len;

	(void)state;
	load(&v, "set_player_data_from_metaserver.hex",
	    MW_T_SET_PLAYER_DATA_FROM_METASERVER);
	OK(mw_decode_set_player_data_from_metaserver(v.p, v.n, &e));
	check_aux(&e.aux, &aux);
	check_pd(&e.data, &knight);
	OK(mw_encode_set_player_data_from_metaserver(out, sizeof(out), &len,
	    &e));
	same(&v, len);
}

static void
t_set_player_mode(void **state)
{
	struct vec			v;
	struct mw_set_player_mode	m;
	size_t				len;
	int				d;

	(void)state;
	load(&v, "set_player_mode.hex", MW_T_SET_PLAYER_MODE);
	for (d = MW_DIALECT_MYTH; d <= MW_DIALECT_ALEPHONE; d++) {
		OK(mw_decode_set_player_mode(v.p, v.n, d, &m));
		CHECK_FIELDS(F(m.mode, 1), F(m.session_id_len, 0));
		OK(mw_encode_set_player_mode(out, sizeof(out), &len, d, &m));
		same(&v, len);
	}
}

static void
t_start_game(void **state)
{
	struct vec		v;
	struct mw_start_game	s;
	size_t			len;

	(void)state;
	load(&v, "start_game.hex", MW_T_START_GAME);
	OK(mw_decode_start_game(v.p, v.n, &s));
	CHECK_FIELDS(F(s.time, 1200),
	    F(mw_start_game_seconds(&s, MW_DIALECT_MYTH), 1200),
	    F(mw_start_game_seconds(&s, MW_DIALECT_ALEPHONE), 40));
	OK(mw_encode_start_game(out, sizeof(out), &len, &s));
	same(&v, len);
}

static void
t_user_successful_login(void **state)
{
	struct vec				v;
	struct mw_user_successful_login		s;
	size_t					len;

	(void)state;
	load(&v, "user_successful_login.hex", MW_T_USER_SUCCESSFUL_LOGIN);
	OK(mw_decode_user_successful_login(v.p, v.n, &s));
	CHECK_FIELDS(F(s.user_id, 42), F(s.order, -1), F(s.order_again, -1));
	check_bytes("token", s.token, sizeof(s.token), token_a0,
	    sizeof(token_a0));
	OK(mw_encode_user_successful_login(out, sizeof(out), &len, &s));
	same(&v, len);
}

static void
version_control(const char *file, const struct mw_version_control *w)
{
	struct vec			v;
	struct mw_version_control	c;
	size_t				len;

	load(&v, file, MW_T_VERSION_CONTROL);
	OK(mw_decode_version_control(v.p, v.n, &c));
	CHECK_FIELDS(F(c.platform_type, w->platform_type),
	    F(c.application_version, w->application_version),
	    F(c.patch_number, w->patch_number),
	    F(c.build_number, w->build_number));
	OK(mw_encode_version_control(out, sizeof(out), &len, &c));
	same(&v, len);
}

static void
t_version_control_alephone(void **state)
{
	static const struct mw_version_control	w = { 1, 2, 3, 0 };

	(void)state;
	version_control("version_control_alephone.hex", &w);
}

static void
t_version_control_myth(void **state)
{
	static const struct mw_version_control	w = { 201, 2180, 0, 428 };

	(void)state;
	version_control("version_control_myth.hex", &w);
}

static const struct {
	const char		*file;
	CMUnitTestFunction	 fn;
} vectors[] = {
	{ "blammed.hex", t_blammed },
	{ "chat.hex", t_chat },
	{ "create_game.hex", t_create_game },
	{ "directed_data.hex", t_directed_data },
	{ "error_bad_user.hex", t_error_bad_user },
	{ "error_invalid_version.hex", t_error_invalid_version },
	{ "game_list_add.hex", t_game_list_add },
	{ "game_player_list.hex", t_game_player_list },
	{ "game_score.hex", t_game_score },
	{ "keepalive.hex", t_keepalive },
	{ "login_alephone.hex", t_login_alephone },
	{ "login_myth.hex", t_login_myth },
	{ "motd.hex", t_motd },
	{ "password_challenge.hex", t_password_challenge },
	{ "password_challenge_alephone.hex", t_password_challenge_alephone },
	{ "password_response_myth.hex", t_password_response_myth },
	{ "password_response_simple.hex", t_password_response_simple },
	{ "player_info_query.hex", t_player_info_query },
	{ "player_list_add.hex", t_player_list_add },
	{ "player_list_delete.hex", t_player_list_delete },
	{ "proxy_client_join.hex", t_proxy_client_join },
	{ "remove_game.hex", t_remove_game },
	{ "room_list.hex", t_room_list },
	{ "room_login.hex", t_room_login },
	{ "room_login_successful.hex", t_room_login_successful },
	{ "send_versions.hex", t_send_versions },
	{ "server_message_login_successful.hex",
	    t_server_message_login_successful },
	{ "session_key.hex", t_session_key },
	{ "set_player_data.hex", t_set_player_data },
	{ "set_player_data_from_metaserver.hex",
	    t_set_player_data_from_metaserver },
	{ "set_player_mode.hex", t_set_player_mode },
	{ "start_game.hex", t_start_game },
	{ "user_successful_login.hex", t_user_successful_login },
	{ "version_control_alephone.hex", t_version_control_alephone },
	{ "version_control_myth.hex", t_version_control_myth },
};

/* Vectors of the cipher layer: covered by the cipher's own tests. */
static const char *const not_ours[] = {
	"cipher_send_versions.hex",
	"cipher_version_control.hex",
};

static int
covered(const char *name)
{
	size_t	i;

	for (i = 0; i < N(vectors); i++)
		if (strcmp(vectors[i].file, name) == 0)
			return 1;
	for (i = 0; i < N(not_ours); i++)
		if (strcmp(not_ours[i], name) == 0)
			return 1;
	return 0;
}

static void
t_every_vector_covered(void **state)
{
	char		 dir[1024];
	DIR		*d;
	struct dirent	*de;
	size_t		 l, seen = 0;

	(void)state;
	tvec_path(dir, sizeof(dir), "");
	if ((d = opendir(dir)) == NULL)
		fail_msg("%s: cannot open", dir);
	while ((de = readdir(d)) != NULL) {
		l = strlen(de->d_name);
		if (l < 4 || strcmp(de->d_name + l - 4, ".hex") != 0)
			continue;
		seen++;
		if (!covered(de->d_name))
			fail_msg("%s: no test covers this vector", de->d_name);
	}
	closedir(d);
	CHECK_FIELDS(F(seen, N(vectors) + N(not_ours)));
}

int
main(void)
{
	struct CMUnitTest	tests[N(vectors) + 1];
	size_t			i;

	memset(tests, 0, sizeof(tests));
	for (i = 0; i < N(vectors); i++) {
		tests[i].name = vectors[i].file;
		tests[i].test_func = vectors[i].fn;
	}
	tests[i].name = "every_vector_covered";
	tests[i].test_func = t_every_vector_covered;
	return _cmocka_run_group_tests("wire_vectors", tests, N(tests), NULL,
	    NULL);
}
