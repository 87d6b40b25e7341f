/*
 * test_pst_hash.c - the argon2id pool with cheap parameters (8 MiB, one
 * pass): a new hash verifies the right password and not a wrong one,
 * the bound on outstanding jobs refuses instead of queueing, completions
 * run only in collect (the loop's side), and freeing the pool joins its
 * threads and cancels what was still waiting.  Every wait is bounded.
 */
#include <errno.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>

#include "pst.h"

#define MEM	(8192 * 1024)
#define OPS	1
#define WAIT_S	20

static sem_t	notified;

struct result {
	int	calls;
	int	result;
	char	hash[PST_HASH_MAX];
};

static void
notify(void *arg)
{
	(void)arg;
	sem_post(&notified);
}

static void
done(int result, const char *hash, void *arg)
{
	struct result	*r = arg;

	r->calls++;
	r->result = result;
	if (hash != NULL)
		snprintf(r->hash, sizeof(r->hash), "%s", hash);
}

/* collect_until - run completions until *calls reaches want. */
static void
collect_until(struct pst_hash *p, const int *calls, int want)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += WAIT_S;
	while (*calls < want) {
		assert_int_equal(sem_timedwait(&notified, &ts), 0);
		pst_hash_collect(p);
	}
}

static int
setup(void **state)
{
	(void)state;
	return sodium_init() < 0 || sem_init(&notified, 0, 0) != 0 ? -1 : 0;
}

static void
make_hash(struct pst_hash *p, const char *pw, struct result *r)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(pst_hash_make(p, (const uint8_t *)pw, strlen(pw),
	    OPS, MEM, done, r), 0);
	collect_until(p, &r->calls, 1);
	assert_int_equal(r->result, PST_HASH_OK);
	assert_memory_equal(r->hash, "$argon2id$", 10);
}

static void
test_verify(void **state)
{
	struct pst_hash	*p;
	struct result	 h, ok, bad;

	(void)state;
	assert_non_null(p = pst_hash_new(2, 8, notify, NULL));
	make_hash(p, "secret", &h);
	memset(&ok, 0, sizeof(ok));
	memset(&bad, 0, sizeof(bad));
	assert_int_equal(pst_hash_verify(p, h.hash, (const uint8_t *)"secret",
	    6, done, &ok), 0);
	assert_int_equal(pst_hash_verify(p, h.hash, (const uint8_t *)"Secret",
	    6, done, &bad), 0);
	collect_until(p, &bad.calls, 1);
	collect_until(p, &ok.calls, 1);
	assert_int_equal(ok.result, PST_HASH_OK);
	assert_int_equal(bad.result, PST_HASH_MISMATCH);
	assert_int_equal(ok.calls, 1);
	assert_int_equal(bad.calls, 1);
	assert_int_equal(pst_hash_outstanding(p), 0);
	pst_hash_free(p);
}

/* A hash that is not an argon2 string simply does not verify. */
static void
test_garbage_hash(void **state)
{
	struct pst_hash	*p;
	struct result	 r;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_non_null(p = pst_hash_new(1, 1, notify, NULL));
	assert_int_equal(pst_hash_verify(p, "$h1", (const uint8_t *)"x", 1,
	    done, &r), 0);
	collect_until(p, &r.calls, 1);
	assert_int_equal(r.result, PST_HASH_MISMATCH);
	pst_hash_free(p);
}

/*
 * cap outstanding jobs: the next is refused at once, whether the first
 * ones are still running or done but not collected; after a collect
 * there is room again.
 */
static void
test_bound(void **state)
{
	struct pst_hash	*p;
	struct result	 r[4];
	int		 i;

	(void)state;
	memset(r, 0, sizeof(r));
	assert_non_null(p = pst_hash_new(1, 3, notify, NULL));
	for (i = 0; i < 3; i++)
		assert_int_equal(pst_hash_make(p, (const uint8_t *)"pw", 2,
		    OPS, MEM, done, &r[i]), 0);
	assert_int_equal(pst_hash_make(p, (const uint8_t *)"pw", 2, OPS, MEM,
	    done, &r[3]), -1);
	assert_int_equal(pst_hash_outstanding(p), 3);
	collect_until(p, &r[0].calls, 1);
	assert_int_equal(pst_hash_make(p, (const uint8_t *)"pw", 2, OPS, MEM,
	    done, &r[3]), 0);
	for (i = 0; i < 4; i++)
		collect_until(p, &r[i].calls, 1);
	assert_int_equal(r[3].calls, 1);
	assert_int_equal(pst_hash_outstanding(p), 0);
	pst_hash_free(p);
}

/* Too long a password is refused before it is queued. */
static void
test_long_password(void **state)
{
	struct pst_hash	*p;
	struct result	 r;
	uint8_t		 pw[MS_PASSWORD_MAX + 1];

	(void)state;
	memset(pw, 'a', sizeof(pw));
	assert_non_null(p = pst_hash_new(1, 4, notify, NULL));
	assert_int_equal(pst_hash_make(p, pw, sizeof(pw), OPS, MEM, done, &r),
	    -1);
	assert_int_equal(pst_hash_outstanding(p), 0);
	pst_hash_free(p);
}

/*
 * Free with work queued: the running job finishes and is delivered,
 * the waiting ones are cancelled; every completion runs exactly once.
 */
static void
test_shutdown(void **state)
{
	struct pst_hash	*p;
	struct result	 r[6];
	int		 i, ok = 0, cancelled = 0;

	(void)state;
	memset(r, 0, sizeof(r));
	assert_non_null(p = pst_hash_new(2, 6, notify, NULL));
	for (i = 0; i < 6; i++)
		assert_int_equal(pst_hash_make(p, (const uint8_t *)"pw", 2,
		    OPS, MEM, done, &r[i]), 0);
	pst_hash_free(p);
	for (i = 0; i < 6; i++) {
		assert_int_equal(r[i].calls, 1);
		ok += r[i].result == PST_HASH_OK;
		cancelled += r[i].result == PST_HASH_CANCELLED;
	}
	assert_int_equal(ok + cancelled, 6);
	while (sem_trywait(&notified) == 0)
		;
}

static void
test_idle_free(void **state)
{
	(void)state;
	pst_hash_free(pst_hash_new(4, 16, notify, NULL));
	assert_null(pst_hash_new(0, 16, notify, NULL));
	assert_null(pst_hash_new(1, 0, notify, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_garbage_hash),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_long_password),
		cmocka_unit_test(test_shutdown),
		cmocka_unit_test(test_idle_free),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
