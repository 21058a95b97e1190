/* gitdiff.c - the lines changed since a git revision, through libgit2 (diff mode). */
#include "gitdiff.h"

#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/array.h"
#include "../util/error.h"
#include "../util/path.h"
#include "../util/strbuf.h"

/* Lines first..last (1-based, inclusive) of a new file. */
typedef struct gitdiff__range {
	uint32_t first, last;
} gitdiff__range;

typedef PFL_ARRAY(gitdiff__range) gitdiff__ranges;

/* One file with changed lines. */
typedef struct gitdiff__file {
	char *path;             /* repository-relative, '/'-separated */
	gitdiff__ranges ranges; /* sorted, disjoint, not adjacent */
} gitdiff__file;

typedef PFL_ARRAY(gitdiff__file) gitdiff__files;

/* The last directory a lookup resolved (findings come file after file). */
typedef struct gitdiff__cache {
	char *dir;    /* absolute, lexically normalised display directory */
	char *prefix; /* its repository-relative form with a trailing slash ("" at the top), NULL outside */
} gitdiff__cache;

struct pfl_gitdiff {
	char *workdir;         /* real path of the work tree, no trailing slash */
	gitdiff__files files;  /* sorted by path, unique */
	gitdiff__cache *cache; /* mutable behind a const pfl_gitdiff */
};

/* The message of libgit2's last error. */
static const char *gitdiff__git_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown libgit2 error";
}

/* ------------------------------------------------------------ loading */

/* Payload of the diff walk. */
typedef struct gitdiff__walk {
	gitdiff__files *files;
	gitdiff__file *cur; /* file of the current delta, created at its first added line */
	const git_diff_delta *delta;
	bool recheck;       /* collect the deltas gitdiff__work_file rechecks */
	PFL_ARRAY(char *) deleted;    /* paths of deleted deltas */
	PFL_ARRAY(char *) conflicted; /* paths of conflicted deltas */
} gitdiff__walk;

static int gitdiff__file_cb(const git_diff_delta *delta, float progress, void *payload)
{
	gitdiff__walk *w = payload;
	w->cur = NULL;
	w->delta = delta;
	if (w->recheck && delta->status == GIT_DELTA_DELETED)
		pfl_array_push(&w->deleted, pfl_strdup(delta->old_file.path));
	if (w->recheck && delta->status == GIT_DELTA_CONFLICTED)
		pfl_array_push(&w->conflicted, pfl_strdup(delta->new_file.path));
	return 0;
}

/* Add line to f's ranges (lines arrive in increasing order within a delta). */
static void gitdiff__add_line(gitdiff__file *f, uint32_t line)
{
	if (f->ranges.size) {
		gitdiff__range *r = pfl_array_last(&f->ranges);
		if (line >= r->first && line <= r->last + 1) {
			if (line > r->last)
				r->last = line;
			return;
		}
	}
	gitdiff__range nr = { line, line };
	pfl_array_push(&f->ranges, nr);
}

static int gitdiff__line_cb(const git_diff_delta *delta, const git_diff_hunk *hunk,
			    const git_diff_line *line, void *payload)
{
	gitdiff__walk *w = payload;
	if (line->origin != GIT_DIFF_LINE_ADDITION || line->new_lineno <= 0)
		return 0;
	if (delta->status == GIT_DELTA_DELETED || (delta->flags & GIT_DIFF_FLAG_BINARY))
		return 0;
	if (!w->cur || w->delta != delta) {
		w->delta = delta;
		w->cur = pfl_array_grow_one(w->files);
		w->cur->path = pfl_strdup(delta->new_file.path);
	}
	gitdiff__add_line(w->cur, (uint32_t)line->new_lineno);
	return 0;
}

static int gitdiff__file_cmp(const void *a, const void *b)
{
	const gitdiff__file *x = a, *y = b;
	return strcmp(x->path, y->path);
}

static int gitdiff__range_cmp(const void *a, const void *b)
{
	const gitdiff__range *x = a, *y = b;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return (x->last > y->last) - (x->last < y->last);
}

/* Sort and coalesce f's ranges (needed only after merging two deltas of one path). */
static void gitdiff__normalize_ranges(gitdiff__file *f)
{
	if (f->ranges.size < 2)
		return;
	qsort(f->ranges.items, f->ranges.size, sizeof(gitdiff__range), gitdiff__range_cmp);
	size_t w = 0;
	for (size_t i = 1; i < f->ranges.size; i++) {
		gitdiff__range *cur = &f->ranges.items[w], *r = &f->ranges.items[i];
		if (r->first <= cur->last || r->first - cur->last == 1) {
			if (r->last > cur->last)
				cur->last = r->last;
		} else {
			f->ranges.items[++w] = *r;
		}
	}
	f->ranges.size = w + 1;
}

/* Sort files by path and merge entries of one path (a path is normally one delta). */
static void gitdiff__finish(gitdiff__files *files)
{
	if (files->size > 1)
		qsort(files->items, files->size, sizeof(gitdiff__file), gitdiff__file_cmp);
	size_t w = 0;
	for (size_t i = 0; i < files->size; i++) {
		gitdiff__file *f = &files->items[i];
		if (w > 0 && strcmp(files->items[w - 1].path, f->path) == 0) {
			gitdiff__file *into = &files->items[w - 1];
			pfl_array_reserve(&into->ranges, f->ranges.size);
			for (size_t k = 0; k < f->ranges.size; k++)
				into->ranges.items[into->ranges.size++] = f->ranges.items[k];
			gitdiff__normalize_ranges(into);
			free(f->path);
			pfl_array_release(&f->ranges);
			continue;
		}
		files->items[w++] = *f;
	}
	files->size = w;
}

/* Whether rev is an unknown (rather than broken) revision per libgit2's code. */
static bool gitdiff__unknown(int rc)
{
	return rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EINVALID;
}

/* Report a revision that failed to resolve with libgit2 code rc. */
static void gitdiff__rev_error(int rc, const char *rev, const char *workdir)
{
	if (gitdiff__unknown(rc))
		pfl_error("--diff-from: unknown revision '%s' in repository '%s'", rev, workdir);
	else if (rc == GIT_EAMBIGUOUS)
		pfl_error("--diff-from: ambiguous revision '%s' in repository '%s'", rev, workdir);
	else
		pfl_error("--diff-from: cannot resolve revision '%s' in repository '%s': %s", rev, workdir,
			  gitdiff__git_msg());
}

/*
 * The tree rev names in repo (its merge base for "A...B"), or NULL after
 * reporting why not.
 */
static git_tree *gitdiff__resolve(git_repository *repo, const char *rev, const char *workdir)
{
	git_revspec spec;
	memset(&spec, 0, sizeof(spec));
	int rc = git_revparse(&spec, repo, rev);
	if (rc != 0) {
		git_object_free(spec.from);
		git_object_free(spec.to);
		gitdiff__rev_error(rc, rev, workdir);
		return NULL;
	}
	git_object *tree = NULL;
	if (spec.flags & GIT_REVSPEC_SINGLE) {
		if (git_object_peel(&tree, spec.from, GIT_OBJECT_TREE) != 0)
			pfl_error("--diff-from: revision '%s' names no commit or tree in repository '%s'", rev,
				  workdir);
	} else if (!(spec.flags & GIT_REVSPEC_MERGE_BASE)) {
		pfl_error("--diff-from: '%s' is a two-dot range: give one revision, or A...B for the merge base "
			  "of A and B", rev);
	} else {
		git_object *a = NULL, *b = NULL;
		git_oid base;
		if (git_object_peel(&a, spec.from, GIT_OBJECT_COMMIT) != 0 ||
		    git_object_peel(&b, spec.to, GIT_OBJECT_COMMIT) != 0) {
			pfl_error("--diff-from: '%s' does not name two commits in repository '%s'", rev, workdir);
		} else if ((rc = git_merge_base(&base, repo, git_object_id(a), git_object_id(b))) != 0) {
			if (rc == GIT_ENOTFOUND)
				pfl_error("--diff-from: no merge base for '%s' in repository '%s'", rev, workdir);
			else
				pfl_error("--diff-from: cannot find the merge base for '%s': %s", rev,
					  gitdiff__git_msg());
		} else {
			git_commit *c = NULL;
			if (git_commit_lookup(&c, repo, &base) != 0 ||
			    git_object_peel(&tree, (git_object *)c, GIT_OBJECT_TREE) != 0)
				pfl_error("--diff-from: cannot read the merge base for '%s': %s", rev,
					  gitdiff__git_msg());
			git_commit_free(c);
		}
		git_object_free(a);
		git_object_free(b);
	}
	git_object_free(spec.from);
	git_object_free(spec.to);
	return (git_tree *)tree;
}

/* Zero-context diff options. */
static void gitdiff__options(git_diff_options *opts)
{
	git_diff_options_init(opts, GIT_DIFF_OPTIONS_VERSION);
	opts->context_lines = 0;
	opts->interhunk_lines = 0;
}

/*
 * Diff the work file rel (in its repository form: filters such as autocrlf
 * applied) against its blob in tree, or against nothing when whole, for
 * the deltas libgit2's merged tree-to-index and index-to-workdir diff
 * reports without lines:
 *   - a file removed from the index but kept (git rm --cached) is untracked,
 *     yet the merged diff only says deleted: whole, unless ignored;
 *   - a file with unresolved conflicts (CONFLICTED) gets no patch: its work
 *     content, conflict markers included, against tree.
 * Files that are not regular, unreadable or binary add nothing.
 */
static void gitdiff__work_file(git_repository *repo, git_tree *tree, const char *rel, bool whole,
			       gitdiff__walk *w)
{
	char *path = pfl_path_join(git_repository_workdir(repo), rel);
	struct stat sb;
	bool regular = lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);
	free(path);
	int ignored = 0;
	if (!regular || (whole && (git_ignore_path_is_ignored(&ignored, repo, rel) != 0 || ignored)))
		return;
	git_filter_list *fl = NULL;
	git_buf buf = { 0 };
	git_blob *old = NULL;
	if (git_filter_list_load(&fl, repo, NULL, rel, GIT_FILTER_TO_ODB, GIT_FILTER_DEFAULT) != 0 ||
	    git_filter_list_apply_to_file(&buf, fl, repo, rel) != 0)
		goto out;
	if (!whole) {
		git_tree_entry *te = NULL;
		if (git_tree_entry_bypath(&te, tree, rel) == 0 && git_tree_entry_type(te) == GIT_OBJECT_BLOB &&
		    git_blob_lookup(&old, repo, git_tree_entry_id(te)) != 0)
			old = NULL;
		git_tree_entry_free(te);
	}
	git_diff_options opts;
	gitdiff__options(&opts);
	w->cur = NULL;
	w->delta = NULL;
	w->recheck = false;
	git_diff_blob_to_buffer(old, rel, buf.ptr, buf.size, rel, &opts, gitdiff__file_cb, NULL, NULL,
				gitdiff__line_cb, w);
out:
	git_blob_free(old);
	git_buf_dispose(&buf);
	git_filter_list_free(fl);
}

/* Fill files with the lines added between tree and the work tree (with the index). */
static int gitdiff__compute(git_repository *repo, git_tree *tree, gitdiff__files *files)
{
	git_diff_options opts;
	gitdiff__options(&opts);
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
		     GIT_DIFF_SHOW_UNTRACKED_CONTENT | GIT_DIFF_IGNORE_SUBMODULES;
	git_diff *diff = NULL;
	if (git_diff_tree_to_workdir_with_index(&diff, repo, tree, &opts) != 0)
		return pfl_error("--diff-from: cannot compare with the work tree: %s", gitdiff__git_msg());
	git_diff_find_options fopts;
	git_diff_find_options_init(&fopts, GIT_DIFF_FIND_OPTIONS_VERSION);
	fopts.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
	if (git_diff_find_similar(diff, &fopts) != 0) {
		git_diff_free(diff);
		return pfl_error("--diff-from: cannot detect renames: %s", gitdiff__git_msg());
	}
	gitdiff__walk w;
	memset(&w, 0, sizeof(w));
	w.files = files;
	w.recheck = true;
	int rc = git_diff_foreach(diff, gitdiff__file_cb, NULL, NULL, gitdiff__line_cb, &w);
	git_diff_free(diff);
	for (size_t i = 0; i < w.deleted.size; i++) {
		if (rc == 0)
			gitdiff__work_file(repo, tree, w.deleted.items[i], true, &w);
		free(w.deleted.items[i]);
	}
	for (size_t i = 0; i < w.conflicted.size; i++) {
		if (rc == 0)
			gitdiff__work_file(repo, tree, w.conflicted.items[i], false, &w);
		free(w.conflicted.items[i]);
	}
	pfl_array_release(&w.deleted);
	pfl_array_release(&w.conflicted);
	if (rc != 0)
		return pfl_error("--diff-from: cannot read the differences: %s", gitdiff__git_msg());
	gitdiff__finish(files);
	return 0;
}

/* workdir (libgit2's, with a trailing slash) in real form without the slash. */
static char *gitdiff__workdir_real(const char *wd)
{
	char *real = pfl_path_real(wd);
	if (!real)
		real = pfl_path_normalize(wd);
	size_t n = strlen(real);
	while (n > 1 && real[n - 1] == '/')
		real[--n] = '\0';
	return real;
}

static void gitdiff__files_release(gitdiff__files *files)
{
	for (size_t i = 0; i < files->size; i++) {
		free(files->items[i].path);
		pfl_array_release(&files->items[i].ranges);
	}
	pfl_array_release(files);
}

pfl_gitdiff *pfl_gitdiff_load(const char *rev, const char *dir)
{
	if (!dir)
		dir = ".";
	if (!rev)
		rev = "";
	/* Balanced within this call: a pfl_gitdiff keeps no libgit2 object. */
	git_libgit2_init();
	pfl_gitdiff *d = NULL;
	git_repository *repo = NULL;
	git_tree *tree = NULL;
	char *workdir = NULL;
	gitdiff__files files = { 0 };
	int rc = git_repository_open_ext(&repo, dir, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		pfl_error("--diff-from: '%s' is not in a git repository", dir);
		goto out;
	}
	if (rc != 0) {
		pfl_error("--diff-from: cannot open the git repository of '%s': %s", dir, gitdiff__git_msg());
		goto out;
	}
	if (git_repository_is_bare(repo) || !git_repository_workdir(repo)) {
		pfl_error("--diff-from: repository '%s' is bare: no work tree to compare", git_repository_path(repo));
		goto out;
	}
	workdir = gitdiff__workdir_real(git_repository_workdir(repo));
	tree = gitdiff__resolve(repo, rev, workdir);
	if (!tree)
		goto out;
	if (gitdiff__compute(repo, tree, &files) != 0)
		goto out;
	d = pfl_calloc(1, sizeof(*d));
	d->workdir = workdir;
	workdir = NULL;
	d->files = files;
	files.items = NULL;
	files.size = files.cap = 0;
	d->cache = pfl_calloc(1, sizeof(*d->cache));
out:
	gitdiff__files_release(&files);
	free(workdir);
	git_tree_free(tree);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return d;
}

/* ------------------------------------------------------------ lookups */

/*
 * Real form of the absolute, normalised directory dir: realpath of its
 * longest existing ancestor, with the missing components appended.
 */
static char *gitdiff__real_dir(const char *dir)
{
	char *head = pfl_strdup(dir);
	size_t n = strlen(head);
	for (;;) {
		char *real = pfl_path_real(head);
		if (real) {
			char *r = dir[n] ? pfl_path_join(real, dir + n + (dir[n] == '/')) : pfl_strdup(real);
			free(real);
			free(head);
			return r;
		}
		char *slash = strrchr(head, '/');
		if (!slash || n <= 1) {
			free(head);
			return pfl_strdup(dir);
		}
		/* Keep "/" itself when the parent is the root. */
		n = slash == head ? 1 : (size_t)(slash - head);
		head[n] = '\0';
	}
}

/* Repository-relative prefix (with a trailing slash, or "") of the absolute directory dir; NULL outside. */
static char *gitdiff__prefix(const pfl_gitdiff *d, const char *dir)
{
	char *real = gitdiff__real_dir(dir);
	char *rel = pfl_path_relative_to(real, d->workdir);
	free(real);
	if (!rel)
		return NULL;
	if (strcmp(rel, ".") == 0) {
		rel[0] = '\0';
		return rel;
	}
	if (strcmp(rel, ".git") == 0 || strncmp(rel, ".git/", 5) == 0) {
		free(rel);
		return NULL;
	}
	size_t n = strlen(rel);
	rel = pfl_realloc(rel, n + 2);
	rel[n] = '/';
	rel[n + 1] = '\0';
	return rel;
}

/* Repository-relative form of the display path, or NULL outside the work tree. */
static char *gitdiff__repo_path(const pfl_gitdiff *d, const char *path)
{
	if (!d || !path || !*path)
		return NULL;
	char *abs;
	if (path[0] == '/') {
		abs = pfl_path_normalize(path);
	} else {
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof(cwd)))
			return NULL;
		char *j = pfl_path_join(cwd, path);
		abs = pfl_path_normalize(j);
		free(j);
	}
	char *slash = strrchr(abs, '/');
	const char *base = slash + 1;
	if (!*base || strcmp(base, "..") == 0) {
		free(abs);
		return NULL;
	}
	/* abs becomes its directory ("/" for a file at the root). */
	char *dir = slash == abs ? pfl_strdup("/") : pfl_strndup(abs, (size_t)(slash - abs));
	gitdiff__cache *c = d->cache;
	if (!c->dir || strcmp(c->dir, dir) != 0) {
		free(c->dir);
		free(c->prefix);
		c->prefix = gitdiff__prefix(d, dir);
		c->dir = dir;
	} else {
		free(dir);
	}
	char *r = NULL;
	if (c->prefix) {
		if (strcmp(c->prefix, "") == 0 && strcmp(base, ".git") == 0) {
			r = NULL;
		} else {
			pfl_strbuf sb = PFL_STRBUF_INIT;
			pfl_strbuf_adds(&sb, c->prefix);
			pfl_strbuf_adds(&sb, base);
			r = pfl_strbuf_detach(&sb, NULL);
		}
	}
	free(abs);
	return r;
}

bool pfl_gitdiff_tracks(const pfl_gitdiff *d, const char *path)
{
	char *rel = gitdiff__repo_path(d, path);
	free(rel);
	return rel != NULL;
}

static int gitdiff__key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const gitdiff__file *)elem)->path);
}

bool pfl_gitdiff_changed(const pfl_gitdiff *d, const char *path, uint32_t line, uint32_t end_line)
{
	char *rel = gitdiff__repo_path(d, path);
	if (!rel)
		return false;
	const gitdiff__file *f = d->files.size ? bsearch(rel, d->files.items, d->files.size,
							 sizeof(gitdiff__file), gitdiff__key_cmp) : NULL;
	free(rel);
	if (!f || !f->ranges.size)
		return false;
	if (line == 0)
		return true;
	if (end_line < line)
		end_line = line;
	/* The first range ending at or after line. */
	size_t lo = 0, hi = f->ranges.size;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->ranges.items[mid].last < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->ranges.size && f->ranges.items[lo].first <= end_line;
}

size_t pfl_gitdiff_files(const pfl_gitdiff *d)
{
	return d ? d->files.size : 0;
}

void pfl_gitdiff_free(pfl_gitdiff *d)
{
	if (!d)
		return;
	gitdiff__files_release(&d->files);
	if (d->cache) {
		free(d->cache->dir);
		free(d->cache->prefix);
		free(d->cache);
	}
	free(d->workdir);
	free(d);
}
