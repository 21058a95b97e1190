#!/usr/bin/env bash
# t1002-skipped-dirs: hidden directories, __pycache__, node_modules, venv,
# .venv and any directory holding pyvenv.cfg are not searched; files named
# on the command line inside them are still analysed.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file src/app.py
for d in .hidden .git __pycache__ node_modules venv .venv env src/__pycache__ \
	src/node_modules/pkg src/.tox/py311 lib/myenv; do
	write_file "$d/skipped.py"
done
: >env/pyvenv.cfg
: >lib/myenv/pyvenv.cfg
write_file lib/ok.py
write_file .hidden.py    # a hidden *file* is still a source file

run_perflint --format json .
expect_exit 1
expect_json 'sorted(f["path"] for f in d["findings"])' "['.hidden.py', 'lib/ok.py', 'src/app.py']"

run_perflint .
expect_exit 1
expect_finding src/app.py 4 9 PFL201
expect_finding lib/ok.py 4 9 PFL201
for d in .hidden .git __pycache__ node_modules venv .venv env src/__pycache__ \
	src/node_modules/pkg src/.tox/py311 lib/myenv; do
	expect_no_finding_in "$d/skipped.py"
done

# Named explicitly, a file in a skipped directory is analysed.
run_perflint venv/skipped.py .venv/skipped.py node_modules/skipped.py
expect_exit 1
expect_finding venv/skipped.py 4 9 PFL201
expect_finding .venv/skipped.py 4 9 PFL201
expect_finding node_modules/skipped.py 4 9 PFL201

# Named explicitly, a skipped directory is searched (it is the root).
run_perflint --format json venv
expect_exit 1
expect_json '[f["path"] for f in d["findings"]]' "['venv/skipped.py']"

finish
