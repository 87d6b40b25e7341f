/*
 * test_pst_store.c - the store's request handlers end to end, without a
 * loop: a real database in a mkdtemp directory, the real hash pool, and
 * the worker API (wrk_send, wrk_admin_reply, wrk_cfg, links) replaced
 * by test_pst_stub.c's stubs that record what would have been sent.
 * Covers AUTH answers (0, 1, 3, 6, 14, 16, 17), CLAIM under both
 * policies, replays and releases, and the admin verbs with their kicks
 * and texts.
 */
#include <semaphore.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>

#include "config.h"
#include "pst.h"
#include "test_pst_fx.h"
#include "test_pst_stub.h"

static sem_t		notified;
static char		dir[64];

/* --- helpers --- */

static void
notify(void *arg)
{
	(void)arg;
	sem_post(&notified);
}

/* wait_pool - run completions until no job is left, bounded. */
static void
wait_pool(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 20;
	while (pst_hash_outstanding(pst.hash) > 0) {
		assert_int_equal(sem_timedwait(&notified, &ts), 0);
		pst_hash_collect(pst.hash);
	}
}

static int
setup(void **state)
{
	char	path[128];

	(void)state;
	memset(&stub_cfg, 0, sizeof(stub_cfg));
	stub_cfg.allow_guests = 1;
	stub_cfg.duplicate_login = MS_DUP_KICK_OLD;
	stub_cfg.hash_ops = 1;
	stub_cfg.hash_mem_kib = 8192;
	snprintf(dir, sizeof(dir), "/tmp/test_pst_store.XXXXXX");
	if (sodium_init() < 0 || sem_init(&notified, 0, 0) != 0 ||
	    mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/store.db", dir);
	memset(&pst, 0, sizeof(pst));
	if (pst_db_open(path, &pst.db) != 0 ||
	    (pst.pres = pst_pres_new(100)) == NULL ||
	    (pst.hash = pst_hash_new(2, 4, notify, NULL)) == NULL)
		return -1;
	pst_guest_init(&pst.guest);
	stub_nsent = stub_nadmin = 0;
	stub_admin_then = wait_pool;
	return 0;
}

static int
teardown(void **state)
{
	char	cmd[128];

	(void)state;
	pst_hash_free(pst.hash);
	pst_pres_free(pst.pres);
	pst_db_close(pst.db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const struct ms_pst_auth_rep *
auth(const char *user, const char *pw, uint32_t flags, uint32_t ip)
{
	struct ms_hdr		h = { .type = MS_PST_AUTH, .reqid = 4242 };
	struct ms_pst_auth	a;

	memset(&a, 0, sizeof(a));
	a.sid = 77;
	a.ipv4 = ip;
	a.flags = flags;
	snprintf(a.username, sizeof(a.username), "%s", user);
	snprintf(a.password, sizeof(a.password), "%s", pw);
	stub_nsent = 0;
	pst_auth(&stub_gw0, &h, &a);
	wait_pool();
	assert_int_equal(stub_nsent, 1);
	assert_int_equal(stub_sent[0].type, MS_PST_AUTH_REP);
	assert_int_equal(stub_sent[0].reqid, 4242);
	assert_ptr_equal(stub_sent[0].link, &stub_gw0);
	return (const struct ms_pst_auth_rep *)stub_sent[0].body;
}

static const struct ms_pst_claim_rep *
claim(struct wrk_link *l, uint32_t sid, uint32_t uid, uint32_t flags,
    uint32_t ip)
{
	struct ms_hdr		h = { .type = MS_PST_CLAIM, .reqid = sid };
	struct ms_pst_claim	c;

	memset(&c, 0, sizeof(c));
	c.sid = sid;
	c.user_id = uid;
	c.ipv4 = ip;
	c.flags = flags;
	snprintf(c.username, sizeof(c.username), "u%u", uid);
	stub_nsent = 0;
	pst_claim(l, &h, &c);
	assert_true(stub_nsent >= 1);
	assert_int_equal(stub_sent[stub_nsent - 1].type, MS_PST_CLAIM_REP);
	assert_int_equal(stub_sent[stub_nsent - 1].reqid, sid);
	assert_ptr_equal(stub_sent[stub_nsent - 1].link, l);
	return (const struct ms_pst_claim_rep *)stub_sent[stub_nsent - 1].body;
}

#define IP1	0x0100000a	/* 10.0.0.1 in network order */
#define IP2	0x0200000a

/* --- tests --- */

static void
test_auth_user(void **state)
{
	const struct ms_pst_auth_rep	*r;
	struct pst_account		 a;

	(void)state;
	stub_admin(MS_ADMIN_OK, "user 'Bob' added (id 1)", "user", "add", "Bob",
	    "secret", NULL);
	r = auth("|bbob ", "secret", 0, IP1);
	assert_int_equal(r->code, 0);
	assert_int_equal(r->user_id, 1);
	assert_int_equal(r->flags, 0);
	assert_int_equal(r->order, -1);
	assert_int_equal(r->caste, -1);
	assert_int_equal(r->sid, 77);
	assert_int_equal(pst_db_acct_by_id(pst.db, 1, &a), 0);
	assert_true(a.last_login > 0);
	assert_int_equal(auth("bob", "Secret", 0, IP1)->code, 3);
	assert_int_equal(auth("carol", "secret", 0, IP1)->code, 3);
	assert_int_equal(auth("bob", "", 0, IP1)->code, 3);
	r = auth("", "x", 0, IP1);
	assert_int_equal(r->code, 3);
	assert_true(strlen(r->text) > 0 && strlen(r->text) < MS_TEXT_MAX);
	stub_admin(MS_ADMIN_OK, "user 'root' added (id 2) as an administrator",
	    "user", "add", "root", "pw", "admin", NULL);
	assert_int_equal(auth("root", "pw", 0, IP1)->flags, MS_USER_ADMIN);
}

static void
test_auth_guest(void **state)
{
	const struct ms_pst_auth_rep	*r;
	uint32_t			 id;

	(void)state;
	stub_admin(MS_ADMIN_OK, "added", "user", "add", "bob", "secret", NULL);
	r = auth("visitor", "", MS_USER_GUEST, IP1);
	assert_int_equal(r->code, 0);
	assert_int_equal(r->flags, MS_USER_GUEST);
	assert_true(r->user_id >= PST_GUEST_MIN);
	id = r->user_id;
	assert_int_equal(auth("visitor", "", MS_USER_GUEST, IP1)->user_id,
	    id + 1);
	assert_int_equal(auth("|bBOB", "", MS_USER_GUEST, IP1)->code, 17);
	stub_cfg.allow_guests = 0;
	assert_int_equal(auth("visitor", "", MS_USER_GUEST, IP1)->code, 16);
	stub_cfg.allow_guests = 1;
}

static void
test_auth_bans(void **state)
{
	const struct ms_pst_auth_rep	*r;

	(void)state;
	stub_admin(MS_ADMIN_OK, "added", "user", "add", "bob", "secret", NULL);
	stub_admin(MS_ADMIN_OK, "user 'bob' banned permanently: cheating at "
	    "dice; 0 sessions closed", "user", "ban", "bob", "cheating", "at",
	    "dice", NULL);
	r = auth("bob", "secret", 0, IP1);
	assert_int_equal(r->code, 14);
	assert_string_equal(r->text, "Your account is locked: cheating at "
	    "dice.");
	/* A wrong password does not tell that the account is banned. */
	assert_int_equal(auth("bob", "nope", 0, IP1)->code, 3);
	stub_admin(MS_ADMIN_OK, "user 'bob' unbanned", "user", "unban", "bob",
	    NULL);
	assert_int_equal(auth("bob", "secret", 0, IP1)->code, 0);
	stub_admin(MS_ADMIN_OK, "address 10.0.0.1 banned until ", "ip", "ban",
	    "10.0.0.1", "3600", NULL);
	r = auth("bob", "secret", 0, IP1);
	assert_int_equal(r->code, 14);
	assert_non_null(strstr(r->text, "Your address is banned until "));
	assert_int_equal(auth("guest", "", MS_USER_GUEST, IP1)->code, 14);
	assert_int_equal(auth("bob", "secret", 0, IP2)->code, 0);
	stub_admin(MS_ADMIN_OK, "1 active ban(s)\nip   10.0.0.1", "ban", "list",
	    NULL);
}

static void
test_claim_policies(void **state)
{
	const struct ms_gw_kick	*k;

	(void)state;
	(void)pst_fx_account(pst.db, "bob");
	assert_int_equal(claim(&stub_gw0, 5, 1, 0, IP1)->code, 0);
	/* Same session again (resend, replay): no kick, still 0. */
	assert_int_equal(claim(&stub_gw0, 5, 1, MS_SESS_REPLAY, IP1)->code, 0);
	assert_int_equal(stub_nsent, 1);
	/* kick_old: the old session on gateway 0 is told code 6. */
	assert_int_equal(claim(&stub_gw1, 9, 1, 0, IP1)->code, 0);
	assert_int_equal(stub_nsent, 2);
	assert_int_equal(stub_sent[0].type, MS_GW_KICK);
	assert_ptr_equal(stub_sent[0].link, &stub_gw0);
	k = (const struct ms_gw_kick *)stub_sent[0].body;
	assert_int_equal(k->sid, 5);
	assert_int_equal(k->code, 6);
	/* refuse_new: code 12, and the present session stays. */
	stub_cfg.duplicate_login = MS_DUP_REFUSE_NEW;
	assert_int_equal(claim(&stub_gw0, 6, 1, 0, IP1)->code, 12);
	assert_int_equal(stub_nsent, 1);
	assert_int_equal(pst_pres_get(pst.pres, 1)->sid, 9);
	stub_cfg.duplicate_login = MS_DUP_KICK_OLD;
	/* Guests claim too; malformed claims are answered, not fatal. */
	assert_int_equal(claim(&stub_gw0, 7, PST_GUEST_MIN, MS_USER_GUEST,
	    IP1)->code, 0);
	assert_int_equal(claim(&stub_gw0, 8, 0, 0, IP1)->code, 3);
	assert_int_equal(claim(&stub_gw0, 8, PST_GUEST_MIN, 0, IP1)->code, 3);
	/* An account deleted since its login cannot enter a room. */
	assert_int_equal(claim(&stub_gw0, 8, 2, 0, IP1)->code, 3);
}

static void
test_release_and_restart(void **state)
{
	struct ms_pst_release	r = { 5, 1 };

	(void)state;
	(void)pst_fx_account(pst.db, "a");
	(void)pst_fx_account(pst.db, "b");
	(void)pst_fx_account(pst.db, "c");
	assert_int_equal(claim(&stub_gw0, 5, 1, 0, IP1)->code, 0);
	assert_int_equal(claim(&stub_gw0, 6, 2, 0, IP1)->code, 0);
	assert_int_equal(claim(&stub_gw1, 7, 3, 0, IP1)->code, 0);
	pst_release(&stub_gw1, &r);		/* not its session */
	assert_non_null(pst_pres_get(pst.pres, 1));
	pst_release(&stub_gw0, &r);
	assert_null(pst_pres_get(pst.pres, 1));
	/* Gateway 0 restarted: its sessions are gone, gateway 1's stay. */
	assert_int_equal(pst_pres_drop_gw(pst.pres, 0, NULL), 1);
	assert_null(pst_pres_get(pst.pres, 2));
	assert_non_null(pst_pres_get(pst.pres, 3));
}

static void
test_refuse_new_at_auth(void **state)
{
	(void)state;
	stub_admin(MS_ADMIN_OK, "added", "user", "add", "bob", "secret", NULL);
	assert_int_equal(claim(&stub_gw0, 5, 1, 0, IP1)->code, 0);
	assert_int_equal(auth("bob", "secret", 0, IP1)->code, 0);
	stub_cfg.duplicate_login = MS_DUP_REFUSE_NEW;
	assert_int_equal(auth("bob", "secret", 0, IP1)->code, 6);
	stub_cfg.duplicate_login = MS_DUP_KICK_OLD;
}

static void
test_ban_kicks(void **state)
{
	const struct ms_gw_kick	*k;

	(void)state;
	stub_admin(MS_ADMIN_OK, "added", "user", "add", "bob", "secret", NULL);
	stub_admin(MS_ADMIN_OK, "added", "user", "add", "carol", "secret",
	    NULL);
	assert_int_equal(claim(&stub_gw1, 5, 1, 0, IP1)->code, 0);
	assert_int_equal(claim(&stub_gw0, 6, 2, 0, IP2)->code, 0);
	assert_int_equal(claim(&stub_gw0, 7, PST_GUEST_MIN + 4, MS_USER_GUEST,
	    IP2)->code, 0);
	stub_nsent = 0;
	stub_admin(MS_ADMIN_OK, "1 session closed", "user", "ban", "bob", "60",
	    "spam", NULL);
	assert_int_equal(stub_nsent, 1);
	k = (const struct ms_gw_kick *)stub_sent[0].body;
	assert_ptr_equal(stub_sent[0].link, &stub_gw1);
	assert_int_equal(k->code, 14);
	assert_non_null(strstr(k->text, "spam"));
	/* Banned users cannot claim again either. */
	assert_int_equal(claim(&stub_gw1, 8, 1, 0, IP1)->code, 14);
	stub_nsent = 0;
	stub_admin(MS_ADMIN_OK, "2 sessions closed", "ip", "ban", "10.0.0.2",
	    NULL);
	assert_int_equal(stub_nsent, 2);
	assert_int_equal(pst_pres_count(pst.pres), 0);
	stub_nsent = 0;
	stub_admin(MS_ADMIN_OK, "address 10.0.0.2 unbanned", "ip", "unban",
	    "10.0.0.2", NULL);
	assert_int_equal(claim(&stub_gw0, 6, 2, 0, IP2)->code, 0);
	stub_admin(MS_ADMIN_OK, "user 'carol' deleted (id 2); its session was "
	    "closed", "user", "del", "carol", NULL);
	assert_int_equal(stub_sent[stub_nsent - 1].type, MS_GW_KICK);
}

static void
test_admin_texts(void **state)
{
	(void)state;
	stub_admin(MS_ADMIN_OK, "user 'bob' added (id 1)", "user", "add", "bob",
	    "pw", NULL);
	stub_admin(MS_ADMIN_FAIL, "user 'BOB' exists", "user", "add", "BOB",
	    "pw", NULL);
	stub_admin(MS_ADMIN_OK, "password of user 'bob' changed", "user",
	    "passwd", "bob", "pw2", NULL);
	assert_int_equal(auth("bob", "pw2", 0, IP1)->code, 0);
	stub_admin(MS_ADMIN_FAIL, "no such user 'zed'", "user", "passwd", "zed",
	    "pw", NULL);
	stub_admin(MS_ADMIN_FAIL, "no such user 'zed'", "user", "del", "zed",
	    NULL);
	stub_admin(MS_ADMIN_FAIL, "no such user 'zed'", "user", "ban", "zed",
	    NULL);
	stub_admin(MS_ADMIN_FAIL, "user 'bob' is not banned", "user", "unban",
	    "bob", NULL);
	stub_admin(MS_ADMIN_FAIL, "address 10.0.0.9 is not banned", "ip",
	    "unban", "10.0.0.9", NULL);
	stub_admin(MS_ADMIN_FAIL, "invalid IPv4 address", "ip", "ban", "10.0.0",
	    NULL);
	stub_admin(MS_ADMIN_FAIL, "invalid user name", "user", "add", "|b|i",
	    "pw", NULL);
	stub_admin(MS_ADMIN_FAIL, "invalid password", "user", "add", "x",
	    "0123456789abcdef", NULL);
	stub_admin(MS_ADMIN_FAIL, "usage: user add NAME PASSWORD [admin]",
	    "user", "add", "x", "pw", "root", NULL);
	stub_admin(MS_ADMIN_FAIL, "usage: user add", "user", "frob", NULL);
	stub_admin(MS_ADMIN_FAIL, "usage: user list", "user", "list", "x",
	    NULL);
	stub_admin(MS_ADMIN_OK, "1 account(s)\n     1 bob", "user", "list",
	    NULL);
	stub_admin(MS_ADMIN_OK, "0 active ban(s)", "ban", "list", NULL);
}

/* The login reply carries the caste (once rated) and the order. */
static void
test_auth_caste_order(void **state)
{
	const struct ms_pst_auth_rep	*r;
	char				 path[128];

	(void)state;
	stub_cfg.order_members = 50;
	stub_admin(MS_ADMIN_OK, "added", "user", "add", "bob", "secret", NULL);
	r = auth("bob", "secret", 0, IP1);
	assert_int_equal(r->caste, -1);
	assert_int_equal(r->order, -1);
	snprintf(path, sizeof(path), "%s/store.db", dir);
	pst_fx_exec(path, "INSERT INTO ratings (user_id, rating, games, caste,"
	    " updated) VALUES (1, 1600, 9, 13, 1)");
	stub_admin(MS_ADMIN_OK, "created (id 1)", "order", "create", "Knights",
	    NULL);
	stub_admin(MS_ADMIN_OK, "added to", "order", "add", "Knights", "bob",
	    NULL);
	r = auth("bob", "secret", 0, IP1);
	assert_int_equal(r->code, 0);
	assert_int_equal(r->caste, 13);
	assert_int_equal(r->order, 1);
	r = auth("visitor", "", MS_USER_GUEST, IP1);
	assert_int_equal(r->caste, -1);
	assert_int_equal(r->order, -1);
}

/* A long reason is cut between characters; control bytes go. */
static void
test_ban_reason(void **state)
{
	struct pst_ban	b;
	char		reason[200];
	size_t		i, n;

	(void)state;
	(void)pst_fx_account(pst.db, "bob");
	for (i = 0; i < 60; i++)
		memcpy(reason + 2 * i, "\xc3\xa9", 2);
	reason[120] = '\0';
	stub_admin(MS_ADMIN_OK, "banned", "user", "ban", "bob", "x\ny", reason,
	    NULL);
	assert_int_equal(pst_db_ban_find(pst.db, PST_BAN_USER, "bob",
	    pst_wallclock(), &b), 0);
	n = strlen(b.reason);
	assert_true(n < PST_REASON_MAX);
	assert_memory_equal(b.reason, "x y \xc3\xa9", 6);
	assert_int_equal(n % 2, 0);	/* "x y " + whole characters */
	assert_int_equal((uint8_t)b.reason[n - 2], 0xc3);
}

/* The pool's bound: a login beyond it is answered busy at once. */
static void
test_busy(void **state)
{
	struct ms_hdr		h = { .type = MS_PST_AUTH, .reqid = 1 };
	struct ms_pst_auth	a;
	int			i, busy = 0;

	(void)state;
	stub_admin(MS_ADMIN_OK, "added", "user", "add", "bob", "secret", NULL);
	memset(&a, 0, sizeof(a));
	snprintf(a.username, sizeof(a.username), "bob");
	snprintf(a.password, sizeof(a.password), "secret");
	stub_nsent = 0;
	for (i = 0; i < 6; i++)
		pst_auth(&stub_gw0, &h, &a);
	/* cap 4: the last two were refused before any hash finished. */
	for (i = 0; i < stub_nsent; i++)
		busy += ((const struct ms_pst_auth_rep *)
		    stub_sent[i].body)->code == PST_CODE_BUSY;
	assert_int_equal(busy, 2);
	wait_pool();
	assert_int_equal(stub_nsent, 6);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_auth_user),
		T(test_auth_guest),
		T(test_auth_bans),
		T(test_claim_policies),
		T(test_release_and_restart),
		T(test_refuse_new_at_auth),
		T(test_ban_kicks),
		T(test_admin_texts),
		T(test_ban_reason),
		T(test_auth_caste_order),
		T(test_busy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
