/*
 * wire_info.c - packet 17 player_info (README 12.1 and 7.7): flags,
 * colours, 36 score data, the 2600-byte overall ranking and seven cstrs.
 * Invariant: the fixed part is exactly 4356 bytes (checked by the codec
 * tests); unused and pad bytes are skipped on input and zero on output.
 */
#include "wire.h"
#include "wire_buf.h"

#define INFO_STRINGS	7

static void
get_score(struct mw_rd *r, struct mw_score *s)
{
	s->games_played = mw_rd_i16(r);
	s->wins = mw_rd_i16(r);
	s->losses = mw_rd_i16(r);
	s->ties = mw_rd_i16(r);
	s->damage_inflicted = mw_rd_i32(r);
	s->damage_received = mw_rd_i32(r);
	s->disconnects = mw_rd_i16(r);
	mw_rd_skip(r, 2);
	s->points = mw_rd_i16(r);
	s->rank = mw_rd_i16(r);
	s->highest_points = mw_rd_i16(r);
	s->highest_rank = mw_rd_i16(r);
	s->numerical_ranking = mw_rd_u32(r);
	mw_rd_skip(r, 16);
}

static void
put_score(struct mw_wr *w, const struct mw_score *s)
{
	mw_wr_i16(w, s->games_played);
	mw_wr_i16(w, s->wins);
	mw_wr_i16(w, s->losses);
	mw_wr_i16(w, s->ties);
	mw_wr_i32(w, s->damage_inflicted);
	mw_wr_i32(w, s->damage_received);
	mw_wr_i16(w, s->disconnects);
	mw_wr_zero(w, 2);
	mw_wr_i16(w, s->points);
	mw_wr_i16(w, s->rank);
	mw_wr_i16(w, s->highest_points);
	mw_wr_i16(w, s->highest_rank);
	mw_wr_u32(w, s->numerical_ranking);
	mw_wr_zero(w, 16);
}

static void
get_rank(struct mw_rd *r, struct mw_game_rank *g)
{
	struct mw_rank_pair	*pairs[] = { &g->points, &g->games_played,
	    &g->wins, &g->damage_inflicted, &g->damage_received };
	size_t			 i;

	mw_rd_fixstr(r, g->top_ranked_player, sizeof(g->top_ranked_player));
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		pairs[i]->average = mw_rd_u32(r);
		pairs[i]->best = mw_rd_u32(r);
	}
}

static void
put_rank(struct mw_wr *w, const struct mw_game_rank *g)
{
	const struct mw_rank_pair	*pairs[] = { &g->points,
	    &g->games_played, &g->wins, &g->damage_inflicted,
	    &g->damage_received };
	size_t				 i;

	mw_wr_fixstr(w, g->top_ranked_player, sizeof(g->top_ranked_player));
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		mw_wr_u32(w, pairs[i]->average);
		mw_wr_u32(w, pairs[i]->best);
	}
}

static void
get_overall(struct mw_rd *r, struct mw_overall_ranking *o)
{
	size_t	i;

	o->total_users = mw_rd_u32(r);
	o->total_orders = mw_rd_u32(r);
	get_rank(r, &o->unranked);
	get_rank(r, &o->ranked);
	for (i = 0; i < MW_GAME_TYPES; i++)
		get_rank(r, &o->ranked_by_type[i]);
	get_rank(r, &o->order_unranked);
	get_rank(r, &o->order_ranked);
	for (i = 0; i < MW_GAME_TYPES; i++)
		get_rank(r, &o->order_ranked_by_type[i]);
}

static void
put_overall(struct mw_wr *w, const struct mw_overall_ranking *o)
{
	size_t	i;

	mw_wr_u32(w, o->total_users);
	mw_wr_u32(w, o->total_orders);
	put_rank(w, &o->unranked);
	put_rank(w, &o->ranked);
	for (i = 0; i < MW_GAME_TYPES; i++)
		put_rank(w, &o->ranked_by_type[i]);
	put_rank(w, &o->order_unranked);
	put_rank(w, &o->order_ranked);
	for (i = 0; i < MW_GAME_TYPES; i++)
		put_rank(w, &o->order_ranked_by_type[i]);
}

static void
get_scores(struct mw_rd *r, struct mw_player_info *pi)
{
	size_t	i;

	get_score(r, &pi->unranked);
	get_score(r, &pi->ranked);
	for (i = 0; i < MW_GAME_TYPES; i++)
		get_score(r, &pi->ranked_by_type[i]);
	get_score(r, &pi->order_unranked);
	get_score(r, &pi->order_ranked);
	for (i = 0; i < MW_GAME_TYPES; i++)
		get_score(r, &pi->order_ranked_by_type[i]);
}

static void
put_scores(struct mw_wr *w, const struct mw_player_info *pi)
{
	size_t	i;

	put_score(w, &pi->unranked);
	put_score(w, &pi->ranked);
	for (i = 0; i < MW_GAME_TYPES; i++)
		put_score(w, &pi->ranked_by_type[i]);
	put_score(w, &pi->order_unranked);
	put_score(w, &pi->order_ranked);
	for (i = 0; i < MW_GAME_TYPES; i++)
		put_score(w, &pi->order_ranked_by_type[i]);
}

int
mw_decode_player_info(const uint8_t *p, size_t len,
    struct mw_player_info *pi)
{
	const char	**str[INFO_STRINGS] = { &pi->login, &pi->name,
	    &pi->order_name, &pi->city, &pi->state, &pi->country, &pi->quote };
	struct mw_rd	  r;
	size_t		  i;

	mw_rd_init(&r, p, len);
	pi->administrator_flag = mw_rd_u32(&r);
	pi->bungie_employee_flag = mw_rd_u32(&r);
	pi->order_index = mw_rd_i16(&r);
	pi->icon_index = mw_rd_i16(&r);
	mw_get_rgb(&r, &pi->primary);
	mw_get_rgb(&r, &pi->secondary);
	get_scores(&r, pi);
	get_overall(&r, &pi->overall);
	for (i = 0; i < INFO_STRINGS; i++)
		*str[i] = mw_rd_cstr(&r);
	return mw_rd_end_pad(&r);
}

int
mw_encode_player_info(uint8_t *out, size_t cap, size_t *len_r,
    const struct mw_player_info *pi)
{
	const char	*str[INFO_STRINGS] = { pi->login, pi->name,
	    pi->order_name, pi->city, pi->state, pi->country, pi->quote };
	struct mw_wr	 w;
	size_t		 i;

	mw_pkt_begin(&w, out, cap, MW_T_PLAYER_INFO);
	mw_wr_u32(&w, pi->administrator_flag);
	mw_wr_u32(&w, pi->bungie_employee_flag);
	mw_wr_i16(&w, pi->order_index);
	mw_wr_i16(&w, pi->icon_index);
	mw_put_rgb(&w, &pi->primary);
	mw_put_rgb(&w, &pi->secondary);
	put_scores(&w, pi);
	put_overall(&w, &pi->overall);
	for (i = 0; i < INFO_STRINGS; i++)
		mw_wr_cstr(&w, str[i], SIZE_MAX);
	return mw_pkt_end(&w, len_r);
}
