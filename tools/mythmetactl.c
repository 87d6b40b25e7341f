/*
 * mythmetactl.c - the administrator's tool: sends one command to the
 * running mythmetad over its control socket and prints the answer.  The
 * words are passed through as they are; the daemon decides what they
 * mean (see mythmetactl(8)).  A password given as "-" is read from
 * standard input so it stays out of ps(1) and shell history.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"

#ifndef MS_SYSCONFDIR
#define MS_SYSCONFDIR	"/etc"
#endif

#define MSG_MAX		8192	/* supervisor/control.h CTLSOCK_MSG_MAX */
#define REPLY_WAIT_MS	40000	/* the daemon gives up at 30 s */

#define EXIT_FAIL	1	/* the daemon refused or found nothing */
#define EXIT_USAGE	2	/* it did not understand the command */
#define EXIT_CONNECT	3	/* no daemon to talk to */

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: mythmetactl [-c file] [-s socket] command "
	    "[argument ...]\n");
	exit(EX_USAGE);
}

/* The socket path: -s, else supervisor.control_socket of the config. */
static int
socket_path(const char *conf, const char *sock, char *out, size_t len)
{
	struct ms_config	*cfg;
	char			 err[2048];

	if (sock != NULL) {
		snprintf(out, len, "%s", sock);
		return 0;
	}
	err[0] = '\0';
	if (ms_cfg_read_file(conf, NULL, &cfg, err, sizeof(err)) == -1) {
		fprintf(stderr, "mythmetactl: %s", err);
		return -1;
	}
	snprintf(out, len, "%s", cfg->control_socket);
	ms_cfg_free(cfg);
	return 0;
}

static int
read_secret(char *buf, size_t len)
{
	if (fgets(buf, (int)len, stdin) == NULL)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* Join the words with NULs; "-" after user add/passwd reads stdin. */
static ssize_t
build_command(int argc, char **argv, char *buf, size_t cap)
{
	char	secret[256];
	size_t	off = 0, n;
	int	i, pw;

	pw = argc >= 4 && strcmp(argv[0], "user") == 0 &&
	    (strcmp(argv[1], "add") == 0 || strcmp(argv[1], "passwd") == 0);
	for (i = 0; i < argc; i++) {
		const char *w = argv[i];

		if (pw && i == 3 && strcmp(w, "-") == 0) {
			if (read_secret(secret, sizeof(secret)) == -1)
				return -1;
			w = secret;
		}
		n = strlen(w) + 1;
		if (off + n > cap)
			return -1;
		memcpy(buf + off, w, n);
		off += n;
	}
	explicit_bzero(secret, sizeof(secret));
	return (ssize_t)off;
}

static int
connect_to(const char *path)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return -1;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
exchange(int fd, const char *cmd, size_t len)
{
	struct pollfd	pfd = { fd, POLLIN, 0 };
	char		buf[MSG_MAX + 1];
	ssize_t		n;

	if (send(fd, cmd, len, MSG_NOSIGNAL) != (ssize_t)len) {
		perror("mythmetactl: send");
		return EXIT_CONNECT;
	}
	if (poll(&pfd, 1, REPLY_WAIT_MS) != 1) {
		fprintf(stderr, "mythmetactl: no answer from mythmetad\n");
		return EXIT_FAIL;
	}
	if ((n = recv(fd, buf, MSG_MAX, 0)) <= 0) {
		fprintf(stderr, "mythmetactl: mythmetad closed the "
		    "connection\n");
		return EXIT_CONNECT;
	}
	buf[n] = '\0';
	if (n > 1)
		printf("%s\n", buf + 1);
	switch (buf[0]) {
	case 0:
		return 0;
	case 2:
		return EXIT_USAGE;
	default:
		return EXIT_FAIL;
	}
}

int
main(int argc, char *argv[])
{
	const char	*conf = MS_SYSCONFDIR "/mythmetad.conf", *sock = NULL;
	char		 path[256], cmd[MSG_MAX];
	ssize_t		 len;
	int		 ch, fd, rc;

	/* "+": options end at the command (results --user NAME). */
	while ((ch = getopt(argc, argv, "+c:s:")) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	if (socket_path(conf, sock, path, sizeof(path)) == -1)
		return EX_CONFIG;
	if ((len = build_command(argc, argv, cmd, sizeof(cmd))) == -1) {
		fprintf(stderr, "mythmetactl: command too long or no "
		    "password on standard input\n");
		return EX_USAGE;
	}
	if ((fd = connect_to(path)) == -1) {
		fprintf(stderr, "mythmetactl: cannot reach mythmetad at %s: "
		    "%s\n", path, strerror(errno));
		return EXIT_CONNECT;
	}
	rc = exchange(fd, cmd, (size_t)len);
	explicit_bzero(cmd, sizeof(cmd));
	close(fd);
	return rc;
}
