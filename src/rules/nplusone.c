/*
 * nplusone.c - the n-plus-one family: a round trip per loop iteration.
 *
 * PFL101  a knowledge-base round trip inside a loop, varying with the loop
 *
 * A call that is the same in every iteration is hoistable, not N+1; a
 * batched call (filter(id__in=...), executemany, mget) is the fix, not the
 * problem; a loop over a few constants or one that ends after the call
 * does not multiply anything.
 */
#include <stdio.h>
#include <string.h>

#include "../engine/kb.h"
#include "../util/strbuf.h"
#include "checks.h"
#include "../model/loops.h"

/* The callee as the user wrote it, for messages ("Order.objects.get"). */
static const char *nplusone__shown(const pfl_call *call)
{
	return call->text ? call->text : call->callee ? call->callee : "the call";
}

/*
 * Whether the call runs a list of statements: execute(sql) where sql is
 * the loop variable itself ("for sql in statements: cursor.execute(sql)").
 * Each statement is different work, not the same query per item.
 */
static bool nplusone__script(const pfl_model *m, const pfl_call *call, int32_t loop)
{
	if (!call->method || call->nargs == 0 || call->args[0].keyword)
		return false;
	if (strcmp(call->method, "execute") != 0 && strcmp(call->method, "executescript") != 0 &&
	    strcmp(call->method, "exec_driver_sql") != 0)
		return false;
	const pfl_expr *sql = &call->args[0].value;
	if (!sql->text || strchr(sql->text, '.'))
		return false;
	return pfl_loops_has_name(m->loops.items[loop].bound, sql->text);
}

/* Emit PFL101 for a query made by evaluating a queryset inside loop `outer`. */
static void nplusone__queryset(pfl_check *c, const pfl_model *m, pfl_span span, const char *what, int32_t outer,
			       int32_t loop, int32_t once_loop)
{
	uint32_t depth = pfl_loops_repeat_depth(m, loop, once_loop);
	if (depth == 0)
		return;
	const pfl_loop *lp = &m->loops.items[outer];
	char head[96];
	pfl_loops_head_text(m, lp, head, sizeof(head));
	pfl_strbuf msg = PFL_STRBUF_INIT;
	pfl_strbuf_addf(&msg,
			"%s runs a database query on every iteration of '%s' (line %u): O(n) queries for n "
			"items; fetch the rows for all items with one query before the loop (filter(key__in=keys)) "
			"and group them in a dict, or use prefetch_related(Prefetch(...)) on the outer queryset",
			what, head, lp->span.line);
	pfl_related rel = { m->path, lp->head_span, "the loop", 0, 0, 0, 0 };
	pfl_finding_spec spec = {
		.rule_id = "PFL101",
		.span = span,
		.message = msg.buf,
		.loop_depth = depth,
		.related = &rel,
		.nrelated = 1,
	};
	pfl_check_emit(c, &spec);
	pfl_strbuf_release(&msg);
}

/* Whether a type is a Django queryset (a chain through ".objects."). */
static bool nplusone__is_queryset(const pfl_type *t)
{
	return t->kind == PFL_KIND_OBJECT && t->name && strstr(t->name, ".objects.") && !strstr(t->name, ".values");
}

/* Querysets built in a loop and evaluated there: iterated, list()-ed, len()-ed. */
static void nplusone__querysets(pfl_check *c, const pfl_model *m)
{
	for (size_t i = 0; i < m->loops.size; i++) {
		const pfl_loop *lp = &m->loops.items[i];
		if (!lp->qs_model || lp->parent < 0)
			continue;
		int32_t outer = pfl_loops_varying(m, lp->parent, lp->iter.names);
		if (outer < 0 || m->loops.items[outer].chunked)
			continue;
		nplusone__queryset(c, m, lp->head_span, "iterating a queryset built in the loop", outer, lp->parent, -1);
	}
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *call = &m->calls.items[i];
		if (call->loop < 0 || call->nargs != 1 || !call->callee)
			continue;
		const char *fn = call->callee;
		if (strcmp(fn, "builtins.list") != 0 && strcmp(fn, "builtins.len") != 0 && strcmp(fn, "builtins.bool") != 0)
			continue;
		const pfl_expr *arg = &call->args[0].value;
		if (!nplusone__is_queryset(&arg->type) || !arg->text)
			continue;
		const char *names[2] = { arg->text, NULL };
		int32_t outer = pfl_loops_varying(m, call->loop, names);
		if (outer < 0 || m->loops.items[outer].chunked)
			continue;
		char what[64];
		snprintf(what, sizeof(what), "%s() of a queryset built in the loop", fn + 9);
		nplusone__queryset(c, m, call->span, what, outer, call->loop, call->once_loop);
	}
}

/* PFL101 */
/*
 * row.rel.count(), .exists() or .all() on a row of a queryset that
 * prefetches rel: Django answers them from the prefetched rows, no query.
 */
static bool nplusone__prefetched(const pfl_model *m, const pfl_call *call)
{
	if (!call->method || !call->text ||
	    (strcmp(call->method, "count") != 0 && strcmp(call->method, "exists") != 0 && strcmp(call->method, "all") != 0))
		return false;
	const char *d1 = strchr(call->text, '.');
	const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!d2 || strchr(d2 + 1, '.'))
		return false; /* exactly row.rel.method */
	size_t nrow = (size_t)(d1 - call->text), nrel = (size_t)(d2 - d1 - 1);
	for (int32_t l = call->loop; l >= 0; l = m->loops.items[l].parent) {
		const pfl_loop *lp = &m->loops.items[l];
		if (!lp->qs_model || !lp->bound || !lp->bound[0] || strlen(lp->bound[0]) != nrow ||
		    strncmp(lp->bound[0], call->text, nrow) != 0)
			continue;
		for (const char **r = lp->qs_related; r && *r; r++)
			if (strlen(*r) == nrel && strncmp(*r, d1 + 1, nrel) == 0)
				return true;
		return false;
	}
	return false;
}

void pfl_check_round_trip_in_loop(pfl_check *c, const pfl_model *m)
{
	nplusone__querysets(c, m);
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *call = &m->calls.items[i];
		if (call->loop < 0)
			continue;
		const pfl_kb_entry *e = pfl_kb_lookup(m, call, PFL_KB_ROUND_TRIP);
		if (!e || pfl_kb_lookup(m, call, PFL_KB_BULK))
			continue;
		if (call->flags & PFL_CALL_BATCHED)
			continue; /* Model.objects.filter(id__in=chunk).update(...) */
		if (nplusone__prefetched(m, call))
			continue;
		int32_t varying;
		uint32_t depth;
		if (m->lang == PFL_LANG_C) {
			/*
			 * C: a statement prepared or sent per iteration is a round
			 * trip per item even when its text is constant; retry and
			 * polling loops are not loops over items.
			 */
			depth = pfl_kb_item_depth(m, call);
			varying = pfl_kb_item_loop(m, call);
			if (depth == 0 || varying < 0)
				continue;
		} else {
			const char *names[129];
			pfl_loops_call_names(call, names, 128);
			varying = pfl_loops_varying(m, call->loop, names);
			if (varying < 0 || m->loops.items[varying].chunked || nplusone__script(m, call, varying))
				continue; /* the same call each time, a batch per step, or a list of statements */
			depth = pfl_loops_repeat_depth(m, call->loop, call->once_loop);
			if (depth == 0)
				continue;
		}
		const pfl_loop *lp = &m->loops.items[varying];
		char head[96];
		pfl_loops_head_text(m, lp, head, sizeof(head));
		pfl_strbuf msg = PFL_STRBUF_INIT;
		pfl_strbuf_addf(&msg,
				"%s() makes %s on every iteration of '%s' (line %u): O(n) round trips%s for n items; %s",
				nplusone__shown(call), e->what, head, lp->span.line,
				depth > 1 ? ", multiplied by the enclosing loops" : "",
				e->fix ? e->fix : "batch the lookups into one call before the loop");
		pfl_related rel = { m->path, lp->head_span, "the loop", 0, 0, 0, 0 };
		pfl_finding_spec spec = {
			.rule_id = "PFL101",
			.span = call->span,
			.message = msg.buf,
			.fix = NULL,
			.loop_depth = depth,
			.inferred = e->inferred,
			.related = &rel,
			.nrelated = 1,
		};
		pfl_check_emit(c, &spec);
		pfl_strbuf_release(&msg);
	}
}
