#!/usr/bin/env bash
# test.sh - set up, build, and run the whole test suite.
#
# Usage: scripts/test.sh [--no-asan] [--no-fuzz] [-- CTEST_ARGS...]
#
# Builds build/ (RelWithDebInfo) and build-asan/ (AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs ctest in both; then builds the
# libFuzzer harnesses in build-fuzz/ and fuzzes each for 60 seconds, all at
# once (scripts/fuzz.sh). Ends with one line "N passed, N failed" summing
# the runs. Exits non-zero when any test failed or a build broke.
# --no-asan skips the sanitizer build, --no-fuzz the fuzzing; arguments
# after -- go to ctest (e.g. -- -R unit) and skip the fuzzing.
set -euo pipefail

asan=1
fuzz=1
ctest_args=()
while [ "$#" -gt 0 ]; do
	case "$1" in
	--no-asan) asan=0 ;;
	--no-fuzz) fuzz=0 ;;
	--)
		shift
		ctest_args=("$@")
		fuzz=0
		break
		;;
	-h | --help)
		sed -n '2,13s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	*)
		echo "test: unknown option '$1' (try --help)" >&2
		exit 2
		;;
	esac
	shift
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh --quiet
export PFL_SETUP_DONE=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT

passed=0
failed=0

# Build one configuration and run its tests; add to the counts.
run_suite() {
	local label=$1 dir=$2
	shift 2
	echo "test: building $label ($dir)"
	if ! scripts/build.sh "$dir" "$@" </dev/null; then
		echo "test: $label build failed" >&2
		failed=$((failed + 1))
		return
	fi
	echo "test: running $label tests"
	local status=0
	ctest --test-dir "$dir" --output-on-failure -j2 ${ctest_args[@]+"${ctest_args[@]}"} \
		</dev/null 2>&1 | tee "$log" || status=$?
	# "100% tests passed, 0 tests failed out of 12"
	local line
	line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
	if [ -z "$line" ]; then
		echo "test: $label: ctest ran no test (exit $status)" >&2
		failed=$((failed + 1))
		return
	fi
	local nfail total
	nfail=$(sed -E 's/^[0-9]+% tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
	total=$(sed -E 's/^[0-9]+% tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
	passed=$((passed + total - nfail))
	failed=$((failed + nfail))
	if [ "$status" -ne 0 ] && [ "$nfail" -eq 0 ]; then
		echo "test: $label: ctest exited $status" >&2
		failed=$((failed + 1))
	fi
}

run_suite "RelWithDebInfo" build
if [ "$asan" -eq 1 ]; then
	run_suite "ASan/UBSan" build-asan --asan
fi
if [ "$fuzz" -eq 1 ]; then
	# Only the harnesses: the smoke tests are all the fuzzing tree runs.
	harnesses=()
	for f in tests/fuzz/fuzz_*.c; do
		n=${f##*/}
		harnesses+=("${n%.c}")
	done
	ctest_args=(-R '^fuzz/.*-smoke$' -j"${#harnesses[@]}")
	# scripts/fuzz.sh --seconds N may have left another duration configured.
	[ ! -f build-fuzz/CMakeCache.txt ] || cmake -S . -B build-fuzz -DPFL_FUZZ_SECONDS=60 >/dev/null
	run_suite "libFuzzer smoke (60 s each)" build-fuzz --fuzz -- "${harnesses[@]}"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
