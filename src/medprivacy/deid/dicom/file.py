"""One file in, one de-identified file out (or a reason why not).

A file is released only if pydicom parsed all of it: pydicom silently accepts truncated files and
wrong lengths inside sequences, so we check element lengths, that the last element ends where the
file ends, and that every item and sequence at every depth is exactly as long as its bytes
(:mod:`.lengths`). Anything partial, any parser warning, burned-in annotation or an encapsulated
document is quarantined.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import warnings
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import pydicom
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.uid import UID

from medprivacy.deid.dicom.encode import encode
from medprivacy.deid.dicom.lengths import BadLength, check_dataset, meta_end
from medprivacy.deid.dicom.pixels import OcrChecker
from medprivacy.deid.dicom.reader import read_plain
from medprivacy.deid.dicom.transform import BURNED_IN, Deidentifier, Unparseable
from medprivacy.fileio import TMP_PREFIX

UNDEFINED = 0xFFFFFFFF
# Modalities / SOP classes that often carry text burned into the pixels.
REVIEW_MODALITIES = {"US", "IVUS", "OT", "SC", "XC", "ES", "GM", "SM"}
REVIEW_SOP_PREFIXES = (
    "1.2.840.10008.5.1.4.1.1.7",
    "1.2.840.10008.5.1.4.1.1.3.1",
    "1.2.840.10008.5.1.4.1.1.6.",
)
ENCAPSULATED_DOCUMENT = 0x00420011
UID_PATTERN = re.compile(r"[0-9]{1,64}(\.[0-9]{1,64}){0,63}")
PIXEL_DATA = 0x7FE00010
PIXEL_TAGS = (PIXEL_DATA, 0x7FE00008, 0x7FE00009)
# Attributes read by tag: the same as ds.<keyword>, without the keyword lookups.
SOP_CLASS_UID, SOP_INSTANCE_UID, MODALITY = 0x00080016, 0x00080018, 0x00080060
STUDY_INSTANCE_UID, SERIES_INSTANCE_UID, ROWS = 0x0020000D, 0x0020000E, 0x00280010
PIXEL_CLASSES = {"RT Dose Storage", "Segmentation Storage", "Parametric Map Storage"}
DEFLATED = "1.2.840.10008.1.2.1.99"
# The declared maximum input size: larger files are reported and skipped, never read.
DEFAULT_MAX_FILE_BYTES = 2 << 30
# Errors that mean the output folder cannot take more files (not this input's fault): fatal.
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.EFBIG}


class OutputUnwritable(Exception):
    """The output folder refused a write (full, read-only, over quota): stop the batch."""


class Status(StrEnum):
    DONE = "done"
    QUARANTINED = "quarantined"
    FAILED = "failed"


@dataclass
class FileResult:
    """The outcome for one input file; ``reason`` names a rule, never a value."""

    status: Status
    reason: str = ""
    output: str = ""  # path relative to the output directory
    sha256: str = ""
    size: int = 0
    review: bool = False  # released, but pixels should be checked for burned-in text
    counts: dict[str, int] = field(default_factory=dict)
    duplicate: bool = False  # ``output`` already held another input's instance


class Partial(Exception):
    """The file parsed only partly; the message names the rule."""


def read_complete(data: bytes) -> Dataset:
    """Parse a Part 10 file and prove that every byte was accounted for.

    Raises :class:`Partial` when the file is truncated, has bad lengths or made pydicom warn,
    and pydicom's :class:`InvalidDicomError` when it is no DICOM file at all. A plainly well
    formed file is read and checked in one pass (:mod:`.reader`); any other by pydicom, then
    checked.
    """
    plain = read_plain(data)
    ds = plain if plain is not None else _read_with_pydicom(data)
    # A cut that falls exactly between two elements leaves a well-formed but shorter file;
    # for images we can still tell, because the pixel data comes last and is required.
    if _is_image(ds) and not any(t in ds._dict for t in PIXEL_TAGS):
        raise Partial("image without pixel data (truncated)")
    return ds


def _read_with_pydicom(data: bytes) -> Dataset:
    """``dcmread``, then the checks it does not make: every element complete, the last one
    ending where the file ends, and every nested length adding up."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = pydicom.dcmread(io.BytesIO(data))
    if _parser_warnings(caught):
        raise Partial("parser warning")
    # Offsets of a deflated file refer to the inflated stream: its element lengths are checked
    # (a dataset cut before it was deflated leaves a short value), its end cannot be.
    deflated = ds.file_meta.get("TransferSyntaxUID") == DEFLATED
    end = 0
    for elem in ds._dict.values():  # the raw elements, undecoded
        if not isinstance(elem, RawDataElement):
            end = -1  # parsed sequence of undefined length: its end is not recorded
            continue
        value_len = len(elem.value) if elem.value is not None else 0
        if elem.length == UNDEFINED:
            end = elem.value_tell + value_len + 8  # value plus sequence delimitation item
        else:
            if value_len != elem.length:  # its tag came from a broken stream: no value bytes
                raise Partial(f"truncated element at byte {elem.value_tell}")
            end = elem.value_tell + elem.length
    if end >= 0 and end != len(data) and not deflated:
        raise Partial("file does not end at its last element (truncated or trailing bytes)")
    _check_structure(ds, data, deflated)
    return ds


def _check_structure(ds: Dataset, data: bytes, deflated: bool) -> None:
    """Every item and sequence, at every depth, is exactly as long as its bytes (pydicom checks
    none of this); a deflated dataset is checked once inflated."""
    start = meta_end(data)
    implicit, little = ds.original_encoding
    if deflated:  # always explicit VR little endian inside
        data, start = zlib.decompressobj(-zlib.MAX_WBITS).decompress(data[start:]), 0
        implicit, little = False, True
    try:
        check_dataset(data, start, bool(implicit), little is not False)
    except BadLength as exc:
        raise Partial(str(exc)) from None


def _is_image(ds: Dataset) -> bool:
    name = UID(str(_get(ds, SOP_CLASS_UID) or "")).name
    return ROWS in ds._dict or "Image" in name or name in PIXEL_CLASSES


def _get(ds: Dataset, tag: int) -> object:
    """``ds.get(keyword, "")`` by tag: the (decoded) value, or '' when absent.

    A plain value of one of the attributes read here (:data:`_PLAIN`) is read from its raw
    bytes and left undecoded: decoding and writing it back would give the same bytes."""
    elem = ds._dict.get(tag)  # type: ignore[call-overload]
    if elem is None:
        return ""
    if type(elem) is RawDataElement:
        text = _plain(elem, tag)
        if text is not None:
            return text
    return ds[tag].value


# Attributes read by _get: (VR, padding byte, a value pydicom decodes and validates silently
# into exactly this text, whose encoding is the raw bytes again).
_UI_TEXT = re.compile(rb"[0-9.]{1,64}")
_CS_TEXT = re.compile(rb"[A-Z0-9_]([A-Z0-9_ ]{0,14}[A-Z0-9_])?")
_PLAIN = {
    SOP_CLASS_UID: ("UI", 0, _UI_TEXT),
    SOP_INSTANCE_UID: ("UI", 0, _UI_TEXT),
    STUDY_INSTANCE_UID: ("UI", 0, _UI_TEXT),
    SERIES_INSTANCE_UID: ("UI", 0, _UI_TEXT),
    MODALITY: ("CS", 0x20, _CS_TEXT),
    0x00280301: ("CS", 0x20, _CS_TEXT),  # BurnedInAnnotation
}


def _plain(elem: RawDataElement, tag: int) -> str | None:
    """The text of a raw value that is one plain value padded as DICOM pads it (even length,
    one trailing pad byte only when needed), else None (let pydicom decode it)."""
    plain = _PLAIN.get(int(tag))
    value = elem.value
    if plain is None or not value:
        return None
    vr, pad, pattern = plain
    n = len(value)
    if vr != elem.VR or n & 1:  # implicit VR (no VR read) or odd: decoded as before
        return None
    if value[-1] == pad:
        value = value[:-1]
    if not len(value) & 1 and n != len(value):
        return None  # a pad the value did not need
    return value.decode("ascii") if pattern.fullmatch(value) else None


def _parser_warnings(caught: list[warnings.WarningMessage]) -> bool:
    """True if pydicom warned while parsing (resource/deprecation noise is not a parse issue)."""
    return any(issubclass(w.category, UserWarning) for w in caught)


def output_name(ds: Dataset, remap: Callable[[str], str]) -> str:
    """Output path from the (remapped) UIDs: study/series/instance.dcm, never from input names.

    A value that is not a well-formed UID of at most 64 characters (possible when UIDs are
    retained) is replaced by its keyed remap, so no header value can steer the path outside the
    output directory or make a name longer than the file system allows.
    """
    parts = []
    for tag, missing in (
        (STUDY_INSTANCE_UID, "no-study"),
        (SERIES_INSTANCE_UID, "no-series"),
        (SOP_INSTANCE_UID, ""),
    ):
        value = str(_get(ds, tag) or "").strip().rstrip("\x00")
        if not value:
            value = missing
        elif len(value) > 64 or not UID_PATTERN.fullmatch(value):
            value = remap(value)
        parts.append(value)
    return f"{parts[0]}/{parts[1]}/{parts[2]}.dcm"


def needs_review(ds: Dataset) -> bool:
    modality = str(_get(ds, MODALITY) or "").upper()
    sop_class = str(_get(ds, SOP_CLASS_UID) or "")
    return modality in REVIEW_MODALITIES or sop_class.startswith(REVIEW_SOP_PREFIXES)


def deidentify_file(
    src: str | Path,
    out_dir: str | Path,
    deid: Deidentifier,
    ocr: OcrChecker | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    replace: bool = False,
) -> FileResult:
    """De-identify ``src`` into ``out_dir``. Never raises for a bad input file; never writes it.

    With ``ocr``, images flagged for review (and burned-in ones) are OCR-checked on their
    original header values; the count of PHI regions goes into ``counts["ocr_regions"]``.
    Files over ``max_bytes`` are not read. ``replace``: overwrite an existing output (the
    batch settles a duplicate SOPInstanceUID in favour of the input first in path order).
    Raises :class:`OutputUnwritable` only when the output folder itself refuses writes.
    """
    try:
        data = _read_file(src, max_bytes)
        if data is None:
            return FileResult(Status.FAILED, "larger than the declared maximum file size")
    except MemoryError:
        return FileResult(Status.FAILED, "too large to read into memory")
    except OSError as exc:
        return FileResult(Status.FAILED, f"unreadable ({type(exc).__name__})")
    try:
        ds = read_complete(data)
    except InvalidDicomError:
        return FileResult(Status.FAILED, "not a DICOM Part 10 file")
    except Partial as exc:
        return FileResult(Status.QUARANTINED, str(exc))
    except Exception as exc:  # pydicom raises many types on malformed input (MemoryError too)
        return FileResult(Status.FAILED, f"malformed DICOM ({type(exc).__name__})")
    del data
    with _values_unvalidated():
        return _deidentify_parsed(ds, Path(out_dir), deid, ocr, replace)


def _read_file(src: str | Path, max_bytes: int) -> bytes | None:
    """The whole file, or None when it is larger than ``max_bytes`` (not read). One open, one
    fstat and reads to the end: what ``os.stat`` and ``Path.read_bytes`` did, without their
    second path lookup, terminal check and seek."""
    fd = os.open(src, os.O_RDONLY | os.O_CLOEXEC)
    try:
        size = os.fstat(fd).st_size
        if size > max_bytes:
            return None
        chunks, want = [], max(size, 1)
        while chunk := os.read(fd, want):  # to the end, as read_bytes: the file may have grown
            chunks.append(chunk)
            want = 1 << 16
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


def _write_file(path: Path, payload: bytes) -> None:
    """Create (or truncate) ``path`` and write ``payload``, as ``open(path, "wb")`` does
    (same flags and mode), without its buffer object, terminal check and seek."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _ocr_counts(ocr: OcrChecker | None, ds: Dataset) -> dict[str, int]:
    if ocr is None:
        return {}
    finding = ocr(ds)
    return {"ocr_failed": 1} if finding.error else {"ocr_regions": finding.regions}


def _deidentify_parsed(
    ds: Dataset, out_dir: Path, deid: Deidentifier, ocr: OcrChecker | None, replace: bool
) -> FileResult:
    try:
        burned = str(_get(ds, BURNED_IN)).strip().upper()
        has_pixels = PIXEL_DATA in ds._dict
        if burned == "YES":
            counts = _ocr_counts(ocr, ds) if has_pixels else {}
            return FileResult(Status.QUARANTINED, "BurnedInAnnotation is YES", counts=counts)
        if ENCAPSULATED_DOCUMENT in ds._dict:
            return FileResult(Status.QUARANTINED, "encapsulated document cannot be checked")
        if SOP_INSTANCE_UID not in ds._dict or not str(_get(ds, SOP_INSTANCE_UID)).strip():
            return FileResult(Status.FAILED, "no SOPInstanceUID")
        review = needs_review(ds)
        pixel = _ocr_counts(ocr, ds) if review and has_pixels else {}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            outcome = deid(ds)
            payload = encode(ds)
        if _parser_warnings(caught):
            return FileResult(Status.QUARANTINED, "parser warning while decoding a value")
    except (BadLength, Unparseable) as exc:
        return FileResult(Status.QUARANTINED, str(exc))
    except Exception as exc:
        return FileResult(Status.FAILED, f"malformed DICOM ({type(exc).__name__})")
    rel = output_name(ds, deid.remap_uid)
    digest = hashlib.sha256(payload).hexdigest()
    status = _publish(out_dir / rel, payload, digest, replace)
    if status:
        return FileResult(Status.FAILED, status, rel, digest, duplicate=status == DUPLICATE)
    counts = {k: v for k, v in vars(outcome).items() if isinstance(v, int)} | pixel
    return FileResult(Status.DONE, "", rel, digest, len(payload), review, counts)


@contextmanager
def _values_unvalidated() -> Iterator[None]:
    """Decode values we replace without validating them (we never release them); structural
    problems in nested sequences still warn and quarantine the file."""
    settings = pydicom.config.settings
    before = settings.reading_validation_mode
    settings.reading_validation_mode = pydicom.config.IGNORE
    try:
        yield
    finally:
        settings.reading_validation_mode = before


DUPLICATE = "duplicate SOPInstanceUID (another input has the same instance)"


_MADE: set[Path] = set()  # output folders this process made or found (study/series)


def _make_folders(folder: Path) -> None:
    """Create ``folder`` and its parent with one ``mkdir`` each, once per process: outputs are
    ``study/series/instance.dcm``, so a new study costs two calls and nothing fails first."""
    if folder in _MADE:
        return
    for f in (folder.parent, folder):
        try:
            os.mkdir(f)
        except FileExistsError:
            pass
        except FileNotFoundError:  # the output root itself went missing: make the whole chain
            folder.mkdir(parents=True, exist_ok=True)
            break
    _MADE.add(folder)


def _publish(path: Path, payload: bytes, digest: str, replace: bool = False) -> str:
    """Write atomically without clobbering: '' on success, else a failure reason.

    An existing identical file (a resumed run redoing its last file) counts as success; an
    existing different file means two inputs share a SOPInstanceUID. A full or read-only
    output folder raises :class:`OutputUnwritable`.
    """
    tmp = path.parent / f"{TMP_PREFIX}{os.getpid()}-{path.name}"
    try:
        _make_folders(path.parent)
        try:
            _write_file(tmp, payload)
        except FileNotFoundError:  # a folder this process made was removed since: remake it
            _MADE.discard(path.parent)
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_file(tmp, payload)
        if replace:
            os.replace(tmp, path)
            return ""
        try:
            os.link(tmp, path)  # atomic, and fails instead of overwriting
        except FileExistsError:
            same = hashlib.sha256(path.read_bytes()).hexdigest() == digest
            return "" if same else DUPLICATE
    except OSError as exc:
        if exc.errno in _OUTPUT_ERRNOS:
            raise OutputUnwritable(os.strerror(exc.errno or 0).lower()) from None
        return f"cannot write output ({errno.errorcode.get(exc.errno or 0, type(exc).__name__)})"
    finally:
        tmp.unlink(missing_ok=True)
    return ""
