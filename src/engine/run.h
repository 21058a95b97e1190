/*
 * run.h - one analysis run: discover files, analyse each in the thread
 * pool, collect findings and diagnostics in a deterministic order.
 *
 * pfl_results owns everything it points to (findings, their strings,
 * diagnostics); pfl_results_release frees it.
 */
#ifndef PFL_RUN_H
#define PFL_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../report/report.h"
#include "../util/arena.h"
#include "../util/array.h"
#include "finding.h"

/*
 * An unsaved editor buffer (the language server's): the file at path is
 * analysed from text instead of the disk, and may not exist on disk yet.
 * path is absolute, as pfl_path_absolute gives it (symlinks resolved when
 * the file exists). Nothing is copied: the caller keeps both alive.
 */
typedef struct pfl_overlay {
	const char *path;
	const char *text;
	size_t len;
} pfl_overlay;

/* What the command line (or a config file) asks of a run. */
typedef struct pfl_run_opts {
	const char *const *paths;     /* files and directories; none means "." */
	size_t npaths;
	const char *const *excludes;  /* --exclude globs */
	size_t nexcludes;
	const char *const *select;    /* --select tokens (ids, prefixes, families) */
	size_t nselect;
	const char *const *ignore;    /* --ignore tokens */
	size_t nignore;
	int jobs;                     /* worker threads (>= 1) */
	size_t max_file_size;         /* bytes; larger files are skipped with a notice */
	uint64_t parse_timeout_us;    /* per-file parse limit, 0 for none */
	size_t max_findings;          /* per file, 0 for no limit; the rest are counted in a notice */
	const char *cache_dir;        /* the results cache (engine/cache.h), NULL for none */
	uint64_t cache_salt;          /* what all entries of this run depend on: version, configuration */
	bool cache_quiet;             /* the default directory: no warning when it cannot be used */
	bool progress;                /* show a progress line on stderr */
	const char *compile_commands; /* C: compile_commands.json or its directory; NULL: look in the roots */
	const char *const *include_dirs; /* C: -I */
	size_t ninclude_dirs;
	const char *const *defines;   /* C: -D NAME[=VALUE] */
	size_t ndefines;
	const char *exclude_base;     /* excludes match paths relative to this directory; NULL: the display path */
	bool file_context;            /* files named alone bring their package as context (discover.h) */
	const struct pfl_config *config; /* per-file-ignores and severity overrides; may be NULL */
	bool unused_suppressions;     /* report suppression comments that silence nothing */
	const pfl_overlay *overlays;  /* texts that stand for files (editor buffers); may be NULL */
	size_t noverlays;
} pfl_run_opts;

/* The overlay of o that stands for path (any form of it), or NULL. */
const pfl_overlay *pfl_run_overlay(const pfl_run_opts *o, const char *path);

/* What a run found. */
typedef struct pfl_results {
	pfl_arena arena;                       /* strings of findings and diagnostics */
	PFL_ARRAY(pfl_finding) findings;       /* sorted by path, line, column, rule */
	PFL_ARRAY(pfl_report_diag) diags;      /* sorted by path, line */
	PFL_ARRAY(const pfl_rule_meta *) rules;/* the rules that ran, by id */
	PFL_ARRAY(const char *) analysed;      /* display paths of the files analysed (not context) */
	size_t files_analysed;
	size_t unused_suppressions;            /* unused-suppression diagnostics (when asked for) */
	bool io_error;                         /* an input could not be read: exit 2 */
	pfl_arena *file_arenas;                /* per-file strings, freed with the results */
	size_t nfile_arenas;
} pfl_results;

/* Whether the --select/--ignore tokens enable a rule. */
bool pfl_rule_enabled(const pfl_run_opts *o, const pfl_rule_meta *r);

/*
 * Run the analysis. Returns 0; problems with inputs are diagnostics. Returns
 * -1 (reported) when the run cannot start: a named compilation database
 * that cannot be read. res is then empty but must still be released.
 */
int pfl_run(const pfl_run_opts *o, pfl_results *res);
void pfl_results_release(pfl_results *res);

#endif
