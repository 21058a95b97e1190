/* array.c - the growth policy behind PFL_ARRAY. */
#include "array.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void pfl_array__grow(void **items, size_t *cap, size_t want, size_t elem)
{
	if (want <= *cap)
		return;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < want) {
		if (ncap > SIZE_MAX / 2 / elem) {
			fprintf(stderr, "perflint: fatal: array too large\n");
			exit(2);
		}
		ncap *= 2;
	}
	*items = pfl_realloc(*items, ncap * elem);
	*cap = ncap;
}

void pfl_array__shrink(void **items, size_t *cap, size_t size, size_t elem)
{
	if (size == *cap)
		return;
	if (size == 0) {
		free(*items);
		*items = NULL;
	} else {
		*items = pfl_realloc(*items, size * elem);
	}
	*cap = size;
}
