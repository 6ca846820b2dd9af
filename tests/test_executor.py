"""The executor: Dask keeps the local pool's contract (every result once, as it completes, few
items in flight, the initializer once per worker process, task errors re-raised as themselves),
and a bad engine or an unreachable scheduler is one line and exit 2 on the CLI."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from medprivacy.errors import ConfigError, InputError
from medprivacy.executor import (
    DaskExecutor,
    ExecutorConfig,
    ProcessExecutor,
    SerialExecutor,
    check_executor,
    guided,
    is_plaintext_remote,
    make_executor,
    open_executor,
    parse_executor,
)
from medprivacy.pipeline import spec_sha256
from medprivacy.spec import parse_pipeline

REPO = Path(__file__).resolve().parents[1]
SCALE_OUT = REPO / "pipelines" / "scale-out.yaml"
CLI = [sys.executable, "-m", "medprivacy.cli"]
_STATE = {"inits": 0}  # per process: how often the initializer ran here


@pytest.fixture(scope="module")
def cluster(two_workers: Callable[..., Any]) -> Iterator[str]:
    """A LocalCluster of two worker processes for this module; its scheduler address."""
    with two_workers() as c:
        yield c.scheduler_address


def _count_init() -> None:
    _STATE["inits"] += 1


def _square(x: int) -> tuple[int, int, int]:
    return os.getpid(), _STATE["inits"], x * x


def _refuse_seven(x: int) -> int:
    if x == 7:
        raise InputError("input 7: rule malformed_header")
    return x


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MEDPRIVACY_KEY": "test-key-0123456789abcdef"}
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


def test_dask_yields_every_result_once_and_initializes_each_worker_once(cluster: str) -> None:
    config = ExecutorConfig(kind="dask", address=cluster)
    with open_executor(config, 1, _count_init) as ex:
        first = list(ex.map_unordered(_square, range(30)))
        second = list(ex.map_unordered(_square, range(30, 60)))
    results = first + second
    assert sorted(r[2] for r in results) == [x * x for x in range(60)]
    assert {r[1] for r in results} == {1}, "the initializer ran more than once in a worker"
    assert len({r[0] for r in results}) == 2, "both workers took tasks"
    with open_executor(config, 1, _count_init) as ex:  # another executor: its own initializer
        assert {r[1] for r in ex.map_unordered(_square, range(8))} == {2}


def test_dask_streams_its_input_with_few_items_in_flight(cluster: str) -> None:
    pulled = [0]

    def items() -> Iterator[int]:
        for x in range(40):
            pulled[0] += 1
            yield x

    ahead = []
    with open_executor(ExecutorConfig(kind="dask", address=cluster), 1) as ex:
        for done, _ in enumerate(ex.map_unordered(_square, items()), 1):
            ahead.append(pulled[0] - done)
    assert max(ahead) <= 2 * 2, f"{max(ahead)} items in flight on 2 worker threads"


def test_a_task_error_comes_back_to_the_client_as_itself(cluster: str) -> None:
    with (
        open_executor(ExecutorConfig(kind="dask", address=cluster), 1) as ex,
        pytest.raises(InputError, match="input 7: rule malformed_header"),
    ):
        list(ex.map_unordered(_refuse_seven, range(12)))


def _fail_naming(path: str) -> int:
    raise ValueError(f"cannot read {path}")  # a careless message: Dask would log it


def test_a_task_error_is_not_logged_by_the_dask_worker(cluster: str) -> None:
    distributed = pytest.importorskip("distributed")

    def logged(client: Any, canary: str) -> bool:
        return any(canary in msg for logs in client.get_worker_logs().values() for _, msg in logs)

    with distributed.Client(cluster, set_as_default=False) as client:
        plain = client.submit(_fail_naming, "/pacs/SMITH^JOHN/1.dcm", pure=False)
        with pytest.raises(ValueError):
            plain.result()
        assert logged(client, "SMITH^JOHN"), "control: Dask logs a failed task's exception"
        with (
            open_executor(ExecutorConfig(kind="dask", address=cluster), 1) as ex,
            pytest.raises(ValueError, match="DOE"),  # back on the client, as the local pool
        ):
            list(ex.map_unordered(_fail_naming, ["/pacs/DOE^JANE/2.dcm"]))
        assert not logged(client, "DOE^JANE")


def test_a_local_cluster_is_started_for_the_block_and_closed_after() -> None:
    pytest.importorskip("distributed")
    with open_executor(ExecutorConfig(kind="dask", workers=1), 4) as ex:
        assert isinstance(ex, DaskExecutor)
        assert len(ex.client.nthreads()) == 1  # config.workers wins over the 4 asked for
        assert sorted(r[2] for r in ex.map_unordered(_square, range(5))) == [0, 1, 4, 9, 16]
    assert ex.client is None


def test_local_config_picks_in_process_or_a_process_pool() -> None:
    assert isinstance(make_executor(1), SerialExecutor)
    assert isinstance(make_executor(1, config=ExecutorConfig(workers=2)), ProcessExecutor)
    assert isinstance(make_executor(3, config=ExecutorConfig()), ProcessExecutor)


@pytest.mark.parametrize(
    ("text", "kind", "address"),
    [
        ("local", "local", None),
        ("dask", "dask", None),
        ("dask=tcp://127.0.0.1:8786", "dask", "tcp://127.0.0.1:8786"),
        ("dask=tcp://localhost:8786", "dask", "tcp://localhost:8786"),
        ("dask=tcp://[::1]:8786", "dask", "tcp://[::1]:8786"),
        ("dask=tls://scheduler.example:8786", "dask", "tls://scheduler.example:8786"),
        ("dask=tcp://192.0.2.10:8786,allow_plaintext", "dask", "tcp://192.0.2.10:8786"),
    ],
)
def test_executor_option_parses_local_dask_and_an_address(
    text: str, kind: str, address: str | None
) -> None:
    config = parse_executor(text)
    assert (config.kind, config.address) == (kind, address)


@pytest.mark.parametrize(
    "text", ["spark", "dask=", "dask=10.0.0.5", "local=tcp://a:1", "dask=tcp://h"]
)
def test_executor_option_refuses_other_engines_and_addresses(text: str) -> None:
    with pytest.raises(ConfigError, match="--executor"):
        parse_executor(text)


def test_bad_executor_option_is_one_line_and_exit_2(tmp_path: Path) -> None:
    proc = _cli(
        "deid",
        "dicom",
        str(tmp_path),
        "--out",
        str(tmp_path / "o"),
        "--executor",
        "spark",
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: --executor spark: expected local, dask")
    assert proc.stderr.strip().count("\n") == 0


def test_unreachable_scheduler_is_one_line_and_exit_2_before_any_output(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    address = f"tcp://127.0.0.1:{_free_port()}"
    out = tmp_path / "out"
    proc = _cli(
        "deid", "dicom", "in", "--out", str(out), "--executor", f"dask={address}", cwd=tmp_path
    )
    assert proc.returncode == 2, proc.stderr
    assert (
        proc.stderr.strip()
        == f"error: executor dask: scheduler {address}: cannot connect (connection refused)"
    )
    assert not out.exists() and not out.with_name("out.private").exists()


def test_run_executor_option_overrides_the_spec(tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    proc = _cli("run", str(SCALE_OUT), "--plan", "--executor", f"dask={address}", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith(f"scheduler {address}: cannot connect (connection refused)")
    assert "Traceback" not in proc.stderr


def test_scale_out_example_plans(tmp_path: Path) -> None:
    proc = _cli("run", str(SCALE_OUT), "--plan", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "imaging (deid_dicom): checked" in proc.stdout
    spec = parse_pipeline(SCALE_OUT.read_text(), str(SCALE_OUT))
    assert spec.executor == ExecutorConfig(kind="dask", address=None, workers=2)


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ("{kind: spark}", "executor.kind"),
        ("{kind: dask, address: 'scheduler:8786'}", "executor.address"),
        ("{kind: dask, workers: 0}", "executor.workers"),
        ("{kind: local, address: 'tcp://h:1'}", "executor"),
        ("{kind: dask, threads: 4}", "executor.threads"),
    ],
)
def test_pipeline_executor_section_is_validated_with_its_line(section: str, field: str) -> None:
    text = f"name: t\nexecutor: {section}\nsteps:\n  - step: deid_dicom\n    input: x\n"
    with pytest.raises(ConfigError, match=rf"^p.yaml:2: {field}\b"):
        parse_pipeline(text, "p.yaml")


@pytest.mark.slow
def test_scale_out_example_runs_on_a_local_cluster(tmp_path: Path) -> None:
    proc = _cli("run", str(SCALE_OUT), "--out", str(tmp_path / "r"), "--no-progress", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "imaging: DICOM done " in proc.stderr
    assert len(list((tmp_path / "r" / "release" / "dicom").rglob("*.dcm"))) > 0


# -- the key travels in tasks: plain TCP to another machine only when asked for --------------
REMOTE = "tcp://192.0.2.10:8786"  # TEST-NET-1: never answers
PLAINTEXT = "is plain TCP to another machine: tasks carry the key and the data unencrypted"


@pytest.mark.parametrize(
    ("address", "remote"),
    [
        ("tcp://127.0.0.1:8786", False),
        ("tcp://127.3.4.5:8786", False),
        ("tcp://localhost:8786", False),
        ("tcp://LOCALHOST:8786", False),
        ("tcp://[::1]:8786", False),
        ("inproc://10.0.0.5/123/4", False),
        ("tls://192.0.2.10:8786", False),
        ("tls://scheduler.example:8786", False),
        ("tcp://192.0.2.10:8786", True),
        ("tcp://0.0.0.0:8786", True),
        ("tcp://[2001:db8::1]:8786", True),
        ("tcp://scheduler.example:8786", True),
        ("tcp://localhost.example:8786", True),
        ("192.0.2.10:8786", True),  # Dask reads a bare address as tcp://
        ("ucx://192.0.2.10:8786", True),
    ],
)
def test_plaintext_remote_is_tcp_to_anything_but_loopback(address: str, remote: bool) -> None:
    assert is_plaintext_remote(address) is remote


def test_plain_tcp_to_another_machine_is_refused_on_the_cli_option() -> None:
    with pytest.raises(ConfigError) as info:
        parse_executor(f"dask={REMOTE}")
    message = str(info.value)
    assert message.startswith(f"--executor dask={REMOTE}: scheduler {REMOTE} {PLAINTEXT}")
    assert "tls://" in message and "allow_plaintext" in message and "\n" not in message
    assert parse_executor(f"dask={REMOTE},allow_plaintext").allow_plaintext
    assert not parse_executor("dask=tcp://127.0.0.1:8786").allow_plaintext
    with pytest.raises(ConfigError, match="expected dask=tcp://HOST:PORT"):
        parse_executor("dask=tcp://h,allow_plaintext")


def test_plain_tcp_to_another_machine_is_refused_in_a_spec_with_its_line() -> None:
    def spec(section: str) -> str:
        return f"name: t\nexecutor: {section}\nsteps:\n  - step: deid_dicom\n    input: x\n"

    with pytest.raises(ConfigError) as info:
        parse_pipeline(spec(f"{{kind: dask, address: '{REMOTE}'}}"), "p.yaml")
    assert str(info.value).startswith(f"p.yaml:2: executor.address: scheduler {REMOTE} {PLAINTEXT}")
    opted = parse_pipeline(
        spec(f"{{kind: dask, address: '{REMOTE}', allow_plaintext: true}}"), "p.yaml"
    )
    assert opted.executor == ExecutorConfig(kind="dask", address=REMOTE, allow_plaintext=True)
    tls = parse_pipeline(spec("{kind: dask, address: 'tls://192.0.2.10:8786'}"), "p.yaml")
    local = parse_pipeline(spec("{kind: local}"), "p.yaml")
    # the engine (and its opt-in) stays out of the spec hash: it changes speed, not the data
    assert spec_sha256(opted) == spec_sha256(tls) == spec_sha256(local)


def test_library_use_is_refused_too() -> None:
    with pytest.raises(ValueError, match=PLAINTEXT):
        ExecutorConfig(kind="dask", address=REMOTE)
    with pytest.raises(ConfigError, match=f"^executor dask: scheduler {REMOTE} {PLAINTEXT}"):
        DaskExecutor(REMOTE, 2)
    assert DaskExecutor(REMOTE, 2, allow_plaintext=True).address == REMOTE  # not connected yet


class _FakeClient:
    """A connected client whose scheduler lists one worker on another machine over plain TCP."""

    def __init__(self) -> None:
        self.closed = False

    def nthreads(self, **kwargs: Any) -> dict[str, int]:
        return {"tcp://127.0.0.1:40001": 1, "tcp://192.0.2.20:40002": 1}

    def close(self, **kwargs: Any) -> None:
        self.closed = True


def test_a_worker_on_another_machine_over_plain_tcp_is_refused_before_any_task() -> None:
    pytest.importorskip("distributed")
    ex = DaskExecutor("tcp://127.0.0.1:8786", 2)  # a loopback scheduler can forward to it
    client = ex.client = _FakeClient()
    with pytest.raises(ConfigError, match="a worker is on another machine over plain TCP"):
        list(ex.map_unordered(_square, range(3)))  # _FakeClient has no submit: none was sent
    assert client.closed and ex.client is None
    opted = DaskExecutor("tcp://127.0.0.1:8786", 2, allow_plaintext=True)
    opted.client = _FakeClient()
    opted._check_workers()  # accepted when asked for


def test_tls_without_dask_tls_settings_is_one_line() -> None:
    dask = pytest.importorskip("dask")
    config = ExecutorConfig(kind="dask", address="tls://192.0.2.10:8786")
    with (
        dask.config.set(
            {
                "distributed.comm.tls.ca-file": None,
                "distributed.comm.tls.client.cert": None,
                "distributed.comm.tls.client.key": None,
            }
        ),
        pytest.raises(ConfigError, match=r"tls:// needs Dask's TLS settings \(distributed\.comm"),
    ):
        check_executor(config)


def test_tls_settings_that_cannot_be_loaded_are_one_line(tmp_path: Path) -> None:
    dask = pytest.importorskip("dask")
    config = ExecutorConfig(kind="dask", address="tls://192.0.2.10:8786")
    with (
        dask.config.set(
            {
                "distributed.comm.tls.ca-file": str(tmp_path / "missing-ca.pem"),
                "distributed.comm.tls.client.cert": str(tmp_path / "missing-client.pem"),
            }
        ),
        pytest.raises(ConfigError, match=r"cannot load Dask's TLS settings .*FileNotFoundError$"),
    ):
        check_executor(config)


def test_plain_tcp_to_another_machine_is_exit_2_before_anything_is_read_or_written(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    proc = _cli(
        "deid",
        "dicom",
        "missing-in",
        "--out",
        str(out),
        "--executor",
        f"dask={REMOTE}",
        cwd=tmp_path,
    )  # the input folder does not exist: the executor is refused first
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(
        f"error: --executor dask={REMOTE}: scheduler {REMOTE} {PLAINTEXT}"
    )
    assert proc.stderr.strip().count("\n") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_run_refuses_a_spec_with_plain_tcp_to_another_machine(tmp_path: Path) -> None:
    text = SCALE_OUT.read_text().replace(
        "address: null                  # null: a LocalCluster on this machine",
        f"address: {REMOTE}",
    )
    assert REMOTE in text
    spec = tmp_path / "remote.yaml"
    spec.write_text(text)
    proc = _cli("run", str(spec), "--out", str(tmp_path / "r"), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert f"executor.address: scheduler {REMOTE} {PLAINTEXT}" in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and not (tmp_path / "r").exists()


def test_guided_batches_are_full_until_the_end_then_shrink_and_lose_nothing() -> None:
    read = []

    def items() -> Iterator[int]:
        for i in range(1000):
            read.append(i)
            yield i

    batches = guided(items(), 128, slots=2)
    first = next(batches)
    assert first == list(range(128))
    assert len(read) == 2 * 2 * 128  # reads 4 batches ahead, no more
    rest = list(batches)
    assert [x for b in [first, *rest] for x in b] == list(range(1000))  # all, once, in order
    # full batches while the stream lasts; then each a quarter of what is left, not below 16
    assert [len(b) for b in [first, *rest]] == [128] * 4 + [122, 92, 69, 52, 39, 29, 22] + [
        16,
        16,
        16,
        15,
    ]


def test_guided_batches_of_a_short_stream_are_split_across_the_slots() -> None:
    assert [len(b) for b in guided(range(40), 128, slots=2)] == [16, 16, 8]
    assert [len(b) for b in guided(range(3), 16, slots=4)] == [2, 1]
    assert list(guided([], 128, slots=2)) == []


def test_the_executors_local_cluster_preloads_and_freezes_its_workers() -> None:
    pytest.importorskip("distributed")
    import gc

    with open_executor(ExecutorConfig(kind="dask", workers=1), 1) as ex:
        assert isinstance(ex, DaskExecutor) and ex.client is not None
        frozen = ex.client.run(gc.get_freeze_count)
        loaded = ex.client.run(lambda: "medprivacy.deid.dicom.batch" in sys.modules)
    assert frozen and min(frozen.values()) > 10_000, frozen
    assert set(loaded.values()) == {True}
