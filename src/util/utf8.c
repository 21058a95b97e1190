/* utf8.c - validation, decoding and UTF-16 lengths. */
#include "utf8.h"

#include <string.h>

uint32_t pfl_utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned char c = s[0];
	uint32_t cp;
	size_t need;
	*len = 1;
	if (c < 0x80)
		return c;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		cp = c & 0x07;
	} else {
		return 0xFFFD;
	}
	if (n < need + 1)
		return 0xFFFD;
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	/* Overlongs, surrogates and values past U+10FFFF are invalid. */
	if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0xFFFD;
	*len = need + 1;
	return cp;
}

size_t pfl_utf8_invalid_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* ASCII, the common case, eight bytes at a time. */
		while (n - i >= 8) {
			uint64_t w;
			memcpy(&w, u + i, sizeof(w));
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		size_t len;
		uint32_t cp = pfl_utf8_decode(u + i, n - i, &len);
		if (cp == 0xFFFD && !(len == 3 && u[i] == 0xEF && u[i + 1] == 0xBF && u[i + 2] == 0xBD))
			return i;
		i += len;
	}
	return n;
}

size_t pfl_utf8_utf16_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, units = 0;
	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			units++;
			continue;
		}
		size_t len;
		uint32_t cp = pfl_utf8_decode(u + i, n - i, &len);
		units += cp >= 0x10000 ? 2 : 1;
		i += len;
	}
	return units;
}

size_t pfl_utf8_codepoints(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, cps = 0;
	while (i < n) {
		size_t len = 1;
		if (u[i] >= 0x80)
			pfl_utf8_decode(u + i, n - i, &len);
		i += len;
		cps++;
	}
	return cps;
}
