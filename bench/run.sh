#!/usr/bin/env bash
# run.sh - the whole benchmark: sets up, runs, and writes bench/RESULTS.md.
#
# Usage: bench/run.sh [--quick] [--only SECTION[,SECTION...]] [--rounds N]
#                     [--c-files N|all] [--large-files N] [--wait-idle SECS]
#                     [--work DIR] [--no-install] [--no-build] [--reuse-bin]
#                     [--report-only]
#
# Sections (all four unless --only; --only may be repeated):
#   python  perflint --jobs 1 and 2, tree-sitter alone (bench/ts-parse.c,
#           1 and 2 threads) and ruff --select PERF,ASYNC (its WebAssembly
#           build, bench/ruff-driver.js) on the same files: the Python
#           standard library (/usr/lib/python3.11) and Django (python3-django)
#   c       libclang alone (bench/clang-parse.c), perflint --jobs 1 and 2,
#           clang-tidy -checks='-*,performance-*' and cppcheck
#           --enable=performance on the same GNU binutils translation units
#   scale   perflint --jobs 1 and 2 on 1, 2 and 4 copies of the stdlib
#   large   a generated tree of 100,000 Python files (bench/gen-tree.py):
#           1k, 10k and 100k of them, one 8 MB module, tree-sitter alone on
#           the 100k, and a run under 'ulimit -n 64'
#
# Every tool of a section runs once per round, round after round, and the
# table shows the median wall time of the rounds (5; 1 with --quick), the
# median CPU time and the highest peak RSS, from /usr/bin/time; how busy
# the CPUs were in the second before each run is noted. --quick also uses
# smaller corpora (Django only, 20 translation units, 10,000 generated
# files) and writes WORK/RESULTS-quick.md instead of bench/RESULTS.md.
# Each section's figures are kept in WORK/results*/ and the report is
# rebuilt from every section there, so '--only c' re-runs the C section
# and keeps the others (each says when it ran, and how loaded the machine
# was). --wait-idle SECS waits, before each run, up to SECS seconds for
# the CPUs to be less than 20% busy with other work.
#
# perflint is built (scripts/build.sh) and copied to WORK/bin first, so that
# a rebuild by someone else during the run does not change what is
# measured (--no-build copies build/perflint as it is; --reuse-bin measures
# the binaries already in WORK/bin, so that a section run again is run with
# the same perflint as the others). It runs with --no-config, and
# --no-cache when it has that option (cold runs).
#
# Debian packages installed when missing (unless --no-install): time,
# libpython3.11-testsuite, python3-django, clang-tidy, cppcheck,
# binutils-source and what building it needs (see bench/lib.sh), nodejs
# and npm; ruff from the npm registry into bench/node_modules (npm ci,
# bench/package-lock.json). WORK defaults to /tmp/perflint-bench; binutils
# is prepared in /tmp/perflint-binutils, as bench/bench-c.sh does.
set -euo pipefail

quick=0
only=()
rounds=
c_files=
large_files=
wait_idle=0
work=
install=1
build=1
reuse=0
report_only=0
while [ "$#" -gt 0 ]; do
	case "$1" in
	--quick) quick=1 ;;
	--only)
		IFS=, read -r -a more <<<"${2:?--only needs a section}"
		only+=("${more[@]}")
		shift
		;;
	--rounds)
		rounds=${2:?--rounds needs a number}
		shift
		;;
	--c-files)
		c_files=${2:?--c-files needs a number or all}
		shift
		;;
	--large-files)
		large_files=${2:?--large-files needs a number}
		shift
		;;
	--wait-idle)
		wait_idle=${2:?--wait-idle needs seconds}
		shift
		;;
	--work)
		work=${2:?--work needs a directory}
		shift
		;;
	--no-install) install=0 ;;
	--no-build) build=0 ;;
	--reuse-bin) reuse=1 ;;
	--report-only) report_only=1 ;;
	-h | --help)
		sed -n '2,43s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	*)
		echo "bench: unknown argument '$1' (try --help)" >&2
		exit 2
		;;
	esac
	shift
done
[ "${#only[@]}" -gt 0 ] || only=(python c scale large)
for s in "${only[@]}"; do
	case "$s" in
	python | c | scale | large) ;;
	*)
		echo "bench: unknown section '$s' (python, c, scale, large)" >&2
		exit 2
		;;
	esac
done
if [ "$quick" -eq 1 ]; then
	rounds=${rounds:-1}
	c_files=${c_files:-20}
	large_files=${large_files:-10000}
	big_mb=2
	cppcheck_limit=60
else
	rounds=${rounds:-5}
	c_files=${c_files:-200}
	large_files=${large_files:-100000}
	big_mb=8
	cppcheck_limit=600
fi
case "$rounds" in '' | *[!0-9]* | 0)
	echo "bench: --rounds wants a positive number" >&2
	exit 2
	;;
esac
case "$c_files" in all) c_files=0 ;; '' | *[!0-9]* | 0)
	echo "bench: --c-files wants a positive number or 'all'" >&2
	exit 2
	;;
esac
case "$large_files" in '' | *[!0-9]* | 0)
	echo "bench: --large-files wants a positive multiple of 100" >&2
	exit 2
	;;
esac
[ $((large_files % 100)) -eq 0 ] || {
	echo "bench: --large-files wants a positive multiple of 100" >&2
	exit 2
}
case "$wait_idle" in '' | *[!0-9]*)
	echo "bench: --wait-idle wants a number of seconds" >&2
	exit 2
	;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
# shellcheck source=bench/lib.sh
. bench/lib.sh

work=${work:-/tmp/perflint-bench}
case "$(realpath -m "$work")/" in "$(pwd -P)"/*)
	# perflint skips what git ignores: copies inside the work tree would not be analysed.
	echo "bench: the work directory must be outside the repository ($work)" >&2
	exit 2
	;;
esac
mkdir -p "$work"
work=$(cd "$work" && pwd -P)
if [ "$quick" -eq 1 ]; then
	res=$work/results-quick
	report=$work/RESULTS-quick.md
else
	res=$work/results
	report=$root/bench/RESULTS.md
fi
mkdir -p "$res"

make_report() {
	if [ "$quick" -eq 1 ]; then
		python3 bench/report.py "$res" "$report"
	else
		python3 bench/report.py "$res" "$report" bench/results-notes.md
	fi
	echo "bench: wrote $report"
}
if [ "$report_only" -eq 1 ]; then
	make_report
	exit 0
fi

has() {
	local s
	for s in "${only[@]}"; do [ "$s" = "$1" ] && return 0; done
	return 1
}

# --- what the benchmark needs -------------------------------------------------

debs=(time python3 nodejs npm)
has python && debs+=(libpython3.11-testsuite python3-django)
has scale && debs+=(libpython3.11-testsuite)
has c && debs+=(clang-tidy cppcheck)
# nodejs may come from another source than Debian's (with npm inside): only
# install what has no command.
command -v node >/dev/null 2>&1 && debs=("${debs[@]/nodejs/}")
command -v npm >/dev/null 2>&1 && debs=("${debs[@]/npm/}")
read -r -a debs <<<"${debs[*]}"
bench_install_debs $((1 - install)) "${debs[@]}"

if has python; then
	if [ ! -f bench/node_modules/@astral-sh/ruff-wasm-nodejs/package.json ] ||
		[ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
		[ "$install" -eq 1 ] || {
			echo "bench: bench/node_modules is missing or stale (run without --no-install)" >&2
			exit 1
		}
		echo "bench: npm ci in bench/" >&2
		(cd bench && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	fi
fi

if [ "$reuse" -eq 1 ]; then
	for b in perflint ts-parse; do
		[ -x "$work/bin/$b" ] || {
			echo "bench: --reuse-bin: $work/bin/$b is missing" >&2
			exit 1
		}
	done
else
	if [ "$build" -eq 1 ]; then
		scripts/build.sh || {
			echo "bench: the build failed (someone editing src/?); --no-build measures build/perflint as it is" >&2
			exit 1
		}
	fi
	[ -x build/perflint ] || {
		echo "bench: build/perflint is missing" >&2
		exit 1
	}
	mkdir -p "$work/bin"
	cp build/perflint "$work/bin/perflint.tmp" && mv "$work/bin/perflint.tmp" "$work/bin/perflint"
	cp "$(bench_build_tsparse)" "$work/bin/ts-parse"
	if has c; then
		cp "$(bench_build_cparse)" "$work/bin/clang-parse"
	fi
	commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
	dirty=$(git status --porcelain -- src rules CMakeLists.txt 2>/dev/null | wc -l)
	echo "commit $commit$([ "$dirty" -eq 0 ] || echo " with $dirty uncommitted files in src/")" >"$work/bin/perflint.commit"
fi
perflint=$work/bin/perflint
tsparse=$work/bin/ts-parse
cparse=$work/bin/clang-parse
if has c && [ ! -x "$cparse" ]; then
	echo "bench: $cparse is missing" >&2
	exit 1
fi
pf_opts=(--no-config --format json -q)
"$perflint" --help 2>&1 | grep -q -- '--no-cache' && pf_opts+=(--no-cache)
pf_commit=$(cat "$work/bin/perflint.commit" 2>/dev/null || echo 'commit ?')

# --- the machine and the versions ------------------------------------------------

dpkg_ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo '?'; }
{
	echo "date=$(date +%F)"
	echo "nproc=$(nproc)"
	echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
	echo "kernel=$(uname -sr)"
	echo "memory=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "perflint=$("$perflint" --version 2>/dev/null | head -n 1), $pf_commit, options ${pf_opts[*]}"
	echo "tree-sitter=libtree-sitter0 $(dpkg_ver libtree-sitter0), tree-sitter-python $(sed -n 's/^ *"version": "\(.*\)",/\1/p' node_modules/tree-sitter-python/package.json | head -n 1)"
	if has python; then
		echo "ruff=@astral-sh/ruff-wasm-nodejs $(sed -n 's/^ *"version": "\(.*\)",/\1/p' bench/node_modules/@astral-sh/ruff-wasm-nodejs/package.json | head -n 1), node $(node --version)"
		echo "python=libpython3.11-stdlib $(dpkg_ver libpython3.11-stdlib), libpython3.11-testsuite $(dpkg_ver libpython3.11-testsuite), python3-django $(dpkg_ver python3-django)"
	fi
	if has c; then
		echo "libclang=libclang1-14 $(dpkg_ver libclang1-14)"
		echo "clang-tidy=$(clang-tidy --version | grep -m1 -o 'LLVM version [0-9.]*') ($(dpkg_ver clang-tidy))"
		echo "cppcheck=$(cppcheck --version) ($(dpkg_ver cppcheck))"
		echo "binutils=binutils-source $(dpkg_ver binutils-source)"
	fi
} >"$res/machine.new"
# Keep the versions of sections not run this time.
if [ -f "$res/machine.meta" ]; then
	while IFS= read -r line; do
		grep -q "^${line%%=*}=" "$res/machine.new" || echo "$line" >>"$res/machine.new"
	done <"$res/machine.meta"
fi
mv "$res/machine.new" "$res/machine.meta"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/perflint-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- the runner -----------------------------------------------------------------

# A section declares its runs with add_run, then calls run_rounds. Each run:
# a label, the corpus, jobs, the highest normal exit status, its kind (how
# its output is read: perflint, tsparse, ruff, cparse, tidy, cppcheck), the
# files and bytes of its input, and the command (a string of words set by
# the section's set_cmd function, called with the run's index).
reset_runs() {
	R_LABEL=()
	R_CORPUS=()
	R_JOBS=()
	R_OK=()
	R_KIND=()
	R_FILES=()
	R_BYTES=()
	R_STDIN=()
	R_LIMIT=()
}
add_run() {
	R_LABEL+=("$1")
	R_CORPUS+=("$2")
	R_JOBS+=("$3")
	R_OK+=("$4")
	R_KIND+=("$5")
	R_FILES+=("$6")
	R_BYTES+=("$7")
	R_STDIN+=("${8:-/dev/null}")
	R_LIMIT+=("${9:-0}")
}

# wait_for_idle - up to $wait_idle seconds until the CPUs are less than 20%
# busy; prints the last reading (per cent).
wait_for_idle() {
	local waited=0 b
	b=$(bench_busy)
	while [ "$b" -ge 20 ] && [ "$waited" -lt "$wait_idle" ]; do
		sleep 4
		waited=$((waited + 5))
		b=$(bench_busy)
	done
	echo "$b"
}

# run_rounds SECTION - every run once per round, $rounds rounds; writes
# $res/SECTION.tsv (one row per run) and appends to $res/SECTION.meta.
run_rounds() {
	local section=$1 n=${#R_LABEL[@]} r k st wall user sys rss b
	local walls=() rsss=() failed=() timeouts=()
	mkdir -p "$res/out"
	rm -f "$res/out/$section".*
	for ((r = 1; r <= rounds; r++)); do
		echo "round=$r loadavg=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$res/$section.meta"
		echo "bench: $section: round $r of $rounds" >&2
		for ((k = 0; k < n; k++)); do
			[ -z "${failed[k]:-}" ] || continue
			# How busy the CPUs are just before the run (and, with
			# --wait-idle, a wait for them to calm down).
			if [ "$wait_idle" -gt 0 ]; then b=$(wait_for_idle); else b=$(bench_busy); fi
			set_cmd "$k"
			[ "${R_LIMIT[k]}" -eq 0 ] || cmd=(timeout -k 10 "${R_LIMIT[k]}" "${cmd[@]}")
			st=0
			/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "${cmd[@]}" <"${R_STDIN[k]}" >"$tmp/out" 2>"$tmp/err" || st=$?
			if [ "${R_LIMIT[k]}" -gt 0 ] && { [ "$st" -eq 124 ] || [ "$st" -eq 137 ]; }; then
				read -r wall user sys rss < <(tail -n 1 "$tmp/time")
				failed[k]="timeout"
				timeouts[k]="stopped after ${R_LIMIT[k]} s (time limit) in round $r, not run again; peak RSS $((rss / 1024)) MB until then; $(read_partial "$k")"
				cp "$tmp/out" "$res/out/$section.$k.out"
				cp "$tmp/err" "$res/out/$section.$k.err"
				echo "bench: ${R_LABEL[k]} on ${R_CORPUS[k]} stopped at its time limit (${R_LIMIT[k]} s)" >&2
				continue
			fi
			if [ "$st" -gt "${R_OK[k]}" ]; then
				failed[k]=$st
				{
					echo "== $section: ${R_LABEL[k]} on ${R_CORPUS[k]}: status $st"
					echo "command: ${cmd[*]}"
					tail -n 50 "$tmp/err"
				} >>"$res/failed.log"
				echo "bench: ${R_LABEL[k]} on ${R_CORPUS[k]} failed with status $st (see $res/failed.log)" >&2
				continue
			fi
			read -r wall user sys rss < <(tail -n 1 "$tmp/time")
			walls[k]="${walls[k]:-}${walls[k]:+,}$wall"
			rsss[k]="${rsss[k]:-}${rsss[k]:+,}$rss"
			cp "$tmp/out" "$res/out/$section.$k.out"
			cp "$tmp/err" "$res/out/$section.$k.err"
			[ ! -f "$tmp/report.json" ] || mv "$tmp/report.json" "$res/out/$section.$k.json"
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$k" "$wall" "$user" "$sys" "$rss" "$b" >>"$res/$section.raw"
		done
	done
	: >"$res/$section.tsv"
	local files findings note
	for ((k = 0; k < n; k++)); do
		if [ "${failed[k]:-}" = timeout ]; then
			files=${R_FILES[k]} findings=- note=${timeouts[k]}
		elif [ -n "${failed[k]:-}" ]; then
			files=${R_FILES[k]} findings=- note="failed with status ${failed[k]}"
		else
			read -r files findings note < <(read_output "$section" "$k")
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${R_LABEL[k]}" "${R_CORPUS[k]}" "${R_JOBS[k]}" \
			"${files:-${R_FILES[k]}}" "${R_BYTES[k]}" "${walls[k]:-}" "${rsss[k]:-}" "${findings:--}" "${note:-}" >>"$res/$section.tsv"
	done
}

# read_output SECTION K - "files findings note" from the last round's output.
read_output() {
	local o=$res/out/$1.$2
	case "${R_KIND[$2]}" in
	perflint | perflint-all)
		python3 - "$o.json" "${R_FILES[$2]}" <<'EOF'
import collections, json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
except (OSError, ValueError) as e:
    print(sys.argv[2], "-", f"no report ({e})")
    sys.exit(0)
s = doc.get("summary", {})
rules = collections.Counter(x.get("rule") or x.get("rule_id") or "?" for x in doc.get("findings", []))
diags = collections.Counter(d.get("code", "?") for d in doc.get("diagnostics", []))
note = " ".join(f"{k}:{v}" for k, v in sorted(rules.items()))
if diags:
    note += " diagnostics " + " ".join(f"{k}:{v}" for k, v in sorted(diags.items()))
print(s.get("files", "?"), s.get("findings", "?"), note)
EOF
		;;
	tsparse)
		sed -n 's/.*files=\([0-9]*\).*nodes=\([0-9]*\).*/\1 - nodes:\2/p' "$o.out"
		;;
	cparse)
		sed -n 's/.*files=\([0-9]*\) failed=\([0-9]*\).*/\1 - failed:\2/p' "$o.out"
		;;
	ruff)
		sed -n 's/.*files=\([0-9]*\) .*findings=\([0-9]*\) syntax_errors=\([0-9]*\) failed=\([0-9]*\).*/\1 \2 syntax_errors:\3 failed:\4/p' "$o.out" |
			sed "s/\$/ $(grep -o 'ruff-driver: [A-Z].*' "$o.err" | head -n 1 | sed 's/ruff-driver: //; s/, /,/g; s/ /:/g')/"
		;;
	tidy)
		echo "${R_FILES[$2]} $(grep -c ': warning: .*\[performance-' "$o.out" || true) errors:$(grep -c ': error: ' "$o.out" || true)"
		;;
	cppcheck)
		local perf other
		perf=$(grep -c ': performance: ' "$o.err" || true)
		other=$(grep -E -c ': (error|warning|style|portability|information): ' "$o.err" || true)
		echo "${R_FILES[$2]} $perf other_severities:$other $(grep -o ': performance: [A-Za-z0-9_]*' "$o.err" | sort | uniq -c | awk '{ printf "%s%s:%s", (NR > 1 ? "," : ""), $3, $1 }')"
		;;
	esac
}

# read_partial K - what a run stopped at its time limit had done (cppcheck:
# the files it had finished, from its progress lines, and what it reported).
read_partial() {
	case "${R_KIND[$1]}" in
	cppcheck)
		echo "it had finished $(grep -c '^[0-9]*/[0-9]* files checked' "$tmp/out" || true) of ${R_FILES[$1]} units" \
			"(it was on $(grep -o '^Checking [^ ]*' "$tmp/out" | tail -n 1 | sed 's/^Checking //; s|.*/binutils-[0-9.]*/||; s/:$//')) and reported" \
			"$(grep -c ': performance: ' "$tmp/err" || true) performance findings"
		;;
	*) echo "no partial result" ;;
	esac
}

section_meta() {
	local section=$1
	shift
	{
		echo "started=$(date '+%F %T %Z')"
		echo "rounds=$rounds"
		echo "uptime_before=$(uptime)"
		echo "perflint_binary=$pf_commit"
		local line
		for line in "$@"; do echo "$line"; done
	} >"$res/$section.meta"
	rm -f "$res/$section.raw" "$res/$section.tsv"
}
section_end() {
	echo "uptime_after=$(uptime)" >>"$res/$1.meta"
	echo "finished=$(date '+%F %T %Z')" >>"$res/$1.meta"
	make_report
}

list_bytes() { tr '\n' '\0' <"$1" | xargs -0 cat | wc -c; }

# --- python -------------------------------------------------------------------------

if has python; then
	corpora=()
	[ "$quick" -eq 1 ] || corpora+=("stdlib=/usr/lib/python3.11")
	corpora+=("django=/usr/lib/python3/dist-packages/django")
	section_meta python "corpora=${corpora[*]}"
	reset_runs
	CORPUS_DIR=()
	for c in "${corpora[@]}"; do
		name=${c%%=*} dir=${c#*=}
		[ -d "$dir" ] || {
			echo "bench: $dir is missing" >&2
			exit 1
		}
		bench_python_files "$dir" >"$res/python.$name.files"
		nf=$(wc -l <"$res/python.$name.files")
		nb=$(list_bytes "$res/python.$name.files")
		echo "corpus_$name=$dir files=$nf bytes=$nb" >>"$res/python.meta"
		for j in 1 2; do
			add_run "perflint --jobs $j" "$name" "$j" 2 perflint "$nf" "$nb"
			CORPUS_DIR+=("$dir")
		done
		# The same directory as a user would run it: its C files too, if any.
		nc=$(find "$dir" -name '*.[ch]' -type f | wc -l)
		if [ "$nc" -gt 0 ]; then
			add_run "perflint --jobs 2, with the directory's $nc C files" "$name" 2 2 perflint-all "$((nf + nc))" \
				"$((nb + $(find "$dir" -name '*.[ch]' -type f -print0 | xargs -0 cat | wc -c)))"
			CORPUS_DIR+=("$dir")
		fi
		for j in 1 2; do
			add_run "tree-sitter parse (ts-parse -j $j)" "$name" "$j" 0 tsparse "$nf" "$nb" "$res/python.$name.files"
			CORPUS_DIR+=("$dir")
		done
		add_run "ruff-wasm --select PERF,ASYNC" "$name" 1 0 ruff "$nf" "$nb" "$res/python.$name.files"
		CORPUS_DIR+=("$dir")
	done
	set_cmd() {
		case "${R_KIND[$1]}" in
		# The Python files only, as the peers are given (a tree's C files load libclang).
		perflint) cmd=("$perflint" "${pf_opts[@]}" --output "$tmp/report.json" --jobs "${R_JOBS[$1]}"
			--exclude '**/*.c' --exclude '**/*.h' "${CORPUS_DIR[$1]}") ;;
		perflint-all) cmd=("$perflint" "${pf_opts[@]}" --output "$tmp/report.json" --jobs "${R_JOBS[$1]}" "${CORPUS_DIR[$1]}") ;;
		tsparse) cmd=("$tsparse" -j "${R_JOBS[$1]}") ;;
		ruff) cmd=(node "$root/bench/ruff-driver.js") ;;
		esac
	}
	run_rounds python
	section_end python
fi

# --- c -------------------------------------------------------------------------------

if has c; then
	btree=$(bench_prepare_binutils $((1 - install)) /tmp/perflint-binutils)
	bench_binutils_tus "$btree/compile_commands.json" "$btree" "$c_files" >"$res/c.files"
	mapfile -t tus <"$res/c.files"
	ntus=${#tus[@]}
	nb=$(list_bytes "$res/c.files")
	corpus="binutils $(basename "$btree" | sed 's/^binutils-//') ($ntus TUs)"
	# cppcheck reads the units from a database of these units only.
	mkdir -p "$res/c-cppcheck"
	python3 - "$btree/compile_commands.json" "$res/c.files" "$res/c-cppcheck/compile_commands.json" <<'EOF'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    db = json.load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    want = set(f.read().split())
with open(sys.argv[3], "w", encoding="utf-8") as f:
    json.dump([e for e in db if e["file"] in want], f, indent=1)
EOF
	section_meta c "tree=$btree" "tus=$ntus bytes=$nb lines=$(tr '\n' '\0' <"$res/c.files" | xargs -0 cat | wc -l)" \
		"dirs=$(sed "s|^$btree/||; s|/.*||" "$res/c.files" | sort | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')"
	reset_runs
	add_run "libclang parse (clang-parse)" "$corpus" 1 0 cparse "$ntus" "$nb"
	# perflint reads the other files of a named C file's directory as
	# context (README: "A file named on its own ... still resolves its
	# helpers"): all of bfd/, binutils/, libiberty/ and opcodes/. The peers
	# parse the named units only; --exclude '**' drops that context (named
	# files are always analysed), so that perflint does the same work. The
	# last perflint row is the default, with the context, for its cost.
	add_run "perflint --jobs 1" "$corpus" 1 2 perflint "$ntus" "$nb"
	add_run "perflint --jobs 2" "$corpus" 2 2 perflint "$ntus" "$nb"
	add_run "perflint --jobs 1, with directory context" "$corpus" 1 2 perflint "$ntus" "$nb"
	add_run "clang-tidy -checks=-*,performance-*" "$corpus" 1 1 tidy "$ntus" "$nb"
	# cppcheck takes tens of minutes on some generated files (the 26,000
	# lines of nested ifs of opcodes/aarch64-dis-2.c): it gets a time limit.
	add_run "cppcheck --enable=performance" "$corpus" 1 0 cppcheck "$ntus" "$nb" /dev/null "$cppcheck_limit"
	tidy=$(command -v clang-tidy-14 || command -v clang-tidy)
	set_cmd() {
		case "${R_KIND[$1]}" in
		cparse) cmd=("$cparse" -p "$btree" "${tus[@]}") ;;
		perflint)
			cmd=("$perflint" "${pf_opts[@]}" --output "$tmp/report.json" --jobs "${R_JOBS[$1]}" -p "$btree")
			[[ "${R_LABEL[$1]}" == *context* ]] || cmd+=(--exclude '**')
			cmd+=("${tus[@]}")
			;;
		tidy) cmd=("$tidy" -p "$btree" '-checks=-*,performance-*' "${tus[@]}") ;;
		cppcheck) cmd=(cppcheck "--project=$res/c-cppcheck/compile_commands.json" --enable=performance -j 1
			'--template={file}:{line}:{column}: {severity}: {id}: {message}') ;;
		esac
	}
	run_rounds c
	section_end c
fi

# --- scale ---------------------------------------------------------------------------

if has scale; then
	if [ "$quick" -eq 1 ]; then
		sname=django sdir=/usr/lib/python3/dist-packages/django
	else
		sname=stdlib sdir=/usr/lib/python3.11
	fi
	bench_python_files "$sdir" >"$res/scale.files"
	nf=$(wc -l <"$res/scale.files")
	nb=$(list_bytes "$res/scale.files")
	# Four copies of the same files: c0 .. c3. 1x is c0, 2x c0 and c1.
	scopy=$work/scale/$sname
	stamp="$(md5sum <"$res/scale.files" | cut -c1-32) $nb"
	if [ "$(cat "$scopy/stamp" 2>/dev/null)" != "$stamp" ]; then
		echo "bench: copying $sdir four times into $scopy" >&2
		rm -rf "$scopy"
		for i in 0 1 2 3; do
			mkdir -p "$scopy/c$i"
			sed "s|^$sdir/||" "$res/scale.files" | tr '\n' '\0' |
				tar -C "$sdir" --null -T - -cf - | tar -C "$scopy/c$i" -xf -
		done
		echo "$stamp" >"$scopy/stamp"
	fi
	section_meta scale "corpus=$sname copies of $sdir in $scopy: files=$nf bytes=$nb each"
	reset_runs
	SCALE_N=()
	for j in 1 2; do
		for x in 1 2 4; do
			add_run "perflint --jobs $j" "${x}x $sname" "$j" 2 perflint $((x * nf)) $((x * nb))
			SCALE_N+=("$x")
		done
	done
	set_cmd() {
		local i paths=()
		for ((i = 0; i < SCALE_N[$1]; i++)); do paths+=("$scopy/c$i"); done
		cmd=("$perflint" "${pf_opts[@]}" --output "$tmp/report.json" --jobs "${R_JOBS[$1]}" "${paths[@]}")
	}
	run_rounds scale
	section_end scale
fi

# --- large ---------------------------------------------------------------------------

if has large; then
	ldir=$work/large
	gen_stamp="$(md5sum <bench/gen-tree.py | cut -c1-32) $large_files $big_mb"
	if [ "$(cat "$ldir/stamp" 2>/dev/null)" != "$gen_stamp" ]; then
		echo "bench: generating $large_files files in $ldir" >&2
		rm -rf "$ldir"
		mkdir -p "$ldir"
		python3 bench/gen-tree.py "$ldir" --files "$large_files" --big-mb "$big_mb" >"$ldir/counts"
		echo "$gen_stamp" >"$ldir/stamp"
	fi
	read -r gen_files gen_bytes gen_expected big_bytes big_expected <<<"$(tr ' ' '\n' <"$ldir/counts" | cut -d= -f2 | tr '\n' ' ')"
	bench_python_files "$ldir/tree" >"$res/large.files"
	section_meta large "tree=$ldir/tree files=$gen_files bytes=$gen_bytes expected_findings=$gen_expected" \
		"big=$ldir/big/big.py bytes=$big_bytes expected_findings=$big_expected"
	reset_runs
	LARGE_PATHS=()
	npk=$(((gen_files + 999) / 1000))
	# 1% and 10% of the tree (whole pNN packages), and all of it.
	for frac in 100 10 1; do
		want=$((gen_files / frac))
		[ "$want" -ge 1000 ] || [ "$frac" -eq 1 ] || continue
		paths=()
		for ((p = 0; p < npk && p * 1000 < want; p++)); do paths+=("$ldir/tree/$(printf 'p%02d' "$p")"); done
		[ "$frac" -ne 1 ] || paths=("$ldir/tree")
		files=$want
		[ "$frac" -ne 1 ] || files=$gen_files
		add_run "perflint --jobs 2" "generated, $files files" 2 2 perflint "$files" $((gen_bytes * files / gen_files))
		LARGE_PATHS+=("${paths[*]}")
	done
	add_run "tree-sitter parse (ts-parse -j 2)" "generated, $gen_files files" 2 0 tsparse "$gen_files" "$gen_bytes" "$res/large.files"
	LARGE_PATHS+=("")
	add_run "perflint --jobs 2" "generated, one $((big_bytes / 1000000)) MB file" 2 2 perflint 1 "$big_bytes"
	LARGE_PATHS+=("$ldir/big/big.py")
	set_cmd() {
		local paths
		case "${R_KIND[$1]}" in
		perflint)
			read -r -a paths <<<"${LARGE_PATHS[$1]}"
			cmd=("$perflint" "${pf_opts[@]}" --output "$tmp/report.json" --jobs 2 "${paths[@]}")
			;;
		tsparse) cmd=("$tsparse" -j 2) ;;
		esac
	}
	run_rounds large

	# Once more on the whole tree with at most 64 open files, counting the
	# descriptors perflint holds (every 50 ms).
	echo "bench: large: the whole tree under 'ulimit -n 64'" >&2
	st=0
	(
		ulimit -n 64
		exec "$perflint" "${pf_opts[@]}" --output "$tmp/fd.json" --jobs 2 "$ldir/tree"
	) >"$tmp/fd.out" 2>"$tmp/fd.err" &
	pid=$!
	maxfd=0
	while kill -0 "$pid" 2>/dev/null; do
		nfd=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
		[ "$nfd" -le "$maxfd" ] || maxfd=$nfd
		sleep 0.05
	done
	wait "$pid" || st=$?
	fd_files=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["files"], s["findings"], s["diagnostics"])' "$tmp/fd.json" 2>/dev/null || echo "- - -")
	echo "fd_run=status:$st max_open_fds:$maxfd limit:64 files_findings_diagnostics:${fd_files// /,} stderr_lines:$(wc -l <"$tmp/fd.err")" >>"$res/large.meta"
	section_end large
fi
