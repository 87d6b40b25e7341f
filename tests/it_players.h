/*
 * it_players.h - shared by the scenario files of tests/it_players: the
 * rooms the script configures (ids 0-3, found by id in the room list
 * the script passes), the assertion helpers ("got X, want Y") and the
 * scenario functions that it_players.c lists for cmocka.
 */
#ifndef ITP_PLAYERS_H
#define ITP_PLAYERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "it_players_harness.h"

#define MYTH	MW_DIALECT_MYTH
#define A1	MW_DIALECT_ALEPHONE

/* room ids of tests/it_players.sh's configuration */
#define ROOM_ID_MAIN	0	/* unranked, guests, most scenarios */
#define ROOM_ID_RANKED	1	/* ranked, no guests */
#define ROOM_ID_BULK	2	/* capacity 1000: the 500 clients */
#define ROOM_ID_KILL	3	/* the room worker kill test only */

#define WHY_MAX	256	/* roster_check()'s explanation */

#define EXPECT(cond, ...) do {						\
	if (!(cond))							\
		fail_msg(__VA_ARGS__);					\
} while (0)

/* env indices of the rooms above, set by the group setup */
extern int	r_main, r_ranked, r_bulk, r_kill;

void	need_in_room(const struct itp_client *);
void	check_room_entry(const struct itp_client *);
void	need_line(const struct itp_client *, const char *text,
	    uint32_t from);
int	 roster_check(const struct itp_client *, struct itp_client **,
	    size_t n, const struct itp_client *maybe, char *why,
	    size_t whysize);

/* it_players_room.c */
void	t_see_each_other(void **);
void	t_chat(void **);
void	t_chat_spoofed(void **);
void	t_private(void **);
void	t_private_absent(void **);
void	t_room_change_account(void **);
void	t_room_change_guest(void **);
void	t_kick(void **);
void	t_bad_input(void **);
void	t_broadcast_500(void **);
void	t_keepalive(void **);

/* it_players_kill.c */
void	t_kill_room(void **);
void	t_kill_room_chat(void **);
void	t_kill_room_leave(void **);
void	t_kill_room_join(void **);
void	t_kill_store_login(void **);
void	t_kill_store_write(void **);
void	kill_cleanup(void);

/* bad input cases, the prestate of t_bad_input */
enum bad_kind {
	BAD_GARBAGE,
	BAD_OVERSIZE,
	BAD_MAGIC
};

struct bad_case {
	enum mw_dialect	dialect;
	enum bad_kind	kind;
};

#endif /* ITP_PLAYERS_H */
