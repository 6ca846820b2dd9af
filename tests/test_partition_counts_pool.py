"""The local process pool is started once per ``open_executor`` block, not once per pass."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from medprivacy.counts import partitions, unit_quotas
from medprivacy.executor import ExecutorConfig, open_executor


def worker_pid(_: int) -> int:
    return os.getpid()


def test_an_open_local_pool_serves_every_pass_of_a_fit() -> None:
    with open_executor(ExecutorConfig(kind="local", workers=2), 2) as ex:
        first = set(ex.map_unordered(worker_pid, range(8)))
        second = set(ex.map_unordered(worker_pid, range(8)))
        parts = partitions([pd.DataFrame({"pid": [1, 1, 2]}), pd.DataFrame({"pid": [1, 3]})])
        quotas = unit_quotas(parts, "pid", 2, ex)
        third = set(ex.map_unordered(worker_pid, range(8)))
    assert os.getpid() not in first
    assert len(first | second | third) <= 2  # the same two processes every time
    assert [q.keep.tolist() for q in quotas] == [[], [0]]  # patient 1's third row is cut


def test_a_pool_used_without_with_still_starts_and_closes_its_own() -> None:
    from medprivacy.executor import make_executor

    ex = make_executor(2)
    assert sorted(np.array(list(ex.map_unordered(abs, [-1, -2, 3])))) == [1, 2, 3]
