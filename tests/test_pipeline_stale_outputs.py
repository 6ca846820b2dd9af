"""A rerun's release/ and manifest hold exactly this run's outputs (issue 13, item 5).

Two ways an earlier output goes stale that ``test_pipeline.py`` does not cover:

- a table removed from the table spec: its old file, with codes of the earlier run, would join to
  the wrong people if it stayed beside the new tables;
- a DICOM input released before and quarantined on the rerun (its file replaced by a cut copy):
  its earlier output must not stay published as if this run had vouched for it.

Either way the old file moves to ``private/stale/attempt-N/`` (the project's choice: moved, never
deleted) and the run says so.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from medprivacy.keys import Key
from medprivacy.pipeline import RunResult, run_pipeline
from medprivacy.spec import load_pipeline

TABLES_HEAD = "release: safe_harbor\nreviewed: true\npatient_key: patients.ID\ntables:\n"
PATIENTS_ENTRY = (
    "  patients:\n    path: patients.csv\n    primary_key: ID\n    columns:\n"
    "      ID: {role: key, rule: release_code}\n      AGE: {role: quasi, rule: age_90}\n"
)
LABS_ENTRY = (
    "  labs:\n    path: labs.csv\n    primary_key: LID\n    foreign_keys: {PID: patients.ID}\n"
    "    columns:\n      LID: {role: key, rule: release_code}\n"
    "      PID: {role: key, rule: release_code}\n      RESULT: {role: keep, rule: keep}\n"
)


def _on_disk(release: Path) -> dict[str, str]:
    return {
        p.relative_to(release).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in release.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }


def _listed(result: RunResult) -> dict[str, str]:
    manifest = json.loads((result.release_dir / "manifest.json").read_text())
    assert manifest["files"] == result.manifest["files"]
    return {f["path"]: f["sha256"] for f in manifest["files"]}


def test_a_table_removed_from_the_spec_leaves_release_and_the_manifest(
    tmp_path: Path, key: Key
) -> None:
    (tmp_path / "patients.csv").write_text("ID,AGE\np1,40\np2,51\n")
    (tmp_path / "labs.csv").write_text("LID,PID,RESULT\nl1,p1,POSITIVE\nl2,p2,negative\n")
    tables = tmp_path / "tables.yaml"
    tables.write_text(TABLES_HEAD + PATIENTS_ENTRY + LABS_ENTRY)
    pipeline = tmp_path / "p.yaml"
    pipeline.write_text("name: t\nsteps:\n  - step: deid_tables\n    spec: tables.yaml\n")
    run_dir = tmp_path / "run"
    release = run_dir / "release"

    first = run_pipeline(load_pipeline(pipeline), key, out_dir=run_dir, progress=False)
    old_labs = (release / "tables" / "labs.csv").read_bytes()
    assert "tables/labs.csv" in _listed(first)

    # the steward drops labs from the spec (same pipeline YAML, so the run directory resumes)
    # and re-exports the patients: p3 is new, so release codes may differ from the first run
    tables.write_text(TABLES_HEAD + PATIENTS_ENTRY)
    (tmp_path / "patients.csv").write_text("ID,AGE\np3,62\np1,40\np2,51\n")
    second = run_pipeline(load_pipeline(pipeline), key, out_dir=run_dir, progress=False)

    assert second.manifest["attempt"] == 2
    listed, on_disk = _listed(second), _on_disk(release)
    assert listed == on_disk  # exactly this run's outputs, and release/ holds nothing else
    assert not any("labs" in path for path in on_disk)
    assert not (release / "tables" / "labs.csv").exists()
    assert "labs.csv" not in (release / "manifest.json").read_text()
    assert "tables/patients.csv" in listed
    stale = run_dir / "private" / "stale" / "attempt-2" / "tables" / "labs.csv"
    assert stale.read_bytes() == old_labs  # moved to private, not lost
    assert any("moved to private/stale/attempt-2" in line for line in second.lines())
    summary = json.loads((run_dir / "private" / "summary.json").read_text())
    assert "tables/labs.csv" in summary["stale_moved"]


def _cut(path: Path) -> None:
    """Replace a file by a copy cut in the middle (a new file: size and time both change)."""
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data[: len(data) // 2])


def test_an_input_quarantined_on_the_rerun_takes_its_old_output_out_of_release(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    corpus = tmp_path / "in"
    shutil.copytree(small_corpus[0], corpus)
    pipeline = tmp_path / "p.yaml"
    pipeline.write_text(
        f"name: t\nsteps:\n  - step: deid_dicom\n    id: imaging\n    input: {corpus}\n"
    )
    run_dir = tmp_path / "run"
    release = run_dir / "release"
    first = run_pipeline(load_pipeline(pipeline), key, out_dir=run_dir, progress=False)
    first_dicom = {p: s for p, s in _listed(first).items() if p.endswith(".dcm")}
    assert len(first_dicom) == 2 and first.manifest["steps"][0]["summary"]["quarantined"] == 0
    old = {p: (release / p).read_bytes() for p in first_dicom}

    inputs = sorted(p for p in corpus.rglob("*") if p.is_file())
    assert len(inputs) == 2
    _cut(inputs[0])  # the export was rewritten and this file came out cut
    second = run_pipeline(load_pipeline(pipeline), key, out_dir=run_dir, progress=False)

    summary = second.manifest["steps"][0]["summary"]
    assert (summary["released"], summary["quarantined"]) == (1, 1)
    listed, on_disk = _listed(second), _on_disk(release)
    assert listed == on_disk
    kept = {p for p in listed if p.endswith(".dcm")}
    assert len(kept) == 1 and kept < set(first_dicom)
    assert listed[next(iter(kept))] == first_dicom[next(iter(kept))]  # the intact file, resumed
    (gone,) = set(first_dicom) - kept
    assert not (release / gone).exists()
    assert gone not in (release / "manifest.json").read_text()
    stale = run_dir / "private" / "stale" / "attempt-2" / gone
    assert stale.read_bytes() == old[gone]
    assert any("moved to private/stale/attempt-2" in line for line in second.lines())
