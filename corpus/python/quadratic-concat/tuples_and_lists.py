"""Inventory sync: pagination results, category trees, bundle expansion.

The sync job receives pages of items already fetched by the transport layer
and turns them into the shapes the warehouse API wants.
"""
import itertools
import os
from collections import deque
from decimal import Decimal
from typing import List, Tuple


def collect_ids(pages):
    ids = []
    for page in pages:
        for item in page["items"]:
            ids = ids + [item["id"]]  # expect: PFL202
    return ids


def collect_ids_fast(pages):
    ids = []
    for page in pages:
        ids.extend(item["id"] for item in page["items"])  # near-miss: PFL202 extend in place
    return ids


def merge_pages(pages):
    results = []
    total = 0
    for page in pages:
        results = results + page["items"]  # expect: PFL202
        total = total + len(page["items"])  # near-miss: PFL202 int accumulator
    return results, total


def merge_pages_fast(pages):
    results = []
    for page in pages:
        results += page["items"]  # near-miss: PFL202 += extends in place
    return results


def flatten_bundles(bundles):
    return sum([bundle["skus"] for bundle in bundles], [])  # expect: PFL202


def flatten_bundles_fast(bundles):
    return list(itertools.chain.from_iterable(bundle["skus"] for bundle in bundles))  # near-miss: PFL202 chain


def all_tags(products):
    return sum((p.tags for p in products), start=[])  # expect: PFL202


def unique_tag_count(products) -> int:
    return sum(len(set(p.tags)) for p in products)  # near-miss: PFL202 numeric sum of a generator


def stock_value(products) -> Decimal:
    return sum((p.price * p.stock for p in products), Decimal("0"))  # near-miss: PFL202 Decimal start


def category_path(node) -> Tuple[str, ...]:
    path = tuple()
    while node is not None:
        path = (node.name,) + path  # expect: PFL201
        node = node.parent
    return path


def category_path_fast(node) -> Tuple[str, ...]:
    names = deque()
    while node is not None:
        names.appendleft(node.name)  # near-miss: PFL202 deque prepend is O(1)
        node = node.parent
    return tuple(names)


def breadth_first(root):
    frontier = [root]
    i = 0
    while i < len(frontier):
        node = frontier[i]
        i += 1
        frontier = frontier + node.children  # expect: PFL202
    return frontier


def depth_first(root):
    order = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        stack = list(reversed(node.children)) + stack  # expect: PFL202
    return order


def all_paths(root):
    """Every root-to-leaf path; each path is a new list on purpose."""
    paths = []
    stack = [(root, [root.name])]
    while stack:
        node, path = stack.pop()
        if not node.children:
            paths.append(path)
        for child in node.children:
            new_path = path + [child.name]  # near-miss: PFL202 a new list per branch, target differs
            stack.append((child, new_path))
    return paths


def sort_keys(products):
    keys = ()
    for product in products:
        keys = keys + ((product.category, product.sku),)  # expect: PFL201
    return keys


def dimension_key(product) -> tuple:
    key = (product.width, product.height)
    key = key + (product.depth,)  # near-miss: PFL201 a tuple extended once, no loop
    return key


def option_combinations(option_sets):
    combos = [()]
    for options in option_sets:
        combos = [c + (o,) for c in combos for o in options]  # near-miss: PFL201 each c is a different tuple
    return combos


def rolling_window(values, size: int):
    window = []
    out = []
    for value in values:
        window = (window + [value])[-size:]  # near-miss: PFL202 window never longer than size
        out.append(sum(window) / len(window))  # near-miss: PFL202 numeric sum
    return out


def history_with(history: List[str], events) -> List[str]:
    for event in events:
        history = history + [event.summary]  # expect: PFL202
    return history


def merge_settings(defaults, overrides):
    merged = list(defaults) + list(overrides)  # near-miss: PFL202 no loop
    return merged


def warehouse_codes(sites):
    codes: tuple = ()
    for site in sites:
        for bay in site.bays:
            codes += (f"{site.code}-{bay}",)  # expect: PFL201
    return codes


def split_batches(items, size: int):
    batches = []
    batch = []
    for item in items:
        batch += [item]  # near-miss: PFL202 += extends in place
        if len(batch) == size:
            batches.append(batch)
            batch = []
    if batch:
        batches.append(batch)
    return batches


class Manifest:
    def __init__(self, lines=None):
        self.lines = list(lines or [])

    def add_all(self, entries):
        for entry in entries:
            self.lines = self.lines + [entry]  # expect: PFL202

    def add_all_fast(self, entries):
        self.lines.extend(entries)  # near-miss: PFL202 extend in place

    def with_header(self, header):
        return [header] + self.lines  # near-miss: PFL202 no loop

    def skus(self):
        return sum([line.skus for line in self.lines], [])  # expect: PFL202

    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines)  # near-miss: PFL202 numeric sum

    def weight(self) -> float:
        return sum((line.weight for line in self.lines), 0.0)  # near-miss: PFL202 float start


# Module-level setup: the warehouse zones this worker serves.
ZONES = []
for _entry in os.environ.get("WAREHOUSE_ZONES", "").split(","):
    if _entry.strip():
        ZONES = ZONES + [_entry.strip().upper()]  # expect: PFL202
ZONE_PAIRS = sum([[(a, b) for b in ZONES] for a in ZONES], [])  # expect: PFL202
DEFAULT_ZONES = ["A01", "A02"] + ["B01"]  # near-miss: PFL202 no loop
