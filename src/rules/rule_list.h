/*
 * rule_list.h - every rule's check, in one list (an X-macro).
 *
 * PFL_RULE(id, check) binds the metadata of rules/<id>.yml to the check
 * function. Adding a rule touches: its check, rules/<id>.yml, its page in
 * docs/rules/, its corpus cases, and one line here.
 */
PFL_RULE(PFL201, pfl_check_string_concat)
PFL_RULE(PFL202, pfl_check_sequence_concat)
