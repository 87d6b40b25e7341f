/*
 * config.c - mythmetad.conf: the settings table and everything it drives.
 * settings[] is the only list of keys: parsing, range checks, defaults,
 * unknown-key rejection, printing (-n -v), reload classification and the
 * man page test all read it, so a key cannot exist in one and not the
 * others.  A parsed config is never modified; reload parses a new one.
 * Rooms: config_rooms.c; typed values: config_value.c; raw text and
 * files: config_text.c.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "config.h"
#include "config_impl.h"
#include "log.h"

/* Makefile.am passes these; the fallbacks serve other builds. */
#ifndef MS_RUNSTATEDIR
#define MS_RUNSTATEDIR		"/run"
#endif
#ifndef MS_LOCALSTATEDIR
#define MS_LOCALSTATEDIR	"/var"
#endif
#ifndef MS_SYSCONFDIR
#define MS_SYSCONFDIR		"/etc"
#endif

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

/* Longest rundir that leaves room for socket names within sun_path. */
#define RUNDIR_MAX	80

#define O_SUP		MS_R_SUP
#define O_ALL		(MS_R_SUP | MS_R_WORKER)

#define CFOFF(f)	offsetof(struct ms_config, f)
#define CFSZ(f)		sizeof(((struct ms_config *)0)->f)
/* The offset, but only if the field really is a uint32_t. */
#define CFU32(f)	(CFOFF(f) + 0 * sizeof(char[CFSZ(f) == 4 ? 1 : -1]))
/* The length limit, but only if it fits the buffer with its NUL. */
#define CFLEN(f, n)	((n) + 0 * sizeof(char[(n) < CFSZ(f) ? 1 : -1]))

#define NUM(p, f, d, lo, hi, fl, ow)					\
	{ .path = (p), .type = CT_INT, .off = CFU32(f), .def = (d),	\
	  .min = (lo), .max = (hi), .flags = (fl), .owners = (ow) }
#define STR(p, f, d, lo, hi, chk, w, fl, ow)				\
	{ .path = (p), .type = CT_STR, .off = CFOFF(f),			\
	  .size = CFSZ(f), .def_str = (d), .min = (lo),			\
	  .max = CFLEN(f, hi), .valid = (chk), .what = (w),		\
	  .flags = (fl), .owners = (ow) }

static int	valid_ipv4(const char *);
static int	valid_facility(const char *);
static int	valid_transport(const char *);
static int	valid_abspath(const char *);
static int	valid_optpath(const char *);
static int	valid_optipv4(const char *);

/* store.duplicate_login, in MS_DUP_* order. */
static const char *const dup_names[] = { "kick_old", "refuse_new", NULL };

#define W_IPV4	"an IPv4 address (a.b.c.d)"
#define W_FAC	"a syslog facility (daemon, user, local0 .. local7)"
#define W_TRANS	"\"ipc\" or \"tcp\""
#define W_ABS	"an absolute path"
#define W_OPT	"empty or an absolute path"
#define W_OPTIPV4 "empty or an IPv4 address (a.b.c.d)"

/*
 * The order here is the order of mythmetad.conf(5), of
 * conf/mythmetad.conf and of ms_cfg_print(); keys of one group must be
 * contiguous so the printer can nest them.
 */
static const struct cf_row settings[] = {
	STR("supervisor.user", user, "", 0, 64, NULL, NULL,
	    CF_SUPERVISOR, O_SUP),
	STR("supervisor.group", group, "", 0, 64, NULL, NULL,
	    CF_SUPERVISOR, O_SUP),
	STR("supervisor.pidfile", pidfile, MS_RUNSTATEDIR "/mythmetad.pid",
	    1, 255, valid_abspath, W_ABS, CF_SUPERVISOR, O_SUP),
	STR("supervisor.control_socket", control_socket,
	    MS_RUNSTATEDIR "/mythmetad.sock", 1, 100, valid_abspath, W_ABS,
	    CF_SUPERVISOR, O_SUP),
	/* Read at each accept; the slots are allocated per client. */
	NUM("supervisor.control_clients", control_clients, 16, 1, 256,
	    CF_RELOAD, O_SUP),
	STR("supervisor.rundir", rundir, MS_RUNSTATEDIR "/mythmetad",
	    1, RUNDIR_MAX, valid_abspath, W_ABS, CF_SUPERVISOR, O_ALL),
	NUM("supervisor.room_workers", room_workers, 1, 1,
	    MS_CFG_WORKERS_MAX, CF_SUPERVISOR, O_SUP),
	NUM("supervisor.gateway_workers", gateway_workers, 1, 1,
	    MS_CFG_WORKERS_MAX, CF_SUPERVISOR, O_SUP),
	NUM("supervisor.ready_timeout_ms", ready_timeout_ms, 10000, 100,
	    600000, CF_RELOAD, O_SUP),
	NUM("supervisor.heartbeat_interval_ms", heartbeat_interval_ms, 1000,
	    50, 60000, CF_RELOAD, O_SUP),
	NUM("supervisor.heartbeat_timeout_ms", heartbeat_timeout_ms, 5000,
	    100, 600000, CF_RELOAD, O_SUP),
	NUM("supervisor.stop_timeout_ms", stop_timeout_ms, 5000, 100, 60000,
	    CF_RELOAD, O_SUP),
	NUM("supervisor.reload_timeout_ms", reload_timeout_ms, 5000, 100,
	    60000, CF_RELOAD, O_SUP),
	NUM("supervisor.restart.backoff_base_ms", restart.backoff_base_ms,
	    1000, 1, 60000, CF_RELOAD, O_SUP),
	NUM("supervisor.restart.backoff_max_ms", restart.backoff_max_ms,
	    30000, 1, 600000, CF_RELOAD, O_SUP),
	NUM("supervisor.restart.healthy_after_ms", restart.healthy_after_ms,
	    30000, 1, 3600000, CF_RELOAD, O_SUP),
	NUM("supervisor.restart.crashloop_limit", restart.crashloop_limit,
	    6, 1, 100, CF_RELOAD, O_SUP),
	NUM("supervisor.restart.park_retry_ms", restart.park_retry_ms,
	    300000, 100, 86400000, CF_RELOAD, O_SUP),

	/* Workers get the facility on their command line at spawn. */
	STR("log.facility", log_facility, "daemon", 1, 31, valid_facility,
	    W_FAC, CF_SUPERVISOR, O_ALL),
	/* The supervisor alone holds the file; workers write to its pipe. */
	STR("log.file", log_file, "", 0, 255, valid_optpath, W_OPT,
	    CF_SUPERVISOR, O_SUP),
	NUM("log.verbose", log_verbose, 0, 0, 3, CF_RELOAD, O_ALL),

	STR("listen.address", listen_address, "127.0.0.1", 1, 63,
	    valid_ipv4, W_IPV4, CF_SUPERVISOR, O_SUP),
	NUM("listen.login_port", login_port, 6321, 1, 65535,
	    CF_SUPERVISOR, O_SUP),
	NUM("listen.http_port", http_port, 6380, 0, 65535,
	    CF_SUPERVISOR, O_SUP),
	NUM("listen.backlog", backlog, 128, 1, 65535, CF_SUPERVISOR, O_SUP),

	STR("ipc.transport", ipc_transport, "ipc", 1, 7, valid_transport,
	    W_TRANS, CF_SUPERVISOR, O_ALL),
	STR("ipc.tcp_address", ipc_tcp_address, "127.0.0.1", 1, 63,
	    valid_ipv4, W_IPV4, CF_SUPERVISOR, O_ALL),
	NUM("ipc.tcp_base_port", ipc_tcp_base_port, 6400, 1024, 65000,
	    CF_SUPERVISOR, O_ALL),
	NUM("ipc.sendbuf", ipc_sendbuf, 128, 1, 8192, CF_RESTART,
	    MS_R_WORKER),
	NUM("ipc.recvbuf", ipc_recvbuf, 128, 1, 8192, CF_RESTART,
	    MS_R_WORKER),
	NUM("ipc.queue_limit", ipc_queue_limit, 1024, 16, 1000000,
	    CF_RESTART, MS_R_WORKER),
	NUM("ipc.reconnect_min_ms", ipc_reconnect_min_ms, 1, 1, 10000,
	    CF_RESTART, MS_R_WORKER),
	NUM("ipc.reconnect_max_ms", ipc_reconnect_max_ms, 50, 1, 60000,
	    CF_RESTART, MS_R_WORKER),
	NUM("ipc.request_timeout_ms", ipc_request_timeout_ms, 2000, 10,
	    60000, CF_RELOAD, MS_R_WORKER),

	NUM("gateway.health_interval_ms", health_interval_ms, 5000, 0,
	    3600000, CF_RELOAD, MS_R_GW),
	NUM("gateway.http_max_clients", http_max_clients, 64, 1, 10000,
	    CF_RELOAD, MS_R_GW),
	NUM("gateway.http_timeout_ms", http_timeout_ms, 5000, 100, 600000,
	    CF_RELOAD, MS_R_GW),
	STR("gateway.public_address", public_address, "", 0, 63,
	    valid_optipv4, W_OPTIPV4, CF_RELOAD, MS_R_GW),
	NUM("gateway.max_clients", max_clients, 10000, 1, 1000000,
	    CF_RELOAD, MS_R_GW),
	NUM("gateway.max_clients_per_ip", max_clients_per_ip, 64, 1,
	    1000000, CF_RELOAD, MS_R_GW),
	NUM("gateway.max_packet", max_packet, 8192, 512, 32767, CF_RELOAD,
	    MS_R_GW),
	NUM("gateway.output_buffer", output_buffer, 262144, 16384, 67108864,
	    CF_RELOAD, MS_R_GW),
	NUM("gateway.login_grace_ms", login_grace_ms, 250, 0, 10000,
	    CF_RELOAD, MS_R_GW),
	NUM("gateway.login_timeout_ms", login_timeout_ms, 30000, 1000,
	    600000, CF_RELOAD, MS_R_GW),
	NUM("gateway.keepalive_ms", keepalive_ms, 60000, 1000, 3600000,
	    CF_RELOAD, MS_R_GW),
	NUM("gateway.idle_timeout_ms", idle_timeout_ms, 600000, 10000,
	    86400000, CF_RELOAD, MS_R_GW),
	NUM("gateway.chat_rate", chat_rate, 5, 1, 100000, CF_RELOAD,
	    MS_R_GW),
	NUM("gateway.chat_burst", chat_burst, 10, 1, 100000, CF_RELOAD,
	    MS_R_GW),
	/* Per room worker; the bytes hold the longest line (max_packet). */
	NUM("gateway.chat_queue_lines", chat_queue_lines, 8192, 1, 1000000,
	    CF_RELOAD, MS_R_GW),
	NUM("gateway.chat_queue_bytes", chat_queue_bytes, 1048576, 65536,
	    67108864, CF_RELOAD, MS_R_GW),
	NUM("gateway.min_myth_version", min_myth_version, 2180, 0, 65535,
	    CF_RELOAD, MS_R_GW),
	NUM("gateway.min_myth_build", min_myth_build, 427, 0, 65535,
	    CF_RELOAD, MS_R_GW),
	NUM("gateway.token_lifetime_s", token_lifetime_s, 86400, 60,
	    2592000, CF_RELOAD, MS_R_GW),
	NUM("gateway.room_list_interval_ms", room_list_interval_ms, 200, 0,
	    60000, CF_RELOAD, MS_R_GW),
	NUM("gateway.search_results", search_results, 50, 1, 500,
	    CF_RELOAD, MS_R_GW),

	STR("room.motd", motd, "Welcome to mythmeta.", 0, 255, NULL, NULL,
	    CF_RELOAD, MS_R_ROOM),
	/* Per gateway; at least one message, so any record fits. */
	NUM("room.deliver_buffer", deliver_buffer, 1048576, MS_MSG_MAX,
	    67108864, CF_RELOAD, MS_R_ROOM),

	NUM("game.idle_timeout_s", game_idle_timeout_s, 1800, 10, 604800,
	    CF_RELOAD, MS_R_GAME),
	NUM("game.coalesce_ms", game_coalesce_ms, 250, 0, 60000, CF_RELOAD,
	    MS_R_GAME),
	NUM("game.max_games", game_max_games, 10000, 1, 1000000, CF_RELOAD,
	    MS_R_GAME),
	NUM("game.result_queue", game_result_queue, 1024, 1, 1000000,
	    CF_RELOAD, MS_R_GAME),
	NUM("game.search_results", game_search_results, 5, 1, 50,
	    CF_RELOAD, MS_R_GW),

	STR("store.path", store_path,
	    MS_LOCALSTATEDIR "/lib/mythmeta/mythmeta.db", 1, 255,
	    valid_abspath, W_ABS, CF_RESTART, MS_R_STORE),
	{ .path = "store.allow_guests", .type = CT_BOOL,
	    .off = CFOFF(allow_guests), .def = 1, .flags = CF_RELOAD,
	    .owners = MS_R_STORE },
	{ .path = "store.duplicate_login", .type = CT_ENUM,
	    .off = CFU32(duplicate_login), .def = MS_DUP_KICK_OLD,
	    .names = dup_names, .what = "\"kick_old\" or \"refuse_new\"",
	    .flags = CF_RELOAD, .owners = MS_R_STORE },
	/* The table's bound is fixed when the store creates it. */
	NUM("store.presence_max", presence_max, 1000000, 1, 16000000,
	    CF_RESTART, MS_R_STORE),
	NUM("store.offline_grace_ms", offline_grace_ms, 2000, 0, 60000,
	    CF_RELOAD, MS_R_STORE),
	/* Every online looks through the queue: a modest ceiling. */
	NUM("store.offline_queue", offline_queue, 16384, 1, 131072,
	    CF_RELOAD, MS_R_STORE),
	NUM("store.hash_threads", hash_threads, 2, 1, 64, CF_RESTART,
	    MS_R_STORE),
	NUM("store.hash_queue", hash_queue, 1024, 1, 1000000, CF_RESTART,
	    MS_R_STORE),
	NUM("store.hash_ops", hash_ops, 2, 1, 10, CF_RELOAD, MS_R_STORE),
	NUM("store.hash_mem_kib", hash_mem_kib, 65536, 8192, 4194304,
	    CF_RELOAD, MS_R_STORE),
	NUM("store.ladder_interval_s", ladder_interval_s, 60, 1, 86400,
	    CF_RELOAD, MS_R_STORE),
	NUM("store.order_members", order_members, 50, 1, 64, CF_RELOAD,
	    MS_R_STORE),
};
_Static_assert(nitems(settings) <= CF_ROWS_MAX, "raise CF_ROWS_MAX");

/* Pairs that must stay ordered: lo < hi (strict) or lo <= hi. */
static const struct {
	const char	*lo, *hi;
	int		 strict;
} orders[] = {
	{ "supervisor.heartbeat_interval_ms",
	    "supervisor.heartbeat_timeout_ms", 1 },
	{ "supervisor.restart.backoff_base_ms",
	    "supervisor.restart.backoff_max_ms", 0 },
	{ "ipc.reconnect_min_ms", "ipc.reconnect_max_ms", 0 },
	{ "gateway.keepalive_ms", "gateway.idle_timeout_ms", 1 },
};

static int	 row_find(const char *);
static int	 is_group(const char *);
static void	 walk_group(struct cf_ctx *, const config_setting_t *,
		    const char *);
static void	 walk_one(struct cf_ctx *, const config_setting_t *,
		    const char *);
static void	 check_order(struct cf_ctx *, size_t);
static void	 check_listen(struct cf_ctx *);
static void	 check_tree(struct cf_ctx *, const config_setting_t *);
static int	 close_groups(FILE *, char *, const char *, int);
static int	 open_groups(FILE *, char *, size_t, const char *, int);

/* --- value checks beyond type and range --- */

static int
valid_ipv4(const char *s)
{
	struct in_addr	a;

	return inet_pton(AF_INET, s, &a) == 1;
}

static int
valid_facility(const char *s)
{
	return ms_log_facility_parse(s) != -1;
}

static int
valid_transport(const char *s)
{
	return strcmp(s, "ipc") == 0 || strcmp(s, "tcp") == 0;
}

/* Paths are absolute because the daemon does not stay in its cwd. */
static int
valid_abspath(const char *s)
{
	return s[0] == '/';
}

static int
valid_optpath(const char *s)
{
	return s[0] == '\0' || s[0] == '/';
}

static int
valid_optipv4(const char *s)
{
	return s[0] == '\0' || valid_ipv4(s);
}

/* --- the tree walk --- */

static int
row_find(const char *path)
{
	size_t	i;

	for (i = 0; i < nitems(settings); i++)
		if (strcmp(settings[i].path, path) == 0)
			return (int)i;
	return -1;
}

/* is_group - whether path names a group that holds some row. */
static int
is_group(const char *path)
{
	size_t	i, n = strlen(path);

	for (i = 0; i < nitems(settings); i++)
		if (strncmp(settings[i].path, path, n) == 0 &&
		    settings[i].path[n] == '.')
			return 1;
	return 0;
}

/* ms_cfg_row_ok - whether a row holds a checked value; its line too. */
int
ms_cfg_row_ok(const struct cf_ctx *ctx, const char *path, unsigned *line_r)
{
	int	r = row_find(path);

	MS_ASSERT(r >= 0);
	*line_r = ctx->line[r];
	return !ctx->bad[r];
}

static void
walk_one(struct cf_ctx *ctx, const config_setting_t *s, const char *prefix)
{
	char		 path[256];
	const char	*name = config_setting_name(s);
	int		 r;

	(void)snprintf(path, sizeof(path), "%s%s%s", prefix,
	    *prefix != '\0' ? "." : "", name);
	if (strcmp(path, "rooms") == 0) {
		ms_cfg_rooms_parse(ctx, s);
	} else if ((r = row_find(path)) >= 0) {
		ctx->line[r] = ms_cfg_line(s);
		if (ms_cfg_set(ctx, &settings[r], s, ctx->cfg, path) == -1)
			ctx->bad[r] = 1;
	} else if (!is_group(path)) {
		ms_cfg_err(ctx, ms_cfg_line(s), "unknown key \"%s\"", path);
	} else if (!config_setting_is_group(s)) {
		ms_cfg_err(ctx, ms_cfg_line(s), "\"%s\" must be a group: "
		    "%s = { ... };", path, name);
	} else
		walk_group(ctx, s, path);
}

static void
walk_group(struct cf_ctx *ctx, const config_setting_t *grp,
    const char *prefix)
{
	int	i, n = config_setting_length(grp);

	for (i = 0; i < n; i++)
		walk_one(ctx, config_setting_get_elem(grp, i), prefix);
}

static void
check_order(struct cf_ctx *ctx, size_t i)
{
	int		 lo = row_find(orders[i].lo);
	int		 hi = row_find(orders[i].hi);
	uint32_t	 a, b;
	unsigned	 line;

	MS_ASSERT(lo >= 0 && hi >= 0);
	if (ctx->bad[lo] || ctx->bad[hi])
		return;
	a = ms_cfg_u32(&settings[lo], ctx->cfg);
	b = ms_cfg_u32(&settings[hi], ctx->cfg);
	line = ctx->line[lo] > ctx->line[hi] ? ctx->line[lo] : ctx->line[hi];
	if (orders[i].strict && a >= b)
		ms_cfg_err(ctx, line, "\"%s\" (%u) must be less than \"%s\" "
		    "(%u)", orders[i].lo, a, orders[i].hi, b);
	else if (!orders[i].strict && a > b)
		ms_cfg_err(ctx, line, "\"%s\" (%u) must not be greater than "
		    "\"%s\" (%u)", orders[i].lo, a, orders[i].hi, b);
}

static void
check_listen(struct cf_ctx *ctx)
{
	unsigned	l1, l2;
	uint32_t	port = ctx->cfg->login_port;

	if (!ms_cfg_row_ok(ctx, "listen.login_port", &l1) ||
	    !ms_cfg_row_ok(ctx, "listen.http_port", &l2))
		return;
	if (ctx->cfg->http_port == port)
		ms_cfg_err(ctx, l1 > l2 ? l1 : l2, "\"listen.http_port\" and "
		    "\"listen.login_port\" are both %u", port);
}

static void
check_tree(struct cf_ctx *ctx, const config_setting_t *root)
{
	size_t	i;

	walk_group(ctx, root, "");
	for (i = 0; i < nitems(orders); i++)
		check_order(ctx, i);
	check_listen(ctx);
	ms_cfg_rooms_check(ctx);
}

/* --- printing, the public API --- */

/* close_groups - leave open groups until cur is a prefix of grp. */
static int
close_groups(FILE *fp, char *cur, const char *grp, int depth)
{
	size_t	 n;
	char	*dot;

	for (;;) {
		n = strlen(cur);
		if (n == 0 || (strncmp(grp, cur, n) == 0 &&
		    (grp[n] == '\0' || grp[n] == '.')))
			return depth;
		ms_cfg_indent(fp, --depth);
		fputs("};\n", fp);
		if ((dot = strrchr(cur, '.')) != NULL)
			*dot = '\0';
		else
			cur[0] = '\0';
	}
}

/* open_groups - open the groups of grp that cur does not have yet. */
static int
open_groups(FILE *fp, char *cur, size_t size, const char *grp, int depth)
{
	const char	*p, *end;
	size_t		 n;

	while ((n = strlen(cur)) < strlen(grp)) {
		p = grp + n + (n > 0);
		end = p + strcspn(p, ".");
		ms_cfg_indent(fp, depth++);
		fprintf(fp, "%.*s = {\n", (int)(end - p), p);
		(void)snprintf(cur, size, "%.*s", (int)(end - grp), grp);
	}
	return depth;
}

void
ms_cfg_print(FILE *fp, const struct ms_config *cfg)
{
	char		 cur[128] = "", grp[128];
	const char	*path, *dot;
	size_t		 i;
	int		 depth = 0;

	for (i = 0; i < nitems(settings); i++) {
		path = settings[i].path;
		dot = strrchr(path, '.');
		(void)snprintf(grp, sizeof(grp), "%.*s",
		    dot != NULL ? (int)(dot - path) : 0, path);
		depth = close_groups(fp, cur, grp, depth);
		depth = open_groups(fp, cur, sizeof(cur), grp, depth);
		ms_cfg_put(fp, &settings[i], cfg, dot != NULL ? dot + 1 : path,
		    depth);
	}
	(void)close_groups(fp, cur, "", depth);
	ms_cfg_rooms_print(fp, cfg);
}

struct ms_config *
ms_cfg_defaults(void)
{
	struct ms_config	*cfg;
	size_t			 i;

	if ((cfg = calloc(1, sizeof(*cfg))) == NULL)
		return NULL;
	for (i = 0; i < nitems(settings); i++)
		ms_cfg_set_default(&settings[i], cfg);
	ms_cfg_rooms_default(cfg);
	return cfg;
}

void
ms_cfg_free(struct ms_config *cfg)
{
	free(cfg);
}

int
ms_cfg_parse(const char *text, const char *fname, struct ms_config **cfg_r,
    char *err, size_t errlen)
{
	struct cf_ctx	ctx;
	config_t	lc;
	size_t		len = strlen(text);

	*cfg_r = NULL;
	ms_cfg_ctx_init(&ctx, fname, err, errlen);
	if (len > MS_CFG_TEXT_MAX) {
		ms_cfg_err(&ctx, 0, "%zu bytes, more than the limit of %d",
		    len, MS_CFG_TEXT_MAX);
		return -1;
	}
	ms_cfg_scan(&ctx, text);
	if (ctx.nerr > 0)
		return -1;
	if ((ctx.cfg = ms_cfg_defaults()) == NULL) {
		ms_cfg_err(&ctx, 0, "out of memory");
		return -1;
	}
	config_init(&lc);
	if (config_read_string(&lc, text) == CONFIG_FALSE)
		ms_cfg_err(&ctx, (unsigned)config_error_line(&lc), "%s",
		    config_error_text(&lc));
	else
		check_tree(&ctx, config_root_setting(&lc));
	config_destroy(&lc);
	if (ctx.nerr > 0) {
		ms_cfg_free(ctx.cfg);
		return -1;
	}
	*cfg_r = ctx.cfg;
	return 0;
}

void
ms_cfg_diff(const struct ms_config *old, const struct ms_config *new,
    int changes_r[MS_ROLE_MAX])
{
	size_t	i;

	memset(changes_r, 0, MS_ROLE_MAX * sizeof(changes_r[0]));
	for (i = 0; i < nitems(settings); i++)
		if (!ms_cfg_same(&settings[i], old, new))
			ms_cfg_blame(&settings[i], changes_r);
	ms_cfg_rooms_diff(old, new, changes_r);
}

/* The room keys are listed as "rooms.KEY": KEY is set in every entry. */
const char *const *
ms_cfg_keys(void)
{
	static const char	*keys[nitems(settings) + CF_ROOM_ROWS + 2];
	size_t			 i, n = 0;

	if (keys[0] != NULL)
		return keys;
	for (i = 0; i < nitems(settings); i++)
		keys[n++] = settings[i].path;
	keys[n++] = "rooms";
	for (i = 0; i < CF_ROOM_ROWS; i++)
		keys[n++] = ms_cfg_rooms_key(i);
	keys[n] = NULL;
	return keys;
}
