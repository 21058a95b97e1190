#!/usr/bin/env bash
# t0004-jobs: --jobs 1 and --jobs 4 give byte-identical output in every
# format on a multi-file tree; bad values are usage errors.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
for i in $(seq 1 24); do
	write_file "pkg$((i % 4))/mod$i.py"
done
write_file pkg1/flat.py 'flat = sum(rows, [])
'
write_file pkg2/broken.py 'def broken(:
    pass
'
write_file pkg3/clean.py 'x = 1
'

for fmt in text json yaml sarif github; do
	run_perflint --jobs 1 --format "$fmt" .
	expect_exit 1
	cp "$TEST_TMP/stdout" "$TEST_TMP/out1"
	cp "$TEST_TMP/stderr" "$TEST_TMP/err1"
	run_perflint --jobs 4 --format "$fmt" .
	expect_exit 1
	expect_stdout_equals "$TEST_TMP/out1"
	if cmp -s "$TEST_TMP/err1" "$TEST_TMP/stderr"; then
		pass "--format $fmt: stderr identical for --jobs 1 and 4"
	else
		fail "--format $fmt: stderr differs between --jobs 1 and 4"
	fi
done

# The report covers the whole tree: 25 findings in 27 files.
run_perflint -j 4 --format json .
expect_exit 1
expect_json 'd["summary"]["findings"], d["summary"]["files"]' "(25, 27)"
expect_json '[f["path"] for f in d["findings"]] == sorted(f["path"] for f in d["findings"])' "True"
run_perflint -j 2 .
expect_exit 1
expect_finding pkg1/mod1.py 4 9 PFL201
expect_finding pkg1/flat.py 1 8 PFL202
run_perflint --jobs=3 --format json .
expect_exit 1
expect_json 'd["summary"]["findings"]' "25"

for bad in 0 abc -1 2x ""; do
	run_perflint --jobs "$bad" .
	expect_exit 2
	expect_stderr_contains "perflint: error: invalid value '$bad' for --jobs"
	expect_stdout_empty
done

finish
