"""The ``anonymize:`` configuration: hierarchies, privacy models, suppression, utility, method.

YAML form (a table spec's ``anonymize:`` section parses into :class:`AnonymizeConfig`)::

    quasi_identifiers:
      age: {kind: intervals, widths: [5, 10, 20]}
      zip: {kind: prefix, keep: [3, 1]}
      admitted: {kind: dates}
      sex: {kind: csv, path: hierarchies/sex.csv}
      race: {kind: groups, groups: [{White: White, Black: Black, Asian: Other}]}
    sensitive: {diagnosis: null}     # optional hierarchy per sensitive attribute
    models:
      - {kind: k_anonymity, k: 5}
      - {kind: prosecutor_risk, highest: 0.09, average: 0.05}
    suppression_limit: 0.02
    utility: ncp
    method: optimal                  # or mondrian
    time_limit_s: 60
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from medprivacy.anonymize import hierarchy as hier
from medprivacy.anonymize.models import LDiversity, PrivacyModel, TCloseness
from medprivacy.anonymize.utility import Measure
from medprivacy.errors import ConfigError


class HierarchySpec(BaseModel):
    """How to build one attribute's hierarchy: from a CSV, inline rows or a built-in rule.

    Built-ins depend only on their parameters (intervals start at ``origin``, default 0), never
    on the data, so a saved transformation regenerates the same groups on new data.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["csv", "rows", "intervals", "dates", "prefix", "groups"]
    path: str | None = None  # csv
    delimiter: str = ";"  # csv
    rows: list[list[str]] | None = None  # rows: [value, level1, ..., *]
    widths: list[float] | None = None  # intervals
    bins: list[list[float]] | None = None  # intervals
    origin: float = 0.0  # intervals
    date_levels: list[str] = Field(default_factory=lambda: list(hier.DATE_LEVELS))  # dates
    keep: list[int] | None = None  # prefix: leading characters kept per level
    groups: list[dict[str, str]] | None = None  # groups: label -> group, per level

    @model_validator(mode="after")
    def _complete(self) -> HierarchySpec:
        need = {"csv": "path", "rows": "rows", "groups": "groups"}.get(self.kind)
        if need and getattr(self, need) is None:
            raise ValueError(f"hierarchy kind {self.kind} needs {need}")
        if self.kind == "intervals" and (self.widths is None) == (self.bins is None):
            raise ValueError("hierarchy kind intervals needs widths or bins")
        return self

    def build(
        self, name: str, values: Iterable[object], base_dir: Path | None = None
    ) -> hier.Hierarchy:
        """The hierarchy for attribute ``name`` whose data values are ``values``."""
        if self.kind == "csv":
            path = Path(self.path or "")
            if not path.is_absolute() and base_dir is not None:
                path = base_dir / path
            return hier.from_csv(name, path, self.delimiter)
        if self.kind == "rows":
            return hier.from_rows(name, self.rows or [])
        if self.kind == "intervals":
            return hier.intervals(name, values, self.widths, self.bins, self.origin)
        if self.kind == "dates":
            return hier.dates(name, values, self.date_levels)
        if self.kind == "prefix":
            return hier.prefix(name, values, self.keep)
        return hier.groups(name, values, self.groups or [])


class AnonymizeConfig(BaseModel):
    """Privacy models to enforce on the quasi-identifiers, at least loss of ``utility``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    quasi_identifiers: dict[str, HierarchySpec] = Field(min_length=1)
    sensitive: dict[str, HierarchySpec | None] = Field(default_factory=dict)
    models: list[PrivacyModel] = Field(min_length=1)
    suppression_limit: float = Field(default=0.0, ge=0, le=1)
    utility: Measure = "ncp"
    method: Literal["optimal", "mondrian"] = "optimal"
    time_limit_s: float | None = Field(default=None, gt=0)
    suppressed_rows: Literal["drop", "mask"] = "drop"

    @field_validator("method", mode="before")
    @classmethod
    def _alias(cls, v: object) -> object:
        return "optimal" if v == "flash" else v  # the lattice search plays Flash's role

    @model_validator(mode="after")
    def _consistent(self) -> AnonymizeConfig:
        for m in self.models:
            if isinstance(m, LDiversity | TCloseness):
                if m.attribute in self.quasi_identifiers:
                    raise ValueError(f"{m.kind}: {m.attribute!r} is a quasi-identifier")
                if (
                    isinstance(m, TCloseness)
                    and m.distance == "hierarchical"
                    and self.sensitive.get(m.attribute) is None
                ):
                    raise ValueError(
                        f"t_closeness on {m.attribute!r}: hierarchical distance needs "
                        "sensitive: {attribute: hierarchy}"
                    )
        return self

    @property
    def sensitive_attributes(self) -> list[str]:
        """Declared sensitive attributes plus those the models name, in a stable order."""
        names = list(self.sensitive)
        for m in self.models:
            attr = m.sensitive
            if attr is not None and attr not in names:
                names.append(attr)
        return names


def parse(data: object) -> AnonymizeConfig:
    """Parse a YAML ``anonymize:`` mapping; invalid input is a one-line ConfigError."""
    from pydantic import ValidationError

    try:
        return AnonymizeConfig.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"anonymize: {where}: {err['msg']}") from None
