"""Relational synthesis on Synthea MA (patients -> encounters -> conditions), issue 16.

    .venv/bin/python benchmarks/synth_quality.py --relational [--eps 3] [--repeats 1] [--no-sdv]
    .venv/bin/python benchmarks/synth_relational.py [--eps 3] ...

Reads ../shared/data/ehr/synthea_ma (1,462 patients, 20,524 encounters, 7,040 conditions).
BIRTHDATE/DEATHDATE are M/D/YY there: the century is taken from AGE (age in 2017), the
benchmark's only preprocessing. Domains of the categorical columns are the code lists of this
export (as the RAND HIE benchmark's bins are). Condition START is an offset from the patient's
birth (not from its encounter: 67.5% of real condition starts precede their encounter's date), so
the declared order is the issue's: birth <= event <= death, start <= stop (the real tables break
it 3 times). Each row runs in its own process; time is fit +
sample (+ nothing else), with the machine's 1-minute load average beside it. DP noise is never
seeded: with ``--repeats N`` (N > 1) each DP method's rows end with their mean ± sd.

Rows: ``relational`` (DP, ε per patient across all tables), ``aim flat`` (DP, AIM on
patients ⋈ encounters, one table, ``max_children`` rows per patient: the issue's reference for
the patient x encounter figures), ``aim per table, random keys`` (DP per table, ρ split equally,
foreign keys random) and SDV HMA (**not DP**).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

SYNTHEA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ehr" / "synthea_ma"
Y = 365
MAX_ENCOUNTERS = 20
MAX_CONDITIONS = 8


def load() -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The three tables (text cells; ISO birth/death dates) and the relational spec."""
    from medprivacy.synth.table import read_synth_table

    p = read_synth_table(SYNTHEA / "patients.csv")
    e = read_synth_table(SYNTHEA / "encounters.csv")
    c = read_synth_table(SYNTHEA / "conditions.csv")
    born = pd.to_datetime(p["BIRTHDATE"], format="%m/%d/%y")
    year = 2017 - p["AGE"].astype(int)
    fixed = born.dt.year.where((born.dt.year - year).abs() <= 1, born.dt.year - 100)
    p["BIRTHDATE"] = [
        f"{y:04d}-{d.month:02d}-{d.day:02d}" for y, d in zip(fixed, born, strict=True)
    ]
    died = pd.to_datetime(p["DEATHDATE"], format="%m/%d/%y", errors="coerce")
    dy = died.dt.year.where(died.dt.year <= 2017, died.dt.year - 100)
    p["DEATHDATE"] = [
        "" if pd.isna(d) else f"{int(y):04d}-{d.month:02d}-{d.day:02d}"
        for y, d in zip(dy, died, strict=True)
    ]
    life = [0, 20 * Y, 40 * Y, 60 * Y, 70 * Y, 80 * Y, 90 * Y, 120 * Y]
    decades = [0, Y, 5 * Y, *(10 * Y * k for k in range(1, 9)), 120 * Y]
    spec = {
        "patient_table": "patients",
        "end_date": "2017-11-01",
        "tables": {
            "patients": {
                "primary_key": "ID",
                "columns": {
                    "GENDER": {"domain": ["F", "M"]},
                    "RACE": {"domain": sorted(p["RACE"].unique())},
                    "MARITAL": {"domain": ["M", "S"], "nullable": True},
                    "BIRTHDATE": {
                        "type": "date",
                        "range": ["1910-01-01", "2017-11-01"],
                        "bins": 11,
                    },
                },
                "dates": {"DEATHDATE": {"after": "BIRTHDATE", "bins": life, "nullable": True}},
                "end": "DEATHDATE",
            },
            "encounters": {
                "primary_key": "ID",
                "foreign_keys": {"PATIENT": "patients.ID"},
                "max_children": MAX_ENCOUNTERS,
                "columns": {"DESCRIPTION": {"domain": sorted(e["DESCRIPTION"].unique())}},
                "dates": {
                    "DATE": {
                        "after": "patients.BIRTHDATE",
                        "bins": decades,
                    }
                },
            },
            "conditions": {
                "foreign_keys": {"PATIENT": "patients.ID", "ENCOUNTER": "encounters.ID"},
                "parent": "ENCOUNTER",
                "max_children": MAX_CONDITIONS,
                "count_bins": [0, 1, 2, 3, 4, 6, 9, 14, 22],  # conditions per encounter
                "context": ["DESCRIPTION", "patients.GENDER"],
                "columns": {"DESCRIPTION": {"domain": sorted(c["DESCRIPTION"].unique())}},
                "dates": {
                    "START": {"after": "patients.BIRTHDATE", "bins": decades},
                    "STOP": {
                        "after": "START",
                        "bins": [0, 7, 14, 30, 90, 365, 3650, 36500],
                        "nullable": True,
                    },
                },
            },
        },
    }
    return {"patients": p, "encounters": e, "conditions": c}, spec


def flat_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """patients ⋈ encounters as one table: patient columns prefixed, encounter dates as dates."""
    pt, et = spec["tables"]["patients"], spec["tables"]["encounters"]
    cols = dict(et["columns"])
    cols.update({f"patients.{k}": v for k, v in pt["columns"].items()})
    return {
        "columns": cols,
        "privacy_unit": {"id": "PATIENT", "max_rows": et["max_children"], "entity": "patient"},
    }


def run(kind: str, eps: float) -> dict[str, Any]:
    from medprivacy.synth.relational_eval import (
        cross_spec,
        joined,
        pair_tvd,
        relational_report,
    )

    tables, spec = load()
    t0 = time.perf_counter()
    if kind == "relational":
        from medprivacy.synth.api import synthesize

        syn = synthesize(tables, spec, "relational", eps)
    elif kind == "sdv_hma":
        from medprivacy.synth.relational_baselines import sdv_hma

        syn = sdv_hma(tables, spec)
    elif kind == "independent_aim":
        from medprivacy.synth.relational_baselines import independent_aim

        syn = independent_aim(tables, spec, eps)
    elif kind == "flat_aim":
        from medprivacy.synth.api import synthesize
        from medprivacy.synth.relational_spec import as_relational_spec

        rs = as_relational_spec(spec)
        pcols = list(rs.tables["patients"].columns)
        right = tables["patients"][["ID", *pcols]].rename(columns=lambda c: f"patients.{c}")
        real = tables["encounters"][["PATIENT", "DESCRIPTION"]].merge(
            right, left_on="PATIENT", right_on="patients.ID"
        )
        out = synthesize(real, flat_spec(spec), "aim", eps)
        seconds = time.perf_counter() - t0
        s, pairs = cross_spec(rs, "encounters", "patients")
        tv = pair_tvd(joined(tables, rs, "encounters", "patients"), out, s, pairs)
        pe = float(np.mean(list(tv.values())))
        return {"kind": kind, "eps": eps, "seconds": seconds, "pe": pe}
    elif kind == "truncated":
        from medprivacy.synth.relational import link
        from medprivacy.synth.relational_spec import as_relational_spec

        syn, _ = link(as_relational_spec(spec), tables, truncate=True)
    elif kind == "bootstrap":
        syn = bootstrap(tables)
    elif kind == "shuffled":
        from medprivacy.synth.relational_eval import shuffled_parents

        syn = shuffled_parents(tables, spec)
    else:
        raise SystemExit(f"unknown kind {kind}")
    seconds = time.perf_counter() - t0
    rep = relational_report(tables, syn, spec)
    means = rep["parent_child_tvd_mean"]
    return {
        "kind": kind,
        "eps": eps,
        "seconds": seconds,
        "fk": rep["fk_integrity"],
        "viol": rep["date_order_violations"],
        "cpp": rep["children_per_parent_tvd"]["encounters"],
        "cpe": rep["children_per_parent_tvd"]["conditions"],
        "pe": means["patients x encounters"],
        "ec": means["encounters x conditions"],
        "pc": means["patients x conditions"],
        "tvd1": {n: v["tvd1"] for n, v in rep["tables"].items()},
        "rows": rep["rows"],
    }


def bootstrap(tables: dict[str, pd.DataFrame], seed: int = 0) -> dict[str, pd.DataFrame]:
    """Patients drawn with replacement, each copy with all its rows and fresh keys: the
    sampling noise a perfect model of this data would still show (a floor, not a method)."""
    p, e, c = tables["patients"], tables["encounters"], tables["conditions"]
    pick = np.random.default_rng(seed).integers(0, len(p), len(p))
    copies = pd.DataFrame({"ID": p["ID"].to_numpy()[pick], "copy": np.arange(len(p))})
    pb = p.merge(copies, on="ID")
    eb = e.merge(copies.rename(columns={"ID": "PATIENT"}), on="PATIENT")
    cb = c.merge(copies.rename(columns={"ID": "PATIENT"}), on="PATIENT")
    for df, cols in ((pb, ["ID"]), (eb, ["ID", "PATIENT"]), (cb, ["PATIENT", "ENCOUNTER"])):
        for col in cols:
            df[col] = df[col] + "#" + df["copy"].astype(str)
    return {"patients": pb, "encounters": eb, "conditions": cb}


def child(args: list[str]) -> dict[str, Any]:
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    cmd = [sys.executable, __file__, "--child", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        return {"kind": args[0], "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


LABELS = {
    "relational": "medprivacy relational (DP)",
    "flat_aim": "medprivacy aim on patients ⋈ encounters (DP, one table)",
    "independent_aim": (
        "aim per table, random keys (DP per patient where a table has a patient key, else per "
        "row; no ledger)"
    ),
    "sdv_hma": "SDV HMA (not DP)",
    "truncated": "*floor: the real tables after the per-patient bound (no noise)*",
    "bootstrap": "*floor: real patients resampled with all their rows (sampling noise)*",
    "shuffled": "*floor: real rows, each child given a random parent (no relationship)*",
}


DP_KINDS = ("relational", "flat_aim", "independent_aim")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--eps", default="3")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--no-sdv", action="store_true")
    ap.add_argument("--kinds", default="relational,flat_aim,independent_aim")
    ap.add_argument("--child", nargs="+")
    a, _ = ap.parse_known_args(argv)
    if a.child:
        print(json.dumps(run(a.child[0], float(a.child[1]))))
        return
    kinds = (
        a.kinds.split(",")
        + ([] if a.no_sdv else ["sdv_hma"])
        + ["truncated", "bootstrap", "shuffled"]
    )
    print(f"synthea_ma, {os.cpu_count()} CPUs, load before: {os.getloadavg()[0]:.1f}")
    print(
        "| method | ε | time | FK resolve | date-order violations | enc/patient TVD | "
        "cond/encounter TVD | patient×encounter TVD | encounter×condition TVD | "
        "patient×condition TVD | 1-way TVD (p / e / c) | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for kind in kinds:
        for eps in a.eps.split(",") if kind in DP_KINDS else ["0"]:
            done: list[dict[str, Any]] = []
            for _ in range(a.repeats if kind in DP_KINDS else 1):  # the others: no DP noise
                r = child([kind, eps])
                load = os.getloadavg()[0]
                if "error" in r:
                    print(f"| {LABELS[kind]} | {eps} | error: {r['error']} |")
                    continue
                done.append(r)
                e = "– (not DP)" if kind == "sdv_hma" else eps if eps != "0" else "–"
                if kind == "flat_aim":
                    print(
                        f"| {LABELS[kind]} | {e} | {r['seconds']:.1f} s | – | – | – | – | "
                        f"{r['pe']:.4f} | – | – | – | {load:.1f} |"
                    )
                    continue
                t1 = " / ".join(f"{v:.3f}" for v in r["tvd1"].values())
                print(
                    f"| {LABELS[kind]} | {e} | {r['seconds']:.1f} s | {100 * r['fk']:.1f}% | "
                    f"{r['viol']} | {r['cpp']:.4f} | {r['cpe']:.4f} | {r['pe']:.4f} | "
                    f"{r['ec']:.4f} | {r['pc']:.4f} | {t1} | {load:.1f} |"
                )
            if len(done) > 1:
                print(spread_row(LABELS[kind], eps, done))


def spread_row(label: str, eps: str, runs: list[dict[str, Any]]) -> str:
    """Mean ± standard deviation of each figure over the runs (DP noise is never seeded)."""

    def ms(key: str) -> str:
        v = np.asarray([r[key] for r in runs if key in r], dtype=float)
        return f"{v.mean():.4f} ± {v.std(ddof=1):.4f}" if len(v) else "–"

    keys = ("seconds", "fk", "viol", "cpp", "cpe", "pe", "ec", "pc")
    cells = " | ".join(ms(k) for k in keys)
    return f"| **{label}: mean ± sd of {len(runs)} runs** | {eps} | {cells} | | |"


if __name__ == "__main__":
    main()
