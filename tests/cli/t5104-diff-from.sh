#!/usr/bin/env bash
# t5104-diff-from: --diff-from REV reports only the findings on lines added
# or changed since REV (staged, unstaged and untracked alike), or whose
# related location (the helper's operation, a call in the chain) changed;
# "A...B" diffs against the merge base; a bad revision or a directory
# outside a repository is exit 2 with no report written; the other formats
# are filtered the same way.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

if ! command -v git >/dev/null 2>&1; then
	skip "git is not installed"
	pass "nothing to check without git"
	finish
fi

# A git of our own: no user or system configuration.
export HOME=$TEST_TMP GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
repo=$WORK/repo
mkdir -p "$repo"
cd "$repo" || exit 1
git -c init.defaultBranch=main init -q . || exit 1
git config user.name "perflint tests"
git config user.email "tests@perflint.invalid"
commit() { git add -A && git commit -q -m "$1"; }

# shown EXPECTED - the (path, line, rule) of the findings on stdout (JSON).
shown() {
	expect_json '[(f["path"], f["line"], f["rule"]) for f in d["findings"]]' "$1"
}

# PFL101 at a.py:6; PFL201 at join.c:6.
write_file a.py 'import requests


def fetch_all(urls):
    for u in urls:
        requests.get(u)
'
write_file join.c '#include <string.h>

void join(char *dst, char **parts, int n)
{
	for (int i = 0; i < n; i++)
		strcat(dst, parts[i]);
}
'
commit "two findings"
run_perflint --format json .
expect_exit 1
shown "[('a.py', 6, 'PFL101'), ('join.c', 6, 'PFL201')]"

# --- No change: nothing shown, a notice says what was left out. -----------
run_perflint --diff-from HEAD .
expect_exit 0
expect_stdout_contains "No findings in 2 files."
expect_stderr_contains "perflint: 2 findings on lines not changed since 'HEAD' not shown"
run_perflint --quiet --diff-from HEAD .
expect_exit 0
expect_stderr_empty

# --- A new N+1 in another function: unstaged, staged, committed. ----------
cat >>a.py <<'EOF'


def fetch_users(ids):
    for i in ids:
        requests.post("https://api.example/users", json=i)
EOF
run_perflint --diff-from HEAD .
expect_exit 1
expect_finding a.py 11 9 PFL101
expect_no_finding_in join.c
expect_stdout_not_contains "a.py:6:"
expect_stderr_contains "perflint: 2 findings on lines not changed since 'HEAD' not shown"
run_perflint --format json --diff-from HEAD .
shown "[('a.py', 11, 'PFL101')]"
git add a.py
run_perflint --format json --diff-from HEAD .
expect_exit 1
shown "[('a.py', 11, 'PFL101')]"
commit "a second N+1"
run_perflint --format json --diff-from HEAD .
expect_exit 0
shown "[]"
run_perflint --format json --diff-from HEAD~1 .
expect_exit 1
shown "[('a.py', 11, 'PFL101')]"
expect_stderr_contains "2 findings on lines not changed since 'HEAD~1' not shown"

# --- The line of an old finding changed: it is reported. -------------------
sed -i 's/requests.get(u)/requests.get(u, timeout=5)/' a.py
run_perflint --format json --diff-from HEAD .
expect_exit 1
shown "[('a.py', 6, 'PFL101')]"
# So is a C finding whose line changed.
sed -i 's/strcat(dst, parts\[i\]);/strcat(dst, parts[i]); \/* join *\//' join.c
run_perflint --format json --diff-from HEAD .
expect_exit 1
shown "[('a.py', 6, 'PFL101'), ('join.c', 6, 'PFL201')]"
git checkout -q -- a.py join.c

# --- An untracked file counts whole. ---------------------------------------
write_file new_mod.py 'def render(rows):
    out = ""
    for r in rows:
        out += r
    return out
'
run_perflint --format json --diff-from HEAD .
expect_exit 1
shown "[('new_mod.py', 4, 'PFL201')]"
# ... also when it is named alone (its package is read as context).
run_perflint --format json --diff-from HEAD new_mod.py
expect_exit 1
shown "[('new_mod.py', 4, 'PFL201')]"
rm new_mod.py
# A renamed file counts only its edited lines (staged or not).
git mv a.py renamed.py
run_perflint --format json --diff-from HEAD .
expect_exit 0
shown "[]"
git mv renamed.py a.py
mv a.py moved.py
run_perflint --format json --diff-from HEAD .
expect_exit 0
shown "[]"
mv moved.py a.py
# From a subdirectory: paths relative to it, lines compared all the same.
write_file sub/s.py "$PFL201_AT_4_9"
cd sub || exit 1
run_perflint --format json --diff-from HEAD .
expect_exit 1
shown "[('s.py', 4, 'PFL201')]"
run_perflint --format json --diff-from HEAD ..
expect_exit 1
shown "[('../sub/s.py', 4, 'PFL201')]"
cd "$repo" || exit 1
rm -r sub

# --- Through a helper in another module. -----------------------------------
write_file app.py 'import helpers


def load_all(ids):
    for i in ids:
        helpers.load(i)
'
write_file helpers.py 'def load(u):
    return u
'
commit "a loop over a helper"
run_perflint --format json .
expect_exit 1
shown "[('a.py', 6, 'PFL101'), ('a.py', 11, 'PFL101'), ('join.c', 6, 'PFL201')]"
# Only helpers.py changes: the finding at the unchanged call site is shown,
# because the operation it reports (a related location) changed.
write_file helpers.py 'import requests


def load(u):
    return requests.get(u)
'
run_perflint --format json --diff-from HEAD .
expect_exit 1
shown "[('app.py', 6, 'PFL102')]"
expect_json '[(r["path"], r["line"]) for r in d["findings"][0]["related"]]' "[('helpers.py', 5)]"
# The same when pre-commit names only the changed file: app.py is context,
# so its finding is not reported there.
run_perflint --format json --diff-from HEAD helpers.py
expect_exit 0
shown "[]"
commit "the helper makes a round trip"
run_perflint --format json --diff-from HEAD .
expect_exit 0
shown "[]"
# The reverse: only the call site changes.
sed -i 's/helpers.load(i)/helpers.load(str(i))/' app.py
run_perflint --format json --diff-from HEAD .
expect_exit 1
shown "[('app.py', 6, 'PFL102')]"
run_perflint --format json --diff-from HEAD app.py
expect_exit 1
shown "[('app.py', 6, 'PFL102')]"
git checkout -q -- app.py
# A call in the middle of the chain changed: load() now goes through fetch().
write_file helpers.py 'import requests


def fetch(u):
    return requests.get(u)


def load(u):
    return u
'
commit "load is clean again, fetch is not"
sed -i 's/^    return u$/    return fetch(u)/' helpers.py
run_perflint --format json --diff-from HEAD .
expect_exit 1
shown "[('app.py', 6, 'PFL102')]"
expect_json '[(r["path"], r["line"]) for r in d["findings"][0]["related"]]' "[('helpers.py', 9), ('helpers.py', 5)]"
commit "load goes through fetch"

# --- A...B: since the merge base. ------------------------------------------
git checkout -q -b feature
write_file feature.py 'def csv(rows):
    s = ""
    for r in rows:
        s += r
    return s
'
commit "feature: a finding"
git checkout -q main
# main moves on: a new file with its own finding, and the line of the old
# a.py:6 finding edited.
write_file main_only.py 'import requests


def ping(hosts):
    for h in hosts:
        requests.head(h)
'
sed -i 's/requests.get(u)/requests.get(u, timeout=5)/' a.py
commit "main: more work"
git checkout -q feature
run_perflint --format json --diff-from main...HEAD .
expect_exit 1
shown "[('feature.py', 4, 'PFL201')]"
expect_stderr_contains "findings on lines not changed since 'main...HEAD' not shown"
# An empty side is HEAD.
run_perflint --format json --diff-from main... .
expect_exit 1
shown "[('feature.py', 4, 'PFL201')]"
# Against main itself, a.py:6 differs from main's version: it is shown too.
run_perflint --format json --diff-from main .
expect_exit 1
shown "[('a.py', 6, 'PFL101'), ('feature.py', 4, 'PFL201')]"
# A two-dot range is refused.
run_perflint --diff-from main..HEAD .
expect_exit 2
expect_stderr_contains "'main..HEAD' is a two-dot range"

# --- Errors: exit 2, nothing written. --------------------------------------
rm -f out.json
run_perflint --diff-from nope --format json -o out.json .
expect_exit 2
expect_stderr_contains "--diff-from: unknown revision 'nope'"
expect_stdout_empty
expect_no_file out.json
outside=$WORK/outside
mkdir -p "$outside"
cp a.py "$outside/"
if git -C "$outside" rev-parse --git-dir >/dev/null 2>&1; then
	skip "$outside is inside a git repository: 'not in a git repository' not tested"
else
	cd "$outside" || exit 1
	run_perflint --diff-from HEAD -o out.json .
	expect_exit 2
	expect_stderr_contains "is not in a git repository"
	expect_no_file out.json
	cd "$repo" || exit 1
fi

# --- Other formats: only the changed findings. -----------------------------
write_file feature.py 'def csv(rows):
    s = ""
    for r in rows:
        s += r
    return s


def tsv(rows):
    s = ""
    for r in rows:
        s = s + r
    return s
'
commit "feature: another finding"
run_perflint --format sarif --diff-from HEAD~1 .
expect_exit 1
expect_json '[(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in d["runs"][0]["results"]]' \
	"[('PFL201', 'feature.py', 11)]"
run_perflint --format json --diff-from HEAD~1 -o out.json .
expect_exit 1
expect_stdout_empty
expect_file_exists out.json
cp out.json "$TEST_TMP/stdout"
shown "[('feature.py', 11, 'PFL201')]"
expect_json '(d["summary"]["findings"], d["summary"]["medium"])' "(1, 1)"
rm -f out.json
run_perflint --format github --diff-from HEAD~1 .
expect_exit 1
expect_stdout_contains "::warning file=feature.py,line=11,"
expect_stdout_not_contains "line=4,"

finish
