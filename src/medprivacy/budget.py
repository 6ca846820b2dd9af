"""The privacy-budget ledger: what each dataset may spend, and every release that spent it.

One SQLite file (WAL) holds an append-only list of entries chained by a keyed MAC (HMAC-SHA256
with a key derived from the pipeline key, see :mod:`medprivacy.audit`): a ``budget`` entry per
dataset (its total ε and δ) and a ``spend`` entry per release. A spend verifies the whole chain,
then is checked and recorded in one ``BEGIN IMMEDIATE`` transaction *before* any noisy value is
computed, so concurrent runs serialise on the database lock and can never overspend. Sums are
compared exactly (as fractions of the stored floats), with no tolerance. Releases compose by basic
composition: their ε add up, and so do their δ. zCDP releases are recorded as (ε, δ)
(:func:`rho_to_epsilon`).

Without the key nobody can edit, re-chain or truncate entries unnoticed; restoring an older copy
of the whole file is caught by the ledger head (entry count and newest MAC) that every release
manifest records (:meth:`Ledger.check_anchor`).

Entries hold dataset names, labels, mechanisms, privacy units and privacy parameters, never data
values.
"""

from __future__ import annotations

import hmac
import json
import math
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

from medprivacy.audit import ChainError, append_row, chain_secret, open_chain, read_meta, walk_chain
from medprivacy.errors import ConfigError, MedPrivacyError
from medprivacy.keys import Key, load_key

DEFAULT_LEDGER = Path(".medprivacy") / "ledger.sqlite"
DATASET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, dataset TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('budget', 'spend')),
    label TEXT NOT NULL, mechanism TEXT NOT NULL, epsilon REAL NOT NULL, delta REAL NOT NULL,
    unit TEXT NOT NULL, detail TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_dataset ON entries (dataset, kind);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'the budget ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'the budget ledger is append-only'); END;
"""
COLUMNS = "seq, ts, dataset, kind, label, mechanism, epsilon, delta, unit, detail, prev, hash"


class BudgetExceeded(MedPrivacyError):
    """A release would spend more than what is left of its dataset's budget."""


class LedgerError(ChainError):
    """The ledger is missing, lacks a dataset, or its keyed chain is broken or rolled back."""


@dataclass(frozen=True)
class Entry:
    """One ledger row."""

    seq: int
    ts: str
    dataset: str
    kind: str
    label: str
    mechanism: str
    epsilon: float
    delta: float
    detail: dict[str, Any]
    hash: str
    unit: dict[str, Any] | None = None


@dataclass(frozen=True)
class Balance:
    """A dataset's total budget, what it has spent and what is left."""

    dataset: str
    epsilon: float
    delta: float
    spent_epsilon: float
    spent_delta: float
    releases: int

    @property
    def remaining_epsilon(self) -> float:
        return max(0.0, float(Fraction(self.epsilon) - Fraction(self.spent_epsilon)))

    @property
    def remaining_delta(self) -> float:
        return max(0.0, float(Fraction(self.delta) - Fraction(self.spent_delta)))


def rho_to_epsilon(rho: float, delta: float) -> float:
    """(ε, δ)-DP implied by ρ-zCDP (Bun & Steinke 2016, Prop. 1.3): ε = ρ + 2√(ρ ln(1/δ))."""
    if not 0 < delta < 1:
        raise ConfigError("converting ρ-zCDP to (ε, δ) needs 0 < delta < 1")
    return rho + 2.0 * math.sqrt(rho * math.log(1.0 / delta))


def check_loss(epsilon: float, delta: float = 0.0, what: str = "epsilon") -> None:
    """Refuse ε ≤ 0, non-finite values and δ outside [0, 1)."""
    if not (isinstance(epsilon, int | float) and math.isfinite(epsilon) and epsilon > 0):
        raise ConfigError(f"{what} must be a finite number > 0")
    if not (isinstance(delta, int | float) and math.isfinite(delta) and 0 <= delta < 1):
        raise ConfigError("delta must be a number in [0, 1)")


def num(x: float) -> str:
    """A float with every digit it needs: two different floats never print the same."""
    return repr(float(x))


def normalize_unit(unit: dict[str, Any] | None) -> dict[str, Any] | None:
    """A privacy unit as the ledger stores it: ``{"entity": name, "id": column or None,
    "max_rows": n}``, plus ``"adjacency": "replace"`` for a release whose row count is public.

    ``entity`` names who is protected (``patient``); tables that identify the same people by
    different columns (patients.ID, encounters.PATIENT) declare the same entity. Without it the
    entity is the id column's name, or ``row`` for ``{"id": None, "max_rows": 1}`` ("one row is
    one person"). The default adjacency, add/remove one unit, is not stored.
    """
    if unit is None:
        return None
    keys = set(unit) if isinstance(unit, dict) else set()
    if not {"id", "max_rows"} <= keys <= {"id", "max_rows", "entity", "adjacency"}:
        raise ConfigError('a privacy unit is {"id": column or None, "max_rows": n, "entity": name}')
    uid, rows, entity = unit["id"], unit["max_rows"], unit.get("entity")
    if not (uid is None or isinstance(uid, str)) or not (
        isinstance(rows, int) and not isinstance(rows, bool) and rows >= 1
    ):
        raise ConfigError('a privacy unit is {"id": column or None, "max_rows": n >= 1}')
    if entity is None:
        entity = uid if uid is not None else "row"
    if not isinstance(entity, str) or not entity.strip():
        raise ConfigError("a privacy unit's entity is a non-empty name (e.g. patient)")
    adjacency = unit.get("adjacency", "add_remove")
    if adjacency not in ("add_remove", "replace"):
        raise ConfigError("a privacy unit's adjacency is add_remove or replace")
    out = {"entity": entity, "id": uid, "max_rows": rows}
    return {**out, "adjacency": adjacency} if adjacency != "add_remove" else out


def same_entity(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Whether two spends protect the same people under the same adjacency, so that their ε add
    up per person (a release with a public row count protects a replaced unit, not an added or
    removed one: the two do not compose by adding ε).

    ``max_rows`` may differ: each release's ε already covers all of one person's rows in it."""
    if a is None or b is None:
        return a is b
    na, nb = normalize_unit(a), normalize_unit(b)
    assert na is not None and nb is not None
    keys = ("entity", "adjacency")
    return all(na.get(k) == nb.get(k) for k in keys)


def _describe_unit(unit: dict[str, Any] | None) -> str:
    if unit is None:
        return "no declared unit"
    unit = normalize_unit(unit)
    assert unit is not None
    replaced = ", replace-one adjacency (row count public)" if "adjacency" in unit else ""
    if unit["id"] is None:
        return f"entity {unit['entity']!r}: one row per person{replaced}"
    return (
        f"entity {unit['entity']!r} (column {unit['id']!r}, at most {unit['max_rows']} rows"
        f"{replaced})"
    )


def _entry(r: tuple[Any, ...]) -> Entry:
    unit = json.loads(r[8])
    return Entry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[9]), r[11], unit)


class Ledger:
    """Budgets and releases of datasets, in one SQLite file, chained with a keyed MAC.

    ``key`` is the pipeline key (the MAC key is derived from it; neither is stored); without one
    the key comes from the environment (:func:`medprivacy.keys.load_key`). With ``create=False``
    a missing file is an error instead of a new, empty ledger.
    """

    def __init__(
        self, path: str | Path | None = None, *, key: Key | None = None, create: bool = True
    ) -> None:
        self.path = Path(path) if path is not None else DEFAULT_LEDGER
        self._secret = chain_secret(key if key is not None else load_key(), "ledger-mac")
        if not create and not self.path.is_file():
            raise LedgerError(
                f"{self.path}: no budget ledger there (create it with `medprivacy budget init`)"
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connect()
            try:
                if not create and not conn.execute("SELECT 1 FROM sqlite_master").fetchone():
                    # an emptied file is a ledger reset: never start a new one in its place here
                    raise LedgerError(f"{self.path}: empty, not a budget ledger (was it emptied?)")
                conn.execute("PRAGMA journal_mode=WAL")
                open_chain(conn, self._secret, SCHEMA, f"{self.path}: budget ledger")
            finally:
                conn.close()
        except ChainError as exc:
            raise LedgerError(str(exc)) from None
        except (OSError, sqlite3.DatabaseError) as exc:
            raise LedgerError(f"{self.path}: cannot open the budget ledger ({exc})") from None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=60000")
        return conn

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A connection whose chain was verified first (reads never trust a broken ledger)."""
        conn = self._connect()
        try:
            conn.execute("BEGIN")
            try:
                self._walk(conn)
                yield conn
            finally:
                conn.execute("ROLLBACK")
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[tuple[sqlite3.Connection, int, str]]:
        """An exclusive transaction on a verified chain: (connection, entries, head)."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                n, head = self._walk(conn)
                yield conn, n, head
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def _walk(self, conn: sqlite3.Connection) -> tuple[int, str]:
        query = f"SELECT {COLUMNS} FROM entries ORDER BY seq"
        try:
            return walk_chain(conn, self._secret, query, f"{self.path}: budget ledger", "entry")
        except ChainError as exc:
            raise LedgerError(str(exc)) from None

    def _append(
        self,
        conn: sqlite3.Connection,
        at: tuple[int, str],
        dataset: str,
        kind: str,
        label: str,
        mechanism: str,
        epsilon: float,
        delta: float,
        detail: dict[str, Any],
        unit: dict[str, Any] | None = None,
    ) -> Entry:
        n, head = at
        ts = datetime.now(UTC).isoformat(timespec="microseconds")
        text = json.dumps(detail, sort_keys=True, separators=(",", ":"), default=str)
        unit_text = json.dumps(unit, sort_keys=True, separators=(",", ":"))
        fields = (ts, dataset, kind, label, mechanism, float(epsilon), float(delta), unit_text,
                  text)  # fmt: skip
        mac = append_row(conn, self._secret, "entries", fields, n, head)
        return Entry(n + 1, ts, dataset, kind, label, mechanism, float(epsilon), float(delta),
                     detail, mac, unit)  # fmt: skip

    # -- budgets ---------------------------------------------------------------------------------

    def init_dataset(self, dataset: str, epsilon: float, delta: float = 0.0) -> Entry:
        """Give ``dataset`` its total budget; a dataset's budget is set once and never raised."""
        _check_name(dataset)
        check_loss(epsilon, delta)
        with self._write() as (conn, n, head):
            if _budget_row(conn, dataset) is not None:
                raise ConfigError(f"dataset {dataset!r} already has a budget in {self.path}")
            return self._append(conn, (n, head), dataset, "budget", "budget", "-", epsilon,
                                delta, {})  # fmt: skip

    def balance(self, dataset: str) -> Balance:
        with self._read() as conn:
            return _balance(conn, dataset, self.path)

    def datasets(self) -> list[Balance]:
        with self._read() as conn:
            names = [r[0] for r in conn.execute(
                "SELECT dataset FROM entries WHERE kind = 'budget' ORDER BY seq")]  # fmt: skip
            return [_balance(conn, name, self.path) for name in names]

    # -- spending --------------------------------------------------------------------------------

    def spend(
        self,
        dataset: str,
        epsilon: float,
        delta: float = 0.0,
        *,
        label: str,
        mechanism: str,
        meta: dict[str, Any] | None = None,
        unit: dict[str, Any] | None = None,
    ) -> Entry:
        """Record a release's (ε, δ) against ``dataset``, or raise :class:`BudgetExceeded`.

        The chain is verified first. ``unit`` is the release's privacy unit
        (``{"entity": name, "id": column or None, "max_rows": n}``); every spend of a dataset
        must protect the same entity as its first one, because budgets of different units do not
        add up (``max_rows`` may differ). Call this before
        computing any noisy value: once it returns, the budget is spent, even if the release then
        fails (the safe direction).
        """
        check_loss(epsilon, delta)
        unit = normalize_unit(unit)
        with self._write() as (conn, n, head):
            bal = _balance(conn, dataset, self.path)
            first = conn.execute(
                "SELECT unit FROM entries WHERE dataset = ? AND kind = 'spend' "
                "ORDER BY seq LIMIT 1",
                (dataset,),
            ).fetchone()
            if first is not None and not same_entity(json.loads(first[0]), unit):
                raise ConfigError(
                    f"dataset {dataset!r} is spent per privacy unit "
                    f"({_describe_unit(json.loads(first[0]))}); {label} declares "
                    f"{_describe_unit(unit)}: budgets of different units do not add up"
                )
            spent_eps, spent_delta = _spent(conn, dataset)
            over_eps = spent_eps + Fraction(epsilon) > Fraction(bal.epsilon)
            over_delta = spent_delta + Fraction(delta) > Fraction(bal.delta)
            if over_eps or over_delta:
                short = []
                if over_eps:
                    short.append(f"ε={num(epsilon)} but ε={num(bal.remaining_epsilon)} is left")
                if over_delta:
                    short.append(f"δ={num(delta)} but δ={num(bal.remaining_delta)} is left")
                raise BudgetExceeded(
                    f"budget of dataset {dataset!r} exhausted: {label} needs "
                    f"{' and '.join(short)} (of ε={num(bal.epsilon)}, δ={num(bal.delta)}); "
                    "the release was refused"
                )
            return self._append(conn, (n, head), dataset, "spend", label, mechanism, epsilon,
                                delta, meta or {}, unit)  # fmt: skip

    # -- reading and checking --------------------------------------------------------------------

    def history(self, dataset: str | None = None) -> list[Entry]:
        with self._read() as conn:
            where, args = ("WHERE dataset = ?", (dataset,)) if dataset else ("", ())
            rows = conn.execute(f"SELECT {COLUMNS} FROM entries {where} ORDER BY seq", args)
            return [_entry(r) for r in rows]

    def verify(self) -> int:
        """Return the number of entries; raise :class:`LedgerError` where the chain breaks."""
        conn = self._connect()
        try:
            return self._walk(conn)[0]
        finally:
            conn.close()

    def anchor(self) -> dict[str, Any]:
        """The ledger's head, to publish in a release manifest: a MAC reveals nothing."""
        conn = self._connect()
        try:
            n, head = self._walk(conn)
            return {"id": read_meta(conn).get("id"), "entries": n, "head": head}
        finally:
            conn.close()

    def check_anchor(self, anchor: dict[str, Any], where: str) -> None:
        """Refuse a ledger that is not ``anchor``'s ledger or holds less than it did then.

        ``anchor`` is what :meth:`anchor` returned when ``where`` (a manifest) was written; an
        older copy of the file restored since lacks that head.
        """
        conn = self._connect()
        try:
            n, _ = self._walk(conn)
            if read_meta(conn).get("id") != anchor.get("id"):
                raise LedgerError(f"{self.path}: not the budget ledger that {where} records")
            want = anchor.get("entries")
            row = None
            if isinstance(want, int) and 0 < want <= n:
                row = conn.execute("SELECT hash FROM entries WHERE seq = ?", (want,)).fetchone()
            ok = want == 0 or (row is not None and hmac.compare_digest(row[0], str(anchor["head"])))
            if not ok:
                raise LedgerError(
                    f"{self.path}: holds {n} entries, but {where} published a head at entry "
                    f"{want} that it lacks: an older copy was restored (rolled back); refused"
                )
        finally:
            conn.close()


def _check_name(dataset: str) -> None:
    if not DATASET_NAME.match(dataset):
        raise ConfigError(
            "dataset names are 1-64 characters: letters, digits, '_', '.', '-' "
            "(starting with a letter or digit)"
        )


def _budget_row(conn: sqlite3.Connection, dataset: str) -> tuple[float, float] | None:
    row = conn.execute(
        "SELECT epsilon, delta FROM entries WHERE dataset = ? AND kind = 'budget'", (dataset,)
    ).fetchone()
    return (row[0], row[1]) if row else None


def _balance(conn: sqlite3.Connection, dataset: str, path: Path) -> Balance:
    budget = _budget_row(conn, dataset)
    if budget is None:
        raise LedgerError(
            f"dataset {dataset!r} has no budget in {path}; "
            f"create it with: medprivacy budget init {dataset} --epsilon E"
        )
    eps, dlt = _spent(conn, dataset)
    (count,) = conn.execute(
        "SELECT COUNT(*) FROM entries WHERE dataset = ? AND kind = 'spend'", (dataset,)
    ).fetchone()
    return Balance(dataset, budget[0], budget[1], float(eps), float(dlt), count)


def _spent(conn: sqlite3.Connection, dataset: str) -> tuple[Fraction, Fraction]:
    """Exact sums of the spent ε and δ (each stored float taken as the rational it is)."""
    eps, dlt = Fraction(0), Fraction(0)
    for e, d in conn.execute(
        "SELECT epsilon, delta FROM entries WHERE dataset = ? AND kind = 'spend'", (dataset,)
    ):
        eps += Fraction(e)
        dlt += Fraction(d)
    return eps, dlt
