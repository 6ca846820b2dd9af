"""A table spec's `anonymize:` section: validated with one line naming table, column and rule;
applied after the rules, so the released table itself meets the privacy models (recounted here
with a plain pandas groupby); its transformation re-applied with the check re-run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
import yaml

from medprivacy.deid.table.anonymize import ModelNotMet
from medprivacy.deid.table.engine import check_tables, release_tables
from medprivacy.deid.table.spec import load_release_spec, parse_release_spec
from medprivacy.errors import ConfigError, InputError
from medprivacy.keys import Key

CANARY = "ZZCANARY7731"
QIS = ["AGE", "ZIP3", "SEX"]


def patients(n: int = 300, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    zips = ["02139", "02138", "02140", "10001", "10002", "94110", "60601"]
    return pd.DataFrame(
        {
            "ID": [f"p{i}" for i in range(n)],
            "NAME": [f"Person {i}" for i in range(n)],
            "AGE": rng.integers(18, 89, n),
            "ADDRESS": [f"{i} Main St Boston MA {z}" for i, z in enumerate(rng.choice(zips, n))],
            "SEX": rng.choice(["F", "M"], n),
            "DX": rng.choice(["I10", "E11", "J45"], n),
        }
    )


def spec_dict(csv: Path, anonymize: dict[str, Any] | None, release: str = "safe_harbor") -> dict:
    table: dict[str, Any] = {
        "path": str(csv),
        "primary_key": "ID",
        "columns": {
            "ID": {"role": "key", "rule": "release_code", "identifier": "mrn"},
            "NAME": {"role": "direct", "rule": "drop", "identifier": "name"},
            "AGE": {"role": "quasi", "rule": "keep", "type": "int"},
            "ADDRESS": {
                "role": "direct",
                "rule": "zip3",
                "identifier": "geographic",
                "rename": "ZIP3",
            },
            "SEX": {"role": "quasi", "rule": "keep"},
            "DX": {"role": "sensitive", "rule": "keep"},
        },
    }
    if anonymize is not None:
        table["anonymize"] = anonymize
    return {"release": release, "reviewed": True, "patient_key": "p.ID", "tables": {"p": table}}


SECTION: dict[str, Any] = {
    "quasi_identifiers": {
        "AGE": {"kind": "intervals", "widths": [5, 10, 20, 40]},
        "ZIP3": {"kind": "prefix", "keep": [2, 1]},
        "SEX": {"kind": "groups", "groups": []},
    },
    "models": [{"kind": "k_anonymity", "k": 8}, {"kind": "prosecutor_risk", "average": 0.05}],
    "suppression_limit": 0.05,
    "tradeoff": [0.2, 0.05],
}


def write_spec(tmp_path: Path, data: dict[str, Any], name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.fixture
def csv(tmp_path: Path) -> Path:
    path = tmp_path / "p.csv"
    patients().to_csv(path, index=False)
    return path


def test_released_table_meets_the_models_recounted_with_pandas(
    tmp_path: Path, csv: Path, key: Key
) -> None:
    spec = load_release_spec(write_spec(tmp_path, spec_dict(csv, SECTION)))
    result = release_tables(spec, key, tmp_path / "out", tmp_path / "private")
    out = pd.read_csv(result.files["p"], dtype=str, keep_default_na=False)
    sizes = out.groupby(QIS).size()
    assert sizes.min() >= 8
    assert len(sizes) / len(out) <= 0.05
    figures = result.tables["p"].anonymized
    assert figures is not None
    assert figures["classes"] == len(sizes)
    assert figures["risk"]["smallest_class"] == sizes.min()
    assert figures["suppressed"] == 300 - len(out) <= 0.05 * 300
    assert set(out.columns) == {"ID", "AGE", "ZIP3", "SEX", "DX"}
    assert "release_safe" in figures and figures["satisfied"] is True
    # the steward's side: tradeoff per threshold and the transformation, in private/ only
    doc = json.loads(result.anonymization["p"].read_text())
    assert [r["highest_risk"] for r in doc["tradeoff"]] == [0.2, 0.05]
    assert (tmp_path / "private" / "anonymize" / "p.transformation.json").is_file()
    assert not list((tmp_path / "out").glob("*transformation*"))


def test_masked_rows_are_a_class_that_meets_the_models_as_written(tmp_path: Path, key: Key) -> None:
    frame = patients()
    # the oldest, in a ZIP3 of their own, with a diagnosis no one else has
    frame.loc[17, ["AGE", "ADDRESS", "SEX", "DX"]] = [104, "1 Main St Boston MA 99950", "F", CANARY]
    csv = tmp_path / "p.csv"
    frame.to_csv(csv, index=False)
    section = {**SECTION, "suppressed_rows": "mask", "tradeoff": []}
    section["models"] = [
        {"kind": "k_anonymity", "k": 8},
        {"kind": "l_diversity", "attribute": "DX", "l": 2},
    ]
    spec = load_release_spec(write_spec(tmp_path, spec_dict(csv, section)))
    result = release_tables(spec, key, tmp_path / "out", tmp_path / "private")
    out = pd.read_csv(result.files["p"], dtype=str, keep_default_na=False)
    assert len(out) == 300  # masked, not dropped
    sizes = out.groupby(QIS).size()
    assert sizes.min() >= 8 and len(sizes) / len(out) <= 0.05
    assert out.groupby(QIS)["DX"].nunique().min() >= 2  # the canary's class included
    figures = result.tables["p"].anonymized
    assert figures is not None and figures["satisfied"] is True
    assert figures["classes"] == len(sizes)
    assert figures["risk"]["smallest_class"] == sizes.min()
    assert figures["risk"]["highest_prosecutor"] == pytest.approx(1 / sizes.min())
    assert figures["risk"]["average_prosecutor"] == pytest.approx(len(sizes) / len(out))


def test_saved_transformation_is_reapplied_and_rechecked(
    tmp_path: Path, csv: Path, key: Key
) -> None:
    first = load_release_spec(write_spec(tmp_path, spec_dict(csv, SECTION)))
    release_tables(first, key, tmp_path / "out1", tmp_path / "private")
    saved = tmp_path / "private" / "anonymize" / "p.transformation.json"
    levels = json.loads(saved.read_text())["levels"]
    fresh = tmp_path / "new.csv"
    patients(600, seed=9).to_csv(fresh, index=False)  # new data, same shapes
    again = load_release_spec(write_spec(tmp_path, spec_dict(fresh, {"apply": str(saved)}), "b"))
    result = release_tables(again, key, tmp_path / "out2", tmp_path / "private2")
    figures = result.tables["p"].anonymized
    assert figures is not None and figures["levels"] == levels and figures["satisfied"]
    out = pd.read_csv(result.files["p"], dtype=str, keep_default_na=False)
    assert out.groupby(QIS).size().min() >= 8
    tiny = tmp_path / "tiny.csv"
    patients(20, seed=3).to_csv(tiny, index=False)  # too few rows for k = 8 within 5%
    refused = load_release_spec(write_spec(tmp_path, spec_dict(tiny, {"apply": str(saved)}), "c"))
    with pytest.raises(ModelNotMet, match=r"^p: anonymize apply: the saved transformation"):
        release_tables(refused, key, tmp_path / "out3", tmp_path / "private3")
    assert not (tmp_path / "out3").exists()  # nothing written


def test_models_that_cannot_be_met_write_nothing(tmp_path: Path, csv: Path, key: Key) -> None:
    section = {**SECTION, "models": [{"kind": "k_anonymity", "k": 1000}], "suppression_limit": 0}
    spec = load_release_spec(write_spec(tmp_path, spec_dict(csv, section)))
    with pytest.raises(ModelNotMet, match=r"^p: anonymize: no generalization satisfies"):
        release_tables(spec, key, tmp_path / "out", tmp_path / "private")
    assert not (tmp_path / "out").exists() and not (tmp_path / "private").exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"quasi_identifiers": {"AGE": {"kind": "octaves"}}}, r"tables\.p\.anonymize:.*AGE\.kind"),
        (
            {"quasi_identifiers": {"AGE": {"kind": "intervals"}}},
            r"tables\.p\.anonymize:.*AGE.*intervals needs widths or bins",
        ),
        ({"models": [{"kind": "k_anonymity", "k": 0}]}, r"tables\.p\.anonymize: .*models\.0"),
        ({"models": [{"kind": "delta_presence"}]}, r"tables\.p\.anonymize: .*models\.0"),
        (
            {"quasi_identifiers": {"ADDRESS": {"kind": "prefix"}}},
            r"tables\.p: .*quasi-identifier 'ADDRESS' is not a released column",
        ),
        (
            {"quasi_identifiers": {"NAME": {"kind": "prefix"}}},
            r"tables\.p: .*quasi-identifier 'NAME' is not a released column",
        ),
        (
            {"quasi_identifiers": {"ID": {"kind": "prefix"}}},
            r"tables\.p: .*'ID' \(column ID, rule release_code\) is a key",
        ),
        ({"apply": "t.json"}, r"tables\.p\.anonymize: .*apply: .*drop models"),
        ({"tradeoff": [2]}, r"tables\.p\.anonymize\.tradeoff: .*risks in \(0, 1\]"),
    ],
)
def test_bad_section_is_one_line_naming_table_column_and_rule(
    tmp_path: Path, csv: Path, change: dict[str, Any], expected: str
) -> None:
    data = spec_dict(csv, {**SECTION, **change})
    with pytest.raises(ConfigError, match=expected) as info:
        parse_release_spec(yaml.safe_dump(data, sort_keys=False), "spec.yaml")
    assert "\n" not in str(info.value)


def test_a_value_outside_its_hierarchy_names_column_and_row_never_the_value(
    tmp_path: Path, key: Key
) -> None:
    frame = patients(50)
    frame.loc[7, "SEX"] = CANARY
    csv = tmp_path / "p.csv"
    frame.to_csv(csv, index=False)
    section = {
        **SECTION,
        "quasi_identifiers": {"SEX": {"kind": "rows", "rows": [["F", "*"], ["M", "*"]]}},
    }
    spec = load_release_spec(write_spec(tmp_path, spec_dict(csv, section)))
    with pytest.raises(InputError) as info:
        check_tables(spec, key)  # the plan finds it, before anything is released
    message = str(info.value)
    assert message == "p: column 'SEX', row 8: value not in its hierarchy"  # data row, 1-based
    assert CANARY not in message
    with pytest.raises(InputError) as info:
        release_tables(spec, key, tmp_path / "out", tmp_path / "private")
    assert CANARY not in str(info.value) and not (tmp_path / "out").exists()


def test_expert_determination_needs_a_section_and_may_keep_birth_years_uncapped(
    tmp_path: Path, csv: Path
) -> None:
    data = spec_dict(csv, None, release="expert_determination")
    with pytest.raises(ConfigError, match="no table has an `anonymize:` section"):
        parse_release_spec(yaml.safe_dump(data), "spec.yaml")
    data = spec_dict(csv, SECTION, release="expert_determination")
    columns = data["tables"]["p"]["columns"]
    columns["BIRTHDATE"] = {"role": "date", "rule": "date_year", "identifier": "date"}
    assert parse_release_spec(yaml.safe_dump(data), "s.yaml").release.value == (
        "expert_determination"
    )
    data["release"] = "safe_harbor"
    with pytest.raises(ConfigError, match="birth year needs age_cap"):
        parse_release_spec(yaml.safe_dump(data), "s.yaml")
    columns["ID"]["rule"] = "pseudonym"  # the Safe Harbor rules hold under expert_determination
    data["release"] = "expert_determination"
    with pytest.raises(ConfigError, match="pseudonym is not allowed"):
        parse_release_spec(yaml.safe_dump(data), "s.yaml")


def test_missing_quasi_identifier_values_stay_missing_and_refuse_intervals(
    tmp_path: Path, key: Key
) -> None:
    frame = patients(200)
    frame.loc[[3, 4], "ADDRESS"] = "no zip here"  # released ZIP3: missing
    csv = tmp_path / "p.csv"
    frame.to_csv(csv, index=False)
    spec = load_release_spec(write_spec(tmp_path, spec_dict(csv, SECTION)))
    result = release_tables(spec, key, tmp_path / "out", tmp_path / "private")
    out = pl.read_csv(result.files["p"], infer_schema=False)
    assert out["ZIP3"].null_count() in (0, 2)  # kept missing, or generalized to the top
    bad = {**SECTION, "quasi_identifiers": {"ZIP3": {"kind": "intervals", "widths": [10]}}}
    spec = load_release_spec(write_spec(tmp_path, spec_dict(csv, bad), "b.yaml"))
    with pytest.raises(InputError, match=r"^p\.ZIP3: 2 missing value\(s\) .* intervals"):
        check_tables(spec, key)


def test_checklist_records_the_figures_and_says_which_are_release_safe(
    tmp_path: Path, csv: Path, key: Key
) -> None:
    from medprivacy.deid.table.checklist import build_checklist, render_html
    from medprivacy.deid.table.engine import describe

    spec = load_release_spec(write_spec(tmp_path, spec_dict(csv, SECTION, "expert_determination")))
    result = release_tables(spec, key, tmp_path / "out", tmp_path / "private")
    checklist = build_checklist(spec, describe(result))
    figures = checklist["anonymization"]["p"]
    assert set(figures["levels"]) == set(QIS)
    assert "counted on the released table itself" in figures["release_safe"]
    assert "Expert Determination" in checklist["statement"] and not checklist["safe_harbor"]
    page = render_html(checklist)
    assert "Expert Determination checklist" in page and "Anonymized: p" in page


def test_run_plan_checks_the_section_before_anything_runs(
    tmp_path: Path, csv: Path, key: Key
) -> None:
    from medprivacy.plan import plan_pipeline
    from medprivacy.spec import load_pipeline

    def plan(section: dict[str, Any]) -> list[str]:
        spec = write_spec(tmp_path, spec_dict(csv, section))
        steps = [{"step": "deid_tables", "spec": str(spec), "output": "t"}]
        path = tmp_path / "pipeline.yaml"
        path.write_text(yaml.safe_dump({"name": "p", "steps": steps}))
        return plan_pipeline(load_pipeline(path), key, out_dir=tmp_path / "run").lines()

    lines = plan(SECTION)
    assert any("p: anonymize searches on 3 quasi-identifier(s)" in line for line in lines)
    bad = {**SECTION, "quasi_identifiers": {"ZIP3": {"kind": "prefix", "keep": [1, 2]}}}
    with pytest.raises(ConfigError, match=r"not run, nothing charged\): p: hierarchy for 'ZIP3'"):
        plan(bad)
    assert not (tmp_path / "run").exists()
