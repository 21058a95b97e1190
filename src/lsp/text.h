/*
 * text.h - an editor document's text for the language server: its lines,
 * positions in the negotiated encoding, edits, and file URIs.
 *
 * LSP positions are a 0-based line and a 0-based character offset counted
 * in UTF-8 bytes, UTF-16 code units or code points (the position encoding
 * agreed at initialize). Lines end at "\n", "\r\n" or a lone "\r", as the
 * engine counts them. A pfl_text owns its bytes (heap, NUL-terminated) and
 * its line index; pfl_text_release frees both.
 */
#ifndef PFL_LSP_TEXT_H
#define PFL_LSP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A position encoding. */
typedef enum pfl_encoding {
	PFL_ENC_UTF16, /* the protocol's default */
	PFL_ENC_UTF8,
	PFL_ENC_UTF32,
} pfl_encoding;

/* The protocol's name of an encoding ("utf-16"). */
const char *pfl_encoding_name(pfl_encoding e);
/* An encoding by its protocol name; -1 when unknown. */
int pfl_encoding_parse(const char *name);

/* A document's text with the start of each line. */
typedef struct pfl_text {
	char *data;      /* len bytes and a NUL */
	size_t len;
	size_t *lines;   /* byte offset of each line's start; lines[0] is 0 */
	size_t nlines;   /* at least 1 */
} pfl_text;

/* A position: 0-based line and character in some encoding. */
typedef struct pfl_position {
	uint32_t line, character;
} pfl_position;

/* Set t to a copy of data[0..len) (t may hold text already). */
void pfl_text_set(pfl_text *t, const char *data, size_t len);
void pfl_text_release(pfl_text *t);

/* The bytes of line (0-based) without its line end; *len its length. NULL past the end. */
const char *pfl_text_line(const pfl_text *t, uint32_t line, size_t *len);

/*
 * The byte offset of a position. A character past the end of its line is
 * the line's end; a line past the last is the end of the text; a
 * character inside a multi-byte sequence (or between two surrogates)
 * moves to the start of that code point.
 */
size_t pfl_text_offset(const pfl_text *t, pfl_position p, pfl_encoding e);
/* The position of a byte offset (clamped to the text). */
pfl_position pfl_text_position(const pfl_text *t, size_t offset, pfl_encoding e);
/* Units of encoding e in s[0..n) (the character of a byte column). */
uint32_t pfl_text_units(const char *s, size_t n, pfl_encoding e);

/* Replace bytes [start, end) with repl (an incremental change). */
void pfl_text_replace(pfl_text *t, size_t start, size_t end, const char *repl, size_t repl_len);

/*
 * The path of a "file:" URI, percent-decoded (heap), or NULL for another
 * scheme, a remote host or a malformed URI.
 */
char *pfl_uri_to_path(const char *uri);
/* The "file:" URI of an absolute path (heap), percent-encoded. */
char *pfl_uri_from_path(const char *path);

#endif
