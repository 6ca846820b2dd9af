"""`medprivacy stats`: DP statistics of a table."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from medprivacy.cli.common import (
    DONE,
    KeyFile,
    LedgerOpt,
    app,
    err,
)


@app.command(epilog=DONE)
def stats(
    spec_file: Annotated[
        Path, typer.Argument(metavar="SPEC", help="Stats spec YAML (input, budget, queries).")
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder for stats.json, CSVs, page, plot.")],
    ledger: LedgerOpt = None,
    dataset: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--dataset", help="Ledger dataset (default: the spec's `dataset`)."),
    ] = None,
    key_file: KeyFile = None,
) -> None:
    """Release DP statistics of a table; the ledger is charged before any noise is drawn."""
    from medprivacy.budget import num
    from medprivacy.cli.budget import open_ledger
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
    book = open_ledger(ledger, key_file, create=False)
    _check_writable(out)  # before paying: a folder that cannot be written is refused for free
    table = read_table(resolve_path(spec.input, spec_file))
    release = release_stats(table, spec, spec.budget, ledger=book, dataset=name)
    write_release(release, out)  # a failure here names the ledger entry that was charged
    left = book.balance(name)
    err(
        f"{len(release.statistics)} statistics released to {out} at "
        f"ε={num(release.loss['epsilon'])} (ledger entry {release.ledger_entry}); "
        f"dataset {name}: ε={num(left.remaining_epsilon)} left"
    )


def _check_writable(out: Path) -> None:
    from medprivacy.errors import ConfigError

    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out}: exists and is not a folder")
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigError(f"{out}: cannot write there (nothing was spent)")
