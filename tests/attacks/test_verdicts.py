"""Verdicts read the 95% interval: fail only when the data show the limit is passed."""

from __future__ import annotations

from medprivacy.attacks.base import Threshold, Verdict

LIMIT = Threshold(fail_above=0.1, attention_above=0.05)


def test_interval_above_the_limit_fails() -> None:
    assert LIMIT.verdict(0.3, (0.2, 0.4)) is Verdict.FAIL


def test_exact_figure_above_the_limit_fails() -> None:
    assert LIMIT.verdict(0.5, (0.5, 0.5)) is Verdict.FAIL


def test_point_estimate_above_limit_with_wide_interval_asks_for_attention() -> None:
    assert LIMIT.verdict(0.13, (0.0, 0.31)) is Verdict.ATTENTION


def test_interval_reaching_the_limit_asks_for_attention() -> None:
    assert LIMIT.verdict(0.02, (0.0, 0.12)) is Verdict.ATTENTION


def test_value_above_attention_level_asks_for_attention() -> None:
    assert LIMIT.verdict(0.06, (0.055, 0.065)) is Verdict.ATTENTION


def test_interval_below_both_levels_passes() -> None:
    assert LIMIT.verdict(0.01, (0.0, 0.04)) is Verdict.PASS
