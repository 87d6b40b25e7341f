/*
 * test_gw_obuf.c - a client's output buffer: appends keep their order
 * across growth, partial consumes and compaction; a reservation that
 * would put the pending bytes over the limit is refused while the
 * memory never exceeds the limit; a drained grown buffer is released.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gw.h"

static void
put(struct gw_obuf *b, size_t n, uint8_t v, size_t limit)
{
	uint8_t	*p = gw_obuf_reserve(b, n, limit);

	assert_non_null(p);
	memset(p, v, n);
	gw_obuf_commit(b, n);
}

static void
test_order(void **state)
{
	struct gw_obuf	b = { 0 };
	size_t		i;

	(void)state;
	for (i = 0; i < 100; i++)
		put(&b, 100, (uint8_t)i, 1 << 20);
	assert_int_equal(gw_obuf_pending(&b), 10000);
	gw_obuf_consume(&b, 150);
	assert_int_equal(b.p[b.off], 1);
	put(&b, 50, 0xaa, 1 << 20);
	assert_int_equal(gw_obuf_pending(&b), 9900);
	for (i = 1; i < 100; i++)
		assert_int_equal(b.p[b.off + (i - 1) * 100], i);
	assert_int_equal(b.p[b.len - 1], 0xaa);
	gw_obuf_free(&b);
}

static void
test_cap(void **state)
{
	struct gw_obuf	b = { 0 };
	size_t		limit = 16384;

	(void)state;
	put(&b, 10000, 1, limit);
	put(&b, 6000, 2, limit);
	assert_null(gw_obuf_reserve(&b, 385, limit));
	assert_non_null(gw_obuf_reserve(&b, 384, limit));
	assert_true(b.cap <= limit);
	/* draining makes room again, and compaction keeps the data */
	gw_obuf_consume(&b, 10000);
	put(&b, 10000, 3, limit);
	assert_true(b.cap <= limit);
	assert_int_equal(gw_obuf_pending(&b), 16000);
	assert_int_equal(b.p[b.off], 2);
	assert_int_equal(b.p[b.len - 1], 3);
	assert_null(gw_obuf_reserve(&b, limit + 1, limit));
	gw_obuf_free(&b);
}

static void
test_release(void **state)
{
	struct gw_obuf	b = { 0 };

	(void)state;
	put(&b, 100, 1, 1 << 20);
	gw_obuf_consume(&b, 100);
	assert_int_equal(gw_obuf_pending(&b), 0);
	assert_non_null(b.p);		/* small: kept for the next turn */
	put(&b, 100000, 1, 1 << 20);
	gw_obuf_consume(&b, 40000);
	gw_obuf_consume(&b, 60000);
	assert_null(b.p);		/* grown: released */
	assert_int_equal(b.cap, 0);
	gw_obuf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
