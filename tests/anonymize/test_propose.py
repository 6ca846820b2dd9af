"""Proposed hierarchies fit the column's shape, name no value, and work when used as proposed."""

from __future__ import annotations

import pandas as pd

from medprivacy.anonymize import anonymize, propose, tradeoff

from . import independent as ind
from .conftest import QIS, config


def test_proposals_follow_the_column_shape_and_name_no_value() -> None:
    df = pd.DataFrame(
        {
            "age": [23, 45, 67, 81, 34],
            "zip": ["02139", "02141", "10001", "94110", "02139"],
            "admitted": ["2020-01-03", "2021-07-09", "2019-12-31", "2020-02-02", "2022-05-05"],
            "sex": ["F", "M", "F", "M", "F"],
        }
    )
    spec = propose(df, list(df.columns))
    assert spec["age"].kind == "intervals" and spec["age"].widths == [5.0, 10.0, 20.0]
    assert spec["zip"].kind == "prefix"
    assert spec["admitted"].kind == "dates"
    assert spec["sex"].kind == "groups" and spec["sex"].groups == []
    text = "".join(s.model_dump_json() for s in spec.values())
    assert "02139" not in text and "2020-01-03" not in text and "Male" not in text


def test_proposed_hierarchies_anonymize(patients: pd.DataFrame) -> None:
    spec = propose(patients, ["age", "zip", "sex", "race"])
    cfg = {"quasi_identifiers": spec, "models": [{"kind": "k_anonymity", "k": 5}]}
    out, report = anonymize(patients, cfg)
    assert report.satisfied and ind.k_of(out, ["age", "zip", "sex", "race"]) >= 5


def test_tradeoff_shows_what_a_stricter_threshold_costs(patients: pd.DataFrame) -> None:
    rows = tradeoff(patients, config([{"kind": "k_anonymity", "k": 2}], 0.02), (0.5, 0.2, 0.1))
    assert [r["highest_risk"] for r in rows] == [0.5, 0.2, 0.1]
    assert all(r["feasible"] for r in rows)
    losses = [r["loss"] for r in rows]
    assert losses == sorted(losses) and losses[0] < losses[-1]
    _, at_ten = anonymize(patients, config([{"kind": "k_anonymity", "k": 10}], 0.02))
    assert rows[-1]["loss"] == at_ten.loss  # highest risk 0.1 is k = 10
    assert set(rows[0]["levels"]) == set(QIS)
