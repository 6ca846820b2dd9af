"""The DICOM batch on Dask (a real LocalCluster of two worker processes): the same files, byte for
byte, as the local run; a worker killed mid-batch loses no file (its batch is retried, or recorded
failed and counted); a killed client resumes as a local run does."""

from __future__ import annotations

import gc
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from medprivacy.deid.dicom import batch
from medprivacy.deid.dicom.batch import WORKER_DIED, deidentify_dicom
from medprivacy.executor import CLUSTER_CONFIG, PRELOAD, ExecutorConfig
from medprivacy.keys import Key
from medprivacy.testing.dicom_corpus import build_corpus

from .conftest import Corpus, Run
from .helpers import cli_env, journal_of, journal_rows, temp_files, tree

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
WorkerPlugin: Any = distributed.WorkerPlugin
CHUNK = 4  # files per task here: 22 inputs make 6 tasks over the two workers


@pytest.fixture(scope="module")
def cluster(two_workers: Callable[..., Any]) -> Iterator[Any]:
    """Two worker processes, configured and preloaded as the executor's LocalCluster; a task
    whose worker dies is retried once, then given up."""
    config = {**CLUSTER_CONFIG, "distributed.scheduler.allowed-failures": 1}
    with (
        two_workers(config, preload=[PRELOAD]) as c,
        distributed.Client(c, set_as_default=False) as client,
    ):
        yield client


@pytest.fixture
def small_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "DASK_CHUNK", CHUNK)


class DieAtLink(WorkerPlugin):
    """Test code, set up in each worker process: while de-identifying ``trigger``, the worker
    process dies (``os._exit``) between writing its output's temp file and linking it in place,
    as a kill -9 or the OOM killer would leave it; ``once``: only for the first worker that
    claims ``flag``, else whenever ``flag`` exists."""

    def __init__(self, trigger: str, flag: str, once: bool) -> None:
        self.trigger, self.flag, self.once = trigger, flag, once

    def setup(self, worker: Any) -> None:
        real_deid, real_link = batch.deidentify_file, os.link
        armed = [False]

        def deidentify_file(path: str, *args: Any, **kwargs: Any) -> Any:
            armed[0] = path == self.trigger
            try:
                return real_deid(path, *args, **kwargs)
            finally:
                armed[0] = False

        def link(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if armed[0] and os.path.exists(self.flag):
                if not self.once:
                    os._exit(1)
                try:
                    os.unlink(self.flag)  # atomic: one worker wins the claim
                except FileNotFoundError:
                    pass
                else:
                    os._exit(1)
            real_link(src, dst, *args, **kwargs)

        self._restore = (real_deid, real_link)
        setattr(batch, "deidentify_file", deidentify_file)  # noqa: B010 (a typed module attribute)
        os.link = link

    def teardown(self, worker: Any) -> None:
        batch.deidentify_file, os.link = self._restore


@pytest.fixture
def die_at(cluster: Any, tmp_path: Path) -> Iterator[Any]:
    """``die_at(trigger, once)``: plant the plugin on every worker (and on restarted ones)."""
    names: list[str] = []

    def plant(trigger: Path, once: bool) -> Path:
        flag = tmp_path / "die.flag"
        flag.write_text("")
        name = f"die-at-link-{len(names)}-{tmp_path.name}"
        cluster.register_plugin(DieAtLink(str(trigger), str(flag), once), name=name)
        names.append(name)
        return flag

    yield plant
    (tmp_path / "die.flag").unlink(missing_ok=True)
    for name in names:
        cluster.unregister_worker_plugin(name)


def on(cluster: Any) -> ExecutorConfig:
    return ExecutorConfig(kind="dask", address=cluster.scheduler.address)


def mid_batch_input(corpus: Corpus) -> Path:
    """The second file of the second task (walk order): the task's first file is out by then."""
    return list(batch._walk(corpus.in_dir.resolve(), []))[CHUNK + 1][0]


def test_dask_batch_equals_the_local_run_byte_for_byte(
    cluster: Any, small_tasks: None, deidentified: Run, key: Key, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    summary = deidentify_dicom(
        deidentified.corpus.in_dir, out, key, progress=False, executor=on(cluster)
    )
    assert tree(out) == tree(deidentified.out_dir)
    assert summary.line().split("(")[0] == deidentified.summary.line().split("(")[0]
    assert summary.outputs == deidentified.summary.outputs


def test_worker_killed_mid_batch_is_retried_without_losing_or_doubling_a_file(
    cluster: Any, small_tasks: None, die_at: Any, deidentified: Run, key: Key, tmp_path: Path
) -> None:
    corpus, out = deidentified.corpus, tmp_path / "out"
    flag = die_at(mid_batch_input(corpus), once=True)
    summary = deidentify_dicom(corpus.in_dir, out, key, progress=False, executor=on(cluster))
    assert not flag.exists(), "no worker died: the test proves nothing"
    assert (summary.done, summary.failed, summary.total) == (22, 0, 22)
    assert tree(out) == tree(deidentified.out_dir)  # no duplicate, no partial file
    assert not list(temp_files(out)), "the dead worker's temp file was left in the output"
    assert journal_rows(journal_of(out)) == 22


def test_a_file_that_keeps_killing_its_worker_fails_alone_which_a_rerun_releases(
    cluster: Any, small_tasks: None, die_at: Any, deidentified: Run, key: Key, tmp_path: Path
) -> None:
    """Its batch is cut and run again, down to single files: only the file that kills its
    worker is recorded failed, under its keyed short id; its batch's other files are released."""
    corpus, out = deidentified.corpus, tmp_path / "out"
    poison = mid_batch_input(corpus)
    die_at(poison, once=False)
    summary = deidentify_dicom(
        corpus.in_dir, out, key, progress=False, executor=on(cluster), move_stale=True
    )
    assert (summary.done, summary.failed, summary.total) == (21, 1, 22)
    [problem] = summary.problems
    assert (problem.path, problem.reason) == (str(poison), WORKER_DIED)
    rel = poison.relative_to(corpus.in_dir.resolve()).as_posix()
    assert problem.id == key.digest("input-path-id", rel).hex()[:10]
    assert sorted(tree(out)) == sorted(summary.outputs), "a failed input's output was left"
    assert not list(temp_files(out))

    rerun = deidentify_dicom(corpus.in_dir, out, key, progress=False)  # no dying worker
    assert (rerun.resumed, rerun.done, rerun.failed) == (21, 1, 0)
    assert tree(out) == tree(deidentified.out_dir)


def _keys_here() -> int:
    """Run on a worker by another client: Key objects alive in this process (and the DICOM
    batch's cached de-identifier), frozen ones included (the preload froze the start-up heap:
    gc.get_objects() leaves frozen objects out)."""
    import gc

    from medprivacy.keys import Key

    gc.unfreeze()
    gc.collect()
    cached = 1 if batch._WORKER.get("deid") is not None else 0
    return cached + sum(isinstance(o, Key) for o in gc.get_objects())


def test_no_worker_keeps_the_key_after_a_dask_run(
    cluster: Any, small_tasks: None, deidentified: Run, key: Key, tmp_path: Path
) -> None:
    summary = deidentify_dicom(
        deidentified.corpus.in_dir, tmp_path / "out", key, progress=False, executor=on(cluster)
    )
    assert summary.done == 22
    frozen = cluster.run(gc.get_freeze_count)  # the preload froze each worker's start-up heap
    assert frozen and min(frozen.values()) > 10_000, frozen
    held = cluster.run(_keys_here)  # another client (this one is not the run's)
    assert held and set(held.values()) == {0}, held


@pytest.mark.slow
def test_killed_client_of_a_dask_run_resumes_to_byte_identical_outputs(
    tmp_path: Path, key: Key
) -> None:
    src, out, ref = tmp_path / "in", tmp_path / "out", tmp_path / "reference"
    build_corpus(src, 66, seed=5, manifest=tmp_path / "m.json")  # 726 files, 6 tasks of 128
    total = sum(1 for p in src.rglob("*") if p.is_file())
    cmd = [sys.executable, "-m", "medprivacy.cli", "deid", "dicom", str(src), "--out", str(out)]
    cmd += ["--executor", "dask", "--workers", "2", "--no-progress"]

    log = (tmp_path / "killed.log").open("w")
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=cli_env(), stdout=log, stderr=log)
    deadline = time.monotonic() + 120
    try:
        while journal_rows(journal_of(out)) == 0:
            assert proc.poll() is None, "the run ended before its first journal commit"
            assert time.monotonic() < deadline, "no journal rows after 120 s"
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        log.close()
    at_restart = journal_rows(journal_of(out))
    assert 0 < at_restart < total, (at_restart, total)

    done = subprocess.run(
        cmd, cwd=tmp_path, env=cli_env(), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    counts = re.search(r"DICOM: done (\d+), resumed (\d+), quarantined 0, failed 0", done.stderr)
    assert counts, done.stderr
    redone, resumed = map(int, counts.groups())
    assert resumed >= at_restart and redone + resumed == total, done.stderr

    deidentify_dicom(src, ref, key, progress=False)  # key == Key(SECRET), the CLI's key
    assert tree(out) == tree(ref)
    assert not list(temp_files(out))
