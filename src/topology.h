/*
 * topology.h - the static table of worker-to-worker links.  The table is
 * a pure function of room_workers and gateway_workers, so every process
 * that parses the same config computes the same links, numbers and URLs.
 * The downstream side of a link listens and the upstream side dials:
 * store <- game <- room <- gateway, plus gateway -> game and -> store.
 */
#ifndef MS_TOPOLOGY_H
#define MS_TOPOLOGY_H

#include <stddef.h>
#include <stdint.h>

struct ms_config;

#define MS_TOPO_URL_MAX		320
/* 1 + R + G * (R + 2) with R, G <= MS_CFG_WORKERS_MAX (16) */
#define MS_TOPO_LINKS_MAX	(1 + 16 + 16 * (16 + 2))

struct ms_topo_link {
	uint32_t	num;		/* table position = tcp port offset */
	uint32_t	lrole;		/* listener (downstream) */
	uint32_t	lindex;
	uint32_t	drole;		/* dialer (upstream) */
	uint32_t	dindex;
};

/*
 * ms_topo_build - fill links[] (cap entries) in table order: game->store,
 * room j->game, then per gateway i: ->room j for every j, ->game,
 * ->store.  Returns the number of links, or -1 if cap is too small or
 * the worker counts are out of range.
 */
int	ms_topo_build(const struct ms_config *, struct ms_topo_link *links,
	    size_t cap);
/*
 * ms_topo_url - the URL of a link: ipc://<rundir>/<l>-<i>.<d>-<j>.sock
 * or tcp://<ipc_tcp_address>:<ipc_tcp_base_port + num>.  Returns 0, or
 * -1 if it does not fit (an AF_UNIX path is limited to 107 bytes, a
 * port to 65535) or the transport is unknown.
 */
int	ms_topo_url(const struct ms_config *, const struct ms_topo_link *,
	    char *buf, size_t len);
/* ms_topo_involves - 1 if role/index is one end of the link. */
int	ms_topo_involves(const struct ms_topo_link *, uint32_t role,
	    uint32_t index);

#endif /* MS_TOPOLOGY_H */
