/*
 * main.c - the command line: options from one table (which also prints
 * --help), then one run and one report. Only this file decides the exit
 * code: 0 no findings, 1 findings, 2 usage, configuration or I/O errors.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/baseline.h"
#include "engine/cache.h"
#include "engine/config.h"
#include "engine/finding.h"
#include "engine/gitdiff.h"
#include "engine/kb.h"
#include "engine/rule.h"
#include "engine/run.h"
#include "lsp/lsp.h"
#include "report/report.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/hash.h"
#include "util/path.h"
#include "util/pool.h"
#include "util/strbuf.h"

#ifndef PFL_VERSION
#define PFL_VERSION "0.0.0"
#endif

#define EXIT_CLEAN 0
#define EXIT_FINDINGS 1
#define EXIT_ERROR 2


/* Option ids beyond single letters. */
enum {
	OPT_SELECT = 256, OPT_IGNORE, OPT_EXCLUDE, OPT_LIST_RULES, OPT_EXPLAIN,
	OPT_COLOR, OPT_NO_COLOR, OPT_MAX_FILE_SIZE, OPT_NO_PROGRESS, OPT_CONFIG, OPT_NO_CONFIG,
	OPT_FAIL_ON, OPT_MIN_SEVERITY, OPT_SHOW_SUPPRESSED, OPT_UNUSED_SUPPRESSIONS, OPT_BASELINE,
	OPT_WRITE_BASELINE, OPT_BASELINE_STRICT, OPT_DIFF_FROM, OPT_CATEGORY, OPT_MAX_FINDINGS, OPT_PARSE_TIMEOUT,
	OPT_CACHE_DIR, OPT_NO_CACHE,
};

/* One command-line option: getopt's entry and its line in --help. */
struct main__option {
	const char *name;
	int has_arg;
	int id;
	const char *arg;  /* argument name in --help, NULL for a flag */
	const char *help;
};

static const struct main__option main__options[] = {
	{ "format", required_argument, 'f', "FORMAT", "output format: text (default), json, yaml, sarif, github" },
	{ "output", required_argument, 'o', "FILE", "write the report to FILE (atomically) instead of stdout" },
	{ "category", required_argument, OPT_CATEGORY, "NAME", "SARIF: the code scanning category (automationDetails.id NAME/; default perflint)" },
	{ "select", required_argument, OPT_SELECT, "RULES", "only these rules: ids (PFL201), prefixes (PFL2) or families (quadratic-concat); comma-separated, repeatable" },
	{ "ignore", required_argument, OPT_IGNORE, "RULES", "skip these rules (same forms as --select)" },
	{ "exclude", required_argument, OPT_EXCLUDE, "GLOB", "skip paths matching GLOB (repeatable); explicit file arguments are always analysed" },
	{ "jobs", required_argument, 'j', "N", "worker threads (default: number of CPUs)" },
	{ "compile-commands", required_argument, 'p', "PATH", "C: compile flags from PATH, a compile_commands.json or its directory (default: one in an analysed directory or its build/)" },
	{ "include-dir", required_argument, 'I', "DIR", "C: add DIR to the include path (repeatable)" },
	{ "define", required_argument, 'D', "NAME[=VALUE]", "C: define a macro for the preprocessor (repeatable)" },
	{ "max-file-size", required_argument, OPT_MAX_FILE_SIZE, "BYTES", "skip larger files with a notice (default 16777216)" },
	{ "max-findings-per-file", required_argument, OPT_MAX_FINDINGS, "N", "report at most N findings per file, with a notice of the rest (default 1000)" },
	{ "parse-timeout", required_argument, OPT_PARSE_TIMEOUT, "SECONDS", "give up parsing a file after SECONDS, with a notice (default 30; 0: no limit)" },
	{ "cache-dir", required_argument, OPT_CACHE_DIR, "DIR", "keep each file's results in DIR and reuse them while the file is unchanged (default: $XDG_CACHE_HOME/perflint or ~/.cache/perflint)" },
	{ "no-cache", no_argument, OPT_NO_CACHE, NULL, "analyse every file anew; neither read nor write the cache" },
	{ "config", required_argument, OPT_CONFIG, "FILE", "read settings from FILE (default: the first " PFL_CONFIG_NAME " from the directory the PATHs share up to the repository root)" },
	{ "no-config", no_argument, OPT_NO_CONFIG, NULL, "ignore every configuration file" },
	{ "min-severity", required_argument, OPT_MIN_SEVERITY, "LEVEL", "report only findings at LEVEL or above: low (default), medium, high, critical" },
	{ "fail-on", required_argument, OPT_FAIL_ON, "LEVEL", "exit 1 only for findings at LEVEL or above (default low: any finding)" },
	{ "show-suppressed", no_argument, OPT_SHOW_SUPPRESSED, NULL, "also list the findings that suppression comments silence, marked as such" },
	{ "report-unused-suppressions", no_argument, OPT_UNUSED_SUPPRESSIONS, NULL, "warn about suppression comments that silence nothing (and exit 1)" },
	{ "baseline", required_argument, OPT_BASELINE, "FILE", "report only findings that are not in the baseline FILE" },
	{ "baseline-strict", no_argument, OPT_BASELINE_STRICT, NULL, "with --baseline: also exit 1 when a baselined finding no longer occurs" },
	{ "write-baseline", required_argument, OPT_WRITE_BASELINE, "FILE", "record the current findings in FILE as the baseline, then exit" },
	{ "diff-from", required_argument, OPT_DIFF_FROM, "REV", "report only findings on lines added or changed since the git revision REV (A...B: since their merge base)" },
	{ "list-rules", no_argument, OPT_LIST_RULES, NULL, "list every rule and exit" },
	{ "explain", required_argument, OPT_EXPLAIN, "RULE", "explain a rule (what, why, fix, examples) and exit" },
	{ "color", required_argument, OPT_COLOR, "WHEN", "colour text output: auto (default), always, never" },
	{ "no-color", no_argument, OPT_NO_COLOR, NULL, "same as --color=never" },
	{ "quiet", no_argument, 'q', NULL, "print findings only: no progress, summary or warnings" },
	{ "version", no_argument, 'V', NULL, "print the version and exit" },
	{ "help", no_argument, 'h', NULL, "print this help and exit" },
};
#define MAIN__NOPTIONS (sizeof(main__options) / sizeof(main__options[0]))

/* Everything the command line says. */
struct main__args {
	pfl_format format;
	const char *output;
	PFL_ARRAY(const char *) select, ignore, exclude, paths, include_dirs, defines;
	const char *compile_commands;
	int jobs;
	size_t max_file_size;
	size_t max_findings;
	double parse_timeout;
	int color; /* -1 auto, 0 never, 1 always */
	bool quiet;
	bool list_rules;
	const char *explain;
	const char *config;        /* --config FILE */
	bool no_config;
	int fail_on, min_severity; /* -1 when not given */
	bool show_suppressed;
	bool unused_suppressions;
	const char *baseline, *write_baseline, *diff_from;
	char *automation_id;       /* --category NAME as "NAME/" */
	const char *cache_dir;     /* --cache-dir */
	bool no_cache;
	bool baseline_strict;
	bool set[PFL_CFG__COUNT];  /* keys given on the command line */
	bool config_command;       /* `perflint config` */
	PFL_ARRAY(char *) owned; /* strings split from comma lists */
};

static void main__usage(FILE *to)
{
	fputs("usage: perflint [OPTIONS] [PATH...]\n"
	      "       perflint config [OPTIONS] [PATH...]\n"
	      "       perflint lsp                 (a language server on stdio: docs/lsp.md)\n\n"
	      "Find performance anti-patterns in Python and C code: N+1 round trips,\n"
	      "quadratic concatenation, list membership in loops, blocking calls in async code.\n"
	      "PATH defaults to the current directory.\n\n"
	      "commands:\n"
	      "  config                       print the effective configuration (with the origin\n"
	      "                               of each value) for PATH and the options, then exit\n\n"
	      "suppressions (Python '#', C '//' or '/* */' comments):\n"
	      "  perflint: disable=PFL101[,...]   noqa: PFL101   bare noqa   (this line)\n"
	      "  perflint: disable-next-line=PFL101              (the next line)\n"
	      "  perflint: disable-file[=PFL101,...]             (the whole file)\n\n"
	      "options:\n", to);
	for (size_t i = 0; i < MAIN__NOPTIONS; i++) {
		const struct main__option *o = &main__options[i];
		char left[64];
		if (o->id < 256)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->id, o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(to, "  %-28s %s\n", left, o->help);
	}
	fputs("\nexit status: 0 no findings, 1 findings reported, 2 usage, configuration or I/O\n"
	      "errors (everything else that could be analysed is still reported).\n", to);
}

/* Split a comma-separated list into dst. */
static void main__split(struct main__args *a, void *dst_array, const char *arg)
{
	PFL_ARRAY(const char *) *dst = dst_array;
	char *copy = pfl_strdup(arg);
	pfl_array_push(&a->owned, copy);
	for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
		while (*tok == ' ')
			tok++;
		char *end = tok + strlen(tok);
		while (end > tok && end[-1] == ' ')
			*--end = '\0';
		if (*tok)
			pfl_array_push(dst, tok);
	}
}

/* Parse a positive integer option; -1 on error. */
static long long main__number(const char *opt, const char *arg, long long min, long long max)
{
	char *end;
	errno = 0;
	long long v = strtoll(arg, &end, 10);
	if (errno || *end || end == arg || v < min || v > max) {
		pfl_error("invalid value '%s' for --%s: expected a number from %lld to %lld", arg, opt, min, max);
		return -1;
	}
	return v;
}

/* Parse argv. Returns -1 on a usage error (already reported), 1 to exit 0. */
static int main__parse(int argc, char **argv, struct main__args *a)
{
	struct option longopts[MAIN__NOPTIONS + 1];
	char shortopts[64];
	size_t ns = 0;
	for (size_t i = 0; i < MAIN__NOPTIONS; i++) {
		longopts[i].name = main__options[i].name;
		longopts[i].has_arg = main__options[i].has_arg;
		longopts[i].flag = NULL;
		longopts[i].val = main__options[i].id;
		if (main__options[i].id < 256) {
			shortopts[ns++] = (char)main__options[i].id;
			if (main__options[i].has_arg == required_argument)
				shortopts[ns++] = ':';
		}
	}
	memset(&longopts[MAIN__NOPTIONS], 0, sizeof(longopts[0]));
	shortopts[ns] = '\0';
	char fullshort[72];
	snprintf(fullshort, sizeof(fullshort), "+:%s", shortopts);
	/* "+": stop at the first non-option only if POSIXLY_CORRECT; we allow mixing. */
	memmove(fullshort, fullshort + 1, strlen(fullshort));
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, fullshort, longopts, NULL)) != -1) {
		switch (c) {
		case 'f': {
			int f = pfl_format_parse(optarg);
			if (f < 0)
				return pfl_error("unknown format '%s': expected text, json, yaml, sarif or github", optarg);
			a->format = (pfl_format)f;
			break;
		}
		case 'o':
			a->output = optarg;
			break;
		case OPT_SELECT:
			main__split(a, &a->select, optarg);
			a->set[PFL_CFG_SELECT] = true;
			break;
		case OPT_IGNORE:
			main__split(a, &a->ignore, optarg);
			a->set[PFL_CFG_IGNORE] = true;
			break;
		case OPT_EXCLUDE:
			pfl_array_push(&a->exclude, optarg);
			a->set[PFL_CFG_EXCLUDE] = true;
			break;
		case 'p':
			a->compile_commands = optarg;
			a->set[PFL_CFG_COMPILE_COMMANDS] = true;
			break;
		case 'I':
			pfl_array_push(&a->include_dirs, optarg);
			a->set[PFL_CFG_INCLUDE_DIRS] = true;
			break;
		case 'D':
			if (!*optarg || *optarg == '=')
				return pfl_error("--define '%s': expected NAME or NAME=VALUE", optarg);
			pfl_array_push(&a->defines, optarg);
			a->set[PFL_CFG_DEFINES] = true;
			break;
		case OPT_CONFIG:
			a->config = optarg;
			break;
		case OPT_NO_CONFIG:
			a->no_config = true;
			break;
		case OPT_FAIL_ON:
		case OPT_MIN_SEVERITY: {
			int v = pfl_severity_parse(optarg);
			const char *name = c == OPT_FAIL_ON ? "fail-on" : "min-severity";
			if (v < 0)
				return pfl_error("invalid value '%s' for --%s: expected low, medium, high or critical", optarg, name);
			if (c == OPT_FAIL_ON) {
				a->fail_on = v;
				a->set[PFL_CFG_FAIL_ON] = true;
			} else {
				a->min_severity = v;
				a->set[PFL_CFG_MIN_SEVERITY] = true;
			}
			break;
		}
		case OPT_SHOW_SUPPRESSED:
			a->show_suppressed = true;
			break;
		case OPT_UNUSED_SUPPRESSIONS:
			a->unused_suppressions = true;
			break;
		case OPT_BASELINE:
			a->baseline = optarg;
			break;
		case OPT_BASELINE_STRICT:
			a->baseline_strict = true;
			break;
		case OPT_WRITE_BASELINE:
			a->write_baseline = optarg;
			break;
		case OPT_CACHE_DIR:
			if (!*optarg)
				return pfl_error("--cache-dir needs a directory");
			a->cache_dir = optarg;
			break;
		case OPT_NO_CACHE:
			a->no_cache = true;
			break;
		case OPT_CATEGORY: {
			size_t n = strlen(optarg);
			while (n && optarg[n - 1] == '/')
				n--;
			if (!n || memchr(optarg, '\n', n))
				return pfl_error("invalid value '%s' for --category: expected a name such as perflint-python", optarg);
			free(a->automation_id);
			a->automation_id = pfl_malloc(n + 2);
			memcpy(a->automation_id, optarg, n);
			memcpy(a->automation_id + n, "/", 2);
			break;
		}
		case OPT_DIFF_FROM:
			if (!*optarg)
				return pfl_error("--diff-from needs a git revision (HEAD, origin/main, main...HEAD)");
			a->diff_from = optarg;
			break;
		case 'j': {
			long long v = main__number("jobs", optarg, 1, 1024);
			if (v < 0)
				return -1;
			a->jobs = (int)v;
			break;
		}
		case OPT_MAX_FILE_SIZE: {
			long long v = main__number("max-file-size", optarg, 1, (long long)1 << 40);
			if (v < 0)
				return -1;
			a->max_file_size = (size_t)v;
			a->set[PFL_CFG_MAX_FILE_SIZE] = true;
			break;
		}
		case OPT_MAX_FINDINGS: {
			long long v = main__number("max-findings-per-file", optarg, 1, 100000000);
			if (v < 0)
				return -1;
			a->max_findings = (size_t)v;
			a->set[PFL_CFG_MAX_FINDINGS] = true;
			break;
		}
		case OPT_PARSE_TIMEOUT: {
			char *end;
			double t = strtod(optarg, &end);
			if (end == optarg || *end || !(t >= 0 && t <= 86400))
				return pfl_error("invalid value '%s' for --parse-timeout: expected seconds from 0 (no limit) to 86400", optarg);
			a->parse_timeout = t;
			a->set[PFL_CFG_PARSE_TIMEOUT] = true;
			break;
		}
		case OPT_LIST_RULES:
			a->list_rules = true;
			break;
		case OPT_EXPLAIN:
			a->explain = optarg;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				a->color = -1;
			else if (strcmp(optarg, "always") == 0)
				a->color = 1;
			else if (strcmp(optarg, "never") == 0)
				a->color = 0;
			else
				return pfl_error("invalid value '%s' for --color: expected auto, always or never", optarg);
			break;
		case OPT_NO_COLOR:
			a->color = 0;
			break;
		case 'q':
			a->quiet = true;
			break;
		case 'V':
			printf("perflint %s\n", PFL_VERSION);
			return 1;
		case 'h':
			main__usage(stdout);
			return 1;
		case ':':
			return pfl_error("option '%s' needs a value (see --help)", argv[optind - 1]);
		default:
			if (optopt && optopt < 256)
				return pfl_error("unknown option '-%c' (see --help)", optopt);
			return pfl_error("unknown option '%s' (see --help)", argv[optind - 1]);
		}
	}
	for (int i = optind; i < argc; i++)
		pfl_array_push(&a->paths, argv[i]);
	if (a->no_config && a->config)
		return pfl_error("--config and --no-config cannot be used together");
	if (a->baseline_strict && !a->baseline)
		return pfl_error("--baseline-strict needs --baseline FILE");
	if (a->write_baseline && (a->baseline || a->diff_from))
		return pfl_error("--write-baseline records every current finding: it cannot be combined with %s",
				 a->baseline ? "--baseline" : "--diff-from");
	for (size_t i = 0; i < a->select.size; i++)
		if (!pfl_rules_token_valid(a->select.items[i]))
			return pfl_error("unknown rule or family '%s' in --select (see --list-rules)", a->select.items[i]);
	for (size_t i = 0; i < a->ignore.size; i++)
		if (!pfl_rules_token_valid(a->ignore.items[i]))
			return pfl_error("unknown rule or family '%s' in --ignore (see --list-rules)", a->ignore.items[i]);
	return 0;
}

/* --list-rules */
static void main__list_rules(void)
{
	size_t n;
	const pfl_rule *all = pfl_rules_all(&n);
	printf("%-7s %-34s %-17s %-6s %s\n", "ID", "NAME", "FAMILY", "SCORE", "SUMMARY");
	for (size_t i = 0; i < n; i++) {
		const pfl_rule_meta *r = all[i].meta;
		printf("%-7s %-34s %-17s %-6d %s\n", r->id, r->name, r->family, r->base_score, r->summary);
	}
}

/* Print a paragraph of text wrapped at 76 columns with an indent. */
static void main__wrap(const char *text, const char *indent)
{
	size_t col = 0;
	const char *p = text;
	fputs(indent, stdout);
	col = strlen(indent);
	while (*p) {
		while (*p == ' ' || *p == '\n')
			p++;
		const char *w = p;
		while (*p && *p != ' ' && *p != '\n')
			p++;
		size_t wl = (size_t)(p - w);
		if (!wl)
			break;
		if (col > strlen(indent) && col + 1 + wl > 76) {
			fputc('\n', stdout);
			fputs(indent, stdout);
			col = strlen(indent);
		} else if (col > strlen(indent)) {
			fputc(' ', stdout);
			col++;
		}
		fwrite(w, 1, wl, stdout);
		col += wl;
	}
	fputc('\n', stdout);
}

/* Print a code block indented. */
static void main__code(const char *code)
{
	const char *p = code;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		printf("    %.*s\n", (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

/* --explain ID */
static int main__explain(const char *id)
{
	const pfl_rule *rule = pfl_rules_find(id);
	if (!rule)
		return pfl_error("unknown rule '%s' (see --list-rules)", id);
	const pfl_rule_meta *r = rule->meta;
	char uri[256];
	printf("%s %s (%s)\n%s\n\n", r->id, r->name, r->family, r->summary);
	printf("What it finds:\n");
	main__wrap(r->description, "  ");
	printf("\nWhy it is slow:\n");
	main__wrap(r->why, "  ");
	printf("\nFix:\n");
	main__wrap(r->fix, "  ");
	printf("\nBad:\n");
	main__code(r->bad);
	printf("\nGood:\n");
	main__code(r->good);
	/* The formula of docs/scoring.md, as the rule's page states it. */
	printf("\nSeverity: base score %d", r->base_score);
	if (strcmp(r->family, "blocking-async") == 0)
		printf(" wherever the call is (loops do not add to it)");
	else
		printf(", +10 per extra enclosing loop");
	if (strcmp(r->languages, "c") == 0)
		printf(" (C findings are never inferred).\n");
	else
		printf(", -15 when a kind was inferred.\n");
	printf("Documentation: %s\n", pfl_rule_help_uri(r, uri, sizeof(uri)));
	return 0;
}

/* Diagnostics on stderr ("perflint: warning: 'path': message"). */
static void main__print_diags(const pfl_results *res, bool quiet)
{
	for (size_t i = 0; i < res->diags.size; i++) {
		const pfl_report_diag *d = &res->diags.items[i];
		/* Asked for with --report-unused-suppressions: shown even when quiet. */
		bool err = strcmp(d->level, "error") == 0 || strcmp(d->code, "unused-suppression") == 0;
		if (quiet && !err)
			continue;
		if (d->line)
			fprintf(stderr, "perflint: %s: '%s': line %u: %s\n", d->level, d->path, d->line, d->message);
		else
			fprintf(stderr, "perflint: %s: '%s': %s\n", d->level, d->path, d->message);
	}
}

static void main__args_release(struct main__args *a)
{
	free(a->automation_id);
	for (size_t i = 0; i < a->owned.size; i++)
		free(a->owned.items[i]);
	pfl_array_release(&a->owned);
	pfl_array_release(&a->select);
	pfl_array_release(&a->ignore);
	pfl_array_release(&a->exclude);
	pfl_array_release(&a->include_dirs);
	pfl_array_release(&a->defines);
	pfl_array_release(&a->paths);
}

/*
 * The directory the paths have in common (absolute; a file counts as its
 * directory): where the configuration is looked up and the repository of
 * --diff-from found, whatever the order of the paths. Heap string.
 */
static char *main__common_dir(const struct main__args *a)
{
	char *common = NULL;
	size_t n = a->paths.size ? a->paths.size : 1;
	for (size_t i = 0; i < n; i++) {
		char *p = pfl_path_absolute(a->paths.size ? a->paths.items[i] : ".");
		if (!p)
			continue;
		struct stat sb;
		if (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			char *dir = pfl_path_dirname(p);
			free(p);
			p = dir;
		}
		if (!common) {
			common = p;
			continue;
		}
		/* The longest common prefix that ends at a component boundary. */
		size_t k = 0, cut = 0;
		while (common[k] && common[k] == p[k]) {
			if (common[k] == '/')
				cut = k;
			k++;
		}
		if (!common[k] && (p[k] == '/' || !p[k]))
			cut = k;
		common[cut ? cut : 1] = '\0';
		free(p);
	}
	return common ? common : pfl_strdup(".");
}

/*
 * The configuration: the file (unless --no-config), then the command line
 * over it, key by key. -1 (reported) on a mistake in the file.
 */
static int main__configure(struct main__args *a, pfl_config *cfg)
{
	pfl_config_init(cfg);
	if (!a->no_config) {
		char *start = a->config ? NULL : main__common_dir(a);
		char *file = a->config ? pfl_strdup(a->config) : pfl_config_find(start);
		free(start);
		/* Named in messages as the user would: relative to the working directory when under it. */
		char *cwd = file && file[0] == '/' ? pfl_path_real(".") : NULL;
		char *rel = cwd ? pfl_path_relative_to(file, cwd) : NULL;
		int r = file ? pfl_config_load(cfg, rel ? rel : file) : 0;
		free(rel);
		free(cwd);
		free(file);
		if (r != 0)
			return -1;
	}
	static const char *const options[PFL_CFG__COUNT] = {
		[PFL_CFG_SELECT] = "--select", [PFL_CFG_IGNORE] = "--ignore", [PFL_CFG_EXCLUDE] = "--exclude",
		[PFL_CFG_FAIL_ON] = "--fail-on", [PFL_CFG_MIN_SEVERITY] = "--min-severity",
		[PFL_CFG_MAX_FILE_SIZE] = "--max-file-size", [PFL_CFG_MAX_FINDINGS] = "--max-findings-per-file",
		[PFL_CFG_PARSE_TIMEOUT] = "--parse-timeout", [PFL_CFG_COMPILE_COMMANDS] = "--compile-commands",
		[PFL_CFG_INCLUDE_DIRS] = "--include-dir", [PFL_CFG_DEFINES] = "--define",
	};
	struct {
		pfl_config_key key;
		pfl_config_strings *dst;
		const void *src; /* PFL_ARRAY(const char *) of the arguments */
	} lists[] = {
		{ PFL_CFG_SELECT, &cfg->select, &a->select }, { PFL_CFG_IGNORE, &cfg->ignore, &a->ignore },
		{ PFL_CFG_EXCLUDE, &cfg->exclude, &a->exclude }, { PFL_CFG_INCLUDE_DIRS, &cfg->include_dirs, &a->include_dirs },
		{ PFL_CFG_DEFINES, &cfg->defines, &a->defines },
	};
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		if (!a->set[lists[i].key])
			continue;
		const pfl_config_strings *src = lists[i].src;
		lists[i].dst->size = 0;
		for (size_t k = 0; k < src->size; k++)
			pfl_array_push(lists[i].dst, src->items[k]);
	}
	if (a->set[PFL_CFG_EXCLUDE])
		cfg->exclude_from_file = false;
	if (a->set[PFL_CFG_FAIL_ON])
		cfg->fail_on = a->fail_on;
	if (a->set[PFL_CFG_MIN_SEVERITY])
		cfg->min_severity = a->min_severity;
	if (a->set[PFL_CFG_MAX_FILE_SIZE])
		cfg->max_file_size = a->max_file_size;
	if (a->set[PFL_CFG_MAX_FINDINGS])
		cfg->max_findings = a->max_findings;
	if (a->set[PFL_CFG_PARSE_TIMEOUT])
		cfg->parse_timeout = a->parse_timeout;
	if (a->set[PFL_CFG_COMPILE_COMMANDS])
		cfg->compile_commands = a->compile_commands;
	for (int k = 0; k < PFL_CFG__COUNT; k++)
		if (a->set[k])
			pfl_config_set_by(cfg, (pfl_config_key)k, options[k]);
	return 0;
}

/* What is left of a run's findings for the report, and how the run ends. */
struct main__outcome {
	PFL_ARRAY(pfl_finding) shown;   /* reported (suppressed ones too with --show-suppressed) */
	PFL_ARRAY(pfl_finding) counted; /* reported and not suppressed: the summary's */
	size_t failing;                 /* counted findings at fail-on or above */
	size_t baselined, outside_diff, below, stale;
	bool error;
};

/*
 * Filter the findings: suppressions, the baseline, min-severity, the
 * diff. The baseline sees every finding that is not suppressed, so its
 * counts and stale entries depend neither on what is shown nor on the
 * diff; entries of files or rules this run did not check are not stale.
 */
static void main__filter(const struct main__args *a, const pfl_config *cfg, const pfl_results *res,
			 pfl_baseline *baseline, const pfl_gitdiff *diff, struct main__outcome *out)
{
	size_t n = res->findings.size;
	bool *keep = pfl_calloc(n ? n : 1, sizeof(*keep));
	PFL_ARRAY(pfl_finding) live = { 0 };
	size_t *live_of = pfl_calloc(n ? n : 1, sizeof(*live_of));
	for (size_t i = 0; i < n; i++) {
		const pfl_finding *f = &res->findings.items[i];
		if (f->suppression) {
			keep[i] = a->show_suppressed && (int)f->severity >= cfg->min_severity;
			continue;
		}
		live_of[live.size] = i;
		pfl_array_push(&live, *f);
		keep[i] = true;
	}
	/* The baseline matches every finding, whatever --min-severity shows. */
	if (baseline) {
		bool *is_new = pfl_calloc(live.size ? live.size : 1, sizeof(*is_new));
		pfl_baseline_match(baseline, live.items, live.size, is_new);
		for (size_t k = 0; k < live.size; k++)
			if (!is_new[k]) {
				keep[live_of[k]] = false;
				out->baselined++;
			}
		free(is_new);
		pfl_baseline_scope(baseline, res->analysed.items, res->analysed.size, res->rules.items, res->rules.size);
		pfl_baseline_stale_entries(baseline, &out->stale);
	}
	for (size_t i = 0; i < n; i++)
		if (keep[i] && !res->findings.items[i].suppression && (int)res->findings.items[i].severity < cfg->min_severity) {
			keep[i] = false;
			out->below++;
		}
	for (size_t i = 0; i < n && diff; i++) {
		const pfl_finding *f = &res->findings.items[i];
		if (!keep[i])
			continue;
		bool changed = pfl_gitdiff_changed(diff, f->path, f->span.line, f->span.end_line);
		/* Through a helper: the operation that makes it slow may be what changed. */
		for (uint32_t r = 0; r < f->nrelated && !changed; r++)
			changed = pfl_gitdiff_changed(diff, f->related[r].path, f->related[r].span.line,
						      f->related[r].span.end_line);
		if (!changed) {
			keep[i] = false;
			out->outside_diff++;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		const pfl_finding *f = &res->findings.items[i];
		pfl_array_push(&out->shown, *f);
		if (f->suppression)
			continue;
		pfl_array_push(&out->counted, *f);
		if ((int)f->severity >= cfg->fail_on)
			out->failing++;
	}
	pfl_array_release(&live);
	free(live_of);
	free(keep);
}

/* Notices about what the filters left out (stderr, not with --quiet). */
static void main__notices(const struct main__args *a, const struct main__outcome *o, pfl_baseline *baseline)
{
	if (a->baseline && !a->quiet && o->baselined)
		fprintf(stderr, "perflint: %zu finding%s in the baseline '%s' not shown\n", o->baselined,
			o->baselined == 1 ? "" : "s", a->baseline);
	if (a->diff_from && !a->quiet && o->outside_diff)
		fprintf(stderr, "perflint: %zu finding%s on lines not changed since '%s' not shown\n", o->outside_diff,
			o->outside_diff == 1 ? "" : "s", a->diff_from);
	if (!baseline || !o->stale)
		return;
	size_t n;
	const pfl_baseline_stale *st = pfl_baseline_stale_entries(baseline, &n);
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += st[i].count;
	if (!a->baseline_strict) {
		if (!a->quiet)
			fprintf(stderr, "perflint: %zu baselined finding%s no longer occur%s: regenerate the baseline "
				"with --write-baseline to keep it small\n", count, count == 1 ? "" : "s", count == 1 ? "s" : "");
		return;
	}
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "perflint: error: '%s': baselined %s finding%s%s%s no longer occur%s (--baseline-strict)\n",
			st[i].path, st[i].rule, st[i].count == 1 ? "" : "s", *st[i].function ? " in " : "",
			st[i].function, st[i].count == 1 ? "s" : "");
}

/* `perflint config`: the effective configuration. */
static int main__print_config(const pfl_config *cfg)
{
	pfl_strbuf out = PFL_STRBUF_INIT;
	pfl_config_print(cfg, &out);
	int rc = EXIT_CLEAN;
	if (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		pfl_error("cannot write to standard output: %s", strerror(errno));
		rc = EXIT_ERROR;
	}
	pfl_strbuf_release(&out);
	return rc;
}

int main(int argc, char **argv)
{
	if (pfl_rules_load() != 0 || pfl_kb_load() != 0)
		return EXIT_ERROR;
	struct main__args a;
	memset(&a, 0, sizeof(a));
	a.format = PFL_FORMAT_TEXT;
	a.color = -1;
	a.fail_on = a.min_severity = -1;
	if (argc > 1 && strcmp(argv[1], "lsp") == 0)
		return pfl_lsp_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "config") == 0) {
		a.config_command = true;
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	int pr = main__parse(argc, argv, &a);
	if (pr != 0) {
		main__args_release(&a);
		return pr > 0 ? EXIT_CLEAN : EXIT_ERROR;
	}
	if (a.list_rules) {
		main__list_rules();
		main__args_release(&a);
		return EXIT_CLEAN;
	}
	if (a.explain) {
		int r = main__explain(a.explain);
		main__args_release(&a);
		return r == 0 ? EXIT_CLEAN : EXIT_ERROR;
	}
	pfl_config cfg;
	if (main__configure(&a, &cfg) != 0) {
		pfl_config_release(&cfg);
		main__args_release(&a);
		return EXIT_ERROR;
	}
	if (a.config_command) {
		int rc = main__print_config(&cfg);
		pfl_config_release(&cfg);
		main__args_release(&a);
		return rc;
	}
	pfl_config_apply_kb(&cfg);

	/* The baseline and the diff are read first: a mistake in them stops before the work. */
	pfl_baseline *baseline = NULL;
	pfl_gitdiff *diff = NULL;
	int rc = EXIT_CLEAN;
	if (a.baseline && !(baseline = pfl_baseline_load(a.baseline)))
		rc = EXIT_ERROR;
	if (rc == EXIT_CLEAN && a.diff_from) {
		char *dir = main__common_dir(&a);
		if (!(diff = pfl_gitdiff_load(a.diff_from, dir)))
			rc = EXIT_ERROR;
		free(dir);
	}
	if (rc != EXIT_CLEAN) {
		pfl_config_release(&cfg);
		main__args_release(&a);
		return rc;
	}

	/* The results cache: what every entry depends on beyond the file itself. */
	char *cache_dir = a.no_cache ? NULL : a.cache_dir ? pfl_strdup(a.cache_dir) : pfl_cache_default_dir();
	pfl_strbuf salt = PFL_STRBUF_INIT;
	pfl_strbuf_addf(&salt, "perflint %s ", PFL_VERSION);
	pfl_cache_build_id(&salt);
	pfl_strbuf_addch(&salt, '\n');
	pfl_config_fingerprint(&cfg, &salt);

	bool tty = isatty(STDERR_FILENO);
	const char *ci = getenv("CI");
	pfl_run_opts o = {
		.paths = a.paths.items, .npaths = a.paths.size,
		.excludes = cfg.exclude.items, .nexcludes = cfg.exclude.size,
		.exclude_base = cfg.exclude_from_file ? cfg.dir : NULL,
		.select = cfg.select.items, .nselect = cfg.select.size,
		.ignore = cfg.ignore.items, .nignore = cfg.ignore.size,
		.jobs = a.jobs > 0 ? a.jobs : pfl_pool_cpus(),
		.max_file_size = cfg.max_file_size,
		.parse_timeout_us = (uint64_t)(cfg.parse_timeout * 1e6),
		.max_findings = cfg.max_findings,
		.compile_commands = cfg.compile_commands,
		.include_dirs = cfg.include_dirs.items, .ninclude_dirs = cfg.include_dirs.size,
		.defines = cfg.defines.items, .ndefines = cfg.defines.size,
		.progress = tty && !a.quiet && !(ci && *ci && strcmp(ci, "false") != 0 && strcmp(ci, "0") != 0),
		.file_context = true,
		.config = &cfg,
		.unused_suppressions = a.unused_suppressions,
		.cache_dir = cache_dir,
		.cache_salt = pfl_hash64(salt.buf, salt.len, 0),
		.cache_quiet = !a.cache_dir,
	};
	pfl_strbuf_release(&salt);
	pfl_results res;
	int run_rc = pfl_run(&o, &res);
	free(cache_dir);
	if (run_rc != 0) {
		pfl_results_release(&res);
		pfl_baseline_free(baseline);
		pfl_gitdiff_free(diff);
		pfl_config_release(&cfg);
		main__args_release(&a);
		return EXIT_ERROR;
	}

	struct main__outcome out;
	memset(&out, 0, sizeof(out));
	main__filter(&a, &cfg, &res, baseline, diff, &out);

	if (a.write_baseline) {
		/* Every current finding (not suppressed, at min-severity or above); no report. */
		if (a.output || a.format != PFL_FORMAT_TEXT)
			pfl_warning("--write-baseline writes no report: --output and --format are not used");
		main__print_diags(&res, a.quiet);
		if (pfl_baseline_write(a.write_baseline, out.counted.items, out.counted.size) != 0)
			rc = EXIT_ERROR;
		else if (!a.quiet)
			fprintf(stderr, "perflint: wrote %zu finding%s to the baseline '%s'\n", out.counted.size,
				out.counted.size == 1 ? "" : "s", a.write_baseline);
		if (res.io_error)
			rc = EXIT_ERROR;
		goto done;
	}

	pfl_report rep;
	memset(&rep, 0, sizeof(rep));
	rep.findings = out.shown.items;
	rep.nfindings = out.shown.size;
	rep.rules = res.rules.items;
	rep.nrules = res.rules.size;
	rep.diags = res.diags.items;
	rep.ndiags = res.diags.size;
	rep.version = PFL_VERSION;
	char *root = pfl_path_real(".");
	rep.root = root ? root : "/";
	rep.automation_id = a.automation_id ? a.automation_id : "perflint/";
	bool to_stdout = !a.output || strcmp(a.output, "-") == 0;
	rep.color = a.format == PFL_FORMAT_TEXT &&
		    (a.color == 1 || (a.color == -1 && to_stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR")));
	pfl_summary_compute(&rep.summary, out.counted.items, out.counted.size, res.files_analysed, rep.ndiags);

	rep.quiet = a.quiet;
	pfl_strbuf text = PFL_STRBUF_INIT;
	pfl_report_write(a.format, &rep, &text);
	/* Diagnostics always go to standard error; --quiet keeps only errors. */
	main__print_diags(&res, a.quiet);
	main__notices(&a, &out, baseline);
	if (res.io_error)
		rc = EXIT_ERROR;
	else if (out.failing || res.unused_suppressions || (a.baseline_strict && out.stale))
		rc = EXIT_FINDINGS;
	if (to_stdout) {
		if (fwrite(text.buf, 1, text.len, stdout) != text.len || fflush(stdout) != 0) {
			pfl_error("cannot write the report to standard output: %s", strerror(errno));
			rc = EXIT_ERROR;
		}
	} else if (pfl_write_file_atomic(a.output, text.buf, text.len) != 0) {
		rc = EXIT_ERROR;
	}
	pfl_strbuf_release(&text);
	free(root);
done:
	pfl_array_release(&out.shown);
	pfl_array_release(&out.counted);
	pfl_results_release(&res);
	pfl_baseline_free(baseline);
	pfl_gitdiff_free(diff);
	pfl_config_release(&cfg);
	main__args_release(&a);
	return rc;
}
