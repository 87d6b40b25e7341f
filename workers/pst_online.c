/*
 * pst_online.c - the running store's side of the online pushes: it
 * sends what pst_push.c decides as MS_GW_PUSH to the session's gateway,
 * and hides room changes.  A room change is the release of one session
 * and the claim of the next, a moment later; so an account's going
 * offline is told only after store.offline_grace_ms, and not at all if
 * it came back meanwhile (it then gets its own lists again, nobody else
 * hears anything).  The pending offlines wait in a FIFO of at most
 * store.offline_queue entries, allocated at the first one; when it is
 * full an offline is told at once.  Both keys are read at each offline,
 * so a reload applies: a new queue size once what waits fits it (the
 * entries move over in order), a new grace to the offlines after it.
 * The FIFO is in order of due time as long as the grace does not
 * shrink; after a shrink an entry may wait behind an older one, so for
 * at most the old grace.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "pst.h"
#include "worker.h"

struct pst_gone {
	uint32_t	user_id;	/* 0: came back, nothing to tell */
	uint64_t	due_ms;
};

static struct pst_gone	*pst_gone;	/* pst_gone_cap entries, a ring */
static uint32_t		 pst_gone_cap, pst_gone_head, pst_gone_n;

static int	pst_gone_cancel(uint32_t);
static int	pst_gone_fits(uint32_t);
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
		k = (pst_gone_head + i) % pst_gone_cap;
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

/*
 * pst_gone_fits - room for one more offline in a queue of want entries:
 * the ring is (re)allocated to that size when what waits fits it.
 */
static int
pst_gone_fits(uint32_t want)
{
	struct pst_gone	*n;
	uint32_t	 i;

	if (want != pst_gone_cap && pst_gone_n <= want) {
		if ((n = calloc(want, sizeof(*n))) == NULL) {
			log_warn("store: queue of %u pending offlines", want);
			return pst_gone_n < pst_gone_cap;
		}
		for (i = 0; i < pst_gone_n; i++)
			n[i] = pst_gone[(pst_gone_head + i) % pst_gone_cap];
		free(pst_gone);
		pst_gone = n;
		pst_gone_cap = want;
		pst_gone_head = 0;
	}
	return pst_gone_n < want && pst_gone_n < pst_gone_cap;
}

void
pst_push_offline(uint32_t user_id)
{
	const struct ms_config	*cfg = wrk_cfg();
	struct pst_gone		*g;

	if (user_id < 1 || user_id > PST_ID_MAX)
		return;
	if (cfg->offline_grace_ms == 0 || !pst_gone_fits(cfg->offline_queue)) {
		pst_plan(user_id, PST_PUSH_OTHERS);
		return;
	}
	g = &pst_gone[(pst_gone_head + pst_gone_n++) % pst_gone_cap];
	g->user_id = user_id;
	g->due_ms = wrk_now_ms() + cfg->offline_grace_ms;
	wrk_wakeup_in(cfg->offline_grace_ms);
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
		pst_gone_head = (pst_gone_head + 1) % pst_gone_cap;
		pst_gone_n--;
	}
	return -1;
}

/* pst_push_reset - forget the pending offlines; the next allocates. */
void
pst_push_reset(void)
{
	free(pst_gone);
	pst_gone = NULL;
	pst_gone_cap = pst_gone_head = pst_gone_n = 0;
}
