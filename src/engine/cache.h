/*
 * cache.h - the results cache: what the analysis of one file produced
 * (its findings, diagnostics, function summaries, call sites, relations),
 * kept on disk so an unchanged file is not parsed again.
 *
 * An entry is found by a key the run computes from everything the file's
 * analysis depends on: perflint's version, the effective configuration
 * and rules, the file's path, module, language, compile flags and the
 * hash of its content (run.c). Findings that depend on other files come
 * from the project pass, which runs every time over the summaries, cached
 * or not; so a changed file changes the findings of the files that call
 * into it without their entries being invalidated. A C entry also lists
 * the headers its parse read, with their size and modification time: a
 * changed header makes the entry stale.
 *
 * Nothing read is trusted: an entry whose magic, format, key, length or
 * checksum does not match, or whose contents do not decode, is ignored
 * (and replaced when the file is analysed again). Entries are written to a
 * temporary file and renamed, so readers never see half an entry, and
 * threads may read and write different entries at once.
 */
#ifndef PFL_CACHE_H
#define PFL_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/summary.h"
#include "../report/report.h"
#include "../util/arena.h"
#include "../util/array.h"
#include "finding.h"

/* An open cache directory (opaque). */
typedef struct pfl_cache pfl_cache;

/* A 128-bit entry key. */
typedef struct pfl_cache_key {
	uint64_t a, b;
} pfl_cache_key;

/* A function's bytes in its file, for the findings' enclosing function. */
typedef struct pfl_cache_fnspan {
	uint32_t start_byte, end_byte;
	const char *qualname;
} pfl_cache_fnspan;

/* One file's results, as stored and as loaded (strings in the caller's arena). */
typedef struct pfl_cache_entry {
	PFL_ARRAY(pfl_finding) findings;
	PFL_ARRAY(pfl_report_diag) diags;
	pfl_summary_list fns;
	pfl_site_list sites;
	pfl_relation_list relations;
	PFL_ARRAY(pfl_cache_fnspan) fnspans;
	PFL_ARRAY(const char *) deps; /* headers read by a C parse (absolute paths) */
} pfl_cache_entry;

/*
 * The cache in dir, created if needed. NULL when it cannot be created or
 * written (with a warning naming the directory unless quiet): the run goes
 * on without a cache.
 */
pfl_cache *pfl_cache_open(const char *dir, bool quiet);
void pfl_cache_close(pfl_cache *c);

/* The default directory: $XDG_CACHE_HOME/perflint, else ~/.cache/perflint (heap), or NULL. */
char *pfl_cache_default_dir(void);

/*
 * Append the running binary's GNU build id (hex) to out, or nothing when it
 * has none. Part of every key: two builds of the same version (a developer's
 * rebuilds) never read each other's entries.
 */
void pfl_cache_build_id(pfl_strbuf *out);

/* Store an entry (best effort: a failure to write is not an error). */
void pfl_cache_store(pfl_cache *c, pfl_cache_key key, const pfl_cache_entry *e);

/*
 * Load the entry of key into e (zeroed by the caller; release it with
 * pfl_cache_entry_release, its strings stay in arena). false when there is
 * none, or it is foreign, corrupt, or stale (a header changed).
 */
bool pfl_cache_load(pfl_cache *c, pfl_cache_key key, pfl_arena *arena, pfl_cache_entry *e);

/* Free the arrays of an entry (not its strings). */
void pfl_cache_entry_release(pfl_cache_entry *e);

#endif
