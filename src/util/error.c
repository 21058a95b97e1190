/* error.c - user-facing messages and invariant failures. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int pfl_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("perflint: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return -1;
}

void pfl_warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("perflint: warning: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void pfl_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "perflint: BUG: %s:%d: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}
