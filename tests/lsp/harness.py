#!/usr/bin/env python3
"""harness.py - drive `perflint lsp` through whole sessions as an editor would.

A stdio client (standard library only): it starts the server, speaks
JSON-RPC with Content-Length framing, and checks what comes back against a
workspace of fixtures written to a temporary directory: capabilities and the
negotiated position encoding, diagnostics (exact ranges in UTF-16, UTF-8 and
UTF-32, codes, severities, links, related locations through a helper
module), updates on didChange, code actions applied locally, a C document,
the workspace's .perflint.yml changing, protocol errors, and the exit code.

Usage: harness.py [--perflint PATH] [-k NAME]    (PERFLINT from the environment)

Prints one line per check (ok / not ok) and exits 1 when any check failed.
Timeouts only catch a hung server; no check depends on timing.
"""
import argparse
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

# Long enough for a sanitizer build on a busy machine: only a hang reaches it.
HANG = float(os.environ.get("PFL_LSP_TIMEOUT", "120"))

FAILED = []


def check(cond, what, detail=""):
    """Record one check."""
    if cond:
        print(f"ok - {what}")
    else:
        FAILED.append(what)
        print(f"not ok - {what}" + (f": {detail}" if detail else ""))
    sys.stdout.flush()
    return cond


class Hang(Exception):
    pass


class Client:
    """One server process and the messages it sent."""

    def __init__(self, perflint, cwd, stderr_path):
        self.stderr = open(stderr_path, "wb")
        self.proc = subprocess.Popen([perflint, "lsp", "--stdio"], cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr)
        self.lock = threading.Condition()
        self.responses = {}      # id (as JSON text) -> message
        self.response_order = [] # ids in arrival order
        self.publishes = {}      # uri -> [params...]
        self.logs = []           # window/logMessage params
        self.requests = []       # requests from the server
        self.other = []
        self.bad_frames = []
        self.eof = False
        self.next_id = 0
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        out = self.proc.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    with self.lock:
                        self.eof = True
                        self.lock.notify_all()
                    return
                header += c
            m = re.match(rb"Content-Length: (\d+)\r\n\r\n$", header)
            if not m:
                self.bad_frames.append(header)
                continue
            body = out.read(int(m.group(1)))
            try:
                msg = json.loads(body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as e:
                self.bad_frames.append(body)
                continue
            with self.lock:
                if "id" in msg and "method" not in msg:
                    key = json.dumps(msg["id"])
                    self.responses[key] = msg
                    self.response_order.append(key)
                elif msg.get("method") == "textDocument/publishDiagnostics":
                    self.publishes.setdefault(msg["params"]["uri"], []).append(msg["params"])
                elif msg.get("method") == "window/logMessage":
                    self.logs.append(msg["params"])
                elif "id" in msg:
                    self.requests.append(msg)
                else:
                    self.other.append(msg)
                self.lock.notify_all()

    # -- sending --
    def write(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def frame(self, body):
        if isinstance(body, str):
            body = body.encode("utf-8")
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    def send(self, msg):
        self.write(self.frame(json.dumps(msg)))

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params=None, send=True):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        if send:
            self.send(msg)
        return self.next_id if send else msg

    # -- waiting --
    def _wait(self, cond, what):
        deadline = time.monotonic() + HANG
        with self.lock:
            while True:
                r = cond()
                if r is not None:
                    return r
                if self.eof:
                    raise Hang(f"server closed its output while waiting for {what}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Hang(f"no {what} within {HANG:.0f}s")
                self.lock.wait(left)

    def response(self, rid):
        key = json.dumps(rid)
        return self._wait(lambda: self.responses.pop(key, None), f"response to {key}")

    def call(self, method, params=None):
        return self.response(self.request(method, params))

    def mark(self, uri):
        """How many publishes of uri were seen so far."""
        with self.lock:
            return len(self.publishes.get(uri, []))

    def diagnostics(self, uri, after, version=None, pred=None):
        """The first publish of uri after the first `after` ones (of version, matching pred)."""
        def find():
            lst = self.publishes.get(uri, [])
            for p in lst[after:]:
                if (version is None or p.get("version") == version) and (pred is None or pred(p["diagnostics"])):
                    return p
            return None
        return self._wait(find, f"diagnostics of {uri}" + (f" version {version}" if version is not None else ""))

    def log_after(self, n, pred):
        def find():
            for p in self.logs[n:]:
                if pred(p):
                    return p
            return None
        return self._wait(find, "window/logMessage")

    def wait_exit(self):
        try:
            return self.proc.wait(timeout=HANG)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Hang("the server did not exit")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.stderr.close()


# ---- fixtures ----

HELPERS = '''import requests


def fetch(u):
    return requests.get(u)
'''

HELPERS_NO_IO = '''import requests


def fetch(u):
    return u
'''

# A non-ASCII string before the finding on the same line: UTF-16 columns differ from bytes.
MAIN = '''import requests
from app.helpers import fetch


def run(urls):
    for u in urls:
        x = "é😀"; requests.get(u)
    for u in urls:
        fetch(u)
'''

MAIN_NO_101 = '''import requests
from app.helpers import fetch


def run(urls):
    for u in urls:
        x = "é😀"
    for u in urls:
        fetch(u)
'''

MAIN_WITH_301 = '''import requests
from app.helpers import fetch


def run(urls):
    for u in urls:
        if u in [1, 2, "é😀"]:
            pass
    for u in urls:
        fetch(u)
'''

# PFL301 through a local list used only for membership: the rewrite is at its assignment.
LOCAL_LIST = '''def pick(rows):
    allowed = [1, 2, 3]
    out = []
    for r in rows:
        if r in allowed:
            out.append(r)
    return out
'''

# The same list also used otherwise: no rewrite may be offered.
LOCAL_LIST_USED = '''def pick(rows):
    allowed = [1, 2, 3]
    out = []
    for r in rows:
        if r in allowed:
            out.append(r)
    print(len(allowed))
    return out
'''

# Lines with comments already.
COMMENTED = '''from app.helpers import fetch


def run(urls):
    for u in urls:
        fetch(u)  # perflint: disable=PFL201 -- reviewed
    for u in urls:
        fetch(u)  # noqa: E501
'''

C_BUF = '''#include <string.h>

void join(char *out, char **parts, int n)
{
\tfor (int i = 0; i < n; i++)
\t\tstrcat(out, parts[i]);
}
'''

# The finding's line ends inside a block comment.
C_BLOCK = '''#include <string.h>

void join(char *out, char **parts, int n)
{
\tfor (int i = 0; i < n; i++)
\t\tstrcat(out, parts[i]); /* appends, and a comment
\t\t   that goes on */
}
'''

NEW_HELPER = '''import requests


def grab(u):
    return requests.get(u)
'''

USES_NEW_HELPER = '''from app.newhelp import grab


def crawl(urls):
    for u in urls:
        grab(u)
'''

NEW_MODULE = '''import requests


def poll(ids):
    for i in ids:
        requests.get(i)
'''


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def make_workspace():
    ws = os.path.realpath(tempfile.mkdtemp(prefix="pfl-lsp-"))
    os.mkdir(os.path.join(ws, ".git"))  # the configuration is looked up to here
    write(os.path.join(ws, "app", "__init__.py"), "")
    write(os.path.join(ws, "app", "helpers.py"), HELPERS)
    write(os.path.join(ws, "app", "main.py"), MAIN)
    write(os.path.join(ws, "app", "lists.py"), LOCAL_LIST)
    write(os.path.join(ws, "app", "commented.py"), COMMENTED)
    write(os.path.join(ws, "native", "buf.c"), C_BUF)
    write(os.path.join(ws, "native", "block.c"), C_BLOCK)
    write(os.path.join(ws, ".perflint.yml"), "ignore: [PFL201]\n")
    return ws


def uri_of(ws, rel):
    return "file://" + os.path.join(ws, rel)


# ---- text edits, as an editor applies them ----

def offset_of(text, pos, enc):
    """The index in text (a str) of an LSP position."""
    lines = text.splitlines(keepends=True)
    if pos["line"] >= len(lines):
        return len(text)
    start = sum(len(l) for l in lines[:pos["line"]])
    line = lines[pos["line"]].rstrip("\r\n")
    units = 0
    for i, ch in enumerate(line):
        if units >= pos["character"]:
            return start + i
        if enc == "utf-16":
            units += 2 if ord(ch) > 0xFFFF else 1
        elif enc == "utf-8":
            units += len(ch.encode("utf-8"))
        else:
            units += 1
    return start + len(line)


def apply_edits(text, edits, enc):
    spans = [(offset_of(text, e["range"]["start"], enc), offset_of(text, e["range"]["end"], enc), e["newText"])
             for e in edits]
    for a, b, new in sorted(spans, reverse=True):
        text = text[:a] + new + text[b:]
    return text


def rng(l1, c1, l2, c2):
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


def by_code(diags):
    out = {}
    for d in diags:
        out.setdefault(d.get("code"), []).append(d)
    return out


def codes(diags):
    return sorted(d.get("code") for d in diags)


HREF = "https://github.com/perflint/perflint/blob/main/docs/rules/{}.md"
SEVERITY = {"critical": 1, "high": 1, "medium": 2, "low": 3}


def cli_findings(perflint, ws, rel):
    """The command line's findings for a file (JSON report): the reference for severities."""
    p = subprocess.run([perflint, "--format", "json", "--jobs", "1", rel], cwd=ws, capture_output=True)
    doc = json.loads(p.stdout.decode("utf-8"))
    return doc["findings"]


# ---- sessions ----

def initialize(c, ws, encodings=None, dynamic=False):
    caps = {"textDocument": {"publishDiagnostics": {"relatedInformation": True}}}
    if encodings is not None:
        caps["general"] = {"positionEncodings": encodings}
    if dynamic:
        caps["workspace"] = {"didChangeWatchedFiles": {"dynamicRegistration": True}}
    r = c.call("initialize", {"processId": os.getpid(), "rootUri": "file://" + ws, "capabilities": caps})
    c.notify("initialized", {})
    return r


def open_doc(c, ws, rel, text, lang, version=1):
    uri = uri_of(ws, rel)
    n = c.mark(uri)
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": lang, "version": version, "text": text}})
    return c.diagnostics(uri, n, version)["diagnostics"]


def change_doc(c, uri, text, version):
    n = c.mark(uri)
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                        "contentChanges": [{"text": text}]})
    return c.diagnostics(uri, n, version)["diagnostics"]


def code_actions(c, uri, diag):
    r = c.call("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": diag["range"],
                                           "context": {"diagnostics": [diag]}})
    return r.get("result")


def session_main(perflint, ws, logdir):
    """The whole editing session in UTF-16, the default."""
    c = Client(perflint, ws, os.path.join(logdir, "utf16.stderr"))
    try:
        r = initialize(c, ws)
        caps = r.get("result", {}).get("capabilities", {})
        check(caps.get("positionEncoding") == "utf-16", "initialize: UTF-16 when the client offers nothing",
              json.dumps(caps))
        sync = caps.get("textDocumentSync", {})
        check(sync.get("openClose") is True and sync.get("change") == 1, "initialize: full document sync",
              json.dumps(sync))
        check("quickfix" in caps.get("codeActionProvider", {}).get("codeActionKinds", []),
              "initialize: quick-fix code actions")
        check(r.get("result", {}).get("serverInfo", {}).get("name") == "perflint", "initialize: serverInfo")

        # -- Python: exact diagnostics --
        main_uri = uri_of(ws, "app/main.py")
        diags = open_doc(c, ws, "app/main.py", MAIN, "python")
        d = by_code(diags)
        check(codes(diags) == ["PFL101", "PFL102"], "didOpen: PFL101 and PFL102 in app/main.py", codes(diags))
        if "PFL101" in d:
            f = d["PFL101"][0]
            # 8 spaces, 'x = "' (13), é (1 unit), 😀 (2 units), '"; ' (3): column 19 in UTF-16.
            check(f["range"] == rng(6, 19, 6, 34), "PFL101 range in UTF-16 after a non-ASCII string",
                  json.dumps(f["range"]))
            check(f.get("source") == "perflint", "source is perflint")
            check(f.get("codeDescription", {}).get("href") == HREF.format("PFL101"), "codeDescription.href")
            check(isinstance(f.get("message"), str) and "requests.get()" in f["message"], "message")
        if "PFL102" in d:
            f = d["PFL102"][0]
            check(f["range"] == rng(8, 8, 8, 16), "PFL102 range", json.dumps(f["range"]))
            rel = f.get("relatedInformation") or []
            check(len(rel) == 1 and rel[0]["location"]["uri"] == uri_of(ws, "app/helpers.py") and
                  rel[0]["location"]["range"] == rng(4, 11, 4, 26),
                  "PFL102 relatedInformation: the request in the helper module", json.dumps(rel))
        ref = cli_findings(perflint, ws, "app/main.py")
        want = sorted((x["rule"], SEVERITY[x["severity"]]) for x in ref)
        got = sorted((x["code"], x["severity"]) for x in diags)
        check(want == got and len(want) == 2, "severities follow perflint's levels (critical/high 1, medium 2, low 3)",
              f"{got} vs {want}")

        # -- didChange: the finding goes, another comes --
        diags = change_doc(c, main_uri, MAIN_NO_101, 2)
        check(codes(diags) == ["PFL102"], "didChange: the removed PFL101 is gone", codes(diags))
        diags = change_doc(c, main_uri, MAIN_WITH_301, 3)
        check(codes(diags) == ["PFL102", "PFL301"], "didChange: a new PFL301 is reported", codes(diags))
        text = MAIN_WITH_301
        d = by_code(diags)
        if "PFL301" in d:
            f = d["PFL301"][0]
            check(f["range"] == rng(6, 11, 6, 29), "PFL301 range (UTF-16, non-ASCII inside)", json.dumps(f["range"]))
            acts = code_actions(c, main_uri, f) or []
            pref = [a for a in acts if a.get("isPreferred")]
            check(len(pref) == 1 and pref[0].get("kind") == "quickfix", "codeAction: a preferred rewrite for PFL301",
                  json.dumps(acts)[:400])
            check(any("disable=PFL301" in json.dumps(a.get("edit")) for a in acts),
                  "codeAction: a suppression for PFL301")
            if pref:
                edits = pref[0]["edit"]["changes"][main_uri]
                text = apply_edits(text, edits, "utf-16")
                check('if u in {1, 2, "é😀"}:' in text, "the rewrite makes a set literal", text)
                diags = change_doc(c, main_uri, text, 4)
                check(codes(diags) == ["PFL102"], "after the rewrite PFL301 is gone", codes(diags))
        d = by_code(diags)
        if "PFL102" in d:
            acts = code_actions(c, main_uri, d["PFL102"][0]) or []
            sup = [a for a in acts if "disable=PFL102" in json.dumps(a.get("edit"))]
            check(len(sup) == 1 and not sup[0].get("isPreferred"), "codeAction: one suppression for PFL102",
                  json.dumps(acts)[:400])
            if sup:
                text = apply_edits(text, sup[0]["edit"]["changes"][main_uri], "utf-16")
                check("        fetch(u)  # perflint: disable=PFL102\n" in text, "the suppression comment ends the line",
                      text)
                diags = change_doc(c, main_uri, text, 5)
                check(diags == [], "after the suppression no diagnostics remain", codes(diags))

        # -- the local-list rewrite, and a list used otherwise --
        lists_uri = uri_of(ws, "app/lists.py")
        diags = open_doc(c, ws, "app/lists.py", LOCAL_LIST, "python")
        check(codes(diags) == ["PFL301"], "a local list used for membership: PFL301", codes(diags))
        if diags:
            acts = code_actions(c, lists_uri, diags[0]) or []
            pref = [a for a in acts if a.get("isPreferred")]
            check(len(pref) == 1, "codeAction: the local list becomes a set", json.dumps(acts)[:400])
            if pref:
                t = apply_edits(LOCAL_LIST, pref[0]["edit"]["changes"][lists_uri], "utf-16")
                check("    allowed = {1, 2, 3}\n" in t and "if r in allowed:" in t, "the assignment is rewritten", t)
                diags = change_doc(c, lists_uri, t, 2)
                check(diags == [], "after the rewrite PFL301 is gone", codes(diags))
        diags = change_doc(c, lists_uri, LOCAL_LIST_USED, 3)
        check(codes(diags) == ["PFL301"], "the list used otherwise: PFL301", codes(diags))
        if diags:
            acts = code_actions(c, lists_uri, diags[0]) or []
            check(not any(a.get("isPreferred") for a in acts) and len(acts) == 1,
                  "no rewrite when the list is used for more than membership", json.dumps(acts)[:400])
        n = c.mark(lists_uri)
        c.notify("textDocument/didSave", {"textDocument": {"uri": lists_uri}})
        p = c.diagnostics(lists_uri, n, 3)
        check(codes(p["diagnostics"]) == ["PFL301"], "didSave: analysed again", codes(p["diagnostics"]))

        # -- suppressions on lines with comments --
        com_uri = uri_of(ws, "app/commented.py")
        diags = open_doc(c, ws, "app/commented.py", COMMENTED, "python")
        check(codes(diags) == ["PFL102", "PFL102"], "two PFL102 on commented lines", codes(diags))
        text = COMMENTED
        for version, diag in enumerate(sorted(diags, key=lambda x: -x["range"]["start"]["line"]), start=2):
            acts = code_actions(c, com_uri, diag) or []
            if check(len(acts) == 1, f"codeAction on line {diag['range']['start']['line'] + 1}", json.dumps(acts)[:300]):
                text = apply_edits(text, acts[0]["edit"]["changes"][com_uri], "utf-16")
        check("fetch(u)  # perflint: disable=PFL201,PFL102 -- reviewed\n" in text,
              "an existing disable list gets the rule added", text)
        check("fetch(u)  # noqa: E501  # perflint: disable=PFL102\n" in text,
              "after another comment the directive is appended", text)
        diags = change_doc(c, com_uri, text, 9)
        check(diags == [], "both suppressions work", codes(diags))

        # -- a document that exists only in the editor --
        diags = open_doc(c, ws, "app/unsaved.py", NEW_MODULE, "python")
        check(codes(diags) == ["PFL101"], "an unsaved new file is analysed from its buffer", codes(diags))
        open_doc(c, ws, "app/newhelp.py", NEW_HELPER, "python")
        diags = open_doc(c, ws, "app/uses_new.py", USES_NEW_HELPER, "python")
        rel = diags[0].get("relatedInformation", []) if diags else []
        check(codes(diags) == ["PFL102"] and rel and rel[0]["location"]["uri"] == uri_of(ws, "app/newhelp.py"),
              "a helper module that exists only in the editor resolves", json.dumps(diags)[:300])

        # -- an open helper's unsaved text stands for its file --
        helpers_uri = uri_of(ws, "app/helpers.py")
        main_text = MAIN_NO_101
        diags = change_doc(c, main_uri, main_text, 10)
        check(codes(diags) == ["PFL102"], "main.py again with its PFL102", codes(diags))
        n = c.mark(main_uri)
        open_doc(c, ws, "app/helpers.py", HELPERS_NO_IO, "python")
        p = c.diagnostics(main_uri, n, 10)
        check(p["diagnostics"] == [], "the helper's unsaved buffer is used: PFL102 goes", codes(p["diagnostics"]))
        n = c.mark(main_uri)
        change_doc(c, helpers_uri, HELPERS, 2)
        p = c.diagnostics(main_uri, n, 10)
        check(codes(p["diagnostics"]) == ["PFL102"], "the helper's edit brings it back", codes(p["diagnostics"]))

        # -- C, and the configuration --
        buf_uri = uri_of(ws, "native/buf.c")
        diags = open_doc(c, ws, "native/buf.c", C_BUF, "c")
        check(diags == [], ".perflint.yml ignores PFL201", codes(diags))
        write(os.path.join(ws, ".perflint.yml"), "ignore: [PFL3]\n")
        n = c.mark(buf_uri)
        c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri_of(ws, ".perflint.yml"), "type": 2}]})
        p = c.diagnostics(buf_uri, n)
        diags = p["diagnostics"]
        check(codes(diags) == ["PFL201"], "didChangeWatchedFiles: the new configuration applies", codes(diags))
        c_text = C_BUF
        if diags:
            f = diags[0]
            check(f["range"] == rng(5, 2, 5, 23) and f["severity"] == 2,
                  "C: strcat in a loop, its range and severity (medium: 2)", json.dumps(f))
            acts = code_actions(c, buf_uri, f) or []
            check(len(acts) == 1 and acts[0]["edit"]["changes"][buf_uri][0]["newText"] == "  // perflint: disable=PFL201",
                  "C: the suppression is a // comment", json.dumps(acts)[:300])
            if acts:
                c_text = apply_edits(C_BUF, acts[0]["edit"]["changes"][buf_uri], "utf-16")
                diags = change_doc(c, buf_uri, c_text, 2)
                check(diags == [], "C: the suppression works", codes(diags))
        block_uri = uri_of(ws, "native/block.c")
        diags = open_doc(c, ws, "native/block.c", C_BLOCK, "c")
        check(codes(diags) == ["PFL201"], "C: the line ending in a block comment", codes(diags))
        if diags:
            acts = code_actions(c, block_uri, diags[0]) or []
            if check(len(acts) == 1, "C: one action"):
                t = apply_edits(C_BLOCK, acts[0]["edit"]["changes"][block_uri], "utf-16")
                check("strcat(out, parts[i]); /* perflint: disable=PFL201 */ /* appends" in t,
                      "C: a block comment before the open one", t)
                diags = change_doc(c, block_uri, t, 2)
                check(diags == [], "C: that suppression works", codes(diags))

        # A broken configuration: reported, the last good one kept.
        nlog = len(c.logs)
        write(os.path.join(ws, ".perflint.yml"), "ignore: [PFL201\nselect: {{{\n")
        n = c.mark(lists_uri)
        c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri_of(ws, ".perflint.yml"), "type": 2}]})
        log = c.log_after(nlog, lambda p: p.get("type") == 1)
        check(".perflint.yml" in log.get("message", ""), "a broken .perflint.yml is shown (window/logMessage, error)",
              json.dumps(log))
        p = c.diagnostics(lists_uri, n)
        check(p["diagnostics"] == [], "the last good configuration stays (PFL3 still ignored)",
              codes(p["diagnostics"]))
        write(os.path.join(ws, ".perflint.yml"), "ignore: [PFL201]\n")
        n = c.mark(main_uri)
        c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri_of(ws, ".perflint.yml"), "type": 2}]})
        c.diagnostics(main_uri, n)  # analysed again: nothing of it is pending

        # -- didClose clears --
        n = c.mark(main_uri)
        c.notify("textDocument/didClose", {"textDocument": {"uri": main_uri}})
        p = c.diagnostics(main_uri, n)
        check(p["diagnostics"] == [], "didClose publishes an empty list")

        protocol_errors(c, ws)

        r = c.call("shutdown")
        check("result" in r and r["result"] is None, "shutdown answers null", json.dumps(r))
        r = c.call("textDocument/codeAction", {})
        check(r.get("error", {}).get("code") == -32600, "a request after shutdown is refused", json.dumps(r))
        c.notify("exit", None)
        code = c.wait_exit()
        check(code == 0, "exit after shutdown: exit code 0", str(code))
    finally:
        c.close()
    check_stderr(os.path.join(logdir, "utf16.stderr"), "utf-16 session")


def protocol_errors(c, ws):
    """Malformed input gets the right errors and the session goes on."""
    c.write(c.frame(b'{"jsonrpc": "2.0", "id": 77, "method": '))
    r = c.response(None)
    check(r.get("error", {}).get("code") == -32700 and r.get("id") is None, "malformed JSON: -32700 with id null",
          json.dumps(r))
    c.write(c.frame(b"[1, 2]"))
    r = c.response(None)
    check(r.get("error", {}).get("code") == -32600, "not an object: -32600", json.dumps(r))
    rid = c.next_id = c.next_id + 1
    c.send({"jsonrpc": "2.0", "id": rid})
    r = c.response(rid)
    check(r.get("error", {}).get("code") == -32600, "no method: -32600 with its id", json.dumps(r))
    r = c.call("textDocument/definitelyNotAMethod", {})
    check(r.get("error", {}).get("code") == -32601, "unknown method: -32601", json.dumps(r))
    r = c.call("textDocument/codeAction", {"textDocument": {}})
    check(r.get("error", {}).get("code") == -32602, "bad params: -32602", json.dumps(r))
    r = c.call("textDocument/codeAction", "a string")
    check(r.get("error", {}).get("code") == -32602, "params that are not an object: -32602", json.dumps(r))

    # Unknown notifications and $/cancelRequest are accepted silently; requests answered in order.
    c.notify("$/cancelRequest", {"id": 1})
    c.notify("custom/whatever", {})
    burst = b""
    ids = []
    for method, params in [("textDocument/codeAction", {"textDocument": {"uri": uri_of(ws, "app/lists.py")},
                                                         "range": rng(0, 0, 0, 0), "context": {"diagnostics": []}}),
                           ("nope/one", {}), ("textDocument/codeAction", {}), ("nope/two", None)]:
        m = c.request(method, params, send=False)
        ids.append(json.dumps(m["id"]))
        burst += c.frame(json.dumps(m))
    with c.lock:
        start = len(c.response_order)
    c.write(burst)
    for i in ids:
        c.response(json.loads(i))
    with c.lock:
        order = c.response_order[start:start + len(ids)]
    check(order == ids, "requests are answered in order", f"{order} vs {ids}")

    # Framing: header names in any case, other headers, a bad header skipped.
    m = c.request("nope/case", {}, send=False)
    body = json.dumps(m).encode()
    c.write(b"content-LENGTH: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" % len(body) + body)
    r = c.response(m["id"])
    check(r.get("error", {}).get("code") == -32601, "headers are case-insensitive; Content-Type is accepted")
    m = c.request("nope/after-garbage", {}, send=False)
    c.write(b"Content-Length: banana\r\n\r\n{}" + c.frame(json.dumps(m)))
    r = c.response(m["id"])
    check(r.get("error", {}).get("code") == -32601, "a bad header is skipped and the next message read")
    check(c.proc.poll() is None, "the server is still running")


def session_encoding(perflint, ws, logdir, offered, expect, col, name):
    """Negotiation: the client offers encodings; the columns follow."""
    c = Client(perflint, ws, os.path.join(logdir, f"{name}.stderr"))
    try:
        r = initialize(c, ws, offered)
        got = r.get("result", {}).get("capabilities", {}).get("positionEncoding")
        check(got == expect, f"initialize: {expect} when the client offers {offered}", str(got))
        diags = open_doc(c, ws, "app/main.py", MAIN, "python")
        d = by_code(diags)
        check("PFL101" in d and d["PFL101"][0]["range"]["start"] == {"line": 6, "character": col},
              f"PFL101's column in {expect}", json.dumps(d.get("PFL101", [{}])[0].get("range")))
        # No shutdown: exit code 1.
        c.notify("exit", None)
        code = c.wait_exit()
        check(code == 1, f"exit without shutdown: exit code 1 ({name})", str(code))
    finally:
        c.close()
    check_stderr(os.path.join(logdir, f"{name}.stderr"), f"{name} session")


def session_lifecycle(perflint, ws, logdir):
    """Before initialize, dynamic registration of watchers, end of input."""
    c = Client(perflint, ws, os.path.join(logdir, "lifecycle.stderr"))
    try:
        r = c.call("textDocument/codeAction", {})
        check(r.get("error", {}).get("code") == -32002, "a request before initialize: -32002", json.dumps(r))
        initialize(c, ws, dynamic=True)
        reg = c._wait(lambda: c.requests[0] if c.requests else None, "client/registerCapability")
        watchers = reg.get("params", {}).get("registrations", [{}])[0].get("registerOptions", {}).get("watchers", [])
        check(reg.get("method") == "client/registerCapability" and
              any(w.get("globPattern") == "**/.perflint.yml" for w in watchers),
              "initialized: the server asks to watch .perflint.yml", json.dumps(reg))
        c.send({"jsonrpc": "2.0", "id": reg["id"], "result": None})
        r = c.call("initialize", {"capabilities": {}})
        check(r.get("error", {}).get("code") == -32600, "a second initialize is refused", json.dumps(r))
        c.proc.stdin.close()
        code = c.wait_exit()
        check(code == 1, "end of input without shutdown: exit code 1", str(code))
    finally:
        c.close()
    check_stderr(os.path.join(logdir, "lifecycle.stderr"), "lifecycle session")


def session_robustness(perflint, ws, logdir):
    """Wrong types, odd positions, incremental edits, an oversized message: answers, never a crash."""
    c = Client(perflint, ws, os.path.join(logdir, "robustness.stderr"))
    try:
        initialize(c, ws)
        uri = uri_of(ws, "app/main.py")
        diags = open_doc(c, ws, "app/main.py", MAIN, "python")
        check(codes(diags) == ["PFL101", "PFL102"], "robustness: the document is analysed", codes(diags))
        bad = [None, [], {}, {"textDocument": 5}, {"textDocument": {"uri": 5}},
               {"textDocument": {"uri": uri, "text": 5, "version": "x"}},
               {"textDocument": {"uri": uri, "version": -3}, "contentChanges": [{"range": {"start": {"line": -1}}, "text": "x"}]},
               {"textDocument": {"uri": uri}, "contentChanges": [{"range": rng(2**31, 5, 0, 0), "text": ""}, 7, {}]},
               {"textDocument": {"uri": "untitled:Untitled-1", "languageId": "python", "version": 1, "text": "x = 1"}},
               {"changes": [{"uri": 3}, {"uri": "http://example.com/.perflint.yml"}]},
               {"textDocument": {"uri": uri}, "range": rng(0, 0, 0, 0),
                "context": {"diagnostics": [5, {}, {"source": "perflint", "code": "PFL101", "range": rng(99, 99, 0, 0)},
                                            {"source": "perflint", "code": "PFL999", "range": rng(0, 0, 0, 1)},
                                            {"source": "perflint", "code": "PFL101", "range": rng(6, 17, 6, 18)}],
                            "only": ["refactor"]}},
               {"textDocument": {"uri": uri}, "range": rng(0, 0, 0, 0),
                "context": {"diagnostics": [{"source": "perflint", "code": "PFL301", "range": rng(6, 17, 6, 2**31)},
                                            {"source": "perflint", "code": 301, "range": rng(0, 0, 0, 0)}]}}]
        methods = ["textDocument/didOpen", "textDocument/didChange", "textDocument/didSave", "textDocument/didClose",
                   "workspace/didChangeWatchedFiles", "textDocument/codeAction"]
        alive = True
        for m in methods:
            for params in bad:
                msg = {"jsonrpc": "2.0", "method": m}
                if params is not None:
                    msg["params"] = params
                if m == "textDocument/codeAction":
                    c.next_id += 1
                    msg["id"] = c.next_id
                    c.send(msg)
                    r = c.response(msg["id"])
                    alive = alive and ("result" in r or r.get("error", {}).get("code") == -32602)
                else:
                    c.send(msg)
        r = c.call("nope/ping", {})
        check(alive and r.get("error", {}).get("code") == -32601, "robustness: bad params of every method, answered")

        # An incremental change (ranges, in UTF-16): the request disappears.
        text = MAIN
        diags = open_doc(c, ws, "app/main.py", text, "python", version=20)
        line = text.splitlines()[6]
        start = len(line[:line.index("requests.get")].encode("utf-16-le")) // 2
        n = c.mark(uri)
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 21}, "contentChanges": [
            {"range": rng(6, start, 6, start + len("requests.get(u)")), "text": "pass"},
            {"range": rng(6, start, 6, start + 4), "text": "u.strip()"}]})
        p = c.diagnostics(uri, n, 21)
        check(codes(p["diagnostics"]) == ["PFL102"], "incremental changes are applied in order", codes(p["diagnostics"]))

        # An oversized message is dropped with an error; the next one is read.
        big = 64 * 1024 * 1024 + 1
        c.write(b"Content-Length: %d\r\n\r\n" % big)
        chunk = b" " * (1 << 20)
        left = big
        while left:
            k = min(left, len(chunk))
            c.write(chunk[:k])
            left -= k
        r = c.response(None)
        check(r.get("error", {}).get("code") == -32600, "a message above 64 MiB: an error, id null", json.dumps(r))
        r = c.call("nope/after-big", {})
        check(r.get("error", {}).get("code") == -32601, "the message after it is read")
        c.call("shutdown")
        c.notify("exit", None)
        check(c.wait_exit() == 0, "robustness: clean exit")
    finally:
        c.close()
    check_stderr(os.path.join(logdir, "robustness.stderr"), "robustness session")


def session_limits(perflint, ws, logdir):
    """A limit of the configuration that hides findings is shown, not silent."""
    write(os.path.join(ws, ".perflint.yml"), "max-findings-per-file: 1\n")
    c = Client(perflint, ws, os.path.join(logdir, "limits.stderr"))
    try:
        initialize(c, ws)
        diags = open_doc(c, ws, "app/main.py", MAIN, "python")
        check(codes(diags) == ["PFL101", "too-many-findings"], "max-findings-per-file: one finding and a notice",
              codes(diags))
        notice = [d for d in diags if d.get("code") == "too-many-findings"]
        check(notice and notice[0]["range"] == rng(0, 0, 0, 0) and notice[0]["severity"] == 2,
              "the notice is a warning at the start of the file", json.dumps(notice))
        c.call("shutdown")
        c.notify("exit", None)
        check(c.wait_exit() == 0, "limits: clean exit")
    finally:
        c.close()
    check_stderr(os.path.join(logdir, "limits.stderr"), "limits session")


def check_stderr(path, what):
    with open(path, "rb") as f:
        err = f.read().decode("utf-8", "replace")
    bad = [l for l in err.splitlines() if "AddressSanitizer" in l or "runtime error" in l or "LeakSanitizer" in l
           or "BUG" in l]
    check(not bad, f"{what}: no sanitizer reports or BUGs on stderr", "\n".join(bad[:10]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--perflint", default=os.environ.get("PERFLINT"))
    ap.add_argument("--keep", action="store_true", help="keep the workspace and logs")
    ap.add_argument("-k", dest="only", help="run only the sessions whose name contains this")
    args = ap.parse_args()
    if not args.perflint:
        print("harness.py: set PERFLINT or pass --perflint", file=sys.stderr)
        return 2
    perflint = os.path.abspath(args.perflint)
    sessions = [
        ("main", lambda ws, logs: session_main(perflint, ws, logs)),
        ("utf8", lambda ws, logs: session_encoding(perflint, ws, logs, ["utf-8", "utf-16"], "utf-8", 22, "utf8")),
        ("utf32", lambda ws, logs: session_encoding(perflint, ws, logs, ["utf-32"], "utf-32", 18, "utf32")),
        ("unknown", lambda ws, logs: session_encoding(perflint, ws, logs, ["latin-1"], "utf-16", 19, "unknown")),
        ("lifecycle", lambda ws, logs: session_lifecycle(perflint, ws, logs)),
        ("robustness", lambda ws, logs: session_robustness(perflint, ws, logs)),
        ("limits", lambda ws, logs: session_limits(perflint, ws, logs)),
    ]
    for name, run in sessions:
        if args.only and args.only not in name:
            continue
        ws = make_workspace()
        logs = tempfile.mkdtemp(prefix="pfl-lsp-logs-")
        try:
            run(ws, logs)
        except Hang as e:
            check(False, f"session {name}", str(e))
            for f in os.listdir(logs):
                with open(os.path.join(logs, f), "rb") as fh:
                    sys.stdout.write(fh.read().decode("utf-8", "replace")[-3000:])
        finally:
            if args.keep:
                print(f"# kept {ws} and {logs}")
            else:
                shutil.rmtree(ws, ignore_errors=True)
                shutil.rmtree(logs, ignore_errors=True)
    print(f"{'FAILED' if FAILED else 'PASSED'}: {len(FAILED)} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
