/*
 * pst_text.c - what the store says to clients and to gateways about
 * sessions: sentences built in UTF-8 and converted once to MacRoman
 * (the client's encoding) into the fixed MS_TEXT_MAX fields, ban
 * sentences with their expiry, the kick message and the ban lookup that
 * AUTH, CLAIM and the admin verbs share.  Texts are cut, never overrun.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "macroman.h"
#include "pst.h"
#include "worker.h"

#define PST_FMT_MAX	512

int64_t
pst_wallclock(void)
{
	return (int64_t)time(NULL);
}

void
pst_text(char *out, size_t outcap, const char *fmt, ...)
{
	char	buf[PST_FMT_MAX];
	va_list	ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (outcap == 0)
		return;
	/* A cut text is still a text: the result code says it all. */
	(void)ms_utf8_to_macroman(buf, strlen(buf), (uint8_t *)out, outcap,
	    NULL);
}

void
pst_time_str(int64_t t, char *out, size_t outcap)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, outcap, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		snprintf(out, outcap, "%lld", (long long)t);
}

void
pst_ban_text(char *out, size_t outcap, const struct pst_ban *b)
{
	const char	*who = strcmp(b->kind, PST_BAN_IP) == 0 ?
			    "Your address is banned" : "Your account is locked";
	char		 until[48] = "";

	if (b->expires != 0) {
		memcpy(until, " until ", 8);
		pst_time_str(b->expires, until + 7, sizeof(until) - 7);
	}
	pst_text(out, outcap, "%s%s%s%s.", who, until,
	    b->reason[0] != '\0' ? ": " : "", b->reason);
}

void
pst_ipv4_str(uint32_t ipv4, char *out, size_t outcap)
{
	struct in_addr	in;

	in.s_addr = ipv4;
	if (inet_ntop(AF_INET, &in, out, (socklen_t)outcap) == NULL)
		snprintf(out, outcap, "?");
}

void
pst_kick(const struct pst_pres_ent *e, int32_t code, const char *text)
{
	struct wrk_link		*l;
	struct ms_gw_kick	 k;

	memset(&k, 0, sizeof(k));
	k.sid = e->sid;
	k.code = code;
	snprintf(k.text, sizeof(k.text), "%s", text);
	if ((l = wrk_link_find(MS_ROLE_GATEWAY, e->gw)) == NULL) {
		log_warnx("store: no link to gateway[%u] to kick sid %u",
		    e->gw, e->sid);
		return;
	}
	if (wrk_send(l, MS_GW_KICK, 0, &k, sizeof(k)) == -1)
		log_warnx("store: kick of user %u (sid %u) on gateway[%u] "
		    "lost: link queue full", e->user_id, e->sid, e->gw);
}

int
pst_banned(const char *key, uint32_t ipv4, struct pst_ban *b)
{
	char	ip[INET_ADDRSTRLEN];
	int64_t	now = pst_wallclock();
	int	rc = 1;

	if (key != NULL &&
	    (rc = pst_db_ban_find(pst.db, PST_BAN_USER, key, now, b)) != 1)
		return rc;
	pst_ipv4_str(ipv4, ip, sizeof(ip));
	return pst_db_ban_find(pst.db, PST_BAN_IP, ip, now, b);
}
