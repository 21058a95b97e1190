/*
 * baseline.c - writing, reading and matching baselines
 * (docs/baseline-format.md).
 *
 * A finding's key is (path, rule, hash): the path relative to the
 * baseline's directory (both ends resolved with realpath, so a symlinked
 * checkout agrees with the real one), the rule id, and pfl_baseline_key.
 * The file holds one entry per key with a count; a loaded baseline keeps
 * its entries in file order and finds them through an open-addressing hash
 * table, so matching n findings is O(n) whatever the baseline's size.
 */
#include "baseline.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "../util/alloc.h"
#include "../util/arena.h"
#include "../util/array.h"
#include "../util/error.h"
#include "../util/fileio.h"
#include "../util/path.h"
#include "../util/strbuf.h"
#include "../util/utf8.h"

/* The format version this code writes and reads. */
#define BASELINE__VERSION 1
/* Bytes of the informational code excerpt, at most. */
#define BASELINE__CODE_MAX 120
/* A baseline larger than this is refused rather than parsed. */
#define BASELINE__MAX_SIZE ((size_t)1 << 30)

#define BASELINE__FNV_OFFSET UINT64_C(14695981039346656037)
#define BASELINE__FNV_PRIME UINT64_C(1099511628211)

/* One entry of a loaded baseline. */
typedef struct baseline__entry {
	const char *path, *rule, *function, *code; /* in the arena */
	uint64_t hash;
	uint32_t count;     /* as recorded (merged duplicates added) */
	uint32_t remaining; /* not yet consumed by a finding */
} baseline__entry;

struct pfl_baseline {
	pfl_arena arena;                   /* strings, the stale array */
	const char *dir;                   /* resolved directory of the file */
	PFL_ARRAY(baseline__entry) entries; /* file order */
	uint32_t *slots;                   /* entry index + 1; 0 is empty */
	size_t mask;                       /* slots has mask + 1 elements */
};

/* Resolving finding paths to baseline paths, with the last answers kept. */
typedef struct baseline__paths {
	const char *base; /* resolved directory of the baseline */
	char *cwd;        /* getcwd, or NULL when it failed */
	char *last_dir;   /* the directory part last resolved, as given */
	char *last_real;  /* its absolute, resolved form */
	char *last_path;  /* the finding path last resolved */
	char *last_key;   /* its baseline path */
} baseline__paths;

/* Whether c is whitespace for normalisation (space, \t, \n, \v, \f, \r). */
static bool baseline__is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* FNV-1a of s (NULL as ""), then of a NUL byte when sep; whitespace skipped when strip. */
static uint64_t baseline__fnv(uint64_t h, const char *s, bool sep, bool strip)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (strip && baseline__is_space(*p))
			continue;
		h ^= *p;
		h *= BASELINE__FNV_PRIME;
	}
	if (sep)
		h *= BASELINE__FNV_PRIME; /* h ^= 0 is a no-op */
	return h;
}

/* The identity hash of a finding. */
static uint64_t baseline__hash(const pfl_finding *f)
{
	uint64_t h = BASELINE__FNV_OFFSET;
	h = baseline__fnv(h, f->rule ? f->rule->id : "", true, false);
	h = baseline__fnv(h, f->function, true, false);
	return baseline__fnv(h, f->code, false, true);
}

void pfl_baseline_key(const pfl_finding *f, char hash_hex[17])
{
	snprintf(hash_hex, 17, "%016" PRIx64, baseline__hash(f));
}

/* Parse 16 lowercase hex digits; false when s is anything else. */
static bool baseline__parse_hash(const char *s, uint64_t *out)
{
	uint64_t h = 0;
	size_t i;
	for (i = 0; s[i]; i++) {
		char c = s[i];
		if (i == 16)
			return false;
		if (c >= '0' && c <= '9')
			h = h << 4 | (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			h = h << 4 | (uint64_t)(c - 'a' + 10);
		else
			return false;
	}
	if (i != 16)
		return false;
	*out = h;
	return true;
}

/* Append s[0..n) with every invalid UTF-8 sequence replaced by U+FFFD. */
static void baseline__add_utf8(pfl_strbuf *sb, const char *s, size_t n)
{
	while (n > 0) {
		size_t ok = pfl_utf8_invalid_at(s, n);
		pfl_strbuf_add(sb, s, ok);
		if (ok == n)
			return;
		size_t len;
		pfl_utf8_decode((const unsigned char *)s + ok, n - ok, &len);
		pfl_strbuf_adds(sb, "\xEF\xBF\xBD");
		s += ok + len;
		n -= ok + len;
	}
}

/* An arena copy of s (NULL as "") made valid UTF-8. */
static const char *baseline__utf8_dup(pfl_arena *a, const char *s)
{
	if (!s)
		return "";
	size_t n = strlen(s);
	if (pfl_utf8_invalid_at(s, n) == n)
		return pfl_arena_strndup(a, s, n);
	pfl_strbuf sb = PFL_STRBUF_INIT;
	baseline__add_utf8(&sb, s, n);
	const char *r = pfl_arena_strndup(a, sb.buf, sb.len);
	pfl_strbuf_release(&sb);
	return r;
}

/*
 * The informational excerpt of a finding's code: its first non-blank line,
 * trimmed, valid UTF-8, at most BASELINE__CODE_MAX bytes cut before a
 * UTF-8 continuation byte.
 */
static const char *baseline__excerpt(pfl_arena *a, const char *code)
{
	const char *p = code ? code : "";
	for (;;) {
		while (*p && *p != '\n' && baseline__is_space((unsigned char)*p))
			p++;
		if (*p != '\n')
			break;
		p++;
	}
	const char *e = p;
	while (*e && *e != '\n')
		e++;
	pfl_strbuf sb = PFL_STRBUF_INIT;
	baseline__add_utf8(&sb, p, (size_t)(e - p));
	size_t len = sb.len;
	if (len > BASELINE__CODE_MAX) {
		len = BASELINE__CODE_MAX;
		while (len > 0 && ((unsigned char)sb.buf[len] & 0xC0) == 0x80)
			len--;
	}
	while (len > 0 && baseline__is_space((unsigned char)sb.buf[len - 1]))
		len--;
	const char *r = pfl_arena_strndup(a, sb.buf, len);
	pfl_strbuf_release(&sb);
	return r;
}

/* The absolute, resolved form of a directory (heap): realpath, else lexical. */
static char *baseline__resolve_dir(const char *dir, const char *cwd)
{
	char *r = pfl_path_real(dir);
	if (r)
		return r;
	if (dir[0] == '/' || !cwd)
		return pfl_path_normalize(dir);
	char *j = pfl_path_join(cwd, dir);
	char *n = pfl_path_normalize(j);
	free(j);
	return n;
}

/* The resolved directory of a baseline file (heap), or NULL with errno set. */
static char *baseline__base_dir(const char *file)
{
	char *dir = pfl_path_dirname(file);
	char *r = pfl_path_real(dir);
	free(dir);
	return r;
}

static void baseline__paths_init(baseline__paths *ps, const char *base)
{
	memset(ps, 0, sizeof(*ps));
	ps->base = base;
	ps->cwd = getcwd(NULL, 0);
}

static void baseline__paths_release(baseline__paths *ps)
{
	free(ps->cwd);
	free(ps->last_dir);
	free(ps->last_real);
	free(ps->last_path);
	free(ps->last_key);
	memset(ps, 0, sizeof(*ps));
}

/*
 * The baseline path of a finding's path: made absolute against the working
 * directory with its directory part resolved (the file name kept), then
 * relative to the baseline's directory when under it, valid UTF-8. Owned
 * by ps, valid until the next call.
 */
static const char *baseline__key_path(baseline__paths *ps, const char *path)
{
	if (!path)
		path = "";
	if (ps->last_path && strcmp(ps->last_path, path) == 0)
		return ps->last_key;
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char *dir = pfl_path_dirname(path);
	if (!ps->last_dir || strcmp(ps->last_dir, dir) != 0) {
		free(ps->last_dir);
		free(ps->last_real);
		ps->last_real = baseline__resolve_dir(dir, ps->cwd);
		ps->last_dir = dir;
	} else {
		free(dir);
	}
	char *abs = pfl_path_join(ps->last_real, name);
	char *rel = pfl_path_relative_to(abs, ps->base);
	const char *key = rel ? rel : abs;
	pfl_strbuf sb = PFL_STRBUF_INIT;
	baseline__add_utf8(&sb, key, strlen(key));
	free(rel);
	free(abs);
	free(ps->last_path);
	free(ps->last_key);
	ps->last_path = pfl_strdup(path);
	ps->last_key = pfl_strbuf_detach(&sb, NULL);
	return ps->last_key;
}

/* ---- writing ---- */

/* One finding's entry before grouping. */
typedef struct baseline__rec {
	const char *path, *rule, *function, *code;
	uint64_t hash;
	uint64_t count;
} baseline__rec;

/* Order of the file: path, rule, function, hash, then code for determinism. */
static int baseline__rec_cmp(const void *a, const void *b)
{
	const baseline__rec *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	if ((c = strcmp(x->rule, y->rule)))
		return c;
	if ((c = strcmp(x->function, y->function)))
		return c;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* Append one string member of an entry: indented, with a comma when more follow. */
static void baseline__member(pfl_strbuf *out, const char *key, const char *value)
{
	pfl_strbuf_addf(out, "      \"%s\": ", key);
	pfl_strbuf_add_json(out, value);
	pfl_strbuf_adds(out, ",\n");
}

/* The document of grouped, sorted records. */
static void baseline__print(pfl_strbuf *out, const baseline__rec *recs, size_t n)
{
	pfl_strbuf_addf(out, "{\n  \"version\": %d,\n  \"tool\": \"perflint\",\n  \"findings\": [",
			BASELINE__VERSION);
	for (size_t i = 0; i < n; i++) {
		const baseline__rec *r = &recs[i];
		pfl_strbuf_adds(out, i ? ",\n    {\n" : "\n    {\n");
		baseline__member(out, "path", r->path);
		baseline__member(out, "rule", r->rule);
		baseline__member(out, "function", r->function);
		pfl_strbuf_addf(out, "      \"hash\": \"%016" PRIx64 "\",\n", r->hash);
		pfl_strbuf_addf(out, "      \"count\": %" PRIu64 ",\n", r->count);
		pfl_strbuf_adds(out, "      \"code\": ");
		pfl_strbuf_add_json(out, r->code);
		pfl_strbuf_adds(out, "\n    }");
	}
	pfl_strbuf_adds(out, n ? "\n  ]\n}\n" : "]\n}\n");
}

int pfl_baseline_write(const char *file, const pfl_finding *findings, size_t n)
{
	char *base = baseline__base_dir(file);
	if (!base)
		return pfl_error("cannot write baseline '%s': %s", file, strerror(errno));
	pfl_arena arena = {0};
	baseline__paths ps;
	baseline__paths_init(&ps, base);
	baseline__rec *recs = pfl_calloc(n ? n : 1, sizeof(*recs));
	for (size_t i = 0; i < n; i++) {
		const pfl_finding *f = &findings[i];
		baseline__rec *r = &recs[i];
		r->path = pfl_arena_strdup(&arena, baseline__key_path(&ps, f->path));
		r->rule = baseline__utf8_dup(&arena, f->rule ? f->rule->id : "");
		r->function = baseline__utf8_dup(&arena, f->function);
		r->code = baseline__excerpt(&arena, f->code);
		r->hash = baseline__hash(f);
		r->count = 1;
	}
	baseline__paths_release(&ps);
	free(base);
	if (n > 1)
		qsort(recs, n, sizeof(*recs), baseline__rec_cmp);
	/* Group: equal keys are adjacent (the hash covers the function). */
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && recs[m - 1].hash == recs[i].hash && !strcmp(recs[m - 1].path, recs[i].path) &&
		    !strcmp(recs[m - 1].rule, recs[i].rule)) {
			recs[m - 1].count++;
			continue;
		}
		recs[m++] = recs[i];
	}
	pfl_strbuf out = PFL_STRBUF_INIT;
	baseline__print(&out, recs, m);
	int rc = pfl_write_file_atomic(file, out.buf, out.len);
	pfl_strbuf_release(&out);
	free(recs);
	pfl_arena_release(&arena);
	return rc;
}

/* ---- reading ---- */

/* The table slot of a key: mixed so that similar paths spread. */
static size_t baseline__slot(const pfl_baseline *b, const char *path, const char *rule, uint64_t hash)
{
	uint64_t h = baseline__fnv(BASELINE__FNV_OFFSET, path, true, false);
	h = baseline__fnv(h, rule, false, false) ^ hash;
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return (size_t)h & b->mask;
}

/* The entry of a key, or NULL; *slot is where it is or would go. */
static baseline__entry *baseline__find(const pfl_baseline *b, const char *path, const char *rule,
				       uint64_t hash, size_t *slot)
{
	size_t s = baseline__slot(b, path, rule, hash);
	for (;; s = (s + 1) & b->mask) {
		uint32_t v = b->slots[s];
		if (v == 0)
			break;
		baseline__entry *e = &b->entries.items[v - 1];
		if (e->hash == hash && !strcmp(e->path, path) && !strcmp(e->rule, rule)) {
			if (slot)
				*slot = s;
			return e;
		}
	}
	if (slot)
		*slot = s;
	return NULL;
}

/* 1-based line and column of offset off in text. */
static void baseline__line_col(const char *text, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/*
 * A required non-empty string member of entry i. NULL after reporting when
 * it is missing, not a string or empty.
 */
static const char *baseline__need_string(const char *file, const cJSON *entry, size_t i, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, key);
	if (!v) {
		pfl_error("baseline '%s': findings[%zu]: missing key \"%s\"", file, i, key);
		return NULL;
	}
	if (!cJSON_IsString(v) || !v->valuestring) {
		pfl_error("baseline '%s': findings[%zu].%s is not a string", file, i, key);
		return NULL;
	}
	if (!v->valuestring[0]) {
		pfl_error("baseline '%s': findings[%zu].%s is empty", file, i, key);
		return NULL;
	}
	return v->valuestring;
}

/* An optional string member: "" when absent; -1 after reporting when not a string. */
static int baseline__opt_string(const char *file, const cJSON *entry, size_t i, const char *key,
				const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, key);
	*out = "";
	if (!v)
		return 0;
	if (!cJSON_IsString(v) || !v->valuestring)
		return pfl_error("baseline '%s': findings[%zu].%s is not a string", file, i, key);
	*out = v->valuestring;
	return 0;
}

/* Check and add findings[i] (merging with an equal key). 0, or -1 after reporting. */
static int baseline__add_entry(pfl_baseline *b, const char *file, const cJSON *item, size_t i)
{
	if (!cJSON_IsObject(item))
		return pfl_error("baseline '%s': findings[%zu] is not an object", file, i);
	const char *path = baseline__need_string(file, item, i, "path");
	if (!path)
		return -1;
	const char *rule = baseline__need_string(file, item, i, "rule");
	if (!rule)
		return -1;
	const cJSON *hv = cJSON_GetObjectItemCaseSensitive(item, "hash");
	uint64_t hash;
	if (!hv)
		return pfl_error("baseline '%s': findings[%zu]: missing key \"hash\"", file, i);
	if (!cJSON_IsString(hv) || !hv->valuestring || !baseline__parse_hash(hv->valuestring, &hash))
		return pfl_error("baseline '%s': findings[%zu].hash is not 16 lowercase hex digits", file, i);
	const cJSON *cv = cJSON_GetObjectItemCaseSensitive(item, "count");
	if (!cv)
		return pfl_error("baseline '%s': findings[%zu]: missing key \"count\"", file, i);
	double d = cJSON_IsNumber(cv) ? cv->valuedouble : 0;
	if (!(d >= 1)) /* also not a number, NaN */
		return pfl_error("baseline '%s': findings[%zu].count is not an integer of at least 1", file, i);
	if (d > (double)UINT32_MAX)
		return pfl_error("baseline '%s': findings[%zu].count is too large", file, i);
	if (d != (double)(uint32_t)d)
		return pfl_error("baseline '%s': findings[%zu].count is not an integer of at least 1", file, i);
	uint32_t count = (uint32_t)d;
	const char *function, *code;
	if (baseline__opt_string(file, item, i, "function", &function) < 0 ||
	    baseline__opt_string(file, item, i, "code", &code) < 0)
		return -1;

	size_t slot;
	baseline__entry *e = baseline__find(b, path, rule, hash, &slot);
	if (e) {
		if ((uint64_t)e->count + count > UINT32_MAX)
			return pfl_error("baseline '%s': findings[%zu].count is too large", file, i);
		e->count += count;
		e->remaining += count;
		return 0;
	}
	e = pfl_array_grow_one(&b->entries);
	e->path = pfl_arena_strdup(&b->arena, path);
	e->rule = pfl_arena_strdup(&b->arena, rule);
	e->function = pfl_arena_strdup(&b->arena, function);
	e->code = pfl_arena_strdup(&b->arena, code);
	e->hash = hash;
	e->count = count;
	e->remaining = count;
	b->slots[slot] = (uint32_t)b->entries.size;
	return 0;
}

/* Check the document and fill b. 0, or -1 after reporting. */
static int baseline__parse(pfl_baseline *b, const char *file, const cJSON *root)
{
	if (!cJSON_IsObject(root))
		return pfl_error("baseline '%s': the top level is not a JSON object", file);
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (!ver)
		return pfl_error("baseline '%s': missing key \"version\"", file);
	if (!cJSON_IsNumber(ver))
		return pfl_error("baseline '%s': \"version\" is not a number", file);
	if (ver->valuedouble != BASELINE__VERSION)
		return pfl_error("baseline '%s': unsupported version %g (this perflint reads version %d)", file,
				 ver->valuedouble, BASELINE__VERSION);
	const cJSON *tool = cJSON_GetObjectItemCaseSensitive(root, "tool");
	if (tool && !cJSON_IsString(tool))
		return pfl_error("baseline '%s': \"tool\" is not a string", file);
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "findings");
	if (!list)
		return pfl_error("baseline '%s': missing key \"findings\"", file);
	if (!cJSON_IsArray(list))
		return pfl_error("baseline '%s': \"findings\" is not an array", file);
	size_t n = 0;
	for (const cJSON *it = list->child; it; it = it->next)
		n++;
	if (n >= UINT32_MAX / 2)
		return pfl_error("baseline '%s': too many findings", file);
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	b->slots = pfl_calloc(cap, sizeof(*b->slots));
	b->mask = cap - 1;
	pfl_array_reserve(&b->entries, n);
	size_t i = 0;
	for (const cJSON *it = list->child; it; it = it->next, i++)
		if (baseline__add_entry(b, file, it, i) < 0)
			return -1;
	return 0;
}

pfl_baseline *pfl_baseline_load(const char *file)
{
	pfl_file_content fc;
	pfl_read_status st = pfl_read_file(file, BASELINE__MAX_SIZE, &fc);
	if (st != PFL_READ_OK) {
		pfl_error("cannot read baseline '%s': %s", file,
			  st == PFL_READ_ERRNO ? strerror(fc.err) : pfl_read_status_str(st, fc.err));
		return NULL;
	}
	if (strlen(fc.data) != fc.len) {
		pfl_error("baseline '%s' is not valid JSON: it contains a NUL byte", file);
		free(fc.data);
		return NULL;
	}
	const char *end = NULL;
	/* The length covers the NUL: cJSON wants to see it after the value. */
	cJSON *root = cJSON_ParseWithLengthOpts(fc.data, fc.len + 1, &end, 1);
	if (!root) {
		size_t line, col;
		size_t off = end && end >= fc.data && end <= fc.data + fc.len ? (size_t)(end - fc.data) : 0;
		baseline__line_col(fc.data, off, &line, &col);
		pfl_error("baseline '%s' is not valid JSON (near line %zu, column %zu)", file, line, col);
		free(fc.data);
		return NULL;
	}
	free(fc.data);

	pfl_baseline *b = pfl_calloc(1, sizeof(*b));
	if (baseline__parse(b, file, root) < 0) {
		cJSON_Delete(root);
		pfl_baseline_free(b);
		return NULL;
	}
	cJSON_Delete(root);
	char *dir = baseline__base_dir(file);
	if (!dir) {
		char *d = pfl_path_dirname(file);
		dir = pfl_path_absolute(d);
		free(d);
	}
	b->dir = pfl_arena_strdup(&b->arena, dir);
	free(dir);
	return b;
}

/* ---- matching ---- */

size_t pfl_baseline_match(pfl_baseline *b, const pfl_finding *findings, size_t n, bool *is_new)
{
	baseline__paths ps;
	baseline__paths_init(&ps, b->dir);
	size_t nnew = 0;
	for (size_t i = 0; i < n; i++) {
		const pfl_finding *f = &findings[i];
		const char *path = baseline__key_path(&ps, f->path);
		const char *rule = f->rule ? f->rule->id : "";
		baseline__entry *e = baseline__find(b, path, rule, baseline__hash(f), NULL);
		bool fresh = !e || e->remaining == 0;
		if (fresh)
			nnew++;
		else
			e->remaining--;
		if (is_new)
			is_new[i] = fresh;
	}
	baseline__paths_release(&ps);
	return nnew;
}

void pfl_baseline_scope(pfl_baseline *b, const char *const *paths, size_t npaths,
			const pfl_rule_meta *const *rules, size_t nrules)
{
	baseline__paths ps;
	baseline__paths_init(&ps, b->dir);
	const char **keys = pfl_calloc(npaths ? npaths : 1, sizeof(*keys));
	for (size_t i = 0; i < npaths; i++)
		keys[i] = pfl_arena_strdup(&b->arena, baseline__key_path(&ps, paths[i]));
	baseline__paths_release(&ps);
	for (size_t i = 0; i < b->entries.size; i++) {
		baseline__entry *e = &b->entries.items[i];
		if (!e->remaining)
			continue;
		bool ran = false, seen = false;
		for (size_t r = 0; r < nrules && !ran; r++)
			ran = strcmp(rules[r]->id, e->rule) == 0;
		for (size_t k = 0; k < npaths && ran && !seen; k++)
			seen = strcmp(keys[k], e->path) == 0;
		if (!ran || !seen)
			e->remaining = 0; /* not checked by this run: not known to be gone */
	}
	free(keys);
}

const pfl_baseline_stale *pfl_baseline_stale_entries(pfl_baseline *b, size_t *n)
{
	size_t m = 0;
	for (size_t i = 0; i < b->entries.size; i++)
		if (b->entries.items[i].remaining > 0)
			m++;
	*n = m;
	if (m == 0)
		return NULL;
	pfl_baseline_stale *out = pfl_arena_alloc(&b->arena, m * sizeof(*out));
	size_t k = 0;
	for (size_t i = 0; i < b->entries.size; i++) {
		const baseline__entry *e = &b->entries.items[i];
		if (e->remaining == 0)
			continue;
		out[k].path = e->path;
		out[k].rule = e->rule;
		out[k].function = e->function;
		out[k].code = e->code;
		out[k].count = e->remaining;
		k++;
	}
	return out;
}

void pfl_baseline_free(pfl_baseline *b)
{
	if (!b)
		return;
	pfl_array_release(&b->entries);
	free(b->slots);
	pfl_arena_release(&b->arena);
	free(b);
}
