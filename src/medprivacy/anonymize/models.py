"""Privacy models, checked on the equivalence classes of a candidate release.

Each model is a pydantic config (parsed from a YAML ``models:`` list by its ``kind``) with one of
two checks: ``class_ok`` judges each class on its own (k-anonymity, l-diversity, t-closeness,
highest risks) and the classes that fail are suppressed; ``holds`` judges the release as a whole
(average risks, population uniqueness) after that, and may suppress the smallest classes first
where doing so can only help (average risk). ``monotone`` says whether a model that holds for a
node also holds for every generalization of it under suppression (Flash's prerequisite for
predictive tagging); models that are monotone only without suppression say so through
``monotone_without_suppression``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator


@dataclass
class ClassStats:
    """The released classes of one node: sizes, sensitive histograms, population sizes."""

    size: np.ndarray  # float weights per class
    hist: dict[str, np.ndarray]  # attribute -> classes x values
    info: dict[str, SensitiveInfo]  # attribute -> overall distribution, hierarchy
    population: np.ndarray | None = None  # population count per class (journalist/marketer)
    population_size: int | None = None


@dataclass
class SensitiveInfo:
    """A sensitive attribute's distribution over the whole table and its hierarchy's levels."""

    overall: np.ndarray
    level_codes: np.ndarray | None = None  # levels x values: group code (hierarchical EMD)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @property
    def monotone(self) -> bool:
        return True

    @property
    def monotone_without_suppression(self) -> bool:
        return True

    @property
    def local_monotone(self) -> bool:
        """Whether ``class_ok`` alone is monotone: a class that passes passes merged with any."""
        return False

    @property
    def sensitive(self) -> str | None:
        return None

    def class_ok(self, stats: ClassStats) -> np.ndarray | None:
        return None

    def holds(self, stats: ClassStats, keep: np.ndarray, budget: float) -> np.ndarray | None:
        """Return the classes to keep (a subset of ``keep``) or None if the model fails."""
        return keep


class KAnonymity(_Model):
    """Every released class holds at least ``k`` records."""

    kind: Literal["k_anonymity"] = "k_anonymity"
    k: int = Field(ge=1)

    @property
    def local_monotone(self) -> bool:
        return True

    def class_ok(self, stats: ClassStats) -> np.ndarray:
        return stats.size >= self.k


class LDiversity(_Model):
    """Each class has ``l`` well-represented sensitive values (distinct, or by entropy)."""

    kind: Literal["l_diversity"] = "l_diversity"
    attribute: str
    l: float = Field(ge=1)  # noqa: E741 - the model's own name for the parameter
    variant: Literal["distinct", "entropy"] = "distinct"

    @property
    def monotone(self) -> bool:
        # Entropy l-diversity survives merging two diverse classes (entropy is concave), but a
        # diverse class merged with a suppressed one may fail: monotone only without suppression.
        return self.variant == "distinct"

    @property
    def local_monotone(self) -> bool:
        return self.variant == "distinct"

    @property
    def sensitive(self) -> str:
        return self.attribute

    def class_ok(self, stats: ClassStats) -> np.ndarray:
        h = stats.hist[self.attribute]
        if self.variant == "distinct":
            return np.count_nonzero(h, axis=1) >= self.l
        p = h / np.maximum(h.sum(axis=1, keepdims=True), 1e-300)
        with np.errstate(divide="ignore", invalid="ignore"):
            ent = -np.where(p > 0, p * np.log(p), 0.0).sum(axis=1)
        return ent >= math.log(self.l) - 1e-12


class TCloseness(_Model):
    """Each class's sensitive distribution is within ``t`` of the whole table's (EMD).

    ``equal``: every two values are distance 1 apart (EMD = half the L1 distance).
    ``hierarchical``: distance through the attribute's hierarchy (Li et al. 2007), which the
    config must declare for the attribute.
    """

    kind: Literal["t_closeness"] = "t_closeness"
    attribute: str
    t: float = Field(ge=0, le=1)
    distance: Literal["equal", "hierarchical"] = "equal"

    @property
    def monotone(self) -> bool:
        return False  # EMD is convex: monotone only without suppression

    @property
    def sensitive(self) -> str:
        return self.attribute

    def class_ok(self, stats: ClassStats) -> np.ndarray:
        return t_distance(stats, self) <= self.t + 1e-12


def t_distance(stats: ClassStats, model: TCloseness) -> np.ndarray:
    """EMD of each class's sensitive distribution from the overall one."""
    info = stats.info[model.attribute]
    h = stats.hist[model.attribute]
    p = h / np.maximum(h.sum(axis=1, keepdims=True), 1e-300)
    diff = p - info.overall[None, :]
    if model.distance == "equal":
        return 0.5 * np.abs(diff).sum(axis=1)
    codes = info.level_codes
    if codes is None:
        raise ValueError("hierarchical t-closeness needs the attribute's hierarchy")
    height = codes.shape[0] - 1
    cost = np.zeros(len(h))
    extra = diff  # per group of the level below
    for lv in range(1, height + 1):
        below = codes[lv - 1]
        above = codes[lv]
        n_below = int(below.max()) + 1
        n_above = int(above.max()) + 1
        # one-hot: group of the level below -> its parent group
        up = np.zeros((n_below, n_above))
        up[below, above] = 1.0
        pos = np.clip(extra, 0, None) @ up
        neg = np.clip(-extra, 0, None) @ up
        cost += lv / height * np.minimum(pos, neg).sum(axis=1)
        extra = pos - neg
    return cost


def suppress_smallest(
    size: np.ndarray, keep: np.ndarray, budget: float, average: float
) -> np.ndarray | None:
    """Suppress the fewest smallest kept classes, within ``budget`` records, so that classes /
    records <= ``average``; None if the budget runs out first. Removing the smallest class only
    raises the mean class size, so the first count that works is the least."""
    idx = np.flatnonzero(keep)
    order = idx[np.argsort(size[idx], kind="stable")]
    removed = np.concatenate([[0.0], np.cumsum(size[order])])
    left = len(order) - np.arange(len(order) + 1)
    ok = (left <= average * (removed[-1] - removed) + 1e-9) & (removed <= budget + 1e-9)
    hits = np.flatnonzero(ok)
    if not len(hits):
        return None
    out = keep.copy()
    out[order[: hits[0]]] = False
    return out


class ProsecutorRisk(_Model):
    """Prosecutor risk (the attacker knows the person is in the data): 1 / class size.

    ``highest`` bounds every class; ``average`` bounds the mean over records (= classes / records).
    HIPAA-style expert determinations often use 0.09 and 0.05.
    """

    kind: Literal["prosecutor_risk"] = "prosecutor_risk"
    highest: float | None = Field(default=None, gt=0, le=1)
    average: float | None = Field(default=None, gt=0, le=1)

    @model_validator(mode="after")
    def _flags(self) -> ProsecutorRisk:
        if self.highest is None and self.average is None:
            raise ValueError("prosecutor_risk needs highest or average")
        return self

    @property
    def monotone(self) -> bool:
        return self.average is None

    @property
    def local_monotone(self) -> bool:
        return True

    def class_ok(self, stats: ClassStats) -> np.ndarray | None:
        if self.highest is None:
            return None
        return stats.size * self.highest >= 1 - 1e-12

    def holds(self, stats: ClassStats, keep: np.ndarray, budget: float) -> np.ndarray | None:
        if self.average is None:
            return keep
        return suppress_smallest(stats.size, keep, budget, self.average)


class _PopulationModel(_Model):
    population_size: int | None = Field(default=None, ge=1)
    population_path: str | None = None
    population_includes_sample: bool = True

    @model_validator(mode="after")
    def _population(self) -> _PopulationModel:
        if self.population_size is None and self.population_path is None:
            raise ValueError(f"{self.kind} needs population_size or population_path")  # type: ignore[attr-defined]
        return self

    def population_counts(self, stats: ClassStats) -> np.ndarray:
        """Population size of each class, as the attack suite's re-identification attack counts it.

        With a population table: its count (plus the sample's, when the table leaves the sample
        out: ``population_includes_sample: false``); else the sample count over the sampling
        fraction, rounded, never below the sample count.
        """
        if stats.population is not None:
            if not self.population_includes_sample:
                return stats.population + stats.size
            return np.maximum(stats.population, stats.size)
        n = float(stats.size.sum()) or 1.0
        big = float(self.population_size or n)
        pi = min(1.0, n / big)
        return np.maximum(stats.size, np.round(stats.size / pi))


class JournalistRisk(_PopulationModel):
    """Journalist risk (the attacker matches against a population): 1 / population class size.

    With a population table, classes are counted in it; with only its size, each class's
    population count is its sample count divided by the sampling fraction.
    """

    kind: Literal["journalist_risk"] = "journalist_risk"
    highest: float | None = Field(default=None, gt=0, le=1)
    average: float | None = Field(default=None, gt=0, le=1)

    @model_validator(mode="after")
    def _flags(self) -> JournalistRisk:
        if self.highest is None and self.average is None:
            raise ValueError("journalist_risk needs highest or average")
        return self

    @property
    def monotone(self) -> bool:
        return self.average is None

    @property
    def local_monotone(self) -> bool:
        return False  # its population counts are not computed for projections

    def class_ok(self, stats: ClassStats) -> np.ndarray | None:
        if self.highest is None:
            return None
        return self.population_counts(stats) * self.highest >= 1 - 1e-12

    def holds(self, stats: ClassStats, keep: np.ndarray, budget: float) -> np.ndarray | None:
        avg = self.average
        if avg is None:
            return keep
        pop = self.population_counts(stats)
        risk = stats.size / pop  # records of the class times 1/F
        if not keep.any():
            return keep
        n = float(stats.size[keep].sum())
        return keep if float(risk[keep].sum()) <= avg * n + 1e-9 else None


class MarketerRisk(_PopulationModel):
    """Marketer risk (expected share of records re-identified in bulk): mean of 1/F over records."""

    kind: Literal["marketer_risk"] = "marketer_risk"
    average: float = Field(gt=0, le=1)

    @property
    def monotone(self) -> bool:
        return False

    def holds(self, stats: ClassStats, keep: np.ndarray, budget: float) -> np.ndarray | None:
        if not keep.any():
            return keep
        pop = self.population_counts(stats)
        n = float(stats.size[keep].sum())
        return keep if float((stats.size / pop)[keep].sum()) <= self.average * n + 1e-9 else None


class PopulationUniqueness(_Model):
    """Share of the population unique on the released quasi-identifiers, estimated from the sample.

    Uses the attack suite's estimators (Zayatz, Pitman, SNB and Dankar et al.'s choice); ``max``
    bounds the largest of the three, the top of the range the suite reports.
    """

    kind: Literal["population_uniqueness"] = "population_uniqueness"
    threshold: float = Field(ge=0, le=1)
    population_size: int = Field(ge=1)
    estimator: Literal["dankar", "pitman", "zayatz", "snb", "max"] = "dankar"

    @property
    def monotone(self) -> bool:
        return False

    @property
    def monotone_without_suppression(self) -> bool:
        return False

    def holds(self, stats: ClassStats, keep: np.ndarray, budget: float) -> np.ndarray | None:
        return keep if self.uniqueness(stats.size[keep]) <= self.threshold + 1e-12 else None

    def uniqueness(self, sizes: np.ndarray) -> float:
        sizes = np.asarray(sizes, dtype=np.int64)
        if len(sizes) == 0 or not (sizes == 1).any():
            return 0.0
        from medprivacy.attacks.uniqueness import estimate_population_uniques  # scipy: lazily

        est = estimate_population_uniques(sizes, self.population_size)
        if self.estimator == "max":  # the top of the range the attack suite reports
            found = [v for v in (est.zayatz, est.pitman, est.snb) if math.isfinite(v)]
            return est.as_fraction(max(found)) if found else 1.0
        value = float(getattr(est, self.estimator))
        if not math.isfinite(value):
            value = float(est.zayatz)
        return est.as_fraction(value) if math.isfinite(value) else 1.0


PrivacyModel = Annotated[
    KAnonymity
    | LDiversity
    | TCloseness
    | ProsecutorRisk
    | JournalistRisk
    | MarketerRisk
    | PopulationUniqueness,
    Field(discriminator="kind"),
]
