/*
 * fuzz_mcipher.c - libFuzzer target for the Myth II payload decrypter,
 * the one cipher entry point fed straight from the network.  Input: an
 * 8-byte session key, a mode byte, then data.  Even mode: data is a
 * ciphertext; whatever decrypts must encrypt back to the same bytes.
 * Odd mode: data is a plaintext that must survive a round trip (random
 * bytes almost never pass the check blocks, so this reaches the rest).
 * The key bytes double as hostile key-exchange words.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mcipher.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t
get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* re_encrypt - a decrypted buffer must scramble back to the original. */
static void
re_encrypt(const struct mc_key *key, uint8_t *buf, const uint8_t *plain,
    size_t plen, const uint8_t *orig, size_t len)
{
	uint32_t	r0 = get_le32(buf), r1 = get_le32(buf + len - 4);
	size_t		n;

	memmove(buf, plain, plen);
	if (mc_encrypt(key, buf, plen, len, r0, r1, &n) != 0 || n != len ||
	    memcmp(buf, orig, len) != 0)
		abort();
}

static void
exchange(const uint8_t *data)
{
	struct mc_keypair	kp;
	struct mc_key		key;
	uint16_t		peer[MC_WORDS];

	mc_pub_decode(data, peer);
	mc_pub_decode(data, kp.priv);
	mc_keypair_derive(&kp);
	mc_session_key(&kp, peer, &key);
}

/* round_trip - encrypt then decrypt must give the plaintext back. */
static void
round_trip(const struct mc_key *key, const uint8_t *data, size_t len)
{
	uint8_t	*buf, *plain;
	size_t	 n, plen;

	if ((buf = malloc(len + MC_OVERHEAD)) == NULL)
		return;
	memcpy(buf, data, len);
	if (mc_encrypt(key, buf, len, len + MC_OVERHEAD, (uint32_t)len,
	    ~(uint32_t)len, &n) != 0 || n != len + MC_OVERHEAD)
		abort();
	if (mc_decrypt(key, buf, n, &plain, &plen) != 0 || plen != len ||
	    memcmp(plain, data, len) != 0)
		abort();
	free(buf);
}

static void
decrypt_raw(const struct mc_key *key, const uint8_t *data, size_t len)
{
	uint8_t	*buf, *plain;
	size_t	 plen;

	/* An exact-size heap copy, so ASan sees any access past len. */
	if ((buf = malloc(len ? len : 1)) == NULL)
		return;
	memcpy(buf, data, len);
	if (mc_decrypt(key, buf, len, &plain, &plen) == 0) {
		if (plain != buf + MC_HEAD || plen + MC_OVERHEAD != len)
			abort();
		re_encrypt(key, buf, plain, plen, data, len);
	}
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_key	key;

	if (size < MC_KEY_LEN + 1)
		return 0;
	memcpy(key.b, data, MC_KEY_LEN);
	exchange(data);
	if (data[MC_KEY_LEN] & 1)
		round_trip(&key, data + MC_KEY_LEN + 1,
		    size - MC_KEY_LEN - 1);
	else
		decrypt_raw(&key, data + MC_KEY_LEN + 1,
		    size - MC_KEY_LEN - 1);
	return 0;
}
