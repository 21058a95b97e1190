#!/usr/bin/env bash
# t5001-sarif-github: the SARIF report meets GitHub code scanning's own
# requirements, beyond the schema (tests/tools/check_github_sarif.py): one
# run with a category, full rule metadata, no security-severity, results
# with one repository-relative location each and a primaryLocationLineHash
# equal to what the upload action computes (recomputed by
# tests/tools/fingerprint_ref.js, the port of the action's hash). Checked on
# the whole corpus (Python and C) and on files whose bytes stress the hash:
# CRLF, CR only, tabs, blank lines, identical lines, non-ASCII, lines over
# 100 characters, no final newline, a BOM, a path to percent-encode. Also:
# a file outside the run's directory, the "Run perflint" step of
# docs/examples/perflint-code-scanning.yml, and the checker's own rejections.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

tools=$PFL_SOURCE_DIR/tests/tools

if ! command -v node >/dev/null 2>&1; then
	fail "node is not installed (scripts/setup.sh installs it): cannot recompute line hashes"
	finish
fi

# check_sarif FILE ROOT [ARGS...] - check_github_sarif.py passes on FILE.
check_sarif() {
	local file=$1 root=$2
	shift 2
	if "$PFL_PYTHON" "$tools/check_github_sarif.py" "$file" --source-root "$root" "$@" \
		>"$TEST_TMP/check.out" 2>&1; then
		pass "check_github_sarif.py $(basename "$file"): $(tail -n 1 "$TEST_TMP/check.out")"
	else
		fail "check_github_sarif.py $(basename "$file") fails"
		head -n 60 "$TEST_TMP/check.out" | sed 's/^/  | /' >&2
	fi
}

# py_check DESCRIPTION ARGS... <<'PY' - a Python check, read from stdin,
# that prints its problems and exits non-zero on any.
py_check() {
	local what=$1
	shift
	if "$PFL_PYTHON" - "$@" >"$TEST_TMP/py.out" 2>&1; then
		pass "$what"
		sed 's/^/  /' "$TEST_TMP/py.out"
	else
		fail "$what"
		head -n 60 "$TEST_TMP/py.out" | sed 's/^/  | /' >&2
	fi
}

# --- The corpus, from the repository root, as a workflow runs it ----------

# The C corpus includes libpq's and GLib's headers (as scripts/run-corpus.sh).
# shellcheck disable=SC2207
cflags=($(pkg-config --cflags-only-I glib-2.0 libpq 2>/dev/null || true))
cd "$PFL_SOURCE_DIR" || exit 1
corpus_sarif=$TEST_TMP/corpus.sarif
run_perflint --format sarif --output "$corpus_sarif" "${cflags[@]}" corpus
expect_exit 1
expect_stdout_empty
expect_file_exists "$corpus_sarif"
cp "$corpus_sarif" "$TEST_TMP/stdout"
expect_json '{"c", "py"} <= {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit(".", 1)[1] for r in d["runs"][0]["results"]}' \
	"True"
expect_json 'd["runs"][0]["automationDetails"]["id"]' "'perflint/'"
check_sarif "$corpus_sarif" "$PFL_SOURCE_DIR" --category perflint

# --- Files whose bytes the line hash treats specially ----------------------

cd "$WORK" || exit 1
mkdir special
"$PFL_PYTHON" "$tools/make_special_files.py" special >expect.json
cd special || exit 1
run_perflint --format sarif --output ../special.sarif
expect_exit 1
cd "$WORK" || exit 1
check_sarif special.sarif "$WORK/special" --category perflint
# --category NAME: the run's id, so separate uploads keep separate alerts.
cd special || exit 1
run_perflint --format sarif --category perflint-python --output ../special-cat.sarif
expect_exit 1
cd "$WORK" || exit 1
cp special-cat.sarif "$TEST_TMP/stdout"
expect_json 'd["runs"][0]["automationDetails"]["id"]' "'perflint-python/'"
check_sarif special-cat.sarif "$WORK/special" --category perflint-python
run_perflint --format sarif --category ""
expect_exit 2
expect_stderr_contains "invalid value '' for --category"

# Each intended finding is there, on its line and column, and no other; its
# hash is the reference's for that line. The fixture does exercise the
# counter and the 100-character window.
py_check "special files: every finding where intended, with the action's line hash" \
	special.sarif expect.json "$tools/fingerprint_ref.js" <<'PY'
import json, subprocess, sys, urllib.parse
sarif, expect, ref = sys.argv[1:4]
run = json.load(open(sarif, encoding="utf-8"))["runs"][0]
want = json.load(open(expect, encoding="utf-8"))
got = {}
for r in run["results"]:
    phys = r["locations"][0]["physicalLocation"]
    path = urllib.parse.unquote(phys["artifactLocation"]["uri"])
    reg = phys["region"]
    got[(path, reg["startLine"], reg["startColumn"], r["ruleId"])] = \
        r["partialFingerprints"]["primaryLocationLineHash"]
keys = {(w["path"], w["line"], w["column"], w["rule"]) for w in want}
bad = 0
for k in sorted(keys - set(got)):
    print("missing:", k); bad += 1
for k in sorted(set(got) - keys):
    print("unexpected:", k); bad += 1
paths = sorted({w["path"] for w in want})
out = subprocess.run(["node", ref] + ["special/" + p for p in paths],
                     capture_output=True, text=True, check=True).stdout
hashes = {}
for l in out.splitlines():
    if l.startswith("# special/"):
        current = hashes[l[len("# special/"):]] = {}
    else:
        num, h = l.split(" ", 1)
        current[num] = h
seen_why = set()
for w in want:
    k = (w["path"], w["line"], w["column"], w["rule"])
    ref_hash = hashes[w["path"]].get(str(w["line"]))
    if k in got and got[k] != ref_hash:
        print(f"{w['path']}:{w['line']} ({w['why']}): perflint {got[k]}, reference {ref_hash}"); bad += 1
    elif k in got and w["why"] not in seen_why:
        seen_why.add(w["why"])
        print(f"{w['path']}:{w['line']} {ref_hash}  {w['why']}")
counts = [int(h.rsplit(":", 1)[1]) for h in got.values()]
if max(counts) < 5:
    print("no line hash was counted 5 times or more: the identical lines do not exercise :n"); bad += 1
longs = sorted(h for (p, _, _, _), h in got.items() if p == "long_line.py")
if not any(h.endswith(":2") and h[:-2] + ":1" in longs for h in longs):
    print("the two long lines that agree on their first 100 characters do not share a hash"); bad += 1
sys.exit(1 if bad else 0)
PY

# The JSON report's fingerprint is the same value.
cd special || exit 1
run_perflint --format json
expect_exit 1
cd "$WORK" || exit 1
cp "$TEST_TMP/stdout" special.json
py_check "JSON fingerprint == SARIF primaryLocationLineHash" special.json special.sarif <<'PY'
import json, sys, urllib.parse
j = json.load(open(sys.argv[1], encoding="utf-8"))
s = json.load(open(sys.argv[2], encoding="utf-8"))["runs"][0]["results"]
a = sorted((f["path"], f["line"], f["rule"], f["fingerprint"]) for f in j["findings"])
b = sorted((urllib.parse.unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
            r["locations"][0]["physicalLocation"]["region"]["startLine"], r["ruleId"],
            r["partialFingerprints"]["primaryLocationLineHash"]) for r in s)
if a != b:
    print([x for x in a if x not in b][:5], [x for x in b if x not in a][:5])
    sys.exit(1)
PY

# --- A file outside the run's directory -------------------------------------

# Named as ../x.py, it is not in the repository: an absolute file:// URI, not a
# relative one that climbs out of %SRCROOT%.
mkdir -p inner
cd inner || exit 1
run_perflint --format sarif ../special/tabs.py
expect_exit 1
expect_json 'sorted({(a["uri"], a.get("uriBaseId")) for a in (r["locations"][0]["physicalLocation"]["artifactLocation"] for r in d["runs"][0]["results"])})' \
	"[('file://$(cd "$WORK" && pwd -P)/special/tabs.py', None)]"
cd "$WORK" || exit 1

# --- The example workflow (docs/examples/perflint-code-scanning.yml) --------

# Its "Run perflint" step, run as GitHub runs it (bash -eo pipefail) with
# .perflint/build/perflint standing for the built binary: findings pass
# and give a report that meets every requirement, with the category the
# upload step names; an error (exit 2) fails the step.
workflow=$PFL_SOURCE_DIR/docs/examples/perflint-code-scanning.yml
if "$PFL_PYTHON" -c 'import yaml' 2>/dev/null; then
	if "$PFL_PYTHON" - "$workflow" step.sh >"$TEST_TMP/py.out" 2>&1 <<'PY'; then
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
on = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare on as true
assert "push" in on and "pull_request" in on, f"triggers: {on}"
job = doc["jobs"]["perflint"]
assert job["permissions"].get("security-events") == "write", job["permissions"]
steps = {s.get("name"): s for s in job["steps"]}
run = steps["Run perflint"]["run"]
assert "--format sarif --output perflint.sarif" in run, run
upload = [s for s in job["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
assert len(upload) == 1 and upload[0]["uses"].endswith("@v3"), upload
assert upload[0]["with"]["sarif_file"] == "perflint.sarif", upload[0]
assert upload[0].get("if") is None, "the upload must not run after an error"
open(sys.argv[2], "w", encoding="utf-8").write(run)
print(upload[0]["with"]["category"])
PY
		pass "the example workflow: triggers, permissions, run and upload steps"
		category=$(cat "$TEST_TMP/py.out")
	else
		fail "the example workflow lacks a required part"
		sed 's/^/  | /' "$TEST_TMP/py.out" >&2
		category=perflint
	fi

	# with_repo DIR - DIR as a checked-out repository with perflint built in .perflint.
	with_repo() {
		mkdir -p "$1/.perflint/build" "$1/.perflint/src"
		ln -s "$PERFLINT" "$1/.perflint/build/perflint"
		printf 'import requests\nfor u in users:\n    requests.get(u)\n' >"$1/.perflint/src/own.py"
	}
	# run_step DIR - run the step's script in DIR; sets $status.
	run_step() {
		status=0
		(cd "$1" && timeout -k 5 "$PFL_TEST_TIMEOUT" bash --noprofile --norc -eo pipefail "$WORK/step.sh") \
			>"$TEST_TMP/step.out" 2>&1 || status=$?
	}

	mkdir wf
	cp -R special/. wf/
	with_repo wf
	run_step wf
	if [ "$status" -eq 0 ] && [ -f wf/perflint.sarif ]; then
		pass "workflow step: findings (perflint exit 1) pass and write perflint.sarif"
	else
		fail "workflow step with findings: exit $status"
		sed 's/^/  | /' "$TEST_TMP/step.out" >&2
	fi
	check_sarif wf/perflint.sarif "$WORK/wf" --category "$category"
	cp wf/perflint.sarif "$TEST_TMP/stdout"
	last_cmd="workflow step"
	# Everything but the hidden .perflint checkout.
	expect_json 'len(d["runs"][0]["results"]), len([r for r in d["runs"][0]["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(".perflint")])' \
		"(43, 0)"

	mkdir wf-clean
	with_repo wf-clean
	printf 'x = 1\n' >wf-clean/clean.py
	run_step wf-clean
	cp wf-clean/perflint.sarif "$TEST_TMP/stdout" 2>/dev/null || : >"$TEST_TMP/stdout"
	if [ "$status" -eq 0 ] && [ "$(json_eval 'len(d["runs"][0]["results"])')" = 0 ]; then
		pass "workflow step: no findings (exit 0) pass, with an empty report"
	else
		fail "workflow step without findings: exit $status"
		sed 's/^/  | /' "$TEST_TMP/step.out" >&2
	fi

	mkdir -p wf-error/perflint.sarif # the report cannot be written: exit 2
	with_repo wf-error
	cp special/tabs.py wf-error/
	run_step wf-error
	if [ "$status" -eq 2 ] && grep -qF "::error::perflint failed with exit code 2" "$TEST_TMP/step.out"; then
		pass "workflow step: an error (exit 2) fails the step"
	else
		fail "workflow step after an error: exit $status, expected 2"
		sed 's/^/  | /' "$TEST_TMP/step.out" >&2
	fi
else
	skip "python3-yaml is not installed: the example workflow is not run"
fi

# --- The checker catches what GitHub would reject or mishandle -------------

mkdir bad
"$PFL_PYTHON" - special.sarif bad <<'PY'
import copy, json, sys
src, out = sys.argv[1:3]
d = json.load(open(src, encoding="utf-8"))
def art(r):
    return r["locations"][0]["physicalLocation"]["artifactLocation"]
def mutate(name, change):
    m = copy.deepcopy(d)
    change(m["runs"][0], m)
    with open(f"{out}/{name}.sarif", "w", encoding="utf-8") as f:
        json.dump(m, f)
def fp(run, _):
    rs = run["results"]
    rs[0]["partialFingerprints"]["primaryLocationLineHash"] = rs[1]["partialFingerprints"]["primaryLocationLineHash"]
mutate("fingerprint", fp)
mutate("leading-slash", lambda run, _: art(run["results"][0]).update(uri="/" + art(run["results"][0])["uri"]))
mutate("scheme", lambda run, _: art(run["results"][0]).update(uri="file:" + art(run["results"][0])["uri"]))
def unencoded(run, _):
    a = next(art(r) for r in run["results"] if "%20" in art(r)["uri"])
    a["uri"] = a["uri"].replace("%20", " ")
mutate("unencoded", unencoded)
mutate("no-base-id", lambda run, _: art(run["results"][0]).pop("uriBaseId"))
mutate("security-severity", lambda run, _: run["tool"]["driver"]["rules"][0]["properties"].update({"security-severity": "5.0"}))
def index(run, _):
    r = run["results"][0]
    r["ruleIndex"] = (r["ruleIndex"] + 1) % len(run["tool"]["driver"]["rules"])
mutate("rule-index", index)
mutate("two-runs", lambda run, m: m["runs"].append(copy.deepcopy(run)))
mutate("help-markdown", lambda run, _: run["tool"]["driver"]["rules"][0]["help"].pop("markdown"))
def too_many(run, _):
    small = {k: v for k, v in run["results"][0].items() if k != "relatedLocations"}
    small["message"] = {"text": "x"}
    run["results"] = [small] * 25001
mutate("too-many", too_many)
mutate("two-locations", lambda run, _: run["results"][0]["locations"].append(run["results"][0]["locations"][0]))
mutate("no-category", lambda run, _: run.pop("automationDetails"))
PY
for bad in "fingerprint:but the upload action computes" "leading-slash:starts with '/'" \
	"scheme:has a scheme" "unencoded:is not percent-encoded" "no-base-id:uriBaseId is None" \
	"security-severity:has 'security-severity'" "rule-index:ruleIndex" "two-runs:2 runs" \
	"help-markdown:no help.markdown" "too-many:GitHub accepts at most 25000" \
	"two-locations:not exactly one" "no-category:no id"; do
	name=${bad%%:*}
	want=${bad#*:}
	rc=0
	"$PFL_PYTHON" "$tools/check_github_sarif.py" "bad/$name.sarif" --source-root "$WORK/special" \
		--no-schema >"$TEST_TMP/check.out" 2>&1 || rc=$?
	if [ "$rc" -eq 1 ] && grep -qF -- "$want" "$TEST_TMP/check.out"; then
		pass "check_github_sarif.py rejects $name"
	else
		fail "check_github_sarif.py does not reject $name (exit $rc, want '$want')"
		head -n 20 "$TEST_TMP/check.out" | sed 's/^/  | /' >&2
	fi
done
# A category other than the file's.
rc=0
"$PFL_PYTHON" "$tools/check_github_sarif.py" special.sarif --source-root "$WORK/special" \
	--no-schema --category perflint-python >"$TEST_TMP/check.out" 2>&1 || rc=$?
if [ "$rc" -eq 1 ] && grep -qF "names category 'perflint', not 'perflint-python'" "$TEST_TMP/check.out"; then
	pass "check_github_sarif.py rejects another category"
else
	fail "check_github_sarif.py accepts another category (exit $rc)"
fi

finish
