#!/usr/bin/env bash
# t1003-exclude: --exclude GLOB (repeatable): basename patterns, dir/**
# patterns; explicit file arguments are always analysed.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
for f in app.py test_app.py build/gen.py build/sub/gen2.py pkg/test_mod.py \
	pkg/mod.py pkg/migrations/0001.py; do
	write_file "$f"
done

paths() {
	expect_json 'sorted(f["path"] for f in d["findings"])' "$1"
}

run_perflint --format json .
expect_exit 1
paths "['app.py', 'build/gen.py', 'build/sub/gen2.py', 'pkg/migrations/0001.py', 'pkg/mod.py', 'pkg/test_mod.py', 'test_app.py']"
expect_json 'd["summary"]["files"]' "7"

# A basename pattern matches at any depth.
run_perflint --format json --exclude 'test_*.py' .
expect_exit 1
paths "['app.py', 'build/gen.py', 'build/sub/gen2.py', 'pkg/migrations/0001.py', 'pkg/mod.py']"

# dir/** excludes everything below dir.
run_perflint --format json --exclude 'build/**' .
expect_exit 1
paths "['app.py', 'pkg/migrations/0001.py', 'pkg/mod.py', 'pkg/test_mod.py', 'test_app.py']"

# Repeatable.
run_perflint --format json --exclude 'build/**' --exclude 'test_*.py' --exclude 'pkg/migrations/**' .
expect_exit 1
paths "['app.py', 'pkg/mod.py']"

# * stays within one directory; ** spans any number.
run_perflint --format json --exclude 'pkg/*.py' .
expect_exit 1
paths "['app.py', 'build/gen.py', 'build/sub/gen2.py', 'pkg/migrations/0001.py', 'test_app.py']"
run_perflint --format json --exclude '**/gen2.py' .
expect_exit 1
paths "['app.py', 'build/gen.py', 'pkg/migrations/0001.py', 'pkg/mod.py', 'pkg/test_mod.py', 'test_app.py']"

# Everything excluded: exit 0.
run_perflint --exclude '*.py' .
expect_exit 0
expect_stdout_not_contains "[PFL201]"

# An explicitly named file is analysed even when excluded.
run_perflint --exclude 'test_*.py' test_app.py
expect_exit 1
expect_finding test_app.py 4 9 PFL201

finish
