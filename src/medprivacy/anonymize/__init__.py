"""Risk-driven anonymization: generalize quasi-identifiers along hierarchies and suppress records
until k-anonymity, l-diversity, t-closeness or risk thresholds hold, at the least loss of utility.

``medprivacy.anonymize(df, config)`` and ``medprivacy.anonymize.anonymize(df, config)`` both
return ``(DataFrame, AnonymizationReport)``; ``apply(df, transformation)`` re-applies a saved one.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from medprivacy.anonymize.api import (
    AnonymizationReport,
    Transformation,
    anonymize,
    apply,
    tradeoff,
)
from medprivacy.anonymize.config import AnonymizeConfig, HierarchySpec, parse
from medprivacy.anonymize.propose import propose
from medprivacy.anonymize.remedy import models_for_thresholds

__all__ = [
    "AnonymizationReport",
    "AnonymizeConfig",
    "HierarchySpec",
    "Transformation",
    "anonymize",
    "apply",
    "models_for_thresholds",
    "parse",
    "propose",
    "tradeoff",
]


class _CallableModule(types.ModuleType):
    """Lets ``medprivacy.anonymize(df, config)`` call the function of the same name."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return anonymize(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
