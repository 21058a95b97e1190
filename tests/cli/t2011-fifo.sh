#!/usr/bin/env bash
# t2011-fifo: a FIFO named x.py, inside a directory and as an explicit
# argument, is never opened for a blocking read (no hang) and is reported.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

PFL_TEST_TIMEOUT=10
mkdir -p "$WORK/dir"
cd "$WORK" || exit 1
write_file good.py
write_file dir/inner.py
mkfifo dir/x.py
mkfifo script   # extension-less: probed for a shebang

run_perflint dir good.py
if [ "$status" -ne 124 ] && [ "$status" -ne 137 ]; then
	pass "$last_cmd: did not hang"
else
	fail "$last_cmd: hung"
fi
expect_exit_in "1 2"
expect_finding good.py 4 9 PFL201
expect_finding dir/inner.py 4 9 PFL201
expect_stderr_contains "'dir/x.py'"

run_perflint dir/x.py good.py
if [ "$status" -ne 124 ] && [ "$status" -ne 137 ]; then
	pass "$last_cmd: did not hang"
else
	fail "$last_cmd: hung"
fi
expect_exit 2
expect_stderr_contains "'dir/x.py': not a regular file"
expect_finding good.py 4 9 PFL201

run_perflint --format json .
expect_exit_in "1 2"
expect_json 'sorted(f["path"] for f in d["findings"])' "['dir/inner.py', 'good.py']"
expect_json '[x["path"] for x in d["diagnostics"]]' "['dir/x.py']"
expect_stderr_contains "'dir/x.py'"

run_perflint script good.py
expect_exit 2
expect_stderr_contains "'script'"
expect_finding good.py 4 9 PFL201

finish
