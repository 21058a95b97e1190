#!/usr/bin/env bash
# t2013-directory-args: a directory where a file might be expected (named
# like a source file, or given explicitly) is searched, not read.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/pkg.py" "$WORK/mod.pyi" "$WORK/tool" "$WORK/empty"
cd "$WORK" || exit 1
write_file pkg.py/inner.py
write_file mod.pyi/stub.pyi
write_file tool/run.py
write_file good.py

run_perflint pkg.py
expect_exit 1
expect_finding pkg.py/inner.py 4 9 PFL201
expect_stderr_empty

run_perflint --format json .
expect_exit 1
expect_json 'sorted(f["path"] for f in d["findings"])' \
	"['good.py', 'mod.pyi/stub.pyi', 'pkg.py/inner.py', 'tool/run.py']"
expect_json 'd["diagnostics"]' "[]"

run_perflint pkg.py/ good.py
expect_exit 1
expect_finding pkg.py/inner.py 4 9 PFL201
expect_finding good.py 4 9 PFL201

# An empty directory: nothing to do, exit 0.
run_perflint empty
expect_exit 0
expect_stdout_contains "No findings in 0 files."
expect_stderr_empty

finish
