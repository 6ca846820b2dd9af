"""Run anjana (in its own venv) on one anonymization task; the last stdout line is a JSON summary.

    python anjana_runner.py TASK.json

TASK: {"data": CSV (;-separated), "hierarchies": folder of ARX hierarchy CSVs, "qis": [...],
"model": "k" | "l" | "t", "k": 5, "l": 3, "t": 0.2, "sensitive": "occupation", "supp": 2
(percent), "out": CSV to write}. Only the anonymization call is timed.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pandas as pd
from anjana.anonymity import l_diversity, t_closeness
from anjana.anonymity._k_anonymity import k_anonymity_inner


def main() -> None:
    task = json.loads(Path(sys.argv[1]).read_text())
    data = pd.read_csv(task["data"], sep=";")
    hierarchies = {
        qi: dict(
            pd.read_csv(
                Path(task["hierarchies"]) / f"adult_hierarchy_{qi}.csv", sep=";", header=None
            )
        )
        for qi in task["qis"]
    }
    levels: dict[str, int] = {}
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # anjana prints progress
        if task["model"] == "k":
            out, _, levels = k_anonymity_inner(
                data, [], task["qis"], task["k"], task["supp"], hierarchies
            )
        elif task["model"] == "l":
            out = l_diversity(
                data,
                [],
                task["qis"],
                task["sensitive"],
                task["k"],
                task["l"],
                task["supp"],
                hierarchies,
            )
        else:
            out = t_closeness(
                data,
                [],
                task["qis"],
                task["sensitive"],
                task["k"],
                task["t"],
                task["supp"],
                hierarchies,
            )
    seconds = time.perf_counter() - start
    out.to_csv(task["out"], sep=";", index=False)
    summary = {
        "tool": "anjana",
        "version": version("anjana"),
        "seconds": seconds,
        "rows": len(out),
        "levels": {k: int(v) for k, v in levels.items()},
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
