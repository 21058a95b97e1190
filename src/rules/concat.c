/*
 * concat.c - the quadratic-concat family: accumulators copied whole on
 * every iteration.
 *
 * PFL201  s += x / s = s + x / s = f"{s}..." on str, bytes or tuple in a loop
 * PFL202  lst = lst + [x] in a loop, and sum(lists, [])
 *
 * Both need the accumulator to survive from one iteration to the next: a
 * plain re-assignment of the target inside the loop resets it, and then
 * only the loops inside the reset count. Loops over a few constants do not
 * grow anything and are not counted.
 */
#include <stdio.h>
#include <string.h>

#include "../model/loops.h"
#include "../util/strbuf.h"
#include "checks.h"

#define CONCAT__MAX_SNIPPET 100

/* Whether another assignment gives target a fresh value inside loop. */
static bool concat__reset_in(const pfl_model *m, const pfl_assign *acc, int32_t loop)
{
	for (size_t i = 0; i < m->assigns.size; i++) {
		const pfl_assign *a = &m->assigns.items[i];
		if (a == acc || a->loop < 0 || strcmp(a->target, acc->target) != 0)
			continue;
		if (a->op != PFL_ASSIGN_PLAIN && a->op != PFL_ASSIGN_ANN && a->op != PFL_ASSIGN_BIND)
			continue;
		if (a->concat != PFL_CONCAT_NONE)
			continue;
		if (pfl_model_function_of(m, a->scope) != pfl_model_function_of(m, acc->scope))
			continue;
		if (pfl_model_loop_within(m, a->loop, loop))
			return true;
	}
	/* A loop target: "for s in ..." at or inside loop rebinds s each time. */
	for (size_t i = 0; i < m->loops.size; i++) {
		const pfl_loop *lp = &m->loops.items[i];
		if (!lp->bound || !pfl_model_loop_within(m, (int32_t)i, loop))
			continue;
		for (const char **b = lp->bound; *b; b++)
			if (strcmp(*b, acc->target) == 0)
				return true;
	}
	return false;
}

/*
 * Loops across which the accumulator grows: from the innermost loop
 * outwards until one that resets it. Returns how many of them can run
 * many times (not a constant literal, not provably once).
 */
static uint32_t concat__growth_depth(const pfl_model *m, const pfl_assign *a)
{
	uint32_t depth = 0;
	for (int32_t l = a->loop; l >= 0; l = m->loops.items[l].parent) {
		if (concat__reset_in(m, a, l))
			break;
		depth += pfl_loops_repeats(m, l, a->once_loop);
	}
	return depth;
}

/* Source text of a span, shortened for a message. */
static void concat__snippet(const pfl_model *m, const pfl_span *sp, pfl_strbuf *sb)
{
	if (sp->end_byte <= sp->start_byte || sp->end_byte > m->source_len)
		return;
	size_t n = sp->end_byte - sp->start_byte;
	const char *s = m->source + sp->start_byte;
	const char *nl = memchr(s, '\n', n);
	bool cut = false;
	if (nl) {
		n = (size_t)(nl - s);
		cut = true;
	}
	if (n > CONCAT__MAX_SNIPPET) {
		n = CONCAT__MAX_SNIPPET;
		cut = true;
	}
	pfl_strbuf_add(sb, s, n);
	if (cut)
		pfl_strbuf_adds(sb, "...");
}

/* Whether concat__snippet had to shorten the text (then it is not code). */
static bool concat__cut(const pfl_strbuf *sb)
{
	return sb->len >= 3 && memcmp(sb->buf + sb->len - 3, "...", 3) == 0;
}

/* Whether the added operand is itself a str or bytes literal or f-string. */
static pfl_kind concat__operand_kind(const pfl_assign *a)
{
	const pfl_expr *o = &a->other;
	if ((o->type.kind == PFL_KIND_STR || o->type.kind == PFL_KIND_BYTES) && o->type.cert == PFL_CERT_KNOWN)
		return o->type.kind;
	return PFL_KIND_UNKNOWN;
}

/* PFL201: string, bytes or tuple accumulator extended in a loop. */
void pfl_check_string_concat(pfl_check *c, const pfl_model *m)
{
	if (m->lang == PFL_LANG_C) {
		pfl_c_check_string_append(c, m);
		return;
	}
	for (size_t i = 0; i < m->assigns.size; i++) {
		const pfl_assign *a = &m->assigns.items[i];
		if (a->loop < 0)
			continue;
		bool aug = a->op == PFL_ASSIGN_ADD;
		bool rebuild = (a->op == PFL_ASSIGN_PLAIN || a->op == PFL_ASSIGN_ANN) && a->concat != PFL_CONCAT_NONE;
		if (!aug && !rebuild)
			continue;
		pfl_kind kind = a->target_type.kind;
		bool inferred = a->target_type.cert != PFL_CERT_KNOWN;
		if (kind != PFL_KIND_STR && kind != PFL_KIND_BYTES && kind != PFL_KIND_TUPLE) {
			if (kind != PFL_KIND_UNKNOWN)
				continue; /* known to be something else: int, list, bytearray... */
			if (a->concat == PFL_CONCAT_FORMAT) {
				kind = PFL_KIND_STR; /* an f-string or format result is a str */
				inferred = false;
			} else {
				kind = concat__operand_kind(a);
				/* bytearray += bytes is amortised O(1): only a str operand says str. */
				if (kind == PFL_KIND_UNKNOWN || (aug && kind != PFL_KIND_STR))
					continue;
				inferred = true;
			}
		}
		uint32_t depth = concat__growth_depth(m, a);
		if (depth == 0)
			continue;

		pfl_strbuf msg = PFL_STRBUF_INIT, fix = PFL_STRBUF_INIT, piece = PFL_STRBUF_INIT;
		const char *kname = pfl_kind_name(kind);
		const char *how = aug ? "+=" : a->concat == PFL_CONCAT_FORMAT ? "re-formatting it" : "concatenation";
		if (kind == PFL_KIND_TUPLE) {
			pfl_strbuf_addf(&msg,
					"tuple '%s' is rebuilt by %s in a loop: every iteration copies all the items "
					"gathered so far, O(n²) copies for n items; append to a list and convert it "
					"with tuple() once after the loop",
					a->target, how);
		} else {
			const char *join = kind == PFL_KIND_BYTES ? "b''.join()" : "''.join()";
			pfl_strbuf_addf(&msg,
					"%s '%s' is built by %s in a loop: every iteration copies the whole "
					"accumulated %s, O(n²) bytes copied for n pieces; collect the pieces in a "
					"list and %s them once after the loop%s",
					kname, a->target, how, kname, join,
					kind == PFL_KIND_STR ? " (or write them to an io.StringIO)" : " (or extend a bytearray)");
		}
		/* The suggested rewrite, in the code's own words. */
		concat__snippet(m, &a->other.span, &piece);
		const char *parts = "parts";
		if (a->concat == PFL_CONCAT_FORMAT || piece.len == 0 || concat__cut(&piece)) {
			pfl_strbuf_reset(&piece);
			pfl_strbuf_adds(&piece, "piece");
		}
		const char *empty = kind == PFL_KIND_BYTES ? "b\"\"" : "\"\"";
		pfl_strbuf_addf(&fix, "%s = []  # before the loop\n", parts);
		pfl_strbuf_addf(&fix, "%s.%s(%s)  # in the loop\n", parts, kind == PFL_KIND_TUPLE ? "extend" : "append", piece.buf);
		if (kind == PFL_KIND_TUPLE)
			pfl_strbuf_addf(&fix, "%s = tuple(%s)  # after the loop", a->target,
					a->concat == PFL_CONCAT_PREPEND ? "reversed(parts)" : "parts");
		else
			pfl_strbuf_addf(&fix, "%s = %s.join(%s)  # after the loop", a->target, empty,
					a->concat == PFL_CONCAT_PREPEND ? "reversed(parts)" : "parts");
		pfl_finding_spec spec = {
			.rule_id = "PFL201",
			.span = a->span,
			.message = msg.buf,
			.fix = fix.buf,
			.loop_depth = depth,
			.inferred = inferred,
		};
		pfl_check_emit(c, &spec);
		pfl_strbuf_release(&msg);
		pfl_strbuf_release(&fix);
		pfl_strbuf_release(&piece);
	}
}

/* Whether an expression is an empty list display, [] (or an empty tuple, ()). */
static bool concat__empty_display(const pfl_expr *e, pfl_kind kind)
{
	return e->is_literal && e->literal_len == 0 && e->type.kind == kind;
}

/* PFL202 part one: lst = lst + [x] in a loop. */
static void concat__list_rebuild(pfl_check *c, const pfl_model *m)
{
	for (size_t i = 0; i < m->assigns.size; i++) {
		const pfl_assign *a = &m->assigns.items[i];
		if (a->loop < 0 || (a->op != PFL_ASSIGN_PLAIN && a->op != PFL_ASSIGN_ANN))
			continue;
		if (a->concat != PFL_CONCAT_APPEND && a->concat != PFL_CONCAT_PREPEND)
			continue;
		bool inferred;
		if (a->target_type.kind == PFL_KIND_LIST) {
			inferred = a->target_type.cert != PFL_CERT_KNOWN;
		} else if (a->target_type.kind == PFL_KIND_UNKNOWN && a->other.type.kind == PFL_KIND_LIST &&
			   a->other.is_literal) {
			inferred = true; /* lst + [x]: only a list can be added to a list display */
		} else {
			continue;
		}
		uint32_t depth = concat__growth_depth(m, a);
		if (depth == 0)
			continue;
		pfl_strbuf msg = PFL_STRBUF_INIT, fix = PFL_STRBUF_INIT, piece = PFL_STRBUF_INIT;
		bool prepend = a->concat == PFL_CONCAT_PREPEND;
		pfl_strbuf_addf(&msg,
				"list '%s' is rebuilt by concatenation in a loop: every iteration copies the whole "
				"list into a new one, O(n²) element copies for n items; %s",
				a->target,
				prepend ? "append and reverse once after the loop, or use a collections.deque and appendleft()"
					: "extend it in place with .append() / .extend() (or +=), which is amortised O(1) per item");
		concat__snippet(m, &a->other.span, &piece);
		if (concat__cut(&piece))
			pfl_strbuf_reset(&piece);
		const pfl_expr *o = &a->other;
		if (o->is_literal && o->literal_len == 1 && piece.len > 2 && piece.buf[0] == '[' &&
		    piece.buf[piece.len - 1] == ']')
			pfl_strbuf_addf(&fix, "%s.%s(%.*s)", a->target, prepend ? "insert(0, " : "append",
					(int)(piece.len - 2), piece.buf + 1);
		else
			pfl_strbuf_addf(&fix, "%s.extend(%s)", a->target, piece.len ? piece.buf : "items");
		if (prepend && o->is_literal && o->literal_len == 1 && piece.len > 2) {
			pfl_strbuf_reset(&fix);
			pfl_strbuf_addf(&fix, "%s.append(%.*s)  # then %s.reverse() once after the loop", a->target,
					(int)(piece.len > 2 ? piece.len - 2 : 0), piece.len > 2 ? piece.buf + 1 : "",
					a->target);
		}
		pfl_finding_spec spec = {
			.rule_id = "PFL202",
			.span = a->span,
			.message = msg.buf,
			.fix = fix.buf,
			.loop_depth = depth,
			.inferred = inferred,
		};
		pfl_check_emit(c, &spec);
		pfl_strbuf_release(&msg);
		pfl_strbuf_release(&fix);
		pfl_strbuf_release(&piece);
	}
}

/* PFL202 part two: sum(list_of_lists, []) anywhere. */
static void concat__sum_lists(pfl_check *c, const pfl_model *m)
{
	for (size_t i = 0; i < m->calls.size; i++) {
		const pfl_call *call = &m->calls.items[i];
		if (!call->callee || strcmp(call->callee, "builtins.sum") != 0)
			continue;
		const pfl_expr *start = NULL, *items = NULL;
		uint32_t npos = 0;
		for (uint32_t a = 0; a < call->nargs; a++) {
			const pfl_arg *arg = &call->args[a];
			if (arg->star)
				goto next;
			if (arg->keyword && strcmp(arg->keyword, "start") == 0)
				start = &arg->value;
			else if (!arg->keyword && npos++ == 0)
				items = &arg->value;
			else if (!arg->keyword && npos == 2)
				start = &arg->value;
		}
		if (!start || !items)
			continue;
		/* A handful of literal lists is not worth a finding. */
		if (items->is_literal && items->literal_len >= 0 && items->literal_len <= 8)
			continue;
		bool list = concat__empty_display(start, PFL_KIND_LIST);
		bool tuple = concat__empty_display(start, PFL_KIND_TUPLE);
		if (!list && !tuple)
			continue;
		pfl_strbuf msg = PFL_STRBUF_INIT, fix = PFL_STRBUF_INIT, piece = PFL_STRBUF_INIT;
		const char *what = list ? "lists" : "tuples";
		pfl_strbuf_addf(&msg,
				"sum(..., %s) concatenates %s one at a time: each step copies the running result, "
				"O(n²) element copies for n %s; flatten once with itertools.chain.from_iterable() "
				"or a comprehension",
				list ? "[]" : "()", what, what);
		concat__snippet(m, &items->span, &piece);
		if (concat__cut(&piece))
			pfl_strbuf_reset(&piece);
		pfl_strbuf_addf(&fix, "%s(itertools.chain.from_iterable(%s))", list ? "list" : "tuple",
				piece.len ? piece.buf : "items");
		uint32_t depth = pfl_loops_repeat_depth(m, call->loop, call->once_loop);
		pfl_finding_spec spec = {
			.rule_id = "PFL202",
			.span = call->span,
			.message = msg.buf,
			.fix = fix.buf,
			.loop_depth = depth,
			.inferred = false,
		};
		pfl_check_emit(c, &spec);
		pfl_strbuf_release(&msg);
		pfl_strbuf_release(&fix);
		pfl_strbuf_release(&piece);
next:;
	}
}

/* PFL202: sequence rebuilt by concatenation. */
void pfl_check_sequence_concat(pfl_check *c, const pfl_model *m)
{
	if (m->lang != PFL_LANG_PYTHON)
		return;
	concat__list_rebuild(c, m);
	concat__sum_lists(c, m);
}
