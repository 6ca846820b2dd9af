"""Releasing related tables: joins survive, imaging and tables link, bad input fails with table,
column and row (never a value) and writes nothing, and the checklist says what was done."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pydicom
import pytest

from medprivacy.deid.dates import date_offset
from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.deid.table.checklist import build_checklist, render_html
from medprivacy.deid.table.engine import release_tables
from medprivacy.deid.table.spec import load_release_spec, parse_release_spec
from medprivacy.errors import ConfigError, InputError
from medprivacy.keys import Key

REPO = Path(__file__).resolve().parents[2]
SPECS = REPO / "pipelines" / "tables"
SYNTHEA = REPO.parent / "shared" / "data" / "ehr" / "synthea_ma"
SAMPLE = REPO / "src" / "medprivacy" / "sample_data"
KEY = Key("table-release-key")


def _spec_on(tmp: Path, name: str, data_dir: Path) -> Path:
    """A copy of a bundled table spec pointing at CSVs in ``data_dir``."""
    text = (SPECS / name).read_text().replace("sample:ehr/", f"{data_dir}/")
    text = text.replace(f"{data_dir}/notes.csv", "sample:ehr/notes.csv")  # notes exist only there
    path = tmp / name
    path.write_text(text)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("name", ["synthea-safe-harbor.yaml", "synthea-pseudonymised.yaml"])
def test_every_foreign_key_still_resolves_on_the_full_synthea_tables(
    tmp_path: Path, name: str
) -> None:
    if not SYNTHEA.is_dir():
        pytest.skip("../shared/data/ehr/synthea_ma is absent")
    spec = load_release_spec(_spec_on(tmp_path, name, SYNTHEA))
    result = release_tables(spec, KEY, tmp_path / "out", tmp_path / "private")
    out = {n: pl.read_csv(p, infer_schema=False) for n, p in result.files.items()}
    patients, encounters = set(out["patients"]["ID"]), set(out["encounters"]["ID"])
    assert len(patients) == 1462
    for table in ("encounters", "conditions", "medications", "procedures"):
        assert set(out[table]["PATIENT"].drop_nulls()) <= patients, table
        if "ENCOUNTER" in out[table].columns:
            assert set(out[table]["ENCOUNTER"].drop_nulls()) <= encounters, table
        assert out[table].height == pl.read_csv(SYNTHEA / f"{table}.csv").height


def test_pseudonymised_tables_link_to_the_dicom_release_of_the_same_patients(
    tmp_path: Path,
) -> None:
    opts = ("retain_long_modified_dates",)
    deidentify_dicom(SAMPLE / "dicom", tmp_path / "dicom", KEY, opts, progress=False)
    spec = load_release_spec(SPECS / "synthea-pseudonymised.yaml")
    result = release_tables(spec, KEY, tmp_path / "tables", tmp_path / "private")
    released_ids = set(pl.read_csv(result.files["patients"], infer_schema=False)["ID"])
    released = {
        str(ds.SOPInstanceUID): ds
        for ds in map(pydicom.dcmread, (tmp_path / "dicom").rglob("*.dcm"))
    }
    checked = 0
    for src in (SAMPLE / "dicom").rglob("*.dcm"):
        before = pydicom.dcmread(src)
        after = released.get(KEY.uid(str(before.SOPInstanceUID)))
        if after is None:  # quarantined (burned-in annotation)
            continue
        patient_id = str(before.PatientID)
        assert after.PatientID == KEY.pseudonym(patient_id) and after.PatientID in released_ids
        shift = (_day(after.StudyDate) - _day(before.StudyDate)).days
        assert shift == date_offset(KEY, patient_id)
        checked += 1
    assert checked >= 20


def _day(text: str) -> date:
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def _broken(
    tmp: Path, patients: str, encounters: str | None = None, raw: bytes | None = None
) -> Path:
    data = tmp / "data"
    data.mkdir(exist_ok=True)
    for name in ("patients", "encounters", "conditions", "medications", "procedures", "notes"):
        (data / f"{name}.csv").write_text((SAMPLE / "ehr" / f"{name}.csv").read_text())
    (data / "patients.csv").write_text(patients)
    if encounters is not None:
        (data / "encounters.csv").write_text(encounters)
    if raw is not None:
        (data / "patients.csv").write_bytes(raw)
    return _spec_on(tmp, "synthea-safe-harbor.yaml", data)


def _lines(name: str) -> list[str]:
    return (SAMPLE / "ehr" / f"{name}.csv").read_text().splitlines(keepends=True)


def _replace_field(line: str, index: int, value: str) -> str:
    fields = line.rstrip("\n").split(",")
    fields[index] = value
    return ",".join(fields) + "\n"


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing_column", "patients.SSN: column missing from the file"),
        ("extra_column", "patients: column 18 of the file is not in the spec"),
        ("bad_date", "patients.BIRTHDATE: row 3: unparseable date"),
        ("bad_number", "patients.AGE: row 2: not a number"),
        ("duplicate_key", "patients.ID: row 5: duplicate primary key"),
        ("dangling_key", "encounters.PATIENT: row 2: dangling foreign key"),
        ("encoding", "patients: row 4: not valid UTF-8"),
    ],
)
def test_bad_input_names_table_column_and_row_never_the_value_and_writes_nothing(
    tmp_path: Path, case: str, expected: str
) -> None:
    rows = _lines("patients")
    header = rows[0].rstrip("\n").split(",")
    secret = "SECRET-VALUE-99"
    encounters = None
    raw = None
    if case == "missing_column":
        i = header.index("SSN")
        rows = [
            ",".join(f for j, f in enumerate(r.rstrip("\n").split(",")) if j != i) + "\n"
            for r in rows
        ]
    elif case == "extra_column":
        rows = [rows[0].rstrip("\n") + ",EXTRA\n"] + [
            r.rstrip("\n") + f",{secret}\n" for r in rows[1:]
        ]
    elif case == "bad_date":
        rows[3] = _replace_field(rows[3], header.index("BIRTHDATE"), secret)
    elif case == "bad_number":
        rows[2] = _replace_field(rows[2], header.index("AGE"), secret)
    elif case == "duplicate_key":
        rows[5] = _replace_field(rows[5], 0, rows[1].split(",")[0])
    elif case == "dangling_key":
        enc = _lines("encounters")
        enc[2] = _replace_field(enc[2], 2, secret)
        encounters = "".join(enc)
    elif case == "encoding":
        raw = "".join(rows).encode()
        lines = raw.split(b"\n")
        lines[4] = lines[4].replace(b"M", b"\xff", 1)
        raw = b"\n".join(lines)
    spec = load_release_spec(_broken(tmp_path, "".join(rows), encounters, raw))
    with pytest.raises(InputError) as err:
        release_tables(spec, KEY, tmp_path / "out", tmp_path / "private")
    message = str(err.value)
    assert message.startswith(expected)
    assert secret not in message and "\n" not in message
    assert not (tmp_path / "out").exists() and not (tmp_path / "private").exists()


def test_an_unreviewed_spec_is_refused() -> None:
    text = (
        (SPECS / "synthea-safe-harbor.yaml")
        .read_text()
        .replace("reviewed: true", "reviewed: false")
    )
    with pytest.raises(ConfigError, match="not reviewed"):
        parse_release_spec(text, "spec.yaml")


def test_safe_harbor_checklist_covers_all_18_identifier_kinds() -> None:
    checklist = build_checklist(load_release_spec(SPECS / "synthea-safe-harbor.yaml"))
    items = {i["kind"]: i for i in checklist["identifiers"]}
    assert len(items) == 18 and checklist["safe_harbor"] is True
    assert items["name"]["status"] == "removed"
    assert items["ssn"]["status"] == "removed"
    assert items["geographic"]["status"] == "transformed"
    assert items["date"]["status"] == "transformed"
    assert items["email"]["status"] == "not present"
    assert {c["column"] for c in items["name"]["columns"]} >= {"patients.FIRST", "patients.LAST"}
    assert "Safe Harbor" in render_html(checklist)


def test_pseudonymised_checklist_says_plainly_it_is_not_safe_harbor() -> None:
    checklist = build_checklist(load_release_spec(SPECS / "synthea-pseudonymised.yaml"))
    assert checklist["safe_harbor"] is False
    assert checklist["statement"].startswith("NOT a Safe Harbor release")
    remains = {r["column"] for r in checklist["remains"]}
    assert {"patients.ID", "encounters.DATE"} <= remains
    assert "NOT Safe Harbor" in render_html(checklist)


def test_cli_releases_safe_harbor_tables_without_a_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "medprivacy.cli",
            "deid",
            "tables",
            str(SPECS / "synthea-safe-harbor.yaml"),
            "--out",
            str(tmp_path / "run"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    release = tmp_path / "run" / "release"
    manifest = json.loads((release / "manifest.json").read_text())
    names = {f["path"] for f in manifest["files"]}
    assert {"tables/patients.csv", "tables/checklist.json", "tables/checklist.html"} <= names
    assert (tmp_path / "run" / "private" / "tables" / "release_codes" / "patients.ID.csv").is_file()
    assert not list(release.rglob("release_codes*"))


def test_cli_bad_table_spec_is_one_line_and_exit_2(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("release: safe_harbor\nreviewed: true\npatient_key: p.ID\ntables: {}\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "medprivacy.cli",
            "deid",
            "tables",
            str(spec),
            "--out",
            str(tmp_path / "run"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {spec}:4: tables")
    assert proc.stderr.count("\n") == 1
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("column", ["BIRTHDATE", "date_of_birth", "DOB"])
def test_safe_harbor_refuses_a_birth_year_without_age_cap(column: str) -> None:
    text = (
        "release: safe_harbor\nreviewed: true\npatient_key: p.ID\ntables:\n  p:\n"
        "    path: p.csv\n    columns:\n      ID: {role: key, rule: release_code}\n"
        f"      {column}: {{role: date, rule: date_year, identifier: date}}\n"
    )
    with pytest.raises(ConfigError, match=f"p.{column}: a birth year needs age_cap: true"):
        parse_release_spec(text, "spec.yaml")
    parse_release_spec(text.replace("identifier: date}", "identifier: date, age_cap: true}"))


@pytest.mark.parametrize("name", ["synthea-safe-harbor.yaml", "synthea-pseudonymised.yaml"])
def test_checklist_lists_free_text_columns_with_their_rule(name: str) -> None:
    checklist = build_checklist(load_release_spec(SPECS / name))
    assert {"column": "notes.TEXT", "rule": "scrub"}.items() <= checklist["free_text"][0].items()
    assert "notes.TEXT (scrub)" in render_html(checklist)
