#!/usr/bin/env python3
"""fake_lsp_server.py - a stand-in language server for nvim-setup.sh.

Speaks just enough LSP over stdio to test how editors/nvim's
require('perflint') starts servers and attaches buffers, independently of
perflint's own server: it answers initialize (full text sync), publishes
one diagnostic (code FAKE1, line 0) for every opened or changed document,
whose message names the server's process id, its working directory and
the root URI it was started with, answers shutdown, and exits 0 on exit (1 if exit comes
without shutdown, as the protocol says).
"""
import json
import os
import sys

stdin = sys.stdin.buffer
stdout = sys.stdout.buffer


def read_message():
    """One JSON-RPC message from stdin, or None at end of input."""
    length = None
    while True:
        line = stdin.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    if length is None:
        return None
    return json.loads(stdin.read(length))


def send(message):
    body = json.dumps(message).encode("utf-8")
    stdout.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    stdout.flush()


def publish(uri, root):
    send({
        "jsonrpc": "2.0",
        "method": "textDocument/publishDiagnostics",
        "params": {
            "uri": uri,
            "diagnostics": [{
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
                "severity": 2,
                "code": "FAKE1",
                "source": "fake",
                "message": "pid=%d cwd=%s root=%s" % (os.getpid(), os.getcwd(), root),
            }],
        },
    })


def main():
    root = None
    shut_down = False
    while True:
        msg = read_message()
        if msg is None:
            return 1
        method = msg.get("method")
        if method == "initialize":
            root = msg["params"].get("rootUri")
            send({"jsonrpc": "2.0", "id": msg["id"],
                  "result": {"capabilities": {"textDocumentSync": 1}, "serverInfo": {"name": "fake"}}})
        elif method in ("textDocument/didOpen", "textDocument/didChange"):
            publish(msg["params"]["textDocument"]["uri"], root)
        elif method == "shutdown":
            shut_down = True
            send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
        elif method == "exit":
            return 0 if shut_down else 1
        elif "id" in msg and method is not None:
            send({"jsonrpc": "2.0", "id": msg["id"],
                  "error": {"code": -32601, "message": "method not found: %s" % method}})


if __name__ == "__main__":
    sys.exit(main())
