"""Shared CLI pieces: the Typer apps, common options and one-line messages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from medprivacy.errors import MedPrivacyError

app = typer.Typer(
    help="Publish health data without publishing patients.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
deid_app = typer.Typer(
    help="De-identify DICOM files, EHR tables or clinical text.", no_args_is_help=True
)
audit_app = typer.Typer(help="Inspect a run's hash-chained audit log.", no_args_is_help=True)
app.add_typer(deid_app, name="deid")
budget_app = typer.Typer(
    help="Privacy budgets: what each dataset may spend and what it spent.", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")
app.add_typer(budget_app, name="budget")

LedgerOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--ledger", help="Budget ledger (default .medprivacy/ledger.sqlite)."),
]
KeyFile = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional here
    typer.Option("--key-file", help="File holding the secret key (else env MEDPRIVACY_KEY)."),
]
state = {"verbose": False}


def err(message: str) -> None:
    typer.echo(message, err=True)


def day_range(text: str) -> tuple[int, int]:
    """Parse MIN:MAX (whole days) for --date-shift-days."""
    try:
        low, high = (int(x) for x in text.split(":"))
    except ValueError:
        raise MedPrivacyError(f"--date-shift-days {text!r}: expected MIN:MAX in days") from None
    if low > high:
        raise MedPrivacyError(f"--date-shift-days {text!r}: minimum above maximum")
    return low, high


def env_key() -> bool:
    from medprivacy.keys import ENV_VAR

    return bool(os.environ.get(ENV_VAR, "").strip())


OptPath = Optional[Path]  # noqa: UP045 - typer needs Optional
