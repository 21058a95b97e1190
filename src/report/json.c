/*
 * json.c - the JSON report (docs/output-formats.md), and the cJSON helpers
 * the SARIF report shares: valid-UTF-8 strings and a two-space printer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "report.h"
#include "report_util.h"
#include "../util/alloc.h"

/* Version of the JSON document's schema; bump on incompatible changes. */
#define JSON__SCHEMA_VERSION 1

void pfl_report_json_hooks(void)
{
	cJSON_Hooks hooks = { pfl_malloc, free };
	cJSON_InitHooks(&hooks);
}

cJSON *pfl_report_json_string(const char *s)
{
	if (!s)
		return cJSON_CreateNull();
	char *valid = pfl_report_utf8_dup(s);
	cJSON *item = cJSON_CreateString(valid);
	free(valid);
	return item;
}

void pfl_report_json_add_string(cJSON *obj, const char *key, const char *s)
{
	cJSON_AddItemToObject(obj, key, pfl_report_json_string(s));
}

/* Append a number: integers without a fraction, others round-trippable. */
static void json__print_number(pfl_strbuf *out, double d)
{
	if (d != d || d > 1e308 || d < -1e308) {
		pfl_strbuf_adds(out, "null"); /* JSON has no NaN or infinity */
		return;
	}
	if (d >= -9007199254740992.0 && d <= 9007199254740992.0 &&
	    d == (double)(long long)d) {
		pfl_strbuf_addf(out, "%lld", (long long)d);
		return;
	}
	pfl_strbuf_addf(out, "%.17g", d);
}

/* Append the indentation of a nesting depth. */
static void json__indent(pfl_strbuf *out, int depth)
{
	pfl_strbuf_addchars(out, ' ', (size_t)depth * 2);
}

/* Append one value at a nesting depth (the caller has indented its line). */
static void json__print_value(pfl_strbuf *out, const cJSON *item, int depth)
{
	if (cJSON_IsNull(item)) {
		pfl_strbuf_adds(out, "null");
	} else if (cJSON_IsFalse(item)) {
		pfl_strbuf_adds(out, "false");
	} else if (cJSON_IsTrue(item)) {
		pfl_strbuf_adds(out, "true");
	} else if (cJSON_IsNumber(item)) {
		json__print_number(out, item->valuedouble);
	} else if (cJSON_IsString(item)) {
		pfl_strbuf_add_json(out, item->valuestring ? item->valuestring : "");
	} else if (cJSON_IsRaw(item)) {
		pfl_strbuf_adds(out, item->valuestring ? item->valuestring : "null");
	} else if (cJSON_IsArray(item) || cJSON_IsObject(item)) {
		bool is_obj = cJSON_IsObject(item);
		const cJSON *child = item->child;
		if (!child) {
			pfl_strbuf_adds(out, is_obj ? "{}" : "[]");
			return;
		}
		pfl_strbuf_addch(out, is_obj ? '{' : '[');
		for (; child; child = child->next) {
			pfl_strbuf_addch(out, '\n');
			json__indent(out, depth + 1);
			if (is_obj) {
				pfl_strbuf_add_json(out, child->string ? child->string : "");
				pfl_strbuf_adds(out, ": ");
			}
			json__print_value(out, child, depth + 1);
			if (child->next)
				pfl_strbuf_addch(out, ',');
		}
		pfl_strbuf_addch(out, '\n');
		json__indent(out, depth);
		pfl_strbuf_addch(out, is_obj ? '}' : ']');
	} else {
		pfl_strbuf_adds(out, "null");
	}
}

void pfl_report_json_print(const cJSON *root, pfl_strbuf *out)
{
	json__print_value(out, root, 0);
	pfl_strbuf_addch(out, '\n');
}

/* A related location: where, and what happens there. */
static cJSON *json__related(const pfl_related *rel)
{
	cJSON *o = cJSON_CreateObject();
	pfl_report_json_add_string(o, "path", rel->path);
	cJSON_AddNumberToObject(o, "line", rel->span.line);
	cJSON_AddNumberToObject(o, "column", rel->col_cp);
	cJSON_AddNumberToObject(o, "end_line", rel->span.end_line);
	cJSON_AddNumberToObject(o, "end_column", rel->end_col_cp);
	pfl_report_json_add_string(o, "message", rel->message);
	return o;
}

/* One finding, every field of docs/output-formats.md in order. */
static cJSON *json__finding(const pfl_finding *f)
{
	const pfl_rule_meta *rule = f->rule;
	cJSON *o = cJSON_CreateObject();
	pfl_report_json_add_string(o, "rule", rule ? rule->id : NULL);
	pfl_report_json_add_string(o, "name", rule ? rule->name : NULL);
	pfl_report_json_add_string(o, "family", rule ? rule->family : NULL);
	pfl_report_json_add_string(o, "severity", pfl_severity_name(f->severity));
	cJSON_AddNumberToObject(o, "score", f->score);
	pfl_report_json_add_string(o, "path", f->path);
	cJSON_AddNumberToObject(o, "line", f->span.line);
	cJSON_AddNumberToObject(o, "column", f->col_cp);
	cJSON_AddNumberToObject(o, "end_line", f->span.end_line);
	cJSON_AddNumberToObject(o, "end_column", f->end_col_cp);
	pfl_report_json_add_string(o, "message", f->message);
	pfl_report_json_add_string(o, "fix", f->fix);
	pfl_report_json_add_string(o, "code", f->code);
	cJSON_AddNumberToObject(o, "loop_depth", f->loop_depth);
	cJSON_AddBoolToObject(o, "inferred", f->inferred);
	pfl_report_json_add_string(o, "fingerprint", f->fingerprint);
	cJSON *rel = cJSON_AddArrayToObject(o, "related");
	for (uint32_t i = 0; i < f->nrelated; i++)
		cJSON_AddItemToArray(rel, json__related(&f->related[i]));
	if (f->suppression) {
		/* Only with --show-suppressed: the comment that silences it. */
		cJSON *sup = cJSON_AddObjectToObject(o, "suppressed");
		pfl_report_json_add_string(sup, "directive", f->suppression);
		cJSON_AddNumberToObject(sup, "line", f->suppression_line);
	}
	return o;
}

/* One input problem. */
static cJSON *json__diag(const pfl_report_diag *d)
{
	cJSON *o = cJSON_CreateObject();
	pfl_report_json_add_string(o, "path", d->path);
	cJSON_AddNumberToObject(o, "line", d->line);
	cJSON_AddNumberToObject(o, "column", d->col);
	pfl_report_json_add_string(o, "level", d->level ? d->level : "error");
	pfl_report_json_add_string(o, "code", d->code);
	pfl_report_json_add_string(o, "message", d->message);
	return o;
}

/* "python,c" as ["python", "c"]. */
static cJSON *json__languages(const char *list)
{
	cJSON *a = cJSON_CreateArray();
	const char *p = list ? list : "";
	while (*p) {
		size_t n = strcspn(p, ",");
		size_t b = 0, e = n;
		while (b < e && p[b] == ' ')
			b++;
		while (e > b && p[e - 1] == ' ')
			e--;
		if (e > b) {
			char *lang = pfl_strndup(p + b, e - b);
			cJSON_AddItemToArray(a, pfl_report_json_string(lang));
			free(lang);
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return a;
}

/* One rule's metadata, as a consumer needs it to explain findings. */
static cJSON *json__rule(const pfl_rule_meta *rule)
{
	char uri[512];
	cJSON *o = cJSON_CreateObject();
	pfl_report_json_add_string(o, "id", rule->id);
	pfl_report_json_add_string(o, "name", rule->name);
	pfl_report_json_add_string(o, "family", rule->family);
	cJSON_AddItemToObject(o, "languages", json__languages(rule->languages));
	cJSON_AddNumberToObject(o, "base_score", rule->base_score);
	pfl_report_json_add_string(o, "summary", rule->summary);
	pfl_report_json_add_string(o, "description", rule->description);
	pfl_report_json_add_string(o, "help_uri", pfl_rule_help_uri(rule, uri, sizeof(uri)));
	return o;
}

void pfl_report_json(const pfl_report *r, pfl_strbuf *out)
{
	const pfl_summary *s = &r->summary;
	pfl_report_json_hooks();
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "version", JSON__SCHEMA_VERSION);

	cJSON *tool = cJSON_AddObjectToObject(root, "tool");
	pfl_report_json_add_string(tool, "name", "perflint");
	pfl_report_json_add_string(tool, "version", r->version);

	cJSON *sum = cJSON_AddObjectToObject(root, "summary");
	cJSON_AddNumberToObject(sum, "files", (double)s->files);
	cJSON_AddNumberToObject(sum, "findings", (double)s->findings);
	cJSON_AddNumberToObject(sum, "critical", (double)s->by_severity[PFL_SEV_CRITICAL]);
	cJSON_AddNumberToObject(sum, "high", (double)s->by_severity[PFL_SEV_HIGH]);
	cJSON_AddNumberToObject(sum, "medium", (double)s->by_severity[PFL_SEV_MEDIUM]);
	cJSON_AddNumberToObject(sum, "low", (double)s->by_severity[PFL_SEV_LOW]);
	cJSON_AddNumberToObject(sum, "diagnostics", (double)s->diagnostics);
	cJSON_AddNumberToObject(sum, "performance_score", s->performance_score);
	pfl_report_json_add_string(sum, "status", s->status ? s->status : "PASS");

	cJSON *findings = cJSON_AddArrayToObject(root, "findings");
	for (size_t i = 0; i < r->nfindings; i++)
		cJSON_AddItemToArray(findings, json__finding(&r->findings[i]));

	cJSON *diags = cJSON_AddArrayToObject(root, "diagnostics");
	for (size_t i = 0; i < r->ndiags; i++)
		cJSON_AddItemToArray(diags, json__diag(&r->diags[i]));

	cJSON *rules = cJSON_AddArrayToObject(root, "rules");
	for (size_t i = 0; i < r->nrules; i++)
		cJSON_AddItemToArray(rules, json__rule(r->rules[i]));

	pfl_report_json_print(root, out);
	cJSON_Delete(root);
}
