/*
 * gw.h - shared between the gateway's files: health probes (a routed
 * ping through every room worker at once), counters, the HTTP server.
 * A probe belongs to whoever started it until its done callback has
 * run; gw_probe_cancel() hands it back to gw_probe.c, which frees it
 * when its pings resolve.
 */
#ifndef MS_GW_H
#define MS_GW_H

#include <stdint.h>

#include "config.h"
#include "proto.h"

struct wrk_link;
struct gw_probe;

typedef void	gw_probe_done_fn(const struct gw_probe *, void *arg);

struct gw_path {
	struct ms_ping	ping;		/* as answered, or as sent */
	uint32_t	room;		/* room worker index */
	int		ok;		/* reached the store and came back */
	int		done;
	uint64_t	rtt_us;
};

struct gw_probe {
	uint32_t	 npaths;
	uint32_t	 pending;
	uint32_t	 nok;
	uint64_t	 start_us;
	uint64_t	 rtt_us;	/* until the last path resolved */
	struct gw_path	 paths[MS_CFG_WORKERS_MAX];
	gw_probe_done_fn *done;		/* NULL once cancelled */
	void		*arg;
	struct gw_probe	*next;		/* gw_probe.c's list of live probes */
};

struct gw_stats {
	uint64_t	pings_sent;
	uint64_t	pings_ok;
	uint64_t	pings_failed;
	uint64_t	probes_refused;	/* too many probes at once */
	uint64_t	http_requests;
	uint32_t	http_clients;
};

extern struct gw_stats	gw_stats;

/* gw_probe.c */
int		 gw_probe_init(uint32_t cap);
void		 gw_probe_fini(void);
/* gw_probe_start - ping every room; done runs later, never inside. */
struct gw_probe	*gw_probe_start(gw_probe_done_fn *, void *arg);
void		 gw_probe_cancel(struct gw_probe *);
void		 gw_probe_pong(struct wrk_link *, const struct ms_hdr *,
		    const void *);
void		 gw_probe_link_reset(struct wrk_link *);
int64_t		 gw_probe_tick(uint64_t now_ms);

/* gw_http.c */
int		 gw_http_init(int fd);
void		 gw_http_fini(void);

#endif /* MS_GW_H */
