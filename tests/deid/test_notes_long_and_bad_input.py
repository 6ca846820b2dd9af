"""Notes input at the edges (issue 13): a note longer than spaCy accepts is read in overlapping
windows with offsets into the original text, PHI cut by a window boundary is still found whole,
and non-UTF-8 bytes, lone surrogates or a directory as ``--in`` are one line and exit 2."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("presidio_analyzer", reason="needs medprivacy[notes]")

from medprivacy.deid.text.scrubber import OVERLAP, WINDOW, NotesScrubber, windows


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    return subprocess.run(
        [sys.executable, "-m", "medprivacy.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_windows_cover_the_text_cut_at_breaks_and_overlap() -> None:
    text = ("stable overnight, ambulating with walker.\n" * 40 + "no acute events. ") * 30
    cuts = windows(text, size=3_000, overlap=400)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    for (s1, e1), (s2, _) in itertools.pairwise(cuts):
        assert e1 - s1 <= 3_000 and s1 < s2 <= e1 - 200  # the next one starts well before the cut
        assert text[e1 - 1].isspace() and text[s2 - 1].isspace()


@pytest.mark.slow
def test_a_note_longer_than_spacy_accepts_is_scrubbed_with_phi_at_a_window_cut() -> None:
    canary = "SSN 512 44 0917"
    filler = "stable "  # no sentence or line breaks: the window is cut at a space
    first_cut = WINDOW - len(filler)  # where the first window would end without the canary
    head = filler * (first_cut // len(filler))
    head = head[: WINDOW - 9]  # the canary's last space before WINDOW sits at WINDOW - 2
    text = head + canary + " " + filler * (1_100_000 // len(filler))
    assert len(text) > 1_000_000  # spaCy's own limit
    cut = windows(text)[0][1]
    at = text.index(canary)
    assert at < cut < at + len(canary)  # the first window cuts the canary
    short = "Seen by Dr. Quimby on 3/4/2021."
    found_long, found_short = NotesScrubber().find_many([(text, None), (short, None)])
    assert [(text[s.start : s.end], s.label) for s in found_long] == [("512 44 0917", "ID")]
    assert {short[s.start : s.end] for s in found_short} >= {"Quimby", "3/4/2021"}
    assert OVERLAP < WINDOW


def test_non_utf8_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"text": "Dr. Quimby caf\xe9"}\n')
    proc = _cli("deid", "notes", "--in", str(source), "--out", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: {source}: not valid UTF-8"
    assert not (tmp_path / "out.jsonl").exists()


def test_a_lone_surrogate_is_one_line_and_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "ok"}) + '\n{"text": "Dr. Quimby \\ud800"}\n')
    proc = _cli("deid", "notes", "--in", str(source), "--out", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: line 2: not valid Unicode (a lone surrogate)"
    assert "Quimby" not in proc.stderr and not (tmp_path / "out.jsonl").exists()


def test_a_directory_as_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    proc = _cli("deid", "notes", "--in", str(tmp_path), "--out", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: --in {tmp_path}: is a directory; expected one JSONL file"
