#!/usr/bin/env bash
# t5002-sarif-limit: GitHub code scanning accepts at most 25,000 results per
# SARIF run. With more findings, the SARIF report keeps the 25,000
# highest-scored (ties in location order), writes them in location order,
# and says in a warning notification how many were left out; the text (and
# JSON) reports still have every finding. Real files, real findings:
#
#	a_low.py     100 PFL201 (score 55)            all dropped
#	b_many.py    25,050 PFL101 in one loop (70)   the last 110 dropped
#	c_nested.py  60 PFL101 in nested loops (80)   all kept, though last
#
# 25,210 findings, 210 left out. Many findings per loop keep the files small
# and the run fast enough for the sanitizer build.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
mkdir big
"$PFL_PYTHON" - big <<'PY'
import os, sys
root = sys.argv[1]
def write(name, lines):
    with open(os.path.join(root, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
write("a_low.py", ["def render(rows):", "    out = \"\"", "    for r in rows:"]
      + ["        out += r"] * 100 + ["    return out"])
lines = ["import requests", "", "", "def fetch(users):", "    for u in users:"]
lines += ["        requests.get(u)"] * 25050
write("b_many.py", lines)
lines = ["import requests", "", "", "def fetch_all(groups):", "    for g in groups:",
         "        for u in g:"]
lines += ["            requests.get(u)"] * 60
write("c_nested.py", lines)
PY

# Text: every finding, no limit (the JSON report, like it, never drops any).
run_perflint --color never --max-findings-per-file 100000 big
expect_exit 1
expect_stdout_contains "Found 25210 findings (0 critical, 25110 high, 100 medium, 0 low) in 3 files."
# SARIF: at most 25,000.
run_perflint --format sarif --max-findings-per-file 100000 --output big.sarif big
expect_exit 1
expect_stdout_empty

# The checks below and every GitHub requirement (check_github_sarif.py,
# fingerprints included; the schema on a sample, as validating 25,000
# results takes too long), on one parse of the 40 MB document.
if "$PFL_PYTHON" -B - big.sarif "$PFL_SOURCE_DIR/tests/tools" "$WORK" >"$TEST_TMP/py.out" 2>&1 <<'PY'; then
import collections, json, sys, urllib.parse
doc = json.load(open(sys.argv[1], encoding="utf-8"))
sys.path.insert(0, sys.argv[2])
import check_github_sarif
run = doc["runs"][0]
results = run["results"]
bad = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        bad.append(what)

check(len(results) == 25000, f"exactly 25,000 results ({len(results)})")
# Kept: every nested call (80), the first 24,940 of the 70s; dropped: the
# 100 scored 55, and the last 110 of the 70s (ties keep location order).
want = [("big/b_many.py", line, "PFL101") for line in range(6, 6 + 24940)]
want += [("big/c_nested.py", line, "PFL101") for line in range(7, 7 + 60)]
def key(r):
    loc = r["locations"][0]["physicalLocation"]
    return (urllib.parse.unquote(loc["artifactLocation"]["uri"]), loc["region"]["startLine"], r["ruleId"])
got = [key(r) for r in results]
check(got == want, "the 25,000 highest-scored, in location order: all 60 nested ones, "
                   "none of the 100 scored 55, the 70s but the last 110")
ranks = collections.Counter(r["rank"] for r in results)
check(ranks == {80: 60, 70: 24940}, f"ranks kept: {dict(sorted(ranks.items()))}")

notes = run["invocations"][0].get("toolExecutionNotifications", [])
too_many = [n for n in notes if n.get("descriptor", {}).get("id") == "too-many-results"]
check(len(too_many) == 1, f"one too-many-results notification ({len(too_many)})")
if too_many:
    n = too_many[0]
    text = n["message"]["text"]
    check(n["level"] == "warning", f"its level is warning ({n['level']})")
    check("210 of 25210 findings were left out" in text and "25000 results per run" in text,
          f"it says what was left out: {text}")
check(run["invocations"][0]["executionSuccessful"] is True, "the run is still successful")
rc = check_github_sarif.check_document(doc, "big.sarif", sys.argv[3], category="perflint",
                                        schema_sample=300)
check(rc == 0, "check_github_sarif: every GitHub requirement")
sys.exit(1 if bad else 0)
PY
	pass "SARIF: the 25,000 highest-scored results, the rest named in a notification"
	sed 's/^/  /' "$TEST_TMP/py.out"
else
	fail "SARIF result limit"
	sed 's/^/  | /' "$TEST_TMP/py.out" >&2
fi

finish
