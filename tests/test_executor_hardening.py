"""The Dask executor under an adversarial outsider's cases: no key left on a shared cluster's
workers after a run (passed or failed); a plain-TCP worker joining mid-run gets no task; a
service that is no Dask scheduler, a LocalCluster that will not start and a file that kills its
worker are each one line or one recorded failure; Dask's shutdown noise never reaches stderr;
the executor section's edges (strict worker count, port range, the address's line, masked
credentials)."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from medprivacy import executor as executor_module
from medprivacy.errors import ConfigError, InputError, SafeInternalError
from medprivacy.executor import (
    ExecutorConfig,
    ProcessExecutor,
    check_executor,
    open_executor,
    parse_executor,
)
from medprivacy.keys import Key
from medprivacy.spec import parse_pipeline

CLI = [sys.executable, "-m", "medprivacy.cli"]
SECRET = "test-key-0123456789abcdef"
_HELD: dict[str, Any] = {}  # per worker process: what the test initializer cached


@pytest.fixture(scope="module")
def cluster(two_workers: Callable[..., Any]) -> Iterator[str]:
    """A LocalCluster of two worker processes that outlives each run (as a shared one does)."""
    with two_workers(quiet=logging.CRITICAL) as c:
        yield c.scheduler_address


def _cache_key(key: Key) -> None:
    _HELD["key"] = key


def _drop_key() -> None:
    _HELD.clear()


def _use_key(key: Key, x: int) -> int:
    if x == 7:
        raise InputError("input 7: rule malformed_header")
    return len(key.pseudonym(str(x)))


def _keys_here() -> int:
    gc.unfreeze()  # gc.get_objects() leaves out what a worker preload froze
    gc.collect()
    return sum(isinstance(o, Key) for o in gc.get_objects()) + len(_HELD)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 120) -> Any:
    env = {**os.environ, "MEDPRIVACY_KEY": SECRET, **(env or {})}
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout
    )


# -- 1: the key does not outlive the run on a cluster's workers -------------------------------
@pytest.mark.parametrize("fails", [False, True])
def test_no_worker_keeps_the_key_after_a_run(cluster: str, fails: bool) -> None:
    """Also after a failed run: a worker's stream handler keeps the last batch of messages it
    read (a cancelled task's ``compute-task``, the key in its arguments) until the next one;
    the executor's close sends each worker an empty one (before that, about 1 failed run in
    10 left the key on a worker: a failed run is tried 5 times)."""
    distributed = pytest.importorskip("distributed")
    config = ExecutorConfig(kind="dask", address=cluster)
    items = range(12) if fails else range(7)
    for _ in range(5 if fails else 1):
        key = Key(SECRET)
        with contextlib.suppress(InputError):
            with open_executor(config, 1, _cache_key, (key,), _drop_key) as ex:
                assert len(list(ex.map_unordered(partial(_use_key, key), items))) == 7
            assert not fails
        del key
        with distributed.Client(cluster, set_as_default=False) as other:  # another client
            assert set(other.run(_keys_here).values()) == {0}


# -- a map never waits forever -----------------------------------------------------------------
def test_a_map_in_which_no_task_finishes_stops_in_one_line(
    cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tasks pinned to a host that has no worker (as when the vetted workers are gone) never
    run: the map fails with exit 70's error after ``stall_seconds``, in one line, and the
    executor still closes (nothing of the run is left on the cluster)."""
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(executor_module.DaskExecutor, "_check_workers", lambda self: {"192.0.2.1"})
    started = time.monotonic()
    with (
        pytest.raises(SafeInternalError) as caught,
        executor_module.DaskExecutor(cluster, 1, stall_seconds=1.5) as ex,
    ):
        list(ex.map_unordered(abs, range(5)))
    assert time.monotonic() - started < 20
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("executor dask: no task finished in 1.5 s (4 in flight, 2 workers)")
    with distributed.Client(cluster, set_as_default=False) as other:
        deadline = time.monotonic() + 10
        while other.run_on_scheduler(_run_keys) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert other.run_on_scheduler(_run_keys) == []  # the stalled tasks were cancelled


def test_a_map_whose_cluster_lost_every_worker_stops_in_one_line() -> None:
    """The scheduler dropped the only worker and its nanny closed too (as under a starved
    event loop): nothing brings it back, so the map fails after ``no_worker_seconds``."""
    pytest.importorskip("distributed")
    started = time.monotonic()
    with (
        pytest.raises(SafeInternalError, match=r"^executor dask: no worker in the cluster for 3 s"),
        executor_module.DaskExecutor(None, 1, no_worker_seconds=3) as ex,
    ):
        for n, _ in enumerate(ex.map_unordered(_slow_square, range(6))):
            if n == 0:
                ex.client.retire_workers(list(ex.client.nthreads()), close_workers=True)
    assert time.monotonic() - started < 40


def _run_keys(dask_scheduler: Any) -> list[str]:
    return [str(k) for k in dask_scheduler.tasks if str(k).startswith("medprivacy-")]


def test_a_slow_task_is_no_stall(cluster: str) -> None:
    """The bound counts from the last finished task, not from the map's start."""
    with executor_module.DaskExecutor(cluster, 1, stall_seconds=2.5) as ex:
        assert sorted(ex.map_unordered(_slow_square, range(12))) == [x * x for x in range(12)]


def _slow_square(x: int) -> int:
    time.sleep(0.5)
    return x * x


# -- 2: a plain-TCP worker that joins mid-run ---------------------------------------------------
def _where(x: int) -> str:
    import distributed

    time.sleep(0.3)
    return str(distributed.get_worker().address)


def _outward_ip() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: picks the outward interface
        except OSError:
            return None
        ip = str(s.getsockname()[0])
    return None if ip.startswith("127.") else ip


@pytest.mark.slow
def test_a_plain_tcp_worker_joining_mid_run_gets_no_task_and_stops_the_run(
    tmp_path: Path,
) -> None:
    pytest.importorskip("distributed")
    ip = _outward_ip()
    dask_cli = shutil.which("dask", path=str(Path(sys.executable).parent))
    if ip is None or dask_cli is None:
        pytest.skip("no outward interface, or no dask command")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    common = ["--nworkers", "1", "--nthreads", "1", "--no-dashboard"]
    procs = []
    log = (tmp_path / "dask.log").open("w")

    def start(*args: str) -> None:
        procs.append(subprocess.Popen([dask_cli, *args], env=env, stdout=log, stderr=log))

    try:
        start("scheduler", "--host", "0.0.0.0", "--port", str(port), "--no-dashboard")
        start("worker", f"tcp://127.0.0.1:{port}", "--host", "127.0.0.1", *common)
        address = f"tcp://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(ConfigError):
                check_executor(ExecutorConfig(kind="dask", address=address))
                break
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.5)
        seen: list[str] = []
        with (
            open_executor(ExecutorConfig(kind="dask", address=address), 1) as ex,
            pytest.raises(ConfigError, match="a worker is on another machine over plain TCP"),
        ):
            for where in ex.map_unordered(_where, range(400)):
                seen.append(where)
                if len(seen) == 1:
                    start("worker", f"tcp://{ip}:{port}", "--host", ip, *common)
                assert len(seen) < 300, "the joined worker was never noticed"
        assert seen and all(w.startswith("tcp://127.0.0.1:") for w in seen), seen
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(20)
            if proc.poll() is None:
                proc.kill()
        log.close()


# -- 4: something at the address that is no Dask scheduler -------------------------------------
@contextlib.contextmanager
def _service(reply: bytes | None) -> Iterator[str]:
    """A TCP service on loopback: answers ``reply`` to anything and closes, or (None) accepts
    and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            if reply is None:
                held.append(conn)
                continue
            with contextlib.suppress(OSError):
                conn.settimeout(1)
                conn.recv(4096)
                conn.sendall(reply)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


HTTP = b"HTTP/1.0 400 Bad Request\r\nContent-Type: text/html\r\n\r\n<html>bad</html>\r\n"


@pytest.mark.parametrize("reply", [HTTP, b"\xff" * 64, None], ids=["http", "garbage", "silent"])
def test_a_service_that_is_no_dask_scheduler_is_one_line_within_the_connect_time(
    monkeypatch: pytest.MonkeyPatch, reply: bytes | None
) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(executor_module, "CONNECT_SECONDS", 2)
    with _service(reply) as address:
        started = time.monotonic()
        with pytest.raises(ConfigError) as info:
            check_executor(ExecutorConfig(kind="dask", address=address))
        assert time.monotonic() - started < 5
    assert str(info.value) == f"executor dask: no Dask scheduler answered at {address} within 2 s"


def test_a_web_server_at_the_address_is_exit_2_and_leaves_no_folder(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    with _service(HTTP) as address:
        proc = _cli(
            "deid", "dicom", "in", "--out", "out", "--executor", f"dask={address}", cwd=tmp_path
        )
    assert proc.returncode == 2, proc.stderr
    assert (
        proc.stderr
        == f"error: executor dask: no Dask scheduler answered at {address} within 10 s\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


# -- 5: a file that kills its worker, on the local pool -----------------------------------------
POISON_SITE = """
import multiprocessing, os
_open = os.open
def poisoned_open(path, *args, **kwargs):
    if "POISON" in str(path) and multiprocessing.parent_process() is not None:
        os._exit(139)  # a decoder's segfault, or the OOM killer, in a worker process
    return _open(path, *args, **kwargs)
os.open = poisoned_open  # what every file read goes through (Path.read_bytes and open too)
"""


def _poisoned_corpus(tmp_path: Path) -> tuple[Path, Path]:
    from medprivacy.testing.dicom_corpus import build_corpus

    src = tmp_path / "in"
    build_corpus(src, 2, seed=11, manifest=tmp_path / "m.json")
    first = sorted(p for p in src.rglob("*") if p.is_file())[3]
    poison = first.with_name("POISON.dcm")
    shutil.copyfile(first, poison)
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(POISON_SITE)
    return src, site


def test_a_file_that_kills_its_local_pool_worker_fails_alone(tmp_path: Path) -> None:
    src, site = _poisoned_corpus(tmp_path)
    total = sum(1 for p in src.rglob("*") if p.is_file())
    env = {"PYTHONPATH": str(site)}
    args = ["deid", "dicom", "in", "--out", "out", "-j", "2", "--no-progress"]
    proc = _cli(*args, cwd=tmp_path, env=env)
    assert proc.returncode == 1, proc.stderr
    assert "POISON" not in proc.stderr and "Traceback" not in proc.stderr
    failed = [ln for ln in proc.stderr.splitlines() if ln.startswith("failed: input ")]
    assert len(failed) == 1 and failed[0].endswith("worker process died while processing this file")
    assert f"DICOM: done {total - 1}, resumed 0, quarantined 0, failed 1," in proc.stderr
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.startswith(".mp-tmp")]


def _die_at_13(items: list[int]) -> list[int]:
    if 13 in items:
        os._exit(1)
    return items


def _halves(items: list[int]) -> list[list[int]]:
    return [items[: len(items) // 2], items[len(items) // 2 :]] if len(items) > 1 else []


def test_the_local_pool_cuts_a_batch_whose_worker_died_down_to_the_item() -> None:
    batches = [list(range(i, i + 4)) for i in range(0, 32, 4)]
    with ProcessExecutor(2) as ex:
        out = list(ex.map_unordered(_die_at_13, batches, lambda b: [-x for x in b], _halves))
        assert ex.workers_changed
    flat = sorted(x for b in out for x in b)
    assert flat == sorted([*range(13), -13, *range(14, 32)])
    with ProcessExecutor(2) as ex, pytest.raises(Exception, match="terminated abruptly"):
        list(ex.map_unordered(_die_at_13, batches))  # without ``lost``: an error, as before


# -- 6: a worker killed while the LocalCluster starts --------------------------------------------
DIE_AT_START = """
import os, sys
flag = os.environ.get("MP_TEST_DIE_AT_START")
if flag and "--multiprocessing-fork" in sys.argv and os.path.exists(flag):
    if os.environ.get("MP_TEST_DIE_ALWAYS"):
        os._exit(1)
    try:
        os.unlink(flag)  # the first spawned process claims it and dies
    except FileNotFoundError:
        pass
    else:
        os._exit(1)
"""


@pytest.fixture
def die_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(DIE_AT_START)
    flag = tmp_path / "die.flag"
    flag.write_text("")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), *sys.path]))
    monkeypatch.setenv("MP_TEST_DIE_AT_START", str(flag))
    return flag


def test_a_worker_killed_as_the_local_cluster_starts_is_retried(die_at_start: Path) -> None:
    pytest.importorskip("distributed")
    with open_executor(ExecutorConfig(kind="dask", workers=1), 1) as ex:
        assert not die_at_start.exists(), "no worker died: the test proves nothing"
        assert sorted(ex.map_unordered(abs, [-1, -2])) == [1, 2]


@pytest.mark.slow
def test_a_local_cluster_that_never_starts_is_exit_2_and_leaves_no_folder(
    die_at_start: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MP_TEST_DIE_ALWAYS", "1")
    (tmp_path / "in").mkdir()
    proc = _cli(
        "deid", "dicom", "in", "--out", "out", "--executor", "dask", "-j", "1", cwd=tmp_path
    )
    assert proc.returncode == 2, proc.stderr
    assert (
        proc.stderr
        == "error: executor dask: the LocalCluster did not start, twice (RuntimeError)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["die.flag", "in", "site"]


# -- 7: Dask's own records never reach stderr ----------------------------------------------------
def _log_like_a_dying_heartbeat(x: int) -> int:
    logging.getLogger("distributed.worker").error("Failed to communicate with scheduler CANARY")
    return x


def test_dask_records_of_the_local_cluster_never_reach_stderr(
    capfd: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("distributed")
    with open_executor(ExecutorConfig(kind="dask", workers=1), 1) as ex:
        assert list(ex.map_unordered(_log_like_a_dying_heartbeat, [1])) == [1]
    time.sleep(0.2)
    assert "CANARY" not in capfd.readouterr().err


# -- 10: the executor section's edges ------------------------------------------------------------
def _pipeline(section: str) -> str:
    return f"name: t\nexecutor:\n{section}steps:\n  - step: deid_dicom\n    input: x\n"


@pytest.mark.parametrize(
    ("section", "line", "field", "message"),
    [
        ("  kind: dask\n  workers: true\n", 4, "executor.workers", "valid integer"),
        ("  kind: dask\n  address: tcp://127.0.0.1:99999\n", 4, "executor.address", "port 99999"),
        ("  kind: dask\n  address: tcp://192.0.2.10:8786\n", 4, "executor.address", "plain TCP"),
        ("  kind: local\n\n  address: tcp://h:1\n", 5, "executor.address", "only a dask"),
    ],
)
def test_executor_section_errors_name_their_own_line(
    section: str, line: int, field: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=rf"^p.yaml:{line}: {field}: .*{message}"):
        parse_pipeline(_pipeline(section), "p.yaml")


def test_credentials_in_an_address_are_never_echoed() -> None:
    with pytest.raises(ConfigError) as spec:
        parse_pipeline(_pipeline("  kind: dask\n  address: tcp://user:pw@127.0.0.1:8786\n"), "p")
    with pytest.raises(ConfigError) as option:
        parse_executor("dask=tcp://user:pw@127.0.0.1:8786")
    for error in (spec, option):
        assert "pw" not in str(error.value) and "user" not in str(error.value)
        assert "tcp://***@127.0.0.1:8786" in str(error.value)
    with pytest.raises(ConfigError, match="port 70000 out of range"):
        parse_executor("dask=tcp://127.0.0.1:70000")
