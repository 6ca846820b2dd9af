"""Baselines for relational synthesis, for the benchmark's side-by-side table.

- :func:`sdv_hma`: SDV's Hierarchical Modeling Algorithm (BUSL-1.1; **no formal privacy
  guarantee**), imported on first use. It gets the declared columns, dates parsed by their
  declared formats, and the parent relationship of each child table; a child's other foreign keys
  (to an ancestor) are filled from its parent row.
- :func:`independent_aim`: AIM on each table on its own (dates as declared date columns), ρ split
  equally, with *random* foreign keys; nothing links a child to its parent's attributes. A
  benchmark baseline: it takes ε without a ledger (nothing is charged) and states nothing. Its
  unit is the patient only where every child table has a foreign key **of its own** to the
  patient table (that key is the table's privacy unit, ``max_children`` rows). A child table
  without one (a grandchild keyed to its parent row only, say) is fitted **per row**, with no
  bound per patient, so the release is then DP per row in that table and not per patient.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from medprivacy.synth.relational import fresh_keys, parse_dates, up
from medprivacy.synth.relational_spec import RelationalSpec, as_relational_spec
from medprivacy.synth.spec import CategoricalColumn, DateColumn, PrivacyUnit, SynthSpec


def _declared(tables: dict[str, pd.DataFrame], rs: RelationalSpec) -> dict[str, pd.DataFrame]:
    """The declared columns of each table: keys as text, dates parsed, categories as declared."""
    from medprivacy.synth.encode import decode, encode

    out = {}
    for name, t in rs.tables.items():
        df = tables[name]
        keys = [k for k in (t.primary_key, *t.foreign_keys) if k]
        part = pd.DataFrame({k: df[k].astype(str) for k in keys})
        if t.columns:
            s = SynthSpec(target=None, columns={c: v for c, v in t.columns.items()})
            cats: dict[str, Any] = {
                c: v for c, v in t.columns.items() if isinstance(v, CategoricalColumn)
            }
            if cats:
                cs = SynthSpec(target=None, columns=cats)
                codes = encode(df, cs).data
                codes = np.where(codes < 0, 0, codes)  # an undeclared cell: the first value
                vals = decode(codes, cs, np.random.default_rng(0))
                for c in cats:
                    part[c] = vals[c].astype(str)
            for c, v in s.columns.items():
                if isinstance(v, DateColumn):
                    part[c] = parse_dates(df[c], v.format)
                elif c not in cats:
                    part[c] = pd.to_numeric(df[c], errors="coerce")
        for c, d in t.dates.items():
            part[c] = parse_dates(df[c], d.format)
        out[name] = part
    return out


def sdv_hma(
    tables: dict[str, pd.DataFrame], spec: RelationalSpec | dict[str, Any], seed: int = 0
) -> dict[str, pd.DataFrame]:
    """SDV HMA fitted on the declared columns (not DP), sampled at the input's scale."""
    from sdv.metadata import Metadata
    from sdv.multi_table import HMASynthesizer

    rs = as_relational_spec(spec)
    data = _declared(tables, rs)
    md = Metadata()
    links = hma_links(rs)
    for name, t in rs.tables.items():
        md.add_table(name)
        fks = [links[name][0]] if name in links else []
        for k in (t.primary_key, *fks):
            if k:
                md.add_column(k, table_name=name, sdtype="id")
        for c, v in t.columns.items():
            if isinstance(v, DateColumn):
                md.add_column(c, table_name=name, sdtype="datetime")
            elif isinstance(v, CategoricalColumn):
                md.add_column(c, table_name=name, sdtype="categorical")
            else:
                md.add_column(c, table_name=name, sdtype="numerical")
        for c in t.dates:
            md.add_column(c, table_name=name, sdtype="datetime")
        if t.primary_key:
            md.set_primary_key(t.primary_key, table_name=name)
    fit_data = {}
    for name, t in rs.tables.items():
        df = data[name]
        if name in links:  # the other foreign keys are filled in after sampling
            fk, parent = links[name]
            df = df.drop(columns=[k for k in t.foreign_keys if k != fk])
            have = set(data[parent][rs.tables[parent].primary_key])
            df = df[df[fk].isin(have)]
            md.add_relationship(parent, name, rs.tables[parent].primary_key, fk)
        fit_data[name] = df.reset_index(drop=True)
    np.random.seed(seed)
    model = HMASynthesizer(md, verbose=False)
    model.fit(fit_data)
    out = model.sample_scale(scale=1.0)
    rng = np.random.default_rng(seed)
    for name in rs.order():
        t = rs.tables[name]
        if name not in links:
            continue
        fk, _ = links[name]
        for k, target in t.foreign_keys.items():
            if k == fk:
                continue
            tt = target.partition(".")[0]
            if fk == t.parent:
                out[name][k] = _ancestor_key(out, rs, name, tt)
            else:  # flattened: a random row of the target table of the same patient
                out[name][k] = _same_patient(out, rs, name, fk, tt, rng)
    return out


def hma_links(rs: RelationalSpec) -> dict[str, tuple[str, str]]:
    """Child table -> (foreign key, parent) given to HMA. Community SDV refuses a depth above
    2, so a grandchild with a foreign key to the patient table hangs from the patient table."""
    out = {}
    for name, t in rs.tables.items():
        parent = rs.parent_of(name)
        if parent is None or t.parent is None:
            continue
        if len(rs.chain(name)) > 2:
            fk = next(
                (k for k, v in t.foreign_keys.items() if v.partition(".")[0] == rs.patient_table),
                None,
            )
            if fk is not None:
                out[name] = (fk, rs.patient_table)
                continue
        out[name] = (t.parent, parent)
    return out


def _same_patient(
    out: dict[str, pd.DataFrame],
    rs: RelationalSpec,
    name: str,
    fk: str,
    target: str,
    rng: np.random.Generator,
) -> pd.Series:
    """For each row of ``name`` (its patient in ``fk``), the key of a random ``target`` row
    of the same patient (None when that patient has none)."""
    pk = rs.tables[target].primary_key
    patient_of_target = _ancestor_key(out, rs, target, rs.patient_table)
    groups = out[target][pk].groupby(patient_of_target.to_numpy()).agg(list)
    picks = [
        None if not isinstance(g := groups.get(p), list) else g[int(rng.integers(len(g)))]
        for p in out[name][fk]
    ]
    return pd.Series(picks, index=out[name].index, dtype=object)


def _ancestor_key(
    out: dict[str, pd.DataFrame], rs: RelationalSpec, name: str, target: str
) -> pd.Series:
    """Key of ``target`` (an ancestor) for each row of ``name``, following parent keys."""
    chain = rs.chain(name)
    keys = out[name][rs.tables[name].parent]
    if name == target:
        return out[name][rs.tables[name].primary_key]
    for a in chain[1:]:
        if a == target:
            return keys
        t = rs.tables[a]
        keys = keys.map(out[a].set_index(t.primary_key)[t.parent])
    raise ValueError(f"{target!r} is not an ancestor of {name!r}")


def independent_aim(
    tables: dict[str, pd.DataFrame],
    spec: RelationalSpec | dict[str, Any],
    epsilon: float,
    delta: float = 1e-6,
    date_range: tuple[date, date] | None = None,
    date_bins: int = 12,
) -> dict[str, pd.DataFrame]:
    """AIM on each table alone (ρ split equally; dates as declared date columns over
    ``date_range``), foreign keys drawn at random among the synthetic parent keys. No ledger.
    DP per patient only where each child table has its own foreign key to the patient table;
    a table without one is fitted per row (see the module docstring)."""
    from medprivacy.synth.accounting import rho_for
    from medprivacy.synth.aim import AIM
    from medprivacy.synth.mechanisms import ZCDPBudget

    rs = as_relational_spec(spec)
    rho = rho_for(epsilon, delta) / len(rs.tables) * (1 - 1e-9)
    rng = np.random.default_rng()
    lo, hi = date_range or (date(1900, 1, 1), rs.end_date or date.today())
    out: dict[str, pd.DataFrame] = {}
    pos: dict[str, np.ndarray] = {}
    for name in rs.order():
        t = rs.tables[name]
        cols: dict[str, Any] = dict(t.columns)
        for c, d in t.dates.items():
            cols[c] = DateColumn(
                type="date", range=(lo, hi), bins=date_bins, nullable=d.nullable, format=d.format
            )
        unit_col = next(
            (k for k, v in t.foreign_keys.items() if v.partition(".")[0] == rs.patient_table),
            None,
        )
        unit = None
        if name == rs.patient_table:
            unit = PrivacyUnit(id=str(t.primary_key), max_rows=1, entity="patient")
        elif unit_col is not None:
            assert t.max_children is not None
            unit = PrivacyUnit(id=unit_col, max_rows=t.max_children, entity="patient")
        s = SynthSpec(target=None, columns=cols, privacy_unit=unit)
        model = AIM(epsilon=1.0, delta=delta)
        model.rho, model.budget = rho, ZCDPBudget(rho)
        model.fit(tables[name], s)
        df = model.sample()
        parent = rs.parent_of(name)
        front: dict[str, Any] = {}
        if t.primary_key:
            front[t.primary_key] = fresh_keys(len(df), rng)
        if parent is not None:
            n_parent = len(out[parent])
            pos[name] = rng.integers(0, max(n_parent, 1), len(df))
        else:
            pos[name] = np.full(len(df), -1)
        for k, target in t.foreign_keys.items():
            tt = target.partition(".")[0]
            keys = out[tt][rs.tables[tt].primary_key].to_numpy()
            front[k] = keys[up(rs, pos, name, tt)] if len(keys) else np.asarray([], dtype=object)
        out[name] = pd.concat([pd.DataFrame(front), df.reset_index(drop=True)], axis=1)
    return out
