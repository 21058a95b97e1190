/*
 * suppress.h - suppression comments: finding them in a file's text and
 * matching findings against them.
 *
 * The forms (in Python after '#', in C after '//' or inside a block comment):
 *
 *   perflint: disable=PFL101,n-plus-one   the comment's line
 *   perflint: disable                     the comment's line, every rule
 *   perflint: disable-next-line=PFL2      the line after the comment
 *   perflint: disable-next-line           the line after it, every rule
 *   perflint: disable-file=PFL301         the whole file
 *   perflint: disable-file                the whole file, every rule
 *   noqa: PFL101,E501                     the line, our codes only (flake8)
 *   noqa                                  the line, every rule (flake8)
 *
 * Spaces are allowed around ':' and '=' ("#perflint:disable=PFL101",
 * "# perflint : disable = PFL101"); the marker and the directive word are
 * case-insensitive. The rule list is the maximal run of tokens
 * [A-Za-z0-9_][A-Za-z0-9_-]* joined by commas, with optional blanks (spaces,
 * tabs) around the commas; what follows it is an explanation
 * ("disable=PFL101 -- reviewed, 3 items", "disable=PFL101  # why"). A
 * directive word without '=' silences every rule, whatever follows it
 * ("disable -- reviewed"); an '=' followed by no token is a problem.
 * Tokens are rule ids, id prefixes or family tags, case-insensitive: ids
 * and prefixes are upper-cased, families lower-cased, "all" is "ALL".
 *
 * A comment may hold several directives (a "noqa" and a "perflint:" one,
 * say): its whole text is scanned for each marker. "perflint" counts where
 * it starts a word and is followed by blanks and ':'. "noqa" counts where
 * only blanks (and the '*', '/', '!' of a doc comment) separate it from
 * the start of the comment, from a '#' or from a line start inside a block
 * comment, so "# noqa", "#noqa", "# type: ignore  # noqa", "// noqa" and
 * " * noqa" count and "# see the noqa docs" does not. As in flake8, "noqa"
 * followed by anything but ':' silences every rule of the line, and so does
 * "noqa:" followed by no code at all; after "noqa:" the codes are
 * [A-Za-z]+[0-9]+ separated by commas and/or blanks, and only those
 * spelled PFL<digits> are ours ("noqa: E501" silences nothing of ours and
 * makes no directive).
 *
 * Lines: a directive in a block comment (or a '//' comment continued by a
 * backslash-newline) that silences its own line silences the comment's
 * first line; disable-next-line silences the line after its last line.
 * Only '\n' ends a line ("\r\n" is one line end; a lone '\r' is an ordinary
 * byte).
 *
 * Problems: a token that names no rule ("disable=PFL999", "noqa: PFL999",
 * "disable=foo"), an unknown directive word ("perflint: disabel"), a missing
 * one ("perflint:" alone) and an '=' with no list. The valid tokens of a
 * directive still work; a directive left with no valid token (and not
 * silencing every rule) is not added to the items.
 *
 * Lexing: enough of each language not to take a marker inside a string
 * literal for a comment. Python: quotes, triple quotes, string prefixes,
 * backslashes (a backslash never lets the next quote end a string, raw or
 * not), line continuations, and f-string replacement fields with Python
 * 3.12 rules (nested strings of any quote, comments and newlines inside a
 * field, format specs with nested fields); an unterminated single-quoted
 * string ends at the end of its line, an unterminated triple-quoted one at
 * the end of the file. Approximations: replacement fields nested more than
 * about 30 deep are taken as literal text; a replacement field left open by a
 * syntax error lexes the rest of the file as code. C: string and character
 * literals (with escapes, ending at the end of the line when unterminated),
 * raw strings R"d(...)d" (a GNU extension), pp-numbers with digit
 * separators (1'000), '//' comments continued by backslash-newline (blanks
 * allowed between the two, as GCC does) and block comments (unterminated:
 * to the end of the file). Approximations: backslash-newline splices
 * elsewhere (inside a '/' '*' opener, say) are not undone; a '//' or
 * quote in a header name (#include <a//b.h>) is lexed as in code.
 *
 * Any bytes are accepted (NUL, invalid UTF-8, unterminated constructs);
 * parsing is linear in the length of the text. pfl_suppress_parse keeps no
 * global state and may run on different files in several threads at once
 * (once pfl_rules_load has run).
 */
#ifndef PFL_SUPPRESS_H
#define PFL_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/model.h" /* pfl_lang: PFL_LANG_PYTHON, PFL_LANG_C */
#include "../util/arena.h"
#include "../util/array.h"
#include "rule.h"

/* What a directive silences. */
typedef enum pfl_supp_scope { PFL_SUPP_LINE, PFL_SUPP_NEXT_LINE, PFL_SUPP_FILE } pfl_supp_scope;

/* One suppression directive. */
typedef struct pfl_suppression {
	pfl_supp_scope scope;
	uint32_t line;         /* line of the comment (1-based; first line of a block comment) */
	uint32_t target;       /* the line it silences (LINE, NEXT_LINE); 0 for FILE */
	bool noqa;             /* written as # noqa */
	bool all;              /* silences every rule (bare noqa, disable without a list) */
	const char **tokens;   /* valid rule tokens (ids upper-cased, prefixes, families), in the arena */
	uint32_t ntokens;
	uint32_t *used;        /* per token: findings it silenced (ntokens entries); for `all`, used[0] via a 1-element array */
	const char *text;      /* the directive as written, trimmed, for messages (arena):
	                          "perflint: disable=PFL101,PFL2", "noqa: E501,PFL101", "noqa";
	                          without the comment opener and the explanation */
} pfl_suppression;

/* A problem in a directive: an unknown rule token or directive word. */
typedef struct pfl_supp_problem {
	uint32_t line, col;    /* col: 1-based byte column of the bad token */
	const char *message;   /* lowercase, no full stop, in the arena */
} pfl_supp_problem;

/* Every directive and problem of one file. Zero-initialise ({0}) before parsing. */
typedef struct pfl_suppressions {
	PFL_ARRAY(pfl_suppression) items;      /* in source order */
	PFL_ARRAY(pfl_supp_problem) problems;  /* in source order */
} pfl_suppressions;

/*
 * Find every directive in src[0..len) of a file in language lang (anything
 * but PFL_LANG_C is lexed as Python). Strings in arena; items and problems
 * are appended to out. Quick path: when neither "perflint" nor "noqa"
 * occurs in the text (case-insensitive), return with nothing found without
 * lexing. Tokens are checked against the rule registry: pfl_rules_load must
 * have run.
 */
void pfl_suppress_parse(pfl_lang lang, const char *src, size_t len, pfl_arena *arena, pfl_suppressions *out);

/*
 * Whether a finding of rule r on lines line..end_line is silenced: by a
 * file directive, or a LINE/NEXT_LINE directive whose target is line or
 * end_line. Counts the use on every directive that matches (so none of
 * them is reported unused): used[0] of an `all` directive, and used[k] of
 * every token k of a directive that matches r. Returns the first matching
 * directive or NULL. Linear in the number of directives.
 */
const pfl_suppression *pfl_suppress_match(pfl_suppressions *s, const pfl_rule_meta *r, uint32_t line, uint32_t end_line);

/* Release the arrays (strings are in the arena). */
void pfl_suppressions_release(pfl_suppressions *s);

#endif
