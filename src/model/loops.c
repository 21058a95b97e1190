/* loops.c - repetition and loop dependence, for the loop rules. */
#include "loops.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
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

/*
 * Per model, built at its first question, so that a varying set costs a
 * walk of what lies inside its loop rather than of the whole file: the
 * loops numbered in depth-first order (the loops inside loop L are then
 * those numbered ord[L] .. ord[L] + size[L] - 1), the items each pass of
 * loops__varying_set reads (loops; assignments with a target; C calls
 * with an out parameter) grouped by that number of their loop, and the
 * varying set of each loop once asked. All of it lives in the model's
 * arena; the model's arrays do not change once the frontend is done, and
 * pfl_loops_forget drops the index when the model goes. Per thread: each
 * worker analyses its own model.
 */
enum { LOOPS__LOOPS, LOOPS__ASSIGNS, LOOPS__CALLS, LOOPS__KINDS };

static _Thread_local struct {
	const pfl_model *m;
	uint32_t *ord, *size;          /* per loop */
	uint32_t *first[LOOPS__KINDS]; /* per loop number: its items are item[k][first[k][o] .. first[k][o + 1]] */
	uint32_t *item[LOOPS__KINDS];
	uint32_t *sorted[LOOPS__KINDS]; /* one loop's items, back in model order */
	const char *const **set;       /* per loop: its varying set, NULL until asked */
} loops__memo;

void pfl_loops_forget(void)
{
	loops__memo.m = NULL;
}

/* The loop an item of kind k belongs to as loops__varying_set sees it, or -1 when no pass reads it. */
static int32_t loops__item_loop(const pfl_model *m, int k, size_t i)
{
	if (k == LOOPS__LOOPS)
		return (int32_t)i;
	if (k == LOOPS__ASSIGNS) {
		const pfl_assign *a = &m->assigns.items[i];
		return a->target ? a->loop : -1;
	}
	const pfl_call *c = &m->calls.items[i];
	for (uint32_t a = 0; a < c->nargs; a++)
		if (c->args[a].out_param)
			return c->loop;
	return -1;
}

static void loops__index(const pfl_model *m)
{
	pfl_arena *arena = &((pfl_model *)m)->arena; /* a cache, as kb_memo */
	size_t nl = m->loops.size;
	uint32_t *ord = pfl_arena_zalloc(arena, (nl + 1) * sizeof(*ord));
	uint32_t *size = pfl_arena_zalloc(arena, (nl + 1) * sizeof(*size));
	uint32_t *kid0 = pfl_arena_zalloc(arena, (nl + 2) * sizeof(*kid0));
	uint32_t *kids = pfl_arena_alloc(arena, (nl + 1) * sizeof(*kids));
	uint32_t *stack = pfl_arena_alloc(arena, (nl + 1) * sizeof(*stack));
	uint32_t *at = pfl_arena_alloc(arena, (nl + 1) * sizeof(*at)); /* loop numbered o */
	/* Children of each loop, then a depth-first walk from each outermost loop. */
	for (size_t i = 0; i < nl; i++)
		if (m->loops.items[i].parent >= 0)
			kid0[m->loops.items[i].parent + 2]++;
	for (size_t i = 0; i < nl; i++)
		kid0[i + 2] += kid0[i + 1];
	for (size_t i = 0; i < nl; i++)
		if (m->loops.items[i].parent >= 0)
			kids[kid0[m->loops.items[i].parent + 1]++] = (uint32_t)i;
	uint32_t next = 0;
	for (size_t r = 0; r < nl; r++) {
		if (m->loops.items[r].parent >= 0)
			continue;
		size_t sp = 0;
		stack[sp++] = (uint32_t)r;
		while (sp > 0) {
			uint32_t l = stack[--sp];
			at[next] = l;
			ord[l] = next++;
			size[l] = 1;
			for (uint32_t c = kid0[l]; c < kid0[l + 1]; c++)
				stack[sp++] = kids[c];
		}
	}
	for (uint32_t o = next; o-- > 0;) {
		int32_t p = m->loops.items[at[o]].parent;
		if (p >= 0)
			size[p] += size[at[o]];
	}
	loops__memo.ord = ord;
	loops__memo.size = size;
	/* Each kind's items grouped by the number of their loop, in model order within a group. */
	size_t count[LOOPS__KINDS] = { nl, m->assigns.size, m->lang == PFL_LANG_C ? m->calls.size : 0 };
	for (int k = 0; k < LOOPS__KINDS; k++) {
		uint32_t *first = pfl_arena_zalloc(arena, (nl + 2) * sizeof(*first));
		for (size_t i = 0; i < count[k]; i++) {
			int32_t l = loops__item_loop(m, k, i);
			if (l >= 0)
				first[ord[l] + 2]++;
		}
		for (size_t o = 0; o < nl; o++)
			first[o + 2] += first[o + 1];
		uint32_t *item = pfl_arena_alloc(arena, (first[nl + 1] + 1) * sizeof(*item));
		for (size_t i = 0; i < count[k]; i++) {
			int32_t l = loops__item_loop(m, k, i);
			if (l >= 0)
				item[first[ord[l] + 1]++] = (uint32_t)i;
		}
		loops__memo.first[k] = first;
		loops__memo.item[k] = item;
		loops__memo.sorted[k] = pfl_arena_alloc(arena, (first[nl] + 1) * sizeof(*item));
	}
	loops__memo.set = pfl_arena_zalloc(arena, (nl + 1) * sizeof(*loops__memo.set));
	loops__memo.m = m;
}

static int loops__cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/*
 * The items of kind k in loop L or a loop inside it, in model order (the
 * passes below depend on it: what a round adds, the items after it see),
 * and how many.
 */
static const uint32_t *loops__within(int k, int32_t L, size_t *n)
{
	const uint32_t *first = loops__memo.first[k];
	uint32_t o = loops__memo.ord[L], e = o + loops__memo.size[L];
	size_t lo = first[o], hi = first[e];
	*n = hi - lo;
	if (loops__memo.size[L] == 1)
		return loops__memo.item[k] + lo; /* one group: already in order */
	uint32_t *s = loops__memo.sorted[k];
	memcpy(s, loops__memo.item[k] + lo, *n * sizeof(*s));
	qsort(s, *n, sizeof(*s), loops__cmp_u32);
	return s;
}

/* The names that vary with the iterations of loop L: bound by it (or a
 * loop inside it), or assigned inside it from varying names. */
static size_t loops__varying_set(const pfl_model *m, int32_t L, const char **set, size_t cap)
{
	size_t n = 0, nl, na, nc;
	const uint32_t *loops = loops__within(LOOPS__LOOPS, L, &nl);
	for (size_t i = 0; i < nl; i++) {
		const pfl_loop *lp = &m->loops.items[loops[i]];
		for (const char **b = lp->bound; b && *b && n < cap; b++) {
			set[n] = NULL;
			if (!pfl_loops_has_name((const char *const *)set, *b))
				set[n++] = *b;
		}
		set[n] = NULL;
	}
	/* In a while loop, whatever the body assigns changes from one iteration to the next. */
	const uint32_t *assigns = loops__within(LOOPS__ASSIGNS, L, &na);
	pfl_loop_kind k = m->loops.items[L].kind;
	if (k == PFL_LOOP_WHILE || k == PFL_LOOP_DO) {
		for (size_t i = 0; i < na && n < cap; i++) {
			const pfl_assign *a = &m->assigns.items[assigns[i]];
			set[n] = NULL;
			if (!pfl_loops_has_name((const char *const *)set, a->target))
				set[n++] = a->target;
		}
		set[n] = NULL;
	}
	/* C: what a call in the loop writes through a pointer (fgets(line, ...), fscanf(f, "%d", &n)). */
	const uint32_t *calls = loops__within(LOOPS__CALLS, L, &nc);
	for (size_t i = 0; i < nc && n < cap; i++) {
		const pfl_call *c = &m->calls.items[calls[i]];
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
		for (size_t i = 0; i < na && n < cap; i++) {
			const pfl_assign *a = &m->assigns.items[assigns[i]];
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

static const char *const *loops__varying_cached(const pfl_model *m, int32_t l)
{
	if (loops__memo.m != m)
		loops__index(m);
	if (!loops__memo.set[l]) {
		const char *set[LOOPS__MAX_NAMES + 1];
		set[0] = NULL;
		size_t n = loops__varying_set(m, l, set, LOOPS__MAX_NAMES);
		const char **keep = pfl_arena_alloc(&((pfl_model *)m)->arena, (n + 1) * sizeof(*keep));
		memcpy(keep, set, (n + 1) * sizeof(*keep));
		loops__memo.set[l] = keep;
	}
	return loops__memo.set[l];
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
