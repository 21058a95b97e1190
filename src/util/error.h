/*
 * error.h - messages for users' mistakes and checks for our own.
 *
 * pfl_error/pfl_warning print one line to stderr ("perflint: error: ...",
 * lowercase, no full stop, the subject quoted) and pfl_error returns -1 so a
 * failing path is one line: `return pfl_error("cannot read '%s'", p);`.
 * Only main.c decides the exit code. PFL_BUG reports a broken invariant and
 * aborts.
 */
#ifndef PFL_ERROR_H
#define PFL_ERROR_H

int pfl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pfl_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pfl_bug(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

#define PFL_BUG(...) pfl_bug(__FILE__, __LINE__, __VA_ARGS__)

#endif
