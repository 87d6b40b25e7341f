/*
 * wire_game.c - game packets (README sections 7.4, 7.5, 10, 12.6, 15):
 * game lists (2, 13), the game description, create game (104), player
 * list and score report (111, 112), start (114), game search (116) and
 * the film stream (204-206).
 * Invariants: game data is opaque bytes of at most 1024 (what a server
 * relays); record arrays must be whole multiples of their record size.
 */
#include <string.h>

#include "wire.h"
#include "wire_buf.h"

#define GAME_NAME_MAX	31
#define MAP_NAME_MAX	63
#define SCORE_FIXED	220
#define SCORE_PLAYER	28
#define START_TICKS	30	/* Aleph One ticks per second */

static int	get_game_entry(struct mw_rd *, void *);
static void	put_game_entry(struct mw_wr *, const void *);
static int	get_id(struct mw_rd *, void *);
static int	get_score_player(struct mw_rd *, void *);
static void	put_score_player(struct mw_wr *,
	    const struct mw_score_player *);

static int
get_game_entry(struct mw_rd *r, void *v)
{
	struct mw_game_entry	*e = v;
	struct mw_game_aux	*a = &e->aux;

	a->game_id = mw_rd_i32(r);
	a->host = mw_rd_u32(r);
	a->port = mw_rd_u16(r);
	a->verb = mw_rd_i8(r);
	a->game_version = mw_rd_i8(r);
	a->seconds_remaining = mw_rd_i32(r);
	a->creating_player_id = mw_rd_i32(r);
	a->game_data_size = mw_rd_i16(r);
	mw_rd_skip(r, 2 + 8);
	if (r->err != MW_OK)
		return r->err;
	if (a->game_data_size < 0 || a->game_data_size > MW_GAME_DATA_MAX ||
	    (size_t)a->game_data_size > mw_rd_left(r))
		mw_rd_fail(r, MW_E_COUNT);
	e->data_len = r->err == MW_OK ? (size_t)a->game_data_size : 0;
	e->data = mw_rd_span(r, e->data_len);
	return r->err;
}

static void
put_game_entry(struct mw_wr *w, const void *v)
{
	const struct mw_game_entry	*e = v;
	const struct mw_game_aux	*a = &e->aux;

	if (e->data_len > MW_GAME_DATA_MAX) {
		mw_wr_fail(w, MW_E_RANGE);
		return;
	}
	mw_wr_i32(w, a->game_id);
	mw_wr_u32(w, a->host);
	mw_wr_u16(w, a->port);
	mw_wr_i8(w, a->verb);
	mw_wr_i8(w, a->game_version);
	mw_wr_i32(w, a->seconds_remaining);
	mw_wr_i32(w, a->creating_player_id);
	mw_wr_i16(w, (int16_t)e->data_len);
	mw_wr_zero(w, 2 + 8);
	mw_wr_bytes(w, e->data, e->data_len);
}

static int
is_game_list(uint16_t type)
{
	return type == MW_T_GAME_LIST || type == MW_T_GAME_LIST_PREF;
}

int
mw_decode_game_list(const uint8_t *p, size_t len, uint16_t type,
    struct mw_iter *it)
{
	struct mw_game_entry	e;

	if (!is_game_list(type))
		return MW_E_TYPE;
	return mw_list_scan(p, len, type, get_game_entry, &e, it);
}

int
mw_game_list_next(struct mw_iter *it, struct mw_game_entry *e)
{
	if (!is_game_list(it->type))
		return 0;
	return mw_iter_next(it, get_game_entry, e);
}

int
mw_encode_game_list(uint8_t *out, size_t cap, size_t *len_r, uint16_t type,
    const struct mw_game_entry *v, size_t n)
{
	if (!is_game_list(type))
		return MW_E_TYPE;
	return mw_list_encode(out, cap, len_r, type, put_game_entry, v,
	    sizeof(*v), n);
}

int
mw_list_add_game(struct mw_list *l, const struct mw_game_entry *e)
{
	return mw_list_add(l, is_game_list(l->type), put_game_entry, e);
}

/*
 * mw_decode_game_data - parse game data the way Myth lays it out.  Bytes
 * after the map name are not interpreted: the block is the host's.
 */
int
mw_decode_game_data(const uint8_t *p, size_t len, struct mw_game_desc *g)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	g->type = mw_rd_i16(&r);
	g->scoring = mw_rd_i16(&r);
	g->option_flags = mw_rd_u32(&r);
	g->time_limit = mw_rd_i32(&r);
	g->scenario_tag = mw_rd_u32(&r);
	g->difficulty_level = mw_rd_i16(&r);
	g->maximum_players = mw_rd_i16(&r);
	g->initial_team_random_seed = mw_rd_u16(&r);
	g->maximum_teams = mw_rd_i16(&r);
	g->random_seed = mw_rd_u32(&r);
	g->pregame_time_limit = mw_rd_i32(&r);
	mw_rd_skip(&r, 8 + 2);
	g->plugin_count = mw_rd_i16(&r);
	g->plugin_data = mw_rd_span(&r, MW_PLUGIN_DATA_SIZE);
	g->public_tags_checksum = mw_rd_i32(&r);
	g->private_tags_checksum = mw_rd_i32(&r);
	g->flags = mw_rd_u16(&r);
	g->player_count = mw_rd_i8(&r);
	mw_rd_skip(&r, 1);
	g->game_name = mw_rd_cstr(&r);
	g->map_name = mw_rd_cstr(&r);
	return r.err;
}

/* mw_encode_game_data - the bare data block (no packet header) */
int
mw_encode_game_data(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_game_desc *g)
{
	struct mw_wr	w;

	mw_wr_init(&w, out, cap < MW_GAME_DATA_MAX ? cap : MW_GAME_DATA_MAX);
	mw_wr_i16(&w, g->type);
	mw_wr_i16(&w, g->scoring);
	mw_wr_u32(&w, g->option_flags);
	mw_wr_i32(&w, g->time_limit);
	mw_wr_u32(&w, g->scenario_tag);
	mw_wr_i16(&w, g->difficulty_level);
	mw_wr_i16(&w, g->maximum_players);
	mw_wr_u16(&w, g->initial_team_random_seed);
	mw_wr_i16(&w, g->maximum_teams);
	mw_wr_u32(&w, g->random_seed);
	mw_wr_i32(&w, g->pregame_time_limit);
	mw_wr_zero(&w, 8 + 2);
	mw_wr_i16(&w, g->plugin_count);
	mw_wr_bytes(&w, g->plugin_data, MW_PLUGIN_DATA_SIZE);
	mw_wr_i32(&w, g->public_tags_checksum);
	mw_wr_i32(&w, g->private_tags_checksum);
	mw_wr_u16(&w, g->flags);
	mw_wr_i8(&w, g->player_count);
	mw_wr_zero(&w, 1);
	mw_wr_cstr(&w, g->game_name, GAME_NAME_MAX);
	mw_wr_cstr(&w, g->map_name, MAP_NAME_MAX);
	*len_r = w.off;
	return w.err;
}

int
mw_decode_create_game(const uint8_t *p, size_t len, struct mw_create_game *c)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	c->port = mw_rd_u16(&r);
	c->order = mw_rd_i16(&r);
	c->data_len = mw_rd_left(&r);
	c->data = mw_rd_span(&r, c->data_len);
	if (r.err == MW_OK && c->data_len > MW_GAME_DATA_MAX)
		return MW_E_RANGE;
	return r.err;
}

int
mw_encode_create_game(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_create_game *c)
{
	struct mw_wr	w;

	if (c->data_len > MW_GAME_DATA_MAX)
		return MW_E_RANGE;
	mw_pkt_begin(&w, out, cap, MW_T_CREATE_GAME);
	mw_wr_u16(&w, c->port);
	mw_wr_i16(&w, c->order);
	mw_wr_bytes(&w, c->data, c->data_len);
	return mw_pkt_end(&w, len_r);
}

static int
get_id(struct mw_rd *r, void *v)
{
	*(int32_t *)v = mw_rd_i32(r);
	return r->err;
}

int
mw_decode_game_player_list(const uint8_t *p, size_t len,
    struct mw_game_player_list *g)
{
	struct mw_rd	r;
	int32_t		id;

	mw_rd_init(&r, p, len);
	g->game_id = mw_rd_u32(&r);
	if (r.err != MW_OK)
		return r.err;
	if ((len - 4) % 4 != 0)
		return MW_E_TRUNC;
	return mw_list_scan(p + 4, len - 4, MW_T_GAME_PLAYER_LIST, get_id,
	    &id, &g->players);
}

int
mw_game_player_next(struct mw_iter *it, int32_t *id_r)
{
	if (it->type != MW_T_GAME_PLAYER_LIST)
		return 0;
	return mw_iter_next(it, get_id, id_r);
}

int
mw_encode_game_player_list(uint8_t *out, size_t cap, size_t *len_r,
    uint32_t game_id, const int32_t *ids, size_t n)
{
	struct mw_wr	w;
	size_t		i;

	mw_pkt_begin(&w, out, cap, MW_T_GAME_PLAYER_LIST);
	mw_wr_u32(&w, game_id);
	for (i = 0; i < n; i++)
		mw_wr_i32(&w, ids[i]);
	return mw_pkt_end(&w, len_r);
}

static void
get_team(struct mw_rd *r, struct mw_score_team *t)
{
	t->place = mw_rd_i16(r);
	t->captain_player_index = mw_rd_i16(r);
	t->team_valid_flag = mw_rd_i16(r);
	t->team_eliminated_flag = mw_rd_i16(r);
	t->time_of_elimination = mw_rd_i32(r);
}

static void
put_team(struct mw_wr *w, const struct mw_score_team *t)
{
	mw_wr_i16(w, t->place);
	mw_wr_i16(w, t->captain_player_index);
	mw_wr_i16(w, t->team_valid_flag);
	mw_wr_i16(w, t->team_eliminated_flag);
	mw_wr_i32(w, t->time_of_elimination);
}

static int
get_score_player(struct mw_rd *r, void *v)
{
	struct mw_score_player	*s = v;

	s->team_index = mw_rd_i16(r);
	s->player_finished_game_flag = mw_rd_i16(r);
	s->time_played = mw_rd_i32(r);
	s->units_killed = mw_rd_i32(r);
	s->units_lost = mw_rd_i32(r);
	s->points_killed = mw_rd_i32(r);
	s->points_lost = mw_rd_i32(r);
	s->bungie_net_player_id = mw_rd_i32(r);
	return r->err;
}

static void
put_score_player(struct mw_wr *w, const struct mw_score_player *s)
{
	mw_wr_i16(w, s->team_index);
	mw_wr_i16(w, s->player_finished_game_flag);
	mw_wr_i32(w, s->time_played);
	mw_wr_i32(w, s->units_killed);
	mw_wr_i32(w, s->units_lost);
	mw_wr_i32(w, s->points_killed);
	mw_wr_i32(w, s->points_lost);
	mw_wr_i32(w, s->bungie_net_player_id);
}

/* 112: Bungie sent 16 player records, GoS takes any whole number */
int
mw_decode_game_score(const uint8_t *p, size_t len, struct mw_game_score *s)
{
	struct mw_score_player	sp;
	struct mw_rd		r;
	size_t			i;

	memset(s, 0, sizeof(*s));
	mw_rd_init(&r, p, len);
	s->game_id = mw_rd_u32(&r);
	s->game_ended_code = mw_rd_i16(&r);
	s->game_scoring = mw_rd_i16(&r);
	s->game_version = mw_rd_i32(&r);
	s->time_limit = mw_rd_i32(&r);
	s->actual_time_elapsed = mw_rd_i32(&r);
	s->reporting_player_id = mw_rd_i32(&r);
	s->number_of_players = mw_rd_i16(&r);
	s->number_of_teams = mw_rd_i16(&r);
	for (i = 0; i < MW_SCORE_TEAMS; i++)
		get_team(&r, &s->teams[i]);
	if (r.err != MW_OK)
		return r.err;
	if ((len - SCORE_FIXED) % SCORE_PLAYER != 0)
		return MW_E_TRUNC;
	return mw_list_scan(p + SCORE_FIXED, len - SCORE_FIXED, MW_T_GAME_SCORE,
	    get_score_player, &sp, &s->players);
}

int
mw_score_player_next(struct mw_iter *it, struct mw_score_player *sp)
{
	if (it->type != MW_T_GAME_SCORE)
		return 0;
	return mw_iter_next(it, get_score_player, sp);
}

int
mw_encode_game_score(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_game_score *s)
{
	struct mw_wr	w;
	size_t		i;

	mw_pkt_begin(&w, out, cap, MW_T_GAME_SCORE);
	mw_wr_u32(&w, s->game_id);
	mw_wr_i16(&w, s->game_ended_code);
	mw_wr_i16(&w, s->game_scoring);
	mw_wr_i32(&w, s->game_version);
	mw_wr_i32(&w, s->time_limit);
	mw_wr_i32(&w, s->actual_time_elapsed);
	mw_wr_i32(&w, s->reporting_player_id);
	mw_wr_i16(&w, s->number_of_players);
	mw_wr_i16(&w, s->number_of_teams);
	for (i = 0; i < MW_SCORE_TEAMS; i++)
		put_team(&w, &s->teams[i]);
	for (i = 0; i < s->player_n; i++)
		put_score_player(&w, &s->player_v[i]);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_start_game(const uint8_t *p, size_t len, struct mw_start_game *s)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	s->time = mw_rd_i32(&r);
	mw_rd_skip(&r, 8);
	return mw_rd_end(&r);
}

int
mw_encode_start_game(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_start_game *s)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_START_GAME);
	mw_wr_i32(&w, s->time);
	mw_wr_zero(&w, 8);
	return mw_pkt_end(&w, len_r);
}

/* mw_start_game_seconds - game length in seconds, -1 when untimed */
int32_t
mw_start_game_seconds(const struct mw_start_game *s, enum mw_dialect d)
{
	if (s->time <= 0)
		return -1;
	return d == MW_DIALECT_ALEPHONE ? s->time / START_TICKS : s->time;
}

int
mw_decode_game_search_query(const uint8_t *p, size_t len,
    struct mw_game_search_query *q)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	q->game_type = mw_rd_i16(&r);
	q->game_scoring = mw_rd_i16(&r);
	q->veterans = mw_rd_i16(&r);
	q->unit_trading = mw_rd_i16(&r);
	q->teams = mw_rd_i16(&r);
	q->alliances = mw_rd_i16(&r);
	q->enemy_visibility = mw_rd_i16(&r);
	mw_rd_skip(&r, 2);
	q->game_name = mw_rd_cstr(&r);
	q->map_name = mw_rd_cstr(&r);
	return mw_rd_end_pad(&r);
}

int
mw_encode_game_search_query(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_game_search_query *q)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_GAME_SEARCH_QUERY);
	mw_wr_i16(&w, q->game_type);
	mw_wr_i16(&w, q->game_scoring);
	mw_wr_i16(&w, q->veterans);
	mw_wr_i16(&w, q->unit_trading);
	mw_wr_i16(&w, q->teams);
	mw_wr_i16(&w, q->alliances);
	mw_wr_i16(&w, q->enemy_visibility);
	mw_wr_zero(&w, 2);
	mw_wr_cstr(&w, q->game_name, SIZE_MAX);
	mw_wr_cstr(&w, q->map_name, SIZE_MAX);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_recording_stream_header(const uint8_t *p, size_t len,
    struct mw_film_header *h)
{
	h->data = p;
	h->len = len;
	return MW_OK;
}

int
mw_encode_recording_stream_header(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_film_header *h)
{
	return mw_encode_raw(out, cap, len_r, MW_T_RECORDING_STREAM_HEADER,
	    h->data, h->len);
}

/* 205: one command per packet; its own size field must match it */
int
mw_decode_recording_stream_command(const uint8_t *p, size_t len,
    struct mw_film_command *c)
{
	struct mw_rd	r;

	if (len > MW_FILM_COMMAND_MAX)
		return MW_E_RANGE;
	mw_rd_init(&r, p, len);
	c->size = mw_rd_i16(&r);
	c->verb = mw_rd_i8(&r);
	c->player_index = mw_rd_i8(&r);
	c->time = mw_rd_i32(&r);
	if (r.err != MW_OK)
		return r.err;
	if ((size_t)c->size != len)
		return MW_E_COUNT;
	c->details = mw_rd_span(&r, len - 8);
	return mw_rd_end(&r);
}

int
mw_encode_recording_stream_command(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_film_command *c)
{
	struct mw_wr	w;

	if (c->size < 8 || c->size > MW_FILM_COMMAND_MAX)
		return MW_E_RANGE;
	mw_pkt_begin(&w, out, cap, MW_T_RECORDING_STREAM_COMMAND);
	mw_wr_i16(&w, c->size);
	mw_wr_i8(&w, c->verb);
	mw_wr_i8(&w, c->player_index);
	mw_wr_i32(&w, c->time);
	mw_wr_bytes(&w, c->details, (size_t)c->size - 8);
	return mw_pkt_end(&w, len_r);
}

int
mw_decode_recording_stream_end(const uint8_t *p, size_t len,
    struct mw_film_end *e)
{
	struct mw_rd	r;

	mw_rd_init(&r, p, len);
	e->end_time = mw_rd_i32(&r);
	return mw_rd_end(&r);
}

int
mw_encode_recording_stream_end(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_film_end *e)
{
	struct mw_wr	w;

	mw_pkt_begin(&w, out, cap, MW_T_RECORDING_STREAM_END);
	mw_wr_i32(&w, e->end_time);
	return mw_pkt_end(&w, len_r);
}
