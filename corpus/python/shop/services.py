"""Business helpers of the shop app.

Some of these make round trips (Django ORM queries, a sync redis cache), so
calling them once per row of a loop is an N+1 (PFL102) and calling the
redis ones from an `async def` blocks the event loop (PFL402). Others only
compute: calling those anywhere is fine.
"""
from decimal import Decimal

import redis
from django.db.models import Sum

from .models import LoyaltyAccount, Order, Product

_stock_cache = redis.Redis(host="cache.internal", port=6379, db=2, decode_responses=True)

TIER_MULTIPLIERS = {"standard": 1, "silver": 2, "gold": 3}


def get_points(customer_id):
    account = LoyaltyAccount.objects.filter(customer_id=customer_id).first()
    return account.points if account is not None else 0


def get_points_bulk(customer_ids):
    rows = LoyaltyAccount.objects.filter(customer_id__in=customer_ids).values_list("customer_id", "points")
    return dict(rows)


def lifetime_value(customer_id):
    totals = Order.objects.filter(customer_id=customer_id, status="paid").aggregate(total=Sum("total"))
    return totals["total"] or Decimal("0")


def customer_summary(customer_id):
    # Two levels deep: each of these helpers queries.
    return {"points": get_points(customer_id), "lifetime_value": lifetime_value(customer_id)}


def cached_stock(sku):
    value = _stock_cache.get(f"stock:{sku}")
    return int(value) if value is not None else None


def stock_level(sku):
    cached = cached_stock(sku)
    if cached is not None:
        return cached
    return Product.objects.values_list("stock", flat=True).get(sku=sku)


def remember_stock(sku, quantity):
    _stock_cache.setex(f"stock:{sku}", 300, quantity)


def points_for_amount(amount, tier):
    multiplier = TIER_MULTIPLIERS.get(tier, 1)
    return int(amount) * multiplier


def format_points(points):
    return f"{points:,} pts"


def line_total(quantity, unit_price):
    return (unit_price * quantity).quantize(Decimal("0.01"))
