/*
 * pst_admin.c - the mythmetactl verbs the supervisor relays to the
 * store: accounts (add, passwd, del, list, info), bans (user, ip,
 * list), and the games verbs of pst_admin_games.c (order, results).
 * Every command is answered exactly once with one wrk_admin_reply(),
 * at once or, for add and passwd, when the argon2id pool has hashed the
 * password.  Operators type UTF-8; names and passwords are converted to
 * the client's MacRoman and refused if they do not fit it.  Answers are
 * bounded to fit one control-socket datagram.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "log.h"
#include "pst.h"
#include "worker.h"

#define PST_KICK_BATCH	64
#define PST_BAN_SECS_MAX (100LL * 366 * 86400)

struct pst_verb {
	const char	*noun;
	const char	*verb;
	int		 argc_min;
	int		 argc_max;
	void		(*fn)(uint32_t, int, char **);
	const char	*usage;
};

/* An add or passwd waiting for its hash; owned by the hash job. */
struct pst_admin_job {
	uint32_t	reqid;
	int		add;		/* else passwd */
	int		admin;
	struct pst_name	nm;
};

static void	pst_user_add(uint32_t, int, char **);
static void	pst_user_passwd(uint32_t, int, char **);
static void	pst_user_del(uint32_t, int, char **);
static void	pst_user_list(uint32_t, int, char **);
static void	pst_user_ban(uint32_t, int, char **);
static void	pst_user_unban(uint32_t, int, char **);
static void	pst_ip_ban(uint32_t, int, char **);
static void	pst_ip_unban(uint32_t, int, char **);
static void	pst_ban_list(uint32_t, int, char **);
static void	pst_usage(uint32_t, const char *);
static void	pst_admin_hash(uint32_t, int, int, const char *,
		    const char *);
static void	pst_admin_hashed(int, const char *, void *);
static void	pst_admin_add(const struct pst_admin_job *, const char *);
static void	pst_admin_passwd(const struct pst_admin_job *, const char *);
static int	pst_ban_args(uint32_t, int, char **, struct pst_ban *);
static size_t	pst_utf8_trim(char *);
static void	pst_ban_reply(uint32_t, const char *, const struct pst_ban *,
		    uint32_t);
static int	pst_list_acct(const struct pst_account *, void *);
static int	pst_list_ban(const struct pst_ban *, void *);

static const struct pst_verb pst_verbs[] = {
	{ "user", "add", 4, 5, pst_user_add,
	    "user add NAME PASSWORD [admin]" },
	{ "user", "passwd", 4, 4, pst_user_passwd,
	    "user passwd NAME PASSWORD" },
	{ "user", "del", 3, 3, pst_user_del, "user del NAME" },
	{ "user", "list", 2, 2, pst_user_list, "user list" },
	{ "user", "ban", 3, 64, pst_user_ban,
	    "user ban NAME [SECONDS] [REASON...]" },
	{ "user", "unban", 3, 3, pst_user_unban, "user unban NAME" },
	{ "ip", "ban", 3, 64, pst_ip_ban, "ip ban ADDR [SECONDS] [REASON...]" },
	{ "ip", "unban", 3, 3, pst_ip_unban, "ip unban ADDR" },
	{ "ban", "list", 2, 2, pst_ban_list, "ban list" },
	{ "user", "info", 3, 3, pst_user_info, "user info NAME" },
	{ "order", "create", 3, 3, pst_order_admin, "order create NAME" },
	{ "order", "add", 4, 4, pst_order_admin, "order add ORDER USER" },
	{ "order", "remove", 4, 4, pst_order_admin,
	    "order remove ORDER USER" },
	{ "order", "del", 3, 3, pst_order_admin, "order del ORDER" },
	{ "order", "list", 2, 2, pst_order_admin, "order list" },
};
#define PST_NVERBS	(sizeof(pst_verbs) / sizeof(pst_verbs[0]))

void
pst_admin(uint32_t reqid, int argc, char **argv)
{
	const struct pst_verb	*v;
	size_t			 i;

	/* One word, options after it: not in the noun-verb table. */
	if (argc >= 1 && strcmp(argv[0], "results") == 0) {
		pst_results_admin(reqid, argc, argv);
		return;
	}
	for (i = 0; i < PST_NVERBS; i++) {
		v = &pst_verbs[i];
		if (argc < 2 || strcmp(argv[0], v->noun) != 0 ||
		    strcmp(argv[1], v->verb) != 0)
			continue;
		if (argc < v->argc_min || argc > v->argc_max)
			pst_usage(reqid, v->usage);
		else
			v->fn(reqid, argc, argv);
		return;
	}
	pst_usage(reqid, NULL);
}

void
pst_reply(uint32_t reqid, int32_t status, const char *fmt, ...)
{
	char	buf[512];
	va_list	ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (status == MS_ADMIN_OK)
		log_info("store: admin: %s", buf);
	wrk_admin_reply(reqid, status, buf);
}

static void
pst_usage(uint32_t reqid, const char *one)
{
	char	buf[1024];
	size_t	i, n;

	if (one != NULL) {
		pst_reply(reqid, MS_ADMIN_FAIL, "usage: %s", one);
		return;
	}
	n = (size_t)snprintf(buf, sizeof(buf), "usage:");
	for (i = 0; i < PST_NVERBS && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %s",
		    i == 0 ? "" : " |", pst_verbs[i].usage);
	if (n < sizeof(buf))
		(void)snprintf(buf + n, sizeof(buf) - n, " | %s",
		    PST_RESULTS_USAGE);
	wrk_admin_reply(reqid, MS_ADMIN_FAIL, buf);
}

int
pst_admin_name(uint32_t reqid, const char *arg, struct pst_name *nm)
{
	if (pst_name_admin(arg, nm) == 0)
		return 0;
	pst_reply(reqid, MS_ADMIN_FAIL, "invalid user name '%.64s' (1 to %d "
	    "Mac OS Roman characters, no control characters)", arg,
	    PST_NAME_CHARS);
	return -1;
}

/* pst_admin_hash - add (or passwd) once the pool has hashed pw. */
static void
pst_admin_hash(uint32_t reqid, int add, int admin, const char *name,
    const char *pwarg)
{
	const struct ms_config	*cfg = wrk_cfg();
	struct pst_admin_job	*j;
	struct pst_account	 acct;
	uint8_t			 pw[PST_PW_CHARS + 1];
	int			 pwlen, rc;

	if ((j = calloc(1, sizeof(*j))) == NULL) {
		pst_reply(reqid, MS_ADMIN_FAIL, "out of memory");
		return;
	}
	j->reqid = reqid;
	j->add = add;
	j->admin = admin;
	if (pst_admin_name(reqid, name, &j->nm) == -1)
		goto done;
	rc = pst_db_acct_get(pst.db, j->nm.key, &acct);
	if (rc == -1 || (add && rc == 0) || (!add && rc == 1)) {
		pst_reply(reqid, MS_ADMIN_FAIL, rc == -1 ? "database error "
		    "looking up user '%s'" : add ? "user '%s' exists" :
		    "no such user '%s'", j->nm.utf8);
		goto done;
	}
	if ((pwlen = pst_pw_admin(pwarg, pw, sizeof(pw))) == -1) {
		pst_reply(reqid, MS_ADMIN_FAIL, "invalid password (1 to %d Mac "
		    "OS Roman characters, no control characters)",
		    PST_PW_CHARS);
		goto done;
	}
	rc = pst_hash_make(pst.hash, pw, (size_t)pwlen, cfg->hash_ops,
	    (size_t)cfg->hash_mem_kib * 1024, pst_admin_hashed, j);
	sodium_memzero(pw, sizeof(pw));
	if (rc == 0)
		return;
	pst_reply(reqid, MS_ADMIN_FAIL, "server busy (password hash queue "
	    "full); nothing changed, try again");
done:
	free(j);
}

static void
pst_admin_hashed(int result, const char *hash, void *arg)
{
	struct pst_admin_job	*j = arg;

	if (hash == NULL || pst.stopping)
		pst_reply(j->reqid, MS_ADMIN_FAIL, "%s; user '%s' unchanged",
		    result == PST_HASH_CANCELLED || pst.stopping ?
		    "the store is stopping" : "password hashing failed",
		    j->nm.utf8);
	else if (j->add)
		pst_admin_add(j, hash);
	else
		pst_admin_passwd(j, hash);
	free(j);
}

static void
pst_admin_add(const struct pst_admin_job *j, const char *hash)
{
	int64_t	id;
	int	rc;

	rc = pst_db_acct_add(pst.db, &j->nm, hash, j->admin, pst_wallclock(),
	    &id);
	if (rc == 0)
		pst_reply(j->reqid, MS_ADMIN_OK, "user '%s' added (id %lld)%s",
		    j->nm.utf8, (long long)id, j->admin ?
		    " as an administrator" : "");
	else
		pst_reply(j->reqid, MS_ADMIN_FAIL, rc == 1 ? "user '%s' "
		    "exists" : "database error; user '%s' not added",
		    j->nm.utf8);
}

static void
pst_admin_passwd(const struct pst_admin_job *j, const char *hash)
{
	int	rc;

	if ((rc = pst_db_acct_passwd(pst.db, j->nm.key, hash)) == 0)
		pst_reply(j->reqid, MS_ADMIN_OK, "password of user '%s' "
		    "changed", j->nm.utf8);
	else
		pst_reply(j->reqid, MS_ADMIN_FAIL, rc == 1 ? "no such user "
		    "'%s'" : "database error; password of user '%s' "
		    "unchanged", j->nm.utf8);
}

static void
pst_user_add(uint32_t reqid, int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[4], "admin") != 0) {
		pst_usage(reqid, "user add NAME PASSWORD [admin]");
		return;
	}
	pst_admin_hash(reqid, 1, argc == 5, argv[2], argv[3]);
}

static void
pst_user_passwd(uint32_t reqid, int argc, char **argv)
{
	(void)argc;
	pst_admin_hash(reqid, 0, 0, argv[2], argv[3]);
}

static void
pst_user_del(uint32_t reqid, int argc, char **argv)
{
	struct pst_pres_ent	e;
	struct pst_name		nm;
	int64_t			id;
	int			rc, kicked = 0;

	(void)argc;
	if (pst_admin_name(reqid, argv[2], &nm) == -1)
		return;
	if ((rc = pst_db_acct_del(pst.db, nm.key, &id)) != 0) {
		pst_reply(reqid, MS_ADMIN_FAIL, rc == 1 ? "no such user '%s'" :
		    "database error; user '%s' not deleted", nm.utf8);
		return;
	}
	if ((kicked = pst_pres_remove(pst.pres, (uint32_t)id, &e)) != 0) {
		char	text[MS_TEXT_MAX];

		pst_text(text, sizeof(text), "Your account has been removed.");
		pst_kick(&e, 14, text);
	}
	pst_reply(reqid, MS_ADMIN_OK, "user '%s' deleted (id %lld)%s",
	    nm.utf8, (long long)id, kicked ? "; its session was closed" : "");
}

/*
 * pst_ban_args - argv[3] is SECONDS when it is all digits, the rest is
 * the reason, joined by spaces, cut at a UTF-8 character boundary and
 * without control characters (it ends up in one client text line).
 */
static int
pst_ban_args(uint32_t reqid, int argc, char **argv, struct pst_ban *b)
{
	long long	secs = 0;
	size_t		n = 0, i;
	int		a = 3;
	char		*end;

	if (argc > 3 && argv[3][strspn(argv[3], "0123456789")] == '\0') {
		errno = 0;
		secs = strtoll(argv[a++], &end, 10);
		if (errno != 0 || secs > PST_BAN_SECS_MAX) {
			pst_reply(reqid, MS_ADMIN_FAIL, "SECONDS out of range "
			    "(0 = permanent, at most %lld)", PST_BAN_SECS_MAX);
			return -1;
		}
	}
	b->expires = secs == 0 ? 0 : pst_wallclock() + secs;
	for (; a < argc && n + 1 < sizeof(b->reason); a++)
		n += (size_t)snprintf(b->reason + n, sizeof(b->reason) - n,
		    "%s%s", n > 0 ? " " : "", argv[a]);
	n = pst_utf8_trim(b->reason);
	for (i = 0; i < n; i++)
		if ((uint8_t)b->reason[i] < 0x20 || b->reason[i] == 0x7f)
			b->reason[i] = ' ';
	return 0;
}

/* pst_utf8_trim - drop a character cut in half at the end; length. */
static size_t
pst_utf8_trim(char *s)
{
	size_t	n = strlen(s), i = n, want;
	uint8_t	c;

	while (i > 0 && ((uint8_t)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0)
		return n;
	c = (uint8_t)s[i - 1];
	want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (n - (i - 1) < want) {
		s[i - 1] = '\0';
		return i - 1;
	}
	return n;
}

static void
pst_ban_reply(uint32_t reqid, const char *what, const struct pst_ban *b,
    uint32_t kicked)
{
	char	until[48] = "permanently";

	if (b->expires != 0) {
		memcpy(until, "until ", 7);
		pst_time_str(b->expires, until + 6, sizeof(until) - 6);
	}
	pst_reply(reqid, MS_ADMIN_OK, "%s banned %s%s%s; %u session%s closed",
	    what, until, b->reason[0] != '\0' ? ": " : "", b->reason, kicked,
	    kicked == 1 ? "" : "s");
}

static void
pst_user_ban(uint32_t reqid, int argc, char **argv)
{
	struct pst_account	acct;
	struct pst_pres_ent	e;
	struct pst_ban		b;
	struct pst_name		nm;
	char			what[PST_UTF8_MAX + 8], text[MS_TEXT_MAX];
	int			rc, kicked;

	memset(&b, 0, sizeof(b));
	if (pst_admin_name(reqid, argv[2], &nm) == -1 ||
	    pst_ban_args(reqid, argc, argv, &b) == -1)
		return;
	if ((rc = pst_db_acct_get(pst.db, nm.key, &acct)) != 0) {
		pst_reply(reqid, MS_ADMIN_FAIL, rc == 1 ? "no such user '%s'" :
		    "database error; user '%s' not banned", nm.utf8);
		return;
	}
	snprintf(b.kind, sizeof(b.kind), "%s", PST_BAN_USER);
	snprintf(b.value, sizeof(b.value), "%s", nm.key);
	if (pst_db_ban_add(pst.db, &b, pst_wallclock()) == -1) {
		pst_reply(reqid, MS_ADMIN_FAIL, "database error; user '%s' not "
		    "banned", nm.utf8);
		return;
	}
	if ((kicked = pst_pres_remove(pst.pres, (uint32_t)acct.id, &e))) {
		pst_ban_text(text, sizeof(text), &b);
		pst_kick(&e, 14, text);
		pst_push_offline(e.user_id);
	}
	snprintf(what, sizeof(what), "user '%s'", nm.utf8);
	pst_ban_reply(reqid, what, &b, (uint32_t)kicked);
}

static void
pst_user_unban(uint32_t reqid, int argc, char **argv)
{
	struct pst_name	nm;
	int		rc;

	(void)argc;
	if (pst_admin_name(reqid, argv[2], &nm) == -1)
		return;
	if ((rc = pst_db_ban_del(pst.db, PST_BAN_USER, nm.key)) == 0)
		pst_reply(reqid, MS_ADMIN_OK, "user '%s' unbanned", nm.utf8);
	else
		pst_reply(reqid, MS_ADMIN_FAIL, rc == 1 ? "user '%s' is not "
		    "banned" : "database error; user '%s' still banned",
		    nm.utf8);
}

static void
pst_ip_ban(uint32_t reqid, int argc, char **argv)
{
	struct pst_pres_ent	e[PST_KICK_BATCH];
	struct pst_ban		b;
	struct in_addr		in;
	char			what[PST_VALUE_MAX + 16], text[MS_TEXT_MAX];
	uint32_t		i, n, kicked = 0;

	memset(&b, 0, sizeof(b));
	if (inet_pton(AF_INET, argv[2], &in) != 1) {
		pst_reply(reqid, MS_ADMIN_FAIL, "invalid IPv4 address '%.64s'",
		    argv[2]);
		return;
	}
	if (pst_ban_args(reqid, argc, argv, &b) == -1)
		return;
	snprintf(b.kind, sizeof(b.kind), "%s", PST_BAN_IP);
	pst_ipv4_str(in.s_addr, b.value, sizeof(b.value));
	if (pst_db_ban_add(pst.db, &b, pst_wallclock()) == -1) {
		pst_reply(reqid, MS_ADMIN_FAIL, "database error; address %s "
		    "not banned", b.value);
		return;
	}
	pst_ban_text(text, sizeof(text), &b);
	do {
		n = pst_pres_remove_ip(pst.pres, in.s_addr, e, PST_KICK_BATCH);
		for (i = 0; i < n; i++) {
			pst_kick(&e[i], 14, text);
			pst_push_offline(e[i].user_id);
		}
		kicked += n;
	} while (n == PST_KICK_BATCH);
	snprintf(what, sizeof(what), "address %s", b.value);
	pst_ban_reply(reqid, what, &b, kicked);
}

static void
pst_ip_unban(uint32_t reqid, int argc, char **argv)
{
	struct in_addr	in;
	char		ip[INET_ADDRSTRLEN];
	int		rc;

	(void)argc;
	if (inet_pton(AF_INET, argv[2], &in) != 1) {
		pst_reply(reqid, MS_ADMIN_FAIL, "invalid IPv4 address '%.64s'",
		    argv[2]);
		return;
	}
	pst_ipv4_str(in.s_addr, ip, sizeof(ip));
	if ((rc = pst_db_ban_del(pst.db, PST_BAN_IP, ip)) == 0)
		pst_reply(reqid, MS_ADMIN_OK, "address %s unbanned", ip);
	else
		pst_reply(reqid, MS_ADMIN_FAIL, rc == 1 ? "address %s is not "
		    "banned" : "database error; address %s still banned", ip);
}

void
pst_out_line(struct pst_out *o, const char *fmt, ...)
{
	char	line[512];
	size_t	len;
	va_list	ap;

	o->lines++;
	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	len = strlen(line);
	if (o->dropped > 0 || o->len + len + 2 > sizeof(o->buf)) {
		o->dropped++;
		return;
	}
	o->buf[o->len++] = '\n';
	memcpy(o->buf + o->len, line, len + 1);
	o->len += len;
}

static int
pst_list_acct(const struct pst_account *a, void *arg)
{
	char	last[40] = "never";

	if (a->last_login != 0)
		pst_time_str(a->last_login, last, sizeof(last));
	pst_out_line(arg, "%6lld %-31s %-5s last login %s", (long long)a->id,
	    a->name, a->admin ? "admin" : "", last);
	return 0;
}

static int
pst_list_ban(const struct pst_ban *b, void *arg)
{
	char	until[48] = "permanent";

	if (b->expires != 0) {
		memcpy(until, "until ", 7);
		pst_time_str(b->expires, until + 6, sizeof(until) - 6);
	}
	pst_out_line(arg, "%-4s %-31s %s%s%s", b->kind, b->value, until,
	    b->reason[0] != '\0' ? ": " : "", b->reason);
	return 0;
}

void
pst_list_reply(uint32_t reqid, int rc, const struct pst_out *o,
    const char *what)
{
	static char	text[PST_ADMIN_TEXT + 64];
	char		more[40] = "";

	if (rc == -1) {
		pst_reply(reqid, MS_ADMIN_FAIL, "database error");
		return;
	}
	if (o->dropped > 0)
		snprintf(more, sizeof(more), "\n... and %u more", o->dropped);
	snprintf(text, sizeof(text), "%u %s%s%s", o->lines, what, o->buf,
	    more);
	wrk_admin_reply(reqid, MS_ADMIN_OK, text);
}

static void
pst_user_list(uint32_t reqid, int argc, char **argv)
{
	static struct pst_out	o;

	(void)argc;
	(void)argv;
	memset(&o, 0, sizeof(o));
	pst_list_reply(reqid, pst_db_acct_list(pst.db, pst_list_acct, &o), &o,
	    "account(s)");
}

static void
pst_ban_list(uint32_t reqid, int argc, char **argv)
{
	static struct pst_out	o;

	(void)argc;
	(void)argv;
	memset(&o, 0, sizeof(o));
	pst_list_reply(reqid, pst_db_ban_list(pst.db, pst_wallclock(),
	    pst_list_ban, &o), &o, "active ban(s)");
}
