/*
 * logfile.c - log.file support.  The supervisor alone holds the log
 * file open; every worker's stderr is the write end of one pipe that the
 * supervisor copies into the file.  So SIGUSR1 (after logrotate moved
 * the file) needs one reopen here, and workers that dropped privileges
 * never need access to the log directory.  Lines up to PIPE_BUF bytes
 * are written atomically by the workers, so they never interleave.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sup.h"

static int	logfile_fd = -1;
static int	logpipe_rd = -1;
static ev_io	logpipe_w;

static int
logfile_open(const char *path)
{
	int	fd;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd == -1)
		return -1;
	if (dup2(fd, STDERR_FILENO) == -1) {
		close(fd);
		return -1;
	}
	if (logfile_fd != -1)
		close(logfile_fd);
	logfile_fd = fd;
	return 0;
}

static void
logpipe_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	char	buf[16384];
	ssize_t	n;
	int	i;

	(void)loop;
	(void)revents;
	for (i = 0; i < 16; i++) {
		n = read(w->fd, buf, sizeof(buf));
		if (n <= 0)
			return;
		if (write(logfile_fd, buf, (size_t)n) != n)
			return;	/* nowhere left to report it */
	}
}

/*
 * sup_logfile_start - open path as our stderr and create the pipe the
 * workers will write to.  Returns the pipe's write end (handed to each
 * worker as its fd 2), or -1.
 */
int
sup_logfile_start(struct ev_loop *loop, const char *path)
{
	int	p[2];

	if (logfile_open(path) == -1) {
		log_warn("log file %s", path);
		return -1;
	}
	if (pipe2(p, O_CLOEXEC) == -1) {
		log_warn("pipe");
		return -1;
	}
	(void)fcntl(p[0], F_SETFL, O_NONBLOCK);
	logpipe_rd = p[0];
	ev_io_init(&logpipe_w, logpipe_cb, logpipe_rd, EV_READ);
	ev_io_start(loop, &logpipe_w);
	return p[1];
}

/* sup_logfile_reopen - SIGUSR1: the file may have been rotated. */
void
sup_logfile_reopen(const char *path)
{
	if (logfile_fd == -1)
		return;
	if (logfile_open(path) == -1)
		log_warn("reopen log file %s", path);
	else
		log_info("log file reopened");
}
