/*
 * fuzz_macroman.c - libFuzzer target for both text conversions and the
 * log sanitiser.  The first input byte picks the output capacity so the
 * truncation paths get exercised; buffers are exact-size heap copies so
 * ASan catches any byte read or written out of bounds.  Checked: the
 * result is NUL-terminated at *outlen_r, and MacRoman -> UTF-8 -> back
 * reproduces the input whenever nothing was cut.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "macroman.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* check_out - the common contract of all three conversions. */
static void
check_out(int rc, const void *out, size_t outcap, size_t outlen)
{
	if (rc != 0 && rc != 1)
		abort();
	if (outlen >= outcap || ((const char *)out)[outlen] != '\0' ||
	    memchr(out, '\0', outlen) != NULL)
		abort();
}

static void
from_macroman(const uint8_t *in, size_t len, size_t outcap)
{
	char	*out;
	uint8_t	*back;
	size_t	 n, m, inlen;
	int	 rc;

	if ((out = malloc(outcap)) == NULL)
		return;
	rc = ms_macroman_to_utf8(in, len, out, outcap, &n);
	check_out(rc, out, outcap, n);
	if (outcap > len * 3 && rc != 0)
		abort();
	inlen = strnlen((const char *)in, len);
	if (rc == 0 && (back = malloc(inlen + 1)) != NULL) {
		if (ms_utf8_to_macroman(out, n, back, inlen + 1, &m) != 0 ||
		    m != inlen || memcmp(back, in, inlen) != 0)
			abort();
		free(back);
	}
	rc = ms_macroman_sanitize(in, len, out, outcap, &n);
	check_out(rc, out, outcap, n);
	free(out);
}

static void
from_utf8(const uint8_t *in, size_t len, size_t outcap)
{
	uint8_t	*out;
	size_t	 n;
	int	 rc;

	if ((out = malloc(outcap)) == NULL)
		return;
	rc = ms_utf8_to_macroman((const char *)in, len, out, outcap, &n);
	check_out(rc, out, outcap, n);
	if (n > len || (outcap > len && rc != 0))
		abort();
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t	*in;
	size_t	 outcap, len;

	if (size < 1)
		return 0;
	outcap = (size_t)data[0] + 1;
	len = size - 1;
	if ((in = malloc(len ? len : 1)) == NULL)
		return 0;
	memcpy(in, data + 1, len);
	from_macroman(in, len, outcap);
	from_macroman(in, len, len * 3 + 1);
	from_utf8(in, len, outcap);
	from_utf8(in, len, len + 1);
	free(in);
	return 0;
}
