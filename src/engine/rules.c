/* rules.c - the rule registry: compiled-in metadata bound to checks. */
#include "rule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "../rules/checks.h"
#include "../util/alloc.h"
#include "../util/array.h"
#include "../util/error.h"
#include "embedded.h"

/* One entry of the check list. */
struct rules__check {
	const char *id;
	pfl_check_file_fn fn;
	pfl_check_project_fn project;
};

static const struct rules__check rules__checks[] = {
#define PFL_RULE(id, fn, project) { #id, fn, project },
#include "../rules/rule_list.h"
#undef PFL_RULE
};
#define RULES__NCHECKS (sizeof(rules__checks) / sizeof(rules__checks[0]))

static pfl_rule rules__all[RULES__NCHECKS];
static pfl_rule_meta rules__meta[RULES__NCHECKS];
static const char *rules__families[RULES__NCHECKS + 1];
static size_t rules__n;

/* Scalar value of key in a YAML mapping node, or NULL. */
static const char *rules__get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		yaml_node_t *v = yaml_document_get_node(doc, p->value);
		if (k && k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0) {
			if (v && v->type == YAML_SCALAR_NODE)
				return pfl_strdup((char *)v->data.scalar.value);
			return NULL;
		}
	}
	return NULL;
}

/* Parse one rules/PFLnnn.yml into meta. */
static int rules__parse(const pfl_embedded_file *f, pfl_rule_meta *meta)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)f->data, f->len);
	if (!yaml_parser_load(&parser, &doc)) {
		int r = pfl_error("embedded 'rules/%s': %s at line %zu", f->path,
				  parser.problem ? parser.problem : "invalid YAML",
				  parser.problem_mark.line + 1);
		yaml_parser_delete(&parser);
		return r;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	int ret = 0;
	if (!root || root->type != YAML_MAPPING_NODE) {
		ret = pfl_error("embedded 'rules/%s': not a mapping", f->path);
	} else {
		meta->id = rules__get(&doc, root, "id");
		meta->name = rules__get(&doc, root, "name");
		meta->family = rules__get(&doc, root, "family");
		meta->languages = rules__get(&doc, root, "languages");
		meta->summary = rules__get(&doc, root, "summary");
		meta->description = rules__get(&doc, root, "description");
		meta->why = rules__get(&doc, root, "why");
		meta->fix = rules__get(&doc, root, "fix");
		meta->bad = rules__get(&doc, root, "bad");
		meta->good = rules__get(&doc, root, "good");
		meta->precision = rules__get(&doc, root, "precision");
		const char *base = rules__get(&doc, root, "base_score");
		meta->base_score = base ? atoi(base) : -1;
		free((char *)base);
		if (!meta->id || !meta->name || !meta->family || !meta->summary ||
		    !meta->description || !meta->why || !meta->fix || !meta->bad ||
		    !meta->good || !meta->precision || !meta->languages ||
		    meta->base_score < 0 || meta->base_score > 100)
			ret = pfl_error("embedded 'rules/%s': a required key is missing", f->path);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return ret;
}

static int rules__cmp(const void *a, const void *b)
{
	const pfl_rule *x = a, *y = b;
	return strcmp(x->meta->id, y->meta->id);
}

static int rules__strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int pfl_rules_load(void)
{
	if (rules__n)
		return 0;
	for (size_t i = 0; i < RULES__NCHECKS; i++) {
		char want[64];
		snprintf(want, sizeof(want), "%s.yml", rules__checks[i].id);
		const pfl_embedded_file *f = NULL;
		for (size_t j = 0; j < pfl_embedded_count; j++)
			if (strcmp(pfl_embedded_files[j].path, want) == 0)
				f = &pfl_embedded_files[j];
		if (!f)
			return pfl_error("no metadata 'rules/%s' for rule %s", want, rules__checks[i].id);
		if (rules__parse(f, &rules__meta[i]) != 0)
			return -1;
		if (strcmp(rules__meta[i].id, rules__checks[i].id) != 0)
			return pfl_error("'rules/%s' declares id '%s'", want, rules__meta[i].id);
		rules__all[i].meta = &rules__meta[i];
		rules__all[i].check_file = rules__checks[i].fn;
		rules__all[i].check_project = rules__checks[i].project;
	}
	rules__n = RULES__NCHECKS;
	qsort(rules__all, rules__n, sizeof(rules__all[0]), rules__cmp);
	size_t nf = 0;
	for (size_t i = 0; i < rules__n; i++) {
		((pfl_rule_meta *)rules__all[i].meta)->index = (int)i;
		bool seen = false;
		for (size_t j = 0; j < nf; j++)
			if (strcmp(rules__families[j], rules__all[i].meta->family) == 0)
				seen = true;
		if (!seen)
			rules__families[nf++] = rules__all[i].meta->family;
	}
	qsort(rules__families, nf, sizeof(rules__families[0]), rules__strcmp);
	rules__families[nf] = NULL;
	return 0;
}

const pfl_rule *pfl_rules_all(size_t *n)
{
	*n = rules__n;
	return rules__all;
}

const pfl_rule *pfl_rules_find(const char *id)
{
	for (size_t i = 0; i < rules__n; i++)
		if (strcasecmp(rules__all[i].meta->id, id) == 0)
			return &rules__all[i];
	return NULL;
}

const char *const *pfl_rules_families(void)
{
	return rules__families;
}

bool pfl_rule_matches(const pfl_rule_meta *r, const char *token)
{
	if (strcasecmp(token, "ALL") == 0)
		return true;
	if (strcmp(r->family, token) == 0)
		return true;
	size_t n = strlen(token);
	if (n >= 3 && (token[0] == 'P' || token[0] == 'p') && strncasecmp(token, "PFL", 3) == 0)
		return strncasecmp(r->id, token, n) == 0;
	return false;
}

bool pfl_rules_token_valid(const char *token)
{
	if (strcasecmp(token, "ALL") == 0)
		return true;
	for (size_t i = 0; i < rules__n; i++)
		if (pfl_rule_matches(rules__all[i].meta, token))
			return true;
	return false;
}

const char *pfl_rule_help_uri(const pfl_rule_meta *r, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s.md", PFL_DOCS_BASE, r->id);
	return buf;
}
