"""De-identify a directory tree of DICOM files: streamed, parallel, resumable, atomic.

Outputs are named from the remapped UIDs (``study/series/instance.dcm``), never from input names.
The journal, the lock and ``summary.json`` (the only place input paths are written) live in
``state_dir``, by default a folder beside the output (``<out>.private``), never inside it. A
rerun with the same key and options resumes, skipping files already finished (bad files are
retried, since a fix may have happened). One run at a time per state folder.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from medprivacy.deid.dates import DEFAULT_DAYS
from medprivacy.deid.dicom.codes import preload_standard_codes
from medprivacy.deid.dicom.descriptors import check_cleaner, make_cleaner
from medprivacy.deid.dicom.file import (
    DEFAULT_MAX_FILE_BYTES,
    FileResult,
    OutputUnwritable,
    Status,
    deidentify_file,
)
from medprivacy.deid.dicom.pixels import NOTE, OcrChecker, require_ocr
from medprivacy.deid.dicom.profile import compile_profile
from medprivacy.deid.dicom.transform import Deidentifier
from medprivacy.errors import ConfigError, InputError, MedPrivacyError
from medprivacy.executor import Executor, ExecutorConfig, guided, make_executor
from medprivacy.fileio import TMP_PREFIX, atomic_write_json, remove_stale_temps
from medprivacy.journal import Journal
from medprivacy.keys import Key
from medprivacy.lock import exclusive

log = logging.getLogger(__name__)
CHUNK = 16  # files per task on the local pool: amortises inter-process overhead
# files per Dask task: a task of these templates takes ~2 ms per file on one core, so 128 files
# keep Dask's 4-9 ms per task (client, scheduler, transfer) near 3% of it (64 files: 7.5%)
DASK_CHUNK = 128
COMMIT_EVERY = 256  # journal rows per commit ...
COMMIT_SECONDS = 2.0  # ... or sooner when files are slow
STATE_SUFFIX = ".private"  # default state folder: <out>.private beside the output


def default_state_dir(out_dir: str | Path) -> Path:
    """The state folder of a batch into ``out_dir``: beside it, never inside it."""
    dst = Path(out_dir).resolve()
    return dst.with_name(dst.name + STATE_SUFFIX)


@dataclass
class Problem:
    """An input that was not released: its path (private), a keyed short id that is safe to
    print (the same for the same relative path and key), its status and the rule that applied."""

    path: str
    status: str
    reason: str
    id: str = ""


@dataclass
class BatchSummary:
    """Counts of one batch run; ``problems`` and ``review`` name input paths, keep them private."""

    done: int = 0
    resumed: int = 0
    quarantined: int = 0
    failed: int = 0
    skipped_symlinks: int = 0  # symlinks not followed (folders, or files leaving the input)
    skipped_special: int = 0  # not regular files (FIFOs, devices, sockets): never opened
    stale: int = 0  # files in the output no input of this run produced, moved to the state folder
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # outputs to check for burned-in text
    outputs: dict[str, str] = field(default_factory=dict)  # output rel path -> sha256
    actions: dict[str, int] = field(default_factory=dict)
    ocr: dict[str, int] = field(default_factory=dict)  # path -> PHI regions found (-1: OCR failed)

    @property
    def total(self) -> int:
        return self.done + self.resumed + self.quarantined + self.failed

    @property
    def files_per_second(self) -> float:
        processed = self.total - self.resumed
        return processed / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["files_per_second"] = round(self.files_per_second, 1)
        d["total"] = self.total
        return d

    def line(self) -> str:
        return (
            f"done {self.done}, resumed {self.resumed}, quarantined {self.quarantined}, "
            f"failed {self.failed}, review {len(self.review)}, "
            f"symlinks skipped {self.skipped_symlinks}, "
            f"special files skipped {self.skipped_special}, stale outputs moved {self.stale} "
            f"({self.files_per_second:.0f} files/s)"
        )


# -- worker side ---------------------------------------------------------------------------------
_WORKER: dict[str, object] = {}


def _init_worker(
    options: tuple[str, ...],
    key: Key,
    out_dir: str,
    date_shift_days: tuple[int, int],
    pixel_check: str,
    text_cleaner: str = "vocabulary",
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> None:
    profile = compile_profile(options)
    cleaner = make_cleaner(text_cleaner)
    _WORKER["deid"] = Deidentifier(profile, key, date_shift_days=date_shift_days, cleaner=cleaner)
    _WORKER["ocr"] = OcrChecker() if pixel_check == "ocr" else None
    _WORKER["out"] = out_dir
    _WORKER["max_bytes"] = max_bytes


def _forget_worker() -> None:
    """Drop this process's de-identifier (it holds the key): a Dask cluster that outlives the
    run runs this on each worker as the run ends, and the driver at the end of its batch."""
    _WORKER.clear()


def _one(path: str, replace: bool = False) -> FileResult:
    """One file with this process's de-identifier; an unexpected error fails only this file."""
    deid, ocr = _WORKER["deid"], _WORKER["ocr"]
    max_bytes = _WORKER["max_bytes"]
    assert isinstance(deid, Deidentifier) and isinstance(max_bytes, int)
    assert ocr is None or isinstance(ocr, OcrChecker)
    try:
        return deidentify_file(
            path, str(_WORKER["out"]), deid, ocr, max_bytes=max_bytes, replace=replace
        )
    except OutputUnwritable:
        raise
    except Exception as exc:  # MemoryError and anything else a hostile file provokes
        return FileResult(Status.FAILED, f"internal error ({type(exc).__name__})")


def _before_fork() -> None:
    """Load, in the driver, what every worker would otherwise load for itself: the pool forks
    its workers at the first chunk, so they share one copy. Coded items are in nearly every
    file, and the standard's code lists take a tenth of a second to load per process."""
    preload_standard_codes()


def _work(chunk: list[tuple[str, str]]) -> list[tuple[str, FileResult]]:
    return [(k, _one(p)) for k, p in chunk]


WORKER_DIED = "worker process died while processing this file"
SPLIT = 8  # a batch whose worker died is run again as this many smaller batches


def _split(chunk: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """A batch whose worker died (Dask gave up retrying it, or the local pool broke), cut into
    up to ``SPLIT`` smaller ones to run again, down to single files: only the file that kills
    its worker fails (64 files: 3 rounds of deaths, not 7 as halving would take)."""
    if len(chunk) < 2:
        return []
    size = -(-len(chunk) // SPLIT)
    return [chunk[i : i + size] for i in range(0, len(chunk), size)]


def _lost(chunk: list[tuple[str, str]]) -> list[tuple[str, FileResult]]:
    """A file (a batch that cannot be cut) whose worker kept dying: recorded as failed (a rerun
    retries it), never dropped."""
    return [(k, FileResult(Status.FAILED, WORKER_DIED)) for k, _ in chunk]


# -- driver --------------------------------------------------------------------------------------
def _walk(
    root: Path,
    skip: Sequence[Path],
    skipped: list[Path] | None = None,
    special: list[Path] | None = None,
) -> Iterator[tuple[Path, os.stat_result]]:
    """Regular files under ``root`` with their stat, in a stable order, streaming.

    Order: a folder's files by name, then its subfolders by name, depth first. ``skip`` trees
    are not entered. Symlinked folders are never followed and symlinked files are followed only
    when they point inside ``root`` (which must be resolved); the others go to ``skipped``.
    Anything that is not a regular file (a FIFO would block its reader forever, a device never
    ends) goes to ``special`` without being opened. One ``scandir`` per folder and one ``stat``
    per file: the entry types come from the folder listing.
    """
    skip_s = {str(s) for s in skip}
    prefix = str(root) + os.sep
    stack = [str(root)]
    while stack:
        try:
            with os.scandir(stack.pop()) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue  # vanished or unreadable folder: nothing to list
        folders = []
        for entry in entries:
            link = entry.is_symlink()
            if entry.is_dir(follow_symlinks=False):
                if entry.path not in skip_s:
                    folders.append(entry.path)
                continue
            if link and (
                os.path.isdir(entry.path) or not os.path.realpath(entry.path).startswith(prefix)
            ):
                if skipped is not None:
                    skipped.append(Path(entry.path))
                continue
            try:
                st = os.stat(entry.path)
            except OSError:
                continue  # vanished, or a dangling link: nothing to read
            if not stat.S_ISREG(st.st_mode):
                if special is not None:
                    special.append(Path(entry.path))
                continue
            yield Path(entry.path), st
        stack.extend(reversed(folders))


def _count(root: Path, skip: Sequence[Path]) -> int:
    """Files under ``root`` for the progress bar, from folder listings alone (no stat)."""
    skip_s = {str(s) for s in skip}
    n, stack = 0, [str(root)]
    while stack:
        with contextlib.suppress(OSError), os.scandir(stack.pop()) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False):
                    if entry.path not in skip_s:
                        stack.append(entry.path)
                else:
                    n += 1
    return n


def _check_writable(directory: Path, what: str) -> None:
    """Create ``directory`` and prove a file can be written there: one error line if not."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f"{TMP_PREFIX}probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = os.strerror(exc.errno).lower() if exc.errno else type(exc).__name__
        raise InputError(f"{directory}: {what} is not writable ({reason})") from None


def _move_stale(out: Path, outputs: dict[str, str], stale_dir: Path) -> list[str]:
    """Move every file under ``out`` that this run did not release (an earlier run's output for
    an input that is gone, now failed or quarantined) to ``stale_dir``, one ``os.replace`` each,
    so the output folder holds exactly this run's files; return their relative paths. Symlinks
    (to folders too) are moved, never followed; folders the moves emptied are removed."""
    stale, stack = [], [""]
    while stack:  # list first, move after: never rename inside a folder being listed
        rel = stack.pop()
        with os.scandir(out / rel if rel else out) as it:
            for entry in it:
                r = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append(r)
                elif r not in outputs:
                    stale.append(r)
    emptied: set[str] = set()
    for rel in stale:
        target = stale_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(out / rel, target)
        parts = rel.split("/")[:-1]
        emptied.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    for rel in sorted(emptied, key=lambda r: r.count("/"), reverse=True):
        with contextlib.suppress(OSError):  # not empty: it holds this run's files
            (out / rel).rmdir()
    return sorted(stale)


def _is_empty(directory: Path) -> bool:
    """Whether ``directory`` holds no entry at all (a first run: nothing can be stale)."""
    with os.scandir(directory) as it:
        return next(it, None) is None


@contextlib.contextmanager
def _no_bar(label: str, total: int, enabled: bool) -> Iterator[Callable[[int], None]]:
    yield lambda n: None


def _progress(enabled: bool) -> Callable[..., contextlib.AbstractContextManager]:
    """The progress bar, imported only when one may be drawn (rich is a tenth of the start-up
    of a ``--no-progress`` run)."""
    if not enabled:
        return _no_bar
    from medprivacy.progress import progress_bar

    return progress_bar


def _private(path: Path, mode: int) -> None:
    """Keep the state folder's journal, lock and summary (keyed ids, input paths) private."""
    with contextlib.suppress(OSError):  # a file system without modes: nothing more to do
        os.chmod(path, mode)


def deidentify_dicom(
    in_dir: str | Path,
    out_dir: str | Path,
    key: Key,
    options: Sequence[str] = (),
    *,
    workers: int = 1,
    state_dir: str | Path | None = None,
    progress: bool = True,
    date_shift_days: tuple[int, int] = DEFAULT_DAYS,
    pixel_check: str = "none",
    text_cleaner: str = "vocabulary",
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    move_stale: bool = False,
    executor: ExecutorConfig | None = None,
) -> BatchSummary:
    """De-identify every DICOM file under ``in_dir`` into ``out_dir`` (Annex E + ``options``).

    ``text_cleaner`` picks how ``clean_descriptors`` cleans free text (see
    :mod:`medprivacy.deid.dicom.descriptors`); files over ``max_file_bytes`` are reported and
    skipped. ``state_dir`` (default :func:`default_state_dir`) holds the journal, the lock and
    ``summary.json``; ``move_stale`` moves files an earlier run left in ``out_dir`` to
    ``<state>/stale/`` (the CLI; a pipeline moves stale files out of release/ itself).
    ``executor`` picks where batches of files run (default: a local pool of ``workers``); this
    process keeps the journal either way."""
    src = Path(in_dir).resolve()
    dst = Path(out_dir).resolve()
    if not src.is_dir():
        raise InputError(f"{in_dir}: input directory not found")
    if dst == src or src in dst.parents:
        raise InputError(f"{out_dir}: output directory must not be inside the input directory")
    if dst in src.parents:
        raise InputError(f"{in_dir}: input directory must not be inside the output directory")
    state = Path(state_dir).resolve() if state_dir else default_state_dir(dst)
    if state == src or src in state.parents:
        raise InputError(f"{state}: state directory must not be inside the input directory")
    if state == dst or dst in state.parents:
        raise InputError(f"{state}: state directory must not be inside the output directory")
    if max_file_bytes < 1:
        raise ConfigError(f"maximum file size {max_file_bytes}: must be positive")
    profile = compile_profile(tuple(options))  # validates option names
    if pixel_check not in ("none", "ocr"):
        raise ConfigError(f"pixel check {pixel_check!r}: expected none or ocr")
    if pixel_check == "ocr":
        require_ocr()
    check_cleaner(text_cleaner)
    low, high = date_shift_days
    if low > high:
        raise ConfigError(f"date shift range {low}:{high}: minimum above maximum")
    ident = f"{','.join(profile.options)};{low}:{high};{pixel_check};{text_cleaner}"
    args = (profile.options, key, str(dst), (low, high), pixel_check, text_cleaner, max_file_bytes)
    n = executor.workers if executor is not None and executor.workers is not None else workers
    engine = make_executor(n, _init_worker, args, executor, _forget_worker)
    # the executor first: a cluster that cannot start (or a scheduler that does not answer)
    # leaves no output or state folder behind; on exit, a cluster that outlives the run drops
    # the key from its workers, whatever the outcome
    with engine:
        _check_writable(state, "state directory")
        _private(state, 0o700)
        with exclusive(state, out_dir):
            _private(state / ".lock", 0o600)
            _check_writable(dst, "output directory")
            remove_stale_temps(dst)
            started_empty = _is_empty(dst)
            try:
                summary = _run(
                    src, dst, state, key, ident, args, workers, progress, executor, engine
                )
                # An output folder that was empty under the lock holds only this run's files,
                # unless a worker died mid-batch after releasing some of a batch it then lost.
                died = any(p.reason == WORKER_DIED for p in summary.problems)
                sweep = move_stale and (died or not started_empty)
                stale = _move_stale(dst, summary.outputs, state / "stale") if sweep else []
            except OutputUnwritable as exc:
                raise MedPrivacyError(
                    f"{out_dir}: cannot write output ({exc}); finished files are kept, "
                    "rerun to resume once there is room"
                ) from None
            except sqlite3.Error as exc:
                raise MedPrivacyError(f"{state}: journal write failed ({exc})") from None
            if stale:
                summary.stale = len(stale)
                private = json.loads((state / "summary.json").read_text("utf-8"))
                private["stale"], private["stale_moved"] = len(stale), stale
                atomic_write_json(state / "summary.json", private)
    if pixel_check == "ocr":
        log.info("pixel check: %d image(s) OCR-checked; %s", len(summary.ocr), NOTE)
    log.info("DICOM batch: %s", summary.line())
    return summary


def _run(
    src: Path,
    dst: Path,
    state: Path,
    key: Key,
    ident: str,
    args: tuple,
    workers: int,
    progress: bool,
    config: ExecutorConfig | None,
    executor: Executor,
) -> BatchSummary:
    """The batch itself, under the state folder's lock, on ``executor`` (open)."""
    dask = config is not None and config.kind == "dask"
    if config is not None and config.workers is not None:
        workers = config.workers
    journal = Journal(state / "dicom-journal.sqlite", key.digest("journal-settings", ident).hex())
    for name in ("dicom-journal.sqlite", "dicom-journal.sqlite-wal", "dicom-journal.sqlite-shm"):
        if (state / name).exists():
            _private(state / name, 0o600)
    finished = journal.finished()
    summary = BatchSummary()
    actions: Counter[str] = Counter()
    paths: dict[str, str] = {}
    order: dict[str, int] = {}  # item key -> position in sorted path order
    owners: dict[str, tuple[str, FileResult]] = {}  # output -> (item key, result) that wrote it
    skipped: list[Path] = []
    special: list[Path] = []
    resumed: set[str] = set()

    def item_key(path: Path, st: os.stat_result) -> str:
        ident = f"{path.relative_to(src).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}"
        return key.digest("journal-item", ident).hex()[:32]

    def short_id(k: str) -> str:
        return key.path_id(Path(paths[k]).relative_to(src).as_posix())

    def account(k: str, r: FileResult, was_resumed: bool = False) -> None:
        if "ocr_regions" in r.counts or "ocr_failed" in r.counts:
            where = r.output if r.status is Status.DONE else f"input {short_id(k)}"
            summary.ocr[where] = r.counts.get("ocr_regions", -1)
        if r.status is Status.DONE:
            if was_resumed:
                summary.resumed += 1
                resumed.add(k)
            else:
                summary.done += 1
            summary.outputs[r.output] = r.sha256
            owners.setdefault(r.output, (k, r))
            if r.review:
                summary.review.append(r.output)
            actions.update(r.counts)
            return
        if r.status is Status.QUARANTINED:
            summary.quarantined += 1
        else:
            summary.failed += 1
        summary.problems.append(Problem(paths[k], r.status.value, r.reason, short_id(k)))
        log.info("input %s: %s (%s)", short_id(k), r.status.value, r.reason)

    def settle(k: str, r: FileResult) -> list[tuple[str, FileResult]]:
        """Two inputs, one SOPInstanceUID: the input first in path order wins, whatever order
        the workers finished in; returns the (key, result) pairs to record."""
        owner = owners.get(r.output)
        if not r.duplicate or owner is None or order[owner[0]] < order[k]:
            return [(k, r)]
        loser_k, loser = owner
        winner = _one(paths[k], replace=True)
        if winner.status is not Status.DONE:
            return [(k, winner)]
        if loser_k in resumed:  # the earlier owner becomes the loser
            summary.resumed -= 1
        else:
            summary.done -= 1
        actions.subtract(loser.counts)
        if loser.review:
            summary.review.remove(loser.output)
        del owners[r.output]
        lost = FileResult(Status.FAILED, r.reason, loser.output, loser.sha256, duplicate=True)
        return [(loser_k, lost), (k, winner)]

    def fresh() -> Iterator[tuple[str, str]]:
        """(journal key, path) of each input still to do; a finished one is counted here."""
        for path, st in _walk(src, [dst, state], skipped, special):
            k = item_key(path, st)
            paths[k] = str(path)
            order[k] = len(order)
            old = finished.get(k)
            if old is not None and old[0] != Status.FAILED.value:
                status, reason, output, sha, size, review, counts = old
                account(
                    k,
                    FileResult(Status(status), reason, output, sha, size, bool(review), counts),
                    was_resumed=True,
                )
                advance(1)
                continue
            yield k, str(path)

    def todo(chunk_size: int, slots: int) -> Iterator[list[tuple[str, str]]]:
        warm = workers > 1 and not dask  # Dask workers are spawned, not forked
        for chunk in guided(fresh(), chunk_size, slots):
            if warm:
                _before_fork()
                warm = False
            yield chunk

    total = _count(src, [dst, state]) if progress else 0
    bar = _progress(progress)
    started = last_commit = time.perf_counter()
    pending: list[tuple] = []
    if workers > 1 or dask:
        _init_worker(*args)  # this process settles duplicates itself
    try:
        with bar("de-identifying DICOM", total, progress) as advance:
            # Dask: at least two files per worker thread in a task, so a big cluster asks its
            # scheduler for a task no more often than a small one (see DASK_CHUNK)
            chunk = max(DASK_CHUNK, 2 * executor.slots) if dask else CHUNK
            batches = todo(chunk, executor.slots)
            for results in executor.map_unordered(_work, batches, _lost, _split):
                for k0, r0 in results:
                    for k, r in settle(k0, r0):
                        account(k, r)
                        pending.append(
                            (
                                k,
                                r.status.value,
                                r.reason,
                                r.output,
                                r.sha256,
                                r.size,
                                int(r.review),
                                r.counts,
                            )
                        )
                advance(len(results))
                now = time.perf_counter()
                if len(pending) >= COMMIT_EVERY or now - last_commit >= COMMIT_SECONDS:
                    journal.record(pending)
                    pending.clear()
                    last_commit = now
    finally:
        _forget_worker()  # the key stays only in the caller's hands
        try:
            journal.record(pending)
        finally:
            journal.close()
    if getattr(executor, "workers_changed", False):  # a worker killed between writing and
        remove_stale_temps(dst)  # linking left its temp file (a restarted worker has a new pid)
    summary.skipped_symlinks = len(skipped)
    summary.skipped_special = len(special)
    summary.seconds = time.perf_counter() - started
    summary.actions = {k: v for k, v in actions.items() if v}
    private = summary.to_dict()
    private.pop("outputs")
    private["skipped_symlinks_paths"] = [str(p) for p in skipped]
    private["skipped_special_paths"] = [str(p) for p in special]
    atomic_write_json(state / "summary.json", private)
    return summary
