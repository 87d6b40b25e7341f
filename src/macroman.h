/*
 * macroman.h - Mac OS Roman <-> UTF-8 for the client wire (protocol
 * README section 4): the modern table (0xDB = euro sign, 0xF0 = Apple
 * logo U+F8FF).  Every function stops at NUL or the input length, never
 * writes past outcap, always NUL-terminates a non-empty output buffer
 * and never splits a character; what cannot be mapped becomes '?'.
 */
#ifndef MS_MACROMAN_H
#define MS_MACROMAN_H

#include <stddef.h>
#include <stdint.h>

/*
 * ms_macroman_to_utf8 - convert in (up to inlen bytes or the first NUL)
 * into out.  *outlen_r (may be NULL) gets the bytes written before the
 * terminating NUL.  Returns 0 when all of the input fitted, 1 when the
 * output was cut at a character boundary, -1 (errno EINVAL) when outcap
 * is 0.  Each MacRoman byte needs at most 3 UTF-8 bytes.
 */
int	ms_macroman_to_utf8(const uint8_t *in, size_t inlen, char *out,
	    size_t outcap, size_t *outlen_r);

/*
 * ms_utf8_to_macroman - the reverse.  Malformed UTF-8 (overlong forms,
 * surrogates, truncated sequences, stray continuation bytes, values
 * above U+10FFFF) and code points without a MacRoman byte each become
 * one '?': a malformed sequence is replaced as its longest valid prefix
 * (the Unicode "maximal subpart" rule).  Returns as above.
 */
int	ms_utf8_to_macroman(const char *in, size_t inlen, uint8_t *out,
	    size_t outcap, size_t *outlen_r);

/*
 * ms_macroman_sanitize - MacRoman text made safe for a log line: UTF-8,
 * control characters (0x01-0x1F, 0x7F) written as \xNN and a backslash
 * as \\, so a client can neither break lines nor forge escapes.  Returns
 * as above; an escape is never cut in half.
 */
int	ms_macroman_sanitize(const uint8_t *in, size_t inlen, char *out,
	    size_t outcap, size_t *outlen_r);

/* ms_macroman_codepoint - the Unicode code point of one MacRoman byte. */
uint32_t	ms_macroman_codepoint(uint8_t c);

/* ms_macroman_from_codepoint - the MacRoman byte for cp, or -1. */
int	ms_macroman_from_codepoint(uint32_t cp);

#endif /* MS_MACROMAN_H */
