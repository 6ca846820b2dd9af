"""File output and input: released files get the usual mode while private/ stays the owner's;
an unreadable table says why (not UTF-8 and where, a cut Parquet file), never a value."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from medprivacy.deid.table.inspect import propose_spec
from medprivacy.dp.release import read_table as read_stats_table
from medprivacy.dp.release import release_stats
from medprivacy.dp.report import write_release
from medprivacy.dp.spec import Budget, parse_stats_spec
from medprivacy.errors import InputError
from medprivacy.fileio import atomic_write_json, atomic_write_text, read_table
from medprivacy.pipeline import _make_private

CANARY = "Mortimer-Flyte"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077], ids=oct)
def test_released_files_get_0666_minus_umask_private_files_0600(tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        atomic_write_text(tmp_path / "run" / "release" / "tabs" / "pts.csv", "a\n1\n")
        atomic_write_json(tmp_path / "run" / "private" / "atk" / "results.json", {"x": 1})
        atomic_write_json(tmp_path / "dicom_out.private" / "summary.json", {"x": 1})
    finally:
        os.umask(old)
    assert _mode(tmp_path / "run" / "release" / "tabs" / "pts.csv") == 0o666 & ~mask
    assert _mode(tmp_path / "run" / "private" / "atk" / "results.json") == 0o600
    assert _mode(tmp_path / "dicom_out.private" / "summary.json") == 0o600
    assert not [p for p in tmp_path.rglob(".mp-tmp-*")]


def test_a_stats_release_is_readable_and_private_stays_0700_0600(
    tmp_path: Path, umask: None
) -> None:
    spec = parse_stats_spec(
        {"privacy_unit": {"id": None}, "queries": [{"name": "n", "kind": "count"}]}
    )
    rel = release_stats(pl.DataFrame({"x": list(range(50))}), spec, Budget(epsilon=1.0))
    written = write_release(rel, tmp_path / "run" / "release" / "st")
    assert written and all(_mode(p) == 0o644 for p in written.values())
    private = tmp_path / "run" / "private"
    atomic_write_json(private / "summary.json", {"x": 1})
    sqlite3.connect(private / "ledger.sqlite").close()  # made with the umask: 0644
    _make_private(private)
    assert _mode(private) == 0o700
    assert {p.name: _mode(p) for p in private.iterdir()} == {
        "summary.json": 0o600,
        "ledger.sqlite": 0o600,
    }


# -- unreadable inputs --------------------------------------------------------------------------


def _latin1(folder: Path) -> Path:
    path = folder / "visits.csv"
    rows = "pid,name,dx\n1,Ann,flu\n2,Bo,flu\n3,José " + CANARY + ",copd\n4,Cy,flu\n"
    path.write_bytes(rows.encode("latin-1"))
    return path


def test_a_latin1_csv_names_its_row_and_says_convert_to_utf8(tmp_path: Path) -> None:
    path = _latin1(tmp_path)
    for read in (lambda: read_table(path), lambda: propose_spec([path], use_presidio=False),
                 lambda: read_stats_table(path)):  # fmt: skip
        with pytest.raises(InputError) as err:
            read()
        message = str(err.value)
        assert message.startswith(f"{path}: row 3: not valid UTF-8 text"), message
        assert "convert the file to UTF-8" in message
        assert CANARY not in message and "José" not in message and "\n" not in message


def test_a_cut_parquet_file_says_it_is_not_complete(tmp_path: Path) -> None:
    whole = tmp_path / "pts.parquet"
    pl.DataFrame({"pid": [f"p{i}" for i in range(500)], "name": [CANARY] * 500}).write_parquet(
        whole
    )
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    for read in (lambda: read_table(cut), lambda: propose_spec([cut], use_presidio=False),
                 lambda: read_stats_table(cut)):  # fmt: skip
        with pytest.raises(InputError) as err:
            read()
        assert str(err.value) == f"{cut}: not a complete Parquet file (cut short, or not Parquet)"
    assert len(read_table(whole)) == 500  # the whole file still reads
