"""`medprivacy audit`: the run's audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medprivacy.cli.common import (
    KeyFile,
    audit_app,
    err,
)
from medprivacy.errors import MedPrivacyError


@audit_app.command("verify")
def audit_verify(
    run_dir: Annotated[Path, typer.Argument(help="A run directory (holding private/).")],
    key_file: KeyFile = None,
) -> None:
    """Check the audit log's keyed MAC chain (needs the pipeline's key)."""
    from medprivacy.audit import AuditLog
    from medprivacy.keys import load_key

    log_path = run_dir / "private" / "audit.sqlite"
    if not log_path.is_file():
        raise MedPrivacyError(f"{log_path}: no audit log")
    n = AuditLog(log_path, load_key(key_file)).verify()
    err(f"audit log intact: {n} events")
