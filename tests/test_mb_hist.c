/*
 * test_mb_hist.c - mythmeta-bench's statistics (bench/mb_stats.c): the
 * log-linear buckets (exact at the bottom, contiguous, at most 1/32
 * wide), percentiles by integer rank, merging across processes, the
 * clamp at the top, and the merged result's expected deliveries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "mb.h"

static void
test_small_exact(void **state)
{
	uint64_t	v;

	(void)state;
	for (v = 0; v < 2 * MB_HIST_SUB; v++) {
		assert_int_equal(mb_hist_bucket(v), v);
		assert_int_equal(mb_hist_upper(mb_hist_bucket(v)), v);
	}
}

/* every bucket is reached, in order, and holds what it claims */
static void
test_buckets_contiguous(void **state)
{
	size_t		b;
	uint64_t	lo = 0, hi;

	(void)state;
	for (b = 0; b < MB_HIST_BUCKETS; b++) {
		hi = mb_hist_upper(b);
		assert_true(hi >= lo);
		assert_int_equal(mb_hist_bucket(lo), b);
		assert_int_equal(mb_hist_bucket(hi), b);
		if (lo >= MB_HIST_SUB)
			assert_true((hi - lo + 1) * MB_HIST_SUB <= lo);
		lo = hi + 1;
	}
	assert_int_equal(lo, 1ULL << MB_HIST_MAX_BITS);
}

static void
test_clamp_top(void **state)
{
	struct mb_hist	h;

	(void)state;
	assert_int_equal(mb_hist_bucket(UINT64_MAX), MB_HIST_BUCKETS - 1);
	assert_int_equal(mb_hist_bucket(1ULL << MB_HIST_MAX_BITS),
	    MB_HIST_BUCKETS - 1);
	mb_hist_init(&h);
	mb_hist_add(&h, 1ULL << 50);
	assert_int_equal(h.b[MB_HIST_BUCKETS - 1], 1);
	assert_int_equal(mb_hist_pct(&h, 0.5), 1ULL << 50);
}

static void
test_empty_and_single(void **state)
{
	struct mb_hist	h;

	(void)state;
	mb_hist_init(&h);
	assert_int_equal(mb_hist_pct(&h, 0.5), 0);
	assert_true(mb_hist_mean(&h) == 0.0);
	mb_hist_add(&h, 123456789);
	assert_int_equal(mb_hist_pct(&h, 0.0), 123456789);
	assert_int_equal(mb_hist_pct(&h, 0.999), 123456789);
	assert_int_equal(h.min, 123456789);
	assert_int_equal(h.max, 123456789);
}

/* 1..1000: rank ceil(q n); the answer is >= the truth, within 1/32 */
static void
test_percentiles_uniform(void **state)
{
	static const double	q[] = { 0.001, 0.5, 0.9, 0.99, 0.999, 1 };
	static const uint64_t	truth[] = { 1, 500, 900, 990, 999, 1000 };
	struct mb_hist		h;
	uint64_t		v, p;
	size_t			i;

	(void)state;
	mb_hist_init(&h);
	for (v = 1000; v >= 1; v--)
		mb_hist_add(&h, v);
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		p = mb_hist_pct(&h, q[i]);
		assert_true(p >= truth[i]);
		assert_true((p - truth[i]) * MB_HIST_SUB <= truth[i]);
	}
	assert_int_equal(mb_hist_pct(&h, 1), 1000);
	assert_true(mb_hist_mean(&h) == 500.5);
}

/* a skewed set: 99.9% fast, a slow tail that p99.9 must not see */
static void
test_percentiles_tail(void **state)
{
	struct mb_hist	h;
	int		i;

	(void)state;
	mb_hist_init(&h);
	for (i = 0; i < 9990; i++)
		mb_hist_add(&h, 20);
	for (i = 0; i < 10; i++)
		mb_hist_add(&h, 5000000000ULL);
	assert_int_equal(mb_hist_pct(&h, 0.5), 20);
	assert_int_equal(mb_hist_pct(&h, 0.999), 20);
	assert_true(mb_hist_pct(&h, 0.9991) >= 5000000000ULL);
	assert_int_equal(mb_hist_pct(&h, 1), 5000000000ULL);
}

static void
test_merge(void **state)
{
	struct mb_hist	*a, *b, *all;
	uint64_t	 v, x = 88172645463325252ULL;
	int		 i;

	(void)state;
	a = malloc(sizeof(*a));
	b = malloc(sizeof(*b));
	all = malloc(sizeof(*all));
	assert_non_null(a && b && all);
	mb_hist_init(a);
	mb_hist_init(b);
	mb_hist_init(all);
	for (i = 0; i < 20000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		v = x % 50000000;
		mb_hist_add(i % 3 ? a : b, v);
		mb_hist_add(all, v);
	}
	mb_hist_merge(a, b);
	assert_memory_equal(a, all, sizeof(*a));
	free(a);
	free(b);
	free(all);
}

static void
test_result_merge(void **state)
{
	struct mb_result	*r, *s;

	(void)state;
	r = malloc(sizeof(*r));
	s = malloc(sizeof(*s));
	assert_non_null(r && s);
	mb_result_init(r);
	mb_result_init(s);
	s->t_login_start = 500;
	s->t_login_end = 900;
	s->room_sent[0] = 10;
	s->room_members[0] = 3;
	s->errors[MB_E_TIMEOUT] = 2;
	mb_result_merge(r, s);
	s->t_login_start = 400;
	s->t_login_end = 800;
	s->room_sent[1] = 5;
	s->room_members[1] = 4;
	mb_result_merge(r, s);
	assert_int_equal(r->t_login_start, 400);
	assert_int_equal(r->t_login_end, 900);
	assert_int_equal(r->errors[MB_E_TIMEOUT], 4);
	/* room 0: 20 lines x 6 members; room 1: 5 lines x 4 members */
	assert_int_equal(mb_result_expected(r), 140);
	free(r);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_exact),
		cmocka_unit_test(test_buckets_contiguous),
		cmocka_unit_test(test_clamp_top),
		cmocka_unit_test(test_empty_and_single),
		cmocka_unit_test(test_percentiles_uniform),
		cmocka_unit_test(test_percentiles_tail),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_result_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
