"""CLI conventions: -v anywhere, choices in help, --out everywhere, exit codes 0/1/2/3,
packaged suites by name from any folder, δ = 0 explained, `audit show`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file

from medprivacy.audit import AuditLog
from medprivacy.cli import hoist_verbose
from medprivacy.keys import Key

CLI = [sys.executable, "-m", "medprivacy.cli"]
KEY = "q7-Rz2!mK9vw_Lp4-conventions"
CANARY = "DOE^JANE-CANARY-4417"


def _run(*args: str, cwd: Path | None = None, key: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    if key:
        env["MEDPRIVACY_KEY"] = KEY
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def _table(folder: Path, rows: int = 30) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "release.csv"
    path.write_text("age,sex\n" + "".join(f"{20 + i},{'FM'[i % 2]}\n" for i in range(rows)))
    return path


# -- -v after the command ----------------------------------------------------------------------


def test_verbose_after_the_subcommand_logs_progress(tmp_path: Path) -> None:
    _table(tmp_path / "rel")
    args = ("attack", "rel/release.csv", "--suite", "gdpr", "--out", "res")
    quiet = _run(*args, cwd=tmp_path)
    loud = _run(*args, "-v", cwd=tmp_path)
    assert "INFO medprivacy" not in quiet.stderr
    assert "INFO medprivacy" in loud.stderr, loud.stderr


def test_verbose_tokens_after_double_dash_are_arguments() -> None:
    assert hoist_verbose(["deid", "dicom", "in", "-v", "--out", "o"]) == [
        "--verbose",
        "deid",
        "dicom",
        "in",
        "--out",
        "o",
    ]
    assert hoist_verbose(["keygen", "--", "-v"]) == ["keygen", "--", "-v"]


# -- help: choices and flags, --out, exit codes ------------------------------------------------

COMMANDS = [
    ("deid", "dicom"),
    ("deid", "tables"),
    ("deid", "notes"),
    ("attack",),
    ("stats",),
    ("synth",),
    ("keygen",),
    ("budget", "init"),
    ("budget", "show"),
    ("audit", "show"),
    ("audit", "verify"),
]


def _help(*command: str) -> str:
    from typer.testing import CliRunner

    from medprivacy.cli import app

    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_flags_and_exit_codes_never_bool(command: tuple[str, ...]) -> None:
    text = _help(*command)
    assert "<bool>" not in text
    assert "Exit codes:" in text and "2  user error" in text


def test_help_lists_the_choices_of_fixed_set_options() -> None:
    dicom = _help("deid", "dicom")
    assert "--progress / --no-progress" in dicom
    assert "<none|ocr>" in dicom and "<vocabulary|scrubber>" in dicom
    assert "<tag|surrogate>" in _help("deid", "notes")
    assert "<add_remove|substitution>" in _help("attack")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_no_python_types(command: tuple[str, ...]) -> None:
    text = _help(*command)
    for python_type in ("<list[str]>", "<int range>", "<float range>", "list[", "range>"):
        assert python_type not in text, python_type


def test_help_lists_the_annex_e_options_and_names_columns() -> None:
    from medprivacy.deid.dicom.profile import OPTIONS

    dicom = " ".join(_help("deid", "dicom").split())
    assert "--option OPTION" in dicom and all(name in dicom for name in OPTIONS)
    attack = _help("attack")
    assert "--qi COLUMN" in attack and "--sensitive COLUMN" in attack


@pytest.mark.parametrize(
    "command", [("deid", "dicom"), ("deid", "tables"), ("deid", "notes"), ("attack",),
                ("stats",), ("synth",), ("keygen",)], ids=" ".join,
)  # fmt: skip
def test_every_command_that_writes_takes_out(command: tuple[str, ...]) -> None:
    assert "--out " in _help(*command)


def test_top_level_help_has_the_exit_code_table() -> None:
    text = _help()
    for line in ("0  done", "1  blocked", "2  user error", "3  nothing could be assessed"):
        assert line in text


# -- deid dicom: --out, the deprecated positional OUT, exit 1 on a failed input -----------------


def _dicom_inputs(src: Path, *, bad: bool, burned: bool) -> None:
    src.mkdir(parents=True)
    ds = dcmread(get_testdata_file("CT_small.dcm"))
    ds.save_as(src / "ct.dcm")
    if burned:  # quarantined by a rule: not a failure
        ds.SOPInstanceUID = ds.SOPInstanceUID + ".9"
        ds.BurnedInAnnotation = "YES"
        ds.save_as(src / "burned.dcm")
    if bad:
        (src / f"{CANARY}.txt").write_text("not DICOM")


@pytest.mark.slow
def test_deid_dicom_exits_1_when_an_input_failed_and_0_when_allowed(tmp_path: Path) -> None:
    _dicom_inputs(tmp_path / "in", bad=True, burned=True)
    failed = _run("deid", "dicom", "in", "--out", "out", "--no-progress", cwd=tmp_path)
    assert failed.returncode == 1, failed.stderr
    assert "quarantined 1, failed 1" in failed.stderr
    assert "1 input(s) failed: exit 1" in failed.stderr
    assert CANARY not in failed.stderr + failed.stdout
    assert (tmp_path / "out").is_dir()  # the good file is still released
    allowed = _run(
        "deid", "dicom", "in", "--out", "out2", "--no-progress", "--allow-failures", cwd=tmp_path
    )
    assert allowed.returncode == 0, allowed.stderr


@pytest.mark.slow
def test_deid_dicom_quarantine_by_rule_is_not_a_failure(tmp_path: Path) -> None:
    _dicom_inputs(tmp_path / "in", bad=False, burned=True)
    proc = _run("deid", "dicom", "in", "--out", "out", "--no-progress", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "quarantined 1, failed 0" in proc.stderr


@pytest.mark.slow
def test_deid_dicom_positional_out_is_a_deprecated_alias(tmp_path: Path) -> None:
    _dicom_inputs(tmp_path / "in", bad=False, burned=False)
    old = _run("deid", "dicom", "in", "out", "--no-progress", cwd=tmp_path)
    assert old.returncode == 0, old.stderr
    assert "deprecated; use --out" in old.stderr
    both = _run("deid", "dicom", "in", "a", "--out", "b", "--no-progress", cwd=tmp_path)
    assert both.returncode == 2 and both.stderr.count("\n") == 1, both.stderr
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    none = _run("deid", "dicom", "in", "--no-progress", cwd=tmp_path)
    assert none.returncode == 2 and "--out" in none.stderr


# -- attack: suites by name from any folder, default suite by release, exit 3 -------------------


def test_attack_suite_by_name_works_from_any_folder(tmp_path: Path) -> None:
    _table(tmp_path / "rel")
    proc = _run(
        "attack", "rel/release.csv", "--suite", "hipaa", "--qi", "age", "--qi", "sex",
        "--out", "res", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr  # 30 unique rows fail prosecutor risk
    assert "suite hipaa on release.csv: fail" in proc.stderr
    assert "attack: ran reid" in proc.stderr
    assert "not run: linkage_noisy: needs members" in proc.stderr


def test_attack_with_nothing_assessed_exits_3_and_says_why(tmp_path: Path) -> None:
    _table(tmp_path / "rel")
    proc = _run("attack", "rel/release.csv", "--out", "res", cwd=tmp_path)  # no --qi
    assert proc.returncode == 3, proc.stderr
    assert "suite hipaa for a record-level table" in proc.stderr  # the default, and why
    assert "not run: reid: needs quasi_identifiers" in proc.stderr
    assert "nothing was assessed" in proc.stderr


def test_unknown_suite_name_is_one_line_naming_the_packaged_ones(tmp_path: Path) -> None:
    _table(tmp_path / "rel")
    proc = _run("attack", "rel/release.csv", "--suite", "hipa", "--out", "res", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "hipa" in proc.stderr and "gdpr, hipaa" in proc.stderr
    assert not (tmp_path / "res").exists()


# -- budget init: δ = 0 explained -------------------------------------------------------------


def test_budget_init_without_delta_says_what_delta_zero_rules_out(tmp_path: Path) -> None:
    zero = _run("budget", "init", "d", "--epsilon", "1", "--ledger", "l.sqlite", cwd=tmp_path)
    assert zero.returncode == 0, zero.stderr
    note = [line for line in zero.stderr.splitlines() if line.startswith("note: δ = 0")]
    assert len(note) == 1 and "synthesis (aim, mst)" in note[0] and "for good" in note[0]
    given = _run(
        "budget", "init", "e", "--epsilon", "1", "--delta", "1e-6", "--ledger", "l.sqlite",
        cwd=tmp_path,
    )  # fmt: skip
    assert given.returncode == 0 and "δ = 0" not in given.stderr


# -- audit show --------------------------------------------------------------------------------


def _audit_run(run: Path) -> Path:
    log = AuditLog(run / "private" / "audit.sqlite", Key(KEY))
    log.append("run_started", pipeline="p", note=CANARY)
    log.append("step_started", step="imaging")
    log.append("step_finished", step="imaging", summary={"failed": 0, "first": CANARY})
    log.append("run_finished", files=2)
    return run / "private" / "audit.sqlite"


def test_audit_show_lists_sequence_time_event_step_without_details(tmp_path: Path) -> None:
    _audit_run(tmp_path / "run")
    proc = _run("audit", "show", "run", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split() for line in proc.stdout.splitlines()[1:]]
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("1", "run_started", "-"),
        ("2", "step_started", "imaging"),
        ("3", "step_finished", "imaging"),
        ("4", "run_finished", "-"),
    ]
    assert rows[0][1].endswith("+00:00")
    assert CANARY not in proc.stdout + proc.stderr
    assert "intact: 4 events" in proc.stderr


def test_audit_show_lists_nothing_from_a_tampered_log(tmp_path: Path) -> None:
    path = _audit_run(tmp_path / "run")
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET event = 'run_resumed' WHERE seq = 2")
    conn.commit()
    conn.close()
    proc = _run("audit", "show", "run", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == "", proc.stdout
    assert proc.stderr.startswith("error: ") and "event 2 was edited" in proc.stderr


def test_an_internal_error_written_to_be_printed_is_one_line_with_exit_70(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from medprivacy.cli import _internal_error
    from medprivacy.deid.table.partitioned import PartitionLost

    lost = PartitionLost("visits: partition 2: a worker died repeatedly while processing it")
    with pytest.raises(SystemExit) as info:
        _internal_error(lost, [])
    assert info.value.code == 70
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        "internal error: visits: partition 2: a worker died repeatedly while processing it; "
        "rerun with -v for the traceback"
    ]


def test_an_unexpected_error_prints_its_type_never_its_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from medprivacy.cli import _internal_error

    with pytest.raises(SystemExit) as info:
        _internal_error(ValueError("CANARY-MRN-778899"), [])
    assert info.value.code == 70
    err = capsys.readouterr().err
    assert "CANARY" not in err and "internal error (ValueError)" in err
