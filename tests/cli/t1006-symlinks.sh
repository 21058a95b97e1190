#!/usr/bin/env bash
# t1006-symlinks: a symlinked directory is not followed during a walk; a
# file symlink to a file inside the tree is analysed.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/tree/real" "$WORK/outside"
cd "$WORK" || exit 1
write_file tree/real/r.py
write_file outside/o.py
ln -s ../outside tree/linkdir
ln -s real tree/linkreal
ln -s real/r.py tree/flink.py
ln -s . tree/real/self

cd tree || exit 1
run_perflint --format json .
expect_exit 1
# flink.py is the same file as real/r.py: analysed once, under its real path.
expect_json 'sorted(f["path"] for f in d["findings"])' "['real/r.py']"

run_perflint .
expect_exit 1
expect_finding real/r.py 4 9 PFL201
expect_no_finding_in flink.py
expect_no_finding_in linkdir/o.py
expect_no_finding_in linkreal/r.py
expect_no_finding_in real/self/r.py

# A symlinked directory named on the command line is searched.
run_perflint --format json linkdir
expect_exit 1
expect_json '[f["path"] for f in d["findings"]]' "['linkdir/o.py']"

# A file symlink named on the command line is analysed.
run_perflint flink.py
expect_exit 1
expect_finding flink.py 4 9 PFL201

finish
