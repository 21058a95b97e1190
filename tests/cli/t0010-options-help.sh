#!/usr/bin/env bash
# t0010-options-help: --help lists every option; every option that takes a
# value fails cleanly (exit 2) without one; -V / -h short forms.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1

run_perflint --help
expect_exit 0
for opt in --format --output --select --ignore --exclude --jobs --max-file-size \
	--list-rules --explain --color --no-color --quiet --version --help; do
	if grep -qE -- "^ +(-[a-zA-Z], )?$opt( |$)" "$TEST_TMP/stdout"; then
		pass "--help lists $opt"
	else
		fail "--help does not list $opt"
	fi
done
expect_stdout_contains "exit status: 0 no findings, 1 findings reported, 2 usage"
cp "$TEST_TMP/stdout" "$TEST_TMP/help"

run_perflint -h
expect_exit 0
expect_stdout_equals "$TEST_TMP/help"

run_perflint -V
expect_exit 0
expect_stdout_contains "perflint 0.1.0"
if [ "$(wc -l <"$TEST_TMP/stdout")" -eq 1 ] && grep -qE '^perflint [0-9]+\.[0-9]+\.[0-9]+$' "$TEST_TMP/stdout"; then
	pass "--version prints exactly one line 'perflint X.Y.Z'"
else
	fail "--version output is not one line 'perflint X.Y.Z'"
	_show_output
fi

# --help and --version win over paths and do not analyse them.
write_file a.py
run_perflint --version a.py
expect_exit 0
expect_stdout_not_contains "a.py"

# Every option that needs a value, given none.
for opt in --format --output --select --ignore --exclude --jobs --max-file-size \
	--explain --color -f -o -j; do
	run_perflint "$opt"
	expect_exit 2
	expect_stderr_contains "perflint: error: option '$opt' needs a value"
	expect_stdout_empty
done

finish
