#!/usr/bin/env bash
# t3002-output-readonly: --output into a directory the user cannot write is
# an error naming the path (exit 2), and nothing is left there. An existing
# report in it stays as it was.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

if ! as_nobody >/dev/null; then
	skip "neither setpriv nor runuser can switch to uid 65534: read-only output not tested"
	pass "skipped (no way to drop privileges)"
	finish
fi

chmod 755 "$TEST_TMP" "$WORK"
mkdir -p "$WORK/ro" "$WORK/src"
cd "$WORK" || exit 1
write_file src/a.py
echo "old report" >ro/existing.txt
chmod 644 ro/existing.txt src/a.py
chmod 755 ro src

run_perflint_as_nobody --output ro/report.txt src
expect_exit 2
expect_stderr_contains "cannot write 'ro/report.txt'"
expect_stdout_empty
expect_no_file ro/report.txt
if [ "$(find ro -name '*.perflint-tmp-*' | wc -l)" -eq 0 ]; then
	pass "no temporary file in ro/"
else
	fail "a temporary file was left in ro/"
fi

# Replacing an existing report there fails too, and leaves it untouched.
run_perflint_as_nobody --format json --output ro/existing.txt src
expect_exit 2
expect_stderr_contains "cannot write 'ro/existing.txt'"
if [ "$(cat ro/existing.txt)" = "old report" ]; then
	pass "ro/existing.txt unchanged"
else
	fail "ro/existing.txt was changed"
fi
if [ "$(find ro -mindepth 1 -printf "%f\n")" = "existing.txt" ]; then
	pass "ro/ holds only existing.txt"
else
	fail "ro/ holds: $(find ro -mindepth 1 -printf '%f ')"
fi

# The same user can write where it may.
mkdir -p "$WORK/rw" && chmod 777 "$WORK/rw"
run_perflint_as_nobody --output rw/report.txt src
expect_exit 1
expect_file_exists rw/report.txt
if grep -q '^src/a.py:4:9: ' rw/report.txt; then
	pass "rw/report.txt holds the finding"
else
	fail "rw/report.txt lacks src/a.py:4:9"
fi

finish
