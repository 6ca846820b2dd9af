"""The budget ledger: budgets set once, spends checked exactly, never overspent, tamper-evident."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
from pathlib import Path

import pytest

from medprivacy.budget import BudgetExceeded, Ledger, LedgerError, rho_to_epsilon
from medprivacy.errors import ConfigError


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    book = Ledger(tmp_path / "ledger.sqlite")
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


def test_dataset_names_are_restricted(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="dataset names"):
        Ledger(tmp_path / "l.sqlite").init_dataset("../etc", 1.0)


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
    with pytest.raises(LedgerError, match="broken at entry 2"):
        ledger.verify()


def test_rho_converts_to_a_larger_epsilon() -> None:
    eps = rho_to_epsilon(0.5, 1e-6)
    assert eps == pytest.approx(0.5 + 2 * (0.5 * 13.815510557964274) ** 0.5)
    with pytest.raises(ConfigError):
        rho_to_epsilon(0.5, 0.0)


def _race(path: str, barrier: mp.synchronize.Barrier, results: mp.Queue) -> None:  # type: ignore[type-arg]
    book = Ledger(path)
    barrier.wait()
    try:
        book.spend("ehr", 0.25, label="race", mechanism="m")
        results.put("ok")
    except BudgetExceeded:
        results.put("refused")


@pytest.mark.slow
def test_sixteen_racing_processes_cannot_overspend(ledger: Ledger) -> None:
    ledger.spend("ehr", 0.75, label="most", mechanism="m")  # 0.25 left: one racer may take it
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(16), ctx.Queue()
    procs = [
        ctx.Process(target=_race, args=(str(ledger.path), barrier, results)) for _ in range(16)
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
