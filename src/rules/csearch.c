/*
 * csearch.c - nested linear searches in C (the list-membership family).
 *
 * PFL301  (C) an inner loop scans an array or list for a value that
 *         changes with an outer loop, or a loop calls a function that does
 *
 * pfl_loops_scan decides what a scan is: an equality test of an element
 * the inner loop steps through (a[j], p->key with p = p->next) with a
 * value that does not depend on that loop. Hash-bucket chains, binary
 * searches and prefix comparisons are not scans.
 */
#include <stdio.h>
#include <string.h>

#include "../engine/kb.h"
#include "../engine/project.h"
#include "../model/loops.h"
#include "../util/strbuf.h"
#include "checks.h"

/* PFL301 in C: inner scans. */
void pfl_c_check_nested_search(pfl_check *c, const pfl_model *m)
{
	int32_t last_loop = -1;
	for (size_t i = 0; i < m->members.size; i++) {
		const pfl_member *mb = &m->members.items[i];
		const pfl_expr *elem, *value;
		int32_t L = pfl_loops_scan(m, mb, &elem, &value);
		if (L < 0 || L == last_loop || !pfl_loops_repeats(m, L, mb->once_loop) || m->loops.items[L].parent < 0)
			continue;
		int32_t outer = pfl_loops_varying(m, m->loops.items[L].parent, value->names);
		if (outer < 0 || !pfl_loops_repeats(m, outer, mb->once_loop) || pfl_kb_loop_waits(m, outer))
			continue; /* a loop over requests or options is not a loop over data */
		last_loop = L; /* one finding per inner loop */
		char test[72], head[72], ohead[72];
		pfl_loops_span_text(m, mb->span, test, sizeof(test));
		pfl_loops_head_text(m, &m->loops.items[L], head, sizeof(head));
		pfl_loops_head_text(m, &m->loops.items[outer], ohead, sizeof(ohead));
		pfl_strbuf msg = PFL_STRBUF_INIT;
		pfl_strbuf_addf(&msg,
				"'%s' searches '%s' linearly in '%s' (line %u), once per iteration of '%s' (line %u): "
				"O(n·m) comparisons; put the values of '%s' in a hash set once before the outer loop "
				"(or sort them and use bsearch) and look each one up",
				test, elem->elem_of, head, m->loops.items[L].span.line, ohead, m->loops.items[outer].span.line,
				elem->elem_of);
		pfl_related rel[2] = {
			{ m->path, m->loops.items[L].head_span, "the inner loop", 0, 0, 0, 0 },
			{ m->path, m->loops.items[outer].head_span, "the outer loop", 0, 0, 0, 0 },
		};
		pfl_finding_spec spec = {
			.rule_id = "PFL301",
			.span = mb->span,
			.message = msg.buf,
			.loop_depth = pfl_loops_repeat_depth(m, mb->loop, mb->once_loop),
			.related = rel,
			.nrelated = 2,
		};
		pfl_check_emit(c, &spec);
		pfl_strbuf_release(&msg);
	}
}

/* PFL301 through a call: a loop calls a function that scans. */
void pfl_check_search_via_call(pfl_check *c, const pfl_project *p)
{
	for (size_t i = 0; i < p->nsites; i++) {
		const pfl_call_site *s = p->sites[i];
		if (s->kind != PFL_SITE_LOOP || s->direct_effect || !s->varying || s->loop_depth == 0)
			continue;
		int32_t fn = pfl_project_find(p, s->callee);
		if (fn < 0 || !p->fns[fn]->op[PFL_EFFECT_SCANS])
			continue;
		const pfl_effect_op *op = p->fns[fn]->op[PFL_EFFECT_SCANS];
		pfl_strbuf msg = PFL_STRBUF_INIT;
		pfl_strbuf_addf(&msg,
				"%s() searches '%s' linearly (%s:%u) and is called on every iteration of '%s': O(n·m) "
				"comparisons; build a hash set of the values once before the loop (or sort them and use "
				"bsearch) and look each item up",
				s->text, op->text ? op->text : "an array", op->path, op->span.line, s->loop_text);
		pfl_related rel = { op->path, op->span, "the comparison, in this function", 0, 0, 0, 0 };
		pfl_finding_spec spec = {
			.rule_id = "PFL301",
			.span = s->span,
			.message = msg.buf,
			.loop_depth = s->loop_depth + 1,
			.related = &rel,
			.nrelated = 1,
		};
		pfl_check_emit_at(c, s->path, &spec);
		pfl_strbuf_release(&msg);
	}
}
