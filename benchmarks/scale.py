"""Scale-out benchmark (issue 17): the DICOM batch on the local process pool vs Dask, in one run.

Builds ``--files`` PHI-planted DICOM files from every Part 10 template pydicom ships (the corpus
of benchmarks/dicom_throughput.py), then times, in interleaved rounds on the same files:
  * ``local-1``: one process (no pool), ``local-2``: the local 2-process pool (pool start-up
    included, as on the command line),
  * ``dask-1`` / ``dask-2``: a Dask LocalCluster of 1 / 2 worker processes that is already
    running and warm (modules imported; what a long-lived cluster gives), started per round,
  * ``dask-2-cold``: ``--executor dask --workers 2`` as the command runs it: the LocalCluster's
    start-up and the workers' imports inside the timing,
each as one ``deidentify_dicom`` call into a fresh output folder (journal and summary included),
sampling the peak resident memory of the whole process tree (this client + pool or Dask workers,
RSS summed every 0.05 s). It also measures the engine's own cost per task: empty tasks through
each executor (2 workers), and the DICOM runs' extra wall time on Dask per task.

Targets: dask-2 >= 0.9x local-2's files/s; dask-1 -> dask-2 >= 1.7x. ``--tables`` then runs
benchmarks/scale_tables.py (the table part), passing on any options this script does not know.

    python benchmarks/scale.py                       # 2,000 files, 3 rounds
    python benchmarks/scale.py --tables --rows 2000000
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import psutil

from medprivacy.deid.dicom import batch
from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.executor import CLUSTER_CONFIG, PRELOAD, ExecutorConfig, open_executor
from medprivacy.keys import Key
from medprivacy.testing.dicom_corpus import build_corpus, shipped_templates

HERE = Path(__file__).resolve().parent
KEY = Key("scale-benchmark-key-0123456789")
CONFIGS = ("local-1", "local-2", "dask-1", "dask-2", "dask-2-cold")
TARGET_ENGINE = 0.9
TARGET_SCALING = 1.7


def _tree_cpu(me: psutil.Process) -> tuple[float, dict[int, float]]:
    """CPU seconds (user + system) of this process and its finished children, and of each live
    descendant by pid."""
    own = me.cpu_times()
    live = {}
    for p in me.children(recursive=True):
        with suppress(psutil.Error):
            t = p.cpu_times()
            live[p.pid] = t.user + t.system
    return own.user + own.system + own.children_user + own.children_system, live


@contextmanager
def measured() -> Iterator[dict[str, float]]:
    """Peak RSS (bytes, sampled every 0.05 s) and CPU seconds of this process and all its
    descendants (pool or Dask workers) while the block runs."""
    me = psutil.Process()
    cpu0, live0 = _tree_cpu(me)
    result = {"peak_rss": 0.0, "cpu": 0.0}
    peak = [0]
    stop = threading.Event()
    me = psutil.Process()

    def sample() -> None:
        while not stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                with suppress(psutil.Error):
                    total += p.memory_info().rss
            peak[0] = max(peak[0], total)
            stop.wait(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    try:
        yield result
    finally:
        stop.set()
        t.join()
        cpu1, live1 = _tree_cpu(me)
        result["peak_rss"] = peak[0]
        result["cpu"] = cpu1 - cpu0 + sum(v - live0.get(pid, 0.0) for pid, v in live1.items())


@contextmanager
def local_cluster(workers: int) -> Iterator[str]:
    """A warm LocalCluster, as README's long-lived cluster is started: every worker with
    ``--preload medprivacy.dask_preload`` (the package imported, its start-up heap frozen)."""
    import dask
    import distributed

    warnings.filterwarnings("ignore", message="Port .* is already in use")
    with (
        dask.config.set(CLUSTER_CONFIG),
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
            preload=[PRELOAD],
        ) as cluster,
    ):
        yield cluster.scheduler_address


def _noop(x: int) -> int:
    return x


def per_task_ms(n: int) -> dict[str, float]:
    """Per empty task through each executor with 2 workers (the engine's cost alone): wall ms,
    CPU ms of this process (the client; on Dask also the LocalCluster's scheduler, which runs
    here) and CPU ms of the whole tree."""
    out = {}
    for name, config in (("local", ExecutorConfig(kind="local")), ("dask", None)):
        with (
            local_cluster(2) if config is None else _nothing() as address,
            open_executor(config or ExecutorConfig(kind="dask", address=address), 2) as ex,
        ):
            list(ex.map_unordered(_noop, range(50)))  # pool/cluster warm
            with measured() as m:
                start, own = time.perf_counter(), time.process_time()
                list(ex.map_unordered(_noop, range(n)))
                own = time.process_time() - own
                out[name] = (time.perf_counter() - start) * 1000 / n
            out[f"{name}_client_cpu"] = own * 1000 / n
            out[f"{name}_tree_cpu"] = m["cpu"] * 1000 / n
    return out


@contextmanager
def _nothing() -> Iterator[str]:
    yield ""


def one_run(name: str, src: Path, out: Path) -> dict[str, float]:
    """One timed batch of ``name`` into a new ``out``: wall seconds and peak tree RSS. Outputs
    are removed only after every round: removing a run's output just before the next one made
    ext4's inode allocator cost up to 1 ms of system time per new file or folder (see
    dicom_throughput.py), and more for the runs later in a round."""
    os.sync()  # untimed: the last run's writes are on disk, not written back during this one
    kind, workers = name.split("-")[0], int(name.split("-")[1])

    def run(executor: ExecutorConfig | None) -> dict[str, float]:
        with measured() as m:
            start, own = time.perf_counter(), time.process_time()
            summary = deidentify_dicom(
                src, out, KEY, workers=workers, progress=False, executor=executor
            )
            wall, own = time.perf_counter() - start, time.process_time() - own
        assert summary.failed == 0 and summary.total == n_files(src), summary.line()
        return {
            "seconds": wall,
            "cpu_seconds": m["cpu"],
            "client_cpu_seconds": own,
            "peak_rss_mb": m["peak_rss"] / 1e6,
        }

    if kind == "local":
        return run(None)
    if name.endswith("cold"):
        return run(ExecutorConfig(kind="dask", workers=workers))
    with local_cluster(workers) as address:
        return run(ExecutorConfig(kind="dask", address=address))


def n_files(src: Path) -> int:
    return sum(1 for p in src.rglob("*") if p.is_file())


def ratio(results: dict[str, list[dict]], num: str, den: str) -> list[float]:
    """Per round: files/s of ``num`` over files/s of ``den`` (= den's wall over num's)."""
    return [d["seconds"] / n["seconds"] for n, d in zip(results[num], results[den], strict=True)]


def dicom(files: int, rounds: int, configs: tuple[str, ...], chunk: int | None) -> dict[str, Any]:
    if chunk:
        batch.DASK_CHUNK = chunk
    tmp = Path(tempfile.mkdtemp(prefix="mp-scale-"))
    try:
        templates = shipped_templates()
        src = tmp / "in"
        build_corpus(src, -(-files // len(templates)), templates=templates, seed=1)
        for extra in sorted(p for p in src.rglob("*") if p.is_file())[files:]:
            extra.unlink()  # exactly --files inputs
        n = n_files(src)
        results: dict[str, list[dict]] = {c: [] for c in configs}
        for r in range(rounds):
            for name in configs:
                print(f"round {r + 1}: {name} ...", file=sys.stderr, flush=True)
                results[name].append(one_run(name, src, tmp / "out" / f"{name}-{r + 1}"))
        overhead = per_task_ms(400)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    load = os.getloadavg()
    rows = {}
    for name, runs in results.items():
        secs = [x["seconds"] for x in runs]
        rows[name] = {
            "files_per_second": round(n / statistics.median(secs), 1),
            "seconds": [round(s, 2) for s in secs],
            "cpu_ms_per_file": round(
                statistics.median(x["cpu_seconds"] for x in runs) * 1000 / n, 2
            ),
            "client_cpu_ms_per_file": round(
                statistics.median(x["client_cpu_seconds"] for x in runs) * 1000 / n, 3
            ),
            "peak_rss_mb": round(max(x["peak_rss_mb"] for x in runs)),
        }
    report: dict[str, Any] = {
        "files": n,
        "rounds": rounds,
        "cpus": os.cpu_count(),
        "load_average_after": [round(x, 2) for x in load],
        "files_per_task": {"local": batch.CHUNK, "dask": batch.DASK_CHUNK},
        "runs": rows,
        "empty_task_ms": {k: round(v, 3) for k, v in overhead.items()},
    }
    checks: list[tuple[str, str, str, float]] = [
        ("dask-2 / local-2 files/s", "dask-2", "local-2", TARGET_ENGINE),
        ("dask-2-cold / local-2 files/s", "dask-2-cold", "local-2", TARGET_ENGINE),
        ("dask-1 -> dask-2 scaling", "dask-2", "dask-1", TARGET_SCALING),
        ("local-1 -> local-2 scaling", "local-2", "local-1", TARGET_SCALING),
    ]
    report["ratios"] = {}
    for label, num, den, target in checks:
        if num in results and den in results:
            per = ratio(results, num, den)
            report["ratios"][label] = {
                "median": round(statistics.median(per), 3),
                "per_round": [round(x, 3) for x in per],
                "target": target,
            }
    if "dask-2" in results and "local-2" in results:
        report["cpu_per_file_dask2_over_local2"] = round(
            rows["dask-2"]["cpu_ms_per_file"] / rows["local-2"]["cpu_ms_per_file"], 3
        )
        tasks = -(-n // batch.DASK_CHUNK)
        extra = statistics.median(
            d["seconds"] - loc["seconds"]
            for d, loc in zip(results["dask-2"], results["local-2"], strict=True)
        )
        task_ms = statistics.median(x["seconds"] for x in results["dask-2"]) * 2 * 1000 / tasks
        report["dask_task"] = {
            "tasks": tasks,
            "task_ms": round(task_ms, 1),
            "extra_wall_ms_per_task_vs_local": round(extra * 1000 / tasks, 2),
            "engine_share_of_task": round(overhead["dask"] * 2 / task_ms, 4),
        }
    return report


def print_table(report: dict[str, Any]) -> None:
    print(
        f"DICOM scale-out: {report['files']} files, {report['rounds']} interleaved rounds, "
        f"{report['cpus']} CPUs (load after: {report['load_average_after']})"
    )
    print(
        f"{'run':<12} {'files/s':>8} {'CPU ms/file':>12} {'client ms/file':>15} "
        f"{'peak RSS MB':>12}  wall s per round"
    )
    for name, row in report["runs"].items():
        walls = ", ".join(f"{s:.2f}" for s in row["seconds"])
        print(
            f"{name:<12} {row['files_per_second']:>8.1f} {row['cpu_ms_per_file']:>12.2f} "
            f"{row['client_cpu_ms_per_file']:>15.3f} {row['peak_rss_mb']:>12}  {walls}"
        )
    print(
        "(CPU: client + pool or Dask workers; client: this process alone, which on dask-N also "
        "runs the LocalCluster's scheduler)"
    )
    for label, r in report["ratios"].items():
        verdict = "met" if r["median"] >= r["target"] else "NOT met"
        rounds = ", ".join(f"{x:.2f}" for x in r["per_round"])
        print(f"{label}: {r['median']:.2f}x (rounds {rounds}; target {r['target']}x: {verdict})")
    if "cpu_per_file_dask2_over_local2" in report:
        cpu = report["cpu_per_file_dask2_over_local2"]
        print(f"CPU per file, dask-2 / local-2 (client + workers): {cpu:.2f}x")
    e = report["empty_task_ms"]
    for kind in ("local", "dask"):
        client = "client + scheduler" if kind == "dask" else "client"
        print(
            f"empty task, 2 workers, {kind}: {e[kind]:.3f} ms wall; "
            f"CPU {e[kind + '_client_cpu']:.3f} ms in the {client}, "
            f"{e[kind + '_tree_cpu']:.3f} ms in all processes"
        )
    if "dask_task" in report:
        t = report["dask_task"]
        print(
            f"Dask DICOM task ({report['files_per_task']['dask']} files): {t['task_ms']:.0f} ms; "
            f"engine {100 * t['engine_share_of_task']:.1f}% of it; Dask run's extra wall time "
            f"vs the local pool: {t['extra_wall_ms_per_task_vs_local']:.1f} ms per task"
        )


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=2000, help="DICOM files (default 2,000)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds (medians)")
    ap.add_argument(
        "--only", default=",".join(CONFIGS), help=f"comma-separated subset of {', '.join(CONFIGS)}"
    )
    ap.add_argument("--chunk", type=int, help="files per Dask task (default: the batch's)")
    ap.add_argument("--json", type=Path, help="also write the report here")
    ap.add_argument("--no-dicom", action="store_true", help="skip the DICOM part")
    ap.add_argument(
        "--tables", action="store_true", help="run benchmarks/scale_tables.py too (its options)"
    )
    a, rest = ap.parse_known_args(argv)
    if rest and not a.tables:
        ap.error(f"unrecognized arguments: {' '.join(rest)}")
    configs = tuple(c.strip() for c in a.only.split(",") if c.strip())
    unknown = sorted(set(configs) - set(CONFIGS))
    if unknown:
        ap.error(f"unknown run(s): {', '.join(unknown)}")
    report: dict[str, Any] = {}
    if not a.no_dicom:
        report["dicom"] = dicom(a.files, max(1, a.rounds), configs, a.chunk)
        print_table(report["dicom"])
    if a.tables:
        tables_main = _tables_main()
        if tables_main is None:
            print("tables: benchmarks/scale_tables.py is absent; skipped", file=sys.stderr)
        else:
            report["tables"] = tables_main(rest)
    print(json.dumps(report, indent=2))
    if a.json:
        a.json.write_text(json.dumps(report, indent=2) + "\n")
    return report


def _tables_main() -> Callable[[list[str]], dict] | None:
    """benchmarks/scale_tables.py's ``main``, imported only for ``--tables``."""
    if not (HERE / "scale_tables.py").is_file():
        return None
    sys.path.insert(0, str(HERE))
    module = importlib.import_module("scale_tables")
    return module.main


if __name__ == "__main__":
    main()
