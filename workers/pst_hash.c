/*
 * pst_hash.c - argon2id off the loop: a fixed set of threads takes jobs
 * from a FIFO, runs libsodium's pwhash and moves the job to a done
 * FIFO; notify() (an ev_async in the store) tells the loop, which runs
 * the completions in pst_hash_collect().  At most cap jobs exist at any
 * time (waiting, running or done but not collected); a submission
 * beyond that is refused, never queued.  Passwords are wiped as soon as
 * a thread is finished with them.  Completions only run on the loop.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "log.h"
#include "pst.h"

#define PST_PW_MAX	(MS_PASSWORD_MAX + 1)

enum pst_job_kind { PST_JOB_VERIFY, PST_JOB_MAKE };

struct pst_job {
	struct pst_job		*next;
	enum pst_job_kind	 kind;
	uint8_t			 pw[PST_PW_MAX];	/* wiped after use */
	size_t			 pwlen;
	char			 hash[crypto_pwhash_STRBYTES];
	uint64_t		 ops;
	size_t			 mem;
	int			 result;
	pst_hash_done_fn	*done;
	void			*arg;
};

struct pst_fifo {
	struct pst_job	*head;
	struct pst_job	*tail;
};

struct pst_hash {
	pthread_mutex_t	 mtx;
	pthread_cond_t	 cv;		/* workers wait for jobs */
	struct pst_fifo	 todo;
	struct pst_fifo	 done;
	uint32_t	 outstanding;	/* every job not yet collected */
	uint32_t	 cap;
	int		 stop;
	uint32_t	 nthreads;	/* started, to join */
	pthread_t	*threads;
	void		(*notify)(void *);
	void		*notify_arg;
};

static void	 pst_fifo_push(struct pst_fifo *, struct pst_job *);
static struct pst_job *pst_fifo_pop(struct pst_fifo *);
static void	 pst_job_run(struct pst_job *);
static void	*pst_worker(void *);
static int	 pst_submit(struct pst_hash *, struct pst_job *);
static void	 pst_job_finish(struct pst_job *);

static void
pst_fifo_push(struct pst_fifo *f, struct pst_job *j)
{
	j->next = NULL;
	if (f->tail != NULL)
		f->tail->next = j;
	else
		f->head = j;
	f->tail = j;
}

static struct pst_job *
pst_fifo_pop(struct pst_fifo *f)
{
	struct pst_job	*j = f->head;

	if (j != NULL && (f->head = j->next) == NULL)
		f->tail = NULL;
	return j;
}

/* pst_job_run - on a pool thread, without the lock. */
static void
pst_job_run(struct pst_job *j)
{
	if (j->kind == PST_JOB_VERIFY) {
		if (crypto_pwhash_str_verify(j->hash, (const char *)j->pw,
		    j->pwlen) == 0)
			j->result = PST_HASH_OK;
		else
			j->result = PST_HASH_MISMATCH;
	} else {
		if (crypto_pwhash_str_alg(j->hash, (const char *)j->pw,
		    j->pwlen, j->ops, j->mem,
		    crypto_pwhash_ALG_ARGON2ID13) == 0)
			j->result = PST_HASH_OK;
		else
			j->result = PST_HASH_ERROR;
	}
	sodium_memzero(j->pw, sizeof(j->pw));
}

static void *
pst_worker(void *arg)
{
	struct pst_hash	*p = arg;
	struct pst_job	*j;

	pthread_mutex_lock(&p->mtx);
	for (;;) {
		while (!p->stop && p->todo.head == NULL)
			pthread_cond_wait(&p->cv, &p->mtx);
		if (p->stop)
			break;
		j = pst_fifo_pop(&p->todo);
		pthread_mutex_unlock(&p->mtx);
		pst_job_run(j);
		pthread_mutex_lock(&p->mtx);
		pst_fifo_push(&p->done, j);
		pthread_mutex_unlock(&p->mtx);
		p->notify(p->notify_arg);
		pthread_mutex_lock(&p->mtx);
	}
	pthread_mutex_unlock(&p->mtx);
	return NULL;
}

struct pst_hash *
pst_hash_new(uint32_t nthreads, uint32_t cap, void (*notify)(void *),
    void *notify_arg)
{
	struct pst_hash	*p;
	int		 rc;

	if (nthreads == 0 || cap == 0 || (p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	if ((p->threads = calloc(nthreads, sizeof(pthread_t))) == NULL) {
		free(p);
		return NULL;
	}
	pthread_mutex_init(&p->mtx, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->cap = cap;
	p->notify = notify;
	p->notify_arg = notify_arg;
	for (; p->nthreads < nthreads; p->nthreads++) {
		if ((rc = pthread_create(&p->threads[p->nthreads], NULL,
		    pst_worker, p)) != 0) {
			errno = rc;
			log_warn("store: pthread_create");
			pst_hash_free(p);
			return NULL;
		}
	}
	return p;
}

static int
pst_submit(struct pst_hash *p, struct pst_job *j)
{
	pthread_mutex_lock(&p->mtx);
	if (p->stop || p->outstanding >= p->cap) {
		pthread_mutex_unlock(&p->mtx);
		sodium_memzero(j->pw, sizeof(j->pw));
		free(j);
		return -1;
	}
	p->outstanding++;
	pst_fifo_push(&p->todo, j);
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mtx);
	return 0;
}

int
pst_hash_verify(struct pst_hash *p, const char *stored, const uint8_t *pw,
    size_t pwlen, pst_hash_done_fn *done, void *arg)
{
	struct pst_job	*j;

	if (pwlen >= PST_PW_MAX || strlen(stored) >= sizeof(j->hash) ||
	    (j = calloc(1, sizeof(*j))) == NULL)
		return -1;
	j->kind = PST_JOB_VERIFY;
	memcpy(j->pw, pw, pwlen);
	j->pwlen = pwlen;
	memcpy(j->hash, stored, strlen(stored) + 1);
	j->done = done;
	j->arg = arg;
	return pst_submit(p, j);
}

int
pst_hash_make(struct pst_hash *p, const uint8_t *pw, size_t pwlen,
    uint64_t ops, size_t mem, pst_hash_done_fn *done, void *arg)
{
	struct pst_job	*j;

	if (pwlen >= PST_PW_MAX || (j = calloc(1, sizeof(*j))) == NULL)
		return -1;
	j->kind = PST_JOB_MAKE;
	memcpy(j->pw, pw, pwlen);
	j->pwlen = pwlen;
	j->ops = ops;
	j->mem = mem;
	j->done = done;
	j->arg = arg;
	return pst_submit(p, j);
}

static void
pst_job_finish(struct pst_job *j)
{
	int	ok = j->kind == PST_JOB_MAKE && j->result == PST_HASH_OK;

	j->done(j->result, ok ? j->hash : NULL, j->arg);
	sodium_memzero(j, sizeof(*j));
	free(j);
}

/* One job at a time, so a completion may submit again. */
void
pst_hash_collect(struct pst_hash *p)
{
	struct pst_job	*j;

	for (;;) {
		pthread_mutex_lock(&p->mtx);
		if ((j = pst_fifo_pop(&p->done)) != NULL)
			p->outstanding--;
		pthread_mutex_unlock(&p->mtx);
		if (j == NULL)
			return;
		pst_job_finish(j);
	}
}

uint32_t
pst_hash_outstanding(struct pst_hash *p)
{
	uint32_t	n;

	pthread_mutex_lock(&p->mtx);
	n = p->outstanding;
	pthread_mutex_unlock(&p->mtx);
	return n;
}

/*
 * pst_hash_free - running jobs finish (argon2id cannot be interrupted)
 * and are delivered; jobs still waiting are delivered as cancelled.
 */
void
pst_hash_free(struct pst_hash *p)
{
	struct pst_job	*j;
	uint32_t	 i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mtx);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mtx);
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pst_hash_collect(p);
	while ((j = pst_fifo_pop(&p->todo)) != NULL) {
		j->result = PST_HASH_CANCELLED;
		sodium_memzero(j->pw, sizeof(j->pw));
		pst_job_finish(j);
	}
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mtx);
	free(p->threads);
	free(p);
}
