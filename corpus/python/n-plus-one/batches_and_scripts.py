"""Maintenance jobs: batched writes, migration scripts, and one real N+1."""
import sqlite3

BATCH_SIZE = 500


def archive_events(conn: sqlite3.Connection, event_ids):
    cur = conn.cursor()
    # One statement per batch of 500: this loop is the batching fix itself.
    for start in range(0, len(event_ids), BATCH_SIZE):
        chunk = event_ids[start:start + BATCH_SIZE]
        marks = ",".join("?" * len(chunk))
        cur.execute(f"UPDATE events SET archived = 1 WHERE id IN ({marks})", chunk)  # near-miss: PFL101 one query per batch
    conn.commit()


def apply_migration(conn: sqlite3.Connection, statements):
    cur = conn.cursor()
    # Each statement is different work: a script, not the same query per item.
    for sql in statements:
        cur.execute(sql)  # near-miss: PFL101 runs a list of statements
    conn.commit()


class Schema:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql, params=()):
        cur = self.conn.cursor()
        cur.execute(sql, params)

    def drop_indexes(self, names):
        for name in names:
            self.execute("DROP INDEX IF EXISTS %s" % name)  # near-miss: PFL102 a statement runner, one DDL per index


def touch_events(conn: sqlite3.Connection, event_ids):
    cur = conn.cursor()
    for event_id in event_ids:
        cur.execute("UPDATE events SET seen = 1 WHERE id = ?", (event_id,))  # expect: PFL101
    conn.commit()
