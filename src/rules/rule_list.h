/*
 * rule_list.h - every rule's checks, in one list (an X-macro).
 *
 * PFL_RULE(id, file_check, project_check) binds the metadata of
 * rules/<id>.yml to its check over one file's model and/or its check over
 * the project pass (NULL where a rule has none). Adding a rule touches: its
 * check, rules/<id>.yml, its page in docs/rules/, its corpus cases, and
 * one line here.
 */
PFL_RULE(PFL101, pfl_check_round_trip_in_loop, NULL)
PFL_RULE(PFL102, NULL, pfl_check_round_trip_via_call)
PFL_RULE(PFL103, NULL, pfl_check_related_per_row)
PFL_RULE(PFL201, pfl_check_string_concat, NULL)
PFL_RULE(PFL202, pfl_check_sequence_concat, NULL)
PFL_RULE(PFL203, pfl_check_realloc_growth, NULL)
PFL_RULE(PFL301, pfl_check_list_membership, pfl_check_search_via_call)
PFL_RULE(PFL302, pfl_check_dedup_list, NULL)
PFL_RULE(PFL303, pfl_check_index_membership, NULL)
PFL_RULE(PFL401, pfl_check_blocking_in_async, pfl_check_blocking_in_callback)
PFL_RULE(PFL402, NULL, pfl_check_blocking_via_call)
PFL_RULE(PFL501, pfl_check_strlen_condition, NULL)
