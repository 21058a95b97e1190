/*
 * hash.h - a fast 64-bit hash of bytes, for cache keys and content
 * identity (not for security: the cache never trusts what it reads, see
 * engine/cache.h). Two seeds give two independent 64-bit halves.
 */
#ifndef PFL_HASH_H
#define PFL_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The hash of data[0..len) with a seed. */
uint64_t pfl_hash64(const void *data, size_t len, uint64_t seed);

#endif
