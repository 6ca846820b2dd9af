"""The audit log is append-only and hash-chained: tampering is refused or detected."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from medprivacy.audit import AuditLog
from medprivacy.errors import MedPrivacyError


def test_events_chain_and_verify(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    log.append("run_started", pipeline="p")
    log.append("run_finished", files=3)
    events = log.events()
    assert [e["event"] for e in events] == ["run_started", "run_finished"]
    assert events[1]["prev"] == events[0]["hash"]
    assert log.verify() == 2


def test_update_and_delete_are_refused(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    log.append("run_started")
    conn = sqlite3.connect(tmp_path / "audit.sqlite")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE events SET event='x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM events")


def test_tampering_behind_the_triggers_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite"
    log = AuditLog(path)
    log.append("a", n=1)
    log.append("b", n=2)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("""UPDATE events SET detail='{"n":5}' WHERE seq=1""")
    conn.commit()
    with pytest.raises(MedPrivacyError, match="broken at event 1"):
        log.verify()
