"""A partitioned table is anonymized from merged class counts exactly as the one table."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from medprivacy.anonymize import anonymize, apply
from medprivacy.anonymize.partitioned import anonymize_partitioned, apply_partitioned
from medprivacy.counts import class_sizes
from medprivacy.errors import ConfigError, InputError, MedPrivacyError

from .conftest import config, make_patients

QI = ["age", "zip", "sex", "race"]
MODELS: list[dict[str, Any]] = [
    {"kind": "k_anonymity", "k": 6},
    {"kind": "l_diversity", "attribute": "diagnosis", "l": 2},
]


def split(df: pd.DataFrame, cuts: list[int]) -> list[pd.DataFrame]:
    edges = [0, *cuts, len(df)]
    return [df.iloc[a:b].reset_index(drop=True) for a, b in itertools.pairwise(edges)]


def write_dir(parts: list[pd.DataFrame], root: Path) -> Path:
    root.mkdir()
    for i, p in enumerate(parts):
        sub = root / ("a" if i % 2 else "b")
        sub.mkdir(exist_ok=True)
        p.to_parquet(sub / f"p{i}.parquet", index=False)
    return root


def ordered(parts: list[pd.DataFrame], root: Path) -> pd.DataFrame:
    """The parts in the order a directory lists them (path order)."""
    files = sorted(root.rglob("*.parquet"))
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)


def sorted_sizes(df: pd.DataFrame) -> list[int]:
    return sorted(df.groupby(QI, sort=False).size().tolist())


@pytest.mark.parametrize("mask", [False, True])
def test_partitioned_search_picks_the_single_table_node_and_suppression(
    tmp_path: Path, mask: bool
) -> None:
    df = make_patients(300, seed=5)
    parts = split(df, [0, 40, 41, 170, 300])  # empty parts at both ends and a one-row part
    root = write_dir(parts, tmp_path / "in")
    whole = ordered(parts, root)
    cfg = config(MODELS, 0.05, suppressed_rows="mask" if mask else "drop")
    single_out, single = anonymize(whole, cfg)
    report = anonymize_partitioned(root, cfg, out=tmp_path / "out")
    assert single.suppressed > 0  # the limit is used: suppression decided on the merged classes
    assert report.transformation == single.transformation
    for field in ("records", "released", "suppressed", "classes", "loss", "risk", "diversity"):
        assert getattr(report, field) == getattr(single, field), field
    assert report.optimal == single.optimal
    released = ordered([], tmp_path / "out")
    assert sorted(class_sizes(tmp_path / "out", QI).tolist()) == sorted_sizes(single_out)
    assert len(released) == len(single_out)
    pd.testing.assert_frame_equal(
        released.astype(str), single_out.reset_index(drop=True).astype(str)
    )  # every row generalized as the single release writes it, in input order
    assert not (tmp_path / "in").joinpath("out").exists()
    assert sorted(p.name for p in (tmp_path / "out").rglob("*.parquet")) == [
        f"part-{i:05d}.parquet" for i in range(len(list(root.rglob("*.parquet"))))
    ]  # numbered, never named after input paths (they may hold PHI)


def test_journalist_risk_against_a_population_table_picks_the_single_table_node(
    tmp_path: Path,
) -> None:
    population = make_patients(2000, seed=5)
    sample = population.sample(250, random_state=2).reset_index(drop=True)
    population.to_csv(tmp_path / "population.csv", index=False)
    models = [{"kind": "journalist_risk", "highest": 0.05, "population_path": "population.csv"}]
    cfg = config(models, 0.02)
    _, single = anonymize(sample, cfg, base_dir=tmp_path)
    report = anonymize_partitioned(split(sample, [90, 91]), cfg, base_dir=tmp_path)
    assert report.transformation == single.transformation
    assert (report.suppressed, report.classes, report.risk) == (
        single.suppressed,
        single.classes,
        single.risk,
    )


def test_a_saved_transformation_is_rechecked_on_the_merged_counts_of_new_parts(
    tmp_path: Path,
) -> None:
    cfg = config(MODELS[:1], 0.05)
    _, first = anonymize(make_patients(300, seed=5), cfg)
    assert first.transformation is not None
    saved = first.transformation.model_dump(mode="json")
    fresh = make_patients(260, seed=6)
    single_out, single = apply(fresh, saved, strict=False)
    report = apply_partitioned(split(fresh, [100, 100]), saved, tmp_path / "out", strict=False)
    for field in ("satisfied", "suppressed", "classes", "risk", "transformation"):
        assert getattr(report, field) == getattr(single, field), field
    assert sorted(class_sizes(tmp_path / "out", QI).tolist()) == sorted_sizes(single_out)
    strict_levels = {**saved, "config": {**saved["config"], "suppression_limit": 0.0}}
    tight = make_patients(40, seed=7)  # too few rows for k=6 at these levels without suppression
    with pytest.raises(MedPrivacyError, match="does not satisfy"):
        apply_partitioned(split(tight, [20]), strict_levels, tmp_path / "refused")
    assert not (tmp_path / "refused").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_part_never_suppresses_on_its_own_rows(tmp_path: Path) -> None:
    """A class split over parts (fewer than k rows in each) is released whole, not suppressed."""
    row = {"age": 40, "zip": "02139", "sex": "F", "race": "White", "diagnosis": "I10"}
    other = {**row, "diagnosis": "E10"}
    parts = [pd.DataFrame([row, other, row]) for _ in range(3)]  # 9 rows, 3 per part
    cfg = config([{"kind": "k_anonymity", "k": 5}], 0.0)
    report = anonymize_partitioned(parts, cfg, out=tmp_path / "out")
    assert report.suppressed == 0
    assert report.transformation is not None and set(report.transformation.levels.values()) == {0}
    assert class_sizes(tmp_path / "out", QI).tolist() == [9]


def test_a_missing_quasi_identifier_names_the_partition_and_row_not_the_value(
    tmp_path: Path,
) -> None:
    df = make_patients(30, seed=2).astype({"zip": object})
    parts = [df.iloc[:10], df.iloc[10:20].reset_index(drop=True)]
    parts[1].loc[7, "zip"] = None
    with pytest.raises(InputError, match=r"partition 2: column 'zip', row 8: missing value"):
        anonymize_partitioned(parts, config([{"kind": "k_anonymity", "k": 2}], 0.5))
    with pytest.raises(ConfigError, match="optimal"):
        anonymize_partitioned(parts[:1], config(MODELS[:1], 0.1, method="mondrian"))


def test_an_existing_output_folder_is_refused_and_nothing_partial_is_left(tmp_path: Path) -> None:
    df = make_patients(60, seed=3)
    (tmp_path / "out").mkdir()
    with pytest.raises(ConfigError, match="exists"):
        anonymize_partitioned(split(df, [30]), config(MODELS[:1], 0.1), out=tmp_path / "out")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "out"]
    assert leftovers == []


@pytest.fixture(scope="module")
def dask_executor() -> Iterator[Any]:
    from medprivacy.executor import ExecutorConfig, open_executor

    with open_executor(ExecutorConfig(kind="dask", workers=2), 2) as ex:
        yield ex


@pytest.mark.slow
def test_partitioned_anonymization_on_dask_equals_the_single_table(
    tmp_path: Path, dask_executor: Any
) -> None:
    df = make_patients(200, seed=8)
    parts = split(df, [50, 120])
    root = write_dir(parts, tmp_path / "in")
    whole = ordered(parts, root)
    cfg = config(MODELS[:1], 0.05)
    single_out, single = anonymize(whole, cfg)
    report = anonymize_partitioned(root, cfg, out=tmp_path / "out", executor=dask_executor)
    assert report.transformation == single.transformation
    assert report.suppressed == single.suppressed
    assert sorted(class_sizes(tmp_path / "out", QI).tolist()) == sorted_sizes(single_out)
    assert np.array_equal(
        ordered([], tmp_path / "out")["age"].astype(str), single_out["age"].astype(str)
    )
