/*
 * arena.h - a bump allocator: everything of one analysed file lives in one
 * arena and is freed with one pfl_arena_release call. Pointers into an arena
 * stay valid until then; nothing allocated from it is freed on its own.
 */
#ifndef PFL_ARENA_H
#define PFL_ARENA_H

#include <stddef.h>

struct pfl_arena_block;

/* An arena. Zero-initialise it ({0}) before first use. */
typedef struct pfl_arena {
	struct pfl_arena_block *head; /* newest block, where allocation happens */
	size_t used;                  /* total bytes handed out, for statistics */
	unsigned nblocks;             /* blocks allocated: later blocks are larger */
} pfl_arena;

/* n bytes aligned for any type, uninitialised. Never NULL. */
void *pfl_arena_alloc(pfl_arena *a, size_t n);
/* n zeroed bytes. */
void *pfl_arena_zalloc(pfl_arena *a, size_t n);
/* Copy of s[0..n) with a NUL after it. */
char *pfl_arena_strndup(pfl_arena *a, const char *s, size_t n);
/* Copy of a NUL-terminated string. */
char *pfl_arena_strdup(pfl_arena *a, const char *s);
/* s1, s2 and s3 joined, in the arena: a printf("%s%s%s") without the format. */
char *pfl_arena_concat3(pfl_arena *a, const char *s1, const char *s2, const char *s3);
/* printf into the arena. */
char *pfl_arena_printf(pfl_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Free every block; the arena is empty and reusable afterwards. */
void pfl_arena_release(pfl_arena *a);

#endif
