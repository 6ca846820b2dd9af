"""`medprivacy synth`: synthetic data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medprivacy.cli.common import (
    DONE,
    KeyFile,
    LedgerOpt,
    OptPath,
    app,
    err,
)


@app.command(epilog=DONE)
def synth(
    spec_file: Annotated[
        Path, typer.Argument(metavar="SPEC", help="Synth spec YAML (input, method, columns).")
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Run folder: release/ (synthetic.csv, privacy.json), private/ (fidelity).",
        ),
    ],
    ledger: LedgerOpt = None,
    key_file: KeyFile = None,
    test: Annotated[
        OptPath, typer.Option(help="Held-out real rows for the utility check (TSTR).")
    ] = None,
) -> None:
    """Synthesize a table: DP methods (aim, mst, independent) pay from the ledger first.

    The spec holds the run keys (input, method, epsilon, delta, dataset, n_rows) next to the
    columns' declared domains and types. OUT/release/ gets only DP outputs and public
    configuration (synthetic.csv, privacy.json); OUT/private/ gets the fidelity report
    (fidelity.json, fidelity.png: exact figures from the real rows, not DP, for the data steward).
    SDV methods (gaussian_copula, ctgan) carry no formal guarantee and need n_rows.
    """
    from medprivacy.budget import DEFAULT_LEDGER, Ledger, check_loss
    from medprivacy.errors import ConfigError
    from medprivacy.keys import load_key
    from medprivacy.spec import resolve_path
    from medprivacy.synth.base import get_synthesizer
    from medprivacy.synth.step import load_synth_spec, release_synthetic
    from medprivacy.synth.table import read_synth_table

    data = load_synth_spec(spec_file)
    run_keys = ("input", "method", "epsilon", "delta", "dataset", "n_rows")
    run = {k: data.pop(k) for k in run_keys if k in data}
    if "input" not in run:
        raise ConfigError(f"{spec_file}: the synth spec needs `input` (a CSV or Parquet table)")
    method = str(run.get("method", "aim"))
    epsilon, delta = float(run.get("epsilon", 1.0)), float(run.get("delta", 1e-6))
    check_loss(epsilon, delta)
    is_dp = get_synthesizer(method).is_dp
    dataset = run.get("dataset")
    if is_dp and not dataset:
        raise ConfigError(f"{spec_file}: method {method!r} spends budget: name its `dataset`")
    real = read_synth_table(resolve_path(Path(str(run["input"])), spec_file))
    privacy, _ = release_synthetic(
        real,
        data,
        method,
        epsilon,
        delta,
        run.get("n_rows"),
        out / "release",
        out / "private",
        ledger=Ledger(ledger or DEFAULT_LEDGER, key=load_key(key_file)) if is_dp else None,
        dataset=dataset if is_dp else None,
        test=read_synth_table(test) if test else None,
    )
    err(
        f"{privacy['rows']} synthetic rows by {method} in {out / 'release'}: {privacy['guarantee']}"
    )
