/*
 * test_pst_social.c - buddies, orders and the online pushes, with the
 * worker API stubbed (test_pst_stub.c) on a real database: the buddy
 * rules (add, again, remove, self, unknown, guest, the 16 limit) and the
 * blue line to the buddy, the order rules (create, add, remove, del,
 * the member limit, one order per account) and 119, the push decisions
 * of pst_push_plan (who gets a 19 or a 20 when someone comes or goes),
 * and the grace that keeps a room change from flapping, with its
 * bounds (store.offline_queue, store.offline_grace_ms).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_pst_fx.h"
#include "test_pst_stub.h"
#include "wire.h"

#define GUEST	(PST_GUEST_MIN + 3)

struct got {				/* what a plan decided */
	int			n;
	struct pst_push_msg	m[16];
};

static const struct ms_pst_buddy_rep *
buddy(uint32_t user, uint32_t buddy_id, uint32_t op)
{
	struct ms_pst_buddy	q = { 70, user, buddy_id, op };
	struct ms_hdr		h = { .type = MS_PST_BUDDY, .reqid = 5150 };
	int			i;

	stub_nsent = 0;
	pst_buddy(&stub_gw0, &h, &q);
	for (i = 0; i < stub_nsent; i++)
		if (stub_sent[i].type == MS_PST_BUDDY_REP) {
			assert_int_equal(stub_sent[i].reqid, 5150);
			assert_ptr_equal(stub_sent[i].link, &stub_gw0);
			return (const struct ms_pst_buddy_rep *)
			    stub_sent[i].body;
		}
	fail_msg("no BUDDY reply");
	return NULL;
}

static void
test_buddies(void **state)
{
	struct pst_fx			*fx = *state;
	const struct ms_pst_buddy_rep	*r;
	const struct ms_gw_push		*p;
	char				 name[16];
	int				 i;

	pst_fx_accounts(fx->db, 4);
	r = buddy(1, 2, MS_BUDDY_ADD);
	assert_int_equal(r->code, 0);
	assert_int_equal(r->sid, 70);
	assert_int_equal(r->op, MS_BUDDY_ADD);
	assert_int_equal(r->n, 1);
	assert_int_equal(r->buddies[0].id, 2);
	assert_int_equal(r->buddies[0].active, 3);	/* offline */
	assert_int_equal(stub_count(MS_GW_PUSH, NULL), 0);
	/* Bob online: state 2; adding him again is no change, no line. */
	stub_online(2, 1, 22, 0);
	r = buddy(1, 2, MS_BUDDY_ADD);
	assert_int_equal(r->code, 0);
	assert_int_equal(r->n, 1);
	assert_int_equal(r->buddies[0].active, 2);
	assert_int_equal(stub_count(MS_GW_PUSH, NULL), 0);
	/* Cid is added while Bob is listed first; Cid is told nothing. */
	r = buddy(1, 3, MS_BUDDY_ADD);
	assert_int_equal(r->n, 2);
	assert_int_equal(r->buddies[1].id, 3);
	/* Bob adds Ann while Ann is online: she hears it in blue. */
	stub_online(1, 0, 11, 0);
	r = buddy(2, 1, MS_BUDDY_ADD);
	assert_int_equal(r->code, 0);
	assert_int_equal(stub_count(MS_GW_PUSH, &stub_gw0), 1);
	assert_int_equal(stub_nsent, 2);	/* the reply, then the line */
	p = (const struct ms_gw_push *)stub_sent[1].body;
	assert_int_equal(stub_sent[1].type, MS_GW_PUSH);
	assert_int_equal(p->sid, 11);
	assert_int_equal(p->type, MW_T_MESSAGE_OF_THE_DAY);
	assert_int_equal(p->len, sizeof("Bob wants to be your buddy!"));
	assert_string_equal((const char *)p->payload,
	    "Bob wants to be your buddy!");
	r = buddy(2, 1, MS_BUDDY_REMOVE);
	assert_int_equal(r->n, 0);
	assert_int_equal(stub_count(MS_GW_PUSH, NULL), 1);
	assert_string_equal((const char *)((const struct ms_gw_push *)
	    stub_sent[1].body)->payload,
	    "Bob no longer wants to be your buddy.");
	r = buddy(2, 1, MS_BUDDY_REMOVE);	/* not there: fine, quiet */
	assert_int_equal(r->code, 0);
	assert_int_equal(stub_count(MS_GW_PUSH, NULL), 0);
	/* The order of the slots stays; a freed slot is reused. */
	r = buddy(1, 2, MS_BUDDY_REMOVE);
	assert_int_equal(r->n, 1);
	assert_int_equal(r->buddies[0].id, 3);
	r = buddy(1, 4, MS_BUDDY_ADD);
	assert_int_equal(r->n, 2);
	assert_int_equal(r->buddies[0].id, 4);
	assert_int_equal(r->buddies[1].id, 3);
	/* Refusals: oneself, nobody, a guest, a guest asking. */
	r = buddy(1, 1, MS_BUDDY_ADD);
	assert_int_equal(r->code, PST_CODE_REFUSED);
	assert_string_equal(r->text, "You cannot be your own buddy.");
	assert_int_equal(r->n, 2);
	r = buddy(1, 99, MS_BUDDY_ADD);
	assert_int_equal(r->code, PST_CODE_REFUSED);
	assert_non_null(strstr(r->text, "registered"));
	r = buddy(1, GUEST, MS_BUDDY_ADD);
	assert_int_equal(r->code, PST_CODE_REFUSED);
	r = buddy(GUEST, 1, MS_BUDDY_ADD);
	assert_int_equal(r->code, PST_CODE_REFUSED);
	assert_string_equal(r->text, "Guests cannot keep a buddy list.");
	assert_int_equal(r->n, 0);
	r = buddy(GUEST, 0, MS_BUDDY_QUERY);
	assert_int_equal(r->code, PST_CODE_REFUSED);
	r = buddy(1, 0, 7);
	assert_int_equal(r->code, PST_CODE_REFUSED);
	/* Sixteen at most. */
	for (i = 5; i <= 20; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		assert_int_equal(pst_fx_account(fx->db, name), i);
	}
	for (i = 5; i <= 18; i++)
		assert_int_equal(buddy(1, (uint32_t)i, MS_BUDDY_ADD)->code, 0);
	r = buddy(1, 19, MS_BUDDY_ADD);
	assert_int_equal(r->code, PST_CODE_REFUSED);
	assert_non_null(strstr(r->text, "full"));
	assert_int_equal(r->n, MS_BUDDIES_MAX);
	r = buddy(1, 0, MS_BUDDY_QUERY);
	assert_int_equal(r->code, 0);
	assert_int_equal(r->n, MS_BUDDIES_MAX);
	assert_int_equal(buddy(1, 3, MS_BUDDY_ADD)->code, 0);	/* had it */
}

static const struct ms_pst_order_rep *
order(uint32_t user)
{
	struct ms_pst_order	q = { 80, user };
	struct ms_hdr		h = { .type = MS_PST_ORDER, .reqid = 6 };

	stub_nsent = 0;
	pst_order(&stub_gw1, &h, &q);
	assert_int_equal(stub_nsent, 1);
	assert_int_equal(stub_sent[0].type, MS_PST_ORDER_REP);
	assert_int_equal(stub_sent[0].reqid, 6);
	assert_ptr_equal(stub_sent[0].link, &stub_gw1);
	assert_int_equal(((const struct ms_pst_order_rep *)
	    stub_sent[0].body)->sid, 80);
	return (const struct ms_pst_order_rep *)stub_sent[0].body;
}

static void
test_orders(void **state)
{
	struct pst_fx			*fx = *state;
	const struct ms_pst_order_rep	*r;
	struct pst_account		 a;

	pst_fx_accounts(fx->db, 4);
	stub_cfg.order_members = 2;
	assert_int_equal(order(1)->code, 1);
	stub_admin(MS_ADMIN_OK, "order 'Knights' created (id 1)", "order",
	    "create", "Knights", NULL);
	stub_admin(MS_ADMIN_FAIL, "order 'KNIGHTS' exists", "order", "create",
	    "KNIGHTS", NULL);
	stub_admin(MS_ADMIN_FAIL, "invalid order name", "order", "create",
	    "|b", NULL);
	stub_admin(MS_ADMIN_OK, "order 'Rooks' created (id 2)", "order",
	    "create", "Rooks", NULL);
	stub_admin(MS_ADMIN_OK, "user 'Ann' added to order 'Knights'",
	    "order", "add", "knights", "ann", NULL);
	stub_admin(MS_ADMIN_FAIL, "user 'Ann' is in order 'Knights' already",
	    "order", "add", "Knights", "Ann", NULL);
	stub_admin(MS_ADMIN_FAIL, "user 'Ann' is in order 'Knights'; remove "
	    "it from there first", "order", "add", "Rooks", "Ann", NULL);
	stub_online(2, 1, 22, 0);
	stub_admin(MS_ADMIN_OK, "user 'Bob' added to order 'Knights'",
	    "order", "add", "Knights", "Bob", NULL);
	/* Bob is online: he hears the new member list (20). */
	assert_int_equal(stub_count(MS_GW_PUSH, &stub_gw1), 1);
	stub_admin(MS_ADMIN_FAIL, "order 'Knights' is full (2 members",
	    "order", "add", "Knights", "Cid", NULL);
	stub_admin(MS_ADMIN_FAIL, "no such order 'Pawns'", "order", "add",
	    "Pawns", "Cid", NULL);
	stub_admin(MS_ADMIN_FAIL, "no such user 'Zed'", "order", "add",
	    "Knights", "Zed", NULL);
	stub_admin(MS_ADMIN_OK, "2 order(s)\n    1 Knights", "order", "list",
	    NULL);
	assert_non_null(strstr(stub_admin_text, "2 members\n    2 Rooks"));
	/* 119 for a member: the members, online or not; for others 1. */
	r = order(1);
	assert_int_equal(r->code, 0);
	assert_int_equal(r->order, 1);
	assert_string_equal(r->name, "Knights");
	assert_int_equal(r->n, 2);
	assert_int_equal(r->members[0].id, 1);
	assert_int_equal(r->members[0].active, 0);
	assert_int_equal(r->members[1].id, 2);
	assert_int_equal(r->members[1].active, 1);
	assert_int_equal(order(3)->code, 1);
	assert_int_equal(order(GUEST)->code, 1);
	assert_int_equal(order(99)->code, 1);
	stub_admin(MS_ADMIN_OK, "user 'Bob' removed from order 'Knights'",
	    "order", "remove", "Knights", "bob", NULL);
	stub_admin(MS_ADMIN_FAIL, "user 'Bob' is not in order 'Knights'",
	    "order", "remove", "Knights", "bob", NULL);
	stub_admin(MS_ADMIN_OK, "added", "order", "add", "Rooks", "Bob",
	    NULL);
	stub_admin(MS_ADMIN_OK, "added", "order", "add", "Knights", "Cid",
	    NULL);
	stub_admin(MS_ADMIN_OK, "order 'Knights' deleted; 2 members left it",
	    "order", "del", "knights", NULL);
	assert_int_equal(pst_db_acct_by_id(fx->db, 1, &a), 0);
	assert_int_equal(a.order, -1);
	assert_int_equal(order(1)->code, 1);
	stub_admin(MS_ADMIN_FAIL, "no such order 'Knights'", "order", "del",
	    "Knights", NULL);
	/* Ids are not reused: a new order is 3. */
	stub_admin(MS_ADMIN_OK, "order 'Knights' created (id 3)", "order",
	    "create", "Knights", NULL);
	stub_admin(MS_ADMIN_FAIL, "usage: order add ORDER USER", "order",
	    "add", "Knights", NULL);
	/* A deleted account leaves its order. */
	stub_admin(MS_ADMIN_OK, "deleted", "user", "del", "bob", NULL);
	stub_admin(MS_ADMIN_OK, "0 members", "order", "list", NULL);
}

static void
keep(const struct pst_push_msg *m, void *arg)
{
	struct got	*g = arg;

	assert_true(g->n < 16);
	g->m[g->n++] = *m;
}

static void
plan(uint32_t user, int what, struct got *g)
{
	memset(g, 0, sizeof(*g));
	assert_int_equal(pst_push_plan(pst.db, pst.pres, user, what, keep, g),
	    0);
}

/* find - the push of type to user; NULL if none. */
static const struct pst_push_msg *
find(const struct got *g, uint32_t user, uint16_t type)
{
	int	i;

	for (i = 0; i < g->n; i++)
		if (g->m[i].user_id == user && g->m[i].type == type)
			return &g->m[i];
	return NULL;
}

static void
buddies_of(const struct pst_push_msg *m, struct mw_buddy_list *l)
{
	assert_non_null(m);
	assert_int_equal(mw_decode_update_player_buddy_list(m->payload, m->len,
	    l), MW_OK);
}

/* members_of - the 20's entries; online of member id, or -1. */
static int
online_in(const struct pst_push_msg *m, uint32_t id, int *count)
{
	struct mw_iter		it;
	struct mw_order_member	om;
	int			on = -1;

	assert_non_null(m);
	assert_int_equal(mw_decode_update_order_member_list(m->payload, m->len,
	    &it), MW_OK);
	*count = 0;
	while (mw_order_member_next(&it, &om) == 1) {
		(*count)++;
		if (om.player_id == id)
			on = (int)om.online;
	}
	return on;
}

/*
 * Bob and Cid list Ann; Dan lists Bob.  Ann, Bob and Dan are the
 * Knights.  Bob (gateway 1) and Dan (gateway 0) are online, Cid is not.
 */
static void
push_world(struct pst_fx *fx)
{
	pst_fx_accounts(fx->db, 4);
	assert_int_equal(pst_db_buddy_add(fx->db, 2, 1), 0);
	assert_int_equal(pst_db_buddy_add(fx->db, 3, 1), 0);
	assert_int_equal(pst_db_buddy_add(fx->db, 4, 2), 0);
	stub_admin(MS_ADMIN_OK, "created", "order", "create", "Knights",
	    NULL);
	stub_admin(MS_ADMIN_OK, "added", "order", "add", "Knights", "Ann",
	    NULL);
	stub_admin(MS_ADMIN_OK, "added", "order", "add", "Knights", "Bob",
	    NULL);
	stub_admin(MS_ADMIN_OK, "added", "order", "add", "Knights", "Dan",
	    NULL);
	stub_online(2, 1, 22, 0);
	stub_online(4, 0, 44, 0);
}

static void
test_push_plan(void **state)
{
	struct pst_fx			*fx = *state;
	const struct pst_push_msg	*m;
	struct mw_buddy_list		 l;
	struct pst_pres_ent		 e;
	struct got			 g;
	int				 n;

	push_world(fx);
	/* Ann comes online. */
	stub_online(1, 0, 11, 0);
	plan(1, PST_PUSH_OTHERS | PST_PUSH_SELF, &g);
	assert_int_equal(g.n, 4);	/* 19 Bob; 20 Ann, Bob, Dan */
	buddies_of(m = find(&g, 2, MW_T_UPDATE_PLAYER_BUDDY_LIST), &l);
	assert_int_equal(m->gw, 1);
	assert_int_equal(m->sid, 22);
	assert_int_equal(l.buddies[0].player_id, 1);
	assert_int_equal(l.buddies[0].active, 2);
	assert_int_equal(l.buddies[1].player_id, 0);
	assert_null(find(&g, 3, MW_T_UPDATE_PLAYER_BUDDY_LIST));   /* off */
	assert_null(find(&g, 4, MW_T_UPDATE_PLAYER_BUDDY_LIST));   /* Bob's */
	assert_null(find(&g, 1, MW_T_UPDATE_PLAYER_BUDDY_LIST));   /* none */
	assert_int_equal(online_in(find(&g, 4, MW_T_UPDATE_ORDER_MEMBER_LIST),
	    1, &n), 1);
	assert_int_equal(n, 3);
	assert_non_null(m = find(&g, 1, MW_T_UPDATE_ORDER_MEMBER_LIST));
	assert_int_equal(m->sid, 11);
	assert_non_null(find(&g, 2, MW_T_UPDATE_ORDER_MEMBER_LIST));
	/* Only its own lists (after a room change). */
	plan(1, PST_PUSH_SELF, &g);
	assert_int_equal(g.n, 1);
	assert_non_null(find(&g, 1, MW_T_UPDATE_ORDER_MEMBER_LIST));
	/* Bob's own: his 19 (Ann online) and the 20. */
	plan(2, PST_PUSH_SELF, &g);
	assert_int_equal(g.n, 2);
	buddies_of(find(&g, 2, MW_T_UPDATE_PLAYER_BUDDY_LIST), &l);
	assert_int_equal(l.buddies[0].active, 2);
	/* Ann goes: Bob's 19 shows her offline, the order's 20 too. */
	assert_int_equal(pst_pres_remove(pst.pres, 1, &e), 1);
	plan(1, PST_PUSH_OTHERS, &g);
	assert_int_equal(g.n, 3);	/* 19 Bob; 20 Bob, Dan */
	buddies_of(find(&g, 2, MW_T_UPDATE_PLAYER_BUDDY_LIST), &l);
	assert_int_equal(l.buddies[0].active, 3);
	assert_int_equal(online_in(find(&g, 2, MW_T_UPDATE_ORDER_MEMBER_LIST),
	    1, &n), 0);
	assert_null(find(&g, 1, MW_T_UPDATE_ORDER_MEMBER_LIST));
	/* Cid (no order, nobody lists him) and guests: nothing. */
	plan(3, PST_PUSH_OTHERS | PST_PUSH_SELF, &g);
	assert_int_equal(g.n, 0);
	plan(GUEST, PST_PUSH_OTHERS | PST_PUSH_SELF, &g);
	assert_int_equal(g.n, 0);
	/* Dan comes: the order hears, and Dan gets his 19 and 20. */
	plan(4, PST_PUSH_OTHERS | PST_PUSH_SELF, &g);
	assert_int_equal(g.n, 3);
	assert_non_null(find(&g, 4, MW_T_UPDATE_PLAYER_BUDDY_LIST));
	assert_non_null(find(&g, 4, MW_T_UPDATE_ORDER_MEMBER_LIST));
	assert_non_null(find(&g, 2, MW_T_UPDATE_ORDER_MEMBER_LIST));
}

static void
claim(struct wrk_link *l, uint32_t sid, uint32_t uid)
{
	struct ms_hdr		h = { .type = MS_PST_CLAIM, .reqid = sid };
	struct ms_pst_claim	c;

	memset(&c, 0, sizeof(c));
	c.sid = sid;
	c.user_id = uid;
	c.ipv4 = 0x0100000a;
	c.room_id = 3;
	snprintf(c.username, sizeof(c.username), "u%u", uid);
	stub_nsent = 0;
	pst_claim(l, &h, &c);
}

static void
release(struct wrk_link *l, uint32_t sid, uint32_t uid)
{
	struct ms_pst_release	r = { sid, uid };

	stub_nsent = 0;
	pst_release(l, &r);
}

/* The running store: claims and releases, the grace, the gateways. */
static void
test_push_grace(void **state)
{
	struct pst_fx	*fx = *state;

	stub_cfg.offline_grace_ms = 2000;
	stub_cfg.offline_queue = 16384;
	push_world(fx);
	claim(&stub_gw0, 11, 1);	/* Ann comes */
	assert_int_equal(stub_count(MS_PST_CLAIM_REP, &stub_gw0), 1);
	assert_int_equal(stub_count(MS_GW_PUSH, &stub_gw1), 2);  /* Bob */
	assert_int_equal(stub_count(MS_GW_PUSH, &stub_gw0), 2);  /* Dan, Ann */
	claim(&stub_gw0, 11, 1);	/* a resend: nothing new */
	assert_int_equal(stub_count(MS_GW_PUSH, NULL), 0);
	/* A room change: release, claim; nobody else hears a thing. */
	stub_now = 5000;
	release(&stub_gw0, 11, 1);
	assert_int_equal(stub_nsent, 0);
	claim(&stub_gw1, 12, 1);
	assert_int_equal(stub_count(MS_GW_PUSH, &stub_gw1), 1);	/* her 20 */
	assert_int_equal(stub_count(MS_GW_PUSH, NULL), 1);
	stub_nsent = 0;
	assert_int_equal(pst_push_tick(5500), 1500);
	assert_int_equal(pst_push_tick(7000), -1);
	assert_int_equal(stub_nsent, 0);
	/* Gone for good: told once the grace is over. */
	stub_now = 8000;
	release(&stub_gw1, 12, 1);
	release(&stub_gw1, 12, 1);	/* twice: one offline only */
	assert_int_equal(pst_push_tick(9000), 1000);
	assert_int_equal(stub_nsent, 0);
	assert_int_equal(pst_push_tick(10000), -1);
	assert_int_equal(stub_count(MS_GW_PUSH, &stub_gw1), 2);  /* Bob */
	assert_int_equal(stub_count(MS_GW_PUSH, &stub_gw0), 1);  /* Dan */
	/* Gateway 1 restarts: Bob is gone; Dan lists him, and is a Knight. */
	stub_nsent = 0;
	stub_now = 20000;
	assert_int_equal(pst_pres_drop_gw(pst.pres, 1, pst_push_offline), 1);
	assert_int_equal(pst_push_tick(22000), -1);
	assert_int_equal(stub_count(MS_GW_PUSH, &stub_gw0), 2);  /* 19, 20 */
	assert_int_equal(stub_count(MS_GW_PUSH, NULL), 2);
}

/*
 * The bounds of the grace: store.offline_queue full tells an offline at
 * once; a reload resizes the queue (what waits keeps its order) once
 * what waits fits; store.offline_grace_ms is read per offline, 0 = now.
 */
static void
test_push_grace_bounds(void **state)
{
	struct pst_fx	*fx = *state;

	stub_cfg.offline_grace_ms = 500;
	stub_cfg.offline_queue = 1;
	push_world(fx);			/* Bob (gw 1) and Dan (gw 0) online */
	claim(&stub_gw0, 11, 1);	/* Ann */
	stub_now = 5000;
	release(&stub_gw0, 11, 1);	/* Ann waits: the queue is full */
	assert_int_equal(stub_nsent, 0);
	release(&stub_gw1, 22, 2);	/* so Bob's is told at once */
	assert_int_equal(stub_count(MS_GW_PUSH, &stub_gw0), 2); /* Dan */
	stub_nsent = 0;
	assert_int_equal(pst_push_tick(5100), 400);
	/* A bigger queue applies with Ann still waiting, in order. */
	stub_cfg.offline_queue = 3;
	stub_cfg.offline_grace_ms = 1000;
	stub_now = 5200;
	claim(&stub_gw1, 22, 2);	/* Bob back: a new online */
	stub_now = 5300;
	release(&stub_gw1, 22, 2);
	assert_int_equal(stub_nsent, 0);
	assert_int_equal(pst_push_tick(5400), 100);	/* Ann's first */
	assert_int_equal(pst_push_tick(5500), 800);	/* Bob's next */
	assert_true(stub_count(MS_GW_PUSH, &stub_gw0) > 0);
	/* Smaller than what waits: told at once until it drains. */
	stub_cfg.offline_queue = 1;
	claim(&stub_gw0, 11, 1);
	stub_now = 5600;
	release(&stub_gw0, 11, 1);	/* Bob fills the queue of 1 */
	assert_int_equal(stub_count(MS_GW_PUSH, &stub_gw0), 1);  /* Dan */
	assert_int_equal(pst_push_tick(6300), -1);
	claim(&stub_gw0, 11, 1);
	release(&stub_gw0, 11, 1);	/* drained: the queue of 1 takes it */
	assert_int_equal(stub_nsent, 0);
	/* No grace at all: at once. */
	stub_cfg.offline_grace_ms = 0;
	claim(&stub_gw1, 22, 2);
	release(&stub_gw1, 22, 2);
	assert_int_equal(stub_count(MS_GW_PUSH, &stub_gw0), 2);  /* Dan */
}

#define T(f)	cmocka_unit_test_setup_teardown(f, stub_setup, stub_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_buddies),
		T(test_orders),
		T(test_push_plan),
		T(test_push_grace),
		T(test_push_grace_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
