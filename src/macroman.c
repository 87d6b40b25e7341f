/*
 * macroman.c - Mac OS Roman <-> UTF-8 and log-safe rendering of client
 * text.  Input comes straight from the network, so every loop is
 * bounded by both the input length and the output capacity, malformed
 * UTF-8 is replaced rather than trusted, and output is cut only between
 * whole characters (or whole escapes) and always NUL-terminated.
 */
#include <errno.h>
#include <string.h>

#include "macroman.h"

#define BAD_CP		0xffffffffu	/* malformed UTF-8 */
#define REPLACEMENT	'?'
#define RENDER_MAX	4		/* longest output of one input byte */

/* A renderer turns one non-NUL MacRoman byte into at most RENDER_MAX. */
typedef size_t	(*render_fn)(uint8_t c, char *out);

static size_t	utf8_put(uint32_t cp, char *out);
static size_t	render_utf8(uint8_t c, char *out);
static size_t	render_log(uint8_t c, char *out);
static int	render_all(const uint8_t *in, size_t inlen, char *out,
		    size_t outcap, size_t *outlen_r, render_fn render);
static size_t	utf8_lead(uint8_t c, uint32_t *cp, uint8_t *lo, uint8_t *hi);
static size_t	utf8_next(const uint8_t *s, size_t len, uint32_t *cp_r);

/*
 * Code points of bytes 0x80-0xFF: Apple's current ROMAN.TXT mapping,
 * the one Python's mac_roman codec also uses (0xDB is the euro sign,
 * where pre-1998 systems had the currency sign).
 */
static const uint16_t high[128] = {
	/* 80 */ 0x00c4, 0x00c5, 0x00c7, 0x00c9, 0x00d1, 0x00d6, 0x00dc, 0x00e1,
	/* 88 */ 0x00e0, 0x00e2, 0x00e4, 0x00e3, 0x00e5, 0x00e7, 0x00e9, 0x00e8,
	/* 90 */ 0x00ea, 0x00eb, 0x00ed, 0x00ec, 0x00ee, 0x00ef, 0x00f1, 0x00f3,
	/* 98 */ 0x00f2, 0x00f4, 0x00f6, 0x00f5, 0x00fa, 0x00f9, 0x00fb, 0x00fc,
	/* a0 */ 0x2020, 0x00b0, 0x00a2, 0x00a3, 0x00a7, 0x2022, 0x00b6, 0x00df,
	/* a8 */ 0x00ae, 0x00a9, 0x2122, 0x00b4, 0x00a8, 0x2260, 0x00c6, 0x00d8,
	/* b0 */ 0x221e, 0x00b1, 0x2264, 0x2265, 0x00a5, 0x00b5, 0x2202, 0x2211,
	/* b8 */ 0x220f, 0x03c0, 0x222b, 0x00aa, 0x00ba, 0x03a9, 0x00e6, 0x00f8,
	/* c0 */ 0x00bf, 0x00a1, 0x00ac, 0x221a, 0x0192, 0x2248, 0x2206, 0x00ab,
	/* c8 */ 0x00bb, 0x2026, 0x00a0, 0x00c0, 0x00c3, 0x00d5, 0x0152, 0x0153,
	/* d0 */ 0x2013, 0x2014, 0x201c, 0x201d, 0x2018, 0x2019, 0x00f7, 0x25ca,
	/* d8 */ 0x00ff, 0x0178, 0x2044, 0x20ac, 0x2039, 0x203a, 0xfb01, 0xfb02,
	/* e0 */ 0x2021, 0x00b7, 0x201a, 0x201e, 0x2030, 0x00c2, 0x00ca, 0x00c1,
	/* e8 */ 0x00cb, 0x00c8, 0x00cd, 0x00ce, 0x00cf, 0x00cc, 0x00d3, 0x00d4,
	/* f0 */ 0xf8ff, 0x00d2, 0x00da, 0x00db, 0x00d9, 0x0131, 0x02c6, 0x02dc,
	/* f8 */ 0x00af, 0x02d8, 0x02d9, 0x02da, 0x00b8, 0x02dd, 0x02db, 0x02c7,
};

uint32_t
ms_macroman_codepoint(uint8_t c)
{
	return c < 0x80 ? c : high[c - 0x80];
}

int
ms_macroman_from_codepoint(uint32_t cp)
{
	int	i;

	if (cp < 0x80)
		return (int)cp;
	for (i = 0; i < 128; i++)
		if (high[i] == cp)
			return 0x80 + i;
	return -1;
}

/* utf8_put - encode a valid scalar value below U+10000 (all we emit). */
static size_t
utf8_put(uint32_t cp, char *out)
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
	out[0] = (char)(0xe0 | cp >> 12);
	out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

static size_t
render_utf8(uint8_t c, char *out)
{
	return utf8_put(ms_macroman_codepoint(c), out);
}

static size_t
render_log(uint8_t c, char *out)
{
	static const char	hex[] = "0123456789abcdef";

	if (c == '\\') {
		out[0] = out[1] = '\\';
		return 2;
	}
	if (c < 0x20 || c == 0x7f) {
		out[0] = '\\';
		out[1] = 'x';
		out[2] = hex[c >> 4];
		out[3] = hex[c & 0xf];
		return 4;
	}
	return render_utf8(c, out);
}

/* render_all - the loop shared by both MacRoman -> text directions. */
static int
render_all(const uint8_t *in, size_t inlen, char *out, size_t outcap,
    size_t *outlen_r, render_fn render)
{
	char	tmp[RENDER_MAX];
	size_t	i, o = 0, n;
	int	rc = 0;

	if (outcap == 0) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < inlen && in[i] != '\0'; i++) {
		n = render(in[i], tmp);
		if (n > outcap - 1 - o) {
			rc = 1;
			break;
		}
		memcpy(out + o, tmp, n);
		o += n;
	}
	out[o] = '\0';
	if (outlen_r != NULL)
		*outlen_r = o;
	return rc;
}

int
ms_macroman_to_utf8(const uint8_t *in, size_t inlen, char *out,
    size_t outcap, size_t *outlen_r)
{
	return render_all(in, inlen, out, outcap, outlen_r, render_utf8);
}

int
ms_macroman_sanitize(const uint8_t *in, size_t inlen, char *out,
    size_t outcap, size_t *outlen_r)
{
	return render_all(in, inlen, out, outcap, outlen_r, render_log);
}

/*
 * utf8_lead - for a lead byte, the number of continuation bytes and the
 * range allowed for the first of them; the narrowed ranges after E0,
 * ED, F0 and F4 are what rule out overlong forms, surrogates and values
 * above U+10FFFF.  Returns 0 for a byte that cannot start a sequence.
 */
static size_t
utf8_lead(uint8_t c, uint32_t *cp, uint8_t *lo, uint8_t *hi)
{
	*lo = 0x80;
	*hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf) {
		*cp = c & 0x1f;
		return 1;
	}
	if (c >= 0xe0 && c <= 0xef) {
		*cp = c & 0x0f;
		*lo = c == 0xe0 ? 0xa0 : 0x80;
		*hi = c == 0xed ? 0x9f : 0xbf;
		return 2;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		*cp = c & 0x07;
		*lo = c == 0xf0 ? 0x90 : 0x80;
		*hi = c == 0xf4 ? 0x8f : 0xbf;
		return 3;
	}
	return 0;
}

/*
 * utf8_next - decode one character from s (len > 0 bytes).  Returns the
 * bytes consumed; *cp_r is the code point or BAD_CP, in which case the
 * bytes consumed are the maximal invalid subpart (at least 1).
 */
static size_t
utf8_next(const uint8_t *s, size_t len, uint32_t *cp_r)
{
	uint32_t	cp;
	uint8_t		lo, hi;
	size_t		need, i;

	*cp_r = BAD_CP;
	if (s[0] < 0x80) {
		*cp_r = s[0];
		return 1;
	}
	if ((need = utf8_lead(s[0], &cp, &lo, &hi)) == 0)
		return 1;
	for (i = 1; i <= need; i++) {
		if (i >= len || s[i] < lo || s[i] > hi)
			return i;
		cp = cp << 6 | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp_r = cp;
	return i;
}

int
ms_utf8_to_macroman(const char *in, size_t inlen, uint8_t *out,
    size_t outcap, size_t *outlen_r)
{
	const uint8_t	*s = (const uint8_t *)in;
	uint32_t	 cp;
	size_t		 i = 0, o = 0;
	int		 c, rc = 0;

	if (outcap == 0) {
		errno = EINVAL;
		return -1;
	}
	while (i < inlen && s[i] != '\0') {
		if (o == outcap - 1) {
			rc = 1;
			break;
		}
		i += utf8_next(s + i, inlen - i, &cp);
		c = cp == BAD_CP ? -1 : ms_macroman_from_codepoint(cp);
		out[o++] = c == -1 ? REPLACEMENT : (uint8_t)c;
	}
	out[o] = '\0';
	if (outlen_r != NULL)
		*outlen_r = o;
	return rc;
}
