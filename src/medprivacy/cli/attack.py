"""`medprivacy attack`: attack a release."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from medprivacy.cli.common import (
    EXIT_BLOCKED,
    EXIT_NOT_ASSESSED,
    USER_ERROR,
    OptPath,
    app,
    err,
    exit_codes,
)


@app.command(
    epilog=exit_codes(
        "0  every attack assessed passes or asks for attention",
        "1  an attack failed its threshold",
        USER_ERROR,
        "3  nothing could be assessed (no attack had the data it needs, or none could run)",
    )
)
def attack(
    release: Annotated[
        Path, typer.Argument(metavar="RELEASE", help="A release folder, or one released table.")
    ],
    suite: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--suite",
            metavar="NAME|FILE",
            help="A packaged suite (default, dicom, gdpr, hipaa) or a suite YAML file. Default: "
            "by what the release holds: a table -> hipaa, synthetic data -> gdpr, DICOM "
            "headers -> dicom.",
        ),
    ] = None,
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
        typer.Option("--qi", metavar="COLUMN", help="Quasi-identifier column (repeatable)."),
    ] = None,
    sensitive: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--sensitive", metavar="COLUMN", help="Sensitive column for inference (repeatable)."
        ),
    ] = None,
    population_size: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="Size of the population the release samples."),
    ] = None,
    epsilon: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(help="ε the release claims (default: its privacy.json / stats.json)."),
    ] = None,
    delta: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(help="δ the release claims (default: its privacy.json / stats.json)."),
    ] = None,
    adjacency: Annotated[
        Optional[Literal["add_remove", "substitution"]],  # noqa: UP045
        typer.Option(help="The claim's adjacency (default: the release's statement)."),
    ] = None,
    power_release: Annotated[
        OptPath,
        typer.Option(help="The same mechanism deliberately broken: the ε audit's power check."),
    ] = None,
    power_epsilon: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(help="ε the broken run was made at (e.g. 10 times the claim)."),
    ] = None,
    synthetic: Annotated[bool, typer.Option(help="The release is synthetic data.")] = False,
    out: Annotated[
        OptPath,
        typer.Option(
            "--out",
            help="Results folder, outside the release (default: RUN/private/attacks when "
            "RELEASE is a run's release/ folder).",
        ),
    ] = None,
) -> None:
    """Attack a release: re-identification, linkage, WP29 criteria, membership, ε audit.

    Writes attack_results.json, .html and .png (computed from real rows without DP: internal
    evidence, never inside the release folder) and says which attacks ran and which could not.
    """
    from medprivacy.attacks.claim import read_claim, resolve_claim
    from medprivacy.attacks.report import write_report
    from medprivacy.attacks.suite import (
        DEFAULT_SUITES,
        load_release,
        release_kind,
        run_suite_files,
        suite_path,
    )
    from medprivacy.errors import ConfigError, InputError

    if not release.exists():
        raise InputError(f"{release}: release not found")
    root = release if release.is_dir() else release.parent
    if release.is_file() and not (table or dicom):
        table = release.name
    if not (table or dicom):
        raise ConfigError(f"{release}: a folder; name what to attack with --table or --dicom")
    target = results_folder(release, root, out)
    if suite is None:
        suite, why = DEFAULT_SUITES[release_kind(root, table, dicom, synthetic)]
        err(f"attack: suite {suite} for {why} (--suite to choose another)")
    suite_file = suite_path(suite)  # an unknown name is refused before the release is read
    frame, name, default_qis = load_release(root, table, dicom)
    claim = resolve_claim(
        read_claim((root / table).parent) if table else None, epsilon, delta, adjacency
    )
    if claim.adjacency not in ("add_remove", "substitution"):
        raise ConfigError("--adjacency: expected add_remove or substitution")
    run = run_suite_files(
        suite_file,
        frame,
        members=members,
        non_members=non_members,
        population=population,
        quasi_identifiers=list(qi or default_qis),
        sensitive=list(sensitive or []),
        population_size=population_size,
        epsilon=claim.epsilon,
        delta=claim.delta,
        adjacency=claim.adjacency,
        max_rows=claim.max_rows,
        power_release=power_release,
        power_epsilon=power_epsilon,
        synthetic=synthetic,
        name=name,
    )
    write_report(run, target)
    for note in claim.notes:
        err(f"attack: {note}")
    for defect in run.defects():
        err(f"attack: {defect}")
    for line in run.outline():
        err(f"attack: {line}")
    err(f"{run.summary()}; results in {target}")
    if run.verdict == "fail":
        raise typer.Exit(EXIT_BLOCKED)
    if not run.results:
        err("attack: nothing was assessed: exit 3")
        raise typer.Exit(EXIT_NOT_ASSESSED)


def _run_release(root: Path) -> Path | None:
    """The ``release/`` folder of a pipeline run that holds ``root`` (None if none does)."""
    for folder in (root.resolve(), *root.resolve().parents):
        if folder.name == "release" and (folder.parent / "private").is_dir():
            return folder
    return None


def results_folder(release: Path, root: Path, out: Path | None) -> Path:
    """Where results go: ``--out`` (never inside the release folder), else a run's
    ``private/attacks`` when ``release`` lies in the ``release/`` folder of a pipeline run."""
    from medprivacy.errors import ConfigError

    published = _run_release(root) or root
    if out is not None:
        if out.resolve().is_relative_to(published.resolve()):
            raise ConfigError(
                f"{out}: attack results come from real rows without DP; keep them outside the "
                "release folder"
            )
        return out
    if published is not root:
        return published.parent / "private" / "attacks"
    raise ConfigError(
        f"{release}: name a results folder outside the release with --out (attack results "
        "are internal evidence, not part of the release)"
    )
