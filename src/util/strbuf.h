/*
 * strbuf.h - one growable string builder.
 *
 * A strbuf owns its buffer. buf is never NULL: a fresh strbuf points at a
 * shared empty string, so it can always be printed. pfl_strbuf_detach hands
 * the buffer (heap, NUL-terminated) to the caller and leaves the strbuf
 * empty. Allocation failure exits (alloc.h), so appends never fail.
 */
#ifndef PFL_STRBUF_H
#define PFL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct pfl_strbuf {
	char *buf;  /* contents, always NUL-terminated */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap; /* bytes allocated (0 while buf is the shared empty string) */
} pfl_strbuf;

extern char pfl_strbuf__empty[];
#define PFL_STRBUF_INIT { pfl_strbuf__empty, 0, 0 }

/* Make sb empty and unallocated. */
void pfl_strbuf_init(pfl_strbuf *sb);
/* Free the buffer; sb is empty and reusable. */
void pfl_strbuf_release(pfl_strbuf *sb);
/* Truncate to zero length, keeping the allocation. */
void pfl_strbuf_reset(pfl_strbuf *sb);
/* Make room for n more bytes. */
void pfl_strbuf_grow(pfl_strbuf *sb, size_t n);
/* Append n bytes. */
void pfl_strbuf_add(pfl_strbuf *sb, const void *data, size_t n);
/* Append a NUL-terminated string. */
void pfl_strbuf_adds(pfl_strbuf *sb, const char *s);
/* Append one byte. */
void pfl_strbuf_addch(pfl_strbuf *sb, int c);
/* Append c repeated n times. */
void pfl_strbuf_addchars(pfl_strbuf *sb, int c, size_t n);
/* Append printf output. */
void pfl_strbuf_addf(pfl_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pfl_strbuf_vaddf(pfl_strbuf *sb, const char *fmt, va_list ap);
/* Append s as a JSON string literal: quotes, escapes for '"', '\\', C0 and DEL. */
void pfl_strbuf_add_json(pfl_strbuf *sb, const char *s);
/* Take the buffer (heap, caller frees); sb becomes empty. */
char *pfl_strbuf_detach(pfl_strbuf *sb, size_t *len);

#endif
