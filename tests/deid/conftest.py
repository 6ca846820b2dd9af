"""Fixtures for the DICOM de-identification tests: a key, PHI-planted corpora and their outputs.

Session-scoped corpora are shared by many tests: tests must never modify them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from medprivacy.deid.dicom.batch import BatchSummary, deidentify_dicom
from medprivacy.keys import Key
from medprivacy.testing.dicom_corpus import build_corpus

if TYPE_CHECKING:
    from medprivacy.deid.text.scrubber import NotesScrubber

from .helpers import CHECKER, SECRET, Manifest, dicom_outputs, read


@pytest.fixture(scope="session")
def key() -> Key:
    """The key of every de-identification in this package (overrides the top-level one)."""
    return Key(SECRET)


@pytest.fixture(scope="session")
def checker() -> Path:
    if not CHECKER.is_file():
        pytest.skip(f"conformance checker not available: {CHECKER} is absent (../shared missing)")
    return CHECKER


@dataclass
class Corpus:
    in_dir: Path
    manifest: Manifest


@dataclass
class Pair:
    """One input file of a corpus and its de-identified output."""

    rel: str
    src: Path
    out: Path


@dataclass
class Run:
    corpus: Corpus
    out_dir: Path
    summary: BatchSummary
    pairs: list[Pair]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """Two PHI-planted copies of each of pydicom's 11 templates (22 files, 11 SOP classes)."""
    root = tmp_path_factory.mktemp("corpus")
    manifest = build_corpus(root / "in", 2, seed=20240611)
    return Corpus(root / "in", Manifest.load(manifest))


def pair_outputs(corpus: Corpus, out_dir: Path) -> list[Pair]:
    """Match outputs to inputs by InstanceNumber (unique per corpus file, kept by the profile)."""
    by_number = corpus.manifest.by_instance_number()
    pairs = []
    for out in dicom_outputs(out_dir):
        rel = by_number[int(read(out, stop_before_pixels=True).InstanceNumber)]
        pairs.append(Pair(rel, corpus.in_dir / rel, out))
    assert sorted(p.rel for p in pairs) == sorted(corpus.manifest.files), "outputs != inputs"
    return pairs


@pytest.fixture(scope="session")
def deidentified(corpus: Corpus, key: Key, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The corpus de-identified with the Basic Profile (no options)."""
    out = tmp_path_factory.mktemp("deid") / "out"
    summary = deidentify_dicom(corpus.in_dir, out, key, progress=False)
    return Run(corpus, out, summary, pair_outputs(corpus, out))


@pytest.fixture(scope="module")
def scrubber() -> NotesScrubber:
    """A ``NotesScrubber`` per test module (the notes tests skip without presidio)."""
    from medprivacy.deid.text.scrubber import NotesScrubber

    return NotesScrubber()
