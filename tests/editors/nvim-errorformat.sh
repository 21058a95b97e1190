#!/usr/bin/env bash
# nvim-errorformat: perflint's real text report, parsed in headless Neovim
# the ways editors/nvim offers it:
#   - the errorformat of perflint.lint (nvim-lint) with getqflist({lines, efm})
#     and setqflist + getqflist: one valid entry per finding, at its path,
#     line and column, and none for the indented note lines, which also
#     hold "path:line:col:";
#   - :compiler perflint (for :make): the same errorformat and the makeprg;
#   - the nvim-lint parser: diagnostics in the buffer's byte columns (the
#     report counts code points: an emoji before a finding shifts them),
#     0-based, with severity, message, code and source;
#   - the ALE handler: 1-based byte columns, types E/W/I, codes;
#   - both over a report with absolute paths too.
# Fixtures: tests/editors/fixtures/report.py and join_names.c.
# shellcheck source=tests/editors/lib.sh
. "$(dirname "$0")/lib.sh"

need_nvim
nvim_env
cp "$EDITORS_TESTS/fixtures/report.py" "$EDITORS_TESTS/fixtures/join_names.c" "$WORK/"

# The reports: from WORK (relative paths), and from a directory that does
# not hold WORK (absolute paths).
run_in "$WORK" "$PERFLINT" --format text --quiet --no-color report.py join_names.c
expect_exit 1
cp "$TEST_TMP/stdout" "$TEST_TMP/report.txt"
mkdir -p "$TEST_TMP/elsewhere"
run_in "$TEST_TMP/elsewhere" "$PERFLINT" --format text --quiet --no-color "$WORK/report.py" "$WORK/join_names.c"
expect_exit 1
cp "$TEST_TMP/stdout" "$TEST_TMP/report-abs.txt"
run_in "$WORK" "$PERFLINT" --format json --quiet report.py join_names.c
cp "$TEST_TMP/stdout" "$TEST_TMP/report.json"

PFL_NVIM_RTP=$PFL_SOURCE_DIR/editors/nvim PFL_REPORT=$TEST_TMP/report.txt \
	PFL_REPORT_ABS=$TEST_TMP/report-abs.txt PFL_RESULT=$TEST_TMP/result.json \
	run_in "$WORK" nvim --headless --clean -u NONE -c "luafile $EDITORS_TESTS/nvim_errorformat.lua"
expect_exit 0
if [ ! -s "$TEST_TMP/result.json" ]; then
	fail "headless Neovim wrote no result"
	_show_output
	finish
fi

py_checks '
import json, sys
result = json.load(open(sys.argv[1], encoding="utf-8"))
report = json.load(open(sys.argv[2], encoding="utf-8"))
text = open(sys.argv[3], encoding="utf-8").read()
abs_text = open(sys.argv[4], encoding="utf-8").read()

def check(ok, what, detail=None):
    print(("ok " if ok else "not ok ") + what)
    if not ok and detail is not None:
        for line in str(detail).splitlines():
            print("  " + line)

if "error" in result:
    check(False, "the Lua side ran", result["error"])
    sys.exit(0)

# Each finding as (path, line, column, rule): hard-coded, and as the JSON
# report has them.
findings = [
    ("join_names.c", 8, 9, "PFL201"),
    ("join_names.c", 9, 9, "PFL201"),
    ("report.py", 8, 9, "PFL201"),
    ("report.py", 15, 21, "PFL201"),
    ("report.py", 22, 12, "PFL302"),
    ("report.py", 29, 9, "PFL401"),
]
from_json = [(f["path"], f["line"], f["column"], f["rule"]) for f in report["findings"]]
check(from_json == findings, "the JSON report has the expected findings", from_json)
check("  note: report.py:27:11: the async function" in text and "  note: join_names.c:7:5: the loop" in text,
      "the text report has note lines with path:line:col: (which must not become entries)")
check(abs_text.startswith("/") and "\n/" in abs_text, "the second report has absolute paths", abs_text[:80])

def qf_check(entries, label):
    got = [(e["file"], e["lnum"], e["col"], e["text"].rsplit("[", 1)[-1].rstrip("]")) for e in entries]
    check(got == findings, label + ": one entry per finding, at its path, line and column", got)
    check(all(e["valid"] == 1 for e in entries), label + ": every entry is valid")
    check(all(e["text"].split(":", 1)[0] in ("medium", "high") for e in entries),
          label + ": the text starts with the severity", [e["text"][:20] for e in entries])

qf_check(result["qf_get"], "getqflist({lines, efm})")
qf_check(result["qf_set"], "setqflist + getqflist")
check(result["qf_set_title"] == "perflint", "setqflist: the list title")
comp = result["compiler"]
check(comp["errorformat"] == "%-G %.%#,%f:%l:%c: %m,%-G%.%#", ":compiler perflint sets errorformat", comp["errorformat"])
check(comp["makeprg"] == "perflint --format text --quiet --no-color", ":compiler perflint sets makeprg", comp["makeprg"])
qf_check(comp["items"], ":compiler perflint errorformat")

sev = result["severity_names"]
# 0-based lines and byte columns: line 15 has an emoji (1 code point, 4
# bytes) before the finding, so code point column 21 is byte 23.
lint_expected = {
    "report.py": [(7, 8, "PFL201", sev["WARN"]), (14, 23, "PFL201", sev["WARN"]),
                  (21, 11, "PFL302", sev["WARN"]), (28, 8, "PFL401", sev["ERROR"])],
    "join_names.c": [(7, 8, "PFL201", sev["WARN"]), (8, 8, "PFL201", sev["WARN"])],
}
ale_expected = {
    "report.py": [(8, 9, "PFL201", "W"), (15, 24, "PFL201", "W"), (22, 12, "PFL302", "W"), (29, 9, "PFL401", "E")],
    "join_names.c": [(8, 9, "PFL201", "W"), (9, 9, "PFL201", "W")],
}
for key in ("lint", "lint_abs"):
    for path, want in lint_expected.items():
        diags = result[key][path]
        got = [(d["lnum"], d["col"], d["code"], d["severity"]) for d in diags]
        check(got == want, "%s %s: line, byte column, code and severity" % (key, path), got)
        check(all(d["source"] == "perflint" for d in diags), "%s %s: source is perflint" % (key, path))
        check(all(not d["message"].startswith(("medium:", "high:")) and not d["message"].endswith("]") and d["message"]
                  for d in diags), "%s %s: the message without severity and rule" % (key, path),
              [d["message"][:40] for d in diags])
for key in ("ale", "ale_abs"):
    for path, want in ale_expected.items():
        items = result[key][path]
        got = [(i["lnum"], i["col"], i["code"], i["type"]) for i in items]
        check(got == want, "%s %s: line, byte column, code and type" % (key, path), got)
        check(all(i["text"] and not i["text"].endswith("]") for i in items), "%s %s: the message as text" % (key, path))
' "$TEST_TMP/result.json" "$TEST_TMP/report.json" "$TEST_TMP/report.txt" "$TEST_TMP/report-abs.txt"

finish
