/*
 * room_recover.c - rebuilding after a restart and what each loop turn
 * sends last.  A fresh room worker takes the gateways' replayed joins
 * silently, then, once every gateway said REPLAY_DONE or ROOM_RECOVER_MS
 * after the first gateway showed up, sends each gateway the roster of
 * every room (MS_ROOM_ROSTER, cut into parts flagged MS_ROSTER_MORE)
 * and every count.  The flush order is fixed: delivery batches, then
 * chat acks, rosters and counts, so that neither an ack nor a roster
 * overtakes what it stands for.
 */
#include <string.h>

#include "log.h"
#include "room.h"

static uint32_t	room_gw_all(const struct room_ctx *);
static void	room_recover_roster(struct room_ctx *, const char *);
static void	room_roster_room(struct room_ctx *, const struct room_room *,
		    uint32_t);
static void	room_rosters_send(struct room_ctx *);
static void	room_counts_send(struct room_ctx *);
static void	room_counts_to(struct room_ctx *, uint32_t,
		    const struct ms_room_count *, size_t);

static uint32_t
room_gw_all(const struct room_ctx *ctx)
{
	return ctx->ngw >= 32 ? UINT32_MAX : (1u << ctx->ngw) - 1;
}

void
room_recover_gateway_seen(struct room_ctx *ctx, uint64_t now_ms)
{
	if (ctx->rec.first_up_ms == 0)
		ctx->rec.first_up_ms = now_ms != 0 ? now_ms : 1;
}

static void
room_recover_roster(struct room_ctx *ctx, const char *why)
{
	log_info("room: %u players rebuilt; sending rosters (%s)",
	    ctx->nmembers, why);
	ctx->rec.roster_sent = 1;
	ctx->rec.roster_mask = room_gw_all(ctx);
}

/*
 * A gateway that replays after the rosters went out (it came up late,
 * or it was asked to resync) changed what every gateway should show:
 * everyone gets the rosters again and diffs.
 */
void
room_recover_replay_done(struct room_ctx *ctx, uint32_t gw)
{
	uint32_t	i;

	if (gw >= ctx->ngw)
		return;
	ctx->rec.done[gw] = 1;
	if (ctx->rec.roster_sent) {
		ctx->rec.roster_mask = room_gw_all(ctx);
		return;
	}
	for (i = 0; i < ctx->ngw; i++)
		if (!ctx->rec.done[i])
			return;
	room_recover_roster(ctx, "every gateway replayed");
}

int64_t
room_recover_tick(struct room_ctx *ctx, uint64_t now_ms)
{
	uint64_t	due;

	if (ctx->rec.roster_sent)
		return -1;
	if (ctx->rec.first_up_ms == 0)
		return ROOM_LINK_POLL_MS;
	due = ctx->rec.first_up_ms + ROOM_RECOVER_MS;
	if (now_ms < due)
		return (int64_t)(due - now_ms);
	room_recover_roster(ctx, "deadline");
	return -1;
}

/* The gateway saw a gap in what we sent: show it everything again. */
void
room_recover_resync(struct room_ctx *ctx, uint32_t gw)
{
	if (gw >= ctx->ngw)
		return;
	ctx->rec.roster_mask |= 1u << gw;
	ctx->rec.counts_mask |= 1u << gw;
}

/* room_roster_room - r's roster, in parts, to every gateway in mask. */
static void
room_roster_room(struct room_ctx *ctx, const struct room_room *r,
    uint32_t mask)
{
	struct ms_room_roster	hdr;
	size_t			next = 0, before, len;
	uint32_t		gw;

	do {
		before = next;
		len = room_roster(r, &next, ctx->pkt, sizeof(ctx->pkt));
		if (next == before && next < r->n)
			next++;		/* unencodable entry: skip it */
		hdr.room_id = r->id | (next < r->n ? MS_ROSTER_MORE : 0);
		hdr.len = (uint32_t)len;
		memcpy(ctx->pkt, &hdr, sizeof(hdr));
		for (gw = 0; gw < ctx->ngw; gw++)
			if ((mask & (1u << gw)) && ctx->out.send(ctx->out.arg,
			    gw, MS_ROOM_ROSTER, 0, ctx->pkt, sizeof(hdr) +
			    len) == -1)
				log_warnx("room: roster of room %u to "
				    "gateway[%u] lost", r->id, gw);
	} while (next < r->n);
}

static void
room_rosters_send(struct room_ctx *ctx)
{
	uint32_t	mask = ctx->rec.roster_mask;
	size_t		i;

	ctx->rec.roster_mask = 0;
	ctx->rec.counts_mask |= mask;
	for (i = 0; i < MS_CFG_ROOMS_MAX; i++)
		if (ctx->rooms[i].live)
			room_roster_room(ctx, &ctx->rooms[i], mask);
}

static void
room_counts_to(struct room_ctx *ctx, uint32_t gw,
    const struct ms_room_count *v, size_t n)
{
	if (n > 0 && ctx->out.send(ctx->out.arg, gw, MS_ROOM_COUNTS, 0, v,
	    n * sizeof(*v)) == -1)
		log_debug("room: counts to gateway[%u] lost", gw);
}

/* One MS_ROOM_COUNTS per gateway per turn: the changed rooms, or all. */
static void
room_counts_send(struct room_ctx *ctx)
{
	struct ms_room_count	 dirty[MS_CFG_ROOMS_MAX], all[MS_CFG_ROOMS_MAX];
	struct ms_room_count	*c;
	struct room_room	*r;
	size_t			 i, nd = 0, na = 0;
	uint32_t		 gw;

	for (i = 0; i < MS_CFG_ROOMS_MAX; i++) {
		r = &ctx->rooms[i];
		if (!r->live || (!r->counts_dirty && ctx->rec.counts_mask == 0))
			continue;
		c = &all[na++];
		c->room_id = r->id;
		c->players = r->n > UINT16_MAX ? UINT16_MAX : (uint16_t)r->n;
		c->games = 0;
		if (r->counts_dirty)
			dirty[nd++] = *c;
		r->counts_dirty = 0;
	}
	for (gw = 0; gw < ctx->ngw; gw++) {
		if (ctx->rec.counts_mask & (1u << gw))
			room_counts_to(ctx, gw, all, na);
		else
			room_counts_to(ctx, gw, dirty, nd);
	}
	ctx->rec.counts_mask = 0;
}

/* room_flush - what the turn batched; ms until acks are owed, or -1 */
int64_t
room_flush(struct room_ctx *ctx, uint64_t now_ms)
{
	int64_t	due;

	room_out_flush(&ctx->out, now_ms);
	due = room_chat_acks(ctx, now_ms);
	if (ctx->rec.roster_mask != 0)
		room_rosters_send(ctx);
	if (ctx->rec.roster_sent)	/* replayed counts are partial */
		room_counts_send(ctx);
	return due;
}
