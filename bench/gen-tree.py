#!/usr/bin/env python3
"""gen-tree.py - a synthetic Python tree for bench/run.sh's large-tree runs.

Usage: python3 bench/gen-tree.py DIR [--files N] [--big-mb M]

Writes DIR/tree/pNN/sN/ packages of 100 files each (__init__.py and
m01.py..m99.py) until N files (default 100,000; a multiple of 100) exist,
and DIR/big/big.py, one module of about M MB (default 8) made of the same
functions. Every module is about 1.2 KB of ordinary code (classes, loops,
comprehensions, calls into the module before it through a relative import);
modules whose number is 1, 26, 51 or 76 also hold one anti-pattern each:

  m01 str += in a loop            PFL201
  m26 a helper of the module before it, which runs a query, called in a
      loop (a cross-file N+1)      PFL102
  m51 time.sleep in an async def PFL401
  m76 a list used to de-duplicate PFL302

so that the expected number of findings is known: 4 per 100 files, plus
those of big.py (4 in every 99 blocks of functions). Prints the counts as
"files=N bytes=B expected_findings=F big_bytes=B2 big_expected=F2".
Deterministic: the same arguments write the same bytes.
"""
import os
import sys

HEAD = '''"""Synthetic module {name} of perflint's large-tree benchmark."""
import sqlite3
import time

from . import {prev} as prev

LIMIT_{n} = {n}


'''

PLAIN = '''def load_{n}(conn, key):
    cur = conn.cursor()
    cur.execute("select v from t where k = ?", (key,))
    return cur.fetchone()


def scale_{n}(values, factor={n}):
    result = []
    for v in values:
        if v > LIMIT_{n}:
            result.append(v * factor)
        else:
            result.append(v)
    return result


class Record{n}:
    """A record with a few fields."""

    def __init__(self, key, value):
        self.key = key
        self.value = value
        self.tags = {{"a", "b", "c"}}

    def matches(self, wanted):
        return any(t in self.tags for t in wanted)

    def describe(self):
        parts = [str(self.key), str(self.value)]
        return ", ".join(parts)


def index_{n}(records):
    by_key = {{}}
    for r in records:
        by_key.setdefault(r.key, []).append(r)
    return {{k: len(v) for k, v in by_key.items()}}


'''

BAD = {
    1: '''def render_{n}(items):
    out = ""
    for it in items:
        out += str(it)
    return out


''',
    26: '''def load_all_{n}(path, keys):
    conn = sqlite3.connect(path)
    return [prev.load_{p}(conn, k) for k in keys]


''',
    51: '''async def handler_{n}(x):
    time.sleep(0.1)
    return x


''',
    76: '''def dedup_{n}(xs):
    seen = []
    for x in xs:
        if x not in seen:
            seen.append(x)
    return seen


''',
}


def module(i, prev_index):
    """The text of module number i (1..99) of its package, and its findings."""
    text = HEAD.format(name=f"m{i:02d}", prev=f"m{prev_index:02d}" if prev_index else "m99", n=i)
    text += PLAIN.format(n=i)
    found = 0
    if i in BAD:
        text += BAD[i].format(n=i, p=prev_index if prev_index else 99)
        found = 1
    return text, found


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__)
    out = args[0]
    nfiles, big_mb = 100_000, 8
    i = 1
    while i < len(args):
        if args[i] == "--files":
            nfiles = int(args[i + 1])
            i += 2
        elif args[i] == "--big-mb":
            big_mb = int(args[i + 1])
            i += 2
        else:
            sys.exit(f"gen-tree: unknown argument {args[i]!r}")
    if nfiles <= 0 or nfiles % 100:
        sys.exit("gen-tree: --files must be a positive multiple of 100")

    # The 99 modules of a package are the same text in every package.
    mods = [module(k, k - 1) for k in range(1, 100)]
    pkg_bytes = sum(len(t.encode()) for t, _ in mods)
    pkg_found = sum(f for _, f in mods)
    init = '"""A package of the synthetic tree."""\n'

    written = 0
    nbytes = 0
    found = 0
    for p in range(nfiles // 1000 + (1 if nfiles % 1000 else 0)):
        for s in range(10):
            if written >= nfiles:
                break
            d = os.path.join(out, "tree", f"p{p:02d}", f"s{s}")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "__init__.py"), "w", encoding="utf-8") as f:
                f.write(init)
            for k, (text, _) in enumerate(mods, start=1):
                with open(os.path.join(d, f"m{k:02d}.py"), "w", encoding="utf-8") as f:
                    f.write(text)
            written += 100
            nbytes += pkg_bytes + len(init)
            found += pkg_found

    # One big module: the functions of many modules, renamed apart.
    d = os.path.join(out, "big")
    os.makedirs(d, exist_ok=True)
    parts = ['"""One large synthetic module."""\nimport sqlite3\nimport time\n\n']
    size = len(parts[0])
    big_found = 0
    k = 0
    while size < big_mb * 1_000_000:
        i = k % 99 + 1
        n = k + 1
        chunk = f"LIMIT_{n} = {i}\n\n\n" + PLAIN.format(n=n)
        if i in BAD:
            # the N+1 calls load_ of the block before, in the same module
            chunk += BAD[i].format(n=n, p=n - 1 if n > 1 else n).replace("prev.load_", "load_")
            big_found += 1
        parts.append(chunk)
        size += len(chunk)
        k += 1
    with open(os.path.join(d, "big.py"), "w", encoding="utf-8") as f:
        f.write("".join(parts))
    print(f"files={written} bytes={nbytes} expected_findings={found} big_bytes={size} big_expected={big_found}")


if __name__ == "__main__":
    main()
