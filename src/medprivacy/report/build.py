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
    release_check: list[str] | None = None,
) -> tuple[dict[str, Any], Verdict]:
    """The review document (review.json) and the verdict it carries; ``release_check`` lists
    where release/ differs from its manifest (each one blocks)."""
    release = run_dir / "release"
    bounds = dp_bounds(summary)
    doc: dict[str, Any] = {
        "pipeline": {"name": pipeline["name"], "description": pipeline.get("description", "")},
        "generated": now,
        "medprivacy": __version__,
        "gates": gates.model_dump(),
        "released": collect.released(release, pipeline, steps, files),
        "budget": budget,
        "release_check": release_check or [],
        "attacks": collect.attacks(run_dir, pipeline, summary, {s["id"] for s in steps}),
        "checklists": collect.checklists(release, pipeline, steps),
        "dp": collect.dp_statistics(release, pipeline, bounds),
        "synthetic": collect.synthetic(run_dir, pipeline),
        "inputs": collect.inputs(pipeline, steps, summary),
        "anonymization": anonymization.facts(run_dir, pipeline),
    }
    verdict = decide(doc, gates)
    doc["verdict"] = verdict.to_dict()
    return doc, verdict


def dp_bounds(summary: dict[str, Any]) -> dict[str, Any]:
    """Each dp_stats step's declared bounds by statistic (the pipeline keeps them in its private
    summary as ``declared_bounds``)."""
    return {
        sid: s["declared_bounds"]
        for sid, s in summary.items()
        if isinstance(s, dict) and isinstance(s.get("declared_bounds"), dict)
    }


def attacked(doc: dict[str, Any], pipeline: dict[str, Any]) -> list[dict[str, str]]:
    """The attack steps that assessed something: which output, with which suite (for the
    researcher's page, which says the data were attacked only where they were)."""
    out = []
    for suite in doc["attacks"]:
        if suite.get("missing") or not any(
            f["verdict"] in ("pass", "attention", "fail") for f in suite["figures"]
        ):
            continue
        cfg = next(c for c in pipeline["steps"] if c["id"] == suite["step"])
        target = cfg.get("table") or (f"{cfg['dicom']}/" if cfg.get("dicom") else "the release")
        name = Path(str(cfg.get("suite") or suite.get("suite") or "")).stem
        partly = " (some of its attacks could not run)" if suite["errors"] else ""
        out.append({"output": str(target), "suite": name + partly})
    return out


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
    release_check: list[str] | None = None,
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
    doc, verdict = review_doc(
        run_dir, pipeline, steps, files, summary, budget, gates, now, release_check
    )
    plots = [s["plot"] for s in doc["attacks"] + doc["dp"] + doc["synthetic"]]
    atomic_write_json(private / REVIEW[0], doc)
    atomic_write_text(private / REVIEW[1], review.render(doc, _images(run_dir, plots)))
    verdict.review = private / REVIEW[1]
    if release_pages:
        rdoc = readme.release_doc(
            release,
            pipeline,
            steps,
            files,
            produced=now,
            versions=_versions(),
            bounds=dp_bounds(summary),
            attacked=attacked(doc, pipeline),
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
        release_check=check_release(run_dir / "release", files),
    )


def check_release(release: Path, files: dict[str, str]) -> list[str]:
    """Where release/ differs from its manifest: a listed file missing or with another SHA-256,
    a file (or link) the manifest does not list. Paths are release-relative; at most 20 named."""
    problems = []
    for rel, sha in sorted(files.items()):
        path = release / rel
        if path.is_symlink() or not path.is_file():
            problems.append(f"{rel}: listed but missing")
        elif sha256_file(path) != sha:
            problems.append(f"{rel}: SHA-256 differs from the manifest's")
    for path in sorted(release.rglob("*")):
        rel = path.relative_to(release).as_posix()
        if rel != "manifest.json" and rel not in files and (path.is_symlink() or path.is_file()):
            problems.append(f"{rel}: not listed in the manifest")
    if len(problems) > 20:
        problems = [*problems[:20], f"and {len(problems) - 20} more"]
    return problems


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
