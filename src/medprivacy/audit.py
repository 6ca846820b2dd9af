"""An append-only, hash-chained audit log of runs, in SQLite.

Each event stores the SHA-256 of the previous event's hash and its own canonical JSON, so editing
or deleting any event breaks the chain (:meth:`AuditLog.verify`). SQLite triggers refuse UPDATE and
DELETE. Events hold counts, names and digests, never PHI values.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from medprivacy.errors import MedPrivacyError

GENESIS = "0" * 64
SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, event TEXT NOT NULL, detail TEXT NOT NULL,
    prev TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""


def _digest(prev: str, seq: int, ts: str, event: str, detail: str) -> str:
    body = json.dumps([prev, seq, ts, event, detail], separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


class AuditLog:
    """Append events; verify the chain."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        return conn

    def append(self, event: str, **detail: Any) -> str:
        """Append one event atomically (concurrent writers serialise on the SQLite lock)."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            row = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
            ts = datetime.now(UTC).isoformat(timespec="seconds")
            text = json.dumps(detail, sort_keys=True, separators=(",", ":"), default=str)
            digest = _digest(prev, seq, ts, event, text)
            conn.execute(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", (seq, ts, event, text, prev, digest)
            )
            conn.execute("COMMIT")
            return digest
        finally:
            conn.close()

    def events(self) -> list[dict[str, Any]]:
        conn = self._connect()
        try:
            rows = conn.execute(
                "SELECT seq, ts, event, detail, prev, hash FROM events ORDER BY seq"
            )
            return [
                dict(seq=r[0], ts=r[1], event=r[2], detail=json.loads(r[3]), prev=r[4], hash=r[5])
                for r in rows
            ]
        finally:
            conn.close()

    def verify(self) -> int:
        """Return the number of events; raise if the chain is broken anywhere."""
        conn = self._connect()
        try:
            rows = conn.execute(
                "SELECT seq, ts, event, detail, prev, hash FROM events ORDER BY seq"
            )
            prev, n = GENESIS, 0
            for seq, ts, event, detail, stored_prev, stored in rows:
                n += 1
                if (
                    seq != n
                    or stored_prev != prev
                    or _digest(prev, seq, ts, event, detail) != stored
                ):
                    raise MedPrivacyError(f"{self.path}: audit log broken at event {seq}")
                prev = stored
            return n
        finally:
            conn.close()
