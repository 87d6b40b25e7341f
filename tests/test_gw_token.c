/*
 * test_gw_token.c - the room token: every field survives a round trip,
 * the nonce makes two tokens for the same login differ, an expired
 * token and any flipped bit are refused, and a token made with another
 * run's secret is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "gw.h"

static uint8_t	key[MS_SECRET_SIZE];

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(key, sizeof(key));
	return 0;
}

static void
sample(struct gw_token *t)
{
	memset(t, 0, sizeof(*t));
	t->user_id = 123456789;
	t->expiry = 2000000000u;
	t->order = -1;
	t->caste = 17;
	t->flags = MS_USER_GUEST | MS_USER_ALEPHONE;
}

static void
test_round_trip(void **state)
{
	struct gw_token	t, out;
	uint8_t		tok[MW_TOKEN_SIZE], tok2[MW_TOKEN_SIZE];

	(void)state;
	sample(&t);
	gw_token_make(tok, &t, key);
	assert_int_equal(gw_token_check(tok, key, 1700000000u, &out), 0);
	assert_int_equal(out.user_id, t.user_id);
	assert_int_equal(out.expiry, t.expiry);
	assert_int_equal(out.order, -1);
	assert_int_equal(out.caste, 17);
	assert_int_equal(out.flags, t.flags);
	/* reusable: checking does not consume it */
	assert_int_equal(gw_token_check(tok, key, 1700000001u, &out), 0);
	gw_token_make(tok2, &t, key);
	assert_memory_not_equal(tok, tok2, sizeof(tok));
}

static void
test_expiry(void **state)
{
	struct gw_token	t, out;
	uint8_t		tok[MW_TOKEN_SIZE];

	(void)state;
	sample(&t);
	gw_token_make(tok, &t, key);
	assert_int_equal(gw_token_check(tok, key, t.expiry - 1, &out), 0);
	assert_int_equal(gw_token_check(tok, key, t.expiry, &out), -1);
	assert_int_equal(gw_token_check(tok, key, t.expiry + 86400, &out),
	    -1);
}

static void
test_forgery(void **state)
{
	struct gw_token	t, out;
	uint8_t		tok[MW_TOKEN_SIZE], bad[MW_TOKEN_SIZE];
	size_t		i;
	int		b;

	(void)state;
	sample(&t);
	gw_token_make(tok, &t, key);
	for (i = 0; i < MW_TOKEN_SIZE; i++)
		for (b = 0; b < 8; b++) {
			memcpy(bad, tok, sizeof(bad));
			bad[i] ^= (uint8_t)(1u << b);
			assert_int_equal(gw_token_check(bad, key, 1, &out), -1);
		}
	/* a longer life written over the body does not verify */
	memcpy(bad, tok, sizeof(bad));
	memset(bad + 4, 0xff, 4);
	assert_int_equal(gw_token_check(bad, key, 1, &out), -1);
	memset(bad, 0, sizeof(bad));
	assert_int_equal(gw_token_check(bad, key, 1, &out), -1);
}

static void
test_other_secret(void **state)
{
	struct gw_token	t, out;
	uint8_t		tok[MW_TOKEN_SIZE], other[MS_SECRET_SIZE];

	(void)state;
	sample(&t);
	memcpy(other, key, sizeof(other));
	other[MS_SECRET_SIZE - 1] ^= 1;
	gw_token_make(tok, &t, other);
	assert_int_equal(gw_token_check(tok, other, 1, &out), 0);
	assert_int_equal(gw_token_check(tok, key, 1, &out), -1);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_forgery),
		cmocka_unit_test(test_other_secret),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
