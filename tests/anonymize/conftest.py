"""A small patients table with quasi-identifiers, a sensitive diagnosis and its hierarchies."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

ZIPS = ["02139", "02138", "02140", "02141", "10001", "10002", "10003", "94110", "94112", "60601"]
DIAGNOSES = ["I10", "I11", "E10", "E11", "J45", "J44"]
DIAGNOSIS_ROWS = [[d, d[0], "*"] for d in DIAGNOSES]  # code -> chapter -> *
RACE_GROUPS = [{"White": "White", "Black": "Other", "Asian": "Other", "Other": "Other"}]


def make_patients(n: int = 400, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "id": np.arange(n),
            "age": rng.integers(18, 90, n),
            "zip": rng.choice(ZIPS, n, p=[0.2, 0.15, 0.1, 0.05, 0.15, 0.1, 0.05, 0.1, 0.05, 0.05]),
            "sex": rng.choice(["F", "M"], n),
            "race": rng.choice(["White", "Black", "Asian", "Other"], n, p=[0.6, 0.2, 0.15, 0.05]),
            "diagnosis": rng.choice(DIAGNOSES, n, p=[0.3, 0.1, 0.2, 0.2, 0.1, 0.1]),
        }
    )


@pytest.fixture
def patients() -> pd.DataFrame:
    return make_patients()


QIS: dict[str, Any] = {
    "age": {"kind": "intervals", "widths": [5, 10, 20]},
    "zip": {"kind": "prefix", "keep": [4, 3, 1]},
    "sex": {"kind": "rows", "rows": [["F", "*"], ["M", "*"]]},
    "race": {"kind": "groups", "groups": RACE_GROUPS},
}


def config(models: list[dict[str, Any]], limit: float = 0.0, **extra: Any) -> dict[str, Any]:
    return {"quasi_identifiers": QIS, "models": models, "suppression_limit": limit, **extra}


def hierarchy_rows(df: pd.DataFrame) -> dict[str, list[list[str]]]:
    """The QIS hierarchies written out by hand (string arithmetic), for the second code path."""
    ages = sorted({int(a) for a in df["age"]})
    rows: dict[str, list[list[str]]] = {
        "age": [
            [str(a), *(f"{a // w * w}-{a // w * w + w}" for w in (5, 10, 20)), "*"] for a in ages
        ],
        "zip": [
            [z, z[:4] + "*", z[:3] + "**", z[:1] + "****", "*"] for z in sorted(set(df["zip"]))
        ],
        "sex": [["F", "*"], ["M", "*"]],
        "race": [[r, RACE_GROUPS[0][r], "*"] for r in ["White", "Black", "Asian", "Other"]],
    }
    return rows
