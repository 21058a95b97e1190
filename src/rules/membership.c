/*
 * membership.c - the list-membership family: a linear scan used as a
 * membership test, multiplied by a loop.
 *
 * PFL301  x in L / x not in L inside a loop, L known to be a list
 * PFL302  if x not in seen: seen.append(x)  (de-duplication through a list)
 * PFL303  L.index(x) / L.count(x) used as a membership test inside a loop
 */
#include <stdio.h>
#include <string.h>

#include "../util/strbuf.h"
#include "checks.h"
#include "../model/loops.h"

/* Whether an expression is a list variable (not a literal display). */
static bool membership__list_name(const pfl_expr *e)
{
	return e->type.kind == PFL_KIND_LIST && !e->is_literal && e->text;
}

/* The append call that a "not in" test guards on the same list, or NULL. */
static const pfl_call *membership__guarded_append(const pfl_model *m, const pfl_member *mb)
{
	if (!mb->negated || !mb->guarded.end_byte || !mb->container.text)
		return NULL;
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *call = &m->calls.items[i];
		if (!call->method || (strcmp(call->method, "append") != 0 && strcmp(call->method, "insert") != 0))
			continue;
		if (call->span.start_byte < mb->guarded.start_byte || call->span.end_byte > mb->guarded.end_byte)
			continue;
		if (call->receiver.text && strcmp(call->receiver.text, mb->container.text) == 0)
			return call;
	}
	return NULL;
}

/* PFL301 and PFL302 both start from a membership test on a list in a loop. */
static void membership__tests(pfl_check *c, const pfl_model *m, bool dedup)
{
	for (size_t i = 0; i < m->members.size; i++) {
		const pfl_member *mb = &m->members.items[i];
		bool display = mb->container.is_literal && mb->container.type.kind == PFL_KIND_LIST &&
			       mb->container.literal_len > 0;
		if (mb->loop < 0 || (!membership__list_name(&mb->container) && !(display && !dedup)))
			continue;
		uint32_t depth = pfl_loops_repeat_depth(m, mb->loop, mb->once_loop);
		if (depth == 0)
			continue;
		const pfl_call *app = membership__guarded_append(m, mb);
		if (dedup != (app != NULL))
			continue;
		const char *L = mb->container.text;
		pfl_strbuf msg = PFL_STRBUF_INIT, fix = PFL_STRBUF_INIT;
		if (display) {
			pfl_strbuf_addf(&msg,
					"'%s' tests a list display: each test compares against the items one by one "
					"on every iteration; write a set literal ({...}) or a module-level frozenset",
					mb->negated ? "not in [...]" : "in [...]");
			pfl_strbuf_adds(&fix, "in {...}  # a set literal: one hash lookup");
		} else if (dedup) {
			pfl_strbuf_addf(&msg,
					"'%s' is a list used to drop duplicates: each 'not in' test scans the whole list, "
					"O(n²) comparisons for n items; keep a set beside it (seen_set.add(x)) and test "
					"that, or use dict.fromkeys() to de-duplicate in order",
					L);
			pfl_strbuf_addf(&fix, "%s_set = set(%s)  # before the loop; test and add to it", L, L);
		} else {
			pfl_strbuf_addf(&msg,
					"'%s' is a list: '%s %s' scans it on every iteration, O(n·m) comparisons; build a "
					"set once before the loop (%s_set = set(%s)) and test membership against it",
					L, mb->negated ? "not in" : "in", L, L, L);
			pfl_strbuf_addf(&fix, "%s_set = set(%s)  # before the loop", L, L);
		}
		pfl_finding_spec spec = {
			.rule_id = dedup ? "PFL302" : "PFL301",
			.span = mb->span,
			.message = msg.buf,
			.fix = fix.buf,
			.loop_depth = depth,
			.inferred = mb->container.type.cert != PFL_CERT_KNOWN,
		};
		pfl_check_emit(c, &spec);
		pfl_strbuf_release(&msg);
		pfl_strbuf_release(&fix);
	}
}

/* PFL301 */
void pfl_check_list_membership(pfl_check *c, const pfl_model *m)
{
	if (m->lang == PFL_LANG_C) {
		pfl_c_check_nested_search(c, m);
		return;
	}
	membership__tests(c, m, false);
}

/* PFL302 */
void pfl_check_dedup_list(pfl_check *c, const pfl_model *m)
{
	if (m->lang != PFL_LANG_PYTHON)
		return;
	membership__tests(c, m, true);
}

/* PFL303 */
void pfl_check_index_membership(pfl_check *c, const pfl_model *m)
{
	if (m->lang != PFL_LANG_PYTHON)
		return;
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *call = &m->calls.items[i];
		if (call->loop < 0 || !call->method || call->nargs != 1)
			continue;
		bool is_index = strcmp(call->method, "index") == 0;
		bool is_count = strcmp(call->method, "count") == 0;
		if (!is_index && !is_count)
			continue;
		if (!membership__list_name(&call->receiver))
			continue;
		/*
		 * count in a condition; index in a condition, or alone under try
		 * (try: L.index(x) except ValueError). An index whose result is
		 * used is a position lookup, not a membership test.
		 */
		bool probe = (call->flags & PFL_CALL_IN_TRY) && (call->flags & PFL_CALL_STATEMENT);
		if (!(call->flags & PFL_CALL_IN_TEST) && !(is_index && probe))
			continue;
		uint32_t depth = pfl_loops_repeat_depth(m, call->loop, call->once_loop);
		if (depth == 0)
			continue;
		const char *L = call->receiver.text;
		pfl_strbuf msg = PFL_STRBUF_INIT;
		pfl_strbuf_addf(&msg,
				"%s.%s() is used as a membership test inside a loop: it scans the whole list every "
				"time, O(n·m) comparisons; build a set (or a dict of positions) once before the loop",
				L, call->method);
		pfl_finding_spec spec = {
			.rule_id = "PFL303",
			.span = call->span,
			.message = msg.buf,
			.loop_depth = depth,
			.inferred = call->receiver.type.cert != PFL_CERT_KNOWN,
		};
		pfl_check_emit(c, &spec);
		pfl_strbuf_release(&msg);
	}
}
