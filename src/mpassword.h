/*
 * mpassword.h - the password step of the login connection (protocol
 * README 8.4): what a client puts in packet 109 for the challenge of
 * packet 6, and how a server checks that against the secret it knows.
 * Passwords and tokens are byte strings in the wire encoding (MacRoman);
 * convert stored UTF-8 with ms_utf8_to_macroman() first.
 */
#ifndef MS_MPASSWORD_H
#define MS_MPASSWORD_H

#include <stddef.h>
#include <stdint.h>

#define MPW_SALT_LEN	16	/* packet 6 salt */
#define MPW_KEY_LEN	16	/* the fixed 109 body of schemes 1, 4, A1 0 */
#define MPW_SECRET_MAX	16	/* longest password/token the field holds */
#define MPW_RESPONSE_MAX 16	/* largest 109 body mpw_respond() writes */

/* packet 6 authentication_type */
enum mpw_scheme {
	MPW_PLAINTEXT = 0,	/* the text itself; Myth II and GoS use it */
	MPW_SIMPLE = 1,		/* salted 16-byte transform (A1C) */
	MPW_MD5 = 2,		/* undocumented: unsupported */
	MPW_ROOM = 3,		/* undocumented: unsupported */
	MPW_TOKEN = 4		/* Aleph One HTTPS one-time token */
};

/*
 * mpw_respond flag: scheme 0 as Aleph One sends it (16 bytes, the text
 * NUL-padded, no NUL for a 16-byte password) instead of Myth II's
 * NUL-terminated text of at most 15 bytes.
 */
#define MPW_F_PADDED	0x01

/*
 * mpw_respond - the client side: the 109 body for password under
 * scheme (0 or 1; salt may be NULL for 0).  Returns 0 with *outlen_r
 * bytes in out, or -1 with errno EMSGSIZE (password too long for the
 * form), EINVAL (no salt for scheme 1) or ENOTSUP (other schemes; a
 * scheme 4 token comes from a web service, not from this code).
 */
int	mpw_respond(int scheme, int flags, const char *password,
	    const uint8_t *salt, uint8_t out[MPW_RESPONSE_MAX],
	    size_t *outlen_r);

/*
 * mpw_verify - the server side: does the 109 body resp match secret?
 * For schemes 0 and 1 secret is the password, for 4 the one-time token
 * issued for this user (its expiry and erasure are the caller's).  The
 * comparison takes the same time wherever the bytes differ.  Returns 0
 * only on a match; otherwise -1 with errno EACCES (mismatch), EBADMSG
 * (malformed response), EMSGSIZE (secret longer than MPW_SECRET_MAX,
 * which no client can send), EINVAL (no salt for scheme 1) or ENOTSUP.
 */
int	mpw_verify(int scheme, const uint8_t *resp, size_t resplen,
	    const char *secret, const uint8_t *salt);

/*
 * mpw_plaintext - the password text of a scheme 0 body: up to the first
 * NUL, or all of it when a 16-byte Aleph One body has none.  Returns 0
 * with the text at *text_r (inside resp) and its length in *len_r (0 is
 * the Myth II guest request), or -1 with errno EBADMSG when the text is
 * longer than MPW_SECRET_MAX.
 */
int	mpw_plaintext(const uint8_t *resp, size_t resplen,
	    const uint8_t **text_r, size_t *len_r);

/*
 * mpw_simple_key - the scheme 1 transform of password and salt.
 * Returns 0, or -1 with errno EMSGSIZE for a password over 16 bytes.
 */
int	mpw_simple_key(const char *password, const uint8_t salt[MPW_SALT_LEN],
	    uint8_t key[MPW_KEY_LEN]);

#endif /* MS_MPASSWORD_H */
