/*
 * test_gitdiff.c - unit tests for src/engine/gitdiff: the lines changed since
 * a revision, in temporary repositories made with the git command-line tool.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/gitdiff.h"
#include "util/alloc.h"
#include "util/path.h"
#include "util/strbuf.h"

/* ---------------------------------------------------------------- helpers */

/* One test's temporary directory and the repository inside it. */
typedef struct fixture {
	char *tmp;  /* removed at teardown */
	char *repo; /* tmp/repo, a fresh repository on branch main */
} fixture;

/* Run a shell command built from fmt; it must succeed. */
static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	pfl_strbuf sb = PFL_STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	pfl_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	int rc = system(sb.buf);
	if (rc != 0)
		print_error("command failed (%d): %s\n", rc, sb.buf);
	pfl_strbuf_release(&sb);
	assert_int_equal(rc, 0);
}

/* Run git with args in the repository, quietly. */
static void git(const fixture *f, const char *args)
{
	sh("cd '%s' && git %s >/dev/null", f->repo, args);
}

/* Absolute path of rel in the repository (heap). */
static char *at(const fixture *f, const char *rel)
{
	return pfl_path_join(f->repo, rel);
}

/* Write n bytes to rel in the repository, making parent directories. */
static void put_bytes(const fixture *f, const char *rel, const char *content, size_t n)
{
	char *p = at(f, rel);
	char *slash = strrchr(p, '/');
	*slash = '\0';
	sh("mkdir -p '%s'", p);
	*slash = '/';
	FILE *fp = fopen(p, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(content, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	free(p);
}

/* Write the string content to rel in the repository. */
static void put(const fixture *f, const char *rel, const char *content)
{
	put_bytes(f, rel, content, strlen(content));
}

/* Commit everything in the work tree. */
static void commit_all(const fixture *f, const char *msg)
{
	sh("cd '%s' && git add -A && git commit -q -m '%s' >/dev/null", f->repo, msg);
}

/* Whether line..end of rel (repository-relative, looked up by absolute path) changed. */
static bool changed(const fixture *f, const pfl_gitdiff *d, const char *rel, uint32_t line, uint32_t end)
{
	char *p = at(f, rel);
	bool r = pfl_gitdiff_changed(d, p, line, end);
	free(p);
	return r;
}

/* Load the diff from rev for the repository. */
static pfl_gitdiff *load(const fixture *f, const char *rev)
{
	pfl_gitdiff *d = pfl_gitdiff_load(rev, f->repo);
	if (!d)
		print_error("pfl_gitdiff_load('%s', '%s') failed\n", rev, f->repo);
	assert_non_null(d);
	return d;
}

/* Ten numbered lines. */
static const char TEN[] = "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 9\nj = 10\n";

static int setup(void **state)
{
	/* No user or system configuration, no hook environment. */
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_CEILING_DIRECTORIES");
	const char *base = getenv("TMPDIR");
	char tmpl[PATH_MAX];
	snprintf(tmpl, sizeof(tmpl), "%s/pfl-test-gitdiff.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl))
		return -1;
	fixture *f = pfl_calloc(1, sizeof(*f));
	f->tmp = pfl_strdup(tmpl);
	f->repo = pfl_path_join(f->tmp, "repo");
	setenv("HOME", f->tmp, 1);
	sh("git -c init.defaultBranch=main init -q '%s'", f->repo);
	git(f, "config user.name 'Perflint Test'");
	git(f, "config user.email test@example.com");
	git(f, "config core.autocrlf false");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	sh("rm -rf '%s'", f->tmp);
	free(f->repo);
	free(f->tmp);
	free(f);
	return 0;
}

/* ---------------------------------------------------------------- tests */

/* A modified line in the middle: that line only. */
static void test_modified_line(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	commit_all(f, "one");
	put(f, "a.py", "a = 1\nb = 2\nc = 3\nd = 4\ne = 50\nf = 6\ng = 7\nh = 8\ni = 9\nj = 10\n");
	pfl_gitdiff *d = load(f, "HEAD");
	assert_true(changed(f, d, "a.py", 5, 5));
	assert_false(changed(f, d, "a.py", 4, 4));
	assert_false(changed(f, d, "a.py", 6, 6));
	assert_false(changed(f, d, "a.py", 1, 4));
	assert_false(changed(f, d, "a.py", 6, 10));
	assert_true(changed(f, d, "a.py", 4, 6));
	assert_true(changed(f, d, "a.py", 1, 10));
	assert_true(changed(f, d, "a.py", 5, 1)); /* end before line: line alone */
	assert_true(changed(f, d, "a.py", 0, 0)); /* 0: the whole file */
	assert_false(changed(f, d, "a.py", 11, 20));
	assert_int_equal(pfl_gitdiff_files(d), 1);
	pfl_gitdiff_free(d);
}

/* An added block: its lines, not those around it. */
static void test_added_block(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	commit_all(f, "one");
	put(f, "a.py", "a = 1\nb = 2\nc = 3\nx = 1\ny = 2\nz = 3\nd = 4\ne = 5\nf = 6\ng = 7\nh = 8\n"
		       "i = 9\nj = 10\nk = 11\n");
	pfl_gitdiff *d = load(f, "HEAD");
	assert_false(changed(f, d, "a.py", 3, 3));
	assert_true(changed(f, d, "a.py", 4, 4));
	assert_true(changed(f, d, "a.py", 5, 5));
	assert_true(changed(f, d, "a.py", 6, 6));
	assert_false(changed(f, d, "a.py", 7, 7));
	assert_false(changed(f, d, "a.py", 7, 13));
	assert_true(changed(f, d, "a.py", 14, 14)); /* appended at the end */
	assert_true(changed(f, d, "a.py", 1, 4));
	pfl_gitdiff_free(d);
}

/* A deleted line: no new line counts, neither do its neighbours. */
static void test_deleted_line(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	commit_all(f, "one");
	put(f, "a.py", "a = 1\nb = 2\nc = 3\nd = 4\nf = 6\ng = 7\nh = 8\ni = 9\nj = 10\n");
	pfl_gitdiff *d = load(f, "HEAD");
	for (uint32_t l = 1; l <= 10; l++)
		assert_false(changed(f, d, "a.py", l, l));
	assert_false(changed(f, d, "a.py", 0, 0));
	assert_int_equal(pfl_gitdiff_files(d), 0);
	assert_true(pfl_gitdiff_tracks(d, "/nonexistent-dir-hopefully/x.py") == false);
	pfl_gitdiff_free(d);
}

/* Staged and unstaged changes both count; the file deleted since does not. */
static void test_staged_and_unstaged(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	put(f, "gone.py", "x = 1\n");
	commit_all(f, "one");
	put(f, "a.py", "a = 1\nb = 20\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 9\nj = 10\n");
	git(f, "add a.py");
	put(f, "a.py", "a = 1\nb = 20\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7\nh = 80\ni = 9\nj = 10\n");
	put(f, "b.py", TEN);
	git(f, "add b.py"); /* staged new file */
	git(f, "rm -q gone.py");
	pfl_gitdiff *d = load(f, "HEAD");
	assert_true(changed(f, d, "a.py", 2, 2));
	assert_true(changed(f, d, "a.py", 8, 8));
	assert_false(changed(f, d, "a.py", 3, 7));
	assert_true(changed(f, d, "b.py", 1, 1));
	assert_true(changed(f, d, "b.py", 10, 10));
	assert_false(changed(f, d, "gone.py", 1, 1));
	assert_int_equal(pfl_gitdiff_files(d), 2);
	pfl_gitdiff_free(d);
}

/* Untracked files count whole (in untracked directories too); ignored ones not; binaries not. */
static void test_untracked_ignored_binary(void **state)
{
	fixture *f = *state;
	put(f, ".gitignore", "build/\n*.log\n");
	put(f, "a.py", TEN);
	put_bytes(f, "blob.bin", "abc\0def\n", 8);
	commit_all(f, "one");
	put(f, "new.py", "x = 1\ny = 2\nz = 3\n");
	put(f, "pkg/sub/deep.py", "x = 1\n");
	put(f, "build/gen.py", "x = 1\n");
	put(f, "pkg/out.log", "x = 1\n");
	put_bytes(f, "blob.bin", "abc\0xyz\nmore\n", 13);
	pfl_gitdiff *d = load(f, "HEAD");
	assert_true(changed(f, d, "new.py", 1, 1));
	assert_true(changed(f, d, "new.py", 2, 2));
	assert_true(changed(f, d, "new.py", 3, 3));
	assert_false(changed(f, d, "new.py", 4, 4));
	assert_true(changed(f, d, "pkg/sub/deep.py", 1, 1));
	assert_false(changed(f, d, "build/gen.py", 1, 1));
	assert_false(changed(f, d, "pkg/out.log", 1, 1));
	assert_false(changed(f, d, "blob.bin", 0, 0));
	assert_false(changed(f, d, "a.py", 0, 0));
	char *ign = at(f, "build/gen.py");
	assert_true(pfl_gitdiff_tracks(d, ign)); /* inside the work tree, only unchanged */
	free(ign);
	assert_int_equal(pfl_gitdiff_files(d), 2);
	pfl_gitdiff_free(d);
}

/* An untracked nested repository does not break the diff. */
static void test_nested_repository(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	commit_all(f, "one");
	put(f, "vendor/inner/lib.py", "x = 1\n");
	sh("cd '%s/vendor/inner' && git -c init.defaultBranch=main init -q && git add -A && "
	   "git -c user.name=T -c user.email=t@e commit -q -m inner", f->repo);
	put(f, "b.py", "y = 1\n");
	pfl_gitdiff *d = load(f, "HEAD");
	assert_true(changed(f, d, "b.py", 1, 1));
	assert_false(changed(f, d, "a.py", 0, 0));
	pfl_gitdiff_free(d);
}

/* A renamed file without edits has no changed lines; staged (git mv) or not (mv). */
static void test_renamed_unchanged(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	put(f, "c.py", "k = 1\nl = 2\nm = 3\nn = 4\no = 5\np = 6\nq = 7\nr = 8\ns = 9\nt = 10\n");
	commit_all(f, "one");
	git(f, "mv a.py b.py");
	sh("cd '%s' && mkdir moved && mv c.py moved/d.py", f->repo);
	pfl_gitdiff *d = load(f, "HEAD");
	assert_false(changed(f, d, "b.py", 0, 0));
	assert_false(changed(f, d, "a.py", 0, 0));
	assert_false(changed(f, d, "moved/d.py", 0, 0));
	assert_int_equal(pfl_gitdiff_files(d), 0);
	pfl_gitdiff_free(d);
}

/* A renamed and edited file: the edited line only. */
static void test_renamed_edited(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	commit_all(f, "one");
	git(f, "mv a.py b.py");
	put(f, "b.py", "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\ng = 70\nh = 8\ni = 9\nj = 10\n");
	pfl_gitdiff *d = load(f, "HEAD");
	assert_true(changed(f, d, "b.py", 7, 7));
	assert_false(changed(f, d, "b.py", 1, 6));
	assert_false(changed(f, d, "b.py", 8, 10));
	assert_int_equal(pfl_gitdiff_files(d), 1);
	pfl_gitdiff_free(d);
}

/* Committed changes since HEAD~1, HEAD~2, a tag, a sha. */
static void test_older_revisions(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	commit_all(f, "one");
	git(f, "tag v1");
	put(f, "a.py", "a = 1\nb = 2\nc = 30\nd = 4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 9\nj = 10\n");
	commit_all(f, "two");
	put(f, "a.py", "a = 1\nb = 2\nc = 30\nd = 4\ne = 5\nf = 6\ng = 7\nh = 80\ni = 9\nj = 10\n");
	commit_all(f, "three");

	pfl_gitdiff *d = load(f, "HEAD~1");
	assert_false(changed(f, d, "a.py", 3, 3));
	assert_true(changed(f, d, "a.py", 8, 8));
	pfl_gitdiff_free(d);

	d = load(f, "HEAD~2");
	assert_true(changed(f, d, "a.py", 3, 3));
	assert_true(changed(f, d, "a.py", 8, 8));
	assert_false(changed(f, d, "a.py", 4, 7));
	pfl_gitdiff_free(d);

	d = load(f, "v1");
	assert_true(changed(f, d, "a.py", 3, 3));
	assert_true(changed(f, d, "a.py", 8, 8));
	pfl_gitdiff_free(d);

	d = load(f, "HEAD");
	assert_false(changed(f, d, "a.py", 0, 0));
	assert_int_equal(pfl_gitdiff_files(d), 0);
	pfl_gitdiff_free(d);

	/* The full sha of HEAD~1, read from git. */
	char *shafile = pfl_path_join(f->tmp, "sha");
	sh("cd '%s' && git rev-parse HEAD~1 > '%s'", f->repo, shafile);
	char sha[64] = { 0 };
	FILE *fp = fopen(shafile, "r");
	assert_non_null(fp);
	assert_non_null(fgets(sha, sizeof(sha), fp));
	fclose(fp);
	free(shafile);
	sha[strcspn(sha, "\n")] = '\0';
	d = load(f, sha);
	assert_false(changed(f, d, "a.py", 3, 3));
	assert_true(changed(f, d, "a.py", 8, 8));
	pfl_gitdiff_free(d);
}

/* A...B: changes since the merge base of A and B (as git diff A...B). */
static void test_merge_base(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	commit_all(f, "base");
	git(f, "checkout -q -b feature");
	put(f, "a.py", "a = 1\nb = 20\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 9\nj = 10\n");
	commit_all(f, "feature work");
	git(f, "checkout -q main");
	put(f, "a.py", "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 90\nj = 10\n");
	put(f, "m.py", "main = 1\n");
	commit_all(f, "main work");
	git(f, "checkout -q feature");

	/* Against main itself, main's own change (reverted here) and its new file's absence show. */
	pfl_gitdiff *d = load(f, "main");
	assert_true(changed(f, d, "a.py", 2, 2));
	assert_true(changed(f, d, "a.py", 9, 9));
	pfl_gitdiff_free(d);

	d = load(f, "main...feature");
	assert_true(changed(f, d, "a.py", 2, 2));
	assert_false(changed(f, d, "a.py", 9, 9));
	assert_int_equal(pfl_gitdiff_files(d), 1);
	pfl_gitdiff_free(d);

	d = load(f, "main...HEAD");
	assert_true(changed(f, d, "a.py", 2, 2));
	assert_false(changed(f, d, "a.py", 9, 9));
	pfl_gitdiff_free(d);

	d = load(f, "main..."); /* empty side: HEAD */
	assert_true(changed(f, d, "a.py", 2, 2));
	assert_false(changed(f, d, "a.py", 9, 9));
	pfl_gitdiff_free(d);

	/* A two-dot range cannot be the old side of the work tree. */
	assert_null(pfl_gitdiff_load("main..feature", f->repo));
	assert_null(pfl_gitdiff_load("main...nosuch", f->repo));

	/* Unrelated histories: no merge base. */
	git(f, "checkout -q --orphan lonely");
	git(f, "rm -rq --cached .");
	commit_all(f, "lonely");
	assert_null(pfl_gitdiff_load("main...lonely", f->repo));
}

/* Display paths relative to a cwd in a subdirectory, absolute, and through a symlink. */
static void test_paths(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	put(f, "pkg/mod.py", TEN);
	commit_all(f, "one");
	put(f, "a.py", "a = 10\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 9\nj = 10\n");
	put(f, "pkg/mod.py", "a = 1\nb = 2\nc = 30\nd = 4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 9\nj = 10\n");
	char *pkg = at(f, "pkg");
	/* Loaded from a subdirectory: the repository is found upward. */
	pfl_gitdiff *d = pfl_gitdiff_load("HEAD", pkg);
	assert_non_null(d);
	assert_int_equal(pfl_gitdiff_files(d), 2);

	char old[PATH_MAX];
	assert_non_null(getcwd(old, sizeof(old)));
	assert_int_equal(chdir(pkg), 0);
	assert_true(pfl_gitdiff_changed(d, "mod.py", 3, 3));
	assert_true(pfl_gitdiff_changed(d, "./mod.py", 3, 3));
	assert_false(pfl_gitdiff_changed(d, "mod.py", 1, 1));
	assert_true(pfl_gitdiff_changed(d, "../a.py", 1, 1));
	assert_false(pfl_gitdiff_changed(d, "../a.py", 3, 3));
	assert_true(pfl_gitdiff_changed(d, "../pkg//mod.py", 3, 3));
	assert_true(pfl_gitdiff_tracks(d, "mod.py"));
	assert_true(pfl_gitdiff_tracks(d, "../a.py"));
	assert_true(pfl_gitdiff_tracks(d, "not-yet-written.py"));
	assert_false(pfl_gitdiff_tracks(d, "../../outside.py"));
	assert_false(pfl_gitdiff_tracks(d, "../.git/config"));
	/* The cwd is read at each lookup. */
	assert_int_equal(chdir(f->repo), 0);
	assert_true(pfl_gitdiff_changed(d, "a.py", 1, 1));
	assert_true(pfl_gitdiff_changed(d, "pkg/mod.py", 3, 3));
	assert_false(pfl_gitdiff_changed(d, "mod.py", 3, 3));
	assert_int_equal(chdir(old), 0);

	/* Absolute paths. */
	char *abs = at(f, "pkg/mod.py");
	assert_true(pfl_gitdiff_changed(d, abs, 3, 3));
	assert_true(pfl_gitdiff_tracks(d, abs));
	free(abs);

	/* Through a symlink to the repository (as /tmp and /private/tmp). */
	char *link = pfl_path_join(f->tmp, "link");
	assert_int_equal(symlink(f->repo, link), 0);
	char *via = pfl_path_join(link, "pkg/mod.py");
	assert_true(pfl_gitdiff_tracks(d, via));
	assert_true(pfl_gitdiff_changed(d, via, 3, 3));
	free(via);
	via = pfl_path_join(link, "a.py");
	assert_true(pfl_gitdiff_changed(d, via, 1, 1));
	free(via);
	/* A directory that does not exist (yet), below the symlink. */
	via = pfl_path_join(link, "nodir/x.py");
	assert_true(pfl_gitdiff_tracks(d, via));
	assert_false(pfl_gitdiff_changed(d, via, 1, 1));
	free(via);
	free(link);
	free(pkg);
	pfl_gitdiff_free(d);
}

/* CRLF files: a changed line is that line; a whole file converted to LF is changed whole. */
static void test_crlf(void **state)
{
	fixture *f = *state;
	put(f, "w.py", "a = 1\r\nb = 2\r\nc = 3\r\nd = 4\r\ne = 5\r\n");
	put(f, "v.py", "a = 1\r\nb = 2\r\nc = 3\r\n");
	commit_all(f, "one");
	put(f, "w.py", "a = 1\r\nb = 2\r\nc = 30\r\nd = 4\r\ne = 5\r\n");
	put(f, "v.py", "a = 1\nb = 2\nc = 3\n");
	pfl_gitdiff *d = load(f, "HEAD");
	assert_true(changed(f, d, "w.py", 3, 3));
	assert_false(changed(f, d, "w.py", 2, 2));
	assert_false(changed(f, d, "w.py", 4, 4));
	assert_true(changed(f, d, "v.py", 1, 1));
	assert_true(changed(f, d, "v.py", 3, 3));
	pfl_gitdiff_free(d);
}

/* With core.autocrlf, CRLF work files against LF blobs: only the edited line. */
static void test_autocrlf(void **state)
{
	fixture *f = *state;
	git(f, "config core.autocrlf true");
	put(f, "w.py", "a = 1\r\nb = 2\r\nc = 3\r\nd = 4\r\n");
	commit_all(f, "one");
	put(f, "w.py", "a = 1\r\nb = 20\r\nc = 3\r\nd = 4\r\n");
	pfl_gitdiff *d = load(f, "HEAD");
	assert_true(changed(f, d, "w.py", 2, 2));
	assert_false(changed(f, d, "w.py", 1, 1));
	assert_false(changed(f, d, "w.py", 3, 4));
	pfl_gitdiff_free(d);
}

/* Index oddities: an intent-to-add file is new whole; so is a file removed from the index but kept. */
static void test_index_states(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	commit_all(f, "one");
	put(f, "n.py", "x = 1\ny = 2\n");
	git(f, "add -N n.py");
	git(f, "rm -q --cached a.py");
	put(f, "a.py", "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 90\nj = 10\n");
	pfl_gitdiff *d = load(f, "HEAD");
	assert_true(changed(f, d, "n.py", 1, 1));
	assert_true(changed(f, d, "n.py", 2, 2));
	/* Untracked now (the merged diff says deleted): whole, like any untracked file. */
	assert_true(changed(f, d, "a.py", 1, 1));
	assert_true(changed(f, d, "a.py", 9, 9));
	assert_true(changed(f, d, "a.py", 10, 10));
	assert_false(changed(f, d, "a.py", 11, 11));
	assert_int_equal(pfl_gitdiff_files(d), 2);
	pfl_gitdiff_free(d);
	/* Removed from the index and ignored now: not changed. */
	put(f, ".gitignore", "a.py\n");
	d = load(f, "HEAD");
	assert_false(changed(f, d, "a.py", 0, 0));
	assert_true(changed(f, d, ".gitignore", 1, 1));
	pfl_gitdiff_free(d);
}

/* A file with unresolved merge conflicts: its markers and the other side's lines. */
static void test_conflict(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	commit_all(f, "base");
	git(f, "checkout -q -b other");
	put(f, "a.py", "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 9\nj = 11\n");
	commit_all(f, "other");
	git(f, "checkout -q main");
	put(f, "a.py", "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7\nh = 8\ni = 9\nj = 12\n");
	commit_all(f, "main");
	sh("cd '%s' && ! git merge -q other >/dev/null 2>&1", f->repo);
	/* Lines 10-14: <<<<<<< HEAD, j = 12, =======, j = 11, >>>>>>> other. */
	pfl_gitdiff *d = load(f, "HEAD");
	assert_false(changed(f, d, "a.py", 1, 9));
	assert_true(changed(f, d, "a.py", 10, 10));
	assert_false(changed(f, d, "a.py", 11, 11)); /* HEAD's own line */
	assert_true(changed(f, d, "a.py", 12, 12));
	assert_true(changed(f, d, "a.py", 13, 13));
	assert_true(changed(f, d, "a.py", 14, 14));
	assert_false(changed(f, d, "a.py", 15, 15));
	assert_int_equal(pfl_gitdiff_files(d), 1);
	pfl_gitdiff_free(d);
}

/* A file outside the repository is not tracked and never changed. */
static void test_outside(void **state)
{
	fixture *f = *state;
	put(f, "a.py", TEN);
	commit_all(f, "one");
	char *out = pfl_path_join(f->tmp, "other.py");
	sh("printf 'x = 1\\n' > '%s'", out);
	pfl_gitdiff *d = load(f, "HEAD");
	assert_false(pfl_gitdiff_tracks(d, out));
	assert_false(pfl_gitdiff_changed(d, out, 0, 0));
	assert_false(pfl_gitdiff_changed(d, out, 1, 1));
	assert_false(pfl_gitdiff_tracks(d, "/"));
	assert_false(pfl_gitdiff_tracks(d, ""));
	char *in = at(f, "a.py");
	assert_true(pfl_gitdiff_tracks(d, in));
	free(in);
	/* A sibling directory whose name extends the repository's is outside too. */
	char *sib = pfl_path_join(f->tmp, "repo2/a.py");
	assert_false(pfl_gitdiff_tracks(d, sib));
	free(sib);
	free(out);
	pfl_gitdiff_free(d);
}

/* Errors: not a repository, unknown revisions, bare repositories, no commits yet. */
static void test_errors(void **state)
{
	fixture *f = *state;
	char *plain = pfl_path_join(f->tmp, "plain");
	sh("mkdir -p '%s'", plain);
	assert_null(pfl_gitdiff_load("HEAD", plain));
	free(plain);

	/* No commit yet: HEAD is unborn. */
	put(f, "a.py", TEN);
	assert_null(pfl_gitdiff_load("HEAD", f->repo));
	commit_all(f, "one");
	assert_null(pfl_gitdiff_load("nosuchbranch", f->repo));
	assert_null(pfl_gitdiff_load("HEAD~5", f->repo));
	assert_null(pfl_gitdiff_load("", f->repo));
	assert_null(pfl_gitdiff_load("..", f->repo));
	assert_null(pfl_gitdiff_load("HEAD:a.py", f->repo)); /* a blob, not a tree */
	pfl_gitdiff *d = load(f, "HEAD^{tree}");                /* a tree is fine */
	assert_int_equal(pfl_gitdiff_files(d), 0);
	pfl_gitdiff_free(d);

	char *bare = pfl_path_join(f->tmp, "bare.git");
	sh("git clone -q --bare '%s' '%s' 2>/dev/null", f->repo, bare);
	assert_null(pfl_gitdiff_load("HEAD", bare));
	free(bare);

	/* NULL is accepted by free and by the lookups' count. */
	pfl_gitdiff_free(NULL);
	assert_int_equal(pfl_gitdiff_files(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_modified_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_added_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged_and_unstaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_untracked_ignored_binary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_repository, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renamed_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renamed_edited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_older_revisions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_base, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_autocrlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};
	return cmocka_run_group_tests_name("gitdiff", tests, NULL, NULL);
}
