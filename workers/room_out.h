/*
 * room_out.h - MS_ROOM_DELIVER batches, both ends.  The room worker
 * appends records to one bounded buffer per destination gateway during
 * a loop iteration and sends each buffer in its flush, cut at record
 * boundaries into messages of at most MS_MSG_MAX bytes.  The gateway
 * walks a received batch with room_deliver_check()/room_deliver_next().
 * Pure code: the actual send is a callback, the clock an argument.
 */
#ifndef MS_ROOM_OUT_H
#define MS_ROOM_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "proto.h"

/* Largest record payload: a whole Myth packet, encrypted, in 15 bits. */
#define ROOM_OUT_PAYLOAD_MAX	(32767 - 8 - 24)
/*
 * Largest MS_ROOM_DELIVER payload (one nng message).  The receiving
 * socket refuses messages over MS_MSG_MAX counting nng's own header
 * (pair1 adds 4 bytes), and refusing one closes the pipe; so stay clear
 * of the limit by ROOM_OUT_SLACK.
 */
#define ROOM_OUT_SLACK		64
#define ROOM_OUT_MSG_MAX	(MS_MSG_MAX - sizeof(struct ms_hdr) - \
				    ROOM_OUT_SLACK)
/*
 * Per-gateway buffer bound (room.deliver_buffer); reaching it sends
 * early, never drops.  Its least value is one message, so that any
 * record fits an empty buffer; until room_out_limit it is the key's
 * default.
 */
#define ROOM_OUT_BUF_FLOOR	MS_MSG_MAX
#define ROOM_OUT_BUF_CEIL	(64 * 1024 * 1024)
#define ROOM_OUT_BUF_DEFAULT	(1024 * 1024)

/*
 * room_send_fn - one message to gateway gw.  Returns 0 or -1 when the
 * link refused it (queue full, no link): the caller counts the loss.
 */
typedef int	room_send_fn(void *arg, uint32_t gw, uint16_t type,
		    uint32_t reqid, const void *payload, size_t len);

struct room_outbuf {
	uint8_t		*buf;
	size_t		 len;		/* bytes of whole records */
	size_t		 cap;		/* allocated; <= buf_max but after
					   a reload lowered it */
	size_t		 rec;		/* open record's offset, or SIZE_MAX */
	uint32_t	 serial;	/* broadcast the open record is for */
};

struct room_out_stats {
	uint64_t	 records;
	uint64_t	 msgs;		/* MS_ROOM_DELIVER sent */
	uint64_t	 early;		/* sends before flush (buffer full) */
	uint64_t	 dropped_msgs;	/* refused by the link */
	uint64_t	 dropped_bytes;
};

struct room_out {
	struct room_outbuf	 gw[MS_CFG_WORKERS_MAX];
	uint32_t		 ngw;
	size_t			 buf_max;	/* per gateway */
	room_send_fn		*send;
	void			*arg;
	/* The broadcast being built: its payload is copied per record. */
	const uint8_t		*pl;
	size_t			 pl_len;
	uint16_t		 pl_type;
	uint32_t		 serial;	/* 0 = none open */
	uint64_t		 now_ms;	/* for the rate-limited log */
	uint64_t		 warned_ms;
	struct room_out_stats	 st;
};

void	room_out_init(struct room_out *, uint32_t ngw, room_send_fn *,
	    void *arg);
void	room_out_fini(struct room_out *);
/*
 * room_out_limit - the per-gateway bound in bytes, clamped to
 * [ROOM_OUT_BUF_FLOOR, ROOM_OUT_BUF_CEIL]; at init or on a reload (a
 * bigger buffer is given back once it has been sent).
 */
void	room_out_limit(struct room_out *, size_t bytes);
/*
 * room_out_begin - start a broadcast of one packet (type, payload); the
 * payload must stay valid until the next begin.  -1 if it is too big.
 * room_out_add - one more recipient of it; the sids of one gateway
 * share a record (several if they do not fit one message).
 */
int	room_out_begin(struct room_out *, uint16_t type, const void *,
	    size_t len);
void	room_out_add(struct room_out *, uint32_t gw, uint32_t sid);
/* room_out_end - the broadcast is complete; adds are ignored until begin. */
void	room_out_end(struct room_out *);
/* room_out_one - begin + add: one packet for one session. */
int	room_out_one(struct room_out *, uint32_t gw, uint32_t sid,
	    uint16_t type, const void *, size_t len);
/* room_out_flush - send every non-empty buffer; now_ms for the log. */
void	room_out_flush(struct room_out *, uint64_t now_ms);
/* room_out_discard - forget what is batched for gw (it restarted). */
void	room_out_discard(struct room_out *, uint32_t gw);
size_t	room_out_pending(const struct room_out *, uint32_t gw);

/* --- the receiving side (gateway) --- */

struct room_deliver {
	uint16_t	 type;		/* wire packet type */
	uint16_t	 nsids;
	uint32_t	 len;
	const uint8_t	*payload;	/* len bytes, no packet header */
	const uint8_t	*sids;		/* nsids host-order uint32_t */
};

struct room_deliver_iter {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
};

/* room_deliver_check - 0 if the whole batch is well formed, else -1. */
int	room_deliver_check(const void *payload, size_t len);
void	room_deliver_iter_init(struct room_deliver_iter *, const void *,
	    size_t len);
/* room_deliver_next - 1 with the next record in d, 0 at the end, -1 bad. */
int	room_deliver_next(struct room_deliver_iter *, struct room_deliver *);
uint32_t room_deliver_sid(const struct room_deliver *, size_t i);

#endif /* MS_ROOM_OUT_H */
