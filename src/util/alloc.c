/* alloc.c - allocation wrappers that exit instead of returning NULL. */
#include "alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one place that reports exhaustion. */
static void alloc__die(size_t n)
{
	fprintf(stderr, "perflint: fatal: out of memory allocating %zu bytes\n", n);
	exit(2);
}

void *pfl_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		alloc__die(n);
	return p;
}

void *pfl_calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		alloc__die(SIZE_MAX);
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		alloc__die(n * size);
	return p;
}

void *pfl_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		alloc__die(n);
	return q;
}

char *pfl_strdup(const char *s)
{
	return pfl_strndup(s, strlen(s));
}

char *pfl_strndup(const char *s, size_t n)
{
	char *p = pfl_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
