/*
 * test_gw_svc.c - the pure parts of the gateway's player services:
 * the request table (bound, reqids, deadlines, a stale reqid), the
 * collection of MS_ROOM_FIND_REP answers from several room workers into
 * one packet 14 (each worker once, malformed or unexpected answers
 * refused, capped at the count and at MW_MYTH_OUT_MAX bytes on an
 * entry boundary), packet 17 built from an ms_pst_info_rep and decoded
 * back field by field, 19 from a buddy reply and 20 from an order
 * reply.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gw.h"
#include "reqtab.h"

#define REP_MAX	(MW_IN_MAX_CEILING + MW_CIPHER_OVERHEAD)

static uint8_t	rep_buf[REP_MAX];

/*
 * answer - a room worker's MS_ROOM_FIND_REP with n entries, user ids
 * from id0 on, built as room_find.c builds it; returns its length.
 */
static size_t
answer(uint32_t id0, uint32_t n, int32_t room)
{
	struct ms_room_find_rep	rep;
	struct mw_search_entry	e;
	struct mw_list		l;
	char			nick[32];
	size_t			len;
	uint32_t		i;

	assert_int_equal(mw_list_begin(&l, MW_T_PLAYER_SEARCH_LIST, rep_buf,
	    sizeof(rep_buf), sizeof(rep_buf)), MW_OK);
	for (i = 0; i < n; i++) {
		memset(&e, 0, sizeof(e));
		snprintf(nick, sizeof(nick), "Player %u of a room", id0 + i);
		e.room_id = room;
		e.aux.player_id = id0 + i;
		e.aux.caste = -1;
		e.aux.order = -1;
		e.data.nick = nick;
		e.data.team = "Team";
		assert_int_equal(mw_list_add_search(&l, &e), MW_OK);
	}
	(void)mw_list_end(&l, &len);
	rep.n = n;
	rep.len = (uint32_t)(len - sizeof(rep));
	memcpy(rep_buf, &rep, sizeof(rep));
	return len;
}

/* entries - decode the request's packet as type; ids into v. */
static size_t
entries(struct gw_svc_req *r, uint16_t type, uint32_t *v, size_t max)
{
	struct mw_search_entry	 e;
	const uint8_t		*p;
	struct mw_iter		 it;
	size_t			 len, n = 0;

	p = gw_svc_list(r, &len);
	assert_non_null(p);
	assert_true(len + MW_HEADER_SIZE <= MW_MYTH_OUT_MAX);
	assert_int_equal(mw_decode_search_list(p, len, type, &it), MW_OK);
	while (mw_search_list_next(&it, &e) == 1) {
		assert_true(n < max);
		v[n++] = e.aux.player_id;
	}
	return n;
}

static void
test_table(void **state)
{
	struct wrk_reqtab	*t = wrk_req_new(3);
	struct gw_svc_req	*a, *b, *c, *d;
	uint64_t		 dl;
	uint32_t		 old;

	(void)state;
	assert_non_null(t);
	a = gw_svc_add(t, 11, GW_SVC_INFO, 100);
	b = gw_svc_add(t, 12, GW_SVC_SEARCH, 200);
	c = gw_svc_add(t, 13, GW_SVC_ORDER, 300);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_null(gw_svc_add(t, 14, GW_SVC_BUDDY, 400));	/* bound */
	assert_int_equal(a->sid, 11);
	assert_int_equal(c->kind, GW_SVC_ORDER);
	assert_true(a->reqid != 0 && a->reqid != b->reqid);
	assert_ptr_equal(gw_svc_find(t, b->reqid), b);
	assert_ptr_equal(gw_svc_at(t, b->reqid & 0xffff, &dl), b);
	assert_int_equal(dl, 200);
	gw_svc_deadline(t, b, 250);
	(void)gw_svc_at(t, b->reqid & 0xffff, &dl);
	assert_int_equal(dl, 250);
	old = b->reqid;
	gw_svc_del(t, b);
	assert_null(gw_svc_find(t, old));
	d = gw_svc_add(t, 15, GW_SVC_BUDDIES, 500);
	assert_non_null(d);
	/* the slot is reused, the reqid is not: a late reply finds none */
	assert_true(d->reqid != old);
	assert_null(gw_svc_find(t, old));
	assert_int_equal(wrk_req_count(t), 3);
	gw_svc_del(t, a);
	gw_svc_del(t, c);
	gw_svc_del(t, d);
	assert_int_equal(wrk_req_count(t), 0);
	wrk_req_free(t);
}

/* Three room workers; each counts once; bad answers change nothing. */
static void
test_collect(void **state)
{
	struct wrk_reqtab	*t = wrk_req_new(4);
	struct ms_room_find_rep	 bad;
	struct gw_svc_req	*r;
	uint32_t		 v[16];
	size_t			 len;

	(void)state;
	r = gw_svc_add(t, 7, GW_SVC_SEARCH, 0);
	/* not collecting yet */
	len = answer(100, 2, 10);
	assert_int_equal(gw_svc_collect(r, 0, rep_buf, len), -1);
	assert_int_equal(gw_svc_rooms(r, MW_T_PLAYER_SEARCH_LIST, 50), 0);
	r->waiting = 1u << 0 | 1u << 1 | 1u << 3;
	assert_int_equal(gw_svc_collect(r, 0, rep_buf, len), 0);
	/* the same worker again, one not asked, one that cannot be */
	assert_int_equal(gw_svc_collect(r, 0, rep_buf, len), -1);
	assert_int_equal(gw_svc_collect(r, 2, rep_buf, len), -1);
	assert_int_equal(gw_svc_collect(r, 99, rep_buf, len), -1);
	/* malformed: lengths disagree, count disagrees, short */
	len = answer(200, 3, 11);
	assert_int_equal(gw_svc_collect(r, 1, rep_buf, len - 1), -1);
	memcpy(&bad, rep_buf, sizeof(bad));
	bad.n = 4;
	memcpy(rep_buf, &bad, sizeof(bad));
	assert_int_equal(gw_svc_collect(r, 1, rep_buf, len), -1);
	assert_int_equal(gw_svc_collect(r, 1, rep_buf, 4), -1);
	len = answer(200, 3, 11);
	assert_int_equal(gw_svc_collect(r, 1, rep_buf, len), 0);
	/* an empty answer still counts */
	len = answer(0, 0, 0);
	assert_int_equal(gw_svc_collect(r, 3, rep_buf, len), 1);
	assert_int_equal(entries(r, MW_T_PLAYER_SEARCH_LIST, v, 16), 5);
	assert_int_equal(v[0], 100);
	assert_int_equal(v[1], 101);
	assert_int_equal(v[2], 200);
	assert_int_equal(v[4], 202);
	gw_svc_del(t, r);

	/* a worker that restarts no longer owes: done without it */
	r = gw_svc_add(t, 8, GW_SVC_BUDDIES, 0);
	assert_int_equal(gw_svc_rooms(r, MW_T_BUDDY_LIST, 16), 0);
	r->waiting = 1u << 0 | 1u << 1;
	len = answer(300, 1, 10);
	assert_int_equal(gw_svc_collect(r, 1, rep_buf, len), 0);
	assert_int_equal(gw_svc_done(r, 0), 1);
	assert_int_equal(entries(r, MW_T_BUDDY_LIST, v, 16), 1);
	assert_int_equal(v[0], 300);
	gw_svc_del(t, r);
	wrk_req_free(t);
}

/* At most max entries: the first to come win, the rest is not waited for. */
static void
test_collect_count(void **state)
{
	struct wrk_reqtab	*t = wrk_req_new(4);
	struct gw_svc_req	*r;
	uint32_t		 v[16];
	size_t			 len;

	(void)state;
	r = gw_svc_add(t, 7, GW_SVC_SEARCH, 0);
	assert_int_equal(gw_svc_rooms(r, MW_T_PLAYER_SEARCH_LIST, 3), 0);
	r->waiting = 0x7;
	len = answer(100, 2, 10);
	assert_int_equal(gw_svc_collect(r, 0, rep_buf, len), 0);
	len = answer(200, 2, 11);
	assert_int_equal(gw_svc_collect(r, 1, rep_buf, len), 1);
	assert_int_equal(entries(r, MW_T_PLAYER_SEARCH_LIST, v, 16), 3);
	assert_int_equal(v[2], 200);
	gw_svc_del(t, r);
	wrk_req_free(t);
}

/* Past one Myth packet: cut on an entry boundary, not waited further. */
static void
test_collect_size(void **state)
{
	static uint32_t		 v[1024];
	struct wrk_reqtab	*t = wrk_req_new(4);
	struct gw_svc_req	*r;
	const uint8_t		*p;
	size_t			 len, n, plen, each;

	(void)state;
	r = gw_svc_add(t, 7, GW_SVC_SEARCH, 0);
	assert_int_equal(gw_svc_rooms(r, MW_T_PLAYER_SEARCH_LIST, 500), 0);
	r->waiting = 0x7;
	len = answer(1000, 40, 10);
	each = (len - sizeof(struct ms_room_find_rep)) / 40;
	assert_int_equal(gw_svc_collect(r, 0, rep_buf, len), 0);
	len = answer(2000, 100, 11);
	assert_int_equal(gw_svc_collect(r, 1, rep_buf, len), 1);
	assert_true(r->full);
	p = gw_svc_list(r, &plen);
	assert_non_null(p);
	assert_true(plen <= 7996);
	assert_true(plen + MW_HEADER_SIZE <= MW_MYTH_OUT_MAX);
	assert_true(plen + MW_HEADER_SIZE + each > MW_MYTH_OUT_MAX);
	n = entries(r, MW_T_PLAYER_SEARCH_LIST, v, 1024);
	assert_int_equal(n, plen / each);
	assert_true(n < 140);
	assert_int_equal(v[0], 1000);
	assert_int_equal(v[40], 2000);
	/* once full, a late worker changes nothing */
	len = answer(3000, 1, 12);
	assert_int_equal(gw_svc_collect(r, 2, rep_buf, len), 1);
	assert_int_equal(entries(r, MW_T_PLAYER_SEARCH_LIST, v, 1024), n);
	gw_svc_del(t, r);
	wrk_req_free(t);
}

static void
score(struct ms_score *s, int32_t base)
{
	s->games = base + 1;
	s->wins = base + 2;
	s->losses = base + 3;
	s->ties = base + 4;
	s->damage_given = base + 100000;
	s->damage_taken = base + 200000;
	s->disconnects = base + 5;
	s->points = base + 6;
	s->caste = base % 16;
	s->best_points = base + 7;
	s->best_caste = (base + 1) % 16;
	s->position = (uint32_t)base + 8;
}

static void
check_score(const struct mw_score *d, int32_t base)
{
	assert_int_equal(d->games_played, base + 1);
	assert_int_equal(d->wins, base + 2);
	assert_int_equal(d->losses, base + 3);
	assert_int_equal(d->ties, base + 4);
	assert_int_equal(d->damage_inflicted, base + 100000);
	assert_int_equal(d->damage_received, base + 200000);
	assert_int_equal(d->disconnects, base + 5);
	assert_int_equal(d->points, base + 6);
	assert_int_equal(d->rank, base % 16);
	assert_int_equal(d->highest_points, base + 7);
	assert_int_equal(d->highest_rank, (base + 1) % 16);
	assert_int_equal(d->numerical_ranking, base + 8);
}

static void
test_info(void **state)
{
	static uint8_t		 pkt[GW_PKT_CAP(GW_SVC_INFO_MAX)];
	struct ms_pst_info_rep	 rep;
	struct mw_player_info	 pi, back;
	size_t			 len, i;

	(void)state;
	memset(&rep, 0, sizeof(rep));
	rep.sid = 3;
	rep.target = 4711;
	rep.flags = MS_USER_ADMIN;
	rep.order = 12;
	rep.total_users = 345;
	score(&rep.unranked, 10);
	score(&rep.ranked, 20);
	for (i = 0; i < 16; i++)
		score(&rep.ranked_by_type[i], 30 + (int32_t)i);
	rep.ranked.wins = 40000;		/* past 16 bits: clamped */
	memset(rep.login, 'L', sizeof(rep.login));	/* unterminated */
	strcpy(rep.order_name, "Order of the Fist");
	strcpy(rep.city, "Chicago");
	strcpy(rep.state, "IL");
	strcpy(rep.country, "USA");
	memset(rep.quote, 'q', sizeof(rep.quote) - 1);	/* longest */
	gw_svc_info(&rep, &pi);
	assert_int_equal(mw_encode_player_info(pkt, sizeof(pkt), &len, &pi),
	    MW_OK);
	assert_int_equal(mw_decode_player_info(pkt + MW_HEADER_SIZE,
	    len - MW_HEADER_SIZE, &back), MW_OK);
	assert_int_equal(back.administrator_flag, 1);
	assert_int_equal(back.bungie_employee_flag, 0);
	assert_int_equal(back.order_index, 12);
	assert_int_equal(back.icon_index, 0);
	assert_int_equal(back.primary.red, 0);
	check_score(&back.unranked, 10);
	assert_int_equal(back.ranked.wins, INT16_MAX);
	back.ranked.wins = 22;
	check_score(&back.ranked, 20);
	for (i = 0; i < 16; i++)
		check_score(&back.ranked_by_type[i], 30 + (int32_t)i);
	assert_int_equal(back.order_ranked.games_played, 0);
	assert_int_equal(back.overall.total_users, 345);
	assert_int_equal(back.overall.total_orders, 0);
	assert_int_equal(strlen(back.login), sizeof(rep.login) - 1);
	assert_string_equal(back.name, back.login);
	assert_string_equal(back.order_name, "Order of the Fist");
	assert_string_equal(back.city, "Chicago");
	assert_string_equal(back.state, "IL");
	assert_string_equal(back.country, "USA");
	assert_int_equal(strlen(back.quote), sizeof(rep.quote) - 1);
	assert_true(len - MW_HEADER_SIZE <= GW_SVC_INFO_MAX);
	/* a negative count shows as itself; no admin flag, no admin bit */
	rep.flags = MS_USER_GUEST;
	rep.unranked.losses = -70000;
	gw_svc_info(&rep, &pi);
	assert_int_equal(pi.administrator_flag, 0);
	assert_int_equal(pi.unranked.losses, INT16_MIN);
}

static void
test_buddies(void **state)
{
	struct ms_pst_buddy_rep	rep;
	struct mw_buddy_list	b, back;
	uint8_t			pkt[GW_PKT_CAP(128)];
	size_t			len, i;

	(void)state;
	memset(&rep, 0, sizeof(rep));
	rep.n = 3;
	rep.buddies[0].id = 501;
	rep.buddies[0].active = 2;
	rep.buddies[1].id = 502;
	rep.buddies[1].active = 3;
	rep.buddies[2].id = 503;
	rep.buddies[2].active = 1;
	rep.buddies[5].id = 999;	/* past n: not sent */
	gw_svc_buddies(&rep, &b);
	assert_int_equal(mw_encode_update_player_buddy_list(pkt, sizeof(pkt),
	    &len, &b), MW_OK);
	assert_int_equal(len, MW_HEADER_SIZE + 128);
	assert_int_equal(mw_decode_update_player_buddy_list(pkt +
	    MW_HEADER_SIZE, len - MW_HEADER_SIZE, &back), MW_OK);
	assert_int_equal(back.buddies[0].player_id, 501);
	assert_int_equal(back.buddies[0].active, 2);
	assert_int_equal(back.buddies[1].player_id, 502);
	assert_int_equal(back.buddies[1].active, 3);
	assert_int_equal(back.buddies[2].player_id, 503);
	assert_int_equal(back.buddies[2].active, 1);
	for (i = 3; i < MW_BUDDIES; i++) {
		assert_int_equal(back.buddies[i].player_id, 0);
		assert_int_equal(back.buddies[i].active, 0);
	}
	/* a count past 16 is cut to 16 */
	rep.n = 40;
	gw_svc_buddies(&rep, &b);
	assert_int_equal(b.buddies[5].player_id, 999);
	assert_int_equal(b.buddies[15].player_id, 0);
}

static void
test_members(void **state)
{
	struct ms_pst_order_rep	rep;
	struct mw_order_member	v[MS_ORDER_MEMBERS_MAX], m;
	uint8_t			pkt[GW_PKT_CAP(4 + 8 * 64)];
	struct mw_iter		it;
	size_t			n, len;

	(void)state;
	memset(&rep, 0, sizeof(rep));
	rep.n = 3;
	rep.members[0].id = 7;
	rep.members[0].active = 1;
	rep.members[1].id = 8;
	rep.members[2].id = 9;
	rep.members[2].active = 5;
	n = gw_svc_members(&rep, v, MS_ORDER_MEMBERS_MAX);
	assert_int_equal(n, 3);
	assert_int_equal(mw_encode_update_order_member_list(pkt, sizeof(pkt),
	    &len, v, n), MW_OK);
	assert_int_equal(mw_decode_update_order_member_list(pkt +
	    MW_HEADER_SIZE, len - MW_HEADER_SIZE, &it), MW_OK);
	assert_int_equal(it.count, 3);
	assert_int_equal(mw_order_member_next(&it, &m), 1);
	assert_int_equal(m.player_id, 7);
	assert_int_equal(m.online, 1);
	assert_int_equal(mw_order_member_next(&it, &m), 1);
	assert_int_equal(m.online, 0);
	assert_int_equal(mw_order_member_next(&it, &m), 1);
	assert_int_equal(m.online, 1);		/* a boolean */
	rep.n = 1000;
	assert_int_equal(gw_svc_members(&rep, v, MS_ORDER_MEMBERS_MAX),
	    MS_ORDER_MEMBERS_MAX);
	assert_int_equal(gw_svc_members(&rep, v, 2), 2);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_collect),
		cmocka_unit_test(test_collect_count),
		cmocka_unit_test(test_collect_size),
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_buddies),
		cmocka_unit_test(test_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
