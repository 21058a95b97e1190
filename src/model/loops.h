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

/* Every name a call reads (receiver and arguments) into out[0..cap], NULL-terminated. */
size_t pfl_loops_call_names(const pfl_call *call, const char **out, size_t cap);

/* Whether name is in a NULL-terminated list. */
bool pfl_loops_has_name(const char *const *names, const char *name);

/* The first line of the loop's head, as written ("for row in rows:"). */
void pfl_loops_head_text(const pfl_model *m, const pfl_loop *lp, char *buf, size_t n);

#endif
