/*
 * test_report.c - the reporters over a small synthetic report: three
 * findings (one with related locations, one with a tab and non-ASCII text
 * in its source line, one with terminal escapes and invalid UTF-8 in its
 * message) and one diagnostic.
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
#include <cjson/cJSON.h>
#include <yaml.h>

#include "engine/finding.h"
#include "engine/rule.h"
#include "report/report.h"
#include "util/strbuf.h"

/*
 * Stand-ins for functions other modules provide, used only when the test
 * is linked without them (weak: the real ones win when they are linked).
 */
__attribute__((weak)) const char *pfl_rule_help_uri(const pfl_rule_meta *r, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s.md", PFL_DOCS_BASE, r->id);
	return buf;
}

__attribute__((weak)) void pfl_report_github(const pfl_report *r, pfl_strbuf *out)
{
	(void)r;
	(void)out;
}

static const pfl_rule_meta rule_101 = {
	.id = "PFL101", .name = "query-in-loop", .family = "n-plus-one",
	.languages = "python,c", .summary = "A database round trip per loop iteration",
	.description = "Each iteration makes its own query.",
	.why = "n iterations make n round trips.", .fix = "Fetch everything in one query.",
	.bad = "for i in ids:\n    Item.objects.get(pk=i)\n",
	.good = "Item.objects.filter(pk__in=ids)\n",
	.precision = "high", .base_score = 70, .index = 0,
};
static const pfl_rule_meta rule_201 = {
	.id = "PFL201", .name = "string-concat-in-loop", .family = "quadratic-concat",
	.languages = "python", .summary = "A string built by += in a loop",
	.description = "Each += copies the whole string.",
	.why = "O(n^2) bytes copied.", .fix = "Collect the parts and join them once.",
	.bad = "s = ''\nfor x in xs:\n    s += x\n", .good = "s = ''.join(xs)\n",
	.precision = "very-high", .base_score = 55, .index = 1,
};
static const pfl_rule_meta rule_301 = {
	.id = "PFL301", .name = "list-membership-in-loop", .family = "list-membership",
	.languages = "python", .summary = "A membership test on a list in a loop",
	.description = "x in list scans the list.", .why = "O(n*m) comparisons.",
	.fix = "Use a set.", .bad = "if x in seen:\n", .good = "if x in seen_set:\n",
	.precision = "high", .base_score = 30, .index = 2,
};
static const pfl_rule_meta *const rules[] = { &rule_101, &rule_201, &rule_301 };

static pfl_related related_b[] = {
	{ .path = "b.py", .span = { .line = 3, .col = 5, .end_line = 3, .end_col = 9 },
	  .message = "'load' queries the database here", .col_cp = 5, .end_col_cp = 9,
	  .col_u16 = 5, .end_col_u16 = 9 },
	{ .path = "lib/db.py", .span = { .line = 12, .col = 1, .end_line = 12, .end_col = 4 },
	  .message = "through 'get'", .col_cp = 1, .end_col_cp = 4, .col_u16 = 1, .end_col_u16 = 4 },
};

/* The source line of finding 2: a tab, an emoji (two UTF-16 units) and é. */
#define LINE_B "\ts = '\xf0\x9f\x98\x80\xc3\xa9'; q = Item.objects.get(pk=i)"

static pfl_finding findings[] = {
	{ .rule = &rule_201, .path = "a.py",
	  .span = { .line = 3, .col = 5, .end_line = 3, .end_col = 14 },
	  .col_cp = 5, .end_col_cp = 14, .col_u16 = 5, .end_col_u16 = 14,
	  .score = 55, .severity = PFL_SEV_MEDIUM,
	  .message = "string 's' is built by += in a loop: O(n\xc2\xb2) bytes copied",
	  .fix = "parts.append(line)\ns = ''.join(parts)",
	  .code = "    s += line\n", .fingerprint = "5ceeb771b3aff0bd:1",
	  .loop_depth = 1 },
	{ .rule = &rule_101, .path = "b.py",
	  .span = { .line = 10, .col = 20, .end_line = 10, .end_col = 42 },
	  .col_cp = 16, .end_col_cp = 38, .col_u16 = 17, .end_col_u16 = 39,
	  .score = 70, .severity = PFL_SEV_HIGH,
	  .message = "query 'Item.objects.get' runs once per iteration: O(n) round trips",
	  .fix = NULL, .code = LINE_B "\n", .fingerprint = NULL, .loop_depth = 1,
	  .related = related_b, .nrelated = 2 },
	{ .rule = &rule_301, .path = "c dir/c.py",
	  .span = { .line = 7, .col = 1, .end_line = 8, .end_col = 3 },
	  .col_cp = 1, .end_col_cp = 3, .col_u16 = 1, .end_col_u16 = 3,
	  .score = 90, .severity = PFL_SEV_CRITICAL,
	  .message = "bad \x1b[31mred\x1b[0m name \xff here",
	  .fix = "seen = set()", .code = "x = 1\x07\ny = 2\n", .fingerprint = "0:2",
	  .loop_depth = 3, .inferred = true },
};

static const pfl_report_diag diags[] = {
	{ .path = "d.py", .line = 2, .col = 1, .level = "error", .code = "parse-error",
	  .message = "invalid syntax" },
	{ .path = "e.py", .line = 0, .col = 0, .level = "warning", .code = "unreadable",
	  .message = "cannot read 'e.py': permission denied" },
};

/* The synthetic report every test starts from. */
static pfl_report make_report(void)
{
	pfl_report r = {
		.findings = findings, .nfindings = 3,
		.rules = rules, .nrules = 3,
		.diags = diags, .ndiags = 2,
		.version = "0.1.0", .root = "/home/me/my project",
		.automation_id = "perflint/", .color = false,
	};
	pfl_summary_compute(&r.summary, findings, 3, 4, 2);
	return r;
}

/* The output of one format as a heap string. */
static char *render(pfl_format f, const pfl_report *r)
{
	pfl_strbuf sb = PFL_STRBUF_INIT;
	pfl_report_write(f, r, &sb);
	return pfl_strbuf_detach(&sb, NULL);
}

/* Line i (0-based) of text, copied into buf. */
static const char *line_of(const char *text, int i, char *buf, size_t n)
{
	const char *p = text;
	for (; i > 0 && p; i--) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return "";
	size_t len = strcspn(p, "\n");
	if (len >= n)
		len = n - 1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return buf;
}

/* Whether obj's keys are exactly keys[], in that order. */
static void assert_keys(const cJSON *obj, const char *const *keys)
{
	const cJSON *c = obj->child;
	size_t i = 0;
	for (; keys[i]; i++, c = c->next) {
		if (!c)
			fail_msg("missing key '%s'", keys[i]);
		if (strcmp(c->string, keys[i]))
			fail_msg("key %zu is '%s', want '%s'", i, c->string, keys[i]);
	}
	if (c)
		fail_msg("unexpected key '%s'", c->string);
}

/* Scores, severity bands, names. */
static void test_score(void **state)
{
	(void)state;
	assert_int_equal(pfl_score(55, 1, false), 55);
	assert_int_equal(pfl_score(55, 0, false), 55);
	assert_int_equal(pfl_score(55, 3, false), 75);
	assert_int_equal(pfl_score(55, 2, true), 50);
	assert_int_equal(pfl_score(95, 4, false), 100);
	assert_int_equal(pfl_score(10, 1, true), 0);
	assert_int_equal(pfl_score(50, UINT32_MAX, false), 100);
	assert_int_equal(pfl_severity_of(85), PFL_SEV_CRITICAL);
	assert_int_equal(pfl_severity_of(84), PFL_SEV_HIGH);
	assert_int_equal(pfl_severity_of(65), PFL_SEV_HIGH);
	assert_int_equal(pfl_severity_of(64), PFL_SEV_MEDIUM);
	assert_int_equal(pfl_severity_of(40), PFL_SEV_MEDIUM);
	assert_int_equal(pfl_severity_of(39), PFL_SEV_LOW);
	assert_string_equal(pfl_severity_name(PFL_SEV_CRITICAL), "critical");
	assert_string_equal(pfl_severity_name(PFL_SEV_LOW), "low");
	assert_int_equal(pfl_severity_parse("high"), PFL_SEV_HIGH);
	assert_int_equal(pfl_severity_parse("bogus"), -1);
	assert_int_equal(pfl_severity_parse(NULL), -1);
}

/* Format names, and the summary's score and status. */
static void test_format_and_summary(void **state)
{
	(void)state;
	assert_int_equal(pfl_format_parse("text"), PFL_FORMAT_TEXT);
	assert_int_equal(pfl_format_parse("json"), PFL_FORMAT_JSON);
	assert_int_equal(pfl_format_parse("yaml"), PFL_FORMAT_YAML);
	assert_int_equal(pfl_format_parse("sarif"), PFL_FORMAT_SARIF);
	assert_int_equal(pfl_format_parse("github"), PFL_FORMAT_GITHUB);
	assert_int_equal(pfl_format_parse("xml"), -1);
	assert_int_equal(pfl_format_parse(NULL), -1);

	pfl_report r = make_report();
	assert_int_equal(r.summary.performance_score, 100 - (15 + 8 + 3));
	assert_string_equal(r.summary.status, "NEEDS_OPTIMIZATION");
	assert_int_equal(r.summary.files, 4);
	assert_int_equal(r.summary.diagnostics, 2);

	pfl_summary s;
	pfl_summary_compute(&s, findings, 1, 1, 0); /* one medium */
	assert_int_equal(s.performance_score, 97);
	assert_string_equal(s.status, "PASS");

	pfl_finding highs[3] = { findings[1], findings[1], findings[1] };
	pfl_summary_compute(&s, highs, 2, 1, 0);
	assert_string_equal(s.status, "PASS");
	pfl_summary_compute(&s, highs, 3, 1, 0);
	assert_string_equal(s.status, "NEEDS_OPTIMIZATION");
	assert_int_equal(s.performance_score, 76);

	pfl_finding crits[7];
	for (int i = 0; i < 7; i++)
		crits[i] = findings[2];
	pfl_summary_compute(&s, crits, 7, 1, 0);
	assert_int_equal(s.performance_score, 0);
}

/* gcc-style lines, source with a caret, fix, notes, diagnostics, summary. */
static void test_text(void **state)
{
	(void)state;
	char buf[512];
	pfl_report r = make_report();
	char *out = render(PFL_FORMAT_TEXT, &r);

	assert_string_equal(line_of(out, 0, buf, sizeof(buf)),
		"a.py:3:5: medium: string 's' is built by += in a loop: "
		"O(n\xc2\xb2) bytes copied [PFL201]");
	assert_string_equal(line_of(out, 1, buf, sizeof(buf)), "    3 |     s += line");
	assert_string_equal(line_of(out, 2, buf, sizeof(buf)), "      |     ^~~~~~~~~");
	assert_string_equal(line_of(out, 3, buf, sizeof(buf)), "  fix: parts.append(line)");
	assert_string_equal(line_of(out, 4, buf, sizeof(buf)), "       s = ''.join(parts)");
	assert_string_equal(line_of(out, 5, buf, sizeof(buf)), "");

	/* Columns in code points; the caret keeps the line's tab. */
	assert_string_equal(line_of(out, 6, buf, sizeof(buf)),
		"b.py:10:16: high: query 'Item.objects.get' runs once per iteration: "
		"O(n) round trips [PFL101]");
	assert_string_equal(line_of(out, 7, buf, sizeof(buf)), "   10 | " LINE_B);
	assert_string_equal(line_of(out, 8, buf, sizeof(buf)),
		"      | \t              ^~~~~~~~~~~~~~~~~~~~~~");
	assert_string_equal(line_of(out, 9, buf, sizeof(buf)),
		"  note: b.py:3:5: 'load' queries the database here");
	assert_string_equal(line_of(out, 10, buf, sizeof(buf)),
		"  note: lib/db.py:12:1: through 'get'");

	/* Escapes made visible, invalid UTF-8 replaced; multi-line span. */
	assert_string_equal(line_of(out, 12, buf, sizeof(buf)),
		"c dir/c.py:7:1: critical: bad \\x1b[31mred\\x1b[0m name \xef\xbf\xbd here [PFL301]");
	assert_string_equal(line_of(out, 13, buf, sizeof(buf)), "    7 | x = 1\\x07");
	assert_string_equal(line_of(out, 14, buf, sizeof(buf)), "      | ^~~~~~~~~");

	/* Diagnostics go to standard error, not into the text report. */
	assert_null(strstr(out, "[parse-error]"));
	assert_non_null(strstr(out, "\nFound 3 findings (1 critical, 1 high, 1 medium, 0 low) in 4 files.\n"));
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\x07'));
	free(out);

	/* With colour: our own escapes only, the message's still escaped. */
	r.color = true;
	out = render(PFL_FORMAT_TEXT, &r);
	assert_non_null(strstr(out, "a.py:3:5: \033[33mmedium\033[0m: "));
	assert_non_null(strstr(out, "[\033[2mPFL201\033[0m]"));
	assert_non_null(strstr(out, "\033[1;31mcritical\033[0m: bad \\x1b[31mred"));
	assert_non_null(strstr(out, "|     \033[32m^~~~~~~~~\033[0m\n"));
	free(out);

	pfl_report empty = { .version = "0.1.0" };
	pfl_summary_compute(&empty.summary, NULL, 0, 1, 0);
	out = render(PFL_FORMAT_TEXT, &empty);
	assert_string_equal(out, "No findings in 1 file.\n");
	free(out);
}

/* The JSON document: exact keys, code point columns, valid UTF-8. */
static void test_json(void **state)
{
	(void)state;
	static const char *const top[] = { "version", "tool", "summary", "findings",
					   "diagnostics", "rules", NULL };
	static const char *const tool[] = { "name", "version", NULL };
	static const char *const summary[] = { "files", "findings", "critical", "high", "medium",
					       "low", "diagnostics", "performance_score",
					       "status", NULL };
	static const char *const finding[] = { "rule", "name", "family", "severity", "score",
					       "path", "line", "column", "end_line", "end_column",
					       "message", "fix", "code", "loop_depth", "inferred",
					       "fingerprint", "related", NULL };
	static const char *const related[] = { "path", "line", "column", "end_line",
					       "end_column", "message", NULL };
	static const char *const diag[] = { "path", "line", "column", "level", "code",
					    "message", NULL };
	static const char *const rule[] = { "id", "name", "family", "languages", "base_score",
					    "summary", "description", "help_uri", NULL };
	pfl_report r = make_report();
	char *out = render(PFL_FORMAT_JSON, &r);
	assert_true(out[0] == '{' && out[strlen(out) - 1] == '\n');
	assert_non_null(strstr(out, "\n  \"version\": 1,\n"));
	cJSON *doc = cJSON_Parse(out);
	assert_non_null(doc);
	assert_keys(doc, top);
	assert_int_equal(cJSON_GetObjectItem(doc, "version")->valueint, 1);
	assert_keys(cJSON_GetObjectItem(doc, "tool"), tool);
	cJSON *sum = cJSON_GetObjectItem(doc, "summary");
	assert_keys(sum, summary);
	assert_int_equal(cJSON_GetObjectItem(sum, "performance_score")->valueint, 74);
	assert_string_equal(cJSON_GetObjectItem(sum, "status")->valuestring, "NEEDS_OPTIMIZATION");

	cJSON *fs = cJSON_GetObjectItem(doc, "findings");
	assert_int_equal(cJSON_GetArraySize(fs), 3);
	for (int i = 0; i < 3; i++)
		assert_keys(cJSON_GetArrayItem(fs, i), finding);
	cJSON *f1 = cJSON_GetArrayItem(fs, 1);
	assert_string_equal(cJSON_GetObjectItem(f1, "rule")->valuestring, "PFL101");
	assert_int_equal(cJSON_GetObjectItem(f1, "column")->valueint, 16);
	assert_int_equal(cJSON_GetObjectItem(f1, "end_column")->valueint, 38);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(f1, "fix")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(f1, "fingerprint")));
	cJSON *rel = cJSON_GetObjectItem(f1, "related");
	assert_int_equal(cJSON_GetArraySize(rel), 2);
	assert_keys(cJSON_GetArrayItem(rel, 0), related);
	cJSON *f2 = cJSON_GetArrayItem(fs, 2);
	assert_string_equal(cJSON_GetObjectItem(f2, "message")->valuestring,
			    "bad \x1b[31mred\x1b[0m name \xef\xbf\xbd here");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(f2, "inferred")));
	assert_string_equal(cJSON_GetObjectItem(f2, "severity")->valuestring, "critical");

	cJSON *ds = cJSON_GetObjectItem(doc, "diagnostics");
	assert_int_equal(cJSON_GetArraySize(ds), 2);
	assert_keys(cJSON_GetArrayItem(ds, 0), diag);
	cJSON *rs = cJSON_GetObjectItem(doc, "rules");
	assert_int_equal(cJSON_GetArraySize(rs), 3);
	assert_keys(cJSON_GetArrayItem(rs, 0), rule);
	cJSON *langs = cJSON_GetObjectItem(cJSON_GetArrayItem(rs, 0), "languages");
	assert_int_equal(cJSON_GetArraySize(langs), 2);
	assert_string_equal(cJSON_GetArrayItem(langs, 1)->valuestring, "c");
	/* Raw control characters never reach the document. */
	assert_null(strchr(out, '\x1b'));
	cJSON_Delete(doc);
	free(out);
}

/* Whether libyaml's parser reads text to the end without an error. */
static bool yaml_well_formed(const char *text)
{
	yaml_parser_t p;
	yaml_event_t ev;
	bool ok = true, done = false;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			ok = false;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return ok;
}

/* The auditors' YAML: status and score lines, groups, literal blocks. */
static void test_yaml(void **state)
{
	(void)state;
	char buf[512];
	pfl_report r = make_report();
	char *out = render(PFL_FORMAT_YAML, &r);
	assert_true(yaml_well_formed(out));
	assert_string_equal(line_of(out, 0, buf, sizeof(buf)), "status: NEEDS_OPTIMIZATION");
	assert_string_equal(line_of(out, 1, buf, sizeof(buf)), "performance_score: 74/100");
	assert_string_equal(line_of(out, 2, buf, sizeof(buf)),
		"summary: {files: 4, findings: 3, critical: 1, high: 1, medium: 1, low: 0, diagnostics: 2}");
	assert_string_equal(line_of(out, 3, buf, sizeof(buf)), "issues:");
	assert_string_equal(line_of(out, 4, buf, sizeof(buf)), "  critical:");
	assert_non_null(strstr(out, "\n  low: []\n"));
	assert_non_null(strstr(out, "impact: O(n\xc2\xb2) bytes copied\n"));
	assert_non_null(strstr(out, "impact: O(n) round trips\n"));
	assert_non_null(strstr(out, "impact: \"O(n\xc2\xb7m) comparisons\"\n") ||
			strstr(out, "impact: O(n\xc2\xb7m) comparisons\n"));
	assert_non_null(strstr(out, "optimized_code: |-\n"));
	assert_non_null(strstr(out, "optimized_code: ''\n"));
	assert_non_null(strstr(out, "diagnostics:\n- file: d.py\n"));
	assert_null(strchr(out, '\x1b'));
	free(out);

	pfl_report empty = { .version = "0.1.0" };
	pfl_summary_compute(&empty.summary, NULL, 0, 2, 0);
	out = render(PFL_FORMAT_YAML, &empty);
	assert_string_equal(out,
		"status: PASS\n"
		"performance_score: 100/100\n"
		"summary: {files: 2, findings: 0, critical: 0, high: 0, medium: 0, low: 0, diagnostics: 0}\n"
		"issues:\n"
		"  critical: []\n"
		"  high: []\n"
		"  medium: []\n"
		"  low: []\n"
		"diagnostics: []\n");
	free(out);
}

/* Run tests/tools/validate_sarif.py on a document when CTest says where. */
static void validate_with_schema(const char *sarif)
{
	const char *python = getenv("PFL_PYTHON");
	const char *src = getenv("PFL_SOURCE_DIR");
	char path[] = "/tmp/pfl-test-sarif-XXXXXX";
	char cmd[4096];
	if (!python || !src)
		return;
	snprintf(cmd, sizeof(cmd), "%s/node_modules/@microsoft/sarif-multitool-ts/assets/"
		 "sarif-2.1.0.schema.json", src);
	if (access(cmd, R_OK) != 0)
		return;
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = strlen(sarif);
	assert_int_equal(write(fd, sarif, len), (ssize_t)len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "'%s' '%s/tests/tools/validate_sarif.py' '%s' >&2",
		 python, src, path);
	int rc = system(cmd);
	unlink(path);
	assert_int_equal(rc, 0);
}

/* SARIF: schema shape, rule indexes, ranks, UTF-16 columns, no security-severity. */
static void test_sarif(void **state)
{
	(void)state;
	pfl_report r = make_report();
	char *out = render(PFL_FORMAT_SARIF, &r);
	assert_null(strstr(out, "security-severity"));
	cJSON *doc = cJSON_Parse(out);
	assert_non_null(doc);
	assert_string_equal(cJSON_GetObjectItem(doc, "version")->valuestring, "2.1.0");
	assert_string_equal(cJSON_GetObjectItem(doc, "$schema")->valuestring,
			    "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON *runs = cJSON_GetObjectItem(doc, "runs");
	assert_int_equal(cJSON_GetArraySize(runs), 1);
	cJSON *run = cJSON_GetArrayItem(runs, 0);
	assert_string_equal(cJSON_GetObjectItem(run, "columnKind")->valuestring, "utf16CodeUnits");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "automationDetails"),
						"id")->valuestring, "perflint/");
	cJSON *base = cJSON_GetObjectItem(cJSON_GetObjectItem(run, "originalUriBaseIds"),
					  "%SRCROOT%");
	assert_string_equal(cJSON_GetObjectItem(base, "uri")->valuestring,
			    "file:///home/me/my%20project/");
	cJSON *driver = cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver");
	assert_string_equal(cJSON_GetObjectItem(driver, "name")->valuestring, "perflint");
	cJSON *rs = cJSON_GetObjectItem(driver, "rules");
	assert_int_equal(cJSON_GetArraySize(rs), 3);
	cJSON *r0 = cJSON_GetArrayItem(rs, 0);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(r0, "defaultConfiguration"),
						"level")->valuestring, "error");
	cJSON *props = cJSON_GetObjectItem(r0, "properties");
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(props, "tags"), 0)->valuestring,
			    "n-plus-one");
	assert_string_equal(cJSON_GetObjectItem(props, "problem.severity")->valuestring, "error");
	/* Examples fenced, in the rule's language when it has only one. */
	assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(rs, 1),
								      "help"),
						   "markdown")->valuestring, "```python\ns = ''\n"));

	cJSON *results = cJSON_GetObjectItem(run, "results");
	assert_int_equal(cJSON_GetArraySize(results), 3);
	static const char *const levels[] = { "warning", "error", "error" };
	for (int i = 0; i < 3; i++) {
		cJSON *res = cJSON_GetArrayItem(results, i);
		int idx = cJSON_GetObjectItem(res, "ruleIndex")->valueint;
		assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(rs, idx), "id")->valuestring,
				    cJSON_GetObjectItem(res, "ruleId")->valuestring);
		assert_int_equal(cJSON_GetObjectItem(res, "rank")->valueint, findings[i].score);
		assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(res, "properties"),
						     "score")->valueint, findings[i].score);
		assert_string_equal(cJSON_GetObjectItem(res, "level")->valuestring, levels[i]);
	}
	cJSON *res1 = cJSON_GetArrayItem(results, 1);
	cJSON *phys = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(res1, "locations"), 0),
					  "physicalLocation");
	cJSON *region = cJSON_GetObjectItem(phys, "region");
	assert_int_equal(cJSON_GetObjectItem(region, "startColumn")->valueint, 17);
	assert_int_equal(cJSON_GetObjectItem(region, "endColumn")->valueint, 39);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(res1, "relatedLocations")), 2);
	assert_null(cJSON_GetObjectItem(res1, "partialFingerprints"));
	cJSON *res2 = cJSON_GetArrayItem(results, 2);
	phys = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(res2, "locations"), 0),
				   "physicalLocation");
	cJSON *art = cJSON_GetObjectItem(phys, "artifactLocation");
	assert_string_equal(cJSON_GetObjectItem(art, "uri")->valuestring, "c%20dir/c.py");
	assert_string_equal(cJSON_GetObjectItem(art, "uriBaseId")->valuestring, "%SRCROOT%");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(res2, "partialFingerprints"),
						"primaryLocationLineHash")->valuestring, "0:2");

	cJSON *inv = cJSON_GetArrayItem(cJSON_GetObjectItem(run, "invocations"), 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(inv, "executionSuccessful")));
	cJSON *notes = cJSON_GetObjectItem(inv, "toolExecutionNotifications");
	assert_int_equal(cJSON_GetArraySize(notes), 2);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(notes, 0),
								    "descriptor"), "id")->valuestring,
			    "parse-error");
	validate_with_schema(out);
	cJSON_Delete(doc);
	free(out);
}

/* Over 25,000 findings: the highest-scored are kept, in location order. */
static void test_sarif_limit(void **state)
{
	(void)state;
	enum { N = 25010 };
	pfl_finding *many = calloc(N, sizeof(*many));
	assert_non_null(many);
	for (int i = 0; i < N; i++) {
		many[i] = findings[0];
		many[i].span.line = (uint32_t)i + 1;
		many[i].span.end_line = (uint32_t)i + 1;
		/* Lines 101..110 score lowest and must be the ones dropped. */
		many[i].score = (i >= 100 && i < 110) ? 1 : 50 + i % 7;
		many[i].severity = pfl_severity_of(many[i].score);
	}
	pfl_report r = make_report();
	r.findings = many;
	r.nfindings = N;
	r.ndiags = 0;
	pfl_summary_compute(&r.summary, many, N, 1, 0);
	char *out = render(PFL_FORMAT_SARIF, &r);
	cJSON *doc = cJSON_Parse(out);
	assert_non_null(doc);
	cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "runs"), 0);
	cJSON *results = cJSON_GetObjectItem(run, "results");
	assert_int_equal(cJSON_GetArraySize(results), 25000);
	int prev = 0;
	cJSON *res;
	cJSON_ArrayForEach(res, results) {
		cJSON *loc = cJSON_GetArrayItem(cJSON_GetObjectItem(res, "locations"), 0);
		cJSON *region = cJSON_GetObjectItem(cJSON_GetObjectItem(loc, "physicalLocation"),
						    "region");
		int line = cJSON_GetObjectItem(region, "startLine")->valueint;
		assert_true(line > prev);
		assert_false(line >= 101 && line <= 110);
		prev = line;
	}
	cJSON *inv = cJSON_GetArrayItem(cJSON_GetObjectItem(run, "invocations"), 0);
	cJSON *note = cJSON_GetArrayItem(cJSON_GetObjectItem(inv, "toolExecutionNotifications"), 0);
	assert_non_null(note);
	assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(note, "message"),
						   "text")->valuestring, "10 of 25010"));
	cJSON_Delete(doc);
	free(out);
	free(many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_format_and_summary),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_yaml),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_sarif_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
