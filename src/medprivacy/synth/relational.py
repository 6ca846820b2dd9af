"""DP relational synthesis: patients, their child rows (encounters) and grandchildren (conditions).

The privacy unit is the patient across all tables: in each child table a patient keeps their first
``max_children`` rows (input order; a row whose parent row was dropped goes too), so adding or
removing a patient changes at most one patient row and ``max_children`` rows of each child table.

Method (after PrivLava's idea of modelling each child table *given* its parent, SIGMOD 2023, with
AIM as the per-table marginal estimator):

1. Each table becomes one model table with a row per (bounded) input row: its declared columns,
   its event dates as offset bins from their anchor date, the *context* (codes of chosen parent
   columns, default all the parent's declared columns) and, for every child table, the binned
   number of that row's children (``n_<child>``). The child counts are thus ordinary columns of
   the parent's model, so their distribution is learnt jointly with the parent's attributes.
2. :class:`~medprivacy.synth.aim.AIM` fits each model table (zCDP, OpenDP noise) with
   sensitivity ``1`` for the patient table and ``max_children`` for a child table (the privacy
   unit is the patient). ρ is split across the tables by the relative ``weights`` (equal by
   default); a table with children spends ``count_share`` of its ρ on the 1-way of each of its
   ``n_<child>`` columns apart from AIM (:func:`count_oneway`: OpenDP discrete Gaussian
   histograms of every row and, where the table's bound exceeds ``count_clip``, of each
   patient's rows per bin clipped to ``count_clip``), the rest on its AIM. By zCDP composition
   the release costs the sum, converted once to (ε, δ). The ledger is charged once, for the
   whole release, before the first measurement.
3. SAMPLE (post-processing): patients from their model's pool raked to the measured child-count
   shares; each synthetic row's ``n_<child>`` bin becomes a count (uniform in the bin) of child
   slots; each slot takes a row from a (raked) pool sampled from the child's model whose context
   equals its parent's (dropping the last context columns until one matches). Keys are fresh
   random codes and every foreign key is its synthetic parent's (or ancestor's) key. Dates are
   anchor + offset, capped by the patient's ``end`` and ``end_date`` but never below the
   anchor: birth <= event <= death and start <= stop always.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from pydantic import Field

from medprivacy.errors import ConfigError, InputError
from medprivacy.synth.accounting import ADJACENCY, epsilon_of
from medprivacy.synth.base import DPSynthesizer, Options, parse_options, synthesizers
from medprivacy.synth.contributions import cell_text, has_unit_id
from medprivacy.synth.encode import Codes, decode, encode_checked, sizes_of
from medprivacy.synth.mechanisms import ZCDPBudget
from medprivacy.synth.relational_spec import (
    COUNT_PREFIX,
    RelationalSpec,
    as_relational_spec,
    context_of,
    qualified,
)
from medprivacy.synth.spec import CategoricalColumn, DateColumn, PrivacyUnit, SynthSpec

log = logging.getLogger(__name__)
UNIT = "__patient"  # the model tables' privacy-unit column (never synthesized)


class RelationalOptions(Options):
    """Relative ρ weight per table (default 1 each), the child-row pool size and the options
    of each table's AIM."""

    weights: dict[str, float] = Field(default_factory=dict)
    pool_factor: float = Field(3.0, ge=1)
    aim: dict[str, Any] = Field(default_factory=dict)
    count_share: float = Field(0.3, ge=0, lt=1)  # of a table's ρ, on its child counts' 1-ways
    count_clip: int = Field(1, ge=1)  # rows per patient and count bin in the clipped 1-way


def default_count_bins(cap: int) -> list[int]:
    """Edges of the binned number of children of a row: one bin per value up to 6, then ~50%
    wider, up to 2 x ``max_children`` (the last bin is open above). The count is an attribute of
    the parent row, so it is measured untruncated: the bound limits rows, not this value. Few
    bins: every bin of a noisy marginal gets noise, and an empty bin's noise becomes rows."""
    top = 2 * cap + 1
    edges = list(range(min(top, 7) + 1))
    while edges[-1] < top:
        edges.append(min(max(edges[-1] + 1, round(edges[-1] * 1.5)), top))
    return edges


def count_bins(spec: RelationalSpec, child: str) -> list[int]:
    t = spec.tables[child]
    assert t.max_children is not None
    return list(t.count_bins) if t.count_bins else default_count_bins(t.max_children)


def bin_of(values: np.ndarray, edges: list[int]) -> np.ndarray:
    """Bin index of each non-negative value (the last bin is open above)."""
    idx = np.searchsorted(np.asarray(edges), values, side="right") - 1
    return np.clip(idx, 0, len(edges) - 2)


def parse_dates(s: pd.Series, fmt: str) -> pd.Series:
    """Dates of a column by its declared format alone (NaT for anything else), day precision."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        out = s
    else:
        text = s.map(lambda v: v.strip() if isinstance(v, str) else v)
        text = text.where(text.map(lambda v: isinstance(v, str) and v != ""), None)
        out = pd.to_datetime(text, format=fmt, errors="coerce")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out.dt.normalize()


def key_text(s: pd.Series) -> pd.Series:
    """Key cells as text (``7.0`` reads ``7``); missing keys are None."""
    return s.where(has_unit_id(s), None).map(lambda v: None if v is None else cell_text(v))


def link(
    spec: RelationalSpec, tables: dict[str, pd.DataFrame], truncate: bool
) -> tuple[dict[str, pd.DataFrame], dict[str, np.ndarray]]:
    """Rows kept per table (index: input row numbers) and each kept row's parent position.

    Patient rows need an id (first row per id); a child row needs its parent among the kept
    rows; with ``truncate`` a patient keeps the first ``max_children`` rows of each child table.
    """
    kept: dict[str, pd.DataFrame] = {}
    parent_pos: dict[str, np.ndarray] = {}
    patient_pos: dict[str, np.ndarray] = {}
    for name in spec.order():
        t = spec.tables[name]
        df = tables[name]
        parent = spec.parent_of(name)
        if parent is None:
            ids = key_text(df[t.primary_key])
            ok = ids.notna() & ~ids.duplicated()
            kept[name] = df.loc[ok]
            parent_pos[name] = np.full(int(ok.sum()), -1)
            patient_pos[name] = np.arange(int(ok.sum()))
            continue
        pt = spec.tables[parent]
        index = pd.Series(
            np.arange(len(kept[parent])), index=key_text(kept[parent][pt.primary_key]).to_numpy()
        )
        index = index[~index.index.duplicated()]
        assert t.parent is not None
        pos = key_text(df[t.parent]).map(index)
        ok = pos.notna().to_numpy()
        pos_ok = pos.to_numpy()[ok].astype(np.int64)
        pat = patient_pos[parent][pos_ok]
        keep = np.ones(len(pos_ok), dtype=bool)
        if truncate:
            assert t.max_children is not None
            keep = pd.Series(pat).groupby(pat).cumcount().to_numpy() < t.max_children
        kept[name] = df.loc[ok].loc[keep] if len(df) else df
        parent_pos[name] = pos_ok[keep]
        patient_pos[name] = pat[keep]
    return kept, parent_pos


def up(spec: RelationalSpec, parent_pos: dict[str, np.ndarray], name: str, to: str) -> np.ndarray:
    """Position in ancestor table ``to`` of each row of ``name``."""
    pos = np.arange(len(parent_pos[name]))
    for a in spec.chain(name):
        if a == to:
            return pos
        pos = parent_pos[a][pos]
    raise ValueError(f"{to!r} is not an ancestor of {name!r}")


def date_format(spec: RelationalSpec, table: str, column: str) -> str:
    t = spec.tables[table]
    if column in t.dates:
        return t.dates[column].format
    col = t.columns[column]
    assert isinstance(col, DateColumn)
    return col.format


def anchor_ref(spec: RelationalSpec, table: str, after: str) -> tuple[str, str]:
    """(table, column) of a date's anchor."""
    tt, dot, tc = after.partition(".")
    return (tt, tc) if dot and tt in spec.tables else (table, after)


def date_order(spec: RelationalSpec, table: str) -> list[str]:
    """The table's offset dates, each after its same-table anchor."""
    t = spec.tables[table]
    done: list[str] = []
    while len(done) < len(t.dates):
        for c, d in t.dates.items():
            at, ac = anchor_ref(spec, table, d.after)
            if c not in done and (at != table or ac not in t.dates or ac in done):
                done.append(c)
    return done


def released_columns(spec: RelationalSpec, table: str) -> list[str]:
    """The columns of a released table, in order: its keys, declared columns, offset dates."""
    t = spec.tables[table]
    keys = [t.primary_key] if t.primary_key else []
    return [*keys, *t.foreign_keys, *t.columns, *date_order(spec, table)]


def model_spec(spec: RelationalSpec, name: str, parent_specs: dict[str, SynthSpec]) -> SynthSpec:
    """The spec of a table's model: columns, offset bins, context codes, child-count bins."""
    t = spec.tables[name]
    cols: dict[str, Any] = dict(t.columns)
    for c, d in t.dates.items():
        cols[c] = CategoricalColumn(domain=list(range(len(d.bins) - 1)), nullable=d.nullable)
    parent = spec.parent_of(name)
    if parent is not None:
        pspec = parent_specs[parent]
        for c in context_of(spec, name):
            size = pspec.columns[c].codes
            cols[qualified(parent, c)] = CategoricalColumn(domain=list(range(size)), nullable=False)
    for child in spec.children(name):
        cols[COUNT_PREFIX + child] = CategoricalColumn(
            domain=list(range(len(count_bins(spec, child)) - 1)), nullable=False
        )
    max_rows = 1 if parent is None else t.max_children
    assert max_rows is not None
    unit = PrivacyUnit(id=UNIT, max_rows=max_rows, entity="patient")
    return SynthSpec(columns=cols, privacy_unit=unit, target=None)


@synthesizers.register("relational")
class Relational(DPSynthesizer):
    """DP synthesis of related tables, the patient the unit across all of them."""

    name = "relational"
    mechanism = (
        "relational: AIM per table (child tables conditioned on parent columns, child counts as "
        "parent columns); each child-count column's 1-way also measured apart by OpenDP discrete "
        "Gaussian histograms on count_share of the parent table's rho (all rows; and, where the "
        "parent table's per-patient bound exceeds count_clip, each patient's rows per bin "
        "clipped to count_clip); zCDP-composed across tables"
    )
    Options = RelationalOptions

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        from medprivacy.synth.aim import AIM

        parse_options(AIM.Options, "aim", self.opts.aim)  # a bad one fails before anything
        self.rspec: RelationalSpec | None = None
        self.models: dict[str, Any] = {}
        self.specs: dict[str, SynthSpec] = {}
        self.spent: dict[str, float] = {}
        self.counts: dict[str, np.ndarray] = {}  # measured shares of each child-count bin

    # ---- fitting -----------------------------------------------------------------------------

    def fit(  # type: ignore[override]
        self,
        tables: dict[str, pd.DataFrame],
        spec: RelationalSpec | dict[str, Any],
        *,
        before_measure: Callable[[], None] | None = None,
    ) -> Relational:
        """Fit on ``tables`` (name -> DataFrame). ``before_measure`` (the ledger charge) runs
        once, after every table is checked and before the first noisy measurement."""
        rs = as_relational_spec(spec)
        self.rspec = rs
        model_tables = self.model_tables(tables, rs)
        self.specs = {}
        for name in rs.order():
            self.specs[name] = model_spec(rs, name, self.specs)
        for name in rs.order():  # every table checked before anything is paid
            try:
                encode_checked(model_tables[name], self.specs[name])
            except InputError as exc:
                raise InputError(f"table {name!r}: {exc}") from None
        weights = table_weights(rs, self.opts.weights)
        (before_measure or (lambda: None))()
        from medprivacy.synth.aim import AIM

        self.counts = {}
        for name in rs.order():
            rho = self.rho * weights[name] * (1 - 1e-9)
            own = rs.children(name)
            rho_counts = rho * self.opts.count_share if own else 0.0
            seed = None if self.seed is None else int(self.rng.integers(2**31))
            model = AIM(epsilon=1.0, delta=self.delta, seed=seed, **self.opts.aim)
            model.rho, model.budget = rho - rho_counts, ZCDPBudget(rho - rho_counts)
            model.fit(model_tables[name], self.specs[name])
            self.budget.charge(f"table {name}", model.budget.spent)
            self.spent[name] = model.budget.spent
            self.models[name] = model
            bound, before = self.specs[name].max_rows, self.budget.spent
            for child in own:
                self.counts[child] = count_oneway(
                    model_tables[name],
                    COUNT_PREFIX + child,
                    len(count_bins(rs, child)) - 1,
                    bound,
                    self.opts.count_clip,
                    rho_counts / len(own),
                    self.budget,
                )
            self.spent[name] += self.budget.spent - before
        self.n_fit = self.models[rs.patient_table].default_rows
        self.spec = self.specs[rs.patient_table]
        return self

    def model_tables(
        self, tables: dict[str, pd.DataFrame], spec: RelationalSpec | dict[str, Any]
    ) -> dict[str, pd.DataFrame]:
        """Each table's model rows (index: input row numbers): declared columns, offset bins,
        context codes, child-count bins and the patient (privacy unit)."""
        rs = as_relational_spec(spec)
        check_tables(tables, rs)
        tables = {
            n: df.reset_index(drop=True)
            if not (pd.api.types.is_integer_dtype(df.index) and df.index.is_unique)
            else df
            for n, df in tables.items()
        }
        check_keys(rs, tables)
        kept, parent_pos = link(rs, tables, truncate=True)
        from medprivacy.synth.aim import AIM, check_candidates

        max_cells = parse_options(AIM.Options, "aim", self.opts.aim).max_cells
        every, every_pos = link(rs, tables, truncate=False)  # child counts: all rows
        dates = real_dates(rs, kept)
        out: dict[str, pd.DataFrame] = {}
        specs: dict[str, SynthSpec] = {}
        codes: dict[str, Codes] = {}
        for name in rs.order():
            t = rs.tables[name]
            df = kept[name]
            m = pd.DataFrame(index=df.index)
            for c in t.columns:
                m[c] = df[c]
            for c, d in t.dates.items():
                at, ac = anchor_ref(rs, name, d.after)
                anchor = dates[at][ac].to_numpy()[up(rs, parent_pos, name, at)]
                days = (dates[name][c].to_numpy() - anchor) / np.timedelta64(1, "D")
                known = ~np.isnan(days)
                b = np.where(known, bin_of(np.maximum(np.nan_to_num(days), 0), d.bins), 0)
                m[c] = pd.Series(b, index=df.index, dtype=object).where(known, None)
            parent = rs.parent_of(name)
            if parent is not None:
                pcodes = codes[parent]
                pos = parent_pos[name]
                for c in context_of(rs, name):
                    m[qualified(parent, c)] = pcodes.data[pos, pcodes.columns.index(c)]
            for child in rs.children(name):
                n = np.bincount(every_pos[child], minlength=len(every[name]))
                n = pd.Series(n, index=every[name].index).reindex(df.index).to_numpy()
                m[COUNT_PREFIX + child] = bin_of(n, count_bins(rs, child))
            pat = up(rs, parent_pos, name, rs.patient_table)
            m[UNIT] = pat.astype(np.int64)
            specs[name] = model_spec(rs, name, specs)
            try:
                check_candidates(tuple(specs[name].columns), sizes_of(specs[name]), max_cells)
            except ConfigError as exc:
                raise ConfigError(f"table {name!r}: {exc}") from None
            try:
                codes[name] = encode_checked(m, specs[name])
            except InputError as exc:
                raise InputError(f"table {name!r}: {exc}") from None
            out[name] = m
        return out

    def _fit(self, codes: Codes, before_measure: Callable[[], None]) -> None:
        raise NotImplementedError("relational fits a dict of tables: fit(tables, spec)")

    def _sample_codes(self, n: int) -> np.ndarray:
        raise NotImplementedError("relational samples tables: sample_tables()")

    # ---- sampling ----------------------------------------------------------------------------

    def sample(self, n: int | None = None) -> dict[str, pd.DataFrame]:
        """Synthetic tables (name -> DataFrame); ``n`` patients (default: the noisy count)."""
        return self.sample_tables(n)

    def sample_tables(self, n_patients: int | None = None) -> dict[str, pd.DataFrame]:
        rs = self.rspec
        if rs is None:
            raise RuntimeError("fit the synthesizer first")
        n = self.default_rows if n_patients is None else int(n_patients)
        codes: dict[str, np.ndarray] = {}
        parent_pos: dict[str, np.ndarray] = {}
        out: dict[str, pd.DataFrame] = {}
        dates: dict[str, dict[str, np.ndarray]] = {}
        keys: dict[str, np.ndarray] = {}
        for name in rs.order():
            t = rs.tables[name]
            spec = self.specs[name]
            model = self.models[name]
            parent = rs.parent_of(name)
            raked = [
                (list(spec.columns).index(COUNT_PREFIX + x), self.counts[x])
                for x in rs.children(name)
                if x in self.counts
            ]
            if parent is None:
                pool_n = int(min(max(self.opts.pool_factor * n, 20_000), 500_000))
                pool = model._sample_codes(pool_n)
                # sorted by the counts, then every column: systematic draws then keep each
                # count bin's (and cell's) share up to one row, without multinomial noise
                by = [pool[:, j] for j in reversed(range(pool.shape[1]))]
                order = np.lexsort([*by, *(pool[:, j] for j, _ in reversed(raked))])
                w = rake_weights(pool, raked)[order]
                c = pool[order[weighted_draw(w, n, self.rng)]]
                parent_pos[name] = np.full(len(c), -1)
            else:
                pcodes = codes[parent]
                pspec = self.specs[parent]
                j = list(pspec.columns).index(COUNT_PREFIX + name)
                edges = np.asarray(count_bins(rs, name))
                b = pcodes[:, j]
                counts = self.rng.integers(edges[b], edges[b + 1])
                pos = np.repeat(np.arange(len(pcodes)), counts)
                ctx = [qualified(parent, x) for x in context_of(rs, name)]
                cols = list(spec.columns)
                ci = [cols.index(x) for x in ctx]
                pi = [list(pspec.columns).index(x) for x in context_of(rs, name)]
                pool_n = int(min(max(self.opts.pool_factor * len(pos), 20_000), 500_000))
                pool = model._sample_codes(pool_n) if len(pos) else np.zeros((0, len(cols)), int)
                sizes = [spec.columns[x].codes for x in ctx]
                w = rake_weights(pool, raked)
                pick = match(pool[:, ci], pcodes[pos][:, pi], sizes, self.rng, w)
                c = pool[pick] if len(pos) else pool
                if len(pos):
                    c[:, ci] = pcodes[pos][:, pi]
                parent_pos[name] = pos
            codes[name] = c
            df = pd.DataFrame(index=range(len(c)))
            if t.columns:
                own = SynthSpec(target=None, columns={x: spec.columns[x] for x in t.columns})
                df = decode(c[:, : len(t.columns)], own, self.rng)
            dates[name] = {
                x: df[x].to_numpy(dtype="datetime64[ns]")
                for x, col in t.columns.items()
                if isinstance(col, DateColumn)
            }
            self._dates(rs, name, c, spec, dates, parent_pos)
            for x in dates[name]:
                df[x] = pd.Series(dates[name][x])
            keys[name] = fresh_keys(len(c), self.rng)
            front: dict[str, Any] = {}
            if t.primary_key:
                front[t.primary_key] = keys[name]
            for fk, target in t.foreign_keys.items():
                tt = target.partition(".")[0]
                front[fk] = keys[tt][up(rs, parent_pos, name, tt)]
            out[name] = pd.concat([pd.DataFrame(front), df.reset_index(drop=True)], axis=1)
        return out

    def _dates(
        self,
        rs: RelationalSpec,
        name: str,
        c: np.ndarray,
        spec: SynthSpec,
        dates: dict[str, dict[str, np.ndarray]],
        parent_pos: dict[str, np.ndarray],
    ) -> None:
        """Offset dates of ``name``: anchor + a day drawn in the offset's bin, at most the
        patient's end date and ``end_date``, never before the anchor."""
        t = rs.tables[name]
        cols = list(spec.columns)
        cap = np.full(len(c), np.datetime64("NaT"), dtype="datetime64[ns]")
        if rs.end_date is not None:
            cap[:] = np.datetime64(rs.end_date, "ns")
        pt = rs.tables[rs.patient_table]
        if name != rs.patient_table and pt.end is not None:
            death = dates[rs.patient_table][pt.end][up(rs, parent_pos, name, rs.patient_table)]
            cap = np.where(np.isnat(cap) | (death < cap), death, cap)
        if name == rs.patient_table:  # declared date columns of patients stay within end_date
            for x, col in t.columns.items():
                if isinstance(col, DateColumn) and rs.end_date is not None:
                    dates[name][x] = np.minimum(dates[name][x], cap)
        for x in date_order(rs, name):
            d = t.dates[x]
            at, ac = anchor_ref(rs, name, d.after)
            anchor = dates[at][ac][up(rs, parent_pos, name, at)]
            b = c[:, cols.index(x)]
            null = b >= len(d.bins) - 1
            b = np.where(null, 0, b)
            edges = np.asarray(d.bins)
            days = self.rng.integers(edges[b], edges[b + 1])
            v = anchor + days.astype("timedelta64[D]")
            v = np.where(~np.isnat(cap) & (v > cap), cap, v)
            v = np.where(v < anchor, anchor, v)  # a cap before the anchor: the anchor
            v[null | np.isnat(anchor)] = np.datetime64("NaT")
            dates[name][x] = v.astype("datetime64[ns]")

    def privacy(self) -> dict[str, Any]:
        info = super().privacy()
        rs = self.rspec
        if rs is None:
            return info
        bounds = {n: t.max_children for n, t in rs.tables.items() if n != rs.patient_table}
        unit = (
            f"patient ({rs.patient_table}.{rs.tables[rs.patient_table].primary_key}) across all "
            "tables: one patient row and at most "
            + ", ".join(f"{m} rows of {n}" for n, m in bounds.items())
        )
        info.update(
            unit=unit,
            adjacency=f"{ADJACENCY}: a patient with all their rows in every table",
            guarantee=(
                f"({epsilon_of(self.rho, self.delta):.4g}, {self.delta:.3g})-DP per patient across "
                f"all tables (rho={self.rho:.6g} zCDP; adjacency: add/remove one patient and all "
                "their rows)"
            ),
            tables={
                n: {"max_children": bounds.get(n), "rho": self.spent.get(n)} for n in rs.tables
            },
        )
        return info


def table_weights(rs: RelationalSpec, weights: dict[str, float]) -> dict[str, float]:
    """Each table's share of ρ (the option's relative weights, default 1; summing to 1)."""
    unknown = next((n for n in weights if n not in rs.tables), None)
    if unknown is not None:
        raise ConfigError(f"synthesizer 'relational' option weights: {unknown!r} is not a table")
    if any(not 0 < w < float("inf") for w in weights.values()):
        raise ConfigError("synthesizer 'relational' option weights: each must be > 0")
    w = {n: float(weights.get(n, 1.0)) for n in rs.tables}
    total = sum(w.values())
    return {n: v / total for n, v in w.items()}


def check_tables(tables: dict[str, pd.DataFrame], rs: RelationalSpec) -> None:
    """Every spec table and every key/column it names is present (a one-line InputError)."""
    if not isinstance(tables, dict):
        raise InputError("relational synthesis takes a dict of tables (name -> DataFrame)")
    for name, t in rs.tables.items():
        if name not in tables:
            raise InputError(f"table {name!r} named in the spec is missing")
        need = [x for x in (t.primary_key, *t.foreign_keys, *t.columns, *t.dates) if x]
        gone = next((x for x in need if x not in tables[name].columns), None)
        if gone is not None:
            raise InputError(f"table {name!r}: column {gone!r} named in the spec is missing")


def check_keys(rs: RelationalSpec, tables: dict[str, pd.DataFrame]) -> None:
    """Keys that make "a patient and all their rows" one set of rows (a one-line InputError
    naming table, column and row, never the value): every primary key is unique (a key shared
    by two rows would hand one patient's children to another, past the per-patient bound),
    and every foreign key to an ancestor above the parent names the row's parent chain's
    ancestor (an empty one is allowed: the chain decides). ``tables`` have positional indexes."""
    for name in rs.order():
        t = rs.tables[name]
        if not t.primary_key:
            continue
        ids = key_text(tables[name][t.primary_key])
        dup = np.flatnonzero((ids.notna() & ids.duplicated()).to_numpy())
        if len(dup):
            raise InputError(
                f"table {name!r}, column {t.primary_key!r}, row {int(dup[0]) + 1}: a primary key "
                "repeated from an earlier row; rule: primary keys are unique in their table"
            )
    every, every_pos = link(rs, tables, truncate=False)
    every_rows = {n: tables[n].index.get_indexer(df.index) for n, df in every.items()}
    for name in rs.order():
        t = rs.tables[name]
        for fk, target in t.foreign_keys.items():
            if fk == t.parent:
                continue
            tt, _, tc = target.partition(".")
            mine = key_text(every[name][fk]).to_numpy()
            theirs = key_text(every[tt][tc]).to_numpy()
            chain = theirs[up(rs, every_pos, name, tt)]
            bad = np.flatnonzero(
                np.asarray([m is not None and m != c for m, c in zip(mine, chain, strict=True)])
            )
            if len(bad):
                row = int(every_rows[name][int(bad[0])]) + 1
                raise InputError(
                    f"table {name!r}, column {fk!r}, row {row}: the key disagrees with the row's "
                    f"parent chain ({t.parent!r}); rule: a foreign key to an ancestor names the "
                    "parent's own ancestor"
                )


def real_dates(rs: RelationalSpec, kept: dict[str, pd.DataFrame]) -> dict[str, dict[str, Any]]:
    """Parsed dates (declared date columns and offset dates) of the kept rows."""
    out: dict[str, dict[str, Any]] = {}
    for name, t in rs.tables.items():
        df = kept[name]
        cols = [x for x, c in t.columns.items() if isinstance(c, DateColumn)] + list(t.dates)
        out[name] = {x: parse_dates(df[x], date_format(rs, name, x)) for x in cols}
    return out


def fresh_keys(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` random 128-bit hex keys (fresh: nothing of an input key)."""
    hi = rng.integers(0, 2**63, n, dtype=np.int64)
    lo = rng.integers(0, 2**63, n, dtype=np.int64)
    return np.asarray([f"{a:016x}{b:016x}" for a, b in zip(hi, lo, strict=True)], dtype=object)


def match(
    pool: np.ndarray,
    want: np.ndarray,
    sizes: list[int],
    rng: np.random.Generator,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """For each row of ``want`` (context codes), a pool row with the same context, drawn in
    proportion to ``weights`` (default: uniformly), dropping the last context columns until
    some pool row of positive weight matches."""
    k = len(want)
    w = np.ones(len(pool)) if weights is None else np.asarray(weights, dtype=float)
    out = np.full(k, -1, dtype=np.int64)
    for level in range(len(sizes), -1, -1):
        todo = np.flatnonzero(out < 0)
        if not len(todo):
            break
        if level == 0:
            out[todo] = weighted_draw(w, len(todo), rng)
            break
        if int(np.prod([float(s) for s in sizes[:level]])) >= 2**62:
            continue
        pk = _flat(pool[:, :level], sizes[:level])
        wk = _flat(want[todo, :level], sizes[:level])
        order = np.argsort(pk, kind="stable")
        spk = pk[order]
        cw = np.concatenate([[0.0], np.cumsum(w[order])])
        lo = np.searchsorted(spk, wk, "left")
        hi = np.searchsorted(spk, wk, "right")
        ok = (hi > lo) & (cw[hi] > cw[lo])
        u = cw[lo[ok]] + rng.random(int(ok.sum())) * (cw[hi[ok]] - cw[lo[ok]])
        pick = np.clip(np.searchsorted(cw, u, "right") - 1, lo[ok], hi[ok] - 1)
        out[todo[ok]] = order[pick]
    return out


def weighted_draw(w: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` indices in proportion to ``w`` (uniform if all zero), by systematic sampling (one
    uniform offset, ``n`` evenly spaced points on the cumulative weights: each index is drawn
    ``n w_i / Σw`` times, rounded up or down), in random order."""
    if not len(w) or n <= 0:
        return np.zeros(0, dtype=np.int64)
    total = float(w.sum())
    cw = np.cumsum(w / total if total > 0 else np.full(len(w), 1.0 / len(w)))
    points = (rng.random() + np.arange(n)) / n
    idx = np.minimum(np.searchsorted(cw, points, "right"), len(w) - 1)
    return rng.permutation(idx)


def count_oneway(
    m: pd.DataFrame,
    column: str,
    bins: int,
    bound: int,
    clip: int,
    rho: float,
    budget: ZCDPBudget,
) -> np.ndarray:
    """The share of a model table's rows in each bin of a child-count column, measured apart
    from AIM (its 1-way there is one of many columns' and noisy in the sparse bins).

    Two OpenDP discrete Gaussian histograms, ``rho`` split equally: every row (L2 sensitivity
    ``bound``, the patient's rows in the table) and every patient's rows per bin clipped to
    ``clip`` (sensitivity ceil(min(clip sqrt(bins), sqrt(clip bound))): ``Σ v² <= clip Σ v``).
    Post-processing: per bin the clipped count (less noise) unless the two differ by more than
    2 noise sds (clipping cut it), projected onto the simplex."""
    from medprivacy.synth.estimate import project_simplex
    from medprivacy.synth.mechanisms import noisy_counts

    full, clipped = count_histograms(m, column, bins, clip)
    if bound <= clip:
        noisy, _ = noisy_counts(full, rho * (1 - 1e-9), bound, budget, f"{column} 1-way")
        est = noisy
    else:
        half = rho / 2 * (1 - 1e-9)
        sens = clipped_sensitivity(bins, bound, clip)
        f, sf = noisy_counts(full, half, bound, budget, f"{column} 1-way")
        c, sc = noisy_counts(clipped, half, sens, budget, f"{column} 1-way clipped")
        est = np.where(np.abs(f - c) < 2 * math.hypot(sf, sc), c, f)
    p = project_simplex(est, max(float(est.sum()), 1.0))
    return p / p.sum() if p.sum() > 0 else np.full(bins, 1.0 / bins)


def count_histograms(
    m: pd.DataFrame, column: str, bins: int, clip: int
) -> tuple[np.ndarray, np.ndarray]:
    """Rows per bin of a count column, and the same with each patient's rows in a bin clipped
    to ``clip``."""
    codes = m[column].to_numpy(dtype=np.int64)
    full = np.bincount(codes, minlength=bins)[:bins]
    per = pd.DataFrame({"u": m[UNIT].to_numpy(dtype=np.int64), "b": codes}).value_counts()
    clipped = np.bincount(
        per.index.get_level_values("b").to_numpy(dtype=np.int64),
        weights=np.minimum(per.to_numpy(), clip),
        minlength=bins,
    )[:bins]
    return full, clipped.round().astype(np.int64)


def clipped_sensitivity(bins: int, bound: int, clip: int) -> int:
    """L2 sensitivity of the clipped histogram: a patient adds ``v_b <= clip`` to each bin with
    ``Σ v_b <= bound``, so ``|v|² <= clip Σ v_b <= clip bound`` and ``<= bins clip²``."""
    return math.ceil(min(clip * math.sqrt(bins), math.sqrt(clip * bound)) - 1e-9)


def rake_weights(pool: np.ndarray, raked: list[tuple[int, np.ndarray]]) -> np.ndarray:
    """Weights of the pool rows that give each count column ``j`` the measured shares ``p``
    (a few rounds of raking; a bin the pool lacks stays empty)."""
    w = np.ones(len(pool))
    for _ in range(3 if len(raked) > 1 else 1):
        for j, p in raked:
            have = np.bincount(pool[:, j], weights=w, minlength=len(p))[: len(p)]
            ratio = np.divide(p * w.sum(), have, out=np.zeros(len(p)), where=have > 0)
            w = w * ratio[pool[:, j]]
    return w


def _flat(codes: np.ndarray, sizes: list[int]) -> np.ndarray:
    """One integer per row for its codes (mixed radix)."""
    out = np.zeros(len(codes), dtype=np.int64)
    for j, size in enumerate(sizes):
        out = out * size + codes[:, j]
    return out
