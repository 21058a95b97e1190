#!/usr/bin/env bash
# t0008-output-option: --output FILE / -o FILE writes the report there and
# nothing to stdout (the t3xxx scripts test the hard cases).
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file src/a.py

run_perflint --output report.txt src
expect_exit 1
expect_stdout_empty
expect_stderr_empty
expect_file_exists report.txt
if grep -q '^src/a.py:4:9: medium: .*\[PFL201\]$' report.txt &&
	grep -q '^Found 1 finding' report.txt; then
	pass "report.txt holds the finding and the summary"
else
	fail "report.txt lacks the finding or the summary"
	cat report.txt >&2
fi

run_perflint -o report.json --format json src
expect_exit 1
expect_stdout_empty
expect_file_exists report.json
if "$PFL_PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert [(f["path"], f["line"], f["column"]) for f in d["findings"]] == [("src/a.py", 4, 9)]
' report.json; then
	pass "report.json parses and holds src/a.py:4:9"
else
	fail "report.json is wrong"
fi

run_perflint --output=report.sarif --format sarif src
expect_exit 1
expect_file_exists report.sarif
if grep -q '"version": "2.1.0"' report.sarif; then
	pass "report.sarif is SARIF 2.1.0"
else
	fail "report.sarif lacks \"version\": \"2.1.0\""
fi

# The exit code still tells findings from none.
write_file clean/ok.py 'x = 1
'
run_perflint -o clean.txt clean
expect_exit 0
expect_stdout_empty
if grep -q '^No findings in 1 file' clean.txt; then
	pass "clean.txt says no findings"
else
	fail "clean.txt lacks 'No findings in 1 file'"
fi

# The report file is an ordinary file: readable by others (umask 022).
umask 022
run_perflint -o perm.txt src
if [ "$(stat -c %a perm.txt)" = 644 ]; then
	pass "report written with mode 644 under umask 022"
else
	fail "report mode is $(stat -c %a perm.txt), expected 644 under umask 022"
fi

finish
