"""Log shipping pipeline: parse access logs, enrich, batch and forward.

Runs as an asyncio service in production and as a one-shot script for
backfills. The batching code dates from before anyone measured it.
"""
import asyncio
import gzip
import json
import re
import sys
from dataclasses import dataclass, field
from typing import AsyncIterator, Iterable, List

LINE = re.compile(r'(?P<ip>\S+) \S+ \S+ \[(?P<ts>[^\]]+)\] "(?P<req>[^"]*)" (?P<status>\d{3}) (?P<size>\d+|-)')


@dataclass
class Entry:
    ip: str
    ts: str
    request: str
    status: int
    size: int
    tags: List[str] = field(default_factory=list)


def parse(lines: Iterable[str]) -> List[Entry]:
    entries = []
    for line in lines:
        m = LINE.match(line)
        if m is None:
            continue
        size = 0 if m["size"] == "-" else int(m["size"])
        entries.append(Entry(m["ip"], m["ts"], m["req"], int(m["status"]), size))
    return entries


def to_ndjson(entries: Iterable[Entry]) -> str:
    body = ""
    for entry in entries:
        body += json.dumps(entry.__dict__, separators=(",", ":")) + "\n"  # expect: PFL201
    return body


def to_ndjson_fast(entries: Iterable[Entry]) -> str:
    return "".join(json.dumps(e.__dict__, separators=(",", ":")) + "\n" for e in entries)  # near-miss: PFL201 join done right


def compress_batches(entries: List[Entry], batch_size: int = 500) -> List[bytes]:
    batches = []
    i = 0
    while i < len(entries):
        chunk = entries[i:i + batch_size]
        blob = b""  # a fresh buffer per batch
        for entry in chunk:
            blob += json.dumps(entry.__dict__).encode() + b"\n"  # expect: PFL201
        batches.append(gzip.compress(blob))
        i += batch_size  # near-miss: PFL201 int
    return batches


def annotate(entries: List[Entry], suspicious_ips) -> None:
    for entry in entries:
        for rule in suspicious_ips.rules_for(entry.ip):
            entry.tags = entry.tags + [rule.name]  # expect: PFL202


def ip_report(entries: List[Entry], heading: str) -> str:
    by_ip = {}
    for entry in entries:
        by_ip.setdefault(entry.ip, []).append(entry)
    for ip, items in sorted(by_ip.items()):
        heading += "\n{:<15} {:>6} requests".format(ip, len(items))  # expect: PFL201
        for item in items:
            if item.status >= 500:
                heading += "\n    %s %s" % (item.ts, item.request)  # expect: PFL201
    return heading


def status_line(entries: List[Entry]) -> str:
    ok = sum(1 for e in entries if e.status < 400)  # near-miss: PFL202 numeric sum
    failed = len(entries) - ok
    line = f"{ok} ok"
    line += f", {failed} failed"  # near-miss: PFL201 no loop
    return line


def all_tags(entries: List[Entry]) -> List[str]:
    return sum((e.tags for e in entries), [])  # expect: PFL202


def top_talkers(entries: List[Entry], n: int = 10) -> List[str]:
    counts = {}
    for entry in entries:
        counts[entry.ip] = counts.get(entry.ip, 0) + 1  # near-miss: PFL201 int in a dict
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    return [ip for ip, _ in ranked[:n]]


class Forwarder:
    """Batches entries and hands them to a transport coroutine."""

    def __init__(self, transport, max_batch: int = 1000):
        self.transport = transport
        self.max_batch = max_batch
        self.pending: List[Entry] = []
        self.sent = 0

    def enqueue_all(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.pending = self.pending + [entry]  # expect: PFL202

    def enqueue_all_fast(self, entries: Iterable[Entry]) -> None:
        self.pending += list(entries)  # near-miss: PFL202 += extends in place, no loop

    async def flush(self) -> int:
        payload = ""
        for entry in self.pending:
            payload += json.dumps(entry.__dict__) + "\n"  # expect: PFL201
        await self.transport.send(payload)
        self.sent += len(self.pending)  # near-miss: PFL201 int
        self.pending = []
        return self.sent

    async def drain(self, source: AsyncIterator[Entry]) -> None:
        async for entry in source:
            self.pending.append(entry)
            if len(self.pending) >= self.max_batch:
                await self.flush()


async def read_all(reader: asyncio.StreamReader) -> str:
    text = ""
    while not reader.at_eof():
        data = await reader.read(4096)
        text += data.decode("utf-8", "replace")  # expect: PFL201
    return text


async def tail(reader: asyncio.StreamReader, sink: Forwarder) -> None:
    pending_lines = []
    while not reader.at_eof():
        line = await reader.readline()
        pending_lines += [line.decode("utf-8", "replace")]  # near-miss: PFL202 += extends in place
        if len(pending_lines) >= 100:
            sink.pending.extend(parse(pending_lines))
            pending_lines = []


async def summarize(stream: AsyncIterator[Entry]) -> str:
    summary = str()
    total_bytes = 0
    async for entry in stream:
        summary = summary + f"{entry.status} {entry.request}\n"  # expect: PFL201
        total_bytes += entry.size  # near-miss: PFL201 int
    return summary + f"{total_bytes} bytes\n"  # near-miss: PFL201 no loop


def backfill(paths: List[str]) -> int:
    failures = 0
    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            entries = parse(fh)
        sys.stdout.write(to_ndjson_fast(entries))
        failures += sum(1 for e in entries if e.status >= 500)  # near-miss: PFL202 numeric sum in a loop
    return failures


if __name__ == "__main__":
    sys.exit(1 if backfill(sys.argv[1:]) else 0)
