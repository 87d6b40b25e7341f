/*
 * gs_rank.h - ratings and castes, pure functions in integer arithmetic.
 * The rating is an Elo-style one on placement (mythmetad(8), RANKINGS):
 * every pair of rated players on different teams is a win, loss or draw
 * by place, and a game moves a rating by at most GS_RANK_K.  Castes
 * follow Bungie's ladder of protocol README 11.4.  Ratings stay within
 * [GS_RATING_MIN, GS_RATING_MAX] so they fit the i16 points field.
 */
#ifndef GS_RANK_H
#define GS_RANK_H

#include <stddef.h>
#include <stdint.h>

#define GS_RATING_START		1500
#define GS_RATING_MIN		0
#define GS_RATING_MAX		32767
#define GS_RANK_K		32	/* most points one game can move */
#define GS_RANK_SCALE		10000	/* expected scores in 1/10000 */
#define GS_RANK_ACTIVE		3	/* more ranked games: on the ladder */
#define GS_CASTE_NONE		(-1)	/* guests, unranked rooms */
#define GS_CASTE_COMET		16

enum gs_outcome {
	GS_LOSS = 0,
	GS_WIN = 1,
	GS_TIE = 2
};

struct gs_rank_ent {			/* one rated player of one game */
	int32_t	rating;			/* before the game */
	int	team;			/* teammates share it */
	int	place;			/* 1-based team place */
	int	dropped;		/* left before the end: last place */
	int32_t	after;			/* out: the new rating */
	int	opponents;		/* out: rated players on other teams */
};

struct gs_caste_ent {			/* one rated player on the ladder */
	int64_t		id;		/* caller's; breaks the last ties */
	int32_t		rating;
	int32_t		games;		/* ranked games played */
	int		caste;		/* out: README 11.3 index */
	uint32_t	position;	/* out: 1-based; 0 = not active */
};

/* gs_rank_expect - expected score at a rating advantage, 0..SCALE. */
int32_t		gs_rank_expect(int32_t diff);
/* gs_rank_rate - the rating after the game of each of v[0..n). */
void		gs_rank_rate(struct gs_rank_ent *v, size_t n);
/* gs_rank_outcome - README 11.1 item 6: how a game counts in stats. */
enum gs_outcome	gs_rank_outcome(int place, int tie, int dropped);
/* gs_rank_caste_games - the caste of a player with <= ACTIVE games. */
int		gs_rank_caste_games(int32_t games);
/*
 * gs_rank_castes - sort v (active players first, then by rating,
 * games, id) and give every entry its caste and ladder position.
 */
void		gs_rank_castes(struct gs_caste_ent *v, size_t n);

#endif /* GS_RANK_H */
