#!/usr/bin/env bash
# t5103-baseline: --write-baseline writes the documented file
# (docs/baseline-format.md), stable byte for byte; --baseline hides the
# recorded findings through unrelated edits, reports new ones and extra
# copies, notices (or with --baseline-strict fails on) fixed ones, works
# from another directory, and refuses bad files and option mixes.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# A git-less project (TEST_TMP is outside any work tree).
mkdir -p "$WORK/proj/app/sub"
cd "$WORK/proj" || exit 1
touch app/__init__.py app/sub/__init__.py
# app.views.fetch: PFL101 at 6, PFL201 at 9 (and a suppressed copy at 11);
# app.views.member: PFL301 at 16.
views='import requests


def fetch(users):
    for u in users:
        requests.get(u)
    s = ""
    for u in users:
        s += u
        # perflint: disable-next-line=PFL201
        s += u
    return s


def member(xs, ys: list):
    return [x for x in xs if x in ys]
'
write_file app/views.py "$views"
# app.sub.more.Loader.load: two identical PFL101, at 7 and 8.
more='import requests


class Loader:
    def load(self, ids):
        for i in ids:
            requests.get(i)
            requests.get(i)
'
write_file app/sub/more.py "$more"

# The documented file, computed independently: FNV-1a 64 over rule, NUL,
# function, NUL, code without whitespace; sorted by path, rule, function,
# hash; two-space indentation and a final newline.
# Arguments: OUT then PATH|RULE|FUNCTION|COUNT|CODE per entry.
cat >"$TEST_TMP/expected_baseline.py" <<'PY'
import json, re, sys

def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h

entries = []
for arg in sys.argv[2:]:
    path, rule, function, count, code = arg.split("|")
    key = rule.encode() + b"\0" + function.encode() + b"\0" + re.sub(r"[ \t\r\n\f\v]", "", code).encode()
    entries.append({"path": path, "rule": rule, "function": function, "hash": fnv1a64(key),
                    "count": int(count), "code": code.strip()})
entries.sort(key=lambda e: (e["path"].encode(), e["rule"].encode(), e["function"].encode(), e["hash"].encode()))
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(json.dumps({"version": 1, "tool": "perflint", "findings": entries}, indent=2) + "\n")
PY
expected_baseline() {
	"$PFL_PYTHON" "$TEST_TMP/expected_baseline.py" "$@"
}

# expect_same A B - files A and B are byte for byte the same.
expect_same() {
	if cmp -s "$1" "$2"; then
		pass "$last_cmd: $1 and $2 are identical"
	else
		fail "$last_cmd: $1 and $2 differ"
		diff -u "$1" "$2" | head -n 60 >&2
	fi
}

# expect_stderr_line LINE - stderr has exactly this line.
expect_stderr_line() {
	if grep -qxF -- "$1" "$TEST_TMP/stderr"; then
		pass "$last_cmd: stderr has the line '$1'"
	else
		fail "$last_cmd: stderr lacks the line '$1'"
		_show_output
	fi
}

# expect_findings "PATH:LINE:RULE ..." - the finding lines of the text
# report on stdout, in order, exactly ("" for none).
expect_findings() {
	local got
	got=$(awk '/^[^ ][^:]*:[0-9]+:[0-9]+: (critical|high|medium|low): .*\[PFL[0-9][0-9][0-9]\]$/ {
		split($0, a, ":"); printf "%s%s:%s:%s", sep, a[1], a[2], substr($0, length($0) - 6, 6); sep = " " }' \
		"$TEST_TMP/stdout")
	if [ "$got" = "$1" ]; then
		pass "$last_cmd: findings '$1'"
	else
		fail "$last_cmd: findings '$got', expected '$1'"
		_show_output
	fi
}

# --- Writing -------------------------------------------------------------------
run_perflint --write-baseline base.json .
expect_exit 0
expect_stdout_empty
expect_stderr_line "perflint: wrote 5 findings to the baseline 'base.json'"
expected_baseline "$TEST_TMP/expected.json" \
	"app/views.py|PFL301|app.views.member|1|return [x for x in xs if x in ys]" \
	"app/views.py|PFL201|app.views.fetch|1|s += u" \
	"app/views.py|PFL101|app.views.fetch|1|requests.get(u)" \
	"app/sub/more.py|PFL101|app.sub.more.Loader.load|2|requests.get(i)"
# Also checks that the suppressed copy of 's += u' (line 11) is not recorded:
# its key is the same, so it would make the count 2.
expect_same "$TEST_TMP/expected.json" base.json
"$PFL_PYTHON" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(list(d), [list(e) for e in d["findings"]][0])' base.json \
	>"$TEST_TMP/keys" 2>&1
if [ "$(cat "$TEST_TMP/keys")" = "['version', 'tool', 'findings'] ['path', 'rule', 'function', 'hash', 'count', 'code']" ]; then
	pass "base.json: keys in the documented order"
else
	fail "base.json: keys $(cat "$TEST_TMP/keys")"
fi
cp base.json "$TEST_TMP/first.json"
# Again, with other thread counts, with a report format, --show-suppressed:
# the same bytes, and never a report.
for opts in "--jobs 1" "--jobs 2" "--format json --show-suppressed --jobs 2"; do
	# shellcheck disable=SC2086
	run_perflint --write-baseline base.json $opts .
	expect_exit 0
	expect_stdout_empty
	expect_same "$TEST_TMP/first.json" base.json
done
# From a subdirectory, to a path above it: paths still relative to base.json.
(
	cd app/sub || exit 1
	run_perflint --write-baseline ../../again.json ../..
	expect_exit 0
	expect_stderr_line "perflint: wrote 5 findings to the baseline '../../again.json'"
	echo "$passed $failed" >"$TEST_TMP/counts"
)
read -r passed failed <"$TEST_TMP/counts"
expect_same "$TEST_TMP/first.json" again.json
# A baseline inside the tree: paths relative to its directory, absolute
# for a file outside it.
run_perflint --write-baseline app/sub/inner.json app
expect_exit 0
"$PFL_PYTHON" -c 'import json, sys; print([(e["path"], e["rule"], e["count"]) for e in json.load(open(sys.argv[1]))["findings"]])' \
	app/sub/inner.json >"$TEST_TMP/inner" 2>&1
real=$(pwd -P)
want="[('$real/app/views.py', 'PFL101', 1), ('$real/app/views.py', 'PFL201', 1), ('$real/app/views.py', 'PFL301', 1), ('more.py', 'PFL101', 2)]"
if [ "$(cat "$TEST_TMP/inner")" = "$want" ]; then
	pass "app/sub/inner.json: paths relative to app/sub, absolute outside it"
else
	fail "app/sub/inner.json: $(cat "$TEST_TMP/inner"), expected $want"
fi
rm -f app/sub/inner.json again.json

# --- Using it ----------------------------------------------------------------------
run_perflint --baseline base.json .
expect_exit 0
expect_findings ""
expect_stdout_contains "No findings in 4 files."
expect_stderr_line "perflint: 5 findings in the baseline 'base.json' not shown"
expect_stderr_not_contains "no longer occur"
run_perflint --baseline base.json --baseline-strict --format json .
expect_exit 0
expect_json 'd["findings"], d["summary"]["findings"]' "([], 0)"
# --quiet: no notice.
run_perflint --baseline base.json --quiet .
expect_exit 0
expect_stderr_empty
# A narrower run (fewer rules, a higher --min-severity, a subdirectory)
# does not call the entries it did not check stale.
for narrow in "--select PFL1" "--min-severity high" "app/sub"; do
	# shellcheck disable=SC2086
	run_perflint --baseline base.json --baseline-strict $narrow
	expect_exit 0
	expect_stderr_not_contains "no longer occur"
done

# Moves: blank lines, comments and a new function above, spacing changes,
# a call reflowed over lines. Still the same findings.
write_file app/views.py 'import requests


def unrelated(a):
    return a + 1


# a comment above



def fetch(users):
    # explain the loop
    for u in users:

        requests.get(
            u
        )
    s = ""
    for u in users:
        s+=u
        # perflint: disable-next-line=PFL201
        s += u
    return s


def member(xs, ys: list):
    return [x  for x in xs if x in ys]
'
printf '\n\n# moved down\n%s' "$more" >app/sub/more.py
run_perflint --baseline base.json --baseline-strict .
expect_exit 0
expect_findings ""
expect_stderr_line "perflint: 5 findings in the baseline 'base.json' not shown"

# A new N+1: only it is reported.
write_file app/views.py "$views
def more(users):
    for u in users:
        requests.post(u)
"
run_perflint --baseline base.json .
expect_exit 1
expect_findings "app/views.py:20:PFL101"
expect_stderr_line "perflint: 5 findings in the baseline 'base.json' not shown"
# A second copy of a baselined line in the same function: the copy (the
# later one) is new; a third copy in more.py too.
write_file app/views.py "${views/        s += u
        #/        s += u
        s += u
        #}"
write_file app/sub/more.py "$more            requests.get(i)
"
run_perflint --baseline base.json .
expect_exit 1
expect_findings "app/sub/more.py:9:PFL101 app/views.py:10:PFL201"
expect_stderr_line "perflint: 5 findings in the baseline 'base.json' not shown"
# Changing the code beyond whitespace (a comment on the line) makes it new.
write_file app/views.py "${views/        s += u
        #/        s += u  # why
        #}"
write_file app/sub/more.py "$more"
run_perflint --baseline base.json .
expect_exit 1
expect_findings "app/views.py:9:PFL201"
expect_stderr_line "perflint: 4 findings in the baseline 'base.json' not shown"
expect_stderr_line "perflint: 1 baselined finding no longer occurs: regenerate the baseline with --write-baseline to keep it small"

# Fixing: a notice, or with --baseline-strict a failure naming the entry.
write_file app/views.py "${views/        requests.get(u)/        pass}"
run_perflint --baseline base.json .
expect_exit 0
expect_findings ""
expect_stderr_line "perflint: 4 findings in the baseline 'base.json' not shown"
expect_stderr_line "perflint: 1 baselined finding no longer occurs: regenerate the baseline with --write-baseline to keep it small"
run_perflint --baseline base.json --baseline-strict .
expect_exit 1
expect_findings ""
expect_stderr_line "perflint: error: 'app/views.py': baselined PFL101 finding in app.views.fetch no longer occurs (--baseline-strict)"
run_perflint --baseline base.json --baseline-strict --quiet .
expect_exit 1
expect_stderr_line "perflint: error: 'app/views.py': baselined PFL101 finding in app.views.fetch no longer occurs (--baseline-strict)"
# Part of a count: one of the two copies gone.
write_file app/views.py "$views"
write_file app/sub/more.py "${more%            requests.get(i)
}"
run_perflint --baseline base.json --baseline-strict .
expect_exit 1
expect_stderr_line "perflint: 4 findings in the baseline 'base.json' not shown"
expect_stderr_line "perflint: error: 'app/sub/more.py': baselined PFL101 finding in app.sub.more.Loader.load no longer occurs (--baseline-strict)"
expect_stderr_not_contains "app/views.py"
write_file app/sub/more.py "$more"

# --- From another working directory ------------------------------------------------
(
	cd app || exit 1
	run_perflint --baseline ../base.json --baseline-strict ..
	expect_exit 0
	expect_findings ""
	expect_stderr_line "perflint: 5 findings in the baseline '../base.json' not shown"
	# A new finding is named as it was reached.
	write_file sub/more.py "$more            requests.get(i)
"
	run_perflint --baseline ../base.json ..
	expect_exit 1
	expect_findings "../app/sub/more.py:9:PFL101"
	echo "$passed $failed" >"$TEST_TMP/counts"
)
read -r passed failed <"$TEST_TMP/counts"
write_file app/sub/more.py "$more"
# Through ./, an absolute path and a symbolic link to the directory.
ln -s app applink
run_perflint --baseline base.json --baseline-strict ./app "$PWD/app/../app" applink
expect_exit 0
expect_findings ""
rm applink
# The whole project moved: the baseline moves with it.
cd "$WORK" || exit 1
mv proj moved
run_perflint --baseline moved/base.json --baseline-strict moved
expect_exit 0
expect_stderr_line "perflint: 5 findings in the baseline 'moved/base.json' not shown"
mv moved proj
cd proj || exit 1

# Entries are merged by key; unknown keys are ignored; function and code
# are optional.
"$PFL_PYTHON" - base.json merged.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = d["findings"][0]
assert e["count"] == 2
a = dict(e, count=1)
b = {"path": e["path"], "rule": e["rule"], "hash": e["hash"], "count": 1, "note": "x"}
d["findings"] = [a] + d["findings"][1:] + [b]
d["generated"] = "today"
json.dump(d, open(sys.argv[2], "w"))
PY
run_perflint --baseline merged.json --baseline-strict .
expect_exit 0
expect_stderr_line "perflint: 5 findings in the baseline 'merged.json' not shown"

# --- Mistakes: exit 2, the file named, no report ---------------------------------
run_perflint --baseline missing.json .
expect_exit 2
expect_stdout_empty
expect_stderr_line "perflint: error: cannot read baseline 'missing.json': No such file or directory"
printf '{"version": 1, "findings": [\n' >bad.json
run_perflint --baseline bad.json --output report.txt .
expect_exit 2
expect_stderr_contains "perflint: error: baseline 'bad.json' is not valid JSON"
expect_no_file report.txt
bad() {
	printf '%s\n' "$1" >bad.json
	run_perflint --baseline bad.json .
	expect_exit 2
	expect_stdout_empty
	expect_stderr_line "perflint: error: baseline 'bad.json'$2"
}
bad '{"version": 2, "findings": []}' ": unsupported version 2 (this perflint reads version 1)"
bad '{"version": 1, "findings": [{"path": "a.py", "rule": "PFL101", "hash": "0123456789ABCDEF", "count": 1}]}' \
	": findings[0].hash is not 16 lowercase hex digits"
bad '{"version": 1, "findings": [{"path": "a.py", "rule": "PFL101", "hash": "0123456789abcdef", "count": 0}]}' \
	": findings[0].count is not an integer of at least 1"
bad '{"version": 1, "findings": [{"path": "a.py", "rule": "PFL101", "hash": "0123456789abcdef", "count": 1.5}]}' \
	": findings[0].count is not an integer of at least 1"
run_perflint --baseline-strict .
expect_exit 2
expect_stderr_line "perflint: error: --baseline-strict needs --baseline FILE"
run_perflint --write-baseline new.json --baseline base.json .
expect_exit 2
expect_stderr_line "perflint: error: --write-baseline records every current finding: it cannot be combined with --baseline"
expect_no_file new.json
# Nowhere to write: exit 2, nothing left behind.
find . -mindepth 1 -maxdepth 1 | LC_ALL=C sort >"$TEST_TMP/before"
run_perflint --write-baseline nodir/base.json .
expect_exit 2
expect_stdout_empty
expect_stderr_line "perflint: error: cannot write baseline 'nodir/base.json': No such file or directory"
expect_no_file nodir
run_perflint --write-baseline app .
expect_exit 2
expect_stderr_contains "'app'"
find . -mindepth 1 -maxdepth 1 | LC_ALL=C sort >"$TEST_TMP/after"
in_app=$(find app -mindepth 1 -maxdepth 1 | LC_ALL=C sort | tr '\n' ' ')
if cmp -s "$TEST_TMP/before" "$TEST_TMP/after" && [ "$in_app" = "app/__init__.py app/sub app/views.py " ]; then
	pass "no partial or temporary file left"
else
	fail "files left behind: $(diff "$TEST_TMP/before" "$TEST_TMP/after" | tr '\n' ' ') app: $in_app"
fi
expect_same "$TEST_TMP/first.json" base.json

finish
