#!/usr/bin/env python3
"""report.py - bench/RESULTS.md from the figures bench/run.sh keeps.

Usage: python3 bench/report.py RESULTS_DIR OUTPUT.md [NOTES.md]

RESULTS_DIR holds machine.meta, and for each section that has run
(python, c, scale, large) SECTION.meta (when, how loaded, per round) and
SECTION.tsv (one row per run: label, corpus, jobs, files, bytes, the wall
seconds of every round, the peak RSS in KB of every round, findings, a
note). Medians are of the rounds; peak RSS is the highest of the rounds.
NOTES.md, when given and present, is appended: remarks written by hand.
"""
import os
import statistics
import sys

SECTIONS = ("python", "c", "scale", "large")
TITLES = {"python": "Python", "c": "C", "scale": "Scaling", "large": "Large trees"}


def read_meta(path):
    """key=value lines, in order; round= lines gathered in a list."""
    meta, rounds = {}, []
    if not os.path.exists(path):
        return meta, rounds
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or "=" not in line:
                continue
            if line.startswith("round="):
                rounds.append(dict(w.split("=", 1) for w in line.split(" ") if "=" in w))
                continue
            k, v = line.split("=", 1)
            meta[k] = v
    return meta, rounds


class Row:
    def __init__(self, section, fields):
        (self.label, self.corpus, jobs, files, nbytes, walls, rsss, self.findings, *rest) = fields + [""] * (9 - len(fields))
        self.section = section
        self.jobs = int(jobs)
        self.files = files
        self.bytes = int(nbytes)
        self.walls = [float(w) for w in walls.split(",") if w]
        self.rsss = [int(r) for r in rsss.split(",") if r]
        self.note = rest[0] if rest else ""
        self.cpus = []
        self.busy = []

    @property
    def cpu(self):
        return statistics.median(self.cpus) if self.cpus else None

    @property
    def ok(self):
        return bool(self.walls)

    @property
    def median(self):
        return statistics.median(self.walls) if self.walls else None

    @property
    def rss_mb(self):
        return max(self.rsss) / 1024 if self.rsss else None

    @property
    def mb(self):
        return self.bytes / 1e6


def read_rows(path, section):
    rows = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line:
                    rows.append(Row(section, line.split("\t")))
    # CPU seconds (user + system) of every round, from SECTION.raw:
    # round, run index, wall, user, system, peak RSS[, busy before the run].
    raw = path[: -len(".tsv")] + ".raw"
    if os.path.exists(raw):
        with open(raw, encoding="utf-8") as f:
            for line in f:
                w = line.split()
                if len(w) >= 6 and int(w[1]) < len(rows):
                    r = rows[int(w[1])]
                    r.cpus.append(float(w[3]) + float(w[4]))
                    if len(w) >= 7:
                        r.busy.append(int(w[6]))
    return rows


def find(rows, label_start, corpus_start=""):
    for r in rows:
        if r.label.startswith(label_start) and r.corpus.startswith(corpus_start) and r.ok:
            return r
    return None


def fmt(x, nd=2):
    return "-" if x is None else f"{x:.{nd}f}"


def main():
    res, out = sys.argv[1], sys.argv[2]
    machine, _ = read_meta(os.path.join(res, "machine.meta"))
    data = {}
    for s in SECTIONS:
        meta, rounds = read_meta(os.path.join(res, f"{s}.meta"))
        rows = read_rows(os.path.join(res, f"{s}.tsv"), s)
        if rows:
            data[s] = (meta, rounds, rows)

    L = []
    L.append("# perflint benchmark results")
    L.append("")
    L.append(f"Written by `bench/run.sh` (this file is generated: run it again rather than edit it). "
             f"Date: {machine.get('date', '?')}.")
    L.append("")
    L.append("## Machine and versions")
    L.append("")
    L.append(f"- machine: {machine.get('nproc', '?')} CPUs (`nproc`), {machine.get('cpu', '?')}, "
             f"{machine.get('memory', '?')}, {machine.get('kernel', '?')}; a shared VM "
             "(wall clock moves by ±15% between runs; the load during each section is below)")
    for k in ("perflint", "tree-sitter", "ruff", "python", "libclang", "clang-tidy", "cppcheck", "binutils"):
        if k in machine:
            L.append(f"- {k}: {machine[k]}")
    L.append("")

    L.append("## Results")
    L.append("")
    nr = {s: data[s][0].get("rounds", "?") for s in data}
    rounds_txt = ", ".join(f"{TITLES[s]} {nr[s]}" for s in data)
    L.append(f"Wall seconds: the median of the rounds ({rounds_txt}), every tool of a section once per round, "
             "in turn; min-max: the fastest and slowest round. Peak RSS: the highest of the rounds "
             "(`/usr/bin/time -f %M`). CPU s: the median of user + system seconds, which other work on the "
             "machine moves less than the wall time. MB = 10^6 bytes of the input files (for C, the translation units' "
             "own .c files, headers not counted); MB/s = MB / median wall seconds. files: as the tool "
             "itself counted them, where it says.")
    L.append("")
    L.append("| section | tool | corpus | files | MB | wall s (median) | min-max s | MB/s | CPU s | peak RSS MB | findings |")
    L.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in SECTIONS:
        if s not in data:
            continue
        for r in data[s][2]:
            if r.ok:
                L.append(f"| {TITLES[s]} | {r.label} | {r.corpus} | {r.files} | {r.mb:.1f} | {r.median:.2f} | "
                         f"{min(r.walls):.2f}-{max(r.walls):.2f} | {r.mb / r.median:.2f} | {fmt(r.cpu)} | {r.rss_mb:.0f} | {r.findings} |")
            else:
                L.append(f"| {TITLES[s]} | {r.label} | {r.corpus} | {r.files} | {r.mb:.1f} | {r.note} | | | | | |")
    L.append("")

    # --- targets ---
    L.append("## Targets")
    L.append("")
    L.append("Ratios are of median wall times measured in the same run (same rounds).")
    L.append("")
    L.append("| target | measured | ratio | met |")
    L.append("|---|---|---:|---|")

    def target(name, measured, ratio, met):
        L.append(f"| {name} | {measured} | {ratio} | {'**met**' if met else '**not met**' if met is not None else 'not measured'} |")

    if "python" in data:
        rows = data["python"][2]
        for corpus in ("stdlib", "django"):
            p1, p2 = find(rows, "perflint --jobs 1", corpus), find(rows, "perflint --jobs 2", corpus)
            t1, t2 = find(rows, "tree-sitter parse (ts-parse -j 1)", corpus), find(rows, "tree-sitter parse (ts-parse -j 2)", corpus)
            ruff = find(rows, "ruff-wasm", corpus)
            if p1 and t1:
                x = p1.median / t1.median
                target(f"Python cold run within 1.25x of the bare tree-sitter parse ({corpus}, 1 thread)",
                       f"perflint {p1.median:.2f} s, ts-parse {t1.median:.2f} s", f"{x:.2f}x", x <= 1.25)
            if p2 and t2:
                x = p2.median / t2.median
                target(f"Python cold run within 1.25x of the bare tree-sitter parse ({corpus}, 2 threads)",
                       f"perflint {p2.median:.2f} s, ts-parse {t2.median:.2f} s", f"{x:.2f}x", x <= 1.25)
            if p1 and p2:
                x = p1.median / p2.median
                target(f"--jobs 2 at least 1.8x --jobs 1 ({corpus})",
                       f"{p1.median:.2f} s / {p2.median:.2f} s", f"{x:.2f}x", x >= 1.8)
            if ruff and p2:
                x = ruff.median / p2.median
                target(f"faster than ruff-wasm --select PERF,ASYNC ({corpus}; perflint --jobs 2, the default here)",
                       f"ruff {ruff.median:.2f} s, perflint {p2.median:.2f} s", f"{x:.2f}x faster" if x >= 1 else f"{1 / x:.2f}x slower", x > 1)
            if ruff and p1:
                x = ruff.median / p1.median
                target(f"(also) faster than ruff-wasm, perflint on one thread as ruff-wasm is ({corpus})",
                       f"ruff {ruff.median:.2f} s, perflint {p1.median:.2f} s", f"{x:.2f}x faster" if x >= 1 else f"{1 / x:.2f}x slower", x > 1)
            whole = find(rows, "perflint --jobs 2, with the directory", corpus)
            if corpus == "stdlib" and (p1 or p2 or whole):
                peak = max(r.rss_mb for r in (p1, p2, whole) if r)
                target("peak memory under 150 MB on the standard library (either --jobs; its Python files, and the whole directory with its C files)",
                       f"{peak:.0f} MB", f"{peak / 150:.2f} of the limit", peak < 150)
    if "c" in data:
        rows = data["c"][2]
        cp, p1 = find(rows, "libclang parse"), find(rows, "perflint --jobs 1")
        tidy = find(rows, "clang-tidy")
        if cp and p1:
            x = p1.median / cp.median
            target(f"C within 1.2x of the bare libclang parse ({cp.corpus}, 1 thread)",
                   f"perflint {p1.median:.2f} s, clang-parse {cp.median:.2f} s", f"{x:.2f}x", x <= 1.2)
        if tidy and p1:
            x = tidy.median / p1.median
            target("C faster than clang-tidy's performance checks on the same units (1 thread each)",
                   f"clang-tidy {tidy.median:.2f} s, perflint {p1.median:.2f} s", f"{x:.2f}x faster" if x >= 1 else f"{1 / x:.2f}x slower", x > 1)
    if "scale" in data:
        rows = data["scale"][2]
        for j in (1, 2):
            base = next((r for r in rows if r.jobs == j and r.corpus.startswith("1x") and r.ok), None)
            if not base:
                continue
            parts, worst = [], 0.0
            for k in (2, 4):
                r = next((r for r in rows if r.jobs == j and r.corpus.startswith(f"{k}x") and r.ok), None)
                if r:
                    x = r.median / (k * base.median)
                    worst = max(worst, x)
                    parts.append(f"{k}x: {r.median:.2f} s = {x:.2f} x {k} x 1x")
            target(f"linear in the corpus size, --jobs {j} (time per MB at 2x and 4x within 1.10x of 1x)",
                   f"1x: {base.median:.2f} s; " + "; ".join(parts), f"{worst:.2f}x", worst <= 1.10)
    if "large" in data:
        meta, _, rows = data["large"]
        fd = dict(w.split(":", 1) for w in meta.get("fd_run", "").split(" ") if ":" in w)
        line = meta.get("tree", "")
        info = dict(w.split("=", 1) for w in ("tree=" + line).split(" ") if "=" in w)
        nfiles = info.get("files")
        expected = info.get("expected_findings")
        whole = next((r for r in rows if r.corpus == f"generated, {nfiles} files" and r.label.startswith("perflint") and r.ok), None)
        small = next((r for r in rows if r.label.startswith("perflint") and r.corpus.startswith("generated, 1000 files") and r.ok), None)
        big = next((r for r in rows if "one" in r.corpus and r.ok), None)
        if whole:
            ok = whole.files == nfiles and whole.findings == expected
            target(f"{nfiles} files analysed (all files, the expected findings)",
                   f"{whole.files} files, {whole.findings} findings (expected {expected}), {whole.median:.1f} s",
                   "-", ok)
        if fd:
            ffd = fd.get("files_findings_diagnostics", "-,-,-").split(",")
            ok = fd.get("status") in ("0", "1") and ffd[0] == nfiles
            target(f"... without running out of file descriptors (`ulimit -n {fd.get('limit')}`)",
                   f"exit status {fd.get('status')}, {ffd[0]} files, {ffd[2]} diagnostics, at most {fd.get('max_open_fds')} descriptors open (sampled every 50 ms)",
                   "-", ok)
        if whole and small:
            x = whole.rss_mb / small.rss_mb
            bigtxt = f"; one {big.mb:.0f} MB file alone: {big.rss_mb:.0f} MB" if big else ""
            target("memory bounded by the largest file, not the tree (peak RSS on the whole tree within 1.5x of that on 1,000 files of the same kind)",
                   f"{small.rss_mb:.0f} MB on 1000 files, {whole.rss_mb:.0f} MB on {nfiles}{bigtxt}",
                   f"{x:.2f}x", x <= 1.5)
    L.append("")

    # --- notes ---
    L.append("## Notes")
    L.append("")
    for s in SECTIONS:
        if s not in data:
            continue
        meta, rounds, rows = data[s]
        L.append(f"### {TITLES[s]}")
        L.append("")
        binary = meta.get("perflint_binary") or f"commit {meta.get('commit', '?')}"
        L.append(f"- ran {meta.get('started', '?')} to {meta.get('finished', '(not finished)')}, "
                 f"perflint built from {binary}")
        L.append(f"- load before: `{meta.get('uptime_before', '?').strip()}`; after: `{meta.get('uptime_after', '?').strip()}`")
        if rounds:
            # run.sh records each round's load average; how busy the CPUs were is read per run (below).
            load = ", ".join(r.get("loadavg", "?").split()[0] for r in rounds)
            L.append(f"- load average (1 minute) at the start of each round: {load}")
        for k, v in meta.items():
            if k in ("started", "finished", "rounds", "uptime_before", "uptime_after", "commit", "perflint_binary", "fd_run"):
                continue
            L.append(f"- {k}: {v}")
        if "fd_run" in meta:
            L.append(f"- run under `ulimit -n 64`: {meta['fd_run']}")
        if any(r.busy for r in rows):
            L.append("- CPUs busy with other work in the second before each run (per cent, by round): " +
                     "; ".join(f"{r.label} on {r.corpus}: {', '.join(map(str, r.busy))}" for r in rows if r.busy))
        for r in rows:
            if r.note:
                L.append(f"- {r.label} on {r.corpus}: {r.note}")
        L.append("")
    extra = sys.argv[3] if len(sys.argv) > 3 else ""
    if extra and os.path.exists(extra):
        with open(extra, encoding="utf-8") as f:
            L.append(f.read().rstrip("\n"))
            L.append("")
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        f.write("\n".join(L).rstrip("\n") + "\n")
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
