/*
 * mb_stats.c - the bench's statistics: the log-linear latency histogram
 * (bucket index, bucket bound, percentiles, merge) and the worker
 * result (init, merge, expected deliveries).  Pure functions of their
 * arguments, so tests/test_mb_hist.c can check them alone.
 */
#include <stdint.h>
#include <string.h>

#include "mb.h"

static const char *const err_names[MB_E_COUNT] = {
	"connect", "refused", "closed", "timeout", "protocol", "sendbuf",
	"limited"
};

const char *
mb_err_name(enum mb_err e)
{
	if ((unsigned)e >= MB_E_COUNT)
		return "unknown";
	return err_names[e];
}

void
mb_hist_init(struct mb_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

/* mb_hist_bucket - exact below MB_HIST_SUB, then 32 per power of two */
size_t
mb_hist_bucket(uint64_t v)
{
	unsigned	msb, group;
	uint64_t	sub;

	if (v >= (1ULL << MB_HIST_MAX_BITS))
		return MB_HIST_BUCKETS - 1;
	if (v < MB_HIST_SUB)
		return (size_t)v;
	msb = 63 - (unsigned)__builtin_clzll(v);
	group = msb - MB_HIST_SUB_BITS + 1;
	sub = (v >> (msb - MB_HIST_SUB_BITS)) & (MB_HIST_SUB - 1);
	return (size_t)group * MB_HIST_SUB + (size_t)sub;
}

/* mb_hist_upper - the largest value that falls into the bucket */
uint64_t
mb_hist_upper(size_t bucket)
{
	uint64_t	group, sub, lower;

	if (bucket >= MB_HIST_BUCKETS)
		bucket = MB_HIST_BUCKETS - 1;
	if (bucket < MB_HIST_SUB)
		return bucket;
	group = bucket / MB_HIST_SUB;
	sub = bucket % MB_HIST_SUB;
	lower = (MB_HIST_SUB + sub) << (group - 1);
	return lower + (1ULL << (group - 1)) - 1;
}

void
mb_hist_add(struct mb_hist *h, uint64_t v)
{
	h->b[mb_hist_bucket(v)]++;
	h->count++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

void
mb_hist_merge(struct mb_hist *dst, const struct mb_hist *src)
{
	size_t	i;

	for (i = 0; i < MB_HIST_BUCKETS; i++)
		dst->b[i] += src->b[i];
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

/*
 * mb_hist_pct - the value at quantile q (0..1): the upper bound of the
 * bucket holding the ceil(q * count)-th smallest value, never above the
 * exact maximum.  Integer ranks, so p99.9 of 1000 values is the 999th.
 */
uint64_t
mb_hist_pct(const struct mb_hist *h, double q)
{
	uint64_t	ppm, rank, seen = 0;
	size_t		i;

	if (h->count == 0)
		return 0;
	if (q < 0)
		q = 0;
	if (q > 1)
		q = 1;
	ppm = (uint64_t)(q * 1000000.0 + 0.5);
	rank = (h->count * ppm + 999999) / 1000000;
	if (rank == 0)
		rank = 1;
	for (i = 0; i < MB_HIST_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= rank)
			break;
	}
	/* the last bucket has no upper bound: it holds the clamped ones */
	if (i >= MB_HIST_BUCKETS - 1 || mb_hist_upper(i) > h->max)
		return h->max;
	return mb_hist_upper(i);
}

double
mb_hist_mean(const struct mb_hist *h)
{
	return h->count == 0 ? 0.0 : (double)h->sum / (double)h->count;
}

void
mb_result_init(struct mb_result *r)
{
	memset(r, 0, sizeof(*r));
	mb_hist_init(&r->login);
	mb_hist_init(&r->chat);
	mb_hist_init(&r->pm);
	mb_hist_init(&r->game);
	mb_hist_init(&r->cycle);
}

static void
add_u64(uint64_t *dst, const uint64_t *src, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		dst[i] += src[i];
}

/* mb_result_merge - sums, except the login phase: earliest to latest */
void
mb_result_merge(struct mb_result *dst, const struct mb_result *src)
{
	if (src->t_login_start != 0 && (dst->t_login_start == 0 ||
	    src->t_login_start < dst->t_login_start))
		dst->t_login_start = src->t_login_start;
	if (src->t_login_end > dst->t_login_end)
		dst->t_login_end = src->t_login_end;
	dst->login_attempts += src->login_attempts;
	dst->login_ok += src->login_ok;
	dst->users_myth += src->users_myth;
	dst->users_alephone += src->users_alephone;
	dst->logins_window += src->logins_window;
	dst->chats_sent += src->chats_sent;
	dst->chats_skipped += src->chats_skipped;
	dst->pms_sent += src->pms_sent;
	dst->deliveries += src->deliveries;
	dst->pm_deliveries += src->pm_deliveries;
	dst->delivered += src->delivered;
	dst->pm_delivered += src->pm_delivered;
	dst->cpu_ns += src->cpu_ns;
	add_u64(dst->errors, src->errors, MB_E_COUNT);
	add_u64(dst->room_sent, src->room_sent, MB_ROOMS_MAX);
	add_u64(dst->room_members, src->room_members, MB_ROOMS_MAX);
	mb_hist_merge(&dst->login, &src->login);
	mb_hist_merge(&dst->chat, &src->chat);
	mb_hist_merge(&dst->pm, &src->pm);
	dst->hosts += src->hosts;
	dst->game_updates += src->game_updates;
	dst->game_skipped += src->game_skipped;
	dst->game_seen += src->game_seen;
	dst->game_delivered += src->game_delivered;
	add_u64(dst->game_room_sent, src->game_room_sent, MB_ROOMS_MAX);
	dst->starts += src->starts;
	dst->scores += src->scores;
	dst->recorded += src->recorded;
	dst->score_timeouts += src->score_timeouts;
	mb_hist_merge(&dst->game, &src->game);
	mb_hist_merge(&dst->cycle, &src->cycle);
}

/*
 * mb_result_expected - deliveries the window's lines should make: the
 * server echoes a room line to every listener, the sender included.
 * Only exact for merged results (members are spread over processes).
 */
uint64_t
mb_result_expected(const struct mb_result *r)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < MB_ROOMS_MAX; i++)
		n += r->room_sent[i] * r->room_members[i];
	return n;
}

/*
 * mb_result_game_expected - timed game-list changes the window's 104s
 * should make: every member of the host's room, the host included, sees
 * each one (fewer if updates come faster than the server coalesces).
 */
uint64_t
mb_result_game_expected(const struct mb_result *r)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < MB_ROOMS_MAX; i++)
		n += r->game_room_sent[i] * r->room_members[i];
	return n;
}
