"""Attack strength and speed: medprivacy's default suite on releases of real clinical tables.

    python benchmarks/attack_strength.py [--quick] [--out out/attack_strength]

For covid_testing and rand_hie (../shared/data/ehr; one row per person), 1,000 members and
1,000 non-members; the rest is the adversary's population data. Releases of the members: the real
rows, masked rows, independent marginals, SDV GaussianCopula, and an ε-DP baseline (per-column
noisy histograms with OpenDP's Laplace mechanism, add/remove adjacency) at ε = 1 and 10. Prints
one table row per release (AUC, TPR at FPR 1%, ε lower bounds, singling out / linkability /
inference risks, seconds per suite) with the targets of issue 8, and plots risk against budget
for the DP baseline over ε in {0.5, 1, 3, 10}.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import attack_data as A

from medprivacy.attacks.base import AttackData
from medprivacy.attacks.report import write_report
from medprivacy.attacks.risk_budget import (
    plot_risk_against_budget,
    points_as_dicts,
    risk_against_budget,
)
from medprivacy.attacks.suite import load_suite, run_suite

REPO = Path(__file__).resolve().parents[1]
TARGETS = {
    "real rows": "AUC>=0.99 TPR@1%>=0.95 eps_lb>=4.5 SO,INF>=0.95 LINK>=0.80",
    "masked rows": "AUC>=0.72",
    "DP": "eps_lb <= claimed eps for the game",
}


def releases(ds: A.Dataset, quick: bool):  # type: ignore[no-untyped-def]
    yield "real rows", ds.members, dict(synthetic=False)
    yield "masked rows", A.mask(ds), dict(synthetic=False)
    yield "independent marginals", A.independent_marginals(ds), dict(synthetic=True)
    if not quick:
        yield "SDV GaussianCopula", A.gaussian_copula(ds), dict(synthetic=True)
    for eps in (1.0, 10.0):
        yield (
            f"DP histograms ε={eps:g}",
            A.dp_histogram_synth(ds.members, eps),
            dict(synthetic=True, epsilon=eps),
        )


def pick(results, attack: str, metric: str) -> float | None:  # type: ignore[no-untyped-def]
    for r in results:
        if r.attack == attack and r.metric == metric:
            return r.value
    return None


def fmt(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="covid_testing only, no SDV")
    ap.add_argument("--out", default=str(REPO / "out" / "attack_strength"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suite, built = load_suite(REPO / "attacks" / "default.yaml")
    datasets = [A.covid()] if args.quick else [A.covid(), A.rand_hie()]
    header = (
        "| data | release | AUC | TPR@1% | ε lb CP / one-run (held to) | singling out | "
        "linkability | inference | suite s |"
    )
    rows = [header, "|" + "---|" * 9]
    dump = []
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
            rows.append(
                f"| {ds.name} | {name} | {fmt(pick(res, 'membership', 'auc'))} | "
                f"{fmt(pick(res, 'membership', 'tpr_at_fpr_1pct'))} | "
                f"{fmt(eps_cp)} / {fmt(eps_or)} ({fmt(held, 0) if held else '–'}) | "
                f"{fmt(pick(res, 'singling_out', 'singling_out_risk'))} | "
                f"{fmt(pick(res, 'linkability', 'linkability_risk'))} | "
                f"{fmt(inference)} | "
                f"{run.seconds:.1f} |"
            )
            print(rows[-1], flush=True)
            slug = f"{ds.name}-{name.split()[0].lower()}-{len(dump)}"
            write_report(run, out / slug)
            dump.append({"dataset": ds.name, "release": name, **run.to_dict()})
    (out / "results.json").write_text(json.dumps(dump, indent=1, default=str))
    ds = datasets[0]
    label, synth = A.synthesizer_for_budget(ds)
    t0 = time.perf_counter()
    points = risk_against_budget(synth, ds.members, ds.non_members, ds.population)
    plot_risk_against_budget(points, out / "risk_against_budget.png", f"{ds.name}: {label}")
    (out / "risk_against_budget.json").write_text(json.dumps(points_as_dicts(points), indent=1))
    print()
    print("\n".join(rows))
    print(f"\nrisk against budget ({label}, {time.perf_counter() - t0:.1f} s):")
    for p in points:
        print(
            f"  ε={p.epsilon:g} (held to {p.held_to:g}): advantage {p.advantage:.3f} "
            f"(ε-DP max {p.theoretical_max_advantage:.3f}), AUC {p.auc:.3f}, "
            f"ε lb {p.epsilon_lower_bound:.2f} / one-run {p.epsilon_lower_bound_one_run:.2f}"
            f"{'  DEFECT' if p.defect else ''}"
        )
    print(f"\ntargets: {TARGETS}\nreports in {out}")


if __name__ == "__main__":
    main()
