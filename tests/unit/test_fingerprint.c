/*
 * test_fingerprint.c - pfl_fingerprint_lines against GitHub's algorithm.
 *
 * Every expected string below was produced once by the reference port of
 * the upload action's fingerprints.ts, run on the same bytes:
 *
 *   node tests/tools/fingerprint_ref.js FILE
 *
 * which prints "<line> <hash>" per line. To add a vector, write its bytes
 * to a file, run the script and paste its output here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/fingerprint.h"
#include "util/strbuf.h"

/* One input and the hash of each of its lines, line 1 first. */
typedef struct vector {
	const char *name;
	const char *text;
	size_t len;
	const char *const *want; /* NULL-terminated */
} vector;

#define TEXT(s) s, sizeof(s) - 1

/* The end-of-file marker's line: 65535 then 99 zeros. */
#define EOF_LINE "c129715d7a2bc9a3:1"

static const char *const want_empty[] = { EOF_LINE, NULL };
static const char *const want_basic[] = {
	"3500b72a4d7dbe57:1", "4cd2d5cdff705f66:1", EOF_LINE, NULL,
};
static const char *const want_crlf[] = {
	"5ceeb771b3aff0bd:1", "ab1f8ed3e7dc41c1:1", EOF_LINE, NULL,
};
static const char *const want_lone_cr[] = {
	"e29b9650316d6922:1", "8224ba6bd678b490:1", "76dcabf80cb35c79:1", NULL,
};
static const char *const want_blank_lines[] = {
	"4e5d562094661a0d:1", "5b5d4caf73a13177:1", "3c5bef55b72b93c9:1", EOF_LINE, NULL,
};
/* Spaces and tabs are skipped: both spellings hash the same. */
static const char *const want_whitespace[] = {
	"f9533fc86ade9b9b:1", "17ab1ef2caecdd1c:1", EOF_LINE, NULL,
};
/* The first seven lines see the same 100 characters: counts 1 to 7. */
static const char *const want_repeated[] = {
	"94155610e84b82:1", "94155610e84b82:2", "94155610e84b82:3",
	"94155610e84b82:4", "94155610e84b82:5", "94155610e84b82:6",
	"94155610e84b82:7", "94155610e94b20:1", "941556d6777f03:1",
	"94ae07d027f8fa:1", "7698aef42b5c5635:1", "6cc35d2e334f3924:1",
	"c7ae6d64f89f0c77:1", "28159283bc275a1e:1", "c0b14a8a6c93e649:1",
	"53bc4e144225fe68:1", "bdf76d6b0dd4ac2b:1", "f21f46164f57bc82:1",
	"a2411b57b90fca9d:1", "b8918b2a9fcebeec:1", "e20f5fccc4a8721f:1",
	"8850b6221b7e6426:1", "5627e9a0b56fb731:1", "a38fca624fabdeb0:1",
	"6631cd34bffeb253:1", "183a2d4f745bd50a:1", "3b69b128d479a005:1",
	"2be4cac7bb6501b4:1", "80e130a836c400c7:1", "192ae262d20fd32e:1",
	"468de9fc3b6db919:1", "a9e48781736b0bf8:1", "12e20798b9e1317b:1",
	"c94b84e978bd6292:1", "6fcbd67dae9a766d:1", "eb5950e34ebc217c:1",
	"73ac2ed8746f586f:1", "e803717ce96ec736:1", "7da0877e7a308c01:1",
	"882bbb3d8de7a640:1", EOF_LINE, NULL,
};
static const char *const want_long_line[] = {
	"94a47d076d9d6317:1", "5ebb91d5469ce6a:1", EOF_LINE, NULL,
};
/* UTF-16 code units: the emoji counts as a surrogate pair. */
static const char *const want_non_ascii[] = {
	"89b5dae9f072c363:1", "f9b8757b9c88e2bc:1", EOF_LINE, NULL,
};
/* Without a final newline the marker ends the last line: no extra line. */
static const char *const want_no_newline[] = { "4303f33e07f55593:1", NULL };
/* Ill-formed UTF-8 decoded as Node does: one U+FFFD per maximal subpart. */
static const char *const want_invalid_utf8[] = {
	"e19cc356f1afedb4:1", "d3b427fe960f54cc:1", "66bb4c1842ee204c:1", EOF_LINE, NULL,
};

/* The 150 x's make the first line longer than the 100-character window. */
#define X50 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define AB10 "ab\nab\nab\nab\nab\nab\nab\nab\nab\nab\n"

static const vector vectors[] = {
	{ "empty", TEXT(""), want_empty },
	{ "basic", TEXT("a = 1\nb = 2\n"), want_basic },
	{ "crlf", TEXT("x = 1\r\ny = 2\r\n"), want_crlf },
	{ "lone_cr", TEXT("x\ry\rz"), want_lone_cr },
	{ "blank_lines", TEXT("\n\n\r\n"), want_blank_lines },
	{ "whitespace", TEXT("\tif x:\n  \t y = 1 \n"), want_whitespace },
	{ "whitespace_stripped", TEXT("if x:\ny=1\n"), want_whitespace },
	{ "repeated", TEXT(AB10 AB10 AB10 AB10), want_repeated },
	{ "long_line", TEXT("s = '" X50 X50 X50 "'\nprint(s)\n"), want_long_line },
	{ "non_ascii", TEXT("na\xc3\xafve = '\xf0\x9f\x98\x80'\n# \xe4\xb8\xad\xe6\x96\x87\n"),
	  want_non_ascii },
	{ "no_newline", TEXT("last line"), want_no_newline },
	{ "invalid_utf8", TEXT("ok\n\xff\xe2\x82x\n\xed\xa0\x80\n"), want_invalid_utf8 },
};

/* Each vector: same number of lines, same hash on each. */
static void test_vectors(void **state)
{
	(void)state;
	for (size_t v = 0; v < sizeof(vectors) / sizeof(vectors[0]); v++) {
		const vector *vec = &vectors[v];
		size_t want_n = 0;
		while (vec->want[want_n])
			want_n++;
		size_t n = 0;
		char **lines = pfl_fingerprint_lines(vec->text, vec->len, &n);
		if (n != want_n)
			fail_msg("%s: %zu lines, want %zu", vec->name, n, want_n);
		for (size_t i = 0; i < n; i++) {
			if (!lines[i] || strcmp(lines[i], vec->want[i]))
				fail_msg("%s: line %zu is %s, want %s", vec->name, i + 1,
					 lines[i] ? lines[i] : "NULL", vec->want[i]);
		}
		pfl_fingerprint_free(lines, n);
	}
}

/* Many distinct hashes: the count table grows and still counts right. */
static void test_many_lines(void **state)
{
	(void)state;
	pfl_strbuf sb = PFL_STRBUF_INIT;
	for (int i = 0; i < 3000; i++)
		pfl_strbuf_addf(&sb, "v%d = %d\n", i, i);
	size_t n = 0;
	char **lines = pfl_fingerprint_lines(sb.buf, sb.len, &n);
	assert_int_equal(n, 3001);
	assert_string_equal(lines[0], "d8ce3210762d7fed:1");
	assert_string_equal(lines[1499], "b34ff4ebca307a35:1");
	assert_string_equal(lines[2999], "5e24e17a7950d0ba:1");
	assert_string_equal(lines[3000], EOF_LINE);
	pfl_fingerprint_free(lines, n);
	pfl_strbuf_release(&sb);
}

/* One hash seen thousands of times: its count keeps climbing. */
static void test_same_line(void **state)
{
	(void)state;
	pfl_strbuf sb = PFL_STRBUF_INIT;
	for (int i = 0; i < 5000; i++)
		pfl_strbuf_adds(&sb, "x\n");
	size_t n = 0;
	char **lines = pfl_fingerprint_lines(sb.buf, sb.len, &n);
	assert_int_equal(n, 5001);
	assert_string_equal(lines[0], "c0fe7b2700d6c254:1");
	assert_string_equal(lines[4949], "c0fe7b2700d6c254:4950");
	assert_string_equal(lines[4950], "c0fe7b2700d6c254:4951");
	assert_string_equal(lines[4999], "828973aa50c68d6d:1");
	assert_string_equal(lines[5000], EOF_LINE);
	pfl_fingerprint_free(lines, n);
	pfl_strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_many_lines),
		cmocka_unit_test(test_same_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
