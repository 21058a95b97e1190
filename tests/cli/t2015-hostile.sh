#!/usr/bin/env bash
# t2015-hostile: inputs a repository may hold to break a linter or the
# terminal: a million-line file, very long lines, tabs and wide characters
# (columns stay right), file names with spaces, newlines, escape sequences
# and invalid UTF-8, escape sequences in code, 100,000 nested C blocks,
# symlinks that dangle or leave the tree, a compilation database whose
# commands would run something, and a full or special output location.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
LOOP='import requests

def f(us):
    for u in us:
        requests.get(u)
'

# --- Size ------------------------------------------------------------------
"$PFL_PYTHON" - <<'PY'
with open("million.py", "w") as f:
    f.write("x = 1\n" * 1000000)
    f.write("import requests\ndef f(us):\n    for u in us:\n        requests.get(u)\n")
with open("longline.py", "w") as f:
    f.write('s = "' + "a" * 4000000 + '"\n')
    f.write("import requests\ndef f(us):\n    for u in us:\n        requests.get(u); t = '" + "b" * 100000 + "'\n")
PY
run_perflint --format json million.py longline.py
expect_exit 1
expect_json '[(f["path"], f["line"], f["rule"]) for f in d["findings"]]' \
	"[('longline.py', 5, 'PFL101'), ('million.py', 1000004, 'PFL101')]"
# The text report shows a long line cut, not 100 KB of it.
run_perflint --color never longline.py
expect_exit 1
if [ "$(wc -c <"$TEST_TMP/stdout")" -lt 5000 ]; then
	pass "text report of a 100 KB line stays short ($(wc -c <"$TEST_TMP/stdout") bytes)"
else
	fail "text report of a 100 KB line is $(wc -c <"$TEST_TMP/stdout") bytes"
fi
rm million.py longline.py

# --- Columns: tabs and wide characters (SARIF: UTF-16 units; JSON: code points) ---
printf 'import requests\n\ndef f(us):\n\tfor u in us:\n\t\tx = "日本😀"; requests.get(u)\n' >wide.py
run_perflint --format sarif wide.py
expect_exit 1
expect_json '[(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["locations"][0]["physicalLocation"]["region"]["endColumn"]) for r in d["runs"][0]["results"]]' \
	"[(5, 15, 30)]"
run_perflint --format json wide.py
expect_json '[(f["line"], f["column"], f["end_column"]) for f in d["findings"]]' "[(5, 14, 29)]"

# --- Names and contents that could drive a terminal ---
mkdir names
printf '%s' "$LOOP" >"names/with space.py"
printf '%s' "$LOOP" >"names/new
line.py"
printf '%s' "$LOOP" >"names/bad-$(printf '\377\376')-utf8.py"
printf '%s' "$LOOP" >"names/$(printf '\033')[31mred.py"
printf 'import requests\n\ndef f(us):\n    for u in us:\n        requests.get(u); print("\033]0;owned\007\033[2J")\n' >names/esc.py
run_perflint --color never names
expect_exit 1
if LC_ALL=C grep -q "$(printf '\033')" "$TEST_TMP/stdout" "$TEST_TMP/stderr"; then
	fail "an escape character reached the terminal"
else
	pass "no escape character in the text output or the messages"
fi
if LC_ALL=C grep -q "$(printf '\007')" "$TEST_TMP/stdout"; then
	fail "a bell character reached the terminal"
else
	pass "no bell character in the text output"
fi
expect_stdout_contains 'names/with space.py:5:9: high'
expect_stdout_contains 'names/new\x0aline.py:5:9: high'
expect_stdout_contains 'names/\x1b[31mred.py:5:9: high'
expect_stdout_contains "names/bad-$(printf '\357\277\275\357\277\275')-utf8.py:5:9: high"
expect_stdout_contains 'requests.get(u); print("\x1b]0;owned\x07\x1b[2J")'
for fmt in json sarif; do
	run_perflint --format "$fmt" names
	expect_exit 1
	if "$PFL_PYTHON" -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8", errors="strict"))' "$TEST_TMP/stdout" 2>/dev/null; then
		pass "$fmt report is valid UTF-8 JSON with these names"
	else
		fail "$fmt report is not valid UTF-8 JSON"
	fi
done
expect_json 'sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in d["runs"][0]["results"])' \
	"['names/%1B%5B31mred.py', 'names/bad-%FF%FE-utf8.py', 'names/esc.py', 'names/new%0Aline.py', 'names/with%20space.py']"
rm -rf names

# C1 controls (NEL) and bidirectional overrides are shown escaped in the text and GitHub formats too.
mkdir c1
printf '%s' "$LOOP" >"c1/nel$(printf '\302\205')-$(printf '\342\200\256')rtl.py"
for fmt in text github; do
	run_perflint --color never --format "$fmt" c1
	expect_exit 1
	if LC_ALL=C grep -q "$(printf '\302\205')\|$(printf '\342\200\256')" "$TEST_TMP/stdout"; then
		fail "$fmt: a C1 or bidirectional control reached the output raw"
	else
		pass "$fmt: no raw C1 or bidirectional control"
	fi
	expect_stdout_contains 'c1/nel\u0085-\u202ertl.py'
done
rm -rf c1

# --- Deep C nesting: no stack overflow ---
"$PFL_PYTHON" - <<'PY'
with open("deep.c", "w") as f:
    f.write("void f(void) {\n" + "{" * 100000 + "}" * 100000 + "\n}\n")
PY
printf '#include <string.h>\nvoid g(char *o, char **p, int n) {\n\tfor (int i = 0; i < n; i++)\n\t\tstrcat(o, p[i]);\n}\n' >fine.c
run_perflint --format json deep.c fine.c
expect_exit_in 1
expect_json '[(f["path"], f["line"], f["rule"]) for f in d["findings"]]' "[('fine.c', 4, 'PFL201')]"

# --- Symlinks: dangling, and out of the tree, are not followed ---
mkdir tree outside
printf '%s' "$LOOP" >outside/secret.py
ln -s ../outside/secret.py tree/link_out.py
ln -s ../nowhere.py tree/dangling.py
printf '%s' "$LOOP" >tree/own.py
run_perflint --format json tree
expect_exit 1
expect_json '[f["path"] for f in d["findings"]]' "['tree/own.py']"
expect_stderr_contains "'tree/dangling.py': skipped: dangling symbolic link"
rm -rf tree outside

# --- Devices are never opened for reading (a read of /dev/zero never ends) ---
printf '%s' "$LOOP" >ok.py
run_perflint --format json /dev/zero ok.py
expect_exit 2
expect_stderr_contains "'/dev/zero': not a regular file (FIFO, device or socket): not read"
expect_json '[f["path"] for f in d["findings"]]' "['ok.py']"
rm ok.py

# --- A compilation database is read, never run ---
mkdir proj
printf '#include <string.h>\nvoid g(char *o, char **p, int n) {\n\tfor (int i = 0; i < n; i++)\n\t\tstrcat(o, p[i]);\n}\n' >proj/x.c
cat >proj/compile_commands.json <<EOF
[
  {"directory": "$PWD/proj", "file": "x.c",
   "command": "touch $PWD/pwned-command && cc \$(touch $PWD/pwned-subst) \`touch $PWD/pwned-tick\` -c x.c"},
  {"directory": "$PWD/proj", "file": "x.c",
   "arguments": ["sh", "-c", "touch $PWD/pwned-arguments", "-c", "x.c"]}
]
EOF
run_perflint --format json -p proj proj/x.c
expect_exit_in 1
for f in pwned-command pwned-subst pwned-tick pwned-arguments; do
	expect_no_file "$f"
done
expect_json '[(f["line"], f["rule"]) for f in d["findings"]]' "[(4, 'PFL201')]"
rm -rf proj

# --- Output locations ---
printf '%s' "$LOOP" >a.py
if [ -c /dev/full ]; then
	run_perflint --format json --output /dev/full a.py
	expect_exit 2
	expect_stderr_contains "cannot write '/dev/full': No space left on device"
	if [ -c /dev/full ]; then pass "/dev/full is still a device"; else fail "/dev/full was replaced"; fi
	if ls /dev/full.perflint-tmp-* >/dev/null 2>&1; then fail "a temporary file was left in /dev"; else pass "no temporary file in /dev"; fi
fi
run_perflint --format json --output /dev/null a.py
expect_exit 1
if [ -c /dev/null ]; then pass "/dev/null is still a device"; else fail "/dev/null was replaced"; fi
echo old >target.json
ln -s target.json link.json
run_perflint --format json --output link.json a.py
expect_exit 1
if [ -L link.json ] && grep -q '"PFL101"' target.json; then
	pass "--output through a symbolic link writes its target and keeps the link"
else
	fail "--output through a symbolic link replaced the link"
fi
mkdir outdir
run_perflint --format json --output outdir a.py
expect_exit 2
expect_stderr_contains "cannot write 'outdir': is a directory"

finish
