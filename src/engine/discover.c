/* discover.c - walking the paths of a run into a sorted list of sources. */
#include "discover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/fileio.h"
#include "../util/path.h"
#include "../util/strbuf.h"

#define DISCOVER__MAX_DEPTH 200

/* A git work tree met during the walk. */
typedef struct discover__repo {
	git_repository *repo;
	char *workdir; /* real path, with a trailing slash */
} discover__repo;

/* A directory whose importable files are context, for files of lang. */
typedef struct discover__context {
	char *real;
	pfl_lang lang;
} discover__context;

/* At most this many context files: a file named alone in a huge directory stays quick. */
#define DISCOVER__MAX_CONTEXT 5000

/* State of one discovery. */
typedef struct discover__state {
	const pfl_run_opts *o;
	pfl_arena *arena;
	pfl_source_list *files;
	pfl_diag_list *diags;
	bool *io_error;
	char *cwd;                       /* real working directory */
	const char *root_real;           /* real path of the directory argument being walked */
	bool no_git;                     /* the argument is itself ignored: named, so analysed whole */
	bool context;                    /* the files being added are context */
	pfl_lang context_lang;           /* ... of this language only */
	size_t context_files;            /* context files added so far */
	PFL_ARRAY(discover__context) context_roots; /* the context directories to walk */
	PFL_ARRAY(discover__repo) repos; /* work trees opened so far */
	char *norepo;                    /* a real directory with no repository in it or above it */
	char *pkg_dir;                   /* the last directory discover__package answered for */
	char *pkg_prefix;                /* ... and its answer */
} discover__state;

static pthread_once_t discover__git_once = PTHREAD_ONCE_INIT;

static void discover__git_init(void)
{
	git_libgit2_init();
}

/* Add a diagnostic about path. */
static void discover__diag(discover__state *st, const char *level, const char *code,
			   const char *path, const char *msg, bool io)
{
	pfl_report_diag *d = pfl_array_grow_one(st->diags);
	d->path = pfl_arena_strdup(st->arena, path);
	d->level = level;
	d->code = code;
	d->message = pfl_arena_strdup(st->arena, msg);
	if (io)
		*st->io_error = true;
}

pfl_lang pfl_discover_lang_of_name(const char *path)
{
	if (pfl_path_has_ext(path, ".py") || pfl_path_has_ext(path, ".pyi"))
		return PFL_LANG_PYTHON;
	if (pfl_path_has_ext(path, ".c") || pfl_path_has_ext(path, ".h"))
		return PFL_LANG_C;
	return PFL_LANG_NONE;
}

/* Whether a file without an extension starts with a python shebang. */
static bool discover__python_shebang(const char *path)
{
	const char *base = pfl_path_basename(path);
	if (strchr(base, '.'))
		return false;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return false;
	struct stat sb;
	char buf[128];
	ssize_t n = 0;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 3 || buf[0] != '#' || buf[1] != '!')
		return false;
	buf[n] = '\0';
	char *nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return strstr(buf, "python") != NULL;
}

/* Whether s is a Python identifier (ASCII subset, enough for module names). */
static bool discover__identifier(const char *s, size_t n)
{
	if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
		      (unsigned char)c >= 0x80))
			return false;
	}
	return true;
}

/*
 * The dotted module name of a Python file: its stem, prefixed by every
 * enclosing directory that is a package (holds __init__.py).
 */
/*
 * The dotted name of the package that normalised absolute directory dir
 * is ("" when it is none): up the directories that have an __init__.py and
 * a name that is an identifier. The files of a directory come one after
 * another, so the last answer is kept.
 */
static const char *discover__package(discover__state *st, const char *dir)
{
	if (st->pkg_dir && strcmp(st->pkg_dir, dir) == 0)
		return st->pkg_prefix;
	char *d = pfl_strdup(dir);
	pfl_strbuf pkg = PFL_STRBUF_INIT;
	char *slash = d + strlen(d);
	while (slash && slash > d) {
		*slash = '\0';
		char *probe = pfl_path_join(d, "__init__.py");
		bool is_pkg = access(probe, F_OK) == 0;
		free(probe);
		if (!is_pkg)
			break;
		char *up = strrchr(d, '/');
		const char *dn = up ? up + 1 : d;
		if (!discover__identifier(dn, strlen(dn)))
			break;
		pfl_strbuf prefix = PFL_STRBUF_INIT;
		pfl_strbuf_adds(&prefix, dn);
		if (pkg.len) {
			pfl_strbuf_addch(&prefix, '.');
			pfl_strbuf_add(&prefix, pkg.buf, pkg.len);
		}
		pfl_strbuf_release(&pkg);
		pkg = prefix;
		slash = up;
	}
	free(d);
	free(st->pkg_dir);
	free(st->pkg_prefix);
	st->pkg_dir = pfl_strdup(dir);
	st->pkg_prefix = pfl_strdup(pkg.len ? pkg.buf : "");
	pfl_strbuf_release(&pkg);
	return st->pkg_prefix;
}

static const char *discover__module(discover__state *st, const char *path)
{
	char *abs = path[0] == '/' ? pfl_strdup(path) : pfl_path_join(st->cwd, path);
	char *norm = pfl_path_normalize(abs);
	free(abs);
	pfl_strbuf mod = PFL_STRBUF_INIT;
	char *slash = strrchr(norm, '/');
	const char *base = slash ? slash + 1 : norm;
	size_t bl = strlen(base);
	if (bl > 4 && strcmp(base + bl - 4, ".pyi") == 0)
		bl -= 4;
	else if (bl > 3 && strcmp(base + bl - 3, ".py") == 0)
		bl -= 3;
	if (!discover__identifier(base, bl)) {
		free(norm);
		return NULL;
	}
	bool init = bl == 8 && strncmp(base, "__init__", 8) == 0;
	if (slash && slash > norm) {
		*slash = '\0';
		pfl_strbuf_adds(&mod, discover__package(st, norm));
	}
	if (!init) {
		if (mod.len)
			pfl_strbuf_addch(&mod, '.');
		pfl_strbuf_add(&mod, base, bl);
	}
	free(norm);
	const char *r = mod.len ? pfl_arena_strndup(st->arena, mod.buf, mod.len) : NULL;
	pfl_strbuf_release(&mod);
	return r;
}

/* The display path of a file: relative to the working directory when under it. */
static char *discover__display(discover__state *st, const char *path)
{
	char *norm = pfl_path_normalize(path);
	if (norm[0] == '/' && st->cwd) {
		char *rel = pfl_path_relative_to(norm, st->cwd);
		if (rel) {
			free(norm);
			return rel;
		}
	}
	return norm;
}

/* Add a source file of size bytes; sb, when given, is what stat() says of it. */
static void discover__add(discover__state *st, const char *path, pfl_lang lang, size_t size, const struct stat *sb)
{
	char *disp = discover__display(st, path);
	pfl_source *s = pfl_array_grow_one(st->files);
	s->path = pfl_arena_strdup(st->arena, disp);
	s->lang = lang;
	s->size = size;
	struct stat own;
	if (sb || stat(path, &own) == 0) {
		s->dev = (uint64_t)(sb ? sb : &own)->st_dev;
		s->ino = (uint64_t)(sb ? sb : &own)->st_ino;
	}
	s->module = lang == PFL_LANG_PYTHON ? discover__module(st, disp) : NULL;
	s->context = st->context;
	free(disp);
}

/*
 * Remember the context of a file named alone: its import root (the
 * directory above its outermost package) for Python, its directory for C.
 */
static void discover__note_context(discover__state *st, const char *path, pfl_lang lang)
{
	char *real = pfl_path_absolute(path); /* the real path; an unsaved buffer's is lexical */
	if (!real)
		return;
	char *slash = strrchr(real, '/');
	if (!slash || slash == real) {
		free(real);
		return;
	}
	*slash = '\0';
	while (lang == PFL_LANG_PYTHON) {
		char *probe = pfl_path_join(real, "__init__.py");
		bool pkg = access(probe, F_OK) == 0;
		free(probe);
		char *up = strrchr(real, '/');
		if (!pkg || !up || up == real)
			break;
		*up = '\0';
	}
	for (size_t i = 0; i < st->context_roots.size; i++)
		if (st->context_roots.items[i].lang == lang && strcmp(st->context_roots.items[i].real, real) == 0) {
			free(real);
			return;
		}
	discover__context c = { real, lang };
	pfl_array_push(&st->context_roots, c);
}

/* The work tree holding the real path dir, opened once; NULL if none. */
/* Whether directory real holds a ".git" (a directory, or the file of a worktree or submodule). */
static bool discover__has_dotgit(const char *real, size_t len)
{
	char buf[PATH_MAX];
	if (len + sizeof("/.git") > sizeof(buf))
		return true; /* let libgit2 decide */
	memcpy(buf, real, len);
	memcpy(buf + (len && real[len - 1] == '/' ? len - 1 : len), "/.git", sizeof("/.git"));
	struct stat sb;
	return lstat(buf, &sb) == 0;
}

/*
 * Whether real can be in a repository, without libgit2: a work tree has a
 * ".git" at its top. Directories are walked top down, so st->norepo (a
 * directory known to have none in it or above it, and so its ancestors)
 * usually leaves one directory to look at. Outside git, libgit2 is never
 * started (its start-up reads the system's certificates) nor asked about
 * each directory.
 */
static bool discover__may_have_repo(discover__state *st, const char *real, const bool *dotgit_here)
{
	size_t n = strlen(real), base = 0;
	if (st->norepo) {
		/* The deepest ancestor of real (or real) that st->norepo shows to have none. */
		const char *a = st->norepo;
		size_t i = 0, last = 0;
		while (a[i] && a[i] == real[i]) {
			if (a[i] == '/')
				last = i;
			i++;
		}
		if (!a[i] && (real[i] == '/' || !real[i]))
			base = i; /* norepo is real or above it */
		else
			base = last; /* their common ancestor directory */
	}
	/* Each directory from real up to (not including) base. */
	for (size_t end = n; end > base;) {
		if (end == n && dotgit_here ? *dotgit_here : discover__has_dotgit(real, end))
			return true;
		while (end > 0 && real[end - 1] != '/')
			end--;
		if (end > 0)
			end--; /* the parent, without its trailing '/' */
		if (end == 0 && base == 0 && discover__has_dotgit("/", 1))
			return true;
	}
	free(st->norepo);
	st->norepo = pfl_strdup(real);
	return false;
}

/* The work tree real is in, or NULL; dotgit_here, when known, says whether real has a ".git" entry. */
static discover__repo *discover__repo_for(discover__state *st, const char *real, const bool *dotgit_here)
{
	for (size_t i = 0; i < st->repos.size; i++) {
		discover__repo *r = &st->repos.items[i];
		if (r->workdir && strncmp(real, r->workdir, strlen(r->workdir)) == 0)
			return r;
		if (r->workdir && strlen(real) + 1 == strlen(r->workdir) &&
		    strncmp(real, r->workdir, strlen(real)) == 0)
			return r;
	}
	if (!discover__may_have_repo(st, real, dotgit_here))
		return NULL;
	pthread_once(&discover__git_once, discover__git_init);
	git_repository *repo = NULL;
	if (git_repository_open_ext(&repo, real, 0, NULL) != 0)
		return NULL;
	const char *wd = git_repository_workdir(repo);
	if (!wd) {
		git_repository_free(repo);
		return NULL;
	}
	char *wreal = pfl_path_real(wd);
	if (!wreal) {
		git_repository_free(repo);
		return NULL;
	}
	discover__repo *r = pfl_array_grow_one(&st->repos);
	r->repo = repo;
	size_t wl = strlen(wreal);
	r->workdir = pfl_malloc(wl + 2);
	memcpy(r->workdir, wreal, wl);
	if (wl == 0 || wreal[wl - 1] != '/')
		r->workdir[wl++] = '/';
	r->workdir[wl] = '\0';
	free(wreal);
	return r;
}

/* Whether git ignores real path p (a directory when is_dir). */
static bool discover__git_ignored(discover__repo *r, const char *real, bool is_dir)
{
	if (!r)
		return false;
	size_t wl = strlen(r->workdir);
	if (strncmp(real, r->workdir, wl) != 0)
		return false;
	const char *rel = real + wl;
	if (!*rel)
		return false;
	/* Never analyse inside the repository's own .git directory. */
	if (strncmp(rel, ".git/", 5) == 0 || strcmp(rel, ".git") == 0)
		return true;
	pfl_strbuf sb = PFL_STRBUF_INIT;
	pfl_strbuf_adds(&sb, rel);
	if (is_dir)
		pfl_strbuf_addch(&sb, '/');
	int ignored = 0;
	if (git_ignore_path_is_ignored(&ignored, r->repo, sb.buf) != 0)
		ignored = 0;
	pfl_strbuf_release(&sb);
	return ignored == 1;
}

/* Whether an --exclude glob matches the display path of p. */
static bool discover__excluded(discover__state *st, const char *path)
{
	if (!st->o->nexcludes)
		return false;
	char *disp = discover__display(st, path);
	if (st->o->exclude_base) {
		/* Globs of a configuration file are relative to its directory. */
		char *abs = pfl_path_absolute(path);
		char *rel = abs ? pfl_path_relative_to(abs, st->o->exclude_base) : NULL;
		free(abs);
		if (rel) {
			free(disp);
			disp = rel;
		}
	}
	bool hit = false;
	for (size_t i = 0; i < st->o->nexcludes && !hit; i++)
		hit = pfl_path_glob_match(st->o->excludes[i], disp);
	free(disp);
	return hit;
}

/*
 * Whether a context walk descends into dir: only Python packages (what is
 * importable from the import root, and below it); C context is the named
 * file's own directory.
 */
static bool discover__importable_dir(const discover__state *st, const char *dir)
{
	if (st->context_lang != PFL_LANG_PYTHON)
		return false;
	char *probe = pfl_path_join(dir, "__init__.py");
	bool pkg = access(probe, F_OK) == 0;
	free(probe);
	return pkg;
}

/* Directory names never descended into. */
/* A virtual environment of any name (its pyvenv.cfg) is found by discover__walk in its listing. */
static bool discover__skip_dir(const char *name)
{
	if (name[0] == '.')
		return true;
	return strcmp(name, "__pycache__") == 0 || strcmp(name, "node_modules") == 0 || strcmp(name, "venv") == 0;
}

/* A directory entry: its name, and its type as readdir gives it (DT_UNKNOWN when it cannot). */
typedef struct discover__entry {
	char *name;
	unsigned char type;
} discover__entry;

static int discover__entry_cmp(const void *a, const void *b)
{
	return strcmp(((const discover__entry *)a)->name, ((const discover__entry *)b)->name);
}

/* Walk a directory (real path kept alongside for git). */
static void discover__walk(discover__state *st, const char *dir, const char *real, int depth)
{
	if (depth > DISCOVER__MAX_DEPTH) {
		discover__diag(st, "warning", "too-deep", dir, "directory nesting too deep: not descended", false);
		return;
	}
	DIR *d = opendir(dir);
	if (!d) {
		char msg[256];
		snprintf(msg, sizeof(msg), "cannot read directory: %s",
			 pfl_read_status_str(PFL_READ_ERRNO, errno));
		discover__diag(st, "error", "unreadable", dir, msg, true);
		return;
	}
	PFL_ARRAY(discover__entry) names = { 0 };
	struct dirent *de;
	bool dotgit = false, venv = false;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		dotgit |= strcmp(de->d_name, ".git") == 0;
		venv |= strcmp(de->d_name, "pyvenv.cfg") == 0;
		discover__entry e = { pfl_strdup(de->d_name), de->d_type };
		pfl_array_push(&names, e);
	}
	closedir(d);
	/* A virtual environment below the directory asked for: third-party code, not walked. */
	if (venv && depth > 0) {
		for (size_t i = 0; i < names.size; i++)
			free(names.items[i].name);
		names.size = 0;
	}
	if (names.size > 1)
		qsort(names.items, names.size, sizeof(*names.items), discover__entry_cmp);
	discover__repo *repo = real && !st->no_git ? discover__repo_for(st, real, &dotgit) : NULL;
	for (size_t i = 0; i < names.size; i++) {
		const char *name = names.items[i].name;
		/*
		 * A regular file that is neither Python nor C by its name, and has an
		 * extension (so no shebang to read), is skipped without a system call:
		 * most of a tree (data, templates, translations) is such files.
		 */
		if (names.items[i].type == DT_REG && strchr(name, '.') &&
		    pfl_discover_lang_of_name(name) == PFL_LANG_NONE)
			continue;
		char *child = pfl_path_join(dir, name);
		char *child_real = real ? pfl_path_join(real, name) : NULL;
		struct stat lsb, sb;
		if (names.items[i].type == DT_DIR) {
			memset(&lsb, 0, sizeof(lsb)); /* a directory: its type is all the walk reads */
			lsb.st_mode = S_IFDIR;
		} else if (lstat(child, &lsb) != 0) {
			goto next;
		}
		if (S_ISLNK(lsb.st_mode)) {
			if (stat(child, &sb) != 0) {
				if (pfl_discover_lang_of_name(child) != PFL_LANG_NONE) {
					char msg[256];
					snprintf(msg, sizeof(msg), "skipped: %s",
						 errno == ELOOP ? "symbolic link loop" : "dangling symbolic link");
					discover__diag(st, "warning", "bad-symlink", child, msg, false);
				}
				goto next;
			}
			/* Directory symlinks are not followed; file symlinks only inside the tree. */
			if (!S_ISREG(sb.st_mode))
				goto next;
			char *target = pfl_path_real(child);
			char *rel = target && st->root_real ? pfl_path_relative_to(target, st->root_real) : NULL;
			bool inside = rel != NULL;
			free(rel);
			free(target);
			if (!inside)
				goto next;
		} else {
			sb = lsb;
		}
		if (!S_ISDIR(sb.st_mode) && !S_ISREG(sb.st_mode)) {
			if (pfl_discover_lang_of_name(child) != PFL_LANG_NONE)
				discover__diag(st, "warning", "not-regular", child,
					       "not a regular file (FIFO, device or socket): skipped", false);
			goto next;
		}
		if (S_ISDIR(sb.st_mode)) {
			if (st->context && !discover__importable_dir(st, child))
				goto next;
			if (discover__skip_dir(name) || discover__excluded(st, child) ||
			    discover__git_ignored(repo, child_real, true))
				goto next;
			discover__walk(st, child, child_real, depth + 1);
		} else if (S_ISREG(sb.st_mode)) {
			pfl_lang lang = pfl_discover_lang_of_name(child);
			if (lang == PFL_LANG_NONE && discover__python_shebang(child))
				lang = PFL_LANG_PYTHON;
			if (lang == PFL_LANG_NONE || discover__excluded(st, child) ||
			    discover__git_ignored(repo, child_real, false))
				goto next;
			if (st->context && (lang != st->context_lang || st->context_files >= DISCOVER__MAX_CONTEXT))
				goto next;
			st->context_files += st->context;
			discover__add(st, child, lang, (size_t)sb.st_size, &sb);
		}
next:
		free(child);
		free(child_real);
	}
	for (size_t i = 0; i < names.size; i++)
		free(names.items[i].name);
	pfl_array_release(&names);
}

/* The list discover__inode_cmp reads (qsort has no context argument). */
static const pfl_source_list *discover__files;

/* Order by device and inode, then by position (so the first path wins). */
static int discover__inode_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const pfl_source *p = &discover__files->items[x], *q = &discover__files->items[y];
	if (p->dev != q->dev)
		return p->dev < q->dev ? -1 : 1;
	if (p->ino != q->ino)
		return p->ino < q->ino ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int discover__source_cmp(const void *a, const void *b)
{
	const pfl_source *x = a, *y = b;
	return strcmp(x->path, y->path);
}

/* A file argument of size bytes: analysed when it is Python or C. */
static void discover__file_arg(discover__state *st, const char *arg, size_t size)
{
	pfl_lang lang = pfl_discover_lang_of_name(arg);
	if (lang == PFL_LANG_NONE && discover__python_shebang(arg))
		lang = PFL_LANG_PYTHON;
	if (lang == PFL_LANG_NONE) {
		discover__diag(st, "warning", "unknown-language", arg,
			       "not a Python or C source file: skipped", false);
		return;
	}
	discover__add(st, arg, lang, size, NULL);
	if (st->o->file_context)
		discover__note_context(st, arg, lang);
}

/* One path argument (or an overlay's path: run.h). */
static void discover__arg(discover__state *st, const char *arg)
{
	struct stat sb;
	if (stat(arg, &sb) != 0) {
		int err = errno;
		const pfl_overlay *ov = pfl_run_overlay(st->o, arg);
		if (ov) {
			/* An editor's buffer not saved yet: a file named alone. */
			discover__file_arg(st, arg, ov->len);
			return;
		}
		char msg[256];
		snprintf(msg, sizeof(msg), "cannot access path: %s", pfl_read_status_str(PFL_READ_ERRNO, err));
		discover__diag(st, "error", "no-such-path", arg, msg, true);
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		char *real = pfl_path_real(arg);
		st->root_real = real;
		discover__repo *repo = real ? discover__repo_for(st, real, NULL) : NULL;
		st->no_git = repo && discover__git_ignored(repo, real, true);
		discover__walk(st, arg, real, 0);
		st->no_git = false;
		st->root_real = NULL;
		free(real);
		return;
	}
	if (!S_ISREG(sb.st_mode)) {
		discover__diag(st, "error", "not-regular", arg,
			       "not a regular file (FIFO, device or socket): not read", true);
		return;
	}
	discover__file_arg(st, arg, (size_t)sb.st_size);
}

/*
 * The overlays (run.h) under a context root that are not on disk yet: an
 * editor's new module is context like the files beside it, when it is
 * importable from the root (Python) or in the root itself (C).
 */
static void discover__overlay_context(discover__state *st, const char *root)
{
	for (size_t i = 0; i < st->o->noverlays; i++) {
		const char *path = st->o->overlays[i].path;
		struct stat sb;
		if (stat(path, &sb) == 0 || pfl_discover_lang_of_name(path) != st->context_lang ||
		    st->context_files >= DISCOVER__MAX_CONTEXT)
			continue;
		char *rel = pfl_path_relative_to(path, root);
		char *dir = pfl_path_dirname(path);
		bool ok = rel && strcmp(rel, ".") != 0;
		while (ok && strcmp(dir, root) != 0) {
			ok = discover__importable_dir(st, dir);
			char *up = pfl_path_dirname(dir);
			free(dir);
			dir = up;
		}
		if (ok && !discover__excluded(st, path)) {
			st->context_files++;
			discover__add(st, path, st->context_lang, st->o->overlays[i].len, NULL);
		}
		free(dir);
		free(rel);
	}
}

void pfl_discover(const pfl_run_opts *o, pfl_arena *arena, pfl_source_list *files,
		  pfl_diag_list *diags, bool *io_error)
{
	discover__state st;
	memset(&st, 0, sizeof(st));
	st.o = o;
	st.arena = arena;
	st.files = files;
	st.diags = diags;
	st.io_error = io_error;
	st.cwd = pfl_path_real(".");
	if (o->npaths == 0)
		discover__arg(&st, ".");
	for (size_t i = 0; i < o->npaths; i++)
		discover__arg(&st, o->paths[i]);
	/* The context of files named alone: walked quietly, problems not reported. */
	if (st.context_roots.size) {
		pfl_diag_list quiet = { 0 };
		bool quiet_io = false;
		st.diags = &quiet;
		st.io_error = &quiet_io;
		st.context = true;
		for (size_t i = 0; i < st.context_roots.size; i++) {
			st.root_real = st.context_roots.items[i].real;
			st.context_lang = st.context_roots.items[i].lang;
			discover__repo *repo = discover__repo_for(&st, st.root_real, NULL);
			st.no_git = repo && discover__git_ignored(repo, st.root_real, true);
			char *disp = discover__display(&st, st.root_real);
			discover__walk(&st, disp, st.root_real, 0);
			discover__overlay_context(&st, st.root_real);
			free(disp);
			free(st.context_roots.items[i].real);
		}
		st.root_real = NULL;
		st.no_git = false;
		pfl_array_release(&st.context_roots);
		pfl_array_release(&quiet);
		st.diags = diags;
		st.io_error = io_error;
	}
	if (files->size > 1)
		qsort(files->items, files->size, sizeof(pfl_source), discover__source_cmp);
	/* One file named twice (../a.py and /abs/a.py) is analysed once: the first path wins. */
	size_t *order = pfl_calloc(files->size ? files->size : 1, sizeof(*order));
	for (size_t i = 0; i < files->size; i++)
		order[i] = i;
	discover__files = files;
	if (files->size > 1)
		qsort(order, files->size, sizeof(*order), discover__inode_cmp);
	discover__files = NULL;
	bool *dup = pfl_calloc(files->size ? files->size : 1, sizeof(*dup));
	for (size_t i = 0; i < files->size;) {
		/* A run of paths to one file: keep the first that is not a symlink. */
		size_t j = i + 1;
		const pfl_source *a = &files->items[order[i]];
		while (j < files->size) {
			const pfl_source *b = &files->items[order[j]];
			if (!((a->ino && a->dev == b->dev && a->ino == b->ino) || strcmp(a->path, b->path) == 0))
				break;
			j++;
		}
		/* Named beats context; then the first path that is not a symlink. */
		bool named = false;
		for (size_t k = i; k < j; k++)
			named = named || !files->items[order[k]].context;
		size_t keep = i;
		for (size_t k = i; k < j; k++)
			if (!named || !files->items[order[k]].context) {
				keep = k;
				break;
			}
		for (size_t k = keep; k < j; k++) {
			struct stat lsb;
			if ((!named || !files->items[order[k]].context) &&
			    lstat(files->items[order[k]].path, &lsb) == 0 && !S_ISLNK(lsb.st_mode)) {
				keep = k;
				break;
			}
		}
		for (size_t k = i; k < j; k++)
			if (k != keep)
				dup[order[k]] = true;
		i = j;
	}
	size_t w = 0;
	for (size_t i = 0; i < files->size; i++)
		if (!dup[i])
			files->items[w++] = files->items[i];
	files->size = w;
	free(dup);
	free(order);
	for (size_t i = 0; i < st.repos.size; i++) {
		git_repository_free(st.repos.items[i].repo);
		free(st.repos.items[i].workdir);
	}
	pfl_array_release(&st.repos);
	free(st.norepo);
	free(st.pkg_dir);
	free(st.pkg_prefix);
	free(st.cwd);
}
