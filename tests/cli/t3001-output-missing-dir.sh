#!/usr/bin/env bash
# t3001-output-missing-dir: --output into a nonexistent directory is an
# error naming the path (exit 2); no file, no temporary file left behind.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file src/a.py

no_temp_files() {
	local left
	left=$(find "$WORK" -name '*.perflint-tmp-*' | head -n 5)
	if [ -z "$left" ]; then
		pass "no *.perflint-tmp-* file left"
	else
		fail "temporary files left: $left"
	fi
}

run_perflint --output no-such-dir/report.txt src
expect_exit 2
expect_stderr_contains "cannot write 'no-such-dir/report.txt'"
expect_no_file no-such-dir
no_temp_files

# Findings or not, the write error wins: exit 2 for a clean tree too.
write_file clean/ok.py 'x = 1
'
run_perflint --format json -o missing/deeper/r.json clean
expect_exit 2
expect_stderr_contains "cannot write 'missing/deeper/r.json'"
expect_no_file missing
no_temp_files

# The report is not dumped to stdout instead.
expect_stdout_empty

# An absolute path.
run_perflint --format sarif --output "$WORK/nope/r.sarif" src
expect_exit 2
expect_stderr_contains "cannot write '$WORK/nope/r.sarif'"
expect_no_file "$WORK/nope"
no_temp_files

# A path through a regular file, and a directory as the output.
run_perflint --output src/a.py/r.txt src
expect_exit 2
expect_stderr_contains "cannot write 'src/a.py/r.txt'"
no_temp_files
run_perflint --output src src
expect_exit 2
expect_stderr_contains "cannot write 'src'"
no_temp_files
if [ -d src ] && [ -f src/a.py ]; then
	pass "the directory given as --output is untouched"
else
	fail "the directory given as --output was changed"
fi

finish
