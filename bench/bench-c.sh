#!/usr/bin/env bash
# bench-c.sh - how fast perflint analyses a real C code base (GNU binutils).
#
# Usage: bench/bench-c.sh [--no-install] [--repeat N] [--files N|all]
#                         [--no-variants] [WORKDIR]
#
# Prepares, once, GNU binutils from Debian's binutils-source package in
# WORKDIR (default /tmp/perflint-binutils): extracts the tarball, configures
# it for all targets and builds bfd, opcodes, libiberty and binutils under
# bear, which writes compile_commands.json at the top of the tree (a few
# minutes on 2 cores; kept, and reused by later runs). Then, on the same N
# translation units of bfd/, binutils/, libiberty/ and opcodes/ (default
# 200, spread evenly over the four), times perflint --jobs 1 (all rules),
# bench/clang-parse (libclang parsing alone, as perflint parses: the floor),
# clang-tidy -checks='-*,performance-*', perflint --jobs 2, and clang-parse
# with other parse options, each the fastest of 3 runs (--repeat), and
# prints one table: TUs, wall seconds, ms per TU, ratio to the bare parse,
# user CPU seconds, peak RSS and the median wall time of the rounds.
#
# Debian packages it installs when missing (unless --no-install):
# binutils-source, bear, flex, bison, texinfo, make, gcc, xz-utils, python3
# (to build binutils and write the database), clang-tidy and time.
set -euo pipefail

install=1
repeat=3
nfiles=200
variants=1
work=
while [ "$#" -gt 0 ]; do
	case "$1" in
	--no-install) install=0 ;;
	--no-variants) variants=0 ;;
	--repeat)
		repeat=${2:?--repeat needs a number}
		shift
		;;
	--files)
		nfiles=${2:?--files needs a number or 'all'}
		shift
		;;
	-h | --help)
		sed -n '2,22s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	-*)
		echo "bench: unknown option '$1' (try --help)" >&2
		exit 2
		;;
	*) work=$1 ;;
	esac
	shift
done
work=${work:-/tmp/perflint-binutils}
case "$repeat" in
'' | *[!0-9]* | 0)
	echo "bench: --repeat wants a positive number" >&2
	exit 2
	;;
esac
case "$nfiles" in
all) nfiles=0 ;;
'' | *[!0-9]* | 0)
	echo "bench: --files wants a positive number or 'all'" >&2
	exit 2
	;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

# --- what the benchmark needs ---------------------------------------------

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_install_debs $((1 - install)) time clang-tidy
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
[ -n "$tidy" ] || {
	echo "bench: clang-tidy is missing (Debian package 'clang-tidy'); run without --no-install" >&2
	exit 1
}

scripts/build.sh
perflint=$root/build/perflint
cparse=$(bench_build_cparse)

# --- the code base ------------------------------------------------------------

tree=$(bench_prepare_binutils $((1 - install)) "$work")
db=$tree/compile_commands.json

# --- the translation units ----------------------------------------------------

tmp=$(mktemp -d "${TMPDIR:-/tmp}/perflint-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The database's files in bfd/, binutils/, libiberty/ and opcodes/, sorted;
# N of them taken at even steps so that all four directories are in.
bench_binutils_tus "$tree/compile_commands.json" "$tree" "$nfiles" >"$tmp/files"
mapfile -t files <"$tmp/files"
ntus=${#files[@]}
[ "$ntus" -gt 0 ] || {
	echo "bench: no translation units in $db" >&2
	exit 1
}
lines=$(tr '\n' '\0' <"$tmp/files" | xargs -0 cat | wc -l)
per_dir=$(sed "s|^$tree/||; s|/.*||" "$tmp/files" | sort | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')

echo "bench: $tree: $ntus translation units ($per_dir), $lines lines without headers"
echo "bench: database $db"
echo "bench: $("$perflint" --version 2>/dev/null | head -n 1 || echo "perflint (version unknown)"), $("$tidy" --version | grep -m1 -o 'LLVM version [0-9.]*'), $(nproc) CPUs"
# Other work on the machine moves the figures by tens of per cent: say so.
busy=$(bench_busy)
if [ "${busy:-0}" -gt 10 ]; then
	echo "bench: warning: the CPUs were ${busy}% busy with other work just now: the figures will be noisy"
fi
echo

# The runs: label, jobs, highest normal exit status, and the command (in
# set_cmd). clang-parse exits 1 when libclang returns no translation unit
# for a file; perflint 1 with findings and 2 when some input could not be
# read; clang-tidy 1 when a file has compiler errors. The first run, the
# bare parse, is the reference of the ratio column.
labels=("libclang parse (floor)" "perflint (all rules)" "clang-tidy -checks=-*,performance-*" "perflint (all rules)")
jobs_of=(1 1 1 2)
ok_of=(0 2 1 2)
if [ "$variants" -eq 1 ]; then
	labels+=("parse + SkipFunctionBodies" "parse + DetailedPreprocessingRecord" "parse + visit main-file cursors")
	jobs_of+=(1 1 1)
	ok_of+=(0 0 0)
fi
# perflint: no configuration file, no results cache (cold runs), and
# --exclude '**' so that it analyses the named units only, as the other
# tools do: without it, it also reads every other file of their
# directories as context (README: files named on their own).
pf=("$perflint" --no-config -p "$tree" --format json -q --exclude '**')
"$perflint" --help 2>&1 | grep -q -- '--no-cache' && pf+=(--no-cache)
# set_cmd K - the command of run K, into the array cmd.
set_cmd() {
	case "$1" in
	0) cmd=("$cparse" -p "$tree") ;;
	1) cmd=("${pf[@]}" --jobs 1) ;;
	2) cmd=("$tidy" -p "$tree" '-checks=-*,performance-*') ;;
	3) cmd=("${pf[@]}" --jobs 2) ;;
	4) cmd=("$cparse" -O skip-bodies -p "$tree") ;;
	5) cmd=("$cparse" -O detailed -p "$tree") ;;
	6) cmd=("$cparse" -w -p "$tree") ;;
	esac
	cmd+=("${files[@]}")
}

# Round after round, each run once per round (so that a slow spell of the
# machine does not fall on one tool only); the fastest of each is kept,
# with its user CPU time, peak RSS and output, and the median wall time of
# all rounds is shown too.
nruns=${#labels[@]}
best=()
walls=()
failed=()
rm -f "$work/failed.log"
for ((r = 1; r <= repeat; r++)); do
	echo "bench: round $r of $repeat" >&2
	for ((k = 0; k < nruns; k++)); do
		[ -z "${failed[k]:-}" ] || continue
		set_cmd "$k"
		st=0
		/usr/bin/time -f '%e %U %M' -o "$tmp/time" "${cmd[@]}" >"$tmp/out" 2>"$tmp/err" || st=$?
		if [ "$st" -gt "${ok_of[k]}" ]; then
			failed[k]=$st
			{
				echo "== ${labels[k]} (--jobs ${jobs_of[k]}): status $st"
				cat "$tmp/err"
			} >>"$work/failed.log"
			continue
		fi
		read -r wall user rss < <(tail -n 1 "$tmp/time")
		walls[k]="${walls[k]:-} $wall"
		if [ -z "${best[k]:-}" ] || awk -v a="$wall" -v b="${best[k]%% *}" 'BEGIN { exit !(a < b) }'; then
			best[k]="$wall $user $rss"
			cp "$tmp/out" "$tmp/out.$k"
		fi
	done
done
echo

printf '%-36s %4s %5s %8s %7s %7s %7s %8s %8s\n' tool jobs TUs "wall s" "ms/TU" "x parse" "user s" "peak MB" "median s"
ref=${best[0]:-}
ref=${ref%% *}
for ((k = 0; k < nruns; k++)); do
	if [ -n "${failed[k]:-}" ]; then
		printf '%-36s %4d %5d   failed with status %d (see %s)\n' "${labels[k]}" "${jobs_of[k]}" "$ntus" "${failed[k]}" "$work/failed.log"
		continue
	fi
	read -r wall user rss <<<"${best[k]}"
	med=$(echo "${walls[k]}" | tr ' ' '\n' | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
	awk -v l="${labels[k]}" -v j="${jobs_of[k]}" -v n="$ntus" -v w="$wall" -v u="$user" -v r="$rss" -v ref="${ref:-0}" -v m="$med" \
		'BEGIN { printf "%-36s %4d %5d %8.2f %7.1f %7s %7.2f %8.1f %8.2f\n", l, j, n, w, w * 1000 / n, (ref > 0 ? sprintf("%.2f", w / ref) : "-"), u, r / 1024, m }'
done

# What perflint found, and any file it could not analyse fully.
if [ -s "$tmp/out.1" ]; then
	python3 - "$tmp/out.1" <<'EOF' || true
import collections, json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    doc = json.load(f)
s = doc.get("summary", {})
rules = collections.Counter(x.get("rule") or x.get("rule_id") or "?" for x in doc.get("findings", []))
print(f"\nperflint analysed {s.get('files', '?')} files: {s.get('findings', '?')} findings "
      f"({', '.join(f'{k} {v}' for k, v in sorted(rules.items())) or 'none'}), "
      f"{s.get('diagnostics', '?')} diagnostics")
for d in doc.get("diagnostics", [])[:20]:
    print(f"  {d.get('path')}:{d.get('line')}: {d.get('level')} {d.get('code')}: {d.get('message')}")
EOF
fi
if [ -s "$tmp/out.2" ]; then
	echo "clang-tidy reported $(grep -c ': warning: .*\[performance-' "$tmp/out.2" || true) performance-* warnings"
fi
if [ "${#failed[@]}" -gt 0 ]; then
	echo "bench: ${#failed[@]} run(s) failed; their stderr is in $work/failed.log" >&2
	exit 1
fi
