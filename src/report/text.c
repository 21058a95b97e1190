/*
 * text.c - the human report, in gcc's format so editors' error parsers read
 * it:
 *
 *   a.py:3:5: medium: string built by += in a loop ... [PFL201]
 *       3 |     s += line
 *         |     ^~~~~~~~~
 *     fix: parts.append(line)
 *     note: a.py:1:1: 's' starts here
 *
 * Everything printed from the input (paths, messages, source, fixes) goes
 * through text__add_safe: control characters become visible escapes and
 * invalid UTF-8 becomes U+FFFD, so a hostile file cannot drive the terminal.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_util.h"
#include "../util/utf8.h"

/* ANSI styles, used only when the report asks for colour. */
#define TEXT__RESET "\033[0m"
#define TEXT__RED_BOLD "\033[1;31m"
#define TEXT__YELLOW "\033[33m"
#define TEXT__CYAN "\033[36m"
#define TEXT__GREEN "\033[32m"
#define TEXT__DIM "\033[2m"

/* Narrowest gutter for line numbers, as gcc and clang print it. */
#define TEXT__GUTTER 5

/* How one code point of untrusted text is shown. */
typedef struct text__glyph {
	char buf[16];   /* what to print, NUL-terminated */
	size_t len;     /* bytes of the input it stands for */
	size_t width;   /* code points it occupies on screen */
	bool tab;       /* a tab, printed as is */
} text__glyph;

/*
 * The glyph of the code point at s[0..n), n >= 1: C0 controls and DEL as
 * \xNN, C1 controls and bidi controls as \uNNNN, invalid UTF-8 as U+FFFD,
 * tabs kept, the rest copied.
 */
static void text__glyph_at(const char *s, size_t n, text__glyph *g)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = 1;
	uint32_t cp = u[0] < 0x80 ? u[0] : pfl_utf8_decode(u, n, &len);
	g->len = len;
	g->width = 1;
	g->tab = cp == '\t';
	if (g->tab) {
		strcpy(g->buf, "\t");
	} else if (pfl_report_unsafe_cp(cp)) {
		g->width = pfl_report_escape_cp(cp, g->buf);
	} else if (cp == 0xFFFD) {
		strcpy(g->buf, "\xEF\xBF\xBD"); /* also what an invalid sequence becomes */
	} else {
		memcpy(g->buf, s, len);
		g->buf[len] = '\0';
	}
}

/* Append s[0..n) with every unsafe code point made visible. */
static void text__add_safe_n(pfl_strbuf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* Plain printable ASCII runs are the common case: copy them whole. */
		size_t run = 0;
		while (i + run < n && (unsigned char)s[i + run] >= 0x20 &&
		       (unsigned char)s[i + run] < 0x7F)
			run++;
		pfl_strbuf_add(out, s + i, run);
		i += run;
		if (i >= n)
			break;
		text__glyph g;
		text__glyph_at(s + i, n - i, &g);
		pfl_strbuf_adds(out, g.buf);
		i += g.len;
	}
}

/* Append a NUL-terminated string safely ("" for NULL). */
static void text__add_safe(pfl_strbuf *out, const char *s)
{
	if (s)
		text__add_safe_n(out, s, strlen(s));
}

/* Append s in a style when colour is on. */
static void text__styled(pfl_strbuf *out, bool color, const char *style, const char *s)
{
	if (color)
		pfl_strbuf_adds(out, style);
	text__add_safe(out, s);
	if (color)
		pfl_strbuf_adds(out, TEXT__RESET);
}

/* The colour of a severity word. */
static const char *text__severity_style(pfl_severity sev)
{
	switch (sev) {
	case PFL_SEV_CRITICAL:
	case PFL_SEV_HIGH:
		return TEXT__RED_BOLD;
	case PFL_SEV_MEDIUM:
		return TEXT__YELLOW;
	case PFL_SEV_LOW:
		break;
	}
	return TEXT__CYAN;
}


/* Append "path:line:col" (":line:col" left out for line 0, ":col" for col 0). */
static void text__location(pfl_strbuf *out, const char *path, uint32_t line, uint32_t col)
{
	text__add_safe(out, path ? path : "<unknown>");
	if (line) {
		pfl_strbuf_addf(out, ":%u", (unsigned)line);
		if (col)
			pfl_strbuf_addf(out, ":%u", (unsigned)col);
	}
}

/* Decimal digits of n. */
static int text__digits(uint32_t n)
{
	int d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* Longest source line shown whole, in code points; and context kept before the span. */
#define TEXT__MAX_SNIPPET 200
#define TEXT__SNIPPET_CONTEXT 60

/*
 * The source line and a caret line under [col, end) (code points, 1-based,
 * end exclusive). The caret line copies the tabs of the source line before
 * the caret and widens under escaped characters, so it stays aligned.
 */
static void text__snippet(pfl_strbuf *out, bool color, uint32_t lineno,
			  const char *line, size_t n, uint32_t col, uint32_t end)
{
	int width = text__digits(lineno);
	if (width < TEXT__GUTTER)
		width = TEXT__GUTTER;
	pfl_strbuf_addf(out, "%*u | ", width, (unsigned)lineno);
	text__add_safe_n(out, line, n);
	pfl_strbuf_addch(out, '\n');

	if (col == 0)
		col = 1;
	if (end <= col)
		end = col + 1;
	pfl_strbuf_addf(out, "%*s | ", width, "");
	uint32_t cp = 1;
	size_t i = 0;
	text__glyph g;
	/* Padding up to the caret. */
	for (; cp < col; cp++) {
		if (i < n) {
			text__glyph_at(line + i, n - i, &g);
			i += g.len;
			if (g.tab)
				pfl_strbuf_addch(out, '\t');
			else
				pfl_strbuf_addchars(out, ' ', g.width);
		} else {
			pfl_strbuf_addch(out, ' ');
		}
	}
	/* The underline: '^' then '~' to the end of the span on this line. */
	if (color)
		pfl_strbuf_adds(out, TEXT__GREEN);
	bool first = true;
	for (; cp < end && (i < n || first); cp++) {
		size_t w = 1;
		if (i < n) {
			text__glyph_at(line + i, n - i, &g);
			i += g.len;
			w = g.tab ? 1 : g.width;
		}
		pfl_strbuf_addch(out, first ? '^' : '~');
		pfl_strbuf_addchars(out, '~', w - 1);
		first = false;
	}
	if (color)
		pfl_strbuf_adds(out, TEXT__RESET);
	pfl_strbuf_addch(out, '\n');
}

/* Byte offset of code point cp (1-based) in s[0..n), or n past the end. */
static size_t text__cp_offset(const char *s, size_t n, uint32_t cp)
{
	size_t i = 0;
	for (uint32_t k = 1; k < cp && i < n; k++) {
		size_t len = 1;
		if ((unsigned char)s[i] >= 0x80)
			pfl_utf8_decode((const unsigned char *)s + i, n - i, &len);
		i += len ? len : 1;
	}
	return i < n ? i : n;
}

/*
 * text__snippet for a line of any length: a line longer than
 * TEXT__MAX_SNIPPET code points is shown as a window around the span,
 * with "…" where it was cut, so a minified or generated line cannot flood
 * the terminal.
 */
static void text__snippet_window(pfl_strbuf *out, bool color, uint32_t lineno,
				 const char *line, size_t n, uint32_t col, uint32_t end)
{
	size_t total = pfl_utf8_codepoints(line, n);
	if (total <= TEXT__MAX_SNIPPET) {
		text__snippet(out, color, lineno, line, n, col, end);
		return;
	}
	uint32_t first = col > TEXT__SNIPPET_CONTEXT ? col - TEXT__SNIPPET_CONTEXT : 1;
	uint32_t last = first + TEXT__MAX_SNIPPET; /* exclusive */
	if (last > total + 1)
		last = (uint32_t)total + 1;
	size_t a = text__cp_offset(line, n, first), b = text__cp_offset(line, n, last);
	pfl_strbuf win = PFL_STRBUF_INIT;
	bool left = first > 1, right = b < n;
	if (left)
		pfl_strbuf_adds(&win, "\xE2\x80\xA6");
	pfl_strbuf_add(&win, line + a, b - a);
	if (right)
		pfl_strbuf_adds(&win, "\xE2\x80\xA6");
	uint32_t shift = first - 1 - (left ? 1 : 0);
	uint32_t wend = end > last ? last + (right ? 1 : 0) : end;
	text__snippet(out, color, lineno, win.buf, win.len, col - shift, wend - shift);
	pfl_strbuf_release(&win);
}

/* Append "<label>" then each line of text, later lines aligned under the first. */
static void text__block(pfl_strbuf *out, const char *label, const char *text)
{
	size_t indent = strlen(label);
	const char *p = text;
	size_t len = strlen(text);
	/* A trailing newline does not make an empty last line. */
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	const char *end = text + len;
	pfl_strbuf_adds(out, label);
	for (bool first = true; first || p < end; first = false) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t n = (size_t)(eol - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (!first)
			pfl_strbuf_addchars(out, ' ', indent);
		text__add_safe_n(out, p, n);
		pfl_strbuf_addch(out, '\n');
		p = nl ? nl + 1 : end;
	}
}

/* One finding: header, snippet with caret, fix, related notes. */
static void text__finding(pfl_strbuf *out, bool color, const pfl_finding *f)
{
	uint32_t col = f->col_cp ? f->col_cp : f->span.col;
	text__location(out, f->path, f->span.line, col ? col : 1);
	pfl_strbuf_adds(out, ": ");
	text__styled(out, color, text__severity_style(f->severity),
		     pfl_severity_name(f->severity));
	pfl_strbuf_adds(out, ": ");
	text__add_safe(out, f->message);
	pfl_strbuf_adds(out, " [");
	text__styled(out, color, TEXT__DIM, f->rule ? f->rule->id : "?");
	pfl_strbuf_adds(out, "]\n");
	if (f->suppression) {
		pfl_strbuf_adds(out, "  suppressed by '");
		text__add_safe(out, f->suppression);
		pfl_strbuf_addf(out, "' (line %u)\n", f->suppression_line);
	}

	if (f->code && *f->code && f->span.line) {
		const char *nl = strchr(f->code, '\n');
		size_t n = nl ? (size_t)(nl - f->code) : strlen(f->code);
		if (n && f->code[n - 1] == '\r')
			n--;
		uint32_t end;
		if (f->span.end_line > f->span.line)
			end = (uint32_t)pfl_utf8_codepoints(f->code, n) + 1;
		else
			end = f->end_col_cp ? f->end_col_cp : col + 1;
		text__snippet_window(out, color, f->span.line, f->code, n, col, end);
	}
	if (f->fix)
		text__block(out, "  fix: ", f->fix);
	for (uint32_t i = 0; i < f->nrelated; i++) {
		const pfl_related *rel = &f->related[i];
		pfl_strbuf_adds(out, "  note: ");
		text__location(out, rel->path ? rel->path : f->path, rel->span.line,
			       rel->col_cp ? rel->col_cp : rel->span.col);
		pfl_strbuf_adds(out, ": ");
		text__add_safe(out, rel->message);
		pfl_strbuf_addch(out, '\n');
	}
}


/* "s" unless n is one. */
static const char *text__plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void pfl_report_text(const pfl_report *r, pfl_strbuf *out)
{
	const pfl_summary *s = &r->summary;
	for (size_t i = 0; i < r->nfindings; i++) {
		text__finding(out, r->color, &r->findings[i]);
		pfl_strbuf_addch(out, '\n');
	}
	/* Diagnostics go to standard error (main.c), not into the report. */
	if (r->quiet)
		return;
	if (s->findings) {
		pfl_strbuf_addf(out, "Found %zu finding%s (%zu critical, %zu high, "
				"%zu medium, %zu low) in %zu file%s.\n",
				s->findings, text__plural(s->findings),
				s->by_severity[PFL_SEV_CRITICAL], s->by_severity[PFL_SEV_HIGH],
				s->by_severity[PFL_SEV_MEDIUM], s->by_severity[PFL_SEV_LOW],
				s->files, text__plural(s->files));
	} else {
		pfl_strbuf_addf(out, "No findings in %zu file%s.\n", s->files,
				text__plural(s->files));
	}
}
