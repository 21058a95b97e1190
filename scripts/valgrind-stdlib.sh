#!/usr/bin/env bash
# valgrind-stdlib.sh - run perflint over the Python standard library under
# valgrind's memcheck: no errors and no definite leaks, or exit non-zero.
#
# Usage: scripts/valgrind-stdlib.sh [DIR]   (default /usr/lib/python3.11)
# Takes a few minutes (memcheck runs the analysis some 30 times slower).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=${1:-/usr/lib/python3.11}
scripts/build.sh
command -v valgrind >/dev/null || { echo "valgrind-stdlib: valgrind is not installed" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
	build/perflint --no-cache --jobs 2 --quiet --format json --output /dev/null "$dir" 2>"$log" || status=$?
grep -E 'ERROR SUMMARY|definitely lost' "$log" || true
# 0 or 1 (findings) is perflint's own answer; 99 is valgrind's.
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
	echo "valgrind-stdlib: exit $status (log above)" >&2
	cat "$log" >&2
	exit 1
fi
echo "valgrind-stdlib: no errors, no definite leaks"
