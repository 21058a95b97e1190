/*
 * hash.c - pfl_hash64: eight bytes at a time, each word mixed by a
 * multiply-xorshift round (the finaliser of MurmurHash3), the tail and
 * the length folded in at the end.
 */
#include "hash.h"

#include <string.h>

static uint64_t hash__mix(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

uint64_t pfl_hash64(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ UINT64_C(0x9e3779b97f4a7c15);
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ hash__mix(w)) * UINT64_C(0x100000001b3) + UINT64_C(0x6a09e667f3bcc909);
	}
	uint64_t tail = 0;
	memcpy(&tail, p + i, len - i);
	h ^= hash__mix(tail ^ ((uint64_t)(len - i) << 56));
	return hash__mix(h ^ (uint64_t)len);
}
