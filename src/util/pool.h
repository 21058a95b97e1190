/*
 * pool.h - a parallel for-loop over a fixed number of items.
 *
 * pfl_pool_run calls fn(ctx, item, worker) once for each item in [0, n),
 * from nthreads threads that take items in order from a shared counter.
 * worker is in [0, nthreads) and lets fn use per-thread state (a parser).
 * Results must be stored by item index; ordering of calls is not fixed.
 */
#ifndef PFL_POOL_H
#define PFL_POOL_H

#include <stddef.h>

typedef void (*pfl_pool_fn)(void *ctx, size_t item, int worker);
/* Called by the main thread about every 100 ms with the items done so far. */
typedef void (*pfl_pool_progress_fn)(void *ctx, size_t done, size_t total);

void pfl_pool_run(int nthreads, size_t n, pfl_pool_fn fn, void *ctx,
		  pfl_pool_progress_fn progress);
/* Number of online CPUs (at least 1). */
int pfl_pool_cpus(void);

#endif
