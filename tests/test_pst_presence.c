/*
 * test_pst_presence.c - the presence table: claim and release, the
 * duplicate rule under kick_old and refuse_new, resends and replays of
 * the same session, a gateway's sessions dropped on its restart, the
 * bound, removal by address, and a randomised run against a plain array
 * to exercise growth and backward-shift deletion.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "pst.h"

static struct pst_pres_ent
ent(uint32_t uid, uint32_t gw, uint32_t sid, uint32_t room)
{
	struct pst_pres_ent	e;

	memset(&e, 0, sizeof(e));
	e.user_id = uid;
	e.gw = gw;
	e.sid = sid;
	e.room_id = room;
	e.ipv4 = 0x0100007f;
	snprintf(e.name, sizeof(e.name), "user%u", uid);
	return e;
}

static void
test_claim_release(void **state)
{
	struct pst_pres			*t;
	struct pst_pres_ent		 e = ent(7, 0, 100, 1), old;
	const struct pst_pres_ent	*g;

	(void)state;
	assert_non_null(t = pst_pres_new(10));
	assert_int_equal(pst_pres_claim(t, MS_DUP_KICK_OLD, &e, &old),
	    PST_CLAIM_NEW);
	assert_non_null(g = pst_pres_get(t, 7));
	assert_int_equal(g->sid, 100);
	assert_string_equal(g->name, "user7");
	/* A release from another session changes nothing. */
	assert_int_equal(pst_pres_release(t, 7, 0, 101), 0);
	assert_int_equal(pst_pres_release(t, 7, 1, 100), 0);
	assert_int_equal(pst_pres_release(t, 8, 0, 100), 0);
	assert_int_equal(pst_pres_count(t), 1);
	assert_int_equal(pst_pres_release(t, 7, 0, 100), 1);
	assert_null(pst_pres_get(t, 7));
	assert_int_equal(pst_pres_count(t), 0);
	assert_int_equal(pst_pres_release(t, 7, 0, 100), 0);
	pst_pres_free(t);
}

static void
test_kick_old(void **state)
{
	struct pst_pres		*t;
	struct pst_pres_ent	 a = ent(7, 0, 100, 1), b = ent(7, 1, 5, 2);
	struct pst_pres_ent	 old;

	(void)state;
	assert_non_null(t = pst_pres_new(10));
	assert_int_equal(pst_pres_claim(t, MS_DUP_KICK_OLD, &a, &old),
	    PST_CLAIM_NEW);
	assert_int_equal(pst_pres_claim(t, MS_DUP_KICK_OLD, &b, &old),
	    PST_CLAIM_KICKED);
	assert_int_equal(old.gw, 0);
	assert_int_equal(old.sid, 100);
	assert_int_equal(pst_pres_get(t, 7)->gw, 1);
	assert_int_equal(pst_pres_get(t, 7)->sid, 5);
	/* The kicked session's late release must not remove the new one. */
	assert_int_equal(pst_pres_release(t, 7, 0, 100), 0);
	assert_non_null(pst_pres_get(t, 7));
	/* Same gateway, another sid: also a duplicate. */
	a = ent(7, 1, 6, 2);
	assert_int_equal(pst_pres_claim(t, MS_DUP_KICK_OLD, &a, &old),
	    PST_CLAIM_KICKED);
	assert_int_equal(old.sid, 5);
	assert_int_equal(pst_pres_count(t), 1);
	pst_pres_free(t);
}

static void
test_refuse_new(void **state)
{
	struct pst_pres		*t;
	struct pst_pres_ent	 a = ent(7, 0, 100, 1), b = ent(7, 1, 5, 2);
	struct pst_pres_ent	 old;

	(void)state;
	assert_non_null(t = pst_pres_new(10));
	assert_int_equal(pst_pres_claim(t, MS_DUP_REFUSE_NEW, &a, &old),
	    PST_CLAIM_NEW);
	assert_int_equal(pst_pres_claim(t, MS_DUP_REFUSE_NEW, &b, &old),
	    PST_CLAIM_REFUSED);
	assert_int_equal(pst_pres_get(t, 7)->sid, 100);
	/* Once the first session is gone, the account may come back. */
	assert_int_equal(pst_pres_release(t, 7, 0, 100), 1);
	assert_int_equal(pst_pres_claim(t, MS_DUP_REFUSE_NEW, &b, &old),
	    PST_CLAIM_NEW);
	pst_pres_free(t);
}

/* A resend or a replay of the same session refreshes, never kicks. */
static void
test_same_session(void **state)
{
	struct pst_pres		*t;
	struct pst_pres_ent	 a = ent(7, 0, 100, 1), old;
	int			 pol;

	(void)state;
	for (pol = MS_DUP_KICK_OLD; pol <= MS_DUP_REFUSE_NEW; pol++) {
		assert_non_null(t = pst_pres_new(10));
		a = ent(7, 0, 100, 1);
		assert_int_equal(pst_pres_claim(t, (uint32_t)pol, &a, &old),
		    PST_CLAIM_NEW);
		assert_int_equal(pst_pres_claim(t, (uint32_t)pol, &a, &old),
		    PST_CLAIM_SAME);
		a.room_id = 3;
		a.flags = MS_USER_ADMIN;
		assert_int_equal(pst_pres_claim(t, (uint32_t)pol, &a, &old),
		    PST_CLAIM_SAME);
		assert_int_equal(pst_pres_get(t, 7)->room_id, 3);
		assert_int_equal(pst_pres_count(t), 1);
		pst_pres_free(t);
	}
}

static void
test_drop_gateway(void **state)
{
	struct pst_pres		*t;
	struct pst_pres_ent	 e, old;
	uint32_t		 i;

	(void)state;
	assert_non_null(t = pst_pres_new(100000));
	for (i = 1; i <= 3000; i++) {
		e = ent(i, i % 3, i, 0);
		assert_int_equal(pst_pres_claim(t, MS_DUP_KICK_OLD, &e, &old),
		    PST_CLAIM_NEW);
	}
	assert_int_equal(pst_pres_drop_gw(t, 1, NULL), 1000);
	assert_int_equal(pst_pres_count(t), 2000);
	for (i = 1; i <= 3000; i++) {
		if (i % 3 == 1)
			assert_null(pst_pres_get(t, i));
		else
			assert_int_equal(pst_pres_get(t, i)->sid, i);
	}
	assert_int_equal(pst_pres_drop_gw(t, 1, NULL), 0);
	assert_int_equal(pst_pres_drop_gw(t, 0, NULL), 1000);
	assert_int_equal(pst_pres_drop_gw(t, 2, NULL), 1000);
	assert_int_equal(pst_pres_count(t), 0);
	pst_pres_free(t);
}

static void
test_bound(void **state)
{
	struct pst_pres		*t;
	struct pst_pres_ent	 e, old;
	uint32_t		 i;

	(void)state;
	assert_non_null(t = pst_pres_new(3));
	for (i = 1; i <= 3; i++) {
		e = ent(i, 0, i, 0);
		assert_int_equal(pst_pres_claim(t, MS_DUP_KICK_OLD, &e, &old),
		    PST_CLAIM_NEW);
	}
	e = ent(4, 0, 4, 0);
	assert_int_equal(pst_pres_claim(t, MS_DUP_KICK_OLD, &e, &old),
	    PST_CLAIM_FULL);
	/* A full table still takes the same users from new sessions. */
	e = ent(2, 1, 9, 0);
	assert_int_equal(pst_pres_claim(t, MS_DUP_KICK_OLD, &e, &old),
	    PST_CLAIM_KICKED);
	e = ent(0, 0, 1, 0);
	assert_int_equal(pst_pres_claim(t, MS_DUP_KICK_OLD, &e, &old),
	    PST_CLAIM_REFUSED);
	pst_pres_free(t);
}

static void
test_remove_ip(void **state)
{
	struct pst_pres		*t;
	struct pst_pres_ent	 e, old, out[2];
	uint32_t		 i, n, total = 0;

	(void)state;
	assert_non_null(t = pst_pres_new(100));
	for (i = 1; i <= 10; i++) {
		e = ent(i, 0, i, 0);
		e.ipv4 = i % 2 ? 0x0a000001 : 0x0a000002;
		assert_int_equal(pst_pres_claim(t, MS_DUP_KICK_OLD, &e, &old),
		    PST_CLAIM_NEW);
	}
	while ((n = pst_pres_remove_ip(t, 0x0a000001, out, 2)) > 0) {
		assert_int_equal(out[0].ipv4, 0x0a000001);
		total += n;
	}
	assert_int_equal(total, 5);
	assert_int_equal(pst_pres_count(t), 5);
	assert_int_equal(pst_pres_remove(t, 2, &old), 1);
	assert_int_equal(old.sid, 2);
	assert_int_equal(pst_pres_remove(t, 2, &old), 0);
	pst_pres_free(t);
}

/* Random claims and releases, checked against a plain array. */
static void
test_random(void **state)
{
	enum { N = 5000, OPS = 200000 };
	static uint32_t		 model[N + 1];	/* sid, 0 = absent */
	struct pst_pres		*t;
	struct pst_pres_ent	 e, old;
	uint32_t		 i, uid, count = 0, seed = 12345;

	(void)state;
	memset(model, 0, sizeof(model));
	assert_non_null(t = pst_pres_new(N));
	for (i = 0; i < OPS; i++) {
		seed = seed * 1103515245u + 12345u;
		uid = 1 + (seed >> 8) % N;
		if ((seed >> 4) & 1) {
			e = ent(uid, 0, i + 1, 0);
			(void)pst_pres_claim(t, MS_DUP_KICK_OLD, &e, &old);
			count += model[uid] == 0;
			model[uid] = i + 1;
		} else if (model[uid] != 0) {
			assert_int_equal(pst_pres_release(t, uid, 0,
			    model[uid]), 1);
			model[uid] = 0;
			count--;
		}
	}
	assert_int_equal(pst_pres_count(t), count);
	for (uid = 1; uid <= N; uid++) {
		if (model[uid] == 0)
			assert_null(pst_pres_get(t, uid));
		else
			assert_int_equal(pst_pres_get(t, uid)->sid, model[uid]);
	}
	pst_pres_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_claim_release),
		cmocka_unit_test(test_kick_old),
		cmocka_unit_test(test_refuse_new),
		cmocka_unit_test(test_same_session),
		cmocka_unit_test(test_drop_gateway),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_remove_ip),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
