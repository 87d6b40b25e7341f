/*
 * test_macroman.c - MacRoman <-> UTF-8: every byte round-trips, the
 * well-known mappings, malformed UTF-8 replaced per maximal subpart,
 * clean truncation at character boundaries down to a 1-byte buffer,
 * and the log sanitiser.  Inputs live in exact-size heap copies so that
 * ASan catches any read past inlen.
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

#include "macroman.h"

#define CANARY	0xa5

typedef int	(*conv_fn)(const void *in, size_t inlen, void *out,
		    size_t outcap, size_t *outlen_r);

/* One conversion case: input, output capacity, expected result. */
struct conv_case {
	const char	*in;
	size_t		 inlen;
	size_t		 outcap;
	const char	*want;
	int		 rc;
};

static int
to_utf8(const void *in, size_t inlen, void *out, size_t outcap,
    size_t *outlen_r)
{
	return ms_macroman_to_utf8(in, inlen, out, outcap, outlen_r);
}

static int
to_macroman(const void *in, size_t inlen, void *out, size_t outcap,
    size_t *outlen_r)
{
	return ms_utf8_to_macroman(in, inlen, out, outcap, outlen_r);
}

static int
sanitize(const void *in, size_t inlen, void *out, size_t outcap,
    size_t *outlen_r)
{
	return ms_macroman_sanitize(in, inlen, out, outcap, outlen_r);
}

static void
show(const uint8_t *s, size_t n, char *buf, size_t cap)
{
	size_t	i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < n && o + 4 < cap; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%02x ", s[i]);
}

/*
 * run_case - convert from an exact-size heap copy into a heap buffer
 * with a canary byte past outcap, and compare everything.
 */
static void
run_case(const struct conv_case *c, conv_fn conv, const char *name)
{
	uint8_t	*in, *out;
	char	 got[128], want[128];
	size_t	 wantlen = strlen(c->want), outlen = 12345;
	int	 rc;

	in = malloc(c->inlen ? c->inlen : 1);
	out = malloc(c->outcap + 1);
	assert_non_null(in);
	assert_non_null(out);
	memcpy(in, c->in, c->inlen);
	memset(out, CANARY, c->outcap + 1);
	rc = conv(in, c->inlen, out, c->outcap, &outlen);
	show(out, outlen < c->outcap ? outlen + 1 : c->outcap, got,
	    sizeof(got));
	show((const uint8_t *)c->want, wantlen + 1, want, sizeof(want));
	if (rc != c->rc || outlen != wantlen ||
	    memcmp(out, c->want, wantlen + 1) != 0)
		fail_msg("%s(%s, cap %zu): got rc %d [%s], want rc %d [%s]",
		    name, c->in, c->outcap, rc, got, c->rc, want);
	if (out[c->outcap] != CANARY)
		fail_msg("%s: wrote past outcap %zu", name, c->outcap);
	free(in);
	free(out);
}

static void
run_cases(const struct conv_case *t, size_t n, conv_fn conv,
    const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		run_case(&t[i], conv, name);
}

#define CASE(in, cap, want, rc)	{ in, sizeof(in) - 1, cap, want, rc }

/* Every byte 1..255 alone, then all of them in one string. */
static void
test_all_bytes_round_trip(void **state)
{
	uint8_t	all[256], back[256], one[2];
	char	utf[256 * 3 + 1];
	size_t	n, m;
	int	b;

	(void)state;
	for (b = 1; b < 256; b++) {
		one[0] = (uint8_t)b;
		assert_int_equal(ms_macroman_to_utf8(one, 1, utf, sizeof(utf),
		    &n), 0);
		assert_int_equal(ms_utf8_to_macroman(utf, n, back,
		    sizeof(back), &m), 0);
		if (m != 1 || back[0] != b)
			fail_msg("byte %02x: got %02x (len %zu), want %02x",
			    b, back[0], m, b);
		all[b - 1] = (uint8_t)b;
	}
	assert_int_equal(ms_macroman_to_utf8(all, 255, utf, sizeof(utf), &n),
	    0);
	assert_int_equal(ms_utf8_to_macroman(utf, n, back, sizeof(back), &m),
	    0);
	assert_int_equal(m, 255);
	assert_memory_equal(back, all, 255);
}

static void
test_known_mappings(void **state)
{
	static const struct conv_case	t[] = {
		CASE("\xdb", 8, "\xe2\x82\xac", 0),		/* euro */
		CASE("\xf0", 8, "\xef\xa3\xbf", 0),		/* Apple */
		CASE("\x8e", 8, "\xc3\xa9", 0),			/* e acute */
		CASE("\x80", 8, "\xc3\x84", 0),			/* A umlaut */
		CASE("\xca", 8, "\xc2\xa0", 0),			/* nbsp */
		CASE("\xa5", 8, "\xe2\x80\xa2", 0),		/* bullet */
		CASE("\xd2\xd3", 8, "\xe2\x80\x9c\xe2\x80\x9d", 0),
		CASE("\xde", 8, "\xef\xac\x81", 0),		/* fi */
		CASE("\xff", 8, "\xcb\x87", 0),			/* caron */
		CASE("Myth |bII", 16, "Myth |bII", 0),
	};
	static const struct conv_case	r[] = {
		CASE("\xe2\x82\xac", 8, "\xdb", 0),
		CASE("\xef\xa3\xbf", 8, "\xf0", 0),
		CASE("caf\xc3\xa9", 8, "caf\x8e", 0),
		CASE("\xc2\xa4", 8, "?", 0),		/* old 0xDB: unmapped */
	};

	(void)state;
	run_cases(t, sizeof(t) / sizeof(t[0]), to_utf8, "to_utf8");
	run_cases(r, sizeof(r) / sizeof(r[0]), to_macroman, "to_macroman");
}

static void
test_utf8_invalid(void **state)
{
	static const struct conv_case	t[] = {
		CASE("\xc0\xaf", 8, "??", 0),		/* overlong '/' */
		CASE("\xc1\xbf", 8, "??", 0),
		CASE("\xe0\x80\xaf", 8, "???", 0),	/* overlong 3-byte */
		CASE("\xf0\x80\x80\xaf", 8, "????", 0),	/* overlong 4-byte */
		CASE("\xed\xa0\x80", 8, "???", 0),	/* surrogate D800 */
		CASE("\xed\xbf\xbf", 8, "???", 0),	/* surrogate DFFF */
		CASE("\xe2\x82", 8, "?", 0),		/* truncated at end */
		CASE("\xe2\x82" "A", 8, "?A", 0),	/* truncated mid */
		CASE("\xf0\x9f\x98", 8, "?", 0),
		CASE("\xf4\x90\x80\x80", 8, "????", 0),	/* U+110000 */
		CASE("\xf5\x80\x80\x80", 8, "????", 0),
		CASE("\x80", 8, "?", 0),		/* stray continuation */
		CASE("\xfe\xff", 8, "??", 0),
		CASE("\xe1\x80\xe1\x80\x80", 8, "??", 0),
		CASE("\xe4\xb8\xad", 8, "?", 0),	/* unmappable CJK */
		CASE("\xf0\x9f\x98\x80", 8, "?", 0),	/* unmappable emoji */
		CASE("\xf4\x8f\xbf\xbf", 8, "?", 0),	/* U+10FFFF */
		CASE("\xef\xbf\xbd", 8, "?", 0),	/* U+FFFD */
		CASE("\xe2\x82\x00" "A", 8, "?", 0),	/* NUL ends text */
		CASE("ab\x00" "cd", 8, "ab", 0),
		CASE("\x7f\x01", 8, "\x7f\x01", 0),
	};

	(void)state;
	run_cases(t, sizeof(t) / sizeof(t[0]), to_macroman, "to_macroman");
}

/* "a", e acute (2 UTF-8 bytes), euro (3): cut only between them. */
static void
test_to_utf8_truncation(void **state)
{
	static const struct conv_case	t[] = {
		CASE("a\x8e\xdb", 1, "", 1),
		CASE("a\x8e\xdb", 2, "a", 1),
		CASE("a\x8e\xdb", 3, "a", 1),
		CASE("a\x8e\xdb", 4, "a\xc3\xa9", 1),
		CASE("a\x8e\xdb", 5, "a\xc3\xa9", 1),
		CASE("a\x8e\xdb", 6, "a\xc3\xa9", 1),
		CASE("a\x8e\xdb", 7, "a\xc3\xa9\xe2\x82\xac", 0),
		CASE("ab\x00" "cd", 3, "ab", 0),	/* only NUL left */
		CASE("", 1, "", 0),
		CASE("\x00", 1, "", 0),
	};

	(void)state;
	run_cases(t, sizeof(t) / sizeof(t[0]), to_utf8, "to_utf8");
}

static void
test_to_macroman_truncation(void **state)
{
	static const struct conv_case	t[] = {
		CASE("a\xc3\xa9\xe2\x82\xac", 1, "", 1),
		CASE("a\xc3\xa9\xe2\x82\xac", 2, "a", 1),
		CASE("a\xc3\xa9\xe2\x82\xac", 3, "a\x8e", 1),
		CASE("a\xc3\xa9\xe2\x82\xac", 4, "a\x8e\xdb", 0),
		CASE("a\xe2\x82", 2, "a", 1),
		CASE("ab\x00" "cd", 3, "ab", 0),
		CASE("", 1, "", 0),
	};

	(void)state;
	run_cases(t, sizeof(t) / sizeof(t[0]), to_macroman, "to_macroman");
}

static void
test_sanitize(void **state)
{
	static const struct conv_case	t[] = {
		CASE("a\nb", 16, "a\\x0ab", 0),
		CASE("\r\x1b[2J", 16, "\\x0d\\x1b[2J", 0),
		CASE("back\\slash", 16, "back\\\\slash", 0),
		CASE("\x7f", 16, "\\x7f", 0),
		CASE("\xdb" "5", 16, "\xe2\x82\xac" "5", 0),
		CASE("\n", 4, "", 1),			/* escape kept whole */
		CASE("\n", 5, "\\x0a", 0),
		CASE("\\", 2, "", 1),
		CASE("x\\", 3, "x", 1),
		CASE("ok\x00\n", 16, "ok", 0),
	};

	(void)state;
	run_cases(t, sizeof(t) / sizeof(t[0]), sanitize, "sanitize");
}

static void
test_outcap_zero(void **state)
{
	uint8_t	out[1] = { CANARY };
	size_t	n = 7;

	(void)state;
	errno = 0;
	assert_int_equal(ms_macroman_to_utf8((const uint8_t *)"a", 1,
	    (char *)out, 0, &n), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(ms_utf8_to_macroman("a", 1, out, 0, &n), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(ms_macroman_sanitize((const uint8_t *)"a", 1,
	    (char *)out, 0, &n), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(out[0], CANARY);
	assert_int_equal(n, 7);
}

/* A NULL outlen_r is allowed. */
static void
test_outlen_optional(void **state)
{
	char	u[8];
	uint8_t	m[8];

	(void)state;
	assert_int_equal(ms_macroman_to_utf8((const uint8_t *)"\xdb", 1, u,
	    sizeof(u), NULL), 0);
	assert_string_equal(u, "\xe2\x82\xac");
	assert_int_equal(ms_utf8_to_macroman(u, strlen(u), m, sizeof(m),
	    NULL), 0);
	assert_int_equal(m[0], 0xdb);
}

/* test_utf8_encode - the test's own encoder, valid scalar values only. */
static size_t
test_utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Every scalar value is one output byte: its MacRoman byte or '?'. */
static void
test_every_code_point(void **state)
{
	char		in[4];
	uint8_t		out[4];
	uint32_t	cp;
	size_t		n, m;
	int		want;

	(void)state;
	for (cp = 1; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = test_utf8_encode(cp, in);
		want = ms_macroman_from_codepoint(cp);
		if (want == -1)
			want = '?';
		else if (ms_macroman_codepoint((uint8_t)want) != cp)
			fail_msg("U+%04X: tables disagree", cp);
		assert_int_equal(ms_utf8_to_macroman(in, n, out, sizeof(out),
		    &m), 0);
		if (m != 1 || out[0] != want)
			fail_msg("U+%04X: got %02x (len %zu), want %02x", cp,
			    out[0], m, want);
	}
}

static void
test_codepoint_lookup(void **state)
{
	static const struct {
		uint32_t	cp;
		int		want;
	} t[] = {
		{ 0x0000, 0x00 }, { 0x007f, 0x7f }, { 0x20ac, 0xdb },
		{ 0xf8ff, 0xf0 }, { 0x00e9, 0x8e }, { 0x02c7, 0xff },
		{ 0x00a4, -1 }, { 0x0080, -1 }, { 0x110000, -1 },
		{ 0xffffffff, -1 },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (ms_macroman_from_codepoint(t[i].cp) != t[i].want)
			fail_msg("U+%04X: got %d, want %d", t[i].cp,
			    ms_macroman_from_codepoint(t[i].cp), t[i].want);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_all_bytes_round_trip),
		cmocka_unit_test(test_known_mappings),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_to_utf8_truncation),
		cmocka_unit_test(test_to_macroman_truncation),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_outcap_zero),
		cmocka_unit_test(test_outlen_optional),
		cmocka_unit_test(test_every_code_point),
		cmocka_unit_test(test_codepoint_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
