"""DP-CTGAN: opacus' accountant, the ledger charged before training, one DP-SGD sample per
patient, outputs inside the declared domains, torch and opacus imported only on fit."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import date

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("opacus")

from medprivacy.budget import BudgetExceeded, Ledger
from medprivacy.errors import ConfigError
from medprivacy.synth import dpctgan, synthesize
from medprivacy.synth.accounting import rho_for
from medprivacy.synth.spec import as_spec, output_dtype

HELP = """import sys
from medprivacy.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
print(sorted({"torch", "opacus"} & set(sys.modules)))
"""
FAST = {"epochs": 0.5, "sample_rate": 0.1, "hidden": 16, "embedding_dim": 8, "gen_batch": 32}


@pytest.fixture
def visits() -> pd.DataFrame:
    """Patients with 1-6 visits each: every column kind, nulls where declared nullable."""
    rng = np.random.default_rng(3)
    n = 240
    df = pd.DataFrame(
        {
            "pid": rng.integers(0, 80, n),
            "sex": rng.choice(["F", "M"], n),
            "age": rng.integers(0, 91, n),
            "bmi": rng.uniform(15, 45, n),
            "visit": pd.to_datetime("2020-01-01") + pd.to_timedelta(rng.integers(0, 365, n), "D"),
            "smoker": rng.choice([True, False], n),
        }
    )
    df["bmi"] = df["bmi"].where(rng.random(n) > 0.2)  # nullable
    return df


SPEC = {
    "columns": {
        "sex": {"domain": ["F", "M"]},
        "age": {"type": "numeric", "bounds": [0, 90], "bins": [0, 18, 40, 65, 90], "dtype": "int"},
        "bmi": {"type": "numeric", "bounds": [15, 45], "bins": 6, "nullable": True},
        "visit": {"type": "date", "range": ["2020-01-01", "2020-12-31"], "bins": 4},
        "smoker": {"domain": [True, False]},
    },
    "privacy_unit": {"id": "pid", "max_rows": 3},
}


@pytest.mark.parametrize("noise,q,steps", [(1.1, 0.01, 1000), (0.7, 0.2, 50), (3.0, 1.0, 5)])
def test_accountant_epsilon_is_opacus_rdp_accountant(noise, q, steps):
    from opacus.accountants import RDPAccountant

    acc = RDPAccountant()
    acc.history = [(noise, q, steps)]
    assert dpctgan.rdp_epsilon(noise, q, steps, 1e-6) == pytest.approx(acc.get_epsilon(1e-6))
    # the noisy count composes on top, in RDP: never cheaper than DP-SGD alone
    assert dpctgan.rdp_epsilon(noise, q, steps, 1e-6, 0.01) > acc.get_epsilon(1e-6)


@pytest.mark.parametrize("eps", [1.0, 10.0])
@pytest.mark.filterwarnings("ignore:Optimal order is the largest alpha")
def test_calibrated_noise_stays_within_epsilon_and_matches_get_noise_multiplier(eps):
    from opacus.accountants.utils import get_noise_multiplier

    q, steps = 0.05, 500
    noise = dpctgan.calibrate_noise(eps, 1e-6, q, steps, 0.0)
    assert dpctgan.rdp_epsilon(noise, q, steps, 1e-6) <= eps
    theirs = get_noise_multiplier(
        target_epsilon=eps, target_delta=1e-6, sample_rate=q, steps=steps, accountant="rdp"
    )
    assert noise == pytest.approx(theirs, rel=0.02)


def test_fit_reports_epsilon_per_epoch_and_ends_within_the_budget(visits):
    _, synth = synthesize(
        visits, SPEC, "dpctgan", 3.0, options={**FAST, "epochs": 2}, return_synthesizer=True
    )
    info = synth.privacy()
    per_epoch = info["epsilon_by_epoch"]
    assert info["steps"] == 20 and len(per_epoch) == 2
    assert per_epoch[0] < per_epoch[1] == info["epsilon_spent"] <= 3.0
    assert info["epsilon_spent"] > 0.9 * 3.0  # the budget is used, not wasted
    assert "patient" in info["guarantee"] and "rho" not in info


def test_ledger_is_charged_before_training_and_a_failed_training_keeps_the_charge(
    tmp_path, visits, key, monkeypatch
):
    book = Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("ehr", epsilon=5.0, delta=1e-5)
    seen: list[int] = []

    def broken_training(*args, **kwargs):
        seen.append(len([e for e in book.history("ehr") if e.kind == "spend"]))
        raise RuntimeError("training crashed")

    monkeypatch.setattr(dpctgan, "train", broken_training)
    with pytest.raises(RuntimeError, match="training crashed"):
        synthesize(visits, SPEC, "dpctgan", 2.0, ledger=book, dataset="ehr", options=FAST)
    (entry,) = [e for e in book.history("ehr") if e.kind == "spend"]
    assert seen == [1] and entry.epsilon == 2.0 and entry.label == "synth:dpctgan"
    assert entry.unit == {"id": "pid", "max_rows": 3, "entity": "pid"}
    with pytest.raises(BudgetExceeded):  # 2 spent of 5: another 3.5 does not fit
        synthesize(visits, SPEC, "dpctgan", 3.5, ledger=book, dataset="ehr", options=FAST)


@pytest.mark.parametrize(
    "eps,options,why",
    [
        pytest.param(
            0.02,
            {"epochs": 50, "count_share": 1e-9},
            "noise multiplier above",
            marks=pytest.mark.slow,  # the accountant at noise 1..256: about 10 s
        ),
        (1e-3, {}, "the row count"),
    ],
)
def test_budget_too_small_refuses_before_any_charge(tmp_path, visits, key, eps, options, why):
    book = Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("ehr", epsilon=5.0, delta=1e-5)
    opts = {**FAST, **options}
    with pytest.raises(ConfigError, match=f"too small.*{why}"):
        synthesize(visits, SPEC, "dpctgan", eps, ledger=book, dataset="ehr", options=opts)
    assert not [e for e in book.history("ehr") if e.kind == "spend"]


def test_one_dp_sgd_sample_per_patient_with_at_most_max_rows(visits, monkeypatch):
    seen = {}
    real_train = dpctgan.train

    def spy(layout, real, **kwargs):
        seen["x"], seen["mask"] = real
        return real_train(layout, real, **kwargs)

    monkeypatch.setattr(dpctgan, "train", spy)
    many = pd.concat([visits, visits[visits.pid == 7].iloc[[0] * 20]], ignore_index=True)
    synthesize(many, SPEC, "dpctgan", 1.0, options=FAST)
    counts = visits.groupby("pid").size().clip(upper=3)
    assert seen["x"].shape[:2] == (visits.pid.nunique(), 3)
    assert sorted(seen["mask"].sum(axis=1).astype(int)) == sorted(counts.tolist())
    # padding rows are all zeros: they carry nothing into the patient's gradient
    assert not seen["x"][seen["mask"] == 0].any()


def test_patients_groups_rows_and_masks_padding():
    rows = np.arange(12, dtype=np.float32).reshape(6, 2)
    x, mask = dpctgan.patients(rows, np.array([0, 1, 0, 2, 0, 1]), 3)
    assert x.shape == (3, 3, 2) and mask.sum(axis=1).tolist() == [3, 2, 1]
    assert x[0].tolist() == [[0, 1], [4, 5], [8, 9]] and x[2, 1:].sum() == 0


def test_outputs_have_spec_dtypes_values_in_domain_and_nulls_only_where_nullable(visits):
    out = synthesize(visits, SPEC, "dpctgan", 2.0, n_rows=400, seed=1, options=FAST)
    spec = as_spec(SPEC)
    assert list(out.columns) == list(spec.columns) and len(out) == 400
    for name, col in spec.columns.items():
        assert str(out[name].dtype) == output_dtype(col), name
        if not col.nullable:
            assert out[name].notna().all(), name
    assert set(out["sex"]) <= {"F", "M"} and set(out["smoker"]) <= {True, False}
    assert out["age"].between(0, 90).all()
    bmi = out["bmi"].dropna()
    assert bmi.between(15, 45).all() and len(bmi) < 400
    assert out["visit"].between(pd.Timestamp(date(2020, 1, 1)), pd.Timestamp("2020-12-31")).all()


def test_numeric_values_come_from_the_within_bin_scalar_not_only_the_bin(visits):
    # mode-specific normalisation: a generated value anywhere inside its declared bin
    out = synthesize(visits, SPEC, "dpctgan", 2.0, n_rows=300, options=FAST)
    edges = np.asarray(as_spec(SPEC).columns["bmi"].edges)  # type: ignore[union-attr]
    bmi = out["bmi"].dropna().to_numpy()
    assert len(np.unique(bmi)) > len(edges)


def test_alphas_place_each_value_inside_its_declared_bin():
    spec = as_spec({"columns": {"x": {"type": "numeric", "bounds": [0, 10], "bins": 2}}})
    df = pd.DataFrame({"x": [0.0, 2.5, 5.0, 10.0, 99.0]})
    from medprivacy.synth.encode import encode

    alpha = dpctgan._alphas(df, encode(df, spec), spec)[:, 0]
    assert alpha.tolist() == pytest.approx([-1.0, 0.0, -1.0, 1.0, 1.0])  # 99 clipped to 10


def test_seed_fixes_no_dp_noise(visits):
    a = synthesize(visits, SPEC, "dpctgan", 2.0, n_rows=200, seed=5, options=FAST)
    b = synthesize(visits, SPEC, "dpctgan", 2.0, n_rows=200, seed=5, options=FAST)
    assert not a.equals(b)


def test_torch_and_opacus_are_imported_only_when_dpctgan_fits():
    code = (
        "import sys, medprivacy.synth, medprivacy.cli\n"
        "from medprivacy.synth.base import get_synthesizer\n"
        "assert get_synthesizer('dpctgan').is_dp\n"
        "print(sorted({'torch', 'opacus'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    helped = subprocess.run(
        [sys.executable, "-c", HELP], capture_output=True, text=True, check=True
    )
    assert helped.stdout.strip().endswith("[]")


def test_count_share_is_charged_inside_epsilon():
    rho = 0.02 * rho_for(1.0, 1e-6)
    noise = dpctgan.calibrate_noise(1.0, 1e-6, 0.05, 100, rho)
    assert dpctgan.rdp_epsilon(noise, 0.05, 100, 1e-6, rho) <= 1.0


def test_a_fake_row_does_not_depend_on_the_other_patients_of_the_step():
    import torch

    opt = dpctgan.DPCTGANOptions(hidden=16, embedding_dim=8)
    gen, _ = dpctgan._nets(dpctgan.Layout((3, 4), [False, False]), opt)
    gen.train()  # as between steps
    z, k = torch.randn(6, 8), 2
    alone = dpctgan.step_fakes(gen, z[:k])  # patient 0 sampled alone (k = 2)
    pair = dpctgan.step_fakes(gen, z[: 2 * k])[:k]
    three = dpctgan.step_fakes(gen, torch.cat([z[:k], 10 * z[k:]]))[:k]
    # equal up to float rounding (train-mode batch norm moved them by ~0.3)
    assert torch.allclose(alone, pair, atol=1e-5) and torch.allclose(alone, three, atol=1e-5)
    assert dpctgan.step_fakes(gen, z[:1]).shape[0] == 1  # one patient, one row (k = 1)
    assert gen.training


def test_generator_buffers_follow_its_own_steps_and_one_row_patients_train(tmp_path, key):
    # 30 one-row patients at q = 0.05: a step samples exactly one patient (one row) with
    # probability 0.34, so 20 steps nearly surely include one (train-mode batch norm failed)
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"pid": range(30), "sex": rng.choice(["F", "M"], 30)})
    spec = {
        "columns": {"sex": {"domain": ["F", "M"]}},
        "privacy_unit": {"id": "pid", "max_rows": 1},
    }
    book = Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("ehr", epsilon=10.0, delta=1e-5)
    options = {**FAST, "epochs": 1, "sample_rate": 0.05}
    out, synth = synthesize(
        df,
        spec,
        "dpctgan",
        5.0,
        ledger=book,
        dataset="ehr",
        options=options,
        return_synthesizer=True,
    )
    assert set(out["sex"]) <= {"F", "M"}
    # batch norm counts only the generator's steps (public: 20), never the Poisson batches
    tracked = [b for n, b in synth.generator.named_buffers() if n.endswith("num_batches_tracked")]
    assert tracked and all(int(b) == 20 for b in tracked)


@pytest.mark.parametrize("pairs", ["none", "all"])
def test_noisy_marginals_compose_with_dp_sgd_within_epsilon(visits, pairs):
    # the zCDP part (row count + every noisy marginal, OpenDP's reported costs) is at most its
    # share of rho_for(ε, δ), and its RDP curve α ρ composed with opacus' DP-SGD stays within ε
    opts = {**FAST, "epochs": 1, "marginal_share": 0.3, "pairs": pairs}
    _, synth = synthesize(visits, SPEC, "dpctgan", 2.0, options=opts, return_synthesizer=True)
    share = (0.02 + 0.3) * rho_for(2.0, 1e-6)
    assert synth.budget.spent <= share * (1 + 1e-9) and synth.budget.spent > 0.99 * share
    d = len(SPEC["columns"])
    assert len(synth.budget.log) == 1 + d + (d * (d - 1) // 2 if pairs == "all" else 0)
    q, steps = opts["sample_rate"], synth.steps
    assert dpctgan.rdp_epsilon(synth.noise_multiplier, q, steps, 1e-6, synth.budget.spent) <= 2.0
    # the marginals cost DP-SGD noise: more noise than with the row count alone
    alone = dpctgan.calibrate_noise(2.0, 1e-6, q, steps, 0.02 * rho_for(2.0, 1e-6))
    assert synth.noise_multiplier > alone


def test_marginals_are_measured_after_the_ledger_charge(tmp_path, visits, key, monkeypatch):
    book = Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("ehr", epsilon=5.0, delta=1e-5)
    seen: list[int] = []
    real = dpctgan.noisy_marginals

    def spy(*args, **kwargs):
        seen.append(len([e for e in book.history("ehr") if e.kind == "spend"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(dpctgan, "noisy_marginals", spy)
    synthesize(visits, SPEC, "dpctgan", 2.0, ledger=book, dataset="ehr", options=FAST)
    assert seen == [1]


def test_marginal_sets_pair_the_declared_target_with_every_column():
    spec = as_spec({**SPEC, "target": "sex"})
    sets = dpctgan.marginal_sets(spec, "target")
    assert sets[:5] == [(0,), (1,), (2,), (3,), (4,)]
    assert sets[5:] == [(0, 1), (0, 2), (0, 3), (0, 4)]
    assert dpctgan.marginal_sets(as_spec(SPEC), "target") == sets[:5]  # no target: 1-ways


def test_generator_follows_the_noisy_one_way_marginals():
    # 90% of patients are F: the generator's 1-way loss pulls an untrained GAN's output there
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"pid": range(600), "sex": np.where(rng.random(600) < 0.9, "F", "M")})
    spec = {
        "columns": {"sex": {"domain": ["F", "M"]}},
        "privacy_unit": {"id": "pid", "max_rows": 1},
    }
    opts = {
        **FAST,
        "epochs": 4,
        "sample_rate": 0.05,
        "marginal_share": 0.5,
        "lr": 0.01,
    }
    out = synthesize(df, spec, "dpctgan", 20.0, options=opts, seed=1, n_rows=4000)
    assert abs((out["sex"] == "F").mean() - 0.9) < 0.05


@pytest.mark.filterwarnings("ignore:Optimal order is the largest alpha")
def test_a_fits_epsilon_is_opacus_accountants_for_its_noise_and_steps(visits):
    # the fit's own configuration (calibrated noise, sample rate, steps), re-accounted here
    # by opacus alone: DP-SGD by its RDPAccountant, then the zCDP part added as α ρ on opacus'
    # default orders; neither may exceed the ε that was charged
    from opacus.accountants import RDPAccountant
    from opacus.accountants.analysis.rdp import compute_rdp, get_privacy_spent

    opts = {**FAST, "epochs": 2}
    _, synth = synthesize(visits, SPEC, "dpctgan", 3.0, options=opts, return_synthesizer=True)
    q, steps, noise, delta = opts["sample_rate"], synth.steps, synth.noise_multiplier, synth.delta
    acc = RDPAccountant()
    acc.history = [(noise, q, steps)]
    assert dpctgan.rdp_epsilon(noise, q, steps, delta) <= acc.get_epsilon(delta) * (1 + 1e-9)
    orders = np.asarray(acc.DEFAULT_ALPHAS, dtype=float)
    rdp = np.asarray(compute_rdp(q=q, noise_multiplier=noise, steps=steps, orders=orders))
    theirs, _ = get_privacy_spent(orders=orders, rdp=rdp + synth.budget.spent * orders, delta=delta)
    assert acc.get_epsilon(delta) < theirs <= 3.0
    assert synth.privacy()["epsilon_spent"] <= 3.0


def test_each_clipped_gradient_is_one_patients(visits, monkeypatch):
    # at sample_rate 1 every patient is in every step: opacus clips exactly one gradient per
    # patient (all of their rows together), never one per row
    from opacus.optimizers import DPOptimizer

    seen: list[int] = []
    real = DPOptimizer.clip_and_accumulate

    def spy(self):
        seen.append(int(self.grad_samples[0].shape[0]))
        return real(self)

    monkeypatch.setattr(DPOptimizer, "clip_and_accumulate", spy)
    opts = {**FAST, "epochs": 2, "sample_rate": 1.0}
    synthesize(visits, SPEC, "dpctgan", 5.0, options=opts)
    assert seen == [visits.pid.nunique()] * 2 and visits.pid.nunique() < len(visits)


def test_mechanism_and_privacy_json_name_the_noisy_marginals_and_state_every_option(
    tmp_path, visits, key
):
    # the ledger's and privacy.json's mechanism name everything that reads the data: DP-SGD,
    # the noisy 1-/2-way marginals (OpenDP, marginal_share) and the row count; privacy.json
    # states every option, those that do not move ε too
    book = Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("ehr", epsilon=5.0, delta=1e-5)
    opts = {**FAST, "marginal_weight": 0.5, "tau": 0.3, "lr": 1e-3}
    _, synth = synthesize(
        visits, SPEC, "dpctgan", 2.0, ledger=book, dataset="ehr", options=opts,
        return_synthesizer=True,
    )  # fmt: skip
    (entry,) = [e for e in book.history("ehr") if e.kind == "spend"]
    info = synth.privacy()
    assert entry.mechanism == info["mechanism"] == dpctgan.DPCTGAN.mechanism
    for words in ("DP-SGD", "1-way", "2-way", "marginal_share", "OpenDP", "row count", "RDP"):
        assert words in entry.mechanism
    assert info["options"] == {
        **dpctgan.DPCTGANOptions.model_validate({}).model_dump(mode="json"),
        **opts,
    }
    assert set(info["options"]) >= {"epochs", "lr", "hidden", "embedding_dim", "gen_batch", "tau"}
    assert set(info["options"]) >= {"marginal_weight", "marginal_share", "pairs", "count_share"}


def test_poisson_draws_are_float64_at_exactly_the_accounted_rate(visits, monkeypatch):
    # torch's float64 uniforms are multiples of 2^-53: u < r samples at exactly r for r on that
    # grid, and sampling_rate puts the option there (float32's 2^-24 grid would not: 0.05 would
    # be drawn at 0.0500000119); the fit draws and accounts at that one rate
    import torch

    q = dpctgan.sampling_rate(0.05)
    assert q == math.ceil(0.05 * 2.0**53) / 2.0**53 and 0 <= q - 0.05 < 2.0**-53
    assert q * 2.0**53 == int(q * 2.0**53) and dpctgan.sampling_rate(q) == q
    assert dpctgan.sampling_rate(1.0) == 1.0 and dpctgan.sampling_rate(2.0**-60) == 2.0**-53
    assert math.ceil(0.05 * 2.0**24) / 2.0**24 - q > 1e-8  # the float32 grid's rate
    picked = dpctgan.poisson_sample(100_000, q, torch.Generator().manual_seed(5))
    u = torch.rand(100_000, generator=torch.Generator().manual_seed(5), dtype=torch.float64)
    assert torch.equal(picked, u < q) and (u * 2.0**53 == torch.floor(u * 2.0**53)).all()

    rates: list[float] = []
    real = dpctgan.poisson_sample

    def spy(n, rate, generator):
        rates.append(rate)
        return real(n, rate, generator)

    monkeypatch.setattr(dpctgan, "poisson_sample", spy)
    opts = {**FAST, "sample_rate": 0.3}
    _, synth = synthesize(visits, SPEC, "dpctgan", 3.0, options=opts, return_synthesizer=True)
    accounted = synth.privacy()["sample_rate"]
    assert accounted == dpctgan.sampling_rate(0.3) and rates == [accounted] * synth.steps
    eps = dpctgan.rdp_epsilon(synth.noise_multiplier, accounted, synth.steps, 1e-6, synth.rho_zcdp)
    assert eps == synth.privacy()["epsilon_spent"] <= 3.0
