"""Risk-driven anonymization on UCI Adult: medprivacy next to anjana, and a 1,000,000-row run.

Rows (issue 15's table), all with ARX's hierarchies from ``../shared/data/anon/adult/``:
  * k = 5 on all 9 quasi-identifiers at 0% and 2% suppression,
  * k = 5 + distinct 3-diversity and k = 5 + equal-distance 0.2-closeness on occupation (8 QIs),
  * highest prosecutor risk <= 0.09 and average <= 0.05 (9 QIs, 2%),
  * Mondrian (local recoding) k = 5, for comparison,
  * anjana 1.2.3 on the k, l and t rows, from its own venv ``benchmarks/.envs/anjana``
    (``--setup`` creates it; never in .venv), timed around its anonymization call only,
  * Adult with three synthetic quasi-identifiers (12 QIs, 1,555,200 lattice nodes), k = 5,
  * Adult resampled to 1,000,000 rows with noise (age +-2, each other attribute redrawn with
    probability 2%), k = 5 at 0% and 2%, in a child process: wall time and peak RSS.
Every output is re-checked by a plain pandas groupby (k, l, t, risks) before it is reported.
medprivacy times are "cold" (first run in the process) and "warm" (best of the next runs).

    python benchmarks/anonymize.py --setup          # once: anjana's venv
    python benchmarks/anonymize.py [--repeat 3] [--skip-anjana] [--skip-million]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from medprivacy.anonymize import anonymize

HERE = Path(__file__).resolve().parent
ADULT = HERE.parent.parent / "shared" / "data" / "anon" / "adult"
ENVS = HERE / ".envs"
ANJANA = "anjana==1.2.3"
QIS = ["sex", "age", "race", "marital-status", "education", "native-country", "workclass",
       "occupation", "salary-class"]  # fmt: skip
EIGHT = [q for q in QIS if q != "occupation"]
K5 = {"kind": "k_anonymity", "k": 5}

# name, quasi-identifiers, models, suppression limit, method, ARX's figures from the issue
ROWS: list[tuple[str, list[str], list[dict[str, Any]], float, str, str]] = [
    ("k=5, 0%", QIS, [K5], 0.0, "optimal", "ARX 0.30 s warm, 24 classes, 0 supp., NCP 0.6355"),
    ("k=5, 2%", QIS, [K5], 0.02, "optimal", "ARX 7.1 s warm, 222 classes, 506 supp., NCP 0.3693"),
    (
        "k=5 + distinct 3-diversity (occupation), 2%",
        EIGHT,
        [K5, {"kind": "l_diversity", "attribute": "occupation", "l": 3}],
        0.02,
        "optimal",
        "ARX 2.7 s, 219 classes, 522 supp.",
    ),
    (
        "k=5 + equal 0.2-closeness (occupation), 2%",
        EIGHT,
        [K5, {"kind": "t_closeness", "attribute": "occupation", "t": 0.2}],
        0.02,
        "optimal",
        "ARX 3.3 s, 6 classes, 235 supp.",
    ),
    (
        "prosecutor risk highest <= 0.09, average <= 0.05, 2%",
        QIS,
        [{"kind": "prosecutor_risk", "highest": 0.09, "average": 0.05}],
        0.02,
        "optimal",
        "ARX 4.5 s, 95 classes, 542 supp., NCP 0.4428",
    ),
    ("Mondrian k=5 (local recoding)", QIS, [K5], 0.0, "mondrian", "-"),
]


def load_adult() -> pd.DataFrame:
    return pd.read_csv(ADULT / "adult.csv", sep=";", dtype=str)


def config(qis: list[str], models: list[dict[str, Any]], limit: float, method: str) -> dict:
    return {
        "quasi_identifiers": {q: {"kind": "csv", "path": f"adult_hierarchy_{q}.csv"} for q in qis},
        "models": models,
        "suppression_limit": limit,
        "method": method,
    }


def verify(out: pd.DataFrame, df: pd.DataFrame, qis: list[str], models: list[dict]) -> str:
    """Recount the models on the released rows with a plain groupby; '' if they all hold."""
    sizes = out.groupby(qis).size()
    problems = []
    for m in models:
        if m["kind"] == "k_anonymity" and sizes.min() < m["k"]:
            problems.append("k")
        if m["kind"] == "l_diversity" and out.groupby(qis)[m["attribute"]].nunique().min() < m["l"]:
            problems.append("l")
        if m["kind"] == "t_closeness":
            q = df[m["attribute"]].value_counts(normalize=True)
            worst = max(
                0.5
                * float(
                    (g.value_counts(normalize=True).reindex(q.index, fill_value=0) - q).abs().sum()
                )
                for _, g in out.groupby(qis)[m["attribute"]]
            )
            if worst > m["t"] + 1e-9:
                problems.append("t")
        if m["kind"] == "prosecutor_risk":
            if (1 / sizes).max() > m["highest"] + 1e-12:
                problems.append("highest risk")
            if len(sizes) / sizes.sum() > m["average"] + 1e-12:
                problems.append("average risk")
    return ", ".join(problems)


def run_ours(df: pd.DataFrame, repeat: int) -> list[dict[str, Any]]:
    results = []
    for name, qis, models, limit, method, arx in ROWS:
        cfg = config(qis, models, limit, method)
        times = []
        for _ in range(max(repeat, 1)):
            t0 = time.perf_counter()
            out, report = anonymize(df, cfg, base_dir=ADULT)
            times.append(time.perf_counter() - t0)
        failed = verify(out, df, qis, models)
        results.append(
            {
                "row": name,
                "cold_s": times[0],
                "warm_s": min(times[1:]) if len(times) > 1 else times[0],
                "classes": report.classes,
                "suppressed": report.suppressed,
                "ncp": report.utility["ncp"],
                "optimal": report.optimal,
                "nodes": report.nodes_checked,
                "counted": report.nodes_counted,
                "levels": list(report.transformation.levels.values())
                if report.transformation
                else None,
                "verified": "yes" if not failed else f"FAILED: {failed}",
                "arx": arx,
            }
        )
        print(json.dumps(results[-1]), file=sys.stderr)
    return results


# ------------------------------------------------------------------------------------ anjana


def anjana_python() -> Path:
    return ENVS / "anjana" / "bin" / "python"


def setup_anjana() -> str:
    stamp = ENVS / "anjana" / ".installed"
    if stamp.exists() and stamp.read_text().strip() == ANJANA:
        return ""
    shutil.rmtree(ENVS / "anjana", ignore_errors=True)
    ENVS.mkdir(parents=True, exist_ok=True)
    for cmd in (
        [sys.executable, "-m", "venv", str(ENVS / "anjana")],
        [str(anjana_python()), "-m", "pip", "install", "--quiet", ANJANA],
    ):
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            return f"install failed: {(done.stderr or done.stdout).strip().splitlines()[-1][:200]}"
    stamp.write_text(ANJANA + "\n")
    return ""


def hierarchy_rows(qis: list[str]) -> dict[str, list[list[str]]]:
    return {
        q: [
            line.split(";")
            for line in (ADULT / f"adult_hierarchy_{q}.csv").read_text().splitlines()
            if line
        ]
        for q in qis
    }


def infer_levels(out: pd.DataFrame, qis: list[str]) -> dict[str, int]:
    """The lowest level of each hierarchy whose labels include every released value."""
    rows = hierarchy_rows(qis)
    levels = {}
    for q in qis:
        seen = set(out[q].astype(str))
        levels[q] = next(lv for lv in range(len(rows[q][0])) if seen <= {r[lv] for r in rows[q]})
    return levels


def ncp_of(out: pd.DataFrame, df: pd.DataFrame, qis: list[str], levels: dict[str, int]) -> float:
    """The issue's NCP of a release at known levels; records missing from it count 1 each."""
    rows = hierarchy_rows(qis)
    total = float((len(df) - len(out)) * len(qis))
    for q in qis:
        present = set(df[q])
        covered: dict[str, int] = {}
        for r in rows[q]:
            if r[0] in present:
                covered[r[levels[q]]] = covered.get(r[levels[q]], 0) + 1
        d = max(len(present) - 1, 1)
        total += sum((covered.get(str(v), 1) - 1) / d for v in out[q])
    return total / (len(df) * len(qis))


def run_anjana(df: pd.DataFrame, timeout: float) -> list[dict[str, Any]]:
    tasks = [
        ("k=5, 0%", QIS, {"model": "k", "k": 5, "supp": 0}),
        ("k=5, 2%", QIS, {"model": "k", "k": 5, "supp": 2}),
        (
            "k=5 + distinct 3-diversity (occupation), 2%",
            EIGHT,
            {"model": "l", "k": 5, "l": 3, "sensitive": "occupation", "supp": 2},
        ),
        (
            "k=5 + equal 0.2-closeness (occupation), 2%",
            EIGHT,
            {"model": "t", "k": 5, "t": 0.2, "sensitive": "occupation", "supp": 2},
        ),
    ]
    models = {name: next(r[2] for r in ROWS if r[0] == name) for name, _, _ in tasks}
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, qis, task in tasks:
            row: dict[str, Any] = {"row": name}
            if not anjana_python().exists():
                row["unavailable"] = "venv not set up (pass --setup)"
                results.append(row)
                continue
            out_csv = Path(tmp) / "out.csv"
            spec = {**task, "qis": qis, "data": str(ADULT / "adult.csv"), "hierarchies": str(ADULT),
                    "out": str(out_csv)}  # fmt: skip
            (Path(tmp) / "task.json").write_text(json.dumps(spec))
            cmd = [str(anjana_python()), "-I", str(HERE / "reference_tools" / "anjana_runner.py"),
                   str(Path(tmp) / "task.json")]  # fmt: skip
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
                summary = json.loads(done.stdout.strip().splitlines()[-1])
            except subprocess.TimeoutExpired:
                row["unavailable"] = f"did not finish in {timeout:.0f} s"
                results.append(row)
                continue
            except (IndexError, ValueError):
                row["unavailable"] = f"failed: {done.stderr.strip().splitlines()[-1][:160]}"
                results.append(row)
                continue
            out = pd.read_csv(out_csv, sep=";", dtype=str) if summary["rows"] else pd.DataFrame()
            row.update(seconds=summary["seconds"], version=summary["version"], rows=summary["rows"])
            if len(out):
                row["classes"] = int(out.groupby(qis).size().shape[0])
                row["suppressed"] = len(df) - len(out)
                levels = summary["levels"] or infer_levels(out, qis)
                row["ncp"] = ncp_of(out, df, qis, levels)
                row["verified"] = verify(out, df, qis, models[name]) or "yes"
            else:
                row["classes"] = 0
                row["suppressed"] = len(df)
                row["note"] = "empty output"
            results.append(row)
            print(json.dumps(row), file=sys.stderr)
    return results


# ------------------------------------------------------------------------------- 12 QIs


def wide(df: pd.DataFrame, seed: int = 1) -> tuple[pd.DataFrame, dict[str, dict[str, Any]]]:
    """Adult plus three synthetic quasi-identifiers (hours, a ZIP, a birth date): 12 QIs and a
    lattice of 1,555,200 nodes, where ARX is reported to slow down (fixed seed: benchmark data)."""
    rng = np.random.default_rng(seed)
    out = df.copy()
    n = len(out)
    out["hours"] = rng.normal(40, 8, n).clip(1, 99).astype(int).astype(str)
    out["zip"] = [f"{z:05d}" for z in rng.choice(np.arange(2100, 2200), n)]
    days = pd.to_timedelta(rng.integers(0, 20 * 365, n), unit="D")
    out["dob"] = (pd.Timestamp("1960-01-01") + days).strftime("%Y-%m-%d")
    qis: dict[str, dict[str, Any]] = {
        q: {"kind": "csv", "path": f"adult_hierarchy_{q}.csv"} for q in QIS
    }
    qis["hours"] = {"kind": "intervals", "widths": [5, 10, 50]}
    qis["zip"] = {"kind": "prefix", "keep": [4, 3]}
    qis["dob"] = {"kind": "dates"}
    return out, qis


def run_wide(df: pd.DataFrame) -> list[dict[str, Any]]:
    data, qis = wide(df)
    results = []
    for limit in (0.0, 0.02):
        cfg = {"quasi_identifiers": qis, "models": [K5], "suppression_limit": limit}
        t0 = time.perf_counter()
        out, report = anonymize(data, cfg, base_dir=ADULT)
        seconds = time.perf_counter() - t0
        failed = verify(out, data, list(qis), [K5])
        results.append(
            {
                "row": f"12 QIs (Adult + hours, ZIP, birth date), k=5, {limit:.0%}",
                "cold_s": seconds,
                "warm_s": seconds,
                "classes": report.classes,
                "suppressed": report.suppressed,
                "ncp": report.utility["ncp"],
                "optimal": report.optimal,
                "nodes": report.nodes_checked,
                "counted": report.nodes_counted,
                "levels": list(report.transformation.levels.values()),
                "verified": "yes" if not failed else f"FAILED: {failed}",
                "arx": f"lattice of {report.lattice_nodes:,} nodes",
            }
        )
        print(json.dumps(results[-1]), file=sys.stderr)
    return results


# ------------------------------------------------------------------------------- 1M rows


def million(df: pd.DataFrame, n: int, seed: int = 0) -> pd.DataFrame:
    """Adult resampled to ``n`` rows with noise (a fixed seed: benchmark data, not a release)."""
    rng = np.random.default_rng(seed)
    big = df.iloc[rng.integers(0, len(df), n)].reset_index(drop=True)
    age = big["age"].astype(int).to_numpy() + rng.integers(-2, 3, n)
    big["age"] = np.clip(age, 17, 90).astype(str)
    for c in QIS:
        if c == "age":
            continue
        mask = rng.random(n) < 0.02
        big.loc[mask, c] = rng.choice(df[c].unique(), int(mask.sum()))
    return big


def million_child(n: int, limit: float) -> None:
    big = million(load_adult(), n)
    t0 = time.perf_counter()
    out, report = anonymize(big, config(QIS, [K5], limit, "optimal"), base_dir=ADULT)
    seconds = time.perf_counter() - t0
    ok = out.groupby(QIS).size().min() >= 5
    print(
        json.dumps(
            {
                "row": f"{n:,} rows, k=5, {limit:.0%}",
                "seconds": seconds,
                "search_s": report.seconds,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "classes": report.classes,
                "suppressed": report.suppressed,
                "ncp": report.utility["ncp"],
                "optimal": report.optimal,
                "nodes": report.nodes_checked,
                "counted": report.nodes_counted,
                "verified": "yes" if ok else "FAILED",
            }
        )
    )


def run_million(n: int) -> list[dict[str, Any]]:
    results = []
    for limit in (0.0, 0.02):
        cmd = [sys.executable, __file__, "--million-child", str(n), str(limit)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        try:
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        except (IndexError, ValueError):
            results.append({"row": f"{n:,} rows, {limit:.0%}", "unavailable": done.stderr[-300:]})
        print(json.dumps(results[-1]), file=sys.stderr)
    return results


def table(ours: list[dict], anjana: list[dict], big: list[dict], load: str) -> str:
    lines = [
        f"Adult (30,162 rows), ARX's hierarchies; {os.cpu_count()} cores; load average {load}",
        "",
        "| row | tool | time | classes | suppressed | NCP | optimal / nodes | verified "
        "| ARX (issue) |",
        "|---|---|---:|---:|---:|---:|---|---|---|",
    ]
    for r in ours:
        t = f"{r['warm_s']:.2f} s warm ({r['cold_s']:.2f} s cold)"
        opt = (
            "-"
            if r["optimal"] is None
            else f"{'proven' if r['optimal'] else 'not proven'}, {r['nodes']} judged, "
            f"{r['counted']} counted"
        )
        lines.append(
            f"| {r['row']} | medprivacy | {t} | {r['classes']} | {r['suppressed']} | "
            f"{r['ncp']:.4f} | {opt} | {r['verified']} | {r['arx']} |"
        )
    for r in anjana:
        if "unavailable" in r:
            lines.append(f"| {r['row']} | anjana | not available: {r['unavailable']} | | | | | | |")
            continue
        ncp = f"{r['ncp']:.4f}" if "ncp" in r else "-"
        lines.append(
            f"| {r['row']} | anjana {r['version']} | {r['seconds']:.2f} s | {r['classes']} | "
            f"{r['suppressed']} | {ncp} | - | {r.get('verified', r.get('note', ''))} | |"
        )
    for r in big:
        if "unavailable" in r:
            lines.append(f"| {r['row']} | medprivacy | failed | | | | | | |")
            continue
        lines.append(
            f"| {r['row']} | medprivacy | {r['seconds']:.1f} s (search {r['search_s']:.1f} s), "
            f"peak RSS {r['peak_rss_mb']:.0f} MB | {r['classes']} | {r['suppressed']} | "
            f"{r['ncp']:.4f} | {'proven' if r['optimal'] else 'not proven'}, {r['nodes']} judged, "
            f"{r['counted']} counted | "
            f"{r['verified']} | target <= 60 s, <= 2 GB |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per medprivacy row (first = cold)")
    ap.add_argument("--setup", action="store_true", help="create anjana's venv first")
    ap.add_argument("--skip-anjana", action="store_true")
    ap.add_argument("--skip-million", action="store_true")
    ap.add_argument("--skip-wide", action="store_true", help="skip the 12-QI rows")
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of the resampled run")
    ap.add_argument("--anjana-timeout", type=float, default=900)
    ap.add_argument("--million-child", nargs=2, metavar=("N", "LIMIT"), help=argparse.SUPPRESS)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    if args.million_child:
        million_child(int(args.million_child[0]), float(args.million_child[1]))
        return
    if not ADULT.exists():
        sys.exit("needs ../shared/data/anon/adult")
    if args.setup:
        reason = setup_anjana()
        if reason:
            print(f"anjana: {reason}", file=sys.stderr)
    load_before = os.getloadavg()
    df = load_adult()
    ours = run_ours(df, args.repeat)
    if not args.skip_wide:
        ours += run_wide(df)
    anjana = [] if args.skip_anjana else run_anjana(df, args.anjana_timeout)
    big = [] if args.skip_million else run_million(args.rows)
    load_after = os.getloadavg()
    load = f"{load_before[0]:.1f} before, {load_after[0]:.1f} after"
    print(table(ours, anjana, big, load))
    if args.json:
        args.json.write_text(
            json.dumps({"ours": ours, "anjana": anjana, "million": big, "load": load}, indent=2)
        )


if __name__ == "__main__":
    main()
