"""Where batch work runs: in-process, on a local process pool or on Dask, behind one interface.

De-identification code only hands over a picklable function and an iterable of work items, so the
engine (``executor:`` in a pipeline, ``--executor`` on the CLI) can change without touching it.
Dask is imported only when a ``dask`` executor is opened (the ``scale`` extra).
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import pickle
import re
import socket
import threading
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Literal, Protocol, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from medprivacy.errors import ConfigError, MedPrivacyError

T = TypeVar("T")
R = TypeVar("R")
ADDRESS = re.compile(r"^(tcp|tls)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):([0-9]{1,5})$")
CONNECT_SECONDS = 10  # how long to try a scheduler address before giving up
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
    kind: Literal["local", "dask"] = "local"
    address: str | None = Field(default=None, description="tcp://HOST:PORT of a Dask scheduler.")
    workers: int | None = Field(
        default=None, ge=1, le=4096, description="Workers (LocalCluster size, or the local pool's)."
    )
    allow_plaintext: bool = Field(
        default=False,
        description="Accept a plain tcp:// scheduler on another machine: tasks carry the key "
        "and the data unencrypted (use tls:// instead wherever the network is not trusted).",
    )

    @field_validator("address")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is not None and not ADDRESS.match(value):
            raise ValueError(f"address {value!r}: expected tcp://HOST:PORT (or tls://HOST:PORT)")
        return value

    @model_validator(mode="after")
    def _dask_address(self) -> ExecutorConfig:
        if self.kind == "local" and self.address is not None:
            raise ValueError("address: only a dask executor has a scheduler address")
        plaintext = self.address is not None and is_plaintext_remote(self.address)
        if plaintext and not self.allow_plaintext:  # one line in a spec error, no "Value error"
            raise PydanticCustomError("plaintext_scheduler", plaintext_refusal(str(self.address)))
        return self


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
    if kind not in ("local", "dask") or (kind == "local" and sep) or (sep and not address):
        raise ConfigError(f"--executor {text}: expected local, dask or dask=tcp://HOST:PORT")
    plaintext = address.endswith(PLAINTEXT_OPT_IN)
    address = address.removesuffix(PLAINTEXT_OPT_IN)
    if not ADDRESS.match(address or "tcp://h:1"):
        raise ConfigError(f"--executor {text}: expected dask=tcp://HOST:PORT")
    try:
        return ExecutorConfig(
            kind="dask" if kind == "dask" else "local",
            address=address or None,
            allow_plaintext=plaintext,
        )
    except ValidationError as exc:
        reason = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"--executor {text}: {reason}") from None


class Executor(Protocol):
    """Runs ``fn`` on each item and yields results as they complete (any order), keeping only a
    few items in flight so the input streams. ``lost(item)``, where given, stands in for the
    result of an item whose worker process kept dying (Dask); without it that is an error."""

    @property
    def slots(self) -> int:
        """How many tasks can run at once (worker processes x threads); known once open."""
        ...

    def map_unordered(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        lost: Callable[[T], R] | None = None,
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
        self, fn: Callable[[T], R], items: Iterable[T], lost: Callable[[T], R] | None = None
    ) -> Iterator[R]:
        for item in items:
            yield fn(item)


class ProcessExecutor:
    """A local process pool; keeps at most ``2 * workers`` items in flight (streams input).
    Inside ``with`` (see :func:`open_executor`) one pool serves every ``map_unordered`` call;
    without it each call starts and closes its own."""

    def __init__(
        self, workers: int, initializer: Callable[..., Any] | None = None, initargs: tuple = ()
    ) -> None:
        self.workers = workers
        self.initializer = initializer
        self.initargs = initargs
        self.pool: ProcessPoolExecutor | None = None

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
        self, fn: Callable[[T], R], items: Iterable[T], lost: Callable[[T], R] | None = None
    ) -> Iterator[R]:
        if self.pool is not None:
            yield from self._map(self.pool, fn, items)
            return
        with self._new_pool() as pool:
            yield from self._map(pool, fn, items)

    def _map(
        self, pool: ProcessPoolExecutor, fn: Callable[[T], R], items: Iterable[T]
    ) -> Iterator[R]:
        pending: set[Future[R]] = set()
        source = iter(items)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < 2 * self.workers:
                try:
                    pending.add(pool.submit(fn, next(source)))
                except StopIteration:
                    exhausted = True
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()


# -- Dask ----------------------------------------------------------------------------------------
_READY: dict[str, str] = {"token": ""}  # per worker process: the initializer that ran last
_INIT_LOCK = threading.Lock()


def _dask_task(
    token: str, initializer: Callable[..., Any] | None, initargs: tuple, fn: Callable, item: Any
) -> tuple[bool, Any]:
    """Run on a Dask worker: the executor's initializer once per process (again only when another
    executor's ran since), then ``fn(item)``. An exception comes back as a value, so Dask never
    logs it with the task's arguments (file paths); the client re-raises it."""
    try:
        if initializer is not None and _READY["token"] != token:
            with _INIT_LOCK:
                if _READY["token"] != token:
                    initializer(*initargs)
                    _READY["token"] = token
        return True, fn(item)
    except Exception as exc:
        try:
            pickle.dumps(exc)
        except Exception:
            exc = MedPrivacyError(f"a task failed ({type(exc).__name__})")
        return False, exc


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ConfigError(
            f"executor dask: the dask distributed package is missing; {SCALE_HINT}"
        ) from None
    return distributed


class DaskExecutor:
    """Tasks on a Dask cluster: the one at ``address``, or a LocalCluster of ``workers``
    processes (one thread each, no dashboard) started on entry and closed on exit. Used without
    ``with``, each ``map_unordered`` opens and closes its own cluster.

    Tasks carry the initializer's arguments (the key) pickled: a plain tcp:// scheduler on
    another machine, or a worker reached over plain TCP from another machine, is refused unless
    ``allow_plaintext`` (checked on connecting and before each map's first task)."""

    def __init__(
        self,
        address: str | None,
        workers: int,
        initializer: Callable[..., Any] | None = None,
        initargs: tuple = (),
        allow_plaintext: bool = False,
    ) -> None:
        if address is not None and is_plaintext_remote(address) and not allow_plaintext:
            raise ConfigError(f"executor dask: {plaintext_refusal(address)}")
        self.address = address
        self.allow_plaintext = allow_plaintext
        self.workers = max(1, workers)
        self.initializer = initializer
        self.initargs = initargs
        self.token = uuid.uuid4().hex
        self.client: Any = None
        self._cluster: Any = None
        self._tasks = 0
        self.workers_changed = False  # a worker left or joined during a map (e.g. died)

    @property
    def slots(self) -> int:
        """Worker threads in the cluster now (``workers`` before it is open)."""
        if self.client is None:
            return self.workers
        return max(1, sum(self.client.nthreads().values()))

    @property
    def scheduler_address(self) -> str:
        """Where the cluster's scheduler listens (for workers or other clients to join)."""
        return str(self.client.scheduler.address)

    def __enter__(self) -> DaskExecutor:
        distributed = _import_distributed()
        if self.address is None:
            import dask

            with (
                warnings.catch_warnings(),  # another cluster holds the HTTP port: it moves
                dask.config.set(CLUSTER_CONFIG),
            ):
                warnings.filterwarnings("ignore", message="Port .* is already in use")
                self._cluster = distributed.LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            self.client = distributed.Client(self._cluster, set_as_default=False)
            return self
        _check_tls(distributed, self.address)
        try:
            self.client = distributed.Client(
                self.address, timeout=CONNECT_SECONDS, set_as_default=False
            )
            self.client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError) as exc:
            self.close()
            why = "no worker joined" if self.client is not None else "cannot connect"
            raise ConfigError(
                f"executor dask: scheduler {self.address}: {why} within "
                f"{CONNECT_SECONDS} s ({type(exc).__name__})"
            ) from None
        self._check_workers()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_workers(self) -> None:
        """Refuse (before any task is sent) a cluster with a worker on another machine reached
        over plain TCP, unless ``allow_plaintext``: the scheduler forwards tasks to it as is."""
        if self.allow_plaintext:
            return
        if any(is_plaintext_remote(str(w)) for w in self.client.nthreads()):
            where = self.address or "the LocalCluster"
            self.close()
            raise ConfigError(
                f"executor dask: scheduler {where}: a worker is on another machine over plain "
                "TCP: tasks carry the key and the data unencrypted; use tls:// (Dask's TLS "
                f"settings: {TLS_SETTINGS}), or on a network you trust set allow_plaintext: true"
            )

    def close(self) -> None:
        """Close the client, and the LocalCluster when this executor started it."""
        client, cluster, self.client, self._cluster = self.client, self._cluster, None, None
        with contextlib.suppress(Exception):
            if client is not None:
                client.close()
        with contextlib.suppress(Exception):
            if cluster is not None:
                cluster.close()

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T], lost: Callable[[T], R] | None = None
    ) -> Iterator[R]:
        if self.client is None:
            with self:
                yield from self._map(fn, items, lost)
        else:
            yield from self._map(fn, items, lost)

    def _map(
        self, fn: Callable[[T], R], items: Iterable[T], lost: Callable[[T], R] | None
    ) -> Iterator[R]:
        distributed = _import_distributed()
        client = self.client
        self._check_workers()
        limit = 2 * self.slots
        ac = distributed.as_completed(loop=client.loop)
        inflight: dict[str, T] = {}
        source = iter(items)
        name = getattr(fn, "__name__", "task")

        def refill() -> None:
            while len(inflight) < limit:
                try:
                    item = next(source)
                except StopIteration:
                    return
                self._tasks += 1
                fut = client.submit(
                    _dask_task,
                    self.token,
                    self.initializer,
                    self.initargs,
                    fn,
                    item,
                    key=f"medprivacy-{name}-{self.token[:8]}-{self._tasks}",
                    pure=False,
                )
                inflight[fut.key] = item
                ac.add(fut)

        before = set(client.nthreads())
        try:
            refill()
            for fut in ac:
                item = inflight.pop(fut.key)
                if fut.status == "error":
                    exc = fut.exception()
                    fut.release()
                    if isinstance(exc, distributed.KilledWorker) and lost is not None:
                        yield lost(item)
                        refill()
                        continue
                    if isinstance(exc, distributed.KilledWorker):
                        raise MedPrivacyError(
                            "executor dask: a task's worker died repeatedly (killed worker)"
                        )
                    raise MedPrivacyError(f"executor dask: a task failed ({type(exc).__name__})")
                ok, value = fut.result()
                fut.release()
                if not ok:
                    raise value
                yield value
                refill()
        finally:
            for fut in list(ac.futures):
                with contextlib.suppress(Exception):
                    fut.cancel()
            with contextlib.suppress(Exception):
                self.workers_changed |= set(client.nthreads()) != before


def make_executor(
    workers: int,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple = (),
    config: ExecutorConfig | None = None,
) -> Executor:
    """The executor ``config`` names (default local). Local: one worker runs in-process (no pool
    start-up), more use a process pool. ``config.workers``, when set, overrides ``workers``."""
    n = config.workers if config is not None and config.workers is not None else workers
    if config is not None and config.kind == "dask":
        _import_distributed()  # fail early, in one line, without the scale extra
        return DaskExecutor(config.address, n, initializer, initargs, config.allow_plaintext)
    if n <= 1:
        return SerialExecutor(initializer, initargs)
    return ProcessExecutor(n, initializer, initargs)


@contextlib.contextmanager
def open_executor(
    config: ExecutorConfig | None,
    workers: int,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple = (),
) -> Iterator[Executor]:
    """An executor whose cluster (Dask) lives for the ``with`` block: started or connected on
    entry, closed on exit; several ``map_unordered`` calls share it."""
    executor = make_executor(workers, initializer, initargs, config)
    with executor:
        yield executor
