/*
 * report_util.h - helpers shared by the reporters (private to src/report/).
 *
 * Source text, messages and paths may hold invalid UTF-8 or control
 * characters; every format must still be valid and safe to print. These
 * helpers make strings valid UTF-8 and build and print cJSON trees in one
 * style for the JSON and SARIF reports. Returned cJSON items belong to the
 * caller (usually added to a tree that is deleted as a whole).
 */
#ifndef PFL_REPORT_UTIL_H
#define PFL_REPORT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"

struct cJSON;

/* Append s[0..n) with every invalid UTF-8 sequence replaced by U+FFFD. */
void pfl_report_add_utf8(pfl_strbuf *sb, const char *s, size_t n);
/* A heap copy of s made valid UTF-8 (NULL for NULL). */
char *pfl_report_utf8_dup(const char *s);

/*
 * Whether code point cp must not reach a terminal or a log raw: C0
 * controls, DEL, C1 controls, and the bidirectional controls that reorder
 * text on screen.
 */
bool pfl_report_unsafe_cp(uint32_t cp);
/* Write an unsafe cp's visible form into buf, NUL-terminated: \xNN below U+0080, \uNNNN above; its length. */
size_t pfl_report_escape_cp(uint32_t cp, char buf[8]);

/* s, or "" when s is NULL: for optional metadata texts. */
const char *pfl_report_str(const char *s);

/* Make cJSON allocate through pfl_malloc (exit on exhaustion, never NULL). */
void pfl_report_json_hooks(void);
/* A cJSON string made valid UTF-8, or a JSON null when s is NULL. */
struct cJSON *pfl_report_json_string(const char *s);
/* Add key: string (valid UTF-8; null when s is NULL) to an object. */
void pfl_report_json_add_string(struct cJSON *obj, const char *key, const char *s);
/*
 * Print a cJSON tree with two-space indentation, one member per line,
 * non-ASCII text as is, and a trailing newline.
 */
void pfl_report_json_print(const struct cJSON *root, pfl_strbuf *out);

#endif
