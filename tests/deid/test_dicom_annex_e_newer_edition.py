"""Attributes a newer edition of PS3.15 Annex E lists and the bundled table (edition 2024b) does
not: none of them may leave under the basic profile with its value.

Edition compared: PS3.15 2026c, Table E.1-1, as transcribed in the public repository
cosyte/dicom (src/dictionary/generated/annex-e.ts, generated from the NEMA DocBook part15.xml
of 2026c). The 2026c table lists 652 exact tags; 35 of them are not among the 2024b rows of
data/annex_e.json (the 2024b rows missing from 2026c are only the repeating-group and private
patterns). The attributes below are those 35 as far as they can carry identity: each is
planted with a canary and must not come out with it. Tags pydicom's dictionary does not know
yet are planted with an explicit VR (medprivacy removes attributes it cannot look up)."""

from __future__ import annotations

import io
import warnings

import pydicom
import pytest
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from medprivacy.deid.dicom.encode import encode
from medprivacy.deid.dicom.profile import compile_profile
from medprivacy.deid.dicom.transform import Deidentifier
from medprivacy.keys import Key

from .helpers import template, to_bytes

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

CANARY = "CANARYHAVERTON"

# (keyword or tag, VR, 2026c basic-profile action)
NEWER = [
    ("SecondaryCaptureDeviceID", "LO", "X"),  # (0018,1010)
    ("HardcopyCreationDeviceID", "LO", "X"),  # (0018,1011)
    ("ChannelLabel", "SH", "X"),  # (003A,0203)
    ("ChannelDerivationDescription", "LO", "X"),  # (003A,020C)
    ("AcquisitionContextDescription", "ST", "X"),  # (0040,0556)
    ("UnformattedTextValue", "ST", "D"),  # (0070,0006), outside any graphic annotation
    ("TableTopPositionAlignmentUID", "UI", "U"),  # (300A,0054)
    (0x00100016, "LO", "X"),  # Pronoun Comment
    (0x00100045, "LO", "X"),  # Gender Identity Comment
    (0x00100042, "UT", "X"),  # Sex Parameters for Clinical Use Category Comment
    (0x00102162, "UC", "X"),  # Ethnic Groups
    (0x0040B03B, "LO", "X"),  # Montage Name
    (0x0040B03F, "LO", "X"),  # Montage Channel Label
    (0x0040E012, "UR", "X"),  # Display URI
    (0x0040A034, "DT", "X"),  # Effective Start DateTime
    (0x0040B034, "DT", "X"),  # Annotation DateTime
]
# a free label a person types: PS3.15 2026c lists it X (C under clean_descriptors)
MULTIPLEX_GROUP_LABEL = pytest.param("MultiplexGroupLabel", "SH", "X", id="MultiplexGroupLabel")


def value_for(vr: str) -> str:
    return {"UI": "1.2.3.999.4711", "DT": "19710304112233", "UR": f"http://{CANARY}.org/x"}.get(
        vr, CANARY
    )


def release(ds: Dataset, *options: str) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = pydicom.dcmread(io.BytesIO(to_bytes(ds)))
    Deidentifier(compile_profile(tuple(sorted(options))), Key("newer-edition-key-0123"))(source)
    return encode(source)


@pytest.mark.parametrize(
    ("attribute", "vr", "action"),
    [
        *(
            pytest.param(*row, id=str(row[0]) if isinstance(row[0], str) else f"{row[0]:08X}")
            for row in NEWER
        ),
        MULTIPLEX_GROUP_LABEL,
    ],
)
def test_an_attribute_a_newer_annex_e_lists_never_leaves_with_its_value(
    attribute: str | int, vr: str, action: str
) -> None:
    ds = template("CT_small.dcm")
    value = value_for(vr)
    if isinstance(attribute, str):
        setattr(ds, attribute, value)
    else:
        ds.add_new(attribute, vr, value)
    payload = release(ds)
    assert value.encode() not in payload, (attribute, action)
    if vr not in ("UI", "DT", "UR"):
        assert CANARY.encode() not in payload


def test_sequences_a_newer_annex_e_lists_never_leave_their_text() -> None:
    # Ethnic Group Code Sequence (0010,2161) X; Waveform Annotation Sequence (0040,B020) X/D
    ds = template("CT_small.dcm")
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = "CANARY1", "99LOCAL", CANARY
    ds.EthnicGroupCodeSequence = Sequence([code])
    note = Dataset()
    note.UnformattedTextValue = f"{CANARY} NOTE"
    note.AnnotationGroupNumber = 1
    ds.WaveformAnnotationSequence = Sequence([note])
    payload = release(ds)
    assert CANARY.encode() not in payload and b"CANARY1" not in payload
