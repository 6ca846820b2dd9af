"""Table specs: which tables, how they join, and per column a role and a rule.

A spec is YAML (a file of its own, referenced by the ``deid_tables`` pipeline step). Every column of
every input must be listed: an unlisted column is an error, so nothing is released under a guessed
spec. ``medprivacy inspect`` proposes a spec with ``reviewed: false``; the runner refuses it until a
steward has read it and set ``reviewed: true``.

Three release kinds exist and are never confused: ``safe_harbor`` (45 CFR 164.514(b)(2); random
release codes, dates to the year), ``expert_determination`` (the Safe Harbor rules, then each
table's ``anonymize:`` section generalizes the remaining quasi-identifiers until privacy models
hold; 164.514(b)(1)) and ``pseudonymised`` (keyed pseudonyms and per-patient date shifts, linkable
with the DICOM release; never labelled Safe Harbor).

A table's ``anonymize:`` section holds :class:`medprivacy.anonymize.AnonymizeConfig` keys (its
quasi-identifiers named as released, after ``rename``), or ``apply:`` a transformation saved by an
earlier release (re-applied, its models checked again); ``tradeoff:`` lists the highest-risk
thresholds of the risk-vs-utility table the steward reviews.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from medprivacy.errors import ConfigError
from medprivacy.spec import load_yaml, raise_invalid, read_text, resolve_path, yaml_line


class Role(StrEnum):
    DIRECT = "direct"  # a direct identifier (name, SSN, phone, ...)
    QUASI = "quasi"  # linkable with outside data (age, sex, ZIP, race, ...)
    SENSITIVE = "sensitive"  # what the research is about (diagnosis, ...)
    DATE = "date"
    FREE_TEXT = "free_text"
    KEY = "key"  # a primary or foreign key
    KEEP = "keep"  # neither identifying nor sensitive (codes, counts)


class Rule(StrEnum):
    KEEP = "keep"
    DROP = "drop"
    RELEASE_CODE = "release_code"  # random per release; the map stays in private/
    PSEUDONYM = "pseudonym"  # HMAC(key, value): same in every run and in the DICOM release
    DATE_SHIFT = "date_shift"  # per-patient keyed offset (the DICOM step's function)
    DATE_YEAR = "date_year"  # the year only; with age_cap, years implying age > 89 aggregated
    AGE_90 = "age_90"  # ages over 89 become "90+"
    ZIP3 = "zip3"  # first three digits; restricted areas (<= 20,000 people) become 000
    TOP_BOTTOM = "top_bottom"  # clip numbers to [min, max]
    GENERALIZE = "generalize"  # map values through a hierarchy, or numbers into bins
    SUPPRESS_RARE = "suppress_rare"  # values seen fewer than k times become empty
    SCRUB = "scrub"  # free text through the notes scrubber, with the row's patient as context


class Identifier(StrEnum):
    """The 18 Safe Harbor identifier kinds, 45 CFR 164.514(b)(2)(i)(A)-(R)."""

    NAME = "name"
    GEOGRAPHIC = "geographic"
    DATE = "date"
    PHONE = "phone"
    FAX = "fax"
    EMAIL = "email"
    SSN = "ssn"
    MRN = "mrn"
    HEALTH_PLAN = "health_plan"
    ACCOUNT = "account"
    LICENSE = "license"
    VEHICLE = "vehicle"
    DEVICE = "device"
    URL = "url"
    IP = "ip"
    BIOMETRIC = "biometric"
    PHOTO = "photo"
    OTHER_ID = "other_id"


class ReleaseKind(StrEnum):
    SAFE_HARBOR = "safe_harbor"
    EXPERT_DETERMINATION = "expert_determination"  # Safe Harbor rules, then `anonymize:`
    PSEUDONYMISED = "pseudonymised"

    @property
    def random_codes(self) -> bool:
        """Whether keys become random release codes and dates years (the Safe Harbor rules)."""
        return self is not ReleaseKind.PSEUDONYMISED


# Under Safe Harbor: what a column that holds an identifier kind (or plays a role) may become.
SH_ANY_IDENTIFIER = {Rule.DROP, Rule.RELEASE_CODE}
SH_IDENTIFIER_RULES = {
    Identifier.DATE: {Rule.DATE_YEAR, Rule.AGE_90},
    Identifier.GEOGRAPHIC: {Rule.ZIP3},
}
SH_ROLE_RULES = {
    Role.KEY: {Rule.RELEASE_CODE, Rule.DROP},
    Role.DIRECT: {Rule.DROP, Rule.RELEASE_CODE, Rule.ZIP3},
    Role.FREE_TEXT: {Rule.DROP, Rule.SCRUB},
}


MAX_TABLE_NAME = 100  # table names become file names (<table>.csv, <table>.<column>.csv)
_BIRTH = re.compile(r"birth|(?:^|[^a-z])(?:dob|born)(?:[^a-z]|$)", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")  # PatientDOB, DOBDate


def is_birth_date(column: str) -> bool:
    """Whether a column's name says it holds a birth date (BIRTHDATE, date_of_birth, DOB, and
    in camelCase or with "born": PatientDOB, dobDate, date_born)."""
    return _BIRTH.search(_CAMEL.sub("_", column)) is not None


def _names(rules: set[Rule]) -> str:
    return "allowed: " + ", ".join(sorted(r.value for r in rules))


class ColumnSpec(BaseModel):
    """One column: what it is (role, Safe Harbor identifier kind) and what happens to it."""

    model_config = ConfigDict(extra="forbid")
    role: Role
    rule: Rule
    identifier: Identifier | None = None
    type: Literal["int", "float", "date", "string"] | None = Field(
        None, description="Expected type; values that do not parse stop the release."
    )
    format: str | None = Field(None, description="strftime format of dates, e.g. %m/%d/%y.")
    not_after: date | None = Field(
        None, description="Two-digit years: dates parsed later than this move back 100 years."
    )
    age_cap: bool = Field(False, description="date_year: aggregate years implying age > 89.")
    min: float | None = None
    max: float | None = None
    bins: list[float] | None = None
    hierarchy: dict[str, str] | None = None
    k: int = Field(10, ge=2, description="suppress_rare: minimum count of a released value.")
    rename: str | None = None

    @model_validator(mode="after")
    def _parameters(self) -> ColumnSpec:
        if self.rule is Rule.TOP_BOTTOM and self.min is None and self.max is None:
            raise ValueError("top_bottom needs min and/or max")
        if self.rule is Rule.GENERALIZE and (self.bins is None) == (self.hierarchy is None):
            raise ValueError("generalize needs exactly one of bins or hierarchy")
        if self.bins is not None and sorted(self.bins) != self.bins:
            raise ValueError("bins must be increasing")
        return self


TRADEOFF = (0.5, 0.2, 0.1, 0.05, 0.02)
NOT_QI_RULES = {Rule.RELEASE_CODE, Rule.PSEUDONYM, Rule.SCRUB}  # keys and free text


class TableAnonymize(BaseModel):
    """A table's ``anonymize:`` section: a privacy model to meet (``config``, the
    :class:`~medprivacy.anonymize.AnonymizeConfig` keys), or ``apply:`` a saved transformation."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    config: Any = None  # AnonymizeConfig (imported lazily: the search pulls numpy and pandas)
    apply: Path | None = None
    tradeoff: tuple[float, ...] = TRADEOFF

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError("anonymize: a mapping of quasi_identifiers, models, ... or apply:")
        if "config" in data:  # already parsed
            return data
        rest = dict(data)
        out: dict[str, Any] = {k: rest.pop(k) for k in ("apply", "tradeoff") if k in rest}
        if "apply" in out and rest:
            raise ValueError(f"apply: re-applies a saved transformation; drop {sorted(rest)[0]}")
        if "apply" not in out:
            from medprivacy.anonymize import parse

            try:
                out["config"] = parse(rest)
            except ConfigError as exc:
                raise ValueError(str(exc).removeprefix("anonymize: ")) from None
        return out

    @field_validator("tradeoff")
    @classmethod
    def _thresholds(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if any(not 0 < t <= 1 for t in v):
            raise ValueError("tradeoff thresholds are risks in (0, 1]")
        return v

    def columns(self) -> tuple[list[str], list[str]]:
        """Quasi-identifiers and sensitive attributes (empty for ``apply:`` until it is read)."""
        if self.config is None:
            return [], []
        return list(self.config.quasi_identifiers), list(self.config.sensitive_attributes)


class TableSpec(BaseModel):
    """One input table: its file, primary key, foreign keys and columns."""

    model_config = ConfigDict(extra="forbid")
    path: Path
    primary_key: str | None = None
    foreign_keys: dict[str, str] = Field(
        default_factory=dict, description="column -> 'table.column' it references."
    )
    patient: str | None = Field(
        None, description="Column holding the patient key (default: the FK to the patient key)."
    )
    columns: dict[str, ColumnSpec]
    anonymize: TableAnonymize | None = Field(
        None, description="Generalize the released quasi-identifiers until privacy models hold."
    )

    @model_validator(mode="after")
    def _anonymized_columns(self) -> TableSpec:
        if self.anonymize is None:
            return self
        released = {c.rename or col: (col, c) for col, c in self.columns.items()}
        qis, sensitive = self.anonymize.columns()
        for role, names in (("quasi-identifier", qis), ("sensitive attribute", sensitive)):
            for name in names:
                if name not in released or released[name][1].rule is Rule.DROP:
                    raise ValueError(
                        f"anonymize: {role} {name!r} is not a released column of this table "
                        "(name it as released, after rename; dropped columns are gone)"
                    )
                col, c = released[name]
                if c.rule in NOT_QI_RULES or c.role in (Role.KEY, Role.FREE_TEXT):
                    raise ValueError(
                        f"anonymize: {role} {name!r} (column {col}, rule {c.rule.value}) is a "
                        "key or free text: generalization needs values, not codes or text"
                    )
        return self


class ReleaseSpec(BaseModel):
    """A set of related tables released together under one release kind."""

    model_config = ConfigDict(extra="forbid")
    release: ReleaseKind
    reviewed: bool = Field(
        description="Set true once a person has checked every column (inspect writes false)."
    )
    patient_key: str = Field(description="'table.column' identifying a patient.")
    reference_date: date | None = Field(
        None, description="Ages and 'age > 89' are computed at this date (default: today)."
    )
    date_shift_days: tuple[int, int] = (-365, -1)
    csv_escape_formulas: bool = Field(
        True,
        description="Prefix ' to released CSV text cells starting with =, +, -, @ (not numbers), "
        "so a spreadsheet does not run them as formulas.",
    )
    scrub_strict: bool = Field(
        False,
        description="Scrub free-text columns in strict mode: also tag every word and number no "
        "safe list explains (higher recall on unfamiliar writing, lower precision).",
    )
    tables: dict[str, TableSpec] = Field(min_length=1)

    source: Path | None = Field(None, exclude=True)

    @model_validator(mode="after")
    def _consistent(self) -> ReleaseSpec:
        if self.date_shift_days[0] > self.date_shift_days[1]:
            raise ValueError("date_shift_days: minimum above maximum")
        for name in self.tables:
            if len(name) > MAX_TABLE_NAME or not re.fullmatch(r"[^./\\\x00-\x1f\x7f]+", name):
                raise ValueError(
                    f"a table name of {len(name)} characters: at most {MAX_TABLE_NAME}, "
                    "without '.', '/', '\\' or control characters (it names the output file)"
                )
        pt, _, pc = self.patient_key.partition(".")
        if pt not in self.tables or pc not in self.tables[pt].columns:
            raise ValueError(f"patient_key {self.patient_key!r} names no listed column")
        for name, table in self.tables.items():
            for col, target in table.foreign_keys.items():
                tt, _, tc = target.partition(".")
                if col not in table.columns:
                    raise ValueError(f"{name}: foreign key {col!r} is not a listed column")
                if tt not in self.tables or tc not in self.tables[tt].columns:
                    raise ValueError(f"{name}.{col}: foreign key target {target!r} not listed")
            if table.primary_key and table.primary_key not in table.columns:
                raise ValueError(f"{name}: primary key {table.primary_key!r} not listed")
            released = [
                c.rename or col for col, c in table.columns.items() if c.rule is not Rule.DROP
            ]
            twice = next((n for n in released if released.count(n) > 1), None)
            if twice is not None:
                raise ValueError(f"{name}: two released columns are named {twice!r} (check rename)")
        if self.release.random_codes:
            self._safe_harbor_rules()
        if self.release is ReleaseKind.EXPERT_DETERMINATION and not any(
            t.anonymize is not None for t in self.tables.values()
        ):
            raise ValueError(
                "release expert_determination: no table has an `anonymize:` section (the privacy "
                "models are what the determination rests on)"
            )
        return self

    def _safe_harbor_rules(self) -> None:
        """Refuse rules that Safe Harbor does not allow, naming table and column (an
        ``expert_determination`` release follows them too, but for the age-over-89 cap of birth
        years: its ``anonymize:`` models judge how rare a birth year may be)."""
        for name, table in self.tables.items():
            for col, c in table.columns.items():
                where = f"{name}.{col}"
                if c.rule in (Rule.PSEUDONYM, Rule.DATE_SHIFT):
                    raise ValueError(
                        f"{where}: rule {c.rule.value} is not allowed in a Safe Harbor release "
                        "(re-identification codes must not derive from patient data; dates to year)"
                    )
                if (c.role is Role.DATE or c.type == "date") and c.rule not in (
                    Rule.DATE_YEAR,
                    Rule.DROP,
                ):
                    raise ValueError(f"{where}: Safe Harbor keeps only the year of a date")
                if (
                    c.rule is Rule.DATE_YEAR
                    and not c.age_cap
                    and is_birth_date(col)
                    and self.release is ReleaseKind.SAFE_HARBOR  # else the privacy models decide
                ):
                    raise ValueError(
                        f"{where}: a birth year needs age_cap: true under Safe Harbor "
                        "(years implying an age over 89 must be aggregated)"
                    )
                role_rules = SH_ROLE_RULES.get(c.role)
                if role_rules is not None and c.rule not in role_rules:
                    raise ValueError(
                        f"{where}: a {c.role.value} column cannot use "
                        f"{c.rule.value} under Safe Harbor ({_names(role_rules)})"
                    )
                if c.identifier is not None:
                    allowed = SH_ANY_IDENTIFIER | SH_IDENTIFIER_RULES.get(c.identifier, set())
                    if c.rule not in allowed:
                        raise ValueError(
                            f"{where}: identifier {c.identifier.value} cannot use "
                            f"{c.rule.value} under Safe Harbor ({_names(allowed)})"
                        )

    def resolve(self, path: Path) -> Path:
        return resolve_path(path, self.source)


def parse_release_spec(
    text: str, source: str = "<tables>", path: Path | None = None
) -> ReleaseSpec:
    """Parse and validate a table spec; errors name the YAML line, never a value."""
    root, data = load_yaml(text, source)
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a table spec is a YAML mapping with `release` and `tables`")
    try:
        spec = ReleaseSpec.model_validate(data)
    except ValidationError as exc:
        raise_invalid(source, root, exc)
    if not spec.reviewed:
        raise ConfigError(
            f"{source}:{yaml_line(root, ('reviewed',))}: spec not reviewed: check every column, "
            "then set `reviewed: true`"
        )
    spec.source = path
    return spec


def load_release_spec(path: str | Path) -> ReleaseSpec:
    """Read and validate a table spec YAML file."""
    path = Path(path)
    return parse_release_spec(read_text(path, "table spec"), str(path), path)
