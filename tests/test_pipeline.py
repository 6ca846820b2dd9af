"""Running a pipeline: release/ + private/, a manifest that matches the files, an intact audit log,
resumable and exclusive runs, and nothing private in the release."""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import stat
from pathlib import Path

import pytest

from medprivacy.attacks.suite import suite_path
from medprivacy.audit import AuditLog
from medprivacy.errors import ConfigError, InputError
from medprivacy.keys import Key
from medprivacy.pipeline import run_pipeline
from medprivacy.spec import load_pipeline


def _spec(tmp_path: Path, corpus: Path, name: str = "t", options: str = "[]") -> Path:
    p = tmp_path / f"{name}.yaml"
    p.write_text(
        f"name: {name}\nsteps:\n  - step: deid_dicom\n    id: imaging\n"
        f"    input: {corpus}\n    options: {options}\n"
    )
    return p


def test_run_writes_manifest_matching_released_files(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    corpus, _ = small_corpus
    result = run_pipeline(
        load_pipeline(_spec(tmp_path, corpus)), key, out_dir=tmp_path / "run", progress=False
    )
    manifest = json.loads((result.release_dir / "manifest.json").read_text())
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    on_disk = {
        p.relative_to(result.release_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in result.release_dir.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert listed == on_disk
    assert len(listed) == 4  # 2 DICOM files, README.html and release.json (the report)
    assert {"README.html", "release.json"} <= set(listed)
    assert manifest["steps"][0]["summary"]["released"] == 2
    assert manifest["versions"]["pydicom"]


def test_release_holds_no_input_path_key_or_phi(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    corpus, manifest_path = small_corpus
    run_dir = tmp_path / "run"
    run_pipeline(load_pipeline(_spec(tmp_path, corpus)), key, out_dir=run_dir, progress=False)
    text = (run_dir / "release" / "manifest.json").read_text()
    assert str(corpus) not in text
    assert "0123456789abcdef-test-key" not in text
    tokens = {
        t
        for f in json.loads(manifest_path.read_text())["files"].values()
        for item in f["phi"]
        for t in item["tokens"]
    }
    released = b"".join(p.read_bytes() for p in (run_dir / "release").rglob("*") if p.is_file())
    names = " ".join(str(p) for p in (run_dir / "release").rglob("*"))
    for token in tokens:
        assert token.encode().lower() not in released.lower()
        assert token not in names
    # the private side keeps what the steward needs
    assert (run_dir / "private" / "pipeline.yaml").read_text().count(str(corpus)) == 1


def test_audit_log_records_the_run_and_verifies(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    run_dir = tmp_path / "run"
    run_pipeline(
        load_pipeline(_spec(tmp_path, small_corpus[0])), key, out_dir=run_dir, progress=False
    )
    log = AuditLog(run_dir / "private" / "audit.sqlite", key)
    events = [e["event"] for e in log.events()]
    assert events == [
        "run_started",
        "plan_checked",  # every step planned before the first one runs
        "step_started",
        "step_finished",
        "verdict",  # the report's decision, before the manifest
        "run_finished",
    ]
    assert log.verify() == 6


def test_rerun_resumes_and_keeps_outputs(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    spec = load_pipeline(_spec(tmp_path, small_corpus[0]))
    first = run_pipeline(spec, key, out_dir=tmp_path / "run", progress=False)
    second = run_pipeline(spec, key, out_dir=tmp_path / "run", progress=False)
    assert second.manifest["files"] == first.manifest["files"]
    assert second.manifest["attempt"] == 2
    assert second.manifest["steps"][0]["summary"]["released"] == 2
    assert AuditLog(tmp_path / "run" / "private" / "audit.sqlite", key).verify() == 12


def test_other_spec_in_same_directory_is_refused(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    run_pipeline(
        load_pipeline(_spec(tmp_path, small_corpus[0])),
        key,
        out_dir=tmp_path / "run",
        progress=False,
    )
    other = load_pipeline(_spec(tmp_path, small_corpus[0], options="[retain_uids]"))
    with pytest.raises(ConfigError, match="another pipeline spec"):
        run_pipeline(other, key, out_dir=tmp_path / "run", progress=False)


def test_concurrent_run_in_same_directory_is_refused(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    private = tmp_path / "run" / "private"
    private.mkdir(parents=True)
    with open(private / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        with pytest.raises(ConfigError, match="another run"):
            run_pipeline(
                load_pipeline(_spec(tmp_path, small_corpus[0])),
                key,
                out_dir=tmp_path / "run",
                progress=False,
            )


def test_demo_pipeline_paths_resolve_to_bundled_data() -> None:
    spec = load_pipeline(Path(__file__).resolve().parents[1] / "pipelines" / "demo.yaml")
    paths = [
        suite_path(value, spec.resolve) if field == "suite" else spec.resolve(value)
        for _, step in spec.built
        for field in ("input", "spec", "suite")
        if (value := getattr(step.config, field, None)) is not None
    ]
    assert len(paths) == 13  # 2 inputs, 7 specs, 4 suites (packaged, by name)
    assert all(p.exists() for p in paths)


def test_rerun_with_fewer_inputs_moves_stale_outputs_out_of_release(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    corpus = tmp_path / "in"
    shutil.copytree(small_corpus[0], corpus)
    spec = load_pipeline(_spec(tmp_path, corpus))
    run_dir = tmp_path / "run"
    first = run_pipeline(spec, key, out_dir=run_dir, progress=False)
    assert len(first.manifest["files"]) == 4  # 2 DICOM files and the report's 2 pages
    dropped = sorted(p for p in corpus.rglob("*") if p.is_file())[0]
    dropped.unlink()  # e.g. a study withdrawn from the export
    second = run_pipeline(spec, key, out_dir=run_dir, progress=False)
    on_disk = {
        p.relative_to(run_dir / "release").as_posix()
        for p in (run_dir / "release").rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert {f["path"] for f in second.manifest["files"]} == on_disk
    assert len(on_disk) == 3  # the kept DICOM file, README.html, release.json
    stale = list((run_dir / "private" / "stale" / "attempt-2").rglob("*.dcm"))
    assert len(stale) == 1
    assert any("moved to private/stale/attempt-2" in line for line in second.lines())


def test_a_file_planted_in_release_is_not_published(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    spec = load_pipeline(_spec(tmp_path, small_corpus[0]))
    run_dir = tmp_path / "run"
    run_pipeline(spec, key, out_dir=run_dir, progress=False)
    canary = run_dir / "release" / "dicom" / "old-table.csv"
    canary.write_text("SSN\n123-45-6789\n")
    result = run_pipeline(spec, key, out_dir=run_dir, progress=False)
    assert not canary.exists()
    assert "old-table.csv" not in (run_dir / "release" / "manifest.json").read_text()
    assert (run_dir / "private" / "stale" / "attempt-2" / "dicom" / "old-table.csv").exists()
    assert result.manifest["attempt"] == 2


def test_everything_in_private_is_owner_only(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    run_dir = tmp_path / "run"
    run_pipeline(
        load_pipeline(_spec(tmp_path, small_corpus[0])), key, out_dir=run_dir, progress=False
    )
    private = run_dir / "private"
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    paths = list(private.rglob("*"))
    assert any(p.name == "audit.sqlite" for p in paths)
    for p in paths:
        want = 0o700 if p.is_dir() else 0o600
        assert stat.S_IMODE(p.stat().st_mode) == want, p.name


def _tables_pipeline(tmp_path: Path, ages: str = "40\np2,51") -> Path:
    """A one-step deid_tables pipeline over a two-row patients table."""
    (tmp_path / "patients.csv").write_text(f"ID,AGE\np1,{ages}\n")
    (tmp_path / "tables.yaml").write_text(
        "release: safe_harbor\nreviewed: true\npatient_key: patients.ID\ntables:\n"
        "  patients:\n    path: patients.csv\n    primary_key: ID\n    columns:\n"
        "      ID: {role: key, rule: release_code}\n      AGE: {role: quasi, rule: age_90}\n"
    )
    spec = tmp_path / "p.yaml"
    spec.write_text("name: t\nsteps:\n  - step: deid_tables\n    spec: tables.yaml\n")
    return spec


def test_symlinks_planted_in_release_are_moved_out_never_followed(tmp_path: Path, key: Key) -> None:
    """A link in release/ to private/ (or a release folder linked elsewhere) would publish
    private material with any copy that follows links: links are moved out before steps run."""
    spec = load_pipeline(_tables_pipeline(tmp_path))
    run_dir = tmp_path / "run"
    run_pipeline(spec, key, out_dir=run_dir, progress=False)
    release, private = run_dir / "release", run_dir / "private"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    elsewhere.chmod(0o755)
    (release / "keys").symlink_to(private, target_is_directory=True)
    shutil.rmtree(release / "tables")
    (release / "tables").symlink_to(elsewhere, target_is_directory=True)
    result = run_pipeline(spec, key, out_dir=run_dir, progress=False)
    assert [p for p in release.rglob("*") if p.is_symlink()] == []
    assert list(elsewhere.iterdir()) == []  # nothing was written through the link
    listed = {f["path"] for f in result.manifest["files"]}
    on_disk = {
        p.relative_to(release).as_posix()
        for p in release.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert listed == on_disk and "tables/patients.csv" in listed
    assert (private / "stale" / "attempt-2" / "keys").is_symlink()
    assert (private / "stale" / "attempt-2" / "tables").is_symlink()
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o755  # a link's target is not chmod'ed


def test_private_is_owner_only_after_a_failed_run(tmp_path: Path, key: Key) -> None:
    """A run that stops on bad input still leaves audit.sqlite and the lock file at 0600."""
    spec = _tables_pipeline(tmp_path, ages="40\np2,not-a-number")
    run_dir = tmp_path / "run"
    with pytest.raises(InputError):
        run_pipeline(load_pipeline(spec), key, out_dir=run_dir, progress=False)
    private = run_dir / "private"
    paths = list(private.rglob("*"))
    assert any(p.name == "audit.sqlite" for p in paths)
    for p in paths:
        want = 0o700 if p.is_dir() else 0o600
        assert stat.S_IMODE(p.stat().st_mode) == want, p.name


def test_a_table_input_inside_the_release_folder_is_refused_and_left_intact(
    tmp_path: Path, key: Key
) -> None:
    """Its output has the same path (it would be overwritten) or it would move to stale/."""
    spec = _tables_pipeline(tmp_path)
    inside = tmp_path / "run" / "release" / "tables" / "patients.csv"
    inside.parent.mkdir(parents=True)
    original = (tmp_path / "patients.csv").read_bytes()
    (tmp_path / "patients.csv").rename(inside)
    tables = tmp_path / "tables.yaml"
    tables.write_text(tables.read_text().replace("path: patients.csv", f"path: {inside}"))
    with pytest.raises(ConfigError, match="input table inside the release folder"):
        run_pipeline(load_pipeline(spec), key, out_dir=tmp_path / "run", progress=False)
    assert inside.read_bytes() == original


def test_a_release_folder_that_is_a_link_is_moved_out_not_written_through(
    tmp_path: Path, key: Key
) -> None:
    """release -> private would publish the audit log and code maps with the release."""
    run_dir = tmp_path / "run"
    (run_dir / "private").mkdir(parents=True)
    (run_dir / "release").symlink_to(run_dir / "private", target_is_directory=True)
    run_pipeline(load_pipeline(_tables_pipeline(tmp_path)), key, out_dir=run_dir, progress=False)
    release = run_dir / "release"
    assert not release.is_symlink() and (release / "tables" / "patients.csv").is_file()
    assert not (run_dir / "private" / "tables" / "patients.csv").exists()
    assert (run_dir / "private" / "stale" / "attempt-1" / "release").is_symlink()


def test_a_rerun_that_fails_midway_leaves_no_manifest_vouching_for_mixed_files(
    tmp_path: Path, key: Key
) -> None:
    """The rerun rewrote patients.csv from new data, then could not write checklist.json: the
    old manifest would have listed a release whose files no longer match it."""
    spec = load_pipeline(_tables_pipeline(tmp_path))
    run_dir = tmp_path / "run"
    run_pipeline(spec, key, out_dir=run_dir, progress=False)
    release = run_dir / "release"
    (tmp_path / "patients.csv").write_text("ID,AGE\np1,93\np2,51\np3,7\n")  # new export
    (release / "tables" / "checklist.json").unlink()
    (release / "tables" / "checklist.json").mkdir()
    (release / "tables" / "checklist.json" / "x").write_text("x")  # the write fails here
    with pytest.raises(OSError):
        run_pipeline(spec, key, out_dir=run_dir, progress=False)
    assert "90+" in (release / "tables" / "patients.csv").read_text()  # rewritten
    assert not (release / "manifest.json").exists()
    shutil.rmtree(release / "tables" / "checklist.json")
    third = run_pipeline(spec, key, out_dir=run_dir, progress=False)
    assert (release / "manifest.json").is_file()
    for f in third.manifest["files"]:
        assert hashlib.sha256((release / f["path"]).read_bytes()).hexdigest() == f["sha256"]


def test_a_released_file_deleted_before_a_resume_is_one_line_not_a_traceback(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    """The DICOM journal says done; the manifest must not list (or hash) a file that is gone."""
    spec = load_pipeline(_spec(tmp_path, small_corpus[0]))
    run_dir = tmp_path / "run"
    run_pipeline(spec, key, out_dir=run_dir, progress=False)
    shutil.rmtree(run_dir / "release" / "dicom")
    with pytest.raises(ConfigError, match="reported by a step as released but missing"):
        run_pipeline(spec, key, out_dir=run_dir, progress=False)
    assert not (run_dir / "release" / "manifest.json").exists()
