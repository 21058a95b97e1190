#!/usr/bin/env bash
# t2004-large-file: a 20 MB Python file is over the default --max-file-size
# (16 MiB): skipped with a notice naming the path and the option, and the
# rest of the run goes on; with a higher limit it is analysed (in bounded
# time) and its finding reported.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# Analysing 20 MB takes about 8 s here, 17 s under ASan: bound it generously.
PFL_TEST_TIMEOUT=150
cd "$WORK" || exit 1
write_file good.py
# 20 MiB of simple statements with a PFL201 finding at the very end.
"$PFL_PYTHON" - <<'PY'
line = "value_%07d = [%d, 'padding padding padding padding padding']\n"
out, size, n = [], 0, 0
while size < 20 * 1024 * 1024:
    s = line % (n, n)
    out.append(s)
    size += len(s)
    n += 1
tail = 'def f(rows):\n    s = ""\n    for r in rows:\n        s += r\n    return s\n'
with open("big.py", "w") as f:
    f.write("".join(out))
    f.write(tail)
with open("big.lines", "w") as f:
    f.write(str(n + 4))
PY
size=$(stat -c %s big.py)
line=$(cat big.lines)
rm -f big.lines
if [ "$size" -ge 20971520 ]; then
	pass "generated big.py of $size bytes"
else
	fail "big.py is only $size bytes"
fi

# The default limit: skipped, with a notice.
run_perflint big.py good.py
expect_exit 1
expect_finding good.py 4 9 PFL201
expect_no_finding_in big.py
expect_stderr_contains "'big.py'"
expect_stderr_contains "--max-file-size"

run_perflint --format json big.py good.py
expect_exit 1
expect_json '[(x["path"], x["code"]) for x in d["diagnostics"]]' "[('big.py', 'too-large')]"
expect_json '[f["path"] for f in d["findings"]]' "['good.py']"
expect_stderr_contains "'big.py'"
expect_stderr_contains "--max-file-size"

# A higher limit: analysed, the finding at the end is reported.
start=$(date +%s)
run_perflint --format json --jobs 2 --max-file-size 33554432 big.py good.py
end=$(date +%s)
expect_exit 1
expect_json '[(f["path"], f["line"], f["column"]) for f in d["findings"]]' "[('big.py', $line, 9), ('good.py', 4, 9)]"
expect_json 'd["diagnostics"]' "[]"
echo "# analysing 20 MB took $((end - start)) s"

finish
