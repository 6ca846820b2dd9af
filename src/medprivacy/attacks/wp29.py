"""WP29 criteria for synthetic (or any record-level) releases: singling out, linkability, inference.

Each attack is run twice: on targets that were used to build the release (``members``) and, the
same way, on a control set of records from the same population that were not (``non_members``).
What works as well on the control set is learned about the population, not leaked about
individuals. Following Giomi et al. (2022, "A unified framework for quantifying privacy risk in
synthetic data") the risk is (attack - control) / (1 - control), clipped to [0, 1]; its interval
comes from the Wilson intervals of both rates: low = (attack_low - control_high) / (1 -
control_high), high = (attack_high - control_low) / (1 - control_low).

- **singling out**: predicates (conjunctions over a few random columns of a release record:
  equality for categories, |x - v| <= tolerance * range for numbers) that isolate exactly one
  release record; success if the predicate isolates exactly one target-set record.
- **linkability**: the adversary holds two disjoint column sets of a target (from two sources);
  the target counts as linked if its nearest release records on each set share a record.
- **attribute inference**: the adversary knows all columns but a secret; guesses the secret from
  the nearest release record(s); success if right (numbers: within tolerance * range).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd
from pydantic import Field

from medprivacy.attacks.base import (
    Attack,
    AttackConfig,
    AttackData,
    AttackResult,
    ThreatModel,
    Threshold,
    attacks,
)
from medprivacy.attacks.encode import Encoded, Encoder, distance_block, nearest
from medprivacy.attacks.stats import wilson
from medprivacy.errors import ConfigError

WP29_THRESHOLD = Threshold(fail_above=0.2, attention_above=0.05)


def control_risk(
    attack_hits: int, control_hits: int, n: int, confidence: float = 0.95
) -> tuple[float, tuple[float, float], float]:
    """(risk, interval, control rate) from attack and control hits on ``n`` trials each."""
    if n == 0:
        return 0.0, (0.0, 1.0), 0.0
    a, c = attack_hits / n, control_hits / n
    a_lo, a_hi = wilson(attack_hits, n, confidence)
    c_lo, c_hi = wilson(control_hits, n, confidence)

    def risk(x: float, y: float) -> float:
        return 0.0 if y >= 1 else min(1.0, max(0.0, (x - y) / (1 - y)))

    return risk(a, c), (risk(a_lo, c_hi), risk(a_hi, c_lo)), c


def _paired_sets(
    data: AttackData, n_max: int | None, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Members and non-members subsampled to one common size (seeded)."""
    assert data.members is not None and data.non_members is not None
    rng = np.random.default_rng(seed)
    m = min(len(data.members), len(data.non_members), n_max or 10**12)
    if m < 1:
        raise ConfigError("WP29 attacks need members and non-members")
    mem = data.members.iloc[np.sort(rng.choice(len(data.members), m, replace=False))].reset_index(
        drop=True
    )
    non = data.non_members.iloc[
        np.sort(rng.choice(len(data.non_members), m, replace=False))
    ].reset_index(drop=True)
    return mem, non


def _columns(data: AttackData, wanted: list[str] | None) -> list[str]:
    assert data.members is not None and data.non_members is not None
    cols = wanted or [
        c
        for c in data.release.columns
        if c in data.members.columns and c in data.non_members.columns
    ]
    missing = [c for c in cols if c not in data.release.columns or c not in data.members.columns]
    if missing:
        raise ConfigError(f"column {missing[0]!r} is missing from the release or the members")
    return cols


def _risk_result(
    attack: Attack, metric: str, hits: int, ctrl: int, n: int, details: dict
) -> AttackResult:
    risk, ci, c = control_risk(hits, ctrl, n)
    details = {
        "attack_rate": round(hits / max(n, 1), 6),
        "control_rate": round(c, 6),
        "attack_hits": hits,
        "control_hits": ctrl,
        **details,
    }
    return attack.result(
        metric,
        risk,
        ci,
        "wilson (propagated)",
        n=n,
        baseline=c,
        baseline_label="control set (non-members) success rate",
        details=details,
    )


class SinglingOutConfig(AttackConfig):
    """Fields of the ``singling_out`` attack."""

    columns: list[str] | None = None
    n_attacks: int = Field(1000, ge=1, description="Predicates tried.")
    n_cols: int = Field(4, ge=1, description="Columns per predicate.")
    tolerance: float = Field(
        0.0, ge=0, lt=1, description="Numeric match window, fraction of range."
    )
    max_targets: int | None = Field(None, ge=1)


@attacks.register("singling_out")
class SinglingOut(Attack):
    """Predicates from release records that isolate one member, against the control set."""

    Config = SinglingOutConfig
    config: SinglingOutConfig
    threat_model = ThreatModel.RELEASE_ONLY
    default_thresholds: ClassVar[dict[str, Threshold]] = {"singling_out_risk": WP29_THRESHOLD}

    def run(self, data: AttackData) -> list[AttackResult]:
        cfg = self.config
        data.require(self.name, "members", "non_members")
        mem, non = _paired_sets(data, cfg.max_targets, cfg.seed)
        cols = _columns(data, cfg.columns)
        enc = Encoder(cols).fit(data.release)
        rel, e_mem, e_non = enc.transform(data.release), enc.transform(mem), enc.transform(non)
        rng = np.random.default_rng(cfg.seed)
        ncol = len(cols)
        k = min(cfg.n_cols, ncol)
        rows = rng.integers(0, len(rel), cfg.n_attacks)
        chosen = np.array([rng.choice(ncol, k, replace=False) for _ in range(cfg.n_attacks)])
        n_num = len(enc.numeric)
        counts = {}
        for name, target in (("release", rel), ("members", e_mem), ("control", e_non)):
            match = np.ones((cfg.n_attacks, len(target)), dtype=bool)
            for j in range(ncol):
                use = (chosen == j).any(axis=1)
                if not use.any():
                    continue
                if j < n_num:
                    v = rel.num[rows[use], j][:, None]
                    x = target.num[None, :, j]
                    ok = np.abs(x - v) <= cfg.tolerance + 1e-12
                    ok |= np.isnan(v) & np.isnan(x)
                else:
                    jj = j - n_num
                    ok = rel.cat[rows[use], jj][:, None] == target.cat[None, :, jj]
                match[use] &= ok
            counts[name] = match.sum(axis=1)
        keep = counts["release"] == 1
        n = int(keep.sum())
        hits = int((counts["members"][keep] == 1).sum())
        ctrl = int((counts["control"][keep] == 1).sum())
        return [
            _risk_result(
                self,
                "singling_out_risk",
                hits,
                ctrl,
                n,
                {
                    "predicates_tried": cfg.n_attacks,
                    "predicates_unique_in_release": n,
                    "columns_per_predicate": k,
                    "targets_per_set": len(mem),
                },
            )
        ]


class LinkabilityConfig(AttackConfig):
    """Fields of the ``linkability`` attack."""

    aux_cols: tuple[list[str], list[str]] | None = Field(
        None,
        description="Two column sets the adversary holds (default: QIs vs the rest, or halves).",
    )
    n_neighbors: int = Field(1, ge=1)
    max_targets: int | None = Field(None, ge=1)


@attacks.register("linkability")
class Linkability(Attack):
    """Two partial views of a target linked through the release, against the control set.

    Nearest neighbours include ties: an adversary sees every release record equally close.
    """

    Config = LinkabilityConfig
    config: LinkabilityConfig
    threat_model = ThreatModel.TARGET_QIS
    default_thresholds: ClassVar[dict[str, Threshold]] = {"linkability_risk": WP29_THRESHOLD}

    def run(self, data: AttackData) -> list[AttackResult]:
        cfg = self.config
        data.require(self.name, "members", "non_members")
        mem, non = _paired_sets(data, cfg.max_targets, cfg.seed)
        cols = _columns(data, None)
        if cfg.aux_cols is not None:
            a_cols, b_cols = cfg.aux_cols
        else:
            qi = [c for c in data.quasi_identifiers if c in cols]
            rest = [c for c in cols if c not in qi]
            a_cols, b_cols = (
                (qi, rest) if qi and rest else (cols[: len(cols) // 2], cols[len(cols) // 2 :])
            )
        if not a_cols or not b_cols or set(a_cols) & set(b_cols):
            raise ConfigError(
                f"attack {self.name!r}: aux_cols must be two disjoint, non-empty column sets"
            )
        hits = {}
        for name, target in (("members", mem), ("control", non)):
            idx = []
            for side in (a_cols, b_cols):
                enc = Encoder(list(side)).fit(data.release)
                idx.append(
                    _neighbour_sets(
                        enc.transform(target), enc.transform(data.release), cfg.n_neighbors
                    )
                )
            linked = [bool(x & y) for x, y in zip(idx[0], idx[1], strict=True)]
            hits[name] = int(np.sum(linked))
        return [
            _risk_result(
                self,
                "linkability_risk",
                hits["members"],
                hits["control"],
                len(mem),
                {
                    "n_neighbors": cfg.n_neighbors,
                    "columns_a": len(a_cols),
                    "columns_b": len(b_cols),
                },
            )
        ]


def _neighbour_sets(a: Encoded, b: Encoded, k: int, chunk: int = 256) -> list[set[int]]:
    """Per row of ``a``: its ``k`` nearest rows of ``b``, plus every row tied with the k-th."""
    out: list[set[int]] = []
    for start in range(0, len(a), chunk):
        d = distance_block(a.take(np.arange(start, min(len(a), start + chunk))), b)
        kth = np.partition(d, min(k, d.shape[1]) - 1, axis=1)[:, min(k, d.shape[1]) - 1]
        for row, limit in zip(d, kth, strict=True):
            out.append(set(np.flatnonzero(row <= limit + 1e-12).tolist()))
    return out


class InferenceConfig(AttackConfig):
    """Fields of the ``inference`` attack."""

    secrets: list[str] | None = Field(
        None, description="Secret columns (default: the release's sensitive ones)."
    )
    aux_cols: list[str] | None = Field(
        None, description="What the adversary knows (default: all other columns)."
    )
    n_neighbors: int = Field(1, ge=1)
    tolerance: float = Field(
        0.05, ge=0, lt=1, description="Numeric guess window, fraction of range."
    )
    max_targets: int | None = Field(None, ge=1)


@attacks.register("inference")
class Inference(Attack):
    """Secret attribute guessed from the nearest release records, against the control set."""

    Config = InferenceConfig
    config: InferenceConfig
    threat_model = ThreatModel.TARGET_QIS
    default_thresholds: ClassVar[dict[str, Threshold]] = {"inference_risk": WP29_THRESHOLD}

    def run(self, data: AttackData) -> list[AttackResult]:
        cfg = self.config
        data.require(self.name, "members", "non_members")
        secrets = cfg.secrets or data.sensitive
        if not secrets:
            raise ConfigError(
                f"attack {self.name!r} needs secrets or the release's sensitive columns"
            )
        mem, non = _paired_sets(data, cfg.max_targets, cfg.seed)
        cols = _columns(data, None)
        out: list[AttackResult] = []
        worst: AttackResult | None = None
        for secret in secrets:
            if secret not in cols:
                raise ConfigError(f"attack {self.name!r}: secret column {secret!r} is missing")
            aux = [c for c in (cfg.aux_cols or cols) if c != secret]
            enc = Encoder(aux).fit(data.release)
            truth_enc = Encoder([secret]).fit(data.release, mem, non)
            rel_secret = truth_enc.transform(data.release)
            hits = {}
            for name, target in (("members", mem), ("control", non)):
                _, idx = nearest(
                    enc.transform(target), enc.transform(data.release), cfg.n_neighbors
                )
                tgt = truth_enc.transform(target)
                if truth_enc.numeric:
                    guess = np.nanmean(rel_secret.num[idx, 0], axis=1)
                    ok = np.abs(guess - tgt.num[:, 0]) <= cfg.tolerance
                else:
                    codes = rel_secret.cat[idx, 0]
                    guess = np.array(
                        [np.bincount(r[r >= 0]).argmax() if (r >= 0).any() else -1 for r in codes]
                    )
                    ok = (guess == tgt.cat[:, 0]) & (guess >= 0)
                hits[name] = int(ok.sum())
            r = _risk_result(
                self,
                "inference_risk",
                hits["members"],
                hits["control"],
                len(mem),
                {"secret": secret, "n_neighbors": cfg.n_neighbors},
            )
            out.append(r)
            if worst is None or r.value > worst.value:
                worst = r
        if len(out) > 1 and worst is not None:
            out.insert(
                0,
                self.result(
                    "inference_risk_max",
                    worst.value,
                    worst.interval,
                    worst.interval_method,
                    n=worst.n,
                    baseline=worst.baseline,
                    baseline_label=worst.baseline_label,
                    details={"secret": worst.details["secret"]},
                    verdict=worst.verdict,
                ),
            )
        return out
