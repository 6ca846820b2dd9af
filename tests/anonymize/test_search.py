"""The lattice search returns the optimum: brute force agrees, pruning loses nothing, ARX agrees."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medprivacy.anonymize import anonymize, lattice, search, utility
from medprivacy.anonymize.api import prepare
from medprivacy.anonymize.config import parse
from medprivacy.errors import MedPrivacyError

from . import independent as ind
from .conftest import QIS, config, hierarchy_rows

ADULT = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "anon" / "adult"


@pytest.mark.parametrize(("k", "limit"), [(2, 0.0), (5, 0.0), (5, 0.04), (12, 0.1)])
def test_k_anonymity_optimum_matches_brute_force(
    patients: pd.DataFrame, k: int, limit: float
) -> None:
    _, report = anonymize(patients, config([{"kind": "k_anonymity", "k": k}], limit))
    best, _ = ind.brute_force(patients, hierarchy_rows(patients), k, limit)
    assert report.optimal
    assert report.loss == pytest.approx(best, abs=1e-12)


def test_l_diversity_optimum_matches_brute_force(patients: pd.DataFrame) -> None:
    models_ = [
        {"kind": "k_anonymity", "k": 3},
        {"kind": "l_diversity", "attribute": "diagnosis", "l": 3},
    ]
    _, report = anonymize(patients, config(models_, 0.03))
    best, _ = ind.brute_force(patients, hierarchy_rows(patients), 3, 0.03, ("diagnosis", 3))
    assert report.loss == pytest.approx(best, abs=1e-12)


@pytest.mark.parametrize(("k", "limit"), [(5, 0.04), (12, 0.1), (20, 0.1)])
def test_masked_release_optimum_matches_brute_force_counting_the_masked_class(
    patients: pd.DataFrame, k: int, limit: float
) -> None:
    models_ = [
        {"kind": "k_anonymity", "k": k},
        {"kind": "l_diversity", "attribute": "diagnosis", "l": 3},
    ]
    out, report = anonymize(patients, config(models_, limit, suppressed_rows="mask"))
    rows = hierarchy_rows(patients)
    best, _ = ind.brute_force(patients, rows, k, limit, ("diagnosis", 3), mask=True)
    assert report.optimal and report.loss == pytest.approx(best, abs=1e-12)
    assert ind.k_of(out, list(QIS)) >= k
    assert ind.distinct_l(out, list(QIS), "diagnosis") >= 3


def _exhaustive(table: lattice.Table, cfg, measure: utility.Measure) -> float:
    add = utility.additive(table, measure) if measure in utility.ADDITIVE else None
    best = np.inf
    for node in itertools.product(*[range(int(h)) for h in table.heights]):
        part = lattice.partition(table, node)
        check = search.judge(table, node, part, cfg.models, cfg.suppression_limit, measure, add)
        if check.feasible:
            best = min(best, check.loss)
    return float(best)


@pytest.mark.parametrize("measure", ["ncp", "entropy", "discernibility", "average_class_size"])
@pytest.mark.parametrize(
    "model",
    [
        {"kind": "k_anonymity", "k": 5},
        {"kind": "t_closeness", "attribute": "diagnosis", "t": 0.2},
        {"kind": "l_diversity", "attribute": "diagnosis", "l": 2.5, "variant": "entropy"},
        {"kind": "prosecutor_risk", "highest": 0.25, "average": 0.08},
    ],
)
def test_pruned_search_finds_the_exhaustive_optimum(
    patients: pd.DataFrame, measure: str, model: dict
) -> None:
    cfg = parse(config([model], 0.05, utility=measure))
    table, _, _ = prepare(patients, cfg)
    result = search.search(table, cfg.models, cfg.suppression_limit, cfg.utility)
    assert result.optimal and result.best is not None
    assert result.best.loss == pytest.approx(_exhaustive(table, cfg, cfg.utility), rel=1e-12)
    assert result.checked < result.nodes


def test_projection_check_only_tags_infeasible_nodes(patients: pd.DataFrame) -> None:
    cfg = parse(config([{"kind": "k_anonymity", "k": 8}], 0.02))
    table, _, _ = prepare(patients, cfg)
    nodes = search.lattice_nodes(table.heights)
    tagged, counted = search.projection_check(table, nodes, cfg.models, 0.02)
    assert tagged.any() and 0 < counted < len(nodes)
    for i in np.flatnonzero(tagged):
        node = tuple(int(x) for x in nodes[i])
        part = lattice.partition(table, node)
        assert not search.judge(table, node, part, cfg.models, 0.02, "ncp", None).feasible


def test_time_limit_returns_a_release_not_proven_optimal(patients: pd.DataFrame) -> None:
    out, report = anonymize(
        patients, config([{"kind": "k_anonymity", "k": 5}], 0.0, time_limit_s=1e-9)
    )
    assert report.optimal is False
    assert report.satisfied and ind.k_of(out, list(QIS)) >= 5


def test_no_feasible_node_is_a_one_line_error(patients: pd.DataFrame) -> None:
    with pytest.raises(MedPrivacyError, match="no generalization satisfies"):
        anonymize(patients, config([{"kind": "k_anonymity", "k": 1000}], 0.0))


def _adult(models_: list[dict], qis: list[str]) -> tuple[pd.DataFrame, object]:
    df = pd.read_csv(ADULT / "adult.csv", sep=";", dtype=str)
    cfg = {
        "quasi_identifiers": {c: {"kind": "csv", "path": f"adult_hierarchy_{c}.csv"} for c in qis},
        "models": models_,
        "suppression_limit": 0.02,
    }
    return anonymize(df, cfg, base_dir=ADULT)


ALL = ["sex", "age", "race", "marital-status", "education", "native-country", "workclass",
       "occupation", "salary-class"]  # fmt: skip


@pytest.mark.skipif(not ADULT.exists(), reason="needs ../shared/data/anon/adult")
def test_adult_k5_two_percent_finds_arx_optimum() -> None:
    out, report = _adult([{"kind": "k_anonymity", "k": 5}], ALL)
    assert list(report.transformation.levels.values()) == [0, 3, 0, 2, 2, 1, 1, 2, 0]
    assert (report.suppressed, report.classes) == (506, 222)
    assert report.utility["ncp"] == pytest.approx(0.3693, abs=5e-5)
    assert report.optimal and ind.k_of(out, ALL) >= 5


@pytest.mark.slow
@pytest.mark.skipif(not ADULT.exists(), reason="needs ../shared/data/anon/adult")
def test_adult_diversity_closeness_and_risk_rows_match_arx() -> None:
    eight = [c for c in ALL if c != "occupation"]
    k5 = {"kind": "k_anonymity", "k": 5}
    _, rep = _adult([k5, {"kind": "l_diversity", "attribute": "occupation", "l": 3}], eight)
    assert (rep.classes, rep.suppressed) == (219, 522)
    _, rep = _adult([k5, {"kind": "t_closeness", "attribute": "occupation", "t": 0.2}], eight)
    assert (rep.classes, rep.suppressed) == (6, 235)
    _, rep = _adult([{"kind": "prosecutor_risk", "highest": 0.09, "average": 0.05}], ALL)
    assert (rep.classes, rep.suppressed) == (95, 542)
    assert rep.risk["highest_prosecutor"] <= 0.09 and rep.risk["average_prosecutor"] <= 0.05


def test_climb_reaches_an_infeasible_generalization_whose_box_is_all_infeasible(
    patients: pd.DataFrame,
) -> None:
    cfg = parse(config([{"kind": "k_anonymity", "k": 8}], 0.02))
    table, _, _ = prepare(patients, cfg)
    budget = 0.02 * table.n + 1e-9
    nodes = search.lattice_nodes(table.heights)
    feasible = {}
    for row in nodes:
        node = tuple(int(x) for x in row)
        part = lattice.partition(table, node)
        feasible[node] = search.judge(table, node, part, cfg.models, 0.02, "ncp", None).feasible
    climbed = 0
    for node, ok in feasible.items():
        if ok:
            continue
        top, _ = search.climb(table, node, lattice.partition(table, node), cfg.models, budget)
        assert all(t >= n for t, n in zip(top, node, strict=True))
        assert not feasible[top]
        climbed += top != node
        below = [n for n in feasible if all(a <= b for a, b in zip(n, top, strict=True))]
        assert not any(feasible[n] for n in below)
    assert climbed
