#!/usr/bin/env bash
# t0003-select-ignore: --select and --ignore with ids, prefixes, family tags
# and comma lists; an unknown rule is a usage error.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
# PFL201 at line 4, PFL202 at line 7.
write_file two.py 'def f(rows):
    s = ""
    for r in rows:
        s += r
    return s

flat = sum(rows, [])
'

rules() {
	expect_json '[(f["rule"], f["line"]) for f in d["findings"]]' "$1"
}

run_perflint --format json two.py
expect_exit 1
rules "[('PFL201', 4), ('PFL202', 7)]"

for sel in PFL201 pfl201; do
	run_perflint --format json --select "$sel" two.py
	expect_exit 1
	rules "[('PFL201', 4)]"
done

for sel in PFL202 PFL2 quadratic-concat "PFL201,PFL202" "PFL202, PFL201"; do
	run_perflint --format json --select "$sel" two.py
	expect_exit 1
	case $sel in
	PFL202) rules "[('PFL202', 7)]" ;;
	*) rules "[('PFL201', 4), ('PFL202', 7)]" ;;
	esac
done

# --select is repeatable.
run_perflint --format json --select PFL201 --select PFL202 two.py
expect_exit 1
rules "[('PFL201', 4), ('PFL202', 7)]"

run_perflint --format json --ignore PFL201 two.py
expect_exit 1
rules "[('PFL202', 7)]"

for ign in PFL2 quadratic-concat "PFL201,PFL202"; do
	run_perflint --format json --ignore "$ign" two.py
	expect_exit 0
	rules "[]"
done

# --ignore takes away from --select.
run_perflint --format json --select PFL2 --ignore PFL202 two.py
expect_exit 1
rules "[('PFL201', 4)]"

# Text output too.
run_perflint --select PFL202 two.py
expect_exit 1
expect_finding two.py 7 8 PFL202
expect_stdout_not_contains "[PFL201]"

# Unknown rules, prefixes and families: exit 2, nothing analysed.
for bad in PFL999 PFL9 no-such-family "PFL201,bogus"; do
	run_perflint --select "$bad" two.py
	expect_exit 2
	expect_stderr_contains "perflint: error: unknown rule or family"
	expect_stdout_empty
done
run_perflint --ignore PFL999 two.py
expect_exit 2
expect_stderr_contains "perflint: error: unknown rule or family 'PFL999' in --ignore"
expect_stdout_empty

finish
