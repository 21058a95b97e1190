"""Reporting microservice on FastAPI.

In an `async def` endpoint, a blocking call stalls every request the worker
is serving (PFL401). The `_v2` endpoints do the same work with async clients
or hand the blocking call to a thread pool; plain `def` endpoints run in
FastAPI's thread pool and may block.
"""
import asyncio
import functools
import os
import shutil
import subprocess
import time
from pathlib import Path

import aiofiles
import anyio
import boto3
import httpx
import redis
import redis.asyncio as aioredis
import requests
from fastapi import FastAPI, HTTPException, UploadFile
from starlette.concurrency import run_in_threadpool

app = FastAPI(title="reports")

REPORT_DIR = os.environ.get("REPORT_DIR", "/srv/reports")
REPORT_BUCKET = os.environ.get("REPORT_BUCKET", "acme-reports")
RATES_URL = "https://rates.example.com/v1/latest"

cache = redis.Redis(host="cache.internal", decode_responses=True)
async_cache = aioredis.Redis(host="cache.internal", decode_responses=True)
s3 = boto3.client("s3")
http = requests.Session()
sync_client = httpx.Client(timeout=10)


@app.get("/rates/{currency}")
async def get_rate(currency: str):
    cached = cache.get(f"rate:{currency}")  # expect: PFL401
    if cached is not None:
        return {"rate": float(cached)}
    resp = requests.get(RATES_URL, params={"base": "EUR", "symbols": currency}, timeout=5)  # expect: PFL401
    rate = resp.json()["rates"][currency]
    cache.setex(f"rate:{currency}", 3600, rate)  # expect: PFL401
    return {"rate": rate}


@app.get("/v2/rates/{currency}")
async def get_rate_v2(currency: str):
    cached = await async_cache.get(f"rate:{currency}")  # near-miss: PFL401 redis.asyncio, awaited
    if cached is not None:
        return {"rate": float(cached)}
    async with httpx.AsyncClient(timeout=5) as client:
        resp = await client.get(RATES_URL, params={"base": "EUR", "symbols": currency})  # near-miss: PFL401 httpx.AsyncClient, awaited
    rate = resp.json()["rates"][currency]
    await async_cache.setex(f"rate:{currency}", 3600, rate)  # near-miss: PFL401 redis.asyncio, awaited
    return {"rate": rate}


@app.get("/v3/rates/{currency}")
def get_rate_v3(currency: str):
    # A plain `def` endpoint: FastAPI runs it in its thread pool.
    resp = http.get(RATES_URL, params={"base": "EUR", "symbols": currency}, timeout=5)  # near-miss: PFL401 sync endpoint, not an async def
    return {"rate": resp.json()["rates"][currency]}


@app.get("/reports/{name}")
async def read_report(name: str):
    path = Path(REPORT_DIR, name).with_suffix(".json")  # near-miss: PFL401 building a path touches no disk
    if not path.name.startswith("report-"):
        raise HTTPException(status_code=404)
    return {"body": path.read_text(encoding="utf-8")}  # expect: PFL401


@app.get("/v2/reports/{name}")
async def read_report_v2(name: str):
    path = os.path.join(REPORT_DIR, f"{name}.json")  # near-miss: PFL401 os.path.join is string work
    async with aiofiles.open(path, encoding="utf-8") as fh:  # near-miss: PFL401 aiofiles
        body = await fh.read()  # near-miss: PFL401 aiofiles file, awaited
    return {"body": body}


@app.post("/reports/{name}/publish")
async def publish_report(name: str):
    body = Path(REPORT_DIR, f"{name}.html").read_bytes()  # expect: PFL401
    s3.put_object(Bucket=REPORT_BUCKET, Key=f"published/{name}.html", Body=body, ContentType="text/html")  # expect: PFL401
    return {"published": name}


@app.post("/v2/reports/{name}/publish")
async def publish_report_v2(name: str):
    body = await anyio.Path(REPORT_DIR, f"{name}.html").read_bytes()  # near-miss: PFL401 anyio.Path, awaited
    await asyncio.to_thread(s3.put_object, Bucket=REPORT_BUCKET, Key=f"published/{name}.html", Body=body)  # near-miss: PFL401 handed to asyncio.to_thread
    return {"published": name}


@app.post("/uploads")
async def upload(file: UploadFile):
    data = await file.read()  # near-miss: PFL401 UploadFile.read is a coroutine, awaited
    Path(REPORT_DIR, "incoming", file.filename).write_bytes(data)  # expect: PFL401
    return {"size": len(data)}


@app.post("/reports/{name}/pdf")
async def render_pdf(name: str):
    started = time.monotonic()  # near-miss: PFL401 reading a clock does not block
    subprocess.run(["wkhtmltopdf", f"{REPORT_DIR}/{name}.html", f"{REPORT_DIR}/{name}.pdf"], check=True)  # expect: PFL401
    return {"seconds": time.monotonic() - started}


@app.post("/v2/reports/{name}/pdf")
async def render_pdf_v2(name: str):
    proc = await asyncio.create_subprocess_exec("wkhtmltopdf", f"{REPORT_DIR}/{name}.html", f"{REPORT_DIR}/{name}.pdf")  # near-miss: PFL401 asyncio subprocess
    await proc.wait()
    return {"returncode": proc.returncode}


@app.post("/v3/reports/{name}/pdf")
async def render_pdf_v3(name: str):
    cmd = ["wkhtmltopdf", f"{REPORT_DIR}/{name}.html", f"{REPORT_DIR}/{name}.pdf"]
    await run_in_threadpool(functools.partial(subprocess.run, cmd, check=True))  # near-miss: PFL401 subprocess.run handed to run_in_threadpool
    return {"rendered": name}


@app.get("/partners/{partner}/status")
async def partner_status(partner: str):
    for attempt in range(3):
        try:
            resp = sync_client.get(f"https://{partner}.example.com/status")  # expect: PFL401
            return resp.json()
        except httpx.TransportError:
            time.sleep(2 ** attempt)  # expect: PFL401
    raise HTTPException(status_code=502)


@app.get("/v2/partners/{partner}/status")
async def partner_status_v2(partner: str):
    async with httpx.AsyncClient(timeout=5) as client:
        for attempt in range(3):
            try:
                resp = await client.get(f"https://{partner}.example.com/status")  # near-miss: PFL401 httpx.AsyncClient, awaited
                return resp.json()
            except httpx.TransportError:
                await asyncio.sleep(2 ** attempt)  # near-miss: PFL401 asyncio.sleep
    raise HTTPException(status_code=502)


@app.get("/partners/{partner}/logo")
async def partner_logo(partner: str):
    resp = await asyncio.to_thread(requests.get(f"https://{partner}.example.com/logo.png", timeout=5))  # expect: PFL401
    return {"bytes": len(resp.content)}


@app.get("/v2/partners/{partner}/logo")
async def partner_logo_v2(partner: str):
    resp = await asyncio.to_thread(requests.get, f"https://{partner}.example.com/logo.png", timeout=5)  # near-miss: PFL401 requests.get passed, not called
    return {"bytes": len(resp.content)}


@app.delete("/reports/cache")
async def clear_report_cache():
    cache_dir = Path(REPORT_DIR, "cache")

    def _reset():
        shutil.rmtree(cache_dir, ignore_errors=True)  # near-miss: PFL401 inside a nested sync def, not the async body
        cache_dir.mkdir(parents=True)

    await asyncio.to_thread(_reset)  # near-miss: PFL402 the nested def is handed to asyncio.to_thread
    return {"cleared": True}
