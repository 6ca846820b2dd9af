"""Safe Harbor over a partitioned table at scale: this machine vs a Dask LocalCluster.

Generates (seeded, streamed one partition at a time) ``--rows`` visit rows x 20 columns (names,
SSNs, phones, e-mails, birth/visit/discharge dates, ZIPs, ages, ids, costs, categories) for
``--rows / 10`` patients as ``--partitions`` Parquet files, cached under
``$TMPDIR/medprivacy-bench/`` (outside the repository; generated once per size). Then runs
``medprivacy deid tables`` on it through the CLI, in a subprocess under ``nice``: once with the
local executor (this process, polars threads) and once with ``--executor dask --workers N`` (a
LocalCluster, started inside the timing). Each run's wall time and the peak resident memory of
its whole process tree (CLI + Dask scheduler + workers, RSS summed, sampled every 0.2 s) are
measured; the release is then checked (rows, columns, no direct identifier, codes unique).

Targets (issue 17): 20,000,000 rows in <= 10 min and <= 4 GB on one machine; Dask within 1.2x.

    python benchmarks/scale_tables.py                      # 20,000,000 rows, 40 partitions
    python benchmarks/scale_tables.py --rows 2000000       # a smaller run
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import psutil

TARGET_SECONDS = 600.0
TARGET_BYTES = 4 << 30
TARGET_RATIO = 1.2
FIRST = ("James", "Mary", "Wei", "Aisha", "Olga", "Juan", "Fatima", "Priya", "Kwame", "Ingrid")
LAST = ("Smith", "Garcia", "Nguyen", "Okafor", "Schmidt", "Lee", "Rivera", "Khan", "Novak", "Ito")
RACE = ("white", "black", "asian", "native", "pacific islander", "other", "unknown")
RACE_P = (0.6, 0.13, 0.06, 0.01, 0.00002, 0.11998, 0.08)
MARITAL = ("married", "partnered", "single", "divorced", "widowed", "unknown")
SPEC = """\
release: safe_harbor
reviewed: true
patient_key: visits.patient_id
reference_date: 2024-12-31
tables:
  visits:
    path: {path}
    primary_key: visit_id
    columns:
      visit_id: {{role: key, rule: release_code, identifier: other_id}}
      patient_id: {{role: key, rule: release_code, identifier: mrn}}
      name: {{role: direct, rule: drop, identifier: name}}
      ssn: {{role: direct, rule: drop, identifier: ssn}}
      phone: {{role: direct, rule: drop, identifier: phone}}
      email: {{role: direct, rule: drop, identifier: email}}
      birth_date: {{role: date, rule: date_year, identifier: date, age_cap: true}}
      visit_date: {{role: date, rule: date_year, identifier: date}}
      discharge_date: {{role: date, rule: date_year, identifier: date}}
      age: {{role: quasi, rule: age_90, type: int}}
      zip: {{role: quasi, rule: zip3, identifier: geographic}}
      sex: {{role: quasi, rule: keep}}
      race: {{role: quasi, rule: suppress_rare, k: 10}}
      marital:
        role: quasi
        rule: generalize
        hierarchy: {{married: partnered, partnered: partnered, single: not partnered,
                    divorced: not partnered, widowed: not partnered, unknown: unknown}}
      diagnosis_code: {{role: sensitive, rule: keep}}
      procedure_code: {{role: keep, rule: keep}}
      cost: {{role: sensitive, rule: top_bottom, min: 0, max: 100000}}
      length_of_stay: {{role: quasi, rule: generalize, bins: [1, 3, 7, 14, 30]}}
      insurance_plan_id: {{role: direct, rule: release_code, identifier: health_plan}}
      city: {{role: quasi, rule: drop, identifier: geographic}}
"""
DIRECT = ("name", "ssn", "phone", "email", "city")


def _text(prefix: str, numbers: np.ndarray, width: int) -> pl.Expr:
    return pl.lit(prefix) + pl.lit(pl.Series(numbers)).cast(pl.String).str.zfill(width)


def partition(i: int, rows: int, start: int, patients: int) -> pl.DataFrame:
    """Rows ``start .. start + rows`` of the table. A patient's attributes are functions of its
    number, so they agree across partitions without a patient table in memory."""
    rng = np.random.default_rng([17, i])
    p = rng.integers(0, patients, rows)
    birth = np.datetime64("1915-01-01") + ((p * 7919) % (365 * 105)).astype("timedelta64[D]")
    visit = np.datetime64("2015-01-01") + rng.integers(0, 3650, rows).astype("timedelta64[D]")
    stay = np.minimum(rng.geometric(0.3, rows) - 1, 90)
    age = np.maximum((visit - birth).astype(np.int64) // 365, 0)
    frame = pl.select(
        _text("V", np.arange(start + 1, start + rows + 1), 9).alias("visit_id"),
        _text("P", p + 1, 8).alias("patient_id"),
        (
            pl.lit(pl.Series(FIRST).gather(p % len(FIRST)))
            + " "
            + pl.lit(pl.Series(LAST).gather((p // len(FIRST)) % len(LAST)))
        ).alias("name"),
        _text("", (p * 104729) % 900_000_000 + 100_000_000, 9).alias("ssn"),
        _text("(617) 555-", p % 10000, 4).alias("phone"),
        _text("patient", p, 8).str.to_lowercase().add("@example.org").alias("email"),
        pl.lit(pl.Series(birth).cast(pl.Date)).alias("birth_date"),
        pl.lit(pl.Series(visit).cast(pl.Date)).alias("visit_date"),
        pl.lit(pl.Series(visit + stay.astype("timedelta64[D]")).cast(pl.Date)).alias(
            "discharge_date"
        ),
        pl.lit(pl.Series(age)).alias("age"),
        _text("", (p * 7) % 98999 + 1000, 5).alias("zip"),
        pl.lit(pl.Series(["female", "male", "unknown"]).gather(p % 3)).alias("sex"),
        pl.lit(pl.Series(RACE).gather(rng.choice(len(RACE), rows, p=RACE_P))).alias("race"),
        pl.lit(pl.Series(MARITAL).gather(p % len(MARITAL))).alias("marital"),
        _text("D", (rng.zipf(1.2, rows) - 1) % 5000, 4).alias("diagnosis_code"),
        _text("C", (rng.zipf(1.2, rows) - 1) % 2000, 5).alias("procedure_code"),
        pl.lit(pl.Series(np.round(rng.lognormal(8.0, 1.3, rows), 2))).alias("cost"),
        pl.lit(pl.Series(stay)).alias("length_of_stay"),
        _text("HP", p % 5000, 6).alias("insurance_plan_id"),
        _text("City-", p % 20000, 5).alias("city"),
    )
    return frame


def dataset(cache: Path, rows: int, parts: int) -> Path:
    """The cached partitioned table of ``rows`` rows (generated, one partition at a time, once)."""
    folder = cache / f"visits-{rows}-{parts}"
    if (folder / "_COMPLETE").is_file():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "visits").mkdir(parents=True)
    per = -(-rows // parts)
    for i in range(parts):
        n = min(per, rows - i * per)
        partition(i, n, i * per, max(1, rows // 10)).write_parquet(
            folder / "visits" / f"part-{i:04d}.parquet"
        )
    (folder / "_COMPLETE").write_text("")  # marks the generator's bookkeeping: not read as data
    return folder


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a process that just ended
            total += p.memory_info().rss
    return total


def run(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Wall time and peak RSS of the whole process tree of ``cmd``."""
    with tempfile.TemporaryFile("w+") as log:  # a file, not a pipe: the child never blocks
        t0 = time.perf_counter()
        proc = psutil.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc))
            time.sleep(0.2)
        seconds = time.perf_counter() - t0
        log.seek(0)
        err = log.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[-6:])}: exit {proc.returncode}\n{err[-2000:]}")
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak / 2**20), "stderr": err}


def check(release: Path, rows: int) -> None:
    """The release has every row, no direct identifier, and unique visit codes."""
    files = sorted((release / "tables" / "visits").glob("part-*.parquet"))
    scan = pl.scan_parquet(files)
    columns = scan.collect_schema().names()
    assert not set(DIRECT) & set(columns), columns
    got = scan.select(pl.len(), pl.col("visit_id").n_unique()).collect().row(0)
    assert got == (rows, rows), got
    listed = json.loads((release / "manifest.json").read_text())["files"]
    assert {f"tables/visits/{f.name}" for f in files} <= {f["path"] for f in listed}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--partitions", type=int, help="default: one per 500,000 rows")
    parser.add_argument("--workers", type=int, default=2, help="Dask LocalCluster workers")
    parser.add_argument("--only", choices=("local", "dask"), help="run one executor only")
    parser.add_argument("--nice", type=int, default=10, help="niceness of the timed runs")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="alternate local and dask runs N times; report the best",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(os.environ.get("TMPDIR") or tempfile.gettempdir()) / "medprivacy-bench",
    )
    args = parser.parse_args(argv)
    parts = args.partitions or max(1, -(-args.rows // 500_000))
    t0 = time.perf_counter()
    data = dataset(args.cache, args.rows, parts)
    generated = time.perf_counter() - t0
    spec = data / "safe-harbor.yaml"
    spec.write_text(SPEC.format(path=json.dumps(str(data / "visits"))))
    env = {**os.environ, "MEDPRIVACY_KEY": "scale-tables-benchmark-key-0123456789"}
    result: dict[str, Any] = {
        "rows": args.rows,
        "columns": 20,
        "partitions": parts,
        "input_mb": round(sum(f.stat().st_size for f in data.rglob("*.parquet")) / 2**20),
        "generate_seconds": round(generated, 1),
        "cpus": os.cpu_count(),
        "nice": args.nice,
    }
    base = [sys.executable, "-m", "medprivacy.cli", "deid", "tables", str(spec)]
    nice = ["nice", "-n", str(args.nice)] if args.nice else []
    engines = {"local": [], "dask": ["--executor", "dask", "-j", str(args.workers)]}
    runs: dict[str, list[dict[str, Any]]] = {}
    for _ in range(args.repeat):  # alternated, so a busy spell on a shared machine hits both
        for name, extra in engines.items():
            if args.only and args.only != name:
                continue
            out = Path(tempfile.mkdtemp(prefix=f"scale-tables-{name}-", dir=args.cache))
            try:
                timed = run([*nice, *base, "--out", str(out), *extra], env)
                check(out / "release", args.rows)
            finally:
                shutil.rmtree(out, ignore_errors=True)
            timed.pop("stderr")
            timed["load_average"] = round(os.getloadavg()[0], 1)
            runs.setdefault(name, []).append(timed)
            print(f"{name}: {timed}", file=sys.stderr)
    for name, timings in runs.items():
        result[name] = min(timings, key=lambda t: t["seconds"]) | {"runs": timings}
    if "local" in result and "dask" in result:
        result["dask_over_local"] = round(result["dask"]["seconds"] / result["local"]["seconds"], 2)
    result["targets"] = {
        "seconds": TARGET_SECONDS,
        "peak_mb": TARGET_BYTES >> 20,
        "dask_over_local": TARGET_RATIO,
    }
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
