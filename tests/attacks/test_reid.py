"""Re-identification risk: equivalence classes, prosecutor/journalist/marketer, uniqueness."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medprivacy.attacks.base import AttackData, Verdict, build_attack
from medprivacy.attacks.dicom_headers import read_dicom_headers
from medprivacy.attacks.reid import class_sizes
from medprivacy.attacks.uniqueness import estimate_population_uniques, pitman, zayatz
from medprivacy.errors import ConfigError

SAMPLE_DICOM = Path(__file__).resolve().parents[2] / "src" / "medprivacy" / "sample_data" / "dicom"


def by_metric(results):
    return {r.metric: r for r in results}


def test_unique_record_has_prosecutor_risk_one() -> None:
    rows = [{"age": 40, "sex": "F"}] * 5 + [{"age": 50, "sex": "M"}] * 5 + [{"age": 93, "sex": "M"}]
    attack = build_attack("reidentification", {"quasi_identifiers": ["age", "sex"]})
    res = by_metric(attack.run(AttackData(release=pd.DataFrame(rows))))
    assert res["prosecutor_max"].value == 1.0
    assert res["prosecutor_max"].verdict is Verdict.FAIL
    assert res["prosecutor_avg"].value == pytest.approx(3 / 11)
    assert res["sample_uniqueness"].value == pytest.approx(1 / 11)
    assert res["prosecutor_share_above"].details["records_above"] == 11  # 1/5 > 0.09 too


def test_k_anonymous_table_passes_default_thresholds() -> None:
    release = pd.DataFrame({"age": [30, 40] * 20, "sex": ["F", "M"] * 20})  # classes of 20
    attack = build_attack("reidentification", {"quasi_identifiers": ["age", "sex"]})
    res = by_metric(attack.run(AttackData(release=release)))
    assert res["prosecutor_max"].value == pytest.approx(0.05)
    assert res["prosecutor_max"].verdict is Verdict.PASS
    assert res["prosecutor_avg"].verdict is Verdict.PASS


def test_journalist_risk_uses_population_class_sizes() -> None:
    release = pd.DataFrame({"age": [30, 40, 40], "sex": ["F", "M", "M"]})
    population = pd.DataFrame({"age": [30] * 9 + [40] * 3, "sex": ["F"] * 9 + ["M"] * 3})
    attack = build_attack("reidentification", {"quasi_identifiers": ["age", "sex"]})
    res = by_metric(attack.run(AttackData(release=release, population=population)))
    assert res["prosecutor_max"].value == 1.0
    assert res["journalist_max"].value == pytest.approx(1 / 5)  # 2 in release + 3 outside
    assert res["marketer"].value == pytest.approx((1 / 10 + 2 / 5) / 3)


def _zipf_classes(n_records: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    labels = rng.zipf(1.7, n_records)
    return np.array(list(Counter(labels.tolist()).values()))


def test_pitman_and_zayatz_agree_on_fully_sampled_population() -> None:
    sizes = _zipf_classes(5000, seed=3)
    n = int(sizes.sum())
    fof = dict(Counter(sizes.tolist()))
    z, p = zayatz(fof, n, n), pitman(fof, n, n)
    assert z == pytest.approx(fof[1])  # a census: every sample unique is a population unique
    assert p == pytest.approx(z, rel=0.2)


def test_dankar_rule_picks_pitman_for_small_samples_and_estimates_are_sane() -> None:
    rng = np.random.default_rng(5)
    population = rng.zipf(1.7, 20000)
    true_uniques = sum(1 for c in Counter(population.tolist()).values() if c == 1)
    sample = rng.choice(population, 1500, replace=False)
    est = estimate_population_uniques(np.array(list(Counter(sample.tolist()).values())), 20000)
    assert est.dankar_model == "pitman"
    assert 0.5 * true_uniques < est.dankar < 2 * true_uniques
    big = rng.choice(population, 8000, replace=False)
    est2 = estimate_population_uniques(np.array(list(Counter(big.tolist()).values())), 20000)
    assert est2.dankar_model in ("zayatz", "snb")
    assert est2.dankar == pytest.approx(min(est2.zayatz, est2.snb))


def test_population_uniqueness_reported_from_sampling_fraction(split) -> None:
    attack = build_attack(
        "reidentification", {"quasi_identifiers": ["age", "sex", "zip3"], "sampling_fraction": 0.01}
    )
    res = by_metric(attack.run(AttackData(release=split["members"])))
    pu = res["population_uniqueness"]
    assert pu.details["dankar_model"] == "pitman"
    assert 0 <= pu.value <= 1
    assert pu.details["population_size"] == 40000


def test_missing_quasi_identifier_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'zip'"):
        class_sizes(pd.DataFrame({"age": [1]}), ["zip"])


def test_dicom_header_fields_feed_the_risk_attack() -> None:
    headers = read_dicom_headers(SAMPLE_DICOM, ["PatientAge", "PatientSex", "Manufacturer"])
    assert len(headers) >= 2 and list(headers.columns) == [
        "PatientAge",
        "PatientSex",
        "Manufacturer",
    ]
    attack = build_attack("reidentification", {"quasi_identifiers": ["PatientAge", "PatientSex"]})
    res = by_metric(attack.run(AttackData(release=headers)))
    assert 0 < res["prosecutor_max"].value <= 1
