#!/usr/bin/env bash
# run-corpus.sh - set up, build, and run perflint on the repository's corpus/.
#
# Usage: scripts/run-corpus.sh [PERFLINT_OPTIONS...]
#
# Prints perflint's findings. Exits 0 whether or not there are findings
# (the corpus is full of them on purpose), but passes on exit code 2
# (usage, configuration or I/O errors) and any crash.
set -euo pipefail

case "${1:-}" in
-h | --help)
	sed -n '2,9s/^# \{0,1\}//p' "$0"
	exit 0
	;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/build.sh

# The C corpus includes libpq's and GLib's headers, outside the default
# include path: their -I flags, as their users' builds pass them.
# shellcheck disable=SC2207
cflags=($(pkg-config --cflags-only-I glib-2.0 libpq 2>/dev/null || true))

status=0
./build/perflint "${cflags[@]}" "$@" corpus/ || status=$?
if [ "$status" -eq 1 ]; then
	status=0
fi
exit "$status"
