"""Release DP statistics of one table through OpenDP's Polars Context, paid from the ledger.

Order of work, so that nothing noisy exists before it is paid for:
1. check the table against the spec (columns, types) and build one OpenDP query per statistic;
2. resolve each query into a measurement and read its noise scale (and 95% accuracy) from OpenDP;
   a measurement whose noise is too small to be DP at the stated budget is refused;
3. record the release's (ε, δ) in the ledger (:meth:`medprivacy.budget.Ledger.spend`);
4. only then evaluate the measurements on the data.

DP noise comes from OpenDP's samplers and is never seeded.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medprivacy.budget import Ledger, rho_to_epsilon
from medprivacy.dp.spec import (
    Budget,
    Count,
    GroupBy,
    Histogram,
    Mean,
    Quantile,
    StatsSpec,
    Sum,
    Variance,
    parse_stats_spec,
)
from medprivacy.errors import ConfigError, InputError

if TYPE_CHECKING:
    import polars as pl

log = logging.getLogger(__name__)
ALPHA = 0.05  # intervals are 95%
NO_INTERVAL = {
    "quantile": "OpenDP 0.16 states no accuracy for its quantile mechanism; no interval is given",
    "variance": "a ratio of three noisy sums has no closed-form interval; none is given",
}


@dataclass
class Statistic:
    """One released statistic with how it was made noisy and how far to trust it."""

    name: str
    kind: str
    value: Any  # float or int; a pandas DataFrame for histograms and group-bys
    mechanism: str
    scale: dict[str, float]
    interval: tuple[float, float] | None = None
    note: str = ""
    threshold: int | None = None

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        if hasattr(value, "to_dict"):
            value = value.to_dict(orient="records")
        return {
            "name": self.name,
            "kind": self.kind,
            "value": value,
            "mechanism": self.mechanism,
            "noise_scale": self.scale,
            "interval_95": list(self.interval) if self.interval else None,
            "note": self.note or None,
            "threshold": self.threshold,
        }


@dataclass
class StatsRelease:
    """The statistics of one release and what they cost."""

    statistics: dict[str, Statistic]
    privacy_unit: str
    adjacency: str
    loss: dict[str, float]
    dataset: str | None = None
    ledger_entry: int | None = None
    unit: dict[str, Any] | None = None
    public: dict[str, Any] = field(default_factory=dict)
    ledger_head: dict[str, Any] | None = None

    def values(self) -> dict[str, Any]:
        return {name: s.value for name, s in self.statistics.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "privacy_unit": self.privacy_unit,
            "unit": self.unit,
            "adjacency": self.adjacency,
            "public": self.public,
            "privacy_loss": self.loss,
            "dataset": self.dataset,
            "ledger_entry": self.ledger_entry,
            "ledger": self.ledger_head,
            "confidence": 1 - ALPHA,
            "statistics": [s.to_dict() for s in self.statistics.values()],
        }


@dataclass
class _Planned:
    query: Any  # an OpenDP LazyFrameQuery
    finish: Callable[[pl.DataFrame, Any], Statistic]
    min_sensitivity: dict[str, float] = field(default_factory=dict)
    # with a public row count neighbours replace rows: a sum then moves by hi - lo per row
    min_width: dict[str, float] = field(default_factory=dict)
    measurement: Any = None
    summary: Any = None


# -- public entry points ------------------------------------------------------------------------


def dp_release(
    df: Any,
    spec: Mapping[str, Any] | StatsSpec,
    epsilon: float,
    ledger: str | Path | Ledger | None = None,
    dataset: str | None = None,
    *,
    delta: float | None = None,
) -> dict[str, Any]:
    """Release the spec's statistics of ``df`` at ``epsilon``: query name -> value.

    Values are numbers, or pandas DataFrames (with 95% ``lower``/``upper`` columns) for histograms
    and group-bys. With ``ledger`` (a :class:`Ledger`, or a path whose key comes from env
    MEDPRIVACY_KEY) and ``dataset`` the release is paid from that ledger first and
    :class:`medprivacy.BudgetExceeded` is raised when it cannot be; without one a warning says
    that nothing records the spend.
    """
    parsed = parse_stats_spec(spec)
    if ledger is None:
        log.warning(
            "dp_release without a ledger: nothing records this spend of ε=%s; pass ledger= and "
            "dataset= so that the budget is tracked (the CLI and pipeline always record)",
            epsilon,
        )
    budget = Budget.model_validate(
        {
            "epsilon": epsilon,
            "delta": delta if delta is not None else (parsed.budget and parsed.budget.delta),
        }
    )
    return release_stats(df, parsed, budget, ledger=ledger, dataset=dataset).values()


def release_stats(
    df: Any,
    spec: StatsSpec,
    budget: Budget | None = None,
    *,
    ledger: str | Path | Ledger | None = None,
    dataset: str | None = None,
    tag: str | None = None,
    planned: StatsPlan | None = None,
) -> StatsRelease:
    """Plan, pay for and compute a DP statistics release (see the module docstring).

    ``ledger`` is a :class:`Ledger` or a path (then the key comes from env MEDPRIVACY_KEY);
    ``tag`` is recorded with the spend so that a resumed run can tell it already paid;
    ``planned`` is :func:`plan_stats` of the same ``df``, ``spec`` and ``budget``, made just
    before (OpenDP's calibration is not repeated).
    """
    dataset = dataset or spec.dataset
    if ledger is not None and not dataset:
        raise ConfigError("spending from a ledger needs a dataset name")
    plan = planned or plan_stats(df, spec, budget)
    budget, plans, unit = plan.budget, plan.plans, spec.privacy_unit
    spent_eps, spent_delta = plan.cost
    entry, head = None, None
    if ledger is not None:
        book = ledger if isinstance(ledger, Ledger) else Ledger(ledger)
        assert dataset is not None
        entry = book.spend(
            dataset,
            spent_eps,
            spent_delta,
            label="stats:" + ",".join(q.name for q in spec.queries)[:200],
            mechanism="OpenDP Polars (" + ", ".join(sorted(_mechanisms(plans))) + ")",
            unit=plan.ledger_unit(),
            meta={
                "privacy_unit": plan.described,
                "adjacency": plan.adjacency,
                "budget": budget.model_dump(exclude_none=True),
                "queries": [
                    {"name": q.name, "kind": q.kind, "weight": q.weight} for q in spec.queries
                ],
                **({"release": tag} if tag else {}),
                "noise_scales": {
                    q.name: _scales(p.summary) for q, p in zip(spec.queries, plans, strict=True)
                },
            },
        ).seq
        head = book.anchor()  # published with the release: a later rollback below it is refused

    stats: dict[str, Statistic] = {}
    for query, p in zip(spec.queries, plans, strict=True):
        result = plan.context(p.measurement).collect()
        stats[query.name] = p.finish(result, p.summary)
    public = {
        "max_rows": spec.max_rows,
        "public_row_count": spec.public_row_count,
        "column_types": spec.column_types(),
    }
    return StatsRelease(
        stats,
        plan.described,
        plan.adjacency,
        plan.loss(),
        dataset,
        entry,
        unit.ledger_unit(),
        public,
        head,
    )


@dataclass
class StatsPlan:
    """A release resolved into OpenDP measurements, before anything is paid or computed: what
    the ledger will be charged and how accurate each statistic will be (OpenDP's accuracy)."""

    spec: StatsSpec
    budget: Budget
    context: Any  # the OpenDP Context that evaluates the measurements (after paying)
    plans: list[_Planned]
    cost: tuple[float, float]  # (ε, δ) the ledger is charged
    described: str
    adjacency: str
    checks: list[str] = field(default_factory=list)  # the input against the spec (counts only)
    refused: list[str] = field(default_factory=list)  # what a pipeline refuses before paying
    rho: float | None = None  # the composed ρ of a zCDP release

    def loss(self) -> dict[str, float]:
        info = {"epsilon": self.cost[0], "delta": self.cost[1]}
        return info | ({"rho": self.rho} if self.rho is not None else {})

    def ledger_unit(self) -> dict[str, Any]:
        adjacency = "replace" if self.spec.public_row_count else "add_remove"
        return {**self.spec.privacy_unit.ledger_unit(), "adjacency": adjacency}

    def accuracy(self) -> dict[str, str]:
        """Per statistic, the 95% accuracy of each noisy part (± how far the noisy value is from
        the true one, 19 times in 20), or why none is stated."""
        out = {}
        for q, p in zip(self.spec.queries, self.plans, strict=True):
            parts = [
                f"{PART_NAMES.get(r['column'], r['column'])} ±{r['accuracy']:.4g}"
                for r in _rows(p.summary)
                if r["accuracy"] is not None
            ]
            cells = " per cell" if isinstance(q, Histogram | GroupBy) else ""
            out[q.name] = (
                ", ".join(parts) + cells + f" ({1 - ALPHA:.0%})"
                if parts
                else NO_INTERVAL["quantile" if isinstance(q, Quantile) else "variance"]
            )
        return out


PART_NAMES = {"n": "count", "s": "sum", "ss": "sum of squares", "value": "quantile"}


def plan_stats(df: Any, spec: StatsSpec, budget: Budget | None = None) -> StatsPlan:
    """Check the table against the spec and resolve every query into an OpenDP measurement at
    its share of ``budget`` (default: the spec's); refuse what cannot be made private. Nothing
    is paid and no noise is drawn."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    budget = budget or spec.budget
    if budget is None:
        raise ConfigError("no privacy budget: give epsilon (or rho) for the release")
    raw = _as_polars(df)
    frame = _prepare(raw, spec)
    checks, refused = check_input(raw, frame, spec)

    thresholded = [q.name for q in spec.queries if isinstance(q, GroupBy) and not q.keys]
    if thresholded and budget.delta is None:
        raise ConfigError(
            f"query {thresholded[0]!r}: a group-by without declared keys releases only groups "
            "above a noisy threshold, which needs a budget delta"
        )
    use_delta = budget.delta if thresholded else None
    if budget.epsilon is not None:
        loss = dp.loss_of(epsilon=budget.epsilon, delta=use_delta)
    else:
        loss = dp.loss_of(rho=budget.rho, delta=use_delta)

    unit = spec.privacy_unit
    # _prepare kept each patient's first max_rows rows: a stable map from "one patient differs"
    # to "at most max_rows rows differ", which is the unit OpenDP then protects. With a public
    # row count OpenDP only compares tables of one length, where replacing a patient's k rows is
    # a symmetric distance of 2k: that is the distance it must protect, and the adjacency stated.
    public_n = spec.public_row_count
    privacy_unit = dp.unit_of(contributions=unit.max_rows * (2 if public_n else 1))
    if unit.id is not None:
        rows = "row" if unit.max_rows == 1 else "rows"
        who = unit.entity or "patient"  # the declared entity is what the ledger adds up
        described = f"one {who} (column {unit.id!r}; at most {unit.max_rows} {rows} each)"
        adjacency = f"add or remove one {who} with all of their (kept) rows"
        if public_n:
            adjacency = (
                f"replace one {who}'s (kept) rows with another's, the row count being public "
                "(public_row_count)"
            )
    else:
        described = (
            f"one row (the spec states one row per {unit.entity or 'person'}: privacy_unit id null)"
        )
        adjacency = "add or remove one row"
        if public_n:
            adjacency = (
                "replace one row with another, the row count being public (public_row_count)"
            )

    weights = [q.weight for q in spec.queries]
    margins = [
        dp.polars.Margin(
            by=by,
            max_length=spec.max_rows,
            invariant="lengths" if spec.public_row_count and not by else None,
        )
        for by in _margin_keys(spec)
    ]
    context, composed = _compositor(frame.lazy(), privacy_unit, loss, weights, margins)
    shares: Any = list(context.d_mids or [])

    def share(i: int) -> Callable[[], Any]:
        def base() -> Any:
            # Context.query() takes its loss from d_mids[0] and only __call__ pops it: plan each
            # query at its own share (the compositor checks them in this order)
            context.d_mids = shares[i:]
            return context.query()

        return base

    plans = [_plan(q, share(i), frame) for i, q in enumerate(spec.queries)]
    context.d_mids = list(shares)
    for query, plan in zip(spec.queries, plans, strict=True):
        plan.measurement, plan.summary = _resolve(query.name, plan)
    for query, plan in zip(spec.queries, plans, strict=True):
        _refuse_vanishing_noise(query.name, plan, budget, public_n)

    cost = _ledger_cost(budget, composed)
    main = composed[0] if isinstance(composed, tuple) else composed
    rho = float(main) if budget.rho is not None else None
    return StatsPlan(spec, budget, context, plans, cost, described, adjacency, checks, refused, rho)


def _compositor(
    data: Any,
    privacy_unit: tuple[Any, Any],
    loss: tuple[Any, Any],
    weights: list[float],
    margins: list[Any],
) -> tuple[Any, Any]:
    """An OpenDP compositor whose per-query losses (in proportion to ``weights``) compose to at
    most ``loss``, and that composed loss (what OpenDP's privacy map says; the ledger's charge).

    OpenDP's ``Context.compositor`` searches a common scale for the weights and fails when the
    rounded ε and δ of a split land on either side of the total ("unknown ordering", e.g. seven
    queries with a δ); here each share is the total times its weight, then rounded down (towards
    zero, one float step of one share at a time) until OpenDP's own composition of the shares
    fits the total.
    """
    import opendp.prelude as dp

    metric, d_in = privacy_unit
    measure, total = loss
    domain = dp.domain_of(data, infer=True)
    for margin in margins:
        domain = dp.with_margin(domain, margin)
    parts = list(total) if isinstance(total, tuple) else [total]
    whole = math.fsum(weights)
    columns = [[t * (w / whole) for w in weights] for t in parts]
    for step in range(64 * len(weights)):
        d_mids = [tuple(c[i] for c in columns) for i in range(len(weights))]
        if not isinstance(total, tuple):
            d_mids = [m[0] for m in d_mids]
        accountant = dp.c.make_adaptive_composition(domain, metric, measure, d_in, d_mids)
        composed = accountant.map(d_in)
        over = [
            c > t
            for c, t in zip(
                composed if isinstance(total, tuple) else [composed], parts, strict=True
            )
        ]
        if not any(over):
            context = dp.Context(accountant, accountant(data), d_in, d_mids=list(d_mids))
            return context, composed
        i = step % len(weights)  # one share a step, in turn: the sum stays as close as it can
        for c, o in zip(columns, over, strict=True):
            if o:
                c[i] = math.nextafter(c[i], 0.0)
    raise ConfigError(  # pragma: no cover - a few float steps always suffice
        "the privacy budget cannot be split over the queries within OpenDP's composition"
    )


# -- input ---------------------------------------------------------------------------------------


def read_table(path: Path) -> pl.DataFrame:
    """A CSV or Parquet table, or a directory of Parquet files (one table); errors name the
    file, never its contents."""
    import polars as pl

    from medprivacy.deid.table.csvfile import read_csv
    from medprivacy.fileio import unreadable_table

    if path.is_dir():
        return _read_parts(path)
    if not path.is_file():
        raise InputError(f"{path}: table not found")
    try:
        if path.suffix.lower() in {".parquet", ".pq"}:
            return pl.read_parquet(path)
        # every cell as text: the spec, not the values, gives each column its type; a cut or
        # ragged file is refused (check_csv), never released as if it were complete
        return read_csv(path, str(path))
    except InputError:
        raise
    except Exception as exc:  # polars raises many kinds; none may echo cell values
        raise unreadable_table(path, exc) from None


def _read_parts(path: Path) -> pl.DataFrame:
    """A directory of Parquet files (listed by :func:`medprivacy.partfiles.list_parts`, as
    ``deid tables`` and the counts list them; a hive folder's value is a text column) as one
    table: each statistic is one OpenDP measurement over all of its rows, never one per file.
    Parts must store every column alike (the same names and types, as ``deid tables`` requires):
    nothing is cast to make them fit. Errors name a part by ordinal, never its path."""
    import polars as pl

    from medprivacy.fileio import unreadable_table
    from medprivacy.partfiles import hive_columns, hive_types, list_parts

    files = list_parts(path, path.name)
    types = hive_types(files, {})
    frames = []
    for file in files:
        try:
            df = pl.read_parquet(file.path)
        except Exception as exc:  # none may echo cell values, nor the path (it may hold PHI)
            why = str(unreadable_table(file.path, exc)).removeprefix(f"{file.path}: ")
            raise InputError(f"{path.name}: {file.label}: {why}") from None
        stored = df.drop([k for k, _ in file.hive if k in df.columns])
        frames.append(
            stored.with_columns(hive_columns(file.hive, path.name, file.label, types, df.height))
        )
    first = frames[0].schema
    # a column a part holds only nulls of (pandas writes an empty part's text so) takes the
    # others' type: no value is cast; two real types that differ are refused
    types = {
        c: next(
            (f.schema[c] for f in frames if c in f.schema and f.schema[c] != pl.Null), pl.Null()
        )
        for c in first
    }
    for i, (file, frame) in enumerate(zip(files, frames, strict=True)):
        if set(frame.schema) != set(first):
            raise InputError(
                f"{path.name}: {file.label}: its columns differ from {files[0].label}'s "
                "(every partition must store the same columns)"
            )
        for col, dtype in frame.schema.items():
            if dtype != types[col] and dtype != pl.Null:
                raise InputError(
                    f"{path.name}: {file.label}: column {col!r}: type {dtype} differs from "
                    f"another partition's {types[col]} (every partition must store a column "
                    "alike)"
                )
        frames[i] = frame.select(pl.col(c).cast(types[c]) for c in first)
    return pl.concat(frames, how="vertical")


def _as_polars(df: Any) -> pl.DataFrame:
    import polars as pl

    if isinstance(df, pl.LazyFrame):
        return df.collect()
    if isinstance(df, pl.DataFrame):
        return df
    if isinstance(df, str | Path):
        return read_table(Path(df))
    try:
        return pl.from_pandas(df)
    except Exception:
        pass
    try:  # an object column of mixed cells (one "oops" among numbers): each cell as text
        mixed = {c: df[c].map(_cell_text) for c in df.columns if not _converts(df[c])}
        return pl.from_pandas(df.assign(**mixed))
    except Exception:
        raise InputError("the table must be a pandas or polars DataFrame, or a path") from None


def _converts(column: Any) -> bool:
    import polars as pl

    try:
        pl.from_pandas(column)
        return True
    except Exception:
        return False


def _cell_text(v: Any) -> str | None:
    """One cell as the text its typed column would give (so the type of other cells never
    matters): empty for null and NaN, whole numbers without a decimal point."""
    import numpy as np
    import pandas as pd

    missing = pd.isna(v)
    if isinstance(missing, bool | np.bool_) and missing:  # None, NaN, NaT, pd.NA
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and math.isfinite(v) and v.is_integer() and abs(v) < 2.0**53:
        return str(int(v))
    return str(v)


def _prepare(frame: pl.DataFrame, spec: StatsSpec) -> pl.DataFrame:
    """Keep the spec's columns, typed as the spec declares them; apply the unit's row bound.

    Row-wise rules, never a refusal that depends on one person's value: a cell that does not fit
    its column type (including NaN and ±inf in numbers) becomes empty; rows without a privacy-unit
    id are dropped; a histogram axis with ``other`` counts empty and undeclared values there.
    """
    import polars as pl

    missing = sorted(spec.columns() - set(frame.columns))
    if missing:
        raise InputError(f"table has no column(s) {', '.join(map(repr, missing))}")
    types = spec.column_types()
    if types:
        frame = frame.select(sorted(types))
    else:  # a count alone reads no column, but it counts every row
        frame = frame.select(pl.int_range(pl.len()).alias("__row"))
    frame = frame.with_columns(_conform(pl.col(c), frame.schema[c], t) for c, t in types.items())
    frame = frame.with_columns(_other_columns(spec, frame))
    unit = spec.privacy_unit
    if unit.id is not None:
        # a blank id is no id: kept, it would make one "patient" of many people, whose first
        # max_rows rows a newcomer could displace (2 x max_rows rows changed, not max_rows)
        uid = pl.col(unit.id)
        frame = frame.filter(uid.is_not_null() & (uid.cast(pl.String).str.strip_chars() != ""))
        if unit.order_by:
            frame = frame.sort(unit.order_by, maintain_order=True, nulls_last=True)
        # the per-patient bound, applied once for all queries (OpenDP's truncate_per_group does
        # the same per query, and costs a group-by over the whole table each time)
        frame = frame.filter(pl.int_range(pl.len()).over(unit.id) < unit.max_rows)
    if frame.height > spec.max_rows:
        raise InputError(
            f"the table has more rows than the spec's public bound max_rows ({spec.max_rows}); "
            "raise max_rows (it is public and shapes float noise)"
        )
    return frame


def check_input(
    raw: pl.DataFrame, frame: pl.DataFrame, spec: StatsSpec
) -> tuple[list[str], list[str]]:
    """The table against the spec, for the steward (counts per column and rule, never a value):
    notes on cells that do not fit their declared type, empty cells, values outside bounds or
    declared categories, rows the privacy unit drops; and problems a pipeline refuses before
    paying (a column of which no cell fits its type). The release itself applies row-wise rules
    and refuses neither."""
    import polars as pl

    notes: list[str] = []
    refused: list[str] = []
    types = spec.column_types()
    typed = raw.select(_conform(pl.col(c), raw.schema[c], t).alias(c) for c, t in types.items())
    for c, t in sorted(types.items()):
        col = raw[c]
        empty = col.is_null()
        if col.dtype == pl.String:
            empty = empty | (col.str.strip_chars() == "")
        present = int((~empty).sum())
        unfit = int((~empty & typed[c].is_null()).sum())
        if present and unfit == present:
            refused.append(
                f"column {c!r}: none of its {present} non-empty cells fits the declared type {t} "
                "(wrong column, or its type under `columns` does not match the data)"
            )
        if unfit:
            notes.append(f"column {c!r}: {unfit} cell(s) do not fit type {t}: read as empty")
        if present < raw.height:
            notes.append(f"column {c!r}: {raw.height - present} empty cell(s)")
    for q in spec.queries:
        if isinstance(q, Sum | Mean | Variance | Quantile):
            lo, hi = q.bounds
            x = typed[q.column]
            out = int(((x < lo) | (x > hi)).sum()) if x.dtype.is_numeric() else 0
            if out:
                notes.append(f"query {q.name!r}: {out} value(s) of {q.column!r} outside the "
                             f"bounds, clipped to them")  # fmt: skip
        elif isinstance(q, Histogram):
            for a in q.axes or []:
                if a.categories is None:
                    continue
                cats = _cast_keys(typed, a.column, list(a.categories), f"query {q.name!r}")
                x = typed[a.column]
                out = int((x.is_not_null() & ~x.is_in(cats)).sum())
                if out:
                    where = f"counted in {a.other!r}" if a.other is not None else "not counted"
                    notes.append(f"query {q.name!r}: {out} value(s) of {a.column!r} outside the "
                                 f"declared categories, {where}")  # fmt: skip
    if spec.privacy_unit.id is not None and frame.height < raw.height:
        notes.append(
            f"{raw.height - frame.height} row(s) without a privacy-unit id or beyond max_rows "
            f"({spec.privacy_unit.max_rows}) per {spec.privacy_unit.entity or 'patient'} not used"
        )
    return notes, refused


def _conform(x: pl.Expr, dtype: Any, kind: str) -> pl.Expr:
    """Column ``x`` as type ``kind``; a cell that does not fit becomes empty (row by row).

    The result depends on each cell's value only: a typed input (a DataFrame's int or float
    column) takes the same path its text would, without the round trip through text.
    """
    import polars as pl

    if kind == "str":
        if dtype.is_float():  # 7.0 reads "7", as the int 7 does: one 7.5 elsewhere makes pandas
            whole = x.is_finite() & (x == x.floor()) & (x.abs() < 2.0**53)  # store a float column
            return (
                pl.when(whole)
                .then(x.cast(pl.Int64, strict=False).cast(pl.String))
                .when(x.is_nan())
                .then(None)
                .otherwise(x.cast(pl.String))
            )
        return x if dtype == pl.String else x.cast(pl.String)
    if kind == "date":
        if dtype == pl.Date:
            return x
        if isinstance(dtype, pl.Datetime):
            return x.dt.date()
        text = x if dtype == pl.String else x.cast(pl.String)
        return text.str.strip_chars().str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    if kind == "int" and dtype.is_integer():
        return x.cast(pl.Int64)
    if dtype.is_numeric():
        number = x.cast(pl.Float64)
    else:
        text = x if dtype == pl.String else x.cast(pl.String)
        number = text.str.strip_chars().cast(pl.Float64, strict=False)
    if kind == "float":
        return pl.when(number.is_finite()).then(number)
    whole = number.is_finite() & (number == number.floor()) & (number.abs() < 2.0**53)
    return pl.when(whole).then(number.cast(pl.Int64))


def _other_name(q: Histogram, i: int) -> str:
    return f"__other.{q.name}.{i}"


def _other_columns(spec: StatsSpec, frame: pl.DataFrame) -> list[pl.Expr]:
    """For each axis with ``other``: its column with empty and undeclared values set to it."""
    import polars as pl

    out = []
    for q in spec.queries:
        if not isinstance(q, Histogram):
            continue
        for i, a in enumerate(q.axes or []):
            if a.other is None or a.categories is None:
                continue
            where = f"query {q.name!r}"
            cats = _cast_keys(frame, a.column, list(a.categories), where)
            (other,) = _cast_keys(frame, a.column, [a.other], where)
            col = pl.col(a.column)
            out.append(
                pl.when(col.is_in(cats))
                .then(col)
                .otherwise(pl.lit(other, frame.schema[a.column]))
                .alias(_other_name(q, i))
            )
    return out


def _axis_columns(q: Histogram) -> list[str]:
    """The prepared frame's column of each axis (its own, or its ``other``-mapped copy)."""
    return [a.column if a.other is None else _other_name(q, i) for i, a in enumerate(q.axes or [])]


def _margin_keys(spec: StatsSpec) -> list[list[str]]:
    keys: list[list[str]] = [[]]
    for q in spec.queries:
        by = (
            _axis_columns(q)
            if isinstance(q, Histogram)
            else q.by
            if isinstance(q, GroupBy)
            else None
        )
        if by and by not in keys:
            keys.append(by)
    return keys


# -- planning ------------------------------------------------------------------------------------


def _plan(q: Any, base: Callable[[], Any], frame: pl.DataFrame) -> _Planned:
    import opendp.prelude as dp
    import polars as pl

    if isinstance(q, Count):
        return _Planned(
            base().select(dp.len(signed=False).alias("n")),
            lambda r, s: _scalar(q, int(r.item(0, "n")), s, "n", integer=True),
            {"n": 1.0},
        )
    if isinstance(q, Sum | Mean | Variance | Quantile):
        query = base()
        if q.missing == "drop":
            query = query.filter(pl.col(q.column).is_not_null())
        exact = not isinstance(q, Quantile)
        x, bounds = _numeric(frame, q.column, q.bounds, q.missing, exact)
        lo, hi = bounds
        reach = max(abs(lo), abs(hi))  # what adding or removing one row can move a sum
        if isinstance(q, Sum):
            return _Planned(
                query.select(x.dp.sum(bounds).alias("s")),
                lambda r, s: _scalar(q, float(r.item(0, "s")), s, "s"),
                {"s": reach},
                {"s": hi - lo},
            )
        if isinstance(q, Mean):
            return _Planned(
                query.select(x.dp.sum(bounds).alias("s"), dp.len(signed=False).alias("n")),
                lambda r, s: _mean(q, r, s),
                {"s": reach, "n": 1.0},
                {"s": hi - lo},
            )
        if isinstance(q, Variance):
            xc = x.clip(lo, hi)
            sq_bounds = (0 * lo if lo < 0 < hi else min(lo * lo, hi * hi), max(lo * lo, hi * hi))
            return _Planned(
                query.select(
                    xc.dp.sum(bounds).alias("s"),
                    (xc * xc).alias("ss").dp.sum(sq_bounds).alias("ss"),
                    dp.len(signed=False).alias("n"),
                ),
                lambda r, s: _variance(q, r, s),
                {"s": reach, "ss": sq_bounds[1], "n": 1.0},
                {"s": hi - lo, "ss": sq_bounds[1] - sq_bounds[0]},
            )
        return _Planned(
            query.select(x.dp.quantile(q.alpha, q.candidate_values()).alias("value")),
            lambda r, s: _quantile(q, float(r.item(0, "value")), s),
        )
    if isinstance(q, Histogram):
        return _plan_histogram(q, base, frame)
    if isinstance(q, GroupBy):
        return _plan_group_by(q, base, frame)
    raise ConfigError(f"query {q.name!r}: unknown kind")  # pragma: no cover


def _numeric(
    frame: pl.DataFrame,
    column: str,
    bounds: tuple[float, float],
    missing: Any,
    exact: bool,
) -> tuple[Any, tuple[Any, Any]]:
    """The column as OpenDP should sum it: integers stay integers when the bounds are whole
    numbers (exact sensitivity); otherwise floats, whose rounding slack OpenDP adds to the noise
    (it grows with ``max_rows``)."""
    import polars as pl

    lo, hi = bounds
    fill = lo if missing == "drop" else missing
    integral = all(float(v).is_integer() for v in (lo, hi, fill))
    if exact and integral and frame.schema[column].is_integer():
        return pl.col(column).fill_null(int(fill)), (int(lo), int(hi))
    x = pl.col(column)
    if frame.schema[column].is_integer():
        x = x.cast(pl.Float64)
    return x.fill_null(float(fill)), (float(lo), float(hi))


def _key_frame(columns: list[str], values: list[list[Any]], dtypes: list[Any]) -> pl.LazyFrame:
    import polars as pl

    data = {
        c: pl.Series(c, [row[i] for row in values], dtype=dtypes[i]) for i, c in enumerate(columns)
    }
    return pl.LazyFrame(data)


def _cast_keys(frame: pl.DataFrame, column: str, values: list[Any], where: str) -> list[Any]:
    """Declared categories typed like the column (they are public; the column is not read)."""
    import polars as pl

    dtype = frame.schema[column]
    try:
        return pl.Series(values).cast(pl.String).cast(dtype, strict=True).to_list()
    except Exception:
        raise ConfigError(
            f"{where}: declared categories of column {column!r} do not fit its type {dtype}"
        ) from None


def _plan_histogram(q: Histogram, base: Callable[[], Any], frame: pl.DataFrame) -> _Planned:
    import opendp.prelude as dp
    import polars as pl

    axes = q.axes or []
    query = base()
    columns = _axis_columns(q)
    cells: list[list[Any]] = []
    dtypes: list[Any] = []
    binned: list[str] = []
    for axis, column in zip(axes, columns, strict=True):
        if axis.bins is not None:
            edges = axis.bins
            inner = axis.labels()
            labels = ["below", *[str(x) for x in inner], "above"]
            query = query.with_columns(
                pl.col(column).cut(edges, labels=labels, left_closed=True).alias(column)
            )
            cells.append(inner)
            dtypes.append(pl.Categorical)
            binned.append(axis.column)
        else:
            cells.append(_cast_keys(frame, column, axis.labels(), f"query {q.name!r}"))
            dtypes.append(frame.schema[column])
    keys = [list(t) for t in itertools.product(*cells)]
    query = (
        query.group_by(columns)
        .agg(dp.len(signed=False).alias("count"))
        .with_keys(_key_frame(columns, keys, dtypes))
    )
    names = [a.column for a in axes]

    def finish(r: pl.DataFrame, s: Any) -> Statistic:
        r = r.rename(dict(zip(columns, names, strict=True)))
        return _table(q, r, s, names, keys, binned, "count")

    return _Planned(query, finish, {"count": 1.0})


def _plan_group_by(q: GroupBy, base: Callable[[], Any], frame: pl.DataFrame) -> _Planned:
    import opendp.prelude as dp
    import polars as pl

    agg = q.aggregate
    query = base()
    if agg.kind == "count":
        expr, sens = dp.len(signed=False).alias("count"), {"count": 1.0}
    else:
        assert agg.column is not None and agg.bounds is not None
        query = query.filter(pl.col(agg.column).is_not_null())
        x, bounds = _numeric(frame, agg.column, agg.bounds, "drop", True)
        expr = (x.dp.sum(bounds) if agg.kind == "sum" else x.dp.mean(bounds)).alias(agg.kind)
        sens = {agg.kind: max(abs(agg.bounds[0]), abs(agg.bounds[1]))}
    grouped = query.group_by(q.by).agg(expr)
    keys = None
    if q.keys is not None:
        if any(len(k) != len(q.by) for k in q.keys):
            raise ConfigError(f"query {q.name!r}: every key lists one value per `by` column")
        cols = [
            _cast_keys(frame, c, [k[i] for k in q.keys], f"query {q.name!r}")
            for i, c in enumerate(q.by)
        ]
        keys = [list(t) for t in zip(*cols, strict=True)]
        grouped = grouped.with_keys(_key_frame(q.by, keys, [frame.schema[c] for c in q.by]))

    def finish(r: pl.DataFrame, s: Any) -> Statistic:
        if agg.kind == "mean" and agg.bounds is not None:  # post-processing: clip to the bounds
            r = r.with_columns(pl.col("mean").clip(*agg.bounds))
        return _table(q, r, s, q.by, keys, [], agg.kind)

    return _Planned(grouped, finish, sens)


# -- resolving and checking ----------------------------------------------------------------------


def _resolve(name: str, plan: _Planned) -> tuple[Any, Any]:
    from opendp.accuracy import summarize_polars_measurement
    from opendp.mod import OpenDPException

    try:
        measurement = _calibrate(plan.query)
        summary = summarize_polars_measurement(measurement, ALPHA)
    except OpenDPException as exc:
        # OpenDP's messages describe the plan (expressions, bounds), never data values
        detail = (exc.message or str(exc)).strip().splitlines()
        raise ConfigError(f"query {name!r}: OpenDP cannot make it private: {detail[-1]}") from None
    return measurement, summary


def _calibrate(query: Any) -> Any:
    """The query's measurement with the smallest noise scale OpenDP's privacy map accepts.

    OpenDP's own ``resolve`` binary-searches the scale (seconds per query); the privacy loss is a
    power law in the scale (ε ∝ 1/s for Laplace and the exponential mechanism, ρ ∝ 1/s² for
    Gaussian noise), so a few evaluations of OpenDP's map find it directly (milliseconds). Only a
    measurement whose map OpenDP evaluates within the query's share is returned; anything unusual
    (δ-approximate losses, invariants) falls back to ``resolve``.
    """
    from opendp.measurements import make_private_lazyframe
    from opendp.mod import OpenDPException

    try:
        plan = object.__getattribute__(query, "polars_plan")
        inner = object.__getattribute__(query, "_query")
        domain, metric = inner._chain
        d_in, d_out, measure = inner._d_in, inner._d_out, inner._output_measure
    except (AttributeError, TypeError, ValueError):
        return query.resolve()
    approximate = isinstance(d_out, tuple)
    target = d_out[0] if approximate else d_out

    def make(scale: float) -> Any:
        return make_private_lazyframe(domain, metric, measure, plan, global_scale=scale)

    def loss(measurement: Any) -> float:
        out = measurement.map(d_in)
        if approximate:  # only measurements without a δ part (no thresholding) are calibrated here
            return out[0] if out[1] == 0 else math.inf
        return float(out)

    try:
        d1, d2 = loss(make(1.0)), loss(make(2.0))
    except OpenDPException:  # e.g. private keys need a threshold: OpenDP's own search sets it
        return query.resolve()
    if not (0 < d2 < d1 < math.inf):
        return query.resolve()
    power = math.log2(d1 / d2)
    if not 0.5 <= power <= 2.5:
        return query.resolve()
    scale = (d1 / target) ** (1 / power)
    for _ in range(30):
        measurement = make(scale)
        spent = loss(measurement)
        if spent <= target:
            return measurement
        scale *= (spent / target) ** (1 / power) * (1 + 1e-12)
    return query.resolve()


def _scales(summary: Any) -> dict[str, float]:
    return {
        f"{row['column']}:{row['aggregate']}": float(row["scale"])
        for row in summary.iter_rows(named=True)
    }


def _mechanisms(plans: list[_Planned]) -> set[str]:
    return {row["distribution"] for p in plans for row in p.summary.iter_rows(named=True)}


def _refuse_vanishing_noise(
    name: str, plan: _Planned, budget: Budget, public_row_count: bool = False
) -> None:
    """Refuse a measurement whose noise is smaller than any DP mechanism at this budget allows.

    Adding or removing one row can change a statistic by its minimal sensitivity (1 for a count,
    max(|lo|, |hi|) for a sum); noise below that sensitivity over the whole budget cannot be
    ε-DP (Laplace: scale ≥ Δ/ε; Gaussian: σ ≥ Δ/√(2ρ)). Public invariants can make OpenDP release
    such statistics (e.g. sums when the row count is public), so they are caught here; with a
    public row count, neighbours replace a row, which moves a sum by hi - lo.
    """
    for row in plan.summary.iter_rows(named=True):
        scale = row["scale"]
        dist = str(row["distribution"])
        if scale is None or not math.isfinite(scale) or scale <= 0:
            _vanishing(name, dist)
        delta_min = plan.min_sensitivity.get(row["column"], 0.0)
        if public_row_count:  # neighbours replace rows: a sum moves by hi - lo per row
            delta_min = plan.min_width.get(row["column"], delta_min)
        if row["aggregate"] in ("Frame Length", "Length", "Count"):
            delta_min = 1.0
        if not delta_min:
            continue
        if "Laplace" in dist and budget.epsilon is not None:
            if delta_min / scale > budget.epsilon * (1 + 1e-9):
                _vanishing(name, dist)
        elif (
            "Gaussian" in dist
            and budget.rho is not None
            and delta_min**2 / (2 * scale**2) > budget.rho * (1 + 1e-9)
        ):
            _vanishing(name, dist)


def _vanishing(name: str, dist: str) -> None:
    raise ConfigError(
        f"query {name!r}: refused: OpenDP would release it with (near-)zero {dist} noise; "
        "a public invariant (such as public_row_count) removes its protection"
    )


def _ledger_cost(budget: Budget, composed: Any) -> tuple[float, float]:
    """The (ε, δ) a release spends, for basic composition in the ledger: OpenDP's composition
    of the queries' shares (``composed``: ε, ρ, or a pair with the thresholds' δ), which is
    never more than the budget."""
    main, delta = composed if isinstance(composed, tuple) else (composed, 0.0)
    main, delta = float(main), float(delta)
    if budget.epsilon is not None:
        return main, delta
    assert budget.rho is not None
    if budget.delta is None:
        raise ConfigError("a ρ (zCDP) budget needs a delta to be recorded as (ε, δ)")
    return rho_to_epsilon(main, budget.delta), delta + budget.delta


# -- finishing: values, scales and intervals -------------------------------------------------------


def _rows(summary: Any) -> list[dict[str, Any]]:
    return list(summary.iter_rows(named=True))


def _describe(summary: Any) -> tuple[str, dict[str, float]]:
    rows = _rows(summary)
    mech = " + ".join(dict.fromkeys(str(r["distribution"]) for r in rows))
    return mech, _scales(summary)


def _scalar(q: Any, value: float, summary: Any, column: str, integer: bool = False) -> Statistic:
    mech, scales = _describe(summary)
    acc = next(r["accuracy"] for r in _rows(summary) if r["column"] == column)
    lo, hi = value - acc, value + acc
    if integer:
        lo = max(0.0, lo)
    return Statistic(q.name, q.kind, value, mech, scales, (lo, hi))


def _mean(q: Mean, r: pl.DataFrame, summary: Any) -> Statistic:
    """Noisy sum over noisy count; the 95% interval combines each part's 97.5% accuracy."""
    mech, scales = _describe(summary)
    s, n = float(r.item(0, "s")), float(r.item(0, "n"))
    lo, hi = q.bounds
    mean = min(max(s / n, lo), hi) if n > 0 else float("nan")
    a_s, a_n = (_accuracy(summary, col, ALPHA / 2) for col in ("s", "n"))
    if n - a_n <= 0:
        return Statistic(q.name, q.kind, mean, mech, scales, None, "too few rows for an interval")
    corners = [(s + ds) / (n + dn) for ds in (-a_s, a_s) for dn in (-a_n, a_n)]
    interval = (max(min(corners), lo), min(max(corners), hi))
    return Statistic(q.name, q.kind, mean, mech, scales, interval)


def _accuracy(summary: Any, column: str, alpha: float) -> float:
    """OpenDP's accuracy of one noisy part at level ``alpha``."""
    from opendp.accuracy import discrete_gaussian_scale_to_accuracy as dgauss
    from opendp.accuracy import discrete_laplacian_scale_to_accuracy as dlap
    from opendp.accuracy import gaussian_scale_to_accuracy as gauss
    from opendp.accuracy import laplacian_scale_to_accuracy as lap

    row = next(r for r in _rows(summary) if r["column"] == column)
    dist, scale = str(row["distribution"]), float(row["scale"])
    integer = dist.startswith("Integer")
    if "Laplace" in dist:
        return float((dlap if integer else lap)(scale, alpha))
    return float((dgauss if integer else gauss)(scale, alpha))


def _variance(q: Variance, r: pl.DataFrame, summary: Any) -> Statistic:
    mech, scales = _describe(summary)
    s, ss, n = float(r.item(0, "s")), float(r.item(0, "ss")), float(r.item(0, "n"))
    lo, hi = q.bounds
    var = (ss - s * s / n) / (n - 1) if n >= 2 else float("nan")
    var = min(max(var, 0.0), ((hi - lo) / 2) ** 2) if math.isfinite(var) else var
    return Statistic(q.name, q.kind, var, mech, scales, None, NO_INTERVAL["variance"])


def _quantile(q: Quantile, value: float, summary: Any) -> Statistic:
    mech, scales = _describe(summary)
    return Statistic(q.name, q.kind, value, mech, scales, None, NO_INTERVAL["quantile"])


def _table(
    q: Any,
    r: pl.DataFrame,
    summary: Any,
    columns: list[str],
    keys: list[list[Any]] | None,
    binned: list[str],
    value: str,
) -> Statistic:
    import polars as pl

    mech, scales = _describe(summary)
    rows = _rows(summary)
    threshold = next((r_.get("threshold") for r_ in rows if r_.get("threshold") is not None), None)
    out = r.with_columns([pl.col(c).cast(pl.String) for c in binned])
    note = ""
    if value == "mean":
        note = "per-group means: no interval is given (ratio of two noisy values per group)"
        out = out.with_columns(lower=pl.lit(None, pl.Float64), upper=pl.lit(None, pl.Float64))
    else:
        acc = next(r_["accuracy"] for r_ in rows if r_["column"] == value)
        lower = pl.col(value) - acc
        out = out.with_columns(
            lower=pl.max_horizontal(lower, 0.0) if value == "count" else lower,
            upper=pl.col(value) + acc,
        )
    if keys is not None:  # declared cells in declared order
        order = pl.DataFrame(
            {c: [k[i] for k in keys] for i, c in enumerate(columns)},
            schema=out.select(columns).schema,
        ).with_row_index("_order")
        out = order.join(out, on=columns, how="left").sort("_order").drop("_order")
    else:
        out = out.sort(columns)
        note = (
            f"groups not declared in advance: only groups whose noisy count passed the threshold "
            f"({threshold}) are released"
        )
    return Statistic(q.name, q.kind, out.to_pandas(), mech, scales, None, note, threshold)
