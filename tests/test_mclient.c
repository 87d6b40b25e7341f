/*
 * test_mclient.c - the client library against a fake server scripted in
 * the test: server packets are built with the wire encoders (and the
 * Myth cipher), fed with mcl_feed(); what the client wrote is read back
 * with the wire decoders.  Covers both dialects' login and room flows,
 * room actions, errors, 1-byte input chunks, the output cap, and the
 * fd helpers over a socketpair inside a bounded libev loop.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <ev.h>

#include "mcipher.h"
#include "mclient.h"
#include "mpassword.h"
#include "wire.h"

#define BUF		9000
#define NREC		64
#define TEXT_MAX	160
#define PKT		pkt_, sizeof(pkt_), &pktlen_

/* Send one packet the server encodes with call (which uses PKT). */
#define SRV(f, call) do {						\
	uint8_t	pkt_[BUF];						\
	size_t	pktlen_ = 0;						\
	assert_int_equal((call), MW_OK);				\
	srv_send((f), pkt_, pktlen_);					\
} while (0)

/* One recorded event, with copies of what the callback may not keep. */
struct rec {
	enum mcl_ev_type	type;
	uint16_t		packet;
	int32_t			code;
	uint32_t		id;
	size_t			n;
	uint8_t			token[MW_TOKEN_SIZE];
	char			text[TEXT_MAX];
};

struct fake {
	struct mcl_session	*s;
	int			 myth;
	struct mc_keypair	 kp;		/* the server's */
	struct mc_key		 key;
	struct rec		 ev[NREC];
	size_t			 nev;
	uint8_t			 rnd[64];	/* the client's random bytes */
	size_t			 rnd_off;
};

static int	chunk_mode;	/* feed the client 1 byte at a time */
static uint8_t	held[4 * BUF];	/* hold_mode: packets kept back */
static size_t	held_len;
static int	hold_mode;	/* collect packets, release in one feed */

static const uint8_t token[MW_TOKEN_SIZE] = {
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
	0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf
};

/*
 * The private words of tests/vectors/cipher_*.hex: client 11, 222,
 * 3333, 30000 (after 8 filler-seed bytes), server 1000 .. 4000.
 */
static const uint8_t cli_random[16] = {
	1, 2, 3, 4, 5, 6, 7, 8, 11, 0, 222, 0, 0x05, 0x0d, 0x30, 0x75
};
static const uint16_t cli_pub_want[MC_WORDS] = { 1428, 2353, 18022, 256 };
static const uint8_t key_want[MC_KEY_LEN] = {
	0xe0, 0x0e, 0x58, 0x7f, 0xa5, 0x0e, 0xd0, 0x6f
};

static int
script_random(void *arg, void *buf, size_t len)
{
	struct fake	*f = arg;

	if (f->rnd_off + len > sizeof(f->rnd))
		return -1;
	memcpy(buf, f->rnd + f->rnd_off, len);
	f->rnd_off += len;
	return 0;
}

static void
copy_text(char *dst, const char *src)
{
	snprintf(dst, TEXT_MAX, "%s", src != NULL ? src : "");
}

static size_t
count_list(const struct mcl_event *ev, int32_t *verb_r)
{
	struct mw_iter		it = ev->u.list;
	struct mw_room		r;
	struct mw_player_entry	p;
	struct mw_game_entry	g;
	size_t			n = 0;

	if (ev->type == MCL_EV_ROOM_LIST)
		while (mw_room_list_next(&it, &r))
			n++;
	while (ev->type == MCL_EV_PLAYER_LIST &&
	    mw_player_list_next(&it, &p)) {
		*verb_r = p.aux.verb;
		n++;
	}
	while (ev->type == MCL_EV_GAME_LIST && mw_game_list_next(&it, &g)) {
		*verb_r = g.aux.verb;
		n++;
	}
	return n;
}

static void
record_detail(struct rec *r, const struct mcl_event *ev)
{
	switch (ev->type) {
	case MCL_EV_SERVER_MESSAGE:
		r->code = ev->u.msg.code;
		copy_text(r->text, ev->u.msg.text);
		break;
	case MCL_EV_MOTD:
	case MCL_EV_BLAMMED:
		copy_text(r->text, ev->u.text.text);
		break;
	case MCL_EV_CHAT:
		r->id = ev->u.chat.player_id;
		copy_text(r->text, ev->u.chat.message);
		break;
	case MCL_EV_PRIVATE:
		r->id = ev->u.pm.target_player_id;
		copy_text(r->text, ev->u.pm.chat.message);
		break;
	case MCL_EV_LOGIN_FAILED:
		r->code = ev->u.failed.code;
		copy_text(r->text, ev->u.failed.text);
		break;
	case MCL_EV_CLOSED:
		copy_text(r->text, ev->u.closed.reason);
		break;
	default:
		break;
	}
}

static void
record_ids(struct rec *r, const struct mcl_event *ev)
{
	if (ev->type == MCL_EV_USER_LOGIN) {
		r->id = (uint32_t)ev->u.login.user_id;
		memcpy(r->token, ev->u.login.token, MW_TOKEN_SIZE);
	} else if (ev->type == MCL_EV_LOGGED_IN) {
		struct mcl_event	rooms = *ev;

		r->id = (uint32_t)ev->u.logged_in.user_id;
		memcpy(r->token, ev->u.logged_in.token, MW_TOKEN_SIZE);
		rooms.type = MCL_EV_ROOM_LIST;
		rooms.u.list = ev->u.logged_in.rooms;
		r->n = count_list(&rooms, &r->code);
	} else if (ev->type == MCL_EV_IN_ROOM)
		r->id = ev->u.in_room.user_id;
	else
		r->n = count_list(ev, &r->code);
}

static void
on_event(void *arg, const struct mcl_event *ev)
{
	struct fake	*f = arg;
	struct rec	*r;

	assert_true(f->nev < NREC);
	r = &f->ev[f->nev++];
	memset(r, 0, sizeof(*r));
	r->type = ev->type;
	r->packet = ev->packet;
	record_ids(r, ev);
	record_detail(r, ev);
}

static void
player(struct mw_player_data *d, const char *nick, const char *team)
{
	memset(d, 0, sizeof(*d));
	d->coat_of_arms = 3;
	d->primary.red = 0xff00;
	d->secondary.blue = 0xff00;
	d->nick = nick;
	d->team = team;
}

static void
fake_init(struct fake *f, enum mw_dialect d, enum mcl_mode mode,
    const char *user, const char *pass, size_t out_cap)
{
	struct mcl_params	p;
	static const uint16_t	srv_priv[MC_WORDS] = { 1000, 2000, 3000, 4000 };

	memset(f, 0, sizeof(*f));
	f->myth = d == MW_DIALECT_MYTH;
	memcpy(f->kp.priv, srv_priv, sizeof(srv_priv));
	mc_keypair_derive(&f->kp);
	memcpy(f->rnd, cli_random, sizeof(cli_random));
	memset(&p, 0, sizeof(p));
	p.dialect = d;
	p.mode = mode;
	p.username = user;
	p.password = pass;
	memcpy(p.token, token, sizeof(token));
	player(&p.player, "|bKnight", "Legion");
	p.out_cap = out_cap;
	p.on_event = on_event;
	p.arg = f;
	p.rnd = script_random;
	p.rnd_arg = f;
	f->s = mcl_new(&p);
	assert_non_null(f->s);
}

static void
fake_free(struct fake *f)
{
	mcl_free(f->s);
	f->s = NULL;
}

static void
feed(struct fake *f, const uint8_t *p, size_t n)
{
	size_t	i;

	if (hold_mode) {
		assert_true(held_len + n <= sizeof(held));
		memcpy(held + held_len, p, n);
		held_len += n;
		return;
	}
	if (!chunk_mode) {
		mcl_feed(f->s, p, n);
		return;
	}
	for (i = 0; i < n; i++)
		if (mcl_feed(f->s, p + i, 1) == -1)
			return;
}

/* srv_send - on Myth every packet but 203 travels encrypted */
static void
srv_send(struct fake *f, const uint8_t *pkt, size_t len)
{
	uint8_t	buf[BUF + MC_OVERHEAD];
	size_t	n = len;

	memcpy(buf, pkt, len);
	if (f->myth && pkt[3] != MW_T_SESSION_KEY) {
		assert_int_equal(mc_encrypt(&f->key, buf + MW_HEADER_SIZE,
		    len - MW_HEADER_SIZE, sizeof(buf) - MW_HEADER_SIZE,
		    0x11223344, 0x55667788, &n), 0);
		n += MW_HEADER_SIZE;
		mw_frame_set_length(buf, n);
	}
	feed(f, buf, n);
}

/* cli_next - the client's next packet, decrypted; payload copied out */
static uint16_t
cli_next(struct fake *f, uint8_t *payload, size_t *len_r)
{
	const uint8_t	*out;
	uint8_t		 buf[BUF], *plain;
	struct mw_frame	 fr;
	size_t		 n = mcl_pending_output(f->s, &out), plen;

	assert_true(n > 0);
	memcpy(buf, out, n < sizeof(buf) ? n : sizeof(buf));
	assert_int_equal(mw_frame_next(buf, n, NULL, &fr), MW_OK);
	mcl_consume_output(f->s, fr.size);
	plain = fr.payload;
	plen = fr.len;
	if (f->myth && fr.type != MW_T_SESSION_KEY)
		assert_int_equal(mc_decrypt(&f->key, fr.payload, fr.len,
		    &plain, &plen), 0);
	memcpy(payload, plain, plen);
	*len_r = plen;
	return fr.type;
}

static void
expect_next(struct fake *f, uint16_t type, uint8_t *payload, size_t *len_r)
{
	uint16_t	got = cli_next(f, payload, len_r);

	if (got != type)
		fail_msg("client packet: got %u, want %u", got, type);
}

static void
no_output(struct fake *f)
{
	const uint8_t	*p;

	assert_int_equal(mcl_pending_output(f->s, &p), 0);
}

/* read_client_key - the client's 203 carries the vectors' public words */
static void
read_client_key(struct fake *f)
{
	struct mw_session_key	k;
	uint16_t		pub[MC_WORDS];
	uint8_t			p[BUF];
	size_t			len;

	expect_next(f, MW_T_SESSION_KEY, p, &len);
	assert_int_equal(mw_decode_session_key(p, len, &k), MW_OK);
	mc_pub_decode(k.key, pub);
	assert_memory_equal(pub, cli_pub_want, sizeof(pub));
	mc_session_key(&f->kp, pub, &f->key);
	assert_memory_equal(f->key.b, key_want, MC_KEY_LEN);
}

static void
send_server_key(struct fake *f)
{
	struct mw_session_key	k;

	mc_pub_encode(f->kp.pub, k.key);
	SRV(f, mw_encode_session_key(PKT, &k));
}

static void
key_exchange(struct fake *f, int server_first)
{
	if (!f->myth)
		return;
	assert_int_equal(mcl_state(f->s), MCL_S_KEY_EXCHANGE);
	if (server_first)
		send_server_key(f);
	read_client_key(f);
	if (!server_first)
		send_server_key(f);
	assert_int_equal(f->ev[0].type, MCL_EV_SESSION_KEY);
}

static const struct rec *
find_ev(const struct fake *f, enum mcl_ev_type t)
{
	size_t	i;

	for (i = 0; i < f->nev; i++)
		if (f->ev[i].type == t)
			return &f->ev[i];
	fail_msg("no %s event among %zu", mcl_event_name(t), f->nev);
	return NULL;
}

static void
expect_closed(struct fake *f, const char *reason_part)
{
	const struct rec	*r = find_ev(f, MCL_EV_CLOSED);

	assert_int_equal(mcl_state(f->s), MCL_S_CLOSED);
	if (strstr(r->text, reason_part) == NULL)
		fail_msg("reason: got '%s', want '%s'", r->text, reason_part);
	assert_string_equal(mcl_reason(f->s), r->text);
	assert_true(f->ev[f->nev - 1].type == MCL_EV_CLOSED);
}

/* check_login - the 100 the client sent, in its dialect's layout */
static void
check_login(struct fake *f, const char *user)
{
	struct mw_login	l;
	uint8_t		p[BUF];
	size_t		len;
	enum mw_dialect	d = f->myth ? MW_DIALECT_MYTH : MW_DIALECT_ALEPHONE;

	expect_next(f, MW_T_LOGIN, p, &len);
	assert_int_equal(mw_login_dialect(p, len), d);
	assert_int_equal(mw_decode_login(p, len, d, &l), MW_OK);
	assert_int_equal(len, f->myth ? MW_MYTH_LOGIN_SIZE :
	    MW_A1_LOGIN_FIXED + 40 + strlen("|bKnight") + strlen("Legion"));
	assert_string_equal(l.application, f->myth ? "MYTH2" : "MARATHON");
	assert_string_equal(l.username, user);
	assert_string_equal(l.player.nick, "|bKnight");
	assert_string_equal(l.player.team, "Legion");
	assert_int_equal(l.player.game_version, f->myth ? 2180 : 5000);
	assert_int_equal(l.flags & 1, 1);
}

static void
check_password(struct fake *f, const char *want)
{
	struct mw_password_response	pr;
	uint8_t				p[BUF];
	size_t				len;

	expect_next(f, MW_T_PASSWORD_RESPONSE, p, &len);
	assert_int_equal(mw_decode_password_response(p, len, f->myth ?
	    MW_DIALECT_MYTH : MW_DIALECT_ALEPHONE, &pr), MW_OK);
	assert_int_equal(len, f->myth ? strlen(want) + 1 : MW_KEY_SIZE);
	assert_string_equal(pr.text, want);
}

static void
check_versions(struct fake *f)
{
	struct mw_version_control	v;
	uint8_t				p[BUF];
	size_t				len;

	expect_next(f, MW_T_VERSION_CONTROL, p, &len);
	assert_int_equal(mw_decode_version_control(p, len, &v), MW_OK);
	assert_int_equal(v.platform_type, f->myth ? 201 : 1);
	assert_int_equal(v.application_version, f->myth ? 2180 : 2);
	assert_int_equal(v.patch_number, f->myth ? 0 : 3);
	assert_int_equal(v.build_number, f->myth ? 428 : 0);
}

static void
send_challenge(struct fake *f, int16_t scheme)
{
	struct mw_password_challenge	c;

	memset(&c, 0, sizeof(c));
	c.authentication_type = scheme;
	memset(c.salt, 0x5a, sizeof(c.salt));
	SRV(f, mw_encode_password_challenge(PKT, &c));
}

static void
send_rooms(struct fake *f)
{
	struct mw_room	r[2];

	memset(r, 0, sizeof(r));
	r[0].room_id = 12;
	r[0].port = 6323;
	r[1].room_id = 26;
	r[1].port = 6324;
	r[1].room_type = 1;
	SRV(f, mw_encode_room_list(PKT, r, 2));
}

/* finish_login - 7, 8 (Myth), 0: the client must be logged in */
static void
finish_login(struct fake *f)
{
	struct mw_user_successful_login	u;
	struct mw_player_entry		e;
	const struct rec		*r;

	memset(&u, 0, sizeof(u));
	u.user_id = 42;
	u.order = -1;
	u.order_again = -1;
	memcpy(u.token, token, sizeof(token));
	SRV(f, mw_encode_user_successful_login(PKT, &u));
	memset(&e, 0, sizeof(e));
	player(&e.data, "|bKnight", "Legion");
	if (f->myth)
		SRV(f, mw_encode_set_player_data_from_metaserver(PKT, &e));
	send_rooms(f);
	assert_int_equal(mcl_state(f->s), MCL_S_LOGGED_IN);
	r = find_ev(f, MCL_EV_LOGGED_IN);
	assert_int_equal(r->id, 42);
	assert_memory_equal(r->token, token, sizeof(token));
	assert_int_equal(r->n, 2);
	assert_int_equal(f->ev[f->nev - 2].type, MCL_EV_ROOM_LIST);
	assert_int_equal(mcl_user_id(f->s), 42);
	assert_memory_equal(mcl_token(f->s), token, sizeof(token));
	no_output(f);
}

/* full_login - README 8.1 / 8.2 from the first byte to the room list */
static void
full_login(struct fake *f, int server_first, const char *user,
    const char *pass, int16_t scheme)
{
	key_exchange(f, server_first);
	check_login(f, user);
	if (scheme >= 0) {
		send_challenge(f, scheme);
		check_password(f, pass);
	}
	SRV(f, mw_encode_send_versions(PKT));
	check_versions(f);
	finish_login(f);
}

/* README 5.1: whichever side's 203 comes first, the login works */
static void
test_myth_login_account(void **state)
{
	struct fake	f;
	int		server_first;

	(void)state;
	for (server_first = 0; server_first < 2; server_first++) {
		fake_init(&f, MW_DIALECT_MYTH, MCL_LOGIN, "knight", "secret",
		    0);
		full_login(&f, server_first, "knight", "secret", 0);
		assert_non_null(find_ev(&f, MCL_EV_PASSWORD_CHALLENGE));
		assert_non_null(find_ev(&f, MCL_EV_PLAYER_DATA));
		fake_free(&f);
	}
}

static void
test_myth_login_guest(void **state)
{
	struct fake	f;
	int		server_first;

	(void)state;
	for (server_first = 0; server_first < 2; server_first++) {
		fake_init(&f, MW_DIALECT_MYTH, MCL_LOGIN, "Wanderer", "", 0);
		full_login(&f, server_first, "Wanderer", "", 0);
		fake_free(&f);
	}
}

static void
test_a1_login_guest(void **state)
{
	struct fake	f;

	(void)state;
	fake_init(&f, MW_DIALECT_ALEPHONE, MCL_LOGIN, "guest", NULL, 0);
	full_login(&f, 0, "guest", "", -1);
	fake_free(&f);
}

static void
test_a1_login_account(void **state)
{
	struct fake	f;

	(void)state;
	fake_init(&f, MW_DIALECT_ALEPHONE, MCL_LOGIN, "durandal", "secret", 0);
	full_login(&f, 0, "durandal", "secret", 0);
	fake_free(&f);
}

/* scheme 1 (README 8.4): the 16-byte transform of password and salt */
static void
test_a1_login_simple_scheme(void **state)
{
	struct fake	f;
	uint8_t		p[BUF], salt[MPW_SALT_LEN], want[MPW_KEY_LEN];
	size_t		len;

	(void)state;
	fake_init(&f, MW_DIALECT_ALEPHONE, MCL_LOGIN, "durandal", "secret", 0);
	check_login(&f, "durandal");
	send_challenge(&f, MPW_SIMPLE);
	expect_next(&f, MW_T_PASSWORD_RESPONSE, p, &len);
	memset(salt, 0x5a, sizeof(salt));
	assert_int_equal(mpw_simple_key("secret", salt, want), 0);
	assert_int_equal(len, MPW_KEY_LEN);
	assert_memory_equal(p, want, MPW_KEY_LEN);
	assert_int_equal(mpw_verify(MPW_SIMPLE, p, len, "secret", salt), 0);
	fake_free(&f);
}

static void
test_unsupported_scheme_closes(void **state)
{
	struct fake	f;

	(void)state;
	fake_init(&f, MW_DIALECT_ALEPHONE, MCL_LOGIN, "durandal", "secret", 0);
	check_login(&f, "durandal");
	send_challenge(&f, MPW_TOKEN);
	expect_closed(&f, "password scheme 4");
	fake_free(&f);
}

/* room_enter - README 9.1: 101 + 103, then 9, 3 (code 8), lists */
static void
room_enter(struct fake *f, int server_first)
{
	struct mw_room_login_successful	ok = { 42, 999 };
	struct mw_server_message	m = { MW_MSG_LOGIN_SUCCESSFUL, "", 0 };
	struct mw_room_login		rl;
	struct mw_player_data		d;
	uint8_t				p[BUF];
	size_t				len;

	key_exchange(f, server_first);
	assert_int_equal(mcl_state(f->s), MCL_S_ROOM_LOGIN_SENT);
	expect_next(f, MW_T_ROOM_LOGIN, p, &len);
	assert_int_equal(mw_decode_room_login(p, len, &rl), MW_OK);
	assert_memory_equal(rl.token, token, sizeof(token));
	assert_string_equal(rl.name, "knight");
	expect_next(f, MW_T_SET_PLAYER_DATA, p, &len);
	assert_int_equal(mw_decode_set_player_data(p, len, &d), MW_OK);
	assert_string_equal(d.nick, "|bKnight");
	SRV(f, mw_encode_room_login_successful(PKT, &ok));
	assert_int_equal(mcl_state(f->s), MCL_S_ROOM_ACCEPTED);
	SRV(f, mw_encode_server_message(PKT, &m));
	assert_int_equal(mcl_state(f->s), MCL_S_IN_ROOM);
	assert_int_equal(find_ev(f, MCL_EV_IN_ROOM)->id, 42);
	no_output(f);
}

static void
send_lists(struct fake *f)
{
	static const uint8_t		gdata[600];
	struct mw_player_entry		pe[2];
	struct mw_game_entry		ge;

	memset(pe, 0, sizeof(pe));
	player(&pe[0].data, "|bKnight", "Legion");
	player(&pe[1].data, "Alric", "");
	pe[1].aux.player_id = 7;
	SRV(f, mw_encode_player_list(PKT, pe, 2));
	memset(&ge, 0, sizeof(ge));
	ge.aux.game_id = 7;
	ge.aux.verb = MW_VERB_ADD;
	ge.data = gdata;
	ge.data_len = sizeof(gdata);
	SRV(f, mw_encode_game_list(PKT, MW_T_GAME_LIST, &ge, 1));
}

static void
room_session(struct fake *f, enum mw_dialect d, int server_first)
{
	fake_init(f, d, MCL_ROOM, "knight", "", 0);
	room_enter(f, server_first);
	send_lists(f);
	assert_int_equal(find_ev(f, MCL_EV_PLAYER_LIST)->n, 2);
	assert_int_equal(find_ev(f, MCL_EV_GAME_LIST)->n, 1);
}

static void
test_room_login_myth(void **state)
{
	struct fake	f;

	(void)state;
	room_session(&f, MW_DIALECT_MYTH, 0);
	fake_free(&f);
	room_session(&f, MW_DIALECT_MYTH, 1);
	fake_free(&f);
}

static void
test_room_login_a1(void **state)
{
	struct fake	f;

	(void)state;
	room_session(&f, MW_DIALECT_ALEPHONE, 0);
	fake_free(&f);
}

/* 9 must come first: a list before it is a server bug (README 18 #5) */
static void
test_room_list_before_accept(void **state)
{
	struct fake	f;

	(void)state;
	fake_init(&f, MW_DIALECT_ALEPHONE, MCL_ROOM, "knight", "", 0);
	send_lists(&f);
	expect_closed(&f, "unexpected player_list");
	fake_free(&f);
}

static void
test_room_login_refused(void **state)
{
	struct mw_server_message	m = { MW_MSG_USER_NOT_LOGGED_IN,
	    "User not logged in.", 0 };
	struct fake			f;

	(void)state;
	fake_init(&f, MW_DIALECT_MYTH, MCL_ROOM, "knight", "", 0);
	key_exchange(&f, 0);
	SRV(&f, mw_encode_server_message(PKT, &m));
	assert_int_equal(find_ev(&f, MCL_EV_LOGIN_FAILED)->code, 4);
	expect_closed(&f, "code 4");
	fake_free(&f);
}

static void
check_chat(const struct mw_chat *c, const char *msg)
{
	assert_int_equal(c->type, 0);
	assert_int_equal(c->player_id, 42);
	assert_string_equal(c->sender, "|bKnight");
	assert_string_equal(c->message, msg);
	assert_int_equal(c->color.red, 0xff00);
}

static void
chat_both_ways(enum mw_dialect d)
{
	struct fake	f;
	struct mw_chat	c;
	uint8_t		p[BUF];
	size_t		len;

	room_session(&f, d, 0);
	assert_int_equal(mcl_chat(f.s, "hello room"), 0);
	expect_next(&f, MW_T_ROOM_BROADCAST, p, &len);
	assert_int_equal(mw_decode_room_broadcast(p, len, &c), MW_OK);
	check_chat(&c, "hello room");
	c.player_id = 7;
	c.message = "hi back";
	SRV(&f, mw_encode_room_broadcast(PKT, &c));
	assert_int_equal(find_ev(&f, MCL_EV_CHAT)->id, 7);
	assert_string_equal(find_ev(&f, MCL_EV_CHAT)->text, "hi back");
	fake_free(&f);
}

static void
test_chat(void **state)
{
	(void)state;
	chat_both_ways(MW_DIALECT_MYTH);
	chat_both_ways(MW_DIALECT_ALEPHONE);
}

static void
pm_both_ways(enum mw_dialect d)
{
	struct mw_directed_data	dd;
	struct fake		f;
	uint8_t			p[BUF];
	size_t			len;

	room_session(&f, d, 0);
	assert_int_equal(mcl_private(f.s, 7, "psst"), 0);
	expect_next(&f, MW_T_DIRECTED_DATA, p, &len);
	assert_int_equal(mw_decode_directed_data(p, len, &dd), MW_OK);
	assert_int_equal(dd.target_player_id, 7);
	assert_int_equal(dd.local_echo, 1);
	assert_int_equal(dd.chat.selected_player_id, 7);
	assert_int_equal(dd.chat.flags, d == MW_DIALECT_ALEPHONE ? 1 : 0);
	check_chat(&dd.chat, "psst");
	SRV(&f, mw_encode_directed_data(PKT, &dd));
	assert_int_equal(find_ev(&f, MCL_EV_PRIVATE)->id, 7);
	assert_string_equal(find_ev(&f, MCL_EV_PRIVATE)->text, "psst");
	fake_free(&f);
}

static void
test_private_message(void **state)
{
	(void)state;
	pm_both_ways(MW_DIALECT_MYTH);
	pm_both_ways(MW_DIALECT_ALEPHONE);
}

static void
check_create(struct fake *f)
{
	struct mw_create_game	cg;
	struct mw_game_desc	gd;
	uint8_t			p[BUF];
	size_t			len;

	expect_next(f, MW_T_CREATE_GAME, p, &len);
	assert_int_equal(mw_decode_create_game(p, len, &cg), MW_OK);
	assert_int_equal(cg.port, 3453);
	assert_int_equal(cg.order, 2);
	assert_int_equal(cg.data_len, MW_GAME_DATA_FIXED + 9 + 11);
	assert_int_equal(mw_decode_game_data(cg.data, cg.data_len, &gd), 0);
	assert_string_equal(gd.game_name, "Skirmish");
	assert_string_equal(gd.map_name, "Gyrocopter");
	assert_int_equal(gd.maximum_players, 8);
}

static int32_t
sent_start_time(struct fake *f)
{
	struct mw_start_game	sg;
	uint8_t			p[BUF];
	size_t			len;

	expect_next(f, MW_T_START_GAME, p, &len);
	assert_int_equal(mw_decode_start_game(p, len, &sg), MW_OK);
	return sg.time;
}

static void
games(enum mw_dialect d)
{
	struct mw_game_desc	gd;
	struct fake		f;
	uint8_t			p[BUF];
	size_t			len;
	int			a1 = d == MW_DIALECT_ALEPHONE;

	room_session(&f, d, 0);
	memset(&gd, 0, sizeof(gd));
	gd.maximum_players = 8;
	gd.game_name = "Skirmish";
	gd.map_name = "Gyrocopter";
	assert_int_equal(mcl_create_game_desc(f.s, 3453, 2, &gd), 0);
	check_create(&f);
	assert_int_equal(mcl_start_game(f.s, 600), 0);
	assert_int_equal(sent_start_time(&f), a1 ? 18000 : 600);
	assert_int_equal(mcl_start_game(f.s, 0), 0);
	assert_int_equal(sent_start_time(&f), a1 ? INT32_MIN : 0);
	assert_int_equal(mcl_remove_game(f.s), 0);
	expect_next(&f, MW_T_REMOVE_GAME, p, &len);
	assert_int_equal(len, 0);
	fake_free(&f);
}

static void
test_game_packets(void **state)
{
	(void)state;
	games(MW_DIALECT_MYTH);
	games(MW_DIALECT_ALEPHONE);
}

static void
test_game_players_and_score(void **state)
{
	static const int32_t		ids[3] = { 42, 7, 9 };
	struct mw_score_player		sp[2];
	struct mw_game_score		sc, got;
	struct mw_game_player_list	gl;
	struct fake			f;
	uint8_t				p[BUF];
	size_t				len;
	int32_t				id;

	(void)state;
	room_session(&f, MW_DIALECT_MYTH, 0);
	assert_int_equal(mcl_game_players(f.s, 42, ids, 3), 0);
	expect_next(&f, MW_T_GAME_PLAYER_LIST, p, &len);
	assert_int_equal(mw_decode_game_player_list(p, len, &gl), MW_OK);
	assert_int_equal(gl.game_id, 42);
	assert_int_equal(gl.players.count, 3);
	assert_int_equal(mw_game_player_next(&gl.players, &id), 1);
	assert_int_equal(id, 42);
	memset(&sc, 0, sizeof(sc));
	memset(sp, 0, sizeof(sp));
	sc.game_id = 42;
	sc.number_of_players = 2;
	sp[1].bungie_net_player_id = 7;
	sc.player_v = sp;
	sc.player_n = 2;
	assert_int_equal(mcl_game_score(f.s, &sc), 0);
	expect_next(&f, MW_T_GAME_SCORE, p, &len);
	assert_int_equal(mw_decode_game_score(p, len, &got), MW_OK);
	assert_int_equal(got.players.count, 2);
	fake_free(&f);
}

static void
test_mode_state_update(void **state)
{
	static const uint8_t		sid[4] = { 1, 2, 3, 4 };
	struct mw_set_player_mode	m;
	struct mw_player_data		d;
	struct fake			f;
	uint8_t				p[BUF];
	size_t				len;

	(void)state;
	room_session(&f, MW_DIALECT_ALEPHONE, 0);
	assert_int_equal(mcl_set_mode(f.s, 1, sid, sizeof(sid)), 0);
	expect_next(&f, MW_T_SET_PLAYER_MODE, p, &len);
	assert_int_equal(mw_decode_set_player_mode(p, len,
	    MW_DIALECT_ALEPHONE, &m), MW_OK);
	assert_int_equal(m.mode, 1);
	assert_int_equal(m.session_id_len, 4);
	assert_int_equal(mcl_set_state(f.s, 1), 0);
	expect_next(&f, MW_T_SET_PLAYER_DATA, p, &len);
	assert_int_equal(mw_decode_set_player_data(p, len, &d), MW_OK);
	assert_int_equal(d.state, 1);
	assert_int_equal(mcl_request_full_update(f.s), 0);
	expect_next(&f, MW_T_REQUEST_FULL_UPDATE, p, &len);
	assert_int_equal(mcl_player_info_query(f.s, 7), 0);
	expect_next(&f, MW_T_PLAYER_INFO_QUERY, p, &len);
	assert_int_equal(mcl_logout(f.s), 0);
	expect_next(&f, MW_T_LOGOUT, p, &len);
	fake_free(&f);
}

/* README 9.14: a server keepalive is echoed, on Myth encrypted too */
static void
test_keepalive_answer(void **state)
{
	struct fake	f;
	uint8_t		p[BUF];
	size_t		len;

	(void)state;
	room_session(&f, MW_DIALECT_MYTH, 0);
	SRV(&f, mw_encode_keepalive(PKT));
	assert_non_null(find_ev(&f, MCL_EV_KEEPALIVE));
	expect_next(&f, MW_T_KEEPALIVE, p, &len);
	assert_int_equal(len, 0);
	no_output(&f);
	fake_free(&f);
}

static void
test_room_notices(void **state)
{
	struct mw_text	t = { "Welcome to the room" };
	struct mw_text	k = { "kicked for spam" };
	struct fake	f;

	(void)state;
	room_session(&f, MW_DIALECT_MYTH, 0);
	SRV(&f, mw_encode_message_of_the_day(PKT, &t));
	SRV(&f, mw_encode_you_just_got_blammed_sucka(PKT, &k));
	SRV(&f, mw_encode_raw(PKT, 150, "x", 1));
	assert_string_equal(find_ev(&f, MCL_EV_MOTD)->text, t.text);
	assert_string_equal(find_ev(&f, MCL_EV_BLAMMED)->text, k.text);
	assert_int_equal(find_ev(&f, MCL_EV_OTHER)->packet, 150);
	assert_int_equal(mcl_state(f.s), MCL_S_IN_ROOM);
	fake_free(&f);
}

/* several packets in one read: each still gives its own event */
static void
test_coalesced_input(void **state)
{
	struct mw_text	t = { "one" };
	struct mw_chat	c;
	struct fake	f;
	uint8_t		p[BUF];
	size_t		len, i;

	(void)state;
	room_session(&f, MW_DIALECT_MYTH, 0);
	memset(&c, 0, sizeof(c));
	c.message = "two";
	hold_mode = 1;
	SRV(&f, mw_encode_message_of_the_day(PKT, &t));
	SRV(&f, mw_encode_room_broadcast(PKT, &c));
	SRV(&f, mw_encode_keepalive(PKT));
	hold_mode = 0;
	i = f.nev;
	assert_int_equal(mcl_feed(f.s, held, held_len), 0);
	held_len = 0;
	assert_int_equal(f.nev, i + 3);
	assert_int_equal(f.ev[i].type, MCL_EV_MOTD);
	assert_string_equal(f.ev[i + 1].text, "two");
	assert_int_equal(f.ev[i + 2].type, MCL_EV_KEEPALIVE);
	expect_next(&f, MW_T_KEEPALIVE, p, &len);
	fake_free(&f);
}

/* README 16.1 item 8: what 18 means depends on the dialect */
static void
test_dialect_18(void **state)
{
	struct mw_hub		hub = { 1, 0x7f000001, 6400 };
	struct mw_update_info	ui = { 1, 2, 3, 3 };
	struct fake		f;

	(void)state;
	fake_init(&f, MW_DIALECT_ALEPHONE, MCL_LOGIN, "guest", "", 0);
	full_login(&f, 0, "guest", "", -1);
	SRV(&f, mw_encode_remote_hub_list(PKT, &hub, 1));
	assert_int_equal(find_ev(&f, MCL_EV_HUB_LIST)->packet, 18);
	fake_free(&f);
	fake_init(&f, MW_DIALECT_MYTH, MCL_LOGIN, "knight", "", 0);
	full_login(&f, 0, "knight", "", 0);
	SRV(&f, mw_encode_update_info(PKT, &ui));
	assert_int_equal(find_ev(&f, MCL_EV_UPDATE_INFO)->packet, 18);
	fake_free(&f);
}

static void
test_login_failure(void **state)
{
	struct mw_server_message	m = { MW_MSG_BAD_USER_OR_PASSWORD,
	    "Login failed (Bad user or Password).", 0 };
	struct fake			f;
	uint8_t				p[BUF];
	size_t				len;

	(void)state;
	fake_init(&f, MW_DIALECT_ALEPHONE, MCL_LOGIN, "durandal", "wrong", 0);
	check_login(&f, "durandal");
	send_challenge(&f, 0);
	expect_next(&f, MW_T_PASSWORD_RESPONSE, p, &len);
	SRV(&f, mw_encode_server_message(PKT, &m));
	assert_int_equal(find_ev(&f, MCL_EV_LOGIN_FAILED)->code, 3);
	assert_string_equal(find_ev(&f, MCL_EV_LOGIN_FAILED)->text, m.text);
	expect_closed(&f, "login refused: code 3");
	assert_int_equal(mcl_chat(f.s, "x"), -1);
	assert_int_equal(errno, ENOTCONN);
	assert_int_equal(mcl_wants_write(f.s), 0);
	fake_free(&f);
}

static void
test_bad_magic(void **state)
{
	static const uint8_t	junk[] = { 0xde, 0xaf, 0, 12, 0, 0, 0, 8 };
	struct fake		f;

	(void)state;
	fake_init(&f, MW_DIALECT_ALEPHONE, MCL_LOGIN, "guest", "", 0);
	assert_int_equal(mcl_feed(f.s, junk, sizeof(junk)), -1);
	expect_closed(&f, "magic");
	assert_int_equal(f.nev, 1);
	fake_free(&f);
}

static void
test_oversize(void **state)
{
	static const uint8_t	big[] = { 0xde, 0xad, 0, 12, 0, 0, 0x7f, 0 };
	struct fake		f;

	(void)state;
	fake_init(&f, MW_DIALECT_ALEPHONE, MCL_LOGIN, "guest", "", 0);
	assert_int_equal(mcl_feed(f.s, big, sizeof(big)), -1);
	expect_closed(&f, "above limit");
	fake_free(&f);
}

/* the input buffer bounds the packet size even above in_max */
static void
test_in_cap_bounds_packets(void **state)
{
	static const uint8_t	hdr[] = { 0xde, 0xad, 0, 10, 0, 0, 2, 1 };
	struct mcl_params	p;
	struct mcl_session	*s;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.dialect = MW_DIALECT_ALEPHONE;
	p.in_cap = 512;
	p.limits.in_max = 4096;
	assert_non_null(s = mcl_new(&p));
	assert_int_equal(mcl_feed(s, hdr, sizeof(hdr)), -1);
	assert_non_null(strstr(mcl_reason(s), "above limit"));
	mcl_free(s);
}

/* after the key exchange a payload under 24 bytes cannot be a cipher */
static void
test_truncated_cipher_block(void **state)
{
	uint8_t		pkt[8 + 10] = { 0xde, 0xad, 0, 12, 0, 0, 0, 18 };
	struct fake	f;

	(void)state;
	fake_init(&f, MW_DIALECT_MYTH, MCL_LOGIN, "knight", "", 0);
	key_exchange(&f, 0);
	assert_int_equal(mcl_feed(f.s, pkt, sizeof(pkt)), -1);
	expect_closed(&f, "under 24 bytes");
	fake_free(&f);
}

static void
test_cipher_check_failure(void **state)
{
	uint8_t		pkt[8 + 24] = { 0xde, 0xad, 0, 12, 0, 0, 0, 32 };
	struct fake	f;

	(void)state;
	fake_init(&f, MW_DIALECT_MYTH, MCL_LOGIN, "knight", "", 0);
	key_exchange(&f, 1);
	memset(pkt + 8, 0x33, 24);
	assert_int_equal(mcl_feed(f.s, pkt, sizeof(pkt)), -1);
	expect_closed(&f, "cipher check failed");
	fake_free(&f);
}

static void
test_bad_payload_and_order(void **state)
{
	struct fake	f;

	(void)state;
	fake_init(&f, MW_DIALECT_ALEPHONE, MCL_LOGIN, "guest", "", 0);
	SRV(&f, mw_encode_raw(PKT, MW_T_PASSWORD_CHALLENGE, "short", 5));
	expect_closed(&f, "bad password_challenge");
	fake_free(&f);
	fake_init(&f, MW_DIALECT_ALEPHONE, MCL_LOGIN, "guest", "", 0);
	send_rooms(&f);
	expect_closed(&f, "unexpected room_list");
	fake_free(&f);
	fake_init(&f, MW_DIALECT_MYTH, MCL_LOGIN, "knight", "", 0);
	SRV(&f, mw_encode_send_versions(PKT));
	expect_closed(&f, "send_versions (12) before session_key");
	fake_free(&f);
}

static void
login_scenario(struct fake *f)
{
	fake_init(f, MW_DIALECT_MYTH, MCL_LOGIN, "knight", "secret", 0);
	full_login(f, 1, "knight", "secret", 0);
}

static void
room_scenario(struct fake *f)
{
	struct mw_text	t = { "blue bar" };

	room_session(f, MW_DIALECT_MYTH, 1);
	SRV(f, mw_encode_message_of_the_day(PKT, &t));
	SRV(f, mw_encode_keepalive(PKT));
}

/* same_events - the scenario fed whole and in 1-byte pieces */
static void
same_events(void (*scenario)(struct fake *))
{
	static struct rec	whole[NREC];
	struct fake		f;
	size_t			n, i;

	chunk_mode = 0;
	scenario(&f);
	memcpy(whole, f.ev, sizeof(whole));
	n = f.nev;
	fake_free(&f);
	chunk_mode = 1;
	scenario(&f);
	chunk_mode = 0;
	assert_int_equal(f.nev, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(f.ev[i].type, whole[i].type);
		assert_int_equal(f.ev[i].packet, whole[i].packet);
		assert_int_equal(f.ev[i].n, whole[i].n);
		assert_int_equal(f.ev[i].id, whole[i].id);
		assert_string_equal(f.ev[i].text, whole[i].text);
	}
	fake_free(&f);
}

static void
test_one_byte_chunks(void **state)
{
	(void)state;
	same_events(login_scenario);
	same_events(room_scenario);
}

/* a full output buffer refuses the packet whole and stays consistent */
static void
test_output_cap(void **state)
{
	struct fake	 f;
	const uint8_t	*out;
	uint8_t		 p[BUF];
	size_t		 len, n, sent = 0;

	(void)state;
	fake_init(&f, MW_DIALECT_MYTH, MCL_ROOM, "knight", "", MCL_CAP_MIN);
	room_enter(&f, 0);
	while (mcl_chat(f.s, "a line of chat that takes some room") == 0)
		sent++;
	assert_int_equal(errno, ENOBUFS);
	assert_true(sent > 0);
	n = mcl_pending_output(f.s, &out);
	assert_true(n <= MCL_CAP_MIN);
	while (sent-- > 0)
		expect_next(&f, MW_T_ROOM_BROADCAST, p, &len);
	no_output(&f);
	assert_int_equal(mcl_chat(f.s, "fits again"), 0);
	while (mcl_chat(f.s, "fill") == 0)
		;
	SRV(&f, mw_encode_keepalive(PKT));
	expect_closed(&f, "output buffer full");
	fake_free(&f);
}

static void
test_params(void **state)
{
	struct mcl_params	p;
	char			longname[40];

	(void)state;
	memset(&p, 0, sizeof(p));
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	p.username = longname;
	assert_null(mcl_new(&p));
	assert_int_equal(errno, EINVAL);
	p.username = "knight";
	p.password = "sixteen-chars-xx";
	assert_null(mcl_new(&p));
	p.dialect = MW_DIALECT_ALEPHONE;
	p.out_cap = 100;
	assert_null(mcl_new(&p));
	assert_int_equal(errno, EINVAL);
}

/* ---- the fd helpers over a socketpair, inside a bounded libev loop */

struct loopctx {
	struct ev_loop		*loop;
	struct mcl_session	*s;
	ev_io			 cio, sio;
	ev_timer		 deadline;
	int			 sfd;
	int			 logged_in, closed, timed_out;
	uint8_t			 sbuf[BUF];
	size_t			 slen;
};

static void
arm_client(struct loopctx *c)
{
	int	want = EV_READ | (mcl_wants_write(c->s) ? EV_WRITE : 0);

	if ((c->cio.events & (EV_READ | EV_WRITE)) == want)
		return;
	ev_io_stop(c->loop, &c->cio);
	ev_io_set(&c->cio, c->cio.fd, want);
	ev_io_start(c->loop, &c->cio);
}

static void
client_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct loopctx	*c = w->data;
	int		 rc = 0;

	if (revents & EV_READ)
		rc = mcl_on_readable(c->s, w->fd);
	if (rc == 0 && (revents & EV_WRITE))
		rc = mcl_on_writable(c->s, w->fd);
	if (rc == -1) {
		ev_io_stop(loop, w);
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	arm_client(c);
}

static void
srv_write(struct loopctx *c, const uint8_t *p, size_t n)
{
	assert_int_equal(write(c->sfd, p, n), (ssize_t)n);
}

/* srv_reply - an Aleph One guest login server, one packet at a time */
static void
srv_reply(struct loopctx *c, uint16_t type)
{
	struct mw_user_successful_login	u = { 77, 0, 0, { 0 } };
	struct mw_room			r = { 26, 0, 0x7f000001, 6335, 0, 0,
	    0 };
	uint8_t				pkt[256];
	size_t				len;

	if (type == MW_T_LOGIN) {
		assert_int_equal(mw_encode_send_versions(pkt, sizeof(pkt),
		    &len), MW_OK);
		srv_write(c, pkt, len);
	} else if (type == MW_T_VERSION_CONTROL) {
		assert_int_equal(mw_encode_user_successful_login(pkt,
		    sizeof(pkt), &len, &u), MW_OK);
		srv_write(c, pkt, len);
		assert_int_equal(mw_encode_room_list(pkt, sizeof(pkt), &len,
		    &r, 1), MW_OK);
		srv_write(c, pkt, len);
	}
}

static void
server_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct loopctx	*c = w->data;
	struct mw_frame	 f;
	ssize_t		 n;

	(void)loop;
	(void)revents;
	n = read(w->fd, c->sbuf + c->slen, sizeof(c->sbuf) - c->slen);
	if (n <= 0)
		return;
	c->slen += (size_t)n;
	while (mw_frame_next(c->sbuf, c->slen, NULL, &f) == MW_OK) {
		srv_reply(c, f.type);
		memmove(c->sbuf, c->sbuf + f.size, c->slen - f.size);
		c->slen -= f.size;
	}
}

static void
deadline_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct loopctx	*c = w->data;

	(void)revents;
	c->timed_out = 1;
	ev_break(loop, EVBREAK_ALL);
}

static void
loop_event(void *arg, const struct mcl_event *ev)
{
	struct loopctx	*c = arg;

	if (ev->type == MCL_EV_LOGGED_IN) {
		c->logged_in = ev->u.logged_in.user_id;
		ev_break(c->loop, EVBREAK_ALL);
	}
	if (ev->type == MCL_EV_CLOSED)
		c->closed = 1;
}

static void
loop_setup(struct loopctx *c, int fds[2])
{
	struct mcl_params	p;

	memset(&p, 0, sizeof(p));
	p.dialect = MW_DIALECT_ALEPHONE;
	p.username = "guest";
	player(&p.player, "Tester", "");
	p.on_event = loop_event;
	p.arg = c;
	assert_non_null(c->s = mcl_new(&p));
	c->loop = ev_loop_new(EVFLAG_AUTO);
	c->sfd = fds[1];
	ev_io_init(&c->cio, client_cb, fds[0], EV_READ);
	ev_io_init(&c->sio, server_cb, fds[1], EV_READ);
	ev_timer_init(&c->deadline, deadline_cb, 2.0, 0.0);
	c->cio.data = c->sio.data = c->deadline.data = c;
	ev_io_start(c->loop, &c->sio);
	ev_timer_start(c->loop, &c->deadline);
	ev_io_start(c->loop, &c->cio);
	arm_client(c);
}

static void
test_socketpair_libev(void **state)
{
	struct loopctx	c;
	int		fds[2];

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0,
	    fds), 0);
	loop_setup(&c, fds);
	ev_run(c.loop, 0);
	assert_false(c.timed_out);
	assert_int_equal(c.logged_in, 77);
	assert_int_equal(mcl_state(c.s), MCL_S_LOGGED_IN);
	close(fds[1]);
	ev_run(c.loop, EVRUN_NOWAIT);
	assert_int_equal(mcl_on_readable(c.s, fds[0]), -1);
	assert_true(c.closed);
	assert_string_equal(mcl_reason(c.s), "connection closed by peer");
	ev_loop_destroy(c.loop);
	mcl_free(c.s);
	close(fds[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_myth_login_account),
		cmocka_unit_test(test_myth_login_guest),
		cmocka_unit_test(test_a1_login_guest),
		cmocka_unit_test(test_a1_login_account),
		cmocka_unit_test(test_a1_login_simple_scheme),
		cmocka_unit_test(test_unsupported_scheme_closes),
		cmocka_unit_test(test_room_login_myth),
		cmocka_unit_test(test_room_login_a1),
		cmocka_unit_test(test_room_list_before_accept),
		cmocka_unit_test(test_room_login_refused),
		cmocka_unit_test(test_chat),
		cmocka_unit_test(test_private_message),
		cmocka_unit_test(test_game_packets),
		cmocka_unit_test(test_game_players_and_score),
		cmocka_unit_test(test_mode_state_update),
		cmocka_unit_test(test_keepalive_answer),
		cmocka_unit_test(test_room_notices),
		cmocka_unit_test(test_coalesced_input),
		cmocka_unit_test(test_dialect_18),
		cmocka_unit_test(test_login_failure),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_oversize),
		cmocka_unit_test(test_in_cap_bounds_packets),
		cmocka_unit_test(test_truncated_cipher_block),
		cmocka_unit_test(test_cipher_check_failure),
		cmocka_unit_test(test_bad_payload_and_order),
		cmocka_unit_test(test_one_byte_chunks),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_socketpair_libev),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
