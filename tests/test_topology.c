/*
 * test_topology.c - the static link table: order, numbering, who
 * listens and who dials, and the URL of every link for both transports,
 * including the limits (AF_UNIX path length, port range).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "proto.h"
#include "topology.h"

static struct ms_config	cfg;

static int
setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.room_workers = 2;
	cfg.gateway_workers = 2;
	strcpy(cfg.rundir, "/run/mythmeta");
	strcpy(cfg.ipc_transport, "ipc");
	strcpy(cfg.ipc_tcp_address, "127.0.0.1");
	cfg.ipc_tcp_base_port = 6400;
	return 0;
}

static void
test_table_order(void **state)
{
	static const uint32_t	want[][4] = {
		{ MS_ROLE_STORE, 0, MS_ROLE_GAME, 0 },
		{ MS_ROLE_GAME, 0, MS_ROLE_ROOM, 0 },
		{ MS_ROLE_GAME, 0, MS_ROLE_ROOM, 1 },
		{ MS_ROLE_ROOM, 0, MS_ROLE_GATEWAY, 0 },
		{ MS_ROLE_ROOM, 1, MS_ROLE_GATEWAY, 0 },
		{ MS_ROLE_GAME, 0, MS_ROLE_GATEWAY, 0 },
		{ MS_ROLE_STORE, 0, MS_ROLE_GATEWAY, 0 },
		{ MS_ROLE_ROOM, 0, MS_ROLE_GATEWAY, 1 },
		{ MS_ROLE_ROOM, 1, MS_ROLE_GATEWAY, 1 },
		{ MS_ROLE_GAME, 0, MS_ROLE_GATEWAY, 1 },
		{ MS_ROLE_STORE, 0, MS_ROLE_GATEWAY, 1 },
	};
	struct ms_topo_link	links[MS_TOPO_LINKS_MAX];
	int			n, i;

	(void)state;
	n = ms_topo_build(&cfg, links, MS_TOPO_LINKS_MAX);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n; i++) {
		assert_int_equal(links[i].num, i);
		assert_int_equal(links[i].lrole, want[i][0]);
		assert_int_equal(links[i].lindex, want[i][1]);
		assert_int_equal(links[i].drole, want[i][2]);
		assert_int_equal(links[i].dindex, want[i][3]);
	}
}

static void
test_table_counts(void **state)
{
	struct ms_topo_link	links[MS_TOPO_LINKS_MAX];
	uint32_t		r, g;

	(void)state;
	for (r = 1; r <= MS_CFG_WORKERS_MAX; r++) {
		for (g = 1; g <= MS_CFG_WORKERS_MAX; g++) {
			cfg.room_workers = r;
			cfg.gateway_workers = g;
			assert_int_equal(ms_topo_build(&cfg, links,
			    MS_TOPO_LINKS_MAX), 1 + r + g * (r + 2));
		}
	}
}

static void
test_table_limits(void **state)
{
	struct ms_topo_link	links[4];

	(void)state;
	assert_int_equal(ms_topo_build(&cfg, links, 4), -1);
	cfg.room_workers = 0;
	assert_int_equal(ms_topo_build(&cfg, links, 4), -1);
	cfg.room_workers = MS_CFG_WORKERS_MAX + 1;
	assert_int_equal(ms_topo_build(&cfg, links, 4), -1);
}

/* Every worker must find each of its peers exactly once. */
static void
test_involves(void **state)
{
	struct ms_topo_link	links[MS_TOPO_LINKS_MAX];
	int			n, i, store = 0, gw1 = 0, room0 = 0;

	(void)state;
	n = ms_topo_build(&cfg, links, MS_TOPO_LINKS_MAX);
	for (i = 0; i < n; i++) {
		store += ms_topo_involves(&links[i], MS_ROLE_STORE, 0);
		gw1 += ms_topo_involves(&links[i], MS_ROLE_GATEWAY, 1);
		room0 += ms_topo_involves(&links[i], MS_ROLE_ROOM, 0);
	}
	assert_int_equal(store, 1 + 2);		/* game + 2 gateways */
	assert_int_equal(gw1, 2 + 2);		/* 2 rooms, game, store */
	assert_int_equal(room0, 1 + 2);		/* game + 2 gateways */
}

static void
test_url_ipc(void **state)
{
	struct ms_topo_link	links[MS_TOPO_LINKS_MAX];
	char			url[MS_TOPO_URL_MAX];

	(void)state;
	ms_topo_build(&cfg, links, MS_TOPO_LINKS_MAX);
	assert_int_equal(ms_topo_url(&cfg, &links[0], url, sizeof(url)), 0);
	assert_string_equal(url, "ipc:///run/mythmeta/store-0.game-0.sock");
	assert_int_equal(ms_topo_url(&cfg, &links[3], url, sizeof(url)), 0);
	assert_string_equal(url,
	    "ipc:///run/mythmeta/room-0.gateway-0.sock");
	assert_int_equal(ms_topo_url(&cfg, &links[10], url, sizeof(url)), 0);
	assert_string_equal(url,
	    "ipc:///run/mythmeta/store-0.gateway-1.sock");
}

static void
test_url_tcp(void **state)
{
	struct ms_topo_link	links[MS_TOPO_LINKS_MAX];
	char			url[MS_TOPO_URL_MAX];

	(void)state;
	strcpy(cfg.ipc_transport, "tcp");
	ms_topo_build(&cfg, links, MS_TOPO_LINKS_MAX);
	assert_int_equal(ms_topo_url(&cfg, &links[0], url, sizeof(url)), 0);
	assert_string_equal(url, "tcp://127.0.0.1:6400");
	assert_int_equal(ms_topo_url(&cfg, &links[7], url, sizeof(url)), 0);
	assert_string_equal(url, "tcp://127.0.0.1:6407");
	strcpy(cfg.ipc_tcp_address, "::1");
	assert_int_equal(ms_topo_url(&cfg, &links[1], url, sizeof(url)), 0);
	assert_string_equal(url, "tcp://[::1]:6401");
}

static void
test_url_limits(void **state)
{
	struct ms_topo_link	links[MS_TOPO_LINKS_MAX];
	char			url[MS_TOPO_URL_MAX], small[16];

	(void)state;
	ms_topo_build(&cfg, links, MS_TOPO_LINKS_MAX);
	assert_int_equal(ms_topo_url(&cfg, &links[0], small, sizeof(small)),
	    -1);
	memset(cfg.rundir, 'x', 100);
	cfg.rundir[0] = '/';
	cfg.rundir[100] = '\0';
	assert_int_equal(ms_topo_url(&cfg, &links[0], url, sizeof(url)), -1);
	strcpy(cfg.ipc_transport, "tcp");
	cfg.ipc_tcp_base_port = 65530;
	assert_int_equal(ms_topo_url(&cfg, &links[5], url, sizeof(url)), 0);
	assert_string_equal(url, "tcp://127.0.0.1:65535");
	assert_int_equal(ms_topo_url(&cfg, &links[6], url, sizeof(url)), -1);
	strcpy(cfg.ipc_transport, "udp");
	assert_int_equal(ms_topo_url(&cfg, &links[0], url, sizeof(url)), -1);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_setup(test_table_order, setup),
		cmocka_unit_test_setup(test_table_counts, setup),
		cmocka_unit_test_setup(test_table_limits, setup),
		cmocka_unit_test_setup(test_involves, setup),
		cmocka_unit_test_setup(test_url_ipc, setup),
		cmocka_unit_test_setup(test_url_tcp, setup),
		cmocka_unit_test_setup(test_url_limits, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
