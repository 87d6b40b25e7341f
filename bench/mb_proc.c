/*
 * mb_proc.c - the parent's side of the worker processes: the file limit,
 * fork with one pipe each way per worker, the GO message, reading the
 * workers' READY and RESULT messages with poll(2) up to a deadline, and
 * reaping them (SIGKILL by pid after the deadline).  The parent runs no
 * event loop and drives no sessions itself.
 */
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mb.h"

#define POLL_SLICE_MS	100
#define FD_SLACK	32	/* pipes, stdio, the loop's own */

struct mb_proc {
	pid_t			pid;
	int			rfd;		/* from the worker */
	int			wfd;		/* to the worker */
	int			dead;		/* EOF or a bad message */
	int			ready;
	int			have_result;
	size_t			got;		/* bytes of the message */
	struct mb_msg_hdr	hdr;
	struct mb_result	res;
};

struct mb_procs {
	uint32_t	n;
	struct mb_proc	p[];
};

static int	spawn(struct mb_procs *, uint32_t, const struct mb_opts *);
static void	read_some(struct mb_proc *);
static int	took(const struct mb_proc *, uint32_t);

uint64_t
mb_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * MB_NS + (uint64_t)ts.tv_nsec;
}

/* mb_write_msg - header and body, whole, on a blocking pipe */
int
mb_write_msg(int fd, uint32_t type, const void *body, size_t size)
{
	struct mb_msg_hdr	 h = { type, (uint32_t)size };
	const uint8_t		*parts[2] = { (const uint8_t *)&h, body };
	size_t			 lens[2] = { sizeof(h), size }, off;
	ssize_t			 n;
	int			 i;

	for (i = 0; i < 2; i++) {
		for (off = 0; off < lens[i]; off += (size_t)n) {
			n = write(fd, parts[i] + off, lens[i] - off);
			if (n == -1 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n <= 0)
				return -1;
		}
	}
	return 0;
}

/* mb_raise_nofile - soft limit up to the hard one; enough for us? */
int
mb_raise_nofile(uint32_t per_proc)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return -1;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	if ((uint64_t)per_proc + FD_SLACK > (uint64_t)rl.rlim_cur) {
		fprintf(stderr, "mythmeta-bench: %u users per process need "
		    "more than the %llu open files allowed: use more "
		    "processes (-P) or raise the hard limit\n", per_proc,
		    (unsigned long long)rl.rlim_cur);
		return -1;
	}
	return 0;
}

/* spawn - worker i; the child closes every other worker's pipe ends */
static int
spawn(struct mb_procs *ps, uint32_t i, const struct mb_opts *o)
{
	uint64_t	first = (uint64_t)i * o->users / ps->n;
	uint64_t	next = (uint64_t)(i + 1) * o->users / ps->n;
	int		down[2], up[2];
	uint32_t	j;

	if (pipe2(down, O_CLOEXEC) == -1)
		return -1;
	if (pipe2(up, O_CLOEXEC) == -1) {
		close(down[0]);
		close(down[1]);
		return -1;
	}
	fflush(NULL);
	if ((ps->p[i].pid = fork()) == 0) {
		for (j = 0; j < i; j++) {
			close(ps->p[j].rfd);
			close(ps->p[j].wfd);
		}
		close(down[1]);
		close(up[0]);
		_exit(mb_worker_main(o, (uint32_t)first,
		    (uint32_t)(next - first), down[0], up[1]));
	}
	close(down[0]);
	close(up[1]);
	ps->p[i].wfd = down[1];
	ps->p[i].rfd = up[0];
	if (ps->p[i].pid == -1) {
		close(down[1]);
		close(up[0]);
		return -1;
	}
	return fcntl(up[0], F_SETFL, O_NONBLOCK);
}

struct mb_procs *
mb_procs_start(const struct mb_opts *o)
{
	struct mb_procs	*ps;
	uint32_t	 i;

	ps = calloc(1, sizeof(*ps) + o->procs * sizeof(ps->p[0]));
	if (ps == NULL)
		return NULL;
	ps->n = o->procs;
	for (i = 0; i < ps->n; i++) {
		ps->p[i].rfd = ps->p[i].wfd = -1;
		mb_result_init(&ps->p[i].res);
	}
	for (i = 0; i < ps->n; i++) {
		if (spawn(ps, i, o) == -1) {
			perror("mythmeta-bench: worker");
			ps->n = i;
			mb_procs_end(ps, mb_now());
			return NULL;
		}
	}
	return ps;
}

uint32_t
mb_procs_count(const struct mb_procs *ps)
{
	return ps->n;
}

/* complete - one whole message in p: check its size, then record it */
static void
complete(struct mb_proc *p)
{
	p->got = 0;
	if (p->hdr.type == MB_MSG_READY && p->hdr.size == 0)
		p->ready = 1;
	else if (p->hdr.type == MB_MSG_RESULT)
		p->have_result = 1;
	else
		p->dead = 1;
}

/* read_some - what the pipe has: header first, then the result body */
static void
read_some(struct mb_proc *p)
{
	uint8_t		*dst;
	size_t		 want;
	ssize_t		 n;

	for (;;) {
		if (p->got < sizeof(p->hdr)) {
			dst = (uint8_t *)&p->hdr + p->got;
			want = sizeof(p->hdr) - p->got;
		} else {
			dst = (uint8_t *)&p->res + (p->got - sizeof(p->hdr));
			want = sizeof(p->hdr) + p->hdr.size - p->got;
		}
		if (p->got == sizeof(p->hdr) && p->hdr.size != 0 &&
		    (p->hdr.type != MB_MSG_RESULT ||
		    p->hdr.size != sizeof(p->res))) {
			p->dead = 1;
			return;
		}
		if (want == 0) {
			complete(p);
			continue;
		}
		n = read(p->rfd, dst, want);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		if (n <= 0) {
			p->dead = 1;
			return;
		}
		p->got += (size_t)n;
	}
}

/* slice_ms - poll(2) timeout: short, so the deadline is checked often */
static int
slice_ms(uint64_t left_ns)
{
	uint64_t	ms = left_ns / 1000000 + 1;

	return ms > POLL_SLICE_MS ? POLL_SLICE_MS : (int)ms;
}

static int
took(const struct mb_proc *p, uint32_t type)
{
	return type == MB_MSG_READY ? p->ready : p->have_result;
}

/*
 * mb_procs_wait - until every live worker sent a message of this type,
 * or the deadline; returns how many did.
 */
uint32_t
mb_procs_wait(struct mb_procs *ps, uint32_t type, uint64_t deadline)
{
	struct pollfd	pfd[MB_PROCS_MAX];
	uint32_t	idx[MB_PROCS_MAX], i, n, done;
	uint64_t	now;

	for (;;) {
		for (i = n = done = 0; i < ps->n; i++) {
			done += took(&ps->p[i], type) ? 1 : 0;
			if (ps->p[i].dead || took(&ps->p[i], type))
				continue;
			pfd[n].fd = ps->p[i].rfd;
			pfd[n].events = POLLIN;
			idx[n++] = i;
		}
		if (n == 0 || (now = mb_now()) >= deadline)
			return done;
		if (poll(pfd, n, slice_ms(deadline - now)) == -1 &&
		    errno != EINTR)
			return done;
		for (i = 0; i < n; i++)
			if (pfd[i].revents != 0)
				read_some(&ps->p[idx[i]]);
	}
}

uint32_t
mb_procs_go(struct mb_procs *ps, const struct mb_go *go)
{
	uint32_t	i, n = 0;

	for (i = 0; i < ps->n; i++) {
		if (ps->p[i].dead)
			continue;
		if (mb_write_msg(ps->p[i].wfd, MB_MSG_GO, go,
		    sizeof(*go)) == 0)
			n++;
	}
	return n;
}

void
mb_procs_merge(const struct mb_procs *ps, struct mb_result *r)
{
	uint32_t	i;

	mb_result_init(r);
	for (i = 0; i < ps->n; i++)
		if (ps->p[i].have_result)
			mb_result_merge(r, &ps->p[i].res);
}

/* reap - collect exited workers; returns how many are still running */
static uint32_t
reap(struct mb_procs *ps)
{
	uint32_t	i, left = 0;

	for (i = 0; i < ps->n; i++) {
		if (ps->p[i].pid <= 0)
			continue;
		if (waitpid(ps->p[i].pid, NULL, WNOHANG) == ps->p[i].pid)
			ps->p[i].pid = 0;
		else
			left++;
	}
	return left;
}

/* mb_procs_end - EOF to every worker, reap until the deadline, kill */
void
mb_procs_end(struct mb_procs *ps, uint64_t deadline)
{
	uint32_t	i;

	for (i = 0; i < ps->n; i++) {
		if (ps->p[i].wfd != -1)
			close(ps->p[i].wfd);
		ps->p[i].wfd = -1;
	}
	while (reap(ps) > 0 && mb_now() < deadline)
		usleep(10000);
	for (i = 0; i < ps->n; i++) {
		if (ps->p[i].pid > 0) {
			kill(ps->p[i].pid, SIGKILL);
			waitpid(ps->p[i].pid, NULL, 0);
		}
		if (ps->p[i].rfd != -1)
			close(ps->p[i].rfd);
	}
	free(ps);
}
