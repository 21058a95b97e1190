"""Async enrichment workers (asyncpg, aiohttp, httpx.AsyncClient, redis.asyncio).

Awaiting does not batch anything: one awaited query or request per loop
iteration is still a round trip per row (PFL101). Nothing here blocks the
event loop, so there is nothing for the blocking-async rules either.
"""
import asyncio
import logging

import aiohttp
import asyncpg
import httpx
import redis.asyncio as aioredis

log = logging.getLogger("enrichment")

GEO_API = "https://geo.example.com/v1"
DSN = "postgresql://enrich@db.internal/events"


async def attach_users(pool: asyncpg.Pool, events):
    async with pool.acquire() as conn:
        for event in events:
            event["user"] = await conn.fetchrow("SELECT id, email, plan FROM users WHERE id = $1", event["user_id"])  # expect: PFL101
    return events


async def attach_users_batched(pool: asyncpg.Pool, events):
    ids = list({event["user_id"] for event in events})
    async with pool.acquire() as conn:
        rows = await conn.fetch("SELECT id, email, plan FROM users WHERE id = ANY($1::bigint[])", ids)  # near-miss: PFL101 one query with ANY($1), no loop
    users = {row["id"]: row for row in rows}
    for event in events:
        event["user"] = users.get(event["user_id"])
    return events


async def store_scores(conn: asyncpg.Connection, scores):
    for user_id, score in scores.items():
        await conn.execute("UPDATE users SET score = $1 WHERE id = $2", score, user_id)  # expect: PFL101


async def store_scores_batched(conn: asyncpg.Connection, scores):
    await conn.executemany("UPDATE users SET score = $1 WHERE id = $2", [(s, uid) for uid, s in scores.items()])  # near-miss: PFL101 executemany


async def plan_counts(conn: asyncpg.Connection):
    counts = {}
    for plan in ("free", "pro", "enterprise"):
        counts[plan] = await conn.fetchval("SELECT count(*) FROM users WHERE plan = $1", plan)  # near-miss: PFL101 loop over a constant tuple of three
    return counts


async def geolocate(ips):
    results = {}
    async with aiohttp.ClientSession() as session:
        for ip in ips:
            async with session.get(f"{GEO_API}/ip/{ip}") as resp:  # expect: PFL101
                results[ip] = await resp.json()
    return results


async def geolocate_batched(ips):
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{GEO_API}/ip/batch", json={"ips": list(ips)}) as resp:  # near-miss: PFL101 one batch request, no loop
            return await resp.json()


async def check_links(urls):
    broken = []
    async with httpx.AsyncClient(timeout=5, follow_redirects=True) as client:
        for url in urls:
            resp = await client.head(url)  # expect: PFL101
            if resp.status_code >= 400:
                broken.append(url)
    return broken


async def poll_status(job_ids):
    async with httpx.AsyncClient(base_url="https://jobs.example.com") as client:
        return {job_id: (await client.get(f"/jobs/{job_id}")).json()["state"] for job_id in job_ids}  # expect: PFL101


async def tag_events(events):
    async with httpx.AsyncClient() as client:
        for event in events:
            rules = (await client.get("https://rules.example.com/v1/tagging")).json()  # near-miss: PFL101 same request every time: hoistable, not N+1
            event["tags"] = [rule["tag"] for rule in rules if rule["type"] == event["type"]]
    return events


async def cache_sessions(sessions):
    r = aioredis.Redis(host="cache.internal")
    for session in sessions:
        await r.set(f"sess:{session['id']}", session["blob"], ex=3600)  # expect: PFL101
    await r.aclose()


async def cache_sessions_pipelined(sessions):
    r = aioredis.Redis(host="cache.internal")
    async with r.pipeline(transaction=False) as pipe:
        for session in sessions:
            pipe.set(f"sess:{session['id']}", session["blob"], ex=3600)  # near-miss: PFL101 queued on a pipeline
        await pipe.execute()
    await r.aclose()


async def _user_plan(conn: asyncpg.Connection, user_id):
    return await conn.fetchval("SELECT plan FROM users WHERE id = $1", user_id)


async def plans_for(conn: asyncpg.Connection, user_ids):
    plans = {}
    for user_id in user_ids:
        plans[user_id] = await _user_plan(conn, user_id)  # expect: PFL102
    return plans


async def main():
    pool = await asyncpg.create_pool(DSN)
    try:
        events = await attach_users_batched(pool, [])
        log.info("enriched %d events", len(events))
    finally:
        await pool.close()


if __name__ == "__main__":
    asyncio.run(main())
