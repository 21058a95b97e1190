#!/usr/bin/env bash
# t0001-formats: --format text|json|yaml|sarif|github each produce their format.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file a.py

# text (the default, and --format text): gcc-style location line.
run_perflint a.py
expect_exit 1
expect_finding a.py 4 9 PFL201
expect_stdout_contains "a.py:4:9: medium: str 's' is built by += in a loop"
expect_stdout_contains "Found 1 finding"
expect_stderr_empty

run_perflint --format text a.py
expect_exit 1
expect_finding a.py 4 9 PFL201

# json: parses, with the finding at a.py:4:9.
run_perflint --format json a.py
expect_exit 1
expect_json '[(f["rule"], f["path"], f["line"], f["column"]) for f in d["findings"]]' \
	"[('PFL201', 'a.py', 4, 9)]"
expect_json 'd["summary"]["findings"], d["summary"]["files"]' "(1, 1)"
# rules[] lists every rule that ran: the same ids as --list-rules.
all_ids=$("$PERFLINT" --list-rules | awk 'NR > 1 { printf "%s\x27%s\x27", (n++ ? ", " : ""), $1 }')
expect_json 'sorted(r["id"] for r in d["rules"])' "[$all_ids]"
expect_stderr_empty

# The short and the --opt=value spellings.
run_perflint -f json a.py
expect_exit 1
expect_json 'd["findings"][0]["line"]' "4"
run_perflint --format=json a.py
expect_exit 1
expect_json 'd["findings"][0]["column"]' "9"

# sarif: SARIF 2.1.0 JSON, one run, the result at a.py line 4 column 9.
run_perflint --format sarif a.py
expect_exit 1
expect_stdout_contains '"version": "2.1.0"'
expect_json 'd["version"], len(d["runs"])' "('2.1.0', 1)"
expect_json '[(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["locations"][0]["physicalLocation"]["region"]["startLine"], r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in d["runs"][0]["results"]]' \
	"[('PFL201', 'a.py', 4, 9)]"

# yaml: starts with "status:".
run_perflint --format yaml a.py
expect_exit 1
if [ "$(head -n 1 "$TEST_TMP/stdout" | cut -c1-7)" = "status:" ]; then
	pass "yaml output starts with 'status:'"
else
	fail "yaml output does not start with 'status:'"
	_show_output
fi
expect_stdout_contains "performance_score: "
expect_stdout_contains "file: a.py"
expect_stdout_contains "line: 4"
if "$PFL_PYTHON" -c 'import yaml' 2>/dev/null; then
	if "$PFL_PYTHON" -c '
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
assert d["status"] == "PASS", d["status"]
i = d["issues"]["medium"]
assert [(x["rule"], x["file"], x["line"]) for x in i] == [("PFL201", "a.py", 4)], i
' "$TEST_TMP/stdout"; then
		pass "yaml output parses, one medium PFL201 issue at a.py:4"
	else
		fail "yaml output does not parse or has the wrong issues"
	fi
fi

# github: every line is a workflow command.
run_perflint --format github a.py
expect_exit 1
if [ -s "$TEST_TMP/stdout" ] && ! grep -qv '^::' "$TEST_TMP/stdout"; then
	pass "every github output line starts with '::'"
else
	fail "a github output line does not start with '::' (or no output)"
	_show_output
fi
expect_stdout_contains "file=a.py,line=4,"
expect_stdout_contains "col=9,"
expect_stdout_contains "title=PFL201"

# A clean file: each machine format still emits a valid document.
write_file clean.py 'x = 1
'
for f in json sarif; do
	run_perflint --format "$f" clean.py
	expect_exit 0
	if [ "$(json_eval '1')" = 1 ]; then
		pass "--format $f on a clean file: valid JSON"
	else
		fail "--format $f on a clean file: invalid JSON"
		_show_output
	fi
done
run_perflint --format yaml clean.py
expect_exit 0
expect_stdout_contains "status: PASS"
run_perflint --format github clean.py
expect_exit 0
expect_stdout_empty

finish
