"""`medprivacy attack`: attack a release."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from medprivacy.cli.common import (
    OptPath,
    app,
    err,
)


@app.command()
def attack(
    release: Annotated[Path, typer.Argument(help="A release folder, or one released table.")],
    suite: Annotated[Path, typer.Option("--suite", help="Attack suite YAML.")] = Path(
        "attacks/default.yaml"
    ),
    table: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--table", help="Table to attack, relative to the release folder."),
    ] = None,
    dicom: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--dicom", help="DICOM folder (relative): attack its header fields."),
    ] = None,
    members: Annotated[OptPath, typer.Option(help="Records the release was built from.")] = None,
    non_members: Annotated[OptPath, typer.Option(help="Same population, not released.")] = None,
    population: Annotated[OptPath, typer.Option(help="Adversary's population data.")] = None,
    qi: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--qi", help="Quasi-identifier column (repeatable)."),
    ] = None,
    sensitive: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--sensitive", help="Sensitive column for inference (repeatable)."),
    ] = None,
    population_size: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="Size of the population the release samples."),
    ] = None,
    epsilon: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(help="ε the release claims (for the ε audit)."),
    ] = None,
    adjacency: Annotated[
        str, typer.Option(help="add_remove or substitution: what the claimed ε promises.")
    ] = "add_remove",
    synthetic: Annotated[bool, typer.Option(help="The release is synthetic data.")] = False,
    out: Annotated[
        OptPath, typer.Option("--out", help="Results folder (default: RELEASE/attacks).")
    ] = None,
) -> None:
    """Attack a release: re-identification, linkage, WP29 criteria, membership, ε audit.

    Writes attack_results.json, .html and .png; exits 1 if any attack fails its threshold.
    """
    from medprivacy.attacks.report import write_report
    from medprivacy.attacks.suite import load_release, run_suite_files
    from medprivacy.errors import ConfigError, InputError

    if not release.exists():
        raise InputError(f"{release}: release not found")
    root = release if release.is_dir() else release.parent
    if release.is_file() and not (table or dicom):
        table = release.name
    if not (table or dicom):
        raise ConfigError(f"{release}: a folder; name what to attack with --table or --dicom")
    frame, name, default_qis = load_release(root, table, dicom)
    run = run_suite_files(
        suite,
        frame,
        members=members,
        non_members=non_members,
        population=population,
        quasi_identifiers=list(qi or default_qis),
        sensitive=list(sensitive or []),
        population_size=population_size,
        epsilon=epsilon,
        adjacency=adjacency,
        synthetic=synthetic,
        name=name,
    )
    target = out or root / "attacks"
    write_report(run, target)
    for defect in run.defects():
        err(f"attack: {defect}")
    err(f"{run.summary()}; results in {target}")
    if run.verdict == "fail":
        raise typer.Exit(1)
