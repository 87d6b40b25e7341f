/*
 * it_players_room.c - room scenarios of tests/it_players: players see
 * each other come and go, chat is echoed and delivered with the real
 * sender, private messages reach only their target, room changes with
 * the same token, admin kicks, bad input that costs only the offender
 * its connection, and one broadcast to 500 clients in one room.
 * Orders are checked with a marker line sent after the packet under
 * test, never by sleeping.
 */
#include <stdio.h>
#include <string.h>

#include "it_players.h"

#define SEE_MS		5000
#define LINE_MS		5000
#define KEEPALIVE_MS	4000	/* two at gateway.keepalive_ms = 1000 */
#define BULK_N		500
#define BULK_INFLIGHT	64
#define BULK_JOIN_MS	90000
#define BULK_LIST_MS	20000

struct pair {
	struct itp_client	*a, *b;
};

static struct itp_client *
guest(enum mw_dialect d, const char *prefix, int room)
{
	char	nick[MW_NICK_MAX + 1];

	return itp_player(d, NULL, uniq(nick, sizeof(nick), prefix), room);
}

/* see - a lists b, within SEE_MS */
static void
see(struct itp_client *a, const struct itp_client *b)
{
	uint32_t	id = itp_uid(b);

	EXPECT(itp_wait_one(a, itp_cp_member, &id, SEE_MS), "%s: got no "
	    "entry for %s (%u), want one", a->nick, b->nick, id);
}

static void
unsee(struct itp_client *a, const struct itp_client *b)
{
	uint32_t	id = itp_uid(b);

	EXPECT(itp_wait_one(a, itp_cp_not_member, &id, SEE_MS), "%s: still "
	    "lists %s (%u) after it left, want a delete", a->nick, b->nick,
	    id);
}

/* pair_in - a Myth and an Aleph One guest in the main room, mutual */
static struct pair
pair_in(const char *pa, const char *pb)
{
	struct pair	p;

	p.a = guest(MYTH, pa, r_main);
	p.b = guest(A1, pb, r_main);
	need_in_room(p.a);
	need_in_room(p.b);
	see(p.a, p.b);
	see(p.b, p.a);
	return p;
}

static void
say(struct itp_client *c, const char *text)
{
	EXPECT(c->s != NULL && mcl_chat(c->s, text) == 0 &&
	    itp_flush(c) == 0, "%s: could not send \"%s\" (%s)", c->nick,
	    text, c->reason);
}

static void
hear(struct itp_client *c, const char *text)
{
	EXPECT(itp_wait_one(c, itp_cp_line, text, LINE_MS), "%s: got no "
	    "\"%s\" (closed %d: %s), want it", c->nick, text, c->closed,
	    c->reason);
}

void
t_see_each_other(void **state)
{
	struct pair		 p;
	struct itp_client	*c;

	(void)state;
	p = pair_in("Ash", "Beech");
	EXPECT(strstr(itp_member(p.a, itp_uid(p.b))->nick, p.b->nick) !=
	    NULL, "%s: entry for %s shows \"%s\"", p.a->nick, p.b->nick,
	    itp_member(p.a, itp_uid(p.b))->nick);
	c = guest(MYTH, "Catkin", r_main);
	need_in_room(c);
	see(p.a, c);
	see(c, p.a);
	itp_drop(p.b, 0);		/* the socket just closes */
	unsee(p.a, p.b);
	unsee(c, p.b);
	itp_drop(c, 1);			/* logout, then close */
	unsee(p.a, c);
	need_connected(&p.a, 1);
}

void
t_chat(void **state)
{
	struct pair	p;
	char		t1[32], t2[32];

	(void)state;
	p = pair_in("Chaff", "Chime");
	say(p.a, uniq(t1, sizeof(t1), "hello from myth "));
	hear(p.a, t1);
	hear(p.b, t1);
	need_line(p.a, t1, itp_uid(p.a));
	need_line(p.b, t1, itp_uid(p.a));
	say(p.b, uniq(t2, sizeof(t2), "hello from a1 "));
	hear(p.a, t2);
	hear(p.b, t2);
	need_line(p.a, t2, itp_uid(p.b));
	need_line(p.b, t2, itp_uid(p.b));
	EXPECT(itp_count_lines(p.a, t1) == 1 && itp_count_lines(p.b, t1) ==
	    1, "\"%s\": got it %zu and %zu times, want once each", t1,
	    itp_count_lines(p.a, t1), itp_count_lines(p.b, t1));
	EXPECT(itp_line(p.a, t1)->packet == MW_T_ROOM_BROADCAST,
	    "echo came as packet %u, want 200", itp_line(p.a, t1)->packet);
	need_connected(&p.a, 1);
	need_connected(&p.b, 1);
}

/* t_chat_spoofed - another's id and a made-up name are overwritten */
void
t_chat_spoofed(void **state)
{
	struct pair	p;
	struct mw_chat	ch;
	uint8_t		pkt[512];
	size_t		len = 0;
	char		text[32];

	(void)state;
	p = pair_in("Spoofer", "Mark");
	memset(&ch, 0, sizeof(ch));
	ch.player_id = itp_uid(p.b);
	ch.sender = "Mallory";
	ch.message = uniq(text, sizeof(text), "not really mark ");
	ch.length = mw_chat_blob_length(&ch);
	EXPECT(mw_encode_room_broadcast(pkt, sizeof(pkt), &len, &ch) ==
	    MW_OK, "encoding the spoofed line failed");
	EXPECT(itp_send_blob(p.a, MW_T_ROOM_BROADCAST, pkt, len) == 0,
	    "sending the spoofed line failed");
	hear(p.b, text);
	need_line(p.b, text, itp_uid(p.a));
	need_connected(&p.b, 1);
}

/* send_pm_no_echo - 201 with local_echo 0 (mcl_private always asks) */
static void
send_pm_no_echo(struct itp_client *from, uint32_t to, const char *text)
{
	struct mw_directed_data	d;
	uint8_t			pkt[512];
	size_t			len = 0;

	memset(&d, 0, sizeof(d));
	d.target_player_id = to;
	d.local_echo = 0;
	d.chat.player_id = itp_uid(from);
	d.chat.selected_player_id = to;
	d.chat.sender = from->nick;
	d.chat.message = text;
	d.chat.length = mw_chat_blob_length(&d.chat);
	EXPECT(mw_encode_directed_data(pkt, sizeof(pkt), &len, &d) == MW_OK &&
	    itp_send_blob(from, MW_T_DIRECTED_DATA, pkt, len) == 0,
	    "%s: could not send a private line", from->nick);
}

static void
check_pm(const struct itp_client *c, const char *text, uint32_t from,
    uint32_t to)
{
	const struct itp_line	*l = itp_line(c, text);

	EXPECT(l != NULL && l->packet == MW_T_DIRECTED_DATA, "%s: \"%s\" "
	    "came as packet %u, want 201", c->nick, text,
	    l != NULL ? l->packet : 0);
	EXPECT(l->player_id == from && l->target == to, "%s: \"%s\" from "
	    "%u to %u, want from %u to %u", c->nick, text, l->player_id,
	    l->target, from, to);
}

void
t_private(void **state)
{
	struct pair		 p;
	struct itp_client	*c;
	char			 pm1[32], pm2[32], s1[32], s2[32];

	(void)state;
	p = pair_in("Whisper", "Listener");
	c = guest(A1, "Outsider", r_main);
	need_in_room(c);
	see(c, p.a);
	EXPECT(mcl_private(p.a->s, itp_uid(p.b), uniq(pm1, sizeof(pm1),
	    "psst ")) == 0, "mcl_private failed");
	say(p.a, uniq(s1, sizeof(s1), "marker "));
	hear(p.b, pm1);
	hear(p.a, pm1);
	hear(c, s1);
	hear(p.a, s1);
	check_pm(p.b, pm1, itp_uid(p.a), itp_uid(p.b));
	check_pm(p.a, pm1, itp_uid(p.a), itp_uid(p.b));
	EXPECT(itp_line(c, pm1) == NULL, "%s: got the private line meant "
	    "for %s, want nothing", c->nick, p.b->nick);
	send_pm_no_echo(p.a, itp_uid(p.b), uniq(pm2, sizeof(pm2), "hush "));
	say(p.a, uniq(s2, sizeof(s2), "marker "));
	hear(p.b, pm2);
	hear(p.a, s2);
	hear(c, s2);
	EXPECT(itp_line(p.a, pm2) == NULL, "%s: got an echo of a private "
	    "line sent without local_echo, want none", p.a->nick);
	EXPECT(itp_line(c, pm2) == NULL, "%s: got a private line meant for "
	    "%s, want nothing", c->nick, p.b->nick);
}

/* t_private_absent - Aleph One is told code 10 and stays connected */
void
t_private_absent(void **state)
{
	struct itp_client	*d;
	const int32_t		 code = MW_MSG_PLAYER_NOT_IN_ROOM;
	char			 text[32];

	(void)state;
	d = guest(A1, "Lonely", r_main);
	need_in_room(d);
	EXPECT(mcl_private(d->s, 0x7ffffff0u, "anyone there?") == 0 &&
	    itp_flush(d) == 0, "mcl_private failed");
	EXPECT(itp_wait_one(d, itp_cp_code, &code, LINE_MS), "%s: got no "
	    "code 10 (closed %d: %s), want it", d->nick, d->closed,
	    d->reason);
	say(d, uniq(text, sizeof(text), "still here "));
	hear(d, text);
	need_line(d, text, itp_uid(d));
	need_connected(&d, 1);
}

/* t_room_change_account - the old room connection is told 6, closed */
void
t_room_change_account(void **state)
{
	struct itp_client	*f, *f2, *w;
	const int32_t		 code = MW_MSG_USER_ALREADY_LOGGED_IN;

	(void)state;
	f = itp_player(MYTH, "fir", "Fir", r_main);
	w = guest(A1, "Watcher", r_main);
	need_in_room(f);
	need_in_room(w);
	see(w, f);
	f2 = itp_clone(f);
	EXPECT(itp_join(f2, r_ranked, SEE_MS) == 0, "fir in the ranked "
	    "room: got \"%s\" (code %d), want in", f2->reason,
	    f2->failed_code);
	check_room_entry(f2);
	EXPECT(itp_wait_one(f, itp_cp_code, &code, SEE_MS), "fir's old "
	    "connection: got no code 6 (closed %d: %s), want it", f->closed,
	    f->reason);
	EXPECT(itp_wait_one(f, itp_cp_eof, NULL, SEE_MS), "fir's old "
	    "connection: still open after code 6, want closed");
	unsee(w, f);
	need_connected(&f2, 1);
	need_connected(&w, 1);
}

/* t_room_change_guest - leave politely, same token in another room */
void
t_room_change_guest(void **state)
{
	struct itp_client	*g, *g2, *w;

	(void)state;
	g = guest(MYTH, "Gull", r_main);
	w = guest(MYTH, "Heron", r_main);
	need_in_room(g);
	need_in_room(w);
	see(w, g);
	itp_drop(g, 1);
	g2 = itp_clone(g);
	EXPECT(itp_join(g2, r_bulk, SEE_MS) == 0, "%s in room %d: got "
	    "\"%s\" (code %d), want in", g2->nick, ROOM_ID_BULK, g2->reason,
	    g2->failed_code);
	check_room_entry(g2);
	unsee(w, g);
	need_connected(&w, 1);
}

void
t_kick(void **state)
{
	struct itp_client	*k, *w;
	char			 out[ITP_OUT_MAX];
	int			 rc;

	(void)state;
	k = guest(MYTH, "Kickee", r_main);
	w = guest(A1, "Bystander", r_main);
	need_in_room(k);
	need_in_room(w);
	see(w, k);
	rc = itp_ctl(out, sizeof(out), "kick", k->nick, "too", "much",
	    "spam", NULL);
	EXPECT(rc == 0, "kick %s: exit %d (%s), want 0", k->nick, rc, out);
	EXPECT(itp_wait_one(k, itp_cp_blammed, NULL, SEE_MS), "%s: got no "
	    "packet 21 (closed %d: %s), want it", k->nick, k->closed,
	    k->reason);
	EXPECT(strstr(k->blam, "too much spam") != NULL, "%s: kick text "
	    "\"%s\", want the reason in it", k->nick, k->blam);
	EXPECT(itp_wait_one(k, itp_cp_eof, NULL, SEE_MS), "%s: still open "
	    "after packet 21, want closed", k->nick);
	unsee(w, k);
	need_connected(&w, 1);
}

static int
two_keepalives(const struct itp_client *c, const void *arg)
{
	(void)arg;
	return c->closed || c->nkeepalive >= 2;
}

/* t_keepalive - a silent client is pinged (the script sets 1 s) */
void
t_keepalive(void **state)
{
	struct itp_client	*c;
	char			 text[32];

	(void)state;
	c = guest(MYTH, "Quiet", r_main);
	need_in_room(c);
	EXPECT(itp_wait_one(c, two_keepalives, NULL, KEEPALIVE_MS),
	    "%s: got %u keepalives in %d ms (closed %d: %s), want 2",
	    c->nick, c->nkeepalive, KEEPALIVE_MS, c->closed, c->reason);
	need_connected(&c, 1);
	say(c, uniq(text, sizeof(text), "awake "));
	hear(c, text);
}

/* ---- bad input ---- */

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/* bad_bytes - what the offender writes past its session */
static size_t
bad_bytes(enum bad_kind kind, uint8_t *buf, size_t cap)
{
	struct mw_chat	ch;
	uint32_t	x = 0x2545f491;
	size_t		i, len = 0;

	switch (kind) {
	case BAD_GARBAGE:
		for (i = 0; i < 256; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (uint8_t)(x >> 16);
		}
		buf[0] = 0x13;		/* never the magic by chance */
		return 256;
	case BAD_OVERSIZE:
		len = itp_env.max_packet + 64;
		memset(buf, 0, len);
		put16(buf, MW_MAGIC);
		put16(buf + 2, MW_T_ROOM_BROADCAST);
		put32(buf + 4, (uint32_t)len);
		return len;
	case BAD_MAGIC:
		memset(&ch, 0, sizeof(ch));
		ch.sender = "x";
		ch.message = "bad magic";
		if (mw_encode_room_broadcast(buf, cap, &len, &ch) != MW_OK)
			return 0;
		put16(buf, 0xbeef);
		return len;
	}
	return 0;
}

void
t_bad_input(void **state)
{
	const struct bad_case	*bc = *state;
	struct itp_client	*o, *b1, *b2;
	static uint8_t		 buf[40000];
	char			 text[32];
	size_t			 n;

	o = guest(bc->dialect, "Offender", r_main);
	b1 = guest(MYTH, "Calm", r_main);
	b2 = guest(A1, "Steady", r_main);
	need_in_room(o);
	need_in_room(b1);
	need_in_room(b2);
	see(b1, o);
	see(b1, b2);
	n = bad_bytes(bc->kind, buf, sizeof(buf));
	EXPECT(n > 0 && n <= sizeof(buf), "building the bad bytes failed");
	(void)itp_raw_write(o, buf, n);	/* the server may close midway */
	EXPECT(itp_wait_one(o, itp_cp_eof, NULL, SEE_MS), "%s: still "
	    "connected after the bad input, want closed", o->nick);
	unsee(b1, o);
	need_connected(&b1, 1);
	need_connected(&b2, 1);
	say(b2, uniq(text, sizeof(text), "after the offender "));
	hear(b1, text);
	need_line(b1, text, itp_uid(b2));
	need_connected(&b1, 1);
	need_connected(&b2, 1);
}

/* ---- 500 clients ---- */

struct bulk {
	struct itp_client	*v[BULK_N];
	size_t			 started;
};

/* bulk_pump - keep BULK_INFLIGHT joins going; true once all settled */
static int
bulk_pump(void *arg)
{
	struct bulk	*b = arg;
	char		 nick[MW_NICK_MAX + 1];
	size_t		 i, settled = 0;

	for (i = 0; i < b->started; i++)
		settled += itp_cp_in_room(b->v[i], NULL);
	while (b->started < BULK_N &&
	    b->started - settled < BULK_INFLIGHT) {
		i = b->started++;
		uniq(nick, sizeof(nick), "Bulk");
		b->v[i] = itp_new(i % 2 ? A1 : MYTH, i % 2 ? "guest" : nick,
		    "", nick);
		(void)itp_go(b->v[i], r_bulk);
	}
	return b->started == BULK_N && settled == BULK_N;
}

static int
bulk_lists(void *arg)
{
	struct bulk	*b = arg;
	size_t		 i;

	for (i = 0; i < BULK_N; i++)
		if (b->v[i]->nroster != BULK_N)
			return 0;
	return 1;
}

static void
bulk_check_lists(struct bulk *b)
{
	char	why[WHY_MAX], first[WHY_MAX] = "";
	size_t	i, bad = 0, least = SIZE_MAX;

	(void)itp_wait(bulk_lists, b, BULK_LIST_MS);
	for (i = 0; i < BULK_N; i++) {
		if (roster_check(b->v[i], b->v, BULK_N, NULL, why,
		    sizeof(why)) == 0)
			continue;
		if (bad++ == 0)
			snprintf(first, sizeof(first), "%s", why);
		if (b->v[i]->nroster < least)
			least = b->v[i]->nroster;
	}
	EXPECT(bad == 0, "player lists with %d in the room: %zu clients "
	    "wrong (shortest %zu entries), e.g. %s", BULK_N, bad, least,
	    first);
}

void
t_broadcast_500(void **state)
{
	static struct bulk	 b;
	uint64_t		 t0 = itp_now_ms();
	char			 text[32];
	size_t			 i, got = 0;

	(void)state;
	memset(&b, 0, sizeof(b));
	(void)itp_wait(bulk_pump, &b, BULK_JOIN_MS);
	EXPECT(b.started == BULK_N, "started %zu clients, want %d", b.started,
	    BULK_N);
	for (i = 0; i < BULK_N; i++)
		need_in_room(b.v[i]);
	printf("# %d clients in room %d after %llu ms\n", BULK_N,
	    ROOM_ID_BULK, (unsigned long long)(itp_now_ms() - t0));
	bulk_check_lists(&b);
	say(b.v[0], uniq(text, sizeof(text), "to all five hundred "));
	(void)itp_wait_all(b.v, BULK_N, itp_cp_line, text, LINE_MS * 4);
	for (i = 0; i < BULK_N; i++)
		got += itp_line(b.v[i], text) != NULL;
	EXPECT(got == BULK_N, "broadcast reached %zu clients, want %d", got,
	    BULK_N);
	need_connected(b.v, BULK_N);
}
