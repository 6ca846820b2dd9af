"""medprivacy.synth.synthesize: domains, dtypes, fresh DP noise, privacy unit, SDV labelling."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from medprivacy.errors import ConfigError, InputError
from medprivacy.synth import NO_GUARANTEE, synthesize
from medprivacy.synth.contributions import bound_contributions
from medprivacy.synth.spec import as_spec


def test_integer_coded_columns_with_domains_work(chain_table, chain_spec):
    out = synthesize(chain_table, chain_spec, epsilon=1.0)
    assert list(out.columns) == list(chain_table.columns)
    assert (out.dtypes == chain_table.dtypes).all()
    assert out.isin([0, 1, 2, 3]).all().all()
    # default row count is the noisy count: within 1% of 5000 (noise sd is a few rows)
    assert abs(len(out) - len(chain_table)) < 50


@pytest.mark.parametrize("method", ["aim", "mst", "independent"])
def test_output_respects_declared_domains_and_dtypes(method):
    rng = np.random.default_rng(3)
    n = 600
    df = pd.DataFrame(
        {
            "sex": rng.choice(["F", "M"], n),
            "los": rng.integers(0, 40, n),
            "weight": rng.normal(70, 15, n),
            "admit": pd.to_datetime("2020-01-01") + pd.to_timedelta(rng.integers(0, 365, n), "D"),
            "flag": rng.random(n) < 0.3,
        }
    )
    spec = {
        "columns": {
            "sex": {"domain": ["F", "M", "X"]},
            "los": {"type": "numeric", "bounds": [0, 30], "bins": 6, "dtype": "int"},
            "weight": {"type": "numeric", "bounds": [30, 150], "bins": [30, 50, 70, 90, 150]},
            "admit": {"type": "date", "range": ["2020-01-01", "2020-12-31"], "bins": 12},
            "flag": {"type": "categorical", "domain": [False, True]},
        }
    }
    out = synthesize(df, spec, method=method, epsilon=2.0, n_rows=300, seed=1)
    assert len(out) == 300
    assert dict(out.dtypes) == dict(df.dtypes)
    assert out["sex"].isin(["F", "M", "X"]).all()
    assert out["los"].between(0, 30).all()
    assert out["weight"].between(30, 150).all()
    assert out["admit"].between("2020-01-01", "2020-12-31").all()


def test_dp_noise_is_not_seeded(chain_table, chain_spec):
    runs = [
        synthesize(chain_table, chain_spec, "independent", 1.0, seed=5, return_synthesizer=True)[1]
        for _ in range(2)
    ]
    # 16 cells of discrete Gaussian noise (sd ~13) agreeing exactly twice: probability << 1e-6
    first, second = (np.concatenate(s.model.oneway) for s in runs)
    assert not np.array_equal(first, second)


def test_seed_fixes_sampling_of_a_fitted_model(chain_table, chain_spec):
    _, synth = synthesize(chain_table, chain_spec, "mst", 1.0, seed=5, return_synthesizer=True)
    synth.rng = np.random.default_rng(9)
    one = synth.sample(100)
    synth.rng = np.random.default_rng(9)
    assert one.equals(synth.sample(100))


def test_privacy_unit_bound_drops_extra_rows():
    df = pd.DataFrame({"pid": [1, 2, 1, 1, 2, 3, 1], "x": [0, 1, 2, 3, 4, 5, 6]})
    spec = as_spec(
        {"columns": {"x": {"domain": list(range(7))}}, "privacy_unit": {"id": "pid", "max_rows": 2}}
    )
    kept = bound_contributions(df, spec)
    # first two rows of each patient in input order
    assert kept["x"].tolist() == [0, 1, 2, 4, 5]


def test_privacy_unit_scales_noise_to_a_patient(chain_table, chain_spec):
    df = chain_table.assign(pid=np.arange(len(chain_table)) // 3)
    spec = {**chain_spec, "privacy_unit": {"id": "pid", "max_rows": 3}}
    out, synth = synthesize(df, spec, "mst", 1.0, return_synthesizer=True)
    assert "pid" not in out.columns
    assert synth.privacy()["unit"].startswith("patient")
    assert "per patient" in synth.guarantee


def test_the_statement_names_the_declared_entity_not_always_patient(chain_table, chain_spec):
    df = chain_table.assign(hh=np.arange(len(chain_table)) // 3)
    spec = {**chain_spec, "privacy_unit": {"id": "hh", "max_rows": 3, "entity": "household"}}
    _, synth = synthesize(df, spec, "independent", 1.0, n_rows=10, return_synthesizer=True)
    assert synth.privacy()["unit"] == "household (hh, at most 3 rows)"
    assert "per household" in synth.guarantee and "patient" not in synth.guarantee


def test_value_outside_domain_is_an_error_naming_column_and_rule_never_the_value():
    df = pd.DataFrame({"dx": ["I10", "SECRET-VALUE", "E11"] * 50})
    with pytest.raises(InputError) as err:
        synthesize(df, {"columns": {"dx": {"domain": ["I10", "E11"]}}}, "mst")
    assert "column 'dx', row 2: a value outside the declared domain" in str(err.value)
    assert "SECRET" not in str(err.value)


def test_value_outside_domain_is_synthesized_as_null_when_nullable():
    df = pd.DataFrame({"dx": ["I10", "SECRET-VALUE", "E11"] * 50})
    out = synthesize(df, {"columns": {"dx": {"domain": ["I10", "E11"], "nullable": True}}}, "mst")
    assert (out["dx"].isin(["I10", "E11"]) | out["dx"].isna()).all()


def test_missing_spec_column_is_an_error_naming_the_column():
    with pytest.raises(InputError, match="dx"):
        synthesize(pd.DataFrame({"a": [0]}), {"columns": {"dx": {"domain": ["I10"]}}}, "mst")


def test_bad_spec_is_one_config_error():
    with pytest.raises(ConfigError, match="columns"):
        synthesize(pd.DataFrame({"a": [0]}), {"columns": {}})
    with pytest.raises(ConfigError, match="unknown synthesizer"):
        synthesize(pd.DataFrame({"a": [0]}), {"columns": {"a": {"domain": [0]}}}, "nope")


@pytest.mark.slow
def test_sdv_gaussian_copula_is_marked_without_guarantee(chain_table, chain_spec):
    out, synth = synthesize(
        chain_table.head(400), chain_spec, "gaussian_copula", seed=1, return_synthesizer=True
    )
    assert synth.privacy()["guarantee"] == NO_GUARANTEE
    assert list(out.columns) == list("abcd") and out.isin([0, 1, 2, 3]).all().all()


@pytest.mark.parametrize(
    "kwargs",
    [{"epsilon": 0}, {"epsilon": float("inf")}, {"delta": 1.0}, {"n_rows": -1}],
)
def test_bad_epsilon_delta_or_n_rows_is_one_config_error(chain_table, chain_spec, kwargs):
    with pytest.raises(ConfigError) as exc:
        synthesize(chain_table, chain_spec, "independent", **kwargs)
    assert "\n" not in str(exc.value)
