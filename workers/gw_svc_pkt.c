/*
 * gw_svc_pkt.c - the store's answers turned into what the encoders of
 * packets 17 (player info), 19 (buddy list) and 20 (order members)
 * take.  The store counts in 32 bits, the score datum of README 7.7
 * in 16 for most fields: a count past 32767 shows as 32767, not as a
 * wrapped negative number.  Icon and colours are not kept by the store:
 * zeros.
 */
#include <string.h>

#include "gw.h"

static int16_t	gw_svc_i16(int32_t);
static void	gw_svc_score(const struct ms_score *, struct mw_score *);

static int16_t
gw_svc_i16(int32_t v)
{
	if (v > INT16_MAX)
		return INT16_MAX;
	return v < INT16_MIN ? INT16_MIN : (int16_t)v;
}

static void
gw_svc_score(const struct ms_score *s, struct mw_score *d)
{
	memset(d, 0, sizeof(*d));
	d->games_played = gw_svc_i16(s->games);
	d->wins = gw_svc_i16(s->wins);
	d->losses = gw_svc_i16(s->losses);
	d->ties = gw_svc_i16(s->ties);
	d->damage_inflicted = s->damage_given;
	d->damage_received = s->damage_taken;
	d->disconnects = gw_svc_i16(s->disconnects);
	d->points = gw_svc_i16(s->points);
	d->rank = gw_svc_i16(s->caste);
	d->highest_points = gw_svc_i16(s->best_points);
	d->highest_rank = gw_svc_i16(s->best_caste);
	d->numerical_ranking = s->position;
}

/* A store reply's char[] may be full: cut rather than overrun. */
#define GW_SVC_TERM(a)	((a)[sizeof(a) - 1] = '\0')

void
gw_svc_info(struct ms_pst_info_rep *r, struct mw_player_info *pi)
{
	size_t	i;

	GW_SVC_TERM(r->login);
	GW_SVC_TERM(r->order_name);
	GW_SVC_TERM(r->city);
	GW_SVC_TERM(r->state);
	GW_SVC_TERM(r->country);
	GW_SVC_TERM(r->quote);
	memset(pi, 0, sizeof(*pi));
	pi->administrator_flag = (r->flags & MS_USER_ADMIN) != 0;
	pi->bungie_employee_flag = 0;
	pi->order_index = r->order;
	gw_svc_score(&r->unranked, &pi->unranked);
	gw_svc_score(&r->ranked, &pi->ranked);
	for (i = 0; i < MW_GAME_TYPES; i++)
		gw_svc_score(&r->ranked_by_type[i], &pi->ranked_by_type[i]);
	pi->overall.total_users = r->total_users;
	pi->login = r->login;
	pi->name = r->login;
	pi->order_name = r->order_name;
	pi->city = r->city;
	pi->state = r->state;
	pi->country = r->country;
	pi->quote = r->quote;
}

/* 19: the slots in the store's order, the unused ones zero. */
void
gw_svc_buddies(const struct ms_pst_buddy_rep *r, struct mw_buddy_list *b)
{
	uint32_t	i, n = r->n < MW_BUDDIES ? r->n : MW_BUDDIES;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < n; i++) {
		b->buddies[i].player_id = r->buddies[i].id;
		b->buddies[i].active = r->buddies[i].active > UINT8_MAX ?
		    0 : (uint8_t)r->buddies[i].active;
	}
}

/* 20: every member with its online flag; returns how many. */
size_t
gw_svc_members(const struct ms_pst_order_rep *r, struct mw_order_member *v,
    size_t max)
{
	size_t	i, n = r->n;

	if (n > MS_ORDER_MEMBERS_MAX)
		n = MS_ORDER_MEMBERS_MAX;
	if (n > max)
		n = max;
	for (i = 0; i < n; i++) {
		v[i].player_id = r->members[i].id;
		v[i].online = r->members[i].active != 0;
	}
	return n;
}
