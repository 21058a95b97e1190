"""HTTP clients for the partners the shop talks to.

The plain functions use requests / httpx.Client: round trips, and blocking.
The `async def` ones use httpx.AsyncClient and are safe to await.
"""
import httpx
import requests

RATES_URL = "https://rates.example.com/v1/latest"
QUOTE_URL = "https://shipping.example.com/v2/quotes"
TRACKING_URL = "https://tracking.example.com/v1/parcels"

_http = requests.Session()
_http.headers.update({"User-Agent": "shop/2.3"})


def _get_json(url, **params):
    resp = _http.get(url, params=params, timeout=10)
    resp.raise_for_status()
    return resp.json()


def fetch_exchange_rate(currency):
    # Two levels deep: _get_json makes the request.
    payload = _get_json(RATES_URL, base="EUR", symbols=currency)
    return payload["rates"][currency]


def get_shipping_quote(postcode, weight_kg):
    resp = requests.post(QUOTE_URL, json={"postcode": postcode, "weight_kg": weight_kg}, timeout=10)
    resp.raise_for_status()
    return resp.json()["price"]


def track_parcel(tracking_code):
    with httpx.Client(timeout=5) as client:
        resp = client.get(f"{TRACKING_URL}/{tracking_code}")
    return resp.json()


async def fetch_exchange_rate_async(currency):
    async with httpx.AsyncClient(timeout=10) as client:
        resp = await client.get(RATES_URL, params={"base": "EUR", "symbols": currency})
    resp.raise_for_status()
    return resp.json()["rates"][currency]


async def track_parcel_async(tracking_code):
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.get(f"{TRACKING_URL}/{tracking_code}")
    return resp.json()


def build_tracking_url(carrier, tracking_code):
    return f"{TRACKING_URL}/{carrier}/{tracking_code}"


def normalize_postcode(postcode):
    return postcode.replace(" ", "").upper()
