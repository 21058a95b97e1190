/*
 * test_util.c - unit tests for src/util: arena, arrays, string buffer,
 * paths and globs, UTF-8, file reading and atomic writing, the thread pool,
 * the build id of cache keys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/cache.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/array.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/path.h"
#include "util/pool.h"
#include "util/strbuf.h"
#include "util/utf8.h"

/* ---------------------------------------------------------------- helpers */

/* A fresh temporary directory for one test; removed by tmpdir_remove. */
static char *tmpdir_make(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl = pfl_malloc(4096);
	snprintf(tmpl, 4096, "%s/pfl-test-util.XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(tmpl));
	return tmpl;
}

/* Remove dir and the plain entries in it (the tests make no subdirectories). */
static void tmpdir_remove(char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *p = pfl_path_join(dir, e->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
	free(dir);
}

/* Number of entries in dir other than "." and "..". */
static int dir_count(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/*
 * Table-driven checks report every mismatch (print_error) and count them;
 * the test asserts the count is zero at its end.
 */
static int mismatches;

/* Write s to path with stdio. */
static void write_text(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* ------------------------------------------------------------------ arena */

static void test_arena_many_aligned(void **state)
{
	(void)state;
	pfl_arena a = { 0 };
	enum { N = 20000 };
	unsigned char **ptrs = pfl_calloc(N, sizeof(*ptrs));
	size_t *sizes = pfl_calloc(N, sizeof(*sizes));
	for (size_t i = 0; i < N; i++) {
		/* Sizes 1..997, and now and then one above a quarter block. */
		sizes[i] = i % 1000 == 999 ? 20000 + i : 1 + (i * 7919) % 997;
		ptrs[i] = pfl_arena_alloc(&a, sizes[i]);
		assert_non_null(ptrs[i]);
		assert_int_equal((uintptr_t)ptrs[i] % 16, 0);
		memset(ptrs[i], (int)(i & 0xff), sizes[i]);
	}
	/* No allocation overlapped another: every byte still holds its fill. */
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < sizes[i]; j++)
			if (ptrs[i][j] != (unsigned char)(i & 0xff))
				fail_msg("allocation %zu byte %zu overwritten", i, j);
	assert_true(a.used >= N);
	free(ptrs);
	free(sizes);
	pfl_arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
}

static void test_arena_zero_and_big(void **state)
{
	(void)state;
	pfl_arena a = { 0 };
	/* A zero-byte request still gives a usable, aligned pointer. */
	void *z = pfl_arena_alloc(&a, 0);
	assert_non_null(z);
	assert_int_equal((uintptr_t)z % 16, 0);
	/* A block-sized allocation first, into an empty arena. */
	unsigned char *big = pfl_arena_alloc(&a, 1u << 20);
	memset(big, 0xab, 1u << 20);
	/* zalloc gives zeros even where the memory was used before. */
	unsigned char *zs = pfl_arena_zalloc(&a, 4096);
	for (size_t i = 0; i < 4096; i++)
		assert_int_equal(zs[i], 0);
	assert_int_equal(big[0], 0xab);
	assert_int_equal(big[(1u << 20) - 1], 0xab);
	pfl_arena_release(&a);
}

static void test_arena_strings(void **state)
{
	(void)state;
	pfl_arena a = { 0 };
	const char *src = "hello, world";
	char *s = pfl_arena_strndup(&a, src, 5);
	assert_string_equal(s, "hello");
	char *e = pfl_arena_strndup(&a, src, 0);
	assert_string_equal(e, "");
	/* Embedded NULs are copied: strndup takes a length, not a string. */
	char *nul = pfl_arena_strndup(&a, "a\0b", 3);
	assert_memory_equal(nul, "a\0b\0", 4);
	char *d = pfl_arena_strdup(&a, src);
	assert_string_equal(d, src);
	assert_ptr_not_equal(d, src);

	char *p = pfl_arena_printf(&a, "%s:%d:%05.1f", "x.py", 42, 3.5);
	assert_string_equal(p, "x.py:42:003.5");
	/* Longer than a whole block. */
	char *longp = pfl_arena_printf(&a, "[%100000d]", 7);
	assert_int_equal(strlen(longp), 100002);
	assert_int_equal(longp[0], '[');
	assert_int_equal(longp[100000], '7');
	assert_int_equal(longp[100001], ']');
	char *empty = pfl_arena_printf(&a, "%s", "");
	assert_string_equal(empty, "");
	/* Earlier strings survive later allocations. */
	assert_string_equal(s, "hello");
	assert_string_equal(d, src);
	pfl_arena_release(&a);
}

static void test_arena_release_reuse(void **state)
{
	(void)state;
	pfl_arena a = { 0 };
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 5000; i++) {
			int *v = pfl_arena_alloc(&a, sizeof(int) * 8);
			v[0] = i;
			v[7] = -i;
		}
		assert_non_null(a.head);
		assert_true(a.used >= 5000 * 32);
		pfl_arena_release(&a);
		assert_null(a.head);
		assert_int_equal(a.used, 0);
	}
	/* Releasing an empty arena is harmless. */
	pfl_arena_release(&a);
	pfl_arena_release(&a);
	char *s = pfl_arena_strdup(&a, "again");
	assert_string_equal(s, "again");
	pfl_arena_release(&a);
}

/* ------------------------------------------------------------------ array */

/* An element type with several fields, for grow_one. */
struct pair {
	int key;
	double value;
	const char *name;
};

static void test_array_push_get_last(void **state)
{
	(void)state;
	PFL_ARRAY(int) a = { 0 };
	assert_int_equal(a.size, 0);
	for (int i = 0; i < 1000; i++) {
		pfl_array_push(&a, i * 3);
		assert_int_equal(a.size, (size_t)i + 1);
		assert_true(a.cap >= a.size);
		assert_int_equal(*pfl_array_last(&a), i * 3);
	}
	for (size_t i = 0; i < a.size; i++)
		assert_int_equal(*pfl_array_get(&a, i), (int)i * 3);
	*pfl_array_get(&a, 10) = -1;
	assert_int_equal(a.items[10], -1);
	pfl_array_release(&a);
	assert_null(a.items);
	assert_int_equal(a.size, 0);
	assert_int_equal(a.cap, 0);
	/* Usable again after release. */
	pfl_array_push(&a, 5);
	assert_int_equal(a.size, 1);
	assert_int_equal(*pfl_array_last(&a), 5);
	pfl_array_release(&a);
}

static void test_array_grow_one_reserve(void **state)
{
	(void)state;
	PFL_ARRAY(struct pair) a = { 0 };
	for (int i = 0; i < 100; i++) {
		struct pair *p = pfl_array_grow_one(&a);
		/* A new element is zeroed even where realloc left junk. */
		assert_int_equal(p->key, 0);
		assert_true(p->value == 0.0);
		assert_null(p->name);
		p->key = i;
		p->value = i / 2.0;
		p->name = "x";
		assert_ptr_equal(p, pfl_array_last(&a));
	}
	assert_int_equal(a.size, 100);
	for (size_t i = 0; i < a.size; i++) {
		assert_int_equal(pfl_array_get(&a, i)->key, (int)i);
		assert_true(pfl_array_get(&a, i)->value == (double)i / 2.0);
	}
	/* reserve makes room without changing the size, and keeps the items. */
	pfl_array_reserve(&a, 1000);
	assert_true(a.cap >= 1100);
	assert_int_equal(a.size, 100);
	assert_int_equal(a.items[99].key, 99);
	struct pair *before = a.items;
	for (int i = 0; i < 1000; i++)
		pfl_array_grow_one(&a);
	assert_ptr_equal(before, a.items); /* no reallocation needed */
	pfl_array_release(&a);
}

static void test_array_of_pointers(void **state)
{
	(void)state;
	PFL_ARRAY(char *) names = { 0 };
	pfl_array_push(&names, pfl_strdup("a.py"));
	pfl_array_push(&names, pfl_strdup("b.py"));
	assert_string_equal(*pfl_array_get(&names, 1), "b.py");
	/* The array frees its buffer, not what the elements point to. */
	for (size_t i = 0; i < names.size; i++)
		free(names.items[i]);
	pfl_array_release(&names);
}

/* ----------------------------------------------------------------- strbuf */

static void test_strbuf_init_add(void **state)
{
	(void)state;
	pfl_strbuf sb = PFL_STRBUF_INIT;
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	pfl_strbuf_add(&sb, "abc", 3);
	pfl_strbuf_add(&sb, "", 0);
	pfl_strbuf_adds(&sb, "def");
	pfl_strbuf_addch(&sb, '!');
	assert_string_equal(sb.buf, "abcdef!");
	assert_int_equal(sb.len, 7);
	/* Binary data with a NUL inside. */
	pfl_strbuf_add(&sb, "x\0y", 3);
	assert_int_equal(sb.len, 10);
	assert_memory_equal(sb.buf + 7, "x\0y\0", 4);
	pfl_strbuf_release(&sb);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.cap, 0);

	pfl_strbuf other;
	pfl_strbuf_init(&other);
	assert_ptr_equal(other.buf, pfl_strbuf__empty);
	pfl_strbuf_release(&other); /* releasing an unused strbuf is harmless */
}

static void test_strbuf_addf_long(void **state)
{
	(void)state;
	pfl_strbuf sb = PFL_STRBUF_INIT;
	pfl_strbuf_addf(&sb, "%s:%u:%u", "a.py", 3u, 14u);
	assert_string_equal(sb.buf, "a.py:3:14");
	/* Output far longer than the first allocation. */
	char *big = pfl_malloc(10001);
	memset(big, 'q', 10000);
	big[10000] = '\0';
	pfl_strbuf_addf(&sb, "<%s|%d>", big, -5);
	assert_int_equal(sb.len, 9 + 1 + 10000 + 4);
	assert_int_equal(strlen(sb.buf), sb.len);
	assert_int_equal(sb.buf[9], '<');
	assert_int_equal(sb.buf[10009], 'q');
	assert_string_equal(sb.buf + 10010, "|-5>");
	/* Many small appends through every growth step. */
	for (int i = 0; i < 2000; i++)
		pfl_strbuf_addf(&sb, "%d,", i % 10);
	assert_int_equal(sb.len, 10014 + 4000);
	assert_memory_equal(sb.buf + 10014, "0,1,2,", 6);
	/* An empty expansion appends nothing. */
	size_t len = sb.len;
	pfl_strbuf_addf(&sb, "%s", "");
	assert_int_equal(sb.len, len);
	free(big);
	pfl_strbuf_release(&sb);

	pfl_strbuf fresh = PFL_STRBUF_INIT;
	pfl_strbuf_addf(&fresh, "%s", "");
	assert_string_equal(fresh.buf, "");
	pfl_strbuf_release(&fresh);
}

static void test_strbuf_addchars(void **state)
{
	(void)state;
	pfl_strbuf sb = PFL_STRBUF_INIT;
	pfl_strbuf_addchars(&sb, ' ', 0);
	assert_int_equal(sb.len, 0);
	pfl_strbuf_adds(&sb, "  ");
	pfl_strbuf_addchars(&sb, '^', 5);
	assert_string_equal(sb.buf, "  ^^^^^");
	pfl_strbuf_addchars(&sb, '~', 500);
	assert_int_equal(sb.len, 507);
	assert_int_equal(sb.buf[506], '~');
	assert_int_equal(sb.buf[507], '\0');
	pfl_strbuf_release(&sb);
}

static void test_strbuf_detach_reset(void **state)
{
	(void)state;
	/* Detaching an empty strbuf gives an empty heap string. */
	pfl_strbuf sb = PFL_STRBUF_INIT;
	size_t len = 99;
	char *s = pfl_strbuf_detach(&sb, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	assert_ptr_not_equal(s, pfl_strbuf__empty);
	free(s);

	pfl_strbuf_adds(&sb, "report");
	s = pfl_strbuf_detach(&sb, &len);
	assert_string_equal(s, "report");
	assert_int_equal(len, 6);
	/* The strbuf is empty and reusable; the detached string is ours. */
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.cap, 0);
	pfl_strbuf_adds(&sb, "next");
	assert_string_equal(s, "report");
	free(s);
	s = pfl_strbuf_detach(&sb, NULL);
	assert_string_equal(s, "next");
	free(s);

	/* reset truncates and keeps the allocation. */
	pfl_strbuf_adds(&sb, "some text");
	size_t cap = sb.cap;
	char *buf = sb.buf;
	pfl_strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sb.cap, cap);
	assert_ptr_equal(sb.buf, buf);
	pfl_strbuf_adds(&sb, "x");
	assert_string_equal(sb.buf, "x");
	pfl_strbuf_release(&sb);

	/* reset of an unallocated strbuf leaves the shared empty string alone. */
	pfl_strbuf_reset(&sb);
	assert_string_equal(sb.buf, "");
	assert_int_equal(pfl_strbuf__empty[0], '\0');
}

/* ------------------------------------------------------------------- path */

/* Check one join. */
static void check_join(const char *dir, const char *name, const char *want)
{
	char *got = pfl_path_join(dir, name);
	if (strcmp(got, want) != 0) {
		print_error("join('%s', '%s') = '%s', expected '%s'\n", dir, name, got, want);
		mismatches++;
	}
	free(got);
}

static void test_path_join(void **state)
{
	(void)state;
	mismatches = 0;
	check_join("a", "b.py", "a/b.py");
	check_join("a/", "b.py", "a/b.py");
	check_join("/", "etc", "/etc");
	check_join("", "b.py", "b.py");
	check_join(".", "b.py", "b.py");
	check_join("src/pkg", "mod.py", "src/pkg/mod.py");
	assert_int_equal(mismatches, 0);
}

/* Check one normalisation. */
static void check_norm(const char *in, const char *want)
{
	char *got = pfl_path_normalize(in);
	if (strcmp(got, want) != 0) {
		print_error("normalize('%s') = '%s', expected '%s'\n", in, got, want);
		mismatches++;
	}
	free(got);
}

static void test_path_normalize(void **state)
{
	(void)state;
	mismatches = 0;
	check_norm("./a/../b", "b");
	check_norm("a/./b//c", "a/b/c");
	check_norm("/..", "/");
	check_norm("/../x", "/x");
	check_norm("../x", "../x");
	check_norm("../../x", "../../x");
	check_norm("", ".");
	check_norm(".", ".");
	check_norm("./", ".");
	check_norm("a/..", ".");
	check_norm("a/b/../../..", "..");
	check_norm("../a/..", "..");
	check_norm("/a/b/..", "/a");
	check_norm("/a/./b/", "/a/b");
	check_norm("//a//b//", "/a/b");
	check_norm("/", "/");
	check_norm("a/", "a");
	check_norm("src/pkg/../mod.py", "src/mod.py");
	check_norm("...", "...");
	check_norm("a/.../..", "a");
	check_norm("..a/..", ".");
	assert_int_equal(mismatches, 0);
}

static void test_path_basename_ext(void **state)
{
	(void)state;
	assert_string_equal(pfl_path_basename("a/b/c.py"), "c.py");
	assert_string_equal(pfl_path_basename("c.py"), "c.py");
	assert_string_equal(pfl_path_basename("/c"), "c");
	assert_true(pfl_path_has_ext("a/b.py", ".py"));
	assert_true(pfl_path_has_ext("b.pyi", ".pyi"));
	assert_false(pfl_path_has_ext("b.pyi", ".py"));
	assert_false(pfl_path_has_ext("b.py.bak", ".py"));
	assert_false(pfl_path_has_ext("a.py/b", ".py"));
	assert_false(pfl_path_has_ext("py", ".py"));
	assert_false(pfl_path_has_ext("x.PY", ".py"));
	/* A file named just ".py" is a hidden file, not a Python one. */
	assert_false(pfl_path_has_ext(".py", ".py"));
}

/* Check one glob match. */
static void check_glob(const char *glob, const char *path, bool want)
{
	bool got = pfl_path_glob_match(glob, path);
	if (got != want) {
		print_error("glob_match('%s', '%s') = %s, expected %s\n", glob, path,
			    got ? "true" : "false", want ? "true" : "false");
		mismatches++;
	}
}

static void test_path_glob(void **state)
{
	(void)state;
	mismatches = 0;
	/* A pattern without a slash: any component's name. */
	check_glob("*.py", "a.py", true);
	check_glob("*.py", "src/pkg/a.py", true);
	check_glob("*.py", "a.pyc", false);
	check_glob("*.py", "src/a.txt", false);
	check_glob("test_*", "tests/test_x.py", true);
	check_glob("vendor", "src/vendor/lib/x.py", true);
	check_glob("vendor", "src/vendored/x.py", false);
	check_glob("?.py", "ab.py", false);
	check_glob("?.py", "x/a.py", true);
	check_glob("*.py", "./a.py", true);

	/* "build/" followed by "**": everything under build/. */
	check_glob("build/**", "build/x.py", true);
	check_glob("build/**", "build/a/b/c.py", true);
	check_glob("build/**", "src/build/x.py", false);
	check_glob("build/**", "buildx/x.py", false);

	/* "**" spans any number of directories, including none. */
	check_glob("**/test_*.py", "test_a.py", true);
	check_glob("**/test_*.py", "tests/test_a.py", true);
	check_glob("**/test_*.py", "a/b/c/test_a.py", true);
	check_glob("**/test_*.py", "a/b/c/atest_a.py", false);
	check_glob("**/test_*.py", "a/test_dir/x.py", false);
	check_glob("src/**/gen", "src/gen/x.py", true);
	check_glob("src/**/gen", "src/a/b/gen/x.py", true);
	check_glob("src/**/gen", "lib/a/gen/x.py", false);

	/* "*" never crosses a slash. */
	check_glob("docs/*.md", "docs/index.md", true);
	check_glob("docs/*.md", "docs/rules/PFL201.md", false);
	check_glob("docs/*.md", "src/docs/index.md", false);
	check_glob("src/*", "src/a.py", true);

	/* A pattern that names a directory covers everything below it. */
	check_glob("src/gen", "src/gen/x.py", true);
	check_glob("src/gen", "src/gen", true);
	check_glob("src/gen", "src/generated/x.py", false);
	check_glob("./src/gen", "src/gen/x.py", true);
	check_glob("/src/gen", "src/gen/x.py", true);
	check_glob("src/gen/", "src/gen", true);
	check_glob("src/gen/", "src/gen/x.py", true);
	check_glob("build/", "build/x.py", true);
	assert_int_equal(mismatches, 0);
}

static void test_path_relative(void **state)
{
	(void)state;
	char *r = pfl_path_relative_to("/work/repo/src/a.py", "/work/repo");
	assert_string_equal(r, "src/a.py");
	free(r);
	r = pfl_path_relative_to("/work/repo/src/a.py", "/work/repo/");
	assert_string_equal(r, "src/a.py");
	free(r);
	r = pfl_path_relative_to("/work/repo", "/work/repo");
	assert_string_equal(r, ".");
	free(r);
	r = pfl_path_relative_to("/etc/x", "/");
	assert_string_equal(r, "etc/x");
	free(r);
	assert_null(pfl_path_relative_to("/work/repository/a.py", "/work/repo"));
	assert_null(pfl_path_relative_to("/other/a.py", "/work/repo"));

	char *real = pfl_path_real(".");
	assert_non_null(real);
	assert_int_equal(real[0], '/');
	free(real);
	assert_null(pfl_path_real("/nonexistent/perflint/path"));
}

/* ------------------------------------------------------------------- utf8 */

static void test_utf8_invalid_at(void **state)
{
	(void)state;
	assert_int_equal(pfl_utf8_invalid_at("", 0), 0);
	assert_int_equal(pfl_utf8_invalid_at("abc", 3), 3);
	/* é, €, 😀 are valid. */
	const char *ok = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";
	assert_int_equal(pfl_utf8_invalid_at(ok, strlen(ok)), strlen(ok));
	/* A literal U+FFFD in the source is valid text. */
	assert_int_equal(pfl_utf8_invalid_at("a\xef\xbf\xbd" "b", 5), 5);
	assert_int_equal(pfl_utf8_invalid_at("ab\xff" "c", 4), 2);
	assert_int_equal(pfl_utf8_invalid_at("\x80", 1), 0);
	/* Truncated at the end of the buffer. */
	assert_int_equal(pfl_utf8_invalid_at("ab\xc3", 3), 2);
	assert_int_equal(pfl_utf8_invalid_at("\xe2\x82", 2), 0);
	/* Overlong forms. */
	assert_int_equal(pfl_utf8_invalid_at("x\xc0\xaf", 3), 1);
	assert_int_equal(pfl_utf8_invalid_at("\xc1\xbf", 2), 0);
	assert_int_equal(pfl_utf8_invalid_at("\xe0\x80\xaf", 3), 0);
	assert_int_equal(pfl_utf8_invalid_at("\xf0\x80\x80\xaf", 4), 0);
	/* UTF-16 surrogates encoded in UTF-8 (CESU). */
	assert_int_equal(pfl_utf8_invalid_at("ok\xed\xa0\x80", 5), 2);
	/* Past U+10FFFF. */
	assert_int_equal(pfl_utf8_invalid_at("\xf4\x90\x80\x80", 4), 0);
	assert_int_equal(pfl_utf8_invalid_at("\xf5\x80\x80\x80", 4), 0);
	/* A NUL byte is valid UTF-8 (the caller decides what it means). */
	assert_int_equal(pfl_utf8_invalid_at("a\0b", 3), 3);
}

static void test_utf8_utf16_len(void **state)
{
	(void)state;
	assert_int_equal(pfl_utf8_utf16_len("", 0), 0);
	assert_int_equal(pfl_utf8_utf16_len("abc", 3), 3);
	assert_int_equal(pfl_utf8_utf16_len("\xc3\xa9", 2), 1);      /* é */
	assert_int_equal(pfl_utf8_utf16_len("\xe2\x82\xac", 3), 1);  /* € */
	/* An emoji outside the BMP takes a surrogate pair. */
	const char *s = "a\xf0\x9f\x93\xa6" "b"; /* a📦b */
	assert_int_equal(pfl_utf8_utf16_len(s, strlen(s)), 4);
	assert_int_equal(pfl_utf8_codepoints(s, strlen(s)), 3);
	/* Each invalid byte counts as one U+FFFD. */
	assert_int_equal(pfl_utf8_utf16_len("\xff\xfe", 2), 2);
	assert_int_equal(pfl_utf8_utf16_len("\xc0\xaf", 2), 2);
	assert_int_equal(pfl_utf8_codepoints("\xc0\xaf", 2), 2);
	/* A prefix cut inside a character: each stray byte is one U+FFFD. */
	assert_int_equal(pfl_utf8_utf16_len(s, 3), 3);
}

/* Check one decode. */
static void check_decode(const char *s, size_t n, uint32_t want, size_t want_len)
{
	size_t len = 0;
	uint32_t cp = pfl_utf8_decode((const unsigned char *)s, n, &len);
	if (cp != want || len != want_len) {
		print_error("decode of %zu bytes: U+%04X (%zu bytes), expected U+%04X (%zu bytes)\n",
			    n, (unsigned)cp, len, (unsigned)want, want_len);
		mismatches++;
	}
}

static void test_utf8_decode(void **state)
{
	(void)state;
	mismatches = 0;
	check_decode("A", 1, 'A', 1);
	check_decode("\xc3\xa9", 2, 0xE9, 2);
	check_decode("\xe2\x82\xac", 3, 0x20AC, 3);
	check_decode("\xf0\x9f\x98\x80", 4, 0x1F600, 4);
	check_decode("\xf4\x8f\xbf\xbf", 4, 0x10FFFF, 4);
	check_decode("\xef\xbf\xbd", 3, 0xFFFD, 3);
	/* Overlong encodings of "/" and NUL. */
	check_decode("\xc0\xaf", 2, 0xFFFD, 1);
	check_decode("\xc0\x80", 2, 0xFFFD, 1);
	check_decode("\xe0\x80\xaf", 3, 0xFFFD, 1);
	check_decode("\xe0\x9f\xbf", 3, 0xFFFD, 1);
	check_decode("\xf0\x8f\xbf\xbf", 4, 0xFFFD, 1);
	/* Surrogates U+D800 and U+DFFF. */
	check_decode("\xed\xa0\x80", 3, 0xFFFD, 1);
	check_decode("\xed\xbf\xbf", 3, 0xFFFD, 1);
	/* Just below and just above the surrogates are fine. */
	check_decode("\xed\x9f\xbf", 3, 0xD7FF, 3);
	check_decode("\xee\x80\x80", 3, 0xE000, 3);
	/* Past U+10FFFF, a lone continuation byte, truncated input. */
	check_decode("\xf4\x90\x80\x80", 4, 0xFFFD, 1);
	check_decode("\x80", 1, 0xFFFD, 1);
	check_decode("\xf0\x9f\x98", 3, 0xFFFD, 1);
	check_decode("\xc3" "A", 2, 0xFFFD, 1);
	assert_int_equal(mismatches, 0);
}

/* ----------------------------------------------------------------- fileio */

static void test_fileio_read(void **state)
{
	(void)state;
	char *dir = tmpdir_make();
	char *p = pfl_path_join(dir, "a.py");
	const char text[] = "x = 1\r\ny = '\xc3\xa9'\n\0tail";
	write_text(p, text, sizeof(text) - 1);

	pfl_file_content fc;
	assert_int_equal(pfl_read_file(p, 0, &fc), PFL_READ_OK);
	assert_int_equal(fc.len, sizeof(text) - 1);
	assert_memory_equal(fc.data, text, sizeof(text) - 1);
	assert_int_equal(fc.data[fc.len], '\0');
	free(fc.data);

	/* Exactly at the limit is fine; one byte over is too large. */
	assert_int_equal(pfl_read_file(p, sizeof(text) - 1, &fc), PFL_READ_OK);
	free(fc.data);
	assert_int_equal(pfl_read_file(p, sizeof(text) - 2, &fc), PFL_READ_TOO_LARGE);
	assert_null(fc.data);
	assert_string_equal(pfl_read_status_str(PFL_READ_TOO_LARGE, 0), "file too large");

	/* An empty file reads as an empty, NUL-terminated string. */
	char *e = pfl_path_join(dir, "empty.py");
	write_text(e, "", 0);
	assert_int_equal(pfl_read_file(e, 0, &fc), PFL_READ_OK);
	assert_int_equal(fc.len, 0);
	assert_non_null(fc.data);
	assert_int_equal(fc.data[0], '\0');
	free(fc.data);

	free(e);
	free(p);
	tmpdir_remove(dir);
}

static void test_fileio_refuse(void **state)
{
	(void)state;
	char *dir = tmpdir_make();
	pfl_file_content fc;

	/* A FIFO with no writer: refused at once, never opened for a blocking read. */
	char *fifo = pfl_path_join(dir, "pipe.py");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	alarm(10); /* a hang fails the test instead of stalling the suite */
	assert_int_equal(pfl_read_file(fifo, 0, &fc), PFL_READ_NOT_REGULAR);
	alarm(0);
	assert_null(fc.data);
	assert_string_equal(pfl_read_status_str(PFL_READ_NOT_REGULAR, 0), "not a regular file");

	/* A directory. */
	assert_int_equal(pfl_read_file(dir, 0, &fc), PFL_READ_NOT_REGULAR);

	/* A path that does not exist. */
	char *none = pfl_path_join(dir, "missing.py");
	assert_int_equal(pfl_read_file(none, 0, &fc), PFL_READ_ERRNO);
	assert_int_equal(fc.err, ENOENT);
	assert_null(fc.data);
	assert_string_equal(pfl_read_status_str(PFL_READ_ERRNO, fc.err), "no such file or directory");

	/* A symlink loop. */
	char *loop = pfl_path_join(dir, "loop.py");
	assert_int_equal(symlink("loop.py", loop), 0);
	assert_int_equal(pfl_read_file(loop, 0, &fc), PFL_READ_ERRNO);
	assert_int_equal(fc.err, ELOOP);
	assert_string_equal(pfl_read_status_str(PFL_READ_ERRNO, fc.err),
			    "too many levels of symbolic links");

	free(loop);
	free(none);
	free(fifo);
	tmpdir_remove(dir);
}

static void test_fileio_write_atomic(void **state)
{
	(void)state;
	char *dir = tmpdir_make();
	char *p = pfl_path_join(dir, "report.sarif");
	const char *body = "{\"version\": \"2.1.0\"}\n";
	assert_int_equal(pfl_write_file_atomic(p, body, strlen(body)), 0);

	pfl_file_content fc;
	assert_int_equal(pfl_read_file(p, 0, &fc), PFL_READ_OK);
	assert_string_equal(fc.data, body);
	free(fc.data);
	/* Only the report is there: no temporary left behind. */
	assert_int_equal(dir_count(dir), 1);
	/* An ordinary file, readable by others as the umask allows. */
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	mode_t um = umask(0);
	umask(um);
	assert_int_equal(st.st_mode & 0777, 0666 & ~um);

	/* Replacing an existing file. */
	assert_int_equal(pfl_write_file_atomic(p, "new", 3), 0);
	assert_int_equal(pfl_read_file(p, 0, &fc), PFL_READ_OK);
	assert_string_equal(fc.data, "new");
	free(fc.data);
	/* An empty report is a real, empty file. */
	assert_int_equal(pfl_write_file_atomic(p, "", 0), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(dir_count(dir), 1);

	/* Into a directory that does not exist: -1 and nothing created. */
	char *sub = pfl_path_join(dir, "no-such-dir");
	char *q = pfl_path_join(sub, "out.json");
	fprintf(stderr, "(an error about '%s' is expected here)\n", q);
	assert_int_equal(pfl_write_file_atomic(q, body, strlen(body)), -1);
	assert_int_equal(access(q, F_OK), -1);
	assert_int_equal(access(sub, F_OK), -1);
	assert_int_equal(dir_count(dir), 1);

	free(q);
	free(sub);
	free(p);
	tmpdir_remove(dir);
}

/* ------------------------------------------------------------ pool, misc */

/* Shared state of the pool test. */
struct pool_ctx {
	atomic_int *hits;   /* per item */
	int *worker_of;     /* per item */
	int nthreads;
};

static void pool_item(void *ctx, size_t item, int worker)
{
	struct pool_ctx *c = ctx;
	atomic_fetch_add(&c->hits[item], 1);
	c->worker_of[item] = worker;
}

static void test_pool_each_item_once(void **state)
{
	(void)state;
	enum { N = 5000 };
	for (int nthreads = 1; nthreads <= 4; nthreads++) {
		struct pool_ctx c = { pfl_calloc(N, sizeof(atomic_int)),
				      pfl_calloc(N, sizeof(int)), nthreads };
		pfl_pool_run(nthreads, N, pool_item, &c, NULL);
		for (size_t i = 0; i < N; i++) {
			assert_int_equal(atomic_load(&c.hits[i]), 1);
			assert_in_range(c.worker_of[i], 0, nthreads - 1);
		}
		free(c.hits);
		free(c.worker_of);
	}
	/* No items: fn is never called. */
	struct pool_ctx none = { NULL, NULL, 2 };
	pfl_pool_run(2, 0, pool_item, &none, NULL);
	assert_true(pfl_pool_cpus() >= 1);
}

static void test_alloc_and_error(void **state)
{
	(void)state;
	int *z = pfl_calloc(100, sizeof(int));
	for (int i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	free(z);
	char *s = pfl_strndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	void *p = pfl_malloc(0); /* never NULL, even for zero bytes */
	assert_non_null(p);
	p = pfl_realloc(p, 1000);
	assert_non_null(p);
	free(p);
	assert_int_equal(pfl_error("expected test message about '%s'", "x.py"), -1);
}

/* The cache keys carry the binary's build id: gcc links one (SHA-1, 20 bytes) by default. */
static void test_cache_build_id(void **state)
{
	(void)state;
	pfl_strbuf id = PFL_STRBUF_INIT;
	pfl_cache_build_id(&id);
	assert_int_equal(id.len, 40);
	for (size_t i = 0; i < id.len; i++)
		assert_non_null(strchr("0123456789abcdef", id.buf[i]));
	pfl_strbuf_release(&id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_many_aligned),
		cmocka_unit_test(test_arena_zero_and_big),
		cmocka_unit_test(test_arena_strings),
		cmocka_unit_test(test_arena_release_reuse),
		cmocka_unit_test(test_array_push_get_last),
		cmocka_unit_test(test_array_grow_one_reserve),
		cmocka_unit_test(test_array_of_pointers),
		cmocka_unit_test(test_strbuf_init_add),
		cmocka_unit_test(test_strbuf_addf_long),
		cmocka_unit_test(test_strbuf_addchars),
		cmocka_unit_test(test_strbuf_detach_reset),
		cmocka_unit_test(test_path_join),
		cmocka_unit_test(test_path_normalize),
		cmocka_unit_test(test_path_basename_ext),
		cmocka_unit_test(test_path_glob),
		cmocka_unit_test(test_path_relative),
		cmocka_unit_test(test_utf8_invalid_at),
		cmocka_unit_test(test_utf8_utf16_len),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_fileio_read),
		cmocka_unit_test(test_fileio_refuse),
		cmocka_unit_test(test_fileio_write_atomic),
		cmocka_unit_test(test_pool_each_item_once),
		cmocka_unit_test(test_alloc_and_error),
		cmocka_unit_test(test_cache_build_id),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
