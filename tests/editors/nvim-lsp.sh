#!/usr/bin/env bash
# nvim-lsp: Neovim's built-in LSP client, set up by editors/nvim's
# require('perflint'), attached to the real `perflint lsp` in headless
# Neovim (Debian's 0.7.2 here). A project with .perflint.yml holds the
# fixtures in app/; nvim_lsp.lua opens report.py, then join_names.c, and
# writes back, as JSON:
#   - the diagnostics vim.diagnostic.get reads for each buffer: exact line,
#     byte column (report.py line 15 has an emoji before its finding, so
#     the server's UTF-16 columns must be converted right), end, rule id as
#     code, perflint as source, severity;
#   - the client: one server for both files, rooted at the project (the
#     directory holding .perflint.yml), attached through the FileType
#     autocommand;
#   - the code actions offered on a finding (a suppression comment), and
#     the diagnostics once it is applied;
#   - the diagnostics after an unsaved edit removes a finding;
#   - the server's exit status after the client stops it.
# First it checks that this perflint has the lsp command at all, and fails
# with a clear message if not.
# shellcheck source=tests/editors/lib.sh
. "$(dirname "$0")/lib.sh"

need_nvim
nvim_env
lsp_timeout=${PFL_LSP_TIMEOUT:-20}

# --- is there a language server? -------------------------------------------

probe=$("$PFL_PYTHON" - "$PERFLINT" "$lsp_timeout" <<'PY' 2>&1
import json, os, select, subprocess, sys, time

exe, limit = sys.argv[1], float(sys.argv[2])

def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body

proc = subprocess.Popen([exe, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": os.getpid(), "rootUri": None, "capabilities": {}}}
try:
    proc.stdin.write(frame(init))
    proc.stdin.flush()
except BrokenPipeError:
    pass
out = b""
deadline = time.time() + limit
while time.time() < deadline and b"\r\n\r\n" not in out:
    ready, _, _ = select.select([proc.stdout], [], [], 0.1)
    if ready:
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        out += chunk
    elif proc.poll() is not None:
        break
if out.startswith(b"Content-Length:"):
    try:
        proc.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        proc.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
        proc.stdin.close()
    except BrokenPipeError:
        pass
    try:
        proc.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        proc.kill()
    print("ok")
    sys.exit(0)
proc.kill()
_, err = proc.communicate()
err = err.decode(errors="replace").strip()
if "cannot access path" in err or "'lsp'" in err:
    print("perflint has no lsp command yet: it took 'lsp' for a path to check (%s)" % err.splitlines()[-1])
else:
    print("perflint lsp did not answer initialize within %gs (stdout %r, stderr %r)" % (limit, out[:200], err[-400:]))
PY
)
if [ "$probe" != ok ]; then
	fail "$probe"
	finish
fi
pass "perflint lsp answers initialize"

# --- the project and the headless client ---------------------------------

project=$WORK/project
mkdir -p "$project/app"
printf 'min-severity: low\n' >"$project/.perflint.yml"
cp "$EDITORS_TESTS/fixtures/report.py" "$EDITORS_TESTS/fixtures/join_names.c" "$project/app/"

PFL_NVIM_RTP=$PFL_SOURCE_DIR/editors/nvim PFL_RESULT=$TEST_TMP/result.json PFL_LSP_TIMEOUT=$lsp_timeout \
	PERFLINT=$PERFLINT run_in "$project/app" nvim --headless --clean -u NONE -c "luafile $EDITORS_TESTS/nvim_lsp.lua"
expect_exit 0
if [ ! -s "$TEST_TMP/result.json" ]; then
	fail "headless Neovim wrote no result"
	_show_output
	finish
fi
lsp_log=$(find "$TEST_TMP/xdg" -name lsp.log 2>/dev/null | head -n 1)

py_checks '
import json, sys
result = json.load(open(sys.argv[1], encoding="utf-8"))
project = sys.argv[2]
log = open(sys.argv[3], encoding="utf-8", errors="replace").read() if sys.argv[3] else ""

def check(ok, what, detail=None):
    print(("ok " if ok else "not ok ") + what)
    if not ok and detail is not None:
        for line in str(detail).splitlines()[:40]:
            print("  " + line)

if "error" in result:
    check(False, "the headless client ran to the end", "%s\nsteps done: %s\nlsp.log (end):\n%s"
          % (result["error"], ", ".join(result.get("steps", [])), log[-3000:]))
    sys.exit(0)
check(True, "the headless client ran to the end")

ERROR, WARN = 1, 2
py, c = result["python"], result["c"]
check(py["filetype"] == "python" and c["filetype"] == "c", "filetypes python and c detected", (py["filetype"], c["filetype"]))
check(py["attached"] and c["attached"], "the FileType autocommand attached both buffers")
check(result["attaches"] == 2, "on_attach ran once per buffer", result["attaches"])
check(py["client_id"] == c["client_id"], "one server for both files of the project")
client = result["client"]
check(client["name"] == "perflint", "the client is named perflint", client["name"])
check(client["root_dir"] == project, "root_dir is the directory holding .perflint.yml", client["root_dir"])
check(client["code_action_provider"], "the server offers code actions")

def got(diags):
    return [(d["lnum"], d["col"], d["end_lnum"], d["end_col"], d["code"], d["source"]) for d in diags]

# 0-based lines and byte columns; end columns exclusive. Line 15 (lnum 14):
# the emoji before the finding is 2 UTF-16 units and 4 bytes.
want_py = [
    (7, 8, 7, 48, "PFL201", "perflint"),
    (14, 23, 14, 47, "PFL201", "perflint"),
    (21, 11, 21, 27, "PFL302", "perflint"),
    (28, 8, 28, 21, "PFL401", "perflint"),
]
check(py["got_diagnostics"], "report.py: diagnostics published")
check(got(py["diagnostics"]) == want_py, "report.py: exact lines, columns, codes and source", got(py["diagnostics"]))
sev = [d["severity"] for d in py["diagnostics"]]
check(sev == [WARN, WARN, WARN, ERROR], "report.py: medium findings are warnings, high ones errors", sev)
msgs = [d["message"] for d in py["diagnostics"]]
check(len(msgs) == 4 and msgs[0].startswith("str \x27out\x27 is built by += in a loop") and msgs[3].startswith("time.sleep() is a blocking sleep"),
      "report.py: the findings messages", msgs)

want_c = [
    (7, 8, 7, 29, "PFL201", "perflint"),
    (8, 8, 8, 25, "PFL201", "perflint"),
]
check(c["got_diagnostics"], "join_names.c: diagnostics published")
check(got(c["diagnostics"]) == want_c, "join_names.c: exact lines, columns, codes and source", got(c["diagnostics"]))

actions = result["code_actions"]
suppress = [a for a in actions if any("PFL201" in e["newText"] for e in a["edits"])]
check(suppress, "a code action on the PFL201 finding adds a comment naming PFL201",
      json.dumps(actions, indent=1))
check(all(e["range"]["start"]["line"] in (6, 7) for a in suppress for e in a["edits"]),
      "its edit is on the finding line or the line above", json.dumps(suppress, indent=1))
line = result.get("suppressed_line", "")
check("perflint: disable=PFL201" in line or "noqa: PFL201" in line,
      "applied, the edit leaves a suppression comment on the line", line)
after = [(d["lnum"], d["code"]) for d in result.get("after_suppress", [])]
check(result.get("suppressed_gone") and after == [(14, "PFL201"), (21, "PFL302"), (28, "PFL401")],
      "the server drops the suppressed finding and keeps the others", after)

after = [(d["lnum"], d["code"]) for d in result["after_edit"]]
check(result["after_edit_gone"] and after == [(14, "PFL201"), (21, "PFL302")],
      "an unsaved edit that removes the blocking call removes its diagnostic", after)

check(result["stopped"], "the server exits when the client stops it")
exits = result["exits"]
check(len(exits) == 1 and exits[0]["code"] == 0, "the server exits with status 0 after shutdown and exit", exits)
bad = [l for l in log.splitlines() if "AddressSanitizer" in l or "LeakSanitizer" in l or "runtime error:" in l]
check(not bad, "no sanitizer report on the server stderr", "\n".join(bad[:20]))
' "$TEST_TMP/result.json" "$project" "$lsp_log"

finish
