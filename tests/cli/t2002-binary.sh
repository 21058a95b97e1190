#!/usr/bin/env bash
# t2002-binary: a file with NUL bytes, or a binary file named x.py, is
# skipped with a message naming it; the rest of the run goes on.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file good.py
# Python source with one NUL byte in the middle.
printf 'def f(rows):\n    s = ""\n\0    for r in rows:\n        s += r\n    return s\n' >nul.py
# A real binary (an ELF executable) named x.py.
head -c 20000 "$PERFLINT" >x.py
# Random bytes.
head -c 65536 /dev/urandom >random.py
printf '\0' | dd of=random.py bs=1 seek=100 conv=notrunc 2>/dev/null

for f in nul.py x.py random.py; do
	run_perflint "$f" good.py
	expect_exit_in "1"
	expect_finding good.py 4 9 PFL201
	expect_no_finding_in "$f"
	expect_stderr_contains "'$f'"
	expect_stderr_contains "binary"
done

run_perflint --format json .
expect_exit 1
expect_json '[f["path"] for f in d["findings"]]' "['good.py']"
expect_json 'sorted((x["path"], x["code"]) for x in d["diagnostics"])' \
	"[('nul.py', 'binary'), ('random.py', 'binary'), ('x.py', 'binary')]"

for fmt in sarif yaml github; do
	run_perflint --format "$fmt" .
	expect_exit 1
done

finish
