"""Inventory sync service on aiohttp.web.

Every handler is a coroutine on the one event loop. Sync database drivers,
sockets, shutil, open(), os.system and urllib block it (PFL401); asyncpg,
aiohttp's client, aiofiles and executors do not.
"""
import asyncio
import json
import os
import shutil
import socket
import sqlite3
import urllib.request

import aiofiles
import aiohttp
import asyncpg
import psycopg2
from aiohttp import web
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

LOCAL_DB = "/var/lib/inventory/local.sqlite3"
WAREHOUSE_DSN = os.environ.get("WAREHOUSE_DSN", "postgresql://inventory@db.internal/warehouse")
SUPPLIER_FEED = "https://supplier.example.com/feed.json"
ARCHIVE_DIR = "/var/lib/inventory/archive"

engine = create_engine("postgresql+psycopg2://inventory@db.internal/warehouse")
routes = web.RouteTableDef()


@routes.get("/local/{sku}")
async def local_stock(request: web.Request):
    sku = request.match_info["sku"]
    with sqlite3.connect(LOCAL_DB) as conn:  # expect: PFL401
        rows = list(conn.execute("SELECT qty FROM stock WHERE sku = ?", (sku,)))  # expect: PFL401
    return web.json_response({"sku": sku, "qty": rows[0][0] if rows else 0})


@routes.get("/v2/local/{sku}")
async def local_stock_v2(request: web.Request):
    sku = request.match_info["sku"]

    def lookup():
        with sqlite3.connect(LOCAL_DB) as conn:  # near-miss: PFL401 inside a nested sync def
            return list(conn.execute("SELECT qty FROM stock WHERE sku = ?", (sku,)))  # near-miss: PFL401 inside a nested sync def

    rows = await asyncio.get_running_loop().run_in_executor(None, lookup)  # near-miss: PFL402 nested def handed to run_in_executor
    return web.json_response({"sku": sku, "qty": rows[0][0] if rows else 0})


@routes.get("/warehouse/{sku}")
async def warehouse_stock(request: web.Request):
    conn = psycopg2.connect(WAREHOUSE_DSN)  # expect: PFL401
    try:
        qty = await asyncio.to_thread(_fetch_qty, conn, request.match_info["sku"])  # near-miss: PFL402 handed to asyncio.to_thread
    finally:
        await asyncio.to_thread(conn.close)  # near-miss: PFL401 bound method passed, not called
    return web.json_response({"qty": qty})


def _fetch_qty(conn, sku):
    with conn.cursor() as cur:
        cur.execute("SELECT qty FROM stock WHERE sku = %s", (sku,))
        row = cur.fetchone()
    return row[0] if row else 0


@routes.get("/v2/warehouse/{sku}")
async def warehouse_stock_v2(request: web.Request):
    pool: asyncpg.Pool = request.app["pool"]
    async with pool.acquire() as conn:
        qty = await conn.fetchval("SELECT qty FROM stock WHERE sku = $1", request.match_info["sku"])  # near-miss: PFL401 asyncpg, awaited
    return web.json_response({"qty": qty or 0})


@routes.get("/report/{sku}")
async def sku_report(request: web.Request):
    with Session(engine) as session:
        total = session.scalar(text("SELECT sum(qty) FROM movements WHERE sku = :sku"), {"sku": request.match_info["sku"]})  # expect: PFL401
    return web.json_response({"moved": total or 0})


@routes.get("/supplier/feed")
async def supplier_feed(request: web.Request):
    payload = json.load(urllib.request.urlopen(SUPPLIER_FEED, timeout=10))  # expect: PFL401
    return web.json_response(payload)


@routes.get("/v2/supplier/feed")
async def supplier_feed_v2(request: web.Request):
    async with aiohttp.ClientSession() as session:
        async with session.get(SUPPLIER_FEED) as resp:  # near-miss: PFL401 aiohttp client, awaited
            payload = await resp.json()
    return web.json_response(payload)


@routes.get("/health/tcp/{host}/{port}")
async def tcp_probe(request: web.Request):
    host, port = request.match_info["host"], int(request.match_info["port"])
    try:
        with socket.create_connection((host, port), timeout=2):  # expect: PFL401
            return web.json_response({"up": True})
    except OSError:
        return web.json_response({"up": False})


@routes.get("/v2/health/tcp/{host}/{port}")
async def tcp_probe_v2(request: web.Request):
    host, port = request.match_info["host"], int(request.match_info["port"])
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout=2)  # near-miss: PFL401 asyncio streams
    except (OSError, asyncio.TimeoutError):
        return web.json_response({"up": False})
    writer.close()
    await writer.wait_closed()
    return web.json_response({"up": True})


@routes.post("/snapshots/{name}/archive")
async def archive_snapshot(request: web.Request):
    name = request.match_info["name"]
    shutil.move(f"/var/lib/inventory/snapshots/{name}.db", os.path.join(ARCHIVE_DIR, f"{name}.db"))  # expect: PFL401
    return web.json_response({"archived": name})


@routes.post("/v2/snapshots/{name}/archive")
async def archive_snapshot_v2(request: web.Request):
    name = request.match_info["name"]
    await asyncio.to_thread(shutil.move, f"/var/lib/inventory/snapshots/{name}.db", os.path.join(ARCHIVE_DIR, f"{name}.db"))  # near-miss: PFL401 shutil.move passed, not called
    return web.json_response({"archived": name})


@routes.delete("/snapshots")
async def purge_snapshots(request: web.Request):
    shutil.rmtree("/var/lib/inventory/snapshots/tmp")  # expect: PFL401
    os.system("sync")  # expect: PFL401
    return web.json_response({"purged": True})


@routes.post("/export")
async def export_stock(request: web.Request):
    rows = await request.json()
    with open(os.path.join(ARCHIVE_DIR, "export.json"), "w", encoding="utf-8") as fh:  # expect: PFL401
        json.dump(rows, fh)
    return web.json_response({"rows": len(rows)})


@routes.post("/v2/export")
async def export_stock_v2(request: web.Request):
    rows = await request.json()
    async with aiofiles.open(os.path.join(ARCHIVE_DIR, "export.json"), "w", encoding="utf-8") as fh:  # near-miss: PFL401 aiofiles
        await fh.write(json.dumps(rows))  # near-miss: PFL401 aiofiles file, awaited
    return web.json_response({"rows": len(rows)})


async def init_pool(app: web.Application):
    app["pool"] = await asyncpg.create_pool(WAREHOUSE_DSN)  # near-miss: PFL401 asyncpg, awaited
    yield
    await app["pool"].close()


def create_app():
    app = web.Application()
    app.add_routes(routes)
    app.cleanup_ctx.append(init_pool)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), port=8081)
