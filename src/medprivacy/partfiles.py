"""The files of a partitioned table, listed and read alike by every command.

A partitioned table is a folder of ``.parquet`` files, maybe in hive-style ``key=value``
subfolders. :func:`list_parts` lists them in one order (their path below the folder), and every
command (``deid tables``, ``stats``, ``synth``, ``attack``, ``anonymize``) reads a hive folder's
value as a column of each row under it, typed by :func:`hive_types`: text unless the spec declares
the column a number, so ``CODE=0185349003`` stays ``"0185349003"`` as in a single-file table.

Paths can hold PHI (a folder hive-partitioned on a name, a folder named after a patient), so
errors name a file by its table and ordinal (``partition 3``: the third file in path order, what
``find DIR -name '*.parquet' | sort`` lists), never by its path; a command that has the key adds
a keyed short id (:meth:`Key.path_id`, as ``deid dicom`` names an input) and writes the paths
to private/.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from medprivacy.errors import InputError

if TYPE_CHECKING:
    import polars as pl


HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"  # a hive writer's folder for a missing value
Hive = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class PartFile:
    """One Parquet file of a partitioned table: ``rel`` (its path below the folder) may hold
    PHI and stays private; errors name it by :attr:`label`."""

    path: Path
    ordinal: int  # 1-based, in path order below the folder
    rel: str
    hive: Hive = ()

    @property
    def label(self) -> str:
        return f"partition {self.ordinal}"


def list_parts(root: Path, name: str) -> list[PartFile]:
    """The Parquet files under ``root`` in path order with their hive folders' values; names
    starting with ``.`` or ``_`` are a writer's bookkeeping (``_SUCCESS``, ``.crc``) and skipped,
    any other file is refused. Errors name ``name`` (the table) and positions, never a path."""
    found: list[PartFile] = []
    position = 0
    for path in sorted(root.rglob("*"), key=lambda p: p.relative_to(root).parts):
        rel = path.relative_to(root)
        if any(seg.startswith((".", "_")) for seg in rel.parts) or path.is_dir():
            continue
        position += 1
        if path.suffix.lower() != ".parquet":
            raise InputError(
                f"{name}: file {position} in path order is not a .parquet file (a partitioned "
                "folder holds only Parquet; its name is not shown, as it may be a value)"
            )
        hive: list[tuple[str, str | None]] = []
        for seg in rel.parts[:-1]:
            k, sep, v = seg.partition("=")
            if sep:
                hive.append((unquote(k), None if v == HIVE_NULL else unquote(v)))
        found.append(PartFile(path, len(found) + 1, rel.as_posix(), tuple(hive)))
    if not found:
        raise InputError(f"{name}: no .parquet files in the folder {root.name}")
    keys = [k for k, _ in found[0].hive]
    for part in found:
        if [k for k, _ in part.hive] != keys:
            raise InputError(
                f"{name}: {part.label}: its hive folders differ from {found[0].label}'s"
            )
    return found


def hive_types(parts: list[PartFile], declared: Mapping[str, str | None]) -> dict[str, pl.DataType]:
    """Each hive column's type: the spec's declared type (``int``, ``float``) or text. Never
    guessed from the folder names, so leading zeros stay and a partitioned table has the types
    of the single file it was split from."""
    import polars as pl

    kinds: dict[str | None, pl.DataType] = {"int": pl.Int64(), "float": pl.Float64()}
    return {k: kinds.get(declared.get(k), pl.String()) for k, _ in (parts[0].hive if parts else ())}


def hive_columns(
    hive: Hive, name: str, label: str, types: Mapping[str, pl.DataType], height: int
) -> list[pl.Series]:
    """A part's hive values as ``height``-row columns of their types; a value that is not of
    its declared type is an InputError naming the table, column and partition, not the value."""
    import polars as pl

    out = []
    for k, v in hive:
        dtype = types.get(k, pl.String())
        try:
            out.append(pl.Series(k, [v] * height, dtype=pl.String).cast(dtype, strict=True))
        except pl.exceptions.PolarsError:
            raise InputError(
                f"{name}.{k}: {label}: its hive folder value is not of the declared type {dtype}"
            ) from None
    return out
