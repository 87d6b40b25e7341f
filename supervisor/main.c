/*
 * main.c - mythmetad's command line.  The same binary is the supervisor
 * and, re-executed with -P ROLE, every worker; the supervisor part only
 * parses options, checks the config and hands over to sup_run().
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "autoconf.h"
#include "log.h"
#include "sup.h"
#include "worker.h"

#ifndef MS_SYSCONFDIR
#define MS_SYSCONFDIR	"/etc"
#endif
#define DEFAULT_CONF	MS_SYSCONFDIR "/mythmetad.conf"


static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: mythmetad [-dfntv] [-c file]\n");
	exit(EX_USAGE);
}

/* Print every error on its own line, as "file:line: message". */
static int
check_config(int print)
{
	char	err[8192];

	err[0] = '\0';
	if (ms_cfg_read_file(sup.conf_path, &sup.cfg_text, &sup.cfg, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "%s%s", err,
		    err[0] != '\0' && err[strlen(err) - 1] != '\n' ? "\n" : "");
		return -1;
	}
	if (print)
		ms_cfg_print(stdout, sup.cfg);
	return 0;
}

static int
self_exe(char *buf, size_t len)
{
	ssize_t	n;

	if ((n = readlink("/proc/self/exe", buf, len - 1)) == -1)
		return -1;
	buf[n] = '\0';
	return 0;
}

int
main(int argc, char *argv[])
{
	int	ch, check = 0, noop = 0;

	if (argc >= 2 && strcmp(argv[1], "-P") == 0)
		return wrk_main(argc, argv);
	sup.conf_path = DEFAULT_CONF;
	while ((ch = getopt(argc, argv, "c:dfntv")) != -1) {
		switch (ch) {
		case 'c':
			sup.conf_path = optarg;
			break;
		case 'd':
			sup.foreground = 1;
			sup.verbose++;
			break;
		case 'f':
			sup.foreground = 1;
			break;
		case 'n':
			noop = 1;
			break;
		case 't':
			check = 1;
			break;
		case 'v':
			sup.verbose++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (check_config(noop && sup.verbose > 0) == -1)
		return check || noop ? 1 : EX_CONFIG;
	if (check || noop) {
		if (check)
			fprintf(stderr, "%s: configuration OK\n",
			    sup.conf_path);
		return 0;
	}
	if (self_exe(sup.self_exe, sizeof(sup.self_exe)) == -1) {
		perror("mythmetad: /proc/self/exe");
		return EX_OSERR;
	}
	return sup_run();
}
