"""Generalization hierarchies: one row per original value, one column per level, ``*`` at the top.

A hierarchy is stored as ARX stores it (level 0 = the original values, the last level a single
``*``) and built from an ARX-style CSV or from a built-in: numeric intervals, dates (day → month →
year → 5 → 10 years), ZIP/postcode prefixes and categorical groupings. Each level must be a
function of the level below, so classes only ever merge as levels rise.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from medprivacy.errors import ConfigError, InputError

TOP = "*"


@dataclass(frozen=True)
class Hierarchy:
    """Leaves (original values as text) and, per level, each leaf's generalized label."""

    name: str
    leaves: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]  # labels[level][leaf index]
    _index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.leaves:
            raise ConfigError(f"hierarchy for {self.name!r}: no values")
        if len(set(self.leaves)) != len(self.leaves):
            raise ConfigError(f"hierarchy for {self.name!r}: a value is listed twice")
        if any(len(level) != len(self.leaves) for level in self.labels):
            raise ConfigError(f"hierarchy for {self.name!r}: levels differ in length")
        if tuple(self.labels[0]) != tuple(self.leaves):
            raise ConfigError(f"hierarchy for {self.name!r}: level 0 must be the values")
        for lv in range(1, len(self.labels)):
            up: dict[str, str] = {}
            for below, above in zip(self.labels[lv - 1], self.labels[lv], strict=True):
                if up.setdefault(below, above) != above:
                    raise ConfigError(
                        f"hierarchy for {self.name!r}: level {lv} splits a group of level {lv - 1}"
                    )
        self._index.update({v: i for i, v in enumerate(self.leaves)})

    @property
    def height(self) -> int:
        """Number of levels, level 0 (original values) included."""
        return len(self.labels)

    def lookup(self, values: Sequence[str]) -> np.ndarray:
        """Leaf index of every value, -1 where the value is not in the hierarchy."""
        idx = self._index
        return np.array([idx.get(v, -1) for v in values], dtype=np.int64)

    def codes(self, values: Sequence[str], column: str | None = None) -> np.ndarray:
        """Leaf index of every value; an unknown value is an InputError naming its 1-based
        position in ``values`` (the data row when ``values`` is the column), not the value."""
        out = self.lookup(values)
        missing = np.flatnonzero(out < 0)
        if len(missing):
            raise InputError(
                f"column {column or self.name!r}, row {int(missing[0]) + 1}: "
                "value not in its hierarchy"
            )
        return out

    def level_codes(self) -> tuple[np.ndarray, list[list[str]], np.ndarray]:
        """Per level, each leaf's group code; the group labels; and leaves covered per group.

        Returns ``(codes, names, covered)``: ``codes[level, leaf]`` an int code of the leaf's group,
        ``names[level][code]`` its label and ``covered[level, code]`` how many leaves it covers
        (padded with 0), which NCP divides by the domain size.
        """
        h, n = self.height, len(self.leaves)
        codes = np.zeros((h, n), dtype=np.int64)
        names: list[list[str]] = []
        covered = np.zeros((h, n), dtype=np.int64)
        for lv in range(h):
            seen: dict[str, int] = {}
            for j, lab in enumerate(self.labels[lv]):
                codes[lv, j] = seen.setdefault(lab, len(seen))
            names.append(list(seen))
            covered[lv, : len(seen)] = np.bincount(codes[lv], minlength=len(seen))
        return codes, names, covered


def from_rows(name: str, rows: Iterable[Sequence[str]]) -> Hierarchy:
    """A hierarchy from rows ``[value, level1, ..., *]``; a top ``*`` level is added if missing."""
    table = [tuple(str(c) for c in r) for r in rows if len(r) and any(str(c) for c in r)]
    if not table:
        raise ConfigError(f"hierarchy for {name!r}: no rows")
    width = len(table[0])
    if any(len(r) != width for r in table):
        raise ConfigError(f"hierarchy for {name!r}: rows have different numbers of levels")
    if width == 1 or any(r[-1] != table[0][-1] for r in table):
        table = [(*r, TOP) for r in table]
        width += 1
    labels = tuple(tuple(r[lv] for r in table) for lv in range(width))
    return Hierarchy(name, labels[0], labels)


def from_csv(name: str, path: str | Path, delimiter: str = ";") -> Hierarchy:
    """Read an ARX-style hierarchy CSV (no header; column 0 the value, column i level i)."""
    p = Path(path)
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:  # -sig: Excel's byte-order mark
            rows = list(csv.reader(fh, delimiter=delimiter))
    except OSError as exc:
        raise ConfigError(f"hierarchy for {name!r}: cannot read {p.name}") from exc
    except UnicodeDecodeError:
        raise ConfigError(
            f"hierarchy for {name!r}: {p.name} is not UTF-8 (save it as UTF-8)"
        ) from None
    except csv.Error:
        raise ConfigError(f"hierarchy for {name!r}: {p.name} is not a readable CSV") from None
    return from_rows(name, rows)


def _distinct_text(values: Iterable[object]) -> list[str]:
    return sorted({str(v) for v in values})


def intervals(
    name: str,
    values: Iterable[object],
    widths: Sequence[float] | None = None,
    bins: Sequence[Sequence[float]] | None = None,
    origin: float = 0.0,
) -> Hierarchy:
    """Numeric values grouped into intervals ``[lo, hi)``: equal ``widths`` per level, or ``bins``.

    ``widths=[5, 10, 20]`` gives 5-, 10- and 20-wide intervals counted from ``origin`` (0, not a
    data value, so new data gets the same intervals); ``bins`` gives explicit cut points per
    level. Labels read ``lo-hi`` (lower bound included).
    """
    texts = _distinct_text(values)
    nums = []
    for t in texts:
        try:
            nums.append(float(t))
        except ValueError:
            raise ConfigError(f"hierarchy for {name!r}: intervals need numeric values") from None
        if not math.isfinite(nums[-1]):
            raise InputError(
                f"column {name!r}: a value is infinite or NaN; intervals need finite numbers"
            )
    if (widths is None) == (bins is None):
        raise ConfigError(f"hierarchy for {name!r}: give widths or bins for intervals")
    lo = origin

    def fmt(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:g}"

    levels: list[list[str]] = [texts]
    if widths is not None:
        if any(w <= 0 for w in widths) or list(widths) != sorted(widths):
            raise ConfigError(f"hierarchy for {name!r}: widths must be positive and increasing")
        for w in widths:
            starts = [lo + math.floor((x - lo) / w) * w for x in nums]
            levels.append([f"{fmt(s)}-{fmt(s + w)}" for s in starts])
    else:
        for cuts in bins or []:
            edges = sorted(float(c) for c in cuts)
            row = []
            for x in nums:
                i = int(np.searchsorted(edges, x, side="right"))
                left = fmt(edges[i - 1]) if i > 0 else ""
                right = fmt(edges[i]) if i < len(edges) else ""
                row.append(f"{left}-{right}" if left or right else TOP)
            levels.append(row)
    levels.append([TOP] * len(texts))
    return from_rows(name, list(zip(*levels, strict=True)))


DATE_LEVELS = ("month", "year", "5 years", "10 years")


def dates(name: str, values: Iterable[object], levels: Sequence[str] = DATE_LEVELS) -> Hierarchy:
    """Dates (ISO ``YYYY-MM-DD`` text or date objects): day → month → year → 5 → 10 years → *."""
    texts = _distinct_text(values)
    parsed = []
    for t in texts:
        try:
            parsed.append(dt.date.fromisoformat(t[:10]))
        except ValueError:
            raise ConfigError(f"hierarchy for {name!r}: dates must be ISO YYYY-MM-DD") from None
    rows = [texts]
    for lv in levels:
        if lv == "month":
            rows.append([f"{d.year:04d}-{d.month:02d}" for d in parsed])
        elif lv == "year":
            rows.append([f"{d.year:04d}" for d in parsed])
        elif lv.endswith("years") and lv.split()[0].isdigit():
            span = int(lv.split()[0])
            rows.append(
                [f"{d.year // span * span}-{d.year // span * span + span - 1}" for d in parsed]
            )
        else:
            raise ConfigError(f"hierarchy for {name!r}: unknown date level {lv!r}")
    rows.append([TOP] * len(texts))
    return from_rows(name, list(zip(*rows, strict=True)))


def prefix(name: str, values: Iterable[object], keep: Sequence[int] | None = None) -> Hierarchy:
    """ZIP/postcode prefixes: level i keeps ``keep[i]`` leading characters and masks the rest.

    Default: drop one character per level (``02139 → 0213* → 021** → ...``). Values are padded to
    the longest length with ``*`` so every label of a level has the same shape.
    """
    texts = _distinct_text(values)
    width = max(len(t) for t in texts)
    keep = list(keep) if keep is not None else list(range(width - 1, 0, -1))
    if list(keep) != sorted(keep, reverse=True) or any(k < 0 or k >= width for k in keep):
        raise ConfigError(f"hierarchy for {name!r}: prefix lengths must decrease below the width")
    rows = [texts]
    for k in keep:
        rows.append([t[:k] + TOP * (width - k) for t in texts])
    rows.append([TOP] * len(texts))
    return from_rows(name, list(zip(*rows, strict=True)))


def groups(name: str, values: Iterable[object], levels: Sequence[Mapping[str, str]]) -> Hierarchy:
    """Categorical groupings: ``levels[i]`` maps each label of level i to its group at level i+1.

    A value missing from a mapping keeps its label at that level (it may still merge later).
    """
    texts = _distinct_text(values)
    rows = [texts]
    current = texts
    for mapping in levels:
        current = [str(mapping.get(v, v)) for v in current]
        rows.append(current)
    rows.append([TOP] * len(texts))
    return from_rows(name, list(zip(*rows, strict=True)))
