/* text.c - document text, line index, position conversion and file URIs. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/strbuf.h"
#include "../util/utf8.h"

const char *pfl_encoding_name(pfl_encoding e)
{
	switch (e) {
	case PFL_ENC_UTF8:
		return "utf-8";
	case PFL_ENC_UTF32:
		return "utf-32";
	case PFL_ENC_UTF16:
		break;
	}
	return "utf-16";
}

int pfl_encoding_parse(const char *name)
{
	if (strcmp(name, "utf-8") == 0)
		return PFL_ENC_UTF8;
	if (strcmp(name, "utf-16") == 0)
		return PFL_ENC_UTF16;
	if (strcmp(name, "utf-32") == 0)
		return PFL_ENC_UTF32;
	return -1;
}

/* Rebuild the line index of t. */
static void text__index(pfl_text *t)
{
	size_t n = 1;
	for (size_t i = 0; i < t->len; i++)
		if (t->data[i] == '\n' || (t->data[i] == '\r' && (i + 1 == t->len || t->data[i + 1] != '\n')))
			n++;
	free(t->lines);
	t->lines = pfl_calloc(n, sizeof(*t->lines));
	t->nlines = 1;
	for (size_t i = 0; i < t->len; i++)
		if (t->data[i] == '\n' || (t->data[i] == '\r' && (i + 1 == t->len || t->data[i + 1] != '\n')))
			t->lines[t->nlines++] = i + 1;
}

void pfl_text_set(pfl_text *t, const char *data, size_t len)
{
	char *copy = pfl_malloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';
	free(t->data);
	t->data = copy;
	t->len = len;
	text__index(t);
}

void pfl_text_release(pfl_text *t)
{
	free(t->data);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

/* The end of line's content: before its "\n", "\r\n" or "\r". */
static size_t text__line_end(const pfl_text *t, uint32_t line)
{
	if (line + 1 >= t->nlines)
		return t->len;
	size_t end = t->lines[line + 1];
	if (end > 0 && t->data[end - 1] == '\n')
		end--;
	if (end > t->lines[line] && t->data[end - 1] == '\r')
		end--;
	return end;
}

const char *pfl_text_line(const pfl_text *t, uint32_t line, size_t *len)
{
	if (!t->lines || line >= t->nlines) {
		*len = 0;
		return NULL;
	}
	*len = text__line_end(t, line) - t->lines[line];
	return t->data + t->lines[line];
}

uint32_t pfl_text_units(const char *s, size_t n, pfl_encoding e)
{
	switch (e) {
	case PFL_ENC_UTF8:
		return (uint32_t)n;
	case PFL_ENC_UTF32:
		return (uint32_t)pfl_utf8_codepoints(s, n);
	case PFL_ENC_UTF16:
		break;
	}
	return (uint32_t)pfl_utf8_utf16_len(s, n);
}

size_t pfl_text_offset(const pfl_text *t, pfl_position p, pfl_encoding e)
{
	if (!t->lines)
		return 0;
	if (p.line >= t->nlines)
		return t->len;
	size_t start = t->lines[p.line], end = text__line_end(t, p.line);
	const unsigned char *u = (const unsigned char *)t->data;
	if (e == PFL_ENC_UTF8) {
		size_t off = start + p.character;
		if (off > end || off < start)
			return end;
		while (off > start && off < end && (u[off] & 0xC0) == 0x80)
			off--;
		return off;
	}
	size_t i = start;
	uint32_t units = 0;
	while (i < end) {
		size_t len;
		uint32_t cp = pfl_utf8_decode(u + i, end - i, &len);
		uint32_t w = e == PFL_ENC_UTF16 && cp >= 0x10000 ? 2 : 1;
		if (units + w > p.character)
			break;
		units += w;
		i += len;
	}
	return i;
}

pfl_position pfl_text_position(const pfl_text *t, size_t offset, pfl_encoding e)
{
	pfl_position p = { 0, 0 };
	if (!t->lines)
		return p;
	if (offset > t->len)
		offset = t->len;
	/* The last line starting at or before offset. */
	size_t lo = 0, hi = t->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->lines[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	size_t end = text__line_end(t, (uint32_t)lo);
	if (offset > end)
		offset = end;
	p.line = (uint32_t)lo;
	p.character = pfl_text_units(t->data + t->lines[lo], offset - t->lines[lo], e);
	return p;
}

void pfl_text_replace(pfl_text *t, size_t start, size_t end, const char *repl, size_t repl_len)
{
	if (end > t->len)
		end = t->len;
	if (start > end)
		start = end;
	size_t len = t->len - (end - start) + repl_len;
	char *data = pfl_malloc(len + 1);
	memcpy(data, t->data, start);
	memcpy(data + start, repl, repl_len);
	memcpy(data + start + repl_len, t->data + end, t->len - end);
	data[len] = '\0';
	free(t->data);
	t->data = data;
	t->len = len;
	text__index(t);
}

/* The value of a hex digit, or -1. */
static int text__hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *pfl_uri_to_path(const char *uri)
{
	if (strncmp(uri, "file://", 7) != 0)
		return NULL;
	const char *p = uri + 7;
	/* An authority other than "localhost" names another machine. */
	if (*p != '/') {
		if (strncmp(p, "localhost/", 10) != 0)
			return NULL;
		p += 9;
	}
	pfl_strbuf out = PFL_STRBUF_INIT;
	for (; *p && *p != '?' && *p != '#'; p++) {
		if (*p != '%') {
			pfl_strbuf_addch(&out, *p);
			continue;
		}
		int hi = text__hex(p[1]), lo = hi < 0 ? -1 : text__hex(p[2]);
		if (lo < 0 || (hi == 0 && lo == 0)) {
			pfl_strbuf_release(&out);
			return NULL;
		}
		pfl_strbuf_addch(&out, hi * 16 + lo);
		p += 2;
	}
	return pfl_strbuf_detach(&out, NULL);
}

char *pfl_uri_from_path(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	pfl_strbuf out = PFL_STRBUF_INIT;
	pfl_strbuf_adds(&out, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		/* RFC 3986 unreserved characters and the separator stay as they are. */
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p)) {
			pfl_strbuf_addch(&out, *p);
		} else {
			pfl_strbuf_addch(&out, '%');
			pfl_strbuf_addch(&out, hex[*p >> 4]);
			pfl_strbuf_addch(&out, hex[*p & 15]);
		}
	}
	return pfl_strbuf_detach(&out, NULL);
}
