"""`medprivacy run`: run a release pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from medprivacy.cli.common import (
    USER_ERROR,
    KeyFile,
    app,
    err,
    exit_codes,
)


@app.command(
    epilog=exit_codes(
        "0  ready to release (or --plan: the plan holds)",
        "1  blocked by a gate (an attack failed, an input failed, a DP figure unusable)",
        USER_ERROR,
    )
)
def run(
    pipeline: Annotated[Path, typer.Argument(help="Pipeline YAML file.")],
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", help="Release directory (default: the spec's `output`)."),
    ] = None,
    key_file: KeyFile = None,
    progress: Annotated[bool, typer.Option(help="Show progress bars.")] = True,
    plan: Annotated[
        bool,
        typer.Option(
            "--plan",
            help="Only check every step, spec and input, and print what each DP step would "
            "charge and how accurate each statistic would be; nothing is charged or written.",
        ),
    ] = False,
    executor: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--executor",
            metavar="local|dask|dask=tls://HOST:PORT",
            help="Where batch work runs (overrides the spec's `executor:`): local processes, a "
            "Dask LocalCluster, or the Dask cluster at a scheduler address (scale extra).",
        ),
    ] = None,
) -> None:
    """Run a release pipeline: writes release/ (to publish) and private/ (to keep).

    Every run first plans all its steps (specs, inputs, charges against the ledger): a problem in
    any step stops the run before the first one pays.
    """
    from medprivacy.executor import check_executor, parse_executor
    from medprivacy.keys import load_key
    from medprivacy.pipeline import run_pipeline
    from medprivacy.spec import load_pipeline

    engine = parse_executor(executor) if executor is not None else None
    spec = load_pipeline(pipeline)
    if engine is not None:
        spec.executor = engine
    check_executor(spec.executor)
    key = load_key(key_file or (spec.resolve(spec.key_file) if spec.key_file else None))
    if plan:
        from medprivacy.plan import plan_pipeline

        for line in plan_pipeline(spec, key, out_dir=out).lines():
            typer.echo(line)
        err("plan only: nothing was charged or written")
        return
    result = run_pipeline(spec, key, out_dir=out, progress=progress)
    for line in [*result.plan_lines, *result.lines()]:
        err(line)
    err(f"release: {result.release_dir}")
    verdict = result.verdict
    if verdict is not None:  # last, so the decision is the line a steward reads
        for reason in verdict.reasons:
            err(f"  blocked: {reason}")
        err(verdict.line())
        err(f"review: {verdict.review}")
        raise typer.Exit(verdict.exit_code)
