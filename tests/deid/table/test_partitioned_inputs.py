"""Partitioned table inputs (review of the Dask scale-out): hive values keep their text, errors
name a partition by ordinal (paths can hold PHI), a killed run's scratch folder is swept, a
partition that keeps killing workers is named and is no user error."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from medprivacy.deid.table import partitioned
from medprivacy.deid.table.partitioned import PartitionLost, release_partitioned, sweep_scratch
from medprivacy.deid.table.spec import ReleaseSpec, parse_release_spec
from medprivacy.errors import InputError, MedPrivacyError
from medprivacy.executor import ExecutorConfig
from medprivacy.keys import Key
from medprivacy.lock import exclusive

KEY = Key("partitioned-inputs-test-key")
CANARY = "CANARYZQX"


def _spec(tmp: Path, path: Path, code: str = "", extra: str = "") -> ReleaseSpec:
    text = f"""release: pseudonymised
reviewed: true
patient_key: visits.VID
tables:
  visits:
    path: {path}
    primary_key: VID
    columns:
      VID: {{role: key, rule: pseudonym}}
      CODE: {{role: quasi, rule: keep{code}}}
      DAY: {{role: date, rule: date_year, format: "%Y-%m-%d"}}
{extra}"""
    spec = tmp / f"spec-{path.name}.yaml"
    spec.write_text(text)
    return parse_release_spec(text, str(spec), spec)


def _visits() -> pl.DataFrame:
    codes = ["0185349003", "0185349003", "170258001", "0042", "0042", "170258001"]
    return pl.DataFrame(
        {
            "VID": [f"v{i}" for i in range(6)],
            "CODE": codes,
            "DAY": [f"2020-0{1 + i}-1{i}" for i in range(6)],
        }
    )


def _hive(tmp: Path, by: str = "CODE") -> Path:
    root = tmp / "hive"
    for (value,), group in _visits().partition_by(by, as_dict=True).items():
        folder = root / f"{by}={value}"
        folder.mkdir(parents=True)
        group.drop(by).write_parquet(folder / "part.parquet")
    return root


def _released(tmp: Path, spec: ReleaseSpec, name: str) -> pl.DataFrame:
    result = release_partitioned(spec, KEY, tmp / name, tmp / f"{name}-private")
    return pl.concat([pl.read_parquet(p) for p in result.parts["visits"]]).sort("VID")


def test_hive_values_keep_leading_zeros_and_equal_the_single_file_release(tmp_path: Path):
    single = tmp_path / "visits.parquet"
    _visits().write_parquet(single)
    one = _released(tmp_path, _spec(tmp_path, single), "one")
    parts = _released(tmp_path, _spec(tmp_path, _hive(tmp_path)), "parts")
    assert parts["CODE"].dtype == pl.String
    assert sorted(parts["CODE"]) == sorted(one["CODE"])
    assert "0185349003" in parts["CODE"].to_list()
    assert parts.select(one.columns).equals(one)


def test_a_hive_column_takes_the_declared_type(tmp_path: Path):
    root = _hive(tmp_path)
    parts = _released(tmp_path, _spec(tmp_path, root, ", type: int"), "parts")
    assert parts["CODE"].dtype == pl.Int64
    assert 185349003 in parts["CODE"].to_list()


def test_a_hive_value_not_of_its_declared_type_is_refused_naming_the_partition(tmp_path: Path):
    root = tmp_path / "hive"
    (root / f"CODE={CANARY}").mkdir(parents=True)
    _visits().drop("CODE").write_parquet(root / f"CODE={CANARY}" / "p.parquet")
    with pytest.raises(InputError) as info:
        release_partitioned(
            _spec(tmp_path, root, ", type: int"), KEY, tmp_path / "o", tmp_path / "p"
        )
    assert str(info.value).startswith("visits.CODE: partition 1: its hive folder value is not")
    assert CANARY not in str(info.value)


def test_errors_name_a_partition_by_ordinal_never_its_path(tmp_path: Path):
    root = tmp_path / "dir"
    folder = root / f"{CANARY}_MRN778899"
    folder.mkdir(parents=True)
    _visits().head(3).write_parquet(root / "z.parquet")  # after the folder in path order
    bad = _visits().tail(3).with_columns(pl.lit("13/45/99").alias("DAY"))
    bad.write_parquet(folder / "p2.parquet")
    with pytest.raises(InputError) as info:
        release_partitioned(_spec(tmp_path, root), KEY, tmp_path / "o", tmp_path / "priv")
    message = str(info.value)
    assert message.startswith("visits.DAY: partition 1: row 1: ")
    assert CANARY not in message and "MRN778899" not in message
    index = json.loads((tmp_path / "priv" / "partitions.json").read_text())
    assert [(e["partition"], e["path"]) for e in index] == [
        ("partition 1", f"{CANARY}_MRN778899/p2.parquet"),
        ("partition 2", "z.parquet"),
    ]
    assert all(len(e["id"]) == 10 for e in index)


def test_a_hive_folder_of_names_stays_off_stderr(tmp_path: Path):
    frame = _visits().with_columns(pl.Series("LAST", [CANARY, "B", "B", "C", "C", "C"]))
    frame = frame.with_columns(
        pl.when(pl.col("LAST") == CANARY).then(pl.lit("bad")).otherwise(pl.col("DAY")).alias("DAY")
    )
    root = tmp_path / "hive"
    for (value,), group in frame.partition_by("LAST", as_dict=True).items():
        (root / f"LAST={value}").mkdir(parents=True)
        group.drop("LAST").write_parquet(root / f"LAST={value}" / "part.parquet")
    spec = _spec(tmp_path, root, extra="      LAST: {role: direct, rule: drop, identifier: name}\n")
    with pytest.raises(InputError) as info:
        release_partitioned(spec, KEY, tmp_path / "o", tmp_path / "priv")
    assert str(info.value).startswith("visits.DAY: partition 3: row 1: ")
    assert CANARY not in str(info.value)


def test_a_stray_file_is_refused_without_its_name(tmp_path: Path):
    root = tmp_path / "dir"
    root.mkdir()
    _visits().write_parquet(root / "a.parquet")
    (root / f"{CANARY}.txt").write_text("x")  # before a.parquet in path order
    with pytest.raises(InputError) as info:
        release_partitioned(_spec(tmp_path, root), KEY, tmp_path / "o", tmp_path / "priv")
    assert str(info.value).startswith("visits: file 1 in path order is not a .parquet file")
    assert CANARY not in str(info.value)


def test_a_killed_runs_scratch_folder_is_swept_by_the_next_run(tmp_path: Path):
    private = tmp_path / "priv"
    stale = private / ".partitioned-dead1234"
    (stale / "sets").mkdir(parents=True)
    (stale / "sets" / "keys.parquet").write_bytes(b"raw keys")
    live = private / ".partitioned-live5678"
    live.mkdir()
    root = _hive(tmp_path)
    with exclusive(live):  # a run that is still going
        release_partitioned(_spec(tmp_path, root), KEY, tmp_path / "o", private)
    assert not stale.exists()
    assert live.exists()
    assert sweep_scratch(private) == 1 and not live.exists()


def test_the_scratch_folder_goes_on_every_exit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(partitioned.pl, "scan_parquet", interrupted)
    with pytest.raises(KeyboardInterrupt):
        release_partitioned(_spec(tmp_path, _hive(tmp_path)), KEY, tmp_path / "o", tmp_path / "p")
    assert not list((tmp_path / "p").glob(".partitioned-*"))


class _Killing:
    """An executor on which the worker of one item keeps dying, as Dask reports it: with a
    ``lost`` callback the caller decides; without one, a generic one-line error."""

    def __init__(self, victim: Callable[[Any], bool]) -> None:
        self.victim = victim

    def map_unordered(
        self, fn: Callable[[Any], Any], items: Iterable[Any], lost: Any = None
    ) -> Iterator[Any]:
        for item in items:
            if self.victim(item):
                if lost is None:
                    raise MedPrivacyError("executor dask: a task's worker died repeatedly")
                yield lost(item)
                continue
            yield fn(item)


def test_a_partition_that_kills_its_workers_is_named_and_no_user_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    root = _hive(tmp_path)
    killing = _Killing(lambda item: isinstance(item, partitioned.Part) and item.pid == 1)

    @contextmanager
    def executor(config: Any) -> Iterator[Any]:
        yield killing

    monkeypatch.setattr(partitioned, "_executor", executor)
    with pytest.raises(PartitionLost) as info:
        release_partitioned(
            _spec(tmp_path, root), KEY, tmp_path / "o", tmp_path / "p", ExecutorConfig(kind="dask")
        )
    assert not isinstance(info.value, MedPrivacyError)  # the CLI's internal error: exit 70
    assert str(info.value) == (
        "visits: partition 2: a worker died repeatedly while processing it (killed worker)"
    )
    assert not list((tmp_path / "p").glob(".partitioned-*"))
    assert not any(p.is_file() for p in (tmp_path / "o").rglob("*"))
