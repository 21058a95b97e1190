"""Request metrics for the API gateway dashboard.

Everything in this module is fine as far as quadratic concatenation goes:
numeric accumulators, lists grown in place, joins done right, buffers that
are reset every iteration, loops over a handful of constants, and
concatenations that happen once. None of these lines should be reported.
"""
import io
import statistics
from collections import Counter, defaultdict
from datetime import timedelta
from decimal import Decimal

import numpy as np

STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx")


def latency_stats(samples):
    total = 0.0
    count = 0
    worst = 0.0
    for sample in samples:
        total += sample.latency_ms  # near-miss: PFL201 float accumulator
        count += 1  # near-miss: PFL201 int counter
        worst = max(worst, sample.latency_ms)
    mean = total / count if count else 0.0
    return mean, worst, statistics.median(s.latency_ms for s in samples)


def bytes_transferred(samples) -> int:
    sent: int = 0
    received = int()
    for sample in samples:
        sent = sent + sample.bytes_out  # near-miss: PFL201 int, s = s + x
        received = sample.bytes_in + received  # near-miss: PFL201 int, s = x + s
    return sent + received


def billed_amount(samples, rate: Decimal) -> Decimal:
    amount = Decimal("0.00")
    for sample in samples:
        amount += rate * sample.units  # near-miss: PFL201 Decimal
    return amount


def uptime(windows) -> timedelta:
    up = timedelta()
    for window in windows:
        up += window.end - window.start  # near-miss: PFL201 timedelta
    return up


def cost_of(samples, price_of):
    spend = price_of(samples[0])
    for sample in samples[1:]:
        spend += price_of(sample)  # near-miss: PFL201 unknown kind (a function's result)
    return spend


def moving_centroid(points):
    centroid = np.zeros(2)
    for point in points:
        centroid = centroid + np.asarray(point)  # near-miss: PFL201 numpy array, unknown kind
    return centroid / max(len(points), 1)


def status_histogram(samples):
    histogram = Counter()
    by_route = defaultdict(int)
    for sample in samples:
        histogram[sample.status // 100] += 1  # near-miss: PFL201 subscript, int
        by_route[sample.route] += sample.latency_ms  # near-miss: PFL201 subscript, number
    return histogram, by_route


def route_table(samples):
    lines = []
    for sample in samples:
        lines += [f"{sample.route:<40} {sample.latency_ms:>8.1f} ms"]  # near-miss: PFL201 list += list
        lines.append("-" * 50)
    return "\n".join(lines)  # near-miss: PFL201 join done right


def route_table_io(samples):
    out = io.StringIO()
    for sample in samples:
        out.write(f"{sample.route:<40} {sample.latency_ms:>8.1f} ms\n")  # near-miss: PFL201 StringIO
    return out.getvalue()


def csv_lines(samples):
    rendered = []
    for sample in samples:
        line = ""  # fresh string each iteration
        line += sample.route  # near-miss: PFL201 reset per iteration
        line += ","  # near-miss: PFL201 reset per iteration
        line += str(sample.status)  # near-miss: PFL201 reset per iteration
        line = line + "," + f"{sample.latency_ms:.1f}"  # near-miss: PFL201 reset per iteration
        rendered.append(line)
    return rendered


def raw_log(samples) -> bytes:
    buf = bytearray()
    for sample in samples:
        buf += sample.raw  # near-miss: PFL201 bytearray
        buf += b"\r\n"  # near-miss: PFL201 bytearray, even with a bytes literal
    return bytes(buf)


def legend() -> str:
    text = ""
    for status_class in ("2xx", "3xx", "4xx"):
        text += status_class + " "  # near-miss: PFL201 loop over a literal of three items
    for sep in (",", ";"):
        text = text + sep  # near-miss: PFL201 loop over a constant literal
    for label in ["min", "median", "max"]:
        text = label + " " + text  # near-miss: PFL201 loop over a literal of three items
    return text


def title(dashboard) -> str:
    heading = "Gateway metrics"
    heading += " \u2014 " + dashboard.environment  # near-miss: PFL201 outside any loop
    heading = heading + " (" + dashboard.region + ")"  # near-miss: PFL201 outside any loop
    if dashboard.beta:
        heading += " [beta]"  # near-miss: PFL201 an if is not a loop
    return heading


def route_labels(samples, prefix: str):
    labels = []
    for sample in samples:
        label = prefix + sample.route  # near-miss: PFL201 target differs from the operands
        labels.append(label)
    return labels + [prefix + "*"]  # near-miss: PFL202 no loop


def route_keys(samples):
    return [s.method + " " + s.route for s in samples]  # near-miss: PFL201 expression in a comprehension, no accumulator


def describe_all(handlers):
    descriptions = []
    for handler in handlers:
        def describe(h=handler):
            text = "handler "
            text += h.__name__  # near-miss: PFL201 nested function, runs once per call, no loop
            return text

        descriptions.append(describe)
    return descriptions


def percentile_report(samples):
    values = sorted(s.latency_ms for s in samples)
    report = {}
    for name, q in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99)):
        report[name] = values[int(q * (len(values) - 1))] if values else 0.0
    return report


def total_requests(per_route_counts) -> int:
    return sum(per_route_counts.values())  # near-miss: PFL202 numeric sum


def total_latency(samples) -> float:
    return sum((s.latency_ms for s in samples), 0)  # near-miss: PFL202 int start


def weighted_latency(samples) -> float:
    return sum((s.latency_ms * s.weight for s in samples), start=0.0)  # near-miss: PFL202 float start


def merged_routes(primary, secondary):
    routes = []
    for route in primary:
        routes = secondary + [route]  # near-miss: PFL202 target differs from both operands
    return routes


def with_fallback(routes):
    routes = routes + ["/healthz"]  # near-miss: PFL202 no loop
    return routes


def grouped(samples):
    groups = defaultdict(list)
    for sample in samples:
        groups[sample.route] += [sample]  # near-miss: PFL202 += extends in place
    flat = [s for group in groups.values() for s in group]  # near-miss: PFL202 comprehension flattens
    return groups, flat


def offsets(sizes):
    offset = 0
    out = []
    for size in sizes:
        out.append(offset)
        offset = offset + size  # near-miss: PFL201 int, s = s + x
    return out


def status_classes_seen(samples):
    seen = set()
    for sample in samples:
        seen.add(STATUS_CLASSES[sample.status // 100 - 2])
    return sorted(seen)


def suggest_label(configs, label):
    # The loop ends right after the append: it runs at most once.
    message = "No installed app with label %r." % label
    for config in configs:
        if config.name == label:
            message += " Did you mean %r?" % config.label  # near-miss: PFL201 break follows
            break
    return message


def first_header_line(lines):
    # return follows the concatenation in the same block
    head = ""
    for line in lines:
        if line.startswith("#"):
            head += line.lstrip("# ")  # near-miss: PFL201 return follows
            return head
    return head


def joined_until_blank(lines):
    # the break is conditional and comes after: every other line still appends
    text = ""
    for line in lines:
        if not line:
            break
        text += line + "\n"  # expect: PFL201
    return text
