#!/bin/sh
# Compile every C file of the corpus (syntax only) against the real headers:
#   gcc -std=gnu11 -fsyntax-only -Wall -I<its dir> $(pkg-config --cflags glib-2.0) FILE
# plus -I/usr/include/postgresql for <libpq-fe.h>. A warning counts as a
# failure. Needs libsqlite3-dev libpq-dev libmariadb-dev libhiredis-dev
# libcurl4-openssl-dev libuv1-dev libevent-dev libglib2.0-dev libev-dev.
# Exit status 1 when any file fails.
set -u

here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-gcc}
glib=$(pkg-config --cflags glib-2.0) || { echo "pkg-config glib-2.0 failed" >&2; exit 1; }

failed=0
total=0
for f in $(find "$here" -type f \( -name '*.c' -o -name '*.h' \) | sort); do
    total=$((total + 1))
    # shellcheck disable=SC2086
    if out=$($CC -std=gnu11 -fsyntax-only -Wall -I"$(dirname "$f")" $glib -I/usr/include/postgresql "$f" 2>&1) && [ -z "$out" ]; then
        :
    else
        failed=$((failed + 1))
        echo "FAIL ${f#"$here"/}"
        printf '%s\n' "$out" | sed 's/^/    /'
    fi
done
echo "$((total - failed))/$total files compile"
[ "$failed" -eq 0 ]
