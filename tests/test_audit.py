"""The audit log is append-only and chained with a keyed MAC: tampering is refused or detected."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from medprivacy.audit import AuditLog, ChainError
from medprivacy.errors import MedPrivacyError
from medprivacy.keys import Key


def test_events_chain_and_verify(tmp_path: Path, key: Key) -> None:
    log = AuditLog(tmp_path / "audit.sqlite", key)
    log.append("run_started", pipeline="p")
    log.append("run_finished", files=3)
    events = log.events()
    assert [e["event"] for e in events] == ["run_started", "run_finished"]
    assert events[1]["prev"] == events[0]["hash"]
    assert log.verify() == 2


def test_update_and_delete_are_refused(tmp_path: Path, key: Key) -> None:
    log = AuditLog(tmp_path / "audit.sqlite", key)
    log.append("run_started")
    conn = sqlite3.connect(tmp_path / "audit.sqlite")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE events SET event='x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM events")


def test_tampering_behind_the_triggers_is_detected(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "audit.sqlite"
    log = AuditLog(path, key)
    log.append("a", n=1)
    log.append("b", n=2)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("""UPDATE events SET detail='{"n":5}' WHERE seq=1""")
    conn.commit()
    with pytest.raises(MedPrivacyError, match="event 1 was edited"):
        log.verify()


def test_a_recomputed_unkeyed_chain_does_not_verify(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "audit.sqlite"
    log = AuditLog(path, key)
    log.append("a", n=1)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER events_no_update")
    seq, ts, event, _, prev, _ = conn.execute("SELECT * FROM events").fetchone()
    detail = '{"n":5}'
    body = json.dumps([prev, seq, ts, event, detail], separators=(",", ":"))
    forged = hashlib.sha256(body.encode()).hexdigest()  # what an attacker without the key can do
    conn.execute("UPDATE events SET detail = ?, hash = ?", (detail, forged))
    conn.commit()
    with pytest.raises(ChainError, match="event 1"):
        log.verify()


def test_deleting_the_newest_events_is_detected(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "audit.sqlite"
    log = AuditLog(path, key)
    for i in range(3):
        log.append("e", n=i)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER events_no_delete")
    conn.execute("DELETE FROM events WHERE seq = 3")
    conn.commit()
    with pytest.raises(ChainError, match="newest rows were removed"):
        log.verify()
    with pytest.raises(ChainError):  # and nothing is appended to a broken log
        log.append("after")


def test_another_key_is_refused(tmp_path: Path, key: Key) -> None:
    AuditLog(tmp_path / "audit.sqlite", key).append("a")
    with pytest.raises(ChainError, match="another key"):
        AuditLog(tmp_path / "audit.sqlite", Key("someone-else"))
