"""Privacy models from an attack suite's thresholds: the remedy for a release that fails it.

A release that fails the re-identification attack is re-anonymized with the suite's own limits
as privacy models (each figure at or below its ``fail_above``), so the same suite passes it:
``prosecutor_max`` and ``prosecutor_avg`` → prosecutor risk, ``journalist_max`` and
``marketer`` → journalist and marketer risk (population as the attack sees it),
``population_uniqueness`` → the largest of the suite's estimators, ``sample_uniqueness`` and the
``*_share_above`` figures → the stricter class-level bound that implies them.
"""

from __future__ import annotations

from collections.abc import Mapping

from medprivacy.anonymize.models import (
    JournalistRisk,
    KAnonymity,
    MarketerRisk,
    PopulationUniqueness,
    PrivacyModel,
    ProsecutorRisk,
)


def models_for_thresholds(
    thresholds: Mapping[str, float],
    *,
    risk_threshold: float = 0.09,
    population_size: int | None = None,
    population_path: str | None = None,
    population_includes_sample: bool = False,
) -> tuple[list[PrivacyModel], list[str]]:
    """Models that keep each figure at or below its limit; and the figures none covers.

    ``risk_threshold`` is the attack's per-record risk counted as "above"; population figures
    need ``population_size`` or ``population_path`` (the attack treats a population table as
    leaving the release out, hence ``population_includes_sample: false``).
    """
    models: list[PrivacyModel] = []
    left: list[str] = []
    highest: list[float] = []
    average: float | None = None
    j_highest: list[float] = []
    population = population_size is not None or population_path is not None
    where = {
        "population_size": population_size,
        "population_path": population_path,
        "population_includes_sample": population_includes_sample,
    }
    for name, limit in thresholds.items():
        if name == "prosecutor_max":
            highest.append(limit)
        elif name == "prosecutor_avg":
            average = limit if average is None else min(average, limit)
        elif name == "prosecutor_share_above":
            highest.append(risk_threshold)  # no record above it: at most the share allowed
        elif name == "sample_uniqueness":
            models.append(KAnonymity(k=2))
        elif name in ("journalist_max", "journalist_share_above") and population:
            j_highest.append(limit if name == "journalist_max" else risk_threshold)
        elif name == "marketer" and population:
            models.append(MarketerRisk(average=min(limit, 1.0), **where))  # type: ignore[arg-type]
        elif name == "population_uniqueness" and population_size is not None:
            models.append(
                PopulationUniqueness(
                    threshold=limit, population_size=population_size, estimator="max"
                )
            )
        else:
            left.append(name)
    if highest or average is not None:
        models.insert(
            0,
            ProsecutorRisk(highest=min(highest) if highest else None, average=average),
        )
    if j_highest:
        models.append(JournalistRisk(highest=min(j_highest), **where))  # type: ignore[arg-type]
    return models, left
