"""`medprivacy deid dicom|tables|notes`: de-identification commands."""

from __future__ import annotations

import gc
import importlib
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from medprivacy.cli.common import (
    DONE,
    EXIT_BLOCKED,
    USER_ERROR,
    KeyFile,
    day_range,
    deid_app,
    env_key,
    err,
    exit_codes,
    state,
)
from medprivacy.deid.dicom.profile import OPTIONS  # names only: light, no pydicom
from medprivacy.errors import MedPrivacyError


@deid_app.command(
    "dicom",
    epilog=exit_codes(
        "0  every input released or quarantined by a rule (or --allow-failures)",
        "1  an input failed (unreadable, not DICOM, too large, malformed): see the lines above",
        USER_ERROR,
    ),
)
def deid_dicom(
    in_dir: Annotated[
        Path, typer.Argument(metavar="IN_DIR", help="Directory of DICOM files (read only).")
    ],
    old_out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(metavar="OUT_DIR", help="Deprecated: use --out.", show_default=False),
    ] = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", help="Where de-identified files are written."),
    ] = None,
    key_file: KeyFile = None,
    workers: Annotated[
        int, typer.Option("--workers", "-j", min=1, metavar="N", help="Processes.")
    ] = 1,
    option: Annotated[
        list[str] | None,
        typer.Option(
            "--option",
            metavar="OPTION",
            help="Annex E option (repeatable), one of: " + ", ".join(OPTIONS) + ".",
        ),
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    pixel_check: Annotated[
        Literal["none", "ocr"],
        typer.Option(help="ocr: OCR flagged images for burned-in PHI (a review aid)."),
    ] = "none",
    text_cleaner: Annotated[
        Literal["vocabulary", "scrubber"],
        typer.Option(
            help="clean_descriptors: vocabulary (blank unknown text) or scrubber (cut PHI out "
            "with the notes scrubber; needs the notes extra)."
        ),
    ] = "vocabulary",
    date_shift_days: Annotated[
        str,
        typer.Option(
            metavar="MIN:MAX",
            help="Per-patient shift range in days (retain_long_modified_dates).",
        ),
    ] = "-365:-1",
    max_file_mb: Annotated[
        int,
        typer.Option(
            min=1,
            metavar="MIB",
            help="Declared maximum input file size in MiB; larger files are reported and skipped.",
        ),
    ] = 2048,
    show_paths: Annotated[
        bool,
        typer.Option(help="Name problem inputs by path on stderr (paths can hold PHI)."),
    ] = False,
    allow_failures: Annotated[
        bool,
        typer.Option(help="Exit 0 even when inputs failed (they are still listed and skipped)."),
    ] = False,
    executor: Annotated[
        str,
        typer.Option(
            "--executor",
            metavar="local|dask|dask=tls://HOST:PORT",
            help="Where batches of files run: local processes (--workers), a Dask LocalCluster "
            "of --workers processes, or the Dask cluster at a scheduler address (scale extra).",
        ),
    ] = "local",
) -> None:
    """De-identify DICOM files with the PS3.15 Annex E Basic Profile (plus options).

    Resumes a killed run: rerun the same command. Bad files are reported by a keyed short id
    and skipped; their paths are in OUT.private/summary.json. Files a rule quarantines
    (burned-in annotation, a value that cannot be checked) are not failures.
    """
    if state["program"] and pixel_check != "ocr" and executor == "local":
        skip_unused_imports(spacy=text_cleaner == "scrubber")
        one_blas_thread()
    with start_up("pydicom", "medprivacy.deid.dicom.batch"):
        from medprivacy.deid.dicom.batch import default_state_dir, deidentify_dicom
        from medprivacy.executor import check_executor, parse_executor
        from medprivacy.keys import load_key

    engine = parse_executor(executor)
    out_dir = out_folder(out, old_out)
    key = load_key(key_file)
    check_executor(engine)
    summary = deidentify_dicom(
        in_dir,
        out_dir,
        key,
        option or [],
        workers=workers,
        progress=progress,
        date_shift_days=day_range(date_shift_days),
        pixel_check=pixel_check,
        text_cleaner=text_cleaner,
        max_file_bytes=max_file_mb << 20,
        move_stale=True,
        executor=engine,
    )
    for p in summary.problems:
        err(f"{p.status}: {p.path if show_paths else 'input ' + p.id}: {p.reason}")
    if summary.review:
        err(
            f"{len(summary.review)} released file(s) flagged for burned-in text review "
            "(US / secondary capture)"
        )
    for where, regions in summary.ocr.items():
        found = "OCR failed" if regions < 0 else f"{regions} PHI text region(s)"
        err(f"pixel check: {where}: {found}")
    if pixel_check == "ocr":
        err("pixel check: OCR is a review aid, not a guarantee: it can miss burned-in text")
    if summary.problems or summary.skipped_symlinks or summary.skipped_special or summary.stale:
        err(f"input paths: {default_state_dir(out_dir) / 'summary.json'}")
    err(f"DICOM: {summary.line()}")
    if old_out is not None:
        err("note: OUT_DIR as a second argument is deprecated; use --out OUT_DIR")
    if summary.failed and not allow_failures:
        err(f"DICOM: {summary.failed} input(s) failed: exit 1 (--allow-failures to accept)")
        raise typer.Exit(EXIT_BLOCKED)


# What ``import pydicom`` pulls in for a feature a header-only run never uses: the GDCM pixel
# decoder (26-35 ms of start-up) and requests, which pydicom imports to download its test files
# (30 ms) and treats as optional. requests only without the scrubber text cleaner: spaCy needs it.
UNUSED_BY_HEADERS = ("gdcm",)
UNUSED_WITHOUT_SPACY = ("requests",)


@contextmanager
def start_up(*modules: str) -> Iterator[None]:
    """Import a command's libraries (``modules`` first, in order, on a new thread; then the
    ``with`` body) with the cyclic garbage collector paused, then freeze what they built.

    The collector: pydicom's tag dictionaries are some 100,000 tuples; collected while they
    load, the import takes 0.25 s instead of 0.12 (measured), and every later full collection
    would walk them again. Objects made after this are collected as usual (workers fork after).

    The thread: CPython 3.11 and 3.12 keep Python frames in 16 KiB chunks and unmap a chunk as
    soon as its last frame returns (gh-142183; 3.13 keeps one spare). pydicom's import makes
    5,000 Python calls in one loop, and where chunk edges fall depends on how deep the caller
    is: under ``python -m medprivacy.cli``, three frames deeper than the ``medprivacy`` script,
    that loop sat on an edge and mapped and unmapped 16 KiB 10,000 times, 60-80 ms of a run
    (measured). A new thread starts at the same depth however the program was started, and
    the heaviest library goes first, from the shallowest stack. A module that fails here is
    left to the ``with`` body's own import, which raises as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if modules:
            loader = threading.Thread(target=_import_all, args=(modules,), name="imports")
            loader.start()
            loader.join()
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _import_all(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            return  # raised again, on the caller's thread, by the command's own import


def one_blas_thread() -> None:
    """Start numpy's OpenBLAS with one thread unless the user set a number (OPENBLAS_NUM_THREADS
    or OMP_NUM_THREADS): only in the ``medprivacy`` program, before numpy is first imported,
    for a header-only run, which makes no BLAS call. At import OpenBLAS starts a thread per
    core that spins in ``sched_yield``, and with it every ``munmap`` of the process becomes a
    cross-CPU TLB flush: system time of 960 files went from 0.40 s to 0.26 s without it
    (measured, 2 cores)."""
    chosen = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")  # OpenBLAS reads either
    if "numpy" not in sys.modules and not any(name in os.environ for name in chosen):
        os.environ["OPENBLAS_NUM_THREADS"] = "1"


def skip_unused_imports(spacy: bool = True) -> None:
    """Mark GDCM (and requests, unless ``spacy`` will run) absent in this process and the workers
    it forks, as when they are not installed; only in the ``medprivacy`` program itself (never
    in a caller's process), before pydicom is first imported, for a run that decodes no pixels
    (no OCR) and starts no Dask client."""
    if "pydicom" in sys.modules:
        return
    for name in UNUSED_BY_HEADERS + (() if spacy else UNUSED_WITHOUT_SPACY):
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def out_folder(out: Path | None, old_out: Path | None) -> Path:
    """``--out``, or the deprecated second argument; one of them, once."""
    if out is not None and old_out is not None and out != old_out:
        raise MedPrivacyError(f"two output folders ({old_out} and --out {out}): give only --out")
    chosen = out if out is not None else old_out
    if chosen is None:
        raise MedPrivacyError("name the output folder with --out")
    return chosen


@deid_app.command("tables", epilog=DONE)
def deid_tables(
    spec: Annotated[
        Path, typer.Argument(metavar="SPEC", help="Table spec YAML (see `medprivacy inspect`).")
    ],
    out: Annotated[Path, typer.Option("--out", help="Release directory (release/ + private/).")],
    key_file: KeyFile = None,
    executor: Annotated[
        str,
        typer.Option(
            "--executor",
            metavar="local|dask|dask=tls://HOST:PORT",
            help="Where partitioned tables run: this process, a Dask LocalCluster of --workers "
            "processes, or the Dask cluster at a scheduler address (scale extra).",
        ),
    ] = "local",
    workers: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--workers", "-j", min=1, metavar="N", help="Dask LocalCluster workers."),
    ] = None,
) -> None:
    """Release related EHR tables (CSV/Parquet, or folders of Parquet partitions) as Safe Harbor
    or pseudonymised, with checklist."""
    import json

    from medprivacy.deid.table.spec import load_release_spec
    from medprivacy.executor import check_executor, parse_executor
    from medprivacy.keys import Key, generate_key, load_key
    from medprivacy.pipeline import run_pipeline
    from medprivacy.spec import parse_pipeline

    engine = parse_executor(executor)
    engine.workers = workers
    release = load_release_spec(spec)  # validate before anything is created
    check_executor(engine)
    if release.release.random_codes and key_file is None and not env_key():
        key = Key(generate_key())  # Safe Harbor uses no keyed function; the audit needs one
    else:
        key = load_key(key_file)
    quoted = json.dumps(str(spec.resolve()))  # JSON strings are YAML strings
    pipeline = parse_pipeline(
        f"name: tables\nsteps:\n  - step: deid_tables\n    spec: {quoted}\n", "deid tables"
    )
    pipeline.executor = engine
    result = run_pipeline(pipeline, key, out_dir=out)
    for line in result.lines():
        err(line)
    err(f"release: {result.release_dir}")


@deid_app.command("notes", epilog=DONE)
def deid_notes(
    in_file: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--in", help="JSONL notes (default: stdin)."),
    ] = None,
    out_file: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", help="Scrubbed JSONL, written atomically (default: stdout)."),
    ] = None,
    key_file: KeyFile = None,
    replace: Annotated[
        Literal["tag", "surrogate"],
        typer.Option(help="tag ([NAME], [DATE], ...) or surrogate (needs a key)."),
    ] = "tag",
    batch_size: Annotated[
        int, typer.Option(min=1, metavar="N", help="Notes per spaCy batch.")
    ] = 32,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also tag every word and number no safe list explains: higher recall on "
            "notes written unlike any seen, lower precision.",
        ),
    ] = False,
) -> None:
    """Scrub PHI from clinical notes: JSONL in ({"id","text","context"}), JSONL out.

    stdout carries only the output lines; progress and errors go to stderr.
    """
    from medprivacy.deid.text.jsonl import scrub_lines
    from medprivacy.deid.text.scrubber import NotesScrubber
    from medprivacy.fileio import TMP_PREFIX
    from medprivacy.keys import load_key

    key = load_key(key_file) if replace == "surrogate" or key_file else None
    scrubber = NotesScrubber(key, replace=replace, strict=strict)
    if in_file is not None and in_file.is_dir():
        raise MedPrivacyError(f"--in {in_file}: is a directory; expected one JSONL file")
    if in_file is not None and not in_file.is_file():
        raise MedPrivacyError(f"--in {in_file}: input not found")
    source = open(in_file, encoding="utf-8") if in_file else sys.stdin  # noqa: SIM115
    try:
        if out_file is None:
            for line in scrub_lines(source, scrubber, batch_size):
                sys.stdout.write(line + "\n")
            return
        out_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = out_file.with_name(f"{TMP_PREFIX}{out_file.name}")
        count = 0
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                for line in scrub_lines(source, scrubber, batch_size):
                    fh.write(line + "\n")
                    count += 1
            os.replace(tmp, out_file)
        finally:
            tmp.unlink(missing_ok=True)
        err(f"notes: {count} scrubbed")
    except FileNotFoundError:
        raise MedPrivacyError(f"{in_file}: input not found") from None
    except UnicodeDecodeError:
        raise MedPrivacyError(f"{in_file or 'stdin'}: not valid UTF-8") from None
    finally:
        if in_file:
            source.close()
