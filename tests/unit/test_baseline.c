/*
 * test_baseline.c - baselines (src/engine/baseline.c): the identity hash,
 * the exact bytes of a written file, round trips, what survives an edit
 * and what makes a finding new, duplicate counts, stale entries, paths
 * relative to the baseline's directory from other working directories,
 * and every error of a malformed file.
 *
 * Every test works in its own directory under /tmp (mkdtemp) and returns
 * to the original working directory; the directory is removed afterwards.
 * The hashes in the golden file were computed independently (FNV-1a 64 in
 * Python over rule, NUL, function, NUL, code without whitespace).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/baseline.h"
#include "engine/finding.h"
#include "engine/rule.h"
#include "util/strbuf.h"

/* ---- fixtures ---- */

/* A test's temporary directory and the working directory to return to. */
typedef struct fixture {
	char dir[64];      /* mkdtemp result */
	char real[PATH_MAX]; /* its realpath (/tmp may be a symlink) */
	char home[PATH_MAX]; /* working directory before the test */
} fixture;

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	assert_non_null(fx);
	strcpy(fx->dir, "/tmp/pfl-baseline-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	assert_non_null(realpath(fx->dir, fx->real));
	assert_non_null(getcwd(fx->home, sizeof(fx->home)));
	assert_int_equal(chdir(fx->dir), 0);
	*state = fx;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	fixture *fx = *state;
	if (chdir(fx->home) != 0)
		return -1;
	nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

static const pfl_rule_meta *rule(const char *id)
{
	const pfl_rule *r = pfl_rules_find(id);
	assert_non_null(r);
	return r->meta;
}

/* A finding with the fields a baseline uses (the rest is plausible filler). */
static pfl_finding mk(const char *rule_id, const char *path, uint32_t line, const char *function,
		      const char *code)
{
	pfl_finding f;
	memset(&f, 0, sizeof(f));
	f.rule = rule(rule_id);
	f.path = path;
	f.span.line = line;
	f.span.end_line = line;
	f.score = 70;
	f.message = "a query per loop iteration";
	f.code = code;
	f.function = function;
	return f;
}

/* The whole content of a file (heap, NUL-terminated). */
static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	pfl_strbuf sb = PFL_STRBUF_INIT;
	char buf[4096];
	size_t r;
	while ((r = fread(buf, 1, sizeof(buf), fp)) > 0)
		pfl_strbuf_add(&sb, buf, r);
	fclose(fp);
	return pfl_strbuf_detach(&sb, NULL);
}

static void spill(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void spit(const char *path, const char *text)
{
	spill(path, text, strlen(text));
}

static void mkdir_ok(const char *path)
{
	assert_int_equal(mkdir(path, 0777), 0);
}

/* Stderr captured into a file while a call runs. */
typedef struct capture {
	int saved;
	FILE *tmp;
} capture;

static void capture_begin(capture *c)
{
	fflush(stderr);
	c->tmp = tmpfile();
	assert_non_null(c->tmp);
	c->saved = dup(2);
	assert_true(c->saved >= 0);
	assert_true(dup2(fileno(c->tmp), 2) >= 0);
}

/* What was written to stderr since capture_begin (heap). */
static char *capture_end(capture *c)
{
	fflush(stderr);
	assert_true(dup2(c->saved, 2) >= 0);
	close(c->saved);
	rewind(c->tmp);
	pfl_strbuf sb = PFL_STRBUF_INIT;
	char buf[1024];
	size_t r;
	while ((r = fread(buf, 1, sizeof(buf), c->tmp)) > 0)
		pfl_strbuf_add(&sb, buf, r);
	fclose(c->tmp);
	return pfl_strbuf_detach(&sb, NULL);
}

/* Write findings to file and load it back; fails the test on error. */
static pfl_baseline *write_load(const char *file, const pfl_finding *fs, size_t n)
{
	assert_int_equal(pfl_baseline_write(file, fs, n), 0);
	pfl_baseline *b = pfl_baseline_load(file);
	assert_non_null(b);
	return b;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the key ---- */

/* FNV-1a 64, written out again for the test. */
static void ref_key(const char *rule_id, const char *fn, const char *code, char out[17])
{
	uint64_t h = UINT64_C(14695981039346656037);
	const char *parts[3] = { rule_id, fn, code };
	for (int k = 0; k < 3; k++) {
		for (const unsigned char *p = (const unsigned char *)parts[k]; *p; p++) {
			if (k == 2 && strchr(" \t\r\n\f\v", *p))
				continue;
			h = (h ^ *p) * UINT64_C(1099511628211);
		}
		if (k < 2)
			h = (h ^ 0) * UINT64_C(1099511628211);
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static void test_key(void **state)
{
	(void)state;
	char got[17], want[17];
	pfl_finding f = mk("PFL101", "a.py", 1, "f", "x=1");
	pfl_baseline_key(&f, got);
	assert_string_equal(got, "69a62ec54c975b2f");
	ref_key("PFL101", "f", "x=1", want);
	assert_string_equal(got, want);

	/* Whitespace of every kind does not count. */
	pfl_finding g = mk("PFL101", "b.py", 99, "f", "\t x \r\n=\f\v 1\n");
	pfl_baseline_key(&g, want);
	assert_string_equal(got, want);

	/* Rule, function and code do; the NUL separators keep fields apart. */
	pfl_finding h = mk("PFL201", "a.py", 1, "f", "x=1");
	pfl_baseline_key(&h, want);
	assert_string_not_equal(got, want);
	h = mk("PFL101", "a.py", 1, "g", "x=1");
	pfl_baseline_key(&h, want);
	assert_string_not_equal(got, want);
	h = mk("PFL101", "a.py", 1, "f", "x=2");
	pfl_baseline_key(&h, want);
	assert_string_not_equal(got, want);
	pfl_finding s1 = mk("PFL101", "a.py", 1, "fx", "=1");
	pfl_baseline_key(&s1, want);
	assert_string_not_equal(got, want);

	/* NULL function and code read as "". */
	pfl_finding z = mk("PFL101", "a.py", 1, NULL, NULL);
	pfl_finding e = mk("PFL101", "a.py", 1, "", "");
	pfl_baseline_key(&z, got);
	pfl_baseline_key(&e, want);
	assert_string_equal(got, want);
	ref_key("PFL101", "", "", want);
	assert_string_equal(got, want);
}

/* ---- the file ---- */

#define A10 "aaaaaaaaaa"
#define A114 A10 A10 A10 A10 A10 A10 A10 A10 A10 A10 A10 "aaaa"

static const char golden[] =
	"{\n"
	"  \"version\": 1,\n"
	"  \"tool\": \"perflint\",\n"
	"  \"findings\": [\n"
	"    {\n"
	"      \"path\": \"app/models.py\",\n"
	"      \"rule\": \"PFL101\",\n"
	"      \"function\": \"\",\n"
	"      \"hash\": \"99db3148cf03b1c7\",\n"
	"      \"count\": 1,\n"
	"      \"code\": \"x = \\\"a\\\\b\\\"\\t# tab\"\n"
	"    },\n"
	"    {\n"
	"      \"path\": \"app/views.py\",\n"
	"      \"rule\": \"PFL101\",\n"
	"      \"function\": \"app.views.a_helper\",\n"
	"      \"hash\": \"20d4eed93a5cbeb0\",\n"
	"      \"count\": 1,\n"
	"      \"code\": \"y = '" A114 "\"\n"
	"    },\n"
	"    {\n"
	"      \"path\": \"app/views.py\",\n"
	"      \"rule\": \"PFL101\",\n"
	"      \"function\": \"app.views.list_users\",\n"
	"      \"hash\": \"7e4decbc99216fc0\",\n"
	"      \"count\": 2,\n"
	"      \"code\": \"Profile.objects.get(user=u)\"\n"
	"    },\n"
	"    {\n"
	"      \"path\": \"app/views.py\",\n"
	"      \"rule\": \"PFL201\",\n"
	"      \"function\": \"app.views.build\",\n"
	"      \"hash\": \"5d166be2e3d6173d\",\n"
	"      \"count\": 1,\n"
	"      \"code\": \"s += x\"\n"
	"    }\n"
	"  ]\n"
	"}\n";

/* The golden findings, in no particular order. */
static void golden_findings(pfl_finding out[5])
{
	out[0] = mk("PFL201", "app/views.py", 30, "app.views.build", "    s += x\n    t += y");
	out[1] = mk("PFL101", "app/views.py", 9, "app.views.list_users", "        Profile.objects.get(user=u)");
	out[2] = mk("PFL101", "app/models.py", 3, "", "x = \"a\\b\"\t# tab");
	/* The cut at 120 bytes falls inside the "é": the excerpt stops before it. */
	out[3] = mk("PFL101", "app/views.py", 40, "app.views.a_helper", "        y = '" A114 "\xC3\xA9" "bbb'");
	out[4] = mk("PFL101", "app/views.py", 5, "app.views.list_users", "Profile.objects.get(user=u)\n");
}

static void test_golden(void **state)
{
	(void)state;
	mkdir_ok("app");
	pfl_finding fs[5];
	golden_findings(fs);
	assert_int_equal(pfl_baseline_write("baseline.json", fs, N(fs)), 0);
	char *got = slurp("baseline.json");
	assert_string_equal(got, golden);
	free(got);

	/* The order of the findings does not change a byte. */
	pfl_finding rev[5];
	for (size_t i = 0; i < N(fs); i++)
		rev[i] = fs[N(fs) - 1 - i];
	assert_int_equal(pfl_baseline_write("again.json", rev, N(rev)), 0);
	got = slurp("again.json");
	assert_string_equal(got, golden);
	free(got);

	/* A directory that does not exist yet is fine: paths are lexical then. */
	assert_int_equal(rmdir("app"), 0);
	assert_int_equal(pfl_baseline_write("lexical.json", fs, N(fs)), 0);
	got = slurp("lexical.json");
	assert_string_equal(got, golden);
	free(got);
}

static void test_empty(void **state)
{
	(void)state;
	assert_int_equal(pfl_baseline_write("empty.json", NULL, 0), 0);
	char *got = slurp("empty.json");
	assert_string_equal(got, "{\n  \"version\": 1,\n  \"tool\": \"perflint\",\n  \"findings\": []\n}\n");
	free(got);
	pfl_baseline *b = pfl_baseline_load("empty.json");
	assert_non_null(b);
	pfl_finding f = mk("PFL101", "a.py", 1, "f", "x");
	bool is_new = false;
	assert_int_equal(pfl_baseline_match(b, &f, 1, &is_new), 1);
	assert_true(is_new);
	size_t n = 99;
	pfl_baseline_stale_entries(b, &n);
	assert_int_equal(n, 0);
	pfl_baseline_free(b);
	pfl_baseline_free(NULL);
}

/* Control characters and invalid UTF-8 still make valid JSON that loads. */
static void test_odd_text(void **state)
{
	(void)state;
	pfl_finding fs[] = {
		mk("PFL101", "we\x01ird\xFF.py", 1, "f\x7f\xC3", "a\x02\xE2\x82 = b"),
		mk("PFL101", "plain.py", 2, "g", "\n\n   \n  first(x)  \n second"),
	};
	pfl_baseline *b = write_load("odd.json", fs, N(fs));
	char *got = slurp("odd.json");
	assert_non_null(strstr(got, "\"path\": \"we\\u0001ird\xEF\xBF\xBD.py\""));
	assert_non_null(strstr(got, "\"function\": \"f\\u007f\xEF\xBF\xBD\""));
	assert_non_null(strstr(got, "\"code\": \"first(x)\""));
	free(got);
	bool is_new[2];
	assert_int_equal(pfl_baseline_match(b, fs, N(fs), is_new), 0);
	pfl_baseline_free(b);
}

/* ---- matching ---- */

static void test_round_trip(void **state)
{
	(void)state;
	mkdir_ok("app");
	pfl_finding fs[5];
	golden_findings(fs);
	pfl_baseline *b = write_load("baseline.json", fs, N(fs));
	bool is_new[5];
	memset(is_new, 1, sizeof(is_new));
	assert_int_equal(pfl_baseline_match(b, fs, N(fs), is_new), 0);
	for (size_t i = 0; i < N(fs); i++)
		assert_false(is_new[i]);
	size_t n = 99;
	assert_null(pfl_baseline_stale_entries(b, &n));
	assert_int_equal(n, 0);

	/* Counts stay consumed: the same findings again are all new. */
	assert_int_equal(pfl_baseline_match(b, fs, N(fs), NULL), N(fs));
	pfl_baseline_free(b);
}

static void test_moved_and_reindented(void **state)
{
	(void)state;
	pfl_finding before[] = {
		mk("PFL101", "views.py", 10, "views.list_users", "    for u in users:\n        u.profile.get()"),
		mk("PFL201", "views.py", 20, "views.build", "s += x"),
	};
	pfl_baseline *b = write_load("bl.json", before, N(before));
	pfl_finding after[] = {
		/* Moved down by 57 lines and reindented (4 to 2 spaces, a tab, CRLF). */
		mk("PFL201", "views.py", 3, "views.build", "\ts  +=  x\r"),
		mk("PFL101", "views.py", 67, "views.list_users", "  for u in users:\r\n\tu.profile.get( )"),
	};
	bool is_new[2] = { true, true };
	assert_int_equal(pfl_baseline_match(b, after, N(after), is_new), 0);
	assert_false(is_new[0]);
	assert_false(is_new[1]);
	pfl_baseline_free(b);
}

static void test_different_is_new(void **state)
{
	(void)state;
	pfl_finding base[] = {
		mk("PFL101", "views.py", 10, "views.list_users", "u.profile.get()"),
	};
	pfl_finding now[] = {
		mk("PFL101", "views.py", 10, "views.list_admins", "u.profile.get()"), /* function */
		mk("PFL101", "views.py", 10, "views.list_users", "u.profile.all()"),   /* code */
		mk("PFL102", "views.py", 10, "views.list_users", "u.profile.get()"),   /* rule */
		mk("PFL101", "other.py", 10, "views.list_users", "u.profile.get()"),   /* file */
		mk("PFL101", "views.py", 99, "views.list_users", "u . profile . get ( )"), /* same */
	};
	pfl_baseline *b = write_load("bl.json", base, N(base));
	bool is_new[5];
	assert_int_equal(pfl_baseline_match(b, now, N(now), is_new), 4);
	assert_true(is_new[0]);
	assert_true(is_new[1]);
	assert_true(is_new[2]);
	assert_true(is_new[3]);
	assert_false(is_new[4]);
	pfl_baseline_free(b);
}

static void test_duplicates(void **state)
{
	(void)state;
	pfl_finding two[] = {
		mk("PFL101", "a.py", 5, "f", "db.get(i)"),
		mk("PFL101", "a.py", 9, "f", "db.get(i)"),
	};
	pfl_baseline *b = write_load("bl.json", two, N(two));
	char *text = slurp("bl.json");
	assert_non_null(strstr(text, "\"count\": 2,"));
	free(text);

	pfl_finding three[] = {
		mk("PFL101", "a.py", 5, "f", "db.get(i)"),
		mk("PFL101", "a.py", 9, "f", "db.get(i)"),
		mk("PFL101", "a.py", 14, "f", "db.get(i)"),
	};
	bool is_new[3];
	assert_int_equal(pfl_baseline_match(b, three, N(three), is_new), 1);
	assert_false(is_new[0]);
	assert_false(is_new[1]);
	assert_true(is_new[2]);
	size_t n;
	pfl_baseline_stale_entries(b, &n);
	assert_int_equal(n, 0);
	pfl_baseline_free(b);

	/* The other way round: two recorded, one left, one copy is stale. */
	b = pfl_baseline_load("bl.json");
	assert_non_null(b);
	assert_int_equal(pfl_baseline_match(b, three, 1, is_new), 0);
	const pfl_baseline_stale *st = pfl_baseline_stale_entries(b, &n);
	assert_int_equal(n, 1);
	assert_string_equal(st[0].path, "a.py");
	assert_int_equal(st[0].count, 1);
	pfl_baseline_free(b);
}

static void test_stale(void **state)
{
	(void)state;
	pfl_finding base[] = {
		mk("PFL101", "b.py", 1, "b.f", "one()"),
		mk("PFL201", "a.py", 2, "a.g", "s += t"),
		mk("PFL301", "c.py", 3, "", "x in xs"),
		mk("PFL101", "a.py", 4, "a.h", "db.get()"),
		mk("PFL101", "a.py", 5, "a.h", "db.get()"),
	};
	pfl_baseline *b = write_load("bl.json", base, N(base));
	/* Only b.py's finding remains, and one copy of a.h's. */
	pfl_finding now[] = { base[0], base[3] };
	assert_int_equal(pfl_baseline_match(b, now, N(now), NULL), 0);
	size_t n;
	const pfl_baseline_stale *st = pfl_baseline_stale_entries(b, &n);
	assert_int_equal(n, 3);
	/* File order: a.py PFL101 a.h, a.py PFL201, c.py PFL301. */
	assert_string_equal(st[0].path, "a.py");
	assert_string_equal(st[0].rule, "PFL101");
	assert_string_equal(st[0].function, "a.h");
	assert_string_equal(st[0].code, "db.get()");
	assert_int_equal(st[0].count, 1);
	assert_string_equal(st[1].path, "a.py");
	assert_string_equal(st[1].rule, "PFL201");
	assert_string_equal(st[1].function, "a.g");
	assert_int_equal(st[1].count, 1);
	assert_string_equal(st[2].path, "c.py");
	assert_string_equal(st[2].rule, "PFL301");
	assert_string_equal(st[2].function, "");
	assert_string_equal(st[2].code, "x in xs");
	/* A second call gives the same answer. */
	const pfl_baseline_stale *again = pfl_baseline_stale_entries(b, &n);
	assert_int_equal(n, 3);
	assert_string_equal(again[2].path, "c.py");
	assert_string_equal(st[0].path, "a.py");
	pfl_baseline_free(b);
}

/* A hand-written file: optional keys omitted, unknown keys, a merged duplicate. */
static void test_lenient_reader(void **state)
{
	(void)state;
	pfl_finding f = mk("PFL101", "a.py", 1, "f", "x=1");
	char hash[17];
	pfl_baseline_key(&f, hash);
	char text[1024];
	snprintf(text, sizeof(text),
		 "{\"findings\": ["
		 "{\"path\": \"a.py\", \"rule\": \"PFL101\", \"hash\": \"%s\", \"count\": 1, \"note\": 7},"
		 "{\"path\": \"zz.py\", \"rule\": \"PFL999\", \"hash\": \"0000000000000000\", \"count\": 3},"
		 "{\"count\": 1.0, \"hash\": \"%s\", \"rule\": \"PFL101\", \"path\": \"a.py\"}"
		 "], \"version\": 1, \"extra\": {}}",
		 hash, hash);
	spit("hand.json", text);
	pfl_baseline *b = pfl_baseline_load("hand.json");
	assert_non_null(b);
	pfl_finding now[] = { f, f, f };
	bool is_new[3];
	assert_int_equal(pfl_baseline_match(b, now, N(now), is_new), 1);
	assert_false(is_new[0]);
	assert_false(is_new[1]);
	assert_true(is_new[2]);
	size_t n;
	const pfl_baseline_stale *st = pfl_baseline_stale_entries(b, &n);
	assert_int_equal(n, 1);
	assert_string_equal(st[0].path, "zz.py");
	assert_string_equal(st[0].rule, "PFL999");
	assert_string_equal(st[0].function, "");
	assert_string_equal(st[0].code, "");
	assert_int_equal(st[0].count, 3);
	pfl_baseline_free(b);
}

/* ---- paths ---- */

static void test_paths(void **state)
{
	fixture *fx = *state;
	char buf[PATH_MAX + 64];
	/* repo/src/app.py, repo/.perflint/baseline.json, outside/lib.py, link -> repo */
	mkdir_ok("repo");
	mkdir_ok("repo/src");
	mkdir_ok("repo/.perflint");
	mkdir_ok("outside");
	assert_int_equal(symlink("repo", "link"), 0);
	snprintf(buf, sizeof(buf), "%s/outside/lib.py", fx->dir);
	char *outside_abs = strdup(buf);

	/* Written from repo/ into repo/: relative paths; outside/ stays absolute. */
	assert_int_equal(chdir("repo"), 0);
	pfl_finding at_repo[] = {
		mk("PFL101", "src/app.py", 3, "app.f", "db.get()"),
		mk("PFL101", outside_abs, 3, "lib.g", "db.get()"),
	};
	assert_int_equal(pfl_baseline_write("baseline.json", at_repo, N(at_repo)), 0);
	char *text = slurp("baseline.json");
	assert_non_null(strstr(text, "\"path\": \"src/app.py\""));
	snprintf(buf, sizeof(buf), "\"path\": \"%s/outside/lib.py\"", fx->real);
	assert_non_null(strstr(text, buf)); /* outside: absolute, resolved */
	free(text);
	/* A baseline in a subdirectory: src/ is outside it, so absolute. */
	assert_int_equal(pfl_baseline_write(".perflint/baseline.json", at_repo, 1), 0);
	text = slurp(".perflint/baseline.json");
	snprintf(buf, sizeof(buf), "\"path\": \"%s/repo/src/app.py\"", fx->real);
	assert_non_null(strstr(text, buf));
	free(text);

	/* Matched from repo/src with the path "app.py". */
	assert_int_equal(chdir("src"), 0);
	pfl_baseline *b = pfl_baseline_load("../baseline.json");
	assert_non_null(b);
	pfl_finding in_src[] = {
		mk("PFL101", "app.py", 30, "app.f", "db.get()"),
		mk("PFL101", "../../outside/lib.py", 30, "lib.g", "db.get()"),
	};
	bool is_new[2] = { true, true };
	assert_int_equal(pfl_baseline_match(b, in_src, N(in_src), is_new), 0);
	pfl_baseline_free(b);

	/* From the temporary directory, through the symlink, as "link/src/app.py". */
	assert_int_equal(chdir(fx->dir), 0);
	b = pfl_baseline_load("link/baseline.json");
	assert_non_null(b);
	pfl_finding via_link[] = {
		mk("PFL101", "link/src/app.py", 1, "app.f", "db.get()"),
		mk("PFL101", "./outside/../outside/lib.py", 1, "lib.g", "db.get()"),
	};
	assert_int_equal(pfl_baseline_match(b, via_link, N(via_link), is_new), 0);
	pfl_baseline_free(b);

	/* An absolute finding path, working directory elsewhere entirely. */
	assert_int_equal(chdir("/"), 0);
	snprintf(buf, sizeof(buf), "%s/repo/baseline.json", fx->dir);
	b = pfl_baseline_load(buf);
	assert_non_null(b);
	snprintf(buf, sizeof(buf), "%s/link/src/app.py", fx->dir);
	pfl_finding abs_path = mk("PFL101", buf, 1, "app.f", "db.get()");
	assert_int_equal(pfl_baseline_match(b, &abs_path, 1, is_new), 0);
	/* A file of the same name elsewhere is another file. */
	pfl_finding other = mk("PFL101", "src/app.py", 1, "app.f", "db.get()");
	assert_int_equal(pfl_baseline_match(b, &other, 1, is_new), 1);
	pfl_baseline_free(b);

	/* Written through the symlink from inside it: the same file. */
	snprintf(buf, sizeof(buf), "%s/link", fx->dir);
	assert_int_equal(chdir(buf), 0);
	assert_int_equal(pfl_baseline_write("second.json", at_repo, N(at_repo)), 0);
	assert_int_equal(chdir(fx->dir), 0);
	char *first = slurp("repo/baseline.json");
	char *second = slurp("repo/second.json");
	assert_string_equal(first, second);
	free(first);
	free(second);
	free(outside_abs);
}

/* ---- errors ---- */

/* Load content from file and expect NULL and a message with every piece. */
static void expect_load_error(const char *file, const char *content, const char *want1, const char *want2)
{
	if (content)
		spit(file, content);
	capture c;
	capture_begin(&c);
	pfl_baseline *b = pfl_baseline_load(file);
	char *err = capture_end(&c);
	if (b || !strstr(err, "perflint: error: ") || !strstr(err, file) || !strstr(err, want1) ||
	    (want2 && !strstr(err, want2)))
		fail_msg("content %s: got %s and message <%s>, want <%s> <%s>", content ? content : "(none)",
			 b ? "a baseline" : "NULL", err, want1, want2 ? want2 : "");
	/* One line. */
	const char *nl = strchr(err, '\n');
	assert_non_null(nl);
	assert_int_equal(nl[1], '\0');
	free(err);
	if (content)
		unlink(file);
}

#define H "\"hash\": \"0123456789abcdef\""
#define E(body) "{\"version\": 1, \"findings\": [{\"path\": \"a.py\", \"rule\": \"PFL101\", " H ", \"count\": 1}, " body "]}"

static void test_load_errors(void **state)
{
	(void)state;
	expect_load_error("missing.json", NULL, "cannot read baseline 'missing.json': No such file or directory",
			  NULL);
	mkdir_ok("adir");
	expect_load_error("adir", NULL, "cannot read baseline 'adir'", "not a regular file");

	expect_load_error("b.json", "", "not valid JSON", "line 1, column 1");
	expect_load_error("b.json", "{\"version\": 1,\n \"findings\": [}\n", "not valid JSON", "line 2");
	expect_load_error("b.json", "{\"version\": 1, \"findings\": []} x", "not valid JSON", NULL);
	static const char with_nul[] = "{\"version\": 1, \"findings\": []}\0x";
	spill("b.json", with_nul, sizeof(with_nul) - 1);
	expect_load_error("b.json", NULL, "not valid JSON", "NUL byte");
	expect_load_error("b.json", "[]", "top level is not a JSON object", NULL);
	expect_load_error("b.json", "{\"findings\": []}", "missing key \"version\"", NULL);
	expect_load_error("b.json", "{\"version\": \"1\", \"findings\": []}", "\"version\" is not a number", NULL);
	expect_load_error("b.json", "{\"version\": 2, \"findings\": []}", "unsupported version 2",
			  "reads version 1");
	expect_load_error("b.json", "{\"version\": 1, \"tool\": 5, \"findings\": []}", "\"tool\" is not a string",
			  NULL);
	expect_load_error("b.json", "{\"version\": 1}", "missing key \"findings\"", NULL);
	expect_load_error("b.json", "{\"version\": 1, \"findings\": {}}", "\"findings\" is not an array", NULL);

	/* Entry errors name the entry's index (1: the first entry is good). */
	expect_load_error("b.json", E("3"), "findings[1] is not an object", NULL);
	expect_load_error("b.json", E("{\"rule\": \"PFL101\", " H ", \"count\": 1}"),
			  "findings[1]: missing key \"path\"", NULL);
	expect_load_error("b.json", E("{\"path\": [], \"rule\": \"PFL101\", " H ", \"count\": 1}"),
			  "findings[1].path is not a string", NULL);
	expect_load_error("b.json", E("{\"path\": \"\", \"rule\": \"PFL101\", " H ", \"count\": 1}"),
			  "findings[1].path is empty", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", " H ", \"count\": 1}"),
			  "findings[1]: missing key \"rule\"", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": null, " H ", \"count\": 1}"),
			  "findings[1].rule is not a string", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", \"count\": 1}"),
			  "findings[1]: missing key \"hash\"", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", \"hash\": \"0123456789ABCDEF\", \"count\": 1}"),
			  "findings[1].hash is not 16 lowercase hex digits", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", \"hash\": \"0123\", \"count\": 1}"),
			  "findings[1].hash is not 16 lowercase hex digits", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", \"hash\": \"0123456789abcdef0\", \"count\": 1}"),
			  "findings[1].hash is not 16 lowercase hex digits", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", \"hash\": 12, \"count\": 1}"),
			  "findings[1].hash is not 16 lowercase hex digits", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", " H "}"),
			  "findings[1]: missing key \"count\"", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", " H ", \"count\": 0}"),
			  "findings[1].count is not an integer of at least 1", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", " H ", \"count\": -4}"),
			  "findings[1].count is not an integer of at least 1", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", " H ", \"count\": 1.5}"),
			  "findings[1].count is not an integer of at least 1", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", " H ", \"count\": \"1\"}"),
			  "findings[1].count is not an integer of at least 1", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", " H ", \"count\": 1e300}"),
			  "findings[1].count is too large", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", " H ", \"count\": 4294967295}"),
			  "findings[1].count is too large", NULL); /* merged with findings[0]: 2^32 */
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", " H ", \"count\": 1, \"function\": 1}"),
			  "findings[1].function is not a string", NULL);
	expect_load_error("b.json", E("{\"path\": \"a.py\", \"rule\": \"PFL101\", " H ", \"count\": 1, \"code\": false}"),
			  "findings[1].code is not a string", NULL);

	/* The good entry alone loads. */
	spit("b.json", E("{\"path\": \"b.py\", \"rule\": \"PFL101\", " H ", \"count\": 4294967295}"));
	pfl_baseline *b = pfl_baseline_load("b.json");
	assert_non_null(b);
	pfl_baseline_free(b);
}

static void test_write_errors(void **state)
{
	(void)state;
	pfl_finding f = mk("PFL101", "a.py", 1, "f", "x");
	capture c;
	capture_begin(&c);
	int rc = pfl_baseline_write("no/such/dir/baseline.json", &f, 1);
	char *err = capture_end(&c);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "perflint: error: cannot write baseline 'no/such/dir/baseline.json'"));
	free(err);

	/* A directory in the file's place: the write fails, nothing is left behind. */
	mkdir_ok("taken");
	capture_begin(&c);
	rc = pfl_baseline_write("taken", &f, 1);
	err = capture_end(&c);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "'taken'"));
	free(err);
}

/* ---- scale ---- */

/* 25,000 findings in 500 files against a baseline of the same: quick. */
static void test_many(void **state)
{
	(void)state;
	enum { NF = 25000, FILES = 500 };
	pfl_finding *fs = calloc(NF, sizeof(*fs));
	char **strs = calloc(NF * 2, sizeof(*strs));
	assert_non_null(fs);
	assert_non_null(strs);
	mkdir_ok("pkg");
	for (size_t i = 0; i < NF; i++) {
		char path[64], code[64];
		snprintf(path, sizeof(path), "pkg/m%03zu.py", i % FILES);
		snprintf(code, sizeof(code), "db.get(%zu)", i % 4000); /* some duplicates */
		strs[2 * i] = strdup(path);
		strs[2 * i + 1] = strdup(code);
		fs[i] = mk(i % 3 ? "PFL101" : "PFL201", strs[2 * i], (uint32_t)i, "f", strs[2 * i + 1]);
	}
	pfl_baseline *b = write_load("big.json", fs, NF);
	bool *is_new = calloc(NF, sizeof(*is_new));
	assert_non_null(is_new);
	/* The last finding is new: its code changed. */
	fs[NF - 1].code = "db.get_many(ids)";
	assert_int_equal(pfl_baseline_match(b, fs, NF, is_new), 1);
	assert_true(is_new[NF - 1]);
	size_t n;
	const pfl_baseline_stale *st = pfl_baseline_stale_entries(b, &n);
	assert_int_equal(n, 1);
	assert_int_equal(st[0].count, 1);
	pfl_baseline_free(b);
	for (size_t i = 0; i < NF * 2; i++)
		free(strs[i]);
	free(strs);
	free(fs);
	free(is_new);
}

int main(void)
{
	if (pfl_rules_load() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_golden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_odd_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_and_reindented, setup, teardown),
		cmocka_unit_test_setup_teardown(test_different_is_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lenient_reader, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
