"""`medprivacy keygen`: a new secret key."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medprivacy.cli.common import (
    DONE,
    app,
    err,
)


@app.command(epilog=DONE)
def keygen(
    out: Annotated[Path, typer.Option("--out", help="Where to write the new key (mode 600).")],
) -> None:
    """Write a new random secret key to a file (never printed)."""
    from medprivacy.keys import write_key_file

    path = write_key_file(out)
    err(f"wrote a new key to {path}; keep it secret and back it up")
