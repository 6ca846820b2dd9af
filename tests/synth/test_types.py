"""Types come from the spec, never from the data: one patient's cell changes no other row's
reading and no output dtype (issue 12, items 3 and 4)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medprivacy.errors import InputError
from medprivacy.synth import synthesize
from medprivacy.synth.encode import NULL, encode
from medprivacy.synth.spec import as_spec
from medprivacy.synth.table import read_synth_table

SPEC = {
    "columns": {
        "los": {"type": "numeric", "bounds": [0, 30], "bins": 6, "dtype": "int"},
        "grade": {"domain": [1, 2, 3]},
        "flag": {"domain": [False, True]},
        "weight": {"type": "numeric", "bounds": [30, 150], "bins": 4},
        "admit": {"type": "date", "range": ["2020-01-01", "2020-12-31"], "bins": 12},
    }
}


def _csv(tmp_path: Path, name: str, first_los: str, first_admit: str = "2020-02-03") -> Path:
    rng = np.random.default_rng(4)
    n = 400
    lines = ["los,grade,flag,weight,admit"]
    for i in range(n):
        day = pd.Timestamp("2020-01-01") + pd.Timedelta(days=int(rng.integers(0, 366)))
        los = first_los if i == 0 else str(int(rng.integers(0, 30)))
        admit = first_admit if i == 0 else day.strftime("%Y-%m-%d")
        grade, flag = int(rng.integers(1, 4)), bool(rng.random() < 0.3)
        lines.append(f"{los},{grade},{flag},{rng.normal(70, 10):.1f},{admit}")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def test_neighbouring_tables_7_and_7_5_release_the_same_dtypes(tmp_path):
    # 7.5 in an int column is null: declared nullable, both tables are synthesized alike
    spec = {"columns": {**SPEC["columns"], "los": {**SPEC["columns"]["los"], "nullable": True}}}
    outs = [
        synthesize(read_synth_table(_csv(tmp_path, f"{v}.csv", v)), spec, "independent", 1.0)
        for v in ("7", "7.5")
    ]
    assert dict(outs[0].dtypes) == dict(outs[1].dtypes)
    assert str(outs[0]["los"].dtype) == "Int64" and str(outs[0]["grade"].dtype) == "int64"
    assert str(outs[0]["flag"].dtype) == "bool" and str(outs[0]["weight"].dtype) == "float64"
    assert str(outs[0]["admit"].dtype) == "datetime64[ns]"


def test_dataframe_dtype_does_not_pick_the_output_dtype():
    ints = pd.DataFrame({"grade": [1, 2, 3] * 100})
    floats = ints.astype(float).copy()
    floats.loc[0, "grade"] = 2.5  # one patient's odd value: float column, that cell null
    spec = {"columns": {"grade": {"domain": [1, 2, 3], "nullable": True}}}
    a, b = (synthesize(df, spec, "independent", 1.0) for df in (ints, floats))
    assert a["grade"].dtype == b["grade"].dtype == pd.Int64Dtype()


def test_a_nonconforming_cell_is_null_and_moves_no_other_row(tmp_path):
    spec = as_spec(SPEC)
    base = encode(read_synth_table(_csv(tmp_path, "a.csv", "7")), spec).data
    odd = encode(read_synth_table(_csv(tmp_path, "b.csv", "7.5")), spec).data
    assert (base[1:] == odd[1:]).all()
    assert odd[0, 0] == NULL and base[0, 0] != NULL


def test_one_odd_date_moves_no_other_row(tmp_path):
    # pandas' inference would take the first row's format for every row
    spec = as_spec(SPEC)
    iso = encode(read_synth_table(_csv(tmp_path, "iso.csv", "7", "2020-02-03")), spec).data
    us = encode(read_synth_table(_csv(tmp_path, "us.csv", "7", "02/03/2020")), spec).data
    assert (iso[1:] == us[1:]).all()
    assert us[0, 4] == NULL and iso[0, 4] != NULL


def test_declared_date_format_is_used_and_nothing_else():
    spec = as_spec(
        {
            "columns": {
                "d": {
                    "type": "date",
                    "range": ["2020-01-01", "2020-12-31"],
                    "bins": 12,
                    "format": "%d/%m/%Y",
                }
            }
        }
    )
    codes = encode(pd.DataFrame({"d": ["03/04/2020", "2020-04-03", "31/12/2020"]}), spec).data
    assert codes[:, 0].tolist() == [3, NULL, 11]  # 3 April: the fourth month


@pytest.mark.parametrize("word", ["nullable", "missing"])  # `missing` is the older alias
def test_declared_nullable_keeps_null_rows_and_synthesizes_nulls(word):
    dates = ["2020-05-01"] * 300 + [""] * 300
    spec = {
        "columns": {
            "d": {"type": "date", "range": ["2020-01-01", "2020-12-31"], "bins": 4, word: True}
        }
    }
    assert as_spec(spec).columns["d"].nullable
    out = synthesize(pd.DataFrame({"d": dates}), spec, "independent", 2.0, n_rows=400)
    assert 0.3 < out["d"].isna().mean() < 0.7
    assert out["d"].dropna().between("2020-04-01", "2020-07-01").mean() > 0.8  # noise aside


@pytest.mark.parametrize(
    ("bad", "what"),
    [("", "an empty cell"), (" ", "an empty cell"), ("NA-CANARY-41", "not a number"),
     ("1e400", "not a number")],
)  # fmt: skip
def test_a_null_without_nullable_is_a_one_line_error_naming_column_row_and_rule(bad, what):
    df = pd.DataFrame({"x": ["3"] * 99 + [bad, bad]})
    spec = {"columns": {"x": {"type": "numeric", "bounds": [0, 10], "bins": 5}}}
    with pytest.raises(InputError) as err:
        synthesize(df, spec, "independent", 1.0)
    msg = str(err.value)
    assert msg == (
        f"column 'x', row 100: {what} (and 1 more row); rule: a column holds nulls (empty or "
        "non-conforming cells) only with `nullable: true` in the synth spec"
    )
    assert "\n" not in msg and (not bad.strip() or bad not in msg)


def test_a_null_error_comes_before_the_ledger_is_charged(tmp_path, key):
    from medprivacy.budget import Ledger

    book = Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("d", epsilon=5.0, delta=1e-5)
    df = pd.DataFrame({"x": ["a"] * 50 + [""]})
    with pytest.raises(InputError, match="column 'x', row 51: an empty cell"):
        synthesize(df, {"columns": {"x": {"domain": ["a"]}}}, "mst", 1.0, ledger=book, dataset="d")
    assert book.balance("d").spent_epsilon == 0


def test_nullable_and_its_alias_together_are_refused():
    from medprivacy.errors import ConfigError

    with pytest.raises(ConfigError, match=r"columns\.x"):
        as_spec({"columns": {"x": {"domain": [1], "nullable": True, "missing": True}}})


def test_fidelity_report_reads_tables_with_null_cells():
    from medprivacy.synth.evaluate import fidelity_report

    real = pd.DataFrame({"x": ["1", "2", "", "2"] * 25, "y": ["a", "b", "a", "zz"] * 25})
    spec = {
        "columns": {
            "x": {"domain": [1, 2], "nullable": True},
            "y": {"domain": ["a", "b"], "nullable": True},
        }
    }
    out = synthesize(real, spec, "independent", 2.0, n_rows=50)
    report = fidelity_report(real, out, spec)
    assert 0 <= report.synthetic.tvd[1] <= 1


def test_a_null_error_names_the_input_row_even_after_rows_are_held_out():
    df = pd.DataFrame({"x": ["a"] * 60 + [""] + ["a"] * 9})
    members = df.drop(index=list(range(0, 60, 3)))  # as a holdout split: input row numbers kept
    with pytest.raises(InputError, match="column 'x', row 61: an empty cell"):
        synthesize(members, {"columns": {"x": {"domain": ["a"]}}}, "independent", 1.0)
