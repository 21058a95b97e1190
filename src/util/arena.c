/* arena.c - block-chained bump allocator. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#define ARENA_FIRST 1024u
#define ARENA_BLOCK 65536u
#define ARENA_ALIGN 16u

/* One block: a header followed by its bytes. */
struct pfl_arena_block {
	struct pfl_arena_block *next; /* older block */
	size_t cap;                   /* bytes available after the header */
	size_t off;                   /* bytes used */
	_Alignas(16) unsigned char data[];
};

void *pfl_arena_alloc(pfl_arena *a, size_t n)
{
	if (n > SIZE_MAX / 2) {
		fprintf(stderr, "perflint: fatal: out of memory allocating %zu bytes\n", n);
		exit(2);
	}
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct pfl_arena_block *b = a->head;
	if (!b || b->cap - b->off < n) {
		/* Blocks start small (most files need little) and grow to ARENA_BLOCK. */
		size_t grow = ARENA_FIRST << (a->nblocks < 6 ? a->nblocks : 6);
		if (grow > ARENA_BLOCK)
			grow = ARENA_BLOCK;
		/* A big one-off gets a block of its own size. */
		size_t cap = n > grow / 4 ? n : grow;
		if (cap > SIZE_MAX - sizeof(*b))
			cap = SIZE_MAX - sizeof(*b); /* pfl_malloc will fail loudly */
		b = pfl_malloc(sizeof(*b) + cap);
		b->cap = cap;
		b->off = 0;
		a->nblocks++;
		if (a->head && n > grow / 4) {
			/* A big one-off: keep the current block as the head. */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->off;
	b->off += n;
	a->used += n;
	return p;
}

void *pfl_arena_zalloc(pfl_arena *a, size_t n)
{
	void *p = pfl_arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

char *pfl_arena_strndup(pfl_arena *a, const char *s, size_t n)
{
	char *p = pfl_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *pfl_arena_strdup(pfl_arena *a, const char *s)
{
	return pfl_arena_strndup(a, s, strlen(s));
}

char *pfl_arena_concat3(pfl_arena *a, const char *s1, const char *s2, const char *s3)
{
	size_t n1 = strlen(s1), n2 = strlen(s2), n3 = strlen(s3);
	char *p = pfl_arena_alloc(a, n1 + n2 + n3 + 1);
	memcpy(p, s1, n1);
	memcpy(p + n1, s2, n2);
	memcpy(p + n1 + n2, s3, n3);
	p[n1 + n2 + n3] = '\0';
	return p;
}

char *pfl_arena_printf(pfl_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = pfl_arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void pfl_arena_release(pfl_arena *a)
{
	struct pfl_arena_block *b = a->head;
	while (b) {
		struct pfl_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
	a->nblocks = 0;
}
