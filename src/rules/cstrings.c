/*
 * cstrings.c - string and buffer building in C loops.
 *
 * PFL201  (C) strcat/strncat onto one destination, or a write at
 *         buf + strlen(buf), in a loop: every call rescans the string
 * PFL203  realloc to a size that grows by a constant or per-item amount
 *         in a loop: every call may copy the whole buffer
 * PFL501  strlen(s) in a loop condition while the loop leaves s alone
 *
 * A destination reset or moved in the loop (buf[0] = '\0', p += n,
 * p = stpcpy(p, x)) is not appended to across iterations; a capacity that
 * grows geometrically (cap *= 2) is the fix.
 */
#include <stdio.h>
#include <string.h>

#include "../model/loops.h"
#include "../util/strbuf.h"
#include "checks.h"

/* Whether name is one of a NULL-terminated list. */
static bool cstr__in(const char *name, const char *const *list)
{
	for (; name && *list; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

/* The innermost loop around (loop, once_loop) that repeats, or -1. */
static int32_t cstr__repeating(const pfl_model *m, int32_t loop, int32_t once_loop)
{
	while (loop >= 0 && !pfl_loops_repeats(m, loop, once_loop))
		loop = m->loops.items[loop].parent;
	return loop;
}

/* The leading identifier of an lvalue ("s" of "s->buf[i]", "p" of "*p"). */
static void cstr__base(const char *lv, char *out, size_t n)
{
	while (*lv == '*' || *lv == '&' || *lv == '(')
		lv++;
	size_t k = 0;
	while (k + 1 < n && (lv[k] == '_' || (lv[k] >= 'a' && lv[k] <= 'z') || (lv[k] >= 'A' && lv[k] <= 'Z') ||
			     (lv[k] >= '0' && lv[k] <= '9')))
		k++;
	memcpy(out, lv, k);
	out[k] = '\0';
}

/* Whether an assignment target writes the string dst: dst, dst[i], *dst. */
static bool cstr__writes(const char *target, const char *dst)
{
	if (target[0] == '*')
		target++;
	size_t n = strlen(dst);
	return strncmp(target, dst, n) == 0 && (target[n] == '\0' || target[n] == '[');
}

/* The loop's head as written, for messages. */
static void cstr__head(const pfl_model *m, int32_t loop, char *buf, size_t n)
{
	pfl_loops_head_text(m, &m->loops.items[loop], buf, n);
	size_t l = strlen(buf);
	while (l > 0 && (buf[l - 1] == '{' || buf[l - 1] == ' ' || buf[l - 1] == '\t'))
		buf[--l] = '\0';
}

/* Emit a finding at span for loop L. */
static void cstr__emit(pfl_check *c, const pfl_model *m, const char *rule, pfl_span span, int32_t L, uint32_t depth,
		       const char *msg)
{
	pfl_related rel = { m->path, m->loops.items[L].head_span, "the loop", 0, 0, 0, 0 };
	pfl_finding_spec spec = {
		.rule_id = rule,
		.span = span,
		.message = msg,
		.loop_depth = depth,
		.related = &rel,
		.nrelated = 1,
	};
	pfl_check_emit(c, &spec);
}

/* Calls that append at the end of their first argument. */
static const char *const cstr__appenders[] = { "strcat", "strncat", "wcscat", "wcsncat", NULL };
/* Calls that write their first argument from its start: a reset when not at buf + strlen(buf). */
static const char *const cstr__writers[] = {
	"strcpy", "strncpy", "stpcpy", "stpncpy", "memcpy", "memmove", "memset", "sprintf", "snprintf",
	"vsprintf", "vsnprintf", "strlcpy", "bzero", "explicit_bzero", "wcscpy", "wcsncpy", "g_strlcpy", NULL,
};

/* Whether dst is reset, moved or written from its start inside loop L (before or after the call). */
static bool cstr__reset_in(const pfl_model *m, int32_t L, const char *dst, const pfl_call *self)
{
	for (size_t i = 0; i < m->assigns.size; i++) {
		const pfl_assign *a = &m->assigns.items[i];
		if (!a->target || !pfl_model_loop_within(m, a->loop, L) || !cstr__writes(a->target, dst))
			continue;
		/* buf = realloc(buf, ...) keeps the contents: not a reset. */
		bool grows = false;
		for (size_t k = 0; k < m->calls.size && !grows; k++) {
			const pfl_call *r = &m->calls.items[k];
			grows = r->callee && strstr(r->callee, "realloc") && r->nargs > 0 && r->args[0].value.text &&
				strcmp(r->args[0].value.text, dst) == 0 && pfl_span_within(&r->span, &a->value.span);
		}
		if (!grows)
			return true;
	}
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *w = &m->calls.items[i];
		if (w == self || w->loop < 0 || !pfl_model_loop_within(m, w->loop, L) || !w->nargs)
			continue;
		const pfl_expr *d = &w->args[0].value;
		if (cstr__in(w->callee, cstr__writers) && !d->end_of && d->text && strcmp(d->text, dst) == 0)
			return true;
	}
	return false;
}

/* PFL201 in C. */
void pfl_c_check_string_append(pfl_check *c, const pfl_model *m)
{
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *call = &m->calls.items[i];
		if (call->loop < 0 || !call->callee || call->nargs < 2)
			continue;
		const pfl_expr *d = &call->args[0].value;
		const char *dst = NULL;
		bool rescans_end = false;
		if (cstr__in(call->callee, cstr__appenders)) {
			dst = d->end_of ? d->end_of : d->text;
		} else if (cstr__in(call->callee, cstr__writers) && d->end_of) {
			dst = d->end_of;
			rescans_end = true;
		}
		if (!dst)
			continue;
		int32_t L = cstr__repeating(m, call->loop, call->once_loop);
		if (L < 0 || cstr__reset_in(m, L, dst, call))
			continue;
		char head[96];
		cstr__head(m, L, head, sizeof(head));
		pfl_strbuf msg = PFL_STRBUF_INIT;
		pfl_strbuf_addf(&msg,
				"%s() %s '%s' on every iteration of '%s' (line %u): each call rescans the whole string "
				"to find its end, O(n²) for n appends; keep the length or a pointer to the end and write "
				"there (p = stpcpy(p, s), or len += snprintf(buf + len, size - len, ...))",
				call->text ? call->text : call->callee,
				rescans_end ? "writes at the end of" : "appends to", dst, head, m->loops.items[L].span.line);
		cstr__emit(c, m, "PFL201", call->span, L, pfl_loops_repeat_depth(m, call->loop, call->once_loop), msg.buf);
		pfl_strbuf_release(&msg);
	}
}

/* Reallocation functions: the index of the new size's argument (the count for the _n/array forms). */
static int cstr__realloc_size_arg(const char *fn)
{
	static const struct {
		const char *name;
		int arg;
	} fns[] = {
		{ "realloc", 1 }, { "reallocarray", 1 }, { "g_realloc", 1 }, { "g_realloc_n", 1 },
		{ "g_try_realloc", 1 }, { "g_try_realloc_n", 1 }, { "xrealloc", 1 }, { "xreallocarray", 1 },
		{ "sqlite3_realloc", 1 }, { "sqlite3_realloc64", 1 },
	};
	for (size_t i = 0; fn && i < sizeof(fns) / sizeof(*fns); i++)
		if (strcmp(fn, fns[i].name) == 0)
			return fns[i].arg;
	return -1;
}

/* Whether the source text of span mentions the lvalue lv as a whole token ("r->cap" in "r->cap * 2"). */
static bool cstr__mentions(const pfl_model *m, const pfl_span *span, const char *lv)
{
	char text[512];
	size_t n = 0;
	for (uint32_t i = span->start_byte; i < span->end_byte && i < m->source_len && n + 1 < sizeof(text); i++)
		if (m->source[i] != ' ' && m->source[i] != '\t' && m->source[i] != '\n' && m->source[i] != '\r')
			text[n++] = m->source[i];
	text[n] = '\0';
	size_t l = strlen(lv);
	for (const char *p = strstr(text, lv); p; p = strstr(p + 1, lv)) {
		char before = p > text ? p[-1] : ' ', after = p[l];
		bool ident_b = before == '_' || (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z') ||
			       (before >= '0' && before <= '9') || before == '>' || before == '.';
		bool ident_a = after == '_' || (after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') ||
			       (after >= '0' && after <= '9');
		if (!ident_b && !ident_a)
			return true;
	}
	return false;
}

/*
 * How what a size expression reads changes inside loop L: -1 geometrically
 * (cap *= 2), 1 additively (n++, cap += 64, len += strlen(s), or a variable
 * set from such a length: cap = len + n + 1), 0 not at all.
 */
static int cstr__size_growth(const pfl_model *m, int32_t L, const pfl_expr *size, const char *ptr, const pfl_call *call)
{
	if (size->geometric)
		return -1;
	int found = 0;
	for (int hop = 0; hop < 2; hop++) {
		for (size_t i = 0; i < m->assigns.size; i++) {
			const pfl_assign *a = &m->assigns.items[i];
			if (!a->target || !pfl_model_loop_within(m, a->loop, L) || !cstr__mentions(m, &size->span, a->target))
				continue;
			if (a->growth == PFL_GROWTH_MUL || a->value.geometric)
				return -1;
			if (a->growth == PFL_GROWTH_ADD)
				found = 1;
			/* cap = len + n + 1, where len grows additively in the loop. */
			for (size_t k = 0; hop == 0 && !found && k < m->assigns.size; k++) {
				const pfl_assign *b = &m->assigns.items[k];
				if (b->target && b->growth == PFL_GROWTH_ADD && pfl_model_loop_within(m, b->loop, L) &&
				    a->value.span.end_byte > a->value.span.start_byte &&
				    cstr__mentions(m, &a->value.span, b->target))
					found = 1;
			}
		}
	}
	/* realloc(s, strlen(s) + strlen(t) + 1): the buffer's own length grows with it. */
	for (size_t k = 0; ptr && k < m->calls.size && !found; k++) {
		const pfl_call *s = &m->calls.items[k];
		if (s != call && s->callee && strcmp(s->callee, "strlen") == 0 && s->nargs == 1 && s->args[0].value.text &&
		    strcmp(s->args[0].value.text, ptr) == 0 && pfl_span_within(&s->span, &size->span))
			found = 1;
	}
	return found;
}

/* PFL203 */
void pfl_check_realloc_growth(pfl_check *c, const pfl_model *m)
{
	if (m->lang != PFL_LANG_C)
		return;
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *call = &m->calls.items[i];
		int sa = cstr__realloc_size_arg(call->callee);
		if (sa < 0 || call->loop < 0 || (uint32_t)sa >= call->nargs)
			continue;
		int32_t L = cstr__repeating(m, call->loop, call->once_loop);
		const char *ptr = call->args[0].value.text;
		if (L < 0 || cstr__size_growth(m, L, &call->args[sa].value, ptr, call) <= 0)
			continue;
		char head[96];
		cstr__head(m, L, head, sizeof(head));
		pfl_strbuf msg = PFL_STRBUF_INIT;
		pfl_strbuf_addf(&msg,
				"%s() grows %s%s%s by a fixed or per-item amount on every iteration of '%s' (line %u): "
				"each call may copy the whole buffer, O(n²) bytes copied for n items; grow the capacity "
				"geometrically (cap = cap ? cap * 2 : 16) and reallocate only when the length reaches it",
				call->text ? call->text : call->callee, ptr ? "'" : "the buffer", ptr ? ptr : "", ptr ? "'" : "",
				head, m->loops.items[L].span.line);
		cstr__emit(c, m, "PFL203", call->span, L, pfl_loops_repeat_depth(m, call->loop, call->once_loop), msg.buf);
		pfl_strbuf_release(&msg);
	}
}

/* Calls that only read a string argument even when their prototype is not visible. */
static const char *const cstr__readers[] = {
	"strlen", "strnlen", "strcmp", "strncmp", "strcasecmp", "strncasecmp", "strchr", "strrchr", "strstr",
	"strspn", "strcspn", "strpbrk", "memchr", "memcmp", "printf", "fprintf", "dprintf", "puts", "fputs",
	"putchar", "fputc", "putc", "atoi", "atol", "atoll", "atof", "strtol", "strtoul", "strtoll", "strtoull",
	"strtod", "isalpha", "isdigit", "isalnum", "isspace", "isupper", "islower", "ispunct", "isxdigit",
	"toupper", "tolower", "write", "fwrite", "strdup", "strndup", "hash", NULL,
};

/* Whether loop L may change the string base (s of strlen(s)). */
static bool cstr__changes(const pfl_model *m, int32_t L, const char *base, const pfl_call *self)
{
	char b[128];
	for (size_t i = 0; i < m->assigns.size; i++) {
		const pfl_assign *a = &m->assigns.items[i];
		if (!a->target || !pfl_model_loop_within(m, a->loop, L))
			continue;
		cstr__base(a->target, b, sizeof(b));
		if (strcmp(b, base) == 0)
			return true;
	}
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *w = &m->calls.items[i];
		if (w == self || w->loop < 0 || !pfl_model_loop_within(m, w->loop, L))
			continue;
		for (uint32_t k = 0; k < w->nargs; k++) {
			const pfl_arg *a = &w->args[k];
			if (!pfl_loops_has_name(a->value.names, base) || a->const_param || !a->pointer)
				continue; /* read through a const pointer, or passed by value (s[i]) */
			if (cstr__in(w->callee, cstr__readers) && !(k == 0 && cstr__in(w->callee, cstr__writers)))
				continue;
			if (k > 0 && cstr__in(w->callee, cstr__writers))
				continue; /* snprintf(dst, n, "%s", s): only the destination is written */
			return true;
		}
	}
	return false;
}

/* PFL501 */
void pfl_check_strlen_condition(pfl_check *c, const pfl_model *m)
{
	if (m->lang != PFL_LANG_C)
		return;
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *call = &m->calls.items[i];
		if (call->loop < 0 || !call->callee || call->nargs != 1 ||
		    (strcmp(call->callee, "strlen") != 0 && strcmp(call->callee, "wcslen") != 0))
			continue;
		int32_t L = call->loop;
		const pfl_loop *lp = &m->loops.items[L];
		const char *s = call->args[0].value.text;
		if (!s || !pfl_span_within(&call->span, &lp->iter.span) ||
		    !pfl_loops_repeats(m, L, -1))
			continue;
		char base[128];
		cstr__base(s, base, sizeof(base));
		if (!base[0] || cstr__changes(m, L, base, call))
			continue;
		char head[96];
		cstr__head(m, L, head, sizeof(head));
		pfl_strbuf msg = PFL_STRBUF_INIT;
		pfl_strbuf_addf(&msg,
				"%s(%s) in the condition of '%s' rescans the string on every iteration, and the loop "
				"does not change it: O(n²) for a string of n characters; compute the length once before "
				"the loop (size_t len = strlen(%s);) or test %s[i] != '\\0'",
				call->callee, s, head, s, s);
		cstr__emit(c, m, "PFL501", call->span, L, pfl_loops_repeat_depth(m, L, -1), msg.buf);
		pfl_strbuf_release(&msg);
	}
}
