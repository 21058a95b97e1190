/*
 * fingerprint.c - GitHub code scanning's primaryLocationLineHash, computed
 * exactly as the upload action's src/fingerprints.ts does it, so the value
 * perflint writes is the value the action would have computed.
 *
 * The action reads the file as UTF-8 into JavaScript strings and walks its
 * UTF-16 code units. Each unit other than a space, a tab or the LF of a
 * CRLF goes into a window of the last 100 units (CR counts as LF) and a
 * rolling polynomial hash (base 37, 64-bit, wrapping) over that window.
 * When a line's first unit leaves the window, the hash is that of the 100
 * units starting at the line, and it is written as "<hex>:<n>", n being how
 * many times that hash has been seen so far in the file. After the text, an
 * end marker (65535) and 100 zeros flush the last lines. A file of N lines
 * ending in a newline gets N + 1 hashes: the marker starts a line of its own.
 */
#include "fingerprint.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#define FP__BLOCK 100          /* characters hashed from the start of a line */
#define FP__MOD 37u            /* the polynomial's base */
#define FP__EOF 65535u         /* the marker processed after the last unit */
#define FP__NO_LINE 0u         /* window slot that starts no line */

/* How many times each hash value has been written (open addressing). */
typedef struct fp__counts {
	uint64_t *keys;
	uint32_t *counts;  /* 0 marks an empty slot */
	size_t cap;        /* a power of two */
	size_t used;
} fp__counts;

/* The state of fingerprints.ts' hash() over one file. */
typedef struct fp__state {
	uint32_t window[FP__BLOCK];     /* the last 100 units hashed */
	uint32_t line_at[FP__BLOCK];    /* line starting at each slot, or FP__NO_LINE */
	uint64_t hash;                  /* hashRaw, two's complement as in Long */
	uint64_t first_mod;             /* 37^100, wrapped */
	size_t index;                   /* the slot the next unit goes to */
	uint32_t line;                  /* the last line number handed out */
	bool line_start;                /* the next unit starts a line */
	bool prev_cr;                   /* the previous unit was a CR */
	fp__counts seen;
	uint32_t upto;                  /* the last line wanted (0: all) */
	bool done;                      /* line upto has its hash: stop reading */
	pfl_fingerprints *out;
	size_t cap;
} fp__state;

/* A 64-bit mix so clustered hash values spread over the table. */
static size_t fp__slot(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

/* Count one more occurrence of key; returns the new count. */
static uint32_t fp__count(fp__counts *c, uint64_t key)
{
	if ((c->used + 1) * 2 > c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 1024;
		uint64_t *nkeys = pfl_calloc(ncap, sizeof(*nkeys));
		uint32_t *ncounts = pfl_calloc(ncap, sizeof(*ncounts));
		for (size_t i = 0; i < c->cap; i++) {
			if (!c->counts[i])
				continue;
			size_t s = fp__slot(c->keys[i], ncap);
			while (ncounts[s])
				s = (s + 1) & (ncap - 1);
			nkeys[s] = c->keys[i];
			ncounts[s] = c->counts[i];
		}
		free(c->keys);
		free(c->counts);
		c->keys = nkeys;
		c->counts = ncounts;
		c->cap = ncap;
	}
	size_t s = fp__slot(key, c->cap);
	while (c->counts[s] && c->keys[s] != key)
		s = (s + 1) & (c->cap - 1);
	if (!c->counts[s]) {
		c->keys[s] = key;
		c->used++;
	}
	return ++c->counts[s];
}

/* outputHash(): the hash of the line starting at the current slot. */
static void fp__output(fp__state *st)
{
	uint32_t line = st->line_at[st->index];
	pfl_fingerprints *o = st->out;
	if (line > st->cap) {
		size_t ncap = st->cap ? st->cap : 64;
		while (ncap < line)
			ncap *= 2;
		o->hash = pfl_realloc(o->hash, ncap * sizeof(*o->hash));
		o->seen = pfl_realloc(o->seen, ncap * sizeof(*o->seen));
		memset(o->seen + st->cap, 0, (ncap - st->cap) * sizeof(*o->seen));
		st->cap = ncap;
	}
	o->hash[line - 1] = st->hash;
	o->seen[line - 1] = fp__count(&st->seen, st->hash);
	st->line_at[st->index] = FP__NO_LINE;
	st->done = line == st->upto;
}

/* updateHash(): slide the window by one unit. */
static void fp__update(fp__state *st, uint32_t unit)
{
	uint32_t begin = st->window[st->index];
	st->window[st->index] = unit;
	st->hash = FP__MOD * st->hash + unit - st->first_mod * begin;
	st->index = (st->index + 1) % FP__BLOCK;
}

/* processCharacter(): one UTF-16 code unit of the file (or the end marker). */
static void fp__process(fp__state *st, uint32_t unit)
{
	if (unit == ' ' || unit == '\t' || (st->prev_cr && unit == '\n')) {
		st->prev_cr = false;
		return;
	}
	if (unit == '\r') {
		unit = '\n';
		st->prev_cr = true;
	} else {
		st->prev_cr = false;
	}
	if (st->line_at[st->index] != FP__NO_LINE)
		fp__output(st);
	if (st->line_start) {
		st->line_start = false;
		st->line_at[st->index] = ++st->line;
	}
	if (unit == '\n')
		st->line_start = true;
	fp__update(st, unit);
}

/* Feed one code point as UTF-16 code units. */
static void fp__process_cp(fp__state *st, uint32_t cp)
{
	if (cp >= 0x10000) {
		cp -= 0x10000;
		fp__process(st, 0xD800 + (cp >> 10));
		fp__process(st, 0xDC00 + (cp & 0x3FF));
	} else {
		fp__process(st, cp);
	}
}

/*
 * Decode UTF-8 as Node's decoder does (the WHATWG Encoding Standard): each
 * maximal subpart of an ill-formed sequence becomes one U+FFFD, and a byte
 * that cannot continue a sequence is read again as a new start.
 */
static void fp__feed_utf8(fp__state *st, const unsigned char *s, size_t n)
{
	uint32_t cp = 0;
	unsigned need = 0, seen = 0;
	unsigned char lower = 0x80, upper = 0xBF;
	size_t i = 0;
	while (i < n && !st->done) {
		unsigned char b = s[i];
		if (need == 0) {
			i++;
			if (b < 0x80) {
				fp__process(st, b);
			} else if (b >= 0xC2 && b <= 0xDF) {
				need = 1;
				cp = b & 0x1F;
			} else if (b >= 0xE0 && b <= 0xEF) {
				if (b == 0xE0)
					lower = 0xA0;
				if (b == 0xED)
					upper = 0x9F;
				need = 2;
				cp = b & 0x0F;
			} else if (b >= 0xF0 && b <= 0xF4) {
				if (b == 0xF0)
					lower = 0x90;
				if (b == 0xF4)
					upper = 0x8F;
				need = 3;
				cp = b & 0x07;
			} else {
				fp__process(st, 0xFFFD);
			}
			continue;
		}
		if (b < lower || b > upper) {
			/* Ill-formed: replace what was read, then reread b. */
			need = seen = 0;
			lower = 0x80;
			upper = 0xBF;
			fp__process(st, 0xFFFD);
			continue;
		}
		i++;
		lower = 0x80;
		upper = 0xBF;
		cp = (cp << 6) | (b & 0x3F);
		if (++seen == need) {
			fp__process_cp(st, cp);
			need = seen = 0;
		}
	}
	if (need)
		fp__process(st, 0xFFFD); /* truncated at the end of the file */
}

void pfl_fingerprint_compute(const char *text, size_t len, size_t upto, pfl_fingerprints *out)
{
	memset(out, 0, sizeof(*out));
	fp__state *st = pfl_calloc(1, sizeof(*st));
	st->first_mod = 1;
	for (int i = 0; i < FP__BLOCK; i++)
		st->first_mod *= FP__MOD;
	st->line_start = true;
	st->upto = upto > UINT32_MAX ? 0 : (uint32_t)upto;
	st->out = out;

	fp__feed_utf8(st, (const unsigned char *)text, len);
	if (!st->done) {
		fp__process(st, FP__EOF);
		for (int i = 0; i < FP__BLOCK; i++) {
			if (st->line_at[st->index] != FP__NO_LINE)
				fp__output(st);
			fp__update(st, 0);
		}
	}
	/* Lines started but not hashed when reading stopped early have none. */
	out->n = st->line < st->cap ? st->line : st->cap;
	free(st->seen.keys);
	free(st->seen.counts);
	free(st);
}

bool pfl_fingerprint_format(const pfl_fingerprints *fp, size_t line, char *buf, size_t size)
{
	if (line < 1 || line > fp->n || !fp->seen[line - 1])
		return false;
	snprintf(buf, size, "%" PRIx64 ":%" PRIu32, fp->hash[line - 1], fp->seen[line - 1]);
	return true;
}

void pfl_fingerprint_release(pfl_fingerprints *fp)
{
	free(fp->hash);
	free(fp->seen);
	memset(fp, 0, sizeof(*fp));
}

char **pfl_fingerprint_lines(const char *text, size_t len, size_t *nlines)
{
	pfl_fingerprints fp;
	pfl_fingerprint_compute(text, len, 0, &fp);
	char **lines = fp.n ? pfl_calloc(fp.n, sizeof(*lines)) : NULL;
	for (size_t i = 0; i < fp.n; i++) {
		char buf[48];
		if (pfl_fingerprint_format(&fp, i + 1, buf, sizeof(buf)))
			lines[i] = pfl_strdup(buf);
	}
	*nlines = fp.n;
	pfl_fingerprint_release(&fp);
	return lines;
}

void pfl_fingerprint_free(char **lines, size_t nlines)
{
	if (!lines)
		return;
	for (size_t i = 0; i < nlines; i++)
		free(lines[i]);
	free(lines);
}
