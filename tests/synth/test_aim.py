"""AIM-style synthesizer: the declared target conditions every column; accounting stays within ρ."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from medprivacy.synth import synthesize


@pytest.fixture
def target_table() -> pd.DataFrame:
    """y depends on three features; x4 is independent of everything."""
    rng = np.random.default_rng(5)
    n = 4000
    x = rng.integers(0, 4, (n, 4))
    logit = x[:, 0] + x[:, 1] - x[:, 2] - 1.0
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return pd.DataFrame({"x1": x[:, 0], "x2": x[:, 1], "x3": x[:, 2], "x4": x[:, 3], "y": y})


def _spec(target: str | None) -> dict:
    cols = {c: {"domain": [0, 1, 2, 3]} for c in ("x1", "x2", "x3", "x4")}
    return {"columns": {**cols, "y": {"domain": [0, 1]}}, "target": target}


def test_declared_target_is_the_root_and_in_the_first_marginal(target_table):
    _, synth = synthesize(target_table, _spec("y"), "aim", 1.0, return_synthesizer=True)
    # the first round's candidates all condition on the target: no randomness in this
    assert synth.selected[0][0] == "y"
    children = [c for _, c, _ in synth.model.edges]
    assert "y" not in children and len(children) == 4


@pytest.mark.parametrize("target", ["y", None])
def test_aim_spends_its_rho_and_no_more(target_table, target):
    _, synth = synthesize(target_table, _spec(target), "aim", 0.7, return_synthesizer=True)
    info = synth.privacy()
    assert info["rho_spent"] <= info["rho"] * (1 + 1e-9)
    assert info["rho_spent"] >= info["rho"] * 0.999  # the whole budget is used
    assert synth.budget.log[0][0].startswith("1-way")


def test_extra_rounds_measure_uncovered_pairs_within_rho(target_table):
    opts = {"extra_rounds": 2, "particles": 4000}
    out, synth = synthesize(
        target_table, _spec("y"), "aim", 1.0, options=opts, return_synthesizer=True, seed=1
    )
    extras = [w for w, _ in synth.budget.log if w.startswith("select extra")]
    assert 1 <= len(extras) <= 2
    info = synth.privacy()
    assert info["rho_spent"] <= info["rho"] * (1 + 1e-9)
    assert synth.pool is not None and len(out) == synth.n_fit
    # extra marginals never hold the target: the pool keeps the network's P(target | features)
    assert all("y" not in cols for cols in synth.selected[4:])


def test_particles_fit_exact_marginals_and_sample():
    from medprivacy.synth.estimate import Noisy, marginal
    from medprivacy.synth.models import Particles

    rng = np.random.default_rng(0)
    truth = rng.integers(0, 3, (3000, 2))
    truth[:, 1] = np.where(rng.random(3000) < 0.8, truth[:, 0], truth[:, 1])
    sizes = (3, 3)
    pool = Particles(rng.integers(0, 3, (6000, 2)), sizes, 3000.0, order=[0, 1])
    target = marginal(truth, sizes, (0, 1)).astype(float)
    before = np.abs(pool.marginal((0, 1)) - target).sum()
    pool.fit([Noisy((0, 1), target, 1.0)], iters=200)
    assert np.abs(pool.marginal((0, 1)) - target).sum() < 0.05 * before
    rows = pool.sample(3000, rng)
    assert rows.shape == (3000, 2)
    # systematic sampling in sorted order: the first column's counts match up to rounding
    assert np.abs(np.bincount(rows[:, 0], minlength=3) - target.sum(axis=1)).max() <= 2


def test_pair_pools_every_measurement_holding_both_columns():
    from medprivacy.synth.aim import _pair
    from medprivacy.synth.estimate import Noisy

    sizes = (2, 3, 4)
    rng = np.random.default_rng(0)
    exact = rng.integers(0, 50, sizes).astype(float)
    a = Noisy((0, 1, 2), exact, 1.0)  # (0, 2) summed over column 1: variance 3
    b = Noisy((2, 0), exact.sum(axis=1).T + 3.0, 1.0)  # transposed, variance 1
    pooled = _pair(0, 2, sizes, [a, b, Noisy((1,), exact.sum(axis=(0, 2)), 1.0)])
    assert pooled is not None and pooled.cols == (0, 2)
    # inverse-variance weights 1/3 and 1: the offset of b enters with weight 3/4
    assert np.allclose(pooled.values, exact.sum(axis=1) + 3.0 * 0.75)
    assert np.isclose(pooled.sigma, np.sqrt(1 / (1 / 3 + 1)))
    assert _pair(0, 1, sizes, [b]) is None


def test_target_weight_below_one_is_refused(target_table):
    # weights are tw or 1: below 1 the selection's sensitivity is k, not k * tw
    from medprivacy.errors import ConfigError

    with pytest.raises(ConfigError, match="target_weight") as exc:
        synthesize(target_table, _spec("y"), "aim", 1.0, options={"target_weight": 0.5})
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize(
    ("method", "options", "name"),
    [
        ("aim", {"oneway_share": 0}, "oneway_share"),
        ("aim", {"select_share": 1.2}, "select_share"),
        ("mst", {"oneway_share": 0.6, "select_share": 0.5}, "below 1"),
        ("aim", {"extra_weight": -1}, "extra_weight"),
        ("aim", {"extra_weight": float("nan")}, "extra_weight"),
        ("aim", {"particles": 0}, "particles"),
        ("mst", {"max_parents": 2}, "max_parents"),  # not an MST option
        ("independent", {"oneway_share": 0.1}, "oneway_share"),
    ],
)
def test_every_synthesizer_option_is_validated_in_one_line(target_table, method, options, name):
    from medprivacy.errors import ConfigError

    with pytest.raises(ConfigError, match=name) as exc:
        synthesize(target_table, _spec("y"), method, 1.0, options=options)
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize(("max_cells", "fits"), [(7, False), (8, True)])
def test_columns_no_pair_within_max_cells_joins_are_refused_before_the_charge(
    target_table, max_cells, fits
):
    from medprivacy.errors import ConfigError
    from medprivacy.synth.aim import AIM

    # x-x pairs hold 16 cells, x-y pairs 8: with 7 no pair is a candidate, with 8 y joins all
    charged: list[bool] = []
    model = AIM(epsilon=1.0, max_cells=max_cells)
    if fits:
        model.fit(target_table, _spec(None), before_measure=lambda: charged.append(True))
        assert charged == [True]
        return
    with pytest.raises(ConfigError) as exc:
        model.fit(target_table, _spec(None), before_measure=lambda: charged.append(True))
    assert not charged and "max_cells (7)" in str(exc.value) and "\n" not in str(exc.value)
