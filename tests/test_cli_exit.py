"""The program's way out: everything written and flushed, exit handlers run, the right status,
and no interpreter teardown; pydicom's unused optional imports skipped for header-only runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ENV = {**os.environ, "MEDPRIVACY_KEY": "test-key-0123456789abcdef"}


def _program(tmp_path: Path, body: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``medprivacy ARGS`` as the program (``main()`` without argv) after ``body``."""
    script = tmp_path / "prog.py"
    script.write_text(
        "import sys\nfrom medprivacy.cli import main\n"
        f"{body}\nsys.argv = ['medprivacy', *{list(args)!r}]\nmain()\n"
    )
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=ENV, timeout=120
    )


def test_program_exit_runs_exit_handlers_and_flushes_output(tmp_path: Path) -> None:
    marker = tmp_path / "handler-ran"
    body = (
        "import atexit\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write('ok'))\n"
        "sys.stdout.write('x' * 200000)  # buffered, not yet written when the command ends\n"
    )
    done = _program(tmp_path, body, "keygen", "--out", str(tmp_path / "k"))
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "ok"
    assert done.stdout.startswith("x" * 200000)
    assert (tmp_path / "k").stat().st_size > 0


@pytest.mark.parametrize(
    ("args", "status"),
    [((), 2), (("deid", "dicom", "no-such-folder", "--out", "o"), 2), (("--version",), 0)],
)
def test_program_exit_status_is_the_commands(
    tmp_path: Path, args: tuple[str, ...], status: int
) -> None:
    done = _program(tmp_path, "", *args)
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr


def test_program_exit_waits_for_a_live_thread(tmp_path: Path) -> None:
    """A command that left a thread working gets Python's full exit, which waits for it."""
    late = tmp_path / "late"
    body = (
        "import threading, time\n"
        f"work = lambda: (time.sleep(0.5), open({str(late)!r}, 'w').write('done'))\n"
        "threading.Thread(target=work).start()\n"
    )
    done = _program(tmp_path, body, "--version")
    assert done.returncode == 0, done.stderr
    assert late.read_text() == "done"


def test_main_with_argv_still_raises_system_exit(tmp_path: Path) -> None:
    """In-process callers (tests, notebooks) keep click's SystemExit; only the program leaves."""
    from medprivacy.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["deid", "dicom", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert stop.value.code == 2


def test_header_only_run_skips_gdcm_and_requests(tmp_path: Path) -> None:
    """``deid dicom`` without OCR reads and writes files as before with GDCM and requests
    marked absent (pydicom treats both as not installed)."""
    from medprivacy.testing.dicom_corpus import build_corpus

    src = tmp_path / "in"
    build_corpus(src, copies=1, templates=("CT_small.dcm", "test-SR.dcm"))
    probe = (
        "import atexit\n"
        f"atexit.register(lambda: open({str(tmp_path / 'mods')!r}, 'w').write("
        "' '.join(sorted(m for m in ('gdcm', 'pydicom', 'requests') if sys.modules.get(m)))))\n"
    )
    done = _program(tmp_path, probe, "deid", "dicom", str(src), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "mods").read_text() == "pydicom"
    assert len(list((tmp_path / "out").rglob("*.dcm"))) == 2


def test_scrubber_cleaner_run_keeps_requests_for_spacy() -> None:
    code = (
        "import sys\nfrom medprivacy.cli.deid import skip_unused_imports\n"
        "skip_unused_imports(spacy=True)\n"
        "print(sys.modules.get('requests', 'missing') is None, sys.modules.get('gdcm') is None)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert done.stdout.split() == ["False", "True"], done.stderr


def test_header_only_run_collects_garbage_again_after_its_imports(tmp_path: Path) -> None:
    """The collector is paused only while pydicom loads: the batch runs with it enabled and the
    start-up objects frozen (no input value is read before the freeze)."""
    from medprivacy.testing.dicom_corpus import build_corpus

    src = tmp_path / "in"
    build_corpus(src, copies=1, templates=("CT_small.dcm",))
    probe = (
        "import atexit, gc\n"
        f"atexit.register(lambda: open({str(tmp_path / 'gc')!r}, 'w').write("
        "f'{gc.isenabled()} {gc.get_freeze_count() > 10000}'))\n"
    )
    done = _program(tmp_path, probe, "deid", "dicom", str(src), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "gc").read_text() == "True True"


def test_skip_unused_imports_leaves_a_process_that_already_has_pydicom() -> None:
    import pydicom  # noqa: F401 - this test process has it

    from medprivacy.cli.deid import UNUSED_BY_HEADERS, skip_unused_imports

    before = {m: sys.modules.get(m, "missing") for m in UNUSED_BY_HEADERS}
    skip_unused_imports()
    assert {m: sys.modules.get(m, "missing") for m in UNUSED_BY_HEADERS} == before


def test_program_exit_survives_objects_with_a_strange_class(tmp_path: Path) -> None:
    """Lazy proxies (polars, pyarrow) can answer ``__class__`` with a non-class; the exit's walk
    for open files must not turn that into a traceback (it did: exit 1 after an exit 2)."""
    body = (
        "class Proxy:\n"
        "    __class__ = property(lambda self: 42)\n"
        "keep = [Proxy() for _ in range(3)]\n"
    )
    done = _program(tmp_path, body, "stats", str(tmp_path / "missing.yaml"))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.startswith("error:")


def _env_probe(tmp_path: Path, name: str) -> str:
    """A program prelude that writes ``os.environ.get(name)`` to ``tmp_path/env`` at exit."""
    return (
        "import atexit, os\n"
        f"atexit.register(lambda: open({str(tmp_path / 'env')!r}, 'w').write("
        f"repr(os.environ.get({name!r}))))\n"
    )


def test_header_only_run_starts_openblas_with_one_thread(tmp_path: Path) -> None:
    from medprivacy.testing.dicom_corpus import build_corpus

    src = tmp_path / "in"
    build_corpus(src, copies=1, templates=("CT_small.dcm",))
    probe = _env_probe(tmp_path, "OPENBLAS_NUM_THREADS")
    saved = {k: ENV.pop(k) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS") if k in ENV}
    try:
        done = _program(tmp_path, probe, "deid", "dicom", str(src), "--out", str(tmp_path / "o"))
    finally:
        ENV.update(saved)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "env").read_text() == "'1'"


def test_header_only_run_keeps_the_users_blas_threads(tmp_path: Path) -> None:
    from medprivacy.testing.dicom_corpus import build_corpus

    src = tmp_path / "in"
    build_corpus(src, copies=1, templates=("CT_small.dcm",))
    probe = "import os\nos.environ['OPENBLAS_NUM_THREADS'] = '3'\n" + _env_probe(
        tmp_path, "OPENBLAS_NUM_THREADS"
    )
    done = _program(tmp_path, probe, "deid", "dicom", str(src), "--out", str(tmp_path / "o"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "env").read_text() == "'3'"


def test_start_up_imports_its_modules_on_another_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The listed modules load on a thread of their own (the same stack depth however the
    program was started), before the ``with`` body; the collector is back on afterwards."""
    import gc

    from medprivacy.cli.deid import start_up

    (tmp_path / "mp_probe_mod.py").write_text(
        "import gc, threading\nTHREAD = threading.current_thread().name\nGC = gc.isenabled()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "mp_probe_mod", raising=False)
    with start_up("mp_probe_mod"):
        assert "mp_probe_mod" in sys.modules
        import mp_probe_mod
    assert mp_probe_mod.THREAD == "imports"
    assert mp_probe_mod.GC is False
    assert gc.isenabled()


def test_start_up_leaves_an_import_error_to_the_callers_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medprivacy.cli.deid import start_up

    (tmp_path / "mp_broken_mod.py").write_text("raise ImportError('broken on purpose')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "mp_broken_mod", raising=False)
    with pytest.raises(ImportError, match="broken on purpose"), start_up("mp_broken_mod"):
        import mp_broken_mod  # noqa: F401
    assert "mp_broken_mod" not in sys.modules


def test_header_only_run_keeps_the_users_omp_threads(tmp_path: Path) -> None:
    """OpenBLAS reads OMP_NUM_THREADS when OPENBLAS_NUM_THREADS is unset: a user's choice there
    stands too."""
    from medprivacy.testing.dicom_corpus import build_corpus

    src = tmp_path / "in"
    build_corpus(src, copies=1, templates=("CT_small.dcm",))
    probe = "import os\nos.environ['OMP_NUM_THREADS'] = '2'\n" + _env_probe(
        tmp_path, "OPENBLAS_NUM_THREADS"
    )
    saved = ENV.pop("OPENBLAS_NUM_THREADS", None)
    try:
        done = _program(tmp_path, probe, "deid", "dicom", str(src), "--out", str(tmp_path / "o"))
    finally:
        if saved is not None:
            ENV["OPENBLAS_NUM_THREADS"] = saved
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "env").read_text() == "None"
