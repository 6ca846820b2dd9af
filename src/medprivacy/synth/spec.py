"""The synthesis spec: every column's domain is declared (public knowledge), never read from data.

A spec may be a :class:`SynthSpec` or a plain dict, e.g.
``{"columns": {"age": {"type": "categorical", "domain": [0, 1, 2]}}}``. Column kinds:

- ``categorical``: ``domain`` lists every possible value (integers, strings, booleans);
- ``numeric``: ``bounds: [lo, hi]``, ``bins`` (a count of equal-width bins or the edges) and
  ``dtype`` (``float``, the default, or ``int``); values are clipped to the bounds, synthesized as
  bins and drawn uniformly inside their bin;
- ``date``: ``range: [first, last]`` (ISO dates), ``bins`` (equal-width in days) and ``format``
  (a strptime format, default ``ISO8601``).

Types come from the spec, never from the data: each cell is read on its own (as text from a CSV)
and converted by its column's declared type; a cell that does not conform (a value outside the
domain, ``7.5`` in an ``int`` column, a date in another format, an empty cell) is *null*. With
``nullable: true`` (alias ``missing: true``) a column has one more code for null: a category of its
own, and for numeric and date columns a null indicator packed with the bin into one code. That code
is measured with the column's other codes, so the null share is DP like any cell count and
synthesized as empty cells in about the input's share. A null in a column without it is an error
naming the column, the row and the rule (never the value). Output dtypes come from the spec alone
(:func:`output_dtype`).

``privacy_unit: {id: COLUMN, max_rows: K}`` names the patient identifier when a patient has several
rows; rows beyond the first K per patient (in input order) are dropped before fitting and the
noise is scaled to protect a whole patient (see :mod:`medprivacy.synth.contributions`).
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from medprivacy.errors import ConfigError

Scalar = bool | int | float | str


class _Column(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    nullable: bool = Field(
        False,
        validation_alias=AliasChoices("nullable", "missing"),
        description="Null cells get their own code (else a null is an error). Alias: missing.",
    )

    @property
    def size(self) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    @property
    def codes(self) -> int:
        """Number of codes: the domain's size, plus one for null with ``nullable``."""
        return self.size + int(self.nullable)


class CategoricalColumn(_Column):
    """A column whose possible values are all listed in ``domain``."""

    type: Literal["categorical"] = "categorical"
    domain: list[Scalar] = Field(min_length=1)

    @field_validator("domain")
    @classmethod
    def _unique(cls, v: list[Scalar]) -> list[Scalar]:
        if len({(type(x).__name__, x) for x in v}) != len(v):
            raise ValueError("domain values must be unique")
        return v

    @property
    def size(self) -> int:
        return len(self.domain)


class NumericColumn(_Column):
    """A numeric column with declared bounds, synthesized by bins."""

    type: Literal["numeric"]
    bounds: tuple[float, float]
    bins: int | list[float] = 10
    dtype: Literal["float", "int"] = "float"

    @model_validator(mode="after")
    def _check(self) -> NumericColumn:
        lo, hi = self.bounds
        if not lo < hi:
            raise ValueError("bounds must be [low, high] with low < high")
        if isinstance(self.bins, int):
            if self.bins < 1:
                raise ValueError("bins must be at least 1")
        else:
            edges = list(self.bins)
            if len(edges) < 2 or any(b <= a for a, b in itertools.pairwise(edges)):
                raise ValueError("bin edges must be at least two strictly increasing numbers")
            if edges[0] != lo or edges[-1] != hi:
                raise ValueError("bin edges must start and end at the bounds")
        return self

    @property
    def edges(self) -> list[float]:
        if isinstance(self.bins, int):
            lo, hi = self.bounds
            return [lo + (hi - lo) * i / self.bins for i in range(self.bins + 1)]
        return list(self.bins)

    @property
    def size(self) -> int:
        return len(self.edges) - 1


class DateColumn(_Column):
    """A date column with a declared range, synthesized by equal-width bins of days."""

    type: Literal["date"]
    range: tuple[date, date]
    bins: int = Field(12, ge=1)
    format: str = Field("ISO8601", min_length=1, description="strptime format of the dates.")

    @model_validator(mode="after")
    def _check(self) -> DateColumn:
        if not self.range[0] < self.range[1]:
            raise ValueError("range must be [first, last] with first < last")
        return self

    @property
    def size(self) -> int:
        return min(self.bins, (self.range[1] - self.range[0]).days + 1)


Column = Annotated[CategoricalColumn | NumericColumn | DateColumn, Field(discriminator="type")]


class PrivacyUnit(BaseModel):
    """The patient identifier and how many rows one patient may contribute."""

    model_config = ConfigDict(extra="forbid")
    id: str
    max_rows: int = Field(ge=1)
    entity: str | None = Field(
        None,
        min_length=1,
        description="Who is protected (e.g. patient); releases of one ledger dataset must name "
        "the same entity. Default: the id column's name.",
    )


class SynthSpec(BaseModel):
    """Columns to synthesize with their public domains, and the privacy unit."""

    model_config = ConfigDict(extra="forbid")
    columns: dict[str, Column] = Field(min_length=1)
    privacy_unit: PrivacyUnit | None = None
    target: str | None = Field(None, description="Column predicted in the utility report.")

    @model_validator(mode="before")
    @classmethod
    def _default_type(cls, data: Any) -> Any:
        # `{"domain": [...]}` alone means a categorical column
        if isinstance(data, dict) and isinstance(data.get("columns"), dict):
            cols = {}
            for name, col in data["columns"].items():
                if isinstance(col, dict) and "type" not in col and "domain" in col:
                    col = {**col, "type": "categorical"}
                cols[name] = col
            data = {**data, "columns": cols}
        return data

    @model_validator(mode="after")
    def _check(self) -> SynthSpec:
        if self.privacy_unit is not None and self.privacy_unit.id in self.columns:
            raise ValueError("the privacy unit's id column cannot also be synthesized")
        if self.target is not None and self.target not in self.columns:
            raise ValueError("target must be one of the columns")
        return self

    @property
    def max_rows(self) -> int:
        """Rows one protected individual may contribute (1 without a privacy unit)."""
        return self.privacy_unit.max_rows if self.privacy_unit else 1


def output_dtype(col: CategoricalColumn | NumericColumn | DateColumn) -> str:
    """The pandas dtype of a synthesized column, from its declaration alone."""
    if isinstance(col, DateColumn):
        return "datetime64[ns]"
    if isinstance(col, NumericColumn):
        if col.dtype == "int":
            return "Int64" if col.nullable else "int64"
        return "float64"
    values = col.domain
    if all(isinstance(v, bool) for v in values):
        return "boolean" if col.nullable else "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "Int64" if col.nullable else "int64"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "float64"
    return "object"


def as_spec(spec: SynthSpec | dict[str, Any]) -> SynthSpec:
    """A validated spec from a :class:`SynthSpec` or a plain dict (one-line ConfigError)."""
    if isinstance(spec, SynthSpec):
        return spec
    if not isinstance(spec, dict):
        raise ConfigError("synth spec must be a mapping with `columns`")
    try:
        return SynthSpec.model_validate(spec)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise ConfigError(f"synth spec: {where}: {err['msg']}") from None
