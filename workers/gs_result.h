/*
 * gs_result.h - one finished game: the host's score report (packet 112)
 * turned into a result as protocol README 11.1 describes, and the key
 * that lets the store keep it exactly once.  Pure: no I/O, no clock, no
 * allocation.  A result has at most GS_TEAMS_MAX placed teams plus one
 * spectator team and at most GS_PLAYERS_MAX players, each of them on the
 * game's player list (packet 111) and listed once; players[] is grouped
 * by team, in team order.  Texts stay MacRoman, as the clients sent them.
 */
#ifndef GS_RESULT_H
#define GS_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "wire.h"

#define GS_TEAMS_MAX		MW_SCORE_TEAMS	/* placed teams */
#define GS_PLAYERS_MAX		32	/* game player list, score records */
#define GS_NICK_SIZE		(MW_NICK_MAX + 1)
#define GS_GAME_NAME_SIZE	32	/* README 7.5: <= 31 chars */
#define GS_MAP_NAME_SIZE	64	/* <= 63 chars */
#define GS_OPT_COOP		(1u << 7)	/* option_flags, README 11.6 */
#define GS_ROOM_UNRANKED	0	/* room types of mythmetad.conf(5) */

enum gs_err {
	GS_OK = 0,
	GS_E_COUNT = -1,	/* a count does not fit the report or a bound */
	GS_E_INDEX = -2,	/* a captain index or a place out of range */
	GS_E_EMPTY = -3,	/* no team could be placed: nothing to keep */
	GS_E_ARG = -4		/* no game description */
};

struct gs_member {			/* one id of packet 111 */
	uint32_t	id;		/* 0 is never a player */
	char		nick[GS_NICK_SIZE];	/* MacRoman, NUL-ended */
};

/*
 * What the game worker knows besides the report.  started_ms must be
 * the time recorded when the game started (packet 114), kept where a
 * restart cannot change it: it is part of the idempotent key, in
 * milliseconds so that two games of one host never share a key.  The
 * result itself keeps started and ended in seconds.
 */
struct gs_game {
	uint32_t			 room_id;
	uint32_t			 room_type;	/* 0 unranked, 1, 2 */
	uint32_t			 host_id;
	uint32_t			 game_id;
	int64_t				 started_ms;	/* wall ms: key */
	int64_t				 started;	/* wall clock, s */
	int64_t				 ended;		/* wall clock, s */
	const struct mw_game_desc	*desc;		/* the host's 104 */
	const struct gs_member		*members;
	size_t				 nmembers;	/* <= PLAYERS_MAX */
};

struct gs_team {
	int16_t		place;		/* 1-based; 0 for the spectators */
	uint8_t		tie;		/* a neighbour has the same place */
	uint8_t		spectators;	/* listed but placed on no team */
	uint8_t		eliminated;
	uint8_t		first;		/* its players[first, first + count) */
	uint8_t		count;		/* >= 1 */
};

struct gs_player {
	uint32_t	id;
	char		nick[GS_NICK_SIZE];
	uint8_t		team;		/* index into gs_result.teams */
	uint8_t		host;
	uint8_t		captain;	/* first of its team; not spectators */
	uint8_t		dropped;	/* player_finished_game_flag == 0 */
	int32_t		units_killed;
	int32_t		units_lost;
	int32_t		damage_given;	/* points_killed */
	int32_t		damage_taken;	/* points_lost */
};

struct gs_result {
	uint64_t	key;		/* gs_result_key() */
	uint32_t	room_id;
	uint32_t	room_type;
	uint32_t	host_id;
	uint32_t	game_id;
	char		game_name[GS_GAME_NAME_SIZE];
	char		map_name[GS_MAP_NAME_SIZE];
	int16_t		game_type;	/* description type */
	int16_t		scoring;	/* description scoring, README 11.5 */
	uint32_t	option_flags;
	int32_t		time_limit;	/* as the description has it */
	int64_t		started;
	int64_t		ended;
	int16_t		ended_code;	/* 0 normal, 1 host lost, 2 quit */
	int32_t		duration;	/* actual_time_elapsed, as reported */
	uint8_t		coop;
	uint8_t		nteams;		/* placed teams + spectator team */
	uint8_t		nplayers;
	struct gs_team	teams[GS_TEAMS_MAX + 1];	/* by place */
	struct gs_player players[GS_PLAYERS_MAX];
};

/*
 * gs_result_make - derive the result of game g from its decoded score
 * report; GS_OK with *r filled, or a gs_err with *r undefined.
 */
int		gs_result_make(const struct gs_game *g,
		    const struct mw_game_score *s, struct gs_result *r);
/* gs_result_key - FNV-1a 64 of the game's identity (gs_result.c). */
uint64_t	gs_result_key(uint32_t room_id, uint32_t host_id,
		    int64_t started, uint32_t game_id);
/* gs_result_ranked - 1 if the result may change ratings at all. */
int		gs_result_ranked(const struct gs_result *r);

#endif /* GS_RESULT_H */
