/*
 * discover.h - which files a run analyses.
 *
 * Directories are walked in sorted order; hidden directories, __pycache__,
 * node_modules, virtualenvs, --exclude globs and the ignore rules of the
 * git work tree (read through libgit2) are skipped. Explicit file arguments
 * are always analysed. Directory symlinks are not followed; file symlinks
 * are, when they resolve to a regular file.
 *
 * A file named on its own (as pre-commit names changed files) brings its
 * context candidates when o->file_context is set: the files of its
 * language that are importable from its import root (the directory above
 * its outermost package: the modules there and the packages below it,
 * recursively); for C, the other files of its directory. At most 5000.
 * The run analyses the C ones, and of the Python ones only the modules
 * the analysed code calls into (run.c); nothing of them is reported.
 */
#ifndef PFL_DISCOVER_H
#define PFL_DISCOVER_H

#include "../model/model.h"
#include "../report/report.h"
#include "../util/arena.h"
#include "../util/array.h"
#include "run.h"

/* A file to analyse. */
typedef struct pfl_source {
	const char *path;   /* display path: relative to the working directory when under it */
	const char *module; /* dotted Python module name, or NULL */
	pfl_lang lang;
	size_t size;        /* bytes at discovery, to schedule large files first */
	uint64_t dev, ino;  /* identity of the file, to analyse it once */
	bool context;       /* read only to resolve calls: not named, its findings not reported */
} pfl_source;

typedef PFL_ARRAY(pfl_source) pfl_source_list;
typedef PFL_ARRAY(pfl_report_diag) pfl_diag_list;

/*
 * Fill files (sorted by path, without duplicates) from o->paths. Problems
 * (a missing path, an unreadable directory, a symlink loop) are appended to
 * diags; *io_error is set for those that make the exit code 2. Strings live
 * in arena.
 */
void pfl_discover(const pfl_run_opts *o, pfl_arena *arena, pfl_source_list *files,
		  pfl_diag_list *diags, bool *io_error);

/* The language of a path from its name ("x.py", "x.c"), or NONE. */
pfl_lang pfl_discover_lang_of_name(const char *path);

#endif
