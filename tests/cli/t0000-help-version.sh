#!/usr/bin/env bash
# t0000-help-version: --help, --version, and the two ways to misuse options.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

run_perflint --help
expect_exit 0
expect_stdout_contains "--format"
expect_stdout_contains "perflint"
expect_stderr_empty

run_perflint --version
expect_exit 0
expect_stdout_contains "perflint 0.1.0"
expect_stderr_empty

run_perflint --no-such-option
expect_exit 2
expect_stderr_contains "perflint: error:"
expect_stdout_empty

run_perflint --format bogus "$WORK"
expect_exit 2
expect_stderr_contains "perflint: error:"
expect_stderr_contains "bogus"

finish
