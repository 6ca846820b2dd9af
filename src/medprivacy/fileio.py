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


def atomic_write_bytes(path: str | Path, data: bytes, *, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the whole new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
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
        raise InputError(f"{p}: unreadable table ({type(exc).__name__})") from None
    if len(frame) != rows:
        raise InputError(f"{p}: {len(frame)} rows read but {rows} in the file; refused")
    return frame
