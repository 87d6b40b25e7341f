/*
 * test_mpassword.c - password schemes against the checked 109 examples
 * (tests/vectors/password_response_{myth,simple}.hex), wrong and
 * malformed answers, over-long passwords and responses, the Aleph One
 * token and padded forms, and the schemes nobody documented.
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

#include "mpassword.h"
#include "tvec.h"

#define VEC_MAX		256
#define CANARY		0xa5
#define TYPE_RESPONSE	109

static const uint8_t	vec_salt[MPW_SALT_LEN] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f
};

/* load_response - the 109 payload of a vector, header checked. */
static size_t
load_response(const char *name, uint8_t *payload)
{
	uint8_t	buf[VEC_MAX];
	size_t	n;

	n = tvec_load(name, buf, sizeof(buf));
	if (n < 8 || (buf[2] << 8 | buf[3]) != TYPE_RESPONSE ||
	    (size_t)(buf[6] << 8 | buf[7]) != n)
		fail_msg("%s: got a bad 109 header, want type %d length %zu",
		    name, TYPE_RESPONSE, n);
	memcpy(payload, buf + 8, n - 8);
	return n - 8;
}

static void
expect_errno(int rc, int want, const char *what)
{
	if (want == 0 && rc != 0)
		fail_msg("%s: got -1 (%s), want 0", what, strerror(errno));
	if (want != 0 && (rc != -1 || errno != want))
		fail_msg("%s: got %d (%s), want -1 (%s)", what, rc,
		    rc == -1 ? strerror(errno) : "success", strerror(want));
}

static void
test_vector_myth_plaintext(void **state)
{
	uint8_t		 resp[VEC_MAX], out[MPW_RESPONSE_MAX];
	const uint8_t	*text;
	size_t		 n, len, outlen;

	(void)state;
	n = load_response("password_response_myth.hex", resp);
	expect_errno(mpw_verify(MPW_PLAINTEXT, resp, n, "secret", NULL), 0,
	    "verify");
	assert_int_equal(mpw_plaintext(resp, n, &text, &len), 0);
	assert_int_equal(len, 6);
	assert_memory_equal(text, "secret", 6);
	assert_int_equal(mpw_respond(MPW_PLAINTEXT, 0, "secret", NULL, out,
	    &outlen), 0);
	assert_int_equal(outlen, n);
	assert_memory_equal(out, resp, n);
}

static void
test_vector_simple(void **state)
{
	uint8_t	resp[VEC_MAX], out[MPW_RESPONSE_MAX];
	size_t	n, outlen;

	(void)state;
	n = load_response("password_response_simple.hex", resp);
	assert_int_equal(n, MPW_KEY_LEN);
	expect_errno(mpw_verify(MPW_SIMPLE, resp, n, "secret", vec_salt), 0,
	    "verify");
	assert_int_equal(mpw_respond(MPW_SIMPLE, 0, "secret", vec_salt, out,
	    &outlen), 0);
	assert_int_equal(outlen, MPW_KEY_LEN);
	assert_memory_equal(out, resp, MPW_KEY_LEN);
}

/* One verification: response bytes, secret, salt, expected errno. */
struct vcase {
	int		 scheme;
	const char	*resp;
	size_t		 resplen;
	const char	*secret;
	const uint8_t	*salt;
	int		 want;
};

#define V(sch, resp, secret, salt, want) \
	{ sch, resp, sizeof(resp) - 1, secret, salt, want }

static void
run_vcases(const struct vcase *t, size_t n)
{
	char	what[96];
	size_t	i;

	for (i = 0; i < n; i++) {
		snprintf(what, sizeof(what), "case %zu (scheme %d, secret "
		    "\"%.20s\")", i, t[i].scheme, t[i].secret);
		errno = 0;
		expect_errno(mpw_verify(t[i].scheme,
		    (const uint8_t *)t[i].resp, t[i].resplen, t[i].secret,
		    t[i].salt), t[i].want, what);
	}
}

static void
test_plaintext_forms(void **state)
{
	static const struct vcase	t[] = {
		V(0, "secret\0", "secret", NULL, 0),
		V(0, "secret", "secret", NULL, 0),	/* no NUL at all */
		V(0, "secret\0\0\0\0\0\0\0\0\0\0", "secret", NULL, 0),
		V(0, "sixteen-char-pw!", "sixteen-char-pw!", NULL, 0),
		V(0, "secret\0junk", "secret", NULL, 0),	/* after NUL */
		V(0, "\0", "", NULL, 0),		/* guest: empty */
		V(0, "", "", NULL, 0),
		V(0, "caf\x8e\0", "caf\x8e", NULL, 0),	/* MacRoman */
	};

	(void)state;
	run_vcases(t, sizeof(t) / sizeof(t[0]));
}

static void
test_wrong_passwords(void **state)
{
	static const uint8_t		zero_salt[MPW_SALT_LEN];
	static const struct vcase	t[] = {
		V(0, "secret\0", "Secret", NULL, EACCES),
		V(0, "secret\0", "secre", NULL, EACCES),
		V(0, "secret\0", "secrets", NULL, EACCES),
		V(0, "secret\0", "", NULL, EACCES),
		V(0, "\0", "secret", NULL, EACCES),
		V(0, "sixteen-char-pw!", "sixteen-char-pw", NULL, EACCES),
		V(1, "\x63\x1a\xa3\x8a\x63\x1a\xe5\x51\x91\xf8\x67\x25"
		    "\x8d\x54\x0b\x0d", "secreT", vec_salt, EACCES),
		V(1, "\x63\x1a\xa3\x8a\x63\x1a\xe5\x51\x91\xf8\x67\x25"
		    "\x8d\x54\x0b\x0d", "secret", zero_salt, EACCES),
		V(1, "\x63\x1a\xa3\x8a\x63\x1a\xe5\x51\x91\xf8\x67\x25"
		    "\x8d\x54\x0b\x0c", "secret", vec_salt, EACCES),
		V(1, "secret\0", "secret", vec_salt, EBADMSG),
	};

	(void)state;
	run_vcases(t, sizeof(t) / sizeof(t[0]));
}

static void
test_overlong_input(void **state)
{
	static const struct vcase	t[] = {
		V(0, "seventeen-chars-x", "seventeen-chars-x", NULL, EBADMSG),
		V(0, "seventeen-chars-x", "seventeen-chars-", NULL, EBADMSG),
		V(0, "ok\0seventeen-chars-x-and-then-some", "ok", NULL, 0),
		V(0, "sixteen-char-pw!", "sixteen-char-pw!x", NULL, EMSGSIZE),
		V(1, "0123456789abcdef", "sixteen-char-pw!x", vec_salt,
		    EMSGSIZE),
		V(1, "0123456789abcdef0", "secret", vec_salt, EBADMSG),
		V(4, "0123456789abcdef", "0123456789abcdef0", NULL, EMSGSIZE),
		V(4, "0123456789abcdef0", "0123456789abcdef", NULL, EBADMSG),
	};

	(void)state;
	run_vcases(t, sizeof(t) / sizeof(t[0]));
}

/* mpw_respond never writes more than MPW_RESPONSE_MAX bytes. */
static void
test_respond_limits(void **state)
{
	static const struct {
		int		 scheme, flags;
		const char	*pw;
		size_t		 want;		/* 0: EMSGSIZE */
	} t[] = {
		{ 0, 0, "fifteen-chars-x", 16 },
		{ 0, 0, "sixteen-chars-xx", 0 },
		{ 0, MPW_F_PADDED, "sixteen-chars-xx", 16 },
		{ 0, MPW_F_PADDED, "seventeen-chars-x", 0 },
		{ 0, MPW_F_PADDED, "", 16 },
		{ 0, 0, "", 1 },
		{ 1, 0, "sixteen-chars-xx", 16 },
		{ 1, 0, "seventeen-chars-x", 0 },
		{ 1, 0, "", 16 },
	};
	uint8_t	out[MPW_RESPONSE_MAX + 1];
	size_t	i, n;
	int	rc;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(out, CANARY, sizeof(out));
		n = 0;
		errno = 0;
		rc = mpw_respond(t[i].scheme, t[i].flags, t[i].pw, vec_salt,
		    out, &n);
		if (t[i].want == 0)
			expect_errno(rc, EMSGSIZE, t[i].pw);
		else if (rc != 0 || n != t[i].want)
			fail_msg("%s: got rc %d len %zu, want 0 len %zu",
			    t[i].pw, rc, n, t[i].want);
		assert_int_equal(out[MPW_RESPONSE_MAX], CANARY);
	}
}

static void
test_padded_layout(void **state)
{
	uint8_t	out[MPW_RESPONSE_MAX];
	size_t	n;

	(void)state;
	assert_int_equal(mpw_respond(MPW_PLAINTEXT, MPW_F_PADDED, "secret",
	    NULL, out, &n), 0);
	assert_int_equal(n, 16);
	assert_memory_equal(out, "secret\0\0\0\0\0\0\0\0\0\0", 16);
}

/* What a client produces, the server accepts, in every form. */
static void
test_round_trip(void **state)
{
	static const char	*pws[] = {
		"", "a", "secret", "fifteen-chars-x", "sixteen-chars-xx",
		"\x8e\xdb\xf0\xff",
	};
	static const struct {
		int	scheme, flags;
	} forms[] = {
		{ MPW_PLAINTEXT, 0 }, { MPW_PLAINTEXT, MPW_F_PADDED },
		{ MPW_SIMPLE, 0 },
	};
	uint8_t	out[MPW_RESPONSE_MAX];
	size_t	i, f, n;

	(void)state;
	for (i = 0; i < sizeof(pws) / sizeof(pws[0]); i++) {
		for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
			if (mpw_respond(forms[f].scheme, forms[f].flags,
			    pws[i], vec_salt, out, &n) == -1)
				continue;	/* 16 chars, Myth form */
			expect_errno(mpw_verify(forms[f].scheme, out, n,
			    pws[i], vec_salt), 0, pws[i]);
		}
	}
}

static void
test_token(void **state)
{
	static const struct vcase	t[] = {
		V(4, "tok-42\0\0\0\0\0\0\0\0\0\0", "tok-42", NULL, 0),
		V(4, "0123456789abcdef", "0123456789abcdef", NULL, 0),
		V(4, "tok-42\0\0\0\0\0\0\0\0\0\1", "tok-42", NULL, EACCES),
		V(4, "tok-43\0\0\0\0\0\0\0\0\0\0", "tok-42", NULL, EACCES),
		V(4, "tok-42\0", "tok-42", NULL, EBADMSG),
		V(4, "", "", NULL, EBADMSG),
	};

	(void)state;
	run_vcases(t, sizeof(t) / sizeof(t[0]));
}

static void
test_unsupported_and_missing_salt(void **state)
{
	static const struct vcase	t[] = {
		V(2, "0123456789abcdef", "secret", NULL, ENOTSUP),
		V(3, "0123456789abcdef", "secret", NULL, ENOTSUP),
		V(-1, "0123456789abcdef", "secret", NULL, ENOTSUP),
		V(5, "0123456789abcdef", "secret", NULL, ENOTSUP),
		V(1, "0123456789abcdef", "secret", NULL, EINVAL),
	};
	static const int		schemes[] = { 2, 3, 4, 5, -1 };
	uint8_t				out[MPW_RESPONSE_MAX];
	size_t				i, n;

	(void)state;
	run_vcases(t, sizeof(t) / sizeof(t[0]));
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		errno = 0;
		expect_errno(mpw_respond(schemes[i], 0, "secret", vec_salt,
		    out, &n), ENOTSUP, "respond");
	}
	errno = 0;
	expect_errno(mpw_respond(MPW_SIMPLE, 0, "secret", NULL, out, &n),
	    EINVAL, "respond without salt");
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_vector_myth_plaintext),
		cmocka_unit_test(test_vector_simple),
		cmocka_unit_test(test_plaintext_forms),
		cmocka_unit_test(test_wrong_passwords),
		cmocka_unit_test(test_overlong_input),
		cmocka_unit_test(test_respond_limits),
		cmocka_unit_test(test_padded_layout),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_unsupported_and_missing_salt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
