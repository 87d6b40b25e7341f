/*
 * config_text.c - the raw text before libconfig sees it: the size-capped,
 * NUL-free file read whose exact bytes the supervisor ships to workers,
 * and a lexical pre-scan for what libconfig 1.5 accepts but we must not
 * (@include, integers it would silently wrap).
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_impl.h"

static const char *skip_string(const char *, unsigned *);
static const char *skip_comment(const char *, unsigned *);
static const char *skip_name(const char *);
static const char *scan_number(struct cf_ctx *, const char *, unsigned);
static ssize_t	 read_all(int, char *, size_t);
static int	 open_regular(struct cf_ctx *, const char *);
static char	*read_text(const char *, char *, size_t);

static const char *
skip_string(const char *p, unsigned *line)
{
	for (; *p != '\0' && *p != '"'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		if (*p == '\n')
			(*line)++;
	}
	return *p != '\0' ? p + 1 : p;
}

static const char *
skip_comment(const char *p, unsigned *line)
{
	for (; *p != '\0' && !(p[0] == '*' && p[1] == '/'); p++)
		if (*p == '\n')
			(*line)++;
	return *p != '\0' ? p + 2 : p;
}

static const char *
skip_name(const char *p)
{
	while (isalnum((unsigned char)*p) || *p == '_' || *p == '-' ||
	    *p == '*')
		p++;
	return p;
}

/*
 * scan_number - libconfig 1.5 silently wraps an integer that does not
 * fit 32 bits unless it carries an L suffix (4294967297 reads as 1), so
 * such a literal must be refused before it can pass a range check.
 */
static const char *
scan_number(struct cf_ctx *ctx, const char *p, unsigned line)
{
	const char	*q, *d;
	int		 big;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		for (d = q = p + 2; *d == '0'; d++)
			;
		while (isxdigit((unsigned char)*q))
			q++;
		big = q - d > 8;
	} else {
		for (d = q = p; *d == '0'; d++)
			;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q == '.' || *q == 'e' || *q == 'E') {
			while (*q != '\0' && (isdigit((unsigned char)*q) ||
			    strchr(".eE+-", *q) != NULL))
				q++;
			return q;
		}
		big = q - d > 10 ||
		    (q - d == 10 && strncmp(d, "2147483647", 10) > 0);
	}
	if (*q == 'L')
		return q + (q[1] == 'L' ? 2 : 1);
	if (big)
		ms_cfg_err(ctx, line, "integer %.*s is too large "
		    "(at most 2147483647)", (int)(q - p > 40 ? 40 : q - p), p);
	return q;
}

/*
 * scan_text - refuse what libconfig would take but we must not: @include
 * (workers parse from memory, where include paths cannot resolve) and
 * wrapped integers.  Strings and comments are skipped so their contents
 * are never mistaken for either.
 */
void
ms_cfg_scan(struct cf_ctx *ctx, const char *p)
{
	unsigned	line = 1;

	while (*p != '\0') {
		if (*p == '"')
			p = skip_string(p + 1, &line);
		else if (*p == '#' || (p[0] == '/' && p[1] == '/'))
			p += strcspn(p, "\n");
		else if (p[0] == '/' && p[1] == '*')
			p = skip_comment(p + 2, &line);
		else if (isalpha((unsigned char)*p) || *p == '*')
			p = skip_name(p);
		else if (isdigit((unsigned char)*p))
			p = scan_number(ctx, p, line);
		else {
			if (*p == '\n')
				line++;
			else if (strncmp(p, "@include", 8) == 0)
				ms_cfg_err(ctx, line, "@include is not "
				    "supported");
			p++;
		}
	}
}

static ssize_t
read_all(int fd, char *buf, size_t size)
{
	size_t	got = 0;
	ssize_t	n;

	while (got < size) {
		n = read(fd, buf + got, size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* open_regular - refuse FIFOs, devices and oversized files up front. */
static int
open_regular(struct cf_ctx *ctx, const char *path)
{
	struct stat	st;
	int		fd;

	/* O_NONBLOCK: opening a FIFO must not hang the reload. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		ms_cfg_err(ctx, 0, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1)
		ms_cfg_err(ctx, 0, "fstat: %s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		ms_cfg_err(ctx, 0, "not a regular file");
	else if (st.st_size > MS_CFG_TEXT_MAX)
		ms_cfg_err(ctx, 0, "file is %lld bytes, more than the limit "
		    "of %d", (long long)st.st_size, MS_CFG_TEXT_MAX);
	else
		return fd;
	close(fd);
	return -1;
}

/*
 * read_text - the file as one NUL-terminated string.  The cap is checked
 * again on what was read, in case the file grew after fstat.
 */
static char *
read_text(const char *path, char *err, size_t errlen)
{
	struct cf_ctx	 ctx;
	char		*buf;
	ssize_t		 n;
	int		 fd, saved;

	ms_cfg_ctx_init(&ctx, path, err, errlen);
	if ((fd = open_regular(&ctx, path)) == -1)
		return NULL;
	if ((buf = malloc(MS_CFG_TEXT_MAX + 2)) == NULL) {
		ms_cfg_err(&ctx, 0, "out of memory");
		close(fd);
		return NULL;
	}
	n = read_all(fd, buf, MS_CFG_TEXT_MAX + 1);
	saved = errno;
	close(fd);
	if (n == -1)
		ms_cfg_err(&ctx, 0, "read: %s", strerror(saved));
	else if (n > MS_CFG_TEXT_MAX)
		ms_cfg_err(&ctx, 0, "file is more than the limit of %d bytes",
		    MS_CFG_TEXT_MAX);
	else if (memchr(buf, '\0', (size_t)n) != NULL)
		ms_cfg_err(&ctx, 0, "contains a NUL byte");
	if (ctx.nerr > 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

int
ms_cfg_read_file(const char *path, char **text_r, struct ms_config **cfg_r,
    char *err, size_t errlen)
{
	char	*text;

	if (text_r != NULL)
		*text_r = NULL;
	*cfg_r = NULL;
	if ((text = read_text(path, err, errlen)) == NULL)
		return -1;
	if (ms_cfg_parse(text, path, cfg_r, err, errlen) == -1) {
		free(text);
		return -1;
	}
	if (text_r != NULL)
		*text_r = text;
	else
		free(text);
	return 0;
}
