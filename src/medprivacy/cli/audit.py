"""`medprivacy audit`: the run's audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medprivacy.cli.common import (
    audit_app,
    err,
)
from medprivacy.errors import MedPrivacyError


@audit_app.command("verify")
def audit_verify(
    run_dir: Annotated[Path, typer.Argument(help="A run directory (holding private/).")],
) -> None:
    """Check that the audit log's hash chain is intact."""
    from medprivacy.audit import AuditLog

    log_path = run_dir / "private" / "audit.sqlite"
    if not log_path.is_file():
        raise MedPrivacyError(f"{log_path}: no audit log")
    n = AuditLog(log_path).verify()
    err(f"audit log intact: {n} events")
