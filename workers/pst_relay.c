/*
 * pst_relay.c - results from the game worker (MS_PST_RESULT) and the
 * ladder pass.  A result arrives as the game worker's struct gs_result
 * (same binary, same layout); it is checked so that a bad one cannot
 * make pst_result_store read outside its arrays, its empty nicks are
 * filled in, and it is stored in one transaction whose unique key makes
 * a resend harmless.  Every request is answered once, with its reqid.
 * Castes and ladder positions are recomputed every
 * store.ladder_interval_s when a rated result came in since the last
 * pass (and once after a start, which may follow a crash).
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "gs_result.h"
#include "log.h"
#include "macroman.h"
#include "pst.h"
#include "worker.h"

static void	pst_result_reply(struct wrk_link *, uint32_t, uint64_t,
		    int32_t);
static void	pst_term(char *, size_t);

static void
pst_result_reply(struct wrk_link *l, uint32_t reqid, uint64_t key,
    int32_t status)
{
	struct ms_pst_result_rep	r;

	memset(&r, 0, sizeof(r));
	r.key = key;
	r.status = status;
	if (wrk_send(l, MS_PST_RESULT_REP, reqid, &r, sizeof(r)) == -1)
		log_warnx("store: RESULT reply for %016llx lost (the game "
		    "worker will send it again)", (unsigned long long)key);
}

static void
pst_term(char *s, size_t cap)
{
	s[cap - 1] = '\0';
}

int
pst_result_check(struct gs_result *r)
{
	int	i;

	if (r->nteams < 1 || r->nteams > GS_TEAMS_MAX + 1 ||
	    r->nplayers > GS_PLAYERS_MAX)
		return -1;
	for (i = 0; i < r->nplayers; i++) {
		if (r->players[i].team >= r->nteams)
			return -1;
		pst_term(r->players[i].nick, sizeof(r->players[i].nick));
	}
	pst_term(r->game_name, sizeof(r->game_name));
	pst_term(r->map_name, sizeof(r->map_name));
	return 0;
}

/* Registered: the account's name, as a client would type it. */
int
pst_result_fill(struct pst_db *db, struct gs_result *r)
{
	struct gs_player	*p;
	struct pst_account	 a;
	int			 i, rc;

	for (i = 0; i < r->nplayers; i++) {
		p = &r->players[i];
		if (p->nick[0] != '\0')
			continue;
		if (p->id < 1 || p->id > PST_ID_MAX) {
			snprintf(p->nick, sizeof(p->nick), "Guest");
			continue;
		}
		if ((rc = pst_db_acct_by_id(db, p->id, &a)) == -1)
			return -1;
		if (rc == 1)
			continue;	/* deleted since: stays nameless */
		pst_mac_name(a.name, p->nick, sizeof(p->nick));
	}
	return 0;
}

void
pst_result(struct wrk_link *l, const struct ms_hdr *h, const void *payload)
{
	struct gs_result	r;
	int			rc;

	if (h->len != sizeof(r)) {
		log_warnx("store: RESULT from %s of %u bytes, not %zu: "
		    "refused", wrk_link_name(l), h->len, sizeof(r));
		pst_result_reply(l, h->reqid, 0, MS_GS_SCORE_REFUSED);
		return;
	}
	memcpy(&r, payload, sizeof(r));
	if (pst_result_check(&r) == -1) {
		log_warnx("store: RESULT %016llx from %s is malformed (%u "
		    "teams, %u players): refused", (unsigned long long)r.key,
		    wrk_link_name(l), r.nteams, r.nplayers);
		pst_result_reply(l, h->reqid, 0, MS_GS_SCORE_REFUSED);
		return;
	}
	rc = pst_result_fill(pst.db, &r);
	if (rc == 0)
		rc = pst_result_store(pst.db, &r);
	if (rc == 1 && gs_result_ranked(&r))
		pst.ladder_dirty = 1;
	if (rc == -1)
		log_warnx("store: result %016llx from %s not stored (the "
		    "database failed); the gateway offers it again",
		    (unsigned long long)r.key, wrk_link_name(l));
	else
		log_debug("store: result %016llx from %s: %s",
		    (unsigned long long)r.key, wrk_link_name(l),
		    rc == 1 ? "stored" : "stored before");
	/* A failed write is not the report's fault: BUSY makes it retry. */
	pst_result_reply(l, h->reqid, r.key, rc == 1 ? MS_GS_SCORE_STORED :
	    rc == 0 ? MS_GS_SCORE_DUPLICATE : MS_GS_SCORE_BUSY);
}

int64_t
pst_ladder_tick(uint64_t now_ms)
{
	uint64_t	every = (uint64_t)wrk_cfg()->ladder_interval_s * 1000;
	uint64_t	t0;

	if (pst.ladder_due_ms == 0)
		pst.ladder_due_ms = now_ms + every;
	if (now_ms >= pst.ladder_due_ms) {
		if (pst.ladder_dirty) {
			t0 = wrk_now_ms();
			if (pst_ratings_castes(pst.db) == 0) {
				pst.ladder_dirty = 0;
				pst.ladder_users = -1;
			}
			log_debug("store: ladder pass in %llu ms",
			    (unsigned long long)(wrk_now_ms() - t0));
		}
		pst.ladder_due_ms = now_ms + every;
	}
	return (int64_t)(pst.ladder_due_ms - now_ms);
}
