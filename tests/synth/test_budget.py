"""The ledger is charged before any noisy measurement and refuses an exhausted budget."""

from __future__ import annotations

import numpy as np
import pytest

budget = pytest.importorskip("medprivacy.budget")

from medprivacy.synth import mst as mst_module  # noqa: E402
from medprivacy.synth import synthesize  # noqa: E402


def test_budget_is_spent_before_measurement(tmp_path, chain_table, chain_spec, monkeypatch):
    # a bare ledger path takes its key from MEDPRIVACY_KEY
    monkeypatch.setenv("MEDPRIVACY_KEY", "synth-test-key-0123456789")
    path = tmp_path / "ledger.sqlite"
    budget.Ledger(path).init_dataset("ehr", epsilon=3.0, delta=1e-5)
    seen: list[int] = []
    real = mst_module.noisy_counts

    def spy(*args, **kwargs):
        seen.append(len(budget.Ledger(path).history("ehr")))
        return real(*args, **kwargs)

    monkeypatch.setattr(mst_module, "noisy_counts", spy)
    synthesize(chain_table, chain_spec, "mst", 1.0, ledger=path, dataset="ehr")
    spends = [e for e in budget.Ledger(path).history("ehr") if e.kind == "spend"]
    assert len(spends) == 1 and seen and min(seen) == len(budget.Ledger(path).history("ehr"))
    entry = spends[0]
    assert entry.label == "synth:mst" and entry.epsilon == 1.0
    assert set(entry.detail) >= {"method", "rho", "adjacency", "columns"}


def test_spend_records_the_privacy_unit(tmp_path, chain_table, chain_spec, key):
    book = budget.Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("ehr", epsilon=3.0, delta=1e-5)
    df = chain_table.assign(pid=np.arange(len(chain_table)) // 5)
    spec = {**chain_spec, "privacy_unit": {"id": "pid", "max_rows": 5}}
    synthesize(df, spec, "independent", 1.0, ledger=book, dataset="ehr")
    (entry,) = [e for e in book.history("ehr") if e.kind == "spend"]
    assert entry.unit == {"id": "pid", "max_rows": 5, "entity": "pid"}


def test_synthesize_without_a_ledger_warns_that_nothing_records_the_spend(
    chain_table, chain_spec, caplog
):
    with caplog.at_level("WARNING", logger="medprivacy.synth.api"):
        synthesize(chain_table, chain_spec, "independent", 1.0)
    assert "nothing records" in caplog.text


def test_exhausted_budget_refused(tmp_path, chain_table, chain_spec, key):
    book = budget.Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("ehr", epsilon=1.0, delta=1e-5)
    synthesize(chain_table, chain_spec, "mst", 0.6, ledger=book, dataset="ehr")
    with pytest.raises(budget.BudgetExceeded):
        synthesize(chain_table, chain_spec, "mst", 0.6, ledger=book, dataset="ehr")
