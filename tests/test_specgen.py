"""`medprivacy inspect --for synth|stats`: a spec proposed from the data, written under private/,
marked as not DP, valid for the real loaders and runnable (issue 14, item 6)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from medprivacy.dp.spec import load_stats_spec
from medprivacy.errors import ConfigError, InputError
from medprivacy.specgen import nice_bounds, propose, round_up
from medprivacy.synth.spec import as_spec
from medprivacy.synth.step import load_synth_spec

EHR = Path(__file__).resolve().parents[1] / "src" / "medprivacy" / "sample_data" / "ehr"
SAMPLES = sorted(EHR.glob("*.csv"))
RUN_KEYS = ("input", "method", "epsilon", "delta", "dataset", "n_rows")
CLI = [sys.executable, "-m", "medprivacy.cli"]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MEDPRIVACY_KEY": "specgen-test-key-0123456789"}
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def _synth_spec(path: Path) -> dict:
    data = load_synth_spec(path)
    return {k: v for k, v in data.items() if k not in RUN_KEYS}


@pytest.fixture(scope="module")
def proposals(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synth and stats proposals for every bundled sample table (presidio off: names suffice)."""
    out = tmp_path_factory.mktemp("proposals")
    for kind in ("synth", "stats"):
        propose(SAMPLES, kind, out, use_presidio=False)
    return out / "private"


def test_synth_proposal_of_every_sample_table_loads_with_the_real_loader(proposals):
    for table in SAMPLES:
        spec = as_spec(_synth_spec(proposals / f"{table.stem}.synth.yaml"))
        assert spec.columns, table.stem


def test_stats_proposal_of_every_sample_table_loads_with_the_real_loader(proposals):
    for table in SAMPLES:
        spec = load_stats_spec(proposals / f"{table.stem}.stats.yaml")
        assert spec.queries[0].kind == "count" and spec.input is not None


def test_proposals_say_at_the_top_that_domains_from_data_are_not_dp(proposals):
    for path in proposals.glob("*.yaml"):
        text = path.read_text()
        head = text[: text.index("\ninput:")]
        assert head.startswith("# PROPOSED by `medprivacy inspect --for")
        assert "NOT DIFFERENTIALLY PRIVATE" in head and "public knowledge" in head
        assert "age 0-120" in head and "code list" in head
    patients = (proposals / "patients.synth.yaml").read_text()
    for column in ("MARITAL", "RACE", "GENDER", "AGE", "BIRTHDATE"):
        (line,) = [ln for ln in patients.splitlines() if ln.startswith(f"  {column}:")]
        assert "# from data" in line


def test_patients_proposal_types_nullable_bounds_and_categories(proposals):
    spec = as_spec(_synth_spec(proposals / "patients.synth.yaml"))
    cols = spec.columns
    assert cols["GENDER"].type == "categorical" and cols["GENDER"].domain == ["F", "M"]
    assert cols["MARITAL"].nullable and not cols["GENDER"].nullable  # MARITAL has empty cells
    assert cols["AGE"].type == "numeric" and cols["AGE"].dtype == "int"
    assert cols["AGE"].bounds == (0, 110)  # ages 0-100 in the data, rounded out
    assert cols["DEATHDATE"].type == "date" and cols["DEATHDATE"].nullable
    assert cols["DEATHDATE"].format == "%m/%d/%y"
    assert spec.privacy_unit is not None and spec.privacy_unit.id == "ID"
    assert spec.privacy_unit.max_rows == 1


def test_identifiers_are_never_proposed_as_categories(proposals):
    real = (EHR / "patients.csv").read_text().splitlines()[1].split(",")
    for kind in ("synth", "stats"):
        text = (proposals / f"patients.{kind}.yaml").read_text()
        for value in real[3:9]:  # SSN, DRIVERS, PASSPORT, PREFIX, FIRST, LAST of row one
            if value and value not in ("FALSE", "Mr.", "Mrs."):
                assert value not in text
        listed = text[text.index("\n# No statistic" if kind == "stats" else "\n# Not proposed") :]
        assert "#   SSN: identifier (ssn)" in listed and "#   FIRST: identifier (name)" in listed
        assert "#   ADDRESS: identifier (geographic)" in listed
    notes = (proposals / "notes.synth.yaml").read_text()
    assert "#   TEXT: free text" in notes and "#   NOTE_ID: key" in notes


def test_a_column_of_distinct_unnamed_values_is_left_out_as_an_identifier(tmp_path):
    rows = [f"{'ab'[i % 2]},CANARY-{i:04d}" for i in range(40)]
    table = tmp_path / "visits.csv"
    table.write_text("group,thing\n" + "\n".join(rows) + "\n")
    (path,) = propose([table], "synth", tmp_path, use_presidio=False)
    text = path.read_text()
    assert "CANARY" not in text
    assert "#   thing: every value is distinct: an identifier?" in text
    assert as_spec(_synth_spec(path)).columns["group"].domain == ["a", "b"]


def test_many_categories_are_a_private_group_by_in_stats_and_left_out_of_synth(tmp_path):
    table = tmp_path / "labs.csv"
    table.write_text("code,flag\n" + "".join(f"C{i % 60},{i % 2}\n" for i in range(300)))
    synth, stats = (propose([table], kind, tmp_path, use_presidio=False)[0]
                    for kind in ("synth", "stats"))  # fmt: skip
    assert "#   code: over 50 categories" in synth.read_text()
    spec = load_stats_spec(stats)
    (group,) = [q for q in spec.queries if q.kind == "group_by"]
    assert group.by == ["code"] and group.keys is None and spec.budget.delta is not None


def test_bounds_are_rounded_out_to_round_numbers():
    assert nice_bounds(0, 104) == (0, 110, 10)  # an extreme age does not show as a bound
    assert nice_bounds(3, 97) == (0, 100, 5)
    assert nice_bounds(-12.5, 41.2) == (-15, 45, 5)
    assert nice_bounds(0.013, 0.87) == (0, 0.9, 0.05)
    assert nice_bounds(7, 7) == (7, 7.5, 0.5)
    assert nice_bounds(1, 3, integer=True) == (1, 4, 1)  # integer bins are whole numbers
    assert [round_up(x) for x in (1, 4, 7, 200, 2928)] == [1, 5, 10, 200, 3000]


def test_proposal_is_private_0700_folder_0600_file(tmp_path):
    (path,) = propose([EHR / "patients.csv"], "stats", tmp_path / "run", use_presidio=False)
    assert path == tmp_path / "run" / "private" / "patients.stats.yaml"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".mp-tmp-")]


def test_an_existing_proposal_is_never_overwritten(tmp_path):
    (path,) = propose([EHR / "patients.csv"], "synth", tmp_path, use_presidio=False)
    path.write_text("# my reviewed edits\n")
    with pytest.raises(ConfigError, match="exists"):
        propose([EHR / "patients.csv"], "synth", tmp_path, use_presidio=False)
    assert path.read_text() == "# my reviewed edits\n"


def test_an_unreadable_table_error_names_the_file_never_a_value(tmp_path):
    table = tmp_path / "broken.csv"
    table.write_text('a,b\n1,"CANARY-SECRET\n')  # unterminated quote
    with pytest.raises(InputError) as err:
        propose([table], "synth", tmp_path, use_presidio=False)
    assert "broken.csv" in str(err.value) and "CANARY" not in str(err.value)


def test_stats_proposal_from_patients_runs_through_medprivacy_stats(tmp_path):
    made = _cli("inspect", "--for", "stats", str(EHR / "patients.csv"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "NOT differentially private" in made.stderr
    spec = tmp_path / "private" / "patients.stats.yaml"  # default --out: the current folder
    ledger = str(tmp_path / "ledger.sqlite")
    init = _cli("budget", "init", "patients", "--epsilon", "2", "--ledger", ledger, cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    run = _cli("stats", str(spec), "--out", "out", "--ledger", ledger, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    released = yaml.safe_load((tmp_path / "out" / "stats.json").read_text())
    assert "AGE_mean" in str(released) and "GENDER" in str(released)


@pytest.mark.slow
def test_synth_proposal_runs_through_medprivacy_synth(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(EHR / "patients.csv", data / "patients.csv")  # input: a relative path
    made = _cli("inspect", "--for", "synth", "data/patients.csv", "--out", "run", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    path = tmp_path / "run" / "private" / "patients.synth.yaml"
    assert "input: ../../data/patients.csv" in path.read_text()
    path.write_text(path.read_text().replace("method: aim", "method: independent"))
    ledger = str(tmp_path / "ledger.sqlite")
    init = _cli("budget", "init", "patients", "--epsilon", "2", "--delta", "1e-5",
                "--ledger", ledger, cwd=tmp_path)  # fmt: skip
    assert init.returncode == 0, init.stderr
    run = _cli("synth", str(path), "--out", "synth", "--ledger", ledger, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    header = (tmp_path / "synth" / "release" / "synthetic.csv").read_text().splitlines()[0]
    assert header == "BIRTHDATE,DEATHDATE,MARITAL,RACE,GENDER,AGE"


def test_parquet_proposals_load_and_synthesize(tmp_path):
    import numpy as np
    import pandas as pd

    from medprivacy.synth import synthesize
    from medprivacy.synth.table import read_synth_table

    rng = np.random.default_rng(3)
    n = 300
    grade = rng.integers(1, 4, n).astype(float)
    grade[:30] = np.nan  # a float column because of its nulls
    frame = pd.DataFrame(
        {
            "flag": rng.random(n) < 0.3,
            "grade": grade,
            "weight": rng.normal(70, 10, n).round(1),
            "admit": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 365, n), "D"),
        }
    )
    table = tmp_path / "stays.parquet"
    frame.to_parquet(table)
    synth, stats = (propose([table], kind, tmp_path, use_presidio=False)[0]
                    for kind in ("synth", "stats"))  # fmt: skip
    spec = as_spec(_synth_spec(synth))
    assert spec.columns["flag"].domain == [False, True]
    grade = spec.columns["grade"]  # whole numbers, though stored as floats beside nulls
    assert grade.type == "numeric" and grade.dtype == "int" and grade.nullable
    assert grade.bounds == (1, 4) and grade.size == 3
    assert spec.columns["weight"].type == "numeric" and spec.columns["admit"].type == "date"
    fake = synthesize(read_synth_table(table), spec, "independent", 2.0, n_rows=200)
    assert 0 < fake["grade"].isna().mean() < 0.3
    load_stats_spec(stats)


def test_rare_categories_are_counted_in_the_draft_never_named(tmp_path):
    table = tmp_path / "dx.csv"
    table.write_text("dx\n" + "A\n" * 30 + "B\n" * 30 + "RARE-CANARY\n")
    (path,) = propose([table], "synth", tmp_path, use_presidio=False)
    (line,) = [ln for ln in path.read_text().splitlines() if ln.startswith("  dx:")]
    assert "1 categories seen in under 5 rows each" in line  # the value itself is in the list
    assert as_spec(_synth_spec(path)).columns["dx"].domain == ["A", "B", "RARE-CANARY"]


def test_release_option_with_for_is_a_one_line_error(tmp_path):
    proc = _cli("inspect", "--for", "synth", "--release", "pseudonymised",
                str(EHR / "patients.csv"), cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("error: --release") and not (tmp_path / "private").exists()


def _disguised(folder: Path) -> tuple[Path, list[str]]:
    """40 visits whose identifiers hide under harmless column names, with canary values."""
    canaries = ["999-555-0000", "MRN0999", "987-65-4329", "http://canary.example.org/me",
                "10.99.0.1", "canary@example.org", "TOKEN-CANARY"]  # fmt: skip
    rows = []
    for i in range(40):
        rows.append([
            "AB"[i % 2],  # grp: a real category
            canaries[0] if i == 0 else f"617-555-01{i % 4:02d}",  # contact: phone numbers
            canaries[1] if i == 0 else f"MRN000{i % 3}",  # chart: record numbers, few distinct
            canaries[2] if i == 0 else f"123-45-67{i % 3:02d}",  # ref: SSNs
            canaries[3] if i == 0 else f"https://site{i % 2}.example.org",  # link: URLs
            canaries[4] if i == 0 else f"192.168.0.{i % 3}",  # host: IP addresses
            canaries[5] if i == 0 else f"p{i % 3}@example.org",  # reach: e-mail addresses
            canaries[6] if i == 0 else f"T{i % 30}z",  # token: 30 of 40 distinct
            f"seen on ward {i % 3} after a fall at home; canary {canaries[2]} called twice",  # gist
        ])  # fmt: skip
    table = folder / "visits.csv"
    header = "grp,contact,chart,ref,link,host,reach,token,gist\n"
    table.write_text(header + "".join(",".join(r) + "\n" for r in rows))
    return table, canaries


def test_identifier_values_under_harmless_names_are_left_out_with_the_reason(tmp_path):
    table, canaries = _disguised(tmp_path)
    synth, stats = (propose([table], kind, tmp_path, use_presidio=False)[0]
                    for kind in ("synth", "stats"))  # fmt: skip
    for path in (synth, stats):
        text = path.read_text()
        for value in [*canaries, "617-555", "MRN000", "example.org", "192.168", "ward"]:
            assert value not in text, (path.name, value)
        for line in ("contact: identifier (phone): values look like phone numbers",
                     "chart: identifier (mrn): values look like record numbers",
                     "ref: identifier (ssn): values look like social security numbers",
                     "link: identifier (url): values look like web addresses",
                     "host: identifier (ip): values look like IP addresses",
                     "reach: identifier (email): values look like e-mail addresses",
                     "token: most values are distinct: an identifier?",
                     "gist: free text"):  # fmt: skip
            assert f"#   {line}" in text, (path.name, line)
    assert list(as_spec(_synth_spec(synth)).columns) == ["grp"]
    assert [q.name for q in load_stats_spec(stats).queries] == ["rows", "grp"]


@pytest.mark.parametrize("inside", ["run/release", "run/release/drafts", "pub/release"])
def test_inspect_out_inside_a_release_folder_is_refused_in_one_line(tmp_path, inside):
    (tmp_path / "run" / "release").mkdir(parents=True)
    (tmp_path / "run" / "private").mkdir()  # a pipeline run's release/
    (tmp_path / "pub" / "release").mkdir(parents=True)
    (tmp_path / "pub" / "release" / "manifest.json").write_text("{}")  # a copied release
    table = str(EHR / "patients.csv")
    for args in (("--for", "synth", "--out", inside), ("--out", f"{inside}/spec.yaml")):
        proc = _cli("inspect", table, *args, cwd=tmp_path)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
        assert "inside the release folder" in proc.stderr
    written = [p for p in (tmp_path / "run" / "release").rglob("*")]
    assert written == [] and not (tmp_path / "pub" / "release" / "private").exists()
    ok = _cli("inspect", table, "--for", "synth", "--out", "run", cwd=tmp_path)
    assert ok.returncode == 0 and (tmp_path / "run/private/patients.synth.yaml").is_file()
