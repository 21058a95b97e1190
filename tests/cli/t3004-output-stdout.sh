#!/usr/bin/env bash
# t3004-output-stdout: --output - writes to stdout; the report written with
# --output FILE is byte for byte what stdout gets, in every format.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file src/a.py
write_file src/b.py 'flat = sum(rows, [])
'
write_file src/broken.py 'def broken(:
    pass
'

run_perflint --output - src
expect_exit 1
expect_finding src/a.py 4 9 PFL201
expect_finding src/b.py 1 8 PFL202
expect_no_file ./-

run_perflint -o - --format json src
expect_exit 1
expect_json '[(f["path"], f["line"]) for f in d["findings"]]' "[('src/a.py', 4), ('src/b.py', 1)]"
expect_no_file ./-

for fmt in json text yaml sarif github; do
	run_perflint --format "$fmt" --color never src
	expect_exit 1
	cp "$TEST_TMP/stdout" "$TEST_TMP/stdout.$fmt"
	run_perflint --format "$fmt" --color never --output "report.$fmt" src
	expect_exit 1
	expect_stdout_empty
	if cmp -s "report.$fmt" "$TEST_TMP/stdout.$fmt"; then
		pass "--format $fmt: --output file equals stdout"
	else
		fail "--format $fmt: --output file differs from stdout"
		diff -u "$TEST_TMP/stdout.$fmt" "report.$fmt" | head -n 20 >&2
	fi
	# The diagnostic goes to stderr when the report goes to a file.
	expect_stderr_contains "'src/broken.py'"
done

# --color auto never colours a file.
run_perflint --output colour.txt src
esc=$(printf '\033')
if grep -q "$esc" colour.txt; then
	fail "--output file has ANSI escapes under --color auto"
else
	pass "--output file has no ANSI escapes under --color auto"
fi

finish
