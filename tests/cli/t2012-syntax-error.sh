#!/usr/bin/env bash
# t2012-syntax-error: a file that does not parse is reported once, as a
# parse-error diagnostic (stderr, JSON diagnostics, SARIF notifications),
# never as a finding; the valid code after the error is still analysed.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file good.py
# The error on line 1; a PFL201 finding at line 7, column 9.
write_file broken.py 'def broken(:
    pass

def f(rows):
    s = ""
    for r in rows:
        s += r
    return s
'
# Two separate errors in one file: still one diagnostic.
write_file twice.py 'x = (
y = ]]]
def g(:
'

run_perflint broken.py good.py
expect_exit 1
expect_finding broken.py 7 9 PFL201
expect_finding good.py 4 9 PFL201
expect_stderr_contains "'broken.py'"
expect_stderr_contains "syntax error"
if [ "$(grep -c "broken.py" "$TEST_TMP/stderr")" -eq 1 ]; then
	pass "broken.py named once on stderr"
else
	fail "broken.py named $(grep -c "broken.py" "$TEST_TMP/stderr") times on stderr"
	_show_output
fi

run_perflint --format json broken.py good.py twice.py
expect_exit 1
expect_json '[(f["rule"], f["path"], f["line"], f["column"]) for f in d["findings"]]' \
	"[('PFL201', 'broken.py', 7, 9), ('PFL201', 'good.py', 4, 9)]"
expect_json '[(x["path"], x["line"], x["level"], x["code"]) for x in d["diagnostics"]]' \
	"[('broken.py', 1, 'warning', 'parse-error'), ('twice.py', 1, 'warning', 'parse-error')]"
expect_json 'd["summary"]["files"], d["summary"]["diagnostics"]' "(3, 2)"
expect_stderr_contains "perflint: warning: 'broken.py': line 1: syntax error"
expect_stderr_contains "perflint: warning: 'twice.py'"

run_perflint --format sarif broken.py
expect_exit 1
expect_json '[r["ruleId"] for r in d["runs"][0]["results"]]' "['PFL201']"
expect_json '[(n["descriptor"]["id"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for i in d["runs"][0]["invocations"] for n in i.get("toolExecutionNotifications", [])]' \
	"[('parse-error', 'broken.py')]"

# Only a syntax error: no finding, exit 0.
run_perflint --format json twice.py
expect_exit 0
expect_json 'd["findings"]' "[]"
expect_json '[x["code"] for x in d["diagnostics"]]' "['parse-error']"

# --select / --ignore never hide it: it is not a rule's finding.
run_perflint --format json --ignore PFL2 broken.py
expect_exit 0
expect_json '[x["code"] for x in d["diagnostics"]]' "['parse-error']"

finish
