"""Build DICOM corpora with planted PHI from pydicom's bundled test files.

Every file gets fresh UIDs, a unique InstanceNumber and random identifiers planted in headers,
nested sequences (listed and unlisted), private blocks, curves, overlays and comments, and free
text where Annex E replaces a whole sequence (D): SR content three levels deep (text, a person
name, a date-time, a typed-in code meaning), graphic annotation text, and a person identification
code inside an unlisted physician sequence. :func:`shipped_templates` is every cleanly parsing
Part 10 file pydicom ships (the benchmark's corpus); :data:`TEMPLATES` one per SOP class.

The manifest follows the PHI-manifest format of the conformance checker: for each file the
planted strings with their category, so a checker can search the de-identified bytes for them.
"""

from __future__ import annotations

import copy
import json
import random
import string
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

import pydicom
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import generate_uid

# One small, cleanly parsing Part 10 file per SOP class that pydicom ships in its wheel.
TEMPLATES = (
    "CT_small.dcm",  # CT Image
    "MR_small.dcm",  # MR Image
    "rtdose_1frame.dcm",  # RT Dose
    "rtplan.dcm",  # RT Plan
    "JPEGLSNearLossless_08.dcm",  # Secondary Capture (JPEG-LS)
    "liver_expb_1frame.dcm",  # Segmentation (explicit big endian)
    "ExplVR_BigEnd.dcm",  # Ultrasound (explicit big endian)
    "examples_ybr_color.dcm",  # Ultrasound Multi-frame (JPEG baseline)
    "waveform_ecg.dcm",  # 12-lead ECG
    "test-SR.dcm",  # Comprehensive SR
    "reportsi.dcm",  # Basic Text SR
)


def shipped_templates() -> tuple[str, ...]:
    """Every Part 10 file in pydicom's wheel that parses without a warning and has instance
    UIDs, except the deliberately truncated or malformed ones (64 files, 11 SOP classes, 12
    transfer syntaxes in pydicom 3.0.2)."""
    names = []
    shipped = Path(pydicom.data.__file__).parent / "test_files"  # in the wheel: no download
    for path in sorted(shipped.glob("*.dcm")):
        name = Path(path).name
        if "truncated" in name or name == "badVR.dcm":  # deliberately malformed (badVR: an IS
            continue  # of '1A', which deid dicom quarantines)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                ds = pydicom.dcmread(path)
                ok = bool(ds.file_meta.TransferSyntaxUID and ds.SOPInstanceUID and ds.SOPClassUID)
        except Exception:
            continue
        if ok and not any(issubclass(w.category, UserWarning) for w in caught):
            names.append(name)
    return tuple(names)


def _word(rng: random.Random, n: int = 9) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits[1:]) for _ in range(n))


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1931, 1999)}{rng.randint(1, 12):02d}{rng.randint(10, 28):02d}"


def _time(rng: random.Random) -> str:
    return f"{rng.randint(10, 23)}{rng.randint(10, 59)}{rng.randint(10, 59)}"


def plant(
    ds: Dataset,
    rng: random.Random,
    instance_number: int,
    series: tuple[str, str, str] | None = None,
) -> list[dict]:
    """Plant PHI in ``ds``; return manifest entries (where, category, tokens).

    ``series``: (study, series, frame of reference) UIDs this file shares with others, as the
    instances of one exported series do; None gives the file its own study and series."""
    phi: list[dict] = []

    def put(where: str, category: str, tokens: list[str]) -> None:
        phi.append({"where": where, "category": category, "tokens": tokens})

    last, first = _word(rng), _word(rng)
    ds.PatientName = f"{last}^{first}"
    put("PatientName", "name", [last, first])
    for kw in ("PatientID", "AccessionNumber", "StudyID", "RequestingService"):
        value = _word(rng, 4) + _digits(rng, 6)
        setattr(ds, kw, value)
        put(kw, "id", [value])
    for kw in (
        "ReferringPhysicianName",
        "PerformingPhysicianName",
        "NameOfPhysiciansReadingStudy",
        "PatientMotherBirthName",
    ):
        who = _word(rng)
        setattr(ds, kw, f"{who}^{_word(rng)}")
        put(kw, "name", [who])
    ds.OperatorsName = f"{_word(rng)}^OP"
    put("OperatorsName", "name", [str(ds.OperatorsName).split("^")[0]])
    for kw in ("PatientAddress", "PatientTelephoneNumbers", "MilitaryRank", "Occupation"):
        value = _word(rng)
        setattr(ds, kw, value)
        put(kw, "contact", [value])
    # comments and free text
    for kw in (
        "ImageComments",
        "PatientComments",
        "StudyComments",
        "AdditionalPatientHistory",
        "RequestedProcedureDescription",
    ):
        value = f"seen by {_word(rng)} on ward {_word(rng)}"
        setattr(ds, kw, value)
        put(kw, "comment", value.split()[2::3])
    # dates and times
    birth, study = _date(rng), _date(rng)
    ds.PatientBirthDate = birth
    put("PatientBirthDate", "date", [birth])
    for kw in ("StudyDate", "SeriesDate", "AcquisitionDate", "ContentDate"):
        setattr(ds, kw, study)
    put("StudyDate", "date", [study])
    tm = _time(rng)
    for kw in ("StudyTime", "SeriesTime", "AcquisitionTime", "ContentTime"):
        setattr(ds, kw, tm)
    put("StudyTime", "time", [tm])
    # device, institution, demographics
    for kw in ("StationName", "DeviceSerialNumber"):
        value = _word(rng)
        setattr(ds, kw, value)
        put(kw, "device", [value])
    for kw in ("InstitutionName", "InstitutionAddress", "InstitutionalDepartmentName"):
        value = _word(rng)
        setattr(ds, kw, value)
        put(kw, "institution", [value])
    ds.EthnicGroup = _word(rng, 8)
    put("EthnicGroup", "demographic", [str(ds.EthnicGroup)])
    # UIDs: fresh per file, referenced from sequences too
    study_uid, series_uid, frame_uid = series or (generate_uid(), generate_uid(), generate_uid())
    sop_uid = generate_uid()
    ref_uid = generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, series_uid
    ds.SOPInstanceUID, ds.FrameOfReferenceUID = sop_uid, frame_uid
    ds.file_meta.MediaStorageSOPInstanceUID = sop_uid
    put("UIDs", "uid", [study_uid, series_uid, sop_uid, frame_uid, ref_uid])
    ds.InstanceNumber = instance_number
    # nested: listed sequences, references, and an unlisted sequence holding a listed attribute
    ref = Dataset()
    ref.ReferencedSOPClassUID = ds.SOPClassUID
    ref.ReferencedSOPInstanceUID = ref_uid
    ds.ReferencedImageSequence = Sequence([ref])
    other = Dataset()
    other.PatientID = _word(rng, 4) + _digits(rng, 6)
    ds.OtherPatientIDsSequence = Sequence([other])
    put("OtherPatientIDsSequence/PatientID", "id", [str(other.PatientID)])
    request = Dataset()
    request.RequestedProcedureID = _word(rng)
    request.ScheduledProcedureStepID = _word(rng)
    ds.RequestAttributesSequence = Sequence([request])
    put(
        "RequestAttributesSequence",
        "id",
        [request.RequestedProcedureID, request.ScheduledProcedureStepID],
    )
    region = Dataset()
    region.CodeValue, region.CodingSchemeDesignator, region.CodeMeaning = "T-D3000", "SRT", "Chest"
    region.PersonName = f"{_word(rng)}^NESTED"
    ds.AnatomicRegionSequence = Sequence([region])
    put("AnatomicRegionSequence/PersonName", "name", [str(region.PersonName).split("^")[0]])
    # private block, including a private sequence with a nested identifier
    secret = _word(rng)
    block = ds.private_block(0x0009, "ACME PHI 1.0", create=True)
    block.add_new(0x10, "LO", f"{secret}^{last}")
    inner = Dataset()
    inner.PatientName = f"{_word(rng)}^PRIVATE"
    block.add_new(0x11, "SQ", Sequence([inner]))
    _plant_replaced_sequences(ds, rng, put)
    put("private (0009,xx10)", "private", [secret])
    put("private sequence/PatientName", "name", [str(inner.PatientName).split("^")[0]])
    # curves (50xx) and overlays (60xx)
    curve, overlay = _word(rng), _word(rng)
    ds.add_new(0x50000005, "US", 1)
    ds.add_new(0x50002500, "LO", curve)
    ds.add_new(0x50003000, "OB", (curve + "  ").encode()[:10])
    ds.add_new(0x60000010, "US", 8)
    ds.add_new(0x60000011, "US", 8)
    ds.add_new(0x60003000, "OB", overlay.encode().ljust(8, b" ")[:8])
    comment = _word(rng)
    ds.add_new(0x60004000, "LT", f"overlay by {comment}")
    put("CurveLabel/CurveData", "curve", [curve])
    put("OverlayData", "overlay", [overlay])
    put("OverlayComments", "overlay", [comment])
    return phi


def _code(value: str, scheme: str, meaning: str) -> Sequence:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return Sequence([item])


def _plant_replaced_sequences(
    ds: Dataset, rng: random.Random, put: Callable[[str, str, list[str]], None]
) -> None:
    """Free text inside sequences Annex E marks D, and a D sequence inside an unlisted one."""
    text, name, meaning, when = _word(rng), _word(rng), _word(rng), _date(rng) + _time(rng)

    def item(value_type: str, **values: object) -> Dataset:
        it = Dataset()
        it.RelationshipType, it.ValueType = "CONTAINS", value_type
        it.ConceptNameCodeSequence = _code("121071", "DCM", "Finding")
        for keyword, value in values.items():
            setattr(it, keyword, value)
        return it

    leaf_text = item("TEXT", TextValue=f"mass seen by {text}")
    leaf_text.ConceptNameCodeSequence = _code("99F1", "99LOCAL", f"note for {meaning}")
    leaves = [leaf_text, item("PNAME", PersonName=f"{name}^SR"), item("DATETIME", DateTime=when)]
    middle = item("CONTAINER", ContinuityOfContent="SEPARATE", ContentSequence=Sequence(leaves))
    top = item("CONTAINER", ContinuityOfContent="SEPARATE", ContentSequence=Sequence([middle]))
    if "ContentSequence" in ds:
        ds.ContentSequence.append(top)
    else:
        ds.ContentSequence = Sequence([top])
    put("ContentSequence/.../TextValue", "comment", [text])
    put("ContentSequence/.../PersonName", "name", [name])
    put("ContentSequence/.../CodeMeaning", "comment", [meaning])
    put("ContentSequence/.../DateTime", "date", [when[:8]])

    note, layer = _word(rng), _word(rng, 8)
    obj = Dataset()
    obj.UnformattedTextValue = f"{note} left lung"
    obj.BoundingBoxAnnotationUnits = "PIXEL"
    obj.BoundingBoxTopLeftHandCorner = [1.0, 1.0]
    obj.BoundingBoxBottomRightHandCorner = [20.0, 8.0]
    annotation = Dataset()
    annotation.GraphicLayer = layer
    annotation.TextObjectSequence = Sequence([obj])
    ds.GraphicAnnotationSequence = Sequence([annotation])
    put("GraphicAnnotationSequence/TextObjectSequence/UnformattedTextValue", "comment", [note])

    pid, doctor = _word(rng, 4) + _digits(rng, 6), _word(rng)
    physician = Dataset()
    physician.PersonIdentificationCodeSequence = _code(pid, "99HOSP", f"DR {doctor}")
    ds.RequestingPhysicianIdentificationSequence = Sequence([physician])
    put("RequestingPhysicianIdentificationSequence/PersonIdentificationCodeSequence", "id", [pid])
    put("RequestingPhysicianIdentificationSequence/.../CodeMeaning", "name", [doctor])


def build_corpus(
    out_dir: str | Path,
    copies: int = 1,
    *,
    templates: Iterable[str] = TEMPLATES,
    seed: int = 0,
    manifest: str | Path | None = None,
    series_size: int = 1,
) -> Path:
    """Write ``copies`` PHI-planted variants of each template into ``out_dir``.

    ``series_size``: consecutive copies of one template share their study and series UIDs in
    groups of this many (instances of one series, as exports hold them); 1: every file is its
    own study.

    Returns the manifest path (default: ``<out_dir>.manifest.json``, where the checker looks).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files: dict[str, dict] = {}
    number = 0
    shared: dict[str, tuple[str, str, str]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sources = [(name, pydicom.dcmread(str(get_testdata_file(name)))) for name in templates]
        for i in range(copies):
            for name, template in sources:
                number += 1
                ds = copy.deepcopy(template)  # a shallow copy would share nested sequences
                ds.file_meta = FileMetaDataset(template.file_meta)
                if i % series_size == 0:
                    shared[name] = (generate_uid(), generate_uid(), generate_uid())
                phi = plant(ds, rng, number, shared[name] if series_size > 1 else None)
                rel = f"{i:04d}/{Path(name).stem}-{number:06d}.dcm"
                (out / rel).parent.mkdir(parents=True, exist_ok=True)
                ds.save_as(out / rel, enforce_file_format=False)
                files[rel] = {"instance_number": number, "burned_in": False, "phi": phi}
    mpath = Path(manifest) if manifest else out.with_name(out.name + ".manifest.json")
    mpath.write_text(json.dumps({"files": files}, indent=1))
    return mpath
