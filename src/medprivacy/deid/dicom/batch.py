"""De-identify a directory tree of DICOM files: streamed, parallel, resumable, atomic.

Outputs are named from the remapped UIDs (``study/series/instance.dcm``), never from input names.
The journal and temporary files live in ``state_dir``; a rerun with the same key and options
resumes, skipping files already finished (bad files are retried, since a fix may have happened).
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from medprivacy.deid.dates import DEFAULT_DAYS
from medprivacy.deid.dicom.descriptors import check_cleaner, make_cleaner
from medprivacy.deid.dicom.file import FileResult, Status, deidentify_file
from medprivacy.deid.dicom.pixels import NOTE, OcrChecker, require_ocr
from medprivacy.deid.dicom.profile import compile_profile
from medprivacy.deid.dicom.transform import Deidentifier
from medprivacy.errors import ConfigError, InputError
from medprivacy.executor import make_executor
from medprivacy.fileio import remove_stale_temps
from medprivacy.journal import Journal
from medprivacy.keys import Key
from medprivacy.progress import progress_bar

log = logging.getLogger(__name__)
CHUNK = 16  # files per task: amortises inter-process overhead
COMMIT_EVERY = 256  # journal rows per commit ...
COMMIT_SECONDS = 2.0  # ... or sooner when files are slow


@dataclass
class Problem:
    """An input that was not released: its path (private), status and the rule that applied."""

    path: str
    status: str
    reason: str


@dataclass
class BatchSummary:
    """Counts of one batch run; ``problems`` and ``review`` name input paths, keep them private."""

    done: int = 0
    resumed: int = 0
    quarantined: int = 0
    failed: int = 0
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
            f"failed {self.failed}, review {len(self.review)} "
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
) -> None:
    profile = compile_profile(options)
    cleaner = make_cleaner(text_cleaner)
    _WORKER["deid"] = Deidentifier(profile, key, date_shift_days=date_shift_days, cleaner=cleaner)
    _WORKER["ocr"] = OcrChecker() if pixel_check == "ocr" else None
    _WORKER["out"] = out_dir


def _work(chunk: list[tuple[str, str]]) -> list[tuple[str, FileResult]]:
    deid, ocr = _WORKER["deid"], _WORKER["ocr"]
    out = str(_WORKER["out"])
    assert isinstance(deid, Deidentifier)
    assert ocr is None or isinstance(ocr, OcrChecker)
    return [(k, deidentify_file(p, out, deid, ocr)) for k, p in chunk]


# -- driver --------------------------------------------------------------------------------------
def _walk(root: Path, skip: Sequence[Path]) -> Iterator[Path]:
    """Regular files under ``root`` in a stable order, streaming, skipping ``skip`` trees."""
    skip_s = {str(s) for s in skip}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if str(Path(dirpath, d)) not in skip_s)
        for name in sorted(filenames):
            yield Path(dirpath, name)


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
) -> BatchSummary:
    """De-identify every DICOM file under ``in_dir`` into ``out_dir`` (Annex E + ``options``).

    ``text_cleaner`` picks how ``clean_descriptors`` cleans free text (see
    :mod:`medprivacy.deid.dicom.descriptors`)."""
    src = Path(in_dir).resolve()
    dst = Path(out_dir).resolve()
    if not src.is_dir():
        raise InputError(f"{in_dir}: input directory not found")
    if dst == src or src in dst.parents:
        raise InputError(f"{out_dir}: output directory must not be inside the input directory")
    if dst in src.parents:
        raise InputError(f"{in_dir}: input directory must not be inside the output directory")
    profile = compile_profile(tuple(options))  # validates option names
    state = Path(state_dir).resolve() if state_dir else dst / ".medprivacy"
    dst.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(dst)
    if pixel_check not in ("none", "ocr"):
        raise ConfigError(f"pixel check {pixel_check!r}: expected none or ocr")
    if pixel_check == "ocr":
        require_ocr()
    check_cleaner(text_cleaner)
    low, high = date_shift_days
    if low > high:
        raise ConfigError(f"date shift range {low}:{high}: minimum above maximum")
    ident = f"{','.join(profile.options)};{low}:{high};{pixel_check};{text_cleaner}"
    settings = key.digest("journal-settings", ident).hex()
    journal = Journal(state / "dicom-journal.sqlite", settings)
    finished = journal.finished()
    summary = BatchSummary()
    actions: Counter[str] = Counter()
    paths: dict[str, str] = {}

    def item_key(path: Path) -> str:
        st = path.stat()
        ident = f"{path.relative_to(src).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}"
        return key.digest("journal-item", ident).hex()[:32]

    def account(k: str, r: FileResult, resumed: bool = False) -> None:
        if "ocr_regions" in r.counts or "ocr_failed" in r.counts:
            where = r.output if r.status is Status.DONE else paths[k]
            summary.ocr[where] = r.counts.get("ocr_regions", -1)
        if r.status is Status.DONE:
            if resumed:
                summary.resumed += 1
            else:
                summary.done += 1
            summary.outputs[r.output] = r.sha256
            if r.review:
                summary.review.append(r.output)
            actions.update(r.counts)
            return
        if r.status is Status.QUARANTINED:
            summary.quarantined += 1
        else:
            summary.failed += 1
        summary.problems.append(Problem(paths[k], r.status.value, r.reason))
        log.info("%s: %s (%s)", paths[k], r.status.value, r.reason)

    def todo() -> Iterator[list[tuple[str, str]]]:
        chunk: list[tuple[str, str]] = []
        for path in _walk(src, [dst, state]):
            try:
                k = item_key(path)
            except OSError:
                continue  # vanished between listing and stat
            paths[k] = str(path)
            old = finished.get(k)
            if old is not None and old[0] != Status.FAILED.value:
                status, reason, output, sha, size, review, counts = old
                account(
                    k,
                    FileResult(Status(status), reason, output, sha, size, bool(review), counts),
                    resumed=True,
                )
                advance(1)
                continue
            chunk.append((k, str(path)))
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    total = sum(1 for _ in _walk(src, [dst, state]))
    started = last_commit = time.perf_counter()
    pending: list[tuple] = []
    args = (profile.options, key, str(dst), (low, high), pixel_check, text_cleaner)
    executor = make_executor(workers, _init_worker, args)
    try:
        with progress_bar("de-identifying DICOM", total, progress) as advance:
            for results in executor.map_unordered(_work, todo()):
                for k, r in results:
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
        journal.record(pending)
    finally:
        journal.close()
    summary.seconds = time.perf_counter() - started
    summary.actions = dict(actions)
    if pixel_check == "ocr":
        log.info("pixel check: %d image(s) OCR-checked; %s", len(summary.ocr), NOTE)
    log.info("DICOM batch: %s", summary.line())
    return summary
