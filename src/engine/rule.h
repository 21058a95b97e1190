/*
 * rule.h - rule metadata and the rule registry.
 *
 * Metadata (id, name, family, base score, texts, examples) is data: it lives
 * in rules/PFLnnn.yml, is compiled into the binary, and is loaded once at
 * start-up by pfl_rules_load. The check functions are code, registered from
 * src/rules/rule_list.h. All metadata strings are owned by the registry and
 * live until the process ends.
 */
#ifndef PFL_RULE_H
#define PFL_RULE_H

#include <stdbool.h>
#include <stddef.h>

struct pfl_model;
struct pfl_check;
struct pfl_project;

/* The metadata of one rule, as written in rules/PFLnnn.yml. */
typedef struct pfl_rule_meta {
	const char *id;          /* "PFL201" */
	const char *name;        /* "string-concat-in-loop" */
	const char *family;      /* "quadratic-concat" */
	const char *languages;   /* "python", "c" or "python,c" */
	const char *summary;     /* one line: SARIF shortDescription */
	const char *description; /* a paragraph: SARIF fullDescription */
	const char *why;         /* why it is slow: the complexity */
	const char *fix;         /* how to fix, one paragraph */
	const char *bad;         /* bad example code */
	const char *good;        /* good example code */
	const char *precision;   /* SARIF precision: "very-high", "high", "medium" */
	int base_score;          /* 0..100 before depth and confidence */
	int index;               /* position in the sorted registry */
} pfl_rule_meta;

/* A check over one file's model. */
typedef void (*pfl_check_file_fn)(struct pfl_check *c, const struct pfl_model *m);
/* A check over the whole project (summaries joined over the call graph). */
typedef void (*pfl_check_project_fn)(struct pfl_check *c, const struct pfl_project *p);

/* A registered rule: its metadata and its checks (either may be NULL). */
typedef struct pfl_rule {
	const pfl_rule_meta *meta;
	pfl_check_file_fn check_file;
	pfl_check_project_fn check_project;
} pfl_rule;

/*
 * Load the compiled-in metadata and bind it to the registered checks.
 * Returns -1 (after printing what is wrong) when the embedded data is
 * inconsistent, which is a build defect.
 */
int pfl_rules_load(void);
/* All rules, sorted by id. */
const pfl_rule *pfl_rules_all(size_t *n);
/* A rule by id ("PFL101", any case), or NULL. */
const pfl_rule *pfl_rules_find(const char *id);
/* Every family tag, sorted, NULL-terminated. */
const char *const *pfl_rules_families(void);
/*
 * Whether a --select/--ignore token names this rule: an exact id, an id
 * prefix ("PFL2", "PFL"), or a family tag ("quadratic-concat").
 */
bool pfl_rule_matches(const pfl_rule_meta *r, const char *token);
/* Whether a token names at least one rule. */
bool pfl_rules_token_valid(const char *token);
/* The documentation URL of a rule. */
const char *pfl_rule_help_uri(const pfl_rule_meta *r, char *buf, size_t n);

/* Where the project lives; rule docs are under docs/rules/. */
#define PFL_HOMEPAGE "https://github.com/perflint/perflint"
#define PFL_DOCS_BASE PFL_HOMEPAGE "/blob/main/docs/rules/"

#endif
