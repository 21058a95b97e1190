"""Reports that evaluate querysets inside loops (Django)."""
from django.db.models import Count

from shop.models import Customer, Order


def orders_by_customer(customer_ids):
    report = {}
    for customer_id in customer_ids:
        orders = Order.objects.filter(customer_id=customer_id).order_by("-created_at")
        report[customer_id] = [o.total for o in orders]  # expect: PFL101
    return report


def order_counts(customers):
    counts = {}
    for customer in customers:
        recent = Order.objects.filter(customer=customer, status="paid")
        counts[customer.pk] = len(recent)  # expect: PFL101
    return counts


def totals_per_status(statuses):
    rows = []
    for status in statuses:
        for order in Order.objects.filter(status=status):  # expect: PFL101
            rows.append((status, order.total))
    return rows


def totals_grouped(statuses):
    # One query before the loop, grouped in Python.
    by_status = {}
    for order in Order.objects.filter(status__in=statuses):  # near-miss: PFL101 one query, not inside another loop
        by_status.setdefault(order.status, []).append(order.total)
    return by_status


def counts_annotated():
    # The database counts: one query.
    return {c.pk: c.n for c in Customer.objects.annotate(n=Count("orders"))}  # near-miss: PFL101 a single annotated query


def reuse_evaluated(customer_ids):
    paid = Order.objects.filter(status="paid")
    out = []
    for customer_id in customer_ids:
        for order in paid:  # near-miss: PFL101 same queryset object: evaluated once, then cached
            if order.customer_id == customer_id:
                out.append(order)
    return out
