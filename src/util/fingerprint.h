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

/*
 * Compute the hash of every line of text[0..len). Returns a heap array of
 * *nlines strings (each heap, "<hex>:<n>"); lines[i] is line i+1. Free with
 * pfl_fingerprint_free.
 */
char **pfl_fingerprint_lines(const char *text, size_t len, size_t *nlines);
void pfl_fingerprint_free(char **lines, size_t nlines);

#endif
