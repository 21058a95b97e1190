/*
 * cache.c - the results cache on disk (cache.h).
 *
 * Layout: DIR/v1/KK/KKKK...KK.pfl, one file per entry, named by its key in
 * hex (the first byte names the subdirectory). An entry is:
 *
 *   "PFLCACHE" | u32 format | key (16 bytes) | u64 payload length |
 *   u64 payload hash | payload
 *
 * and the payload is a string table (a u32 count, then each string as a u32
 * length and its bytes) followed by the entry's arrays in order, each a u32
 * count then its elements: integers little-endian, strings as their index
 * in the table (all ones for NULL). The reader checks every length against what
 * is left, so a corrupt entry is refused, never read past.
 */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "cache.h"

#include <errno.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/error.h"
#include "../util/fileio.h"
#include "../util/hash.h"
#include "../util/path.h"
#include "../util/strbuf.h"
#include "rule.h"

#define CACHE__MAGIC "PFLCACHE"
#define CACHE__FORMAT 2u
#define CACHE__HEADER (8 + 4 + 16 + 8 + 8)
#define CACHE__NULL 0xFFFFFFFFu
/* An entry larger than this is not read (no real file's results come close). */
#define CACHE__MAX_ENTRY ((size_t)256 << 20)

struct pfl_cache {
	char *dir; /* DIR/v1 */
};

char *pfl_cache_default_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && xdg[0] == '/')
		return pfl_path_join(xdg, "perflint");
	const char *home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	char *base = pfl_path_join(home, ".cache");
	char *dir = pfl_path_join(base, "perflint");
	free(base);
	return dir;
}

/* mkdir -p for an absolute or relative path; 0 or an errno. */
static int cache__mkdirs(const char *path)
{
	char *p = pfl_strdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			return e;
		}
		*s = '/';
	}
	int e = mkdir(p, 0777) != 0 && errno != EEXIST ? errno : 0;
	free(p);
	return e;
}

pfl_cache *pfl_cache_open(const char *dir, bool quiet)
{
	char *v = pfl_path_join(dir, "v1");
	int e = cache__mkdirs(v);
	if (e == 0 && access(v, W_OK | X_OK) != 0)
		e = errno;
	if (e) {
		if (!quiet)
			pfl_warning("cannot use the cache directory '%s': %s (running without a cache)", dir, strerror(e));
		free(v);
		return NULL;
	}
	pfl_cache *c = pfl_calloc(1, sizeof(*c));
	c->dir = v;
	return c;
}

void pfl_cache_close(pfl_cache *c)
{
	if (!c)
		return;
	free(c->dir);
	free(c);
}

/* DIR/v1/KK and DIR/v1/KK/KEY.pfl of a key (heap). */
static char *cache__path(const pfl_cache *c, pfl_cache_key key, char **subdir)
{
	char hex[33];
	snprintf(hex, sizeof(hex), "%016llx%016llx", (unsigned long long)key.a, (unsigned long long)key.b);
	char sub[3] = { hex[0], hex[1], '\0' };
	char *d = pfl_path_join(c->dir, sub);
	char name[40];
	snprintf(name, sizeof(name), "%s.pfl", hex);
	char *p = pfl_path_join(d, name);
	if (subdir)
		*subdir = d;
	else
		free(d);
	return p;
}

/* ---- writing ---- */

/*
 * An entry being written: the body, and its strings, each kept once (the
 * same message, fix and path recur across a file's findings and
 * summaries) and referred to by index.
 */
typedef struct cache__out {
	pfl_strbuf body;
	PFL_ARRAY(const char *) strings;
	uint32_t *slots; /* string index + 1 by content hash; 0 is empty */
	size_t mask;
} cache__out;

static void cache__raw32(pfl_strbuf *b, uint32_t v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };
	pfl_strbuf_add(b, x, 4);
}

static void cache__raw64(pfl_strbuf *b, uint64_t v)
{
	cache__raw32(b, (uint32_t)v);
	cache__raw32(b, (uint32_t)(v >> 32));
}

static void cache__u32(cache__out *o, uint32_t v)
{
	cache__raw32(&o->body, v);
}

static void cache__u64(cache__out *o, uint64_t v)
{
	cache__raw64(&o->body, v);
}

/* The index of s in the string table, added when new. */
static uint32_t cache__intern(cache__out *o, const char *s)
{
	if (o->strings.size * 2 >= o->mask) {
		size_t cap = o->mask ? (o->mask + 1) * 2 : 256;
		free(o->slots);
		o->slots = pfl_calloc(cap, sizeof(*o->slots));
		o->mask = cap - 1;
		for (size_t i = 0; i < o->strings.size; i++) {
			size_t h = (size_t)pfl_hash64(o->strings.items[i], strlen(o->strings.items[i]), 0) & o->mask;
			while (o->slots[h])
				h = (h + 1) & o->mask;
			o->slots[h] = (uint32_t)i + 1;
		}
	}
	size_t h = (size_t)pfl_hash64(s, strlen(s), 0) & o->mask;
	while (o->slots[h]) {
		if (strcmp(o->strings.items[o->slots[h] - 1], s) == 0)
			return o->slots[h] - 1;
		h = (h + 1) & o->mask;
	}
	pfl_array_push(&o->strings, s);
	o->slots[h] = (uint32_t)o->strings.size;
	return (uint32_t)o->strings.size - 1;
}

static void cache__str(cache__out *o, const char *s)
{
	cache__u32(o, s ? cache__intern(o, s) : CACHE__NULL);
}

static void cache__span(cache__out *o, const pfl_span *s)
{
	cache__u32(o, s->line);
	cache__u32(o, s->col);
	cache__u32(o, s->end_line);
	cache__u32(o, s->end_col);
	cache__u32(o, s->start_byte);
	cache__u32(o, s->end_byte);
}

static void cache__op(cache__out *o, const pfl_effect_op *op)
{
	cache__str(o, op->path);
	cache__span(o, &op->span);
	cache__str(o, op->text);
	cache__str(o, op->what);
	cache__str(o, op->fix);
	cache__str(o, op->replacement);
}

static void cache__finding(cache__out *o, const pfl_finding *f)
{
	cache__str(o, f->rule->id);
	cache__str(o, f->path);
	cache__span(o, &f->span);
	cache__u32(o, f->col_cp);
	cache__u32(o, f->end_col_cp);
	cache__u32(o, f->col_u16);
	cache__u32(o, f->end_col_u16);
	cache__u32(o, (uint32_t)f->score);
	cache__u32(o, (uint32_t)f->severity);
	cache__str(o, f->message);
	cache__str(o, f->fix);
	cache__str(o, f->code);
	cache__str(o, f->fingerprint);
	cache__str(o, f->function);
	cache__u32(o, f->loop_depth);
	cache__u32(o, f->inferred);
	cache__u32(o, f->nrelated);
	for (uint32_t i = 0; i < f->nrelated; i++) {
		const pfl_related *r = &f->related[i];
		cache__str(o, r->path);
		cache__span(o, &r->span);
		cache__str(o, r->message);
		cache__u32(o, r->col_cp);
		cache__u32(o, r->end_col_cp);
		cache__u32(o, r->col_u16);
		cache__u32(o, r->end_col_u16);
	}
}

static void cache__fn(cache__out *o, const pfl_fn_summary *f)
{
	cache__str(o, f->qualname);
	cache__str(o, f->path);
	cache__span(o, &f->name_span);
	cache__u32(o, f->is_async);
	for (int e = 0; e < PFL_EFFECT__COUNT; e++) {
		static const pfl_effect_op none;
		cache__u32(o, f->op[e] != NULL);
		cache__op(o, f->op[e] ? f->op[e] : &none);
	}
	cache__u32(o, f->ncallees);
	for (uint32_t i = 0; i < f->ncallees; i++) {
		cache__str(o, f->callees[i].name);
		cache__span(o, &f->callees[i].span);
	}
	cache__u32(o, f->nblocks);
	for (uint32_t i = 0; i < f->nblocks; i++)
		cache__op(o, &f->blocks[i]);
}

static void cache__site(cache__out *o, const pfl_call_site *s)
{
	cache__u32(o, (uint32_t)s->kind);
	cache__str(o, s->path);
	cache__span(o, &s->span);
	cache__str(o, s->callee);
	cache__str(o, s->text);
	cache__u32(o, s->direct_effect);
	cache__u32(o, s->varying);
	cache__u32(o, s->loop_depth);
	cache__span(o, &s->loop_head);
	cache__str(o, s->loop_text);
	cache__str(o, s->async_fn);
	cache__span(o, &s->async_span);
	if (!s->related) {
		cache__u32(o, CACHE__NULL);
		return;
	}
	uint32_t n = 0;
	while (s->related[n])
		n++;
	cache__u32(o, n);
	for (uint32_t i = 0; i < n; i++)
		cache__str(o, s->related[i]);
}

static void cache__relation(cache__out *o, const pfl_relation *r)
{
	cache__str(o, r->model);
	cache__str(o, r->field);
	cache__u32(o, (uint32_t)r->kind);
	cache__str(o, r->target);
	cache__str(o, r->related_name);
	cache__span(o, &r->span);
}

/* A header's identity for staleness: its size and modification time. */
static void cache__dep(cache__out *o, const char *path)
{
	struct stat sb;
	bool ok = stat(path, &sb) == 0;
	cache__str(o, path);
	cache__u64(o, ok ? (uint64_t)sb.st_size : UINT64_MAX);
	cache__u64(o, ok ? (uint64_t)sb.st_mtim.tv_sec : 0);
	cache__u64(o, ok ? (uint64_t)sb.st_mtim.tv_nsec : 0);
}

void pfl_cache_store(pfl_cache *c, pfl_cache_key key, const pfl_cache_entry *e)
{
	if (!c)
		return;
	cache__out o;
	memset(&o, 0, sizeof(o));
	cache__out *p = &o;
	cache__u32(p, (uint32_t)e->findings.size);
	for (size_t i = 0; i < e->findings.size; i++)
		cache__finding(p, &e->findings.items[i]);
	cache__u32(p, (uint32_t)e->diags.size);
	for (size_t i = 0; i < e->diags.size; i++) {
		const pfl_report_diag *d = &e->diags.items[i];
		cache__str(p, d->path);
		cache__u32(p, d->line);
		cache__u32(p, d->col);
		cache__str(p, d->level);
		cache__str(p, d->code);
		cache__str(p, d->message);
	}
	cache__u32(p, (uint32_t)e->fns.size);
	for (size_t i = 0; i < e->fns.size; i++)
		cache__fn(p, &e->fns.items[i]);
	cache__u32(p, (uint32_t)e->sites.size);
	for (size_t i = 0; i < e->sites.size; i++)
		cache__site(p, &e->sites.items[i]);
	cache__u32(p, (uint32_t)e->relations.size);
	for (size_t i = 0; i < e->relations.size; i++)
		cache__relation(p, &e->relations.items[i]);
	cache__u32(p, (uint32_t)e->fnspans.size);
	for (size_t i = 0; i < e->fnspans.size; i++) {
		cache__u32(p, e->fnspans.items[i].start_byte);
		cache__u32(p, e->fnspans.items[i].end_byte);
		cache__str(p, e->fnspans.items[i].qualname);
	}
	cache__u32(p, (uint32_t)e->deps.size);
	for (size_t i = 0; i < e->deps.size; i++)
		cache__dep(p, e->deps.items[i]);

	/* The payload: the string table, then the body that refers to it. */
	pfl_strbuf pay = PFL_STRBUF_INIT;
	cache__raw32(&pay, (uint32_t)o.strings.size);
	for (size_t i = 0; i < o.strings.size; i++) {
		size_t n = strlen(o.strings.items[i]);
		cache__raw32(&pay, (uint32_t)n);
		pfl_strbuf_add(&pay, o.strings.items[i], n);
	}
	pfl_strbuf_add(&pay, o.body.buf, o.body.len);
	pfl_strbuf out = PFL_STRBUF_INIT;
	pfl_strbuf_add(&out, CACHE__MAGIC, 8);
	cache__raw32(&out, CACHE__FORMAT);
	cache__raw64(&out, key.a);
	cache__raw64(&out, key.b);
	cache__raw64(&out, pay.len);
	cache__raw64(&out, pfl_hash64(pay.buf, pay.len, key.a));
	pfl_strbuf_add(&out, pay.buf, pay.len);
	char *sub;
	char *path = cache__path(c, key, &sub);
	if (mkdir(sub, 0777) == 0 || errno == EEXIST)
		pfl_write_file_quiet(path, out.buf, out.len);
	free(sub);
	free(path);
	pfl_strbuf_release(&out);
	pfl_strbuf_release(&pay);
	pfl_strbuf_release(&o.body);
	pfl_array_release(&o.strings);
	free(o.slots);
}

/* ---- reading ---- */

/* A bounded reader over an entry's bytes; ok turns false on any overrun. */
typedef struct cache__in {
	const unsigned char *p, *end;
	pfl_arena *arena;
	const char **strings; /* the entry's string table */
	uint32_t nstrings;
	bool ok;
} cache__in;

static uint32_t cache__get_u32(cache__in *in)
{
	if (!in->ok || in->end - in->p < 4) {
		in->ok = false;
		return 0;
	}
	uint32_t v = (uint32_t)in->p[0] | (uint32_t)in->p[1] << 8 | (uint32_t)in->p[2] << 16 | (uint32_t)in->p[3] << 24;
	in->p += 4;
	return v;
}

static uint64_t cache__get_u64(cache__in *in)
{
	uint64_t lo = cache__get_u32(in);
	return lo | (uint64_t)cache__get_u32(in) << 32;
}

static const char *cache__get_str(cache__in *in)
{
	uint32_t i = cache__get_u32(in);
	if (!in->ok || i == CACHE__NULL)
		return NULL;
	if (i >= in->nstrings) {
		in->ok = false;
		return NULL;
	}
	return in->strings[i];
}

/* Read the string table (each string copied once into the arena). */
static void cache__get_strings(cache__in *in)
{
	uint32_t n = cache__get_u32(in);
	if (!in->ok || (size_t)(in->end - in->p) / 4 < n) {
		in->ok = false;
		return;
	}
	in->strings = pfl_arena_alloc(in->arena, ((size_t)n + 1) * sizeof(*in->strings));
	for (uint32_t i = 0; i < n && in->ok; i++) {
		uint32_t len = cache__get_u32(in);
		if (!in->ok || (size_t)(in->end - in->p) < len) {
			in->ok = false;
			return;
		}
		in->strings[i] = pfl_arena_strndup(in->arena, (const char *)in->p, len);
		in->p += len;
	}
	in->nstrings = n;
}

/* A string that must be there (a NULL one makes the entry invalid). */
static const char *cache__get_need(cache__in *in)
{
	const char *s = cache__get_str(in);
	if (!s)
		in->ok = false;
	return s ? s : "";
}

/* A count, refused when even one byte per element would not fit. */
static uint32_t cache__get_count(cache__in *in)
{
	uint32_t n = cache__get_u32(in);
	if (in->ok && (size_t)(in->end - in->p) < n)
		in->ok = false;
	return in->ok ? n : 0;
}

static void cache__get_span(cache__in *in, pfl_span *s)
{
	s->line = cache__get_u32(in);
	s->col = cache__get_u32(in);
	s->end_line = cache__get_u32(in);
	s->end_col = cache__get_u32(in);
	s->start_byte = cache__get_u32(in);
	s->end_byte = cache__get_u32(in);
}

static void cache__get_op(cache__in *in, pfl_effect_op *op)
{
	op->path = cache__get_str(in);
	cache__get_span(in, &op->span);
	op->text = cache__get_str(in);
	op->what = cache__get_str(in);
	op->fix = cache__get_str(in);
	op->replacement = cache__get_str(in);
}

/* The static spelling of a diagnostic level (reporters compare them). */
static const char *cache__level(const char *s)
{
	static const char *const levels[] = { "error", "warning", "note" };
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (s && strcmp(s, levels[i]) == 0)
			return levels[i];
	return NULL;
}

static void cache__get_finding(cache__in *in, pfl_finding *f)
{
	memset(f, 0, sizeof(*f));
	const pfl_rule *rule = pfl_rules_find(cache__get_need(in));
	if (!rule)
		in->ok = false;
	f->rule = rule ? rule->meta : NULL;
	f->path = cache__get_need(in);
	cache__get_span(in, &f->span);
	f->col_cp = cache__get_u32(in);
	f->end_col_cp = cache__get_u32(in);
	f->col_u16 = cache__get_u32(in);
	f->end_col_u16 = cache__get_u32(in);
	f->score = (int)cache__get_u32(in);
	uint32_t sev = cache__get_u32(in);
	if (f->score < 0 || f->score > 100 || sev > PFL_SEV_CRITICAL)
		in->ok = false;
	f->severity = (pfl_severity)sev;
	f->message = cache__get_need(in);
	f->fix = cache__get_str(in);
	f->code = cache__get_need(in);
	f->fingerprint = cache__get_str(in);
	f->function = cache__get_need(in);
	f->loop_depth = cache__get_u32(in);
	f->inferred = cache__get_u32(in) != 0;
	f->nrelated = cache__get_count(in);
	if (f->nrelated) {
		f->related = pfl_arena_zalloc(in->arena, f->nrelated * sizeof(*f->related));
		for (uint32_t i = 0; i < f->nrelated && in->ok; i++) {
			pfl_related *r = &f->related[i];
			r->path = cache__get_need(in);
			cache__get_span(in, &r->span);
			r->message = cache__get_need(in);
			r->col_cp = cache__get_u32(in);
			r->end_col_cp = cache__get_u32(in);
			r->col_u16 = cache__get_u32(in);
			r->end_col_u16 = cache__get_u32(in);
		}
	}
}

static void cache__get_fn(cache__in *in, pfl_fn_summary *f)
{
	memset(f, 0, sizeof(*f));
	f->qualname = cache__get_need(in);
	f->path = cache__get_need(in);
	cache__get_span(in, &f->name_span);
	f->is_async = cache__get_u32(in) != 0;
	for (int e = 0; e < PFL_EFFECT__COUNT; e++) {
		bool direct = cache__get_u32(in) != 0;
		pfl_effect_op scratch, *op = direct ? pfl_arena_alloc(in->arena, sizeof(*op)) : &scratch;
		cache__get_op(in, op);
		f->op[e] = direct ? op : NULL;
		f->via_fn[e] = f->via_call[e] = -1;
	}
	f->ncallees = cache__get_count(in);
	if (f->ncallees) {
		f->callees = pfl_arena_zalloc(in->arena, f->ncallees * sizeof(*f->callees));
		for (uint32_t i = 0; i < f->ncallees && in->ok; i++) {
			f->callees[i].name = cache__get_need(in);
			cache__get_span(in, &f->callees[i].span);
		}
	}
	f->nblocks = cache__get_count(in);
	if (f->nblocks) {
		f->blocks = pfl_arena_zalloc(in->arena, f->nblocks * sizeof(*f->blocks));
		for (uint32_t i = 0; i < f->nblocks && in->ok; i++)
			cache__get_op(in, &f->blocks[i]);
	}
}

static void cache__get_site(cache__in *in, pfl_call_site *s)
{
	memset(s, 0, sizeof(*s));
	uint32_t kind = cache__get_u32(in);
	if (kind > PFL_SITE_CALLBACK)
		in->ok = false;
	s->kind = (pfl_site_kind)kind;
	s->path = cache__get_need(in);
	cache__get_span(in, &s->span);
	s->callee = cache__get_str(in);
	s->text = cache__get_str(in);
	s->direct_effect = cache__get_u32(in) != 0;
	s->varying = cache__get_u32(in) != 0;
	s->loop_depth = cache__get_u32(in);
	cache__get_span(in, &s->loop_head);
	s->loop_text = cache__get_str(in);
	s->async_fn = cache__get_str(in);
	cache__get_span(in, &s->async_span);
	uint32_t n = cache__get_u32(in);
	if (!in->ok || n == CACHE__NULL)
		return;
	if ((size_t)(in->end - in->p) < n) {
		in->ok = false;
		return;
	}
	const char **rel = pfl_arena_zalloc(in->arena, ((size_t)n + 1) * sizeof(*rel));
	for (uint32_t i = 0; i < n && in->ok; i++)
		rel[i] = cache__get_need(in);
	s->related = rel;
}

static void cache__get_relation(cache__in *in, pfl_relation *r)
{
	memset(r, 0, sizeof(*r));
	r->model = cache__get_need(in);
	r->field = cache__get_need(in);
	r->kind = (pfl_relation_kind)cache__get_u32(in);
	r->target = cache__get_str(in);
	r->related_name = cache__get_str(in);
	cache__get_span(in, &r->span);
}

/* Whether a header is as it was when the entry was written. */
static bool cache__dep_fresh(cache__in *in, const char **path)
{
	*path = cache__get_need(in);
	uint64_t size = cache__get_u64(in), sec = cache__get_u64(in), nsec = cache__get_u64(in);
	struct stat sb;
	if (!in->ok || stat(*path, &sb) != 0)
		return false;
	return (uint64_t)sb.st_size == size && (uint64_t)sb.st_mtim.tv_sec == sec && (uint64_t)sb.st_mtim.tv_nsec == nsec;
}

/* Decode a payload into e; false when it is not a valid one. */
static bool cache__decode(cache__in *in, pfl_cache_entry *e)
{
	uint32_t n = cache__get_count(in);
	for (uint32_t i = 0; i < n && in->ok; i++)
		cache__get_finding(in, pfl_array_grow_one(&e->findings));
	n = cache__get_count(in);
	for (uint32_t i = 0; i < n && in->ok; i++) {
		pfl_report_diag *d = pfl_array_grow_one(&e->diags);
		d->path = cache__get_need(in);
		d->line = cache__get_u32(in);
		d->col = cache__get_u32(in);
		d->level = cache__level(cache__get_str(in));
		d->code = cache__get_need(in);
		d->message = cache__get_need(in);
		if (!d->level)
			in->ok = false;
	}
	n = cache__get_count(in);
	for (uint32_t i = 0; i < n && in->ok; i++)
		cache__get_fn(in, pfl_array_grow_one(&e->fns));
	n = cache__get_count(in);
	for (uint32_t i = 0; i < n && in->ok; i++)
		cache__get_site(in, pfl_array_grow_one(&e->sites));
	n = cache__get_count(in);
	for (uint32_t i = 0; i < n && in->ok; i++)
		cache__get_relation(in, pfl_array_grow_one(&e->relations));
	n = cache__get_count(in);
	for (uint32_t i = 0; i < n && in->ok; i++) {
		pfl_cache_fnspan *s = pfl_array_grow_one(&e->fnspans);
		s->start_byte = cache__get_u32(in);
		s->end_byte = cache__get_u32(in);
		s->qualname = cache__get_need(in);
	}
	n = cache__get_count(in);
	for (uint32_t i = 0; i < n && in->ok; i++) {
		const char *path;
		if (!cache__dep_fresh(in, &path))
			in->ok = false;
		else
			pfl_array_push(&e->deps, path);
	}
	return in->ok && in->p == in->end;
}

bool pfl_cache_load(pfl_cache *c, pfl_cache_key key, pfl_arena *arena, pfl_cache_entry *e)
{
	if (!c)
		return false;
	char *path = cache__path(c, key, NULL);
	pfl_file_content fc;
	pfl_read_status st = pfl_read_file(path, CACHE__MAX_ENTRY, &fc);
	free(path);
	if (st != PFL_READ_OK)
		return false;
	cache__in h = { (const unsigned char *)fc.data, (const unsigned char *)fc.data + fc.len, arena, NULL, 0, true };
	bool ok = fc.len >= CACHE__HEADER && memcmp(fc.data, CACHE__MAGIC, 8) == 0;
	if (ok) {
		h.p += 8;
		ok = cache__get_u32(&h) == CACHE__FORMAT && cache__get_u64(&h) == key.a && cache__get_u64(&h) == key.b;
		uint64_t len = cache__get_u64(&h), sum = cache__get_u64(&h);
		ok = ok && h.ok && len == (uint64_t)(h.end - h.p) && pfl_hash64(h.p, (size_t)len, key.a) == sum;
	}
	if (ok) {
		cache__in in = { h.p, h.end, arena, NULL, 0, true };
		cache__get_strings(&in);
		ok = in.ok && cache__decode(&in, e);
	}
	free(fc.data);
	if (!ok) {
		pfl_cache_entry_release(e);
		memset(e, 0, sizeof(*e));
	}
	return ok;
}

void pfl_cache_entry_release(pfl_cache_entry *e)
{
	pfl_array_release(&e->findings);
	pfl_array_release(&e->diags);
	pfl_array_release(&e->fns);
	pfl_array_release(&e->sites);
	pfl_array_release(&e->relations);
	pfl_array_release(&e->fnspans);
	pfl_array_release(&e->deps);
}

/* dl_iterate_phdr: the first object is the program itself; find its NT_GNU_BUILD_ID note. */
static int cache__note(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	pfl_strbuf *out = data;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
		const unsigned char *end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)(const void *)p;
			const unsigned char *name = p + sizeof(*nh);
			const unsigned char *desc = name + ((nh->n_namesz + 3) & ~3u);
			if (desc + nh->n_descsz > end)
				break;
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
				for (uint32_t k = 0; k < nh->n_descsz; k++)
					pfl_strbuf_addf(out, "%02x", desc[k]);
				return 1;
			}
			p = desc + ((nh->n_descsz + 3) & ~3u);
		}
	}
	return 1;
}

void pfl_cache_build_id(pfl_strbuf *out)
{
	dl_iterate_phdr(cache__note, out);
}
