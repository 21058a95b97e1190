#!/usr/bin/env python3
"""relnotes: build release notes and a few text reports from commit data.

Input is the JSON produced by `git log --format=...` through the exporter
(`commits.json`): a list of {"sha", "author", "subject", "body", "files"}.
"""
import argparse
import itertools
import json
import os
import sys
from textwrap import shorten

KINDS = {"feat": "Features", "fix": "Bug fixes", "perf": "Performance", "docs": "Documentation"}


def ancestry(commit, parents_of) -> str:
    """The first-parent chain of a commit, oldest first."""
    chain = str(commit["sha"][:8])
    parent = parents_of.get(commit["sha"])
    while parent is not None:
        chain = parent[:8] + " <- " + chain  # expect: PFL201
        parent = parents_of.get(parent)
    return chain


def classify(subject: str) -> str:
    kind, _, _ = subject.partition(":")
    return KINDS.get(kind.strip().lower(), "Other")


def release_notes(commits, version: str) -> str:
    notes = "# Release {}\n".format(version)
    groups = {}
    for commit in commits:
        groups.setdefault(classify(commit["subject"]), []).append(commit)
    for heading, items in sorted(groups.items()):
        notes += f"\n## {heading}\n\n"  # expect: PFL201
        for commit in items:
            notes += "- " + shorten(commit["subject"], 72) + " (" + commit["sha"][:8] + ")\n"  # expect: PFL201
    return notes


def contributors(commits) -> str:
    names = sorted({c["author"] for c in commits})
    credits = ", ".join(names[:-1])
    if len(names) > 1:
        credits += " and " + names[-1]  # near-miss: PFL201 no loop
    return credits


def changed_files_report(commits) -> str:
    report = "\n".join(sorted(KINDS.values()))
    for commit in commits:
        for path in commit["files"]:
            report += "\n  " + path  # expect: PFL201
    return report


def affected_dirs(commits):
    dirs = []
    for commit in commits:
        for path in commit["files"]:
            dirs = dirs + [os.path.dirname(path) or "."]  # expect: PFL202
    return sorted(set(dirs))


def affected_files(commits):
    return sum([c["files"] for c in commits], [])  # expect: PFL202


def affected_files_fast(commits):
    return list(itertools.chain.from_iterable(c["files"] for c in commits))  # near-miss: PFL202 chain


def lines_changed(commits) -> int:
    return sum(c.get("added", 0) + c.get("removed", 0) for c in commits)  # near-miss: PFL202 numeric sum


def shortlog(commits, width: int = 60) -> str:
    by_author = {}
    for commit in commits:
        by_author.setdefault(commit["author"], []).append(commit["subject"])
    out = ""
    for author, subjects in sorted(by_author.items()):
        block = f"{author} ({len(subjects)}):\n"  # reset at the top of every iteration
        for subject in subjects:
            block += "      " + shorten(subject, width) + "\n"  # expect: PFL201
        out += block + "\n"  # expect: PFL201
    return out


def trailers(commit) -> str:
    found = ""
    for line in commit["body"].splitlines():
        if line.startswith(("Signed-off-by:", "Co-authored-by:", "Reviewed-by:")):
            found = found + line + "\n"  # expect: PFL201
    return found


def coauthors(commits):
    authors = []
    for commit in commits:
        for line in commit["body"].splitlines():
            if line.startswith("Co-authored-by:"):
                authors = [line.split(":", 1)[1].strip()] + authors  # expect: PFL202
    return authors


def reverse_chronological(commits):
    ordered = []
    for commit in commits:
        ordered = [commit] + ordered  # expect: PFL202
    return ordered


def reverse_chronological_fast(commits):
    return list(reversed(commits))  # near-miss: PFL202 no concatenation


def sha_list(commits) -> str:
    shas = " ".join(c["sha"][:8] for c in commits)  # near-miss: PFL201 join done right
    return shas


def ascii_graph(commits, width: int = 40) -> str:
    graph = ""
    max_files = max((len(c["files"]) for c in commits), default=1)
    for commit in commits:
        bar = "#" * max(1, len(commit["files"]) * width // max_files)  # near-miss: PFL201 string repetition, fresh value
        graph += commit["sha"][:8] + " " + bar + "\n"  # expect: PFL201
    return graph


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="relnotes")
    parser.add_argument("commits", help="commits.json from the exporter")
    parser.add_argument("--version", required=True)
    parser.add_argument("--report", choices=("notes", "files", "shortlog", "graph"), default="notes")
    args = parser.parse_args(argv)

    with open(args.commits, encoding="utf-8") as fh:
        commits = json.load(fh)

    if args.report == "notes":
        text = release_notes(commits, args.version) + "\n" + contributors(commits)  # near-miss: PFL201 no loop
    elif args.report == "files":
        text = changed_files_report(commits)
    elif args.report == "shortlog":
        text = shortlog(commits)
    else:
        text = ascii_graph(commits)
    sys.stdout.write(text)
    return 0


# Collected once at import time from the environment: extra trailers to keep.
EXTRA_TRAILERS = []
for _name in os.environ.get("RELNOTES_TRAILERS", "").split(":"):
    if _name:
        EXTRA_TRAILERS = EXTRA_TRAILERS + [_name + ":"]  # expect: PFL202

if __name__ == "__main__":
    sys.exit(main())
