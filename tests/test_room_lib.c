/*
 * test_room_lib.c - the room tests' harness (see test_room_lib.h).
 * Captured messages are copies owned here and freed by rt_clear(); the
 * packets returned by rt_got() point into them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_room_lib.h"

struct rt	rt;

static int	rt_send(void *, uint32_t, uint16_t, uint32_t, const void *,
		    size_t);
static void	rt_setup_cfg(uint32_t, uint32_t);
static void	rt_chat_seq(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t,
		    uint32_t, uint32_t, const char *, const char *);

static int
rt_send(void *arg, uint32_t gw, uint16_t type, uint32_t reqid,
    const void *p, size_t len)
{
	struct rt_msg	*m;

	(void)arg;
	assert_true(len <= ROOM_OUT_MSG_MAX);
	if (rt.refuse)
		return -1;
	assert_true(rt.nmsgs < RT_MSGS_MAX);
	m = &rt.msgs[rt.nmsgs++];
	m->gw = gw;
	m->type = type;
	m->reqid = reqid;
	m->len = len;
	m->p = malloc(len > 0 ? len : 1);
	assert_non_null(m->p);
	memcpy(m->p, p, len);
	return 0;
}

static void
rt_setup_cfg(uint32_t nrooms, uint32_t cap)
{
	struct ms_config	*c;
	uint32_t		 i;

	memset(&rt, 0, sizeof(rt));
	c = rt.cfg = calloc(1, sizeof(*c));
	assert_non_null(c);
	c->room_workers = 1;
	c->gateway_workers = 2;
	c->max_clients = 1000;
	strcpy(c->motd, "Welcome!\n\nSecond line");
	c->nrooms = nrooms;
	for (i = 0; i < nrooms; i++) {
		c->rooms[i].id = 10 + i;
		snprintf(c->rooms[i].name, sizeof(c->rooms[i].name),
		    "Room %u", 10 + i);
		c->rooms[i].type = i % 2;	/* 10 unranked, 11 ranked */
		c->rooms[i].port = 7000 + i;
		c->rooms[i].capacity = cap;
		c->rooms[i].guests = 1;
	}
	rt.ctx = malloc(sizeof(*rt.ctx));
	assert_non_null(rt.ctx);
	assert_int_equal(room_ctx_init(rt.ctx, c, 0, rt_send, NULL), 0);
}

void
rt_setup(uint32_t nrooms, uint32_t cap)
{
	rt_setup_cfg(nrooms, cap);
	rt.ctx->rec.roster_sent = 1;
	rt_flush();		/* the first counts of every room */
	rt_clear();
}

void
rt_setup_recovering(uint32_t nrooms, uint32_t cap)
{
	rt_setup_cfg(nrooms, cap);
}

void
rt_clear(void)
{
	size_t	i;

	for (i = 0; i < rt.nmsgs; i++)
		free(rt.msgs[i].p);
	rt.nmsgs = 0;
}

void
rt_teardown(void)
{
	rt_clear();
	room_ctx_fini(rt.ctx);
	free(rt.ctx);
	free(rt.cfg);
}

/* rt_flush - each flush ROOM_ACK_MS after the one before */
void
rt_flush(void)
{
	rt.now_ms += ROOM_ACK_MS;
	(void)room_flush(rt.ctx, 1000 + rt.now_ms);
}

int
rt_join(uint32_t gw, uint32_t sid, uint32_t room, uint32_t uid,
    uint32_t flags, const char *nick)
{
	struct ms_room_join	j;
	struct mw_player_data	pd;
	uint8_t			pkt[256];
	size_t			len;

	memset(&j, 0, sizeof(j));
	memset(&pd, 0, sizeof(pd));
	pd.primary.red = 0xffff;
	pd.game_version = 2180;
	pd.build_number = 428;
	pd.nick = nick;
	pd.team = "Team";
	assert_int_equal(mw_encode_set_player_data(pkt, sizeof(pkt), &len,
	    &pd), MW_OK);
	j.sid = sid;
	j.room_id = room;
	j.user_id = uid;
	j.flags = flags;
	j.caste = 7;
	j.order = -1;
	j.player_data_len = (uint16_t)(len - MW_HEADER_SIZE);
	memcpy(j.player_data, pkt + MW_HEADER_SIZE, len - MW_HEADER_SIZE);
	room_join(rt.ctx, gw, 1000 + sid, &j);
	return 0;
}

void
rt_session(uint32_t gw, uint32_t sid, uint32_t verb, uint32_t arg)
{
	struct ms_room_session	s = { sid, verb, arg, 0 };

	room_session(rt.ctx, gw, &s);
}

void
rt_chat(uint32_t gw, uint32_t sid, uint32_t kind, uint32_t target,
    uint32_t echo, uint32_t uid, const char *name, const char *msg)
{
	if (!rt.ctx->gwchat[gw].based)
		rt_chat_base(gw, rt.chat_seq[gw], 0);
	rt.chat_seq[gw]++;
	rt_chat_seq(gw, rt.chat_seq[gw], sid, kind, target, echo, uid, name,
	    msg);
}

void
rt_say(uint32_t gw, uint32_t seq, uint32_t sid, const char *msg)
{
	rt_chat_seq(gw, seq, sid, 0, 0, 0, 0, "x", msg);
}

static void
rt_chat_seq(uint32_t gw, uint32_t seq, uint32_t sid, uint32_t kind,
    uint32_t target, uint32_t echo, uint32_t uid, const char *name,
    const char *msg)
{
	struct ms_room_chat	c;
	struct mw_chat		ch;
	uint8_t			pkt[1024];
	size_t			len;

	memset(&ch, 0, sizeof(ch));
	ch.color.red = 0x1234;
	ch.player_id = uid;
	ch.selected_player_id = target;
	ch.sender = name;
	ch.message = msg;
	assert_int_equal(mw_encode_room_broadcast(pkt, sizeof(pkt), &len,
	    &ch), MW_OK);
	memset(&c, 0, sizeof(c));
	c.sid = sid;
	c.kind = kind;
	c.target = target;
	c.echo = echo;
	c.blob_len = (uint32_t)(len - MW_HEADER_SIZE);
	c.chat_seq = seq;
	room_chat(rt.ctx, gw, &c, pkt + MW_HEADER_SIZE);
}

void
rt_chat_base(uint32_t gw, uint32_t seq, int replay)
{
	struct ms_room_chat_seq	b = { seq, (uint32_t)replay };

	room_chat_base(rt.ctx, gw, &b);
}

size_t
rt_count(uint16_t type, int gw)
{
	size_t	i, n = 0;

	for (i = 0; i < rt.nmsgs; i++)
		if (rt.msgs[i].type == type && (gw < 0 ||
		    rt.msgs[i].gw == (uint32_t)gw))
			n++;
	return n;
}

const struct rt_msg *
rt_nth(uint16_t type, int gw, size_t n)
{
	size_t	i;

	for (i = 0; i < rt.nmsgs; i++)
		if (rt.msgs[i].type == type && (gw < 0 ||
		    rt.msgs[i].gw == (uint32_t)gw) && n-- == 0)
			return &rt.msgs[i];
	return NULL;
}

size_t
rt_got(uint32_t gw, uint32_t sid)
{
	struct room_deliver_iter	it;
	struct room_deliver		d;
	size_t				i, k, n = 0;

	for (i = 0; i < rt.nmsgs; i++) {
		if (rt.msgs[i].type != MS_ROOM_DELIVER || rt.msgs[i].gw != gw)
			continue;
		assert_int_equal(room_deliver_check(rt.msgs[i].p,
		    rt.msgs[i].len), 0);
		room_deliver_iter_init(&it, rt.msgs[i].p, rt.msgs[i].len);
		while (room_deliver_next(&it, &d) == 1)
			for (k = 0; k < d.nsids; k++) {
				if (room_deliver_sid(&d, k) != sid)
					continue;
				assert_true(n < RT_PKTS_MAX);
				rt.pkts[n].type = d.type;
				rt.pkts[n].len = d.len;
				rt.pkts[n++].p = d.payload;
			}
	}
	return n;
}

size_t
rt_got_type(uint32_t gw, uint32_t sid, uint16_t type)
{
	size_t	i, n = 0, got = rt_got(gw, sid);

	for (i = 0; i < got; i++)
		if (rt.pkts[i].type == type)
			rt.pkts[n++] = rt.pkts[i];
	return n;
}

size_t
rt_entries(const struct rt_pkt *p, struct mw_player_entry *v, size_t max)
{
	struct mw_iter	it;
	size_t		n = 0;

	assert_int_equal(p->type, MW_T_PLAYER_LIST);
	assert_int_equal(mw_decode_player_list(p->p, p->len, &it), MW_OK);
	while (n < max && mw_player_list_next(&it, &v[n]) == 1)
		n++;
	return n;
}

const char *
rt_text(const struct rt_pkt *p)
{
	struct mw_text	t;

	assert_int_equal(p->type, MW_T_MESSAGE_OF_THE_DAY);
	assert_int_equal(mw_decode_message_of_the_day(p->p, p->len, &t),
	    MW_OK);
	return t.text;
}
