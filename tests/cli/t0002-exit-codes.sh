#!/usr/bin/env bash
# t0002-exit-codes: 0 for a clean tree, 1 for findings, 2 for a nonexistent
# path (and everything else in the same run is still analysed and reported).
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/clean" "$WORK/dirty"
cd "$WORK" || exit 1
write_file clean/ok.py 'def f(rows):
    parts = []
    for r in rows:
        parts.append(r)
    return "".join(parts)
'
write_file clean/sub/n.py 'total = 0
for i in range(10):
    total += i
'
write_file dirty/a.py

# 0: a clean tree.
run_perflint clean
expect_exit 0
expect_stdout_contains "No findings in 2 files."
expect_stderr_empty

# 0 with PATH defaulting to the current directory.
cd clean || exit 1
run_perflint
expect_exit 0
expect_stdout_contains "No findings in 2 files."
cd "$WORK" || exit 1

# 1: findings.
run_perflint dirty
expect_exit 1
expect_finding dirty/a.py 4 9 PFL201
expect_stderr_empty

run_perflint clean dirty
expect_exit 1
expect_stdout_contains "Found 1 finding"
expect_stdout_contains "in 3 files."

# 2: a nonexistent path; the existing files are still analysed and reported.
run_perflint dirty/a.py no-such-file.py clean
expect_exit 2
expect_stderr_contains "perflint: error: 'no-such-file.py': cannot access"
expect_finding dirty/a.py 4 9 PFL201
expect_stdout_contains "in 3 files."

run_perflint --format json no-such-dir dirty
expect_exit 2
expect_stderr_contains "'no-such-dir': cannot access"
expect_json '[(f["rule"], f["path"], f["line"]) for f in d["findings"]]' "[('PFL201', 'dirty/a.py', 4)]"
expect_json '[(x["path"], x["level"]) for x in d["diagnostics"]]' "[('no-such-dir', 'error')]"

# 2 wins over 0 too.
run_perflint clean missing.py
expect_exit 2
expect_stderr_contains "'missing.py': cannot access"

# 2: usage errors, with nothing analysed.
run_perflint --no-such-option dirty
expect_exit 2
expect_stderr_contains "perflint: error: unknown option '--no-such-option'"
expect_stdout_empty

run_perflint -Z dirty
expect_exit 2
expect_stderr_contains "perflint: error: unknown option '-Z'"
expect_stdout_empty

finish
