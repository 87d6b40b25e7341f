/*
 * test_gw_limit.c - the chat token bucket (burst, refill by elapsed
 * time, never above the burst, clock going nowhere) and the per-address
 * table (per-address cap, bound on distinct addresses, counts after
 * deletes, probe runs intact after backward-shift deletion).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "gw.h"

static void
test_bucket_burst(void **state)
{
	struct gw_bucket	b;
	int			i;

	(void)state;
	gw_bucket_init(&b, 1000, 10);
	for (i = 0; i < 10; i++)
		assert_int_equal(gw_bucket_take(&b, 1000, 5, 10), 0);
	assert_int_equal(gw_bucket_take(&b, 1000, 5, 10), -1);
	/* 5 lines/s: one token per 200 ms */
	assert_int_equal(gw_bucket_take(&b, 1199, 5, 10), -1);
	assert_int_equal(gw_bucket_take(&b, 1200, 5, 10), 0);
	assert_int_equal(gw_bucket_take(&b, 1200, 5, 10), -1);
}

static void
test_bucket_cap(void **state)
{
	struct gw_bucket	b;
	int			i, ok = 0;

	(void)state;
	gw_bucket_init(&b, 0, 3);
	/* an hour of silence still allows only the burst */
	for (i = 0; i < 10; i++)
		ok += gw_bucket_take(&b, 3600000, 5, 3) == 0;
	assert_int_equal(ok, 3);
	/* a clock that does not advance (or steps back) adds nothing */
	assert_int_equal(gw_bucket_take(&b, 3599000, 5, 3), -1);
}

static void
test_bucket_rate(void **state)
{
	struct gw_bucket	b;
	uint64_t		t;
	int			ok = 0;

	(void)state;
	gw_bucket_init(&b, 0, 10);
	/* a client trying every 10 ms for 10 s: burst + 5/s x 10 s */
	for (t = 0; t < 10000; t += 10)
		ok += gw_bucket_take(&b, t, 5, 10) == 0;
	assert_true(ok >= 59 && ok <= 60);
}

static void
test_iptab_cap(void **state)
{
	struct gw_iptab	*t = gw_iptab_new(100);
	int		 i;

	(void)state;
	assert_non_null(t);
	for (i = 0; i < 3; i++)
		assert_int_equal(gw_iptab_add(t, 0x0100007f, 3), 0);
	assert_int_equal(gw_iptab_add(t, 0x0100007f, 3), -1);
	assert_int_equal(gw_iptab_count(t, 0x0100007f), 3);
	assert_int_equal(gw_iptab_add(t, 0x0200007f, 3), 0);
	assert_int_equal(gw_iptab_addrs(t), 2);
	gw_iptab_del(t, 0x0100007f);
	assert_int_equal(gw_iptab_count(t, 0x0100007f), 2);
	assert_int_equal(gw_iptab_add(t, 0x0100007f, 3), 0);
	for (i = 0; i < 3; i++)
		gw_iptab_del(t, 0x0100007f);
	assert_int_equal(gw_iptab_count(t, 0x0100007f), 0);
	assert_int_equal(gw_iptab_addrs(t), 1);
	gw_iptab_del(t, 0x0300007f);	/* unknown: no effect */
	assert_int_equal(gw_iptab_addrs(t), 1);
	gw_iptab_free(t);
}

static void
test_iptab_bound(void **state)
{
	struct gw_iptab	*t = gw_iptab_new(50);
	uint32_t	 ip;

	(void)state;
	for (ip = 1; ip <= 50; ip++)
		assert_int_equal(gw_iptab_add(t, ip, 64), 0);
	assert_int_equal(gw_iptab_add(t, 51, 64), -2);
	/* a known address still gets more connections */
	assert_int_equal(gw_iptab_add(t, 7, 64), 0);
	gw_iptab_del(t, 20);
	assert_int_equal(gw_iptab_add(t, 51, 64), 0);
	assert_int_equal(gw_iptab_addrs(t), 50);
	gw_iptab_free(t);
}

/* Many colliding deletes: every remaining address keeps its count. */
static void
test_iptab_churn(void **state)
{
	struct gw_iptab	*t = gw_iptab_new(1000);
	uint32_t	 i;

	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(gw_iptab_add(t, i * 65536u + 17, 8), 0);
	for (i = 0; i < 1000; i += 3)
		gw_iptab_del(t, i * 65536u + 17);
	for (i = 0; i < 1000; i++)
		assert_int_equal(gw_iptab_count(t, i * 65536u + 17),
		    i % 3 == 0 ? 0 : 1);
	assert_int_equal(gw_iptab_addrs(t), 1000 - 334);
	gw_iptab_free(t);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_bucket_burst),
		cmocka_unit_test(test_bucket_cap),
		cmocka_unit_test(test_bucket_rate),
		cmocka_unit_test(test_iptab_cap),
		cmocka_unit_test(test_iptab_bound),
		cmocka_unit_test(test_iptab_churn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
