"""Re-identification of a partitioned release counts its classes per part: same figures."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from medprivacy.attacks.base import AttackData
from medprivacy.attacks.reid import (
    ReidConfig,
    Reidentification,
    class_sizes,
    population_class_sizes,
)
from medprivacy.attacks.suite import load_release, run_suite_files
from medprivacy.counts import Partitions
from medprivacy.executor import ExecutorConfig

from .conftest import QI, make_population

REPO = Path(__file__).resolve().parents[2]


def release_with_gaps() -> pd.DataFrame:
    df = make_population(300, seed=4)
    df["zip3"] = df["zip3"].astype(object)
    df.loc[[3, 50, 51, 299], "zip3"] = None  # a missing value is a class value of its own
    return df


def write_parts(df: pd.DataFrame, root: Path, cuts: list[int]) -> Path:
    root.mkdir(parents=True)
    edges = [0, *cuts, len(df)]
    for i, (a, b) in enumerate(itertools.pairwise(edges)):
        df.iloc[a:b].to_parquet(root / f"part-{i}.parquet", index=False)
    return root


def read_all(root: Path) -> pd.DataFrame:
    """The parts as one table (path order)."""
    return pd.concat(
        [pd.read_parquet(p) for p in sorted(root.glob("*.parquet"))], ignore_index=True
    )


def figures(results: list[Any]) -> dict[str, Any]:
    return {r.metric: r.to_dict() for r in results}


@pytest.mark.parametrize("cuts", [[0, 100, 101, 300], [150]])
def test_reidentification_of_a_partitioned_release_equals_the_single_table(
    tmp_path: Path, cuts: list[int]
) -> None:
    release = release_with_gaps()
    population = make_population(500, seed=9)
    root = write_parts(release, tmp_path / "release", cuts)
    whole = read_all(root)  # the parts as one table
    attack = Reidentification(ReidConfig.model_validate({}))
    single = figures(
        attack.run(
            AttackData(whole, population=population, quasi_identifiers=QI, population_size=20_000)
        )
    )
    parts, _, _ = load_release(tmp_path, "release")
    assert isinstance(parts, Partitions)
    split = figures(
        attack.run(
            AttackData(
                pd.DataFrame(),
                parts=parts,
                population=population,
                quasi_identifiers=QI,
                population_size=20_000,
            )
        )
    )
    assert split == single
    f = class_sizes(whole, QI)  # the per-record definitions, on the whole table
    big_f = population_class_sizes(whole, population, QI)
    assert single["prosecutor_max"]["value"] == pytest.approx(1 / f.min(), abs=1e-6)
    assert single["prosecutor_avg"]["value"] == pytest.approx(np.mean(1 / f), abs=1e-6)
    assert single["sample_uniqueness"]["value"] == pytest.approx(np.mean(f == 1), abs=1e-6)
    assert single["marketer"]["value"] == pytest.approx(np.mean(1 / big_f), abs=1e-6)
    assert single["journalist_max"]["value"] == pytest.approx(1 / big_f.min(), abs=1e-6)


def test_a_suite_on_a_partitioned_release_runs_reid_and_skips_row_attacks(tmp_path: Path) -> None:
    release = release_with_gaps()
    root = write_parts(release, tmp_path / "release", [120])
    kwargs: dict[str, Any] = {"quasi_identifiers": QI, "population_size": 20_000}
    suite = REPO / "attacks" / "default.yaml"
    split = run_suite_files(suite, root, **kwargs)
    single = run_suite_files(suite, read_all(root), executor=ExecutorConfig(), **kwargs)
    reid = [r.to_dict() for r in split.results if r.attack == "reid"]
    assert reid and reid == [r.to_dict() for r in single.results if r.attack == "reid"]
    assert {r.attack for r in split.results} == {"reid"}
    assert not split.errors
    assert split.skipped and all("partitioned" in why for why in split.skipped.values())


@pytest.fixture(scope="module")
def dask_executor() -> Iterator[Any]:
    from medprivacy.executor import ExecutorConfig, open_executor

    with open_executor(ExecutorConfig(kind="dask", workers=2), 2) as ex:
        yield ex


@pytest.mark.slow
def test_partitioned_reid_on_dask_equals_the_single_table(
    tmp_path: Path, dask_executor: Any
) -> None:
    release = release_with_gaps()
    root = write_parts(release, tmp_path / "release", [60, 200])
    whole = read_all(root)
    attack = Reidentification(ReidConfig.model_validate({}))
    data = AttackData(pd.DataFrame(), quasi_identifiers=QI, population_size=5_000)
    data.parts, data.executor = load_release(tmp_path, "release")[0], dask_executor
    single = AttackData(whole, quasi_identifiers=QI, population_size=5_000)
    assert figures(attack.run(data)) == figures(attack.run(single))


def test_attack_cli_on_a_parquet_directory_reports_the_single_file_figures(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    release = release_with_gaps()
    write_parts(release, tmp_path / "rel" / "parts", [100])
    read_all(tmp_path / "rel" / "parts").to_parquet(tmp_path / "rel" / "whole.parquet")
    env = {**os.environ, "MEDPRIVACY_KEY": "attack-cli-test-key-0123456789"}
    reports = {}
    for table in ("parts", "whole.parquet"):
        out = tmp_path / f"out-{table}"
        cmd = [sys.executable, "-m", "medprivacy.cli", "attack", str(tmp_path / "rel")]
        cmd += ["--table", table, "--qi", "age", "--qi", "sex", "--qi", "zip3", "--out", str(out)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
        assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
        reports[table] = json.loads((out / "attack_results.json").read_text())
    reid = [[r for r in reports[t]["results"] if r["attack"] == "reid"] for t in reports]
    assert reid[0] and reid[0] == reid[1]
    assert all("partitioned" in why for why in reports["parts"]["skipped"].values())
