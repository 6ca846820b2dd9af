"""Re-identification risk of a de-identified table (or DICOM header fields) from its QIs.

Equivalence classes are the groups of released records sharing every quasi-identifier value
(missing is a value of its own). With f_k the class size in the release and F_k in the
population (El Emam's models):

- **prosecutor** (the adversary knows the target is in the release): risk 1/f_k per record;
- **journalist** (the target may not be in it): 1/F_k, with F_k from population data
  (f_k + matches in the adversary's population table) or estimated as f_k / sampling fraction;
- **marketer** (re-identify as many as possible): mean over records of 1/F_k;
- **sample uniqueness**: share of records alone in their class; **population uniqueness**: the
  estimators of :mod:`medprivacy.attacks.uniqueness` with Dankar et al.'s selection rule.

Maximum and average prosecutor risk are exact figures of this release (the interval is the
value); shares of records are proportions with Wilson intervals; population uniqueness gives the
range of the published estimators as its interval (model uncertainty dominates sampling error).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd
from pydantic import Field

from medprivacy.attacks.base import (
    Attack,
    AttackConfig,
    AttackData,
    AttackResult,
    ThreatModel,
    Threshold,
    attacks,
)
from medprivacy.attacks.stats import wilson
from medprivacy.attacks.uniqueness import estimate_population_uniques
from medprivacy.errors import ConfigError


def class_keys(frame: pd.DataFrame, qi: list[str]) -> pd.Series:
    """One integer per record naming its equivalence class (missing values are a value)."""
    missing = [c for c in qi if c not in frame.columns]
    if missing:
        raise ConfigError(f"quasi-identifier {missing[0]!r} is not a column of the table")
    if not qi:
        raise ConfigError("no quasi-identifiers given")
    filled = frame[qi].astype(object).where(frame[qi].notna(), "\x00missing")
    return pd.Series(
        filled.groupby(qi, sort=False, dropna=False).ngroup().to_numpy(), index=frame.index
    )


def class_sizes(frame: pd.DataFrame, qi: list[str]) -> np.ndarray:
    """Per-record size of its equivalence class."""
    keys = class_keys(frame, qi)
    return keys.map(keys.value_counts()).to_numpy(dtype=np.int64)


def population_class_sizes(
    sample: pd.DataFrame, population: pd.DataFrame, qi: list[str]
) -> np.ndarray:
    """Per sample record: its class size in sample + population table (without the sample)."""
    both = pd.concat([sample[qi], population[qi]], ignore_index=True)
    keys = class_keys(both, qi)
    sizes = keys.map(keys.value_counts()).to_numpy(dtype=np.int64)
    return sizes[: len(sample)]


def population_sizes(classes: pd.DataFrame, population: pd.DataFrame, qi: list[str]) -> np.ndarray:
    """Per release class (``classes``: its ``qi`` values and ``count``): its size in the release
    plus its matches in the population table (as :func:`population_class_sizes`, per class)."""
    from medprivacy.counts import class_counts

    missing = [c for c in qi if c not in population.columns]
    if missing:
        raise ConfigError(f"quasi-identifier {missing[0]!r} is not a column of the population")
    pop = class_counts([population], qi).rename(columns={"count": "matches"})
    pop[qi] = pop[qi].astype(object)  # 100 and "100" are different values, as in a groupby
    left = classes[qi].astype(object)
    joined = left.merge(pop, on=qi, how="left", sort=False)
    matches = joined["matches"].fillna(0).to_numpy(dtype=np.int64)
    return classes["count"].to_numpy(dtype=np.int64) + matches


class ReidConfig(AttackConfig):
    """Fields of the ``reidentification`` attack."""

    quasi_identifiers: list[str] | None = Field(
        None, description="Columns an adversary can know; default: the release's declared QIs."
    )
    population_size: int | None = Field(None, ge=1, description="Size of the population sampled.")
    sampling_fraction: float | None = Field(
        None, gt=0, le=1, description="Release size / population."
    )
    risk_threshold: float = Field(
        0.09, gt=0, le=1, description="Per-record risk counted as 'above'."
    )


@attacks.register("reidentification")
class Reidentification(Attack):
    """Prosecutor, journalist and marketer risk, sample and population uniqueness."""

    Config = ReidConfig
    config: ReidConfig
    threat_model = ThreatModel.TARGET_QIS
    counts_only = True
    default_thresholds: ClassVar[dict[str, Threshold]] = {
        "prosecutor_max": Threshold(fail_above=0.09),
        "prosecutor_avg": Threshold(fail_above=0.05),
        "journalist_max": Threshold(fail_above=0.09),
        "marketer": Threshold(fail_above=0.05),
    }

    def run(self, data: AttackData) -> list[AttackResult]:
        cfg = self.config
        if data.synthetic:
            raise ConfigError(
                f"attack {self.name!r} needs a record-level release (this one is synthetic)"
            )
        qi = cfg.quasi_identifiers or data.quasi_identifiers
        if not qi:
            raise ConfigError(f"attack {self.name!r} needs quasi_identifiers (none given)")
        classes = data.release_classes(qi)
        sizes = classes["count"].to_numpy(dtype=np.int64)
        n = int(sizes.sum())
        if n == 0:
            raise ConfigError(f"attack {self.name!r}: the release has no records")
        f = np.repeat(sizes, sizes)  # per record, grouped by class (every figure is a sum)
        n_classes = len(sizes)
        risk = 1.0 / f
        t = cfg.risk_threshold
        above = int((risk > t).sum())
        uniques = int((f == 1).sum())
        common = {"n_classes": n_classes, "min_class_size": int(f.min()), "quasi_identifiers": qi}
        out = [
            self.result(
                "prosecutor_max",
                float(risk.max()),
                (float(risk.max()),) * 2,
                "exact",
                n=n,
                baseline=t,
                baseline_label="risk threshold",
                details=common,
            ),
            self.result(
                "prosecutor_avg",
                float(risk.mean()),
                (float(risk.mean()),) * 2,
                "exact",
                n=n,
                baseline=t,
                baseline_label="risk threshold",
            ),
            self.result(
                "prosecutor_share_above",
                above / n,
                wilson(above, n),
                "wilson",
                n=n,
                baseline=0.0,
                baseline_label="no record above the risk threshold",
                details={"risk_threshold": t, "records_above": above},
            ),
            self.result(
                "sample_uniqueness",
                uniques / n,
                wilson(uniques, n),
                "wilson",
                n=n,
                baseline=0.0,
                baseline_label="no unique record",
                details={"sample_uniques": uniques},
            ),
        ]
        population_size = cfg.population_size or data.population_size
        if population_size is None and cfg.sampling_fraction is not None:
            population_size = round(n / cfg.sampling_fraction)
        if data.population is not None:
            big_f = np.repeat(population_sizes(classes, data.population, qi), sizes)
            source = "population table"
        elif population_size is not None:
            pi = min(1.0, n / population_size)
            big_f = np.maximum(f, np.round(f / pi)).astype(np.int64)
            source = "class size / sampling fraction"
        else:
            big_f = None
            source = ""
        if big_f is not None:
            jr = 1.0 / big_f
            j_above = int((jr > t).sum())
            out += [
                self.result(
                    "journalist_max",
                    float(jr.max()),
                    (float(jr.max()),) * 2,
                    "exact",
                    n=n,
                    baseline=t,
                    baseline_label="risk threshold",
                    details={"population_sizes_from": source},
                ),
                self.result(
                    "journalist_share_above",
                    j_above / n,
                    wilson(j_above, n),
                    "wilson",
                    n=n,
                    baseline=0.0,
                    baseline_label="no record above the risk threshold",
                ),
                self.result(
                    "marketer",
                    float(jr.mean()),
                    (float(jr.mean()),) * 2,
                    "exact",
                    n=n,
                    baseline=t,
                    baseline_label="risk threshold",
                    details={"population_sizes_from": source},
                ),
            ]
        if population_size is not None:
            est = estimate_population_uniques(sizes, population_size)
            values = [v for v in (est.zayatz, est.pitman, est.snb) if np.isfinite(v)]
            lo, hi = (min(values), max(values)) if values else (float("nan"), float("nan"))
            frac = est.as_fraction
            out.append(
                self.result(
                    "population_uniqueness",
                    frac(est.dankar),
                    (frac(lo), frac(hi)),
                    "range of estimators",
                    n=n,
                    baseline=uniques / est.population_size,
                    baseline_label="sample uniques / population size",
                    details={
                        "population_size": est.population_size,
                        "sampling_fraction": round(n / est.population_size, 6),
                        "estimated_population_uniques": {
                            "zayatz": _r(est.zayatz),
                            "pitman": _r(est.pitman),
                            "snb": _r(est.snb),
                            "dankar": _r(est.dankar),
                        },
                        "dankar_model": est.dankar_model,
                    },
                )
            )
        return out


def _r(x: float) -> float | None:
    return round(float(x), 3) if np.isfinite(x) else None
