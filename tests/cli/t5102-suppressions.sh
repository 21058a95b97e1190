#!/usr/bin/env bash
# t5102-suppressions: suppression comments in Python and C (same line, next
# line, whole file; perflint: and noqa forms; ids, prefixes and families),
# what they silence and what they do not (string literals, other linters'
# comments), findings through a helper and spanning several lines, exit
# codes, --show-suppressed in every format, --report-unused-suppressions
# and bad directives.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1

# expect_findings "LINE:RULE ..." - the finding lines of the text report on
# stdout, in order, are exactly these ("" for none). Text, not JSON: one
# python start per check would make this script slow.
expect_findings() {
	local got
	got=$(awk '/^[^ ][^:]*:[0-9]+:[0-9]+: (critical|high|medium|low): .*\[PFL[0-9][0-9][0-9]\]$/ {
		split($0, a, ":"); printf "%s%s:%s", sep, a[2], substr($0, length($0) - 6, 6); sep = " " }' \
		"$TEST_TMP/stdout")
	if [ "$got" = "$1" ]; then
		pass "$last_cmd: findings '$1'"
	else
		fail "$last_cmd: findings '$got', expected '$1'"
		_show_output
	fi
}

# expect_stdout_line LINE / expect_stderr_line LINE - a whole line, exactly.
expect_stdout_line() {
	if grep -qxF -- "$1" "$TEST_TMP/stdout"; then
		pass "$last_cmd: stdout has the line '$1'"
	else
		fail "$last_cmd: stdout lacks the line '$1'"
		_show_output
	fi
}
expect_stderr_line() {
	if grep -qxF -- "$1" "$TEST_TMP/stderr"; then
		pass "$last_cmd: stderr has the line '$1'"
	else
		fail "$last_cmd: stderr lacks the line '$1'"
		_show_output
	fi
}

# two A B - c.py with PFL101 at line 6 (A appended) and PFL201 at line 7
# (B appended).
two() {
	write_file c.py "import requests

def f(users):
    s = \"\"
    for u in users:
        requests.get(u)$1
        s += u$2
    return s
"
}

# --- Same line, Python ----------------------------------------------------
# One file, one case per line (a run per case would make this script slow).
# Lines 13 to 21 have two findings each: PFL201 at column 9, PFL101 at 14.
write_file same.py 'import requests


def f(users):
    s = ""
    for u in users:
        requests.get(u)
        requests.get(u)  # perflint: disable=PFL101
        requests.get(u)  # noqa: PFL101
        requests.get(u)  # NOQA:PFL101
        requests.get(u)  # noqa: E501
        requests.get(u)  # noqa: E501,PFL101
        s += requests.get(u).text
        s += requests.get(u).text  # noqa
        s += requests.get(u).text  # perflint: disable=PFL101,PFL201
        s += requests.get(u).text  # perflint: disable=PFL101
        s += requests.get(u).text  # perflint: disable=n-plus-one
        s += requests.get(u).text  # perflint: disable=PFL1
        s += requests.get(u).text  # perflint: disable=PFL2
        s += requests.get(u).text  # perflint: disable=PFL101, quadratic-concat -- reviewed, 3 items
        s += requests.get(u).text  # perflint: disable = pfl101,Quadratic-Concat
        s += u
    return s
'
run_perflint same.py
expect_exit 1
# Left: 7 (no comment), 11 (E501 is flake8's), 13 (no comment), the PFL201
# of 16-18 (PFL101 only), the PFL101 of 19 (PFL2 only), 22.
expect_findings "7:PFL101 11:PFL101 13:PFL201 13:PFL101 16:PFL201 17:PFL201 18:PFL201 19:PFL101 22:PFL201"
# flake8's codes are not ours, but no complaint either.
expect_stderr_empty

# Everything silenced: exit 0, and the text report says so.
two '  # perflint: disable=PFL101,PFL201' '  # perflint: disable=PFL101,PFL201'
run_perflint c.py
expect_exit 0
expect_findings ""
expect_stdout_line "No findings in 1 file."
expect_stderr_empty
# One left: exit 1.
two '  # perflint: disable=PFL101,PFL201' ''
run_perflint c.py
expect_exit 1
expect_findings "7:PFL201"
expect_stdout_line "Found 1 finding (0 critical, 0 high, 1 medium, 0 low) in 1 file."

# --- Next line and whole file --------------------------------------------
write_file n.py 'import requests

def f(users):
    s = ""
    for u in users:
        # perflint: disable-next-line=PFL201
        s += u
        # perflint: disable-next-line=PFL201
        requests.get(u)
    return s
'
run_perflint n.py
expect_exit 1
expect_findings "9:PFL101"

# F: PFL201 at 7, PFL101 at 8, PFL301 at 9.
body='import requests

def f(users, ys: list):
    s = ""
    for u in users:
        s += u
        requests.get(u)
        if u in ys:
            pass
    return s
'
write_file f.py "# perflint: disable-file
$body"
run_perflint f.py
expect_exit 0
expect_findings ""
write_file f.py "# perflint: disable-file=PFL301
$body"
run_perflint f.py
expect_exit 1
expect_findings "7:PFL201 8:PFL101"
# At the end of the file, too.
write_file f.py "$body# perflint: disable-file=PFL2,PFL301
"
run_perflint f.py
expect_exit 1
expect_findings "7:PFL101"

# --- Not comments: string literals, other tools' words ---------------------
write_file s.py 'import requests

def f(users):
    for u in users:
        x = "# noqa"; requests.get(u)
        requests.get(u, params="# perflint: disable=PFL101")
        requests.get(u, r"\" # noqa")
        requests.get(u, """
        # noqa""")
        requests.get(f"{u}# noqa")
        requests.get(u)  # see the noqa docs
        requests.get(u)  # "noqa"
        requests.get(u, "x\"y")  # noqa
        requests.get(u)  # type: ignore  # noqa
'
run_perflint s.py
expect_exit 1
expect_findings "5:PFL101 6:PFL101 7:PFL101 8:PFL101 10:PFL101 11:PFL101 12:PFL101"
expect_stderr_empty

# --- C ---------------------------------------------------------------------
write_file j.c '#include <string.h>

void join(char *buf, char **words, int n)
{
	for (int i = 0; i < n; i++) {
		strcat(buf, words[i]);
		strcat(buf, words[i]); /* perflint: disable=PFL201 */
		strcat(buf, words[i]); // noqa: PFL201
		// perflint: disable-next-line=PFL201
		strcat(buf, words[i]);
		strcat(buf, words[i]); // NOLINT
		strcat(buf, words[i]); /* a reviewed one:
		   perflint: disable=PFL201 */
		/* a block
		 * perflint: disable-next-line=quadratic-concat
		 */
		strcat(buf, words[i]);
		strcat(buf, "// noqa");
		/* perflint: disable=PFL201 */ strcat(buf, words[i]);
		strcat(buf, words[i]); // perflint: disable=PFL101
		strcat(buf, "\" // noqa");
		strcat(buf, words[i]); /* see the noqa docs */
		strcat(buf, words[i]); // perflint: disable=PFL201 \
		   (a comment continued by a backslash)
	}
}
'
run_perflint j.c
expect_exit 1
expect_findings "6:PFL201 11:PFL201 18:PFL201 20:PFL201 21:PFL201 22:PFL201"
expect_stderr_empty
run_perflint --report-unused-suppressions j.c
expect_exit 1
expect_stderr_line "perflint: warning: 'j.c': line 20: unused suppression 'perflint: disable=PFL101': no PFL101 finding to silence on this line"
if [ "$(wc -l <"$TEST_TMP/stderr")" -eq 1 ]; then
	pass "$last_cmd: one warning"
else
	fail "$last_cmd: not exactly one warning"
	_show_output
fi
write_file k.c '/* perflint: disable-file=PFL201 */
#include <string.h>

void join(char *buf, char **words, int n)
{
	for (int i = 0; i < n; i++)
		strcat(buf, words[i]);
}
'
run_perflint k.c
expect_exit 0
expect_findings ""

# --- Through a helper in another file: silenced at the call site ------------
mkdir -p helper
write_file helper/helpers.py 'import requests


def fetch(u):
    return requests.get(u)
'
calls='from helpers import fetch


def load(users):
    out = []
    for u in users:
        out.append(fetch(u))%s
    return out
'
# shellcheck disable=SC2059
write_file helper/a.py "$(printf "$calls" '')
"
run_perflint --format json helper
expect_exit 1
expect_json '[(f["path"], f["line"], f["rule"]) for f in d["findings"]]' "[('helper/a.py', 7, 'PFL102')]"
# shellcheck disable=SC2059
write_file helper/a.py "$(printf "$calls" '  # perflint: disable=PFL102')
"
run_perflint helper
expect_exit 0
expect_findings ""
run_perflint --show-suppressed helper
expect_exit 0
expect_stdout_line "  suppressed by 'perflint: disable=PFL102' (line 7)"
expect_stdout_line "No findings in 2 files."
run_perflint --report-unused-suppressions helper
expect_exit 0
expect_stderr_empty

# --- A finding spanning several lines (5 to 8) -------------------------------
span() {
	write_file m.py "import requests

def f(users):
    for u in users:
        requests.get($1
            u,$2
            timeout=5,
        )$3
"
}
span '' '' ''
run_perflint --format json m.py
expect_exit 1
expect_json '[(f["line"], f["end_line"], f["rule"]) for f in d["findings"]]' "[(5, 8, 'PFL101')]"
span '  # perflint: disable=PFL101' '' ''
run_perflint --format json --show-suppressed m.py
expect_exit 0
expect_json '[(f["line"], f["suppressed"]) for f in d["findings"]]' "[(5, {'directive': 'perflint: disable=PFL101', 'line': 5})]"
span '' '' '  # noqa: PFL101'
run_perflint --format json --show-suppressed m.py
expect_exit 0
expect_json '[(f["line"], f["suppressed"]) for f in d["findings"]]' "[(5, {'directive': 'noqa: PFL101', 'line': 8})]"
# A line in the middle is neither.
span '' '  # perflint: disable=PFL101' ''
run_perflint m.py
expect_exit 1
expect_findings "5:PFL101"

# --- --show-suppressed --------------------------------------------------------
# All suppressed: listed, marked, not counted, exit 0.
two '  # perflint: disable=PFL101' '  # noqa'
run_perflint --show-suppressed c.py
expect_exit 0
expect_finding c.py 6 9 PFL101
expect_finding c.py 7 9 PFL201
expect_stdout_line "  suppressed by 'perflint: disable=PFL101' (line 6)"
expect_stdout_line "  suppressed by 'noqa' (line 7)"
expect_stdout_line "No findings in 1 file."
run_perflint --show-suppressed --format json c.py
expect_exit 0
expect_json '[(f["line"], f["rule"], f["suppressed"]) for f in d["findings"]]' \
	"[(6, 'PFL101', {'directive': 'perflint: disable=PFL101', 'line': 6}), (7, 'PFL201', {'directive': 'noqa', 'line': 7})]"
expect_json 'd["summary"]["findings"], d["summary"]["performance_score"]' "(0, 100)"
# Without it: absent from every format.
run_perflint c.py
expect_exit 0
expect_no_finding_in c.py
run_perflint --format json c.py
expect_exit 0
expect_json '(d["findings"], d["summary"]["findings"])' "([], 0)"
run_perflint --format sarif c.py
expect_exit 0
expect_json 'd["runs"][0]["results"]' "[]"

# One suppressed, one not: exit 1, only the live one counted.
two '  # perflint: disable=PFL101' ''
run_perflint --show-suppressed c.py
expect_exit 1
expect_finding c.py 6 9 PFL101
expect_finding c.py 7 9 PFL201
expect_stdout_line "  suppressed by 'perflint: disable=PFL101' (line 6)"
expect_stdout_line "Found 1 finding (0 critical, 0 high, 1 medium, 0 low) in 1 file."
if [ "$(grep -c '^  suppressed by ' "$TEST_TMP/stdout")" = 1 ]; then
	pass "$last_cmd: one finding marked suppressed"
else
	fail "$last_cmd: not exactly one finding marked suppressed"
fi
run_perflint --show-suppressed --format json c.py
expect_exit 1
# The key only on the suppressed finding.
expect_json '[(f["rule"], f.get("suppressed", "ABSENT")) for f in d["findings"]]' \
	"[('PFL101', {'directive': 'perflint: disable=PFL101', 'line': 6}), ('PFL201', 'ABSENT')]"
expect_json 'd["summary"]["findings"], d["summary"]["high"], d["summary"]["medium"]' "(1, 0, 1)"
run_perflint --format json c.py
score=$(json_eval 'd["summary"]["performance_score"]')
run_perflint --show-suppressed --format json c.py
expect_json 'd["summary"]["performance_score"]' "$score"
run_perflint --show-suppressed --format sarif c.py
expect_exit 1
expect_json '[(r["ruleId"], r.get("suppressions", "ABSENT")) for r in d["runs"][0]["results"]]' \
	"[('PFL101', [{'kind': 'inSource', 'justification': 'perflint: disable=PFL101'}]), ('PFL201', 'ABSENT')]"
for fmt in yaml github; do
	run_perflint --format "$fmt" c.py
	cp "$TEST_TMP/stdout" "$TEST_TMP/plain.$fmt"
	run_perflint --show-suppressed --format "$fmt" c.py
	expect_exit 1
	expect_stdout_equals "$TEST_TMP/plain.$fmt"
	expect_stdout_not_contains "PFL101"
	expect_stdout_contains "PFL201"
done
run_perflint --show-suppressed --format yaml c.py
expect_stdout_line "summary: {files: 1, findings: 1, critical: 0, high: 0, medium: 1, low: 0, diagnostics: 0}"

# --- --report-unused-suppressions ----------------------------------------------
write_file a.py 'import requests

def f(users):
    s = ""  # perflint: disable=PFL101
    for u in users:
        requests.get(u)  # perflint: disable=PFL101
        s += u  # noqa
    t = 1  # noqa
    t = 2  # noqa: E501
    t = 3  # perflint: disable=PFL301
    return s, t
'
run_perflint a.py
expect_exit 0
expect_stderr_empty
run_perflint --report-unused-suppressions a.py
expect_exit 1
expect_stderr_line "perflint: warning: 'a.py': line 4: unused suppression 'perflint: disable=PFL101': no PFL101 finding to silence on this line"
expect_stderr_line "perflint: warning: 'a.py': line 10: unused suppression 'perflint: disable=PFL301': no PFL301 finding to silence on this line"
expect_stderr_not_contains "line 6:"
expect_stderr_not_contains "line 7:"
expect_stderr_not_contains "line 8:"
expect_stderr_not_contains "line 9:"
if [ "$(wc -l <"$TEST_TMP/stderr")" -eq 2 ]; then
	pass "$last_cmd: two warnings"
else
	fail "$last_cmd: not exactly two warnings"
	_show_output
fi
expect_stdout_line "No findings in 1 file."
# A token for a rule the run does not have is not reported.
run_perflint --report-unused-suppressions --select PFL1,PFL2 a.py
expect_exit 1
expect_stderr_contains "'a.py': line 4: unused suppression"
expect_stderr_not_contains "line 10:"
run_perflint --report-unused-suppressions --select PFL2 a.py
expect_exit 0
expect_stderr_empty
# Shown with --quiet: it was asked for.
run_perflint --report-unused-suppressions --quiet a.py
expect_exit 1
expect_stdout_empty
expect_stderr_contains "'a.py': line 4: unused suppression"
# Used ones only: nothing to say.
write_file a.py 'import requests

def f(users):
    for u in users:
        # perflint: disable-next-line=PFL101
        requests.get(u)
        requests.get(u)  # perflint: disable=n-plus-one
        requests.get(u)  # noqa: PFL101
    t = 1  # noqa
'
run_perflint --report-unused-suppressions a.py
expect_exit 0
expect_stderr_empty
# Other scopes and forms.
write_file a.py '# perflint: disable-file=PFL301
import requests

def f(users):
    x = 1  # noqa: PFL101
    y = 2  # perflint: disable
    # perflint: disable-next-line=PFL201
    for u in users:
        requests.get(u)
    return x, y
'
run_perflint --report-unused-suppressions a.py
expect_exit 1
expect_finding a.py 9 9 PFL101
expect_stderr_line "perflint: warning: 'a.py': line 1: unused suppression 'perflint: disable-file=PFL301': no PFL301 finding to silence in this file"
expect_stderr_line "perflint: warning: 'a.py': line 5: unused suppression 'noqa: PFL101': no PFL101 finding to silence on this line"
expect_stderr_line "perflint: warning: 'a.py': line 6: unused suppression 'perflint: disable': no finding to silence on this line"
expect_stderr_line "perflint: warning: 'a.py': line 7: unused suppression 'perflint: disable-next-line=PFL201': no PFL201 finding to silence on the next line"

# --- Bad directives ---------------------------------------------------------------
two '  # perflint: disable=PFL999,PFL101' ''
run_perflint c.py
expect_exit 1
expect_findings "7:PFL201"
expect_stderr_line "perflint: warning: 'c.py': line 6: unknown rule 'PFL999': expected a rule id, id prefix or family"
run_perflint --format json c.py
expect_exit 1
expect_json '[(g["line"], g["column"], g["level"], g["code"]) for g in d["diagnostics"]]' "[(6, 46, 'warning', 'bad-suppression')]"
two '  # perflint: disable=PFL999,PFL101' '  # perflint: disable=PFL201'
run_perflint c.py
expect_exit 0
expect_stderr_contains "'c.py': line 6: unknown rule 'PFL999'"
two '  # perflint: disabel=PFL101' '  # perflint: disable='
run_perflint c.py
expect_exit 1
expect_findings "6:PFL101 7:PFL201"
expect_stderr_line "perflint: warning: 'c.py': line 6: unknown perflint directive 'disabel': expected disable, disable-next-line or disable-file"
expect_stderr_line "perflint: warning: 'c.py': line 7: missing rule list after 'disable='"

finish
