#!/usr/bin/env bash
# t1005-paths: reported paths are relative to the working directory
# (perflint . gives a.py, not ./a.py); a file given twice, under any
# spelling, is analysed once.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file a.py
write_file sub/b.py

run_perflint .
expect_exit 1
expect_finding a.py 4 9 PFL201
expect_finding sub/b.py 4 9 PFL201
expect_stdout_not_contains "./a.py"

run_perflint ./sub
expect_exit 1
expect_finding sub/b.py 4 9 PFL201
expect_stdout_not_contains "./sub"

run_perflint "$WORK"
expect_exit 1
expect_finding a.py 4 9 PFL201
expect_finding sub/b.py 4 9 PFL201

run_perflint --format json sub/../a.py "$WORK/sub/b.py"
expect_exit 1
expect_json '[f["path"] for f in d["findings"]]' "['a.py', 'sub/b.py']"

# From a subdirectory, files above are reported with ../
cd sub || exit 1
run_perflint --format json ../a.py
expect_exit 1
expect_json '[f["path"] for f in d["findings"]]' "['../a.py']"
cd "$WORK" || exit 1

# A path given twice is analysed once.
run_perflint --format json a.py a.py
expect_exit 1
expect_json '[f["path"] for f in d["findings"]]' "['a.py']"
expect_json 'd["summary"]["files"]' "1"

run_perflint --format json a.py ./a.py "$WORK/a.py" sub/../a.py . sub
expect_exit 1
expect_json '[f["path"] for f in d["findings"]]' "['a.py', 'sub/b.py']"
expect_json 'd["summary"]["files"]' "2"

run_perflint a.py ./a.py
expect_exit 1
if [ "$(grep -c '^a.py:4:9: ' "$TEST_TMP/stdout")" -eq 1 ]; then
	pass "a.py:4:9 reported exactly once"
else
	fail "a.py:4:9 reported $(grep -c '^a.py:4:9: ' "$TEST_TMP/stdout") times"
fi

# The same file outside the working directory, relative and absolute.
cd sub || exit 1
run_perflint --format json ../a.py "$WORK/a.py"
expect_exit 1
expect_json 'len(d["findings"]), d["summary"]["files"]' "(1, 1)"

# The same file reached through .. and directly.
run_perflint --format json .. b.py
expect_exit 1
expect_json 'len(d["findings"]), d["summary"]["files"]' "(2, 2)"

finish
