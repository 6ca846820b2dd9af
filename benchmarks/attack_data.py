"""Members / non-members / population splits and releases for the attack benchmark.

Builds, from ../shared/data/ehr (covid_testing, rand_hie; one row per person), 1,000 members,
1,000 non-members and the rest as the adversary's population data, plus releases of the
members: the real rows, masked rows, independent marginals, SDV GaussianCopula, and a DP
baseline (noisy-histogram sampling with OpenDP's Laplace mechanism) and ``medprivacy.synth``'s
MST with a spec of declared bounds and bins (``synth_spec``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "ehr"


@dataclass
class Dataset:
    name: str
    members: pd.DataFrame
    non_members: pd.DataFrame
    population: pd.DataFrame
    qi: list[str]
    sensitive: list[str]
    dates: list[str] = field(default_factory=list)
    ages: list[str] = field(default_factory=list)
    population_size: int = 0


def _split(df: pd.DataFrame, n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(df))
    parts = order[:n], order[n : 2 * n], order[2 * n :]
    return tuple(df.iloc[p].reset_index(drop=True) for p in parts)  # type: ignore[return-value]


def covid(n: int = 1000, seed: int = 1) -> Dataset:
    df = pd.read_csv(SHARED / "covid_testing" / "covid_testing.csv")
    df = df.drop_duplicates("subject_id").drop(
        columns=["subject_id", "fake_first_name", "fake_last_name"]
    )
    for col in ("payor_group", "patient_class"):
        df[col] = df[col].fillna("missing")
    df["ct_result"] = df["ct_result"].fillna(45.0)
    mem, non, pop = _split(df.reset_index(drop=True), n, seed)
    return Dataset(
        "covid_testing",
        mem,
        non,
        pop,
        qi=["gender", "age", "pan_day", "clinic_name", "demo_group"],
        sensitive=["result", "patient_class"],
        dates=["pan_day"],
        ages=["age"],
        population_size=len(df),
    )


def rand_hie(n: int = 1000, seed: int = 1) -> Dataset:
    df = pd.read_csv(SHARED / "rand_hie" / "rand_hie.csv")
    cols = [
        "site",
        "plan",
        "coins",
        "xage",
        "female",
        "black",
        "income",
        "educdec",
        "num",
        "disea",
        "physlm",
        "ghindx",
        "mhi",
        "mdvis",
        "meddol",
        "totadm",
    ]
    rng = np.random.default_rng(seed)
    df = df.sample(frac=1.0, random_state=int(rng.integers(1 << 30))).drop_duplicates("zper")
    df = df[cols].dropna().reset_index(drop=True)
    df["black"] = (df["black"] > 0.5).astype(int)
    mem, non, pop = _split(df, n, seed)
    return Dataset(
        "rand_hie",
        mem,
        non,
        pop,
        qi=["site", "xage", "female", "black", "educdec"],
        sensitive=["disea", "mhi"],
        ages=["xage"],
        population_size=len(df),
    )


def is_numeric(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and s.nunique() >= 8


def mask(ds: Dataset, seed: int = 2) -> pd.DataFrame:
    """The issue's masking: labs (every other numeric column) + uniform noise of +-5% of the
    column's range, dates shifted by a uniform +-180 days (not clipped: a shifted date may leave
    the study window, as it does in date-shifting de-identification), ages +-2 years (whole years
    for whole-year ages, continuous otherwise, so a fractional age keeps no fingerprint), and 10%
    of categorical values re-drawn from the column's marginal."""
    rng = np.random.default_rng(seed)
    out = ds.members.copy()
    for col in out.columns:
        s = out[col]
        if col in ds.ages:
            whole = bool(np.all(np.mod(s.to_numpy(dtype=float), 1.0) == 0))
            shift = rng.integers(-2, 3, len(s)) if whole else rng.uniform(-2.0, 2.0, len(s))
            out[col] = np.clip(s + shift, 0, None).astype(s.dtype)
        elif col in ds.dates:
            out[col] = (s + rng.integers(-180, 181, len(s))).astype(s.dtype)
        elif is_numeric(s):
            span = float(s.max() - s.min())
            out[col] = s + rng.uniform(-0.05, 0.05, len(s)) * span
        else:
            redraw = rng.random(len(s)) < 0.10
            out.loc[redraw, col] = rng.choice(s.to_numpy(), int(redraw.sum()))
    return out


def independent_marginals(ds: Dataset, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {c: rng.choice(ds.members[c].to_numpy(), len(ds.members)) for c in ds.members.columns}
    )


def gaussian_copula(ds: Dataset, seed: int = 4) -> pd.DataFrame:
    import warnings

    from sdv.metadata import Metadata
    from sdv.single_table import GaussianCopulaSynthesizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        meta = Metadata.detect_from_dataframes({"members": ds.members})
        synth = GaussianCopulaSynthesizer(meta)
        synth.fit({"members": ds.members})  # SDV 2.0: single-table fit takes {name: frame}
        np.random.seed(seed)
        out = synth.sample(len(ds.members))
        return out["members"] if isinstance(out, dict) else out


def _bins(s: pd.Series, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Data-independent-enough bins for the DP baseline: equal-width over the public range."""
    lo, hi = float(s.min()), float(s.max())
    edges = np.linspace(lo, hi, k + 1)
    return edges, (edges[:-1] + edges[1:]) / 2


def dp_histogram_synth(
    df: pd.DataFrame, epsilon: float, seed: int = 5, bins: int = 8
) -> pd.DataFrame:
    """ε-DP baseline (add/remove adjacency): every column's one-way histogram gets Laplace noise
    (OpenDP) with ε / columns (basic composition), and columns are sampled independently.
    Column ranges and category sets are treated as public (the data dictionary gives them)."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    rng = np.random.default_rng(seed)
    eps_col = epsilon / df.shape[1]
    out = {}
    for col in df.columns:
        s = df[col]
        if is_numeric(s):
            edges, mids = _bins(s, bins)
            codes = np.clip(np.digitize(s.to_numpy(dtype=float), edges[1:-1]), 0, bins - 1)
            support = mids
        else:
            support = np.array(sorted(s.astype(str).unique()))
            codes = np.searchsorted(support, s.astype(str).to_numpy())
        counts = np.bincount(codes, minlength=len(support)).astype(float)
        # One record changes one count by 1 (add/remove): L1 sensitivity 1, Laplace scale 1/eps.
        meas = dp.m.make_laplace(
            dp.vector_domain(dp.atom_domain(T=float, nan=False)),
            dp.l1_distance(T=float),
            scale=1.0 / eps_col,
        )
        noisy = np.clip(np.asarray(meas(counts.tolist())), 0, None)
        p = noisy / noisy.sum() if noisy.sum() > 0 else np.full(len(noisy), 1 / len(noisy))
        draw = rng.choice(len(support), len(df), p=p)
        vals = support[draw]
        out[col] = vals.astype(s.dtype) if not is_numeric(s) and s.dtype != object else vals
    return pd.DataFrame(out)


def nan_safe(x: float) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.2f}"


# Public knowledge of each table for medprivacy.synth (declared bounds and bins, never read from
# the members): numeric columns get the ranges a data dictionary states; categorical columns the
# code lists of the whole published table (its data dictionary), not of the members.
_NUMERIC_SPECS: dict[str, dict[str, tuple[float, float] | list[float] | int]] = {
    # covid_testing: pandemic day, age in years, Ct value (45 = not detected), turnaround hours
    "pan_day": {"bounds": (0, 110), "bins": 11},
    "age": {"bounds": (0, 120), "bins": 12},
    "ct_result": {"bounds": (0, 45), "bins": [0, 20, 25, 30, 35, 40, 44, 45]},
    "col_rec_tat": {"bounds": (0, 48), "bins": [0, 0.5, 1, 2, 3, 5, 8, 12, 24, 48]},
    "rec_ver_tat": {"bounds": (0, 48), "bins": [0, 1, 2, 3, 4, 5, 6, 8, 12, 24, 48]},
    # rand_hie: age, family income (1970s dollars), years of education, family size, chronic
    # disease count, health indexes on 0-100, visits and spending per year
    "xage": {"bounds": (0, 65), "bins": 13},
    "income": {
        "bounds": (0, 30000),
        "bins": [0, 2000, 4000, 6000, 8000, 10000, 12500, 15000, 20000, 30000],
    },
    "educdec": {"bounds": (0, 25), "bins": [0, 8, 10, 12, 13, 14, 16, 18, 25]},
    "disea": {"bounds": (0, 60), "bins": 12},
    "ghindx": {"bounds": (0, 100), "bins": 10},
    "mhi": {"bounds": (0, 100), "bins": 10},
    "mdvis": {"bounds": (0, 80), "bins": [0, 1, 2, 3, 5, 8, 12, 20, 80]},
    "meddol": {"bounds": (0, 20000), "bins": [0, 1, 50, 100, 250, 500, 1000, 2500, 20000]},
}


def synth_spec(ds: Dataset) -> dict:
    """A medprivacy.synth spec for the dataset's columns (see _NUMERIC_SPECS)."""
    full = pd.concat([ds.members, ds.non_members, ds.population], ignore_index=True)
    cols: dict[str, dict] = {}
    for col in ds.members.columns:
        if col in _NUMERIC_SPECS:
            num = _NUMERIC_SPECS[col]
            cols[col] = {"type": "numeric", "bounds": list(num["bounds"]), "bins": num["bins"]}  # type: ignore[call-overload]
        else:
            values = pd.unique(full[col].dropna())
            domain = sorted(v.item() if hasattr(v, "item") else v for v in values)
            cols[col] = {"type": "categorical", "domain": domain}
    return {"columns": cols}


def mst_synth(ds: Dataset, seed: int = 6):  # type: ignore[no-untyped-def]
    """(df, epsilon) -> medprivacy.synth MST release (add/remove adjacency, (ε, δ=1e-6))."""
    from medprivacy.synth import synthesize

    spec = synth_spec(ds)

    def run(df: pd.DataFrame, epsilon: float) -> pd.DataFrame:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = synthesize(df, spec, method="mst", epsilon=epsilon, n_rows=len(df), seed=seed)
        return out[list(df.columns)]

    return run
