"""``synthesize``: the stable Python entry point."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from medprivacy.errors import ConfigError
from medprivacy.synth.base import Synthesizer, get_synthesizer
from medprivacy.synth.spec import SynthSpec, as_spec

if TYPE_CHECKING:
    from medprivacy.budget import Ledger

log = logging.getLogger(__name__)


def synthesize(
    df: pd.DataFrame,
    spec: SynthSpec | dict[str, Any],
    method: str = "aim",
    epsilon: float = 1.0,
    n_rows: int | None = None,
    *,
    delta: float = 1e-6,
    ledger: Ledger | str | Path | None = None,
    dataset: str | None = None,
    seed: int | None = None,
    options: dict[str, Any] | None = None,
    return_synthesizer: bool = False,
) -> Any:
    """Synthetic rows of the spec's columns, with the dtypes the spec declares.

    ``method``: ``aim`` (default), ``mst``, ``independent`` — (ε, δ)-DP per row, or per patient
    with ``privacy_unit`` in the spec (add/remove adjacency) — or ``gaussian_copula`` / ``ctgan``
    (SDV; **no formal privacy guarantee**, ``epsilon`` ignored). ``n_rows`` defaults to the noisy
    row count (DP methods) or the input's row count (SDV). With ``ledger`` (a
    ``medprivacy.budget.Ledger``, or a path whose key comes from ``MEDPRIVACY_KEY``) and
    ``dataset``, DP methods record (ε, δ) and the privacy unit in the budget ledger before any
    noisy measurement and raise ``medprivacy.budget.BudgetExceeded`` when the budget cannot cover
    it; without a ledger a warning says that nothing records the spend. ``seed`` fixes only
    non-private randomness (sampling from the fitted model), never DP noise.

    With ``return_synthesizer=True`` returns ``(table, synthesizer)`` (its ``privacy()`` describes
    the guarantee).
    """
    parsed = as_spec(spec)
    cls = get_synthesizer(method)
    if (ledger is None) != (dataset is None):
        raise ConfigError("give both ledger and dataset, or neither")
    kwargs: dict[str, Any] = dict(options or {})
    synth: Synthesizer = (
        cls(epsilon=epsilon, delta=delta, seed=seed, **kwargs)
        if cls.is_dp
        else cls(seed=seed, **kwargs)
    )

    if cls.is_dp and ledger is None:
        log.warning(
            "synthesize: no ledger given, so nothing records this (ε=%g, δ=%g) spend",
            epsilon,
            delta,
        )

    def spend() -> None:
        if ledger is None or dataset is None or not cls.is_dp:
            return
        from medprivacy.budget import Ledger

        book = ledger if isinstance(ledger, Ledger) else Ledger(ledger)
        pu = parsed.privacy_unit
        unit: dict[str, Any] = (
            {"id": pu.id, "max_rows": pu.max_rows} if pu else {"id": None, "max_rows": 1}
        )
        if pu and pu.entity:
            unit["entity"] = pu.entity
        synth.ledger_entry = book.spend(
            dataset,
            epsilon=float(epsilon),
            delta=float(delta),
            label=f"synth:{method}",
            mechanism=synth.mechanism,
            meta=_meta(parsed, synth),
            unit=unit,
        ).seq

    synth.fit(df, parsed, before_measure=spend)
    out = synth.sample(n_rows)
    return (out, synth) if return_synthesizer else out


def _meta(spec: SynthSpec, synth: Synthesizer) -> dict[str, Any]:
    """What the ledger records: method, accounting and column names, never data values."""
    info = synth.privacy()
    return {
        "method": info["method"],
        "rho": info.get("rho"),
        "adjacency": info.get("adjacency"),
        "unit": info.get("unit"),
        "columns": list(spec.columns),
    }
