/*
 * fixes.c - quick-fix edits: suppression comments (checked by parsing the
 * edited text) and PFL301's list-to-set rewrite (checked on the model).
 */
#include "fixes.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../engine/rule.h"
#include "../engine/suppress.h"
#include "../frontend/frontend.h"
#include "../util/alloc.h"
#include "../util/strbuf.h"

void pfl_fix_edit_release(pfl_fix_edit *e)
{
	free(e->text);
	e->text = NULL;
}

/* ---- suppression comments ---- */

/* The bytes of a 1-based line: [*start, *end) without its line end. False past the last line. */
static bool fixes__line(const char *text, size_t len, uint32_t line, size_t *start, size_t *end)
{
	size_t i = 0;
	for (uint32_t l = 1; l < line; l++) {
		while (i < len && text[i] != '\n' && text[i] != '\r')
			i++;
		if (i >= len)
			return false;
		i += (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') ? 2 : 1;
	}
	*start = i;
	while (i < len && text[i] != '\n' && text[i] != '\r')
		i++;
	*end = i;
	return true;
}

/*
 * Whether the text with edit e applied has a directive that silences rule
 * r on line want (the finding being on lines line..end_line).
 */
static bool fixes__silences(pfl_lang lang, const char *text, size_t len, const pfl_fix_edit *e,
			    const pfl_rule_meta *r, uint32_t line, uint32_t end_line, uint32_t want)
{
	size_t tl = strlen(e->text), n = len - (e->end - e->start) + tl;
	char *buf = pfl_malloc(n + 1);
	memcpy(buf, text, e->start);
	memcpy(buf + e->start, e->text, tl);
	memcpy(buf + e->start + tl, text + e->end, len - e->end);
	buf[n] = '\0';
	/* A lone CR ends a line, as the engine reads the file. */
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\r' && (i + 1 == n || buf[i + 1] != '\n'))
			buf[i] = '\n';
	pfl_arena arena = { 0 };
	pfl_suppressions s = { 0 };
	pfl_suppress_parse(lang, buf, n, &arena, &s);
	const pfl_suppression *sup = pfl_suppress_match(&s, r, line, end_line);
	bool ok = sup && sup->scope == PFL_SUPP_LINE && sup->target == want;
	pfl_suppressions_release(&s);
	pfl_arena_release(&arena);
	free(buf);
	return ok;
}

/* A blank within a line. */
static bool fixes__blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether c continues a rule token ([A-Za-z0-9_-]). */
static bool fixes__token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/*
 * After "perflint" at p (within [p, end)): the end of the rule list of a
 * "perflint: disable=LIST" directive, or 0 when it is not one.
 */
static size_t fixes__disable_list_end(const char *text, size_t p, size_t end)
{
	p += 8;
	while (p < end && fixes__blank(text[p]))
		p++;
	if (p >= end || text[p] != ':')
		return 0;
	p++;
	while (p < end && fixes__blank(text[p]))
		p++;
	if (end - p < 7 || strncasecmp(text + p, "disable", 7) != 0)
		return 0;
	p += 7;
	while (p < end && fixes__blank(text[p]))
		p++;
	if (p >= end || text[p] != '=')
		return 0;
	p++;
	size_t last = 0;
	for (;;) {
		while (p < end && fixes__blank(text[p]))
			p++;
		if (p >= end || !fixes__token_char(text[p]) || text[p] == '-')
			break;
		while (p < end && fixes__token_char(text[p]))
			p++;
		last = p;
		size_t q = p;
		while (q < end && fixes__blank(text[q]))
			q++;
		if (q >= end || text[q] != ',')
			break;
		p = q + 1;
	}
	return last;
}

/* Try ",ID" after each "perflint: disable=" list on the line [ls, le). */
static bool fixes__extend_list(pfl_lang lang, const char *text, size_t len, const pfl_rule_meta *r,
			       uint32_t line, uint32_t end_line, uint32_t want, size_t ls, size_t le,
			       pfl_fix_edit *out)
{
	for (size_t p = ls; p + 8 <= le; p++) {
		if (strncasecmp(text + p, "perflint", 8) != 0 || (p > ls && fixes__token_char(text[p - 1])))
			continue;
		size_t at = fixes__disable_list_end(text, p, le);
		if (!at)
			continue;
		pfl_strbuf sb = PFL_STRBUF_INIT;
		pfl_strbuf_addf(&sb, ",%s", r->id);
		pfl_fix_edit e = { at, at, pfl_strbuf_detach(&sb, NULL) };
		if (fixes__silences(lang, text, len, &e, r, line, end_line, want)) {
			*out = e;
			return true;
		}
		pfl_fix_edit_release(&e);
	}
	return false;
}

/* Try inserting text at offset at. */
static bool fixes__try(pfl_lang lang, const char *text, size_t len, const pfl_rule_meta *r, uint32_t line,
		       uint32_t end_line, uint32_t want, size_t at, const char *fmt, pfl_fix_edit *out)
{
	pfl_strbuf sb = PFL_STRBUF_INIT;
	pfl_strbuf_addf(&sb, fmt, r->id);
	pfl_fix_edit e = { at, at, pfl_strbuf_detach(&sb, NULL) };
	if (fixes__silences(lang, text, len, &e, r, line, end_line, want)) {
		*out = e;
		return true;
	}
	pfl_fix_edit_release(&e);
	return false;
}

/* Where a C line ends, lexically. */
typedef enum fixes__c_state { FIXES__CODE, FIXES__LINE_COMMENT, FIXES__BLOCK_COMMENT, FIXES__STRING } fixes__c_state;

/*
 * The state of C text at offset stop (lexing from the start), and in
 * *open the offset of the block comment's opener when it is in one.
 * Enough of C for comments: strings and character constants with escapes,
 * backslash-newline continuing a line comment.
 */
static fixes__c_state fixes__c_lex(const char *text, size_t stop, size_t *open)
{
	fixes__c_state st = FIXES__CODE;
	char quote = 0;
	size_t i = 0;
	*open = 0;
	while (i < stop) {
		char c = text[i], next = i + 1 < stop ? text[i + 1] : '\0';
		switch (st) {
		case FIXES__CODE:
			if (c == '/' && next == '*') {
				st = FIXES__BLOCK_COMMENT;
				*open = i;
				i += 2;
				continue;
			}
			if (c == '/' && next == '/') {
				st = FIXES__LINE_COMMENT;
				i += 2;
				continue;
			}
			if (c == '"' || c == '\'') {
				st = FIXES__STRING;
				quote = c;
			}
			break;
		case FIXES__LINE_COMMENT:
			if (c == '\\' && (next == '\n' || next == '\r')) {
				i += (next == '\r' && i + 2 < stop && text[i + 2] == '\n') ? 3 : 2;
				continue;
			}
			if (c == '\n' || c == '\r')
				st = FIXES__CODE;
			break;
		case FIXES__BLOCK_COMMENT:
			if (c == '*' && next == '/') {
				st = FIXES__CODE;
				i += 2;
				continue;
			}
			break;
		case FIXES__STRING:
			if (c == '\\') {
				i += 2;
				continue;
			}
			if (c == quote || c == '\n' || c == '\r')
				st = FIXES__CODE;
			break;
		}
		i++;
	}
	return st;
}

/* The candidate edits for one line, in order; true with *out at the first that works. */
static bool fixes__suppress_line(pfl_lang lang, const char *text, size_t len, const pfl_rule_meta *r,
				 uint32_t line, uint32_t end_line, uint32_t want, pfl_fix_edit *out)
{
	size_t ls, le;
	if (!fixes__line(text, len, want, &ls, &le))
		return false;
	if (fixes__extend_list(lang, text, len, r, line, end_line, want, ls, le, out))
		return true;
	bool backslash = le > ls && text[le - 1] == '\\';
	if (lang != PFL_LANG_C) {
		/* After a continuation backslash a comment cannot follow. */
		return !backslash && fixes__try(lang, text, len, r, line, end_line, want, le, "  # perflint: disable=%s", out);
	}
	size_t open;
	fixes__c_state st = fixes__c_lex(text, le, &open);
	if (st == FIXES__BLOCK_COMMENT)
		return open >= ls && fixes__try(lang, text, len, r, line, end_line, want, open,
						"/* perflint: disable=%s */ ", out);
	if (backslash)
		return fixes__try(lang, text, len, r, line, end_line, want, le - 1, "/* perflint: disable=%s */ ", out);
	return fixes__try(lang, text, len, r, line, end_line, want, le, "  // perflint: disable=%s", out);
}

int pfl_fix_suppress(pfl_lang lang, const char *text, size_t len, const char *rule_id, uint32_t line,
		     uint32_t end_line, pfl_fix_edit *out)
{
	memset(out, 0, sizeof(*out));
	const pfl_rule *rule = pfl_rules_find(rule_id);
	if (!rule || line == 0)
		return -1;
	if (end_line < line)
		end_line = line;
	if (fixes__suppress_line(lang, text, len, rule->meta, line, end_line, line, out))
		return 0;
	if (end_line != line && fixes__suppress_line(lang, text, len, rule->meta, line, end_line, end_line, out))
		return 0;
	return -1;
}

/* ---- PFL301: a list display becomes a set display ---- */

/* Skip blanks, newlines, comments and backslash-newlines inside brackets. */
static size_t fixes__skip_space(const char *s, size_t i, size_t n)
{
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f') {
			i++;
		} else if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
			i += 2;
		} else if (s[i] == '#') {
			while (i < n && s[i] != '\n' && s[i] != '\r')
				i++;
		} else {
			break;
		}
	}
	return i;
}

/* Whether c continues a Python identifier (any non-ASCII byte may). */
static bool fixes__ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       (unsigned char)c >= 0x80;
}

/* A string literal at s[i] (prefix r, b, u in any case and order; no f or t): its end, or 0. */
static size_t fixes__string(const char *s, size_t i, size_t n)
{
	size_t p = i;
	while (p < n && p - i < 2 && strchr("rRbBuU", s[p]))
		p++;
	if (p >= n || (s[p] != '\'' && s[p] != '"'))
		return 0;
	char q = s[p];
	bool triple = p + 2 < n && s[p + 1] == q && s[p + 2] == q;
	p += triple ? 3 : 1;
	while (p < n) {
		if (s[p] == '\\') {
			p += 2;
			continue;
		}
		if (s[p] == q) {
			if (!triple)
				return p + 1;
			if (p + 2 < n && s[p + 1] == q && s[p + 2] == q)
				return p + 3;
		} else if (!triple && (s[p] == '\n' || s[p] == '\r')) {
			return 0;
		}
		p++;
	}
	return 0;
}

/* A constant item at s[i]: a signed number, strings, True, False or None. Its end, or 0. */
static size_t fixes__constant(const char *s, size_t i, size_t n)
{
	size_t p = i;
	while (p < n && (s[p] == '-' || s[p] == '+'))
		p = fixes__skip_space(s, p + 1, n);
	if (p < n && ((s[p] >= '0' && s[p] <= '9') || (s[p] == '.' && p + 1 < n && s[p + 1] >= '0' && s[p + 1] <= '9'))) {
		while (p < n && (fixes__ident_char(s[p]) || s[p] == '.' ||
				 ((s[p] == '-' || s[p] == '+') && (s[p - 1] == 'e' || s[p - 1] == 'E'))))
			p++;
		return p;
	}
	if (p != i)
		return 0; /* a sign before something that is not a number */
	static const char *const words[] = { "True", "False", "None" };
	for (size_t w = 0; w < 3; w++) {
		size_t wl = strlen(words[w]);
		if (n - p >= wl && strncmp(s + p, words[w], wl) == 0 && (p + wl == n || !fixes__ident_char(s[p + wl])))
			return p + wl;
	}
	/* One string, or several written side by side. */
	size_t end = fixes__string(s, p, n);
	while (end) {
		p = end;
		size_t q = fixes__skip_space(s, p, n);
		end = q < n ? fixes__string(s, q, n) : 0;
	}
	return p != i ? p : 0;
}

/* Whether s[0..n) is a list display "[a, b, ...]" of hashable constants, at least one. */
static bool fixes__constant_list(const char *s, size_t n)
{
	if (n < 3 || s[0] != '[' || s[n - 1] != ']')
		return false;
	size_t i = 1, items = 0, stop = n - 1;
	for (;;) {
		i = fixes__skip_space(s, i, stop);
		if (i >= stop)
			return items > 0;
		size_t e = fixes__constant(s, i, stop);
		if (!e)
			return false;
		items++;
		i = fixes__skip_space(s, e, stop);
		if (i >= stop)
			return true;
		if (s[i] != ',')
			return false;
		i++;
	}
}

/* The set display of a list display s[0..n): the same text in braces (heap). */
static char *fixes__braces(const char *s, size_t n)
{
	char *r = pfl_strndup(s, n);
	r[0] = '{';
	r[n - 1] = '}';
	return r;
}

/* The start of each mention of name (a whole identifier) in text[start, end); heap, *n of them. */
static size_t *fixes__mentions(const char *text, size_t start, size_t end, const char *name, size_t *n)
{
	size_t nl = strlen(name), cap = 8;
	size_t *at = pfl_malloc(cap * sizeof(*at));
	*n = 0;
	for (size_t i = start; i + nl <= end; i++) {
		if (memcmp(text + i, name, nl) != 0 || (i > 0 && fixes__ident_char(text[i - 1])) ||
		    (i + nl < end && fixes__ident_char(text[i + nl])))
			continue;
		if (*n == cap)
			at = pfl_realloc(at, (cap *= 2) * sizeof(*at));
		at[(*n)++] = i;
	}
	return at;
}

/*
 * "L = [consts]" of the function around the test mb, when every other
 * mention of L in the function is the container of an `in` test: the
 * assignment, or NULL.
 */
static const pfl_assign *fixes__local_list(const pfl_model *m, const char *text, const pfl_member *mb)
{
	const char *name = mb->container.text;
	if (!name || strchr(name, '.'))
		return NULL;
	int32_t fn = pfl_model_function_of(m, mb->scope);
	if (fn < 0 || m->scopes.items[fn].kind != PFL_SCOPE_FUNCTION)
		return NULL;
	const pfl_name *nm = pfl_model_name_in(m, fn, name);
	if (!nm || nm->nbind != 1 || nm->is_param || nm->is_global || nm->is_import)
		return NULL;
	const pfl_assign *def = NULL;
	for (size_t i = 0; i < m->assigns.size; i++) {
		const pfl_assign *a = &m->assigns.items[i];
		if (a->scope != fn || !a->target || strcmp(a->target, name) != 0)
			continue;
		if (def)
			return NULL;
		def = a;
	}
	if (!def || def->op != PFL_ASSIGN_PLAIN || !def->value.is_literal || def->value.type.kind != PFL_KIND_LIST)
		return NULL;
	/* The whole statement "L = [...]", alone at the start of its line. */
	size_t s = def->span.start_byte, nl = strlen(name);
	for (size_t b = s; b > 0 && text[b - 1] != '\n' && text[b - 1] != '\r'; b--)
		if (!fixes__blank(text[b - 1]))
			return NULL;
	size_t p = s + nl;
	while (fixes__blank(text[p]))
		p++;
	if (text[p] != '=' || text[p + 1] == '=')
		return NULL;
	p++;
	while (fixes__blank(text[p]))
		p++;
	if (p != def->value.span.start_byte || def->value.span.end_byte != def->span.end_byte)
		return NULL;
	if (!fixes__constant_list(text + def->value.span.start_byte, def->value.span.end_byte - def->value.span.start_byte))
		return NULL;
	/* Every mention in the function: the assignment's target or an `in` test's container. */
	const pfl_scope *f = &m->scopes.items[fn];
	size_t n;
	size_t *at = fixes__mentions(text, f->span.start_byte, f->span.end_byte, name, &n);
	bool ok = n > 1;
	for (size_t k = 0; k < n && ok; k++) {
		bool known = at[k] == s;
		for (size_t i = 0; i < m->members.size && !known; i++) {
			const pfl_member *t = &m->members.items[i];
			known = t->container.span.start_byte == at[k] && t->container.span.end_byte == at[k] + nl &&
				t->container.text && strcmp(t->container.text, name) == 0;
		}
		ok = known;
	}
	free(at);
	return ok ? def : NULL;
}

int pfl_fix_set_literal(const char *text, size_t len, size_t start, size_t end, pfl_fix_edit *out, char **title)
{
	memset(out, 0, sizeof(*out));
	*title = NULL;
	pfl_model m;
	pfl_model_init(&m, PFL_LANG_PYTHON, "<buffer>", text, len);
	pfl_frontend *fe = pfl_frontend_new(0, NULL);
	pfl_frontend_lower(fe, &m, NULL);
	const pfl_member *mb = NULL;
	for (size_t i = 0; i < m.members.size && !mb; i++)
		if (m.members.items[i].span.start_byte == start && m.members.items[i].span.end_byte == end)
			mb = &m.members.items[i];
	int rc = -1;
	if (mb && mb->container.type.kind == PFL_KIND_LIST) {
		const pfl_span *c = &mb->container.span;
		pfl_strbuf t = PFL_STRBUF_INIT;
		if (mb->container.is_literal) {
			if (fixes__constant_list(text + c->start_byte, c->end_byte - c->start_byte)) {
				out->start = c->start_byte;
				out->end = c->end_byte;
				out->text = fixes__braces(text + c->start_byte, c->end_byte - c->start_byte);
				pfl_strbuf_addf(&t, "Use a set literal for the '%s' test", mb->negated ? "not in" : "in");
				rc = 0;
			}
		} else {
			const pfl_assign *def = fixes__local_list(&m, text, mb);
			if (def) {
				const pfl_span *v = &def->value.span;
				out->start = v->start_byte;
				out->end = v->end_byte;
				out->text = fixes__braces(text + v->start_byte, v->end_byte - v->start_byte);
				pfl_strbuf_addf(&t, "Make '%s' a set literal (it is only used for membership tests)",
						mb->container.text);
				rc = 0;
			}
		}
		if (rc == 0)
			*title = pfl_strbuf_detach(&t, NULL);
		pfl_strbuf_release(&t);
	}
	pfl_frontend_free(fe);
	pfl_model_release(&m);
	return rc;
}
