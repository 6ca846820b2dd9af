"""`medprivacy inspect`: propose a table spec, or a synth / stats spec, for review."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from medprivacy.cli.common import (
    DONE,
    app,
    err,
    release_folder,
)
from medprivacy.errors import MedPrivacyError


class SpecFor(StrEnum):
    """Which spec ``--for`` proposes."""

    synth = "synth"
    stats = "stats"


@app.command(epilog=DONE)
def inspect(
    tables: Annotated[list[Path], typer.Argument(help="CSV or Parquet files of one release.")],
    release: Annotated[str, typer.Option(help="safe_harbor or pseudonymised.")] = "safe_harbor",
    for_: Annotated[
        Optional[SpecFor],  # noqa: UP045
        typer.Option(
            "--for",
            help="Propose a synth or stats spec per table (domains read from the data, NOT "
            "differentially private: replace them by public knowledge) instead of a table spec.",
        ),
    ] = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            help="Table spec: the file to write (default: stdout). With --for: the folder whose "
            "private/ gets TABLE.synth.yaml or TABLE.stats.yaml (default: the current folder).",
        ),
    ] = None,
) -> None:
    """Propose a spec from column names, types and values, for a steward to review.

    Without --for: a table de-identification spec (`reviewed: false` until checked). With --for
    synth|stats: a synthesis or DP statistics spec with types, nullable, bounds and categories
    read from the data, written under OUT/private/ (folder 0700, files 0600); identifiers, keys
    and free text are left out with the reason.
    """
    if out is not None and (folder := release_folder(out)) is not None:
        raise MedPrivacyError(
            f"{out}: inside the release folder {folder}; a proposed spec is read from the real "
            "rows and stays private: write it outside the release"
        )
    if for_ is not None:
        from medprivacy.specgen import propose

        if release != "safe_harbor":
            raise MedPrivacyError("--release shapes a table spec; it does not apply with --for")

        written = propose(tables, for_.value, out if out is not None else Path("."))
        for path in written:
            err(f"proposed {for_.value} spec: {path}")
        err(
            "its domains were read from the data and are NOT differentially private: replace "
            "each `# from data` line by public knowledge before any release"
        )
        return

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
