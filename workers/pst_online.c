/*
 * pst_online.c - the running store's side of the online pushes: it
 * sends what pst_push.c decides as MS_GW_PUSH to the session's gateway,
 * and hides room changes.  A room change is the release of one session
 * and the claim of the next, a moment later; so an account's going
 * offline is told only after PST_GRACE_MS, and not at all if it came
 * back meanwhile (it then gets its own lists again, nobody else hears
 * anything).  The pending offlines wait in a bounded FIFO; when it is
 * full an offline is told at once.
 */
#include <string.h>

#include "log.h"
#include "pst.h"
#include "worker.h"

#define PST_GRACE_MS	2000
#define PST_GRACE_MAX	16384		/* pending offlines */

struct pst_gone {
	uint32_t	user_id;	/* 0: came back, nothing to tell */
	uint64_t	due_ms;
};

static struct pst_gone	pst_gone[PST_GRACE_MAX];
static uint32_t		pst_gone_head, pst_gone_n;

static int	pst_gone_cancel(uint32_t);
static void	pst_plan(uint32_t, int);

void
pst_push_send(const struct pst_push_msg *m, void *arg)
{
	struct ms_gw_push	 p;
	struct wrk_link		*l;

	(void)arg;
	if ((l = wrk_link_find(MS_ROLE_GATEWAY, m->gw)) == NULL) {
		log_debug("store: no link to gateway[%u] for a push to sid %u",
		    m->gw, m->sid);
		return;
	}
	memset(&p, 0, sizeof(p));
	p.sid = m->sid;
	p.type = m->type;
	p.len = m->len;
	memcpy(p.payload, m->payload, m->len);
	if (wrk_send(l, MS_GW_PUSH, 0, &p, sizeof(p)) == -1)
		log_debug("store: push %u to user %u lost: link queue full",
		    m->type, m->user_id);
}

static void
pst_plan(uint32_t user_id, int what)
{
	if (pst_push_plan(pst.db, pst.pres, user_id, what, pst_push_send,
	    NULL) == -1)
		log_warnx("store: buddy/order pushes for user %u incomplete",
		    user_id);
}

/* 1 if user_id had an offline pending (now cancelled). */
static int
pst_gone_cancel(uint32_t user_id)
{
	uint32_t	i, k;

	for (i = 0; i < pst_gone_n; i++) {
		k = (pst_gone_head + i) % PST_GRACE_MAX;
		if (pst_gone[k].user_id == user_id) {
			pst_gone[k].user_id = 0;
			return 1;
		}
	}
	return 0;
}

void
pst_push_online(uint32_t user_id)
{
	if (user_id < 1 || user_id > PST_ID_MAX)
		return;
	pst_plan(user_id, pst_gone_cancel(user_id) ? PST_PUSH_SELF :
	    PST_PUSH_SELF | PST_PUSH_OTHERS);
}

void
pst_push_offline(uint32_t user_id)
{
	struct pst_gone	*g;

	if (user_id < 1 || user_id > PST_ID_MAX)
		return;
	if (pst_gone_n == PST_GRACE_MAX) {
		pst_plan(user_id, PST_PUSH_OTHERS);
		return;
	}
	g = &pst_gone[(pst_gone_head + pst_gone_n++) % PST_GRACE_MAX];
	g->user_id = user_id;
	g->due_ms = wrk_now_ms() + PST_GRACE_MS;
	wrk_wakeup_in(PST_GRACE_MS);
}

int64_t
pst_push_tick(uint64_t now_ms)
{
	struct pst_gone	*g;

	while (pst_gone_n > 0) {
		g = &pst_gone[pst_gone_head];
		if (g->due_ms > now_ms)
			return (int64_t)(g->due_ms - now_ms);
		if (g->user_id != 0 && pst_pres_get(pst.pres, g->user_id) ==
		    NULL)
			pst_plan(g->user_id, PST_PUSH_OTHERS);
		pst_gone_head = (pst_gone_head + 1) % PST_GRACE_MAX;
		pst_gone_n--;
	}
	return -1;
}

void
pst_push_reset(void)
{
	pst_gone_head = pst_gone_n = 0;
}
