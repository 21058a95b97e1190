/*
 * github.c - GitHub Actions workflow commands: one "::error file=...::msg"
 * line per finding and per diagnostic, which the runner shows as
 * annotations on the pull request.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_util.h"
#include "../util/utf8.h"

/*
 * Append s escaped as the workflow command syntax wants: %, CR and LF
 * always, ':' and ',' too in properties; other control characters (C0,
 * DEL, C1, bidirectional) are written visibly, as the text format writes
 * them, so a log never carries them raw.
 */
static void github__escape(pfl_strbuf *out, const char *s, int property)
{
	pfl_strbuf valid = PFL_STRBUF_INIT;
	pfl_report_add_utf8(&valid, s, strlen(s));
	char esc[8];
	for (size_t i = 0; i < valid.len; i++) {
		unsigned char c = (unsigned char)valid.buf[i];
		if (c == '%')
			pfl_strbuf_adds(out, "%25");
		else if (c == '\r')
			pfl_strbuf_adds(out, "%0D");
		else if (c == '\n')
			pfl_strbuf_adds(out, "%0A");
		else if (property && c == ':')
			pfl_strbuf_adds(out, "%3A");
		else if (property && c == ',')
			pfl_strbuf_adds(out, "%2C");
		else {
			/* One whole code point (valid is valid UTF-8). */
			size_t len = 1;
			uint32_t cp = c < 0x80 ? c : pfl_utf8_decode((const unsigned char *)valid.buf + i, valid.len - i, &len);
			if (pfl_report_unsafe_cp(cp))
				pfl_strbuf_add(out, esc, pfl_report_escape_cp(cp, esc));
			else
				pfl_strbuf_add(out, valid.buf + i, len);
			i += len - 1;
		}
	}
	pfl_strbuf_release(&valid);
}

/* The command for a severity: error for critical and high, warning, notice. */
static const char *github__command(pfl_severity s)
{
	return s >= PFL_SEV_HIGH ? "error" : s == PFL_SEV_MEDIUM ? "warning" : "notice";
}

void pfl_report_github(const pfl_report *r, pfl_strbuf *out)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		const pfl_finding *f = &r->findings[i];
		char title[160];
		if (f->suppression)
			continue; /* an annotation cannot say it is suppressed */
		pfl_strbuf_addf(out, "::%s file=", github__command(f->severity));
		github__escape(out, f->path, 1);
		pfl_strbuf_addf(out, ",line=%u,endLine=%u,col=%u,endColumn=%u,title=", f->span.line,
				f->span.end_line, f->col_cp, f->end_col_cp);
		snprintf(title, sizeof(title), "%s %s", f->rule->id, f->rule->name);
		github__escape(out, title, 1);
		pfl_strbuf_adds(out, "::");
		github__escape(out, f->message, 0);
		pfl_strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < r->ndiags; i++) {
		const pfl_report_diag *d = &r->diags[i];
		const char *cmd = strcmp(d->level, "error") == 0 ? "error" :
				  strcmp(d->level, "warning") == 0 ? "warning" : "notice";
		pfl_strbuf_addf(out, "::%s file=", cmd);
		github__escape(out, d->path, 1);
		if (d->line)
			pfl_strbuf_addf(out, ",line=%u", d->line);
		pfl_strbuf_adds(out, ",title=perflint ");
		github__escape(out, d->code, 1);
		pfl_strbuf_adds(out, "::");
		github__escape(out, d->message, 0);
		pfl_strbuf_addch(out, '\n');
	}
}
