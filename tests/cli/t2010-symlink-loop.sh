#!/usr/bin/env bash
# t2010-symlink-loop: a symlink loop named .py, inside a directory and as an
# explicit argument, gives a message naming it and never hangs or crashes.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/dir"
cd "$WORK" || exit 1
write_file good.py
ln -s b.py dir/a.py
ln -s a.py dir/b.py
ln -s self.py dir/self.py
# A directory loop too (symlinked directories are not followed).
ln -s .. dir/up

run_perflint dir good.py
expect_exit_in "1 2"
expect_finding good.py 4 9 PFL201
expect_stderr_contains "'dir/a.py'"
expect_stderr_contains "'dir/b.py'"
expect_stderr_contains "'dir/self.py'"

run_perflint --format json dir good.py
expect_exit_in "1 2"
expect_json '[f["path"] for f in d["findings"]]' "['good.py']"
expect_json 'sorted(x["path"] for x in d["diagnostics"])' "['dir/a.py', 'dir/b.py', 'dir/self.py']"
expect_stderr_contains "symbolic link"

# Named explicitly: an error (exit 2) naming it.
run_perflint dir/a.py good.py
expect_exit 2
expect_stderr_contains "'dir/a.py'"
expect_stderr_contains "symbolic links"
expect_finding good.py 4 9 PFL201

run_perflint dir/self.py
expect_exit 2
expect_stderr_contains "'dir/self.py'"

finish
