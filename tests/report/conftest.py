"""Small run directories written the way the pipeline's steps write them (one step of each
kind), with knobs for what the gates look at, and a canary planted in private/."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from medprivacy.fileio import sha256_file

PATH_CANARY = "Zebulon-Quartermaine-4417"  # in input paths: on no page, released or reviewed
CANARY = "Quinta-Ravensworth-0907"  # in private figures: never on a released page


def tiny_png(rgb: tuple[int, int, int] = (200, 40, 40), size: int = 8) -> bytes:
    """A valid size x size PNG of one colour (the pages inline real PNG bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _write(path: Path, doc: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(doc, bytes):
        path.write_bytes(doc)
    elif isinstance(doc, str):
        path.write_text(doc)
    else:
        path.write_text(json.dumps(doc))


def figure(metric: str, value: float | None, verdict: str, **kw: Any) -> dict[str, Any]:
    return {
        "attack": kw.pop("attack", "reid"),
        "metric": metric,
        "value": value,
        "interval": kw.pop("interval", [value, value]),
        "interval_method": "exact",
        "baseline": None,
        "baseline_label": "",
        "n": kw.pop("n", 200),
        "threshold": kw.pop("threshold", None),
        "verdict": verdict,
        "threat_model": "release+target_quasi_identifiers",
        "details": kw.pop("details", {}),
        "note": kw.pop("note", ""),
    }


def make_run(
    root: Path,
    *,
    attack_verdict: str = "pass",
    failed: int = 0,
    mean: tuple[float, float, float] = (52.0, 48.0, 56.0),
    synthetic_tvd2: float = 0.05,
    gates: str = "",
    bounds: tuple[float, float] = (0.0, 120.0),
) -> Path:
    """A finished run: DICOM (3 released, 1 quarantined, ``failed`` failed), DP statistics (a
    count and a mean with its interval), a synthetic table and one attack suite."""
    release, private = root / "release", root / "private"
    steps_cfg = [
        {"step": "deid_dicom", "id": "imaging", "output": "dicom", "options": []},
        {"step": "dp_stats", "id": "stats", "output": "stats", "dataset": None},
        {"step": "synthesize", "id": "synth", "output": "synth", "method": "aim", "epsilon": 1.0},
        {
            "step": "attack",
            "id": "attack-t",
            "output": "attacks-t",
            "suite": "hipaa",
            "quasi_identifiers": ["YOB", "SEX", "RACE", "ZIP3"],
        },
    ]
    steps = [
        {
            "id": "imaging",
            "summary": {
                "released": 3,
                "quarantined": 1,
                "failed": failed,
                "profile": "PS3.15 Annex E Basic",
                "options": [],
                "actions": {"emptied": 4, "removed": 2},
            },
        },
        {"id": "stats", "summary": {"dataset": "ds"}},
        {"id": "synth", "summary": {"rows": 90, "method": "aim"}},
        {"id": "attack-t", "summary": {"suite": "hipaa"}},
    ]
    _write(release / "dicom" / "a.dcm", b"DICM")
    value, lo, hi = mean
    stats = {
        "adjacency": "add or remove one patient",
        "confidence": 0.95,
        "dataset": "ds",
        "ledger_entry": 2,
        "privacy_loss": {"epsilon": 1.0, "delta": 0.0},
        "privacy_unit": "one patient (column 'ID'; at most 1 row each)",
        "statistics": [
            {
                "name": "patients",
                "kind": "count",
                "value": 200,
                "interval_95": [190.0, 210.0],
                "mechanism": "Integer Laplace",
                "noise_scale": {"n:Frame Length": 6.0},
                "note": None,
                "threshold": None,
            },
            {
                "name": "age_mean",
                "kind": "mean",
                "value": value,
                "interval_95": [lo, hi],
                "mechanism": "Integer Laplace",
                "noise_scale": {"n:Frame Length": 12.0, "s:Sum": 1320.0},
                "note": None,
                "threshold": None,
            },
        ],
    }
    _write(release / "stats" / "stats.json", stats)
    _write(release / "stats" / "stats.png", tiny_png((40, 90, 180)))
    privacy = {
        "adjacency": "add/remove one individual",
        "dataset": "ds",
        "delta": 1e-6,
        "epsilon": 1.0,
        "guarantee": "(1, 1e-06)-DP per patient",
        "ledger_entry": 3,
        "method": "aim",
        "rows": 90,
        "unit": "patient (ID, at most 1 rows)",
    }
    _write(release / "synth" / "privacy.json", privacy)
    _write(release / "synth" / "synthetic.csv", "SEX,AGE\nF,40\n")
    files = [
        "dicom/a.dcm",
        "stats/stats.json",
        "stats/stats.png",
        "synth/privacy.json",
        "synth/synthetic.csv",
    ]
    manifest = {
        "pipeline": {"name": "tiny", "description": "a test release", "steps": steps_cfg},
        "steps": steps,
        "files": [
            {"path": f, "sha256": sha256_file(release / f), "bytes": (release / f).stat().st_size}
            for f in files
        ],
    }
    _write(release / "manifest.json", manifest)
    summary = {
        "imaging": {
            "total": 4 + failed,
            "done": 3,
            "failed": failed,
            "quarantined": 1,
            "problems": [
                {
                    "id": "c782f6da44",
                    "path": f"/in/{PATH_CANARY}/0.dcm",
                    "reason": "BurnedInAnnotation is YES",
                    "status": "quarantined",
                }
            ]
            + [
                {
                    "id": f"f{i}",
                    "path": f"/in/{PATH_CANARY}/{i}.dcm",
                    "reason": "truncated element",
                    "status": "failed",
                }
                for i in range(failed)
            ],
        },
        "stats": {"declared_bounds": {"age_mean": list(bounds)}},
        "synth": {"input_rows": 120, "holdout_rows": 30, "rows_dropped_for_nulls": 0},
        "attack-t": {"suite": "hipaa", "verdict": attack_verdict, "errors": [], "skipped": []},
    }
    _write(private / "summary.json", summary)
    results = [
        figure(
            "prosecutor_max",
            0.5 if attack_verdict == "fail" else 0.05,
            attack_verdict,
            threshold={"fail_above": 0.09, "attention_above": None},
            details={"min_class_size": 2, "quasi_identifiers": ["YOB", "SEX", "RACE", "ZIP3"]},
            note="",
        ),
        figure(
            "sample_uniqueness", 0.25, "n/a", interval=[0.19, 0.31], details={"sample_uniques": 50}
        ),
        figure("auc", None, "n/a", attack="membership", interval=[None, None]),
        figure("marketer", 0.003, "pass", details={"canary_row": CANARY}),
    ]
    _write(
        private / "attacks-t" / "attack_results.json",
        {
            "suite": "hipaa",
            "release": "patients.csv",
            "verdict": attack_verdict,
            "results": results,
            "skipped": {},
            "errors": {},
        },
    )
    _write(private / "attacks-t" / "attack_results.png", tiny_png())
    tvd = {
        "synthetic": {"1": 0.05, "2": synthetic_tvd2},
        "independent_floor": {"1": 0.0, "2": 0.12},
        "bootstrap_floor": {"1": 0.04, "2": 0.08},
    }
    fidelity = {k: {"tvd": v, "auc": 0.6, "worst": {"2": [CANARY, 0.3]}} for k, v in tvd.items()}
    _write(private / "synth" / "fidelity.json", {**fidelity, "real_auc": 0.63, "target": "SEX"})
    _write(private / "pipeline.yaml", f"name: tiny\n{gates}\nsteps: []\n")
    return root


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """A run that no default gate blocks."""
    return make_run(tmp_path / "run")
