/*
 * test_gw_login.c - the login state machine without sockets or a loop:
 * the client library (src/mclient.h) talks to gw_wire.c/gw_login.c
 * through buffers, wrk_* and the rest of the gateway are stubs, and the
 * test answers MS_PST_AUTH itself.  Covers Myth and Aleph One guests
 * and accounts, the A1 early password check, store refusals (16/17
 * mapped to 3 for old builds), the version check, a packet out of
 * turn, the store timeout, the token the login hands out, and the Myth
 * key grace (no key while the client's first bytes wait in its socket).
 */
#include <sys/socket.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "gw.h"
#include "mclient.h"
#include "worker.h"

struct gw_stats		 gw_stats;
static struct ms_config	*cfg;
static uint8_t		 secret[MS_SECRET_SIZE];
static uint64_t		 now_ms = 1000;
static int		 fake_link;
static struct gw_conn	*conn;		/* the gateway side */
static struct mcl_session *cl;		/* the client side */
static uint8_t		 c2s[65536];	/* client bytes not yet parsed */
static size_t		 c2s_len;
static struct ms_pst_auth last_auth;
static uint32_t		 last_reqid;
static int		 nauth;
static int32_t		 failed_code = -1;
static int		 logged_in, closed_after, dropped;
static int		 sv[2] = { -1, -1 };	/* the "network" of grace */

/* ---- stubs: the skeleton and the rest of the gateway ---- */

const struct ms_config *
wrk_cfg(void)
{
	return cfg;
}

const uint8_t *
wrk_secret(void)
{
	return secret;
}

uint64_t
wrk_now_ms(void)
{
	return now_ms;
}

uint64_t
gw_now(void)
{
	return now_ms;
}

void
wrk_wakeup_in(uint64_t ms)
{
	(void)ms;
}

int
wrk_link_up(const struct wrk_link *l)
{
	(void)l;
	return 1;
}

const char *
wrk_link_name(const struct wrk_link *l)
{
	(void)l;
	return "store[0]";
}

int
gw_log_ok(void)
{
	return 1;
}

void
gw_sweep_unshort(struct gw_conn *c)
{
	(void)c;
}

void
gw_conn_dirty(struct gw_conn *c)
{
	(void)c;
}

void
gw_conn_pause(struct gw_conn *c)
{
	c->paused = 1;
}

void
gw_conn_resume(struct gw_conn *c)
{
	c->paused = 0;
}

void
gw_room_packet(struct gw_conn *c, uint16_t type, const uint8_t *p,
    size_t len)
{
	(void)c;
	(void)type;
	(void)p;
	(void)len;
	fail();
}

struct wrk_link *
wrk_link_find(uint32_t role, uint32_t index)
{
	(void)index;
	return role == MS_ROLE_STORE ? (struct wrk_link *)&fake_link : NULL;
}

int
wrk_send(struct wrk_link *l, uint16_t type, uint32_t reqid,
    const void *payload, size_t len)
{
	(void)l;
	assert_int_equal(type, MS_PST_AUTH);
	assert_int_equal(len, sizeof(last_auth));
	memcpy(&last_auth, payload, len);
	last_reqid = reqid;
	nauth++;
	return 0;
}

struct gw_conn *
gw_conn_by_sid(uint32_t sid)
{
	return conn != NULL && conn->sid == sid ? conn : NULL;
}

void
gw_conn_drop(struct gw_conn *c, enum gw_drop why, const char *fmt, ...)
{
	(void)why;
	(void)fmt;
	c->dead = 1;
	dropped = 1;
}

void
gw_conn_close_after(struct gw_conn *c)
{
	c->state = GW_S_CLOSING;
	closed_after = 1;
}

void
gw_roomlist_send(struct gw_conn *c)
{
	struct mw_room	r = { 0, 3, 0x7f000001, 6323, 0, 0, 0 };
	uint8_t		buf[GW_PKT_CAP(24)];
	size_t		n;

	assert_int_equal(mw_encode_room_list(buf, sizeof(buf), &n, &r, 1),
	    MW_OK);
	gw_send_raw(c, MW_T_ROOM_LIST, buf + 8, n - 8);
}

/* ---- the two ends ---- */

static void
on_event(void *arg, const struct mcl_event *ev)
{
	(void)arg;
	if (ev->type == MCL_EV_LOGIN_FAILED)
		failed_code = ev->u.failed.code;
	if (ev->type == MCL_EV_LOGGED_IN) {
		logged_in = 1;
		memcpy(conn->token, ev->u.logged_in.token, MW_TOKEN_SIZE);
	}
}

/* pump - move bytes both ways until neither side has anything to say */
static void
pump(void)
{
	const uint8_t	*p;
	struct mw_frame	 f;
	size_t		 n, off;
	int		 moved = 1;

	while (moved) {
		moved = 0;
		if ((n = mcl_pending_output(cl, &p)) > 0) {
			memcpy(c2s + c2s_len, p, n);
			c2s_len += n;
			mcl_consume_output(cl, n);
			moved = 1;
		}
		for (off = 0; !conn->paused && !conn->dead &&
		    conn->state != GW_S_CLOSING && mw_frame_next(c2s + off,
		    c2s_len - off, NULL, &f) == MW_OK; off += f.size)
			gw_wire_packet(conn, &f);
		memmove(c2s, c2s + off, c2s_len - off);
		c2s_len -= off;
		if ((n = gw_obuf_pending(&conn->out)) > 0) {
			(void)mcl_feed(cl, conn->out.p + conn->out.off, n);
			gw_obuf_consume(&conn->out, n);
			moved = 1;
		}
	}
}

/* start_quiet - both ends, nothing exchanged yet */
static void
start_quiet(enum mw_dialect d, const char *user, const char *pw,
    int16_t build, int32_t version)
{
	struct mcl_params	p;

	memset(&p, 0, sizeof(p));
	p.dialect = d;
	p.mode = MCL_LOGIN;
	p.username = user;
	p.password = pw;
	p.player.nick = "Nick";
	p.player.team = "Team";
	p.player.game_version = d == MW_DIALECT_MYTH ? 2180 : 5000;
	p.player.build_number = build;
	p.version.platform_type = 1;
	p.version.application_version = version;
	p.version.patch_number = 3;
	p.version.build_number = build;
	p.on_event = on_event;
	assert_non_null(cl = mcl_new(&p));
	assert_non_null(conn = calloc(1, sizeof(*conn)));
	conn->sid = 42;
	conn->ipv4 = 0x0100007f;
	conn->port = GW_PORT_LOGIN;
	conn->state = GW_S_FIRST;
	c2s_len = 0;
	nauth = logged_in = closed_after = dropped = 0;
	failed_code = -1;
}

static void
start(enum mw_dialect d, const char *user, const char *pw, int16_t build,
    int32_t version)
{
	start_quiet(d, user, pw, build, version);
	pump();
}

/* socket_for_conn - conn gets a real socket, its peer end in sv[1] */
static void
socket_for_conn(void)
{
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	conn->fd = sv[0];
}

static void
answer(int32_t code, uint32_t user_id, uint32_t flags)
{
	struct ms_pst_auth_rep	r;
	struct ms_hdr		h;
	struct gw_conn		*c;

	memset(&r, 0, sizeof(r));
	memset(&h, 0, sizeof(h));
	r.sid = last_auth.sid;
	r.code = code;
	r.user_id = user_id;
	r.flags = flags;
	r.order = -1;
	r.caste = -1;
	strcpy(r.text, "no");
	h.type = MS_PST_AUTH_REP;
	h.reqid = last_reqid;
	assert_non_null(c = gw_req_reply((struct wrk_link *)&fake_link, &h,
	    r.sid));
	gw_login_auth_rep(c, &r);
	pump();
}

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0 || (cfg = ms_cfg_defaults()) == NULL)
		return -1;
	randombytes_buf(secret, sizeof(secret));
	return gw_req_init(16);
}

static int
teardown(void **state)
{
	(void)state;
	if (cl != NULL)
		mcl_free(cl);
	if (conn != NULL) {
		gw_req_forget(conn);
		gw_obuf_free(&conn->out);
		free(conn);
	}
	cl = NULL;
	conn = NULL;
	if (sv[0] != -1) {
		close(sv[0]);
		close(sv[1]);
		sv[0] = sv[1] = -1;
	}
	return 0;
}

/* ---- the cases ---- */

static void
test_myth_guest(void **state)
{
	struct gw_token	t;

	(void)state;
	start(MW_DIALECT_MYTH, "Tester", "", 428, 2180);
	assert_true(conn->cipher);
	assert_int_equal(nauth, 1);
	assert_int_equal(last_auth.flags, MS_USER_GUEST);
	assert_string_equal(last_auth.username, "Tester");
	assert_string_equal(last_auth.password, "");
	answer(0, 1073741824, MS_USER_GUEST);
	assert_true(logged_in);
	assert_true(closed_after);
	assert_int_equal(gw_token_check(conn->token, secret, 1, &t), 0);
	assert_int_equal(t.user_id, 1073741824);
	assert_int_equal(t.flags, MS_USER_GUEST);
	teardown(state);
}

static void
test_myth_account_refused(void **state)
{
	(void)state;
	start(MW_DIALECT_MYTH, "alder", "secret", 428, 2180);
	assert_string_equal(last_auth.password, "secret");
	assert_string_equal(conn->password, "");	/* wiped */
	answer(3, 0, 0);
	assert_int_equal(failed_code, 3);
	assert_true(closed_after);
	teardown(state);
	/* 17 stays 17 for build 428, becomes 3 before */
	start(MW_DIALECT_MYTH, "alder", "", 428, 2180);
	answer(17, 0, 0);
	assert_int_equal(failed_code, 17);
	teardown(state);
	start(MW_DIALECT_MYTH, "alder", "", 427, 2180);
	answer(17, 0, 0);
	assert_int_equal(failed_code, 3);
	teardown(state);
}

static void
test_myth_old_version(void **state)
{
	(void)state;
	start(MW_DIALECT_MYTH, "alder", "", 428, 2100);
	assert_int_equal(nauth, 0);
	assert_int_equal(failed_code, 2);
	teardown(state);
}

static void
test_a1_guest(void **state)
{
	(void)state;
	start(MW_DIALECT_ALEPHONE, "guest", "", 0, 0);
	assert_false(conn->cipher);
	assert_int_equal(nauth, 1);
	assert_int_equal(last_auth.flags, MS_USER_GUEST | MS_USER_ALEPHONE);
	assert_string_equal(last_auth.username, "Nick");
	answer(0, 1073741825, MS_USER_GUEST);
	assert_true(logged_in);
	assert_false(closed_after);
	assert_int_equal(conn->state, GW_S_HUB);
	assert_int_equal(mcl_send_raw(cl, MW_T_REMOTE_HUB_REQUEST, "1", 2), 0);
	pump();
	assert_int_equal(conn->state, GW_S_HUB);
	assert_int_equal(mcl_logout(cl), 0);
	pump();
	assert_true(closed_after);
	teardown(state);
}

static void
test_a1_account(void **state)
{
	(void)state;
	start(MW_DIALECT_ALEPHONE, "birch", "pw-birch", 0, 0);
	/* checked at 109, before 115 */
	assert_int_equal(nauth, 1);
	assert_int_equal(mcl_state(cl), MCL_S_PASSWORD_SENT);
	assert_string_equal(last_auth.password, "pw-birch");
	answer(0, 2, 0);
	assert_true(logged_in);
	assert_int_equal(nauth, 1);
	teardown(state);
	start(MW_DIALECT_ALEPHONE, "birch", "wrong", 0, 0);
	answer(3, 0, 0);
	assert_int_equal(failed_code, 3);
	assert_false(logged_in);
	teardown(state);
}

static void
test_out_of_turn(void **state)
{
	struct mw_version_control	v = { 1, 2180, 3, 428 };
	uint8_t				buf[64];
	size_t				n;

	(void)state;
	/* a 115 where a 100 belongs */
	assert_int_equal(mw_encode_version_control(buf, sizeof(buf), &n, &v),
	    MW_OK);
	assert_non_null(conn = calloc(1, sizeof(*conn)));
	conn->sid = 43;
	conn->state = GW_S_LOGIN;
	conn->dialect = MW_DIALECT_ALEPHONE;
	gw_login_packet(conn, MW_T_VERSION_CONTROL, buf + 8, n - 8);
	assert_int_equal(conn->state, GW_S_CLOSING);
	assert_true(gw_obuf_pending(&conn->out) > 8);
	assert_int_equal(conn->out.p[conn->out.off + 3], MW_T_SERVER_MESSAGE);
	assert_int_equal(conn->out.p[conn->out.off + 11], 0);	/* code 0 */
	teardown(state);
}

static void
test_store_timeout(void **state)
{
	(void)state;
	start(MW_DIALECT_MYTH, "alder", "", 428, 2180);
	assert_int_equal(nauth, 1);
	assert_true(gw_req_tick(now_ms) > 0);
	now_ms += cfg->ipc_request_timeout_ms;
	assert_int_equal(gw_req_tick(now_ms), -1);
	pump();
	assert_int_equal(failed_code, 3);
	assert_true(closed_after);
	teardown(state);
}

/*
 * The grace timer may fire in the loop turn whose read would bring an
 * Aleph One client's login: bytes waiting in the socket mean that the
 * client spoke, so no Myth key goes out (README 16.2).
 */
static void
test_grace_bytes_waiting(void **state)
{
	const uint8_t	*p;
	size_t		 n;

	(void)state;
	start_quiet(MW_DIALECT_ALEPHONE, "guest", "", 0, 0);
	socket_for_conn();
	assert_true((n = mcl_pending_output(cl, &p)) > 0);
	assert_int_equal(write(sv[1], p, n), (ssize_t)n);
	gw_wire_grace(conn);
	assert_false(conn->key_sent);
	assert_int_equal(gw_obuf_pending(&conn->out), 0);
	pump();
	assert_int_equal(conn->dialect, MW_DIALECT_ALEPHONE);
	assert_false(conn->cipher);
	assert_int_equal(nauth, 1);
	assert_int_equal(failed_code, -1);
	teardown(state);
	/* part of a packet read already: the client spoke as well */
	start_quiet(MW_DIALECT_ALEPHONE, "guest", "", 0, 0);
	socket_for_conn();
	conn->in_len = 3;
	gw_wire_grace(conn);
	assert_false(conn->key_sent);
	conn->in_len = 0;
	teardown(state);
}

/* Silent since accept: maybe a Myth client that waits; our key first. */
static void
test_grace_silent(void **state)
{
	(void)state;
	start_quiet(MW_DIALECT_MYTH, "Tester", "", 428, 2180);
	socket_for_conn();
	gw_wire_grace(conn);
	assert_true(conn->key_sent);
	assert_true(gw_obuf_pending(&conn->out) > 0);
	assert_int_equal(conn->out.p[conn->out.off + 3], MW_T_SESSION_KEY);
	pump();
	assert_true(conn->cipher);
	assert_int_equal(nauth, 1);
	teardown(state);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_teardown(test_myth_guest, teardown),
		cmocka_unit_test_teardown(test_myth_account_refused,
		    teardown),
		cmocka_unit_test_teardown(test_myth_old_version, teardown),
		cmocka_unit_test_teardown(test_a1_guest, teardown),
		cmocka_unit_test_teardown(test_a1_account, teardown),
		cmocka_unit_test_teardown(test_out_of_turn, teardown),
		cmocka_unit_test_teardown(test_store_timeout, teardown),
		cmocka_unit_test_teardown(test_grace_bytes_waiting, teardown),
		cmocka_unit_test_teardown(test_grace_silent, teardown),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
