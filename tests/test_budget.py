"""The budget ledger: budgets set once, spends checked exactly, never overspent, tamper-evident
(keyed MAC chain, keyed head, published anchors)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import shutil
import sqlite3
from pathlib import Path

import pytest

from medprivacy.budget import BudgetExceeded, Ledger, LedgerError, rho_to_epsilon
from medprivacy.errors import ConfigError, KeyConfigError
from medprivacy.keys import Key


@pytest.fixture
def ledger(tmp_path: Path, key: Key) -> Ledger:
    book = Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("ehr", 1.0, 1e-6)
    return book


def test_spends_add_up_and_the_rest_is_refused(ledger: Ledger) -> None:
    ledger.spend("ehr", 0.4, label="a", mechanism="m")
    ledger.spend("ehr", 0.6, label="b", mechanism="m")
    with pytest.raises(BudgetExceeded, match="exhausted"):
        ledger.spend("ehr", 1e-9, label="c", mechanism="m")
    bal = ledger.balance("ehr")
    assert bal.spent_epsilon == pytest.approx(1.0) and bal.releases == 2


def test_exact_comparison_allows_thirds_but_not_a_hair_more(ledger: Ledger) -> None:
    for _ in range(3):
        ledger.spend("ehr", 1 / 3, label="third", mechanism="m")  # 3 * float(1/3) < 1 exactly
    with pytest.raises(BudgetExceeded):
        ledger.spend("ehr", 2**-50, label="hair", mechanism="m")


def test_delta_is_budgeted_too(ledger: Ledger) -> None:
    ledger.spend("ehr", 0.1, 1e-6, label="a", mechanism="m")
    with pytest.raises(BudgetExceeded):
        ledger.spend("ehr", 0.1, 1e-12, label="b", mechanism="m")


def test_refused_spend_leaves_no_entry(ledger: Ledger) -> None:
    with pytest.raises(BudgetExceeded):
        ledger.spend("ehr", 2.0, label="too much", mechanism="m")
    assert [e.kind for e in ledger.history("ehr")] == ["budget"]


@pytest.mark.parametrize("eps", [0.0, -1.0, float("nan"), float("inf")])
def test_nonpositive_or_nonfinite_epsilon_is_a_config_error(ledger: Ledger, eps: float) -> None:
    with pytest.raises(ConfigError, match="epsilon"):
        ledger.spend("ehr", eps, label="x", mechanism="m")
    with pytest.raises(ConfigError, match="epsilon"):
        ledger.init_dataset("other", eps)


def test_a_budget_is_set_once(ledger: Ledger) -> None:
    with pytest.raises(ConfigError, match="already has a budget"):
        ledger.init_dataset("ehr", 100.0)


def test_unknown_dataset_is_named_with_the_fix(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="budget init nope"):
        ledger.spend("nope", 0.1, label="x", mechanism="m")


def test_dataset_names_are_restricted(tmp_path: Path, key: Key) -> None:
    with pytest.raises(ConfigError, match="dataset names"):
        Ledger(tmp_path / "l.sqlite", key=key).init_dataset("../etc", 1.0)


def test_rows_cannot_be_updated_or_deleted(ledger: Ledger) -> None:
    conn = sqlite3.connect(ledger.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE entries SET epsilon = 100 WHERE kind = 'budget'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM entries")
    conn.close()


def test_verify_detects_an_edited_row(ledger: Ledger) -> None:
    ledger.spend("ehr", 0.5, label="a", mechanism="m")
    assert ledger.verify() == 2
    conn = sqlite3.connect(ledger.path)  # an attacker with file access drops the trigger
    conn.execute("DROP TRIGGER entries_no_update")
    conn.execute("UPDATE entries SET epsilon = 0.01 WHERE kind = 'spend'")
    conn.commit()
    conn.close()
    with pytest.raises(LedgerError, match="entry 2 was edited"):
        ledger.verify()
    with pytest.raises(LedgerError, match="entry 2"):  # nothing is paid from a broken ledger
        ledger.spend("ehr", 0.1, label="b", mechanism="m")


def _tamper(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS entries_no_update")
    conn.execute("DROP TRIGGER IF EXISTS entries_no_delete")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_deleting_the_newest_spends_is_detected_and_nothing_is_spent_again(
    ledger: Ledger,
) -> None:
    ledger.spend("ehr", 0.6, label="a", mechanism="m")
    ledger.spend("ehr", 0.4, label="b", mechanism="m")
    _tamper(ledger.path, "DELETE FROM entries WHERE kind = 'spend'")
    with pytest.raises(LedgerError, match="newest rows were removed"):
        ledger.verify()
    with pytest.raises(LedgerError):
        ledger.spend("ehr", 0.5, label="again", mechanism="m")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE entries SET label = X'00' WHERE seq = 2",
        "UPDATE meta SET value = X'00' WHERE name = 'head'",
    ],
)
def test_a_cell_rewritten_as_a_blob_is_a_broken_chain_not_a_crash(ledger: Ledger, sql: str) -> None:
    ledger.spend("ehr", 0.6, label="a", mechanism="m")
    _tamper(ledger.path, sql)
    with pytest.raises(LedgerError, match=r"edited|removed"):
        ledger.verify()
    with pytest.raises(LedgerError):
        ledger.spend("ehr", 0.1, label="again", mechanism="m")


def test_rewritten_amounts_with_a_recomputed_unkeyed_chain_do_not_verify(ledger: Ledger) -> None:
    ledger.spend("ehr", 0.9, label="a", mechanism="m")
    conn = sqlite3.connect(ledger.path)
    rows = conn.execute("SELECT * FROM entries ORDER BY seq").fetchall()
    conn.close()
    statements, prev = [], "0" * 64
    for r in rows:  # the attacker lowers the spend and recomputes a SHA-256 chain (no key)
        row = list(r[:10])
        if row[3] == "spend":
            row[6] = 0.01
        body = json.dumps([prev, *(x.hex() if isinstance(x, float) else x for x in row)])
        digest = hashlib.sha256(body.encode()).hexdigest()
        statements.append(
            f"UPDATE entries SET epsilon = {row[6]!r}, prev = '{prev}', hash = '{digest}' "
            f"WHERE seq = {row[0]}"
        )
        prev = digest
    _tamper(ledger.path, *statements)
    with pytest.raises(LedgerError, match="entry 1 was edited"):
        ledger.verify()
    with pytest.raises(LedgerError):
        ledger.spend("ehr", 0.5, label="again", mechanism="m")


def test_restoring_an_older_copy_is_refused_by_a_published_anchor(
    ledger: Ledger, tmp_path: Path, key: Key
) -> None:
    ledger.spend("ehr", 0.3, label="a", mechanism="m")
    old = tmp_path / "old.sqlite"
    shutil.copy(ledger.path, old)  # (WAL is checkpointed on close)
    ledger.spend("ehr", 0.6, label="b", mechanism="m")
    published = ledger.anchor()
    assert published["entries"] == 3 and len(published["head"]) == 64
    ledger.check_anchor(published, "manifest.json")
    restored = Ledger(old, key=key)
    assert restored.verify() == 2  # a consistent older file: only the anchor can tell
    with pytest.raises(LedgerError, match="rolled back"):
        restored.check_anchor(published, "manifest.json")
    other = Ledger(tmp_path / "other.sqlite", key=key)
    with pytest.raises(LedgerError, match="not the budget ledger"):
        other.check_anchor(published, "manifest.json")


def test_another_key_is_refused(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="another key"):
        Ledger(ledger.path, key=Key("not-the-pipeline-key"))


def test_ledger_from_an_older_unkeyed_version_is_refused(tmp_path: Path, key: Key) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE entries (seq INTEGER PRIMARY KEY, hash TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(LedgerError, match="without a keyed MAC"):
        Ledger(path, key=key)


def test_a_bare_path_takes_the_key_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MEDPRIVACY_KEY", raising=False)
    with pytest.raises(KeyConfigError, match="no key"):
        Ledger(tmp_path / "l.sqlite")
    monkeypatch.setenv("MEDPRIVACY_KEY", "env-key")
    Ledger(tmp_path / "l.sqlite").init_dataset("d", 1.0)
    assert Ledger(tmp_path / "l.sqlite", key=Key("env-key")).verify() == 1


def test_an_emptied_ledger_file_is_an_error_when_not_creating(tmp_path: Path, key: Key) -> None:
    # truncating the file to zero bytes resets every budget: show/verify/stats must not start a
    # new, empty ledger in its place (as they must not for a missing path)
    path = tmp_path / "l.sqlite"
    Ledger(path, key=key).init_dataset("ehr", 1.0)
    for extra in (path.with_name("l.sqlite-wal"), path.with_name("l.sqlite-shm")):
        extra.unlink(missing_ok=True)
    path.write_bytes(b"")
    with pytest.raises(LedgerError, match="empty, not a budget ledger"):
        Ledger(path, key=key, create=False)
    assert path.stat().st_size == 0


def test_missing_ledger_is_an_error_when_not_creating(tmp_path: Path, key: Key) -> None:
    with pytest.raises(LedgerError, match="no budget ledger"):
        Ledger(tmp_path / "none.sqlite", key=key, create=False)
    assert not (tmp_path / "none.sqlite").exists()


def test_a_dataset_refuses_spends_with_another_privacy_unit(ledger: Ledger) -> None:
    unit = {"id": "patient_id", "max_rows": 5}
    ledger.spend("ehr", 0.1, label="a", mechanism="m", unit=unit)
    assert ledger.history("ehr")[-1].unit == {**unit, "entity": "patient_id"}
    ledger.spend("ehr", 0.1, label="b", mechanism="m", unit=dict(unit))
    for other in ({"id": "encounter_id", "max_rows": 1}, {"id": None, "max_rows": 1}, None):
        with pytest.raises(ConfigError, match="privacy unit"):
            ledger.spend("ehr", 0.1, label="c", mechanism="m", unit=other)
    assert ledger.balance("ehr").releases == 2


def test_tables_naming_one_entity_by_different_columns_share_a_budget(ledger: Ledger) -> None:
    patients = {"id": "ID", "max_rows": 1, "entity": "patient"}
    encounters = {"id": "PATIENT", "max_rows": 5, "entity": "patient"}
    ledger.spend("ehr", 0.4, label="patients", mechanism="m", unit=patients)
    ledger.spend("ehr", 0.4, label="encounters", mechanism="m", unit=encounters)
    assert ledger.balance("ehr").releases == 2
    with pytest.raises(ConfigError, match="entity 'encounter'"):
        ledger.spend(
            "ehr", 0.1, label="x", mechanism="m", unit={**encounters, "entity": "encounter"}
        )


def test_max_rows_may_differ_between_releases_of_one_entity(ledger: Ledger) -> None:
    ledger.spend("ehr", 0.1, label="a", mechanism="m", unit={"id": "pid", "max_rows": 5})
    ledger.spend("ehr", 0.1, label="b", mechanism="m", unit={"id": "pid", "max_rows": 6})
    assert ledger.balance("ehr").releases == 2


def test_exhausted_budget_message_shows_enough_digits(ledger: Ledger) -> None:
    ledger.spend("ehr", 0.9, label="a", mechanism="m")
    with pytest.raises(BudgetExceeded) as info:
        ledger.spend("ehr", 0.1, label="b", mechanism="m")  # 1.0 - 0.9 < 0.1 in floats
    assert "needs ε=0.1 but ε=0.09999999999999998 is left" in str(info.value)


def test_rho_converts_to_a_larger_epsilon() -> None:
    eps = rho_to_epsilon(0.5, 1e-6)
    assert eps == pytest.approx(0.5 + 2 * (0.5 * 13.815510557964274) ** 0.5)
    with pytest.raises(ConfigError):
        rho_to_epsilon(0.5, 0.0)


def _race(path: str, key: Key, barrier: mp.synchronize.Barrier, results: mp.Queue) -> None:
    book = Ledger(path, key=key)
    barrier.wait()
    try:
        book.spend("ehr", 0.25, label="race", mechanism="m")
        results.put("ok")
    except BudgetExceeded:
        results.put("refused")


@pytest.mark.slow
def test_sixteen_racing_processes_cannot_overspend(ledger: Ledger, key: Key) -> None:
    ledger.spend("ehr", 0.75, label="most", mechanism="m")  # 0.25 left: one racer may take it
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(16), ctx.Queue()
    procs = [
        ctx.Process(target=_race, args=(str(ledger.path), key, barrier, results)) for _ in range(16)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    outcomes = sorted(results.get(timeout=5) for _ in procs)
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == 15
    bal = ledger.balance("ehr")
    assert bal.spent_epsilon == 1.0 and bal.releases == 2
    assert ledger.verify() == 3


def test_a_replace_one_release_does_not_add_up_with_add_remove_releases(ledger: Ledger) -> None:
    unit = {"id": "pid", "max_rows": 3, "entity": "patient"}
    ledger.spend("ehr", 0.1, label="a", mechanism="m", unit=unit)
    with pytest.raises(ConfigError, match="replace-one adjacency"):
        ledger.spend("ehr", 0.1, label="b", mechanism="m", unit={**unit, "adjacency": "replace"})
    assert ledger.balance("ehr").releases == 1
