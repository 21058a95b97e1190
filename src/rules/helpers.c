/*
 * helpers.c - findings through helper functions, from the project pass.
 *
 * PFL102  a loop calls a function that makes a round trip (at any depth)
 * PFL402  an async def, or (C) an event-loop callback, calls a plain
 *         function that blocks (at any depth)
 *
 * The call site is reported; related locations walk the chain of calls
 * down to the operation itself, in whatever file it is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/project.h"
#include "../util/strbuf.h"
#include "checks.h"

#define HELPERS__MAX_CHAIN 8

/* Related locations from fn down to the operation of effect eff. */
static uint32_t helpers__chain(const pfl_project *p, int32_t fn, int eff, pfl_related *rel, uint32_t cap,
			       const pfl_effect_op **op)
{
	uint32_t n = 0;
	*op = NULL;
	while (fn >= 0 && n < cap) {
		const pfl_fn_summary *f = p->fns[fn];
		if (f->via_fn[eff] < 0) {
			*op = f->op[eff];
			rel[n++] = (pfl_related){ f->op[eff]->path, f->op[eff]->span, "the operation, in this function", 0, 0, 0, 0 };
			break;
		}
		const pfl_callee *ce = &f->callees[f->via_call[eff]];
		rel[n++] = (pfl_related){ f->path, ce->span, "which calls this", 0, 0, 0, 0 };
		fn = f->via_fn[eff];
	}
	return n;
}

/* PFL102 */
void pfl_check_round_trip_via_call(pfl_check *c, const pfl_project *p)
{
	for (size_t i = 0; i < p->nsites; i++) {
		const pfl_call_site *s = p->sites[i];
		if (s->kind != PFL_SITE_LOOP || s->direct_effect || !s->varying || s->loop_depth == 0)
			continue;
		int32_t fn = pfl_project_find(p, s->callee);
		if (fn < 0 || !p->fns[fn]->has[PFL_EFFECT_ROUND_TRIP])
			continue;
		pfl_related rel[HELPERS__MAX_CHAIN + 1];
		const pfl_effect_op *op;
		uint32_t nrel = helpers__chain(p, fn, PFL_EFFECT_ROUND_TRIP, rel, HELPERS__MAX_CHAIN, &op);
		if (!op)
			continue;
		pfl_strbuf msg = PFL_STRBUF_INIT;
		pfl_strbuf_addf(&msg,
				"%s() makes %s (%s() at %s:%u) on every iteration of '%s': O(n) round trips for n "
				"items; %s",
				s->text, op->what, op->text ? op->text : "a call", op->path, op->span.line, s->loop_text,
				op->fix ? op->fix : "give the helper a batch of items and make one call for all of them");
		pfl_finding_spec spec = {
			.rule_id = "PFL102",
			.span = s->span,
			.message = msg.buf,
			.loop_depth = s->loop_depth,
			.related = rel,
			.nrelated = nrel,
		};
		pfl_check_emit_at(c, s->path, &spec);
		pfl_strbuf_release(&msg);
	}
}

/* PFL402 in C: a registered callback calls a function that blocks. */
static void helpers__callbacks(pfl_check *c, const pfl_project *p)
{
	size_t ncb;
	pfl_callback *cbs = pfl_project_callbacks(p, &ncb);
	for (size_t i = 0; i < ncb; i++) {
		const pfl_call_site *s = cbs[i].site;
		int32_t fn = cbs[i].fn;
		const pfl_fn_summary *f = p->fns[fn];
		const char *cb = pfl_project_shown_name(f->qualname);
		for (uint32_t k = 0; k < f->ncallees; k++) {
			const pfl_callee *ce = &f->callees[k];
			int32_t t = pfl_project_find(p, ce->name);
			if (t < 0 || t == fn || !p->fns[t]->has[PFL_EFFECT_BLOCKS])
				continue;
			pfl_related rel[HELPERS__MAX_CHAIN + 1];
			const pfl_effect_op *op;
			uint32_t nrel = helpers__chain(p, t, PFL_EFFECT_BLOCKS, rel, HELPERS__MAX_CHAIN, &op);
			if (!op)
				continue;
			const char *shown = pfl_project_shown_name(ce->name);
			pfl_strbuf msg = PFL_STRBUF_INIT;
			pfl_strbuf_addf(&msg,
					"%s() blocks the %s event loop inside callback '%s' (registered with %s() at "
					"%s:%u): it makes %s (%s() at %s:%u) and every other event waits until it returns; "
					"%s%s",
					shown, s->async_fn, cb, s->text, s->path, s->span.line, op->what,
					op->text ? op->text : "a call", op->path, op->span.line,
					op->replacement ? "use " : "move the work to a thread (uv_queue_work, g_thread_pool_push)",
					op->replacement ? op->replacement : "");
			pfl_finding_spec spec = {
				.rule_id = "PFL402",
				.span = ce->span,
				.message = msg.buf,
				.related = rel,
				.nrelated = nrel,
			};
			pfl_check_emit_at(c, f->path, &spec);
			pfl_strbuf_release(&msg);
		}
	}
	free(cbs);
}

/* PFL402 */
void pfl_check_blocking_via_call(pfl_check *c, const pfl_project *p)
{
	helpers__callbacks(c, p);
	for (size_t i = 0; i < p->nsites; i++) {
		const pfl_call_site *s = p->sites[i];
		if (s->kind != PFL_SITE_ASYNC || s->direct_effect)
			continue;
		int32_t fn = pfl_project_find(p, s->callee);
		if (fn < 0 || p->fns[fn]->is_async || !p->fns[fn]->has[PFL_EFFECT_BLOCKS])
			continue;
		pfl_related rel[HELPERS__MAX_CHAIN + 1];
		const pfl_effect_op *op;
		uint32_t nrel = helpers__chain(p, fn, PFL_EFFECT_BLOCKS, rel, HELPERS__MAX_CHAIN, &op);
		if (!op)
			continue;
		pfl_strbuf msg = PFL_STRBUF_INIT;
		pfl_strbuf_addf(&msg,
				"%s() blocks the event loop inside 'async def %s': it makes %s (%s() at %s:%u) and "
				"every other task waits until it returns; call it with await asyncio.to_thread(%s, ...)%s%s",
				s->text, s->async_fn, op->what, op->text ? op->text : "a call", op->path, op->span.line,
				s->text, op->replacement ? " or make the helper use " : "",
				op->replacement ? op->replacement : "");
		pfl_finding_spec spec = {
			.rule_id = "PFL402",
			.span = s->span,
			.message = msg.buf,
			.loop_depth = 0,
			.related = rel,
			.nrelated = nrel,
		};
		pfl_check_emit_at(c, s->path, &spec);
		pfl_strbuf_release(&msg);
	}
}
