#!/usr/bin/env bash
# t2007-bom: a UTF-8 byte order mark is not a character: a finding on line 1
# and one on line 2 are at the same columns as without it, in every format.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
# PFL202 at 1:8 and 2:8 (the sum() call), and a PFL201 at 6:9.
body='flat = sum(rows, [])
flat = sum(rows, [])
def f(rows):
    s = ""
    for r in rows:
        s += r
    return s
'
write_file nobom.py "$body"
printf '\357\273\277%s' "$body" >bom.py

for f in nobom.py bom.py; do
	run_perflint "$f"
	expect_exit 1
	expect_finding "$f" 1 8 PFL202
	expect_finding "$f" 2 8 PFL202
	expect_finding "$f" 6 9 PFL201
	expect_stderr_empty
	# The source line shown under the finding has no BOM.
	if grep -q $'\xef\xbb\xbf' "$TEST_TMP/stdout"; then
		fail "$f: text output contains the BOM"
	else
		pass "$f: text output has no BOM"
	fi

	run_perflint --format json "$f"
	expect_exit 1
	expect_json '[(f["line"], f["column"], f["end_column"], f["code"]) for f in d["findings"]]' \
		"[(1, 8, 21, 'flat = sum(rows, [])'), (2, 8, 21, 'flat = sum(rows, [])'), (6, 9, 15, '        s += r')]"

	# SARIF columns (UTF-16 code units) do not count the BOM either.
	run_perflint --format sarif "$f"
	expect_exit 1
	expect_json '[(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["locations"][0]["physicalLocation"]["region"]["endColumn"]) for r in d["runs"][0]["results"]]' \
		"[(1, 8, 21), (2, 8, 21), (6, 9, 15)]"

	run_perflint --format github "$f"
	expect_exit 1
	expect_stdout_contains "file=$f,line=1,endLine=1,col=8,"
done

finish
