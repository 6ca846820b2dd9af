"""The relational synth spec: tables, their keys, the patient table and each child's parent.

Keys use the table spec's vocabulary (``primary_key``, ``foreign_keys: {column: table.column}``,
see :mod:`medprivacy.deid.table.spec`). Every synthesized column's domain is declared, as in a flat
synth spec (:mod:`medprivacy.synth.spec`). A child table declares ``max_children``: the most rows
one *patient* contributes to it (rows beyond, in input order, are dropped before anything is
measured), and ``parent``: the foreign key column naming its parent row (default: its only one).

Event dates are declared under ``dates:`` as non-negative offsets, in days, from an earlier date
(``after:`` a date column of the same table or ``table.COLUMN`` of an ancestor), binned by public
``bins`` (day edges, from 0). The patient table may name ``end:`` (a ``dates:`` column, e.g. the
death date) after which no event of that patient is generated; ``end_date`` caps every date.
So birth <= event <= death and start <= stop hold by construction.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from medprivacy.errors import ConfigError
from medprivacy.synth.spec import Column, DateColumn

COUNT_PREFIX = "n_"  # synthesized per-parent child counts are columns named n_<child table>


class OffsetDate(BaseModel):
    """A date generated as a non-negative offset (days) from an earlier date."""

    model_config = ConfigDict(extra="forbid")
    after: str = Field(min_length=1, description="'COLUMN' of this table or 'table.COLUMN'.")
    bins: list[int] = Field(min_length=2, description="Offset bin edges in days, from 0.")
    nullable: bool = False
    format: str = Field("ISO8601", min_length=1)

    @field_validator("bins")
    @classmethod
    def _edges(cls, v: list[int]) -> list[int]:
        if v[0] != 0 or any(b <= a for a, b in itertools.pairwise(v)):
            raise ValueError("bins must start at 0 and increase strictly")
        return v


class RelTable(BaseModel):
    """One table of a relational release."""

    model_config = ConfigDict(extra="forbid")
    input: Path | None = Field(None, description="The table's file (CLI and pipeline step).")
    primary_key: str | None = None
    foreign_keys: dict[str, str] = Field(default_factory=dict)
    parent: str | None = Field(None, description="The foreign key naming the parent row.")
    max_children: int | None = Field(None, ge=1, description="Rows per patient (child tables).")
    count_bins: list[int] | None = Field(
        None, description="Bin edges of the number of rows per parent row (default: fine bins)."
    )
    context: list[str] | None = Field(
        None, description="Parent columns the rows are conditioned on (default: all its columns)."
    )
    columns: dict[str, Column] = Field(default_factory=dict)
    dates: dict[str, OffsetDate] = Field(default_factory=dict)
    end: str | None = Field(None, description="Patient table: the date no event follows.")

    @model_validator(mode="before")
    @classmethod
    def _default_type(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("columns"), dict):
            cols = {
                n: {**c, "type": "categorical"}
                if isinstance(c, dict) and "type" not in c and "domain" in c
                else c
                for n, c in data["columns"].items()
            }
            data = {**data, "columns": cols}
        return data

    @property
    def names(self) -> list[str]:
        """Synthesized columns in output order (keys first)."""
        return [*self.columns, *self.dates]


class RelationalSpec(BaseModel):
    """Tables, keys, the patient table, declared domains and per-patient bounds."""

    model_config = ConfigDict(extra="forbid")
    patient_table: str
    tables: dict[str, RelTable] = Field(min_length=2)
    end_date: date | None = Field(None, description="No generated date is later.")

    @model_validator(mode="after")
    def _check(self) -> RelationalSpec:
        pt = self.patient_table
        bad = next((n for n in self.tables if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", n)), None)
        if bad is not None:
            raise ValueError(
                f"a table name of {len(bad)} characters: 1-64 letters, digits, '_' or '-' "
                "(it names the output file)"
            )
        if pt not in self.tables:
            raise ValueError(f"patient_table {pt!r} is not a listed table")
        if not self.tables[pt].primary_key:
            raise ValueError(f"tables.{pt}: the patient table needs a primary_key")
        for name, t in self.tables.items():
            self._check_table(name, t)
        for name in self.tables:
            self.chain(name)  # refuses cycles
        return self

    def _check_table(self, name: str, t: RelTable) -> None:
        where = f"tables.{name}"
        taken = [c for c in (t.primary_key, *t.foreign_keys) if c]
        clash = next((c for c in t.names if c in taken), None)
        if clash is None:
            clash = next((c for c in t.dates if c in t.columns), None)
        if clash is not None:
            raise ValueError(f"{where}: column {clash!r} is declared twice (key, column or date)")
        for col, target in t.foreign_keys.items():
            tt, _, tc = target.partition(".")
            if tt not in self.tables:
                raise ValueError(f"{where}.foreign_keys.{col}: table {tt!r} is not listed")
            if tc != self.tables[tt].primary_key:
                raise ValueError(f"{where}.foreign_keys.{col}: {target!r} is not a primary_key")
        if name == self.patient_table:
            if t.parent or t.foreign_keys:
                raise ValueError(f"{where}: the patient table has no parent or foreign keys")
            if t.end is not None and t.end not in t.dates:
                raise ValueError(f"{where}.end: {t.end!r} is not one of the table's dates")
        else:
            if t.end is not None:
                raise ValueError(f"{where}.end: only the patient table names an end date")
            if t.max_children is None:
                raise ValueError(f"{where}: a child table needs max_children (rows per patient)")
            if t.parent is None:
                if len(t.foreign_keys) != 1:
                    raise ValueError(f"{where}: name the parent foreign key (parent: COLUMN)")
                t.parent = next(iter(t.foreign_keys))
            if t.parent not in t.foreign_keys:
                raise ValueError(f"{where}.parent: {t.parent!r} is not a foreign key")
        if t.count_bins is not None:
            b = t.count_bins
            if b[0] != 0 or any(y <= x for x, y in itertools.pairwise(b)) or len(b) < 2:
                raise ValueError(f"{where}.count_bins: must start at 0 and increase strictly")

    def parent_of(self, name: str) -> str | None:
        t = self.tables[name]
        if name == self.patient_table or t.parent is None:
            return None
        return t.foreign_keys[t.parent].partition(".")[0]

    def chain(self, name: str) -> list[str]:
        """``name`` and its ancestors up to the patient table."""
        out = [name]
        while out[-1] != self.patient_table:
            p = self.parent_of(out[-1])
            if p is None or p in out:
                raise ValueError(f"tables.{name}: its parents never reach the patient table")
            out.append(p)
        return out

    def children(self, name: str) -> list[str]:
        return [t for t in self.tables if self.parent_of(t) == name]

    def order(self) -> list[str]:
        """Tables with every parent before its children."""
        return sorted(self.tables, key=lambda t: len(self.chain(t)))

    def check_references(self) -> None:
        """Foreign keys point up the parent chain; context and date anchors resolve."""
        for name, t in self.tables.items():
            where = f"tables.{name}"
            up = self.chain(name)[1:]
            for col, target in t.foreign_keys.items():
                if target.partition(".")[0] not in up:
                    raise ConfigError(
                        f"relational spec: {where}.foreign_keys.{col}: {target!r} is not an "
                        "ancestor on the parent chain"
                    )
            parent = self.parent_of(name)
            if parent is not None:
                have = context_names(self, parent)
                for c in t.context or []:
                    if c not in have:
                        raise ConfigError(
                            f"relational spec: {where}.context: {c!r} is not a column of {parent}"
                        )
            for col, d in t.dates.items():
                self._anchor(name, col, d.after)

    def _anchor(self, name: str, col: str, after: str, seen: tuple[str, ...] = ()) -> None:
        t = self.tables[name]
        where = f"relational spec: tables.{name}.dates.{col}.after"
        tt, dot, tc = after.partition(".")
        if dot and tt in self.tables:
            if tt not in self.chain(name)[1:]:
                raise ConfigError(f"{where}: {tt!r} is not an ancestor table")
            target = self.tables[tt]
            if tc in target.dates or isinstance(target.columns.get(tc), DateColumn):
                return
            raise ConfigError(f"{where}: {after!r} is not a date column of {tt}")
        if after in t.dates:
            if after == col or after in seen:
                raise ConfigError(f"{where}: dates of {name} follow each other in a cycle")
            self._anchor(name, after, t.dates[after].after, (*seen, col))
            return
        if not isinstance(t.columns.get(after), DateColumn):
            raise ConfigError(f"{where}: {after!r} is not a date column of {name}")


def context_names(spec: RelationalSpec, table: str) -> list[str]:
    """Columns of ``table``'s model a child may be conditioned on: its columns and dates, its
    child counts (``n_<child>``) and its own context (named ``table.column``)."""
    t = spec.tables[table]
    parent = spec.parent_of(table)
    own = [*t.columns, *t.dates, *(COUNT_PREFIX + c for c in spec.children(table))]
    if parent is None:
        return own
    return [*own, *(qualified(parent, c) for c in context_of(spec, table))]


def context_of(spec: RelationalSpec, table: str) -> list[str]:
    """The parent columns ``table`` is conditioned on: declared, or by default the parent's
    number of rows of ``table`` (``n_<table>``, first: a heavy parent's children differ from a
    light one's, and the bound keeps fewer of a heavy patient's rows) and its columns."""
    t = spec.tables[table]
    parent = spec.parent_of(table)
    if parent is None:
        return []
    if t.context is not None:
        return list(t.context)
    return [COUNT_PREFIX + table, *spec.tables[parent].columns]


def qualified(table: str, column: str) -> str:
    return column if "." in column else f"{table}.{column}"


def is_relational(data: Any) -> bool:
    """Whether a loaded spec mapping is a relational one (it lists ``tables``)."""
    return isinstance(data, dict) and "tables" in data


def as_relational_spec(spec: RelationalSpec | dict[str, Any]) -> RelationalSpec:
    """A validated relational spec (one-line ConfigError naming where, never a value)."""
    if isinstance(spec, RelationalSpec):
        return spec
    if not isinstance(spec, dict):
        raise ConfigError("relational spec must be a mapping with `patient_table` and `tables`")
    try:
        parsed = RelationalSpec.model_validate(spec)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"relational spec: {where + ': ' if where else ''}{msg}") from None
    parsed.check_references()
    return parsed
