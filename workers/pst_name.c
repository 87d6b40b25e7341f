/*
 * pst_name.c - login names and passwords into their canonical form.
 * A name is normalised in MacRoman, the client's encoding, as GoS does
 * it (protocol README 4): every `|` + one of pbilrcsu (either case) is
 * removed, then leading and trailing spaces.  The result never contains
 * such a pair, so normalising twice changes nothing.  Uniqueness uses a
 * case fold of that form, derived from the Unicode code points.
 */
#include <string.h>

#include "macroman.h"
#include "pst.h"

#define PST_ADMIN_IN_MAX	256	/* operator input, MacRoman bytes */

static int	pst_is_code(uint8_t);
static int	pst_name_finish(struct pst_name *);
static uint8_t	pst_fold(uint8_t);
static size_t	pst_count_q(const uint8_t *, size_t);

static int
pst_is_code(uint8_t c)
{
	return c != '\0' && strchr("pbilrcsuPBILRCSU", c) != NULL;
}

/*
 * pst_name_norm - a code pair is removed as soon as it appears at the
 * end of the output, so "||bb" loses both pairs: the output is a fixed
 * point however the codes are nested.
 */
int
pst_name_norm(const uint8_t *in, size_t inlen, uint8_t *out, size_t outcap)
{
	size_t	i, n = 0, start = 0;

	for (i = 0; i < inlen && in[i] != '\0'; i++) {
		if (in[i] < 0x20 || in[i] == 0x7f || n >= outcap)
			return -1;
		out[n++] = in[i];
		if (n >= 2 && out[n - 2] == '|' && pst_is_code(out[n - 1]))
			n -= 2;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	while (start < n && out[start] == ' ')
		start++;
	n -= start;
	memmove(out, out + start, n);
	if (n == 0 || n > PST_NAME_CHARS || n >= outcap)
		return -1;
	out[n] = '\0';
	return (int)n;
}

/* pst_fold - lower case of a MacRoman byte, by its code point. */
static uint8_t
pst_fold(uint8_t c)
{
	uint32_t	cp = ms_macroman_codepoint(c);
	int		lc;

	if ((cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
		cp += 0x20;
	else if (cp == 0x152)		/* OE ligature */
		cp = 0x153;
	else if (cp == 0x178)		/* Y with diaeresis */
		cp = 0xff;
	else
		return c;
	lc = ms_macroman_from_codepoint(cp);
	return lc < 0 ? c : (uint8_t)lc;
}

static int
pst_name_finish(struct pst_name *nm)
{
	uint8_t	folded[PST_NAME_CHARS + 1];
	size_t	i;

	for (i = 0; i < nm->len; i++)
		folded[i] = pst_fold(nm->mac[i]);
	folded[nm->len] = '\0';
	if (ms_macroman_to_utf8(nm->mac, nm->len, nm->utf8,
	    sizeof(nm->utf8), NULL) != 0 ||
	    ms_macroman_to_utf8(folded, nm->len, nm->key, sizeof(nm->key),
	    NULL) != 0)
		return -1;
	return 0;
}

int
pst_name_client(const char *field, size_t cap, struct pst_name *nm)
{
	int	n;

	memset(nm, 0, sizeof(*nm));
	if (strnlen(field, cap) == cap)
		return -1;		/* no NUL: a malformed request */
	n = pst_name_norm((const uint8_t *)field, cap, nm->mac,
	    sizeof(nm->mac));
	if (n < 0)
		return -1;
	nm->len = (size_t)n;
	return pst_name_finish(nm);
}

/* Unmappable characters become '?': count them to notice. */
static size_t
pst_count_q(const uint8_t *s, size_t len)
{
	size_t	i, n = 0;

	for (i = 0; i < len; i++)
		n += s[i] == '?';
	return n;
}

int
pst_name_admin(const char *utf8, struct pst_name *nm)
{
	uint8_t	mac[PST_ADMIN_IN_MAX];
	size_t	len;
	int	n;

	memset(nm, 0, sizeof(*nm));
	if (ms_utf8_to_macroman(utf8, strlen(utf8), mac, sizeof(mac),
	    &len) != 0 ||
	    pst_count_q(mac, len) != pst_count_q((const uint8_t *)utf8,
	    strlen(utf8)))
		return -1;
	if ((n = pst_name_norm(mac, len, nm->mac, sizeof(nm->mac))) < 0)
		return -1;
	nm->len = (size_t)n;
	return pst_name_finish(nm);
}

int
pst_pw_admin(const char *utf8, uint8_t *out, size_t outcap)
{
	uint8_t	mac[PST_ADMIN_IN_MAX];
	size_t	len, i;

	if (ms_utf8_to_macroman(utf8, strlen(utf8), mac, sizeof(mac),
	    &len) != 0 ||
	    pst_count_q(mac, len) != pst_count_q((const uint8_t *)utf8,
	    strlen(utf8)))
		return -1;
	if (len == 0 || len > PST_PW_CHARS || len >= outcap)
		return -1;
	for (i = 0; i < len; i++)
		if (mac[i] < 0x20 || mac[i] == 0x7f)
			return -1;
	memcpy(out, mac, len);
	out[len] = '\0';
	return (int)len;
}
