/*
 * test_lsp.c - the language server's parts that need no client: document
 * positions in UTF-8, UTF-16 and UTF-32, file URIs, message framing, and
 * the quick-fix edits (suppression comments in Python and C, PFL301's
 * list-to-set rewrite and the cases where it must not be offered).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/kb.h"
#include "engine/rule.h"
#include "lsp/fixes.h"
#include "lsp/rpc.h"
#include "lsp/text.h"

static int setup_all(void **state)
{
	(void)state;
	return pfl_rules_load() != 0 || pfl_kb_load() != 0;
}

/* ---- text ---- */

static pfl_position pos(uint32_t line, uint32_t ch)
{
	pfl_position p = { line, ch };
	return p;
}

static void test_lines(void **state)
{
	(void)state;
	pfl_text t = { 0 };
	const char *s = "a\r\nb\rc\nd";
	pfl_text_set(&t, s, strlen(s));
	assert_int_equal(t.nlines, 4);
	size_t n;
	const char *l = pfl_text_line(&t, 0, &n);
	assert_int_equal(n, 1);
	assert_memory_equal(l, "a", 1);
	l = pfl_text_line(&t, 1, &n);
	assert_int_equal(n, 1);
	assert_memory_equal(l, "b", 1);
	l = pfl_text_line(&t, 3, &n);
	assert_int_equal(n, 1);
	assert_memory_equal(l, "d", 1);
	assert_null(pfl_text_line(&t, 4, &n));
	/* The end of line 0 is before "\r\n"; a character past it clamps there. */
	assert_int_equal(pfl_text_offset(&t, pos(0, 9), PFL_ENC_UTF16), 1);
	assert_int_equal(pfl_text_offset(&t, pos(1, 0), PFL_ENC_UTF16), 3);
	assert_int_equal(pfl_text_offset(&t, pos(2, 0), PFL_ENC_UTF16), 5);
	assert_int_equal(pfl_text_offset(&t, pos(9, 0), PFL_ENC_UTF16), strlen(s));
	pfl_position p = pfl_text_position(&t, 2, PFL_ENC_UTF16); /* inside "\r\n" */
	assert_int_equal(p.line, 0);
	assert_int_equal(p.character, 1);
	pfl_text_release(&t);
}

static void test_encodings(void **state)
{
	(void)state;
	pfl_text t = { 0 };
	/* x = "é😀"; y   é is 2 bytes, 1 unit; 😀 is 4 bytes, 2 UTF-16 units, 1 code point. */
	const char *s = "x = \"\xC3\xA9\xF0\x9F\x98\x80\"; y\n";
	pfl_text_set(&t, s, strlen(s));
	size_t y = (size_t)(strchr(s, 'y') - s);
	assert_int_equal(pfl_text_position(&t, y, PFL_ENC_UTF8).character, 14);
	assert_int_equal(pfl_text_position(&t, y, PFL_ENC_UTF16).character, 11);
	assert_int_equal(pfl_text_position(&t, y, PFL_ENC_UTF32).character, 10);
	assert_int_equal(pfl_text_offset(&t, pos(0, 14), PFL_ENC_UTF8), y);
	assert_int_equal(pfl_text_offset(&t, pos(0, 11), PFL_ENC_UTF16), y);
	assert_int_equal(pfl_text_offset(&t, pos(0, 10), PFL_ENC_UTF32), y);
	/* Between the two surrogates: the start of the emoji. In a UTF-8 sequence: its start. */
	assert_int_equal(pfl_text_offset(&t, pos(0, 7), PFL_ENC_UTF16), 7);
	assert_int_equal(pfl_text_offset(&t, pos(0, 9), PFL_ENC_UTF8), 7);
	assert_int_equal(pfl_text_offset(&t, pos(0, 6), PFL_ENC_UTF8), 5);
	pfl_text_release(&t);
}

static void test_replace(void **state)
{
	(void)state;
	pfl_text t = { 0 };
	pfl_text_set(&t, "one\ntwo\n", 8);
	pfl_text_replace(&t, 4, 7, "2\n2b", 4);
	assert_string_equal(t.data, "one\n2\n2b\n");
	assert_int_equal(t.nlines, 4);
	pfl_text_replace(&t, 100, 200, "!", 1); /* clamped to the end */
	assert_string_equal(t.data, "one\n2\n2b\n!");
	pfl_text_release(&t);
}

static void test_uris(void **state)
{
	(void)state;
	char *p = pfl_uri_to_path("file:///tmp/a%20b/%C3%A9.py");
	assert_string_equal(p, "/tmp/a b/\xC3\xA9.py");
	char *u = pfl_uri_from_path(p);
	assert_string_equal(u, "file:///tmp/a%20b/%C3%A9.py");
	free(u);
	free(p);
	p = pfl_uri_to_path("file://localhost/x.py");
	assert_string_equal(p, "/x.py");
	free(p);
	assert_null(pfl_uri_to_path("untitled:Untitled-1"));
	assert_null(pfl_uri_to_path("file://server/share/x.py"));
	assert_null(pfl_uri_to_path("file:///a%00b"));
	assert_null(pfl_uri_to_path("file:///a%zz"));
	assert_int_equal(pfl_encoding_parse("utf-32"), PFL_ENC_UTF32);
	assert_int_equal(pfl_encoding_parse("UTF-8"), -1);
	assert_string_equal(pfl_encoding_name(PFL_ENC_UTF16), "utf-16");
}

/* ---- framing ---- */

/* A reader over a pipe holding data (the write end closed: EOF after it). */
static pfl_rpc_reader *reader_of(const char *data, size_t len, size_t max)
{
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	assert_int_equal(write(fd[1], data, len), (ssize_t)len);
	close(fd[1]);
	pfl_rpc_reader *r = pfl_rpc_reader_new(fd[0], max);
	return r;
}

static void expect_message(pfl_rpc_reader *r, const char *want)
{
	char *body;
	size_t len;
	assert_int_equal(pfl_rpc_read(r, 1000, &body, &len), PFL_RPC_MESSAGE);
	assert_int_equal(len, strlen(want));
	assert_string_equal(body, want);
	free(body);
}

static void test_framing(void **state)
{
	(void)state;
	static const char in[] =
		"Content-Length: 2\r\n\r\n{}"
		"content-type: x\r\nCONTENT-LENGTH:3\r\n\r\n[1]"
		"Content-Length: nope\r\n\r\ngarbage"
		"Content-Length: 12\r\n\r\n0123456789ab"
		"Content-Length: 1\r\n\r\n5"
		"Content-Length: 9\r\n\r\nshort";
	pfl_rpc_reader *r = reader_of(in, sizeof(in) - 1, 10);
	expect_message(r, "{}");
	expect_message(r, "[1]");
	char *body;
	size_t len;
	/* The bad header is skipped; the 12-byte body is above the limit of 10. */
	assert_int_equal(pfl_rpc_read(r, 1000, &body, &len), PFL_RPC_TOO_LARGE);
	expect_message(r, "5");
	assert_int_equal(pfl_rpc_read(r, 1000, &body, &len), PFL_RPC_EOF);
	assert_null(body);
	pfl_rpc_reader_free(r);
}

/* A header block without Content-Length is skipped, whatever follows it (it once looped forever). */
static void test_resync(void **state)
{
	(void)state;
	static const char in[] = "garbage\r\n\r\nX-Other: 1\r\n\r\nContent-Length: 2\r\n\r\nok";
	pfl_rpc_reader *r = reader_of(in, sizeof(in) - 1, 100);
	expect_message(r, "ok");
	char *body;
	size_t len;
	assert_int_equal(pfl_rpc_read(r, 1000, &body, &len), PFL_RPC_EOF);
	pfl_rpc_reader_free(r);
	static const char alone[] = "garbage\r\n\r\n";
	r = reader_of(alone, sizeof(alone) - 1, 100);
	assert_int_equal(pfl_rpc_read(r, 1000, &body, &len), PFL_RPC_EOF);
	pfl_rpc_reader_free(r);
}

static void test_timeout(void **state)
{
	(void)state;
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	pfl_rpc_reader *r = pfl_rpc_reader_new(fd[0], 100);
	char *body;
	size_t len;
	assert_int_equal(pfl_rpc_read(r, 0, &body, &len), PFL_RPC_TIMEOUT);
	assert_int_equal(write(fd[1], "Content-Length: 4\r\n\r\nab", 23), 23);
	assert_int_equal(pfl_rpc_read(r, 10, &body, &len), PFL_RPC_TIMEOUT);
	assert_int_equal(write(fd[1], "cd", 2), 2);
	expect_message(r, "abcd");
	close(fd[1]);
	assert_int_equal(pfl_rpc_read(r, 1000, &body, &len), PFL_RPC_EOF);
	pfl_rpc_reader_free(r);
	close(fd[0]);

	/* Writing: the exact frame. */
	assert_int_equal(pipe(fd), 0);
	assert_int_equal(pfl_rpc_write(fd[1], "{\"a\":1}", 7), 0);
	char buf[64] = { 0 };
	assert_int_equal(read(fd[0], buf, sizeof(buf) - 1), 28);
	assert_string_equal(buf, "Content-Length: 7\r\n\r\n{\"a\":1}");
	close(fd[0]);
	close(fd[1]);
}

/* ---- suppression edits ---- */

/* The text with the suppression for rule on lines line..end_line applied, or NULL (heap). */
static char *suppressed(pfl_lang lang, const char *src, const char *rule, uint32_t line, uint32_t end_line)
{
	pfl_fix_edit e;
	if (pfl_fix_suppress(lang, src, strlen(src), rule, line, end_line, &e) != 0)
		return NULL;
	size_t n = strlen(src), tl = strlen(e.text);
	char *out = malloc(n + tl + 1);
	memcpy(out, src, e.start);
	memcpy(out + e.start, e.text, tl);
	strcpy(out + e.start + tl, src + e.end);
	pfl_fix_edit_release(&e);
	return out;
}

static void expect_suppressed(pfl_lang lang, const char *src, const char *rule, uint32_t line, uint32_t end_line,
			      const char *want)
{
	char *got = suppressed(lang, src, rule, line, end_line);
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_suppress_python(void **state)
{
	(void)state;
	expect_suppressed(PFL_LANG_PYTHON, "for u in us:\n    get(u)\n", "PFL101", 2, 2,
			  "for u in us:\n    get(u)  # perflint: disable=PFL101\n");
	/* CRLF: before the "\r". */
	expect_suppressed(PFL_LANG_PYTHON, "for u in us:\r\n    get(u)\r\n", "PFL101", 2, 2,
			  "for u in us:\r\n    get(u)  # perflint: disable=PFL101\r\n");
	/* An existing list gets the rule; its explanation stays. */
	expect_suppressed(PFL_LANG_PYTHON, "x(u)  # perflint: disable=PFL201, PFL3 -- why\n", "PFL101", 1, 1,
			  "x(u)  # perflint: disable=PFL201, PFL3,PFL101 -- why\n");
	/* Another comment: the directive follows it. */
	expect_suppressed(PFL_LANG_PYTHON, "x(u)  # type: ignore\n", "PFL101", 1, 1,
			  "x(u)  # type: ignore  # perflint: disable=PFL101\n");
	/* "disable-next-line=" is not this line's list. */
	expect_suppressed(PFL_LANG_PYTHON, "x(u)  # perflint: disable-next-line=PFL2\n", "PFL101", 1, 1,
			  "x(u)  # perflint: disable-next-line=PFL2  # perflint: disable=PFL101\n");
	/* A "perflint: disable=" inside a string is not a comment. */
	expect_suppressed(PFL_LANG_PYTHON, "x('# perflint: disable=PFL2')\n", "PFL101", 1, 1,
			  "x('# perflint: disable=PFL2')  # perflint: disable=PFL101\n");
	/* The first line continues with a backslash: the last line gets it. */
	expect_suppressed(PFL_LANG_PYTHON, "s = s + \\\n    x\n", "PFL201", 1, 2,
			  "s = s + \\\n    x  # perflint: disable=PFL201\n");
	/* The first line ends inside a triple-quoted string: the last line. */
	expect_suppressed(PFL_LANG_PYTHON, "s += f(\"\"\"a\nb\"\"\")\n", "PFL201", 1, 2,
			  "s += f(\"\"\"a\nb\"\"\")  # perflint: disable=PFL201\n");
	/* Unknown rule, line 0, a line past the end. */
	expect_suppressed(PFL_LANG_PYTHON, "x\n", "PFL999", 1, 1, NULL);
	expect_suppressed(PFL_LANG_PYTHON, "x\n", "PFL101", 0, 0, NULL);
	expect_suppressed(PFL_LANG_PYTHON, "x\n", "PFL101", 7, 7, NULL);
}

static void test_suppress_c(void **state)
{
	(void)state;
	expect_suppressed(PFL_LANG_C, "\tstrcat(a, b);\n", "PFL201", 1, 1, "\tstrcat(a, b);  // perflint: disable=PFL201\n");
	/* Ends inside a block comment opened on the line: a block comment before it. */
	expect_suppressed(PFL_LANG_C, "\tstrcat(a, b); /* one\n two */\n", "PFL201", 1, 1,
			  "\tstrcat(a, b); /* perflint: disable=PFL201 */ /* one\n two */\n");
	/* A closed block comment and a line comment: appended. */
	expect_suppressed(PFL_LANG_C, "\tstrcat(a, b); /* x */ // why\n", "PFL201", 1, 1,
			  "\tstrcat(a, b); /* x */ // why  // perflint: disable=PFL201\n");
	/* A macro line continued by a backslash: before the backslash. */
	expect_suppressed(PFL_LANG_C, "#define J(a, b) strcat(a, b); \\\n\tx\n", "PFL201", 1, 1,
			  "#define J(a, b) strcat(a, b); /* perflint: disable=PFL201 */ \\\n\tx\n");
	/* "/" "*" inside a string opens nothing. */
	expect_suppressed(PFL_LANG_C, "\tstrcat(a, \"/*\");\n", "PFL201", 1, 1,
			  "\tstrcat(a, \"/*\");  // perflint: disable=PFL201\n");
	/* An existing directive in a block comment. */
	expect_suppressed(PFL_LANG_C, "\tstrcat(a, b); /* perflint: disable=PFL501 */\n", "PFL201", 1, 1,
			  "\tstrcat(a, b); /* perflint: disable=PFL501,PFL201 */\n");
	/* The first line continues a string with a backslash: the finding's last line instead. */
	expect_suppressed(PFL_LANG_C, "\tstrcat(a, \"x\\\n y\");\n", "PFL201", 1, 2,
			  "\tstrcat(a, \"x\\\n y\");  // perflint: disable=PFL201\n");
}

/* ---- PFL301's rewrite ---- */

/* The text with the rewrite of the membership test `test` (its first occurrence) applied, or NULL. */
static char *rewritten(const char *src, const char *test)
{
	const char *at = strstr(src, test);
	assert_non_null(at);
	size_t start = (size_t)(at - src);
	pfl_fix_edit e;
	char *title;
	if (pfl_fix_set_literal(src, strlen(src), start, start + strlen(test), &e, &title) != 0)
		return NULL;
	assert_non_null(title);
	free(title);
	size_t n = strlen(src), tl = strlen(e.text);
	char *out = malloc(n + tl + 1);
	memcpy(out, src, e.start);
	memcpy(out + e.start, e.text, tl);
	strcpy(out + e.start + tl, src + e.end);
	pfl_fix_edit_release(&e);
	return out;
}

static void expect_rewrite(const char *src, const char *test, const char *want)
{
	char *got = rewritten(src, test);
	if (!want) {
		if (got)
			fail_msg("no rewrite expected, got:\n%s", got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_set_display(void **state)
{
	(void)state;
	expect_rewrite("for x in xs:\n    if x in [1, -2, 3.5e-1, 'a', b\"b\", True, None]:\n        pass\n",
		       "x in [1, -2, 3.5e-1, 'a', b\"b\", True, None]",
		       "for x in xs:\n    if x in {1, -2, 3.5e-1, 'a', b\"b\", True, None}:\n        pass\n");
	expect_rewrite("for x in xs:\n    if x not in [\n        'a',  # the first\n        'b',\n    ]:\n        pass\n",
		       "x not in [\n        'a',  # the first\n        'b',\n    ]",
		       "for x in xs:\n    if x not in {\n        'a',  # the first\n        'b',\n    }:\n        pass\n");
	/* Not constants, not hashable, not a plain display. */
	expect_rewrite("for x in xs:\n    if x in [a, b]:\n        pass\n", "x in [a, b]", NULL);
	expect_rewrite("for x in xs:\n    if x in [[1], [2]]:\n        pass\n", "x in [[1], [2]]", NULL);
	expect_rewrite("for x in xs:\n    if x in [f'{y}', 'z']:\n        pass\n", "x in [f'{y}', 'z']", NULL);
	expect_rewrite("for x in xs:\n    if x in [1 + 2, 3]:\n        pass\n", "x in [1 + 2, 3]", NULL);
	expect_rewrite("for x in xs:\n    if x in [(1, 2)]:\n        pass\n", "x in [(1, 2)]", NULL);
	/* The span must be the test's. */
	expect_rewrite("for x in xs:\n    if x in [1, 2]:\n        pass\n", "in [1, 2]", NULL);
}

static void test_set_local(void **state)
{
	(void)state;
	expect_rewrite("def f(rows):\n    ok = [1, 2]\n    for r in rows:\n        if r in ok or r not in ok:\n            pass\n",
		       "r in ok",
		       "def f(rows):\n    ok = {1, 2}\n    for r in rows:\n        if r in ok or r not in ok:\n            pass\n");
	/* Used otherwise, rebound, annotated, global, at module level, or several names for one list. */
	expect_rewrite("def f(rows):\n    ok = [1, 2]\n    for r in rows:\n        if r in ok:\n            ok.append(r)\n",
		       "r in ok", NULL);
	expect_rewrite("def f(rows):\n    ok = [1, 2]\n    ok = [3]\n    for r in rows:\n        if r in ok:\n            pass\n",
		       "r in ok", NULL);
	expect_rewrite("def f(rows):\n    ok: list = [1, 2]\n    for r in rows:\n        if r in ok:\n            pass\n",
		       "r in ok", NULL);
	expect_rewrite("def f(rows):\n    global ok\n    ok = [1, 2]\n    for r in rows:\n        if r in ok:\n            pass\n",
		       "r in ok", NULL);
	expect_rewrite("ok = [1, 2]\nfor r in rows:\n    if r in ok:\n        pass\n", "r in ok", NULL);
	expect_rewrite("def f(rows):\n    ok = alias = [1, 2]\n    for r in rows:\n        if r in alias:\n            pass\n",
		       "r in alias", NULL);
	expect_rewrite("def f(rows):\n    ok = [x, 2]\n    for r in rows:\n        if r in ok:\n            pass\n",
		       "r in ok", NULL);
	expect_rewrite("def f(rows):\n    ok = [1, 2]\n    def g():\n        return ok\n    for r in rows:\n        if r in ok:\n            pass\n",
		       "r in ok", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_uris),
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_resync),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_suppress_python),
		cmocka_unit_test(test_suppress_c),
		cmocka_unit_test(test_set_display),
		cmocka_unit_test(test_set_local),
	};
	return cmocka_run_group_tests(tests, setup_all, NULL);
}
