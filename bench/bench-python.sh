#!/usr/bin/env bash
# bench-python.sh - how fast perflint analyses a large real Python tree.
#
# Usage: bench/bench-python.sh [--no-install] [--repeat N] [TREE]
#
# TREE defaults to the Python standard library on the machine
# (/usr/lib/python3.11). Runs perflint over it with --jobs 1 and --jobs 2
# (--format json into a temporary file), and bench/ts-parse (tree-sitter
# alone: parse and walk every file, the floor of this design) over the same
# files with 1 and 2 threads, and prints one table: files, MB, wall seconds,
# MB/s and peak RSS of each run. With --repeat N each run is made N times
# and the fastest is shown.
#
# Debian packages it installs when missing (unless --no-install): 'time'
# (for /usr/bin/time) and 'libpython3.11-testsuite', which puts the
# standard library's own tests in /usr/lib/python3.11/test and brings the
# tree to about 30 MB (13 MB without them).
set -euo pipefail

install=1
repeat=1
tree=
while [ "$#" -gt 0 ]; do
	case "$1" in
	--no-install) install=0 ;;
	--repeat)
		repeat=${2:?--repeat needs a number}
		shift
		;;
	-h | --help)
		sed -n '2,18s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	-*)
		echo "bench: unknown option '$1' (try --help)" >&2
		exit 2
		;;
	*) tree=$1 ;;
	esac
	shift
done
tree=${tree:-/usr/lib/python3.11}
case "$repeat" in
'' | *[!0-9]* | 0)
	echo "bench: --repeat wants a positive number" >&2
	exit 2
	;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
[ -d "$tree" ] || {
	echo "bench: '$tree' is not a directory" >&2
	exit 2
}

# --- what the benchmark needs ---------------------------------------------

# shellcheck source=bench/lib.sh
. bench/lib.sh
debs=(time)
[ "$tree" != /usr/lib/python3.11 ] || debs+=(libpython3.11-testsuite)
bench_install_debs $((1 - install)) "${debs[@]}"

scripts/build.sh
perflint=$root/build/perflint
tsparse=$(bench_build_tsparse)

# --- the files --------------------------------------------------------------

tmp=$(mktemp -d "${TMPDIR:-/tmp}/perflint-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Count what perflint's discovery analyses: *.py and *.pyi files (and
# symlinks to files), not inside hidden directories, __pycache__,
# node_modules or virtualenvs (venv, .venv). The standard library has a
# package named venv, which perflint skips like any directory of that name.
# Extension-less scripts with a python shebang are not counted.
bench_python_files "$tree" >"$tmp/files"
nfiles=$(wc -l <"$tmp/files")
bytes=$(tr '\n' '\0' <"$tmp/files" | xargs -0 cat | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')

echo "bench: $tree: $nfiles Python files, $mb MB (MB = 10^6 bytes)"
echo "bench: $("$perflint" --version 2>/dev/null | head -n 1 || echo "perflint (version unknown)"), $(nproc) CPUs"
echo

# run LABEL JOBS CMD... - time CMD (fastest of $repeat) and print one row.
printf '%-18s %4s %6s %7s %8s %7s %9s\n' tool jobs files MB "wall s" "MB/s" "peak MB"
run() {
	local label=$1 jobs=$2
	shift 2
	local best_wall="" best_rss="" i st wall rss
	for ((i = 0; i < repeat; i++)); do
		st=0
		/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || st=$?
		# perflint: 0 no findings, 1 findings, 2 some input could not be read.
		if [ "$st" -gt 2 ]; then
			echo "bench: $label --jobs $jobs failed with status $st:" >&2
			tail -n 20 "$tmp/err" >&2
			exit 1
		fi
		read -r wall rss < <(tail -n 1 "$tmp/time")
		if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
			best_wall=$wall
			best_rss=$rss
		fi
	done
	awk -v l="$label" -v j="$jobs" -v f="$nfiles" -v b="$bytes" -v w="$best_wall" -v r="$best_rss" \
		'BEGIN { printf "%-18s %4d %6d %7.1f %8.2f %7.2f %9.1f\n", l, j, f, b / 1e6, w, (w > 0 ? b / 1e6 / w : 0), r / 1024 }'
}

# No configuration file, and no results cache (cold runs) when perflint has one.
pf=("$perflint" --no-config --format json --output "$tmp/report.json")
"$perflint" --help 2>&1 | grep -q -- '--no-cache' && pf+=(--no-cache)
for jobs in 1 2; do
	run perflint "$jobs" "${pf[@]}" --jobs "$jobs" "$tree"
done
for jobs in 1 2; do
	# shellcheck disable=SC2016 # expanded by that sh, not this one
	run "tree-sitter floor" "$jobs" sh -c '"$1" -j "$2" <"$3"' ts-parse "$tsparse" "$jobs" "$tmp/files"
done

# perflint's own count of the files it analysed, from the JSON report.
if command -v python3 >/dev/null 2>&1 && [ -s "$tmp/report.json" ]; then
	python3 - "$tmp/report.json" <<'EOF' || true
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    doc = json.load(f)
summary = doc.get("summary", {}) if isinstance(doc, dict) else {}
files = summary.get("files", summary.get("files_analysed"))
if files is not None:
    print(f"\nperflint analysed {files} files and reported "
          f"{summary.get('findings', '?')} findings, {summary.get('diagnostics', '?')} diagnostics")
EOF
fi
