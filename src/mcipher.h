/*
 * mcipher.h - the Myth II encryption layer (protocol README section 5):
 * the four-word session-key exchange of packet 203 and the payload
 * scrambler wrapped around every later payload.  Nothing here allocates
 * or keeps state between calls; a connection stores its own key.
 * The layer is obfuscation, not security: never rely on it for secrecy.
 */
#ifndef MS_MCIPHER_H
#define MS_MCIPHER_H

#include <stddef.h>
#include <stdint.h>

#define MC_PRIME	32717	/* P of the key exchange */
#define MC_GENERATOR	18334	/* G of the key exchange */
#define MC_WORDS	4	/* independent 16-bit exchanges */
#define MC_WIRE_LEN	8	/* 203 payload: MC_WORDS little-endian u16 */
#define MC_KEY_LEN	8	/* session key bytes */
#define MC_OVERHEAD	24	/* R0(4) CHECK1(8) ... CHECK2(8) R1(4) */
#define MC_HEAD		12	/* R0 + CHECK1: plaintext offset in a buffer */

/* One side of the exchange: private words stay local, pub goes on wire. */
struct mc_keypair {
	uint16_t	priv[MC_WORDS];	/* each in 1 .. MC_PRIME - 1 */
	uint16_t	pub[MC_WORDS];	/* mc_power_mod(G, priv[i]) */
};

/* The 8 session-key bytes (words little-endian), shared by both sides. */
struct mc_key {
	uint8_t		b[MC_KEY_LEN];
};

/*
 * Random source: fill buf with len random bytes and return 0, or return
 * -1.  arg is passed through.  mc_getrandom() is the default.
 */
typedef int	(*mc_random_fn)(void *arg, void *buf, size_t len);

/* mc_getrandom - an mc_random_fn over getrandom(2); arg is unused. */
int	mc_getrandom(void *arg, void *buf, size_t len);

/*
 * mc_power_mod - power_mod() exactly as the reference defines it: e = 0
 * and e = 1 both give b unreduced, larger e give b^e mod P.  Any 32-bit
 * b and e are safe (hostile peers send words up to 65535).
 */
uint32_t	mc_power_mod(uint32_t b, uint32_t e);

/*
 * mc_keypair_new - choose private words uniformly in 1 .. P-1 from rnd
 * (NULL = mc_getrandom) and derive the public words.  Returns 0, or -1
 * (errno EIO) when the random source fails or keeps giving
 * out-of-range values.
 */
int	mc_keypair_new(struct mc_keypair *kp, mc_random_fn rnd, void *arg);

/* mc_keypair_derive - fill kp->pub from the private words already set. */
void	mc_keypair_derive(struct mc_keypair *kp);

/* mc_pub_encode - the 8-byte 203 payload (words little-endian). */
void	mc_pub_encode(const uint16_t pub[MC_WORDS], uint8_t out[MC_WIRE_LEN]);

/* mc_pub_decode - the peer's 8-byte 203 payload into words. */
void	mc_pub_decode(const uint8_t in[MC_WIRE_LEN], uint16_t pub[MC_WORDS]);

/*
 * mc_session_key - the shared key from our private words and the peer's
 * public words.  Any peer words (0, 65535, ...) give some key; a
 * hostile peer merely gets a key only it understands.
 */
void	mc_session_key(const struct mc_keypair *kp,
	    const uint16_t their_pub[MC_WORDS], struct mc_key *key);

/*
 * mc_encrypt - scramble the len-byte plaintext at buf[0] in place into
 * len + MC_OVERHEAD bytes.  cap is the size of buf and must be at least
 * len + MC_OVERHEAD.  r0 and r1 are the two filler words (random on a
 * live connection, fixed in tests).  Returns 0 and sets *outlen_r, or
 * -1 with errno EMSGSIZE (buf untouched) when cap is too small.
 */
int	mc_encrypt(const struct mc_key *key, uint8_t *buf, size_t len,
	    size_t cap, uint32_t r0, uint32_t r1, size_t *outlen_r);

/*
 * mc_decrypt - unscramble the len-byte ciphertext in buf in place.  On
 * success returns 0 with the plaintext at *plain_r = buf + MC_HEAD,
 * *plainlen_r = len - MC_OVERHEAD bytes.  Returns -1 with errno
 * EMSGSIZE when len < MC_OVERHEAD (buf untouched) or EBADMSG when a
 * check block does not match (buf holds garbage; close the connection).
 */
int	mc_decrypt(const struct mc_key *key, uint8_t *buf, size_t len,
	    uint8_t **plain_r, size_t *plainlen_r);

#endif /* MS_MCIPHER_H */
