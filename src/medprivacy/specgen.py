"""Propose a synth or stats spec from a table, for a steward to review (``inspect --for``).

Writing every column's domain by hand is slow, so this drafts one from the data: types,
nullable, bounds rounded out to round numbers, date ranges rounded out to whole years or decades,
categories. Domains read from the data are NOT differentially private (a category list or a
bound can disclose one patient's value), so the draft says so at its top, marks each such line
``# from data``, and is written only under a ``private/`` folder (0700, file 0600). Identifiers,
keys and free text are never proposed as columns: they are listed with the reason, found by the
table inspector's identifier detection (:func:`medprivacy.deid.table.inspect.guess_columns`).
Errors name the file and column, never a value.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import yaml

from medprivacy.deid.table.inspect import DATE_FORMATS, ColumnGuess, guess_columns, table_name
from medprivacy.deid.table.spec import Identifier, Role
from medprivacy.errors import ConfigError, InputError

SpecKind = Literal["synth", "stats"]
SPEC_KINDS: tuple[SpecKind, ...] = ("synth", "stats")
MAX_CATEGORIES = 50  # more distinct values: not listed (synth: left out; stats: a DP group-by)
DISTINCT_ID_ROWS = 20  # a text column over half of whose values are distinct (of this many
# rows or more) is an identifier
DISTINCT_ID_NUMBERS = 100  # the same for a column of whole numbers
RARE = 5  # a category seen in fewer rows can single a patient out: the draft counts them
FROM_DATA = "# from data"
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_INTEGER = re.compile(r"-?(?:0|[1-9]\d*)")  # canonical: no sign, zero or space padding
_BOOL = {"true", "false"}
_PATIENT = re.compile(r"patient|person|subject|member", re.IGNORECASE)
_ROUND = (1, 2, 3, 5)

HEADER = """\
# PROPOSED by `medprivacy inspect --for {kind}` from the rows of {table}: a draft to review.
# NOT DIFFERENTIALLY PRIVATE: every line marked `# from data` (category lists, bounds, date
# ranges, row bounds) was read from the real rows. A rare category or an extreme value (an age
# of 104, a diagnosis one patient has) in this file discloses that a patient with it is in the
# data, and a release built on it inherits the leak. Before any release, replace each of them by
# public knowledge (e.g. age 0-120, a published code list such as ICD-10 or the census race
# categories, a calendar range), then delete these lines. Keep this file in private/.
"""


@dataclass
class _Column:
    """One column as the draft proposes it (values stay in memory, never in an error)."""

    name: str
    kind: Literal["excluded", "categorical", "numeric", "date"]
    reason: str = ""  # why excluded
    nullable: bool = False
    categories: list[str] = field(default_factory=list)
    boolean: bool = False
    integer: bool = False
    bounds: tuple[float, float] = (0.0, 1.0)
    step: float = 1.0
    first: date = date(1970, 1, 1)
    last: date = date(1970, 12, 31)
    date_bins: int = 1
    date_format: str | None = None
    note: str | None = None


@dataclass
class _Unit:
    column: str
    max_rows: int


@dataclass
class _Profile:
    name: str
    path: Path
    rows: int
    columns: list[_Column]
    unit: _Unit | None
    unit_note: str


# --- round numbers --------------------------------------------------------------------------


def round_up(x: float) -> int:
    """The smallest of 1, 2, 3, 5, 10, 20, 30, 50, ... that is at least ``x``."""
    magnitude = 1
    while True:
        for m in _ROUND:
            if m * magnitude >= x:
                return m * magnitude
        magnitude *= 10


def nice_bounds(lo: float, hi: float, integer: bool = False) -> tuple[float, float, float]:
    """``[lo, hi]`` rounded out to multiples of a step of 1, 2 or 5 times a power of ten (the
    largest such step giving at least 10 steps; at least 1 for integers), the top strictly above
    ``hi`` so that the largest value falls inside the last half-open bin; returns (low, high,
    step)."""
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    step = 10.0 ** math.floor(math.log10(span / 10))
    for m in (5, 2, 1):
        if span / (m * step) >= 10:
            step *= m
            break
    if integer:
        step = max(step, 1.0)
    low, high = math.floor(lo / step) * step, (math.floor(hi / step) + 1) * step
    return _clean(low), _clean(high), _clean(step)


def _clean(x: float) -> float:
    return float(f"{x:.12g}")


# --- reading --------------------------------------------------------------------------------


def _texts(path: Path) -> tuple[int, dict[str, list[str | None]]]:
    """Every cell as stripped text, None for an empty one (CSV: as written; Parquet: by value)."""
    import pandas as pd

    from medprivacy.fileio import read_table
    from medprivacy.synth.contributions import cell_text

    frame = read_table(path, text=True)
    out: dict[str, list[str | None]] = {}
    for name in frame.columns:
        cells: list[str | None] = []
        for v in frame[name].tolist():
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                cells.append(None)
            elif isinstance(v, bool):  # as the stats reader casts a boolean to text
                cells.append("true" if v else "false")
            else:
                cells.append(cell_text(v).strip() or None)
        out[str(name)] = cells
    return len(frame), out


def _date_format(values: list[str], guess: ColumnGuess) -> str | None:
    """The inspector's format, else the first of ``DATE_FORMATS`` that parses every value."""
    formats = [guess.date_format] if guess.date_format else []
    for fmt in [*formats, *DATE_FORMATS]:
        try:
            for v in values:
                datetime.strptime(v, fmt)
        except ValueError:
            continue
        return fmt
    return None


def _excluded(guess: ColumnGuess) -> str | None:
    """Why an identifier, key or free-text column is never proposed (None: it may be)."""
    # the inspector's reason where the values, not the name, gave it away (never a value)
    by_values = f": {guess.comment}" if guess.comment and guess.comment.startswith("values") else ""
    if guess.role is Role.DIRECT:
        what = guess.identifier.value if guess.identifier else "direct"
        return f"identifier ({what}){by_values}"
    if guess.role is Role.KEY:
        return "key: a record or patient id"
    if guess.role is Role.FREE_TEXT:
        return "free text"
    if guess.identifier is Identifier.GEOGRAPHIC:
        return "geographic identifier (place or ZIP code)"
    return None


def _column(guess: ColumnGuess, cells: list[str | None]) -> _Column:
    name = guess.name
    why = _excluded(guess)
    if why:
        return _Column(name, "excluded", why)
    values = [c for c in cells if c is not None]
    if not values:
        return _Column(name, "excluded", "every cell is empty")
    nullable = len(values) < len(cells)
    if guess.role is Role.DATE:
        fmt = _date_format(values, guess)
        if fmt is None:
            return _Column(name, "excluded", "dates in no single recognised format")
        days = [datetime.strptime(v, fmt).date() for v in values]
        first, last = min(days), max(days)
        width = 1 if last.year - first.year < 20 else 10  # whole years, or decades
        y0 = first.year // width * width
        y1 = last.year // width * width + width - 1
        note = "two-digit years: 00-68 read as 2000-2068, check" if "%y" in fmt else None
        return _Column(
            name, "date", nullable=nullable, first=date(y0, 1, 1), last=date(y1, 12, 31),
            date_bins=(y1 - y0 + 1) // width, date_format=fmt, note=note,
        )  # fmt: skip
    distinct = sorted(set(values))
    is_code = guess.identifier is None and guess.role is Role.KEEP and "code" in name.lower()
    numeric = all(_NUMBER.fullmatch(v) and math.isfinite(float(v)) for v in values)
    unique = len(distinct) == len(values)
    if numeric and not is_code and len(distinct) > 2:
        numbers = [float(v) for v in values]
        integer = all(x.is_integer() for x in numbers)
        if integer and unique and len(values) >= DISTINCT_ID_NUMBERS:
            return _Column(name, "excluded", "every value is a distinct number: an identifier?")
        lo, hi, step = nice_bounds(min(numbers), max(numbers), integer)
        return _Column(
            name, "numeric", nullable=nullable, integer=integer, bounds=(lo, hi), step=step
        )
    if len(values) >= DISTINCT_ID_ROWS and 2 * len(distinct) > len(values):
        how = "every value is" if unique else "most values are"  # near-unique: one per patient
        return _Column(name, "excluded", f"{how} distinct: an identifier?")
    boolean = {v.lower() for v in distinct} <= _BOOL
    rare = sum(n < RARE for n in Counter(values).values())
    note = f"{rare} categories seen in under {RARE} rows each: one can single a patient out"
    return _Column(
        name, "categorical", nullable=nullable, categories=distinct, boolean=boolean,
        note=note if rare and not boolean else None,
    )  # fmt: skip


def _unit(
    guesses: list[ColumnGuess], cells: dict[str, list[str | None]], table: str
) -> tuple[_Unit | None, str]:
    """The privacy unit: a key column named for a patient, else the primary key of a patients
    table; ``max_rows`` 1 when each id has one row, else the rows-per-id 95th percentile rounded
    up (from data)."""
    keys = [g for g in guesses if g.role is Role.KEY]
    named = [g for g in keys if _PATIENT.search(g.name)]
    if named:
        column = named[0].name
    elif _PATIENT.search(table) and any(g.primary_key for g in keys):
        column = next(g.name for g in keys if g.primary_key)
    else:
        return None, "no patient id column found: each row is taken as one person"
    per_id = sorted(Counter(v for v in cells[column] if v is not None).values())
    if not per_id or per_id[-1] == 1:
        return _Unit(column, 1), "one row per patient"
    p95 = per_id[min(len(per_id) - 1, math.ceil(0.95 * len(per_id)) - 1)]
    return (
        _Unit(column, round_up(p95)),
        "from data: rows per patient (95th percentile, rounded up); state a public bound",
    )


def profile(path: Path, use_presidio: bool | None = None) -> _Profile:
    """What the draft says about each column of one table."""
    path = Path(path)
    guesses = guess_columns(path, use_presidio=use_presidio)
    rows, cells = _texts(path)
    name = table_name(path)
    unit, note = _unit(guesses, cells, name)
    columns = []
    for g in guesses:
        if unit is not None and g.name == unit.column:
            continue
        columns.append(_column(g, cells[g.name]))
    return _Profile(name, path, rows, columns, unit, note)


# --- YAML -----------------------------------------------------------------------------------


def _scalar(value: object) -> str:
    """A YAML flow scalar that reads back as ``value`` (plain where it can be, else quoted)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text and "." not in text.split("e")[0]:
            text = text.replace("e", ".0e")
        return text
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    try:
        plain = text == text.strip() and yaml.safe_load(f"x: [{text}]") == {"x": [text]}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _flow(items: Sequence[object]) -> str:
    return "[" + ", ".join(_scalar(v) for v in items) + "]"


def _map(fields: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"


Fields = dict[str, "str | list[object]"]  # a rendered scalar, or a list to render


def _entry(head: str, fields: Fields, comment: str) -> list[str]:
    """One mapping (``head`` is ``"  NAME: "`` or ``"  - "``) in flow style when it fits a
    line, else in block style with one list item a line (easier to review and edit)."""
    flat = {k: v if isinstance(v, str) else _flow(v) for k, v in fields.items()}
    line = f"{head}{_map(flat)}"
    if len(line) <= 100:
        return [line + comment]
    indent = " " * (len(head) - len(head.lstrip()) + 2)
    lines: list[str] = []
    for key, value in fields.items():
        first = not lines and head.rstrip().endswith("-")
        start = head if first else indent
        if isinstance(value, str):
            lines.append(f"{start}{key}: {value}")
        else:
            lines.append(f"{start}{key}:")
            lines += [f"{indent}  - {_scalar(v)}" for v in value]
    if not head.rstrip().endswith("-"):
        lines.insert(0, head.rstrip())
    lines[0] += comment
    return lines


def _input(path: Path, folder: Path) -> str:
    """The table as the spec names it: ``sample:...`` for bundled sample data, else a path
    relative to the spec's folder (absolute where there is none)."""
    from importlib import resources

    from medprivacy.spec import SAMPLE_PREFIX

    sample = Path(str(resources.files("medprivacy").joinpath("sample_data"))).resolve()
    table = path.resolve()
    if table.is_relative_to(sample):
        return SAMPLE_PREFIX + table.relative_to(sample).as_posix()
    try:
        return Path(os.path.relpath(table, folder.resolve())).as_posix()
    except ValueError:  # another drive
        return table.as_posix()


def _excluded_lines(left: list[tuple[str, str]], title: str) -> list[str]:
    """The columns left out, each with its reason, as comments."""
    if not left:
        return []
    return [f"# {title}:", *(f"#   {name}: {reason}" for name, reason in left)]


def _note(c: _Column, *more: str) -> str:
    parts = [FROM_DATA, *more] + ([c.note] if c.note else [])
    return "  " + "; ".join(parts) if parts else ""


def render_synth(p: _Profile, folder: Path) -> str:
    """The draft synth spec (run keys, privacy unit, columns) as commented YAML."""
    lines = [
        HEADER.format(kind="synth", table=p.name).rstrip("\n"),
        f"input: {_scalar(_input(p.path, folder))}",
        "method: aim",
        "epsilon: 1.0",
        "delta: 1.0e-6",
        f"dataset: {_scalar(p.name)}  # the ledger dataset that pays (medprivacy budget init)",
    ]
    if p.unit is not None:
        unit = _map({"id": _scalar(p.unit.column), "max_rows": str(p.unit.max_rows),
                     "entity": "patient"})  # fmt: skip
        lines.append(f"privacy_unit: {unit}  # {p.unit_note}")
    else:
        lines.append(f"# privacy_unit: {{id: COLUMN, max_rows: K}}  # {p.unit_note}")
    lines.append("columns:")
    left: list[tuple[str, str]] = []
    for c in p.columns:
        fields: Fields = {}
        if c.kind == "excluded":
            left.append((c.name, c.reason))
            continue
        if c.kind == "categorical" and len(c.categories) > MAX_CATEGORIES:
            left.append((c.name, f"over {MAX_CATEGORIES} categories: declare a public code list"))
            continue
        if c.kind == "categorical":
            values: list[object] = (
                [False, True] if c.boolean else [_category(v) for v in _same_type(c.categories)]
            )
            fields["domain"] = values
        elif c.kind == "numeric":
            lo, hi = c.bounds
            fields["type"] = "numeric"
            fields["bounds"] = _flow([int(lo), int(hi)] if c.integer else [lo, hi])
            fields["bins"] = str(round((hi - lo) / c.step))
            fields["dtype"] = "int" if c.integer else "float"
        else:
            fields["type"] = "date"
            fields["range"] = _flow([c.first, c.last])
            fields["bins"] = str(min(c.date_bins, 24))
            fields["format"] = _scalar(c.date_format or "ISO8601")
        if c.nullable:
            fields["nullable"] = "true"
        lines += _entry(f"  {_scalar(c.name)}: ", fields, _note(c))
    if len(left) == len(p.columns):
        raise InputError(f"{p.path}: no column could be proposed for synthesis")
    lines += _excluded_lines(left, "Not proposed (never synthesized), with the reason")
    return "\n".join(lines) + "\n"


def _same_type(values: list[str]) -> list[str]:
    """Integers sorted as numbers when every value is a canonical integer, else as text."""
    if all(_INTEGER.fullmatch(v) for v in values):
        return sorted(values, key=int)
    return values


def _category(text: str) -> object:
    """A synth domain value: a canonical integer as a number (it matches ``1``, ``"1"`` and
    ``1.0``), anything else as the text itself."""
    return int(text) if _INTEGER.fullmatch(text) else text


def _query_name(column: str, suffix: str, taken: set[str]) -> str:
    base = (re.sub(r"[^A-Za-z0-9_.-]", "_", column) or "column")[: 63 - len(suffix)] + suffix
    name, i = base, 2
    while name in taken:
        name, i = f"{base[:60]}-{i}", i + 1
    taken.add(name)
    return name


def render_stats(p: _Profile, folder: Path) -> str:
    """The draft stats spec: a count, a mean and a histogram per number, a histogram per
    category list (a DP group-by, keys found privately, where the list is long)."""
    types: dict[str, str] = {}
    queries: list[str] = []
    taken = {"rows"}
    left: list[tuple[str, str]] = []
    grouped = False
    for c in p.columns:
        col = _scalar(c.name)
        if c.kind == "numeric":
            lo, hi = c.bounds
            n = round((hi - lo) / c.step)
            edges = [_clean(lo + c.step * i) for i in range(n + 1)]
            number = int if c.integer else float
            types[c.name] = "int" if c.integer else "float"
            mean: Fields = {"name": _query_name(c.name, "_mean", taken), "kind": "mean",
                            "column": col, "bounds": _flow([number(lo), number(hi)])}  # fmt: skip
            queries += _entry("  - ", mean, _note(c))
            hist: Fields = {"name": _query_name(c.name, "_histogram", taken), "kind": "histogram",
                            "column": col, "bins": [number(e) for e in edges]}  # fmt: skip
            queries += _entry("  - ", hist, _note(c))
        elif c.kind == "categorical" and len(c.categories) > MAX_CATEGORIES:
            types[c.name] = "str"
            group: Fields = {"name": _query_name(c.name, "_groups", taken), "kind": "group_by",
                             "by": f"[{col}]"}  # fmt: skip
            queries += _entry("  - ", group, f"  # over {MAX_CATEGORIES} categories: the groups "
                              "are found privately (thresholded, with delta)")  # fmt: skip
            grouped = True
        elif c.kind == "categorical":
            types[c.name] = "str"
            other = next(o for o in ("other", "(other)", "(other or empty)") if o not in
                         c.categories)  # fmt: skip
            cats: Fields = {"name": _query_name(c.name, "", taken), "kind": "histogram",
                            "column": col, "other": _scalar(other),
                            "categories": list(_same_type(c.categories))}  # fmt: skip
            queries += _entry("  - ", cats, _note(c, "empty and unlisted cells count as other"))
        elif c.kind == "date":
            left.append((c.name, "a date: no statistic proposed (derive a year column)"))
        else:
            left.append((c.name, c.reason))
    unit = p.unit
    budget = "{epsilon: 1.0, delta: 1.0e-6}" if grouped else "{epsilon: 1.0}"
    lines = [
        HEADER.format(kind="stats", table=p.name).rstrip("\n"),
        f"input: {_scalar(_input(p.path, folder))}",
        f"dataset: {_scalar(p.name)}  # the ledger dataset that pays (medprivacy budget init)",
        f"budget: {budget}",
    ]
    if unit is not None:
        fields = {"id": _scalar(unit.column), "max_rows": str(unit.max_rows), "entity": "patient"}
        lines.append(f"privacy_unit: {_map(fields)}  # {p.unit_note}")
    else:
        lines.append(f"privacy_unit: {{id: null}}  # {p.unit_note}")
    if types:
        lines.append(f"columns: {_map({_scalar(k): v for k, v in types.items()})}")
    lines.append(f"max_rows: {round_up(1.2 * p.rows)}  {FROM_DATA}: the row count with room, "
                 "rounded up; state a public upper bound")  # fmt: skip
    lines += ["queries:", "  - {name: rows, kind: count}", *queries]
    lines += _excluded_lines(left, "No statistic proposed, with the reason")
    return "\n".join(lines) + "\n"


def propose(
    paths: Sequence[Path], kind: SpecKind, out: Path, use_presidio: bool | None = None
) -> list[Path]:
    """Draft a ``kind`` spec for each table into ``out/private/<table>.<kind>.yaml`` (folder
    0700, files 0600, written atomically); refuses to overwrite a draft (it may hold a steward's
    edits). Returns the files written."""
    from medprivacy.fileio import atomic_write_text

    if kind not in SPEC_KINDS:
        raise ConfigError(f"--for {kind!r}: expected synth or stats")
    if not paths:
        raise ConfigError("inspect needs at least one table")
    folder = Path(out) / "private"
    targets: dict[Path, Path] = {}
    for path in map(Path, paths):
        target = folder / f"{table_name(path)}.{kind}.yaml"
        if target in targets.values():
            raise InputError(f"{path}: a second table named {table_name(path)!r}")
        if target.exists():
            raise ConfigError(f"{target}: exists (it may hold your edits): remove it or use --out")
        targets[path] = target
    texts = {}
    for path, target in targets.items():
        p = profile(path, use_presidio)
        texts[target] = render_synth(p, folder) if kind == "synth" else render_stats(p, folder)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    for target, text in texts.items():
        atomic_write_text(target, text)  # a temporary file made 0600, then renamed
    return list(texts)
