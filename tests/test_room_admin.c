/*
 * test_room_admin.c - the mythmetactl verbs of a room worker: kick by
 * nick (any case) or id with the reason sent to the gateway, motd for
 * one room or all (shown at once, kept for newcomers), who, and
 * MS_ADMIN_NOT_HERE whenever the player or room is another worker's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "test_room_lib.h"

static char	text[8000];

static int
setup(void **state)
{
	(void)state;
	rt_setup(2, 1000);
	rt_join(0, 1, 10, 101, 0, "Alice");
	rt_join(1, 2, 11, 102, MS_USER_GUEST | MS_USER_ALEPHONE, "Bob");
	rt_flush();
	rt_clear();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	rt_teardown();
	return 0;
}

static int
admin(const char *line)
{
	static char	buf[512];
	char		*argv[16], *p;
	int		 argc = 0;

	strcpy(buf, line);
	for (p = strtok(buf, " "); p != NULL && argc < 15;
	    p = strtok(NULL, " "))
		argv[argc++] = p;
	argv[argc] = NULL;
	return room_admin(rt.ctx, argc, argv, text, sizeof(text));
}

static void
test_kick(void **state)
{
	struct ms_gw_kick	k;

	(void)state;
	assert_int_equal(admin("kick aLiCe spamming the room"), MS_ADMIN_OK);
	assert_string_equal(text, "kicked 'Alice' (id 101) from room "
	    "'Room 10'");
	assert_int_equal(rt_count(MS_GW_KICK, 0), 1);
	memcpy(&k, rt_nth(MS_GW_KICK, 0, 0)->p, sizeof(k));
	assert_int_equal(k.sid, 1);
	assert_int_equal(k.code, -1);
	assert_string_equal(k.text,
	    "Kicked by an administrator: spamming the room");
	rt_clear();
	assert_int_equal(admin("kick 102"), MS_ADMIN_OK);
	memcpy(&k, rt_nth(MS_GW_KICK, 1, 0)->p, sizeof(k));
	assert_int_equal(k.sid, 2);
	assert_string_equal(k.text, "Kicked by an administrator.");
	assert_int_equal(admin("kick nobody"), MS_ADMIN_NOT_HERE);
	assert_int_equal(admin("kick 4242"), MS_ADMIN_NOT_HERE);
	assert_int_equal(admin("kick"), MS_ADMIN_FAIL);
	assert_int_equal(admin("frobnicate"), MS_ADMIN_NOT_HERE);
}

static void
test_motd(void **state)
{
	size_t	n;

	(void)state;
	assert_int_equal(admin("motd 11 Server restart at noon"),
	    MS_ADMIN_OK);
	assert_string_equal(text, "motd set for 1 room");
	rt_flush();
	assert_int_equal(rt_got(1, 2), 1);
	assert_string_equal(rt_text(&rt.pkts[0]), "Server restart at noon");
	assert_int_equal(rt_got(0, 1), 0);
	rt_clear();
	assert_int_equal(admin("motd 12 elsewhere"), MS_ADMIN_NOT_HERE);
	assert_int_equal(admin("motd Hello\\nworld"), MS_ADMIN_OK);
	assert_string_equal(text, "motd set for 2 rooms");
	rt_flush();
	assert_int_equal(rt_got(0, 1), 2);
	assert_string_equal(rt_text(&rt.pkts[1]), "world");
	rt_clear();
	/* A newcomer gets the runtime MOTD, not room.motd. */
	rt_join(0, 3, 10, 103, 0, "Carol");
	rt_flush();
	n = rt_got_type(0, 3, MW_T_MESSAGE_OF_THE_DAY);
	assert_int_equal(n, 2);
	assert_string_equal(rt_text(&rt.pkts[0]), "Hello");
	assert_int_equal(admin("motd"), MS_ADMIN_FAIL);
}

static void
test_who(void **state)
{
	(void)state;
	assert_int_equal(admin("who"), MS_ADMIN_OK);
	assert_string_equal(text, "Room 10 101 Alice -\n"
	    "Room 11 102 Bob guest,alephone\n");
	assert_int_equal(admin("who 10"), MS_ADMIN_OK);
	assert_string_equal(text, "Room 10 101 Alice -\n");
	assert_int_equal(admin("who 99"), MS_ADMIN_NOT_HERE);
	assert_int_equal(admin("who x"), MS_ADMIN_FAIL);
	rt_session(0, 1, MS_ROOM_LEAVE, 0);
	assert_int_equal(admin("who 10"), MS_ADMIN_OK);
	assert_string_equal(text, "room 'Room 10' is empty");
	rt_session(1, 2, MS_ROOM_LEAVE, 0);
	assert_int_equal(admin("who"), MS_ADMIN_OK);
	assert_string_equal(text, "no players in 2 rooms");
}

static void
test_who_truncates(void **state)
{
	char		nick[32];
	uint32_t	k;

	(void)state;
	for (k = 0; k < 400; k++) {
		snprintf(nick, sizeof(nick), "A rather long nick %u", k);
		rt_join(k % 2, 100 + k, 10, 1000 + k, 0, nick);
	}
	assert_int_equal(admin("who"), MS_ADMIN_OK);
	assert_true(strlen(text) < sizeof(text));
	assert_non_null(strstr(text, " more\n"));
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_setup_teardown(test_kick, setup, teardown),
		cmocka_unit_test_setup_teardown(test_motd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_truncates, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
