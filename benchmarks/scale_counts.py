"""Exact merged marginals over a partitioned table: one table in memory vs partitions on the local
executor vs partitions on a Dask LocalCluster.

Generates (seeded) ``--rows`` rows x ``--columns`` categorical columns for ``--patients``
patients, writes them as ``--parts`` Parquet files (generation and writing excluded), then times
what MST needs before its first noise draw, with ``max_rows`` per patient:
  * single: ``pandas.read_parquet`` of the directory + ``bound_contributions`` +
    ``encode_checked`` + every 1-way and 2-way table (``Codes.marginals``), in this process;
  * local-1 / local-N: ``PartitionedCodes`` (pass 1: rows per patient; pass 2: bound, check,
    1-ways) + one pass for every 2-way table, on the local executor (serial, an N-process pool);
  * dask-N: the same on a LocalCluster of N worker processes (cluster start timed apart),
then checks that every table equals the single-table one, so a fast run cannot be a wrong one.
Peak memory (``ru_maxrss`` of this process, which only grows): read after the serial run (the
client that counted every part itself) and after the single-table run, which runs last.

    python benchmarks/scale_counts.py                          # 5,000,000 rows in 8 parts
    python benchmarks/scale_counts.py --rows 200000 --workers 2
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from medprivacy.counts import PartitionedCodes, partitions
from medprivacy.executor import Executor, ExecutorConfig, open_executor
from medprivacy.synth.contributions import bound_contributions
from medprivacy.synth.encode import encode_checked
from medprivacy.synth.spec import SynthSpec, as_spec


def make_parts(root: Path, rows: int, parts: int, columns: int, patients: int) -> SynthSpec:
    """Write ``parts`` Parquet files under ``root`` (patients' rows spread over all of them)."""
    rng = np.random.default_rng(17)
    per = -(-rows // parts)
    for i in range(parts):
        n = min(per, rows - i * per)
        cols: dict[str, Any] = {"pid": rng.integers(0, patients, n).astype(str)}
        base = rng.integers(0, 8, n)
        for j in range(columns):
            noise = rng.integers(0, 8, n)
            cols[f"c{j}"] = np.where(rng.random(n) < 0.5, base, noise).astype(np.int64)
        pd.DataFrame(cols).to_parquet(root / f"part-{i:03d}.parquet", index=False)
    return as_spec(
        {
            "privacy_unit": {"id": "pid", "max_rows": 20},
            "columns": {
                f"c{j}": {"type": "categorical", "domain": list(range(8))} for j in range(columns)
            },
        }
    )


def wanted(d: int) -> list[tuple[int, ...]]:
    return [(j,) for j in range(d)] + list(itertools.combinations(range(d), 2))


def single(root: Path, spec: SynthSpec) -> tuple[float, list[np.ndarray]]:
    t = time.perf_counter()
    df = pd.read_parquet(root)
    codes = encode_checked(bound_contributions(df, spec), spec)
    tables = codes.marginals(wanted(len(spec.columns)))
    return time.perf_counter() - t, tables


def partitioned(
    root: Path, spec: SynthSpec, executor: Executor
) -> tuple[float, list[np.ndarray], int]:
    t = time.perf_counter()
    codes = PartitionedCodes(partitions(root), spec, executor)
    tables = codes.marginals(wanted(len(spec.columns)))
    return time.perf_counter() - t, tables, codes.passes


def peak_mb() -> int:
    """Peak resident memory of this process so far, MB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--parts", type=int, default=8)
    ap.add_argument("--columns", type=int, default=8)
    ap.add_argument("--patients", type=int, default=500_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-single", action="store_true", help="no in-memory baseline")
    args = ap.parse_args(argv)
    out: dict[str, Any] = {k: getattr(args, k) for k in ("rows", "parts", "columns", "workers")}
    with tempfile.TemporaryDirectory(prefix="scale-counts-") as tmp:
        root = Path(tmp)
        spec = make_parts(root, args.rows, args.parts, args.columns, args.patients)
        want = None
        runs = [("local-1", ExecutorConfig(), 1)]
        runs += [(f"local-{args.workers}", ExecutorConfig(), args.workers)]
        runs += [(f"dask-{args.workers}", ExecutorConfig(kind="dask"), args.workers)]
        for name, config, workers in runs:
            t = time.perf_counter()
            with open_executor(config, workers) as executor:
                if config.kind == "dask":
                    out[f"{name}_start_s"] = round(time.perf_counter() - t, 2)
                seconds, tables, passes = partitioned(root, spec, executor)
            out[f"{name}_s"], out["passes"] = round(seconds, 2), passes
            if name == "local-1":
                out["local-1_peak_mb"] = peak_mb()
            if want is None:
                want = tables
            for got, exp in zip(tables, want, strict=True):
                if not np.array_equal(got, exp):
                    raise AssertionError(f"{name}: merged tables differ from the reference")
        if not args.skip_single:
            seconds, tables = single(root, spec)
            out["single_s"], out["single_peak_mb"] = round(seconds, 2), peak_mb()
            for got, exp in zip(tables, want or tables, strict=True):
                if not np.array_equal(got, exp):
                    raise AssertionError("single: tables differ from the partitioned ones")
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
