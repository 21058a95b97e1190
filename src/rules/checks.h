/*
 * checks.h - declarations of the check functions named in rule_list.h.
 */
#ifndef PFL_CHECKS_H
#define PFL_CHECKS_H

#include "../engine/finding.h"
#include "../model/model.h"

#define PFL_RULE(id, fn) void fn(pfl_check *c, const pfl_model *m);
#include "rule_list.h"
#undef PFL_RULE

#endif
