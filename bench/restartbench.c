/*
 * restartbench.c - how long players wait for a worker to come back:
 * SIGKILL the given worker of a running mythmetad, then poll the
 * gateway's /health until the routed ping answers through a new pid for
 * that worker.  Repeats, prints every sample, the median, and the
 * supervisor's resident set size.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SAMPLES_MAX	1000
#define WAIT_MAX_MS	10000

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The pid of the child of sup whose command line has "-P role -I 0". */
static long
worker_pid(long sup, const char *role)
{
	char		 path[64], buf[512], want[64];
	struct dirent	*de;
	DIR		*d;
	FILE		*f;
	long		 pid, ppid, found = -1;
	size_t		 n, i;

	snprintf(want, sizeof(want), "-P %s -I 0 ", role);
	if ((d = opendir("/proc")) == NULL)
		return -1;
	while (found == -1 && (de = readdir(d)) != NULL) {
		if ((pid = strtol(de->d_name, NULL, 10)) <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		n = fscanf(f, "%*d %*s %*c %ld", &ppid);
		fclose(f);
		if (n != 1 || ppid != sup)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		n = fread(buf, 1, sizeof(buf) - 2, f);
		fclose(f);
		for (i = 0; i < n; i++)
			if (buf[i] == '\0')
				buf[i] = ' ';
		buf[n] = '\0';
		if (strstr(buf, want) != NULL)
			found = pid;
	}
	closedir(d);
	return found;
}

/* One GET /health; 1 if it was 200 and names role with a pid != old. */
static int
health_ok(int port, const char *role, long old)
{
	struct sockaddr_in	sin;
	char			buf[8192], want[64], *p;
	size_t			len = 0;
	ssize_t			n;
	int			fd, ok = 0;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return 0;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    write(fd, "GET /health HTTP/1.0\r\n\r\n", 24) != 24)
		goto out;
	while (len < sizeof(buf) - 1 &&
	    (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	snprintf(want, sizeof(want), "\"role\":\"%s\",\"index\":0,\"pid\":",
	    role);
	if (strncmp(buf, "HTTP/1.0 200", 12) == 0 &&
	    (p = strstr(buf, want)) != NULL &&
	    strtol(p + strlen(want), NULL, 10) != old)
		ok = 1;
out:
	close(fd);
	return ok;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static long
rss_kib(long pid)
{
	char	path[64], line[256];
	FILE	*f;
	long	kib = -1;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

int
main(int argc, char *argv[])
{
	double	 s[SAMPLES_MAX], t0, t;
	long	 sup, old;
	int	 port, n, i;
	const char *role;

	if (argc != 5) {
		fprintf(stderr, "usage: restartbench SUPERVISOR_PID HTTP_PORT "
		    "ROLE SAMPLES\n");
		return 64;
	}
	sup = strtol(argv[1], NULL, 10);
	port = atoi(argv[2]);
	role = argv[3];
	n = atoi(argv[4]);
	if (n < 1 || n > SAMPLES_MAX)
		return 64;
	for (i = 0; i < n; i++) {
		while ((old = worker_pid(sup, role)) == -1 ||
		    !health_ok(port, role, -1))
			usleep(1000);
		t0 = now_ms();
		kill((pid_t)old, SIGKILL);
		do {
			usleep(200);
			t = now_ms() - t0;
		} while (!health_ok(port, role, old) && t < WAIT_MAX_MS);
		if (t >= WAIT_MAX_MS) {
			fprintf(stderr, "%s did not come back\n", role);
			return 1;
		}
		s[i] = t;
		printf("sample %d: %.2f ms\n", i + 1, t);
		usleep(100000);
	}
	qsort(s, (size_t)n, sizeof(s[0]), cmp_double);
	printf("%s SIGKILL -> ping answered by the new pid: median %.2f ms "
	    "(min %.2f, max %.2f, n=%d)\n", role, n % 2 ? s[n / 2] :
	    (s[n / 2 - 1] + s[n / 2]) / 2, s[0], s[n - 1], n);
	printf("supervisor RSS: %ld KiB\n", rss_kib(sup));
	return 0;
}
