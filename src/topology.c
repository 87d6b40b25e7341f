/*
 * topology.c - the static link table and the URL of each link.  Link
 * numbers are table positions and double as tcp port offsets, so the
 * order below is part of the contract: append new kinds of links at the
 * end of a gateway's block or after it, never in between.
 */
#include <sys/un.h>

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "proto.h"
#include "topology.h"

static int	topo_add(struct ms_topo_link *, size_t, size_t *, uint32_t,
		    uint32_t, uint32_t, uint32_t);
static int	topo_ipc_url(const struct ms_config *,
		    const struct ms_topo_link *, char *, size_t);
static int	topo_tcp_url(const struct ms_config *,
		    const struct ms_topo_link *, char *, size_t);

static int
topo_add(struct ms_topo_link *links, size_t cap, size_t *n, uint32_t lrole,
    uint32_t lindex, uint32_t drole, uint32_t dindex)
{
	if (*n >= cap)
		return -1;
	links[*n].num = (uint32_t)*n;
	links[*n].lrole = lrole;
	links[*n].lindex = lindex;
	links[*n].drole = drole;
	links[*n].dindex = dindex;
	(*n)++;
	return 0;
}

int
ms_topo_build(const struct ms_config *cfg, struct ms_topo_link *links,
    size_t cap)
{
	size_t		n = 0;
	uint32_t	i, j, R = cfg->room_workers, G = cfg->gateway_workers;
	int		rv = 0;

	if (R < 1 || G < 1 || R > MS_CFG_WORKERS_MAX ||
	    G > MS_CFG_WORKERS_MAX)
		return -1;
	rv |= topo_add(links, cap, &n, MS_ROLE_STORE, 0, MS_ROLE_GAME, 0);
	for (j = 0; j < R; j++)
		rv |= topo_add(links, cap, &n, MS_ROLE_GAME, 0,
		    MS_ROLE_ROOM, j);
	for (i = 0; i < G; i++) {
		for (j = 0; j < R; j++)
			rv |= topo_add(links, cap, &n, MS_ROLE_ROOM, j,
			    MS_ROLE_GATEWAY, i);
		rv |= topo_add(links, cap, &n, MS_ROLE_GAME, 0,
		    MS_ROLE_GATEWAY, i);
		rv |= topo_add(links, cap, &n, MS_ROLE_STORE, 0,
		    MS_ROLE_GATEWAY, i);
	}
	return rv == 0 ? (int)n : -1;
}

static int
topo_ipc_url(const struct ms_config *cfg, const struct ms_topo_link *l,
    char *buf, size_t len)
{
	struct sockaddr_un	sun;
	int			n;

	n = snprintf(buf, len, "ipc://%s/%s-%u.%s-%u.sock", cfg->rundir,
	    ms_role_name(l->lrole), l->lindex, ms_role_name(l->drole),
	    l->dindex);
	if (n < 0 || (size_t)n >= len)
		return -1;
	/* nng would only fail later, at listen time, with a vaguer error. */
	if (strlen(buf) - strlen("ipc://") >= sizeof(sun.sun_path))
		return -1;
	return cfg->rundir[0] == '\0' ? -1 : 0;
}

static int
topo_tcp_url(const struct ms_config *cfg, const struct ms_topo_link *l,
    char *buf, size_t len)
{
	uint32_t	port = cfg->ipc_tcp_base_port + l->num;
	int		n;

	if (port > 65535 || port < cfg->ipc_tcp_base_port ||
	    cfg->ipc_tcp_address[0] == '\0')
		return -1;
	if (strchr(cfg->ipc_tcp_address, ':') != NULL)
		n = snprintf(buf, len, "tcp://[%s]:%u", cfg->ipc_tcp_address,
		    port);
	else
		n = snprintf(buf, len, "tcp://%s:%u", cfg->ipc_tcp_address,
		    port);
	return (n < 0 || (size_t)n >= len) ? -1 : 0;
}

int
ms_topo_url(const struct ms_config *cfg, const struct ms_topo_link *l,
    char *buf, size_t len)
{
	if (strcmp(cfg->ipc_transport, "ipc") == 0)
		return topo_ipc_url(cfg, l, buf, len);
	if (strcmp(cfg->ipc_transport, "tcp") == 0)
		return topo_tcp_url(cfg, l, buf, len);
	return -1;
}

int
ms_topo_involves(const struct ms_topo_link *l, uint32_t role,
    uint32_t index)
{
	return (l->lrole == role && l->lindex == index) ||
	    (l->drole == role && l->dindex == index);
}
