"""Outside review (session 20): attacks on the ``deid dicom`` start-up changes (imports on a
thread, OpenBLAS with one thread, requests marked absent) and on the notes scrubber's strict
mode rules (house numbers, plates, dates, particles, cells, old ages, MRZ, Russian addresses,
honorifics, chat speakers, rural routes, initials).

A test marked ``xfail(strict=True, reason="BREAK: ...")`` demonstrates a promise that did not
hold; the others are promises that held under attack.
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

KEY = "test-key-0123456789abcdef"
ENV = {**os.environ, "MEDPRIVACY_KEY": KEY}
ENV.pop("OPENBLAS_NUM_THREADS", None)
OPTS = ["--option", "clean_descriptors", "--option", "retain_long_modified_dates"]
OPTS += ["--no-progress"]
SCRIPT = Path(sys.executable).with_name("medprivacy")

# A program wrapper: pydicom (and numpy) imported first, so the start-up skips are no-ops and
# the imports run on the main thread as before the change.
PLAIN = (
    "import sys\nimport numpy, pydicom\nfrom medprivacy.cli import main\n"
    "sys.argv = ['medprivacy', *sys.argv[1:]]\nmain()\n"
)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _run(cmd: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, capture_output=True, text=True, env=env or ENV, timeout=180, check=False
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from medprivacy.testing.dicom_corpus import build_corpus

    src = tmp_path_factory.mktemp("r20") / "in"
    build_corpus(src, copies=2)
    return src


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The outputs of a run with the optimisations off (pydicom pre-imported)."""
    where = tmp_path_factory.mktemp("r20ref")
    (where / "plain.py").write_text(PLAIN)
    out = where / "out"
    done = _run(
        [
            sys.executable,
            str(where / "plain.py"),
            "deid",
            "dicom",
            str(corpus),
            "--out",
            str(out),
            *OPTS,
        ]
    )
    assert done.returncode == 0, done.stderr
    tree = _tree(out)
    assert len(tree) == 22
    return tree


# -- 1. deid dicom start-up ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("how", "workers"),
    [("script", "1"), ("script", "4"), ("module", "1"), ("module", "2"), ("inproc", "2")],
)
def test_outputs_identical_however_the_program_starts(
    corpus: Path,
    reference: dict[str, bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    workers: str,
) -> None:
    out = tmp_path / "out"
    args = ["deid", "dicom", str(corpus), "--out", str(out), "-j", workers, *OPTS]
    if how == "inproc":
        from medprivacy.cli import main

        monkeypatch.setenv("MEDPRIVACY_KEY", KEY)
        try:
            main(args)  # returns on success, raises SystemExit otherwise
        except SystemExit as stop:
            assert stop.code in (0, None)
    else:
        first = [str(SCRIPT)] if how == "script" else [sys.executable, "-m", "medprivacy.cli"]
        done = _run(first + args)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    assert _tree(out) == reference


def test_scrubber_cleaner_outputs_identical_and_requests_kept(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("presidio_analyzer", reason="needs medprivacy[notes]")
    (tmp_path / "plain.py").write_text(PLAIN)
    probe = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(tmp_path / 'mods')!r}, 'w').write("
        "repr(sys.modules.get('requests', 'missing') is None)))\n"
        "from medprivacy.cli import main\nsys.argv = ['medprivacy', *sys.argv[1:]]\nmain()\n"
    )
    (tmp_path / "probe.py").write_text(probe)
    outs = []
    for name, prog in (("a", "probe.py"), ("b", "plain.py")):
        out = tmp_path / name
        args = ["deid", "dicom", str(corpus), "--out", str(out), *OPTS]
        done = _run([sys.executable, str(tmp_path / prog), *args, "--text-cleaner", "scrubber"])
        assert done.returncode == 0, done.stderr
        outs.append(_tree(out))
    assert outs[0] == outs[1]
    assert (tmp_path / "mods").read_text() == "False"  # requests not marked absent


def test_dask_executor_outputs_identical(
    corpus: Path, reference: dict[str, bytes], tmp_path: Path
) -> None:
    pytest.importorskip("distributed", reason="needs medprivacy[scale]")
    out = tmp_path / "out"
    args = ["deid", "dicom", str(corpus), "--out", str(out), "--executor", "dask", "-j", "2"]
    done = _run([str(SCRIPT), *args, *OPTS])
    assert done.returncode == 0, done.stderr
    assert _tree(out) == reference


def test_users_exported_blas_threads_kept_and_outputs_identical(
    corpus: Path, reference: dict[str, bytes], tmp_path: Path
) -> None:
    probe = (
        "import atexit, os, sys\n"
        f"atexit.register(lambda: open({str(tmp_path / 'env')!r}, 'w').write("
        "repr(os.environ.get('OPENBLAS_NUM_THREADS'))))\n"
        "from medprivacy.cli import main\nsys.argv = ['medprivacy', *sys.argv[1:]]\nmain()\n"
    )
    (tmp_path / "probe.py").write_text(probe)
    out = tmp_path / "out"
    env = {**ENV, "OPENBLAS_NUM_THREADS": "3"}
    done = _run(
        [
            sys.executable,
            str(tmp_path / "probe.py"),
            "deid",
            "dicom",
            str(corpus),
            "--out",
            str(out),
            *OPTS,
        ],
        env,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "env").read_text() == "'3'"
    assert _tree(out) == reference


def test_broken_pydicom_is_one_line_and_no_output(corpus: Path, tmp_path: Path) -> None:
    fake = tmp_path / "fake" / "pydicom"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('broken on purpose')\n")
    env = {**ENV, "PYTHONPATH": str(tmp_path / "fake")}
    done = _run([str(SCRIPT), "deid", "dicom", str(corpus), "--out", str(tmp_path / "o")], env)
    assert done.returncode == 70
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


HOOK = """
import os, signal, sys, threading, time
from medprivacy.cli import main
class Hook:
    fired = False
    def find_spec(self, name, path=None, target=None):
        if not Hook.fired and name == {at!r} and threading.current_thread().name == "imports":
            Hook.fired = True
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
        return None
sys.meta_path.insert(0, Hook())
sys.argv = ["medprivacy", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("at", ["pydicom.uid", "medprivacy.deid.dicom.batch"])
def test_ctrl_c_while_the_import_thread_runs_then_resume(
    corpus: Path, reference: dict[str, bytes], tmp_path: Path, at: str
) -> None:
    """SIGINT arrives while the main thread waits on the loader thread: exit 130, no
    traceback, nothing half-written; the rerun completes to the uninterrupted outputs."""
    (tmp_path / "hook.py").write_text(HOOK.format(at=at))
    out = tmp_path / "out"
    args = ["deid", "dicom", str(corpus), "--out", str(out), *OPTS]
    done = _run([sys.executable, str(tmp_path / "hook.py"), *args])
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr
    again = _run([str(SCRIPT), *args])
    assert again.returncode == 0, again.stderr
    assert _tree(out) == reference


def test_ctrl_c_mid_run_with_workers_then_resume(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) once outputs are being
    written: exit 130, no traceback; the rerun's outputs equal an uninterrupted run's."""
    from medprivacy.testing.dicom_corpus import build_corpus

    src = tmp_path / "in"
    build_corpus(src, copies=15)
    ref, out = tmp_path / "ref", tmp_path / "out"
    args = ["deid", "dicom", str(src), "-j", "2", *OPTS]
    assert _run([str(SCRIPT), *args, "--out", str(ref)]).returncode == 0
    proc = subprocess.Popen(
        [str(SCRIPT), *args, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and next(out.rglob("*.dcm"), None) is not None:
            os.killpg(proc.pid, signal.SIGINT)
            break
        time.sleep(0.005)
    _, stderr = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the run finished before the signal")
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert len(_tree(out)) < len(_tree(ref))
    again = _run([str(SCRIPT), *args, "--out", str(out)])
    assert again.returncode == 0, again.stderr
    assert _tree(out) == _tree(ref)


def test_ctrl_c_prints_the_resume_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import medprivacy.deid.dicom.batch as batch
    from medprivacy.cli import main

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "deidentify_dicom", interrupted)
    monkeypatch.setenv("MEDPRIVACY_KEY", KEY)
    (tmp_path / "in").mkdir()
    with pytest.raises(SystemExit) as stop:
        main(["deid", "dicom", str(tmp_path / "in"), "--out", str(tmp_path / "o")])
    assert stop.value.code == 130
    assert "interrupted" in capsys.readouterr().err


@pytest.mark.xfail(
    strict=True,
    reason="BREAK (low severity): a header-only run marks requests absent for the whole "
    "process, so an exit handler of the same program (a wrapper calling main(), a "
    "sitecustomize hook) that needs requests gets ImportError",
)
def test_requests_still_importable_after_a_header_only_run(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("requests")
    prog = (
        "import atexit, sys\n"
        "def late():\n"
        "    try:\n"
        "        import requests  # noqa: F401\n"
        "        ok = 'ok'\n"
        "    except ImportError as exc:\n"
        "        ok = type(exc).__name__\n"
        f"    open({str(tmp_path / 'late')!r}, 'w').write(ok)\n"
        "atexit.register(late)\n"
        "from medprivacy.cli import main\nsys.argv = ['medprivacy', *sys.argv[1:]]\nmain()\n"
    )
    (tmp_path / "prog.py").write_text(prog)
    args = ["deid", "dicom", str(corpus), "--out", str(tmp_path / "o"), *OPTS]
    done = _run([sys.executable, str(tmp_path / "prog.py"), *args])
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "late").read_text() == "ok"


# -- 2. notes strict mode: regex cost --------------------------------------------------------------
def _timed(call, *args: object) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    call(*args)
    return time.perf_counter() - start


LINEAR = [
    ("_DE_DATE", "1 de "),
    ("_DE_DATE", "12 "),
    ("_DAY_WORDS_YEAR", "1 ab "),
    ("_DAY_WORDS_YEAR", "12 abcdefghijkl "),
    ("_FOREIGN_OLD_AGE", "a"),
    ("_FOREIGN_OLD_AGE", "cento "),
    ("_FOREIGN_OLD_AGE", "quatre-vingt-dix "),
    ("_RURAL", "RR 1, Site 2"),
    ("_HONORIFIC", "高"),
    ("_CHAT_SPEAKER", "[abcdefg] "),
    ("_FLOOR_DOOR", "1."),
    ("_FLOOR_DOOR", "st. "),
    ("_VEHICLE_PLATE", "vehicle AB "),
    ("_VEHICLE_PLATE", "car A-"),
    ("_RU_STREET", "ул. Ааа ббб ввв "),
    ("_RU_STREET", "Бб "),
    ("_MRZ", "P<"),
    ("_MRZ", "PAAAAA"),
    ("_CELL", "| "),
    ("_CELL", "|a"),
]


@pytest.mark.parametrize(("name", "fragment"), LINEAR)
def test_new_regexes_fast_on_200kb_lines(name: str, fragment: str) -> None:
    from medprivacy.deid.text import safelist

    text = (fragment * (200_000 // len(fragment) + 1))[:200_000]
    pattern = getattr(safelist, name)
    assert _timed(lambda: list(pattern.finditer(text))) < 1.0


# 16 KB is enough to show the growth: each is quadratic (4x the text, 16x the time; 200 KB of
# "CAR " takes 135 s in _VEHICLE_PLATE alone, of "Б" 180 s in _RU_STREET, and a note is read in
# windows of 100 KB); a linear scan of 16 KB takes about a millisecond.
QUADRATIC = [
    ("_VEHICLE_PLATE", "CAR "),  # the lookahead [A-Z0-9 -]*\d rescans the rest per vehicle word
    ("_RU_STREET", "Б"),  # [А-ЯЁ][\w-]+[ \t]+: a long capitalised word, rescanned per letter
    ("_CELL", "\t"),  # (?<=[|\t])[ \t]*...: a run of tabs, rescanned per tab
    ("_MRZ", "PXXXXA<"),  # ([A-Z]+(?:<{1,2}[A-Z]+)*)<{2,}: every P restarts the name run
]


@pytest.mark.parametrize(("name", "fragment"), QUADRATIC)
def test_strict_regex_is_linear(name: str, fragment: str) -> None:
    from medprivacy.deid.text import safelist

    text = (fragment * (16_000 // len(fragment) + 1))[:16_000]
    pattern = getattr(safelist, name)
    assert _timed(lambda: list(pattern.finditer(text))) < 0.25


def test_strict_find_linear_on_a_run_of_initials() -> None:
    from medprivacy.deid.text import safelist

    safelist.find("warm up Ann Lee", [])
    assert _timed(safelist.find, "J. " * 1_500, []) < 0.4


def test_strict_find_fast_on_other_hostile_lines() -> None:
    from medprivacy.deid.text import safelist

    safelist.find("warm up Ann Lee", [])
    for fragment in ("Ann A. ", "A. B. Smith ", "Maria van ", "| Ann Lee ", "12 a b 2020 "):
        text = (fragment * (12_000 // len(fragment) + 1))[:12_000]
        assert _timed(safelist.find, text, []) < 2.0, fragment


# -- 2. notes strict mode: spans -------------------------------------------------------------------
FRAGMENTS = [
    "n.º 22", "6.º Dto.", "st. tv.", "1. th.", "Unit 6/180", "bus 11", "travessa", "chaussée",
    "vehicle ", "CA 342 949", "car AB-12", "9 de novembro de 2023", "3 ta' Diċembru 2010",
    "van der", "Ann", "de la", "Ng", "|", "\t", ',"', "ninety-two y.o.", "cent deux ans",
    "noventa y uno años", "[10.4.7.1]", "<10.0.0.1>", "P<GBRSMITH<<ANN<<<<",
    "ул. Ленина, д. 5, кв. 3", "Невский пр-т, д. 88", "高橋 様", "佐藤さん",
    "[11.01.23, 08:37:19] ann lee:", "RR 4, Site 8, Comp 60", "И. В. Морозов", "Orlov D. Yu.",
    "(+34) 928 715 718", "ca. 03.04.", "－", " ", " ", "\n", ". ", "Maria Lopez", "Oak St", "12",
    "MRN 1234567", "(", ")", "[", "]", "<", ">", '"', "1.", "º", "Dr.", "J.", "d.", "д.",
    "\u200b", "\u0301", "\u3000", "(+", "\r\n",
]  # fmt: skip


@pytest.fixture(scope="module")
def scrubbers():  # type: ignore[no-untyped-def]
    pytest.importorskip("presidio_analyzer", reason="needs medprivacy[notes]")
    from medprivacy.deid.text.scrubber import NotesScrubber

    return NotesScrubber(strict=True), NotesScrubber()


def test_strict_spans_inside_text_disjoint_and_a_superset(scrubbers) -> None:  # type: ignore[no-untyped-def]
    strict, default = scrubbers
    rng = random.Random(2020)
    for _ in range(250):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 14)))
        spans = sorted(strict.find(text), key=lambda s: (s.start, s.end))
        assert all(0 <= s.start < s.end <= len(text) for s in spans), text
        assert all(b.start >= a.end for a, b in itertools.pairwise(spans)), text
        covered = {i for s in spans for i in range(s.start, s.end)}
        for s in default.find(text):
            left = [i for i in range(s.start, s.end) if i not in covered and not text[i].isspace()]
            assert not left, (text, s)


def _left(scrubber, text: str, value: str) -> str:  # type: ignore[no-untyped-def]
    start = text.index(value)
    spans = scrubber.find(text)
    return "".join(
        ch
        for i, ch in enumerate(value, start)
        if not ch.isspace() and not any(s.start <= i < s.end for s in spans)
    )


HELD = [
    ("Morada: Avenida da Liberdade nº 210 - 4º Dto", "210"),
    ("Bor på Vesterbrogade 3, 4.th., 1620 København V", "3"),
    ("Moved to Flat 3/41 Jacaranda Avenue last month", "3/41"),
    ("Avenue Louise 54 bte 3, Bruxelles", "54"),
    ("Fahrzeug: B-MW 1234 abgeschleppt", "B-MW 1234"),
    ("coche matrícula 1234 BCD", "1234 BCD"),
    ("Nascido a 3 de Março de 1950 em Braga", "3 de Março de 1950"),
    ("Ημερομηνία: 7 Μαρτίου 2020", "7 Μαρτίου 2020"),
    ("Referred by Dr. Luis de los Santos Ortega.", "de los Santos"),
    ("| Faith Okonkwo | 44 | F |", "Faith Okonkwo"),
    ("Pt is ninety six yo male", "ninety six"),
    ("Frau, einundneunzig Jahre alt", "einundneunzig"),
    ("Vrouw van vierennegentig jaar", "vierennegentig"),
    ("login from {192.168.14.22} failed", "192.168.14.22"),
    ("MRZ: P<USAJOHNSON<<MARY<ELLEN<<<<<<<<<<<<<<<<", "JOHNSON<<MARY<ELLEN"),
    ("г. Москва, Тверская ул., д. 7, кв. 12", "Тверская"),
    ("長谷川健一郎様より電話", "長谷川健一郎"),
    ("12/01/2023, 09:14 - Ama Owusu: pain is worse", "Ama Owusu"),
    ("RR2 Box 114, Cody", "RR2 Box 114"),
    ("Name\tWard\nKofi Boateng Mensah\tB4", "Kofi Boateng Mensah"),
    ("Co-signed Morozov I.V.", "I.V."),
]


@pytest.mark.parametrize(("text", "value"), HELD)
def test_strict_covers_my_phrasings(scrubbers, text: str, value: str) -> None:  # type: ignore[no-untyped-def]
    assert _left(scrubbers[0], text, value) == ""


# Breaks fixed after the review (each failed before the fix): now specifications.
FIXED = [
    pytest.param("visto el día 22 de dic. de 2019", "22 de dic.", id="de-date-abbreviated-month"),
    pytest.param("[08:37] Ama: ok, on my way", "Ama", id="chat-speaker-short-bracket"),
    pytest.param("Address: rr 4 site 8, Lakeside", "rr 4 site 8", id="lowercase-rural-route"),
    pytest.param("R. R. 3, Site 7", "R. R. 3", id="spaced-rural-route"),
]


@pytest.mark.parametrize(("text", "value"), FIXED)
def test_strict_covers_the_fixed_phrasings(scrubbers, text: str, value: str) -> None:  # type: ignore[no-untyped-def]
    assert _left(scrubbers[0], text, value) == ""


MISSED = [
    pytest.param('"Rose","Whitfield","1942"', "Rose", id="given-name-own-csv-cell"),
    pytest.param("Arrived by car: ab12 cde, parked outside", "ab12 cde", id="lowercase-plate"),
]


@pytest.mark.parametrize(("text", "value"), MISSED)
@pytest.mark.xfail(strict=True, reason="BREAK: PHI of a strict-mode class left in the text")
def test_strict_misses_these_phrasings(scrubbers, text: str, value: str) -> None:  # type: ignore[no-untyped-def]
    assert _left(scrubbers[0], text, value) == ""
