"""Atomic file output: write to a temporary file beside the target, fsync, then rename."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from medprivacy.errors import InputError

TMP_PREFIX = ".mp-tmp-"


def is_private(path: str | Path) -> bool:
    """Whether ``path`` lies in a private folder: a run's ``private/`` or a batch's
    ``OUT.private`` state folder (the owner's alone)."""
    parts = Path(path).resolve().parent.parts
    return any(part == "private" or part.endswith(".private") for part in parts)


def _umask() -> int:
    """The process umask, read without changing it where Linux tells it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o077)  # elsewhere: set a strict one for an instant, then restore
    os.umask(mask)
    return mask


def file_mode(path: str | Path) -> int:
    """The mode a new file at ``path`` gets: 0600 in a private folder, else the usual
    0666 minus the umask (what ``open()`` gives; mkstemp's 0600 would surprise a publisher)."""
    return 0o600 if is_private(path) else 0o666 & ~_umask()


def atomic_write_bytes(path: str | Path, data: bytes, *, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the whole new one, never half;
    the file gets :func:`file_mode` (released files are readable as any other file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), file_mode(path))
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_png(path: str | Path, fig: Any, dpi: int = 100) -> None:
    """Save a matplotlib figure as PNG, atomically (rendered in memory, then written whole)."""
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    atomic_write_bytes(path, buf.getvalue())


def atomic_write_json(path: str | Path, obj: Any) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, sort_keys=True, default=str) + "\n")


def remove_stale_temps(directory: str | Path) -> int:
    """Delete temporary files a killed run left under ``directory``; return how many."""
    n = 0
    for root, _dirs, files in os.walk(directory):
        for name in files:
            if name.startswith(TMP_PREFIX):
                Path(root, name).unlink(missing_ok=True)
                n += 1
    return n


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


PARQUET_MAGIC = b"PAR1"  # a Parquet file starts and ends with it (its footer is at the end)


def unreadable_table(path: str | Path, exc: BaseException) -> InputError:
    """Why a CSV or Parquet table could not be read, in one line naming the file (and the row
    of a byte that is not UTF-8), never a value: ``exc`` is the reader's error."""
    from medprivacy.deid.table.csvfile import check_csv

    p = Path(path)
    try:
        if p.suffix.lower() in (".parquet", ".pq"):
            with open(p, "rb") as fh:
                head = fh.read(4)
                fh.seek(max(0, p.stat().st_size - 4))
                tail = fh.read(4)
            if head != PARQUET_MAGIC or tail != PARQUET_MAGIC:
                return InputError(f"{p}: not a complete Parquet file (cut short, or not Parquet)")
        else:
            check_csv(p.read_bytes(), str(p))  # names the row of a bad byte or a cut row
    except InputError as why:
        return why
    except OSError:
        pass
    return InputError(f"{p}: unreadable table ({type(exc).__name__})")


def read_table(path: str | Path, *, text: bool = False) -> Any:
    """A CSV (UTF-8, header row) or Parquet table as a pandas DataFrame; errors name the file
    and the kind of problem, never a cell value. A CSV that parses only partly is refused.

    ``text=True`` reads every CSV cell as a string with no NA guessing, so that no cell's value
    decides how the other cells of its column are read (types then come from a spec).
    """
    import io

    import pandas as pd

    from medprivacy.deid.table.csvfile import check_csv

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    as_text: dict[str, Any] = {"dtype": str, "keep_default_na": False, "na_filter": False}
    try:
        if p.suffix.lower() in (".parquet", ".pq"):
            return pd.read_parquet(p)
        content, rows = check_csv(p.read_bytes(), str(p))  # a cut or ragged file is refused
        frame = pd.read_csv(io.StringIO(content), **(as_text if text else {}))
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise unreadable_table(p, exc) from None
    if len(frame) != rows:
        raise InputError(f"{p}: {len(frame)} rows read but {rows} in the file; refused")
    return frame
