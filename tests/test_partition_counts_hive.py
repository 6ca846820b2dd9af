"""Partitioned inputs read alike by every command: hive folders are text columns in the counts
(synth, attacks, anonymize) as in ``deid tables``; ``stats`` refuses parts whose types differ."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from medprivacy.counts import class_counts, partitions, read_part
from medprivacy.dp.release import read_table
from medprivacy.errors import InputError

CANARY = "CANARYZQX"


def _hive(tmp: Path) -> tuple[pl.DataFrame, Path]:
    df = pl.DataFrame(
        {
            "pid": [f"p{i}" for i in range(8)],
            "zip": ["02139", "02139", "10001", "02139", "10001", "02139", "10001", "02139"],
            "sex": ["F", "M", "F", "F", "M", "M", "F", "F"],
        }
    )
    root = tmp / "hive"
    for (value,), group in df.partition_by("zip", as_dict=True).items():
        (root / f"zip={value}").mkdir(parents=True)
        group.drop("zip").write_parquet(root / f"zip={value}" / "part.parquet")
    return df, root


def test_counts_read_hive_folders_as_text_columns(tmp_path: Path):
    df, root = _hive(tmp_path)
    got = class_counts(root, ["zip", "sex"]).sort_values(["zip", "sex"]).reset_index(drop=True)
    want = df.group_by("zip", "sex").len().sort("zip", "sex")
    assert got["zip"].tolist() == want["zip"].to_list()  # "02139", its leading zero kept
    assert got["count"].tolist() == want["len"].to_list()
    src = partitions(root)
    first = read_part(src.parts[0], src.names[0], None)
    assert list(first.columns) == ["pid", "sex", "zip"] and set(first["zip"]) == {"02139"}


def test_stats_reads_hive_folders_as_text_columns(tmp_path: Path):
    df, root = _hive(tmp_path)
    table = read_table(root)
    assert table.schema["zip"] == pl.String
    assert sorted(table["zip"]) == sorted(df["zip"])


def test_stats_refuses_parts_whose_types_differ(tmp_path: Path):
    root = tmp_path / "parts"
    root.mkdir()
    pl.DataFrame({"age": ["34", "51"]}).write_parquet(root / "a.parquet")
    pl.DataFrame({"age": [40, 62]}).write_parquet(root / "b.parquet")
    with pytest.raises(InputError, match="partition 2: column 'age': type Int64 differs"):
        read_table(root)


def test_stats_names_an_unreadable_part_by_ordinal_not_path(tmp_path: Path):
    root = tmp_path / "parts"
    (root / f"{CANARY}_MRN778899").mkdir(parents=True)
    (root / f"{CANARY}_MRN778899" / "p.parquet").write_bytes(b"PAR1 cut")
    with pytest.raises(InputError) as info:
        read_table(root)
    assert str(info.value).startswith("parts: partition 1: not a complete Parquet file")
    assert CANARY not in str(info.value)


def test_counts_never_name_a_part_by_its_path(tmp_path: Path):
    root = tmp_path / "parts"
    (root / f"LAST={CANARY}").mkdir(parents=True)
    pd.DataFrame({"sex": ["F"]}).to_parquet(root / f"LAST={CANARY}" / "p.parquet")
    with pytest.raises(InputError) as info:
        class_counts(root, ["zip"])
    assert str(info.value) == "partition 1: column 'zip' is missing"
