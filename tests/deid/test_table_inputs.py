"""Inputs a table release must refuse in one line (table, column, row, rule; never the value)
before anything is written, and inputs it must carry through intact: partly parsed CSVs, keys
that would merge, NaN, mismatched key types, unwritable outputs, spreadsheet formulas, integer
ZIP codes, tables that reach the patient only through other tables."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from medprivacy.deid.dates import date_offset
from medprivacy.deid.table.csvfile import check_csv
from medprivacy.deid.table.engine import ReleaseResult, release_tables
from medprivacy.deid.table.spec import parse_release_spec
from medprivacy.errors import ConfigError, InputError
from medprivacy.keys import Key

KEY = Key("table-input-key")
CANARY = "CANARY-7731"
PATIENTS = f"ID,NAME,AGE\np1,{CANARY},40\np2,Bob,51\np3,Cy,62\n"
P_COLS = {
    "ID": "{role: key, rule: release_code}",
    "NAME": "{role: direct, rule: drop}",
    "AGE": "{role: quasi, rule: age_90}",
}


def _write(tmp: Path, tables: dict[str, tuple[str | pl.DataFrame, str]], head: str) -> Path:
    """Write each table (CSV text or a frame as Parquet) and a spec; ``tables`` maps a name to
    (content, the YAML of its table entry below ``path``)."""
    text = f"{head}\nreviewed: true\nreference_date: 2023-12-31\ntables:\n"
    for name, (content, entry) in tables.items():
        if isinstance(content, str):
            path = tmp / f"{name}.csv"
            path.write_text(content)
        else:
            path = tmp / f"{name}.parquet"
            content.write_parquet(path)
        text += f"  {name}:\n    path: {path.name}\n{entry}\n"
    spec = tmp / "spec.yaml"
    spec.write_text(text)
    return spec


def _entry(cols: dict[str, str], pk: str | None = "ID", fks: str = "") -> str:
    lines = [f"    primary_key: {pk}"] if pk else []
    if fks:
        lines.append(f"    foreign_keys: {{{fks}}}")
    lines.append("    columns:")
    lines += [f"      {c}: {r}" for c, r in cols.items()]
    return "\n".join(lines)


def _release(tmp: Path, spec: Path) -> ReleaseResult:
    parsed = parse_release_spec(spec.read_text(), str(spec), spec)
    return release_tables(parsed, KEY, tmp / "out", tmp / "private")


def _refused(tmp: Path, spec: Path, expected: str) -> str:
    with pytest.raises(InputError) as err:
        _release(tmp, spec)
    message = str(err.value)
    assert message.startswith(expected), message
    assert CANARY not in message and "\n" not in message
    assert not (tmp / "out").exists() and not (tmp / "private").exists()
    return message


SH = "release: safe_harbor\npatient_key: patients.ID"
PS = "release: pseudonymised\npatient_key: patients.ID"


# -- partly parsed CSVs (issue 13 item 7) and row numbers that count records (item 17) -------------
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PATIENTS + "p4,Dee", "patients: last row has no line end"),  # cut mid-row
        (PATIENTS + "p4,Dee,7", "patients: last row has no line end"),  # cut, looks complete
        (PATIENTS.replace("p2,Bob,51", "p2,Bob"), "patients: row 2: 2 fields, header has 3"),
        (PATIENTS.replace("p2,Bob,51", "p2,Bob,51,9"), "patients: row 2: 4 fields"),
        (PATIENTS.replace("p2,Bob,51\n", "p2,Bob,51\n\n"), "patients: row 3: empty line"),
        (PATIENTS + f'p4,"{CANARY}\n', "patients: row 4: unterminated quote"),
        (PATIENTS.replace("p2,Bob", f'p2,"{CANARY}"x'), "patients: row 2: malformed quoting"),
    ],
    ids=["cut", "cut-complete", "short", "long", "blank-line", "open-quote", "stray-quote"],
)
def test_partly_parsed_csv_is_refused_before_anything_is_written(
    tmp_path: Path, content: str, expected: str
) -> None:
    spec = _write(tmp_path, {"patients": (content, _entry(P_COLS))}, SH)
    _refused(tmp_path, spec, expected)


def test_error_rows_count_records_not_lines_after_a_multi_line_cell(tmp_path: Path) -> None:
    multi = 'ID,NAME,AGE\np1,"Ann\nLee\nJr",40\np2,Bob,51\np3,Cy,x\n'
    spec = _write(tmp_path, {"patients": (multi, _entry(P_COLS))}, SH)
    _refused(tmp_path, spec, "patients.AGE: row 3: not a number")
    raw = multi.replace("p3,Cy,x", "p3,C\xffy,62").encode("latin-1")
    (tmp_path / "patients.csv").write_bytes(raw)
    _refused(tmp_path, spec, "patients: row 3: not valid UTF-8")
    with pytest.raises(InputError, match=r"^t: row 3: 2 fields"):
        check_csv(multi.replace("p3,Cy,x", "p3,Cy").encode(), "t")


def test_check_csv_passes_a_complete_file_with_quoted_newlines() -> None:
    text, rows = check_csv(b'a,b\r\n1,"x\r\ny"\r\n2,""\r\n', "t")
    assert rows == 2 and text.startswith("a,b")


# -- keys that would merge (item 6) and blank keys (item 18) --------------------------------------
@pytest.mark.parametrize("twin", ["P1", "p1 ", " p1"])
def test_pseudonym_keys_differing_only_in_case_or_spaces_are_refused(
    tmp_path: Path, twin: str
) -> None:
    content = PATIENTS.replace("p3,", f"{twin},")
    cols = {**P_COLS, "ID": "{role: key, rule: pseudonym}"}
    spec = _write(tmp_path, {"patients": (content, _entry(cols))}, PS)
    message = _refused(tmp_path, spec, "patients.ID: row 3: key equals row 1's")
    assert "pseudonym" in message


@pytest.mark.parametrize("twin", ["M1", "m1\u00a0", "\tm1"])
def test_pseudonym_identifiers_that_are_not_keys_are_refused_when_they_would_merge(
    tmp_path: Path, twin: str
) -> None:
    """An MRN column under pseudonym would give two patients one pseudonym (NBSP, tab too)."""
    content = "ID,MRN\np1,m1\np2,mm\np3,TWIN\n".replace("TWIN", twin)
    cols = {"ID": "{role: key, rule: pseudonym}", "MRN": "{role: direct, rule: pseudonym}"}
    spec = _write(tmp_path, {"patients": (content, _entry(cols))}, PS)
    _refused(tmp_path, spec, "patients.MRN: row 3: key equals row 1's")


def test_release_codes_keep_keys_differing_only_in_case_distinct(tmp_path: Path) -> None:
    spec = _write(tmp_path, {"patients": (PATIENTS.replace("p3,", "P1,"), _entry(P_COLS))}, SH)
    out = pl.read_csv(_release(tmp_path, spec).files["patients"], infer_schema=False)
    assert out["ID"].n_unique() == 3


@pytest.mark.parametrize("blank", ['"  "', '""'])
def test_a_blank_key_is_refused(tmp_path: Path, blank: str) -> None:
    spec = _write(
        tmp_path, {"patients": (PATIENTS.replace("p2,", f"{blank},"), _entry(P_COLS))}, SH
    )
    _refused(tmp_path, spec, "patients.ID: row 2:")


# -- tracebacks that become one line (item 10) ---------------------------------------------------
@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "NaN"])
def test_nan_or_infinity_in_a_numeric_rule_names_the_row_not_the_value(
    tmp_path: Path, bad: str
) -> None:
    spec = _write(tmp_path, {"patients": (PATIENTS.replace(",51", f",{bad}"), _entry(P_COLS))}, SH)
    _refused(tmp_path, spec, "patients.AGE: row 2: not a finite number")


def test_nan_in_a_parquet_float_column_is_refused(tmp_path: Path) -> None:
    frame = pl.DataFrame({"ID": ["p1", "p2"], "COST": [1.5, float("nan")]})
    cols = {
        "ID": "{role: key, rule: release_code}",
        "COST": "{role: keep, rule: top_bottom, max: 9}",
    }
    spec = _write(tmp_path, {"patients": (frame, _entry(cols))}, SH)
    _refused(tmp_path, spec, "patients.COST: row 2: not a finite number")


def test_mismatched_key_types_across_parquet_tables_are_one_line(tmp_path: Path) -> None:
    patients = pl.DataFrame({"ID": [1, 2]})
    visits = pl.DataFrame({"VID": ["v1", "v2"], "PID": ["1", "2"]})
    key = "{role: key, rule: release_code}"
    tables = {
        "patients": (patients, _entry({"ID": key})),
        "visits": (visits, _entry({"VID": key, "PID": key}, pk="VID", fks="PID: patients.ID")),
    }
    _refused(tmp_path, _write(tmp_path, tables, SH), "visits.PID: foreign key type String differs")


def test_suppress_rare_works_on_integer_columns(tmp_path: Path) -> None:
    frame = pl.DataFrame({"ID": [f"p{i}" for i in range(5)], "N": [7, 7, 7, 3, None]})
    cols = {
        "ID": "{role: key, rule: release_code}",
        "N": "{role: quasi, rule: suppress_rare, k: 2}",
    }
    result = _release(tmp_path, _write(tmp_path, {"patients": (frame, _entry(cols))}, SH))
    assert pl.read_parquet(result.files["patients"])["N"].to_list() == [7, 7, 7, None, None]
    assert result.tables["patients"].suppressed == {"N": 1}


def test_a_300_character_table_name_is_a_config_error() -> None:
    name = "t" * 300
    text = (
        f"release: safe_harbor\nreviewed: true\npatient_key: {name}.ID\ntables:\n  {name}:\n"
        "    path: x.csv\n    columns: {ID: {role: key, rule: release_code}}\n"
    )
    with pytest.raises(ConfigError, match="table name of 300 characters: at most 100") as err:
        parse_release_spec(text, "spec.yaml")
    assert name not in str(err.value)


@pytest.mark.parametrize("name", ["p\\e[31mx", "pat\\nients", "a\\tb"])
def test_a_table_name_with_control_characters_is_a_config_error(name: str) -> None:
    """It names the output file and appears in messages: no newlines or terminal escapes."""
    text = (
        f'release: safe_harbor\nreviewed: true\npatient_key: "{name}.ID"\ntables:\n  "{name}":\n'
        "    path: x.csv\n    columns: {ID: {role: key, rule: release_code}}\n"
    )
    with pytest.raises(ConfigError, match="control characters"):
        parse_release_spec(text, "spec.yaml")


def test_an_unwritable_output_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    spec = _write(tmp_path, {"patients": (PATIENTS, _entry(P_COLS))}, SH)
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be")
    with pytest.raises(InputError, match=r"cannot write patients\.csv"):
        release_tables(
            parse_release_spec(spec.read_text(), str(spec), spec), KEY, blocker, tmp_path / "p"
        )
    run = tmp_path / "run"
    run.mkdir()
    (run / "release").write_text("not a folder")
    env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    cmd = [sys.executable, "-m", "medprivacy.cli", "deid", "tables", str(spec), "--out", str(run)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1
    assert CANARY not in proc.stderr


# -- dates and ZIP codes (items 11 and 18) --------------------------------------------------------
def _three_levels(tmp: Path, admissions_fk: bool = True) -> Path:
    key = "{role: key, rule: pseudonym}"
    day = "{role: date, rule: date_shift, identifier: date}"
    stamp = "{role: date, rule: date_shift, identifier: date, format: '%Y-%m-%dT%H:%M:%S'}"
    admissions = "adm_id,person,admitted\na1,p1,2020-01-10\na2,p2,2020-02-01\na3,p1,2020-05-01\n"
    labs = (
        "acc_no,adm_id,taken\nl1,a1,2020-01-11T08:30:00\nl2,a2,2020-02-03T23:10:05\n"
        "l3,a3,2020-05-02T00:00:00\n"
    )
    tables = {
        "patients": (PATIENTS, _entry({**P_COLS, "ID": key})),
        "admissions": (
            admissions,
            _entry(
                {"adm_id": key, "person": key, "admitted": day},
                pk="adm_id",
                fks="person: patients.ID" if admissions_fk else "",
            ),
        ),
        "labs": (
            labs,
            _entry(
                {"acc_no": key, "adm_id": key, "taken": stamp},
                "acc_no",
                "adm_id: admissions.adm_id",
            ),
        ),
    }
    return _write(tmp, tables, PS)


def test_date_shift_follows_foreign_keys_to_the_patient(tmp_path: Path) -> None:
    result = _release(tmp_path, _three_levels(tmp_path))
    labs = pl.read_csv(result.files["labs"], infer_schema=False)["taken"].to_list()
    moved = [date_offset(KEY, p) for p in ("p1", "p2", "p1")]
    originals = ["2020-01-11", "2020-02-03", "2020-05-02"]
    times = ["08:30:00", "23:10:05", "00:00:00"]
    for got, days, day, time in zip(labs, moved, originals, times, strict=True):
        shifted = date.fromordinal(date.fromisoformat(day).toordinal() + days)
        assert got == f"{shifted.isoformat()}T{time}"


def test_date_shift_without_any_path_to_the_patient_is_refused(tmp_path: Path) -> None:
    spec = _three_levels(tmp_path, admissions_fk=False)
    _refused(tmp_path, spec, "admissions.admitted: date_shift needs a patient")


def test_dates_before_year_1_after_shifting_are_refused(tmp_path: Path) -> None:
    visits = "VID,PID,DAY\nv1,p1,2020-01-10\nv2,p2,0001-01-05\n"
    key = "{role: key, rule: pseudonym}"
    tables = {
        "patients": (PATIENTS, _entry({**P_COLS, "ID": key})),
        "visits": (
            visits,
            _entry(
                {"VID": key, "PID": key, "DAY": "{role: date, rule: date_shift}"},
                pk="VID",
                fks="PID: patients.ID",
            ),
        ),
    }
    _refused(tmp_path, _write(tmp_path, tables, PS), "visits.DAY: row 2: date before year 1")


def test_integer_zip_codes_are_zero_padded_with_a_warning(tmp_path: Path) -> None:
    frame = pl.DataFrame({"ID": ["p1", "p2"], "ZIP": [2139, 94110]})
    cols = {"ID": "{role: key, rule: release_code}", "ZIP": "{role: quasi, rule: zip3}"}
    result = _release(tmp_path, _write(tmp_path, {"patients": (frame, _entry(cols))}, SH))
    assert pl.read_parquet(result.files["patients"])["ZIP"].to_list() == ["021", "941"]
    assert any("patients.ZIP: 1 ZIP code(s) stored as integers" in w for w in result.warnings)


def test_zip_codes_a_spreadsheet_saved_without_leading_zeros_are_padded_in_csv_too(
    tmp_path: Path,
) -> None:
    """02139 saved by Excel as 2139 gave an empty ZIP3 without a word."""
    cols = {"ID": "{role: key, rule: release_code}", "ZIP": "{role: quasi, rule: zip3}"}
    content = "ID,ZIP\np1,2139\np2,94110\np3,02134-1234\n"
    result = _release(tmp_path, _write(tmp_path, {"patients": (content, _entry(cols))}, SH))
    out = pl.read_csv(result.files["patients"], infer_schema=False)
    assert sorted(out["ZIP"].to_list()) == ["021", "021", "941"]
    assert any("patients.ZIP: 1 ZIP code(s) stored as integers" in w for w in result.warnings)


# -- spreadsheet formulas (item 18) -------------------------------------------------------------
FORMULAS = (
    "ID,NOTE,DELTA\n"
    'p1,=HYPERLINK("http://x"),-5\n'
    "p2,+cmd|' /C calc'!A0,+3.5\n"
    "p3,@SUM(A1),-1e3\n"
    "p4,-2+3,-\n"
)


@pytest.mark.parametrize("escape", [True, False])
def test_formula_cells_are_escaped_but_negative_numbers_kept(tmp_path: Path, escape: bool) -> None:
    cols = {
        "ID": "{role: key, rule: release_code}",
        "NOTE": "{role: sensitive, rule: keep}",
        "DELTA": "{role: keep, rule: keep}",
    }
    head = SH + ("" if escape else "\ncsv_escape_formulas: false")
    result = _release(tmp_path, _write(tmp_path, {"patients": (FORMULAS, _entry(cols))}, head))
    out = pl.read_csv(result.files["patients"], infer_schema=False)
    notes = pl.read_csv(FORMULAS.encode(), infer_schema=False)["NOTE"].to_list()
    if escape:
        assert out["NOTE"].to_list() == [f"'{n}" for n in notes]
        assert out["DELTA"].to_list() == ["-5", "+3.5", "-1e3", "'-"]
    else:
        assert out["NOTE"].to_list() == notes
        assert out["DELTA"].to_list() == ["-5", "+3.5", "-1e3", "-"]
    assert not any(v.startswith("'") for v in out["ID"])  # release codes start with R


def test_a_date_whose_row_reaches_no_patient_is_blanked_with_a_warning(tmp_path: Path) -> None:
    spec = _three_levels(tmp_path)
    labs = tmp_path / "labs.csv"
    labs.write_text(labs.read_text().replace("l2,a2,", "l2,,"))
    result = _release(tmp_path, spec)
    taken = pl.read_csv(result.files["labs"], infer_schema=False)["taken"]
    assert taken.null_count() == 1 and taken[1] is None
    assert any(w.startswith("labs.taken: 1 date(s) blanked") for w in result.warnings)


def test_a_formula_in_the_header_row_is_escaped_too(tmp_path: Path) -> None:
    """A spreadsheet runs a header cell like any other: a rename can be a formula."""
    cols = {
        "ID": "{role: key, rule: release_code}",
        "NOTE": "{role: sensitive, rule: keep, rename: '=HYPERLINK(\"http://x\")'}",
        "DELTA": "{role: keep, rule: keep, rename: '-5'}",
    }
    result = _release(tmp_path, _write(tmp_path, {"patients": (FORMULAS, _entry(cols))}, SH))
    header = result.files["patients"].read_text().splitlines()[0]
    assert header == 'ID,"\'=HYPERLINK(""http://x"")",-5'


# -- full dates under Safe Harbor, whatever the role says ------------------------------------------
def test_safe_harbor_refuses_keeping_a_column_stored_as_dates(tmp_path: Path) -> None:
    """A Parquet Date column marked keep would release full dates as Safe Harbor."""
    frame = pl.DataFrame({"ID": ["p1", "p2"], "SEEN": [date(2020, 1, 2), date(2021, 3, 4)]})
    cols = {"ID": "{role: key, rule: release_code}", "SEEN": "{role: keep, rule: keep}"}
    spec = _write(tmp_path, {"patients": (frame, _entry(cols))}, SH)
    _refused(tmp_path, spec, "patients.SEEN: stored as Date but rule keep: Safe Harbor keeps")


def test_safe_harbor_refuses_a_column_typed_date_that_keeps_its_value(tmp_path: Path) -> None:
    cols = {**P_COLS, "AGE": "{role: quasi, rule: keep, type: date}"}
    spec = _write(tmp_path, {"patients": (PATIENTS, _entry(cols))}, SH)
    with pytest.raises(ConfigError, match=r"patients\.AGE: Safe Harbor keeps only the year"):
        _release(tmp_path, spec)


def test_a_parquet_column_of_an_unreadable_type_is_one_line(tmp_path: Path) -> None:
    frame = pl.DataFrame({"ID": ["p1", "p2"], "AGE": [timedelta(days=1), timedelta(days=2)]})
    cols = {"ID": "{role: key, rule: release_code}", "AGE": "{role: quasi, rule: age_90}"}
    spec = _write(tmp_path, {"patients": (frame, _entry(cols))}, SH)
    _refused(tmp_path, spec, "column AGE: type Duration")


@pytest.mark.parametrize(
    "other", ["{role: keep, rule: keep, rename: Z}", "{role: keep, rule: keep}"]
)
def test_two_released_columns_with_one_name_are_a_config_error(tmp_path: Path, other: str) -> None:
    """A rename onto another released column's name was a polars traceback after loading."""
    cols = {"ID": P_COLS["ID"], "NAME": "{role: keep, rule: keep, rename: Z}", "Z": other}
    spec = _write(tmp_path, {"patients": ("ID,NAME,Z\np1,a,b\n", _entry(cols))}, SH)
    with pytest.raises(ConfigError, match="two released columns are named 'Z'"):
        _release(tmp_path, spec)


def test_date_shift_in_a_table_with_two_patient_columns_needs_its_patient_named(
    tmp_path: Path,
) -> None:
    """births(mother, child): taking the first column silently would shift the child's birth by
    the mother's offset; the steward chooses with `patient`."""
    pcols = {"ID": "{role: key, rule: pseudonym}", "NAME": "{role: direct, rule: drop}"}
    bcols = {
        "MOTHER": "{role: key, rule: pseudonym}",
        "CHILD": "{role: key, rule: pseudonym}",
        "BORN": "{role: date, rule: date_shift}",
    }
    fks = "MOTHER: patients.ID, CHILD: patients.ID"
    births = ("MOTHER,CHILD,BORN\np1,p2,2020-01-02\n", _entry(bcols, pk=None, fks=fks))
    tables = {"patients": (f"ID,NAME\np1,{CANARY}\np2,Bo\n", _entry(pcols)), "births": births}
    _refused(
        tmp_path, _write(tmp_path, tables, PS), "births.BORN: date_shift: columns MOTHER, CHILD"
    )
    spec = _write(
        tmp_path, {**tables, "births": (births[0], births[1] + "\n    patient: CHILD")}, PS
    )
    taken = pl.read_csv(_release(tmp_path, spec).files["births"], infer_schema=False)["BORN"]
    shift = date_offset(KEY, "p2", (-365, -1))
    assert taken.to_list() == [str(date(2020, 1, 2) + timedelta(days=shift))]


def test_a_header_the_spec_does_not_know_is_named_by_position_not_shown(tmp_path: Path) -> None:
    """A pivoted export has values (MRNs, names) as headers: never echo an unknown header."""
    content = f"ID,NAME,AGE,{CANARY}\np1,Al,40,1\np2,Bob,51,0\n"
    spec = _write(tmp_path, {"patients": (content, _entry(P_COLS))}, SH)
    _refused(tmp_path, spec, "patients: column 4 of the file is not in the spec")


def test_a_cut_parquet_table_says_so_in_one_line(tmp_path: Path) -> None:
    frame = pl.DataFrame({"ID": [f"p{i}" for i in range(200)], "NAME": [CANARY] * 200})
    spec = _write(tmp_path, {"patients": (frame, _entry({"ID": P_COLS["ID"]}))}, SH)
    whole = (tmp_path / "patients.parquet").read_bytes()
    (tmp_path / "patients.parquet").write_bytes(whole[: len(whole) // 2])
    _refused(tmp_path, spec, "patients: ")
    with pytest.raises(InputError, match="not a complete Parquet file"):
        _release(tmp_path, spec)
