#!/usr/bin/env bash
# t0007-quiet: --quiet / -q prints findings only, with no summary line.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file a.py
write_file clean.py 'x = 1
'

run_perflint a.py
expect_exit 1
expect_stdout_contains "Found 1 finding"

for q in --quiet -q; do
	run_perflint "$q" a.py
	expect_exit 1
	expect_finding a.py 4 9 PFL201
	expect_stdout_not_contains "Found 1 finding"
	expect_stderr_empty
done

run_perflint --quiet clean.py
expect_exit 0
expect_stdout_not_contains "No findings"
expect_stderr_empty

# Warnings are chatter too; errors are not.
write_file broken.py 'def broken(:
    pass
'
run_perflint --quiet --format json broken.py
expect_exit 0
expect_stderr_empty
run_perflint --quiet a.py missing.py
expect_exit 2
expect_stderr_contains "'missing.py': cannot access"
expect_finding a.py 4 9 PFL201

finish
