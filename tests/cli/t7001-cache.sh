#!/usr/bin/env bash
# t7001-cache: the results cache gives exactly the findings of a cold run,
# in every format: unchanged, after a change in one file (also one that
# changes another file's findings through a helper), after a change of a
# C header or of the configuration, with suppressions; corrupt and foreign
# entries are ignored and rewritten; an unusable directory is a warning.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
CACHE=$TEST_TMP/cache
mkdir -p app csrc
touch app/__init__.py
write_file app/views.py 'from app import helpers
import requests

def page(ids, names):
    s = ""
    for i in ids:
        helpers.load(i)
        s += names[i]  # noqa: PFL201
        requests.get(i)  # perflint: disable=PFL101
    return s
'
write_file app/helpers.py 'def load(i):
    return i
'
write_file csrc/ops.h '#define ADD(b, s) strcat(b, s)
'
write_file csrc/join.c '#include <string.h>
#include "ops.h"
void join(char *out, char **parts, int n) {
	for (int i = 0; i < n; i++)
		ADD(out, parts[i]);
}
'

# same_as_cold LABEL ARGS...: the run with the cache (twice: filling, then
# reading it) gives byte for byte the output of a run without it, in every format.
same_as_cold() {
	local label=$1
	shift
	local fmt
	for fmt in json text sarif yaml github; do
		run_perflint --no-cache --color never --format "$fmt" "$@"
		local cold=$stdout cold_status=$status cold_err=$stderr
		run_perflint --cache-dir "$CACHE" --color never --format "$fmt" "$@"
		run_perflint --cache-dir "$CACHE" --color never --format "$fmt" "$@"
		if [ "$stdout" = "$cold" ] && [ "$status" = "$cold_status" ] && [ "$stderr" = "$cold_err" ]; then
			pass "$label: $fmt from the cache is the cold run's"
		else
			fail "$label: $fmt from the cache differs from the cold run"
			diff <(printf '%s\n' "$cold" "$cold_err") <(printf '%s\n' "$stdout" "$stderr") | head -20 >&2
		fi
	done
}

same_as_cold "first" --report-unused-suppressions app csrc
nentries=$(find "$CACHE" -name '*.pfl' | wc -l)
if [ "$nentries" -ge 4 ]; then pass "entries written ($nentries)"; else fail "only $nentries entries written"; fi
run_perflint --cache-dir "$CACHE" --format json app csrc
expect_json '[(f["path"], f["line"], f["rule"]) for f in d["findings"]]' "[('csrc/join.c', 5, 'PFL201')]"
for j in 1 2; do
	run_perflint --cache-dir "$CACHE" --jobs "$j" --format json --show-suppressed app csrc
	expect_json '[(f["path"], f["line"], f["rule"], bool(f.get("suppressed"))) for f in d["findings"]]' \
		"[('app/views.py', 8, 'PFL201', True), ('app/views.py', 9, 'PFL101', True), ('csrc/join.c', 5, 'PFL201', False)]"
done

# One file changes: the helper now makes a round trip. The unchanged caller
# gets its PFL102 (the project pass runs over the cached summaries).
write_file app/helpers.py 'import requests

def load(i):
    return requests.get("https://example.com/%s" % i)
'
same_as_cold "helper changed" --report-unused-suppressions app csrc
run_perflint --cache-dir "$CACHE" --format json app csrc
expect_json '[(f["path"], f["line"], f["rule"]) for f in d["findings"]]' \
	"[('app/views.py', 7, 'PFL102'), ('csrc/join.c', 5, 'PFL201')]"
# A suppression comment removed: the cached findings are silenced anew.
sed -i 's/  # noqa: PFL201//' app/views.py
same_as_cold "comment removed" --report-unused-suppressions app csrc
run_perflint --cache-dir "$CACHE" --format json app
expect_json '[(f["line"], f["rule"]) for f in d["findings"]]' "[(7, 'PFL102'), (8, 'PFL201')]"

# A C header changes what the file says.
write_file csrc/ops.h '#define ADD(b, s) ((void)(b), (void)(s))
'
same_as_cold "header changed" csrc
run_perflint --cache-dir "$CACHE" --format json csrc
expect_json 'd["findings"]' "[]"

# The configuration changes the results: a new score, a rule left out.
write_file .perflint.yml 'severity:
  PFL102: 90
ignore: [PFL201]
'
same_as_cold "configuration changed" app csrc
run_perflint --cache-dir "$CACHE" --format json app
expect_json '[(f["rule"], f["score"]) for f in d["findings"]]' "[('PFL102', 90)]"
rm .perflint.yml

# Corrupt entries (garbage, truncated, one byte flipped) are ignored and rewritten.
rm -rf "$CACHE"
run_perflint --cache-dir "$CACHE" --format json app csrc
i=0
while IFS= read -r entry; do
	case $((i % 3)) in
	0) printf 'garbage' >"$entry" ;;
	1) truncate -s 40 "$entry" ;;
	2) printf '\377' | dd of="$entry" bs=1 seek=70 conv=notrunc 2>/dev/null ;;
	esac
	i=$((i + 1))
done < <(find "$CACHE" -name '*.pfl' | sort)
same_as_cold "corrupt entries" app csrc
bad=0
while IFS= read -r entry; do
	[ "$(head -c 8 "$entry")" = "PFLCACHE" ] || bad=$((bad + 1))
done < <(find "$CACHE" -name '*.pfl')
if [ "$bad" -eq 0 ]; then pass "every corrupt entry was rewritten"; else fail "$bad entries still corrupt"; fi
# A foreign entry (another key's file under this key's name) is not trusted.
mapfile -t entries < <(find "$CACHE" -name '*.pfl' | sort)
for ((k = 1; k < ${#entries[@]}; k++)); do cp "${entries[0]}" "${entries[$k]}"; done
same_as_cold "foreign entries" app csrc

# An unusable directory: a warning, the same results, and exit code.
printf 'x' >"$TEST_TMP/not-a-dir"
run_perflint --no-cache --format json app csrc
cold=$stdout
run_perflint --cache-dir "$TEST_TMP/not-a-dir/cache" --format json app csrc
expect_exit 1
expect_stderr_contains "perflint: warning: cannot use the cache directory '$TEST_TMP/not-a-dir/cache'"
if [ "$stdout" = "$cold" ]; then pass "the run without a usable cache is the cold run"; else fail "results differ without a usable cache"; fi
# The default directory is under XDG_CACHE_HOME, and an unusable default is silent.
XDG_CACHE_HOME=$TEST_TMP/xdg run_perflint --format json app
if [ -d "$TEST_TMP/xdg/perflint/v1" ]; then pass "default cache under \$XDG_CACHE_HOME/perflint"; else fail "no cache under \$XDG_CACHE_HOME"; fi
XDG_CACHE_HOME=$TEST_TMP/not-a-dir run_perflint --format json app
expect_stderr_not_contains "cache"

finish
