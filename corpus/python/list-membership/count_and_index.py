"""Spreadsheet and log checks that test membership with list.count / list.index.

`L.count(x)` and `L.index(x)` scan the whole list; used as a yes/no test
inside a loop they are a slower spelling of `x in L` (PFL303, reported on
the line of the call). `str.count`, `str.index` and `str.find` on a line of
text are substring searches, not list membership.
"""
import logging
import os
from typing import List

log = logging.getLogger("sheets")

REQUIRED_COLUMNS = ["sku", "name", "price", "currency", "stock"]
RETIRED_SKUS = os.environ.get("RETIRED_SKUS", "").split(",")


def missing_columns(header: List[str]):
    missing = []
    for column in REQUIRED_COLUMNS:
        if header.count(column) == 0:  # expect: PFL303
            missing.append(column)
    return missing


def missing_columns_by_index(header: List[str]):
    missing = []
    for column in REQUIRED_COLUMNS:
        try:
            header.index(column)  # expect: PFL303
        except ValueError:
            missing.append(column)
    return missing


def active_rows(rows):
    active = []
    for row in rows:
        if RETIRED_SKUS.count(row["sku"]):  # expect: PFL303
            continue
        active.append(row)
    return active


def active_rows_fast(rows):
    retired = set(RETIRED_SKUS)
    return [row for row in rows if row["sku"] not in retired]  # near-miss: PFL303 a set, and no count/index


def restricted_rows(rows, restricted_skus: list[str]):
    return [row for row in rows if restricted_skus.count(row["sku"]) > 0]  # expect: PFL303


def unpriced(rows, priced_skus: list[str]):
    result = []
    for row in rows:
        if not priced_skus.count(row["sku"]):  # expect: PFL303
            result.append(row["sku"])
    return result


class ColumnMapper:
    def __init__(self, header_line):
        self.columns = header_line.strip().split(",")
        self.optional = ["barcode", "weight", "notes"]

    def unknown(self, wanted):
        unknown = []
        for name in wanted:
            if self.columns.count(name) < 1:  # expect: PFL303
                unknown.append(name)
        return unknown

    def optional_present(self):
        present = []
        for name in self.optional:
            if self.columns.count(name) >= 1:  # expect: PFL303
                present.append(name)
        return present

    def position(self, name):
        return self.columns.index(name)  # near-miss: PFL303 a position lookup, not in a loop

    def check_required(self):
        for name in REQUIRED_COLUMNS:
            try:
                self.columns.index(name)  # expect: PFL303
            except ValueError:
                raise ValueError(f"column {name!r} is missing") from None


def tagged(products, featured_tags: List[str]):
    return [p for p in products if any(featured_tags.count(tag) > 0 for tag in p["tags"])]  # expect: PFL303


def warehouses_with_stock(stock_rows, warehouses: List[str]):
    found = {}
    for row in stock_rows:
        found[row["warehouse"]] = warehouses.count(row["warehouse"]) != 0  # expect: PFL303
    return found


def discontinued_lines(order_lines, discontinued: List[str]):
    flagged = []
    for line in order_lines:
        if discontinued.count(line["sku"]) >= 1:  # expect: PFL303
            flagged.append(line["id"])
    return flagged


def discontinued_lines_fast(order_lines, discontinued: List[str]):
    gone = set(discontinued)
    return [line["id"] for line in order_lines if line["sku"] in gone]  # near-miss: PFL303 set built once, no count/index


def unsupported_currency_rows(rows):
    accepted = ["EUR", "USD", "GBP", "CHF"]
    rejected = []
    for row in rows:
        if accepted.count(row["currency"]) == 0:  # expect: PFL303
            rejected.append(row)
    return rejected


def failed_responses(responses):
    ok_statuses = list(range(200, 300))
    failed = []
    for resp in responses:
        if not ok_statuses.count(resp.status_code):  # expect: PFL303
            failed.append(resp.url)
    return failed


def classify_clients(requests_, trusted: List[str], blocked: List[str]):
    verdicts = {}
    for req in requests_:
        if trusted.count(req.remote_addr) > 0:  # expect: PFL303
            verdicts[req.id] = "trusted"
        elif blocked.count(req.remote_addr):  # expect: PFL303
            verdicts[req.id] = "blocked"
        else:
            verdicts[req.id] = "unknown"
    return verdicts


class ApprovalQueue:
    def __init__(self, approvers):
        self.approvers = sorted(approvers)

    def pending_for_others(self, requests_):
        return [req for req in requests_ if self.approvers.count(req.submitted_by) == 0]  # expect: PFL303


def missing_from_header(header: List[str]):
    return [column for column in REQUIRED_COLUMNS if header.count(column) == 0]  # expect: PFL303


def line_count(text):
    return text.count("\n") + 1  # near-miss: PFL303 str.count used as a number, no loop


def path_depths(paths):
    return {path: path.strip("/").count("/") for path in paths}  # near-miss: PFL303 str.count used as a number


def parse_key_values(lines):
    pairs = []
    for raw in lines:
        text = str(raw)
        if text.count("=") == 1:  # near-miss: PFL303 str.count of a separator
            key, value = text.split("=")
            pairs.append((key, value))
    return pairs


def field_separators(lines):
    total = 0
    for raw in lines:
        total += str(raw).count(";")  # near-miss: PFL303 str.count added up, not a membership test
    return total


def header_has_sku(header: List[str]):
    return header.count("sku") > 0  # near-miss: PFL303 once, not in a loop


def malformed_lines(text):
    bad = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.count(",") != 4:  # near-miss: PFL303 str.count counts separators in a line of text
            bad.append(lineno)
    return bad


def parse_properties(text):
    props = {}
    for raw in text.splitlines():
        line = raw.strip()
        try:
            eq = line.index("=")  # near-miss: PFL303 str.index finds a separator in a line of text
        except ValueError:
            continue
        props[line[:eq].strip()] = line[eq + 1:].strip()
    return props


def error_lines(log_text):
    return [line for line in log_text.splitlines() if line.find("ERROR") >= 0]  # near-miss: PFL303 str.find, substring search


def multi_word_names(names):
    return [name for name in names if name.strip().count(" ") > 0]  # near-miss: PFL303 str.count on a name


def crlf_packets(packets):
    return [p for p in packets if bytes(p).count(b"\r\n")]  # near-miss: PFL303 bytes.count, a substring search


def price_column(header_line):
    columns = header_line.strip().split(",")
    return columns.index("price") if columns.count("price") else None  # near-miss: PFL303 no loop
