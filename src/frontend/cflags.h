/*
 * cflags.h - the compile flags of each C file of a run.
 *
 * Flags come from a compilation database (compile_commands.json, read
 * through libclang's API) when the run has one: the file's own entry, or
 * for a header without one, the entry of a file in the same directory.
 * Without an entry, from defaults: -std=gnu11 and the file's directory on
 * the include path. The --include-dir and --define options are added to
 * both. Only the flags that change what the preprocessor and parser see
 * are kept (-I, -D, -U, -std, -include, -isystem...): optimisation,
 * warning and code generation flags, and flags only GCC knows, are
 * dropped, so a database written for GCC parses cleanly.
 *
 * A pfl_cflags is built once, before the workers start, and only read
 * afterwards: safe to share between threads.
 */
#ifndef PFL_FRONTEND_CFLAGS_H
#define PFL_FRONTEND_CFLAGS_H

#include <stddef.h>

typedef struct pfl_cflags pfl_cflags;

/* What a run asks of C parsing. */
typedef struct pfl_cflags_opts {
	const char *database;            /* -p DIR or --compile-commands FILE; NULL: look in the roots */
	const char *const *roots;        /* analysed directories, for the automatic lookup */
	size_t nroots;
	const char *const *include_dirs; /* --include-dir / -I */
	size_t ninclude_dirs;
	const char *const *defines;      /* --define / -D: NAME or NAME=VALUE */
	size_t ndefines;
} pfl_cflags_opts;

/*
 * Build the flags of a run. Returns NULL with an error printed when an
 * explicitly named database cannot be read. A database found by the
 * automatic lookup that cannot be read is reported on stderr as a warning
 * and the defaults are used. *db_path receives the database used (a
 * static or owned string valid as long as the pfl_cflags), or NULL.
 */
pfl_cflags *pfl_cflags_new(const pfl_cflags_opts *o, const char **db_path);
void pfl_cflags_free(pfl_cflags *f);

/*
 * The arguments to parse path with (a file path as given to the run),
 * NULL-terminated, in one heap block the caller frees with free(); *n
 * receives their count, *from_db whether they come from the database.
 */
const char *const *pfl_cflags_for(const pfl_cflags *f, const char *path, size_t *n, int *from_db);

#endif
