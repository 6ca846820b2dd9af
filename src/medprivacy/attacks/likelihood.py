"""Membership by likelihood ratio under a learned record-perturbation model.

The release is modelled as records derived one by one from source records by an unknown
per-column perturbation kernel K (identity for raw rows, noise or re-drawn values for masking,
something looser for synthesizers). For a target x the likelihood ratio of "x was a source" to
"x was not" is, with population data as the reference (DOMIAS-style, but normalising each release
record by how likely it is anyway),

    LR(x) = (1/n) sum_j K(r_j | x) / q(r_j),   q(r) = mean over population records a of K(r | a),

with K a product over columns (naive Bayes, as in Fellegi–Sunter record linkage):

- numbers: a density of |r - x| that is a histogram over bins scaled by the column's perturbation
  scale, mixed with a small uniform floor. The scale is first estimated by deconvolution (the
  Gaussian smoothing of the population's marginal that best explains the release's marginal,
  maximum likelihood over a grid); the histogram starts Gaussian and is then re-estimated;
- categories: kept with probability 1 - rho, else drawn from the column's marginal.

The histogram and the rhos are fitted by a few EM rounds (Fellegi–Sunter style): each release
record's posterior over which target it came from (or none) weights the per-column differences of
the pairs. The attack therefore learns how much each column was perturbed, and in what shape,
from the release, the targets and the population alone; it knows nothing of the mechanism.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from medprivacy.attacks.encode import Encoded, Encoder

FLOOR = 0.02  # share of a column's kernel spread uniformly over its range
REL_EDGES = np.array([0, 0.1, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 7, 10.0])
PRIOR_PAIRS = 20.0  # pseudo-pairs of the Gaussian start shape in each histogram update
RHO_MIN, RHO_MAX, RHO_START = 0.005, 0.95, 0.2
EM_ROUNDS = 3
FIT_ROWS = 2000  # targets and population records for the EM fit (seeded subsample above it)
REF_ROWS = 20000  # population records for the final reference density q
DECONV_ROWS = 600  # release values (twice as many reference values) for the deconvolution
_CHUNK_PAIRS = 4_000_000


def _weighted_unique(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    v = v[~np.isnan(v)]
    u, c = np.unique(v, return_counts=True)
    return u, c / max(c.sum(), 1)


def deconvolution_scale(release: np.ndarray, reference: np.ndarray, span: float) -> float:
    """Gaussian scale s maximising the release's likelihood under reference * N(0, s^2)."""
    rng = np.random.default_rng(0)
    ur, wr = _weighted_unique(release[_subsample(len(release), DECONV_ROWS, rng)])
    ua, wa = _weighted_unique(reference[_subsample(len(reference), 2 * DECONV_ROWS, rng)])
    if len(ur) == 0 or len(ua) == 0:
        return span * 1e-3
    d2 = (ur[:, None] - ua[None, :]) ** 2
    best, best_s = -np.inf, span * 1e-6
    for s in span * np.geomspace(1e-6, 0.5, 36):
        dens = (np.exp(-0.5 * d2 / s**2) @ wa) / (s * np.sqrt(2 * np.pi))
        ll = float(wr @ np.log((1 - FLOOR) * dens + FLOOR / span))
        if ll > best:
            best, best_s = ll, s
    return float(best_s)


class PerturbationModel:
    """Per-column perturbation kernel, fitted on a release, population data and targets."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = list(columns)

    def fit(
        self, release: pd.DataFrame, aux: pd.DataFrame, targets: pd.DataFrame, seed: int = 0
    ) -> PerturbationModel:
        rng = np.random.default_rng(seed)
        self.enc = Encoder(self.columns).fit(release, aux)
        self.rel = self.enc.transform(release)
        self.aux_all = self.enc.transform(aux.iloc[_subsample(len(aux), REF_ROWS, rng)])
        self.aux = self.aux_all.take(_subsample(len(self.aux_all), FIT_ROWS, rng))
        tgt = self.enc.transform(targets.iloc[_subsample(len(targets), FIT_ROWS, rng)])
        both = np.vstack([self.rel.num, self.aux.num])
        with np.errstate(invalid="ignore"):
            span = np.nanmax(both, axis=0) - np.nanmin(both, axis=0) if len(both) else np.ones(0)
        self.span = np.where(np.isfinite(span) & (span > 0), span, 1.0)
        self.edges, self.prior, self.mass = [], [], []
        for j in range(self.rel.num.shape[1]):
            s = deconvolution_scale(self.rel.num[:, j], self.aux.num[:, j], self.span[j])
            s = max(s, _resolution(self.aux.num[:, j]))
            # bins in units of the scale, then a few wider ones up to half the range, so that EM
            # can find noise the marginals did not show
            wide = np.geomspace(REL_EDGES[-1] * s, max(0.5 * self.span[j], 20 * s), 5)[1:]
            e = np.r_[s * REL_EDGES, wide]
            m = np.diff(2 * norm.cdf(e / s) - 1)
            self.edges.append(e)
            self.prior.append(m)
            self.mass.append(m.copy())
        self.freq = []
        for j, col in enumerate(self.enc.categorical):
            k = len(self.enc.codes[col])
            codes = np.r_[self.rel.cat[:, j], self.aux.cat[:, j]]
            c = np.bincount(codes[codes >= 0], minlength=k).astype(float) + 0.5
            self.freq.append(c / c.sum())
        self.rho = np.full(self.rel.cat.shape[1], RHO_START)
        self._em(tgt)
        return self

    # -- pair terms -------------------------------------------------------------------------
    def _bins(self, x: Encoded, y: Encoded) -> list[np.ndarray]:
        """Per numeric column, the histogram bin of |x - y| per pair (len(edges) = beyond, 255 =
        missing)."""
        out = []
        for j, e in enumerate(self.edges):
            d = np.abs(x.num[:, j, None] - y.num[None, :, j])
            missing = np.isnan(d)
            b = np.searchsorted(e, np.where(missing, 0.0, d).ravel(), side="right")
            b = np.clip(b.reshape(d.shape) - 1, 0, len(e) - 1).astype(np.uint8)
            b[missing] = 255
            out.append(b)
        return out

    def _agree(self, x: Encoded, y: Encoded) -> list[np.ndarray]:
        """Per categorical column, an index into its flattened table per pair: agreement (0
        mismatch, 1 match, 2 missing) times (categories + 1) plus the release record's code."""
        out = []
        for j in range(x.cat.shape[1]):
            a, b = x.cat[:, j, None], y.cat[None, :, j]
            k = len(self.freq[j]) + 1
            code = np.where(y.cat[:, j] >= 0, y.cat[:, j], k - 1).astype(np.int32)[None, :]
            state = np.where((a == -1) | (b == -1), 2, a == b).astype(np.int32)
            out.append(state * k + code)
        return out

    def _tables(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Log-ratio tables: numeric per bin (+ beyond, missing), categorical per (agree, code)."""
        num = []
        for j, e in enumerate(self.edges):
            dens = np.r_[self.mass[j] / (2 * np.diff(e)), 0.0]
            t = np.log((1 - FLOOR) * dens + FLOOR / self.span[j]) + np.log(self.span[j])
            full = np.zeros(256, dtype=np.float32)
            full[: len(t)] = t
            num.append(full)
        cat = []
        for j in range(len(self.freq)):
            p = np.r_[self.freq[j], self.freq[j].min()]  # last: a code the fit never saw
            r = self.rho[j]
            rows = [np.log(r * p) - np.log(p), np.log(1 - r + r * p) - np.log(p), 0 * p]
            cat.append(np.concatenate(rows).astype(np.float32))
        return num, cat

    def _pairs(self, x: Encoded, y: Encoded) -> tuple[list[np.ndarray], list[np.ndarray]]:
        return self._bins(x, y), self._agree(x, y)

    def _log_ratio(self, pairs: tuple[list[np.ndarray], list[np.ndarray]]) -> np.ndarray:
        """log K(r | x) / marginal for the pairs (rows: x, columns: release records r)."""
        bins, agree = pairs
        num, cat = self._tables()
        shape = bins[0].shape if bins else agree[0].shape
        out = np.zeros(shape, dtype=np.float32)
        for j, b in enumerate(bins):
            out += np.take(num[j], b)
        for j, a in enumerate(agree):
            out += np.take(cat[j], a)
        return out

    def _log_q(self, aux_pairs: tuple[list[np.ndarray], list[np.ndarray]]) -> np.ndarray:
        """log q(r_j): how likely each release record is as a perturbed population record."""
        return _logsumexp(self._log_ratio(aux_pairs), axis=0) - np.log(max(len(self.aux), 1))

    def _log_q_all(self) -> np.ndarray:
        """log q(r_j) from all the reference records, in chunks (after the fit)."""
        n = len(self.aux_all)
        step = max(1, _CHUNK_PAIRS // max(len(self.rel), 1))
        parts = []
        for start in range(0, n, step):
            part = self.aux_all.take(np.arange(start, min(n, start + step)))
            parts.append(_logsumexp(self._log_ratio(self._pairs(part, self.rel)), axis=0))
        return _logsumexp(np.vstack(parts), axis=0) - np.log(max(n, 1))

    # -- EM -----------------------------------------------------------------------------------
    def _em(self, tgt: Encoded) -> None:
        pairs = self._pairs(tgt, self.rel)
        bins, agree = pairs
        self._aux_pairs = self._pairs(self.aux, self.rel)
        n_t, n_r = len(tgt), len(self.rel)
        pi = 0.5
        for _ in range(EM_ROUNDS):
            lq = self._log_q(self._aux_pairs)
            lw = self._log_ratio(pairs) - lq[None, :] + np.log(pi / n_t)
            den = np.logaddexp(np.log(1 - pi), _logsumexp(lw, axis=0))
            w = np.exp(lw - den[None, :])
            total = float(w.sum())
            if total <= 1e-9:
                break
            pi = float(np.clip(total / n_r, 0.05, 0.95))
            for j, b in enumerate(bins):
                nb = len(self.edges[j]) - 1
                counts = np.bincount(b.ravel(), weights=w.ravel(), minlength=256)[:nb]
                seen = float(w[b != 255].sum())
                self.mass[j] = (counts + PRIOR_PAIRS * self.prior[j]) / (seen + PRIOR_PAIRS)
            for j, a in enumerate(agree):
                known = a != 2
                wk = float(w[known].sum())
                if wk <= 1e-9:
                    continue
                mismatch = float(w[a == 0].sum()) / wk
                f = self.freq[j]
                self.rho[j] = np.clip(mismatch / max(1 - float(f @ f), 1e-3), RHO_MIN, RHO_MAX)

    # -- scores ---------------------------------------------------------------------------------
    def scores(self, targets: pd.DataFrame) -> np.ndarray:
        tgt = self.enc.transform(targets)
        lq = self._log_q_all()
        n = len(tgt)
        step = max(1, _CHUNK_PAIRS // max(len(self.rel), 1))
        out = np.empty(n)
        for start in range(0, n, step):
            part = tgt.take(np.arange(start, min(n, start + step)))
            out[start : start + len(part)] = _logsumexp(
                self._log_ratio(self._pairs(part, self.rel)) - lq[None, :], axis=1
            )
        return out - np.log(max(len(self.rel), 1))


def _resolution(v: np.ndarray) -> float:
    """Smallest gap between distinct values (the data's grain: 1 for whole numbers)."""
    u = np.unique(v[~np.isnan(v)])
    gaps = np.diff(u)
    return float(gaps.min()) if len(gaps) else 0.0


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    m = np.max(x, axis=axis, keepdims=True)
    m[~np.isfinite(m)] = 0.0
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return np.asarray(np.squeeze(out, axis=axis), dtype=float)


def _subsample(n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    return np.arange(n) if n <= m else np.sort(rng.choice(n, m, replace=False))


def likelihood_ratio_scores(
    release: pd.DataFrame,
    targets: pd.DataFrame,
    aux: pd.DataFrame,
    columns: list[str],
    seed: int = 0,
) -> np.ndarray:
    """log LR(x) per target (see the module docstring)."""
    model = PerturbationModel(columns).fit(release, aux, targets, seed=seed)
    return model.scores(targets)
