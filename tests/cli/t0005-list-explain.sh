#!/usr/bin/env bash
# t0005-list-explain: --list-rules and --explain.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1

run_perflint --list-rules
expect_exit 0
expect_stderr_empty
for id in PFL201 PFL202; do
	if grep -qE "^$id +[a-z-]+ +quadratic-concat " "$TEST_TMP/stdout"; then
		pass "--list-rules lists $id with its family"
	else
		fail "--list-rules does not list $id with its family"
		_show_output
	fi
done
expect_stdout_contains "string-concat-in-loop"
expect_stdout_contains "sequence-concat-in-loop"

# --list-rules does not analyse anything.
write_file a.py
run_perflint --list-rules a.py
expect_exit 0
expect_stdout_not_contains "a.py"

run_perflint --explain PFL201
expect_exit 0
expect_stderr_empty
expect_stdout_contains "PFL201 string-concat-in-loop (quadratic-concat)"
expect_stdout_contains "Bad:"
expect_stdout_contains "Good:"
expect_stdout_contains "https://github.com/perflint/perflint/blob/main/docs/rules/PFL201.md"
cp "$TEST_TMP/stdout" "$TEST_TMP/explain201"

# Case does not matter.
run_perflint --explain pfl201
expect_exit 0
expect_stdout_equals "$TEST_TMP/explain201"

run_perflint --explain PFL202
expect_exit 0
expect_stdout_contains "PFL202 sequence-concat-in-loop (quadratic-concat)"
expect_stdout_contains "docs/rules/PFL202.md"

for bad in PFL999 PFL2 bogus ""; do
	run_perflint --explain "$bad"
	expect_exit 2
	expect_stderr_contains "perflint: error: unknown rule '$bad'"
	expect_stdout_empty
done

finish
