"""Reading a table to synthesize: a CSV that parses only partly is refused before anything is
paid, and a complete one is read as text cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from medprivacy.errors import InputError
from medprivacy.fileio import read_table
from medprivacy.synth.table import read_synth_table

COMPLETE = "ID,AGE,SEX\np1,7,F\np2,7.5,M\n"


@pytest.mark.parametrize(
    "cut",
    [
        COMPLETE[:-4],  # cut mid-row: the last row has too few fields or no line end
        "ID,AGE,SEX\np1,7\np2,7.5,M\n",  # a short row
        'ID,AGE,SEX\np1,"7,F\np2,7.5,M\n',  # an unterminated quote
    ],
)
@pytest.mark.parametrize("reader", [read_synth_table, read_table])
def test_partly_parsed_csv_is_refused(tmp_path: Path, cut: str, reader) -> None:
    path = tmp_path / "t.csv"
    path.write_text(cut)
    with pytest.raises(InputError) as info:
        reader(path)
    assert "7.5" not in str(info.value) and "p1" not in str(info.value)


def test_complete_csv_is_read_as_text_cells(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(COMPLETE)
    frame = read_synth_table(path)
    assert frame["AGE"].tolist() == ["7", "7.5"]
