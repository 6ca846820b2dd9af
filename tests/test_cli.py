"""The CLI: fast help, one-line user errors with exit code 2, and `run`/`keygen` end to end."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "medprivacy.cli"]


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"}
    full_env.update(env or {})
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=full_env, timeout=300)


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys, medprivacy.cli as c\n"
        "heavy = {'pydicom', 'pandas', 'polars', 'opendp', 'torch', 'sdv', 'presidio_analyzer'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert _run("--help").returncode == 0


def test_missing_key_is_one_line_and_exit_2(tmp_path: Path) -> None:
    proc = _run("deid", "dicom", str(tmp_path), str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith("error: no key")
    assert "Traceback" not in proc.stderr


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    spec = tmp_path / "p.yaml"
    spec.write_text("name: t\nsteps:\n  - step: deid_dicom\n    input: a\n    workers: -1\n")
    proc = _run("run", str(spec), env={"MEDPRIVACY_KEY": "k"})
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {spec}:5: steps.0.workers")
    assert "Traceback" not in proc.stderr


def test_keygen_then_run_writes_release(tmp_path: Path, small_corpus: tuple[Path, Path]) -> None:
    key_file = tmp_path / "k.key"
    assert _run("keygen", "--out", str(key_file)).returncode == 0
    assert key_file.read_text().strip() not in _run("keygen", "--out", str(key_file)).stderr
    spec = tmp_path / "p.yaml"
    spec.write_text(f"name: t\nsteps:\n  - step: deid_dicom\n    input: {small_corpus[0]}\n")
    proc = _run(
        "run",
        str(spec),
        "--out",
        str(tmp_path / "run"),
        "--key-file",
        str(key_file),
        "--no-progress",
    )
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "run" / "release" / "manifest.json").read_text())
    assert len(manifest["files"]) == 4  # 2 DICOM files, README.html, release.json
    assert "verdict: READY" in proc.stderr.splitlines()[-2]
    assert key_file.read_text().strip() not in proc.stderr + json.dumps(manifest)
    assert (
        _run("audit", "verify", str(tmp_path / "run"), "--key-file", str(key_file)).returncode == 0
    )


def test_synth_pays_then_refuses_when_the_budget_is_spent(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[1] / "src/medprivacy/sample_data/ehr/patients.csv"
    spec = tmp_path / "s.yaml"
    spec.write_text(
        f"input: {sample}\nmethod: mst\nepsilon: 1.0\ndataset: pts\ncolumns:\n"
        "  GENDER: {domain: [F, M]}\n  AGE: {type: numeric, bounds: [0, 110], bins: 11}\n"
    )
    ledger = str(tmp_path / "l.sqlite")
    key = {"MEDPRIVACY_KEY": "k"}  # the ledger is MAC'd with the pipeline key
    assert _run("budget", "init", "pts", "--epsilon", "1.5", "--delta", "1e-5",
                "--ledger", ledger, env=key).returncode == 0  # fmt: skip
    first = _run("synth", str(spec), "--out", str(tmp_path / "a"), "--ledger", ledger, env=key)
    assert first.returncode == 0, first.stderr
    privacy = json.loads((tmp_path / "a" / "release" / "privacy.json").read_text())
    assert privacy["ledger_entry"] == 2 and privacy["epsilon"] == 1.0
    rows = (tmp_path / "a" / "release" / "synthetic.csv").read_text().splitlines()
    assert rows[0] == "GENDER,AGE" and len(rows) > 100
    second = _run("synth", str(spec), "--out", str(tmp_path / "b"), "--ledger", ledger, env=key)
    assert second.returncode == 2 and "exhausted" in second.stderr
    assert not (tmp_path / "b").exists()


def test_attack_that_fails_its_threshold_exits_1(tmp_path: Path) -> None:
    (tmp_path / "rel").mkdir()
    table = tmp_path / "rel" / "release.csv"
    table.write_text("age,sex\n" + "".join(f"{20 + i},{'FM'[i % 2]}\n" for i in range(30)))
    suite = Path(__file__).resolve().parents[1] / "attacks" / "hipaa.yaml"
    out = str(tmp_path / "attacks")  # results stay outside the release folder
    proc = _run(
        "attack", str(table), "--suite", str(suite), "--qi", "age", "--qi", "sex", "--out", out
    )
    assert proc.returncode == 1, proc.stderr
    assert "suite hipaa on release.csv: fail" in proc.stderr
    assert (tmp_path / "attacks" / "attack_results.json").exists()


def test_output_under_a_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    proc = _run("keygen", "--out", str(blocker / "sub" / "key"))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr


def test_output_through_a_symlink_loop_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    spec = tmp_path / "p.yaml"
    spec.write_text("name: t\nsteps:\n  - step: deid_tables\n    spec: tables.yaml\n")
    key = {"MEDPRIVACY_KEY": "q7-Rz2!mK9vw_Lp4"}
    proc = _run("run", str(spec), "--out", str(tmp_path / "a"), env=key)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EFBIG])
def test_full_or_read_only_output_is_a_user_error(code: int) -> None:
    from medprivacy.cli import environment_error

    message = environment_error(OSError(code, os.strerror(code), "out/release/x.csv"))
    assert message is not None and message.startswith("out/release/x.csv: ")


def test_programming_errors_are_not_disguised_as_user_errors() -> None:
    from medprivacy.cli import environment_error

    assert environment_error(OSError(errno.EBADF, "bad fd")) is None


def test_pipeline_key_file_resolves_against_the_yaml(tmp_path: Path) -> None:
    spec_dir = tmp_path / "specs"
    spec_dir.mkdir()
    (spec_dir / "k.key").write_text("a-secret-key-of-32-characters-xx\n")
    (spec_dir / "k.key").chmod(0o600)
    (spec_dir / "p.yaml").write_text(
        "name: t\nkey_file: k.key\noutput: out\nsteps:\n  - {step: deid_dicom, input: in}\n"
    )
    (spec_dir / "in").mkdir()
    proc = subprocess.run(
        [*CLI, "run", str(spec_dir / "p.yaml"), "--no-progress"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        env={k: v for k, v in os.environ.items() if k != "MEDPRIVACY_KEY"},
    )
    assert "no key" not in proc.stderr and "key file not found" not in proc.stderr
    assert (spec_dir / "out" / "release").is_dir()  # output: resolves against the YAML too
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args", [(), ("--bogus",), ("deid",), ("deid", "dicom"), ("budget", "show", "--nope")]
)
def test_usage_errors_are_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    proc = _run(*args)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_version_prints_the_version_and_exits_0() -> None:
    from medprivacy import __version__

    proc = _run("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"medprivacy {__version__}"


@pytest.mark.slow
def test_run_exits_1_when_a_gate_blocks_and_says_why_last(tmp_path: Path) -> None:
    """A Safe Harbor table that fails the HIPAA suite (the demo's, by design): exit 1, the
    reasons, then the verdict line and the review path as the last two lines."""
    pipelines = Path(__file__).resolve().parents[1] / "pipelines"
    key_file = tmp_path / "k.key"
    assert _run("keygen", "--out", str(key_file)).returncode == 0
    spec = tmp_path / "p.yaml"
    spec.write_text(
        "name: gate\nsteps:\n"
        f"  - {{step: deid_tables, id: ehr, spec: {pipelines / 'tables/synthea-safe-harbor.yaml'},"
        " output: ehr}\n"
        "  - {step: attack, id: attack-ehr, suite: hipaa, table: ehr/patients.csv,"
        " quasi_identifiers: [BIRTHDATE, GENDER, RACE, ZIP3], output: attacks-ehr}\n"
    )
    proc = _run("run", str(spec), "--out", str(tmp_path / "run"), "--key-file", str(key_file))
    assert proc.returncode == 1, proc.stderr
    last = proc.stderr.strip().splitlines()
    assert last[-2].startswith("verdict: BLOCKED")
    assert last[-1] == f"review: {tmp_path / 'run' / 'private' / 'review.html'}"
    assert any(line.startswith("  blocked: attack-ehr: ") for line in last)
    assert "Traceback" not in proc.stderr


# -- internal errors: exit 70, the type only, the traceback with -v -----------------------------

SECRET = "987-65-4329 Canarius"


def _broken_keygen(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug inside a command: an exception whose text holds a value read from the input."""

    def boom(path: Path) -> Path:
        raise ValueError(f"cannot parse {SECRET}")

    monkeypatch.setattr("medprivacy.keys.write_key_file", boom)


def _main(*args: str) -> int:
    from medprivacy.cli import main

    with pytest.raises(SystemExit) as stop:
        main(list(args))
    return int(stop.value.code or 0)


def test_internal_error_exits_70_with_its_type_and_no_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _broken_keygen(monkeypatch)
    assert _main("keygen", "--out", str(tmp_path / "k")) == 70  # not 1, which says "blocked"
    out = capsys.readouterr()
    assert out.err == "internal error (ValueError); rerun with -v for the traceback\n"
    assert SECRET not in out.err + out.out and "Traceback" not in out.err


def test_internal_error_traceback_only_with_verbose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _broken_keygen(monkeypatch)
    assert _main("keygen", "--out", str(tmp_path / "k"), "-v") == 70
    err = capsys.readouterr().err
    assert "Traceback" in err and err.endswith("internal error (ValueError)\n")


def test_help_lists_exit_code_70_on_every_command() -> None:
    for args in ((), ("run",), ("attack",), ("budget", "show"), ("deid", "dicom")):
        assert "70 internal error" in _run(*args, "--help").stdout


@pytest.mark.parametrize("group", [(), ("budget",), ("audit",), ("deid",), ("-v",)])
def test_bare_group_says_missing_command_and_lists_its_commands(group: tuple[str, ...]) -> None:
    proc = _run(*group)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    line = proc.stderr.strip()
    assert line.startswith("error: missing command; choose one of: ") and len(line) < 200
    assert "Usage:" not in line and "Options:" not in line
    names = {"budget": "init, show", "audit": "verify, show", "deid": "dicom, tables, notes"}
    assert names.get(group[0] if group else "", "attack") in line
