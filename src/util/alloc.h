/*
 * alloc.h - allocation that never returns NULL.
 *
 * Every allocation in perflint goes through these wrappers (or an arena built
 * on them). On exhaustion they print one message and exit with status 2, so
 * callers never test for NULL.
 */
#ifndef PFL_ALLOC_H
#define PFL_ALLOC_H

#include <stddef.h>

/* malloc that exits on failure. */
void *pfl_malloc(size_t n);
/* calloc that exits on failure (and on n*size overflow). */
void *pfl_calloc(size_t n, size_t size);
/* realloc that exits on failure. */
void *pfl_realloc(void *p, size_t n);
/* strdup that exits on failure. */
char *pfl_strdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated. */
char *pfl_strndup(const char *s, size_t n);

#endif
