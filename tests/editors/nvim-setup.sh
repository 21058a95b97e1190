#!/usr/bin/env bash
# nvim-setup: how editors/nvim's require('perflint') manages servers in
# headless Neovim (Debian's 0.7.2 here), against a stand-in server
# (fake_lsp_server.py) so that it is tested apart from perflint's own:
#   - one server per root: the nearest directory holding .perflint.yml or
#     .git, else the file's own directory; files of one root share it; the
#     server runs in the root and gets it as rootUri;
#   - a buffer opened before setup() is attached by setup();
#   - other filetypes and non-file buffers are not attached;
#   - :PerflintRestart starts new servers and attaches every buffer again;
#     :PerflintStop stops them;
#   - a cmd that cannot be run gives one error message and no client.
# shellcheck source=tests/editors/lib.sh
. "$(dirname "$0")/lib.sh"

need_nvim
nvim_env

mkdir -p "$WORK/alpha/pkg" "$WORK/beta/.git" "$WORK/beta/src" "$WORK/loose"
printf 'min-severity: low\n' >"$WORK/alpha/.perflint.yml"
printf 'x = 1\n' >"$WORK/alpha/pkg/one.py"
printf 'y = 2\n' >"$WORK/alpha/pkg/two.py"
printf 'int z;\n' >"$WORK/beta/src/three.c"
printf 'w = 4\n' >"$WORK/loose/four.py"
printf 'notes\n' >"$WORK/notes.txt"

PFL_NVIM_RTP=$PFL_SOURCE_DIR/editors/nvim PFL_FAKE_SERVER=$EDITORS_TESTS/fake_lsp_server.py \
	PFL_RESULT=$TEST_TMP/result.json PFL_PYTHON=$PFL_PYTHON \
	run_in "$WORK" nvim --headless --clean -u NONE -c "luafile $EDITORS_TESTS/nvim_setup.lua"
expect_exit 0
if [ ! -s "$TEST_TMP/result.json" ]; then
	fail "headless Neovim wrote no result"
	_show_output
	finish
fi

py_checks '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
work = sys.argv[2]

def check(ok, what, detail=None):
    print(("ok " if ok else "not ok ") + what)
    if not ok and detail is not None:
        for line in str(detail).splitlines()[:40]:
            print("  " + line)

if "error" in r:
    check(False, "the headless client ran to the end", "%s (steps done: %s)" % (r["error"], r.get("steps")))
    sys.exit(0)

alpha, beta, loose = work + "/alpha", work + "/beta", work + "/loose"
def uri(path):
    return "file://" + path

for name, root in (("one", alpha), ("two", alpha), ("three", beta), ("four", loose)):
    s = r[name]
    check(s["client_id"] is not None, "%s: attached" % name)
    check(s["root_dir"] == root, "%s: root %s" % (name, root), s["root_dir"])
    codes = [d["code"] for d in s["diagnostics"]]
    check(codes == ["FAKE1"], "%s: the server diagnostics arrive" % name, codes)
    check(s["diagnostics"] and s["diagnostics"][0]["message"].endswith("root=" + uri(root)),
          "%s: the server was started with rootUri %s" % (name, uri(root)), s["diagnostics"])
    check(s["diagnostics"] and (" cwd=%s " % root) in s["diagnostics"][0]["message"],
          "%s: the server runs in the root directory" % name, s["diagnostics"])
check(r["one"]["client_id"] == r["two"]["client_id"], "files under one root share a server")
ids = {r["one"]["client_id"], r["three"]["client_id"], r["four"]["client_id"]}
check(len(ids) == 3, "each root has its own server", ids)
check(r["txt_clients"] == 0, "a text file is not attached")
check(r["scratch_clients"] == 0, "a python buffer that is not a file is not attached")
check(r["find_root"] == {"pkg": alpha, "src": beta}, "find_root: .perflint.yml and .git mark roots", r["find_root"])

rs = r["restarted"]
for name, root in (("one", alpha), ("two", alpha), ("three", beta), ("four", loose)):
    check(rs[name]["client_id"] is not None and rs[name]["client_id"] not in ids,
          "PerflintRestart: %s attached to a new server" % name, rs[name]["client_id"])
    check(rs[name]["root_dir"] == root and [d["code"] for d in rs[name]["diagnostics"]] == ["FAKE1"],
          "PerflintRestart: %s has its root and diagnostics again" % name, rs[name])
check(all(rs[n]["diagnostics"] and r[n]["diagnostics"] and rs[n]["diagnostics"][0]["message"] != r[n]["diagnostics"][0]["message"]
          for n in ("one", "three")), "PerflintRestart: the diagnostics come from the new server processes")
check(rs["one"]["client_id"] == rs["two"]["client_id"], "PerflintRestart: one server per root still")
check(r["old_alive"] == {"one": False, "three": False}, "PerflintRestart: the old servers are gone", r["old_alive"])
check(r["after_stop"] == {"one": 0, "three": 0}, "PerflintStop: no client left", r["after_stop"])

m = r["missing"]
check(m["clients"] == 0, "a cmd that cannot be run starts no client")
errs = [n for n in m["notes"] if "/nonexistent/perflint" in n["msg"]]
check(len(errs) == 1 and errs[0]["level"] == 4, "it is said once, as an error naming the command", m["notes"])
' "$TEST_TMP/result.json" "$WORK"

finish
