/*
 * config_value.c - one value of the settings tables: check a libconfig
 * setting against its row and store it, apply a default, compare, print
 * it back, and blame a change on the roles that read it.  Also the error
 * collector, which keeps every error and never overruns the caller's
 * buffer.  Shared by config.c and config_rooms.c.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libconfig.h>

#include "config.h"
#include "config_impl.h"

static void	 err_append(struct cf_ctx *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	*field(void *, const struct cf_row *);
static const void *cfield(const void *, const struct cf_row *);
static int	 get_string(struct cf_ctx *, const config_setting_t *,
		    const char *, const char **);
static int	 set_int(struct cf_ctx *, const struct cf_row *,
		    const config_setting_t *, void *, const char *);
static int	 set_bool(struct cf_ctx *, const struct cf_row *,
		    const config_setting_t *, void *, const char *);
static int	 set_str(struct cf_ctx *, const struct cf_row *,
		    const config_setting_t *, void *, const char *);
static int	 set_enum(struct cf_ctx *, const struct cf_row *,
		    const config_setting_t *, void *, const char *);
static void	 put_string(FILE *, const char *);

void
ms_cfg_ctx_init(struct cf_ctx *ctx, const char *fname, char *err,
    size_t errlen)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->fname = fname != NULL ? fname : "(config)";
	ctx->err = err;
	ctx->errlen = err != NULL ? errlen : 0;
	if (ctx->errlen > 0)
		err[0] = '\0';
}

/* err_append - add to err, truncating (never overflowing) when full. */
static void
err_append(struct cf_ctx *ctx, const char *fmt, ...)
{
	va_list	ap;
	size_t	room;
	int	n;

	if (ctx->errlen == 0 || ctx->used >= ctx->errlen - 1)
		return;
	room = ctx->errlen - ctx->used;
	va_start(ap, fmt);
	n = vsnprintf(ctx->err + ctx->used, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		ctx->err[ctx->used] = '\0';
	else if ((size_t)n >= room)
		ctx->used = ctx->errlen - 1;
	else
		ctx->used += (size_t)n;
}

/* ms_cfg_err - one "file:line: message" error; line 0 = not known. */
void
ms_cfg_err(struct cf_ctx *ctx, unsigned line, const char *fmt, ...)
{
	char		 msg[512];
	const char	*sep;
	va_list		 ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sep = ctx->nerr++ > 0 ? "\n" : "";
	if (line > 0)
		err_append(ctx, "%s%s:%u: %s", sep, ctx->fname, line, msg);
	else
		err_append(ctx, "%s%s: %s", sep, ctx->fname, msg);
}

unsigned
ms_cfg_line(const config_setting_t *s)
{
	return config_setting_source_line(s);
}

static void *
field(void *base, const struct cf_row *row)
{
	return (char *)base + row->off;
}

static const void *
cfield(const void *base, const struct cf_row *row)
{
	return (const char *)base + row->off;
}

uint32_t
ms_cfg_u32(const struct cf_row *row, const void *base)
{
	uint32_t	v;

	memcpy(&v, cfield(base, row), sizeof(v));
	return v;
}

static int
set_int(struct cf_ctx *ctx, const struct cf_row *row,
    const config_setting_t *s, void *base, const char *path)
{
	int		 t = config_setting_type(s);
	long long	 v;
	uint32_t	 u;

	if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
		ms_cfg_err(ctx, ms_cfg_line(s), "\"%s\" must be an integer",
		    path);
		return -1;
	}
	v = config_setting_get_int64(s);
	if (v < row->min || v > row->max) {
		ms_cfg_err(ctx, ms_cfg_line(s), "\"%s\" is %lld, must be "
		    "%lld..%lld", path, v, row->min, row->max);
		return -1;
	}
	u = (uint32_t)v;
	memcpy(field(base, row), &u, sizeof(u));
	return 0;
}

static int
set_bool(struct cf_ctx *ctx, const struct cf_row *row,
    const config_setting_t *s, void *base, const char *path)
{
	int	b;

	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		ms_cfg_err(ctx, ms_cfg_line(s), "\"%s\" must be true or false",
		    path);
		return -1;
	}
	b = config_setting_get_bool(s) ? 1 : 0;
	memcpy(field(base, row), &b, sizeof(b));
	return 0;
}

/* get_string - a string without control characters, which no key needs. */
static int
get_string(struct cf_ctx *ctx, const config_setting_t *s, const char *path,
    const char **v_r)
{
	const char	*v;

	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		ms_cfg_err(ctx, ms_cfg_line(s), "\"%s\" must be a string",
		    path);
		return -1;
	}
	for (v = config_setting_get_string(s); *v != '\0'; v++) {
		if ((unsigned char)*v < 0x20 || *v == 0x7f) {
			ms_cfg_err(ctx, ms_cfg_line(s), "\"%s\" contains a "
			    "control character", path);
			return -1;
		}
	}
	*v_r = config_setting_get_string(s);
	return 0;
}

static int
set_str(struct cf_ctx *ctx, const struct cf_row *row,
    const config_setting_t *s, void *base, const char *path)
{
	const char	*v;
	size_t		 len;

	if (get_string(ctx, s, path, &v) == -1)
		return -1;
	len = strlen(v);
	if (len == 0 && row->min > 0) {
		ms_cfg_err(ctx, ms_cfg_line(s), "\"%s\" must not be empty",
		    path);
		return -1;
	}
	if (len > (size_t)row->max) {
		ms_cfg_err(ctx, ms_cfg_line(s), "\"%s\" is too long (%zu "
		    "characters, at most %lld)", path, len, row->max);
		return -1;
	}
	if (row->valid != NULL && !row->valid(v)) {
		ms_cfg_err(ctx, ms_cfg_line(s), "\"%s\" is \"%s\", must be %s",
		    path, v, row->what);
		return -1;
	}
	memset(field(base, row), 0, row->size);
	memcpy(field(base, row), v, len);
	return 0;
}

static int
set_enum(struct cf_ctx *ctx, const struct cf_row *row,
    const config_setting_t *s, void *base, const char *path)
{
	const char	*v;
	uint32_t	 i;

	if (get_string(ctx, s, path, &v) == -1)
		return -1;
	for (i = 0; row->names[i] != NULL; i++) {
		if (strcmp(v, row->names[i]) == 0) {
			memcpy(field(base, row), &i, sizeof(i));
			return 0;
		}
	}
	ms_cfg_err(ctx, ms_cfg_line(s), "\"%s\" is \"%.64s\", must be %s",
	    path, v, row->what);
	return -1;
}

/* ms_cfg_set - check one setting against its row and store it in base. */
int
ms_cfg_set(struct cf_ctx *ctx, const struct cf_row *row,
    const config_setting_t *s, void *base, const char *path)
{
	switch (row->type) {
	case CT_INT:
		return set_int(ctx, row, s, base, path);
	case CT_BOOL:
		return set_bool(ctx, row, s, base, path);
	case CT_STR:
		return set_str(ctx, row, s, base, path);
	case CT_ENUM:
		return set_enum(ctx, row, s, base, path);
	}
	return -1;
}

void
ms_cfg_set_default(const struct cf_row *row, void *base)
{
	uint32_t	u = (uint32_t)row->def;
	int		b = row->def != 0;

	switch (row->type) {
	case CT_INT:
	case CT_ENUM:
		memcpy(field(base, row), &u, sizeof(u));
		break;
	case CT_BOOL:
		memcpy(field(base, row), &b, sizeof(b));
		break;
	case CT_STR:
		memset(field(base, row), 0, row->size);
		if (row->def_str != NULL)
			memcpy(field(base, row), row->def_str,
			    strlen(row->def_str));
		break;
	}
}

int
ms_cfg_same(const struct cf_row *row, const void *a, const void *b)
{
	int	x, y;

	switch (row->type) {
	case CT_INT:
	case CT_ENUM:
		return ms_cfg_u32(row, a) == ms_cfg_u32(row, b);
	case CT_BOOL:
		memcpy(&x, cfield(a, row), sizeof(x));
		memcpy(&y, cfield(b, row), sizeof(y));
		return !x == !y;
	case CT_STR:
		return strcmp(cfield(a, row), cfield(b, row)) == 0;
	}
	return 0;
}

/* ms_cfg_blame - a changed row adds its flags to every role that reads it. */
void
ms_cfg_blame(const struct cf_row *row, int changes[MS_ROLE_MAX])
{
	int	r;

	for (r = 0; r < MS_ROLE_MAX; r++)
		if (row->owners & (1u << r))
			changes[r] |= row->flags;
}

void
ms_cfg_indent(FILE *fp, int depth)
{
	while (depth-- > 0)
		fputc('\t', fp);
}

static void
put_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(fp, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(fp, "\\x%02x", (unsigned)(unsigned char)*s);
		else
			fputc(*s, fp);
	}
	fputc('"', fp);
}

/* ms_cfg_put - "name = value;" at the given depth. */
void
ms_cfg_put(FILE *fp, const struct cf_row *row, const void *base,
    const char *name, int depth)
{
	int	b;

	ms_cfg_indent(fp, depth);
	fprintf(fp, "%s = ", name);
	switch (row->type) {
	case CT_INT:
		fprintf(fp, "%u", ms_cfg_u32(row, base));
		break;
	case CT_BOOL:
		memcpy(&b, cfield(base, row), sizeof(b));
		fputs(b ? "true" : "false", fp);
		break;
	case CT_STR:
		put_string(fp, cfield(base, row));
		break;
	case CT_ENUM:
		put_string(fp, row->names[ms_cfg_u32(row, base)]);
		break;
	}
	fputs(";\n", fp);
}
