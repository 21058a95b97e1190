/*
 * checks.h - declarations of the check functions named in rule_list.h.
 */
#ifndef PFL_CHECKS_H
#define PFL_CHECKS_H

#include "../engine/finding.h"
#include "../model/model.h"

struct pfl_project;

/* The checks named in rule_list.h. */
void pfl_check_string_concat(pfl_check *c, const pfl_model *m);
void pfl_check_sequence_concat(pfl_check *c, const pfl_model *m);
void pfl_check_round_trip_in_loop(pfl_check *c, const pfl_model *m);
void pfl_check_round_trip_via_call(pfl_check *c, const struct pfl_project *p);
void pfl_check_related_per_row(pfl_check *c, const struct pfl_project *p);
void pfl_check_list_membership(pfl_check *c, const pfl_model *m);
void pfl_check_dedup_list(pfl_check *c, const pfl_model *m);
void pfl_check_index_membership(pfl_check *c, const pfl_model *m);
void pfl_check_blocking_in_async(pfl_check *c, const pfl_model *m);
void pfl_check_blocking_via_call(pfl_check *c, const struct pfl_project *p);
void pfl_check_blocking_in_callback(pfl_check *c, const struct pfl_project *p);
void pfl_check_search_via_call(pfl_check *c, const struct pfl_project *p);
void pfl_check_realloc_growth(pfl_check *c, const pfl_model *m);
void pfl_check_strlen_condition(pfl_check *c, const pfl_model *m);

/* The C forms of rules shared with Python (called by the rules' checks). */
void pfl_c_check_string_append(pfl_check *c, const pfl_model *m);
void pfl_c_check_nested_search(pfl_check *c, const pfl_model *m);

#endif
