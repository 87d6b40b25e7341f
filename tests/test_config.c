/*
 * test_config.c - the config module against its contract: defaults,
 * good texts, every bad text with its exact "file:line: message", all
 * errors reported at once, the size cap, print -> parse round trips,
 * reload classification, golden files, and the man page and shipped
 * conf/mythmetad.conf checked against the settings table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#define FNAME		"t.conf"
#define OFF(f)		offsetof(struct ms_config, f)

/* Three rooms; line 2 is rooms[0], line 3 rooms[1], line 4 rooms[2]. */
#define ROOMS3(a, b, c)							\
	"rooms = (\n{ " a " },\n{ " b " },\n{ " c " }\n);\n"
#define A32	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define R0	"id = 0; name = \"A\"; port = 7000;"
#define R1	"id = 1; name = \"B\"; port = 7001;"
#define R2	"id = 2; name = \"C\"; port = 7002;"

struct bad_case {
	const char	*name;
	const char	*text;
	const char	*want;		/* substring of the error text */
};

static const struct bad_case bad_cases[] = {
	{ "unknown top-level key", "\n\nbogus = 1;\n",
	    FNAME ":3: unknown key \"bogus\"" },
	{ "unknown nested key",
	    "supervisor = {\n\trestart = {\n\t\tbakcoff = 1;\n\t};\n};\n",
	    FNAME ":3: unknown key \"supervisor.restart.bakcoff\"" },
	{ "unknown group key", "supervisor: {\n\tbakcoff = 1;\n};\n",
	    FNAME ":2: unknown key \"supervisor.bakcoff\"" },
	{ "unknown room key", ROOMS3(R0, R1 " colour = \"red\";", R2),
	    FNAME ":3: unknown key \"rooms[1].colour\"" },
	{ "string for int", "listen = { login_port = \"6321\"; };\n",
	    FNAME ":1: \"listen.login_port\" must be an integer" },
	{ "float for int", "listen = { login_port = 6321.0; };\n",
	    FNAME ":1: \"listen.login_port\" must be an integer" },
	{ "bool for int", "log = { verbose = true; };\n",
	    FNAME ":1: \"log.verbose\" must be an integer" },
	{ "group for int", "listen = {\n login_port = { };\n};\n",
	    FNAME ":2: \"listen.login_port\" must be an integer" },
	{ "int for string", "log = { file = 5; };\n",
	    FNAME ":1: \"log.file\" must be a string" },
	{ "int for bool", ROOMS3(R0, R1, R2 " guests = 1;"),
	    FNAME ":4: \"rooms[2].guests\" must be true or false" },
	{ "scalar for group", "\nsupervisor = 1;\n",
	    FNAME ":2: \"supervisor\" must be a group" },
	{ "out of range", "listen = { login_port = 70000; };\n",
	    FNAME ":1: \"listen.login_port\" is 70000, must be 1..65535" },
	{ "below range", "log = { verbose = -1; };\n",
	    FNAME ":1: \"log.verbose\" is -1, must be 0..3" },
	{ "delivery buffer below one message",
	    "room = { deliver_buffer = 65535; };\n",
	    FNAME ":1: \"room.deliver_buffer\" is 65535, must be "
	    "65536..67108864" },
	{ "int64 out of range", "ipc = { sendbuf = 100000L; };\n",
	    FNAME ":1: \"ipc.sendbuf\" is 100000, must be 1..8192" },
	{ "literal wider than 32 bits",
	    "listen = { login_port = 4294967297; };\n",
	    FNAME ":1: integer 4294967297 is too large" },
	{ "hex wider than 32 bits", "log = { verbose = 0x100000000; };\n",
	    FNAME ":1: integer 0x100000000 is too large" },
	{ "bad room type", ROOMS3(R0 " type = \"casual\";", R1, R2),
	    FNAME ":2: \"rooms[0].type\" is \"casual\", must be "
	    "\"unranked\", \"ranked\" or \"tournament\"" },
	{ "bad transport", "ipc = { transport = \"udp\"; };\n",
	    FNAME ":1: \"ipc.transport\" is \"udp\", must be \"ipc\" or "
	    "\"tcp\"" },
	{ "bad facility", "log = { facility = \"kern\"; };\n",
	    FNAME ":1: \"log.facility\" is \"kern\", must be a syslog "
	    "facility" },
	{ "bad address", "listen = { address = \"localhost\"; };\n",
	    FNAME ":1: \"listen.address\" is \"localhost\", must be an IPv4 "
	    "address" },
	{ "bad ipc address", "ipc = { tcp_address = \"::1\"; };\n",
	    FNAME ":1: \"ipc.tcp_address\" is \"::1\", must be an IPv4" },
	{ "relative path", "store = { path = \"meta.db\"; };\n",
	    FNAME ":1: \"store.path\" is \"meta.db\", must be an absolute "
	    "path" },
	{ "empty pidfile", "supervisor = { pidfile = \"\"; };\n",
	    FNAME ":1: \"supervisor.pidfile\" must not be empty" },
	{ "rundir too long", "supervisor = { rundir = \"/"
	    A32 A32 A32 A32 "aaaaaaaa"
	    "\"; };\n",
	    FNAME ":1: \"supervisor.rundir\" is too long (137 characters, "
	    "at most 80)" },
	{ "control character", "log = { file = \"/tmp/a\\nb\"; };\n",
	    FNAME ":1: \"log.file\" contains a control character" },
	{ "room name too long", ROOMS3(R0, R1, "id = 2; port = 7002; "
	    "name = \""
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "\";"),
	    FNAME ":4: \"rooms[2].name\" is too long (64 characters, at most "
	    "63)" },
	{ "duplicate room id",
	    ROOMS3(R0, R1, "id = 0; name = \"C\"; port = 7002;"),
	    FNAME ":4: room id 0 used twice (rooms[0] and rooms[2])" },
	{ "duplicate room port",
	    ROOMS3(R0, R1, "id = 2; name = \"C\"; port = 7000;"),
	    FNAME ":4: room port 7000 used twice (rooms[0] and rooms[2])" },
	{ "room port is login port",
	    ROOMS3(R0, "id = 1; name = \"B\"; port = 6321;", R2),
	    FNAME ":3: room port 6321 in rooms[1] is also "
	    "\"listen.login_port\"" },
	{ "room port is http port",
	    ROOMS3("id = 0; name = \"A\"; port = 6380;", R1, R2),
	    FNAME ":2: room port 6380 in rooms[0] is also "
	    "\"listen.http_port\"" },
	{ "login port hits a default room",
	    "\nlisten = { login_port = 6324; };\n",
	    FNAME ":2: room port 6324 in rooms[1] is also "
	    "\"listen.login_port\"" },
	{ "http port equals login port",
	    "listen = {\n login_port = 7000;\n http_port = 7000;\n};\n",
	    FNAME ":3: \"listen.http_port\" and \"listen.login_port\" are "
	    "both 7000" },
	{ "room without port", "rooms = (\n{ id = 0; name = \"A\"; }\n);\n",
	    FNAME ":2: \"rooms[0]\" has no \"port\"" },
	{ "room not a group", "rooms = (\n 5\n);\n",
	    FNAME ":2: \"rooms[0]\" must be a group" },
	{ "rooms not a list", "rooms = 5;\n",
	    FNAME ":1: \"rooms\" must be a list of groups" },
	{ "rooms empty", "rooms = ();\n",
	    FNAME ":1: \"rooms\" has 0 entries, must have 1..64" },
	{ "heartbeat order",
	    "supervisor = {\n heartbeat_interval_ms = 5000;\n};\n",
	    FNAME ":2: \"supervisor.heartbeat_interval_ms\" (5000) must be "
	    "less than \"supervisor.heartbeat_timeout_ms\" (5000)" },
	{ "backoff order", "supervisor = { restart = {\n"
	    " backoff_base_ms = 2000;\n backoff_max_ms = 1000;\n}; };\n",
	    FNAME ":3: \"supervisor.restart.backoff_base_ms\" (2000) must "
	    "not be greater than \"supervisor.restart.backoff_max_ms\" "
	    "(1000)" },
	{ "reconnect order", "ipc = { reconnect_min_ms = 5000; };\n",
	    FNAME ":1: \"ipc.reconnect_min_ms\" (5000) must not be greater "
	    "than \"ipc.reconnect_max_ms\" (50)" },
	{ "syntax error", "listen = {\n\tlogin_port = ;\n};\n",
	    FNAME ":2: syntax error" },
	{ "duplicate key", "log = {\n verbose = 1;\n verbose = 2;\n};\n",
	    FNAME ":3: duplicate setting name" },
	{ "include", "log = { verbose = 1; };\n@include \"other.conf\"\n",
	    FNAME ":2: @include is not supported" },
};

struct good_case {
	const char	*name;
	const char	*text;
	size_t		 off;		/* field to check */
	uint32_t	 want;		/* its value, if want_str is NULL */
	const char	*want_str;
};

static const struct good_case good_cases[] = {
	{ "empty file", "", OFF(login_port), 6321, NULL },
	{ "colon syntax", "listen: {\n login_port = 7000;\n};\n",
	    OFF(login_port), 7000, NULL },
	{ "int64 value", "ipc = { queue_limit = 5000L; };\n",
	    OFF(ipc_queue_limit), 5000, NULL },
	{ "hex value", "listen = { login_port = 0x1B58; };\n",
	    OFF(login_port), 7000, NULL },
	{ "maximum value", "supervisor = { restart = { park_retry_ms = "
	    "86400000; }; };\n", OFF(restart.park_retry_ms), 86400000, NULL },
	{ "http off", "listen = { http_port = 0; };\n", OFF(http_port), 0,
	    NULL },
	{ "include in comments and strings",
	    "# @include \"a\"\n// @include \"b\"\n/* @include\n\"c\" */\n"
	    "log = { file = \"/tmp/@include 99999999999\"; };\n",
	    OFF(log_file), 0, "/tmp/@include 99999999999" },
	{ "escaped quote in string",
	    "supervisor = { user = \"a\\\"b\"; };\n", OFF(user), 0, "a\"b" },
	{ "facility any case", "log = { facility = \"LOCAL3\"; };\n",
	    OFF(log_facility), 0, "LOCAL3" },
	{ "tcp transport", "ipc = { transport = \"tcp\"; };\n",
	    OFF(ipc_transport), 0, "tcp" },
	{ "one room", "rooms = ( { id = 9; name = \"X\"; port = 7000; } );\n",
	    OFF(nrooms), 1, NULL },
};

struct diff_case {
	const char	*name;
	const char	*text;		/* new config; old = defaults */
	int		 want[MS_ROLE_MAX];	/* sup, store, game, room, gw */
};

#define W_ALL(f)	{ f, f, f, f, f }
#define W_WRK(f)	{ 0, f, f, f, f }

static const struct diff_case diff_cases[] = {
	{ "nothing", "", W_ALL(0) },
	{ "same values given", "listen = { login_port = 6321; };\n",
	    W_ALL(0) },
	{ "restart policy", "supervisor = { restart = { crashloop_limit = 3; "
	    "}; };\n", { CF_RELOAD, 0, 0, 0, 0 } },
	{ "login port", "listen = { login_port = 7000; };\n",
	    { CF_SUPERVISOR, 0, 0, 0, 0 } },
	{ "user", "supervisor = { user = \"games\"; };\n",
	    { CF_SUPERVISOR, 0, 0, 0, 0 } },
	{ "transport", "ipc = { transport = \"tcp\"; };\n",
	    W_ALL(CF_SUPERVISOR) },
	{ "ipc buffers", "ipc = { sendbuf = 256; };\n", W_WRK(CF_RESTART) },
	{ "request timeout", "ipc = { request_timeout_ms = 500; };\n",
	    W_WRK(CF_RELOAD) },
	{ "verbose", "log = { verbose = 2; };\n", W_ALL(CF_RELOAD) },
	{ "gateway", "gateway = { http_max_clients = 8; };\n",
	    { 0, 0, 0, 0, CF_RELOAD } },
	{ "store path", "store = { path = \"/tmp/x.db\"; };\n",
	    { 0, CF_RESTART, 0, 0, 0 } },
	{ "presence bound", "store = { presence_max = 10; };\n",
	    { 0, CF_RESTART, 0, 0, 0 } },
	{ "offline queue", "store = { offline_queue = 10; };\n",
	    { 0, CF_RELOAD, 0, 0, 0 } },
	{ "delivery buffer", "room = { deliver_buffer = 65536; };\n",
	    { 0, 0, 0, CF_RELOAD, 0 } },
	{ "control clients", "supervisor = { control_clients = 1; };\n",
	    { CF_RELOAD, 0, 0, 0, 0 } },
	{ "room name", "rooms = (\n{ id = 0; name = \"Crows Bridge 2\"; "
	    "port = 6323; },\n{ id = 1; name = \"Otter Ferry\"; type = "
	    "\"ranked\"; port = 6324; guests = false; }\n);\n",
	    { 0, 0, 0, CF_RELOAD, CF_RELOAD } },
	{ "room removed", "rooms = ( { id = 0; name = \"Crows Bridge\"; "
	    "port = 6323; } );\n", { 0, 0, 0, CF_RELOAD, CF_RELOAD } },
	{ "mixed", "ipc = { recvbuf = 64; };\ngateway = { "
	    "http_timeout_ms = 900; };\n",
	    { 0, CF_RESTART, CF_RESTART, CF_RESTART,
	    CF_RESTART | CF_RELOAD } },
};

static const char *golden_files[] = { "good-full", "good-minimal",
	"bad-many" };

static const char *
srcdir(void)
{
	const char	*d = getenv("MS_TOP_SRCDIR");

	return d != NULL && *d != '\0' ? d : ".";
}

/* slurp - a file from the source tree, NUL-terminated. */
static char *
slurp(const char *rel)
{
	char	 path[1024], *buf;
	FILE	*fp;
	long	 n;

	snprintf(path, sizeof(path), "%s/%s", srcdir(), rel);
	if ((fp = fopen(path, "r")) == NULL)
		fail_msg("open %s: got failure, want the file", path);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static struct ms_config *
parse_ok(const char *text)
{
	struct ms_config	*cfg;
	char			 err[4096];

	if (ms_cfg_parse(text, FNAME, &cfg, err, sizeof(err)) != 0)
		fail_msg("parse: got \"%s\", want success", err);
	assert_non_null(cfg);
	return cfg;
}

/* print_str - ms_cfg_print into a malloc'd string. */
static char *
print_str(const struct ms_config *cfg)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp;

	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	ms_cfg_print(fp, cfg);
	fclose(fp);
	return buf;
}

static void
test_bad(void **state)
{
	const struct bad_case	*c = *state;
	struct ms_config	*cfg = (struct ms_config *)1;
	char			 err[4096];

	if (ms_cfg_parse(c->text, FNAME, &cfg, err, sizeof(err)) == 0)
		fail_msg("%s: got success, want \"%s\"", c->name, c->want);
	assert_null(cfg);
	if (strstr(err, c->want) == NULL)
		fail_msg("%s: got \"%s\", want \"%s\"", c->name, err, c->want);
}

static void
test_good(void **state)
{
	const struct good_case	*c = *state;
	struct ms_config	*cfg = parse_ok(c->text);
	const char		*p = (const char *)cfg + c->off;
	uint32_t		 v;

	if (c->want_str != NULL) {
		if (strcmp(p, c->want_str) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", c->name, p,
			    c->want_str);
	} else {
		memcpy(&v, p, sizeof(v));
		if (v != c->want)
			fail_msg("%s: got %u, want %u", c->name, v, c->want);
	}
	ms_cfg_free(cfg);
}

static void
test_diff(void **state)
{
	const struct diff_case	*c = *state;
	struct ms_config	*old = ms_cfg_defaults(), *nc;
	int			 changes[MS_ROLE_MAX], r;

	nc = parse_ok(c->text);
	ms_cfg_diff(old, nc, changes);
	for (r = 0; r < MS_ROLE_MAX; r++)
		if (changes[r] != c->want[r])
			fail_msg("%s: role %d: got 0x%x, want 0x%x", c->name, r,
			    changes[r], c->want[r]);
	ms_cfg_free(old);
	ms_cfg_free(nc);
}

/* test_golden - NAME.conf gives NAME.ok: the printed config or errors. */
static void
test_golden(void **state)
{
	const char		*name = *(const char *const *)*state;
	struct ms_config	*cfg;
	char			 rel[256], fname[256], err[4096], *text, *want;
	char			*got;

	snprintf(rel, sizeof(rel), "tests/data/%s.conf", name);
	snprintf(fname, sizeof(fname), "%s.conf", name);
	text = slurp(rel);
	snprintf(rel, sizeof(rel), "tests/data/%s.ok", name);
	want = slurp(rel);
	if (ms_cfg_parse(text, fname, &cfg, err, sizeof(err)) == 0) {
		got = print_str(cfg);
		ms_cfg_free(cfg);
	} else {
		strcat(err, "\n");
		got = strdup(err);
	}
	if (strcmp(got, want) != 0)
		fail_msg("%s: got\n%s\nwant\n%s", name, got, want);
	free(got);
	free(want);
	free(text);
}

static void
test_defaults(void **state)
{
	struct ms_config	*d = ms_cfg_defaults(), *e;

	(void)state;
	assert_non_null(d);
	assert_int_equal(d->restart.backoff_base_ms, 1000);
	assert_int_equal(d->restart.crashloop_limit, 6);
	assert_int_equal(d->heartbeat_timeout_ms, 5000);
	assert_int_equal(d->http_port, 6380);
	assert_int_equal(d->ipc_queue_limit, 1024);
	assert_string_equal(d->log_facility, "daemon");
	assert_string_equal(d->ipc_transport, "ipc");
	assert_string_equal(d->user, "");
	assert_true(d->pidfile[0] == '/');
	assert_non_null(strstr(d->store_path, "/lib/mythmeta/mythmeta.db"));
	/* An empty file must mean exactly the defaults. */
	e = parse_ok("");
	if (memcmp(d, e, sizeof(*d)) != 0)
		fail_msg("empty file: got a config, want the defaults");
	ms_cfg_free(d);
	ms_cfg_free(e);
}

static void
test_default_rooms(void **state)
{
	struct ms_config	*d = ms_cfg_defaults();

	(void)state;
	if (d->nrooms != 2)
		fail_msg("nrooms: got %u, want 2", d->nrooms);
	assert_int_equal(d->rooms[0].id, 0);
	assert_string_equal(d->rooms[0].name, "Crows Bridge");
	assert_int_equal(d->rooms[0].type, 0);
	assert_int_equal(d->rooms[0].port, 6323);
	assert_int_equal(d->rooms[0].capacity, 100);
	assert_true(d->rooms[0].guests);
	assert_int_equal(d->rooms[1].id, 1);
	assert_string_equal(d->rooms[1].name, "Otter Ferry");
	assert_int_equal(d->rooms[1].type, 1);
	assert_int_equal(d->rooms[1].port, 6324);
	assert_false(d->rooms[1].guests);
	ms_cfg_free(d);
}

static void
test_room_defaults(void **state)
{
	struct ms_config	*c;

	(void)state;
	c = parse_ok("rooms = ( { id = 5; name = \"Z\"; port = 7000; } );\n");
	assert_int_equal(c->rooms[0].type, 0);
	assert_int_equal(c->rooms[0].capacity, 100);
	assert_true(c->rooms[0].guests);
	ms_cfg_free(c);
}

/* test_all_errors - every error is reported, each on its own line. */
static void
test_all_errors(void **state)
{
	static const char	*want[] = {
		FNAME ":2: unknown key \"supervisor.bakcoff\"",
		FNAME ":4: \"listen.login_port\" is 70000, must be 1..65535",
		FNAME ":5: \"listen.backlog\" must be an integer",
		FNAME ":7: \"rooms[0].type\" is \"x\", must be",
		FNAME ":8: room port 7000 used twice (rooms[0] and rooms[1])",
	};
	struct ms_config	*cfg;
	char			 err[4096], *p;
	size_t			 i, lines = 1;

	(void)state;
	assert_int_equal(ms_cfg_parse("supervisor = {\n bakcoff = 1;\n};\n"
	    "listen = { login_port = 70000;\n backlog = \"x\"; };\n"
	    "rooms = (\n{ id = 0; name = \"A\"; port = 7000; type = \"x\"; },\n"
	    "{ id = 1; name = \"B\"; port = 7000; }\n);\n", FNAME, &cfg, err,
	    sizeof(err)), -1);
	for (i = 0; i < nitems(want); i++)
		if (strstr(err, want[i]) == NULL)
			fail_msg("got \"%s\", want \"%s\"", err, want[i]);
	for (p = err; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	if (lines != nitems(want))
		fail_msg("got %zu error lines, want %zu:\n%s", lines,
		    nitems(want), err);
}

/* test_err_truncated - a short buffer is filled, never overrun. */
static void
test_err_truncated(void **state)
{
	struct ms_config	*cfg;
	char			 err[24];
	const char		*text = "a = 1;\nb = 2;\nc = 3;\n";

	(void)state;
	memset(err, 'x', sizeof(err));
	assert_int_equal(ms_cfg_parse(text, FNAME, &cfg, err, 16), -1);
	assert_int_equal(strlen(err), 15);
	assert_int_equal(err[16], 'x');
	assert_int_equal(ms_cfg_parse(text, FNAME, &cfg, NULL, 0), -1);
	assert_int_equal(ms_cfg_parse(text, FNAME, &cfg, err, 1), -1);
	assert_int_equal(err[0], '\0');
}

/* rooms_text - n rooms with distinct ids and ports, malloc'd. */
static char *
rooms_text(int n)
{
	char	*t = malloc((size_t)n * 64 + 32), *p = t;
	int	 i;

	assert_non_null(t);
	p += sprintf(p, "rooms = (\n");
	for (i = 0; i < n; i++)
		p += sprintf(p, "{ id = %d; name = \"R%d\"; port = %d; }%s\n",
		    i, i, 7000 + i, i + 1 < n ? "," : "");
	sprintf(p, ");\n");
	return t;
}

static void
test_rooms_limit(void **state)
{
	struct ms_config	*cfg;
	char			*t, err[512];

	(void)state;
	t = rooms_text(MS_CFG_ROOMS_MAX);
	cfg = parse_ok(t);
	if (cfg->nrooms != MS_CFG_ROOMS_MAX)
		fail_msg("got %u rooms, want %d", cfg->nrooms,
		    MS_CFG_ROOMS_MAX);
	ms_cfg_free(cfg);
	free(t);
	t = rooms_text(MS_CFG_ROOMS_MAX + 1);
	assert_int_equal(ms_cfg_parse(t, FNAME, &cfg, err, sizeof(err)), -1);
	if (strstr(err, FNAME ":1: \"rooms\" has 65 entries, must have "
	    "1..64") == NULL)
		fail_msg("got \"%s\", want the room limit", err);
	free(t);
}

static char *
write_temp(const char *data, size_t len)
{
	char	*path = strdup("/tmp/test_config.XXXXXX");
	int	 fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd != -1);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static void
test_too_large(void **state)
{
	struct ms_config	*cfg;
	char			*big, *path, *text, err[512];
	size_t			 n = MS_CFG_TEXT_MAX + 1;

	(void)state;
	big = malloc(n + 1);
	assert_non_null(big);
	memset(big, '#', n);
	big[n] = '\0';
	path = write_temp(big, n);
	text = (char *)1;
	assert_int_equal(ms_cfg_read_file(path, &text, &cfg, err,
	    sizeof(err)), -1);
	assert_null(text);
	assert_null(cfg);
	if (strstr(err, "file is 61441 bytes, more than the limit of "
	    "61440") == NULL)
		fail_msg("got \"%s\", want the size limit", err);
	assert_int_equal(ms_cfg_parse(big, FNAME, &cfg, err, sizeof(err)),
	    -1);
	if (strstr(err, FNAME ": 61441 bytes, more than the limit") == NULL)
		fail_msg("got \"%s\", want the size limit", err);
	unlink(path);
	free(path);
	free(big);
}

static void
test_read_file(void **state)
{
	static const char	 data[] = "log = { verbose = 2; };\n";
	struct ms_config	*cfg;
	char			*path, *text, err[512];

	(void)state;
	path = write_temp(data, sizeof(data) - 1);
	assert_int_equal(ms_cfg_read_file(path, &text, &cfg, err,
	    sizeof(err)), 0);
	assert_string_equal(text, data);
	assert_int_equal(cfg->log_verbose, 2);
	ms_cfg_free(cfg);
	free(text);
	unlink(path);
	assert_int_equal(ms_cfg_read_file(path, &text, &cfg, err,
	    sizeof(err)), -1);
	if (strstr(err, "No such file or directory") == NULL)
		fail_msg("got \"%s\", want ENOENT", err);
	free(path);
	path = write_temp("a = 1;\0b = 2;\n", 14);
	assert_int_equal(ms_cfg_read_file(path, NULL, &cfg, err,
	    sizeof(err)), -1);
	if (strstr(err, "contains a NUL byte") == NULL)
		fail_msg("got \"%s\", want the NUL byte refused", err);
	unlink(path);
	free(path);
}

/* roundtrip - print parses back to an equal config, and prints the same. */
static void
roundtrip(const struct ms_config *a)
{
	struct ms_config	*b;
	char			*t1, *t2;
	int			 changes[MS_ROLE_MAX], r;

	t1 = print_str(a);
	b = parse_ok(t1);
	if (memcmp(a, b, sizeof(*a)) != 0)
		fail_msg("round trip: got a different config from\n%s", t1);
	ms_cfg_diff(a, b, changes);
	for (r = 0; r < MS_ROLE_MAX; r++)
		if (changes[r] != 0)
			fail_msg("round trip: role %d got 0x%x, want 0", r,
			    changes[r]);
	t2 = print_str(b);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	ms_cfg_free(b);
}

static void
test_roundtrip(void **state)
{
	struct ms_config	*c;
	char			*text;

	(void)state;
	c = ms_cfg_defaults();
	roundtrip(c);
	ms_cfg_free(c);
	text = slurp("tests/data/good-full.conf");
	c = parse_ok(text);
	roundtrip(c);
	ms_cfg_free(c);
	free(text);
	c = parse_ok("supervisor = { user = \"a\\\\b\\\"c\"; };\n");
	assert_string_equal(c->user, "a\\b\"c");
	roundtrip(c);
	ms_cfg_free(c);
}

/* test_shipped_conf - the example parses and changes no default. */
static void
test_shipped_conf(void **state)
{
	struct ms_config	*d = ms_cfg_defaults(), *c;
	char			*text = slurp("conf/mythmetad.conf");
	int			 changes[MS_ROLE_MAX], r;

	(void)state;
	c = parse_ok(text);
	ms_cfg_diff(d, c, changes);
	for (r = 0; r < MS_ROLE_MAX; r++)
		if (changes[r] != 0)
			fail_msg("conf/mythmetad.conf: role %d got 0x%x, "
			    "want 0 (the file must show the defaults)", r,
			    changes[r]);
	ms_cfg_free(c);
	ms_cfg_free(d);
	free(text);
}

/* find_item - "needle" followed by a blank or EOL in text, or NULL. */
static const char *
find_item(const char *text, const char *needle)
{
	const char	*p = text;
	size_t		 n = strlen(needle);

	while ((p = strstr(p, needle)) != NULL) {
		if (p[n] == ' ' || p[n] == '\n' || p[n] == '\t')
			return p;
		p += n;
	}
	return NULL;
}

static const char *
last_part(const char *key)
{
	const char	*dot = strrchr(key, '.');

	return dot != NULL ? dot + 1 : key;
}

/*
 * test_keys_documented - every table key is in the man page, in table
 * order, and in the shipped conf.
 */
static void
test_keys_documented(void **state)
{
	const char *const	*k;
	char			*man = slurp("man/mythmetad.conf.5");
	char			*conf = slurp("conf/mythmetad.conf");
	char			 item[256];
	const char		*at, *prev = man;
	int			 n = 0;

	(void)state;
	for (k = ms_cfg_keys(); *k != NULL; k++, n++) {
		snprintf(item, sizeof(item), ".It Ic %s",
		    strncmp(*k, "rooms.", 6) == 0 ? *k + 6 : *k);
		if ((at = find_item(man, item)) == NULL)
			fail_msg("man page: got no \"%s\", want one", item);
		if (at < prev)
			fail_msg("man page: got \"%s\" too early, want table "
			    "order", item);
		prev = at;
		snprintf(item, sizeof(item), "%s =", last_part(*k));
		if (strstr(conf, item) == NULL)
			fail_msg("conf: got no \"%s\", want one", item);
	}
	if (n < 40)
		fail_msg("ms_cfg_keys: got %d keys, want 40 or more", n);
	free(man);
	free(conf);
}

static void
add_tests(struct CMUnitTest *t, size_t *n, const char *prefix,
    const void *cases, size_t size, size_t count, CMUnitTestFunction fn)
{
	const char	*c;
	char		*name;
	size_t		 i, len;

	for (i = 0; i < count; i++) {
		c = (const char *)cases + i * size;
		len = strlen(prefix) + strlen(*(const char *const *)c) + 3;
		if ((name = malloc(len)) == NULL)
			abort();
		snprintf(name, len, "%s: %s", prefix, *(const char *const *)c);
		t[*n] = (struct CMUnitTest){ name, fn, NULL, NULL,
		    (void *)(uintptr_t)c };
		(*n)++;
	}
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_default_rooms),
		cmocka_unit_test(test_room_defaults),
		cmocka_unit_test(test_rooms_limit),
		cmocka_unit_test(test_all_errors),
		cmocka_unit_test(test_err_truncated),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_shipped_conf),
		cmocka_unit_test(test_keys_documented),
	};
	struct CMUnitTest	 t[nitems(fixed) + nitems(bad_cases) +
				    nitems(good_cases) + nitems(diff_cases) +
				    nitems(golden_files)];
	const char		*gold[nitems(golden_files)];
	size_t			 n = 0, i;
	int			 rc;

	for (i = 0; i < nitems(fixed); i++)
		t[n++] = fixed[i];
	add_tests(t, &n, "bad", bad_cases, sizeof(bad_cases[0]),
	    nitems(bad_cases), test_bad);
	add_tests(t, &n, "good", good_cases, sizeof(good_cases[0]),
	    nitems(good_cases), test_good);
	add_tests(t, &n, "diff", diff_cases, sizeof(diff_cases[0]),
	    nitems(diff_cases), test_diff);
	for (i = 0; i < nitems(golden_files); i++)
		gold[i] = golden_files[i];
	add_tests(t, &n, "golden", gold, sizeof(gold[0]), nitems(gold),
	    test_golden);
	rc = _cmocka_run_group_tests("config", t, n, NULL, NULL);
	for (i = nitems(fixed); i < n; i++)
		free((char *)(uintptr_t)t[i].name);
	return rc;
}
