#!/usr/bin/env bash
# t0009-max-file-size: files over --max-file-size BYTES are skipped with a
# notice naming the path and the option; the rest of the run goes on.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file big.py             # 62 bytes
write_file small.py 'flat = sum(rows, [])
'                             # 21 bytes
size=$(stat -c %s big.py)

run_perflint --max-file-size 40 --format json big.py small.py
expect_exit 1
expect_stderr_contains "'big.py'"
expect_stderr_contains "--max-file-size"
expect_json '[(f["rule"], f["path"]) for f in d["findings"]]' "[('PFL202', 'small.py')]"
expect_json '[(x["path"], x["level"], x["code"]) for x in d["diagnostics"]]' "[('big.py', 'warning', 'too-large')]"

# Text output: the notice is on stderr as well (a diagnostic).
run_perflint --max-file-size 40 big.py small.py
expect_exit 1
expect_no_finding_in big.py
expect_finding small.py 1 8 PFL202
expect_stderr_contains "big.py"
expect_stderr_contains "--max-file-size"

# Exactly at the limit is analysed; one byte over is not.
run_perflint --format json --max-file-size "$size" big.py
expect_exit 1
expect_json '[(f["path"], f["line"]) for f in d["findings"]]' "[('big.py', 4)]"
run_perflint --format json --max-file-size "$((size - 1))" big.py
expect_exit 0
expect_json 'd["findings"]' "[]"

# Directory walks honour it too.
run_perflint --format json --max-file-size 40 .
expect_exit 1
expect_json '[f["path"] for f in d["findings"]]' "['small.py']"

for bad in 0 -5 10k abc ""; do
	run_perflint --max-file-size "$bad" .
	expect_exit 2
	expect_stderr_contains "perflint: error: invalid value '$bad' for --max-file-size"
	expect_stdout_empty
done

finish
