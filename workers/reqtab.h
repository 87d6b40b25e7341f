/*
 * reqtab.h - a bounded table of requests this worker forwarded or
 * started and is waiting on.  reqid = generation << 16 | slot, so a
 * reply finds its entry in O(1) and a stale reply (slot reused) finds
 * nothing.  Pure data structure: no clock, no I/O, no loop.
 */
#ifndef MS_REQTAB_H
#define MS_REQTAB_H

#include <stdint.h>

#include "proto.h"

#define WRK_REQ_CAP_MAX	65535	/* slots must fit in 16 bits */

struct wrk_link;
struct wrk_reqtab;

struct wrk_req {
	uint32_t	 reqid;		/* ours, never 0; 0 = free slot */
	uint64_t	 deadline_ms;
	struct wrk_link	*up;		/* who asked; NULL if started here */
	uint32_t	 up_reqid;	/* their reqid, echoed in the reply */
	struct wrk_link	*down;		/* sent there; replies only from it */
	void		*ctx;		/* originator's context */
	uint32_t	 ctx_slot;
	struct ms_ping	 ping;		/* as forwarded: the partial answer */
};

struct wrk_reqtab *wrk_req_new(uint32_t cap);
void		 wrk_req_free(struct wrk_reqtab *);
/* wrk_req_add - a zeroed entry with its reqid set, or NULL when full. */
struct wrk_req	*wrk_req_add(struct wrk_reqtab *, uint64_t deadline_ms);
struct wrk_req	*wrk_req_find(struct wrk_reqtab *, uint32_t reqid);
void		 wrk_req_del(struct wrk_reqtab *, struct wrk_req *);
uint32_t	 wrk_req_count(const struct wrk_reqtab *);
uint32_t	 wrk_req_cap(const struct wrk_reqtab *);
/* wrk_req_at - slot i if in use (for scans), else NULL. */
struct wrk_req	*wrk_req_at(struct wrk_reqtab *, uint32_t i);
/*
 * wrk_req_expire - remove every entry whose deadline is <= now and hand
 * a copy of it to cb (which may add entries).  Returns ms until the
 * next deadline, or -1 when the table is empty.
 */
int64_t		 wrk_req_expire(struct wrk_reqtab *, uint64_t now_ms,
		    void (*cb)(const struct wrk_req *, void *), void *arg);

#endif /* MS_REQTAB_H */
