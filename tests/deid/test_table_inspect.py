"""`propose_spec` drafts a table spec that parses once reviewed and never embeds a cell value."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from medprivacy.deid.table.inspect import propose_spec
from medprivacy.deid.table.spec import (
    Identifier,
    ReleaseKind,
    ReleaseSpec,
    Role,
    Rule,
    parse_release_spec,
)
from medprivacy.errors import ConfigError, InputError

REPO = Path(__file__).resolve().parents[2]
EHR = REPO.parent / "shared" / "data" / "ehr"
SYNTHEA = EHR / "synthea_ma"
TABLES = ("patients", "encounters", "conditions", "medications", "procedures")
DRAFTED = (ReleaseKind.SAFE_HARBOR, ReleaseKind.PSEUDONYMISED)  # not expert_determination
HAS_PRESIDIO = importlib.util.find_spec("presidio_analyzer") is not None


def reviewed(text: str) -> ReleaseSpec:
    """Parse a draft as if a person had reviewed it."""
    assert text.count("reviewed: false") == 1
    return parse_release_spec(text.replace("reviewed: false", "reviewed: true"))


def column_line(text: str, name: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(f"{name}:"))


@pytest.fixture(scope="module")
def synthea() -> list[Path]:
    paths = [SYNTHEA / f"{t}.csv" for t in TABLES]
    if not all(p.is_file() for p in paths):
        pytest.skip(f"Synthea tables not available under {SYNTHEA} (../shared missing)")
    return paths


@pytest.fixture(scope="module")
def drafts(synthea: list[Path]) -> dict[str, str]:
    """The draft of each release kind for the five Synthea tables (without presidio)."""
    return {k.value: propose_spec(synthea, release=k.value, use_presidio=False) for k in DRAFTED}


@pytest.mark.parametrize("release", [k.value for k in DRAFTED])
def test_synthea_draft_parses_once_reviewed(drafts: dict[str, str], release: str) -> None:
    spec = reviewed(drafts[release])
    assert spec.release.value == release
    assert set(spec.tables) == set(TABLES)
    assert spec.patient_key == "patients.ID"
    assert spec.tables["patients"].path == SYNTHEA / "patients.csv"


def test_unreviewed_draft_is_refused(drafts: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="not reviewed"):
        parse_release_spec(drafts["safe_harbor"])


def test_names_and_ssn_are_direct_identifiers_dropped(drafts: dict[str, str]) -> None:
    columns = reviewed(drafts["safe_harbor"]).tables["patients"].columns
    for name, kind in [
        ("FIRST", Identifier.NAME),
        ("LAST", Identifier.NAME),
        ("MAIDEN", Identifier.NAME),
        ("SSN", Identifier.SSN),
        ("DRIVERS", Identifier.LICENSE),
        ("PASSPORT", Identifier.OTHER_ID),
        ("ADDRESS", Identifier.GEOGRAPHIC),
    ]:
        assert (columns[name].role, columns[name].rule, columns[name].identifier) == (
            Role.DIRECT,
            Rule.DROP,
            kind,
        ), name


def test_birthdate_is_a_two_digit_year_date_capped_for_age(drafts: dict[str, str]) -> None:
    birth = reviewed(drafts["safe_harbor"]).tables["patients"].columns["BIRTHDATE"]
    assert (birth.role, birth.rule, birth.identifier) == (
        Role.DATE,
        Rule.DATE_YEAR,
        Identifier.DATE,
    )
    assert (birth.type, birth.format) == ("date", "%m/%d/%y")
    assert birth.not_after == date.today()
    assert birth.age_cap


def test_event_dates_are_detected_from_their_values(drafts: dict[str, str]) -> None:
    spec = reviewed(drafts["safe_harbor"])
    for table, name in [("conditions", "START"), ("conditions", "STOP"), ("encounters", "DATE")]:
        col = spec.tables[table].columns[name]
        assert (col.role, col.format, col.not_after, col.age_cap) == (
            Role.DATE,
            "%Y-%m-%d",
            None,
            False,
        )


def test_age_is_capped_at_90_and_demographics_kept(drafts: dict[str, str]) -> None:
    columns = reviewed(drafts["safe_harbor"]).tables["patients"].columns
    assert (columns["AGE"].role, columns["AGE"].rule) == (Role.QUASI, Rule.AGE_90)
    for name in ("GENDER", "RACE", "MARITAL"):
        assert (columns[name].role, columns[name].rule) == (Role.QUASI, Rule.KEEP)


def test_keys_and_foreign_keys_link_the_tables(drafts: dict[str, str]) -> None:
    spec = reviewed(drafts["safe_harbor"])
    assert spec.tables["patients"].primary_key == "ID"
    assert spec.tables["encounters"].primary_key == "ID"
    assert spec.tables["encounters"].foreign_keys == {"PATIENT": "patients.ID"}
    for table in ("conditions", "medications", "procedures"):
        assert spec.tables[table].foreign_keys == {
            "PATIENT": "patients.ID",
            "ENCOUNTER": "encounters.ID",
        }


def test_descriptions_are_sensitive_and_codes_kept(drafts: dict[str, str]) -> None:
    columns = reviewed(drafts["safe_harbor"]).tables["medications"].columns
    assert (columns["DESCRIPTION"].role, columns["DESCRIPTION"].rule) == (
        Role.SENSITIVE,
        Rule.KEEP,
    )
    assert (columns["CODE"].role, columns["CODE"].rule) == (Role.KEEP, Rule.KEEP)


def test_no_sample_value_appears_in_the_draft(synthea: list[Path], drafts: dict[str, str]) -> None:
    text = "\n".join(drafts.values())
    for path in synthea:
        sample = pl.read_csv(path, n_rows=200, infer_schema=False)
        values = {v for col in sample.columns for v in sample[col].drop_nulls().to_list()}
        leaked = sorted(v for v in values if len(v) >= 5 and v in text)
        assert not leaked, f"{path.name}: {len(leaked)} sample values in the draft"
    first_name = pl.read_csv(SYNTHEA / "patients.csv", n_rows=1, infer_schema=False)["FIRST"][0]
    assert first_name not in text


def test_safe_harbor_uses_release_codes_and_years(drafts: dict[str, str]) -> None:
    spec = reviewed(drafts["safe_harbor"])
    rules = {c.rule for t in spec.tables.values() for c in t.columns.values()}
    assert {Rule.RELEASE_CODE, Rule.DATE_YEAR} <= rules
    assert not rules & {Rule.PSEUDONYM, Rule.DATE_SHIFT}
    assert "date_shift_days" not in drafts["safe_harbor"]


def test_pseudonymised_uses_pseudonyms_and_date_shifts(drafts: dict[str, str]) -> None:
    spec = reviewed(drafts["pseudonymised"])
    rules = {c.rule for t in spec.tables.values() for c in t.columns.values()}
    assert {Rule.PSEUDONYM, Rule.DATE_SHIFT} <= rules
    assert not rules & {Rule.RELEASE_CODE, Rule.DATE_YEAR}
    assert spec.date_shift_days == (-365, -1)
    assert not spec.tables["patients"].columns["BIRTHDATE"].age_cap


def test_single_table_takes_its_first_key_as_patient_key() -> None:
    path = EHR / "covid_testing" / "covid_testing.csv"
    if not path.is_file():
        pytest.skip(f"{path} not available (../shared missing)")
    spec = reviewed(propose_spec([path], use_presidio=False))
    assert spec.patient_key == "covid_testing.subject_id"
    columns = spec.tables["covid_testing"].columns
    assert columns["fake_first_name"].identifier is Identifier.NAME
    assert columns["clinic_name"].rule is Rule.DROP  # a site, not a person: left to decide


def test_unrecognised_columns_are_dropped_with_a_comment(tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    path.write_text(
        "ID,widget,area,contact,weight\n"
        "a1,blue square,02139,x@example.org,70.5\n"
        "a2,red circle,10001,y@example.org,81\n"
    )
    text = propose_spec([path], use_presidio=False)
    columns = reviewed(text).tables["visits"].columns
    assert (columns["widget"].role, columns["widget"].rule) == (Role.QUASI, Rule.DROP)
    assert column_line(text, "widget").endswith("# unrecognised: decide")
    assert (columns["area"].rule, columns["area"].identifier) == (Rule.ZIP3, Identifier.GEOGRAPHIC)
    assert columns["contact"].identifier is Identifier.EMAIL
    assert (columns["weight"].role, columns["weight"].rule) == (Role.KEEP, Rule.KEEP)
    assert "example.org" not in text


def test_parquet_dates_need_no_format(tmp_path: Path) -> None:
    path = tmp_path / "admissions.parquet"
    pl.DataFrame(
        {
            "patient_id": ["p1", "p2"],
            "admitted": [date(2020, 1, 2), date(2021, 3, 4)],
            "los_days": [3, 5],
        }
    ).write_parquet(path)
    spec = reviewed(propose_spec([path], release="pseudonymised", use_presidio=False))
    columns = spec.tables["admissions"].columns
    assert (columns["admitted"].rule, columns["admitted"].type) == (Rule.DATE_SHIFT, "date")
    assert columns["admitted"].format is None
    assert columns["patient_id"].rule is Rule.PSEUDONYM
    assert columns["los_days"].rule is Rule.KEEP


def test_foreign_key_found_from_sample_values(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("ID,sex\nk1,F\nk2,M\n")
    (tmp_path / "labs.csv").write_text("ID,who_id,code\nl1,k2,A\nl2,k1,B\n")
    text = propose_spec([tmp_path / "people.csv", tmp_path / "labs.csv"], use_presidio=False)
    assert reviewed(text).tables["labs"].foreign_keys == {"who_id": "people.ID"}
    assert "by sample values" in text


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("latin1.csv", b"ID,name\n1,Zo\xeb Quux\n"),
        ("broken.parquet", b"not a parquet file"),
        ("empty.csv", b""),
    ],
)
def test_unreadable_file_raises_input_error_naming_it(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        propose_spec([path], use_presidio=False)
    message = str(err.value)
    assert str(path) in message
    assert "\n" not in message and "Quux" not in message


def test_missing_or_unsupported_file_raises_input_error(tmp_path: Path) -> None:
    for path in (tmp_path / "absent.csv", tmp_path / "notes.txt"):
        with pytest.raises(InputError, match=str(path)):
            propose_spec([path], use_presidio=False)


def test_bad_release_kind_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="release"):
        propose_spec([tmp_path / "a.csv"], release="anonymous")


@pytest.mark.slow
@pytest.mark.skipif(not HAS_PRESIDIO, reason="needs presidio_analyzer (medprivacy[notes])")
def test_presidio_recognises_unnamed_identifier_columns(
    tmp_path: Path, synthea: list[Path]
) -> None:
    people = pl.read_csv(synthea[0], n_rows=200, infer_schema=False)
    path = tmp_path / "extract.csv"
    pl.DataFrame(
        {
            "who": people["FIRST"].str.replace(r"\d+$", "")
            + " "
            + people["LAST"].str.replace(r"\d+$", ""),
            "x": people["SSN"],
            "u": people["ID"],
        }
    ).write_csv(path)
    text = propose_spec([*synthea, path], use_presidio=True)
    table = reviewed(text).tables["extract"]
    assert (table.columns["who"].rule, table.columns["who"].identifier) == (
        Rule.DROP,
        Identifier.NAME,
    )
    assert column_line(text, "who").endswith("# presidio: PERSON")
    assert table.columns["x"].identifier is Identifier.SSN
    assert table.columns["u"].role is Role.KEY
    assert table.foreign_keys == {"u": "patients.ID"}
    assert "(presidio used)" in text


def _three_tables(tmp: Path) -> list[Path]:
    """persons <- admissions <- labs; keys not named id; a lab past the sample."""
    (tmp / "persons.csv").write_text(
        "person_key,sex,group_code\nK01,F,G1\nK02,M,G2\nK03,F,G3\nK04,M,G4\n"
    )
    (tmp / "admissions.csv").write_text(
        "adm_id,person_key,admitted\n"
        "100,K02,2021-03-04T10:22:00\n101,K01,2021-04-01T08:00:00\n"
        "102,K04,2021-05-06T23:59:59\n103,K03,2021-06-07T00:00:00\n"
    )
    (tmp / "labs.csv").write_text(
        "acc_no,adm_id,result\n7001,103,101\n7002,100,5\n7003,102,102\n7004,103,7\n"
    )
    return [tmp / f"{t}.csv" for t in ("persons", "admissions", "labs")]


def test_keys_not_named_id_are_found_by_uniqueness_and_containment(tmp_path: Path) -> None:
    paths = _three_tables(tmp_path)
    text = propose_spec(paths, use_presidio=False, sample_rows=2)
    spec = reviewed(text)
    assert spec.patient_key == "persons.person_key"
    assert spec.tables["persons"].primary_key == "person_key"
    assert spec.tables["admissions"].primary_key == "adm_id"
    assert spec.tables["labs"].primary_key == "acc_no"
    assert spec.tables["admissions"].foreign_keys == {"person_key": "persons.person_key"}
    assert spec.tables["labs"].foreign_keys == {"adm_id": "admissions.adm_id"}  # not `result`
    admitted = spec.tables["admissions"].columns["admitted"]
    assert (admitted.role, admitted.format) == (Role.DATE, "%Y-%m-%dT%H:%M:%S")


@pytest.mark.parametrize("release", [k.value for k in DRAFTED])
def test_a_reviewed_draft_releases_with_joins_resolving_to_the_same_people(
    tmp_path: Path, release: str
) -> None:
    from medprivacy.deid.table.engine import release_tables
    from medprivacy.keys import Key

    paths = _three_tables(tmp_path)
    spec = reviewed(propose_spec(paths, release=release, use_presidio=False, sample_rows=2))
    assert spec.tables["persons"].columns["group_code"].rule is Rule.KEEP
    result = release_tables(spec, Key("k"), tmp_path / "out", tmp_path / "private")
    out = {n: pl.read_csv(p, infer_schema=False) for n, p in result.files.items()}

    def people(frames: dict[str, pl.DataFrame]) -> list[str]:
        joined = frames["labs"].join(frames["admissions"], on="adm_id", how="left")
        joined = joined.join(frames["persons"], on="person_key", how="left")
        return joined["group_code"].to_list()

    original = {p.stem: pl.read_csv(p, infer_schema=False) for p in paths}
    assert people(out) == people(original) == ["G3", "G2", "G4", "G3"]


@pytest.mark.parametrize(
    "first_record",
    ["123-45-6789,Smith John,42", "p1,Smith John,1950-03-04", "p1,Smith John,jo@x.org"],
)
def test_a_csv_without_its_header_row_is_refused_without_echoing_the_first_record(
    tmp_path: Path, first_record: str
) -> None:
    """A headerless export's first record would become column names in the draft (stdout)."""
    path = tmp_path / "patients.csv"
    path.write_text(f"{first_record}\np2,Doe Jane,51\n")
    with pytest.raises(InputError, match="is the header row missing") as err:
        propose_spec([path], use_presidio=False)
    message = str(err.value).replace(str(path), "")  # the temporary path may hold "42"
    assert not any(v in message for v in first_record.split(","))


def test_integer_row_ids_of_other_tables_are_not_read_as_patient_keys(tmp_path: Path) -> None:
    """Admission ids 1..20 lie inside person keys 1..30: as a foreign key into persons, every
    admission would take the pseudonym (and date offset) of the person with its number."""
    (tmp_path / "persons.csv").write_text(
        "person_key,sex\n" + "".join(f"{i},F\n" for i in range(1, 31))
    )
    (tmp_path / "admissions.csv").write_text(
        "adm_id,person_key,ward\n" + "".join(f"{i},{31 - i},W\n" for i in range(1, 21))
    )
    text = propose_spec(
        [tmp_path / "persons.csv", tmp_path / "admissions.csv"],
        release="pseudonymised",
        use_presidio=False,
    )
    spec = reviewed(text)
    assert spec.tables["admissions"].foreign_keys == {"person_key": "persons.person_key"}


def test_guess_columns_reads_identifier_shapes_from_values_not_only_names(tmp_path: Path) -> None:
    from medprivacy.deid.table.inspect import guess_columns

    rows = [
        f"+1 212 555 01{i % 5:02d},PT-{1000 + i % 4},E11.{i % 3},I{10 + i % 5},G000{i % 9},"
        f"{'FM'[i % 2]}"
        for i in range(30)
    ]
    table = tmp_path / "t.csv"
    table.write_text("reach,chart,dx,icd,hcpcs,sex\n" + "\n".join(rows) + "\n")
    guesses = {g.name: g for g in guess_columns(table, use_presidio=False)}
    assert (guesses["reach"].role, guesses["reach"].identifier) == (Role.DIRECT, Identifier.PHONE)
    assert (guesses["chart"].role, guesses["chart"].identifier) == (Role.DIRECT, Identifier.MRN)
    assert guesses["reach"].comment == "values look like phone numbers"
    for code in ("dx", "icd", "hcpcs", "sex"):  # short clinical codes are not record numbers
        assert guesses[code].role is not Role.DIRECT, code
