/*
 * report.h - everything a reporter needs, and one entry point per format.
 *
 * A reporter reads a pfl_report (findings sorted by path, line, column and
 * rule; rules sorted by id) and appends its whole output to a strbuf; it
 * never writes files itself (main writes the buffer atomically). Nothing
 * here is owned by the reporter.
 */
#ifndef PFL_REPORT_H
#define PFL_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "../engine/finding.h"
#include "../util/strbuf.h"

/* A problem with an input (unreadable file, syntax error), not a finding. */
typedef struct pfl_report_diag {
	const char *path;    /* as given or discovered */
	uint32_t line, col;  /* 0 when it concerns the whole file */
	const char *level;   /* "error", "warning", "note" */
	const char *code;    /* "parse-error", "invalid-utf8", "unreadable"... */
	const char *message; /* lowercase, no full stop */
} pfl_report_diag;

/* Counts and the verdict of a run. */
typedef struct pfl_summary {
	size_t files;             /* files analysed */
	size_t findings;          /* findings reported */
	size_t by_severity[4];    /* indexed by pfl_severity */
	size_t diagnostics;
	int performance_score;    /* 0..100, docs/scoring.md */
	const char *status;       /* "PASS" or "NEEDS_OPTIMIZATION" */
} pfl_summary;

/* The whole input of a reporter. */
typedef struct pfl_report {
	const pfl_finding *findings;
	size_t nfindings;
	const pfl_rule_meta *const *rules; /* the rules that ran, by id */
	size_t nrules;
	const pfl_report_diag *diags;      /* sorted by path, line */
	size_t ndiags;
	pfl_summary summary;
	const char *version;     /* perflint's version, "0.1.0" */
	const char *root;        /* absolute directory that relative paths are under (SARIF %SRCROOT%) */
	const char *automation_id; /* SARIF automationDetails.id, "perflint/" by default */
	bool color;              /* ANSI colour in text output */
	bool quiet;              /* text output: findings only, no summary line */
} pfl_report;

/* Output formats. */
typedef enum pfl_format {
	PFL_FORMAT_TEXT,
	PFL_FORMAT_JSON,
	PFL_FORMAT_YAML,
	PFL_FORMAT_SARIF,
	PFL_FORMAT_GITHUB,
} pfl_format;

/* Parse a --format value; -1 when unknown. */
int pfl_format_parse(const char *s);

/* gcc-style lines with the source, a caret and the fix; then a summary. */
void pfl_report_text(const pfl_report *r, pfl_strbuf *out);
/* The JSON document of docs/output-formats.md. */
void pfl_report_json(const pfl_report *r, pfl_strbuf *out);
/* The auditors' YAML: status, performance_score, issues by severity. */
void pfl_report_yaml(const pfl_report *r, pfl_strbuf *out);
/* SARIF 2.1.0 for GitHub code scanning. */
void pfl_report_sarif(const pfl_report *r, pfl_strbuf *out);
/* GitHub Actions workflow commands. */
void pfl_report_github(const pfl_report *r, pfl_strbuf *out);
/* Dispatch on format. */
void pfl_report_write(pfl_format f, const pfl_report *r, pfl_strbuf *out);

/* Compute the summary (counts, score, status) from findings. */
void pfl_summary_compute(pfl_summary *s, const pfl_finding *f, size_t n,
			 size_t files, size_t ndiags);

#endif
