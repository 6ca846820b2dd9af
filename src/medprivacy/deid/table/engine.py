"""Release a set of related tables under a :class:`ReleaseSpec`.

Everything is loaded and checked first (columns, types, dates, keys, encodings); only when every
table passes is anything transformed and written, each file atomically. Errors name table, column,
row number and rule, never a value. Keys keep joining: a foreign key is mapped with the very map
of the key it references, and patient pseudonyms and date offsets are the DICOM step's functions.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from medprivacy.deid.dates import date_offset
from medprivacy.deid.table.anonymize import (
    Anonymized,
    anonymize_frame,
    check_section,
    private_document,
    released_figures,
)
from medprivacy.deid.table.csvfile import read_csv
from medprivacy.deid.table.spec import ColumnSpec, ReleaseKind, ReleaseSpec, Role, Rule
from medprivacy.deid.table.zip3 import RESTRICTED, ZIP
from medprivacy.errors import InputError
from medprivacy.executor import ExecutorConfig
from medprivacy.fileio import (
    atomic_write_bytes,
    atomic_write_json,
    atomic_write_text,
    unreadable_table,
)
from medprivacy.keys import Key, normalize_id

log = logging.getLogger(__name__)
NUMERIC_RULES = {Rule.AGE_90, Rule.TOP_BOTTOM}
DATE_RULES = {Rule.DATE_SHIFT, Rule.DATE_YEAR}
KEY_RULES = {Rule.RELEASE_CODE, Rule.PSEUDONYM}
PATIENT_NAMESPACE = "patient-id"  # the namespace Key.pseudonym uses for DICOM PatientID
TIME_DIRECTIVES = ("%H", "%M", "%S", "%T", "%R", "%I")
# OWASP CSV injection: a cell starting with one of these runs as a formula in a spreadsheet
FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$"


@dataclass
class TableResult:
    """Counts for one table (no values)."""

    rows: int
    columns_in: int
    columns_out: int
    dropped: list[str] = field(default_factory=list)
    suppressed: dict[str, int] = field(default_factory=dict)
    capped: dict[str, int] = field(default_factory=dict)
    anonymized: dict[str, Any] | None = None  # released figures of the `anonymize:` section


@dataclass
class ReleaseResult:
    tables: dict[str, TableResult]
    files: dict[str, Path]  # table -> written file
    code_maps: dict[str, Path]  # key domain -> private map of release codes
    warnings: list[str]
    anonymization: dict[str, Path] = field(default_factory=dict)  # table -> private report
    parts: dict[str, list[Path]] = field(default_factory=dict)  # table -> its released files
    hashes: dict[Path, str] = field(default_factory=dict)  # sha256 of files a task wrote

    def outputs(self) -> list[Path]:
        """Every released table file (a partitioned table's parts)."""
        return [p for name in self.files for p in self.parts.get(name, [self.files[name]])]


def warning(kind: str, where: str, n: int) -> str:
    """The warning line of ``kind`` for a column (``where``: table.column) and ``n`` rows."""
    if kind == "free_text":
        return f"{where}: free text dropped (use rule scrub to keep it)"
    if kind == "orphans":
        return (
            f"{where}: {n} date(s) blanked: their row reaches no patient "
            "(empty key on the way), so no offset applies"
        )
    assert kind == "zip_padded", kind
    return (
        f"{where}: {n} ZIP code(s) stored as integers zero-padded "
        "to 5 digits (store ZIP codes as text)"
    )


def _fail(table: str, column: str | None, row: int | None, what: str) -> InputError:
    where = table + (f".{column}" if column else "") + (f": row {row}" if row else "")
    return InputError(f"{where}: {what}")


# -- loading ---------------------------------------------------------------------------------------
def _read(name: str, path: Path) -> pl.DataFrame:
    if not path.is_file():
        raise _fail(name, None, None, f"input file not found ({path})")
    if path.suffix.lower() == ".parquet":
        try:
            return pl.read_parquet(path)
        except Exception as exc:
            raise _fail(name, None, None, str(unreadable_table(path, exc))) from None
    return read_csv(path, name)


def _first_bad_row(ok: pl.Series, present: pl.Series) -> int | None:
    """1-based data row of the first value that is present but failed a check."""
    bad = (present & ~ok).arg_true()
    return int(bad[0]) + 1 if len(bad) else None


def _as_text(s: pl.Series) -> pl.Series:
    if s.dtype == pl.String:
        return s
    try:
        return s.cast(pl.String)
    except pl.exceptions.PolarsError:  # e.g. a Parquet Duration column: name the type, no value
        raise InputError(f"column {s.name}: type {s.dtype} cannot be read for its rule") from None


def _has_time(fmt: str) -> bool:
    return any(d in fmt for d in TIME_DIRECTIVES)


def _parse_dates(name: str, col: str, s: pl.Series, c: ColumnSpec) -> pl.Series:
    """Dates (or date-times, when the format has a time) of a column; the first bad row fails."""
    if s.dtype in (pl.Date, pl.Datetime):
        return s.cast(pl.Date)
    text = _as_text(s).str.strip_chars()
    present = text.is_not_null() & (text != "")
    fmt = c.format or "%Y-%m-%d"
    parsed = text.str.strptime(pl.Datetime if _has_time(fmt) else pl.Date, fmt, strict=False)
    row = _first_bad_row(parsed.is_not_null(), present)
    if row:
        raise _fail(name, col, row, f"unparseable date (expected format {fmt})")
    if c.not_after is not None:
        late = parsed.cast(pl.Date) > pl.lit(c.not_after)
        parsed = pl.select(
            pl.when(late).then(parsed.dt.offset_by("-100y")).otherwise(parsed)
        ).to_series()
    return parsed


def _numbers(name: str, col: str, s: pl.Series, finite: bool = False) -> pl.Series:
    """A column as floats; the first value that is no number (or, if ``finite``, is NaN or
    infinite: rules that compute on numbers) fails, naming its row."""
    if s.dtype.is_numeric():
        num = s.cast(pl.Float64)
    else:
        text = _as_text(s).str.strip_chars()
        present = text.is_not_null() & (text != "")
        num = text.cast(pl.Float64, strict=False)
        row = _first_bad_row(num.is_not_null(), present)
        if row:
            raise _fail(name, col, row, "not a number")
    if finite:
        row = _first_bad_row(num.is_finite(), num.is_not_null())
        if row:
            raise _fail(name, col, row, "not a finite number (NaN or infinity)")
    return num


def _blank(s: pl.Series) -> pl.Series:
    """True where a text value is present but empty or only whitespace."""
    if s.dtype != pl.String:
        return pl.repeat(False, len(s), eager=True)
    return s.is_not_null() & (s.str.strip_chars() == "")


class _Release:
    def __init__(self, spec: ReleaseSpec, key: Key) -> None:
        self.spec = spec
        self.key = key
        self.today = spec.reference_date or date.today()
        self.frames: dict[str, pl.DataFrame] = {}
        self.maps: dict[str, dict[str, str]] = {}  # key domain -> value -> code/pseudonym
        self._offsets: dict[str, int] = {}  # patient -> date offset in days
        self._patients: dict[str, pl.Series | None] = {}  # table -> each row's patient key
        self.warnings: list[str] = []
        self.anonymized: dict[str, Anonymized] = {}

    # -- structure -----------------------------------------------------------------------------
    def domain(self, table: str, col: str) -> str:
        """The key domain of a column: a foreign key shares the domain of what it references."""
        seen = set()
        while col in self.spec.tables[table].foreign_keys and (table, col) not in seen:
            seen.add((table, col))
            table, _, col = self.spec.tables[table].foreign_keys[col].partition(".")
        return f"{table}.{col}"

    def patient_column(self, table: str) -> str | None:
        """The table's own column holding the patient key, if it has one."""
        t = self.spec.tables[table]
        if t.patient:
            return t.patient
        pt, _, pc = self.spec.patient_key.partition(".")
        if table == pt:
            return pc
        return next((c for c in t.foreign_keys if self.domain(table, c) == f"{pt}.{pc}"), None)

    def patient_path(self, table: str) -> list[tuple[str, str, str]] | None:
        """Foreign-key hops (column, target table, target column) from ``table`` to the nearest
        table with a patient column: [] if it has one itself, None if no path exists."""
        queue: list[tuple[str, list[tuple[str, str, str]]]] = [(table, [])]
        seen = {table}
        while queue:
            name, hops = queue.pop(0)
            if self.patient_column(name) is not None:
                return hops
            for col, target in self.spec.tables[name].foreign_keys.items():
                tt, _, tc = target.partition(".")
                if tt not in seen:
                    seen.add(tt)
                    queue.append((tt, [*hops, (col, tt, tc)]))
        return None

    def patients(self, table: str) -> pl.Series | None:
        """Each row's patient key, following foreign keys through other tables (any depth)."""
        if table in self._patients:
            return self._patients[table]
        hops = self.patient_path(table)
        out: pl.Series | None = None
        if hops == []:
            out = self.frames[table][self.patient_column(table) or ""]
        elif hops:
            keys = self.frames[table].select(pl.col(hops[0][0]).alias("k"))
            for i, (_col, tt, tc) in enumerate(hops):
                nxt = hops[i + 1][0] if i + 1 < len(hops) else self.patient_column(tt) or ""
                lookup = self.frames[tt].select(pl.col(tc).alias("k"), pl.col(nxt).alias("v"))
                keys = keys.join(lookup, on="k", how="left", maintain_order="left")
                keys = keys.select(pl.col("v").alias("k"))
            out = keys["k"]
        self._patients[table] = out
        return out

    # -- phase 1: load and check everything -------------------------------------------------------
    def load(self) -> None:
        for name, t in self.spec.tables.items():
            df = _read(name, self.spec.resolve(t.path))
            missing = [c for c in t.columns if c not in df.columns]
            if missing:
                raise _fail(name, missing[0], None, "column missing from the file")
            extra = [i for i, c in enumerate(df.columns, 1) if c not in t.columns]
            if extra:  # by position: a header the spec does not know may be a value (pivoted)
                raise _fail(
                    name,
                    None,
                    None,
                    f"column {extra[0]} of the file is not in the spec (every column needs a "
                    "rule; its header is not shown, as it may be a value)",
                )
            self.frames[name] = df
        for name, t in self.spec.tables.items():
            df = self.frames[name]
            self.check_keys(name, df)
            if t.primary_key:
                pk = df[t.primary_key]
                dup = pk.is_duplicated()
                if dup.any():
                    first = pk.filter(dup)[0]
                    row = int((pk == first).arg_true()[1]) + 1
                    raise _fail(name, t.primary_key, row, "duplicate primary key")
            self._merged_pseudonyms(name)
            for col, target in t.foreign_keys.items():
                tt, _, tc = target.partition(".")
                fk, pk = df[col], self.frames[tt][tc]
                if fk.dtype != pk.dtype:
                    raise _fail(
                        name,
                        col,
                        None,
                        f"foreign key type {fk.dtype} differs from {target}'s "
                        f"{pk.dtype} (store both alike)",
                    )
                ok = fk.is_in(pk.implode()) | fk.is_null()
                dangling = _first_bad_row(ok, fk.is_not_null())
                if dangling:
                    raise _fail(name, col, dangling, f"dangling foreign key (no such {target})")
                rule, target_rule = t.columns[col].rule, self.spec.tables[tt].columns[tc].rule
                if rule != target_rule:
                    raise _fail(
                        name,
                        col,
                        None,
                        f"foreign key rule {rule.value} differs from "
                        f"{target}'s {target_rule.value}",
                    )
            shifting = [c for c, s in t.columns.items() if s.rule is Rule.DATE_SHIFT]
            if shifting:
                self._check_patient_path(name, shifting[0])
            self.check_cells(name, df)

    def check_keys(self, name: str, df: pl.DataFrame) -> None:
        """No blank key under a key rule or as primary key, no empty primary key (row by row)."""
        t = self.spec.tables[name]
        for col, c in t.columns.items():
            if c.rule in KEY_RULES or col == t.primary_key:
                row = _first_bad_row(~_blank(df[col]), df[col].is_not_null())
                if row:
                    raise _fail(name, col, row, "blank key (empty or only spaces)")
        if t.primary_key and df[t.primary_key].null_count():
            empty = int(df[t.primary_key].is_null().arg_true()[0]) + 1
            raise _fail(name, t.primary_key, empty, "empty primary key")

    def check_cells(self, name: str, df: pl.DataFrame) -> None:
        """Dates and numbers parse, no stored date under Safe Harbor but as year (row by row)."""
        t = self.spec.tables[name]
        for col, c in t.columns.items():  # parse now so bad values fail before any output
            if col not in df.columns:  # a partitioned release reads only what it checks
                continue
            if (
                self.spec.release.random_codes
                and df[col].dtype in (pl.Date, pl.Datetime)
                and c.rule not in (Rule.DATE_YEAR, Rule.DROP)
            ):
                raise _fail(
                    name,
                    col,
                    None,
                    f"stored as {df[col].dtype} but rule {c.rule.value}: Safe Harbor keeps "
                    "only the year of a date (use date_year or drop)",
                )
            if c.rule in DATE_RULES or c.type == "date":
                _parse_dates(name, col, df[col], c)
            elif c.rule in NUMERIC_RULES or c.bins is not None or c.type in ("int", "float"):
                _numbers(name, col, df[col], finite=c.rule in NUMERIC_RULES or bool(c.bins))

    def _merged_pseudonyms(self, name: str) -> None:
        """Refuse values that differ only in case or surrounding whitespace (p1, P1, 'p1 ') in
        any column that gets keyed pseudonyms (keys, and MRNs or other identifiers too): the
        pseudonym normalises them (as DICOM PatientID is) and would merge two people into one."""
        t = self.spec.tables[name]
        for col in [c for c, s in t.columns.items() if s.rule is Rule.PSEUDONYM]:
            values = _as_text(self.frames[name][col])
            plain = values.str.contains(r"^[!-`{-~]([ -`{-~]*[!-`{-~])?$")  # no a-z, no edge spaces
            if plain.fill_null(True).all():
                continue  # normalize_id leaves every value as it is: nothing can merge
            first: dict[str, str] = {}
            for v in values.drop_nulls().unique(maintain_order=True).to_list():
                other = first.setdefault(normalize_id(v), v)
                if other != v:
                    rows = sorted(int(values.eq(x).arg_true()[0]) + 1 for x in (v, other))
                    raise _fail(
                        name,
                        col,
                        rows[1],
                        f"key equals row {rows[0]}'s but for case or "
                        "surrounding spaces (rule pseudonym would merge them; fix the source)",
                    )

    def _check_patient_path(self, name: str, col: str) -> None:
        """A date-shifted table needs a foreign-key path to the patient whose joins are unique,
        and, if several of its columns hold patients (mother and child), a chosen one."""
        t = self.spec.tables[name]
        pt, _, pc = self.spec.patient_key.partition(".")
        holders = [c for c in t.foreign_keys if self.domain(name, c) == f"{pt}.{pc}"]
        if not t.patient and name != pt and len(holders) > 1:
            raise _fail(
                name,
                col,
                None,
                f"date_shift: columns {', '.join(holders)} all reference patients; "
                "set the table's `patient` to the one whose offset its dates take",
            )
        hops = self.patient_path(name)
        if hops is None:
            raise _fail(
                name,
                col,
                None,
                "date_shift needs a patient: no foreign-key path from this "
                f"table to {self.spec.patient_key} (add one, or set the table's `patient`)",
            )
        for _col, tt, tc in hops:
            if tc != self.spec.tables[tt].primary_key and self.frames[tt][tc].is_duplicated().any():
                raise _fail(tt, tc, None, f"not unique, so {name} cannot reach its patient here")

    # -- phase 2: transform ---------------------------------------------------------------------
    def note(self, kind: str, name: str, col: str, n: int = 0) -> None:
        """Record a warning (see :func:`warning`); a partitioned release tallies them instead."""
        self.warnings.append(warning(kind, f"{name}.{col}", n))

    def codes(self, name: str, col: str, s: pl.Series, rule: Rule) -> pl.Series:
        """A key column's release codes or pseudonyms (the map of its key domain)."""
        mapping = self.key_map(self.domain(name, col), s, rule)
        return _as_text(s).replace_strict(mapping, default=None, return_dtype=pl.String)

    def rare(self, name: str, col: str, text: pl.Series, k: int) -> pl.Series:
        """True where a value is seen fewer than ``k`` times in the table (never for nulls)."""
        counts = text.drop_nulls().value_counts(name="n")
        rare = counts.filter(pl.col("n") < k)[text.name]
        return text.is_in(rare.implode()).fill_null(False)

    def key_map(self, domain: str, values: pl.Series, rule: Rule) -> dict[str, str]:
        """The release code or pseudonym of every value of a key domain (built once, shared)."""
        mapping = self.maps.setdefault(domain, {})
        new = [v for v in _as_text(values).drop_nulls().unique().to_list() if v not in mapping]
        if not new:
            return mapping
        if rule is Rule.PSEUDONYM:
            namespace = PATIENT_NAMESPACE if domain == self.patient_domain else f"key:{domain}"
            for v in new:
                mapping[v] = self.key.pseudonym(v, namespace=namespace)
        else:  # random codes, never derived from the value (45 CFR 164.514(c))
            rng = np.random.default_rng(np.random.SeedSequence())
            start = len(mapping)
            order = rng.permutation(len(new)) + start
            for v, n in zip(new, order, strict=True):
                mapping[v] = f"R{int(n) + 1:08d}"
        return mapping

    @property
    def patient_domain(self) -> str:
        pt, _, pc = self.spec.patient_key.partition(".")
        return self.domain(pt, pc)

    def offsets(self, patients: pl.Series) -> pl.Series:
        """Each row's patient offset in days (computed once per patient, for all columns)."""
        text = _as_text(patients)
        for p in text.drop_nulls().unique().to_list():
            if p not in self._offsets:
                self._offsets[p] = date_offset(self.key, p, self.spec.date_shift_days)
        return text.replace_strict(self._offsets, default=None, return_dtype=pl.Int32)

    def column(
        self, name: str, col: str, c: ColumnSpec, df: pl.DataFrame, res: TableResult
    ) -> pl.Series | None:
        s = df[col]
        rule = c.rule
        if c.role is Role.FREE_TEXT and rule not in (Rule.DROP, Rule.SCRUB):
            self.note("free_text", name, col)
            rule = Rule.DROP
        if rule is Rule.SCRUB:
            return self.scrub(name, col, df)
        if rule is Rule.DROP:
            res.dropped.append(col)
            return None
        if rule is Rule.KEEP:
            return s
        if rule in KEY_RULES:
            return self.codes(name, col, s, rule)
        if rule is Rule.DATE_SHIFT:
            patients = self.patients(name)
            assert patients is not None  # checked in load()
            days = self.offsets(patients)
            d = _parse_dates(name, col, s, c)
            shifted = pl.select(pl.lit(d) + pl.duration(days=pl.lit(days))).to_series()
            orphans = int((d.is_not_null() & days.is_null()).sum())
            if orphans:
                self.note("orphans", name, col, orphans)
            row = _first_bad_row(shifted.dt.year() >= 1, shifted.is_not_null())
            if row:
                raise _fail(name, col, row, "date before year 1 after shifting (rule date_shift)")
            fmt = (c.format or "%Y-%m-%dT%H:%M:%S") if d.dtype == pl.Datetime else "%Y-%m-%d"
            return shifted.dt.strftime(fmt)
        if rule is Rule.DATE_YEAR:
            year = _parse_dates(name, col, s, c).dt.year()
            text = year.cast(pl.String)
            if c.age_cap:
                cutoff = self.today.year - 90
                capped = year <= cutoff
                res.capped[col] = int(capped.sum())
                text = pl.select(
                    pl.when(capped).then(pl.lit(f"<={cutoff}")).otherwise(text)
                ).to_series()
            return text
        if rule is Rule.AGE_90:
            num = _numbers(name, col, s, finite=True)
            res.capped[col] = int((num > 89).sum())
            return pl.select(
                pl.when(num > 89).then(pl.lit("90+")).otherwise(num.cast(pl.Int64).cast(pl.String))
            ).to_series()
        if rule is Rule.ZIP3:
            if s.dtype.is_integer():  # a ZIP read as a number lost its leading zeros
                padded = int((s < 10_000).sum())
                s = s.cast(pl.String).str.zfill(5)
            else:  # the same in text: a spreadsheet wrote 02134 as 2134 (3 digits may be a ZIP3)
                text = _as_text(s).str.strip_chars()
                short = text.str.contains(r"^\d{4}$").fill_null(False)
                padded = int(short.sum())
                s = pl.select(pl.when(short).then(text.str.zfill(5)).otherwise(s)).to_series()
            if padded:
                self.note("zip_padded", name, col, padded)
            head = _as_text(s).str.extract_all(ZIP.pattern).list.last().str.slice(0, 3)
            return pl.select(
                pl.when(head.is_in(list(RESTRICTED))).then(pl.lit("000")).otherwise(head)
            ).to_series()
        if rule is Rule.TOP_BOTTOM:
            return _numbers(name, col, s, finite=True).clip(c.min, c.max)
        if rule is Rule.GENERALIZE:
            if c.hierarchy is not None:
                out = _as_text(s).replace_strict(c.hierarchy, default=None, return_dtype=pl.String)
                res.suppressed[col] = int((out.is_null() & s.is_not_null()).sum())
                return out
            assert c.bins is not None
            return _numbers(name, col, s, finite=True).cut(c.bins, left_closed=True).cast(pl.String)
        if rule is Rule.SUPPRESS_RARE:
            mask = self.rare(name, col, _as_text(s), c.k)  # any dtype: counted as text
            res.suppressed[col] = int(mask.sum())
            return pl.select(pl.when(pl.lit(mask)).then(None).otherwise(pl.lit(s))).to_series()
        raise AssertionError(rule)

    def scrub(self, name: str, col: str, df: pl.DataFrame) -> pl.Series:
        """Free text through the notes scrubber; context is the row and its patient's row."""
        try:
            from medprivacy.deid.text.scrubber import NotesScrubber
        except ImportError:
            raise InputError(
                f"{name}.{col}: rule scrub needs `pip install medprivacy[notes]`"
            ) from None
        pseudonymised = self.spec.release is ReleaseKind.PSEUDONYMISED
        scrubber = NotesScrubber(
            self.key if pseudonymised else None,
            replace="surrogate" if pseudonymised else "tag",
            date_shift_days=self.spec.date_shift_days,
            strict=self.spec.scrub_strict,
        )
        rows = df.to_dicts()
        patients = self._patient_rows()
        keys = self.patients(name)
        row_patients = keys.to_list() if keys is not None else [None] * len(rows)
        contexts = []
        for row, pid in zip(rows, row_patients, strict=True):
            context = {k: v for k, v in row.items() if k != col and v is not None}
            if pid is not None and pid in patients:
                context.update({f"patient.{k}": v for k, v in patients[pid].items()})
                context["patient_id"] = pid
            contexts.append(context)
        texts = [str(r[col]) if r[col] is not None else "" for r in rows]
        found = scrubber.find_many(list(zip(texts, contexts, strict=True)))
        out = [
            scrubber.apply(t, spans, ctx) if t else None
            for t, spans, ctx in zip(texts, found, contexts, strict=True)
        ]
        return pl.Series(col, out, dtype=pl.String)

    def _patient_rows(self) -> dict[Any, dict[str, Any]]:
        pt, _, pc = self.spec.patient_key.partition(".")
        return {r[pc]: r for r in self.frames[pt].to_dicts() if r.get(pc) is not None}

    def transform_table(self, name: str) -> tuple[pl.DataFrame, TableResult]:
        """One table through its column rules (before its ``anonymize:`` section)."""
        df = self.frames[name]
        res = TableResult(rows=df.height, columns_in=df.width, columns_out=0)
        cols = []
        for col, c in self.spec.tables[name].columns.items():
            s = self.column(name, col, c, df, res)
            if s is not None:
                cols.append(s.alias(c.rename or col))
        frame = pl.DataFrame(cols) if cols else pl.DataFrame()
        res.columns_out = frame.width
        return frame, res

    def transform(self) -> dict[str, tuple[pl.DataFrame, TableResult]]:
        out = {}
        for name, t in self.spec.tables.items():
            frame, res = self.transform_table(name)
            if t.anonymize is not None:
                done = anonymize_frame(name, frame, t.anonymize, self.spec.resolve, self.base_dir)
                self.anonymized[name] = done
                frame, res.anonymized = done.frame, released_figures(done.report)
            out[name] = (frame, res)
        return out

    @property
    def base_dir(self) -> Path | None:
        """Where relative hierarchy files of ``anonymize:`` sections are (the spec's folder)."""
        return self.spec.source.parent if self.spec.source is not None else None


def escape_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix ``'`` to text cells a spreadsheet would run as a formula (OWASP CSV injection):
    those starting with =, +, -, @, tab or CR, except plain numbers such as -12.5; column names
    in the header row alike (a ``rename`` or an input header can be a formula too)."""

    def risky_name(name: str) -> bool:
        return bool(re.match(FORMULA_START, name)) and not re.match(PLAIN_NUMBER, name)

    frame = frame.rename({c: f"'{c}" for c in frame.columns if risky_name(c)})  # header row too
    risky = [
        pl.when(pl.col(c).str.contains(FORMULA_START) & ~pl.col(c).str.contains(PLAIN_NUMBER))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    ]
    return frame.with_columns(risky) if risky else frame


def _write_atomic(frame: pl.DataFrame, path: Path, escape: bool = False) -> None:
    """Write a frame as Parquet or CSV (by suffix) through the shared atomic writer."""
    buf = io.BytesIO()
    if path.suffix == ".parquet":
        frame.write_parquet(buf)
    else:
        (escape_formulas(frame) if escape else frame).write_csv(buf)
    try:
        atomic_write_bytes(path, buf.getvalue())
    except OSError as exc:  # read-only or full disk, name too long: one line, not a traceback
        why = exc.strerror or type(exc).__name__
        raise InputError(f"{path.parent}: cannot write {path.name} ({why})") from None


def _map_name(domain: str, used: set[str]) -> str:
    """A safe, unique file name for a key domain's private code map (columns are free text)."""
    stem = re.sub(r"[^\w.-]", "_", domain)[:120].lstrip(".") or "key"
    name, n = stem, 1
    while name in used:
        n += 1
        name = f"{stem}-{n}"
    used.add(name)
    return f"{name}.csv"


def released_files(spec: ReleaseSpec) -> dict[str, list[str]]:
    """The file each table is released as and its columns, from the spec alone (what
    :func:`release_tables` writes): a later step's plan checks what it reads against this."""
    from medprivacy.deid.table.partitioned import is_partitioned, plan_partitioned

    kept = {
        name: [
            c.rename or col
            for col, c in t.columns.items()
            if c.rule is not Rule.DROP
            and not (c.role is Role.FREE_TEXT and c.rule is not Rule.SCRUB)
        ]
        for name, t in spec.tables.items()
    }
    if is_partitioned(spec):  # each part of a table has the table's columns, so has its folder
        parts = plan_partitioned(spec)[1]
        folders = {t: kept[t] for f, t in parts.items() if f.startswith(f"{t}/")}
        return {f: kept[table] for f, table in parts.items()} | folders
    out = {}
    for name, t in spec.tables.items():
        suffix = ".parquet" if spec.resolve(t.path).suffix == ".parquet" else ".csv"
        out[f"{name}{suffix}"] = kept[name]
    return out


def check_tables(spec: ReleaseSpec, key: Key) -> list[str]:
    """Every check :func:`release_tables` makes before it writes (files, columns, keys, foreign
    keys, dates and numbers parsed; the hierarchies of ``anonymize:`` sections built on the
    released values), writing nothing: a pipeline's plan. Returns a line per anonymized table.
    With partitioned inputs only file footers are read here (columns, types, cut files); the
    rows are checked by the release, still before it writes anything."""
    from medprivacy.deid.table.partitioned import is_partitioned, plan_partitioned

    if is_partitioned(spec):
        parts, _ = plan_partitioned(spec)
        return [f"{parts} partition(s) match the spec (their rows are checked as the run starts)"]
    job = _Release(spec, key)
    job.load()
    lines = []
    for name, t in spec.tables.items():
        if t.anonymize is not None:
            frame, _ = job.transform_table(name)
            lines.append(check_section(name, frame, t.anonymize, spec.resolve, job.base_dir))
    return lines


def release_tables(
    spec: ReleaseSpec,
    key: Key,
    out_dir: str | Path,
    private_dir: str | Path,
    executor: ExecutorConfig | None = None,
) -> ReleaseResult:
    """Check every table, then transform and write them to ``out_dir`` (same format as input).

    Release-code maps (original -> code) go to ``private_dir``; nothing is written if any check
    fails. A table whose path is a folder of Parquet files makes the release partitioned (see
    :mod:`medprivacy.deid.table.partitioned`), run on ``executor``.
    """
    from medprivacy.deid.table.partitioned import is_partitioned, release_partitioned

    if is_partitioned(spec):
        return release_partitioned(spec, key, out_dir, private_dir, executor)
    job = _Release(spec, key)
    job.load()
    done = job.transform()
    files: dict[str, Path] = {}
    for name, (frame, _res) in done.items():
        suffix = ".parquet" if spec.resolve(spec.tables[name].path).suffix == ".parquet" else ".csv"
        files[name] = Path(out_dir) / f"{name}{suffix}"
        _write_atomic(frame, files[name], escape=spec.csv_escape_formulas)
    code_maps: dict[str, Path] = {}
    anonymization: dict[str, Path] = {}
    for name, anon in job.anonymized.items():  # the steward's: Pareto front, transformation
        folder = Path(private_dir) / "anonymize"
        anonymization[name] = folder / f"{name}.json"
        atomic_write_json(anonymization[name], private_document(anon))
        if anon.report.transformation is not None:
            atomic_write_text(
                folder / f"{name}.transformation.json",
                anon.report.transformation.model_dump_json(indent=2) + "\n",
            )
    if spec.release.random_codes:
        used: set[str] = set()
        for domain, mapping in job.maps.items():
            frame = pl.DataFrame({"original": list(mapping), "code": list(mapping.values())})
            code_maps[domain] = Path(private_dir) / "release_codes" / _map_name(domain, used)
            _write_atomic(frame, code_maps[domain])
    for w in job.warnings:
        log.warning("%s", w)
    return ReleaseResult(
        {n: r for n, (_, r) in done.items()},
        files,
        code_maps,
        job.warnings,
        anonymization,
        parts={n: [p] for n, p in files.items()},
    )


def describe(result: ReleaseResult) -> dict[str, Any]:
    """Counts for the release manifest (no values)."""
    return {n: vars(r) for n, r in result.tables.items()}
