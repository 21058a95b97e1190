/*
 * fingerprint.h - GitHub code scanning's primaryLocationLineHash.
 *
 * The same rolling hash as the upload action's fingerprints.ts: over UTF-16
 * code units of the file, skipping spaces and tabs, CR and CRLF read as LF,
 * the first 100 counted characters from the start of each line, written as
 * "<hex>:<n>" where n counts identical hashes up to that line.
 */
#ifndef PFL_FINGERPRINT_H
#define PFL_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>

/* The hashes of a file's lines: line i + 1 has hash[i], seen[i] (0: none). */
typedef struct pfl_fingerprints {
	uint64_t *hash;
	uint32_t *seen;   /* the n of "<hex>:<n>": how many lines so far had that hash */
	size_t n;
} pfl_fingerprints;

/*
 * Hash the lines of text[0..len) up to line upto (0: every line), reading
 * no further than that line's hash needs. Release with pfl_fingerprint_release.
 */
void pfl_fingerprint_compute(const char *text, size_t len, size_t upto, pfl_fingerprints *out);

/* Write line's "<hex>:<n>" into buf; false when it has none. */
bool pfl_fingerprint_format(const pfl_fingerprints *fp, size_t line, char *buf, size_t size);
void pfl_fingerprint_release(pfl_fingerprints *fp);

/*
 * Compute the hash of every line of text[0..len). Returns a heap array of
 * *nlines strings (each heap, "<hex>:<n>", NULL for a line without one);
 * lines[i] is line i+1. Free with pfl_fingerprint_free.
 */
char **pfl_fingerprint_lines(const char *text, size_t len, size_t *nlines);
void pfl_fingerprint_free(char **lines, size_t nlines);

#endif
