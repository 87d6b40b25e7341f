/*
 * spawn.c - fork + exec one worker with a fixed descriptor layout:
 * fd 3 the control socketpair, and for gateways fd 4 the login
 * listener, fd 5 the HTTP listener, fd 6.. the room listeners.
 * Everything that allocates, logs or looks anything up happens before
 * fork(); between fork() and execv() the child calls only
 * async-signal-safe functions, and reports failure with write(2).
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "ctl.h"
#include "log.h"
#include "sup.h"

#define SPAWN_FDS_MAX	(1 + SUP_LISTEN_MAX)
#define SPAWN_ARGS_MAX	16
#define SPAWN_TMP_FD	256	/* parking spot above every target fd */

struct spawn_plan {
	char	*argv[SPAWN_ARGS_MAX];
	char	 index[16];
	char	 logdest[32];
	char	 verbose[8];
	int	 src[SPAWN_FDS_MAX];	/* src[i] goes to fd 3 + i */
	int	 nfds;
};

static void __attribute__((noreturn))
child_die(const char *msg, int code)
{
	static const char	pre[] = "mythmetad: worker spawn failed: ";
	ssize_t			r;

	r = write(STDERR_FILENO, pre, sizeof(pre) - 1);
	r = write(STDERR_FILENO, msg, strlen(msg));
	r = write(STDERR_FILENO, "\n", 1);
	(void)r;
	_exit(code);
}

static void
plan_fds(struct spawn_plan *p, const struct sup_child *c, int ctl)
{
	int	i;

	p->nfds = 0;
	p->src[p->nfds++] = ctl;
	if (c->role != MS_ROLE_GATEWAY)
		return;
	p->src[p->nfds++] = sup.lst.login_fd;
	p->src[p->nfds++] = sup.lst.http_fd;	/* -1 leaves fd 5 closed */
	for (i = 0; i < sup.lst.nrooms; i++)
		p->src[p->nfds++] = sup.lst.room_fd[i];
}

static void
plan_argv(struct spawn_plan *p, const struct sup_child *c)
{
	int	n = 0, v;

	snprintf(p->index, sizeof(p->index), "%u", c->index);
	snprintf(p->logdest, sizeof(p->logdest), "%s",
	    sup.to_stderr ? "stderr" : sup.cfg->log_facility);
	p->verbose[0] = '-';
	for (v = 0; v < sup.verbose && v < 6; v++)
		p->verbose[v + 1] = 'v';
	p->verbose[v + 1] = '\0';
	p->argv[n++] = sup.self_exe;
	p->argv[n++] = "-P";
	p->argv[n++] = (char *)ms_role_name(c->role);
	p->argv[n++] = "-I";
	p->argv[n++] = p->index;
	p->argv[n++] = "-L";
	p->argv[n++] = p->logdest;
	if (sup.verbose > 0)
		p->argv[n++] = p->verbose;
	p->argv[n] = NULL;
}

/* Move every source above the targets first, so no dup2 clobbers one. */
static void
child_fds(const struct spawn_plan *p)
{
	int	tmp[SPAWN_FDS_MAX], i;

	for (i = 0; i < p->nfds; i++) {
		tmp[i] = -1;
		if (p->src[i] != -1 &&
		    (tmp[i] = fcntl(p->src[i], F_DUPFD, SPAWN_TMP_FD)) == -1)
			child_die("fcntl F_DUPFD", EX_OSERR);
	}
	for (i = 0; i < p->nfds; i++)
		if (tmp[i] != -1 && dup2(tmp[i], MS_CTL_FD + i) == -1)
			child_die("dup2", EX_OSERR);
	if (syscall(SYS_close_range, MS_CTL_FD + p->nfds, ~0U, 0) == -1) {
		for (i = MS_CTL_FD + p->nfds; i < SPAWN_TMP_FD + 64; i++)
			close(i);
	}
}

static void
child_signals(void)
{
	sigset_t	none;
	int		sig;

	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void __attribute__((noreturn))
child_exec(const struct spawn_plan *p)
{
	if (sup.log_pipe_wr != -1 &&
	    dup2(sup.log_pipe_wr, STDERR_FILENO) == -1)
		child_die("dup2 log pipe", EX_OSERR);
	child_fds(p);
	child_signals();
	if (setsid() == -1)
		child_die("setsid", EX_OSERR);
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1)
		child_die("PR_SET_PDEATHSIG", EX_OSERR);
	if (sup.drop_privs && (setgroups(1, &sup.gid) == -1 ||
	    setresgid(sup.gid, sup.gid, sup.gid) == -1 ||
	    setresuid(sup.uid, sup.uid, sup.uid) == -1))
		child_die("dropping privileges", EX_NOPERM);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		child_die("PR_SET_NO_NEW_PRIVS", EX_OSERR);
	execv(sup.self_exe, p->argv);
	child_die("execv", EX_OSERR);
}

/*
 * sup_spawn - start c's process.  Returns its pid with the parent's end
 * of the control channel in *ctl_fd_r, or -1.  The caller must start
 * the ev_child watcher before returning to the loop.
 */
pid_t
sup_spawn(struct sup_child *c, int *ctl_fd_r)
{
	struct spawn_plan	p;
	int			sv[2];
	pid_t			pid;

	memset(&p, 0, sizeof(p));
	if (ms_ctl_socketpair(sv) == -1) {
		log_warn("%s: socketpair", c->name);
		return -1;
	}
	plan_argv(&p, c);
	plan_fds(&p, c, sv[1]);
	switch (pid = fork()) {
	case -1:
		log_warn("%s: fork", c->name);
		close(sv[0]);
		close(sv[1]);
		return -1;
	case 0:
		child_exec(&p);
	}
	close(sv[1]);
	*ctl_fd_r = sv[0];
	return pid;
}
