"""The attack interface: threat models, thresholds, results with intervals and verdicts.

Every attack is a class in the ``attacks`` registry with a pydantic ``Config`` (so YAML suites,
the CLI and Python build the same objects) and a declared ``threat_model``: what the adversary
holds. ``run`` receives an :class:`AttackData` and returns :class:`AttackResult` rows, each with
a value, a 95% interval, the baseline it is compared with and a verdict against thresholds.
Results carry aggregate figures only, never a record's values.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from medprivacy.errors import ConfigError
from medprivacy.registry import Registry


class ThreatModel(enum.StrEnum):
    """What the adversary holds, from weakest to strongest."""

    RELEASE_ONLY = "release_only"
    POPULATION = "release+population"  # plus data from the same population (not the targets)
    TARGET_QIS = "release+target_quasi_identifiers"  # plus some targets' quasi-identifiers
    EXACT_RECORDS = "release+exact_records"  # plus the targets' full records


class Verdict(enum.StrEnum):
    PASS = "pass"
    ATTENTION = "attention"
    FAIL = "fail"
    NOT_APPLICABLE = "n/a"


class Threshold(BaseModel):
    """Limits for a "higher is worse" figure.

    **fail**: the figure is above ``fail_above`` with 95% confidence (its interval's lower end is
    above it). **attention**: the value or the interval's upper end is above ``fail_above`` but the
    data cannot show it is (small samples), or the value is above ``attention_above``. **pass**:
    otherwise. Exact figures (interval = value) fail as soon as they pass the limit.
    """

    model_config = ConfigDict(extra="forbid")
    fail_above: float
    attention_above: float | None = None

    def verdict(self, value: float, interval: tuple[float, float]) -> Verdict:
        if not math.isfinite(value):
            return Verdict.ATTENTION
        lo, hi = interval
        if value > self.fail_above and (not math.isfinite(lo) or lo > self.fail_above):
            return Verdict.FAIL
        if (
            value > self.fail_above
            or (math.isfinite(hi) and hi > self.fail_above)
            or (self.attention_above is not None and value > self.attention_above)
        ):
            return Verdict.ATTENTION
        return Verdict.PASS


class AttackConfig(BaseModel):
    """Base of every attack's config: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid")
    thresholds: dict[str, Threshold] = Field(default_factory=dict)
    seed: int = 0


@dataclass
class AttackResult:
    """One figure of one attack. ``details`` holds aggregates only (counts, rates, parameters)."""

    attack: str
    metric: str
    value: float
    interval: tuple[float, float]
    interval_method: str
    baseline: float | None
    baseline_label: str
    verdict: Verdict
    threat_model: ThreatModel
    n: int
    threshold: Threshold | None = None
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        def num(x: float | None) -> float | None:
            return None if x is None or not math.isfinite(x) else round(float(x), 6)

        return {
            "attack": self.attack,
            "metric": self.metric,
            "value": num(self.value),
            "interval": [num(self.interval[0]), num(self.interval[1])],
            "interval_method": self.interval_method,
            "baseline": num(self.baseline),
            "baseline_label": self.baseline_label,
            "verdict": self.verdict.value,
            "threat_model": self.threat_model.value,
            "n": self.n,
            "threshold": None if self.threshold is None else self.threshold.model_dump(),
            "details": self.details,
            "note": self.note,
        }


@dataclass
class AttackData:
    """What a suite attacks, and what the evaluator knows.

    ``release`` is the published table. ``members`` are the exact records it was built from and
    ``non_members`` records of the same population that were not used (the control set; disjoint
    from ``members``). ``population`` is reference data an adversary could hold, disjoint from
    both. Which of them an attack may use follows its threat model; the evaluator uses
    ``members``/``non_members`` only as ground truth.

    ``epsilon``, ``delta`` and ``adjacency`` are the release's claim (see
    :mod:`medprivacy.attacks.claim`); ``max_rows`` the rows per privacy unit the mechanism kept:
    member and non-member rows past it (per ``medprivacy_unit``) are dropped, as the mechanism
    never saw them. ``power_release`` is a release made by the same mechanism on the same
    members deliberately broken (e.g. at ``power_epsilon`` = 10 times the claim), on which the ε
    audit measures its power.
    """

    release: pd.DataFrame
    members: pd.DataFrame | None = None
    non_members: pd.DataFrame | None = None
    population: pd.DataFrame | None = None
    quasi_identifiers: list[str] = field(default_factory=list)
    sensitive: list[str] = field(default_factory=list)
    population_size: int | None = None
    epsilon: float | None = None
    delta: float = 0.0
    adjacency: str = "add_remove"
    max_rows: int | None = None
    power_release: pd.DataFrame | None = None
    power_epsilon: float | None = None
    name: str = "release"
    #: True for synthetic releases: their rows are nobody's record, so record-level attacks
    #: (re-identification, linkage of a row to its person) do not apply.
    synthetic: bool = False
    #: A partitioned release (:class:`medprivacy.counts.Partitions`): its equivalence classes are
    #: counted per part on ``executor`` and merged; ``release`` is then empty and attacks that
    #: read rows are skipped.
    parts: Any = None
    executor: Any = None
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        from medprivacy.attacks.units import fitted_rows

        self.members = fitted_rows(self.members, self.max_rows)
        self.non_members = fitted_rows(self.non_members, self.max_rows)

    def release_classes(self, qi: list[str]) -> pd.DataFrame:
        """The release's equivalence classes of ``qi`` with their ``count`` (first-row order;
        a missing value is a value of its own), counted per part for a partitioned release."""
        from medprivacy.counts import class_counts

        key = ("release_classes", tuple(qi))
        if key not in self.cache:
            if self.parts is None:
                missing = [c for c in qi if c not in self.release.columns]
                if missing:
                    raise ConfigError(
                        f"quasi-identifier {missing[0]!r} is not a column of the table"
                    )
            source = [self.release] if self.parts is None else self.parts
            self.cache[key] = class_counts(source, qi, self.executor)
        classes: pd.DataFrame = self.cache[key]
        return classes

    def require(self, attack: str, *names: str) -> None:
        for name in names:
            value = getattr(self, name)
            if value is None or (isinstance(value, list) and not value):
                raise ConfigError(f"attack {attack!r} needs {name} (none given)")


class Attack:
    """An attack: ``Config`` validates its fields, ``run`` measures the release."""

    Config: ClassVar[type[AttackConfig]]
    threat_model: ClassVar[ThreatModel]
    #: default thresholds by metric, overridden per key by the config's ``thresholds``
    default_thresholds: ClassVar[dict[str, Threshold]] = {}
    #: True when ``run`` reads only the release's class counts (it then runs on a partitioned
    #: release; other attacks read rows and are skipped there)
    counts_only: ClassVar[bool] = False

    def __init__(self, config: AttackConfig, name: str | None = None) -> None:
        self.config = config
        self.name = name or type(self).__name__

    def threshold(self, metric: str) -> Threshold | None:
        return self.config.thresholds.get(metric, self.default_thresholds.get(metric))

    def result(
        self,
        metric: str,
        value: float,
        interval: tuple[float, float],
        interval_method: str,
        *,
        n: int,
        baseline: float | None = None,
        baseline_label: str = "",
        details: dict[str, Any] | None = None,
        note: str = "",
        verdict: Verdict | None = None,
    ) -> AttackResult:
        """A result with the verdict from this attack's threshold for ``metric`` (if any)."""
        th = self.threshold(metric)
        if verdict is None:
            verdict = th.verdict(value, interval) if th is not None else Verdict.NOT_APPLICABLE
        return AttackResult(
            attack=self.name,
            metric=metric,
            value=float(value),
            interval=(float(interval[0]), float(interval[1])),
            interval_method=interval_method,
            baseline=baseline,
            baseline_label=baseline_label,
            verdict=verdict,
            threat_model=self.threat_model,
            n=n,
            threshold=th,
            details=details or {},
            note=note,
        )

    def run(self, data: AttackData) -> list[AttackResult]:  # pragma: no cover - interface
        raise NotImplementedError


attacks: Registry[type[Attack]] = Registry("attack")

# Modules whose import registers the built-in attacks (imported on first use).
BUILTIN_ATTACK_MODULES = (
    "medprivacy.attacks.reid",
    "medprivacy.attacks.linkage",
    "medprivacy.attacks.wp29",
    "medprivacy.attacks.membership",
    "medprivacy.attacks.audit",
)


def load_builtin_attacks() -> None:
    from importlib import import_module

    for module in BUILTIN_ATTACK_MODULES:
        import_module(module)


def build_attack(name: str, fields: dict[str, Any], attack_id: str | None = None) -> Attack:
    """Validate ``fields`` with the attack's config and build it (pydantic errors propagate)."""
    load_builtin_attacks()
    cls = attacks.get(name)
    return cls(cls.Config.model_validate(fields), attack_id or name)
