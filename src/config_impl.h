/*
 * config_impl.h - private to the config*.c files: the row type
 * of the settings tables, the parse context that collects every error
 * (all of them, not only the first), and the typed helpers that both
 * tables go through.  Nothing outside the config module includes this.
 */
#ifndef MS_CONFIG_IMPL_H
#define MS_CONFIG_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libconfig.h>

#include "config.h"

#define CF_ROWS_MAX	128	/* top-level rows; config.c asserts it */
#define CF_ROOM_ROWS	6	/* keys of one rooms entry */

enum cf_type {
	CT_INT,			/* uint32_t, min..max */
	CT_BOOL,		/* int, true/false only */
	CT_STR,			/* char[size], min..max characters */
	CT_ENUM			/* uint32_t index into names */
};

struct cf_row {
	const char	*path;		/* libconfig path; a room key's name */
	enum cf_type	 type;
	size_t		 off;		/* into ms_config or ms_cfg_room */
	size_t		 size;		/* CT_STR buffer, NUL included */
	long long	 def, min, max;	/* CT_STR: min/max are lengths */
	const char	*def_str;	/* CT_STR */
	const char *const *names;	/* CT_ENUM, NULL-terminated */
	int		(*valid)(const char *);	/* CT_STR extra check */
	const char	*what;		/* what valid() accepts, for errors */
	int		 flags;		/* CF_* */
	unsigned	 owners;	/* MS_R_* roles that read the value */
	int		 required;	/* no default: must be given */
};

struct cf_ctx {
	const char	*fname;
	char		*err;		/* may be NULL */
	size_t		 errlen;
	size_t		 used;		/* < errlen whenever errlen > 0 */
	int		 nerr;
	struct ms_config *cfg;
	/* Source line of each row that was set; 0 = default. */
	unsigned	 line[CF_ROWS_MAX];
	/* Rows whose value was rejected: cross checks skip them. */
	unsigned char	 bad[CF_ROWS_MAX];
	unsigned	 room_line[MS_CFG_ROOMS_MAX][CF_ROOM_ROWS];
	unsigned char	 room_bad[MS_CFG_ROOMS_MAX][CF_ROOM_ROWS];
};

/* config_value.c */
void	ms_cfg_ctx_init(struct cf_ctx *, const char *, char *, size_t);
void	ms_cfg_err(struct cf_ctx *, unsigned, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
unsigned ms_cfg_line(const config_setting_t *);
int	ms_cfg_set(struct cf_ctx *, const struct cf_row *,
	    const config_setting_t *, void *, const char *);
void	ms_cfg_set_default(const struct cf_row *, void *);
void	ms_cfg_put(FILE *, const struct cf_row *, const void *,
	    const char *, int);
int	ms_cfg_same(const struct cf_row *, const void *, const void *);
void	ms_cfg_blame(const struct cf_row *, int[MS_ROLE_MAX]);
uint32_t ms_cfg_u32(const struct cf_row *, const void *);
void	ms_cfg_indent(FILE *, int);

/* config.c */
int	ms_cfg_row_ok(const struct cf_ctx *, const char *, unsigned *);

/* config_text.c */
void	ms_cfg_scan(struct cf_ctx *, const char *);

/* config_rooms.c */
void	ms_cfg_rooms_default(struct ms_config *);
void	ms_cfg_rooms_parse(struct cf_ctx *, const config_setting_t *);
void	ms_cfg_rooms_check(struct cf_ctx *);
void	ms_cfg_rooms_print(FILE *, const struct ms_config *);
void	ms_cfg_rooms_diff(const struct ms_config *, const struct ms_config *,
	    int[MS_ROLE_MAX]);
const char *ms_cfg_rooms_key(size_t);

#endif /* MS_CONFIG_IMPL_H */
