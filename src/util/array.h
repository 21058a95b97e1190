/*
 * array.h - one typed growable array.
 *
 * PFL_ARRAY(T) declares an anonymous struct {T *items; size_t size, cap;}.
 * The array owns its items buffer (heap, not arena); free it with
 * pfl_array_release. Elements are plain values: the array never frees what
 * they point to.
 */
#ifndef PFL_ARRAY_H
#define PFL_ARRAY_H

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#define PFL_ARRAY(T) struct { T *items; size_t size; size_t cap; }

/* Make room for at least n more elements. */
#define pfl_array_reserve(a, n) \
	pfl_array__grow((void **)&(a)->items, &(a)->cap, (a)->size + (n), sizeof(*(a)->items))

/* Append one value. */
#define pfl_array_push(a, v) \
	(pfl_array_reserve((a), 1), (a)->items[(a)->size++] = (v))

/* Pointer to a new zeroed element at the end. */
#define pfl_array_grow_one(a) \
	(pfl_array_reserve((a), 1), \
	 memset(&(a)->items[(a)->size], 0, sizeof(*(a)->items)), \
	 &(a)->items[(a)->size++])

/* Bounds-checked element pointer. */
#define pfl_array_get(a, i) \
	(assert((size_t)(i) < (a)->size), &(a)->items[(i)])

/* Last element (the array must not be empty). */
#define pfl_array_last(a) \
	(assert((a)->size > 0), &(a)->items[(a)->size - 1])

/* Free the buffer and reset to empty. */
#define pfl_array_release(a) \
	(free((a)->items), (a)->items = NULL, (a)->size = 0, (a)->cap = 0)

/* Grow *items so that it holds at least want elements of elem bytes. */
/* Give back the unused capacity (for arrays kept long, once they are complete). */
#define pfl_array_shrink(a) \
	pfl_array__shrink((void **)&(a)->items, &(a)->cap, (a)->size, sizeof(*(a)->items))

void pfl_array__grow(void **items, size_t *cap, size_t want, size_t elem);
void pfl_array__shrink(void **items, size_t *cap, size_t size, size_t elem);

#endif
