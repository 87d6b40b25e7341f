/*
 * mb.h - mythmeta-bench, the load generator: the run's options, the
 * latency histogram, the result a worker process sends its parent, and
 * the entry points of each bench/mb_*.c file.
 * Invariants: all times are CLOCK_MONOTONIC nanoseconds, which every
 * process on the host shares; a worker writes only on its own pipe, so
 * its messages never interleave with another worker's.
 */
#ifndef MB_H
#define MB_H

#include <sys/types.h>

#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>

#include <ev.h>

#include "wire.h"

#define MB_ROOMS_MAX	64		/* what mythmetad.conf(5) allows */
#define MB_PROCS_MAX	64
#define MB_USERS_MAX	1000000
#define MB_NAME_MAX	31		/* login name field */
#define MB_PASS_MAX	15		/* Myth password field */
#define MB_PATH_MAX	256
#define MB_DRAIN_NS	1000000000ULL	/* wait for lines in flight */
#define MB_NS		1000000000ULL
#define MB_SCORE_MAX	(-1.0)		/* -S max: cycle as fast as answered */
#define MB_SEEN_MAX	32		/* games whose last update a user
					   remembers (its room's, at most) */

enum mb_dialect {
	MB_D_MYTH,
	MB_D_ALEPHONE,
	MB_D_MIX			/* even users Myth, odd Aleph One */
};

enum mb_mode {
	MB_M_CHAT,			/* log in, chat, log out */
	MB_M_LOGIN,			/* -L: logins only, over and over */
	MB_M_IDLE			/* -I: log in and stay silent */
};

struct mb_opts {
	char		 host[64];
	struct in_addr	 addr;		/* the only address we connect to */
	uint16_t	 login_port;
	uint32_t	 users;
	uint32_t	 procs;
	uint32_t	 rooms;		/* first N rooms of the list; 0 all */
	uint32_t	 inflight;	/* logins under way, all processes */
	double		 chat_rate;	/* lines/s, all users together */
	double		 pm_rate;	/* private lines/s, likewise */
	double		 duration;	/* measured phase, seconds */
	double		 warmup;	/* chat before measuring, seconds */
	double		 login_timeout;	/* per session, seconds */
	enum mb_dialect	 dialect;
	enum mb_mode	 mode;
	int		 accounts;	/* 0: guests */
	char		 name_pre[MB_NAME_MAX + 1];	/* around the %d */
	char		 name_post[MB_NAME_MAX + 1];
	char		 password[MB_PASS_MAX + 1];
	pid_t		 sup_pid;	/* 0: no daemon figures */
	char		 pidfile[MB_PATH_MAX];
	int		 json;
	int		 verbose;	/* -v: say why sessions failed */
	uint32_t	 games;		/* -G: hosting users, all processes */
	double		 game_share;	/* -g: the same as a share of users */
	double		 update_rate;	/* -u: 104s per second per game */
	double		 score_rate;	/* -S: cycles/s per host; 0 none,
					   MB_SCORE_MAX as fast as answered */
};

int	mb_opts_parse(struct mb_opts *, int argc, char *argv[]);
void	mb_opts_usage(FILE *);
int	mb_opts_username(const struct mb_opts *, uint32_t user, char *buf,
	    size_t size);
uint32_t mb_opts_games(const struct mb_opts *);
int	mb_opts_hosts(const struct mb_opts *, uint32_t user);
const char *mb_dialect_name(enum mb_dialect);
const char *mb_mode_name(enum mb_mode);

/*
 * Latency histogram with fixed log-linear buckets: values below
 * 2^MB_HIST_SUB_BITS have a bucket each; above, every power of two is
 * cut into 2^MB_HIST_SUB_BITS equal buckets (about 3% wide).  Fixed
 * buckets let the parent merge the workers' histograms by addition.
 */
#define MB_HIST_SUB_BITS	5
#define MB_HIST_SUB		(1u << MB_HIST_SUB_BITS)
#define MB_HIST_MAX_BITS	36	/* 2^36 ns (69 s) and up: last one */
#define MB_HIST_BUCKETS	\
	((MB_HIST_MAX_BITS - MB_HIST_SUB_BITS + 1) * MB_HIST_SUB)

struct mb_hist {
	uint64_t	count;
	uint64_t	sum;
	uint64_t	min;		/* exact; UINT64_MAX while empty */
	uint64_t	max;		/* exact */
	uint64_t	b[MB_HIST_BUCKETS];
};

void		mb_hist_init(struct mb_hist *);
void		mb_hist_add(struct mb_hist *, uint64_t v);
void		mb_hist_merge(struct mb_hist *, const struct mb_hist *);
size_t		mb_hist_bucket(uint64_t v);
uint64_t	mb_hist_upper(size_t bucket);
uint64_t	mb_hist_pct(const struct mb_hist *, double q);
double		mb_hist_mean(const struct mb_hist *);

enum mb_err {
	MB_E_CONNECT,		/* connect(2) failed */
	MB_E_REFUSED,		/* login or room login refused */
	MB_E_CLOSED,		/* closed or kicked by the server */
	MB_E_TIMEOUT,		/* login not done in time */
	MB_E_PROTOCOL,		/* the client session gave up */
	MB_E_SENDBUF,		/* our output buffer was full */
	MB_E_LIMITED,		/* server notice while chatting: flood */
	MB_E_COUNT
};

const char	*mb_err_name(enum mb_err);

/*
 * What a worker reports.  The login phase is [t_login_start,
 * t_login_end]; the window counters cover the measured phase only.
 */
struct mb_result {
	uint64_t	t_login_start;
	uint64_t	t_login_end;
	uint64_t	login_attempts;
	uint64_t	login_ok;	/* in a room (-L: logged in) */
	uint64_t	users_myth;	/* in a room, per dialect */
	uint64_t	users_alephone;
	uint64_t	logins_window;	/* -L: logins done in the window */
	uint64_t	chats_sent;	/* in the window */
	uint64_t	chats_skipped;	/* due but not sent: we lagged */
	uint64_t	pms_sent;
	uint64_t	deliveries;	/* chat lines received in window */
	uint64_t	pm_deliveries;
	uint64_t	delivered;	/* lines sent in window, received */
	uint64_t	pm_delivered;
	uint64_t	cpu_ns;		/* the worker's own user+system */
	uint64_t	errors[MB_E_COUNT];
	uint64_t	room_sent[MB_ROOMS_MAX];	/* chats, window */
	uint64_t	room_members[MB_ROOMS_MAX];
	struct mb_hist	login;		/* connect to room (or login) */
	struct mb_hist	chat;		/* send to delivery */
	struct mb_hist	pm;
	/* game scenario (-G, -g): the window's counters */
	uint64_t	hosts;		/* hosting users in a room */
	uint64_t	game_updates;	/* 104s sent (not the creates) */
	uint64_t	game_skipped;	/* due but not sent: we lagged */
	uint64_t	game_seen;	/* timed list entries received */
	uint64_t	game_delivered;	/* of the window's 104s, received */
	uint64_t	game_room_sent[MB_ROOMS_MAX];
	uint64_t	starts;		/* 114s sent */
	uint64_t	scores;		/* 112s sent */
	uint64_t	recorded;	/* "Game result recorded." lines */
	uint64_t	score_timeouts;	/* no such line in time */
	struct mb_hist	game;		/* 104 sent to change received */
	struct mb_hist	cycle;		/* 114 sent to result recorded */
};

void	mb_result_init(struct mb_result *);
void	mb_result_merge(struct mb_result *, const struct mb_result *);
uint64_t mb_result_expected(const struct mb_result *);
uint64_t mb_result_game_expected(const struct mb_result *);

/* Parent <-> worker messages: a header, then size bytes of body. */
enum mb_msg_type {
	MB_MSG_READY = 1,	/* worker: login phase over; no body */
	MB_MSG_GO,		/* parent: struct mb_go */
	MB_MSG_RESULT		/* worker: struct mb_result; then exit */
};

struct mb_msg_hdr {
	uint32_t	type;
	uint32_t	size;
};

struct mb_go {
	uint64_t	t0;		/* start chatting (warmup) */
	uint64_t	t1;		/* measure from */
	uint64_t	t2;		/* stop sending; drain, log out, exit */
};

uint64_t	mb_now(void);
int		mb_write_msg(int fd, uint32_t type, const void *, size_t);

/* Worker processes, seen from the parent (mb_proc.c). */
struct mb_procs;

int		 mb_raise_nofile(uint32_t per_proc);
struct mb_procs	*mb_procs_start(const struct mb_opts *);
uint32_t	 mb_procs_count(const struct mb_procs *);
uint32_t	 mb_procs_wait(struct mb_procs *, uint32_t type,
		    uint64_t deadline);
uint32_t	 mb_procs_go(struct mb_procs *, const struct mb_go *);
void		 mb_procs_merge(const struct mb_procs *, struct mb_result *);
void		 mb_procs_end(struct mb_procs *, uint64_t deadline);

/* One worker process (mb_worker.c); returns its exit status. */
int	mb_worker_main(const struct mb_opts *, uint32_t first,
	    uint32_t count, int rfd, int wfd);

/*
 * Inside a worker process: one libev loop, one struct mb_user per
 * simulated user, at most one socket each (the login connection is
 * closed before the room connection opens).
 */
/* a host's start+score cycle (-S) */
enum mb_cycle {
	MB_C_OFF,		/* not hosting, or no cycles */
	MB_C_READY,		/* game listed: may start */
	MB_C_WAIT		/* 114, 111, 112 sent: recorded line due */
};

/* the last timed update a user saw of one game (mb_game.c) */
struct mb_seen {
	int32_t		game_id;
	uint64_t	t;
};

enum mb_phase {
	MB_P_IDLE,		/* not started yet; -L: between logins */
	MB_P_LOGIN,		/* login connection */
	MB_P_ROOM,		/* room connection, not in the room yet */
	MB_P_IN_ROOM,
	MB_P_GONE		/* failed, dropped or logged out */
};

struct mb_worker;

struct mb_user {
	struct mb_worker	*w;
	struct mcl_session	*s;		/* NULL when no socket */
	ev_io			 io;
	ev_timer		 timer;		/* login deadline, -L retry */
	int			 fd;
	uint32_t		 id;		/* global user number */
	uint32_t		 user_id;	/* the server's, in the room */
	uint64_t		 t_start;	/* this login's connect */
	enum mb_phase		 phase;
	enum mw_dialect		 dialect;
	uint16_t		 room_port;
	uint8_t			 room;		/* index among rooms used */
	uint8_t			 connected;
	uint8_t			 logged_in;	/* set in the callback ... */
	uint8_t			 refused;	/* ... acted on after it */
	uint8_t			 kicked;
	uint8_t			 hosting;	/* -G, -g: hosts a game */
	uint8_t			 cycle;		/* enum mb_cycle */
	uint8_t			 seen_next;	/* slot to reuse */
	uint64_t		 t_cycle;	/* this cycle's 114 */
	struct mb_seen		*seen;		/* MB_SEEN_MAX, or NULL */
	uint8_t			 token[MW_TOKEN_SIZE];
};

struct mb_worker {
	struct ev_loop		*loop;
	const struct mb_opts	*o;
	struct mb_user		*u;
	uint32_t		 n;
	uint32_t		 next;		/* login phase: next to start */
	uint32_t		 inflight;
	uint32_t		 inflight_max;
	uint32_t		 settled;	/* login phase: ok or not */
	int			 pumping;	/* guards pump() recursion */
	int			 sending;	/* between t0 and t2 */
	int			 rfd, wfd;
	int			 aborted;	/* the parent went away */
	int			 step;		/* next phase timer step */
	double			 chat_rate;	/* this process's share */
	double			 pm_rate;
	uint64_t		 chat_sched;	/* lines due since t0 */
	uint64_t		 pm_sched;
	uint32_t		 chat_rr, pm_rr;	/* next sender */
	uint64_t		 seq;
	uint32_t		 said;		/* -v lines printed */
	struct mb_go		 go;
	ev_io			 ctl;
	ev_timer		 phase;
	ev_timer		 chat_tick;
	ev_timer		 pm_tick;
	ev_timer		 game_tick;	/* paces the 104s */
	ev_timer		 cycle_tick;	/* -S: starts, timeouts */
	double			 game_rate;	/* this process's 104s/s */
	uint64_t		 game_sched;
	uint32_t		 game_rr;	/* next host to update */
	uint32_t		*hosts;		/* indices into u */
	uint32_t		 nhosts;
	struct mb_seen		*seen;		/* n * MB_SEEN_MAX */
	struct mb_result	 res;
};

/* mb_client.c: one user's sessions */
void	mb_user_init(struct mb_worker *, struct mb_user *, uint32_t id);
int	mb_user_login(struct mb_user *);
int	mb_user_chat(struct mb_user *, const char *);
int	mb_user_private(struct mb_user *, uint32_t target, const char *);
void	mb_user_logout(struct mb_user *);
int	mb_user_queued(struct mb_user *, int rc);

/* mb_game.c: the game scenario inside a worker */
int	mb_game_setup(struct mb_worker *);
void	mb_game_begin(struct mb_worker *);
void	mb_game_stop(struct mb_worker *);
void	mb_game_free(struct mb_worker *);
void	mb_game_list(struct mb_user *, const struct mw_iter *);
int	mb_game_notice(struct mb_user *, const char *text);

/* mb_stamp.c: the send time in a 104, the stamps a user has seen */
void	mb_game_stamp_put(uint8_t plugin[MW_PLUGIN_DATA_SIZE], uint64_t t);
uint64_t mb_game_stamp(const uint8_t *data, size_t len);
int	mb_game_seen(struct mb_seen *seen, uint8_t *next, int32_t game_id,
	    uint64_t t);

/* mb_worker.c: what a user tells its worker */
void	mb_worker_settled(struct mb_worker *, struct mb_user *, int ok);
void	mb_worker_line(struct mb_worker *, const char *, int pm);
uint64_t mb_worker_due(struct mb_worker *, double rate, uint64_t *sched,
	    uint64_t *skipped);
double	mb_worker_period(double rate);

/* The daemon's processes through /proc (mb_procfs.c). */
struct mb_dsample {
	int		ok;
	uint32_t	nproc;		/* supervisor + its children */
	uint64_t	cpu_ticks;	/* utime + stime, clock ticks */
	uint64_t	rss_kib;
};

int	mb_daemon_pid(const struct mb_opts *, pid_t *);
int	mb_daemon_sample(pid_t, struct mb_dsample *);
double	mb_ticks_to_s(uint64_t ticks);

/* Figures and their output (mb_out.c). */
struct mb_summary {
	const struct mb_opts	*o;
	struct mb_result	 r;
	uint32_t		 procs_ok;	/* workers that reported */
	pid_t			 sup_pid;
	struct mb_dsample	 d_start;	/* before any login */
	struct mb_dsample	 d_before;	/* start of the window */
	struct mb_dsample	 d_after;	/* end of the window */
};

void	mb_out_text(FILE *, const struct mb_summary *);
void	mb_out_json(FILE *, const struct mb_summary *);

#endif /* MB_H */
