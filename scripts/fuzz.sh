#!/usr/bin/env bash
# fuzz.sh - build the libFuzzer harnesses and fuzz each for a while.
#
# Usage: scripts/fuzz.sh [--seconds N] [NAME...]
#
# Builds build-fuzz/ (clang-14, libFuzzer, ASan, UBSan) and runs each
# harness tests/fuzz/fuzz_NAME.c (all of them by default) for N seconds
# (default 60), all at once, from its seeds (tests/fuzz/tests.cmake). New
# inputs collect in build-fuzz/fuzz-work/NAME/corpus; a crash is saved in
# build-fuzz/fuzz-work/NAME/crashes/ and the run fails. To keep a crash as
# a regression test, copy the file to tests/fuzz/regressions/NAME/: every
# build replays those (fuzz/NAME-replay).
set -euo pipefail

seconds=60
names=()
while [ "$#" -gt 0 ]; do
	case "$1" in
	--seconds)
		seconds=${2:?--seconds needs a number}
		shift
		;;
	-h | --help)
		sed -n '2,13s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	-*)
		echo "fuzz: unknown option '$1' (try --help)" >&2
		exit 2
		;;
	*) names+=("$1") ;;
	esac
	shift
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "${#names[@]}" -eq 0 ]; then
	for f in tests/fuzz/fuzz_*.c; do
		n=${f##*/fuzz_}
		names+=("${n%.c}")
	done
fi
targets=()
for n in "${names[@]}"; do
	[ -f "tests/fuzz/fuzz_$n.c" ] || {
		echo "fuzz: no harness tests/fuzz/fuzz_$n.c" >&2
		exit 2
	}
	targets+=("fuzz_$n")
done

# A configured tree learns of new harnesses (and of the duration) first.
[ ! -f build-fuzz/CMakeCache.txt ] || cmake -S . -B build-fuzz -DPFL_FUZZ_SECONDS="$seconds" >/dev/null
scripts/build.sh --fuzz -- "${targets[@]}"
cmake -S . -B build-fuzz -DPFL_FUZZ_SECONDS="$seconds" >/dev/null
regex=$(IFS='|'; echo "${names[*]}")
ctest --test-dir build-fuzz --output-on-failure -j"${#names[@]}" -R "^fuzz/($regex)-smoke\$"
