"""Small seeded tables for the attack tests: a population split into members, non-members and
reference data. Everything is generated from fixed seeds, so every figure is deterministic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def make_population(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "age": rng.integers(18, 91, n),
            "sex": rng.choice(["F", "M"], n),
            "zip3": rng.choice([f"{z:03d}" for z in range(100, 130)], n),
            "visits": rng.poisson(3, n),
            "lab": np.round(rng.normal(100, 15, n), 1),
            "diagnosis": rng.choice(["a", "b", "c", "d", "e"], n, p=[0.4, 0.3, 0.15, 0.1, 0.05]),
        }
    )


@pytest.fixture(scope="session")
def split() -> dict[str, pd.DataFrame]:
    pop = make_population(1600, seed=11)
    return {
        "members": pop.iloc[:400].reset_index(drop=True),
        "non_members": pop.iloc[400:800].reset_index(drop=True),
        "population": pop.iloc[800:].reset_index(drop=True),
    }


QI = ["age", "sex", "zip3"]
