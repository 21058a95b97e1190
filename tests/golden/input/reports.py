"""Plain-text and CSV exports for the order history page."""

from dataclasses import dataclass


@dataclass
class Order:
    id: int
    customer: str
    total: float


def render_summary(orders):
    text = ""
    for order in orders:
        text = text + f"{order.id:>6}  {order.customer:<24} {order.total:>10.2f}\n"
    return text


def render_csv(matrix):
    out = ""
    for row in matrix:
        for cell in row:
            out += str(cell) + ","
        out += "\n"
    return out


def collect_ids(batches):
    ids = []
    for batch in batches:
        ids = ids + [order.id for order in batch]
    return ids


def all_orders(pages):
    return sum(pages, [])


def résumé_lines(entries):
	résumé = ""
	for entry in entries:
		résumé += "• " + entry + " ✓ 📦\n"
	return résumé
