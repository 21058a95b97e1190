/*
 * rule_list.h - every rule's checks, in one list (an X-macro).
 *
 * PFL_RULE(id, file_check, project_check) binds the metadata of
 * rules/<id>.yml to its check over one file's model and/or its check over
 * the project pass (NULL where a rule has none). Adding a rule touches: its
 * check, rules/<id>.yml, its page in docs/rules/, its corpus cases, and
 * one line here.
 */
PFL_RULE(PFL201, pfl_check_string_concat, NULL)
PFL_RULE(PFL202, pfl_check_sequence_concat, NULL)
