/*
 * log.h - logging shared by every process: syslog or stderr, one prefix
 * per process ("room", "gateway", ...), OpenBSD-style verbs.  log_warn()
 * appends strerror(errno), log_warnx() does not.
 */
#ifndef MS_LOG_H
#define MS_LOG_H

#include <stdarg.h>
#include <stdint.h>

void	ms_log_init(int to_stderr, int facility);
void	ms_log_procinit(const char *name);
void	ms_log_setverbose(int level);
int	ms_log_getverbose(void);
int	ms_log_facility_parse(const char *name);
void	ms_log_reopen(void);

void	log_crit(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/*
 * A flood of bad input (a client, a peer) must not become a flood of log
 * lines: each such source keeps a log_budget and logs only while
 * log_budget_ok() says so.  At most per_s lines pass in a second; the
 * first line let through in a later second is preceded by the count of
 * those suppressed.
 */
struct log_budget {
	uint64_t	sec;
	uint32_t	n;
	uint32_t	lost;
};
int	log_budget_ok(struct log_budget *, uint32_t per_s, uint64_t now_ms);

/* Invariants stay checked in release builds: a core beats bad state. */
#define MS_ASSERT(x) do {						\
	if (!(x))							\
		ms_assert_fail(#x, __FILE__, __LINE__);			\
} while (0)
void	ms_assert_fail(const char *, const char *, int)
	    __attribute__((noreturn));

#endif /* MS_LOG_H */
