"""Every privacy model holds on the released rows, as a plain pandas groupby recounts them."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from medprivacy.anonymize import anonymize
from medprivacy.attacks.uniqueness import estimate_population_uniques

from . import independent as ind
from .conftest import DIAGNOSIS_ROWS, QIS, config, make_patients

Q = list(QIS)


def released(patients: pd.DataFrame, models: list[dict], limit: float = 0.05, **extra):
    out, report = anonymize(patients, config(models, limit, **extra))
    assert len(patients) - len(out) == report.suppressed <= limit * len(patients)
    assert report.satisfied
    return out, report


def test_k_anonymity_holds_on_the_released_rows(patients: pd.DataFrame) -> None:
    out, report = released(patients, [{"kind": "k_anonymity", "k": 6}])
    assert ind.k_of(out, Q) >= 6
    assert report.classes == len(ind.sizes(out, Q))
    assert report.risk["smallest_class"] == ind.k_of(out, Q)


def test_distinct_l_diversity_holds_in_every_class(patients: pd.DataFrame) -> None:
    models = [{"kind": "l_diversity", "attribute": "diagnosis", "l": 4}]
    out, report = released(patients, models)
    assert ind.distinct_l(out, Q, "diagnosis") >= 4
    assert report.diversity["diagnosis"]["distinct_l"] == ind.distinct_l(out, Q, "diagnosis")


def test_entropy_l_diversity_holds_in_every_class(patients: pd.DataFrame) -> None:
    models = [{"kind": "l_diversity", "attribute": "diagnosis", "l": 3.5, "variant": "entropy"}]
    out, report = released(patients, models)
    assert ind.entropy_l(out, Q, "diagnosis") >= 3.5 - 1e-9
    assert report.diversity["diagnosis"]["entropy_l"] == pytest.approx(
        ind.entropy_l(out, Q, "diagnosis")
    )


def test_equal_distance_t_closeness_holds(patients: pd.DataFrame) -> None:
    models = [{"kind": "t_closeness", "attribute": "diagnosis", "t": 0.15}]
    out, report = released(patients, models)
    t = ind.t_equal(out, Q, "diagnosis", patients["diagnosis"])
    assert t <= 0.15 + 1e-9
    assert report.diversity["diagnosis"]["t_equal"] == pytest.approx(t)


def test_hierarchical_t_closeness_holds(patients: pd.DataFrame) -> None:
    models = [
        {"kind": "t_closeness", "attribute": "diagnosis", "t": 0.1, "distance": "hierarchical"}
    ]
    sensitive = {"diagnosis": {"kind": "rows", "rows": DIAGNOSIS_ROWS}}
    out, report = released(patients, models, sensitive=sensitive)
    t = ind.t_hierarchical(out, Q, "diagnosis", patients["diagnosis"], DIAGNOSIS_ROWS)
    assert t <= 0.1 + 1e-9
    assert report.diversity["diagnosis"]["t_hierarchical"] == pytest.approx(t)
    # the hierarchical distance never exceeds the equal one (every pair is at most 1 apart)
    assert t <= ind.t_equal(out, Q, "diagnosis", patients["diagnosis"]) + 1e-9


def test_prosecutor_highest_and_average_risk_thresholds_hold(patients: pd.DataFrame) -> None:
    models = [{"kind": "prosecutor_risk", "highest": 0.2, "average": 0.05}]
    out, report = released(patients, models)
    s = ind.sizes(out, Q)
    assert (1 / s).max() <= 0.2
    assert len(s) / s.sum() <= 0.05  # mean over records of 1 / class size
    assert report.risk["highest_prosecutor"] == pytest.approx((1 / s).max())
    assert report.risk["average_prosecutor"] == pytest.approx(len(s) / s.sum())


def test_journalist_risk_counts_classes_in_the_population_table(tmp_path) -> None:
    population = make_patients(3000, seed=5)
    sample = population.sample(300, random_state=1).reset_index(drop=True)
    population.to_csv(tmp_path / "population.csv", index=False)
    models = [{"kind": "journalist_risk", "highest": 0.02, "population_path": "population.csv"}]
    out, report = anonymize(sample, config(models, 0.0), base_dir=tmp_path)
    levels = report.transformation.levels
    rows = ind_rows(population)
    pop = ind.generalize(population.astype({"age": str}), rows, levels)
    counts = pop.groupby(Q).size()
    per_class = out.groupby(Q).size().index.map(lambda key: counts.get(key, 0))
    assert (1 / np.asarray(per_class, dtype=float)).max() <= 0.02
    # the sample alone would be far riskier: its classes are ten times smaller
    assert (1 / ind.sizes(out, Q)).max() > 0.02


def ind_rows(df: pd.DataFrame) -> dict[str, list[list[str]]]:
    from .conftest import hierarchy_rows

    return hierarchy_rows(df)


def test_marketer_risk_with_population_size(patients: pd.DataFrame) -> None:
    models = [{"kind": "marketer_risk", "average": 0.002, "population_size": 40_000}]
    out, _ = released(patients, models)
    s = ind.sizes(out, Q)
    scale = 40_000 / len(patients)  # each class stands for size / sampling fraction people
    assert float((s / (s * scale)).sum() / s.sum()) <= 0.002 + 1e-12


def test_population_uniqueness_uses_the_attack_suite_estimators(patients: pd.DataFrame) -> None:
    models = [{"kind": "population_uniqueness", "threshold": 0.01, "population_size": 100_000}]
    out, report = released(patients, models, limit=0.0)
    s = ind.sizes(out, Q).to_numpy()
    est = estimate_population_uniques(s, 100_000)
    value = est.as_fraction(est.dankar) if (s == 1).any() else 0.0
    assert value <= 0.01
    assert report.risk["population_uniqueness"] == pytest.approx(value)


def test_suppression_limit_binds_the_search(patients: pd.DataFrame) -> None:
    strict, strict_rep = anonymize(patients, config([{"kind": "k_anonymity", "k": 10}], 0.0))
    _loose, rep = anonymize(patients, config([{"kind": "k_anonymity", "k": 10}], 0.1))
    assert len(strict) == len(patients)
    assert 0 < rep.suppressed <= 40
    assert 0 < rep.utility["ncp"] < strict_rep.utility["ncp"]


def test_report_ncp_agrees_with_groupby_recount(patients: pd.DataFrame) -> None:
    out, report = released(patients, [{"kind": "k_anonymity", "k": 4}], limit=0.05)
    levels = report.transformation.levels
    value = ind.ncp(out, patients, ind_rows(patients), levels, report.suppressed)
    assert report.utility["ncp"] == pytest.approx(value)
    assert report.loss == pytest.approx(value)
    assert not math.isnan(report.utility["entropy"])


def test_journalist_risk_agrees_with_the_attack_suite_when_the_table_leaves_the_sample_out(
    tmp_path,
) -> None:
    from medprivacy.attacks.reid import population_class_sizes

    everyone = make_patients(3000, seed=5)
    sample = everyone.iloc[:300].reset_index(drop=True)
    others = everyone.iloc[300:].reset_index(drop=True)  # the population table, sample excluded
    others.to_csv(tmp_path / "others.csv", index=False)
    model = {
        "kind": "journalist_risk",
        "highest": 0.03,
        "population_path": "others.csv",
        "population_includes_sample": False,
    }
    out, report = anonymize(sample, config([model], 0.0), base_dir=tmp_path)
    pop = ind.generalize(
        others.astype({"age": str}), ind_rows(everyone), report.transformation.levels
    )
    sizes = population_class_sizes(out, pop, Q)  # the attack suite's own count: sample + table
    assert (1 / sizes).max() <= 0.03


def test_journalist_risk_from_population_size_rounds_like_the_attack_suite(
    patients: pd.DataFrame,
) -> None:
    # 400 of 1,300 people: a class of 1 stands for round(1 / 0.3077) = 3 (risk 0.333 > 0.32)
    model = {"kind": "journalist_risk", "highest": 0.32, "population_size": 1300}
    out, _ = released(patients, [model], limit=0.0)
    f = ind.sizes(out, Q).to_numpy()
    big_f = np.maximum(f, np.round(f / (400 / 1300)))
    assert (1 / big_f).max() <= 0.32
