"""`medprivacy stats`: DP statistics of a table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from medprivacy.cli.common import (
    LedgerOpt,
    app,
    err,
)


@app.command()
def stats(
    spec_file: Annotated[Path, typer.Argument(help="Stats spec YAML (input, budget, queries).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for stats.json, CSVs, page, plot.")],
    ledger: LedgerOpt = None,
    dataset: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--dataset", help="Ledger dataset (default: the spec's `dataset`)."),
    ] = None,
) -> None:
    """Release DP statistics of a table; the ledger is charged before any noise is drawn."""
    from medprivacy.budget import Ledger
    from medprivacy.dp.release import read_table, release_stats
    from medprivacy.dp.report import write_release
    from medprivacy.dp.spec import load_stats_spec
    from medprivacy.errors import ConfigError
    from medprivacy.spec import resolve_path

    spec = load_stats_spec(spec_file)
    if spec.input is None:
        raise ConfigError(f"{spec_file}: the stats spec needs `input` (a CSV or Parquet table)")
    name = dataset or spec.dataset
    if not name:
        raise ConfigError(f"{spec_file}: name the ledger dataset (`dataset:` or --dataset)")
    book = Ledger(ledger)
    table = read_table(resolve_path(spec.input, spec_file))
    release = release_stats(table, spec, spec.budget, ledger=book, dataset=name)
    write_release(release, out)
    left = book.balance(name)
    err(
        f"{len(release.statistics)} statistics released to {out} at ε={release.loss['epsilon']:g} "
        f"(ledger entry {release.ledger_entry}); dataset {name}: ε={left.remaining_epsilon:g} left"
    )
