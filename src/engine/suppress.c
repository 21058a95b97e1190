/*
 * suppress.c - suppression comments: a Python and a C lexer that find the
 * comments of a file, the parser of the directives in them, and matching
 * findings against the directives (the forms and the approximations are in
 * suppress.h).
 *
 * Every scan moves forward over the text, looking at each byte a bounded
 * number of times; nothing reads past src[len) and nothing expects a NUL.
 */
#include "suppress.h"

#include <string.h>

/* Longest token that can name a rule; longer ones are unknown without a lookup. */
#define SUPP__MAX_TOKEN 64
/* Longest token or word quoted in a problem message. */
#define SUPP__MAX_QUOTE 64
/* Python strings and f-string fields tracked at once. */
#define SUPP__MAX_FRAMES 64

#define SUPP__EXPECTED "expected disable, disable-next-line or disable-file"

/* What one parse works on. */
typedef struct supp__ctx {
	const char *s;
	size_t n;
	pfl_arena *arena;
	pfl_suppressions *out;
} supp__ctx;

/* A comment: its text, past the opener and before any closer, and its lines. */
typedef struct supp__comment {
	size_t start, end;
	size_t line_start;       /* offset of the first byte of the first line */
	uint32_t first_line, last_line;
} supp__comment;

/* Where a lexer is. */
typedef struct supp__lex {
	supp__ctx *c;
	const char *s;
	size_t n, i;
	uint32_t line;
	size_t ls;               /* offset of the first byte of the current line */
} supp__lex;

/* ---- bytes ---- */

static bool supp__blank(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

static bool supp__alpha(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static bool supp__digit(unsigned char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool supp__alnum_(unsigned char ch)
{
	return supp__alpha(ch) || supp__digit(ch) || ch == '_';
}

/* A byte of a directive word or rule token: [A-Za-z0-9_-]. */
static bool supp__word(unsigned char ch)
{
	return supp__alnum_(ch) || ch == '-';
}

static unsigned char supp__lower(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch;
}

static unsigned char supp__upper(unsigned char ch)
{
	return ch >= 'a' && ch <= 'z' ? (unsigned char)(ch - 32) : ch;
}

/* Whether s[0..n) is the lowercase word w, ignoring ASCII case. */
static bool supp__ieq(const char *s, size_t n, const char *w)
{
	size_t k = 0;
	for (; k < n; k++)
		if (!w[k] || supp__lower((unsigned char)s[k]) != (unsigned char)w[k])
			return false;
	return w[k] == '\0';
}

/* Whether the lowercase word w starts at s[at], within s[0..end). */
static bool supp__at(const char *s, size_t end, size_t at, const char *w)
{
	size_t wn = strlen(w);
	return at <= end && end - at >= wn && supp__ieq(s + at, wn, w);
}

static size_t supp__skip_blanks(const char *s, size_t end, size_t i)
{
	while (i < end && supp__blank((unsigned char)s[i]))
		i++;
	return i;
}

static uint32_t supp__inc(uint32_t v)
{
	return v < UINT32_MAX ? v + 1 : v;
}

/* The 1-based byte column of offset at on the line starting at ls. */
static uint32_t supp__col(size_t ls, size_t at)
{
	size_t col = at - ls + 1;
	return col > UINT32_MAX ? UINT32_MAX : (uint32_t)col;
}

/* ---- results ---- */

static void supp__problem(supp__ctx *c, uint32_t line, uint32_t col, const char *message)
{
	pfl_supp_problem *p = pfl_array_grow_one(&c->out->problems);
	p->line = line;
	p->col = col;
	p->message = message;
}

/* A problem quoting s[a..b) (a token or a word: [A-Za-z0-9_-] bytes only). */
static void supp__problem_q(supp__ctx *c, uint32_t line, size_t ls, size_t a, size_t b, const char *before,
			    const char *after)
{
	size_t n = b - a;
	int shown = (int)(n > SUPP__MAX_QUOTE ? SUPP__MAX_QUOTE : n);
	supp__problem(c, line, supp__col(ls, a),
		      pfl_arena_printf(c->arena, "%s'%.*s%s'%s", before, shown, c->s + a,
				       n > SUPP__MAX_QUOTE ? "..." : "", after));
}

/* Add a directive of comment cm written as s[ts..te). */
static void supp__add(supp__ctx *c, const supp__comment *cm, pfl_supp_scope scope, bool noqa, bool all,
		      const char **tokens, uint32_t ntokens, size_t ts, size_t te)
{
	pfl_suppression *it = pfl_array_grow_one(&c->out->items);
	it->scope = scope;
	it->line = cm->first_line;
	it->target = scope == PFL_SUPP_FILE ? 0 :
		     scope == PFL_SUPP_LINE ? cm->first_line : supp__inc(cm->last_line);
	it->noqa = noqa;
	it->all = all;
	it->tokens = tokens;
	it->ntokens = ntokens;
	it->used = pfl_arena_zalloc(c->arena, (ntokens ? ntokens : 1) * sizeof(*it->used));
	while (ts < te && supp__blank((unsigned char)c->s[ts]))
		ts++;
	while (te > ts && supp__blank((unsigned char)c->s[te - 1]))
		te--;
	it->text = pfl_arena_strndup(c->arena, c->s + ts, te - ts);
}

/*
 * Check the rule token s[a..b): on success, its normalised copy in the
 * arena (ids and prefixes upper-cased, "all" as "ALL", families
 * lower-cased); else NULL.
 */
static const char *supp__token(supp__ctx *c, size_t a, size_t b)
{
	size_t n = b - a;
	if (n == 0 || n > SUPP__MAX_TOKEN)
		return NULL;
	char buf[SUPP__MAX_TOKEN + 1];
	const char *t = c->s + a;
	bool upper = (n >= 3 && supp__ieq(t, 3, "pfl")) || supp__ieq(t, n, "all");
	for (size_t k = 0; k < n; k++)
		buf[k] = (char)(upper ? supp__upper((unsigned char)t[k]) : supp__lower((unsigned char)t[k]));
	buf[n] = '\0';
	if (!pfl_rules_token_valid(buf))
		return NULL;
	return pfl_arena_strndup(c->arena, buf, n);
}

/* ---- directives ---- */

/*
 * In a rule list, the token starting at t (an [A-Za-z0-9_] byte; the token
 * goes on with [A-Za-z0-9_-] bytes): *b is set to its
 * end; returns where the next token of the list starts, or 0 when the list
 * ends with this one.
 */
static size_t supp__list_next(const char *s, size_t end, size_t t, size_t *b)
{
	while (t < end && supp__word((unsigned char)s[t]))
		t++;
	*b = t;
	size_t u = supp__skip_blanks(s, end, t);
	if (u < end && s[u] == ',') {
		u = supp__skip_blanks(s, end, u + 1);
		if (u < end && supp__alnum_((unsigned char)s[u]))
			return u;
	}
	return 0;
}

/*
 * The directive whose "perflint" marker is at p, on line line (starting at
 * ls) of comment cm. Returns where to go on scanning.
 */
static size_t supp__perflint(supp__ctx *c, const supp__comment *cm, size_t p, uint32_t line, size_t ls)
{
	const char *s = c->s;
	size_t end = cm->end;
	size_t q = supp__skip_blanks(s, end, p + 8);
	if (q >= end || s[q] != ':')
		return p + 8; /* "perflint" in prose */
	size_t w = supp__skip_blanks(s, end, q + 1);
	size_t we = w;
	while (we < end && supp__word((unsigned char)s[we]))
		we++;
	if (we == w) {
		supp__problem(c, line, supp__col(ls, w), "missing perflint directive: " SUPP__EXPECTED);
		return w;
	}
	pfl_supp_scope scope;
	if (supp__ieq(s + w, we - w, "disable"))
		scope = PFL_SUPP_LINE;
	else if (supp__ieq(s + w, we - w, "disable-next-line"))
		scope = PFL_SUPP_NEXT_LINE;
	else if (supp__ieq(s + w, we - w, "disable-file"))
		scope = PFL_SUPP_FILE;
	else {
		supp__problem_q(c, line, ls, w, we, "unknown perflint directive ", ": " SUPP__EXPECTED);
		return we;
	}
	size_t eq = supp__skip_blanks(s, end, we);
	if (eq >= end || s[eq] != '=') {
		supp__add(c, cm, scope, false, true, NULL, 0, p, we);
		return we;
	}
	size_t t = supp__skip_blanks(s, end, eq + 1);
	if (t >= end || !supp__alnum_((unsigned char)s[t])) {
		size_t shown = we - w;
		supp__problem(c, line, supp__col(ls, eq),
			      pfl_arena_printf(c->arena, "missing rule list after '%.*s='", (int)shown, s + w));
		return t;
	}
	/* Count the tokens, then check them. */
	size_t ntok = 0, b = 0;
	for (size_t u = t; u && ntok < UINT32_MAX; u = supp__list_next(s, end, u, &b))
		ntok++;
	const char **tokens = pfl_arena_alloc(c->arena, ntok * sizeof(*tokens));
	uint32_t nvalid = 0;
	size_t k = 0;
	for (size_t u = t; u && k < ntok; k++) {
		size_t a = u;
		u = supp__list_next(s, end, u, &b);
		const char *tok = supp__token(c, a, b);
		if (tok)
			tokens[nvalid++] = tok;
		else
			supp__problem_q(c, line, ls, a, b, "unknown rule ", ": expected a rule id, id prefix or family");
	}
	if (nvalid)
		supp__add(c, cm, scope, false, false, tokens, nvalid, p, b);
	return b;
}

/* The flake8 code [A-Za-z]+[0-9]+ at t: its end, or t. *letters: its letters. */
static size_t supp__code(const char *s, size_t end, size_t t, size_t *letters)
{
	size_t a = t;
	while (t < end && supp__alpha((unsigned char)s[t]))
		t++;
	if (t == a)
		return a;
	*letters = t - a;
	size_t d = t;
	while (t < end && supp__digit((unsigned char)s[t]))
		t++;
	return t == d ? a : t;
}

/*
 * The codes of "noqa:" from t: with tokens NULL, only counts ours (PFL
 * codes) into *n; else stores the valid ones and reports the others.
 * Returns the end of the last code, or t when there is none.
 */
static size_t supp__noqa_codes(supp__ctx *c, size_t end, size_t t, const char **tokens, size_t *n, uint32_t line,
			       size_t ls)
{
	const char *s = c->s;
	size_t last = t, letters = 0, seen = 0;
	*n = 0;
	for (;;) {
		size_t e = supp__code(s, end, t, &letters);
		if (e == t)
			break;
		if (letters == 3 && supp__ieq(s + t, 3, "pfl") && seen < UINT32_MAX) {
			seen++;
			if (!tokens)
				(*n)++;
			else {
				const char *tok = supp__token(c, t, e);
				if (tok)
					tokens[(*n)++] = tok;
				else
					supp__problem_q(c, line, ls, t, e, "unknown rule ", ": expected a rule id or id prefix");
			}
		}
		last = e;
		t = e;
		while (t < end && (supp__blank((unsigned char)s[t]) || s[t] == ','))
			t++;
	}
	return last;
}

/* The directive whose "noqa" marker is at p (see supp__perflint). */
static size_t supp__noqa(supp__ctx *c, const supp__comment *cm, size_t p, uint32_t line, size_t ls)
{
	const char *s = c->s;
	size_t end = cm->end;
	size_t q = p + 4;
	if (q < end && s[q] == ':') {
		size_t t = supp__skip_blanks(s, end, q + 1);
		size_t n = 0;
		size_t e = supp__noqa_codes(c, end, t, NULL, &n, line, ls);
		if (e > t) {
			if (n == 0)
				return e; /* only other tools' codes */
			const char **tokens = pfl_arena_alloc(c->arena, n * sizeof(*tokens));
			supp__noqa_codes(c, end, t, tokens, &n, line, ls);
			if (n)
				supp__add(c, cm, PFL_SUPP_LINE, true, false, tokens, (uint32_t)n, p, e);
			return e;
		}
		/* "noqa:" without a code: every rule, as in flake8. */
	}
	supp__add(c, cm, PFL_SUPP_LINE, true, true, NULL, 0, p, q);
	return q;
}

/*
 * Whether "noqa" at p starts the comment cm's text, a '#' comment inside
 * it, or a line of it: only blanks and '*', '/', '!' in between.
 */
static bool supp__noqa_starts(const char *s, size_t start, size_t p)
{
	size_t k = p;
	while (k > start && (supp__blank((unsigned char)s[k - 1]) || s[k - 1] == '*' || s[k - 1] == '/' ||
			     s[k - 1] == '!'))
		k--;
	return k == start || s[k - 1] == '#' || s[k - 1] == '\n';
}

/* Every directive in the comment cm. */
static void supp__comment_scan(supp__ctx *c, const supp__comment *cm)
{
	const char *s = c->s;
	uint32_t line = cm->first_line;
	size_t ls = cm->line_start;
	size_t p = cm->start;
	while (p < cm->end) {
		unsigned char ch = (unsigned char)s[p];
		if (ch == '\n') {
			line = supp__inc(line);
			ls = ++p;
		} else if ((ch | 0x20) == 'p' && supp__at(s, cm->end, p, "perflint") &&
			   (p == cm->start || !supp__alnum_((unsigned char)s[p - 1]))) {
			p = supp__perflint(c, cm, p, line, ls);
		} else if ((ch | 0x20) == 'n' && supp__at(s, cm->end, p, "noqa") && supp__noqa_starts(s, cm->start, p)) {
			p = supp__noqa(c, cm, p, line, ls);
		} else {
			p++;
		}
	}
}

/* ---- lexing ---- */

/* s[at] is a '\n': a new line starts after it. */
static void supp__newline(supp__lex *lx, size_t at)
{
	lx->line = supp__inc(lx->line);
	lx->ls = at + 1;
}

/* Scan the comment whose text is s[start..end), which began on line first at ls. */
static void supp__comment_found(supp__lex *lx, size_t start, size_t end, uint32_t first, size_t ls)
{
	supp__comment cm = {start, end, ls, first, lx->line};
	supp__comment_scan(lx->c, &cm);
}

/* A comment from start to the end of the line. Returns the end. */
static size_t supp__line_comment(supp__lex *lx, size_t start)
{
	const char *nl = memchr(lx->s + start, '\n', lx->n - start);
	size_t end = nl ? (size_t)(nl - lx->s) : lx->n;
	supp__comment_found(lx, start, end, lx->line, lx->ls);
	return end;
}

/* Python: a string or f-string replacement field being lexed. */
enum { SUPP__STR, SUPP__FIELD };
typedef struct supp__frame {
	uint8_t kind;
	uint8_t quote;     /* STR: ' or " */
	bool triple;       /* STR */
	bool fmt;          /* STR: f- or t-string, with replacement fields */
	bool raw;          /* STR */
	bool spec;         /* FIELD: in the format spec, after a ':' */
	uint8_t owner;     /* FIELD: index of the string the field belongs to */
	uint32_t depth;    /* FIELD: brackets open inside it */
} supp__frame;

typedef struct supp__py {
	supp__lex lx;
	supp__frame st[SUPP__MAX_FRAMES];
	size_t nf;
} supp__py;

/* Whether s[0..n) is a Python string prefix (any case); sets its raw and fmt flags. */
static bool supp__py_prefix(const char *s, size_t n, bool *raw, bool *fmt)
{
	/* "ur" is Python 2's; t-strings are Python 3.14's, lexed like f-strings */
	static const char *const prefixes[] = {"r", "u", "b", "f", "t", "br", "rb", "fr", "rf", "tr", "rt", "ur"};
	for (size_t k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++) {
		const char *p = prefixes[k];
		if (supp__ieq(s, n, p)) {
			*raw = strchr(p, 'r') != NULL;
			*fmt = strchr(p, 'f') != NULL || strchr(p, 't') != NULL;
			return true;
		}
	}
	return false;
}

/* Open a string at the quote s[q]. */
static void supp__py_string(supp__py *py, size_t q, bool raw, bool fmt)
{
	supp__lex *lx = &py->lx;
	if (py->nf >= SUPP__MAX_FRAMES) { /* not reached: a field leaves room for a string */
		lx->i = q + 1;
		return;
	}
	unsigned char quote = (unsigned char)lx->s[q];
	bool triple = q + 2 < lx->n && lx->s[q + 1] == (char)quote && lx->s[q + 2] == (char)quote;
	supp__frame *f = &py->st[py->nf++];
	memset(f, 0, sizeof(*f));
	f->kind = SUPP__STR;
	f->quote = quote;
	f->triple = triple;
	f->raw = raw;
	f->fmt = fmt;
	lx->i = q + (triple ? 3 : 1);
}

/* One step in code: at the top level or in a replacement field (top). */
static void supp__py_code(supp__py *py, supp__frame *top)
{
	supp__lex *lx = &py->lx;
	const char *s = lx->s;
	size_t i = lx->i;
	unsigned char ch = (unsigned char)s[i];
	if (ch == '#') {
		lx->i = supp__line_comment(lx, i + 1);
	} else if (ch == '\n') {
		supp__newline(lx, i);
		lx->i = i + 1;
	} else if (ch == '\\') { /* a line continuation */
		i++;
		if (i + 1 < lx->n && s[i] == '\r' && s[i + 1] == '\n')
			i++;
		if (i < lx->n && s[i] == '\n')
			supp__newline(lx, i++);
		lx->i = i;
	} else if (ch == '\'' || ch == '"') {
		supp__py_string(py, i, false, false);
	} else if (supp__alnum_(ch) || ch >= 0x80) {
		size_t j = i;
		while (j < lx->n && (supp__alnum_((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80))
			j++;
		bool raw, fmt;
		if (j < lx->n && (s[j] == '\'' || s[j] == '"') && supp__py_prefix(s + i, j - i, &raw, &fmt))
			supp__py_string(py, j, raw, fmt);
		else
			lx->i = j;
	} else {
		lx->i = i + 1;
		if (!top)
			return;
		if (ch == '(' || ch == '[' || ch == '{') {
			if (top->depth < UINT32_MAX)
				top->depth++;
		} else if (ch == ')' || ch == ']') {
			if (top->depth)
				top->depth--;
		} else if (ch == '}') {
			if (top->depth)
				top->depth--;
			else
				py->nf--; /* the field ends */
		} else if (ch == ':' && top->depth == 0) {
			top->spec = true;
		}
	}
}

/*
 * One step in a string's text: top is the string, or a field in its
 * format spec (whose string is st[top->owner]).
 */
static void supp__py_text(supp__py *py, supp__frame *top)
{
	supp__lex *lx = &py->lx;
	const char *s = lx->s;
	size_t i = lx->i, n = lx->n;
	bool spec = top->kind == SUPP__FIELD;
	size_t owner = spec ? top->owner : py->nf - 1;
	const supp__frame *str = &py->st[owner];
	unsigned char ch = (unsigned char)s[i];
	if (ch == '\\') {
		if (str->fmt && !str->raw && i + 2 < n && s[i + 1] == 'N' && s[i + 2] == '{') {
			/* \N{NAME}: its braces are no field */
			size_t j = i + 3;
			while (j < n && s[j] != '}' && s[j] != '\n' && s[j] != (char)str->quote)
				j++;
			lx->i = j < n && s[j] == '}' ? j + 1 : j;
			return;
		}
		i++;
		if (i + 1 < n && s[i] == '\r' && s[i + 1] == '\n')
			i++;
		if (i < n && s[i] == '\n')
			supp__newline(lx, i++);
		else if (i < n && (s[i] == '\\' || s[i] == '\'' || s[i] == '"'))
			i++;
		lx->i = i;
	} else if (ch == str->quote) {
		if (!str->triple) {
			py->nf = owner;
			lx->i = i + 1;
		} else if (i + 2 < n && s[i + 1] == (char)ch && s[i + 2] == (char)ch) {
			py->nf = owner;
			lx->i = i + 3;
		} else {
			lx->i = i + 1;
		}
	} else if (ch == '\n') {
		supp__newline(lx, i);
		lx->i = i + 1;
		if (!str->triple)
			py->nf = owner; /* unterminated */
	} else if (ch == '{' && str->fmt) {
		if (!spec && i + 1 < n && s[i + 1] == '{') {
			lx->i = i + 2;
		} else if (py->nf + 2 < SUPP__MAX_FRAMES) {
			supp__frame *f = &py->st[py->nf++];
			memset(f, 0, sizeof(*f));
			f->kind = SUPP__FIELD;
			f->owner = (uint8_t)owner;
			lx->i = i + 1;
		} else {
			lx->i = i + 1; /* too deep: literal */
		}
	} else if (ch == '}' && str->fmt) {
		if (spec)
			py->nf--; /* the field ends */
		lx->i = !spec && i + 1 < n && s[i + 1] == '}' ? i + 2 : i + 1;
	} else {
		lx->i = i + 1;
	}
}

static void supp__python(supp__ctx *c)
{
	supp__py py;
	memset(&py, 0, sizeof(py));
	py.lx = (supp__lex){c, c->s, c->n, 0, 1, 0};
	while (py.lx.i < py.lx.n) {
		supp__frame *top = py.nf ? &py.st[py.nf - 1] : NULL;
		if (!top || (top->kind == SUPP__FIELD && !top->spec))
			supp__py_code(&py, top);
		else
			supp__py_text(&py, top);
	}
}

/* C: a '//' comment at i, continued by backslash-newlines. */
static void supp__c_line_comment(supp__lex *lx, size_t i)
{
	const char *s = lx->s;
	size_t start = i + 2, j = start, end;
	uint32_t first = lx->line;
	size_t ls = lx->ls;
	for (;;) {
		const char *nl = memchr(s + j, '\n', lx->n - j);
		end = nl ? (size_t)(nl - s) : lx->n;
		size_t k = end;
		while (k > j && supp__blank((unsigned char)s[k - 1]))
			k--;
		if (!nl || k == j || s[k - 1] != '\\')
			break;
		supp__newline(lx, end);
		j = end + 1;
	}
	supp__comment_found(lx, start, end, first, ls);
	lx->i = end;
}

/* C: a block comment at i. */
static void supp__c_block_comment(supp__lex *lx, size_t i)
{
	const char *s = lx->s;
	size_t start = i + 2, j = start;
	uint32_t first = lx->line;
	size_t ls = lx->ls;
	while (j < lx->n && !(s[j] == '*' && j + 1 < lx->n && s[j + 1] == '/')) {
		if (s[j] == '\n')
			supp__newline(lx, j);
		j++;
	}
	supp__comment_found(lx, start, j, first, ls);
	lx->i = j < lx->n ? j + 2 : lx->n;
}

/* C: a string or character literal opened at i; unterminated, it ends with the line. */
static void supp__c_quoted(supp__lex *lx, size_t i)
{
	const char *s = lx->s;
	char q = s[i];
	size_t j = i + 1;
	while (j < lx->n) {
		char ch = s[j];
		if (ch == '\\') {
			j++;
			if (j + 1 < lx->n && s[j] == '\r' && s[j + 1] == '\n')
				j++;
			if (j < lx->n) {
				if (s[j] == '\n')
					supp__newline(lx, j);
				j++;
			}
		} else if (ch == q) {
			j++;
			break;
		} else if (ch == '\n') {
			break;
		} else {
			j++;
		}
	}
	lx->i = j;
}

/* A byte allowed in a raw string delimiter. */
static bool supp__c_dchar(unsigned char ch)
{
	return ch > ' ' && ch < 0x7f && ch != '(' && ch != ')' && ch != '\\';
}

/* C: R"delim( ... )delim" whose quote is at q; false when it is not one. */
static bool supp__c_raw(supp__lex *lx, size_t q)
{
	const char *s = lx->s;
	size_t d = q + 1, k = d;
	while (k < lx->n && k - d <= 16 && supp__c_dchar((unsigned char)s[k]))
		k++;
	if (k >= lx->n || s[k] != '(' || k - d > 16)
		return false;
	size_t dl = k - d;
	for (size_t j = k + 1; j < lx->n; j++) {
		if (s[j] == '\n')
			supp__newline(lx, j);
		else if (s[j] == ')' && lx->n - (j + 1) > dl && memcmp(s + j + 1, s + d, dl) == 0 && s[j + 1 + dl] == '"') {
			lx->i = j + 2 + dl;
			return true;
		}
	}
	lx->i = lx->n;
	return true;
}

static void supp__c(supp__ctx *c)
{
	supp__lex lx = {c, c->s, c->n, 0, 1, 0};
	const char *s = c->s;
	while (lx.i < lx.n) {
		size_t i = lx.i;
		unsigned char ch = (unsigned char)s[i];
		unsigned char next = i + 1 < lx.n ? (unsigned char)s[i + 1] : 0;
		if (ch == '/' && next == '/') {
			supp__c_line_comment(&lx, i);
		} else if (ch == '/' && next == '*') {
			supp__c_block_comment(&lx, i);
		} else if (ch == '"' || ch == '\'') {
			supp__c_quoted(&lx, i);
		} else if (ch == '\n') {
			supp__newline(&lx, i);
			lx.i = i + 1;
		} else if (supp__digit(ch) || (ch == '.' && supp__digit(next))) {
			/* a pp-number, with C23 digit separators (1'000) and exponent signs */
			size_t j = i + 1;
			while (j < lx.n) {
				unsigned char d = (unsigned char)s[j];
				if (supp__alnum_(d) || d == '.')
					j++;
				else if (d == '\'' && j + 1 < lx.n && supp__alnum_((unsigned char)s[j + 1]))
					j += 2;
				else if ((d == '+' || d == '-') && (s[j - 1] == 'e' || s[j - 1] == 'E' || s[j - 1] == 'p' ||
								   s[j - 1] == 'P'))
					j++;
				else
					break;
			}
			lx.i = j;
		} else if (supp__alpha(ch) || ch == '_' || ch == '$' || ch >= 0x80) {
			size_t j = i + 1;
			while (j < lx.n && (supp__alnum_((unsigned char)s[j]) || s[j] == '$' || (unsigned char)s[j] >= 0x80))
				j++;
			lx.i = j;
			size_t w = j - i;
			if (j < lx.n && s[j] == '"' && s[j - 1] == 'R' &&
			    (w == 1 || (w == 2 && strchr("LuU", s[i])) || (w == 3 && s[i] == 'u' && s[i + 1] == '8')))
				supp__c_raw(&lx, j);
		} else {
			lx.i = i + 1;
		}
	}
}

/* ---- API ---- */

/* Whether "perflint" or "noqa" occurs in s[0..n), ignoring case. */
static bool supp__any_marker(const char *s, size_t from, size_t n)
{
	for (size_t i = from; i < n; i++) {
		unsigned char ch = (unsigned char)s[i] | 0x20;
		if ((ch == 'n' && supp__at(s, n, i, "noqa")) || (ch == 'p' && supp__at(s, n, i, "perflint")))
			return true;
	}
	return false;
}

/*
 * Python: a directive is in a comment, after a '#' on its line, so only
 * the rest of the lines holding a '#' can have one (memchr skips the rest).
 */
static bool supp__any_marker_python(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	while ((p = memchr(p, '#', (size_t)(end - p))) != NULL) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t stop = nl ? (size_t)(nl - s) : n;
		if (supp__any_marker(s, (size_t)(p - s), stop))
			return true;
		if (!nl)
			break;
		p = nl + 1;
	}
	return false;
}

void pfl_suppress_parse(pfl_lang lang, const char *src, size_t len, pfl_arena *arena, pfl_suppressions *out)
{
	if (!src || !(lang == PFL_LANG_C ? supp__any_marker(src, 0, len) : supp__any_marker_python(src, len)))
		return;
	supp__ctx c = {src, len, arena, out};
	if (lang == PFL_LANG_C)
		supp__c(&c);
	else
		supp__python(&c);
}

const pfl_suppression *pfl_suppress_match(pfl_suppressions *s, const pfl_rule_meta *r, uint32_t line, uint32_t end_line)
{
	const pfl_suppression *first = NULL;
	for (size_t i = 0; i < s->items.size; i++) {
		pfl_suppression *it = &s->items.items[i];
		if (it->scope != PFL_SUPP_FILE && it->target != line && it->target != end_line)
			continue;
		bool hit = false;
		if (it->all) {
			it->used[0] = supp__inc(it->used[0]);
			hit = true;
		} else if (r) {
			for (uint32_t k = 0; k < it->ntokens; k++) {
				if (pfl_rule_matches(r, it->tokens[k])) {
					it->used[k] = supp__inc(it->used[k]);
					hit = true;
				}
			}
		}
		if (hit && !first)
			first = it;
	}
	return first;
}

void pfl_suppressions_release(pfl_suppressions *s)
{
	pfl_array_release(&s->items);
	pfl_array_release(&s->problems);
}
