"""The same exports, written so that nothing is copied more than once."""

import io


def render_summary(orders):
    parts = []
    for order in orders:
        parts.append(f"{order.id:>6}  {order.customer:<24}\n")
    return "".join(parts)


def render_csv(matrix):
    buf = io.StringIO()
    for row in matrix:
        buf.write(",".join(str(cell) for cell in row))
        buf.write("\n")
    return buf.getvalue()


def count_lines(orders):
    total = 0
    for order in orders:
        total += 1
    return total


def collect_ids(batches):
    ids = []
    for batch in batches:
        ids += [order.id for order in batch]
    return ids


def title(order):
    return "Order " + str(order.id) + " for " + order.customer
