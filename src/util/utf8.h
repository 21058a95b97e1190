/*
 * utf8.h - the little UTF-8 knowledge perflint needs: validating source
 * text, counting columns in UTF-16 code units (SARIF and LSP), and decoding
 * to UTF-16 for GitHub's line fingerprint.
 */
#ifndef PFL_UTF8_H
#define PFL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Offset of the first invalid byte in s[0..n), or n when all is valid. */
size_t pfl_utf8_invalid_at(const char *s, size_t n);
/*
 * Decode one code point at s[0..n). Sets *len to the bytes consumed (at
 * least 1) and returns U+FFFD for an invalid sequence.
 */
uint32_t pfl_utf8_decode(const unsigned char *s, size_t n, size_t *len);
/* UTF-16 code units in s[0..n) (invalid bytes count as one U+FFFD each). */
size_t pfl_utf8_utf16_len(const char *s, size_t n);
/* Code points in s[0..n). */
size_t pfl_utf8_codepoints(const char *s, size_t n);

#endif
