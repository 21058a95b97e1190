#!/usr/bin/env bash
# t2005-nesting: deeply nested brackets (5,000 and 100,000 levels, closed
# and unclosed) never crash; the other file in the run is still reported.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
write_file good.py
"$PFL_PYTHON" - <<'PY'
def w(name, text):
    with open(name, "w") as f:
        f.write(text)
w("nest5k.py", "x = " + "[" * 5000 + "]" * 5000 + "\n")
w("nest100k.py", "x = " + "(" * 100000 + ")" * 100000 + "\n")
w("mixed100k.py", "x = " + "[{(" * 33334 + ")}]" * 33334 + "\n")
w("open5k.py", "x = " + "[" * 5000 + "\n")
w("open100k.py", "x = " + "[" * 100000 + "\n")
w("close100k.py", "x = " + ")" * 100000 + "\n")
# A finding after deep nesting: still reported.
w("after.py", "x = " + "[" * 5000 + "]" * 5000 + "\n" +
  'def f(rows):\n    s = ""\n    for r in rows:\n        s += r\n    return s\n')
PY

for f in nest5k.py nest100k.py mixed100k.py open5k.py open100k.py close100k.py; do
	run_perflint --format json "$f" good.py
	expect_exit_in "1 2"
	expect_json '[f["path"] for f in d["findings"]]' "['good.py']"
done

# Unclosed brackets are a syntax error: a diagnostic naming the file.
for f in open5k.py close100k.py; do
	run_perflint --format json "$f" good.py
	expect_json '[(x["path"], x["code"]) for x in d["diagnostics"]]' "[('$f', 'parse-error')]"
	expect_stderr_contains "'$f'"
done

# Past 10,000 open brackets the file is refused before parsing (not valid Python).
run_perflint --format json open100k.py good.py
expect_json '[(x["path"], x["code"]) for x in d["diagnostics"]]' "[('open100k.py', 'too-deep')]"
expect_stderr_contains "'open100k.py'"

run_perflint after.py
expect_exit 1
expect_finding after.py 5 9 PFL201

finish
