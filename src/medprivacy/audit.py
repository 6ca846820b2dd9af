"""An append-only audit log of runs in SQLite, chained with a keyed MAC.

Each event stores HMAC-SHA256 (keyed from the pipeline key) of the previous event's MAC and its
own canonical JSON, and a ``meta`` row holds a MAC of the newest (count, MAC): editing, deleting,
re-chaining or truncating events is detected by :meth:`AuditLog.verify`, because nobody without
the key can recompute a MAC. SQLite triggers refuse UPDATE and DELETE. Events hold counts, names
and digests, never PHI values. The same keyed chain serves the budget ledger
(:mod:`medprivacy.budget`).
"""

from __future__ import annotations

import hmac
import json
import secrets
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from medprivacy.errors import MedPrivacyError
from medprivacy.keys import Key

GENESIS = "0" * 64
FORMAT = "medprivacy-keyed-chain-1"
META = "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
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
COLUMNS = "seq, ts, event, detail, prev, hash"


class ChainError(MedPrivacyError):
    """A keyed chain (audit log or budget ledger) is broken, truncated or keyed differently."""


# -- the keyed chain, shared with the budget ledger ----------------------------------------------


def chain_secret(key: Key, purpose: str) -> bytes:
    """The MAC key of one chain kind, derived from the pipeline key (the key is never stored)."""
    return key.digest(purpose, FORMAT)


def chain_mac(secret: bytes, prev: str, fields: Sequence[Any]) -> str:
    """HMAC-SHA256 of the previous MAC and one row (floats as hex, so REAL columns are exact)."""
    body = [prev, *(x.hex() if isinstance(x, float) else x for x in fields)]
    text = json.dumps(body, separators=(",", ":"))
    return hmac.new(secret, text.encode(), "sha256").hexdigest()


def open_chain(conn: sqlite3.Connection, secret: bytes, schema: str, what: str) -> None:
    """Create a new chain (schema, format, key check) or check an existing one's format and key.

    Files without the keyed format (written before chains were keyed) are refused.
    """

    def empty() -> bool:
        return not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'").fetchone()

    if not empty():  # an existing file is only read here (a read-only copy can be verified)
        conn.execute("BEGIN")
    else:  # creators race on a new file: one creates it in one transaction, others check
        conn.execute("BEGIN IMMEDIATE")
    try:
        if empty():
            for statement in _statements(META + schema):
                conn.execute(statement)
            conn.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("format", FORMAT),
                    ("id", secrets.token_hex(8)),
                    ("key_check", chain_mac(secret, GENESIS, ["key-check"])),
                    ("head", head_mac(secret, 0, GENESIS)),
                ],
            )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    meta = read_meta(conn)
    if meta.get("format") != FORMAT:
        raise ChainError(
            f"{what}: written without a keyed MAC (an older medprivacy) or not one at all; "
            "it cannot be verified: start a new file"
        )
    check = meta.get("key_check", "")
    if not (
        isinstance(check, str)
        and hmac.compare_digest(check, chain_mac(secret, GENESIS, ["key-check"]))
    ):
        raise ChainError(f"{what}: was created with another key (use the pipeline's key)")


def _statements(script: str) -> list[str]:
    """The SQL statements of ``script`` (triggers hold ';' inside, so split on whole ones)."""
    out, part = [], ""
    for line in script.splitlines(keepends=True):
        part += line
        if sqlite3.complete_statement(part):
            out.append(part.strip())
            part = ""
    return out


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(conn.execute("SELECT name, value FROM meta").fetchall())
    except sqlite3.DatabaseError:
        return {}


def head_mac(secret: bytes, entries: int, head: str) -> str:
    return chain_mac(secret, head, ["head", entries])


def walk_chain(
    conn: sqlite3.Connection, secret: bytes, query: str, what: str, noun: str
) -> tuple[int, str]:
    """Check every row's sequence, link and MAC, then the MAC'd head record: (count, head).

    Rows are ``(seq, fields..., prev, mac)``; the MAC covers ``(seq, fields...)``.
    """
    prev, n = GENESIS, 0
    for r in conn.execute(query):
        n += 1
        row, stored_prev, stored = tuple(r[:-2]), r[-2], r[-1]
        try:  # a cell rewritten to another storage class (a BLOB) cannot be MAC'd: edited
            ok = isinstance(stored, str) and hmac.compare_digest(
                chain_mac(secret, prev, row), stored
            )
        except (TypeError, ValueError):
            ok = False
        if r[0] != n or stored_prev != prev or not ok:
            raise ChainError(f"{what}: {noun} {r[0]} was edited, inserted or re-chained")
        prev = stored
    recorded = read_meta(conn).get("head", "")
    if not (isinstance(recorded, str) and hmac.compare_digest(recorded, head_mac(secret, n, prev))):
        raise ChainError(f"{what}: its newest rows were removed (the keyed head does not match)")
    return n, prev


def append_row(
    conn: sqlite3.Connection, secret: bytes, table: str, fields: Sequence[Any], n: int, prev: str
) -> str:
    """Append ``(n + 1, fields...)`` after a verified head; update the keyed head record."""
    row = (n + 1, *fields)
    mac = chain_mac(secret, prev, row)
    marks = ",".join("?" * (len(row) + 2))
    conn.execute(f"INSERT INTO {table} VALUES ({marks})", (*row, prev, mac))
    conn.execute("UPDATE meta SET value = ? WHERE name = 'head'", (head_mac(secret, n + 1, mac),))
    return mac


# -- the audit log -------------------------------------------------------------------------------


class AuditLog:
    """Append events; verify the keyed chain."""

    def __init__(self, path: str | Path, key: Key) -> None:
        self.path = Path(path)
        self._secret = chain_secret(key, "audit-mac")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self._connect()
        try:
            open_chain(conn, self._secret, SCHEMA, f"{self.path}: audit log")
        finally:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30, isolation_level=None)

    def _walk(self, conn: sqlite3.Connection) -> tuple[int, str]:
        query = f"SELECT {COLUMNS} FROM events ORDER BY seq"
        return walk_chain(conn, self._secret, query, f"{self.path}: audit log", "event")

    def append(self, event: str, **detail: Any) -> str:
        """Append one event atomically (concurrent writers serialise on the SQLite lock)."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                n, prev = self._walk(conn)
                ts = datetime.now(UTC).isoformat(timespec="seconds")
                text = json.dumps(detail, sort_keys=True, separators=(",", ":"), default=str)
                mac = append_row(conn, self._secret, "events", (ts, event, text), n, prev)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return mac
        finally:
            conn.close()

    def events(self) -> list[dict[str, Any]]:
        conn = self._connect()
        try:
            rows = conn.execute(f"SELECT {COLUMNS} FROM events ORDER BY seq")
            return [
                dict(seq=r[0], ts=r[1], event=r[2], detail=json.loads(r[3]), prev=r[4], hash=r[5])
                for r in rows
            ]
        finally:
            conn.close()

    def verified_events(self) -> list[dict[str, Any]]:
        """Every event, read in the same transaction that verifies the chain (so the list shown
        is the list checked); raise :class:`ChainError` if the chain is broken."""
        conn = self._connect()
        try:
            conn.execute("BEGIN")
            try:
                self._walk(conn)
                rows = conn.execute(f"SELECT {COLUMNS} FROM events ORDER BY seq").fetchall()
            finally:
                conn.execute("ROLLBACK")
        finally:
            conn.close()
        return [
            dict(seq=r[0], ts=r[1], event=r[2], detail=json.loads(r[3]), prev=r[4], hash=r[5])
            for r in rows
        ]

    def verify(self) -> int:
        """Return the number of events; raise :class:`ChainError` if the chain is broken."""
        conn = self._connect()
        try:
            return self._walk(conn)[0]
        finally:
            conn.close()
