/*
 * test_mcipher.c - the Myth II cipher against the checked known-answer
 * packets in tests/vectors/cipher_*.hex (keys from the private words in
 * their comments, exact ciphertext from the given R0/R1), plus the error
 * paths, hostile key words and power_mod's reference corner cases.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mcipher.h"
#include "tvec.h"

#define VEC_MAX	512

/* One known-answer packet; the values are copied from its comments. */
struct kat {
	const char	*file;
	uint16_t	 type;
	uint16_t	 srv_priv[MC_WORDS];
	uint16_t	 srv_pub[MC_WORDS];
	uint16_t	 cli_priv[MC_WORDS];
	uint16_t	 cli_pub[MC_WORDS];
	uint16_t	 key_words[MC_WORDS];
	uint8_t		 key[MC_KEY_LEN];
	uint8_t		 plain[16];
	size_t		 plainlen;
	uint32_t	 r0, r1;
};

static const struct kat kats[] = {
	{
		"cipher_version_control.hex", 115,
		{ 1000, 2000, 3000, 4000 }, { 10292, 20335, 29888, 2062 },
		{ 11, 222, 3333, 30000 }, { 1428, 2353, 18022, 256 },
		{ 3808, 32600, 3749, 28624 },
		{ 0xe0, 0x0e, 0x58, 0x7f, 0xa5, 0x0e, 0xd0, 0x6f },
		{ 0x00, 0x00, 0x00, 0xc9, 0x00, 0x00, 0x08, 0x84,
		  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xac }, 16,
		0x11223344, 0x55667788
	},
	{
		"cipher_send_versions.hex", 12,
		{ 1000, 2000, 3000, 4000 }, { 10292, 20335, 29888, 2062 },
		{ 11, 222, 3333, 30000 }, { 1428, 2353, 18022, 256 },
		{ 3808, 32600, 3749, 28624 },
		{ 0xe0, 0x0e, 0x58, 0x7f, 0xa5, 0x0e, 0xd0, 0x6f },
		{ 0 }, 0,
		0xdeadbeef, 0x01020304
	},
};
#define NKATS	(sizeof(kats) / sizeof(kats[0]))

static void
expect_u32(uint32_t got, uint32_t want, const char *what)
{
	if (got != want)
		fail_msg("%s: got %u, want %u", what, got, want);
}

static void
expect_bytes(const uint8_t *got, const uint8_t *want, size_t n,
    const char *what)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (got[i] != want[i])
			fail_msg("%s: byte %zu: got %02x, want %02x", what, i,
			    got[i], want[i]);
}

static void
test_power_mod_edges(void **state)
{
	static const struct {
		uint32_t	b, e, want;
	} t[] = {
		{ MC_GENERATOR, 0, MC_GENERATOR },	/* e = 0 acts as 1 */
		{ MC_GENERATOR, 1, MC_GENERATOR },
		{ 65535, 0, 65535 },			/* unreduced */
		{ 65535, 1, 65535 },
		{ MC_PRIME, 1, MC_PRIME },
		{ MC_PRIME, 2, 0 },
		{ 65535, 2, 101 * 101 },		/* 65535 = 2P + 101 */
		{ 0, 0, 0 },
		{ 0, 7, 0 },
		{ 1, 65535, 1 },
		{ MC_PRIME - 1, 2, 1 },
		{ MC_PRIME - 1, 3, MC_PRIME - 1 },
		{ MC_GENERATOR, 1000, 10292 },
		{ MC_GENERATOR, 30000, 256 },
		{ 1428, 1000, 3808 },
	};
	char	what[64];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(what, sizeof(what), "power_mod(%u, %u)", t[i].b,
		    t[i].e);
		expect_u32(mc_power_mod(t[i].b, t[i].e), t[i].want, what);
	}
}

/* Every exponent 2..65535 against the reference's repeated product. */
static void
test_power_mod_matches_reference_loop(void **state)
{
	static const uint32_t	bases[] = {
		0, 1, 2, MC_GENERATOR, MC_PRIME - 1, MC_PRIME, MC_PRIME + 1,
		40000, 65535
	};
	uint32_t		r, e;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		r = bases[i];
		for (e = 2; e <= 65535; e++) {
			r = r * bases[i] % MC_PRIME;
			if (mc_power_mod(bases[i], e) != r)
				fail_msg("power_mod(%u, %u): got %u, want %u",
				    bases[i], e, mc_power_mod(bases[i], e), r);
		}
	}
}

static void
test_kat_public_keys(void **state)
{
	struct mc_keypair	kp;
	size_t			k;
	int			i;

	(void)state;
	for (k = 0; k < NKATS; k++) {
		memcpy(kp.priv, kats[k].srv_priv, sizeof(kp.priv));
		mc_keypair_derive(&kp);
		for (i = 0; i < MC_WORDS; i++)
			expect_u32(kp.pub[i], kats[k].srv_pub[i], "server pub");
		memcpy(kp.priv, kats[k].cli_priv, sizeof(kp.priv));
		mc_keypair_derive(&kp);
		for (i = 0; i < MC_WORDS; i++)
			expect_u32(kp.pub[i], kats[k].cli_pub[i], "client pub");
	}
}

static void
test_kat_session_key(void **state)
{
	struct mc_keypair	srv, cli;
	struct mc_key		ks, kc;
	size_t			k;

	(void)state;
	for (k = 0; k < NKATS; k++) {
		memcpy(srv.priv, kats[k].srv_priv, sizeof(srv.priv));
		memcpy(cli.priv, kats[k].cli_priv, sizeof(cli.priv));
		mc_keypair_derive(&srv);
		mc_keypair_derive(&cli);
		mc_session_key(&srv, cli.pub, &ks);
		mc_session_key(&cli, srv.pub, &kc);
		expect_bytes(ks.b, kats[k].key, MC_KEY_LEN, "server key");
		expect_bytes(kc.b, kats[k].key, MC_KEY_LEN, "client key");
	}
}

static void
test_kat_key_words_little_endian(void **state)
{
	uint16_t	w[MC_WORDS];
	size_t		k;
	int		i;

	(void)state;
	for (k = 0; k < NKATS; k++) {
		mc_pub_decode(kats[k].key, w);
		for (i = 0; i < MC_WORDS; i++)
			expect_u32(w[i], kats[k].key_words[i], "key word");
	}
}

static void
test_kat_encrypt(void **state)
{
	uint8_t		vec[VEC_MAX], buf[VEC_MAX];
	struct mc_key	key;
	size_t		k, vlen, n;

	(void)state;
	for (k = 0; k < NKATS; k++) {
		vlen = tvec_load(kats[k].file, vec, sizeof(vec));
		expect_u32(vlen, 8 + kats[k].plainlen + MC_OVERHEAD,
		    "vector size");
		expect_u32((uint32_t)(vec[2] << 8 | vec[3]), kats[k].type,
		    "vector type");
		memcpy(key.b, kats[k].key, sizeof(key.b));
		memcpy(buf, kats[k].plain, kats[k].plainlen);
		assert_int_equal(mc_encrypt(&key, buf, kats[k].plainlen,
		    sizeof(buf), kats[k].r0, kats[k].r1, &n), 0);
		expect_u32(n, vlen - 8, "ciphertext length");
		expect_bytes(buf, vec + 8, n, kats[k].file);
	}
}

static void
test_kat_decrypt(void **state)
{
	uint8_t		vec[VEC_MAX], *plain;
	struct mc_key	key;
	size_t		k, vlen, plen;

	(void)state;
	for (k = 0; k < NKATS; k++) {
		vlen = tvec_load(kats[k].file, vec, sizeof(vec));
		memcpy(key.b, kats[k].key, sizeof(key.b));
		assert_int_equal(mc_decrypt(&key, vec + 8, vlen - 8, &plain,
		    &plen), 0);
		expect_u32(plen, kats[k].plainlen, "plaintext length");
		assert_ptr_equal(plain, vec + 8 + MC_HEAD);
		expect_bytes(plain, kats[k].plain, plen, kats[k].file);
	}
}

/* Any single flipped bit must be caught by a check block. */
static void
test_decrypt_corrupt_rejected(void **state)
{
	uint8_t		vec[VEC_MAX], buf[VEC_MAX], *plain;
	struct mc_key	key;
	size_t		k, vlen, i, plen;
	int		bit;

	(void)state;
	for (k = 0; k < NKATS; k++) {
		vlen = tvec_load(kats[k].file, vec, sizeof(vec)) - 8;
		memcpy(key.b, kats[k].key, sizeof(key.b));
		for (i = 0; i < vlen; i++) {
			for (bit = 0; bit < 8; bit++) {
				memcpy(buf, vec + 8, vlen);
				buf[i] ^= (uint8_t)(1 << bit);
				errno = 0;
				if (mc_decrypt(&key, buf, vlen, &plain,
				    &plen) != -1 || errno != EBADMSG)
					fail_msg("%s: flip byte %zu bit %d: "
					    "got accepted, want EBADMSG",
					    kats[k].file, i, bit);
			}
		}
	}
}

static void
test_decrypt_wrong_key(void **state)
{
	uint8_t		vec[VEC_MAX], *plain;
	struct mc_key	key;
	size_t		vlen, plen;

	(void)state;
	vlen = tvec_load(kats[0].file, vec, sizeof(vec)) - 8;
	memcpy(key.b, kats[0].key, sizeof(key.b));
	key.b[3] ^= 0x01;
	errno = 0;
	assert_int_equal(mc_decrypt(&key, vec + 8, vlen, &plain, &plen), -1);
	expect_u32((uint32_t)errno, EBADMSG, "errno");
}

static void
test_decrypt_short(void **state)
{
	uint8_t		buf[MC_OVERHEAD], orig[MC_OVERHEAD], *plain = NULL;
	struct mc_key	key = { { 1, 2, 3, 4, 5, 6, 7, 8 } };
	size_t		len, plen = 99;

	(void)state;
	memset(orig, 0x5a, sizeof(orig));
	for (len = 0; len < MC_OVERHEAD; len++) {
		memcpy(buf, orig, sizeof(buf));
		errno = 0;
		assert_int_equal(mc_decrypt(&key, buf, len, &plain, &plen),
		    -1);
		expect_u32((uint32_t)errno, EMSGSIZE, "errno");
		expect_bytes(buf, orig, sizeof(buf), "untouched");
		assert_null(plain);
		expect_u32(plen, 99, "plainlen");
	}
}

static void
test_empty_round_trip(void **state)
{
	uint8_t		buf[MC_OVERHEAD], *plain;
	struct mc_key	key = { { 9, 8, 7, 6, 5, 4, 3, 2 } };
	size_t		n, plen;

	(void)state;
	assert_int_equal(mc_encrypt(&key, buf, 0, sizeof(buf), 1, 2, &n), 0);
	expect_u32(n, MC_OVERHEAD, "ciphertext length");
	assert_int_equal(mc_decrypt(&key, buf, n, &plain, &plen), 0);
	expect_u32(plen, 0, "plaintext length");
	assert_ptr_equal(plain, buf + MC_HEAD);
}

/* Lengths around the wrap-around indices and a full-size packet. */
static void
test_round_trip_lengths(void **state)
{
	static uint8_t	buf[8192 + MC_OVERHEAD], want[8192];
	struct mc_key	key = { { 0xe0, 0x0e, 0x58, 0x7f, 0xa5, 0x0e, 0xd0,
			    0x6f } };
	uint8_t		*plain;
	size_t		len, n, plen, i;

	(void)state;
	for (i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)(i * 131 + 7);
	for (len = 0; len <= sizeof(want); len += (len < 64 ? 1 : 509)) {
		memcpy(buf, want, len);
		assert_int_equal(mc_encrypt(&key, buf, len, len + MC_OVERHEAD,
		    (uint32_t)len, ~(uint32_t)len, &n), 0);
		assert_int_equal(mc_decrypt(&key, buf, n, &plain, &plen), 0);
		expect_u32(plen, len, "plaintext length");
		expect_bytes(plain, want, len, "round trip");
	}
}

static void
test_encrypt_no_room(void **state)
{
	static const struct {
		size_t	len, cap;
	} t[] = {
		{ 0, 0 }, { 0, MC_OVERHEAD - 1 }, { 10, 10 + MC_OVERHEAD - 1 },
		{ SIZE_MAX, 64 }, { SIZE_MAX - MC_OVERHEAD + 1, 64 },
	};
	uint8_t		buf[64], orig[64];
	struct mc_key	key = { { 0 } };
	size_t		i, n = 77;

	(void)state;
	memset(orig, 0xa5, sizeof(orig));
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memcpy(buf, orig, sizeof(buf));
		errno = 0;
		assert_int_equal(mc_encrypt(&key, buf, t[i].len, t[i].cap, 0,
		    0, &n), -1);
		expect_u32((uint32_t)errno, EMSGSIZE, "errno");
		expect_bytes(buf, orig, sizeof(buf), "untouched");
		expect_u32(n, 77, "outlen");
	}
}

static void
test_hostile_public_words(void **state)
{
	static const struct {
		uint16_t	peer, priv, want;
	} t[] = {
		{ 0, 1, 0 }, { 0, 2, 0 }, { 0, MC_PRIME - 1, 0 },
		{ 65535, 1, 65535 }, { 65535, 2, 101 * 101 },
		{ MC_PRIME, 5, 0 }, { 1, MC_PRIME - 1, 1 },
	};
	struct mc_keypair	kp;
	struct mc_key		key;
	uint16_t		peer[MC_WORDS], got[MC_WORDS];
	size_t			i;
	int			w;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		for (w = 0; w < MC_WORDS; w++) {
			kp.priv[w] = t[i].priv;
			peer[w] = t[i].peer;
		}
		mc_keypair_derive(&kp);
		mc_session_key(&kp, peer, &key);
		mc_pub_decode(key.b, got);
		for (w = 0; w < MC_WORDS; w++)
			expect_u32(got[w], t[i].want, "session word");
	}
}

/* A scripted random source: hands out fixed bytes, then fails. */
struct script {
	const uint8_t	*bytes;
	size_t		 len, pos;
};

static int
script_random(void *arg, void *buf, size_t len)
{
	struct script	*s = arg;

	if (s->len - s->pos < len)
		return -1;
	memcpy(buf, s->bytes + s->pos, len);
	s->pos += len;
	return 0;
}

static void
test_keypair_from_source(void **state)
{
	/* 0, P, 0x7fff rejected; high bit of the pair dropped. */
	static const uint8_t	bytes[] = {
		0x00, 0x00, 0xcd, 0x7f, 0xff, 0xff, 0xe8, 0x83,
		0xd0, 0x07, 0xb8, 0x0b, 0xcc, 0x7f
	};
	static const uint16_t	want[MC_WORDS] = { 1000, 2000, 3000, 32716 };
	struct script		s = { bytes, sizeof(bytes), 0 };
	struct mc_keypair	kp;
	int			i;

	(void)state;
	assert_int_equal(mc_keypair_new(&kp, script_random, &s), 0);
	for (i = 0; i < MC_WORDS; i++) {
		expect_u32(kp.priv[i], want[i], "private word");
		expect_u32(kp.pub[i], mc_power_mod(MC_GENERATOR, want[i]),
		    "public word");
	}
	expect_u32(s.pos, sizeof(bytes), "bytes used");
}

static void
test_keypair_source_fails(void **state)
{
	static const uint8_t	zeros[4096];
	static const uint8_t	one[] = { 0x01, 0x00 };
	struct script		s;
	struct mc_keypair	kp;

	(void)state;
	s = (struct script){ one, sizeof(one), 0 };
	errno = 0;
	assert_int_equal(mc_keypair_new(&kp, script_random, &s), -1);
	expect_u32((uint32_t)errno, EIO, "errno after source failure");
	s = (struct script){ zeros, sizeof(zeros), 0 };
	errno = 0;
	assert_int_equal(mc_keypair_new(&kp, script_random, &s), -1);
	expect_u32((uint32_t)errno, EIO, "errno after only zeros");
}

static void
test_keypair_getrandom(void **state)
{
	struct mc_keypair	kp;
	int			i, round;

	(void)state;
	for (round = 0; round < 64; round++) {
		assert_int_equal(mc_keypair_new(&kp, NULL, NULL), 0);
		for (i = 0; i < MC_WORDS; i++) {
			assert_in_range(kp.priv[i], 1, MC_PRIME - 1);
			expect_u32(kp.pub[i],
			    mc_power_mod(MC_GENERATOR, kp.priv[i]), "pub");
		}
	}
}

/* The session_key.hex example: 1234, 20000, 7, 32000. */
static void
test_pub_wire_format(void **state)
{
	static const uint8_t	wire[MC_WIRE_LEN] = {
		0xd2, 0x04, 0x20, 0x4e, 0x07, 0x00, 0x00, 0x7d
	};
	static const uint16_t	words[MC_WORDS] = { 1234, 20000, 7, 32000 };
	uint8_t			out[MC_WIRE_LEN];
	uint16_t		got[MC_WORDS];
	int			i;

	(void)state;
	mc_pub_encode(words, out);
	expect_bytes(out, wire, sizeof(wire), "encoded");
	mc_pub_decode(wire, got);
	for (i = 0; i < MC_WORDS; i++)
		expect_u32(got[i], words[i], "decoded");
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_power_mod_edges),
		cmocka_unit_test(test_power_mod_matches_reference_loop),
		cmocka_unit_test(test_kat_public_keys),
		cmocka_unit_test(test_kat_session_key),
		cmocka_unit_test(test_kat_key_words_little_endian),
		cmocka_unit_test(test_kat_encrypt),
		cmocka_unit_test(test_kat_decrypt),
		cmocka_unit_test(test_decrypt_corrupt_rejected),
		cmocka_unit_test(test_decrypt_wrong_key),
		cmocka_unit_test(test_decrypt_short),
		cmocka_unit_test(test_empty_round_trip),
		cmocka_unit_test(test_round_trip_lengths),
		cmocka_unit_test(test_encrypt_no_room),
		cmocka_unit_test(test_hostile_public_words),
		cmocka_unit_test(test_keypair_from_source),
		cmocka_unit_test(test_keypair_source_fails),
		cmocka_unit_test(test_keypair_getrandom),
		cmocka_unit_test(test_pub_wire_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
