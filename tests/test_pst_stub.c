/*
 * test_pst_stub.c - see test_pst_stub.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "test_pst_fx.h"
#include "test_pst_stub.h"
#include "worker.h"

struct pst_ctx		pst;
struct ms_config	stub_cfg;
struct wrk_link		stub_gw0 = { MS_ROLE_GATEWAY, 0, "gateway[0]" };
struct wrk_link		stub_gw1 = { MS_ROLE_GATEWAY, 1, "gateway[1]" };
struct wrk_link		stub_game = { MS_ROLE_GAME, 0, "game[0]" };
struct stub_sent	stub_sent[STUB_SENT];
int			stub_nsent;
char			stub_admin_text[8192];
int			stub_admin_status, stub_nadmin;
uint64_t		stub_now = 1000;
void			(*stub_admin_then)(void);

int
wrk_send(struct wrk_link *l, uint16_t type, uint32_t reqid,
    const void *payload, size_t len)
{
	struct stub_sent	*s;

	assert_true(stub_nsent < STUB_SENT);
	assert_true(len <= STUB_BODY);
	s = &stub_sent[stub_nsent++];
	s->link = l;
	s->type = type;
	s->reqid = reqid;
	s->len = len;
	memcpy(s->body, payload, len);
	return 0;
}

struct wrk_link *
wrk_link_find(uint32_t role, uint32_t index)
{
	if (role == MS_ROLE_GAME)
		return index == 0 ? &stub_game : NULL;
	if (role != MS_ROLE_GATEWAY)
		return NULL;
	return index == 0 ? &stub_gw0 : index == 1 ? &stub_gw1 : NULL;
}

uint32_t
wrk_link_peer_role(const struct wrk_link *l)
{
	return l->role;
}

uint32_t
wrk_link_peer_index(const struct wrk_link *l)
{
	return l->index;
}

const char *
wrk_link_name(const struct wrk_link *l)
{
	return l->name;
}

const struct ms_config *
wrk_cfg(void)
{
	return &stub_cfg;
}

uint64_t
wrk_now_ms(void)
{
	return stub_now;
}

void
wrk_wakeup_in(uint64_t ms)
{
	(void)ms;
}

void
wrk_admin_reply(uint32_t reqid, int32_t status, const char *text)
{
	(void)reqid;
	stub_nadmin++;
	stub_admin_status = status;
	snprintf(stub_admin_text, sizeof(stub_admin_text), "%s", text);
}

void
stub_start(struct pst_db *db)
{
	memset(&stub_cfg, 0, sizeof(stub_cfg));
	stub_cfg.allow_guests = 1;
	stub_cfg.duplicate_login = MS_DUP_KICK_OLD;
	stub_cfg.ladder_interval_s = 60;
	stub_cfg.order_members = 50;
	memset(&pst, 0, sizeof(pst));
	pst.db = db;
	assert_non_null(pst.pres = pst_pres_new(1000));
	pst.ladder_users = -1;
	pst_push_reset();
	stub_nsent = stub_nadmin = 0;
	stub_now = 1000;
}

void
stub_stop(void)
{
	pst_pres_free(pst.pres);
	pst.pres = NULL;
}

void
stub_admin(int want_status, const char *want_text, ...)
{
	char	*argv[16];
	int	 argc = 0;
	va_list	 ap;

	va_start(ap, want_text);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	stub_nadmin = 0;
	pst_admin(99, argc, argv);
	if (stub_admin_then != NULL)
		stub_admin_then();
	assert_int_equal(stub_nadmin, 1);
	if (strstr(stub_admin_text, want_text) == NULL)
		fail_msg("admin answer \"%s\" lacks \"%s\"", stub_admin_text,
		    want_text);
	assert_int_equal(stub_admin_status, want_status);
}

int
stub_count(uint16_t type, const struct wrk_link *l)
{
	int	i, n = 0;

	for (i = 0; i < stub_nsent; i++)
		n += stub_sent[i].type == type &&
		    (l == NULL || stub_sent[i].link == l);
	return n;
}

void
stub_online(uint32_t user, uint32_t gw, uint32_t sid, int guest)
{
	struct pst_pres_ent	e, old;

	memset(&e, 0, sizeof(e));
	e.user_id = user;
	e.gw = gw;
	e.sid = sid;
	e.room_id = 3;
	e.flags = guest ? MS_USER_GUEST : 0;
	snprintf(e.name, sizeof(e.name), "u%u", user);
	assert_int_equal(pst_pres_claim(pst.pres, MS_DUP_KICK_OLD, &e, &old),
	    PST_CLAIM_NEW);
}

int
stub_setup(void **state)
{
	struct pst_fx	*fx;

	if (pst_fx_setup(state, "store.db") != 0)
		return -1;
	fx = *state;
	if (pst_db_open(fx->path, &fx->db) != 0)
		return -1;
	stub_start(fx->db);
	return 0;
}

int
stub_teardown(void **state)
{
	stub_stop();
	return pst_fx_teardown(state);
}
