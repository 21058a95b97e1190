/*
 * yaml.c - the auditors' YAML report, written through libyaml's emitter so
 * quoting and escaping are libyaml's, not ours:
 *
 *   status: NEEDS_OPTIMIZATION
 *   performance_score: 62/100
 *   summary: {files: 3, findings: 4, critical: 1, high: 1, medium: 2, low: 0, diagnostics: 0}
 *   issues:
 *     critical:
 *     - rule: PFL101
 *       issue: ...
 *       file: app/views.py
 *       ...
 *     high: []
 *   diagnostics: []
 *
 * Multi-line strings (code, fixes) use the literal block style when libyaml
 * can represent them that way (it falls back to a double-quoted scalar for
 * text with tabs, control characters or trailing spaces).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "report.h"
#include "report_util.h"
#include "../util/error.h"

/* An emitter writing into a strbuf. */
typedef struct yaml__ctx {
	yaml_emitter_t emitter;
	pfl_strbuf *out;
} yaml__ctx;

/* libyaml's output handler: append to the strbuf. */
static int yaml__write(void *data, unsigned char *buffer, size_t size)
{
	pfl_strbuf_add(data, buffer, size);
	return 1;
}

/* Emit one event; the emitter owns it. Failure is a bug: input is valid. */
static void yaml__emit(yaml__ctx *c, yaml_event_t *ev, int initialized)
{
	if (!initialized)
		PFL_BUG("yaml: cannot build event");
	if (!yaml_emitter_emit(&c->emitter, ev))
		PFL_BUG("yaml: %s", c->emitter.problem ? c->emitter.problem : "emitter error");
}

/* Emit a scalar in a given style (s must be valid UTF-8). */
static void yaml__scalar_style(yaml__ctx *c, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	int ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
					      (int)strlen(s), 1, 1, style);
	yaml__emit(c, &ev, ok);
}

/*
 * Whether a one-line string would be read back as something other than a
 * string when written plain (YAML 1.1: numbers, booleans, null, dates).
 */
static bool yaml__looks_typed(const char *s)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
		"=", "<<", ".inf", "-.inf", "+.inf", ".nan",
	};
	if (!*s)
		return true;
	if ((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == '.')
		return true;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(s, words[i]))
			return true;
	return false;
}

/*
 * Emit a string: made valid UTF-8, CRLF read as LF, literal block style
 * when it has several lines, quoted when plain would change its type.
 */
static void yaml__string(yaml__ctx *c, const char *s)
{
	char *v = pfl_report_utf8_dup(s ? s : "");
	/* CRLF line ends of the source would read as two breaks in YAML. */
	char *w = v;
	for (const char *p = v; *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			*w++ = *p;
	*w = '\0';
	yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
	if (strchr(v, '\n'))
		style = YAML_LITERAL_SCALAR_STYLE;
	else if (yaml__looks_typed(v))
		style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
	yaml__scalar_style(c, v, style);
	free(v);
}

/* Emit a plain scalar that is ours (keys, numbers, fixed words). */
static void yaml__plain(yaml__ctx *c, const char *s)
{
	yaml__scalar_style(c, s, YAML_PLAIN_SCALAR_STYLE);
}

/* Emit an integer. */
static void yaml__int(yaml__ctx *c, long long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", v);
	yaml__plain(c, buf);
}

/* Emit "key: string". */
static void yaml__kv_string(yaml__ctx *c, const char *key, const char *s)
{
	yaml__plain(c, key);
	yaml__string(c, s);
}

/* Emit "key: integer". */
static void yaml__kv_int(yaml__ctx *c, const char *key, long long v)
{
	yaml__plain(c, key);
	yaml__int(c, v);
}

/* Start a mapping, block or flow. */
static void yaml__map_start(yaml__ctx *c, bool flow)
{
	yaml_event_t ev;
	int ok = yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	yaml__emit(c, &ev, ok);
}

/* End a mapping. */
static void yaml__map_end(yaml__ctx *c)
{
	yaml_event_t ev;
	int ok = yaml_mapping_end_event_initialize(&ev);
	yaml__emit(c, &ev, ok);
}

/* Start a sequence: flow for an empty one (it prints as []), else block. */
static void yaml__seq_start(yaml__ctx *c, bool empty)
{
	yaml_event_t ev;
	int ok = yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		empty ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
	yaml__emit(c, &ev, ok);
}

/* End a sequence. */
static void yaml__seq_end(yaml__ctx *c)
{
	yaml_event_t ev;
	int ok = yaml_sequence_end_event_initialize(&ev);
	yaml__emit(c, &ev, ok);
}

/*
 * The cost in a few words, from the family (and, for round trips, the loop
 * depth): what grows with the input. Unknown families use the rule summary.
 */
static const char *yaml__impact(const pfl_finding *f, char *buf, size_t n)
{
	static const char *const powers[] = { "", "", "²", "³" };
	const pfl_rule_meta *rule = f->rule;
	const char *family = rule && rule->family ? rule->family : "";
	if (!strcmp(family, "n-plus-one")) {
		if (f->loop_depth <= 1)
			return "O(n) round trips";
		if (f->loop_depth < sizeof(powers) / sizeof(powers[0]))
			snprintf(buf, n, "O(n%s) round trips", powers[f->loop_depth]);
		else
			snprintf(buf, n, "O(n^%u) round trips", (unsigned)f->loop_depth);
		return buf;
	}
	if (!strcmp(family, "quadratic-concat"))
		return rule && !strcmp(rule->id, "PFL202") ? "O(n²) element copies" : "O(n²) bytes copied";
	if (!strcmp(family, "list-membership"))
		return "O(n·m) comparisons";
	if (!strcmp(family, "blocking-async"))
		return "event loop stalled";
	return rule && rule->summary ? rule->summary : "";
}

/* One issue mapping. */
static void yaml__issue(yaml__ctx *c, const pfl_finding *f)
{
	char impact[64];
	yaml__map_start(c, false);
	yaml__kv_string(c, "rule", f->rule ? f->rule->id : "");
	yaml__kv_string(c, "issue", f->message);
	yaml__kv_string(c, "file", f->path);
	yaml__kv_int(c, "line", f->span.line);
	yaml__kv_int(c, "score", f->score);
	yaml__kv_string(c, "impact", yaml__impact(f, impact, sizeof(impact)));
	yaml__kv_string(c, "current_code", f->code);
	yaml__kv_string(c, "optimized_code", f->fix);
	yaml__map_end(c);
}

/* "<severity>: [issues of that severity]", in report order. */
static void yaml__group(yaml__ctx *c, const pfl_report *r, pfl_severity sev)
{
	size_t count = 0;
	/* Suppressed findings (--show-suppressed) are not issues of the audit. */
	for (size_t i = 0; i < r->nfindings; i++)
		count += r->findings[i].severity == sev && !r->findings[i].suppression;
	yaml__plain(c, pfl_severity_name(sev));
	yaml__seq_start(c, count == 0);
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].severity == sev && !r->findings[i].suppression)
			yaml__issue(c, &r->findings[i]);
	yaml__seq_end(c);
}

/* One input problem. */
static void yaml__diag(yaml__ctx *c, const pfl_report_diag *d)
{
	yaml__map_start(c, false);
	yaml__kv_string(c, "file", d->path);
	yaml__kv_int(c, "line", d->line);
	yaml__kv_int(c, "column", d->col);
	yaml__kv_string(c, "level", d->level ? d->level : "error");
	yaml__kv_string(c, "code", d->code);
	yaml__kv_string(c, "message", d->message);
	yaml__map_end(c);
}

void pfl_report_yaml(const pfl_report *r, pfl_strbuf *out)
{
	const pfl_summary *s = &r->summary;
	yaml__ctx c = { .out = out };
	yaml_event_t ev;
	char score[32];

	if (!yaml_emitter_initialize(&c.emitter))
		PFL_BUG("yaml: cannot initialise the emitter");
	yaml_emitter_set_output(&c.emitter, yaml__write, c.out);
	yaml_emitter_set_unicode(&c.emitter, 1);
	yaml_emitter_set_indent(&c.emitter, 2);
	yaml_emitter_set_width(&c.emitter, -1); /* never fold long lines */
	yaml_emitter_set_break(&c.emitter, YAML_LN_BREAK);

	yaml__emit(&c, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	yaml__emit(&c, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	yaml__map_start(&c, false);

	yaml__plain(&c, "status");
	yaml__plain(&c, s->status ? s->status : "PASS");
	snprintf(score, sizeof(score), "%d/100", s->performance_score);
	yaml__plain(&c, "performance_score");
	yaml__plain(&c, score);

	yaml__plain(&c, "summary");
	yaml__map_start(&c, true);
	yaml__kv_int(&c, "files", (long long)s->files);
	yaml__kv_int(&c, "findings", (long long)s->findings);
	yaml__kv_int(&c, "critical", (long long)s->by_severity[PFL_SEV_CRITICAL]);
	yaml__kv_int(&c, "high", (long long)s->by_severity[PFL_SEV_HIGH]);
	yaml__kv_int(&c, "medium", (long long)s->by_severity[PFL_SEV_MEDIUM]);
	yaml__kv_int(&c, "low", (long long)s->by_severity[PFL_SEV_LOW]);
	yaml__kv_int(&c, "diagnostics", (long long)s->diagnostics);
	yaml__map_end(&c);

	yaml__plain(&c, "issues");
	yaml__map_start(&c, false);
	yaml__group(&c, r, PFL_SEV_CRITICAL);
	yaml__group(&c, r, PFL_SEV_HIGH);
	yaml__group(&c, r, PFL_SEV_MEDIUM);
	yaml__group(&c, r, PFL_SEV_LOW);
	yaml__map_end(&c);

	yaml__plain(&c, "diagnostics");
	yaml__seq_start(&c, r->ndiags == 0);
	for (size_t i = 0; i < r->ndiags; i++)
		yaml__diag(&c, &r->diags[i]);
	yaml__seq_end(&c);

	yaml__map_end(&c);
	yaml__emit(&c, &ev, yaml_document_end_event_initialize(&ev, 1));
	yaml__emit(&c, &ev, yaml_stream_end_event_initialize(&ev));
	if (!yaml_emitter_flush(&c.emitter))
		PFL_BUG("yaml: cannot flush the emitter");
	yaml_emitter_delete(&c.emitter);
}
