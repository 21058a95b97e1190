#!/usr/bin/env bash
# t2014-limits: the per-file limits (findings per file, parse time), from
# the command line and .perflint.yml, are reported when hit, and the rest
# of the run goes on.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
"$PFL_PYTHON" - <<'PY'
lines = ["import requests", "", "def f(xs):", "    for x in xs:"]
lines += ["        requests.get(x)"] * 1500
open("many.py", "w").write("\n".join(lines) + "\n")
# A few MB of code: tree-sitter needs a good fraction of a second for it.
open("big.py", "w").write("a = [1, 2, 3]\n" * 200000)
PY
write_file ok.py 'import requests

def g(ys):
    for y in ys:
        requests.get(y)
'

# Findings per file: 1000 by default, then a notice counting the rest.
run_perflint --format json many.py ok.py
expect_exit 1
expect_json '[len([f for f in d["findings"] if f["path"] == p]) for p in ("many.py", "ok.py")]' "[1000, 1]"
expect_json '[(x["path"], x["code"], x["message"]) for x in d["diagnostics"]]' \
	"[('many.py', 'too-many-findings', '500 more findings not reported: at most 1000 per file (--max-findings-per-file)')]"
expect_stderr_contains "perflint: warning: 'many.py': 500 more findings not reported: at most 1000 per file (--max-findings-per-file)"
# The first ones by position are kept.
expect_json '[f["line"] for f in d["findings"] if f["path"] == "many.py"][-1]' "1004"
run_perflint --format json --max-findings-per-file 3 many.py
expect_exit 1
expect_json '[f["line"] for f in d["findings"]]' "[5, 6, 7]"
write_file .perflint.yml 'max-findings-per-file: 2
'
run_perflint --format json many.py
expect_exit 1
expect_json '[f["line"] for f in d["findings"]]' "[5, 6]"
run_perflint --format json --max-findings-per-file 4 many.py
expect_json '[f["line"] for f in d["findings"]]' "[5, 6, 7, 8]"
# Suppressed findings do not use up the limit.
"$PFL_PYTHON" - <<'PY'
lines = ["import requests", "", "def f(xs):", "    for x in xs:"]
lines += ["        requests.get(x)  # noqa: PFL101"] * 5 + ["        requests.post(x)"]
open("quiet.py", "w").write("\n".join(lines) + "\n")
PY
run_perflint --format json quiet.py
expect_exit 1
expect_json '[f["line"] for f in d["findings"]]' "[10]"
rm .perflint.yml

# Parse time: a Python parse over the limit is abandoned with a notice.
run_perflint --format json --parse-timeout 0.001 big.py ok.py
expect_exit 1
expect_json '[(x["path"], x["code"]) for x in d["diagnostics"]]' "[('big.py', 'parse-timeout')]"
expect_stderr_contains "perflint: warning: 'big.py': parsing took longer than the time limit (--parse-timeout): file not analysed"
expect_json '[f["path"] for f in d["findings"]]' "['ok.py']"
# 0 is no limit: the same file is analysed.
run_perflint --format json --parse-timeout 0 big.py
expect_exit 0
expect_json 'd["diagnostics"]' "[]"
# C: libclang cannot be stopped; the overrun is reported, the file analysed.
write_file join.c '#include <string.h>
void join(char *out, char **parts, int n) {
	for (int i = 0; i < n; i++)
		strcat(out, parts[i]);
}
'
run_perflint --format json --parse-timeout 0.000001 join.c
expect_exit 1
expect_json '[(x["path"], x["code"]) for x in d["diagnostics"]]' "[('join.c', 'parse-timeout')]"
expect_json '[(f["line"], f["rule"]) for f in d["findings"]]' "[(4, 'PFL201')]"
expect_stderr_contains "libclang cannot be interrupted, so the file was analysed anyway"
write_file .perflint.yml 'parse-timeout: 0.001
'
run_perflint --format json big.py
expect_exit 0
expect_json '[x["code"] for x in d["diagnostics"]]' "['parse-timeout']"
run_perflint config
expect_stdout_contains "parse-timeout: 0.001  # from $PWD/.perflint.yml:1"
expect_stdout_contains "max-findings-per-file: 1000  # default"

# Mistakes in the values.
run_perflint --parse-timeout soon ok.py
expect_exit 2
expect_stderr_contains "invalid value 'soon' for --parse-timeout"
run_perflint --max-findings-per-file 0 ok.py
expect_exit 2
expect_stderr_contains "invalid value '0' for --max-findings-per-file"
write_file .perflint.yml 'max-findings-per-file: lots
'
run_perflint ok.py
expect_exit 2
expect_stderr_contains "'.perflint.yml': line 1: key 'max-findings-per-file': expected a number from 1 to 100000000, found 'lots'"
write_file .perflint.yml 'parse-timeout: -1
'
run_perflint ok.py
expect_exit 2
expect_stderr_contains "key 'parse-timeout': expected seconds from 0 (no limit) to 86400, found '-1'"

finish
