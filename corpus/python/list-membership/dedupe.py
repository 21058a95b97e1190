"""De-duplication in the mailing and reporting jobs.

`if x not in seen: seen.append(x)` with `seen` a list is quadratic (PFL302,
reported on the `if` line instead of PFL301). The fixes: a set beside the
list, or `dict.fromkeys`.
"""
import logging
from collections import Counter, OrderedDict, defaultdict
from typing import Iterable, List

log = logging.getLogger("mailing")

_registered_hooks = []


def unique_emails(rows):
    seen = []
    for row in rows:
        email = row["email"].strip().lower()
        if email not in seen:  # expect: PFL302
            seen.append(email)
    return seen


def unique_emails_fast(rows):
    seen = set()
    ordered = []
    for row in rows:
        email = row["email"].strip().lower()
        if email not in seen:  # near-miss: PFL302 set beside the list
            seen.add(email)
            ordered.append(email)
    return ordered


def unique_emails_fromkeys(rows):
    return list(dict.fromkeys(row["email"].strip().lower() for row in rows))  # near-miss: PFL302 dict.fromkeys keeps order in O(n)


def all_tags(products):
    tags: list[str] = []
    for product in products:
        for tag in product["tags"]:
            if tag not in tags:  # expect: PFL302
                tags.append(tag)
    return tags


def all_tags_sorted(products):
    return sorted({tag for product in products for tag in product["tags"]})  # near-miss: PFL302 a set comprehension


def mail_domains(addresses):
    domains = list()
    for address in addresses:
        domain = address.rsplit("@", 1)[-1]
        if domain not in domains:  # expect: PFL302
            domains.append(domain)
    return domains


def suspicious_ips(events):
    offenders = []
    for event in events:
        if event["status"] != 401:
            continue
        if event["ip"] not in offenders:  # expect: PFL302
            log.warning("first failed login from %s", event["ip"])
            offenders.append(event["ip"])
    return offenders


def register_hooks(hooks):
    for hook in hooks:
        if hook not in _registered_hooks:  # expect: PFL302
            _registered_hooks.append(hook)


def merge_recipients(target: List[str], extra: Iterable[str]):
    for address in extra:
        if address not in target:  # expect: PFL302
            target.append(address)
    return target


def merge_header(files_headers):
    columns = list(files_headers[0])
    for header in files_headers[1:]:
        for column in header:
            if column not in columns:  # expect: PFL302
                columns.append(column)
    return columns


def extend_keys(header_line, extra_keys):
    keys = header_line.strip().split(",")
    for key in extra_keys:
        if key not in keys:  # expect: PFL302
            keys.append(key)
    return keys


def install_order(packages, deps_of):
    order = []
    for package in packages:
        for dep in deps_of(package):
            if dep not in order:  # expect: PFL302
                order.append(dep)
        if package not in order:  # expect: PFL302
            order.append(package)
    return order


def reachable(graph, start):
    visited = []
    queue = [start]
    while queue:
        node = queue.pop()
        if node not in visited:  # expect: PFL302
            visited.append(node)
            queue.extend(graph.get(node, ()))
    return visited


def reachable_fast(graph, start):
    visited = {start}
    order = [start]
    queue = [start]
    while queue:
        node = queue.pop()
        for nxt in graph.get(node, ()):
            if nxt not in visited:  # near-miss: PFL302 visited is a set
                visited.add(nxt)
                order.append(nxt)
                queue.append(nxt)
    return order


def sku_display_order(featured, orders):
    skus = [item["sku"] for item in featured]
    for order in orders:
        for item in order["items"]:
            if item["sku"] not in skus:  # expect: PFL302
                skus.append(item["sku"])
    return skus


class Newsletter:
    def __init__(self, subject):
        self.subject = subject
        self.recipients = []
        self.bounced = set()

    def add_segment(self, contacts):
        for contact in contacts:
            if contact.email in self.bounced:  # near-miss: PFL301 set attribute
                continue
            if contact.email not in self.recipients:  # expect: PFL302
                self.recipients.append(contact.email)


def group_by_customer(orders):
    groups = {}
    for order in orders:
        if order["customer_id"] not in groups:  # near-miss: PFL302 dict
            groups[order["customer_id"]] = []
        groups[order["customer_id"]].append(order)
    return groups


def group_by_customer_default(orders):
    groups = defaultdict(list)
    for order in orders:
        groups[order["customer_id"]].append(order)
    return groups


def first_order_per_customer(orders):
    first = OrderedDict()
    for order in orders:
        if order["customer_id"] not in first:  # near-miss: PFL302 OrderedDict
            first[order["customer_id"]] = order
    return list(first.values())


def clean_values(values):
    cleaned = []
    for value in values:
        if value not in ("", None, "null"):  # near-miss: PFL302 tuple of constants, appended to another list
            cleaned.append(value)
    return cleaned


def frequent_words(lines, stopwords: frozenset):
    counts = Counter()
    for line in lines:
        for word in line.lower().split():
            if word not in stopwords:  # near-miss: PFL302 frozenset, and a Counter is updated
                counts[word] += 1
    return counts.most_common(20)


def letters_only(text):
    kept = []
    for ch in text:
        if ch not in "0123456789":  # near-miss: PFL302 string membership, appends to another list
            kept.append(ch)
    return kept


def unique_in_order(items):
    seen_keys = {}
    unique = []
    for item in items:
        key = (item["sku"], item["size"])
        if key not in seen_keys.keys():  # near-miss: PFL302 dict keys view
            seen_keys[key] = True
            unique.append(item)
    return unique
