/*
 * gw_token.c - the room token a login hands out in packet 7 and a room
 * login (101) hands back.  Layout, big-endian: user_id (4), expiry in
 * unix seconds (4), order (2), caste (2), flags (1), a random nonce (3),
 * then a 16-byte keyed BLAKE2b MAC over those 16 bytes.  The key is the
 * supervisor's per-run secret, so a token is good on every gateway of
 * this run and on none after a restart; it is reusable until it
 * expires (room changes, README 9.11).  The MAC is compared in
 * constant time.
 */
#include <string.h>

#include <sodium.h>

#include "gw.h"

#define GW_TOKEN_BODY	16
#define GW_TOKEN_MAC	16

static void	gw_token_mac(const uint8_t *, const uint8_t *, uint8_t *);
static void	gw_put32(uint8_t *, uint32_t);
static uint32_t	gw_get32(const uint8_t *);

static void
gw_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
gw_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
gw_token_mac(const uint8_t *body, const uint8_t *key, uint8_t *mac)
{
	(void)crypto_generichash(mac, GW_TOKEN_MAC, body, GW_TOKEN_BODY,
	    key, MS_SECRET_SIZE);
}

void
gw_token_make(uint8_t out[MW_TOKEN_SIZE], const struct gw_token *t,
    const uint8_t *key)
{
	gw_put32(out, t->user_id);
	gw_put32(out + 4, t->expiry);
	out[8] = (uint8_t)((uint16_t)t->order >> 8);
	out[9] = (uint8_t)t->order;
	out[10] = (uint8_t)((uint16_t)t->caste >> 8);
	out[11] = (uint8_t)t->caste;
	out[12] = t->flags;
	randombytes_buf(out + 13, 3);
	gw_token_mac(out, key, out + GW_TOKEN_BODY);
}

int
gw_token_check(const uint8_t tok[MW_TOKEN_SIZE], const uint8_t *key,
    uint64_t now_s, struct gw_token *t)
{
	uint8_t	mac[GW_TOKEN_MAC];

	gw_token_mac(tok, key, mac);
	if (crypto_verify_16(mac, tok + GW_TOKEN_BODY) != 0)
		return -1;
	memset(t, 0, sizeof(*t));
	t->user_id = gw_get32(tok);
	t->expiry = gw_get32(tok + 4);
	t->order = (int16_t)(tok[8] << 8 | tok[9]);
	t->caste = (int16_t)(tok[10] << 8 | tok[11]);
	t->flags = tok[12];
	if (now_s >= t->expiry)
		return -1;
	return 0;
}
