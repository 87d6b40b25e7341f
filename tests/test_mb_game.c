/*
 * test_mb_game.c - mythmeta-bench's game scenario, the parts that are
 * pure: the time stamp a 104 carries (at the offset of plugin_data in
 * game data as src/wire encodes it), the stamps a user has seen (a
 * repeat is not timed twice), the choice of hosts (exactly the count
 * asked, spread over the rooms), and the expected changes and the merge
 * of the game counters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mb.h"
#include "wire.h"

static void
test_stamp_in_game_data(void **state)
{
	struct mw_game_desc	d;
	uint8_t			plugin[MW_PLUGIN_DATA_SIZE];
	uint8_t			buf[MW_GAME_DATA_MAX + MW_CIPHER_OVERHEAD];
	size_t			n = 0;
	const uint64_t		t = 0x0123456789abcdefULL;

	(void)state;
	memset(&d, 0, sizeof(d));
	mb_game_stamp_put(plugin, t);
	d.plugin_data = plugin;
	d.game_name = "mb7";
	d.map_name = "Bench";
	assert_int_equal(mw_encode_game_data(buf, sizeof(buf), &n, &d),
	    MW_OK);
	assert_true(mb_game_stamp(buf, n) == t);
	assert_true(mb_game_stamp(buf, 50) == 0);	/* too short */
	buf[44] ^= 1;				/* not ours */
	assert_true(mb_game_stamp(buf, n) == 0);
}

static void
test_seen(void **state)
{
	struct mb_seen	seen[MB_SEEN_MAX];
	uint8_t		next = 0;
	int32_t		id;

	(void)state;
	memset(seen, 0, sizeof(seen));
	assert_int_equal(mb_game_seen(seen, &next, 10, 100), 1);
	assert_int_equal(mb_game_seen(seen, &next, 10, 100), 0);
	assert_int_equal(mb_game_seen(seen, &next, 11, 100), 1);
	assert_int_equal(mb_game_seen(seen, &next, 10, 200), 1);
	assert_int_equal(mb_game_seen(seen, &next, 10, 200), 0);
	assert_int_equal(mb_game_seen(seen, &next, 11, 100), 0);
	/* more games than slots: every game still counts once per stamp */
	for (id = 100; id < 100 + 2 * MB_SEEN_MAX; id++)
		assert_int_equal(mb_game_seen(seen, &next, id, 5), 1);
	assert_int_equal(mb_game_seen(seen, &next, 100 + 2 * MB_SEEN_MAX - 1,
	    5), 0);
}

static uint32_t
count_hosts(const struct mb_opts *o, uint32_t rooms, uint32_t room)
{
	uint32_t	u, n = 0;

	for (u = 0; u < o->users; u++)
		if (mb_opts_hosts(o, u) && (rooms == 0 || u % rooms == room))
			n++;
	return n;
}

static void
test_hosts(void **state)
{
	struct mb_opts	o;
	uint32_t	r;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.users = 1000;
	o.games = 100;
	assert_int_equal(mb_opts_games(&o), 100);
	assert_int_equal(count_hosts(&o, 0, 0), 100);
	for (r = 0; r < 10; r++)
		assert_int_equal(count_hosts(&o, 10, r), 10);
	o.games = 0;
	o.game_share = 0.25;
	assert_int_equal(mb_opts_games(&o), 250);
	assert_int_equal(count_hosts(&o, 0, 0), 250);
	o.users = 7919 * 2;		/* the first prime divides it */
	o.game_share = 0;
	o.games = 321;
	assert_int_equal(count_hosts(&o, 0, 0), 321);
	o.users = 1;
	o.games = 1;
	assert_int_equal(count_hosts(&o, 0, 0), 1);
	o.games = 0;
	assert_int_equal(count_hosts(&o, 0, 0), 0);
}

static void
test_expected_and_merge(void **state)
{
	struct mb_result	a, b;

	(void)state;
	mb_result_init(&a);
	mb_result_init(&b);
	a.game_room_sent[0] = 10;
	a.room_members[0] = 50;
	b.game_room_sent[1] = 3;
	b.room_members[0] = 50;
	b.room_members[1] = 100;
	b.recorded = 7;
	b.game_updates = 13;
	mb_hist_add(&b.game, 1000);
	mb_result_merge(&a, &b);
	assert_true(mb_result_game_expected(&a) == 10 * 100 + 3 * 100);
	assert_true(a.recorded == 7 && a.game_updates == 13);
	assert_true(a.game.count == 1 && a.game.max == 1000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stamp_in_game_data),
		cmocka_unit_test(test_seen),
		cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_expected_and_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
