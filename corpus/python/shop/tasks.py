"""Celery tasks of the shop app (sync workers)."""
import logging

from celery import shared_task
from sqlalchemy.orm import Session

from shop import clients, repository, services
from .models import Order, Product
from .repository import ShipmentRepository, delivery_state, engine
from .services import customer_summary, points_for_amount, remember_stock

log = logging.getLogger(__name__)


@shared_task
def refresh_delivery_states(order_ids):
    delivered = []
    for order_id in order_ids:
        if delivery_state(order_id) == "delivered":  # expect: PFL102
            delivered.append(order_id)
    Order.objects.filter(id__in=delivered).update(status="shipped")  # near-miss: PFL101 one bulk update, outside the loop
    return len(delivered)


@shared_task
def refresh_delivery_states_v2(order_ids):
    states = {}
    for order_id in order_ids:
        states[order_id] = repository.latest_status(order_id)  # expect: PFL102
    return states


@shared_task
def sync_tracking(order_ids):
    with Session(engine) as session:
        repo = ShipmentRepository(session)
        for order_id in order_ids:
            for shipment in repo.for_order(order_id):  # expect: PFL102
                payload = clients.track_parcel(shipment.tracking_code)  # expect: PFL102
                log.info("%s: %s", clients.build_tracking_url(shipment.carrier, shipment.tracking_code), payload["status"])  # near-miss: PFL102 build_tracking_url does no I/O


@shared_task
def sync_tracking_batched(order_ids):
    with Session(engine) as session:
        repo = ShipmentRepository(session)
        shipments = repo.for_orders(order_ids)  # near-miss: PFL102 one query for all orders, outside the loop
        for shipment in shipments:
            log.info("%s %s", repository.carrier_label(shipment.carrier), shipment.tracking_code)  # near-miss: PFL102 carrier_label does no I/O


@shared_task
def build_price_feed(currencies):
    rates = {}
    for currency in currencies:
        rates[currency] = clients.fetch_exchange_rate(currency)  # expect: PFL102
    feed = []
    for product in Product.objects.only("sku", "price"):
        feed.append({"sku": product.sku, **{c: str(product.price * r) for c, r in rates.items()}})
    return feed


@shared_task
def build_eur_usd_feed():
    usd = clients.fetch_exchange_rate("USD")  # near-miss: PFL102 once, before the loop
    return [{"sku": p.sku, "usd": str(p.price * usd)} for p in Product.objects.only("sku", "price")]


@shared_task
def award_points(order_ids):
    awarded = 0
    for order in Order.objects.filter(id__in=order_ids).select_related("customer"):
        summary = customer_summary(order.customer_id)  # expect: PFL102
        earned = points_for_amount(order.total, order.customer.tier)  # near-miss: PFL102 pure helper (and customer is select_related)
        if summary["lifetime_value"] > 1000:
            earned *= 2
        awarded += earned
    return awarded


@shared_task
def points_digest(customer_ids):
    return {cid: services.get_points(cid) for cid in customer_ids}  # expect: PFL102


@shared_task
def points_digest_batched(customer_ids):
    points = services.get_points_bulk(customer_ids)  # near-miss: PFL102 one bulk query
    return {cid: services.format_points(points.get(cid, 0)) for cid in customer_ids}  # near-miss: PFL102 format_points does no I/O


@shared_task
def warm_stock_cache(skus):
    for sku in skus:
        level = services.stock_level(sku)  # expect: PFL102
        remember_stock(sku, level)  # expect: PFL102


@shared_task
def cancel_stale_orders(order_ids):
    for order_id in order_ids:
        Order.objects.filter(pk=order_id, status="new").update(status="cancelled")  # expect: PFL101


@shared_task
def cancel_stale_orders_batched(order_ids):
    Order.objects.filter(pk__in=order_ids, status="new").update(status="cancelled")  # near-miss: PFL101 one bulk update, no loop


@shared_task
def quote_pending_shipments(parcels):
    quotes = {}
    for parcel in parcels:
        postcode = clients.normalize_postcode(parcel["postcode"])  # near-miss: PFL102 normalize_postcode does no I/O
        quotes[parcel["id"]] = clients.get_shipping_quote(postcode, parcel["weight_kg"])  # expect: PFL102
    return quotes
