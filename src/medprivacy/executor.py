"""Where batch work runs: in-process, on a local process pool or on Dask, behind one interface.

De-identification code only hands over a picklable function and an iterable of work items, so the
engine (``executor:`` in a pipeline, ``--executor`` on the CLI) can change without touching it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")
R = TypeVar("R")


class ExecutorConfig(BaseModel):
    """Where a pipeline's batch work runs: ``local`` (this machine's process pool) or ``dask``
    (a Dask cluster at ``address``, or a LocalCluster started for the run when it is null)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["local", "dask"] = "local"
    address: str | None = Field(default=None, description="tcp://HOST:PORT of a Dask scheduler.")
    workers: int | None = Field(
        default=None, ge=1, le=4096, description="Workers (LocalCluster size, or the local pool's)."
    )


class Executor(Protocol):
    """Runs ``fn`` on each item and yields results as they complete (any order)."""

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...


class SerialExecutor:
    """Runs everything in this process; ``initializer`` runs once, here."""

    def __init__(self, initializer: Callable[..., Any] | None = None, initargs: tuple = ()) -> None:
        if initializer is not None:
            initializer(*initargs)

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        for item in items:
            yield fn(item)


class ProcessExecutor:
    """A local process pool; keeps at most ``2 * workers`` items in flight (streams input)."""

    def __init__(
        self, workers: int, initializer: Callable[..., Any] | None = None, initargs: tuple = ()
    ) -> None:
        self.workers = workers
        self.initializer = initializer
        self.initargs = initargs

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        with ProcessPoolExecutor(
            self.workers, initializer=self.initializer, initargs=self.initargs
        ) as pool:
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


def make_executor(
    workers: int, initializer: Callable[..., Any] | None = None, initargs: tuple = ()
) -> Executor:
    """One worker runs in-process (no pool start-up); more use a local process pool."""
    if workers <= 1:
        return SerialExecutor(initializer, initargs)
    return ProcessExecutor(workers, initializer, initargs)
