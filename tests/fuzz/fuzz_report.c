/*
 * fuzz_report.c - the reporters with arbitrary strings: paths, messages,
 * code, fixes, function names and directives taken from the input (split
 * at NUL bytes), in every format. Each output must keep its promise: JSON
 * and SARIF parse as JSON, YAML parses as YAML, all of them are valid
 * UTF-8, text has no raw control character but newline and tab (nor a C1
 * control), and every line of GitHub commands is a command.
 */
#include <string.h>

#include <cjson/cJSON.h>
#include <yaml.h>

#include "fuzz.h"

#include "engine/finding.h"
#include "engine/rule.h"
#include "report/report.h"
#include "util/utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return pfl_rules_load() == 0 ? 0 : (abort(), 0);
}

/* The input as fields: NUL-separated strings, the last one possibly empty. */
typedef struct fuzz__fields {
	char *copy;
	const char *f[12];
	size_t n;
	const uint8_t *nums; /* the first bytes, for numbers */
	size_t nnums;
} fuzz__fields;

static const char *fuzz__field(const fuzz__fields *fs, size_t i)
{
	return i < fs->n ? fs->f[i] : "";
}

static uint32_t fuzz__num(const fuzz__fields *fs, size_t i, uint32_t mod)
{
	return fs->nnums ? (uint32_t)(fs->nums[i % fs->nnums] % mod) : 0;
}

static bool fuzz__yaml_ok(const pfl_strbuf *out)
{
	yaml_parser_t p;
	yaml_event_t ev;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)out->buf, out->len);
	bool ok = true, done = false;
	while (ok && !done) {
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

/* No raw C0 control but '\n' and '\t', no DEL, no C1 control (U+0080..U+009F). */
static bool fuzz__terminal_safe(const pfl_strbuf *out)
{
	const unsigned char *s = (const unsigned char *)out->buf;
	for (size_t i = 0; i < out->len; i++) {
		if ((s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') || s[i] == 0x7f)
			return false;
		if (s[i] == 0xC2 && i + 1 < out->len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
			return false;
	}
	return true;
}

static bool fuzz__github_lines(const pfl_strbuf *out)
{
	const char *p = out->buf, *end = out->buf + out->len;
	while (p < end) {
		if (end - p < 2 || p[0] != ':' || p[1] != ':')
			return false;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return false;
		p = nl + 1;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz__fields fs;
	memset(&fs, 0, sizeof(fs));
	fs.copy = malloc(size + 1);
	memcpy(fs.copy, data, size);
	fs.copy[size] = '\0';
	fs.nums = data;
	fs.nnums = size < 16 ? size : 16;
	char *p = fs.copy, *end = fs.copy + size;
	while (fs.n < 12) {
		fs.f[fs.n++] = p;
		char *z = memchr(p, '\0', (size_t)(end - p));
		if (!z || z >= end)
			break;
		p = z + 1;
	}

	size_t nrules;
	const pfl_rule *rules = pfl_rules_all(&nrules);
	const pfl_rule_meta **metas = calloc(nrules, sizeof(*metas));
	for (size_t i = 0; i < nrules; i++)
		metas[i] = rules[i].meta;

	pfl_related rel[1];
	memset(rel, 0, sizeof(rel));
	rel[0].path = fuzz__field(&fs, 6);
	rel[0].message = fuzz__field(&fs, 7);
	rel[0].span.line = fuzz__num(&fs, 8, 1000);
	rel[0].col_cp = rel[0].col_u16 = fuzz__num(&fs, 9, 200);

	pfl_finding f[3];
	memset(f, 0, sizeof(f));
	size_t nf = 1 + fuzz__num(&fs, 0, 3);
	for (size_t i = 0; i < nf; i++) {
		f[i].rule = metas[fuzz__num(&fs, i + 1, (uint32_t)nrules)];
		f[i].path = fuzz__field(&fs, 0);
		f[i].span.line = f[i].span.end_line = 1 + fuzz__num(&fs, i + 2, 5000);
		f[i].span.col = f[i].col_cp = f[i].col_u16 = 1 + fuzz__num(&fs, i + 3, 300);
		f[i].span.end_col = f[i].end_col_cp = f[i].end_col_u16 = f[i].col_cp + fuzz__num(&fs, i + 4, 50);
		f[i].score = (int)fuzz__num(&fs, i + 5, 101);
		f[i].severity = pfl_severity_of(f[i].score);
		f[i].message = fuzz__field(&fs, 1);
		f[i].fix = fs.n > 2 ? fuzz__field(&fs, 2) : NULL;
		f[i].code = fuzz__field(&fs, 3);
		f[i].function = fuzz__field(&fs, 4);
		f[i].fingerprint = "0123456789abcdef:1";
		f[i].suppression = (fuzz__num(&fs, i + 6, 2) && fs.n > 5) ? fuzz__field(&fs, 5) : NULL;
		f[i].suppression_line = fuzz__num(&fs, i + 7, 100);
		f[i].loop_depth = fuzz__num(&fs, i + 8, 4);
		f[i].related = rel;
		f[i].nrelated = fuzz__num(&fs, i + 9, 2);
	}
	pfl_report_diag diag = { fuzz__field(&fs, 10), fuzz__num(&fs, 10, 100), fuzz__num(&fs, 11, 80),
				 "warning", "parse-error", fuzz__field(&fs, 11) };

	pfl_report rep;
	memset(&rep, 0, sizeof(rep));
	rep.findings = f;
	rep.nfindings = nf;
	rep.rules = metas;
	rep.nrules = nrules;
	rep.diags = &diag;
	rep.ndiags = 1;
	rep.version = "0.0.0";
	rep.root = "/repo";
	rep.automation_id = "perflint/";
	pfl_summary_compute(&rep.summary, f, nf, 1, 1);

	for (int fmt = PFL_FORMAT_TEXT; fmt <= PFL_FORMAT_GITHUB; fmt++) {
		pfl_strbuf out = PFL_STRBUF_INIT;
		pfl_report_write((pfl_format)fmt, &rep, &out);
		PFL_FUZZ_CHECK(pfl_utf8_invalid_at(out.buf, out.len) == out.len, "output is not valid UTF-8");
		switch ((pfl_format)fmt) {
		case PFL_FORMAT_JSON:
		case PFL_FORMAT_SARIF: {
			cJSON *doc = cJSON_ParseWithLength(out.buf, out.len);
			PFL_FUZZ_CHECK(doc != NULL, "JSON or SARIF output does not parse");
			cJSON_Delete(doc);
			break;
		}
		case PFL_FORMAT_YAML:
			PFL_FUZZ_CHECK(fuzz__yaml_ok(&out), "YAML output does not parse");
			break;
		case PFL_FORMAT_TEXT:
			PFL_FUZZ_CHECK(fuzz__terminal_safe(&out), "text output has a raw control character");
			break;
		case PFL_FORMAT_GITHUB:
			PFL_FUZZ_CHECK(fuzz__github_lines(&out), "a GitHub output line is not a command");
			PFL_FUZZ_CHECK(fuzz__terminal_safe(&out), "GitHub output has a raw control character");
			break;
		}
		pfl_strbuf_release(&out);
	}
	free(metas);
	free(fs.copy);
	return 0;
}
