/*
 * gw_deliver.c - traffic from the rooms to clients.  MS_ROOM_DELIVER is
 * a batch of records, walked with the room worker's own decoder
 * (room_out.h); each payload is framed (and for Myth clients encrypted)
 * once per recipient into its output, which leaves in the flush.
 * Recipients that are already gone are skipped.  Player lists also
 * update the roster of the room they went to (gw_roster.c).  A game list
 * from a room worker is the empty one it sends a newcomer: each
 * recipient gets the room's whole list from gw_game_list.c instead.
 * MS_GW_KICK ends a session with a message.  A malformed batch is logged
 * and dropped whole before anything of it is delivered.
 */
#include <string.h>

#include "gw.h"
#include "log.h"
#include "room_out.h"
#include "worker.h"

static void	gw_deliver_rec(const struct room_deliver *);
static struct gw_conn *gw_rec_member(const struct room_deliver *, size_t);

void
gw_deliver(struct wrk_link *l, const uint8_t *p, size_t len)
{
	struct room_deliver_iter	it;
	struct room_deliver		d;

	if (room_deliver_check(p, len) == -1) {
		log_warnx("malformed MS_ROOM_DELIVER (%zu bytes) from %s "
		    "dropped", len, wrk_link_name(l));
		return;
	}
	room_deliver_iter_init(&it, p, len);
	while (room_deliver_next(&it, &d) == 1)
		gw_deliver_rec(&d);
}

/* gw_rec_member - recipient i if it is (still) one of ours in a room. */
static struct gw_conn *
gw_rec_member(const struct room_deliver *d, size_t i)
{
	struct gw_conn	*c;

	if ((c = gw_conn_by_sid(room_deliver_sid(d, i))) == NULL ||
	    !c->in_room || c->dead)
		return NULL;
	return c;
}

static void
gw_deliver_rec(const struct room_deliver *d)
{
	struct gw_conn	*c;
	int		 rostered = d->type != MW_T_PLAYER_LIST;
	size_t		 i;

	for (i = 0; i < d->nsids; i++) {
		if ((c = gw_rec_member(d, i)) == NULL)
			continue;
		if (d->type == MW_T_GAME_LIST) {
			gw_game_full(c);
			continue;
		}
		if (!rostered) {
			gw_roster_apply(c->slot, d->payload, d->len);
			rostered = 1;
		}
		gw_send_raw(c, d->type, d->payload, d->len);
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
