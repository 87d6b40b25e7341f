/*
 * test_reqtab.c - the bounded pending-request table: fills and refuses,
 * finds by reqid, never hands out 0, rejects stale reqids after a slot
 * is reused, expires in deadline order and reports the next deadline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "reqtab.h"

static void
test_bounded(void **state)
{
	struct wrk_reqtab	*t = wrk_req_new(3);
	struct wrk_req		*r[3];
	int			 i;

	(void)state;
	assert_non_null(t);
	for (i = 0; i < 3; i++) {
		assert_non_null(r[i] = wrk_req_add(t, 100));
		assert_int_not_equal(r[i]->reqid, 0);
		assert_ptr_equal(wrk_req_find(t, r[i]->reqid), r[i]);
	}
	assert_null(wrk_req_add(t, 100));
	assert_int_equal(wrk_req_count(t), 3);
	wrk_req_del(t, r[1]);
	assert_int_equal(wrk_req_count(t), 2);
	assert_non_null(wrk_req_add(t, 100));
	assert_null(wrk_req_find(t, 0));
	wrk_req_free(t);
}

static void
test_stale_reqid(void **state)
{
	struct wrk_reqtab	*t = wrk_req_new(1);
	struct wrk_req		*r;
	uint32_t		 old;

	(void)state;
	r = wrk_req_add(t, 1);
	old = r->reqid;
	wrk_req_del(t, r);
	r = wrk_req_add(t, 1);
	assert_int_not_equal(r->reqid, old);
	assert_null(wrk_req_find(t, old));
	assert_ptr_equal(wrk_req_find(t, r->reqid), r);
	wrk_req_free(t);
}

static int	expired;

static void
count_cb(const struct wrk_req *r, void *arg)
{
	(void)r;
	(void)arg;
	expired++;
}

static void
test_expire(void **state)
{
	struct wrk_reqtab	*t = wrk_req_new(8);

	(void)state;
	assert_int_equal(wrk_req_expire(t, 0, count_cb, NULL), -1);
	wrk_req_add(t, 100);
	wrk_req_add(t, 250);
	wrk_req_add(t, 100);
	expired = 0;
	assert_int_equal(wrk_req_expire(t, 50, count_cb, NULL), 50);
	assert_int_equal(expired, 0);
	assert_int_equal(wrk_req_expire(t, 100, count_cb, NULL), 150);
	assert_int_equal(expired, 2);
	assert_int_equal(wrk_req_expire(t, 1000, count_cb, NULL), -1);
	assert_int_equal(expired, 3);
	assert_int_equal(wrk_req_count(t), 0);
	wrk_req_free(t);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_stale_reqid),
		cmocka_unit_test(test_expire),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
