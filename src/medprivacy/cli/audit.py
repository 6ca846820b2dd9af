"""`medprivacy audit`: the run's audit log."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from medprivacy.cli.common import (
    USER_ERROR,
    KeyFile,
    audit_app,
    err,
    exit_codes,
)
from medprivacy.errors import MedPrivacyError

if TYPE_CHECKING:
    from medprivacy.audit import AuditLog


RunDir = Annotated[
    Path, typer.Argument(metavar="RUN_DIR", help="A run directory (holding private/).")
]


def open_log(run_dir: Path, key_file: Path | None) -> AuditLog:
    """The run's audit log, keyed with the pipeline's key; a missing log is a one-line error."""
    from medprivacy.audit import AuditLog
    from medprivacy.keys import load_key

    log_path = run_dir / "private" / "audit.sqlite"
    if not log_path.is_file():
        raise MedPrivacyError(f"{log_path}: no audit log")
    return AuditLog(log_path, load_key(key_file))


@audit_app.command("verify", epilog=exit_codes("0  the chain is intact", USER_ERROR))
def audit_verify(run_dir: RunDir, key_file: KeyFile = None) -> None:
    """Check the audit log's keyed MAC chain (needs the pipeline's key)."""
    n = open_log(run_dir, key_file).verify()
    err(f"audit log intact: {n} events")


@audit_app.command(
    "show", epilog=exit_codes("0  the chain is intact and listed", USER_ERROR + " or broken")
)
def audit_show(run_dir: RunDir, key_file: KeyFile = None) -> None:
    """List the run's events, oldest first: sequence, time, event, step (on stdout).

    The chain is verified first: an edited, removed or re-chained event lists nothing. Events
    hold counts and names, never data values; their details stay in the log.
    """
    events = open_log(run_dir, key_file).verified_events()
    typer.echo(f"{'seq':>5}  {'time (UTC)':25}  {'event':14}  step")
    for e in events:
        step = e["detail"].get("step", "-") if isinstance(e["detail"], dict) else "-"
        typer.echo(f"{e['seq']:5d}  {e['ts']:25}  {e['event']:14}  {step}")
    err(f"audit log intact: {len(events)} events")
