/* pool.c - worker threads pulling item indexes from an atomic counter. */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"

/* Shared state of one pfl_pool_run. */
struct pool__job {
	pfl_pool_fn fn;
	void *ctx;
	size_t n;
	atomic_size_t next; /* next item to hand out */
	atomic_size_t done; /* items finished */
};

/* Arguments of one worker thread. */
struct pool__worker {
	struct pool__job *job;
	int id;
};

static void pool__drain(struct pool__job *job, int id)
{
	for (;;) {
		size_t i = atomic_fetch_add(&job->next, 1);
		if (i >= job->n)
			return;
		job->fn(job->ctx, i, id);
		atomic_fetch_add(&job->done, 1);
	}
}

static void *pool__thread(void *arg)
{
	struct pool__worker *w = arg;
	pool__drain(w->job, w->id);
	return NULL;
}

void pfl_pool_run(int nthreads, size_t n, pfl_pool_fn fn, void *ctx,
		  pfl_pool_progress_fn progress)
{
	struct pool__job job = { .fn = fn, .ctx = ctx, .n = n };
	atomic_init(&job.next, 0);
	atomic_init(&job.done, 0);
	if (nthreads < 1)
		nthreads = 1;
	if ((size_t)nthreads > n)
		nthreads = n ? (int)n : 1;
	if (nthreads == 1 && !progress) {
		pool__drain(&job, 0);
		return;
	}
	/* Workers 0..nthreads-1 are threads; the main thread reports progress. */
	pthread_t *th = pfl_calloc((size_t)nthreads, sizeof(*th));
	struct pool__worker *ws = pfl_calloc((size_t)nthreads, sizeof(*ws));
	int started = 0;
	for (int i = 0; i < nthreads; i++) {
		ws[i].job = &job;
		ws[i].id = i;
		/* 8 MiB stacks: deep syntax trees are walked iteratively, but be generous. */
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 8u << 20);
		if (pthread_create(&th[i], &attr, pool__thread, &ws[i]) == 0)
			started++;
		else
			th[i] = 0;
		pthread_attr_destroy(&attr);
	}
	if (started == 0)
		pool__drain(&job, 0);
	while (progress && atomic_load(&job.done) < n) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		progress(ctx, atomic_load(&job.done), n);
	}
	for (int i = 0; i < nthreads; i++)
		if (th[i])
			pthread_join(th[i], NULL);
	free(th);
	free(ws);
}

int pfl_pool_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}
