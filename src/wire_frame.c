/*
 * wire_frame.c - packet framing (README section 3), result and type
 * names, packets with empty payloads, and the generic list machinery
 * (scan + iterate for decoding, append + split for encoding).
 * Invariants: framing never copies or allocates and rejects a bad header
 * as early as the bytes that prove it arrive; a list packet under
 * construction is always a complete, valid packet up to its last entry.
 */
#include <string.h>

#include "wire.h"
#include "wire_buf.h"

static const struct {
	int		 rc;
	const char	*text;
} rc_names[] = {
	{ MW_OK, "ok" },
	{ MW_NEED_MORE, "need more bytes" },
	{ MW_LIST_FULL, "list packet full" },
	{ MW_E_TRUNC, "payload shorter than its layout" },
	{ MW_E_TRAILING, "unexpected bytes after the layout" },
	{ MW_E_NONUL, "string without terminating NUL" },
	{ MW_E_COUNT, "count or size field does not fit the payload" },
	{ MW_E_RANGE, "value out of range" },
	{ MW_E_MAGIC, "bad packet magic" },
	{ MW_E_SHORTLEN, "packet length below header size" },
	{ MW_E_OVERSIZE, "packet length above limit" },
	{ MW_E_NOSPACE, "output buffer too small" },
	{ MW_E_TYPE, "wrong packet type" },
};

const char *
mw_strerror(int rc)
{
	size_t	i;

	for (i = 0; i < sizeof(rc_names) / sizeof(rc_names[0]); i++)
		if (rc_names[i].rc == rc)
			return rc_names[i].text;
	return "unknown error";
}

const char *
mw_type_name(uint16_t type)
{
	switch (type) {
#define MW_NAME(name, id, str)	case id: return str;
	MW_TYPE_LIST(MW_NAME)
#undef MW_NAME
	}
	return "unknown";
}

static size_t
in_max(const struct mw_limits *lim)
{
	if (lim == NULL || lim->in_max == 0)
		return MW_IN_MAX_DEFAULT;
	return lim->in_max < MW_IN_MAX_CEILING ? lim->in_max :
	    MW_IN_MAX_CEILING;
}

/*
 * mw_frame_next - find the packet at the start of buf.  Bad magic is
 * reported from the first wrong byte: a stream cannot resynchronise, so
 * waiting for more of it gains nothing.
 */
int
mw_frame_next(uint8_t *buf, size_t avail, const struct mw_limits *lim,
    struct mw_frame *f)
{
	uint32_t	size;

	memset(f, 0, sizeof(*f));
	f->size = MW_HEADER_SIZE;
	if ((avail >= 1 && buf[0] != (MW_MAGIC >> 8)) ||
	    (avail >= 2 && buf[1] != (MW_MAGIC & 0xff)))
		return MW_E_MAGIC;
	if (avail < MW_HEADER_SIZE)
		return MW_NEED_MORE;
	size = (uint32_t)buf[4] << 24 | (uint32_t)buf[5] << 16 |
	    (uint32_t)buf[6] << 8 | buf[7];
	if (size < MW_HEADER_SIZE)
		return MW_E_SHORTLEN;
	if (size > in_max(lim))
		return MW_E_OVERSIZE;
	f->type = (uint16_t)(buf[2] << 8 | buf[3]);
	f->size = size;
	if (avail < size)
		return MW_NEED_MORE;
	f->payload = buf + MW_HEADER_SIZE;
	f->len = size - MW_HEADER_SIZE;
	return MW_OK;
}

/* mw_frame_set_length - rewrite the length, e.g. after encrypting */
void
mw_frame_set_length(uint8_t *pkt, size_t size)
{
	pkt[4] = (uint8_t)(size >> 24);
	pkt[5] = (uint8_t)(size >> 16);
	pkt[6] = (uint8_t)(size >> 8);
	pkt[7] = (uint8_t)size;
}

int
mw_encode_raw(uint8_t *out, size_t cap, size_t *len_r, uint16_t type,
    const void *payload, size_t len)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, type);
	mw_wr_bytes(&w, payload, len);
	return mw_pkt_end(&w, len_r);
}

#define MW_EMPTY_DEF(name, type)					\
int									\
mw_decode_##name(const uint8_t *p, size_t len)				\
{									\
	(void)p;							\
	return len == 0 ? MW_OK : MW_E_TRAILING;			\
}									\
									\
int									\
mw_encode_##name(uint8_t *out, size_t cap, size_t *len_r)		\
{									\
	return mw_encode_raw(out, cap, len_r, (type), NULL, 0);		\
}
MW_EMPTY_LIST(MW_EMPTY_DEF)
#undef MW_EMPTY_DEF

/*
 * mw_list_scan - check every entry of a list payload with get (into the
 * caller's scratch) and set up an iterator that can then no longer fail.
 */
int
mw_list_scan(const uint8_t *p, size_t len, uint16_t type, mw_get_fn *get,
    void *scratch, struct mw_iter *it)
{
	struct mw_rd	r;
	size_t		n = 0;
	int		rc;

	memset(it, 0, sizeof(*it));
	mw_rd_init(&r, p, len);
	while (mw_rd_left(&r) > 0) {
		if ((rc = get(&r, scratch)) != MW_OK)
			return rc;
		if (r.err != MW_OK)
			return r.err;
		n++;
	}
	it->p = p;
	it->len = len;
	it->count = n;
	it->type = type;
	return MW_OK;
}

int
mw_iter_next(struct mw_iter *it, mw_get_fn *get, void *out)
{
	struct mw_rd	r;

	if (it->p == NULL || it->off >= it->len)
		return 0;
	mw_rd_init(&r, it->p, it->len);
	r.off = it->off;
	if (get(&r, out) != MW_OK || r.err != MW_OK) {
		it->off = it->len;	/* only a changed payload gets here */
		return 0;
	}
	it->off = r.off;
	return 1;
}

int
mw_list_begin(struct mw_list *l, uint16_t type, uint8_t *out, size_t cap,
    size_t limit)
{
	struct mw_wr	w;

	if (limit == 0)
		limit = MW_MYTH_OUT_MAX;
	mw_pkt_begin(&w, out, cap, type);
	l->out = out;
	l->cap = w.cap < limit ? w.cap : limit;
	l->len = w.off;
	l->count = 0;
	l->type = type;
	return w.err;
}

/*
 * mw_list_add - append one entry with put.  On failure the packet is
 * left exactly as before the call, so the caller can still end it.
 */
int
mw_list_add(struct mw_list *l, int type_ok, mw_put_fn *put,
    const void *entry)
{
	struct mw_wr	w;

	if (!type_ok)
		return MW_E_TYPE;
	mw_wr_init(&w, l->out, l->cap);
	w.off = l->len;
	put(&w, entry);
	if (w.err == MW_E_NOSPACE && l->count > 0)
		return MW_LIST_FULL;
	if (w.err != MW_OK)
		return w.err;
	l->len = w.off;
	l->count++;
	return MW_OK;
}

int
mw_list_end(struct mw_list *l, size_t *len_r)
{
	mw_frame_set_length(l->out, l->len);
	*len_r = l->len;
	return MW_OK;
}

/* mw_list_encode - n entries of size bytes each, all in one packet */
int
mw_list_encode(uint8_t *out, size_t cap, size_t *len_r, uint16_t type,
    mw_put_fn *put, const void *v, size_t size, size_t n)
{
	struct mw_wr	 w;
	const uint8_t	*e = v;
	size_t		 i;

	mw_pkt_begin(&w, out, cap, type);
	for (i = 0; i < n; i++)
		put(&w, e + i * size);
	return mw_pkt_end(&w, len_r);
}

/* mw_text_decode - payloads that are one cstr (10, 21, 117, A1 122) */
int
mw_text_decode(const uint8_t *p, size_t len, struct mw_text *t)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	t->text = mw_rd_cstr(&r);
	return mw_rd_end_pad(&r);
}

int
mw_text_encode(uint8_t *out, size_t cap, size_t *len_r, uint16_t type,
    const struct mw_text *t)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, type);
	mw_wr_cstr(&w, t->text, SIZE_MAX);
	return mw_pkt_end(&w, len_r);
}
