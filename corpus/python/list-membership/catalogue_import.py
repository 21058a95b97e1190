"""Supplier catalogue import: validate CSV rows against what we already know.

The reference data is loaded once into lists; each row is then checked
against them. Against a list that check scans (PFL301); the `_fast`
variants build a set first.
"""
import csv
import logging
import os
import sys
from typing import List

log = logging.getLogger("catalogue.import")

EU_COUNTRIES = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
                "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"]
EU_COUNTRY_SET = frozenset(EU_COUNTRIES)
PLACEHOLDER_VALUES = ("", "-", "n/a", "N/A", "null")


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_known_skus(path):
    return [row["sku"] for row in read_rows(path)]


def validate(rows, catalogue_path, currency_codes: List[str]):
    known_skus = load_known_skus(catalogue_path)
    excluded = os.environ.get("EXCLUDED_SUPPLIERS", "").split(";")
    categories = sorted({row["category"] for row in read_rows(catalogue_path)})
    errors = []
    for lineno, row in enumerate(rows, start=2):
        if row["sku"] in known_skus:  # expect: PFL301
            errors.append((lineno, "duplicate sku"))
        if row["supplier"] in excluded:  # expect: PFL301
            errors.append((lineno, "excluded supplier"))
        if row["category"] not in categories:  # expect: PFL301
            errors.append((lineno, "unknown category"))
        if row["currency"] not in currency_codes:  # expect: PFL301
            errors.append((lineno, "unknown currency"))
        if row["origin"] in EU_COUNTRIES:  # expect: PFL301
            row["vat_mode"] = "intra-eu"
        if row["status"] in ["active", "discontinued"]:  # expect: PFL301
            row["importable"] = True
        if row["price"] in PLACEHOLDER_VALUES:  # near-miss: PFL301 tuple of constants
            errors.append((lineno, "missing price"))
    return errors


def validate_fast(rows, catalogue_path, currency_codes: List[str]):
    known_skus = set(load_known_skus(catalogue_path))
    excluded = frozenset(os.environ.get("EXCLUDED_SUPPLIERS", "").split(";"))
    categories = {row["category"] for row in read_rows(catalogue_path)}
    currencies = set(currency_codes)
    errors = []
    for lineno, row in enumerate(rows, start=2):
        if row["sku"] in known_skus:  # near-miss: PFL301 set
            errors.append((lineno, "duplicate sku"))
        if row["supplier"] in excluded:  # near-miss: PFL301 frozenset
            errors.append((lineno, "excluded supplier"))
        if row["category"] not in categories:  # near-miss: PFL301 set comprehension
            errors.append((lineno, "unknown category"))
        if row["currency"] not in currencies:  # near-miss: PFL301 list converted to a set before the loop
            errors.append((lineno, "unknown currency"))
        if row["origin"] in EU_COUNTRY_SET:  # near-miss: PFL301 frozenset of the list, built once at import
            row["vat_mode"] = "intra-eu"
        if row["status"] in ("active", "discontinued"):  # near-miss: PFL301 tuple of constants
            row["importable"] = True
    return errors


def unknown_columns(header_line, expected_columns: List[str]):
    columns = header_line.strip().split(",")
    return [col for col in columns if col not in expected_columns]  # expect: PFL301


def reorder(rows, preferred):
    preferred_order = list(preferred)
    ordered = []
    for row in rows:
        ordered.append({k: v for k, v in row.items() if k in preferred_order})  # expect: PFL301
    return ordered


def has_header(first_line, expected_columns: List[str]):
    columns = first_line.strip().split(",")
    return "sku" in columns and "price" in expected_columns  # near-miss: PFL301 no loop


def flag_rows(rows, flagged):
    # `flagged` comes from the caller without an annotation: its kind is unknown.
    return [row for row in rows if row["sku"] in flagged]  # near-miss: PFL301 unknown kind


if __name__ == "__main__":
    problems = validate(read_rows(sys.argv[1]), sys.argv[2], ["EUR", "USD", "GBP"])
    for lineno, message in problems:
        log.error("line %d: %s", lineno, message)
