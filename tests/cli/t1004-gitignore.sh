#!/usr/bin/env bash
# t1004-gitignore: inside a git work tree, what git ignores is skipped
# (.gitignore at every level, .git/info/exclude); a file named on the
# command line is analysed anyway.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

if ! command -v git >/dev/null 2>&1; then
	skip "git is not installed"
	pass "nothing to check without git"
	finish
fi

repo=$WORK/repo
mkdir -p "$repo"
cd "$repo" || exit 1
git init -q . || exit 1
for f in keep.py top_ignored.py generated/gen.py sub/keep2.py sub/nested_ignored.py \
	sub/inner/deep.py sub/other/keep3.py local_only.py logs/keep_me.py logs/drop.py; do
	write_file "$f"
done
printf 'top_ignored.py\ngenerated/\nlogs/*\n!logs/keep_me.py\n' >.gitignore
printf 'nested_ignored.py\ninner/\n' >sub/.gitignore
printf 'local_only.py\n' >>.git/info/exclude

all_kept="['keep.py', 'logs/keep_me.py', 'sub/keep2.py', 'sub/other/keep3.py']"

run_perflint --format json .
expect_exit 1
expect_json 'sorted(f["path"] for f in d["findings"])' "$all_kept"
expect_json 'd["summary"]["files"]' "4"

# Default path (.) and the text format.
run_perflint
expect_exit 1
expect_finding keep.py 4 9 PFL201
expect_finding sub/keep2.py 4 9 PFL201
for f in top_ignored.py generated/gen.py sub/nested_ignored.py sub/inner/deep.py \
	local_only.py logs/drop.py; do
	expect_no_finding_in "$f"
done

# From a subdirectory of the work tree: the rules still apply.
cd sub || exit 1
run_perflint --format json
expect_exit 1
expect_json 'sorted(f["path"] for f in d["findings"])' "['keep2.py', 'other/keep3.py']"

# From outside the work tree, naming it.
cd "$WORK" || exit 1
run_perflint --format json repo
expect_exit 1
expect_json 'sorted(f["path"] for f in d["findings"])' \
	"['repo/keep.py', 'repo/logs/keep_me.py', 'repo/sub/keep2.py', 'repo/sub/other/keep3.py']"
run_perflint --format json repo/sub
expect_exit 1
expect_json 'sorted(f["path"] for f in d["findings"])' "['repo/sub/keep2.py', 'repo/sub/other/keep3.py']"

# Ignored files named explicitly are analysed.
cd "$repo" || exit 1
run_perflint top_ignored.py sub/nested_ignored.py local_only.py generated/gen.py
expect_exit 1
expect_finding top_ignored.py 4 9 PFL201
expect_finding sub/nested_ignored.py 4 9 PFL201
expect_finding local_only.py 4 9 PFL201
expect_finding generated/gen.py 4 9 PFL201

# An ignored directory named explicitly is searched (it is the root asked for).
run_perflint --format json generated
expect_exit 1
expect_json '[f["path"] for f in d["findings"]]' "['generated/gen.py']"

# Nothing inside .git is ever analysed.
write_file .git/hooks/hook.py
run_perflint --format json .
expect_exit 1
expect_json 'sorted(f["path"] for f in d["findings"])' "$all_kept"

# Outside any repository, a repository further down still has its ignore
# rules, however deep it is and whatever was walked before it.
outside=$TEST_TMP/outside
mkdir -p "$outside/a/x" "$outside/b/repo/deep" "$outside/c"
git -C "$outside/b/repo" init -q .
echo 'skipped.py' >"$outside/b/repo/.gitignore"
for f in a/x/one.py b/repo/deep/kept.py b/repo/skipped.py b/repo/deep/skipped.py c/two.py; do
	printf 's = ""\nfor x in range(100000):\n    s += str(x)\n' >"$outside/$f"
done
(cd "$outside" && "$PERFLINT" --no-config --format json . >"$TEST_TMP/outside.json")
if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(sorted(f["path"] for f in d["findings"]) != ["a/x/one.py", "b/repo/deep/kept.py", "c/two.py"])' "$TEST_TMP/outside.json"; then
	pass "outside git: a nested repository's .gitignore applies"
else
	fail "outside git: a nested repository's .gitignore applies: $(python3 -c 'import json, sys; print(sorted(f["path"] for f in json.load(open(sys.argv[1]))["findings"]))' "$TEST_TMP/outside.json")"
fi

finish
