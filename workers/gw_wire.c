/*
 * gw_wire.c - the wire protocol of one client connection: packets out
 * (framed straight into the output buffer, encrypted in place once the
 * Myth key is agreed), the Myth key exchange (README 5.1, 16.2: wait
 * for the client's first packet; after login_grace_ms send our 203
 * first) and routing each incoming packet to the login or room code.
 * Invariant: once c->cipher is set every payload, both ways, passes
 * through the cipher; 203 itself is never encrypted.
 */
#include <sys/ioctl.h>

#include <string.h>

#include "gw.h"
#include "log.h"
#include "worker.h"

static uint64_t	rnd_state;

static void	gw_wire_first(struct gw_conn *, uint16_t, const uint8_t *,
		    size_t);
static void	gw_wire_key(struct gw_conn *, const uint8_t *, size_t);
static void	gw_wire_route(struct gw_conn *, uint16_t, const uint8_t *,
		    size_t);
static uint32_t	gw_filler(void);

/* Cipher filler words: unpredictable enough, and no syscall per packet. */
static uint32_t
gw_filler(void)
{
	if (rnd_state == 0)
		(void)mc_getrandom(NULL, &rnd_state, sizeof(rnd_state));
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	if (rnd_state == 0)
		rnd_state = 0x9e3779b97f4a7c15ULL;
	return (uint32_t)(rnd_state >> 16);
}

/*
 * gw_pkt_begin - room for one packet of up to payload_max plaintext
 * bytes plus the cipher's overhead, or NULL when that would pass the
 * client's output cap: the client is then dropped.
 */
uint8_t *
gw_pkt_begin(struct gw_conn *c, size_t payload_max)
{
	size_t	 need = MW_HEADER_SIZE + payload_max + MC_OVERHEAD;
	uint8_t	*p;

	if (c->dead)
		return NULL;
	p = gw_obuf_reserve(&c->out, need, wrk_cfg()->output_buffer);
	if (p == NULL)
		gw_conn_drop(c, GW_DROP_OUTPUT, "output over %u bytes "
		    "(gateway.output_buffer): slow reader dropped",
		    wrk_cfg()->output_buffer);
	return p;
}

/* gw_pkt_end - len is the plaintext packet, header included. */
void
gw_pkt_end(struct gw_conn *c, uint8_t *pkt, size_t len)
{
	size_t	n = len - MW_HEADER_SIZE;

	if (c->cipher && (pkt[2] << 8 | pkt[3]) != MW_T_SESSION_KEY) {
		(void)mc_encrypt(&c->key, pkt + MW_HEADER_SIZE, n,
		    n + MC_OVERHEAD, gw_filler(), gw_filler(), &n);
		len = MW_HEADER_SIZE + n;
		mw_frame_set_length(pkt, len);
	}
	gw_obuf_commit(&c->out, len);
	gw_conn_dirty(c);
}

void
gw_send_raw(struct gw_conn *c, uint16_t type, const void *payload,
    size_t len)
{
	uint8_t	*p;
	size_t	 n;

	if ((p = gw_pkt_begin(c, len)) == NULL)
		return;
	if (mw_encode_raw(p, len + MW_HEADER_SIZE + MC_OVERHEAD, &n, type,
	    payload, len) != MW_OK) {
		log_warnx("packet %u of %zu bytes does not encode", type, len);
		return;
	}
	gw_pkt_end(c, p, n);
}

void
gw_send_message(struct gw_conn *c, int32_t code, const char *text)
{
	struct mw_server_message	m = { code, text, 0 };
	size_t				cap = MS_TEXT_MAX + 4;
	uint8_t				*p;
	size_t				 n;

	if ((p = gw_pkt_begin(c, cap)) == NULL)
		return;
	if (mw_encode_server_message(p, MW_HEADER_SIZE + cap + MC_OVERHEAD,
	    &n, &m) == MW_OK)
		gw_pkt_end(c, p, n);
}

/* gw_send_text - 10 or 21: one cstr. */
void
gw_send_text(struct gw_conn *c, uint16_t type, const char *text)
{
	gw_send_raw(c, type, text, strlen(text) + 1);
}

void
gw_send_empty(struct gw_conn *c, uint16_t type)
{
	gw_send_raw(c, type, NULL, 0);
}

void
gw_send_key(struct gw_conn *c)
{
	uint8_t	pub[MC_WIRE_LEN];

	if (c->key_sent)
		return;
	if (mc_keypair_new(&c->kp, NULL, NULL) == -1) {
		gw_conn_drop(c, GW_DROP_NONE, "no random bytes for a key");
		return;
	}
	mc_pub_encode(c->kp.pub, pub);
	c->key_sent = 1;
	gw_send_raw(c, MW_T_SESSION_KEY, pub, sizeof(pub));
}

/*
 * gw_wire_grace - login_grace_ms after accept: a client that sent
 * nothing yet may be a Myth client that waits for our key (README
 * 16.2).  The timer may fire in the loop turn whose read would bring
 * the first packet: bytes received or waiting in the socket mean the
 * client spoke, and its first packet names the dialect.
 */
void
gw_wire_grace(struct gw_conn *c)
{
	int	n = 0;

	if (c->state != GW_S_FIRST || c->in_len > 0)
		return;
	if (ioctl(c->fd, FIONREAD, &n) == 0 && n > 0)
		return;
	gw_send_key(c);
}

static void
gw_wire_key(struct gw_conn *c, const uint8_t *p, size_t len)
{
	uint16_t	their[MC_WORDS];

	if (c->cipher || len != MC_WIRE_LEN) {
		gw_conn_drop(c, GW_DROP_INPUT, "unexpected session key");
		return;
	}
	gw_send_key(c);
	if (c->dead)
		return;
	mc_pub_decode(p, their);
	mc_session_key(&c->kp, their, &c->key);
	c->cipher = 1;
	c->dialect = MW_DIALECT_MYTH;
	c->state = c->port == GW_PORT_LOGIN ? GW_S_LOGIN : GW_S_RLOGIN;
}

/* gw_wire_first - the first packet names the dialect (README 16.2). */
static void
gw_wire_first(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len)
{
	gw_sweep_unshort(c);
	if (type == MW_T_SESSION_KEY) {
		gw_wire_key(c, p, len);
		return;
	}
	if (type == MW_T_LOGIN && c->port == GW_PORT_LOGIN)
		c->state = GW_S_LOGIN;
	else if (type == MW_T_ROOM_LOGIN && c->port == GW_PORT_ROOM)
		c->state = GW_S_RLOGIN;
	else {
		gw_conn_drop(c, GW_DROP_INPUT, "first packet %u (%s)", type,
		    mw_type_name(type));
		return;
	}
	c->dialect = MW_DIALECT_ALEPHONE;
	gw_wire_route(c, type, p, len);
}

static void
gw_wire_route(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len)
{
	if (c->port == GW_PORT_LOGIN)
		gw_login_packet(c, type, p, len);
	else
		gw_room_packet(c, type, p, len);
}

void
gw_wire_packet(struct gw_conn *c, const struct mw_frame *f)
{
	uint8_t	*p = f->payload;
	size_t	 len = f->len;

	if (c->state == GW_S_FIRST) {
		gw_wire_first(c, f->type, p, len);
		return;
	}
	if (f->type == MW_T_SESSION_KEY) {
		gw_wire_key(c, p, len);
		return;
	}
	if (c->cipher && mc_decrypt(&c->key, f->payload, f->len, &p,
	    &len) == -1) {
		gw_conn_drop(c, GW_DROP_INPUT, "packet %u does not decrypt",
		    f->type);
		return;
	}
	gw_wire_route(c, f->type, p, len);
}
