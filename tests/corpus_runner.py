#!/usr/bin/env python3
"""Run perflint over the annotated corpus and compare with the annotations.

Usage:
    python3 tests/corpus_runner.py --perflint build/perflint [--jobs N]
                                   [--perflint-arg ARG]... [--family-report]
                                   CORPUS_DIR

Every corpus file (.py, .pyi, .c, .h) carries, on each line where a finding
must be reported, a trailing comment `# expect: PFL201` (`// expect: ...` or
`/* expect: ... */` in C; several ids separated by commas). Every other line
is a negative. perflint runs once over CORPUS_DIR with `--format json`; each
expected (file, line, rule) is a test case, and each finding that was not
expected is a failed case. See corpus/README.md.

Prints `MISSING path:line PFLnnn` and `UNEXPECTED path:line PFLnnn: message`
for every difference, a precision/recall table per family, and ends with the
line `N passed, N failed`. Exits 0 when nothing failed, 1 when something did,
2 when perflint could not be run or its output could not be read.

Python 3 standard library only.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

# A line's expectation: `# expect: PFL201`, `// expect: PFL201, PFL202`...
EXPECT_RE = re.compile(r"(#|//|/\*)\s*expect:\s*(PFL\d{3}(\s*,\s*PFL\d{3})*)")
# A documented near miss: `# near-miss: PFL201 why` (counted, not checked).
NEAR_MISS_RE = re.compile(r"(#|//|/\*)\s*near-miss:\s*(PFL\d{3})")
RULE_ID_RE = re.compile(r"PFL\d{3}")

CORPUS_SUFFIXES = (".py", ".pyi", ".c", ".h")
# Directories perflint never walks into (DESIGN.md, issue 2): the runner
# skips them too, so that expectations in them are not reported missing.
SKIP_DIRS = {"__pycache__", "node_modules", "venv"}

# The family of a rule from its hundreds digit, when neither perflint's
# output nor rules/*.yml says it (DESIGN.md: "What it finds").
FAMILY_BY_HUNDREDS = {
    "1": "n-plus-one",
    "2": "quadratic-concat",
    "3": "list-membership",
    "4": "blocking-async",
    "5": "repeated-scan",
}

SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                   "runtime error:", "ThreadSanitizer")


class RunnerError(Exception):
    """perflint could not be run, or what it printed is unusable."""


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Compare perflint's findings with the corpus annotations.")
    p.add_argument("--perflint", default=os.environ.get("PERFLINT"),
                   help="the perflint binary (default: $PERFLINT)")
    p.add_argument("--jobs", type=int, default=None,
                   help="passed to perflint as --jobs N")
    p.add_argument("--family-report", action="store_true",
                   help="also print precision/recall per rule and per file, "
                        "grouped by family tag")
    p.add_argument("--timeout", type=float, default=600.0,
                   help="seconds before perflint is considered hung (default 600)")
    p.add_argument("--perflint-arg", action="append", default=[], metavar="ARG",
                   help="pass ARG to perflint (repeatable): -I/usr/include/postgresql, -pDIR")
    p.add_argument("corpus", help="the corpus directory (or a single file)")
    args = p.parse_args(argv)
    if not args.perflint:
        p.error("--perflint is required (or set PERFLINT)")
    if args.jobs is not None and args.jobs < 1:
        p.error("--jobs must be at least 1")
    return args


def norm(path, base):
    """The absolute, symlink-free form of path, relative paths taken from base."""
    if not os.path.isabs(path):
        path = os.path.join(base, path)
    return os.path.realpath(path)


def display(path):
    """A path for messages: relative to the current directory when shorter."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return rel if not rel.startswith(".." + os.sep + "..") else path


def discover(root):
    """Every corpus file under root (or root itself), as absolute paths."""
    if os.path.isfile(root):
        return [norm(root, os.getcwd())]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".") and d not in SKIP_DIRS
            and not os.path.exists(os.path.join(dirpath, d, "pyvenv.cfg")))
        for name in sorted(filenames):
            if name.endswith(CORPUS_SUFFIXES):
                found.append(norm(os.path.join(dirpath, name), os.getcwd()))
    return found


def read_lines(path):
    """The file's lines as perflint numbers them: split on LF only."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="replace").split("\n")


def collect_expectations(files):
    """(expected, near_misses): Counters of (path, line, rule)."""
    expected = collections.Counter()
    near = collections.Counter()
    for path in files:
        for lineno, text in enumerate(read_lines(path), start=1):
            m = EXPECT_RE.search(text)
            if m:
                for rule in RULE_ID_RE.findall(m.group(2)):
                    expected[(path, lineno, rule)] += 1
            n = NEAR_MISS_RE.search(text)
            if n:
                near[(path, lineno, n.group(2))] += 1
    return expected, near


def families_from_yaml(rules_dir):
    """{rule id: family} from rules/PFLnnn.yml (just the two keys we need)."""
    out = {}
    if not os.path.isdir(rules_dir):
        return out
    for name in os.listdir(rules_dir):
        if not (name.startswith("PFL") and name.endswith((".yml", ".yaml"))):
            continue
        rule_id = family = None
        try:
            with open(os.path.join(rules_dir, name), encoding="utf-8") as fh:
                for line in fh:
                    m = re.match(r"(id|family):\s*['\"]?([\w-]+)", line)
                    if m and m.group(1) == "id":
                        rule_id = m.group(2)
                    elif m:
                        family = m.group(2)
        except OSError:
            continue
        if rule_id and family:
            out[rule_id] = family
    return out


def run_perflint(args):
    """Run perflint once; return its parsed JSON document."""
    base = [args.perflint, "--format", "json"]
    tail = []
    if args.jobs is not None:
        tail += ["--jobs", str(args.jobs)]
    tail += args.perflint_arg
    tail.append(args.corpus)
    # --no-color is the documented spelling; fall back to --color never for
    # a build that only knows the latter. JSON is never coloured anyway.
    attempts = [base + ["--no-color"] + tail, base + ["--color", "never"] + tail]
    last = None
    for cmd in attempts:
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=args.timeout)
        except FileNotFoundError:
            raise RunnerError("cannot run '%s': no such file" % args.perflint)
        except PermissionError:
            raise RunnerError("cannot run '%s': permission denied" % args.perflint)
        except subprocess.TimeoutExpired:
            raise RunnerError("perflint did not finish within %g s" % args.timeout)
        stderr = proc.stderr.decode("utf-8", errors="replace")
        last = (cmd, proc.returncode, stderr)
        for mark in SANITIZER_MARKS:
            if mark in stderr:
                raise RunnerError("perflint reported a sanitizer error:\n" + stderr)
        if proc.returncode < 0:
            raise RunnerError("perflint was killed by signal %d\n%s"
                              % (-proc.returncode, stderr))
        doc = None
        try:
            doc = json.loads(proc.stdout.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            doc = None
        if proc.returncode in (0, 1):
            if not isinstance(doc, dict):
                raise RunnerError("perflint exited %d but its output is not a JSON "
                                  "object\n%s" % (proc.returncode, stderr))
            return doc
        if proc.returncode == 2 and isinstance(doc, dict):
            sys.stderr.write("note: perflint exited 2 (some inputs had errors):\n"
                             + stderr)
            return doc
        if proc.returncode != 2:
            break  # only a usage error is worth retrying with the other spelling
    cmd, rc, stderr = last
    raise RunnerError("perflint failed (exit %d): %s\n%s"
                      % (rc, " ".join(cmd), stderr))


def read_findings(doc, cwd):
    """(findings Counter of (path, line, rule), messages, families)."""
    findings = doc.get("findings")
    if not isinstance(findings, list):
        raise RunnerError("perflint's JSON has no 'findings' list")
    root = doc.get("root") if isinstance(doc.get("root"), str) else None
    found = collections.Counter()
    messages = {}
    families = {}
    for f in findings:
        try:
            rule = f["rule"]
            path = f["path"]
            line = int(f["line"])
        except (KeyError, TypeError, ValueError):
            raise RunnerError("a finding lacks rule, path or line: %r" % (f,))
        abspath = norm(path, cwd)
        if not os.path.exists(abspath) and root and not os.path.isabs(path):
            abspath = norm(path, root)
        key = (abspath, line, rule)
        found[key] += 1
        messages.setdefault(key, str(f.get("message", "")).replace("\n", " "))
        if isinstance(f.get("family"), str):
            families[rule] = f["family"]
    for r in doc.get("rules") or []:
        if isinstance(r, dict) and isinstance(r.get("id"), str) \
                and isinstance(r.get("family"), str):
            families.setdefault(r["id"], r["family"])
    return found, messages, families


def ratio(num, den):
    return "%.3f" % (num / den) if den else "-"


def print_table(title, rows):
    """rows: (name, expected, found, tp, fp, fn)."""
    header = (title, "expected", "found", "tp", "fp", "fn", "precision", "recall")
    body = [(n, str(e), str(f), str(t), str(p), str(m), ratio(t, t + p), ratio(t, t + m))
            for n, e, f, t, p, m in rows]
    widths = [max(len(r[i]) for r in [header] + body) for i in range(len(header))]
    def fmt(r):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(r, widths)))
    print(fmt(header))
    print("  ".join("-" * w for w in widths))
    for r in body:
        print(fmt(r))


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    cwd = os.getcwd()
    if not os.path.exists(args.corpus):
        print("error: cannot read '%s': no such file or directory" % args.corpus,
              file=sys.stderr)
        return 2

    files = discover(args.corpus)
    expected, near = collect_expectations(files)
    try:
        doc = run_perflint(args)
        found, messages, families = read_findings(doc, cwd)
    except RunnerError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2

    for d in doc.get("diagnostics") or []:
        if isinstance(d, dict):
            print("NOTE %s:%s %s: %s" % (display(norm(str(d.get("path", "?")), cwd)),
                                         d.get("line", 0), d.get("code", "diagnostic"),
                                         d.get("message", "")))

    yaml_families = families_from_yaml(
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rules"))

    def family_of(rule):
        return (families.get(rule) or yaml_families.get(rule)
                or FAMILY_BY_HUNDREDS.get(rule[3:4], "unknown"))

    keys = sorted(set(expected) | set(found))
    tp = collections.Counter()
    missing = collections.Counter()
    unexpected = collections.Counter()
    for key in keys:
        t = min(expected[key], found[key])
        tp[key] = t
        missing[key] = expected[key] - t
        unexpected[key] = found[key] - t

    for key in keys:
        path, line, rule = key
        for _ in range(missing[key]):
            print("MISSING %s:%d %s" % (display(path), line, rule))
        for _ in range(unexpected[key]):
            print("UNEXPECTED %s:%d %s: %s" % (display(path), line, rule, messages.get(key, "")))

    # Per family (and per rule / per file for --family-report).
    def tally(group_of):
        acc = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
        for key in keys:
            g = group_of(key)
            if g is None:
                continue
            a = acc[g]
            a[0] += expected[key]
            a[1] += found[key]
            a[2] += tp[key]
            a[3] += unexpected[key]
            a[4] += missing[key]
        return [(g,) + tuple(v) for g, v in sorted(acc.items())]

    print()
    fam_rows = tally(lambda k: family_of(k[2]))
    if fam_rows:
        print_table("family", fam_rows)
    else:
        print("no expectations and no findings")

    if args.family_report:
        near_by_rule = collections.Counter()
        for (_, _, rule), n in near.items():
            near_by_rule[rule] += n
        for fam, *_ in fam_rows:
            print()
            print("== %s ==" % fam)
            in_fam = {k for k in keys if family_of(k[2]) == fam}
            rule_rows = tally(lambda k: k[2] if k in in_fam else None)
            rule_rows = [r for r in rule_rows if r[0] is not None]
            print_table("rule", rule_rows)
            rules_here = sorted({k[2] for k in in_fam} |
                                {r for r in near_by_rule if family_of(r) == fam})
            print()
            for rule in rules_here:
                pos = sum(n for (p, l, r), n in expected.items() if r == rule)
                print("%s: %d positive lines, %d documented near misses"
                      % (rule, pos, near_by_rule[rule]))
            print()
            file_rows = tally(lambda k: display(k[0]) if k in in_fam else None)
            file_rows = [r for r in file_rows if r[0] is not None]
            print_table("file", file_rows)

    passed = sum(tp.values())
    failed = sum(missing.values()) + sum(unexpected.values())
    print()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
