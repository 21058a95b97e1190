"""`deploy` — an asyncio-based release script for the ECS services.

It is written as coroutines so that health checks can run concurrently, which
makes every blocking call in a coroutine body a stall of all of them
(PFL401). The `_v2` functions show the non-blocking spellings.
"""
import asyncio
import os
import subprocess
import sys

import boto3
import httpx

CLUSTER = os.getenv("ECS_CLUSTER", "prod")  # near-miss: PFL401 not in an async def, and not blocking
SLACK_WEBHOOK = os.environ.get("SLACK_WEBHOOK", "")
ecs = boto3.client("ecs")


async def current_revision():
    return subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], text=True).strip()  # expect: PFL401


async def current_revision_v2():
    proc = await asyncio.create_subprocess_exec("git", "rev-parse", "--short", "HEAD", stdout=asyncio.subprocess.PIPE)  # near-miss: PFL401 asyncio subprocess
    out, _ = await proc.communicate()  # near-miss: PFL401 asyncio process, awaited
    return out.decode().strip()


async def confirm(revision):
    answer = input(f"Deploy {revision} to {CLUSTER}? [y/N] ")  # expect: PFL401
    return answer.strip().lower() == "y"


async def confirm_v2(revision):
    answer = await asyncio.to_thread(input, f"Deploy {revision} to {CLUSTER}? [y/N] ")  # near-miss: PFL401 input passed to asyncio.to_thread, not called
    return answer.strip().lower() == "y"


async def roll_service(service, revision):
    ecs.update_service(cluster=CLUSTER, service=service, taskDefinition=f"{service}:{revision}")  # expect: PFL401


async def roll_service_v2(service, revision):
    await asyncio.to_thread(ecs.update_service, cluster=CLUSTER, service=service, taskDefinition=f"{service}:{revision}")  # near-miss: PFL401 boto3 call handed to a thread


async def announce(text):
    httpx.post(SLACK_WEBHOOK, json={"text": text}, timeout=5)  # expect: PFL401


async def announce_v2(text):
    async with httpx.AsyncClient(timeout=5) as client:
        await client.post(SLACK_WEBHOOK, json={"text": text})  # near-miss: PFL401 httpx.AsyncClient, awaited


async def tail_log(path):
    with open(path, encoding="utf-8") as fh:  # expect: PFL401
        for line in fh:
            yield line.rstrip("\n")


async def main():
    revision = await current_revision_v2()
    if not await confirm_v2(revision):
        return 1
    await asyncio.gather(roll_service_v2("api", revision), roll_service_v2("worker", revision))
    await announce_v2(f"Deployed {revision} to {CLUSTER}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
