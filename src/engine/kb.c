/* kb.c - loading rules/kb/NAME.yml and matching calls against it. */
#include "kb.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../util/alloc.h"
#include "../util/array.h"
#include "../util/error.h"
#include "embedded.h"
#include "../model/loops.h"

static PFL_ARRAY(pfl_kb_entry) kb__entries;
static bool kb__loaded;

/*
 * Indexes from a call to the patterns and method names that may match it,
 * so a lookup tests a handful of globs instead of every entry:
 *
 * - kb__tail: by the last component of a pattern or method name ("get",
 *   "execute"), when that component is literal;
 * - kb__head: the others whose first component is literal, by it: callee
 *   patterns (0) by their first dotted component ("requests.*",
 *   "asyncio.*"), method names (1) by their first word ("describe_*");
 * - kb__first: the others that start with a literal, by callee (0) or
 *   method (1) and first character;
 * - kb__wild: the few that start with a wildcard, by language.
 *
 * Each list keeps the order of the entries; a lookup keeps the lowest
 * entry index that matches, whichever lists it came from.
 */
typedef struct kb__ref {
	uint32_t entry;
	int32_t pat;     /* >= 0: index into the entry's match list; <= -2: method -(pat + 2) */
	uint16_t plen;   /* literal prefix length of the pattern (before any wildcard) */
	uint16_t slen;   /* literal suffix length (after the last wildcard) */
	uint16_t glen;   /* the pattern's length (with exact or slen) */
	uint16_t woff;   /* the longest literal run inside the pattern, which a */
	uint16_t wlen;   /* match must contain (0: none, or the prefix or suffix) */
	bool exact;      /* no wildcard at all: a string comparison decides */
	bool any;        /* only stars: matches anything */
} kb__ref;
typedef PFL_ARRAY(kb__ref) kb__refs;
typedef struct kb__slot {
	const char *key; /* NULL: empty */
	size_t klen;
	kb__refs refs;
} kb__slot;
typedef struct kb__table {
	kb__slot *slots;
	size_t cap; /* a power of two */
} kb__table;
static kb__table kb__tail, kb__head[2];
static kb__refs kb__first[2][256];
static kb__refs kb__wild[PFL_LANG_C + 1];
/* The receiver globs of every entry, in order, and where each entry's start. */
static kb__refs kb__recv;
static PFL_ARRAY(uint32_t) kb__recv_at;

/* The node of key in a mapping, or NULL. */
static yaml_node_t *kb__get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k && k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

/* A scalar's copy, or NULL. */
static const char *kb__scalar(yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return pfl_strdup((char *)n->data.scalar.value);
}

/* A scalar or a sequence of scalars as a NULL-terminated list, or NULL. */
static const char **kb__list(yaml_document_t *doc, yaml_node_t *n)
{
	if (!n)
		return NULL;
	if (n->type == YAML_SCALAR_NODE) {
		const char **l = pfl_calloc(2, sizeof(*l));
		l[0] = kb__scalar(n);
		return l;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return NULL;
	size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	const char **l = pfl_calloc(cnt + 1, sizeof(*l));
	size_t k = 0;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		const char *s = kb__scalar(yaml_document_get_node(doc, *it));
		if (s)
			l[k++] = s;
	}
	return l;
}

/* The kind named by s, or -1. */
static int kb__kind(const char *s)
{
	static const char *const names[PFL_KB__COUNT] = {
		"round-trip", "blocking", "bulk", "safe-wrapper", "async", "callback", "wait",
	};
	for (int i = 0; s && i < PFL_KB__COUNT; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int pfl_kb_entry_read(yaml_document_t *doc, yaml_node_t *e, int kind, pfl_lang lang, const char *library,
		      const char *file, pfl_kb_entry *out, char *err, size_t errlen)
{
	pfl_kb_entry en;
	memset(&en, 0, sizeof(en));
	en.lang = lang;
	en.library = pfl_strdup(library);
	en.file = pfl_strdup(file);
	int k = kind;
	if (k < 0) {
		const char *name = kb__scalar(kb__get(doc, e, "kind"));
		k = kb__kind(name);
		free((char *)name);
	}
	en.match = kb__list(doc, kb__get(doc, e, "match"));
	en.method = kb__list(doc, kb__get(doc, e, "method"));
	en.receiver = kb__list(doc, kb__get(doc, e, "receiver"));
	en.receiver_kind = kb__scalar(kb__get(doc, e, "receiver-kind"));
	en.kwarg = kb__scalar(kb__get(doc, e, "kwarg"));
	const char *conf = kb__scalar(kb__get(doc, e, "confidence"));
	en.inferred = conf && strcmp(conf, "inferred") == 0;
	free((char *)conf);
	en.what = kb__scalar(kb__get(doc, e, "what"));
	en.fix = kb__scalar(kb__get(doc, e, "fix"));
	en.replacement = kb__scalar(kb__get(doc, e, "replacement"));
	en.framework = kb__scalar(kb__get(doc, e, "framework"));
	const char **argl = kb__list(doc, kb__get(doc, e, "arg"));
	bool bad_arg = false;
	for (const char **a = argl; a && *a; a++) {
		char *end;
		long v = strcmp(*a, "last") == 0 ? -1 : strtol(*a, &end, 10);
		if ((strcmp(*a, "last") != 0 && (*end || v < 0 || v > 64)) || en.nargs == 8)
			bad_arg = true;
		else
			en.args[en.nargs++] = (int)v;
		free((char *)*a);
	}
	free(argl);
	if (k == PFL_KB_CALLBACK && (en.nargs == 0 || bad_arg || !en.framework)) {
		snprintf(err, errlen, "a callback entry needs 'framework' and 'arg' (argument indexes from 0, or last)");
		pfl_kb_entry_release(&en);
		return -1;
	}
	if (k < 0 || (!en.match && !en.method)) {
		snprintf(err, errlen, "an entry needs a known 'kind' and 'match' or 'method'");
		pfl_kb_entry_release(&en);
		return -1;
	}
	en.kind = (pfl_kb_kind)k;
	if (!en.what)
		en.what = pfl_strdup(en.kind == PFL_KB_BLOCKING ? "a blocking call" : "a round trip");
	*out = en;
	return 0;
}

/* Free a NULL-terminated list of strings. */
static void kb__free_list(const char **l)
{
	for (const char **p = l; p && *p; p++)
		free((char *)*p);
	free(l);
}

void pfl_kb_entry_release(pfl_kb_entry *e)
{
	kb__free_list(e->match);
	kb__free_list(e->method);
	kb__free_list(e->receiver);
	free((char *)e->library);
	free((char *)e->file);
	free((char *)e->receiver_kind);
	free((char *)e->kwarg);
	free((char *)e->what);
	free((char *)e->fix);
	free((char *)e->replacement);
	free((char *)e->framework);
	memset(e, 0, sizeof(*e));
}

/* Load one rules/kb file. */
static int kb__load_file(const pfl_embedded_file *f)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)f->data, f->len);
	if (!yaml_parser_load(&parser, &doc)) {
		int r = pfl_error("embedded 'rules/%s': %s at line %zu", f->path,
				  parser.problem ? parser.problem : "invalid YAML", parser.problem_mark.line + 1);
		yaml_parser_delete(&parser);
		return r;
	}
	int ret = 0;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	const char *lang = kb__scalar(kb__get(&doc, root, "language"));
	const char *library = kb__scalar(kb__get(&doc, root, "library"));
	yaml_node_t *entries = kb__get(&doc, root, "entries");
	const char *base = strrchr(f->path, '/');
	base = base ? base + 1 : f->path;
	if (!lang || !entries || entries->type != YAML_SEQUENCE_NODE) {
		ret = pfl_error("embedded 'rules/%s': needs 'language' and a list of 'entries'", f->path);
		goto done;
	}
	for (yaml_node_item_t *it = entries->data.sequence.items.start; it < entries->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(&doc, *it);
		pfl_kb_entry en;
		char err[256];
		if (pfl_kb_entry_read(&doc, e, -1, strcmp(lang, "c") == 0 ? PFL_LANG_C : PFL_LANG_PYTHON,
				      library ? library : base, base, &en, err, sizeof(err)) != 0) {
			ret = pfl_error("embedded 'rules/%s': entry at line %zu: %s", f->path,
					e ? e->start_mark.line + 1 : 0, err);
			goto done;
		}
		pfl_array_push(&kb__entries, en);
	}
done:
	free((char *)lang);
	free((char *)library);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return ret;
}

/* FNV-1a of a string. */
static uint64_t kb__hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* The slot of t for key[0..n) (found or empty). */
static kb__slot *kb__slot_of(const kb__table *t, const char *key, size_t n)
{
	size_t i = (size_t)(kb__hash(key, n) & (t->cap - 1));
	while (t->slots[i].key && !(t->slots[i].klen == n && memcmp(t->slots[i].key, key, n) == 0))
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

/* Add ref to t under key[0..n). */
static void kb__put(kb__table *t, const char *key, size_t n, kb__ref ref)
{
	kb__slot *sl = kb__slot_of(t, key, n);
	if (!sl->key) {
		sl->key = pfl_strndup(key, n);
		sl->klen = n;
	}
	pfl_array_push(&sl->refs, ref);
}

/* What separates the first component of a callee (0) or method name (1). */
static const char kb__sep[2] = { '.', '_' };

/*
 * Which index takes a pattern (callee) or method name, and its key there
 * (*key, *klen): 'l' kb__tail, 'h' kb__head, 'f' kb__first (the first
 * character), 'w' kb__wild.
 */
static char kb__where(const char *pattern, bool callee, const char **key, size_t *klen)
{
	size_t p = strcspn(pattern, "*?[");
	const char *last = strrchr(pattern, '.');
	last = last ? last + 1 : pattern;
	if (!strpbrk(last, "*?[") && *last) {
		*key = last;
		*klen = strlen(last);
		return 'l';
	}
	const char *sep = memchr(pattern, kb__sep[!callee], p);
	if (sep) {
		*key = pattern;
		*klen = (size_t)(sep - pattern);
		return 'h';
	}
	*key = pattern;
	*klen = p ? 1 : 0;
	return p ? 'f' : 'w';
}

/* The reference to a pattern (pat >= 0), method name (pat < 0) or receiver glob of entry id. */
static kb__ref kb__ref_make(const char *pattern, uint32_t id, int32_t pat)
{
	kb__ref ref = { id, pat, 0, 0, 0, 0, 0, false, false };
	size_t n = strlen(pattern), p = strcspn(pattern, "*?[");
	ref.plen = (uint16_t)(p < 0xffff ? p : 0xffff);
	size_t sfx = 0;
	while (sfx < n && !strchr("*?]", pattern[n - 1 - sfx]))
		sfx++;
	/* A pattern too long for glen is left to kb__glob, but for its prefix. */
	ref.glen = (uint16_t)(n < 0xffff ? n : 0);
	ref.slen = (uint16_t)(p == n || n >= 0xffff ? 0 : sfx);
	ref.exact = p == n && n < 0xffff;
	ref.any = n && strspn(pattern, "*") == n;
	/* The longest literal run between wildcards (a class '[...]' is none). */
	for (size_t i = p; i < n && n < 0xffff;) {
		if (pattern[i] == '*' || pattern[i] == '?') {
			i++;
			continue;
		}
		if (pattern[i] == '[') {
			const char *e = strchr(pattern + i, ']');
			if (!e)
				break; /* kb__glob reads an unclosed '[' as matching nothing */
			i = (size_t)(e - pattern) + 1;
			continue;
		}
		size_t run = strcspn(pattern + i, "*?[");
		if (run > ref.wlen && i + run < n) {
			ref.woff = (uint16_t)i;
			ref.wlen = (uint16_t)run;
		}
		i += run;
	}
	return ref;
}

/* Index one pattern (pat >= 0) or method name (pat < 0) of entry id. */
static void kb__index(const char *pattern, uint32_t id, int32_t pat)
{
	kb__ref ref = kb__ref_make(pattern, id, pat);
	const char *key;
	size_t klen;
	switch (kb__where(pattern, pat >= 0, &key, &klen)) {
	case 'l':
		kb__put(&kb__tail, key, klen, ref);
		break;
	case 'h':
		kb__put(&kb__head[pat < 0], key, klen, ref);
		break;
	case 'f':
		pfl_array_push(&kb__first[pat < 0][(unsigned char)key[0]], ref);
		break;
	default:
		pfl_array_push(&kb__wild[kb__entries.items[id].lang], ref);
		break;
	}
}

/* Free a table's keys and lists and size it for keys entries. */
static void kb__table_reset(kb__table *t, size_t keys)
{
	for (size_t i = 0; i < t->cap; i++) {
		free((char *)t->slots[i].key);
		pfl_array_release(&t->slots[i].refs);
	}
	free(t->slots);
	t->cap = 16;
	while (t->cap < keys * 2)
		t->cap *= 2;
	t->slots = pfl_calloc(t->cap, sizeof(*t->slots));
}

/* Build the indexes over every pattern and method name (again after additions). */
static void kb__build_index(void)
{
	for (int i = 0; i < 2; i++)
		for (int c = 0; c < 256; c++)
			pfl_array_release(&kb__first[i][c]);
	for (size_t i = 0; i < sizeof(kb__wild) / sizeof(kb__wild[0]); i++)
		pfl_array_release(&kb__wild[i]);
	pfl_array_release(&kb__recv);
	pfl_array_release(&kb__recv_at);
	size_t last = 0, head[2] = { 0, 0 };
	for (size_t i = 0; i < kb__entries.size; i++) {
		const pfl_kb_entry *e = &kb__entries.items[i];
		const char *key;
		size_t klen;
		for (int meth = 0; meth < 2; meth++)
			for (const char **p = meth ? e->method : e->match; p && *p; p++) {
				char w = kb__where(*p, !meth, &key, &klen);
				last += w == 'l';
				head[meth] += w == 'h';
			}
	}
	kb__table_reset(&kb__tail, last);
	kb__table_reset(&kb__head[0], head[0]);
	kb__table_reset(&kb__head[1], head[1]);
	for (size_t i = 0; i < kb__entries.size; i++) {
		const pfl_kb_entry *e = &kb__entries.items[i];
		int32_t k = 0;
		for (const char **p = e->match; p && *p; p++, k++)
			kb__index(*p, (uint32_t)i, k);
		k = 0;
		for (const char **p = e->method; p && *p; p++, k++)
			kb__index(*p, (uint32_t)i, -(k + 2));
		pfl_array_push(&kb__recv_at, (uint32_t)kb__recv.size);
		for (const char **p = e->receiver; p && *p; p++)
			pfl_array_push(&kb__recv, kb__ref_make(*p, (uint32_t)i, 0));
	}
}

int pfl_kb_load(void)
{
	if (kb__loaded)
		return 0;
	kb__loaded = true;
	for (size_t i = 0; i < pfl_embedded_count; i++) {
		const pfl_embedded_file *f = &pfl_embedded_files[i];
		if (strncmp(f->path, "kb/", 3) != 0)
			continue;
		size_t n = strlen(f->path);
		if (n < 4 || strcmp(f->path + n - 4, ".yml") != 0)
			continue;
		if (kb__load_file(f) != 0)
			return -1;
	}
	kb__build_index();
	return 0;
}

void pfl_kb_add(const pfl_kb_entry *e)
{
	pfl_array_push(&kb__entries, *e);
	kb__build_index();
}

/*
 * Glob match: '*' any run of characters (dots included), '?' one
 * character, '[...]' a class; the two-pointer algorithm, no recursion.
 */
static bool kb__glob(const char *g, const char *s)
{
	const char *star = NULL, *mark = NULL;
	while (*s) {
		if (*g == '*') {
			star = g++;
			mark = s;
			continue;
		}
		if (*g == '[') {
			const char *e = strchr(g, ']');
			if (e) {
				bool neg = g[1] == '!' || g[1] == '^', hit = false;
				for (const char *c = g + 1 + neg; c < e; c++)
					if (c + 2 < e && c[1] == '-') {
						hit |= *s >= c[0] && *s <= c[2];
						c += 2;
					} else {
						hit |= *c == *s;
					}
				if (hit != neg) {
					g = e + 1;
					s++;
					continue;
				}
			}
		} else if (*g == '?' || *g == *s) {
			g++;
			s++;
			continue;
		}
		if (!star)
			return false;
		g = star + 1;
		s = ++mark;
	}
	while (*g == '*')
		g++;
	return *g == '\0';
}

/* The last component of a dotted receiver text ("self.cursor" -> "cursor"). */
static const char *kb__last(const char *text)
{
	const char *d = strrchr(text, '.');
	return d ? d + 1 : text;
}

/* Whether a kwarg-restricted entry's keyword is present. */
static bool kb__kwarg_ok(const pfl_kb_entry *e, const pfl_call *call)
{
	if (!e->kwarg)
		return true;
	for (uint32_t i = 0; i < call->nargs; i++)
		if (call->args[i].keyword && kb__glob(e->kwarg, call->args[i].keyword))
			return true;
	return false;
}

/* The best (lowest) entry of each kind, by callee and by method. */
typedef struct kb__best {
	uint32_t callee[PFL_KB__COUNT];
	uint32_t method[PFL_KB__COUNT];
} kb__best;

/* Whether s starts with the literal prefix g[0..n). */
static inline bool kb__prefix(const char *g, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (g[i] != s[i])
			return false; /* also at the end of s */
	return true;
}

/* Whether s[0..n) contains w[0..wn) (wn > 0). */
static bool kb__contains(const char *s, size_t n, const char *w, size_t wn)
{
	const char *end = s + n;
	for (const char *p = s; (size_t)(end - p) >= wn; p++) {
		p = memchr(p, w[0], (size_t)(end - p) - wn + 1);
		if (!p)
			return false;
		if (memcmp(p, w, wn) == 0)
			return true;
	}
	return false;
}

/* Whether pattern g (indexed as ref) matches s, of length n. */
static bool kb__pattern(const kb__ref *ref, const char *g, const char *s, size_t n)
{
	if (ref->exact)
		return n == ref->glen && memcmp(g, s, n) == 0;
	if (ref->any)
		return true;
	/* Cheap rejections on the literal prefix, suffix and inner run first. */
	if (!kb__prefix(g, s, ref->plen))
		return false;
	if (ref->slen && (n < ref->slen || memcmp(g + ref->glen - ref->slen, s + n - ref->slen, ref->slen) != 0))
		return false;
	if (ref->wlen && !kb__contains(s, n, g + ref->woff, ref->wlen))
		return false;
	return kb__glob(g, s);
}

/* Whether call's receiver is one of a method entry's (entry number id). */
static bool kb__receiver_ok(const pfl_kb_entry *e, uint32_t id, const pfl_call *call)
{
	const pfl_expr *r = &call->receiver;
	if (e->receiver_kind) {
		if (strcmp(e->receiver_kind, "model-instance") == 0)
			return r->type.kind == PFL_KIND_OBJECT && r->type.name &&
			       strcmp(r->type.name, "django.db.models.Model()") == 0;
		return false;
	}
	if (!e->receiver)
		return true; /* any receiver (run_in_executor on any loop) */
	/* Receiver globs apply only when nothing is known of its type. */
	if (r->type.kind != PFL_KIND_UNKNOWN)
		return false;
	if (!r->text)
		return false;
	const char *last = kb__last(r->text);
	size_t n = strlen(last);
	const kb__ref *refs = &kb__recv.items[kb__recv_at.items[id]];
	for (size_t i = 0; e->receiver[i]; i++)
		if (kb__pattern(&refs[i], e->receiver[i], last, n))
			return true;
	return false;
}

/* A call being matched, with the lengths of its names. */
typedef struct kb__subject {
	const pfl_model *m;
	const pfl_call *call;
	const char *callee, *method; /* or NULL */
	size_t clen, mlen;
} kb__subject;

/* Test the patterns of one index list against a call. */
static void kb__scan(const kb__refs *refs, const kb__subject *sj, kb__best *best)
{
	const pfl_model *m = sj->m;
	const pfl_call *call = sj->call;
	const char *callee = sj->callee, *method = sj->method;
	size_t clen = sj->clen, mlen = sj->mlen;
	for (size_t i = 0; i < refs->size; i++) {
		const kb__ref *ref = &refs->items[i];
		const pfl_kb_entry *e = &kb__entries.items[ref->entry];
		if (e->lang != m->lang)
			continue;
		if (ref->pat >= 0) {
			if (callee && ref->entry < best->callee[e->kind] && kb__pattern(ref, e->match[ref->pat], callee, clen) &&
			    kb__kwarg_ok(e, call))
				best->callee[e->kind] = ref->entry;
		} else if (method && ref->entry < best->method[e->kind] &&
			   kb__pattern(ref, e->method[-(ref->pat + 2)], method, mlen) && kb__receiver_ok(e, ref->entry, call) &&
			   kb__kwarg_ok(e, call)) {
			best->method[e->kind] = ref->entry;
		}
	}
}

/* The list of t under key[0..n), or NULL. */
static const kb__refs *kb__find(const kb__table *t, const char *key, size_t n)
{
	if (!t->cap)
		return NULL; /* not loaded */
	const kb__slot *sl = kb__slot_of(t, key, n);
	return sl->key ? &sl->refs : NULL;
}

/* The entry of each kind for one call (UINT32_MAX where none). */
static void kb__match_all(const pfl_model *m, const pfl_call *call, uint32_t *out)
{
	kb__best best;
	for (int k = 0; k < PFL_KB__COUNT; k++)
		best.callee[k] = best.method[k] = UINT32_MAX;
	kb__subject sj = { m, call, call->callee, call->method, 0, 0 };
	const char *last = NULL;
	if (sj.callee) {
		sj.clen = strlen(sj.callee);
		last = strrchr(sj.callee, '.');
		last = last ? last + 1 : sj.callee;
	}
	if (sj.method)
		sj.mlen = strlen(sj.method);
	size_t llen = last ? sj.clen - (size_t)(last - sj.callee) : 0;
	const kb__refs *l;
	if (sj.method && (l = kb__find(&kb__tail, sj.method, sj.mlen)))
		kb__scan(l, &sj, &best);
	/* A call's last callee component can differ from its method ("x.y().z" vs "z"). */
	if (last && !(sj.method && llen == sj.mlen && memcmp(last, sj.method, llen) == 0) &&
	    (l = kb__find(&kb__tail, last, llen)))
		kb__scan(l, &sj, &best);
	for (int meth = 0; meth < 2; meth++) {
		const char *name = meth ? sj.method : sj.callee;
		if (!name)
			continue;
		const char *sep = strchr(name, kb__sep[meth]);
		if (sep && (l = kb__find(&kb__head[meth], name, (size_t)(sep - name))))
			kb__scan(l, &sj, &best);
		kb__scan(&kb__first[meth][(unsigned char)name[0]], &sj, &best);
	}
	if ((size_t)m->lang < sizeof(kb__wild) / sizeof(kb__wild[0]))
		kb__scan(&kb__wild[m->lang], &sj, &best);
	for (int k = 0; k < PFL_KB__COUNT; k++)
		out[k] = best.callee[k] != UINT32_MAX ? best.callee[k] : best.method[k];
}

/*
 * The answers for every call of a model, computed once on the first
 * lookup and kept in the model (freed with it). Few calls match anything,
 * so one small block holds only those, in the order of the calls.
 */
typedef struct kb__hit {
	uint32_t call;
	uint32_t id[PFL_KB__COUNT]; /* entry index, UINT32_MAX: none */
} kb__hit;
typedef struct kb__memo_block {
	uint32_t n;
	kb__hit hits[];
} kb__memo_block;

static void kb__memo_build(const pfl_model *m)
{
	kb__hit local[64], *hits = local;
	size_t n = 0, cap = sizeof(local) / sizeof(local[0]);
	for (size_t i = 0; i < m->calls.size; i++) {
		kb__hit h = { (uint32_t)i, { 0 } };
		kb__match_all(m, &m->calls.items[i], h.id);
		int k = 0;
		while (k < PFL_KB__COUNT && h.id[k] == UINT32_MAX)
			k++;
		if (k == PFL_KB__COUNT)
			continue;
		if (n == cap) {
			cap *= 2;
			if (hits == local)
				hits = memcpy(pfl_malloc(cap * sizeof(*hits)), local, sizeof(local));
			else
				hits = pfl_realloc(hits, cap * sizeof(*hits));
		}
		hits[n++] = h;
	}
	kb__memo_block *b = pfl_malloc(sizeof(*b) + n * sizeof(*hits));
	b->n = (uint32_t)n;
	if (n)
		memcpy(b->hits, hits, n * sizeof(*hits));
	if (hits != local)
		free(hits);
	((pfl_model *)m)->kb_memo = b; /* a cache: the model's meaning is unchanged */
}

const pfl_kb_entry *pfl_kb_lookup(const pfl_model *m, const pfl_call *call, pfl_kb_kind kind)
{
	uint32_t id = UINT32_MAX;
	if (m->calls.size && call >= m->calls.items && call < m->calls.items + m->calls.size) {
		if (!m->kb_memo)
			kb__memo_build(m);
		const kb__memo_block *b = m->kb_memo;
		uint32_t i = (uint32_t)(call - m->calls.items), lo = 0, hi = b->n;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (b->hits[mid].call < i)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < b->n && b->hits[lo].call == i)
			id = b->hits[lo].id[kind];
	} else {
		uint32_t out[PFL_KB__COUNT];
		kb__match_all(m, call, out);
		id = out[kind];
	}
	return id != UINT32_MAX ? &kb__entries.items[id] : NULL;
}

const pfl_kb_entry *pfl_kb_classify(const pfl_model *m, const pfl_call *call)
{
	static const pfl_kb_kind order[] = {
		PFL_KB_BULK, PFL_KB_ASYNC, PFL_KB_SAFE_WRAPPER, PFL_KB_ROUND_TRIP, PFL_KB_BLOCKING,
	};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const pfl_kb_entry *e = pfl_kb_lookup(m, call, order[i]);
		if (e)
			return e;
	}
	return NULL;
}

bool pfl_kb_loop_waits(const pfl_model *m, int32_t loop)
{
	pfl_model *mm = (pfl_model *)m; /* a cache, as kb_memo */
	if (!mm->kb_loops) {
		uint8_t *w = pfl_calloc(m->loops.size ? m->loops.size : 1, 1);
		for (size_t i = 0; i < m->calls.size; i++) {
			const pfl_call *c = &m->calls.items[i];
			if (c->loop < 0 || !pfl_kb_lookup(m, c, PFL_KB_WAIT))
				continue;
			for (int32_t l = c->loop; l >= 0; l = m->loops.items[l].parent)
				w[l] = 1;
		}
		mm->kb_loops = w;
	}
	return loop >= 0 && (size_t)loop < m->loops.size && ((const uint8_t *)m->kb_loops)[loop];
}

/* Whether loop l runs call once per item (C): see pfl_kb_item_depth. */
static bool kb__item_loop(const pfl_model *m, const pfl_call *call, int32_t l)
{
	return pfl_loops_repeats(m, l, call->once_loop) && !m->loops.items[l].chunked && !pfl_kb_loop_waits(m, l) &&
	       !pfl_loops_retries(m, l, call);
}

uint32_t pfl_kb_item_depth(const pfl_model *m, const pfl_call *call)
{
	if (m->lang != PFL_LANG_C)
		return pfl_loops_repeat_depth(m, call->loop, call->once_loop);
	uint32_t d = 0;
	for (int32_t l = call->loop; l >= 0; l = m->loops.items[l].parent)
		d += kb__item_loop(m, call, l);
	return d;
}

int32_t pfl_kb_item_loop(const pfl_model *m, const pfl_call *call)
{
	for (int32_t l = call->loop; l >= 0; l = m->loops.items[l].parent)
		if (kb__item_loop(m, call, l))
			return l;
	return -1;
}
