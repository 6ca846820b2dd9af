"""Attack strength and speed: medprivacy's default suite on releases of real clinical tables.

    python benchmarks/attack_strength.py [--quick] [--anonymeter] [--out out/attack_strength]
    python benchmarks/attack_strength.py --setup-anonymeter   # only build Anonymeter's venv

For covid_testing and rand_hie (../shared/data/ehr; one row per person), 1,000 members and
1,000 non-members; the rest is the adversary's population data. Releases of the members: the real
rows, masked rows (the issue's masking: labs +-5% of range, dates +-180 d, age +-2 y, 10% of
categories re-drawn), independent marginals, SDV GaussianCopula, medprivacy.synth's MST (ε = 1
and 10; add/remove adjacency, δ = 1e-6) and an OpenDP noisy-histogram baseline (ε = 1, 10).
Prints one table row per release (AUC, TPR at FPR 1%, ε lower bounds against the claim for the
substitution game, the largest ε detectable at n, the audit's standing (DEFECT, powered or
advisory: its power is measured on a deliberately broken run of the same mechanism at 10 times
the claimed ε), singling out / linkability / inference risks, seconds per suite) with the
targets of issue 8, and the risk against budget of MST (and of the baseline) over ε in
{0.5, 1, 3, 10}. "MST ε=20 claimed 0.1" is issue 12's mislabelled release: the audit must not
call itself powered there.

``--anonymeter`` also runs Anonymeter (singling out, linkability, inference) on each release from
its own virtual environment, benchmarks/.envs/anonymeter (Anonymeter pins numpy < 2, so it never
goes into .venv); the flag builds that environment when it is missing (pip, a few minutes), as
does ``--setup-anonymeter`` alone.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import attack_data as A

from medprivacy.attacks.base import AttackData
from medprivacy.attacks.report import write_report
from medprivacy.attacks.risk_budget import (
    BudgetPoint,
    plot_risk_against_budget,
    points_as_dicts,
    risk_against_budget,
)
from medprivacy.attacks.suite import load_suite, run_suite

REPO = Path(__file__).resolve().parents[1]
ANON_ENV = REPO / "benchmarks" / ".envs" / "anonymeter"
ANON_RUNNER = REPO / "benchmarks" / "reference_tools" / "anonymeter_runner.py"
ANON_SPEC = "anonymeter==1.1.0"
ANON_CONSTRAINTS = ("torch==2.13.0",)  # should anything pull torch: the local CPU build
MST_DELTA = 1e-6
POWER_FACTOR = 10.0  # the broken run: the same mechanism at 10 times the claimed ε
TARGETS = {
    "real rows": "AUC>=0.99 TPR@1%>=0.95 eps_lb>=4.5 SO,INF>=0.95 LINK>=0.80",
    "masked rows": "AUC>=0.72",
    "DP": "eps_lb <= claimed eps for the game (2ε: add/remove mechanism, substitution game)",
}


def anon_python() -> Path:
    return ANON_ENV / "bin" / "python"


def anon_ready() -> bool:
    stamp = ANON_ENV / ".installed"
    return stamp.exists() and stamp.read_text().strip() == ANON_SPEC


def setup_anonymeter() -> str:
    """Create benchmarks/.envs/anonymeter with the pinned Anonymeter; '' or why it failed."""
    if anon_ready():
        return ""
    print(f"anonymeter: installing {ANON_SPEC} into {ANON_ENV} ...", file=sys.stderr)
    ANON_ENV.parent.mkdir(parents=True, exist_ok=True)
    constraints = ANON_ENV.parent / "anonymeter-constraints.txt"
    constraints.write_text("\n".join(ANON_CONSTRAINTS) + "\n")
    python = str(anon_python())
    steps = (
        [sys.executable, "-m", "venv", "--clear", str(ANON_ENV)],
        [python, "-m", "pip", "install", "--quiet", "-c", str(constraints), ANON_SPEC],
        [python, "-m", "pip", "check"],
    )
    for cmd in steps:
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
            return f"install failed ({cmd[2] if len(cmd) > 2 else cmd[0]}): {tail[0][:200]}"
    (ANON_ENV / ".installed").write_text(ANON_SPEC + "\n")
    return ""


def run_anonymeter(ds: A.Dataset, release, workdir: Path) -> dict:
    """Anonymeter's risks for one release (or {'error': ...})."""
    paths = {}
    for name, frame in (
        ("release", release),
        ("members", ds.members),
        ("non-members", ds.non_members),
    ):
        paths[name] = workdir / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    cmd = [
        str(anon_python()),
        str(ANON_RUNNER),
        "--release",
        str(paths["release"]),
        "--members",
        str(paths["members"]),
        "--non-members",
        str(paths["non-members"]),
        "--qi",
        ",".join(ds.qi),
        "--secrets",
        ",".join(ds.sensitive),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        return {"error": f"runner exited {done.returncode}"}
    try:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return {"error": "runner printed no JSON"}


def releases(ds: A.Dataset, quick: bool):
    yield "real rows", ds.members, dict(synthetic=False)
    yield "masked rows", A.mask(ds), dict(synthetic=False)
    yield "independent marginals", A.independent_marginals(ds), dict(synthetic=True)
    if not quick:
        yield "SDV GaussianCopula", A.gaussian_copula(ds), dict(synthetic=True)
    mst = A.mst_synth(ds)

    def claimed(eps: float, delta: float, broken) -> dict:
        power = POWER_FACTOR * eps
        return dict(
            synthetic=True,
            epsilon=eps,
            delta=delta,
            power_release=broken(ds.members, power),
            power_epsilon=power,
        )

    for eps in (1.0, 10.0):
        yield f"MST ε={eps:g}", mst(ds.members, eps), claimed(eps, MST_DELTA, mst)
    if ds.name == "covid_testing":
        yield "MST ε=20 claimed 0.1", mst(ds.members, 20.0), claimed(0.1, MST_DELTA, mst)
    for eps in (1.0, 10.0) if not quick else ():
        yield (
            f"DP histograms ε={eps:g}",
            A.dp_histogram_synth(ds.members, eps),
            claimed(eps, 0.0, A.dp_histogram_synth),
        )


def standing(res) -> str:
    """DEFECT, powered (the broken run was flagged) or advisory, for releases with a claim."""
    audit = [r for r in res if r.attack == "epsilon_audit"]
    if any(r.note.startswith("DEFECT") for r in audit):
        return "DEFECT"
    power = [r for r in audit if r.metric == "power_broken_run_lower_bound"]
    if not power or power[0].baseline is None:
        return "–"
    return "advisory" if power[0].note.startswith("advisory") else "powered"


def pick(results, attack: str, metric: str) -> float | None:
    for r in results:
        if r.attack == attack and r.metric == metric:
            return r.value
    return None


def fmt(x: float | None, digits: int = 2) -> str:
    return "–" if x is None or x != x else f"{x:.{digits}f}"


def anon_cells(res: dict | None) -> str:
    if res is None:
        return ""
    if "error" in res:
        return f" {res['error']} |"

    def one(d: dict | None) -> str:
        return "err" if not d or "risk" not in d else f"{d['risk']:.2f}"

    secs = sum(
        v.get("seconds", 0.0)
        for v in (res.get("singling_out"), res.get("linkability"), *res["inference"].values())
        if isinstance(v, dict)
    )
    inf = res.get("inference_max")
    return (
        f" {one(res.get('singling_out'))} / {one(res.get('linkability'))} / "
        f"{fmt(inf)} ({secs:.0f} s) |"
    )


def print_budget(label: str, points: list[BudgetPoint], seconds: float) -> None:
    print(f"\nrisk against budget ({label}, {seconds:.1f} s):")
    for p in points:
        print(
            f"  ε={p.epsilon:g} (held to {p.held_to:g}): advantage {p.advantage:.3f} "
            f"(ε-DP max {p.theoretical_max_advantage:.3f}), AUC {p.auc:.3f}, "
            f"TPR@1% {p.tpr_at_fpr_1pct:.3f}, "
            f"ε lb {p.epsilon_lower_bound:.2f} / one-run {p.epsilon_lower_bound_one_run:.2f}"
            f"{'  DEFECT' if p.defect else ''}"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="covid_testing only, no SDV")
    ap.add_argument("--anonymeter", action="store_true", help="Anonymeter side by side")
    ap.add_argument("--setup-anonymeter", action="store_true", help="build its venv and exit")
    ap.add_argument("--no-budget", action="store_true", help="skip the risk-against-budget curve")
    ap.add_argument("--out", default=str(REPO / "out" / "attack_strength"))
    args = ap.parse_args()
    if args.anonymeter or args.setup_anonymeter:
        why = setup_anonymeter()
        if why:
            sys.exit(
                f"anonymeter venv: {why}\n(retry with --setup-anonymeter; it needs PyPI access)"
            )
        if args.setup_anonymeter:
            print(f"anonymeter ready in {ANON_ENV}")
            return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suite, built = load_suite(REPO / "attacks" / "default.yaml")
    datasets = [A.covid()] if args.quick else [A.covid(), A.rand_hie()]
    cols = [
        "data",
        "release",
        "AUC",
        "TPR@1%",
        "ε lb CP / one-run (held to)",
        "ε detectable at n",
        "audit (broken run ε lb)",
        "singling out",
        "linkability",
        "inference",
        "suite s",
    ]
    if args.anonymeter:
        cols.append("Anonymeter SO / LINK / INF (s)")
    rows = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    dump: list[dict] = []
    tmp = Path(tempfile.mkdtemp(prefix="attack_strength_"))
    for ds in datasets:
        for name, release, extra in releases(ds, args.quick):
            data = AttackData(
                release=release,
                members=ds.members,
                non_members=ds.non_members,
                population=ds.population,
                quasi_identifiers=ds.qi,
                sensitive=ds.sensitive,
                population_size=ds.population_size,
                name=f"{ds.name}: {name}",
                **extra,
            )
            run = run_suite(suite, built, data)
            res = run.results
            claim = extra.get("epsilon")
            held = None if claim is None else 2 * claim
            inference = pick(res, "inference", "inference_risk_max")
            if inference is None:
                inference = pick(res, "inference", "inference_risk")
            eps_cp = pick(res, "epsilon_audit", "epsilon_lower_bound")
            eps_or = pick(res, "epsilon_audit", "epsilon_lower_bound_one_run")
            detectable = pick(res, "epsilon_audit", "epsilon_detectable_at_n")
            broken = pick(res, "epsilon_audit", "power_broken_run_lower_bound")
            anon = run_anonymeter(ds, release, tmp) if args.anonymeter else None
            rows.append(
                f"| {ds.name} | {name} | {fmt(pick(res, 'membership', 'auc'))} | "
                f"{fmt(pick(res, 'membership', 'tpr_at_fpr_1pct'))} | "
                f"{fmt(eps_cp)} / {fmt(eps_or)} ({fmt(held, 1) if held else '–'}) | "
                f"{fmt(detectable)} | {standing(res)} ({fmt(broken)}) | "
                f"{fmt(pick(res, 'singling_out', 'singling_out_risk'))} | "
                f"{fmt(pick(res, 'linkability', 'linkability_risk'))} | "
                f"{fmt(inference)} | "
                f"{run.seconds:.1f} |" + anon_cells(anon)
            )
            print(rows[-1], flush=True)
            slug = f"{ds.name}-{name.split()[0].lower()}-{len(dump)}"
            write_report(run, out / slug)
            dump.append({"dataset": ds.name, "release": name, **run.to_dict(), "anonymeter": anon})
    (out / "results.json").write_text(json.dumps(dump, indent=1, default=str))
    print()
    print("\n".join(rows))
    if not args.no_budget:
        ds = datasets[0]
        curves: dict[str, list[BudgetPoint]] = {}
        for label, synth, delta in (
            ("medprivacy.synth MST", A.mst_synth(ds), MST_DELTA),
            ("OpenDP noisy histograms (baseline)", A.dp_histogram_synth, 0.0),
        ):
            t0 = time.perf_counter()
            curves[label] = risk_against_budget(
                synth, ds.members, ds.non_members, ds.population, delta=delta
            )
            print_budget(label, curves[label], time.perf_counter() - t0)
        (first, points), *rest = curves.items()
        plot_risk_against_budget(
            points,
            out / "risk_against_budget.png",
            f"{ds.name}: membership advantage against ε",
            label=first,
            others=dict(rest),
        )
        (out / "risk_against_budget.json").write_text(
            json.dumps({k: points_as_dicts(v) for k, v in curves.items()}, indent=1)
        )
    print(f"\ntargets: {TARGETS}\nreports in {out}")


if __name__ == "__main__":
    main()
