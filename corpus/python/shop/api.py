"""FastAPI side service: stock, exchange rates and parcel tracking for the app.

The handlers are `async def`, so every helper they call directly runs on the
event loop. The helpers in clients.py, services.py and repository.py that use
requests, httpx.Client, sync redis or a sync SQLAlchemy session block it
(PFL402); the same helpers handed to a thread pool, the async clients, and
the helpers that only compute are fine.
"""
import asyncio

import anyio
import requests
from fastapi import FastAPI, HTTPException
from starlette.concurrency import run_in_threadpool

from shop import clients, repository, services
from .clients import fetch_exchange_rate, fetch_exchange_rate_async, normalize_postcode
from .repository import carrier_label, load_shipment
from .services import cached_stock, format_points

app = FastAPI(title="shop-api")


@app.get("/stock/{sku}")
async def stock(sku: str):
    level = cached_stock(sku)  # expect: PFL402
    if level is None:
        raise HTTPException(status_code=404, detail="unknown sku")
    return {"sku": sku, "level": level}


@app.get("/stock/{sku}/live")
async def stock_live(sku: str):
    level = services.stock_level(sku)  # expect: PFL402
    return {"sku": sku, "level": level}


@app.get("/v2/stock/{sku}")
async def stock_v2(sku: str):
    level = await asyncio.to_thread(services.stock_level, sku)  # near-miss: PFL402 handed to asyncio.to_thread, not called
    return {"sku": sku, "level": level}


@app.put("/stock/{sku}")
async def set_stock(sku: str, quantity: int):
    services.remember_stock(sku, quantity)  # expect: PFL402
    return {"sku": sku, "level": quantity}


@app.get("/rates/{currency}")
async def rate(currency: str):
    return {"rate": fetch_exchange_rate(currency)}  # expect: PFL402


@app.get("/v2/rates/{currency}")
async def rate_v2(currency: str):
    return {"rate": await fetch_exchange_rate_async(currency)}  # near-miss: PFL402 async helper on httpx.AsyncClient, awaited


@app.get("/v3/rates/{currency}")
def rate_v3(currency: str):
    # A plain `def` endpoint: FastAPI runs it in its thread pool.
    return {"rate": fetch_exchange_rate(currency)}  # near-miss: PFL402 sync endpoint, not an async def


@app.get("/rates/{currency}/raw")
async def rate_raw(currency: str):
    resp = requests.get(clients.RATES_URL, params={"base": "EUR", "symbols": currency}, timeout=10)  # expect: PFL401
    return resp.json()


@app.get("/quote")
async def quote(postcode: str, weight_kg: float):
    postcode = normalize_postcode(postcode)  # near-miss: PFL402 normalize_postcode does no I/O
    price = clients.get_shipping_quote(postcode, weight_kg)  # expect: PFL402
    return {"postcode": postcode, "price": price}


@app.get("/v2/quote")
async def quote_v2(postcode: str, weight_kg: float):
    price = await run_in_threadpool(clients.get_shipping_quote, normalize_postcode(postcode), weight_kg)  # near-miss: PFL402 handed to run_in_threadpool
    return {"postcode": postcode, "price": price}


@app.get("/shipments/{shipment_id}")
async def shipment(shipment_id: int):
    row = load_shipment(shipment_id)  # expect: PFL402
    if row is None:
        raise HTTPException(status_code=404)
    return {"carrier": carrier_label(row.carrier), "code": row.tracking_code}  # near-miss: PFL402 carrier_label does no I/O


@app.get("/v2/shipments/{shipment_id}")
async def shipment_v2(shipment_id: int):
    loop = asyncio.get_running_loop()
    row = await loop.run_in_executor(None, load_shipment, shipment_id)  # near-miss: PFL402 handed to run_in_executor
    if row is None:
        raise HTTPException(status_code=404)
    return {"carrier": carrier_label(row.carrier), "code": row.tracking_code}


@app.get("/orders/{order_id}/delivery")
async def delivery(order_id: int):
    return {"state": repository.delivery_state(order_id)}  # expect: PFL402


@app.get("/v2/orders/{order_id}/delivery")
async def delivery_v2(order_id: int):
    state = await anyio.to_thread.run_sync(repository.delivery_state, order_id)  # near-miss: PFL402 handed to anyio.to_thread.run_sync
    return {"state": state}


@app.get("/parcels/{tracking_code}")
async def parcel(tracking_code: str):
    return clients.track_parcel(tracking_code)  # expect: PFL402


@app.get("/v2/parcels/{tracking_code}")
async def parcel_v2(tracking_code: str):
    return await clients.track_parcel_async(tracking_code)  # near-miss: PFL402 async helper, awaited


@app.get("/points/label")
async def points_label(points: int):
    return {"label": format_points(points)}  # near-miss: PFL402 format_points does no I/O


@app.get("/parcels/{carrier}/{tracking_code}/link")
async def parcel_link(carrier: str, tracking_code: str):
    return {"url": clients.build_tracking_url(carrier, tracking_code)}  # near-miss: PFL402 build_tracking_url does no I/O
