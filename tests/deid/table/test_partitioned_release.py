"""Tables stored as partitioned Parquet: the release equals the single-file release (the same
pseudonyms and date shifts; release codes one random bijection across partitions), global checks
span partitions, bad partitions are refused before anything is released, batches stay bounded."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from medprivacy.deid.table.engine import (
    ReleaseResult,
    check_tables,
    release_tables,
    released_files,
)
from medprivacy.deid.table.partitioned import batches, discover, release_partitioned
from medprivacy.deid.table.spec import ReleaseSpec, parse_release_spec
from medprivacy.errors import InputError
from medprivacy.executor import ExecutorConfig
from medprivacy.keys import Key

KEY = Key("partitioned-table-test-key")
N_PATIENTS, N_VISITS = 40, 120


def _patients() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "ID": [f"p{i:03d}" for i in range(N_PATIENTS)],
            "NAME": [f"Name{i} Family{i % 7}" for i in range(N_PATIENTS)],
            "BIRTH": [date(1925 + i % 80, 1 + i % 12, 1 + i % 27) for i in range(N_PATIENTS)],
            "ZIP": [f"{(2100 + 37 * i) % 100000:05d}" for i in range(N_PATIENTS)],
            "AGE": [18 + (i * 7) % 85 for i in range(N_PATIENTS)],
            "SEX": ["F" if i % 2 else "M" for i in range(N_PATIENTS)],
        }
    )


def _visits() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "VID": [f"v{i:04d}" for i in range(N_VISITS)],
            "PID": [f"p{(i * 13) % N_PATIENTS:03d}" for i in range(N_VISITS)],  # spans partitions
            "DAY": [date(2019, 1, 1) + timedelta(days=(i * 11) % 900) for i in range(N_VISITS)],
            "COST": [float((i * 37) % 5000) for i in range(N_VISITS)],
            "WARD": [f"w{i % 9}" if i % 10 else f"rare{i}" for i in range(N_VISITS)],
            "PLAN": [f"hp{i % 11}" for i in range(N_VISITS)],  # a key that is no primary key
            "year": [2019 + i % 3 for i in range(N_VISITS)],
        }
    )


SAFE_HARBOR = {
    "patients": """      ID: {role: key, rule: release_code}
      NAME: {role: direct, rule: drop, identifier: name}
      BIRTH: {role: date, rule: date_year, age_cap: true}
      ZIP: {role: quasi, rule: zip3, identifier: geographic}
      AGE: {role: quasi, rule: age_90}
      SEX: {role: quasi, rule: keep}""",
    "visits": """      VID: {role: key, rule: release_code}
      PID: {role: key, rule: release_code}
      DAY: {role: date, rule: date_year}
      COST: {role: sensitive, rule: top_bottom, min: 100, max: 4000}
      WARD: {role: quasi, rule: suppress_rare, k: 5}
      PLAN: {role: direct, rule: release_code, identifier: health_plan}
      year: {role: keep, rule: keep, type: int}""",
}
PSEUDONYMISED = {
    "patients": SAFE_HARBOR["patients"].replace("release_code", "pseudonym"),
    "visits": SAFE_HARBOR["visits"]
    .replace("release_code", "pseudonym")
    .replace("DAY: {role: date, rule: date_year}", "DAY: {role: date, rule: date_shift}"),
}


def _write_spec(tmp: Path, release: str, paths: dict[str, Path]) -> ReleaseSpec:
    rules = SAFE_HARBOR if release == "safe_harbor" else PSEUDONYMISED
    text = f"""release: {release}
reviewed: true
patient_key: patients.ID
reference_date: 2024-06-30
tables:
  patients:
    path: {paths["patients"]}
    primary_key: ID
    columns:
{rules["patients"]}
  visits:
    path: {paths["visits"]}
    primary_key: VID
    foreign_keys: {{PID: patients.ID}}
    columns:
{rules["visits"]}
"""
    path = tmp / f"{release}.yaml"
    path.write_text(text)
    return parse_release_spec(text, str(path), path)


def _single(tmp: Path) -> dict[str, Path]:
    """Each table as one Parquet file."""
    folder = tmp / "single"
    folder.mkdir(exist_ok=True)
    _patients().write_parquet(folder / "patients.parquet")
    _visits().write_parquet(folder / "visits.parquet")
    return {"patients": folder / "patients.parquet", "visits": folder / "visits.parquet"}


def _partitioned(tmp: Path) -> dict[str, Path]:
    """patients in 3 plain files; visits in hive folders year=2019/2020/2021, 2 files each."""
    root = tmp / "parts"
    patients, visits = _patients(), _visits()
    (root / "patients").mkdir(parents=True, exist_ok=True)
    for i, chunk in enumerate(patients.iter_slices(15)):
        chunk.write_parquet(root / "patients" / f"part-{i}.parquet")
    for (year,), group in visits.partition_by("year", as_dict=True).items():
        folder = root / "visits" / f"year={year}"
        folder.mkdir(parents=True)
        for i, chunk in enumerate(group.drop("year").iter_slices(25)):
            chunk.write_parquet(folder / f"chunk-{i}.parquet")
    (root / "visits" / "_SUCCESS").write_text("")  # a writer's marker: skipped
    return {"patients": root / "patients", "visits": root / "visits"}


def _frames(result: ReleaseResult) -> dict[str, pl.DataFrame]:
    return {
        name: pl.concat([pl.read_parquet(p) for p in paths]) for name, paths in result.parts.items()
    }


def _code_map(result: ReleaseResult, domain: str) -> dict[str, str]:
    """code -> original, from the private map (one CSV, or a folder of Parquet parts)."""
    path = result.code_maps[domain]
    frame = (
        pl.read_parquet(path / "*.parquet")
        if path.is_dir()
        else pl.read_csv(path, infer_schema=False)
    )
    assert frame["code"].n_unique() == frame.height == frame["original"].n_unique()  # a bijection
    return dict(zip(frame["code"], frame["original"], strict=True))


def _decoded(result: ReleaseResult) -> dict[str, pl.DataFrame]:
    """The released tables with every release code turned back into its original key, sorted."""
    frames = _frames(result)
    patients, visits = _code_map(result, "patients.ID"), _code_map(result, "visits.VID")
    plans = _code_map(result, "visits.PLAN")
    out = {
        "patients": frames["patients"].with_columns(pl.col("ID").replace_strict(patients)),
        "visits": frames["visits"].with_columns(
            pl.col("VID").replace_strict(visits),
            pl.col("PID").replace_strict(patients),
            pl.col("PLAN").replace_strict(plans),
        ),
    }
    return {name: frame.sort(frame.columns[0]) for name, frame in out.items()}


def test_partitioned_safe_harbor_release_equals_the_single_file_release(tmp_path: Path) -> None:
    single = release_tables(
        _write_spec(tmp_path, "safe_harbor", _single(tmp_path)),
        KEY,
        tmp_path / "o1",
        tmp_path / "p1",
    )
    spec = _write_spec(tmp_path, "safe_harbor", _partitioned(tmp_path))
    parts = release_partitioned(
        spec, KEY, tmp_path / "o2", tmp_path / "p2", batch_rows=7, bucket_rows=20
    )  # 160 rows: 8 hash buckets of keys
    assert [p.name for p in parts.parts["visits"]] == [f"part-{i:05d}.parquet" for i in range(6)]
    expected, got = _decoded(single), _decoded(parts)
    for name in ("patients", "visits"):
        assert got[name].equals(expected[name].select(got[name].columns)), name
    assert parts.tables["visits"].suppressed == single.tables["visits"].suppressed == {"WARD": 12}
    assert parts.tables["patients"].capped == single.tables["patients"].capped
    assert not list((tmp_path / "p2").glob(".partitioned-*"))  # scratch removed


def test_release_codes_are_random_and_unique_across_partitions(tmp_path: Path) -> None:
    spec = _write_spec(tmp_path, "safe_harbor", _partitioned(tmp_path))
    first = release_partitioned(spec, KEY, tmp_path / "o1", tmp_path / "p1", batch_rows=4)
    again = release_partitioned(spec, KEY, tmp_path / "o2", tmp_path / "p2", batch_rows=4)
    codes = _frames(first)["visits"]["VID"]
    assert codes.n_unique() == N_VISITS  # unique over every partition, not per partition
    assert set(codes) == {f"R{n:08d}" for n in range(1, N_VISITS + 1)}
    patients = _frames(first)["patients"]["ID"]
    assert set(_frames(first)["visits"]["PID"]) <= set(patients)  # joins survive
    assert not codes.equals(_frames(again)["visits"]["VID"])  # drawn anew: not derived from keys
    plans = _frames(first)["visits"]["PLAN"]  # a domain that is no primary key: codes looked up
    assert set(plans) == {f"R{n:08d}" for n in range(1, 12)}
    assert _decoded(first)["visits"].equals(_decoded(again)["visits"])


def test_partitioned_pseudonyms_and_date_shifts_equal_the_single_file_release(
    tmp_path: Path,
) -> None:
    single = release_tables(
        _write_spec(tmp_path, "pseudonymised", _single(tmp_path)),
        KEY,
        tmp_path / "o1",
        tmp_path / "p1",
    )
    spec = _write_spec(tmp_path, "pseudonymised", _partitioned(tmp_path))
    parts = release_partitioned(spec, KEY, tmp_path / "o2", tmp_path / "p2", batch_rows=5)
    expected, got = _frames(single), _frames(parts)
    for name, key in (("patients", "ID"), ("visits", "VID")):
        assert got[name].sort(key).equals(expected[name].select(got[name].columns).sort(key)), name
    assert got["visits"]["PID"][0] == KEY.pseudonym("p000")


@pytest.fixture(scope="module")
def dask_cluster(two_workers: Callable[..., Any]) -> Iterator[str]:
    """A LocalCluster of 2 worker processes (no dashboard), closed after this module."""
    with two_workers() as cluster:
        yield str(cluster.scheduler_address)


@pytest.mark.slow
def test_dask_executor_gives_the_same_release_as_local(tmp_path: Path, dask_cluster: str) -> None:
    spec = _write_spec(tmp_path, "pseudonymised", _partitioned(tmp_path))
    local = release_partitioned(spec, KEY, tmp_path / "o1", tmp_path / "p1", batch_rows=9)
    dask = ExecutorConfig(kind="dask", address=dask_cluster)
    remote = release_partitioned(  # keys hashed to 4 buckets alike in every worker process
        spec, KEY, tmp_path / "o2", tmp_path / "p2", dask, batch_rows=9, bucket_rows=40
    )
    assert remote.hashes and sorted(remote.hashes.values()) == sorted(local.hashes.values())
    sh = _write_spec(tmp_path, "safe_harbor", _partitioned(tmp_path / "sh"))
    a = release_partitioned(sh, KEY, tmp_path / "o3", tmp_path / "p3", batch_rows=9)
    b = release_partitioned(
        sh, KEY, tmp_path / "o4", tmp_path / "p4", dask, batch_rows=9, bucket_rows=30
    )
    for name in ("patients", "visits"):
        assert _decoded(a)[name].equals(_decoded(b)[name])


@pytest.mark.slow
def test_a_bad_partition_on_dask_is_refused_in_one_line(tmp_path: Path, dask_cluster: str) -> None:
    paths = _partitioned(tmp_path)
    late = paths["visits"] / "year=2021" / "chunk-1.parquet"
    frame = pl.read_parquet(late)
    frame.with_columns(pl.Series("PID", ["p999"] * frame.height)).write_parquet(late)
    spec = _write_spec(tmp_path, "safe_harbor", paths)
    dask = ExecutorConfig(kind="dask", address=dask_cluster)
    with pytest.raises(InputError, match="dangling foreign key") as info:
        release_partitioned(
            spec, KEY, tmp_path / "out", tmp_path / "private", dask, batch_rows=6, bucket_rows=25
        )
    assert str(info.value).startswith("visits.PID: partition 6: row 1: ")
    assert not any(p.is_file() for p in (tmp_path / "out").rglob("*"))


def _refused(spec: ReleaseSpec, tmp: Path, match: str) -> str:
    with pytest.raises(InputError, match=match) as info:
        release_partitioned(spec, KEY, tmp / "out", tmp / "private", batch_rows=6, bucket_rows=30)
    assert not (tmp / "out").exists() or not any(p.is_file() for p in (tmp / "out").rglob("*"))
    assert not list((tmp / "private").glob(".partitioned-*"))
    return str(info.value)


def test_foreign_key_missing_from_every_parent_partition_is_refused(tmp_path: Path) -> None:
    paths = _partitioned(tmp_path)
    late = paths["visits"] / "year=2021" / "chunk-1.parquet"
    frame = pl.read_parquet(late)
    frame.with_columns(pl.Series("PID", ["p999"] * frame.height)).write_parquet(late)
    message = _refused(
        _write_spec(tmp_path, "safe_harbor", paths), tmp_path, "dangling foreign key"
    )
    assert message.startswith("visits.PID: partition 6: row 1: ")
    assert "p999" not in message


def test_duplicate_primary_key_in_another_partition_is_refused(tmp_path: Path) -> None:
    paths = _partitioned(tmp_path)
    frame = pl.read_parquet(paths["patients"] / "part-2.parquet")
    frame.with_columns(pl.Series("ID", ["p003", *frame["ID"][1:]])).write_parquet(
        paths["patients"] / "part-2.parquet"
    )
    message = _refused(_write_spec(tmp_path, "safe_harbor", paths), tmp_path, "duplicate primary")
    assert message == "patients.ID: partition 3: row 1: duplicate primary key"


def test_keys_merged_by_normalisation_across_partitions_are_refused(tmp_path: Path) -> None:
    paths = _partitioned(tmp_path)
    frame = pl.read_parquet(paths["patients"] / "part-1.parquet")
    extra = frame.head(1).with_columns(pl.lit("P003").alias("ID"))  # p003 is in part-0
    pl.concat([frame, extra]).write_parquet(paths["patients"] / "part-1.parquet")
    spec = _write_spec(tmp_path, "pseudonymised", paths)
    message = _refused(spec, tmp_path, "but for case or surrounding spaces")
    assert message.startswith("patients.ID: partition 2: row 16: key equals partition 1: ")
    assert "row 4's" in message


def test_a_cut_partition_file_is_refused_naming_it(tmp_path: Path) -> None:
    paths = _partitioned(tmp_path)
    cut = paths["visits"] / "year=2020" / "chunk-0.parquet"
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 2])
    message = _refused(_write_spec(tmp_path, "safe_harbor", paths), tmp_path, "not a complete")
    assert message.startswith("visits: partition 3: not a complete Parquet file")


def test_a_partition_with_another_column_type_is_refused(tmp_path: Path) -> None:
    paths = _partitioned(tmp_path)
    odd = paths["visits"] / "year=2020" / "chunk-1.parquet"
    pl.read_parquet(odd).with_columns(pl.col("COST").cast(pl.String)).write_parquet(odd)
    message = _refused(_write_spec(tmp_path, "safe_harbor", paths), tmp_path, "type String")
    assert message.startswith("visits.COST: partition 4: type String differs")


def test_a_partition_missing_a_column_is_refused(tmp_path: Path) -> None:
    paths = _partitioned(tmp_path)
    odd = paths["patients"] / "part-1.parquet"
    pl.read_parquet(odd).drop("SEX").write_parquet(odd)
    message = _refused(_write_spec(tmp_path, "safe_harbor", paths), tmp_path, "column missing")
    assert message == "patients.SEX: partition 2: column missing from the file"


def test_a_bad_value_in_a_late_partition_releases_nothing(tmp_path: Path) -> None:
    paths = _partitioned(tmp_path)
    late = paths["visits"] / "year=2021" / "chunk-1.parquet"
    frame = pl.read_parquet(late)
    days = [date(1, 1, 5), *frame["DAY"][1:]]  # shifted before year 1: fails while releasing
    frame.with_columns(pl.Series("DAY", days)).write_parquet(late)
    spec = _write_spec(tmp_path, "pseudonymised", paths)
    message = _refused(spec, tmp_path, "before year 1")
    assert message.startswith("visits.DAY: partition 6: row 1: ")


def test_partitions_are_read_in_bounded_batches(tmp_path: Path) -> None:
    """Memory holds one batch of a partition, never the table: by construction every frame the
    release transforms comes from :func:`batches`, which slices the file."""
    spec = _write_spec(tmp_path, "safe_harbor", _partitioned(tmp_path))
    parts, schemas = discover(spec)
    from medprivacy.deid.table.partitioned import Job

    job = Job(spec, KEY, schemas, parts, tmp_path, tmp_path, 1, 4, date(2024, 6, 30))
    seen = 0
    for part in parts:
        if part.table == "visits":
            sizes = [df.height for _, df in batches(job, part)]
            assert max(sizes) <= 4 and len(sizes) >= 4  # 15 or 25 rows a file
            seen += sum(sizes)
    assert seen == N_VISITS


def test_cli_releases_a_partitioned_folder_with_every_file_in_the_manifest(
    tmp_path: Path,
) -> None:
    spec = _write_spec(tmp_path, "safe_harbor", _partitioned(tmp_path))
    assert spec.source is not None
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "medprivacy.cli",
            "deid",
            "tables",
            str(spec.source),
            "--out",
            str(tmp_path / "run"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    manifest = json.loads((tmp_path / "run" / "release" / "manifest.json").read_text())
    listed = {f["path"] for f in manifest["files"]}
    assert {f"tables/visits/part-{i:05d}.parquet" for i in range(6)} <= listed
    assert {f"tables/patients/part-{i:05d}.parquet" for i in range(3)} <= listed


def test_plan_lists_every_partition_with_the_columns_it_keeps(tmp_path: Path) -> None:
    spec = _write_spec(tmp_path, "safe_harbor", _partitioned(tmp_path))
    files = released_files(spec)
    assert len(files) == 11 and files["visits/part-00005.parquet"][0] == "VID"
    assert files["visits"] == files["visits/part-00000.parquet"]  # a later step may read the folder
    assert "NAME" not in files["patients/part-00000.parquet"]
    assert check_tables(spec, KEY) == [
        "9 partition(s) match the spec (their rows are checked as the run starts)"
    ]


def test_an_empty_partition_is_released_as_an_empty_file(tmp_path: Path) -> None:
    paths = _partitioned(tmp_path)
    _patients().head(0).write_parquet(paths["patients"] / "part-3.parquet")
    spec = _write_spec(tmp_path, "safe_harbor", paths)
    result = release_partitioned(spec, KEY, tmp_path / "out", tmp_path / "private")
    empty = pl.read_parquet(result.parts["patients"][3])
    assert empty.height == 0 and empty.columns == ["ID", "BIRTH", "ZIP", "AGE", "SEX"]
    assert result.tables["patients"].rows == N_PATIENTS


def test_a_csv_table_and_a_partitioned_table_release_together(tmp_path: Path) -> None:
    """A single CSV file is one partition (read whole, checked as the engine checks CSVs)."""
    csv = tmp_path / "patients.csv"
    _patients().write_csv(csv)
    single = _single(tmp_path)
    one = release_tables(
        _write_spec(tmp_path, "pseudonymised", {**single, "patients": csv}),
        KEY,
        tmp_path / "o1",
        tmp_path / "p1",
    )
    spec = _write_spec(tmp_path, "pseudonymised", {**_partitioned(tmp_path), "patients": csv})
    parts = release_partitioned(spec, KEY, tmp_path / "o2", tmp_path / "p2", batch_rows=8)
    assert parts.parts["patients"] == [tmp_path / "o2" / "patients.csv"]
    assert (tmp_path / "o2" / "patients.csv").read_text() == one.files["patients"].read_text()
    got = pl.concat([pl.read_parquet(p) for p in parts.parts["visits"]]).sort("VID")
    assert got.equals(pl.read_parquet(one.files["visits"]).select(got.columns).sort("VID"))


def test_date_shift_beyond_one_foreign_key_hop_is_refused_with_partitions(tmp_path: Path) -> None:
    paths = _partitioned(tmp_path)
    labs = tmp_path / "labs"
    labs.mkdir()
    pl.DataFrame(
        {"LID": ["l1", "l2"], "VID": ["v0001", "v0002"], "AT": [date(2020, 1, 1)] * 2}
    ).write_parquet(labs / "part-0.parquet")
    spec = _write_spec(tmp_path, "pseudonymised", paths)
    assert spec.source is not None
    text = (
        spec.source.read_text()
        + f"""  labs:
    path: {labs}
    primary_key: LID
    foreign_keys: {{VID: visits.VID}}
    columns:
      LID: {{role: key, rule: pseudonym}}
      VID: {{role: key, rule: pseudonym}}
      AT: {{role: date, rule: date_shift}}
"""
    )
    deep = parse_release_spec(text, "deep.yaml", tmp_path / "deep.yaml")
    message = _refused(deep, tmp_path, "needs the patient key in this table")
    assert message.startswith("labs.AT: date_shift with partitioned inputs")


def test_a_stored_date_kept_under_safe_harbor_is_refused_though_its_rule_reads_nothing(
    tmp_path: Path,
) -> None:
    paths = _partitioned(tmp_path)
    for part in paths["patients"].glob("*.parquet"):  # every part alike: the types agree
        frame = pl.read_parquet(part)
        frame.with_columns(pl.col("BIRTH").alias("SEX")).write_parquet(part)
    message = _refused(_write_spec(tmp_path, "safe_harbor", paths), tmp_path, "stored as Date")
    assert message.startswith("patients.SEX: partition 1: stored as Date but rule keep")


def test_a_key_stored_as_a_duration_is_refused_naming_table_and_file(tmp_path: Path) -> None:
    paths = _partitioned(tmp_path)
    for part in sorted(paths["visits"].rglob("*.parquet")):
        frame = pl.read_parquet(part)
        frame.with_columns(
            pl.duration(days=pl.col("COST").cast(pl.Int64)).alias("PLAN")
        ).write_parquet(part)
    message = _refused(_write_spec(tmp_path, "safe_harbor", paths), tmp_path, "cannot be read")
    assert message.startswith("visits: partition 1: column PLAN: type Duration")
