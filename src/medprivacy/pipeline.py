"""Run a release pipeline into one directory: ``release/`` to publish, ``private/`` to keep.

``release/manifest.json`` lists every released file with its SHA-256, the spec without private
fields, package versions and timings. ``private/`` holds the full spec, step journals, the run
summary (with input paths of skipped files) and the hash-chained audit log. Rerunning the same spec
into the same directory resumes; another spec there is refused. One run at a time per directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from medprivacy import __version__
from medprivacy.audit import AuditLog
from medprivacy.budget import DEFAULT_LEDGER, Ledger
from medprivacy.errors import ConfigError, MedPrivacyError
from medprivacy.executor import ExecutorConfig
from medprivacy.fileio import TMP_PREFIX, atomic_write_json, atomic_write_text, sha256_file
from medprivacy.keys import Key
from medprivacy.lock import exclusive
from medprivacy.report import Verdict, build_reports
from medprivacy.report.collect import declared_bounds
from medprivacy.spec import PipelineSpec

MANIFEST = "manifest.json"
VERSIONED = (
    "pydicom",
    "numpy",
    "pandas",
    "polars",
    "opendp",
    "pydantic",
    "presidio-analyzer",
    "sdv",
    "torch",
    "scikit-learn",
)


PRIVATE_PREFIX = "private:"


@dataclass
class RunContext:
    """What a step gets: where to write, the key, and how to resolve spec paths."""

    spec: PipelineSpec
    key: Key
    release_dir: Path
    private_dir: Path
    audit: AuditLog | None  # None while only planning (`run --plan`)
    progress: bool = True
    ledger_path: Path | None = None
    _ledger: Ledger | None = field(default=None, repr=False)

    @property
    def executor(self) -> ExecutorConfig:
        """Where batch work runs (the spec's ``executor:``, or ``--executor`` on the CLI)."""
        return self.spec.executor

    def resolve(self, path: Path) -> Path:
        """A spec path; ``private:NAME`` is a file an earlier step kept in private/."""
        text = str(path)
        if text.startswith(PRIVATE_PREFIX):
            return self.private_dir / text[len(PRIVATE_PREFIX) :]
        return self.spec.resolve(path)

    def ledger(self) -> Ledger:
        """The pipeline's budget ledger (see :func:`ledger_path`), MAC'd with the pipeline key."""
        if self._ledger is None:
            path = self.ledger_path or ledger_path(self.spec, self.release_dir)
            self._ledger = Ledger(path, key=self.key)
        return self._ledger


def ledger_path(spec: PipelineSpec, release_dir: Path) -> Path:
    """The spec's ``ledger:`` (relative to the YAML file), else .medprivacy/ledger.sqlite in the
    working directory; never inside the release folder, which is published."""
    path = spec.resolve(spec.ledger) if spec.ledger else DEFAULT_LEDGER
    if path.resolve().is_relative_to(release_dir.resolve()):
        raise ConfigError(f"{path}: the budget ledger cannot live inside the release folder")
    return path


def _published_ledger_head(manifest: Path) -> dict[str, Any] | None:
    """The ledger head a previous run of this directory published, if any."""
    if not manifest.is_file():
        return None
    try:
        head = json.loads(manifest.read_text("utf-8")).get("ledger")
    except (ValueError, OSError):
        raise ConfigError(f"{manifest}: unreadable manifest; use a new --out directory") from None
    return head if isinstance(head, dict) else None


def _init_budgets(spec: PipelineSpec, ledger: Ledger) -> None:
    """Create the spec's dataset budgets that the ledger lacks; a different total is an error."""
    known = {b.dataset: b for b in ledger.datasets()}
    for name, want in spec.budgets.items():
        have = known.get(name)
        if have is None:
            ledger.init_dataset(name, want.epsilon, want.delta)
        elif (have.epsilon, have.delta) != (want.epsilon, want.delta):
            raise ConfigError(
                f"dataset {name!r} already has a budget of ε={have.epsilon:g}, δ={have.delta:g} in "
                f"{ledger.path}; a budget is set once and never changed"
            )


@dataclass
class StepResult:
    """A step's outcome. ``summary`` is released (counts only); ``private`` stays in private/."""

    summary: dict[str, Any] = field(default_factory=dict)
    private: dict[str, Any] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # release-relative path -> sha256
    lines: list[str] = field(default_factory=list)


@dataclass
class RunResult:
    run_dir: Path
    release_dir: Path
    manifest: dict[str, Any]
    step_lines: list[str]
    plan_lines: list[str] = field(default_factory=list)  # what the plan checked and charges
    verdict: Verdict | None = None  # ready to release / blocked, with the reasons

    def lines(self) -> list[str]:
        return self.step_lines


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "medprivacy": __version__}
    for name in VERSIONED:
        with suppress(metadata.PackageNotFoundError):
            out[name] = metadata.version(name)
    return out


def _release_files(release: Path, known: dict[str, str]) -> list[dict[str, Any]]:
    """This run's released files (what its steps reported) with their SHA-256 and size."""
    missing = next((rel for rel in known if not (release / rel).is_file()), None)
    if missing is not None:  # e.g. deleted from release/ while a step's journal says it is done
        raise ConfigError(
            f"{release / missing}: reported by a step as released but missing (removed after an "
            "earlier run?); no manifest was written; release into a new --out directory"
        )
    files = [
        {"path": rel, "sha256": sha, "bytes": (release / rel).stat().st_size}
        for rel, sha in known.items()
    ]
    return sorted(files, key=lambda f: f["path"])


def _move_stale(
    release: Path, known: dict[str, str], stale_dir: Path, *, links_only: bool = False
) -> list[str]:
    """Move every file under release/ that no step of this run reported (an earlier run's output
    for an input, table or step that is gone) to ``stale_dir``; return their relative paths.

    Each move is one ``os.replace`` on the same file system, so a file is in exactly one place at
    any moment; temporary files a killed run left behind are deleted. A symbolic link (to a file
    or a folder, e.g. one planted to point into private/) is moved as a link, never followed;
    ``links_only`` moves just those, before any step writes through one.
    """
    moved = []
    for root, dirs, names in os.walk(release):
        links = [d for d in dirs if Path(root, d).is_symlink()]  # never followed, never kept
        dirs[:] = [d for d in dirs if d not in links]
        for name in [*names, *links]:
            path = Path(root, name)
            rel = path.relative_to(release).as_posix()
            if links_only and not path.is_symlink():
                continue
            if (rel == MANIFEST or rel in known) and not links_only:
                continue
            if name.startswith(TMP_PREFIX) and not path.is_symlink():
                path.unlink(missing_ok=True)
                continue
            target = stale_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            moved.append(rel)
    for root, dirs, _names in os.walk(release, topdown=False):  # folders the moves emptied
        for d in dirs:
            with suppress(OSError):
                Path(root, d).rmdir()
    return sorted(moved)


@contextmanager
def _owner_only(private: Path) -> Iterator[None]:
    """Set private/'s modes when the run ends, also when it fails (see :func:`_make_private`)."""
    try:
        yield
    finally:
        _make_private(private)


def _make_private(private: Path) -> None:
    """private/ is the owner's alone: folders 0700, files 0600 (SQLite creates its files with the
    process umask, so the modes are set again after the run)."""
    for root, _dirs, names in os.walk(private):  # every real folder is a root once; a link to
        Path(root).chmod(0o700)  # a folder is never followed (its target is not ours to chmod)
        for name in names:
            path = Path(root, name)
            if not path.is_symlink():
                path.chmod(0o600)


def run_dir_of(spec: PipelineSpec, out_dir: str | Path | None) -> Path:
    """The run directory: ``out_dir``, else the spec's ``output`` (relative to the YAML file,
    like every spec path), else out/<name>."""
    if out_dir is not None:
        return Path(out_dir)
    return spec.resolve(spec.output) if spec.output else Path("out") / spec.name


def spec_sha256(spec: PipelineSpec) -> str:
    """The hash that ties a run directory to its spec (a rerun of the same spec resumes)."""
    return hashlib.sha256(
        json.dumps(spec.model_dump(mode="json"), sort_keys=True).encode()
    ).hexdigest()


def check_same_spec(run_dir: Path, spec_sha: str) -> dict[str, Any] | None:
    """The run state in ``run_dir`` (None for a new directory); a directory holding a release
    of another spec is refused (``run`` and ``run --plan`` alike)."""
    path = run_dir / "private" / "run.json"
    try:
        state = json.loads(path.read_text("utf-8")) if path.exists() else None
    except (OSError, ValueError):
        raise ConfigError(f"{path}: unreadable run state; use a new --out directory") from None
    if state and state.get("spec_sha256") != spec_sha:
        raise ConfigError(
            f"{run_dir}: holds a release of another pipeline spec; use a new --out directory"
        )
    return state if isinstance(state, dict) else None


def _plan_first(ctx: RunContext) -> list[str]:
    """Plan every step before the first one runs (:mod:`medprivacy.plan`): a problem anywhere
    is audited and raised before anything is charged or written to release/."""
    from medprivacy.plan import plan_run

    assert ctx.audit is not None
    try:
        plan = plan_run(ctx)
    except MedPrivacyError as exc:
        ctx.audit.append("plan_failed", reason=str(exc), charged=False)
        raise
    charges = {p.step: p.charge.text() for p in plan.steps if p.charge}
    ctx.audit.append("plan_checked", steps=len(plan.steps), charges=charges)
    return plan.lines()


def run_pipeline(
    spec: PipelineSpec, key: Key, *, out_dir: str | Path | None = None, progress: bool = True
) -> RunResult:
    """Run every step of ``spec`` into ``out_dir`` (default: the spec's ``output``); every step is
    planned first (see :func:`_plan_first`)."""
    run_dir = run_dir_of(spec, out_dir)
    release, private = run_dir / "release", run_dir / "private"
    public_spec = spec.public_dict()
    spec_sha = spec_sha256(spec)
    private.mkdir(parents=True, exist_ok=True, mode=0o700)
    private.chmod(0o700)
    with exclusive(private, run_dir), _owner_only(private):
        state_path = private / "run.json"
        state = check_same_spec(run_dir, spec_sha)
        attempt = (state or {}).get("attempts", 0) + 1
        atomic_write_json(
            state_path, {"spec_sha256": spec_sha, "attempts": attempt, "finished": False}
        )
        if spec.source is not None:
            atomic_write_text(private / "pipeline.yaml", spec.source.read_text("utf-8"))
        audit = AuditLog(private / "audit.sqlite", key)
        audit.append(
            "run_started",
            pipeline=spec.name,
            spec_sha256=spec_sha,
            attempt=attempt,
            key_fingerprint=key.fingerprint(),
            medprivacy=__version__,
        )
        ctx = RunContext(spec, key, release, private, audit, progress)
        plan_lines = _plan_first(ctx)
        atomic_write_text(private / "plan.txt", "\n".join(plan_lines) + "\n")
        stale_dir = private / "stale" / f"attempt-{attempt}"
        stale = []
        if release.is_symlink():  # release/ itself linked elsewhere (into private/, say)
            stale_dir.mkdir(parents=True, exist_ok=True)
            os.replace(release, stale_dir / "release")
            stale.append(".")
        release.mkdir(parents=True, exist_ok=True)
        stale += _move_stale(release, {}, stale_dir, links_only=True)  # no step writes through one
        # the last manifest leaves release/ while this run rewrites the files it lists: a run that
        # fails midway must not leave a manifest that vouches for files it no longer describes
        published = private / "published-manifest.json"
        if (release / MANIFEST).is_file():
            os.replace(release / MANIFEST, published)
        anchored = _published_ledger_head(published)
        if anchored is not None:  # refuse a ledger rolled back below what this run published
            ctx.ledger().check_anchor(anchored, str(release / MANIFEST))
        if spec.budgets:
            _init_budgets(spec, ctx.ledger())
        started = datetime.now(UTC)
        steps_out: list[dict[str, Any]] = []
        private_out: dict[str, Any] = {}
        known: dict[str, str] = {}
        lines: list[str] = []
        for entry, (sid, step) in zip(spec.steps, spec.built, strict=True):
            audit.append("step_started", step=sid)
            t0 = time.perf_counter()
            result: StepResult = step.run(ctx)
            seconds = round(time.perf_counter() - t0, 3)
            audit.append("step_finished", step=sid, seconds=seconds, summary=result.summary)
            steps_out.append({"id": sid, "seconds": seconds, "summary": result.summary})
            private_out[sid] = result.private
            if entry.step == "dp_stats":  # the report judges a mean against its declared bounds
                bounds = declared_bounds(ctx.resolve(step.config.spec))  # type: ignore[attr-defined]
                private_out[sid] = {**result.private, "declared_bounds": bounds}
            known.update(result.files)
            lines.extend(f"{sid}: {line}" for line in result.lines)
        verdict = build_reports(  # before the manifest, which lists README.html, release.json
            run_dir,
            pipeline=public_spec,
            steps=steps_out,
            files=known,
            summary=private_out,
            ledger=ctx._ledger,
            gates=spec.gates,
        )
        known.update(verdict.files)
        audit.append("verdict", ready=verdict.ready, reasons=len(verdict.reasons))
        stale += _move_stale(release, known, stale_dir)
        if stale:
            lines.append(
                f"{len(stale)} file(s) in release/ not produced by this run (an earlier run's "
                f"output) moved to private/stale/attempt-{attempt}/"
            )
            private_out["stale_moved"] = stale
            audit.append("stale_moved", files=len(stale), attempt=attempt)
        manifest = {
            "medprivacy": __version__,
            "pipeline": public_spec,
            "spec_sha256": spec_sha,
            "started": started.isoformat(timespec="seconds"),
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "attempt": attempt,
            "steps": steps_out,
            "versions": _versions(),
            "files": _release_files(release, known),
        }
        if ctx._ledger is not None:  # the ledger's head, so that a later rollback is refused
            manifest["ledger"] = ctx._ledger.anchor()
        atomic_write_json(release / MANIFEST, manifest)
        atomic_write_json(private / "summary.json", private_out)
        audit.append(
            "run_finished",
            manifest_sha256=sha256_file(release / MANIFEST),
            files=len(manifest["files"]),
        )
        atomic_write_json(
            state_path, {"spec_sha256": spec_sha, "attempts": attempt, "finished": True}
        )
    return RunResult(run_dir, release, manifest, lines, plan_lines, verdict)
