"""Shared loop for the reference-tool drivers (run by each tool's own venv python, not .venv).

A driver calls :func:`run` with a function that de-identifies one file ``src -> dst``. Every
regular file under IN is handed to it in sorted order, the output going to the same relative path
under OUT; a file that raises gets no output. The last stdout line is a JSON summary that
``benchmarks/dicom_throughput.py`` reads: tool version, files, failures and the commonest errors.
"""

from __future__ import annotations

import collections
import json
import sys
import warnings
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path


def paths() -> tuple[Path, Path]:
    if len(sys.argv) != 3:
        sys.exit(f"usage: {Path(sys.argv[0]).name} IN_DIR OUT_DIR")
    return Path(sys.argv[1]), Path(sys.argv[2])


def inputs(src: Path) -> list[Path]:
    return sorted(p for p in src.rglob("*") if p.is_file())


def describe(exc: BaseException) -> str:
    text, name = str(exc), type(exc).__name__
    return text if text.startswith(name) else f"{name}: {text}"


def report(dist: str, files: int, errors: Iterable[str]) -> None:
    counts = collections.Counter(e.splitlines()[0][:160] if e else "error" for e in errors)
    summary = {
        "tool": dist,
        "version": version(dist),
        "files": files,
        "failed": sum(counts.values()),
        "errors": counts.most_common(3),
    }
    print(json.dumps(summary))


def run(dist: str, deidentify: Callable[[Path, Path], object]) -> None:
    src, dst = paths()
    files = inputs(src)
    errors = []
    warnings.simplefilter("ignore")  # the tools warn per file; the benchmark wants the timing
    for p in files:
        out = dst / p.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            deidentify(p, out)
        except Exception as exc:  # one bad file must not end the run: count it
            errors.append(describe(exc))
            out.unlink(missing_ok=True)
    report(dist, len(files), errors)
