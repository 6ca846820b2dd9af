"""Read selected header fields of a folder of DICOM files into a table for the risk attacks.

A release that keeps patient characteristics, dates, institution or device attributes is a
table of quasi-identifiers in disguise: this reads just those tags (``stop_before_pixels``, so
pixel data is never loaded), one row per study by default, so equivalence classes count
patients' studies rather than the instances of one series. File names never reach the table.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from medprivacy.errors import InputError

DEFAULT_TAGS = (
    "PatientAge",
    "PatientSex",
    "PatientSize",
    "PatientWeight",
    "StudyDate",
    "InstitutionName",
    "Manufacturer",
    "ManufacturerModelName",
)


def _value(elem: Any) -> Any:
    if elem is None or elem.value is None or elem.value == "":
        return None
    v = elem.value
    if elem.VR in ("DS", "IS", "FL", "FD", "US", "SS", "UL", "SL"):
        try:
            return float(v)
        except (TypeError, ValueError):
            return None
    return str(v)


def read_dicom_headers(
    folder: str | Path,
    tags: list[str] | tuple[str, ...] = DEFAULT_TAGS,
    group_by: str | None = "StudyInstanceUID",
) -> pd.DataFrame:
    """One row per ``group_by`` value (or per file if None) with a column per tag keyword.

    Unreadable or non-DICOM files are skipped (their count is in ``df.attrs['skipped']``).
    """
    import pydicom
    from pydicom.datadict import tag_for_keyword

    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"{root}: not a directory")
    for kw in tags:
        if tag_for_keyword(kw) is None:
            raise InputError(f"unknown DICOM keyword {kw!r}")
    rows: list[dict[str, Any]] = []
    keys: list[str | None] = []
    skipped = 0
    logging.getLogger("pydicom").setLevel(logging.ERROR)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds = pydicom.dcmread(
                    path,
                    stop_before_pixels=True,
                    specific_tags=[*tags, group_by] if group_by else list(tags),
                )
        except Exception:
            skipped += 1
            continue
        rows.append({kw: _value(ds[kw]) if kw in ds else None for kw in tags})
        keys.append(str(ds.get(group_by)) if group_by and group_by in ds else None)
    frame = pd.DataFrame(rows, columns=list(tags))
    if group_by:
        frame["__group"] = [k if k is not None else f"\x00{i}" for i, k in enumerate(keys)]
        frame = frame.drop_duplicates("__group").drop(columns="__group").reset_index(drop=True)
    frame.attrs["skipped"] = skipped
    return frame


def kept_fields(headers: pd.DataFrame) -> list[str]:
    """Header fields the release kept (non-empty somewhere): the default quasi-identifiers."""
    return [c for c in headers.columns if headers[c].notna().any() and (headers[c] != "").any()]
