"""Exact counting over partitions: merged counts equal the single-table counts, the per-patient
bound holds over the whole table, and DP measures the merged table once."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medprivacy.attacks.reid import class_keys
from medprivacy.attacks.reid import class_sizes as record_sizes_single
from medprivacy.attacks.uniqueness import estimate_population_uniques
from medprivacy.budget import Ledger
from medprivacy.counts import (
    PartitionedCodes,
    bounded_part,
    class_sizes,
    partitioned_marginals,
    partitions,
    record_class_sizes,
    unit_quotas,
)
from medprivacy.dp import parse_stats_spec, release_stats
from medprivacy.dp.release import read_table
from medprivacy.errors import ConfigError, InputError
from medprivacy.executor import Executor, ExecutorConfig, open_executor
from medprivacy.keys import Key
from medprivacy.synth import synthesize
from medprivacy.synth.aim import AIM
from medprivacy.synth.contributions import bound_contributions, cell_text
from medprivacy.synth.dpctgan import DPCTGAN
from medprivacy.synth.encode import encode_checked
from medprivacy.synth.mst import MST
from medprivacy.synth.spec import SynthSpec, as_spec

SPEC = as_spec(
    {
        "privacy_unit": {"id": "pid", "max_rows": 3},
        "columns": {
            "a": {"type": "categorical", "domain": ["x", "y", "z"]},
            "b": {"type": "numeric", "bounds": [0, 100], "bins": 5},
            "c": {"type": "categorical", "domain": [0, 1], "nullable": True},
        },
    }
)
ALL = [(0,), (1,), (2,), (0, 1), (1, 0), (0, 2), (2, 1, 0)]


def _table(n: int = 400, seed: int = 3) -> pd.DataFrame:
    """Patients with 1..12 rows, a few rows without an id, ids spelled 7, 7.0 and "7"."""
    rng = np.random.default_rng(seed)
    pid: list[object] = list(rng.integers(0, 60, n))
    pid[5], pid[17], pid[40] = None, "", 7.0
    pid[41], pid[42] = "7", 7
    return pd.DataFrame(
        {
            "row": np.arange(n),
            "pid": pd.Series(pid, dtype=object),
            "a": rng.choice(["x", "y", "z"], n),
            "b": rng.integers(0, 101, n),
            "c": rng.choice([0, 1, None], n),
        }
    )


def _parquet_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Parquet holds one type per column: ids as their text (7, 7.0 and "7" read "7")."""
    return df.assign(pid=df["pid"].map(lambda v: None if v is None else cell_text(v)))


def _single(df: pd.DataFrame, spec: SynthSpec = SPEC) -> list[np.ndarray]:
    codes = encode_checked(bound_contributions(df.reset_index(drop=True), spec), spec)
    return codes.marginals(ALL)


def _splits(df: pd.DataFrame) -> dict[str, list[pd.DataFrame]]:
    n = len(df)
    return {
        "one": [df],
        "even": [df.iloc[i : i + n // 4] for i in range(0, n, n // 4)],
        "with_empty": [df.iloc[:0], df.iloc[:150], df.iloc[150:150], df.iloc[150:], df.iloc[:0]],
        "uneven": [df.iloc[:1], df.iloc[1:41], df.iloc[41:42], df.iloc[42:399], df.iloc[399:]],
    }


@pytest.mark.parametrize("split", ["one", "even", "with_empty", "uneven"])
def test_merged_marginals_equal_the_single_table_counts(split: str):
    df = _table()
    parts = _splits(df)[split]
    assert len(pd.concat(parts)) == len(df)
    for got, want in zip(partitioned_marginals(parts, SPEC, ALL), _single(df), strict=True):
        assert got.dtype == np.int64
        np.testing.assert_array_equal(got, want)


def test_a_patient_split_across_partitions_keeps_max_rows_in_all():
    # patient "p" has 2 rows in each of 4 parts: the bound (3) holds over the table, not per part
    rows = [pd.DataFrame({"row": [2 * i, 2 * i + 1], "pid": "p", "a": "x", "b": 1, "c": 0})
            for i in range(4)]  # fmt: skip
    assert _bounded(rows).tolist() == [0, 1, 2]
    assert partitioned_marginals(rows, SPEC, [(0,)])[0].tolist() == [3, 0, 0]


def _bounded(parts: list[pd.DataFrame], spec: SynthSpec = SPEC) -> np.ndarray:
    """The ``row`` ids that the partitioned bound keeps, in table order."""
    src = partitions(parts)
    assert spec.privacy_unit is not None
    quotas = unit_quotas(src, spec.privacy_unit.id, spec.privacy_unit.max_rows)
    kept = []
    for part, name, quota in zip(parts, src.names, quotas, strict=True):
        positions = bounded_part(part, name, spec, quota).index.to_numpy()
        kept.append(part["row"].to_numpy()[positions])
    return np.concatenate(kept)


def test_patient_hashes_sent_to_the_parts_are_keyed_per_run():
    src = partitions(_splits(_table())["even"])
    first, second = (unit_quotas(src, "pid", 3) for _ in range(2))
    assert sum(len(q.hashes) for q in first) > 0
    assert first[0].key != second[0].key and {q.key for q in first} == {first[0].key}
    assert set(np.concatenate([q.hashes for q in first])).isdisjoint(
        np.concatenate([q.hashes for q in second])
    )
    for a, b in zip(first, second, strict=True):  # the same rows are cut, whatever the key
        assert sorted(a.keep.tolist()) == sorted(b.keep.tolist())


@pytest.mark.parametrize("split", ["one", "even", "with_empty", "uneven"])
def test_truncation_across_partitions_equals_the_single_table_truncation(split: str):
    df = _table()
    single = bound_contributions(df, SPEC)
    assert len(single) < len(df) - 2  # the bound drops rows here, not only the id-less ones
    assert _bounded(_splits(df)[split]).tolist() == single["row"].tolist()


def test_a_directory_of_parquet_files_is_read_in_path_order(tmp_path: Path):
    df = _parquet_ready(_table())
    (tmp_path / "c").mkdir()
    df.iloc[:0].to_parquet(tmp_path / "a_empty.parquet")
    df.iloc[:100].to_parquet(tmp_path / "b.parquet")
    df.iloc[100:250].to_parquet(tmp_path / "c" / "d.parquet")  # c/d before c-e: path order
    df.iloc[250:].to_parquet(tmp_path / "c-e.parquet")
    (tmp_path / "_SUCCESS").write_bytes(b"")  # a writer's bookkeeping is skipped
    (tmp_path / ".c-e.parquet.crc").write_bytes(b"x")
    src = partitions(tmp_path)
    assert src.names == ("partition 1", "partition 2", "partition 3", "partition 4")
    assert [p.rel for p in src.parts] == [
        "a_empty.parquet",
        "b.parquet",
        "c/d.parquet",
        "c-e.parquet",
    ]
    for got, want in zip(partitioned_marginals(tmp_path, SPEC, ALL), _single(df), strict=True):
        np.testing.assert_array_equal(got, want)
    parts = [pd.read_parquet(p.path) for p in src.parts]
    assert _bounded(parts).tolist() == bound_contributions(df, SPEC)["row"].tolist()
    (tmp_path / "notes.csv").write_text("pid\n1\n")
    with pytest.raises(InputError, match=r"file 5 in path order is not a .parquet file"):
        partitions(tmp_path)


def _single_class_sizes(df: pd.DataFrame, qi: list[str]) -> np.ndarray:
    sizes = np.bincount(class_keys(df, qi).to_numpy())
    return np.sort(sizes[sizes > 0])


@pytest.mark.parametrize("split", ["one", "even", "with_empty", "uneven"])
def test_equivalence_class_sizes_equal_the_single_table_classes(split: str):
    df = _table()
    df["b"] = df["b"] // 10
    df.loc[[3, 9], "a"] = None  # a missing value is a class value of its own
    qi = ["a", "b", "c"]
    got = class_sizes(_splits(df)[split], qi)
    np.testing.assert_array_equal(np.sort(got), _single_class_sizes(df, qi))
    assert got.sum() == len(df)
    est, want = (
        estimate_population_uniques(got, 4000),
        estimate_population_uniques(_single_class_sizes(df, qi), 4000),
    )
    assert (est.dankar, est.sample_uniques) == (want.dankar, want.sample_uniques)
    per_record = np.sort(record_sizes_single(df, qi))
    np.testing.assert_array_equal(np.sort(record_class_sizes(got)), per_record)


def test_partitioned_fit_measures_each_marginal_once_from_the_merged_counts():
    df = _table()
    parts = _splits(df)["with_empty"]
    codes = PartitionedCodes(partitions(parts), SPEC)
    assert codes.passes == 2  # ids, then every 1-way and 2-way table: all that MST reads
    # the count tables the mechanisms get are the exact single-table ones (merged, no noise)
    for got, want in zip(codes.marginals(ALL), _single(df), strict=True):
        np.testing.assert_array_equal(got, want)
    assert codes.rows == int(_single(df)[0].sum())
    whole, split = MST(epsilon=1.0), MST(epsilon=1.0)
    whole.fit(df, SPEC)
    split.fit_partitioned(parts, SPEC)
    log = [what for what, _ in split.budget.log]
    # one OpenDP measurement per marginal (never one per partition), as on one table
    assert len(log) == len(set(log)) == len(whole.budget.log) == 3 + 2 + 2
    assert [w for w in log if w.startswith("1-way")] == ["1-way a", "1-way b", "1-way c"]
    assert split.budget.spent == pytest.approx(split.rho, rel=1e-6)
    assert sum(r for _, r in split.budget.log) == pytest.approx(whole.budget.spent, rel=1e-9)


def test_aim_fits_from_partitions_with_one_pass_per_round():
    df = _table()
    parts = _splits(df)["even"]
    src = partitions(parts)
    codes = PartitionedCodes(src, SPEC)
    aim = AIM(epsilon=1.0, particles=500, model_rows=500, extra_rounds=1)
    aim.fit_partitioned(codes, SPEC)
    log = [what for what, _ in aim.budget.log]
    assert len([w for w in log if w.startswith("marginal")]) == len(SPEC.columns) - 1 + 1
    assert len(set(log)) == len(log)
    # ids, then 1-ways and pairs (round 1), then one pass per later round's 3-way candidates
    assert codes.passes == 2 + len(SPEC.columns) - 2
    assert len(aim.sample(20)) == 20


def test_a_bad_cell_in_a_partition_is_refused_before_anything_is_measured():
    df = _table()
    parts = _splits(df)["even"]
    parts[2] = parts[2].copy()
    parts[2].iloc[7, [parts[2].columns.get_loc(c) for c in ("pid", "a")]] = ["new", "CANARY-4711"]
    paid: list[bool] = []
    with pytest.raises(InputError) as err:
        MST(epsilon=1.0).fit_partitioned(parts, SPEC, before_measure=lambda: paid.append(True))
    msg = str(err.value)
    assert "CANARY" not in msg and "partition 3" in msg and "'a'" in msg and "row 8" in msg
    assert paid == []


def test_a_missing_column_or_unreadable_file_names_the_partition_not_a_value(tmp_path: Path):
    df = _parquet_ready(_table())
    df.iloc[:50].to_parquet(tmp_path / "p1.parquet")
    df.iloc[50:].drop(columns="b").to_parquet(tmp_path / "p2.parquet")
    with pytest.raises(InputError, match=r"^partition 2: column 'b' is missing"):
        partitioned_marginals(tmp_path, SPEC, [(1,)])
    (tmp_path / "p2.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match=r"^partition 2: not a readable Parquet file"):
        partitioned_marginals(tmp_path, SPEC, [(1,)])


def test_a_synthesizer_that_needs_rows_refuses_partitioned_input():
    with pytest.raises(ConfigError, match="partitioned input works with"):
        DPCTGAN(epsilon=1.0).fit_partitioned([_table()], SPEC)


@pytest.fixture(scope="module")
def dask_executor() -> Iterator[Executor]:
    pytest.importorskip("distributed")
    with open_executor(ExecutorConfig(kind="dask", workers=2), 2) as executor:
        yield executor


@pytest.mark.slow
def test_dask_counts_equal_the_single_table_counts(dask_executor: Executor, tmp_path: Path):
    df = _parquet_ready(_table())
    for i, part in enumerate(_splits(df)["with_empty"]):
        part.to_parquet(tmp_path / f"part-{i}.parquet")
    got = partitioned_marginals(tmp_path, SPEC, ALL, dask_executor)
    for g, want in zip(got, _single(df), strict=True):
        np.testing.assert_array_equal(g, want)
    qi = ["a", "c"]
    sizes = class_sizes(tmp_path, qi, dask_executor)
    np.testing.assert_array_equal(np.sort(sizes), _single_class_sizes(df, qi))
    parts = _splits(df)["uneven"]
    parts[3] = parts[3].assign(a="CANARY-4711")
    with pytest.raises(InputError) as err:  # the worker's error comes back without the value
        partitioned_marginals(parts, SPEC, [(0,)], dask_executor)
    assert "partition 4" in str(err.value) and "CANARY" not in str(err.value)


def test_dp_statistics_over_a_parquet_directory_are_one_release_of_the_whole_table(
    tmp_path: Path, key: Key
):
    df = _parquet_ready(_table())
    parts = tmp_path / "parts"
    parts.mkdir()
    for i, part in enumerate(_splits(df)["with_empty"]):
        part.to_parquet(parts / f"part-{i}.parquet")
    df.to_parquet(tmp_path / "whole.parquet")
    table = read_table(parts)
    assert table.equals(read_table(tmp_path / "whole.parquet"))  # same rows, same order
    spec = parse_stats_spec(
        {
            "privacy_unit": {"id": "pid", "max_rows": 3},
            "queries": [
                {"name": "n", "kind": "count"},
                {"name": "a", "kind": "histogram", "column": "a", "categories": ["x", "y"]},
            ],
            "budget": {"epsilon": 1.0},
        }
    )
    book = Ledger(tmp_path / "l.sqlite", key=key)
    book.init_dataset("d", 5.0, 1e-5)
    whole = release_stats(read_table(tmp_path / "whole.parquet"), spec, spec.budget)
    rel = release_stats(table, spec, spec.budget, ledger=book, dataset="d")
    # one charge for the release, at the single table's cost and noise scales (not per file)
    assert [e.epsilon for e in book.history("d")[1:]] == [pytest.approx(whole.loss["epsilon"])]
    for name in ("n", "a"):
        assert rel.statistics[name].scale == whole.statistics[name].scale
    tail = max(rel.statistics["n"].scale.values()) * math.log(1e6)  # P(miss) <= 1e-6
    assert abs(rel.statistics["n"].value - len(bound_contributions(df, SPEC))) <= tail


@pytest.mark.slow
def test_synthesize_a_parquet_directory_on_dask_pays_once_and_measures_once(
    dask_executor: Executor, tmp_path: Path, key: Key
):
    df = _parquet_ready(_table())
    folder = tmp_path / "visits"
    folder.mkdir()
    for i, part in enumerate(_splits(df)["even"]):
        part.to_parquet(folder / f"part-{i}.parquet")
    book = Ledger(tmp_path / "l.sqlite", key=key)
    book.init_dataset("d", 5.0, 1e-5)
    out, synth = synthesize(
        folder, SPEC, "mst", 1.0, n_rows=50, ledger=book, dataset="d",
        executor=dask_executor, return_synthesizer=True,
    )  # fmt: skip
    assert list(out.columns) == list(SPEC.columns) and len(out) == 50
    assert [e.label for e in book.history("d")[1:]] == ["synth:mst"]
    log = [what for what, _ in synth.budget.log]
    assert len(log) == len(set(log)) == 3 + 2 + 2  # 1-ways, tree selections, tree 2-ways
    with pytest.raises(ConfigError, match="partitioned input works with"):
        synthesize(folder, SPEC, "gaussian_copula", executor=dask_executor)
