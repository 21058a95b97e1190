#!/usr/bin/env bash
# t2008-unreadable: a file (or directory) perflint may not read is an error
# naming it (exit 2); everything else is still analysed and reported.
# Runs perflint as an unprivileged user (uid 65534), since root reads all.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

if ! as_nobody >/dev/null; then
	skip "neither setpriv nor runuser can switch to uid 65534: unreadable files not tested"
	pass "skipped (no way to drop privileges)"
	finish
fi

# The unprivileged user must be able to traverse to the inputs.
chmod 755 "$TEST_TMP" "$WORK"
mkdir -p "$WORK/proj/locked" "$WORK/proj/open"
cd "$WORK/proj" || exit 1
write_file good.py
write_file secret.py
write_file open/visible.py
write_file locked/hidden.py
chmod -R a+rX "$WORK/proj"
chmod 000 secret.py
chmod 000 locked

# An explicit unreadable file.
run_perflint_as_nobody secret.py good.py
expect_exit 2
expect_stderr_contains "'secret.py': cannot read"
expect_finding good.py 4 9 PFL201
expect_no_finding_in secret.py

# Found during a walk: the same, plus the unreadable directory.
run_perflint_as_nobody .
expect_exit 2
expect_stderr_contains "'secret.py': cannot read"
expect_stderr_contains "'locked': cannot read"
expect_finding good.py 4 9 PFL201
expect_finding open/visible.py 4 9 PFL201

run_perflint_as_nobody --format json .
expect_exit 2
expect_json '[f["path"] for f in d["findings"]]' "['good.py', 'open/visible.py']"
expect_json 'sorted((x["path"], x["level"]) for x in d["diagnostics"])' "[('locked', 'error'), ('secret.py', 'error')]"
expect_stderr_contains "'secret.py': cannot read"

# An unreadable directory named explicitly.
run_perflint_as_nobody locked good.py
expect_exit 2
expect_stderr_contains "'locked': cannot read"
expect_finding good.py 4 9 PFL201

# A file inside a directory that cannot be searched (no x bit).
chmod 000 locked
chmod 644 locked/hidden.py 2>/dev/null
run_perflint_as_nobody locked/hidden.py good.py
expect_exit 2
expect_stderr_contains "'locked/hidden.py': cannot"
expect_finding good.py 4 9 PFL201

# Let the EXIT trap clean up.
chmod -R u+rwX "$WORK/proj"
finish
