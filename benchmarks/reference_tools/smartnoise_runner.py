"""smartnoise-synth's MST on one training CSV, run from smartnoise's own virtual environment.

    benchmarks/.envs/smartnoise/bin/python benchmarks/reference_tools/smartnoise_runner.py \
        --train TRAIN.csv --out SYNTH.csv [--epsilon 1] [--delta 1e-6] [--method mst]

Every column is treated as categorical (the benchmark tables are integer-coded with fixed public
bins), ``preprocessor_eps=0`` (no budget spent on bounds: smartnoise's transformer reads the
categories from the data, as the issue's measurement did), the whole ε goes to the synthesizer.
Writes ``--out`` with as many rows as the input and prints one JSON line: tool, version, method,
ε, δ, seconds (fit + sample), rows and peak RSS. Only timings and counts are printed, never a
data value. This file imports snsynth and must not be imported by medprivacy (smartnoise-synth
cannot co-install with OpenDP 0.16).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import warnings
from importlib.metadata import version


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--epsilon", type=float, default=1.0)
    ap.add_argument("--delta", type=float, default=1e-6)
    ap.add_argument("--method", default="mst")
    args = ap.parse_args()

    import pandas as pd
    from snsynth import Synthesizer

    warnings.simplefilter("ignore")
    train = pd.read_csv(args.train)
    t0 = time.perf_counter()
    synth = Synthesizer.create(args.method, epsilon=args.epsilon, delta=args.delta, verbose=False)
    synth.fit(train, preprocessor_eps=0.0, categorical_columns=list(train.columns))
    syn = synth.sample(len(train))
    seconds = time.perf_counter() - t0
    syn = pd.DataFrame(syn, columns=train.columns)
    syn.to_csv(args.out, index=False)
    print(
        json.dumps(
            {
                "tool": "smartnoise-synth",
                "version": version("smartnoise-synth"),
                "method": args.method,
                "epsilon": args.epsilon,
                "delta": args.delta,
                "seconds": round(seconds, 2),
                "rows": len(syn),
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
