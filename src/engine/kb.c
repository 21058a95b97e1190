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
 * An index from the last component of a pattern or method name ("get",
 * "execute") to the patterns that may match a call ending in it, so a
 * lookup tests a handful of globs instead of every entry. Patterns whose
 * last component is itself a glob go to kb__wild.
 */
typedef struct kb__ref {
	uint32_t entry;
	int32_t pat;     /* >= 0: index into the entry's match list; <= -2: method -(pat + 2) */
	uint16_t plen;   /* literal prefix length of the pattern (before any wildcard) */
	uint16_t slen;   /* literal suffix length (after the last wildcard) */
} kb__ref;
typedef PFL_ARRAY(kb__ref) kb__refs;
typedef struct kb__slot {
	const char *key; /* NULL: empty */
	kb__refs refs;
} kb__slot;
static kb__slot *kb__table;
static size_t kb__cap;
static kb__refs kb__wild;

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

/* The slot for key[0..n) (found or empty). */
static kb__slot *kb__slot_of(const char *key, size_t n)
{
	size_t i = (size_t)(kb__hash(key, n) & (kb__cap - 1));
	while (kb__table[i].key && !(strlen(kb__table[i].key) == n && memcmp(kb__table[i].key, key, n) == 0))
		i = (i + 1) & (kb__cap - 1);
	return &kb__table[i];
}

/* Index one pattern (pat >= 0) or method name (pat < 0) of entry id. */
static void kb__index(const char *pattern, uint32_t id, int32_t pat)
{
	kb__ref ref = { id, pat, 0, 0 };
	size_t n = strlen(pattern), p = strcspn(pattern, "*?[");
	ref.plen = (uint16_t)(p < 0xffff ? p : 0xffff);
	size_t sfx = 0;
	while (sfx < n && !strchr("*?]", pattern[n - 1 - sfx]))
		sfx++;
	ref.slen = (uint16_t)(p == n ? 0 : (sfx < 0xffff ? sfx : 0xffff));
	const char *last = strrchr(pattern, '.');
	last = last ? last + 1 : pattern;
	if (strpbrk(last, "*?[") || !*last) {
		pfl_array_push(&kb__wild, ref);
		return;
	}
	kb__slot *sl = kb__slot_of(last, strlen(last));
	if (!sl->key)
		sl->key = pfl_strdup(last);
	pfl_array_push(&sl->refs, ref);
}

/* Build the index over every pattern and method name (again after additions). */
static void kb__build_index(void)
{
	for (size_t i = 0; i < kb__cap; i++) {
		free((char *)kb__table[i].key);
		pfl_array_release(&kb__table[i].refs);
	}
	free(kb__table);
	pfl_array_release(&kb__wild);
	size_t keys = 16;
	for (size_t i = 0; i < kb__entries.size; i++) {
		const pfl_kb_entry *e = &kb__entries.items[i];
		for (const char **p = e->match; p && *p; p++)
			keys++;
		for (const char **p = e->method; p && *p; p++)
			keys++;
	}
	kb__cap = 16;
	while (kb__cap < keys * 2)
		kb__cap *= 2;
	kb__table = pfl_calloc(kb__cap, sizeof(*kb__table));
	for (size_t i = 0; i < kb__entries.size; i++) {
		const pfl_kb_entry *e = &kb__entries.items[i];
		int32_t k = 0;
		for (const char **p = e->match; p && *p; p++, k++)
			kb__index(*p, (uint32_t)i, k);
		k = 0;
		for (const char **p = e->method; p && *p; p++, k++)
			kb__index(*p, (uint32_t)i, -(k + 2));
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

/* Whether any glob of a NULL-terminated list matches s. */
static bool kb__any(const char **globs, const char *s)
{
	for (; globs && *globs; globs++)
		if (kb__glob(*globs, s))
			return true;
	return false;
}

/* The last component of a dotted receiver text ("self.cursor" -> "cursor"). */
static const char *kb__last(const char *text)
{
	const char *d = strrchr(text, '.');
	return d ? d + 1 : text;
}

/* Whether e describes call by its method name number k and the receiver. */
static bool kb__match_method(const pfl_kb_entry *e, int32_t k, const pfl_call *call)
{
	if (!e->method || !call->method || !kb__glob(e->method[k], call->method))
		return false;
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
	return kb__any(e->receiver, kb__last(r->text));
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

/* Test the patterns of one index list against call. */
static void kb__scan(const kb__refs *refs, const pfl_model *m, const pfl_call *call, kb__best *best)
{
	const char *callee = call->callee;
	size_t clen = callee ? strlen(callee) : 0;
	for (size_t i = 0; i < refs->size; i++) {
		const kb__ref *ref = &refs->items[i];
		const pfl_kb_entry *e = &kb__entries.items[ref->entry];
		if (e->lang != m->lang)
			continue;
		if (ref->pat >= 0) {
			if (!callee || ref->entry >= best->callee[e->kind])
				continue;
			const char *g = e->match[ref->pat];
			/* Cheap rejections on the literal prefix and suffix first. */
			if (ref->plen && strncmp(g, callee, ref->plen) != 0)
				continue;
			if (ref->slen && (clen < ref->slen || memcmp(g + strlen(g) - ref->slen, callee + clen - ref->slen, ref->slen) != 0))
				continue;
			if (!ref->slen && !strpbrk(g, "*?[") && strcmp(g, callee) != 0)
				continue;
			if (kb__glob(g, callee) && kb__kwarg_ok(e, call))
				best->callee[e->kind] = ref->entry;
		} else if (ref->entry < best->method[e->kind] && kb__match_method(e, -(ref->pat + 2), call) &&
			   kb__kwarg_ok(e, call)) {
			best->method[e->kind] = ref->entry;
		}
	}
}

/* Every kind's entry for one call (NULL where none). */
static void kb__match_all(const pfl_model *m, const pfl_call *call, const pfl_kb_entry **out)
{
	kb__best best;
	for (int k = 0; k < PFL_KB__COUNT; k++)
		best.callee[k] = best.method[k] = UINT32_MAX;
	const char *name = call->method;
	if (!name && call->callee) {
		name = strrchr(call->callee, '.');
		name = name ? name + 1 : call->callee;
	}
	if (name && kb__table) {
		kb__slot *sl = kb__slot_of(name, strlen(name));
		if (sl->key)
			kb__scan(&sl->refs, m, call, &best);
		/* A call's last callee component can differ from its method ("x.y().z" vs "z"). */
		if (call->callee && call->method) {
			const char *last = strrchr(call->callee, '.');
			last = last ? last + 1 : call->callee;
			if (strcmp(last, name) != 0) {
				kb__slot *s2 = kb__slot_of(last, strlen(last));
				if (s2->key)
					kb__scan(&s2->refs, m, call, &best);
			}
		}
	}
	kb__scan(&kb__wild, m, call, &best);
	for (int k = 0; k < PFL_KB__COUNT; k++) {
		uint32_t id = best.callee[k] != UINT32_MAX ? best.callee[k] : best.method[k];
		out[k] = id != UINT32_MAX ? &kb__entries.items[id] : NULL;
	}
}

/*
 * The answers for every call of a model, computed once on the first
 * lookup and kept in the model (freed with it).
 */
static const pfl_kb_entry **kb__memo(const pfl_model *m)
{
	pfl_model *mm = (pfl_model *)m; /* a cache: the model's meaning is unchanged */
	if (!mm->kb_memo) {
		size_t n = m->calls.size ? m->calls.size : 1;
		const pfl_kb_entry **memo = pfl_calloc(n * PFL_KB__COUNT, sizeof(*memo));
		for (size_t i = 0; i < m->calls.size; i++)
			kb__match_all(m, &m->calls.items[i], memo + i * PFL_KB__COUNT);
		mm->kb_memo = memo;
	}
	return (const pfl_kb_entry **)mm->kb_memo;
}

const pfl_kb_entry *pfl_kb_lookup(const pfl_model *m, const pfl_call *call, pfl_kb_kind kind)
{
	if (m->calls.size && call >= m->calls.items && call < m->calls.items + m->calls.size)
		return kb__memo(m)[(size_t)(call - m->calls.items) * PFL_KB__COUNT + kind];
	const pfl_kb_entry *out[PFL_KB__COUNT];
	kb__match_all(m, call, out);
	return out[kind];
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
