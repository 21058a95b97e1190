#!/usr/bin/env bash
# t2006-crlf: CRLF line endings give the same lines and columns as LF, and
# no carriage return leaks into the reports.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file lf.py
printf '%s' "$PFL201_AT_4_9" | sed 's/$/\r/' >crlf.py
# Old Mac line endings (CR only) are line breaks to Python too.
printf '%s' "$PFL201_AT_4_9" | tr '\n' '\r' >cr.py
printf 'def f(rows):\r\n    s = ""\r\n    for r in rows:\r\n        s = s + r\r\n    return s' >noeol.py

if grep -q $'\r' crlf.py; then
	pass "crlf.py has CRLF line endings"
else
	fail "crlf.py has no CR"
fi

run_perflint crlf.py lf.py
expect_exit 1
expect_finding crlf.py 4 9 PFL201
expect_finding lf.py 4 9 PFL201
if grep -q $'\r' "$TEST_TMP/stdout"; then
	fail "text output contains a carriage return"
else
	pass "text output has no carriage return"
fi

run_perflint --format json crlf.py
expect_exit 1
expect_json '[(f["line"], f["column"], f["end_line"], f["end_column"], f["code"]) for f in d["findings"]]' \
	"[(4, 9, 4, 15, '        s += r')]"

run_perflint --format sarif crlf.py
expect_exit 1
expect_json '[(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["locations"][0]["physicalLocation"]["region"]["endColumn"]) for r in d["runs"][0]["results"]]' \
	"[(4, 9, 15)]"

run_perflint --format github crlf.py
expect_exit 1
expect_stdout_contains "file=crlf.py,line=4,"
expect_stdout_contains "col=9,"

run_perflint --format yaml crlf.py
expect_exit 1
expect_stdout_contains "line: 4"
if grep -q $'\r' "$TEST_TMP/stdout"; then
	fail "yaml output contains a carriage return"
else
	pass "yaml output has no carriage return"
fi

run_perflint cr.py
expect_exit 1
expect_finding cr.py 4 9 PFL201

run_perflint noeol.py
expect_exit 1
expect_finding noeol.py 4 9 PFL201

finish
