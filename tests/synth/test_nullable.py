"""Declared nulls (`nullable: true`): a column's null code is one more cell of every marginal that
holds the column, so the null share is measured with DP noise like any count, and synthesized in
about the input's share (issue 14, item 6)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from medprivacy.synth import aim as aim_module
from medprivacy.synth import mst as mst_module
from medprivacy.synth import synthesize

# code counts 2, 4 and 6: an axis of a measured marginal is known by its length
SPEC = {
    "columns": {
        "sex": {"domain": ["F", "M"]},
        "grade": {"domain": [1, 2, 3], "nullable": True},
        "los": {"type": "numeric", "bounds": [0, 50], "bins": 5, "dtype": "int", "nullable": True},
    }
}
NULL_CODE = {4: 3, 6: 5}  # axis length -> index of its null code


def _table(n: int = 4000) -> pd.DataFrame:
    """Text cells as a CSV gives them; grade is empty in ~30% of rows (more often for F), los in
    ~20%."""
    rng = np.random.default_rng(5)
    sex = rng.choice(["F", "M"], n)
    grade_null = rng.random(n) < np.where(sex == "F", 0.4, 0.2)
    grade = np.where(grade_null, "", rng.integers(1, 4, n).astype(str))
    los = np.where(rng.random(n) < 0.2, "", rng.integers(0, 50, n).astype(str))
    return pd.DataFrame({"sex": sex, "grade": grade, "los": los})


def _share(s: pd.Series) -> float:
    return float((s.isna() | (s.astype(str) == "")).mean())


@pytest.mark.parametrize("method", ["aim", "mst", "independent"])
def test_synthetic_null_share_tracks_the_real_one(method):
    real = _table()
    fake = synthesize(real, SPEC, method, 4.0, n_rows=4000)
    for col in ("grade", "los"):
        assert abs(_share(fake[col]) - _share(real[col])) < 0.06, col
    assert str(fake["grade"].dtype) == "Int64" and str(fake["los"].dtype) == "Int64"
    assert fake["sex"].notna().all()


@pytest.mark.parametrize("method", ["aim", "mst", "independent"])
def test_null_share_comes_only_from_the_dp_measurements(method, monkeypatch):
    # Every noisy marginal is post-processed to say "no nulls" (the null cells' counts moved to
    # the first code, totals unchanged): if anything about nulls were read from the data outside
    # a measurement, nulls would still come out.
    real_counts = mst_module.noisy_counts
    measured: list[tuple[int, ...]] = []

    def no_null_cells(counts, *args, **kwargs):
        noisy, sigma = real_counts(counts, *args, **kwargs)
        measured.append(counts.shape)
        noisy = noisy.copy()
        for axis, length in enumerate(noisy.shape):
            if length in NULL_CODE:
                null = [slice(None)] * noisy.ndim
                null[axis] = NULL_CODE[length]
                first = [slice(None)] * noisy.ndim
                first[axis] = 0
                noisy[tuple(first)] += noisy[tuple(null)]
                noisy[tuple(null)] = 0.0
        return noisy, sigma

    monkeypatch.setattr(mst_module, "noisy_counts", no_null_cells)
    monkeypatch.setattr(aim_module, "noisy_counts", no_null_cells)
    real = _table()
    assert _share(real["grade"]) > 0.25 and _share(real["los"]) > 0.15
    fake = synthesize(real, SPEC, method, 4.0, n_rows=4000)
    assert any(4 in shape for shape in measured) and any(6 in shape for shape in measured)
    assert fake["grade"].isna().mean() < 0.01 and fake["los"].isna().mean() < 0.01
