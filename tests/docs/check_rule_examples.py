#!/usr/bin/env python3
"""Check the rule pages (docs/rules/PFLnnn.md) and their examples.

Usage:
    python3 tests/docs/check_rule_examples.py --perflint build/perflint
        [--source-dir DIR] [--perflint-arg ARG]... [--cc CC] [--cflag FLAG]...
        [--jobs N] [RULE...]

For every rule that perflint lists (`perflint --list-rules`):

1. The page docs/rules/RULE.md exists and has the required sections, in this
   order (REQUIRED_SECTIONS below): What it finds, Why it is slow, Bad,
   Good, How to fix it, Severity, Known limits; for a rule that covers both
   Python and C, also an "## In C" section with its own What it finds, Why
   it is slow in C, Bad, Good, How to fix it in C and Known limits in C.
   Its table gives the rule's base score, the Severity section links the
   scoring page, and every relative link leads to an existing file (and
   heading, for `page.md#anchor`).

2. The examples. An example is a fenced code block preceded by a marker
   line, with only blank lines between them:

       <!-- example: bad -->
       ```python
       ...
       ```

   The marker is `bad` or `good`; the language is the fence's, `python` or
   `c`. The marker is an HTML comment, so a rendered page does not show it.
   Every fenced python or c block directly under a "Bad" or "Good" heading
   must be marked with that kind; marked examples may also appear elsewhere
   (they are then checked too). Each language of the rule (the `languages`
   of its rules/RULE.yml, as the binary reports them) needs at least one bad
   and one good example, and no example may be in another language.

   Each example is written alone to a fresh temporary directory (as
   example.py or example.c: a Python example is a complete module, a C
   example a complete translation unit) and checked:
     - a Python example must compile (`compile()`); a C example must
       compile without a warning: CC -std=gnu11 -fsyntax-only -Wall
       CFLAGS FILE (CFLAGS: the --cflag options, e.g. the -I flags of
       pkg-config --cflags glib-2.0 libpq);
     - `perflint --format json --no-config --jobs 1 PERFLINT_ARGS FILE`
       exits 0 or 1 and reports no diagnostic (a parse error, a missing
       header);
     - a bad example gives at least one finding, every finding is of the
       page's rule, and the lines that carry findings are exactly the lines
       marked with a trailing comment naming the rule (`# PFL101`,
       `/* PFL101 */` or `// PFL101`); each bad example marks at least one;
     - a good example gives no finding at all, and marks none.

3. The examples of rules/RULE.yml (`bad` and `good`, what `perflint
   --explain RULE` prints) are each identical to one of the page's
   examples of the same kind, and so are checked like them; `--explain`
   prints them.

Prints one `ok` or `FAIL` line per check, the reasons under each failure,
and ends with `N passed, N failed`. Exits 0 when nothing failed, 1 when
something did, 2 when perflint cannot be run at all.

Python 3 standard library only.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

# The sections every page must have, in order. A Python-only or C-only rule
# has the first list; a rule that covers both also the "In C" sub-sections,
# which describe the rule on C code (the top-level ones describe it on
# Python code).
REQUIRED_SECTIONS = [
    "## What it finds",
    "## Why it is slow",
    "## Bad",
    "## Good",
    "## How to fix it",
    "## Severity",
    "## Known limits",
]
REQUIRED_C_SECTIONS = [
    "## In C",
    "### What it finds",
    "### Why it is slow in C",
    "### Bad",
    "### Good",
    "### How to fix it in C",
    "### Known limits in C",
]

MARKER_RE = re.compile(r"^<!--\s*example:\s*(\S+)\s*-->\s*$")
FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([A-Za-z0-9_+-]*)\s*$")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
# A line's expected finding: a trailing comment that is just a rule id.
FINDING_MARK_RE = re.compile(r"(?:#|//|/\*)\s*(PFL\d{3})\s*(?:\*/)?\s*$")
KINDS = ("bad", "good")
LANGUAGES = ("python", "c")
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                   "runtime error:", "ThreadSanitizer")


class Example:
    """One marked code block of a page."""

    def __init__(self, path, line, kind, language, code, section):
        self.path = path          # the page, relative to the source dir
        self.line = line          # the line of the opening fence
        self.kind = kind          # "bad" or "good"
        self.language = language  # "python" or "c"
        self.code = code          # the block's text, ending with a newline
        self.section = section    # the title of the heading above it

    def where(self):
        return f"{self.path}:{self.line}"


class Page:
    def __init__(self, path):
        self.path = path
        self.headings = []   # (level, title, line)
        self.examples = []
        self.errors = []


def parse_page(path, text):
    """Headings and marked examples of a Markdown page, and format errors."""
    page = Page(path)
    lines = text.split("\n")
    pending = None  # (kind, marker line) waiting for its fence
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE_RE.match(line)
        if fence:
            indent, ticks, lang = fence.group(1), fence.group(2), fence.group(3)
            start = i
            body = []
            i += 1
            closed = False
            while i < len(lines):
                close = re.match(r"^\s*" + re.escape(ticks[0]) + "{" + str(len(ticks)) + r",}\s*$",
                                 lines[i])
                if close:
                    closed = True
                    break
                body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
                i += 1
            if not closed:
                page.errors.append(f"{path}:{start + 1}: unclosed code block")
            if pending:
                kind, mline = pending
                pending = None
                if indent:
                    page.errors.append(f"{path}:{mline}: the example's block must not be indented")
                elif lang not in LANGUAGES:
                    page.errors.append(f"{path}:{mline}: example block has language '{lang}'; "
                                       f"expected one of {', '.join(LANGUAGES)}")
                else:
                    page.examples.append(Example(path, start + 1, kind, lang,
                                                 "\n".join(body) + "\n", section))
            elif section in ("Bad", "Good") and lang in LANGUAGES and not indent:
                page.errors.append(f"{path}:{start + 1}: a {lang} block under '{section}' "
                                   f"without a '<!-- example: {section.lower()} -->' marker")
            i += 1
            continue
        marker = MARKER_RE.match(line)
        if marker:
            if pending:
                page.errors.append(f"{path}:{pending[1]}: example marker not followed by a code block")
            kind = marker.group(1)
            if kind not in KINDS:
                page.errors.append(f"{path}:{i + 1}: unknown example kind '{kind}' (bad or good)")
                pending = None
            else:
                pending = (kind, i + 1)
        elif line.strip():
            if pending:
                page.errors.append(f"{path}:{pending[1]}: example marker not followed by a code block")
                pending = None
            heading = HEADING_RE.match(line)
            if heading:
                page.headings.append((len(heading.group(1)), heading.group(2), i + 1))
                section = heading.group(2)
        i += 1
    if pending:
        page.errors.append(f"{path}:{pending[1]}: example marker not followed by a code block")
    return page


def check_sections(page, languages, base_score, text):
    """Errors for missing or misplaced required sections."""
    errors = []
    required = list(REQUIRED_SECTIONS)
    if set(languages) == {"python", "c"}:
        # "## In C" and its sub-sections go after "## How to fix it".
        at = required.index("## Severity")
        required[at:at] = REQUIRED_C_SECTIONS
    seen = [("#" * level + " " + title, line) for level, title, line in page.headings]
    pos = 0
    for want in required:
        found = next((k for k in range(pos, len(seen)) if seen[k][0] == want), None)
        if found is None:
            where = "anywhere" if not any(s == want for s, _ in seen) else "in the expected order"
            errors.append(f"{page.path}: missing section '{want}' ({where}); "
                          f"required, in order: {' / '.join(required)}")
        else:
            pos = found + 1
    if base_score is not None and not re.search(
            r"^\|\s*base score\s*\|\s*" + str(base_score) + r"\b", text, re.M):
        errors.append(f"{page.path}: the table does not give the base score {base_score}")
    severity = section_text(text, "## Severity")
    if severity is not None and "../scoring.md" not in severity:
        errors.append(f"{page.path}: the Severity section does not link ../scoring.md")
    return errors


def section_text(text, heading):
    """The text of a '## ' section, up to the next '## ' heading."""
    m = re.search(r"^" + re.escape(heading) + r"\s*$", text, re.M)
    if not m:
        return None
    rest = text[m.end():]
    n = re.search(r"^## ", rest, re.M)
    return rest[:n.start()] if n else rest


def heading_anchors(text):
    """The GitHub anchors of a Markdown text's headings (outside code blocks)."""
    anchors, fence = set(), None
    for line in text.split("\n"):
        f = FENCE_RE.match(line)
        if f:
            fence = None if fence else f.group(2)[0]
            continue
        m = HEADING_RE.match(line) if not fence else None
        if m:
            slug = re.sub(r"[^\w\- ]", "", m.group(2).strip().lower()).replace(" ", "-")
            anchors.add(slug)
    return anchors


def check_links(src, rel, text):
    """Errors for relative links to missing files or headings."""
    errors = []
    prose = re.sub(r"(?ms)^\s*(```|~~~).*?^\s*\1\s*$", "", text)
    for m in re.finditer(r"\]\(([^)\s]+)\)", prose):
        target = m.group(1)
        if re.match(r"^[a-z]+:", target):
            continue
        name, _, anchor = target.partition("#")
        path = os.path.normpath(os.path.join(os.path.dirname(rel), name)) if name else rel
        full = os.path.join(src, path)
        if not os.path.exists(full):
            errors.append(f"{rel}: link to a missing file: {target}")
            continue
        if anchor and path.endswith(".md"):
            with open(full, encoding="utf-8") as f:
                if anchor not in heading_anchors(f.read()):
                    errors.append(f"{rel}: link to a missing heading: {target}")
    return errors


def parse_yml_blocks(text):
    """The plain scalars and literal blocks (`key: |`) of a rule's YAML."""
    scalars, blocks = {}, {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^([a-z_]+):\s*(.*?)\s*$", lines[i])
        if not m:
            i += 1
            continue
        key, value = m.group(1), m.group(2)
        if value in ("|", "|-", "|+"):
            body = []
            i += 1
            indent = None
            while i < len(lines):
                line = lines[i]
                if line.strip() == "":
                    body.append("")
                    i += 1
                    continue
                cur = len(line) - len(line.lstrip(" "))
                if indent is None:
                    indent = cur
                if cur < indent or indent == 0:
                    break
                body.append(line[indent:])
                i += 1
            while body and body[-1] == "":
                body.pop()
            blocks[key] = "\n".join(body) + "\n"
            continue
        scalars[key] = value
        i += 1
    return scalars, blocks


def finding_marks(code):
    """{line: rule} of the lines marked with a trailing `# PFLnnn` comment."""
    marks = {}
    for n, line in enumerate(code.split("\n"), 1):
        m = FINDING_MARK_RE.search(line)
        if m:
            marks[n] = m.group(1)
    return marks


class Checker:
    def __init__(self, args):
        self.perflint = os.path.abspath(args.perflint)
        self.perflint_args = args.perflint_arg or []
        self.cc = args.cc
        self.cflags = args.cflag or []
        self.results = []

    def run_perflint(self, argv, cwd=None):
        return subprocess.run([self.perflint] + argv, cwd=cwd, capture_output=True,
                              text=True, errors="replace", timeout=300)

    def check_example(self, ex, rule):
        """Reasons why the example fails (empty: it passes), and a summary."""
        ext = ".py" if ex.language == "python" else ".c"
        problems = []
        with tempfile.TemporaryDirectory(prefix="perflint-doc-") as tmp:
            path = os.path.join(tmp, "example" + ext)
            with open(path, "w", encoding="utf-8") as f:
                f.write(ex.code)
            if ex.language == "python":
                try:
                    compile(ex.code, ex.where(), "exec")
                except SyntaxError as e:
                    problems.append(f"not a valid Python module: {e}")
            else:
                cc = subprocess.run([self.cc, "-std=gnu11", "-fsyntax-only", "-Wall"] +
                                    self.cflags + [path], capture_output=True, text=True,
                                    errors="replace")
                out = (cc.stdout + cc.stderr).strip()
                if cc.returncode != 0 or out:
                    problems.append("does not compile cleanly as a translation unit "
                                    f"({self.cc} -std=gnu11 -fsyntax-only -Wall):\n" +
                                    indent_text(out.replace(path, "example.c")))
            proc = self.run_perflint(["--format", "json", "--no-config", "--jobs", "1",
                                      "--color", "never"] + self.perflint_args +
                                     ["example" + ext], cwd=tmp)
        if any(mark in proc.stderr for mark in SANITIZER_MARKS):
            problems.append("perflint reported a sanitizer error:\n" + indent_text(proc.stderr))
        if proc.returncode not in (0, 1):
            problems.append(f"perflint exited with {proc.returncode}:\n" + indent_text(proc.stderr))
            return problems, ""
        try:
            report = json.loads(proc.stdout)
        except ValueError as e:
            problems.append(f"perflint's JSON report does not parse: {e}")
            return problems, ""
        for d in report.get("diagnostics", []):
            problems.append(f"diagnostic: {d.get('level')}: line {d.get('line')}: "
                            f"{d.get('message')} [{d.get('code')}]")
        findings = report.get("findings", [])
        got = sorted((f["line"], f["rule"]) for f in findings)
        shown = ", ".join(f"{r} at line {n}" for n, r in got) or "no finding"
        marks = finding_marks(ex.code)
        if ex.kind == "good":
            if marks:
                problems.append("a good example marks lines as findings: " +
                                ", ".join(f"line {n}" for n in sorted(marks)))
            for f in findings:
                problems.append(f"unexpected finding: line {f['line']}: {f['rule']}: {f['message']}")
        else:
            if not findings:
                problems.append(f"no finding; expected {rule}")
            for f in findings:
                if f["rule"] != rule:
                    problems.append(f"finding of another rule: line {f['line']}: "
                                    f"{f['rule']}: {f['message']}")
            if not marks:
                problems.append(f"no line is marked with a trailing '{comment_for(ex.language, rule)}' "
                                "comment where the finding is expected")
            for n, r in sorted(marks.items()):
                if r != rule:
                    problems.append(f"line {n} is marked {r}, not the page's rule {rule}")
            lines_found = {f["line"] for f in findings if f["rule"] == rule}
            for n in sorted(set(marks) - lines_found):
                problems.append(f"line {n} is marked {marks[n]} but has no finding")
            for n in sorted(lines_found - set(marks)):
                problems.append(f"{rule} finding on line {n}, which is not marked")
        return problems, shown

    def record(self, ok, what, problems=()):
        self.results.append(ok)
        print(f"{'ok' if ok else 'FAIL'} - {what}")
        for p in problems:
            print(indent_text(p))


def comment_for(language, rule):
    return f"# {rule}" if language == "python" else f"/* {rule} */"


def indent_text(text, prefix="    "):
    return "\n".join(prefix + line for line in text.rstrip("\n").split("\n"))


def explain_examples(text):
    """The Bad: and Good: blocks printed by --explain, de-indented."""
    out = {}
    for kind, start, end in (("bad", "\nBad:\n", "\nGood:\n"), ("good", "\nGood:\n", "\nSeverity:")):
        a = text.find(start)
        b = text.find(end, a + len(start)) if a >= 0 else -1
        if a < 0 or b < 0:
            continue
        block = text[a + len(start):b].split("\n")
        lines = [line[4:] if line.startswith("    ") else line.strip() for line in block]
        while lines and lines[-1] == "":
            lines.pop()
        out[kind] = "\n".join(lines) + "\n"
    return out


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--perflint", default=os.environ.get("PERFLINT"), required=False)
    ap.add_argument("--source-dir", default=os.path.normpath(os.path.join(here, "..", "..")))
    ap.add_argument("--perflint-arg", action="append",
                    help="an extra argument for perflint (C include flags)")
    ap.add_argument("--cc", default=os.environ.get("CC", "gcc"))
    ap.add_argument("--cflag", action="append", help="a flag for the C compile check")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("rules", nargs="*", help="check only these rules")
    args = ap.parse_args(argv)
    if not args.perflint:
        ap.error("--perflint is required (or set PERFLINT)")
    checker = Checker(args)
    src = args.source_dir

    try:
        listed = checker.run_perflint(["--list-rules"])
    except OSError as e:
        print(f"check_rule_examples: cannot run perflint: {e}", file=sys.stderr)
        return 2
    if listed.returncode != 0:
        print(f"check_rule_examples: perflint --list-rules exited with {listed.returncode}",
              file=sys.stderr)
        return 2
    rules = re.findall(r"^(PFL\d{3})\s", listed.stdout, re.M)
    if not rules:
        print("check_rule_examples: perflint --list-rules listed no rule", file=sys.stderr)
        return 2
    if args.rules:
        unknown = sorted(set(args.rules) - set(rules))
        if unknown:
            ap.error(f"unknown rule(s): {', '.join(unknown)}")
        rules = [r for r in rules if r in args.rules]

    # Every page is a rule's, and every rule has a page.
    if not args.rules:
        pages = sorted(f[:-3] for f in os.listdir(os.path.join(src, "docs", "rules"))
                       if re.fullmatch(r"PFL\d{3}\.md", f))
        orphans = sorted(set(pages) - set(rules))
        checker.record(not orphans, "every page in docs/rules/ is a rule's",
                       [f"docs/rules/{p}.md: no such rule in perflint --list-rules" for p in orphans])

    jobs = []  # (rule, example, label)
    for rule in rules:
        rel = f"docs/rules/{rule}.md"
        yml_rel = f"rules/{rule}.yml"
        try:
            with open(os.path.join(src, rel), encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            checker.record(False, f"{rel}: the page exists", [str(e)])
            continue
        try:
            with open(os.path.join(src, yml_rel), encoding="utf-8") as f:
                scalars, blocks = parse_yml_blocks(f.read())
        except OSError as e:
            checker.record(False, f"{yml_rel}: the metadata exists", [str(e)])
            continue
        languages = [l.strip() for l in scalars.get("languages", "").split(",") if l.strip()]
        base = int(scalars["base_score"]) if scalars.get("base_score", "").isdigit() else None
        page = parse_page(rel, text)

        problems = list(page.errors)
        problems += [f"{yml_rel}: unknown language '{l}'" for l in languages if l not in LANGUAGES]
        problems += check_sections(page, languages, base, text)
        checker.record(not problems, f"{rel}: required sections and example markers", problems)
        problems = check_links(src, rel, text)
        checker.record(not problems, f"{rel}: relative links lead to files and headings", problems)

        # At least one bad and one good example per language, none in others.
        problems = []
        for lang in LANGUAGES:
            for kind in KINDS:
                n = sum(1 for e in page.examples if e.language == lang and e.kind == kind)
                if lang in languages and n == 0:
                    problems.append(f"no {kind} {lang} example (the rule covers {', '.join(languages)})")
                if lang not in languages and n:
                    problems.append(f"{n} {kind} {lang} example(s), but the rule covers only "
                                    f"{', '.join(languages)}")
        checker.record(not problems,
                       f"{rel}: a bad and a good example for each of {', '.join(languages)}",
                       problems)

        for ex in page.examples:
            jobs.append((rule, ex, f"{ex.where()}: {ex.kind} {ex.language} example"))

        # The metadata's examples are page examples, and --explain prints them.
        explained = checker.run_perflint(["--explain", rule])
        shown = explain_examples(explained.stdout) if explained.returncode == 0 else {}
        for kind in KINDS:
            problems = []
            code = blocks.get(kind)
            if code is None:
                problems.append(f"{yml_rel} has no '{kind}: |' block")
            else:
                same = [e for e in page.examples if e.kind == kind and e.code == code]
                if not same:
                    problems.append(f"{yml_rel}: '{kind}' is not identical to any {kind} example "
                                    f"of {rel}")
                else:
                    jobs.append((rule, Example(yml_rel, 0, kind, same[0].language, code, kind),
                                 f"{yml_rel}: {kind} example (as {same[0].where()})"))
                if shown.get(kind) != code:
                    problems.append(f"perflint --explain {rule} does not print {yml_rel}'s "
                                    f"'{kind}' (rebuild perflint?)")
            checker.record(not problems, f"{yml_rel}: '{kind}' is one of the page's {kind} examples "
                           "and --explain prints it", problems)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [(label, pool.submit(checker.check_example, ex, rule)) for rule, ex, label in jobs]
        for label, fut in futures:
            problems, shown = fut.result()
            checker.record(not problems, f"{label}: {shown}", problems)

    passed = sum(1 for r in checker.results if r)
    failed = len(checker.results) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
