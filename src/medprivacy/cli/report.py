"""`medprivacy report`: the verdict and the steward's review of a finished run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medprivacy.cli.common import USER_ERROR, KeyFile, LedgerOpt, app, err, exit_codes

EPILOG = exit_codes(
    "0  ready to release",
    "1  blocked: a gate, release/ unlike its manifest, missing attack results (reasons listed)",
    USER_ERROR,
)


@app.command(epilog=EPILOG)
def report(
    run_dir: Annotated[
        Path, typer.Argument(metavar="RUN_DIR", help="A run directory (release/ and private/).")
    ],
    ledger: LedgerOpt = None,
    key_file: KeyFile = None,
) -> None:
    """Decide (ready to release / blocked) and write private/review.html and review.json.

    Re-renders from the run's files. release/ is first checked against its manifest.json
    (every file's SHA-256, nothing missing, nothing extra): any difference blocks, as do missing
    attack results. release/ itself (README.html, release.json) is never rewritten. With
    --ledger (and the pipeline's key) the review shows each dataset's total, spent and left
    budget and its history; without, the last review's figures are kept.
    """
    from medprivacy.report import report_run

    opened = None
    if ledger is not None:
        from medprivacy.budget import Ledger
        from medprivacy.keys import load_key

        opened = Ledger(ledger, key=load_key(key_file), create=False)
    verdict = report_run(run_dir, ledger=opened)
    for reason in verdict.reasons:
        err(f"blocked: {reason}")
    typer.echo(verdict.line())
    typer.echo(f"review: {verdict.review}")
    raise typer.Exit(verdict.exit_code)
