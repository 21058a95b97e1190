/* loops.c - repetition and loop dependence, for the loop rules. */
#include "loops.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../util/array.h"

#define LOOPS__MAX_NAMES 128
#define LOOPS__ROUNDS 4

bool pfl_loops_repeats(const pfl_model *m, int32_t loop, int32_t once_loop)
{
	const pfl_loop *lp = &m->loops.items[loop];
	return !lp->bounded && !lp->runs_once && loop != once_loop;
}

uint32_t pfl_loops_repeat_depth(const pfl_model *m, int32_t loop, int32_t once_loop)
{
	uint32_t d = 0;
	for (int32_t l = loop; l >= 0; l = m->loops.items[l].parent)
		d += pfl_loops_repeats(m, l, once_loop);
	return d;
}

bool pfl_loops_retries(const pfl_model *m, int32_t loop, const pfl_call *call)
{
	const pfl_loop *lp = &m->loops.items[loop];
	if (pfl_span_within(&call->span, &lp->iter.span))
		return true;
	if (!lp->iter.names)
		return false;
	for (size_t i = 0; i < m->assigns.size; i++) {
		const pfl_assign *a = &m->assigns.items[i];
		if (a->target && pfl_span_within(&call->span, &a->value.span) && pfl_loops_has_name(lp->iter.names, a->target))
			return true;
	}
	return false;
}

/* Whether the text of span, past braces and spaces, starts with the word w. */
static bool loops__starts_with(const pfl_model *m, const pfl_span *span, const char *w)
{
	uint32_t i = span->start_byte, e = span->end_byte < m->source_len ? span->end_byte : (uint32_t)m->source_len;
	while (i < e && strchr("{ \t\r\n", m->source[i]))
		i++;
	size_t n = strlen(w);
	return i + n <= e && memcmp(m->source + i, w, n) == 0 &&
	       (i + n == e || !(isalnum((unsigned char)m->source[i + n]) || m->source[i + n] == '_'));
}

bool pfl_loops_guard_exits(const pfl_model *m, const pfl_member *mb)
{
	if (mb->guarded.end_byte <= mb->guarded.start_byte)
		return false;
	if (loops__starts_with(m, &mb->guarded, "break") || loops__starts_with(m, &mb->guarded, "return") ||
	    loops__starts_with(m, &mb->guarded, "goto"))
		return true;
	/* found = 1; break; / *out = p; return 1; */
	uint32_t e = mb->guarded.end_byte < m->source_len ? mb->guarded.end_byte : (uint32_t)m->source_len;
	for (uint32_t i = mb->guarded.start_byte; i + 5 <= e; i++) {
		if ((memcmp(m->source + i, "break", 5) == 0 || (i + 6 <= e && memcmp(m->source + i, "return", 6) == 0)) &&
		    (i == 0 || !(isalnum((unsigned char)m->source[i - 1]) || m->source[i - 1] == '_')))
			return true;
	}
	return false;
}

/* Whether loop steps var: var++, var += k or var = var->next inside it. */
static bool loops__steps(const pfl_model *m, int32_t loop, const char *var)
{
	for (size_t i = 0; i < m->assigns.size; i++) {
		const pfl_assign *a = &m->assigns.items[i];
		if (a->loop == loop && a->growth == PFL_GROWTH_ADD && a->target && strcmp(a->target, var) == 0)
			return true;
	}
	return false;
}

/*
 * Whether var starts, in the head of loop or just before it in the
 * enclosing loop, from a hash bucket: table[h], a *hash*, *bucket*,
 * *lookup* or *find* call.
 */
static bool loops__bucket(const pfl_model *m, int32_t loop, const char *var)
{
	const pfl_loop *lp = &m->loops.items[loop];
	for (size_t i = 0; i < m->assigns.size; i++) {
		const pfl_assign *a = &m->assigns.items[i];
		if (!a->target || strcmp(a->target, var) != 0 || a->growth != PFL_GROWTH_NONE)
			continue;
		if (!pfl_span_within(&a->span, &lp->head_span) &&
		    !(lp->parent >= 0 && a->loop == lp->parent && a->span.start_byte < lp->span.start_byte))
			continue;
		if (a->value.elem_of && (!a->value.index || strcmp(a->value.index, a->value.elem_of) != 0))
			return true; /* table[h], table[hash(k) % n]; not p->next */
		for (size_t k = 0; k < m->calls.size; k++) {
			const pfl_call *c = &m->calls.items[k];
			if (!pfl_span_within(&c->span, &a->value.span) || !c->text)
				continue;
			if (strstr(c->text, "hash") || strstr(c->text, "Hash") || strstr(c->text, "bucket") ||
			    strstr(c->text, "lookup") || strstr(c->text, "find"))
				return true;
		}
	}
	return false;
}

/*
 * Whether a nested loop starts its variable over on each run: set in its
 * head (for (j = 0; ...)), or in the enclosing loop's body. An index that
 * carries on from where the outer loop left it (grouping runs: while (i <
 * n && a[i] == c) i++) scans each item once in all.
 */
static bool loops__restarts(const pfl_model *m, int32_t loop, const char *var)
{
	const pfl_loop *lp = &m->loops.items[loop];
	if (lp->parent < 0)
		return true;
	for (size_t i = 0; i < m->assigns.size; i++) {
		const pfl_assign *a = &m->assigns.items[i];
		if (!a->target || strcmp(a->target, var) != 0 || a->growth != PFL_GROWTH_NONE)
			continue;
		if (pfl_span_within(&a->span, &lp->head_span) || (a->loop == lp->parent && a->span.start_byte < lp->span.start_byte))
			return true;
	}
	return false;
}

int32_t pfl_loops_scan(const pfl_model *m, const pfl_member *mb, const pfl_expr **elem, const pfl_expr **value)
{
	if (mb->loop < 0)
		return -1;
	const pfl_loop *lp = &m->loops.items[mb->loop];
	if (!lp->bound)
		return -1;
	/*
	 * while (a[i] == v) i++, or if (a[i] != v) break: the loop walks a run
	 * of equal items and stops at the first other one; it does not search.
	 */
	if (!mb->negated && pfl_span_within(&mb->span, &lp->iter.span))
		return -1;
	/*
	 * A != test searches only as the loop's condition (while (p && p->key
	 * != k)) or to skip the others (if (a[i] != v) continue;); with any
	 * other block it works on every item but one (free what is not ours).
	 */
	if (mb->negated && !pfl_span_within(&mb->span, &lp->iter.span) &&
	    !loops__starts_with(m, &mb->guarded, "continue"))
		return -1;
	for (int side = 0; side < 2; side++) {
		const pfl_expr *e = side ? &mb->container : &mb->needle;
		const pfl_expr *o = side ? &mb->needle : &mb->container;
		if (!e->index || !pfl_loops_has_name(lp->bound, e->index) || !loops__steps(m, mb->loop, e->index))
			continue;
		if (o->is_const || !o->names || (o->index && strcmp(o->index, e->index) == 0))
			continue;
		bool uses_loop = false;
		for (const char **n = o->names; *n && !uses_loop; n++)
			uses_loop = pfl_loops_has_name(lp->bound, *n);
		/* The value searched for stays the same during the scan: nothing in the loop assigns it. */
		for (size_t i = 0; i < m->assigns.size && !uses_loop; i++) {
			const pfl_assign *a = &m->assigns.items[i];
			uses_loop = a->target && a->loop >= 0 && pfl_model_loop_within(m, a->loop, mb->loop) &&
				    pfl_loops_has_name(o->names, a->target);
		}
		if (uses_loop || loops__bucket(m, mb->loop, e->index) || !loops__restarts(m, mb->loop, e->index))
			continue;
		*elem = e;
		*value = o;
		return mb->loop;
	}
	return -1;
}

size_t pfl_loops_call_names(const pfl_call *call, const char **out, size_t cap)
{
	size_t n = 0;
	for (const char **p = call->receiver.names; p && *p && n < cap; p++)
		out[n++] = *p;
	for (uint32_t a = 0; a < call->nargs; a++)
		for (const char **p = call->args[a].value.names; p && *p && n < cap; p++)
			out[n++] = *p;
	out[n] = NULL;
	return n;
}

bool pfl_loops_has_name(const char *const *names, const char *name)
{
	for (; names && *names; names++)
		if (strcmp(*names, name) == 0)
			return true;
	return false;
}

/* The names that vary with the iterations of loop L: bound by it (or a
 * loop inside it), or assigned inside it from varying names. */
static size_t loops__varying_set(const pfl_model *m, int32_t L, const char **set, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < m->loops.size; i++) {
		const pfl_loop *lp = &m->loops.items[i];
		if (!pfl_model_loop_within(m, (int32_t)i, L))
			continue;
		for (const char **b = lp->bound; b && *b && n < cap; b++) {
			set[n] = NULL;
			if (!pfl_loops_has_name((const char *const *)set, *b))
				set[n++] = *b;
		}
		set[n] = NULL;
	}
	/* In a while loop, whatever the body assigns changes from one iteration to the next. */
	pfl_loop_kind k = m->loops.items[L].kind;
	if (k == PFL_LOOP_WHILE || k == PFL_LOOP_DO) {
		for (size_t i = 0; i < m->assigns.size && n < cap; i++) {
			const pfl_assign *a = &m->assigns.items[i];
			if (a->loop < 0 || !a->target || !pfl_model_loop_within(m, a->loop, L))
				continue;
			set[n] = NULL;
			if (!pfl_loops_has_name((const char *const *)set, a->target))
				set[n++] = a->target;
		}
		set[n] = NULL;
	}
	/* C: what a call in the loop writes through a pointer (fgets(line, ...), fscanf(f, "%d", &n)). */
	for (size_t i = 0; m->lang == PFL_LANG_C && i < m->calls.size && n < cap; i++) {
		const pfl_call *c = &m->calls.items[i];
		if (c->loop < 0 || !pfl_model_loop_within(m, c->loop, L))
			continue;
		for (uint32_t a = 0; a < c->nargs && n < cap; a++) {
			if (!c->args[a].out_param)
				continue;
			const char *w = c->args[a].value.names[0];
			set[n] = NULL;
			if (!pfl_loops_has_name((const char *const *)set, w))
				set[n++] = w;
		}
		set[n] = NULL;
	}
	for (int round = 0; round < LOOPS__ROUNDS; round++) {
		size_t before = n;
		for (size_t i = 0; i < m->assigns.size && n < cap; i++) {
			const pfl_assign *a = &m->assigns.items[i];
			if (a->loop < 0 || !pfl_model_loop_within(m, a->loop, L) || !a->target)
				continue;
			if (pfl_loops_has_name((const char *const *)set, a->target))
				continue;
			bool varies = a->op == PFL_ASSIGN_BIND; /* with ... as x, a, b = ... inside the loop */
			for (const char **v = a->value.names; !varies && v && *v; v++)
				if (pfl_loops_has_name((const char *const *)set, *v))
					varies = true;
			if (varies) {
				set[n++] = a->target;
				set[n] = NULL;
			}
		}
		if (n == before)
			break;
	}
	return n;
}

/*
 * The varying sets of the last few loops asked, per thread: the calls of
 * one loop nest come one after the other, and a set costs a pass over the
 * file's assignments and calls. The model's arrays do not change once the
 * frontend is done; pfl_loops_forget drops the sets when the model goes.
 */
#define LOOPS__MEMO 4
static _Thread_local struct {
	const pfl_model *m;
	int32_t loop[LOOPS__MEMO];
	const char *set[LOOPS__MEMO][LOOPS__MAX_NAMES + 1];
	unsigned next;
} loops__memo;

void pfl_loops_forget(void)
{
	loops__memo.m = NULL;
}

static const char *const *loops__varying_cached(const pfl_model *m, int32_t l)
{
	if (loops__memo.m != m) {
		loops__memo.m = m;
		for (int i = 0; i < LOOPS__MEMO; i++)
			loops__memo.loop[i] = -1;
	}
	for (int i = 0; i < LOOPS__MEMO; i++)
		if (loops__memo.loop[i] == l)
			return loops__memo.set[i];
	unsigned k = loops__memo.next++ % LOOPS__MEMO;
	loops__memo.set[k][0] = NULL;
	loops__varying_set(m, l, loops__memo.set[k], LOOPS__MAX_NAMES);
	loops__memo.loop[k] = l;
	return loops__memo.set[k];
}

int32_t pfl_loops_varying(const pfl_model *m, int32_t loop, const char *const *names)
{
	for (int32_t l = loop; l >= 0; l = m->loops.items[l].parent) {
		const char *const *set = loops__varying_cached(m, l);
		for (const char *const *p = names; p && *p; p++) {
			if (pfl_loops_has_name(set, *p))
				return l;
		}
	}
	return -1;
}

void pfl_loops_head_text(const pfl_model *m, const pfl_loop *lp, char *buf, size_t n)
{
	pfl_loops_span_text(m, lp->head_span, buf, n);
}

void pfl_loops_span_text(const pfl_model *m, pfl_span span, char *buf, size_t n)
{
	uint32_t a = span.start_byte, b = span.end_byte;
	if (b > m->source_len)
		b = (uint32_t)m->source_len;
	const char *nl = a < b ? memchr(m->source + a, '\n', b - a) : NULL;
	if (nl)
		b = (uint32_t)(nl - m->source);
	while (b > a && (m->source[b - 1] == ' ' || m->source[b - 1] == '\r'))
		b--;
	size_t len = b > a ? b - a : 0;
	if (len > 60) {
		snprintf(buf, n, "%.*s...", 57, m->source + a);
		return;
	}
	snprintf(buf, n, "%.*s", (int)len, m->source + a);
}
