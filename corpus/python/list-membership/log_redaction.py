"""Structured-log redaction and audit summaries for the API gateway."""
import json
import re
from typing import Dict, List

SENSITIVE_KEYS = ["password", "token", "authorization", "cookie", "secret"]
SENSITIVE_KEY_SET = frozenset(SENSITIVE_KEYS)
TOKEN_RE = re.compile(r"[A-Za-z0-9_\-]{32,}")


class Redactor:
    def __init__(self, extra_keys=()):
        self.hidden = ["ssn", "iban", "card_number"]
        self.hidden.extend(extra_keys)
        self.hidden_set = set(self.hidden)

    def redact(self, record: Dict[str, object]):
        return {k: ("***" if k in self.hidden else v) for k, v in record.items()}  # expect: PFL301

    def redact_fast(self, record: Dict[str, object]):
        return {k: ("***" if k in self.hidden_set else v) for k, v in record.items()}  # near-miss: PFL301 set built in __init__


def scrub(records):
    for record in records:
        for key in list(record):
            if key.lower() in SENSITIVE_KEYS:  # expect: PFL301
                record[key] = "***"
    return records


def scrub_fast(records):
    for record in records:
        for key in list(record):
            if key.lower() in SENSITIVE_KEY_SET:  # near-miss: PFL301 frozenset
                record[key] = "***"
    return records


def tokenize_query(query, keywords: List[str]):
    tokens = query.split()
    flags = []
    i = 0
    while i < len(tokens):
        flags.append(tokens[i].upper() in keywords)  # expect: PFL301
        i += 1
    return flags


def severe(lines, wanted_levels=("ERROR", "CRITICAL")):
    levels = list(wanted_levels)
    keep = []
    for line in lines:
        entry = json.loads(line)
        if entry["level"] in levels:  # expect: PFL301
            keep.append(entry)
    return keep


def endpoints_seen(entries):
    endpoints = []
    for entry in entries:
        path = entry["path"].split("?", 1)[0]
        if path not in endpoints:  # expect: PFL302
            endpoints.append(path)
    return endpoints


def endpoints_seen_fast(entries):
    return list(dict.fromkeys(entry["path"].split("?", 1)[0] for entry in entries))  # near-miss: PFL302 dict.fromkeys


class AuditTrail:
    def __init__(self):
        self.actors: list[str] = []
        self.actor_set: set[str] = set()
        self.by_actor: Dict[str, int] = {}

    def add(self, events):
        for event in events:
            if event["actor"] not in self.actors:  # expect: PFL302
                self.actors.append(event["actor"])

    def add_fast(self, events):
        for event in events:
            if event["actor"] not in self.actor_set:  # near-miss: PFL302 set attribute beside the list
                self.actor_set.add(event["actor"])
                self.actors.append(event["actor"])

    def tally(self, events):
        for event in events:
            if event["actor"] not in self.by_actor:  # near-miss: PFL302 dict attribute
                self.by_actor[event["actor"]] = 0
            self.by_actor[event["actor"]] += 1


def leaked_tokens(lines):
    found = []
    for line in lines:
        for match in TOKEN_RE.findall(line):
            if match not in found:  # expect: PFL302
                found.append(match)
    return found


def leaked_token_set(lines):
    found = set()
    for line in lines:
        found.update(TOKEN_RE.findall(line))  # near-miss: PFL302 a set, updated in bulk
    return sorted(found)


def noisy_lines(lines):
    return [line for line in lines if line.count("\t") > 8]  # near-miss: PFL303 str.count used as a number


def word_positions(line: str, words: List[str]):
    positions = []
    for word in words:
        if word not in line:  # near-miss: PFL302 string membership; appends to another list
            continue
        positions.append(line.index(word))  # near-miss: PFL303 str.index after a substring test
    return positions
