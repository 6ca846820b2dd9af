"""`medprivacy inspect`: propose a table spec for review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from medprivacy.cli.common import (
    app,
    err,
)
from medprivacy.errors import MedPrivacyError


@app.command()
def inspect(
    tables: Annotated[list[Path], typer.Argument(help="CSV or Parquet files of one release.")],
    release: Annotated[str, typer.Option(help="safe_harbor or pseudonymised.")] = "safe_harbor",
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", help="Write the proposed spec here (default: stdout)."),
    ] = None,
) -> None:
    """Propose a table spec from column names, types and formats, for a steward to review."""
    from medprivacy.deid.table.inspect import propose_spec
    from medprivacy.fileio import atomic_write_text

    if release not in ("safe_harbor", "pseudonymised"):
        raise MedPrivacyError(f"--release {release!r}: expected safe_harbor or pseudonymised")
    text = propose_spec(tables, release=release)
    if out is None:
        typer.echo(text, nl=False)
    else:
        atomic_write_text(out, text)
    err("proposed spec: review every column, then set `reviewed: true` before releasing")
