/*
 * test_gw_game_cache.c - a room's game list at the gateway
 * (gw_game_cache.c): adds, changes and deletes applied and bounded,
 * a countdown recomputed from its deadline, the difference between two
 * lists (deletes, adds, changes, nothing when equal), and whole lists
 * split under MS_GS_LIST_MAX into packets mw_decode_game_list() reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gw_game.h"

#define PKTS_MAX	16
#define ENTS_MAX	64

/* What an emit callback was handed, decoded. */
struct got {
	size_t		npkts;
	size_t		lens[PKTS_MAX];
	size_t		nents;
	struct {
		int32_t	id;
		int	verb;
		int32_t	secs;
		size_t	data_len;
		uint8_t	first;		/* first data byte */
	} e[ENTS_MAX];
};

static struct got	got;
static struct gg_pkt	pkt;
static uint8_t		data[MW_GAME_DATA_MAX];

static void
emit(void *arg, const uint8_t *p, size_t len)
{
	struct mw_game_entry	e;
	struct mw_iter		it;
	struct got		*g = arg;

	assert_true(g->npkts < PKTS_MAX);
	assert_true(len + MW_HEADER_SIZE <= MS_GS_LIST_MAX);
	assert_int_equal(mw_decode_game_list(p, len, MW_T_GAME_LIST, &it),
	    MW_OK);
	g->lens[g->npkts++] = len;
	while (mw_game_list_next(&it, &e) == 1) {
		assert_true(g->nents < ENTS_MAX);
		g->e[g->nents].id = e.aux.game_id;
		g->e[g->nents].verb = e.aux.verb;
		g->e[g->nents].secs = e.aux.seconds_remaining;
		g->e[g->nents].data_len = e.data_len;
		g->e[g->nents].first = e.data_len > 0 ? e.data[0] : 0;
		g->nents++;
	}
}

/* ent - a game entry whose data is len bytes of b. */
static struct mw_game_entry
ent(int32_t id, int verb, int32_t secs, uint8_t b, size_t len)
{
	struct mw_game_entry	e;

	memset(&e, 0, sizeof(e));
	e.aux.game_id = id;
	e.aux.host = 0x7f000001;
	e.aux.port = 3453;
	e.aux.verb = (int8_t)verb;
	e.aux.seconds_remaining = secs;
	e.aux.creating_player_id = id;
	memset(data, b, len);
	e.data = data;
	e.data_len = len;
	return e;
}

/* apply1 - one entry as a packet 2 payload into r. */
static int
apply1(struct gg_room *r, struct mw_game_entry e, uint64_t now,
    uint32_t *total, uint32_t max)
{
	uint8_t	out[2048];
	size_t	n;

	assert_int_equal(mw_encode_game_list(out, sizeof(out), &n,
	    MW_T_GAME_LIST, &e, 1), MW_OK);
	return gg_room_apply(r, out + MW_HEADER_SIZE, n - MW_HEADER_SIZE,
	    now, total, max);
}

static void
begin(void)
{
	memset(&got, 0, sizeof(got));
	gg_pkt_begin(&pkt, MW_T_GAME_LIST, emit, &got);
}

static void
t_apply(void **state)
{
	struct gg_room	 r;
	struct gg_game	*g;
	uint32_t	 total = 0;

	(void)state;
	gg_room_init(&r);
	assert_int_equal(apply1(&r, ent(1, MW_VERB_ADD, 0, 'a', 600), 0,
	    &total, 100), 0);
	assert_int_equal(apply1(&r, ent(2, MW_VERB_ADD, -1, 'b', 700), 0,
	    &total, 100), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(total, 2);

	/* A change replaces the data and stays an add, in its place. */
	assert_int_equal(apply1(&r, ent(1, MW_VERB_CHANGE, 0, 'c', 650), 0,
	    &total, 100), 0);
	assert_int_equal(r.n, 2);
	g = gg_room_find(&r, 1);
	assert_non_null(g);
	assert_int_equal(g->len, 650);
	assert_int_equal(g->data[0], 'c');
	assert_int_equal(g->aux.verb, MW_VERB_ADD);
	assert_ptr_equal(TAILQ_FIRST(&r.all), g);

	/* An add of a known game is a change too. */
	assert_int_equal(apply1(&r, ent(2, MW_VERB_ADD, -1, 'd', 600), 0,
	    &total, 100), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(gg_room_find(&r, 2)->data[0], 'd');

	assert_int_equal(apply1(&r, ent(2, MW_VERB_DELETE, 0, 'x', 0), 0,
	    &total, 100), 0);
	assert_null(gg_room_find(&r, 2));
	assert_int_equal(r.n, 1);
	assert_int_equal(total, 1);
	/* Deleting what is not there changes nothing. */
	assert_int_equal(apply1(&r, ent(9, MW_VERB_DELETE, 0, 'x', 0), 0,
	    &total, 100), 0);
	assert_int_equal(r.n, 1);

	/* Undecodable: -1 and nothing applied. */
	assert_int_equal(gg_room_apply(&r, data, 5, 0, &total, 100), -1);
	assert_int_equal(r.n, 1);

	gg_room_free(&r, &total);
	assert_int_equal(total, 0);
	assert_int_equal(r.n, 0);
}

static void
t_bound(void **state)
{
	struct gg_room	r, other;
	uint32_t	total = 0;

	(void)state;
	gg_room_init(&r);
	gg_room_init(&other);
	assert_int_equal(apply1(&other, ent(7, 0, 0, 'o', 600), 0, &total,
	    3), 0);
	assert_int_equal(apply1(&r, ent(1, 0, 0, 'a', 600), 0, &total, 3),
	    0);
	assert_int_equal(apply1(&r, ent(2, 0, 0, 'b', 600), 0, &total, 3),
	    0);
	/* The bound counts every room. */
	assert_int_equal(apply1(&r, ent(3, 0, 0, 'c', 600), 0, &total, 3),
	    1);
	assert_null(gg_room_find(&r, 3));
	assert_int_equal(total, 3);
	/* A change of a known game still goes in at the bound. */
	assert_int_equal(apply1(&r, ent(2, MW_VERB_CHANGE, 0, 'z', 600), 0,
	    &total, 3), 0);
	assert_int_equal(gg_room_find(&r, 2)->data[0], 'z');
	gg_room_free(&r, &total);
	gg_room_free(&other, &total);
	assert_int_equal(total, 0);
}

static void
t_countdown(void **state)
{
	struct gg_room	 r;
	uint32_t	 total = 0;

	(void)state;
	gg_room_init(&r);
	assert_int_equal(apply1(&r, ent(1, 0, 100, 'a', 600), 5000, &total,
	    10), 0);
	assert_int_equal(apply1(&r, ent(2, 0, -1, 'b', 600), 5000, &total,
	    10), 0);
	assert_int_equal(apply1(&r, ent(3, 0, 0, 'c', 600), 5000, &total,
	    10), 0);
	assert_int_equal(gg_remaining(gg_room_find(&r, 1), 5000), 100);
	assert_int_equal(gg_remaining(gg_room_find(&r, 1), 35000), 70);
	assert_int_equal(gg_remaining(gg_room_find(&r, 1), 35500), 70);
	assert_int_equal(gg_remaining(gg_room_find(&r, 1), 500000), 0);
	assert_int_equal(gg_remaining(gg_room_find(&r, 2), 500000), -1);
	assert_int_equal(gg_remaining(gg_room_find(&r, 3), 500000), 0);

	/* A newcomer 40 s later sees 60 s left. */
	begin();
	gg_full(&r, 45000, &pkt);
	gg_pkt_end(&pkt, 1);
	assert_int_equal(got.nents, 3);
	assert_int_equal(got.e[0].id, 1);
	assert_int_equal(got.e[0].secs, 60);
	assert_int_equal(got.e[1].secs, -1);
	assert_int_equal(got.e[2].secs, 0);
	gg_room_free(&r, &total);
}

static void
t_full_split(void **state)
{
	struct gg_room	r;
	uint32_t	total = 0;
	size_t		i;

	(void)state;
	gg_room_init(&r);
	for (i = 0; i < 20; i++)
		assert_int_equal(apply1(&r, ent((int32_t)i + 1, 0, -1,
		    (uint8_t)('a' + i), 1000), 0, &total, 100), 0);
	begin();
	gg_full(&r, 0, &pkt);
	gg_pkt_end(&pkt, 1);
	/* 7 entries of 1032 bytes fit 7988: three packets. */
	assert_int_equal(got.npkts, 3);
	assert_int_equal(got.nents, 20);
	for (i = 0; i < 20; i++) {
		assert_int_equal(got.e[i].id, (int32_t)i + 1);
		assert_int_equal(got.e[i].verb, MW_VERB_ADD);
		assert_int_equal(got.e[i].data_len, 1000);
		assert_int_equal(got.e[i].first, 'a' + i);
	}
	gg_room_free(&r, &total);

	/* No games: one empty packet, so the client knows. */
	begin();
	gg_full(&r, 0, &pkt);
	gg_pkt_end(&pkt, 1);
	assert_int_equal(got.npkts, 1);
	assert_int_equal(got.lens[0], 0);
	/* ... unless nothing is to be said. */
	begin();
	gg_pkt_end(&pkt, 0);
	assert_int_equal(got.npkts, 0);
}

static void
t_diff(void **state)
{
	struct gg_room	old, new;
	uint32_t	total = 0, n = 0;

	(void)state;
	gg_room_init(&old);
	gg_room_init(&new);
	(void)apply1(&old, ent(1, 0, -1, 'a', 600), 0, &total, 100);
	(void)apply1(&old, ent(2, 0, -1, 'b', 600), 0, &total, 100);
	(void)apply1(&old, ent(3, 0, -1, 'c', 600), 0, &total, 100);
	(void)apply1(&new, ent(2, 0, -1, 'b', 600), 0, &n, 100);
	(void)apply1(&new, ent(3, 0, -1, 'C', 600), 0, &n, 100);
	(void)apply1(&new, ent(4, 0, -1, 'd', 600), 0, &n, 100);

	begin();
	gg_diff(&old, &new, 0, &pkt);
	gg_pkt_end(&pkt, 0);
	assert_int_equal(got.npkts, 1);
	assert_int_equal(got.nents, 3);
	assert_int_equal(got.e[0].id, 1);
	assert_int_equal(got.e[0].verb, MW_VERB_DELETE);
	assert_int_equal(got.e[1].id, 3);
	assert_int_equal(got.e[1].verb, MW_VERB_CHANGE);
	assert_int_equal(got.e[1].first, 'C');
	assert_int_equal(got.e[2].id, 4);
	assert_int_equal(got.e[2].verb, MW_VERB_ADD);

	/* The new list replaces the old; the total follows. */
	gg_room_adopt(&old, &new, &total);
	assert_int_equal(total, 3);
	assert_int_equal(old.n, 3);
	assert_int_equal(new.n, 0);
	assert_non_null(gg_room_find(&old, 4));
	assert_null(gg_room_find(&old, 1));
	assert_true(TAILQ_EMPTY(&new.all));

	/* The same list again: nothing to send. */
	(void)apply1(&new, ent(2, 0, -1, 'b', 600), 0, &n, 100);
	(void)apply1(&new, ent(3, 0, -1, 'C', 600), 0, &n, 100);
	(void)apply1(&new, ent(4, 0, -1, 'd', 600), 0, &n, 100);
	begin();
	gg_diff(&old, &new, 0, &pkt);
	gg_pkt_end(&pkt, 0);
	assert_int_equal(got.npkts, 0);
	gg_room_free(&new, &n);
	gg_room_free(&old, &total);
	assert_int_equal(total, 0);
}

/* A countdown a second on is the same game; a minute on is a change. */
static void
t_diff_countdown(void **state)
{
	struct gg_room	old, new;
	uint32_t	total = 0, n = 0;

	(void)state;
	gg_room_init(&old);
	gg_room_init(&new);
	(void)apply1(&old, ent(1, 0, 600, 'a', 600), 0, &total, 100);
	(void)apply1(&old, ent(2, 0, 600, 'b', 600), 0, &total, 100);
	(void)apply1(&old, ent(3, 0, -1, 'c', 600), 0, &total, 100);
	(void)apply1(&new, ent(1, 0, 599, 'a', 600), 1500, &n, 100);
	(void)apply1(&new, ent(2, 0, 540, 'b', 600), 1500, &n, 100);
	(void)apply1(&new, ent(3, 0, 300, 'c', 600), 1500, &n, 100);
	begin();
	gg_diff(&old, &new, 1500, &pkt);
	gg_pkt_end(&pkt, 0);
	assert_int_equal(got.nents, 2);
	assert_int_equal(got.e[0].id, 2);
	assert_int_equal(got.e[0].verb, MW_VERB_CHANGE);
	assert_int_equal(got.e[0].secs, 540);
	assert_int_equal(got.e[1].id, 3);
	assert_int_equal(got.e[1].secs, 300);
	gg_room_free(&new, &n);
	gg_room_free(&old, &total);
}

/* A search answer: one packet, at most max entries. */
static void
t_pkt_bounds(void **state)
{
	struct mw_game_entry	e;
	int			i;

	(void)state;
	begin();
	pkt.max = 5;
	pkt.one = 1;
	for (i = 0; i < 5; i++) {
		e = ent(i + 1, 0, -1, 'a', 100);
		assert_int_equal(gg_pkt_add(&pkt, &e), 0);
	}
	e = ent(6, 0, -1, 'a', 100);
	assert_int_equal(gg_pkt_add(&pkt, &e), -1);
	gg_pkt_end(&pkt, 1);
	assert_int_equal(got.npkts, 1);
	assert_int_equal(got.nents, 5);

	begin();
	pkt.one = 1;
	for (i = 0; i < 7; i++) {
		e = ent(i + 1, 0, -1, 'a', 1000);
		assert_int_equal(gg_pkt_add(&pkt, &e), 0);
	}
	e = ent(8, 0, -1, 'a', 1000);
	assert_int_equal(gg_pkt_add(&pkt, &e), -1);
	gg_pkt_end(&pkt, 1);
	assert_int_equal(got.npkts, 1);
	assert_int_equal(got.nents, 7);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(t_apply),
		cmocka_unit_test(t_bound),
		cmocka_unit_test(t_countdown),
		cmocka_unit_test(t_full_split),
		cmocka_unit_test(t_diff),
		cmocka_unit_test(t_diff_countdown),
		cmocka_unit_test(t_pkt_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
