/*
 * it_games_rec.c - the games tests' recorder: a callback put in front
 * of the players harness's one (mcl_set_event_fn) on every room
 * connection, which keeps what the games issue adds - the game list
 * maintained from packet 2 entries with a log of every entry, blue
 * lines, room lists seen in a room, the last answer of each player
 * service - and then passes the event on, so the harness keeps its own
 * records (player list, codes, chat, closes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it_games.h"

static struct itg_rec	*recs[ITP_CLIENTS_MAX];
static size_t		 nrecs;

static void	rec_event(void *, const struct mcl_event *);

static void
copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

/* itg_rec - the recorder of c, made on first use */
struct itg_rec *
itg_rec(struct itp_client *c)
{
	struct itg_rec	*r;
	size_t		 i;

	for (i = 0; i < nrecs; i++)
		if (recs[i]->c == c)
			return recs[i];
	if (nrecs == ITP_CLIENTS_MAX || (r = calloc(1, sizeof(*r))) == NULL)
		abort();
	r->c = c;
	recs[nrecs++] = r;
	return r;
}

static const struct itg_rec *
find(const struct itp_client *c)
{
	size_t	i;

	for (i = 0; i < nrecs; i++)
		if (recs[i]->c == c)
			return recs[i];
	return NULL;
}

/* itg_rec_clear - forget what the previous connection received */
void
itg_rec_clear(struct itp_client *c)
{
	struct itg_rec	*r = itg_rec(c);

	memset((char *)r + offsetof(struct itg_rec, games), 0,
	    sizeof(*r) - offsetof(struct itg_rec, games));
}

/*
 * itg_hook - record c's current session from now on.  Called right
 * after the session is made, before the loop runs, so nothing it
 * receives is missed.
 */
void
itg_hook(struct itp_client *c)
{
	struct itg_rec	*r = itg_rec(c);
	mcl_event_fn	*fn;
	void		*arg;

	if (c->s == NULL)
		return;
	itg_rec_clear(c);
	mcl_set_event_fn(c->s, rec_event, r, &fn, &arg);
	if (fn != rec_event) {
		r->next_fn = fn;
		r->next_arg = arg;
	}
}

void
itg_rec_free_all(void)
{
	size_t	i;

	for (i = 0; i < nrecs; i++)
		free(recs[i]);
	nrecs = 0;
}

/* ---- packet 2 ---- */

static size_t
game_find(const struct itg_rec *r, int32_t id)
{
	size_t	i;

	for (i = 0; i < r->ngames; i++)
		if (r->games[i].game_id == id)
			return i;
	return SIZE_MAX;
}

static void
bad(struct itg_rec *r, const char *what, int32_t id)
{
	if (r->bad_list++ == 0)
		snprintf(r->bad_why, sizeof(r->bad_why), "%s for game %d",
		    what, id);
}

static void
game_set(struct itg_game *g, const struct mw_game_entry *e)
{
	struct mw_game_desc	d;

	g->game_id = e->aux.game_id;
	g->host = e->aux.host;
	g->port = e->aux.port;
	g->seconds = e->aux.seconds_remaining;
	g->creator = e->aux.creating_player_id;
	g->data_len = e->data_len <= sizeof(g->data) ? e->data_len :
	    sizeof(g->data);
	memcpy(g->data, e->data, g->data_len);
	if (mw_decode_game_data(e->data, e->data_len, &d) == MW_OK) {
		g->seed = d.random_seed;
		copy(g->name, sizeof(g->name), d.game_name);
	} else {
		g->seed = 0;
		g->name[0] = '\0';
	}
}

static void
game_apply(struct itg_rec *r, const struct mw_game_entry *e)
{
	size_t	i = game_find(r, e->aux.game_id);

	if (e->aux.verb == MW_VERB_DELETE) {
		if (i == SIZE_MAX)
			bad(r, "delete", e->aux.game_id);
		else
			r->games[i] = r->games[--r->ngames];
		return;
	}
	if (i == SIZE_MAX && e->aux.verb == MW_VERB_CHANGE)
		bad(r, "change before add", e->aux.game_id);
	if (i == SIZE_MAX) {
		if (r->ngames == ITG_GAMES_MAX)
			return;
		i = r->ngames++;
	}
	game_set(&r->games[i], e);
}

static void
log_entry(struct itg_rec *r, const struct mw_game_entry *e)
{
	struct itg_entry	*l;
	size_t			 i;

	if (r->nlog == ITG_LOG_MAX)
		return;
	l = &r->log[r->nlog++];
	l->verb = e->aux.verb;
	l->game_id = e->aux.game_id;
	l->seconds = e->aux.seconds_remaining;
	l->packet = r->npackets2;
	i = game_find(r, e->aux.game_id);
	l->seed = i != SIZE_MAX ? r->games[i].seed : 0;
}

static void
rec_games(struct itg_rec *r, const struct mcl_event *ev)
{
	struct mw_iter		it = ev->u.list;
	struct mw_game_entry	e;
	size_t			n;

	r->npackets2++;
	for (n = 0; n <= ev->u.list.count; n++) {
		if (mw_game_list_next(&it, &e) != 1)
			break;
		game_apply(r, &e);
		log_entry(r, &e);
	}
}

/* ---- answers ---- */

static void
rec_pref(struct itg_rec *r, const struct mcl_event *ev)
{
	struct mw_iter		it = ev->u.list;
	struct mw_game_entry	e;
	struct mw_game_desc	d;
	struct itg_found	*f;

	r->n13++;
	r->found_type = MW_T_GAME_LIST_PREF;
	r->nfound = 0;
	while (r->nfound < ITG_FOUND_MAX && mw_game_list_next(&it, &e) == 1) {
		f = &r->found[r->nfound++];
		f->id = e.aux.game_id;
		f->room_id = -1;
		if (mw_decode_game_data(e.data, e.data_len, &d) == MW_OK)
			copy(f->name, sizeof(f->name), d.game_name);
		else
			f->name[0] = '\0';
	}
}

static void
rec_search(struct itg_rec *r, const struct mcl_event *ev)
{
	struct mw_iter		it = ev->u.list;
	struct mw_search_entry	e;
	struct itg_found	*f;

	if (ev->packet == MW_T_PLAYER_SEARCH_LIST)
		r->n14++;
	else if (ev->packet == MW_T_BUDDY_LIST)
		r->n15++;
	else
		r->n16++;
	r->found_type = ev->packet;
	r->nfound = 0;
	while (r->nfound < ITG_FOUND_MAX && mw_search_list_next(&it, &e) ==
	    1) {
		f = &r->found[r->nfound++];
		f->id = (int32_t)e.aux.player_id;
		f->room_id = e.room_id;
		copy(f->name, sizeof(f->name), e.data.nick);
	}
}

static void
rec_members(struct itg_rec *r, const struct mcl_event *ev)
{
	struct mw_iter	it = ev->u.list;

	r->n20++;
	r->nmembers = 0;
	while (r->nmembers < ITG_FOUND_MAX &&
	    mw_order_member_next(&it, &r->members[r->nmembers]) == 1)
		r->nmembers++;
}

static void
rec_rooms(struct itg_rec *r, const struct mcl_event *ev)
{
	struct mw_iter	it = ev->u.list;

	r->nroomlists++;
	for (r->nrooms = 0; r->nrooms < ITP_ROOMS_MAX; r->nrooms++)
		if (mw_room_list_next(&it, &r->rooms[r->nrooms]) != 1)
			break;
}

static void
rec_info(struct itg_rec *r, const struct mw_player_info *pi)
{
	r->n17++;
	copy(r->info_login, sizeof(r->info_login), pi->login);
	r->info_ranked = pi->ranked;
	r->info_unranked = pi->unranked;
}

static void
rec_event(void *arg, const struct mcl_event *ev)
{
	struct itg_rec	*r = arg;

	switch (ev->type) {
	case MCL_EV_GAME_LIST:
		if (ev->packet == MW_T_GAME_LIST)
			rec_games(r, ev);
		else
			rec_pref(r, ev);
		break;
	case MCL_EV_MOTD:
		if (r->nblue < ITG_BLUE_MAX)
			copy(r->blue[r->nblue++], ITP_TEXT_MAX,
			    ev->u.text.text);
		break;
	case MCL_EV_ROOM_LIST:
		rec_rooms(r, ev);
		break;
	case MCL_EV_SEARCH_LIST:
		rec_search(r, ev);
		break;
	case MCL_EV_PLAYER_INFO:
		rec_info(r, ev->u.info);
		break;
	case MCL_EV_BUDDY_LIST:
		r->n19++;
		memcpy(r->buddies, ev->u.buddies.buddies, sizeof(r->buddies));
		break;
	case MCL_EV_ORDER_MEMBERS:
		rec_members(r, ev);
		break;
	default:
		break;
	}
	if (r->next_fn != NULL)
		r->next_fn(r->next_arg, ev);
}

/* ---- queries ---- */

const struct itg_game *
itg_game(const struct itp_client *c, int32_t id)
{
	const struct itg_rec	*r = find(c);
	size_t			 i;

	if (r == NULL || (i = game_find(r, id)) == SIZE_MAX)
		return NULL;
	return &r->games[i];
}

/* itg_count - entries for game id with this verb, from log index from */
size_t
itg_count(const struct itp_client *c, int32_t id, int verb, size_t from)
{
	const struct itg_rec	*r = find(c);
	size_t			 i, n = 0;

	if (r == NULL)
		return 0;
	for (i = from; i < r->nlog; i++)
		if (r->log[i].game_id == id && r->log[i].verb == verb)
			n++;
	return n;
}

/* itg_blue_count - blue lines containing text */
size_t
itg_blue_count(const struct itp_client *c, const char *text)
{
	const struct itg_rec	*r = find(c);
	size_t			 i, n = 0;

	if (r == NULL)
		return 0;
	for (i = 0; i < r->nblue; i++)
		if (strstr(r->blue[i], text) != NULL)
			n++;
	return n;
}

int
itg_blue_has(const struct itp_client *c, const char *text)
{
	return itg_blue_count(c, text) > 0;
}

const struct itg_found *
itg_found(const struct itp_client *c, int32_t id)
{
	const struct itg_rec	*r = find(c);
	size_t			 i;

	if (r == NULL)
		return NULL;
	for (i = 0; i < r->nfound; i++)
		if (r->found[i].id == id)
			return &r->found[i];
	return NULL;
}

/* itg_buddy_state - id's active field in the last 19, -1 if absent */
int
itg_buddy_state(const struct itp_client *c, uint32_t id)
{
	const struct itg_rec	*r = find(c);
	size_t			 i;

	if (r == NULL || r->n19 == 0)
		return -1;
	for (i = 0; i < MW_BUDDIES; i++)
		if (r->buddies[i].player_id == id)
			return r->buddies[i].active;
	return -1;
}
