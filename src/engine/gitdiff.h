/*
 * gitdiff.h - which lines changed since a git revision (diff mode).
 *
 * `perflint --diff-from REV` reports only findings on lines added or changed
 * since REV. The changed lines are computed with libgit2 (never by running
 * git) in the repository containing a directory (searched upward, as git
 * does):
 *
 *   - REV is anything git_revparse_single resolves (HEAD, HEAD~1, a branch,
 *     origin/main, a tag, a sha), peeled to its tree. "A...B" means the
 *     merge base of A and B, as in `git diff A...B` (an empty side is HEAD:
 *     "origin/main..." is origin/main...HEAD); B only chooses the merge base,
 *     the new side is always the work tree. A two-dot range "A..B" is
 *     rejected: the new side cannot be B.
 *   - The old side is that tree, the new side the work tree including the
 *     index: staged and unstaged changes both count, untracked files (not
 *     ignored ones) count whole, as new files do. Renames are detected (also
 *     of untracked files) so a renamed file counts only its edited lines.
 *     Copies are not detected: a copied file is new. A file removed from
 *     the index but kept (git rm --cached) is untracked: whole. A file with
 *     unresolved conflicts counts its work content (markers included)
 *     against REV. Binary files, deleted files and submodules have no
 *     changed lines.
 *   - A changed line is a line of the new file that the diff adds ('+'; a
 *     modified line is '-' then '+'). Whitespace and line endings count as
 *     git counts them: a file whose CRLF endings became LF changed whole.
 *
 * Lookups take paths as perflint displays them (relative to the current
 * working directory at the time of the call, or absolute). The directory
 * part is resolved through symlinks (/tmp vs /private/tmp) before it is
 * compared with the work tree. A pfl_gitdiff holds no libgit2 object: it is
 * plain data once loaded. Lookups are not thread-safe (they cache the last
 * directory resolved).
 */
#ifndef PFL_GITDIFF_H
#define PFL_GITDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pfl_gitdiff pfl_gitdiff; /* opaque */

/*
 * Lines added or changed in the work tree (staged and unstaged; untracked
 * files whole) since rev, in the repository containing dir (NULL: the
 * current directory). NULL on error, reported with pfl_error: dir not in a
 * git repository, a bare repository, a revision that does not resolve (or
 * is ambiguous, or names no tree), no merge base for "A...B".
 */
pfl_gitdiff *pfl_gitdiff_load(const char *rev, const char *dir);

/*
 * Whether path (display path: relative to the cwd, or absolute) is inside
 * the repository's work tree (not its .git directory). A file outside it
 * never has changed lines; the caller decides whether to say so.
 */
bool pfl_gitdiff_tracks(const pfl_gitdiff *d, const char *path);

/*
 * Whether any line in line..end_line (1-based, inclusive) of path was added
 * or changed. An end_line below line means line alone; line 0 means the
 * whole file (any changed line).
 */
bool pfl_gitdiff_changed(const pfl_gitdiff *d, const char *path, uint32_t line, uint32_t end_line);

/* Number of files with at least one added or changed line (for a notice). */
size_t pfl_gitdiff_files(const pfl_gitdiff *d);

/* Free d (NULL is allowed). */
void pfl_gitdiff_free(pfl_gitdiff *d);

#endif
