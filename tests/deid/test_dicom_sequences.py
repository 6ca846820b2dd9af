"""Sequences Annex E marks D (SR content, graphic annotations, person identification codes) and
attributes the table does not list: planted canaries, nested 2-3 levels, on real pydicom files."""

from __future__ import annotations

import io

import pytest
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from medprivacy.deid.dicom.encode import encode
from medprivacy.deid.dicom.profile import compile_profile
from medprivacy.deid.dicom.transform import IMPLEMENTATION_VERSION, Deidentifier
from medprivacy.keys import Key

from .helpers import read, template, to_bytes

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

TEXT = "CANARYTEXTHAVERTON"
NAME = "CANARYNAMEHAVERTON"
MEANING = "CANARYMEANINGHAVERTON"
LAYER = "CANARYLAYER"
WHEN = "19710304112233"
PERSON_ID = "CANARYPID4711"


def code(value: str, scheme: str, meaning: str) -> Sequence:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return Sequence([item])


def content_item(value_type: str, **values: object) -> Dataset:
    item = Dataset()
    item.RelationshipType = "CONTAINS"
    item.ValueType = value_type
    item.ConceptNameCodeSequence = code("121071", "DCM", "Finding")
    for keyword, value in values.items():
        setattr(item, keyword, value)
    return item


def planted_sr() -> Dataset:
    """pydicom's test-SR.dcm with canaries three levels down its content tree."""
    ds = template("test-SR.dcm")
    text = content_item("TEXT", TextValue=f"seen by {TEXT}")
    text.ConceptNameCodeSequence = code("99X1", "99LOCAL", MEANING)  # a name typed as a meaning
    person = content_item("PNAME", PersonName=f"{NAME}^JANE")
    when = content_item("DATETIME", DateTime=WHEN)
    number = content_item("NUM")
    measured = Dataset()
    measured.NumericValue = "42.5"
    measured.MeasurementUnitsCodeSequence = code("mm", "UCUM", "millimeter")
    number.MeasuredValueSequence = Sequence([measured])
    level2 = content_item("CONTAINER", ContinuityOfContent="SEPARATE")
    level2.ContentSequence = Sequence([text, person, when, number])
    level1 = content_item("CONTAINER", ContinuityOfContent="SEPARATE")
    level1.ContentSequence = Sequence([level2])
    ds.ContentSequence.append(level1)
    return ds


def deidentify(ds: Dataset, *options: str) -> bytes:
    Deidentifier(compile_profile(tuple(sorted(options))), Key("sequence-test-key-0123"))(ds)
    return encode(ds)


def deepest(ds: Dataset) -> Sequence:
    return ds.ContentSequence[-1].ContentSequence[0].ContentSequence


def test_basic_profile_replaces_free_text_anywhere_in_sr_content() -> None:
    ds = planted_sr()
    original_texts = ("A mass of", "Riesmeier", "Sample Code 1")
    payload = deidentify(ds)
    for canary in (TEXT, NAME, MEANING, WHEN, *original_texts):
        assert canary.encode() not in payload, canary
    text, person, when, number = deepest(ds)
    # the structure survives: value types, relationships, standard codes, numbers
    assert [str(i.ValueType) for i in (text, person, when, number)] == [
        "TEXT",
        "PNAME",
        "DATETIME",
        "NUM",
    ]
    assert person.RelationshipType == "CONTAINS"
    assert person.ConceptNameCodeSequence[0].CodeValue == "121071"
    assert number.MeasuredValueSequence[0].NumericValue == 42.5
    assert text.TextValue == "ANONYMIZED"
    assert text.ConceptNameCodeSequence[0].CodeMeaning == "ANONYMIZED"


def test_a_standard_code_keeps_its_value_and_gets_the_standard_meaning() -> None:
    ds = planted_sr()
    deepest(ds)[0].ConceptNameCodeSequence = code("121071", "DCM", f"Finding {NAME}")
    payload = deidentify(ds)
    assert NAME.encode() not in payload
    concept = deepest(ds)[0].ConceptNameCodeSequence[0]
    assert (concept.CodeValue, concept.CodeMeaning) == ("121071", "Finding")


def test_clean_structured_content_keeps_the_tree_and_cleans_its_text() -> None:
    ds = planted_sr()
    deepest(ds)[0].TextValue = "CHEST"  # on the vocabulary: survives cleaning
    deepest(ds)[1].PersonName = f"{NAME}^JANE"
    payload = deidentify(ds, "clean_structured_content")
    for canary in (NAME, MEANING, WHEN):
        assert canary.encode() not in payload, canary
    text, person, _when, number = deepest(ds)
    assert text.TextValue == "CHEST"
    assert str(person.PersonName) == "ANONYMIZED"  # listed D: the stricter action wins
    assert number.MeasuredValueSequence[0].NumericValue == 42.5


def gsps() -> Dataset:
    """An image with a presentation-state style annotation: text, graphics and a layer."""
    ds = template("CT_small.dcm")
    text = Dataset()
    text.UnformattedTextValue = f"{TEXT} left lung"
    text.BoundingBoxAnnotationUnits = "PIXEL"
    text.BoundingBoxTopLeftHandCorner = [1.0, 1.0]
    text.BoundingBoxBottomRightHandCorner = [20.0, 8.0]
    graphic = Dataset()
    graphic.GraphicAnnotationUnits = "PIXEL"
    graphic.GraphicDimensions = 2
    graphic.NumberOfGraphicPoints = 2
    graphic.GraphicData = [1.0, 2.0, 3.0, 4.0]
    graphic.GraphicType = "POLYLINE"
    annotation = Dataset()
    annotation.GraphicLayer = LAYER
    annotation.TextObjectSequence = Sequence([text])
    annotation.GraphicObjectSequence = Sequence([graphic])
    ds.GraphicAnnotationSequence = Sequence([annotation])
    layer = Dataset()
    layer.GraphicLayer = LAYER
    layer.GraphicLayerOrder = 1
    ds.GraphicLayerSequence = Sequence([layer])
    return ds


@pytest.mark.parametrize("options", [(), ("clean_graphics",)])
def test_graphic_annotation_text_never_survives(options: tuple[str, ...]) -> None:
    ds = gsps()
    payload = deidentify(ds, *options)
    assert TEXT.encode() not in payload
    assert LAYER.encode() not in payload
    annotation = ds.GraphicAnnotationSequence[0]
    graphic = annotation.GraphicObjectSequence[0]
    assert (graphic.GraphicType, list(graphic.GraphicData)) == ("POLYLINE", [1.0, 2.0, 3.0, 4.0])
    # the layer label is replaced by the same keyed label wherever it is referenced
    assert annotation.GraphicLayer == ds.GraphicLayerSequence[0].GraphicLayer != LAYER


def test_person_identification_code_nested_in_an_unlisted_sequence_is_replaced() -> None:
    ds = template("CT_small.dcm")
    physician = Dataset()
    physician.PersonIdentificationCodeSequence = code(PERSON_ID, "99HOSPITAL", f"DR {NAME}")
    ds.RequestingPhysicianIdentificationSequence = Sequence([physician])  # not in Annex E
    request = Dataset()
    request.RequestingPhysicianIdentificationSequence = Sequence([physician])
    ds.RequestAttributesSequence = Sequence([request])  # listed X, removed anyway
    payload = deidentify(ds, "clean_descriptors")
    for canary in (PERSON_ID, NAME, "99HOSPITAL"):
        assert canary.encode() not in payload, canary


def test_file_meta_names_medprivacy_not_the_source_system() -> None:
    ds = template("CT_small.dcm")
    ds.file_meta.ImplementationVersionName = "HAVERTONPACS7"
    ds.file_meta.ImplementationClassUID = "1.2.3.4.5.6.7"
    payload = deidentify(ds)
    assert b"HAVERTONPACS7" not in payload and b"1.2.3.4.5.6.7\x00" not in payload
    assert ds.file_meta.ImplementationVersionName == IMPLEMENTATION_VERSION


def unlisted(ds: Dataset) -> Dataset:
    """Identifying attributes the 2024b table does not list (DICONDE names, an update time)."""
    ds.SpecificCharacterSet = ["", "ISO 2022 IR 87"]
    ds.SecondaryReviewerName = f"{NAME}^REVIEWER"
    ds.EvaluatorName = "Yamada^Tarou=山田^太郎=やまだ^たろう"
    ds.StudyUpdateDateTime = WHEN
    return ds


def test_unlisted_names_and_dates_are_replaced_under_the_basic_profile() -> None:
    ds = unlisted(template("CT_small.dcm"))
    payload = deidentify(ds)
    assert NAME.encode() not in payload and b"Yamada" not in payload
    assert "山田".encode("iso2022_jp") not in payload
    assert WHEN.encode() not in payload
    assert str(ds.EvaluatorName) == "ANONYMIZED"


def test_unlisted_dates_follow_the_dates_options() -> None:
    kept = unlisted(template("CT_small.dcm"))
    deidentify(kept, "retain_long_full_dates")
    assert kept.StudyUpdateDateTime == WHEN
    shifted = unlisted(template("CT_small.dcm"))
    deidentify(shifted, "retain_long_modified_dates")
    assert shifted.StudyUpdateDateTime not in (WHEN, "")
    assert str(shifted.SecondaryReviewerName) == "ANONYMIZED"


def safe_private_file(vr: str, slot: int, value: str) -> Dataset:
    """MR_small with a Siemens safe-list slot holding ``value`` as written by a vendor (raw)."""
    ds = template("MR_small.dcm")
    placeholder = "9" * len(value) if vr != "CS" else "NONE".ljust(len(value))
    block = ds.private_block(0x0019, "SIEMENS MR HEADER", create=True)
    block.add_new(slot, vr, placeholder)
    data = to_bytes(ds).replace(placeholder.encode(), value.encode())
    return read(io.BytesIO(data))


@pytest.mark.parametrize(
    ("vr", "slot", "value", "kept"),
    [
        ("DS", 0x0B, "12.5", True),
        ("DS", 0x0B, "DOE JOHN", False),
        ("IS", 0x0C, "1000", True),
        ("IS", 0x0C, "MRN4711", False),
        ("CS", 0x0D, "DIRECTIONAL", True),
        ("CS", 0x0D, "HAVERTON", False),
    ],
)
def test_safe_private_keeps_a_value_only_if_it_parses_as_its_vr(
    vr: str, slot: int, value: str, kept: bool
) -> None:
    ds = safe_private_file(vr, slot, value)
    payload = deidentify(ds, "retain_safe_private")
    assert (value.encode() in payload) is kept
    assert ((0x0019, 0x1000 | slot) in ds) is kept
