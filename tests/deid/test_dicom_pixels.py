"""The OCR pixel check (a review aid): finds burned-in PHI text, reports counts, never the text,
and never changes the released pixels."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

from medprivacy.deid.dicom.batch import deidentify_dicom
from medprivacy.keys import Key

pytest.importorskip("presidio_image_redactor", reason="needs medprivacy[ocr]")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Debian's tesseract-ocr"),
]
NAME, MRN = ("QUINTERO", "MARISOL"), "MRN4471"


def _secondary_capture(path: Path, text: str) -> None:
    image = Image.new("L", (512, 256), 0)
    if text:
        font = ImageFont.load_default(size=36)
        ImageDraw.Draw(image).text((20, 90), text, fill=255, font=font)
    pixels = np.asarray(image)
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.Modality, ds.PatientName, ds.PatientID = "OT", "^".join(NAME), MRN
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated = ds.BitsStored = 8
    ds.HighBit, ds.PixelRepresentation = 7, 0
    ds.PixelData = pixels.tobytes()
    ds.save_as(path, enforce_file_format=True)


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("ocr") / "in"
    src.mkdir()
    _secondary_capture(src / "text.dcm", f"{' '.join(NAME)} {MRN}")
    _secondary_capture(src / "blank.dcm", "")
    return src


def test_ocr_finds_burned_in_phi_and_nothing_on_a_blank_image(images: Path, tmp_path: Path) -> None:
    summary = deidentify_dicom(
        images, tmp_path / "out", Key("k"), pixel_check="ocr", progress=False
    )
    assert summary.done == 2
    regions = {pydicom.dcmread(tmp_path / "out" / rel).Rows: n for rel, n in summary.ocr.items()}
    assert len(summary.ocr) == 2
    found = sorted(summary.ocr.values())
    assert found[0] == 0 and found[1] >= 1, regions


def test_ocr_leaves_released_pixels_byte_identical(images: Path, tmp_path: Path) -> None:
    deidentify_dicom(images, tmp_path / "out", Key("k"), pixel_check="ocr", progress=False)
    before = sorted(
        hashlib.sha256(pydicom.dcmread(p).PixelData).hexdigest() for p in images.glob("*.dcm")
    )
    after = sorted(
        hashlib.sha256(pydicom.dcmread(p).PixelData).hexdigest()
        for p in (tmp_path / "out").rglob("*.dcm")
    )
    assert before == after


def test_cli_reports_counts_and_the_caveat_never_the_text(images: Path, tmp_path: Path) -> None:
    env = {**os.environ, "MEDPRIVACY_KEY": "k"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "medprivacy.cli",
            "-v",
            "deid",
            "dicom",
            str(images),
            str(tmp_path / "out"),
            "--pixel-check",
            "ocr",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "PHI text region" in proc.stderr
    assert "review aid, not a guarantee" in proc.stderr
    for token in (*NAME, MRN):
        assert token.lower() not in (proc.stdout + proc.stderr).lower()
