/*
 * it_games.h - the games integration tests (tests/it_games, run by
 * tests/it_games.sh against the real daemon): the rooms the script
 * configures, the recorder that sits in front of each player's session
 * callback (tests/it_games_rec.c: the game list as maintained from add,
 * delete and change entries, blue lines, room lists, search and buddy
 * answers, player info), the shared helpers and the scenario functions.
 * The players harness (tests/it_players_harness.c) runs the sessions.
 */
#ifndef ITG_GAMES_H
#define ITG_GAMES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "it_players_harness.h"

#define MYTH	MW_DIALECT_MYTH
#define A1	MW_DIALECT_ALEPHONE

/* room ids of tests/it_games.sh's configuration */
#define ROOM_ID_MAIN	0	/* unranked: most scenarios */
#define ROOM_ID_RANKED	1	/* ranked, accounts only */
#define ROOM_ID_SIDE	2	/* unranked: room changes, counts */
#define ROOM_ID_KILL	3	/* the game worker kill test */

#define SEE_MS		3000	/* something the server sends at once */
#define LOGIN_MS	10000
#define COALESCE_MS	250	/* game.coalesce_ms, the default */
#define IDLE_S		10	/* game.idle_timeout_s of the script */
#define RECOVER_MS	500	/* the bound after a worker kill */

#define ITG_GAMES_MAX	64	/* games kept per client */
#define ITG_LOG_MAX	512	/* game-list entries logged per client */
#define ITG_BLUE_MAX	64	/* blue lines kept per client */
#define ITG_FOUND_MAX	64	/* entries of the last 13/14/15/16 */
#define ITG_NAME_MAX	64

#define EXPECT(cond, ...) do {						\
	if (!(cond))							\
		fail_msg(__VA_ARGS__);					\
} while (0)

/* one listed game as a client knows it */
struct itg_game {
	int32_t		game_id;
	uint32_t	host;
	uint16_t	port;
	int32_t		seconds;	/* seconds_remaining */
	int32_t		creator;
	uint32_t	seed;		/* random_seed of the game data */
	char		name[ITG_NAME_MAX];
	size_t		data_len;
	uint8_t		data[MW_GAME_DATA_MAX];
};

/* one entry of a packet 2 as it came, in order */
struct itg_entry {
	int8_t		verb;
	int32_t		game_id;
	int32_t		seconds;
	uint32_t	seed;
	unsigned	packet;		/* number of the packet 2 it was in */
};

/* one entry of a 13, 14, 15 or 16 */
struct itg_found {
	int32_t		id;		/* game id or player id */
	int32_t		room_id;	/* 14-16 */
	char		name[ITG_NAME_MAX];	/* game name or nick */
};

struct itg_rec {
	struct itp_client	*c;
	mcl_event_fn		*next_fn;	/* the harness's callback */
	void			*next_arg;
	/* game list (packet 2) */
	struct itg_game		 games[ITG_GAMES_MAX];
	size_t			 ngames;
	struct itg_entry	 log[ITG_LOG_MAX];
	size_t			 nlog;
	unsigned		 npackets2;
	int			 bad_list;	/* an impossible verb order */
	char			 bad_why[128];
	/* blue lines (packet 10) */
	char			 blue[ITG_BLUE_MAX][ITP_TEXT_MAX];
	size_t			 nblue;
	/* room lists received in a room (packet 0) */
	unsigned		 nroomlists;
	struct mw_room		 rooms[ITP_ROOMS_MAX];
	size_t			 nrooms;
	/* answers */
	unsigned		 n13, n14, n15, n16, n17, n19, n20;
	struct itg_found	 found[ITG_FOUND_MAX];	/* the last 13-16 */
	size_t			 nfound;
	uint16_t		 found_type;
	struct mw_buddy		 buddies[MW_BUDDIES];	/* the last 19 */
	struct mw_order_member	 members[ITG_FOUND_MAX];	/* last 20 */
	size_t			 nmembers;
	char			 info_login[ITG_NAME_MAX];	/* last 17 */
	struct mw_score		 info_ranked, info_unranked;
};

/* it_games_rec.c */
struct itg_rec	*itg_rec(struct itp_client *);
void		 itg_hook(struct itp_client *);
void		 itg_rec_clear(struct itp_client *);
void		 itg_rec_free_all(void);
const struct itg_game *itg_game(const struct itp_client *, int32_t id);
size_t		 itg_count(const struct itp_client *, int32_t id, int verb,
		    size_t from);
int		 itg_blue_has(const struct itp_client *, const char *text);
size_t		 itg_blue_count(const struct itp_client *, const char *text);
const struct itg_found *itg_found(const struct itp_client *, int32_t id);
int		 itg_buddy_state(const struct itp_client *, uint32_t id);

/* it_games.c: players and games */
extern int	r_main, r_ranked, r_side, r_kill;

struct itp_client *player(enum mw_dialect, const char *user,
	    const char *nick, int room);
struct itp_client *guest(enum mw_dialect, const char *prefix, int room);
int	 enter(struct itp_client *, int room);
void	 need_in_room(const struct itp_client *);
int	 send_game(struct itp_client *, const char *name, uint32_t seed,
	    int32_t limit_s);
int	 flush(struct itp_client *, int rc);
void	 need_game(struct itp_client *, const struct itp_client *host,
	    uint32_t seed);
void	 need_no_game(struct itp_client *, const struct itp_client *host);
int	 score(struct itp_client *host, struct itp_client **v, size_t n);
int	 score_teams(struct itp_client *host, struct itp_client **v,
	    size_t n, const int *team, const int *place,
	    const int *finished);
int	 ctl_results(const char *user);
int	 ctl_rating(const char *user);
const char *dname(enum mw_dialect);

/* client predicates: arg is a struct itg_want */
struct itg_want {
	const struct itp_client	*host;
	uint32_t		 seed;
	int32_t			 seconds_lo, seconds_hi;
	const char		*text;
	size_t			 n;
};
int	 cp_game(const struct itp_client *, const void *);
int	 cp_no_game(const struct itp_client *, const void *);
int	 cp_blue(const struct itp_client *, const void *);
int	 cp_seconds(const struct itp_client *, const void *);

/* it_games_list.c */
void	t_create_update(void **);
void	t_coalesce(void **);
void	t_start(void **);
void	t_remove(void **);
void	t_host_disconnect(void **);
void	t_host_changes_room(void **);
void	t_newcomer(void **);
void	t_oversize(void **);
void	t_room_counts(void **);
void	t_idle_timeout(void **);

/* it_games_score.c */
void	t_score(void **);
void	t_rank(void **);
void	t_kill_game(void **);
void	kill_cleanup(void);

/* it_games_svc.c */
void	t_player_info(void **);
void	t_player_search(void **);
void	t_buddies(void **);
void	t_order(void **);
void	t_game_search(void **);

/* scenario prestates */
struct score_case {
	enum mw_dialect	 dialect;
	int		 ranked;
	const char	*host, *other;	/* accounts of the script */
};

#define RANK_N	4
struct rank_case {
	int		 n;
	const char	*user[RANK_N];	/* user[0] hosts */
	int		 team[RANK_N];	/* team of each player */
	int		 place[RANK_N];	/* place of each player's team */
	int		 finished[RANK_N];
	int		 want[RANK_N];	/* rating: 1 up, 0 1500, -1 down */
};

#endif /* ITG_GAMES_H */
