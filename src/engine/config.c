/*
 * config.c - reading .perflint.yml, and printing the effective
 * configuration with the origin of each value.
 *
 * The file is read with libyaml's document API, so every node has its
 * line. Each key has one reader; a reader either stores the value or
 * reports exactly what is wrong, naming the file, the line and the key.
 * Nothing of a file with a mistake is used.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "../util/alloc.h"
#include "../util/error.h"
#include "../util/fileio.h"
#include "../util/path.h"
#include "finding.h"

#define CONFIG__DEFAULT_MAX_FILE_SIZE (16u * 1024 * 1024)

/* Names indexed by pfl_config_key. */
static const char *const config__names[PFL_CFG__COUNT] = {
	[PFL_CFG_SELECT] = "select",
	[PFL_CFG_IGNORE] = "ignore",
	[PFL_CFG_EXCLUDE] = "exclude",
	[PFL_CFG_PER_FILE_IGNORES] = "per-file-ignores",
	[PFL_CFG_SEVERITY] = "severity",
	[PFL_CFG_FAIL_ON] = "fail-on",
	[PFL_CFG_MIN_SEVERITY] = "min-severity",
	[PFL_CFG_MAX_FILE_SIZE] = "max-file-size",
	[PFL_CFG_MAX_FINDINGS] = "max-findings-per-file",
	[PFL_CFG_PARSE_TIMEOUT] = "parse-timeout",
	[PFL_CFG_ROUND_TRIP] = "round-trip",
	[PFL_CFG_BLOCKING] = "blocking",
	[PFL_CFG_SAFE_WRAPPERS] = "safe-wrappers",
	[PFL_CFG_CALLBACKS] = "callback-registrations",
	[PFL_CFG_COMPILE_COMMANDS] = "compile-commands",
	[PFL_CFG_INCLUDE_DIRS] = "include-dirs",
	[PFL_CFG_DEFINES] = "defines",
};

const char *pfl_config_key_name(pfl_config_key key)
{
	return (unsigned)key < PFL_CFG__COUNT ? config__names[key] : "?";
}

void pfl_config_init(pfl_config *c)
{
	memset(c, 0, sizeof(*c));
	c->fail_on = PFL_SEV_LOW;
	c->min_severity = PFL_SEV_LOW;
	c->max_file_size = CONFIG__DEFAULT_MAX_FILE_SIZE;
	c->max_findings = PFL_CONFIG_DEFAULT_MAX_FINDINGS;
	c->parse_timeout = PFL_CONFIG_DEFAULT_PARSE_TIMEOUT;
}

void pfl_config_release(pfl_config *c)
{
	for (size_t i = 0; i < c->kb.size; i++)
		pfl_kb_entry_release(&c->kb.items[i].entry);
	pfl_array_release(&c->kb);
	pfl_array_release(&c->select);
	pfl_array_release(&c->ignore);
	pfl_array_release(&c->exclude);
	pfl_array_release(&c->include_dirs);
	pfl_array_release(&c->defines);
	pfl_array_release(&c->per_file_ignores);
	pfl_array_release(&c->severity);
	pfl_arena_release(&c->arena);
	free(c->file);
	free(c->dir);
	memset(c, 0, sizeof(*c));
}

void pfl_config_set_by(pfl_config *c, pfl_config_key key, const char *option)
{
	c->origin[key].line = 0;
	c->origin[key].option = option;
}

char *pfl_config_find(const char *start)
{
	char *abs = pfl_path_absolute(start ? start : ".");
	if (!abs)
		return NULL;
	struct stat sb;
	if (stat(abs, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		char *dir = pfl_path_dirname(abs);
		free(abs);
		abs = dir;
	}
	for (;;) {
		char *probe = pfl_path_join(abs, PFL_CONFIG_NAME);
		if (stat(probe, &sb) == 0 && S_ISREG(sb.st_mode)) {
			free(abs);
			return probe;
		}
		free(probe);
		char *git = pfl_path_join(abs, ".git");
		bool root = access(git, F_OK) == 0;
		free(git);
		if (root || strcmp(abs, "/") == 0 || !strchr(abs, '/'))
			break;
		char *up = pfl_path_dirname(abs);
		free(abs);
		abs = up;
	}
	free(abs);
	return NULL;
}

/* ---- reading ---- */

/* The state of one file being read. */
typedef struct config__reader {
	pfl_config *c;
	yaml_document_t *doc;
	const char *file;  /* as named to the user */
} config__reader;

/* Report a mistake at a node: "'file': line N: key 'k': message". */
static int config__fail(config__reader *r, const yaml_node_t *n, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int config__fail(config__reader *r, const yaml_node_t *n, const char *key, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	size_t line = n ? n->start_mark.line + 1 : 1;
	if (key)
		return pfl_error("'%s': line %zu: key '%s': %s", r->file, line, key, msg);
	return pfl_error("'%s': line %zu: %s", r->file, line, msg);
}

static uint32_t config__line(const yaml_node_t *n)
{
	return n ? (uint32_t)n->start_mark.line + 1 : 0;
}

/* A scalar's text, or NULL when n is not a scalar. */
static const char *config__text(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* What a node is, for "expected X, found Y". */
static const char *config__what(const yaml_node_t *n)
{
	if (!n)
		return "nothing";
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return n->data.scalar.length ? "a single value" : "an empty value";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "nothing";
	}
}

/*
 * A list of strings: a sequence of scalars, or one scalar (split at
 * commas when split is set). Appended to out, strings in the arena.
 */
static int config__strings(config__reader *r, const yaml_node_t *n, const char *key, bool split,
			   pfl_config_strings *out)
{
	if (n->type == YAML_SCALAR_NODE) {
		const char *s = config__text(n);
		if (!split) {
			if (!*s)
				return config__fail(r, n, key, "expected a value or a list of values, found an empty value");
			pfl_array_push(out, pfl_arena_strdup(&r->c->arena, s));
			return 0;
		}
		const char *p = s;
		while (*p) {
			size_t len = strcspn(p, ",");
			const char *a = p, *b = p + len;
			while (a < b && (*a == ' ' || *a == '\t'))
				a++;
			while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
				b--;
			if (b > a)
				pfl_array_push(out, pfl_arena_strndup(&r->c->arena, a, (size_t)(b - a)));
			p += len;
			if (*p == ',')
				p++;
		}
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return config__fail(r, n, key, "expected a list of values, found %s", config__what(n));
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(r->doc, *it);
		const char *s = config__text(e);
		if (!s || !*s)
			return config__fail(r, e, key, "expected a list of values, found %s in the list", config__what(e));
		pfl_array_push(out, pfl_arena_strdup(&r->c->arena, s));
	}
	return 0;
}

/* Rule tokens (ids, prefixes, families), each checked. */
static int config__rules(config__reader *r, const yaml_node_t *n, const char *key, pfl_config_strings *out)
{
	size_t first = out->size;
	if (config__strings(r, n, key, true, out) != 0)
		return -1;
	for (size_t i = first; i < out->size; i++) {
		char *t = (char *)out->items[i];
		if (strncasecmp(t, "pfl", 3) == 0)
			for (char *p = t; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 'a' + 'A');
		if (!pfl_rules_token_valid(t))
			return config__fail(r, n, key, "unknown rule or family '%s' (see perflint --list-rules)", t);
	}
	return 0;
}

/* A severity name. */
static int config__level(config__reader *r, const yaml_node_t *n, const char *key, int *out)
{
	const char *s = config__text(n);
	int v = s ? pfl_severity_parse(s) : -1;
	if (v < 0)
		return config__fail(r, n, key, "expected one of low, medium, high, critical, found %s%s%s",
				    s ? "'" : "", s ? s : config__what(n), s ? "'" : "");
	*out = v;
	return 0;
}

/* A size in bytes: digits, optionally followed by K, M or G (powers of 1024). */
static int config__size(config__reader *r, const yaml_node_t *n, const char *key, size_t *out)
{
	const char *s = config__text(n);
	if (s) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(s, &end, 10);
		unsigned long long mul = 1;
		if (end != s && *s != '-') {
			if (*end == 'k' || *end == 'K')
				mul = 1024, end++;
			else if (*end == 'm' || *end == 'M')
				mul = 1024 * 1024, end++;
			else if (*end == 'g' || *end == 'G')
				mul = 1024ull * 1024 * 1024, end++;
			if (!*end && !errno && v >= 1 && v <= (1ull << 40) / mul) {
				*out = (size_t)(v * mul);
				return 0;
			}
		}
	}
	return config__fail(r, n, key, "expected a size in bytes (a number, optionally followed by K, M or G), found %s%s%s",
			    s ? "'" : "", s ? s : config__what(n), s ? "'" : "");
}

/* A path: relative to the configuration's directory. */
static const char *config__path(config__reader *r, const char *s)
{
	if (s[0] == '/')
		return pfl_arena_strdup(&r->c->arena, s);
	char *j = pfl_path_join(r->c->dir, s);
	char *norm = pfl_path_normalize(j);
	const char *out = pfl_arena_strdup(&r->c->arena, norm);
	free(norm);
	free(j);
	return out;
}

/* per-file-ignores: a mapping from glob to rule tokens. */
static int config__per_file(config__reader *r, const yaml_node_t *n, const char *key)
{
	if (n->type != YAML_MAPPING_NODE)
		return config__fail(r, n, key, "expected a mapping from file globs to rules, found %s", config__what(n));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(r->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(r->doc, p->value);
		const char *glob = config__text(k);
		if (!glob || !*glob)
			return config__fail(r, k, key, "expected a file glob, found %s", config__what(k));
		pfl_config_strings toks = { 0 };
		if (config__rules(r, v, key, &toks) != 0) {
			pfl_array_release(&toks);
			return -1;
		}
		pfl_config_path_rules *pr = pfl_array_grow_one(&r->c->per_file_ignores);
		pr->glob = pfl_arena_strdup(&r->c->arena, glob);
		pr->ntokens = toks.size;
		pr->tokens = pfl_arena_zalloc(&r->c->arena, (toks.size + 1) * sizeof(*pr->tokens));
		for (size_t i = 0; i < toks.size; i++)
			pr->tokens[i] = toks.items[i];
		pr->line = config__line(k);
		pfl_array_release(&toks);
	}
	return 0;
}

/* severity: a mapping from rule id to a base score or a severity name. */
static int config__severity(config__reader *r, const yaml_node_t *n, const char *key)
{
	if (n->type != YAML_MAPPING_NODE)
		return config__fail(r, n, key, "expected a mapping from rule ids to a score or a severity, found %s",
				    config__what(n));
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(r->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(r->doc, p->value);
		const char *id = config__text(k);
		const pfl_rule *rule = id ? pfl_rules_find(id) : NULL;
		if (!rule)
			return config__fail(r, k, key, "unknown rule '%s' (expected a rule id such as PFL101)",
					    id ? id : config__what(k));
		const char *s = config__text(v);
		pfl_config_severity sv = { rule->meta, -1, -1, config__line(k) };
		char *end = NULL;
		long score = s ? strtol(s, &end, 10) : -1;
		if (s && *s && end && !*end) {
			if (score < 0 || score > 100)
				return config__fail(r, v, key, "%s: a score must be from 0 to 100, found %ld", rule->meta->id, score);
			sv.base = (int)score;
		} else if (s && pfl_severity_parse(s) >= 0) {
			sv.level = pfl_severity_parse(s);
		} else {
			return config__fail(r, v, key, "%s: expected a score from 0 to 100 or one of low, medium, high, "
					    "critical, found %s%s%s", rule->meta->id, s ? "'" : "", s ? s : config__what(v), s ? "'" : "");
		}
		pfl_array_push(&r->c->severity, sv);
	}
	return 0;
}

/* The keys a knowledge-base entry of the file may have. */
static const char *const config__kb_keys[] = {
	"match", "method", "receiver", "language", "what", "fix", "replacement", "confidence", "framework", "arg", NULL,
};

/* Whether s is in the NULL-terminated list l. */
static bool config__in(const char *const *l, const char *s)
{
	for (; *l; l++)
		if (strcmp(*l, s) == 0)
			return true;
	return false;
}

/* The languages an entry applies to (a bit per pfl_lang), or -1. */
static int config__kb_langs(config__reader *r, const yaml_node_t *e, const char *key, pfl_config_key k)
{
	const yaml_node_t *lang = NULL;
	if (e->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *p = e->data.mapping.pairs.start; p < e->data.mapping.pairs.top; p++) {
			const char *name = config__text(yaml_document_get_node(r->doc, p->key));
			if (name && strcmp(name, "language") == 0)
				lang = yaml_document_get_node(r->doc, p->value);
		}
	if (!lang)
		return k == PFL_CFG_CALLBACKS ? 1 << PFL_LANG_C : (1 << PFL_LANG_PYTHON) | (1 << PFL_LANG_C);
	const char *s = config__text(lang);
	if (s && strcmp(s, "python") == 0)
		return 1 << PFL_LANG_PYTHON;
	if (s && strcmp(s, "c") == 0)
		return 1 << PFL_LANG_C;
	return config__fail(r, lang, key, "'language' must be python or c, found %s%s%s", s ? "'" : "",
			    s ? s : config__what(lang), s ? "'" : "");
}

/* A knowledge-base list: each item a name glob, or an entry mapping. */
static int config__kb(config__reader *r, const yaml_node_t *n, const char *key, pfl_config_key k)
{
	static const int kinds[PFL_CFG__COUNT] = {
		[PFL_CFG_ROUND_TRIP] = PFL_KB_ROUND_TRIP,
		[PFL_CFG_BLOCKING] = PFL_KB_BLOCKING,
		[PFL_CFG_SAFE_WRAPPERS] = PFL_KB_SAFE_WRAPPER,
		[PFL_CFG_CALLBACKS] = PFL_KB_CALLBACK,
	};
	if (n->type != YAML_SEQUENCE_NODE)
		return config__fail(r, n, key, "expected a list of function names or entries, found %s", config__what(n));
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(r->doc, *it);
		if (e->type == YAML_SCALAR_NODE && k == PFL_CFG_CALLBACKS)
			return config__fail(r, e, key, "a callback registration needs 'match', 'arg' and 'framework' "
					    "(see docs/configuration.md)");
		if (e->type == YAML_SCALAR_NODE && !*config__text(e))
			return config__fail(r, e, key, "expected a function name, found an empty value");
		if (e->type != YAML_SCALAR_NODE && e->type != YAML_MAPPING_NODE)
			return config__fail(r, e, key, "expected a function name or an entry, found %s", config__what(e));
		if (e->type == YAML_MAPPING_NODE) {
			for (yaml_node_pair_t *p = e->data.mapping.pairs.start; p < e->data.mapping.pairs.top; p++) {
				yaml_node_t *pk = yaml_document_get_node(r->doc, p->key);
				const char *name = config__text(pk);
				if (!name || !config__in(config__kb_keys, name))
					return config__fail(r, pk, key, "unknown entry key '%s' (expected match, method, "
							    "receiver, language, what, fix, replacement, confidence, "
							    "framework or arg)", name ? name : "?");
			}
		}
		int langs = config__kb_langs(r, e, key, k);
		if (langs < 0)
			return -1;
		for (int lang = 0; lang <= PFL_LANG_C; lang++) {
			if (!(langs & (1 << lang)))
				continue;
			pfl_config_kb ck;
			memset(&ck, 0, sizeof(ck));
			char err[256];
			if (e->type == YAML_SCALAR_NODE) {
				ck.entry.lang = (pfl_lang)lang;
				ck.entry.kind = (pfl_kb_kind)kinds[k];
				ck.entry.library = pfl_strdup("the configuration");
				ck.entry.file = pfl_strdup(PFL_CONFIG_NAME);
				ck.entry.match = pfl_calloc(2, sizeof(char *));
				ck.entry.match[0] = pfl_strdup(config__text(e));
				ck.entry.what = pfl_strdup(k == PFL_CFG_BLOCKING ? "a blocking call" : "a round trip");
			} else if (pfl_kb_entry_read(r->doc, e, kinds[k], (pfl_lang)lang, "the configuration",
						     PFL_CONFIG_NAME, &ck.entry, err, sizeof(err)) != 0) {
				return config__fail(r, e, key, "%s", err);
			}
			ck.key = k;
			ck.line = config__line(e);
			pfl_array_push(&r->c->kb, ck);
		}
	}
	return 0;
}

/* Edit distance of two short strings (for "did you mean"). */
static size_t config__distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40)
		return 99;
	size_t row[41];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Read one key's value. */
static int config__key(config__reader *r, pfl_config_key k, const yaml_node_t *v)
{
	pfl_config *c = r->c;
	const char *key = config__names[k];
	switch (k) {
	case PFL_CFG_SELECT:
		return config__rules(r, v, key, &c->select);
	case PFL_CFG_IGNORE:
		return config__rules(r, v, key, &c->ignore);
	case PFL_CFG_EXCLUDE:
		c->exclude_from_file = true;
		return config__strings(r, v, key, false, &c->exclude);
	case PFL_CFG_PER_FILE_IGNORES:
		return config__per_file(r, v, key);
	case PFL_CFG_SEVERITY:
		return config__severity(r, v, key);
	case PFL_CFG_FAIL_ON:
		return config__level(r, v, key, &c->fail_on);
	case PFL_CFG_MIN_SEVERITY:
		return config__level(r, v, key, &c->min_severity);
	case PFL_CFG_MAX_FILE_SIZE:
		return config__size(r, v, key, &c->max_file_size);
	case PFL_CFG_MAX_FINDINGS: {
		const char *s = config__text(v);
		char *end = NULL;
		unsigned long long n = s && *s != '-' ? strtoull(s, &end, 10) : 0;
		if (!s || !*s || *end || n < 1 || n > 100000000ull)
			return config__fail(r, v, key, "expected a number from 1 to 100000000, found %s%s%s",
					    s ? "'" : "", s ? s : config__what(v), s ? "'" : "");
		c->max_findings = (size_t)n;
		return 0;
	}
	case PFL_CFG_PARSE_TIMEOUT: {
		const char *s = config__text(v);
		char *end = NULL;
		double t = s && *s ? strtod(s, &end) : -1;
		if (!s || !*s || *end || !(t >= 0 && t <= 86400))
			return config__fail(r, v, key, "expected seconds from 0 (no limit) to 86400, found %s%s%s",
					    s ? "'" : "", s ? s : config__what(v), s ? "'" : "");
		c->parse_timeout = t;
		return 0;
	}
	case PFL_CFG_ROUND_TRIP:
	case PFL_CFG_BLOCKING:
	case PFL_CFG_SAFE_WRAPPERS:
	case PFL_CFG_CALLBACKS:
		return config__kb(r, v, key, k);
	case PFL_CFG_COMPILE_COMMANDS: {
		const char *s = config__text(v);
		if (!s || !*s)
			return config__fail(r, v, key, "expected a path, found %s", config__what(v));
		c->compile_commands = config__path(r, s);
		return 0;
	}
	case PFL_CFG_INCLUDE_DIRS: {
		size_t first = c->include_dirs.size;
		if (config__strings(r, v, key, false, &c->include_dirs) != 0)
			return -1;
		for (size_t i = first; i < c->include_dirs.size; i++)
			c->include_dirs.items[i] = config__path(r, c->include_dirs.items[i]);
		return 0;
	}
	case PFL_CFG_DEFINES: {
		size_t first = c->defines.size;
		if (config__strings(r, v, key, false, &c->defines) != 0)
			return -1;
		for (size_t i = first; i < c->defines.size; i++) {
			const char *d = c->defines.items[i];
			if (!*d || *d == '=' || strchr(d, ' '))
				return config__fail(r, v, key, "'%s': expected NAME or NAME=VALUE", d);
		}
		return 0;
	}
	case PFL_CFG__COUNT:
		break;
	}
	return -1;
}

/* Read the document's root mapping. */
static int config__root(config__reader *r, yaml_node_t *root)
{
	if (!root)
		return 0; /* an empty file: the defaults */
	if (root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)
		return 0;
	if (root->type != YAML_MAPPING_NODE)
		return config__fail(r, root, NULL, "expected a mapping of settings (key: value), found %s",
				    config__what(root));
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(r->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(r->doc, p->value);
		const char *name = config__text(k);
		if (!name)
			return config__fail(r, k, NULL, "expected a key name, found %s", config__what(k));
		int key = -1;
		for (int i = 0; i < PFL_CFG__COUNT; i++)
			if (strcmp(config__names[i], name) == 0)
				key = i;
		if (key < 0) {
			const char *near = NULL;
			size_t best = 3;
			for (int i = 0; i < PFL_CFG__COUNT; i++) {
				size_t d = config__distance(name, config__names[i]);
				if (d < best)
					best = d, near = config__names[i];
			}
			if (near)
				return config__fail(r, k, NULL, "unknown key '%s' (did you mean '%s'?)", name, near);
			return config__fail(r, k, NULL, "unknown key '%s' (see docs/configuration.md for the keys)", name);
		}
		if (r->c->origin[key].line)
			return config__fail(r, k, name, "given twice (first at line %u)", r->c->origin[key].line);
		r->c->origin[key].line = config__line(k);
		if (config__key(r, (pfl_config_key)key, v) != 0)
			return -1;
	}
	return 0;
}

int pfl_config_load(pfl_config *c, const char *file)
{
	pfl_file_content fc;
	pfl_read_status st = pfl_read_file(file, 1u << 20, &fc);
	if (st != PFL_READ_OK)
		return pfl_error("cannot read configuration '%s': %s", file,
				 st == PFL_READ_TOO_LARGE ? "larger than 1 MiB" : pfl_read_status_str(st, fc.err));
	free(c->file);
	free(c->dir);
	c->file = pfl_path_absolute(file);
	c->dir = pfl_path_dirname(c->file);
	int ret = pfl_config_parse(c, file, fc.data, fc.len);
	free(fc.data);
	return ret;
}

int pfl_config_parse(pfl_config *c, const char *file, const char *data, size_t len)
{
	if (memchr(data, '\0', len))
		return pfl_error("'%s': not a YAML file (contains NUL bytes)", file);
	if (!c->dir)
		c->dir = pfl_strdup(".");
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	int ret;
	if (!yaml_parser_load(&parser, &doc)) {
		ret = pfl_error("'%s': line %zu: malformed YAML: %s%s%s", file, parser.problem_mark.line + 1,
				parser.problem ? parser.problem : "invalid document", parser.context ? " " : "",
				parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return ret;
	}
	config__reader r = { c, &doc, file };
	ret = config__root(&r, yaml_document_get_root_node(&doc));
	if (ret == 0) {
		/* A second document is a mistake, not something to ignore silently. */
		yaml_document_t next;
		if (yaml_parser_load(&parser, &next)) {
			if (yaml_document_get_root_node(&next))
				ret = pfl_error("'%s': line %zu: only one YAML document is read; remove the '---' and "
						"what follows", file, yaml_document_get_root_node(&next)->start_mark.line + 1);
			yaml_document_delete(&next);
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return ret;
}

void pfl_config_apply_kb(const pfl_config *c)
{
	for (size_t i = 0; i < c->kb.size; i++) {
		/* The knowledge base takes a copy that owns its own strings. */
		const pfl_kb_entry *e = &c->kb.items[i].entry;
		pfl_kb_entry copy = *e;
		const char **lists[3] = { e->match, e->method, e->receiver };
		const char ***dst[3] = { &copy.match, &copy.method, &copy.receiver };
		for (int l = 0; l < 3; l++) {
			if (!lists[l])
				continue;
			size_t n = 0;
			while (lists[l][n])
				n++;
			const char **d = pfl_calloc(n + 1, sizeof(*d));
			for (size_t k = 0; k < n; k++)
				d[k] = pfl_strdup(lists[l][k]);
			*dst[l] = d;
		}
		const char **strs[] = { &copy.library, &copy.file, &copy.receiver_kind, &copy.kwarg, &copy.what,
					&copy.fix, &copy.replacement, &copy.framework };
		for (size_t s = 0; s < sizeof(strs) / sizeof(strs[0]); s++)
			if (*strs[s])
				*strs[s] = pfl_strdup(*strs[s]);
		pfl_kb_add(&copy);
	}
}

bool pfl_config_ignores(const pfl_config *c, const char *path, const pfl_rule_meta *r)
{
	if (!c || !c->per_file_ignores.size || !c->dir)
		return false;
	char *abs = pfl_path_absolute(path);
	char *rel = abs ? pfl_path_relative_to(abs, c->dir) : NULL;
	const char *p = rel ? rel : path;
	bool hit = false;
	for (size_t i = 0; i < c->per_file_ignores.size && !hit; i++) {
		const pfl_config_path_rules *pr = &c->per_file_ignores.items[i];
		if (!pfl_path_glob_match(pr->glob, p))
			continue;
		for (size_t t = 0; t < pr->ntokens && !hit; t++)
			hit = pfl_rule_matches(r, pr->tokens[t]);
	}
	free(rel);
	free(abs);
	return hit;
}

/* ---- printing ---- */

/* A YAML scalar: plain when it is safe, else double-quoted with escapes. */
static void config__scalar(pfl_strbuf *out, const char *s)
{
	bool plain = *s && !strchr("-?:,[]{}#&*!|>'\"%@` ", *s);
	for (const char *p = s; *p && plain; p++) {
		unsigned char ch = (unsigned char)*p;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      strchr("_./-=+*()", ch)))
			plain = false;
	}
	if (plain) {
		pfl_strbuf_adds(out, s);
		return;
	}
	pfl_strbuf_addch(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			pfl_strbuf_addch(out, '\\');
			pfl_strbuf_addch(out, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f) {
			pfl_strbuf_addf(out, "\\x%02x", *p);
		} else {
			pfl_strbuf_addch(out, (char)*p);
		}
	}
	pfl_strbuf_addch(out, '"');
}

/* A flow list of scalars. */
static void config__flow(pfl_strbuf *out, const char *const *items, size_t n)
{
	pfl_strbuf_addch(out, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			pfl_strbuf_adds(out, ", ");
		config__scalar(out, items[i]);
	}
	pfl_strbuf_addch(out, ']');
}

/* The origin comment of a key (none for a fingerprint). */
static void config__origin(pfl_strbuf *out, const pfl_config *c, pfl_config_key k, bool origins)
{
	const pfl_config_origin *o = &c->origin[k];
	if (!origins) {
		pfl_strbuf_addch(out, '\n');
		return;
	}
	if (o->option)
		pfl_strbuf_addf(out, "  # from %s\n", o->option);
	else if (o->line)
		pfl_strbuf_addf(out, "  # from %s:%u\n", c->file, o->line);
	else
		pfl_strbuf_adds(out, "  # default\n");
}

/* An entry of the knowledge base as a flow mapping. */
static void config__kb_entry(pfl_strbuf *out, const pfl_kb_entry *e)
{
	pfl_strbuf_addf(out, "{language: %s", e->lang == PFL_LANG_C ? "c" : "python");
	const char *const *lists[3] = { e->match, e->method, e->receiver };
	static const char *const names[3] = { "match", "method", "receiver" };
	for (int l = 0; l < 3; l++) {
		if (!lists[l])
			continue;
		size_t n = 0;
		while (lists[l][n])
			n++;
		pfl_strbuf_addf(out, ", %s: ", names[l]);
		config__flow(out, lists[l], n);
	}
	if (e->kind == PFL_KB_CALLBACK) {
		pfl_strbuf_adds(out, ", framework: ");
		config__scalar(out, e->framework);
		pfl_strbuf_adds(out, ", arg: [");
		for (int i = 0; i < e->nargs; i++)
			pfl_strbuf_addf(out, i ? ", %d" : "%d", e->args[i]);
		pfl_strbuf_addch(out, ']');
	}
	pfl_strbuf_adds(out, ", what: ");
	config__scalar(out, e->what);
	pfl_strbuf_adds(out, "}\n");
}

/* The keys and values, with their origins or not. */
static void config__print(const pfl_config *c, pfl_strbuf *out, bool origins)
{
	for (int k = 0; k < PFL_CFG__COUNT; k++) {
		pfl_strbuf_addf(out, "%s:", config__names[k]);
		switch ((pfl_config_key)k) {
		case PFL_CFG_SELECT:
			if (!c->select.size)
				pfl_strbuf_adds(out, " [all]");
			else {
				pfl_strbuf_addch(out, ' ');
				config__flow(out, c->select.items, c->select.size);
			}
			break;
		case PFL_CFG_IGNORE:
		case PFL_CFG_EXCLUDE:
		case PFL_CFG_INCLUDE_DIRS:
		case PFL_CFG_DEFINES: {
			const pfl_config_strings *l = k == PFL_CFG_IGNORE ? &c->ignore : k == PFL_CFG_EXCLUDE ? &c->exclude
						       : k == PFL_CFG_INCLUDE_DIRS ? &c->include_dirs : &c->defines;
			pfl_strbuf_addch(out, ' ');
			config__flow(out, l->items, l->size);
			break;
		}
		case PFL_CFG_PER_FILE_IGNORES:
			if (!c->per_file_ignores.size)
				pfl_strbuf_adds(out, " {}");
			break;
		case PFL_CFG_SEVERITY:
			if (!c->severity.size)
				pfl_strbuf_adds(out, " {}");
			break;
		case PFL_CFG_FAIL_ON:
			pfl_strbuf_addf(out, " %s", pfl_severity_name((pfl_severity)c->fail_on));
			break;
		case PFL_CFG_MIN_SEVERITY:
			pfl_strbuf_addf(out, " %s", pfl_severity_name((pfl_severity)c->min_severity));
			break;
		case PFL_CFG_MAX_FILE_SIZE:
			pfl_strbuf_addf(out, " %zu", c->max_file_size);
			break;
		case PFL_CFG_MAX_FINDINGS:
			pfl_strbuf_addf(out, " %zu", c->max_findings);
			break;
		case PFL_CFG_PARSE_TIMEOUT:
			pfl_strbuf_addf(out, " %g", c->parse_timeout);
			break;
		case PFL_CFG_ROUND_TRIP:
		case PFL_CFG_BLOCKING:
		case PFL_CFG_SAFE_WRAPPERS:
		case PFL_CFG_CALLBACKS: {
			bool any = false;
			for (size_t i = 0; i < c->kb.size && !any; i++)
				any = c->kb.items[i].key == (pfl_config_key)k;
			if (!any)
				pfl_strbuf_adds(out, " []");
			break;
		}
		case PFL_CFG_COMPILE_COMMANDS:
			pfl_strbuf_addch(out, ' ');
			if (c->compile_commands)
				config__scalar(out, c->compile_commands);
			else
				pfl_strbuf_adds(out, "null");
			break;
		case PFL_CFG__COUNT:
			break;
		}
		config__origin(out, c, (pfl_config_key)k, origins);
		if (k == PFL_CFG_PER_FILE_IGNORES)
			for (size_t i = 0; i < c->per_file_ignores.size; i++) {
				const pfl_config_path_rules *pr = &c->per_file_ignores.items[i];
				pfl_strbuf_adds(out, "  ");
				config__scalar(out, pr->glob);
				pfl_strbuf_adds(out, ": ");
				config__flow(out, pr->tokens, pr->ntokens);
				pfl_strbuf_addch(out, '\n');
			}
		if (k == PFL_CFG_SEVERITY)
			for (size_t i = 0; i < c->severity.size; i++) {
				const pfl_config_severity *sv = &c->severity.items[i];
				if (sv->base >= 0)
					pfl_strbuf_addf(out, "  %s: %d  # base score, default %d\n", sv->rule->id, sv->base,
							sv->rule->base_score);
				else
					pfl_strbuf_addf(out, "  %s: %s\n", sv->rule->id,
							pfl_severity_name((pfl_severity)sv->level));
			}
		for (size_t i = 0; i < c->kb.size; i++)
			if (c->kb.items[i].key == (pfl_config_key)k) {
				pfl_strbuf_adds(out, "  - ");
				config__kb_entry(out, &c->kb.items[i].entry);
			}
	}
}

void pfl_config_print(const pfl_config *c, pfl_strbuf *out)
{
	pfl_strbuf_adds(out, "# perflint's effective configuration\n");
	if (c->file)
		pfl_strbuf_addf(out, "# file: %s\n", c->file);
	else
		pfl_strbuf_adds(out, "# file: none (no " PFL_CONFIG_NAME " found; defaults and the command line)\n");
	config__print(c, out, true);
}

void pfl_config_fingerprint(const pfl_config *c, pfl_strbuf *out)
{
	/* The file's directory too: relative globs and paths depend on it. */
	pfl_strbuf_addf(out, "dir: %s\n", c->dir ? c->dir : "");
	config__print(c, out, false);
}
