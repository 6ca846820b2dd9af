"""Linkage of identified auxiliary records to a record-level release.

The adversary holds identified records of some targets: their quasi-identifiers, optionally
noisy (numbers moved by up to ``noise`` x range) and partly missing. Two linkers:

- **exact**: a target links when exactly one release record equals it on every QI it has;
- **distance**: the nearest release record on the QIs (Gower distance), accepted only when the
  second-nearest is farther by at least ``margin`` (the confidence margin).

Success = links to the target's own release record / targets, with Wilson intervals. The
release's rows must correspond to the members (row i of the release is member i: a masked or
de-identified table), or share an ``id_column``. Auxiliary records of non-members measure
false links (any accepted link of a non-member is wrong); random guessing is the baseline.
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
from medprivacy.attacks.encode import Encoded, Encoder, nearest
from medprivacy.attacks.stats import wilson
from medprivacy.errors import ConfigError


def make_auxiliary(
    records: pd.DataFrame, qi: list[str], noise: float, missing_rate: float, seed: int
) -> pd.DataFrame:
    """The adversary's view of ``records``: QIs only, numbers jittered, some values missing."""
    rng = np.random.default_rng(seed)
    aux = records[qi].copy()
    for col in qi:
        s = aux[col]
        if noise > 0 and pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            span = float(s.max() - s.min()) if s.notna().any() else 0.0
            aux[col] = s.astype(float) + rng.uniform(-noise, noise, len(s)) * span
        if missing_rate > 0:
            aux.loc[rng.random(len(s)) < missing_rate, col] = None
    return aux


class LinkageConfig(AttackConfig):
    """Fields of the ``linkage`` attack."""

    quasi_identifiers: list[str] | None = None
    n_targets: int = Field(
        1000, ge=1, description="Members whose identified records the adversary holds."
    )
    noise: float = Field(0.0, ge=0, lt=1, description="Numeric QI jitter, fraction of range.")
    missing_rate: float = Field(
        0.0, ge=0, lt=1, description="Share of QI values the adversary lacks."
    )
    margin: float = Field(
        0.0, ge=0, le=1, description="Required gap between best and second match."
    )
    id_column: str | None = Field(None, description="Column shared by members and release rows.")


@attacks.register("linkage")
class Linkage(Attack):
    """Exact and distance-based linkage of identified QI records to release rows."""

    Config = LinkageConfig
    config: LinkageConfig
    threat_model = ThreatModel.TARGET_QIS
    default_thresholds: ClassVar[dict[str, Threshold]] = {
        "linkage_exact": Threshold(fail_above=0.09, attention_above=0.05),
        "linkage_distance": Threshold(fail_above=0.09, attention_above=0.05),
    }

    def run(self, data: AttackData) -> list[AttackResult]:
        cfg = self.config
        if data.synthetic:
            raise ConfigError(
                f"attack {self.name!r} needs a record-level release (this one is synthetic)"
            )
        data.require(self.name, "members")
        assert data.members is not None
        qi = cfg.quasi_identifiers or data.quasi_identifiers
        if not qi:
            raise ConfigError(f"attack {self.name!r} needs quasi_identifiers (none given)")
        release, members = data.release, data.members
        if cfg.id_column:
            if cfg.id_column not in release.columns or cfg.id_column not in members.columns:
                raise ConfigError(f"attack {self.name!r}: id column {cfg.id_column!r} missing")
            pos = pd.Series(np.arange(len(release)), index=release[cfg.id_column].to_numpy())
            if not pos.index.is_unique:
                raise ConfigError(
                    f"attack {self.name!r}: id column {cfg.id_column!r} is not unique"
                )
            own = members[cfg.id_column].map(pos).fillna(-1).to_numpy(dtype=np.int64)
        elif len(release) == len(members):
            own = np.arange(len(members))
        else:
            raise ConfigError(
                f"attack {self.name!r}: release rows do not correspond to members (set id_column)"
            )
        rng = np.random.default_rng(cfg.seed)
        take = np.sort(rng.choice(len(members), min(cfg.n_targets, len(members)), replace=False))
        aux = make_auxiliary(members.iloc[take], qi, cfg.noise, cfg.missing_rate, cfg.seed)
        truth = own[take]
        enc = Encoder(qi).fit(release)
        e_rel = enc.transform(release)
        n = len(take)
        exact_ok, dist_ok, accepted = self._link(enc, e_rel, aux, truth)
        out = [
            self.result(
                "linkage_exact",
                exact_ok / n,
                wilson(exact_ok, n),
                "wilson",
                n=n,
                baseline=1 / len(release),
                baseline_label="random guess",
                details={"noise": cfg.noise, "missing_rate": cfg.missing_rate},
            ),
            self.result(
                "linkage_distance",
                dist_ok / n,
                wilson(dist_ok, n),
                "wilson",
                n=n,
                baseline=1 / len(release),
                baseline_label="random guess",
                details={
                    "margin": cfg.margin,
                    "accepted_links": accepted,
                    "precision": round(dist_ok / accepted, 6) if accepted else None,
                },
            ),
        ]
        if data.non_members is not None and len(data.non_members):
            m = min(n, len(data.non_members))
            pick = np.sort(rng.choice(len(data.non_members), m, replace=False))
            aux_non = make_auxiliary(
                data.non_members.iloc[pick], qi, cfg.noise, cfg.missing_rate, cfg.seed + 1
            )
            _, _, false_links = self._link(enc, e_rel, aux_non, np.full(m, -1))
            out.append(
                self.result(
                    "false_link_rate_non_members",
                    false_links / m,
                    wilson(false_links, m),
                    "wilson",
                    n=m,
                    baseline=0.0,
                    baseline_label="no accepted link for records not in the release",
                )
            )
        return out

    def _link(
        self, enc: Encoder, e_rel: Encoded, aux: pd.DataFrame, truth: np.ndarray
    ) -> tuple[int, int, int]:
        e_aux = enc.transform(aux)
        # Exact: every known QI equal (distance 0 over the known columns), and only one such record.
        d, idx = nearest(e_aux, e_rel, min(2, len(e_rel)))
        exact_unique = (d[:, 0] <= 1e-12) & ((d[:, 1] > 1e-12) if d.shape[1] > 1 else True)
        exact_ok = int((exact_unique & (idx[:, 0] == truth)).sum())
        margin = d[:, 1] - d[:, 0] if d.shape[1] > 1 else np.ones(len(d))
        accept = margin >= max(self.config.margin, 1e-12)
        dist_ok = int((accept & (idx[:, 0] == truth)).sum())
        return exact_ok, dist_ok, int(accept.sum())
