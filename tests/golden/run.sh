#!/usr/bin/env bash
# run.sh - golden-output test for every reporter.
#
# Usage: tests/golden/run.sh [-u]
#
# For each format (text json yaml sarif github) runs, from inside
# tests/golden/ so that reported paths read "input/...":
#
#	$PERFLINT --format F --color never --jobs 1 input
#
# and compares stdout byte for byte with expected/F.EXT. perflint must exit 1
# (the inputs have findings) and print nothing on stderr. The same run with
# --jobs 4 must give byte-identical output.
#
# SARIF holds the absolute directory of the run as a file:// URI (the
# %SRCROOT% base in originalUriBaseIds). Before comparing, every JSON string
# value "file://.../" (a file URI ending in a slash) is replaced by
# "file://%ROOT%/", so expected/sarif.sarif does not depend on where the
# repository is checked out.
#
# -u rewrites the expected files from the current output, after a
# deliberate change; review the diff (git diff tests/golden/expected) before
# committing it.
#
# Environment: PERFLINT (the binary) and PFL_SOURCE_DIR are set by CTest; by
# hand they default to build/perflint and the repository holding this file.
set -uo pipefail

update=0
case "${1:-}" in
"") ;;
-u | --update) update=1 ;;
-h | --help)
	sed -n '2,26s/^# \{0,1\}//p' "$0"
	exit 0
	;;
*)
	echo "golden: unknown option '$1' (try --help)" >&2
	exit 2
	;;
esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PFL_SOURCE_DIR=${PFL_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
PERFLINT=${PERFLINT:-$PFL_SOURCE_DIR/build/perflint}
case "$PERFLINT" in
/*) ;;
*) PERFLINT=$PWD/$PERFLINT ;; # relative to where run.sh was started
esac
if [ ! -x "$PERFLINT" ]; then
	echo "golden: perflint binary not found at '$PERFLINT' (build it, or set PERFLINT)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

# format:extension of its expected file
formats="text:txt json:json yaml:yaml sarif:sarif github:txt"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/perflint-golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$here" || exit 1

passed=0
failed=0
ok() {
	passed=$((passed + 1))
	echo "ok - $*"
}
not_ok() {
	failed=$((failed + 1))
	echo "not ok - $*"
}

# run FORMAT JOBS OUT - run perflint; 0 when it behaved (exit 1, quiet stderr).
run() {
	local st=0
	timeout -k 5 120 "$PERFLINT" --format "$1" --color never --jobs "$2" input \
		</dev/null >"$3" 2>"$3.err" || st=$?
	if [ "$st" -ne 1 ]; then
		not_ok "$1 --jobs $2: perflint exited $st, expected 1 (findings); stderr:"
		sed 's/^/  | /' "$3.err" | head -n 40
		return 1
	fi
	if [ -s "$3.err" ]; then
		not_ok "$1 --jobs $2: perflint wrote to stderr (the inputs should give no diagnostics):"
		sed 's/^/  | /' "$3.err" | head -n 40
		return 1
	fi
	return 0
}

# Make SARIF independent of the checkout's location.
normalize() {
	if [ "$1" = sarif ]; then
		sed -E 's#"file://[^"]*/"#"file://%ROOT%/"#g' "$2"
	else
		cat "$2"
	fi
}

for entry in $formats; do
	fmt=${entry%%:*}
	ext=${entry#*:}
	expected=expected/$fmt.$ext
	out1=$tmp/$fmt.jobs1
	out4=$tmp/$fmt.jobs4

	if run "$fmt" 1 "$out1"; then
		normalize "$fmt" "$out1" >"$tmp/$fmt.norm"
		if [ "$update" -eq 1 ]; then
			if [ -f "$expected" ] && cmp -s "$tmp/$fmt.norm" "$expected"; then
				ok "$fmt: $expected unchanged"
			else
				cp "$tmp/$fmt.norm" "$expected"
				ok "$fmt: updated $expected"
			fi
		elif [ ! -f "$expected" ]; then
			not_ok "$fmt: $expected is missing (run tests/golden/run.sh -u and review it)"
		elif cmp -s "$expected" "$tmp/$fmt.norm"; then
			ok "$fmt: output matches $expected"
		else
			not_ok "$fmt: output differs from $expected"
			diff -u --label "$expected" --label "perflint --format $fmt" \
				"$expected" "$tmp/$fmt.norm" | head -n 200
		fi
	fi

	if run "$fmt" 4 "$out4" && [ -f "$out1" ] && [ ! -s "$out1.err" ]; then
		if cmp -s "$out1" "$out4"; then
			ok "$fmt: --jobs 4 output identical to --jobs 1"
		else
			not_ok "$fmt: --jobs 4 output differs from --jobs 1"
			diff -u --label "--jobs 1" --label "--jobs 4" "$out1" "$out4" | head -n 200
		fi
	fi
done

[ "$update" -eq 0 ] || echo "golden: expected files written to tests/golden/expected/; review with git diff"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
