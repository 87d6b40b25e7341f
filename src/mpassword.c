/*
 * mpassword.c - password schemes 0 (plaintext), 1 (simple) and 4
 * (Aleph One token) of protocol README 8.4.  Every secret is compared
 * in its 16-byte NUL-padded form, which is what both client families
 * fill the field from, and in constant time, so response timing tells
 * a guesser nothing about how many bytes were right.
 */
#include <errno.h>
#include <string.h>

#include "mpassword.h"

static int	pad_secret(const char *s, uint8_t out[MPW_KEY_LEN]);
static int	equal_ct(const uint8_t *a, const uint8_t *b, size_t n);
static int	respond_plain(int flags, const char *password,
		    uint8_t out[MPW_RESPONSE_MAX], size_t *outlen_r);
static int	respond_simple(const char *password, const uint8_t *salt,
		    uint8_t out[MPW_RESPONSE_MAX], size_t *outlen_r);
static int	verify_plain(const uint8_t *resp, size_t resplen,
		    const char *secret);
static int	verify_key(const uint8_t *resp, size_t resplen,
		    const uint8_t want[MPW_KEY_LEN]);
static int	verify_simple(const uint8_t *resp, size_t resplen,
		    const char *secret, const uint8_t *salt);
static int	verify_token(const uint8_t *resp, size_t resplen,
		    const char *secret);

/* pad_secret - s NUL-padded to 16 bytes; -1 (EMSGSIZE) if it is longer. */
static int
pad_secret(const char *s, uint8_t out[MPW_KEY_LEN])
{
	size_t	len = strnlen(s, MPW_SECRET_MAX + 1);

	if (len > MPW_SECRET_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	memset(out, 0, MPW_KEY_LEN);
	memcpy(out, s, len);
	return 0;
}

static int
equal_ct(const uint8_t *a, const uint8_t *b, size_t n)
{
	volatile uint8_t	diff = 0;
	size_t			i;

	for (i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

int
mpw_simple_key(const char *password, const uint8_t salt[MPW_SALT_LEN],
    uint8_t key[MPW_KEY_LEN])
{
	uint8_t	p[MPW_KEY_LEN];
	int	i;

	if (pad_secret(password, p) == -1)
		return -1;
	for (i = 0; i < MPW_KEY_LEN; i++)
		key[i] = p[i] ^ salt[i];
	/* Two chained passes; each step uses the already updated k[i-1]. */
	for (i = 1; i < MPW_KEY_LEN; i++)
		key[i] ^= key[i - 1];
	for (i = 1; i < MPW_KEY_LEN; i++)
		key[i] = (uint8_t)~(key[i] * key[i - 1]);
	return 0;
}

int
mpw_plaintext(const uint8_t *resp, size_t resplen, const uint8_t **text_r,
    size_t *len_r)
{
	const uint8_t	*nul;
	size_t		 len;

	nul = resplen > 0 ? memchr(resp, '\0', resplen) : NULL;
	len = nul != NULL ? (size_t)(nul - resp) : resplen;
	if (len > MPW_SECRET_MAX) {
		errno = EBADMSG;
		return -1;
	}
	*text_r = resp;
	*len_r = len;
	return 0;
}

static int
respond_plain(int flags, const char *password,
    uint8_t out[MPW_RESPONSE_MAX], size_t *outlen_r)
{
	size_t	len;

	if (flags & MPW_F_PADDED) {
		if (pad_secret(password, out) == -1)
			return -1;
		*outlen_r = MPW_KEY_LEN;
		return 0;
	}
	/* Myth II keeps room for the NUL inside the 16-byte field. */
	len = strnlen(password, MPW_SECRET_MAX);
	if (len >= MPW_SECRET_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	memcpy(out, password, len + 1);
	*outlen_r = len + 1;
	return 0;
}

static int
respond_simple(const char *password, const uint8_t *salt,
    uint8_t out[MPW_RESPONSE_MAX], size_t *outlen_r)
{
	if (salt == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (mpw_simple_key(password, salt, out) == -1)
		return -1;
	*outlen_r = MPW_KEY_LEN;
	return 0;
}

int
mpw_respond(int scheme, int flags, const char *password,
    const uint8_t *salt, uint8_t out[MPW_RESPONSE_MAX], size_t *outlen_r)
{
	switch (scheme) {
	case MPW_PLAINTEXT:
		return respond_plain(flags, password, out, outlen_r);
	case MPW_SIMPLE:
		return respond_simple(password, salt, out, outlen_r);
	default:
		errno = ENOTSUP;
		return -1;
	}
}

/* verify_plain - scheme 0: the text against secret, both NUL-padded. */
static int
verify_plain(const uint8_t *resp, size_t resplen, const char *secret)
{
	uint8_t		 want[MPW_KEY_LEN], got[MPW_KEY_LEN];
	const uint8_t	*text;
	size_t		 len;

	if (mpw_plaintext(resp, resplen, &text, &len) == -1 ||
	    pad_secret(secret, want) == -1)
		return -1;
	memset(got, 0, sizeof(got));
	if (len > 0)
		memcpy(got, text, len);
	return verify_key(got, sizeof(got), want);
}

/* verify_key - a 16-byte body against the 16 bytes it must be. */
static int
verify_key(const uint8_t *resp, size_t resplen,
    const uint8_t want[MPW_KEY_LEN])
{
	if (resplen != MPW_KEY_LEN) {
		errno = EBADMSG;
		return -1;
	}
	if (!equal_ct(resp, want, MPW_KEY_LEN)) {
		errno = EACCES;
		return -1;
	}
	return 0;
}

static int
verify_simple(const uint8_t *resp, size_t resplen, const char *secret,
    const uint8_t *salt)
{
	uint8_t	want[MPW_KEY_LEN];

	if (salt == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (mpw_simple_key(secret, salt, want) == -1)
		return -1;
	return verify_key(resp, resplen, want);
}

/* verify_token - scheme 4: the body is the token, NUL-padded to 16. */
static int
verify_token(const uint8_t *resp, size_t resplen, const char *secret)
{
	uint8_t	want[MPW_KEY_LEN];

	if (pad_secret(secret, want) == -1)
		return -1;
	return verify_key(resp, resplen, want);
}

int
mpw_verify(int scheme, const uint8_t *resp, size_t resplen,
    const char *secret, const uint8_t *salt)
{
	switch (scheme) {
	case MPW_PLAINTEXT:
		return verify_plain(resp, resplen, secret);
	case MPW_SIMPLE:
		return verify_simple(resp, resplen, secret, salt);
	case MPW_TOKEN:
		return verify_token(resp, resplen, secret);
	default:
		errno = ENOTSUP;
		return -1;
	}
}
