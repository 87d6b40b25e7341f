/*
 * config_rooms.c - the "rooms" list of mythmetad.conf: the table of keys
 * in one entry, the default rooms, and the checks that span entries
 * (unique ids, unique ports, no clash with the listen ports).  Room
 * settings reload: any change reaches the room and gateway workers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libconfig.h>

#include "config.h"
#include "config_impl.h"

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

#define RMOFF(f)	offsetof(struct ms_cfg_room, f)
#define RMSZ(f)		sizeof(((struct ms_cfg_room *)0)->f)
#define RMU32(f)	(RMOFF(f) + 0 * sizeof(char[RMSZ(f) == 4 ? 1 : -1]))
#define R_FL		.flags = CF_RELOAD, .owners = MS_R_ROOM | MS_R_GW

enum { RK_ID, RK_NAME, RK_TYPE, RK_PORT, RK_CAPACITY, RK_GUESTS };

static const char *const room_types[] = {
	"unranked", "ranked", "tournament", NULL	/* = room type */
};

static const struct cf_row room_rows[] = {
	[RK_ID] = { .path = "id", .type = CT_INT, .off = RMU32(id),
	    .min = 0, .max = 32767, .required = 1, R_FL },
	[RK_NAME] = { .path = "name", .type = CT_STR, .off = RMOFF(name),
	    .size = RMSZ(name), .min = 1, .max = RMSZ(name) - 1,
	    .required = 1, R_FL },
	[RK_TYPE] = { .path = "type", .type = CT_ENUM, .off = RMU32(type),
	    .def = 0, .names = room_types,
	    .what = "\"unranked\", \"ranked\" or \"tournament\"", R_FL },
	[RK_PORT] = { .path = "port", .type = CT_INT, .off = RMU32(port),
	    .min = 1, .max = 65535, .required = 1, R_FL },
	[RK_CAPACITY] = { .path = "capacity", .type = CT_INT,
	    .off = RMU32(capacity), .def = 100, .min = 1, .max = 10000,
	    R_FL },
	[RK_GUESTS] = { .path = "guests", .type = CT_BOOL,
	    .off = RMOFF(guests), .def = 1, R_FL },
};
_Static_assert(nitems(room_rows) == CF_ROOM_ROWS, "fix CF_ROOM_ROWS");

static const struct ms_cfg_room default_rooms[] = {
	{ .id = 0, .name = "Crows Bridge", .type = 0, .port = 6323,
	    .capacity = 100, .guests = 1 },
	{ .id = 1, .name = "Otter Ferry", .type = 1, .port = 6324,
	    .capacity = 100, .guests = 0 },
};

/* Listen ports a room port must not take; 0 (off) never clashes. */
static const struct {
	const char	*key;
	size_t		 off;
} listen_ports[] = {
	{ "listen.login_port", offsetof(struct ms_config, login_port) },
	{ "listen.http_port", offsetof(struct ms_config, http_port) },
};

static int	 room_find(const char *);
static void	 room_member(struct cf_ctx *, const config_setting_t *, int);
static void	 room_parse(struct cf_ctx *, const config_setting_t *, int);
static void	 check_unique(struct cf_ctx *, int, int);
static void	 check_clash(struct cf_ctx *, int);

static int
room_find(const char *name)
{
	size_t	k;

	for (k = 0; k < nitems(room_rows); k++)
		if (strcmp(room_rows[k].path, name) == 0)
			return (int)k;
	return -1;
}

const struct ms_cfg_room *
ms_cfg_room_find(const struct ms_config *cfg, uint32_t id)
{
	uint32_t	i;

	for (i = 0; i < cfg->nrooms; i++)
		if (cfg->rooms[i].id == id)
			return &cfg->rooms[i];
	return NULL;
}

void
ms_cfg_rooms_default(struct ms_config *cfg)
{
	memset(cfg->rooms, 0, sizeof(cfg->rooms));
	memcpy(cfg->rooms, default_rooms, sizeof(default_rooms));
	cfg->nrooms = nitems(default_rooms);
}

static void
room_member(struct cf_ctx *ctx, const config_setting_t *m, int i)
{
	char	path[128];
	int	k;

	(void)snprintf(path, sizeof(path), "rooms[%d].%s", i,
	    config_setting_name(m));
	if ((k = room_find(config_setting_name(m))) == -1) {
		ms_cfg_err(ctx, ms_cfg_line(m), "unknown key \"%s\"", path);
		return;
	}
	ctx->room_line[i][k] = ms_cfg_line(m);
	if (ms_cfg_set(ctx, &room_rows[k], m, &ctx->cfg->rooms[i],
	    path) == -1)
		ctx->room_bad[i][k] = 1;
}

static void
room_parse(struct cf_ctx *ctx, const config_setting_t *e, int i)
{
	struct ms_cfg_room	*rm = &ctx->cfg->rooms[i];
	int			 j, k;

	memset(rm, 0, sizeof(*rm));
	for (k = 0; k < CF_ROOM_ROWS; k++)
		ms_cfg_set_default(&room_rows[k], rm);
	if (!config_setting_is_group(e)) {
		ms_cfg_err(ctx, ms_cfg_line(e), "\"rooms[%d]\" must be a "
		    "group: { id = ...; name = ...; port = ...; }", i);
		memset(ctx->room_bad[i], 1, sizeof(ctx->room_bad[i]));
		return;
	}
	for (j = 0; j < config_setting_length(e); j++)
		room_member(ctx, config_setting_get_elem(e, j), i);
	for (k = 0; k < CF_ROOM_ROWS; k++) {
		if (room_rows[k].required && ctx->room_line[i][k] == 0) {
			ms_cfg_err(ctx, ms_cfg_line(e), "\"rooms[%d]\" has no "
			    "\"%s\"", i, room_rows[k].path);
			ctx->room_bad[i][k] = 1;
		}
	}
}

/* ms_cfg_rooms_parse - replaces the default rooms with the list given. */
void
ms_cfg_rooms_parse(struct cf_ctx *ctx, const config_setting_t *list)
{
	unsigned	line = ms_cfg_line(list);
	int		i, n;

	ctx->cfg->nrooms = 0;
	if (!config_setting_is_list(list)) {
		ms_cfg_err(ctx, line, "\"rooms\" must be a list of groups: "
		    "rooms = ( { ... }, { ... } );");
		return;
	}
	n = config_setting_length(list);
	if (n == 0 || n > MS_CFG_ROOMS_MAX) {
		ms_cfg_err(ctx, line, "\"rooms\" has %d entries, must have "
		    "1..%d", n, MS_CFG_ROOMS_MAX);
		return;
	}
	ctx->cfg->nrooms = (uint32_t)n;
	for (i = 0; i < n; i++)
		room_parse(ctx, config_setting_get_elem(list, i), i);
}

/* check_unique - report room j if an earlier room has the same value. */
static void
check_unique(struct cf_ctx *ctx, int j, int k)
{
	const struct cf_row		*row = &room_rows[k];
	const struct ms_cfg_room	*rooms = ctx->cfg->rooms;
	uint32_t			 v = ms_cfg_u32(row, &rooms[j]);
	int				 i;

	if (ctx->room_bad[j][k])
		return;
	for (i = 0; i < j; i++) {
		if (!ctx->room_bad[i][k] && ms_cfg_u32(row, &rooms[i]) == v) {
			ms_cfg_err(ctx, ctx->room_line[j][k], "room %s %u "
			    "used twice (rooms[%d] and rooms[%d])",
			    room_rows[k].path, v, i, j);
			return;
		}
	}
}

/* check_clash - default rooms have no line: blame the listen key then. */
static void
check_clash(struct cf_ctx *ctx, int j)
{
	uint32_t	port = ctx->cfg->rooms[j].port, lp;
	unsigned	line;
	size_t		i;

	if (ctx->room_bad[j][RK_PORT])
		return;
	for (i = 0; i < nitems(listen_ports); i++) {
		if (!ms_cfg_row_ok(ctx, listen_ports[i].key, &line))
			continue;
		memcpy(&lp, (const char *)ctx->cfg + listen_ports[i].off,
		    sizeof(lp));
		if (lp != 0 && lp == port)
			ms_cfg_err(ctx, ctx->room_line[j][RK_PORT] > 0 ?
			    ctx->room_line[j][RK_PORT] : line, "room port %u "
			    "in rooms[%d] is also \"%s\"", port, j,
			    listen_ports[i].key);
	}
}

void
ms_cfg_rooms_check(struct cf_ctx *ctx)
{
	int	j;

	for (j = 0; j < (int)ctx->cfg->nrooms; j++) {
		check_unique(ctx, j, RK_ID);
		check_unique(ctx, j, RK_PORT);
		check_clash(ctx, j);
	}
}

void
ms_cfg_rooms_print(FILE *fp, const struct ms_config *cfg)
{
	uint32_t	i;
	int		k;

	fputs("rooms = (\n", fp);
	for (i = 0; i < cfg->nrooms; i++) {
		fputs("\t{\n", fp);
		for (k = 0; k < CF_ROOM_ROWS; k++)
			ms_cfg_put(fp, &room_rows[k], &cfg->rooms[i],
			    room_rows[k].path, 2);
		fputs(i + 1 < cfg->nrooms ? "\t},\n" : "\t}\n", fp);
	}
	fputs(");\n", fp);
}

/* ms_cfg_rooms_diff - a different count changes every room key. */
void
ms_cfg_rooms_diff(const struct ms_config *old, const struct ms_config *new,
    int changes[MS_ROLE_MAX])
{
	uint32_t	i;
	int		k;

	if (old->nrooms != new->nrooms) {
		for (k = 0; k < CF_ROOM_ROWS; k++)
			ms_cfg_blame(&room_rows[k], changes);
		return;
	}
	for (i = 0; i < new->nrooms; i++)
		for (k = 0; k < CF_ROOM_ROWS; k++)
			if (!ms_cfg_same(&room_rows[k], &old->rooms[i],
			    &new->rooms[i]))
				ms_cfg_blame(&room_rows[k], changes);
}

/* ms_cfg_rooms_key - "rooms.KEY" for ms_cfg_keys(), NULL past the end. */
const char *
ms_cfg_rooms_key(size_t k)
{
	static char	keys[CF_ROOM_ROWS][32];

	if (k >= CF_ROOM_ROWS)
		return NULL;
	if (keys[k][0] == '\0')
		(void)snprintf(keys[k], sizeof(keys[k]), "rooms.%s",
		    room_rows[k].path);
	return keys[k];
}
