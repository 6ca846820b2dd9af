"""Each table rule, on small real CSV/Parquet files: what is released and what is not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from medprivacy.deid.dates import date_offset
from medprivacy.deid.table.engine import release_tables
from medprivacy.deid.table.spec import parse_release_spec
from medprivacy.keys import Key

KEY = Key("table-test-key")
PATIENTS = """ID,NAME,BIRTH,AGE,ZIP,INCOME,SEX,CITY,NOTE
p1,Ann Lee,1/2/30,93,03601,250000,F,Smalltown,long free text about the patient and family
p2,Bob Ray,3/4/85,38,02139-1234,40000,M,Boston,short
p3,Cy Day,5/6/99,24,no zip,12,M,Boston,x
"""
VISITS = """VID,PID,DAY
v1,p1,2020-01-10
v2,p1,2020-03-01
v3,p2,2021-07-04
"""


def _spec(tmp: Path, release: str, patients: str, visits: str = "", extra: str = "") -> Path:
    (tmp / "patients.csv").write_text(PATIENTS)
    (tmp / "visits.csv").write_text(VISITS)
    text = f"""release: {release}
reviewed: true
patient_key: patients.ID
reference_date: 2023-12-31
{extra}tables:
  patients:
    path: patients.csv
    primary_key: ID
    columns:
{patients}
"""
    if visits:
        text += f"""  visits:
    path: visits.csv
    primary_key: VID
    foreign_keys: {{PID: patients.ID}}
    columns:
{visits}
"""
    path = tmp / "spec.yaml"
    path.write_text(text)
    return path


def _cols(**rules: str) -> str:
    base = {
        c: "{role: quasi, rule: drop}"
        for c in ("ID", "NAME", "BIRTH", "AGE", "ZIP", "INCOME", "SEX", "CITY", "NOTE")
    }
    base.update(rules)
    return "\n".join(f"      {c}: {r}" for c, r in base.items())


def _release(tmp: Path, spec_path: Path) -> tuple[dict[str, pl.DataFrame], object]:
    spec = parse_release_spec(spec_path.read_text(), str(spec_path), spec_path)
    result = release_tables(spec, KEY, tmp / "out", tmp / "private")
    frames = {n: pl.read_csv(p, infer_schema=False) for n, p in result.files.items()}
    return frames, result


def test_drop_removes_the_column(tmp_path: Path) -> None:
    out, _ = _release(
        tmp_path, _spec(tmp_path, "safe_harbor", _cols(ID="{role: key, rule: release_code}"))
    )
    assert out["patients"].columns == ["ID"]


def test_release_codes_are_random_per_release_and_kept_private(tmp_path: Path) -> None:
    cols = _cols(ID="{role: key, rule: release_code, identifier: mrn}")
    spec = _spec(tmp_path, "safe_harbor", cols)
    first, result = _release(tmp_path, spec)
    codes = first["patients"]["ID"].to_list()
    assert set(codes).isdisjoint({"p1", "p2", "p3"})
    assert all(c.startswith("R") for c in codes)
    code_map = pl.read_csv(result.code_maps["patients.ID"])  # type: ignore[attr-defined]
    assert sorted(code_map["original"].to_list()) == ["p1", "p2", "p3"]
    assert str(tmp_path / "private") in str(result.code_maps["patients.ID"])  # type: ignore[attr-defined]
    runs = {
        tuple(_release(tmp_path / f"r{i}", _spec_copy(tmp_path, i, cols))[0]["patients"]["ID"])
        for i in range(4)
    }
    assert len(runs) > 1  # not derived from the value: differs between releases


def _spec_copy(tmp: Path, i: int, cols: str) -> Path:
    d = tmp / f"r{i}"
    d.mkdir()
    return _spec(d, "safe_harbor", cols)


def test_keyed_pseudonym_of_the_patient_key_is_the_dicom_pseudonym(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "pseudonymised", _cols(ID="{role: key, rule: pseudonym}"))
    out, _ = _release(tmp_path, spec)
    assert out["patients"]["ID"].to_list() == [KEY.pseudonym(p) for p in ("p1", "p2", "p3")]


def test_foreign_keys_use_the_map_of_the_key_they_reference(tmp_path: Path) -> None:
    visits = (
        "      VID: {role: key, rule: release_code}\n      PID: {role: key, rule: release_code}\n"
        "      DAY: {role: date, rule: date_year}"
    )
    spec = _spec(tmp_path, "safe_harbor", _cols(ID="{role: key, rule: release_code}"), visits)
    out, _ = _release(tmp_path, spec)
    assert set(out["visits"]["PID"]) <= set(out["patients"]["ID"])
    joined = out["visits"].join(out["patients"], left_on="PID", right_on="ID")
    assert joined.height == 3


def test_dates_shift_keeps_intervals_with_the_dicom_offset(tmp_path: Path) -> None:
    visits = (
        "      VID: {role: key, rule: pseudonym}\n      PID: {role: key, rule: pseudonym}\n"
        "      DAY: {role: date, rule: date_shift}"
    )
    spec = _spec(tmp_path, "pseudonymised", _cols(ID="{role: key, rule: pseudonym}"), visits)
    out, _ = _release(tmp_path, spec)
    days = [date.fromisoformat(d) for d in out["visits"]["DAY"]]
    assert (days[1] - days[0]).days == (date(2020, 3, 1) - date(2020, 1, 10)).days
    assert (days[0] - date(2020, 1, 10)).days == date_offset(KEY, "p1")
    assert (days[2] - date(2021, 7, 4)).days == date_offset(KEY, "p2")


def test_birth_date_to_year_aggregates_years_implying_age_over_89(tmp_path: Path) -> None:
    cols = _cols(
        ID="{role: key, rule: release_code}",
        BIRTH='{role: date, rule: date_year, age_cap: true, format: "%m/%d/%y", '
        "not_after: 2023-12-31}",
    )
    out, result = _release(tmp_path, _spec(tmp_path, "safe_harbor", cols))
    assert out["patients"]["BIRTH"].to_list() == ["<=1933", "1985", "1999"]
    assert result.tables["patients"].capped == {"BIRTH": 1}  # type: ignore[attr-defined]


def test_ages_over_89_become_90_plus(tmp_path: Path) -> None:
    cols = _cols(ID="{role: key, rule: release_code}", AGE="{role: quasi, rule: age_90}")
    out, _ = _release(tmp_path, _spec(tmp_path, "safe_harbor", cols))
    assert out["patients"]["AGE"].to_list() == ["90+", "38", "24"]


def test_zip3_keeps_three_digits_and_zeroes_restricted_areas(tmp_path: Path) -> None:
    cols = _cols(
        ID="{role: key, rule: release_code}",
        ZIP="{role: quasi, rule: zip3, identifier: geographic}",
    )
    out, _ = _release(tmp_path, _spec(tmp_path, "safe_harbor", cols))
    assert out["patients"]["ZIP"].to_list() == ["000", "021", None]  # 036 is restricted


def test_top_bottom_coding_clips(tmp_path: Path) -> None:
    cols = _cols(
        ID="{role: key, rule: release_code}",
        INCOME="{role: quasi, rule: top_bottom, min: 1000, max: 200000}",
    )
    out, _ = _release(tmp_path, _spec(tmp_path, "safe_harbor", cols))
    assert [float(x) for x in out["patients"]["INCOME"]] == [200000.0, 40000.0, 1000.0]


def test_generalize_by_hierarchy_and_by_bins(tmp_path: Path) -> None:
    cols = _cols(
        ID="{role: key, rule: release_code}",
        SEX="{role: quasi, rule: generalize, hierarchy: {F: female, M: male}}",
        INCOME="{role: quasi, rule: generalize, bins: [20000, 100000]}",
    )
    out, _ = _release(tmp_path, _spec(tmp_path, "safe_harbor", cols))
    assert out["patients"]["SEX"].to_list() == ["female", "male", "male"]
    assert out["patients"]["INCOME"].to_list() == [
        "[100000, inf)",
        "[20000, 100000)",
        "[-inf, 20000)",
    ]


def test_rare_values_are_suppressed(tmp_path: Path) -> None:
    cols = _cols(
        ID="{role: key, rule: release_code}", CITY="{role: quasi, rule: suppress_rare, k: 2}"
    )
    out, result = _release(tmp_path, _spec(tmp_path, "safe_harbor", cols))
    assert out["patients"]["CITY"].to_list() == [None, "Boston", "Boston"]
    assert result.tables["patients"].suppressed == {"CITY": 1}  # type: ignore[attr-defined]


def test_free_text_not_marked_scrub_is_dropped_with_a_warning(tmp_path: Path) -> None:
    cols = _cols(ID="{role: key, rule: pseudonym}", NOTE="{role: free_text, rule: keep}")
    out, result = _release(tmp_path, _spec(tmp_path, "pseudonymised", cols))
    assert "NOTE" not in out["patients"].columns
    assert result.warnings == ["patients.NOTE: free text dropped (use rule scrub to keep it)"]  # type: ignore[attr-defined]


def test_parquet_in_gives_parquet_out(tmp_path: Path) -> None:
    pl.read_csv(PATIENTS.encode(), infer_schema=False).write_parquet(tmp_path / "p.parquet")
    spec = tmp_path / "spec.yaml"
    cols = _cols(ID="{role: key, rule: pseudonym}", AGE="{role: quasi, rule: age_90}")
    spec.write_text(
        f"release: pseudonymised\nreviewed: true\npatient_key: patients.ID\ntables:\n"
        f"  patients:\n    path: p.parquet\n    primary_key: ID\n    columns:\n{cols}\n"
    )
    parsed = parse_release_spec(spec.read_text(), str(spec), spec)
    result = release_tables(parsed, KEY, tmp_path / "out", tmp_path / "private")
    assert result.files["patients"].suffix == ".parquet"
    assert pl.read_parquet(result.files["patients"])["AGE"].to_list() == ["90+", "38", "24"]
    import pandas as pd  # researchers read it with pandas too

    assert pd.read_parquet(result.files["patients"])["AGE"].tolist() == ["90+", "38", "24"]


@pytest.mark.parametrize("rule", ["pseudonym", "date_shift"])
def test_safe_harbor_refuses_keyed_pseudonyms_and_date_shifts(tmp_path: Path, rule: str) -> None:
    from medprivacy.errors import ConfigError

    column = "ID" if rule == "pseudonym" else "BIRTH"
    cols = _cols(**{column: f"{{role: {'key' if column == 'ID' else 'date'}, rule: {rule}}}"})
    spec = _spec(tmp_path, "safe_harbor", cols)
    with pytest.raises(ConfigError, match="not allowed in a Safe Harbor release"):
        parse_release_spec(spec.read_text(), "spec.yaml")


def test_free_text_is_scrubbed_with_the_patients_row_as_context(tmp_path: Path) -> None:
    pytest.importorskip("presidio_analyzer", reason="needs medprivacy[notes]")
    patients = PATIENTS.replace(
        "long free text about the patient and family",
        "Ann complained of pain; her daughter called 03/02/2020",
    )
    (tmp_path / "patients.csv").write_text(patients)
    cols = _cols(
        ID="{role: key, rule: pseudonym}",
        NAME="{role: direct, rule: drop}",
        NOTE="{role: free_text, rule: scrub}",
    )
    spec = _spec(tmp_path, "pseudonymised", cols)
    (tmp_path / "patients.csv").write_text(patients)  # _spec rewrote it
    out, _ = _release(tmp_path, spec)
    note = out["patients"]["NOTE"][0]
    assert "Ann" not in note and "03/02/2020" not in note
    assert "complained of pain" in note
