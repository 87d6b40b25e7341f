/*
 * wire_buf.c - the bounds-checked big-endian reader and writer behind
 * every wire codec, and the packet writer that reserves room for the
 * cipher.  Sticky errors: the first failure is kept, later calls do
 * nothing, reads then yield 0 / NULL; no byte outside the span is touched.
 */
#include <string.h>

#include "wire.h"
#include "wire_buf.h"

void
mw_rd_init(struct mw_rd *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
	r->err = MW_OK;
}

void
mw_rd_fail(struct mw_rd *r, int err)
{
	if (r->err == MW_OK)
		r->err = err;
}

size_t
mw_rd_left(const struct mw_rd *r)
{
	return r->err == MW_OK ? r->len - r->off : 0;
}

/* mw_rd_span - claim n bytes, or fail the reader and return NULL */
const uint8_t *
mw_rd_span(struct mw_rd *r, size_t n)
{
	const uint8_t	*s;

	if (r->err != MW_OK)
		return NULL;
	if (n > r->len - r->off) {
		r->err = MW_E_TRUNC;
		return NULL;
	}
	s = r->p + r->off;
	r->off += n;
	return s;
}

uint8_t
mw_rd_u8(struct mw_rd *r)
{
	const uint8_t	*s = mw_rd_span(r, 1);

	return s ? s[0] : 0;
}

int8_t
mw_rd_i8(struct mw_rd *r)
{
	return (int8_t)mw_rd_u8(r);
}

uint16_t
mw_rd_u16(struct mw_rd *r)
{
	const uint8_t	*s = mw_rd_span(r, 2);

	return s ? (uint16_t)(s[0] << 8 | s[1]) : 0;
}

int16_t
mw_rd_i16(struct mw_rd *r)
{
	return (int16_t)mw_rd_u16(r);
}

uint32_t
mw_rd_u32(struct mw_rd *r)
{
	const uint8_t	*s = mw_rd_span(r, 4);

	if (s == NULL)
		return 0;
	return (uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 |
	    (uint32_t)s[2] << 8 | s[3];
}

int32_t
mw_rd_i32(struct mw_rd *r)
{
	return (int32_t)mw_rd_u32(r);
}

void
mw_rd_bytes(struct mw_rd *r, void *dst, size_t n)
{
	const uint8_t	*s = mw_rd_span(r, n);

	if (s != NULL)
		memcpy(dst, s, n);
	else
		memset(dst, 0, n);
}

void
mw_rd_skip(struct mw_rd *r, size_t n)
{
	(void)mw_rd_span(r, n);
}

/*
 * mw_rd_fixstr - read a char[n] field into dst[n], NUL-filled after the
 * text.  A field that lacks its NUL keeps n - 1 characters: the struct is
 * always terminated.
 */
void
mw_rd_fixstr(struct mw_rd *r, char *dst, size_t n)
{
	const uint8_t	*s = mw_rd_span(r, n);
	size_t		 l;

	memset(dst, 0, n);
	if (s == NULL)
		return;
	for (l = 0; l < n - 1 && s[l] != '\0'; l++)
		dst[l] = (char)s[l];
}

/* mw_rd_cstr - a NUL-terminated string inside the span, zero copy */
const char *
mw_rd_cstr(struct mw_rd *r)
{
	const uint8_t	*s, *nul;

	if (r->err != MW_OK)
		return NULL;
	s = r->p + r->off;
	if ((nul = memchr(s, '\0', r->len - r->off)) == NULL) {
		r->err = MW_E_NONUL;
		return NULL;
	}
	r->off += (size_t)(nul - s) + 1;
	return (const char *)s;
}

/* mw_rd_end - result of a decode whose layout must use every byte */
int
mw_rd_end(const struct mw_rd *r)
{
	if (r->err != MW_OK)
		return r->err;
	return r->off == r->len ? MW_OK : MW_E_TRAILING;
}

/* mw_rd_end_pad - as mw_rd_end, but NUL padding after a cstr is fine */
int
mw_rd_end_pad(const struct mw_rd *r)
{
	size_t	i;

	if (r->err != MW_OK)
		return r->err;
	for (i = r->off; i < r->len; i++)
		if (r->p[i] != 0)
			return MW_E_TRAILING;
	return MW_OK;
}

void
mw_wr_init(struct mw_wr *w, uint8_t *p, size_t cap)
{
	w->p = p;
	w->cap = cap;
	w->off = 0;
	w->err = MW_OK;
}

void
mw_wr_fail(struct mw_wr *w, int err)
{
	if (w->err == MW_OK)
		w->err = err;
}

/* claim - n writable bytes, or fail the writer with MW_E_NOSPACE */
static uint8_t *
claim(struct mw_wr *w, size_t n)
{
	uint8_t	*d;

	if (w->err != MW_OK)
		return NULL;
	if (n > w->cap - w->off) {
		w->err = MW_E_NOSPACE;
		return NULL;
	}
	d = w->p + w->off;
	w->off += n;
	return d;
}

void
mw_wr_u8(struct mw_wr *w, uint8_t v)
{
	uint8_t	*d = claim(w, 1);

	if (d != NULL)
		d[0] = v;
}

void
mw_wr_u16(struct mw_wr *w, uint16_t v)
{
	uint8_t	*d = claim(w, 2);

	if (d != NULL) {
		d[0] = (uint8_t)(v >> 8);
		d[1] = (uint8_t)v;
	}
}

void
mw_wr_u32(struct mw_wr *w, uint32_t v)
{
	uint8_t	*d = claim(w, 4);

	if (d != NULL) {
		d[0] = (uint8_t)(v >> 24);
		d[1] = (uint8_t)(v >> 16);
		d[2] = (uint8_t)(v >> 8);
		d[3] = (uint8_t)v;
	}
}

/* mw_wr_bytes - copy n bytes; a NULL source writes zeros */
void
mw_wr_bytes(struct mw_wr *w, const void *src, size_t n)
{
	uint8_t	*d = claim(w, n);

	if (d == NULL || n == 0)
		return;
	if (src != NULL)
		memcpy(d, src, n);
	else
		memset(d, 0, n);
}

void
mw_wr_zero(struct mw_wr *w, size_t n)
{
	mw_wr_bytes(w, NULL, n);
}

/* mw_wr_fixstr - a char[n] field: text, then NULs; needs room for one */
void
mw_wr_fixstr(struct mw_wr *w, const char *s, size_t n)
{
	size_t	l = s != NULL ? strnlen(s, n) : 0;
	uint8_t	*d;

	if (l >= n) {
		mw_wr_fail(w, MW_E_RANGE);
		return;
	}
	if ((d = claim(w, n)) == NULL)
		return;
	memcpy(d, s, l);
	memset(d + l, 0, n - l);
}

/* mw_wr_cstr - text and its NUL; NULL is the empty string */
void
mw_wr_cstr(struct mw_wr *w, const char *s, size_t maxlen)
{
	size_t	l = s != NULL ? strlen(s) : 0;

	if (l > maxlen) {
		mw_wr_fail(w, MW_E_RANGE);
		return;
	}
	mw_wr_bytes(w, s, l);
	mw_wr_u8(w, 0);
}

/*
 * mw_pkt_begin - start a packet.  The cipher turns a payload into one 24
 * bytes longer in place, so that much of cap is never handed out, and the
 * encrypted packet must still respect the 16-bit ceiling of Myth clients.
 */
void
mw_pkt_begin(struct mw_wr *w, uint8_t *out, size_t cap, uint16_t type)
{
	size_t	usable = 0;

	if (cap > MW_CIPHER_OVERHEAD)
		usable = cap - MW_CIPHER_OVERHEAD;
	if (usable > MW_IN_MAX_CEILING - MW_CIPHER_OVERHEAD)
		usable = MW_IN_MAX_CEILING - MW_CIPHER_OVERHEAD;
	mw_wr_init(w, out, usable);
	mw_wr_u16(w, MW_MAGIC);
	mw_wr_u16(w, type);
	mw_wr_u32(w, 0);
}

int
mw_pkt_end(struct mw_wr *w, size_t *len_r)
{
	if (w->err != MW_OK)
		return w->err;
	mw_frame_set_length(w->p, w->off);
	*len_r = w->off;
	return MW_OK;
}
