#!/usr/bin/python3
"""Write source files whose bytes stress GitHub's primaryLocationLineHash.

Usage: make_special_files.py DIR

Writes, under DIR, Python and C files with findings on lines that the
upload action's hash treats specially: CRLF and CR-only line endings, tab
indentation, blank and whitespace-only lines, runs of identical lines (the
":n" counter), non-ASCII text (hashed as UTF-16 code units, astral
characters as surrogate pairs), lines longer than the 100-character window,
files without a final newline, a byte order mark, and a file name that
needs percent-encoding. The files are written byte for byte here rather
than committed, so no checkout setting (core.autocrlf) can change them.

Prints on stdout a JSON list of the findings perflint must report, one
object per finding: {"path", "line", "column", "rule", "why"}, with path
relative to DIR and column in UTF-16 code units (SARIF's columnKind).
"""

import json
import os
import sys

BOM = "\ufeff"


def utf16_len(s):
    """Length of s in UTF-16 code units."""
    return len(s.encode("utf-16-le")) // 2


class Source:
    """A file built line by line, with the findings expected on its lines."""

    def __init__(self, path, eol="\n", final_eol=True, bom=False):
        self.path = path
        self.eol = eol
        self.final_eol = final_eol
        self.bom = bom
        self.lines = []
        self.expect = []

    def add(self, text, rule=None, at=None, why=""):
        """Append one line; rule is the finding expected on it, at the text
        its span starts with (the first non-blank character by default)."""
        self.lines.append(text)
        if rule:
            col = text.index(at) if at else len(text) - len(text.lstrip(" \t"))
            self.expect.append({"path": self.path, "line": len(self.lines),
                                "column": utf16_len(text[:col]) + 1, "rule": rule,
                                "why": why})

    def text(self):
        body = self.eol.join(self.lines) + (self.eol if self.final_eol else "")
        return (BOM if self.bom else "") + body

    def write(self, root):
        full = os.path.join(root, self.path)
        os.makedirs(os.path.dirname(full) or ".", exist_ok=True)
        with open(full, "wb") as f:
            f.write(self.text().encode("utf-8"))


def crlf():
    s = Source("crlf.py", eol="\r\n")
    s.add("import requests")
    s.add("")
    s.add("")
    s.add("def fetch_all(users):")
    s.add("    pages = []")
    s.add("")
    s.add("    for u in users:")
    s.add("")
    s.add("        pages.append(requests.get(u))", "PFL101", "requests.get",
          "CRLF, after a blank line")
    s.add("")
    s.add("    return pages")
    s.add("")
    s.add("")
    s.add("def render(rows):")
    s.add("    out = \"\"")
    s.add("    for r in rows:")
    s.add("        out += r", "PFL201", why="CRLF")
    s.add("    return out")
    return s


def tabs():
    s = Source("tabs.py")
    s.add("import requests")
    s.add("")
    s.add("")
    s.add("def fetch(users):")
    s.add("\tfor u in users:")
    s.add("\t\trequests.get(u)", "PFL101", why="tab indentation")
    s.add("")
    s.add("")
    s.add("def render(rows):")
    s.add("\tout = \"\"")
    s.add("\tfor r in rows:")
    s.add("\t\tout += \"\\t\" + r\t# a tab before the comment", "PFL201",
          why="tabs inside the line")
    s.add("\treturn out")
    return s


def blank_lines():
    s = Source("blank_lines.py")
    s.add("import requests")
    s.add("")
    s.add("")
    s.add("def fetch(users):")
    s.add("    for u in users:")
    s.add("")
    s.add("    ")
    s.add("\t")
    s.add("")
    s.add("        requests.get(u)", "PFL101", why="after empty and whitespace-only lines")
    s.add("")
    s.add("")
    s.add("")
    s.add("")
    s.add("        requests.post(u)", "PFL101",
          why="the window runs into the end of the file through blank lines")
    for _ in range(6):
        s.add("")
    return s


def repeated():
    s = Source("repeated.py")
    s.add("import requests")
    for name in ("ping", "ping_again"):
        s.add("")
        s.add("")
        s.add(f"def {name}(hosts):")
        s.add("    for h in hosts:")
        for _ in range(12):
            s.add("        requests.get(h)", "PFL101",
                  why="identical lines: the same hash, counted :1, :2...")
    return s


def unicode():
    s = Source("unicode.py")
    s.add("# Überprüfung: 中文注释, and an emoji 😀 in a comment")
    s.add("import requests")
    s.add("")
    s.add("")
    s.add("def fetch(naïve_users):")
    s.add("    for ü in naïve_users:")
    s.add("        requests.get(f\"https://exämple.org/{ü}/😀\")", "PFL101",
          why="non-ASCII after the span start")
    s.add("        ré = \"😀😀\"; requests.post(ü)", "PFL101", "requests.post",
          why="astral characters before the span: UTF-16 columns")
    s.add("        # 𝄞𝄞𝄞 surrogate pairs in the window of the lines above")
    return s


def long_line():
    s = Source("long_line.py")
    tail = "/".join(["segment"] * 16)
    s.add("import requests")
    s.add("")
    s.add("")
    s.add("def fetch(users):")
    s.add("    for u in users:")
    s.add(f"        requests.get(\"https://example.org/{tail}/\" + u + \"?a=1\")",
          "PFL101", why="longer than the 100-character window")
    s.add(f"        requests.get(\"https://example.org/{tail}/\" + u + \"?b=2\")",
          "PFL101", why="same first 100 characters as the line above: same hash, :2")
    s.add("        requests.get(u)", "PFL101", why="after two long lines")
    return s


def no_newline():
    s = Source("no_newline.py", final_eol=False)
    s.add("import requests")
    s.add("")
    s.add("")
    s.add("def fetch(users):")
    s.add("    for u in users:")
    s.add("        requests.get(u)", "PFL101", why="last line, no final newline")
    return s


def crlf_no_newline():
    s = Source("crlf_no_newline.py", eol="\r\n", final_eol=False)
    s.add("def render(rows):")
    s.add("    out = \"\"")
    s.add("    for r in rows:")
    s.add("        out += r", "PFL201", why="CRLF, last line, no final newline")
    return s


def cr_only():
    s = Source("cr_only.py", eol="\r")
    s.add("import requests")
    s.add("")
    s.add("def fetch(users):")
    s.add("    for u in users:")
    s.add("        requests.get(u)", "PFL101", why="CR-only line endings")
    s.add("        requests.get(u)", "PFL101", why="CR-only, file ends with a CR")
    return s


def bom():
    s = Source("bom.py", eol="\r\n", bom=True)
    s.add("import requests")
    s.add("")
    s.add("def fetch(users):")
    s.add("    for u in users:")
    s.add("        requests.get(u)", "PFL101", why="byte order mark (hashed as U+FEFF) and CRLF")
    return s


def odd_name():
    s = Source("special dir/naïve 100% #1.py")
    s.add("def render(rows):")
    s.add("    out = \"\"")
    s.add("    for r in rows:")
    s.add("        out += r", "PFL201", why="a path that needs percent-encoding")
    return s


def c_crlf_tabs():
    s = Source("c/crlf_tabs.c", eol="\r\n")
    s.add("#include <string.h>")
    s.add("")
    s.add("char *join(char *out, char **names, int n)")
    s.add("{")
    s.add("\tfor (int i = 0; i < n; i++)")
    s.add("\t\tstrcat(out, names[i]);", "PFL201", why="C, CRLF and tabs")
    s.add("\treturn out;")
    s.add("}")
    s.add("")
    s.add("size_t count_spaces(const char *s)\t/* \u00e9t\u00e9 */")
    s.add("{")
    s.add("\tsize_t n = 0;")
    s.add("\tfor (size_t i = 0; i < strlen(s); i++)", "PFL501", "strlen",
          why="C, CRLF and tabs")
    s.add("\t\tn += s[i] == ' ';")
    s.add("\treturn n;")
    s.add("}")
    return s


SOURCES = (crlf, tabs, blank_lines, repeated, unicode, long_line, no_newline,
           crlf_no_newline, cr_only, bom, odd_name, c_crlf_tabs)


def main(argv):
    if len(argv) != 1:
        print("usage: make_special_files.py DIR", file=sys.stderr)
        return 2
    root = argv[0]
    expect = []
    for make in SOURCES:
        src = make()
        src.write(root)
        expect.extend(src.expect)
    json.dump(expect, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
