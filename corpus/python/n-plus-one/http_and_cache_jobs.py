"""Batch jobs around the CRM: avatars, webhooks, S3 exports and the redis cache.

requests / httpx.Client calls, boto3 client calls and per-key redis commands
are round trips: one per loop iteration is PFL101, and a helper that makes
one, called per iteration, is PFL102. Pipelines, mget and calls that do not
vary with the loop are fine.
"""
import json
import logging
import os

import boto3
import httpx
import redis
import requests

log = logging.getLogger("crm.jobs")

CRM_API = "https://crm.example.com/api/v3"
EXPORT_BUCKET = os.environ.get("EXPORT_BUCKET", "acme-crm-exports")

cache = redis.Redis(host=os.environ.get("REDIS_HOST", "localhost"), port=6379, db=0)
s3 = boto3.client("s3")
http = requests.Session()
http.headers["Authorization"] = f"Bearer {os.environ.get('CRM_TOKEN', '')}"


def refresh_avatars(users):
    sizes = {}
    for user in users:
        resp = requests.head(user["avatar_url"], timeout=10)  # expect: PFL101
        sizes[user["id"]] = int(resp.headers.get("Content-Length", 0))
    return sizes


def push_webhooks(events):
    for event in events:
        http.post(f"{CRM_API}/webhooks/{event['hook_id']}/deliveries", json=event["payload"], timeout=10)  # expect: PFL101


def fetch_contacts(contact_ids):
    with httpx.Client(base_url=CRM_API, timeout=10) as client:
        return [client.get(f"/contacts/{cid}").json() for cid in contact_ids]  # expect: PFL101


def fetch_contacts_batched(contact_ids):
    with httpx.Client(base_url=CRM_API, timeout=10) as client:
        resp = client.get("/contacts", params={"ids": ",".join(map(str, contact_ids))})  # near-miss: PFL101 one request for all ids, no loop
    return resp.json()["contacts"]


def sync_deals(deals):
    synced = 0
    for deal in deals:
        token = http.post(f"{CRM_API}/oauth/token", data={"grant_type": "client_credentials"}, timeout=10).json()["access_token"]  # near-miss: PFL101 same request every time: hoistable, not N+1
        deal["token_hint"] = token[:6]
        synced += 1
    return synced


def archive_exports(keys):
    for key in keys:
        s3.copy_object(Bucket=EXPORT_BUCKET, Key=f"archive/{key}", CopySource={"Bucket": EXPORT_BUCKET, "Key": key})  # expect: PFL101


def export_sizes(keys):
    return {key: s3.head_object(Bucket=EXPORT_BUCKET, Key=key)["ContentLength"] for key in keys}  # expect: PFL101


def list_exports(prefix):
    paginator = s3.get_paginator("list_objects_v2")
    keys = []
    for page in paginator.paginate(Bucket=EXPORT_BUCKET, Prefix=prefix):  # near-miss: PFL101 the iterable is built once; boto3 pages it
        keys.extend(obj["Key"] for obj in page.get("Contents", []))
    return keys


def expire_sessions(session_ids):
    for sid in session_ids:
        cache.delete(f"session:{sid}")  # expect: PFL101


def expire_sessions_pipelined(session_ids):
    with cache.pipeline(transaction=False) as pipe:
        for sid in session_ids:
            pipe.delete(f"session:{sid}")  # near-miss: PFL101 queued on a pipeline, sent once
        pipe.execute()


def cached_profiles(user_ids):
    profiles = {}
    for uid in user_ids:
        raw = cache.get(f"profile:{uid}")  # expect: PFL101
        if raw is not None:
            profiles[uid] = json.loads(raw)
    return profiles


def cached_profiles_mget(user_ids):
    keys = [f"profile:{uid}" for uid in user_ids]
    values = cache.mget(keys)  # near-miss: PFL101 one MGET for all keys
    return {uid: json.loads(raw) for uid, raw in zip(user_ids, values) if raw is not None}


def bump_counters(events):
    for event in events:
        cache.hincrby("events:by_type", event["type"], 1)  # expect: PFL101


def feature_flags_for(users):
    flags = {}
    for user in users:
        enabled = cache.sismember("flags:beta", "new-checkout")  # near-miss: PFL101 same key and member for every user: hoistable
        flags[user["id"]] = bool(enabled) and user["plan"] == "pro"
    return flags


def _fetch_company(company_id):
    resp = http.get(f"{CRM_API}/companies/{company_id}", timeout=10)
    resp.raise_for_status()
    return resp.json()


def _company_domain(company_id):
    return _fetch_company(company_id)["domain"]


def _domain_of(email):
    return email.rsplit("@", 1)[-1].lower()


def enrich_leads(leads):
    for lead in leads:
        lead["company"] = _fetch_company(lead["company_id"])  # expect: PFL102
        lead["domain"] = _domain_of(lead["email"])  # near-miss: PFL102 helper does no I/O
    return leads


def domains_match(leads):
    return [lead["id"] for lead in leads if _company_domain(lead["company_id"]) == _domain_of(lead["email"])]  # expect: PFL102


def primary_company(leads):
    for lead in leads:
        if lead.get("is_primary"):
            return _fetch_company(lead["company_id"])  # near-miss: PFL102 returned at once: runs once
    return None


def each_lead(leads, handler):
    for lead in leads:
        handler(lead)  # near-miss: PFL102 a callback of unknown kind
