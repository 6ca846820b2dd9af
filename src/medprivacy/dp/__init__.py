"""Differentially private statistics through OpenDP's Polars Context, paid from the ledger."""

from medprivacy.dp.release import Statistic, StatsRelease, dp_release, release_stats
from medprivacy.dp.spec import StatsSpec, load_stats_spec, parse_stats_spec

__all__ = [
    "Statistic",
    "StatsRelease",
    "StatsSpec",
    "dp_release",
    "load_stats_spec",
    "parse_stats_spec",
    "release_stats",
]
