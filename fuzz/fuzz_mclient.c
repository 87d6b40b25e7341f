/*
 * fuzz_mclient.c - libFuzzer target for the client session: hostile
 * server bytes in every state of both dialects must never crash it.
 * Byte 0 picks the dialect (bit 0), login or room (bit 1), how far a
 * scripted server leads the session first (bits 2-4), raw bytes or
 * records (bit 5), 1-byte feeding (bit 6) and minimal buffers (bit 7).
 * Records are "type, u16 length, payload" and are framed and, on Myth,
 * encrypted by the harness, so the fuzzer reaches the decoders behind
 * the cipher; type 0xff runs a client action, 0xfe drains the output.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mcipher.h"
#include "mclient.h"
#include "wire.h"

#define PKT_MAX		9000
#define REC_ACTION	0xff
#define REC_DRAIN	0xfe

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct harness {
	struct mcl_session	*s;
	int			 myth;
	int			 bytewise;
	int			 small;
	int			 cipher;	/* our 203 went in */
	struct mc_keypair	 kp;
	struct mc_key		 key;
	uint32_t		 rnd;
	size_t			 events;
};

static uint8_t	pkt[PKT_MAX + MC_OVERHEAD];

static int
fixed_random(void *arg, void *buf, size_t len)
{
	struct harness	*h = arg;
	uint8_t		*b = buf;
	size_t		 i;

	for (i = 0; i < len; i++) {
		h->rnd = h->rnd * 1103515245u + 12345u;
		b[i] = (uint8_t)(h->rnd >> 16);
	}
	return 0;
}

/* walk - touch everything an event points at, as a caller would */
static void
walk(const struct mcl_event *ev)
{
	struct mw_iter		it = ev->u.list;
	struct mw_room		r;
	struct mw_player_entry	p;
	struct mw_game_entry	g;
	volatile size_t		n = 0;

	if (ev->type == MCL_EV_LOGGED_IN)
		it = ev->u.logged_in.rooms;
	if (ev->type == MCL_EV_ROOM_LIST || ev->type == MCL_EV_LOGGED_IN)
		while (mw_room_list_next(&it, &r))
			n += (size_t)r.port;
	if (ev->type == MCL_EV_PLAYER_LIST)
		while (mw_player_list_next(&it, &p))
			n += strlen(p.data.nick) + strlen(p.data.team);
	if (ev->type == MCL_EV_GAME_LIST)
		while (mw_game_list_next(&it, &g))
			n += g.data_len;
	if (ev->type == MCL_EV_CHAT)
		n += strlen(ev->u.chat.sender) + strlen(ev->u.chat.message);
	if (ev->type == MCL_EV_CLOSED || ev->type == MCL_EV_SERVER_MESSAGE)
		n += strlen(ev->type == MCL_EV_CLOSED ? ev->u.closed.reason :
		    ev->u.msg.text);
	(void)n;
}

/* on_event - also acts from inside the callback, as callers may */
static void
on_event(void *arg, const struct mcl_event *ev)
{
	struct harness	*h = arg;

	h->events++;
	walk(ev);
	if (mcl_event_name(ev->type) == NULL)
		abort();
	if (ev->type == MCL_EV_CHAT)
		(void)mcl_chat(h->s, "echo");
	if (ev->type == MCL_EV_BLAMMED)
		mcl_close(h->s, "kicked");
}

static void
drain(struct harness *h)
{
	const uint8_t	*p;
	size_t		 n = mcl_pending_output(h->s, &p);

	if (n > (h->small ? MCL_CAP_MIN : MCL_OUT_CAP_DEFAULT))
		abort();
	mcl_consume_output(h->s, n);
}

static void
feed(struct harness *h, const uint8_t *p, size_t n)
{
	size_t	i;

	if (!h->bytewise) {
		(void)mcl_feed(h->s, p, n);
		return;
	}
	for (i = 0; i < n && mcl_state(h->s) != MCL_S_CLOSED; i++)
		(void)mcl_feed(h->s, p + i, 1);
}

/* srv_send - frame a payload as the server would, encrypted once keyed */
static void
srv_send(struct harness *h, uint16_t type, const uint8_t *p, size_t len)
{
	size_t	n;

	if (mw_encode_raw(pkt, sizeof(pkt), &n, type, p, len) != MW_OK)
		return;
	if (h->cipher && type != MW_T_SESSION_KEY) {
		if (mc_encrypt(&h->key, pkt + MW_HEADER_SIZE,
		    n - MW_HEADER_SIZE, sizeof(pkt) - MW_HEADER_SIZE, 1, 2,
		    &n) == -1)
			return;
		n += MW_HEADER_SIZE;
		mw_frame_set_length(pkt, n);
	}
	feed(h, pkt, n);
}

/* key_exchange - read the client's 203, answer with ours */
static void
key_exchange(struct harness *h)
{
	const uint8_t	*out;
	uint16_t	 pub[MC_WORDS];
	uint8_t		 mine[MC_WIRE_LEN];
	size_t		 n = mcl_pending_output(h->s, &out);

	if (!h->myth || n < MW_HEADER_SIZE + MC_WIRE_LEN)
		return;
	mc_pub_decode(out + MW_HEADER_SIZE, pub);
	mc_session_key(&h->kp, pub, &h->key);
	mc_pub_encode(h->kp.pub, mine);
	srv_send(h, MW_T_SESSION_KEY, mine, sizeof(mine));
	h->cipher = 1;
}

static void
send_u32s(struct harness *h, uint16_t type, uint32_t a, uint32_t b)
{
	uint8_t	p[8] = { a >> 24, a >> 16, a >> 8, a, b >> 24, b >> 16,
	    b >> 8, b };

	srv_send(h, type, p, sizeof(p));
}

/* lead_login - README 8.1/8.2 as far as step says */
static void
lead_login(struct harness *h, int step)
{
	static const uint8_t	challenge[18];
	static const uint8_t	ok[40] = { 0, 0, 0, 42 };

	if (step >= 2)
		srv_send(h, MW_T_PASSWORD_CHALLENGE, challenge,
		    sizeof(challenge));
	if (step >= 3)
		srv_send(h, MW_T_SEND_VERSIONS, NULL, 0);
	if (step >= 4) {
		srv_send(h, MW_T_USER_SUCCESSFUL_LOGIN, ok, sizeof(ok));
		srv_send(h, MW_T_ROOM_LIST, NULL, 0);
	}
}

/* lead_room - README 9.1 as far as step says */
static void
lead_room(struct harness *h, int step)
{
	if (step >= 2)
		send_u32s(h, MW_T_ROOM_LOGIN_SUCCESSFUL, 42, 999u << 16);
	if (step >= 3)
		send_u32s(h, MW_T_SERVER_MESSAGE, MW_MSG_LOGIN_SUCCESSFUL, 0);
}

static size_t
take(const uint8_t **p, size_t *left, size_t n)
{
	if (n > *left)
		n = *left;
	*p += n;
	*left -= n;
	return n;
}

static void
action_game(struct harness *h, uint8_t op, const uint8_t *a, size_t n)
{
	static const int32_t	ids[4] = { 42, 7, -1, 0 };
	struct mw_game_score	sc;
	struct mw_game_desc	gd;

	memset(&sc, 0, sizeof(sc));
	memset(&gd, 0, sizeof(gd));
	gd.game_name = "fuzz";
	gd.map_name = "map";
	if (op == 0)
		(void)mcl_create_game(h->s, 1234, 0, a, n);
	else if (op == 1)
		(void)mcl_create_game_desc(h->s, 1234, 1, &gd);
	else if (op == 2)
		(void)mcl_start_game(h->s, n > 0 ?
		    (int32_t)((uint32_t)a[0] << 24) : 0);
	else if (op == 3)
		(void)mcl_game_players(h->s, 42, ids, 4);
	else if (op == 4)
		(void)mcl_game_score(h->s, &sc);
	else
		(void)mcl_remove_game(h->s);
}

/* action - one client call chosen by the record */
static void
action(struct harness *h, const uint8_t *a, size_t n)
{
	uint8_t	op = n > 0 ? a[0] % 16 : 0;

	a += n > 0;
	n -= n > 0;
	if (op < 6)
		action_game(h, op, a, n);
	else if (op == 6)
		(void)mcl_chat(h->s, "hello");
	else if (op == 7)
		(void)mcl_private(h->s, n > 0 ? a[0] : 0, "psst");
	else if (op == 8)
		(void)mcl_set_mode(h->s, n > 0 ? a[0] & 1 : 0, a, n);
	else if (op == 9)
		(void)mcl_set_state(h->s, 1);
	else if (op == 10)
		(void)mcl_request_full_update(h->s);
	else if (op == 11)
		(void)mcl_player_info_query(h->s, 7);
	else if (op == 12)
		(void)mcl_keepalive(h->s);
	else if (op == 13)
		(void)mcl_logout(h->s);
	else
		(void)mcl_send_raw(h->s, op, a, n);
}

/* records - "type, u16 length, payload" until the input ends */
static void
records(struct harness *h, const uint8_t *p, size_t left)
{
	const uint8_t	*body;
	uint8_t		 type;
	size_t		 len;

	while (left >= 3 && mcl_state(h->s) != MCL_S_CLOSED) {
		type = p[0];
		len = (size_t)p[1] << 8 | p[2];
		take(&p, &left, 3);
		body = p;
		len = take(&p, &left, len);
		if (type == REC_ACTION)
			action(h, body, len);
		else if (type == REC_DRAIN)
			drain(h);
		else
			srv_send(h, type, body, len);
		if (!h->small)
			drain(h);
	}
}

static int
start(struct harness *h, uint8_t cfg)
{
	static const uint16_t	srv_priv[MC_WORDS] = { 1000, 2000, 3000, 4000 };
	struct mcl_params	p;

	memset(h, 0, sizeof(*h));
	h->myth = (cfg & 1) == 0;
	h->bytewise = (cfg & 0x40) != 0;
	h->small = (cfg & 0x80) != 0;
	memcpy(h->kp.priv, srv_priv, sizeof(srv_priv));
	mc_keypair_derive(&h->kp);
	memset(&p, 0, sizeof(p));
	p.dialect = h->myth ? MW_DIALECT_MYTH : MW_DIALECT_ALEPHONE;
	p.mode = (cfg & 2) ? MCL_ROOM : MCL_LOGIN;
	p.username = "fuzzer";
	p.password = (cfg & 4) ? "secret" : "";	/* bit 2 doubles */
	p.player.nick = "Fuzz";
	p.player.team = "Team";
	p.in_cap = p.out_cap = h->small ? MCL_CAP_MIN : 0;
	p.on_event = on_event;
	p.arg = h;
	p.rnd = fixed_random;
	p.rnd_arg = h;
	return (h->s = mcl_new(&p)) != NULL ? 0 : -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct harness	h;
	int		step;

	if (size < 1 || start(&h, data[0]) == -1)
		return 0;
	step = (data[0] >> 2) & 7;
	if (step >= 1)
		key_exchange(&h);
	drain(&h);
	if ((data[0] & 2) != 0)
		lead_room(&h, step);
	else
		lead_login(&h, step);
	drain(&h);
	if (data[0] & 0x20)
		records(&h, data + 1, size - 1);
	else
		feed(&h, data + 1, size - 1);
	if (mcl_wants_write(h.s) && mcl_state(h.s) == MCL_S_CLOSED)
		abort();
	mcl_free(h.s);
	return 0;
}
