/*
 * gw_game_check.c - what a client sends about games, judged without
 * state: whether a 104 describes a game we will list (README 10.1, 7.5,
 * 17: at most 1024 bytes of game data, the 568-byte frame and two
 * strings, names of at most 31 and 63 characters), and whether a game
 * matches a 116 query (README 12.6, option bits of 11.6).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "gw_game.h"

/* Option bits a 116 query has a preference about (README 11.6). */
#define GG_OPT_TEAMS		(1u << 1)
#define GG_OPT_LIMITED_VIS	(1u << 2)
#define GG_OPT_TRADING		(1u << 4)
#define GG_OPT_VETERANS		(1u << 5)
#define GG_OPT_ALLIANCES	(1u << 13)

#define GG_PREF_REQUIRED	0
#define GG_PREF_DESPISED	1

static int	gg_pref_ok(int16_t, uint32_t, uint32_t);
static int	gg_contains(const char *, const char *);

int
gg_create_check(const uint8_t *p, size_t len, struct mw_create_game *cg,
    char *why, size_t whylen)
{
	struct mw_game_desc	d;

	/* The size first: "too large" is not "malformed". */
	if (len > 4 && len - 4 > MW_GAME_DATA_MAX) {
		(void)snprintf(why, whylen, "Game not listed: its description "
		    "is %zu bytes, the limit is %d.", len - 4,
		    MW_GAME_DATA_MAX);
		return -1;
	}
	if (mw_decode_create_game(p, len, cg) != MW_OK ||
	    mw_decode_game_data(cg->data, cg->data_len, &d) != MW_OK) {
		(void)snprintf(why, whylen, "Game not listed: its description "
		    "cannot be read (%d bytes and two names expected).",
		    MW_GAME_DATA_FIXED);
		return -1;
	}
	if (strlen(d.game_name) > GG_NAME_MAX) {
		(void)snprintf(why, whylen, "Game not listed: its name is "
		    "longer than %d characters.", GG_NAME_MAX);
		return -1;
	}
	if (strlen(d.map_name) > GG_MAP_MAX) {
		(void)snprintf(why, whylen, "Game not listed: its map name is "
		    "longer than %d characters.", GG_MAP_MAX);
		return -1;
	}
	return 0;
}

/* 0 required (bit set), 1 despised (bit clear), anything else: any. */
static int
gg_pref_ok(int16_t pref, uint32_t flags, uint32_t bit)
{
	if (pref == GG_PREF_REQUIRED)
		return (flags & bit) != 0;
	if (pref == GG_PREF_DESPISED)
		return (flags & bit) == 0;
	return 1;
}

/* gg_contains - needle in hay, case-insensitively; "" is everywhere. */
static int
gg_contains(const char *hay, const char *needle)
{
	size_t	i, n = strlen(needle), h = strlen(hay);

	for (i = 0; n <= h && i <= h - n; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

int
gg_search_match(const struct mw_game_search_query *q, const uint8_t *data,
    size_t len)
{
	struct mw_game_desc	d;

	if (mw_decode_game_data(data, len, &d) != MW_OK)
		return 0;
	if (q->game_type >= 0 && q->game_type != d.type)
		return 0;
	if (q->game_scoring >= 0 && q->game_scoring != d.scoring)
		return 0;
	if (!gg_pref_ok(q->veterans, d.option_flags, GG_OPT_VETERANS) ||
	    !gg_pref_ok(q->unit_trading, d.option_flags, GG_OPT_TRADING) ||
	    !gg_pref_ok(q->teams, d.option_flags, GG_OPT_TEAMS) ||
	    !gg_pref_ok(q->alliances, d.option_flags, GG_OPT_ALLIANCES) ||
	    !gg_pref_ok(q->enemy_visibility, d.option_flags,
	    GG_OPT_LIMITED_VIS))
		return 0;
	if (q->game_name != NULL && !gg_contains(d.game_name, q->game_name))
		return 0;
	if (q->map_name != NULL && !gg_contains(d.map_name, q->map_name))
		return 0;
	return 1;
}
