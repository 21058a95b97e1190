#!/usr/bin/env bash
# t5003-scores: the score and severity of representative findings, as
# docs/scoring.md computes them (score = clamp(base + 10 × (depth − 1) −
# 15 if inferred, 0, 100), depth 0 scored as 1; critical ≥ 85, high ≥ 65,
# medium ≥ 40, low below), pinned through the JSON report, SARIF's `rank`
# and `level`, and the text report's severity words. Also: the base-score
# table of docs/scoring.md is the compiled-in rule metadata.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1

# --- Fixtures: one finding each (the expected score is in the comment).

# PFL101, base 70, one loop: 70 high.
write_file py/depth1.py 'import requests


def fetch_all(urls):
    pages = []
    for url in urls:
        pages.append(requests.get(url, timeout=5))
    return pages
'
# The same call three loops deep: 70 + 10 × 2 = 90 critical.
write_file py/depth3.py 'import requests


def probe(hosts, ports, paths):
    codes = []
    for host in hosts:
        for port in ports:
            for path in paths:
                codes.append(requests.get(f"http://{host}:{port}/{path}", timeout=5))
    return codes
'
# PFL101 through a knowledge-base entry marked inferred (a session of
# unknown type): 70 − 15 = 55 medium.
write_file py/inferred.py 'class InvoiceRepository:
    def __init__(self, session):
        self.session = session

    def by_ids(self, invoice_ids):
        invoices = []
        for invoice_id in invoice_ids:
            invoices.append(self.session.get(Invoice, invoice_id))
        return invoices
'
# PFL401, base 70, in an async def: depth 0, 70 high.
write_file py/async_block.py 'import time


async def handler(request):
    time.sleep(0.5)
    return request
'
# PFL301 on a list literal, two loops: 50 + 10 = 60 medium.
write_file py/membership.py 'def flagged(batches):
    banned = ["a17", "b22", "c09"]
    hits = []
    for batch in batches:
        for item in batch:
            if item in banned:
                hits.append(item)
    return hits
'
# PFL301 on a list known only from str.split(), one loop: 50 − 15 = 35 low.
write_file py/low.py 'import os

BLOCKED = os.environ.get("BLOCKED", "").split(",")


def allowed(requests_):
    ok = []
    for req in requests_:
        if req.country not in BLOCKED:
            ok.append(req)
    return ok
'
# C: sqlite3_exec in a loop, PFL101: 70 high.
write_file c/sync.c '#include <stdio.h>
#include <sqlite3.h>

void mark_seen(sqlite3 *db, const int *ids, int n)
{
	char sql[128];
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof sql, "UPDATE events SET seen = 1 WHERE id = %d", ids[i]);
		sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
}
'
# C: strcat in a loop, PFL201, base 55: 55 medium.
write_file c/join.c '#include <string.h>

void join(char *buf, char **parts, int n)
{
	buf[0] = '"'"'\0'"'"';
	for (int i = 0; i < n; i++)
		strcat(buf, parts[i]);
}
'

# --- JSON: rule, place, depth, inferred, score and severity of each.
run_perflint --format json py c
expect_exit 1
expect_stderr_empty
expect_json '[(f["path"], f["line"], f["column"], f["rule"], f["loop_depth"], f["inferred"], f["score"], f["severity"]) for f in d["findings"]]' \
	"[('c/join.c', 7, 3, 'PFL201', 1, False, 55, 'medium'), \
('c/sync.c', 9, 3, 'PFL101', 1, False, 70, 'high'), \
('py/async_block.py', 5, 5, 'PFL401', 0, False, 70, 'high'), \
('py/depth1.py', 7, 22, 'PFL101', 1, False, 70, 'high'), \
('py/depth3.py', 9, 30, 'PFL101', 3, False, 90, 'critical'), \
('py/inferred.py', 8, 29, 'PFL101', 1, True, 55, 'medium'), \
('py/low.py', 9, 12, 'PFL301', 1, True, 35, 'low'), \
('py/membership.py', 6, 16, 'PFL301', 2, False, 60, 'medium')]"
# The run: 1 critical, 3 high, 3 medium, 1 low:
# 100 − (15 + 8 × 3 + 3 × 3 + 1) = 51, and a critical: NEEDS_OPTIMIZATION.
expect_json '[d["summary"][k] for k in ("findings", "critical", "high", "medium", "low", "performance_score", "status")]' \
	"[8, 1, 3, 3, 1, 51, 'NEEDS_OPTIMIZATION']"
# Each rule's base score as the JSON report states it.
expect_json '{r["id"]: r["base_score"] for r in d["rules"] if r["id"] in ("PFL101", "PFL201", "PFL301", "PFL401")}' \
	"{'PFL101': 70, 'PFL201': 55, 'PFL301': 50, 'PFL401': 70}"

# --- SARIF: the score is the rank; error for critical and high, warning
# for medium, note for low.
run_perflint --format sarif py c
expect_exit 1
expect_json '[(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["locations"][0]["physicalLocation"]["region"]["startLine"], r["ruleId"], r["rank"], r["level"], r["properties"]["score"], r["properties"]["severity"]) for r in d["runs"][0]["results"]]' \
	"[('c/join.c', 7, 'PFL201', 55, 'warning', 55, 'medium'), \
('c/sync.c', 9, 'PFL101', 70, 'error', 70, 'high'), \
('py/async_block.py', 5, 'PFL401', 70, 'error', 70, 'high'), \
('py/depth1.py', 7, 'PFL101', 70, 'error', 70, 'high'), \
('py/depth3.py', 9, 'PFL101', 90, 'error', 90, 'critical'), \
('py/inferred.py', 8, 'PFL101', 55, 'warning', 55, 'medium'), \
('py/low.py', 9, 'PFL301', 35, 'note', 35, 'low'), \
('py/membership.py', 6, 'PFL301', 60, 'warning', 60, 'medium')]"
# A rule's default level is that of its base score: 70 error, 55 and 50 warning.
expect_json '{r["id"]: r["defaultConfiguration"]["level"] for r in d["runs"][0]["tool"]["driver"]["rules"] if r["id"] in ("PFL101", "PFL201", "PFL301", "PFL401")}' \
	"{'PFL101': 'error', 'PFL201': 'warning', 'PFL301': 'warning', 'PFL401': 'error'}"
# Never security-severity, on a result or a rule.
if grep -q 'security-severity' "$TEST_TMP/stdout"; then
	fail "sarif has security-severity"
else
	pass "sarif has no security-severity"
fi

# --- text: the severity word after the location.
# expect_text PATH:LINE:COL SEVERITY RULE - the finding line starts with
# "PATH:LINE:COL: SEVERITY: " and ends with "[RULE]".
expect_text() {
	if awk -v p="$1: $2: " -v r="[$3]" \
		'index($0, p) == 1 && substr($0, length($0) - length(r) + 1) == r { n++ }
		 END { exit n != 1 }' "$TEST_TMP/stdout"; then
		pass "$last_cmd: $1: $2 [$3]"
	else
		fail "$last_cmd: no single line '$1: $2: ... [$3]'"
		_show_output
	fi
}
run_perflint --color never py c
expect_exit 1
expect_text c/join.c:7:3 medium PFL201
expect_text c/sync.c:9:3 high PFL101
expect_text py/async_block.py:5:5 high PFL401
expect_text py/depth1.py:7:22 high PFL101
expect_text py/depth3.py:9:30 critical PFL101
expect_text py/inferred.py:8:29 medium PFL101
expect_text py/low.py:9:12 low PFL301
expect_text py/membership.py:6:16 medium PFL301
expect_stdout_contains "Found 8 findings (1 critical, 3 high, 3 medium, 1 low) in 8 files."

# --- The edges of the bands, with PFL201 (base 55): 4 loops is exactly 85
# (critical) and 70 when inferred (high); 2 loops is exactly 65 (high); one
# loop and inferred is exactly 40 (medium).
write_file edges/known.py 'def grid(a, b, c, d):
    s = ""
    for w in a:
        for x in b:
            for y in c:
                for z in d:
                    s += z
    return s


def rows(a, b):
    s = ""
    for x in a:
        for y in b:
            s += y
    return s
'
write_file edges/guess.py 'def grid(a, b, c, d, s):
    for w in a:
        for x in b:
            for y in c:
                for z in d:
                    s += "z"
    return s


def tail(a, s):
    for x in a:
        s += "x"
    return s
'
run_perflint --format json edges
expect_exit 1
expect_json '[(f["path"], f["line"], f["loop_depth"], f["inferred"], f["score"], f["severity"]) for f in d["findings"]]' \
	"[('edges/guess.py', 6, 4, True, 70, 'high'), \
('edges/guess.py', 12, 1, True, 40, 'medium'), \
('edges/known.py', 7, 4, False, 85, 'critical'), \
('edges/known.py', 15, 2, False, 65, 'high')]"

# --- docs/scoring.md's base-score table is --list-rules: every rule, with
# its name, family and base, and nothing else.
doc=$PFL_SOURCE_DIR/docs/scoring.md
from_doc=$(sed -n 's/^| \[\(PFL[0-9]*\)\](rules\/PFL[0-9]*\.md) | \([^ |]*\) | \([^ |]*\) | \([0-9]*\) |$/\1 \2 \3 \4/p' "$doc")
from_bin=$("$PERFLINT" --list-rules | awk 'NR > 1 { print $1, $2, $3, $4 }')
if [ -n "$from_bin" ] && [ "$from_doc" = "$from_bin" ]; then
	pass "docs/scoring.md base scores match --list-rules ($(echo "$from_bin" | wc -l) rules)"
else
	fail "docs/scoring.md base scores differ from --list-rules"
	diff -u <(echo "$from_bin") <(echo "$from_doc") | sed 's/^/  /' >&2
fi

finish
