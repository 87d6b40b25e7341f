/*
 * pst_admin_games.c - the mythmetactl verbs of the games issue that the
 * store answers: user info, order create/add/remove/del/list, and
 * results.  Names are typed UTF-8 and matched case-insensitively like
 * logins.  Membership changes are told at once to the order's online
 * members (packet 20).  Answers fit one control datagram (pst_out).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "pst.h"
#include "worker.h"

#define PST_RESULTS_DEFAULT	20
#define PST_RESULTS_ADMIN_MAX	100

static const char *const pst_scorings[16] = {
	"Body Count", "Steal the Bacon", "Last Man on the Hill",
	"Scavenger Hunt", "Flag Rally", "Capture the Flag",
	"Balls on Parade", "Territories", "Captures", "King of the Hill",
	"Stampede!", "Assassin", "Hunting", "Custom", "King of the Hill (TFL)",
	"King of the Map"
};

static int	pst_find_user(uint32_t, const char *, struct pst_account *);
static int	pst_find_order(uint32_t, const char *, struct pst_order *);
static void	pst_info_order(const struct pst_account *, char *, size_t);
static void	pst_info_rating(const struct pst_account *, char *, size_t);
static void	pst_info_online(const struct pst_account *, char *, size_t);
static void	pst_order_create(uint32_t, const char *);
static void	pst_order_member(uint32_t, const char *, const char *, int);
static void	pst_order_delete(uint32_t, const char *);
static void	pst_order_listing(uint32_t);
static int	pst_list_order(const struct pst_order *, void *);
static void	pst_order_told(int64_t);
static int	pst_result_lines(const struct pst_result_row *, void *);

struct pst_res_out {
	struct pst_out	out;
	uint32_t	results;
};

/* 0 with *a; otherwise answered. */
static int
pst_find_user(uint32_t reqid, const char *arg, struct pst_account *a)
{
	struct pst_name	nm;
	int		rc;

	if (pst_admin_name(reqid, arg, &nm) == -1)
		return -1;
	if ((rc = pst_db_acct_get(pst.db, nm.key, a)) == 0)
		return 0;
	pst_reply(reqid, MS_ADMIN_FAIL, rc == 1 ? "no such user '%s'" :
	    "database error looking up user '%s'", nm.utf8);
	return -1;
}

static int
pst_find_order(uint32_t reqid, const char *arg, struct pst_order *o)
{
	struct pst_name	nm;
	int		rc;

	if (pst_name_admin(arg, &nm) == -1) {
		pst_reply(reqid, MS_ADMIN_FAIL, "invalid order name '%.64s' "
		    "(1 to %d Mac OS Roman characters)", arg, PST_NAME_CHARS);
		return -1;
	}
	if ((rc = pst_db_order_get(pst.db, nm.key, o)) == 0)
		return 0;
	pst_reply(reqid, MS_ADMIN_FAIL, rc == 1 ? "no such order '%s'" :
	    "database error looking up order '%s'", nm.utf8);
	return -1;
}

/* --- user info --- */

static void
pst_info_order(const struct pst_account *a, char *out, size_t cap)
{
	struct pst_order	o;

	if (a->order == -1 || pst_db_order_by_id(pst.db, a->order, &o) != 0)
		snprintf(out, cap, "order: none");
	else
		snprintf(out, cap, "order: '%s' (id %lld)", o.name,
		    (long long)o.id);
}

static void
pst_info_rating(const struct pst_account *a, char *out, size_t cap)
{
	struct pst_rating	g;
	int			rc;

	if ((rc = pst_rating_get(pst.db, a->id, &g)) != 0) {
		snprintf(out, cap, "rating: %s", rc == 1 ? "never rated" :
		    "database error");
		return;
	}
	snprintf(out, cap, "rating %d (best %d), caste %d (best %d), ladder "
	    "position %u%s\nranked games %d: %d won, %d lost, %d tied",
	    g.rating, g.best_rating, g.caste, g.best_caste, g.position,
	    g.position == 0 ? " (not on the ladder)" : "", g.games, g.wins,
	    g.losses, g.ties);
}

static void
pst_info_online(const struct pst_account *a, char *out, size_t cap)
{
	const struct pst_pres_ent	*e;

	if ((e = pst_pres_get(pst.pres, (uint32_t)a->id)) == NULL)
		snprintf(out, cap, "offline");
	else
		snprintf(out, cap, "online in room %u on gateway[%u] (sid %u)",
		    e->room_id, e->gw, e->sid);
}

void
pst_user_info(uint32_t reqid, int argc, char **argv)
{
	struct pst_account	 a;
	struct pst_ban		 b;
	char			 ord[128], rat[256], on[96];
	char			 ban[PST_REASON_MAX + 64] = "";
	char			 until[48] = "permanently";
	char			 text[1024];

	(void)argc;
	if (pst_find_user(reqid, argv[2], &a) == -1)
		return;
	if (pst_db_ban_find(pst.db, PST_BAN_USER, a.key, pst_wallclock(),
	    &b) == 0) {
		if (b.expires != 0) {
			memcpy(until, "until ", 7);
			pst_time_str(b.expires, until + 6, sizeof(until) - 6);
		}
		snprintf(ban, sizeof(ban), ", banned %s", until);
	}
	pst_info_order(&a, ord, sizeof(ord));
	pst_info_rating(&a, rat, sizeof(rat));
	pst_info_online(&a, on, sizeof(on));
	snprintf(text, sizeof(text), "user '%s' id %lld%s%s\n%s\n%s\n%s",
	    a.name, (long long)a.id, a.admin ? ", administrator" : "", ban,
	    ord, rat, on);
	wrk_admin_reply(reqid, MS_ADMIN_OK, text);
}

/* --- orders --- */

/* The order's online members hear its new member list. */
static void
pst_order_told(int64_t order)
{
	if (pst_push_order(pst.db, pst.pres, order, 0, pst_push_send, NULL) ==
	    -1)
		log_warnx("store: order %lld: member list pushes incomplete",
		    (long long)order);
}

static void
pst_order_create(uint32_t reqid, const char *arg)
{
	struct pst_name	nm;
	int64_t		id;
	int		rc;

	if (pst_name_admin(arg, &nm) == -1) {
		pst_reply(reqid, MS_ADMIN_FAIL, "invalid order name '%.64s' "
		    "(1 to %d Mac OS Roman characters)", arg, PST_NAME_CHARS);
		return;
	}
	if ((rc = pst_db_order_add(pst.db, &nm, pst_wallclock(), &id)) == 0)
		pst_reply(reqid, MS_ADMIN_OK, "order '%s' created (id %lld)",
		    nm.utf8, (long long)id);
	else if (rc == 2)
		pst_reply(reqid, MS_ADMIN_FAIL, "no order id left (ids stop at "
		    "%d); order '%s' not created", PST_ORDER_ID_MAX, nm.utf8);
	else
		pst_reply(reqid, MS_ADMIN_FAIL, rc == 1 ? "order '%s' exists" :
		    "database error; order '%s' not created", nm.utf8);
}

static void
pst_order_member(uint32_t reqid, const char *oarg, const char *uarg,
    int add)
{
	const struct ms_config	*cfg = wrk_cfg();
	struct pst_account	 a;
	struct pst_order	 o, other;
	int			 rc;

	if (pst_find_order(reqid, oarg, &o) == -1 ||
	    pst_find_user(reqid, uarg, &a) == -1)
		return;
	rc = add ? pst_db_order_join(pst.db, o.id, a.id, cfg->order_members) :
	    pst_db_order_leave(pst.db, o.id, a.id);
	if (rc == -1) {
		pst_reply(reqid, MS_ADMIN_FAIL, "database error; order '%s' "
		    "unchanged", o.name);
		return;
	}
	if (!add && rc != 0) {
		pst_reply(reqid, MS_ADMIN_FAIL, "user '%s' is not in order "
		    "'%s'", a.name, o.name);
		return;
	}
	switch (add ? rc : 0) {
	case PST_JOIN_SAME:
		pst_reply(reqid, MS_ADMIN_FAIL, "user '%s' is in order '%s' "
		    "already", a.name, o.name);
		return;
	case PST_JOIN_OTHER:
		if (pst_db_order_by_id(pst.db, a.order, &other) != 0)
			snprintf(other.name, sizeof(other.name), "#%d",
			    a.order);
		pst_reply(reqid, MS_ADMIN_FAIL, "user '%s' is in order '%s'; "
		    "remove it from there first", a.name, other.name);
		return;
	case PST_JOIN_FULL:
		pst_reply(reqid, MS_ADMIN_FAIL, "order '%s' is full (%u "
		    "members, store.order_members)", o.name,
		    cfg->order_members);
		return;
	}
	pst_order_told(o.id);
	pst_reply(reqid, MS_ADMIN_OK, "user '%s' %s order '%s'", a.name,
	    add ? "added to" : "removed from", o.name);
}

static void
pst_order_delete(uint32_t reqid, const char *arg)
{
	struct pst_order	o;
	uint32_t		ids[MS_ORDER_MEMBERS_MAX];
	int			n = 0;

	if (pst_find_order(reqid, arg, &o) == -1)
		return;
	if (pst_db_order_members(pst.db, o.id, ids, MS_ORDER_MEMBERS_MAX,
	    &n) == -1 || pst_db_order_del(pst.db, o.id) != 0) {
		pst_reply(reqid, MS_ADMIN_FAIL, "database error; order '%s' "
		    "not deleted", o.name);
		return;
	}
	pst_reply(reqid, MS_ADMIN_OK, "order '%s' deleted; %d member%s left "
	    "it", o.name, n, n == 1 ? "" : "s");
}

static int
pst_list_order(const struct pst_order *o, void *arg)
{
	pst_out_line(arg, "%5lld %-31s %u member%s", (long long)o->id,
	    o->name, o->members, o->members == 1 ? "" : "s");
	return 0;
}

static void
pst_order_listing(uint32_t reqid)
{
	static struct pst_out	o;

	memset(&o, 0, sizeof(o));
	pst_list_reply(reqid, pst_db_order_list(pst.db, pst_list_order, &o),
	    &o, "order(s)");
}

void
pst_order_admin(uint32_t reqid, int argc, char **argv)
{
	(void)argc;
	if (strcmp(argv[1], "create") == 0)
		pst_order_create(reqid, argv[2]);
	else if (strcmp(argv[1], "add") == 0)
		pst_order_member(reqid, argv[2], argv[3], 1);
	else if (strcmp(argv[1], "remove") == 0)
		pst_order_member(reqid, argv[2], argv[3], 0);
	else if (strcmp(argv[1], "del") == 0)
		pst_order_delete(reqid, argv[2]);
	else
		pst_order_listing(reqid);
}

/* --- results --- */

static int
pst_result_lines(const struct pst_result_row *w, void *arg)
{
	struct pst_res_out		*ro = arg;
	struct pst_out			*o = &ro->out;
	const struct pst_result_player	*p;
	char				 date[40], rating[48];
	int				 i;

	ro->results++;
	pst_time_str(w->ended, date, sizeof(date));
	pst_out_line(o, "#%lld %s room %u '%s' on '%s', %s, %d s%s",
	    (long long)w->id, date, w->room_id, w->game_name, w->map_name,
	    w->scoring >= 0 && w->scoring < 16 ? pst_scorings[w->scoring] :
	    "unknown scoring", w->duration, w->ranked ? ", ranked" : "");
	for (i = 0; i < w->nplayers; i++) {
		p = &w->players[i];
		rating[0] = '\0';
		if (p->rated)
			snprintf(rating, sizeof(rating), ", rating %d -> %d",
			    p->rating_before, p->rating_after);
		if (p->spectator)
			pst_out_line(o, "  %s: spectator", p->nick);
		else
			pst_out_line(o, "  %s: team %d, place %d%s%s%s",
			    p->nick, p->team, p->place, p->tie ? " (tie)" : "",
			    p->dropped ? ", dropped" : "", rating);
	}
	return 0;
}

void
pst_results_admin(uint32_t reqid, int argc, char **argv)
{
	static struct pst_res_out o;
	struct pst_name		 nm;
	const char		*user = NULL;
	char			*end;
	long			 n = PST_RESULTS_DEFAULT;
	int			 i, rc, counted = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--user") == 0 && i + 1 < argc &&
		    user == NULL) {
			user = argv[++i];
			continue;
		}
		errno = 0;
		n = strtol(argv[i], &end, 10);
		if (counted++ || errno != 0 || *end != '\0' || end == argv[i] ||
		    n < 1 || n > PST_RESULTS_ADMIN_MAX) {
			pst_reply(reqid, MS_ADMIN_FAIL, "usage: %s (COUNT 1 to "
			    "%d, default %d)", PST_RESULTS_USAGE,
			    PST_RESULTS_ADMIN_MAX, PST_RESULTS_DEFAULT);
			return;
		}
	}
	if (user != NULL && pst_admin_name(reqid, user, &nm) == -1)
		return;
	memset(&o, 0, sizeof(o));
	rc = pst_results_recent(pst.db, user != NULL ? nm.key : NULL, (int)n,
	    pst_result_lines, &o);
	if (rc == 1) {
		pst_reply(reqid, MS_ADMIN_FAIL, "no such user '%s'", nm.utf8);
		return;
	}
	o.out.lines = o.results;
	pst_list_reply(reqid, rc, &o.out, "result(s), newest first");
}
