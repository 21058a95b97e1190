#!/usr/bin/env bash
# t1001-recursion-languages: directories are searched recursively; Python is
# .py, .pyi and extension-less files with a python shebang.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file top.py
write_file a/b/c/d/deep.py
write_file a/stub.pyi
write_file bin/tool "#!/usr/bin/env python3
$PFL201_AT_4_9"
write_file bin/tool2 "#!/usr/bin/python3.11 -u
$PFL201_AT_4_9"
write_file bin/shell "#!/bin/bash
$PFL201_AT_4_9"
write_file bin/noshebang "$PFL201_AT_4_9"
write_file notes.txt
write_file mod.pyc
write_file mod.py.bak
write_file README

run_perflint --format json .
expect_exit 1
expect_json 'sorted((f["path"], f["line"]) for f in d["findings"])' \
	"[('a/b/c/d/deep.py', 4), ('a/stub.pyi', 4), ('bin/tool', 5), ('bin/tool2', 5), ('top.py', 4)]"
expect_json 'd["summary"]["files"]' "5"

run_perflint .
expect_exit 1
expect_finding top.py 4 9 PFL201
expect_finding a/b/c/d/deep.py 4 9 PFL201
expect_finding a/stub.pyi 4 9 PFL201
expect_finding bin/tool 5 9 PFL201
expect_no_finding_in bin/shell
expect_no_finding_in bin/noshebang
expect_no_finding_in notes.txt
expect_no_finding_in mod.pyc
expect_no_finding_in mod.py.bak

# A subdirectory argument: paths stay relative to the working directory.
run_perflint a
expect_exit 1
expect_finding a/b/c/d/deep.py 4 9 PFL201
expect_finding a/stub.pyi 4 9 PFL201
expect_no_finding_in top.py

# An explicit shebang script is analysed; an explicit non-Python file is
# skipped with a message naming it.
run_perflint bin/tool
expect_exit 1
expect_finding bin/tool 5 9 PFL201
run_perflint notes.txt top.py
expect_exit_in "1"
expect_finding top.py 4 9 PFL201
expect_no_finding_in notes.txt
expect_stderr_contains "notes.txt"

finish
