"""The privacy-budget ledger: what each dataset may spend, and every release that spent it.

One SQLite file (WAL) holds an append-only, hash-chained list of entries: a ``budget`` entry per
dataset (its total ε and δ) and a ``spend`` entry per release. A spend is checked and recorded in
one ``BEGIN IMMEDIATE`` transaction *before* any noisy value is computed, so concurrent runs
serialise on the database lock and can never overspend. Sums are compared exactly (as fractions of
the stored floats), with no tolerance. Releases compose by basic composition: their ε add up, and
so do their δ. zCDP releases are recorded as (ε, δ) (:func:`rho_to_epsilon`).

Entries hold dataset names, labels, mechanisms and privacy parameters, never data values.
"""

from __future__ import annotations

import hashlib
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

from medprivacy.errors import ConfigError, MedPrivacyError

DEFAULT_LEDGER = Path(".medprivacy") / "ledger.sqlite"
GENESIS = "0" * 64
DATASET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, dataset TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('budget', 'spend')),
    label TEXT NOT NULL, mechanism TEXT NOT NULL, epsilon REAL NOT NULL, delta REAL NOT NULL,
    detail TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_dataset ON entries (dataset, kind);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'the budget ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'the budget ledger is append-only'); END;
"""
COLUMNS = "seq, ts, dataset, kind, label, mechanism, epsilon, delta, detail, prev, hash"


class BudgetExceeded(MedPrivacyError):
    """A release would spend more than what is left of its dataset's budget."""


class LedgerError(MedPrivacyError):
    """The ledger is missing a dataset, or its hash chain is broken."""


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


def _digest(prev: str, row: tuple[Any, ...]) -> str:
    # float.hex keeps the chain exact for the REAL columns
    fields = [x.hex() if isinstance(x, float) else x for x in row]
    body = json.dumps([prev, *fields], separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


class Ledger:
    """Budgets and releases of datasets, in one SQLite file."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else DEFAULT_LEDGER
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as conn:
                conn.executescript(SCHEMA)
        except (OSError, sqlite3.DatabaseError) as exc:
            raise LedgerError(f"{self.path}: cannot open the budget ledger ({exc})") from None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=60000")
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def _append(
        self,
        conn: sqlite3.Connection,
        dataset: str,
        kind: str,
        label: str,
        mechanism: str,
        epsilon: float,
        delta: float,
        detail: dict[str, Any],
    ) -> Entry:
        last = conn.execute("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        ts = datetime.now(UTC).isoformat(timespec="microseconds")
        text = json.dumps(detail, sort_keys=True, separators=(",", ":"), default=str)
        row = (seq, ts, dataset, kind, label, mechanism, float(epsilon), float(delta), text)
        digest = _digest(prev, row)
        conn.execute(f"INSERT INTO entries ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                     (*row, prev, digest))  # fmt: skip
        return Entry(seq, ts, dataset, kind, label, mechanism, float(epsilon), float(delta),
                     detail, digest)  # fmt: skip

    # -- budgets ---------------------------------------------------------------------------------

    def init_dataset(self, dataset: str, epsilon: float, delta: float = 0.0) -> Entry:
        """Give ``dataset`` its total budget; a dataset's budget is set once and never raised."""
        _check_name(dataset)
        check_loss(epsilon, delta)
        with self._write() as conn:
            if _budget_row(conn, dataset) is not None:
                raise ConfigError(f"dataset {dataset!r} already has a budget in {self.path}")
            return self._append(conn, dataset, "budget", "budget", "-", epsilon, delta, {})

    def balance(self, dataset: str) -> Balance:
        conn = self._connect()
        try:
            return _balance(conn, dataset, self.path)
        finally:
            conn.close()

    def datasets(self) -> list[Balance]:
        conn = self._connect()
        try:
            names = [r[0] for r in conn.execute(
                "SELECT dataset FROM entries WHERE kind = 'budget' ORDER BY seq")]  # fmt: skip
            return [_balance(conn, name, self.path) for name in names]
        finally:
            conn.close()

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
    ) -> Entry:
        """Record a release's (ε, δ) against ``dataset``, or raise :class:`BudgetExceeded`.

        Call this before computing any noisy value: once it returns, the budget is spent, even if
        the release then fails (the safe direction).
        """
        check_loss(epsilon, delta)
        with self._write() as conn:
            bal = _balance(conn, dataset, self.path)
            spent_eps, spent_delta = _spent(conn, dataset)
            over_eps = spent_eps + Fraction(epsilon) > Fraction(bal.epsilon)
            over_delta = spent_delta + Fraction(delta) > Fraction(bal.delta)
            if over_eps or over_delta:
                short = []
                if over_eps:
                    short.append(f"ε={epsilon:g} but ε={bal.remaining_epsilon:g} is left")
                if over_delta:
                    short.append(f"δ={delta:g} but δ={bal.remaining_delta:g} is left")
                raise BudgetExceeded(
                    f"budget of dataset {dataset!r} exhausted: {label} needs "
                    f"{' and '.join(short)} (of ε={bal.epsilon:g}, δ={bal.delta:g}); "
                    "the release was refused"
                )
            return self._append(conn, dataset, "spend", label, mechanism, epsilon, delta,
                                meta or {})  # fmt: skip

    # -- reading and checking --------------------------------------------------------------------

    def history(self, dataset: str | None = None) -> list[Entry]:
        conn = self._connect()
        try:
            where, args = ("WHERE dataset = ?", (dataset,)) if dataset else ("", ())
            rows = conn.execute(f"SELECT {COLUMNS} FROM entries {where} ORDER BY seq", args)
            return [
                Entry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[8]), r[10])
                for r in rows
            ]
        finally:
            conn.close()

    def verify(self) -> int:
        """Return the number of entries; raise :class:`LedgerError` where the chain breaks."""
        conn = self._connect()
        try:
            prev, n = GENESIS, 0
            for r in conn.execute(f"SELECT {COLUMNS} FROM entries ORDER BY seq"):
                n += 1
                row, stored_prev, stored = tuple(r[:9]), r[9], r[10]
                if r[0] != n or stored_prev != prev or _digest(prev, row) != stored:
                    raise LedgerError(f"{self.path}: budget ledger broken at entry {r[0]}")
                prev = stored
            return n
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
