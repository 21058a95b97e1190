/*
 * fixes.h - the edits behind the language server's quick fixes, computed
 * on a document's current text (bytes; the server converts positions).
 *
 * - A suppression comment for a finding: "  # perflint: disable=ID" (C:
 *   "  // perflint: disable=ID") at the end of the finding's line, or ",ID"
 *   added to a "perflint: disable=" list already on that line; in C, a
 *   block comment holding "perflint: disable=ID" goes before a block
 *   comment left open at the end of the line, or before a backslash that
 *   continues the line. Every edit
 *   is checked by parsing the suppressions of the edited text
 *   (suppress.h): it is offered only when it silences the rule on that
 *   line, else the finding's last line is tried.
 * - PFL301's rewrite: a list display used for membership becomes a set
 *   display ("x in [1, 2]" -> "x in {1, 2}"), when every item is a
 *   hashable constant (numbers, strings, bytes, True, False, None); also
 *   "L = [1, 2]" -> "L = {1, 2}" when L is a local of the function,
 *   assigned once by that statement, and every other mention of the name
 *   in the function is the right side of an `in` test.
 *
 * An edit owns its text (heap); pfl_fix_edit_release frees it.
 */
#ifndef PFL_LSP_FIXES_H
#define PFL_LSP_FIXES_H

#include <stddef.h>
#include <stdint.h>

#include "../model/model.h"

/* Replace bytes [start, end) of the text with text. */
typedef struct pfl_fix_edit {
	size_t start, end;
	char *text;
} pfl_fix_edit;

void pfl_fix_edit_release(pfl_fix_edit *e);

/*
 * The edit that silences rule_id for a finding on lines line..end_line
 * (1-based) of text in language lang. 0, or -1 when no place is safe.
 */
int pfl_fix_suppress(pfl_lang lang, const char *text, size_t len, const char *rule_id, uint32_t line,
		     uint32_t end_line, pfl_fix_edit *out);

/*
 * PFL301 in Python: the rewrite of the membership test at bytes
 * [start, end) of text (the finding's span) into a set lookup. 0 with the
 * edit and a title (heap) for the action, or -1 when it is not safe.
 */
int pfl_fix_set_literal(const char *text, size_t len, size_t start, size_t end, pfl_fix_edit *out, char **title);

#endif
