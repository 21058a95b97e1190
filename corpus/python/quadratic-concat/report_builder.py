"""Hand-rolled HTML reports for the billing dashboard.

These Django views predate the move to templates and still build their
markup by hand. Rows come from `.values()` querysets (plain dicts), so the
only cost worth talking about here is how the markup is put together.
"""
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.html import escape

from billing.models import Invoice, Payment
from billing.services import customer_display_name, currency_symbol


@login_required
def invoice_table(request, customer_id):
    rows = Invoice.objects.filter(customer_id=customer_id).order_by("-issued_at").values(
        "number", "issued_at", "total", "status"
    )

    html = "<table class='invoices'>"
    html += "<thead><tr><th>Number</th><th>Date</th><th>Total</th></tr></thead>"  # near-miss: PFL201 outside any loop
    total = Decimal("0")
    count = 0
    for row in rows:
        html += "<tr>"  # expect: PFL201
        html += f"<td>{escape(row['number'])}</td>"  # expect: PFL201
        html += "<td>%s</td>" % row["issued_at"].strftime("%Y-%m-%d")  # expect: PFL201
        html += "<td class='num'>{:.2f}</td></tr>".format(row["total"])  # expect: PFL201
        total += row["total"]  # near-miss: PFL201 Decimal accumulator
        count += 1  # near-miss: PFL201 int counter
    html += "</table>"  # near-miss: PFL201 after the loop
    html += f"<p>{count} invoices, {total:.2f} in total</p>"  # near-miss: PFL201 after the loop
    return HttpResponse(html)


@login_required
def payment_summary(request, customer_id):
    payments = Payment.objects.filter(customer_id=customer_id).values_list("method", "amount")
    symbol = currency_symbol(request.user)

    # The right way: collect the rows, join once.
    parts = ["<ul class='payments'>"]
    by_method = {}
    for method, amount in payments:
        by_method[method] = by_method.get(method, 0) + amount  # near-miss: PFL201 numeric value in a dict
    for method, amount in sorted(by_method.items()):
        parts.append(f"<li>{escape(method)}: {symbol}{amount:.2f}</li>")
    parts.append("</ul>")
    return HttpResponse("".join(parts))


@login_required
def aging_report(request):
    buckets = Invoice.objects.overdue_buckets()  # {label: [dict(number=..., days=...)]}
    title = "Aging report for " + customer_display_name(request.user)  # near-miss: PFL201 once, not in a loop

    body = f"<h1>{escape(title)}</h1>"
    for label, invoices in buckets.items():
        body += f"<h2>{escape(label)}</h2><ol>"  # expect: PFL201
        for inv in invoices:
            body += "<li>%s (%d days)</li>" % (escape(inv["number"]), inv["days"])  # expect: PFL201
        body += "</ol>"  # expect: PFL201
    body = body.replace("\n", "")
    return HttpResponse(body)


class StatementRenderer:
    """Renders a customer statement as plain text for e-mail."""

    width = 72

    def __init__(self, customer_name, lines):
        self.customer_name = customer_name
        self.lines = lines

    def header(self) -> str:
        rule = "=" * self.width
        return rule + "\n" + self.customer_name.center(self.width) + "\n" + rule  # near-miss: PFL201 no loop

    def render(self) -> str:
        text: str = self.header() + "\n"
        balance = 0.0
        for line in self.lines:
            balance = balance + line.amount  # near-miss: PFL201 float accumulator
            text += f"{line.date:%d %b}  {line.description:<40} {line.amount:>10.2f}\n"  # expect: PFL201
        text = text + f"{'Balance':<48} {balance:>10.2f}\n"  # near-miss: PFL201 after the loop
        return text

    def render_compact(self, separator: str = " | ") -> str:
        # Joined properly: no finding.
        return separator.join(f"{line.description}: {line.amount:.2f}" for line in self.lines)
