/*
 * mclient.c - the client session's life cycle and byte plumbing: one
 * allocation per session (struct + input + output buffers), framing and
 * decryption of input, encryption of queued output, the feed/drain core
 * and the non-blocking fd helpers built on it.
 * Invariants: nothing here allocates after mcl_new(); CLOSED is final
 * and announced by exactly one MCL_EV_CLOSED event.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mcipher.h"
#include "mclient.h"
#include "mclient_impl.h"
#include "wire.h"

#define READ_BUDGET	4	/* reads per mcl_on_readable() call */
#define CAP_MAX		(1u << 24)

static int	str_fits(const char *, size_t);
static void	copy_str(char *, size_t, const char *);
static ssize_t	send_some(int, const uint8_t *, size_t);
static int	check_params(const struct mcl_params *);
static void	copy_params(struct mcl_session *, const struct mcl_params *);
static int	seed(struct mcl_session *, const struct mcl_params *);
static uint64_t	next_filler(struct mcl_session *);
static int	process(struct mcl_session *);
static int	deliver(struct mcl_session *, const struct mw_frame *);

static const char *const state_names[] = {
	"key_exchange", "login_sent", "password_sent", "version_sent",
	"logged_in", "room_login_sent", "room_accepted", "in_room", "closed"
};

static const char *const event_names[] = {
	"room_list", "player_list", "game_list", "server_message", "url",
	"data_chunk", "password_challenge", "user_login", "player_data",
	"room_login", "motd", "send_versions", "search_list", "player_info",
	"update_info", "hub_list", "buddy_list", "order_members", "blammed",
	"proxy_join", "chat", "private", "keepalive", "session_key", "other",
	"logged_in", "in_room", "login_failed", "closed"
};

_Static_assert(sizeof(state_names) / sizeof(state_names[0]) ==
    MCL_S_CLOSED + 1, "a name for every state");
_Static_assert(sizeof(event_names) / sizeof(event_names[0]) ==
    MCL_EV_CLOSED + 1, "a name for every event");

static int
str_fits(const char *s, size_t max)
{
	return s == NULL || strnlen(s, max + 1) <= max;
}

static int
check_params(const struct mcl_params *pp)
{
	size_t	pw_max = pp->dialect == MW_DIALECT_ALEPHONE ?
	    MCL_PASSWORD_MAX + 1 : MCL_PASSWORD_MAX;

	if (pp->dialect != MW_DIALECT_MYTH &&
	    pp->dialect != MW_DIALECT_ALEPHONE)
		return -1;
	if (pp->mode != MCL_LOGIN && pp->mode != MCL_ROOM)
		return -1;
	if (pp->in_cap > CAP_MAX || pp->out_cap > CAP_MAX ||
	    (pp->in_cap != 0 && pp->in_cap < MCL_CAP_MIN) ||
	    (pp->out_cap != 0 && pp->out_cap < MCL_CAP_MIN))
		return -1;
	if (!str_fits(pp->username, MW_NAME_FIELD - 1) ||
	    !str_fits(pp->password, pw_max) ||
	    !str_fits(pp->player.nick, MW_NICK_MAX) ||
	    !str_fits(pp->player.team, MW_NICK_MAX))
		return -1;
	return 0;
}

static void
copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

/* copy_params - own copies, dialect defaults for the zero fields */
static void
copy_params(struct mcl_session *s, const struct mcl_params *pp)
{
	static const struct mw_version_control myth = { 201, 2180, 0, 428 };
	static const struct mw_version_control a1 = { 1, 2, 3, 0 };
	static const struct mw_version_control none;
	int	is_myth = pp->dialect == MW_DIALECT_MYTH;

	s->dialect = pp->dialect;
	s->mode = pp->mode;
	s->on_event = pp->on_event;
	s->arg = pp->arg;
	copy_str(s->username, sizeof(s->username), pp->username);
	copy_str(s->password, sizeof(s->password), pp->password);
	copy_str(s->nick, sizeof(s->nick), pp->player.nick);
	copy_str(s->team, sizeof(s->team), pp->player.team);
	s->player = pp->player;
	s->player.nick = s->nick;
	s->player.team = s->team;
	if (s->player.game_version == 0 && s->player.build_number == 0) {
		s->player.game_version = is_myth ? 2180 : 5000;
		s->player.build_number = is_myth ? 428 : 0;
	}
	s->version = pp->version;
	if (memcmp(&s->version, &none, sizeof(none)) == 0)
		s->version = is_myth ? myth : a1;
	if (pp->mode == MCL_ROOM) {
		memcpy(s->token, pp->token, sizeof(s->token));
		s->have_token = 1;
	}
}

/* seed - the key pair and the filler PRNG, from the caller's source */
static int
seed(struct mcl_session *s, const struct mcl_params *pp)
{
	mc_random_fn	rnd = pp->rnd != NULL ? pp->rnd : mc_getrandom;

	if (rnd(pp->rnd_arg, &s->filler, sizeof(s->filler)) == -1)
		return -1;
	if (s->dialect == MW_DIALECT_MYTH &&
	    mc_keypair_new(&s->kp, rnd, pp->rnd_arg) == -1)
		return -1;
	return 0;
}

struct mcl_session *
mcl_new(const struct mcl_params *pp)
{
	struct mcl_session	*s;
	size_t			 in_cap, out_cap;

	if (pp == NULL || check_params(pp) == -1) {
		errno = EINVAL;
		return NULL;
	}
	in_cap = pp->in_cap != 0 ? pp->in_cap : MCL_IN_CAP_DEFAULT;
	out_cap = pp->out_cap != 0 ? pp->out_cap : MCL_OUT_CAP_DEFAULT;
	if ((s = calloc(1, sizeof(*s) + in_cap + out_cap)) == NULL)
		return NULL;
	s->in = s->mem;
	s->in_cap = in_cap;
	s->out = s->mem + in_cap;
	s->out_cap = out_cap;
	s->limits = pp->limits;
	if (s->limits.in_max == 0)
		s->limits.in_max = MW_IN_MAX_DEFAULT;
	if (s->limits.in_max > in_cap)
		s->limits.in_max = in_cap;	/* a packet must fit */
	copy_params(s, pp);
	if (seed(s, pp) == -1) {
		free(s);
		errno = EIO;
		return NULL;
	}
	if (mcl_send_first(s) == -1) {
		free(s);
		errno = ENOBUFS;
		return NULL;
	}
	return s;
}

void
mcl_free(struct mcl_session *s)
{
	if (s == NULL)
		return;
	if (s->in_callback)
		abort();	/* freeing under our own feet */
	explicit_bzero(s->password, sizeof(s->password));
	free(s);
}

void
mcl_emit(struct mcl_session *s, struct mcl_event *ev)
{
	if (s->on_event == NULL)
		return;
	s->in_callback++;
	s->on_event(s->arg, ev);
	s->in_callback--;
}

/* mcl_fail - enter CLOSED with a reason; always returns -1 */
int
mcl_fail(struct mcl_session *s, const char *fmt, ...)
{
	struct mcl_event	ev;
	va_list			ap;

	if (s->state == MCL_S_CLOSED)
		return -1;
	va_start(ap, fmt);
	vsnprintf(s->reason, sizeof(s->reason), fmt, ap);
	va_end(ap);
	s->state = MCL_S_CLOSED;
	memset(&ev, 0, sizeof(ev));
	ev.type = MCL_EV_CLOSED;
	ev.u.closed.reason = s->reason;
	mcl_emit(s, &ev);
	return -1;
}

void
mcl_close(struct mcl_session *s, const char *reason)
{
	mcl_fail(s, "%s", reason != NULL ? reason : "closed by caller");
}

/* splitmix64: the filler words only need to look random */
static uint64_t
next_filler(struct mcl_session *s)
{
	uint64_t	z = (s->filler += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* mcl_out_tail - the free end of the output buffer, compacted first */
uint8_t *
mcl_out_tail(struct mcl_session *s, size_t *cap_r)
{
	if (s->out_head > 0) {
		memmove(s->out, s->out + s->out_head,
		    s->out_len - s->out_head);
		s->out_len -= s->out_head;
		s->out_head = 0;
	}
	*cap_r = s->out_cap - s->out_len;
	return s->out + s->out_len;
}

/*
 * mcl_out_commit - make the packet an encoder just wrote at the tail
 * (with result rc) part of the output, encrypting its payload in place
 * on a Myth connection; the encoders left the 24 bytes that needs.
 */
int
mcl_out_commit(struct mcl_session *s, int rc, size_t len)
{
	uint8_t		*p = s->out + s->out_len;
	uint64_t	 r;
	size_t		 n;

	if (rc != MW_OK) {
		errno = rc == MW_E_NOSPACE ? ENOBUFS : EINVAL;
		return -1;
	}
	if (s->cipher) {
		r = next_filler(s);
		if (mc_encrypt(&s->key, p + MW_HEADER_SIZE,
		    len - MW_HEADER_SIZE, s->out_cap - s->out_len -
		    MW_HEADER_SIZE, (uint32_t)r, (uint32_t)(r >> 32),
		    &n) == -1) {
			errno = ENOBUFS;
			return -1;
		}
		len = MW_HEADER_SIZE + n;
		mw_frame_set_length(p, len);
	}
	s->out_len += len;
	s->stats.packets_out++;
	return 0;
}

size_t
mcl_pending_output(const struct mcl_session *s, const uint8_t **p_r)
{
	*p_r = s->out + s->out_head;
	return s->out_len - s->out_head;
}

void
mcl_consume_output(struct mcl_session *s, size_t n)
{
	size_t	pending = s->out_len - s->out_head;

	if (n > pending)
		n = pending;
	s->out_head += n;
	s->stats.bytes_out += n;
	if (s->out_head == s->out_len)
		s->out_head = s->out_len = 0;
}

int
mcl_wants_write(const struct mcl_session *s)
{
	return s->state != MCL_S_CLOSED && s->out_len > s->out_head;
}

/* deliver - one framed packet: decrypt in place, then dispatch */
static int
deliver(struct mcl_session *s, const struct mw_frame *f)
{
	uint8_t	*plain = f->payload;
	size_t	 plen = f->len;

	s->stats.packets_in++;
	if (s->cipher && mc_decrypt(&s->key, f->payload, f->len, &plain,
	    &plen) == -1)
		return mcl_fail(s, "%s packet: %s", mw_type_name(f->type),
		    errno == EMSGSIZE ? "encrypted payload under 24 bytes" :
		    "cipher check failed");
	return mcl_dispatch(s, f->type, plain, plen);
}

/* process - every whole packet in the input buffer, then compact it */
static int
process(struct mcl_session *s)
{
	struct mw_frame	f;
	size_t		off = 0;
	int		rc;

	while (s->state != MCL_S_CLOSED) {
		rc = mw_frame_next(s->in + off, s->in_len - off, &s->limits,
		    &f);
		if (rc == MW_NEED_MORE)
			break;
		if (rc != MW_OK)
			return mcl_fail(s, "framing: %s", mw_strerror(rc));
		off += f.size;
		if (deliver(s, &f) == -1)
			return -1;
	}
	if (s->state == MCL_S_CLOSED)
		return -1;
	memmove(s->in, s->in + off, s->in_len - off);
	s->in_len -= off;
	return 0;
}

int
mcl_feed(struct mcl_session *s, const void *buf, size_t n)
{
	const uint8_t	*b = buf;
	size_t		 k;

	if (s->in_callback)
		abort();	/* input would move under the callback */
	while (n > 0 && s->state != MCL_S_CLOSED) {
		k = s->in_cap - s->in_len;
		if (k > n)
			k = n;
		memcpy(s->in + s->in_len, b, k);
		s->in_len += k;
		s->stats.bytes_in += k;
		b += k;
		n -= k;
		if (process(s) == -1)
			break;
	}
	return s->state == MCL_S_CLOSED ? -1 : 0;
}

int
mcl_on_readable(struct mcl_session *s, int fd)
{
	ssize_t	n;
	size_t	room;
	int	i;

	if (s->in_callback)
		abort();	/* input would move under the callback */
	for (i = 0; i < READ_BUDGET && s->state != MCL_S_CLOSED; i++) {
		room = s->in_cap - s->in_len;
		n = read(fd, s->in + s->in_len, room);
		if (n == 0)
			return mcl_fail(s, "connection closed by peer");
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n == -1)
			return mcl_fail(s, "read: %s", strerror(errno));
		s->in_len += (size_t)n;
		s->stats.bytes_in += (size_t)n;
		if (process(s) == -1 || (size_t)n < room)
			break;
	}
	return s->state == MCL_S_CLOSED ? -1 : 0;
}

static ssize_t
send_some(int fd, const uint8_t *p, size_t n)
{
	ssize_t	r = send(fd, p, n, MSG_NOSIGNAL);

	if (r == -1 && errno == ENOTSOCK)
		r = write(fd, p, n);
	return r;
}

int
mcl_on_writable(struct mcl_session *s, int fd)
{
	ssize_t	n;

	while (s->state != MCL_S_CLOSED && s->out_head < s->out_len) {
		n = send_some(fd, s->out + s->out_head,
		    s->out_len - s->out_head);
		if (n > 0) {
			mcl_consume_output(s, (size_t)n);
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		return mcl_fail(s, "write: %s",
		    n == 0 ? "no progress" : strerror(errno));
	}
	return s->state == MCL_S_CLOSED ? -1 : 0;
}

enum mcl_state
mcl_state(const struct mcl_session *s)
{
	return s->state;
}

const char *
mcl_state_name(enum mcl_state st)
{
	if ((size_t)st >= sizeof(state_names) / sizeof(state_names[0]))
		return "unknown";
	return state_names[st];
}

const char *
mcl_event_name(enum mcl_ev_type t)
{
	if ((size_t)t >= sizeof(event_names) / sizeof(event_names[0]))
		return "unknown";
	return event_names[t];
}

const char *
mcl_reason(const struct mcl_session *s)
{
	return s->reason;
}

enum mw_dialect
mcl_dialect(const struct mcl_session *s)
{
	return s->dialect;
}

int32_t
mcl_user_id(const struct mcl_session *s)
{
	return s->user_id;
}

const uint8_t *
mcl_token(const struct mcl_session *s)
{
	return s->have_token ? s->token : NULL;
}

void
mcl_get_stats(const struct mcl_session *s, struct mcl_stats *st)
{
	*st = s->stats;
}
