/*
 * fuzz_frame.c - libFuzzer target for mw_frame_next(), the first code
 * that sees a network byte.  The input is a byte stream consumed packet
 * by packet, once with the default limit and once with a small one
 * taken from the first byte.  Checked: a packet lies inside the buffer,
 * respects the limit, and every shorter prefix of it asks for more.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
limit_of(const struct mw_limits *lim)
{
	if (lim == NULL || lim->in_max == 0)
		return MW_IN_MAX_DEFAULT;
	return lim->in_max < MW_IN_MAX_CEILING ? lim->in_max :
	    MW_IN_MAX_CEILING;
}

/* prefixes - a packet that frames must look incomplete when cut short */
static void
prefixes(uint8_t *p, size_t size, const struct mw_limits *lim)
{
	struct mw_frame	f;
	size_t		n;

	for (n = 0; n < size; n = n < 16 ? n + 1 : (n + size) / 2 + 1)
		if (mw_frame_next(p, n, lim, &f) != MW_NEED_MORE ||
		    (n >= MW_HEADER_SIZE && f.size != size))
			abort();
}

static void
check(uint8_t *p, size_t avail, const struct mw_limits *lim,
    const struct mw_frame *f)
{
	volatile uint8_t	sum = 0;
	size_t			i;

	if (f->size < MW_HEADER_SIZE || f->size > avail ||
	    f->size > limit_of(lim) || f->len != f->size - MW_HEADER_SIZE ||
	    f->payload != p + MW_HEADER_SIZE ||
	    f->type != (uint16_t)(p[2] << 8 | p[3]))
		abort();
	for (i = 0; i < f->len; i++)
		sum ^= f->payload[i];
	(void)sum;
	if (mw_type_name(f->type) == NULL)
		abort();
}

static void
consume(uint8_t *buf, size_t size, const struct mw_limits *lim)
{
	struct mw_frame	f;
	size_t		off = 0;
	int		rc;

	while (off < size) {
		rc = mw_frame_next(buf + off, size - off, lim, &f);
		if (mw_strerror(rc) == NULL)
			abort();
		if (rc == MW_NEED_MORE && f.size <= size - off &&
		    size - off >= MW_HEADER_SIZE)
			abort();
		if (rc != MW_OK)
			return;
		check(buf + off, size - off, lim, &f);
		prefixes(buf + off, f.size, lim);
		off += f.size;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mw_limits	 small;
	uint8_t			*buf;

	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	consume(buf, size, NULL);
	if (size > 0) {
		small.in_max = MW_HEADER_SIZE + data[0];
		small.out_max = 0;
		consume(buf + 1, size - 1, &small);
	}
	free(buf);
	return 0;
}
