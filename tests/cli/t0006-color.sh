#!/usr/bin/env bash
# t0006-color: --color always|never|auto and --no-color.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file a.py
esc=$(printf '\033')

has_ansi() {
	if grep -q "$esc\[" "$TEST_TMP/stdout"; then
		pass "$last_cmd: ANSI escapes in stdout"
	else
		fail "$last_cmd: no ANSI escapes in stdout"
		_show_output
	fi
}
no_ansi() {
	if grep -q "$esc" "$TEST_TMP/stdout" "$TEST_TMP/stderr"; then
		fail "$last_cmd: ANSI escapes in the output"
		_show_output
	else
		pass "$last_cmd: no escape characters"
	fi
}

run_perflint --color always a.py
expect_exit 1
has_ansi
run_perflint --color=always a.py
expect_exit 1
has_ansi

run_perflint --color never a.py
expect_exit 1
no_ansi
expect_finding a.py 4 9 PFL201

run_perflint --no-color a.py
expect_exit 1
no_ansi
expect_finding a.py 4 9 PFL201

# The last of --color always / --no-color wins.
run_perflint --color always --no-color a.py
expect_exit 1
no_ansi

# auto (the default): stdout is not a terminal here, so no colour.
run_perflint --color auto a.py
expect_exit 1
no_ansi
run_perflint a.py
expect_exit 1
no_ansi

# Machine formats are never coloured.
for fmt in json sarif yaml github; do
	run_perflint --color always --format "$fmt" a.py
	expect_exit 1
	no_ansi
done

run_perflint --color bogus a.py
expect_exit 2
expect_stderr_contains "perflint: error: invalid value 'bogus' for --color"
expect_stdout_empty

finish
