"""Async invoice worker: render, store and mail invoices taken from a queue.

The coroutines below call plain helpers. A helper that blocks (open(),
subprocess, smtplib, sqlite3, shutil, time.sleep), directly or through
another helper, blocks the event loop when called from an `async def`
(PFL402, reported on the call). Handing the helper to a thread pool, or
calling helpers that only compute, is fine.
"""
import asyncio
import functools
import hashlib
import json
import logging
import shutil
import smtplib
import sqlite3
import subprocess
import sys
import time
from email.message import EmailMessage

import anyio

log = logging.getLogger("invoice-worker")

SETTINGS_PATH = "/etc/invoice-worker/settings.json"
STATE_DB = "/var/lib/invoice-worker/state.sqlite3"
OUTBOX = "/var/spool/invoices"


def load_settings(path=SETTINGS_PATH):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def smtp_host():
    return load_settings()["smtp_host"]


def render_pdf(invoice_id, html):
    target = f"{OUTBOX}/invoice-{invoice_id}.pdf"
    subprocess.run(["wkhtmltopdf", "-", target], input=html.encode("utf-8"), check=True)
    return target


def send_mail(to, subject, body, attachment=None):
    msg = EmailMessage()
    msg["To"], msg["From"], msg["Subject"] = to, "billing@example.com", subject
    msg.set_content(body)
    with smtplib.SMTP(smtp_host(), 25, timeout=30) as smtp:
        smtp.send_message(msg)


def notify_customer(invoice):
    send_mail(invoice["email"], f"Invoice {invoice['number']}", "Your invoice is attached.")


def mark_sent(invoice_id):
    with sqlite3.connect(STATE_DB) as conn:
        conn.execute("UPDATE invoices SET sent_at = datetime('now') WHERE id = ?", (invoice_id,))


def archive(path):
    shutil.copy2(path, f"{OUTBOX}/archive/")


def backoff(attempt):
    time.sleep(min(2 ** attempt, 60))


def invoice_html(invoice):
    rows = "".join(f"<tr><td>{line['sku']}</td><td>{line['amount']}</td></tr>" for line in invoice["lines"])
    return f"<h1>Invoice {invoice['number']}</h1><table>{rows}</table>"


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cli_main():
    # Sync entry point: blocking here is fine.
    settings = load_settings()  # near-miss: PFL402 called from sync code
    log.info("worker for %s", settings["smtp_host"])
    asyncio.run(run_worker())


async def handle_invoice(invoice):
    html = invoice_html(invoice)  # near-miss: PFL402 helper only formats
    pdf_path = render_pdf(invoice["id"], html)  # expect: PFL402
    notify_customer(invoice)  # expect: PFL402
    mark_sent(invoice["id"])  # expect: PFL402
    archive(pdf_path)  # expect: PFL402
    return pdf_path


async def handle_invoice_threaded(invoice):
    html = invoice_html(invoice)  # near-miss: PFL402 helper only formats
    pdf_path = await asyncio.to_thread(render_pdf, invoice["id"], html)  # near-miss: PFL402 handed to asyncio.to_thread
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, notify_customer, invoice)  # near-miss: PFL402 handed to run_in_executor
    await loop.run_in_executor(None, functools.partial(mark_sent, invoice["id"]))  # near-miss: PFL402 a partial is built, the helper runs in the executor
    await anyio.to_thread.run_sync(archive, pdf_path)  # near-miss: PFL402 handed to anyio.to_thread.run_sync
    await loop.run_in_executor(None, lambda: send_mail(invoice["email"], "Copy", "Archived."))  # near-miss: PFL402 called inside a lambda run in the executor
    return pdf_path


async def resend(invoice, attempt):
    backoff(attempt)  # expect: PFL402
    await asyncio.to_thread(notify_customer(invoice))  # expect: PFL402


async def resend_v2(invoice, attempt):
    await asyncio.sleep(min(2 ** attempt, 60))
    await asyncio.to_thread(notify_customer, invoice)  # near-miss: PFL402 passed, not called


async def verify(invoice, pdf_bytes: bytes):
    digest = checksum(pdf_bytes)  # near-miss: PFL402 hashing in memory does no I/O
    settings = load_settings()  # expect: PFL402
    return digest == invoice.get("digest") and settings.get("verify", True)


async def mail_relay_host():
    return smtp_host()  # expect: PFL402


class OutboxWriter:
    def __init__(self, directory=OUTBOX):
        self.directory = directory

    def _write(self, name, data: bytes):
        with open(f"{self.directory}/{name}", "wb") as fh:
            fh.write(data)

    async def save(self, name, data: bytes):
        self._write(name, data)  # expect: PFL402

    async def save_threaded(self, name, data: bytes):
        await asyncio.to_thread(self._write, name, data)  # near-miss: PFL402 bound method handed to asyncio.to_thread


async def run_worker():
    queue: asyncio.Queue = asyncio.Queue()
    writer = OutboxWriter()
    log.info("outbox at %s", writer.directory)
    invoice = await queue.get()
    await handle_invoice_threaded(invoice)  # near-miss: PFL402 an async function, awaited


if __name__ == "__main__":
    cli_main()
    sys.exit(0)
