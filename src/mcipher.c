/*
 * mcipher.c - Myth II session-key exchange and payload scrambler
 * (protocol README 5.1, 5.2).  Every result must match what deployed
 * servers and 1.8 clients compute bit for bit, including the odd corners
 * of their power_mod, so the code follows the reference's definitions
 * rather than textbook ones.  All arithmetic is unsigned 32-bit and
 * every loop is linear in its input; nothing allocates.
 */
#include <sys/random.h>

#include <errno.h>
#include <string.h>

#include "mcipher.h"

/* Tries per private word before blaming the random source. */
#define KEYGEN_TRIES	32

static const uint8_t check1[8] = {
	0x17, 0x22, 0xe8, 0x2d, 0x22, 0x35, 0x1c, 0xd6
};
static const uint8_t check2[8] = {
	0x28, 0x5c, 0x22, 0xea, 0x04, 0x52, 0x08, 0x2a
};

static int	draw_private(uint16_t *x, mc_random_fn rnd, void *arg);
static void	put_le32(uint8_t *p, uint32_t v);
static void	key_xor(const struct mc_key *key, uint8_t *p, size_t n);
static void	scramble(uint8_t *p, size_t n);
static void	unscramble(uint8_t *p, size_t n);

int
mc_getrandom(void *arg, void *buf, size_t len)
{
	uint8_t	*p = buf;
	ssize_t	 n;

	(void)arg;
	while (len > 0) {
		n = getrandom(p, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

uint32_t
mc_power_mod(uint32_t b, uint32_t e)
{
	uint32_t	r, sq;

	/*
	 * The reference starts from r = b and multiplies e - 1 times, so
	 * e = 0 and e = 1 return b as is.  For e >= 2 every step reduces,
	 * which is b^e mod P: square-and-multiply gets the same value in
	 * O(log e).  Reducing b first keeps each product below 2^30.
	 */
	if (e < 2)
		return b;
	sq = b % MC_PRIME;
	r = 1;
	while (e > 0) {
		if (e & 1)
			r = r * sq % MC_PRIME;
		sq = sq * sq % MC_PRIME;
		e >>= 1;
	}
	return r;
}

/*
 * draw_private - one private word, uniform in 1 .. P-1: 15 random bits
 * (little-endian pair, top bit dropped) with rejection, because
 * 2^15 is not a multiple of P - 1.
 */
static int
draw_private(uint16_t *x, mc_random_fn rnd, void *arg)
{
	uint8_t		b[2];
	uint16_t	v;
	int		i;

	for (i = 0; i < KEYGEN_TRIES; i++) {
		if (rnd(arg, b, sizeof(b)) == -1)
			break;
		v = (uint16_t)((b[0] | b[1] << 8) & 0x7fff);
		if (v >= 1 && v < MC_PRIME) {
			*x = v;
			return 0;
		}
	}
	errno = EIO;
	return -1;
}

int
mc_keypair_new(struct mc_keypair *kp, mc_random_fn rnd, void *arg)
{
	int	i;

	if (rnd == NULL)
		rnd = mc_getrandom;
	for (i = 0; i < MC_WORDS; i++)
		if (draw_private(&kp->priv[i], rnd, arg) == -1)
			return -1;
	mc_keypair_derive(kp);
	return 0;
}

void
mc_keypair_derive(struct mc_keypair *kp)
{
	int	i;

	for (i = 0; i < MC_WORDS; i++)
		kp->pub[i] = (uint16_t)mc_power_mod(MC_GENERATOR,
		    kp->priv[i]);
}

void
mc_pub_encode(const uint16_t pub[MC_WORDS], uint8_t out[MC_WIRE_LEN])
{
	int	i;

	for (i = 0; i < MC_WORDS; i++) {
		out[2 * i] = (uint8_t)(pub[i] & 0xff);
		out[2 * i + 1] = (uint8_t)(pub[i] >> 8);
	}
}

void
mc_pub_decode(const uint8_t in[MC_WIRE_LEN], uint16_t pub[MC_WORDS])
{
	int	i;

	for (i = 0; i < MC_WORDS; i++)
		pub[i] = (uint16_t)(in[2 * i] | in[2 * i + 1] << 8);
}

void
mc_session_key(const struct mc_keypair *kp,
    const uint16_t their_pub[MC_WORDS], struct mc_key *key)
{
	uint16_t	w[MC_WORDS];
	int		i;

	/*
	 * A peer word of 65535 with our exponent 1 would come back
	 * unreduced; it still fits the 16-bit word both sides keep.
	 */
	for (i = 0; i < MC_WORDS; i++)
		w[i] = (uint16_t)mc_power_mod(their_pub[i], kp->priv[i]);
	mc_pub_encode(w, key->b);
}

static void
put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void
key_xor(const struct mc_key *key, uint8_t *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		p[i] ^= key->b[i % MC_KEY_LEN];
}

/*
 * scramble - pass 1a then 1b of 5.2.  Each step reads bytes that earlier
 * steps of the same pass already changed, so the order is the cipher.
 */
static void
scramble(uint8_t *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		p[i] ^= p[(i + 1) % n];
		p[(i + 2) % n] ^= p[i];
	}
	for (i = n; i-- > 0;) {
		p[i] ^= p[(i + n - 1) % n];
		p[(i + n - 3) % n] ^= p[i];
	}
}

/* unscramble - undo scramble: each pass backwards, statements swapped. */
static void
unscramble(uint8_t *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		p[(i + n - 3) % n] ^= p[i];
		p[i] ^= p[(i + n - 1) % n];
	}
	for (i = n; i-- > 0;) {
		p[(i + 2) % n] ^= p[i];
		p[i] ^= p[(i + 1) % n];
	}
}

int
mc_encrypt(const struct mc_key *key, uint8_t *buf, size_t len, size_t cap,
    uint32_t r0, uint32_t r1, size_t *outlen_r)
{
	size_t	n;

	if (cap < MC_OVERHEAD || len > cap - MC_OVERHEAD) {
		errno = EMSGSIZE;
		return -1;
	}
	n = len + MC_OVERHEAD;
	memmove(buf + MC_HEAD, buf, len);
	put_le32(buf, r0);
	memcpy(buf + 4, check1, sizeof(check1));
	memcpy(buf + MC_HEAD + len, check2, sizeof(check2));
	put_le32(buf + n - 4, r1);
	scramble(buf, n);
	key_xor(key, buf, n);
	*outlen_r = n;
	return 0;
}

int
mc_decrypt(const struct mc_key *key, uint8_t *buf, size_t len,
    uint8_t **plain_r, size_t *plainlen_r)
{
	if (len < MC_OVERHEAD) {
		errno = EMSGSIZE;
		return -1;
	}
	key_xor(key, buf, len);
	unscramble(buf, len);
	if (memcmp(buf + 4, check1, sizeof(check1)) != 0 ||
	    memcmp(buf + len - 12, check2, sizeof(check2)) != 0) {
		errno = EBADMSG;
		return -1;
	}
	*plain_r = buf + MC_HEAD;
	*plainlen_r = len - MC_OVERHEAD;
	return 0;
}
