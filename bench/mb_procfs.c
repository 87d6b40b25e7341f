/*
 * mb_procfs.c - the daemon's cost, read from /proc: the supervisor (by
 * pid or pidfile) and every process whose parent it is (the workers),
 * summed: CPU as utime + stime in clock ticks, memory as resident set
 * size.  One pass over /proc per sample, bounded in entries read.
 */
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mb.h"

#define PROC_SCAN_MAX	1000000	/* /proc entries looked at per sample */
#define STAT_MAX	1024

struct pstat {
	pid_t		ppid;
	uint64_t	ticks;		/* utime + stime */
	uint64_t	rss_pages;
};

static int	read_small(const char *, char *, size_t);
static int	read_stat(pid_t, struct pstat *);
static void	add(struct mb_dsample *, const struct pstat *);

/* read_small - a whole small file, NUL-terminated; -1 if unreadable */
static int
read_small(const char *path, char *buf, size_t size)
{
	ssize_t	n;
	size_t	len = 0;
	int	fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while (len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return len > 0 ? 0 : -1;
}

/*
 * read_stat - fields of /proc/PID/stat (proc(5)): the name in field 2
 * may hold spaces and parentheses, so count fields from the last ')'.
 * Field 4 is ppid, 14 utime, 15 stime, 24 rss (pages).
 */
static int
read_stat(pid_t pid, struct pstat *ps)
{
	char			 path[64], buf[STAT_MAX], *p, *end;
	unsigned long long	 v[22];
	int			 i;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if (read_small(path, buf, sizeof(buf)) == -1 ||
	    (p = strrchr(buf, ')')) == NULL || p[1] != ' ' || p[2] == '\0')
		return -1;
	p += 4;				/* ") S " : field 4 starts here */
	for (i = 0; i < 21; i++) {
		errno = 0;
		v[i] = strtoull(p, &end, 10);
		if (end == p || errno != 0)
			return -1;
		p = end;
	}
	ps->ppid = (pid_t)v[0];
	ps->ticks = v[10] + v[11];
	ps->rss_pages = v[20];
	return 0;
}

static void
add(struct mb_dsample *d, const struct pstat *ps)
{
	static long	page_kib;

	if (page_kib == 0)
		page_kib = sysconf(_SC_PAGESIZE) / 1024;
	d->nproc++;
	d->cpu_ticks += ps->ticks;
	d->rss_kib += ps->rss_pages * (uint64_t)(page_kib > 0 ? page_kib : 4);
}

/*
 * mb_daemon_sample - the supervisor and its children right now.  A
 * worker that exits between two samples takes its CPU time with it:
 * compare nproc before and after to notice.
 */
int
mb_daemon_sample(pid_t sup, struct mb_dsample *d)
{
	struct pstat	 ps;
	struct dirent	*de;
	DIR		*dir;
	long		 pid;
	size_t		 seen = 0;

	memset(d, 0, sizeof(*d));
	if (read_stat(sup, &ps) == -1 || (dir = opendir("/proc")) == NULL)
		return -1;
	add(d, &ps);
	while ((de = readdir(dir)) != NULL && seen++ < PROC_SCAN_MAX) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = strtol(de->d_name, NULL, 10);
		if (pid > 0 && pid != sup && read_stat((pid_t)pid, &ps) == 0 &&
		    ps.ppid == sup)
			add(d, &ps);
	}
	closedir(dir);
	d->ok = 1;
	return 0;
}

/* mb_daemon_pid - from -s, or the first number in the -f pidfile */
int
mb_daemon_pid(const struct mb_opts *o, pid_t *pid)
{
	char	 buf[64], *end;
	long	 v;

	*pid = o->sup_pid;
	if (o->pidfile[0] == '\0')
		return 0;
	if (read_small(o->pidfile, buf, sizeof(buf)) == -1) {
		fprintf(stderr, "mythmeta-bench: %s: cannot read\n",
		    o->pidfile);
		return -1;
	}
	errno = 0;
	v = strtol(buf, &end, 10);
	if (end == buf || errno != 0 || v <= 0 || v > 4194304 ||
	    (*end != '\0' && *end != '\n')) {
		fprintf(stderr, "mythmeta-bench: %s: no pid\n", o->pidfile);
		return -1;
	}
	*pid = (pid_t)v;
	return 0;
}

double
mb_ticks_to_s(uint64_t ticks)
{
	long	hz = sysconf(_SC_CLK_TCK);

	return (double)ticks / (double)(hz > 0 ? hz : 100);
}
