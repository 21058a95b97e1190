#!/usr/bin/python3
"""Check a SARIF file against what GitHub code scanning requires of an upload.

Usage: check_github_sarif.py FILE.sarif --source-root DIR [options]

The SARIF 2.1.0 schema (tests/tools/validate_sarif.py) is necessary but not
enough: code scanning and its upload action (github/codeql-action/
upload-sarif) expect more. This script checks, besides the schema:

- exactly one run, version 2.1.0, with automationDetails.id (the category;
  the action's `category` input does not replace an id the file has);
- every rule has id (unique), shortDescription, fullDescription, help.text
  and help.markdown; no "security-severity" anywhere, no "security" tag
  (either would make these security alerts);
- at most 25,000 results;
- every result has a ruleId naming a rule, a ruleIndex pointing at that
  rule, a message text, and exactly one location whose artifactLocation is
  repository-relative: uriBaseId "%SRCROOT%", no scheme, no leading "/",
  no "." or ".." segment, percent-encoded, naming a file under DIR;
- every result's partialFingerprints.primaryLocationLineHash equals what
  the action computes for that line of that file: the value is recomputed
  by running `node tests/tools/fingerprint_ref.js` on the file;
- related locations are repository-relative too and have a message;
- originalUriBaseIds["%SRCROOT%"], when present, is DIR as a file:// URI;
- levels, ranks and the severity property agree (perflint's mapping:
  critical and high are error, medium warning, low note; rank = score).

DIR is the directory the upload action would resolve relative URIs
against: the repository root (the action's checkout_path).

Options:
  --category NAME      automationDetails.id must name this category
                       (the id is "NAME/" or "NAME/<run id>")
  --schema-sample N    validate the schema on at most N results, evenly
                       spread (the schema check is slow on 25,000 results;
                       every GitHub check above still covers all of them)
  --no-schema          skip the schema validation
  --node PATH          the node binary (default: node)

Prints each problem as "FILE: JSON-PATH: message" (the first 50, then a
count), then "N results checked, N problems"; exits 0 when there is no
problem, 1 when there is any, 2 on a usage error or when node or the schema
cannot be run. A script that has parsed the document already can import
this file and call check_document() (tests/cli/t5002-sarif-limit.sh does).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import urllib.parse
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
FINGERPRINT_REF = os.path.join(HERE, "fingerprint_ref.js")

MAX_RESULTS = 25000
SRCROOT = "%SRCROOT%"
LEVELS = {"none", "note", "warning", "error"}
SEVERITY_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
MAX_SHOWN = 50

# RFC 3986 path characters (pchar and "/"), with "%" only in "%XX".
URI_PATH = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


class Problems:
    """Collects problems; prints the first MAX_SHOWN."""

    def __init__(self, name):
        self.name = name
        self.count = 0
        self.notes = 0

    def note(self, where, message):
        """Something to know that is not a problem (the first MAX_SHOWN)."""
        self.notes += 1
        if self.notes <= MAX_SHOWN:
            print(f"{self.name}: {where}: note: {message}")

    def add(self, where, message):
        self.count += 1
        if self.count <= MAX_SHOWN:
            print(f"{self.name}: {where}: {message}")


def text_of(obj, key):
    """obj[key]["text"] when it is a non-empty string, else None."""
    v = obj.get(key) if isinstance(obj, dict) else None
    v = v.get("text") if isinstance(v, dict) else None
    return v if isinstance(v, str) and v.strip() else None


def walk_keys(obj, path="#"):
    """Yield (json path, key) for every object key in obj, at any depth."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield path, k
            yield from walk_keys(v, f"{path}/{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from walk_keys(v, f"{path}/{i}")


def check_relative_uri(art, where, root, problems):
    """An artifactLocation GitHub reads as a repository file; returns the
    absolute path of the file, or None after recording the problem."""
    if not isinstance(art, dict):
        problems.add(where, "no artifactLocation")
        return None
    uri = art.get("uri")
    if not isinstance(uri, str) or not uri:
        problems.add(where, "artifactLocation has no uri")
        return None
    if art.get("uriBaseId") != SRCROOT:
        problems.add(where, f"uriBaseId is {art.get('uriBaseId')!r}, not {SRCROOT!r} (uri {uri!r})")
    if SCHEME.match(uri):
        problems.add(where, f"uri {uri!r} has a scheme: GitHub wants a path relative to the repository")
        return None
    if uri.startswith("/"):
        problems.add(where, f"uri {uri!r} starts with '/': not relative to the repository")
        return None
    if not URI_PATH.match(uri):
        problems.add(where, f"uri {uri!r} is not percent-encoded (space, '%', '#', '?', "
                            "'\\' or non-ASCII written as is)")
        return None
    try:
        rel = urllib.parse.unquote(uri, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        problems.add(where, f"uri {uri!r} does not decode to UTF-8")
        return None
    segments = rel.split("/")
    if any(s in (".", "..") for s in segments) or "" in segments:
        problems.add(where, f"uri {uri!r} has an empty, '.' or '..' segment")
        return None
    full = os.path.join(root, rel)
    if not os.path.isfile(full):
        problems.add(where, f"uri {uri!r} names no file under the source root ({full})")
        return None
    return full


def node_hashes(node, files):
    """{path: {line: hash}} from fingerprint_ref.js, for the given files."""
    out = {}
    batch = []

    def run(paths):
        try:
            proc = subprocess.run([node, FINGERPRINT_REF, *paths], capture_output=True,
                                  text=True, check=False)
        except OSError as e:
            raise RuntimeError(f"cannot run '{node}': {e}") from e
        if proc.returncode != 0:
            raise RuntimeError(f"fingerprint_ref.js failed ({proc.returncode}): {proc.stderr.strip()}")
        current = paths[0] if len(paths) == 1 else None
        if current is not None:
            out[current] = {}
        k = 0
        for line in proc.stdout.splitlines():
            if len(paths) > 1 and line.startswith("# "):
                current = paths[k]
                k += 1
                out[current] = {}
                continue
            num, _, value = line.partition(" ")
            out[current][int(num)] = value

    for path in sorted(files):
        if "\n" in path:
            run([path])
            continue
        batch.append(path)
        if len(batch) == 200:
            run(batch)
            batch = []
    if batch:
        run(batch)
    return out


def schema_errors(doc, name, sample):
    """Schema problems of doc (results sampled when sample is set)."""
    sys.path.insert(0, HERE)
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import validate_sarif  # pylint: disable=import-outside-toplevel
        validator = validate_sarif.load_validator(validate_sarif.SCHEMA)
    if sample is not None:
        runs = []
        for run in doc.get("runs") or []:
            results = run.get("results") if isinstance(run, dict) else None
            if isinstance(results, list) and len(results) > sample:
                step = len(results) / sample
                picked = [results[int(i * step)] for i in range(sample - 1)] + [results[-1]]
                run = dict(run, results=picked)
            runs.append(run)
        doc = dict(doc, runs=runs)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{name}: {validate_sarif.json_path(e)}: schema: {e.message}" for e in errors]


def check(doc, args, problems):
    """Every GitHub check over the parsed document; returns results checked."""
    root = os.path.realpath(args.source_root)
    if doc.get("version") != "2.1.0":
        problems.add("#/version", f"version is {doc.get('version')!r}, not '2.1.0'")
    for where, key in walk_keys(doc):
        if key == "security-severity":
            problems.add(where, "has 'security-severity': GitHub would show these as security alerts")
    runs = doc.get("runs")
    if not isinstance(runs, list) or len(runs) != 1:
        problems.add("#/runs", f"{len(runs) if isinstance(runs, list) else 'no'} runs: "
                               "one upload must hold exactly one run")
        if not isinstance(runs, list) or not runs:
            return 0
    run = runs[0]

    # The tool and its rules.
    driver = (run.get("tool") or {}).get("driver") or {}
    if not isinstance(driver.get("name"), str) or not driver.get("name"):
        problems.add("#/runs/0/tool/driver", "no name")
    rules = driver.get("rules")
    if not isinstance(rules, list):
        problems.add("#/runs/0/tool/driver", "no rules array")
        rules = []
    ids = {}
    for i, rule in enumerate(rules):
        where = f"#/runs/0/tool/driver/rules/{i}"
        rid = rule.get("id") if isinstance(rule, dict) else None
        if not isinstance(rid, str) or not rid:
            problems.add(where, "no id")
            continue
        if rid in ids:
            problems.add(where, f"id {rid!r} also at index {ids[rid]}")
        ids.setdefault(rid, i)
        for key in ("shortDescription", "fullDescription"):
            if not text_of(rule, key):
                problems.add(where, f"rule {rid}: no {key}.text")
        help_ = rule.get("help") if isinstance(rule.get("help"), dict) else {}
        for key in ("text", "markdown"):
            v = help_.get(key)
            if not isinstance(v, str) or not v.strip():
                problems.add(where, f"rule {rid}: no help.{key}")
        tags = ((rule.get("properties") or {}).get("tags")) or []
        if any(isinstance(t, str) and t.lower() == "security" for t in tags):
            problems.add(where, f"rule {rid}: tagged 'security'")

    # The category.
    auto = run.get("automationDetails")
    aid = auto.get("id") if isinstance(auto, dict) else None
    if not isinstance(aid, str) or not aid:
        problems.add("#/runs/0/automationDetails", "no id: the category would come from the workflow")
    elif args.category is not None:
        category = aid.rpartition("/")[0] if "/" in aid else ""
        if category != args.category.rstrip("/"):
            problems.add("#/runs/0/automationDetails/id",
                         f"{aid!r} names category {category!r}, not {args.category!r}")

    # %SRCROOT%.
    bases = run.get("originalUriBaseIds")
    if isinstance(bases, dict) and SRCROOT in bases:
        base = (bases[SRCROOT] or {}).get("uri", "")
        want = root.rstrip("/") + "/"
        got = urllib.parse.unquote(base[len("file://"):]) if base.startswith("file://") else None
        if got != want:
            problems.add(f"#/runs/0/originalUriBaseIds/{SRCROOT}",
                         f"uri {base!r} is not the source root {want!r}")

    # The results.
    results = run.get("results")
    if not isinstance(results, list):
        problems.add("#/runs/0", "no results array")
        return 0
    if len(results) > MAX_RESULTS:
        problems.add("#/runs/0/results", f"{len(results)} results: GitHub accepts at most {MAX_RESULTS}")
    wanted = []  # (where, file, line, hash)
    seen = {}
    for i, res in enumerate(results):
        where = f"#/runs/0/results/{i}"
        if not isinstance(res, dict):
            problems.add(where, "not an object")
            continue
        rid = res.get("ruleId")
        if rid not in ids:
            problems.add(where, f"ruleId {rid!r} names no rule in tool.driver.rules")
        idx = res.get("ruleIndex")
        if not isinstance(idx, int) or isinstance(idx, bool):
            problems.add(where, f"no ruleIndex (ruleId {rid!r})")
        elif not 0 <= idx < len(rules) or (rules[idx] or {}).get("id") != rid:
            got = rules[idx].get("id") if 0 <= idx < len(rules) else "nothing"
            problems.add(where, f"ruleIndex {idx} points at {got!r}, not {rid!r}")
        if not text_of(res, "message"):
            problems.add(where, "no message.text")
        level = res.get("level", "warning")
        if level not in LEVELS:
            problems.add(where, f"level {level!r}")
        props = res.get("properties") if isinstance(res.get("properties"), dict) else {}
        sev = props.get("severity")
        if sev in SEVERITY_LEVEL and level != SEVERITY_LEVEL[sev]:
            problems.add(where, f"level {level!r} for a {sev} finding, not {SEVERITY_LEVEL[sev]!r}")
        if "score" in props and res.get("rank") != props["score"]:
            problems.add(where, f"rank {res.get('rank')!r} is not the score {props['score']!r}")

        locs = res.get("locations")
        if not isinstance(locs, list) or len(locs) != 1:
            problems.add(where, f"{len(locs) if isinstance(locs, list) else 'no'} locations, not exactly one")
            continue
        phys = locs[0].get("physicalLocation") if isinstance(locs[0], dict) else None
        if not isinstance(phys, dict):
            problems.add(where, "location without a physicalLocation")
            continue
        full = check_relative_uri(phys.get("artifactLocation"), f"{where}/locations/0", root, problems)
        region = phys.get("region") if isinstance(phys.get("region"), dict) else {}
        line = region.get("startLine")
        if not isinstance(line, int) or line < 1:
            problems.add(where, f"startLine {line!r}")
            line = None
        fp = (res.get("partialFingerprints") or {}).get("primaryLocationLineHash")
        if not isinstance(fp, str) or not fp:
            problems.add(where, "no partialFingerprints.primaryLocationLineHash")
        elif full and line:
            wanted.append((where, full, line, fp))
            key = (rid, phys["artifactLocation"].get("uri"), fp)
            if key in seen:
                problems.note(where, f"same rule, file and line hash as {seen[key]}: "
                                     "GitHub may show them as one alert")
            seen.setdefault(key, where)

        related = res.get("relatedLocations") or []
        rel_ids = set()
        for j, rel in enumerate(related):
            rwhere = f"{where}/relatedLocations/{j}"
            rphys = rel.get("physicalLocation") if isinstance(rel, dict) else None
            if not isinstance(rphys, dict):
                problems.add(rwhere, "no physicalLocation")
                continue
            check_relative_uri(rphys.get("artifactLocation"), rwhere, root, problems)
            if not text_of(rel, "message"):
                problems.add(rwhere, "no message.text")
            if rel.get("id") in rel_ids:
                problems.add(rwhere, f"id {rel.get('id')!r} used twice")
            rel_ids.add(rel.get("id"))

    # The line hashes, recomputed by the reference port of the action's hash.
    hashes = node_hashes(args.node, {full for _, full, _, _ in wanted})
    for where, full, line, fp in wanted:
        want = hashes.get(full, {}).get(line)
        if want is None:
            problems.add(where, f"line {line} is past the end of {full}")
        elif want != fp:
            problems.add(where, f"primaryLocationLineHash {fp!r}, but the upload action computes "
                                f"{want!r} for {os.path.relpath(full, root)} line {line}")
    return len(results)


def check_document(doc, name, source_root, category=None, schema=True, schema_sample=None,
                   node="node"):
    """Run every check on a parsed document and print the problems and the
    summary line; returns the exit status (0, 1, or 2 when node or the
    schema cannot be run). For scripts that have the document already."""
    problems = Problems(name)
    if not isinstance(doc, dict):
        problems.add("#", "not a JSON object")
        print("0 results checked, 1 problems")
        return 1
    if schema:
        try:
            errors = schema_errors(doc, name, schema_sample)
        except Exception as e:  # pylint: disable=broad-except
            print(f"check_github_sarif: cannot validate the schema: {e}", file=sys.stderr)
            return 2
        for line in errors:
            problems.count += 1
            if problems.count <= MAX_SHOWN:
                print(line)
    opts = argparse.Namespace(source_root=source_root, category=category, node=node)
    try:
        n = check(doc, opts, problems)
    except RuntimeError as e:
        print(f"check_github_sarif: {e}", file=sys.stderr)
        return 2
    if problems.count > MAX_SHOWN:
        print(f"{name}: ... and {problems.count - MAX_SHOWN} more problems")
    print(f"{n} results checked, {problems.count} problems")
    return 1 if problems.count else 0


def main(argv):
    ap = argparse.ArgumentParser(
        prog="check_github_sarif.py",
        description="Check a SARIF file against GitHub code scanning's requirements.")
    ap.add_argument("sarif")
    ap.add_argument("--source-root", required=True,
                    help="the repository root relative URIs are resolved against")
    ap.add_argument("--category")
    ap.add_argument("--schema-sample", type=int)
    ap.add_argument("--no-schema", action="store_true")
    ap.add_argument("--node", default="node")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.source_root):
        print(f"check_github_sarif: source root '{args.source_root}' is not a directory",
              file=sys.stderr)
        return 2
    if args.schema_sample is not None and args.schema_sample < 2:
        print("check_github_sarif: --schema-sample wants at least 2", file=sys.stderr)
        return 2
    try:
        with open(args.sarif, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{args.sarif}: cannot read: {e}")
        print("0 results checked, 1 problems")
        return 1
    return check_document(doc, args.sarif, args.source_root, category=args.category,
                          schema=not args.no_schema, schema_sample=args.schema_sample,
                          node=args.node)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
