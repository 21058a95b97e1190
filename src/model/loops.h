/*
 * loops.h - what the loop rules share: how many times an operation runs
 * and whether it varies from one iteration to the next.
 */
#ifndef PFL_RULES_LOOPS_H
#define PFL_RULES_LOOPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Whether one loop can run an operation many times (see below). */
bool pfl_loops_repeats(const pfl_model *m, int32_t loop, int32_t once_loop);

/*
 * Loops around an operation at loop (innermost) that can run many times:
 * not bounded by a constant literal, not provably once, and not a loop the
 * operation runs at most once per run of (once_loop).
 */
uint32_t pfl_loops_repeat_depth(const pfl_model *m, int32_t loop, int32_t once_loop);

/*
 * The innermost loop of the chain starting at loop whose iterations the
 * names vary with (a name bound by that loop, or assigned inside it from
 * such names), or -1 when the names are the same in every iteration of
 * every loop around them.
 */
int32_t pfl_loops_varying(const pfl_model *m, int32_t loop, const char *const *names);

/*
 * Whether loop retries call: the call is in the loop's condition
 * ("while ((r = fetch(c)) != NULL)"), or its result is assigned to a
 * variable the condition tests ("do { rc = exec(...); } while (rc == BUSY)").
 */
bool pfl_loops_retries(const pfl_model *m, int32_t loop, const pfl_call *call);

/*
 * C: whether an equality test is one step of a linear search: one operand
 * is an element selected by a variable its innermost loop steps through
 * (a[j] with j++, p->key with p = p->next; not a hash-bucket chain), the
 * other a value that does not depend on that loop. Returns that loop and
 * sets *elem to the element (and *value to the other), or returns -1.
 */
int32_t pfl_loops_scan(const pfl_model *m, const pfl_member *mb, const pfl_expr **elem, const pfl_expr **value);

/*
 * Whether the block an equality test guards leaves the loop or the
 * function (if (a[i] == v) { found = 1; break; }, ... return i;): the
 * test finds something.
 */
bool pfl_loops_guard_exits(const pfl_model *m, const pfl_member *mb);

/* Forget the varying sets remembered for the model being released (model.c calls it). */
void pfl_loops_forget(void);

/* Every name a call reads (receiver and arguments) into out[0..cap], NULL-terminated. */
size_t pfl_loops_call_names(const pfl_call *call, const char **out, size_t cap);

/* Whether name is in a NULL-terminated list. */
bool pfl_loops_has_name(const char *const *names, const char *name);

/* The first line of a span's text, as written, at most 60 bytes ("..." after). */
void pfl_loops_span_text(const pfl_model *m, pfl_span span, char *buf, size_t n);

/* The first line of the loop's head, as written ("for row in rows:"). */
void pfl_loops_head_text(const pfl_model *m, const pfl_loop *lp, char *buf, size_t n);

#endif
