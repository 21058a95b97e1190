/*
 * project.h - the project pass: every file's function summaries joined
 * over the call graph, and the call sites project rules look at.
 *
 * A pfl_project borrows the summaries and sites of the run, which stay in
 * each file's arrays: it holds pointers to them, not copies (with many
 * files, a merged copy would double the run's peak memory). It owns only
 * its index; pfl_project_release frees the index.
 */
#ifndef PFL_PROJECT_H
#define PFL_PROJECT_H

#include <stddef.h>

#include "../model/summary.h"
#include "../util/arena.h"

/* Everything the project rules see. */
typedef struct pfl_project {
	pfl_fn_summary *const *fns;
	size_t nfns;
	const pfl_relation *relations; /* ORM relation fields of every file */
	size_t nrelations;
	const pfl_call_site *const *sites;
	size_t nsites;
	int32_t *index;  /* open-addressing table of summary indexes by qualname */
	size_t cap;
} pfl_project;

/*
 * Record a file's summaries and call sites (strings in arena). Called by
 * the file's job while its model is alive.
 */
void pfl_project_summarize(const pfl_model *m, pfl_arena *arena, pfl_summary_list *fns,
			   pfl_site_list *sites, pfl_relation_list *relations);

/* Index the summaries and propagate effects through callees (O(V + E)). */
void pfl_project_link(pfl_project *p, pfl_fn_summary *const *fns, size_t nfns,
		      const pfl_call_site *const *sites, size_t nsites);
void pfl_project_release(pfl_project *p);

/* A function registered as an event-loop callback, and its first registration. */
typedef struct pfl_callback {
	int32_t fn;                 /* summary index */
	const pfl_call_site *site;  /* PFL_SITE_CALLBACK */
} pfl_callback;

/*
 * C: every function registered as an event-loop callback, once, in the
 * order of their first registration; a heap array the caller frees, *n
 * its length.
 */
pfl_callback *pfl_project_callbacks(const pfl_project *p, size_t *n);

/* The name to show of a function: "name" of a C static's "path:name". */
const char *pfl_project_shown_name(const char *qualname);

/* The summary of a qualified name, or -1. */
int32_t pfl_project_find(const pfl_project *p, const char *qualname);

#endif
