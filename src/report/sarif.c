/*
 * sarif.c - SARIF 2.1.0 for GitHub code scanning.
 *
 * One run, the full rule table in tool.driver.rules, one result per finding
 * (at most SARIF__MAX_RESULTS, GitHub's limit per run), and the input
 * problems as tool execution notifications. Columns are UTF-16 code units
 * (SARIF's default columnKind, stated explicitly). Paths are relative to
 * %SRCROOT%, which originalUriBaseIds ties to the run's root. Levels and
 * ranks carry perflint's severity and score; no rule ever has a
 * security-severity: these are performance findings, not security ones.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "report.h"
#include "report_util.h"
#include "../util/alloc.h"
#include "../util/path.h"

/* GitHub code scanning accepts at most this many results in one run. */
#define SARIF__MAX_RESULTS 25000

#define SARIF__SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF__SRCROOT "%SRCROOT%"

/* SARIF level of a severity: error, warning or note. */
static const char *sarif__level(pfl_severity sev)
{
	switch (sev) {
	case PFL_SEV_CRITICAL:
	case PFL_SEV_HIGH:
		return "error";
	case PFL_SEV_MEDIUM:
		return "warning";
	case PFL_SEV_LOW:
		break;
	}
	return "note";
}

/* GitHub's problem.severity of a severity: error, warning, recommendation. */
static const char *sarif__problem_severity(pfl_severity sev)
{
	switch (sev) {
	case PFL_SEV_CRITICAL:
	case PFL_SEV_HIGH:
		return "error";
	case PFL_SEV_MEDIUM:
		return "warning";
	case PFL_SEV_LOW:
		break;
	}
	return "recommendation";
}

/* A notification level from a diagnostic level ("warning" if unknown). */
static const char *sarif__notification_level(const char *level)
{
	static const char *const known[] = { "none", "note", "warning", "error" };
	if (!level)
		return "error";
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(level, known[i]))
			return known[i];
	return "warning";
}

/*
 * Append path percent-encoded as a URI path: unreserved characters and '/'
 * are kept, every other byte (spaces, '%', ':', '#', '?', non-ASCII) is %XX.
 */
static void sarif__add_uri_path(pfl_strbuf *sb, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c)) {
			pfl_strbuf_addch(sb, c);
		} else {
			pfl_strbuf_addch(sb, '%');
			pfl_strbuf_addch(sb, hex[c >> 4]);
			pfl_strbuf_addch(sb, hex[c & 15]);
		}
	}
}

/* Whether a relative path has a ".." component: it may lie outside its base. */
static bool sarif__climbs(const char *path)
{
	const char *p = path;
	for (;;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return true;
		if (!e)
			return false;
		p = e + 1;
	}
}

/* "file://" and the percent-encoded absolute path as the uri of o. */
static void sarif__add_file_uri(cJSON *o, const char *abs)
{
	pfl_strbuf uri = PFL_STRBUF_INIT;
	pfl_strbuf_adds(&uri, "file://");
	sarif__add_uri_path(&uri, abs);
	pfl_report_json_add_string(o, "uri", uri.buf);
	pfl_strbuf_release(&uri);
}

/*
 * An artifactLocation: paths under the root as URI references under
 * %SRCROOT% (GitHub reads them as relative to the repository root), other
 * ones as absolute file:// URIs. A relative path that climbs out of the
 * root ("../lib/x.py", discovered from an argument outside the run's
 * directory) is resolved against the root first: written as is, it would
 * name a file outside the repository as if it were inside.
 */
static cJSON *sarif__artifact(const pfl_report *r, const char *path)
{
	cJSON *o = cJSON_CreateObject();
	if (!path)
		path = "";
	if (path[0] == '/') {
		sarif__add_file_uri(o, path);
		return o;
	}
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (sarif__climbs(path) && r->root && r->root[0] == '/') {
		char *joined = pfl_path_join(r->root, path);
		char *abs = pfl_path_normalize(joined);
		char *rel = pfl_path_relative_to(abs, r->root);
		if (!rel || !strcmp(rel, ".")) {
			sarif__add_file_uri(o, abs);
		} else {
			pfl_strbuf uri = PFL_STRBUF_INIT;
			sarif__add_uri_path(&uri, rel);
			pfl_report_json_add_string(o, "uri", uri.buf);
			pfl_report_json_add_string(o, "uriBaseId", SARIF__SRCROOT);
			pfl_strbuf_release(&uri);
		}
		free(rel);
		free(abs);
		free(joined);
		return o;
	}
	pfl_strbuf uri = PFL_STRBUF_INIT;
	sarif__add_uri_path(&uri, path);
	pfl_report_json_add_string(o, "uri", uri.buf);
	pfl_report_json_add_string(o, "uriBaseId", SARIF__SRCROOT);
	pfl_strbuf_release(&uri);
	return o;
}

/* A region; parts that are 0 (unknown) are left out. */
static cJSON *sarif__region(uint32_t line, uint32_t col, uint32_t end_line, uint32_t end_col)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "startLine", line);
	if (col)
		cJSON_AddNumberToObject(o, "startColumn", col);
	if (end_line >= line)
		cJSON_AddNumberToObject(o, "endLine", end_line);
	if (end_col && (end_line > line || end_col > col))
		cJSON_AddNumberToObject(o, "endColumn", end_col);
	return o;
}

/* A location: path and, when line is known, region. */
static cJSON *sarif__location(const pfl_report *r, const char *path, uint32_t line, uint32_t col,
			      uint32_t end_line, uint32_t end_col)
{
	cJSON *loc = cJSON_CreateObject();
	cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
	cJSON_AddItemToObject(phys, "artifactLocation", sarif__artifact(r, path));
	if (line)
		cJSON_AddItemToObject(phys, "region", sarif__region(line, col, end_line, end_col));
	return loc;
}

/* {"text": s} */
static cJSON *sarif__message(const char *s)
{
	cJSON *o = cJSON_CreateObject();
	pfl_report_json_add_string(o, "text", pfl_report_str(s));
	return o;
}

/* The Markdown fence language of a rule's examples, or "". */
static const char *sarif__fence_lang(const pfl_rule_meta *rule)
{
	const char *l = rule->languages ? rule->languages : "";
	if (!strcmp(l, "python"))
		return "python";
	if (!strcmp(l, "c"))
		return "c";
	return "";
}

/* Append code in a Markdown fence longer than any backtick run inside it. */
static void sarif__add_fenced(pfl_strbuf *md, const char *code, const char *lang)
{
	size_t run = 0, longest = 0;
	for (const char *p = code; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t fence = longest >= 3 ? longest + 1 : 3;
	size_t len = strlen(code);
	pfl_strbuf_addchars(md, '`', fence);
	pfl_strbuf_adds(md, lang);
	pfl_strbuf_addch(md, '\n');
	pfl_strbuf_add(md, code, len);
	if (len && code[len - 1] != '\n')
		pfl_strbuf_addch(md, '\n');
	pfl_strbuf_addchars(md, '`', fence);
	pfl_strbuf_addch(md, '\n');
}

/* End the paragraph so far with one blank line (nothing before the first). */
static void sarif__paragraph(pfl_strbuf *sb)
{
	if (!sb->len)
		return;
	while (sb->len && sb->buf[sb->len - 1] == '\n')
		sb->buf[--sb->len] = '\0';
	pfl_strbuf_adds(sb, "\n\n");
}

/* help.text and help.markdown: description, why, fix, examples. */
static cJSON *sarif__help(const pfl_rule_meta *rule)
{
	pfl_strbuf text = PFL_STRBUF_INIT, md = PFL_STRBUF_INIT;
	const char *lang = sarif__fence_lang(rule);
	if (rule->description) {
		pfl_strbuf_adds(&text, rule->description);
		pfl_strbuf_adds(&md, rule->description);
	}
	if (rule->why) {
		sarif__paragraph(&text);
		pfl_strbuf_addf(&text, "Why it is slow: %s", rule->why);
		sarif__paragraph(&md);
		pfl_strbuf_addf(&md, "**Why it is slow.** %s", rule->why);
	}
	if (rule->fix) {
		sarif__paragraph(&text);
		pfl_strbuf_addf(&text, "How to fix: %s", rule->fix);
		sarif__paragraph(&md);
		pfl_strbuf_addf(&md, "**How to fix.** %s", rule->fix);
	}
	if (rule->bad) {
		sarif__paragraph(&text);
		pfl_strbuf_addf(&text, "Slow:\n%s", rule->bad);
		sarif__paragraph(&md);
		pfl_strbuf_adds(&md, "Slow:\n\n");
		sarif__add_fenced(&md, rule->bad, lang);
	}
	if (rule->good) {
		sarif__paragraph(&text);
		pfl_strbuf_addf(&text, "Fast:\n%s", rule->good);
		sarif__paragraph(&md);
		pfl_strbuf_adds(&md, "Fast:\n\n");
		sarif__add_fenced(&md, rule->good, lang);
	}
	cJSON *help = cJSON_CreateObject();
	pfl_report_json_add_string(help, "text", text.buf);
	pfl_report_json_add_string(help, "markdown", md.buf);
	pfl_strbuf_release(&text);
	pfl_strbuf_release(&md);
	return help;
}

/* A reportingDescriptor for one rule. */
static cJSON *sarif__rule(const pfl_rule_meta *rule)
{
	char uri[512];
	pfl_severity sev = pfl_severity_of(rule->base_score);
	cJSON *o = cJSON_CreateObject();
	pfl_report_json_add_string(o, "id", rule->id);
	pfl_report_json_add_string(o, "name", rule->name);
	cJSON_AddItemToObject(o, "shortDescription", sarif__message(rule->summary));
	cJSON_AddItemToObject(o, "fullDescription",
			      sarif__message(rule->description ? rule->description : rule->summary));
	cJSON_AddItemToObject(o, "help", sarif__help(rule));
	const char *help_uri = pfl_rule_help_uri(rule, uri, sizeof(uri));
	if (help_uri)
		pfl_report_json_add_string(o, "helpUri", help_uri);
	cJSON *conf = cJSON_AddObjectToObject(o, "defaultConfiguration");
	pfl_report_json_add_string(conf, "level", sarif__level(sev));
	cJSON *props = cJSON_AddObjectToObject(o, "properties");
	cJSON *tags = cJSON_AddArrayToObject(props, "tags");
	if (rule->family)
		cJSON_AddItemToArray(tags, pfl_report_json_string(rule->family));
	cJSON_AddItemToArray(tags, pfl_report_json_string("performance"));
	pfl_report_json_add_string(props, "precision", rule->precision ? rule->precision : "high");
	pfl_report_json_add_string(props, "problem.severity", sarif__problem_severity(sev));
	return o;
}

/* Index of a rule in r->rules (sorted by id), or -1. */
static long sarif__rule_index(const pfl_report *r, const pfl_rule_meta *rule)
{
	if (!rule || !rule->id)
		return -1;
	size_t lo = 0, hi = r->nrules;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(r->rules[mid]->id, rule->id);
		if (cmp == 0)
			return (long)mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Not sorted as promised: fall back to a scan. */
	for (size_t i = 0; i < r->nrules; i++)
		if (r->rules[i] == rule || !strcmp(r->rules[i]->id, rule->id))
			return (long)i;
	return -1;
}

/* One result. */
static cJSON *sarif__result(const pfl_report *r, const pfl_finding *f)
{
	cJSON *o = cJSON_CreateObject();
	const pfl_rule_meta *rule = f->rule;
	pfl_report_json_add_string(o, "ruleId", rule ? rule->id : "unknown");
	long idx = sarif__rule_index(r, rule);
	if (idx >= 0)
		cJSON_AddNumberToObject(o, "ruleIndex", (double)idx);
	pfl_report_json_add_string(o, "level", sarif__level(f->severity));
	cJSON_AddItemToObject(o, "message", sarif__message(f->message));

	cJSON *locs = cJSON_AddArrayToObject(o, "locations");
	cJSON_AddItemToArray(locs, sarif__location(r, f->path, f->span.line, f->col_u16,
						   f->span.end_line, f->end_col_u16));
	if (f->nrelated) {
		cJSON *rel = cJSON_AddArrayToObject(o, "relatedLocations");
		for (uint32_t i = 0; i < f->nrelated; i++) {
			const pfl_related *x = &f->related[i];
			cJSON *loc = sarif__location(r, x->path ? x->path : f->path, x->span.line,
						     x->col_u16, x->span.end_line, x->end_col_u16);
			cJSON_AddNumberToObject(loc, "id", i + 1);
			cJSON_AddItemToObject(loc, "message", sarif__message(x->message));
			cJSON_AddItemToArray(rel, loc);
		}
	}
	if (f->fingerprint) {
		cJSON *fp = cJSON_AddObjectToObject(o, "partialFingerprints");
		pfl_report_json_add_string(fp, "primaryLocationLineHash", f->fingerprint);
	}
	if (f->suppression) {
		/* Only with --show-suppressed: a suppression comment in the source. */
		cJSON *sups = cJSON_AddArrayToObject(o, "suppressions");
		cJSON *sup = cJSON_CreateObject();
		pfl_report_json_add_string(sup, "kind", "inSource");
		pfl_report_json_add_string(sup, "justification", f->suppression);
		cJSON_AddItemToArray(sups, sup);
	}
	cJSON_AddNumberToObject(o, "rank", f->score);
	cJSON *props = cJSON_AddObjectToObject(o, "properties");
	pfl_report_json_add_string(props, "severity", pfl_severity_name(f->severity));
	cJSON_AddNumberToObject(props, "score", f->score);
	if (rule && rule->family)
		pfl_report_json_add_string(props, "family", rule->family);
	return o;
}

/* One input problem as a toolExecutionNotification. */
static cJSON *sarif__notification(const pfl_report *r, const pfl_report_diag *d)
{
	cJSON *o = cJSON_CreateObject();
	pfl_report_json_add_string(o, "level", sarif__notification_level(d->level));
	cJSON_AddItemToObject(o, "message", sarif__message(d->message));
	if (d->code) {
		cJSON *desc = cJSON_AddObjectToObject(o, "descriptor");
		pfl_report_json_add_string(desc, "id", d->code);
	}
	if (d->path) {
		cJSON *locs = cJSON_AddArrayToObject(o, "locations");
		cJSON_AddItemToArray(locs, sarif__location(r, d->path, d->line, d->col, 0, 0));
	}
	return o;
}

/* A finding's place in the highest-scored selection. */
typedef struct sarif__pick {
	int score;
	size_t index; /* in r->findings, which is in location order */
} sarif__pick;

/* Higher score first; ties keep report order (this makes qsort stable). */
static int sarif__by_score(const void *a, const void *b)
{
	const sarif__pick *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* Report order, i.e. by location. */
static int sarif__by_index(const void *a, const void *b)
{
	const sarif__pick *x = a, *y = b;
	return (x->index > y->index) - (x->index < y->index);
}

/*
 * The results array: every finding, or the SARIF__MAX_RESULTS highest-scored
 * in location order. Returns how many were left out.
 */
static size_t sarif__results(const pfl_report *r, cJSON *results)
{
	size_t n = r->nfindings;
	if (n <= SARIF__MAX_RESULTS) {
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(results, sarif__result(r, &r->findings[i]));
		return 0;
	}
	sarif__pick *picks = pfl_calloc(n, sizeof(*picks));
	for (size_t i = 0; i < n; i++) {
		picks[i].score = r->findings[i].score;
		picks[i].index = i;
	}
	qsort(picks, n, sizeof(*picks), sarif__by_score);
	qsort(picks, SARIF__MAX_RESULTS, sizeof(*picks), sarif__by_index);
	for (size_t i = 0; i < SARIF__MAX_RESULTS; i++)
		cJSON_AddItemToArray(results, sarif__result(r, &r->findings[picks[i].index]));
	free(picks);
	return n - SARIF__MAX_RESULTS;
}

/* The notification that says results were left out. */
static cJSON *sarif__dropped_notification(size_t dropped, size_t total)
{
	char text[256];
	snprintf(text, sizeof(text),
		 "%zu of %zu findings were left out: GitHub code scanning accepts at most "
		 "%d results per run, so only the highest-scored were kept",
		 dropped, total, SARIF__MAX_RESULTS);
	cJSON *o = cJSON_CreateObject();
	pfl_report_json_add_string(o, "level", "warning");
	cJSON_AddItemToObject(o, "message", sarif__message(text));
	cJSON *desc = cJSON_AddObjectToObject(o, "descriptor");
	pfl_report_json_add_string(desc, "id", "too-many-results");
	return o;
}

/* run.originalUriBaseIds: %SRCROOT% as a file:// URI ending in '/'. */
static cJSON *sarif__base_ids(const char *root)
{
	pfl_strbuf uri = PFL_STRBUF_INIT;
	pfl_strbuf_adds(&uri, "file://");
	sarif__add_uri_path(&uri, root);
	if (uri.buf[uri.len - 1] != '/')
		pfl_strbuf_addch(&uri, '/');
	cJSON *ids = cJSON_CreateObject();
	cJSON *src = cJSON_AddObjectToObject(ids, SARIF__SRCROOT);
	pfl_report_json_add_string(src, "uri", uri.buf);
	pfl_strbuf_release(&uri);
	return ids;
}

void pfl_report_sarif(const pfl_report *r, pfl_strbuf *out)
{
	const char *version = r->version ? r->version : "0.0.0";
	pfl_report_json_hooks();
	cJSON *root = cJSON_CreateObject();
	pfl_report_json_add_string(root, "$schema", SARIF__SCHEMA);
	pfl_report_json_add_string(root, "version", "2.1.0");
	cJSON *runs = cJSON_AddArrayToObject(root, "runs");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(runs, run);

	cJSON *tool = cJSON_AddObjectToObject(run, "tool");
	cJSON *driver = cJSON_AddObjectToObject(tool, "driver");
	pfl_report_json_add_string(driver, "name", "perflint");
	pfl_report_json_add_string(driver, "semanticVersion", version);
	pfl_report_json_add_string(driver, "version", version);
	pfl_report_json_add_string(driver, "informationUri", PFL_HOMEPAGE);
	cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
	for (size_t i = 0; i < r->nrules; i++)
		cJSON_AddItemToArray(rules, sarif__rule(r->rules[i]));

	cJSON *auto_details = cJSON_AddObjectToObject(run, "automationDetails");
	pfl_report_json_add_string(auto_details, "id",
				   r->automation_id ? r->automation_id : "perflint/");
	if (r->root && r->root[0] == '/')
		cJSON_AddItemToObject(run, "originalUriBaseIds", sarif__base_ids(r->root));
	pfl_report_json_add_string(run, "columnKind", "utf16CodeUnits");

	/* Results first, so a notification can say how many were left out. */
	cJSON *results = cJSON_CreateArray();
	size_t dropped = sarif__results(r, results);

	cJSON *invocations = cJSON_AddArrayToObject(run, "invocations");
	cJSON *inv = cJSON_CreateObject();
	cJSON_AddItemToArray(invocations, inv);
	cJSON_AddBoolToObject(inv, "executionSuccessful", 1);
	if (r->ndiags || dropped) {
		cJSON *notes = cJSON_AddArrayToObject(inv, "toolExecutionNotifications");
		for (size_t i = 0; i < r->ndiags; i++)
			cJSON_AddItemToArray(notes, sarif__notification(r, &r->diags[i]));
		if (dropped)
			cJSON_AddItemToArray(notes, sarif__dropped_notification(dropped, r->nfindings));
	}
	cJSON_AddItemToObject(run, "results", results);

	pfl_report_json_print(root, out);
	cJSON_Delete(root);
}
