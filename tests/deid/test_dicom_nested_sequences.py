"""The D action on a sequence is what replaces its content, at any depth, and a listed sequence
nested inside an unlisted one takes its own action.

The canaries here are values that only the D-sequence rule removes: outside a D sequence
medprivacy keeps them on purpose (Manufacturer is on the equipment allow list, a CS value is
kept as a code, a double is kept as a number). So if the D rule stops reaching a sequence, these
tests fail even though the later "unlisted free text is dummied everywhere" rule still holds.
Each test also plants the same values where no D sequence covers them and checks that they
survive there: the control that shows that only the D rule removed them."""

from __future__ import annotations

import io
import struct
import warnings

import pydicom
import pytest
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from medprivacy.deid.dicom.encode import encode
from medprivacy.deid.dicom.profile import compile_profile
from medprivacy.deid.dicom.transform import Deidentifier
from medprivacy.keys import Key

from .helpers import template, to_bytes

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

MAKER = "CANARYMAKERHAVERTON"  # Manufacturer: an allow-listed text, kept outside D sequences
WORD = "HAVERTON"  # a CS value off ContinuityOfContent's list, kept outside D sequences
BASIC_AND_CLEAN_DESCRIPTORS = pytest.mark.parametrize(
    "options", [(), ("clean_descriptors",)], ids=["basic", "clean_descriptors"]
)
HIDDEN = b"ZZC33Q!!"  # a double whose 8 bytes are printable text
FLOAT = 0x0040A161  # FloatingPointValue (FD): not in Annex E


def canaries(item: Dataset) -> Dataset:
    """Plant the three values only the D rule removes into ``item``."""
    item.Manufacturer = MAKER
    item.ContinuityOfContent = WORD
    item.add(DataElement(FLOAT, "FD", struct.unpack("<d", HIDDEN)[0]))
    return item


def code(value: str, scheme: str, meaning: str) -> Dataset:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def read(data: bytes) -> Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(io.BytesIO(data))


def released(ds: Dataset, *options: str) -> tuple[bytes, Dataset]:
    """De-identify ``ds`` as read from a file (raw elements, as a batch sees them) and return
    the released bytes and the dataset read back from them."""
    source = read(to_bytes(ds))
    deid = Deidentifier(compile_profile(tuple(sorted(options))), Key("nested-sequence-key-0123"))
    deid(source)
    payload = encode(source)
    return payload, read(payload)


def survives(item: Dataset) -> dict[str, bool]:
    """Which of the canaries are still in ``item`` as planted."""
    raw = item.get(FLOAT)
    return {
        "Manufacturer": item.get("Manufacturer") == MAKER,
        "ContinuityOfContent": item.get("ContinuityOfContent") == WORD,
        "FloatingPointValue": raw is not None and struct.pack("<d", raw.value) == HIDDEN,
    }


@BASIC_AND_CLEAN_DESCRIPTORS
def test_a_listed_sequence_nested_in_an_unlisted_one_takes_its_own_action(
    options: tuple[str, ...],
) -> None:
    # RequestingPhysicianIdentificationSequence (0032,1031) is not in Annex E: it is kept and
    # its items keep what medprivacy keeps anywhere. PersonIdentificationCodeSequence
    # (0040,1101) inside it is D: its items keep only what provably carries no identity.
    ds = template("CT_small.dcm")
    person = canaries(code("CANARYPID4711", "99HOSPITAL", "DR CANARYNAMEHAVERTON"))
    physician = canaries(Dataset())
    physician.PersonIdentificationCodeSequence = Sequence([person])
    ds.RequestingPhysicianIdentificationSequence = Sequence([physician])
    payload, out = released(ds, *options)
    kept = out.RequestingPhysicianIdentificationSequence[0]
    assert all(survives(kept).values()), survives(kept)  # control: the unlisted item keeps them
    nested = kept.PersonIdentificationCodeSequence[0]
    assert not any(survives(nested).values()), survives(nested)
    assert payload.count(MAKER.encode()) == 1 and payload.count(HIDDEN) == 1
    for canary in ("CANARYPID4711", "99HOSPITAL", "CANARYNAMEHAVERTON"):
        assert canary.encode() not in payload, canary


def sr_three_levels_deep() -> Dataset:
    """pydicom's test-SR.dcm with a NUM item three containers down its content tree whose
    measured value carries the canaries, and the same canaries in the top-level dataset."""
    ds = canaries(template("test-SR.dcm"))
    measured = canaries(Dataset())
    measured.NumericValue = "42.5"
    measured.MeasurementUnitsCodeSequence = Sequence([code("mm", "UCUM", "millimeter")])
    number = Dataset()
    number.RelationshipType, number.ValueType = "CONTAINS", "NUM"
    number.ConceptNameCodeSequence = Sequence([code("121071", "DCM", "Finding")])
    number.MeasuredValueSequence = Sequence([measured])
    inner = Dataset()
    inner.RelationshipType, inner.ValueType = "CONTAINS", "CONTAINER"
    inner.ConceptNameCodeSequence = Sequence([code("121071", "DCM", "Finding")])
    inner.ContentSequence = Sequence([canaries(number)])
    outer = Dataset()
    outer.RelationshipType, outer.ValueType = "CONTAINS", "CONTAINER"
    outer.ConceptNameCodeSequence = Sequence([code("121071", "DCM", "Finding")])
    outer.ContentSequence = Sequence([inner])
    ds.ContentSequence.append(outer)
    return ds


@pytest.mark.parametrize(
    "options",
    [(), ("retain_patient_characteristics",), ("clean_descriptors",)],
    ids=["basic", "retain_patient_characteristics", "clean_descriptors"],
)
def test_content_sequence_replaces_values_no_other_rule_touches_three_levels_down(
    options: tuple[str, ...],
) -> None:
    payload, out = released(sr_three_levels_deep(), *options)
    assert all(survives(out).values()), survives(out)  # control: kept outside any D sequence
    number = out.ContentSequence[-1].ContentSequence[0].ContentSequence[0]
    measured = number.MeasuredValueSequence[0]
    assert not any(survives(number).values()), survives(number)
    assert not any(survives(measured).values()), survives(measured)
    assert payload.count(MAKER.encode()) == 1 and payload.count(HIDDEN) == 1
    # the structure that carries no identity is kept
    assert measured.NumericValue == "42.5"
    assert measured.MeasurementUnitsCodeSequence[0].CodeValue == "mm"
    assert number.ValueType == "NUM"


@BASIC_AND_CLEAN_DESCRIPTORS
def test_graphic_annotation_replaces_values_no_other_rule_touches_two_levels_down(
    options: tuple[str, ...],
) -> None:
    # GraphicAnnotationSequence (0070,0001) is D: its text and graphic objects keep only
    # structure. The canaries sit in a text object and in a graphic object inside it.
    ds = canaries(template("CT_small.dcm"))
    text = canaries(Dataset())
    text.UnformattedTextValue = "CANARYTEXTHAVERTON"
    text.BoundingBoxAnnotationUnits = "PIXEL"
    graphic = canaries(Dataset())
    graphic.GraphicAnnotationUnits = "PIXEL"
    graphic.GraphicType = "POLYLINE"
    graphic.GraphicData = [1.0, 2.0, 3.0, 4.0]
    annotation = canaries(Dataset())
    annotation.GraphicLayer = "LAYER1"
    annotation.TextObjectSequence = Sequence([text])
    annotation.GraphicObjectSequence = Sequence([graphic])
    ds.GraphicAnnotationSequence = Sequence([annotation])
    payload, out = released(ds, *options)
    assert all(survives(out).values()), survives(out)  # control
    kept = out.GraphicAnnotationSequence[0]
    for item in (kept, kept.TextObjectSequence[0], kept.GraphicObjectSequence[0]):
        assert not any(survives(item).values()), survives(item)
    assert payload.count(MAKER.encode()) == 1 and payload.count(HIDDEN) == 1
    assert b"CANARYTEXTHAVERTON" not in payload
    assert kept.GraphicObjectSequence[0].GraphicType == "POLYLINE"
    assert kept.TextObjectSequence[0].BoundingBoxAnnotationUnits == "PIXEL"
