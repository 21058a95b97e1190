/* strbuf.c - growable string builder. */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

char pfl_strbuf__empty[1];

void pfl_strbuf_init(pfl_strbuf *sb)
{
	sb->buf = pfl_strbuf__empty;
	sb->len = 0;
	sb->cap = 0;
}

void pfl_strbuf_release(pfl_strbuf *sb)
{
	if (sb->cap)
		free(sb->buf);
	pfl_strbuf_init(sb);
}

void pfl_strbuf_reset(pfl_strbuf *sb)
{
	sb->len = 0;
	if (sb->cap)
		sb->buf[0] = '\0';
}

void pfl_strbuf_grow(pfl_strbuf *sb, size_t n)
{
	size_t want = sb->len + n + 1;
	if (want <= sb->cap)
		return;
	size_t ncap = sb->cap ? sb->cap : 64;
	while (ncap < want)
		ncap *= 2;
	if (sb->cap) {
		sb->buf = pfl_realloc(sb->buf, ncap);
	} else {
		sb->buf = pfl_malloc(ncap);
		sb->buf[0] = '\0';
	}
	sb->cap = ncap;
}

void pfl_strbuf_add(pfl_strbuf *sb, const void *data, size_t n)
{
	if (!n)
		return;
	pfl_strbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void pfl_strbuf_adds(pfl_strbuf *sb, const char *s)
{
	pfl_strbuf_add(sb, s, strlen(s));
}

void pfl_strbuf_addch(pfl_strbuf *sb, int c)
{
	pfl_strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void pfl_strbuf_addchars(pfl_strbuf *sb, int c, size_t n)
{
	if (!n)
		return;
	pfl_strbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void pfl_strbuf_vaddf(pfl_strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	pfl_strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void pfl_strbuf_addf(pfl_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pfl_strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *pfl_strbuf_detach(pfl_strbuf *sb, size_t *len)
{
	char *r;
	if (len)
		*len = sb->len;
	if (sb->cap)
		r = sb->buf;
	else
		r = pfl_strdup("");
	pfl_strbuf_init(sb);
	return r;
}

void pfl_strbuf_add_json(pfl_strbuf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	pfl_strbuf_addch(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':  pfl_strbuf_adds(out, "\\\""); break;
		case '\\': pfl_strbuf_adds(out, "\\\\"); break;
		case '\b': pfl_strbuf_adds(out, "\\b"); break;
		case '\f': pfl_strbuf_adds(out, "\\f"); break;
		case '\n': pfl_strbuf_adds(out, "\\n"); break;
		case '\r': pfl_strbuf_adds(out, "\\r"); break;
		case '\t': pfl_strbuf_adds(out, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				pfl_strbuf_adds(out, "\\u00");
				pfl_strbuf_addch(out, hex[*p >> 4]);
				pfl_strbuf_addch(out, hex[*p & 15]);
			} else {
				pfl_strbuf_addch(out, *p);
			}
		}
	}
	pfl_strbuf_addch(out, '"');
}
