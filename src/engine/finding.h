/*
 * finding.h - findings, the checks' way to report them, and scoring.
 *
 * A check emits a pfl_finding_spec through pfl_check_emit; the engine fills
 * the rest (score, severity, columns in other units, source snippet,
 * fingerprint). Strings in a pfl_finding belong to the arena of the run's
 * results and live until the report is written.
 */
#ifndef PFL_FINDING_H
#define PFL_FINDING_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/model.h"
#include "rule.h"

/* Severity, derived from the score (docs/scoring.md). */
typedef enum pfl_severity {
	PFL_SEV_LOW,      /* score < 40 */
	PFL_SEV_MEDIUM,   /* 40 <= score < 65 */
	PFL_SEV_HIGH,     /* 65 <= score < 85 */
	PFL_SEV_CRITICAL, /* score >= 85 */
} pfl_severity;

/* Another place that explains a finding (the operation inside a helper). */
typedef struct pfl_related {
	const char *path;
	pfl_span span;
	const char *message;
	uint32_t col_cp, end_col_cp;   /* columns in code points, 1-based */
	uint32_t col_u16, end_col_u16; /* columns in UTF-16 code units, 1-based */
} pfl_related;

/* What a check says about one finding. */
typedef struct pfl_finding_spec {
	const char *rule_id;  /* must be the id of the emitting rule */
	pfl_span span;        /* where to report it */
	const char *message;  /* what is slow, how it grows, the fix (copied) */
	const char *fix;      /* suggested rewrite, code (copied), may be NULL */
	uint32_t loop_depth;  /* loops around the operation (>= 1 for loop rules) */
	bool inferred;        /* a kind was guessed rather than known */
	const pfl_related *related;
	uint32_t nrelated;
} pfl_finding_spec;

/* One finding, complete. */
typedef struct pfl_finding {
	const pfl_rule_meta *rule;
	const char *path;     /* as reported */
	pfl_span span;
	uint32_t col_cp, end_col_cp;   /* columns in code points, 1-based */
	uint32_t col_u16, end_col_u16; /* columns in UTF-16 code units, 1-based */
	int score;            /* 0..100 */
	pfl_severity severity;
	const char *message;
	const char *fix;      /* may be NULL */
	const char *code;     /* the offending source lines, as in the file */
	const char *fingerprint; /* GitHub's primaryLocationLineHash for span.line */
	const char *function; /* qualified name of the enclosing function, "" at top level */
	const char *suppression; /* the comment directive that silences it, or NULL */
	uint32_t suppression_line; /* the line of that comment */
	uint32_t loop_depth;
	bool inferred;
	pfl_related *related;
	uint32_t nrelated;
} pfl_finding;

/* The collecting side of a check (opaque to checks). */
typedef struct pfl_check pfl_check;

/* Report a finding from a file check (in the file being checked). */
void pfl_check_emit(pfl_check *c, const pfl_finding_spec *spec);
/* Report a finding from a project check, in the analysed file at path. */
void pfl_check_emit_at(pfl_check *c, const char *path, const pfl_finding_spec *spec);

/* The score of a finding from its rule's base, loop depth and confidence. */
int pfl_score(int base, uint32_t loop_depth, bool inferred);
/* A score clamped into the band of severity s (a configured severity). */
int pfl_score_pin(int score, pfl_severity s);
/* The severity band of a score. */
pfl_severity pfl_severity_of(int score);
/* "critical", "high", "medium", "low". */
const char *pfl_severity_name(pfl_severity s);
/* Parse a severity name; -1 when it is not one. */
int pfl_severity_parse(const char *s);

#endif
