"""Write the review (private/) and the researcher's README (release/) of a run, and decide.

:func:`build_reports` is the pipeline's last step (after private/summary.json, before the
manifest, which then lists README.html and release.json); :func:`report_run` re-renders the
review of a finished run from its files and never touches release/ (its manifest vouches for it).
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from medprivacy import __version__
from medprivacy.errors import ConfigError, MedPrivacyError
from medprivacy.fileio import atomic_write_json, atomic_write_text, sha256_file
from medprivacy.report import anonymization, collect, readme, review
from medprivacy.report.verdict import Gates, Verdict, decide

REVIEW = ("review.json", "review.html")
RELEASE = ("release.json", "README.html")


def _versions() -> dict[str, str]:
    out = {"medprivacy": __version__}
    for name in ("opendp", "pydicom"):
        with suppress(metadata.PackageNotFoundError):
            out[name] = metadata.version(name)
    return out


def _images(run_dir: Path, paths: list[str | None]) -> dict[str, bytes]:
    """The plots the pages inline, by run-relative path (a missing one is left out)."""
    out = {}
    for rel in paths:
        if rel and (run_dir / rel).is_file():
            out[rel] = (run_dir / rel).read_bytes()
    return out


def review_doc(
    run_dir: Path,
    pipeline: dict[str, Any],
    steps: list[dict[str, Any]],
    files: dict[str, str],
    summary: dict[str, Any],
    budget: dict[str, Any],
    gates: Gates,
    now: str,
) -> tuple[dict[str, Any], Verdict]:
    """The review document (review.json) and the verdict it carries."""
    release = run_dir / "release"
    doc: dict[str, Any] = {
        "pipeline": {"name": pipeline["name"], "description": pipeline.get("description", "")},
        "generated": now,
        "medprivacy": __version__,
        "gates": gates.model_dump(),
        "released": collect.released(release, pipeline, steps, files),
        "budget": budget,
        "attacks": collect.attacks(run_dir, pipeline, summary),
        "checklists": collect.checklists(release, pipeline, steps),
        "dp": collect.dp_statistics(release, pipeline),
        "synthetic": collect.synthetic(run_dir, pipeline),
        "inputs": collect.inputs(pipeline, steps, summary),
        "anonymization": anonymization.facts(run_dir, pipeline),
    }
    verdict = decide(doc, gates)
    doc["verdict"] = verdict.to_dict()
    return doc, verdict


def _budget(run_dir: Path, pipeline: dict[str, Any], ledger: Any | None) -> dict[str, Any]:
    """From the ledger; without one, the last review's (written when the run had the ledger)."""
    if ledger is not None:
        try:
            return collect.budget(run_dir / "release", pipeline, ledger)
        except MedPrivacyError as exc:
            fallback = collect.budget(run_dir / "release", pipeline, None)
            fallback["source"] += f"; the ledger could not be read: {exc}"
            return fallback
    last = collect.read_json(run_dir / "private" / REVIEW[0]) or {}
    if (last.get("budget") or {}).get("source") == "the budget ledger":
        return {**last["budget"], "source": f"the budget ledger at {last.get('generated')}"}
    return collect.budget(run_dir / "release", pipeline, None)


def build_reports(
    run_dir: str | Path,
    *,
    pipeline: dict[str, Any],
    steps: list[dict[str, Any]],
    files: dict[str, str],
    summary: dict[str, Any] | None = None,
    ledger: Any | None = None,
    gates: Gates | None = None,
    release_pages: bool = True,
) -> Verdict:
    """Write private/review.{json,html} and (``release_pages``) release/{release.json,
    README.html}; return the verdict, with the release-relative pages written and their SHA-256.

    ``pipeline`` is the public spec (``PipelineSpec.public_dict()``), ``steps`` the manifest's
    step list (id, summary), ``files`` the released files (release-relative path -> SHA-256),
    ``summary`` each step's private result (default: private/summary.json), ``ledger`` the
    pipeline's :class:`~medprivacy.budget.Ledger` (for totals and history).
    """
    run_dir = Path(run_dir)
    release, private = run_dir / "release", run_dir / "private"
    if summary is None:
        summary = collect.read_json(private / "summary.json") or {}
    gates = gates or Gates()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    budget = _budget(run_dir, pipeline, ledger)
    doc, verdict = review_doc(run_dir, pipeline, steps, files, summary, budget, gates, now)
    plots = [s["plot"] for s in doc["attacks"] + doc["dp"] + doc["synthetic"]]
    atomic_write_json(private / REVIEW[0], doc)
    atomic_write_text(private / REVIEW[1], review.render(doc, _images(run_dir, plots)))
    verdict.review = private / REVIEW[1]
    if release_pages:
        rdoc = readme.release_doc(
            release, pipeline, steps, files, produced=now, versions=_versions()
        )
        images = _images(run_dir, [r["plot"] for r in rdoc["dp_statistics"]])
        atomic_write_json(release / RELEASE[0], rdoc)
        atomic_write_text(release / RELEASE[1], readme.render(rdoc, images))
        verdict.files = {name: sha256_file(release / name) for name in RELEASE}
    return verdict


def report_run(run_dir: str | Path, *, ledger: Any | None = None) -> Verdict:
    """Re-render the review of a finished run from its files (release/manifest.json, private/);
    release/ is left as its manifest describes it. Gates come from private/pipeline.yaml."""
    run_dir = Path(run_dir)
    manifest = collect.read_json(run_dir / "release" / "manifest.json")
    if manifest is None or "pipeline" not in manifest:
        raise ConfigError(f"{run_dir}: no readable release/manifest.json (not a finished run)")
    if not (run_dir / "private").is_dir():
        raise ConfigError(f"{run_dir}: no private/ folder (the review needs the run's private/)")
    files = {f["path"]: f["sha256"] for f in manifest.get("files", [])}
    return build_reports(
        run_dir,
        pipeline=manifest["pipeline"],
        steps=manifest.get("steps", []),
        files=files,
        ledger=ledger,
        gates=run_gates(run_dir / "private" / "pipeline.yaml"),
        release_pages=False,
    )


def run_gates(path: Path) -> Gates:
    """The ``gates:`` of the run's copy of its spec (the default gates where there is none)."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError):
        return Gates()
    raw = data.get("gates") if isinstance(data, dict) else None
    try:
        return Gates.model_validate(raw or {})
    except ValueError:
        raise ConfigError(f"{path}: gates: not valid (see `medprivacy run --help`)") from None
