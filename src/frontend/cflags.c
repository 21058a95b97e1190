/* cflags.c - compile flags per C file: compilation database or defaults. */
#include "cflags.h"

#include "libclang.h"
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/array.h"
#include "../util/error.h"
#include "../util/path.h"

typedef PFL_ARRAY(char *) cflags__strs;

/* One file's entry of the database. */
typedef struct cflags__entry {
	char *file;        /* absolute, normalised */
	cflags__strs args; /* the kept flags, paths made absolute */
} cflags__entry;

struct pfl_cflags {
	PFL_ARRAY(cflags__entry) entries; /* sorted by file */
	cflags__strs extra;               /* -I and -D from the command line */
	char *db;                         /* the database used, or NULL */
};

/* Flags kept with a separate or joined value, and whether the value is a path. */
static const struct {
	const char *flag;
	bool path;
} cflags__valued[] = {
	{ "-I", true }, { "-isystem", true }, { "-iquote", true }, { "-idirafter", true },
	{ "-include", true }, { "-imacros", true }, { "-isysroot", true }, { "--sysroot", true },
	{ "-D", false }, { "-U", false }, { "-target", false }, { "--target", false },
};

/* Flags kept as they are. */
static const char *const cflags__plain[] = {
	"-nostdinc", "-nostdlibinc", "-m32", "-m64", "-mx32", "-fsigned-char", "-funsigned-char",
	"-ffreestanding", "-fms-extensions", "-fgnu89-inline", "-ansi", "-pthread",
};

/* An absolute form of a path argument (relative ones are relative to dir). */
static char *cflags__abs(const char *dir, const char *p)
{
	if (p[0] == '/' || !dir)
		return pfl_path_normalize(p);
	char *j = pfl_path_join(dir, p);
	char *n = pfl_path_normalize(j);
	free(j);
	return n;
}

/* Push flag+value as one argument ("-I/abs/dir", "-DX=1"). */
static void cflags__push_joined(cflags__strs *out, const char *flag, const char *value, bool path, const char *dir)
{
	char *v = path ? cflags__abs(dir, value) : pfl_strdup(value);
	size_t n = strlen(flag) + strlen(v) + 2;
	char *s = pfl_malloc(n);
	/* Long options take "=": --sysroot=/x, --target=t; short ones are joined. */
	snprintf(s, n, "%s%s%s", flag, flag[1] == '-' ? "=" : "", v);
	free(v);
	pfl_array_push(out, s);
}

/* Keep from argv (argv[0] is the compiler) the flags the parser needs. */
static void cflags__filter(char **argv, size_t argc, const char *dir, cflags__strs *out)
{
	for (size_t i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-')
			continue;
		bool done = false;
		for (size_t k = 0; k < sizeof(cflags__plain) / sizeof(*cflags__plain) && !done; k++)
			if (strcmp(a, cflags__plain[k]) == 0) {
				pfl_array_push(out, pfl_strdup(a));
				done = true;
			}
		if (!done && (strncmp(a, "-std=", 5) == 0 || strncmp(a, "--std=", 6) == 0)) {
			pfl_array_push(out, pfl_strdup(a[1] == '-' ? a + 1 : a));
			done = true;
		}
		for (size_t k = 0; k < sizeof(cflags__valued) / sizeof(*cflags__valued) && !done; k++) {
			const char *f = cflags__valued[k].flag;
			size_t fl = strlen(f);
			if (strncmp(a, f, fl) != 0)
				continue;
			const char *v = NULL;
			if (a[fl] == '\0') {
				if (i + 1 < argc)
					v = argv[++i];
			} else if (f[1] == '-') {
				if (a[fl] == '=')
					v = a + fl + 1;
			} else if (fl == 2) {
				v = a + fl; /* -Ifoo, -DX */
			}
			if (!v)
				continue;
			cflags__push_joined(out, f, v, cflags__valued[k].path, dir);
			done = true;
		}
	}
}

static int cflags__entry_cmp(const void *a, const void *b)
{
	return strcmp(((const cflags__entry *)a)->file, ((const cflags__entry *)b)->file);
}

static void cflags__strs_free(cflags__strs *s)
{
	for (size_t i = 0; i < s->size; i++)
		free(s->items[i]);
	pfl_array_release(s);
}

/* Load the database in directory dir (which holds compile_commands.json). */
static int cflags__load(pfl_cflags *f, const char *dir, const char *shown)
{
	CXCompilationDatabase_Error err = CXCompilationDatabase_NoError;
	CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &err);
	if (err != CXCompilationDatabase_NoError || !db) {
		if (db)
			clang_CompilationDatabase_dispose(db);
		return -1;
	}
	CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(db);
	unsigned n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
	for (unsigned i = 0; i < n; i++) {
		CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, i);
		CXString cdir = clang_CompileCommand_getDirectory(cmd);
		CXString cfile = clang_CompileCommand_getFilename(cmd);
		const char *d = clang_getCString(cdir);
		const char *file = clang_getCString(cfile);
		if (file && *file) {
			cflags__entry e = { 0 };
			e.file = cflags__abs(d && *d ? d : NULL, file);
			unsigned argc = clang_CompileCommand_getNumArgs(cmd);
			char **argv = pfl_calloc(argc ? argc : 1, sizeof(*argv));
			for (unsigned k = 0; k < argc; k++) {
				CXString s = clang_CompileCommand_getArg(cmd, k);
				argv[k] = pfl_strdup(clang_getCString(s) ? clang_getCString(s) : "");
				clang_disposeString(s);
			}
			cflags__filter(argv, argc, d && *d ? d : NULL, &e.args);
			for (unsigned k = 0; k < argc; k++)
				free(argv[k]);
			free(argv);
			pfl_array_push(&f->entries, e);
		}
		clang_disposeString(cdir);
		clang_disposeString(cfile);
	}
	if (cmds)
		clang_CompileCommands_dispose(cmds);
	clang_CompilationDatabase_dispose(db);
	if (f->entries.size > 1)
		qsort(f->entries.items, f->entries.size, sizeof(cflags__entry), cflags__entry_cmp);
	/* One entry per file: the first in path order wins (a file built twice). */
	size_t k = 0;
	for (size_t i = 0; i < f->entries.size; i++) {
		if (k > 0 && strcmp(f->entries.items[k - 1].file, f->entries.items[i].file) == 0) {
			free(f->entries.items[i].file);
			cflags__strs_free(&f->entries.items[i].args);
			continue;
		}
		f->entries.items[k++] = f->entries.items[i];
	}
	f->entries.size = k;
	f->db = pfl_strdup(shown);
	return 0;
}

/* Whether path is a regular file. */
static bool cflags__is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Load an explicitly named database: a directory holding compile_commands.json, or the file. */
static int cflags__load_named(pfl_cflags *f, const char *name)
{
	struct stat st;
	if (stat(name, &st) != 0)
		return pfl_error("compilation database '%s': %s", name, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		char *file = pfl_path_join(name, "compile_commands.json");
		bool ok = cflags__is_file(file);
		int r = ok ? cflags__load(f, name, file) : -1;
		if (!ok)
			pfl_error("compilation database: no compile_commands.json in '%s'", name);
		else if (r != 0)
			pfl_error("compilation database '%s': not a valid compile_commands.json", file);
		free(file);
		return r;
	}
	if (strcmp(pfl_path_basename(name), "compile_commands.json") == 0) {
		char *dir = pfl_strdup(name);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		int r = cflags__load(f, slash ? (*dir ? dir : "/") : ".", name);
		free(dir);
		if (r != 0)
			pfl_error("compilation database '%s': not a valid compile_commands.json", name);
		return r;
	}
	/* Another name: libclang reads only compile_commands.json, so link it from a temporary directory. */
	char tmpl[] = "/tmp/perflint-cdb-XXXXXX";
	if (!mkdtemp(tmpl))
		return pfl_error("compilation database '%s': cannot create a temporary directory: %s", name,
				 strerror(errno));
	char *real = pfl_path_real(name);
	char *link = pfl_path_join(tmpl, "compile_commands.json");
	int r = real && symlink(real, link) == 0 ? cflags__load(f, tmpl, name) : -1;
	unlink(link);
	rmdir(tmpl);
	free(link);
	free(real);
	if (r != 0)
		pfl_error("compilation database '%s': not a valid compile_commands.json", name);
	return r;
}

pfl_cflags *pfl_cflags_new(const pfl_cflags_opts *o, const char **db_path)
{
	*db_path = NULL;
	if (!pfl_libclang_load())
		return NULL;
	pfl_cflags *f = pfl_calloc(1, sizeof(*f));
	if (o->database) {
		if (cflags__load_named(f, o->database) != 0) {
			pfl_cflags_free(f);
			return NULL;
		}
	} else {
		for (size_t i = 0; i < o->nroots && !f->db; i++) {
			static const char *const where[] = { "compile_commands.json", "build/compile_commands.json" };
			for (size_t w = 0; w < 2 && !f->db; w++) {
				char *file = pfl_path_join(o->roots[i], where[w]);
				if (cflags__is_file(file)) {
					char *dir = pfl_strdup(file);
					*strrchr(dir, '/') = '\0';
					if (cflags__load(f, dir, file) != 0)
						pfl_warning("'%s' is not a valid compile_commands.json: C files are parsed with default flags",
							    file);
					free(dir);
				}
				free(file);
			}
		}
	}
	for (size_t i = 0; i < o->ninclude_dirs; i++)
		cflags__push_joined(&f->extra, "-I", o->include_dirs[i], false, NULL);
	for (size_t i = 0; i < o->ndefines; i++)
		cflags__push_joined(&f->extra, "-D", o->defines[i], false, NULL);
	*db_path = f->db;
	return f;
}

void pfl_cflags_free(pfl_cflags *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->entries.size; i++) {
		free(f->entries.items[i].file);
		cflags__strs_free(&f->entries.items[i].args);
	}
	pfl_array_release(&f->entries);
	cflags__strs_free(&f->extra);
	free(f->db);
	free(f);
}

/* The entry for file, or for a header the entry of a file in its directory, or NULL. */
static const cflags__entry *cflags__find(const pfl_cflags *f, const char *file)
{
	size_t lo = 0, hi = f->entries.size;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(f->entries.items[mid].file, file);
		if (c == 0)
			return &f->entries.items[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	const char *slash = strrchr(file, '/');
	if (!slash)
		return NULL;
	size_t dl = (size_t)(slash - file) + 1; /* with the slash */
	/* Entries of the same directory sort together: the first without a further '/'. */
	lo = 0;
	hi = f->entries.size;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strncmp(f->entries.items[mid].file, file, dl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	const cflags__entry *any = NULL;
	for (size_t i = lo; i < f->entries.size && strncmp(f->entries.items[i].file, file, dl) == 0; i++) {
		if (!strchr(f->entries.items[i].file + dl, '/'))
			return &f->entries.items[i];
		if (!any)
			any = &f->entries.items[i];
	}
	return any;
}

const char *const *pfl_cflags_for(const pfl_cflags *f, const char *path, size_t *n, int *from_db)
{
	char *abs = pfl_path_absolute(path);
	const cflags__entry *e = f->entries.size ? cflags__find(f, abs) : NULL;
	*from_db = e != NULL;
	/* Collect pointers first, then copy everything into one block the caller frees. */
	static const char *const fixed[] = {
		"-x", "c", "-w", "-ferror-limit=0", "-fno-spell-checking", "-fno-caret-diagnostics",
	};
	const char *list[4096];
	size_t k = 0;
	char *dirflag = NULL;
	if (e) {
		for (size_t i = 0; i < e->args.size && k < 4000; i++)
			list[k++] = e->args.items[i];
	} else {
		list[k++] = "-std=gnu11";
		char *dir = pfl_strdup(abs);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		size_t dn = strlen(dir) + 3;
		dirflag = pfl_malloc(dn);
		snprintf(dirflag, dn, "-I%s", *dir ? dir : "/");
		free(dir);
		list[k++] = dirflag;
	}
	for (size_t i = 0; i < f->extra.size && k < 4080; i++)
		list[k++] = f->extra.items[i];
	for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		list[k++] = fixed[i];
	size_t bytes = (k + 1) * sizeof(char *);
	for (size_t i = 0; i < k; i++)
		bytes += strlen(list[i]) + 1;
	char **out = pfl_malloc(bytes);
	char *p = (char *)(out + k + 1);
	for (size_t i = 0; i < k; i++) {
		size_t l = strlen(list[i]) + 1;
		memcpy(p, list[i], l);
		out[i] = p;
		p += l;
	}
	out[k] = NULL;
	*n = k;
	free(dirflag);
	free(abs);
	return (const char *const *)out;
}
