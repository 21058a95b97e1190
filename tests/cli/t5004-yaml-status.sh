#!/usr/bin/env bash
# t5004-yaml-status: the YAML report's `status` and `performance_score`
# follow docs/scoring.md:
#	performance_score = max(0, 100 − (15 × critical + 8 × high + 3 × medium + 1 × low))
#	status = NEEDS_OPTIMIZATION if critical ≥ 1 or high ≥ 3, else PASS
# over the findings reported. Each expected number below is worked out by
# hand from that formula; the JSON summary must say the same.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1

# expect_yaml_line LINE - the YAML report has exactly one line that is LINE.
expect_yaml_line() {
	local n
	n=$(grep -cxF -- "$1" "$TEST_TMP/stdout")
	if [ "$n" = 1 ]; then
		pass "$last_cmd: yaml line '$1'"
	else
		fail "$last_cmd: yaml has $n lines '$1', expected 1"
		_show_output
	fi
}

# check DIR STATUS SCORE SUMMARY [ARGS...] - the YAML report of DIR (with
# ARGS) starts with "status: STATUS", then "performance_score: SCORE/100",
# then "summary: {SUMMARY}"; the JSON report's summary agrees.
check() {
	local dir=$1 st=$2 score=$3 summary=$4
	shift 4
	run_perflint --format yaml "$@" "$dir"
	if [ "$(head -n 3 "$TEST_TMP/stdout")" = "status: $st
performance_score: $score/100
summary: {$summary}" ]; then
		pass "$last_cmd: status $st, performance_score $score/100, summary {$summary}"
	else
		fail "$last_cmd: expected status $st, performance_score $score/100, summary {$summary}"
		_show_output
	fi
	expect_yaml_line "status: $st"
	expect_yaml_line "performance_score: $score/100"
	run_perflint --format json "$@" "$dir"
	expect_json '(d["summary"]["performance_score"], d["summary"]["status"])' "($score, '$st')"
}

# Findings used below (scores from docs/scoring.md):
#	requests.get in one loop            PFL101  70        high
#	requests.get in three nested loops  PFL101  70+20=90  critical
#	time.sleep in an async def          PFL401  70        high
#	s += x in one loop (s = "")         PFL201  55        medium
#	s += "x" in one loop, s a parameter PFL201  55-15=40  medium
#	x not in L, L from str.split()      PFL301  50-15=35  low
high1='import requests


def fetch_one(urls):
    pages = []
    for url in urls:
        pages.append(requests.get(url, timeout=5))
    return pages
'
high2='import requests


def fetch_two(urls):
    pages = []
    for url in urls:
        pages.append(requests.post(url, timeout=5))
    return pages
'
high_async='import time


async def handler(request):
    time.sleep(0.5)
    return request
'
critical='import requests


def probe(hosts, ports, paths):
    codes = []
    for host in hosts:
        for port in ports:
            for path in paths:
                codes.append(requests.get(f"http://{host}:{port}/{path}", timeout=5))
    return codes
'
low='import os

BLOCKED = os.environ.get("BLOCKED", "").split(",")


def allowed(requests_):
    ok = []
    for req in requests_:
        if req.country not in BLOCKED:
            ok.append(req)
    return ok
'

# No findings: 100 − 0 = 100, PASS.
write_file none/clean.py 'def f(rows):
    return "".join(str(r) for r in rows)
'
check none PASS 100 "files: 1, findings: 0, critical: 0, high: 0, medium: 0, low: 0, diagnostics: 0"
expect_exit 0

# One critical (90): 100 − 15 = 85; any critical: NEEDS_OPTIMIZATION.
write_file crit/a.py "$critical"
check crit NEEDS_OPTIMIZATION 85 "files: 1, findings: 1, critical: 1, high: 0, medium: 0, low: 0, diagnostics: 0"
expect_exit 1

# Two high: 100 − 2 × 8 = 84; fewer than three high: PASS.
write_file two/a.py "$high1"
write_file two/b.py "$high2"
check two PASS 84 "files: 2, findings: 2, critical: 0, high: 2, medium: 0, low: 0, diagnostics: 0"
expect_exit 1

# Three high: 100 − 3 × 8 = 76; three high: NEEDS_OPTIMIZATION.
write_file three/a.py "$high1"
write_file three/b.py "$high2"
write_file three/c.py "$high_async"
check three NEEDS_OPTIMIZATION 76 "files: 3, findings: 3, critical: 0, high: 3, medium: 0, low: 0, diagnostics: 0"
expect_exit 1

# Only reported findings count: without PFL401 the same files have two high,
# 100 − 16 = 84, PASS.
check three PASS 84 "files: 3, findings: 2, critical: 0, high: 2, medium: 0, low: 0, diagnostics: 0" --ignore PFL401
expect_exit 1

# Every weight at once: 1 high, 2 medium, 1 low:
# 100 − (8 + 2 × 3 + 1) = 85, no critical and one high: PASS.
write_file mixed/a.py "$high1"
write_file mixed/b.py 'def render(rows, title):
    out = ""
    for row in rows:
        out += row
    for row in rows:
        title += "-"
    return title + out
'
write_file mixed/c.py "$low"
check mixed PASS 85 "files: 3, findings: 4, critical: 0, high: 1, medium: 2, low: 1, diagnostics: 0"
expect_exit 1

# The floor: 33 medium findings give 100 − 99 = 1; 34 give 100 − 102 < 0,
# so 0. Medium findings alone never fail the status: PASS.
many() {
	local i
	for i in $(seq 1 "$1"); do
		printf 'def f%d(rows):\n    s = ""\n    for r in rows:\n        s += r\n    return s\n\n\n' "$i"
	done
}
write_file m33/a.py "$(many 33)"
check m33 PASS 1 "files: 1, findings: 33, critical: 0, high: 0, medium: 33, low: 0, diagnostics: 0"
write_file m34/a.py "$(many 34)"
check m34 PASS 0 "files: 1, findings: 34, critical: 0, high: 0, medium: 34, low: 0, diagnostics: 0"

# A diagnostic is not a finding: a file that does not parse changes neither
# the score nor the status.
write_file diag/a.py "$high1"
write_file diag/broken.py 'def f(:
    pass
'
check diag PASS 92 "files: 2, findings: 1, critical: 0, high: 1, medium: 0, low: 0, diagnostics: 1"

finish
