/*
 * test_gs_lib.c - see test_gs_lib.h.
 */
#include <arpa/inet.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_gs_lib.h"

struct tg	tg;
uint8_t		tg_desc[MS_GS_DESC_MAX];

static void
tg_gone(void *arg, uint32_t gw, uint32_t sid, uint32_t user_id,
    const char *text)
{
	struct tg_gone	*g;

	(void)arg;
	assert_true(tg.ngone < TG_GONE_MAX);
	g = &tg.gone[tg.ngone++];
	g->gw = gw;
	g->sid = sid;
	g->user_id = user_id;
	assert_true(strlen(text) < sizeof(g->text));
	snprintf(g->text, sizeof(g->text), "%s", text);
}

int
tg_setup(void **state)
{
	(void)state;
	memset(&tg, 0, sizeof(tg));
	assert_int_equal(gs_tbl_init(&tg.t, tg_gone, NULL), 0);
	gs_tbl_config(&tg.t, 100, 250, 1800);
	return 0;
}

void
tg_clear(void)
{
	size_t	i;

	for (i = 0; i < tg.nmsgs; i++)
		free(tg.msgs[i].p);
	tg.nmsgs = 0;
	tg.nents = 0;
	tg.nrecs = 0;
	tg.rec_len_max = 0;
	tg.ngone = 0;
}

int
tg_teardown(void **state)
{
	(void)state;
	tg_clear();
	gs_tbl_fini(&tg.t);
	return 0;
}

void
tg_host(struct ms_gs_host *h, uint32_t sid, uint32_t room, uint32_t uid,
    const char *name, size_t size)
{
	struct mw_game_desc	d;
	size_t			len;

	memset(&d, 0, sizeof(d));
	d.type = 1;
	d.scoring = 5;
	d.time_limit = 600;
	d.player_count = 2;
	d.game_name = name;
	d.map_name = "Forest Heart";
	memset(tg_desc, 0, sizeof(tg_desc));
	assert_int_equal(mw_encode_game_data(tg_desc, sizeof(tg_desc), &len,
	    &d), MW_OK);
	memset(h, 0, sizeof(*h));
	h->sid = sid;
	h->room_id = room;
	h->user_id = uid;
	h->ipv4 = htonl(0x0a010203);	/* 10.1.2.3 */
	h->port = 3453;
	h->limit_s = -1;
	h->desc_len = (uint32_t)(size > len ? size : len);
	h->nplayers = 1;
	h->players[0] = uid;
}

enum gs_up
tg_up(uint32_t gw, const struct ms_gs_host *h, uint64_t now)
{
	return gs_tbl_upsert(&tg.t, gw, h, tg_desc, now);
}

void
tg_sink(void *arg, uint16_t type, const void *p, size_t len)
{
	struct tg_msg	*m;

	(void)arg;
	assert_true(tg.nmsgs < TG_MSGS_MAX);
	assert_true(len <= GS_MSG_MAX);
	m = &tg.msgs[tg.nmsgs++];
	m->type = type;
	m->len = len;
	assert_non_null(m->p = malloc(len));
	memcpy(m->p, p, len);
}

size_t
tg_flush(uint64_t now, int64_t wall_ms)
{
	size_t	n = gs_list_flush(&tg.t, wall_ms, tg_sink, NULL);

	gs_tbl_turn_done(&tg.t, 1, now);
	return n;
}

static void
tg_parse_rec(uint32_t room_id, const uint8_t *p, size_t len)
{
	struct mw_iter		 it;
	struct mw_game_entry	 e;
	struct tg_ent		*t;

	assert_true(len <= MS_GS_LIST_MAX);
	if (len > tg.rec_len_max)
		tg.rec_len_max = len;
	assert_int_equal(mw_decode_game_list(p, len, MW_T_GAME_LIST, &it),
	    MW_OK);
	while (mw_game_list_next(&it, &e) == 1) {
		assert_true(tg.nents < TG_ENTS_MAX);
		t = &tg.ents[tg.nents++];
		t->room_id = room_id & ~MS_GS_MORE;
		t->more = (room_id & MS_GS_MORE) != 0;
		t->rec = tg.nrecs;
		t->aux = e.aux;
		t->data_len = e.data_len;
		memcpy(t->data, e.data, e.data_len);
	}
}

/* Records with no entry (an empty room) count as records all the same. */
void
tg_parse(void)
{
	struct ms_gs_rec	 rec;
	const uint8_t		*p;
	size_t			 i, off;

	tg.nents = 0;
	tg.nrecs = 0;
	for (i = 0; i < tg.nmsgs; i++) {
		p = tg.msgs[i].p;
		for (off = 0; off < tg.msgs[i].len; ) {
			assert_true(off + sizeof(rec) <= tg.msgs[i].len);
			memcpy(&rec, p + off, sizeof(rec));
			off += sizeof(rec);
			assert_true(off + rec.len <= tg.msgs[i].len);
			tg_parse_rec(rec.room_id, p + off, rec.len);
			off += (rec.len + 3) & ~(size_t)3;
			tg.nrecs++;
		}
		assert_int_equal(off, tg.msgs[i].len);
	}
}

const char *
tg_name(const struct tg_ent *e)
{
	static struct mw_game_desc	d;

	assert_int_equal(mw_decode_game_data(e->data, e->data_len, &d),
	    MW_OK);
	return d.game_name;
}
