"""Shared CLI pieces: the Typer apps, common options and one-line messages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from medprivacy.errors import MedPrivacyError

# Exit codes every command shares; each command's --help names those it uses.
EXIT_OK, EXIT_BLOCKED, EXIT_USAGE, EXIT_NOT_ASSESSED = 0, 1, 2, 3
EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h)
USER_ERROR = "2  user error (bad option, spec, input or key; one line on stderr)"
INTERNAL_ERROR = "70 internal error, a bug of medprivacy (rerun with -v for the traceback)"


def exit_codes(*lines: str) -> str:
    """An epilog listing a command's exit codes, one per line (\b keeps click from rewrapping);
    every command may end with an internal error (70), so that line closes each list."""
    return "\b\nExit codes:\n" + "\n".join(f"  {line}" for line in (*lines, INTERNAL_ERROR))


DONE = exit_codes("0  done", USER_ERROR)  # the epilog of commands that either work or refuse


app = typer.Typer(
    help="Publish health data without publishing patients.",
    epilog=exit_codes(
        "0  done; the release is ready",
        "1  blocked: inputs failed, an attack failed, a gate said no",
        USER_ERROR,
        "3  nothing could be assessed (attack)",
    ),
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click-style help: flags read --x / --no-x without a `<bool>` type column, choices
    # read <a|b>; the same on every terminal and in a pipe.
    rich_markup_mode=None,
    no_args_is_help=True,
)
deid_app = typer.Typer(
    help="De-identify DICOM files, EHR tables or clinical text.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
audit_app = typer.Typer(
    help="Inspect a run's hash-chained audit log.", rich_markup_mode=None, no_args_is_help=True
)
app.add_typer(deid_app, name="deid")
budget_app = typer.Typer(
    help="Privacy budgets: what each dataset may spend and what it spent.",
    rich_markup_mode=None,
    no_args_is_help=True,
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
state = {"verbose": False, "program": False}  # program: main() runs as the process itself


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


def release_folder(path: Path) -> Path | None:
    """The release folder that holds ``path`` (or is it): a folder named ``release`` with a
    manifest.json, or a pipeline run's ``release/`` (beside its ``private/``); None if none."""
    for folder in (path.resolve(), *path.resolve().parents):
        if folder.name == "release" and (
            (folder / "manifest.json").is_file() or (folder.parent / "private").is_dir()
        ):
            return folder
    return None
