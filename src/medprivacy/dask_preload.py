"""Dask worker preload: ``dask worker SCHEDULER --preload medprivacy.dask_preload``.

Imports what medprivacy's tasks run, loads the standard's code lists once, then freezes the
worker's start-up heap (``gc.freeze``): Dask's and the libraries' objects leave the garbage
collector's generations, so the full collections a DICOM batch sets off walk only the batch's
own objects instead of ~90,000 more (5% of a worker's CPU on a 2-core LocalCluster, measured by
benchmarks/scale.py). The LocalCluster that ``--executor dask`` starts uses it. Nothing secret
is frozen: it runs as the worker starts, before a task (and a key) can arrive.
"""

from __future__ import annotations

import gc
from typing import Any

from medprivacy.deid.dicom.batch import preload_standard_codes


def dask_setup(worker: Any) -> None:
    """Called by Dask once, as the worker starts."""
    preload_standard_codes()
    gc.collect()
    gc.freeze()
