/*
 * report.c - format names, dispatch to a reporter, the run's summary, and
 * the UTF-8 helpers every reporter shares.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_util.h"
#include "../util/alloc.h"
#include "../util/utf8.h"

/* A --format name and its format. */
struct report__format_name {
	const char *name;
	pfl_format format;
};

/* Every format, by the name users type. */
static const struct report__format_name report__formats[] = {
	{ "text", PFL_FORMAT_TEXT },
	{ "json", PFL_FORMAT_JSON },
	{ "yaml", PFL_FORMAT_YAML },
	{ "sarif", PFL_FORMAT_SARIF },
	{ "github", PFL_FORMAT_GITHUB },
};

int pfl_format_parse(const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof(report__formats) / sizeof(report__formats[0]); i++)
		if (!strcmp(s, report__formats[i].name))
			return (int)report__formats[i].format;
	return -1;
}

void pfl_report_write(pfl_format f, const pfl_report *r, pfl_strbuf *out)
{
	switch (f) {
	case PFL_FORMAT_TEXT:
		pfl_report_text(r, out);
		break;
	case PFL_FORMAT_JSON:
		pfl_report_json(r, out);
		break;
	case PFL_FORMAT_YAML:
		pfl_report_yaml(r, out);
		break;
	case PFL_FORMAT_SARIF:
		pfl_report_sarif(r, out);
		break;
	case PFL_FORMAT_GITHUB:
		pfl_report_github(r, out);
		break;
	}
}

/*
 * The verdict of a run (docs/scoring.md):
 *
 *   performance_score = max(0, 100 - (15*critical + 8*high + 3*medium + 1*low))
 *   status = "NEEDS_OPTIMIZATION" when any finding is critical or three or
 *            more are high, else "PASS"
 *
 * Diagnostics (files that could not be read or parsed) are counted but do
 * not move the score: they are not performance problems.
 */
void pfl_summary_compute(pfl_summary *s, const pfl_finding *f, size_t n,
			 size_t files, size_t ndiags)
{
	memset(s, 0, sizeof(*s));
	s->files = files;
	s->findings = n;
	s->diagnostics = ndiags;
	for (size_t i = 0; i < n; i++) {
		unsigned sev = (unsigned)f[i].severity;
		if (sev < 4)
			s->by_severity[sev]++;
	}
	/* Weighted in size_t first so a million findings cannot overflow int. */
	size_t penalty = 15 * s->by_severity[PFL_SEV_CRITICAL] +
			 8 * s->by_severity[PFL_SEV_HIGH] +
			 3 * s->by_severity[PFL_SEV_MEDIUM] +
			 1 * s->by_severity[PFL_SEV_LOW];
	s->performance_score = penalty >= 100 ? 0 : 100 - (int)penalty;
	if (s->by_severity[PFL_SEV_CRITICAL] > 0 || s->by_severity[PFL_SEV_HIGH] >= 3)
		s->status = "NEEDS_OPTIMIZATION";
	else
		s->status = "PASS";
}

void pfl_report_add_utf8(pfl_strbuf *sb, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* Copy the longest valid run in one go. */
		size_t ok = pfl_utf8_invalid_at(s + i, n - i);
		pfl_strbuf_add(sb, s + i, ok);
		i += ok;
		if (i >= n)
			break;
		size_t len;
		pfl_utf8_decode(u + i, n - i, &len);
		pfl_strbuf_adds(sb, "\xEF\xBF\xBD");
		i += len;
	}
}

bool pfl_report_unsafe_cp(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

size_t pfl_report_escape_cp(uint32_t cp, char buf[8])
{
	return (size_t)snprintf(buf, 8, cp < 0x80 ? "\\x%02x" : "\\u%04x", (unsigned)(cp & 0xFFFF));
}

char *pfl_report_utf8_dup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (pfl_utf8_invalid_at(s, n) == n)
		return pfl_strdup(s);
	pfl_strbuf sb = PFL_STRBUF_INIT;
	pfl_report_add_utf8(&sb, s, n);
	return pfl_strbuf_detach(&sb, NULL);
}

const char *pfl_report_str(const char *s)
{
	return s ? s : "";
}
