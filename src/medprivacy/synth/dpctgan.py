"""DP-CTGAN: a tabular GAN whose discriminator is trained with DP-SGD (opacus), per patient.

Representation (from the spec alone, nothing read from the data): every column is a one-hot
block over its declared codes (categories, numeric/date bins, the ``nullable`` code); a numeric
column also gets CTGAN's mode-specific scalar, with the declared bins as the modes: the value's
position inside its bin, in [-1, 1] (no mixture model is fitted on the data). The generator
outputs one Gumbel-softmax block per column (its width is the declared domain) and a ``tanh``
scalar per numeric column.

Privacy unit: **one sample is one patient**. After the per-patient truncation to ``max_rows``,
a patient's rows form one sample (padded to ``max_rows`` and masked); the discriminator's loss
on that sample (its real rows and as many generated rows) gives one gradient, which opacus clips
to ``max_grad_norm`` (per-sample clipping, so per-patient) before adding Gaussian noise of
``noise_multiplier * max_grad_norm``. Samples are drawn by Poisson sampling of patients at the
public ``sample_rate`` (drawn in float64, so the rate drawn is exactly the rate accounted:
:func:`sampling_rate`); every step is one subsampled Gaussian mechanism under add/remove of one
patient, with no group-privacy factor. The generator only ever sees the discriminator's outputs
and the noisy marginals below (post-processing).

Noisy marginals (``marginal_share`` of the ρ that ``rho_for(ε, δ)`` gives, default 30%): every
column's 1-way marginal over its declared codes and, with ``pairs``, every pair (``"all"``, the
default), the declared target with each column (``"target"``) or none; each an OpenDP discrete
Gaussian count vector at L2 sensitivity ``max_rows`` (ρ split equally), projected onto the
simplex. The generator is trained (post-processing) on the DP-SGD discriminator's output plus
``marginal_weight`` x Σ KL(noisy marginal || the generator's expected marginal). On RAND HIE
at ε = 10 the DP-SGD GAN alone invents dependence (2-way TVD 0.127, above the independence
floor 0.057); with the noisy 1-ways it is 0.103, with every noisy 2-way 0.028: the 2-ways carry
the fidelity, the discriminator little (see the README's "DP-CTGAN"). The generator is
unconditional: CTGAN's training-by-sampling reads real rows per condition, outside the
subsampled-Gaussian analysis.

Accounting (one (ε, δ) for the whole fit, stated before anything is paid):

- zCDP part: the noisy row count (``count_share``) and the noisy marginals (``marginal_share``),
  ρ_z = (count_share + marginal_share) x rho_for(ε, δ); a running :class:`ZCDPBudget` adds up
  what OpenDP reports for each measurement and refuses to pass ρ_z. A ρ-zCDP mechanism is
  (α, α ρ)-RDP at every order α > 1 (Bun & Steinke 2016).
- DP-SGD part: ``steps = round(epochs / sample_rate)`` Poisson-subsampled Gaussian steps,
  RDP ε_α from opacus' ``compute_rdp`` (its orders plus larger ones, see ``ORDERS``).
- Composition: RDP adds up per order, so the fit is (α, ε_α + α ρ_z)-RDP at every α, and
  ``get_privacy_spent`` converts that curve to ε at ``delta`` (the minimum over the orders).
  The noise multiplier is calibrated on this composed curve before training, so the ε stated
  is the ε of the whole fit; the ledger is charged (``before_measure``) once, for (ε, δ),
  before the count, the marginals and the first step.

The gradient's scale uses the noisy count (the row count is not public). ``seed`` fixes
initialisation, the generator's noise and sampling only: the DP-SGD noise and the Poisson
sampling use a torch generator seeded from the operating system's entropy on every fit,
through opacus' ``secure_mode`` noise (robust to the floating-point attack). opacus' fully
secure RNG needs torchcsprng, which has no build for torch 2.13, so the generator itself is
torch's Mersenne Twister: state it in any audit.
"""

from __future__ import annotations

import itertools
import logging
import math
import secrets
import warnings
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import Field

from medprivacy.errors import ConfigError
from medprivacy.synth.accounting import ADJACENCY, rho_for
from medprivacy.synth.base import DPSynthesizer, Options, Synthesizer, synthesizers, unit_text
from medprivacy.synth.contributions import bound_contributions, cell_text
from medprivacy.synth.encode import Codes, _number, decode, encode_checked
from medprivacy.synth.mechanisms import ZCDPBudget, noisy_counts
from medprivacy.synth.spec import NumericColumn, SynthSpec, as_spec, output_dtype

log = logging.getLogger(__name__)

# opacus' RDPAccountant orders, plus larger ones so that small ε (a few tenths) are reachable
ORDERS = [1 + x / 10.0 for x in range(1, 100)] + list(range(12, 64)) + [80, 128, 256, 512, 1024]
ORDERS_ARRAY = np.asarray(ORDERS, dtype=float)
ORDERS_RDP_ZERO = np.zeros(len(ORDERS))
MAX_NOISE = 200.0  # noise 200 x the clip on a summed gradient trains on noise alone: refused


class DPCTGANOptions(Options):
    """Training options (all public: they are part of the release's statement)."""

    epochs: float = Field(25.0, gt=0)  # expected passes over the patients
    sample_rate: float = Field(0.05, gt=0, le=1)  # Poisson sampling rate of patients per step
    max_grad_norm: float = Field(1.0, gt=0)  # per-patient clipping bound
    count_share: float = Field(0.02, gt=0, lt=1)  # share of rho_for(ε, δ) on the row count
    marginal_share: float = Field(0.3, ge=0, lt=1)  # share of rho_for(ε, δ) on noisy marginals
    pairs: Literal["none", "target", "all"] = "all"  # 2-way marginals measured besides 1-ways
    marginal_weight: float = Field(1.0, ge=0)  # weight of the generator's noisy-marginal loss
    lr: float = Field(5e-4, gt=0)
    embedding_dim: int = Field(128, ge=1)
    hidden: int = Field(128, ge=1)
    gen_batch: int = Field(500, ge=1)  # generated rows per generator step
    tau: float = Field(0.2, gt=0)  # Gumbel-softmax temperature


def sampling_rate(q: float) -> float:
    """The Poisson rate that ``u < sampling_rate(q)`` gives for torch's float64 uniforms (53
    random bits: ``u`` is a multiple of 2^-53 in [0, 1)): ``ceil(q 2^53) / 2^53``, exact in a
    float64, and the rate the accountant uses (at most 2^-53 above ``q``). float32 draws (a
    2^-24 grid) would sample at ``ceil(q 2^24) / 2^24``, up to 6e-8 above the accounted rate."""
    return math.ceil(q * 2.0**53) / 2.0**53


def poisson_sample(n: int, q: float, generator: Any) -> Any:
    """Which of ``n`` patients a step samples: each independently with probability exactly
    ``q`` when ``q = sampling_rate(q)`` (float64 draws from ``generator``)."""
    import torch

    return torch.rand(n, generator=generator, dtype=torch.float64) < q


def rdp_epsilon(noise: float, q: float, steps: int, delta: float, rho_zcdp: float = 0.0) -> float:
    """ε at ``delta`` of ``steps`` Poisson-subsampled Gaussian steps (opacus' RDP analysis)
    composed with a ``rho_zcdp``-zCDP measurement (RDP ``α ρ``)."""
    from opacus.accountants.analysis.rdp import compute_rdp, get_privacy_spent

    rdp = ORDERS_RDP_ZERO.copy()
    if steps > 0:
        rdp = np.asarray(compute_rdp(q=q, noise_multiplier=noise, steps=steps, orders=ORDERS))
    # opacus warns when the best order is the largest one: ε is still a valid upper bound
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        eps, _ = get_privacy_spent(orders=ORDERS, rdp=rdp + rho_zcdp * ORDERS_ARRAY, delta=delta)
    return float(eps)


def calibrate_noise(epsilon: float, delta: float, q: float, steps: int, rho_zcdp: float) -> float:
    """The smallest noise multiplier (to 0.1%) whose composed ε stays within ``epsilon`` (found
    by doubling from 1, then bisection); ConfigError when it would exceed ``MAX_NOISE``."""
    if rho_zcdp > 0 and rdp_epsilon(1.0, q, 0, delta, rho_zcdp) >= epsilon:
        raise ConfigError(
            f"dpctgan: epsilon {epsilon:g} is too small: the row count and the noisy marginals "
            "(count_share + marginal_share) spend it all"
        )
    hi = 1.0
    while rdp_epsilon(hi, q, steps, delta, rho_zcdp) > epsilon:
        if hi >= MAX_NOISE:
            raise ConfigError(
                f"dpctgan: epsilon {epsilon:g} is too small for {steps} steps at sample_rate "
                f"{q:g} (noise multiplier above {MAX_NOISE:g}); lower epochs or sample_rate"
            )
        hi *= 2
    lo = 0.0
    while hi - lo > 1e-3 * hi:
        mid = (lo + hi) / 2
        if mid > 0 and rdp_epsilon(mid, q, steps, delta, rho_zcdp) <= epsilon:
            hi = mid
        else:
            lo = mid
    return hi


def _alphas(df: pd.DataFrame, codes: Codes, spec: SynthSpec) -> np.ndarray:
    """Each numeric cell's position inside its declared bin, in [-1, 1] (0 for nulls)."""
    out = np.zeros((len(df), len(spec.columns)))
    for j, (name, col) in enumerate(spec.columns.items()):
        if not isinstance(col, NumericColumn):
            continue
        edges = np.asarray(col.edges)
        x = np.array([np.nan if (v := _number(c)) is None else v for c in df[name]], dtype=float)
        c = codes.data[:, j]
        ok = (c >= 0) & (c < col.size) & np.isfinite(x)
        cc = np.where(ok, c, 0)
        x = np.clip(np.nan_to_num(x), edges[cc], edges[cc + 1])
        out[:, j] = np.where(ok, 2 * (x - edges[cc]) / (edges[cc + 1] - edges[cc]) - 1, 0.0)
    return out


class Layout:
    """Where each column's one-hot block (and a numeric column's scalar) sits in a row vector."""

    def __init__(self, sizes: tuple[int, ...], numeric: list[bool]) -> None:
        self.sizes, self.numeric = sizes, numeric
        self.starts = np.cumsum([0, *sizes])[:-1].tolist()
        self.scalars = [j for j, is_num in enumerate(numeric) if is_num]
        self.width = int(sum(sizes)) + len(self.scalars)

    def encode(self, codes: np.ndarray, alpha: np.ndarray) -> np.ndarray:
        """Rows as one-hot blocks followed by the numeric columns' within-bin scalars."""
        out = np.zeros((len(codes), self.width), dtype=np.float32)
        rows = np.arange(len(codes))
        for j, start in enumerate(self.starts):
            out[rows, start + codes[:, j]] = 1.0
        for i, j in enumerate(self.scalars):
            out[:, sum(self.sizes) + i] = alpha[:, j]
        return out

    def activate(self, raw: Any, tau: float, hard: bool = False) -> Any:
        """Generator output -> row vectors: Gumbel-softmax per block, tanh per scalar."""
        import torch
        import torch.nn.functional as F

        parts = [
            F.gumbel_softmax(raw[:, s : s + n], tau=tau, hard=hard)
            for s, n in zip(self.starts, self.sizes, strict=True)
        ]
        parts.append(torch.tanh(raw[:, sum(self.sizes) :]))
        return torch.cat(parts, dim=1)

    def decode(self, gen: Any, n: int, dim: int) -> tuple[np.ndarray, np.ndarray]:
        """``n`` rows from the generator: codes (a draw per block) and within-bin scalars."""
        import torch

        codes = np.zeros((n, len(self.sizes)), dtype=np.int64)
        alpha = np.zeros((n, len(self.sizes)))
        gen.eval()
        with torch.no_grad():
            for lo in range(0, n, 10_000):
                m = min(10_000, n - lo)
                raw = gen(torch.randn(m, dim))
                for j, (s, size) in enumerate(zip(self.starts, self.sizes, strict=True)):
                    probs = torch.softmax(raw[:, s : s + size], dim=1)
                    codes[lo : lo + m, j] = torch.multinomial(probs, 1)[:, 0].numpy()
                tail = torch.tanh(raw[:, sum(self.sizes) :]).numpy()
                for i, j in enumerate(self.scalars):
                    alpha[lo : lo + m, j] = tail[:, i]
        return codes, alpha


def patients(rows: np.ndarray, patient: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows grouped per patient: ``(patients, k, width)`` padded with zeros, and the mask."""
    n = int(patient.max()) + 1 if len(patient) else 0
    slot = pd.Series(patient).groupby(patient).cumcount().to_numpy()
    x = np.zeros((n, k, rows.shape[1]), dtype=np.float32)
    mask = np.zeros((n, k), dtype=np.float32)
    x[patient, slot] = rows
    mask[patient, slot] = 1.0
    return x, mask


def _nets(layout: Layout, opt: DPCTGANOptions) -> tuple[Any, Any]:
    """Generator (an MLP with batch norm, which trains on the generator's own fixed public
    batch only: see :func:`step_fakes`; on RAND HIE at ε = 10 layer norm tripled the 1-way
    TVD and no norm quadrupled it) and discriminator (no normalisation: per-sample gradients
    need samples that do not mix; no dropout: on RAND HIE it halved what the generator learnt
    in 300 steps)."""
    from torch import nn

    h, d = opt.hidden, opt.embedding_dim
    gen = nn.Sequential(
        nn.Linear(d, h), nn.BatchNorm1d(h), nn.ReLU(),
        nn.Linear(h, h), nn.BatchNorm1d(h), nn.ReLU(),
        nn.Linear(h, layout.width),
    )  # fmt: skip
    disc = nn.Sequential(
        nn.Linear(layout.width, h), nn.LeakyReLU(0.2),
        nn.Linear(h, h), nn.LeakyReLU(0.2),
        nn.Linear(h, 1),
    )  # fmt: skip
    return gen, disc


def marginal_sets(spec: SynthSpec, pairs: str) -> list[tuple[int, ...]]:
    """The columns of each noisy marginal: every 1-way, then the declared target with each
    other column (``pairs="target"``) or every pair (``"all"``)."""
    d = len(spec.columns)
    out: list[tuple[int, ...]] = [(j,) for j in range(d)]
    if pairs == "all":
        out += list(itertools.combinations(range(d), 2))
    elif pairs == "target" and spec.target is not None:
        t = list(spec.columns).index(spec.target)
        out += [tuple(sorted((t, j))) for j in range(d) if j != t]
    return out


def noisy_marginals(
    codes: Codes, sets: list[tuple[int, ...]], rho: float, k: int, budget: ZCDPBudget
) -> list[np.ndarray]:
    """Each marginal of ``sets`` as probabilities (a 1-D or 2-D array): OpenDP discrete
    Gaussian counts (L2 sensitivity ``k`` each, ``rho`` split equally), projected onto the
    simplex (post-processing)."""
    from medprivacy.synth.estimate import marginal, project_simplex

    out = []
    for cols in sets:
        counts = marginal(codes.data, codes.sizes, cols)
        noisy, _ = noisy_counts(counts, rho / len(sets) * (1 - 1e-9), k, budget, f"{cols}")
        p = project_simplex(noisy, max(float(noisy.sum()), 1.0))
        out.append(p / p.sum() if p.sum() > 0 else np.full(counts.shape, 1.0 / counts.size))
    return out


def marginal_loss(layout: Layout, raw: Any, sets: list[tuple[int, ...]], targets: list[Any]) -> Any:
    """Σ over the noisy marginals of KL(noisy || the generator's): a generated row draws each
    column from its softmax independently given the input noise (as :meth:`Layout.decode`
    does), so its expected 1-way is the batch's mean softmax and a 2-way the mean outer
    product. Post-processing of the noisy marginals."""
    import torch

    probs = [
        torch.softmax(raw[:, s : s + n], dim=1)
        for s, n in zip(layout.starts, layout.sizes, strict=True)
    ]
    loss = raw.new_zeros(())
    for cols, p in zip(sets, targets, strict=True):
        if len(cols) == 1:
            q = probs[cols[0]].mean(0)
        else:
            q = torch.einsum("ni,nj->ij", probs[cols[0]], probs[cols[1]]) / len(raw)
        loss = loss + (p * (torch.log(p + 1e-8) - torch.log(q + 1e-8))).sum()
    return loss


def step_fakes(gen: Any, z: Any) -> Any:
    """The generator's raw rows for a DP-SGD step, in eval mode: batch norm then uses its
    running statistics, so each row depends on its own noise alone (never on which or how many
    patients the step sampled; one row works), and the running statistics and
    ``num_batches_tracked`` change only in the generator's own steps (``gen_batch`` rows,
    public)."""
    import torch

    gen.eval()
    try:
        with torch.no_grad():
            return gen(z)
    finally:
        gen.train()


def train(
    layout: Layout,
    real: tuple[np.ndarray, np.ndarray],
    *,
    steps: int,
    q: float,
    noise: float,
    expected_batch: float,
    opt: DPCTGANOptions,
    secure: Any,
    on_epoch: Callable[[int, int], None],
    marginals: tuple[list[tuple[int, ...]], list[np.ndarray]] | None = None,
) -> Any:
    """Train for exactly ``steps`` DP-SGD discriminator steps (each followed by a generator
    step); returns the generator. ``secure`` draws the Poisson samples and opacus' noise."""
    import torch
    import torch.nn.functional as F
    from opacus import GradSampleModule
    from opacus.optimizers import DPOptimizer

    x_all, m_all = torch.from_numpy(real[0]), torch.from_numpy(real[1])
    n, k = x_all.shape[0], x_all.shape[1]
    gen, disc = _nets(layout, opt)
    disc = GradSampleModule(disc, loss_reduction="sum")  # exact per-patient gradients
    opt_g = torch.optim.Adam(gen.parameters(), lr=opt.lr, betas=(0.5, 0.9))
    opt_d = DPOptimizer(
        torch.optim.Adam(disc.parameters(), lr=opt.lr, betas=(0.5, 0.9)),
        noise_multiplier=noise,
        max_grad_norm=opt.max_grad_norm,
        expected_batch_size=max(1, round(expected_batch)),
        loss_reduction="mean",
        generator=secure,
        secure_mode=True,
    )
    per_epoch = max(1, round(1 / q))
    sets, noisy = marginals or ([], [])
    targets = [torch.as_tensor(p, dtype=torch.float32) for p in noisy]
    for step in range(1, steps + 1):
        # DISCRIMINATOR: one DP-SGD step on a Poisson sample of patients
        picked = poisson_sample(n, q, secure)
        opt_d.zero_grad(set_to_none=True)
        disc.enable_hooks()
        if picked.any():
            x, mask = x_all[picked], m_all[picked]
            # the step's fakes draw from ``secure`` (through a forked global stream, which
            # the Gumbel noise uses): how many were drawn, |B_t| k, never shifts the stream
            # that the generator's own steps see
            with torch.random.fork_rng(devices=[]):
                torch.manual_seed(int(torch.randint(0, 2**62, (1,), generator=secure)))
                z = torch.randn(len(x) * k, opt.embedding_dim)
                fake = layout.activate(step_fakes(gen, z), opt.tau)
            both = torch.cat([x, fake.view(len(x), k, -1)], dim=1)
            logits = disc(both)[..., 0]
            target = torch.cat([torch.ones_like(mask), torch.zeros_like(mask)], dim=1)
            weight = torch.cat([mask, mask], dim=1)
            loss = F.binary_cross_entropy_with_logits(logits, target, weight, reduction="none")
            # one term per patient; the noisy sum is divided by the expected batch by opacus
            with warnings.catch_warnings():  # opacus' hooks on a module whose input needs no grad
                warnings.simplefilter("ignore", UserWarning)
                loss.sum().backward()
        else:  # no patient sampled: a zero gradient still gets its noise (the step is counted)
            for p in disc.parameters():
                p.grad_sample = torch.zeros((1, *p.shape))
        opt_d.step()
        # GENERATOR: post-processing of the discriminator (its hooks off, nothing private)
        disc.disable_hooks()
        opt_g.zero_grad(set_to_none=True)
        raw = gen(torch.randn(opt.gen_batch, opt.embedding_dim))
        fake = layout.activate(raw, opt.tau)
        logits = disc(fake.unsqueeze(1))[..., 0]
        loss_g = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
        if sets and opt.marginal_weight > 0:
            loss_g = loss_g + opt.marginal_weight * marginal_loss(layout, raw, sets, targets)
        loss_g.backward()
        opt_g.step()
        if step % per_epoch == 0 or step == steps:
            on_epoch(math.ceil(step / per_epoch), step)
    opt_d.zero_grad(set_to_none=True)
    return gen


@synthesizers.register("dpctgan")
class DPCTGAN(DPSynthesizer):
    """DP-CTGAN on opacus: DP-SGD discriminator per patient, generator by post-processing."""

    name = "dpctgan"
    zcdp = False  # accounted in RDP: its (ε, δ) is no conversion of a ρ
    mechanism = (
        "DP-CTGAN: discriminator trained by DP-SGD (opacus; per-patient clipping, Gaussian "
        "noise, Poisson sampling); generator also fitted to noisy 1-way and (option pairs, "
        "default all) 2-way marginals by OpenDP discrete Gaussian (marginal_share of rho); row "
        "count by OpenDP discrete Gaussian (count_share of rho); opacus RDP accountant of the "
        "DP-SGD steps composed with the zCDP part, converted once to (epsilon, delta)"
    )
    Options = DPCTGANOptions

    def fit(
        self,
        df: pd.DataFrame,
        spec: SynthSpec | dict[str, Any],
        *,
        before_measure: Callable[[], None] | None = None,
    ) -> Synthesizer:
        """As :meth:`Synthesizer.fit`, keeping which rows belong to one patient and the
        numeric cells' positions inside their bins."""
        self.spec = as_spec(spec)
        if not (pd.api.types.is_integer_dtype(df.index) and df.index.is_unique):
            df = df.reset_index(drop=True)
        bounded = bound_contributions(df, self.spec)
        codes = encode_checked(bounded, self.spec)
        pu = self.spec.privacy_unit
        ids = bounded[pu.id].map(cell_text) if pu else pd.Series(range(len(bounded)))
        self._patient = pd.factorize(ids.to_numpy())[0]
        self._alpha = _alphas(bounded, codes, self.spec)
        try:
            self._fit(codes, before_measure or (lambda: None))
        finally:  # keep no copy of the data beyond the fit
            del self._patient, self._alpha
        return self

    def _plan(self) -> tuple[int, float, float]:
        """Steps, ρ of the zCDP part and the calibrated noise multiplier (all public); sets
        ``sample_rate``, the rate drawn and accounted (:func:`sampling_rate`)."""
        opt: DPCTGANOptions = self.opts
        assert self.epsilon is not None  # a DPSynthesizer always has one
        if opt.count_share + opt.marginal_share >= 1:
            raise ConfigError("dpctgan: count_share + marginal_share must be below 1")
        self.sample_rate = sampling_rate(opt.sample_rate)
        steps = max(1, round(opt.epochs / opt.sample_rate))
        rho_zcdp = (opt.count_share + opt.marginal_share) * rho_for(self.epsilon, self.delta)
        noise = calibrate_noise(self.epsilon, self.delta, self.sample_rate, steps, rho_zcdp)
        return steps, rho_zcdp, noise

    def _fit(self, codes: Codes, before_measure: Callable[[], None]) -> None:
        import torch

        opt: DPCTGANOptions = self.opts
        assert self.spec is not None
        self.steps, self.rho_zcdp, self.noise_multiplier = self._plan()  # may refuse: nothing paid
        k, q = self.spec.max_rows, self.sample_rate
        numeric = [isinstance(c, NumericColumn) for c in self.spec.columns.values()]
        layout = Layout(codes.sizes, numeric)
        real = patients(layout.encode(codes.data, self._alpha), self._patient, k)
        before_measure()  # the ledger is charged here, before any use of the data
        self.budget = ZCDPBudget(self.rho_zcdp)
        rho_rows = self.rho_zcdp * opt.count_share / (opt.count_share + opt.marginal_share)
        noisy, _ = noisy_counts(np.array([len(codes.data)]), rho_rows, k, self.budget, "rows")
        self.n_fit = max(round(float(noisy[0])), 0)
        marginals = None
        if opt.marginal_share:
            sets = marginal_sets(self.spec, opt.pairs)
            marginals = sets, noisy_marginals(codes, sets, self.budget.left, k, self.budget)
        self.epsilon_by_epoch: list[tuple[int, int, float]] = []
        secure = torch.Generator().manual_seed(secrets.randbits(63))  # never the user's seed
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(self.seed if self.seed is not None else secrets.randbits(63))
            self.generator = train(
                layout,
                real,
                steps=self.steps,
                q=q,
                noise=self.noise_multiplier,
                expected_batch=max(1.0, q * self.n_fit / k),
                opt=opt,
                secure=secure,
                on_epoch=self._epoch_done,
                marginals=marginals,
            )
        self.layout = layout
        self.epsilon_spent = rdp_epsilon(
            self.noise_multiplier, q, self.steps, self.delta, self.rho_zcdp
        )

    def _epoch_done(self, epoch: int, steps: int) -> None:
        """Record (and log) the ε spent after ``steps`` steps: public, from the accountant."""
        eps = rdp_epsilon(self.noise_multiplier, self.sample_rate, steps, self.delta, self.rho_zcdp)
        self.epsilon_by_epoch.append((epoch, steps, eps))
        log.info("dpctgan: epoch %d (%d steps): epsilon spent %.4g", epoch, steps, eps)

    def _generate(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        import torch

        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(int(self.rng.integers(2**62)))
            return self.layout.decode(self.generator, n, self.opts.embedding_dim)

    def _sample_codes(self, n: int) -> np.ndarray:
        return self._generate(n)[0]

    def sample(self, n: int | None = None) -> pd.DataFrame:
        """Rows decoded from the generator; numeric values placed inside their bin by the
        generator's own within-bin scalar (mode-specific normalisation, reversed)."""
        if self.spec is None:
            raise RuntimeError("fit the synthesizer first")
        n = self.default_rows if n is None else int(n)
        if n < 0:
            raise ConfigError("n_rows must be >= 0")
        codes, alpha = self._generate(n)
        out = decode(codes, self.spec, self.rng)
        for j, (name, col) in enumerate(self.spec.columns.items()):
            if not isinstance(col, NumericColumn) or n == 0:
                continue
            edges = np.asarray(col.edges)
            null = codes[:, j] >= col.size
            c = np.where(null, 0, codes[:, j])
            x = edges[c] + (alpha[:, j] + 1) / 2 * (edges[c + 1] - edges[c])
            x = np.clip(x, edges[c], edges[c + 1])
            if col.dtype == "int":
                x = np.clip(np.floor(x), math.ceil(col.bounds[0]), math.floor(col.bounds[1]))
            values = pd.Series(x)
            if null.any():
                values = values.astype(object).where(~null, None)
            out[name] = values.astype(output_dtype(col))
        return out

    @property
    def guarantee(self) -> str:  # type: ignore[override]
        pu = self.spec.privacy_unit if self.spec else None
        unit = (pu.entity or "patient") if pu else "row"
        return f"({self.epsilon:.4g}, {self.delta:.3g})-DP per {unit} (RDP; adjacency: {ADJACENCY})"

    def privacy(self) -> dict[str, Any]:
        info = Synthesizer.privacy(self)
        opt: DPCTGANOptions = self.opts
        info.update(
            epsilon=self.epsilon,
            delta=self.delta,
            epsilon_spent=getattr(self, "epsilon_spent", None),
            accountant=(
                "opacus RDP (compute_rdp / get_privacy_spent) of the DP-SGD steps plus α ρ for "
                "the zCDP part (row count and noisy marginals), converted once to (ε, δ)"
            ),
            zcdp_part={
                "rho": getattr(self, "rho_zcdp", None),
                "count_share": opt.count_share,
                "marginal_share": opt.marginal_share,
                "marginals": "every 1-way"
                + {"none": "", "target": " and the target with each column", "all": " and 2-ways"}[
                    opt.pairs
                ]
                if opt.marginal_share
                else "none",
            },
            noise_multiplier=getattr(self, "noise_multiplier", None),
            max_grad_norm=opt.max_grad_norm,
            sample_rate=getattr(self, "sample_rate", sampling_rate(opt.sample_rate)),
            steps=getattr(self, "steps", None),
            epsilon_by_epoch=[e for _, _, e in getattr(self, "epsilon_by_epoch", [])],
            options=opt.model_dump(mode="json"),
            adjacency=ADJACENCY,
            unit=unit_text(self.spec.privacy_unit if self.spec else None),
            sample="one patient (all of their at most max_rows rows) per DP-SGD sample",
            noise=(
                "DP-SGD: opacus Gaussian noise (secure_mode sum of Gaussians) from a torch "
                "generator seeded by OS entropy; row count and marginals: OpenDP discrete "
                "Gaussian"
            ),
        )
        return info
