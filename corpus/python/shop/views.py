"""Storefront and back-office views of the shop app (sync Django views)."""
import csv
import io
from decimal import Decimal

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from shop import services
from .models import Category, Customer, Order, OrderItem, Product, Review
from .services import format_points, get_points, line_total


@staff_member_required
def loyalty_report(request):
    rows = []
    for customer in Customer.objects.filter(tier="gold").order_by("name"):
        points = get_points(customer.id)  # expect: PFL102
        rows.append((customer.name, format_points(points)))  # near-miss: PFL102 format_points does no I/O
    return render(request, "shop/loyalty_report.html", {"rows": rows})


@staff_member_required
def loyalty_report_batched(request):
    customers = list(Customer.objects.filter(tier="gold").order_by("name"))
    points = services.get_points_bulk([c.id for c in customers])  # near-miss: PFL102 one bulk query, outside any loop
    rows = [(c.name, format_points(points.get(c.id, 0))) for c in customers]  # near-miss: PFL102 a dict lookup and a pure helper
    return render(request, "shop/loyalty_report.html", {"rows": rows})


@staff_member_required
def customer_values(request):
    data = []
    for customer in Customer.objects.order_by("-created_at")[:100]:
        summary = services.customer_summary(customer.id)  # expect: PFL102
        data.append({"email": customer.email, **summary})
    return JsonResponse({"customers": data})


@staff_member_required
def loyalty_balances(request):
    customers = Customer.objects.filter(tier__in=["silver", "gold"])
    data = []
    for customer in customers:
        data.append({"email": customer.email, "points": customer.loyalty.points})  # expect: PFL103
    return JsonResponse({"balances": data})


@staff_member_required
def loyalty_balances_joined(request):
    customers = Customer.objects.filter(tier__in=["silver", "gold"]).select_related("loyalty")
    data = []
    for customer in customers:
        data.append({"email": customer.email, "points": customer.loyalty.points})  # near-miss: PFL103 select_related("loyalty")
    return JsonResponse({"balances": data})


@staff_member_required
def order_export(request):
    response = HttpResponse(content_type="text/csv")
    writer = csv.writer(response)
    writer.writerow(["order", "customer", "status", "total"])
    orders = Order.objects.filter(status="paid").order_by("-created_at")
    for order in orders:
        customer_name = order.customer.name  # expect: PFL103
        writer.writerow([order.id, customer_name, order.status, order.total])  # near-miss: PFL103 plain columns of the row
    return response


@staff_member_required
def order_export_joined(request):
    response = HttpResponse(content_type="text/csv")
    writer = csv.writer(response)
    orders = Order.objects.filter(status="paid").select_related("customer").order_by("-created_at")
    for order in orders:
        writer.writerow([order.id, order.customer.name, order.status, order.total])  # near-miss: PFL103 select_related("customer")
    return response


@staff_member_required
def new_order_customers(request):
    customer_ids = []
    for order in Order.objects.filter(status="new"):
        customer_ids.append(order.customer_id)  # near-miss: PFL103 the _id column, no join needed
    return JsonResponse({"customer_ids": customer_ids})


def order_detail(request, order_id):
    order = get_object_or_404(Order, pk=order_id)
    customer_name = order.customer.name  # near-miss: PFL103 one object, not in a loop
    items = order.items.select_related("product")
    lines = [(item.product.name, item.quantity, line_total(item.quantity, item.unit_price)) for item in items]  # near-miss: PFL103 select_related("product")
    return render(request, "shop/order_detail.html", {"order": order, "customer_name": customer_name, "lines": lines})


def order_history(request):
    customer_id = request.session["customer_id"]
    history = []
    for order in Order.objects.filter(customer_id=customer_id).order_by("-created_at")[:20]:
        product_ids = [item.product_id for item in order.items.all()]  # expect: PFL103
        history.append({"id": order.id, "products": product_ids})
    return JsonResponse({"orders": history})


def order_history_prefetched(request):
    customer_id = request.session["customer_id"]
    orders = Order.objects.filter(customer_id=customer_id).order_by("-created_at").prefetch_related("items")
    history = []
    for order in orders[:20]:
        product_ids = [item.product_id for item in order.items.all()]  # near-miss: PFL103 prefetch_related("items")
        history.append({"id": order.id, "products": product_ids})
    return JsonResponse({"orders": history})


def order_history_detailed(request):
    customer_id = request.session["customer_id"]
    items_with_products = OrderItem.objects.select_related("product")
    orders = Order.objects.filter(customer_id=customer_id).prefetch_related(Prefetch("items", queryset=items_with_products))
    history = []
    for order in orders:
        names = [item.product.name for item in order.items.all()]  # near-miss: PFL103 Prefetch("items") whose queryset joins product
        history.append({"id": order.id, "products": names})
    return JsonResponse({"orders": history})


@staff_member_required
def sales_by_product(request):
    totals = {}
    items = OrderItem.objects.filter(order__status="paid")
    for item in items:
        name = item.product.name  # expect: PFL103
        totals[name] = totals.get(name, Decimal("0")) + line_total(item.quantity, item.unit_price)  # near-miss: PFL102 line_total does no I/O
    return JsonResponse({name: str(total) for name, total in totals.items()})


def catalogue(request):
    products = Product.objects.filter(stock__gt=0).order_by("name")
    cards = []
    for product in products:
        category = product.category.name  # expect: PFL103
        tags = [tag.name for tag in product.tags.all()]  # expect: PFL103
        cards.append({"sku": product.sku, "name": product.name, "category": category, "tags": tags})
    return render(request, "shop/catalogue.html", {"cards": cards})


def catalogue_joined(request):
    products = Product.objects.filter(stock__gt=0).order_by("name")
    products = products.select_related("category").prefetch_related("tags")
    cards = []
    for product in products:
        category = product.category.name  # near-miss: PFL103 select_related("category")
        tags = [tag.name for tag in product.tags.all()]  # near-miss: PFL103 prefetch_related("tags")
        cards.append({"sku": product.sku, "name": product.name, "category": category, "tags": tags})
    return render(request, "shop/catalogue.html", {"cards": cards})


def category_page(request, slug):
    category = get_object_or_404(Category, slug=slug)
    products = Product.objects.filter(category=category)
    ratings = {}
    for product in products:
        ratings[product.sku] = [review.rating for review in product.review_set.all()]  # expect: PFL103
    return render(request, "shop/category.html", {"category": category, "ratings": ratings})


def category_page_prefetched(request, slug):
    category = get_object_or_404(Category, slug=slug)
    products = Product.objects.filter(category=category).prefetch_related("review_set")
    ratings = {}
    for product in products:
        ratings[product.sku] = [review.rating for review in product.review_set.all()]  # near-miss: PFL103 prefetch_related("review_set")
    return render(request, "shop/category.html", {"category": category, "ratings": ratings})


@staff_member_required
def bad_reviews(request):
    rows = []
    for review in Review.objects.filter(rating__lte=2).order_by("-id")[:200]:
        author_email = review.author.email  # expect: PFL103
        rows.append({"product": review.product_id, "author": author_email, "body": review.body})  # near-miss: PFL103 product_id is the _id column
    return JsonResponse({"reviews": rows})


@staff_member_required
def shipping_labels(request):
    labels = []
    for customer in Customer.objects.filter(orders__status="paid").distinct():
        addresses = [f"{a.line1}, {a.postcode} {a.city}" for a in customer.addresses.all()]  # expect: PFL103
        labels.append({"name": customer.name, "addresses": addresses})
    return JsonResponse({"labels": labels})


@staff_member_required
def apply_price_list(request):
    uploaded = csv.DictReader(io.TextIOWrapper(request.FILES["prices"], encoding="utf-8"))
    for row in uploaded:
        Product.objects.filter(sku=row["sku"]).update(price=Decimal(row["price"]))  # expect: PFL101
    return HttpResponse(status=204)


@staff_member_required
def apply_price_list_batched(request):
    uploaded = csv.DictReader(io.TextIOWrapper(request.FILES["prices"], encoding="utf-8"))
    prices = {row["sku"]: Decimal(row["price"]) for row in uploaded}
    products = list(Product.objects.filter(sku__in=list(prices)))  # near-miss: PFL101 one query, outside the loop
    for product in products:
        product.price = prices[product.sku]
    Product.objects.bulk_update(products, ["price"])  # near-miss: PFL101 one bulk update after the loop
    return HttpResponse(status=204)


@staff_member_required
def clear_negative_stock(request):
    for product in Product.objects.filter(stock__lt=0):
        product.stock = 0
        product.save(update_fields=["stock"])  # expect: PFL101
    return HttpResponse(status=204)


@staff_member_required
def status_counts(request):
    counts = {}
    for status in ("new", "paid", "shipped"):
        counts[status] = Order.objects.filter(status=status).count()  # near-miss: PFL101 loop over a constant tuple of three
    return JsonResponse(counts)


def review_counts(request):
    counts = {}
    for product in Product.objects.all():
        counts[product.sku] = product.review_set.count()  # expect: PFL101
    return render(request, "shop/counts.html", {"counts": counts})


def review_counts_prefetched(request):
    counts = {}
    for product in Product.objects.prefetch_related("review_set"):
        counts[product.sku] = product.review_set.count()  # near-miss: PFL101 answered from the prefetched rows
        seen = product.review_set.exists()  # near-miss: PFL101 answered from the prefetched rows
        counts[product.sku + "-recent"] = product.review_set.filter(rating__gte=4).count()  # expect: PFL101
    return render(request, "shop/counts.html", {"counts": counts, "seen": seen})
