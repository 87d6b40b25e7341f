/*
 * gw_deliver.c - traffic from the rooms to clients.  MS_ROOM_DELIVER is
 * a batch of records (struct ms_deliver_rec, payload padded to 4, then
 * the recipients' sids); each payload is framed (and for Myth clients
 * encrypted) once per recipient into its output, which leaves in the
 * flush.  Recipients that are already gone are skipped.  Player lists
 * also update the roster of the room they went to (gw_roster.c).
 * MS_GW_KICK ends a session with a message.  A malformed batch is
 * logged and dropped whole before anything of it is delivered.
 */
#include <string.h>

#include "gw.h"
#include "log.h"
#include "worker.h"

#define GW_DELIVER_MAX	(MW_IN_MAX_CEILING - MW_HEADER_SIZE - MC_OVERHEAD)

struct gw_rec {
	uint16_t	 type;
	uint16_t	 nsids;
	uint32_t	 len;
	const uint8_t	*payload;
	const uint8_t	*sids;		/* nsids x uint32_t, maybe unaligned */
};

static int	gw_rec_next(const uint8_t *, size_t, size_t *,
		    struct gw_rec *);
static int	gw_deliver_check(const uint8_t *, size_t);
static void	gw_deliver_rec(const struct gw_rec *);
static struct gw_conn *gw_rec_member(const struct gw_rec *, uint16_t);

/* gw_rec_next - the record at *off; 1, 0 at the end, -1 if malformed. */
static int
gw_rec_next(const uint8_t *p, size_t len, size_t *off, struct gw_rec *r)
{
	struct ms_deliver_rec	h;
	size_t			padded, need;

	if (*off == len)
		return 0;
	if (len - *off < sizeof(h))
		return -1;
	memcpy(&h, p + *off, sizeof(h));
	if (h.len > GW_DELIVER_MAX)
		return -1;
	padded = ((size_t)h.len + 3) & ~(size_t)3;
	need = sizeof(h) + padded + (size_t)h.nsids * sizeof(uint32_t);
	if (len - *off < need)
		return -1;
	r->type = h.type;
	r->nsids = h.nsids;
	r->len = h.len;
	r->payload = p + *off + sizeof(h);
	r->sids = r->payload + padded;
	*off += need;
	return 1;
}

static int
gw_deliver_check(const uint8_t *p, size_t len)
{
	struct gw_rec	r;
	size_t		off = 0;
	int		rv;

	while ((rv = gw_rec_next(p, len, &off, &r)) == 1)
		;
	return rv;
}

void
gw_deliver(struct wrk_link *l, const uint8_t *p, size_t len)
{
	struct gw_rec	r;
	size_t		off = 0;

	if (gw_deliver_check(p, len) == -1) {
		log_warnx("malformed MS_ROOM_DELIVER (%zu bytes) from %s "
		    "dropped", len, wrk_link_name(l));
		return;
	}
	while (gw_rec_next(p, len, &off, &r) == 1)
		gw_deliver_rec(&r);
}

/* gw_rec_member - recipient i if it is (still) one of ours in a room. */
static struct gw_conn *
gw_rec_member(const struct gw_rec *r, uint16_t i)
{
	struct gw_conn	*c;
	uint32_t	 sid;

	memcpy(&sid, r->sids + (size_t)i * sizeof(sid), sizeof(sid));
	if ((c = gw_conn_by_sid(sid)) == NULL || !c->in_room || c->dead)
		return NULL;
	return c;
}

static void
gw_deliver_rec(const struct gw_rec *r)
{
	struct gw_conn	*c;
	int		 rostered = r->type != MW_T_PLAYER_LIST;
	uint16_t	 i;

	for (i = 0; i < r->nsids; i++) {
		if ((c = gw_rec_member(r, i)) == NULL)
			continue;
		if (!rostered) {
			gw_roster_apply(c->slot, r->payload, r->len);
			rostered = 1;
		}
		gw_send_raw(c, r->type, r->payload, r->len);
	}
}

void
gw_kick(const struct ms_gw_kick *k)
{
	struct gw_conn	*c;
	char		 text[MS_TEXT_MAX];

	if ((c = gw_conn_by_sid(k->sid)) == NULL || c->dead)
		return;
	memcpy(text, k->text, sizeof(text));
	text[sizeof(text) - 1] = '\0';
	log_info("client %u: user %u kicked (code %d: %s)", c->sid,
	    c->user_id, k->code, text);
	if (k->code >= 0)
		gw_send_message(c, k->code, text);
	else
		gw_send_text(c, MW_T_YOU_JUST_GOT_BLAMMED_SUCKA, text);
	gw_conn_close_after(c);
}
