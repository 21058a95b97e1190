/*
 * baseline.h - baselines: the findings a project has accepted for now.
 *
 * --write-baseline FILE records the current findings; --baseline FILE then
 * reports only the findings not in it, and --baseline-strict also fails
 * when a recorded finding no longer occurs (docs/baseline-format.md).
 *
 * A finding's identity is (path, rule, hash), where path is the finding's
 * file relative to the directory holding the baseline file (absolute when
 * the file lies outside it) and hash is pfl_baseline_key: 64-bit FNV-1a
 * over the rule id, the enclosing function and the offending code with all
 * whitespace removed. Line numbers are not part of it, so a finding that
 * only moves keeps its identity. Identical findings in one file are
 * counted: with two recorded, a third copy is new.
 */
#ifndef PFL_BASELINE_H
#define PFL_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "finding.h"

/* A loaded baseline (opaque). */
typedef struct pfl_baseline pfl_baseline;

/*
 * Write the baseline of findings[0..n) to file, atomically
 * (pfl_write_file_atomic): version 1, entries grouped by (path, rule, hash)
 * with a count, sorted, two-space indentation, a final newline. Paths are
 * made relative to the directory of file, which must exist. 0, or -1
 * (reported with pfl_error naming the file).
 */
int pfl_baseline_write(const char *file, const pfl_finding *findings, size_t n);

/*
 * Read and validate a baseline. NULL (reported with pfl_error naming the
 * file and the problem: unreadable, not JSON, wrong version, a missing or
 * ill-typed key in findings[i], a count below 1) on any error. Entries with
 * the same (path, rule, hash) are merged, their counts added.
 */
pfl_baseline *pfl_baseline_load(const char *file);

/*
 * Mark each of findings[0..n) new (is_new[i] = true) or baselined
 * (is_new[i] = false), in the given order: a finding whose (path, rule,
 * hash) still has a remaining count consumes one and is baselined, so of
 * duplicate copies the first ones are baselined and the later ones new.
 * Finding paths are resolved against the current working directory, as
 * pfl_baseline_write does. is_new may be NULL. Counts stay consumed: a
 * second call matches against what the first left. Returns the number of
 * new findings.
 */
size_t pfl_baseline_match(pfl_baseline *b, const pfl_finding *findings, size_t n, bool *is_new);

/*
 * Keep as stale only the entries this run could have matched: those of a
 * file among paths (analysed files, display paths) and a rule among rules
 * (the rules that ran). Call after pfl_baseline_match.
 */
void pfl_baseline_scope(pfl_baseline *b, const char *const *paths, size_t npaths,
			const pfl_rule_meta *const *rules, size_t nrules);

/*
 * A stale entry: recorded in the baseline but with a remaining count after
 * matching (the findings no longer occur). path is as in the file
 * (relative to the baseline's directory, or absolute); function and code
 * are "" when the file omits them; count is the number of missing copies.
 */
typedef struct pfl_baseline_stale {
	const char *path, *rule, *function, *code;
	uint32_t count;
} pfl_baseline_stale;

/*
 * The stale entries, in file order; *n is set to their number. When every
 * entry was used up, *n is 0 and NULL is returned. The array and its
 * strings are valid until pfl_baseline_free.
 */
const pfl_baseline_stale *pfl_baseline_stale_entries(pfl_baseline *b, size_t *n);

/* Free a baseline and everything it handed out (NULL is allowed). */
void pfl_baseline_free(pfl_baseline *b);

/*
 * The identity hash of a finding, as 16 lowercase hex digits and a NUL:
 * FNV-1a 64 over rule id, '\0', function, '\0', code without whitespace.
 */
void pfl_baseline_key(const pfl_finding *f, char hash_hex[17]);

#endif
