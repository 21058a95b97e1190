/*
 * config.h - the configuration file, .perflint.yml.
 *
 * A run's settings come from three layers: perflint's defaults, the
 * configuration file (found from the first analysed path upward to the
 * repository root, or named with --config), and the command line. A key
 * given on the command line replaces the file's value for that key. The
 * configuration remembers where each value came from, for `perflint
 * config`. Every mistake in the file (malformed YAML, an unknown key, a
 * wrong type, an unknown rule) is an error naming the file, line and key.
 *
 * The format is docs/configuration.md.
 */
#ifndef PFL_CONFIG_H
#define PFL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/array.h"
#include "../util/strbuf.h"
#include "kb.h"
#include "rule.h"

/* Defaults of the limits. */
#define PFL_CONFIG_DEFAULT_MAX_FINDINGS 1000
#define PFL_CONFIG_DEFAULT_PARSE_TIMEOUT 30.0

/* The file's name, looked up in each directory. */
#define PFL_CONFIG_NAME ".perflint.yml"

/* The keys of the file, in the order `perflint config` prints them. */
typedef enum pfl_config_key {
	PFL_CFG_SELECT,
	PFL_CFG_IGNORE,
	PFL_CFG_EXCLUDE,
	PFL_CFG_PER_FILE_IGNORES,
	PFL_CFG_SEVERITY,
	PFL_CFG_FAIL_ON,
	PFL_CFG_MIN_SEVERITY,
	PFL_CFG_MAX_FILE_SIZE,
	PFL_CFG_MAX_FINDINGS,
	PFL_CFG_PARSE_TIMEOUT,
	PFL_CFG_ROUND_TRIP,
	PFL_CFG_BLOCKING,
	PFL_CFG_SAFE_WRAPPERS,
	PFL_CFG_CALLBACKS,
	PFL_CFG_COMPILE_COMMANDS,
	PFL_CFG_INCLUDE_DIRS,
	PFL_CFG_DEFINES,
	PFL_CFG__COUNT
} pfl_config_key;

/* Where a value came from. */
typedef struct pfl_config_origin {
	uint32_t line;       /* the file's line, 0 when not from the file */
	const char *option;  /* the command-line option ("--select"), or NULL */
} pfl_config_origin;

/* per-file-ignores: files matching glob skip these rules. */
typedef struct pfl_config_path_rules {
	const char *glob;     /* relative to the configuration's directory */
	const char **tokens;  /* ids, prefixes, families */
	size_t ntokens;
	uint32_t line;
} pfl_config_path_rules;

/* severity: a rule's base score, or a pinned severity. */
typedef struct pfl_config_severity {
	const pfl_rule_meta *rule;
	int base;   /* the rule's new base score, or -1 */
	int level;  /* a pfl_severity the score is clamped into, or -1 */
	uint32_t line;
} pfl_config_severity;

/* A knowledge-base entry of the file, and the key it came from. */
typedef struct pfl_config_kb {
	pfl_kb_entry entry;
	pfl_config_key key;
	uint32_t line;
} pfl_config_kb;

typedef PFL_ARRAY(const char *) pfl_config_strings;

/* The effective configuration. */
typedef struct pfl_config {
	char *file;  /* absolute path of the file read, or NULL */
	char *dir;   /* its directory: the base of relative paths and globs */
	pfl_arena arena;
	pfl_config_strings select, ignore, exclude, include_dirs, defines;
	PFL_ARRAY(pfl_config_path_rules) per_file_ignores;
	PFL_ARRAY(pfl_config_severity) severity;
	PFL_ARRAY(pfl_config_kb) kb;
	int fail_on;          /* pfl_severity */
	int min_severity;     /* pfl_severity */
	size_t max_file_size; /* bytes */
	size_t max_findings;  /* per file; the rest are counted in a notice */
	double parse_timeout; /* seconds one file's parse may take, 0 for no limit */
	const char *compile_commands;
	bool exclude_from_file; /* exclude globs are relative to dir, not the working directory */
	pfl_config_origin origin[PFL_CFG__COUNT];
} pfl_config;

/* The defaults, with no file. */
void pfl_config_init(pfl_config *c);
void pfl_config_release(pfl_config *c);

/*
 * The configuration file that applies to start (a file or directory): the
 * first PFL_CONFIG_NAME in start's directory or above it, stopping at the
 * root of the git work tree (a directory holding .git). Heap string, or
 * NULL when there is none.
 */
char *pfl_config_find(const char *start);

/* Read file into c (over the defaults). 0, or -1 (reported) on any mistake. */
int pfl_config_load(pfl_config *c, const char *file);
/*
 * Read a configuration's text (named file in messages) into c; relative
 * paths in it are relative to c->dir ("." when unset). 0, or -1 (reported).
 */
int pfl_config_parse(pfl_config *c, const char *file, const char *data, size_t len);

/* Mark a key as set by a command-line option (after setting its value). */
void pfl_config_set_by(pfl_config *c, pfl_config_key key, const char *option);

/* Add the file's knowledge-base entries to the knowledge base. */
void pfl_config_apply_kb(const pfl_config *c);

/* Whether per-file-ignores skip rule r in the file at path (display path). */
bool pfl_config_ignores(const pfl_config *c, const char *path, const pfl_rule_meta *r);

/* The effective configuration as YAML, each value with its origin. */
void pfl_config_print(const pfl_config *c, pfl_strbuf *out);
/* The same without origins or comments: what results depend on (the cache's salt). */
void pfl_config_fingerprint(const pfl_config *c, pfl_strbuf *out);

/* The key's name in the file ("per-file-ignores"). */
const char *pfl_config_key_name(pfl_config_key key);

#endif
