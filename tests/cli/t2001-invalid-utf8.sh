#!/usr/bin/env bash
# t2001-invalid-utf8: a .py with invalid UTF-8 is analysed as is, with a
# warning naming the path; every report stays valid UTF-8.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file good.py
# Latin-1 bytes in a comment (line 1) and inside the offending line (line 5).
printf '# caf\351 cr\350me\ndef f(rows):\n    s = ""\n    for r in rows:\n        s += r + "\377"\n    return s\n' >latin1.py
# Garbage right at the start.
printf '\377\376\375 garbage\n' >garbage.py

run_perflint latin1.py good.py
expect_exit 1
expect_finding latin1.py 5 9 PFL201
expect_finding good.py 4 9 PFL201
expect_stderr_contains "'latin1.py'"
expect_stderr_contains "invalid UTF-8"

run_perflint --format json latin1.py good.py
expect_exit 1
expect_json '[(f["path"], f["line"], f["column"]) for f in d["findings"]]' "[('good.py', 4, 9), ('latin1.py', 5, 9)]"
expect_json '[(x["path"], x["line"], x["code"]) for x in d["diagnostics"]]' "[('latin1.py', 1, 'invalid-utf8')]"
expect_stderr_contains "'latin1.py'"
expect_stderr_contains "invalid UTF-8"

# Every machine format is still valid UTF-8 (and JSON parses).
for fmt in json sarif yaml github text; do
	run_perflint --format "$fmt" latin1.py
	expect_exit 1
	if "$PFL_PYTHON" -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$TEST_TMP/stdout"; then
		pass "--format $fmt: output is valid UTF-8"
	else
		fail "--format $fmt: output is not valid UTF-8"
	fi
done
run_perflint --format sarif latin1.py
expect_json 'd["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]' "5"

run_perflint garbage.py good.py
expect_exit_in "1"
expect_finding good.py 4 9 PFL201
expect_stderr_contains "'garbage.py'"
expect_stderr_contains "invalid UTF-8"

finish
