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
    executor: Annotated[
        str,
        typer.Option(
            "--executor",
            metavar="local|dask|dask=tls://HOST:PORT",
            help="Where a partitioned input's parts are counted: this process, a Dask "
            "LocalCluster, or the Dask cluster at a scheduler address (scale extra).",
        ),
    ] = "local",
) -> None:
    """Synthesize a table: DP methods (aim, mst, independent) pay from the ledger first.

    The spec holds the run keys (input, method, epsilon, delta, dataset, n_rows) next to the
    columns' declared domains and types. OUT/release/ gets only DP outputs and public
    configuration (synthetic.csv, privacy.json); OUT/private/ gets the fidelity report
    (fidelity.json, fidelity.png: exact figures from the real rows, not DP, for the data steward).
    SDV methods (gaussian_copula, ctgan) carry no formal guarantee and need n_rows.

    An `input` that is a directory of Parquet files is a partitioned table: aim, mst and
    independent fit it from exact counts merged over its parts (counted on --executor), with no
    holdout; the fidelity report then comes from the same counts (1- and 2-way TVDs).

    A spec with `patient_table` and `tables` (method relational) synthesizes related tables,
    each table's file in its `input`: OUT/release/ gets one CSV per table and privacy.json
    (DP per patient across all tables), OUT/private/fidelity.json the cross-table figures.
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
    if "tables" in data:
        _relational(spec_file, data, run, out, ledger, key_file, test)
        return
    if "input" not in run:
        raise ConfigError(f"{spec_file}: the synth spec needs `input` (a CSV or Parquet table)")
    method = str(run.get("method", "aim"))
    epsilon, delta = float(run.get("epsilon", 1.0)), float(run.get("delta", 1e-6))
    check_loss(epsilon, delta)
    is_dp = get_synthesizer(method).is_dp
    dataset = run.get("dataset")
    if is_dp and not dataset:
        raise ConfigError(f"{spec_file}: method {method!r} spends budget: name its `dataset`")
    source = resolve_path(Path(str(run["input"])), spec_file)
    if source.is_dir():
        _partitioned(source, data, run, method, out, ledger, key_file, test, executor)
        return
    real = read_synth_table(source)
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


def _partitioned(
    source: Path,
    data: dict,
    run: dict,
    method: str,
    out: Path,
    ledger: Path | None,
    key_file: Path | None,
    test: Path | None,
    executor: str,
) -> None:
    """A directory of Parquet files: fitted from merged counts on ``executor``."""
    from medprivacy.budget import DEFAULT_LEDGER, Ledger
    from medprivacy.errors import ConfigError
    from medprivacy.executor import check_executor, parse_executor
    from medprivacy.keys import load_key
    from medprivacy.synth.base import get_synthesizer
    from medprivacy.synth.step import release_partitioned

    if test is not None:
        raise ConfigError("--test: a partitioned input has no utility check (TSTR needs rows)")
    engine = parse_executor(executor)
    check_executor(engine)
    is_dp = get_synthesizer(method).is_dp
    privacy, evidence = release_partitioned(
        source,
        data,
        method,
        float(run.get("epsilon", 1.0)),
        float(run.get("delta", 1e-6)),
        run.get("n_rows"),
        out / "release",
        out / "private",
        ledger=Ledger(ledger or DEFAULT_LEDGER, key=load_key(key_file)) if is_dp else None,
        dataset=run.get("dataset") if is_dp else None,
        executor=engine,
    )
    err(
        f"{privacy['rows']} synthetic rows by {method} from {evidence['partitions']} partitions "
        f"in {out / 'release'}: {privacy['guarantee']}"
    )


def _relational(
    spec_file: Path,
    data: dict[str, object],
    run: dict[str, object],
    out: Path,
    ledger: Path | None,
    key_file: Path | None,
    test: Path | None,
) -> None:
    """``medprivacy synth`` with a relational spec (``tables``): one CSV per table."""
    from medprivacy.budget import DEFAULT_LEDGER, Ledger, check_loss
    from medprivacy.errors import ConfigError
    from medprivacy.keys import load_key
    from medprivacy.synth.relational_spec import as_relational_spec
    from medprivacy.synth.step import read_relational_tables, release_relational

    method = str(run.get("method", "relational"))
    if method != "relational":
        raise ConfigError(f"{spec_file}: a spec with `tables` is synthesized by method relational")
    if "input" in run:
        raise ConfigError(f"{spec_file}: a relational spec names each table's `input`")
    if test is not None:
        raise ConfigError("--test is for one table; relational fidelity is in private/")
    epsilon, delta = float(str(run.get("epsilon", 1.0))), float(str(run.get("delta", 1e-6)))
    check_loss(epsilon, delta)
    dataset = run.get("dataset")
    if not dataset:
        raise ConfigError(f"{spec_file}: method 'relational' spends budget: name its `dataset`")
    parsed = as_relational_spec(data)
    tables = read_relational_tables(parsed, spec_file)
    n = run.get("n_rows")
    privacy = release_relational(
        tables,
        parsed,
        epsilon,
        delta,
        None if n is None else int(str(n)),
        out / "release",
        out / "private",
        ledger=Ledger(ledger or DEFAULT_LEDGER, key=load_key(key_file)),
        dataset=str(dataset),
    )
    rows = ", ".join(f"{v} {k}" for k, v in privacy["rows_per_table"].items())
    err(f"{rows} by relational in {out / 'release'}: {privacy['guarantee']}")
