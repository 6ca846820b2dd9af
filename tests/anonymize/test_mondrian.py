"""Mondrian local recoding: every class satisfies the models, less loss than the lattice."""

from __future__ import annotations

import pandas as pd
import pytest

from medprivacy.anonymize import anonymize
from medprivacy.errors import ConfigError

from . import independent as ind
from .conftest import QIS, config

Q = list(QIS)


def test_mondrian_classes_are_k_anonymous_and_keep_every_record(patients: pd.DataFrame) -> None:
    out, report = anonymize(patients, config([{"kind": "k_anonymity", "k": 5}], method="mondrian"))
    assert len(out) == len(patients) and report.suppressed == 0
    assert ind.k_of(out, Q) >= 5
    assert report.classes == len(ind.sizes(out, Q))
    _, optimal = anonymize(patients, config([{"kind": "k_anonymity", "k": 5}]))
    assert report.utility["ncp"] < optimal.utility["ncp"]


def test_mondrian_numeric_ranges_cover_the_original_values(patients: pd.DataFrame) -> None:
    out, _ = anonymize(patients, config([{"kind": "k_anonymity", "k": 5}], method="mondrian"))
    for original, label in zip(patients["age"], out["age"], strict=True):
        lo, _, hi = label.partition("-")
        assert float(lo) <= original <= float(hi or lo)


def test_mondrian_enforces_l_diversity_and_t_closeness(patients: pd.DataFrame) -> None:
    models = [
        {"kind": "k_anonymity", "k": 3},
        {"kind": "l_diversity", "attribute": "diagnosis", "l": 3},
        {"kind": "t_closeness", "attribute": "diagnosis", "t": 0.3},
    ]
    out, report = anonymize(patients, config(models, method="mondrian"))
    assert ind.distinct_l(out, Q, "diagnosis") >= 3
    t = ind.t_equal(out, Q, "diagnosis", patients["diagnosis"])
    assert t <= 0.3 + 1e-9
    assert report.diversity["diagnosis"]["t_equal"] == pytest.approx(t)


def test_mondrian_refuses_models_it_cannot_enforce(patients: pd.DataFrame) -> None:
    models = [{"kind": "prosecutor_risk", "highest": 0.2, "average": 0.05}]
    with pytest.raises(ConfigError, match="mondrian cannot enforce prosecutor_risk"):
        anonymize(patients, config(models, method="mondrian"))


def test_mondrian_keeps_zip_codes_as_codes(patients: pd.DataFrame) -> None:
    out, _ = anonymize(patients, config([{"kind": "k_anonymity", "k": 5}], method="mondrian"))
    for original, label in zip(patients["zip"], out["zip"], strict=True):
        assert label == "*" or (len(label) == 5 and original.startswith(label.rstrip("*")))


def _ends(label: str) -> tuple[float, float]:
    """``lo-hi`` as ``[lo, hi)``; ``<hi`` and ``>=lo`` open at one end."""
    if label.startswith(">="):
        return float(label[2:]), float("inf")
    if label.startswith("<"):
        return float("-inf"), float(label[1:])
    lo, _, hi = label.partition("-")
    return float(lo), float(hi)


@pytest.mark.parametrize(
    ("rule", "declared"),
    [
        # declared intervals: every end is one of their edges (multiples of 10 up to 120)
        ({"kind": "intervals", "widths": [10, 20, 40]}, {10.0 * i for i in range(13)}),
        ({"kind": "groups", "groups": []}, set()),  # none: cut between values, outer ends open
    ],
)
def test_mondrian_labels_end_at_split_points_or_declared_bounds_never_data_extremes(
    rule: dict[str, object], declared: set[float]
) -> None:
    ages = [3, *range(20, 86), *range(20, 86), 50, 101, 102, 103, 104]  # 3 and 104: one person each
    df = pd.DataFrame({"age": [str(a) for a in ages], "sex": ["F", "M"] * (len(ages) // 2)})
    cfg = {
        "quasi_identifiers": {"age": rule, "sex": {"kind": "groups", "groups": []}},
        "models": [{"kind": "k_anonymity", "k": 4}],
        "method": "mondrian",
    }
    out, _ = anonymize(df, cfg)
    ends = [_ends(label) for label in out["age"]]
    for age, (lo, hi) in zip(ages, ends, strict=True):
        assert lo <= age < hi  # every record inside its released range
    lows = {lo for lo, _ in ends}
    highs = {hi for _, hi in ends}
    splits = lows & highs  # a split point ends one region and starts the next
    numbers = (lows | highs) - {float("inf"), float("-inf")}
    allowed = declared if declared else splits
    assert numbers <= allowed, numbers - allowed
    assert not {3.0, 104.0} & numbers  # the youngest and the oldest person's exact ages
