/*
 * mb_stamp.c - the game scenario's time stamps: the send time a host
 * puts into the plugin_data of each 104 (a magic, then the monotonic
 * nanoseconds, big-endian), read back from a packet 2 entry's game
 * data, and the last stamp a user has seen of each game of its room:
 * a change the server sends for another reason (a 114) repeats the last
 * description and its old stamp, which must not be timed again.  Pure
 * functions, tested alone by tests/test_mb_game.c.
 */
#include <stdint.h>
#include <string.h>

#include "mb.h"

#define STAMP_OFF	44	/* plugin_data in the game data, README 7.5 */
#define STAMP_MAGIC	"MBg1"
#define STAMP_LEN	12	/* magic, then the time */

void
mb_game_stamp_put(uint8_t plugin[MW_PLUGIN_DATA_SIZE], uint64_t t)
{
	int	i;

	memset(plugin, 0, MW_PLUGIN_DATA_SIZE);
	memcpy(plugin, STAMP_MAGIC, 4);
	for (i = 0; i < 8; i++)
		plugin[4 + i] = (uint8_t)(t >> (56 - 8 * i));
}

/* mb_game_stamp - the send time a bench 104 put in game data, or 0 */
uint64_t
mb_game_stamp(const uint8_t *data, size_t len)
{
	uint64_t	t = 0;
	int		i;

	if (len < STAMP_OFF + STAMP_LEN ||
	    memcmp(data + STAMP_OFF, STAMP_MAGIC, 4) != 0)
		return 0;
	for (i = 0; i < 8; i++)
		t = t << 8 | data[STAMP_OFF + 4 + i];
	return t;
}

/*
 * mb_game_seen - 1 if t is a stamp not seen yet for this game (and
 * remember it), 0 if it is the last one seen.  MB_SEEN_MAX games are
 * remembered; beyond, the oldest slot is reused.
 */
int
mb_game_seen(struct mb_seen *seen, uint8_t *next, int32_t game_id,
    uint64_t t)
{
	struct mb_seen	*s;
	int		 i;

	for (i = 0; i < MB_SEEN_MAX; i++) {
		s = &seen[i];
		if (s->game_id != game_id || s->t == 0)
			continue;
		if (s->t == t)
			return 0;
		s->t = t;
		return 1;
	}
	s = &seen[*next];
	*next = (uint8_t)((*next + 1) % MB_SEEN_MAX);
	s->game_id = game_id;
	s->t = t;
	return 1;
}
