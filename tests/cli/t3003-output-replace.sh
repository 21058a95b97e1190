#!/usr/bin/env bash
# t3003-output-replace: an existing report is replaced whole (written to a
# temporary file and renamed): complete new content, no leftovers, and
# other files in the directory untouched.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file src/a.py
mkdir -p out

# An old report much longer than the new one: a truncating in-place write
# gone wrong would leave its tail behind.
"$PFL_PYTHON" -c 'print("OLD LINE " * 20 + "\n" * 1, end=""); [print("OLD %d" % i) for i in range(20000)]' >out/report.json
echo "neighbour" >out/other.txt

run_perflint --format json --output out/report.json src
expect_exit 1
expect_stdout_empty
if "$PFL_PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert [(f["path"], f["line"], f["column"]) for f in d["findings"]] == [("src/a.py", 4, 9)]
' out/report.json; then
	pass "out/report.json is the complete new report"
else
	fail "out/report.json is not the new report"
fi
if grep -q OLD out/report.json; then
	fail "old content left in out/report.json"
else
	pass "no old content in out/report.json"
fi
if [ "$(cat out/other.txt)" = neighbour ]; then
	pass "out/other.txt untouched"
else
	fail "out/other.txt changed"
fi
if [ "$(find out -name '*.perflint-tmp-*' | wc -l)" -eq 0 ] && [ "$(find out -mindepth 1 | wc -l)" -eq 2 ]; then
	pass "no temporary file left in out/"
else
	fail "out/ holds: $(find out -mindepth 1 -printf '%f ')"
fi

# Replacing again with the same content gives byte-identical files.
cp out/report.json "$TEST_TMP/first.json"
run_perflint --format json --output out/report.json src
expect_exit 1
if cmp -s out/report.json "$TEST_TMP/first.json"; then
	pass "a second run gives the same report"
else
	fail "a second run gives a different report"
fi

# A report replaced while a reader holds the old one open: the reader
# still sees the old content whole (a rename, not an overwrite).
printf 'OLD CONTENT\n' >out/held.txt
exec 7<out/held.txt
run_perflint --output out/held.txt src
expect_exit 1
held=$(cat <&7)
exec 7<&-
if [ "$held" = "OLD CONTENT" ]; then
	pass "a reader of the old file still sees it whole"
else
	fail "the old file was overwritten in place: a reader saw '$held'"
fi
if grep -q '^src/a.py:4:9: ' out/held.txt; then
	pass "out/held.txt holds the new report"
else
	fail "out/held.txt lacks the new report"
fi

if [ "$(find out -name '*.perflint-tmp-*' | wc -l)" -eq 0 ]; then
	pass "no temporary file left at the end"
else
	fail "temporary files left in out/"
fi

finish
