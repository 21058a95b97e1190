#!/usr/bin/env bash
# t2009-nonexistent: a nonexistent path argument is an error naming it
# (exit 2); the other arguments are analysed and reported.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file good.py
ln -s does-not-exist.py dangling.py
mkdir -p dir && ln -s ../nowhere.py dir/dangling.py

run_perflint missing.py good.py
expect_exit 2
expect_stderr_contains "perflint: error: 'missing.py': cannot access"
expect_finding good.py 4 9 PFL201

run_perflint good.py no/such/dir
expect_exit 2
expect_stderr_contains "'no/such/dir': cannot access"
expect_finding good.py 4 9 PFL201

# Several: each is named.
run_perflint --format json gone1.py good.py gone2
expect_exit 2
expect_stderr_contains "'gone1.py': cannot access"
expect_stderr_contains "'gone2': cannot access"
expect_json '[f["path"] for f in d["findings"]]' "['good.py']"
expect_json 'sorted((x["path"], x["level"]) for x in d["diagnostics"])' "[('gone1.py', 'error'), ('gone2', 'error')]"

# A path under a regular file.
run_perflint good.py/x.py good.py
expect_exit 2
expect_stderr_contains "'good.py/x.py': cannot access"
expect_finding good.py 4 9 PFL201

# An empty path argument.
run_perflint "" good.py
expect_exit 2
expect_stderr_contains "perflint: error: '': cannot access"
expect_finding good.py 4 9 PFL201

# A dangling symlink named explicitly.
run_perflint dangling.py good.py
expect_exit 2
expect_stderr_contains "'dangling.py': cannot access"
expect_finding good.py 4 9 PFL201

# A dangling symlink met in a walk: a warning naming it, not an error.
run_perflint --format json dir good.py
expect_exit 1
expect_json '[(x["path"], x["level"]) for x in d["diagnostics"]]' "[('dir/dangling.py', 'warning')]"
expect_stderr_contains "'dir/dangling.py'"

finish
