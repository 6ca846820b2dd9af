"""Anonymeter's WP29 evaluators on one release, run from Anonymeter's own virtual environment.

    benchmarks/.envs/anonymeter/bin/python benchmarks/reference_tools/anonymeter_runner.py \
        --release R.csv --members M.csv --non-members N.csv --qi a,b --secrets s [--n-attacks 1000]

Reads the release, the members (Anonymeter's "ori") and the non-members ("control") from CSV and
prints one JSON object: singling out (multivariate), linkability (the quasi-identifiers against
the other columns, as medprivacy's default) and attribute inference for each secret (every other
column known; regression for numeric secrets), each with its risk, 95% interval and seconds.
Only risks and counts are printed, never a data value. This file imports anonymeter and must not
be imported by medprivacy (Anonymeter pins numpy < 2).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings


def _risk(evaluator) -> dict:  # type: ignore[no-untyped-def]
    risk = evaluator.risk(confidence_level=0.95)
    res = evaluator.results(confidence_level=0.95)
    return {
        "risk": float(risk.value),
        "ci": [float(risk.ci[0]), float(risk.ci[1])],
        "attack_rate": float(res.attack_rate.value),
        "control_rate": float(res.control_rate.value) if res.control_rate else None,
    }


def _timed(name: str, fn, out: dict) -> None:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    try:
        out[name] = fn()
    except Exception as exc:  # report the evaluator's failure, keep the others
        out[name] = {"error": type(exc).__name__}
    out[name]["seconds"] = round(time.perf_counter() - t0, 2)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--release", required=True)
    ap.add_argument("--members", required=True)
    ap.add_argument("--non-members", required=True)
    ap.add_argument("--qi", required=True, help="comma-separated quasi-identifiers")
    ap.add_argument("--secrets", required=True, help="comma-separated sensitive columns")
    ap.add_argument("--n-attacks", type=int, default=1000)
    ap.add_argument("--n-cols", type=int, default=4, help="columns per singling-out predicate")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    import numpy as np
    import pandas as pd
    from anonymeter.evaluators import (
        InferenceEvaluator,
        LinkabilityEvaluator,
        SinglingOutEvaluator,
    )

    warnings.simplefilter("ignore")
    np.random.seed(args.seed)
    rel = pd.read_csv(args.release)
    mem = pd.read_csv(args.members)
    non = pd.read_csv(args.non_members)
    cols = [c for c in mem.columns if c in rel.columns and c in non.columns]
    rel, mem, non = rel[cols], mem[cols], non[cols]
    qi = [c for c in args.qi.split(",") if c in cols]
    rest = [c for c in cols if c not in qi]
    n = min(args.n_attacks, len(mem), len(non))
    out: dict = {"n_attacks": n, "rows": {"release": len(rel), "members": len(mem)}}

    def singling_out() -> dict:
        ev = SinglingOutEvaluator(
            ori=mem, syn=rel, control=non, n_attacks=n, n_cols=args.n_cols, seed=args.seed
        )
        return _risk(ev.evaluate(mode="multivariate"))

    def linkability() -> dict:
        ev = LinkabilityEvaluator(
            ori=mem, syn=rel, control=non, aux_cols=(qi, rest), n_attacks=n, n_neighbors=1
        )
        return _risk(ev.evaluate(n_jobs=1))

    _timed("singling_out", singling_out, out)
    _timed("linkability", linkability, out)
    inference: dict = {}
    for secret in [s for s in args.secrets.split(",") if s in cols]:
        numeric = pd.api.types.is_numeric_dtype(mem[secret]) and mem[secret].nunique() >= 8

        def infer(secret: str = secret, numeric: bool = numeric) -> dict:
            ev = InferenceEvaluator(
                ori=mem,
                syn=rel,
                control=non,
                aux_cols=[c for c in cols if c != secret],
                secret=secret,
                regression=numeric,
                n_attacks=n,
            )
            return _risk(ev.evaluate(n_jobs=1))

        _timed(secret, infer, inference)
    out["inference"] = inference
    risks = [v["risk"] for v in inference.values() if "risk" in v]
    out["inference_max"] = max(risks) if risks else None
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
