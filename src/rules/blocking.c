/*
 * blocking.c - the blocking-async family: a call that blocks the thread
 * running the event loop.
 *
 * PFL401  a knowledge-base blocking call in the body of an async def, or
 *         (C) of a function registered as an event-loop callback
 *
 * A nested def or lambda is its own scope and not async; a blocking
 * function handed (not called) to asyncio.to_thread or run_in_executor is
 * fine; an awaited call is an async client.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/kb.h"
#include "../engine/project.h"
#include "../util/strbuf.h"
#include "checks.h"

/* The async def whose body holds scope (through comprehensions), or -1. */
static int32_t blocking__async_function(const pfl_model *m, int32_t scope)
{
	while (scope > 0) {
		const pfl_scope *s = &m->scopes.items[scope];
		if (s->kind == PFL_SCOPE_FUNCTION)
			return s->is_async ? scope : -1;
		if (s->kind != PFL_SCOPE_COMPREHENSION)
			return -1; /* a lambda or a class body */
		scope = s->parent;
	}
	return -1;
}

/* PFL401 */
void pfl_check_blocking_in_async(pfl_check *c, const pfl_model *m)
{
	if (m->lang != PFL_LANG_PYTHON)
		return;
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *call = &m->calls.items[i];
		if (call->flags & PFL_CALL_AWAITED)
			continue;
		int32_t fn = blocking__async_function(m, call->scope);
		if (fn < 0)
			continue;
		const pfl_kb_entry *e = pfl_kb_lookup(m, call, PFL_KB_BLOCKING);
		if (!e || pfl_kb_lookup(m, call, PFL_KB_ASYNC))
			continue;
		pfl_strbuf msg = PFL_STRBUF_INIT;
		const char *shown = call->text ? call->text : call->callee;
		pfl_strbuf_addf(&msg,
				"%s() is %s inside 'async def %s': it blocks the event loop, so every other task "
				"waits until it returns; %s%s",
				shown, e->what, m->scopes.items[fn].name,
				e->replacement ? "use " : "",
				e->replacement ? e->replacement : "run it with await asyncio.to_thread(...)");
		if (e->replacement && !strstr(e->replacement, "to_thread") && !strstr(e->replacement, "asyncio.sleep"))
			pfl_strbuf_adds(&msg, " (or hand it to asyncio.to_thread)");
		pfl_related rel = { m->path, m->scopes.items[fn].name_span, "the async function", 0, 0, 0, 0 };
		pfl_finding_spec spec = {
			.rule_id = "PFL401",
			.span = call->span,
			.message = msg.buf,
			.loop_depth = 0,
			.inferred = e->inferred,
			.related = &rel,
			.nrelated = 1,
		};
		pfl_check_emit(c, &spec);
		pfl_strbuf_release(&msg);
	}
}

/* PFL401 in C: blocking calls in the body of a function registered as an event-loop callback. */
void pfl_check_blocking_in_callback(pfl_check *c, const pfl_project *p)
{
	size_t ncb;
	pfl_callback *cbs = pfl_project_callbacks(p, &ncb);
	for (size_t i = 0; i < ncb; i++) {
		const pfl_call_site *s = cbs[i].site;
		const pfl_fn_summary *f = p->fns[cbs[i].fn];
		for (uint32_t k = 0; k < f->nblocks; k++) {
			const pfl_effect_op *op = &f->blocks[k];
			pfl_strbuf msg = PFL_STRBUF_INIT;
			pfl_strbuf_addf(&msg,
					"%s() is %s inside '%s', a %s callback (registered with %s() at %s:%u): it "
					"blocks the event loop's thread, and every other timer, socket and callback "
					"waits until it returns; %s%s%s",
					op->text ? op->text : "the call", op->what, pfl_project_shown_name(f->qualname), s->async_fn,
					s->text, s->path, s->span.line, op->replacement ? "use " : "",
					op->replacement ? op->replacement : (op->fix ? op->fix : "move it to a worker thread"),
					op->replacement ? " instead" : "");
			pfl_related rel[2] = {
				{ f->path, f->name_span, "the callback", 0, 0, 0, 0 },
				{ s->path, s->span, "registered here", 0, 0, 0, 0 },
			};
			pfl_finding_spec spec = {
				.rule_id = "PFL401",
				.span = op->span,
				.message = msg.buf,
				.related = rel,
				.nrelated = 2,
			};
			pfl_check_emit_at(c, op->path, &spec);
			pfl_strbuf_release(&msg);
		}
	}
	free(cbs);
}
