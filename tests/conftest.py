"""Shared fixtures: a key, a small PHI-planted DICOM corpus, paths to ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from medprivacy.keys import Key
from medprivacy.testing.dicom_corpus import build_corpus

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def key() -> Key:
    return Key("0123456789abcdef-test-key")


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two PHI-planted files (CT, MR): (input dir, manifest path). Tests must not modify it."""
    root = tmp_path_factory.mktemp("small")
    manifest = build_corpus(root / "in", 1, templates=("CT_small.dcm", "MR_small.dcm"), seed=7)
    return root / "in", manifest
