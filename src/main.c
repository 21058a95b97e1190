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
#include <unistd.h>

#include "engine/finding.h"
#include "engine/kb.h"
#include "engine/rule.h"
#include "engine/run.h"
#include "report/report.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/path.h"
#include "util/pool.h"
#include "util/strbuf.h"

#ifndef PFL_VERSION
#define PFL_VERSION "0.0.0"
#endif

#define EXIT_CLEAN 0
#define EXIT_FINDINGS 1
#define EXIT_ERROR 2

#define DEFAULT_MAX_FILE_SIZE (16u * 1024 * 1024)

/* Option ids beyond single letters. */
enum {
	OPT_SELECT = 256, OPT_IGNORE, OPT_EXCLUDE, OPT_LIST_RULES, OPT_EXPLAIN,
	OPT_COLOR, OPT_NO_COLOR, OPT_MAX_FILE_SIZE, OPT_NO_PROGRESS,
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
	{ "select", required_argument, OPT_SELECT, "RULES", "only these rules: ids (PFL201), prefixes (PFL2) or families (quadratic-concat); comma-separated, repeatable" },
	{ "ignore", required_argument, OPT_IGNORE, "RULES", "skip these rules (same forms as --select)" },
	{ "exclude", required_argument, OPT_EXCLUDE, "GLOB", "skip paths matching GLOB (repeatable); explicit file arguments are always analysed" },
	{ "jobs", required_argument, 'j', "N", "worker threads (default: number of CPUs)" },
	{ "compile-commands", required_argument, 'p', "PATH", "C: compile flags from PATH, a compile_commands.json or its directory (default: one in an analysed directory or its build/)" },
	{ "include-dir", required_argument, 'I', "DIR", "C: add DIR to the include path (repeatable)" },
	{ "define", required_argument, 'D', "NAME[=VALUE]", "C: define a macro for the preprocessor (repeatable)" },
	{ "max-file-size", required_argument, OPT_MAX_FILE_SIZE, "BYTES", "skip larger files with a notice (default 16777216)" },
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
	int color; /* -1 auto, 0 never, 1 always */
	bool quiet;
	bool list_rules;
	const char *explain;
	PFL_ARRAY(char *) owned; /* strings split from comma lists */
};

static void main__usage(FILE *to)
{
	fputs("usage: perflint [OPTIONS] [PATH...]\n\n"
	      "Find performance anti-patterns in Python and C code: N+1 round trips,\n"
	      "quadratic concatenation, list membership in loops, blocking calls in async code.\n"
	      "PATH defaults to the current directory.\n\noptions:\n", to);
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
			break;
		case OPT_IGNORE:
			main__split(a, &a->ignore, optarg);
			break;
		case OPT_EXCLUDE:
			pfl_array_push(&a->exclude, optarg);
			break;
		case 'p':
			a->compile_commands = optarg;
			break;
		case 'I':
			pfl_array_push(&a->include_dirs, optarg);
			break;
		case 'D':
			if (!*optarg || *optarg == '=')
				return pfl_error("--define '%s': expected NAME or NAME=VALUE", optarg);
			pfl_array_push(&a->defines, optarg);
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
	if (!rule) {
		char up[16];
		size_t i;
		for (i = 0; id[i] && i < sizeof(up) - 1; i++)
			up[i] = (char)((id[i] >= 'a' && id[i] <= 'z') ? id[i] - 32 : id[i]);
		up[i] = '\0';
		rule = pfl_rules_find(up);
	}
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
	printf("\nSeverity: base score %d, +10 per extra enclosing loop, -15 when a kind was inferred.\n",
	       r->base_score);
	printf("Documentation: %s\n", pfl_rule_help_uri(r, uri, sizeof(uri)));
	return 0;
}

/* Diagnostics on stderr ("perflint: warning: 'path': message"). */
static void main__print_diags(const pfl_results *res, bool quiet)
{
	for (size_t i = 0; i < res->diags.size; i++) {
		const pfl_report_diag *d = &res->diags.items[i];
		bool err = strcmp(d->level, "error") == 0;
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

int main(int argc, char **argv)
{
	if (pfl_rules_load() != 0 || pfl_kb_load() != 0)
		return EXIT_ERROR;
	struct main__args a;
	memset(&a, 0, sizeof(a));
	a.format = PFL_FORMAT_TEXT;
	a.color = -1;
	a.max_file_size = DEFAULT_MAX_FILE_SIZE;
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

	bool tty = isatty(STDERR_FILENO);
	const char *ci = getenv("CI");
	pfl_run_opts o = {
		.paths = a.paths.items, .npaths = a.paths.size,
		.excludes = a.exclude.items, .nexcludes = a.exclude.size,
		.select = a.select.items, .nselect = a.select.size,
		.ignore = a.ignore.items, .nignore = a.ignore.size,
		.jobs = a.jobs > 0 ? a.jobs : pfl_pool_cpus(),
		.max_file_size = a.max_file_size,
		.parse_timeout_us = 0,
		.compile_commands = a.compile_commands,
		.include_dirs = a.include_dirs.items, .ninclude_dirs = a.include_dirs.size,
		.defines = a.defines.items, .ndefines = a.defines.size,
		.progress = tty && !a.quiet && !(ci && *ci && strcmp(ci, "false") != 0 && strcmp(ci, "0") != 0),
	};
	pfl_results res;
	if (pfl_run(&o, &res) != 0) {
		pfl_results_release(&res);
		main__args_release(&a);
		return EXIT_ERROR;
	}

	pfl_report rep;
	memset(&rep, 0, sizeof(rep));
	rep.findings = res.findings.items;
	rep.nfindings = res.findings.size;
	rep.rules = res.rules.items;
	rep.nrules = res.rules.size;
	rep.diags = res.diags.items;
	rep.ndiags = res.diags.size;
	rep.version = PFL_VERSION;
	char *root = pfl_path_real(".");
	rep.root = root ? root : "/";
	rep.automation_id = "perflint/";
	bool to_stdout = !a.output || strcmp(a.output, "-") == 0;
	rep.color = a.format == PFL_FORMAT_TEXT &&
		    (a.color == 1 || (a.color == -1 && to_stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR")));
	pfl_summary_compute(&rep.summary, rep.findings, rep.nfindings, res.files_analysed, rep.ndiags);

	rep.quiet = a.quiet;
	pfl_strbuf out = PFL_STRBUF_INIT;
	pfl_report_write(a.format, &rep, &out);
	/* Diagnostics always go to standard error; --quiet keeps only errors. */
	main__print_diags(&res, a.quiet);
	int rc = res.io_error ? EXIT_ERROR : res.findings.size ? EXIT_FINDINGS : EXIT_CLEAN;
	if (to_stdout) {
		if (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
			pfl_error("cannot write the report to standard output: %s", strerror(errno));
			rc = EXIT_ERROR;
		}
	} else if (pfl_write_file_atomic(a.output, out.buf, out.len) != 0) {
		rc = EXIT_ERROR;
	}
	pfl_strbuf_release(&out);
	free(root);
	pfl_results_release(&res);
	main__args_release(&a);
	return rc;
}
