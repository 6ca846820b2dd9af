"""`medprivacy anonymize SPEC.yaml --out DIR`: generalize a table until privacy models hold.

SPEC is either an anonymization spec of one table::

    input: patients.csv              # CSV or Parquet, relative to the spec
    quasi_identifiers: {age: {kind: intervals, widths: [5, 10, 20]}, zip: {kind: prefix}}
    models: [{kind: k_anonymity, k: 5}]
    suppression_limit: 0.02
    # or, instead of the keys above: apply: private/transformation.json (re-applied, re-checked)

or a table spec whose tables carry ``anonymize:`` sections (released as ``deid tables`` does).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from medprivacy.cli.common import EXIT_BLOCKED, USER_ERROR, KeyFile, app, env_key, err, exit_codes
from medprivacy.errors import ConfigError

SPEC_HELP = "Anonymization spec (input: + anonymize keys, or apply:) or a table spec."


@app.command(
    epilog=exit_codes(
        "0  done: the privacy models hold on the released table",
        "1  the privacy models cannot be met within the suppression limit (or a re-applied "
        "transformation no longer meets them); nothing was released",
        USER_ERROR,
    )
)
def anonymize(
    spec: Annotated[Path, typer.Argument(metavar="SPEC", help=SPEC_HELP)],
    out: Annotated[Path, typer.Option("--out", help="Output folder (release/ + private/).")],
    key_file: KeyFile = None,
) -> None:
    """Generalize quasi-identifiers and suppress records until the privacy models hold.

    Writes OUT/release/TABLE (the anonymized table) and OUT/release/anonymization.json (levels,
    suppressed records, classes, utility and risk of the released table), and OUT/private/ the
    transformation (re-apply it to new data with `apply:`) and the risk-vs-utility table.
    """
    from medprivacy.deid.table.anonymize import ModelNotMet
    from medprivacy.spec import load_yaml, read_text

    _, data = load_yaml(read_text(spec, "anonymization spec"), str(spec))
    if not isinstance(data, dict):
        raise ConfigError(f"{spec}: a mapping with input: and the anonymize keys (or tables:)")
    try:
        if "tables" in data:
            _tables(spec, out, key_file)
        else:
            _single(spec, data, out)
    except ModelNotMet as exc:
        err(f"not met: {exc}")
        raise typer.Exit(EXIT_BLOCKED) from None


def _single(spec: Path, data: dict[str, Any], out: Path) -> None:
    """One table: ``input:`` and an ``anonymize:`` section's keys at the top level."""
    from pydantic import ValidationError

    from medprivacy.deid.table.anonymize import (
        anonymize_frame,
        private_document,
        released_figures,
    )
    from medprivacy.deid.table.engine import _read, _write_atomic
    from medprivacy.deid.table.spec import TableAnonymize
    from medprivacy.fileio import atomic_write_json, atomic_write_text
    from medprivacy.spec import resolve_path

    rest = dict(data)
    if "input" not in rest:
        raise ConfigError(f"{spec}: input: names the table to anonymize (CSV or Parquet)")
    source = resolve_path(Path(str(rest.pop("input"))), spec)
    try:
        section = TableAnonymize.model_validate(rest)
    except ValidationError as exc:
        msg = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{spec}: {msg}") from None
    name = source.stem
    release, private = out / "release", out / "private"
    if source.resolve().is_relative_to(out.resolve()):
        raise ConfigError(f"{source}: the input lies inside --out {out} (inputs are never touched)")

    def resolve(p: Path) -> Path:
        return resolve_path(p, spec)

    frame = _read(name, source)
    done = anonymize_frame(name, frame, section, resolve, spec.parent)
    suffix = ".parquet" if source.suffix.lower() == ".parquet" else ".csv"
    private.mkdir(parents=True, exist_ok=True, mode=0o700)
    _write_atomic(done.frame, release / f"{name}{suffix}", escape=True)
    figures = released_figures(done.report)
    atomic_write_json(release / "anonymization.json", {"table": name, **figures})
    atomic_write_json(private / "anonymization.json", private_document(done))
    if done.report.transformation is not None:
        text = done.report.transformation.model_dump_json(indent=2) + "\n"
        atomic_write_text(private / "transformation.json", text)
    for p in private.rglob("*"):
        p.chmod(0o700 if p.is_dir() else 0o600)
    risk = figures["risk"]
    err(
        f"anonymize: {name}: levels {figures['levels']}, {figures['classes']} classes, "
        f"{figures['suppressed']} of {figures['records']} records suppressed, highest "
        f"prosecutor risk {risk['highest_prosecutor']:.3g}, {figures['utility']['measure']} loss "
        f"{figures['utility']['loss']:.3f}"
        + ("" if figures["optimal"] is not False else " (not proven optimal: time limit)")
    )
    err(f"release: {release}; transformation and risk-vs-utility table: {private}")


def _tables(spec: Path, out: Path, key_file: Path | None) -> None:
    """A table spec: released like `deid tables`, its `anonymize:` sections applied."""
    import json

    from medprivacy.deid.table.spec import load_release_spec
    from medprivacy.keys import Key, generate_key, load_key
    from medprivacy.pipeline import run_pipeline
    from medprivacy.spec import parse_pipeline

    release = load_release_spec(spec)
    if not any(t.anonymize is not None for t in release.tables.values()):
        raise ConfigError(f"{spec}: no table has an `anonymize:` section (use `deid tables`)")
    if release.release.random_codes and key_file is None and not env_key():
        key = Key(generate_key())  # random release codes: no keyed function; the audit needs one
    else:
        key = load_key(key_file)
    quoted = json.dumps(str(spec.resolve()))
    pipeline = parse_pipeline(
        f"name: anonymize\nsteps:\n  - step: deid_tables\n    spec: {quoted}\n", "anonymize"
    )
    result = run_pipeline(pipeline, key, out_dir=out)
    for line in result.lines():
        err(line)
    err(f"release: {result.release_dir}")
