"""Attacks on releases: re-identification, linkage, WP29 criteria, membership, ε audit.

Importing this package is cheap: numpy/pandas/scipy load only when an attack is used. The one
entry point promised stable for outside evaluation is :func:`membership_scores`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "AttackData",
    "load_suite",
    "membership_scores",
    "read_dicom_headers",
    "risk_against_budget",
    "run_suite",
    "run_suite_files",
    "write_report",
]


def membership_scores(
    release_df: pd.DataFrame,
    targets_df: pd.DataFrame,
    aux_df: pd.DataFrame | None = None,
    method: str = "best",
) -> np.ndarray:
    """One membership score per row of ``targets_df`` (higher = more likely a member).

    ``release_df`` is the released table (synthetic or masked), ``aux_df`` population data
    disjoint from the targets. Methods: ``best`` (default), ``likelihood_ratio``, ``dcr``,
    ``density_ratio``, ``kde_ratio``; see :mod:`medprivacy.attacks.membership`.
    """
    from medprivacy.attacks.membership import membership_scores as _scores

    return _scores(release_df, targets_df, aux_df, method)


_LAZY = {
    "AttackData": "medprivacy.attacks.base",
    "load_suite": "medprivacy.attacks.suite",
    "run_suite": "medprivacy.attacks.suite",
    "run_suite_files": "medprivacy.attacks.suite",
    "write_report": "medprivacy.attacks.report",
    "read_dicom_headers": "medprivacy.attacks.dicom_headers",
    "risk_against_budget": "medprivacy.attacks.risk_budget",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'medprivacy.attacks' has no attribute {name!r}")
