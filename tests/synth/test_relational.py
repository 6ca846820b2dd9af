"""Relational DP synthesis (issue 16, items 2-4): keys join, dates ordered, the per-patient bound
across tables, one ledger charge before any measurement, declared domains, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from medprivacy.budget import BudgetExceeded, Ledger
from medprivacy.errors import ConfigError, InputError
from medprivacy.keys import Key
from medprivacy.pipeline import run_pipeline
from medprivacy.plan import plan_pipeline
from medprivacy.spec import load_pipeline
from medprivacy.synth.api import synthesize
from medprivacy.synth.relational import UNIT, Relational
from medprivacy.synth.relational_eval import date_order_violations, fk_integrity

CANARY = "Zebulon-Canary-4471"
KINDS = ["check-up", "emergency", "symptom"]
CODES = ["flu", "sprain", "asthma", "diabetes"]


def _tables(n: int = 120, seed: int = 3) -> dict[str, pd.DataFrame]:
    """patients -> visits -> dx, as text cells (like a CSV read), dates in order."""
    rng = np.random.default_rng(seed)
    born = pd.Timestamp("1940-01-01") + pd.to_timedelta(rng.integers(0, 60 * 365, n), "D")
    dead = rng.random(n) < 0.2
    death = born + pd.to_timedelta(rng.integers(60 * 365, 80 * 365, n), "D")
    patients = pd.DataFrame(
        {
            "ID": [f"P{i:04d}" for i in range(n)],
            "SEX": rng.choice(["F", "M"], n),
            "BORN": born.strftime("%Y-%m-%d"),
            "DIED": np.where(
                dead & (death < pd.Timestamp("2020-01-01")), death.strftime("%Y-%m-%d"), ""
            ),
        }
    )
    visits, dx = [], []
    for i, b in enumerate(born):
        for j in range(int(rng.integers(0, 6))):
            when = b + pd.Timedelta(days=int(rng.integers(0, 50 * 365)))
            vid = f"V{i:04d}-{j}"
            visits.append(
                {
                    "VID": vid,
                    "PID": f"P{i:04d}",
                    "KIND": rng.choice(KINDS),
                    "DATE": when.strftime("%Y-%m-%d"),
                }
            )
            for _ in range(int(rng.integers(0, 3))):
                start = when + pd.Timedelta(days=int(rng.integers(0, 30)))
                stop = start + pd.Timedelta(days=int(rng.integers(0, 90)))
                dx.append(
                    {
                        "VISIT": vid,
                        "PID": f"P{i:04d}",
                        "CODE": rng.choice(CODES),
                        "START": start.strftime("%Y-%m-%d"),
                        "STOP": stop.strftime("%Y-%m-%d"),
                    }
                )
    return {"patients": patients, "visits": pd.DataFrame(visits), "dx": pd.DataFrame(dx)}


def _spec(max_visits: int = 4, max_dx: int = 6) -> dict[str, Any]:
    years = [0, 365, 3650, 20 * 3650]
    return {
        "patient_table": "patients",
        "end_date": "2020-01-01",
        "tables": {
            "patients": {
                "primary_key": "ID",
                "columns": {
                    "SEX": {"domain": ["F", "M"]},
                    "BORN": {"type": "date", "range": ["1930-01-01", "2010-12-31"], "bins": 8},
                },
                "dates": {"DIED": {"after": "BORN", "bins": years, "nullable": True}},
                "end": "DIED",
            },
            "visits": {
                "primary_key": "VID",
                "foreign_keys": {"PID": "patients.ID"},
                "max_children": max_visits,
                "columns": {"KIND": {"domain": KINDS}},
                "dates": {"DATE": {"after": "patients.BORN", "bins": years}},
            },
            "dx": {
                "foreign_keys": {"VISIT": "visits.VID", "PID": "patients.ID"},
                "parent": "VISIT",
                "max_children": max_dx,
                "context": ["KIND", "patients.SEX"],
                "columns": {"CODE": {"domain": CODES}},
                "dates": {
                    "START": {"after": "visits.DATE", "bins": [0, 7, 30, 365]},
                    "STOP": {"after": "START", "bins": [0, 7, 30, 365]},
                },
            },
        },
    }


@pytest.fixture(scope="module")
def released() -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    tables = _tables()
    return tables, synthesize(tables, _spec(), "relational", 3.0, seed=5)


def test_keys_are_fresh_and_every_foreign_key_joins(released):
    real, syn = released
    assert fk_integrity(syn, _spec()) == 1.0
    assert not set(syn["patients"]["ID"]) & set(real["patients"]["ID"])
    assert not set(syn["visits"]["VID"]) & set(real["visits"]["VID"])
    # a diagnosis' patient is its visit's patient
    via = syn["dx"]["VISIT"].map(syn["visits"].set_index("VID")["PID"])
    assert (via == syn["dx"]["PID"]).all()
    assert len(syn["visits"]) > 0 and len(syn["dx"]) > 0


def test_dates_are_ordered_birth_event_death_and_start_stop(released):
    _, syn = released
    assert date_order_violations(syn, _spec()) == 0
    p = syn["patients"].set_index("ID")
    v = syn["visits"].join(p, on="PID")
    assert (v["DATE"] >= v["BORN"]).all()
    assert ((v["DATE"] <= v["DIED"]) | v["DIED"].isna()).all()
    d = syn["dx"].join(syn["visits"].set_index("VID")["DATE"], on="VISIT")
    assert (d["START"] >= d["DATE"]).all() and (d["STOP"] >= d["START"]).all()
    for df, col in ((p, "DIED"), (v, "DATE"), (d, "STOP")):
        assert (df[col].dropna() <= pd.Timestamp("2020-01-01")).all()


def test_outputs_respect_declared_domains(released):
    _, syn = released
    assert set(syn["patients"]["SEX"]) <= {"F", "M"}
    assert set(syn["visits"]["KIND"]) <= set(KINDS)
    assert set(syn["dx"]["CODE"]) <= set(CODES)
    born = syn["patients"]["BORN"]
    assert born.min() >= pd.Timestamp("1930-01-01") and born.max() <= pd.Timestamp("2010-12-31")
    assert list(syn["dx"].columns) == ["VISIT", "PID", "CODE", "START", "STOP"]


def test_a_patient_with_1000_encounters_changes_at_most_max_children_rows():
    tables = _tables(60)
    spec = _spec(max_visits=4, max_dx=6)
    heavy = {k: v.copy() for k, v in tables.items()}
    heavy["patients"] = pd.concat(
        [
            heavy["patients"],
            pd.DataFrame([{"ID": "PX", "SEX": "F", "BORN": "1950-01-01", "DIED": ""}]),
        ],
        ignore_index=True,
    )
    many = pd.DataFrame(
        {
            "VID": [f"VX{i}" for i in range(1000)],
            "PID": "PX",
            "KIND": "emergency",
            "DATE": "1990-05-05",
        }
    )
    heavy["visits"] = pd.concat([heavy["visits"], many], ignore_index=True)
    dx = pd.DataFrame(
        {
            "VISIT": many["VID"],
            "PID": "PX",
            "CODE": "flu",
            "START": "1990-05-06",
            "STOP": "1990-05-09",
        }
    )
    heavy["dx"] = pd.concat([heavy["dx"], dx], ignore_index=True)
    synth = Relational(epsilon=1.0)
    before, after = synth.model_tables(tables, spec), synth.model_tables(heavy, spec)
    heavy_unit = len(tables["patients"])  # the added patient's position
    for name, bound in (("patients", 1), ("visits", 4), ("dx", 6)):
        a, b = before[name], after[name]
        added = b[b[UNIT] == heavy_unit]
        assert len(added) <= bound
        rest = b[b[UNIT] != heavy_unit].reset_index(drop=True)
        pd.testing.assert_frame_equal(rest, a.reset_index(drop=True), check_dtype=False)


def test_ledger_is_charged_once_before_any_measurement(tmp_path: Path, key: Key):
    book = Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("ehr", epsilon=5.0, delta=1e-5)
    seen: list[float] = []
    synth = Relational(epsilon=2.0)

    def charge() -> None:
        seen.append(synth.budget.spent)
        assert not synth.models  # no table fitted (measured) yet
        book.spend(
            "ehr",
            epsilon=2.0,
            delta=1e-6,
            label="t",
            mechanism="relational",
            unit={"id": "patients.ID", "max_rows": 11, "entity": "patient"},
        )

    synth.fit(_tables(60), _spec(), before_measure=charge)
    assert seen == [0.0]
    assert 0 < synth.budget.spent <= synth.rho * (1 + 1e-9)
    assert set(synth.models) == {"patients", "visits", "dx"}


def test_synthesize_records_one_spend_for_the_whole_release(tmp_path: Path, key: Key):
    book = Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("ehr", epsilon=5.0, delta=1e-5)
    synthesize(_tables(60), _spec(), "relational", 2.0, ledger=book, dataset="ehr")
    spends = [e for e in book.history("ehr") if e.kind == "spend"]
    assert len(spends) == 1 and spends[0].epsilon == 2.0
    assert spends[0].unit is not None and spends[0].unit["entity"] == "patient"
    assert spends[0].unit["max_rows"] == 1 + 4 + 6


def test_a_budget_that_cannot_pay_stops_before_any_measurement(tmp_path: Path, key: Key):
    book = Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("ehr", epsilon=1.0, delta=1e-5)
    synth = Relational(epsilon=2.0)

    def charge() -> None:
        book.spend("ehr", epsilon=2.0, delta=1e-6, label="t", mechanism="relational")

    with pytest.raises(BudgetExceeded):
        synth.fit(_tables(40), _spec(), before_measure=charge)
    assert not synth.models and synth.budget.spent == 0


@pytest.mark.parametrize(
    ("change", "error", "names"),
    [
        (lambda t, s: t.pop("dx"), InputError, "'dx'"),
        (lambda t, s: t["visits"].drop(columns="KIND", inplace=True), InputError, "'KIND'"),
        (
            lambda t, s: s["tables"]["dx"]["foreign_keys"].update(VISIT="nowhere.ID"),
            ConfigError,
            "'nowhere'",
        ),
        (lambda t, s: s["tables"]["dx"].update(context=["MISSING"]), ConfigError, "'MISSING'"),
        (lambda t, s: s["tables"]["visits"].pop("max_children"), ConfigError, "max_children"),
        (lambda t, s: s.update(patient_table="people"), ConfigError, "'people'"),
        (lambda t, s: t["visits"].__setitem__("KIND", CANARY), InputError, "'KIND'"),
    ],
)
def test_a_bad_spec_or_table_is_one_line_naming_it_never_a_value(change, error, names):
    tables, spec = _tables(30), _spec()
    change(tables, spec)
    with pytest.raises(error) as exc:
        Relational(epsilon=1.0).fit(tables, spec)
    msg = str(exc.value)
    assert "\n" not in msg and names in msg and CANARY not in msg


def test_sdv_and_relational_baselines_are_imported_lazily():
    code = (
        "import sys, medprivacy.synth.relational, medprivacy.synth.relational_baselines, "
        "medprivacy.synth.relational_eval, medprivacy.synth.api\n"
        "from medprivacy.synth.base import get_synthesizer; get_synthesizer('relational')\n"
        "assert not [m for m in sys.modules if m == 'sdv' or m.startswith('sdv.')], 'sdv'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _pipeline(tmp_path: Path, spec: dict[str, Any], tables: dict[str, pd.DataFrame]) -> Path:
    for name, df in tables.items():
        df.to_csv(tmp_path / f"{name}.csv", index=False)
    (tmp_path / "rel.yaml").write_text(json.dumps(spec))
    inputs = "".join(f"      {n}: {n}.csv\n" for n in tables)
    (tmp_path / "p.yaml").write_text(
        "name: t\nledger: ledger.sqlite\nbudgets:\n  ehr: {epsilon: 5.0, delta: 1.0e-5}\n"
        "steps:\n  - step: synthesize\n    id: rel\n    method: relational\n    spec: rel.yaml\n"
        f"    inputs:\n{inputs}    epsilon: 2.0\n    dataset: ehr\n    output: synthetic-ehr\n"
    )
    return tmp_path / "p.yaml"


def test_run_plan_checks_a_relational_step_and_states_its_charge(tmp_path: Path, key: Key):
    plan = plan_pipeline(load_pipeline(_pipeline(tmp_path, _spec(), _tables(40))), key)
    (step,) = plan.steps
    assert step.charge is not None and step.charge.epsilon == 2.0
    assert step.charge.unit == {"id": "patients.ID", "max_rows": 11, "entity": "patient"}
    assert any(c.startswith("visits:") for c in step.checks)
    assert not (tmp_path / "ledger.sqlite").exists() or not Ledger(
        tmp_path / "ledger.sqlite", key=key
    ).history("ehr")


def test_run_plan_refuses_a_relational_table_breaking_its_spec(tmp_path: Path, key: Key):
    tables = _tables(40)
    tables["dx"].loc[3, "CODE"] = CANARY
    with pytest.raises(InputError) as exc:
        plan_pipeline(load_pipeline(_pipeline(tmp_path, _spec(), tables)), key)
    assert "'CODE'" in str(exc.value) and CANARY not in str(exc.value)


def test_pipeline_releases_one_csv_per_table_and_the_patient_guarantee(tmp_path: Path, key: Key):
    tables = _tables(60)
    tables["patients"].loc[0, "ID"] = CANARY
    for child in ("visits", "dx"):  # every key naming the patient (a mismatch is refused)
        tables[child].loc[tables[child]["PID"] == "P0000", "PID"] = CANARY
    run_pipeline(
        load_pipeline(_pipeline(tmp_path, _spec(), tables)),
        key,
        out_dir=tmp_path / "run",
        progress=False,
    )
    rel = tmp_path / "run" / "release" / "synthetic-ehr"
    assert sorted(p.name for p in rel.iterdir()) == [
        "dx.csv",
        "patients.csv",
        "privacy.json",
        "visits.csv",
    ]
    privacy = json.loads((rel / "privacy.json").read_text())
    assert "per patient across all tables" in privacy["guarantee"]
    assert privacy["epsilon"] == 2.0 and "4 rows of visits" in privacy["unit"]
    fidelity = json.loads(
        (tmp_path / "run" / "private" / "synthetic-ehr" / "fidelity.json").read_text()
    )
    assert fidelity["fk_integrity"] == 1.0 and fidelity["date_order_violations"] == 0
    assert privacy["rows"] == sum(privacy["rows_per_table"].values())
    # the review reads the mean parent x child TVD against the cross-table floors
    for k in ("synthetic", "independent_floor", "bootstrap_floor"):
        assert isinstance(fidelity[k]["tvd"]["2"], float)
    for p in (tmp_path / "run").rglob("*"):
        if p.is_file() and p.suffix in (".csv", ".json"):
            assert CANARY not in p.read_text(errors="replace")


@pytest.mark.slow
def test_sdv_hma_baseline_keeps_foreign_keys(released):
    from medprivacy.synth.relational_baselines import sdv_hma

    real, _ = released
    out = sdv_hma(real, _spec())
    assert set(out) == {"patients", "visits", "dx"}
    assert fk_integrity(out, _spec()) > 0.9


@pytest.mark.parametrize(
    "options",
    [{"weights": {"nowhere": 1.0}}, {"weights": {"visits": -1.0}}, {"aim": {"max_parents": 0}}],
)
def test_a_bad_option_is_refused_before_the_ledger_is_charged(options):
    charged: list[bool] = []
    with pytest.raises(ConfigError) as exc:
        Relational(epsilon=1.0, **options).fit(
            _tables(30), _spec(), before_measure=lambda: charged.append(True)
        )
    assert not charged and "\n" not in str(exc.value)


def test_fidelity_floors_keep_each_table_and_resample_whole_patients():
    from medprivacy.synth.relational_eval import (
        bootstrap_patients,
        children_tvd,
        parent_child_tvd,
        shuffled_parents,
    )

    real, spec = _tables(80), _spec()
    shuffled = shuffled_parents(real, spec)
    for name in real:  # exact per-table columns, only the parent keys move
        for col in spec["tables"][name]["columns"]:
            assert sorted(shuffled[name][col]) == sorted(real[name][col])
    boot = bootstrap_patients(real, spec)
    assert len(boot["patients"]) == len(real["patients"])
    assert set(boot["visits"]["PID"]) <= set(boot["patients"]["ID"])  # parent keys rewritten
    assert set(boot["dx"]["VISIT"]) <= set(boot["visits"]["VID"])
    assert all(v == 0 for v in children_tvd(real, real, spec).values())
    assert all(
        v == 0 for pairs in parent_child_tvd(real, real, spec).values() for v in pairs.values()
    )


def _two_patients(vids: list[str], dx_pids: list[str]) -> dict[str, pd.DataFrame]:
    """Patients A and B, one visit each, four diagnoses all naming the first visit."""
    patients = pd.DataFrame(
        {"ID": ["A", "B"], "SEX": ["F", "M"], "BORN": ["1950-01-01", "1960-01-01"], "DIED": ""}
    )
    visits = pd.DataFrame(
        {"VID": vids, "PID": ["A", "B"], "KIND": ["check-up", "emergency"], "DATE": "1990-01-01"}
    )
    dx = pd.DataFrame(
        {
            "VISIT": vids[0],
            "PID": dx_pids,
            "CODE": ["flu", "flu", "asthma", "asthma"],
            "START": "1990-01-02",
            "STOP": "1990-01-03",
        }
    )
    return {"patients": patients, "visits": visits, "dx": dx}


@pytest.mark.parametrize(
    ("tables", "where"),
    [  # a visit key shared by A and B: B's diagnoses would count as A's, past A's bound
        (_two_patients([CANARY, CANARY], ["B", "B", "A", "A"]), "'visits', column 'VID', row 2"),
        # B's diagnoses name A's visit: the row's own patient key disagrees with its chain
        (_two_patients(["VA", "VB"], ["A", CANARY, "A", "A"]), "'dx', column 'PID', row 2"),
    ],
)
def test_keys_that_blur_whose_rows_are_whose_are_refused_before_the_charge(
    tables, where, tmp_path: Path, key: Key
):
    charged: list[bool] = []
    with pytest.raises(InputError) as exc:
        Relational(epsilon=1.0).fit(
            tables, _spec(max_visits=4, max_dx=2), before_measure=lambda: charged.append(True)
        )
    msg = str(exc.value)
    assert not charged and where in msg and "\n" not in msg and CANARY not in msg
    with pytest.raises(InputError) as exc:  # the plan refuses it too
        plan_pipeline(load_pipeline(_pipeline(tmp_path, _spec(4, 2), tables)), key)
    assert where in str(exc.value) and CANARY not in str(exc.value)


def test_a_grandchild_with_no_patient_key_of_its_own_follows_its_chain():
    tables = _two_patients(["VA", "VB"], ["A", "", "A", "A"])
    model = Relational(epsilon=1.0).model_tables(tables, _spec(max_visits=4, max_dx=4))
    assert list(model["dx"][UNIT]) == [0, 0, 0, 0]


def test_a_table_no_aim_network_fits_within_max_cells_is_refused_before_the_charge(
    tmp_path: Path, key: Key
):
    tables, spec = _tables(30), _spec()
    spec["tables"]["dx"]["context"] = []
    spec["tables"]["dx"]["columns"]["CODE"]["domain"] = CODES + [f"C{i}" for i in range(56)]
    for c in ("START", "STOP"):  # 50 x 50 and 50 x 60 cells > max_cells 2000
        spec["tables"]["dx"]["dates"][c]["bins"] = list(range(0, 510, 10))
    charged: list[bool] = []
    with pytest.raises(ConfigError) as exc:
        Relational(epsilon=1.0).fit(tables, spec, before_measure=lambda: charged.append(True))
    msg = str(exc.value)
    assert not charged and "'dx'" in msg and "max_cells" in msg and "\n" not in msg
    with pytest.raises(ConfigError, match="max_cells"):
        plan_pipeline(load_pipeline(_pipeline(tmp_path, spec, tables)), key)
    # the same spec fits when max_cells admits the pairs
    Relational(epsilon=1.0, aim={"max_cells": 3000}).model_tables(tables, spec)


def test_plan_declares_the_released_tables_and_their_columns(tmp_path: Path, key: Key, released):
    plan = plan_pipeline(load_pipeline(_pipeline(tmp_path, _spec(), _tables(40))), key)
    (step,) = plan.steps
    assert step.writes is not None
    assert set(step.writes) == {
        f"synthetic-ehr/{n}" for n in ("patients.csv", "visits.csv", "dx.csv", "privacy.json")
    }
    _, syn = released
    for name, df in syn.items():
        assert step.writes[f"synthetic-ehr/{name}.csv"] == list(df.columns)


def test_children_follow_their_parents_number_of_children_by_default():
    # heavy patients (5 visits) come for check-ups, light ones (1 visit) for emergencies; the
    # default context holds the patient's n_visits, so a synthetic light patient's visit is
    # mostly an emergency (without it: the pooled share, 1 in 6)
    n = 300
    ids = [f"P{i:04d}" for i in range(n)]
    patients = pd.DataFrame(
        {"ID": ids, "SEX": ["F", "F", "M", "M"] * (n // 4), "BORN": "1960-01-01"}
    )
    visits = pd.DataFrame(
        [
            {"VID": f"V{i}-{j}", "PID": pid, "KIND": "check-up" if i % 2 else "emergency"}
            for i, pid in enumerate(ids)
            for j in range(5 if i % 2 else 1)
        ]
    )
    spec = {
        "patient_table": "patients",
        "tables": {
            "patients": {
                "primary_key": "ID",
                "columns": {
                    "SEX": {"domain": ["F", "M"]},
                    "BORN": {"type": "date", "range": ["1930-01-01", "2010-12-31"], "bins": 4},
                },
            },
            "visits": {
                "primary_key": "VID",
                "foreign_keys": {"PID": "patients.ID"},
                "max_children": 5,
                "columns": {"KIND": {"domain": KINDS}},
            },
        },
    }
    syn = synthesize({"patients": patients, "visits": visits}, spec, "relational", 30.0, seed=1)
    v = syn["visits"]
    per = v.groupby("PID")["KIND"].transform("size")
    assert (v.loc[per == 1, "KIND"] == "emergency").mean() > 0.7
    assert (v.loc[per >= 4, "KIND"] == "check-up").mean() > 0.9


def test_child_count_histograms_move_by_at_most_their_sensitivity_for_one_patient():
    # the two histograms measured apart from AIM, with and without a patient of 1000 visits
    # (all in one count bin): L2 change within the sensitivity they are noised for
    from medprivacy.synth.relational import clipped_sensitivity, count_histograms

    tables, spec = _tables(60), _spec(max_visits=4, max_dx=6)
    heavy = {k: v.copy() for k, v in tables.items()}
    extra = pd.DataFrame([{"ID": "PX", "SEX": "F", "BORN": "1950-01-01", "DIED": ""}])
    heavy["patients"] = pd.concat([heavy["patients"], extra], ignore_index=True)
    many = pd.DataFrame(
        {
            "VID": [f"VX{i}" for i in range(1000)],
            "PID": "PX",
            "KIND": "emergency",
            "DATE": "1990-05-05",
        }
    )
    heavy["visits"] = pd.concat([heavy["visits"], many], ignore_index=True)
    synth = Relational(epsilon=1.0)
    before, after = synth.model_tables(tables, spec), synth.model_tables(heavy, spec)
    for table, column, bound in (("patients", "n_visits", 1), ("visits", "n_dx", 4)):
        bins = int(before[table][column].max()) + 3
        for clip in (1, 2):
            f0, c0 = count_histograms(before[table], column, bins, clip)
            f1, c1 = count_histograms(after[table], column, bins, clip)
            assert np.linalg.norm(f1 - f0) <= bound
            assert np.linalg.norm(c1 - c0) <= clipped_sensitivity(bins, bound, clip)
            assert (c1 - c0).max() <= clip and (f1 - f0).sum() > 0


def test_child_counts_are_measured_inside_the_release_budget():
    synth = Relational(epsilon=2.0, count_share=0.3).fit(_tables(80), _spec())
    measured = [w for w, _ in synth.budget.log]
    assert measured[:2] == ["table patients", "n_visits 1-way"]
    assert "n_dx 1-way" in measured and "n_dx 1-way clipped" in measured
    assert synth.budget.spent <= synth.rho * (1 + 1e-9)
    assert sum(synth.spent.values()) == pytest.approx(synth.budget.spent)
    for child in ("visits", "dx"):
        assert synth.counts[child].sum() == pytest.approx(1.0) and synth.counts[child].min() >= 0


def test_pool_rows_are_raked_and_matched_in_proportion_to_their_weights():
    from medprivacy.synth.relational import match, rake_weights

    rng = np.random.default_rng(0)
    pool = np.column_stack([rng.integers(0, 2, 4000), rng.integers(0, 3, 4000)])
    w = rake_weights(pool, [(1, np.array([0.7, 0.3, 0.0]))])
    share = np.bincount(pool[:, 1], weights=w, minlength=3) / w.sum()
    assert np.allclose(share, [0.7, 0.3, 0.0])
    want = np.zeros((6000, 1), dtype=np.int64)  # context: column 0 equal to 0
    pick = match(pool[:, :1], want, [2], rng, w)
    assert (pool[pick, 0] == 0).all()
    got = np.bincount(pool[pick, 1], minlength=3) / len(pick)
    assert abs(got[0] - 0.7) < 0.03 and got[2] == 0


def test_weighted_draws_take_each_row_its_share_of_times_up_to_one():
    # systematic sampling: the synthetic patients' child counts follow the raked pool without
    # multinomial noise (which alone put ~0.03 TVD on 1,462 Synthea patients)
    from medprivacy.synth.relational import weighted_draw

    rng = np.random.default_rng(1)
    w = rng.random(50) * (rng.random(50) < 0.7)
    got = np.bincount(weighted_draw(w, 1462, rng), minlength=50)
    assert np.abs(got - 1462 * w / w.sum()).max() <= 1
    assert got[w == 0].sum() == 0


def _crash(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("fidelity crashed")


def test_ledger_mechanism_names_the_child_count_histograms_and_a_failed_release_leaves_no_csv(
    tmp_path: Path, key: Key, monkeypatch
):
    # the mechanism recorded with the charge names every measurement: AIM per table and the
    # child counts' histograms (count_share, count_clip). A failure after the charge (here the
    # private fidelity report) leaves no table CSV in release/ without its privacy.json
    from medprivacy.synth import relational_eval
    from medprivacy.synth.relational_spec import as_relational_spec
    from medprivacy.synth.step import release_relational

    book = Ledger(tmp_path / "ledger.sqlite", key=key)
    book.init_dataset("ehr", epsilon=5.0, delta=1e-5)
    monkeypatch.setattr(relational_eval, "relational_report", _crash)
    out = tmp_path / "release" / "synthetic-ehr"
    spec = as_relational_spec(_spec())
    with pytest.raises(RuntimeError, match="fidelity crashed"):
        release_relational(
            _tables(60), spec, 2.0, 1e-6, None, out, tmp_path / "private", ledger=book,
            dataset="ehr",
        )  # fmt: skip
    assert list((tmp_path / "release").iterdir()) == []
    (entry,) = [e for e in book.history("ehr") if e.kind == "spend"]  # the charge is kept
    assert entry.mechanism == Relational.mechanism
    for words in ("AIM", "child-count", "histograms", "count_share", "count_clip", "zCDP"):
        assert words in entry.mechanism


def test_module_docstring_names_only_real_options():
    # the docstring once named a `patient_share` option that never existed
    import re

    from medprivacy.synth import relational

    named = set(re.findall(r"``(\w+_share|\w+_clip|weights|pool_factor)``", relational.__doc__))
    assert {"count_share", "count_clip", "weights"} <= named
    assert named <= set(relational.RelationalOptions.model_fields)
