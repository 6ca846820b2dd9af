"""Shared fixtures: a key, a small PHI-planted DICOM corpus, paths to ../shared, a two-worker
Dask LocalCluster."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

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


@contextmanager
def _two_workers(
    config: dict[str, Any] | None = None, quiet: int = logging.ERROR, **options: Any
) -> Iterator[Any]:
    """A LocalCluster of two single-thread worker processes, no dashboard, under ``config``
    (``options``: more LocalCluster arguments, such as ``preload``)."""
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    warnings.filterwarnings("ignore", message="Port .* is already in use")  # HTTP port moves
    with (
        dask.config.set(config or {}),
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=quiet,
            **options,
        ) as cluster,
    ):
        yield cluster


@pytest.fixture(scope="session")
def two_workers() -> Callable[..., AbstractContextManager[Any]]:
    """Starts a two-worker LocalCluster (a module fixture wraps it to share one per module)."""
    return _two_workers
