/*
 * wrk_int.h - state shared by the skeleton's own files (worker.c,
 * wrk_ctl.c, wrk_link.c); role code uses worker.h only.  There is one
 * worker per process, so the state is one global, touched only on the
 * loop thread.
 */
#ifndef MS_WRK_INT_H
#define MS_WRK_INT_H

#include <ev.h>

#include "worker.h"

struct ms_config;

struct wrk_state {
	struct ev_loop		*loop;
	const struct wrk_role	*role;
	uint32_t		 role_id;
	uint32_t		 index;
	uint32_t		 pid;
	uint32_t		 epoch;
	int			 verbose;	/* from -v */
	int			 configured;	/* first CONFIG applied */
	int			 stopping;
	/* The boot config fixed the links and the fd layout: never freed. */
	struct ms_config	*boot_cfg;
	struct ms_config	*cfg;		/* current: boot_cfg or newer */
	uint32_t		 gen;
	char			 procname[32];	/* "room[0]", log prefix */
};

extern struct wrk_state	wrk;

/* worker.c */
void	wrk_configured(struct ms_config *, uint32_t gen);
int	wrk_reconfigure(struct ms_config *, uint32_t gen);
void	wrk_stop(const char *why);
void	wrk_exit_now(void) __attribute__((noreturn));

/* wrk_ctl.c */
int	wrk_ctl_start(void);
int	wrk_ctl_send(uint16_t type, uint32_t reqid, const void *, size_t);

/* wrk_link.c */
int	wrk_links_open(const struct ms_config *);
void	wrk_links_reload(const struct ms_config *);
int	wrk_links_idle(void);
void	wrk_links_close(void);
void	wrk_links_unlink(void);

#endif /* MS_WRK_INT_H */
