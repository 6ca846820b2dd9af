"""The ``medprivacy`` command: a thin layer over the public API.

Heavy libraries are imported inside commands so ``medprivacy --help`` stays fast. User errors
(:class:`MedPrivacyError`) print one line on stderr and exit with code 2, without a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from medprivacy.errors import MedPrivacyError

app = typer.Typer(
    help="Publish health data without publishing patients.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
deid_app = typer.Typer(
    help="De-identify DICOM files, EHR tables or clinical text.", no_args_is_help=True
)
audit_app = typer.Typer(help="Inspect a run's hash-chained audit log.", no_args_is_help=True)
app.add_typer(deid_app, name="deid")
budget_app = typer.Typer(
    help="Privacy budgets: what each dataset may spend and what it spent.", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")
app.add_typer(budget_app, name="budget")

LedgerOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--ledger", help="Budget ledger (default .medprivacy/ledger.sqlite)."),
]
KeyFile = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional here
    typer.Option("--key-file", help="File holding the secret key (else env MEDPRIVACY_KEY)."),
]
state = {"verbose": False}


@app.callback()
def _main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log progress on stderr.")
    ] = False,
) -> None:
    from medprivacy import logs

    state["verbose"] = verbose
    logs.configure(verbose)


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _day_range(text: str) -> tuple[int, int]:
    """Parse MIN:MAX (whole days) for --date-shift-days."""
    try:
        low, high = (int(x) for x in text.split(":"))
    except ValueError:
        raise MedPrivacyError(f"--date-shift-days {text!r}: expected MIN:MAX in days") from None
    if low > high:
        raise MedPrivacyError(f"--date-shift-days {text!r}: minimum above maximum")
    return low, high


@app.command()
def keygen(
    out: Annotated[Path, typer.Option("--out", help="Where to write the new key (mode 600).")],
) -> None:
    """Write a new random secret key to a file (never printed)."""
    from medprivacy.keys import write_key_file

    path = write_key_file(out)
    _err(f"wrote a new key to {path}; keep it secret and back it up")


@deid_app.command("dicom")
def deid_dicom(
    in_dir: Annotated[Path, typer.Argument(help="Directory of DICOM files (read only).")],
    out_dir: Annotated[Path, typer.Argument(help="Where de-identified files are written.")],
    key_file: KeyFile = None,
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Processes.")] = 1,
    option: Annotated[
        list[str] | None,
        typer.Option("--option", help="Annex E option key (repeatable), e.g. retain_uids."),
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    pixel_check: Annotated[
        str,
        typer.Option(help="none, or ocr: OCR flagged images for burned-in PHI (a review aid)."),
    ] = "none",
    text_cleaner: Annotated[
        str,
        typer.Option(
            help="clean_descriptors: vocabulary (blank unknown text) or scrubber (cut PHI out "
            "with the notes scrubber; needs the notes extra)."
        ),
    ] = "vocabulary",
    date_shift_days: Annotated[
        str,
        typer.Option(help="Per-patient shift range in days, MIN:MAX (retain_long_modified_dates)."),
    ] = "-365:-1",
) -> None:
    """De-identify DICOM files with the PS3.15 Annex E Basic Profile (plus options).

    Resumes a killed run: rerun the same command. Bad files are reported and skipped.
    """
    from medprivacy.deid.dicom.batch import deidentify_dicom
    from medprivacy.keys import load_key

    key = load_key(key_file)
    summary = deidentify_dicom(
        in_dir,
        out_dir,
        key,
        option or [],
        workers=workers,
        progress=progress,
        date_shift_days=_day_range(date_shift_days),
        pixel_check=pixel_check,
        text_cleaner=text_cleaner,
    )
    for p in summary.problems:
        _err(f"{p.status}: {p.path}: {p.reason}")
    if summary.review:
        _err(
            f"{len(summary.review)} released file(s) flagged for burned-in text review "
            "(US / secondary capture)"
        )
    for where, regions in summary.ocr.items():
        found = "OCR failed" if regions < 0 else f"{regions} PHI text region(s)"
        _err(f"pixel check: {where}: {found}")
    if pixel_check == "ocr":
        _err("pixel check: OCR is a review aid, not a guarantee: it can miss burned-in text")
    _err(f"DICOM: {summary.line()}")


@deid_app.command("tables")
def deid_tables(
    spec: Annotated[Path, typer.Argument(help="Table spec YAML (see `medprivacy inspect`).")],
    out: Annotated[Path, typer.Option("--out", help="Release directory (release/ + private/).")],
    key_file: KeyFile = None,
) -> None:
    """Release related EHR tables (CSV/Parquet) as Safe Harbor or pseudonymised, with checklist."""
    import json

    from medprivacy.deid.table.spec import ReleaseKind, load_release_spec
    from medprivacy.keys import Key, generate_key, load_key
    from medprivacy.pipeline import run_pipeline
    from medprivacy.spec import parse_pipeline

    release = load_release_spec(spec)  # validate before anything is created
    if release.release is ReleaseKind.SAFE_HARBOR and key_file is None and not _env_key():
        key = Key(generate_key())  # Safe Harbor uses no keyed function; the audit needs one
    else:
        key = load_key(key_file)
    quoted = json.dumps(str(spec.resolve()))  # JSON strings are YAML strings
    pipeline = parse_pipeline(
        f"name: tables\nsteps:\n  - step: deid_tables\n    spec: {quoted}\n", "deid tables"
    )
    result = run_pipeline(pipeline, key, out_dir=out)
    for line in result.lines():
        _err(line)
    _err(f"release: {result.release_dir}")


@deid_app.command("notes")
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
        str, typer.Option(help="tag ([NAME], [DATE], ...) or surrogate (needs a key).")
    ] = "tag",
    batch_size: Annotated[int, typer.Option(min=1, help="Notes per spaCy batch.")] = 32,
) -> None:
    """Scrub PHI from clinical notes: JSONL in ({"id","text","context"}), JSONL out.

    stdout carries only the output lines; progress and errors go to stderr.
    """
    from medprivacy.deid.text.jsonl import scrub_lines
    from medprivacy.deid.text.scrubber import NotesScrubber
    from medprivacy.fileio import TMP_PREFIX
    from medprivacy.keys import load_key

    if replace not in ("tag", "surrogate"):
        raise MedPrivacyError(f"--replace {replace!r}: expected tag or surrogate")
    key = load_key(key_file) if replace == "surrogate" or key_file else None
    scrubber = NotesScrubber(key, replace="surrogate" if replace == "surrogate" else "tag")
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
        _err(f"notes: {count} scrubbed")
    except FileNotFoundError:
        raise MedPrivacyError(f"{in_file}: input not found") from None
    except UnicodeDecodeError:
        raise MedPrivacyError(f"{in_file or 'stdin'}: not valid UTF-8") from None
    finally:
        if in_file:
            source.close()


def _env_key() -> bool:
    from medprivacy.keys import ENV_VAR

    return bool(os.environ.get(ENV_VAR, "").strip())


@app.command()
def inspect(
    tables: Annotated[list[Path], typer.Argument(help="CSV or Parquet files of one release.")],
    release: Annotated[str, typer.Option(help="safe_harbor or pseudonymised.")] = "safe_harbor",
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", help="Write the proposed spec here (default: stdout)."),
    ] = None,
) -> None:
    """Propose a table spec from column names, types and formats, for a steward to review."""
    from medprivacy.deid.table.inspect import propose_spec
    from medprivacy.fileio import atomic_write_text

    if release not in ("safe_harbor", "pseudonymised"):
        raise MedPrivacyError(f"--release {release!r}: expected safe_harbor or pseudonymised")
    text = propose_spec(tables, release=release)
    if out is None:
        typer.echo(text, nl=False)
    else:
        atomic_write_text(out, text)
    _err("proposed spec: review every column, then set `reviewed: true` before releasing")


@app.command()
def run(
    pipeline: Annotated[Path, typer.Argument(help="Pipeline YAML file.")],
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", help="Release directory (default: the spec's `output`)."),
    ] = None,
    key_file: KeyFile = None,
    progress: Annotated[bool, typer.Option(help="Show progress bars.")] = True,
) -> None:
    """Run a release pipeline: writes release/ (to publish) and private/ (to keep)."""
    from medprivacy.keys import load_key
    from medprivacy.pipeline import run_pipeline
    from medprivacy.spec import load_pipeline

    spec = load_pipeline(pipeline)
    key = load_key(key_file or spec.key_file)
    result = run_pipeline(spec, key, out_dir=out, progress=progress)
    for line in result.lines():
        _err(line)
    _err(f"release: {result.release_dir}")


@audit_app.command("verify")
def audit_verify(
    run_dir: Annotated[Path, typer.Argument(help="A run directory (holding private/).")],
) -> None:
    """Check that the audit log's hash chain is intact."""
    from medprivacy.audit import AuditLog

    log_path = run_dir / "private" / "audit.sqlite"
    if not log_path.is_file():
        raise MedPrivacyError(f"{log_path}: no audit log")
    n = AuditLog(log_path).verify()
    _err(f"audit log intact: {n} events")


@budget_app.command("init")
def budget_init(
    dataset: Annotated[str, typer.Argument(help="Dataset name (letters, digits, _ . -).")],
    epsilon: Annotated[float, typer.Option("--epsilon", help="Total ε for all its releases.")],
    delta: Annotated[float, typer.Option("--delta", help="Total δ.")] = 0.0,
    ledger: LedgerOpt = None,
) -> None:
    """Give a dataset its total privacy budget (once; it is never raised)."""
    from medprivacy.budget import Ledger

    book = Ledger(ledger)
    book.init_dataset(dataset, epsilon, delta)
    _err(f"dataset {dataset}: budget ε={epsilon:g}, δ={delta:g} in {book.path}")


@budget_app.command("show")
def budget_show(
    dataset: Annotated[Optional[str], typer.Argument(help="One dataset (default: all).")] = None,  # noqa: UP045
    ledger: LedgerOpt = None,
) -> None:
    """Budgets, spent and left, per dataset (on stdout)."""
    from medprivacy.budget import Ledger

    book = Ledger(ledger)
    balances = [book.balance(dataset)] if dataset else book.datasets()
    typer.echo(f"{'dataset':24} {'ε total':>9} {'ε spent':>9} {'ε left':>9} {'δ left':>9} releases")
    for b in balances:
        typer.echo(
            f"{b.dataset:24} {b.epsilon:9.4g} {b.spent_epsilon:9.4g} {b.remaining_epsilon:9.4g} "
            f"{b.remaining_delta:9.3g} {b.releases:8d}"
        )


@budget_app.command("history")
def budget_history(
    dataset: Annotated[str, typer.Argument(help="Dataset name.")],
    ledger: LedgerOpt = None,
) -> None:
    """Every ledger entry of a dataset, oldest first (on stdout)."""
    from medprivacy.budget import Ledger

    book = Ledger(ledger)
    book.balance(dataset)  # one-line error for an unknown dataset
    for e in book.history(dataset):
        typer.echo(
            f"{e.seq:5d} {e.ts} {e.kind:6} ε={e.epsilon:<8.4g} δ={e.delta:<8.3g} {e.label} "
            f"[{e.mechanism}]"
        )


@budget_app.command("verify")
def budget_verify(ledger: LedgerOpt = None) -> None:
    """Check the ledger's hash chain (an edited or removed entry breaks it)."""
    from medprivacy.budget import Ledger

    n = Ledger(ledger).verify()
    _err(f"budget ledger intact: {n} entries")


@app.command()
def stats(
    spec_file: Annotated[Path, typer.Argument(help="Stats spec YAML (input, budget, queries).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for stats.json, CSVs, page, plot.")],
    ledger: LedgerOpt = None,
    dataset: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--dataset", help="Ledger dataset (default: the spec's `dataset`)."),
    ] = None,
) -> None:
    """Release DP statistics of a table; the ledger is charged before any noise is drawn."""
    from medprivacy.budget import Ledger
    from medprivacy.dp.release import read_table, release_stats
    from medprivacy.dp.report import write_release
    from medprivacy.dp.spec import load_stats_spec
    from medprivacy.errors import ConfigError
    from medprivacy.spec import resolve_path

    spec = load_stats_spec(spec_file)
    if spec.input is None:
        raise ConfigError(f"{spec_file}: the stats spec needs `input` (a CSV or Parquet table)")
    name = dataset or spec.dataset
    if not name:
        raise ConfigError(f"{spec_file}: name the ledger dataset (`dataset:` or --dataset)")
    book = Ledger(ledger)
    table = read_table(resolve_path(spec.input, spec_file))
    release = release_stats(table, spec, spec.budget, ledger=book, dataset=name)
    write_release(release, out)
    left = book.balance(name)
    _err(
        f"{len(release.statistics)} statistics released to {out} at ε={release.loss['epsilon']:g} "
        f"(ledger entry {release.ledger_entry}); dataset {name}: ε={left.remaining_epsilon:g} left"
    )


OptPath = Optional[Path]  # noqa: UP045 - typer needs Optional


@app.command()
def synth(
    spec_file: Annotated[Path, typer.Argument(help="Synth spec YAML (input, method, columns).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for synthetic.csv and reports.")],
    ledger: LedgerOpt = None,
    test: Annotated[
        OptPath, typer.Option(help="Held-out real rows for the utility check (TSTR).")
    ] = None,
) -> None:
    """Synthesize a table: DP methods (aim, mst, independent) pay from the ledger first.

    The spec holds the run keys (input, method, epsilon, delta, dataset, n_rows) next to the
    columns' declared domains. SDV methods (gaussian_copula, ctgan) carry no formal guarantee.
    """
    from medprivacy.budget import DEFAULT_LEDGER, check_loss
    from medprivacy.errors import ConfigError
    from medprivacy.fileio import read_table
    from medprivacy.spec import resolve_path
    from medprivacy.synth.base import get_synthesizer
    from medprivacy.synth.step import load_synth_spec, release_synthetic

    data = load_synth_spec(spec_file)
    run_keys = ("input", "method", "epsilon", "delta", "dataset", "n_rows")
    run = {k: data.pop(k) for k in run_keys if k in data}
    if "input" not in run:
        raise ConfigError(f"{spec_file}: the synth spec needs `input` (a CSV or Parquet table)")
    method = str(run.get("method", "aim"))
    epsilon, delta = float(run.get("epsilon", 1.0)), float(run.get("delta", 1e-6))
    check_loss(epsilon, delta)
    is_dp = get_synthesizer(method).is_dp
    dataset = run.get("dataset")
    if is_dp and not dataset:
        raise ConfigError(f"{spec_file}: method {method!r} spends budget: name its `dataset`")
    real = read_table(resolve_path(Path(str(run["input"])), spec_file))
    privacy = release_synthetic(
        real,
        data,
        method,
        epsilon,
        delta,
        run.get("n_rows"),
        out,
        ledger=(ledger or DEFAULT_LEDGER) if is_dp else None,
        dataset=dataset if is_dp else None,
        test=read_table(test) if test else None,
    )
    _err(f"{privacy['rows']} synthetic rows by {method} in {out}: {privacy['guarantee']}")


@app.command()
def attack(
    release: Annotated[Path, typer.Argument(help="A release folder, or one released table.")],
    suite: Annotated[Path, typer.Option("--suite", help="Attack suite YAML.")] = Path(
        "attacks/default.yaml"
    ),
    table: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--table", help="Table to attack, relative to the release folder."),
    ] = None,
    dicom: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--dicom", help="DICOM folder (relative): attack its header fields."),
    ] = None,
    members: Annotated[OptPath, typer.Option(help="Records the release was built from.")] = None,
    non_members: Annotated[OptPath, typer.Option(help="Same population, not released.")] = None,
    population: Annotated[OptPath, typer.Option(help="Adversary's population data.")] = None,
    qi: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--qi", help="Quasi-identifier column (repeatable)."),
    ] = None,
    sensitive: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--sensitive", help="Sensitive column for inference (repeatable)."),
    ] = None,
    population_size: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="Size of the population the release samples."),
    ] = None,
    epsilon: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(help="ε the release claims (for the ε audit)."),
    ] = None,
    adjacency: Annotated[
        str, typer.Option(help="add_remove or substitution: what the claimed ε promises.")
    ] = "add_remove",
    synthetic: Annotated[bool, typer.Option(help="The release is synthetic data.")] = False,
    out: Annotated[
        OptPath, typer.Option("--out", help="Results folder (default: RELEASE/attacks).")
    ] = None,
) -> None:
    """Attack a release: re-identification, linkage, WP29 criteria, membership, ε audit.

    Writes attack_results.json, .html and .png; exits 1 if any attack fails its threshold.
    """
    from medprivacy.attacks.report import write_report
    from medprivacy.attacks.suite import load_release, run_suite_files
    from medprivacy.errors import ConfigError, InputError

    if not release.exists():
        raise InputError(f"{release}: release not found")
    root = release if release.is_dir() else release.parent
    if release.is_file() and not (table or dicom):
        table = release.name
    if not (table or dicom):
        raise ConfigError(f"{release}: a folder; name what to attack with --table or --dicom")
    frame, name, default_qis = load_release(root, table, dicom)
    run = run_suite_files(
        suite,
        frame,
        members=members,
        non_members=non_members,
        population=population,
        quasi_identifiers=list(qi or default_qis),
        sensitive=list(sensitive or []),
        population_size=population_size,
        epsilon=epsilon,
        adjacency=adjacency,
        synthetic=synthetic,
        name=name,
    )
    target = out or root / "attacks"
    write_report(run, target)
    for defect in run.defects():
        _err(f"attack: {defect}")
    _err(f"{run.summary()}; results in {target}")
    if run.verdict == "fail":
        raise typer.Exit(1)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: user errors as one line and exit code 2."""
    try:
        code = app(args=argv, standalone_mode=False)  # typer.Exit(n) comes back as n here
        if isinstance(code, int) and code:
            sys.exit(code)
    except MedPrivacyError as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    except KeyboardInterrupt:
        _err("interrupted; rerun the same command to resume")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(1)
        raise


if __name__ == "__main__":
    main()
