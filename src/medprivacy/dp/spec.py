"""What a DP statistics release asks for: the privacy unit, the budget and the queries.

Everything that shapes the noise (bounds, bins, categories, candidate values, column types, the
privacy unit) is declared here, as public knowledge, and never read from the private data: a query
without it is a validation error. Column types come from ``columns`` (or a default that depends on
the spec only, see :meth:`StatsSpec.column_types`); a cell that does not fit its type is empty.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from medprivacy.errors import ConfigError
from medprivacy.spec import load_yaml, raise_invalid, read_text

Scalar = str | int | float | bool
ColumnType = Literal["int", "float", "str", "date"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class PrivacyUnit(_Model):
    """Whose privacy is protected: each value of ``id`` is one person; ``id: null`` states that
    each row is one person.

    A person's rows beyond ``max_rows`` are dropped before measuring: the first ``max_rows`` in
    input order, or in ascending ``order_by`` when it is given (a stable, documented rule). Rows
    with an empty id belong to nobody known and are dropped too.
    """

    id: str | None
    max_rows: int = Field(1, ge=1, le=10_000)
    order_by: str | None = None
    entity: str | None = Field(
        None,
        min_length=1,
        description="Who is protected (e.g. patient): releases of one ledger dataset must name "
        "the same entity. Default: the id column's name, or `row` for `id: null`.",
    )

    @model_validator(mode="after")
    def _row_is_person(self) -> PrivacyUnit:
        if self.id is None and (self.max_rows != 1 or self.order_by):
            raise ValueError("with `id: null` (one row per person) max_rows is 1, no order_by")
        return self

    def ledger_unit(self) -> dict[str, Any]:
        """The unit as the budget ledger records it."""
        unit = {"id": self.id, "max_rows": self.max_rows}
        return {**unit, "entity": self.entity} if self.entity else unit


class Budget(_Model):
    """The release's privacy loss: ε (pure or approximate DP) or ρ (zCDP), with δ where needed."""

    epsilon: float | None = Field(None, gt=0)
    rho: float | None = Field(None, gt=0)
    delta: float | None = Field(None, gt=0, lt=1)

    @model_validator(mode="after")
    def _one_measure(self) -> Budget:
        if (self.epsilon is None) == (self.rho is None):
            raise ValueError("give exactly one of epsilon or rho")
        for name in ("epsilon", "rho"):
            value = getattr(self, name)
            if value is not None and not math.isfinite(value):
                raise ValueError(f"{name} must be finite")
        return self


class _Query(_Model):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    weight: float = Field(
        1.0,
        gt=0,
        allow_inf_nan=False,
        description="Share of the budget, relative to other queries.",
    )


class _Numeric(_Query):
    column: str
    bounds: tuple[float, float]
    missing: Literal["drop"] | float = Field(
        "drop", description="Rows where the column is empty: dropped, or set to this value."
    )

    @field_validator("bounds")
    @classmethod
    def _ordered(cls, v: tuple[float, float]) -> tuple[float, float]:
        if not (math.isfinite(v[0]) and math.isfinite(v[1]) and v[0] < v[1]):
            raise ValueError("bounds must be two finite numbers, lower < upper")
        return v


class Count(_Query):
    """Number of rows (after the per-person bound)."""

    kind: Literal["count"]


class Sum(_Numeric):
    """Sum of a column clipped to ``bounds``."""

    kind: Literal["sum"]


class Mean(_Numeric):
    """Mean of a column clipped to ``bounds`` (noisy sum over noisy count)."""

    kind: Literal["mean"]


class Variance(_Numeric):
    """Variance of a column clipped to ``bounds``, from noisy Σx, Σx² and count."""

    kind: Literal["variance"]


class Quantile(_Numeric):
    """A quantile chosen among ``candidates`` (default: ``steps`` evenly spaced over ``bounds``)."""

    kind: Literal["quantile", "median"]
    alpha: float = Field(0.5, gt=0, lt=1, description="Which quantile: 0.5 is the median.")
    candidates: list[float] | None = None
    steps: int = Field(101, ge=2, le=10_000)

    def candidate_values(self) -> list[float]:
        if self.candidates:
            return sorted(set(self.candidates))
        lo, hi = self.bounds
        return [lo + (hi - lo) * i / (self.steps - 1) for i in range(self.steps)]

    @model_validator(mode="after")
    def _median(self) -> Quantile:
        if self.kind == "median":
            self.alpha = 0.5
        return self


class Axis(_Model):
    """One dimension of a histogram: declared categories, or numeric bin edges.

    With ``other``, empty cells and values outside ``categories`` are counted in one more cell
    of that name (row by row); without it they are not counted.
    """

    column: str
    categories: list[Scalar] | None = None
    bins: list[float] | None = None
    other: Scalar | None = None

    @model_validator(mode="after")
    def _one(self) -> Axis:
        if (self.categories is None) == (self.bins is None):
            raise ValueError(f"column {self.column!r}: declare exactly one of categories or bins")
        if self.categories is not None and not self.categories:
            raise ValueError(f"column {self.column!r}: categories is empty")
        if self.other is not None and (self.categories is None or self.other in self.categories):
            raise ValueError(f"column {self.column!r}: `other` is a new cell beside categories")
        if self.bins is not None:
            b = self.bins
            if len(b) < 2 or any(not math.isfinite(x) for x in b) or b != sorted(set(b)):
                raise ValueError(
                    f"column {self.column!r}: bins are at least two increasing finite edges"
                )
        return self

    def labels(self) -> list[Scalar]:
        """The cells of this axis: categories, or ``[lo, hi)`` bin labels."""
        if self.categories is not None:
            extra = [] if self.other is None else [self.other]
            return [*self.categories, *extra]
        assert self.bins is not None
        return [bin_label(lo, hi) for lo, hi in zip(self.bins, self.bins[1:], strict=False)]


def bin_label(lo: float, hi: float) -> str:
    return f"[{lo:g}, {hi:g})"


class Histogram(_Query):
    """Counts over one axis (``column`` + ``categories`` or ``bins``) or several (``axes``)."""

    kind: Literal["histogram", "contingency"]
    column: str | None = None
    categories: list[Scalar] | None = None
    bins: list[float] | None = None
    other: Scalar | None = None
    axes: list[Axis] | None = None

    @model_validator(mode="after")
    def _axes(self) -> Histogram:
        if self.axes is None:
            if self.column is None:
                raise ValueError("give `column` (with categories or bins) or `axes`")
            self.axes = [
                Axis(
                    column=self.column,
                    categories=self.categories,
                    bins=self.bins,
                    other=self.other,
                )
            ]
        elif self.column is not None:
            raise ValueError("give either `column` or `axes`, not both")
        if len({a.column for a in self.axes}) != len(self.axes):
            raise ValueError("an axis column appears twice")
        cells = math.prod(len(a.labels()) for a in self.axes)
        if cells > 1_000_000:
            raise ValueError("more than 1,000,000 cells")
        return self


class Aggregate(_Model):
    """The statistic of a group-by: a count, or a sum / mean of a bounded column."""

    kind: Literal["count", "sum", "mean"] = "count"
    column: str | None = None
    bounds: tuple[float, float] | None = None

    @model_validator(mode="after")
    def _bounded(self) -> Aggregate:
        if self.kind != "count" and (self.column is None or self.bounds is None):
            raise ValueError(f"a group-by {self.kind} needs `column` and `bounds`")
        return self


class GroupBy(_Query):
    """A statistic per group of ``by``; groups not declared in ``keys`` are found privately.

    Without ``keys``, OpenDP releases only the groups whose noisy count passes a threshold set by
    δ: the budget must then have a delta.
    """

    kind: Literal["group_by"]
    by: list[str] = Field(min_length=1)
    keys: list[list[Scalar]] | None = None
    aggregate: Aggregate = Field(default_factory=Aggregate)


QuerySpec = Annotated[
    Count | Sum | Mean | Variance | Quantile | Histogram | GroupBy, Field(discriminator="kind")
]


class StatsSpec(_Model):
    """A DP statistics release: input table, privacy unit, budget and queries."""

    input: Path | None = Field(None, description="CSV or Parquet table (CLI and pipeline step).")
    dataset: str | None = Field(None, description="Ledger dataset that pays for the release.")
    privacy_unit: PrivacyUnit = Field(
        description="Who is protected: {id: COLUMN, max_rows: N}, or {id: null} for one row per "
        "person (stated, never assumed)."
    )
    columns_: dict[str, ColumnType] = Field(
        default_factory=dict,
        alias="columns",
        description="Column types: int, float, str or date. The type picks the mechanism (integer "
        "or float noise), never the data; a cell that does not fit is empty.",
    )
    budget: Budget | None = None
    max_rows: int = Field(
        10_000_000,
        ge=1,
        description="Public upper bound on the table's row count. OpenDP widens float sums' noise "
        "for rounding in proportion to it: keep it near the truth (integer columns are exact).",
    )
    public_row_count: bool = Field(
        False,
        description="Treat the row count as public (OpenDP invariant 'lengths'). Weakens the "
        "guarantee: neighbours replace one person's rows (same row count) instead of adding or "
        "removing them; statistics whose noise vanishes under it (the count) are refused.",
    )
    queries: list[QuerySpec] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _unit_stated(cls, data: Any) -> Any:
        if isinstance(data, dict) and "privacy_unit" not in data:
            raise ValueError(
                "declare privacy_unit: {id: COLUMN, max_rows: N}, or {id: null} when each row "
                "is one person (it is stated, never assumed)"
            )
        return data

    @model_validator(mode="after")
    def _unique(self) -> StatsSpec:
        names = [q.name for q in self.queries]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"duplicate query names: {sorted(dup)}")
        unknown = sorted(set(self.columns_) - self.columns())
        if unknown:
            raise ValueError(f"`columns` declares {unknown[0]!r}, which no query uses")
        return self

    def columns(self) -> set[str]:
        """Every column the queries and the privacy unit read."""
        cols: set[str] = set()
        for q in self.queries:
            if isinstance(q, _Numeric):
                cols.add(q.column)
            elif isinstance(q, Histogram):
                cols.update(a.column for a in q.axes or [])
            elif isinstance(q, GroupBy):
                cols.update(q.by)
                if q.aggregate.column:
                    cols.add(q.aggregate.column)
        if self.privacy_unit.id:
            cols.add(self.privacy_unit.id)
        if self.privacy_unit.order_by:
            cols.add(self.privacy_unit.order_by)
        return cols

    def column_types(self) -> dict[str, ColumnType]:
        """Each used column's type: as declared in ``columns``, else a default from the spec
        alone: float for bounded or binned columns, int for categories or keys that are all whole
        numbers, str otherwise (ids, order_by, other categories)."""
        derived: dict[str, ColumnType] = {}
        for q in self.queries:
            if isinstance(q, _Numeric):
                derived.setdefault(q.column, "float")
            elif isinstance(q, Histogram):
                for a in q.axes or []:
                    t = "float" if a.bins is not None else _kind_of(a.categories or [])
                    derived.setdefault(a.column, t)
            elif isinstance(q, GroupBy):
                if q.aggregate.column:
                    derived.setdefault(q.aggregate.column, "float")
                for i, c in enumerate(q.by):
                    derived.setdefault(c, _kind_of([k[i] for k in q.keys or [] if len(k) > i]))
        return {c: derived.get(c, "str") for c in self.columns()} | self.columns_


def _kind_of(values: list[Any]) -> ColumnType:
    ints = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    return "int" if values and len(ints) == len(values) else "str"


def parse_stats_spec(data: Any, source: str = "<stats spec>", root: Any = None) -> StatsSpec:
    """Validate a stats spec from a dict (or a parsed YAML document)."""
    if isinstance(data, StatsSpec):
        return data
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a stats spec is a mapping with `queries`")
    try:
        return StatsSpec.model_validate(data)
    except ValidationError as exc:
        raise_invalid(source, root, exc)


def load_stats_spec(path: str | Path) -> StatsSpec:
    """Read and validate a stats spec YAML file (errors name the line)."""
    path = Path(path)
    root, data = load_yaml(read_text(path, "stats spec"), str(path))
    return parse_stats_spec(data, str(path), root)
