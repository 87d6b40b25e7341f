/*
 * log.c - syslog or stderr output for every process.  Each process calls
 * ms_log_init() after exec (never between fork and exec) and names
 * itself with ms_log_procinit() so every line says which role wrote it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <sysexits.h>
#include <time.h>

#include "log.h"

static int		 log_to_stderr = 1;
static int		 log_verbose;
static int		 log_facility = LOG_DAEMON;
static const char	*log_procname = "mythmetad";

static const struct {
	const char	*name;
	int		 value;
} facilities[] = {
	{ "daemon", LOG_DAEMON }, { "user", LOG_USER },
	{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
};

/* ms_log_facility_parse - syslog facility name to value, -1 if unknown. */
int
ms_log_facility_parse(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(facilities) / sizeof(facilities[0]); i++)
		if (strcasecmp(name, facilities[i].name) == 0)
			return facilities[i].value;
	return -1;
}

void
ms_log_init(int to_stderr, int facility)
{
	log_to_stderr = to_stderr;
	log_facility = facility;
	if (!log_to_stderr)
		openlog("mythmetad", LOG_PID | LOG_NDELAY, log_facility);
	tzset();
}

void
ms_log_procinit(const char *name)
{
	if (name != NULL)
		log_procname = name;
}

void
ms_log_setverbose(int level)
{
	log_verbose = level;
}

int
ms_log_getverbose(void)
{
	return log_verbose;
}

/* ms_log_reopen - SIGUSR1: reconnect to syslog (e.g. after a restart). */
void
ms_log_reopen(void)
{
	if (log_to_stderr)
		return;
	closelog();
	openlog("mythmetad", LOG_PID | LOG_NDELAY, log_facility);
}

static void
vlog(int pri, const char *fmt, va_list ap, const char *suffix)
{
	char	msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_to_stderr) {
		if (suffix != NULL)
			fprintf(stderr, "%s: %s: %s\n", log_procname, msg,
			    suffix);
		else
			fprintf(stderr, "%s: %s\n", log_procname, msg);
		fflush(stderr);
	} else if (suffix != NULL)
		syslog(pri, "%s: %s: %s", log_procname, msg, suffix);
	else
		syslog(pri, "%s: %s", log_procname, msg);
}

#define LOG_VERB(fn, pri, cond, suffix)					\
void									\
fn(const char *fmt, ...)						\
{									\
	va_list	ap;							\
	int	saved = errno;						\
									\
	if (!(cond))							\
		return;							\
	va_start(ap, fmt);						\
	vlog(pri, fmt, ap, suffix);					\
	va_end(ap);							\
	errno = saved;							\
}

LOG_VERB(log_crit, LOG_CRIT, 1, NULL)
LOG_VERB(log_warn, LOG_WARNING, 1, strerror(saved))
LOG_VERB(log_warnx, LOG_WARNING, 1, NULL)
LOG_VERB(log_info, LOG_INFO, 1, NULL)
LOG_VERB(log_debug, LOG_DEBUG, log_verbose > 0, NULL)

void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, strerror(saved));
	va_end(ap);
	exit(EX_SOFTWARE);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, NULL);
	va_end(ap);
	exit(EX_SOFTWARE);
}

void
ms_assert_fail(const char *expr, const char *file, int line)
{
	char	buf[512];

	snprintf(buf, sizeof(buf), "assertion \"%s\" failed at %s:%d", expr,
	    file, line);
	log_crit("%s", buf);
	abort();
}

int
log_budget_ok(struct log_budget *b, uint32_t per_s, uint64_t now_ms)
{
	uint64_t	sec = now_ms / 1000;

	if (sec != b->sec) {
		if (b->lost > 0)
			log_info("%u log lines suppressed", b->lost);
		b->sec = sec;
		b->n = b->lost = 0;
	}
	if (b->n < per_s) {
		b->n++;
		return 1;
	}
	b->lost++;
	return 0;
}
