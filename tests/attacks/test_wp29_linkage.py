"""WP29 criteria with control sets, and linkage of identified records."""

from __future__ import annotations

import numpy as np
import pandas as pd

from medprivacy.attacks.base import AttackData, Verdict, build_attack
from medprivacy.attacks.wp29 import control_risk

from .conftest import QI


def run(name: str, data: AttackData, **fields):
    return {r.metric: r for r in build_attack(name, fields).run(data)}


def _rule_population(n: int, seed: int, leak_secret: bool = False) -> pd.DataFrame:
    """The secret follows from age and sex for everyone (population-level knowledge)."""
    rng = np.random.default_rng(seed)
    age = rng.integers(20, 80, n)
    sex = rng.choice(["F", "M"], n)
    secret = np.where((age > 50) & (sex == "F"), "yes", "no")
    if leak_secret:  # a secret no rule predicts: only the record itself tells it
        secret = rng.choice(["yes", "no"], n)
    return pd.DataFrame(
        {"age": age, "sex": sex, "noise": rng.normal(0, 1, n).round(3), "secret": secret}
    )


def test_control_set_separates_population_inference_from_leakage() -> None:
    pop = _rule_population(3000, seed=1)
    members, non_members, fresh = pop.iloc[:500], pop.iloc[500:1000], pop.iloc[1000:1500]
    # A release of other people from the same population: inference works, nothing leaks.
    data = AttackData(
        release=fresh.reset_index(drop=True), members=members, non_members=non_members
    )
    res = run("inference", data, secrets=["secret"], aux_cols=["age", "sex"])["inference_risk"]
    assert res.details["attack_rate"] > 0.9 and res.details["control_rate"] > 0.9
    assert res.value < 0.1
    assert res.verdict is not Verdict.FAIL
    # Leakage: the release holds the members' own random secrets.
    pop2 = _rule_population(1000, seed=2, leak_secret=True)
    m2, n2 = pop2.iloc[:500].reset_index(drop=True), pop2.iloc[500:].reset_index(drop=True)
    leak = run("inference", AttackData(release=m2, members=m2, non_members=n2), secrets=["secret"])
    assert leak["inference_risk"].value > 0.9
    assert leak["inference_risk"].verdict is Verdict.FAIL


def test_control_risk_formula_and_interval() -> None:
    risk, (lo, hi), control = control_risk(90, 50, 100)
    assert control == 0.5 and risk == (0.9 - 0.5) / 0.5
    assert 0 <= lo < risk < hi <= 1
    assert control_risk(50, 60, 100)[0] == 0.0


def test_singling_out_and_linkability_on_raw_and_shuffled_releases(split) -> None:
    raw = AttackData(release=split["members"], quasi_identifiers=QI, **split)
    assert run("singling_out", raw)["singling_out_risk"].value > 0.95
    assert run("linkability", raw)["linkability_risk"].value > 0.8
    rng = np.random.default_rng(3)
    members = split["members"]
    shuffled = pd.DataFrame({c: rng.permutation(members[c].to_numpy()) for c in members.columns})
    mixed = AttackData(release=shuffled, quasi_identifiers=QI, **split)
    assert run("singling_out", mixed)["singling_out_risk"].value < 0.2
    assert run("linkability", mixed)["linkability_risk"].value < 0.1


def test_linkage_exact_and_distance_with_noise(split) -> None:
    data = AttackData(release=split["members"], quasi_identifiers=QI, **split)
    clean = run("linkage", data)
    assert clean["linkage_exact"].value > 0.8  # most members are unique on age, sex, zip3
    assert clean["linkage_exact"].verdict is Verdict.FAIL
    noisy = run("linkage", data, noise=0.03, missing_rate=0.2, margin=0.02)
    assert noisy["linkage_exact"].value < clean["linkage_exact"].value
    assert noisy["linkage_distance"].value > 0.2
    assert noisy["linkage_distance"].details["precision"] >= 0.9  # the margin keeps links right
    assert 0 <= noisy["false_link_rate_non_members"].value <= 1


def test_record_level_attacks_skip_synthetic_releases(split) -> None:
    from medprivacy.attacks.suite import parse_suite, run_suite

    suite, built = parse_suite(
        "name: t\nattacks:\n  - attack: reidentification\n  - attack: linkage\n"
    )
    data = AttackData(release=split["members"], quasi_identifiers=QI, synthetic=True, **split)
    result = run_suite(suite, built, data)
    assert set(result.skipped) == {"reidentification", "linkage"} and not result.results
