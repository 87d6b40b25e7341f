/*
 * room_admin.c - the mythmetactl verbs a room worker answers: kick,
 * motd and who.  The supervisor asks every room worker; one that has
 * neither the player nor the room answers MS_ADMIN_NOT_HERE.  Nicks
 * are MacRoman on the wire and UTF-8 (control characters escaped) in
 * answers; operator text is UTF-8 and converted before clients see it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "macroman.h"
#include "room.h"

#define ROOM_ADM_NICK	(4 * (MW_NICK_MAX + 1))	/* escaped nick */
#define ROOM_ADM_TAIL	40	/* kept free for "... and N more" */

static int	room_adm_kick(struct room_ctx *, int, char **, char *, size_t);
static int	room_adm_motd(struct room_ctx *, int, char **, char *, size_t);
static int	room_adm_who(struct room_ctx *, int, char **, char *, size_t);
static int	room_adm_number(const char *, uint32_t *);
static struct room_member *room_adm_find(struct room_ctx *, const char *);
static void	room_adm_join(int, char **, char *, size_t);
static void	room_adm_nick(const struct room_member *, char *, size_t);
static const char *room_adm_flags(uint32_t, char *, size_t);
static int	room_adm_who_room(const struct room_room *, char *, size_t,
		    size_t *, uint32_t *);
static void	room_adm_setmotd(struct room_ctx *, struct room_room *,
		    const char *);

int
room_admin(struct room_ctx *ctx, int argc, char **argv, char *text,
    size_t textlen)
{
	text[0] = '\0';
	if (argc < 1)
		return MS_ADMIN_NOT_HERE;
	if (strcmp(argv[0], "kick") == 0)
		return room_adm_kick(ctx, argc, argv, text, textlen);
	if (strcmp(argv[0], "motd") == 0)
		return room_adm_motd(ctx, argc, argv, text, textlen);
	if (strcmp(argv[0], "who") == 0)
		return room_adm_who(ctx, argc, argv, text, textlen);
	return MS_ADMIN_NOT_HERE;
}

/* room_adm_number - a decimal id (room or user) and nothing else. */
static int
room_adm_number(const char *s, uint32_t *v)
{
	char		*end;
	unsigned long	 n;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || n > UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

/* A number is a user id first; nicks compare case-insensitively. */
static struct room_member *
room_adm_find(struct room_ctx *ctx, const char *who)
{
	struct room_room	*r;
	struct room_member	*m;
	uint32_t		 id, k;
	size_t			 i;

	for (i = 0; i < MS_CFG_ROOMS_MAX; i++) {
		r = &ctx->rooms[i];
		if (r->live && room_adm_number(who, &id) == 0 &&
		    (m = room_member_user(ctx, r, id)) != NULL)
			return m;
	}
	for (i = 0; i < MS_CFG_ROOMS_MAX; i++) {
		r = &ctx->rooms[i];
		for (k = 0; r->live && k < r->n; k++)
			if (strcasecmp(r->members[k]->nick, who) == 0)
				return r->members[k];
	}
	return NULL;
}

/* room_adm_join - argv words joined by spaces; "\n" starts a new line. */
static void
room_adm_join(int argc, char **argv, char *out, size_t size)
{
	size_t	len = 0, n;
	char	*p;
	int	 i;

	out[0] = '\0';
	for (i = 0; i < argc && len + 1 < size; i++) {
		if (i > 0)
			out[len++] = ' ';
		n = strnlen(argv[i], size - 1 - len);
		memcpy(out + len, argv[i], n);
		len += n;
		out[len] = '\0';
	}
	while ((p = strstr(out, "\\n")) != NULL) {
		*p = '\n';
		memmove(p + 1, p + 2, strlen(p + 2) + 1);
	}
}

static void
room_adm_nick(const struct room_member *m, char *out, size_t size)
{
	if (ms_macroman_sanitize((const uint8_t *)m->nick, strlen(m->nick),
	    out, size, NULL) == -1)
		out[0] = '\0';
}

static int
room_adm_kick(struct room_ctx *ctx, int argc, char **argv, char *text,
    size_t textlen)
{
	struct room_member	*m;
	char			 why[MS_TEXT_MAX], utf8[MS_TEXT_MAX];
	char			 macroman[MS_TEXT_MAX], nick[ROOM_ADM_NICK];

	if (argc < 2) {
		(void)snprintf(text, textlen, "usage: kick nick|id "
		    "[reason ...]");
		return MS_ADMIN_FAIL;
	}
	if ((m = room_adm_find(ctx, argv[1])) == NULL)
		return MS_ADMIN_NOT_HERE;
	room_adm_join(argc - 2, argv + 2, why, sizeof(why));
	if (why[0] == '\0')
		(void)snprintf(utf8, sizeof(utf8), "Kicked by an "
		    "administrator.");
	else
		(void)snprintf(utf8, sizeof(utf8), "Kicked by an "
		    "administrator: %.90s", why);
	room_motd_set(macroman, sizeof(macroman), utf8);
	room_adm_nick(m, nick, sizeof(nick));
	if (room_kick(ctx, m, -1, macroman) == -1) {
		(void)snprintf(text, textlen, "could not reach the gateway "
		    "of '%s'", nick);
		return MS_ADMIN_FAIL;
	}
	log_info("room: admin kick of '%s' (id %u) from room %u", nick,
	    m->user_id, m->room->id);
	(void)snprintf(text, textlen, "kicked '%s' (id %u) from room '%s'",
	    nick, m->user_id, m->room->name);
	return MS_ADMIN_OK;
}

/* Set and show at once: the players there see it now, newcomers later. */
static void
room_adm_setmotd(struct room_ctx *ctx, struct room_room *r, const char *t)
{
	const char	*p;
	char		 line[ROOM_TEXT_LINE + 1];

	room_motd_set(r->motd, sizeof(r->motd), t);
	p = r->motd;
	while (room_line_next(&p, line, sizeof(line)))
		room_bcast_text(ctx, r, line);
}

static int
room_adm_motd(struct room_ctx *ctx, int argc, char **argv, char *text,
    size_t textlen)
{
	struct room_room	*r = NULL;
	char			 motd[ROOM_MOTD_MAX];
	uint32_t		 id, n = 0;
	size_t			 i;
	int			 first = 1;

	if (argc >= 3 && room_adm_number(argv[1], &id) == 0) {
		if ((r = room_find(ctx, id)) == NULL)
			return MS_ADMIN_NOT_HERE;
		first = 2;
	}
	room_adm_join(argc - first, argv + first, motd, sizeof(motd));
	if (motd[0] == '\0') {
		(void)snprintf(text, textlen, "usage: motd [room-id] text ...");
		return MS_ADMIN_FAIL;
	}
	for (i = 0; i < MS_CFG_ROOMS_MAX; i++) {
		if (!ctx->rooms[i].live || (r != NULL && r != &ctx->rooms[i]))
			continue;
		room_adm_setmotd(ctx, &ctx->rooms[i], motd);
		n++;
	}
	if (n == 0)
		return MS_ADMIN_NOT_HERE;
	(void)snprintf(text, textlen, "motd set for %u room%s", n,
	    n == 1 ? "" : "s");
	return MS_ADMIN_OK;
}

static const char *
room_adm_flags(uint32_t flags, char *buf, size_t size)
{
	static const struct {
		uint32_t	 bit;
		const char	*name;
	} names[] = {
		{ MS_USER_GUEST, "guest" }, { MS_USER_ADMIN, "admin" },
		{ MS_USER_ALEPHONE, "alephone" }, { MS_USER_DEAF, "deaf" },
	};
	size_t	i;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].bit))
			continue;
		if (buf[0] != '\0')
			strncat(buf, ",", size - strlen(buf) - 1);
		strncat(buf, names[i].name, size - strlen(buf) - 1);
	}
	return buf[0] != '\0' ? buf : "-";
}

/* One line per member; 1 once the text is full (left counts the rest). */
static int
room_adm_who_room(const struct room_room *r, char *text, size_t textlen,
    size_t *len, uint32_t *left)
{
	const struct room_member	*m;
	char				 nick[ROOM_ADM_NICK], fl[40];
	uint32_t			 k;
	int				 n;

	for (k = 0; k < r->n; k++) {
		m = r->members[k];
		room_adm_nick(m, nick, sizeof(nick));
		n = snprintf(text + *len, textlen - *len, "%s %u %s %s\n",
		    r->name, m->user_id, nick, room_adm_flags(m->flags, fl,
		    sizeof(fl)));
		if (n < 0 || (size_t)n >= textlen - *len) {
			text[*len] = '\0';
			*left = r->n - k;
			return 1;
		}
		*len += (size_t)n;
	}
	return 0;
}

static int
room_adm_who(struct room_ctx *ctx, int argc, char **argv, char *text,
    size_t textlen)
{
	struct room_room	*r = NULL;
	size_t			 i, len = 0;
	uint32_t		 id, left = 0, nrooms = 0;
	int			 full = 0;

	if (argc >= 2 && room_adm_number(argv[1], &id) == -1) {
		(void)snprintf(text, textlen, "usage: who [room-id]");
		return MS_ADMIN_FAIL;
	}
	if (argc >= 2 && (r = room_find(ctx, id)) == NULL)
		return MS_ADMIN_NOT_HERE;
	for (i = 0; i < MS_CFG_ROOMS_MAX; i++) {
		if (!ctx->rooms[i].live || (r != NULL && r != &ctx->rooms[i]))
			continue;
		nrooms++;
		if (full)
			left += ctx->rooms[i].n;
		else
			full = room_adm_who_room(&ctx->rooms[i], text,
			    textlen - ROOM_ADM_TAIL, &len, &left);
	}
	if (nrooms == 0)
		return MS_ADMIN_NOT_HERE;
	if (left > 0)
		(void)snprintf(text + len, textlen - len, "... and %u more\n",
		    left);
	else if (len == 0 && r != NULL)
		(void)snprintf(text, textlen, "room '%s' is empty", r->name);
	else if (len == 0)
		(void)snprintf(text, textlen, "no players in %u room%s",
		    nrooms, nrooms == 1 ? "" : "s");
	return MS_ADMIN_OK;
}
