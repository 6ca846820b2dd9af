"""Where batch work runs: in-process, on a local process pool or on Dask, behind one interface.

De-identification code only hands over a picklable function and an iterable of work items, so the
engine (``executor:`` in a pipeline, ``--executor`` on the CLI) can change without touching it.
Dask is imported only when a ``dask`` executor is opened (the ``scale`` extra).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import ipaddress
import logging
import os
import pickle
import re
import socket
import threading
import time
import uuid
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Literal, Protocol, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from medprivacy.errors import ConfigError, MedPrivacyError, SafeInternalError

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")
ADDRESS = re.compile(r"^(tcp|tls)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):([0-9]{1,5})$")
CONNECT_SECONDS = 10  # how long to try a scheduler address before giving up
CALL_SECONDS = 60  # the most one call to the scheduler (worker list, cancel, close) may take
# how long, after a run on a cluster that outlives it, a worker may take to let go of the run's
# tasks (a cancelled batch ends at its next file; a file in hand, e.g. an OCR-checked one, first)
FORGET_SECONDS = 120
# A map whose tasks in flight all stay unfinished this long fails (exit 70) instead of waiting
# forever: generous, as one task is a whole batch (64 DICOM files or more, OCR included).
STALL_SECONDS = 900.0
# A worker that a nanny could not bring back, or that the scheduler dropped (its nanny then
# closes too), does not return: a map whose cluster has had no worker this long fails.
NO_WORKER_SECONDS = 120.0
WORKER_CHECK_SECONDS = 2.0  # how often a map waiting for a task looks for workers
CREDENTIALS = re.compile(r"(?<=://)[^/@\s]*@")  # user:password@ in an address: never echoed
# The LocalCluster's settings. A worker holds only the task it runs (no queued one), so a worker
# that dies takes no innocent task down with it (each is retried up to ``allowed-failures``
# times). No statistical profiler (it samples the task's stack every 10 ms for a dashboard that
# is not started), and the event loops' watchdog tick and system monitor wake less often: idle,
# a 2-worker cluster then costs 1.5% of a core instead of 7%.
CLUSTER_CONFIG = {
    "distributed.scheduler.worker-saturation": 1.0,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}
PRELOAD = "medprivacy.dask_preload"  # imports, then freezes each worker's start-up heap
SCALE_HINT = "install the scale extra: pip install 'medprivacy[scale]'"
PLAINTEXT_OPT_IN = ",allow_plaintext"  # the CLI's spelling of allow_plaintext: true
TLS_SETTINGS = "distributed.comm.tls.ca-file, .client.cert, .client.key"


def is_plaintext_remote(address: str) -> bool:
    """Whether ``address`` (a scheduler's or a worker's) is unencrypted TCP to another machine:
    ``tcp://`` to anything but a loopback IP or ``localhost``. ``tls://`` and ``inproc://`` are
    not; a host name other than ``localhost`` counts as remote (nothing is resolved)."""
    scheme, sep, rest = address.partition("://")
    if not sep:  # Dask reads a bare HOST:PORT as tcp://
        scheme, rest = "tcp", address
    if scheme in ("tls", "inproc"):
        return False
    host = rest.rsplit(":", 1)[0].strip("[]") if ":" in rest else rest
    if host.lower() == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def masked(text: str) -> str:
    """``text`` with any ``user:password@`` of an address replaced by ``***@``."""
    return CREDENTIALS.sub("***@", text)


def plaintext_refusal(address: str) -> str:
    """The one-line reason a plain-TCP remote address is refused without the opt-in."""
    return (
        f"scheduler {address} is plain TCP to another machine: tasks carry the key and the "
        "data unencrypted; use tls://HOST:PORT (Dask's TLS settings: "
        f"{TLS_SETTINGS}), or on a network you trust set allow_plaintext: true "
        f"(--executor dask=ADDRESS{PLAINTEXT_OPT_IN})"
    )


class ExecutorConfig(BaseModel):
    """Where a pipeline's batch work runs: ``local`` (this machine's process pool) or ``dask``
    (a Dask cluster at ``address``, or a LocalCluster started for the run when it is null)."""

    model_config = ConfigDict(extra="forbid")
    # Fields are validated in this order: ``address`` is checked against ``kind`` and
    # ``allow_plaintext`` in its own validator, so a spec error points at the address's line.
    kind: Literal["local", "dask"] = "local"
    allow_plaintext: bool = Field(
        default=False,
        strict=True,
        description="Accept a plain tcp:// scheduler on another machine: tasks carry the key "
        "and the data unencrypted (use tls:// instead wherever the network is not trusted).",
    )
    address: str | None = Field(default=None, description="tcp://HOST:PORT of a Dask scheduler.")
    workers: int | None = Field(
        default=None,
        ge=1,
        le=4096,
        strict=True,  # `workers: true` is no worker count
        description="Workers (LocalCluster size, or the local pool's).",
    )

    @field_validator("address")
    @classmethod
    def _address(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return value
        match = ADDRESS.match(value)
        if not match:  # one line in a spec error, no "Value error", no credentials
            raise PydanticCustomError(
                "address",
                f"address {masked(value)!r}: expected tcp://HOST:PORT (or tls://HOST:PORT)",
            )
        if not 1 <= int(match.group(3)) <= 65535:
            raise PydanticCustomError(
                "address", f"address {value!r}: port {int(match.group(3))} out of range (1-65535)"
            )
        if info.data.get("kind") == "local":
            raise PydanticCustomError(
                "address", "address: only a dask executor has a scheduler address"
            )
        if is_plaintext_remote(value) and not info.data.get("allow_plaintext", False):
            raise PydanticCustomError("plaintext_scheduler", plaintext_refusal(value))
        return value


def check_executor(config: ExecutorConfig | None) -> None:
    """Fail early, in one line, where a run could not start its Dask executor: the ``scale``
    extra is missing, a tls:// address has no TLS settings to connect with, or nothing answers
    at the scheduler's address (a TCP probe)."""
    if config is None or config.kind != "dask":
        return
    distributed = _import_distributed()
    if config.address is None:
        return
    _check_tls(distributed, config.address)
    match = ADDRESS.match(config.address)
    assert match is not None  # validated with the config
    host, port = match.group(2).strip("[]"), int(match.group(3))
    try:
        socket.create_connection((host, port), timeout=CONNECT_SECONDS).close()
    except OSError as exc:
        reason = os.strerror(exc.errno).lower() if exc.errno else type(exc).__name__
        raise ConfigError(
            f"executor dask: scheduler {config.address}: cannot connect ({reason})"
        ) from None
    _probe_scheduler(distributed, config.address)


def _probe_scheduler(distributed: Any, address: str, seconds: float | None = None) -> None:
    """Ask what listens at ``address`` who it is (Dask's ``identity`` call) within ``seconds``
    of wall-clock time (default ``CONNECT_SECONDS``), in a thread of its own: anything but a
    Dask scheduler (a web server, garbage, silence) is one line instead of a hang or a crash."""
    limit = CONNECT_SECONDS if seconds is None else seconds
    reply: list[Any] = []

    async def ask() -> Any:
        args = distributed.security.Security().get_connection_args("client")
        comm = await distributed.comm.connect(address, timeout=limit, **args)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    def run() -> None:
        with contextlib.suppress(BaseException), _quiet_distributed():
            reply.append(asyncio.run(asyncio.wait_for(ask(), limit)))

    thread = threading.Thread(target=run, name="medprivacy-probe", daemon=True)
    thread.start()
    thread.join(limit + 1)
    answer = reply[0] if reply else None
    if not (isinstance(answer, dict) and answer.get("type") == "Scheduler"):
        raise ConfigError(
            f"executor dask: no Dask scheduler answered at {address} within {limit:g} s"
        )


@contextlib.contextmanager
def _quiet_distributed() -> Iterator[None]:
    """Dask's own log records (a closing cluster's heartbeat tracebacks, a garbage peer's
    errors) are dropped while this runs: stderr keeps its one-line promise. The project keeps
    no log file to send them to."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _check_tls(distributed: Any, address: str) -> None:
    """A tls:// address needs Dask's TLS settings (its own config) to connect: one line if they
    are missing or cannot be loaded, instead of Dask's TypeError."""
    if not address.startswith("tls://"):
        return
    try:
        context = distributed.security.Security().get_connection_args("client")["ssl_context"]
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
        raise ConfigError(
            f"executor dask: scheduler {address}: cannot load Dask's TLS settings "
            f"({TLS_SETTINGS}): {type(exc).__name__}"
        ) from None
    if context is None:
        raise ConfigError(
            f"executor dask: scheduler {address}: tls:// needs Dask's TLS settings "
            f"({TLS_SETTINGS}) in its config or DASK_DISTRIBUTED__COMM__TLS__* variables"
        )


def parse_executor(text: str) -> ExecutorConfig:
    """``local``, ``dask``, ``dask=tcp://HOST:PORT`` or ``dask=tls://HOST:PORT`` (the CLI's
    ``--executor``); ``dask=tcp://HOST:PORT,allow_plaintext`` accepts plain TCP to another
    machine (``allow_plaintext: true`` in a spec)."""
    kind, sep, address = text.partition("=")
    shown = masked(text)
    if kind not in ("local", "dask") or (kind == "local" and sep) or (sep and not address):
        raise ConfigError(f"--executor {shown}: expected local, dask or dask=tcp://HOST:PORT")
    plaintext = address.endswith(PLAINTEXT_OPT_IN)
    address = address.removesuffix(PLAINTEXT_OPT_IN)
    if not ADDRESS.match(address or "tcp://h:1"):
        raise ConfigError(f"--executor {shown}: expected dask=tcp://HOST:PORT")
    try:
        return ExecutorConfig(
            kind="dask" if kind == "dask" else "local",
            address=address or None,
            allow_plaintext=plaintext,
        )
    except ValidationError as exc:
        reason = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"--executor {shown}: {reason}") from None


class Executor(Protocol):
    """Runs ``fn`` on each item and yields results as they complete (any order), keeping only a
    few items in flight so the input streams. ``lost(item)``, where given, stands in for the
    result of an item whose worker process kept dying (Dask) or died (local pool); without it
    that is an error. ``split(item)``, where given, cuts such an item into smaller ones that
    are run again first (so one file that kills its worker fails alone, not its batch); an
    item it cannot cut (fewer than two pieces) goes to ``lost``."""

    @property
    def slots(self) -> int:
        """How many tasks can run at once (worker processes x threads); known once open."""
        ...

    def map_unordered(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        lost: Callable[[T], R] | None = None,
        split: Callable[[T], list[T]] | None = None,
    ) -> Iterator[R]: ...

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...


class _Closing:
    """Executors without a cluster to close: ``with`` does nothing."""

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class SerialExecutor(_Closing):
    """Runs everything in this process; ``initializer`` runs once, here."""

    slots = 1

    def __init__(self, initializer: Callable[..., Any] | None = None, initargs: tuple = ()) -> None:
        if initializer is not None:
            initializer(*initargs)

    def map_unordered(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        lost: Callable[[T], R] | None = None,
        split: Callable[[T], list[T]] | None = None,
    ) -> Iterator[R]:
        for item in items:
            yield fn(item)


class ProcessExecutor:
    """A local process pool; keeps at most ``2 * workers`` items in flight (streams input).
    Inside ``with`` (see :func:`open_executor`) one pool serves every ``map_unordered`` call;
    without it each call starts and closes its own.

    A worker process that dies breaks the whole pool: with ``lost``, the items in flight then
    are run again one at a time on a fresh pool (cut by ``split`` when one breaks it again), so
    only the item that kills its worker is ``lost``."""

    def __init__(
        self, workers: int, initializer: Callable[..., Any] | None = None, initargs: tuple = ()
    ) -> None:
        self.workers = workers
        self.initializer = initializer
        self.initargs = initargs
        self.pool: ProcessPoolExecutor | None = None
        self.workers_changed = False  # a worker process died (the pool was replaced)

    @property
    def slots(self) -> int:
        return self.workers

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, initializer=self.initializer, initargs=self.initargs
        )

    def __enter__(self) -> ProcessExecutor:
        if self.pool is None:
            self.pool = self._new_pool()
        return self

    def __exit__(self, *exc: object) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def map_unordered(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        lost: Callable[[T], R] | None = None,
        split: Callable[[T], list[T]] | None = None,
    ) -> Iterator[R]:
        if self.pool is not None:
            yield from self._map(fn, items, lost, split)
            return
        with self:
            yield from self._map(fn, items, lost, split)

    def _replace_pool(self) -> ProcessPoolExecutor:
        old, self.pool = self.pool, self._new_pool()
        self.workers_changed = True
        if old is not None:
            old.shutdown(wait=True, cancel_futures=True)
        return self.pool

    def _map(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        lost: Callable[[T], R] | None,
        split: Callable[[T], list[T]] | None,
    ) -> Iterator[R]:
        pending: dict[Future[R], T] = {}
        suspects: list[T] = []
        source = iter(items)
        exhausted = False
        while pending or not exhausted:
            assert self.pool is not None
            while not suspects and not exhausted and len(pending) < 2 * self.workers:
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                else:
                    pending[self.pool.submit(fn, item)] = item
            if not pending:
                break
            # once the pool broke, wait for every item in flight: each ends, one way or another
            until = ALL_COMPLETED if suspects else FIRST_COMPLETED
            done, _ = wait(list(pending), return_when=until)
            for fut in done:
                item = pending.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    if lost is None:
                        raise
                    suspects.append(item)
                    continue
                yield result
            if suspects and not pending:
                self._replace_pool()
                for item in suspects:
                    yield from self._isolate(fn, item, lost, split)
                suspects.clear()

    def _isolate(
        self,
        fn: Callable[[T], R],
        item: T,
        lost: Callable[[T], R] | None,
        split: Callable[[T], list[T]] | None,
    ) -> Iterator[R]:
        """Run ``item`` alone on the pool: if its worker dies, cut it and run each piece alone,
        down to pieces that cannot be cut, which are ``lost``."""
        assert self.pool is not None and lost is not None
        try:
            yield self.pool.submit(fn, item).result()
            return
        except BrokenProcessPool:
            self._replace_pool()
        pieces = split(item) if split is not None else []
        if len(pieces) < 2:
            yield lost(item)
            return
        for piece in pieces:
            yield from self._isolate(fn, piece, lost, split)


def guided(items: Iterable[T], size: int, slots: int) -> Iterator[list[T]]:
    """Batches of ``size`` items, read ``2 * slots`` batches ahead of ``items``; once ``items``
    has ended, what is left goes in batches of a ``2 * slots``-th of it (not below ``size //
    8``), so no worker idles while another works through a last whole batch (guided
    scheduling: a 128-file Dask task takes ~0.25 s)."""
    ahead: deque[T] = deque()
    source, ended = iter(items), False
    while True:
        while not ended and len(ahead) < 2 * slots * size:
            try:
                ahead.append(next(source))
            except StopIteration:
                ended = True
        if not ahead:
            return
        n = size
        if ended:
            n = min(size, max(size // 8, 1, -(-len(ahead) // (2 * slots))))
        yield [ahead.popleft() for _ in range(min(n, len(ahead)))]


# -- Dask ----------------------------------------------------------------------------------------
_READY: dict[str, str] = {"token": ""}  # per worker process: the initializer that ran last
# One medprivacy task at a time per worker process: the initializer's cache (the de-identifier,
# its key, its output folder) is one per process, so a task of another run (another client of a
# shared cluster, on a worker with several threads) must not replace it in the middle of a batch.
_TASK_LOCK = threading.Lock()


def _dask_task(
    token: str, initializer: Callable[..., Any] | None, initargs: tuple, fn: Callable, item: Any
) -> tuple[bool, Any]:
    """Run on a Dask worker: the executor's initializer once per process (again only when another
    executor's ran since), then ``fn(item)``, both under the process's task lock (a task with
    no initializer needs none). An exception comes back as a value, so Dask never logs it with
    the task's arguments (file paths); the client re-raises it."""
    try:
        if initializer is None:  # nothing cached: tasks of a table run share the process freely
            return True, fn(item)
        with _TASK_LOCK:
            if _READY["token"] != token:
                initializer(*initargs)
                _READY["token"] = token
            return True, fn(item)
    except Exception as exc:
        try:
            pickle.dumps(exc)
        except Exception:
            exc = MedPrivacyError(f"a task failed ({type(exc).__name__})")
        _drop_tracebacks(exc)  # their frames hold the task's arguments (the key) on the worker
        return False, exc


def _drop_tracebacks(exc: BaseException | None) -> None:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc.__traceback__ = None
        if exc.__cause__ is not None:
            _drop_tracebacks(exc.__cause__)
        exc = exc.__context__


def _task_prefix(token: str) -> str:
    """The start of every task key an executor of ``token`` sends."""
    return f"medprivacy-{token[:8]}-"


async def _forget(
    cleanup: Callable[[], Any] | None, token: str, seconds: float, dask_worker: Any = None
) -> int:
    """Run on every worker (in its event loop) when a run on a cluster it outlives ends or
    fails: wait (up to ``seconds``) until the worker has let go of the run's tasks (their
    arguments hold the key; a cancelled batch still running ends first), then, if the
    initializer's cache holds this run's state (``token``), drop it (``cleanup``: the key, in
    a de-identifier) under the task lock, so no later client of the cluster finds it. A cache
    holding another run's state is left to that run. ``_swept``, run next, collects what was
    dropped. Returns how many of the run's tasks (or its cache) the worker still holds: 0
    unless one ran past ``seconds``."""
    prefix = _task_prefix(token)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds

    def held() -> int:
        if dask_worker is None:
            return 0
        return sum(str(k).startswith(prefix) for k in dask_worker.state.tasks)

    while True:
        left = held()
        if not left and _READY["token"] != token:
            return 0
        if not left and _TASK_LOCK.acquire(blocking=False):
            try:
                if _READY["token"] == token:
                    _READY["token"] = ""
                    if cleanup is not None:
                        cleanup()
            finally:
                _TASK_LOCK.release()
            return 0
        if loop.time() >= deadline:
            return left or 1
        await asyncio.sleep(0.02)


def _poke(stimulus_id: str, dask_scheduler: Any = None) -> None:
    """Run on the scheduler after ``_forget``: send every worker one empty ``free-keys``
    message. A worker's stream handler keeps the last batch of messages it read (a
    ``compute-task`` carries the task's arguments: the key) until the next batch arrives; this
    one holds nothing."""
    for address in list(dask_scheduler.workers):
        with contextlib.suppress(Exception):
            message = {"op": "free-keys", "keys": [], "stimulus_id": stimulus_id}
            dask_scheduler.stream_comms[address].send(message)


async def _swept(stimulus_id: str, seconds: float, dask_worker: Any = None) -> None:
    """Run on every worker after ``_forget`` and ``_poke``: wait (up to ``seconds``) until the
    poke was read, then collect what ``_forget`` dropped and the replaced batch held (one full
    collection: on a worker's heap it takes tens of milliseconds)."""
    deadline = asyncio.get_running_loop().time() + seconds
    while dask_worker is not None and asyncio.get_running_loop().time() < deadline:
        if any(
            getattr(e, "stimulus_id", None) == stimulus_id for e in dask_worker.state.stimulus_log
        ):
            break
        await asyncio.sleep(0.02)
    gc.collect()


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ConfigError(
            f"executor dask: the dask distributed package is missing; {SCALE_HINT}"
        ) from None
    return distributed


def _bounded(call: Callable[[], Any], seconds: float) -> bool:
    """``call()`` in a thread, waited for at most ``seconds``; its errors are dropped. Whether
    it ended in time."""

    def run() -> None:
        with contextlib.suppress(Exception):
            call()

    thread = threading.Thread(target=run, name="medprivacy-cleanup", daemon=True)
    thread.start()
    thread.join(seconds)
    return not thread.is_alive()


class DaskExecutor:
    """Tasks on a Dask cluster: the one at ``address``, or a LocalCluster of ``workers``
    processes (one thread each, no dashboard) started on entry and closed on exit. Used without
    ``with``, each ``map_unordered`` opens and closes its own cluster.

    Tasks carry the initializer's arguments (the key) pickled: a plain tcp:// scheduler on
    another machine, or a worker reached over plain TCP from another machine, is refused unless
    ``allow_plaintext`` (checked on connecting and before each task is sent: tasks may run only
    on the hosts of workers that passed, and a run stops at a worker that would not). On a
    cluster at ``address`` (which outlives the run) ``cleanup`` runs on every worker when the
    executor closes, whatever the outcome, to drop what the initializer cached there."""

    def __init__(
        self,
        address: str | None,
        workers: int,
        initializer: Callable[..., Any] | None = None,
        initargs: tuple = (),
        allow_plaintext: bool = False,
        cleanup: Callable[[], Any] | None = None,
        stall_seconds: float | None = None,
        no_worker_seconds: float | None = None,
    ) -> None:
        if address is not None and is_plaintext_remote(address) and not allow_plaintext:
            raise ConfigError(f"executor dask: {plaintext_refusal(address)}")
        self.address = address
        self.allow_plaintext = allow_plaintext
        self.workers = max(1, workers)
        self.initializer = initializer
        self.initargs = initargs
        self.cleanup = cleanup
        self.stall_seconds = STALL_SECONDS if stall_seconds is None else stall_seconds
        self.no_worker_seconds = (
            NO_WORKER_SECONDS if no_worker_seconds is None else no_worker_seconds
        )
        self.token = uuid.uuid4().hex
        self.client: Any = None
        self._cluster: Any = None
        self._tasks = 0
        self._sent = False  # a task went out: the workers may hold what it carried
        self.workers_changed = False  # a worker left or joined during a map (e.g. died)

    @property
    def slots(self) -> int:
        """Worker threads in the cluster now (``workers`` before it is open)."""
        if self.client is None:
            return self.workers
        return max(1, sum(self._nthreads().values()))

    def _nthreads(self) -> dict[str, int]:
        """The scheduler's workers and their threads, asked within ``CALL_SECONDS``."""
        try:
            return dict(self.client.nthreads(callback_timeout=CALL_SECONDS))
        except TimeoutError:
            raise SafeInternalError(
                f"executor dask: the scheduler did not answer within {CALL_SECONDS} s"
            ) from None

    @property
    def scheduler_address(self) -> str:
        """Where the cluster's scheduler listens (for workers or other clients to join)."""
        return str(self.client.scheduler.address)

    def __enter__(self) -> DaskExecutor:
        distributed = _import_distributed()
        if self.address is None:
            self._start_local(distributed)
            return self
        _check_tls(distributed, self.address)
        _probe_scheduler(distributed, self.address)
        try:
            self.client = distributed.Client(
                self.address, timeout=CONNECT_SECONDS, set_as_default=False
            )
            self.client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except Exception as exc:  # a scheduler that stopped answering, or no worker
            why = "no worker joined" if self.client is not None else "cannot connect"
            self.close()
            raise ConfigError(
                f"executor dask: scheduler {self.address}: {why} within "
                f"{CONNECT_SECONDS} s ({type(exc).__name__})"
            ) from None
        self._check_workers()
        return self

    def _start_local(self, distributed: Any) -> None:
        """Start the LocalCluster; a start that fails (a worker process killed as it starts) is
        tried once more, then it is one line."""
        import dask

        why = ""
        for _ in range(2):
            try:
                with (
                    warnings.catch_warnings(),  # another cluster holds the HTTP port: it moves
                    dask.config.set(CLUSTER_CONFIG),
                    _quiet_distributed(),
                ):
                    warnings.filterwarnings("ignore", message="Port .* is already in use")
                    self._cluster = distributed.LocalCluster(
                        n_workers=self.workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        preload=[PRELOAD],
                        # workers' own records (a heartbeat's traceback as the cluster closes)
                        # never reach stderr
                        silence_logs=logging.CRITICAL + 1,
                    )
                    self.client = distributed.Client(self._cluster, set_as_default=False)
                return
            except Exception as exc:
                why = type(exc).__name__
                self.close()
        raise ConfigError(f"executor dask: the LocalCluster did not start, twice ({why})")

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_workers(self) -> set[str] | None:
        """Refuse (before any task is sent) a cluster with a worker on another machine reached
        over plain TCP, unless ``allow_plaintext``: the scheduler forwards tasks to it as is.
        The hosts of the workers that passed (tasks are pinned to them), None when any may run
        them."""
        if self.allow_plaintext:
            return None
        workers = [str(w) for w in self._nthreads()]
        if any(is_plaintext_remote(w) for w in workers):
            where = self.address or "the LocalCluster"
            self.close()
            raise ConfigError(
                f"executor dask: scheduler {where}: a worker is on another machine over plain "
                "TCP: tasks carry the key and the data unencrypted; use tls:// (Dask's TLS "
                f"settings: {TLS_SETTINGS}), or on a network you trust set allow_plaintext: true"
            )
        from distributed.comm import get_address_host

        return {get_address_host(w) for w in workers}

    def close(self) -> None:
        """Clear the workers of a cluster that outlives the run (see ``cleanup``), close the
        client, and the LocalCluster when this executor started it. Dask's records of the
        shutdown are dropped."""
        client, cluster, self.client, self._cluster = self.client, self._cluster, None, None
        sent, self._sent = self._sent, False
        with _quiet_distributed():
            if client is not None and cluster is None and sent:
                done = _bounded(
                    lambda: self._clear_workers(client), FORGET_SECONDS + 2 * CONNECT_SECONDS
                )
                if not done:
                    log.warning(
                        "executor dask: the workers did not confirm within %d s that they "
                        "dropped this run's key; restart them to be sure",
                        FORGET_SECONDS + 2 * CONNECT_SECONDS,
                    )
            with contextlib.suppress(Exception):
                if client is not None:
                    client.close(timeout=CALL_SECONDS)
            with contextlib.suppress(Exception):
                if cluster is not None:
                    cluster.close(timeout=CALL_SECONDS)

    def _clear_workers(self, client: Any) -> None:
        """Drop the run's key from every worker of a cluster that outlives it: the
        initializer's cache and the tasks (``_forget``), then the last messages each worker's
        stream handler still holds (``_poke``, ``_swept``)."""
        left = client.run(_forget, self.cleanup, self.token, FORGET_SECONDS, on_error="ignore")
        busy = sum(n for n in left.values() if isinstance(n, int))
        if busy:
            log.warning(
                "executor dask: %d task(s) of this run still running on a worker after %d s: "
                "the key stays in that worker's memory until they end; restart it to be sure",
                busy,
                FORGET_SECONDS,
            )
        stimulus_id = f"{self._prefix()}forget"
        with contextlib.suppress(Exception):  # _swept collects, poked or not
            client.run_on_scheduler(_poke, stimulus_id)
        client.run(_swept, stimulus_id, CONNECT_SECONDS / 5, on_error="ignore")

    def _prefix(self) -> str:
        """The start of every task key this executor sends."""
        return _task_prefix(self.token)

    def map_unordered(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        lost: Callable[[T], R] | None = None,
        split: Callable[[T], list[T]] | None = None,
    ) -> Iterator[R]:
        if self.client is None:
            with self:
                yield from self._map(fn, items, lost, split)
        else:
            yield from self._map(fn, items, lost, split)

    def _map(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        lost: Callable[[T], R] | None,
        split: Callable[[T], list[T]] | None,
    ) -> Iterator[R]:
        distributed = _import_distributed()
        client = self.client
        self._check_workers()
        limit = 2 * self.slots
        ac = distributed.as_completed(loop=client.loop)
        inflight: dict[str, tuple[T, int]] = {}
        # pieces of a lost item, run before the rest
        again: deque[tuple[T, int]] = deque()
        # items that cannot be cut and were lost once: a worker's death can take a task
        # assigned to it as it died, so each gets a second chance at the end, alone in the
        # cluster, where only its own death can take it
        suspects: list[T] = []
        source = iter(items)
        name = getattr(fn, "__name__", "task")

        def refill() -> None:
            while len(inflight) < limit:
                if again:
                    item, chance = again.popleft()
                else:
                    try:
                        item, chance = next(source), 0
                    except StopIteration:
                        return
                hosts = self._check_workers()  # a worker may have joined since the last one
                if hosts is not None and not hosts:  # none now (restarting): an empty
                    hosts = self._wait_for_a_worker()  # list would let any worker run it
                self._tasks += 1
                self._sent = True
                fut = client.submit(
                    _dask_task,
                    self.token,
                    self.initializer,
                    self.initargs,
                    fn,
                    item,
                    key=f"{self._prefix()}{name}-{self._tasks}",
                    pure=False,
                    workers=None if hosts is None else sorted(hosts),
                    allow_other_workers=False,
                )
                inflight[fut.key] = (item, chance)
                futures[fut.key] = fut
                ac.add(fut)

        before = set(self._nthreads())
        futures: dict[str, Any] = {}  # every future this map holds, until it is done with
        try:
            refill()
            while True:
                fut = self._next_done(ac, inflight)
                if fut is None:
                    if not suspects:
                        break
                    limit = 1  # refill reads it: one suspect at a time, nothing beside it
                    again.extend((item, 1) for item in suspects)
                    suspects.clear()
                    refill()
                    continue
                item, chance = inflight.pop(fut.key)
                futures.pop(fut.key, None)
                if fut.status == "error":
                    exc = self._bounded_result(fut.exception)
                    fut.release()
                    if isinstance(exc, distributed.KilledWorker) and lost is not None:
                        pieces = split(item) if split is not None else []
                        if len(pieces) > 1:
                            again.extend((piece, 0) for piece in pieces)
                        elif split is not None and chance == 0:
                            suspects.append(item)
                        else:
                            yield lost(item)
                        refill()
                        continue
                    if isinstance(exc, distributed.KilledWorker):
                        raise MedPrivacyError(
                            "executor dask: a task's worker died repeatedly (killed worker)"
                        )
                    raise MedPrivacyError(f"executor dask: a task failed ({type(exc).__name__})")
                ok, value = self._bounded_result(fut.result)
                fut.release()
                if not ok:
                    raise value
                yield value
                refill()
        finally:
            left = [*futures.values(), *ac.futures]
            if left:  # one bounded call: a scheduler that stopped answering cannot hold the run
                _bounded(lambda: client.cancel(left), CALL_SECONDS)
            with contextlib.suppress(Exception):
                now = client.nthreads(callback_timeout=CALL_SECONDS)
                self.workers_changed |= set(now) != before

    def _wait_for_a_worker(self) -> set[str] | None:
        """The vetted workers' hosts once the cluster has one again, within
        ``no_worker_seconds``."""
        deadline = time.monotonic() + self.no_worker_seconds
        while time.monotonic() < deadline:
            hosts = self._check_workers()
            if hosts is None or hosts:
                return hosts
            time.sleep(0.1)
        raise SafeInternalError(
            f"executor dask: no worker in the cluster for {self.no_worker_seconds:g} s; the run "
            "stops (a rerun resumes)"
        )

    def _next_done(self, ac: Any, inflight: dict[str, Any]) -> Any:
        """The next future ``ac`` has finished (None once none is left), waited for at most
        ``stall_seconds`` since the last one, or ``no_worker_seconds`` while the cluster has
        no worker: tasks pinned to the vetted hosts wait for a worker that may never come
        back (a nanny closes for good once the scheduler drops its worker). Such a map fails
        in one line (exit 70) instead of waiting forever."""
        since = looked = time.monotonic()
        empty_since: float | None = None  # when the cluster was last seen with no worker
        while not ac.has_ready():
            if ac.is_empty():
                return None
            now = time.monotonic()
            if now - looked >= WORKER_CHECK_SECONDS:  # tasks pinned to hosts wait for a worker
                looked = now
                if self._nthreads():
                    empty_since = None
                elif empty_since is None:
                    empty_since = now
                elif now - empty_since > self.no_worker_seconds:
                    raise SafeInternalError(
                        f"executor dask: no worker in the cluster for "
                        f"{self.no_worker_seconds:g} s ({len(inflight)} tasks waiting); the run "
                        "stops (a rerun resumes)"
                    )
            if now - since > self.stall_seconds:
                try:
                    workers = len(self._nthreads())
                except SafeInternalError:
                    workers = 0
                raise SafeInternalError(
                    f"executor dask: no task finished in {self.stall_seconds:g} s "
                    f"({len(inflight)} in flight, {workers} workers); the run stops (a rerun "
                    "resumes)"
                )
            with ac.thread_condition:  # as_completed's own wake-up on each finished task
                ac.thread_condition.wait(timeout=0.1)
        return next(ac)

    def _bounded_result(self, get: Callable[..., Any]) -> Any:
        """A finished task's result or exception, fetched within ``stall_seconds`` (its data
        may have to be computed again when the worker that held it died)."""
        try:
            return get(timeout=self.stall_seconds)
        except TimeoutError:
            raise SafeInternalError(
                f"executor dask: a finished task's result did not arrive within "
                f"{self.stall_seconds:g} s; the run stops (a rerun resumes)"
            ) from None


def make_executor(
    workers: int,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple = (),
    config: ExecutorConfig | None = None,
    cleanup: Callable[[], Any] | None = None,
) -> Executor:
    """The executor ``config`` names (default local). Local: one worker runs in-process (no pool
    start-up), more use a process pool. ``config.workers``, when set, overrides ``workers``.
    ``cleanup`` (Dask) runs on each worker of a cluster that outlives the run, at its end."""
    n = config.workers if config is not None and config.workers is not None else workers
    if config is not None and config.kind == "dask":
        _import_distributed()  # fail early, in one line, without the scale extra
        return DaskExecutor(
            config.address, n, initializer, initargs, config.allow_plaintext, cleanup
        )
    if n <= 1:
        return SerialExecutor(initializer, initargs)
    return ProcessExecutor(n, initializer, initargs)


@contextlib.contextmanager
def open_executor(
    config: ExecutorConfig | None,
    workers: int,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple = (),
    cleanup: Callable[[], Any] | None = None,
) -> Iterator[Executor]:
    """An executor whose cluster (Dask) lives for the ``with`` block: started or connected on
    entry, closed on exit; several ``map_unordered`` calls share it."""
    executor = make_executor(workers, initializer, initargs, config, cleanup)
    with executor:
        yield executor
