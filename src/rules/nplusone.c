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

/* Every name a call reads: receiver and arguments, NULL-terminated. */
static size_t nplusone__names(const pfl_call *call, const char **out, size_t cap)
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

/* PFL101 */
void pfl_check_round_trip_in_loop(pfl_check *c, const pfl_model *m)
{
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *call = &m->calls.items[i];
		if (call->loop < 0)
			continue;
		const pfl_kb_entry *e = pfl_kb_lookup(m, call, PFL_KB_ROUND_TRIP);
		if (!e || pfl_kb_lookup(m, call, PFL_KB_BULK))
			continue;
		if (call->flags & PFL_CALL_BATCHED)
			continue; /* Model.objects.filter(id__in=chunk).update(...) */
		const char *names[129];
		nplusone__names(call, names, 128);
		int32_t varying = pfl_loops_varying(m, call->loop, names);
		if (varying < 0 || m->loops.items[varying].chunked || nplusone__script(m, call, varying))
			continue; /* the same call each time, a batch per step, or a list of statements */
		uint32_t depth = pfl_loops_repeat_depth(m, call->loop, call->once_loop);
		if (depth == 0)
			continue;
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
