/*
 * sup.h - the supervisor's state: one record per worker, the listeners
 * it owns, the live config and its generation.  The supervisor is one
 * libev loop in one thread and never links nng; everything a worker does
 * reaches it as a control message on that worker's socketpair or as an
 * exit status through ev_child.
 */
#ifndef SUP_SUP_H
#define SUP_SUP_H

#include <sys/types.h>

#include <limits.h>
#include <stdint.h>

#include <ev.h>

#include "config.h"
#include "proto.h"
#include "restart.h"

#define SUP_CHILDREN_MAX	(2 + 2 * MS_CFG_WORKERS_MAX)
#define SUP_LISTEN_MAX		(2 + MS_CFG_ROOMS_MAX)

enum sup_child_state {
	CH_DOWN,	/* not running; a restart timer may be pending */
	CH_STARTING,	/* spawned, READY not yet seen */
	CH_READY,
	CH_STOPPING,	/* we asked it to stop */
	CH_PARKED	/* crash loop or permanent exit: left down */
};

struct sup_child {
	enum ms_role		 role;
	unsigned		 index;
	char			 name[24];	/* "room[0]" */
	enum sup_child_state	 state;
	pid_t			 pid;		/* -1 when not running */
	int			 ctl_fd;	/* -1 when not running */
	int			 stop_requested; /* exit will not count */
	int			 respawn_after_stop; /* deliberate restart */
	uint32_t		 epoch;		/* from its messages */
	uint32_t		 acked_gen;	/* last config it applied */
	uint64_t		 hb_seq;
	uint64_t		 hb_echo_ms;	/* last heartbeat echo */
	uint64_t		 last_exit_log_ms;
	unsigned		 restarts;	/* since the supervisor began */
	int			 reload_wait;	/* CFG_ACK of sup.gen due */
	int			 reload_restart; /* restart once acked */
	struct sup_restart_state rs;
	ev_child		 child_w;
	ev_io			 ctl_w;
	ev_timer		 ready_w;	/* READY deadline */
	ev_timer		 hb_w;		/* heartbeat send + check */
	ev_timer		 restart_w;	/* backoff or park probe */
	ev_timer		 kill_w;	/* stop escalation to SIGKILL */
};

/* Listening sockets, in the fd order the gateway receives them. */
struct sup_listeners {
	int	login_fd;
	int	http_fd;		/* -1 when listen.http_port = 0 */
	int	room_fd[MS_CFG_ROOMS_MAX];
	int	room_port[MS_CFG_ROOMS_MAX];
	int	nrooms;
};

struct sup {
	struct ev_loop		*loop;
	const char		*conf_path;
	char			 self_exe[PATH_MAX];
	int			 foreground;
	int			 to_stderr;
	int			 verbose;
	char			*cfg_text;	/* exact validated bytes */
	struct ms_config	*cfg;
	uint32_t		 gen;
	uint32_t		 epoch;
	uint8_t			 secret[MS_SECRET_SIZE];	/* per run */
	int			 drop_privs;
	uid_t			 uid;
	gid_t			 gid;
	int			 made_rundir;
	int			 pid_fd;
	int			 log_pipe_wr;	/* workers' fd 2, or -1 */
	struct sup_listeners	 lst;
	struct sup_child	 child[SUP_CHILDREN_MAX];
	size_t			 nchild;
	int			 shutting_down;
	int			 stop_stage;	/* role being stopped */
	int			 reloading;
	ev_timer		 reload_w;
	ev_timer		 stop_w;
	ev_signal		 sig_w[5];
};

extern struct sup	sup;

/* sup.c */
int	sup_run(void);

/* util */
uint64_t	sup_now_ms(void);

/* daemon.c */
int	sup_pidfile_open(const char *path);
int	sup_pidfile_write(int fd);
void	sup_pidfile_remove(const char *path, int fd);
int	sup_daemonize(void);
int	sup_resolve_user(const struct ms_config *, int *drop_r, uid_t *,
	    gid_t *);
int	sup_rundir_prepare(const char *dir, int drop, uid_t, gid_t,
	    int *made_r);
void	sup_rundir_cleanup(const char *dir, int made);
int	sup_datadir_prepare(const char *dbpath, int drop, uid_t, gid_t);

/* logfile.c */
int	sup_logfile_start(struct ev_loop *, const char *path);
void	sup_logfile_reopen(const char *path);

/* listen.c */
int	sup_listen_open(const struct ms_config *, struct sup_listeners *,
	    const struct sup_listeners *reuse);
void	sup_listen_close(struct sup_listeners *);
int	sup_listen_same(const struct ms_config *, const struct ms_config *);

/* spawn.c */
pid_t	sup_spawn(struct sup_child *, int *ctl_fd_r);

/* child.c */
void	sup_children_init(void);
void	sup_child_start(struct sup_child *);
void	sup_child_stop(struct sup_child *, int respawn);
void	sup_child_kill(struct sup_child *, const char *why);
void	sup_child_send_config(struct sup_child *);
int	sup_children_running(int role);

/* reload.c */
void	sup_reload(void);
void	sup_reload_ack(struct sup_child *, uint32_t gen, int32_t status);
void	sup_reload_forget(struct sup_child *);

/* shutdown.c */
void	sup_shutdown_begin(void);
void	sup_shutdown_step(void);

#endif /* SUP_SUP_H */
