#!/usr/bin/env bash
# t4001-c-headers-absent: the C corpus analyses the same without the
# libraries' headers (sqlite3, libpq, hiredis, curl, libuv, libevent, GLib,
# MySQL): each file says once which header is missing, and every finding
# made with the headers is still made, at the same line, and no other.
# The headers are hidden by a compilation database whose include path is a
# copy of the system's without them (-nostdinc, then -isystem).
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

corpus=$PFL_SOURCE_DIR/corpus/c
cd "$WORK" || exit 1

# The system include directories, minus the libraries' headers.
resource=$(ls -d /usr/lib/llvm-14/lib/clang/*/include | head -n 1)
mkdir -p sys/include sys/multiarch
for e in /usr/include/*; do
	case "$(basename "$e")" in
	sqlite3.h | sqlite3ext.h | postgresql | libpq-fe.h | hiredis | curl | uv.h | uv | event2 | event.h | evhttp.h | \
		glib-2.0 | gio-unix-2.0 | mysql | mariadb | ev.h | ev++.h | libev) ;;
	*) ln -s "$e" "sys/include/$(basename "$e")" ;;
	esac
done
for e in /usr/include/x86_64-linux-gnu/*; do
	ln -s "$e" "sys/multiarch/$(basename "$e")"
done

# One compile command per corpus file, with only that include path.
"$PFL_PYTHON" - "$corpus" "$WORK" "$resource" >compile_commands.json <<'PY'
import json, os, sys
corpus, work, resource = sys.argv[1:]
cmds = []
for root, _, files in sorted(os.walk(corpus)):
    for f in sorted(files):
        if f.endswith(".c"):
            cmds.append({
                "directory": root,
                "file": os.path.join(root, f),
                "arguments": ["cc", "-std=gnu11", "-nostdinc", "-isystem", resource,
                              "-isystem", work + "/sys/include", "-isystem", work + "/sys/multiarch",
                              "-I.", "-c", f],
            })
print(json.dumps(cmds, indent=1))
PY

findings() {
	"$PFL_PYTHON" - "$TEST_TMP/stdout" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for f in doc["findings"]:
    print(f"{f['path']}:{f['line']} {f['rule']}")
PY
}

cd "$PFL_SOURCE_DIR" || exit 1
# shellcheck disable=SC2046
run_perflint --format json $(pkg-config --cflags-only-I glib-2.0 libpq) corpus/c
expect_exit 1
findings >"$TEST_TMP/with-headers"
expect_stderr_not_contains "cannot find header"

run_perflint --format json -p "$WORK" corpus/c
expect_exit 1
findings >"$TEST_TMP/without-headers"
expect_stderr_contains "cannot find header"

if [ -s "$TEST_TMP/with-headers" ] && diff -u "$TEST_TMP/with-headers" "$TEST_TMP/without-headers" >"$TEST_TMP/diff"; then
	pass "the same $(wc -l <"$TEST_TMP/with-headers") findings with and without the libraries' headers"
else
	fail "findings differ without the libraries' headers"
	head -n 60 "$TEST_TMP/diff" >&2
fi

# One missing-header diagnostic per file that includes a hidden header, and nothing else.
"$PFL_PYTHON" - "$TEST_TMP/stdout" >"$TEST_TMP/diags" <<'PY'
import collections, json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
per = collections.Counter((d["path"], d["code"]) for d in doc["diagnostics"])
for (path, code), n in sorted(per.items()):
    print(path, code, n)
PY
if [ -s "$TEST_TMP/diags" ] && ! grep -qv " missing-header 1$" "$TEST_TMP/diags"; then
	pass "one missing-header diagnostic per file ($(wc -l <"$TEST_TMP/diags") files)"
else
	fail "diagnostics other than one missing-header per file"
	cat "$TEST_TMP/diags" >&2
fi

finish
