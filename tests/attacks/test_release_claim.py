"""Where attack results go (private/, never release/) and whose claim the ε audit checks (the
release's own privacy.json / stats.json, not a hand-typed number)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from medprivacy.attacks.claim import adjacency_from_text, read_claim, resolve_claim
from medprivacy.errors import ConfigError
from medprivacy.keys import Key
from medprivacy.pipeline import run_pipeline
from medprivacy.spec import load_pipeline

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "medprivacy.cli"]
AUDIT_SUITE = "name: audit\nattacks:\n  - attack: epsilon_audit\n    method: dcr\n"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300)


def test_claim_is_read_from_privacy_json_and_stats_json(tmp_path: Path) -> None:
    (tmp_path / "privacy.json").write_text(
        json.dumps(
            {
                "epsilon": 0.5,
                "delta": 1e-6,
                "adjacency": "add/remove one individual (row count not public)",
                "unit": "patient (PATIENT, at most 3 rows)",
            }
        )
    )
    claim = read_claim(tmp_path)
    assert claim is not None
    assert (claim.epsilon, claim.delta, claim.adjacency, claim.max_rows) == (
        0.5,
        1e-6,
        "add_remove",
        3,
    )
    stats = tmp_path / "stats"
    stats.mkdir()
    (stats / "stats.json").write_text(
        json.dumps(
            {
                "privacy_unit": "one patient (column 'PATIENT'; at most 5 rows each)",
                "adjacency": "add or remove one patient with all of their (kept) rows",
                "privacy_loss": {"epsilon": 1.0, "delta": 0.0},
            }
        )
    )
    claim = read_claim(stats)
    assert claim is not None and (claim.epsilon, claim.adjacency, claim.max_rows) == (
        1.0,
        "add_remove",
        5,
    )
    assert adjacency_from_text("substitution of one record") == "substitution"
    with pytest.raises(ConfigError, match="adjacency not understood"):
        adjacency_from_text("zero-concentrated")


def test_explicit_epsilon_overrides_the_statement_with_a_note(tmp_path: Path, caplog) -> None:
    (tmp_path / "privacy.json").write_text(json.dumps({"epsilon": 0.5, "adjacency": "add/remove"}))
    claim = resolve_claim(read_claim(tmp_path), epsilon=1.0)
    assert claim.epsilon == 1.0 and claim.adjacency == "add_remove"
    assert claim.notes and "overrides 0.5" in claim.notes[0]
    assert "overrides" in caplog.text
    assert resolve_claim(read_claim(tmp_path)).epsilon == 0.5


def _run_layout(tmp_path: Path, split) -> Path:
    """A pipeline run's layout: release/synth/{synthetic.csv, privacy.json}, private/synth."""
    run = tmp_path / "run"
    rel, priv = run / "release" / "synth", run / "private" / "synth"
    rel.mkdir(parents=True)
    priv.mkdir(parents=True)
    split["members"].iloc[:100].to_csv(rel / "synthetic.csv", index=False)
    split["members"].iloc[:100].to_csv(priv / "members.csv", index=False)
    split["non_members"].iloc[:100].to_csv(priv / "non_members.csv", index=False)
    (rel / "privacy.json").write_text(
        json.dumps({"epsilon": 0.25, "delta": 1e-6, "adjacency": "add/remove one individual"})
    )
    (tmp_path / "audit.yaml").write_text(AUDIT_SUITE)
    return run


def test_cli_audits_the_stated_claim_and_writes_results_to_private(tmp_path: Path, split) -> None:
    run = _run_layout(tmp_path, split)
    proc = _cli(
        "attack",
        str(run / "release" / "synth" / "synthetic.csv"),
        "--suite",
        str(tmp_path / "audit.yaml"),
        "--members",
        str(run / "private" / "synth" / "members.csv"),
        "--non-members",
        str(run / "private" / "synth" / "non_members.csv"),
    )
    assert proc.returncode == 1, proc.stderr  # raw rows released: a DEFECT
    assert not list((run / "release").rglob("attack_results*"))
    doc = json.loads((run / "private" / "attacks" / "attack_results.json").read_text())
    details = doc["results"][0]["details"]
    assert details["claimed_epsilon"] == 0.25 and details["delta"] == 1e-6
    assert details["held_to"] == 0.5  # add/remove claim, substitution game


def test_cli_refuses_results_inside_the_release(tmp_path: Path, split) -> None:
    run = _run_layout(tmp_path, split)
    table = str(run / "release" / "synth" / "synthetic.csv")
    suite = str(tmp_path / "audit.yaml")
    inside = _cli("attack", table, "--suite", suite, "--out", str(run / "release" / "attacks"))
    assert inside.returncode == 2 and "outside the release" in inside.stderr
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "t.csv").write_text("age,sex\n30,F\n40,M\n")
    proc = _cli("attack", str(loose / "t.csv"), "--suite", suite)
    assert proc.returncode == 2 and "--out" in proc.stderr
    assert not (loose / "attacks").exists()


def test_attack_step_writes_results_to_private_not_release(
    tmp_path: Path, small_corpus: tuple[Path, Path], key: Key
) -> None:
    corpus, _ = small_corpus
    spec = tmp_path / "p.yaml"
    spec.write_text(
        "name: p\nsteps:\n"
        f"  - step: deid_dicom\n    id: imaging\n    input: {corpus}\n"
        f"  - step: attack\n    id: attack-dicom\n    suite: {REPO / 'attacks' / 'hipaa.yaml'}\n"
        "    dicom: dicom\n    output: attacks-dicom\n"
    )
    result = run_pipeline(load_pipeline(spec), key, out_dir=tmp_path / "run", progress=False)
    assert not list(result.release_dir.rglob("attack_results*"))
    manifest = (result.release_dir / "manifest.json").read_text()
    assert "attack_results" not in manifest and "verdict" not in manifest
    private = tmp_path / "run" / "private" / "attacks-dicom"
    assert {p.name for p in private.iterdir()} >= {
        "attack_results.json",
        "attack_results.html",
        "attack_results.png",
    }
