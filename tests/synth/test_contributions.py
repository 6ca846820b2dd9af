"""The per-patient contribution bound: row-wise rules only, never a refusal that one row decides."""

from __future__ import annotations

import numpy as np
import pandas as pd

from medprivacy.keys import Key
from medprivacy.synth import synthesize
from medprivacy.synth.contributions import bound_contributions
from medprivacy.synth.spec import as_spec
from medprivacy.synth.step import split_holdout

SPEC = {
    "privacy_unit": {"id": "pid", "max_rows": 2},
    "columns": {"a": {"type": "categorical", "domain": [0, 1, 2]}},
}


def _table(n: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({"pid": [f"p{i // 2}" for i in range(n)], "a": rng.integers(0, 3, n)})


def test_a_row_without_a_unit_id_is_dropped_not_a_refusal_of_the_table():
    # neighbours: the same table plus one row whose id is null; both must release
    table = _table()
    neighbour = pd.concat([table, pd.DataFrame({"pid": [None], "a": [1]})], ignore_index=True)
    for t in (table, neighbour):
        assert len(synthesize(t, SPEC, "mst", 1.0, n_rows=50)) == 50
    blank = pd.concat([table, pd.DataFrame({"pid": ["", " "], "a": [1, 2]})], ignore_index=True)
    assert len(bound_contributions(neighbour, as_spec(SPEC))) == len(table)
    assert len(bound_contributions(blank, as_spec(SPEC))) == len(table)


def test_rows_without_a_unit_id_are_on_neither_side_of_the_holdout(key: Key):
    # they are never fitted, so counting them as members (or controls) would be false
    table = _table()
    table.loc[[3, 10], "pid"] = [None, ""]
    members, held = split_holdout(table, as_spec(SPEC), 0.3, key)
    assert held is not None
    kept = set(members.index) | set(held.index)
    assert kept == set(table.index) - {3, 10}


def test_one_patient_spelled_7_and_text_7_keeps_max_rows_in_all():
    df = pd.DataFrame({"pid": [7, 7, "7", "7", 7.0, "8"], "a": [0, 1, 2, 0, 1, 2]})
    kept = bound_contributions(df, as_spec(SPEC))
    assert list(kept.index) == [0, 1, 5]
