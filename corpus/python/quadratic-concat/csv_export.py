#!/usr/bin/env python3
"""Nightly export of the orders warehouse to CSV for the finance team.

Reads order rows from the staging dump (one JSON document per line), cleans
them and writes a CSV per region. Older parts of this script build their
output by string concatenation; newer parts use the csv module.
"""
import argparse
import csv
import io
import json
import sys
from collections import defaultdict

FIELDS = ("order_id", "region", "sku", "quantity", "unit_price", "currency")


def quote(value) -> str:
    text = str(value)
    if any(ch in text for ch in ',"\n'):
        text = '"' + text.replace('"', '""') + '"'  # near-miss: PFL201 not an accumulator
    return text


def load_rows(stream):
    rows = []
    for raw in stream:
        raw = raw.strip()
        if not raw:
            continue
        rows += [json.loads(raw)]  # near-miss: PFL202 += extends in place
    return rows


def to_csv_legacy(rows):
    out = ",".join(FIELDS)
    out += "\n"  # near-miss: PFL201 before the loop
    for row in rows:
        line = ""  # reset at the top of every iteration: no growth across rows
        line += quote(row.get("order_id", "")) + ","  # near-miss: PFL201 reset per iteration
        line += quote(row.get("region", "")) + ","  # near-miss: PFL201 reset per iteration
        line += quote(row.get("sku", "")) + ","  # near-miss: PFL201 reset per iteration
        line += "%d,%.2f" % (row["quantity"], row["unit_price"])  # near-miss: PFL201 reset per iteration
        out += line + "\n"  # expect: PFL201
    return out


def to_csv_all_columns(rows):
    out = str()
    for row in rows:
        record = ""  # reset per row, but grows across the columns below
        for key, value in sorted(row.items()):
            record = record + quote(value) + ","  # expect: PFL201
        out = out + record.rstrip(",") + "\n"  # expect: PFL201
    return out


def to_csv(rows):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buf.getvalue()


def region_totals(rows):
    totals = defaultdict(float)
    quantity = 0
    for row in rows:
        amount = row["quantity"] * row["unit_price"]
        totals[row["region"]] += amount  # near-miss: PFL201 float in a dict
        quantity = quantity + row["quantity"]  # near-miss: PFL201 int accumulator
    return totals, quantity


def summary_line(rows, totals):
    grand = sum(totals.values())  # near-miss: PFL202 plain numeric sum
    units = sum((row["quantity"] for row in rows), 0)  # near-miss: PFL202 int start
    regions = ", ".join(sorted(totals))
    line = "regions: " + regions  # near-miss: PFL201 no loop
    line += f"; units: {units}; revenue: {grand:.2f}"  # near-miss: PFL201 no loop
    return line


def rejected_report(rows):
    problems = ""
    for row in rows:
        if row.get("quantity", 0) <= 0:
            problems += "order %s: non-positive quantity\n" % row.get("order_id")  # expect: PFL201
        if not row.get("sku"):
            problems = problems + "order {}: missing sku\n".format(row.get("order_id"))  # expect: PFL201
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--legacy", action="store_true")
    parser.add_argument("--outdir", default=".")
    args = parser.parse_args(argv)

    rows = load_rows(sys.stdin)
    by_region = defaultdict(list)
    for row in rows:
        by_region[row["region"]].append(row)

    for region, region_rows in sorted(by_region.items()):
        text = to_csv_legacy(region_rows) if args.legacy else to_csv(region_rows)
        path = args.outdir + "/orders-" + region.lower() + ".csv"  # near-miss: PFL201 fresh value every iteration
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)

    report = rejected_report(rows)
    if report:
        sys.stderr.write(report)
    print(summary_line(rows, region_totals(rows)[0]))


if __name__ == "__main__":
    main()
