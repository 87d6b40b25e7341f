/*
 * it_players_harness.h - the harness of the players integration tests:
 * many client sessions (src/mclient.h) in one libev loop against the
 * real daemon on 127.0.0.1, each recording what it received (packet
 * order, server codes, its player list as maintained from add, delete
 * and change entries, chat lines); waits on predicates, always bounded
 * in time and in loop turns; mythmetactl runs and worker pids; and
 * what both suites (tests/it_players, tests/it_games) share: helpers of
 * their scenario files and the cmocka group's setup and run.
 * Accounts are made by the script, each with the password "pw-NAME".
 */
#ifndef ITP_HARNESS_H
#define ITP_HARNESS_H

#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <ev.h>

#include "mclient.h"
#include "wire.h"

#define ITP_ROOMS_MAX	8
#define ITP_CLIENTS_MAX	1024
#define ITP_SEQ_MAX	24	/* first packet types kept per connection */
#define ITP_CODES_MAX	16
#define ITP_LINES_MAX	100000	/* chat lines kept per client */
#define ITP_TEXT_MAX	96
#define ITP_OUT_MAX	4096	/* mythmetactl output kept */

/* What the script tells the program (environment, see itp_init()). */
struct itp_env {
	uint16_t	 login_port;
	size_t		 nrooms;
	int16_t		 room_id[ITP_ROOMS_MAX];
	uint16_t	 room_port[ITP_ROOMS_MAX];
	unsigned	 room_workers;
	pid_t		 sup_pid;
	const char	*ctl;		/* the mythmetactl binary */
	const char	*ctl_sock;
	unsigned	 max_packet;	/* gateway.max_packet */
};

struct itp_member {
	uint32_t	id;
	char		nick[MW_NICK_MAX + 1];
};

struct itp_line {			/* one chat line received */
	uint16_t	packet;		/* 200 or 201 */
	uint32_t	player_id;	/* as the server stamped it */
	uint32_t	target;		/* 201: target_player_id */
	uint32_t	echo;		/* 201: local_echo */
	char		sender[MW_NICK_MAX + 1];
	char		text[ITP_TEXT_MAX];
};

/*
 * One player: its identity and login result survive room changes; the
 * connection part (fd, session, records) is reset by each new
 * connection.  closed && !dropped is a disconnect the test did not ask
 * for.
 */
struct itp_client {
	enum mw_dialect		 dialect;
	char			 user[MW_NAME_FIELD];
	char			 pass[MCL_PASSWORD_MAX + 2];
	char			 nick[MW_NICK_MAX + 1];
	/* login */
	int			 logged_in;
	int			 nlogins;	/* packets 7 received */
	int32_t			 user_id;
	uint8_t			 token[MW_TOKEN_SIZE];
	size_t			 nrooms;
	struct mw_room		 rooms[ITP_ROOMS_MAX];
	int			 goal_room;	/* enter after login; -1 */
	/* connection */
	struct mcl_session	*s;
	int			 fd;
	int			 connecting;
	ev_io			 io;
	int			 room;		/* env index; -1: login */
	int			 closed;	/* session over */
	int			 eof;		/* the server closed it */
	int			 dropped;	/* the test closed it */
	int			 failed_code;	/* login refused; -1 */
	char			 reason[MCL_REASON_MAX];
	uint16_t		 seq[ITP_SEQ_MAX];
	int32_t			 seq_code[ITP_SEQ_MAX];	/* 3: its code */
	size_t			 nseq;
	int32_t			 codes[ITP_CODES_MAX];
	size_t			 ncodes;
	int			 in_room;
	uint32_t		 room_uid;	/* from packet 9 */
	unsigned		 nkeepalive;	/* 202s (answered) */
	int			 blammed;
	char			 blam[ITP_TEXT_MAX];
	struct itp_member	*roster;
	size_t			 nroster, roster_cap;
	struct itp_line		*lines;
	size_t			 nlines, lines_cap;
};

typedef int	itp_pred_fn(void *arg);
typedef int	itp_cpred_fn(const struct itp_client *, const void *arg);
typedef void	itp_hook_fn(struct itp_client *);

extern struct itp_env	 itp_env;
extern struct ev_loop	*itp_loop;
/* called on each room session itp_enter() makes, before the loop runs */
extern itp_hook_fn	*itp_room_hook;

/* life cycle: itp_init() reads the environment; 0 or -1 */
int	 itp_init(void);
void	 itp_fini(void);
void	 itp_free_all(void);

/* clients */
struct itp_client *itp_new(enum mw_dialect, const char *user,
	    const char *pass, const char *nick);
struct itp_client *itp_new_player(enum mw_dialect, const char *user,
	    const char *nick);
struct itp_client *itp_clone(const struct itp_client *);
int	 itp_go(struct itp_client *, int room);	/* login, then room */
int	 itp_enter(struct itp_client *, int room);	/* token known */
void	 itp_drop(struct itp_client *, int polite);
int	 itp_raw_write(struct itp_client *, const void *, size_t);
int	 itp_send_blob(struct itp_client *, uint16_t type,
	    const uint8_t *pkt, size_t len);
int	 itp_flush(struct itp_client *);
int	 itp_room_index(int16_t room_id);

/* blocking conveniences: 0 when the goal was reached in time */
int	 itp_login(struct itp_client *, int ms);
int	 itp_join(struct itp_client *, int room, int ms);
struct itp_client *itp_player(enum mw_dialect, const char *user,
	    const char *nick, int room);

/* waits: 1 once the predicate holds, 0 at the deadline */
int	 itp_wait(itp_pred_fn *, void *arg, int ms);
int	 itp_wait_all(struct itp_client **, size_t n, itp_cpred_fn *,
	    const void *arg, int ms);
int	 itp_wait_one(struct itp_client *, itp_cpred_fn *, const void *arg,
	    int ms);
void	 itp_settle(int ms);

/* client predicates (arg as noted) */
int	 itp_cp_logged_in(const struct itp_client *, const void *);
int	 itp_cp_over(const struct itp_client *, const void *);
int	 itp_cp_in_room(const struct itp_client *, const void *);
int	 itp_cp_eof(const struct itp_client *, const void *);
int	 itp_cp_line(const struct itp_client *, const void *text);
int	 itp_cp_member(const struct itp_client *, const void *idp);
int	 itp_cp_not_member(const struct itp_client *, const void *idp);
int	 itp_cp_code(const struct itp_client *, const void *codep);
int	 itp_cp_blammed(const struct itp_client *, const void *);

/* records */
const struct itp_member *itp_member(const struct itp_client *, uint32_t);
const struct itp_line *itp_line(const struct itp_client *, const char *);
size_t	 itp_count_lines(const struct itp_client *, const char *);
int	 itp_has_code(const struct itp_client *, int32_t);
int	 itp_seq_index(const struct itp_client *, uint16_t type);
int	 itp_disconnected(const struct itp_client *);
uint32_t itp_uid(const struct itp_client *);

/* mythmetactl: exit status (-1: could not run); output in out */
int	 itp_ctl(char *out, size_t cap, const char *arg, ...);
pid_t	 itp_ctl_spawn(int *pipefd, const char *const *args);
int	 itp_ctl_finish(pid_t, int pipefd, char *out, size_t cap, int ms);

/* processes and time */
pid_t	 itp_worker_pid(const char *role, unsigned index);
pid_t	 itp_wait_new_pid(const char *role, unsigned index, pid_t old,
	    int ms);
int	 itp_room_worker(int room);
uint64_t itp_now_ms(void);

/* the scenario files' helpers (cmocka failures) */
char	*uniq(char *buf, size_t size, const char *prefix);
void	 need_connected(struct itp_client **, size_t n);

/* the cmocka group */
int	 itp_init_rooms(const char *prog, int *const *index, size_t n);
int	 itp_run(const struct CMUnitTest *, size_t n,
	    CMFixtureFunction setup, CMFixtureFunction teardown);

#endif /* ITP_HARNESS_H */
