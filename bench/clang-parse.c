/*
 * clang-parse.c - the speed floor of perflint's C analysis: libclang alone.
 *
 * Parses each C file given (on the command line, or one path per line on
 * stdin when there are none) exactly as perflint's C frontend does
 * (src/frontend/c.c): the compile flags come from perflint's own
 * pfl_cflags_for (src/frontend/cflags.c: the file's compile_commands.json
 * entry filtered down to the preprocessor and parser flags, then
 * "-x c -w -ferror-limit=0 -fno-spell-checking -fno-caret-diagnostics"),
 * the file's text is read and passed as an unsaved file under its absolute
 * path, one CXIndex serves every file in one thread, the options are
 * CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles,
 * and each translation unit is disposed before the next. Then prints
 *
 *	files=N failed=F errors=E seconds=S
 *
 * where seconds is the wall time of reading, parsing and disposing, failed
 * the files libclang returned no translation unit for, and errors the
 * error diagnostics (counted only with -d, 0 otherwise).
 *
 * Options:
 *	-p PATH   the compilation database: compile_commands.json or its
 *	          directory (perflint's -p); without it, perflint's defaults
 *	-O LIST   change the parse options, comma-separated: "skip-bodies"
 *	          (SkipFunctionBodies), "detailed" (DetailedPreprocessingRecord),
 *	          "incomplete" (Incomplete), "single-file" (SingleFileParse),
 *	          "no-keep-going", "no-ignore-includes", "none" (start from 0)
 *	-w        also visit every cursor of the main file, recursively (top
 *	          level declarations from included files are skipped, as
 *	          perflint skips them): parse plus the least a visitor does
 *	-d        count error diagnostics; with -v, print them
 *	-v        print each file with its milliseconds (and errors with -d)
 *
 * Built by bench/bench-c.sh against perflint's own static libraries:
 *	gcc -O2 -I src -I/usr/lib/llvm-14/include bench/clang-parse.c \
 *	    build/libpfl_core.a build/libpfl_util.a \
 *	    -L/usr/lib/llvm-14/lib -lclang -Wl,-rpath,/usr/lib/llvm-14/lib -lpthread
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <clang-c/Index.h>

#include "frontend/cflags.h"
#include "util/path.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The whole file at path (heap), its length in *len; NULL if unreadable. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Apply one -O list to *opts; returns -1 on an unknown name. */
static int parse_opts(const char *list, unsigned *opts)
{
	static const struct {
		const char *name;
		unsigned set, clear;
	} names[] = {
		{ "skip-bodies", CXTranslationUnit_SkipFunctionBodies, 0 },
		{ "detailed", CXTranslationUnit_DetailedPreprocessingRecord, 0 },
		{ "incomplete", CXTranslationUnit_Incomplete, 0 },
		{ "single-file", CXTranslationUnit_SingleFileParse, 0 },
		{ "no-keep-going", 0, CXTranslationUnit_KeepGoing },
		{ "no-ignore-includes", 0, CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles },
		{ "none", 0, ~0u },
	};
	char *copy = strdup(list), *save = NULL;
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		size_t k = 0;
		while (k < sizeof(names) / sizeof(*names) && strcmp(w, names[k].name) != 0)
			k++;
		if (k == sizeof(names) / sizeof(*names)) {
			fprintf(stderr, "clang-parse: unknown parse option '%s'\n", w);
			free(copy);
			return -1;
		}
		*opts = (*opts & ~names[k].clear) | names[k].set;
	}
	free(copy);
	return 0;
}

/* -w: count every cursor below the translation unit that lies in the main file. */
static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)c;
	(void)parent;
	++*(size_t *)d;
	return CXChildVisit_Recurse;
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData d)
{
	(void)parent;
	if (!clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	++*(size_t *)d;
	clang_visitChildren(c, visit, d);
	return CXChildVisit_Continue;
}

/* -d: the error diagnostics of tu; printed with -v. */
static unsigned count_errors(CXTranslationUnit tu, bool print)
{
	unsigned n = clang_getNumDiagnostics(tu), errors = 0;
	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			errors++;
			if (print) {
				CXString s = clang_formatDiagnostic(d, CXDiagnostic_DisplaySourceLocation);
				fprintf(stderr, "  %s\n", clang_getCString(s));
				clang_disposeString(s);
			}
		}
		clang_disposeDiagnostic(d);
	}
	return errors;
}

int main(int argc, char **argv)
{
	const char *database = NULL;
	unsigned opts = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
	bool walk = false, diags = false, verbose = false;
	int opt;
	while ((opt = getopt(argc, argv, "p:O:wdvh")) != -1) {
		switch (opt) {
		case 'p':
			database = optarg;
			break;
		case 'O':
			if (parse_opts(optarg, &opts) != 0)
				return 2;
			break;
		case 'w':
			walk = true;
			break;
		case 'd':
			diags = true;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			fprintf(stderr, "usage: clang-parse [-p DB] [-O OPTS] [-w] [-d] [-v] [FILE...] (or paths on stdin)\n");
			return opt == 'h' ? 0 : 2;
		}
	}

	/* The files: the arguments, or stdin. */
	char **paths = NULL;
	size_t npaths = 0;
	if (optind < argc) {
		paths = argv + optind;
		npaths = (size_t)(argc - optind);
	} else {
		size_t cap = 1024;
		paths = malloc(cap * sizeof(*paths));
		char *line = NULL;
		size_t linecap = 0;
		ssize_t n;
		while ((n = getline(&line, &linecap, stdin)) > 0) {
			if (line[n - 1] == '\n')
				line[--n] = '\0';
			if (n == 0)
				continue;
			if (npaths == cap)
				paths = realloc(paths, (cap *= 2) * sizeof(*paths));
			paths[npaths++] = strdup(line);
		}
		free(line);
	}

	/* The flags, as perflint builds them (its -p; no roots, -I or -D). */
	pfl_cflags_opts co = { 0 };
	co.database = database;
	const char *db_used = NULL;
	pfl_cflags *cflags = pfl_cflags_new(&co, &db_used);
	if (!cflags)
		return 2;

	size_t files = 0, failed = 0, nodes = 0;
	unsigned long errors = 0;
	double t0 = now();
	CXIndex index = clang_createIndex(0, 0);
	for (size_t i = 0; i < npaths; i++) {
		double f0 = verbose ? now() : 0;
		size_t len = 0;
		char *src = read_all(paths[i], &len);
		if (!src) {
			fprintf(stderr, "clang-parse: cannot read '%s'\n", paths[i]);
			failed++;
			continue;
		}
		size_t nargs = 0;
		int from_db = 0;
		const char *const *args = pfl_cflags_for(cflags, paths[i], &nargs, &from_db);
		char *abs = pfl_path_absolute(paths[i]);
		struct CXUnsavedFile unsaved = { abs, src, (unsigned long)len };
		CXTranslationUnit tu = NULL;
		enum CXErrorCode err = clang_parseTranslationUnit2(index, abs, args, (int)nargs, &unsaved, 1, opts, &tu);
		free((void *)args);
		unsigned ferr = 0;
		if (err != CXError_Success || !tu) {
			fprintf(stderr, "clang-parse: libclang could not parse '%s' (error %d)\n", paths[i], (int)err);
			failed++;
		} else {
			if (walk)
				clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, &nodes);
			if (diags) {
				if (verbose)
					fprintf(stderr, "%s:\n", paths[i]);
				ferr = count_errors(tu, verbose);
				errors += ferr;
			}
			clang_disposeTranslationUnit(tu);
		}
		free(abs);
		free(src);
		files++;
		if (verbose)
			fprintf(stderr, "%8.1f ms %s%s%s\n", (now() - f0) * 1e3, paths[i], from_db ? "" : " (default flags)",
				ferr ? " (errors)" : "");
	}
	clang_disposeIndex(index);
	double secs = now() - t0;

	printf("files=%zu failed=%zu errors=%lu", files, failed, errors);
	if (walk)
		printf(" cursors=%zu", nodes);
	printf(" seconds=%.3f\n", secs);
	pfl_cflags_free(cflags);
	if (optind >= argc) {
		for (size_t i = 0; i < npaths; i++)
			free(paths[i]);
		free(paths);
	}
	return failed ? 1 : 0;
}
