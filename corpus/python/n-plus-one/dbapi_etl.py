"""Nightly ETL: staging SQLite file -> warehouse PostgreSQL.

Plain DB-API code (sqlite3, psycopg2). One statement per row is a round trip
per row (PFL101); executemany, execute_values and statements that do not
depend on the row are not.
"""
import csv
import logging
import sqlite3
from datetime import date, timedelta

import psycopg2
import psycopg2.extras

log = logging.getLogger("etl.orders")

STAGING_DB = "/var/lib/etl/staging.sqlite3"
WAREHOUSE_DSN = "dbname=warehouse user=etl host=warehouse.internal"


def chunks(rows, size):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def load_customers(csv_path):
    conn = sqlite3.connect(STAGING_DB)
    cur = conn.cursor()
    with open(csv_path, newline="", encoding="utf-8") as fh:
        for record in csv.DictReader(fh):
            cur.execute("INSERT OR REPLACE INTO customers (id, email, country) VALUES (?, ?, ?)", (record["id"], record["email"], record["country"]))  # expect: PFL101
    conn.commit()
    conn.close()


def load_products(csv_path):
    conn = sqlite3.connect(STAGING_DB)
    with open(csv_path, newline="", encoding="utf-8") as fh:
        rows = [(r["sku"], r["name"], r["price"]) for r in csv.DictReader(fh)]
    with conn:
        conn.executemany("INSERT OR REPLACE INTO products (sku, name, price) VALUES (?, ?, ?)", rows)  # near-miss: PFL101 one executemany, no loop
    conn.close()


def load_order_lines(lines):
    conn = sqlite3.connect(STAGING_DB)
    with conn:
        for batch in chunks(lines, 1000):
            conn.executemany("INSERT INTO order_lines (order_id, sku, qty) VALUES (?, ?, ?)", batch)  # near-miss: PFL101 executemany is the batched form
    conn.close()


def customer_names(customer_ids):
    conn = sqlite3.connect(STAGING_DB)
    names = {cid: conn.execute("SELECT name FROM customers WHERE id = ?", (cid,)).fetchone()[0] for cid in customer_ids}  # expect: PFL101
    conn.close()
    return names


def customer_names_batched(customer_ids):
    conn = sqlite3.connect(STAGING_DB)
    placeholders = ",".join("?" for _ in customer_ids)
    names = dict(conn.execute(f"SELECT id, name FROM customers WHERE id IN ({placeholders})", list(customer_ids)))  # near-miss: PFL101 one query with IN (...)
    conn.close()
    return names


def sync_order_totals(day: date):
    src = sqlite3.connect(STAGING_DB)
    dst = psycopg2.connect(WAREHOUSE_DSN)
    with dst, dst.cursor() as cur:
        for order_id, total in src.execute("SELECT id, total FROM orders WHERE day = ?", (day.isoformat(),)):  # near-miss: PFL101 the loop's iterable is evaluated once
            cur.execute("UPDATE fact_orders SET total = %s WHERE order_id = %s", (total, order_id))  # expect: PFL101
    src.close()
    dst.close()


def sync_order_totals_batched(day: date):
    src = sqlite3.connect(STAGING_DB)
    rows = src.execute("SELECT id, total FROM orders WHERE day = ?", (day.isoformat(),)).fetchall()
    dst = psycopg2.connect(WAREHOUSE_DSN)
    with dst, dst.cursor() as cur:
        for batch in chunks(rows, 500):
            psycopg2.extras.execute_values(cur, "UPDATE fact_orders AS f SET total = v.total FROM (VALUES %s) AS v (order_id, total) WHERE f.order_id = v.order_id", batch)  # near-miss: PFL101 execute_values sends one statement per batch
    src.close()
    dst.close()


def apply_vat(rows):
    dst = psycopg2.connect(WAREHOUSE_DSN)
    cur = dst.cursor()
    for row in rows:
        cur.execute("SELECT value FROM etl_settings WHERE key = 'vat_rate'")  # near-miss: PFL101 same query every time: hoistable, not N+1
        vat = cur.fetchone()[0]
        row["gross"] = row["net"] * (1 + vat)
    cur.close()
    dst.close()
    return rows


def truncate_staging():
    conn = sqlite3.connect(STAGING_DB)
    with conn:
        for table in ("customers", "orders", "order_lines"):
            conn.execute(f"DELETE FROM {table}")  # near-miss: PFL101 loop over a constant tuple of three tables
    conn.close()


def first_real_batch(batch_ids):
    conn = sqlite3.connect(STAGING_DB)
    meta = None
    for batch_id in batch_ids:
        if not batch_id.startswith("dry-"):
            meta = conn.execute("SELECT * FROM batches WHERE id = ? AND state = 'open'", (batch_id,)).fetchone()  # near-miss: PFL101 followed by break: runs once
            break
    conn.close()
    return meta


def mark_exported(order_ids):
    dst = psycopg2.connect(WAREHOUSE_DSN)
    cur = dst.cursor()
    pending = list(order_ids)
    while pending:
        order_id = pending.pop()
        cur.execute("UPDATE fact_orders SET exported_at = now() WHERE order_id = %s", (order_id,))  # expect: PFL101
    dst.commit()
    cur.close()
    dst.close()


def mark_exported_batched(order_ids):
    dst = psycopg2.connect(WAREHOUSE_DSN)
    with dst, dst.cursor() as cur:
        cur.execute("UPDATE fact_orders SET exported_at = now() WHERE order_id = ANY(%s)", (list(order_ids),))  # near-miss: PFL101 one statement for all ids
    dst.close()


def _country_of(cur: sqlite3.Cursor, customer_id: int):
    cur.execute("SELECT country FROM customers WHERE id = ?", (customer_id,))
    row = cur.fetchone()
    return row[0] if row else None


def _region_of(cur: sqlite3.Cursor, customer_id: int):
    country = _country_of(cur, customer_id)
    return {"DE": "DACH", "AT": "DACH", "CH": "DACH"}.get(country, "ROW")


def revenue_by_region(orders):
    conn = sqlite3.connect(STAGING_DB)
    cur = conn.cursor()
    revenue = {}
    for order in orders:
        region = _region_of(cur, order["customer_id"])  # expect: PFL102
        revenue[region] = revenue.get(region, 0) + order["total"]
    conn.close()
    return revenue


def _region_for_country(country):
    return {"DE": "DACH", "AT": "DACH", "CH": "DACH"}.get(country, "ROW")


def revenue_by_region_joined(since: date):
    conn = sqlite3.connect(STAGING_DB)
    revenue = {}
    query = "SELECT c.country, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.day >= ?"
    for country, total in conn.execute(query, ((since - timedelta(days=1)).isoformat(),)):
        region = _region_for_country(country)  # near-miss: PFL102 helper does no I/O
        revenue[region] = revenue.get(region, 0) + total
    conn.close()
    return revenue
