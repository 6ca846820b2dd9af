"""Synthetic-data quality and speed on the RAND HIE benchmark table (issue 7).

    .venv/bin/python benchmarks/synth_quality.py [--methods aim,mst,independent]
        [--eps 0.5,1,3,10] [--table rand_hie|rand_hie_mental|covid] [--no-sdv] [--mbi]
        [--repeats 1] [--smartnoise]
    .venv/bin/python benchmarks/synth_quality.py --relational [--eps 3] [--repeats 1] [--no-sdv]

``--relational`` runs the relational benchmark on Synthea instead (benchmarks/synth_relational.py).

Reads ../shared/data/ehr/rand_hie/rand_hie_bench_{train,test}.csv (16,158 / 4,032 rows, 14
integer-coded columns with fixed public bins; one row per person-year and no person id, so ε is
per row). Each row of the table runs in its own process (time = fit + sample, peak RSS of that
process, imports included). Columns: mean TVD over all 1-way and 2-way marginals, TSTR AUC for
``physlm`` (gradient boosting trained on synthetic rows, tested on the test split).

``--table covid`` / ``rand_hie_mental`` run the same rows on a second table built from
covid_testing (12 columns, numeric bins, target ``drive_thru_ind``; never used for tuning) and
on the anchor rows with another target (``mental``): the generalization check. SDV
GaussianCopula (not DP) is included unless ``--no-sdv``; the smartnoise-synth rows marked
"(issue)" are the issue's own measurements, reprinted for comparison.

``--smartnoise`` measures smartnoise-synth's MST at ε = 1 in this run: it builds
benchmarks/.envs/smartnoise (gitignored) if missing with ``python3 -m venv`` and one ``pip install
smartnoise-synth torch==2.13.0`` (refused if any CUDA package, ``nvidia-*``/``triton``, came with
it), runs ``benchmarks/reference_tools/smartnoise_runner.py`` there on the train split (δ = 1e-6
as medprivacy's, every column categorical, no budget on the preprocessor) and scores the CSV it
writes with the same medprivacy ``evaluate`` code as every other row. Time is the runner's fit +
sample, memory its peak RSS.

``--method dpctgan`` (or ``--methods aim,dpctgan``) adds the DP-SGD GAN (torch/opacus, the
``synth`` extra). ``--audit`` then runs the attack suite's ``epsilon_audit`` on each DP method's
release at each ε (RAND HIE attack split of benchmarks/attack_data.py, 1,000 members; power from a
run at 10 ε): its lower bounds must never exceed the claim (held to 2ε in the substitution game).

``--mbi`` adds OpenDP's own ``opendp.extras.mbi`` MST (Private-PGM estimator) and reports its
model's 2-way TVD and both of mbi's samplers ("round", the default that smartnoise and
``ContingencyTable.synthesize`` use, and "sample"): see the docstring of ``run_mbi``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

EHR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ehr"
DATA = EHR / "rand_hie"
TARGET = "physlm"
TABLES = ("rand_hie", "rand_hie_mental", "covid")


def load(table: str = "rand_hie") -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Train split, test split and spec (with its ``target``) of a benchmark table.

    ``rand_hie``: the issue's anchor table, target ``physlm``. ``rand_hie_mental``: the same
    rows with target ``mental`` (a different prediction task). ``covid``: a second table built
    from ../shared/data/ehr/covid_testing (see :func:`load_covid`), never used for tuning.
    """
    if table == "covid":
        return load_covid()
    train = pd.read_csv(DATA / "rand_hie_bench_train.csv")
    test = pd.read_csv(DATA / "rand_hie_bench_test.csv")
    # the bins are fixed and public (see the data README); their codes are the domains
    spec = {
        "columns": {
            c: {"type": "categorical", "domain": sorted({int(v) for v in (*train[c], *test[c])})}
            for c in train.columns
        },
        "target": "mental" if table == "rand_hie_mental" else TARGET,
    }
    return train, test, spec


COVID_CLINICS = [
    "clinical lab",
    "emergency dept",
    "oncology day hosp",
    "nicu",
    "laboratory",
    "picu",
    "care ntwk",
    "inpatient ward a",
    "line clinical lab-",
    "radiation oncology",
]


def load_covid() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """CHOP covid_testing (15,524 tests) as a 12-column table of the same kind: string
    categories (missing -> "missing", clinics outside a fixed list of 10 -> "other"), numeric
    columns with fixed public bin edges (age, pandemic day, two turnaround times). Names and ids
    dropped; one row per test (ε per row, as in the anchor table). Split 80/20 by subject_id
    (seed 7); target ``drive_thru_ind``."""
    raw = pd.read_csv(EHR / "covid_testing" / "covid_testing.csv")
    df = pd.DataFrame(
        {
            "gender": raw["gender"],
            "age": raw["age"].clip(0, 100),
            "pan_day": raw["pan_day"].clip(0, 110),
            "clinic": raw["clinic_name"].where(raw["clinic_name"].isin(COVID_CLINICS), "other"),
            "result": raw["result"],
            "demo_group": raw["demo_group"],
            "drive_thru_ind": raw["drive_thru_ind"].astype(int),
            "orderset": raw["orderset"].astype(int),
            "payor_group": raw["payor_group"].fillna("missing"),
            "patient_class": raw["patient_class"].fillna("missing"),
            "col_rec_tat": raw["col_rec_tat"].clip(0, 100),
            "rec_ver_tat": raw["rec_ver_tat"].clip(-20, 100),
        }
    )

    def cat(values: list) -> dict:
        return {"type": "categorical", "domain": values}

    spec = {
        "columns": {
            "gender": cat(["female", "male"]),
            "age": {
                "type": "numeric",
                "bounds": [0, 100],
                "bins": [0, 1, 5, 12, 18, 30, 50, 65, 100],
            },
            "pan_day": {"type": "numeric", "bounds": [0, 110], "bins": 11},
            "clinic": cat([*COVID_CLINICS, "other"]),
            "result": cat(["negative", "positive", "invalid"]),
            "demo_group": cat(["patient", "misc adult", "client", "other adult", "unidentified"]),
            "drive_thru_ind": cat([0, 1]),
            "orderset": cat([0, 1]),
            "payor_group": cat(
                [
                    "commercial",
                    "government",
                    "unassigned",
                    "self pay",
                    "medical assistance",
                    "other",
                    "charity care",
                    "missing",
                ]
            ),
            "patient_class": cat(
                [
                    "inpatient",
                    "emergency",
                    "not applicable",
                    "outpatient",
                    "recurring outpatient",
                    "observation",
                    "day surgery",
                    "admit after surgery-ip",
                    "admit after surgery-obs",
                    "missing",
                ]
            ),
            "col_rec_tat": {
                "type": "numeric",
                "bounds": [0, 100],
                "bins": [0, 0.5, 1, 2, 4, 8, 24, 100],
            },
            "rec_ver_tat": {
                "type": "numeric",
                "bounds": [-20, 100],
                "bins": [-20, 0, 2, 4, 6, 8, 12, 24, 100],
            },
        },
        "target": "drive_thru_ind",
    }
    ids = raw["subject_id"].unique()
    test_ids = set(np.random.default_rng(7).choice(ids, len(ids) // 5, replace=False).tolist())
    is_test = raw["subject_id"].isin(test_ids).to_numpy()
    return (
        df[~is_test].reset_index(drop=True),
        df[is_test].reset_index(drop=True),
        spec,
    )


def tvd_means(real: pd.DataFrame, syn: pd.DataFrame, spec: dict) -> tuple[float, float]:
    from medprivacy.synth.evaluate import marginal_tvd

    tv = marginal_tvd(real, syn, spec, orders=(1, 2))
    return float(np.mean(list(tv[1].values()))), float(np.mean(list(tv[2].values())))


def auc(syn: pd.DataFrame, test: pd.DataFrame, spec: dict) -> float:
    from medprivacy.synth.evaluate import tstr_auc

    return tstr_auc(syn, test, spec, spec["target"])


def cpu_seconds() -> float:
    """CPU time of this process (user + system): what a shared, loaded machine does not inflate."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(method: str, eps: float, table: str = "rand_hie") -> dict:
    from medprivacy.synth import synthesize

    train, test, spec = load(table)
    t0 = time.perf_counter()
    cpu0 = cpu_seconds()
    syn = synthesize(train, spec, method=method, epsilon=eps)
    seconds = time.perf_counter() - t0
    cpu = cpu_seconds() - cpu0
    one, two = tvd_means(train, syn, spec)
    return {
        "method": method,
        "eps": eps,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mb": peak_mb(),
        "tvd1": one,
        "tvd2": two,
        "auc": auc(syn, test, spec),
        "rows": len(syn),
    }


def run_mbi(eps: float) -> dict:
    """OpenDP 0.16's ``dp.mbi.MST`` through the Context API, same ρ as medprivacy's ε.

    Two findings (both reproduced here, not in medprivacy's code path):
    1. With 14 columns ``dp.mbi.MST()`` fails with "insufficient budget for query" (float
       rounding: the 13 measured marginals' composed ρ exceeds the split by one ulp). Worked around
       by asking its binary searches for (1 - 1e-9) of each share.
    2. mbi 1.1.0's ``synthetic_data(method="round")`` (the default, used by
       ``ContingencyTable.synthesize``) assigns each parent group's child values by the row's
       *rank within the group*, the same order for every child: siblings of one parent come out
       comonotone, which invents strong dependence between columns that share a parent. The
       fitted model is fine (its 2-way TVD is printed), ``method="sample"`` is fine; the rounding
       sampler is what pushes 2-way TVD above the independence floor.
    """
    import opendp.prelude as dp
    import polars as pl
    from opendp.extras.mbi import _mst

    from medprivacy.synth.accounting import rho_for

    dp.enable_features("contrib")
    orig = _mst.binary_search_chain
    _mst.binary_search_chain = lambda f, d_in, d_out, T: orig(  # type: ignore[assignment]
        f, d_in=d_in, d_out=d_out * (1 - 1e-9), T=T
    )
    train, test, spec = load()
    keys = {c: col["domain"] for c, col in spec["columns"].items()}
    rho = rho_for(eps, 1e-6)
    t0 = time.perf_counter()
    ctx = dp.Context.compositor(
        data=pl.from_pandas(train).lazy(),
        privacy_unit=dp.unit_of(contributions=1),
        privacy_loss=dp.loss_of(rho=rho),
    )
    table = ctx.query(rho=rho).contingency_table(keys=keys, algorithm=dp.mbi.MST()).release()
    fit = time.perf_counter() - t0
    out: dict = {"method": "opendp.extras.mbi MST", "eps": eps, "fit_seconds": fit}
    # the fitted model's own 2-way marginals vs the real ones
    tv = []
    for a, b in itertools.combinations(train.columns, 2):
        real = pd.crosstab(train[a], train[b]).reindex(
            index=keys[a], columns=keys[b], fill_value=0
        ).to_numpy() / len(train)
        model = np.asarray(table.project([a, b]))[: len(keys[a]), : len(keys[b])]
        tv.append(0.5 * np.abs(real - model / model.sum()).sum())
    out["model_tvd2"] = float(np.mean(tv))
    for how in ("round", "sample"):
        t1 = time.perf_counter()
        syn = table.synthesize(len(train), method=how).to_pandas()
        syn = syn.dropna()  # the null category mbi adds to every keyset
        out[f"{how}_seconds"] = time.perf_counter() - t1
        out[f"{how}_tvd1"], out[f"{how}_tvd2"] = tvd_means(train, syn.astype(int), spec)
        out[f"{how}_auc"] = auc(syn.astype(int), test, spec)
    out["peak_mb"] = peak_mb()
    return out


def run_floors(table: str = "rand_hie") -> list[dict]:
    from medprivacy.synth.evaluate import bootstrap_floor, independent_floor, tstr_auc

    train, test, spec = load(table)
    rows = []
    for name, syn in (
        ("floor: independent marginals (no noise)", independent_floor(train)),
        ("floor: bootstrap of real rows", bootstrap_floor(train)),
        ("train on real", train),
    ):
        one, two = tvd_means(train, syn, spec)
        rows.append(
            {
                "method": name,
                "tvd1": one,
                "tvd2": two,
                "auc": tstr_auc(syn, test, spec, spec["target"]),
            }
        )
    return rows


AUDIT_SUITE = """name: audit
attacks:
  - attack: epsilon_audit
    method: best
    game: substitution
"""


def run_audit(method: str, eps: float, delta: float = 1e-6) -> dict:
    """The attack suite's ε audit of ``method`` at ``eps`` on the attack benchmark's RAND HIE
    split (benchmarks/attack_data.py: 1,000 members, 1,000 non-members, one row per person;
    release of n_rows = 1,000), its power measured on a run at 10 x ``eps``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import attack_data as A

    from medprivacy.attacks.base import AttackData
    from medprivacy.attacks.suite import parse_suite, run_suite
    from medprivacy.synth import synthesize

    ds = A.rand_hie()
    spec = A.synth_spec(ds)

    def release(e: float) -> pd.DataFrame:
        out = synthesize(ds.members, spec, method=method, epsilon=e, delta=delta, n_rows=1000)
        return out[list(ds.members.columns)]

    t0 = time.perf_counter()
    data = AttackData(
        release=release(eps),
        members=ds.members,
        non_members=ds.non_members,
        population=ds.population,
        quasi_identifiers=ds.qi,
        sensitive=ds.sensitive,
        population_size=ds.population_size,
        name=f"rand_hie: {method} ε={eps:g}",
        synthetic=True,
        epsilon=eps,
        delta=delta,
        power_release=release(10 * eps),
        power_epsilon=10 * eps,
    )
    suite, built = parse_suite(AUDIT_SUITE)
    res = {(r.metric): r for r in run_suite(suite, built, data).results}
    lb = res.get("epsilon_lower_bound")
    one = res.get("epsilon_lower_bound_one_run")
    power = res.get("power_broken_run_lower_bound")
    notes = " ".join(r.note for r in res.values() if r.note)
    return {
        "method": method,
        "eps": eps,
        "held_to": 2 * eps,  # add/remove mechanism, substitution game: group privacy of 2
        "eps_lb": None if lb is None else lb.value,
        "eps_lb_one_run": None if one is None else one.value,
        "power_lb": None if power is None else power.value,
        "defect": "DEFECT" in notes,
        "seconds": time.perf_counter() - t0,
    }


def print_audits(rows: list[dict]) -> None:
    print("\nε audit (attack suite, RAND HIE attack split; substitution game: claim held to 2ε)")
    print("| method | ε (held to) | ε lb CP | ε lb one-run | broken run (10ε) ε lb | DEFECT | s |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print(f"| {r['method']} | error: {r['error']} |")
            continue
        print(
            f"| {r['method']} | {r['eps']:g} ({r['held_to']:g}) | {fmt(r['eps_lb'], '.2f')} | "
            f"{fmt(r['eps_lb_one_run'], '.2f')} | {fmt(r['power_lb'], '.2f')} | "
            f"{'yes' if r['defect'] else 'no'} | {r['seconds']:.0f} |"
        )


SN_ENV = Path(__file__).resolve().parent / ".envs" / "smartnoise"
SN_RUNNER = Path(__file__).resolve().parent / "reference_tools" / "smartnoise_runner.py"
SN_SPEC = ("smartnoise-synth==1.0.8", "torch==2.13.0")
SN_INSTALL_TIMEOUT = 600


def setup_smartnoise() -> str:
    """Create benchmarks/.envs/smartnoise with smartnoise-synth and CPU torch; '' or why not."""
    stamp = SN_ENV / ".installed"
    if stamp.exists() and stamp.read_text().split() == list(SN_SPEC):
        return ""
    print(f"smartnoise: installing {' '.join(SN_SPEC)} into {SN_ENV} ...", file=sys.stderr)
    SN_ENV.parent.mkdir(parents=True, exist_ok=True)
    python = str(SN_ENV / "bin" / "python")
    steps = (
        ["python3", "-m", "venv", "--clear", str(SN_ENV)],
        [python, "-m", "pip", "install", "--quiet", *SN_SPEC],
        [python, "-m", "pip", "list", "--format=freeze"],
    )
    t0 = time.perf_counter()
    for cmd in steps:
        left = SN_INSTALL_TIMEOUT - (time.perf_counter() - t0)
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=max(left, 1))
        except subprocess.TimeoutExpired:
            return f"install took over {SN_INSTALL_TIMEOUT} s ({' '.join(cmd[2:4])})"
        if done.returncode:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
            return f"install failed ({' '.join(cmd[2:4])}): {tail[0][:200]}"
    cuda = [p for p in done.stdout.split() if p.lower().startswith(("nvidia-", "triton"))]
    if cuda:
        return f"pip pulled CUDA packages ({', '.join(cuda[:3])}...): not using this venv"
    stamp.write_text(" ".join(SN_SPEC) + "\n")
    return ""


def run_smartnoise(eps: float = 1.0, timeout: int = 600) -> dict:
    """smartnoise-synth MST in its own venv on the rand_hie train split, scored here."""
    import tempfile

    row: dict = {"method": "smartnoise-synth MST (measured)", "eps": eps}
    why = setup_smartnoise()
    if why:
        return {**row, "error": why}
    train, test, spec = load("rand_hie")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "synthetic.csv"
        cmd = [
            str(SN_ENV / "bin" / "python"),
            str(SN_RUNNER),
            "--train",
            str(DATA / "rand_hie_bench_train.csv"),
        ]
        cmd += ["--out", str(out), "--epsilon", str(eps), "--delta", "1e-6"]
        env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            return {**row, "error": f"did not finish in {timeout} s"}
        if done.returncode:
            return {**row, "error": done.stderr.strip().splitlines()[-1:]}
        info = json.loads(done.stdout.strip().splitlines()[-1])
        syn = pd.read_csv(out)
    one, two = tvd_means(train, syn, spec)
    return {
        **row,
        "seconds": info["seconds"],
        "peak_mb": info["peak_mb"],
        "tvd1": one,
        "tvd2": two,
        "auc": auc(syn, test, spec),
        "version": info["version"],
    }


def child(args: list[str]) -> dict:
    cmd = [sys.executable, __file__, "--child", *args]
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        return {"method": " ".join(args), "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def fmt(x: object, spec: str) -> str:
    return "–" if x is None or (isinstance(x, float) and np.isnan(x)) else format(x, spec)


# the issue's measurements of the reference tools (same table, same metrics, 2 shared cores)
ISSUE_ROWS = (
    "| smartnoise-synth MST (issue) | 1 | 56 s alone (183 s loaded) | 1.9 GB | 0.004 | 0.188 "
    "| 0.678 |",
    "| smartnoise-synth AIM (issue) | 1, 10 | did not finish in 480 s | 2.4–2.8 GB | – | – | – |",
    "| SDV TVAE, 30 epochs, not DP (issue) | – | | | | | 0.728 |",
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--table", default="rand_hie", choices=TABLES)
    ap.add_argument("--methods", "--method", default="aim,mst,independent")
    ap.add_argument("--eps", default="0.5,1,3,10")
    ap.add_argument("--no-sdv", action="store_true", help="leave out SDV GaussianCopula")
    ap.add_argument("--mbi", action="store_true", help="add OpenDP mbi MST at ε=1 (slow)")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument(
        "--smartnoise", action="store_true", help="measure smartnoise-synth MST at ε=1 (own venv)"
    )
    ap.add_argument(
        "--audit",
        action="store_true",
        help="ε audit (attack suite's epsilon_audit) of each DP method at each ε (rand_hie)",
    )
    ap.add_argument("--child", nargs="+")
    ap.add_argument(
        "--relational",
        action="store_true",
        help="Synthea patients/encounters/conditions instead (see synth_relational.py)",
    )
    a, rest = ap.parse_known_args()
    if a.relational:  # its own options (--eps, --repeats, --no-sdv, --kinds)
        import synth_relational

        synth_relational.main([a for a in sys.argv[1:] if a != "--relational"])
        return
    if rest:
        ap.error(f"unrecognized arguments: {' '.join(rest)}")
    if a.child:
        kind, eps, *rest = a.child
        table = rest[0] if rest else "rand_hie"
        if kind == "audit":
            res = run_audit(rest[0], float(eps))
        else:
            res = run_mbi(float(eps)) if kind == "mbi" else run_one(kind, float(eps), table)
        print(json.dumps(res))
        return
    rows = []
    for method in a.methods.split(","):
        for eps in a.eps.split(","):
            for _ in range(a.repeats):
                rows.append(child([method, eps, a.table]))
    if not a.no_sdv:
        rows.append(child(["gaussian_copula", "1", a.table]))
    _, _, spec = load(a.table)
    print(f"table {a.table}, target {spec['target']}")
    print("| method | ε | time | peak memory | 1-way TVD | 2-way TVD | TSTR AUC |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print(f"| {r['method']} | error: {r['error']} |")
            continue
        eps = "– (not DP)" if r["method"] == "gaussian_copula" else r["eps"]
        print(
            f"| medprivacy {r['method']} | {eps} | {fmt(r['seconds'], '.1f')} s "
            f"(CPU {fmt(r.get('cpu_seconds'), '.0f')} s) | "
            f"{fmt(r['peak_mb'], '.0f')} MB | {fmt(r['tvd1'], '.4f')} | {fmt(r['tvd2'], '.4f')} | "
            f"{fmt(r['auc'], '.3f')} |"
        )
    if a.mbi and a.table == "rand_hie":
        r = child(["mbi", "1"])
        if "error" in r:
            print(f"| opendp.extras.mbi MST | 1 | error: {r['error']} |")
        else:
            for how in ("round", "sample"):
                print(
                    f"| opendp.extras.mbi MST, synthesize(method={how!r}) | 1 | "
                    f"{r['fit_seconds'] + r[how + '_seconds']:.1f} s | {r['peak_mb']:.0f} MB | "
                    f"{r[how + '_tvd1']:.4f} | {r[how + '_tvd2']:.4f} | {r[how + '_auc']:.3f} |"
                )
            print(f"| (its fitted model, no sampling) | 1 | | | | {r['model_tvd2']:.4f} | |")
    if a.smartnoise and a.table == "rand_hie":
        r = run_smartnoise(1.0)
        if "error" in r:
            print(f"| {r['method']} | 1 | error: {r['error']} |")
        else:
            print(
                f"| smartnoise-synth {r['version']} MST, measured here | 1 | "
                f"{r['seconds']:.1f} s | {r['peak_mb']:.0f} MB | {r['tvd1']:.4f} | "
                f"{r['tvd2']:.4f} | {r['auc']:.3f} |"
            )
    if a.table == "rand_hie":
        print("\n".join(ISSUE_ROWS))
    for r in run_floors(a.table):
        print(
            f"| *{r['method']}* | – | – | – | {r['tvd1']:.4f} | {r['tvd2']:.4f} | {r['auc']:.3f} |"
        )
    if a.audit:  # after the quality table: its own table
        print_audits(
            [child(["audit", eps, m]) for m in a.methods.split(",") for eps in a.eps.split(",")]
        )


if __name__ == "__main__":
    main()
