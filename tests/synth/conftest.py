"""Small coded tables for the synthesizer tests (generated, no shared data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


@pytest.fixture
def chain_table() -> pd.DataFrame:
    """a -> b -> c strongly dependent (90% copies), d independent; 4 categories each."""
    rng = np.random.default_rng(11)
    n = 5000
    a = rng.integers(0, 4, n)
    b = np.where(rng.random(n) < 0.9, a, rng.integers(0, 4, n))
    c = np.where(rng.random(n) < 0.9, b, rng.integers(0, 4, n))
    d = rng.integers(0, 4, n)
    return pd.DataFrame({"a": a, "b": b, "c": c, "d": d})


@pytest.fixture
def chain_spec() -> dict:
    return {"columns": {c: {"type": "categorical", "domain": [0, 1, 2, 3]} for c in "abcd"}}
