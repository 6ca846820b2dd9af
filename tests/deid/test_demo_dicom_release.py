"""The demo's DICOM release holds no SR text: the deid_dicom step of pipelines/demo.yaml, run as
the demo runs it (its options, its bundled input), releases the sample SR files with every
TextValue, PersonName, DateTime and local CodeMeaning of their content trees replaced; none of
those texts appears in any byte of any released file."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pydicom
import pytest
import yaml
from pydicom.dataset import Dataset

from medprivacy.deid.dicom.codes import standard_meaning
from medprivacy.keys import Key
from medprivacy.pipeline import run_pipeline
from medprivacy.spec import load_pipeline

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "pipelines" / "demo.yaml"
SAMPLE = REPO / "src" / "medprivacy" / "sample_data" / "dicom"
SR_TEXT = ("TextValue", "PersonName", "DateTime", "UnformattedTextValue")


def dcmread(path: Path) -> Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(path)


def items(ds: Dataset) -> Iterator[Dataset]:
    """``ds`` and every item nested in its sequences, at any depth."""
    yield ds
    for elem in ds:
        if elem.VR == "SQ":
            for item in elem.value:
                yield from items(item)


def content_items(ds: Dataset) -> Iterator[Dataset]:
    for top in ds.ContentSequence:
        yield from items(top)


def sr_texts(ds: Dataset) -> set[str]:
    """Free text of an SR's content tree: text, names and date-times of its content items, and
    the meanings of codes the standard does not define (a local code's meaning is typed)."""
    found: set[str] = set()
    for item in content_items(ds):
        for keyword in SR_TEXT:
            if keyword in item:
                found.update(str(item.get(keyword)).replace("\r", "\n").split("\n"))
        if "CodeMeaning" in item:
            scheme, value = item.get("CodingSchemeDesignator"), item.get("CodeValue")
            if standard_meaning(str(scheme), str(value)) is None:
                found.add(str(item.CodeMeaning))
    # short words ("JR", "Code", "Date") occur by chance in any binary file
    return {text.strip() for text in found if len(text.strip()) >= 8}


@pytest.fixture(scope="module")
def demo_dicom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's deid_dicom step alone, into a temporary run folder."""
    root = tmp_path_factory.mktemp("demo-dicom")
    demo = yaml.safe_load(DEMO.read_text())
    demo["steps"] = [s for s in demo["steps"] if s["step"] == "deid_dicom"]
    assert len(demo["steps"]) == 1  # as the demo has it: its options, sample:dicom
    demo["ledger"] = str(root / "ledger.sqlite")
    (root / "demo-dicom.yaml").write_text(yaml.safe_dump(demo))
    spec = load_pipeline(root / "demo-dicom.yaml")
    run_pipeline(spec, Key("demo-dicom-release-key-0123"), out_dir=root / "run", progress=False)
    return root / "run" / "release"


def test_the_demo_releases_its_sr_files_with_no_sr_text(demo_dicom: Path) -> None:
    sources = [dcmread(p) for p in sorted(SAMPLE.rglob("*.dcm"))]
    reports = [ds for ds in sources if "ContentSequence" in ds]
    assert len(reports) == 2  # the bundled SR files: the test plants nothing, it reads them
    canaries = set().union(*(sr_texts(ds) for ds in reports))
    for expected in ("A mass of", "was detected.", "Sample Text 2", "Text Code", "Length Unit"):
        assert expected in canaries, expected
    released = sorted(demo_dicom.rglob("*.dcm"))
    assert len(released) >= len(sources) - 1  # one is quarantined: BurnedInAnnotation YES
    payloads = {p.relative_to(demo_dicom).as_posix(): p.read_bytes() for p in released}
    leaks = {
        (name, text)
        for name, data in payloads.items()
        for text in canaries
        if text.encode() in data or text.encode("utf-16-le") in data
    }
    assert not leaks, sorted(leaks)
    # both SR files are released, their content trees kept and their text replaced
    released_reports = [dcmread(p) for p in released if "ContentSequence" in dcmread(p)]
    assert len(released_reports) == len(reports)
    for ds in released_reports:
        values = [str(item.TextValue) for item in content_items(ds) if "TextValue" in item]
        assert values and set(values) == {"ANONYMIZED"}, values
        assert str(ds.file_meta.ImplementationVersionName).startswith("MEDPRIVACY")
