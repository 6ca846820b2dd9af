"""Outside review of the Dask preload / guided batches change: attacks on its promises.

- the key never outlives a run on a shared cluster, frozen or not: workers that join mid-run
  (started with the README's ``dask worker --preload`` line), workers restarted by their nanny
  after a kill mid-run, the preload given twice, a cluster mixing preloaded and plain workers,
  a failed run;
- nothing is lost or duplicated: ``guided`` over many sizes, and real Dask runs of 0, 1, a
  multiple of the task size and a few more files, a resume, two inputs with one SOPInstanceUID;
- the outputs are byte-identical to a local run;
- ``medprivacy --help`` imports neither Dask nor the preload.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pydicom
import pytest

from medprivacy.deid.dicom import batch
from medprivacy.deid.dicom.batch import WORKER_DIED, deidentify_dicom
from medprivacy.executor import CLUSTER_CONFIG, PRELOAD, ExecutorConfig, guided
from medprivacy.keys import Key
from medprivacy.testing.dicom_corpus import build_corpus

SECRET = "0123456789abcdef-test-key"  # tests/conftest.py's key
TEMPLATES = ("CT_small.dcm", "MR_small.dcm")
CHUNK = 4  # files per Dask task here


# -- guided: nothing lost, nothing doubled, bounded read-ahead ----------------------------------
@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 16, 128])
@pytest.mark.parametrize("slots", [1, 2, 3, 5])
def test_guided_keeps_every_item_once_in_order_and_reads_a_bounded_window(
    size: int, slots: int
) -> None:
    for n in [
        *range(0, 70),
        2 * slots * size - 1,
        2 * slots * size,
        2 * slots * size + 1,
        4 * slots * size,
        4 * slots * size + 3,
        1000,
    ]:
        read = [0]

        def items(n: int = n, read: list[int] = read) -> Iterator[int]:
            for i in range(n):
                read[0] += 1
                yield i

        out: list[int] = []
        ended = False
        for b in guided(items(), size, slots):
            assert b, (n, size, slots)
            assert len(b) <= size
            # never more than 2 * slots batches ahead of what was handed out (this one included)
            assert read[0] - len(out) <= 2 * slots * size, (n, size, slots)
            if read[0] < n:  # the stream has not ended: full batches only
                assert not ended and len(b) == size, (n, size, slots, len(b))
            else:
                ended = True
            out.extend(b)
        assert out == list(range(n)), (n, size, slots)


def test_guided_tail_batches_never_shrink_below_an_eighth_of_the_size() -> None:
    for n in range(1, 600):
        sizes = [len(b) for b in guided(range(n), 128, 2)]
        assert all(s >= 16 for s in sizes[:-1]), (n, sizes)
        assert sum(sizes) == n


# -- Dask clusters -----------------------------------------------------------------------------
distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
WorkerPlugin: Any = distributed.WorkerPlugin


@pytest.fixture(scope="module")
def cluster(two_workers: Callable[..., Any]) -> Iterator[Any]:
    """Two preloaded worker processes configured as the executor's LocalCluster (a task whose
    worker dies is retried once); the client is another client than a run's."""
    config = {**CLUSTER_CONFIG, "distributed.scheduler.allowed-failures": 1}
    with (
        two_workers(config, preload=[PRELOAD]) as c,
        distributed.Client(c, set_as_default=False) as client,
    ):
        yield client


@pytest.fixture
def small_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "DASK_CHUNK", CHUNK)


def on(client: Any) -> ExecutorConfig:
    return ExecutorConfig(kind="dask", address=client.scheduler.address)


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.dcm"))}


def corpus(root: Path, files: int, seed: int = 3) -> Path:
    """``files`` PHI-planted small DICOM files under ``root/in`` (an empty folder for 0)."""
    src = root / "in"
    src.mkdir(parents=True)
    if files:
        build_corpus(src, -(-files // 2), templates=TEMPLATES, seed=seed, manifest=root / "m.json")
        extra = sorted(src.rglob("*.dcm"))[files:]
        for p in extra:
            p.unlink()
    assert len(list(src.rglob("*.dcm"))) == files
    return src


def held_here(secret: bytes) -> dict[str, int]:
    """Run on a worker by another client: Key objects and cached de-identifiers alive in this
    process, those the start-up freeze hid from ``gc.get_objects()`` counted apart, and
    containers holding the raw secret bytes. The heap is frozen again afterwards."""
    import gc

    from medprivacy.deid.dicom import batch as b
    from medprivacy.keys import Key as K

    gc.collect()
    visible = sum(isinstance(o, K) for o in gc.get_objects())
    frozen_count = gc.get_freeze_count()
    gc.unfreeze()
    gc.collect()
    everything = gc.get_objects()
    keys = sum(isinstance(o, K) for o in everything)
    raw = 0
    for o in everything:
        for r in gc.get_referents(o):
            if type(r) in (bytes, bytearray) and len(r) >= len(secret) and secret in r:
                raw += 1
    del everything
    gc.freeze()
    return {
        "visible": visible,
        "frozen_keys": keys - visible,
        "cached": int(b._WORKER.get("deid") is not None),
        "raw": raw,
        "was_frozen": frozen_count,
    }


def assert_no_key(client: Any, key: Key, preloaded: int | None = None) -> dict[str, Any]:
    held = client.run(held_here, key._secret)
    assert held, "no worker answered"
    for worker, h in held.items():
        assert (h["visible"], h["frozen_keys"], h["cached"]) == (0, 0, 0), (worker, h)
    if preloaded is not None:
        assert sum(h["was_frozen"] > 10_000 for h in held.values()) >= preloaded, held
    return held


class Slow(WorkerPlugin):
    """Each file takes ``seconds`` longer; each worker process that handles one leaves a mark
    (its pid) in ``marks``."""

    def __init__(self, seconds: float, marks: str) -> None:
        self.seconds, self.marks = seconds, marks

    def setup(self, worker: Any) -> None:
        real = batch.deidentify_file

        def deidentify_file(path: str, *args: Any, **kwargs: Any) -> Any:
            Path(self.marks, str(os.getpid())).touch()
            time.sleep(self.seconds)
            return real(path, *args, **kwargs)

        self._real = real
        setattr(batch, "deidentify_file", deidentify_file)  # noqa: B010

    def teardown(self, worker: Any) -> None:
        setattr(batch, "deidentify_file", self._real)  # noqa: B010


class DieOnce(WorkerPlugin):
    """The first worker that claims ``flag`` dies (``os._exit``) while de-identifying
    ``trigger``; with ``always``, any worker does, whenever it reaches it."""

    def __init__(self, trigger: str, flag: str, always: bool = False) -> None:
        self.trigger, self.flag, self.always = trigger, flag, always

    def setup(self, worker: Any) -> None:
        real = batch.deidentify_file

        def deidentify_file(path: str, *args: Any, **kwargs: Any) -> Any:
            if path == self.trigger and os.path.exists(self.flag):
                if self.always:
                    os._exit(1)
                try:
                    os.unlink(self.flag)
                except FileNotFoundError:
                    pass
                else:
                    os._exit(1)
            return real(path, *args, **kwargs)

        self._real = real
        setattr(batch, "deidentify_file", deidentify_file)  # noqa: B010

    def teardown(self, worker: Any) -> None:
        setattr(batch, "deidentify_file", self._real)  # noqa: B010


@pytest.fixture
def plant(cluster: Any) -> Iterator[Callable[[Any], None]]:
    names: list[str] = []

    def add(plugin: Any) -> None:
        name = f"review-{len(names)}-{time.monotonic_ns()}"
        cluster.register_plugin(plugin, name=name)
        names.append(name)

    yield add
    for name in reversed(names):  # each teardown restores what its setup found
        cluster.unregister_worker_plugin(name)


def local_reference(src: Path, out: Path, key: Key) -> Any:
    return deidentify_dicom(src, out, key, progress=False)


def counts(summary: Any) -> tuple[int, ...]:
    return (summary.done, summary.resumed, summary.quarantined, summary.failed, summary.total)


def _plant_frozen_key(secret: bytes) -> int:
    import gc

    from medprivacy.keys import Key as K

    gc.review_probe = K(secret)  # type: ignore[attr-defined]
    gc.freeze()
    return sum(isinstance(o, K) for o in gc.get_objects())


def _drop_frozen_key() -> None:
    import gc

    del gc.review_probe  # type: ignore[attr-defined]
    gc.collect()


def test_the_probe_sees_a_frozen_key_that_gc_get_objects_hides(cluster: Any, key: Key) -> None:
    """The attacks below are not vacuous: a key frozen on a worker is invisible to
    ``gc.get_objects()`` but ``held_here`` finds it, and its raw bytes."""
    try:
        assert set(cluster.run(_plant_frozen_key, key._secret).values()) == {0}
        held = cluster.run(held_here, key._secret)
        assert all(h["frozen_keys"] == 1 and h["raw"] >= 1 for h in held.values()), held
    finally:
        cluster.run(_drop_frozen_key)
    assert_no_key(cluster, key)


# -- nothing lost or duplicated; byte-identical to local -------------------------------------
@pytest.mark.parametrize("files", [0, 1, CHUNK, 4 * CHUNK, 4 * CHUNK + 3, 9 * CHUNK + 1])
def test_dask_run_of_any_size_processes_each_file_once_like_the_local_run(
    cluster: Any, small_tasks: None, key: Key, tmp_path: Path, files: int
) -> None:
    src = corpus(tmp_path, files)
    ref = local_reference(src, tmp_path / "ref", key)
    summary = deidentify_dicom(src, tmp_path / "out", key, progress=False, executor=on(cluster))
    assert counts(summary) == counts(ref) == (files, 0, 0, 0, files)
    assert tree(tmp_path / "out") == tree(tmp_path / "ref")
    assert summary.outputs == ref.outputs
    assert_no_key(cluster, key)


def test_dask_resume_after_a_partial_run_counts_each_file_once(
    cluster: Any, small_tasks: None, key: Key, tmp_path: Path
) -> None:
    src = corpus(tmp_path, 23)
    ref = local_reference(src, tmp_path / "ref", key)
    # the partial run: a third of the files (mtimes kept by the moves), then all of them
    aside = tmp_path / "aside"
    moved = sorted(src.rglob("*.dcm"))[::3]
    for p in moved:
        (aside / p.relative_to(src)).parent.mkdir(parents=True, exist_ok=True)
        os.replace(p, aside / p.relative_to(src))
    first = deidentify_dicom(src, tmp_path / "out", key, progress=False, executor=on(cluster))
    assert first.done == 23 - len(moved)
    for p in moved:
        os.replace(aside / p.relative_to(src), p)
    rerun = deidentify_dicom(src, tmp_path / "out", key, progress=False, executor=on(cluster))
    assert (rerun.resumed, rerun.done, rerun.failed, rerun.total) == (
        23 - len(moved),
        len(moved),
        0,
        23,
    )
    assert tree(tmp_path / "out") == tree(tmp_path / "ref")
    assert rerun.outputs == ref.outputs


def test_two_inputs_with_one_sop_instance_uid_settle_as_locally_across_tail_batches(
    cluster: Any, small_tasks: None, key: Key, tmp_path: Path
) -> None:
    """Variants of one file (same SOPInstanceUID, another InstanceNumber) placed first, in the
    middle and last in walk order: they land in different tasks (full ones and the guided
    tail's small ones), yet the first in path order wins, as in the local run."""
    src = corpus(tmp_path, 21)
    files = sorted(src.rglob("*.dcm"))
    first = files[0]
    for i, name in enumerate(("0000/aaa-dup.dcm", "0005/mid-dup.dcm", "zzzz/zzz-dup.dcm")):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        ds = pydicom.dcmread(first)
        ds.InstanceNumber = 9000 + i  # kept by the profile: another output, one instance UID
        ds.save_as(src / name)
    ref = local_reference(src, tmp_path / "ref", key)
    summary = deidentify_dicom(src, tmp_path / "out", key, progress=False, executor=on(cluster))
    assert counts(summary) == counts(ref)
    assert summary.total == 24 and summary.failed == 3, summary.line()
    assert sorted((p.path, p.reason) for p in summary.problems) == sorted(
        (p.path, p.reason) for p in ref.problems
    )
    assert tree(tmp_path / "out") == tree(tmp_path / "ref")
    assert summary.outputs == ref.outputs


def test_a_file_that_kills_its_worker_in_the_guided_tail_fails_alone_and_nothing_else_is_lost(
    cluster: Any, small_tasks: None, plant: Callable[[Any], None], key: Key, tmp_path: Path
) -> None:
    src = corpus(tmp_path, 4 * CHUNK + 3)
    local_reference(src, tmp_path / "ref", key)
    poison = list(batch._walk(src.resolve(), []))[-2][0]  # in the last, smallest batches
    flag = tmp_path / "die.flag"
    flag.write_text("")
    plant(DieOnce(str(poison), str(flag), always=True))
    summary = deidentify_dicom(src, tmp_path / "out", key, progress=False, executor=on(cluster))
    assert (summary.done, summary.failed, summary.total) == (4 * CHUNK + 2, 1, 4 * CHUNK + 3)
    [problem] = summary.problems
    assert (problem.path, problem.reason) == (str(poison), WORKER_DIED)
    released, reference = tree(tmp_path / "out"), tree(tmp_path / "ref")
    assert len(released) == 4 * CHUNK + 2 and set(released) < set(reference)
    assert all(reference[k] == v for k, v in released.items())
    assert sorted(summary.outputs) == sorted(released)
    _wait_for(cluster, 2)  # the killed worker's nanny brings it back
    assert_no_key(cluster, key, preloaded=2)


# -- the key never outlives a run, frozen or not ---------------------------------------------
def _dask_worker(address: str, *extra: str) -> subprocess.Popen[bytes]:
    """``dask worker ADDRESS --nthreads 1 ...`` as README starts one (this interpreter's)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    cmd = [
        sys.executable,
        "-m",
        "distributed.cli.dask_worker",
        address,
        "--nthreads",
        "1",
        "--no-dashboard",
        *extra,
    ]
    return subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # the group this test started: nanny + worker
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def _wait_for(client: Any, n: int, seconds: float = 30) -> None:
    client.wait_for_workers(n, timeout=seconds)


def _wait_for_count(client: Any, n: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while len(client.nthreads()) != n:
        assert time.monotonic() < deadline, client.nthreads()
        time.sleep(0.1)


@pytest.mark.slow
def test_a_worker_that_joins_mid_run_with_the_readme_preload_keeps_no_key(
    cluster: Any, small_tasks: None, plant: Callable[[Any], None], key: Key, tmp_path: Path
) -> None:
    src = corpus(tmp_path, 48)
    marks = tmp_path / "marks"
    marks.mkdir()
    plant(Slow(0.12, str(marks)))
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["summary"] = deidentify_dicom(
                src, tmp_path / "out", key, progress=False, executor=on(cluster)
            )
        except BaseException as exc:  # reported below
            result["error"] = exc

    before = {w: p for w, p in cluster.run(os.getpid).items()}
    thread = threading.Thread(target=run)
    thread.start()
    while not any(marks.iterdir()):
        time.sleep(0.02)
    joined = _dask_worker(cluster.scheduler.address, "--preload", PRELOAD)
    try:
        _wait_for(cluster, 3)
        thread.join(120)
        assert not thread.is_alive() and "error" not in result, result
        assert result["summary"].done == 48
        pids = {int(p.name) for p in marks.iterdir()}
        new = set(cluster.run(os.getpid).values()) - set(before.values())
        assert new & pids, "the joining worker ran no task: the test proves nothing"
        held = assert_no_key(cluster, key, preloaded=3)
        assert all(h["raw"] == 0 for h in held.values()), held
    finally:
        _stop(joined)
        _wait_for_count(cluster, 2)


@pytest.mark.slow
def test_a_plain_worker_beside_preloaded_ones_and_a_failed_run_keep_no_key(
    cluster: Any, small_tasks: None, plant: Callable[[Any], None], key: Key, tmp_path: Path
) -> None:
    """A cluster whose workers were started with the preload and one without; one run passes,
    the next fails (a worker dies on each try of one file until Dask gives up, and the run is
    then stopped by an unwritable output on another file)."""
    src = corpus(tmp_path, 30)
    plain = _dask_worker(cluster.scheduler.address)
    try:
        _wait_for(cluster, 3)
        summary = deidentify_dicom(src, tmp_path / "out", key, progress=False, executor=on(cluster))
        assert summary.done == 30
        held = assert_no_key(cluster, key, preloaded=2)
        assert sorted(h["was_frozen"] > 10_000 for h in held.values()) == [False, True, True]
        # a failed run: the output folder becomes unwritable for the workers mid-run
        plant(Unwritable(str(list(batch._walk(src.resolve(), []))[17][0])))
        with pytest.raises(Exception, match="cannot write output"):
            deidentify_dicom(src, tmp_path / "out2", key, progress=False, executor=on(cluster))
        assert_no_key(cluster, key, preloaded=2)
    finally:
        _stop(plain)
        _wait_for_count(cluster, 2)


class Unwritable(WorkerPlugin):
    """De-identifying ``trigger`` fails as a full disk would (the run stops)."""

    def __init__(self, trigger: str) -> None:
        self.trigger = trigger

    def setup(self, worker: Any) -> None:
        from medprivacy.deid.dicom.file import OutputUnwritable

        real = batch.deidentify_file

        def deidentify_file(path: str, *args: Any, **kwargs: Any) -> Any:
            if path == self.trigger:
                raise OutputUnwritable("no space left on device")
            return real(path, *args, **kwargs)

        self._real = real
        setattr(batch, "deidentify_file", deidentify_file)  # noqa: B010

    def teardown(self, worker: Any) -> None:
        setattr(batch, "deidentify_file", self._real)  # noqa: B010


def test_a_worker_killed_mid_run_and_restarted_by_its_nanny_keeps_no_key(
    cluster: Any, small_tasks: None, plant: Callable[[Any], None], key: Key, tmp_path: Path
) -> None:
    src = corpus(tmp_path, 24)
    ref = local_reference(src, tmp_path / "ref", key)
    before = set(cluster.run(os.getpid).values())
    flag = tmp_path / "die.flag"
    flag.write_text("")
    plant(DieOnce(str(list(batch._walk(src.resolve(), []))[CHUNK + 1][0]), str(flag)))
    summary = deidentify_dicom(src, tmp_path / "out", key, progress=False, executor=on(cluster))
    assert not flag.exists(), "no worker died: the test proves nothing"
    _wait_for(cluster, 2)
    assert set(cluster.run(os.getpid).values()) != before, "no worker was restarted"
    assert counts(summary) == (24, 0, 0, 0, 24)
    assert tree(tmp_path / "out") == tree(tmp_path / "ref") and summary.outputs == ref.outputs
    held = assert_no_key(cluster, key, preloaded=2)  # the restarted one was preloaded again
    assert all(h["raw"] == 0 for h in held.values()), held


def test_the_preload_given_twice_freezes_no_key_and_a_second_run_is_identical(
    two_workers: Callable[..., Any], small_tasks: None, key: Key, tmp_path: Path
) -> None:
    src = corpus(tmp_path, 13)
    local_reference(src, tmp_path / "ref", key)
    config = {**CLUSTER_CONFIG, "distributed.worker.preload": [PRELOAD]}
    with (
        two_workers(config, preload=[PRELOAD, PRELOAD]) as c,
        distributed.Client(c, set_as_default=False) as client,
    ):
        for out in ("a", "b"):
            summary = deidentify_dicom(
                src, tmp_path / out, key, progress=False, executor=on(client)
            )
            assert counts(summary) == (13, 0, 0, 0, 13)
            assert tree(tmp_path / out) == tree(tmp_path / "ref")
            assert_no_key(client, key, preloaded=2)


class SlowOne(WorkerPlugin):
    """De-identifying ``trigger`` takes ``seconds`` longer (an OCR-checked multi-frame file)."""

    def __init__(self, trigger: str, seconds: float, started: str) -> None:
        self.trigger, self.seconds, self.started = trigger, seconds, started

    def setup(self, worker: Any) -> None:
        real = batch.deidentify_file

        def deidentify_file(path: str, *args: Any, **kwargs: Any) -> Any:
            if path == self.trigger:
                Path(self.started).touch()
                time.sleep(self.seconds)
            return real(path, *args, **kwargs)

        self._real = real
        setattr(batch, "deidentify_file", deidentify_file)  # noqa: B010

    def teardown(self, worker: Any) -> None:
        setattr(batch, "deidentify_file", self._real)  # noqa: B010


def _live_keys() -> int:
    """Key objects alive on this worker (not frozen ones: none is, see the tests above); the
    heap is left as it was."""
    import gc

    from medprivacy.keys import Key as K

    return sum(isinstance(o, K) for o in gc.get_objects())


def _run_failing_beside_a_slow_file(
    cluster: Any, plant: Callable[[Any], None], key: Key, tmp_path: Path, seconds: float
) -> float:
    """A run that fails (an unwritable output in one task) while a file of another task takes
    ``seconds`` more; how long the failed run took to return."""
    src = corpus(tmp_path, 16)
    walk = [p for p, _ in batch._walk(src.resolve(), [])]
    started = tmp_path / "started"
    plant(SlowOne(str(walk[1]), seconds, str(started)))  # first task, on one worker
    plant(Unwritable(str(walk[CHUNK + 1])))  # second task, on the other: the run fails
    t0 = time.monotonic()
    with pytest.raises(Exception, match="cannot write output"):
        deidentify_dicom(src, tmp_path / "out", key, progress=False, executor=on(cluster))
    assert started.exists(), "the slow file never started: the test proves nothing"
    return time.monotonic() - t0


def _wait_until_no_key(cluster: Any) -> None:
    deadline = time.monotonic() + 40  # let a slow file end before the next test
    while time.monotonic() < deadline and set(cluster.run(_live_keys).values()) != {0}:
        time.sleep(0.5)


@pytest.mark.slow
def test_a_failed_run_returns_only_once_a_cancelled_slow_file_let_go_of_the_key(
    cluster: Any, small_tasks: None, plant: Callable[[Any], None], key: Key, tmp_path: Path
) -> None:
    try:
        took = _run_failing_beside_a_slow_file(cluster, plant, key, tmp_path, 8.0)
        assert took >= 7.0, "the run returned before the cancelled slow file ended"
        held = cluster.run(_live_keys)  # a later client, right after the failed run
        assert set(held.values()) == {0}, held
    finally:
        _wait_until_no_key(cluster)


@pytest.mark.slow
def test_a_cancelled_file_still_running_past_the_bound_is_said_with_what_to_do(
    cluster: Any,
    small_tasks: None,
    plant: Callable[[Any], None],
    key: Key,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from medprivacy import executor

    monkeypatch.setattr(executor, "FORGET_SECONDS", 1)
    try:
        with caplog.at_level("WARNING", logger="medprivacy.executor"):
            took = _run_failing_beside_a_slow_file(cluster, plant, key, tmp_path, 8.0)
        assert took < 7.0  # the bound, not the file, ended the wait
        said = [r.getMessage() for r in caplog.records if r.name == "medprivacy.executor"]
        assert any("still running on a worker" in m and "restart" in m for m in said), said
        assert not any(SECRET in m or str(tmp_path) in m for m in said)
    finally:
        _wait_until_no_key(cluster)


# -- the CLI stays light ---------------------------------------------------------------------
def test_cli_import_path_loads_neither_dask_nor_the_preload_nor_the_dicom_batch() -> None:
    code = (
        "import sys, medprivacy.cli\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'pydicom')"
        " or m in ('medprivacy.dask_preload', 'medprivacy.executor',"
        " 'medprivacy.deid.dicom.batch')]\n"
        "print(sorted(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- two clients' runs on one shared cluster ---------------------------------------------------
@pytest.mark.slow
def test_two_runs_at_once_on_workers_with_two_threads_each_get_their_own_key_and_folder(
    tmp_path: Path,
) -> None:
    """Two clients slice an archive against one cluster at the same time (README), each with
    its own key and output folder, on workers started as `dask worker` starts them (several
    threads): every file of each run is de-identified with that run's key into that run's
    folder, as a local run makes it."""
    import warnings

    warnings.filterwarnings("ignore", message="Port .* is already in use")
    a_src, b_src = corpus(tmp_path / "a", 24, seed=3), corpus(tmp_path / "b", 24, seed=4)
    a_key, b_key = Key("first-run-key-0123456789"), Key("second-run-key-9876543210")
    with (
        dask.config.set(CLUSTER_CONFIG),
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=2,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
            preload=[PRELOAD],
        ) as cluster,
    ):
        address = ExecutorConfig(kind="dask", address=cluster.scheduler_address)
        results: dict[str, Any] = {}

        def run(name: str, src: Path, key: Key) -> None:
            try:
                results[name] = deidentify_dicom(
                    src, tmp_path / f"{name}-out", key, progress=False, executor=address
                )
            except Exception as exc:  # reported below, with the other run's outcome
                results[name] = exc

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(batch, "DASK_CHUNK", 2)  # many small tasks, interleaved on each worker
            threads = [
                threading.Thread(target=run, args=("a", a_src, a_key)),
                threading.Thread(target=run, args=("b", b_src, b_key)),
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(300)
    for name in "ab":
        summary = results[name]
        assert not isinstance(summary, Exception), (name, summary)
        assert (summary.done, summary.failed) == (24, 0), (name, summary.line())
    deidentify_dicom(a_src, tmp_path / "a-local", a_key, progress=False)
    deidentify_dicom(b_src, tmp_path / "b-local", b_key, progress=False)
    assert tree(tmp_path / "a-out") == tree(tmp_path / "a-local")
    assert tree(tmp_path / "b-out") == tree(tmp_path / "b-local")
